"""Logical tables -> task rows: column roles by header meaning (vocab/headers.yaml), section
rows carried onto the tasks below them, every other column kept in `extra`.

Public: role_of(label), column_roles(header), classify_table(table), is_section_row(...),
table_to_tasks(table). indicators.py uses column_roles for the indicator grids.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence


from plan_extract.model import document as model
from plan_extract import text as tx
from plan_extract.model.parts import LogicalTable, Row
from plan_extract.tables.headers import (HEADERS_FILE, ROLES, TASK_FIELD_ROLES, classify_table,  # noqa: F401 (re-exported)
                                         column_roles, is_numbering_row, is_unit_line, names_lead_and_coordinators,
                                         role_of,
                                         split_role_cell, split_role_phrase, table_roles)

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_SECTION_NUMBER = re.compile(rf"^(?:{_ROMAN}|[A-ZĐ])\.?$")
_ARABIC = re.compile(r"^\d+(?:\.\d+)*\.?$")


def _texts(row: Row) -> list[str]:
    return [c.text if c is not None else "" for c in row.cells]


def is_section_row(row: Row, roles: Sequence[str]) -> bool:
    """A row that groups the tasks below it: 'I', 'II.', 'A', 'B.' in the number column, or a
    bold row with a number and text only, or one cell spanning the whole table."""
    texts = _texts(row)
    number = _cell_for(texts, roles, "number")
    filled = [i for i, t in enumerate(texts) if t.strip()]
    detail = [i for i, r in enumerate(roles) if r in ("lead", "coordinators", "deadline") and texts[i].strip()]
    spanning = any(c is not None and c.colspan >= max(2, len(roles) - 1) for c in row.cells)
    if not filled:
        return False
    if _SECTION_NUMBER.match(number.strip()) and number.strip() and not detail:
        return True
    if spanning and not detail:      # one cell across the table: a group title (bold or not:
        return True                  # OCR cannot tell bold)
    bold = [row.cells[i] for i in filled if row.cells[i] is not None]
    if row.is_section and not detail:
        return True
    if bold and all(c.bold for c in bold) and not detail and (not number.strip() or _ARABIC.match(number.strip()) or
                                                               _SECTION_NUMBER.match(number.strip())):
        return True
    return False


#: Task fields read from a table column, by the column's role (source.ocr keys).
OCR_FIELDS = {"number": "number", "task": "text", "lead": "lead_raw", "coordinators": "coordinators_raw",
              "deadline": "deadline_raw"}


def ocr_readings(row: Row, columns: dict[str, int]) -> dict[str, dict]:
    """Provenance of the cells an OCR'd row was read from: field -> {"confidence": the cell's
    mean word confidence, "lowest": its lowest word confidence, "unsure": its words read below
    ocr.page.UNSURE_CELL_CONF (when any), "second_reading": a high-risk cell's other reading
    when it differed}. `columns`: field -> column index. Empty for rows not read by OCR."""
    out: dict[str, dict] = {}
    for name, i in columns.items():
        cell = row.cells[i] if 0 <= i < len(row.cells) else None
        if cell is None or (cell.conf is None and cell.reread is None):
            continue
        entry: dict = {"confidence": cell.conf}
        if cell.low is not None:
            entry["lowest"] = cell.low
        if cell.unsure:
            entry["unsure"] = list(cell.unsure)
        if cell.reread is not None:
            entry["second_reading"] = cell.reread
        out[name] = entry
    return out


def _cell_for(texts: Sequence[str], roles: Sequence[str], role: str) -> str:
    for t, r in zip(texts, roles):
        if r == role:
            return t
    return ""


_LEADING_NUMBER = re.compile(rf"^((?:{_ROMAN}|[A-ZĐ]|\d+(?:\.\d+)*)\.?)(?:\s+|$)(.*)$", re.S)


def split_section_text(text: str) -> tuple[str, str]:
    """'I. Nâng cao nhận thức' -> ('I.', 'Nâng cao nhận thức'); no leading number -> ('', text)."""
    m = _LEADING_NUMBER.match(text.strip())
    if m and m.group(1):
        return m.group(1), m.group(2).strip()
    return "", text.strip()


def _section_parts(row: Row, roles: Sequence[str]) -> tuple[str, str]:
    texts = _texts(row)
    number = _cell_for(texts, roles, "number").strip()
    rest = [t.strip() for t, r in zip(texts, roles) if r != "number" and t.strip()]
    if number and not (_SECTION_NUMBER.match(number) or _ARABIC.match(number)):
        # one cell spanning the number column too: "I. Nâng cao ..."
        return split_section_text(tx.join_lines([number] + rest))
    title = tx.join_lines(rest)
    if not number:
        return split_section_text(title)
    return number, title


def _is_placeholder(text: str) -> bool:
    """A blank to fill in on a form ("......", "…", "- - -"): no letter or digit."""
    return not any(ch.isalnum() for ch in text)


def _is_continuation_row(row: Row, texts: Sequence[str]) -> bool:
    """A header continuation printed as a body row: the column numbers "(1) (2) (3)" or a unit
    line "Đơn vị: triệu đồng" (also when repeated on a later page)."""
    return is_numbering_row(row.cells) or is_unit_line(row.cells)


def _section_level(number: str, top: Optional[str]) -> int:
    """1 for a section, 2 for a subsection of `top`: "2.1." under "2.", or an arabic number
    under a roman numeral or letter ("I." over "1.")."""
    if not top or not number:
        return 1
    n, t = number.rstrip("."), top.rstrip(".")
    if n.startswith(t + ".") and _ARABIC.match(number):
        return 2
    if _SECTION_NUMBER.match(top) and _ARABIC.match(number):
        return 2
    return 1


def _roles_in_one_cell(lead_raw: Optional[str], coordinators_raw: Optional[str], texts, roles):
    """'Chủ trì: X. Phối hợp: Y' written in one cell (the lead cell, or a cell of a column whose
    role is not known) -> (X, Y); so too the lead cell naming both roles in a phrase ('X chủ
    trì, phối hợp với Y', 'X chủ trì; Y phối hợp', 'X chủ trì': split_role_phrase); otherwise
    the cells as they are."""
    candidates = [(lead_raw, True)] if lead_raw else []
    if "lead" not in roles:
        candidates += [(t, False) for t, r in zip(texts, roles) if r == "others" and t]
    for cell, in_lead in candidates:
        split = split_role_cell(cell)
        if split is None and in_lead:
            split = split_role_phrase(cell)
        if split is not None:
            lead, coordinators = split
            if coordinators and coordinators_raw:
                coordinators = tx.join_lines([coordinators, coordinators_raw])
            # the cell has a place for coordinators: '' when it names none
            return lead, (coordinators or coordinators_raw or ""), cell
    return lead_raw, coordinators_raw, None


def _stacked_column(table: LogicalTable, roles: Sequence[str]) -> Optional[int]:
    """The column headed with both roles ("Cơ quan chủ trì / phối hợp") when no coordinator
    column stands beside it and some of its cells print a bold lead over regular coordinators
    (Cell.head: the document's own evidence that bold marks the lead in this column)."""
    if "lead" not in roles or "coordinators" in roles:
        return None
    i = roles.index("lead")
    if i >= len(table.header) or not names_lead_and_coordinators(table.header[i]):
        return None
    if not any(i < len(r.cells) and r.cells[i] is not None and r.cells[i].head for r in table.rows):
        return None
    return i


def _stacked_roles(row: Row, i: int, lead_raw: str, coordinators_raw: Optional[str]
                   ) -> tuple[str, Optional[str]]:
    """One column for both roles whose cells print the lead in bold and the coordinators under
    it in regular type, without labels (column `i`, _stacked_column) -> (lead, coordinators):
    the cell's leading bold lines and the rest; a cell all bold is a lead with no coordinators
    (''). Any other cell is left as it is (checks doubts it: roles-in-cell)."""
    cell = row.cells[i] if i < len(row.cells) else None
    if cell is None:
        return lead_raw, coordinators_raw
    head = tx.squash_spaces(cell.head) if cell.head else ""
    if head and lead_raw.startswith(head) and lead_raw[len(head):].strip():
        return head, lead_raw[len(head):].strip()
    if cell.bold and not cell.head and lead_raw:
        return lead_raw, ""
    return lead_raw, coordinators_raw


_NUMBER_IN_TEXT = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)[.)]\s+(\S.*)$", re.S)


