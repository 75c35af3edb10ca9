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
ROLES = ("number", "task", "lead", "coordinators", "deadline", "monitor", "name", "unit_of_measure", "target",
         "others")
#: Roles a task row reads into its own fields; every other column is kept in `extra` under its header.
TASK_FIELD_ROLES = ("number", "task", "lead", "coordinators", "deadline")



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


_KEY_ROLES: list = [None, {}]     # the vocabulary read, and its answers per key (tables repeat labels)


def _remembered(memo: list, key: str, answer) -> Optional[str]:
    """answer(key), kept in memo ([the vocabulary read, its answers per key]) while
    header_vocab() gives the same vocabulary; emptied at 16,384 answers."""
    vocab = header_vocab()
    if memo[0] is not vocab:
        memo[:] = [vocab, {}]
    known = memo[1]
    if key not in known:
        if len(known) >= 1 << 14:
            known.clear()
        known[key] = answer(key)
    return known[key]


def _role_of_key(key: str) -> Optional[str]:
    return _remembered(_KEY_ROLES, key, _role_of_key_in)


def _role_of_key_in(key: str) -> Optional[str]:
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


_LABEL_ROLES: list = [None, {}]   # the vocabulary read, and role_of's answers per label


def role_of(label: str) -> Optional[str]:
    """One header label (as printed, possibly 'Top / Bottom') -> its role, or None if unknown.
    The most specific part (the bottom one) decides; then the whole label. A function of the
    label and the vocabulary: each label's answer kept (the stages ask again and again of the
    same header and cell texts), as _role_of_key keeps each key's."""
    if not label or not label.strip():
        return None
    return _remembered(_LABEL_ROLES, label, _role_of_label)


def _role_of_label(label: str) -> Optional[str]:
    if names_lead_and_coordinators(label):
        return "lead"
    parts = [p for p in label.split(" / ") if p.strip()]
    for candidate in [parts[-1]] if len(parts) > 1 else []:
        role = _role_of_key(tx.match_key(candidate))
        if role:
            return role
    return _role_of_key(tx.match_key(label))


def names_lead_and_coordinators(label: str) -> bool:
    """A header naming both roles of one column ("Cơ quan chủ trì / phối hợp", "Đơn vị chủ trì,
    phối hợp thực hiện"): the lead column, whose cells may also list the coordinators."""
    key = f" {tx.match_key(label)} "
    leads, coordinators = _short_role_phrases()
    return any(k in key for k in leads) and any(k in key for k in coordinators)


@lru_cache(maxsize=None)
def _short_role_phrases() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lead and coordinator phrases of one or two words (" chủ trì ", " phối hợp "), padded:
    the role words a header naming both roles carries."""
    phrases, _ = header_vocab()
    return tuple(tuple(f" {k} " for k, r in phrases if r == role and len(k.split()) <= 2)
                 for role in ("lead", "coordinators"))


@lru_cache(maxsize=None)
def group_vocab() -> dict[str, dict[str, str]]:
    """{parent role: {child label key: child role}} from vocab/header_groups.yaml."""
    data = vocab_files.load("header_groups.yaml")
    out: dict[str, dict[str, str]] = {}
    for parent, children in data.items():
        if parent not in ROLES:
            raise ValueError(f"header_groups.yaml: unknown role {parent!r}")
        for role, entries in children.items():
            if role not in ROLES:
                raise ValueError(f"header_groups.yaml: unknown role {role!r}")
            for e in entries:
                out.setdefault(parent, {})[tx.match_key(e["phrase"])] = role
    return out


def parent_role(label: str) -> Optional[str]:
    """The role a parent label over several columns names ('lead' for one naming both unit
    roles: "Cơ quan chủ trì, phối hợp"), or None."""
    if names_lead_and_coordinators(label):
        return "lead"
    return _role_of_key(tx.match_key(label))


def group_roles(header: Sequence[str]) -> list[Optional[str]]:
    """Per column, the role its label names read with its parent's meaning when a parent label
    stands over it and at least one more column ('Parent / Child' labels with the same parent,
    side by side): "Đơn vị thực hiện / Chính" is the lead, ".../ Phụ" the coordinators,
    "Cơ quan chủ trì, phối hợp / Phối hợp" the coordinators (vocab/header_groups.yaml). None
    where no parent is shared or the child is not listed under the parent's role."""
    split = [[p for p in label.split(" / ") if p.strip()] for label in header]
    parents = [tx.match_key(" / ".join(p[:-1])) if len(p) > 1 else None for p in split]
    out: list[Optional[str]] = []
    for i, p in enumerate(split):
        shared = parents[i] is not None and any(parents[k] == parents[i] for k in (i - 1, i + 1)
                                                if 0 <= k < len(parents))
        role = None
        if shared:
            children = group_vocab().get(parent_role(" / ".join(p[:-1])) or "", {})
            role = children.get(tx.match_key(p[-1]))
        out.append(role)
    return out


