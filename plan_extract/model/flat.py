"""The flat view of a Plan: one row per task, one per indicator x target period, with the CSV
columns. Shared by tasks.csv / indicators.csv / the XLSX sheets (output.files) and the pandas
frames of the Python API (Plan.tasks_frame)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:                      # document.Plan imports this module for its frames
    from plan_extract.model.document import Plan

# ---------------------------------------------------------------- columns (the CSV contract)

BBOX_COLUMNS = ["page", "table", "x0", "top", "x1", "bottom", "confidence"]
TASK_COLUMNS = [
    "id", "origin", "section", "section_title", "number", "text",
    "lead", "lead_raw", "coordinators", "coordinators_raw",
    "deadline_raw", "deadline_kind", "deadline_start", "deadline_due", "deadline_recurrence",
    "extra", *BBOX_COLUMNS, "doubts",
    # issue 13: the rest of the deadline reading (appended: earlier columns keep their places)
    "deadline_milestones", "deadline_time", "deadline_approx", "deadline_note", "deadline_confidence",
]
INDICATOR_COLUMNS = [
    "id", "origin", "number", "parent", "name", "unit_of_measure",
    "period", "target_raw", "target_op", "target_value", "target_unit",
    "lead", "lead_raw", "footnote", *BBOX_COLUMNS, "doubts",
]
# Document keys prepended to every row of the consolidated all_tasks.csv / all_indicators.csv.
DOC_KEY_COLUMNS = ["doc_number", "doc_issuer", "doc_date", "file"]

LIST_SEP = "; "

# ---------------------------------------------------------------- plan -> rows / frames

def _joined(values: Optional[list[str]]) -> Optional[str]:
    if values is None:
        return None
    return LIST_SEP.join(values)


def _bbox(source) -> dict[str, Any]:
    box = list(source.bbox) if source.bbox else [None] * 4
    return {"page": source.page, "table": source.table, "x0": box[0], "top": box[1],
            "x1": box[2], "bottom": box[3], "confidence": source.confidence}


def task_rows(plan: Plan) -> list[dict[str, Any]]:
    """One dict per task with TASK_COLUMNS keys; values are str / int / float / None."""
    out = []
    for t in plan.tasks:
        d = t.deadline
        row = {
            "id": t.id, "origin": t.origin, "section": t.section, "section_title": t.section_title,
            "number": t.number, "text": t.text,
            "lead": _joined(t.lead), "lead_raw": t.lead_raw,
            "coordinators": _joined(t.coordinators), "coordinators_raw": t.coordinators_raw,
            "deadline_raw": d.raw if d else None, "deadline_kind": d.kind if d else None,
            "deadline_start": d.start if d else None, "deadline_due": d.due if d else None,
            "deadline_recurrence": d.recurrence if d else None,
            "extra": LIST_SEP.join(f"{k}: {v}" for k, v in t.extra.items()) if t.extra else None,
        }
        row.update(_bbox(t.source))
        row["doubts"] = _joined(t.doubts) or None
        row.update({"deadline_milestones": milestones_cell(d.milestones) if d else None,
                    "deadline_time": d.time if d else None, "deadline_approx": d.approx if d else None,
                    "deadline_note": d.note if d else None, "deadline_confidence": d.confidence if d else None})
        out.append(row)
    return out


def milestones_cell(milestones: Optional[list[dict]]) -> Optional[str]:
    """Dated steps of a deadline cell as one CSV cell: '<due>: <text>' per step, in the cell's
    order, joined with '; ' ('2026-06-20: báo cáo kỳ 6 tháng; 2026-12-20: báo cáo kỳ 12
    tháng'); a step without a date is written '?: <text>'. None when there are none."""
    if not milestones:
        return None
    return LIST_SEP.join(f"{m.get('due') or '?'}: {m.get('text') or ''}".rstrip() for m in milestones)


def indicator_rows(plan: Plan) -> list[dict[str, Any]]:
    """One dict per indicator x target column (INDICATOR_COLUMNS keys). An indicator without any
    target column (a parent row such as "7") still gets one row, with an empty period."""
    out = []
    for ind in plan.indicators:
        base = {"id": ind.id, "origin": ind.origin, "number": ind.number, "parent": ind.parent,
                "name": ind.name, "unit_of_measure": ind.unit_of_measure}
        tail = {"lead": _joined(ind.lead), "lead_raw": ind.lead_raw, "footnote": ind.footnote}
        tail.update(_bbox(ind.source))
        tail["doubts"] = _joined(ind.doubts) or None
        periods = list(ind.targets.items()) or [(None, None)]
        for period, target in periods:
            row = dict(base)
            row.update({"period": period,
                        "target_raw": target.raw if target else None,
                        "target_op": target.op if target else None,
                        "target_value": target.value if target else None,
                        "target_unit": target.unit if target else None})
            row.update(tail)
            out.append(row)
    return out


def doc_keys(plan: Plan, file: Optional[str] = None) -> dict[str, Any]:
    """The document key columns of the consolidated CSVs."""
    m = plan.document
    date = m.issue_date
    if date is None and m.issue_year:
        date = f"{m.issue_year}-{m.issue_month:02d}" if m.issue_month else str(m.issue_year)
    return {"doc_number": m.number, "doc_issuer": m.issuer, "doc_date": date,
            "file": file if file is not None else plan.source.file}


def _frame(rows: list[dict], columns: list[str]):
    import pandas as pd
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("page", "table"):
        frame[col] = frame[col].astype("Int64")
    for col in ("x0", "top", "x1", "bottom", "confidence") + (("target_value",) if "target_value" in columns else ()) \
            + (("deadline_confidence",) if "deadline_confidence" in columns else ()):
        frame[col] = frame[col].astype("Float64")
    return frame


def tasks_frame(plan: Plan):
    """pandas DataFrame with the tasks.csv columns (nullable dtypes; None for empty cells)."""
    return _frame(task_rows(plan), TASK_COLUMNS)


def indicators_frame(plan: Plan):
    """pandas DataFrame with the indicators.csv columns, one row per indicator x target."""
    return _frame(indicator_rows(plan), INDICATOR_COLUMNS)