def numbers_from_text(tasks: list[model.Task]) -> list[model.Task]:
    """A table without a number column whose task cells open with the item's number ("1. Rà
    soát ...", "2) ..."): the number is the row's, the text what follows. Only when the
    document's own numbering says so: at least three rows, nine in ten of them opening with a
    number, and each number the one before plus one (or a restart at 1, a new section) in nine
    steps of ten; otherwise the cells stay as printed."""
    parts = [_NUMBER_IN_TEXT.match(t.text or "") for t in tasks]
    found = [m for m in parts if m]
    if len(found) < 3 or len(found) * 10 < len(tasks) * 9:
        return tasks
    last = [int(m.group(1).split(".")[-1]) for m in found]
    steps = list(zip(last, last[1:]))
    if sum(b == a + 1 or b == 1 for a, b in steps) * 10 < len(steps) * 9:
        return tasks
    for t, m in zip(tasks, parts):
        if m and not t.number:
            t.number, t.text = m.group(1), m.group(2)
    return tasks


def table_to_tasks(table: LogicalTable, roles: Optional[Sequence[str]] = None) -> list[model.Task]:
    """Every task row of a task table, with its section (and the section above it when the
    table has subsections), as printed. `roles`: one per column (default table_roles: by header
    meaning, by content when the header is not understood)."""
    roles = list(roles) if roles is not None else table_roles(table)
    stacked = _stacked_column(table, roles)
    tasks: list[model.Task] = []
    top: Optional[tuple[Optional[str], Optional[str]]] = None     # (number, title) of the section
    sub: Optional[tuple[Optional[str], Optional[str]]] = None     # and of its subsection
    for row in table.rows:
        texts = [tx.squash_spaces(t) for t in _texts(row)]
        if not any(texts) or _is_continuation_row(row, texts):
            continue
        if is_section_row(row, roles):
            number, title = _section_parts(row, roles)
            number = number or None
            if top is not None and _section_level(number or "", top[0]) == 2:
                sub = (number, title)
            else:
                top, sub = (number, title), None
            continue
        task_text = _cell_for(texts, roles, "task")
        number = _cell_for(texts, roles, "number")
        if not task_text and not number and not any(
                t for t, r in zip(texts, roles) if r in ("lead", "coordinators", "deadline")):
            continue     # an empty task cell beside filled key cells is kept (checks flags it)
        if (task_text or number) and _is_placeholder(task_text) and _is_placeholder(number):
            continue                      # an empty form row
        lead_raw = _cell_for(texts, roles, "lead") if "lead" in roles else None
        coordinators_raw = _cell_for(texts, roles, "coordinators") if "coordinators" in roles else None
        lead_raw, coordinators_raw, both = _roles_in_one_cell(lead_raw, coordinators_raw, texts, roles)
        if both is None and stacked is not None and lead_raw and not coordinators_raw:
            lead_raw, coordinators_raw = _stacked_roles(row, stacked, lead_raw, coordinators_raw)
        extra = {}
        for label, role, t in zip(table.header, roles, texts):
            if role not in TASK_FIELD_ROLES and t != both:
                extra[label] = t
        section, parent = (sub, top) if sub is not None else (top, None)
        tasks.append(model.Task(
            id="", origin="appendix",
            section=section[0] if section else None, section_title=section[1] if section else None,
            number=number or None, text=task_text,
            lead_raw=lead_raw, coordinators_raw=coordinators_raw,
            deadline=model.Deadline(raw=_cell_for(texts, roles, "deadline")) if "deadline" in roles else None,
            extra=extra,
            source=model.Provenance(page=row.page, bbox=list(row.bbox) if row.bbox else None,
                                    table=table.index,
                                    ocr=ocr_readings(row, {OCR_FIELDS[r]: roles.index(r) for r in OCR_FIELDS
                                                           if r in roles})),
            parent_section=parent[0] if parent else None, parent_section_title=parent[1] if parent else None,
        ))
    return tasks if "number" in roles else numbers_from_text(tasks)


