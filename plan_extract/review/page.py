"""The review page: one self-contained HTML file per document (no network, no external asset:
CSS, JavaScript and SVG inline, crops of the PDF as data: URIs), in Vietnamese, for staff to
check an extraction at a glance and correct it once.

What it shows: the document's metadata and counts; the self-checks' status ("cần kiểm tra");
two plots (tasks per lead unit, tasks by due month) as inline SVG; issues about the whole
document; every task and indicator row, doubtful ones first with their reasons, each beside the
crop of its region in the PDF and with its raw cells next to the normalised lead, coordinators
and deadline; filters by lead unit, section, deadline kind and "cần kiểm tra".

Corrections: a row's "Sửa" button opens its text, lead, coordinators and deadline (an
indicator's name and lead) for editing; "Lưu tệp sửa" downloads corrections.json (a Blob link),
which `extract`/`batch` re-apply at every re-extraction (review/corrections.py). The page knows
the corrections already applied, so a second save keeps them.

`render_index` writes the batch index: every document with its status, counts and doubts,
linking to each page. Same input, same bytes (no clock, no random).
"""
from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from plan_extract.model.document import Plan
from plan_extract.review.corrections import (FIELD_LABELS, INDICATOR_FIELDS, TASK_FIELDS, Correction,
                                             CorrectionSet, merge)
from plan_extract.review.images import crops as render_crops

PAGE_NAME = "review.html"
INDEX_NAME = "review.html"          # in a batch output folder: the index of every document
NEEDS_REVIEW = "cần kiểm tra"
PASSED = "đạt"
LOW_CONFIDENCE = 0.6                # OCR rows below this are shown as doubtful (plans without checks)
TOP_UNITS = 12                      # bars in the lead-unit plot; the rest are summed in one bar

KIND_LABELS = {
    "day": "ngày cụ thể", "month": "tháng", "quarter": "quý", "half": "nửa năm", "year": "năm",
    "range": "nhiều năm", "continuous": "thường xuyên", "recurring": "định kỳ",
    "event": "theo sự kiện", "unspecified": "không ghi", "unrecognised": "không nhận ra",
}
RECURRENCE_LABELS = {"yearly": "hằng năm", "half-yearly": "6 tháng một lần", "quarterly": "hằng quý",
                     "monthly": "hằng tháng"}
LAYER_LABELS = {"native": "chữ gốc", "ocr": "nhận dạng từ ảnh (OCR)", "legacy-tcvn3": "phông TCVN3 đã chuyển",
                "legacy-vni": "phông VNI đã chuyển", "docx": "Word (DOCX)"}
NO_LEAD = "(không ghi chủ trì)"


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _vn_date(iso: Optional[str]) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


# ---------------------------------------------------------------- doubts

def row_doubts(row, issues_by_row: dict[str, list]) -> list[tuple[str, str]]:
    """(code, reason) for a row: its self-check doubts (row.doubts, with the message of the issue
    that raised each), other issues naming the row, and a low OCR confidence when the plan was
    written before the self-checks."""
    out: list[tuple[str, str]] = []
    issues = issues_by_row.get(row.id, [])
    messages = {}
    for i in issues:
        messages.setdefault(i.code, i.message)
    doubts = getattr(row, "doubts", None)
    for code in doubts or []:
        out.append((code, messages.get(code, code)))
    seen = {c for c, _ in out}
    for i in issues:
        if i.code not in seen:
            out.append((i.code, i.message))
            seen.add(i.code)
    conf = row.source.confidence
    if doubts is None and conf is not None and conf < LOW_CONFIDENCE:
        out.append(("low-confidence", f"Độ tin cậy nhận dạng thấp ({conf:.2f})".replace(".", ",")))
    return out


def plan_status(plan: Plan, doubtful: int) -> str:
    review = getattr(plan, "review", None)
    if review is not None and getattr(review, "status", None):
        return review.status
    if doubtful or any(i.level == "error" for i in plan.issues):
        return NEEDS_REVIEW
    return PASSED


def applied_corrections(plan: Plan) -> CorrectionSet:
    """The corrections a plan carries (rows' source.corrected and their current values)."""
    out = []
    for row in [*plan.tasks, *plan.indicators]:
        for name in row.source.corrected or {}:
            if name == "deadline_raw":
                value = row.deadline.raw if row.deadline is not None else ""
            else:
                value = getattr(row, name, None) or ""
            out.append(Correction(row.id, name, value))
    return CorrectionSet(plan.source.sha256, tuple(out))


# ---------------------------------------------------------------- plots

