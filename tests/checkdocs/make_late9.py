"""Ninth set of late check documents: written on 2026-12-07 between 07:50 and 08:55 UTC by the
independent measurer "lateset15" of that session (not by a session that changed the checks or the
table stage), in its own worktree, landed after the fixers' last landing, never extracted by
plan-extract before that landing, measured once on that code and never tuned on. Each shows a
thing real issued plans do that the earlier sets lack; three are clean (false alarms). The gold is
what a careful clerk types from the printed page (written from the rows drawn here, never from the
tool's output).

    python -m tests.checkdocs.make_late9    # writes tests/checkdocs/cd_late9_*.{pdf,docx} and *.gold.json

A provincial plan (UBND tỉnh, digital transformation and environment 2026). Drawn cell by cell
with ReportLab's canvas (Liberation Serif 10 pt) by `draw` below, except the portal print (HTML
printed by headless Chromium) and the Word file (python-docx, the .docx itself is the input).

- cd_late9_two_tables: an indicator grid (Phụ lục I: TT | Chỉ tiêu | Đơn vị tính | Năm 2026 |
  Năm 2027 | Năm 2028 | Cơ quan chủ trì) first, then the task table (Phụ lục II) on the next page.
- cd_late9_interrupted: a task table, a paragraph of body text, then the table going on with its
  header printed again and the numbering running on.
- cd_late9_page_lines: every page carries a header line with the document's number and date
  ("Kế hoạch số 15/KH-UBND ngày 12/01/2026 của UBND tỉnh") and a footer "Trang 2/3"; the table
  runs over three pages.
- cd_late9_portal_print: the plan as printed from a web portal by Chromium: a browser header
  (date and time, page title) and footer (the page's URL, "1/3") on every page.
- cd_late9_notes: tasks marked "(*)", and under the last task, inside the table, rows spanning
  it: "Ghi chú:", "(*) Nhiệm vụ chuyển tiếp từ Kế hoạch năm 2025." and a line naming a date.
- cd_late9_deadline_forms: deadlines as offices write them ("Trước ngày 30/6/2026", "Tháng 6/2026",
  "Năm 2026-2027", "Quý I, II/2026", "Giai đoạn 2026-2030", "Trước ngày 25 hằng tháng", ...),
  normalised by hand (a deadline never invented: an event or a recurrence without a year has no date).
- cd_late9_coord_collective: coordinator and lead cells naming groups as provinces write them
  ("Các sở, ngành, UBND các huyện, thành phố", "Các sở, ban, ngành; UBND các xã, phường", "Sở Tài
  chính, Sở Xây dựng và các đơn vị liên quan"). Gold: the cells as printed.
- cd_late9_scan_gray: every page a 200-dpi greyscale JPEG image without text, turned by 0.5 degree.
- cd_late9_photocopy: every page an image of a crooked photocopy: turned by 1.7 degrees and
  shifted, grey paper, a dark shadow band along the bound edge, toner specks, softened.
- cd_late9_word_docx: a Word file (.docx, the file itself is the input, not a PDF of it): a grid
  whose header row repeats on every page (Word's repeat-header-row), section rows merged across,
  the document number in the page header.
- cd_late9_resp_phrase: one column "Đơn vị thực hiện" whose cell names both roles in a phrase:
  "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính", "Sở Xây dựng chủ trì; Công an tỉnh phối hợp",
  "Sở Y tế chủ trì". Gold: lead X, coordinators Y (as the corpus' combined cells), and the units.
- cd_late9_clean_grid, cd_late9_clean_frame, cd_late9_clean_land: no defect (a ruled grid over two
  pages; an outer frame with horizontal rules and other header words; a landscape grid with
  "Kết quả/sản phẩm" and "Nguồn kinh phí" columns, kept in extra).
Used by benchmarks/silent_errors.py (set `checkdocs`; `--prefix cd_late9_`).
"""
from __future__ import annotations

import functools
import json
import tempfile
import zipfile
from pathlib import Path

from tests.checkdocs.common import (DEADLINES_2026, cycled_rows, liberation_serif, n_pages, with_sections, word_document,
                                    word_para, word_table, word_table_sizes, write_gold)
from tests.checkpdf import _wrap as wrap_words

HERE = Path(__file__).resolve().parent

UNITS = ("Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nội vụ",
         "Văn phòng UBND tỉnh", "Sở Xây dựng", "Công an tỉnh", "Sở Văn hóa, Thể thao và Du lịch",
         "Sở Y tế", "Sở Giáo dục và Đào tạo")
