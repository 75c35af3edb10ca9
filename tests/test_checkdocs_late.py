"""The fifth to tenth sets of late check documents (tests/checkdocs/make_late5.py,
make_late6.py, make_late7.py, make_late8.py, make_late9.py, make_late10.py)
are what their generators draw: regenerated into a temporary folder, every PDF and gold file is
byte for byte the committed one, and every gold row is a full row (text, lead, a deadline normalised
by hand, a page; a number too where the set prints one on every row). Not whether the extractor
reads them right: `python benchmarks/silent_errors.py --sets checkdocs --prefix cd_late6_` measures
that."""
from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from tests.checkdocs import make_late5, make_late6, make_late7, make_late8, make_late9, make_late10

HERE = Path(__file__).resolve().parent / "checkdocs"

# (generator, file prefix, at least so many documents, every row numbered: cd_late5 has sub-items
# "a)" whose number cell is empty, cd_late8 a plan whose tasks are bullets in the body)
SETS = [pytest.param(make_late5, "cd_late5_", 8, False, id="late5"),
        pytest.param(make_late6, "cd_late6_", 10, True, id="late6"),
        pytest.param(make_late7, "cd_late7_", 10, True, id="late7"),
        pytest.param(make_late8, "cd_late8_", 12, False, id="late8"),
        pytest.param(make_late9, "cd_late9_", 14, True, id="late9"),
        pytest.param(make_late10, "cd_late10_", 14, True, id="late10")]
# inputs that are not PDFs (cd_late9_word_docx: the Word file itself; its gold has no page)
NOT_PDF = {"cd_late9_word_docx": ".docx", "cd_late10_docx_merged_lead": ".docx"}
# documents whose gold leaves some lead cells empty on purpose (an empty lead cell is printed)
EMPTY_LEADS = {"cd_late8_empty_lead.gold.json": 2}


@pytest.mark.parametrize("maker, prefix, at_least, numbered", SETS)
def test_documents_regenerate_byte_for_byte(tmp_path, maker, prefix, at_least, numbered):
    golds = maker.make(tmp_path)
    assert len(golds) >= at_least
    for g in golds:
        name = g.name[:-len(".gold.json")]
        assert (HERE / g.name).read_bytes() == g.read_bytes(), f"{g.name}: regenerate (python -m {maker.__name__})"
        ext = NOT_PDF.get(name, ".pdf")
        assert (HERE / f"{name}{ext}").read_bytes() == (tmp_path / f"{name}{ext}").read_bytes(), name
    assert sorted(p.name for p in HERE.glob(f"{prefix}*.gold.json")) == sorted(g.name for g in golds)


@pytest.mark.parametrize("maker, prefix, at_least, numbered", SETS)
def test_gold_rows_are_complete(maker, prefix, at_least, numbered):
    golds = sorted(HERE.glob(f"{prefix}*.gold.json"))
    assert len(golds) >= at_least
    for g in golds:
        gold = json.loads(g.read_text(encoding="utf-8"))
        name = g.name[:-len(".gold.json")]
        assert gold["source"]["file"] == name + NOT_PDF.get(name, ".pdf")
        assert gold["tasks"], g.name
        assert sum(not t["lead_raw"] for t in gold["tasks"]) == EMPTY_LEADS.get(g.name, 0), g.name
        for t in gold["tasks"]:
            assert t["text"] and (t["source"]["page"] or 0) >= (0 if name in NOT_PDF else 1), (g.name, t)
            assert t["number"] or not numbered, (g.name, t)
            assert t["number"] or t["origin"] == "body" or prefix != "cd_late8_", (g.name, t)
            d = t["deadline"]
            assert (d["kind"], d["start"], d["due"]) == maker.NORMALISED[d["raw"]]
        for i in gold.get("indicators") or []:   # cd_late7_indicator_shading; in prose: cd_late10_prose_indicators
            assert i["name"] and i["source"]["page"] >= 1, (g.name, i)
            assert i["origin"] == "body" or (i["number"] and i["lead_raw"]), (g.name, i)
            assert any(i["targets"].values()), (g.name, i)


