"""Stable row ids (plan_extract.model.ids): from a row's content and place, not its position."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from plan_extract.model.document import Issue, Plan, SourceInfo, Task
from plan_extract.model.ids import assign_ids, normalise_label, normalise_text, row_key, stable_ids

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "corpus" / "data"


def _task(text, section="I", number="1", origin="appendix"):
    return Task(id="", origin=origin, section=section, section_title=None, number=number, text=text)


def test_normalisation_ignores_spelling_variants_and_punctuation():
    assert normalise_text("- Tổ chức tập huấn,  kỹ năng số…") == "to chuc tap huan ky nang so"
    # old / new tone-mark placement, NFD input, and an OCR slip on a tone mark give one key
    assert normalise_text("Phòng Văn hoá - Xã hội") == normalise_text("Phòng Văn hóa – Xã hội")
    import unicodedata
    assert normalise_text(unicodedata.normalize("NFD", "Tuyên truyền")) == "tuyen truyen"
    assert normalise_label("II.") == "II" and normalise_label("1.2.") == "1.2"
    assert normalise_label("(3)") == "3" and normalise_label(None) == ""


def test_only_the_opening_words_count():
    long = " ".join(f"từ{n}" for n in range(40))
    assert row_key("appendix", "I", "1", long) == row_key("appendix", "I", "1", long + " thêm")


def test_ids_do_not_depend_on_position_and_collisions_are_ordered():
    plan = Plan(source=SourceInfo("x.pdf", "0" * 64, 1),
                tasks=[_task("Tuyên truyền"), _task("Tập huấn", number="2")])
    assign_ids(plan)
    ids = [t.id for t in plan.tasks]
    assert all(i.startswith("T-") and len(i) == 10 for i in ids)
    plan2 = Plan(source=SourceInfo("y.pdf", "1" * 64, 1),
                 tasks=[_task("Một nhiệm vụ mới", section="A"), _task("Tập huấn", number="2"),
                        _task("Tuyên truyền")])
    assign_ids(plan2)
    assert {t.text: t.id for t in plan2.tasks}["Tuyên truyền"] == ids[0]
    assert {t.text: t.id for t in plan2.tasks}["Tập huấn"] == ids[1]
    # one task printed twice under one section: first keeps the id, the next gets "-2"
    same = stable_ids("T", ["k", "k", "other", "k"])
    assert same[0] != same[2] and same[1] == same[0] + "-2" and same[3] == same[0] + "-3"


def test_issues_follow_their_row():
    plan = Plan(source=SourceInfo("x.pdf", "0" * 64, 1), tasks=[_task("Tuyên truyền")],
                issues=[Issue("warning", "unknown-unit", "...", None, "old")])
    plan.tasks[0].id = "old"
    assign_ids(plan)
    assert plan.issues[0].row == plan.tasks[0].id


def _render(data: dict, path: Path) -> Path:
    from tests.corpus import render_html
    try:
        render_html.register_fonts()
    except RuntimeError as e:
        pytest.skip(f"Liberation fonts missing: {e}")
    render_html.render(data, path)
    return path


def test_table_task_ids_survive_a_paragraph_gained_in_the_body(tmp_path):
    """The same plan twice, the second with one more body task (and a paragraph): every table
    task keeps its id, although each table task moves one place down the document."""
    from plan_extract.run import extract
    data = yaml.safe_load((DATA / "mini_example.yaml").read_text(encoding="utf-8"))
    grown = copy.deepcopy(data)
    at = next(n for n, b in enumerate(grown["body"]) if b.get("kind") == "unit_heading") + 1
    grown["body"][at:at] = [
        {"kind": "bullet", "task": True, "deadline": "Quý IV/2025",
         "text": "Rà soát, cập nhật danh mục dịch vụ công trực tuyến toàn trình của xã, hoàn thành trong Quý IV/2025."},
    ]
    grown["body"].insert(1, {"kind": "para", "text": "Căn cứ tình hình thực tế của địa phương, "
                             "Ủy ban nhân dân xã bổ sung nội dung sau đây."})
    a = extract(_render(data, tmp_path / "a.pdf"), {"ocr": False})
    b = extract(_render(grown, tmp_path / "b.pdf"), {"ocr": False})
    body_a = [t for t in a.tasks if t.origin == "body"]
    body_b = [t for t in b.tasks if t.origin == "body"]
    assert len(body_b) == len(body_a) + 1, [t.text for t in body_b]
    table_a = [(t.text, t.id) for t in a.tasks if t.origin == "appendix"]
    table_b = [(t.text, t.id) for t in b.tasks if t.origin == "appendix"]
    assert len(table_a) == 3 and table_a == table_b
    # positions did shift: a document-order id would have renumbered every table task
    assert [a.tasks.index(t) for t in a.tasks if t.origin == "appendix"] != \
        [b.tasks.index(t) for t in b.tasks if t.origin == "appendix"]
    # the body task that was there before keeps its id too
    assert body_a[0].id in {t.id for t in body_b}
    assert len({t.id for t in b.tasks}) == len(b.tasks)
    assert len({i.id for i in b.indicators}) == len(b.indicators) and \
        [i.id for i in a.indicators] == [i.id for i in b.indicators]


def test_the_parent_section_is_part_of_the_place():
    a = Task(id="", origin="appendix", section="1.", section_title=None, number="1", text="Rà soát")
    b = Task(id="", origin="appendix", section="1.", section_title=None, number="1", text="Rà soát")
    a.parent_section, b.parent_section = "I", "II"
    plan = Plan(source=SourceInfo("x.pdf", "0" * 64, 1), tasks=[a, b])
    assign_ids(plan)
    assert not a.id.endswith("-2") and not b.id.endswith("-2") and a.id != b.id
    assert row_key("appendix", "1.", "1", "Rà soát") != row_key("appendix", "1.", "1", "Rà soát", "I")
