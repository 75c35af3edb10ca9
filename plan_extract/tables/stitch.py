"""Raw tables -> logical tables: parts on consecutive pages joined, repeated header rows
dropped, rows split by a page break re-joined, vertically merged cells propagated to every row
they cover, multi-row headers flattened to one label per column ("Top / Bottom").

Chain: split_header (rows -> header rows, body rows) -> flatten_header -> fill_merged_cells ->
join_parts (continuations appended, split rows re-joined).
"""
from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Optional, Sequence

from plan_extract import text as tx
from plan_extract.model.parts import Cell, LineEdge, LogicalMeta, LogicalTable, RawTable, Row
from plan_extract.tables.headers import header_height, is_numbering_row



def _owners(rows: Sequence[Sequence[Optional[Cell]]]) -> list[list[Optional[Cell]]]:
    """Grid where every position holds the cell covering it (merged cells repeated)."""
    grid: list[list[Optional[Cell]]] = [list(r) for r in rows]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for rr in range(r, min(r + cell.rowspan, len(rows))):
                for cc in range(c, min(c + cell.colspan, len(row))):
                    if grid[rr][cc] is None:
                        grid[rr][cc] = cell
    return grid


def flatten_header(header_rows: Sequence[Sequence[Optional[Cell]]]) -> tuple[list[str], list[list[str]]]:
    """Header rows -> (one label per column joined top-down with ' / ', the rows as printed)."""
    grid = _owners(header_rows)
    ncols = max((len(r) for r in header_rows), default=0)
    labels = []
    for c in range(ncols):
        parts: list[str] = []
        seen: set[int] = set()
        for r in range(len(grid)):
            cell = grid[r][c] if c < len(grid[r]) else None
            if cell is None or id(cell) in seen or is_numbering_row(header_rows[r]):
                continue
            seen.add(id(cell))
            if cell.text.strip():
                parts.append(cell.text.strip())
        labels.append(" / ".join(parts))
    printed = [[c.text if c is not None else "" for c in row] for row in header_rows]
    return labels, printed


def _lowest(a: Cell, b: Optional[Cell]) -> Optional[float]:
    """OCR: the lowest word confidence of two cells joined into one (None when neither has one)."""
    lows = [c.low for c in (a, b) if c is not None and c.low is not None]
    return min(lows) if lows else None


def fill_merged_cells(rows: Sequence[Sequence[Optional[Cell]]]) -> list[list[Optional[Cell]]]:
    """Vertically merged cells copied into every row they cover (horizontal spans stay None)."""
    out = [list(r) for r in rows]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is not None and cell.rowspan > 1:
                for rr in range(r + 1, min(r + cell.rowspan, len(rows))):
                    if out[rr][c] is None:
                        out[rr][c] = replace(cell, rowspan=1)
    return out


def _row_bbox(cells: Sequence[Optional[Cell]], own: Sequence[bool]):
    boxes = [c.bbox for c, o in zip(cells, own) if c is not None and c.bbox and o and c.rowspan == 1] or \
            [c.bbox for c, o in zip(cells, own) if c is not None and c.bbox and o]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _to_rows(raw: Sequence[Sequence[Optional[Cell]]], page: int) -> list[Row]:
    filled = fill_merged_cells(raw)
    rows = []
    for r, cells in enumerate(filled):
        own = [raw[r][c] is not None for c in range(len(cells))]
        bbox = _row_bbox(cells, own)
        rows.append(Row(cells=cells, page=page, bbox=tuple(round(v, 2) for v in bbox) if bbox else None,
                        is_section=False, pages=[page]))
    return rows


def _same_header(a: Sequence[str], b: Sequence[str]) -> bool:
    return [tx.match_key(x) for x in a] == [tx.match_key(x) for x in b]


def header_remainders(labels: Sequence[str], header: Sequence[str]) -> Optional[list[str]]:
    """A repeated header whose boxes also hold the start of the page's first row ("Tên nhiệm
    vụ đảm bảo các chế độ..."): per column, the text after the known label; None when the
    labels are not the known header."""
    if len(labels) != len(header):
        return None
    out = []
    for label, known in zip(labels, header):
        words, known_words = label.split(), known.split()
        if [tx.match_key(w) for w in words[:len(known_words)]] != [tx.match_key(w) for w in known_words]:
            return None
        rest = words[len(known_words):]
        if rest[:1] == ["/"]:         # the row's rest read as a lower header row ('Label / rest')
            rest = rest[1:]
        out.append(" ".join(rest))
    return out if any(out) else None


