"""Body tasks on the real plans: precision, recall and lead accuracy against the hand-written gold.

    python benchmarks/body_real.py                  # every real document with gold (../shared/real)
    python benchmarks/body_real.py --only dongthap  # one document (stem substring)
    python benchmarks/body_real.py --show-misses    # list missed / extra tasks and wrong leads
    python benchmarks/body_real.py --check          # also the generated check plans (tests/body_check.py)

Scores only tasks with origin "body" (tasks written in prose, not table rows). Tasks are matched
to gold tasks by text similarity (greedy best-first, >= 0.6), never by order. Lead right = the
set of lead units equals the gold's (NFC, case, tone placement and a trailing "." ignored).
"Not tasks": extracted body tasks whose text matches a gold `not_tasks` line (participants,
recipients, closing formulas, purposes, legal bases) or the document's `generic_items`: should be 0.

A `.doc` file is read by the pipeline when it can; otherwise it is converted to `.docx` with
LibreOffice headless into a temporary folder first (said in the output).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_extract import extract_result  # noqa: E402
from plan_extract.normalise.units import name_key  # noqa: E402
from plan_extract.text import normalise_tones  # noqa: E402
from tests.real.gold import REAL_DIR, gold_stems, load_gold, document_path  # noqa: E402

THRESHOLD = 0.6


def norm(s) -> str:
    s = unicodedata.normalize("NFC", s or "")
    s = s.replace("–", "-").replace("—", "-")
    return normalise_tones(" ".join(s.split())).lower().strip(" .;:")


def similarity(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    # a not_tasks line may be cut with "..." or carry a note in parentheses: compare prefixes
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < THRESHOLD * 0.5:
        return 0.0
    return sm.ratio()


def match(gold: list[str], got: list[str]) -> list[tuple[int, int]]:
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(got):
            r = similarity(g, p)
            if r >= THRESHOLD:
                cands.append((r, -abs(gi - pi), gi, pi))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _, _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _strip_note(line: str) -> str:
    """'1. Tăng cường ... (I. MỤC ĐÍCH, YÊU CẦU)' -> the quoted text, without the gold's note."""
    line = line.split(" ...")[0].split("...")[0]
    for mark in ("(school list", "(agenda", "(receipt", "(I.", "(II.", "(III."):
        line = line.split(mark)[0]
    return line.strip(" -")


def is_not_task(text: str, not_tasks: list[str]) -> bool:
    t = norm(text)
    for line in not_tasks:
        n = norm(_strip_note(line))
        if len(n) < 12:
            continue
        if t.startswith(n[:60]) or n.startswith(t[:60]) or similarity(n, t[:len(n) + 20]) >= 0.8:
            return True
    return False


def lead_key(units) -> tuple:
    """The same units, whatever the spelling: name_key ignores case, tone placement, dashes and
    expands abbreviations ("Văn phòng UBND tỉnh" = "Văn phòng Ủy ban nhân dân tỉnh")."""
    return tuple(sorted(name_key(u).strip(" .") for u in units or []))


def score(gold_tasks: list[dict], got_tasks: list[dict], not_tasks: list[str]) -> dict:
    pairs = match([g["text"] for g in gold_tasks], [p["text"] for p in got_tasks])
    lead_ok = [(gi, pi) for gi, pi in pairs
               if lead_key(gold_tasks[gi]["lead"]) == lead_key(got_tasks[pi]["lead"])]
    matched_p = {pi for _, pi in pairs}
    bad = [p for pi, p in enumerate(got_tasks) if pi not in matched_p and is_not_task(p["text"], not_tasks)]
    return {"gold": len(gold_tasks), "got": len(got_tasks), "matched": len(pairs),
            "lead_ok": len(lead_ok), "not_tasks": len(bad), "pairs": pairs, "lead_pairs": lead_ok,
            "bad": bad}


def _readable(path: Path, tmp: Path) -> tuple[Path, str]:
    if path.suffix.lower() != ".doc":
        return path, ""
    res = extract_result(path)
    if res.status != "failure":
        return path, ""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit(f"{path.name}: the pipeline cannot read .doc and LibreOffice is absent")
    subprocess.run([soffice, "--headless", "--convert-to", "docx", "--outdir", str(tmp), str(path)],
                   check=True, capture_output=True, timeout=300)
    return tmp / (path.stem + ".docx"), " (read via LibreOffice .docx)"


