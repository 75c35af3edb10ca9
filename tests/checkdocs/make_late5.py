"""Fifth set of late check documents: written on 2026-12-06 between 20:30 and 21:50 UTC by the
independent measurer "lateset" (not by a session that changed the checks or the table stage),
measured once on the final code of that day and never tuned on. Each is a printing defect (or a
combination) a clerk meets in issued plans, of the kind where a tool could be silently wrong, with
the gold a clerk would type from the printed page (written from the rows drawn here, never from
the tool's output).

    python -m tests.checkdocs.make_late5    # writes tests/checkdocs/cd_late5_*.pdf and *.gold.json

Drawn cell by cell with ReportLab's canvas (Liberation Serif, 10 pt; a ward's plan of 2026), by
`draw` below, which adds to tests/checkpdf.py's drawing: several tables, no repeated header,
vertically merged cells in any column, per-column wrapping (after a "/" inside a date, or none),
a watermark and a font whose text layer lies.

- cd_late5_lying_cmap: ruled grid; the body cells set in a second font (DejaVu Serif) whose
  ToUnicode map lies for five letters (ạ -> ả, ộ -> ổ, đ -> ð, Đ -> Ð, ư -> ừ): the page shows
  the right letters, the text layer says otherwise. Gold: the letters printed.
- cd_late5_deadline_overflow: ruled grid with a deadline column too narrow for its dates, printed
  unwrapped on one line running past the table's right frame (as a spreadsheet prints them).
- cd_late5_mixed_deadlines: an outer frame and horizontal rules only; a narrow deadline column
  with every phrasing offices mix ("Quý II/2026", "Tháng 6 năm 2026", "Trước 30/6/2026",
  "Hằng năm", "2026-2027", "6 tháng đầu năm 2026", a bare "30/11/2026", "Sau khi có hướng dẫn
  của thành phố" ...), dates broken after a "/" ("Trước 30/6/" over "2026").
- cd_late5_two_tables: two ruled task tables on one page, each with its caption and its own
  header (the second with other header words), numbering restarting at 1.
- cd_late5_three_pages_noheader: a ruled table of 30 rows over three pages, its header printed
  on the first page only.
- cd_late5_subitems: ruled grid; rows 1 and 4 followed by sub-items "a)", "b)", "c)" in rows of
  their own with an empty number cell and their own units and deadlines. Gold: the cells as
  printed (number empty, text "a) ...").
- cd_late5_two_leads_hrules: horizontal rules only; lead cells naming two units.
- cd_late5_duplicate_number: ruled grid; the number 5 printed twice (the typist's slip), then
  6 .. 11. Gold: the numbers as printed.
- cd_late5_draft_watermark: ruled grid over two pages, a large light-grey "DỰ THẢO" printed
  diagonally across each page (a draft's watermark, drawn behind the table).
- cd_late5_merged_deadline: ruled grid; a deadline cell merged over rows 2-5 and another over
  rows 8-9 (vertically centred, no rule across them): the clerk types it on each row.
- cd_late5_clean: ruled grid, 12 rows, two sections, no defect (false alarms).
Used by benchmarks/silent_errors.py (set `checkdocs`; `--prefix cd_late5_`).

Measured once, 2026-12-06 21:51 UTC on main a212bda: 157 gold rows, silent 3 (1.9%): the three
dates of cd_late5_mixed_deadlines broken after a "/" read with a space ("Trước 30/6/ 2026",
"Trước ngày 15/12/ 2026", "30/11/ 2026"; kind and dates right), no doubt; false alarms 27/157
(17.2%; 14/101 = 13.9% on the documents read fully right): every row of cd_late5_subitems
(rows-split, text-cut, cut-word), the 13 right rows of cd_late5_draft_watermark (columns-cut),
one number-duplicate on cd_late5_duplicate_number. Wrong but flagged: lying_cmap 10/10
(garbled-word), deadline_overflow 10/10 (deadline cut at the frame: unrecognised-deadline,
deadline-column-unread), draft_watermark 9/22 (watermark letters and interleaved lines in cells).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from tests.checkdocs.common import DEADLINES_2026, liberation_serif, with_sections, write_gold
from tests.checkpdf import _wrap

HERE = Path(__file__).resolve().parent
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

UNITS = ("Văn phòng HĐND và UBND phường", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội",
         "Công an phường", "Trung tâm Phục vụ hành chính công phường", "Ban Chỉ huy Quân sự phường",
         "Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Các tổ dân phố")
TASKS = (
    "Ban hành kế hoạch tuyên truyền về chuyển đổi số trên hệ thống loa truyền thanh và trang thông tin "
    "điện tử của phường",
    "Rà soát, chuẩn hóa dữ liệu hộ kinh doanh cá thể trên địa bàn, cập nhật vào cơ sở dữ liệu dùng chung",
    "Hướng dẫn các chợ, cửa hàng tiện lợi niêm yết mã QR thanh toán không dùng tiền mặt",
    "Tổ chức lớp bồi dưỡng kỹ năng số cho thành viên Tổ công nghệ số cộng đồng",
    "Triển khai tiếp nhận hồ sơ trực tuyến toàn trình đối với thủ tục đăng ký khai sinh, khai tử",
    "Kiểm tra việc sử dụng chữ ký số trong gửi, nhận văn bản điện tử của các bộ phận chuyên môn",
    "Xây dựng bản đồ số các điểm di tích, danh lam thắng cảnh phục vụ quảng bá du lịch",
    "Thực hiện chi trả trợ cấp xã hội qua tài khoản ngân hàng cho đối tượng bảo trợ xã hội",
    "Lắp đặt camera giám sát an ninh trật tự tại các tuyến phố trọng điểm, kết nối về Công an phường",
    "Đánh giá mức độ hài lòng của người dân đối với dịch vụ công trực tuyến của phường",
    "Cập nhật thông tin quy hoạch, kế hoạch sử dụng đất lên trang thông tin điện tử của phường",
    "Tổng kết, đánh giá kết quả thực hiện kế hoạch, báo cáo Ủy ban nhân dân thành phố",
    "Vận động hộ gia đình sử dụng ứng dụng định danh điện tử VNeID mức độ 2",
    "Phối hợp với doanh nghiệp viễn thông phủ sóng di động 5G tại các khu dân cư mới",
    "Số hóa sổ hộ tịch đang lưu trữ tại phường từ năm 1990 đến nay",
    "Rà soát, thay thế thiết bị tin học đã hết khấu hao tại Bộ phận Một cửa",
)
# Deadline cell -> (kind, start, due), written by hand from DOMAIN.md's table (year 2026).
NORMALISED = {
    **DEADLINES_2026,
    "Tháng 6 năm 2026": ("month", "2026-06-01", "2026-06-30"),
    "Tháng 9/2026": ("month", "2026-09-01", "2026-09-30"),
    "Trước 30/6/2026": ("day", None, "2026-06-30"),
    "Trước ngày 15/12/2026": ("day", None, "2026-12-15"),
    "30/11/2026": ("day", None, "2026-11-30"),
    "Hằng năm": ("recurring", None, None),
    "Hằng quý": ("recurring", None, None),
    "2026-2027": ("range", "2026-01-01", "2027-12-31"),
    "6 tháng đầu năm 2026": ("half", "2026-01-01", "2026-06-30"),
    "Sau khi có hướng dẫn của thành phố": ("event", None, None),
}
PLAIN = ("Quý II/2026", "Năm 2026", "Thường xuyên", "Quý IV/2026", "Tháng 9/2026", "Trước ngày 15/12/2026",
         "Quý III/2026")
MIXED = ("Quý II/2026", "Tháng 6 năm 2026", "Trước 30/6/2026", "Hằng năm", "2026-2027", "Trước ngày 15/12/2026",
         "6 tháng đầu năm 2026", "30/11/2026", "Thường xuyên", "Quý I/2026", "Hằng quý", "Tháng 9/2026",
         "Sau khi có hướng dẫn của thành phố", "Năm 2026")
HEADER = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành")
WIDTHS = (28.0, 215.0, 97.0, 95.0, 70.0)
SEC = ("I. Chính quyền số", "II. Kinh tế số", "III. Xã hội số")
LONGER = ("; bảo đảm đúng tiến độ, chất lượng, công khai kết quả thực hiện trên trang thông tin điện tử "
          "của phường và báo cáo định kỳ theo quy định")
# text sizes and geometry (points; y from the page top)
SIZE, LEADING, LEFT, TOP, BOTTOM = 10.0, 12.0, 50.0, 56.0, 790.0
# the lying ToUnicode map: what the text layer says for five printed letters
LIES = {0x1EA1: 0x1EA3, 0x1ED9: 0x1ED5, 0x0111: 0x00F0, 0x0110: 0x00D0, 0x01B0: 0x1EEB}


def rows(n: int, deadlines=PLAIN, start: int = 0, numbers=None) -> list[tuple]:
    """n task rows (number, text, lead, coordinators, deadline); texts beyond the 16 get the
    residential group they concern."""
    out = []
    for i in range(start, start + n):
        text = TASKS[i % len(TASKS)]
        if i >= len(TASKS):
            text += f" tại tổ dân phố số {i - len(TASKS) + 1}"
        coord = "" if i % 5 == 3 else UNITS[(i + 3) % len(UNITS)]
        number = str(i - start + 1) if numbers is None else numbers[i - start]
        out.append((number, text, UNITS[i % 6], coord, deadlines[i % len(deadlines)]))
    return out


def _fonts():
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    class LyingFont(TTFont):
        """A TrueType font whose ToUnicode map sends LIES' code points to other letters."""

        def addObjects(self, doc):
            real = ttfonts.makeToUnicodeCMap
            ttfonts.makeToUnicodeCMap = lambda name, subset: real(name, [LIES.get(c, c) for c in subset])
            try:
                super().addObjects(doc)
            finally:
                ttfonts.makeToUnicodeCMap = real

    liberation_serif("L5Serif", "L5SerifB")
    pdfmetrics._fonts["L5Lie"] = LyingFont("L5Lie", DEJAVU)