def _is_header_repeat(row: Row, header_rows: Sequence[Sequence[str]]) -> bool:
    """A data row that is the header printed again (as is, or as OCR read it: most cells with
    text, at least two, name the role of their column, and no cell holds a row number)."""
    texts = [tx.match_key(c.text) if c is not None else "" for c in row.cells]
    if any(texts == [tx.match_key(x) for x in h] and any(texts) for h in header_rows):
        return True
    if any(re.match(r"^\d+(\.\d+)*\.?$", t) for t in texts):
        return False
    from plan_extract.tables.headers import role_of
    for h in header_rows:
        roles = [role_of(x) for x in h]
        filled = [(c, r) for c, r in zip(row.cells, roles) if c is not None and c.text.strip()]
        hits = sum(1 for c, r in filled if r is not None and role_of(c.text) == r)
        if hits >= max(2, math.ceil(0.6 * len(filled))):
            return True
    return False


def _drop_header_repeats(rows: Sequence[Row], table: LogicalTable, held: Optional[list] = None) -> list[Row]:
    """Rows without the header printed again among them (at a page top, or in the middle of a
    page: a producer repeating it, tables pasted one under the other): never a task. A row
    printed in two parts around a header inside the part is re-joined, by the rules of a row
    split by a page break (_continues_row: an empty number cell, a sentence going on ...).
    `held`: when the part goes on on the next page, a row under such a header that is the
    part's last is not joined yet but put in `held`: it may be the start of the row the page
    break cuts, whose number prints on the next page (_join_held decides)."""
    out: list[Row] = []
    after_header = False
    for k, r in enumerate(rows):
        if _is_header_repeat(r, table.header_rows):
            after_header = bool(out)
            continue
        if after_header and any(c is not None and c.text for c in r.cells) and not _spanning(out[-1]) \
                and _continues_row(r, table.header, (), out[-1], out[:-1]) \
                and not _second_row_of_merged_task(out[-1], r, table.header):
            if held is not None and k == len(rows) - 1:
                out.append(r)
                held.append(r)
            else:
                out[-1] = join_split_row(out[-1], r)
        else:
            out.append(r)
        after_header = False
    return out


def _join_held(table: LogicalTable, held: list) -> None:
    """The row held under a header printed again (_drop_header_repeats) joined to the row above
    that header after all (the next page did not start with that row's numbered rest)."""
    if held and len(table.rows) >= 2 and table.rows[-1] is held[0]:
        table.rows[-2:] = [join_split_row(table.rows[-2], table.rows[-1])]
    held.clear()


def _starts_own_row(held: list, table: LogicalTable, first: Row, split: bool) -> bool:
    """The row held under a header printed again on the page before is the start of the row the
    page break cut, not the rest of the row above that header: the next page's first part
    goes on it and prints a number, and the row above the header has a number of its own (one
    row never holds two numbers)."""
    if not (held and split and len(table.rows) >= 2 and table.rows[-1] is held[0]):
        return False
    column = number_column(table.header)
    return column is not None and not _number_empty(first, column) and not _number_empty(table.rows[-2], column)


def _spanning(row: Row) -> bool:
    """A title written across the table (one cell spanning it): no task row goes on in it."""
    n = len(row.cells)
    return any(c is not None and c.colspan >= max(2, n - 1) for c in row.cells)


def number_column(header: Sequence[str]) -> Optional[int]:
    """Index of the number column (TT, STT) by header meaning; None when the table has none."""
    from plan_extract.tables.headers import role_of
    for i, label in enumerate(header):
        if role_of(label) == "number":
            return i
    return None


def _number_empty(row: Row, column: Optional[int]) -> bool:
    if column is None or column >= len(row.cells):
        return False
    cell = row.cells[column]
    return cell is None or not cell.text.strip()