TASKS = (
    "Xây dựng cơ sở dữ liệu đất đai, kết nối với Cơ sở dữ liệu quốc gia về dân cư",
    "Triển khai nền tảng giám sát chất lượng môi trường không khí tự động tại các khu công nghiệp",
    "Ban hành danh mục dữ liệu mở của tỉnh và kế hoạch công bố dữ liệu mở năm 2026",
    "Bố trí kinh phí chi thường xuyên cho nhiệm vụ chuyển đổi số của các cơ quan cấp tỉnh",
    "Rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính trên Hệ thống thông tin giải quyết thủ tục hành chính",
    "Cấp giấy phép xây dựng trực tuyến toàn trình đối với nhà ở riêng lẻ",
    "Làm sạch dữ liệu dân cư, hoàn thành kết nối dữ liệu căn cước với các hệ thống chuyên ngành",
    "Số hóa hiện vật, tư liệu của Bảo tàng tỉnh và giới thiệu trên nền tảng số",
    "Triển khai sổ sức khỏe điện tử và đơn thuốc điện tử tại các cơ sở khám bệnh, chữa bệnh",
    "Đưa học bạ số vào sử dụng tại các trường tiểu học và trung học cơ sở",
    "Kiểm kê khí nhà kính cấp cơ sở đối với các doanh nghiệp thuộc danh mục phải kiểm kê",
    "Tổ chức Ngày Chuyển đổi số của tỉnh với chủ đề dữ liệu phục vụ người dân",
    "Quan trắc, cảnh báo sạt lở đất tại các khu dân cư có nguy cơ cao",
    "Đánh giá mức độ an toàn thông tin các hệ thống dùng chung và khắc phục điểm yếu",
    "Hướng dẫn các hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử",
    "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã sau sắp xếp đơn vị hành chính",
    "Xây dựng bản đồ số quy hoạch xây dựng đô thị và nông thôn của tỉnh",
    "Thu gom, xử lý chất thải rắn sinh hoạt tại các xã chưa có điểm tập kết",
    "Sơ kết 6 tháng, tổng kết năm thực hiện Kế hoạch và đề xuất nhiệm vụ năm 2027",
    "Vận hành Trung tâm giám sát, điều hành đô thị thông minh của tỉnh",
)
PLAIN = ("Quý I/2026", "Thường xuyên", "Tháng 6/2026", "Quý II/2026", "Năm 2026", "Trước ngày 30/6/2026",
         "Quý III/2026", "Hằng tháng", "Tháng 10/2026", "6 tháng đầu năm 2026", "Quý IV/2026",
         "Trước ngày 15/12/2026")
FORMS = ("Trước ngày 30/6/2026", "Tháng 6/2026", "Năm 2026-2027", "Quý I, II/2026", "Giai đoạn 2026-2030",
         "Trước ngày 25 hằng tháng", "Trong tháng 01/2026", "Từ tháng 3 đến tháng 6/2026", "Quý II, III/2026",
         "Trước ngày 15 tháng 10 năm 2026", "Năm 2026 - 2027", "Sau khi Kế hoạch được ban hành",
         "6 tháng đầu năm 2026", "Tháng 10/2026")
# Deadline cell -> (kind, start, due), written by hand (DOMAIN.md's table; year 2026; the
# conventions of the earlier sets: a span of months or quarters is a range, a day has no start,
# a recurrence without a named year has no dates, a cell waiting on another document is an event).
NORMALISED = {
    **DEADLINES_2026,
    "Tháng 6/2026": ("month", "2026-06-01", "2026-06-30"),
    "Tháng 10/2026": ("month", "2026-10-01", "2026-10-31"),
    "Trước ngày 30/6/2026": ("day", None, "2026-06-30"),
    "Trước ngày 15/12/2026": ("day", None, "2026-12-15"),
    "Hằng tháng": ("recurring", None, None),
    "6 tháng đầu năm 2026": ("half", "2026-01-01", "2026-06-30"),
    # cd_late9_deadline_forms
    "Năm 2026-2027": ("range", "2026-01-01", "2027-12-31"),
    "Quý I, II/2026": ("range", "2026-01-01", "2026-06-30"),
    "Giai đoạn 2026-2030": ("range", "2026-01-01", "2030-12-31"),
    "Trước ngày 25 hằng tháng": ("recurring", None, None),
    "Trong tháng 01/2026": ("month", "2026-01-01", "2026-01-31"),
    "Từ tháng 3 đến tháng 6/2026": ("range", "2026-03-01", "2026-06-30"),
    "Quý II, III/2026": ("range", "2026-04-01", "2026-09-30"),
    "Trước ngày 15 tháng 10 năm 2026": ("day", None, "2026-10-15"),
    "Năm 2026 - 2027": ("range", "2026-01-01", "2027-12-31"),
    "Sau khi Kế hoạch được ban hành": ("event", None, None),
}
HEADER = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
WIDTHS = (26.0, 221.0, 96.0, 96.0, 66.0)
SEC = ("I. Chuyển đổi số trong quản lý đất đai, môi trường", "II. Chính quyền số và dữ liệu số",
       "III. Kinh tế số, xã hội số")
LONGER = ("; báo cáo kết quả về Sở Khoa học và Công nghệ trước ngày 20 của tháng cuối quý để tổng hợp, "
          "báo cáo Ủy ban nhân dân tỉnh")