def test_late6_faults_are_in_the_files():
    """The faults the documents are named for are in the PDFs: an image page without text, a
    portrait MediaBox turned by /Rotate 90, an invisible text layer over an image."""
    scan = pypdf.PdfReader(HERE / "cd_late6_scan_page.pdf")
    assert len(scan.pages) == 3
    assert not scan.pages[1].extract_text().strip() and scan.pages[0].extract_text().strip()
    rot = pypdf.PdfReader(HERE / "cd_late6_rotated.pdf").pages[0]
    assert rot.get("/Rotate") == 90 and float(rot.mediabox.width) < float(rot.mediabox.height)
    ocr = pypdf.PdfReader(HERE / "cd_late6_ocr_layer.pdf").pages[0]
    assert b"3 Tr" in ocr.get_contents().get_data() and "/XObject" in ocr["/Resources"]


def test_late7_faults_are_in_the_files():
    """The faults the documents are named for are in the PDFs: a scan without any text, a scan
    with a text layer on page 1 only, white boxes and invisible text over a native table, an
    indicator grid drawn with fills and no rule."""
    scan = pypdf.PdfReader(HERE / "cd_late7_scan.pdf")
    assert all(not p.extract_text().strip() and "/XObject" in p["/Resources"] for p in scan.pages)
    some = pypdf.PdfReader(HERE / "cd_late7_layer_some_pages.pdf")
    assert len(some.pages) == 3
    assert "Chính quyền số" in some.pages[0].extract_text()
    assert not some.pages[1].extract_text().strip() and not some.pages[2].extract_text().strip()
    white = pypdf.PdfReader(HERE / "cd_late7_whiteout.pdf").pages[0]
    data = white.get_contents().get_data()
    assert b"3 Tr" in data and data.count(b"1 g") >= 3
    text = white.extract_text()
    assert "Năm 2026" in text and "Quý IV/2026" in text   # the old deadline under the new one
    shade = pypdf.PdfReader(HERE / "cd_late7_indicator_shading.pdf").pages[0].get_contents().get_data()
    assert b".92 g" in shade and b".72 g" in shade


def test_late8_faults_are_in_the_files():
    """The faults the documents are named for are in the PDFs: two scans (one without any text,
    one whose invisible text layer reads some words wrong), a table whose header is printed on
    page 1 only, a plan without any table line."""
    skew = pypdf.PdfReader(HERE / "cd_late8_scan_skew.pdf")
    assert len(skew.pages) == 2
    assert all(not p.extract_text().strip() and "/XObject" in p["/Resources"] for p in skew.pages)
    lying = pypdf.PdfReader(HERE / "cd_late8_lying_layer.pdf")
    layer = "".join(p.extract_text() for p in lying.pages)
    assert b"3 Tr" in lying.pages[0].get_contents().get_data()
    for printed, read in make_late8.LIES.items():   # every lie in the layer
        assert read in layer, read
        if printed[0].isdigit() or printed.startswith(("Quý", "Tháng")):   # a date never read right
            assert printed not in layer, printed
    noheader = pypdf.PdfReader(HERE / "cd_late8_noheader_restart.pdf")
    texts = [p.extract_text() for p in noheader.pages]
    assert len(texts) == 3 and "Nội dung nhiệm vụ" in texts[0]
    assert not any("Nội dung nhiệm vụ" in t for t in texts[1:])
    prose = pypdf.PdfReader(HERE / "cd_late8_prose_tasks.pdf").pages[0].get_contents().get_data()
    assert b" re" not in prose and b" l\n" not in prose and b" l S" not in prose   # no rule, no box


