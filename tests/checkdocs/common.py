"""What the late check-document generators (make_late5.py .. make_late10.py) share:
the deadline cells they all print, section items between task rows, the gold file of a document,
Liberation fonts put into ReportLab, a plan drawn as tables cell by cell (TablePlan) and a
Word plan's document, paragraphs and table (word_document, word_para, word_table, word_table_sizes)."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from tests.corpus.render_html import FONT_DIRS

#: Deadline cells every late check set prints -> (kind, start, due), written by hand from
#: DOMAIN.md's table (year 2026); each set's NORMALISED adds its own cells to these.
DEADLINES_2026 = {
    "Quý I/2026": ("quarter", "2026-01-01", "2026-03-31"),
    "Quý II/2026": ("quarter", "2026-04-01", "2026-06-30"),
    "Quý III/2026": ("quarter", "2026-07-01", "2026-09-30"),
    "Quý IV/2026": ("quarter", "2026-10-01", "2026-12-31"),
    "Năm 2026": ("year", "2026-01-01", "2026-12-31"),
    "Thường xuyên": ("continuous", None, None),
}
#: The deadline cells make_late7 and make_late8 cycle their task rows through (cycled_rows), and
#: how they read (DEADLINES_2026 and the others, written by hand the same way).
PLAIN_DEADLINES = ("Quý I/2026", "Thường xuyên", "Tháng 3/2026", "Quý II/2026", "Năm 2026", "Trước ngày 30/6/2026",
                   "Quý III/2026", "Hằng quý", "Tháng 9/2026", "6 tháng cuối năm 2026", "Quý IV/2026",
                   "Trước ngày 15/11/2026")
PLAIN_NORMALISED = {
    **DEADLINES_2026,
    "Tháng 3/2026": ("month", "2026-03-01", "2026-03-31"),
    "Tháng 9/2026": ("month", "2026-09-01", "2026-09-30"),
    "Trước ngày 30/6/2026": ("day", None, "2026-06-30"),
    "Trước ngày 15/11/2026": ("day", None, "2026-11-15"),
    "Hằng quý": ("recurring", None, None),
    "6 tháng cuối năm 2026": ("half", "2026-07-01", "2026-12-31"),
}

def raster(pdf: Path, page: int, out: Path) -> Path:
    """Page `page` of `pdf` as a 200 dpi black-and-white PNG (pdftoppm, thresholded at 150)."""
    exe = shutil.which("pdftoppm")
    if not exe:
        raise RuntimeError("pdftoppm not found (apt-get install -y poppler-utils)")
    stem = out.with_suffix("")
    subprocess.run([exe, "-r", "200", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(stem)], check=True, capture_output=True)
    from PIL import Image
    bw = stem.with_name(stem.name + "-bw.png")   # black and white, as an office scanner stores it
    with Image.open(stem.with_suffix(".png")) as im:
        im.convert("L").point(lambda v: 255 if v >= 150 else 0).save(bw)
    return bw


def image_pdf(native: Path, out: Path, pages: list[int], fonts: Callable[[], None], record: list,
              layer: Callable[[int, float, float, str], Optional[str]]) -> None:
    """A PDF of the images of `pages` of `native` (each page its own size, raster()), over each an
    invisible text layer: every (page, x, y, string, font, size) of `record` on that page, as
    `layer(page, x, y, string)` writes it (None: not written). `fonts` registers the fonts named."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    import pdfplumber
    with pdfplumber.open(str(native)) as pdf:
        sizes = {i + 1: (float(p.width), float(p.height)) for i, p in enumerate(pdf.pages)}
    fonts()
    c = canvas.Canvas(str(out), invariant=1)
    with tempfile.TemporaryDirectory(prefix="late_") as tmp:
        for pno in pages:
            pw, ph = sizes[pno]
            c.setPageSize((pw, ph))
            png = raster(native, pno, Path(tmp) / f"p{pno}.png")
            c.drawImage(ImageReader(str(png)), 0, 0, pw, ph)
            for page, x, y, s, font, size in record:
                text = layer(pno, x, y, s) if page == pno else None
                if text is not None:
                    t = c.beginText(x, ph - y)
                    t.setTextRenderMode(3)   # invisible
                    t.setFont(font, size)
                    t.textOut(text)
                    c.drawText(t)
            c.showPage()
    c.save()


