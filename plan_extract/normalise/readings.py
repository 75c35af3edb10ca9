"""Rows read by OCR: the two readings of a high-risk cell compared by what they mean, and cells
read with low confidence, each pointed at by an issue naming the row.

The OCR stage (ocr/page.py) reads every short cell with a digit or a Roman numeral twice, with
different settings (a quarter of I's, "Quý III/2025", also by counting its stems in the image:
ocr.roman_by_stems gives the cell's text with the counted numeral when the count differs), and
the row's provenance carries both (`source.ocr[field]`: the cell's mean
word confidence and, when it differed, the second reading). Here, after the deadlines are
normalised (run._normalise):

- deadline: when the two readings normalise to different deadlines (kind, start, due, recurrence)
  the row gets `ocr-readings-differ`. When either reading has a date the dates are dropped (kind
  "unrecognised", the note names both readings): a date is never taken from one of two
  conflicting readings, not even when the other is garbage (noise seeds gave "Quý H/2025" beside
  "Quý II/2025" for a printed "Quý III/2025"). Readings without dates ("Thường xuyên" beside
  "Thường xuvên"): the one the deadline grammar wholly understands is kept, the row flagged.
- row number, indicator targets: two readings with different values (numbers compared without
  their trailing ".", ",", ")"; targets by operator and value) flag the row; the first reading
  stays.
- a deadline, lead, unit-of-measure or target cell whose mean word confidence is under
  LOW_CONFIDENCE (a deadline with a Roman numeral: ROMAN_LOW_CONFIDENCE) gives
  `ocr-low-confidence-cell` (the cells listed in the message).
- indicator numbers read by OCR against the table's own numbering: a number reached neither
  from the row before nor leading to the row after, where those two leave room for one number
  ("7", "1", "7.2": "7.1" with its "7." lost), gives `ocr-number-out-of-sequence` on the row
  (out_of_sequence). The number is left as read: the sequence says it is wrong, not what it is.
"""
from __future__ import annotations

import re
from typing import Optional

from plan_extract.model.document import Deadline, Issue, Plan

#: A cell read with a mean tesseract word confidence under this (0-1) is doubtful. Measured on
#: the corpus scans (seed002, seed003, auth_ubndhuyen_indicators): cells read right sit at
#: 0.85-0.97 with a few clean cells at 0.7-0.8; the misread ones seen ("7," for "7.") at 0.72.
LOW_CONFIDENCE = 0.6
#: A deadline cell with a Roman numeral ("Quý III/2025") is doubtful under this confidence: the
#: serifs join the strokes of "III" and both readings can say "II", a valid, wrong quarter
#: (a noise seed of the corpus scan auth_ubndhuyen_indicators: "Quý II/2025" twice at 0.705 for
#: a printed "Quý III/2025"; right Roman readings of the corpus scans sit at 0.70-0.96, so some
#: right ones are flagged too: a flag costs a look, a wrong quarter a missed deadline).
ROMAN_LOW_CONFIDENCE = 0.8
_ROMAN = re.compile(r"(?<![^\W\d_])[IVX]{1,4}(?![^\W\d_])")
#: Fields whose confidence is checked: the ones whose value is normalised or matched.
#: Row numbers are not among them: tesseract's restricted run reports 0 for numbers read right
#: ("44.", "7.1"); their second reading is their check.
CHECKED = ("deadline_raw", "lead_raw", "unit_of_measure")

DIFFER = "ocr-readings-differ"
LOW = "ocr-low-confidence-cell"
SEQUENCE = "ocr-number-out-of-sequence"

_NUMBER = re.compile(r"^\(?((?:\d+\.)*\d+)\)?[.,]?$")


def _parts(number: Optional[str]) -> Optional[tuple[int, ...]]:
    """"7.1" -> (7, 1); "3." -> (3,); anything else (letters, Roman numerals) -> None."""
    m = _NUMBER.match((number or "").strip())
    return tuple(int(p) for p in m.group(1).split(".")) if m else None