def _wrap_cell(s: str, width: float, font: str, mode: str) -> list[str]:
    """The printed lines of a cell: words wrapped ("words"); one line however long ("none");
    words wrapped and a word too wide for the cell broken after a "/" or "-" ("slash", as a word
    processor breaks a date: "30/6/" over "2026", "2026-" over "2027")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    if mode == "none":
        return [s] if s else []
    lines = _wrap(s, width, font, SIZE)
    if mode != "slash":
        return lines
    out = []
    for line in lines:
        while stringWidth(line, font, SIZE) > width - 6 and ("/" in line or "-" in line):
            cut = max(line.rfind("/", 0, len(line) - 1), line.rfind("-", 0, len(line) - 1))
            while cut > 0 and stringWidth(line[:cut + 1], font, SIZE) > width - 6:
                cut = max(line.rfind("/", 0, cut), line.rfind("-", 0, cut))
            if cut <= 0:
                break
            out.append(line[:cut + 1])
            line = line[cut + 1:]
        out.append(line)
    return out


def draw(path: Path, tables: list[dict], watermark: Optional[str] = None, body_font: str = "L5Serif") -> list[int]:
    """Draw a ward's plan: letterhead, then every table of `tables` (dicts: rows = task rows and
    ("section", title) items; caption = lines before it; header, widths; rules grid | hrules |
    frame_hrules; repeat_header; wrap = {column: words | slash | none}; merge = {column: {first
    row index: run length}} (the cell printed once, centred over the run; indices count task rows
    only)), flowing over pages (a row that does not fit moves whole to the next page), then the
    signature. Returns the page of every task row, tables in order."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    _fonts()
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("Kế hoạch phát triển kinh tế số, xã hội số năm 2026")
    state = {"page": 1}

    def mark():
        if watermark:
            c.saveState()
            c.setFillGray(0.82)
            c.setFont("L5SerifB", 96)
            c.translate(w / 2, h / 2)
            c.rotate(40)
            c.drawCentredString(0, -30, watermark)
            c.restoreState()

    def new_page():
        c.showPage()
        state["page"] += 1
        mark()

    def text(x, y, s, font="L5Serif", size=SIZE, centre_in=None):
        c.setFont(font, size)
        if centre_in is not None:
            c.drawCentredString(x + centre_in / 2, h - y, s)
        else:
            c.drawString(x, h - y, s)

    mark()
    y = TOP
    for line, font, centred in (("ỦY BAN NHÂN DÂN", "L5SerifB", False), ("PHƯỜNG HÀ ĐÔNG", "L5SerifB", False),
                                ("Số: 118/KH-UBND", "L5Serif", False),
                                ("Hà Đông, ngày 05 tháng 3 năm 2026", "L5Serif", False),
                                ("KẾ HOẠCH", "L5SerifB", True),
                                ("Phát triển kinh tế số, xã hội số trên địa bàn phường năm 2026", "L5SerifB", True),
                                ("Phụ lục", "L5SerifB", True), ("DANH MỤC NHIỆM VỤ", "L5SerifB", True)):
        text(LEFT, y, line, font, 11.5, centre_in=505.0 if centred else None)
        y += 16
    pages: list[int] = []
    for tab in tables:
        widths = tab.get("widths", WIDTHS)
        xs = [LEFT]
        for cw in widths:
            xs.append(xs[-1] + cw)
        rules = tab.get("rules", "grid")
        wrap = tab.get("wrap", {})
        merge = tab.get("merge", {})
        in_run = {(col, i): start for col, runs in merge.items() for start, n in runs.items()
                  for i in range(start, start + n)}

        def hline(yy, skip=()):
            xa = xs[0]
            for col in range(len(widths)):
                if col in skip:
                    if xs[col] > xa:
                        c.line(xa, h - yy, xs[col], h - yy)
                    xa = xs[col + 1]
            if xs[-1] > xa:
                c.line(xa, h - yy, xs[-1], h - yy)

        def vlines(y0, y1, span=False):
            for i, x in enumerate(xs):
                outer = i in (0, len(xs) - 1)
                if rules == "grid" and (outer or not span) or rules == "frame_hrules" and outer:
                    c.line(x, h - y0, x, h - y1)

        def header(yy):
            hdr = tab.get("header", HEADER)
            lines = [_wrap(s, widths[i], "L5SerifB", SIZE) for i, s in enumerate(hdr)]
            height = max(len(x) for x in lines) * LEADING + 8
            hline(yy)
            for i, ls in enumerate(lines):
                for k, s in enumerate(ls):
                    text(xs[i], yy + 11 + k * LEADING, s, "L5SerifB", centre_in=widths[i])
            vlines(yy, yy + height)
            hline(yy + height)
            return yy + height

        c.setLineWidth(0.6)
        for line in tab.get("caption", []):
            if y + 20 > BOTTOM:
                new_page()
                y = TOP
            text(LEFT, y + 4, line, "L5SerifB", 11.0)
            y += 16
        y = header(y + 4)
        ti = 0
        runs_open: dict[int, tuple] = {}
        for item in tab["rows"]:
            if item[0] == "section":
                if y + LEADING + 6 > BOTTOM:
                    new_page()
                    y = header(TOP) if tab.get("repeat_header", True) else TOP
                    hline(y)
                text(xs[0] + 3, y + 11, item[1], "L5SerifB")
                vlines(y, y + LEADING + 6, span=True)
                y += LEADING + 6
                hline(y)
                continue
            cells = item
            wrapped = []
            for col, s in enumerate(cells):
                if (col, ti) in in_run:
                    wrapped.append([])
                else:
                    font = body_font
                    wrapped.append(_wrap_cell(s, widths[col], font, wrap.get(col, "words")))
            height = max(1, max(len(x) for x in wrapped)) * LEADING + 6
            if y + height > BOTTOM:
                new_page()
                y = header(TOP) if tab.get("repeat_header", True) else TOP
                hline(y)
            pages.append(state["page"])
            for col, lines in enumerate(wrapped):
                for k, s in enumerate(lines):
                    text(xs[col] + 3, y + 10 + k * LEADING, s, body_font)
            vlines(y, y + height)
            for col in merge:
                if (col, ti) in in_run and in_run[(col, ti)] == ti:
                    runs_open[col] = (ti, y)
            y += height
            skip = [col for col in merge if (col, ti) in in_run
                    and ti < in_run[(col, ti)] + merge[col][in_run[(col, ti)]] - 1]
            hline(y, skip=skip)
            for col in list(runs_open):   # a run's last row: its one cell, centred over the run
                start, top = runs_open[col]
                if ti == start + merge[col][start] - 1:
                    lines = _wrap_cell(cells[col], widths[col], body_font, wrap.get(col, "words"))
                    y0 = top + (y - top - len(lines) * LEADING - 6) / 2
                    for k, s in enumerate(lines):
                        text(xs[col] + 3, y0 + 10 + k * LEADING, s, body_font)
                    del runs_open[col]
            ti += 1
        y += 14
    if y + 60 > BOTTOM:
        new_page()
        y = TOP
    text(LEFT + 300, y + 20, "TM. ỦY BAN NHÂN DÂN", "L5SerifB", 11.5)
    text(LEFT + 330, y + 36, "CHỦ TỊCH", "L5SerifB", 11.5)
    text(LEFT + 315, y + 90, "Nguyễn Thị Thu Hà", "L5SerifB", 11.5)
    c.save()
    return pages