def with_sections(task_rows: list[tuple], at: dict) -> list:
    """The task rows with ("section", title) items before the rows indexed in `at`."""
    out = []
    for i, r in enumerate(task_rows):
        if i in at:
            out.append(("section", at[i]))
        out.append(r)
    return out


def write_gold(name: str, task_rows: list[tuple], pages: list[int], normalised: dict, out: Path) -> Path:
    """`name`.gold.json in `out`: one appendix task per (number, text, lead, coordinators, deadline)
    row on its page, the deadline as `normalised` reads it (raw -> (kind, start, due))."""
    tasks = []
    for (number, text, lead, coord, deadline), page in zip(task_rows, pages):
        kind, start, due = normalised[deadline]
        tasks.append({"origin": "appendix", "number": number or None, "text": text, "lead_raw": lead,
                      "coordinators_raw": coord or None,
                      "deadline": {"raw": deadline, "kind": kind, "start": start, "due": due},
                      "source": {"page": page}})
    return save_json(out / f"{name}.gold.json", {"source": {"file": f"{name}.pdf"}, "tasks": tasks})


def save_json(path: Path, data: dict) -> Path:
    """`data` into `path` as every gold file is written (UTF-8, one space indents, a final newline)."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def add_to_tasks(path: Path, fields: list[dict]) -> Path:
    """Adds to the i-th task of the gold file `path` the keys of fields[i] (after its own)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for task, more in zip(data["tasks"], fields):
        task.update(more)
    return save_json(path, data)


def cycled_rows(tasks: list[str], units: list[str], n: int, deadlines: list[str], start: int = 0,
                coord_offset: int = 4) -> list[tuple]:
    """n task rows (number, text, lead, coordinators, deadline) numbered from 1, the i-th
    (from `start`) with task i and lead units[i % 7]; a text past the list's end says its round
    ("(đợt 2)"); every fifth row (i % 5 == 3) has no coordinators, the others
    units[i + coord_offset], or units[i + 5] where that would be the lead itself."""
    out = []
    for i in range(start, start + n):
        text = tasks[i % len(tasks)]
        if i >= len(tasks):
            text += f" (đợt {i // len(tasks) + 1})"
        lead = units[i % 7]
        coord = "" if i % 5 == 3 else units[(i + coord_offset) % len(units)]
        if coord == lead:   # a unit does not coordinate its own task
            coord = units[(i + 5) % len(units)]
        out.append((str(i - start + 1), text, lead, coord, deadlines[i % len(deadlines)]))
    return out


def n_pages(pdf: Path) -> int:
    import pdfplumber
    with pdfplumber.open(str(pdf)) as p:
        return len(p.pages)


def add_indicator_gold(path: Path, indicators: list[tuple], years: list[str], pages: list[int],
                       targets: dict) -> Path:
    """Adds to the gold file `path` one appendix indicator per (number, name, unit of measure,
    targets per year, lead) row on its page, each target as `targets` reads it
    (raw -> (op, value, unit or None: the row's unit of measure)); an empty cell is None."""
    data = json.loads(path.read_text(encoding="utf-8"))
    inds = []
    for (number, name, uom, row_targets, lead), page in zip(indicators, pages):
        tg = {}
        for year, raw in zip(years, row_targets):
            if not raw:
                tg[year] = None
                continue
            op, value, unit = targets[raw]
            tg[year] = {"raw": raw, "op": op, "value": float(value), "unit": unit or uom}
        inds.append({"origin": "appendix", "number": number, "name": name, "unit_of_measure": uom,
                     "lead_raw": lead, "targets": tg, "source": {"page": page}})
    data["indicators"] = inds
    return save_json(path, data)


