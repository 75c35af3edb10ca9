"""Tables of any layout (issue 12), on the layout matrix PDFs (tests/corpus/pdf/matrix, not the
held-out styles): a frame with horizontal rules only (columns from the printed text, whose
gutters move from page to page: its parts still join), rules
without a frame (rows between rules), no rules at all and a header rule only (wrapped labels
centred around the header line), a split row whose bottom rule is missing (column rules cut
the box) or printed below the last rule with the page's space left empty, a row's rest at the
top of a page without its top rule and without a repeated header, one cell naming both roles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from plan_extract import extract

CORPUS = Path(__file__).parent / "corpus"
INDEX = {e["id"]: e for e in json.loads((CORPUS / "matrix.json").read_text(encoding="utf-8"))["documents"]}


def _cells(t: dict) -> tuple:
    return (t["number"], t["text"], t["lead_raw"], t["coordinators_raw"], (t["deadline"] or {}).get("raw"),
            t["section"], t["section_title"])


@pytest.mark.parametrize("doc", ["mx_frame_hrules_docx", "mx_frame_hrules_chrome", "mx_frame_hrules_rl", "mx_new_headers_a_chrome",
                                 "mx_combined_lead_rl", "mx_hrules_docx", "mx_hrules_chrome", "mx_no_rules_rl",
                                 "mx_header_rule_docx", "mx_split_rows_rl", "mx_no_repeat_header_rl"])
def test_matrix_layout_read_cell_for_cell(doc):
    e = INDEX[doc]
    assert not e["held_out"]
    gold = json.loads((CORPUS / e["gold"]).read_text(encoding="utf-8"))
    plan = extract(CORPUS / e["pdf"])
    assert [_cells(t) for t in plan.to_dict()["tasks"]] == [_cells(t) for t in gold["tasks"]]
