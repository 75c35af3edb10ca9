"""Tables ruled inside only and tables ruled with dotted lines (issue 12), on the layout matrix
PDFs of the held-out styles `inner_only` (a grid of inner rules without its outer frame) and
`dotted_inner` (Chromium draws each dot of a dotted rule as a small square: thousands of
edges). Both were missed or misread at their one measure and tuned on since: the finder bounds
a grid by its inner rules (geometry.frame_inner_grids) and joins dotted and dashed rules into
one edge each (geometry.join_dashes)."""
from __future__ import annotations

import pytest

from plan_extract import extract
from plan_extract.geometry import frame_inner_grids, join_dashes
from plan_extract.tables.find import page_rules
from tests.matrixdocs import extracted_and_gold, indicator_cells, open_pages, task_cells



@pytest.mark.parametrize("doc", ["mx_inner_only_docx", "mx_inner_only_rl", "mx_inner_only_chrome",
                                 "mx_dotted_inner_chrome"])
def test_inner_and_dotted_rules_read_cell_for_cell(doc):
    plan, gold = extracted_and_gold(doc)
    assert [task_cells(t) for t in plan["tasks"]] == [task_cells(t) for t in gold["tasks"]]
    assert [indicator_cells(i) for i in plan["indicators"]] == [indicator_cells(i) for i in gold["indicators"]]
    assert not [i for i in plan["issues"] if i["code"] == "table-not-found"]


