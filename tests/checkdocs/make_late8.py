"""Eighth set of late check documents: written on 2026-12-07 between 04:50 and 06:15 UTC by the
independent measurer "lateset14" of that session (not by a session that changed the checks or the
table stage), in its own worktree, landed after the fixers' last landing, measured once on that
code and never tuned on. Each aims at a way a tool can be silently wrong (issue 11) that the
earlier sets lack; three are clean (false alarms). The gold is what a careful clerk types from the
printed page (written from the rows drawn here, never from the tool's output).

    python -m tests.checkdocs.make_late8    # writes tests/checkdocs/cd_late8_*.pdf and *.gold.json

Drawn cell by cell with ReportLab's canvas (Liberation Serif 10 pt; a ward's plan for
administrative reform and digital government in 2026) by `draw` below (common.TablePlan.draw);
image pages are rasterised by `pdftoppm` (200 dpi, black and white; common.raster).

- cd_late8_scan_skew: every page an image without text, turned (page 1 by +1.1 degrees, page 2
  by -0.8) and speckled with dirt, black and white, as an office scanner stores a crooked sheet.
- cd_late8_lying_layer: every page an image under the scanner's invisible OCR layer that reads
  most of the page right but lies on some words: "Quý III/2026" read "Quý II/2026",
  "15/11/2026" read "16/11/2026", "Tháng 9/2026" read "Tháng 8/2026", "Phòng Kinh tế" read
  "Phòng Kinh tê", "Tháng 3/2026" read "Tháng 5/2026", "Quý IV/2026" read "Quý IV/2025". Gold:
  what the image shows.
- cd_late8_deadline_forms: deadlines written as offices write them, in forms the earlier sets
  do not use ("Không quá ngày 15/9/2026", "Muộn nhất tháng 11/2026", "Ngày 15 tháng 7 năm
  2026", "Trước 31-8-2026", "Quý I và quý II/2026", "Tháng 4, tháng 5/2026", "Quý 2, 3 năm
  2026", "Hạn chót: 31/5/2026", ...), normalised by hand.
- cd_late8_unit_abbrev: unit cells abbreviated and mistyped as staff type them ("VP HĐND&UBND
  phường", "P. Kinh tế", "Phòng VH-XH", "CA phường", "Trạm YT phường", "UBMTTQ phường",
  "Công an phuờng"). Gold: the cells as printed.
- cd_late8_noheader_restart: a table over three pages with the header on page 1 only, the
  numbering starting again at 1 under each section, and a section row at the top of page 2.
- cd_late8_empty_lead: ruled grid; some lead cells empty (coordinators filled), and two rows
  whose one cell "Các phòng, đơn vị thuộc UBND phường" spans the lead and coordinators columns.
  Gold: an empty lead as empty; the spanning cell as the lead, no coordinators.
- cd_late8_coord_in_text: the coordinators written at the end of the task text ("(phối hợp:
  Công an phường)") with the coordinators column empty in those rows. Gold: the cells as
  printed (text with its parenthesis, coordinators empty).
- cd_late8_two_line_cell: one column "Đơn vị thực hiện" holding "- Chủ trì: X" and "- Phối hợp:
  Y" on two lines. Gold: lead X, coordinators Y, and the units lead [X], coordinators [Y] (as
  the corpus' combined cells).
- cd_late8_indicator_years: a short task table, then an indicator grid whose year columns are
  headed by bare years "2026" .. "2030" under a spanning header "Lộ trình thực hiện", values
  with a decimal comma, "≥", "≤" and blank cells. Gold: tasks and indicators.
- cd_late8_prose_tasks: no table: the tasks are "- " bullets in the body under unit headings
  ("1. Văn phòng HĐND và UBND phường", ...; one heading "Công an phường chủ trì, phối hợp với
  Đoàn Thanh niên phường"), some naming their deadline in the sentence. Gold: body tasks.
- cd_late8_clean_grid, cd_late8_clean_frame, cd_late8_clean_land: no defect (a ruled grid over
  two pages; an outer frame with horizontal rules; a landscape grid with a "Sản phẩm" column).
Used by benchmarks/silent_errors.py (set `checkdocs`; `--prefix cd_late8_`).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from tests.checkdocs.common import (PLAIN_DEADLINES, PLAIN_NORMALISED, SPAN, TablePlan, add_indicator_gold,
                                    cycled_rows, n_pages, raster, save_json, with_sections, write_gold)
from tests.checkpdf import _wrap as wrap_words

HERE = Path(__file__).resolve().parent

UNITS = ("Văn phòng HĐND và UBND phường", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội",
         "Công an phường", "Trung tâm Phục vụ hành chính công phường", "Trạm Y tế phường",
         "Đoàn Thanh niên phường", "Phòng Kinh tế", "Ủy ban Mặt trận Tổ quốc Việt Nam phường")
TASKS = (
    "Rà soát, công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của phường",
    "Niêm yết công khai thủ tục hành chính, số điện thoại đường dây nóng tại Trung tâm Phục vụ hành chính công",
    "Tiếp nhận, giải quyết hồ sơ trực tuyến, bảo đảm tỷ lệ hồ sơ đúng hạn đạt trên 98%",
    "Kiểm tra công vụ, kỷ luật, kỷ cương hành chính tại các bộ phận chuyên môn",
    "Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực từ năm 2020 đến nay",
    "Tổ chức lấy ý kiến đánh giá sự hài lòng của người dân đối với dịch vụ hành chính công",
    "Tuyên truyền cải cách hành chính trên hệ thống truyền thanh và trang thông tin điện tử của phường",
    "Cập nhật, làm sạch dữ liệu hộ tịch, dân cư phục vụ liên thông khai sinh, thường trú, bảo hiểm y tế",
    "Hướng dẫn doanh nghiệp, hộ kinh doanh nộp thuế điện tử và sử dụng hóa đơn điện tử",
    "Triển khai mô hình \"Tổ dân phố số\" tại tổ dân phố 3 và tổ dân phố 7",
    "Bồi dưỡng kỹ năng ứng dụng trí tuệ nhân tạo cho cán bộ, công chức phường",
    "Rà soát vị trí việc làm, đề xuất bố trí công chức theo đúng chuyên môn được đào tạo",
    "Duy trì hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015",
    "Kiểm tra an toàn thông tin đối với máy tính, thiết bị kết nối mạng của cơ quan",
    "Vận động người dân thanh toán phí, lệ phí và học phí không dùng tiền mặt",
    "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND phường với người dân, doanh nghiệp",
    "Xây dựng dữ liệu số về đất đai, nhà ở, công trình trên địa bàn phường",
    "Báo cáo kết quả cải cách hành chính định kỳ gửi Sở Nội vụ",
    "Sơ kết công tác cải cách hành chính 6 tháng, tổng kết năm và đề xuất nhiệm vụ năm 2027",
    "Phát động phong trào thi đua \"Công chức phường tận tụy, vì nhân dân phục vụ\"",
)
FORMS = ("Không quá ngày 15/9/2026", "Muộn nhất tháng 11/2026", "Ngày 15 tháng 7 năm 2026", "Trước 31-8-2026",
         "Quý I và quý II/2026", "Tháng 4, tháng 5/2026", "Từ ngày 01/3 đến ngày 31/3/2026", "Cuối quý III/2026",
         "Dứt điểm trong quý II/2026", "Hạn chót: 31/5/2026", "Ngay trong tháng 01/2026", "Quý 2, 3 năm 2026",
         "Theo Kế hoạch số 25/KH-UBND của UBND tỉnh", "Từ quý II/2026 đến hết năm 2026")
# Deadline cell -> (kind, start, due), written by hand (DOMAIN.md's table; year 2026): a span of
# months or quarters is a range; a cell waiting on another document is an event.
NORMALISED = {
    **PLAIN_NORMALISED,
    # cd_late8_deadline_forms
    "Không quá ngày 15/9/2026": ("day", None, "2026-09-15"),
    "Muộn nhất tháng 11/2026": ("month", "2026-11-01", "2026-11-30"),
    "Ngày 15 tháng 7 năm 2026": ("day", None, "2026-07-15"),
    "Trước 31-8-2026": ("day", None, "2026-08-31"),
    "Quý I và quý II/2026": ("range", "2026-01-01", "2026-06-30"),
    "Tháng 4, tháng 5/2026": ("range", "2026-04-01", "2026-05-31"),
    "Từ ngày 01/3 đến ngày 31/3/2026": ("range", "2026-03-01", "2026-03-31"),
    "Cuối quý III/2026": ("quarter", "2026-07-01", "2026-09-30"),
    "Dứt điểm trong quý II/2026": ("quarter", "2026-04-01", "2026-06-30"),
    "Hạn chót: 31/5/2026": ("day", None, "2026-05-31"),
    "Ngay trong tháng 01/2026": ("month", "2026-01-01", "2026-01-31"),
    "Quý 2, 3 năm 2026": ("range", "2026-04-01", "2026-09-30"),
    "Theo Kế hoạch số 25/KH-UBND của UBND tỉnh": ("event", None, None),
    "Từ quý II/2026 đến hết năm 2026": ("range", "2026-04-01", "2026-12-31"),
    # cd_late8_prose_tasks (phrases quoted from the sentences)
    "": ("unspecified", None, None),
    "trước ngày 31/3/2026": ("day", None, "2026-03-31"),
    "trong quý III/2026": ("quarter", "2026-07-01", "2026-09-30"),
    "trong năm 2026": ("year", "2026-01-01", "2026-12-31"),
    "hằng tháng": ("recurring", None, None),
}
HEADER = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
WIDTHS = (26.0, 221.0, 96.0, 96.0, 66.0)
SEC = ("I. Cải cách thủ tục hành chính", "II. Cải cách tổ chức bộ máy, công vụ", "III. Chính quyền số")
LONGER = ("; phân công công chức theo dõi, tổng hợp vướng mắc, báo cáo Chủ tịch UBND phường trước "
          "ngày 25 của tháng cuối quý")
# the indicator grid of cd_late8_indicator_years: (TT, name, unit, targets 2026..2030, lead)
YEARS = ("2026", "2027", "2028", "2029", "2030")
IND_HEADER = ("TT", "Chỉ tiêu", "Đơn vị tính") + YEARS + ("Cơ quan chủ trì",)
IND_WIDTHS = (22.0, 140.0, 36.0, 42.0, 42.0, 42.0, 42.0, 42.0, 97.0)
INDICATORS = (
    ("1", "Tỷ lệ hồ sơ giải quyết trước và đúng hạn", "%", ("≥ 98%", "≥ 98%", "≥ 99%", "≥ 99%", "100%"),
     "Trung tâm Phục vụ hành chính công phường"),
    ("2", "Tỷ lệ thủ tục hành chính có phát sinh hồ sơ trực tuyến toàn trình", "%",
     ("60%", "70%", "80%", "", "90%"), "Văn phòng HĐND và UBND phường"),
    ("3", "Tỷ lệ hồ sơ trễ hạn", "%", ("≤ 1,5%", "≤ 1%", "≤ 0,5%", "≤ 0,5%", "0%"),
     "Trung tâm Phục vụ hành chính công phường"),
    ("4", "Số tổ dân phố đạt tiêu chí \"Tổ dân phố số\"", "Tổ", ("2", "5", "8", "11", "14"),
     "Phòng Văn hóa - Xã hội"),
    ("5", "Tỷ lệ người dân hài lòng với dịch vụ hành chính công", "%", ("≥ 90%", "≥ 92%", "", "", "≥ 95%"),
     "Văn phòng HĐND và UBND phường"),
    ("6", "Tỷ trọng giao dịch thanh toán không dùng tiền mặt tại chợ", "%",
     ("≥ 35,5%", "≥ 45%", "≥ 55%", "≥ 65%", "≥ 75%"), "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("7", "Số lớp bồi dưỡng kỹ năng số cho người dân", "Lớp", ("4", "4", "6", "6", "8"),
     "Đoàn Thanh niên phường"),
)
TARGETS = {  # raw -> (op, value, unit or None: the row's unit of measure)
    "≥ 98%": (">=", 98, "%"), "≥ 99%": (">=", 99, "%"), "100%": (None, 100, "%"), "60%": (None, 60, "%"),
    "70%": (None, 70, "%"), "80%": (None, 80, "%"), "90%": (None, 90, "%"), "≤ 1,5%": ("<=", 1.5, "%"),
    "≤ 1%": ("<=", 1, "%"), "≤ 0,5%": ("<=", 0.5, "%"), "0%": (None, 0, "%"), "2": (None, 2, None),
    "5": (None, 5, None), "8": (None, 8, None), "11": (None, 11, None), "14": (None, 14, None),
    "≥ 90%": (">=", 90, "%"), "≥ 92%": (">=", 92, "%"), "≥ 95%": (">=", 95, "%"),
    "≥ 35,5%": (">=", 35.5, "%"), "≥ 45%": (">=", 45, "%"), "≥ 55%": (">=", 55, "%"),
    "≥ 65%": (">=", 65, "%"), "≥ 75%": (">=", 75, "%"), "4": (None, 4, None), "6": (None, 6, None),
}
TOP = 56.0


def rows(n: int, deadlines=PLAIN_DEADLINES, start: int = 0) -> list[tuple]:
    """n task rows (number, text, lead, coordinators, deadline)."""
    return cycled_rows(TASKS, UNITS, n, deadlines, start, coord_offset=3)


PLAN = TablePlan(
    fonts=("L8Serif", "L8SerifB"), title="Kế hoạch cải cách hành chính năm 2026",
    letterhead=(("ỦY BAN NHÂN DÂN", True, False), ("PHƯỜNG BẮC HÀ", True, False), ("Số: 07/KH-UBND", False, False),
                ("Bắc Hà, ngày 12 tháng 01 năm 2026", False, False), ("KẾ HOẠCH", True, True),
                ("Cải cách hành chính và chuyển đổi số phường Bắc Hà năm 2026", True, True),
                ("Phụ lục", True, True), ("NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026", True, True)),
    signer="Nguyễn Văn Khánh", header=HEADER, widths=WIDTHS, keep_sections=True)
draw = PLAN.draw   # the plan with these tables (common.TablePlan.draw)


# ------------------------------------------------------------------ a plan with its tasks in prose
BODY_TASKS = (   # (unit heading, lead units, coordinator units, [(bullet text, deadline phrase in it)])
    ("Văn phòng HĐND và UBND phường", ["Văn phòng HĐND và UBND phường"], [], [
        ("Tham mưu UBND phường ban hành Quy chế tiếp nhận, giải quyết thủ tục hành chính theo cơ chế một cửa, "
         "một cửa liên thông, hoàn thành trước ngày 31/3/2026.", "trước ngày 31/3/2026"),
        ("Theo dõi, đôn đốc các bộ phận giải quyết hồ sơ đúng hạn; công khai kết quả đánh giá trên trang thông tin "
         "điện tử của phường hằng tháng.", "hằng tháng"),
        ("Tổng hợp, báo cáo kết quả thực hiện Kế hoạch gửi Sở Nội vụ theo quy định.", "")]),
    ("Phòng Văn hóa - Xã hội", ["Phòng Văn hóa - Xã hội"], [], [
        ("Tuyên truyền về cải cách hành chính, chuyển đổi số trên hệ thống truyền thanh của phường và các nhóm Zalo "
         "của tổ dân phố.", ""),
        ("Xây dựng, nhân rộng mô hình \"Tổ dân phố số\" tại các tổ dân phố còn lại trong quý III/2026.",
         "trong quý III/2026")]),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", ["Phòng Kinh tế, Hạ tầng và Đô thị"], [], [
        ("Hướng dẫn tiểu thương tại chợ Bắc Hà sử dụng mã QR trong thanh toán, phấn đấu 100% quầy hàng có mã "
         "thanh toán trong năm 2026.", "trong năm 2026"),
        ("Cập nhật dữ liệu đất đai, nhà ở, công trình xây dựng vào hệ thống thông tin của tỉnh.", "")]),
    ("Công an phường chủ trì, phối hợp với Đoàn Thanh niên phường", ["Công an phường"], ["Đoàn Thanh niên phường"], [
        ("Hỗ trợ người dân kích hoạt tài khoản định danh điện tử mức độ 2 và sử dụng các tiện ích trên ứng dụng "
         "VNeID.", ""),
        ("Tuyên truyền, cảnh báo thủ đoạn lừa đảo trên không gian mạng tại các buổi sinh hoạt tổ dân phố.", "")]),
)


def draw_prose(path: Path) -> list[int]:
    """A plan whose tasks are "- " bullets under unit headings in the body (no table); returns the
    page of each bullet task in BODY_TASKS order."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    PLAN.register()
    w, h = A4
    size, lead_ = 13.0, 17.0
    left, right, bottom = 85.0, 57.0, h - 60.0
    c = canvas.Canvas(str(path), pagesize=(w, h), invariant=1)
    c.setTitle("Kế hoạch cải cách hành chính năm 2026")
    state = {"page": 1, "y": TOP}

    def line(s, x, bold=False, centre=False):
        from reportlab.pdfbase.pdfmetrics import stringWidth
        font = "L8SerifB" if bold else "L8Serif"
        if state["y"] + lead_ > bottom:
            c.showPage()
            state["page"] += 1
            state["y"] = TOP
        if centre:
            x = left + (w - left - right - stringWidth(s, font, size)) / 2
        t = c.beginText(x, h - state["y"])
        t.setFont(font, size)
        t.textOut(s)
        c.drawText(t)
        state["y"] += lead_

    def para(s, bold=False, indent=28.0):
        first = True
        for ln in wrap_words(s, w - left - right - (indent if first else 0) + 6, "L8SerifB" if bold else "L8Serif",
                             size):
            line(ln, left + (indent if first else 0), bold)
            first = False

    for s, bold in (("ỦY BAN NHÂN DÂN", True), ("PHƯỜNG BẮC HÀ", True), ("Số: 09/KH-UBND", False),
                    ("Bắc Hà, ngày 15 tháng 01 năm 2026", False)):
        line(s, left, bold)
    state["y"] += 8
    line("KẾ HOẠCH", left, True, centre=True)
    line("Thực hiện nhiệm vụ cải cách hành chính phường Bắc Hà năm 2026", left, True, centre=True)
    state["y"] += 10
    para("Thực hiện Kế hoạch số 25/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân tỉnh về cải cách hành chính, "
         "chuyển đổi số năm 2026, Ủy ban nhân dân phường ban hành Kế hoạch thực hiện như sau:")
    para("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    para("Xác định rõ nhiệm vụ, trách nhiệm của từng bộ phận, đơn vị; bảo đảm giải quyết thủ tục hành chính "
         "nhanh chóng, công khai, minh bạch, lấy sự hài lòng của người dân làm thước đo.")
    para("II. NHIỆM VỤ CỤ THỂ", bold=True)
    pages = []
    for k, (heading, _, _, bullets) in enumerate(BODY_TASKS, 1):
        para(f"{k}. {heading}", bold=True)
        for text_, _ in bullets:
            if state["y"] + lead_ > bottom:   # the bullet starts on the next page
                c.showPage()
                state["page"] += 1
                state["y"] = TOP
            pages.append(state["page"])
            para(f"- {text_}")
    para("III. TỔ CHỨC THỰC HIỆN", bold=True)
    para("Các bộ phận, đơn vị căn cứ nhiệm vụ được giao chủ động triển khai thực hiện; trong quá trình thực hiện "
         "nếu có khó khăn, vướng mắc báo cáo Chủ tịch UBND phường (qua Văn phòng HĐND và UBND phường) để chỉ "
         "đạo giải quyết./.")
    state["y"] += 14
    if state["y"] + 5 * lead_ > bottom:   # the signature block kept whole
        c.showPage()
        state["page"] += 1
        state["y"] = TOP
    for s in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "Nguyễn Văn Khánh"):
        line(s, w - right - 200, True)
    c.save()
    return pages


