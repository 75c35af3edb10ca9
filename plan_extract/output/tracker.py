"""Plans -> the tracker import workbook (14 fixed headings, at most 500 rows per workbook, unit codes
from the registry and the staff's own unit file, "Hạn hoàn thành" as dd/mm/yyyy HH:MM wherever the
deadline is a certain date, at DEFAULT_DUE_TIME unless told otherwise)."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Optional


from plan_extract import vocab as vocab_files
from plan_extract.model.document import Plan
from plan_extract.model.flat import LIST_SEP
from plan_extract.text import ascii_fold
from plan_extract.output.files import _save_workbook, _set_cell, _workbook  # noqa: F401

TRACKER_HEADINGS = list(vocab_files.load("tracker.yaml")["headings"])
TRACKER_MAX_ROWS = 500     # the importers' cap per workbook: split, never truncate
CODE_MAX = 100
CERTAIN_KINDS = ("day", "month", "quarter", "half", "year", "range")
DEFAULT_DUE_TIME = "17:00"  # the hour a certain deadline is due in the tracker (end of office day)
_RESULT_HEADERS = tuple(e["header"] for e in vocab_files.load("tracker.yaml")["result_headers"])
_PARTY_NUMBER = re.compile(r"/(TW|TU|HU|QU|TU|ĐU|ĐUK|BCS|BTV)\b", re.IGNORECASE)


def derived_unit_code(name: str) -> str:
    """A deterministic stand-in code for a unit the registry has no code for: the ASCII slug of
    the canonical name ("Phòng Văn hóa - Xã hội" -> "PHONG-VAN-HOA-XA-HOI"), at most 100 chars
    (a long name is cut and ends with 8 hex digits of its sha256 so that codes stay distinct)."""
    slug = re.sub(r"[^A-Z0-9]+", "-", ascii_fold(name).upper()).strip("-") or "DON-VI"
    if len(slug) > CODE_MAX:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8].upper()
        slug = slug[:CODE_MAX - 9].rstrip("-") + "-" + digest
    return slug


class _UnitCoder:
    """canonical unit name -> (code, from_registry). Falls back to derived_unit_code. `units`: the
    staff's own alias file(s) (as --units), merged over the built-in registry; a bad file raises
    (vocab.VocabError: one line naming the file)."""

    def __init__(self, units=None):
        from plan_extract.normalise.units import UnitRegistry
        self.registry = UnitRegistry.load(units)
        self.derived: dict[str, str] = {}

    def code(self, name: str) -> tuple[str, bool]:
        code = None
        if self.registry is not None:
            try:
                code = self.registry.code_for(name)
            except (KeyError, LookupError, AttributeError):
                code = None
        if code:
            return str(code)[:CODE_MAX], True
        code = derived_unit_code(name)
        self.derived[name] = code
        return code, False


def _vn_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


def plan_line(plan: Plan) -> str:
    """'Kế hoạch số 45/KH-UBND ngày 12/06/2025 của Ủy ban nhân dân xã Tiên Điền' - the plan as one
    line. A number left blank in a draft is left out (never guessed); so is an unknown day."""
    m = plan.document
    parts = [_sentence_case(m.doc_type) if m.doc_type else "Văn bản"]
    if m.number:
        parts.append(f"số {m.number}")
    if m.issue_date:
        parts.append(f"ngày {_vn_date(m.issue_date)}")
    elif m.issue_month and m.issue_year:
        parts.append(f"tháng {m.issue_month} năm {m.issue_year}")
    elif m.issue_year:
        parts.append(f"năm {m.issue_year}")
    if m.issuer:
        parts.append(f"của {m.issuer}")
    elif m.issuer_raw:
        parts.append(f"của {m.issuer_raw}")
    line = " ".join(parts)
    if not m.number:
        line += " (chưa có số)"
    return line


def _party_refs(plan: Plan) -> str:
    refs = []
    for r in plan.document.references:
        if _PARTY_NUMBER.search(r.number):
            text = " ".join(p for p in (r.doc_type, f"số {r.number}",
                                        f"ngày {_vn_date(r.date)}" if r.date else None,
                                        f"của {r.issuer}" if r.issuer else None) if p)
            if text not in refs:
                refs.append(text)
    return "; ".join(refs)


_DUE_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


def parse_due_time(due_time: Optional[str] = DEFAULT_DUE_TIME) -> tuple[int, int]:
    """'17:00' -> (17, 0); None -> DEFAULT_DUE_TIME; anything else -> ValueError."""
    if due_time is None:
        due_time = DEFAULT_DUE_TIME
    m = _DUE_TIME.match(due_time.strip())
    if not m:
        raise ValueError(f"--due-time phải có dạng HH:MM (ví dụ 17:00), không phải {due_time!r}")
    return int(m.group(1)), int(m.group(2))


def tracker_rows(plan: Plan, coder: _UnitCoder, due: Optional[tuple[int, int]] = None) -> list[list[str]]:
    """One row per task in the 14 TRACKER_HEADINGS columns. "Hạn hoàn thành" holds the due date
    at `due` (default 17:00) for every certain deadline (a day, month, quarter, half, year or
    range); any other deadline (continuous, recurring, an event, unrecognised) leaves it empty
    and goes to "Ghi chú" as written."""
    due = due or parse_due_time(None)
    line = plan_line(plan)
    party = _party_refs(plan)
    rows = []
    for t in plan.tasks:
        notes = []
        units = list(t.lead or [])
        if not units and t.lead_raw and t.lead_raw.strip():
            units = [t.lead_raw.strip()]
            notes.append("Đơn vị chủ trì chưa chuẩn hoá: " + t.lead_raw.strip())
        if not units:
            fallback = plan.document.issuer or plan.document.issuer_raw or "Không rõ đơn vị"
            units = [fallback]
            notes.append("Văn bản không ghi đơn vị chủ trì; tạm giao cho cơ quan ban hành.")
        code, known = coder.code(units[0])
        if not known:
            notes.append(f"Mã đơn vị \"{code}\" tạm sinh từ tên \"{units[0]}\" "
                         "(chưa có trong danh mục đơn vị).")
        if len(units) > 1:
            notes.append("Đồng chủ trì: " + LIST_SEP.join(units[1:]))
        deadline_cell = ""
        d = t.deadline
        if d is not None and d.kind in CERTAIN_KINDS and d.due:
            day = dt.date.fromisoformat(d.due)
            deadline_cell = f"{day.day:02d}/{day.month:02d}/{day.year} {due[0]:02d}:{due[1]:02d}"
        elif d is not None and d.raw.strip():
            notes.append("Thời hạn: " + d.raw.strip())
        desc = []
        if t.section or t.section_title:
            label = (t.section or "").strip().rstrip(".")
            desc.append("Mục " + ". ".join(p for p in (label, t.section_title) if p))
        if t.number:
            desc.append("TT " + t.number)
        if t.coordinators:
            desc.append("Phối hợp: " + LIST_SEP.join(t.coordinators))
        elif t.coordinators_raw and t.coordinators_raw.strip():
            desc.append("Phối hợp: " + t.coordinators_raw.strip())
        results, other = [], []
        for k, v in t.extra.items():
            if not v.strip():
                continue
            (results if k.strip().lower() in _RESULT_HEADERS else other).append((k, v))
        for k, v in other:
            notes.append(f"{k}: {v}")
        notes.append(f"Nguồn: {plan.source.file}, {t.id}"
                     + (f", trang {t.source.page}" if t.source.page else ""))
        rows.append([
            t.text, "; ".join(desc), code, "", "", deadline_cell, "", "", line, party,
            "; ".join(v for _, v in results), "", "", "\n".join(notes),
        ])
    return rows


def _tracker_workbook(rows: list[list[str]]) -> bytes:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    wb = _workbook()
    ws = wb.create_sheet("Nhiệm vụ")
    ws.append(TRACKER_HEADINGS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            if value:
                _set_cell(ws.cell(row=r, column=c), value)
    widths = [60, 40, 24, 16, 12, 18, 12, 12, 50, 40, 30, 10, 10, 60]
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"
    return _save_workbook(wb)
