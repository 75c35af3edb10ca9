"""Header labels of narrow borderless columns printed so close that they read as one phrase
("Năm 2026 Năm 2027 Năm 2028" over three year columns) are one label per column when the body
leaves a gutter between the label's word groups (tables.find.split_joined_labels); a phrase over
side-by-side labels is no parent label; a page after the table whose words run across the
table's column boundaries (a signature block) does not continue it."""
from __future__ import annotations

import json
from pathlib import Path

from plan_extract import extract
from plan_extract.tables.find import split_joined_labels
from tests.matrixdocs import indicator_cells

CHECKDOCS = Path(__file__).resolve().parent / "checkdocs"


def test_three_year_columns_under_one_printed_phrase_are_three_columns():
    """cd_late7_indicator_shading (a late check document, measured once: the shaded indicator
    table without rules read 'Năm 2026 Năm 2027 Năm 2028' as one column, so all 8 indicators had
    no target; tuned on since): 8 indicators with their three targets each as the gold has them,
    and the signature block on page 2 is not the last indicator's rest."""
    name = "cd_late7_indicator_shading"
    plan = extract(CHECKDOCS / f"{name}.pdf").to_dict()
    gold = json.loads((CHECKDOCS / f"{name}.gold.json").read_text(encoding="utf-8"))
    assert len(plan["indicators"]) == len(gold["indicators"]) == 8
    assert [indicator_cells(i) for i in plan["indicators"]] == [indicator_cells(i) for i in gold["indicators"]]
    assert [_task(t) for t in plan["tasks"]] == [_task(t) for t in gold["tasks"]]
    assert plan["indicators"][0]["targets"]["2027"]["raw"] == "≥ 70%"
    assert not [i for i in plan["issues"] if i["code"] == "indicator-no-target"]


def _task(t: dict) -> tuple:
    return t["number"], t["text"], t["lead_raw"], t["coordinators_raw"] or "", t["deadline"]["raw"]


def _word(x0: float, text: str, top: float, width: float = 5.0) -> list[dict]:
    """A word's glyphs, one per letter, `width` points each, 10 pt high."""
    return [{"text": ch, "x0": x0 + k * width, "x1": x0 + (k + 1) * width, "top": top, "bottom": top + 10,
             "size": 10.0} for k, ch in enumerate(text)]


def _line(words: list[tuple[float, str]], top: float) -> list[dict]:
    return [c for x0, text in words for c in _word(x0, text, top)]


def test_only_labels_the_body_splits_are_cut():
    # 'Năm 2026 Năm 2027' (x 100-185) over two columns of figures at x 100 and 145
    header = [_line([(100, "Năm"), (120, "2026"), (145, "Năm"), (165, "2027")], 50)]
    body = [_line([(100, "85%"), (145, "90%")], 70 + 15 * k) for k in range(4)]
    assert split_joined_labels([(100.0, 185.0)], header, body) == [(100.0, 140.0), (145.0, 185.0)]
    # the same label over one column of sentences: the body's words close every gap
    words = [(100 + 12 * k, "ab") for k in range(8)]
    prose = [_line(words, 70 + 15 * k) for k in range(4)]
    assert split_joined_labels([(100.0, 185.0)], header, prose) == [(100.0, 185.0)]
    # 'Đơn vị tính' over a unit ('%' under one word only): one column
    unit = [_line([(100, "Đơn"), (120, "vị"), (135, "tính")], 50)]
    percent = [_line([(121, "%")], 70 + 15 * k) for k in range(4)]
    assert split_joined_labels([(100.0, 155.0)], unit, percent) == [(100.0, 155.0)]