def liberation_serif(regular: str, bold: str) -> None:
    """LiberationSerif Regular and Bold under these names, put straight into ReportLab's font
    table: registerFont gives a font whose face another font of the process already uses that
    font instead (so a document's font would depend on the order of registration)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for name, style in ((regular, "Regular"), (bold, "Bold")):
        if name in pdfmetrics._fonts:
            continue
        for d in FONT_DIRS:
            p = Path(d) / f"LiberationSerif-{style}.ttf"
            if p.exists():
                pdfmetrics._fonts[name] = TTFont(name, str(p))
                break
        else:
            raise RuntimeError(f"LiberationSerif-{style}.ttf not found in {FONT_DIRS}")


# ------------------------------------------------------------------ a plan whose tasks are tables
#: A cell merged into the cell on its left (no rule between them).
SPAN = object()
_RULED = ("grid", "hrules", "frame_hrules")   # the rule kinds with a rule under every row


def wrap_cell(s: str, width: float, font: str, size: float) -> list[str]:
    """Cell text as printed lines: each "\\n" part wrapped on its own (tests.checkpdf._wrap)."""
    from tests.checkpdf import _wrap as wrap_words
    out = []
    for part in s.split("\n"):
        out += wrap_words(part, width, font, size) or [""]
    return out if any(out) else []


@dataclass(frozen=True)
class TablePlan:
    """A plan printed as a letterhead and caption, tables of tasks (or indicators), a signature;
    drawn cell by cell with ReportLab's canvas by `draw` (make_late7.py, make_late8.py).
    fonts: (regular, bold) names of Liberation Serif Regular and Bold (`register`); letterhead:
    (line, bold, centred) printed at 11.5 pt from `top`; header, widths: a table's defaults;
    keep_sections: a section row kept on the page of the row after it (as Word keeps a heading row
    with the next)."""
    fonts: tuple[str, str]
    title: str
    letterhead: tuple[tuple[str, bool, bool], ...]
    signer: str
    header: tuple[str, ...]
    widths: tuple[float, ...]
    keep_sections: bool = False
    left: float = 50.0
    top: float = 56.0

    def document(self, folder: Path, name: str, items: list, normalised: dict, gold_rows: list | None = None,
                 gold_more: list[dict] | None = None, **kw) -> Path:
        """<folder>/<name>.pdf: the plan with one table of `items` (kw: that table's options, the
        rest `draw`'s), and its gold (write_gold): `gold_rows` (default: the items that are not
        sections) on the pages they start on, the i-th task with the keys of gold_more[i] added."""
        table = {"items": items}
        for k in ("header", "widths", "rules", "repeat", "break_rows", "fills", "top"):
            if k in kw:
                table[k] = kw.pop(k)
        pages = self.draw(folder / f"{name}.pdf", [table], **kw)[0]
        task_rows = gold_rows or [r for r in items if r[0] != "section"]
        assert len(task_rows) == len(pages)
        path = write_gold(name, task_rows, pages, normalised, folder)
        return add_to_tasks(path, gold_more) if gold_more else path

    def register(self) -> None:
        liberation_serif(*self.fonts)

    def draw(self, path: Path, tables: list[dict], *, landscape: bool = False, size: float = 10.0,
             foot: float = 52.0, record: list | None = None, covers: dict | None = None,
             broken: list | None = None) -> list[list[int]]:
        """Draw the plan: letterhead, caption, then each table of `tables` ({items, header, widths,
        rules, repeat, break_rows, fills, top, old}), then the signature. items: rows of cell
        strings (a cell SPAN: merged into the cell on its left) and ("section", title); rules: grid |
        hrules | frame_hrules | header | none; repeat: the header again on every page (default);
        break_rows: a row that does not fit at a page's foot is broken there (the lines that fit,
        then the rest on the next page; otherwise the whole row goes to the next page); fills: the
        header filled dark grey and every second row light grey; top: [(first col, last col, text)]
        a spanning header row over the header (columns outside every group: one cell over both
        rows); old: (item index, column) -> the text a "white" cover hides. covers: (table, item
        index, column) -> (kind, text): "white" the cell's text (old) covered by a white box and
        `text` written on it, "hidden" `text` written invisibly at the cell's first line. record:
        gets (page, x, y from the top, text, font, size) of every visible string; broken: gets
        (table, item index) of every row broken over a page break. Returns, per table, the page
        each non-section row starts on."""
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas
        self.register()
        pw, ph = A4
        w, h = (ph, pw) if landscape else (pw, ph)
        sheet = _Sheet(canvas.Canvas(str(path), pagesize=(w, h), invariant=1), h, self.fonts, size, record)
        sheet.c.setTitle(self.title)
        sheet.c.setLineWidth(0.6)
        bottom = h - foot
        covers = covers or {}
        y = self.top
        for line, bold, centred in self.letterhead:
            sheet.text(self.left, y, line, bold, sz=11.5, centre_in=(w - 2 * self.left) if centred else None)
            y += 16
        all_pages = []
        for ti, tab in enumerate(tables):
            widths = list(tab.get("widths", self.widths))
            scale = (w - 2 * self.left) / sum(widths) if landscape else 1.0
            t = _Table(sheet, tab.get("header", self.header), [x * scale for x in widths], self.left,
                       tab.get("rules", "grid"), tab.get("fills", False), tab.get("top") or [],
                       tab.get("repeat", True))
            lead_ = sheet.lead
            if ti:
                y += 18
            y = t.head(y + 4)
            pages = []
            band = False
            items = tab["items"]
            for item_i, item in enumerate(items):
                if item[0] == "section":
                    after_h = 0
                    if self.keep_sections and item_i + 1 < len(items) and items[item_i + 1][0] != "section":
                        after_h = t.height(t.cells(items[item_i + 1]))
                    if y + lead_ + 6 + after_h > bottom:
                        y = t.next_page(self.top)
                    sheet.text(t.xs[0] + 3, y + size + 1, item[1], bold=True)
                    t.vlines(y, y + lead_ + 6, skip=set(range(1, len(t.xs) - 1)))
                    y += lead_ + 6
                    if t.rules in _RULED:
                        t.hline(y)
                    continue
                shown = list(item)
                for (cti, cii, col), (kind, _) in covers.items():   # the covered text is the old one
                    if cti == ti and cii == item_i and kind == "white":
                        shown[col] = tab["old"][(item_i, col)]
                cells = t.cells(shown)
                skip = {col for col, s in enumerate(item) if s is SPAN}
                row_covers = {col: cv for (cti, cii, col), cv in covers.items() if (cti, cii) == (ti, item_i)}
                band = not band
                shade = t.fills and not band   # every second row
                if y + t.height(cells) > bottom:
                    fit = int((bottom - y - 6) // lead_) if tab.get("break_rows") else 0
                    if fit >= 1:   # the first lines here, the rest on the next page
                        if broken is not None:
                            broken.append((ti, item_i))
                        pages.append(sheet.page)
                        t.row(y, [(k, wd, ls[:fit]) for k, wd, ls in cells], row_covers, shade, skip)
                        y = t.row(t.next_page(self.top), [(k, wd, ls[fit:]) for k, wd, ls in cells], row_covers,
                                  shade, skip)
                        continue
                    y = t.next_page(self.top)
                pages.append(sheet.page)
                y = t.row(y, cells, row_covers, shade, skip)
            all_pages.append(pages)
        if y + 80 > bottom:
            sheet.new_page()
            y = self.top
        for dy, s in ((20, "TM. ỦY BAN NHÂN DÂN"), (36, "CHỦ TỊCH"), (90, self.signer)):
            sheet.text(w - self.left - 190, y + dy, s, True, sz=11.5)
        sheet.c.save()
        return all_pages


class _Sheet:
    """The canvas of a TablePlan being drawn: strings and the page number, y from the page's top."""

    def __init__(self, c, h: float, fonts: tuple[str, str], size: float, record: list | None):
        self.c, self.h, self.fonts, self.size, self.record = c, h, fonts, size, record
        self.lead = round(size * 1.2, 2)
        self.page = 1

    def text(self, x, y, s, bold=False, centre_in=None, sz=None, mode=0):
        from reportlab.pdfbase.pdfmetrics import stringWidth
        sz = sz or self.size
        font = self.fonts[1] if bold else self.fonts[0]
        if centre_in is not None:
            x = x + (centre_in - stringWidth(s, font, sz)) / 2
        if mode:   # the render mode is graphics state: kept inside q ... Q
            self.c.saveState()
        t = self.c.beginText(x, self.h - y)
        t.setTextRenderMode(mode)
        t.setFont(font, sz)
        t.textOut(s)
        self.c.drawText(t)
        if mode:
            self.c.restoreState()
        if self.record is not None and mode == 0:
            self.record.append((self.page, x, y, s, font, sz))

    def new_page(self):
        self.c.showPage()
        self.page += 1
        self.c.setLineWidth(0.6)