def _bar_chart(items: list[tuple[str, int, str]], title: str, horizontal: bool) -> str:
    """items: (label, count, filter value). Inline SVG, sized from its content."""
    if not items:
        return f'<p class="muted">{_e(title)}: không có dữ liệu.</p>'
    top = max(c for _, c, _ in items) or 1
    if horizontal:
        label_w, bar_w, row_h = 300, 300, 22
        h = row_h * len(items) + 10
        w = label_w + bar_w + 50
        parts = [f'<svg class="plot" role="img" aria-label="{_e(title)}" viewBox="0 0 {w} {h}" '
                 f'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">']
        for n, (label, count, value) in enumerate(items):
            y = 5 + n * row_h
            length = max(2, round(bar_w * count / top))
            short = label if len(label) <= 44 else label[:42] + "…"
            parts.append(f'<g class="bar" data-filter="lead" data-value="{_e(value)}"><title>{_e(label)}: {count}</title>'
                         f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_e(short)}</text>'
                         f'<rect x="{label_w}" y="{y + 3}" width="{length}" height="{row_h - 6}" rx="2"/>'
                         f'<text x="{label_w + length + 4}" y="{y + 15}" class="n">{count}</text></g>')
        parts.append("</svg>")
        return "".join(parts)
    col_w, plot_h, label_h = 34, 160, 46
    w = max(200, col_w * len(items) + 20)
    h = plot_h + label_h + 20
    parts = [f'<svg class="plot" role="img" aria-label="{_e(title)}" viewBox="0 0 {w} {h}" '
             f'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">']
    for n, (label, count, value) in enumerate(items):
        x = 10 + n * col_w
        length = round(plot_h * count / top) if count else 0
        y = 16 + plot_h - length
        parts.append(f'<g class="bar" data-filter="due" data-value="{_e(value)}"><title>{_e(label)}: {count}</title>'
                     f'<rect x="{x + 4}" y="{y}" width="{col_w - 8}" height="{length}" rx="2"/>'
                     + (f'<text x="{x + col_w / 2}" y="{y - 3}" text-anchor="middle" class="n">{count}</text>' if count else "")
                     + f'<text x="{x + col_w / 2}" y="{16 + plot_h + 14}" text-anchor="middle" class="tick">{_e(label.split("/")[0])}</text>'
                     + (f'<text x="{x + col_w / 2}" y="{16 + plot_h + 28}" text-anchor="middle" class="tick">{_e(label.split("/")[1])}</text>' if "/" in label else "")
                     + "</g>")
    parts.append("</svg>")
    return "".join(parts)


def lead_plot(plan: Plan) -> str:
    counts: Counter = Counter()
    for t in plan.tasks:
        for unit in (t.lead or [NO_LEAD]):
            counts[unit] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    items = [(u, c, u) for u, c in ranked[:TOP_UNITS]]
    rest = ranked[TOP_UNITS:]
    if rest:
        items.append((f"{len(rest)} đơn vị khác", sum(c for _, c in rest), ""))
    return _bar_chart(items, "Số nhiệm vụ theo đơn vị chủ trì", horizontal=True)


def due_plot(plan: Plan) -> tuple[str, str]:
    """(svg, note): tasks by the month of their due date (every month from the first to the last;
    by year past 36 months), and a note counting tasks without a date."""
    months: Counter = Counter()
    undated: Counter = Counter()
    for t in plan.tasks:
        d = t.deadline
        if d is not None and d.due:
            months[d.due[:7]] += 1
        else:
            undated[KIND_LABELS.get(d.kind if d else "unspecified", "không ghi")] += 1
    items: list[tuple[str, int, str]] = []
    if months:
        first, last = min(months), max(months)
        y0, m0 = int(first[:4]), int(first[5:7])
        y1, m1 = int(last[:4]), int(last[5:7])
        span = (y1 - y0) * 12 + (m1 - m0) + 1
        if span <= 36:
            for k in range(span):
                y, m = y0 + (m0 - 1 + k) // 12, (m0 - 1 + k) % 12 + 1
                key = f"{y:04d}-{m:02d}"
                items.append((f"T{m}/{y}", months.get(key, 0), key))
        else:
            years = Counter()
            for key, c in months.items():
                years[key[:4]] += c
            items = [(y, years.get(str(y), 0), str(y)) for y in range(y0, y1 + 1)]
            items = [(str(y), c, v) for y, c, v in items]
    note = ", ".join(f"{k}: {v}" for k, v in sorted(undated.items(), key=lambda kv: (-kv[1], kv[0])))
    svg = _bar_chart(items, "Số nhiệm vụ theo tháng đến hạn", horizontal=False)
    return svg, (f"Không có ngày hạn cụ thể: {sum(undated.values())} nhiệm vụ ({note})." if undated else "")


# ---------------------------------------------------------------- rows

