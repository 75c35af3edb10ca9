"""The review page in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.
Opens the page of a corpus document, checks that every row and the doubtful ones are shown, makes a
correction through the page, saves it (the Blob download), and re-extracts with the saved file:
the correction reaches plan.json. Skipped, with the reason, when chromium or playwright is absent."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plan_extract.model.document import Issue
from plan_extract.review.folder import write_page
from plan_extract.run import Settings, extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "pdf"
DOC = CORPUS / "seed002_vpdp_ntm.pdf"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

playwright = pytest.importorskip("playwright.sync_api", reason="playwright (pip install playwright) is not installed")
if not Path(CHROMIUM).is_file():
    pytest.skip("chromium is not installed (Debian package 'chromium'; scripts/setup.sh installs it)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """A result folder with its review page; one row made doubtful by a self-check issue."""
    plan = extract(DOC, Settings(ocr=False))
    doubtful = plan.tasks[len(plan.tasks) // 2]
    plan.issues.append(Issue("warning", "cut-word", "Chữ cuối ô có thể bị cắt (kiểm tra trình duyệt)",
                             doubtful.source.page, doubtful.id))
    folder = tmp_path_factory.mktemp("review") / DOC.stem
    folder.mkdir()
    page = write_page(plan, folder, DOC)
    return plan, doubtful, page


def test_page_shows_every_row_and_doubtful_ones_first(browser, reviewed):
    plan, doubtful, page = reviewed
    tab = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(page.as_uri(), wait_until="load")
    rows = tab.locator("article.row")
    assert rows.count() == len(plan.tasks) + len(plan.indicators)
    first = tab.locator("#tasks article.row").first
    assert first.get_attribute("data-id") == doubtful.id
    assert "cần kiểm tra" in first.inner_text() and "kiểm tra trình duyệt" in first.inner_text()
    # every crop decoded by the browser (a broken data: URI has naturalWidth 0)
    broken = tab.evaluate("Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0).length")
    assert broken == 0
    # filters: only the doubtful rows, then one lead unit
    tab.check("#f-doubt")
    assert tab.locator("article.row:visible").count() == 1
    tab.uncheck("#f-doubt")
    unit = doubtful.lead[0]
    tab.select_option("#f-lead", unit)
    expected = sum(1 for r in [*plan.tasks, *plan.indicators] if unit in (r.lead or []))
    assert tab.locator("article.row:visible").count() == expected
    tab.select_option("#f-lead", "")
    assert not errors, errors
    assert all(u.startswith(("file:", "data:", "blob:")) for u in requests), requests
    tab.close()


def test_a_correction_made_in_the_page_round_trips_into_plan_json(browser, reviewed, tmp_path):
    plan, doubtful, page = reviewed
    tab = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    tab.goto(page.as_uri(), wait_until="load")
    row = tab.locator(f'article.row[data-id="{doubtful.id}"]')
    row.locator("button.edit").click()
    row.locator('textarea[name="lead_raw"]').fill("Phòng Kinh tế")
    row.locator('textarea[name="deadline_raw"]').fill("Quý IV/2025")
    row.locator("button.ok").click()
    assert tab.locator("#n-corr").inner_text() == "2"
    assert "Phòng Kinh tế" in row.inner_text()
    with tab.expect_download() as info:
        tab.click("#save")
    saved = tmp_path / "corrections.json"
    info.value.save_as(saved)
    tab.close()
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["document_sha256"] == plan.source.sha256
    assert {(c["id"], c["field"], c["value"]) for c in data["corrections"]} == {
        (doubtful.id, "lead_raw", "Phòng Kinh tế"), (doubtful.id, "deadline_raw", "Quý IV/2025")}
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "plan_extract", "extract", str(DOC), "-o", str(out), "--no-ocr",
                        "--corrections", str(saved)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    d = json.loads((out / DOC.stem / "plan.json").read_text(encoding="utf-8"))
    task = next(t for t in d["tasks"] if t["id"] == doubtful.id)
    assert task["lead"] == ["Phòng Kinh tế"]
    assert (task["deadline"]["kind"], task["deadline"]["due"]) == ("quarter", "2025-12-31")
    assert task["source"]["corrected"] == {"lead_raw": doubtful.lead_raw, "deadline_raw": doubtful.deadline.raw}


def test_largest_corpus_page_is_light_and_opens_fast(browser, tmp_path):
    """seed003_ubnd_tiendien.pdf (26 pages, 143 tasks, 19 indicators): page < 5 MB, load < 2 s
    (measured as the best of three loads, the machine being shared)."""
    doc = CORPUS / "seed003_ubnd_tiendien.pdf"
    plan = extract(doc, Settings(ocr=False))
    page = write_page(plan, tmp_path, doc)
    assert page.stat().st_size < 5_000_000
    tab = browser.new_page(viewport={"width": 1300, "height": 900})
    times = []
    for _ in range(3):
        start = time.perf_counter()
        tab.goto(page.as_uri(), wait_until="load")
        times.append(time.perf_counter() - start)
    assert tab.locator("article.row").count() == len(plan.tasks) + len(plan.indicators)
    tab.close()
    assert min(times) < 2.0, times
