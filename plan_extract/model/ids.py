"""Stable row ids: derived from what a row says and where it stands, never from its position.

A task id is "T-" + 8 hex digits of the SHA-256 of its key; an indicator id "I-" + 8 hex digits.

    task key      = origin | parent section label / section label | number | the first KEY_WORDS
                    words of the text (the parent section only for a section under another:
                    "2.1." under "2.")
    indicator key = origin | parent number | number | the first KEY_WORDS words of the name

Each part is normalised before hashing so that what differs between two readings of one plan
(a DOCX and its PDF, a scan's OCR, a re-run after better body detection) does not change the id:
text is NFC, folded to ASCII (diacritics dropped: "Văn hoá" = "Văn hóa" = "Van hoa", and an OCR
slip on a tone mark changes nothing), lower-cased, and reduced to its words of letters and digits
(punctuation, dashes, bullets and spacing ignored); a section label or number keeps only its
groups of letters and digits, upper-cased and joined by "." ("II." -> "II", "1.2." -> "1.2",
"(3)" -> "3"). Only the first KEY_WORDS words of the text count, so a
row that a reader cut short or ran on by a few trailing words keeps its id.

What changes an id: the row's own section label, number or opening words. What does not: rows
added, removed or re-detected anywhere else (a paragraph gained in the body leaves every table
task's id as it was), the table index, the page, the file's format.

Collisions (two rows with the same key, e.g. one task repeated word for word under one section,
or two keys sharing 8 hex digits) are resolved in document order: the first keeps the plain id,
the next ones get "-2", "-3", ... so ids stay unique and the same input always gives the same ids.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING, Iterable, Optional

from plan_extract.text import ascii_fold

if TYPE_CHECKING:
    from plan_extract.model.document import Plan

KEY_WORDS = 24          # opening words of the text that enter the key
DIGITS = 8              # hex digits of the hash in an id

_WORD = re.compile(r"[a-z0-9]+")
_LABEL = re.compile(r"[A-Z0-9]+")


def normalise_text(text: Optional[str], words: int = KEY_WORDS) -> str:
    """'- Tổ chức tập huấn,  kỹ năng số…' -> 'to chuc tap huan ky nang so' (first `words` words)."""
    if not text:
        return ""
    folded = ascii_fold(unicodedata.normalize("NFC", text)).lower()
    return " ".join(_WORD.findall(folded)[:words])


def normalise_label(label: Optional[str]) -> str:
    """'II.' -> 'II'; '1.2.' -> '1.2'; '(3)' -> '3'; None -> ''."""
    if not label:
        return ""
    return ".".join(_LABEL.findall(ascii_fold(unicodedata.normalize("NFC", label)).upper()))


def row_key(origin: str, place: Optional[str], number: Optional[str], text: Optional[str],
            parent: Optional[str] = None) -> str:
    where = normalise_label(place)
    if parent:
        where = f"{normalise_label(parent)}/{where}"
    return "|".join((origin or "", where, normalise_label(number), normalise_text(text)))


def stable_ids(prefix: str, keys: Iterable[str]) -> list[str]:
    """One id per key, in order: prefix-<8 hex of sha256(key)>, '-2', '-3', ... on a repeat."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for key in keys:
        base = f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:DIGITS]}"
        n = seen.get(base, 0) + 1
        seen[base] = n
        out.append(base if n == 1 else f"{base}-{n}")
    return out


def assign_ids(plan: "Plan") -> dict[str, str]:
    """Give every task and indicator its stable id (see the module docstring); issues that named
    a row by its old id follow it. Returns old id -> new id."""
    renamed: dict[str, str] = {}
    task_ids = stable_ids("T", (row_key(t.origin, t.section, t.number, t.text,
                                        getattr(t, "parent_section", None)) for t in plan.tasks))
    for task, new in zip(plan.tasks, task_ids):
        if task.id:
            renamed[task.id] = new
        task.id = new
    ind_ids = stable_ids("I", (row_key(i.origin, i.parent, i.number, i.name) for i in plan.indicators))
    for ind, new in zip(plan.indicators, ind_ids):
        if ind.id:
            renamed[ind.id] = new
        ind.id = new
    for issue in plan.issues:
        if issue.row in renamed:
            issue.row = renamed[issue.row]
    return renamed