class _Table:
    """One table of a TablePlan: its columns (x of every rule), rule kind, fills, top header row and
    whether its header repeats on every page."""

    def __init__(self, sheet: _Sheet, header, widths: list[float], left: float, rules: str, fills: bool,
                 top: list, repeat: bool):
        self.sheet, self.header, self.widths = sheet, header, widths
        self.rules, self.fills, self.top, self.repeat = rules, fills, top, repeat
        self.xs = [left]
        for cw in widths:
            self.xs.append(self.xs[-1] + cw)

    def hline(self, yy, x0=None, x1=None):
        h = self.sheet.h
        self.sheet.c.line(self.xs[0] if x0 is None else x0, h - yy, self.xs[-1] if x1 is None else x1, h - yy)

    def vlines(self, y0, y1, skip=()):
        h = self.sheet.h
        for i, x in enumerate(self.xs):
            outer = i in (0, len(self.xs) - 1)
            if (self.rules == "grid" and (outer or i not in skip)) or (self.rules == "frame_hrules" and outer):
                self.sheet.c.line(x, h - y0, x, h - y1)

    def next_page(self, top: float) -> float:
        """A new page, the table going on at `top` (under the header again if it repeats); returns
        where its rows go on."""
        self.sheet.new_page()
        if self.repeat:
            return self.head(top)
        if self.rules in ("grid", "frame_hrules"):   # the rule over the first row
            self.hline(top)
        return top

    def fill(self, y0, y1, grey):
        c = self.sheet.c
        c.saveState()
        c.setFillGray(grey)
        c.rect(self.xs[0], self.sheet.h - y1, self.xs[-1] - self.xs[0], y1 - y0, stroke=0, fill=1)
        c.restoreState()

    def head(self, yy) -> float:
        """The header (under its top row, if any) at yy; returns its bottom."""
        sheet, lead_, size = self.sheet, self.sheet.lead, self.sheet.size
        lines = [wrap_cell(s, self.widths[i], sheet.fonts[1], size) for i, s in enumerate(self.header)]
        grouped = {i for a, b, _ in self.top for i in range(a, b + 1)}
        h1 = lead_ + 6
        if self.top:
            h2 = max(len(lines[i]) for i in grouped) * lead_ + 8
            height = max(h1 + h2, max(len(lines[i]) for i in range(len(lines)) if i not in grouped) * lead_ + 8)
        else:
            height = max(len(x) for x in lines) * lead_ + 8
        if self.fills:
            self.fill(yy, yy + height, 0.72)
        if self.rules in _RULED:
            self.hline(yy)
        for a, b, s in self.top:
            sheet.text(self.xs[a], yy + size + 1, s, bold=True, centre_in=self.xs[b + 1] - self.xs[a])
            if self.rules != "none":
                self.hline(yy + h1, self.xs[a], self.xs[b + 1])
        for i, ls in enumerate(lines):
            if not self.top:
                y0 = yy
            elif i in grouped:
                y0 = yy + h1
            else:
                y0 = yy + (height - len(ls) * lead_) / 2 - 3
            for k, s in enumerate(ls):
                sheet.text(self.xs[i], y0 + size + 1 + k * lead_, s, bold=True, centre_in=self.widths[i])
        if self.top:
            inner = {i for a, b, _ in self.top for i in range(a + 1, b + 1)}   # no rule inside a group's top cell
            self.vlines(yy, yy + h1, skip=inner)
            self.vlines(yy + h1, yy + height)
        else:
            self.vlines(yy, yy + height)
        if self.rules != "none":
            self.hline(yy + height)
        return yy + height

    def cells(self, item) -> list[tuple[int, float, list[str]]]:
        """(column, width, lines) of each printed cell of a row; SPAN cells widen the one before."""
        out = []
        for col, s in enumerate(item):
            if s is SPAN:
                k, wid, txt = out[-1]
                out[-1] = (k, wid + self.widths[col], txt)
            else:
                out.append((col, self.widths[col], s))
        return [(k, wid, wrap_cell(s, wid, self.sheet.fonts[0], self.sheet.size)) for k, wid, s in out]

    def height(self, cells) -> float:
        return max(1, max(len(ls) for _, _, ls in cells)) * self.sheet.lead + 6

    def row(self, yy, cells, covers: dict, band: bool, skip=()) -> float:
        """A row of these cells at yy (light grey if `band`; covers: column -> (kind, text)), its
        rules drawn; returns its bottom."""
        sheet, size, lead_ = self.sheet, self.sheet.size, self.sheet.lead
        height = self.height(cells)
        if band:
            self.fill(yy, yy + height, 0.92)
        for col, wid, ls in cells:
            cover = covers.get(col)
            for k, s in enumerate(ls):
                sheet.text(self.xs[col] + 3, yy + size + k * lead_, s)
            if cover and cover[0] == "white":   # a white box over the old text, the new on it
                sheet.c.saveState()
                sheet.c.setFillGray(1.0)
                sheet.c.rect(self.xs[col] + 1.5, sheet.h - (yy + height - 1.5), wid - 3, height - 3, stroke=0, fill=1)
                sheet.c.restoreState()
                sheet.text(self.xs[col] + 3, yy + size, cover[1])
            elif cover and cover[0] == "hidden":   # an invisible old value under the visible one
                sheet.text(self.xs[col] + 3, yy + size, cover[1], mode=3)
        self.vlines(yy, yy + height, skip=skip)
        if self.rules in _RULED:
            self.hline(yy + height)
        return yy + height


