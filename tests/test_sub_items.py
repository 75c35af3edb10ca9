"""Sub-items of a numbered task ("a) Tại các chợ ...", an empty number cell) are a grammar the
plans use, not rows cut mid-sentence: no text-cut, cut-word or rows-split on them
(plan_extract/checks/rows.py, sub_item_marker)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from plan_extract import run
from plan_extract.checks.rows import cut_words, sub_item_marker

DOC = Path(__file__).resolve().parent / "checkdocs" / "cd_late5_subitems.pdf"


@pytest.mark.parametrize("reader", ["pdfplumber", "pdfium"])
def test_sub_item_rows_are_read_whole_and_not_doubted(reader):
    plan = run.extract(DOC, {"ocr": False, "reader": reader})
    gold = json.loads(DOC.with_name("cd_late5_subitems.gold.json").read_text(encoding="utf-8"))
    assert [(t.number, t.text) for t in plan.tasks] == [(t["number"], t["text"]) for t in gold["tasks"]]
    subs = [t for t in plan.tasks if sub_item_marker(t.text)]
    assert [sub_item_marker(t.text) for t in subs] == ["a)", "b)", "c)", "a)", "b)"]
    assert all(t.doubts == [] for t in plan.tasks), [(t.number, t.text[:20], t.doubts) for t in plan.tasks]
    assert not any(i.code in ("rows-split", "text-cut", "cut-word") for i in plan.issues)


def test_the_marker_needs_a_capital_or_a_digit_after_it():
    assert sub_item_marker("b) Tại các cửa hàng tiện lợi") == "b)"
    assert sub_item_marker("(c) Ủy ban nhân dân các xã") == "(c)"
    assert sub_item_marker("đ) 15 xã hoàn thành") == "đ)"
    # a row cut mid-sentence opens with a small letter and no marker, or a marker and a small word
    assert sub_item_marker("b) tại các cửa hàng") is None
    assert sub_item_marker("ban hành kế hoạch") is None
    assert cut_words("b) Tại các cửa hàng tiện lợi") == []
    assert cut_words("nh Ủy ban nhân dân xã ân", True) != []
