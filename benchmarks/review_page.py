"""Weight and open time of the review page (issue 15 target: < 5 MB, < 2 s in headless Chromium).

    python benchmarks/review_page.py [PDF ...]    (default: the largest corpus document)

Extracts each document (no OCR unless it is a scan), writes its review.html into a temporary
folder, then loads it five times in Debian's chromium through Playwright and prints the size, the
time to build the page, and the load times (the `load` event; crops are lazy data: images)."""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_extract.review.folder import write_page  # noqa: E402
from plan_extract.run import Settings, extract  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main(paths: list[str]) -> None:
    from playwright.sync_api import sync_playwright
    docs = [Path(p) for p in paths] or [ROOT / "tests" / "corpus" / "pdf" / "seed003_ubnd_tiendien.pdf"]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for doc in docs:
            plan = extract(doc, Settings(ocr="__scan" in doc.name))
            start = time.perf_counter()
            page = write_page(plan, Path(tmp) / doc.stem, doc)
            built = time.perf_counter() - start
            tab = browser.new_page(viewport={"width": 1300, "height": 900})
            loads = []
            for _ in range(5):
                t = time.perf_counter()
                tab.goto(page.as_uri(), wait_until="load")
                loads.append(time.perf_counter() - t)
            rows = tab.locator("article.row").count()
            tab.close()
            print(f"{doc.name}: {plan.source.pages} pages, {rows} rows; page {page.stat().st_size / 1e6:.2f} MB, "
                  f"built in {built:.2f} s; load {min(loads):.2f} s best, {sorted(loads)[2]:.2f} s median, "
                  f"{max(loads):.2f} s worst")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