NUMBER_LINE = "Số: 15/KH-UBND"
DOC_REF = "Kế hoạch số 15/KH-UBND ngày 12/01/2026 của UBND tỉnh"
# the indicator grid of cd_late9_two_tables: (TT, name, unit, targets 2026..2028, lead)
YEARS = ("2026", "2027", "2028")
IND_HEADER = ("TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Năm 2027", "Năm 2028", "Cơ quan chủ trì")
IND_WIDTHS = (22.0, 190.0, 44.0, 52.0, 52.0, 52.0, 93.0)
INDICATORS = (
    ("1", "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình", "%", ("≥ 80%", "≥ 85%", "≥ 90%"),
     "Văn phòng UBND tỉnh"),
    ("2", "Tỷ lệ thửa đất có dữ liệu được kết nối với Cơ sở dữ liệu quốc gia về dân cư", "%",
     ("60%", "80%", "100%"), "Sở Nông nghiệp và Môi trường"),
    ("3", "Số trạm quan trắc môi trường tự động được kết nối", "Trạm", ("12", "18", "24"),
     "Sở Nông nghiệp và Môi trường"),
    ("4", "Tỷ trọng kinh tế số trong GRDP", "%", ("≥ 12,5%", "≥ 15%", "≥ 17,5%"), "Sở Tài chính"),
    ("5", "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "%", ("≥ 92%", "", "≥ 95%"),
     "Sở Nông nghiệp và Môi trường"),
    ("6", "Số cán bộ, công chức cấp xã được đào tạo kỹ năng số", "Người", ("1.200", "1.500", "1.800"),
     "Sở Nội vụ"),
)
TARGETS = {  # raw -> (op, value, unit or None: the row's unit of measure)
    "≥ 80%": (">=", 80, "%"), "≥ 85%": (">=", 85, "%"), "≥ 90%": (">=", 90, "%"), "60%": (None, 60, "%"),
    "80%": (None, 80, "%"), "100%": (None, 100, "%"), "12": (None, 12, None), "18": (None, 18, None),
    "24": (None, 24, None), "≥ 12,5%": (">=", 12.5, "%"), "≥ 15%": (">=", 15, "%"), "≥ 17,5%": (">=", 17.5, "%"),
    "≥ 92%": (">=", 92, "%"), "≥ 95%": (">=", 95, "%"), "1.200": (None, 1200, None), "1.500": (None, 1500, None),
    "1.800": (None, 1800, None),
}
SIZE, LEFT, TOP = 10.0, 50.0, 56.0
SPAN = object()   # a cell merged into the cell on its left (no rule between them)


def rows(n: int, deadlines=PLAIN, start: int = 0) -> list[tuple]:
    """n task rows (number, text, lead, coordinators, deadline)."""
    return cycled_rows(TASKS, UNITS, n, deadlines, start, coord_offset=3)


def _fonts():
    liberation_serif("L9Serif", "L9SerifB")


def _wrap(s: str, width: float, font: str, size: float) -> list[str]:
    out = []
    for part in s.split("\n"):
        out += wrap_words(part, width, font, size) or [""]
    return out if any(out) else []


def draw(path: Path, tables: list[dict], *, landscape: bool = False, size: float = SIZE,
         foot: float = 52.0, page_lines=None, captions: bool = True) -> list[list[int]]:
    """Draw the plan: letterhead, then each table of `tables` ({items, header, widths, rules,
    caption, before, new_page, notes}), then the signature. items: rows of cell strings (a cell
    SPAN: merged into the cell on its left) and ("section", title); rules: grid | frame_hrules;
    caption: lines printed centred above the table; before: paragraphs of body text printed
    before the table (full width); new_page: the table starts a page; notes: lines printed as
    rows spanning the table after its last row. page_lines(page, pages) -> (top line, bottom
    line) printed on every page (None: none; two passes, the first counts the pages). Returns,
    per table, the page each non-section row starts on (a row never breaks over a page)."""
    if page_lines is not None:
        with tempfile.TemporaryDirectory(prefix="late9_") as tmp:
            draw(Path(tmp) / "count.pdf", tables, landscape=landscape, size=size, foot=foot,
                 page_lines=None, captions=captions)
            total = n_pages(Path(tmp) / "count.pdf")
        return _draw(path, tables, landscape, size, foot, lambda p: page_lines(p, total), captions)
    return _draw(path, tables, landscape, size, foot, None, captions)


