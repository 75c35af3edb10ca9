"""Header labels -> column roles (vocab/headers.yaml): what each column of a table holds.

The table stage's own vocabulary: the finders use it to tell a data table's header row from a
letterhead, stitching uses it to recognise a repeated header, and the interpret stage asks it
which column is the task, the lead, the deadline... (`column_roles`, `classify_table`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from plan_extract import text as tx
from plan_extract import vocab as vocab_files
from plan_extract.model.parts import Cell, LogicalTable

DEFAULT_MIN_HEADER_ROLES = 2      # a data table's header names a task/name column and one more role
HEADERS_FILE = vocab_files.path("headers.yaml")
ROLES = ("number", "task", "lead", "coordinators", "deadline", "name", "unit_of_measure", "target", "others")



@lru_cache(maxsize=None)
def header_vocab() -> tuple[list[tuple[str, str]], list[tuple[re.Pattern, str]]]:
    """(phrase key, role) pairs longest first, and (pattern, role) pairs, from headers.yaml."""
    data = vocab_files.load("headers.yaml")
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


# ----------------------------------------------------------------------------- header rows

_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def header_height(rows: Sequence[Sequence[Optional[Cell]]]) -> int:
    """Number of header rows at the top of a raw table that starts with its header: the first
    row plus the rows its vertically merged cells cover, plus a '(1) (2) (3)' numbering row."""
    if not rows:
        return 0
    n, r = 1, 0
    while r < n and r < len(rows):
        for cell in rows[r]:
            if cell is not None:
                n = max(n, r + cell.rowspan)
        r += 1
    n = min(n, len(rows))
    if n < len(rows) and is_numbering_row(rows[n]):
        n += 1
    return n


def is_numbering_row(row: Sequence[Optional[Cell]]) -> bool:
    texts = [c.text.strip() for c in row if c is not None]
    return len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) for t in texts) and \
        [int(t.strip("()")) for t in texts] == list(range(1, len(texts) + 1))



def header_roles(rows: Sequence[Sequence[Optional[Cell]]], max_rows: int = 3) -> list[str]:
    """Recognised roles among the first rows' cells (as printed), without 'others'."""
    found: list[str] = []
    for row in rows[:max_rows]:
        for cell in row:
            if cell is not None and cell.text:
                role = role_of(cell.text)
                if role and role != "others":
                    found.append(role)
    return found


def is_data_header(rows, min_roles: int = DEFAULT_MIN_HEADER_ROLES) -> bool:
    """A task or indicator table announces itself: a task/name column plus another role."""
    roles = set(header_roles(rows))
    return bool(roles & {"task", "name"}) and len(roles) >= min_roles


def caption_above(lines, top: float) -> Optional[str]:
    """The appendix caption among the lines above a table: from the 'Phụ lục' line down to the
    table, without the '(Kèm theo ...)' line."""
    above = [ln for ln in lines if ln.bottom <= top + 1]
    start = None
    for i in range(len(above) - 1, max(len(above) - 12, -1), -1):
        key = tx.match_key(above[i].text)
        if key.startswith("phụ lục"):
            start = i
            break
    if start is None:
        return None
    parts = []
    for ln in above[start:]:
        if ln.text.lstrip().startswith("("):
            break
        parts.append(ln.text)
    return tx.join_lines(parts) or None
