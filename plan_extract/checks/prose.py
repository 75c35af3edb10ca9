"""Numbered lists of targets in prose: a partly read list is never silent.

Under a targets heading ("Mục tiêu", "Chỉ tiêu": vocab/body.yaml target_sections) a plan may list
its targets as numbered prose items ("(1) Tổng sản phẩm ... đạt 361,6 nghìn tỷ đồng. Cơ cấu kinh
tế: ..."), read by interpret/prose_targets.py when interpret.body.read_body made the document's Body. An item whose clauses hold a figure the grammar
could not read as a target is reported, with its page, its number and its opening words:

  target-item-unread   a numbered item under a targets heading that holds a figure (a number
                       other than a year) and yielded no indicator
  target-item-partial  a numbered item that yielded indicators while one of its clauses holding a
                       figure yielded none (the message quotes that clause)

Both are document-level (Issue.row = None, Issue.page = the item's page) and say rows may be
missing (checks.rows.MISSING_ROW_CODES): the review asks for a look. A clause without a figure
("đạt bao phủ bảo hiểm y tế toàn dân") is a goal, not a target, and is not reported.
"""
from __future__ import annotations

from plan_extract.checks.rows import review_of
from plan_extract.interpret import body
from plan_extract.model.document import Plan

CODES = ("target-item-unread", "target-item-partial")


def _opening(text: str, words: int = 12) -> str:
    ws = text.split()
    return " ".join(ws[:words]) + (" …" if len(ws) > words else "")


def check_prose_targets(plan: Plan, prose: body.Body) -> Plan:
    """Add the issues above to `plan` (in place), renew its review, and return it. `prose` is
    the document's body as interpret.body.read_body read it."""
    before = len(plan.issues)
    for item in prose.target_items:
        targets, unread = item.targets, item.unread
        if not unread:
            continue
        if not targets:
            plan.warn("target-item-unread",
                      f"Mục {item.number} trong phần chỉ tiêu có số liệu nhưng không đọc được chỉ tiêu nào: "
                      f"“{_opening(item.text)}”. Cần nhập tay.", item.page)
        else:
            plan.warn("target-item-partial",
                      f"Mục {item.number} trong phần chỉ tiêu chỉ đọc được {len(targets)} chỉ tiêu; "
                      f"phần có số liệu chưa đọc: “{_opening(unread[0])}”. Cần kiểm tra.", item.page)
    if len(plan.issues) > before:
        plan.review = review_of(plan)
    return plan
