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

from tests.checkdocs.make import HERE, _rows, _write
from tests.checkpdf import draw_plan
from tests.corpus import tcvn3, vni

SECTIONS = {0: "I. Nâng cao nhận thức", 4: "II. Hạ tầng số", 8: "III. Dữ liệu số"}


def make() -> list[Path]:
    out = []
    rows = _rows(10)
    printed = [r[:4] + (tcvn3.encode(r[4]),) for r in rows]
    pages = draw_plan(HERE / "cd_late2_tcvn3_deadlines.pdf", printed, sections=SECTIONS)
    out.append(_write("cd_late2_tcvn3_deadlines", rows, pages))

    rows = _rows(10)
    texts = {1: "Rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính tại Bộ phận Một cửa xã",
             5: "Triển khai nền tảng học tập trực tuyến mở cho cán bộ, công chức và người dân trên địa bàn"}
    for i, t in texts.items():
        rows[i] = (rows[i][0], t, "", rows[i][3], rows[i][4])
    pages = draw_plan(HERE / "cd_late2_none_spill_text.pdf", rows, sections=SECTIONS, rules="none",
                      spill={(i, 1): t for i, t in texts.items()})
    out.append(_write("cd_late2_none_spill_text", rows, pages))

    rows = _rows(10)
    leads = {3: "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Tiên Điền",
             7: "Trung tâm Phục vụ hành chính công xã Tiên Điền và Công an xã"}
    for i, lead in leads.items():
        rows[i] = (rows[i][0], rows[i][1], lead, "", rows[i][4])
    pages = draw_plan(HERE / "cd_late2_hrules_lead_spill.pdf", rows, sections=SECTIONS, rules="hrules",
                      spill={(i, 2): lead for i, lead in leads.items()})
    out.append(_write("cd_late2_hrules_lead_spill", rows, pages))

    rows = _rows(10)
    printed = [(r[0], r[1], r[2], vni.encode(r[3]), r[4]) for r in rows]
    pages = draw_plan(HERE / "cd_late2_vni_coordinators.pdf", printed, sections=SECTIONS)
    out.append(_write("cd_late2_vni_coordinators", rows, pages))

    rows = _rows(30)
    pages = draw_plan(HERE / "cd_late2_clean_long.pdf", rows, sections={0: SECTIONS[0], 10: SECTIONS[4],
                                                                        20: SECTIONS[8]})
    out.append(_write("cd_late2_clean_long", rows, pages))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
