"""Layout-matrix tables for producers 1 (python-docx -> LibreOffice) and 2 (ReportLab).

The page head, body and signature are the regular producers' own (render_docx / render_html),
with their font swapped for the style's font; the appendix tables follow data["layout"]
(matrix.py, styles.yaml): rules, valign, repeated header, column-number row, fonts.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
from pathlib import Path

from . import common

SERIF, SANS = "Liberation Serif", "Liberation Sans"
MX_PT = 11          # table text size (docx); ReportLab 11, Chromium 11pt


SHADE = {"head": "BFBFBF", "section": "D9D9D9", "zebra": "F2F2F2",   # shading: zebra
         "band": "D9D9D9"}   # shading: head (the header rows only)


def _header_rows(table: dict, lay: dict) -> list[list[str]]:
    """The header's rows of text; a two-row header (time_group) gives its top row (a group's
    text in its first column, "" in the others; a single header in its column) and its bottom
    row ("" under a single header): see _header_spans."""
    cols = table["columns"]
    if common.two_row(table):
        groups = {a: top for a, _, top in common.header_groups(table)}
        rows = [[groups.get(i, "") if isinstance(c["header"], list) else str(c["header"])
                 for i, c in enumerate(cols)],
                [str(c["header"][1]) if isinstance(c["header"], list) else "" for c in cols]]
    else:
        rows = [[str(c["header"]) for c in cols]]
    if table["kind"] == "tasks" and lay["column_numbers"]:
        rows.append([f"({i})" for i in range(1, len(cols) + 1)])
    return rows


def _header_spans(table: dict) -> list[tuple[int, int, int, int]]:
    """Merged header cells of a two-row header as (first col, first row, last col, last row):
    a single header over both rows, a group's top cell over its columns."""
    if not common.two_row(table):
        return []
    spans = [(i, 0, i, 1) for i, c in enumerate(table["columns"]) if not isinstance(c["header"], list)]
    return spans + [(a, 0, b, 0) for a, b, _ in common.header_groups(table) if b > a]


def _zebra_rows(table: dict) -> list[int]:
    """Indices (in table["rows"]) of the task rows shaded light grey: every second one."""
    body = [i for i, r in enumerate(table["rows"]) if "section" not in r]
    return body[1::2]


def _note_rows(table: dict, lay: dict) -> list[str]:
    """note_rows: the lines printed as rows spanning a task table after its last task ("Ghi chú:",
    "- ..."); none for other tables and styles."""
    return list(lay.get("note_rows") or []) if table["kind"] == "tasks" else []


def _body_align(role: str, lay: dict | None = None) -> str:
    over = (lay or {}).get("align") or {}
    if role in over:
        return over[role]
    if role in ("number", "deadline", "unit_of_measure", "target"):
        return "center"
    return "justify" if role == "task" else "left"


# ================================================================ DOCX (LibreOffice)
@contextlib.contextmanager
def _docx_font(font: str):
    from . import render_docx
    old = render_docx.FONT
    render_docx.FONT = font
    try:
        yield
    finally:
        render_docx.FONT = old


def _docx_borders(t, rules: str, lay_color: str = "black", lay: dict | None = None):
    from docx.oxml import OxmlElement
    from . import render_docx as R
    on = {"grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
          "frame_hrules": ("top", "left", "bottom", "right", "insideH"),
          "hrules": ("top", "bottom", "insideH"),
          "inner": ("insideH", "insideV"),
          "header_rule": (), "none": ()}[rules]
    b = OxmlElement("w:tblBorders")
    lay = lay or {}
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        val = "single" if side in on else "nil"
        if val == "single" and side.startswith("inside") and lay.get("inner_rules", "single") != "single":
            val = lay["inner_rules"]            # dotted inner rules
        if val == "single" and not side.startswith("inside") and lay.get("frame", "single") == "double":
            val = "double"                      # two thin lines round the table
        thick = val == "single" and not side.startswith("inside") and lay.get("frame") == "thick"
        b.append(R._border(side, val, sz="12") if thick else R._border(side, val))   # 1.5 pt frame
    if lay_color == "white":   # 1 pt white rules
        from docx.oxml.ns import qn
        for e in b:
            if e.get(qn("w:val")) == "single":
                e.set(qn("w:color"), "FFFFFF")
                e.set(qn("w:sz"), "8")
    t._tbl.tblPr.append(b)


