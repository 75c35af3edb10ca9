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



def make() -> list[Path]:
    out = []
    # 1. lead cells spilling over the coordinator column
    rows = _rows(9)
    long_leads = {2: "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Tiên Điền",
                  6: "Trung tâm Phục vụ hành chính công xã Tiên Điền và Công an xã"}
    for i, lead in long_leads.items():
        rows[i] = (rows[i][0], rows[i][1], lead, "", rows[i][4])
    spill = {(i, 2): lead for i, lead in long_leads.items()}
    pages = draw_plan(HERE / "cd_spill_lead.pdf", rows, sections=SECTIONS, spill=spill)
    out.append(_write("cd_spill_lead", rows, pages))
    # 2. the last rows printed on the next page without any rule
    rows = _rows(12)
    pages = draw_plan(HERE / "cd_unruled_tail.pdf", rows, sections=SECTIONS, unruled_tail=2,
                      rows_per_page=12)
    out.append(_write("cd_unruled_tail", rows, pages))
    # 3. the deadline column in a VNI font
    rows = _rows(8)
    printed = [r[:4] + (vni.encode(r[4]),) for r in rows]
    pages = draw_plan(HERE / "cd_vni_deadlines.pdf", printed, sections=SECTIONS)
    out.append(_write("cd_vni_deadlines", rows, pages))
    return out


def _write(name: str, rows, pages) -> Path:
    path = HERE / f"{name}.gold.json"
    path.write_text(json.dumps(_gold(name, rows, pages), ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    return path


if __name__ == "__main__":
    for p in make():
        print(p)