_LETTERED_ITEM = re.compile(r"^[a-zđ]\)")


def _continues_row(first: Row, header: Sequence[str], glued: Sequence[bool] = (),
                   prev: Optional[Row] = None, above: Sequence[Row] = ()) -> bool:
    """Whether the first row on a continued page is the rest of the row the page break split.
    With a number column: its number cell is empty. Without one, the cells say it: the task
    cell empty beside filled cells, or the break cut a token in it, or it (or a unit cell)
    opens in lower case — a task sentence or a unit name never does, the rest of one does
    ("công khai," / "minh bạch kết quả ...", "nhân dân tỉnh"; a lettered item "a) ..." is a
    start); or the cells were centred in their row and printed on one part only
    (_centred_parts: `prev`, the last row before the break, and `above`, the rows before it)."""
    column = number_column(header)
    if column is not None:
        return _number_empty(first, column)
    from plan_extract.tables.headers import role_of
    roles = [role_of(label) for label in header]
    tasks = [i for i, r in enumerate(roles) if r == "task"]
    if not tasks or tasks[0] >= len(first.cells):
        return False
    i = tasks[0]
    cell = first.cells[i]
    text = cell.text.strip() if cell is not None else ""
    if not text:
        return cell is not None and any(_filled(first, k) for k in range(len(first.cells)) if k != i)
    if i < len(glued) and glued[i]:
        return True
    if text[:1].islower() and not _LETTERED_ITEM.match(text):
        return True
    units = [k for k, r in enumerate(roles) if r in ("lead", "coordinators")]
    if any(_filled(first, k) and _opens_lower(first.cells[k].text) for k in units):
        return True
    return prev is not None and _centred_parts(prev, first, roles, i, above)


def _opens_lower(text: str) -> bool:
    first = next((ch for ch in text.strip() if ch.isalpha()), "")
    return first.islower() and text.strip()[:1].isalpha()


def _centred_parts(prev: Row, first: Row, roles: Sequence[Optional[str]], task: int,
                   above: Sequence[Row]) -> bool:
    """A row split by a page break whose short cells are centred vertically prints them on one
    part only: the part before the break holds task text alone (lead, coordinators and deadline
    empty) and the part after it fills them, or the other way round — in a table whose rows
    otherwise fill those cells (at least three rows above, most of them filled). A part before
    the break that reads as a section title (bold, a section number, capitals) is not cut, and a
    part after it that does (written across the table, bold, a roman section number) is a
    section row of its own: a section heading never goes on a task."""
    details = [k for k, r in enumerate(roles) if r in ("lead", "coordinators", "deadline")]
    if not details or not _filled(prev, task):
        return False
    rows = [r for r in above if _filled(r, task)]
    if len(rows) < 3 or sum(1 for r in rows if any(_filled(r, k) for k in details)) < 0.8 * len(rows):
        return False
    before = any(_filled(prev, k) for k in details)
    after = any(_filled(first, k) for k in details)
    if before == after:
        return False
    head = prev.cells[task]
    words = head.text.split()
    if head.bold or not words or re.match(r"^(\d+(\.\d+)*\.?|[IVXLC]+\.?|[A-ZĐ][.)])$", words[0]) or \
            head.text.upper() == head.text:
        return False
    rest = first.cells[task]
    return not (_spanning(first) or rest is None or rest.bold or
                re.match(r"^[IVXLC]+\.?$", (rest.text.split() or [""])[0]))


def _key_columns(header: Sequence[str]) -> tuple[list[int], list[int]]:
    """(number and task columns, lead and deadline columns) by header meaning."""
    from plan_extract.tables.headers import role_of
    roles = [role_of(label) for label in header]
    return ([i for i, r in enumerate(roles) if r in ("number", "task")],
            [i for i, r in enumerate(roles) if r in ("lead", "deadline")])


def _filled(row: Row, i: int) -> bool:
    return i < len(row.cells) and row.cells[i] is not None and bool(row.cells[i].text.strip())


