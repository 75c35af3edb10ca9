"""Producer 2 ("html" in the data files): ReportLab platypus straight to PDF.

Same Nghị định 30 conventions as the DOCX producer but its own look: 13pt body with wider
leading, narrower right margin, section rows as one cell spanning the whole table, a page
number and a document-management URL line ("... - Văn bản được ký số") at the foot of every
page (not data: the pipeline must ignore it). Deterministic bytes (rl_config.invariant).
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.flowables import HRFlowable

from . import common

rl_config.invariant = 1

FONT_DIRS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"]
F = "LibSerif"
_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    names = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
    for suffix, style in names.items():
        for d in FONT_DIRS:
            p = Path(d) / f"LiberationSerif-{style}.ttf"
            if p.exists():
                pdfmetrics.registerFont(TTFont(F + suffix, str(p)))
                break
        else:
            raise RuntimeError(f"LiberationSerif-{style}.ttf not found in {FONT_DIRS}")
    addMapping(F, 0, 0, F)
    addMapping(F, 1, 0, F + "-Bold")
    addMapping(F, 0, 1, F + "-Italic")
    addMapping(F, 1, 1, F + "-BoldItalic")
    _registered = True


def _st(name, size=13, bold=False, italic=False, align=TA_LEFT, indent=0, before=0, after=0,
        leading=None):
    font = F + ("-BoldItalic" if bold and italic else "-Bold" if bold else
                "-Italic" if italic else "")
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.32,
                          alignment=align, firstLineIndent=indent, spaceBefore=before,
                          spaceAfter=after)


def _p(text, style):
    return Paragraph(escape(text).replace("  ", "&nbsp; "), style)


class _Doc(BaseDocTemplate):
    def __init__(self, path, data):
        super().__init__(str(path), pagesize=A4, title=data.get("doc_type", ""),
                         author="plan-extract corpus", creator="plan-extract corpus (ReportLab)",
                         invariant=1)
        self.data = data
        pw, ph = A4
        portrait = Frame(3.0 * cm, 2.4 * cm, pw - 4.5 * cm, ph - 4.4 * cm, id="p",
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        lw, lh = landscape(A4)
        land = Frame(1.8 * cm, 2.2 * cm, lw - 3.4 * cm, lh - 4.0 * cm, id="l",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("portrait", [portrait], onPage=self._foot, pagesize=A4),
            PageTemplate("landscape", [land], onPage=self._foot, pagesize=landscape(A4)),
        ])

    def _foot(self, canv, doc):
        w, h = canv._pagesize
        canv.saveState()
        canv.setFont(F, 11)
        canv.drawCentredString(w / 2, 1.45 * cm, str(canv.getPageNumber()))
        canv.setFont(F + "-Italic", 7)
        did = self.data["id"]
        url = (f"https://vbdh.hatinh.gov.vn/vbdh/vanban/{did}.pdf - Văn bản được ký số "
               f"- Trang {canv.getPageNumber()}")
        canv.drawString(1.5 * cm, 0.7 * cm, url)
        canv.restoreState()


def _header(data):
    h = data["header"]
    lines = h.get("issuer_lines") or []
    bolds = common.issuer_bold(lines)
    left = [_p(l, _st("il", common.fit_size(l, 12.5, 6.2, bold=b), bold=b, align=TA_CENTER,
                      leading=15)) for l, b in zip(lines, bolds)]
    left.append(HRFlowable(width=2.2 * cm, thickness=0.6, color=colors.black, spaceBefore=1,
                           spaceAfter=4, hAlign="CENTER"))
    left.append(_p(common.number_line(h), _st("no", 13, align=TA_CENTER)))
    right = []
    if h.get("motto") == "party":
        right.append(_p(common.MOTTO_PARTY[0], _st("m1", 13, bold=True, align=TA_CENTER)))
        right.append(HRFlowable(width=5.6 * cm, thickness=0.6, color=colors.black,
                                spaceBefore=1, spaceAfter=6, hAlign="CENTER"))
    else:
        right.append(_p(common.MOTTO_STATE[0], _st("m1", 12, bold=True, align=TA_CENTER, leading=15)))
        right.append(_p(common.MOTTO_STATE[1], _st("m2", 13, bold=True, align=TA_CENTER)))
        right.append(HRFlowable(width=5.4 * cm, thickness=0.6, color=colors.black,
                                spaceBefore=1, spaceAfter=6, hAlign="CENTER"))
    right.append(_p(common.place_date_line(h), _st("pd", 13, italic=True, align=TA_CENTER)))
    t = Table([[left, right]], colWidths=[6.4 * cm, 10.1 * cm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    out = [t, Spacer(1, 16)]
    out.append(_p(data["doc_type"], _st("dt", 14, bold=True, align=TA_CENTER)))
    for line in data.get("title_lines") or []:
        size = common.fit_size(line, 13.5, 16.3, bold=True)
        out.append(_p(line, _st("ti", size, bold=True, align=TA_CENTER, leading=17)))
    out.append(HRFlowable(width=3.5 * cm, thickness=0.6, color=colors.black, spaceBefore=3,
                          spaceAfter=14, hAlign="CENTER"))
    return out


def _body(data):
    out = []
    para = _st("bp", 13, align=TA_JUSTIFY, indent=1.0 * cm, after=5, leading=18)
    head = _st("bh", 13, bold=True, align=TA_JUSTIFY, indent=1.0 * cm, after=5, leading=18)
    for b in data.get("body") or []:
        k = b["kind"]
        if k == "para":
            out.append(_p(b["text"], para))
        elif k in ("heading", "unit_heading"):
            num = b.get("number")
            out.append(_p(f"{num} {b['text']}" if num else b["text"], head))
        elif k == "bullet":
            out.append(_p(f"- {b['text']}", para))
        elif k == "page_break":
            out.append(PageBreak())
    return out


def _signature(data):
    rec = data.get("recipients") or []
    sig = data.get("signature")
    if not rec and not sig:
        return []
    left = [_p("Nơi nhận:", _st("nn", 12, bold=True, italic=True))]
    left += [_p(f"- {r}", _st("nr", 11, leading=13)) for r in rec]
    right = []
    if sig:
        if sig.get("authority"):
            right.append(_p(sig["authority"], _st("sa", 13, bold=True, align=TA_CENTER)))
        right.append(_p(sig.get("title") or "", _st("st", 13, bold=True, align=TA_CENTER)))
        right.append(Spacer(1, 60))
        right.append(_p(sig.get("name") or "", _st("sn", 13, bold=True, align=TA_CENTER)))
    t = Table([[left, right]], colWidths=[8.0 * cm, 8.5 * cm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 10), t]


def _table(table, avail_cm):
    cols = table["columns"]
    n = len(cols)
    ws = [float(c.get("width") or 2.0) for c in cols]
    if sum(ws) > avail_cm:
        ws = [w * avail_cm / sum(ws) for w in ws]
    size = 11.5
    hs = _st("th", size, bold=True, align=TA_CENTER, leading=14)
    cs = _st("td", size, leading=14)
    cc = _st("tc", size, align=TA_CENTER, leading=14)
    cb = _st("tb", size, bold=True, leading=14)
    cbc = _st("tbc", size, bold=True, align=TA_CENTER, leading=14)
    two = common.two_row(table)
    nhead = 2 if two else 1
    if common.ruled(table):
        style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                 ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    else:
        # borderless: one rule under the header (repeated with it on every page); wider
        # padding keeps the columns apart, a little more between rows
        style = [("LINEBELOW", (0, nhead - 1), (-1, nhead - 1), 0.8, colors.black),
                 ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                 ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    style += [("VALIGN", (0, 0), (-1, nhead - 1), "MIDDLE"),
              ("VALIGN", (0, nhead), (-1, -1), "TOP")]
    rows = []
    if two:
        r0, r1 = [""] * n, [""] * n
        for ci, c in enumerate(cols):
            h = c["header"]
            if isinstance(h, list):
                r1[ci] = _p(h[1], hs)
            else:
                r0[ci] = _p(h, hs)
                style.append(("SPAN", (ci, 0), (ci, 1)))
        for a, b, top in common.header_groups(table):
            r0[a] = _p(top, hs)
            if b > a:
                style.append(("SPAN", (a, 0), (b, 0)))
        rows += [r0, r1]
    else:
        rows.append([_p(str(c["header"]), hs) for c in cols])
    roles = [c["role"] for c in cols]
    lead_ci = roles.index("lead") if "lead" in roles else None
    runs = common.lead_runs(table)
    covered = {i for s, k in runs.items() for i in range(s + 1, s + k)}
    parents = common.parent_numbers(table)
    for ri, row in enumerate(table["rows"]):
        tr = nhead + ri
        if "section" in row:
            cells = [_p(f"{row['section']} {row['title']}", cb)] + [""] * (n - 1)
            style.append(("SPAN", (0, tr), (n - 1, tr)))
            rows.append(cells)
            continue
        texts = common.cell_texts(table, row)
        bold = table["kind"] == "indicators" and str(row.get("number")) in parents
        span = common.span_cols(table, row)
        if span:
            style.append(("SPAN", (span[0], tr), (span[1], tr)))
        cells = []
        for ci, text in enumerate(texts):
            if (ci == lead_ci and ri in covered) or (span and ci == span[1]):
                cells.append("")
                continue
            centred = roles[ci] in ("number", "deadline", "unit_of_measure", "target")
            st = (cbc if centred else cb) if bold else (cc if centred else cs)
            cells.append(_p(text, st) if text else "")
        rows.append(cells)
    if lead_ci is not None:
        for s, k in runs.items():
            style.append(("SPAN", (lead_ci, nhead + s), (lead_ci, nhead + s + k - 1)))
    t = Table(rows, colWidths=[w * cm for w in ws], repeatRows=nhead, splitByRow=1,
              splitInRow=1, hAlign="CENTER")
    t.setStyle(TableStyle(style))
    out = [t]
    for marker, text in (table.get("footnotes") or {}).items():
        out.append(_p(f"{marker} {text}", _st("fn", 10, align=TA_JUSTIFY, before=3, leading=12)))
    return out


def _appendices(data):
    out = []
    for app in data.get("appendices") or []:
        land = app.get("orientation") == "landscape"
        out.append(NextPageTemplate("landscape" if land else "portrait"))
        out.append(PageBreak())
        out.append(_p(app["label"], _st("al", 13, bold=True, align=TA_CENTER)))
        for line in app.get("caption_lines") or []:
            out.append(_p(line, _st("ac", 13, bold=True, align=TA_CENTER)))
        if app.get("attached"):
            out.append(_p(app["attached"], _st("aa", 13, italic=True, align=TA_CENTER)))
        out.append(Spacer(1, 10))
        avail = (29.7 - 3.4) if land else (21.0 - 4.5)
        for ti, table in enumerate(app.get("tables") or []):
            if ti:
                out.append(Spacer(1, 12))
            out += _table(table, avail)
    return out


def render(data: dict, path: Path) -> None:
    register_fonts()
    doc = _Doc(path, data)
    story = _header(data) + _body(data) + _signature(data) + _appendices(data)
    doc.build(story)
