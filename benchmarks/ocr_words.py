"""Word confidences of table cells read by OCR: right words against wrong words, and what a
threshold on a key cell's lowest word confidence buys (rows wrong and not flagged otherwise that
it would flag) and costs (rows right and not flagged otherwise that it would flag).

    python benchmarks/ocr_words.py                          # the corpus scans
    python benchmarks/ocr_words.py --noise 1 2              # + native corpus documents soiled by seeds 1, 2
    python benchmarks/ocr_words.py --work /tmp/ocrw         # keep the readings (re-runs reuse them)

Every word of every table cell is recorded with its tesseract confidence (ocr.page's
cell_word_confidence is wrapped for this run only). Task rows (key cells: text, lead,
coordinators, deadline) and indicator rows (name, unit, lead, targets) are matched to the gold
as in benchmarks/silent_errors.py; a word is *right* when difflib aligns it with an equal word of
the gold cell, else *wrong*. A row is wrong when silent_errors.wrong_fields (or
wrong_indicator_fields) says so. Rows judged: matched rows of documents whose gold exists.
Sets: the corpus scans (`tests/corpus/pdf/*__scan.pdf`, looked at while writing the OCR checks:
tuned on) and, with --noise, `noise-N` of the native corpus documents in silent_errors.NOISE_DOCS
(benchmarks/scans.make_noise: rasterised at 200 dpi and soiled by seed N; not looked at while
choosing unless said so).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from benchmarks.accuracy import match_rows  # noqa: E402
from benchmarks.silent_errors import (noise_documents, scan_documents, wrong_fields,  # noqa: E402
                                      wrong_indicator_fields)

TASK_CELLS = ("text", "lead_raw", "coordinators_raw", "deadline_raw")
IND_CELLS = ("name", "unit_of_measure", "lead_raw")
SEP = "\u241f"          # word SEP confidence, inside the recorded "unsure" lists of this run only


def _nfc(s) -> str:
    return unicodedata.normalize("NFC", s or "")


def read_all(path: Path) -> dict:
    """plan.json of `path` with every table-cell word recorded with its confidence."""
    from plan_extract import extract_result
    from plan_extract.ocr import page as ocr

    original = ocr.cell_word_confidence

    def record(words, number_cell=False):
        low, _ = original(words, number_cell)
        if low is None:
            return low, ()
        return low, tuple(f"{ocr.fix_text(w['text'])}{SEP}{w['conf']:.1f}" for w in words
                          if w.get("conf") is not None and w["conf"] >= 0)

    ocr.cell_word_confidence = record
    try:
        result = extract_result(path)
    finally:
        ocr.cell_word_confidence = original
    return result.plan.to_dict()


def _cell_words(entry: dict) -> list[tuple[str, float]]:
    out = []
    for item in (entry or {}).get("unsure") or []:
        word, conf = item.rsplit(SEP, 1)
        out.append((word, float(conf)))
    return out


def _label(words: list[tuple[str, float]], gold_text: str) -> list[tuple[str, float, bool]]:
    """Each read word with its confidence and whether difflib aligns it with an equal gold word."""
    got = [w for w, _ in words]
    gold = _nfc(gold_text).split()
    right = [False] * len(got)
    sm = SequenceMatcher(None, gold, got, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            right[b + k] = True
    return [(w, c, r) for (w, c), r in zip(words, right)]


def rows_of(plan: dict, gold: dict) -> list[dict]:
    """One record per matched OCR row: wrong or not, its doubts, its key cells' words labelled."""
    out = []
    for kind, key, cells, wrong in (("task", "text", TASK_CELLS, wrong_fields),
                                    ("indicator", "name", IND_CELLS, wrong_indicator_fields)):
        got = plan.get("tasks" if kind == "task" else "indicators") or []
        ref = gold.get("tasks" if kind == "task" else "indicators") or []
        named = {i.get("row") for i in plan.get("issues") or [] if i.get("row")}
        for gi, pi in match_rows(ref, got, lambda t: t.get(key) or ""):
            g, p = ref[gi], got[pi]
            ocr = (p.get("source") or {}).get("ocr") or {}
            if not ocr:
                continue
            fields = {}
            for name in cells:
                gold_text = g.get(name) if name != "deadline_raw" else (g.get("deadline_raw") or (g.get("deadline") or {}).get("raw"))
                fields[name] = _label(_cell_words(ocr.get(name)), gold_text or "")
            if kind == "indicator":
                for col, t in (g.get("targets") or {}).items():
                    fields[f"target:{col}"] = _label(_cell_words(ocr.get(f"target:{col}")), (t or {}).get("raw") or "")
            out.append({"kind": kind, "id": p.get("id"), "number": p.get("number"), "wrong": wrong(g, p),
                        "doubts": p.get("doubts") or [], "named": p.get("id") in named, "fields": fields})
    return out


