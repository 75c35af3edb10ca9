"""Fourth set of late check documents: written on 2026-12-06 at 17:50 UTC by the independent
measurer (not by a session that changed the checks or the table stage), measured once on the
final code of that day and never tuned on. Printing defects in combinations the first three sets
lack (two of them new: a lead cell merged over several rows, a row broken over a page break),
and clean documents for false alarms, each with the gold a clerk would type from the printed page.

    python -m tests.checkdocs.make_late4    # writes tests/checkdocs/cd_late4_*.pdf and *.gold.json

- cd_late4_merged_lead: ruled grid; one lead cell printed over rows 2-4 and another over rows
  9-10 (vertically merged, centred, no rule across them): the clerk types the lead on each row.
- cd_late4_merged_lead_hrules: horizontal rules only, the same merged lead cells.
- cd_late4_split_rows: ruled grid, 34 rows flowing to the foot of each page; the rows that do
  not fit are broken over the page break (their first lines at the foot, the rest under the
  repeated header), as a word processor prints them.
- cd_late4_tcvn3_leads_hrules_tail: horizontal rules only, the lead column typed in a TCVN3
  (.VnTime) font, the last two rows on a new page without rules.
- cd_late4_vni_none_spill: no rules, the deadline column typed in a VNI font, one lead cell
  running over the (empty) coordinator column.
- cd_late4_number_missing: ruled grid; two rows printed without their number (the typist's
  omission): the clerk types them with an empty number.
- cd_late4_clean_grid_long: 24 rows over two pages, three sections, no defect.
- cd_late4_clean_none: 14 rows, no rules, three sections, no defect.
Used by benchmarks/silent_errors.py (set `checkdocs`; `--prefix cd_late4_`).

Measured once, 2026-12-06 19:00 UTC on main 2bcec24: 126 gold rows, silent 1 (0.8%), false
alarms 4/121 (3.3%; 2/93 = 2.2% on the documents read fully right); silent: merged_lead_hrules rows 9-10 read as one row "9 10" (two texts,
both coordinators, deadline "Thường xuyên Quý IV/2025" taken as continuous), unflagged; the same
document's rows 2-4 fused into "2 3 4" (flagged); false alarms: number-gap on the row after a
fused run (2) and on the rows printed without a number (2, number_missing).
"""
from __future__ import annotations

from pathlib import Path

from tests.checkdocs.make import LONG_LEAD_A, _rows, legacy, plan, spilled
from tests.corpus import tcvn3, vni

SECTIONS = {0: "I. Chuyển đổi số trong cơ quan nhà nước", 7: "II. Kinh tế số và xã hội số"}
SECTIONS3 = {0: SECTIONS[0], 8: SECTIONS[7], 16: "III. Bảo đảm an toàn thông tin"}
# longer task cells (four or five printed lines), so that page breaks fall inside rows
LONGER = (" và các hệ thống thông tin dùng chung của tỉnh, bảo đảm kết nối, chia sẻ dữ liệu thông suốt "
          "giữa các cấp chính quyền")


def _merged(n: int, runs: dict) -> list[tuple]:
    """_rows(n) where each run {first row: length} has its first row's lead on every row."""
    rows = _rows(n)
    for start, length in runs.items():
        for i in range(start + 1, start + length):
            rows[i] = rows[i][:2] + (rows[start][2],) + rows[i][3:]
    return rows


def make() -> list[Path]:
    out = []
    runs = {1: 3, 8: 2}
    out.append(plan("cd_late4_merged_lead", _merged(11, runs), sections=SECTIONS, merge_lead=runs))
    out.append(plan("cd_late4_merged_lead_hrules", _merged(11, runs), sections=SECTIONS, rules="hrules",
                    merge_lead=runs))

    rows = _rows(34)
    for i in range(2, 34, 3):
        rows[i] = (rows[i][0], rows[i][1] + LONGER) + rows[i][2:]
    out.append(plan("cd_late4_split_rows", rows, sections=SECTIONS3, bottom=770.0, rows_per_page=99))

    rows = _rows(12)
    out.append(plan("cd_late4_tcvn3_leads_hrules_tail", rows, legacy(rows, 2, tcvn3.encode), sections=SECTIONS,
                    rules="hrules", unruled_tail=2, rows_per_page=12))

    rows, spill = spilled(_rows(10), 2, {4: LONG_LEAD_A})
    out.append(plan("cd_late4_vni_none_spill", rows, legacy(rows, 4, vni.encode), sections=SECTIONS,
                    rules="none", spill=spill))

    rows = _rows(10)
    for i in (3, 8):
        rows[i] = ("",) + rows[i][1:]
    out.append(plan("cd_late4_number_missing", rows, sections=SECTIONS))

    out.append(plan("cd_late4_clean_grid_long", _rows(24), sections=SECTIONS3))
    out.append(plan("cd_late4_clean_none", _rows(14), sections={0: SECTIONS[0], 5: SECTIONS[7],
                                                               10: SECTIONS3[16]}, rules="none"))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
