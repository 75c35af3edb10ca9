"""Column roles beyond the header vocabulary (issue 12): every vocab/columns.yaml entry, roles
by content for headers that are not understood, one cell naming both roles, header
continuation rows, sections with subsections, and tables that are reported instead of dropped."""
from __future__ import annotations

import re

import pytest

from plan_extract import vocab
from plan_extract.interpret import tasks as rows
from plan_extract.model.parts import Cell, LogicalMeta, LogicalTable, Row
from plan_extract.tables import headers
from tests.real.gold import document_path, load_gold, real_available


def _row(*texts, bold=False, span=None):
    return Row(cells=[None if t is None else Cell(text=t, bold=bold, colspan=span or 1) for t in texts], page=1)


def _table(header, body, understood=True):
    return LogicalTable(index=0, header=list(header), header_rows=[list(header)], rows=body, pages=[1],
                        meta=LogicalMeta(method="lattice", header_understood=understood))


# ----------------------------------------------------------------------------- vocabulary

def _column_entries():
    data = vocab.load("columns.yaml")
    for key in ("unit_starts", "time_patterns", "unit_lines"):
        for e in data[key]:
            yield key, e
    for role, entries in data["role_labels"].items():
        for e in entries:
            yield f"role_labels.{role}", e
    for place, entries in data["role_phrases"].items():
        for e in entries:
            yield f"role_phrases.{place}", e