# ------------------------------------------------------------------ images of pages
def _scan(native: Path, out: Path, turns: dict, layer=None, record: list | None = None) -> None:
    """A PDF of the images of every page of `native` (200 dpi, black and white as an office
    scanner stores it): page p turned by turns[p] degrees before the threshold, with dirt specks
    (seeded); with `layer`, an invisible text layer of every `record`ed string as layer(page,
    string) writes it (unturned: the scanner's OCR places its words on the straightened page)."""
    import numpy as np
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    import pdfplumber
    with pdfplumber.open(str(native)) as pdf:
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    PLAN.register()
    c = canvas.Canvas(str(out), invariant=1)
    with tempfile.TemporaryDirectory(prefix="late8_") as tmp:
        for pno, (pw, ph) in enumerate(sizes, 1):
            c.setPageSize((pw, ph))
            png = raster(native, pno, Path(tmp) / f"p{pno}.png")   # already black and white
            rng = np.random.default_rng(8000 + pno)
            with Image.open(png) as im:
                img = im.convert("L")
                if turns.get(pno):
                    img = img.rotate(turns[pno], resample=Image.BICUBIC, fillcolor=255)
                a = np.asarray(img)
                a = np.where(a >= 150, 255, 0).astype(np.uint8)
                specks = rng.random(a.shape)
                a[specks < 0.0008] = 0
                a[specks > 0.9995] = 255
            bw = Path(tmp) / f"p{pno}-scan.png"
            Image.fromarray(a).convert("1").save(bw)
            c.drawImage(ImageReader(str(bw)), 0, 0, pw, ph)
            for page, x, y, s, font, size in (record or []) if layer else []:
                if page == pno:
                    t = c.beginText(x, ph - y)
                    t.setTextRenderMode(3)   # invisible
                    t.setFont(font, size)
                    t.textOut(layer(pno, s))
                    c.drawText(t)
            c.showPage()
    c.save()


