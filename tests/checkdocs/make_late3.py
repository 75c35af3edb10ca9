"""Third set of late check documents: written on 2026-12-06 at 16:06 UTC, after the last change
to the self-checks of that day (Latin-1 symbols inside words, coordinators read into the lead
cell), measured once and never tuned on. One printing defect each, or none (the clean ones, for
false alarms), with the gold a clerk would type from the printed page.

    python -m tests.checkdocs.make_late3    # writes tests/checkdocs/cd_late3_*.pdf and *.gold.json

- cd_late3_tcvn3_text: three task cells typed in a TCVN3 (.VnTime) font.
- cd_late3_none_lead_spill: a table without rules; two lead cells running over the coordinators.
- cd_late3_hrules_tail: horizontal rules only; the last two rows on a new page without rules.
- cd_late3_vni_leads_hrules: horizontal rules only; the lead column typed in a VNI font.
- cd_late3_clean_hrules: 20 rows, horizontal rules only, no defect.
- cd_late3_clean_none: 16 rows, no rules, no defect.
Used by benchmarks/silent_errors.py (set `checkdocs`).
"""
from __future__ import annotations

from pathlib import Path

from tests.checkdocs.make import LONG_LEAD_A, LONG_LEAD_B, _rows, legacy, plan, spilled
from tests.corpus import tcvn3, vni

SECTIONS = {0: "I. Cải cách thủ tục hành chính", 6: "II. Chính quyền số"}


def make() -> list[Path]:
    out = []
    rows = _rows(10)
    out.append(plan("cd_late3_tcvn3_text", rows, legacy(rows, 1, tcvn3.encode, only=(1, 4, 8)),
                    sections=SECTIONS))

    rows, spill = spilled(_rows(10), 2, {2: LONG_LEAD_A, 7: LONG_LEAD_B})
    out.append(plan("cd_late3_none_lead_spill", rows, sections=SECTIONS, rules="none", spill=spill))

    out.append(plan("cd_late3_hrules_tail", _rows(11), sections=SECTIONS, rules="hrules", unruled_tail=2,
                    rows_per_page=11))

    rows = _rows(10)
    out.append(plan("cd_late3_vni_leads_hrules", rows, legacy(rows, 2, vni.encode), sections=SECTIONS,
                    rules="hrules"))

    out.append(plan("cd_late3_clean_hrules", _rows(20), sections={0: SECTIONS[0], 10: SECTIONS[6]},
                    rules="hrules"))

    out.append(plan("cd_late3_clean_none", _rows(16), sections={0: SECTIONS[0], 8: SECTIONS[6]},
                    rules="none"))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