@pytest.mark.parametrize("kind,entry", list(_column_entries()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_columns_entry_does_its_job(kind, entry):
    assert entry.get("seen_in"), "every vocabulary entry names where it was seen"
    if kind == "unit_starts":
        name = entry["phrase"].capitalize() + " Lâm Đồng"
        assert headers.looks_like_unit(name) and headers.looks_like_unit(name.upper())
    elif kind == "time_patterns":
        assert re.search(entry["pattern"], "x") is None
        assert headers.looks_like_time(entry["example"])
    elif kind == "unit_lines":
        assert headers.is_unit_line([Cell(text=f"{entry['phrase']}: triệu đồng"), Cell(text=""), None])
    elif kind.startswith("role_phrases."):
        # each example names the lead "Sở Y tế" and, where it has one, the coordinator "Sở Tài chính"
        assert entry["phrase"].lower() in entry["example"].lower()
        want = ("Sở Y tế", "Sở Tài chính" if "Sở Tài chính" in entry["example"] else "")
        assert headers.split_role_phrase(entry["example"]) == want
        assert headers.split_role_cell(entry["example"]) is None      # no labels: not the label grammar
    else:
        label = entry["phrase"]
        if kind == "role_labels.lead":
            assert headers.split_role_cell(f"{label}: Sở Nội vụ. Phối hợp: Sở Tư pháp") == ("Sở Nội vụ", "Sở Tư pháp")
        else:
            assert headers.split_role_cell(f"Chủ trì: Sở Nội vụ; {label}: Sở Tư pháp") == ("Sở Nội vụ", "Sở Tư pháp")


@pytest.mark.parametrize("label,role", [
    ("Hoạt động", "task"),
    ("Đơn vị phụ trách", "lead"),
    ("Giải pháp thực hiện", "task"),
    ("Lộ trình thực hiện", "deadline"),
    ("Trách nhiệm thực hiện", "lead"),
    ("Đơn vị thực hiện", "lead"),
    ("Theo dõi, kiểm tra, đôn đốc", "monitor"),
    ("Kết quả đầu ra", "others"),
    ("Cơ quan chủ trì theo dõi, đánh giá", "lead"),       # the longest phrase still wins
])
def test_real_plan_headers(label, role):
    assert headers.role_of(label) == role


def test_second_time_column_is_the_implementation_period_kept_in_extra():
    header = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian ban hành", "Thời gian triển khai thực hiện",
              "Theo dõi, kiểm tra, đôn đốc"]
    assert headers.column_roles(header) == ["number", "task", "lead", "deadline", "others", "monitor"]
    (task,) = rows.table_to_tasks(_table(header, [_row("1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026",
                                                       "2026-2030", "Văn phòng UBND tỉnh")]))
    assert task.deadline.raw == "Quý I/2026"
    assert task.extra == {"Thời gian triển khai thực hiện": "2026-2030",
                          "Theo dõi, kiểm tra, đôn đốc": "Văn phòng UBND tỉnh"}


# ----------------------------------------------------------------------------- rows

def test_column_number_row_with_an_empty_cell_and_unit_line_are_not_tasks():
    header = ["TT", "Tên nhiệm vụ", "Sở chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "Ghi chú"]
    assert headers.is_numbering_row([Cell(text=""), *[Cell(text=f"({i})") for i in range(1, 6)]])
    assert not headers.is_numbering_row([Cell(text="1"), Cell(text="(3)"), Cell(text="(4)")])
    body = [_row("", "(1)", "(2)", "(3)", "(4)", "(5)"),
            _row("Đơn vị: triệu đồng", "", "", "", "", ""),
            _row("1", "Tổ chức quán triệt Chỉ thị", "Sở Nông nghiệp và Môi trường", "Các sở", "Quý II/2026", ""),
            _row("", "(1)", "(2)", "(3)", "(4)", "(5)")]          # repeated on the next page
    assert [t.number for t in rows.table_to_tasks(_table(header, body))] == ["1"]


def test_lead_and_coordinators_written_in_one_cell():
    header = ["STT", "Nội dung", "Đơn vị thực hiện", "Thời gian"]
    (task,) = rows.table_to_tasks(_table(header, [
        _row("1", "Rà soát thủ tục hành chính", "Chủ trì: Sở Nội vụ. Phối hợp: Các sở, ban, ngành", "Quý I/2026")]))
    assert (task.lead_raw, task.coordinators_raw) == ("Sở Nội vụ", "Các sở, ban, ngành")
    assert task.extra == {}
    # no lead column: an unknown column whose cells label both roles
    header = ["STT", "Nội dung công việc", "Phân công", "Thời hạn"]
    assert headers.column_roles(header)[2] == "lead"
    header = ["STT", "Nội dung công việc", "Ghi chép", "Thời hạn"]
    (task,) = rows.table_to_tasks(_table(header, [
        _row("1", "Tổng hợp báo cáo", "Chủ trì: Văn phòng; Phối hợp: Phòng Kinh tế", "Tháng 12/2026")]))
    assert (task.lead_raw, task.coordinators_raw, task.extra) == ("Văn phòng", "Phòng Kinh tế", {})
    assert headers.split_role_cell("Sở Nội vụ chủ trì") is None


@pytest.mark.parametrize("cell,want", [
    ("- Chủ trì: Công an phường\n- Phối hợp: Trạm Y tế phường", ("Công an phường", "Trạm Y tế phường")),
    ("- Chủ trì: Phòng Văn hóa - Xã hội", ("Phòng Văn hóa - Xã hội", "")),
    ("Chủ trì: Phòng Văn hóa - Xã hội\nPhối hợp: Công an phường", ("Phòng Văn hóa - Xã hội", "Công an phường")),
    ("+ Chủ trì: Sở Nội vụ;\n+ Phối hợp: Sở Tư pháp", ("Sở Nội vụ", "Sở Tư pháp")),
    ("• Chủ trì: Sở Nội vụ. • Phối hợp: các sở, ngành", ("Sở Nội vụ", "các sở, ngành")),
])
def test_role_labels_on_lines_of_one_cell_whatever_the_separators(cell, want):
    # cd_late8_two_line_cell: "- Chủ trì: X" over "- Phối hợp: Y" in one "Đơn vị thực hiện" cell
    assert headers.split_role_cell(cell) == want
    header = ["TT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "Thời hạn"]
    (task,) = rows.table_to_tasks(_table(header, [_row("1", "Rà soát thủ tục hành chính", cell, "Quý I/2026")]))
    assert (task.lead_raw, task.coordinators_raw, task.extra) == (*want, {})
    assert headers.split_role_cell("- Công an phường chủ trì") is None


@pytest.mark.parametrize("cell,want", [
    # cd_late9_resp_phrase: one "Đơn vị thực hiện" column naming both roles in a phrase
    ("Văn phòng UBND tỉnh chủ trì, phối hợp với Công an tỉnh", ("Văn phòng UBND tỉnh", "Công an tỉnh")),
    ("Sở Xây dựng chủ trì; Sở Văn hóa, Thể thao và Du lịch phối hợp",
     ("Sở Xây dựng", "Sở Văn hóa, Thể thao và Du lịch")),
    ("Văn phòng UBND tỉnh chủ trì", ("Văn phòng UBND tỉnh", "")),
    ("Sở Tài chính chủ trì, phối hợp các sở, ban, ngành", ("Sở Tài chính", "các sở, ban, ngành")),
    ("Do Sở Y tế chủ trì, phối hợp với Sở Tài chính và Công an tỉnh.",
     ("Sở Y tế", "Sở Tài chính và Công an tỉnh")),
    ("- Công an phường chủ trì\n- Trạm Y tế phường phối hợp", ("Công an phường", "Trạm Y tế phường")),
    ("Sở Y tế (chủ trì); Sở Tài chính (phối hợp)", ("Sở Y tế", "Sở Tài chính")),
    ("Sở Nội vụ chủ trì. Phối hợp: Sở Tư pháp", ("Sở Nội vụ", "Sở Tư pháp")),
    ("Phòng Hành chính - Tổng hợp chủ trì", ("Phòng Hành chính - Tổng hợp", "")),
    # role words inside a name, or the phrase going on as a sentence: the cell is left whole
    ("Ban phối hợp liên ngành chủ trì", None),
    ("Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh", None),
    ("Cơ quan chủ trì soạn thảo", None),
    ("Sở Tư pháp chủ trì, phối hợp với các cơ quan liên quan thực hiện", None),
    ("Sở Tư pháp chủ trì, phối hợp", None),
    ("Sở Tư pháp chủ trì, Ban phối hợp liên ngành tỉnh", None),
    ("Sở Nội vụ", None),
    ("Chủ trì: Sở Nội vụ", None),                       # labels: split_role_cell
])
def test_roles_in_a_phrase_of_one_cell(cell, want):
    assert headers.split_role_phrase(cell) == want
    header = ["TT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "Thời gian hoàn thành"]
    (task,) = rows.table_to_tasks(_table(header, [_row("1", "Rà soát thủ tục hành chính", cell, "Quý I/2026")]))
    if want is not None:
        assert (task.lead_raw, task.coordinators_raw, task.extra) == (*want, {})
    elif headers.split_role_cell(cell) is None:
        assert (task.lead_raw, task.coordinators_raw) == (cell, None)


def test_roles_in_a_phrase_beside_a_coordinator_column_and_outside_the_lead_column():
    header = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
    (task,) = rows.table_to_tasks(_table(header, [
        _row("1", "Rà soát thủ tục hành chính", "Sở Nội vụ chủ trì", "Sở Tư pháp", "Quý I/2026")]))
    assert (task.lead_raw, task.coordinators_raw) == ("Sở Nội vụ", "Sở Tư pháp")
    # a column whose role is not known is read for labels only, never for a phrase
    header = ["STT", "Nội dung công việc", "Ghi chép", "Thời hạn"]
    (task,) = rows.table_to_tasks(_table(header, [
        _row("1", "Tổng hợp báo cáo", "Văn phòng chủ trì, phối hợp với Phòng Kinh tế", "Tháng 12/2026")]))
    assert task.lead_raw is None and task.extra == {"Ghi chép": "Văn phòng chủ trì, phối hợp với Phòng Kinh tế"}


def test_sections_with_subsections_are_two_levels():
    header = ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"]
    body = [_row("2.", "Cải cách thủ tục hành chính", "", "", bold=True),
            _row("2.1.", "Rà soát", "", "", bold=True),
            _row("(1)", "Rà soát thủ tục", "Sở Tư pháp", "Quý I/2026"),
            _row("2.2.", "Số hóa", "", "", bold=True),
            _row("(1)", "Số hóa hồ sơ", "Sở Khoa học và Công nghệ", "2026"),
            _row("3.", "Cải cách tài chính công", "", "", bold=True),
            _row("(1)", "Quản lý ngân sách", "Sở Tài chính", "2026")]
    got = [(t.number, t.section, t.section_title, t.parent_section, t.parent_section_title)
           for t in rows.table_to_tasks(_table(header, body))]
    assert got == [("(1)", "2.1.", "Rà soát", "2.", "Cải cách thủ tục hành chính"),
                   ("(1)", "2.2.", "Số hóa", "2.", "Cải cách thủ tục hành chính"),
                   ("(1)", "3.", "Cải cách tài chính công", None, None)]


def test_form_placeholder_rows_are_not_tasks():
    header = ["Thời gian từ ... đến ...", "Công việc - Chức vụ", "Đơn vị công tác", "Số tháng làm việc"]
    assert rows.table_to_tasks(_table(header, [_row("......", "......", "......", "......")])) == []


# ----------------------------------------------------------------------------- roles by content

def test_unknown_header_roles_from_content():
    header = ["STT", "Văn bản cần sửa đổi", "Điều, khoản cần sửa đổi", "Bên soạn thảo", "Mốc"]
    body = [_row("1.", "Nghị định số 288/2025/NĐ-CP ngày 05/11/2025 của Chính phủ quy định về quản lý tàu bay",
                 "Khoản 2 Điều 7; điểm b khoản 1", "Bộ Quốc phòng", "Quý II/2026"),
            _row("2.", "Nghị định số 44/2016/NĐ-CP ngày 15/5/2016 của Chính phủ quy định chi tiết một số điều",
                 "Điều 6", "Bộ Nội vụ", "Năm 2026")]
    table = _table(header, body, understood=False)
    assert headers.column_roles(header) == ["number", "others", "others", "others", "others"]
    assert headers.table_roles(table) == ["number", "task", "others", "lead", "deadline"]
    assert rows.classify_table(table) == "tasks" and headers.roles_from_content(table)
    first = rows.table_to_tasks(table)[0]
    assert (first.lead_raw, first.deadline.raw) == ("Bộ Quốc phòng", "Quý II/2026")
    assert first.extra == {"Điều, khoản cần sửa đổi": "Khoản 2 Điều 7; điểm b khoản 1"}


def test_schedule_and_lists_are_not_task_tables():
    table = _table(["STT", "Đơn vị được kiểm tra", "Thời gian kiểm tra"],
                   [_row("1", "Sở Tư pháp", "Tháng 5/2026"), _row("2", "UBND xã Đức Trọng", "Tháng 6/2026")],
                   understood=False)
    assert rows.classify_table(table) is None
    assert headers.is_candidate_header([[Cell(text="STT"), Cell(text="Đơn vị được kiểm tra"), Cell(text="Thời gian")],
                                        [Cell(text="1"), Cell(text="Sở Tư pháp"), Cell(text="Tháng 5")]])
    # a letterhead: two columns, no known role
    assert not headers.is_candidate_header([[Cell(text="ỦY BAN NHÂN DÂN"), Cell(text="CỘNG HÒA XÃ HỘI")],
                                            [Cell(text="Số: 12/KH-UBND"), Cell(text="Lâm Đồng, ngày")]])


@pytest.mark.skipif(not real_available(), reason="real documents (../shared/real) absent")
def test_real_tables_flow_or_are_reported():
    """NQ 24 Phụ lục II (header 'CÁC LUẬT, NGHỊ ĐỊNH ... CẦN SỬA ĐỔI' not in the vocabulary) gives
    its 58 rows with roles from content; the inspection schedule gives no task and is reported."""
    from plan_extract import extract
    gold = load_gold("chinhphu-nq24-2026-catgiam-tthc")
    plan = extract(document_path(gold))
    appendix = [t for t in plan.tasks if t.origin == "appendix"]
    want = [t for t in gold["tasks"] if t["origin"] == "appendix"]
    assert [t.text for t in appendix] == [t["text"] for t in want]
    assert [t.lead_raw for t in appendix] == [t["lead_raw"] for t in want]
    assert any(i.code == "table-roles-from-content" for i in plan.issues)
    plan = extract(document_path(load_gold("lamdong-ubnd-kh-kiemtra-cchc-2026")))
    assert not [t for t in plan.tasks if t.origin == "appendix"]
    unread = [i for i in plan.issues if i.code == "table-unread"]
    assert unread and "Đơn vị được kiểm tra" in unread[0].message


def test_agenda_and_inspection_schedule_are_not_task_tables():
    """Time before content and no unit column: an agenda (Đồng Tháp KH 362 'THỜI GIAN | NỘI
    DUNG'); an inspection schedule whose first text column names the inspected units."""
    agenda = _table(["THỜI GIAN", "NỘI DUNG"], [_row("8h00 - 8h15", "Tuyên bố lí do, giới thiệu đại biểu"),
                                                _row("8h15 - 9h00", "Báo cáo tóm tắt về thực trạng các phòng học")])
    assert rows.classify_table(agenda) is None
    assert rows.classify_table(_table(["STT", "Nội dung", "Thời gian"], [_row("1", "Rà soát văn bản", "2026")])) == "tasks"
    schedule = _table(["TT", "Tên đơn vị được kiểm tra", "Đối tượng kiểm tra", "Thời hạn kiểm tra"],
                      [_row("1", "Công ty TNHH Minh Phát", "Kho chứa vật liệu nổ công nghiệp và việc sử dụng tại mỏ đá",
                            "Tháng 5/2026")], understood=False)
    assert "task" not in headers.table_roles(schedule) and rows.classify_table(schedule) is None


def test_two_line_role_cell_document_gives_lead_and_coordinators():
    """cd_late8_two_line_cell (a late check document, measured once at 0/13 rows right: the lead
    kept both labelled lines, coordinators empty; tuned on since): every row's lead and
    coordinators as the gold has them, and no row doubted for roles in one cell."""
    import json
    from pathlib import Path

    from plan_extract import extract
    name = "cd_late8_two_line_cell"
    here = Path(__file__).resolve().parent / "checkdocs"
    plan = extract(here / f"{name}.pdf").to_dict()
    gold = json.loads((here / f"{name}.gold.json").read_text(encoding="utf-8"))
    got = [(t["number"], t["lead_raw"], t["coordinators_raw"] or "", t["deadline"]["raw"]) for t in plan["tasks"]]
    want = [(t["number"], t["lead_raw"], t["coordinators_raw"] or "", t["deadline"]["raw"]) for t in gold["tasks"]]
    assert got == want and len(got) == 13
    assert not [i for i in plan["issues"] if i["code"] == "roles-in-cell"]
