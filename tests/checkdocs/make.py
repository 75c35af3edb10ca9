"""Check documents for the self-checks, written AFTER the checks were done and never tuned on:
small plans with one printing defect each, and the gold a clerk would type from them.

    python -m tests.checkdocs.make        # writes tests/checkdocs/*.pdf and *.gold.json

- cd_spill_lead: two lead cells printed on one line, running over the coordinator column
  (their coordinator cell is empty): the text crosses the rule.
- cd_unruled_tail: the last two rows printed on a new page without any rule (no header, no
  frame) after a ruled table.
- cd_vni_deadlines: a deadline column typed in a VNI font, the rest in Unicode: the deadline
  cells' text layer is VNI bytes ("Quyù II/2025").
Used by benchmarks/silent_errors.py (set `checkdocs`).
"""
from __future__ import annotations

import json
from pathlib import Path

from tests.checkpdf import DEADLINES, draw_plan, plain_rows
from tests.corpus import vni

HERE = Path(__file__).resolve().parent
# Deadline -> (kind, start, due), written by hand for the deadlines the rows use (year 2025).
NORMALISED = {
    "Quý II/2025": ("quarter", "2025-04-01", "2025-06-30"),
    "Tháng 9/2025": ("month", "2025-09-01", "2025-09-30"),
    "Năm 2025": ("year", "2025-01-01", "2025-12-31"),
    "Thường xuyên": ("continuous", None, None),
    "Quý IV/2025": ("quarter", "2025-10-01", "2025-12-31"),
    "Hằng năm": ("recurring", None, None),
}
SECTIONS = {0: "I. Nâng cao nhận thức", 5: "II. Hạ tầng số"}
LONG_LEAD_A = "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Tiên Điền"
LONG_LEAD_B = "Trung tâm Phục vụ hành chính công xã Tiên Điền và Công an xã"
LONG_LEADS = {2: LONG_LEAD_A, 6: LONG_LEAD_B}


def _rows(n: int) -> list[tuple]:
    """plain_rows with deadlines the gold can normalise by hand (no 'Hằng năm')."""
    rows = plain_rows(n)
    usable = [d for d in DEADLINES if d != "Hằng năm"]
    return [r[:4] + (usable[i % len(usable)],) for i, r in enumerate(rows)]


def _gold(name: str, rows, pages) -> dict:
    tasks = []
    for (number, text, lead, coord, deadline), page in zip(rows, pages):
        kind, start, due = NORMALISED[deadline]
        tasks.append({"origin": "appendix", "number": number, "text": text, "lead_raw": lead,
                      "coordinators_raw": coord or None,
                      "deadline": {"raw": deadline, "kind": kind, "start": start, "due": due},
                      "source": {"page": page}})
    return {"source": {"file": f"{name}.pdf"}, "tasks": tasks}


# The two defects the late check documents combine, each in one place:
def legacy(rows, col: int, encode, only=None) -> list[tuple]:
    """The cells as printed when column `col` (0 number, 1 task, 2 lead, 3 coordinators,
    4 deadline) is typed in a legacy font: `encode` is tcvn3.encode or vni.encode; every row, or
    the row indices in `only`. The gold keeps the Unicode rows."""
    return [tuple(encode(c) if j == col and (only is None or i in only) else c for j, c in enumerate(r))
            for i, r in enumerate(rows)]


def spilled(rows, col: int, cells: dict, clear_next: bool = True) -> tuple[list[tuple], dict]:
    """Long cells {row index: text} put into column `col` and printed on one line running over
    the rules to their right (the column after it left empty in those rows unless `clear_next`
    is false). Returns the rows (printed = gold) and draw_plan's `spill`."""
    rows = list(rows)
    for i, t in cells.items():
        r = list(rows[i])
        r[col] = t
        if clear_next:
            r[col + 1] = ""
        rows[i] = tuple(r)
    return rows, {(i, col): t for i, t in cells.items()}


def plan(name: str, rows, printed=None, **draw) -> Path:
    """Draw tests/checkdocs/<name>.pdf from the printed cells (the rows themselves by default;
    `draw`: draw_plan's keywords) and write its gold from `rows`."""
    pages = draw_plan(HERE / f"{name}.pdf", rows if printed is None else printed, **draw)
    return _write(name, rows, pages)


def make() -> list[Path]:
    out = []
    # 1. lead cells spilling over the coordinator column
    rows, spill = spilled(_rows(9), 2, LONG_LEADS)
    out.append(plan("cd_spill_lead", rows, sections=SECTIONS, spill=spill))
    # 2. the last rows printed on the next page without any rule
    out.append(plan("cd_unruled_tail", _rows(12), sections=SECTIONS, unruled_tail=2, rows_per_page=12))
    # 3. the deadline column in a VNI font
    rows = _rows(8)
    out.append(plan("cd_vni_deadlines", rows, legacy(rows, 4, vni.encode), sections=SECTIONS))
    return out


def _write(name: str, rows, pages) -> Path:
    path = HERE / f"{name}.gold.json"
    path.write_text(json.dumps(_gold(name, rows, pages), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    return path


if __name__ == "__main__":
    for p in make():
        print(p)
