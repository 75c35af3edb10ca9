"""Task tables of the real documents (../shared/real) against their hand-written gold.

    python benchmarks/real_tables.py                      # the documents as issued (.docx, .pdf)
    python benchmarks/real_tables.py --pdf-dir /tmp/x     # also the Word files as PDFs found there
    python benchmarks/real_tables.py --show-misses

Only task-table rows (gold `origin: appendix`) are scored: rows found (recall over gold rows,
precision over extracted appendix rows), and per cell the exact text of number, task, lead,
coordinators, deadline, section, section title and every other column (`extra`, header as key).
Rows are matched by content (benchmarks/accuracy.match_rows), never by order. A section number is
compared without a trailing "." (the gold writes "I." where the cell prints "I"). Documents whose
gold has no task table still count: every appendix row extracted from them is spurious.
To get PDFs of the Word files: `soffice --headless --convert-to pdf --outdir /tmp/x file.docx`
(outside the repository; the documents are never committed).
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from accuracy import Tally, fmt, match_rows  # noqa: E402
from plan_extract import extract_result  # noqa: E402
from tests.real.gold import REAL_DIR, gold_stems, load_gold  # noqa: E402

CELLS = ("number", "text", "lead_raw", "coordinators_raw", "deadline_raw", "section", "section_title", "extra")


def _n(s):
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def cell_value(t: dict, name: str):
    if name == "deadline_raw":
        raw = t.get("deadline_raw") if "deadline_raw" in t else (t.get("deadline") or {}).get("raw")
        return _n(raw) or None
    if name == "extra":
        return {_n(k): _n(v) for k, v in sorted((t.get("extra") or {}).items()) if _n(v)}
    v = t.get(name)
    if name == "section" and v:
        return _n(v).rstrip(".")
    return _n(v) or None if isinstance(v, str) or v is None else v


def score(path: Path, gold: dict, tally: Tally, misses: list[str]) -> None:
    result = extract_result(path)
    got = result.plan.to_dict()["tasks"] if result.plan is not None else []
    if result.plan is None:
        misses.append(f"failed: {result.error.message}")
    g_rows = [t for t in gold["tasks"] if t.get("origin") == "appendix"]
    p_rows = [t for t in got if t.get("origin") == "appendix"]
    pairs = match_rows(g_rows, p_rows, lambda t: t.get("text") or "")
    tally.add("rows.recall", len(pairs), len(g_rows))
    tally.add("rows.precision", len(pairs), len(p_rows))
    matched = dict(pairs)
    for gi, g in enumerate(g_rows):
        p = p_rows[matched[gi]] if gi in matched else None
        if p is None:
            misses.append(f"missed {g.get('number')} {g['text'][:70]!r}")
        for f in CELLS:
            ok = p is not None and cell_value(g, f) == cell_value(p, f)
            tally.add(f"cell.{f}", ok)
            tally.add("cells", ok)
            if p is not None and not ok:
                misses.append(f"{g.get('number')} {f}: gold={cell_value(g, f)!r} got={cell_value(p, f)!r}")
    for pi, p in enumerate(p_rows):
        if pi not in matched.values():
            misses.append(f"spurious {p.get('number')} {(p.get('text') or '')[:70]!r}")
    for issue in (result.plan.issues if result.plan is not None else []):
        if issue.code == "table-unread":
            misses.append(f"issue table-unread p.{issue.page}: {issue.message[:90]}")


def documents(pdf_dir: Path | None):
    for stem in gold_stems():
        gold = load_gold(stem)
        path = REAL_DIR / gold["file"]
        if path.exists():
            yield gold["file"], path, gold
        if pdf_dir is not None and path.suffix == ".docx" and (pdf_dir / f"{stem}.pdf").exists():
            yield f"{stem}.pdf (LibreOffice)", pdf_dir / f"{stem}.pdf", gold


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf-dir", type=Path, help="folder with PDFs of the Word files (same stem)")
    ap.add_argument("--only", nargs="*", default=[], help="file stems")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args(argv)
    if not REAL_DIR.is_dir():
        print(f"no real documents at {REAL_DIR}: nothing to measure")
        return
    overall = Tally()
    for name, path, gold in documents(args.pdf_dir):
        if args.only and not any(name.startswith(o) for o in args.only):
            continue
        tally, misses = Tally(), []
        score(path, gold, tally, misses)
        overall.merge(tally)
        g = tally.total["rows.recall"]
        print(f"{name:58s} gold rows {g:3d}  found {fmt(tally.rate('rows.recall'))}  "
              f"precision {fmt(tally.rate('rows.precision'))} ({tally.total['rows.precision']} out)  "
              f"exact cells {fmt(tally.rate('cells'))}")
        if args.show_misses:
            for m in misses:
                print(f"    {m}")
    print("\noverall")
    for k in sorted(overall.total):
        print(f"  {k:24s} {fmt(overall.rate(k))}  ({overall.hit[k]}/{overall.total[k]})")


if __name__ == "__main__":
    main()
