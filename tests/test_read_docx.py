"""read_docx.py: DOCX plans through the PDF pipeline. Lines with synthetic geometry (letterhead
left vs right, centred, indents, pages from the breaks the XML shows), raw tables with spans
as the PDF path gives them, layout tables as Lines, bad input in the user's terms; and whole
documents, built from the corpus data with the corpus's own DOCX builder, against their gold."""
from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from plan_extract import extract, extract_result
from plan_extract.batch import runner as batch
from plan_extract.readers import docx as read_docx
from plan_extract.model.document import InputError

CORPUS = Path(__file__).parent / "corpus"
SEED000_DOCX = CORPUS / "pdf" / "seed000_sct_hatinh.docx"
DOC_FIELDS = ("doc_type", "number", "issue_date", "issue_month", "issue_year", "issuer",
              "parent_issuer", "place", "title", "signer", "signer_title", "references")


def _gold(name: str) -> dict:
    return json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))


def _rows(rows: list[dict]) -> list[dict]:
    """Rows without what a DOCX cannot say (page, box) or the run decides (id, confidence, the
    self-checks' doubts, the deadline reading's confidence and note)."""
    out = []
    for r in rows:
        r = dict(r)
        r.pop("id")
        r.pop("doubts", None)
        r["source"] = {"table": r["source"]["table"]}
        if r.get("deadline"):
            r["deadline"] = {k: v for k, v in r["deadline"].items() if k not in ("confidence", "note")}
        out.append(r)
    return out


def _assert_one_line_vi_en(err: InputError, code: str):
    assert err.code == code
    assert "\n" not in err.message
    assert err.message.endswith(")") and " (" in err.message      # Vietnamese (English)


# ----------------------------------------------------------------------------- the corpus DOCX

@pytest.fixture(scope="module")
def seed000():
    return extract(SEED000_DOCX).to_dict()


def test_seed000_docx_rows_match_gold(seed000):
    gold = _gold("seed000_sct_hatinh.docx")
    assert seed000["source"]["text_layer"] == "docx"
    assert seed000["source"]["sha256"] == gold["source"]["sha256"]
    assert _rows(seed000["tasks"]) == _rows(gold["tasks"])
    assert seed000["indicators"] == gold["indicators"] == []


def test_seed000_docx_rows_have_no_page_or_box(seed000):
    for t in seed000["tasks"]:
        assert t["source"]["page"] is None and t["source"]["bbox"] is None
        assert t["source"]["table"] == 0


def test_seed000_docx_document_matches_gold(seed000):
    gold = _gold("seed000_sct_hatinh.docx")["document"]
    assert {f: seed000["document"][f] for f in DOC_FIELDS} == {f: gold[f] for f in DOC_FIELDS}


# ----------------------------------------------------------------------------- built from corpus data

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """DOCX files written by the corpus builder (python-docx only), once per session."""
    from tests.corpus import spec
    from tests.corpus.render_docx import build_docx
    out = tmp_path_factory.mktemp("docx")
    cache = {}

    def make(name: str) -> Path:
        if name not in cache:
            cache[name] = out / f"{name}.docx"
            build_docx(spec.load(CORPUS / "data" / f"{name}.yaml"), cache[name])
        return cache[name]
    return make


def test_seven_columns_merged_leads_sections_match_gold(built):
    # 7 columns, lead cells merged over several rows, sections A / B / C
    got = extract(built("auth_sotttt_7col")).to_dict()
    gold = _gold("auth_sotttt_7col")
    assert _rows(got["tasks"]) == _rows(gold["tasks"])
    assert {f: got["document"][f] for f in DOC_FIELDS} == {f: gold["document"][f] for f in DOC_FIELDS}


def test_body_tasks_tables_and_indicators_match_gold(built):
    got = extract(built("seed003_ubnd_tiendien")).to_dict()
    gold = _gold("seed003_ubnd_tiendien")
    # body tasks' resolved coordinators are left out: the PDF path gives None where the gold
    # holds [] for body tasks too (a normalisation matter, not a reading one)
    for rows in (got["tasks"], gold["tasks"]):
        for t in rows:
            if t["origin"] == "body":
                t.pop("coordinators")
    assert _rows(got["tasks"]) == _rows(gold["tasks"])
    assert _rows(got["indicators"]) == _rows(gold["indicators"])
    assert {f: got["document"][f] for f in DOC_FIELDS} == {f: gold["document"][f] for f in DOC_FIELDS}


