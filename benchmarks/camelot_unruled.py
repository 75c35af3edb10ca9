"""camelot 2's `network` and `hybrid` parsers against plan-extract's own table stage on the
unruled / partly ruled styles of the layout matrix (tests/corpus/matrix.json, not held out).

    python benchmarks/camelot_unruled.py                  # hrules, header_rule, no_rules, frame_hrules
    python benchmarks/camelot_unruled.py --styles no_rules

Same yardstick for both: camelot's tables are read as plan-extract reads a raw table (header row
by tables.headers.role_of, a row whose number cell is empty continues the row above, section
rows skipped, one camelot table per page joined in page order), then every gold task row is
looked up by its number and text; a row counts when task text, lead, coordinators and deadline
are all exact. Needs camelot-py (the [bench] extra) and ghostscript-free parsers only.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_extract import extract  # noqa: E402
from plan_extract.tables.headers import role_of  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
FIELDS = ("text", "lead_raw", "coordinators_raw", "deadline_raw")


def _n(s) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def camelot_rows(pdf: Path, flavor: str) -> list[dict]:
    import camelot
    tables = camelot.read_pdf(str(pdf), pages="all", flavor=flavor, suppress_stdout=True)
    out: list[dict] = []
    roles: list = []
    for t in tables:
        rows = t.df.values.tolist()
        rows = [[_n(str(c)) for c in row] for row in rows]
        skip, headers = set(), {}
        for r in range(len(rows)):                  # header rows: wrapped labels span up to 4 rows
            if r in skip:
                continue
            best = None
            for a in range(max(0, r - 3), r + 1):
                for b in range(r, min(len(rows), a + 4)):
                    if any(x in skip for x in range(a, b + 1)):
                        continue
                    joined = [_n(" ".join(row[i] for row in rows[a:b + 1])) for i in range(len(rows[r]))]
                    found = [role_of(c) for c in joined]
                    n = len({x for x in found if x})
                    if "task" in found and ("lead" in found or "deadline" in found) and (best is None or n > best[0]):
                        best = (n, a, b, found)
            if best is not None:
                skip |= set(range(best[1], best[2] + 1))
                headers[best[1]] = best[3]
        for r, cells in enumerate(rows):
            if r in headers:
                roles = headers[r]                  # a header (first or repeated)
                continue
            if r in skip:
                continue
            cells = [_n(c) for c in cells]
            if not roles or len(cells) != len(roles) or not any(cells):
                continue
            row = {role: cells[i] for i, role in enumerate(roles) if role}
            number, task = row.get("number", ""), row.get("task", "")
            others = [row.get(k, "") for k in ("lead", "coordinators", "deadline")]
            if number and not any(others) and not number[:1].isdigit():
                continue                            # a section row
            if not number and out:
                prev = out[-1]
                for k in ("task", "lead", "coordinators", "deadline"):
                    if row.get(k):
                        prev[k] = _n(prev.get(k, "") + " " + row[k])
                continue
            out.append(dict(row))
    return out


def score(gold_tasks: list[dict], rows: list[dict]) -> tuple[int, int]:
    by_number = {r.get("number"): r for r in rows}
    exact = 0
    for g in gold_tasks:
        r = by_number.get(g["number"]) or {}
        got = (r.get("task", ""), r.get("lead", ""), r.get("coordinators", ""), r.get("deadline", ""))
        want = (_n(g["text"]), _n(g["lead_raw"]), _n(g["coordinators_raw"]), _n((g["deadline"] or {}).get("raw")))
        exact += got == want
    return exact, len(gold_tasks)


def ours(pdf: Path, gold_tasks: list[dict]) -> tuple[int, int]:
    tasks = extract(pdf).to_dict()["tasks"]
    rows = [{"number": t["number"], "task": _n(t["text"]), "lead": _n(t["lead_raw"]),
             "coordinators": _n(t["coordinators_raw"]), "deadline": _n((t["deadline"] or {}).get("raw"))}
            for t in tasks]
    return score(gold_tasks, rows)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--styles", nargs="*", default=["hrules", "header_rule", "no_rules", "frame_hrules"])
    args = ap.parse_args(argv)
    index = json.loads((CORPUS / "matrix.json").read_text(encoding="utf-8"))["documents"]
    print(f"{'document':30s} {'plan-extract':>14s} {'network':>14s} {'hybrid':>14s}   (rows with all four cells exact)")
    for e in index:
        if e["held_out"] or e["style"] not in args.styles:
            continue
        gold = json.loads((CORPUS / e["gold"]).read_text(encoding="utf-8"))["tasks"]
        pdf = CORPUS / e["pdf"]
        cols = []
        for name, fn in (("ours", lambda: ours(pdf, gold)),
                         ("network", lambda: score(gold, camelot_rows(pdf, "network"))),
                         ("hybrid", lambda: score(gold, camelot_rows(pdf, "hybrid")))):
            t0 = time.perf_counter()
            try:
                hit, total = fn()
                cols.append(f"{hit:3d}/{total} {time.perf_counter() - t0:4.1f}s")
            except Exception as exc:          # a parser that fails on a document is reported, not hidden
                cols.append(f"error {type(exc).__name__}")
        print(f"{e['id']:30s} " + " ".join(f"{c:>14s}" for c in cols))


if __name__ == "__main__":
    main()
