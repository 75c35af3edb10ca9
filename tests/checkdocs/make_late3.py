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

from tests.checkdocs.make import HERE, _rows, _write
from tests.checkpdf import draw_plan
from tests.corpus import tcvn3, vni

SECTIONS = {0: "I. Cải cách thủ tục hành chính", 6: "II. Chính quyền số"}


def make() -> list[Path]:
    out = []
    rows = _rows(10)
    printed = [(r[0], tcvn3.encode(r[1]) if i in (1, 4, 8) else r[1], r[2], r[3], r[4]) for i, r in enumerate(rows)]
    pages = draw_plan(HERE / "cd_late3_tcvn3_text.pdf", printed, sections=SECTIONS)
    out.append(_write("cd_late3_tcvn3_text", rows, pages))

    rows = _rows(10)
    leads = {2: "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Tiên Điền",
             7: "Trung tâm Phục vụ hành chính công xã Tiên Điền và Công an xã"}
    for i, lead in leads.items():
        rows[i] = (rows[i][0], rows[i][1], lead, "", rows[i][4])
    pages = draw_plan(HERE / "cd_late3_none_lead_spill.pdf", rows, sections=SECTIONS, rules="none",
                      spill={(i, 2): lead for i, lead in leads.items()})
    out.append(_write("cd_late3_none_lead_spill", rows, pages))

    rows = _rows(11)
    pages = draw_plan(HERE / "cd_late3_hrules_tail.pdf", rows, sections=SECTIONS, rules="hrules",
                      unruled_tail=2, rows_per_page=11)
    out.append(_write("cd_late3_hrules_tail", rows, pages))

    rows = _rows(10)
    printed = [(r[0], r[1], vni.encode(r[2]), r[3], r[4]) for r in rows]
    pages = draw_plan(HERE / "cd_late3_vni_leads_hrules.pdf", printed, sections=SECTIONS, rules="hrules")
    out.append(_write("cd_late3_vni_leads_hrules", rows, pages))

    rows = _rows(20)
    pages = draw_plan(HERE / "cd_late3_clean_hrules.pdf", rows, sections={0: SECTIONS[0], 10: SECTIONS[6]},
                      rules="hrules")
    out.append(_write("cd_late3_clean_hrules", rows, pages))

    rows = _rows(16)
    pages = draw_plan(HERE / "cd_late3_clean_none.pdf", rows, sections={0: SECTIONS[0], 8: SECTIONS[6]},
                      rules="none")
    out.append(_write("cd_late3_clean_none", rows, pages))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