def test_late9_faults_are_in_the_files():
    """What the documents are named for is in the files: two scans without any text (one
    greyscale, one a photocopy), a header line and a "Trang i/n" footer on every page, the portal
    print's URL and "i/n" on every page, the notes rows under the table, the paragraph between the
    two parts of a table, two tables (indicators first), and a .docx whose header row repeats."""
    import zipfile
    for name in ("cd_late9_scan_gray", "cd_late9_photocopy"):
        r = pypdf.PdfReader(HERE / f"{name}.pdf")
        assert len(r.pages) >= 2
        assert all(not p.extract_text().strip() and "/XObject" in p["/Resources"] for p in r.pages), name
    lines = pypdf.PdfReader(HERE / "cd_late9_page_lines.pdf")
    n = len(lines.pages)
    assert n >= 3
    for i, p in enumerate(lines.pages, 1):
        t = p.extract_text()
        assert make_late9.DOC_REF in t and f"Trang {i}/{n}" in t
    portal = pypdf.PdfReader(HERE / "cd_late9_portal_print.pdf")
    for i, p in enumerate(portal.pages, 1):
        t = p.extract_text()
        assert make_late9.PORTAL_URL in t and f"{i}/{len(portal.pages)}" in t
    notes = pypdf.PdfReader(HERE / "cd_late9_notes.pdf").pages[-1].extract_text()
    assert "Ghi chú:" in notes and "(*) Nhiệm vụ chuyển tiếp" in notes
    inter = "".join(p.extract_text() for p in pypdf.PdfReader(HERE / "cd_late9_interrupted.pdf").pages)
    assert inter.count("Nội dung nhiệm vụ") >= 2 and "Đối với các nhiệm vụ về chính quyền số" in inter
    two = pypdf.PdfReader(HERE / "cd_late9_two_tables.pdf")
    assert "Chỉ tiêu" in two.pages[0].extract_text() and "Nội dung nhiệm vụ" not in two.pages[0].extract_text()
    with zipfile.ZipFile(HERE / "cd_late9_word_docx.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<w:tblHeader" in xml and "Nội dung nhiệm vụ" in xml


def test_late10_faults_are_in_the_files():
    """What the documents are named for is in the files: a 150-dpi scan without any text, a header
    alone at the foot of page 1 and not printed again on page 2, a signed PDF's marks, footnotes at
    the page foot of a LibreOffice print, a .docx whose lead cells are merged vertically, targets in
    the body's prose, and no lead column where the sections name the leads."""
    import zipfile
    scan = pypdf.PdfReader(HERE / "cd_late10_scan150.pdf")
    assert len(scan.pages) >= 2
    for p in scan.pages:
        assert not p.extract_text().strip()
        (img,) = [x.get_object() for x in p["/Resources"]["/XObject"].values()]
        assert abs(int(img["/Width"]) - round(float(p.mediabox.width) / 72 * 150)) <= 2   # 150 dpi
    orphan = pypdf.PdfReader(HERE / "cd_late10_header_orphan.pdf")
    t1, t2 = orphan.pages[0].extract_text(), orphan.pages[1].extract_text()
    assert "Nội dung nhiệm vụ" in t1 and "Nội dung nhiệm vụ" not in t2
    gold = json.loads((HERE / "cd_late10_header_orphan.gold.json").read_text(encoding="utf-8"))
    assert gold["tasks"][0]["source"]["page"] == 2
    signed = pypdf.PdfReader(HERE / "cd_late10_signed.pdf")
    assert "Ký bởi" in signed.pages[0].extract_text() and "Ký bởi" in signed.pages[-1].extract_text()
    notes = "".join(p.extract_text() for p in pypdf.PdfReader(HERE / "cd_late10_word_footnotes.pdf").pages)
    assert "Nhiệm vụ chuyển tiếp từ Kế hoạch số 210/KH-UBND" in notes and "LibreOffice" in \
        str(pypdf.PdfReader(HERE / "cd_late10_word_footnotes.pdf").metadata.get("/Producer"))
    with zipfile.ZipFile(HERE / "cd_late10_docx_merged_lead.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:vMerge") >= 8 and "<w:tblHeader" in xml
    prose = pypdf.PdfReader(HERE / "cd_late10_prose_indicators.pdf").pages[0].extract_text()
    assert "Chỉ tiêu cụ thể năm 2026" in prose and "đạt 100%" in prose
    sections = pypdf.PdfReader(HERE / "cd_late10_lead_sections.pdf").pages[0].extract_text()
    assert "chủ trì" not in sections and "1. Sở Khoa học và Công nghệ" in sections