def _draw(path, tables, landscape, size, foot, page_lines, captions):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas
    _fonts()
    pw, ph = A4
    w, h = (ph, pw) if landscape else (pw, ph)
    bottom = h - foot
    lead_ = round(size * 1.2, 2)
    c = canvas.Canvas(str(path), pagesize=(w, h), invariant=1)
    c.setTitle("Kế hoạch chuyển đổi số năm 2026")
    state = {"page": 1}

    def text(x, y, s, bold=False, centre_in=None, sz=None):
        sz = sz or size
        font = "L9SerifB" if bold else "L9Serif"
        if centre_in is not None:
            x = x + (centre_in - stringWidth(s, font, sz)) / 2
        t = c.beginText(x, h - y)
        t.setFont(font, sz)
        t.textOut(s)
        c.drawText(t)

    def margins():
        if page_lines is None:
            return
        top, bot = page_lines(state["page"])
        if top:
            text(LEFT, 30.0, top, sz=9.0)
        if bot:
            text(LEFT, h - 24.0, bot, sz=9.0, centre_in=w - 2 * LEFT)

    def new_page():
        c.showPage()
        state["page"] += 1
        c.setLineWidth(0.6)
        margins()

    c.setLineWidth(0.6)
    margins()
    y = letterhead(text, w)
    all_pages = []
    for ti, tab in enumerate(tables):
        header, rules = tab.get("header", HEADER), tab.get("rules", "grid")
        widths = list(tab.get("widths", WIDTHS))
        scale = (w - 2 * LEFT) / sum(widths) if landscape else 1.0
        widths = [x * scale for x in widths]
        xs = [LEFT]
        for cw in widths:
            xs.append(xs[-1] + cw)

        def hline(yy, _xs=xs):
            c.line(_xs[0], h - yy, _xs[-1], h - yy)

        def vlines(y0, y1, skip=(), _xs=xs, _rules=rules):
            for i, x in enumerate(_xs):
                outer = i in (0, len(_xs) - 1)
                if (_rules == "grid" and (outer or i not in skip)) or (_rules == "frame_hrules" and outer):
                    c.line(x, h - y0, x, h - y1)

        def head(yy, _header=header, _widths=widths, _xs=xs):
            lines = [_wrap(s, _widths[i], "L9SerifB", size) for i, s in enumerate(_header)]
            hline(yy)
            height = max(len(x) for x in lines) * lead_ + 8
            for i, ls in enumerate(lines):
                for k, s in enumerate(ls):
                    text(_xs[i], yy + size + 1 + k * lead_, s, bold=True, centre_in=_widths[i])
            vlines(yy, yy + height)
            hline(yy + height)
            return yy + height

        def cells(item, _widths=widths):
            out = []
            for col, s in enumerate(item):
                if s is SPAN:
                    k, wid, txt = out[-1]
                    out[-1] = (k, wid + _widths[col], txt)
                else:
                    out.append((col, _widths[col], s))
            return [(k, wid, _wrap(s, wid, "L9Serif", size)) for k, wid, s in out]

        def row_at(yy, item, _xs=xs):
            cs = cells(item)
            height = max(1, max(len(ls) for _, _, ls in cs)) * lead_ + 6
            for col, _, ls in cs:
                for k, s in enumerate(ls):
                    text(_xs[col] + 3, yy + size + k * lead_, s)
            vlines(yy, yy + height, skip={col for col, s in enumerate(item) if s is SPAN})
            hline(yy + height)
            return yy + height

        if tab.get("new_page"):
            new_page()
            y = TOP
        elif ti:
            y += 14
        for line in tab.get("caption") or ():
            text(LEFT, y, line, True, sz=11.5, centre_in=w - 2 * LEFT)
            y += 16
        for para in tab.get("before") or ():
            for k, ln in enumerate(wrap_words(para, w - 2 * LEFT - 20, "L9Serif", 11.5)):
                if y + 16 > bottom:
                    new_page()
                    y = TOP
                text(LEFT + (20 if k == 0 else 0), y + 4, ln, sz=11.5)
                y += 16
        y = head(y + 4)
        pages = []
        items = list(tab["items"]) + [(n_,) + (SPAN,) * (len(header) - 1) for n_ in tab.get("notes") or ()]
        n_notes = len(tab.get("notes") or ())
        for n_, item in enumerate(items):
            if item[0] == "section":   # kept with the row after it, as Word keeps a heading row with the next
                after = items[n_ + 1] if n_ + 1 < len(items) and items[n_ + 1][0] != "section" else None
                after_h = max(1, max(len(ls) for _, _, ls in cells(after))) * lead_ + 6 if after else 0
                if y + lead_ + 6 + after_h > bottom:
                    new_page()
                    y = head(TOP)
                text(xs[0] + 3, y + size + 1, item[1], bold=True)
                vlines(y, y + lead_ + 6, skip=set(range(1, len(xs) - 1)))
                y += lead_ + 6
                hline(y)
                continue
            need = max(1, max(len(ls) for _, _, ls in cells(item))) * lead_ + 6
            if y + need > bottom:
                new_page()
                y = head(TOP)
            if n_ < len(items) - n_notes:
                pages.append(state["page"])
            y = row_at(y, item)
        all_pages.append(pages)
    signature(text, new_page, w, y, bottom)
    c.save()
    return all_pages


def letterhead(text, w: float) -> float:
    y = TOP
    for line, bold, centred in (("ỦY BAN NHÂN DÂN", True, False), ("TỈNH THÁI BÌNH", True, False),
                                (NUMBER_LINE, False, False),
                                ("Thái Bình, ngày 12 tháng 01 năm 2026", False, False),
                                ("KẾ HOẠCH", True, True),
                                ("Chuyển đổi số, quản lý tài nguyên và môi trường tỉnh Thái Bình năm 2026", True, True)):
        text(50.0, y, line, bold, sz=11.5, centre_in=(w - 100.0) if centred else None)
        y += 16
    return y + 6


def signature(text, new_page, w: float, y: float, bottom: float) -> None:
    if y + 80 > bottom:
        new_page()
        y = TOP
    for dy, s in ((20, "TM. ỦY BAN NHÂN DÂN"), (36, "KT. CHỦ TỊCH"), (52, "PHÓ CHỦ TỊCH"),
                  (100, "Trần Quang Minh")):
        text(w - LEFT - 190, y + dy, s, True, sz=11.5)


