"""Two readings of what is printed that the tables' cells alone do not give: a date broken at its
slash over two lines of a cell, and a table without a number column whose task cells open with
the item's number (held-out matrix style `number_in_text`, tuned on after its one measure)."""
from __future__ import annotations

from pathlib import Path

import pytest

from plan_extract import run
from plan_extract.interpret.tasks import numbers_from_text
from plan_extract.model import document as model
from plan_extract.text import join_lines

MATRIX = Path(__file__).resolve().parent / "corpus" / "pdf" / "matrix"


def test_a_date_broken_at_its_slash_is_joined_without_a_space():
    assert join_lines(["Trước 30/6/", "2026"]) == "Trước 30/6/2026"
    assert join_lines(["Quyết định số 15/", "QĐ-UBND"]) == "Quyết định số 15/ QĐ-UBND"   # not a digit: as printed
    assert join_lines(["Trước ngày 15", "/12/2026"]) == "Trước ngày 15/12/2026"
    assert join_lines(["Sở Tư pháp", "2026"]) == "Sở Tư pháp 2026"


def _tasks(texts):
    return [model.Task(id="", origin="appendix", section=None, section_title=None, number=None, text=t)
            for t in texts]


def test_numbers_taken_from_the_text_only_when_the_numbering_runs():
    got = numbers_from_text(_tasks(["1. Rà soát văn bản", "2. Kiểm tra", "3) Báo cáo", "1. Tổ chức hội nghị"]))
    assert [(t.number, t.text) for t in got] == [("1", "Rà soát văn bản"), ("2", "Kiểm tra"), ("3", "Báo cáo"),
                                                 ("1", "Tổ chức hội nghị")]
    # numbers that do not run in sequence are part of the text (a year, a count)
    kept = numbers_from_text(_tasks(["5. Một", "12. Hai", "3. Ba", "40. Bốn"]))
    assert [t.number for t in kept] == [None] * 4 and kept[0].text == "5. Một"
    # two rows of ten opening with a number are not the table's numbering
    few = numbers_from_text(_tasks(["1. Một", "2. Hai"] + ["Việc khác"] * 8))
    assert all(t.number is None for t in few)


@pytest.mark.parametrize("producer", ["docx", "rl", "chrome"])
def test_number_printed_in_the_task_cell(producer):
    plan = run.extract(MATRIX / f"mx_number_in_text_{producer}.pdf", {"ocr": False})
    numbers = [t.number for t in plan.tasks]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)] and len(numbers) >= 10
    assert not any(t.text[:1].isdigit() for t in plan.tasks)