def successors(prev: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The numbers that may follow prev: one level down (7 -> 7.1), the next at its depth
    (7.1 -> 7.2) or the next of an ancestor (7.3 -> 8)."""
    return [prev + (1,)] + [prev[:k] + (prev[k] + 1,) for k in range(len(prev) - 1, -1, -1)]


def out_of_sequence(numbers: list[Optional[str]]) -> list[int]:
    """Indexes of the numbers that break the sequence on both sides while the numbers around
    them leave room for exactly the one they stand in for ("7", "1", "7.2": the "1" was printed
    "7.1" and OCR lost "7."), and an empty number where the sequence has room for one ("6",
    "", "7.1": the "7" not read). A row at either end, or beside an unnumbered row, is not
    judged."""
    parsed = [_parts(n) for n in numbers]
    out = []
    for i in range(1, len(parsed) - 1):
        prev, cur, nxt = parsed[i - 1], parsed[i], parsed[i + 1]
        if prev is None or nxt is None:
            continue
        if cur is None and (numbers[i] or "").strip():
            continue                  # a bullet or a letter: another numbering, not judged
        if cur is not None and (cur in successors(prev) or nxt in successors(cur)):
            continue
        if nxt not in successors(prev) and any(nxt in successors(e) for e in successors(prev)):
            out.append(i)             # read wrong, or not read at all (None) where one is due
    return out


_FIELD_NAMES = {"number": "số thứ tự", "text": "nội dung", "name": "tên chỉ tiêu", "lead_raw": "đơn vị chủ trì",
                "coordinators_raw": "đơn vị phối hợp", "deadline_raw": "thời hạn", "unit_of_measure": "đơn vị tính"}


def field_name(key: str) -> str:
    """A reading's field as staff read it in a message ("target:2026" -> chỉ tiêu “2026”)."""
    if key.startswith("target:"):
        return f"chỉ tiêu “{key[len('target:'):]}”"
    return _FIELD_NAMES.get(key, key)


def meaning(d: Optional[Deadline]) -> tuple:
    """What a normalised deadline says (its raw text aside)."""
    if d is None:
        return (None,)
    return (d.kind, d.start, d.due, d.recurrence)


def _understood(d: Deadline) -> bool:
    """The deadline grammar read the whole cell (parse_deadline's confidence 1: nothing left
    unused: "Quý HII/2025" reads as the year 2025 with "Quý HII/" unused, confidence 0.9)."""
    return d.kind not in ("unrecognised", "unspecified") and (d.confidence is None or d.confidence >= 1.0)


def _dated(d: Deadline) -> bool:
    return bool(d.start or d.due)


def number_key(text: Optional[str]) -> str:
    """A row number as compared between two readings: spaces and trailing '.', ',', ')' dropped."""
    return re.sub(r"[.,)\s]+$", "", re.sub(r"\s+", "", text or ""))


def _label(row) -> str:
    name = getattr(row, "text", None) or getattr(row, "name", None) or ""
    words = " ".join(name.split()[:10])
    number = f" {row.number}" if row.number else ""
    return f"dòng{number} (“{words}…”)"


def issues_for(plan: Plan, context=None) -> list[Issue]:
    """Compare the readings of every OCR'd row (in place: a deadline whose readings conflict
    loses its dates) and return the row issues."""
    from plan_extract.normalise.deadlines import parse_deadline
    out: list[Issue] = []
    for task in plan.tasks:
        ocr = task.source.ocr
        if not ocr:
            continue
        differ: list[str] = []
        second = (ocr.get("deadline_raw") or {}).get("second_reading")
        if second is not None and task.deadline is not None:
            first = task.deadline
            other = parse_deadline(second, context)
            if meaning(first) != meaning(other):
                differ.append(_resolve_deadline(task, first, other))
        second = (ocr.get("number") or {}).get("second_reading")
        if second is not None and number_key(second) != number_key(task.number):
            differ.append(f"số thứ tự đọc “{task.number or ''}” và “{second}”")
        roman = task.deadline is not None and bool(_ROMAN.search(task.deadline.raw or ""))
        _emit(out, task, differ, ocr, task.source.page, {"deadline_raw": ROMAN_LOW_CONFIDENCE} if roman else {})
    from plan_extract.interpret.targets import parse_target
    for ind in plan.indicators:
        ocr = ind.source.ocr
        if not ocr:
            continue
        differ = []
        second = (ocr.get("number") or {}).get("second_reading")
        if second is not None and number_key(second) != number_key(ind.number):
            differ.append(f"số thứ tự đọc “{ind.number or ''}” và “{second}”")
        for key, entry in sorted(ocr.items()):
            if not key.startswith("target:") or entry.get("second_reading") is None:
                continue
            first = ind.targets.get(key[len("target:"):])
            other = parse_target(entry["second_reading"], ind.unit_of_measure)
            if _target_value(first) != _target_value(other):
                differ.append(f"{field_name(key)} đọc “{first.raw if first else ''}” và "
                              f"“{entry['second_reading']}”")
        _emit(out, ind, differ, ocr, ind.source.page)
    # indicator numbers read by OCR against their neighbours, table by table
    by_table: dict = {}
    for ind in plan.indicators:
        by_table.setdefault((ind.origin, ind.source.table), []).append(ind)
    for rows in by_table.values():
        for i in out_of_sequence([r.number for r in rows]):
            row = rows[i]
            if not row.source.ocr:
                continue
            out.append(Issue("warning", SEQUENCE, f"{_label(row)}: số thứ tự “{row.number or ''}” không khớp với "
                             f"dòng trước (“{rows[i - 1].number}”) và dòng sau (“{rows[i + 1].number}”): chữ quét "
                             "có thể đọc sai số (mất dấu chấm hoặc chữ số). Cần đối chiếu với bản gốc.",
                             row.source.page, row.id))
    return out


def _target_value(t) -> tuple:
    return (None,) if t is None else (t.op, t.value)


def _resolve_deadline(task, first: Deadline, other: Deadline) -> str:
    """Two readings of a deadline cell that mean different things: keep the better-supported one
    (the one the grammar understands when only one is) and never a date from a conflict."""
    a, b = first.raw, other.raw
    if _dated(first) or _dated(other):
        # even when one reading is garbage the other is a guess: "Quý H/2025" beside "Quý
        # II/2025" was printed "Quý III/2025" (a noise seed), "Quý HII/2025" beside "Quý III/2025" too
        task.deadline = Deadline(raw=a, kind="unrecognised",
                                 note=f"OCR đọc hai cách khác nghĩa: “{a}” / “{b}”; chưa quy đổi ngày.", confidence=0.0)
        return f"thời hạn đọc “{a}” và “{b}”; chưa quy đổi ngày"
    if _understood(other) and not _understood(first):
        task.deadline = other                      # the first reading means nothing, neither has a date
        task.source.ocr["deadline_raw"] = dict(task.source.ocr["deadline_raw"], second_reading=a)
        return f"thời hạn đọc “{a}” và “{b}”; giữ “{b}” (cách đọc duy nhất hiểu được)"
    return f"thời hạn đọc “{a}” và “{b}”"


def _emit(out: list[Issue], row, differ: list[str], ocr: dict, page, limits: Optional[dict] = None) -> None:
    if differ:
        out.append(Issue("warning", DIFFER, f"{_label(row)}: chữ quét đọc hai lần cho kết quả khác nhau: "
                         + "; ".join(differ) + ". Cần đối chiếu với bản gốc.", page, row.id))
    low = [k for k in sorted(ocr) if (k in CHECKED or k.startswith("target:"))
           and ocr[k].get("confidence") is not None and ocr[k]["confidence"] < (limits or {}).get(k, LOW_CONFIDENCE)]
    if low:
        cells = ", ".join(f"{field_name(k)} ({ocr[k]['confidence']:.2f})" for k in low)
        out.append(Issue("warning", LOW, f"{_label(row)}: chữ quét đọc với độ tin cậy thấp ở ô {cells}. "
                         "Cần đối chiếu với bản gốc.", page, row.id))
