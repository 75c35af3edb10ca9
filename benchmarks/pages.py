"""Memory and time against page count: a native plan repeated to N pages (the corpus's
seed000_sct_hatinh.pdf: Vietnamese text and ruled task tables), read end to end through the guard
(one worker process, as `extract` runs it), peak memory of that process and seconds per page.

Targets (issue 17): a 500-page native plan peaks at <= 600 MiB; time per page flat. A benchmark,
not a test: `python benchmarks/pages.py [--pages 50 100 250 500] [--seed PDF]`.

Also runs the hostile inputs of tests/hostile.py at full size under the default limits
(`--hostile`): each must be a failed file with its reason within its time limit, peak <= 2 GiB.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "tests" / "corpus" / "pdf" / "seed000_sct_hatinh.pdf"


def repeat_pdf(seed: Path, pages: int, out: Path) -> Path:
    from pypdf import PdfReader, PdfWriter
    reader = PdfReader(str(seed))
    writer = PdfWriter()
    n = len(reader.pages)
    for i in range(pages):
        writer.add_page(reader.pages[i % n])
    with open(out, "wb") as f:
        writer.write(f)
    return out


class PeakWatch:
    """Samples the resident memory of this process's children (the guard's worker and what it
    starts) every 20 ms; the worker's own VmHWM is reported by the guard as peak_mb too."""

    def __init__(self):
        import psutil
        self.me = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil
        while not self._stop.is_set():
            total = 0
            for c in self.me.children(recursive=True):
                try:
                    if "forkserver" in " ".join(c.cmdline()) and c.ppid() == self.me.pid:
                        continue        # the idle fork server itself
                    total += c.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.02)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def measure(path: Path, limits: dict) -> tuple[object, float, float]:
    from plan_extract.batch.runner import process_file
    from plan_extract.batch.guard import read_plan
    from plan_extract.run import Settings
    settings = Settings(ocr=True, limits=limits)
    start = time.perf_counter()
    with PeakWatch() as w:
        payload = process_file(str(path), settings, settings.limits.timeout,
                               settings.limits.max_memory_mb, work=read_plan)
    seconds = time.perf_counter() - start
    peak = max(w.peak / 2 ** 20, payload.get("peak_mb") or 0)
    return payload, seconds, peak


def pages_table(counts: list[int], seed: Path) -> None:
    from plan_extract.batch.guard import close
    print(f"seed: {seed.name}")
    print(f"{'pages':>6} {'seconds':>8} {'s/page':>7} {'peak MiB':>9} {'tasks':>6}  status")
    with tempfile.TemporaryDirectory() as tmp:
        for n in counts:
            pdf = repeat_pdf(seed, n, Path(tmp) / f"plan{n}.pdf")
            payload, seconds, peak = measure(pdf, {"timeout": 3600})
            close()                 # a fresh worker per size: peaks do not carry over
            print(f"{n:6d} {seconds:8.1f} {seconds / n:7.3f} {peak:9.0f} {payload.get('tasks') or 0:6d}  "
                  f"{payload['status']} {payload.get('error') or ''}", flush=True)


def hostile_table() -> None:
    from plan_extract.batch.guard import close
    from tests import hostile
    cases = [("length-cycle.pdf", hostile.length_cycle_pdf()),
             ("blank-200in.pdf", hostile.huge_blank_page_pdf(200)),
             ("rects-300k.pdf", hostile.many_rects_pdf(300_000)),
             ("glyphs-2M.pdf", hostile.many_glyphs_pdf(2_000_000)),
             ("bomb-190MB.docx", hostile.inflating_docx(190))]
    print("hostile inputs, default limits (timeout 120 s, 4096 MiB):")
    print(f"{'file':>18} {'bytes':>8} {'seconds':>8} {'peak MiB':>9}  error")
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in cases:
            path = Path(tmp) / name
            path.write_bytes(data)
            payload, seconds, peak = measure(path, {})
            close()
            print(f"{name:>18} {len(data):8d} {seconds:8.1f} {peak:9.0f}  {payload.get('error')}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, nargs="*", default=[50, 100, 250, 500])
    ap.add_argument("--seed", type=Path, default=SEED)
    ap.add_argument("--hostile", action="store_true", help="also the hostile inputs at full size")
    ap.add_argument("--only-hostile", action="store_true")
    args = ap.parse_args()
    if not args.only_hostile:
        pages_table(args.pages, args.seed)
    if args.hostile or args.only_hostile:
        hostile_table()


if __name__ == "__main__":
    main()