def gold(name: str, task_rows: list[tuple], pages: list[int], out: Path = HERE) -> Path:
    return write_gold(name, task_rows, pages, NORMALISED, out)


def make(folder: Path = HERE) -> list[Path]:
    """Every document: <folder>/cd_late5_*.pdf and their gold; returns the gold files."""
    out = []

    def doc(name: str, tables: list[dict], **kw) -> Path:
        """Draw <folder>/<name>.pdf and write its gold from the task rows drawn."""
        pages = draw(folder / f"{name}.pdf", tables, **kw)
        task_rows = [r for t in tables for r in t["rows"] if r[0] != "section"]
        assert len(task_rows) == len(pages)
        return gold(name, task_rows, pages, folder)

    # 1. a text layer that lies for five letters of the body font
    r = rows(10)
    out.append(doc("cd_late5_lying_cmap", [{"rows": with_sections(r, {0: SEC[0], 6: SEC[1]})}],
                   body_font="L5Lie"))

    # 2. dates running past the table's right frame, unwrapped
    r = rows(10, deadlines=("Trước ngày 15/12/2026", "6 tháng đầu năm 2026", "Quý III/2026", "Thường xuyên"),
             start=3)
    out.append(doc("cd_late5_deadline_overflow", [{"rows": with_sections(r, {0: SEC[0], 5: SEC[1]}),
                                                   "widths": (28.0, 212.0, 95.0, 95.0, 47.0),
                                                   "wrap": {4: "none"}}]))

    # 3. every deadline phrasing, an outer frame and horizontal rules, dates broken after "/"
    r = rows(14, deadlines=MIXED, start=1)
    out.append(doc("cd_late5_mixed_deadlines", [{"rows": with_sections(r, {0: SEC[0], 5: SEC[1], 10: SEC[2]}),
                                                 "rules": "frame_hrules",
                                                 "widths": (28.0, 232.0, 100.0, 100.0, 45.0),
                                                 "wrap": {4: "slash"}}]))

    # 4. two task tables on one page, numbering restarting
    out.append(doc("cd_late5_two_tables", [
        {"caption": ["Bảng 1. Nhiệm vụ trọng tâm"], "rows": rows(5, start=4)},
        {"caption": ["Bảng 2. Nhiệm vụ thường xuyên"], "rows": rows(4, start=10),
         "header": ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")}]))

    # 5. 34 rows over three pages, the header on the first page only
    r = rows(34)
    for i in range(1, 34, 2):
        r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
    out.append(doc("cd_late5_three_pages_noheader", [{"rows": with_sections(r, {0: SEC[0], 12: SEC[1], 24: SEC[2]}),
                                                      "repeat_header": False}]))

    # 6. sub-items a), b), c) in rows of their own, number cell empty
    base = rows(8, start=2)
    subs = {0: [("a) Tại các chợ Hà Đông, Văn La", UNITS[1], UNITS[3], "Quý II/2026"),
                ("b) Tại các cửa hàng tiện lợi, nhà thuốc", UNITS[1], "", "Quý III/2026"),
                ("c) Tại các điểm trông giữ xe công cộng", UNITS[1], UNITS[7], "Năm 2026")],
            3: [("a) Đối với văn bản gửi Ủy ban nhân dân thành phố", UNITS[0], "", "Thường xuyên"),
                ("b) Đối với văn bản nội bộ giữa các phòng chuyên môn", UNITS[0], UNITS[2], "Thường xuyên")]}
    r = []
    for i, row in enumerate(base):
        r.append(row)
        r += [("",) + s for s in subs.get(i, [])]
    out.append(doc("cd_late5_subitems", [{"rows": with_sections(r, {0: SEC[0], 9: SEC[1]})}]))

    # 7. lead cells naming two units, horizontal rules only
    r = rows(10, start=5)
    for i, lead in ((1, "Phòng Kinh tế, Hạ tầng và Đô thị; Công an phường"),
                    (4, "Văn phòng HĐND và UBND phường, Phòng Văn hóa - Xã hội"),
                    (7, "Công an phường và Ban Chỉ huy Quân sự phường")):
        r[i] = r[i][:2] + (lead,) + r[i][3:]
    out.append(doc("cd_late5_two_leads_hrules", [{"rows": with_sections(r, {0: SEC[0], 6: SEC[1]}),
                                                  "rules": "hrules"}]))

    # 8. the number 5 printed twice
    numbers = ["1", "2", "3", "4", "5", "5", "6", "7", "8", "9", "10", "11"]
    r = rows(12, start=1, numbers=numbers)
    out.append(doc("cd_late5_duplicate_number", [{"rows": with_sections(r, {0: SEC[0], 7: SEC[1]})}]))

    # 9. a draft's watermark across every page
    r = rows(22, start=6)
    out.append(doc("cd_late5_draft_watermark", [{"rows": with_sections(r, {0: SEC[0], 9: SEC[1], 16: SEC[2]})}],
                   watermark="DỰ THẢO"))

    # 10. deadline cells merged over runs of rows
    runs = {1: 4, 7: 2}
    r = rows(11, start=2)
    for first, n in runs.items():
        for i in range(first + 1, first + n):
            r[i] = r[i][:4] + (r[first][4],)
    out.append(doc("cd_late5_merged_deadline", [{"rows": with_sections(r, {0: SEC[0], 6: SEC[1]}),
                                                 "merge": {4: runs}}]))

    # 11. no defect
    out.append(doc("cd_late5_clean", [{"rows": with_sections(rows(12, start=3), {0: SEC[0], 6: SEC[1]})}]))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
