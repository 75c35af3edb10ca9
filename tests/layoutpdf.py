"""Small generated plans whose task table is drawn cell by cell with ReportLab's canvas, in
layouts real producers print and the layout matrix (tests/corpus/matrix.json) lacks, for the
table-stage tests (tests/test_layout_probes.py).

`draw_table_plan(path, header, widths, rows, ...)` draws a title, an appendix caption and one
table whose cells hold exactly the given texts, wrapped to their column:
- `header`: header rows, one string per column; "<" marks a cell merged with the one on its
  left, "^" one merged with the one above (a two-line header "Thời gian" over "Bắt đầu |
  Hoàn thành").
- `rows`: a list of cells per row, or {"section": "I. ..."} for a title across the table, or
  {"header": True} for the header printed again inside the table (a producer repeating it in
  the middle of a page). A cell is a string (regular type) or a tuple of (text, bold)
  paragraphs, each wrapped on its own lines ("Sở Nội vụ" in bold over the coordinators).
- `rules`: "grid", "hrules" (horizontal rules only), "frame" (outer frame and header rule),
  "booktabs" (rules above and under the header and under the table), "header" (one rule under
  the header) or "none"; `shade`: a grey fill on every other body row
  (zebra), drawn under the text; `valign`: "top" or "middle" (cells centred in their row).
- A row that does not fit on the page is split at the line the page ends on: each cell's lines
  keep the place they have in the whole row (a centred short cell prints on the part where its
  lines fall), the rest goes on the next page under the repeated header (`repeat_header`).
- `open_split` (grid): the rest of a split row is drawn with no rule between it and the
  repeated header, whose lowest cells run on into it (ReportLab's splitInRow under a repeated
  two-row header prints so).
- `after`: paragraphs printed under the table (a closing section, the signature).
Returns, per row, the pages it prints on.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence, Union

FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")


def _font(style: str) -> str:
    """Liberation Serif (2.x has every Vietnamese glyph; fonts-liberation2, scripts/setup.sh)."""
    for d in FONT_DIRS:
        p = Path(d) / f"LiberationSerif-{style}.ttf"
        if p.exists():
            return str(p)
    raise RuntimeError(f"LiberationSerif-{style}.ttf not found")
LEFT, TOP = 50.0, 60.0


def wrap(text: str, width: float, font: str, size: float) -> list[str]:
    """Lines of `text` (explicit line breaks kept) no wider than `width`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    out: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for word in para.split():
            trial = f"{cur} {word}".strip()
            if cur and stringWidth(trial, font, size) > width:
                out.append(cur)
                cur = word
            else:
                cur = trial
        out.append(cur)
    return [ln for ln in out if ln] if text.strip() else []


