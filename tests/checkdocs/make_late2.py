"""Second set of late check documents: written on 2026-12-06 at 16:00 UTC, after the last change
to the self-checks of that day (commit "checks: indicator tables without target columns ..."),
and measured once, never tuned on. One printing defect each (the last one none: a clean
three-page plan, for false alarms), with the gold a clerk would type from the printed page.

    python -m tests.checkdocs.make_late2    # writes tests/checkdocs/cd_late2_*.pdf and *.gold.json

- cd_late2_tcvn3_deadlines: the deadline column typed in a TCVN3 (.VnTime) font.
- cd_late2_none_spill_text: a table without rules; two task cells printed on one line running
  over the lead column (their lead cell empty).
- cd_late2_hrules_lead_spill: horizontal rules only; two lead cells running over the
  coordinator column.
- cd_late2_vni_coordinators: the coordinator column typed in a VNI font.
- cd_late2_clean_long: 30 rows over three pages, grid rules, three sections, no defect.
Used by benchmarks/silent_errors.py (set `checkdocs`).
"""
from __future__ import annotations

from pathlib import Path

from tests.checkdocs.make import LONG_LEAD_A, LONG_LEAD_B, _rows, legacy, plan, spilled
from tests.corpus import tcvn3, vni

SECTIONS = {0: "I. Nâng cao nhận thức", 4: "II. Hạ tầng số", 8: "III. Dữ liệu số"}


def make() -> list[Path]:
    out = []
    rows = _rows(10)
    out.append(plan("cd_late2_tcvn3_deadlines", rows, legacy(rows, 4, tcvn3.encode), sections=SECTIONS))

    rows, spill = spilled(_rows(10), 1, {
        1: "Rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính tại Bộ phận Một cửa xã",
        5: "Triển khai nền tảng học tập trực tuyến mở cho cán bộ, công chức và người dân trên địa bàn"})
    out.append(plan("cd_late2_none_spill_text", rows, sections=SECTIONS, rules="none", spill=spill))

    rows, spill = spilled(_rows(10), 2, {3: LONG_LEAD_A, 7: LONG_LEAD_B})
    out.append(plan("cd_late2_hrules_lead_spill", rows, sections=SECTIONS, rules="hrules", spill=spill))

    rows = _rows(10)
    out.append(plan("cd_late2_vni_coordinators", rows, legacy(rows, 3, vni.encode), sections=SECTIONS))

    out.append(plan("cd_late2_clean_long", _rows(30), sections={0: SECTIONS[0], 10: SECTIONS[4],
                                                                20: SECTIONS[8]}))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