# ------------------------------------------------------------------ Word plans (python-docx)
def word_document(created, author: str, title: str, revision: int):
    """A Word plan as the late sets write one: Times New Roman 13 pt, no space after paragraphs,
    A4 with 3 cm left and 2 cm other margins, fixed core properties (same input, same bytes)."""
    from docx import Document
    from docx.shared import Cm, Pt
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(13)
    st.paragraph_format.space_after = Pt(0)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    cp = doc.core_properties
    cp.created = cp.modified = cp.last_printed = created
    cp.author = cp.last_modified_by = author
    cp.title = title
    cp.revision = revision
    return doc


def word_para(doc, s: str, bold: bool = False, align=None, italic: bool = False, size: float = 13):
    """One paragraph of one run."""
    from docx.shared import Pt
    p = doc.add_paragraph()
    run = p.add_run(s)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if align is not None:
        p.alignment = align
    return p


def word_table(doc, header: list[str]):
    """A 'Table Grid' table of fixed widths with its header row (bold, centred) repeated at the
    top of each page (Word's tblHeader)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    t = doc.add_table(rows=1, cols=len(header))
    t.style = doc.styles["Table Grid"]
    t.autofit = False
    hdr = t.rows[0]
    th = OxmlElement("w:tblHeader")
    th.set(qn("w:val"), "true")
    hdr._tr.get_or_add_trPr().append(th)
    for cell, s in zip(hdr.cells, header):
        cell.paragraphs[0].add_run(s).bold = True
        cell.paragraphs[0].alignment = A.CENTER
    return t


def word_table_sizes(t, widths: tuple, half_points: int = 24, grid: bool = False) -> None:
    """Every cell of `t` given its column's width (cm) and every run the size `half_points`/2 pt;
    `grid`: the table grid's widths too (the ones LibreOffice reads)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm
    for row in t.rows:
        for cell, wd in zip(row.cells, widths):
            cell.width = Cm(wd)
    if grid:
        for gc, wd in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths):
            gc.set(qn("w:w"), str(int(wd * 567)))
    for r in t._tbl.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(half_points))
        rpr.append(sz)