APPENDIX = ("Phụ lục", "NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026")


# ------------------------------------------------------------------ images of pages
def _image_pdf(native: Path, out: Path, photocopy: bool, turns: dict) -> None:
    """A PDF of the 200-dpi greyscale images (JPEG) of every page of `native`, without text:
    page p turned by turns[p] degrees; `photocopy`: shifted, grey paper, a dark band along the
    left (bound) edge, toner specks, softened (seeded)."""
    import shutil
    import subprocess
    import numpy as np
    from PIL import Image, ImageFilter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    import pdfplumber
    with pdfplumber.open(str(native)) as pdf:
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    c = canvas.Canvas(str(out), invariant=1)
    with tempfile.TemporaryDirectory(prefix="late9_") as tmp:
        for pno, (pw, ph) in enumerate(sizes, 1):
            c.setPageSize((pw, ph))
            stem = Path(tmp) / f"p{pno}"
            subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", "200", "-gray", "-png", "-singlefile",
                            "-f", str(pno), "-l", str(pno), str(native), str(stem)], check=True, capture_output=True)
            with Image.open(stem.with_suffix(".png")) as im:
                img = im.convert("L")
            if photocopy:
                rng = np.random.default_rng(9000 + pno)
                img = img.transform(img.size, Image.AFFINE, (1, 0, -18, 0, 1, -10), fillcolor=255)
                img = img.rotate(turns.get(pno, 0.0), resample=Image.BICUBIC, fillcolor=255)
                img = img.filter(ImageFilter.GaussianBlur(0.7))
                a = np.asarray(img).astype(np.float32)
                a = 40 + a * (208 - 40) / 255.0   # toner not quite black, paper grey
                band = np.clip(1.0 - np.arange(a.shape[1]) / 60.0, 0, 1)   # the bound edge's shadow
                a = a * (1 - 0.75 * band[None, :])
                specks = rng.random(a.shape)
                a[specks < 0.0006] = 30
                img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
            else:
                img = img.rotate(turns.get(pno, 0.0), resample=Image.BICUBIC, fillcolor=255)
            jpg = Path(tmp) / f"p{pno}.jpg"
            img.save(jpg, "JPEG", quality=70)
            c.drawImage(ImageReader(str(jpg)), 0, 0, pw, ph)
            c.showPage()
    c.save()


# ------------------------------------------------------------------ the portal print (Chromium)
PORTAL_URL = "https://vanban.thaibinh.gov.vn/van-ban/chi-tiet/15-kh-ubnd-2026"
PORTAL_TITLE = "Kế hoạch 15/KH-UBND - Cổng thông tin văn bản tỉnh Thái Bình"


