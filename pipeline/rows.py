"""Logical tables -> task rows: column roles by header meaning (vocab/headers.yaml), section
rows carried onto the tasks below them, every other column kept in `extra`.

Public: role_of(label), column_roles(header), classify_table(table), is_section_row(...),
table_to_tasks(table). indicators.py uses column_roles for the indicator grids.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

import yaml

from . import model
from . import text as tx
from .structures import LogicalTable, Row

HEADERS_FILE = Path(__file__).parent / "vocab" / "headers.yaml"
ROLES = ("number", "task", "lead", "coordinators", "deadline", "name", "unit_of_measure", "target", "others")

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_SECTION_NUMBER = re.compile(rf"^(?:{_ROMAN}|[A-ZĐ])\.?$")
_ARABIC = re.compile(r"^\d+(?:\.\d+)*\.?$")


@lru_cache(maxsize=None)
def header_vocab() -> tuple[list[tuple[str, str]], list[tuple[re.Pattern, str]]]:
    """(phrase key, role) pairs longest first, and (pattern, role) pairs, from headers.yaml."""
    data = yaml.safe_load(HEADERS_FILE.read_text(encoding="utf-8"))
    phrases, patterns = [], []
    for role, entries in data.items():
        if role not in ROLES:
            raise ValueError(f"headers.yaml: unknown role {role!r}")
        for e in entries:
            if "phrase" in e:
                phrases.append((tx.match_key(e["phrase"]), role))
            else:
                patterns.append((re.compile(e["pattern"]), role))
    phrases.sort(key=lambda p: -len(p[0]))
    return phrases, patterns


def _role_of_key(key: str) -> Optional[str]:
    phrases, patterns = header_vocab()
    for pat, role in patterns:
        if pat.search(key):
            return role
    padded = f" {key} "
    for phrase, role in phrases:
        if f" {phrase} " in padded:
            return role
    # a label wrapped inside a word in a narrow column ("ST" / "T"): the whole label, unspaced
    compact = key.replace(" ", "")
    for phrase, role in phrases:
        if phrase.replace(" ", "") == compact:
            return role
    return None


def role_of(label: str) -> Optional[str]:
    """One header label (as printed, possibly 'Top / Bottom') -> its role, or None if unknown.
    The most specific part (the bottom one) decides; then the whole label."""
    if not label or not label.strip():
        return None
    parts = [p for p in label.split(" / ") if p.strip()]
    for candidate in [parts[-1]] if len(parts) > 1 else []:
        role = _role_of_key(tx.match_key(candidate))
        if role:
            return role
    return _role_of_key(tx.match_key(label))


def column_roles(header: Sequence[str]) -> list[str]:
    """Header labels -> one role per column ('others' when unknown). A role claimed twice keeps
    the first column for number/task/name/lead/coordinators/deadline; later ones become 'others'."""
    single = {"number", "task", "name", "lead", "coordinators", "deadline", "unit_of_measure"}
    out: list[str] = []
    for label in header:
        role = role_of(label) or "others"
        if role in single and role in out:
            role = "others"
        out.append(role)
    return out


def classify_table(table: LogicalTable) -> Optional[str]:
    """'tasks' (a task column and a lead column), 'indicators' (a name column and target
    columns), or None."""
    roles = column_roles(table.header)
    if "name" in roles and ("target" in roles or "unit_of_measure" in roles) and "task" not in roles:
        return "indicators"
    if "task" in roles and ("lead" in roles or "coordinators" in roles or "deadline" in roles):
        return "tasks"
    if "name" in roles and "target" in roles:
        return "indicators"
    return None


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
    c = table.meta.get("confidence")
    if c is not None:
        return float(c)
    return METHOD_CONFIDENCE.get(table.meta.get("method"), 0.5)
