"""The PDFium page reader against the reference (pdfplumber): the same rows from every PDF.

Rows are compared field by field (task text, raw cells, sections, indicator targets; metadata on
the corpus),
over the native-text corpus, the layout matrix and the real documents in ../shared/real (skipped
with a reason when absent). Scans are left out: their glyphs come from OCR, not from the reader.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from plan_extract import run
from tests.real.gold import REAL_DIR, real_available

CORPUS = Path(__file__).resolve().parent / "corpus" / "pdf"
NATIVE = sorted(p for p in CORPUS.glob("*.pdf") if "__scan" not in p.stem)
MATRIX = sorted((CORPUS / "matrix").glob("*.pdf"))


def _view(path: Path, reader: str):
    plan = run.extract(path, {"ocr": False, "reader": reader})
    tasks = [(t.origin, t.section, t.section_title, t.number, t.text, t.lead_raw, t.coordinators_raw,
              t.deadline.raw if t.deadline else None, t.deadline.due if t.deadline else None, t.lead,
              t.coordinators, sorted(t.extra.items()), t.source.page) for t in plan.tasks]
    indicators = [(i.number, i.name, i.unit_of_measure, i.lead_raw,
                   sorted((k, v.raw if v else None) for k, v in i.targets.items())) for i in plan.indicators]
    d = plan.document
    return tasks, indicators, (d.doc_type, d.number, d.issue_date, d.issuer, d.title, d.signer)


def _same(path: Path, metadata: bool = True):
    ref, fast = _view(path, "pdfplumber"), _view(path, "pdfium")
    if metadata:
        assert fast[2] == ref[2]
    assert fast[1] == ref[1]
    assert fast[0] == ref[0]


@pytest.mark.parametrize("path", NATIVE + MATRIX, ids=lambda p: p.stem)
def test_same_rows_from_both_readers_on_the_corpus(path):
    _same(path)


CHECKDOCS = Path(__file__).resolve().parent / "checkdocs"
#: check documents on which the readers' rows differ, and why (each still differs: strict xfail)
READERS_DIFFER = {
    "cd_late2_hrules_lead_spill": "two cells' text overprinted on one line: the glyphs interleave "
                                  "and pdfminer and PDFium order a few of them differently",
    "cd_late2_none_spill_text": "two cells' text overprinted on one line (as above)",
    "cd_late5_deadline_overflow": "a deadline printed past its cell's right rule: PDFium's loose box "
                                  "keeps the last glyph's centre inside the cell, pdfminer's does not",
}


def _checkdoc_params():
    out = []
    for p in sorted(CHECKDOCS.glob("*.pdf")):
        why = READERS_DIFFER.get(p.stem)
        out.append(pytest.param(p, id=p.stem, marks=[pytest.mark.xfail(strict=True, reason=why)] if why else []))
    return out


@pytest.mark.parametrize("path", _checkdoc_params())
def test_same_rows_from_both_readers_on_the_check_documents(path):
    """The check documents (written late, never tuned on for the reader) include a landscape page
    of a portrait file turned by /Rotate 90 (cd_late6_rotated): both readers box its glyphs in
    the page as shown."""
    _same(path)


def _real_pdfs():
    return sorted(REAL_DIR.glob("*.pdf")) if real_available() else []


@pytest.mark.parametrize("name", [p.name for p in _real_pdfs()] or ["(none)"])
def test_same_rows_from_both_readers_on_real_documents(name):
    if not real_available():
        pytest.skip(f"../shared/real not found ({REAL_DIR}): real documents are read from beside the checkout")
    path = REAL_DIR / name
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        unmapped = any("(cid:" in c["text"] for page in pdf.pages[:2] for c in page.chars)
    if unmapped:
        pytest.skip("glyphs without a Unicode map: pdfminer writes (cid:N), PDFium the font's own codes; "
                    "no reader gives text here (the text-layer verdict sends such pages to OCR)")
    # rows only: on BC 329 the signer differs — pdfminer keeps a stray space glyph drawn over the
    # signature line ("Nguyễn N gọc Phúc", no signer found), PDFium does not (the right reading)
    _same(path, metadata=False)


def test_pdfium_glyphs_carry_what_the_stages_read():
    from plan_extract.readers.pdfium import PdfiumDocument
    doc = PdfiumDocument((CORPUS / "mini_example.pdf").read_bytes())
    try:
        page = doc.pages[0]
        assert page.chars and page.edges
        for c in page.chars:
            assert {"text", "x0", "x1", "top", "bottom", "size", "fontname", "width"} <= set(c)
            assert c["x0"] <= c["x1"] and c["top"] < c["bottom"] and c["size"] > 0
        assert {e["orientation"] for e in page.edges} <= {"h", "v", None}
        lattice = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
        assert any(len(t.cells) >= 8 for p in doc.pages for t in p.find_tables(lattice))
    finally:
        doc.close()


def test_unknown_reader_is_refused():
    with pytest.raises(ValueError, match="reader"):
        run.Settings(reader="mupdf")


def test_packed_glyphs_unpack_to_the_same_dicts():
    from plan_extract.readers.pdf import PackedChars, dedupe_chars
    from plan_extract.readers.pdfium import PdfiumDocument
    doc = PdfiumDocument((CORPUS / "seed000_sct_hatinh.pdf").read_bytes())
    try:
        for page in doc.pages:
            chars = dedupe_chars(page.chars)
            assert chars
            packed = PackedChars.pack(chars)
            assert len(packed) == len(chars)
            assert packed.unpack() == chars
            # a dropped box (a running line) leaves out exactly the glyphs centred inside it
            box = (0.0, 0.0, page.width, page.height / 2)
            assert packed.unpack([box]) == [c for c in chars if (c["top"] + c["bottom"]) / 2 > box[3]]
    finally:
        doc.close()


def test_pages_are_read_one_at_a_time_and_released(monkeypatch):
    """The PDFium page is closed once read; past KEEP_GLYPH_DICTS glyphs a page keeps its glyphs
    packed, unpacks them for the table stage and drops them again two pages behind it
    (stream_pages) and after its lines."""
    from plan_extract.readers import pdf as read
    from plan_extract.tables import find as tables
    monkeypatch.setattr(read, "KEEP_GLYPH_DICTS", 0)
    source = read.open_document(CORPUS / "seed000_sct_hatinh.pdf", ocr=False, reader="pdfium")
    try:
        pages = source.pages
        assert len(pages) >= 3
        assert all(p._raw._page_obj is None and p._raw._pdf is None for p in pages)   # closed
        assert all(isinstance(p._packed, read.PackedChars) and p._chars is None for p in pages)
        seen = []
        for p in read.stream_pages(pages):
            seen.append(p.number)
            assert p.chars and p._chars is not None
            assert all(q._chars is None for q in pages[:max(0, p.number - 3)])   # two behind: released
        assert seen == [p.number for p in pages]
        assert all(p._chars is None for p in pages)
        raw = tables.pages_to_raw_tables(read.stream_pages(pages))
        assert raw and read.lines_outside_tables(pages, raw)
        assert all(p._chars is None for p in pages)
    finally:
        source.close()


def test_a_short_plan_keeps_its_glyphs_as_read_with_the_same_result(monkeypatch):
    """Under KEEP_GLYPH_DICTS glyphs a document's pages keep the glyph dicts they were read as
    (no pack and unpack); packed, partly packed or not, the plan is the same to the byte."""
    from plan_extract.readers import pdf as read
    path = CORPUS / "seed000_sct_hatinh.pdf"
    source = read.open_document(path, ocr=False, reader="pdfium")
    try:
        assert all(p._packed is None and p._chars for p in source.pages)
    finally:
        source.close()
    kept = run.extract(path, {"ocr": False}).to_json()
    for budget in (0, 3000):          # every page packed; the first page kept, the others packed
        monkeypatch.setattr(read, "KEEP_GLYPH_DICTS", budget)
        source = read.open_document(path, ocr=False, reader="pdfium")
        try:
            packed = [p._packed is not None for p in source.pages]
        finally:
            source.close()
        assert all(packed) if budget == 0 else (not packed[0] and any(packed))
        assert run.extract(path, {"ocr": False}).to_json() == kept


def _drawn_twice(path: Path) -> None:
    """A page with a line overprinted by another starting with the same words, 0.4 pt right and
    0.3 pt down (a correction over a white box; PDFium itself drops a whole line drawn twice),
    and one line set once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    from tests.checkpdf import FONT
    pdfmetrics.registerFont(TTFont("CkDV", FONT))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("CkDV", 13)
    c.drawString(72, 760, "KẾ HOẠCH triển khai năm 2026")
    c.setFillColorRGB(1, 1, 1)
    c.rect(70, 755, 300, 16, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(72.4, 759.7, "KẾ HOẠCH thực hiện năm 2027")
    c.drawString(72, 730, "Sở Nội vụ chủ trì, thực hiện trong quý IV/2026")
    c.save()


def test_glyphs_are_deduplicated_only_where_the_reader_finds_repeats(tmp_path):
    """read_chars' column test (PdfiumPage.repeats_possible) is False only on pages where
    dedupe_chars drops nothing (the reader then skips it): every page of the corpus, the
    layout matrix and the check documents; it is True on a page with glyphs drawn twice (a
    generated fake bold, and the check document whose page 1 repeats glyphs), where they go."""
    from plan_extract.readers.pdf import dedupe_chars
    from plan_extract.readers.pdfium import PdfiumDocument
    twice = tmp_path / "twice.pdf"
    _drawn_twice(twice)
    checkdocs = Path(__file__).resolve().parent / "checkdocs"
    skipped = 0
    for path in NATIVE + MATRIX + sorted(checkdocs.glob("*.pdf")) + [twice]:
        doc = PdfiumDocument(path.read_bytes())
        try:
            for page in doc.pages:
                chars = page.chars
                kept = dedupe_chars(chars)
                if not page.repeats_possible:
                    skipped += 1
                    assert kept == chars, (path.name, page.page_number)
                if path in (twice, checkdocs / "cd_late7_whiteout.pdf") and page.page_number == 1:
                    assert page.repeats_possible and len(kept) < len(chars), path.name
        finally:
            doc.close()
    assert skipped > 100


def _page_reading(path: Path) -> list:
    """Per page of a PDF: read_chars' glyph dicts (key order and float bits included, through
    pickle), the page's glyph columns and repeats_possible, and read_edges' edges, subpath
    count and image boxes."""
    import pickle

    from plan_extract.readers.pdfium import PdfiumDocument, read_edges
    doc = PdfiumDocument(path.read_bytes())
    try:
        out = []
        for page in doc.pages:
            chars = page.chars
            columns = None if page.glyph_columns is None else [c.tobytes() for c in page.glyph_columns]
            out.append(pickle.dumps((page.rotation, chars, columns, page.repeats_possible, read_edges(page))))
        return out
    finally:
        doc.close()


def _drawn_in_forms(path: Path) -> None:
    """Two pages whose ruled table, image and text are drawn inside form XObjects (a form of
    cells placed five times inside another form, scaled): upright on the first; on the second,
    turned by /Rotate 90, drawn turned the other way so as to read upright as shown (a
    landscape appendix in a portrait file)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.beginForm("cell")
    c.rect(0, 0, 120, 20)
    c.line(60, 0, 60, 20)
    c.roundRect(125, 2, 30, 16, 4, stroke=1, fill=1)
    c.endForm()
    c.beginForm("table")
    for row in range(5):
        c.saveState()
        c.translate(0, 20 * row)
        c.doForm("cell")
        c.restoreState()
    c.drawImage(ImageReader(Image.new("RGB", (8, 8), "red")), 0, 110, 30, 30)
    c.setFont("Helvetica", 10)
    c.drawString(4, 6, "text in a form")
    c.endForm()
    for rotation in (0, 90):
        c.setPageRotation(rotation)
        c.saveState()
        if rotation:
            c.translate(400, 50)
            c.rotate(90)
        else:
            c.translate(72, 500)
        c.scale(1.5, 1.25)
        c.doForm("table")
        c.restoreState()
        c.line(72, 400, 400, 400)
        c.showPage()
    c.save()


def test_the_c_loops_read_the_same_pages_as_the_ctypes_calls(monkeypatch, tmp_path):
    """readers/_pdfium_loops (built where a C compiler is) makes PDFium's per-glyph,
    per-text-object, per-page-object and per-path-segment calls in one loop; without it
    readers/pdfium.py makes the same calls through ctypes. Both give the same glyphs and edges,
    bit for bit, on the corpus, the layout matrix (rotated pages included), the check documents
    and the real documents."""
    import pickle

    from plan_extract.readers import pdfium
    if pdfium._loops is None:
        pytest.skip("readers/_pdfium_loops is not built here (no C compiler at install): "
                    "only the ctypes way exists")
    checkdocs = Path(__file__).resolve().parent / "checkdocs"
    forms = tmp_path / "forms.pdf"
    _drawn_in_forms(forms)
    paths = NATIVE + MATRIX + sorted(checkdocs.glob("*.pdf")) + _real_pdfs() + [forms]
    rotated = 0
    for path in paths:
        fast = _page_reading(path)
        with monkeypatch.context() as m:
            m.setattr(pdfium, "_loops", None)
            slow = _page_reading(path)
        assert fast == slow, path.name
        rotated += sum(pickle.loads(page)[0] != 0 for page in fast)
    assert rotated > 0
    # the form document's edges and image come from inside its forms (two levels deep)
    doc = pdfium.PdfiumDocument(forms.read_bytes())
    try:
        for page in doc.pages:
            edges, subpaths, images = pdfium.read_edges(page)
            assert subpaths >= 5 * 3 + 1 and len(edges) >= 5 * 5 + 1 and len(images) == 1
    finally:
        doc.close()


def test_a_form_and_a_turned_page_are_read_where_they_are_shown(tmp_path):
    """Glyphs, ruling lines and images drawn inside (nested, scaled) form XObjects, on an
    upright page and on one turned by /Rotate 90, come out where pdfplumber puts them: the
    page's size as shown, each image's box in page space (PDFium bounds it in its form's space),
    each rule's box to a tenth of a point, each glyph's x within a hundredth of a point and its
    top within a quarter (the two give the base-14 Helvetica slightly different descents)."""
    import pdfplumber

    from plan_extract.readers.pdf import _page_images
    from plan_extract.readers.pdfium import IMAGE_DEPTH, PdfiumDocument
    forms = tmp_path / "forms.pdf"
    _drawn_in_forms(forms)

    def boxes(objs):
        return sorted((round(o["x0"], 1), round(o["top"], 1), round(o["x1"], 1), round(o["bottom"], 1)) for o in objs)

    doc = PdfiumDocument(forms.read_bytes())
    try:
        with pdfplumber.open(forms) as pdf:
            for ref, page in zip(pdf.pages, doc.pages):
                assert (page.width, page.height) == pytest.approx((float(ref.width), float(ref.height)))
                assert boxes(_page_images(page)) == boxes(ref.images) != []
                assert page.image_bounds(IMAGE_DEPTH) == page.image_bounds(IMAGE_DEPTH + 1)[:1]
                assert [c["text"] for c in page.chars] == [c["text"] for c in ref.chars]
                for c, r in zip(page.chars, ref.chars):
                    assert abs(c["x0"] - r["x0"]) < 0.01 and abs(c["x1"] - r["x1"]) < 0.01, (c, r)
                    assert abs(c["top"] - r["top"]) < 0.25 and abs(c["bottom"] - r["bottom"]) < 0.25, (c, r)
                straight = [e for e in page.edges if e["object_type"] != "curve_edge"]
                assert boxes(straight) == boxes(e for e in ref.edges if e["object_type"] != "curve_edge")
    finally:
        doc.close()


def test_the_c_loops_are_built_where_a_compiler_is():
    """The install builds readers/_pdfium_loops wherever Python's C compiler and headers are
    found (pyproject.toml, ext-modules; scripts/setup.sh installs gcc on Debian)."""
    import shutil
    import sysconfig
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not (shutil.which(compiler) and headers.exists()):
        pytest.skip(f"no C compiler ({compiler}) or no Python headers here: the ctypes way is used")
    from plan_extract.readers import pdfium
    assert pdfium._loops is not None
