"""Producer 3 (layout matrix only): HTML + CSS printed to PDF by headless Chromium.

`html(data)` builds the page (Nghị định 30 layout: borderless two-column head, body, signature,
then the appendix on its own named page, landscape when the style says so); `render(data, pdf,
work)` runs `chromium --headless --print-to-pdf` with a private profile. Fonts come from the
Liberation TTF files by @font-face (no system lookup: local() picked up the older
Liberation 1 files beside them and mixed both into one PDF); --virtual-time-budget makes
Chromium wait for the font loads and layout before printing (without it, 2 of 16 documents
once printed differently under load). Chromium writes a creation date;
pdfutil.normalise (called by matrix.py) fixes dates and /ID like for the other producers.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from . import common
from .render_html import FONT_DIRS


def _font_faces(family: str, stem: str) -> str:
    out = []
    for style, weight, italic in (("Regular", 400, "normal"), ("Bold", 700, "normal"),
                                  ("Italic", 400, "italic"), ("BoldItalic", 700, "italic")):
        for d in FONT_DIRS:
            p = Path(d) / f"{stem}-{style}.ttf"
            if p.exists():
                out.append(f"@font-face {{ font-family: '{family}'; src: url('file://{p}'); "
                           f"font-weight: {weight}; font-style: {italic}; }}")
                break
        else:
            raise RuntimeError(f"{stem}-{style}.ttf not found in {FONT_DIRS}")
    return "\n".join(out)


RULES_CSS = {
    "grid": "table.t td, table.t th { border: 0.6pt solid #000; }",
    "frame_hrules": "table.t { border: 0.6pt solid #000; } "
                    "table.t td, table.t th { border-bottom: 0.6pt solid #000; }",
    "hrules": "table.t tr:first-child th { border-top: 0.6pt solid #000; } "
              "table.t td, table.t th { border-bottom: 0.6pt solid #000; }",
    "header_rule": "table.t tr.lasthead th { border-bottom: 0.8pt solid #000; }",
    "inner": "table.t td, table.t th { border: 0.6pt solid #000; } table.t { border-style: hidden; }",
    "none": "",
}


def _shading_css(lay: dict) -> str:
    """shading: zebra (fills printed: print-color-adjust) and white rules; "" for the other styles."""
    css = []
    if lay.get("shading") == "zebra":
        css.append("table.t { -webkit-print-color-adjust: exact; print-color-adjust: exact; } "
                   "table.t th { background: #bfbfbf; } table.t tr.sec td { background: #d9d9d9; } "
                   "table.t tr.z td { background: #f2f2f2; }")
    if lay.get("shading") == "head":   # the header band alone filled light grey
        css.append("table.t { -webkit-print-color-adjust: exact; print-color-adjust: exact; } "
                   "table.t th { background: #d9d9d9; }")
    if lay.get("rule_color") == "white":
        css.append("table.t td, table.t th { border-color: #fff; border-width: 1pt; }")
    return "\n".join(css) + ("\n" if css else "")


def _late_css(lay: dict) -> str:
    """Rules, size, spacing, padding, word breaks and alignment of the later layout flags
    (styles.yaml: inner_rules, frame, table_pt, line_spacing, padding, break_words, align);
    "" when none is set."""
    css = []
    if lay["rules"] == "grid" and lay.get("inner_rules", "single") == "dotted":
        css.append("table.t td, table.t th { border: 0.6pt dotted #000; } table.t { border: 0.6pt solid #000; }")
    if lay["rules"] == "frame_hrules" and lay.get("inner_rules", "single") == "dashed":
        css.append("table.t td { border-bottom: 0.6pt dashed #000; }")
    if lay["rules"] == "grid" and lay.get("frame", "single") == "double":
        css.append("table.t { border: 2pt double #000; }")
    if lay.get("frame") == "thick":
        css.append("table.t { border: 1.5pt solid #000; }")
    if lay.get("header_double"):
        css.append("table.t tr.lasthead th { border-bottom: 2.4pt double #000; }")
    if lay.get("table_pt", 11) != 11 or lay.get("line_spacing", 1.0) != 1.0:
        css.append(f"table.t {{ font-size: {lay.get('table_pt', 11)}pt; "
                   f"line-height: {round(1.2 * lay.get('line_spacing', 1.0), 2)}; }}")
    if lay.get("padding") is not None:
        css.append(f"table.t td, table.t th {{ padding: {lay['padding']}cm; }}")
    if lay.get("break_words"):
        css.append("table.t td { overflow-wrap: anywhere; }")
    for role, a in (lay.get("align") or {}).items():
        css.append(f"table.t td.role-{role} {{ text-align: {a}; }}")
    return "\n".join(css) + ("\n" if css else "")


def _running_css(lay: dict, fam: str) -> str:
    """running: {header, footer}: the header line and "<footer> <page>" in the page margin boxes
    of every page (portrait and landscape); "" when not set."""
    run = lay.get("running")
    if not run:
        return ""
    q = run["header"].replace('"', '\\"')
    boxes = (f"@top-center {{ content: \"{q}\"; font-family: '{fam}'; font-size: 10pt; font-style: italic; }} "
             f"@bottom-center {{ content: \"{run['footer']} \" counter(page); font-family: '{fam}'; font-size: 11pt; }}")
    return "".join(f"@page{name} {{ {boxes} }}\n" for name in ("", " land", " port"))


def _e(s: str) -> str:
    return escape(s, quote=False)


def _table(table: dict, lay: dict) -> str:
    cols = table["columns"]
    n = len(cols)
    total = sum(float(c["width"]) for c in cols)
    out = ['<table class="t">', "<colgroup>"]
    out += [f'<col style="width:{100 * float(c["width"]) / total:.2f}%">' for c in cols]
    out.append("</colgroup>")
    hrows = []
    if common.two_row(table):   # a group's top cell over its columns, single headers over both rows
        groups = {a: (b, top) for a, b, top in common.header_groups(table)}
        top, i = [], 0
        while i < n:
            h = cols[i]["header"]
            if isinstance(h, list):
                b, text = groups[i]
                top.append(f'<th colspan="{b - i + 1}">{_e(text)}</th>' if b > i else f"<th>{_e(text)}</th>")
                i = b + 1
            else:
                top.append(f'<th rowspan="2">{_e(str(h))}</th>')
                i += 1
        hrows.append("<tr>" + "".join(top) + "</tr>")
        nums = table["kind"] == "tasks" and lay["column_numbers"]
        hrows.append(f'<tr{"" if nums else " class=" + chr(34) + "lasthead" + chr(34)}>'
                     + "".join(f"<th>{_e(str(c['header'][1]))}</th>"
                               for c in cols if isinstance(c["header"], list)) + "</tr>")
        if nums:   # the column numbers under a two-row header
            hrows.append('<tr class="lasthead">' + "".join(f'<th class="colno">({i})</th>'
                                                            for i in range(1, n + 1)) + "</tr>")
    else:
        heads = [[str(c["header"]) for c in cols]]
        if table["kind"] == "tasks" and lay["column_numbers"]:
            heads.append([f"({i})" for i in range(1, n + 1)])
        for r, texts in enumerate(heads):
            cls = ' class="lasthead"' if r == len(heads) - 1 else ""
            tag = "th" if r == 0 else 'th class="colno"'
            hrows.append(f"<tr{cls}>" + "".join(f"<{tag}>{_e(x)}</th>" for x in texts) + "</tr>")
    body = []
    roles = [c["role"] for c in cols]
    k = 0
    runs = common.lead_runs(table)
    covered = {i for s0, m in runs.items() for i in range(s0 + 1, s0 + m)}
    for ri, row in enumerate(table["rows"]):
        if "section" in row and lay.get("section_cell") == "cells":   # an ordinary row: numeral | title | empty
            body.append('<tr class="sec">' + "".join(
                f'<td class="c">{_e(row["section"])}</td>' if role == "number" else
                f'<td class="l">{_e(row["title"])}</td>' if role == "task" else "<td></td>"
                for role in roles) + "</tr>")
            continue
        if "section" in row and lay.get("section_cell") == "numeral":   # numeral | title merged
            body.append(f'<tr class="sec"><td class="c">{_e(row["section"])}</td>'
                        f'<td colspan="{n - 1}">{_e(row["title"])}</td></tr>')
            continue
        if "section" in row:
            body.append(f'<tr class="sec"><td colspan="{n}">{_e(row["section"])} '
                        f'{_e(row["title"])}</td></tr>')
            continue
        cells = []
        for ci, text in enumerate(common.cell_texts(table, row)):
            role = roles[ci]
            cls = "c" if role in ("number", "deadline", "unit_of_measure", "target") else \
                ("j" if role == "task" else "l")
            if role == "lead" and ri in covered:   # inside a merged lead cell
                continue
            if role == "lead" and ri in runs:   # one lead cell over the run, vertically centred
                cells.append(f'<td class="{cls}" rowspan="{runs[ri]}" style="vertical-align: middle">'
                             f'{_e(text)}</td>')
                continue
            if role == "lead_stacked":   # the lead in bold, the coordinators on the next line
                first, *rest = text.split("\n")
                cells.append(f'<td class="{cls}"><b>{_e(first)}</b>' + "".join(f"<br>{_e(x)}" for x in rest)
                             + "</td>")
                continue
            if role in (lay.get("align") or {}):
                cls += f" role-{role}"
            if role == "task" and "\n" in text:   # subitems_cell: a line break before each sub-item
                cells.append(f'<td class="{cls}">' + "<br>".join(_e(x) for x in text.split("\n")) + "</td>")
                continue
            cells.append(f'<td class="{cls}">{_e(text)}</td>')
        k += 1
        zebra = ' class="z"' if lay.get("shading") == "zebra" and k % 2 == 0 else ""
        body.append(f"<tr{zebra}>" + "".join(cells) + "</tr>")
    if table["kind"] == "tasks":   # note_rows: rows spanning the table after the last task
        body += [f'<tr class="note"><td colspan="{n}" class="l">{"<i>" + _e(x) + "</i>" if x.endswith(":") else _e(x)}'
                 f"</td></tr>" for x in lay.get("note_rows") or []]
    if lay["repeat_header"]:
        out.append("<thead>" + "".join(hrows) + "</thead>")
        out.append("<tbody>" + "".join(body) + "</tbody>")
    else:   # header rows in the body: printed once, not repeated after a page break
        out.append("<tbody>" + "".join(hrows) + "".join(body) + "</tbody>")
    out.append("</table>")
    return "\n".join(out)


def html(data: dict) -> str:
    lay = data["layout"]
    sans = lay["font"] == "sans"
    fam = "MxSans" if sans else "MxSerif"
    faces = _font_faces(fam, "LiberationSans" if sans else "LiberationSerif")
    h = data["header"]
    lines = h.get("issuer_lines") or []
    bolds = common.issuer_bold(lines)
    issuer = "".join(f'<div class="{"b" if b else ""}">{_e(l)}</div>' for l, b in zip(lines, bolds))
    motto = "".join(f'<div class="b">{_e(m)}</div>' for m in common.MOTTO_STATE)
    if h.get("motto") == "party":
        motto = f'<div class="b">{_e(common.MOTTO_PARTY[0])}</div>'
    body = []
    for b in data.get("body") or []:
        k = b["kind"]
        if k == "para":
            body.append(f'<p class="bp">{_e(b["text"])}</p>')
        elif k in ("heading", "unit_heading"):
            num = b.get("number")
            body.append(f'<p class="bp b">{_e((num + " ") if num else "")}{_e(b["text"])}</p>')
        elif k == "bullet":
            body.append(f'<p class="bp">- {_e(b["text"])}</p>')
    sig = data.get("signature") or {}
    rec = "".join(f"<div>- {_e(r)}</div>" for r in data.get("recipients") or [])
    sigh = "".join(f'<div class="b">{_e(x)}</div>' for x in (sig.get("authority"), sig.get("title")) if x)
    apps = []
    for app in data.get("appendices") or []:
        land = app.get("orientation") == "landscape"
        parts = [f'<div class="cap b">{_e(app["label"])}</div>']
        parts += [f'<div class="cap b">{_e(c)}</div>' for c in app.get("caption_lines") or []]
        if app.get("attached"):
            parts.append(f'<div class="cap i">{_e(app["attached"])}</div>')
        for table in app.get("tables") or []:
            parts.append(_table(table, lay))
        apps.append(f'<section class="app {"land" if land else "port"}">' + "\n".join(parts)
                    + "</section>")
    valign = "middle" if lay["valign"] == "middle" else "top"
    pad = "2pt 3pt 3pt 3pt" if lay["rules"] in ("grid", "inner") else "3pt 6pt 4pt 6pt"
    css = f"""
{faces}
@page {{ size: A4 portrait; margin: 2cm 2cm 2cm 3cm; }}
@page land {{ size: A4 landscape; margin: 2cm 2cm 2cm 2cm; }}
@page port {{ size: A4 portrait; margin: 2cm 2cm 2cm 3cm; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: '{fam}'; font-size: 13pt; line-height: 1.3; color: #000; }}
.b {{ font-weight: bold; }} .i {{ font-style: italic; }}
table.head {{ width: 100%; border-collapse: collapse; }}
table.head td {{ vertical-align: top; text-align: center; padding: 0; }}
.rule {{ border-top: 0.6pt solid #000; margin: 2pt auto 4pt auto; }}
.doctype {{ text-align: center; font-weight: bold; font-size: 14pt; margin-top: 18pt; }}
.title {{ text-align: center; font-weight: bold; font-size: 13.5pt; }}
p.bp {{ text-align: justify; text-indent: 1cm; margin: 0 0 5pt 0; }}
table.sig {{ width: 100%; margin-top: 10pt; border-collapse: collapse; }}
table.sig td {{ vertical-align: top; padding: 0; font-size: 11pt; }}
table.sig td.r {{ text-align: center; font-size: 13pt; }}
section.app {{ break-before: page; }}
section.land {{ page: land; }} section.port {{ page: port; }}
.cap {{ text-align: center; }}
table.t {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 12pt;
          font-size: 11pt; line-height: 1.2; }}
table.t th {{ font-weight: bold; text-align: center; vertical-align: middle; padding: {pad}; }}
table.t th.colno {{ font-weight: normal; font-style: italic; }}
table.t td {{ vertical-align: {valign}; padding: {pad}; }}
table.t tr {{ break-inside: auto; }}
table.t td.c {{ text-align: center; }} table.t td.j {{ text-align: justify; }}
table.t td.l {{ text-align: left; }}
table.t tr.sec td {{ font-weight: bold; }}
{RULES_CSS[lay["rules"]]}
{_shading_css(lay)}{_late_css(lay)}{_running_css(lay, fam)}"""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{_e(data.get("doc_type", ""))}</title>
<style>{css}</style></head><body>
<table class="head"><tr>
<td style="width:38%">{issuer}<div class="rule" style="width:2.2cm"></div><div>{_e(common.number_line(h))}</div></td>
<td style="width:62%">{motto}<div class="rule" style="width:5.4cm"></div><div class="i">{_e(common.place_date_line(h))}</div></td>
</tr></table>
<div class="doctype">{_e(data["doc_type"])}</div>
{"".join(f'<div class="title">{_e(t)}</div>' for t in data.get("title_lines") or [])}
<div class="rule" style="width:3.5cm; margin-bottom:14pt"></div>
{"".join(body)}
<table class="sig"><tr><td style="width:50%"><div class="b i" style="font-size:12pt">Nơi nhận:</div>{rec}</td>
<td class="r">{sigh}<div style="height:60pt"></div><div class="b">{_e(sig.get("name") or "")}</div></td></tr></table>
{"".join(apps)}
</body></html>
"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    raise RuntimeError("chromium not found (apt-get install -y chromium)")


def render(data: dict, pdf: Path, work: Path, timeout: int = 180) -> None:
    src = work / f"{data['id']}.html"
    src.write_text(html(data), encoding="utf-8")
    prof = tempfile.mkdtemp(prefix="chromium_profile_", dir="/tmp")
    try:
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={prof}", "--no-pdf-header-footer", "--allow-file-access-from-files",
               "--virtual-time-budget=10000",   # wait for fonts and layout before printing
               f"--print-to-pdf={pdf}", src.as_uri()]
        env = dict(os.environ, TZ="UTC")
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        if not pdf.exists() or pdf.stat().st_size == 0:
            raise RuntimeError(f"chromium failed ({res.returncode}): {res.stderr.strip()[-500:]}")
    finally:
        shutil.rmtree(prof, ignore_errors=True)
