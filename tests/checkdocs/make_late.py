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

from tests.checkdocs.make import SECTIONS, _rows, legacy, plan, spilled
from tests.corpus import tcvn3, vni


def make() -> list[Path]:
    out = []
    rows = _rows(10)
    out.append(plan("cd_late_tcvn3_leads", rows, legacy(rows, 2, tcvn3.encode), sections=SECTIONS))

    # the spilled coordinator cells run over a deadline cell that is printed too
    rows, spill = spilled(_rows(11), 3, {3: "Phòng Văn hóa - Xã hội và Trung tâm Phục vụ hành chính công xã",
                                         8: "Công an xã, Phòng Kinh tế và Văn phòng HĐND và UBND xã"},
                          clear_next=False)
    out.append(plan("cd_late_hrules_spill", rows, sections=SECTIONS, rules="hrules", spill=spill))

    out.append(plan("cd_late_none_tail", _rows(13), sections=SECTIONS, rules="none", unruled_tail=3,
                    rows_per_page=13))

    rows = _rows(9)
    out.append(plan("cd_late_vni_text", rows, legacy(rows, 1, vni.encode, only=(2, 6)), sections=SECTIONS))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
