"""stitch.py: page parts joined, repeated headers dropped, split rows re-joined, merged cells
propagated (also across a page break), two-row headers flattened, captions kept."""
from __future__ import annotations


from plan_extract.tables import stitch
from plan_extract.model.parts import Cell, LineEdge, RawTable, TableMeta

HEADER = ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]


def row(*texts, **spans):
    return [None if t is None else Cell(text=t, rowspan=spans.get(f"r{i}", 1), colspan=spans.get(f"c{i}", 1))
            for i, t in enumerate(texts)]


def part(page, rows, header=True, continues=False, caption=None):
    body = ([row(*HEADER)] if header else []) + rows
    return RawTable(page=page, bbox=(50, 50, 550, 800), rows=body, method="lattice",
                    meta=TableMeta(has_header=header, continues_previous=continues, caption=caption))


def texts(table):
    return [[c.text if c is not None else None for c in r.cells] for r in table.rows]


def test_flatten_two_row_header():
    top = row("TT", "Chỉ tiêu", "Phấn đấu theo từng giai đoạn", None, "Cơ quan chủ trì", r0=2, r1=2, c2=2, r4=2)
    bottom = row(None, None, "Năm 2025", "Năm 2030", None)
    labels, printed = stitch.flatten_header([top, bottom])
    assert labels == ["TT", "Chỉ tiêu", "Phấn đấu theo từng giai đoạn / Năm 2025",
                      "Phấn đấu theo từng giai đoạn / Năm 2030", "Cơ quan chủ trì"]
    assert printed == [["TT", "Chỉ tiêu", "Phấn đấu theo từng giai đoạn", "", "Cơ quan chủ trì"],
                       ["", "", "Năm 2025", "Năm 2030", ""]]


def test_fill_merged_cells_vertical_only():
    rows = [row("1", "a", "Phòng VHXH", "Các thôn", "", r2=3), row("2", "b", None, "x", ""),
            row("3", "c", None, "y", ""), row("4", "Văn phòng; các phòng", None, "", c1=1)]
    rows[3] = [Cell("4"), Cell("d"), Cell("Văn phòng; các phòng", colspan=2), None, Cell("")]
    filled = stitch.fill_merged_cells(rows)
    assert [r[2].text for r in filled] == ["Phòng VHXH"] * 3 + ["Văn phòng; các phòng"]
    assert filled[3][3] is None


def test_continuation_joined_header_dropped_split_row_rejoined():
    p1 = part(1, [row("I.", None, None, None, None), row("1.", "Tổ chức tuyên truyền Nghị quyết 57-", "Phòng Văn hóa",
                                                          "Các phòng,", "Thường")], caption="Phụ lục II DANH MỤC")
    p1.rows[1] = [Cell("I. Nâng cao nhận thức", colspan=5, bold=True), None, None, None, None]
    p2 = part(2, [row("", "NQ/TW sâu rộng", "- Xã hội", "ban, ngành", "xuyên"),
                  row("2.", "Số hóa hồ sơ", "Văn phòng", "", "9/2025")], continues=True)
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    assert table.header == HEADER and table.pages == [1, 2] and table.caption == "Phụ lục II DANH MỤC"
    assert texts(table)[1:] == [
        ["1.", "Tổ chức tuyên truyền Nghị quyết 57-NQ/TW sâu rộng", "Phòng Văn hóa - Xã hội", "Các phòng, ban, ngành",
         "Thường xuyên"],
        ["2.", "Số hóa hồ sơ", "Văn phòng", "", "9/2025"]]
    assert table.rows[1].page == 1 and table.rows[1].pages == [1, 2] and table.rows[2].page == 2


def test_new_table_when_header_differs_or_not_continuing():
    a = part(1, [row("1", "x", "y", "z", "w")])
    b = part(2, [row("1", "x", "y", "z", "w")], continues=False)
    assert len(stitch.raw_tables_to_logical([a, b])) == 2


def test_merged_cell_split_by_page_break_carries_to_covered_rows():
    p1 = part(1, [row("4.3", "Cung cấp dữ liệu", "Các phòng, đơn", "", "Khi có yêu")])
    p2 = part(2, [row("", "cho các sở", "vị thuộc Sở", "", "cầu", r2=2), row("4.4", "Nhiệm vụ khác", None, "", "")],
              continues=True)
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    assert [r.cells[2].text for r in table.rows] == ["Các phòng, đơn vị thuộc Sở"] * 2
    assert table.rows[0].cells[4].text == "Khi có yêu cầu"