def body_tasks(plan) -> list[dict]:
    import dataclasses
    return [dataclasses.asdict(t) for t in plan.tasks if t.origin == "body"]


def report(name: str, s: dict, gold_tasks, got_tasks, show: bool, note: str = "") -> None:
    p = s["matched"] / s["got"] if s["got"] else 1.0
    r = s["matched"] / s["gold"] if s["gold"] else 1.0
    lead = s["lead_ok"] / s["matched"] if s["matched"] else 1.0
    print(f"{name:45s} gold {s['gold']:3d}  got {s['got']:3d}  matched {s['matched']:3d}  "
          f"P {p:6.1%}  R {r:6.1%}  lead {lead:6.1%}  not-tasks {s['not_tasks']}{note}")
    if not show:
        return
    mg = {gi for gi, _ in s["pairs"]}
    mp = {pi for _, pi in s["pairs"]}
    ok = set(s["lead_pairs"])
    for gi, g in enumerate(gold_tasks):
        if gi not in mg:
            print(f"    MISSED  [{g.get('section')}] {g['text'][:110]}")
    for pi, t in enumerate(got_tasks):
        if pi not in mp:
            print(f"    EXTRA   [{t.get('section')}] lead={t['lead']} {t['text'][:100]}")
    for gi, pi in s["pairs"]:
        if (gi, pi) not in ok:
            print(f"    LEAD    gold={gold_tasks[gi]['lead']} got={got_tasks[pi]['lead']} "
                  f"({got_tasks[pi]['lead_raw']!r}) {gold_tasks[gi]['text'][:60]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--check", action="store_true", help="also the generated check plans")
    args = ap.parse_args(argv)
    if not REAL_DIR.is_dir():
        print(f"real documents absent ({REAL_DIR}): nothing to measure")
        return 0
    total = {"gold": 0, "got": 0, "matched": 0, "lead_ok": 0, "not_tasks": 0}
    print(f"body tasks on the real plans ({REAL_DIR})")
    with tempfile.TemporaryDirectory() as tmp:
        for stem in gold_stems():
            if args.only not in stem:
                continue
            gold = load_gold(stem)
            path = document_path(gold)
            if not path.is_file():
                continue
            readable, note = _readable(path, Path(tmp))
            res = extract_result(readable)
            if res.plan is None:
                print(f"{stem:45s} FAILED: {res.error}")
                continue
            gold_tasks = [t for t in gold["tasks"] if t["origin"] == "body"]
            got = body_tasks(res.plan)
            not_tasks = list(gold.get("not_tasks", [])) + list(gold.get("generic_items", []))
            s = score(gold_tasks, got, not_tasks)
            report(stem, s, gold_tasks, got, args.show_misses, note)
            for k in total:
                total[k] += s[k]
    _total("real plans (tuned on)", total)
    if args.check:
        from tests.body_check import CHECK_PLANS, write_plan
        total = {"gold": 0, "got": 0, "matched": 0, "lead_ok": 0, "not_tasks": 0}
        print("generated check plans (written late, not tuned on)")
        with tempfile.TemporaryDirectory() as tmp:
            for plan in CHECK_PLANS:
                if args.only not in plan.name:
                    continue
                path = write_plan(plan, Path(tmp))
                res = extract_result(path)
                got = body_tasks(res.plan)
                gold_tasks = plan.gold_tasks()
                s = score(gold_tasks, got, plan.not_tasks)
                report(path.name, s, gold_tasks, got, args.show_misses)
                for k in total:
                    total[k] += s[k]
        _total("check plans (unseen)", total)
    return 0


def _total(name: str, t: dict) -> None:
    p = t["matched"] / t["got"] if t["got"] else 1.0
    r = t["matched"] / t["gold"] if t["gold"] else 1.0
    lead = t["lead_ok"] / t["matched"] if t["matched"] else 1.0
    print(f"{'TOTAL ' + name:45s} gold {t['gold']:3d}  got {t['got']:3d}  matched {t['matched']:3d}  "
          f"P {p:6.1%}  R {r:6.1%}  lead {lead:6.1%}  not-tasks {t['not_tasks']}")


if __name__ == "__main__":
    raise SystemExit(main())