def column_roles(header: Sequence[str]) -> list[str]:
    """Header labels -> one role per column ('others' when unknown): by the label's meaning, or
    under a parent label over several columns by the child read with the parent (group_roles).
    A role claimed twice keeps the first column for number/task/name/lead/coordinators/deadline;
    later ones become 'others' (a second time column, "Thời gian triển khai thực hiện" after
    "Thời gian ban hành", is the implementation period: kept in `extra` under its header)."""
    single = {"number", "task", "name", "lead", "coordinators", "deadline", "unit_of_measure"}
    out: list[str] = []
    grouped = group_roles(header)
    for label, by_group in zip(header, grouped):
        role = by_group or role_of(label) or "others"
        if role in single and role in out:
            role = "others"
        out.append(role)
    return out


def table_roles(table: LogicalTable) -> list[str]:
    """One role per column: by header meaning; when the header does not make the table a task
    or indicator table, columns with unknown labels take a role from their content."""
    roles = column_roles(table.header)
    if kind_of_roles(roles) is None:
        return content_roles(table.header, [r.cells for r in table.rows])
    return roles


def roles_from_content(table: LogicalTable) -> bool:
    """True when some column's role came from its content, not its header."""
    return table_roles(table) != column_roles(table.header)


def classify_table(table: LogicalTable) -> Optional[str]:
    """'tasks' (a task column and a lead, coordinator or deadline column), 'indicators' (a name
    column and target columns), or None; roles by header, else by content (table_roles)."""
    return kind_of_roles(table_roles(table))


def kind_of_roles(roles: Sequence[str]) -> Optional[str]:
    if "name" in roles and ("target" in roles or "unit_of_measure" in roles) and "task" not in roles:
        return "indicators"
    if "task" in roles and ("lead" in roles or "coordinators" in roles or
                            ("deadline" in roles and roles.index("deadline") > roles.index("task"))):
        return "tasks"          # time before content and no unit column: an agenda, a schedule
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
    """The row of column numbers under a header: "(1) (2) (3)" or "1 2 3", consecutive from 0 or
    1; some cells may be left empty (Lào Cai KH: the TT column has no number)."""
    texts = [c.text.strip() for c in row if c is not None and c.text.strip()]
    if len(texts) < 3 or not all(_COLUMN_NUMBER.match(t) for t in texts):
        return False
    numbers = [int(t.strip("()")) for t in texts]
    return numbers[0] in (0, 1) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))



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


# ----------------------------------------------------------------------------- roles by content

@lru_cache(maxsize=None)
def content_vocab() -> tuple[tuple[str, ...], tuple[re.Pattern, ...], dict, tuple[str, ...]]:
    """(unit name starts, time patterns, {role: label keys} for cells naming two roles, unit-line
    labels) from vocab/columns.yaml (+ units.yaml unit_heads)."""
    data = vocab_files.load("columns.yaml")
    heads = {tx.match_key(e["phrase"]) for e in data["unit_starts"]}
    heads |= {tx.match_key(e["phrase"]) for e in vocab_files.load("units.yaml").get("unit_heads") or []}
    times = tuple(re.compile(e["pattern"]) for e in data["time_patterns"])
    labels = {role: tuple(sorted((tx.match_key(e["phrase"]) for e in entries), key=len, reverse=True))
              for role, entries in data["role_labels"].items()}
    units = tuple(sorted((tx.match_key(e["phrase"]) for e in data["unit_lines"]), key=len, reverse=True))
    return tuple(sorted(heads, key=len, reverse=True)), times, labels, units


_ROW_NUMBER = re.compile(r"^\(?(\d+(\.\d+)*|[IVXLC]+|[a-zđ])[.)]?$", re.I)


def looks_like_unit(text: str) -> bool:
    """A cell that starts like a unit name ("Sở Nội vụ", "UBND các xã", "Lãnh đạo Sở Y tế")."""
    key = tx.match_key(text)
    return any(key == h or key.startswith(h + " ") for h in content_vocab()[0])


def looks_like_time(text: str) -> bool:
    key = tx.match_key(text)
    return any(p.search(key) for p in content_vocab()[1])


