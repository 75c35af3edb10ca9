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
from plan_extract.tables.headers import HEADERS_FILE, ROLES, classify_table, column_roles, role_of  # noqa: F401 (re-exported)

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


def table_to_tasks(table: LogicalTable) -> list[model.Task]:
    """Every task row of a task table, with its section, as printed."""
    roles = column_roles(table.header)
    tasks: list[model.Task] = []
    section: Optional[str] = None
    section_title: Optional[str] = None
    for row in table.rows:
        texts = [tx.squash_spaces(t) for t in _texts(row)]
        if not any(texts):
            continue
        if is_section_row(row, roles):
            section, section_title = _section_parts(row, roles)
            section = section or None
            continue
        task_text = _cell_for(texts, roles, "task")
        number = _cell_for(texts, roles, "number")
        if not task_text and not number:
            continue
        extra = {}
        for label, role, t in zip(table.header, roles, texts):
            if role in ("others", "target", "name", "unit_of_measure"):
                extra[label] = t
        tasks.append(model.Task(
            id="", origin="appendix", section=section, section_title=section_title,
            number=number or None, text=task_text,
            lead_raw=_cell_for(texts, roles, "lead") if "lead" in roles else None,
            coordinators_raw=_cell_for(texts, roles, "coordinators") if "coordinators" in roles else None,
            deadline=model.Deadline(raw=_cell_for(texts, roles, "deadline")) if "deadline" in roles else None,
            extra=extra,
            source=model.Provenance(page=row.page, bbox=list(row.bbox) if row.bbox else None,
                                    table=table.index, confidence=_confidence(table)),
        ))
    return tasks


#: Provenance confidence by how the table was found (OCR tables carry tesseract's mean instead).
METHOD_CONFIDENCE = {"lattice": 1.0, "stream": 0.8, "ocr-lattice": 0.6}


def _confidence(table: LogicalTable) -> float:
    c = table.meta.confidence
    if c is not None:
        return float(c)
    return METHOD_CONFIDENCE.get(table.meta.method, 0.5)