def _second_row_of_merged_task(prev: Row, first: Row, header: Sequence[str], glued: Sequence[bool] = ()) -> bool:
    """The first row on a page is not the rest of a split row but a row of its own under a
    task merged over two rows: its number and task cells are empty while its lead and deadline
    are filled, the row above has its own lead and deadline (a split row rarely continues both),
    and none of them reads as a continuation (a token the break cut, a lower-case start)."""
    keys, details = _key_columns(header)
    if not keys or len(details) < 2:
        return False
    if any(i < len(glued) and glued[i] for i in details):
        return False
    if any(_filled(first, i) and first.cells[i].text.strip()[:1].islower() for i in details):
        return False
    return not any(_filled(first, i) for i in keys) and all(_filled(first, i) for i in details) \
        and all(_filled(prev, i) for i in details)


def _carry_task_cells(prev: Row, first: Row, header: Sequence[str]) -> None:
    for i in _key_columns(header)[0]:
        if i < len(first.cells) and i < len(prev.cells) and prev.cells[i] is not None:
            first.cells[i] = replace(prev.cells[i], rowspan=1)


def join_split_row(prev: Row, cont: Row, glued: Optional[Sequence[bool]] = None) -> Row:
    """A row broken by a page break: each cell's text continued from the previous page
    (without a space where `glued[column]` says the break cut a token)."""
    cells: list[Optional[Cell]] = []
    for k, (a, b) in enumerate(zip(prev.cells, cont.cells)):
        if a is None:
            cells.append(None if b is None or not b.text else b)
            continue
        glue = [bool(glued and k < len(glued) and glued[k])]
        text = tx.join_lines([a.text, b.text], glue) if b is not None and b.text else a.text
        both = b is not None and bool(b.text) and bool(a.text)
        confs = [c.conf for c in (a, b) if c is not None and c.text and c.conf is not None]
        cells.append(replace(a, text=text, bold=a.bold and (b is None or not b.text or b.bold),
                             head=_joined_head(a, b, glue[0]),
                             conf=min(confs) if confs else a.conf,
                             low=_lowest(a, b), unsure=a.unsure + (b.unsure if b is not None else ()),
                             # a second reading is of one printed piece: gone once two are joined
                             reread=None if both else (a.reread if a.text else b.reread if b is not None else None)))
    return Row(cells=cells, page=prev.page, bbox=prev.bbox, is_section=prev.is_section,
               pages=sorted(set(prev.pages) | set(cont.pages)))


def _joined_head(a: Cell, b: Optional[Cell], glue: bool) -> Optional[str]:
    """The leading bold lines (Cell.head) of a cell the page break cut into `a` and `b`: the
    bold-then-regular order read across the break. a's own head when b is regular; a whole
    when a is bold and b regular (the break fell between the lead and the coordinators); a
    and b's head when the bold lines run on past the break. None otherwise."""
    if b is None or not b.text:
        return a.head
    b_regular = not b.bold and b.head is None
    if a.head is not None:
        return a.head if b_regular else None
    if not a.text or not a.bold:
        return None
    if b_regular:
        return a.text
    if b.head is not None:
        return tx.join_lines([a.text, b.head], [glue])
    return None