def _portal_html(task_rows_: list) -> str:
    from html import escape as e
    from tests.corpus.render_chromium import _font_faces
    body = []
    for item in task_rows_:
        if item[0] == "section":
            body.append(f'<tr class="s"><td colspan="5">{e(item[1])}</td></tr>')
        else:
            n, t, ld, co, dl = item
            body.append(f'<tr><td class="c">{e(n)}</td><td class="j">{e(t)}</td><td>{e(ld)}</td>'
                        f'<td>{e(co)}</td><td class="c">{e(dl)}</td></tr>')
    head = "".join(f"<th>{e(x)}</th>" for x in HEADER)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(PORTAL_TITLE)}</title><style>
{_font_faces('L9Web', 'LiberationSerif')}
@page {{ size: A4 portrait; margin: 1.6cm 1.5cm 1.6cm 2cm; }}
body {{ font-family: 'L9Web'; font-size: 12pt; line-height: 1.3; margin: 0; }}
.c {{ text-align: center; }} .b {{ font-weight: bold; }} .j {{ text-align: justify; }}
table.h {{ width: 100%; border-collapse: collapse; }} table.h td {{ text-align: center; vertical-align: top; }}
table.t {{ width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 10.5pt; margin-top: 10pt; }}
table.t th, table.t td {{ border: 0.6pt solid #000; padding: 2pt 3pt; vertical-align: top; }}
table.t tr {{ break-inside: avoid; }} table.t tr.s td {{ font-weight: bold; }}
</style></head><body>
<table class="h"><tr><td style="width:40%"><div class="b">ỦY BAN NHÂN DÂN</div><div class="b">TỈNH THÁI BÌNH</div>
<div>{e(NUMBER_LINE)}</div></td><td><div class="b">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
<div class="b">Độc lập - Tự do - Hạnh phúc</div><div><i>Thái Bình, ngày 12 tháng 01 năm 2026</i></div></td></tr></table>
<p class="c b" style="margin-top:14pt">KẾ HOẠCH<br>Chuyển đổi số, quản lý tài nguyên và môi trường tỉnh Thái Bình năm 2026</p>
<p style="text-indent:1cm; text-align: justify">Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2026 với các nhiệm vụ cụ thể tại Phụ lục kèm theo.</p>
<p class="c b">Phụ lục<br>NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026</p>
<table class="t"><colgroup><col style="width:5%"><col style="width:43%"><col style="width:19%"><col style="width:19%"><col style="width:14%"></colgroup>
<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>
<table class="h" style="margin-top:14pt"><tr><td style="width:50%"></td><td><div class="b">TM. ỦY BAN NHÂN DÂN</div>
<div class="b">KT. CHỦ TỊCH</div><div class="b">PHÓ CHỦ TỊCH</div><div style="height:50pt"></div><div class="b">Trần Quang Minh</div></td></tr></table>
</body></html>
"""


def _portal_print(task_rows_: list, out: Path) -> list[int]:
    """The plan as a web portal page printed by Chromium, with the browser's header (date and
    time, page title) and footer (URL, "page/pages") stamped on every page as Chromium prints them
    (stamped here with a fixed date: Chromium would print today's). Returns the page each task row
    starts on (found in the printed PDF's text by the row's opening words)."""
    import pdfplumber
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas
    from tests.corpus import matrix, pdfutil, render_chromium
    with tempfile.TemporaryDirectory(prefix="late9_") as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw.pdf"
        src = tmp / "portal.html"
        src.write_text(_portal_html(task_rows_), encoding="utf-8")
        import os
        import shutil
        import subprocess
        prof = tempfile.mkdtemp(prefix="chromium_profile_", dir="/tmp")
        try:
            subprocess.run([render_chromium.chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-first-run", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync", f"--user-data-dir={prof}", "--no-pdf-header-footer",
                            "--allow-file-access-from-files", "--virtual-time-budget=10000",
                            f"--print-to-pdf={raw}", src.as_uri()],
                           capture_output=True, text=True, timeout=180, env=dict(os.environ, TZ="UTC"))
        finally:
            shutil.rmtree(prof, ignore_errors=True)
        reader = PdfReader(str(raw))
        total = len(reader.pages)
        _fonts()
        stamps = tmp / "stamps.pdf"
        c = canvas.Canvas(str(stamps), invariant=1)
        for i, page in enumerate(reader.pages, 1):
            pw, ph = float(page.mediabox.width), float(page.mediabox.height)
            c.setPageSize((pw, ph))
            for x, y, s, right in ((20.0, ph - 16.0, "12/01/2026, 09:41", False),
                                   (pw / 2 - 150, ph - 16.0, PORTAL_TITLE, False),
                                   (20.0, 14.0, PORTAL_URL, False), (pw - 20.0, 14.0, f"{i}/{total}", True)):
                c.setFont("L9Serif", 8)
                (c.drawRightString if right else c.drawString)(x, y, s)
            c.showPage()
        c.save()
        over = PdfReader(str(stamps))
        writer = PdfWriter(clone_from=str(raw))
        for page, stamp in zip(writer.pages, over.pages):
            page.merge_page(stamp)
        merged = tmp / "merged.pdf"
        with open(merged, "wb") as f:
            writer.write(f)
        fixed = tmp / "fixed.pdf"
        pdfutil.normalise(merged, fixed)
        matrix.compact(fixed, out)
    with pdfplumber.open(str(out)) as pdf:
        texts = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    pages = []
    for item in task_rows_:
        if item[0] == "section":
            continue
        key = " ".join(item[1].split()[:5])
        found = [i for i, t in enumerate(texts, 1) if key in t]
        assert len(found) == 1, (key, found)
        pages.append(found[0])
    return pages


# ------------------------------------------------------------------ the Word file
FIXED_ZIP_TIME = (2026, 1, 12, 0, 0, 0)


def _word_docx(items: list, out: Path) -> None:
    """A .docx as Word saves a plan: letterhead, body, a grid whose header row repeats on every
    page, section rows merged across, the document number in the page header; the zip rewritten
    with fixed dates (same input, same bytes)."""
    import datetime as dt
    import io
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    from docx.shared import Pt
    doc = word_document(dt.datetime(2026, 1, 12, 8, 0, 0), "Văn phòng UBND tỉnh",
                        "Kế hoạch chuyển đổi số năm 2026", 3)
    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = DOC_REF
    hp.alignment = A.RIGHT
    for r in hp.runs:
        r.font.size = Pt(9)
        r.italic = True
    para = functools.partial(word_para, doc)

    for s, b in (("ỦY BAN NHÂN DÂN", True), ("TỈNH THÁI BÌNH", True), (NUMBER_LINE, False)):
        para(s, b)
    para("Thái Bình, ngày 12 tháng 01 năm 2026", italic=True, align=A.RIGHT)
    para("KẾ HOẠCH", True, A.CENTER)
    para("Chuyển đổi số, quản lý tài nguyên và môi trường tỉnh Thái Bình năm 2026", True, A.CENTER)
    para("Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2026 với các nhiệm vụ cụ thể như sau:")
    for s in APPENDIX:
        para(s, True, A.CENTER)
    widths = (1.0, 6.8, 2.9, 2.9, 2.4)
    t = word_table(doc, HEADER)
    for item in items:
        cells = t.add_row().cells
        if item[0] == "section":
            m = cells[0].merge(cells[-1])
            m.paragraphs[0].add_run(item[1]).bold = True
            continue
        for k, (cell, s) in enumerate(zip(cells, item)):
            cell.paragraphs[0].add_run(s)
            if k in (0, 4):
                cell.paragraphs[0].alignment = A.CENTER
    word_table_sizes(t, widths)
    para("")
    para("TM. ỦY BAN NHÂN DÂN", True, A.RIGHT)
    para("KT. CHỦ TỊCH", True, A.RIGHT)
    para("PHÓ CHỦ TỊCH", True, A.RIGHT)
    para("Trần Quang Minh", True, A.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in sorted(zin.infolist(), key=lambda i: i.filename != "[Content_Types].xml"):
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, zin.read(info.filename))


# ------------------------------------------------------------------ gold
def _save(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def gold(name: str, task_rows: list[tuple], pages: list, out: Path, file: str | None = None) -> Path:
    path = write_gold(name, task_rows, pages, NORMALISED, out)
    if file:   # the input is not a PDF
        data = json.loads(path.read_text(encoding="utf-8"))
        data["source"]["file"] = file
        _save(path, data)
    return path


def gold_indicators(path: Path, pages: list[int]) -> Path:
    from tests.checkdocs.common import add_indicator_gold
    return add_indicator_gold(path, INDICATORS, YEARS, pages, TARGETS)


def make(folder: Path = HERE) -> list[Path]:
    """Every document: <folder>/cd_late9_* and their gold; returns the gold files."""
    out = []
    cap = {"caption": APPENDIX}

    def doc(name: str, items: list, gold_rows: list | None = None, **kw) -> Path:
        table = dict(cap, items=items)
        for k in ("header", "widths", "rules", "notes"):
            if k in kw:
                table[k] = kw.pop(k)
        pages = draw(folder / f"{name}.pdf", [table], **kw)[0]
        task_rows = gold_rows or [r for r in items if r[0] != "section"]
        assert len(task_rows) == len(pages)
        return gold(name, task_rows, pages, folder)

    # 1. an indicator grid first (Phụ lục I), the task table on the next page (Phụ lục II)
    r = rows(12, start=3)
    ind_items = [(n, nm, u, *tg, ld) for n, nm, u, tg, ld in INDICATORS]
    p_inds, p_tasks = draw(folder / "cd_late9_two_tables.pdf", [
        {"items": ind_items, "header": IND_HEADER, "widths": IND_WIDTHS,
         "caption": ("Phụ lục I", "CHỈ TIÊU CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2026-2028")},
        {"items": with_sections(r, {0: SEC[0], 6: SEC[1]}), "new_page": True,
         "caption": ("Phụ lục II", "NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026")}])
    assert p_tasks[0] >= 2
    out.append(gold_indicators(gold("cd_late9_two_tables", r, p_tasks, folder), p_inds))

    # 2. a table, a paragraph, the table going on (header again, numbering running on)
    r = rows(16, start=1)
    p1, p2 = draw(folder / "cd_late9_interrupted.pdf", [
        dict(cap, items=with_sections(r[:7], {0: SEC[0]})),
        {"items": with_sections(r[7:], {0: SEC[1], 5: SEC[2]}),
         "before": ("Đối với các nhiệm vụ về chính quyền số, dữ liệu số và kinh tế số, các cơ quan được giao chủ "
                    "trì chủ động bố trí nguồn lực, phối hợp chặt chẽ với Sở Khoa học và Công nghệ trong quá "
                    "trình triển khai; cụ thể như sau:",)}])
    out.append(gold("cd_late9_interrupted", r, p1 + p2, folder))

    # 3. a header line (document number) and a footer "Trang i/n" on every page
    r = rows(30, start=0)
    for i in range(1, 30, 2):
        r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
    pages = draw(folder / "cd_late9_page_lines.pdf",
                 [dict(cap, items=with_sections(r, {0: SEC[0], 10: SEC[1], 20: SEC[2]}))],
                 page_lines=lambda p, n: (DOC_REF, f"Trang {p}/{n}"))[0]
    assert max(pages) >= 3, pages
    out.append(gold("cd_late9_page_lines", r, pages, folder))

    # 4. the portal print
    r = rows(18, start=2)
    pages = _portal_print(with_sections(r, {0: SEC[0], 7: SEC[1], 13: SEC[2]}), folder / "cd_late9_portal_print.pdf")
    out.append(gold("cd_late9_portal_print", r, pages, folder))

    # 5. tasks marked "(*)" and notes rows under the last task
    r = rows(13, start=5)
    for i in (0, 4, 9):
        r[i] = (r[i][0], r[i][1] + " (*)") + r[i][2:]
    out.append(doc("cd_late9_notes", with_sections(r, {0: SEC[0], 7: SEC[2]}),
                   notes=("Ghi chú:", "(*) Nhiệm vụ chuyển tiếp từ Kế hoạch năm 2025.",
                          "- Các cơ quan chủ trì gửi báo cáo kết quả về Sở Khoa học và Công nghệ trước ngày "
                          "10/12/2026.")))

    # 6. deadline forms
    r = rows(14, deadlines=FORMS, start=6)
    out.append(doc("cd_late9_deadline_forms", with_sections(r, {0: SEC[0], 7: SEC[1]}),
                   widths=(26.0, 196.0, 92.0, 92.0, 99.0)))

    # 7. collective names in the unit cells
    r = rows(12, start=8)
    for i, col, s in ((0, 3, "Các sở, ngành, UBND các huyện, thành phố"),
                      (2, 3, "Các sở, ban, ngành; UBND các xã, phường"),
                      (3, 2, "UBND các huyện, thành phố"),
                      (5, 3, "Sở Tài chính, Sở Xây dựng và các đơn vị liên quan"),
                      (7, 3, "Các cơ quan, đơn vị có liên quan"),
                      (8, 2, "Các sở, ban, ngành, địa phương"),
                      (10, 3, "Sở Nội vụ; các sở, ngành, UBND các huyện, thành phố")):
        cells = list(r[i])
        cells[col] = s
        r[i] = tuple(cells)
    out.append(doc("cd_late9_coord_collective", with_sections(r, {0: SEC[1], 6: SEC[2]})))

    with tempfile.TemporaryDirectory(prefix="late9_") as tmp:
        tmp = Path(tmp)
        # 8. a greyscale 200-dpi scan, turned by half a degree
        r = rows(18, start=4)
        for i in range(1, 18, 3):
            r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
        pages = draw(tmp / "native8.pdf", [dict(cap, items=with_sections(r, {0: SEC[0], 8: SEC[2]}))], size=11.0)[0]
        _image_pdf(tmp / "native8.pdf", folder / "cd_late9_scan_gray.pdf", False, {1: 0.5, 2: 0.5, 3: 0.5})
        assert max(pages) == 2, pages
        out.append(gold("cd_late9_scan_gray", r, pages, folder))
        # 9. a crooked photocopy
        r = rows(18, start=10)
        for i in range(2, 18, 3):
            r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
        pages = draw(tmp / "native9.pdf", [dict(cap, items=with_sections(r, {0: SEC[1], 7: SEC[2]}))], size=11.0)[0]
        _image_pdf(tmp / "native9.pdf", folder / "cd_late9_photocopy.pdf", True, {1: 1.7, 2: -1.4, 3: 1.2})
        assert max(pages) == 2, pages
        out.append(gold("cd_late9_photocopy", r, pages, folder))

    # 10. a Word file
    r = rows(15, start=7)
    _word_docx(with_sections(r, {0: SEC[0], 6: SEC[1], 11: SEC[2]}), folder / "cd_late9_word_docx.docx")
    out.append(gold("cd_late9_word_docx", r, [None] * len(r), folder, file="cd_late9_word_docx.docx"))

    # 11. one "Đơn vị thực hiện" column whose cell says who leads and who helps in a phrase
    r = rows(13, start=11)
    printed = []
    for i, x in enumerate(r):
        cell = (f"{x[2]} chủ trì" if not x[3] else
                f"{x[2]} chủ trì, phối hợp với {x[3]}" if i % 2 == 0 else f"{x[2]} chủ trì; {x[3]} phối hợp")
        printed.append((x[0], x[1], cell, x[4]))
    path = doc("cd_late9_resp_phrase", with_sections(printed, {0: SEC[1], 7: SEC[2]}), gold_rows=r,
               header=("TT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "Thời gian hoàn thành"),
               widths=(26.0, 231.0, 172.0, 76.0))
    data = json.loads(path.read_text(encoding="utf-8"))
    for t, x in zip(data["tasks"], r):   # the units the phrase names in each role
        t["lead"], t["coordinators"] = [x[2]], [x[3]] if x[3] else []
    out.append(_save(path, data))

    # 12-14. no defect
    out.append(doc("cd_late9_clean_grid", with_sections(rows(22, start=2), {0: SEC[0], 8: SEC[1], 15: SEC[2]})))
    out.append(doc("cd_late9_clean_frame", with_sections(rows(14, start=9), {0: SEC[1], 7: SEC[2]}),
                   rules="frame_hrules", header=("STT", "Nội dung công việc", "Chủ trì", "Phối hợp", "Thời hạn")))
    r = rows(12, start=0)
    products = ("Cơ sở dữ liệu", "Kế hoạch", "Báo cáo", "Hệ thống được vận hành", "Quyết định", "Văn bản hướng dẫn")
    funds = ("Ngân sách tỉnh", "", "Chi thường xuyên", "Nguồn vốn sự nghiệp khoa học", "Xã hội hóa")
    r7 = [x[:2] + (products[i % len(products)],) + x[2:] + (funds[i % len(funds)],) for i, x in enumerate(r)]
    pages = draw(folder / "cd_late9_clean_land.pdf",
                 [dict(cap, items=with_sections(r7, {0: SEC[0], 6: SEC[2]}),
                       header=("STT", "Nội dung nhiệm vụ", "Kết quả/sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
                               "Thời gian hoàn thành", "Nguồn kinh phí"),
                       widths=(30.0, 270.0, 100.0, 120.0, 130.0, 90.0, 100.0))], landscape=True)[0]
    path = gold("cd_late9_clean_land", r, pages, folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    for t, x in zip(data["tasks"], r7):   # the product and fund columns are kept in extra
        t["extra"] = {"Kết quả/sản phẩm": x[2]}
        if x[6]:
            t["extra"]["Nguồn kinh phí"] = x[6]
    out.append(_save(path, data))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
