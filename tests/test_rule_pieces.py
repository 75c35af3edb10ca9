"""Row rules drawn in pieces (issue 12): headless Chromium draws a table's row rules cell by
cell, one thin filled rectangle a cell, and may draw the same rule twice (the rule under a
header repeated on a new page). The held-out style `wide_funds` (12 pt landscape, row rules
only, header repeated on every page) was measured once at 9/22 task rows in its Chromium
document (mx_wide_funds_chrome): no piece was a row rule, the table was read without rules, and
from task 10 on (a two-digit number closer to its text) each row was taken for one cell across
the table; tuned on since. Pieces of one line that touch or overlap are one rule
(tables.find._join_broken_rules), so the table is read from its row rules and the columns its
header prints."""
from __future__ import annotations

import pytest

from plan_extract.tables.find import _join_broken_rules, pages_to_raw_tables
from tests.matrixdocs import extracted_and_gold, indicator_cells, open_pages, task_cells


def _rule(x0, x1, top):
    return {"object_type": "rect_edge", "orientation": "h", "x0": x0, "x1": x1, "top": top, "bottom": top,
            "width": x1 - x0, "height": 0.0}


def _extents(rules):
    return sorted((round(e["x0"], 2), round(e["x1"], 2), round(e["top"], 2), tuple(e.get("gaps") or ()))
                  for e in rules)


def test_pieces_that_touch_are_one_rule():
    cuts = [57.0, 84.0, 339.0, 420.0, 519.75, 636.75, 718.5, 786.0]
    # a rule drawn cell by cell: each piece a filled rectangle 0.75 pt tall (its top and bottom edge)
    drawn = [_rule(a, b, y) for a, b in zip(cuts, cuts[1:]) for y in (120.0, 120.75)]
    assert _extents(_join_broken_rules(drawn, 3.0)) == [(57.0, 786.0, 120.0, ())]
    # the same rule drawn twice, and pieces that overlap
    twice = drawn + [dict(e) for e in drawn] + [_rule(300.0, 450.0, 120.0)]
    assert _extents(_join_broken_rules(twice, 3.0)) == [(57.0, 786.0, 120.0, ())]
    # a rule left open over a column (a merged cell) is a row rule with a gap when the table has
    # a whole rule of its extent (here: one drawn in pieces); without one, the pieces stay apart
    open_rule = [_rule(57.0, 84.0, 200.0), _rule(339.0, 786.0, 200.0)]
    assert _extents(_join_broken_rules(drawn + open_rule, 3.0)) == [
        (57.0, 786.0, 120.0, ()), (57.0, 786.0, 200.0, ((84.0, 339.0),))]
    assert _extents(_join_broken_rules(open_rule, 3.0)) == [(57.0, 84.0, 200.0, ()), (339.0, 786.0, 200.0, ())]
    # two rules side by side further apart than the tolerance are two rules
    assert len(_join_broken_rules([_rule(57.0, 300.0, 50.0), _rule(310.0, 500.0, 50.0)], 3.0)) == 2


def test_a_part_under_a_header_rule_drawn_twice_is_read_from_its_rules():
    """Page 4 of mx_wide_funds_chrome draws the rule under its repeated header twice: the part is
    still one table ruled into its rows, each task's number in the number column."""
    src = open_pages("mx_wide_funds_chrome")
    part = [t for t in pages_to_raw_tables(src.pages) if t.page == 4][0]
    assert part.method == "lattice" and part.meta.continues_previous
    assert [r[0].text.split()[0] for r in part.rows[1:]] == ["12", "13", "III", "14", "15", "16", "17"]
    assert all(len([c for c in r if c is not None]) == 7 for r in part.rows if not r[0].text.startswith("III"))


@pytest.mark.parametrize("doc", ["mx_wide_funds_chrome", "mx_wide_funds_docx", "mx_wide_funds_rl"])
def test_row_rules_drawn_in_pieces_read_cell_for_cell(doc):
    plan, gold = extracted_and_gold(doc)
    assert [task_cells(t) for t in plan["tasks"]] == [task_cells(t) for t in gold["tasks"]]
    assert [indicator_cells(i) for i in plan["indicators"]] == [indicator_cells(i) for i in gold["indicators"]]
    assert not [i for i in plan["issues"] if i["code"] in ("task-read-as-section", "table-not-found")]