def _docx_shade(cell, fill: str):
    """A cell fill (w:shd), placed in tcPr's schema order."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    later = [c for c in tcPr if c.tag in (qn("w:noWrap"), qn("w:tcMar"), qn("w:textDirection"),
                                          qn("w:tcFitText"), qn("w:vAlign"), qn("w:hideMark"))]
    if later:
        later[0].addprevious(shd)
    else:
        tcPr.append(shd)


def _docx_table(doc, table: dict, lay: dict, avail: float):
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT as V, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    from . import render_docx as R
    cols = table["columns"]
    ncol = len(cols)
    ws = R._widths(table, avail)
    heads = _header_rows(table, lay)
    nhead = len(heads)
    t = doc.add_table(rows=nhead + len(table["rows"]), cols=ncol)
    _docx_borders(t, lay["rules"], lay.get("rule_color", "black"), lay)
    R._fixed_layout(t, ws)
    if lay.get("padding") is not None:
        _docx_margins(t, lay["padding"])
    else:
        R._cell_margins(t, 0.1, 0.1) if lay["rules"] in ("grid", "inner") else R._cell_margins(t, 0.18, 0.18)
    pt = lay.get("table_pt", MX_PT)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, texts in enumerate(heads):
        if lay["repeat_header"]:
            R._repeat_header(t.rows[r])
        R._cant_split(t.rows[r], True)
        two = common.two_row(table) and r < 2
        for ci, text in enumerate(texts):
            _spaced(R._cell_para(t.cell(r, ci), text, pt, bold=r == 0 or two, italic=r > 0 and not two,
                                 align=A.CENTER), lay)
            t.cell(r, ci).vertical_alignment = V.CENTER
    for c0, r0, c1, r1 in _header_spans(table):
        m = t.cell(r0, c0).merge(t.cell(r1, c1))
        for p in m.paragraphs[1:]:
            if not p.text:
                p._p.getparent().remove(p._p)
    if lay["rules"] == "header_rule":
        R._header_rule(t.rows[nhead - 1])
    if lay.get("header_double"):   # a double rule under the header
        R._header_rule(t.rows[nhead - 1], "double", "4")
    if lay["rules"] == "frame_hrules" and lay.get("inner_rules") == "dashed":   # solid under the header
        R._header_rule(t.rows[nhead - 1])
    shaded = lay.get("shading") == "zebra"
    if shaded or lay.get("shading") == "head":   # head: the header band alone filled light grey
        for r in range(nhead):
            for tc in t.rows[r].cells:
                _docx_shade(tc, SHADE["head"] if shaded else SHADE["band"])
    zebra = set(_zebra_rows(table)) if shaded else set()
    roles = [c["role"] for c in cols]
    al = {"center": A.CENTER, "justify": A.JUSTIFY, "left": None, "right": A.RIGHT}
    va = V.CENTER if lay["valign"] == "middle" else V.TOP
    runs = common.lead_runs(table)
    covered = {i for s0, k in runs.items() for i in range(s0 + 1, s0 + k)}
    lead_ci = roles.index("lead") if "lead" in roles else None
    for ri, row in enumerate(table["rows"]):
        tr = nhead + ri
        R._cant_split(t.rows[tr], False)
        if "section" in row and lay.get("section_cell") == "cells":   # an ordinary row: numeral | title | empty
            for ci, role in enumerate(roles):
                text = row["section"] if role == "number" else row["title"] if role == "task" else ""
                _spaced(R._cell_para(t.cell(tr, ci), text, pt, bold=True,
                                     align=A.CENTER if role == "number" else None), lay)
                t.cell(tr, ci).vertical_alignment = va
            continue
        if "section" in row and lay.get("section_cell") == "numeral":   # numeral | title merged
            _spaced(R._cell_para(t.cell(tr, 0), row["section"], pt, bold=True, align=A.CENTER), lay)
            _cell = t.cell(tr, 1).merge(t.cell(tr, ncol - 1))
            _spaced(R._cell_para(_cell, row["title"], pt, bold=True), lay)
            for p in _cell.paragraphs[1:]:
                if not p.text:
                    p._p.getparent().remove(p._p)
            continue
        if "section" in row:
            _cell = t.cell(tr, 0).merge(t.cell(tr, ncol - 1))
            _spaced(R._cell_para(_cell, f"{row['section']} {row['title']}", pt, bold=True), lay)
            for p in _cell.paragraphs[1:]:
                if not p.text:
                    p._p.getparent().remove(p._p)
            if shaded:
                _docx_shade(_cell, SHADE["section"])
            continue
        for ci, text in enumerate(common.cell_texts(table, row)):
            cell = t.cell(tr, ci)
            if ci == lead_ci and ri in covered:   # written once in the merged cell, below
                continue
            if roles[ci] == "lead_stacked":   # the lead in bold, the coordinators on the next line
                lines = text.split("\n")
                _spaced(R._cell_para(cell, lines[0], pt, bold=True), lay)
                for line in lines[1:]:
                    _spaced(R._cell_para(cell, line, pt, first=False), lay)
            elif roles[ci] == "task" and "\n" in text:   # subitems_cell: a paragraph per line
                a = al[_body_align("task", lay)]
                for k, line in enumerate(text.split("\n")):
                    _spaced(R._cell_para(cell, line, pt, align=a, first=k == 0), lay)
            else:
                _spaced(R._cell_para(cell, text, pt, align=al[_body_align(roles[ci], lay)]), lay)
            if ri in zebra:
                _docx_shade(cell, SHADE["zebra"])
            cell.vertical_alignment = va
    for s0, k in runs.items():   # one lead cell over the run, vertically centred
        m = t.cell(nhead + s0, lead_ci).merge(t.cell(nhead + s0 + k - 1, lead_ci))
        for p in m.paragraphs[1:]:
            if not p.text:
                p._p.getparent().remove(p._p)
        m.vertical_alignment = V.CENTER
    for note in _note_rows(table, lay):   # rows spanning the table after the last task
        cells = t.add_row().cells
        R._cant_split(t.rows[-1], False)
        _cell = cells[0].merge(cells[-1])
        _spaced(R._cell_para(_cell, note, pt, italic=note.endswith(":")), lay)
        for p in _cell.paragraphs[1:]:
            if not p.text:
                p._p.getparent().remove(p._p)


def _spaced(p, lay: dict):
    """A cell paragraph set at the style's line spacing (1.5: one and a half lines)."""
    if lay.get("line_spacing", 1.0) != 1.0:
        p.paragraph_format.line_spacing = lay["line_spacing"]
    return p