#: What the scanner's OCR layer of cd_late8_lying_layer reads instead of the printed string
#: (whole printed lines; every occurrence).
LIES = {"Quý III/2026": "Quý II/2026", "15/11/2026": "16/11/2026",
        "Tháng 9/2026": "Tháng 8/2026", "Phòng Kinh tế": "Phòng Kinh tê", "Tháng 3/2026": "Tháng 5/2026",
        "Quý IV/2026": "Quý IV/2025"}


# ------------------------------------------------------------------ gold
def gold(name: str, task_rows: list[tuple], pages: list[int], out: Path) -> Path:
    return write_gold(name, task_rows, pages, NORMALISED, out)


def gold_indicators(path: Path, pages: list[int]) -> Path:
    return add_indicator_gold(path, INDICATORS, YEARS, pages, TARGETS)


def gold_prose(name: str, pages: list[int], out: Path) -> Path:
    """Body tasks: the bullet's text without its "- ", lead_raw the unit heading (with the units it
    names when it names a coordinator too), the deadline phrase as the sentence writes it."""
    tasks = []
    bullets = [(heading, leads, coords, t, d) for heading, leads, coords, bs in BODY_TASKS for t, d in bs]
    for (heading, leads, coords, text_, phrase), page in zip(bullets, pages):
        kind, start, due = NORMALISED[phrase]
        t = {"origin": "body", "number": None, "text": text_, "lead_raw": heading, "coordinators_raw": None,
             "deadline": {"raw": phrase, "kind": kind, "start": start, "due": due}, "source": {"page": page}}
        if coords:
            t["lead"], t["coordinators"] = leads, coords
        tasks.append(t)
    return save_json(out / f"{name}.gold.json", {"source": {"file": f"{name}.pdf"}, "tasks": tasks})


