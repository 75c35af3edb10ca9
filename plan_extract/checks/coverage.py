"""Coverage: every printed line of a page is accounted for.

The readers hand the later stages two kinds of text: the tables found (their cells) and the lines
outside them (body text, title block, letterhead, signature). Body text is prose: one line at a
time down the page, at most an indent apart. A table that no finder recognised (no rules, only
shading; a rule set the finder misread) leaves its rows among the lines outside the tables, where
they look like no prose: pieces of text side by side at the same height, their left edges
aligned in columns down the page, row numbers at one x ("1", "2", "3"), deadlines or figures in a
column. Nothing reads them, and without this check they vanish without a word.

`tabular_regions(lines)` -> the regions of a page's outside lines that have that evidence
(`Region`: page, its lines, the row numbers seen at the number column, the evidence found). The
checks (checks/rows.py `check_unread_regions`) report each one not consumed by body tasks as the
page issue `table-text-unread`.

Evidence, all of it from the page's own geometry:
  side by side   a visual row (lines whose tops lie within half a line height) of two or more
                 lines, apart by a gap;
  columns        the left edges of the lines that are not first in their visual row fall at a
                 few x positions again and again (ALIGN pt apart at most);
  region         consecutive visual rows with at most MAX_PROSE_RUN single-line rows between
                 two side-by-side rows;
  and one more:  row numbers (lines opening with 1-3 digits at one x, rising), or deadline-like
                 or figure cells (a piece with a year, a quarter, a date, a percentage) in one
                 column.
A region needs MIN_SIDE_ROWS side-by-side rows whose non-first pieces start at a column shared
by MIN_COLUMN_HITS of them. A letterhead (issuer | motto, centred, three rows) and a signature
block ("Nơi nhận" | "TM. ỦY BAN NHÂN DÂN") fall short of it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from plan_extract.geometry import cluster_runs

#: Side-by-side visual rows a region needs.
MIN_SIDE_ROWS = 4
#: Left edges within this many points are one column.
ALIGN = 4.0
#: A column is a position that at least this many side-by-side rows share.
MIN_COLUMN_HITS = 3
#: Single-line visual rows allowed between two side-by-side rows of one region (a task text that
#: wraps over more lines than its neighbours).
MAX_PROSE_RUN = 6
#: Two lines of one visual row are this far apart at least (points): a column gutter, not a space.
MIN_GAP = 6.0

_ROW_NUMBER = re.compile(r"^\(?(\d{1,3})[.)]?(?=\s|$)")
_CELLISH = re.compile(r"(?:^|\s)(?:(?:19|20)\d\d|quý\s+[ivx]+|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d+(?:[,.]\d+)?\s*%)"
                      r"(?=\s|$|[.,;])", re.IGNORECASE)


@dataclass
class Region:
    page: int
    lines: list                                   # parts.Line, top to bottom
    numbers: list = field(default_factory=list)   # the row numbers at its number column, in order
    evidence: list = field(default_factory=list)  # Vietnamese words for what was found

    @property
    def top(self) -> float:
        return min(ln.top for ln in self.lines)

    @property
    def bottom(self) -> float:
        return max(ln.bottom for ln in self.lines)

    def opening(self, n: int = 8) -> str:
        first = min(self.lines, key=lambda ln: (round(ln.top), ln.x0))
        return " ".join(first.text.split()[:n])


def _visual_rows(lines: list) -> list[list]:
    """Lines grouped by height: a line joins the row whose first line's top lies within half
    the smaller line height of its own; each row left to right."""
    rows: list[list] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        h = max(ln.bottom - ln.top, 4.0)
        for row in rows[-3:]:
            first = row[0]
            if abs(first.top - ln.top) <= 0.5 * min(h, max(first.bottom - first.top, 4.0)):
                row.append(ln)
                break
        else:
            rows.append([ln])
    return [sorted(r, key=lambda ln: ln.x0) for r in rows]


def _side_by_side(row: list) -> bool:
    return len(row) >= 2 and any(b.x0 - a.x1 >= MIN_GAP for a, b in zip(row, row[1:]))


def _columns(xs: Iterable[float]) -> list[tuple[float, int]]:
    """Clusters of x positions (ALIGN apart at most, chained) -> (mean x, members)."""
    return [(sum(c) / len(c), len(c)) for c in cluster_runs(xs, ALIGN)]


def _numbers(lines: list) -> list[int]:
    """Row numbers opening lines at one x (the most used such x), top to bottom, when they rise."""
    hits = [(ln, int(m.group(1))) for ln in lines if (m := _ROW_NUMBER.match(ln.text.strip()))]
    if len(hits) < 2:
        return []
    xs = _columns(round(ln.x0) for ln, _ in hits)
    x, n = max(xs, key=lambda c: c[1])
    if n < 2:
        return []
    nums = [v for ln, v in sorted(hits, key=lambda h: h[0].top) if abs(ln.x0 - x) <= ALIGN + 2]
    rising = sum(b > a for a, b in zip(nums, nums[1:]))
    return nums if rising >= max(1, (len(nums) - 1) * 0.7) else []


def tabular_regions(lines: Iterable) -> list[Region]:
    """The regions of lines (one page's or many pages' lines outside the tables) that are laid
    out as a table: see the module docstring."""
    by_page: dict[int, list] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    out: list[Region] = []
    for page in sorted(by_page):
        rows = _visual_rows(by_page[page])
        runs: list[list[list]] = []
        current: list[list] = []
        prose = 0
        for row in rows:
            if _side_by_side(row):
                current.append(row)
                prose = 0
            elif current:
                prose += 1
                if prose > MAX_PROSE_RUN:
                    runs.append(current[:len(current) - prose + 1])
                    current, prose = [], 0
                else:
                    current.append(row)
        if current:
            runs.append(current[:len(current) - prose] if prose else current)
        for run in runs:
            # a row whose pieces were joined into one line (narrow gutters) opens the region
            # when it starts with a row number
            before = rows[:rows.index(run[0])]
            while before and _ROW_NUMBER.match(before[-1][0].text.strip()) and len(run) < len(rows):
                run.insert(0, before.pop())
            region = _judge(page, run)
            if region is not None:
                out.append(region)
    return out


def _judge(page: int, run: list[list]) -> Optional[Region]:
    side = [row for row in run if _side_by_side(row)]
    if len(side) < MIN_SIDE_ROWS:
        return None
    # the left edges of the pieces after the first in each side-by-side row, one per row and column
    xs = []
    for row in side:
        xs.extend({round(ln.x0) for ln in row[1:]})
    cols = [(x, n) for x, n in _columns(xs) if n >= MIN_COLUMN_HITS]
    if not cols:
        return None
    hits = sum(1 for row in side if any(any(abs(ln.x0 - x) <= ALIGN for ln in row[1:]) for x, _ in cols))
    if hits < MIN_SIDE_ROWS:
        return None
    lines = [ln for row in run for ln in row]
    evidence = [f"{len(side)} hàng chữ đặt cạnh nhau, thẳng {len(cols)} cột"]
    numbers = _numbers(lines)
    if len(numbers) >= 2:
        evidence.append("số thứ tự " + ", ".join(str(n) for n in numbers[:3]) + ("…" if len(numbers) > 3 else ""))
    cellish = Counter()
    for row in side:
        for ln in row[1:]:
            if _CELLISH.search(ln.text):
                cellish[min(cols, key=lambda c: abs(c[0] - ln.x0))[0]] += 1
    if cellish and cellish.most_common(1)[0][1] >= MIN_COLUMN_HITS:
        evidence.append("thời hạn hoặc số liệu theo cột")
    if len(evidence) < 2:
        return None
    return Region(page, sorted(lines, key=lambda ln: (ln.top, ln.x0)), numbers, evidence)
