"""Batch throughput on an archive of N documents (the corpus copied under different names).

    python benchmarks/batch.py [--docs 500] [--jobs 2] [--keep DIR]

Prints documents/minute and pages/second of a first run, the peak resident memory of a worker,
and the time of a cached re-run (every file unchanged: skipped) with its speed-up (target: >= 20x).
Native-text corpus PDFs only by default (--with-scans adds the image-only copies, which need OCR).
Each copy is extracted for real: results are cached per result folder, not shared between
identical copies, so the figures are those of N distinct documents of the corpus's sizes.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--with-scans", action="store_true")
    ap.add_argument("--keep", type=Path, help="Build the archive and outputs here and keep them.")
    args = ap.parse_args()

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


if __name__ == "__main__":
    main()
