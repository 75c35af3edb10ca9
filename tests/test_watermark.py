"""A watermark's glyphs are taken out of the page before its tables are read
(plan_extract/readers/watermark.py), alike with both readers, with a page issue naming it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import pytest

from plan_extract import run
from plan_extract.readers.watermark import MIN_SIZE, split_watermark

HERE = Path(__file__).resolve().parent
DRAFT = HERE / "checkdocs" / "cd_late5_draft_watermark.pdf"


def _rows(plan):
    return [(t.number, t.text, t.lead_raw, t.coordinators_raw or "", t.deadline.raw if t.deadline else None,
             t.source.page) for t in plan.tasks]


@pytest.mark.parametrize("reader", ["pdfplumber", "pdfium"])
def test_draft_watermark_is_taken_out_before_the_table_is_read(reader):
    plan = run.extract(DRAFT, {"ocr": False, "reader": reader})
    gold = json.loads((DRAFT.parent / "cd_late5_draft_watermark.gold.json").read_text(encoding="utf-8"))
    want = [(t["number"], t["text"], t["lead_raw"], t["coordinators_raw"] or "", t["deadline"]["raw"], t["source"]["page"])
            for t in gold["tasks"]]
    assert _rows(plan) == want
    marks = [i for i in plan.issues if i.code == "watermark-removed"]
    assert sorted(i.page for i in marks) == [1, 2]
    assert all("«DỰ THẢO»" in i.message and i.row is None for i in marks)
    assert not any(i.code == "watermark-doubtful" for i in plan.issues)


def test_both_readers_take_out_the_same_glyphs():
    import pdfplumber
    from plan_extract.readers.pdfium import PdfiumDocument
    with pdfplumber.open(DRAFT) as pdf:
        plumber = [split_watermark(p.chars) for p in pdf.pages]
    doc = PdfiumDocument(DRAFT.read_bytes())
    try:
        fast = [split_watermark(p.chars) for p in doc.pages]
    finally:
        doc.close()
    assert [w.texts for w in plumber] == [w.texts for w in fast] == [["DỰ THẢO"], ["DỰ THẢO"]]
    for w in plumber + fast:
        assert all(c["size"] < MIN_SIZE for c in w.chars)


def _draw(path: Path, big: str, x: float, y: float, angle: float, lone: Optional[tuple] = None) -> None:
    """A page of 10 pt lines and one big 72 pt text at (x, y), rotated by `angle` degrees; `lone`
    (x, y, letter): one more big letter drawn first, level, in the same font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    from tests.checkdocs.make_late5 import _fonts
    _fonts()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    if lone:
        c.setFillGray(0.85)
        c.setFont("L5SerifB", 72)
        c.drawString(*lone)
        c.setFillGray(0)
    c.setFont("L5Serif", 10)
    for k in range(30):
        c.drawString(60, 780 - 14 * k, f"{k + 1}. Rà soát, cập nhật danh mục thủ tục hành chính số {k + 1}")
    c.saveState()
    c.setFillGray(0.85)
    c.setFont("L5SerifB", 72)
    c.translate(x, y)
    c.rotate(angle)
    c.drawString(0, 0, big)
    c.restoreState()
    c.save()


def test_a_lone_letter_of_the_watermark_goes_with_it(tmp_path):
    """A watermark drawn letter by letter, one letter apart from the others and over no text:
    the same font and size as the rotated run, so it goes too."""
    path = tmp_path / "lone.pdf"
    _draw(path, "DỰ THẢ", 200, 150, 40, lone=(480, 120, "O"))
    w = _split(path)
    assert w.texts == ["O", "DỰ THẢ"] and not w.doubtful
    assert all(c["size"] < MIN_SIZE for c in w.chars)


def _split(path: Path):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return split_watermark(pdf.pages[0].chars)


def test_a_level_stamp_over_the_text_is_a_watermark(tmp_path):
    path = tmp_path / "stamp.pdf"
    _draw(path, "BẢN SAO", 120, 600, 0)
    w = _split(path)
    assert w.texts == ["BẢN SAO"] and not w.doubtful
    assert "".join(c["text"] for c in w.chars).count("Rà soát") == 30


def test_a_big_level_title_clear_of_the_text_is_kept_and_doubtful(tmp_path):
    path = tmp_path / "title.pdf"
    _draw(path, "KẾ HOẠCH", 120, 250, 0)
    w = _split(path)
    assert w.runs == []
    assert "".join(c["text"] for c in w.doubtful) == "KẾHOẠCH"
    assert "KẾ HOẠCH" in "".join(c["text"] for c in w.chars)


def test_documents_without_a_watermark_keep_every_glyph():
    from plan_extract.readers.pdfium import PdfiumDocument
    paths = sorted((HERE / "corpus" / "pdf").glob("*.pdf")) + sorted((HERE / "checkdocs").glob("*.pdf"))
    assert len(paths) > 20
    for path in paths:
        if path == DRAFT:
            continue
        doc = PdfiumDocument(path.read_bytes())
        try:
            for p in doc.pages:
                chars = p.chars
                w = split_watermark(chars)
                assert not w.runs and not w.doubtful and len(w.chars) == len(chars), path.name
        finally:
            doc.close()
