"""A task table standing in the body takes its section from the body heading above it (issue 12):
"III." > "1." > "a)" gives "III.1.a)" with the heading's text; a table in an appendix, or rows
under the table's own section rows, keep what the table says."""
from __future__ import annotations

import pytest

from plan_extract.interpret import body
from plan_extract.interpret import tasks as rows
from plan_extract.model.document import Task
from plan_extract.model.parts import Line
from tests.real.gold import document_path, load_gold, real_available


def _line(text, top, page=1, x0=85.0, x1=540.0, bold=False):
    return Line(text, page, x0, top, x1, top + 12, 14.0, bold)


def _plan_lines():
    """A plan with two tables in its section III (at page 1 y=400 and page 2 y=100) and one
    after "Nơi nhận" (page 3)."""
    return [
        _line("ỦY BAN NHÂN DÂN", 40, x1=250, bold=True),
        _line("KẾ HOẠCH", 100, x0=270, x1=340, bold=True),
        _line("Tuyên truyền cải cách hành chính năm 2026", 118, x0=180, x1=430, bold=True),
        _line("I. MỤC ĐÍCH, YÊU CẦU", 160, x1=260, bold=True),
        _line("Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính.", 178, x0=121, x1=500),
        _line("III. NỘI DUNG TUYÊN TRUYỀN", 220, x1=300, bold=True),
        _line("1. Tuyên truyền trên sóng phát thanh, truyền hình", 238, x0=121, x1=420, bold=True),
        _line("a) Tổ chức chương trình đối thoại đối với các sở, ban, ngành:", 256, x0=121, x1=480),
        # table 1 at page 1, y=280..700
        _line("b) Tổ chức chương trình đối thoại đối với các xã, phường:", 60, page=2, x0=121, x1=470),
        # table 2 at page 2, y=90..400
        _line("2. Tuyên truyền trên Cổng thông tin điện tử", 420, page=2, x0=121, x1=400, bold=True),
        _line("Đăng tải tin, bài về cải cách hành chính hằng tháng.", 438, page=2, x0=121, x1=420),
        _line("IV. TỔ CHỨC THỰC HIỆN", 470, page=2, x1=280, bold=True),
        _line("Sở Nội vụ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch này.", 488, page=2, x0=121, x1=470),
        _line("Nơi nhận:", 540, page=2, x1=140, bold=True),
        _line("- Như trên;", 554, page=2, x1=140),
    ]


def test_tables_in_the_body_take_the_heading_path_above_them():
    first, second, appendix = body.places_in_body(body.read_body(_plan_lines()), [(1, 280.0), (2, 90.0), (3, 80.0)])
    assert (first.section, first.section_title) == (
        "III.1.a)", "Tổ chức chương trình đối thoại đối với các sở, ban, ngành:")
    assert (first.parent_section, first.parent_section_title) == (
        "III.1.", "Tuyên truyền trên sóng phát thanh, truyền hình")
    assert second.section == "III.1.b)"
    assert appendix is None                        # after "Nơi nhận": an appendix table


def test_a_numbered_sentence_before_the_table_is_not_its_heading():
    lines = _plan_lines()[:6] + [
        _line("1. Các sở, ngành tổ chức tuyên truyền theo lịch dưới đây.", 238, x0=121, x1=500),
        _line("2. Tuyên truyền trên Cổng thông tin điện tử", 60, page=2, x0=121, x1=400, bold=True),
    ]
    place, = body.places_in_body(body.read_body(lines), [(1, 300.0)])
    assert (place.section, place.section_title) == ("III.", "NỘI DUNG TUYÊN TRUYỀN")


def test_rows_under_the_tables_own_section_rows_keep_them():
    own = Task(id="", origin="appendix", section="I", section_title="Cải cách thể chế", number="1", text="Rà soát")
    bare = Task(id="", origin="appendix", section=None, section_title=None, number="1", text="Đối thoại")
    place, _, _ = body.places_in_body(body.read_body(_plan_lines()), [(1, 280.0), (2, 90.0), (3, 80.0)])
    rows.under_heading([own, bare], place)
    assert (own.section, own.section_title) == ("I", "Cải cách thể chế")
    assert (bare.section, bare.parent_section) == ("III.1.a)", "III.1.")
    assert rows.under_heading([bare], None) == [bare]


@pytest.mark.skipif(not real_available(), reason="real documents (../shared/real) absent")
@pytest.mark.parametrize("stem", ["lamdong-ubnd-kh-tuyentruyen-cchc-2026", "lamdong-ubnd-kh-cchc-2026",
                                  "laocai-ubnd-kh-chithi11-khoangsan-2026"])
def test_real_table_sections_against_gold(stem):
    """Tuyên truyền: two broadcast tables under body items III.1.a) and III.1.b); CCHC: an
    appendix table with its own section rows I.-VII.; Lào Cai: an appendix table without any."""
    from plan_extract import extract
    gold = load_gold(stem)
    plan = extract(document_path(gold))
    got = [((t.section or "").rstrip(".") or None, t.section_title) for t in plan.tasks if t.origin == "appendix"]
    want = [((t["section"] or "").rstrip(".") or None, t["section_title"])
            for t in gold["tasks"] if t["origin"] == "appendix"]
    assert got == want


def _unit_of(title):
    from plan_extract.normalise import units
    return body.unit_of_heading(title, units.unit_at_start)


def test_a_table_with_no_lead_column_takes_the_unit_its_section_names():
    """"1. Sở Khoa học và Công nghệ" over its tasks, no lead column: the section's unit leads them
    (or the section above it); a section naming no unit, an upper-case part title and a lead cell,
    even an empty one, give or keep what they say."""
    def task(title, lead=None, parent=None):
        return Task(id="", origin="appendix", section="1.", section_title=title, number="1", text="Rà soát",
                    lead_raw=lead, parent_section="I." if parent else None, parent_section_title=parent)
    tasks = [task("Sở Khoa học và Công nghệ"), task("Cải cách thủ tục hành chính"),
             task("CẢI CÁCH THỂ CHẾ"), task("Sở Nội vụ", lead="Sở Tài chính"), task("Sở Nội vụ", lead=""),
             task("Nhiệm vụ trọng tâm", parent="Sở Công Thương"), task(None)]
    got = [t.lead_raw for t in rows.leads_from_sections(tasks, _unit_of)]
    assert got == ["Sở Khoa học và Công nghệ", None, None, "Sở Tài chính", "", "Sở Công Thương", None]


def test_a_check_document_with_units_as_sections_reads_every_lead():
    """cd_late10_lead_sections (written by the late measure late16; this fix was tuned on it): a
    table of number, task, coordinators and deadline under section rows naming the lead."""
    from pathlib import Path
    import json
    from plan_extract import run
    pdf = Path(__file__).parent / "checkdocs" / "cd_late10_lead_sections.pdf"
    gold = json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8"))["tasks"]
    plan = run.extract(pdf, {"ocr": False})
    assert [t.lead_raw for t in plan.tasks] == [t["lead_raw"] for t in gold]
    assert all(t.lead == [t.lead_raw] for t in plan.tasks)
