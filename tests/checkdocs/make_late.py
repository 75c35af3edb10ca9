"""Late check documents: written on 2026-12-06 after the self-checks of that day were finished
(the checks were not changed after these were first measured). Each has one printing defect and
the gold a clerk would type from the printed page.

    python -m tests.checkdocs.make_late     # writes tests/checkdocs/cd_late_*.pdf and *.gold.json

- cd_late_tcvn3_leads: the lead column typed in a TCVN3 (.VnTime) font, the rest in Unicode.
- cd_late_hrules_spill: a table with horizontal rules only; two coordinator cells printed on one
  line running over the deadline column.
- cd_late_none_tail: a table without any rule whose last three rows are printed on a new page.
- cd_late_vni_text: two task cells typed in a VNI font inside a Unicode table.
Used by benchmarks/silent_errors.py (set `checkdocs`).
"""
from __future__ import annotations

from pathlib import Path

from tests.checkdocs.make import HERE, SECTIONS, _rows, _write
from tests.checkpdf import draw_plan
from tests.corpus import tcvn3, vni


def make() -> list[Path]:
    out = []
    rows = _rows(10)
    printed = [(r[0], r[1], tcvn3.encode(r[2]), r[3], r[4]) for r in rows]
    pages = draw_plan(HERE / "cd_late_tcvn3_leads.pdf", printed, sections=SECTIONS)
    out.append(_write("cd_late_tcvn3_leads", rows, pages))

    rows = _rows(11)
    long_coord = {3: "Phòng Văn hóa - Xã hội và Trung tâm Phục vụ hành chính công xã",
                  8: "Công an xã, Phòng Kinh tế và Văn phòng HĐND và UBND xã"}
    for i, c in long_coord.items():
        rows[i] = (rows[i][0], rows[i][1], rows[i][2], c, rows[i][4])
    pages = draw_plan(HERE / "cd_late_hrules_spill.pdf", rows, sections=SECTIONS, rules="hrules",
                      spill={(i, 3): c for i, c in long_coord.items()})
    out.append(_write("cd_late_hrules_spill", rows, pages))

    rows = _rows(13)
    pages = draw_plan(HERE / "cd_late_none_tail.pdf", rows, sections=SECTIONS, rules="none",
                      unruled_tail=3, rows_per_page=13)
    out.append(_write("cd_late_none_tail", rows, pages))

    rows = _rows(9)
    printed = [(r[0], vni.encode(r[1]) if i in (2, 6) else r[1], r[2], r[3], r[4]) for i, r in enumerate(rows)]
    pages = draw_plan(HERE / "cd_late_vni_text.pdf", printed, sections=SECTIONS)
    out.append(_write("cd_late_vni_text", rows, pages))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