def test_merged_cell_reaching_page_bottom_is_carried_when_next_cell_empty():
    p1 = part(1, [row("1", "a", "Phòng VHXH", "", "", r2=2), row("2", "b", None, "", "")])
    p2 = part(2, [row("3", "c", "", "", ""), row("4", "d", "Văn phòng", "", "")], continues=True)
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    assert [r.cells[2].text for r in table.rows] == ["Phòng VHXH", "Phòng VHXH", "Phòng VHXH", "Văn phòng"]


def test_repeated_header_row_inside_a_part_is_dropped():
    p1 = part(1, [row("1", "a", "b", "c", "d"), row(*HEADER)])
    (table,) = stitch.raw_tables_to_logical([p1])
    assert texts(table) == [["1", "a", "b", "c", "d"]]


def test_corpus_seed003_logical_tables():
    from tests.test_rows import corpus_stages
    logical = corpus_stages("seed003_ubnd_tiendien")[2]
    assert len(logical) == 2
    ind, tasks = logical
    assert ind.header[2] == "Phấn đấu theo từng giai đoạn / Năm 2025"
    assert ind.header[-1] == "Cơ quan chủ trì theo dõi, đánh giá"
    assert len(ind.header_rows) == 2 and ind.pages == [14, 15]
    assert tasks.header == HEADER and tasks.pages == list(range(16, 27))
    assert tasks.caption.startswith("Phụ lục II DANH MỤC CÁC NHIỆM VỤ TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT 71/NQ-CP")
    assert not any(r.cells[0].text == "TT" for r in tasks.rows)


def test_token_cut_by_the_page_break_is_rejoined_without_space():
    p1 = part(1, [row("3.1", "Rà soát", "Phòng QLCN&SH", "", "Chậm nhất ngày 15/10/202")])
    p2 = part(2, [row("", "", "TT", "", "5"), row("3.2", "Khác", "Văn phòng", "", "")], continues=True)
    full = {"line_width": 57.0, "width": 57.0}
    p1.meta.line_ends = {"1,2": LineEdge(inner=58.0, end=dict(full, text="QLCN&SH")),
                         "1,4": LineEdge(inner=58.0, end=dict(full, text="15/10/202")),
                         "1,1": LineEdge(inner=200.0, end=dict(full, text="soát"))}
    p2.meta.line_ends = {"1,2": LineEdge(inner=58.0, start={"glyph_width": 6.0, "text": "TT", "width": 14.0}),
                         "1,4": LineEdge(inner=58.0, start={"glyph_width": 6.0, "text": "5", "width": 6.0})}
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    assert [c.text for c in table.rows[0].cells] == ["3.1", "Rà soát", "Phòng QLCN&SHTT", "",
                                                      "Chậm nhất ngày 15/10/2025"]


