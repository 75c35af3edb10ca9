"""Speed: pages per second end to end on the corpus's native-text PDFs, measured in the same
run as pdfplumber's own `page.extract_tables()` and camelot lattice on the same pages.

Targets (issue 3): at least 3x faster than camelot lattice, no slower than 2x plain
extract_tables(). A benchmark, not a test: `make bench-speed` or
`python benchmarks/speed.py [--repeat N] [--no-camelot] [PDF ...]`.
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS_PDF = ROOT / "tests" / "corpus" / "pdf"


def native_pdfs() -> list[Path]:
    """Corpus PDFs with a text layer (scans are OCR's business and are left out)."""
    import pdfplumber
    out = []
    for p in sorted(CORPUS_PDF.glob("*.pdf")):
        if "__scan" in p.stem:
            continue
        with pdfplumber.open(p) as pdf:
            if any(page.chars for page in pdf.pages[:3]):
                out.append(p)
    return out


def page_count(path: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(path)).pages)


def run_ours(path: Path) -> None:
    """End to end: the whole pipeline as the CLI runs it (OCR off: native pages only)."""
    from plan_extract import run
    run.extract(path, {"ocr": False})


def run_ours_stages(path: Path) -> None:
    """Only this issue's stages (read -> tables -> stitch -> rows), for the breakdown."""
    from plan_extract.readers import pdf as read
    from plan_extract.interpret import tasks as rows
    from plan_extract.tables import stitch
    from plan_extract.tables import find as tables
    src = read.open_document(path, ocr=False)
    try:
        raw = tables.pages_to_raw_tables(src.pages, None)
        for t in stitch.raw_tables_to_logical(raw):
            if rows.classify_table(t) == "tasks":
                rows.table_to_tasks(t)
        read.lines_outside_tables(src.pages, raw)
    finally:
        src.close()


def run_plumber(path: Path) -> None:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def run_camelot(path: Path) -> None:
    import camelot
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        camelot.read_pdf(str(path), pages="all", flavor="lattice")


def measure(fn, paths, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for p in paths:
            fn(p)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs per contender")
    ap.add_argument("--no-camelot", action="store_true")
    args = ap.parse_args(argv)
    paths = args.pdfs or native_pdfs()
    if not paths:
        print("no native-text PDFs in tests/corpus/pdf (run `make corpus` first)")
        return 1
    pages = sum(page_count(p) for p in paths)
    print(f"{len(paths)} documents, {pages} pages")
    run_plumber(paths[0])           # warm imports so no contender pays them
    contenders = [("plan-extract end to end", run_ours), ("plan-extract table stages", run_ours_stages),
                  ("pdfplumber extract_tables()", run_plumber)]
    if not args.no_camelot:
        contenders.append(("camelot lattice", run_camelot))
    seconds = {}
    for name, fn in contenders:
        try:
            seconds[name] = measure(fn, paths, args.repeat)
        except ImportError as e:
            print(f"{name}: skipped ({e})")
            continue
        print(f"{name:30s} {seconds[name]:8.2f} s  {pages / seconds[name]:7.2f} pages/s")
    ours = seconds.get("plan-extract end to end")
    if ours:
        plumber = seconds["pdfplumber extract_tables()"]
        print(f"\nend to end / extract_tables() time: {ours / plumber:.2f}x  (target <= 2.0x)")
        if "camelot lattice" in seconds:
            print(f"camelot lattice / end to end time:  {seconds['camelot lattice'] / ours:.2f}x  (target >= 3.0x)")
    stages = seconds.get("plan-extract table stages")
    if stages:
        print(f"table stages / extract_tables() time: {stages / seconds['pdfplumber extract_tables()']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