def test_seven_column_raw_table_spans(built):
    src = read_docx.open_docx(built("auth_sotttt_7col"))
    assert len(src.raw_tables) == 1
    t = src.raw_tables[0]
    assert t.method == "docx" and len(t.rows[0]) == 7
    assert all(len(r) == 7 for r in t.rows)
    merged = [(r, c, cell) for r, row in enumerate(t.rows) for c, cell in enumerate(row)
              if cell is not None and cell.rowspan > 1]
    assert merged, "the merged lead cells"
    for r, c, cell in merged:                    # covered positions are None, as on a PDF
        assert all(t.rows[rr][c] is None for rr in range(r + 1, r + cell.rowspan))
    sections = [row for row in t.rows if row[1] is not None and row[1].colspan == 6]
    assert [row[0].text for row in sections] == ["A", "B", "C"]
    assert all(row[1].bold for row in sections)


# ----------------------------------------------------------------------------- hand-built documents

def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    table._tbl.tblPr.append(borders)


def _letterhead_doc() -> Document:
    doc = Document()
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    left, right = t.rows[0].cells
    left.width, right.width = Cm(6), Cm(10)
    left.paragraphs[0].add_run("UBND TỈNH HÀ TĨNH")
    left.add_paragraph().add_run("SỞ CÔNG THƯƠNG").bold = True
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Hà Tĩnh, ngày 5 tháng 5 năm 2025").italic = True
    for p in left.paragraphs + right.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = doc.add_paragraph()
    p.add_run("KẾ HOẠCH").bold = True
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def _task_table(doc, rows=None):
    t = doc.add_table(rows=4, cols=4)
    for c, h in enumerate(["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]):
        t.cell(0, c).paragraphs[0].add_run(h).bold = True
    data = rows or [["1", "Nhiệm vụ một", "Văn phòng", "Quý II/2025"],
                    ["2", "Nhiệm vụ hai", "", "Quý III/2025"],
                    ["3", "Nhiệm vụ ba", "Phòng Kinh tế", "Tháng 12/2025"]]
    for r, row in enumerate(data, 1):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).paragraphs[0].add_run(text)
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    return t


def _save(doc, tmp_path, name="plan.docx") -> Path:
    path = tmp_path / name
    doc.save(str(path))
    return path


def test_letterhead_cells_are_lines_left_then_right(tmp_path):
    doc = _letterhead_doc()
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert src.raw_tables == []
    by_text = {ln.text: ln for ln in src.lines}
    sec = doc.sections[0]
    half = sec.page_width.pt / 2
    assert by_text["UBND TỈNH HÀ TĨNH"].x0 < half - 60
    assert by_text["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].x0 > by_text["SỞ CÔNG THƯƠNG"].x1
    assert by_text["SỞ CÔNG THƯƠNG"].bold and not by_text["UBND TỈNH HÀ TĨNH"].bold
    assert by_text["Hà Tĩnh, ngày 5 tháng 5 năm 2025"].italic
    # reading order: row by row, left cell first (as read.py gives a two-column letterhead)
    texts = [ln.text for ln in src.lines]
    assert texts.index("UBND TỈNH HÀ TĨNH") < texts.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") \
        < texts.index("SỞ CÔNG THƯƠNG") < texts.index("KẾ HOẠCH")
    assert by_text["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].x0 > half - 40
    kh = by_text["KẾ HOẠCH"]
    middle = (sec.left_margin.pt + sec.page_width.pt - sec.right_margin.pt) / 2
    assert abs((kh.x0 + kh.x1) / 2 - middle) < 2                  # centred in the text column


def test_pages_count_from_breaks_in_the_xml(tmp_path):
    doc = Document()
    doc.add_paragraph("Trang một")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Trang hai")
    p = doc.add_paragraph("Trang ba")
    p.paragraph_format.page_break_before = True
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_paragraph("Trang bốn")
    doc.add_section(WD_SECTION.CONTINUOUS)
    doc.add_paragraph("Vẫn trang bốn")
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert [(ln.text, ln.page) for ln in src.lines] == [
        ("Trang một", 1), ("Trang hai", 2), ("Trang ba", 3), ("Trang bốn", 4), ("Vẫn trang bốn", 4)]
    assert src.page_count == 4
    tops = [ln.top for ln in src.lines if ln.page == 4]
    assert tops == sorted(tops)


def test_long_paragraph_wraps_into_lines_that_join_back(tmp_path):
    from plan_extract.text import join_lines
    text = ("Thực hiện Chương trình hành động số 42-CTr/TU ngày 10/4/2025 của Ban Thường vụ Tỉnh "
            "ủy thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát "
            "triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia (trọng tâm).")
    doc = Document()
    p = doc.add_paragraph(text)
    p.paragraph_format.first_line_indent = Cm(1.27)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert len(src.lines) > 1
    assert join_lines(ln.text for ln in src.lines) == text
    first, rest = src.lines[0], src.lines[1:]
    assert first.x0 > rest[0].x0 + 30                 # the first-line indent
    right = doc.sections[0].page_width.pt - doc.sections[0].right_margin.pt
    assert [ln.x1 for ln in src.lines[:-1]] == [right] * (len(src.lines) - 1)   # justified
    assert src.lines[-1].x1 < right                    # the last line ends short
    assert [ln.top for ln in src.lines] == sorted(ln.top for ln in src.lines)


def test_data_table_cells_spans_and_header(tmp_path):
    doc = _letterhead_doc()
    doc.add_paragraph("Phụ lục")
    t = _task_table(doc)
    t.cell(1, 2).merge(t.cell(2, 2))                       # lead merged over two rows
    cell = t.cell(3, 1)
    cell.add_paragraph("tiếp theo")                        # a second paragraph in the cell
    decomposed = unicodedata.normalize("NFD", "Phòng Kinh tế")
    t.cell(3, 2).paragraphs[0].runs[0].text = decomposed
    doc.add_paragraph("Sau bảng")
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert len(src.raw_tables) == 1
    raw = src.raw_tables[0]
    assert raw.method == "docx" and raw.meta.header_rows == 1 and raw.meta.caption == "Phụ lục"
    assert [c.text for c in raw.rows[0]] == ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
    assert all(c.bold for c in raw.rows[0])
    assert raw.rows[1][2].text == "Văn phòng" and raw.rows[1][2].rowspan == 2
    assert raw.rows[2][2] is None
    assert raw.rows[3][1].text == "Nhiệm vụ ba tiếp theo"
    assert raw.rows[3][2].text == "Phòng Kinh tế"          # NFC
    texts = [ln.text for ln in src.lines]
    assert "Nhiệm vụ một" not in texts and "Sau bảng" in texts and "Phụ lục" in texts


def test_merged_lead_fills_both_tasks(tmp_path):
    doc = _letterhead_doc()
    t = _task_table(doc)
    t.cell(1, 2).merge(t.cell(2, 2))
    t.cell(0, 0)  # header untouched
    plan = extract(_save(doc, tmp_path))
    assert [(x.number, x.lead_raw, x.deadline.raw) for x in plan.tasks] == [
        ("1", "Văn phòng", "Quý II/2025"), ("2", "Văn phòng", "Quý III/2025"),
        ("3", "Phòng Kinh tế", "Tháng 12/2025")]
    assert plan.source.text_layer == "docx"
    assert all(x.source.page is None for x in plan.tasks)


def test_horizontal_span_holds_none(tmp_path):
    doc = Document()
    t = _task_table(doc, [["I", "Công tác chỉ đạo", "", ""], ["1", "Việc", "Sở", "2025"], ["", "", "", ""]])
    t.cell(1, 1).merge(t.cell(1, 3))
    raw = read_docx.open_docx(_save(doc, tmp_path)).raw_tables[0]
    assert raw.rows[1][1].colspan == 3 and raw.rows[1][2] is None and raw.rows[1][3] is None
    assert raw.rows[1][1].text == "Công tác chỉ đạo"


def test_list_numbers_print_as_in_word(tmp_path):
    doc = Document()
    doc.add_paragraph("Nhiệm vụ một", style="List Number")
    doc.add_paragraph("Nhiệm vụ hai", style="List Number")
    doc.add_paragraph("Một gạch đầu dòng", style="List Bullet")
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert [ln.text for ln in src.lines] == ["1. Nhiệm vụ một", "2. Nhiệm vụ hai", "• Một gạch đầu dòng"]


@pytest.mark.parametrize("n, fmt, want", [(4, "upperRoman", "IV"), (9, "lowerRoman", "ix"),
                                          (2, "lowerLetter", "b"), (27, "lowerLetter", "aa"),
                                          (3, "decimal", "3"), (7, "decimalZero", "07")])
def test_format_number(n, fmt, want):
    assert read_docx.format_number(n, fmt) == want


# ----------------------------------------------------------------------------- bad input

def _zip(parts: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data, code", [
    (b"", "empty-file"),
    (b"Just some text, not a document.\n" * 20, "not-a-docx"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 400, "not-a-docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "not-a-docx"),            # a legacy .doc
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le")
     + b"\0" * 100, "encrypted-docx"),                                         # password-protected
    (_zip({"hello.txt": "x"}), "damaged-docx"),                                # no word/document.xml
    (_zip({"word/document.xml": "<w:document><w:body>"}), "damaged-docx"),      # broken XML
    (SEED000_DOCX.read_bytes()[:3000], "damaged-docx"),                         # cut short
])
def test_bad_docx(tmp_path, data, code):
    f = tmp_path / "plan.docx"
    f.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_docx.open_docx(f)
    _assert_one_line_vi_en(e.value, code)
    result = extract_result(f)
    assert result.status == "failure" and result.error.code == code


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as e:
        read_docx.open_docx(tmp_path / "none.docx")
    _assert_one_line_vi_en(e.value, "file-not-found")


# ----------------------------------------------------------------------------- routing

def test_suffix_is_case_insensitive(tmp_path):
    upper = tmp_path / "KE_HOACH.DOCX"
    upper.write_bytes(SEED000_DOCX.read_bytes())
    plan = extract(upper)
    assert plan.source.text_layer == "docx" and len(plan.tasks) == 8


def test_batch_picks_up_docx():
    assert ".docx" in batch.SUFFIXES


def test_runs_in_tcvn3_fonts_are_converted(tmp_path):
    doc = Document()
    run = doc.add_paragraph().add_run("Ph\xb8t tri\xd3n kinh t\xd5")      # TCVN3 bytes as text
    run.font.name = ".VnTime"
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert [ln.text for ln in src.lines] == ["Phát triển kinh tế"]


def test_text_boxes_are_reported_not_read(tmp_path):
    doc = Document()
    p = doc.add_paragraph("Văn bản")
    box = OxmlElement("w:txbxContent")
    inner = OxmlElement("w:p")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "SỞ CÔNG THƯƠNG"
    r.append(t)
    inner.append(r)
    box.append(inner)
    holder = OxmlElement("w:r")
    holder.append(box)          # schematic: real text boxes sit in w:drawing / v:textbox
    p._p.append(holder)
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert [i.code for i in src.issues] == ["docx-text-box"]
    assert [ln.text for ln in src.lines] == ["Văn bản"]


def test_docx_without_styles_part(tmp_path):
    doc = Document()
    doc.add_paragraph("KẾ HOẠCH")
    path = _save(doc, tmp_path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "word/styles.xml"}
    bare = tmp_path / "bare.docx"
    bare.write_bytes(_zip(parts))
    assert [ln.text for ln in read_docx.open_docx(bare).lines] == ["KẾ HOẠCH"]


def test_page_rendered_inside_a_table_counts(tmp_path):
    doc = Document()
    t = _task_table(doc)
    run = t.cell(3, 1).paragraphs[0].runs[0]
    run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))   # Word rendered row 3 on page 2
    doc.add_paragraph("Sau bảng")
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert src.raw_tables[0].page == 1
    assert src.raw_tables[0].rows[3][1].text == "Nhiệm vụ ba"
    assert [(ln.text, ln.page) for ln in src.lines] == [("Sau bảng", 2)]


def test_list_numbers_in_a_layout_table_count_once(tmp_path):
    doc = Document()
    t = doc.add_table(rows=1, cols=2)
    t.cell(0, 0).paragraphs[0].style = doc.styles["List Number"]
    t.cell(0, 0).paragraphs[0].add_run("Trong bảng")
    doc.add_paragraph("Sau bảng", style="List Number")
    src = read_docx.open_docx(_save(doc, tmp_path))
    assert [ln.text for ln in src.lines] == ["1. Trong bảng", "2. Sau bảng"]
