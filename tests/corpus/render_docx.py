"""Producer 1: python-docx builds a DOCX in the Nghị định 30/2020/NĐ-CP layout; LibreOffice
(headless) converts it to PDF.

`build_docx(data, path)` writes the DOCX; `convert(docx_paths, outdir)` runs soffice once for
a batch of files with a private user profile (no profile lock with other LibreOffice runs).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from . import common

FONT = "Liberation Serif"
BODY_PT = 14
TABLE_PT = 12


# ---------------------------------------------------------------- low-level helpers
def _set_rfonts(rpr):
    """Liberation Serif for every script slot of a run/style property element."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), FONT)


def _set_run_font(run, size=None, bold=None, italic=None):
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    _set_rfonts(rpr)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _para(container, text="", size=BODY_PT, bold=False, italic=False, align=None,
          first_indent=None, space_before=0, space_after=0, line=None, keep_next=False):
    p = container.add_paragraph()
    if text:
        _set_run_font(p.add_run(text), size, bold, italic)
    pf = p.paragraph_format
    if align is not None:
        p.alignment = align
    if first_indent is not None:
        pf.first_line_indent = Cm(first_indent)
    pf.space_before = Pt(space_before)
    pf.space_after = Pt(space_after)
    if line:
        pf.line_spacing = line
    if keep_next:
        pf.keep_with_next = True
    return p


def _cell_para(cell, text, size=TABLE_PT, bold=False, italic=False, align=None, first=True):
    """Write text into a cell (the first paragraph when `first`)."""
    p = cell.paragraphs[0] if first and cell.paragraphs else cell.add_paragraph()
    if text:
        _set_run_font(p.add_run(text), size, bold, italic)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_before = Pt(1)
    p.paragraph_format.space_after = Pt(1)
    return p


def _rule(container, width_cm, cell_width_cm, size=2):
    """A short horizontal rule: an empty tiny paragraph with a bottom border, indented so the
    border is `width_cm` long and centred in a cell `cell_width_cm` wide."""
    p = container.add_paragraph()
    ind = max(0.0, (cell_width_cm - width_cm) / 2)
    p.paragraph_format.left_indent = Cm(ind)
    p.paragraph_format.right_indent = Cm(ind)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(4)
    r = p.add_run("")
    _set_run_font(r, size)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bdr.append(_border("bottom", "single", sz="6", space="1"))
    ppr.append(bdr)
    # the paragraph mark's own size keeps the rule tight under the text
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(size * 2))
    rpr.append(sz)
    ppr.append(rpr)
    return p


def _border(side: str, val: str, sz: str = "4", space: str = "0"):
    """One black border element (w:top, w:bottom, ...): val "single" or "nil"."""
    e = OxmlElement(f"w:{side}")
    e.set(qn("w:val"), val)
    if val != "nil":
        e.set(qn("w:sz"), sz)
        e.set(qn("w:space"), space)
        e.set(qn("w:color"), "000000")
    return e


def _no_borders(table):
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(side, "nil"))
    tblPr.append(borders)


def _all_borders(table):
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(side, "single"))
    tblPr.append(borders)


def _header_rule(row, val: str = "single", sz: str = "6"):
    """A bottom border on every cell (w:tc) of a (header) row, including the continuation
    cells of vertically merged header cells; tcBorders goes before shd/vAlign (schema order).
    val "double": two thin lines (the layout matrix's header_double)."""
    for tc in row._tr.tc_lst:
        tcPr = tc.get_or_add_tcPr()
        b = OxmlElement("w:tcBorders")
        b.append(_border("bottom", val, sz=sz))
        later = [c for c in tcPr if c.tag in (qn("w:shd"), qn("w:noWrap"), qn("w:tcMar"),
                                              qn("w:textDirection"), qn("w:tcFitText"),
                                              qn("w:vAlign"), qn("w:hideMark"))]
        if later:
            later[0].addprevious(b)
        else:
            tcPr.append(b)


def _fixed_layout(table, widths_cm):
    table.autofit = False
    tblPr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if i < len(widths_cm):
                cell.width = Cm(widths_cm[i])
    grid = table._tbl.tblGrid
    for i, gc in enumerate(grid.findall(qn("w:gridCol"))):
        if i < len(widths_cm):
            gc.set(qn("w:w"), str(int(widths_cm[i] * 567)))


def _repeat_header(row):
    trPr = row._tr.get_or_add_trPr()
    e = OxmlElement("w:tblHeader")
    e.set(qn("w:val"), "true")
    trPr.append(e)


def _cant_split(row, value: bool):
    trPr = row._tr.get_or_add_trPr()
    e = OxmlElement("w:cantSplit")
    e.set(qn("w:val"), "true" if value else "false")
    trPr.append(e)


def _cell_margins(table, left=0.1, right=0.1):
    tblPr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("left", left), ("right", right)):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:w"), str(int(v * 567)))
        e.set(qn("w:type"), "dxa")
        mar.append(e)
    tblPr.append(mar)


def _setup_section(section, landscape=False):
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        section.left_margin, section.right_margin = Cm(2.0), Cm(2.0)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)