def _crop_html(crop, page) -> str:
    if crop is None:
        why = "không có vị trí trong PDF" if not page else "không có ảnh của trang"
        return f'<div class="nocrop">{_e(why)}</div>'
    note = '<span class="cut">(vùng dài, chỉ hiện phần đầu)</span>' if crop.cut else ""
    shown_w = min(crop.width, 560)
    shown_h = round(crop.height * shown_w / crop.width)
    return (f'<a class="crop" href="#" title="Phóng to / thu nhỏ"><img alt="Ảnh dòng ở trang {_e(page)}" '
            f'src="{crop.uri}" width="{shown_w}" height="{shown_h}" loading="lazy"></a>{note}')


def _units(units: Optional[list[str]]) -> str:
    if units is None:
        return '<span class="muted">—</span>'
    if not units:
        return '<span class="muted">(không có đơn vị)</span>'
    return "; ".join(f'<span class="unit">{_e(u)}</span>' for u in units)


def _raw(value: Optional[str]) -> str:
    if value is None:
        return '<span class="muted">(không có cột)</span>'
    if not value.strip():
        return '<span class="muted">(trống)</span>'
    return _e(value)


def _corr_mark(row, name: str) -> str:
    corrected = row.source.corrected or {}
    if name not in corrected:
        return ""
    before = corrected[name]
    return (f' <span class="was" title="Giá trị trích xuất trước khi sửa">đã sửa; trước: '
            f'“{_e(before) if before else "(trống)"}”</span>')


def _deadline_html(d) -> str:
    if d is None:
        return '<span class="muted">—</span>'
    kind = KIND_LABELS.get(d.kind, d.kind)
    span = ""
    if d.start and d.due and d.start != d.due:
        span = f"{_vn_date(d.start)} – {_vn_date(d.due)}"
    elif d.due:
        span = _vn_date(d.due)
    rec = RECURRENCE_LABELS.get(d.recurrence or "", "")
    bits = [f'<span class="kind k-{_e(d.kind)}">{_e(kind)}</span>']
    if span:
        bits.append(f'<span class="due">{_e(span)}</span>')
    if rec:
        bits.append(f'<span class="rec">{_e(rec)}</span>')
    return " ".join(bits)


def _field(label: str, name: str, raw: str, norm: str, row) -> str:
    arrow = f'<span class="arrow">→</span> <span class="norm">{norm}</span>' if norm else ""
    return (f'<dt>{_e(label)}</dt><dd data-field="{name}"><span class="raw">{raw}</span> {arrow}'
            f'{_corr_mark(row, name)}</dd>')


def _reasons(doubts: list[tuple[str, str]]) -> str:
    if not doubts:
        return ""
    return ('<ul class="reasons">' + "".join(f'<li><code>{_e(c)}</code> {_e(m)}</li>' for c, m in doubts)
            + "</ul>")


def _task_html(t, doubts, crop) -> str:
    d = t.deadline
    leads = "|".join(t.lead or [NO_LEAD])
    section = t.section or ""
    attrs = (f'id="{_e(t.id)}" class="row task{" doubt" if doubts else ""}" data-id="{_e(t.id)}" '
             f'data-lead="{_e(leads)}" data-section="{_e(section)}" '
             f'data-kind="{_e(d.kind if d else "none")}" data-due="{_e(d.due[:7] if d and d.due else "")}" '
             f'data-doubt="{1 if doubts else 0}"')
    head = []
    if t.number:
        head.append(f"TT {_e(t.number)}")
    if t.section or t.section_title:
        head.append(f'Mục {_e(t.section or "")} {_e(t.section_title or "")}'.strip())
    head.append("bảng" if t.origin == "appendix" else "thân văn bản")
    if t.source.page:
        head.append(f"trang {t.source.page}")
    head.append(f'<code>{_e(t.id)}</code>')
    badge = f'<span class="badge">{NEEDS_REVIEW}</span>' if doubts else ""
    fields = [
        f'<dt>Nội dung</dt><dd data-field="text"><span class="raw text">{_e(t.text)}</span>{_corr_mark(t, "text")}</dd>',
        _field("Chủ trì", "lead_raw", _raw(t.lead_raw), _units(t.lead), t),
        _field("Phối hợp", "coordinators_raw", _raw(t.coordinators_raw), _units(t.coordinators), t),
        _field("Thời hạn", "deadline_raw", _raw(d.raw if d else None), _deadline_html(d), t),
    ]
    for k, v in (t.extra or {}).items():
        fields.append(f'<dt>{_e(k)}</dt><dd>{_e(v)}</dd>')
    return (f'<article {attrs}><div class="pic">{_crop_html(crop, t.source.page)}</div><div class="body">'
            f'<div class="head">{" · ".join(head)} {badge}</div>{_reasons(doubts)}'
            f'<dl class="fields">{"".join(fields)}</dl>'
            f'<div class="actions"><button type="button" class="edit">Sửa</button></div></div></article>')