def _docx_margins(t, cm: float):
    """Every cell's padding, all four sides (w:tblCellMar)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    mar = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), str(int(cm * 567)))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    t._tbl.tblPr.append(mar)


def _docx_running(section, running: dict, pt: float) -> None:
    """running: {header, footer}: the header line (italic, centred, under a rule-free band) and
    the footer "<footer> <PAGE>" (a PAGE field LibreOffice fills in), centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from . import render_docx as R
    hp = section.header.paragraphs[0]
    hp.alignment = A.CENTER
    R._set_run_font(hp.add_run(running["header"]), size=10, italic=True)
    fp = section.footer.paragraphs[0]
    fp.alignment = A.CENTER
    R._set_run_font(fp.add_run(running["footer"] + " "), size=11)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = fp.add_run("1")
    R._set_run_font(run, size=11)
    fld.append(run._r)
    fp._p.append(fld)


def build_docx(data: dict, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    from docx.shared import Pt
    from . import render_docx as R
    lay = data["layout"]
    font = SANS if lay["font"] == "sans" else SERIF
    with _docx_font(font):
        doc = Document()
        st = doc.styles["Normal"]
        st.font.name = font
        st.font.size = Pt(R.BODY_PT)
        R._set_rfonts(st.element.get_or_add_rPr())
        st.paragraph_format.space_after = Pt(0)
        st.paragraph_format.space_before = Pt(0)
        R._setup_section(doc.sections[0], False)
        if lay.get("running"):   # a page header and a "Trang n" footer on every page (later sections inherit them)
            _docx_running(doc.sections[0], lay["running"], pt=lay.get("table_pt", MX_PT))
        cp = doc.core_properties
        fixed = _dt.datetime(2025, 6, 1, 0, 0, 0)
        cp.created = cp.modified = cp.last_printed = fixed
        cp.author = cp.last_modified_by = "plan-extract corpus"
        cp.title = data.get("doc_type", "")
        cp.revision = 1
        R._header(doc, data)
        R._body(doc, data)
        R._signature(doc, data)
        for app in data["appendices"]:
            land = app.get("orientation") == "landscape"
            R._setup_section(doc.add_section(WD_SECTION.NEW_PAGE), land)
            R._para(doc, app["label"], 14, bold=True, align=A.CENTER)
            for line in app.get("caption_lines") or []:
                R._para(doc, line, 14, bold=True, align=A.CENTER)
            if app.get("attached"):
                R._para(doc, app["attached"], 14, italic=True, align=A.CENTER)
            R._para(doc, "", 8)
            for ti, table in enumerate(app["tables"]):
                if ti:
                    R._para(doc, "", 10)
                _docx_table(doc, table, lay, R._text_width(land))
        doc.save(str(path))


# ================================================================ ReportLab
_sans_registered = False


def _register_sans():
    global _sans_registered
    if _sans_registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from .render_html import FONT_DIRS
    names = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
    for suffix, style in names.items():
        for d in FONT_DIRS:
            p = Path(d) / f"LiberationSans-{style}.ttf"
            if p.exists():
                pdfmetrics.registerFont(TTFont("LibSans" + suffix, str(p)))
                break
        else:
            raise RuntimeError(f"LiberationSans-{style}.ttf not found")
    addMapping("LibSans", 0, 0, "LibSans")
    addMapping("LibSans", 1, 0, "LibSans-Bold")
    addMapping("LibSans", 0, 1, "LibSans-Italic")
    addMapping("LibSans", 1, 1, "LibSans-BoldItalic")
    _sans_registered = True


@contextlib.contextmanager
def _rl_font(sans: bool):
    from . import render_html as H
    H.register_fonts()
    old = H.F
    if sans:
        _register_sans()
        H.F = "LibSans"
    try:
        yield
    finally:
        H.F = old


def _rl_stacked(text: str, style):
    """One cell: its first line (the lead) in bold, the others after a line break."""
    from html import escape
    from reportlab.platypus import Paragraph
    first, *rest = text.split("\n")
    return Paragraph("<br/>".join([f"<b>{escape(first)}</b>"] + [escape(x) for x in rest]), style)


def _rl_lines(text: str, style):
    """One cell of several lines (subitems_cell): a line break before each."""
    from html import escape
    from reportlab.platypus import Paragraph
    return Paragraph("<br/>".join(escape(x) for x in text.split("\n")), style)


def _rl_table(table: dict, lay: dict, avail_cm: float):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.units import cm
    from reportlab.platypus import Table, TableStyle
    from . import render_html as H
    cols = table["columns"]
    n = len(cols)
    ws = [float(c["width"]) for c in cols]
    if sum(ws) > avail_cm:
        ws = [w * avail_cm / sum(ws) for w in ws]
    from reportlab.lib.enums import TA_RIGHT
    size = lay.get("table_pt", 11)
    lead = round(size * 1.2 * lay.get("line_spacing", 1.0), 2)
    hs = H._st("mh", size, bold=True, align=TA_CENTER, leading=lead)
    hn = H._st("mn", size, italic=True, align=TA_CENTER, leading=lead)
    sty = {"center": H._st("mc", size, align=TA_CENTER, leading=lead),
           "justify": H._st("mj", size, align=TA_JUSTIFY, leading=lead),
           "left": H._st("ml", size, align=TA_LEFT, leading=lead),
           "right": H._st("mr", size, align=TA_RIGHT, leading=lead)}
    sec = H._st("ms", size, bold=True, leading=lead)
    secc = H._st("msc", size, bold=True, align=TA_CENTER, leading=lead)
    heads = _header_rows(table, lay)
    nhead = len(heads)
    blk = colors.black
    rules = lay["rules"]
    pad = 3 if rules in ("grid", "inner") else 5
    vpad = (2, 3)
    if lay.get("padding") is not None:
        pad = round(lay["padding"] / 2.54 * 72, 2)
        vpad = (pad, pad)
    style = [("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
             ("TOPPADDING", (0, 0), (-1, -1), vpad[0]), ("BOTTOMPADDING", (0, 0), (-1, -1), vpad[1]),
             ("VALIGN", (0, 0), (-1, nhead - 1), "MIDDLE"),
             ("VALIGN", (0, nhead), (-1, -1), "MIDDLE" if lay["valign"] == "middle" else "TOP")]
    if lay.get("rule_color") == "white":   # 1 pt white rules
        blk = colors.white
    if rules == "grid" and (lay.get("inner_rules", "single") != "single" or lay.get("frame", "single") == "double"):
        dots = (0.6, 1.8) if lay.get("inner_rules") == "dotted" else None
        style.append(("INNERGRID", (0, 0), (-1, -1), 0.6, blk, None, dots))
        if lay.get("frame") == "double":   # two 0.5 pt lines 1.5 pt apart
            style.append(("BOX", (0, 0), (-1, -1), 0.5, blk, None, None, None, 2, 1.5))
        else:
            style.append(("BOX", (0, 0), (-1, -1), 0.6, blk))
    elif rules == "grid" and (lay.get("frame") == "thick" or lay.get("header_double")):
        # a 1.5 pt frame; inner rules 0.6 pt, two 0.5 pt lines under the header
        style += [("BOX", (0, 0), (-1, -1), 1.5 if lay.get("frame") == "thick" else 0.6, blk),
                  ("LINEAFTER", (0, 0), (-2, -1), 0.6, blk),
                  ("LINEBELOW", (0, nhead), (-1, -2), 0.6, blk)]
        if nhead > 1:
            style.append(("LINEBELOW", (0, 0), (-1, nhead - 2), 0.6, blk))
        if lay.get("header_double"):
            style.append(("LINEBELOW", (0, nhead - 1), (-1, nhead - 1), 0.5, blk, None, None, None, 2, 1.5))
        else:
            style.append(("LINEBELOW", (0, nhead - 1), (-1, nhead - 1), 0.6, blk))
    elif rules == "grid":
        style.append(("GRID", (0, 0), (-1, -1), 1.0 if blk == colors.white else 0.6, blk))
    elif rules == "frame_hrules" and lay.get("inner_rules") == "dashed":
        # solid frame and header rule, dashed rules between the body rows
        style += [("BOX", (0, 0), (-1, -1), 0.6, blk), ("LINEBELOW", (0, 0), (-1, nhead - 1), 0.6, blk),
                  ("LINEBELOW", (0, nhead), (-1, -2), 0.6, blk, None, (3, 2))]
    elif rules == "frame_hrules":
        style += [("BOX", (0, 0), (-1, -1), 0.6, blk), ("LINEBELOW", (0, 0), (-1, -1), 0.6, blk)]
    elif rules == "hrules":
        style += [("LINEABOVE", (0, 0), (-1, 0), 0.6, blk), ("LINEBELOW", (0, 0), (-1, -1), 0.6, blk)]
    elif rules == "header_rule":
        style.append(("LINEBELOW", (0, nhead - 1), (-1, nhead - 1), 0.8, blk))
    elif rules == "inner":
        style.append(("INNERGRID", (0, 0), (-1, -1), 0.6, blk))
    two = common.two_row(table)
    rows = [[H._p(x, hs if r == 0 or (two and r < 2) else hn) for x in texts] for r, texts in enumerate(heads)]
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in _header_spans(table)]
    shaded = lay.get("shading") == "zebra"
    if lay.get("shading") == "head":   # the header band alone filled light grey
        style.append(("BACKGROUND", (0, 0), (-1, nhead - 1), colors.HexColor("#" + SHADE["band"])))
    if shaded:
        style.append(("BACKGROUND", (0, 0), (-1, nhead - 1), colors.HexColor("#" + SHADE["head"])))
        style += [("BACKGROUND", (0, nhead + ri), (-1, nhead + ri), colors.HexColor("#" + SHADE["zebra"]))
                  for ri in _zebra_rows(table)]
    roles = [c["role"] for c in cols]
    runs = common.lead_runs(table)
    covered = {i for s0, k in runs.items() for i in range(s0 + 1, s0 + k)}
    lead_ci = roles.index("lead") if "lead" in roles else None
    for s0, k in runs.items():   # one lead cell over the run, vertically centred
        style += [("SPAN", (lead_ci, nhead + s0), (lead_ci, nhead + s0 + k - 1)),
                  ("VALIGN", (lead_ci, nhead + s0), (lead_ci, nhead + s0 + k - 1), "MIDDLE")]
    for ri, row in enumerate(table["rows"]):
        tr = nhead + ri
        if "section" in row and lay.get("section_cell") == "cells":   # an ordinary row: numeral | title | empty
            rows.append([H._p(row["section"], secc) if role == "number" else H._p(row["title"], sec)
                         if role == "task" else "" for role in roles])
            continue
        if "section" in row and lay.get("section_cell") == "numeral":   # numeral | title merged
            rows.append([H._p(row["section"], secc), H._p(row["title"], sec)] + [""] * (n - 2))
            style.append(("SPAN", (1, tr), (n - 1, tr)))
            if shaded:
                style.append(("BACKGROUND", (0, tr), (-1, tr), colors.HexColor("#" + SHADE["section"])))
            continue
        if "section" in row:
            rows.append([H._p(f"{row['section']} {row['title']}", sec)] + [""] * (n - 1))
            style.append(("SPAN", (0, tr), (n - 1, tr)))
            if shaded:
                style.append(("BACKGROUND", (0, tr), (-1, tr), colors.HexColor("#" + SHADE["section"])))
            continue
        rows.append(["" if ci == lead_ci and ri in covered else
                     _rl_stacked(x, sty["left"]) if roles[ci] == "lead_stacked" else
                     _rl_lines(x, sty[_body_align("task", lay)]) if roles[ci] == "task" and "\n" in x else
                     H._p(x, sty[_body_align(roles[ci], lay)]) if x else ""
                     for ci, x in enumerate(common.cell_texts(table, row))])
    it = H._st("mi", size, italic=True, leading=lead)
    for note in _note_rows(table, lay):   # rows spanning the table after the last task
        rows.append([H._p(note, it if note.endswith(":") else sty["left"])] + [""] * (n - 1))
        style.append(("SPAN", (0, len(rows) - 1), (n - 1, len(rows) - 1)))
    t = Table(rows, colWidths=[w * cm for w in ws], repeatRows=nhead if lay["repeat_header"] else 0,
              splitByRow=1, splitInRow=1, hAlign="CENTER")
    t.setStyle(TableStyle(style))
    return t


def _rl_running(running: dict):
    """An onPage drawing running["header"] (italic, centred, 1.2 cm from the top) and
    running["footer"] + the page number (centred, 1.2 cm from the bottom) on every page."""
    from reportlab.lib.units import cm
    from . import render_html as H

    def on_page(canv, doc):
        w, h = canv._pagesize
        canv.saveState()
        canv.setFont(H.F + "-Italic", 10)
        canv.drawCentredString(w / 2, h - 1.2 * cm, running["header"])
        canv.setFont(H.F, 11)
        canv.drawCentredString(w / 2, 1.2 * cm, f"{running['footer']} {canv.getPageNumber()}")
        canv.restoreState()
    return on_page


def render_rl(data: dict, path: Path) -> None:
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer
    from . import render_html as H
    lay = data["layout"]
    with _rl_font(lay["font"] == "sans"):
        doc = H._Doc(path, data)
        if lay.get("running"):   # the page header and "Trang n" footer instead of the page number and URL
            for pt in doc.pageTemplates:
                pt.onPage = _rl_running(lay["running"])
        story = H._header(data) + H._body(data) + H._signature(data)
        for app in data["appendices"]:
            land = app.get("orientation") == "landscape"
            story.append(NextPageTemplate("landscape" if land else "portrait"))
            story.append(PageBreak())
            story.append(H._p(app["label"], H._st("al", 13, bold=True, align=1)))
            for line in app.get("caption_lines") or []:
                story.append(H._p(line, H._st("ac", 13, bold=True, align=1)))
            if app.get("attached"):
                story.append(H._p(app["attached"], H._st("aa", 13, italic=True, align=1)))
            story.append(Spacer(1, 10))
            avail = (29.7 - 3.4) if land else (21.0 - 4.5)
            for ti, table in enumerate(app["tables"]):
                if ti:
                    story.append(Spacer(1, 14))
                story.append(_rl_table(table, lay, avail))
        doc.build(story)