def draw_table_plan(path: Path, header: Sequence[Sequence[str]], widths: Sequence[float],
                    rows: Sequence[Union[Sequence[str], dict]], *, rules: str = "none",
                    valign: str = "top", shade: bool = False, pad: float = 4.0, size: float = 10.0,
                    leading: float = 12.0, bottom: float = 790.0, repeat_header: bool = True,
                    align: Optional[Sequence[str]] = None, before: Sequence[str] = (),
                    after: Sequence[str] = (), open_split: bool = False) -> list[list[int]]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("LpSerif", _font("Regular")))
    pdfmetrics.registerFont(TTFont("LpSerifB", _font("Bold")))
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("layout probe")
    xs = [LEFT]
    for cw in widths:
        xs.append(xs[-1] + cw)
    ncols = len(widths)
    align = list(align or (["left"] + ["center"] * (ncols - 1)))
    page = [1]

    def text(x, y, s, bold=False, how="left", width=0.0):
        font = "LpSerifB" if bold else "LpSerif"
        c.setFont(font, size)
        if how == "center":
            x += (width - stringWidth(s, font, size)) / 2
        c.drawString(x, h - y, s)

    def hline(y, x0=xs[0], x1=xs[-1]):
        c.line(x0, h - y, x1, h - y)

    def vline(x, y0, y1):
        c.line(x, h - y0, x, h - y1)

    def draw_header(y: float, open_bottom: bool = False) -> float:
        """Header rows with merged cells; returns the y under them."""
        nrows = len(header)
        owners = {}
        for r in range(nrows):
            for k in range(ncols):
                v = header[r][k]
                if v == "<":
                    owners[(r, k)] = owners[(r, k - 1)]
                elif v == "^":
                    owners[(r, k)] = owners[(r - 1, k)]
                else:
                    owners[(r, k)] = (r, k)
        lines_of = {}
        for (r, k), o in owners.items():
            if o == (r, k):
                span = [kk for kk in range(ncols) if owners.get((r, kk)) == o]
                lines_of[o] = wrap(header[r][k], xs[span[-1] + 1] - xs[span[0]] - 2 * pad, "LpSerifB", size)
        row_h = []
        for r in range(nrows):
            n = max((len(lines_of[o]) for (rr, k), o in owners.items() if rr == r and o[0] == r
                     and all(owners.get((r2, k)) != o for r2 in range(r + 1, nrows))), default=1)
            row_h.append(max(n, 1) * leading + 2 * pad)
        ys = [y]
        for rh in row_h:
            ys.append(ys[-1] + rh)
        for o, lines in lines_of.items():
            cells = [p for p, oo in owners.items() if oo == o]
            r0, r1 = min(p[0] for p in cells), max(p[0] for p in cells)
            k0, k1 = min(p[1] for p in cells), max(p[1] for p in cells)
            top, bot = ys[r0], ys[r1 + 1]
            start = top + (bot - top - len(lines) * leading) / 2
            for i, ln in enumerate(lines):
                text(xs[k0] + pad, start + (i + 1) * leading - 2.5, ln, bold=True, how="center",
                     width=xs[k1 + 1] - xs[k0] - 2 * pad)
            if rules == "grid":
                hline(top, xs[k0], xs[k1 + 1])
                if not (open_bottom and r1 == nrows - 1):
                    hline(bot, xs[k0], xs[k1 + 1])
                vline(xs[k0], top, bot)
                vline(xs[k1 + 1], top, bot)
        if rules in ("frame", "hrules", "booktabs"):
            hline(ys[0])
        if rules in ("frame", "hrules", "header", "booktabs"):
            hline(ys[-1])
        return ys[-1]

    def new_page(with_header: bool, open_bottom: bool = False) -> float:
        c.showPage()
        page[0] += 1
        frame_top[0] = TOP
        if rules == "frame" and not with_header:
            hline(TOP)
        return draw_header(TOP, open_bottom) if with_header else TOP

    y = TOP
    for line in before:
        text(LEFT, y + leading, line, bold=True)
        y += leading + 4
    text(LEFT, y + leading, "PHỤ LỤC: KẾ HOẠCH THỰC HIỆN", bold=True)
    frame_top = [y + leading + 10]            # the frame encloses the header too
    y = draw_header(y + leading + 10)
    table_top = y
    pages: list[list[int]] = []

    def close_frame(y_end):
        if rules == "frame":
            vline(xs[0], frame_top[0], y_end)
            vline(xs[-1], frame_top[0], y_end)
            hline(y_end)

    def cell_lines(t, width) -> list[tuple[str, bool]]:
        paras = [(t, False)] if isinstance(t, str) else list(t)
        return [(ln, bold) for para, bold in paras
                for ln in wrap(para, width, "LpSerifB" if bold else "LpSerif", size)]

    for idx, row in enumerate(rows):
        if isinstance(row, dict) and row.get("header"):
            if y + sum(1 for _ in header) * (leading + 2 * pad) > bottom:
                close_frame(y)
                y = new_page(repeat_header)
            y = draw_header(y)
            pages.append([page[0]])
            continue
        if isinstance(row, dict):
            lines = [(0, ln) for ln in wrap(row["section"], xs[-1] - xs[0] - 2 * pad, "LpSerifB", size)]
            cells_lines = None
            nlines = len(lines)
        else:
            cells_lines = [cell_lines(t, widths[k] - 2 * pad) for k, t in enumerate(row)]
            nlines = max(len(x) for x in cells_lines) or 1
        full = nlines * leading + 2 * pad
        # each line's offset inside the whole row: (column, text, offset of its baseline box top)
        placed = []
        if cells_lines is None:
            placed = [(0, ln, pad + i * leading, True, True) for i, (_, ln) in enumerate(lines)]
        else:
            for k, cl in enumerate(cells_lines):
                off = pad if valign == "top" else (full - len(cl) * leading) / 2
                placed.extend((k, ln, off + i * leading, False, bold) for i, (ln, bold) in enumerate(cl))
        on: list[int] = []
        start = y
        remaining = placed
        shift = 0.0
        while True:
            room = bottom - start
            fits = [p for p in remaining if p[2] - shift + leading <= room]
            if len(fits) == len(remaining) and full - shift <= room + pad:
                part_h = full - shift
                last = True
            else:
                if not fits and start > table_top + 1:     # nothing fits: the row starts on the next page
                    close_frame(start)
                    start = new_page(repeat_header)
                    continue
                part_h = room
                last = False
            if shade and idx % 2 == 0:
                c.setFillGray(0.88)
                c.rect(xs[0], h - (start + part_h), xs[-1] - xs[0], part_h, stroke=0, fill=1)
                c.setFillGray(0)
            for k, ln, off, across, bold in (remaining if last else fits):
                if across:
                    text(xs[0] + pad, start + off - shift + leading - 2.5, ln, bold=True)
                else:
                    text(xs[k] + pad, start + off - shift + leading - 2.5, ln, bold=bold, how=align[k],
                         width=widths[k] - 2 * pad)
            if rules == "grid":
                for x in (xs if cells_lines is not None else (xs[0], xs[-1])):   # a title spans
                    vline(x, start, start + part_h)
                if not (open_split and shift > 0 and repeat_header):
                    hline(start)
                if last:
                    hline(start + part_h)
            elif rules == "hrules" and last:
                hline(start + part_h)
            on.append(page[0])
            if last:
                y = start + part_h
                break
            remaining = [p for p in remaining if p not in fits]
            # the next part starts where the first line left on this page would have stood
            shift = min(p[2] for p in remaining) - pad
            close_frame(bottom)
            start = new_page(repeat_header, open_split)
        pages.append(on)
    close_frame(y)
    if rules == "booktabs":
        hline(y)
    y += 2 * leading
    for para in after:
        for ln in wrap(para, xs[-1] - xs[0], "LpSerif", size):
            if y + leading > bottom:
                c.showPage()
                page[0] += 1
                y = TOP
            text(LEFT, y + leading, ln)
            y += leading + 2
    c.showPage()
    c.save()
    return pages