def test_header_boxes_holding_the_first_row_text():
    assert stitch.header_remainders(["TT", "Tên nhiệm vụ đảm bảo các chế độ", "Cơ quan chủ trì"],
                                    ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì"]) == ["", "đảm bảo các chế độ", ""]
    assert stitch.header_remainders(["TT", "Nội dung", "Chủ trì"], ["TT", "Tên nhiệm vụ", "Chủ trì"]) is None
    p1 = part(1, [row("42.", "Tham mưu thực hiện và", "Phòng VHXH", "Phòng Kinh tế", "9/2025")])
    p2 = RawTable(page=2, bbox=(50, 50, 550, 800), method="ocr-lattice",
                  rows=[row("TT", "Tên nhiệm vụ đảm bảo chế độ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                            "Thời gian hoàn thành"), row("43.", "Đổi mới", "Phòng VHXH", "", "2025")],
                  meta=TableMeta(has_header=True, continues_previous=True))
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    assert [r.cells[1].text for r in table.rows] == ["Tham mưu thực hiện và đảm bảo chế độ", "Đổi mới"]


def test_header_repeat_as_ocr_read_it_is_dropped():
    p1 = part(1, [row("1", "a", "b", "c", "d"), row("TT.", "Tên nhiệm vu", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                                     "Thời gian hoàn thà")])
    (table,) = stitch.raw_tables_to_logical([p1])
    assert texts(table) == [["1", "a", "b", "c", "d"]]


def test_table_meta_is_typed_and_travels_with_the_table():
    """RawTable.meta is a TableMeta (no free-form dict): unknown keys fail, a changed copy leaves
    the original alone, and stitching carries it into the LogicalTable's LogicalMeta."""
    import dataclasses
    import pytest
    from plan_extract.model.parts import LogicalMeta
    p1 = part(1, [row("1", "Rà soát", "Văn phòng", "", "2025")], caption="Phụ lục II")
    assert isinstance(p1.meta, TableMeta) and p1.meta.caption == "Phụ lục II"
    with pytest.raises(TypeError):
        TableMeta(not_a_field=1)
    copy = dataclasses.replace(p1.meta, unruled_tail=True)
    assert p1.meta.unruled_tail is False and copy.unruled_tail is True and copy.caption == "Phụ lục II"
    (table,) = stitch.raw_tables_to_logical([p1])
    assert isinstance(table.meta, LogicalMeta)
    assert (table.meta.method, table.meta.parts, table.caption) == ("lattice", [[50, 50, 550, 800]], "Phụ lục II")


def test_task_merged_over_two_rows_across_a_page_break_gives_two_rows():
    """CCHC 2026 VII.3: one task (STT and text merged) over two rows with different leads and
    deadlines, the page break between them: the second page's row is a row of its own that
    takes the number and text, not the rest of a split row."""
    p1 = part(1, [row("3", "Tham mưu ban hành Kế hoạch tuyên truyền", "Sở Nội vụ", "", "Tháng 01/2026")])
    p2 = part(2, [row("", "", "Các cơ quan, đơn vị, địa phương", "Sở Nội vụ", "Thường xuyên"),
                  row("4", "Khác", "Văn phòng", "", "2026")], continues=True)
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    assert texts(table) == [["3", "Tham mưu ban hành Kế hoạch tuyên truyền", "Sở Nội vụ", "", "Tháng 01/2026"],
                            ["3", "Tham mưu ban hành Kế hoạch tuyên truyền", "Các cơ quan, đơn vị, địa phương",
                             "Sở Nội vụ", "Thường xuyên"],
                            ["4", "Khác", "Văn phòng", "", "2026"]]
    # a split row whose rest prints only the task text still joins
    p2 = part(2, [row("", "và tổ chức thực hiện", "", "", ""), row("4", "Khác", "Văn phòng", "", "2026")],
              continues=True)
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    assert table.rows[0].cells[1].text == "Tham mưu ban hành Kế hoạch tuyên truyền và tổ chức thực hiện"


NO_NUMBER = ["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]


def _no_number_part(page, rows, continues=False):
    return RawTable(page=page, bbox=(50, 50, 550, 800), rows=[row(*NO_NUMBER)] + rows, method="lattice",
                    meta=TableMeta(has_header=True, continues_previous=continues))


def test_split_row_rejoined_without_a_number_column():
    """No number column (matrix style no_number, held out): the rest of a split row opens in lower
    case (LibreOffice prints every cell's rest; Chromium only the task's); a row that opens a
    sentence, or a lettered item, is a row of its own; an empty task cell beside filled cells
    continues too."""
    first = _no_number_part(3, [row("Tổng hợp, báo cáo kết quả thực hiện Kế hoạch;", "Sở Nội vụ",
                                    "Văn phòng Ủy", "Trước ngày")])
    rest = _no_number_part(4, [row("tham mưu Ủy ban nhân dân tỉnh sơ kết.", "", "ban nhân dân tỉnh", "15/12/2026"),
                               row("Ứng dụng trí tuệ nhân tạo.", "Sở Khoa học và Công nghệ", "", "Quý III/2026")],
                           continues=True)
    t, = stitch.raw_tables_to_logical([first, rest])
    assert texts(t) == [
        ["Tổng hợp, báo cáo kết quả thực hiện Kế hoạch; tham mưu Ủy ban nhân dân tỉnh sơ kết.", "Sở Nội vụ",
         "Văn phòng Ủy ban nhân dân tỉnh", "Trước ngày 15/12/2026"],
        ["Ứng dụng trí tuệ nhân tạo.", "Sở Khoa học và Công nghệ", "", "Quý III/2026"]]
    assert t.rows[0].pages == [3, 4]

    chrome = _no_number_part(3, [row("minh bạch kết quả tuyển dụng.", "", "", "")], continues=True)
    t, = stitch.raw_tables_to_logical([_no_number_part(2, [row("Tổ chức thi tuyển; công khai,", "Sở Nội vụ", "", "Quý III/2026")]),
                                       chrome])
    assert texts(t) == [["Tổ chức thi tuyển; công khai, minh bạch kết quả tuyển dụng.", "Sở Nội vụ", "", "Quý III/2026"]]

    for start in ("Tăng cường kỷ luật, kỷ cương.", "a) tổ chức hội nghị sơ kết."):
        t, = stitch.raw_tables_to_logical([_no_number_part(2, [row("Rà soát văn bản.", "Sở Tư pháp", "", "Quý II/2026")]),
                                           _no_number_part(3, [row(start, "Sở Nội vụ", "", "2026")], continues=True)])
        assert len(t.rows) == 2, start

    t, = stitch.raw_tables_to_logical([_no_number_part(2, [row("Rà soát văn bản quy phạm", "Sở Tư pháp", "Các sở,", "")]),
                                       _no_number_part(3, [row("", "", "ban, ngành", "Quý II/2026")], continues=True)])
    assert texts(t) == [["Rà soát văn bản quy phạm", "Sở Tư pháp", "Các sở, ban, ngành", "Quý II/2026"]]
def _boxed(page, columns, rows, header):
    """A ruled OCR part: each row's cells boxed on `columns` (x boundaries), 20 pt high."""
    out = []
    for r, texts_ in enumerate(([HEADER] if header else []) + rows):
        top = 50 + 20 * r
        out.append([Cell(text=t, bbox=(columns[k], top, columns[k + 1], top + 20)) for k, t in enumerate(texts_)])
    t = RawTable(page=page, bbox=(columns[0], 50, columns[-1], 50 + 20 * len(out)), rows=out, method="ocr-lattice",
                 meta=TableMeta(has_header=header, continues_previous=not header))
    t.meta.columns = list(columns)
    return t


def test_continuation_with_a_rule_more_keeps_every_column_role():
    # page 2 of a scan: a stray vertical rule splits the task column; the deadline stays in the
    # deadline column (matched by x-overlap), not in an unnamed extra column
    cols = [50, 80, 300, 380, 460, 540]
    p1 = _boxed(1, cols, [["1.", "Tuyên truyền", "Phòng Văn hóa", "Các thôn", "Quý III/2025"]], header=True)
    split = [50, 80, 200, 303, 378, 462, 540]
    p2 = _boxed(2, split, [["2.", "Số hóa hồ sơ,", "kết quả", "Văn phòng", "", "Thường xuyên"]], header=False)
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    assert table.header == HEADER
    assert texts(table) == [["1.", "Tuyên truyền", "Phòng Văn hóa", "Các thôn", "Quý III/2025"],
                            ["2.", "Số hóa hồ sơ, kết quả", "Văn phòng", "", "Thường xuyên"]]


def test_continuation_with_a_rule_missing_spans_the_columns_it_covers():
    cols = [50, 80, 300, 380, 460, 540]
    p1 = _boxed(1, cols, [["1.", "Tuyên truyền", "Phòng Văn hóa", "Các thôn", "Năm 2025"]], header=True)
    p2 = _boxed(2, [50, 80, 300, 460, 540], [["2.", "Số hóa hồ sơ", "Văn phòng; các thôn", "9/2025"]], header=False)
    (table,) = stitch.raw_tables_to_logical([p1, p2])
    second = table.rows[1].cells
    assert [c.text if c is not None else None for c in second] == ["2.", "Số hóa hồ sơ", "Văn phòng; các thôn", None,
                                                                     "9/2025"]
    assert second[2].colspan == 2


def test_map_to_columns_keeps_positions_under_a_merged_cell_covered():
    cols = [0, 10, 20, 30]
    rows = [[Cell("a", bbox=(0, 0, 10, 10)), Cell("b", bbox=(10, 0, 21, 20), rowspan=2), Cell("c", bbox=(21, 0, 30, 10))],
            [Cell("d", bbox=(0, 10, 10, 20)), None, Cell("e", bbox=(21, 10, 30, 20))]]
    out = stitch.map_to_columns(rows, cols)
    assert [c.text if c is not None else None for c in out[0]] == ["a", "b", "c"]
    assert out[1][1] is None and out[1][0].text == "d" and out[1][2].text == "e"


def test_last_rows_printed_without_any_rule_on_the_next_page():
    """cd_unruled_tail (a check document: rows 11-12 printed at the top of page 2 without rule,
    header or frame, after a ruled table; they were lost): read at the ruled part's columns
    (find.unruled_continuation), every row as the gold has it; the signature block under them,
    past a wide white gap, is not a row."""
    import json
    from pathlib import Path

    from plan_extract import extract
    here = Path(__file__).resolve().parent / "checkdocs"
    plan = extract(here / "cd_unruled_tail.pdf").to_dict()
    gold = json.loads((here / "cd_unruled_tail.gold.json").read_text(encoding="utf-8"))
    cells = lambda t: (t["number"], t["text"], t["lead_raw"], t["coordinators_raw"] or "", (t["deadline"] or {}).get("raw"))
    assert [cells(t) for t in plan["tasks"]] == [cells(t) for t in gold["tasks"]]
    assert [t["source"]["page"] for t in plan["tasks"]][-2:] == [2, 2]
