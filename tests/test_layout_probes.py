"""Tables of any layout (issue 12) beyond the layout matrix: plans drawn here cell by cell
(tests/layoutpdf.py) in layouts real producers print — no rules and no number column with
cells centred vertically in rows split over pages, ... — each read cell for cell."""
from __future__ import annotations

import pytest

from plan_extract import extract
from tests.layoutpdf import draw_table_plan

TASKS = [
    ("Rà soát, hệ thống hóa các văn bản quy phạm pháp luật do Ủy ban nhân dân tỉnh ban hành trong "
     "lĩnh vực đất đai, xây dựng, đầu tư; đề xuất sửa đổi, bổ sung, thay thế những nội dung không "
     "còn phù hợp.", "Sở Tư pháp", "Các sở, ban, ngành", "Quý II/2026"),
    ("Công bố, công khai thủ tục hành chính.", "Văn phòng Ủy ban nhân dân tỉnh",
     "Các sở, ban, ngành; Ủy ban nhân dân các xã, phường", "Thường xuyên"),
    ("Nâng cao chất lượng giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh "
     "và bộ phận một cửa cấp xã; bảo đảm tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%.",
     "Trung tâm Phục vụ hành chính công tỉnh", "Ủy ban nhân dân các xã, phường", "Năm 2026"),
    ("Kiện toàn tổ chức bộ máy các cơ quan chuyên môn.", "Sở Nội vụ", "Các sở, ban, ngành", "Quý III/2026"),
    ("Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức theo quy định; gắn kết quả đánh giá "
     "với công tác thi đua, khen thưởng và bố trí, sử dụng cán bộ; công khai kết quả trên Cổng thông "
     "tin điện tử của tỉnh.", "Sở Nội vụ", "Các cơ quan, đơn vị", "Trước ngày 15/12/2026"),
    ("Triển khai hệ thống thông tin báo cáo của tỉnh kết nối với hệ thống thông tin báo cáo quốc gia; "
     "bảo đảm 100% chế độ báo cáo định kỳ được thực hiện trên hệ thống.", "Văn phòng Ủy ban nhân dân tỉnh",
     "Sở Khoa học và Công nghệ", "Quý IV/2026"),
    ("Xây dựng, cập nhật cơ sở dữ liệu chuyên ngành về đất đai, tài nguyên, môi trường; kết nối với hệ "
     "thống thông tin giải quyết thủ tục hành chính của tỉnh.", "Sở Nông nghiệp và Môi trường",
     "Ủy ban nhân dân các xã, phường", "Quý IV/2026"),
    ("Phát triển thanh toán không dùng tiền mặt trong dịch vụ công, trường học, bệnh viện; tuyên "
     "truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến toàn trình.", "Sở Tài chính",
     "Sở Giáo dục và Đào tạo, Sở Y tế", "Năm 2026"),
    ("Tuyên truyền về chuyển đổi số, chính quyền số trên các phương tiện thông tin đại chúng và hệ "
     "thống thông tin cơ sở.", "Đài Phát thanh và Truyền hình tỉnh", "Báo Quảng Trị, Tỉnh đoàn",
     "Thường xuyên"),
    ("Tổng hợp, báo cáo kết quả thực hiện Kế hoạch; tham mưu Ủy ban nhân dân tỉnh sơ kết, đánh giá và "
     "đề xuất nhiệm vụ năm tiếp theo.", "Sở Nội vụ", "Văn phòng Ủy ban nhân dân tỉnh", "Trước ngày 15/12/2026"),
]
HEADER = [["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]]
WIDTHS = [230, 105, 100, 70]


def _read(path) -> list[tuple]:
    return [(t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw if t.deadline else None)
            for t in extract(path).tasks]


@pytest.mark.parametrize("bottom", [720.0, 760.0, 790.0])
def test_no_rules_no_number_cells_centred_rows_split_over_pages(tmp_path, bottom):
    """No rule, no number column, short cells centred vertically: their lines fall between the
    task column's lines (no whole-width line gap inside a row), so rows are told apart by the
    white bands across every column; a row split by a page break keeps the centred cells that
    print on its second part (a lead opening in lower case, or a first part with task text
    alone) — on every page, the first page's spacing carried when a page has too few lines.
    Page feet at three heights cut different rows at different lines."""
    rows = [list(t) for t in TASKS] * 3
    path = tmp_path / "centred.pdf"
    pages = draw_table_plan(path, HEADER, WIDTHS, rows, rules="none", valign="middle", bottom=bottom)
    assert any(len(p) > 1 for p in pages)            # some row really is split over two pages
    assert _read(path) == [tuple(r) for r in rows]


@pytest.mark.parametrize("rules", ["frame", "booktabs", "hrules", "header", "none"])
@pytest.mark.parametrize("repeat", [True, False])
def test_partly_ruled_tables_over_pages_with_and_without_repeated_header(tmp_path, rules, repeat):
    """An outer frame with a header rule and no rule between rows (the lattice finder sees one
    box holding every row), rules above and under the header and under the table only
    (booktabs), rules between rows only, a header rule only, no rule: rows told apart by the
    space between them on every page; a continued part without a repeated header takes the
    previous part's columns (a frame with no column rule, rules between rows whose first row
    on the page has no rule above it)."""
    rows = [list(t) for t in TASKS] * 3
    path = tmp_path / f"{rules}_{repeat}.pdf"
    pages = draw_table_plan(path, HEADER, WIDTHS, rows, rules=rules, valign="top", bottom=760.0,
                            repeat_header=repeat)
    assert max(max(p) for p in pages) == 3 and any(len(p) > 1 for p in pages)
    assert _read(path) == [tuple(r) for r in rows]


TIMED = [(t[0], t[1], t[2], start, t[3]) for t, start in zip(TASKS[:6], ["01/2026", "01/2026", "02/2026",
                                                                         "03/2026", "10/2026", "04/2026"])]


@pytest.mark.parametrize("rules", ["grid", "frame", "hrules", "booktabs", "header", "none"])
@pytest.mark.parametrize("shade", [False, True])
def test_two_line_header_with_a_merged_time_label_and_zebra_rows(tmp_path, rules, shade):
    """'Thời gian' merged over 'Bắt đầu | Hoàn thành' (the other labels merged over both header
    lines), roman section titles across the table, rows shaded every other one (Word/WPS zebra
    styles, no rule between rows): the completion column is the deadline, the start kept in
    `extra`; a parent label names no column of its own when columns come from the text."""
    header = [["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "<"],
              ["^", "^", "^", "^", "Bắt đầu", "Hoàn thành"]]
    rows, want, n = [], [], 0
    for s, title in enumerate(["CẢI CÁCH THỂ CHẾ", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], 1):
        rows.append({"section": f"{'I' * s}. {title}"})
        for t in TIMED:
            n += 1
            rows.append([str(n), *t])
            want.append((str(n), t[0], t[1], t[2], t[4], "I" * s + ".", title, t[3]))
    path = tmp_path / "merged.pdf"
    draw_table_plan(path, header, [35, 190, 90, 90, 55, 60], rows, rules=rules, shade=shade,
                    align=["center", "left", "center", "center", "center", "center"], bottom=790.0)
    got = [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw, t.section, t.section_title,
            next((v for k, v in t.extra.items() if k.endswith("Bắt đầu")), None)) for t in extract(path).tasks]
    assert got == want


@pytest.mark.parametrize("rules", ["grid", "frame", "hrules", "booktabs", "header", "none"])
def test_sub_numbered_rows_under_numbered_titles(tmp_path, rules):
    """A number column holding '1.1', '1.2' under titles '1. Tuyên truyền' written across the
    table (from the number column on): a short title is no number cell, so it gives no evidence
    about the gutter between the number and task columns; in a frame without column rules the
    header, one box naming every role, is cut at the printed labels."""
    header = [["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"]]
    rows, want = [], []
    for s, title in enumerate(["Tuyên truyền, phổ biến", "Cải cách thủ tục hành chính"], 1):
        rows.append({"section": f"{s}. {title}"})
        for k, t in enumerate(TASKS[:4], 1):
            rows.append([f"{s}.{k}", *t])
            want.append((f"{s}.{k}", *t, f"{s}.", title))
    path = tmp_path / "stt.pdf"
    draw_table_plan(path, header, [45, 200, 100, 100, 70], rows, rules=rules,
                    align=["center", "left", "center", "center", "center"], bottom=790.0)
    got = [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw, t.section, t.section_title)
           for t in extract(path).tasks]
    assert got == want


RESPONSIBLE = [
    (TASKS[0][0], "Chủ trì: Sở Tư pháp. Phối hợp: Các sở, ban, ngành", "Sở Tư pháp", "Các sở, ban, ngành",
     "Quý I/2026", "2026-2030", "Văn phòng Ủy ban nhân dân tỉnh"),
    (TASKS[1][0], "Chủ trì: Văn phòng Ủy ban nhân dân tỉnh. Phối hợp: Ủy ban nhân dân các xã, phường",
     "Văn phòng Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các xã, phường", "Quý II/2026", "2026", "Sở Nội vụ"),
    ("Kiện toàn tổ chức bộ máy các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh.",
     "Chủ trì: Sở Nội vụ. Phối hợp: Các sở, ban, ngành", "Sở Nội vụ", "Các sở, ban, ngành", "Quý III/2026",
     "2026-2027", "Văn phòng Ủy ban nhân dân tỉnh"),
]


@pytest.mark.parametrize("rules", ["grid", "none", "hrules", "frame", "booktabs"])
@pytest.mark.parametrize("bottom", [500.0, 790.0])
def test_real_plan_columns_in_print(tmp_path, rules, bottom):
    """Issue 12's list read from a printed table in every rule style, one page or split over
    two: one responsibility column ("Trách nhiệm thực hiện") whose cells say "Chủ trì: X.
    Phối hợp: Y", two time columns (the second kept as the implementation period), a monitoring
    column kept in `extra`, a column-number row "(1) ... (6)" under the header (on the first
    page only: the header repeated on the next page is shorter), sections "1." over "1.1."."""
    header = [["TT", "Nhiệm vụ", "Trách nhiệm thực hiện", "Thời gian ban hành", "Thời gian triển khai thực hiện",
               "Theo dõi, kiểm tra, đôn đốc"]]
    rows, want = [["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]], []
    for s, title in enumerate(["Cải cách thể chế", "Cải cách thủ tục hành chính"], 1):
        rows.append({"section": f"{s}. {title}"})
        for u, sub in enumerate(["Rà soát văn bản", "Công khai"], 1):
            rows.append({"section": f"{s}.{u}. {sub}"})
            for k, t in enumerate(RESPONSIBLE, 1):
                rows.append([f"({k})", t[0], t[1], t[4], t[5], t[6]])
                want.append((f"({k})", t[0], t[2], t[3], t[4], f"{s}.{u}.", sub, f"{s}.", title, t[5], t[6]))
    path = tmp_path / "responsible.pdf"
    draw_table_plan(path, header, [30, 170, 110, 60, 65, 80], rows, rules=rules, bottom=bottom,
                    align=["center", "left"] + ["center"] * 4, size=9.5, leading=11.5)
    got = [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw, t.section, t.section_title,
            t.parent_section, t.parent_section_title, t.extra.get("Thời gian triển khai thực hiện"),
            t.extra.get("Theo dõi, kiểm tra, đôn đốc")) for t in extract(path).tasks]
    assert got == want


@pytest.mark.parametrize("rules", ["none", "header", "booktabs", "grid"])
def test_two_digit_numbers_closer_to_their_text_than_the_column_gap(tmp_path, rules):
    """A 12 pt table whose numbers are centred in a narrow number column (31 pt): a one-digit
    number stands 16.5 pt from its task text, "10" only 13.5 pt, under the column gap (1.2 × the
    size, 14.4 pt), so without rules between the columns the line "10 Tổng hợp ..." is one
    phrase running from the number column into the task column, as a section title across the
    table is. Measured before the fix: 9/26 tasks without rules or with a header rule only, every
    task from 10 on read as a section (task-read-as-section). The white after the number spans
    the column edge the other rows give and is wider than a word space: two cells; the section
    titles ("I. Cải cách thể chế", whose first word runs on with a word space) stay titles."""
    header = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]]
    rows, want, n = [], [], 0
    for numeral, title in (("I", "Cải cách thể chế"), ("II", "Cải cách thủ tục hành chính")):
        rows.append({"section": f"{numeral}. {title}"})
        for t in TASKS + TASKS[:3]:
            n += 1
            rows.append([str(n), *t])
            want.append((str(n), *t, f"{numeral}.", title))
    path = tmp_path / f"close_{rules}.pdf"
    pages = draw_table_plan(path, header, [31, 200, 100, 100, 75], rows, rules=rules, size=12, leading=14,
                            align=["center", "left", "center", "center", "center"], bottom=790.0)
    assert max(max(p) for p in pages) >= 2
    plan = extract(path)
    got = [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw if t.deadline else None,
            t.section, t.section_title) for t in plan.tasks]
    assert got == want
    assert not [i for i in plan.issues if i.code == "task-read-as-section"]