def _indicator_html(ind, doubts, crop) -> str:
    leads = "|".join(ind.lead or [NO_LEAD])
    attrs = (f'id="{_e(ind.id)}" class="row indicator{" doubt" if doubts else ""}" data-id="{_e(ind.id)}" '
             f'data-lead="{_e(leads)}" data-section="" data-kind="" data-due="" data-doubt="{1 if doubts else 0}"')
    head = []
    if ind.number:
        head.append(f"TT {_e(ind.number)}")
    if ind.parent:
        head.append(f"thuộc chỉ tiêu {_e(ind.parent)}")
    if ind.unit_of_measure:
        head.append(f"đơn vị tính: {_e(ind.unit_of_measure)}")
    if ind.source.page:
        head.append(f"trang {ind.source.page}")
    head.append(f'<code>{_e(ind.id)}</code>')
    badge = f'<span class="badge">{NEEDS_REVIEW}</span>' if doubts else ""
    cells = []
    for period, target in (ind.targets or {}).items():
        if target is None:
            cells.append(f'<tr><th>{_e(period)}</th><td class="muted">(trống)</td><td></td></tr>')
            continue
        value = "" if target.value is None else f"{target.op or ''} {target.value:g}{target.unit or ''}".strip()
        cells.append(f'<tr><th>{_e(period)}</th><td>{_e(target.raw)}</td><td class="norm">{_e(value.replace(".", ","))}</td></tr>')
    targets = f'<table class="targets">{"".join(cells)}</table>' if cells else '<span class="muted">(không có giá trị)</span>'
    fields = [
        f'<dt>Chỉ tiêu</dt><dd data-field="name"><span class="raw text">{_e(ind.name)}</span>{_corr_mark(ind, "name")}</dd>',
        f'<dt>Giá trị</dt><dd>{targets}</dd>',
        _field("Chủ trì", "lead_raw", _raw(ind.lead_raw), _units(ind.lead), ind),
    ]
    if ind.footnote:
        fields.append(f'<dt>Chú thích</dt><dd>{_e(ind.footnote)}</dd>')
    return (f'<article {attrs}><div class="pic">{_crop_html(crop, ind.source.page)}</div><div class="body">'
            f'<div class="head">{" · ".join(head)} {badge}</div>{_reasons(doubts)}'
            f'<dl class="fields">{"".join(fields)}</dl>'
            f'<div class="actions"><button type="button" class="edit">Sửa</button></div></div></article>')


# ---------------------------------------------------------------- the page

def _meta_rows(plan: Plan) -> str:
    m = plan.document
    date = _vn_date(m.issue_date) if m.issue_date else (
        f"tháng {m.issue_month}/{m.issue_year} (chưa ghi ngày)" if m.issue_month and m.issue_year else
        (str(m.issue_year) if m.issue_year else ""))
    rows = [("Tệp", plan.source.file), ("Số trang", plan.source.pages),
            ("Lớp chữ", LAYER_LABELS.get(plan.source.text_layer, plan.source.text_layer)),
            ("Loại văn bản", m.doc_type), ("Số", m.number or "(chưa ghi số)"), ("Ngày", date),
            ("Cơ quan ban hành", m.issuer), ("Nơi ban hành", m.place),
            ("Người ký", " ".join(x for x in (m.signer_title, m.signer) if x)),
            ("Căn cứ", "; ".join(r.number + (f" ({_vn_date(r.date)})" if r.date else "") for r in m.references)),
            ("SHA-256", plan.source.sha256)]
    return "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows if v not in (None, ""))