def documents(noise: list[int], work: Path):
    """The corpus scans, then the soiled native documents of each --noise seed (the sets of
    benchmarks/silent_errors.py: `scans`, `noise`)."""
    sets = [scan_documents()] + ([noise_documents(noise, work)] if noise else [])
    for docs in sets:
        for name, path, gold, _ in docs:
            yield name, path, gold


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--noise", nargs="*", type=int, default=[])
    ap.add_argument("--work", type=Path, help="folder for the soiled PDFs and the readings (reused)")
    ap.add_argument("--thresholds", nargs="*", type=float, default=[20, 30, 40, 50, 60, 70, 80, 90])
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="ocr-words-"))
    work.mkdir(parents=True, exist_ok=True)
    records: dict[str, list] = {}
    for name, path, gold in documents(args.noise, work):
        cache = work / f"{name}.plan.json"
        if cache.exists():
            plan = json.loads(cache.read_text(encoding="utf-8"))
        else:
            plan = read_all(path)
            cache.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        records[name] = rows_of(plan, gold)

    bins = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 101]
    for group, names in (("scans", [n for n in records if "__scan" in n]),
                         ("noise", [n for n in records if "__noise" in n])):
        if not names:
            continue
        words = [(c, r) for n in names for row in records[n] for f in row["fields"].values() for _, c, r in f]
        print(f"== {group}: {', '.join(names)}")
        print(f"  words: {len(words)}, wrong {sum(1 for _, r in words if not r)}")
        for lo, hi in zip(bins, bins[1:]):
            right = sum(1 for c, r in words if r and lo <= c < hi)
            wrong = sum(1 for c, r in words if not r and lo <= c < hi)
            print(f"    conf {lo:3d}-{hi - 1:3d}: right {right:5d} wrong {wrong:4d}")
        rows = [row for n in names for row in records[n]]
        silent = [row for row in rows if row["wrong"] and not row["doubts"] and not row["named"]]
        clean = [row for row in rows if not row["wrong"] and not row["doubts"] and not row["named"]]
        print(f"  rows {len(rows)}: wrong {sum(1 for r in rows if r['wrong'])}, wrong and unflagged {len(silent)}, "
              f"right and unflagged {len(clean)}")
        for t in args.thresholds:
            def low(row):
                return any(c < t for f in row["fields"].values() for _, c, _ in f)
            caught = [r for r in silent if low(r)]
            cost = [r for r in clean if low(r)]
            print(f"    threshold {t:5.1f}: catches {len(caught):3d}/{len(silent)} silent rows; "
                  f"flags {len(cost):3d}/{len(clean)} right unflagged rows")
        for row in silent:
            worst = min(((c, w, f) for f, ws in row["fields"].items() for w, c, r in ws if not r), default=None)
            lowest = min(((c, w, f) for f, ws in row["fields"].items() for w, c, _ in ws), default=None)
            print(f"      silent {row['kind']} {row['number']} {row['wrong']}: wrong word {worst}; lowest {lowest}")


if __name__ == "__main__":
    main()
