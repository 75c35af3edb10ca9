"""Small generated plans with one defect each, drawn cell by cell with ReportLab's canvas, for the
self-check tests (tests/test_checks.py) and the late check documents (tests/checkdocs/).

`draw_plan(path, rows, ...)` draws a letterhead, an appendix caption and a ruled task table
(TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn) whose rows are exactly
the given cells; `spill` draws a cell's text past the right rule of its column, as a producer
does when a long word does not wrap, so that the reader cuts the word at the rule; `merge_lead`
prints one lead cell over a run of rows (vertically merged, centred, no rule across it);
`bottom` lets rows flow to the foot of the page and breaks the row that does not fit over the
page break (its first lines, then the rest under the repeated header), as a word processor does.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
HEADER = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn")
WIDTHS = (30, 220, 110, 100, 75)
LEFT, TOP, SIZE, LEADING = 40.0, 60.0, 9.0, 11.0


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    out, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if cur and stringWidth(trial, font, size) > width - 6:
            out.append(cur)
            cur = word
        else:
            cur = trial
    return out + ([cur] if cur else [])


def draw_plan(path: Path, rows: Sequence[Sequence[str]], sections: Optional[dict] = None,
              spill: Optional[dict] = None, rows_per_page: int = 12, rules: str = "grid",
              unruled_tail: int = 0, merge_lead: Optional[dict] = None,
              bottom: Optional[float] = None) -> list[int]:
    """rows: (number, task, lead, coordinators, deadline) per task row; sections: row index ->
    section title drawn as a spanning row before it; spill: (row index, column) -> text drawn in
    that cell on one line, unwrapped, running over the rules to its right; rules: "grid" (every
    rule), "hrules" (horizontal rules only) or "none"; unruled_tail: that many last rows are
    printed on a new page without any rule (a table whose end lost its rules); merge_lead: first
    row index -> run length: the lead cell of the run's first row printed once, vertically centred
    over the run (the other rows' lead cells are not drawn; keep a run on one page and without a
    section inside); bottom: the lowest y (points from the top) rows are printed to: a row that
    does not fit is broken there, the lines that fit on this page, the rest on the next under the
    repeated header (a whole row moves when not one line fits). Returns the page of each row (a
    broken row: the page it starts on)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("CkDV", FONT))
    pdfmetrics.registerFont(TTFont("CkDVB", FONT_BOLD))
    sections, spill, merge_lead = sections or {}, spill or {}, merge_lead or {}
    in_run = {i: start for start, n in merge_lead.items() for i in range(start, start + n)}
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("check document")
    xs = [LEFT]
    for cw in WIDTHS:
        xs.append(xs[-1] + cw)

    def text(x, y, s, bold=False, size=SIZE):
        c.setFont("CkDVB" if bold else "CkDV", size)
        c.drawString(x, h - y, s)

    def hline(y, skip_lead=False):
        if rules != "none":
            if skip_lead:   # inside a merged lead cell: the rule stops at its edges
                c.line(xs[0], h - y, xs[2], h - y)
                c.line(xs[3], h - y, xs[-1], h - y)
            else:
                c.line(xs[0], h - y, xs[-1], h - y)

    def vlines(y0, y1, spans=False):
        if rules != "grid":
            return
        for i, x in enumerate(xs):
            if spans and 0 < i < len(xs) - 1 and i != 1:
                continue
            c.line(x, h - y0, x, h - y1)

    def header(y):
        hline(y)
        for i, label in enumerate(HEADER):
            text(xs[i] + 3, y + 12, label, bold=True)
        vlines(y, y + 18)
        return y + 18

    y = TOP
    for line, bold in (("ỦY BAN NHÂN DÂN XÃ TIÊN ĐIỀN", True), ("Số: 45/KH-UBND", False),
                       ("Tiên Điền, ngày 12 tháng 6 năm 2025", False), ("KẾ HOẠCH", True),
                       ("Triển khai chuyển đổi số năm 2025", True), ("Phụ lục", True),
                       ("DANH MỤC NHIỆM VỤ", True)):
        text(LEFT, y, line, bold)
        y += 16
    y = header(y + 6)
    on_page, page, pages = 0, 1, []
    ruled = rules
    for r, cells in enumerate(rows):
        if unruled_tail and r == len(rows) - unruled_tail:
            hline(y)
            c.showPage()
            page += 1
            y, on_page, rules = TOP, 0, "none"
        elif on_page >= rows_per_page:
            hline(y)
            c.showPage()
            page += 1
            y, on_page = header(TOP), 0
        pages.append(page)
        if r in sections:
            hline(y)
            text(xs[0] + 3, y + 12, sections[r], bold=True)
            vlines(y, y + 18, spans=True)
            y += 18
        wrapped = []
        for col, s in enumerate(cells):
            if (r, col) in spill:
                wrapped.append([spill[(r, col)]])
            elif col == 2 and r in in_run:   # drawn once over the run, below
                wrapped.append([])
            else:
                wrapped.append(_wrap(s, WIDTHS[col], "CkDV", SIZE))
        if r in merge_lead:
            run_top = y
        k0 = 0
        if bottom is not None and y + max(len(lines) for lines in wrapped) * LEADING + 6 > bottom:
            k0 = int((bottom - y - 6) // LEADING)
            if k0 < 1:   # not one line fits: the whole row on the next page
                hline(y)
                c.showPage()
                page += 1
                pages[-1] = page
                y, on_page = header(TOP), 0
        if k0 >= 1:   # the first lines, the page break, the rest under the header
            first = [lines[:k0] for lines in wrapped]
            wrapped = [lines[k0:] for lines in wrapped]
            height = max(len(lines) for lines in first) * LEADING + 6
            hline(y)
            for col, lines in enumerate(first):
                for k, s in enumerate(lines):
                    text(xs[col] + 3, y + 10 + k * LEADING, s)
            vlines(y, y + height)
            hline(y + height)
            c.showPage()
            page += 1
            y, on_page = header(TOP), 0
        height = max(len(lines) for lines in wrapped) * LEADING + 6
        hline(y, skip_lead=r in in_run and r != in_run[r])
        for col, lines in enumerate(wrapped):
            for k, s in enumerate(lines):
                text(xs[col] + 3, y + 10 + k * LEADING, s)
        vlines(y, y + height)
        y += height
        on_page += 1
        if r in in_run and r == in_run[r] + merge_lead[in_run[r]] - 1:   # the run's last row
            start = in_run[r]
            lines = _wrap(rows[start][2], WIDTHS[2], "CkDV", SIZE)
            top = run_top + (y - run_top - len(lines) * LEADING - 6) / 2
            for k, s in enumerate(lines):
                text(xs[2] + 3, top + 10 + k * LEADING, s)
    hline(y)
    rules = ruled
    text(LEFT + 300, y + 40, "TM. ỦY BAN NHÂN DÂN", True)
    c.save()
    return pages


UNITS = ("Phòng Văn hóa - Xã hội", "Văn phòng HĐND và UBND xã", "Công an xã", "Phòng Kinh tế",
         "Trung tâm Phục vụ hành chính công xã")
DEADLINES = ("Quý II/2025", "Tháng 9/2025", "Năm 2025", "Thường xuyên", "Quý IV/2025", "Hằng năm")
TASKS = (
    "Tổ chức tuyên truyền, phổ biến Nghị quyết số 57-NQ/TW đến cán bộ, đảng viên và Nhân dân",
    "Rà soát, cập nhật dữ liệu dân cư phục vụ giải quyết thủ tục hành chính trên môi trường điện tử",
    "Xây dựng kế hoạch đào tạo kỹ năng số cho cán bộ, công chức xã",
    "Triển khai thanh toán không dùng tiền mặt tại Bộ phận Một cửa",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
    "Kiểm tra, đánh giá mức độ an toàn thông tin của hệ thống máy tính tại cơ quan",
    "Hướng dẫn người dân cài đặt và sử dụng ứng dụng định danh điện tử",
    "Tổng hợp, báo cáo kết quả thực hiện kế hoạch về Ủy ban nhân dân huyện",
)


def plain_rows(n: int, numbers: Optional[Sequence[str]] = None) -> list[tuple[str, str, str, str, str]]:
    """n well-formed task rows (numbers 1..n unless given)."""
    numbers = list(numbers) if numbers is not None else [str(i) for i in range(1, n + 1)]
    return [(numbers[i], TASKS[i % len(TASKS)] + f" ({i + 1})", UNITS[i % len(UNITS)],
             UNITS[(i + 2) % len(UNITS)], DEADLINES[i % len(DEADLINES)]) for i in range(n)]