def _text_width(landscape: bool) -> float:
    return 25.7 if landscape else 16.0


# ---------------------------------------------------------------- document parts
def _header(doc, data):
    h = data["header"]
    lines = h.get("issuer_lines") or []
    bolds = common.issuer_bold(lines)
    w_left, w_right = 6.0, 10.0
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _fixed_layout(t, [w_left, w_right])
    left, right = t.rows[0].cells
    first = True
    for line, b in zip(lines, bolds):
        size = common.fit_size(line, 13, w_left - 0.3, bold=b)
        _cell_para(left, line, size, bold=b, align=WD_ALIGN_PARAGRAPH.CENTER, first=first)
        first = False
    _rule(left, 2.0, w_left)
    _cell_para(left, common.number_line(h), 13, align=WD_ALIGN_PARAGRAPH.CENTER, first=False)
    motto = common.MOTTO_PARTY if h.get("motto") == "party" else common.MOTTO_STATE
    if h.get("motto") == "party":
        _cell_para(right, motto[0], 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _rule(right, 5.5, w_right)
    else:
        _cell_para(right, motto[0], 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_para(right, motto[1], 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, first=False)
        _rule(right, 5.8, w_right)
    _cell_para(right, common.place_date_line(h), 14, italic=True,
               align=WD_ALIGN_PARAGRAPH.CENTER, first=False)

    _para(doc, "", space_after=6)
    _para(doc, data["doc_type"], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in data.get("title_lines") or []:
        _para(doc, line, common.fit_size(line, 14, 15.8, bold=True), bold=True,
              align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(doc, 4.0, 16.0)
    _para(doc, "", 6)


def _body(doc, data):
    just = WD_ALIGN_PARAGRAPH.JUSTIFY
    for b in data.get("body") or []:
        k = b["kind"]
        if k == "para":
            _para(doc, b["text"], BODY_PT, align=just, first_indent=1.27, space_after=6, line=1.1)
        elif k in ("heading", "unit_heading"):
            num = b.get("number")
            text = f"{num} {b['text']}" if num else b["text"]
            _para(doc, text, BODY_PT, bold=True, align=just, first_indent=1.27, space_after=6,
                  line=1.1, keep_next=True)
        elif k == "bullet":
            _para(doc, f"- {b['text']}", BODY_PT, align=just, first_indent=1.27, space_after=6,
                  line=1.1)
        elif k == "page_break":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _signature(doc, data):
    rec = data.get("recipients") or []
    sig = data.get("signature")
    if not rec and not sig:
        return
    _para(doc, "", 6)
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _fixed_layout(t, [8.0, 8.0])
    left, right = t.rows[0].cells
    _cell_para(left, "Nơi nhận:", 12, bold=True, italic=True)
    for r in rec:
        _cell_para(left, f"- {r}", 11, first=False)
    if sig:
        first = True
        if sig.get("authority"):
            _cell_para(right, sig["authority"], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            first = False
        _cell_para(right, sig.get("title") or "", 14, bold=True,
                   align=WD_ALIGN_PARAGRAPH.CENTER, first=first)
        for _ in range(4):
            _cell_para(right, "", 14, first=False)
        _cell_para(right, sig.get("name") or "", 14, bold=True,
                   align=WD_ALIGN_PARAGRAPH.CENTER, first=False)


def _widths(table, avail):
    cols = table["columns"]
    ws = [float(c.get("width") or 2.0) for c in cols]
    total = sum(ws)
    if total > avail:
        ws = [w * avail / total for w in ws]
    return ws


def _ruled_table(doc, table, avail):
    cols = table["columns"]
    ncol = len(cols)
    ws = _widths(table, avail)
    two = common.two_row(table)
    nhead = 2 if two else 1
    body_rows = table["rows"]
    t = doc.add_table(rows=nhead + len(body_rows), cols=ncol)
    ruled = common.ruled(table)
    if ruled:
        _all_borders(t)
    else:
        _no_borders(t)
    _fixed_layout(t, ws)
    if ruled:
        _cell_margins(t)
    else:
        _cell_margins(t, 0.2, 0.2)   # wider gaps keep borderless columns apart
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    C = WD_ALIGN_PARAGRAPH.CENTER
    # header
    for r in range(nhead):
        _repeat_header(t.rows[r])
        _cant_split(t.rows[r], True)
    if two:
        for ci, col in enumerate(cols):
            h = col["header"]
            if isinstance(h, list):
                _cell_para(t.cell(1, ci), h[1], TABLE_PT, bold=True, align=C)
            else:
                _cell_para(t.cell(0, ci), h, TABLE_PT, bold=True, align=C)
                t.cell(0, ci).merge(t.cell(1, ci))
        for a, b, top in common.header_groups(table):
            _cell_para(t.cell(0, a), top, TABLE_PT, bold=True, align=C)
            if b > a:
                t.cell(0, a).merge(t.cell(0, b))
    else:
        for ci, col in enumerate(cols):
            _cell_para(t.cell(0, ci), str(col["header"]), TABLE_PT, bold=True, align=C)
    for r in range(nhead):
        for c in t.rows[r].cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if not ruled:
        _header_rule(t.rows[nhead - 1])

    roles = [c["role"] for c in cols]
    runs = common.lead_runs(table)
    covered = set()
    for start, n in runs.items():
        covered.update(range(start + 1, start + n))
    parents = common.parent_numbers(table)
    lead_ci = roles.index("lead") if "lead" in roles else None
    for ri, row in enumerate(body_rows):
        tr = nhead + ri
        _cant_split(t.rows[tr], False)
        if "section" in row:
            # section row: the number in its column, the title merged over the rest, bold
            num_ci = roles.index("number") if "number" in roles else None
            if num_ci == 0 and ncol > 1:
                _cell_para(t.cell(tr, 0), str(row["section"]), TABLE_PT, bold=True, align=C)
                _cell_para(t.cell(tr, 1), row["title"], TABLE_PT, bold=True)
                t.cell(tr, 1).merge(t.cell(tr, ncol - 1))
            else:
                _cell_para(t.cell(tr, 0), f"{row['section']} {row['title']}", TABLE_PT, bold=True)
                t.cell(tr, 0).merge(t.cell(tr, ncol - 1))
            continue
        texts = common.cell_texts(table, row)
        bold = table["kind"] == "indicators" and str(row.get("number")) in parents
        span = common.span_cols(table, row)
        for ci, text in enumerate(texts):
            if (ci == lead_ci and ri in covered) or (span and ci == span[1]):
                continue
            role = roles[ci]
            align = C if role in ("number", "deadline", "unit_of_measure", "target") else \
                (WD_ALIGN_PARAGRAPH.JUSTIFY if role in ("task",) else None)
            _cell_para(t.cell(tr, ci), text, TABLE_PT, bold=bold, align=align)
        for c in t.rows[tr].cells:
            c.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        if span:
            # the lead cell runs across the coordinators column (gridSpan)
            m = t.cell(tr, span[0]).merge(t.cell(tr, span[1]))
            for p in m.paragraphs[1:]:
                if not p.text:
                    p._p.getparent().remove(p._p)
    if lead_ci is not None:
        for start, n in runs.items():
            a = t.cell(nhead + start, lead_ci)
            b = t.cell(nhead + start + n - 1, lead_ci)
            m = a.merge(b)
            # merge() keeps the empty paragraphs of the covered cells: drop them
            for p in m.paragraphs[1:]:
                if not p.text:
                    p._p.getparent().remove(p._p)
            m.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for marker, text in (table.get("footnotes") or {}).items():
        _para(doc, f"{marker} {text}", 11, italic=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
              space_before=3)


def _appendices(doc, data):
    for app in data.get("appendices") or []:
        land = app.get("orientation") == "landscape"
        sec = doc.add_section(WD_SECTION.NEW_PAGE)
        _setup_section(sec, land)
        C = WD_ALIGN_PARAGRAPH.CENTER
        _para(doc, app["label"], 14, bold=True, align=C)
        for line in app.get("caption_lines") or []:
            _para(doc, line, 14, bold=True, align=C)
        if app.get("attached"):
            _para(doc, app["attached"], 14, italic=True, align=C)
        _para(doc, "", 8)
        for ti, table in enumerate(app.get("tables") or []):
            if ti:
                _para(doc, "", 8)
            _ruled_table(doc, table, _text_width(land))


def build_docx(data: dict, path: Path) -> None:
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = FONT
    st.font.size = Pt(BODY_PT)
    rpr = st.element.get_or_add_rPr()
    _set_rfonts(rpr)
    st.paragraph_format.space_after = Pt(0)
    st.paragraph_format.space_before = Pt(0)
    _setup_section(doc.sections[0], False)
    # fixed core properties (deterministic DOCX)
    import datetime as _dt
    cp = doc.core_properties
    fixed = _dt.datetime(2025, 6, 1, 0, 0, 0)
    cp.created = cp.modified = fixed
    cp.last_printed = fixed
    cp.author = cp.last_modified_by = "plan-extract corpus"
    cp.title = data.get("doc_type", "")
    cp.revision = 1
    _header(doc, data)
    _body(doc, data)
    _signature(doc, data)
    _appendices(doc, data)
    doc.save(str(path))


def convert(docx_paths: list[Path], outdir: Path, timeout: int = 600) -> None:
    """Convert DOCX files to PDF in one soffice run with a private profile."""
    if not docx_paths:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("soffice (LibreOffice) not found")
    prof = tempfile.mkdtemp(prefix="lo_profile_", dir="/tmp")
    try:
        cmd = [soffice, f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir)]
        cmd += [str(p) for p in docx_paths]
        env = dict(os.environ, SOURCE_DATE_EPOCH="1748736000", TZ="UTC")
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        missing = [p for p in docx_paths if not (outdir / (p.stem + ".pdf")).exists()]
        if res.returncode != 0 or missing:
            raise RuntimeError(f"soffice failed ({res.returncode}) for {missing}: "
                               f"{res.stderr.strip()[:500]}")
    finally:
        shutil.rmtree(prof, ignore_errors=True)