def leads_from_sections(tasks: list[model.Task], unit_of_heading) -> list[model.Task]:
    """Tasks of a table with no lead column, grouped under section rows that name a unit
    ("1. Sở Khoa học và Công nghệ" over its tasks): each is led by the unit its section (or the
    section above) names, as the body's bullets under a unit heading are (DOMAIN.md: "tasks whose
    lead is the heading"). `unit_of_heading`: a heading's text -> the units it names, else None
    (interpret.body.unit_of_heading with the unit-name grammar). A task with a lead column keeps
    its cell, even an empty one; a section that names no unit gives no lead."""
    for t in tasks:
        if t.lead_raw is not None:
            continue
        for title in (t.section_title, t.parent_section_title):
            unit = unit_of_heading(title) if title else None
            if unit:
                t.lead_raw = unit
                break
    return tasks


def under_heading(tasks: list[model.Task], place) -> list[model.Task]:
    """A task table standing in the body (body.places_in_body -> a BodyPlace, or None): rows
    that no section row of the table groups belong to the body heading the table stands under
    ("III.1.a)" with that heading's text); rows under the table's own section rows keep them."""
    if place is None or place.section is None:
        return tasks
    for t in tasks:
        if t.section is None and t.parent_section is None:
            t.section, t.section_title = place.section, place.section_title
            t.parent_section, t.parent_section_title = place.parent_section, place.parent_section_title
    return tasks