def make(folder: Path = HERE) -> list[Path]:
    """Every document: <folder>/cd_late8_*.pdf and their gold; returns the gold files."""
    out = []

    def doc(name: str, items: list, **kw) -> Path:
        return PLAN.document(folder, name, items, NORMALISED, **kw)

    with tempfile.TemporaryDirectory(prefix="late8_") as tmp:
        tmp = Path(tmp)
        # 1. a crooked, noisy scan without any text
        r = rows(16, start=2)
        for i in range(1, 16, 4):
            r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
        pages = draw(tmp / "native1.pdf", [{"items": with_sections(r, {0: SEC[0], 6: SEC[1], 11: SEC[2]})}],
                     size=11.0)[0]
        assert n_pages(tmp / "native1.pdf") == 2
        _scan(tmp / "native1.pdf", folder / "cd_late8_scan_skew.pdf", {1: 1.1, 2: -0.8})
        out.append(gold("cd_late8_scan_skew", r, pages, folder))

        # 2. a scan under an OCR layer that lies on some words
        r = rows(20, start=0)
        for i in range(2, 20, 5):
            r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
        rec: list = []
        pages = draw(tmp / "native2.pdf", [{"items": with_sections(r, {0: SEC[0], 7: SEC[1], 14: SEC[2]})}],
                     record=rec)[0]
        lied = sum(1 for _, _, _, s, _, _ in rec if s in LIES)
        assert lied >= 6, lied
        _scan(tmp / "native2.pdf", folder / "cd_late8_lying_layer.pdf", {}, layer=lambda p, s: LIES.get(s, s),
              record=rec)
        out.append(gold("cd_late8_lying_layer", r, pages, folder))

    # 3. deadlines in forms the earlier sets do not use
    r = rows(14, deadlines=FORMS, start=4)
    out.append(doc("cd_late8_deadline_forms", with_sections(r, {0: SEC[0], 7: SEC[2]}),
                   widths=(26.0, 196.0, 92.0, 92.0, 99.0)))

    # 4. unit names abbreviated and mistyped
    r = rows(14, start=1)
    for i, col, s in ((0, 2, "P. Kinh tế"), (1, 3, "VP HĐND&UBND phường"), (2, 2, "Phòng VH-XH"),
                      (4, 3, "CA phường"), (5, 2, "Trạm YT phường"), (7, 3, "UBMTTQ phường"),
                      (9, 2, "Công an phuờng"), (10, 3, "Phòng KT, HT&ĐT"), (12, 2, "Đoàn TN phường")):
        cells = list(r[i])
        cells[col] = s
        r[i] = tuple(cells)
    out.append(doc("cd_late8_unit_abbrev", with_sections(r, {0: SEC[0], 7: SEC[1]})))

    # 5. the header on page 1 only, numbering restarting per section, a section row opening page 2
    r = rows(9, start=0) + rows(10, start=9) + rows(8, start=19)
    for i in list(range(0, 9)) + list(range(10, 24, 2)):
        r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
    pages = draw(folder / "cd_late8_noheader_restart.pdf",
                 [{"items": with_sections(r, {0: SEC[0], 9: SEC[1], 19: SEC[2]}), "rules": "grid", "repeat": False}])[0]
    assert max(pages) == 3 and pages[8] == 1 and pages[9] == 2, pages   # section II opens page 2
    out.append(gold("cd_late8_noheader_restart", r, pages, folder))

    # 6. empty lead cells; a cell spanning the lead and coordinators columns
    r = rows(13, start=6)
    printed = []
    for i, x in enumerate(r):
        if i in (1, 8):   # the lead cell left empty (the coordinators filled)
            r[i] = x[:2] + ("",) + x[3:]
            printed.append(r[i])
        elif i in (5, 11):   # one cell over lead and coordinators
            r[i] = x[:2] + ("Các phòng, đơn vị thuộc UBND phường", "") + x[4:]
            printed.append(x[:2] + ("Các phòng, đơn vị thuộc UBND phường", SPAN) + x[4:])
        else:
            printed.append(x)
    out.append(doc("cd_late8_empty_lead", with_sections(printed, {0: SEC[1], 7: SEC[2]}), gold_rows=r))

    # 7. the coordinators written at the end of the task text, the coordinators column empty
    r = rows(12, start=8)
    for i in (1, 4, 6, 9):
        r[i] = (r[i][0], f"{r[i][1]} (phối hợp: {UNITS[(i + 2) % 7]})", r[i][2], "", r[i][4])
    out.append(doc("cd_late8_coord_in_text", with_sections(r, {0: SEC[0], 6: SEC[2]})))

    # 8. one column "Đơn vị thực hiện": "- Chủ trì: X" over "- Phối hợp: Y"
    r = rows(13, start=3)
    printed = [(x[0], x[1], f"- Chủ trì: {x[2]}" + (f"\n- Phối hợp: {x[3]}" if x[3] else ""), x[4]) for x in r]
    units = [{"lead": [x[2]], "coordinators": [x[3]] if x[3] else []} for x in r]   # the units the cell names
    out.append(doc("cd_late8_two_line_cell", with_sections(printed, {0: SEC[0], 6: SEC[1]}), gold_rows=r,
                   gold_more=units, header=("TT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "Thời hạn"),
                   widths=(26.0, 231.0, 182.0, 66.0)))

    # 9. a task table, then indicators with bare years under "Lộ trình thực hiện"
    r = rows(6, start=11)
    ind_items = [(n, nm, u, *tg, ld) for n, nm, u, tg, ld in INDICATORS]
    p_tasks, p_inds = draw(folder / "cd_late8_indicator_years.pdf",
                           [{"items": with_sections(r, {0: SEC[2]})},
                            {"items": ind_items, "header": IND_HEADER, "widths": IND_WIDTHS,
                             "top": [(3, 7, "Lộ trình thực hiện")]}])
    out.append(gold_indicators(gold("cd_late8_indicator_years", r, p_tasks, folder), p_inds))

    # 10. tasks as bullets in the body, no table
    pages = draw_prose(folder / "cd_late8_prose_tasks.pdf")
    out.append(gold_prose("cd_late8_prose_tasks", pages, folder))

    # 11-13. no defect
    out.append(doc("cd_late8_clean_grid", with_sections(rows(24, start=1), {0: SEC[0], 9: SEC[1], 17: SEC[2]})))
    out.append(doc("cd_late8_clean_frame", with_sections(rows(15, start=5), {0: SEC[1], 8: SEC[2]}),
                   rules="frame_hrules", header=("STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
                                                 "Thời hạn hoàn thành")))
    r = rows(13, start=2)
    products = ("Quyết định", "Kế hoạch", "Báo cáo", "Hội nghị", "Dữ liệu được cập nhật", "Văn bản hướng dẫn")
    r6 = [x[:2] + (products[i % len(products)],) + x[2:] for i, x in enumerate(r)]
    out.append(doc("cd_late8_clean_land", with_sections(r6, {0: SEC[0], 7: SEC[2]}), gold_rows=r,
                   gold_more=[{"extra": {"Sản phẩm": x[2]}} for x in r6],   # the product column in extra
                   header=("STT", "Nội dung nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
                           "Thời gian hoàn thành"),
                   widths=(30.0, 300.0, 110.0, 130.0, 150.0, 90.0), landscape=True))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
