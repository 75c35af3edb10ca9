"""Batch throughput on an archive of N documents (the corpus copied under different names).

    python benchmarks/batch.py [--docs 500] [--jobs 2] [--keep DIR]
    python benchmarks/batch.py --docs 500 --compare-jobs 1 2     # scaling over workers


Prints documents/minute and pages/second of a first run, the peak resident memory of a worker,
and the time of a cached re-run (every file unchanged: skipped) with its speed-up (target: >= 20x).
Native-text corpus PDFs only by default (--with-scans adds the image-only copies, which need OCR).
Each copy is extracted for real: results are cached per result folder, not shared between
identical copies, so the figures are those of N distinct documents of the corpus's sizes.

--compare-jobs 1 2: the same archive extracted once per job count into fresh output folders,
pages/second of each and their ratio (issue 14's target: --jobs 2 >= 1.8x --jobs 1), with the
machine's load average before and after (a shared machine cannot give a second worker a core).

--long-plan 300: one plan of that many pages (the layout-matrix PDFs under tests/corpus/pdf/matrix
joined page by page in name order, pypdf) extracted in one batch worker: the worker's peak
resident memory (issue 14's target: <= 250 MiB on a 300-page plan) and pages/second.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_extract.batch.runner import BatchSettings, read_manifest, run_batch  # noqa: E402
from plan_extract.run import Settings  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "pdf"
MATRIX = CORPUS / "matrix"


def build_archive(folder: Path, n: int, with_scans: bool) -> list[Path]:
    sources = sorted(p for p in CORPUS.glob("*.pdf") if with_scans or "__scan" not in p.stem)
    if not sources:
        raise SystemExit(f"no PDFs in {CORPUS}")
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        sub = folder / f"don_vi_{i % 7}" / f"{2020 + i % 6}"
        sub.mkdir(parents=True, exist_ok=True)
        dst = sub / f"van_ban_{i:04d}_{src.stem}.pdf"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def build_long_plan(dst: Path, pages: int) -> Path:
    """A plan of `pages` pages: the matrix PDFs' pages in file-name order, from the first file
    on, as many as it takes (the same bytes each time for the same checkout)."""
    from pypdf import PdfReader, PdfWriter
    sources = sorted(MATRIX.glob("*.pdf"))
    if not sources:
        raise SystemExit(f"no PDFs in {MATRIX}")
    writer = PdfWriter()
    i = 0
    while len(writer.pages) < pages:
        reader = PdfReader(sources[i % len(sources)])
        for page in reader.pages[:pages - len(writer.pages)]:
            writer.add_page(page)
        i += 1
    writer.add_metadata({"/Producer": "plan-extract benchmarks/batch.py"})
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(dst, "wb") as f:
        writer.write(f)
    return dst


def long_plan(args) -> None:
    """--long-plan: one long plan in one batch worker, its peak memory and pages/second."""
    import os
    base = args.keep or Path(tempfile.mkdtemp(prefix="plan-extract-bench-"))
    archive, outdir = base / "archive", base / "out"
    shutil.rmtree(archive, ignore_errors=True)
    shutil.rmtree(outdir, ignore_errors=True)
    build_long_plan(archive / f"ke_hoach_{args.long_plan}_trang.pdf", args.long_plan)
    try:
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        result = run_batch(archive, outdir, BatchSettings(jobs=1, timeout=args.timeout, progress=False), Settings())
        wall = time.perf_counter() - t0
        rows = read_manifest(outdir)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    row = rows[0]
    pages = int(row["pages"] or 0)
    peak = float(row["peak_mb"]) if row["peak_mb"] else float("nan")
    print(f"long plan: {pages} pages ({args.long_plan} asked), {result.line()}")
    print(f"  worker: {float(row['seconds']):.1f} s, {pages / float(row['seconds']):.2f} pages/second; "
          f"wall {wall:.1f} s")
    print(f"  peak memory of the worker: {peak:.1f} MiB "
          f"({'OK' if peak <= 250 else 'ABOVE'} the 250 MiB target)")
    print(f"  load average {load:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--with-scans", action="store_true")
    ap.add_argument("--keep", type=Path, help="Build the archive and outputs here and keep them.")
    ap.add_argument("--compare-jobs", type=int, nargs="+", metavar="N",
                    help="run the archive once per job count and compare pages/second")
    ap.add_argument("--long-plan", type=int, metavar="PAGES",
                    help="one plan of PAGES pages (matrix PDFs joined) in one worker: peak memory")
    args = ap.parse_args()
    if args.long_plan:
        long_plan(args)
        return
    if args.compare_jobs:
        compare_jobs(args)
        return

    base = args.keep or Path(tempfile.mkdtemp(prefix="plan-extract-bench-"))
    archive, outdir = base / "archive", base / "out"
    shutil.rmtree(archive, ignore_errors=True)
    shutil.rmtree(outdir, ignore_errors=True)
    build_archive(archive, args.docs, args.with_scans)
    bsettings = BatchSettings(jobs=args.jobs, timeout=args.timeout, progress=True)
    settings = Settings()
    try:
        t0 = time.perf_counter()
        first = run_batch(archive, outdir, bsettings, settings)
        t1 = time.perf_counter() - t0
        rows = read_manifest(outdir)
        t0 = time.perf_counter()
        again = run_batch(archive, outdir, bsettings, settings)
        t2 = time.perf_counter() - t0
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)

    pages = sum(int(r["pages"] or 0) for r in rows)
    peaks = [float(r["peak_mb"]) for r in rows if r["peak_mb"]]
    secs = [float(r["seconds"]) for r in rows if r["status"] != "failed"]
    print()
    print(f"archive: {args.docs} documents, {pages} pages, --jobs {args.jobs}")
    print(f"first run:  {first.line()}")
    print(f"  wall {t1:.1f} s  ->  {args.docs / t1 * 60:.1f} documents/minute, {pages / t1:.2f} pages/second")
    if secs:
        print(f"  per document: median {statistics.median(secs):.2f} s, max {max(secs):.2f} s")
    if peaks:
        print(f"  peak memory per worker: max {max(peaks):.0f} MiB, median {statistics.median(peaks):.0f} MiB")
    print(f"cached re-run: {again.line()}")
    print(f"  wall {t2:.2f} s  ->  {t1 / t2:.0f}x faster than the first run "
          f"({'OK' if t1 / t2 >= 20 else 'BELOW'} the 20x target)")
    if again.skipped != again.total:
        print(f"  WARNING: {again.total - again.skipped} files were not skipped on the re-run")


def compare_jobs(args) -> None:
    import os
    base = args.keep or Path(tempfile.mkdtemp(prefix="plan-extract-bench-"))
    archive = base / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    build_archive(archive, args.docs, args.with_scans)
    rates: dict[int, float] = {}
    try:
        for jobs in args.compare_jobs:
            outdir = base / f"out-jobs{jobs}"
            shutil.rmtree(outdir, ignore_errors=True)
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            result = run_batch(archive, outdir, BatchSettings(jobs=jobs, timeout=args.timeout, progress=False), Settings())
            wall = time.perf_counter() - t0
            rows = read_manifest(outdir)
            pages = sum(int(r["pages"] or 0) for r in rows)
            peaks = [float(r["peak_mb"]) for r in rows if r["peak_mb"]]
            rates[jobs] = pages / wall
            print(f"--jobs {jobs}: {args.docs} documents, {pages} pages in {wall:.1f} s -> {rates[jobs]:.2f} "
                  f"pages/s; peak per worker max {max(peaks, default=0):.0f} MiB; {result.line()}; "
                  f"load average {load:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    one = rates.get(min(rates))
    for jobs, rate in rates.items():
        if jobs != min(rates):
            print(f"--jobs {jobs} / --jobs {min(rates)} pages/s: {rate / one:.2f}x")


if __name__ == "__main__":
    main()