def content_roles(header: Sequence[str], rows: Sequence[Sequence[Optional[Cell]]]) -> list[str]:
    """Roles for a table whose header is not (fully) understood: known labels keep their role;
    a column whose label is unknown takes a role from what its cells hold: row numbers
    (number), unit names (lead, then coordinators), times (deadline), the longest sentences
    (task). Columns that fit none stay 'others' (kept in `extra`)."""
    roles = column_roles(header)
    unknown = [i for i, label in enumerate(header) if role_of(label) is None]
    stats = {}
    for i in unknown:
        cells = [row[i].text.strip() for row in rows if i < len(row) and row[i] is not None and row[i].text.strip()]
        if not cells:
            continue
        n = len(cells)
        stats[i] = {"number": sum(1 for c in cells if _ROW_NUMBER.match(c)) / n,
                    "unit": sum(1 for c in cells if looks_like_unit(c)) / n,
                    "time": sum(1 for c in cells if looks_like_time(c) and len(c.split()) <= 12) / n,
                    "words": sum(len(c.split()) for c in cells) / n}
    if "number" not in roles:
        for i in sorted(stats):
            if i <= 1 and stats[i]["number"] >= 0.8:
                roles[i] = "number"
                break
    for role, test in (("lead", "unit"), ("coordinators", "unit"), ("deadline", "time")):
        if role in roles:
            continue
        for i in sorted(stats):
            if roles[i] == "others" and stats[i][test] >= 0.6 and stats[i]["words"] <= 20:
                roles[i] = role
                break
    if "task" not in roles and "name" not in roles:
        free = [i for i in stats if roles[i] == "others" and stats[i]["words"] >= 5 and stats[i]["unit"] < 0.5]
        first_text = next((i for i, r in enumerate(roles) if r != "number"), None)
        if free:
            best = max(free, key=lambda i: (stats[i]["words"], -i))
            # a task table names the task first, right after the number ("Tên đơn vị được
            # kiểm tra | Đối tượng kiểm tra | Thời gian" is an inspection schedule)
            if best == first_text:
                roles[best] = "task"
    return roles


# a list mark opening a line of a cell ("- Chủ trì: X" over "- Phối hợp: Y"): the marks the
# body's bullets use (text.LIST_MARKS)
_ROLE_MARK = rf"(?:[{tx.LIST_MARKS}]\s*)?"


def split_role_cell(text: str) -> Optional[tuple[str, str]]:
    """'Chủ trì: Sở Nội vụ. Phối hợp: các sở, ngành' -> ('Sở Nội vụ', 'các sở, ngành'): one cell
    that labels both roles, whatever separates them (a new line, '.', ';', ',', a list mark
    opening each label: '- Chủ trì: X' over '- Phối hợp: Y'). None when the cell does not start
    with a lead label."""
    labels = content_vocab()[2]
    lead_alt = "|".join(re.escape(k) for k in labels["lead"])
    co_alt = "|".join(re.escape(k) for k in labels["coordinators"])
    flat = tx.squash_spaces(tx.nfc(text))
    m = re.match(rf"^\s*{_ROLE_MARK}(?:{lead_alt})\s*:\s*(.*?)"
                 rf"(?:\s*[.;,]?\s*{_ROLE_MARK}(?:{co_alt})\s*:\s*(.*))?$", flat, re.I | re.S)
    if not m:
        return None
    lead = m.group(1).strip().rstrip(".;,").strip()
    coordinators = (m.group(2) or "").strip()
    return lead, coordinators


@lru_cache(maxsize=None)
def role_phrase_vocab() -> dict[str, tuple[str, ...]]:
    """{place: role words} of a cell naming both roles in a phrase (vocab/columns.yaml
    role_phrases: lead_before, lead_after, coordinators_before, coordinators_after), NFC, longest
    first, and under "enders" the words that end a unit name in a sentence (units.yaml
    name_enders: "thực hiện", "triển khai" ...)."""
    data = vocab_files.load("columns.yaml")["role_phrases"]
    out = {place: tuple(sorted({tx.nfc(e["phrase"]) for e in entries}, key=len, reverse=True))
           for place, entries in data.items()}
    enders = vocab_files.load("units.yaml").get("name_enders") or []
    out["enders"] = tuple(sorted({tx.nfc(e["phrase"]) for e in enders}, key=len, reverse=True))
    return out