def raw_tables_to_logical(raw_tables: Sequence[RawTable]) -> list[LogicalTable]:
    """Data tables in document order -> logical tables (one per table as the author made it)."""
    out: list[LogicalTable] = []
    current: Optional[LogicalTable] = None
    last_raw: Optional[RawTable] = None
    held: list[Row] = []        # a row under a header printed again, at a part's end (_drop_header_repeats)
    for t in raw_tables:
        has_header = t.meta.has_header
        h = header_height(t.rows) if has_header else 0
        labels, printed = flatten_header(t.rows[:h]) if h else ([], [])
        carried: Optional[list[str]] = None
        if current is not None and t.meta.continues_previous and has_header \
                and not _same_header(labels, current.header):
            carried = header_remainders(labels, current.header)
        cont = (current is not None and t.meta.continues_previous
                and (not has_header or _same_header(labels, current.header) or carried is not None))
        if not cont:
            if not has_header:
                continue     # a stray part with no header and nothing to continue
            if current is not None:
                _join_held(current, held)
            current = LogicalTable(index=len(out), header=labels, header_rows=printed, rows=[],
                                   pages=[t.page], caption=t.meta.caption,
                                   meta=LogicalMeta(method=t.method, parts=[list(t.bbox)],
                                                    confidence=t.meta.ocr_confidence,
                                                    header_understood=t.meta.header_understood,
                                                    columns=list(t.meta.columns)))
            out.append(current)
            current.rows.extend(_drop_header_repeats(_to_rows(t.rows[h:], t.page), current,
                                                     held if t.meta.ends_at_bottom else None))
            last_raw = t
            continue
        body = t.rows[h:]
        remapped = not has_header and max((len(r) for r in t.rows), default=0) != len(current.header) \
            and len(t.meta.columns) >= 2 and len(current.meta.columns) == len(current.header) + 1
        if remapped:     # a rule more or less on this page: cells placed by their x-overlap
            body = map_to_columns(body, current.meta.columns)
        if carried:      # the first row's text went into the header boxes (no rule between)
            body = [[Cell(text=x) for x in carried]] + list(body)
        now_held: list[Row] = []
        rows = _drop_header_repeats(_to_rows(body, t.page), current, now_held if t.meta.ends_at_bottom else None)
        if held and not (rows and _starts_own_row(held, current, rows[0], _continues_row(
                rows[0], current.header, [], current.rows[-1], current.rows[:-1]) or t.meta.first_row_continues)):
            _join_held(current, held)
        held[:] = now_held
        if rows and current.rows:
            first = rows[0]
            prev = current.rows[-1]
            prev_raw_last = last_raw.rows[-1] if last_raw is not None and last_raw.rows else []
            glued = [] if remapped else _glued_across(last_raw, t, h)
            split = _continues_row(first, current.header, glued, prev, current.rows[:-1]) or \
                t.meta.first_row_continues
            if split and not t.meta.first_row_continues and \
                    _second_row_of_merged_task(prev, first, current.header, glued):
                # one task merged over two rows with different leads, the page break between
                # them: the number and task cells print on the first page only
                _carry_task_cells(prev, first, current.header)
                split = False
            if split and any(c is not None and c.text for c in first.cells):
                joined = join_split_row(prev, first, glued)
                current.rows[-1] = joined
                _relabel_merged(body[0], joined, rows[1:])
                rows = rows[1:]
            else:
                _carry_merged_across_page(prev_raw_last, last_raw, body, rows, prev)
        current.rows.extend(rows)
        if t.page not in current.pages:
            current.pages.append(t.page)
        current.meta.parts.append(list(t.bbox))
        last_raw = t
    if current is not None:
        _join_held(current, held)
    return out


def map_to_columns(rows: Sequence[Sequence[Optional[Cell]]], columns: Sequence[float]
                   ) -> list[list[Optional[Cell]]]:
    """Rows of a continuation part whose columns differ from the header part's (a rule found
    or missed on one page of a scan) -> rows on the header part's columns, by geometry: a cell
    goes to the columns whose band it covers at least half of (else the one it overlaps most);
    cells landing in one column are joined left to right. A position covered by a merged cell
    from a row above stays None; other positions no cell claims get an empty Cell."""
    n = len(columns) - 1
    if n < 1:
        return [list(r) for r in rows]
    out: list[list[Optional[Cell]]] = []
    covered_until = [-1] * n            # last row index a merged cell from above covers
    for r, row in enumerate(rows):
        new: list[Optional[Cell]] = [None] * n
        claimed = [False] * n
        owner = list(range(n))          # the column whose cell covers each claimed column
        for cell in sorted((c for c in row if c is not None and c.bbox), key=lambda c: c.bbox[0]):
            x0, x1 = cell.bbox[0], cell.bbox[2]
            overlap = [max(0.0, min(x1, columns[k + 1]) - max(x0, columns[k])) for k in range(n)]
            cover = [k for k in range(n) if overlap[k] >= 0.5 * (columns[k + 1] - columns[k])]
            if not cover:
                if max(overlap) <= 0:
                    continue
                cover = [max(range(n), key=lambda k: overlap[k])]
            k0, k1 = cover[0], cover[-1]
            if claimed[k0]:
                k0 = owner[k0]
                a = new[k0]
                text = " ".join(t for t in (a.text, cell.text) if t)
                new[k0] = replace(a, text=text, bbox=(a.bbox[0], min(a.bbox[1], cell.bbox[1]), max(a.bbox[2], x1),
                                                      max(a.bbox[3], cell.bbox[3])) if a.bbox else cell.bbox,
                                  bold=a.bold and cell.bold, reread=None,
                                  low=_lowest(a, cell), unsure=a.unsure + cell.unsure,
                                  conf=min(v for v in (a.conf, cell.conf) if v is not None)
                                  if a.conf is not None or cell.conf is not None else None)
                continue
            k1 = next((k - 1 for k in range(k0 + 1, k1 + 1) if claimed[k]), k1)
            new[k0] = replace(cell, colspan=k1 - k0 + 1)
            for k in range(k0, k1 + 1):
                claimed[k] = True
                owner[k] = k0
                if cell.rowspan > 1:
                    covered_until[k] = max(covered_until[k], r + cell.rowspan - 1)
        for k in range(n):
            if not claimed[k] and covered_until[k] < r:
                top = min((c.bbox[1] for c in row if c is not None and c.bbox), default=0.0)
                bottom = max((c.bbox[3] for c in row if c is not None and c.bbox), default=0.0)
                new[k] = Cell(text="", bbox=(columns[k], top, columns[k + 1], bottom))
        out.append(new)
    return out