def _pages(doc: str, reader: str):
    return open_pages(doc, reader)


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_dotted_rules_become_one_edge_each(reader):
    """Page 2 of the Chromium dotted_inner document: the dots of its four column rules and its
    row rules are tens of thousands of edges under a point long; joined, a few dozen rules,
    each column rule running down the table."""
    src = _pages("mx_dotted_inner_chrome", reader)
    try:
        page = src.pages[1]
        raw = page.edges
        rules = page_rules(page)
        assert sum(1 for e in raw if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) < 3) > 5000
        assert len(rules) < len(raw) / 50
        long_v = [e for e in rules if e["orientation"] == "v" and e["bottom"] - e["top"] > 300]
        xs = sorted({round(e["x0"]) for e in long_v})
        # the four inner column rules (each drawn as two columns of dots' sides) are joined
        assert len({x // 5 for x in xs}) >= 4
    finally:
        src.close()


@pytest.mark.parametrize("doc", ["mx_grid_docx", "mx_grid_chrome", "mx_grid_rl", "mx_hrules_docx",
                                 "mx_frame_hrules_chrome", "mx_header_rule_docx"])
def test_no_side_added_to_a_framed_or_unruled_grid(doc):
    """A full grid has every side drawn and rules without columns bound nothing: no edge is
    added, and a solid rule is not taken for dots."""
    src = _pages(doc, "pdfium")
    try:
        for page in src.pages:
            joined = join_dashes(page.edges)
            assert frame_inner_grids(joined) == []
            assert len(joined) == len(page.edges)
    finally:
        src.close()


def _covered(edges, x) -> list[tuple[float, float]]:
    """The stretches of x that the vertical edges at x cover (touching ones joined)."""
    out: list[list[float]] = []
    for e in sorted((e for e in edges if e["orientation"] == "v" and abs(e["x0"] - x) < 0.5), key=lambda e: e["top"]):
        if out and e["top"] <= out[-1][1] + 0.5:
            out[-1][1] = max(out[-1][1], e["bottom"])
        else:
            out.append([e["top"], e["bottom"]])
    return [tuple(round(v, 1) for v in s) for s in out]


def test_inner_grid_gets_its_frame_across_title_rows():
    """Page 2 of the LibreOffice inner_only document: column rules stop at the section title rows
    (no column rule crosses them), rows are ruled across the table's width; the added sides run
    unbroken from the top of the header to the bottom of the page's last row, title rows
    included, with a top side over the header (the bottom is the last row rule)."""
    src = _pages("mx_inner_only_docx", "pdfium")
    try:
        page = src.pages[1]
        added = frame_inner_grids(page.edges)
        rows = [e for e in page.edges if e["orientation"] == "h"]
        cols = [e for e in page.edges if e["orientation"] == "v"]
        top, bottom = min(c["top"] for c in cols), max(c["bottom"] for c in cols)
        for x in (min(e["x0"] for e in rows), max(e["x1"] for e in rows)):
            stretch = _covered(added, x)
            assert len(stretch) == 1
            assert stretch[0][0] == pytest.approx(top, abs=0.1)
            assert stretch[0][1] == pytest.approx(bottom, abs=0.5)
        tops = [e for e in added if e["orientation"] == "h"]
        assert [round(e["top"], 1) for e in tops] == [round(top, 1)]
    finally:
        src.close()


# ----------------------------------------------------------------------------- late held-out styles

@pytest.mark.parametrize("doc", ["mx_dense_spaced_docx", "mx_dense_spaced_rl"])
def test_indicator_table_under_a_task_table_read_cell_for_cell(doc):
    """dense_spaced: the indicator table right under the task table's end, on the same page, in a
    frame with row rules only; its 'TT' label wraps letter by letter ('T' over 'T') and vertical
    centring staggers 'Chỉ tiêu' and 'Đơn vị tính' by half a line: neither is a row number nor a
    parent label, the columns come from the header; '≥ 10,' + '5%' is one number."""
    plan, gold = extracted_and_gold(doc)
    assert [indicator_cells(i) for i in plan["indicators"]] == [indicator_cells(i) for i in gold["indicators"]]
    assert [task_cells(t) for t in plan["tasks"]] == [task_cells(t) for t in gold["tasks"]]
    assert not [i for i in plan["issues"] if i["code"] == "table-not-found"]


def test_year_broken_in_a_narrow_deadline_column():
    """narrow_deadline, Chromium: 'Quý IV/202' + '6' in a column too narrow for the date."""
    plan, gold = extracted_and_gold("mx_narrow_deadline_chrome")
    assert [task_cells(t) for t in plan["tasks"]] == [task_cells(t) for t in gold["tasks"]]
    when = lambda t: [(t["deadline"] or {}).get(k) for k in ("raw", "kind", "start", "due")]
    assert [when(t) for t in plan["tasks"]] == [when(t) for t in gold["tasks"]]


def test_line_joins_inside_a_year_and_a_decimal_number():
    from plan_extract.text import join_lines, mid_token
    assert join_lines(["Quý IV/202", "6"]) == "Quý IV/2026"
    assert join_lines(["Trước ngày 30/6/20", "26."]) == "Trước ngày 30/6/2026."
    assert join_lines(["Quý IV/202", "6 và năm 2027"]) == "Quý IV/2026 và năm 2027"
    # four digits that are no year, a year without a date's slash, more than four digits,
    # or a number that goes on with a slash (a document number): as printed
    assert join_lines(["Tổ 1/202", "60"]) == "Tổ 1/202 60"
    assert join_lines(["năm 202", "6"]) == "năm 202 6"
    assert join_lines(["Tổ 1/20", "7"]) == "Tổ 1/20 7"
    assert join_lines(["số 25/202", "6/NĐ-CP"]) == "số 25/202 6/NĐ-CP"
    # a decimal number broken at its mark in a cell too narrow for it; a comma at a normal wrap stays
    end = {"line_width": 20.0, "text": "10,", "width": 14.0}
    assert mid_token(end, {"glyph_width": 5.0, "text": "5%", "width": 12.0}, 25.0)
    assert not mid_token(end, {"glyph_width": 5.0, "text": "5%", "width": 12.0}, 60.0)
    assert not mid_token({"line_width": 20.0, "text": "Sở,", "width": 14.0},
                         {"glyph_width": 5.0, "text": "5%", "width": 12.0}, 25.0)


# ----------------------------------------------------------------------------- repeated header, no number column

@pytest.mark.parametrize("rules", ["grid", "frame", "hrules", "booktabs", "header", "none"])
def test_header_printed_again_in_a_table_without_a_number_column(tmp_path, rules):
    """The two-row header printed again twice on a page (a producer repeating it, tables pasted
    one under the other) in a table without a number column, a row cut in two around the second
    repeat, rows split over pages: a frame or booktabs rules give box rows between the repeated
    headers holding several rows each, told apart by the white between rows (there is no number
    to cut at), and the rows under the last rule at the foot of the page likewise. Ruled under
    its header only ('header', 10/20 rows before), each rule stands under a copy of the header:
    rules that part no rows (find._header_rules_only), read as a table without rules."""
    from tests.layoutpdf import draw_table_plan
    from tests.test_layout_groups import TIME_HEADER, TIME_WIDTHS, _timed_rows
    rows, want = _timed_rows()
    rows, want = [r[1:] for r in rows], [w[1:] for w in want]
    text = rows[7][0]
    cut = text.index(" ", len(text) // 2)
    first = [text[:cut], rows[7][1], "", rows[7][3], rows[7][4]]
    rest = [text[cut + 1:], "", rows[7][2], "", ""]
    drawn = rows[:3] + [{"header": True}] + rows[3:7] + [first, {"header": True}, rest] + rows[8:]
    path = tmp_path / f"again_{rules}.pdf"
    draw_table_plan(path, [r[1:] for r in TIME_HEADER], TIME_WIDTHS[1:], drawn, rules=rules, bottom=790.0,
                    align=["left", "center", "center", "center", "center"])
    got = [(t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw if t.deadline else None,
            next((v for k, v in t.extra.items() if k.endswith("Bắt đầu")), None)) for t in extract(path).tasks]
    assert got == want


# ----------------------------------------------------------------------------- a parent label over year columns

IND_ROWS = [
    ["1", "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "%", "80%", "85%", "90%",
     "Văn phòng Ủy ban nhân dân tỉnh"],
    ["2", "Tỷ lệ hồ sơ giải quyết thủ tục hành chính được số hóa", "%", "≥ 70%", "≥ 80%", "≥ 90%",
     "Ủy ban nhân dân các xã, phường"],
    ["3", "Mức độ hài lòng của người dân, doanh nghiệp", "%", "≥ 90%", "≥ 90%", "≥ 92%", "Sở Nội vụ"],
    ["4", "Số nền tảng số dùng chung được triển khai", "Nền tảng", "5", "7", "9", "Sở Khoa học và Công nghệ"]]


@pytest.mark.parametrize("rules", ["grid", "frame", "hrules", "booktabs", "header", "none"])
@pytest.mark.parametrize("parent", ["Lộ trình thực hiện", "Mục tiêu các năm"])
def test_one_label_over_the_year_columns_of_an_indicator_table(tmp_path, rules, parent):
    """An indicator table whose year columns stand under one label merged over them: the label
    names no column of its own, however its width falls over the years (centred over the middle
    year only: 'Lộ trình thực hiện' over '2026 | 2027 | 2028', read without rules too)."""
    from tests.layoutpdf import draw_table_plan
    header = [["TT", "Chỉ tiêu", "Đơn vị tính", parent, "<", "<", "Cơ quan chủ trì"],
              ["^", "^", "^", "2026", "2027", "2028", "^"]]
    path = tmp_path / f"ind_{rules}.pdf"
    draw_table_plan(path, header, [30, 170, 50, 50, 50, 50, 100], IND_ROWS, rules=rules,
                    align=["center", "left", "center", "center", "center", "center", "left"])
    plan = extract(path)
    got = [(i.number, i.name, i.unit_of_measure, {y: (t.raw if t else None) for y, t in i.targets.items()}, i.lead_raw)
           for i in plan.indicators]
    assert got == [(r[0], r[1], r[2], {"2026": r[3], "2027": r[4], "2028": r[5]}, r[6]) for r in IND_ROWS]