def render_page(plan: Plan, pdf_path: Union[None, str, Path] = None,
                corrections: Optional[CorrectionSet] = None, index_href: Optional[str] = None) -> str:
    """The review page of one plan as HTML text. pdf_path: the document, for the crops (None: the
    page says the crops are missing). corrections: what was applied (default: read from the plan)."""
    issues_by_row: dict[str, list] = {}
    for i in plan.issues:
        if i.row:
            issues_by_row.setdefault(i.row, []).append(i)
    task_doubts = {t.id: row_doubts(t, issues_by_row) for t in plan.tasks}
    ind_doubts = {i.id: row_doubts(i, issues_by_row) for i in plan.indicators}
    n_doubt_t = sum(1 for v in task_doubts.values() if v)
    n_doubt_i = sum(1 for v in ind_doubts.values() if v)
    status = plan_status(plan, n_doubt_t + n_doubt_i)

    pics: dict = {}
    source_note = ""
    if pdf_path is not None and Path(pdf_path).suffix.lower() == ".pdf" and Path(pdf_path).is_file():
        pics = render_crops(pdf_path, [(r.id, r.source.page, r.source.bbox)
                                       for r in [*plan.tasks, *plan.indicators]])
    elif plan.source.text_layer == "docx" or Path(plan.source.file).suffix.lower() == ".docx":
        source_note = "Văn bản Word (DOCX) không có trang in: không có ảnh cắt của từng dòng."
    else:
        source_note = (f"Không tìm thấy tệp gốc {plan.source.file} nên không có ảnh cắt của từng dòng "
                       "(chạy lại với --source THƯ_MỤC_CHỨA_TỆP).")

    def ordered(rows, doubts):
        return [r for r in rows if doubts[r.id]] + [r for r in rows if not doubts[r.id]]

    tasks_html = "".join(_task_html(t, task_doubts[t.id], pics.get(t.id)) for t in ordered(plan.tasks, task_doubts))
    inds_html = "".join(_indicator_html(i, ind_doubts[i.id], pics.get(i.id))
                        for i in ordered(plan.indicators, ind_doubts))

    units = sorted({u for t in plan.tasks for u in (t.lead or [NO_LEAD])} |
                   {u for i in plan.indicators for u in (i.lead or [NO_LEAD])})
    sections: dict[str, str] = {}
    for t in plan.tasks:
        if t.section and t.section not in sections:
            sections[t.section] = f"{t.section} {t.section_title or ''}".strip()
    kinds = sorted({t.deadline.kind if t.deadline else "none" for t in plan.tasks},
                   key=lambda k: list(KIND_LABELS).index(k) if k in KIND_LABELS else 99)
    opts_units = "".join(f'<option value="{_e(u)}">{_e(u)}</option>' for u in units)
    opts_sections = "".join(f'<option value="{_e(k)}">{_e(v[:80])}</option>' for k, v in sections.items())
    opts_kinds = "".join(f'<option value="{_e(k)}">{_e(KIND_LABELS.get(k, "không có cột thời hạn"))}</option>'
                         for k in kinds)

    doc_issues = [i for i in plan.issues if not i.row]
    issues_html = ""
    if doc_issues:
        issues_html = ('<section class="docissues"><h2>Cảnh báo về cả văn bản</h2><ul>' + "".join(
            f'<li class="{_e(i.level)}"><code>{_e(i.code)}</code>'
            f'{" (trang " + str(i.page) + ")" if i.page else ""} {_e(i.message)}</li>' for i in doc_issues)
            + "</ul></section>")
    due_svg, due_note = due_plot(plan)
    n_corr = sum(len(r.source.corrected or {}) for r in [*plan.tasks, *plan.indicators])
    applied = corrections if corrections is not None else applied_corrections(plan)
    applied = merge([applied], plan.source.sha256)
    data = {
        "sha256": plan.source.sha256, "file": plan.source.file,
        "corrections": [{"id": c.id, "field": c.field, "value": c.value} for c in applied.corrections],
        "rows": {r.id: {f: (_current(r, f)) for f in (TASK_FIELDS if r.id.startswith("T-") else INDICATOR_FIELDS)}
                 for r in [*plan.tasks, *plan.indicators]},
        "labels": FIELD_LABELS,
    }
    data_json = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    m = plan.document
    title = " ".join(x for x in (m.doc_type, ("số " + m.number) if m.number else None) if x) or plan.source.file
    back = f'<p><a href="{_e(index_href)}">← Danh sách văn bản</a></p>' if index_href else ""
    counts = [
        (len(plan.tasks), "nhiệm vụ"), (n_doubt_t, "nhiệm vụ cần kiểm tra"),
        (len(plan.indicators), "chỉ tiêu"), (n_doubt_i, "chỉ tiêu cần kiểm tra"),
        (len(plan.issues), "cảnh báo"), (n_corr, "ô đã sửa"),
    ]
    counts_html = "".join(f'<li><b>{n}</b> {_e(label)}</li>' for n, label in counts)
    status_cls = "need" if status == NEEDS_REVIEW else "ok"
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Kiểm tra: {_e(title)} — {_e(plan.source.file)}</title>
<style>{CSS}</style></head>
<body>
<header>{back}
<h1>{_e(title)}</h1>
<p class="title">{_e(m.title or "")}</p>
<p class="status {status_cls}" id="status">Trạng thái: <b>{_e(status)}</b></p>
<ul class="counts" id="counts">{counts_html}</ul>
<details><summary>Thông tin văn bản</summary><table class="meta">{_meta_rows(plan)}</table></details>
{f'<p class="note">{_e(source_note)}</p>' if source_note else ""}
</header>
<section class="plots">
<figure><figcaption>Số nhiệm vụ theo đơn vị chủ trì (bấm để lọc)</figcaption>{lead_plot(plan)}</figure>
<figure><figcaption>Số nhiệm vụ theo tháng đến hạn</figcaption>{due_svg}<p class="muted">{_e(due_note)}</p></figure>
</section>
{issues_html}
<nav class="filters" id="filters">
<label>Đơn vị chủ trì <select id="f-lead"><option value="">(tất cả)</option>{opts_units}</select></label>
<label>Mục <select id="f-section"><option value="">(tất cả)</option>{opts_sections}</select></label>
<label>Loại thời hạn <select id="f-kind"><option value="">(tất cả)</option>{opts_kinds}</select></label>
<label><input type="checkbox" id="f-doubt"> chỉ dòng {NEEDS_REVIEW}</label>
<label>Tìm <input type="search" id="f-text" placeholder="chữ trong dòng"></label>
<span id="shown" class="muted"></span>
<span class="save"><button type="button" id="save">Lưu tệp sửa (<span id="n-corr">0</span>)</button>
<a id="download" download="corrections.json" hidden>corrections.json</a></span>
</nav>
<p class="help muted">Bấm “Sửa” ở một dòng để sửa nội dung, chủ trì, phối hợp hoặc thời hạn, rồi “Lưu tệp sửa”:
đặt tệp <code>corrections.json</code> tải về vào thư mục kết quả của văn bản (hoặc dùng
<code>plan-extract extract --corrections corrections.json</code>); mọi lần trích xuất lại đều áp dụng các sửa này.</p>
<main>
<section id="tasks"><h2>Nhiệm vụ ({len(plan.tasks)})</h2>{tasks_html or '<p class="muted">Không có nhiệm vụ.</p>'}</section>
<section id="indicators"><h2>Chỉ tiêu ({len(plan.indicators)})</h2>{inds_html or '<p class="muted">Không có chỉ tiêu.</p>'}</section>
</main>
<script type="application/json" id="data">{data_json}</script>
<script>{JS}</script>
</body></html>
"""


def _current(row, name: str) -> Optional[str]:
    if name == "deadline_raw":
        return row.deadline.raw if row.deadline is not None else None
    return getattr(row, name, None)


# ---------------------------------------------------------------- the batch index

def render_index(entries: Iterable[dict[str, Any]], title: str = "Kết quả trích xuất") -> str:
    """entries: {"file", "status" (ok|partial|failed|skipped), "error", "plan" (Plan or None),
    "href" (the document's page, relative)}. Doubtful documents first, then by file."""
    rows = []
    totals = Counter()
    for e in entries:
        plan = e.get("plan")
        if plan is not None:
            issues_by_row: dict[str, list] = {}
            for i in plan.issues:
                if i.row:
                    issues_by_row.setdefault(i.row, []).append(i)
            dt = sum(1 for t in plan.tasks if row_doubts(t, issues_by_row))
            di = sum(1 for i in plan.indicators if row_doubts(i, issues_by_row))
            status = plan_status(plan, dt + di)
            m = plan.document
            name = " ".join(x for x in (m.doc_type, m.number) if x) or ""
            rows.append((0 if status == NEEDS_REVIEW else 1, e["file"], (
                f'<tr class="{"need" if status == NEEDS_REVIEW else "ok"}"><td><a href="{_e(e["href"])}">{_e(e["file"])}</a></td>'
                f'<td>{_e(name)}</td><td>{_e(m.issuer or "")}</td><td>{_e(status)}</td>'
                f'<td class="n">{len(plan.tasks)}</td><td class="n">{dt}</td><td class="n">{len(plan.indicators)}</td>'
                f'<td class="n">{di}</td><td class="n">{len(plan.issues)}</td></tr>')))
            totals.update(docs=1, tasks=len(plan.tasks), dt=dt, inds=len(plan.indicators), di=di,
                          need=status == NEEDS_REVIEW)
        else:
            rows.append((-1, e["file"], (
                f'<tr class="failed"><td>{_e(e["file"])}</td><td colspan="2">{_e(e.get("error") or "")}</td>'
                f'<td>lỗi</td><td colspan="5"></td></tr>')))
            totals.update(failed=1)
    rows.sort(key=lambda r: (r[0], r[1]))
    summary = (f'{totals["docs"]} văn bản ({totals["need"]} {NEEDS_REVIEW}), {totals["failed"]} lỗi; '
               f'{totals["tasks"]} nhiệm vụ ({totals["dt"]} cần kiểm tra), '
               f'{totals["inds"]} chỉ tiêu ({totals["di"]} cần kiểm tra)')
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{_e(title)}</title><style>{CSS}</style></head>
<body><header><h1>{_e(title)}</h1><p>{_e(summary)}</p></header>
<table class="index"><thead><tr><th>Tệp</th><th>Văn bản</th><th>Cơ quan ban hành</th><th>Trạng thái</th>
<th>Nhiệm vụ</th><th>cần kiểm tra</th><th>Chỉ tiêu</th><th>cần kiểm tra</th><th>Cảnh báo</th></tr></thead>
<tbody>{"".join(r[2] for r in rows)}</tbody></table>
</body></html>
"""


CSS = """
*{box-sizing:border-box}[hidden]{display:none !important}body{font:15px/1.45 "Liberation Sans",Arial,sans-serif;margin:0 auto;max-width:1400px;padding:12px 20px;color:#1d1d1f;background:#fafafa}
h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:18px 0 8px}.title{margin:2px 0 8px;color:#333}
.muted{color:#777}.note{background:#fff6d6;padding:6px 10px;border-radius:4px}
.status b{padding:1px 8px;border-radius:10px}.status.need b{background:#ffe0b2;color:#8a3c00}.status.ok b{background:#d7f5dc;color:#11632a}
.counts{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:0;margin:6px 0}.counts b{font-size:18px}
table.meta th{text-align:left;padding-right:12px;font-weight:600;vertical-align:top}table.meta td{word-break:break-word}
.plots{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.plots figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px;overflow-x:auto;max-width:100%}
figcaption{font-weight:600;margin-bottom:4px}svg.plot text{font-size:12px;fill:#333}svg.plot rect{fill:#3b7dd8}svg.plot .bar{cursor:pointer}svg.plot .bar:hover rect{fill:#f08c00}svg.plot text.n{fill:#111;font-weight:600}svg.plot text.tick{font-size:10px}
.docissues li.error{color:#a00}
nav.filters{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;background:#eef3fb;border:1px solid #cdd9ee;border-radius:6px;padding:8px 10px;margin:14px 0 4px}
nav select{max-width:260px}.save{margin-left:auto}
button{font:inherit;padding:3px 12px;border:1px solid #8aa4cc;border-radius:4px;background:#fff;cursor:pointer}button:hover{background:#e6eefb}#save{background:#1f5fbf;color:#fff;border-color:#1f5fbf}
.row{display:flex;gap:14px;background:#fff;border:1px solid #ddd;border-left:5px solid #cfd8e3;border-radius:6px;padding:10px;margin:8px 0}
.row.doubt{border-left-color:#f08c00;background:#fffaf2}.row.edited{border-left-color:#1f5fbf}
.row .pic{flex:0 0 auto;max-width:46%}.row .pic img{display:block;max-width:100%;height:auto;border:1px solid #ccc;background:#fff}
.row .pic a.crop.big img{max-width:none;width:auto}.row .body{flex:1 1 auto;min-width:0}
.nocrop{width:160px;padding:20px 8px;text-align:center;color:#888;border:1px dashed #bbb;font-size:13px}.cut{font-size:12px;color:#888}
.head{font-size:13px;color:#555}.badge{background:#f08c00;color:#fff;border-radius:9px;padding:0 8px;font-size:12px;margin-left:4px}
.reasons{margin:4px 0;padding-left:18px;color:#8a3c00;font-size:14px}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:3px 10px;margin:6px 0}dl.fields dt{font-weight:600;color:#444}dl.fields dd{margin:0;word-break:break-word}
.raw{background:#f3f3f3;padding:0 3px;border-radius:3px}.raw.text{background:none;padding:0}.arrow{color:#888}
.unit{background:#e5f0ff;border-radius:3px;padding:0 4px}.kind{background:#eee;border-radius:3px;padding:0 4px}.k-unrecognised{background:#ffd8d8}.due{font-weight:600}
.was{font-size:12px;color:#1f5fbf}table.targets{border-collapse:collapse;font-size:14px}table.targets th,table.targets td{border:1px solid #ddd;padding:1px 6px;text-align:left}
.editor textarea{width:100%;font:inherit;font-weight:normal;min-height:2.2em}.editor label{display:block;font-weight:600;margin-top:4px}
table.index{border-collapse:collapse;width:100%;background:#fff}table.index th,table.index td{border:1px solid #ddd;padding:4px 8px;text-align:left}table.index td.n{text-align:right}
table.index tr.need td:nth-child(4){color:#8a3c00;font-weight:600}table.index tr.failed{background:#fde8e8}
@media (max-width:900px){.row{flex-direction:column}.row .pic{max-width:100%}}
"""

JS = r"""
(function(){
'use strict';
var data = JSON.parse(document.getElementById('data').textContent);
var edits = {};            // "id\u0000field" -> {id, field, value}
data.corrections.forEach(function(c){ edits[c.id + '\u0000' + c.field] = c; });
var rows = Array.prototype.slice.call(document.querySelectorAll('article.row'));
var $ = function(id){ return document.getElementById(id); };
var dirty = false;

function norm(s){ return (s || '').normalize('NFC').toLowerCase(); }
function apply(){
  var lead = $('f-lead').value, sec = $('f-section').value, kind = $('f-kind').value;
  var doubt = $('f-doubt').checked, text = norm($('f-text').value.trim()), due = window.__due || '';
  var shown = 0;
  rows.forEach(function(r){
    var ok = true;
    if (lead && r.dataset.lead.split('|').indexOf(lead) < 0) ok = false;
    if (sec && r.dataset.section !== sec) ok = false;
    if (kind && r.dataset.kind !== kind) ok = false;
    if (due && r.dataset.due.indexOf(due) !== 0) ok = false;
    if (doubt && r.dataset.doubt !== '1') ok = false;
    if (text && norm(r.textContent).indexOf(text) < 0) ok = false;
    r.hidden = !ok; if (ok) shown++;
  });
  $('shown').textContent = 'Đang hiện ' + shown + '/' + rows.length + ' dòng' + (due ? ' (hạn ' + due + ')' : '');
}
['f-lead','f-section','f-kind','f-doubt'].forEach(function(id){ $(id).addEventListener('change', apply); });
$('f-text').addEventListener('input', apply);
Array.prototype.forEach.call(document.querySelectorAll('svg .bar'), function(b){
  b.addEventListener('click', function(){
    if (b.dataset.filter === 'lead') { $('f-lead').value = b.dataset.value; window.__due = ''; }
    else { window.__due = (window.__due === b.dataset.value) ? '' : b.dataset.value; }
    apply(); $('filters').scrollIntoView();
  });
});
document.addEventListener('click', function(ev){
  var a = ev.target.closest && ev.target.closest('a.crop');
  if (a) { ev.preventDefault(); a.classList.toggle('big'); }
});

function count(){ var n = Object.keys(edits).length; $('n-corr').textContent = n; return n; }
function fieldsOf(id){ return id.indexOf('T-') === 0 ? ['text','lead_raw','coordinators_raw','deadline_raw'] : ['name','lead_raw']; }
function current(id, f){ var k = id + '\u0000' + f; return (k in edits) ? edits[k].value : (data.rows[id][f] || ''); }

function openEditor(row){
  var id = row.dataset.id;
  if (row.querySelector('.editor')) return;
  var box = document.createElement('form'); box.className = 'editor';
  fieldsOf(id).forEach(function(f){
    var l = document.createElement('label'); l.textContent = data.labels[f].charAt(0).toUpperCase() + data.labels[f].slice(1);
    var t = document.createElement('textarea'); t.name = f; t.value = current(id, f);
    t.rows = f === 'text' || f === 'name' ? 3 : 1;
    l.appendChild(t); box.appendChild(l);
  });
  var ok = document.createElement('button'); ok.type = 'submit'; ok.textContent = 'Ghi nhận'; ok.className = 'ok';
  var no = document.createElement('button'); no.type = 'button'; no.textContent = 'Bỏ'; no.className = 'cancel';
  box.appendChild(ok); box.appendChild(document.createTextNode(' ')); box.appendChild(no);
  no.addEventListener('click', function(){ box.remove(); });
  box.addEventListener('submit', function(ev){
    ev.preventDefault();
    var changed = 0;
    fieldsOf(id).forEach(function(f){
      var v = box.elements[f].value.normalize('NFC');
      var orig = data.rows[id][f] || '';
      var k = id + '\u0000' + f;
      if (v === orig && !(k in edits)) return;
      if ((f === 'text' || f === 'name') && !v.trim()) return;
      delete edits[k]; edits[k] = {id: id, field: f, value: v}; changed++;
      var dd = row.querySelector('dd[data-field="' + f + '"] .raw');
      if (dd) dd.textContent = v || '(trống)';
    });
    if (changed) { row.classList.add('edited'); dirty = true; count(); }
    box.remove();
  });
  row.querySelector('.body').appendChild(box);
  box.elements[fieldsOf(id)[0]].focus();
}
document.addEventListener('click', function(ev){
  var b = ev.target.closest && ev.target.closest('button.edit');
  if (b) openEditor(b.closest('article.row'));
});

function fileText(){
  var items = Object.keys(edits).map(function(k){ var c = edits[k]; return JSON.stringify({id: c.id, field: c.field, value: c.value}); });
  return '{\n  "document_sha256": ' + JSON.stringify(data.sha256) + ',\n  "corrections": [' +
    (items.length ? '\n    ' + items.join(',\n    ') + '\n  ' : '') + ']\n}\n';
}
$('save').addEventListener('click', function(){
  var a = $('download');
  if (a.href) URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(new Blob([fileText()], {type: 'application/json'}));
  a.hidden = false; a.click(); dirty = false;
});
window.addEventListener('beforeunload', function(ev){ if (dirty) { ev.preventDefault(); ev.returnValue = ''; } });
window.planReview = {edits: edits, fileText: fileText};
count(); apply();
})();
"""