def _glued_across(before: Optional[RawTable], after: RawTable, h: int) -> list[bool]:
    """Per column, whether the page break cut a token: the last line of the cell at the foot of
    `before` and the first line of the cell in `after`'s first body row (row h)."""
    if before is None or not before.rows:
        return []
    ends_a = before.meta.line_ends
    ends_b = after.meta.line_ends
    last = len(before.rows) - 1
    out = []
    for c in range(len(after.rows[h]) if h < len(after.rows) else 0):
        a = _covering(before.rows, ends_a, last, c)
        b = ends_b.get(f"{h},{c}")
        out.append(bool(a and b and a.end and b.start
                        and tx.mid_token(a.end, b.start, min(a.inner, b.inner))))
    return out


def _covering(rows, ends: dict, r: int, c: int) -> Optional[LineEdge]:
    """Line summary of the cell covering (r, c): the cell itself or a merged cell above it."""
    for rr in range(r, -1, -1):
        if c < len(rows[rr]) and rows[rr][c] is not None:
            return ends.get(f"{rr},{c}")
    return None


def _relabel_merged(raw_first: Sequence[Optional[Cell]], joined: Row, below: Sequence[Row]) -> None:
    """A merged cell that starts in a re-joined split row carries the joined text to the other
    rows it covers ('Các phòng, đơn' + 'vị thuộc Sở' on every covered row)."""
    for c, cell in enumerate(raw_first):
        if cell is None or cell.rowspan < 2 or c >= len(joined.cells) or joined.cells[c] is None:
            continue
        for row in below[:cell.rowspan - 1]:
            if c < len(row.cells) and row.cells[c] is not None and row.cells[c].text == cell.text:
                row.cells[c] = replace(row.cells[c], text=joined.cells[c].text)


def _carry_merged_across_page(prev_last_raw, prev_table, body, rows: list[Row], prev: Row) -> None:
    """A merged cell broken by a page break prints its text on the first page only: when the
    previous page ended inside a merged cell and the next page's cell there is empty, the text
    carries over to every row that cell covers."""
    if not body or prev_table is None:
        return
    nrows_prev = len(prev_table.rows)
    reaching = set()
    for r, row in enumerate(prev_table.rows):
        for c, cell in enumerate(row):
            if cell is not None and cell.rowspan > 1 and r + cell.rowspan >= nrows_prev:
                reaching.add(c)
    for c, cell in enumerate(body[0]):
        if c == 0 or cell is None or cell.text.strip() or c >= len(prev.cells):
            continue
        if c not in reaching and cell.rowspan < 2:
            continue
        source = prev.cells[c]
        if source is None or not source.text:
            continue
        for row in rows[:cell.rowspan]:
            if c < len(row.cells) and row.cells[c] is not None and not row.cells[c].text:
                row.cells[c] = replace(row.cells[c], text=source.text)
