"""tables.py: cell boxes -> rows with spans, cell text as printed, data tables told from layout
tables, ruled and borderless tables on PDFs rendered here, and the corpus's appendix tables."""
from __future__ import annotations

from pathlib import Path

import pytest

from plan_extract.readers import pdf as read
from plan_extract.tables import stitch
from plan_extract.interpret import tasks as rows
from plan_extract.tables import find as tables
from plan_extract.model.parts import Cell

CORPUS = Path(__file__).parent / "corpus"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"


def chars(text, x0, top, size=10.0, font="Times-Roman", width=None):
    """Synthetic pdfplumber glyphs for one line of text (spaces as gaps)."""
    out, x = [], x0
    w = width or size * 0.5
    for ch in text:
        if ch != " ":
            out.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size,
                        "fontname": font})
        x += w
    return out


# ----------------------------------------------------------------------------- pure steps

def test_cluster_values():
    assert tables.cluster_values([10, 10.5, 11.2, 50, 51], 2.0) == pytest.approx([10.5667, 50.5], abs=1e-3)


def test_grid_to_rows_spans_and_none_for_covered_positions():
    boxes = [(0, 0, 10, 10), (10, 0, 30, 10),                # header
             (0, 10, 10, 20), (10, 10, 20, 20), (20, 10, 30, 30),   # a cell merged over 2 rows
             (0, 20, 10, 30), (10, 20, 20, 30)]
    got = tables.grid_to_rows(boxes, chars("Lead", 21, 12, size=4, width=1.5))
    assert [[None if c is None else (c.text, c.rowspan, c.colspan) for c in r] for r in got] == [
        [("", 1, 1), ("", 1, 2), None],
        [("", 1, 1), ("", 1, 1), ("Lead", 2, 1)],
        [("", 1, 1), ("", 1, 1), None],
    ]


@pytest.mark.parametrize("lines,expected", [
    (["Nghị quyết 57-", "NQ/TW ngày"], "Nghị quyết 57-NQ/TW ngày"),
    (["Phòng Văn hóa", "- Xã hội"], "Phòng Văn hóa - Xã hội"),
    (["Phòng Hành chính –", "Tổng hợp"], "Phòng Hành chính – Tổng hợp"),
    (["Thời gian thực", "hiện"], "Thời gian thực hiện"),
    (["  Các phòng,  đơn ", "vị thuộc Sở "], "Các phòng, đơn vị thuộc Sở"),
])
def test_cell_text_joins_lines_as_printed(lines, expected):
    glyphs = []
    for i, line in enumerate(lines):
        glyphs += chars(line, 5, 10 + 14 * i)
    text, bold = tables.cell_text(glyphs)
    assert text == expected and not bold


def test_cell_text_bold_nfc_and_decomposed_marks():
    import unicodedata
    glyphs = chars(unicodedata.normalize("NFD", "Hoàn thiện"), 0, 0, font="ABCDEF+TimesNewRomanPS-BoldMT")
    text, bold = tables.cell_text(glyphs)
    assert bold and unicodedata.is_normalized("NFC", text)