@lru_cache(maxsize=None)
def _role_phrase_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(the cell grammar, any role word, a name ender in lower case) for split_role_phrase."""
    v = role_phrase_vocab()
    alt = lambda place: "|".join(re.escape(w) for w in v[place])
    word = lambda a: rf"\(?\s*(?:{a})\s*\)?"                       # 'chủ trì' or '(chủ trì)'
    sep = rf"\s*[,;.]?\s*{_ROLE_MARK}"
    grammar = re.compile(
        rf"^\s*{_ROLE_MARK}(?:(?:{alt('lead_before')})\s+)?(?P<lead>\w.*?)\s*{word(alt('lead_after'))}"
        rf"(?:{sep}(?:(?:{alt('coordinators_before')})\s*:?\s+(?P<after>\w.*?)"
        rf"|(?P<before>\w.*?)\s*{word(alt('coordinators_after'))}))?\s*[.;,]?\s*$", re.I | re.S)
    roles = "|".join(re.escape(w) for p in ("lead_after", "coordinators_before", "coordinators_after") for w in v[p])
    any_role = re.compile(rf"(?<!\w)(?:{roles})(?!\w)", re.I)
    enders = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in v['enders'])})(?!\w)") if v["enders"] \
        else re.compile(r"(?!x)x")
    return grammar, any_role, enders


def split_role_phrase(text: str) -> Optional[tuple[str, str]]:
    """'Sở Nội vụ chủ trì, phối hợp với Sở Tài chính' -> ('Sở Nội vụ', 'Sở Tài chính'); 'Sở Xây
    dựng chủ trì; Công an tỉnh phối hợp' -> ('Sở Xây dựng', 'Công an tỉnh'); 'Sở Y tế chủ trì'
    -> ('Sở Y tế', ''): one cell naming both roles in a phrase (vocab/columns.yaml role_phrases),
    the role words only where the grammar puts them (the lead's clause ends with its word, the
    coordinators' opens or ends the rest). None when the cell is not such a phrase, or a part of
    it still holds a role word ("Ban phối hợp liên ngành chủ trì": a name with a role word in it)
    or a word that ends a unit name in a sentence ("... phối hợp với các sở thực hiện"): unsure,
    the cell is left whole (checks: roles-in-cell)."""
    grammar, any_role, enders = _role_phrase_res()
    flat = tx.squash_spaces(tx.nfc(text or ""))
    m = grammar.match(flat)
    if not m:
        return None
    lead = m.group("lead").strip(" ,;.")
    coordinators = (m.group("after") or m.group("before") or "").strip(" ,;.")
    parts = [p for p in (lead, coordinators) if p]
    if not lead or any(any_role.search(p) or enders.search(p) for p in parts):
        return None
    return lead, coordinators


def is_unit_line(row: Sequence[Optional[Cell]]) -> bool:
    """A row saying what the figures are counted in ("Đơn vị: triệu đồng"): one filled cell."""
    texts = [c.text.strip() for c in row if c is not None and c.text.strip()]
    if len(texts) != 1:
        return False
    key = tx.match_key(texts[0])
    head = texts[0].split(":")[0] if ":" in texts[0] else None
    return head is not None and tx.match_key(head) in content_vocab()[3] and len(key.split()) <= 8


def is_candidate_header(rows: Sequence[Sequence[Optional[Cell]]], min_columns: int = 3) -> bool:
    """A ruled table whose header is not understood but looks like a data table's: its first
    row labels at least `min_columns` columns with short labels, one of them a known role
    (a number column, a lead, a product ...), and some row below holds text. Such a table is
    kept (its roles come from its content, or it is reported) rather than dropped."""
    if len(rows) < 2:
        return False
    labels = [c.text.strip() for c in rows[0] if c is not None and c.text.strip()]
    if len(labels) < min_columns or any(len(x.split()) > 25 for x in labels):
        return False
    if not any(role_of(x) for x in labels):
        return False
    h = header_height(rows)
    return any(c is not None and c.text.strip() for row in rows[h:] for c in row)


def reads_as_header(row: Sequence[Optional[Cell]]) -> bool:
    """A table's first row that reads as a header (a part whose header is not the vocabulary's
    still starts with one): two labels or more naming a known role, a row of column numbers, or
    short labels (six words at most), every one bold. A body row has sentences, unit names and
    dates, in regular type."""
    cells = [c for c in row if c is not None and c.text.strip()]
    if not cells:
        return False
    if is_numbering_row(row) or sum(1 for c in cells if role_of(c.text)) >= 2:
        return True
    return all(c.bold and len(c.text.split()) <= 6 for c in cells)
