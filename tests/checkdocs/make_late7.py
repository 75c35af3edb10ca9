"""Seventh set of late check documents: written on 2026-12-07 between 02:05 and 02:15 UTC by the
independent measurer "lateset13" of that session (not by a session that changed the checks or the
table stage), landed after the fixers' last landing, measured once on that code and never tuned
on. Each aims at a way a tool can be silently wrong (issue 11) that the earlier sets lack; three
are clean (false alarms). The gold is what a careful clerk types from the printed page (written
from the rows drawn here, never from the tool's output).

    python -m tests.checkdocs.make_late7    # writes tests/checkdocs/cd_late7_*.pdf and *.gold.json

Drawn cell by cell with ReportLab's canvas (Liberation Serif 10 pt; a commune's plan for digital
transformation in 2026) by `draw` below (common.TablePlan.draw); image pages are rasterised by
`pdftoppm` (200 dpi, black and white; common.raster).

- cd_late7_header_rule: no rule at all but one under the header (repeated on page 2); rows of
  several lines set close together.
- cd_late7_noheader_break: an outer frame and horizontal rules; the header on page 1 only, and
  the row at page 1's foot broken there, its rest at the top of page 2 with no header above it.
- cd_late7_indicator_shading: a ruled task table, then an indicator grid printed with fills only
  (the header dark grey, every second row light grey, no rule at all). Gold: tasks and indicators.
- cd_late7_numbering: ruled grid; numbering restarting under each section, a number printed twice
  in section II ("3", "3") and one skipped in section III ("1, 2, 4, 5"). Gold: the numbers as
  printed.
- cd_late7_whiteout: ruled grid; three cells corrected after printing to PDF: the old text covered
  by a white box and the new text written on it (the old text stays in the text layer), and one
  deadline cell carrying an invisible old value beside the visible one. Gold: what is seen.
- cd_late7_layer_some_pages: a scan of three pages; the scanner's (correct) invisible OCR layer on
  page 1 only, pages 2-3 images without text.
- cd_late7_scan: every page an image without any text layer (11 pt), unit names and tasks dense in
  Vietnamese tone marks.
- cd_late7_deadline_phrases: deadlines as offices phrase them ("Chậm nhất ngày 30/9/2026", "Trước
  ngày 10 hằng tháng", "Từ tháng 3 đến hết tháng 6/2026", "Năm 2026 - 2027", "Sau khi Bộ Nội vụ
  ban hành hướng dẫn", ...), normalised by hand.
- cd_late7_unit_typos: ruled grid; unit names with typing slips ("Phòng Kinhtế", "UBNĐ xã", "Trạm
  Y tê xã", "Phòng Văn hoá -Xã hội", "Công an xã xã"). Gold: the cells as printed.
- cd_late7_clean_grid: ruled grid, 22 rows over two pages, other header words; no defect.
- cd_late7_clean_frame_land: landscape, an outer frame and horizontal rules, 14 rows; no defect.
- cd_late7_clean_hrules: horizontal rules only, 12 rows, a sixth column "Sản phẩm"; no defect.
Used by benchmarks/silent_errors.py (set `checkdocs`; `--prefix cd_late7_`).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.checkdocs.common import (PLAIN_DEADLINES, PLAIN_NORMALISED, TablePlan, add_indicator_gold,
                                    cycled_rows, image_pdf, n_pages, with_sections, write_gold)

HERE = Path(__file__).resolve().parent

UNITS = ("Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Công an xã",
         "Trạm Y tế xã", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Hội Liên hiệp Phụ nữ xã",
         "Hội Nông dân xã", "Trung tâm Phục vụ hành chính công xã")
TASKS = (
    "Xây dựng, ban hành Kế hoạch chuyển đổi số của xã năm 2026",
    "Kiện toàn Tổ công nghệ số cộng đồng tại các thôn, tổ dân phố",
    "Hướng dẫn người dân cài đặt, kích hoạt tài khoản định danh điện tử mức độ 2",
    "Tổ chức tập huấn kỹ năng số cơ bản cho hội viên phụ nữ, nông dân và đoàn viên thanh niên",
    "Số hóa sổ hộ tịch, sổ chứng thực lưu trữ tại Ủy ban nhân dân xã từ năm 2000 đến nay",
    "Rà soát, cập nhật dữ liệu dân cư, bảo đảm đúng, đủ, sạch, sống",
    "Vận hành hệ thống quản lý văn bản và điều hành, ký số văn bản đi trên môi trường mạng",
    "Triển khai thanh toán không dùng tiền mặt tại Trạm Y tế xã và các trường học trên địa bàn",
    "Hỗ trợ hộ kinh doanh, hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử",
    "Lắp đặt hệ thống camera giám sát an ninh trật tự tại các tuyến đường trục chính của xã",
    "Tuyên truyền về chuyển đổi số trên hệ thống loa truyền thanh và trang thông tin điện tử của xã",
    "Cập nhật bản đồ số hóa các điểm du lịch, di tích lịch sử - văn hóa của xã",
    "Kiểm tra, đánh giá an toàn thông tin mạng đối với các máy tính của cơ quan",
    "Hướng dẫn nộp hồ sơ trực tuyến toàn trình đối với thủ tục đăng ký khai sinh, khai tử",
    "Xây dựng mô hình thôn thông minh tại thôn Đông Hòa",
    "Thống kê, báo cáo kết quả chuyển đổi số của xã định kỳ hằng quý",
    "Nâng cấp đường truyền Internet, mạng nội bộ tại trụ sở Ủy ban nhân dân xã",
    "Sơ kết, đánh giá kết quả thực hiện Kế hoạch, đề xuất nhiệm vụ năm 2027",
    "Bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số từ nguồn ngân sách xã",
    "Phát động phong trào thi đua \"Cả xã chung tay chuyển đổi số\" trong cán bộ, nhân dân",
)
# Deadline cell -> (kind, start, due), written by hand (DOMAIN.md's table; year 2026). A cell that
# repeats with no year named is recurring with no dates; a cell waiting on an event has none.
NORMALISED = {
    **PLAIN_NORMALISED,
    # cd_late7_deadline_phrases
    "Trong tháng 02/2026": ("month", "2026-02-01", "2026-02-28"),
    "Chậm nhất ngày 30/9/2026": ("day", None, "2026-09-30"),
    "Xong trước 31/10/2026": ("day", None, "2026-10-31"),
    "Hoàn thành trong quý II năm 2026": ("quarter", "2026-04-01", "2026-06-30"),
    "Trước ngày 10 hằng tháng": ("recurring", None, None),
    "Dự kiến tháng 8/2026": ("month", "2026-08-01", "2026-08-31"),
    "Từ tháng 3 đến hết tháng 6/2026": ("range", "2026-03-01", "2026-06-30"),
    "Năm 2026 - 2027": ("range", "2026-01-01", "2027-12-31"),
    "Sau khi Bộ Nội vụ ban hành hướng dẫn": ("event", None, None),
    "Tháng 12 năm 2026": ("month", "2026-12-01", "2026-12-31"),
    "Định kỳ hằng quý": ("recurring", None, None),
    "Cả năm 2026": ("year", "2026-01-01", "2026-12-31"),
    "Trước ngày 15/11/2026 (báo cáo UBND tỉnh)": ("day", None, "2026-11-15"),
    "Thường xuyên trong năm 2026": ("continuous", None, None),
}
PHRASES = ("Trong tháng 02/2026", "Chậm nhất ngày 30/9/2026", "Xong trước 31/10/2026",
           "Hoàn thành trong quý II năm 2026", "Trước ngày 10 hằng tháng", "Dự kiến tháng 8/2026",
           "Từ tháng 3 đến hết tháng 6/2026", "Năm 2026 - 2027", "Sau khi Bộ Nội vụ ban hành hướng dẫn",
           "Tháng 12 năm 2026", "Định kỳ hằng quý", "Cả năm 2026", "Trước ngày 15/11/2026 (báo cáo UBND tỉnh)",
           "Thường xuyên trong năm 2026")
HEADER = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành")
WIDTHS = (26.0, 221.0, 96.0, 96.0, 66.0)
SEC = ("I. Chính quyền số", "II. Kinh tế số", "III. Xã hội số")
LONGER = ("; phân công cụ thể cán bộ phụ trách từng thôn, tổng hợp khó khăn, vướng mắc báo cáo "
          "Ban Chỉ đạo chuyển đổi số của xã trước ngày 20 của tháng cuối quý")
# the indicator grid of cd_late7_indicator_shading: (TT, name, unit, {year: target}, lead)
IND_HEADER = ("TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Năm 2027", "Năm 2028", "Cơ quan chủ trì")
IND_WIDTHS = (24.0, 185.0, 50.0, 50.0, 50.0, 50.0, 96.0)
INDICATORS = (
    ("1", "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến", "%", ("≥ 60%", "≥ 70%", "≥ 80%"),
     "Trung tâm Phục vụ hành chính công xã"),
    ("2", "Tỷ lệ người dân trưởng thành có tài khoản định danh điện tử", "%", ("85%", "90%", "95%"), "Công an xã"),
    ("3", "Số hộ kinh doanh bán hàng trên sàn thương mại điện tử", "Hộ", ("20", "35", "50"), "Phòng Kinh tế"),
    ("4", "Tỷ lệ văn bản đi được ký số", "%", ("100%", "100%", "100%"), "Văn phòng HĐND và UBND xã"),
    ("5", "Số thôn có Tổ công nghệ số cộng đồng hoạt động hiệu quả", "Thôn", ("12", "14", "16"),
     "Văn phòng HĐND và UBND xã"),
    ("6", "Tỷ lệ giao dịch thanh toán không dùng tiền mặt tại Trạm Y tế xã", "%", ("≥ 50%", "≥ 65%", "≥ 80%"),
     "Trạm Y tế xã"),
    ("7", "Tỷ lệ hộ gia đình sử dụng Internet cáp quang", "%", ("75%", "", "90%"), "Phòng Kinh tế"),
    ("8", "Số lớp tập huấn kỹ năng số cho người dân", "Lớp", ("6", "8", "10"), "Hội Liên hiệp Phụ nữ xã"),
)
TARGETS = {  # raw -> (op, value, unit or None: the row's unit of measure)
    "≥ 60%": (">=", 60, "%"), "≥ 70%": (">=", 70, "%"), "≥ 80%": (">=", 80, "%"), "≥ 50%": (">=", 50, "%"),
    "≥ 65%": (">=", 65, "%"), "85%": (None, 85, "%"), "90%": (None, 90, "%"), "95%": (None, 95, "%"),
    "100%": (None, 100, "%"), "75%": (None, 75, "%"), "20": (None, 20, None), "35": (None, 35, None),
    "50": (None, 50, None), "12": (None, 12, None), "14": (None, 14, None), "16": (None, 16, None),
    "6": (None, 6, None), "8": (None, 8, None), "10": (None, 10, None),
}


def rows(n: int, deadlines=PLAIN_DEADLINES, start: int = 0) -> list[tuple]:
    """n task rows (number, text, lead, coordinators, deadline)."""
    return cycled_rows(TASKS, UNITS, n, deadlines, start, coord_offset=4)


PLAN = TablePlan(
    fonts=("L7Serif", "L7SerifB"), title="Kế hoạch chuyển đổi số năm 2026",
    letterhead=(("ỦY BAN NHÂN DÂN", True, False), ("XÃ ĐÔNG HÒA", True, False), ("Số: 18/KH-UBND", False, False),
                ("Đông Hòa, ngày 09 tháng 01 năm 2026", False, False), ("KẾ HOẠCH", True, True),
                ("Chuyển đổi số xã Đông Hòa năm 2026", True, True), ("Phụ lục", True, True),
                ("NHIỆM VỤ, CHỈ TIÊU CHUYỂN ĐỔI SỐ NĂM 2026", True, True)),
    signer="Lê Thị Thu Hà", header=HEADER, widths=WIDTHS)
draw = PLAN.draw   # the plan with these tables (common.TablePlan.draw)


# ------------------------------------------------------------------ images of pages
def _image_pdf(native: Path, out: Path, pages: list[int], record: list | None = None,
               layer_pages: tuple = ()) -> None:
    """A PDF of the images of `pages` of `native`; on `layer_pages`, an invisible text layer of
    the `record`ed strings exactly as printed (a scanner's own OCR that read the page right)."""
    image_pdf(native, out, pages, PLAN.register, record or [], lambda pno, x, y, s: s if pno in layer_pages else None)


# ------------------------------------------------------------------ gold
def gold(name: str, task_rows: list[tuple], pages: list[int], out: Path,
         indicators: list[tuple] | None = None, ind_pages: list[int] | None = None) -> Path:
    path = write_gold(name, task_rows, pages, NORMALISED, out)
    if indicators:
        add_indicator_gold(path, indicators, [h.split()[-1] for h in IND_HEADER[3:6]], ind_pages, TARGETS)
    return path


def make(folder: Path = HERE) -> list[Path]:
    """Every document: <folder>/cd_late7_*.pdf and their gold; returns the gold files."""
    out = []

    def doc(name: str, items: list, **kw) -> Path:
        return PLAN.document(folder, name, items, NORMALISED, **kw)

    # 1. a rule under the header and no other
    r = rows(18, start=1)
    for i in range(0, 18, 4):
        r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
    out.append(doc("cd_late7_header_rule", with_sections(r, {0: SEC[0], 7: SEC[1], 13: SEC[2]}), rules="header"))

    # 2. the header on page 1 only, the row at its foot broken over the page break
    r = rows(20, start=3)
    for i in range(1, 20, 3):
        r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
    items = with_sections(r, {0: SEC[0], 8: SEC[1], 15: SEC[2]})
    broken: list = []
    pages = draw(folder / "cd_late7_noheader_break.pdf",
                 [{"items": items, "rules": "frame_hrules", "repeat": False, "break_rows": True}], foot=64.0,
                 broken=broken)[0]
    assert max(pages) == 2 and broken == [(0, 13)], broken   # row 12 broken over the page break
    out.append(gold("cd_late7_noheader_break", r, pages, folder))

    # 3. a ruled task table, then an indicator grid printed with fills only
    r = rows(7, start=8)
    ind_items = [(n, nm, u, *tg, ld) for n, nm, u, tg, ld in INDICATORS]
    p_tasks, p_inds = draw(folder / "cd_late7_indicator_shading.pdf",
                           [{"items": with_sections(r, {0: SEC[1]})},
                            {"items": ind_items, "header": IND_HEADER, "widths": IND_WIDTHS, "rules": "none",
                             "fills": True}])
    out.append(gold("cd_late7_indicator_shading", r, p_tasks, folder, list(INDICATORS), p_inds))

    # 4. numbering restarting per section, a duplicated number, a skipped number
    r = rows(15, start=5)
    numbers = ("1", "2", "3", "4", "5", "1", "2", "3", "3", "4", "1", "2", "4", "5", "6")
    r = [(n,) + x[1:] for n, x in zip(numbers, r)]
    out.append(doc("cd_late7_numbering", with_sections(r, {0: SEC[0], 5: SEC[1], 10: SEC[2]})))

    # 5. cells corrected over the printed text; an invisible old value
    r = rows(14, start=2)
    items = with_sections(r, {0: SEC[0], 7: SEC[2]})
    pos = dict(enumerate(j for j, it in enumerate(items) if it[0] != "section"))   # task row -> item
    covers = {(0, pos[2], 4): ("white", "Quý IV/2026"),    # was r[2]'s deadline
              (0, pos[5], 2): ("white", "Phòng Kinh tế"),  # was r[5]'s lead
              (0, pos[9], 4): ("hidden", "Quý I/2026"),    # an old value under r[9]'s deadline
              (0, pos[11], 4): ("white", "Tháng 9/2026")}  # was r[11]'s deadline
    old = {}
    for (t_, it, col), (kind, new) in covers.items():
        if kind == "white":
            old[(it, col)] = items[it][col]
            items[it] = tuple(new if k == col else v for k, v in enumerate(items[it]))
    pages = draw(folder / "cd_late7_whiteout.pdf", [{"items": items, "old": old}], covers=covers)[0]
    out.append(gold("cd_late7_whiteout", [x for x in items if x[0] != "section"], pages, folder))

    with tempfile.TemporaryDirectory(prefix="late7_") as tmp:
        tmp = Path(tmp)
        # 6. a scan of three pages, the scanner's OCR layer on page 1 only
        r = rows(30, start=0)
        for i in range(2, 30, 3):
            r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
        rec: list = []
        pages = draw(tmp / "native6.pdf", [{"items": with_sections(r, {0: SEC[0], 10: SEC[1], 20: SEC[2]})}],
                     record=rec)[0]
        n = n_pages(tmp / "native6.pdf")
        assert n == 3, n
        _image_pdf(tmp / "native6.pdf", folder / "cd_late7_layer_some_pages.pdf", list(range(1, n + 1)), rec,
                   layer_pages=(1,))
        out.append(gold("cd_late7_layer_some_pages", r, pages, folder))

        # 7. a scan without any text layer, 11 pt
        r = rows(12, start=4)
        pages = draw(tmp / "native7.pdf", [{"items": with_sections(r, {0: SEC[1], 6: SEC[2]})}], size=11.0)[0]
        n = n_pages(tmp / "native7.pdf")
        _image_pdf(tmp / "native7.pdf", tmp / "img7.pdf", list(range(1, n + 1)))
        shutil.copyfile(tmp / "img7.pdf", folder / "cd_late7_scan.pdf")
        out.append(gold("cd_late7_scan", r, pages, folder))

    # 8. deadlines as offices phrase them
    r = rows(14, deadlines=PHRASES, start=6)
    out.append(doc("cd_late7_deadline_phrases", with_sections(r, {0: SEC[0], 7: SEC[1]}),
                   widths=(26.0, 201.0, 92.0, 92.0, 94.0), rules="frame_hrules"))

    # 9. unit names with typing slips
    r = rows(13, start=3)
    for i, col, s in ((0, 2, "Phòng Kinhtế"), (2, 3, "UBNĐ xã"), (4, 2, "Trạm Y tê xã"),
                      (7, 3, "Phòng Văn hoá -Xã hội"), (9, 2, "Công an xã xã"), (11, 3, "Hội Liên hiệp Phụ nữ xa")):
        cells = list(r[i])
        cells[col] = s
        r[i] = tuple(cells)
    out.append(doc("cd_late7_unit_typos", with_sections(r, {0: SEC[0], 6: SEC[1]})))

    # 10-12. no defect
    out.append(doc("cd_late7_clean_grid", with_sections(rows(22, start=2), {0: SEC[0], 8: SEC[1], 15: SEC[2]}),
                   header=("STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành")))
    out.append(doc("cd_late7_clean_frame_land", with_sections(rows(14, start=9), {0: SEC[1], 7: SEC[2]}),
                   rules="frame_hrules", landscape=True))
    r = rows(12, start=0)
    products = ("Kế hoạch", "Quyết định kiện toàn", "Báo cáo", "Hội nghị tập huấn", "Dữ liệu số hóa")
    r6 = [x + (products[i % len(products)],) for i, x in enumerate(r)]
    out.append(doc("cd_late7_clean_hrules", with_sections(r6, {0: SEC[0], 6: SEC[1]}), gold_rows=r,
                   gold_more=[{"extra": {"Sản phẩm": x[5]}} for x in r6],   # the product column in extra
                   rules="hrules", header=HEADER + ("Sản phẩm",), widths=(26.0, 190.0, 86.0, 86.0, 62.0, 62.0)))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