def test_is_data_header():
    header = [[Cell("TT"), Cell("Tên nhiệm vụ"), Cell("Cơ quan chủ trì"), Cell("Thời gian hoàn thành")]]
    letterhead = [[Cell("ỦY BAN NHÂN DÂN XÃ TIÊN ĐIỀN"), Cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
                  [Cell("Số: 152/KH-UBND"), Cell("Tiên Điền, ngày 20 tháng 5 năm 2025")]]
    signature = [[Cell("Nơi nhận: - Như trên;"), Cell("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH")]]
    assert tables.is_data_header(header)
    assert not tables.is_data_header(letterhead)
    assert not tables.is_data_header(signature)


def test_header_height_two_rows_and_numbering_row():
    top = [Cell("TT", rowspan=2), Cell("Chỉ tiêu", rowspan=2), Cell("Phấn đấu", colspan=2), None]
    bottom = [None, None, Cell("Năm 2025"), Cell("Năm 2030")]
    numbering = [Cell("(1)"), Cell("(2)"), Cell("(3)"), Cell("(4)")]
    data = [Cell("1"), Cell("x"), Cell("9"), Cell("9")]
    assert tables.header_height([top, bottom, data]) == 2
    assert tables.header_height([top, bottom, numbering, data]) == 3


def test_column_bounds_follow_the_gutters_not_the_label_centres():
    labels = [(85, 95), (150, 190), (270, 300)]           # labels centred over their columns
    body = [chars("12.", 80, 0) + chars("Nhiệm vụ dài dài", 110, 0) + chars("Phòng", 262, 0),
            chars("tiếp theo nữa nè", 110, 14)]
    bounds = tables.column_bounds(labels, body, 75, 400)
    assert 95 < bounds[1] < 110 and 190 < bounds[2] < 262


def test_settings_resolve_and_checks():
    assert tables.TableSettings.resolve(None) == tables.TableSettings()
    assert tables.TableSettings.resolve({"snap_tolerance": 2}).snap_tolerance == 2
    s = tables.TableSettings()
    assert tables.TableSettings.resolve(s) is s
    with pytest.raises(ValueError):
        tables.TableSettings(snap_tolerance=-1)
    with pytest.raises(ValueError):
        tables.TableSettings(top_share=2)
    with pytest.raises(TypeError):
        tables.TableSettings.resolve(3)


# ----------------------------------------------------------------------------- rendered PDFs

def render_task_pdf(path: Path, ruled: bool, n: int = 30, repeat_header: bool = True) -> None:
    """A letterhead (borderless layout table), a caption, a task table of n rows over several
    pages with a repeated header; ruled: grid lines, a section row spanning the table and a lead
    cell merged over rows 1-3."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    pdfmetrics.registerFont(TTFont("DV", FONT))
    pdfmetrics.registerFont(TTFont("DVB", FONT_BOLD))
    st = ParagraphStyle("n", fontName="DV", fontSize=10, leading=13)
    sb = ParagraphStyle("b", fontName="DVB", fontSize=10, leading=13)

    def p(text, bold=False):
        return Paragraph(text, sb if bold else st)
    letterhead = Table([[p("ỦY BAN NHÂN DÂN", True), p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True)],
                        [p("Số: 45/KH-UBND"), p("Tiên Điền, ngày 12 tháng 6 năm 2025")]], colWidths=[200, 300])
    data = [[p("TT", True), p("Nội dung nhiệm vụ", True), p("Cơ quan chủ trì", True), p("Cơ quan phối hợp", True),
             p("Thời hạn", True)],
            [p("I", True), p("Nâng cao nhận thức", True), "", "", ""]]
    for i in range(1, n + 1):
        data.append([p(f"{i}."), p(f"Nhiệm vụ số {i} triển khai Nghị quyết số 57-NQ/TW về chuyển đổi số, "
                                   "tổ chức tuyên truyền sâu rộng"),
                     p("Phòng Văn hóa - Xã hội") if (i > 3 or i == 1 or not ruled) else "",
                     p("Các phòng, ban"), p("Quý II/2025")])
    table = Table(data, colWidths=[30, 230, 100, 90, 70], repeatRows=1 if repeat_header else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style += [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (1, 1), (-1, 1)), ("SPAN", (2, 2), (2, 4))]
    table.setStyle(TableStyle(style))
    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=40, bottomMargin=40)
    doc.build([letterhead, Spacer(1, 20), p("Phụ lục", True), p("DANH MỤC NHIỆM VỤ", True), Spacer(1, 10),
               table, Spacer(1, 20), p("TM. ỦY BAN NHÂN DÂN", True)])


def _tasks(path):
    src = read.open_document(path, ocr=False)
    try:
        raw = tables.pages_to_raw_tables(src.pages, None)
        logical = stitch.raw_tables_to_logical(raw)
        return raw, logical, [t for lt in logical if rows.classify_table(lt) == "tasks"
                              for t in rows.table_to_tasks(lt)]
    finally:
        src.close()


EXPECTED_TEXT = "Nhiệm vụ số {} triển khai Nghị quyết số 57-NQ/TW về chuyển đổi số, tổ chức tuyên truyền sâu rộng"


@pytest.mark.parametrize("ruled,repeat", [(True, True), (False, True), (True, False), (False, False)],
                         ids=["ruled", "borderless", "ruled-header-once", "borderless-header-once"])
def test_rendered_task_table(tmp_path, ruled, repeat):
    path = tmp_path / f"tasks_{ruled}_{repeat}.pdf"
    render_task_pdf(path, ruled, repeat_header=repeat)
    raw, logical, tasks = _tasks(path)
    assert {t.method for t in raw} == {"lattice" if ruled else "stream"}
    assert len(logical) == 1 and len({t.page for t in raw}) >= 2         # one table over several pages
    assert logical[0].caption == "Phụ lục DANH MỤC NHIỆM VỤ"
    assert [t.number for t in tasks] == [f"{i}." for i in range(1, 31)]
    for i, t in enumerate(tasks, 1):
        assert (t.section, t.section_title) == ("I", "Nâng cao nhận thức")
        assert t.text == EXPECTED_TEXT.format(i)
        assert (t.lead_raw, t.coordinators_raw, t.deadline.raw) == ("Phòng Văn hóa - Xã hội", "Các phòng, ban",
                                                                   "Quý II/2025")
    assert tasks[-1].source.page == raw[-1].page


# ----------------------------------------------------------------------------- corpus

def test_corpus_seed003_one_table_per_appendix_page():
    from tests.test_rows import corpus_stages
    raw = corpus_stages("seed003_ubnd_tiendien")[1]
    assert [t.page for t in raw] == list(range(14, 27))
    assert all(t.method == "lattice" for t in raw)
    assert [t.meta.has_header for t in raw] == [True] * 13                  # header repeats on every page
    assert [t.meta.continues_previous for t in raw] == [False, True, False] + [True] * 10
    assert raw[0].meta.caption.startswith("Phụ lục I DANH MỤC CÁC CHỈ TIÊU CỤ THỂ")
    assert raw[2].meta.caption.startswith("Phụ lục II DANH MỤC CÁC NHIỆM VỤ")


# ----------------------------------------------------------------------------- tokens cut at a line end

def _cell(lines, width=60.0, pad=3.0, size=10.0):
    glyphs = []
    for i, line in enumerate(lines):
        glyphs += chars(line, pad, 10 + 14 * i, size=size)
    return tables.cell_text(glyphs, (0.0, 0.0, width, 100.0), pad)[0]


@pytest.mark.parametrize("lines,width,expected", [
    (["15/10/202", "5"], 50.0, "15/10/2025"),                 # digits cut in a full line
    (["QLCN&SH", "TT"], 40.0, "QLCN&SHTT"),                   # capitals cut
    (["Văn phòng H", "ĐND-UBND-TW"], 58.0, "Văn phòng HĐND-UBND-TW"),
    (["THƯỜ", "NG"], 26.0, "THƯỜNG"),                         # a fragment without a vowel
    (["Thường", "xuyên"], 36.0, "Thường xuyên"),              # a normal wrap at a space
    (["ĐND-UBND", "xã; phòng"], 46.0, "ĐND-UBND xã; phòng"),  # code then a lower-case word
    (["Phòng", "QLCN&SHTT"], 52.0, "Phòng QLCN&SHTT"),
    (["Trước ngày", "15/12/2025"], 56.0, "Trước ngày 15/12/2025"),
    (["QLCN&SHTT", "; TT Thông tin"], 80.0, "QLCN&SHTT; TT Thông tin"),   # a line opening with ";"
])
def test_cell_text_rejoins_tokens_cut_at_the_line_end(lines, width, expected):
    assert _cell(lines, width) == expected


def test_narrow_header_label_wrapped_inside_the_word():
    assert rows.role_of("ST T") == "number"
    assert rows.role_of("Thời gian thực hi ện") is not None


def test_caption_on_previous_page_and_table_without_number_column(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    pdfmetrics.registerFont(TTFont("DV", FONT))
    st = ParagraphStyle("n", fontName="DV", fontSize=10, leading=13)
    data = [[Paragraph(h, st) for h in ("Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn")]]
    data += [[Paragraph(f"Việc thứ {i} cần làm ngay", st), Paragraph("Văn phòng", st), Paragraph("", st),
              Paragraph("Năm 2025", st)] for i in range(1, 60)]
    table = Table(data, colWidths=[200, 90, 90, 70], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    path = tmp_path / "caption.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("Nội dung văn bản.", st), Spacer(1, 560), Paragraph("Phụ lục III", st),
         Paragraph("CÁC VIỆC CẦN LÀM", st), PageBreak(), table])
    raw, logical, tasks = _tasks(path)
    assert raw[0].page == 2 and logical[0].caption == "Phụ lục III CÁC VIỆC CẦN LÀM"
    assert [t.text for t in tasks] == [f"Việc thứ {i} cần làm ngay" for i in range(1, 60)]
    assert all(t.number is None and t.lead_raw == "Văn phòng" and t.coordinators_raw == "" for t in tasks)


def _ocr_part(columns, method="ocr-lattice", width=595.0):
    from plan_extract.model.parts import RawTable, TableMeta
    row = [Cell(text="x", bbox=(a, 100, b, 120)) for a, b in zip(columns, columns[1:])]
    return RawTable(page=1, bbox=(columns[0], 100, columns[-1], 120), rows=[row], method=method,
                    meta=TableMeta(columns=list(columns), width=width))


@pytest.mark.parametrize("a, b, method, same", [
    ([50, 80, 300, 380, 460, 540], [50, 80, 200, 303, 378, 462, 540], "ocr-lattice", True),   # a rule more
    ([50, 80, 300, 380, 460, 540], [52, 81, 299, 461, 538], "ocr-lattice", True),             # a rule missed
    ([50, 80, 300, 380, 460, 540], [50, 80, 200, 303, 378, 462, 540], "lattice", False),      # native: exact
    ([50, 80, 300, 380, 460, 540], [50, 120, 250, 340, 420, 500, 540], "ocr-lattice", False),  # other columns
    ([50, 80, 300, 380, 460, 540], [50, 80, 300, 380, 460, 600, 640], "ocr-lattice", False),  # wider
])
def test_scan_parts_with_a_rule_more_or_less_are_one_layout(a, b, method, same):
    assert tables._same_layout(_ocr_part(a, method), _ocr_part(b, method)) is same


# ----------------------------------------------------------------------------- lattice finder

def _plumber_tables(edges, width=600.0, height=850.0):
    """pdfplumber's own TableFinder on these edges, with the settings find_lattice uses."""
    from pdfplumber.table import TableFinder

    class EdgePage:
        def __init__(self):
            self.edges, self.bbox = edges, (0, 0, width, height)
    found = TableFinder(EdgePage(), tables.TableSettings().plumber_settings()).tables
    return [([tuple(c) for c in t.cells], t.bbox) for t in found]


def _our_tables(edges):
    from plan_extract.tables import lattice
    s = tables.TableSettings()
    found = lattice.find_tables(edges, s.snap_tolerance, s.join_tolerance, s.intersection_tolerance, s.edge_min_length)
    return [(list(t.cells), t.bbox) for t in found]


def test_lattice_finder_equals_pdfplumber_on_corpus_pages():
    """tables/lattice.py gives pdfplumber's cells, in pdfplumber's order, on every ruled page of
    the corpus PDFs (ruled grids, merged cells, dashed rules, tables side by side)."""
    pages = 0
    for path in sorted((CORPUS / "pdf").glob("*.pdf")):
        if "__scan" in path.stem:
            continue
        src = read.open_document(path, ocr=False)
        try:
            for page in src.pages:
                if page.edges:
                    edges = tables.page_rules(page)
                    mine = _our_tables(edges)
                    assert mine == _plumber_tables(edges, page.width, page.height), (path.name, page.number)
                    pages += bool(mine)
        finally:
            src.close()
    assert pages >= 10


def test_lattice_finder_equals_pdfplumber_on_random_edges():
    """Random rules near a grid (jittered by less and more than the snap tolerance, overlapping,
    too short, pieces to join): the same cells and tables as pdfplumber's finder."""
    import random
    rng = random.Random(14)
    found = 0
    for _ in range(1500):
        edges = []
        for _ in range(rng.randint(0, 30)):
            at = rng.choice([0, 10, 20, 30, 40, 50]) + rng.choice([0, 0, 0.5, 1.3, 2.9, 3.1, -0.7, 0.1])
            if rng.random() < 0.2:
                at = rng.uniform(0, 60)
            start, length = rng.uniform(-5, 55), rng.choice([0.5, 2, 3, 10, 20, 50, rng.uniform(0, 60)])
            if rng.random() < 0.5:
                edges.append({"orientation": "v", "x0": at, "x1": at, "top": start, "bottom": start + length,
                              "height": length, "width": 0.0})
            else:
                edges.append({"orientation": "h", "x0": start, "x1": start + length, "top": at, "bottom": at,
                              "width": length, "height": 0.0})
        mine = _our_tables(edges)
        assert mine == _plumber_tables(edges)
        found += bool(mine)
    assert found >= 40
