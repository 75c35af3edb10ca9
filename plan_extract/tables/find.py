"""Pages -> raw tables: ruled tables from the PDF's ruling lines, a stream fallback for tables
drawn without lines (columns from the header's positions), layout tables dropped.

Chain: page_to_grids (pdfplumber's lattice finder, as tables/lattice.py computes it: ruling lines -> cell boxes) -> grid_to_rows
(cell boxes -> rows of Cells with spans, text from glyph positions) -> keep_data_tables (a data
table has a recognised header row, or continues one from the previous page).
Measured on the corpus (benchmarks/speed.py): pdfplumber's finder is exact on every ruled table
and several times faster than camelot lattice, which renders each page with ghostscript.
"""
from __future__ import annotations

import bisect
import itertools
import operator
import re
import weakref
from dataclasses import dataclass, fields, replace
from typing import Optional, Sequence, Union

from plan_extract import text as tx
from plan_extract.geometry import (DEFAULT_GRID_TOLERANCE, boxes_to_grid, cluster_values,  # noqa: F401
                                   close_cut_frames, close_open_sides, frame_inner_grids, join_dashes,
                                   join_rules)
from plan_extract.model.parts import Cell, LineEdge, RawTable, TableMeta
from plan_extract.tables import lattice
from plan_extract.tables.headers import (DEFAULT_MIN_HEADER_ROLES, caption_above, header_height,  # noqa: F401
                                        header_roles, is_candidate_header, is_data_header,
                                        is_numbering_row, reads_as_header)

DEFAULT_SNAP_TOLERANCE = 3.0
DEFAULT_JOIN_TOLERANCE = 3.0
DEFAULT_INTERSECTION_TOLERANCE = 3.0
DEFAULT_EDGE_MIN_LENGTH = 3.0
DEFAULT_TOP_SHARE = 0.2             # a continuation starts in the top 20% of its page...
DEFAULT_BOTTOM_SHARE = 0.2          # ...after a table that ended in the bottom 20% of the previous
DEFAULT_STREAM = True
DEFAULT_STREAM_COLUMN_GAP = 1.2     # × font size: words further apart are in different columns
DEFAULT_STREAM_ROW_GAP = 1.5        # × line height: a wider vertical gap ends a borderless table


@dataclass
class TableSettings:
    snap_tolerance: float = DEFAULT_SNAP_TOLERANCE
    join_tolerance: float = DEFAULT_JOIN_TOLERANCE
    intersection_tolerance: float = DEFAULT_INTERSECTION_TOLERANCE
    edge_min_length: float = DEFAULT_EDGE_MIN_LENGTH
    grid_tolerance: float = DEFAULT_GRID_TOLERANCE
    top_share: float = DEFAULT_TOP_SHARE
    bottom_share: float = DEFAULT_BOTTOM_SHARE
    stream: bool = DEFAULT_STREAM
    stream_column_gap: float = DEFAULT_STREAM_COLUMN_GAP
    min_header_roles: int = DEFAULT_MIN_HEADER_ROLES
    stream_row_gap: float = DEFAULT_STREAM_ROW_GAP

    def __post_init__(self):
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "stream":
                if not isinstance(v, bool):
                    raise ValueError("stream must be True or False")
            elif f.name == "min_header_roles":
                if not isinstance(v, int) or v < 1:
                    raise ValueError("min_header_roles must be a positive integer")
            elif not isinstance(v, (int, float)) or v < 0:
                raise ValueError(f"{f.name} must be a non-negative number, not {v!r}")
        if not (0 < self.top_share < 1 and 0 < self.bottom_share < 1):
            raise ValueError("top_share and bottom_share must lie between 0 and 1")

    @classmethod
    def resolve(cls, value: Union[None, dict, "TableSettings"]) -> "TableSettings":
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            return cls(**value)
        raise TypeError(f"table settings must be None, a dict or TableSettings, not {type(value).__name__}")

    def plumber_settings(self) -> dict:
        return {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                "snap_tolerance": self.snap_tolerance, "join_tolerance": self.join_tolerance,
                "intersection_tolerance": self.intersection_tolerance,
                "edge_min_length": self.edge_min_length}


# ----------------------------------------------------------------------------- geometry

def cell_text(chars: Sequence[dict], bbox: Optional[tuple] = None, pad: Optional[float] = None,
              groups: Optional[list] = None) -> tuple[str, bool]:
    """Glyphs of one cell -> (text as printed, bold). Given the cell's box and the table's
    inner padding, a token broken mid-word at a line end (too wide for the column) is joined
    back without a space. groups: the chars' tx.chars_to_line_groups when the caller has them."""
    if not chars:
        return "", False
    if groups is None:
        groups = tx.chars_to_line_groups(chars)
    lines = [tx.chars_to_text(g) for g in groups]
    glued = None
    if bbox is not None and pad is not None and len(groups) > 1:
        glued = [tx.broken_mid_token(a, b, bbox[0] + pad, bbox[2] - pad) for a, b in zip(groups, groups[1:])]
    return tx.join_lines(lines, glued), tx.chars_bold(chars)


def bold_head(groups: Sequence[Sequence[dict]], glued: Optional[Sequence[bool]] = None) -> Optional[str]:
    """The printed lines of one cell -> the text of its leading bold lines when the cell is bold
    first and regular after (one column for two roles: the lead in bold over its coordinators);
    None for a cell all bold, all regular, or mixed in another order."""
    if len(groups) < 2 or not tx.chars_bold(groups[0]):
        return None                   # most cells: a regular first line, nothing more to read
    flags = [True] + [tx.chars_bold(g) for g in groups[1:]]
    if all(flags):
        return None
    k = flags.index(False)
    if any(flags[k:]):
        return None
    return tx.join_lines([tx.chars_to_text(g) for g in groups[:k]], glued[:k - 1] if glued else None)


def table_padding(per_box: dict, boxes: Sequence[tuple]) -> Optional[float]:
    """A table's inner cell padding: the smallest gap between a box's left edge and its text
    (most cells are left-aligned). None without text."""
    gaps = [min(map(_X0, cs)) - boxes[i][0] for i, cs in per_box.items() if cs]
    return max(min(gaps), 0.0) if gaps else None


class _Glyphs:
    """One glyph list in float columns: sides, centres ((x0 + x1) / 2, (top + bottom) / 2: the
    same values as in Python floats) and, when first asked for, which glyphs are ink (not
    spaces). The table stage filters a page's glyphs by box and band many times a page: each
    filter is a comparison of these columns, the columns made once (_glyph_columns)."""

    __slots__ = ("chars", "n", "x0", "x1", "top", "bottom", "cx", "cy", "_ink")

    def __init__(self, chars: Sequence[dict], sides: Optional[tuple] = None):
        import numpy as np
        self.chars, self.n = chars, len(chars)
        if sides is None:
            sides = (np.fromiter(map(get, chars), dtype=np.float64, count=self.n)
                     for get in (_X0, _X1, _TOP, _BOTTOM))
        self.x0, self.x1, self.top, self.bottom = sides
        self.cx = (self.x0 + self.x1) / 2
        self.cy = (self.top + self.bottom) / 2
        self._ink = None

    @property
    def ink(self):
        """Per glyph, whether its text is not a space (a bool array)."""
        if self._ink is None:
            import numpy as np
            # str.isspace mapped over the texts (no Python step a glyph), then negated
            self._ink = ~np.fromiter(map(str.isspace, map(_TEXT, self.chars)), dtype=bool, count=self.n)
        return self._ink

    def inside(self, box):
        """Per glyph, whether its centre lies inside the box (x0, top, x1, bottom), edges
        included (_inside_box)."""
        cx, cy = self.cx, self.cy
        return (box[0] <= cx) & (cx <= box[2]) & (box[1] <= cy) & (cy <= box[3])

    def pick(self, mask) -> list[dict]:
        """The glyphs where the mask holds, in order."""
        import numpy as np
        return list(map(self.chars.__getitem__, np.flatnonzero(mask).tolist()))


#: The glyph lists last put in columns, latest first (two slots: the table stage reads one
#: page at a time, and looks back at the page before it for a table's cut row); emptied when
#: pages_to_raw_tables is done, so they keep no page's glyphs beyond the stage's own window.
_LAST_GLYPHS: list = []
#: The pages the table stage is reading (this one and the two before it: pages_to_raw_tables'
#: window), asked for the sides of a glyph list they gave (readers.pdf.Page.glyph_sides: the
#: reader's float arrays, not read from the dicts again); emptied with _LAST_GLYPHS.
_PAGES: list = []


def _glyph_columns(chars: Sequence[dict]) -> _Glyphs:
    """The columns of this glyph list (one of the last two list objects: computed once; a
    page's own list: the sides its page has)."""
    for g in _LAST_GLYPHS:
        if g.chars is chars and g.n == len(chars):
            return g
    sides = None
    for page in _PAGES:
        known = getattr(page, "glyph_sides", None)
        sides = known(chars) if known is not None else None
        if sides is not None:
            break
    g = _Glyphs(chars, sides)
    _LAST_GLYPHS[:] = [g] + _LAST_GLYPHS[:1]
    return g


def _grid_positions(chars: Sequence[dict], xs: Sequence[float], ys: Sequence[float]):
    """(indexes, rows, columns) of the glyphs whose centre lies within the grid, in order (int
    arrays): the column and row whose boundaries (xs, ys, sorted) enclose the centre, the last
    boundary counting to the last column / row. Column-wise in float arrays (the same centres
    and comparisons as in Python floats; searchsorted 'right' is bisect_right)."""
    import numpy as np
    glyphs = _glyph_columns(chars)
    cx, cy = glyphs.cx, glyphs.cy
    gx = np.asarray(xs, dtype=np.float64)
    gy = np.asarray(ys, dtype=np.float64)
    inside = np.flatnonzero((gx[0] <= cx) & (cx <= gx[-1]) & (gy[0] <= cy) & (cy <= gy[-1]))
    c = np.clip(np.searchsorted(gx, cx[inside], side="right") - 1, 0, len(xs) - 2)
    r = np.clip(np.searchsorted(gy, cy[inside], side="right") - 1, 0, len(ys) - 2)
    return inside, r, c


def _glyphs_per_box(chars: Sequence[dict], xs: Sequence[float], ys: Sequence[float], owner) -> dict[int, list[dict]]:
    """Box index -> the glyphs whose grid position (_grid_positions) that box owns (owner: the
    box index per grid position, rows of lists, -1 for none), in page order; boxes without glyphs left out."""
    import numpy as np
    if not len(chars):
        return {}
    inside, r, c = _grid_positions(chars, xs, ys)
    ids = np.array(owner, dtype=np.int64)[r, c]
    keep = ids >= 0
    ids, idx = ids[keep], inside[keep]
    if not len(ids):
        return {}
    order = np.argsort(ids, kind="stable")          # by box, page order kept within a box
    ids, idx = ids[order], idx[order]
    cuts = (np.flatnonzero(ids[1:] != ids[:-1]) + 1).tolist()
    starts = [0] + cuts
    # Python lists sliced per box (not a numpy slice and conversion a box)
    owners, glyphs = ids[starts].tolist(), list(map(chars.__getitem__, idx.tolist()))
    return {box: glyphs[a:b] for box, a, b in zip(owners, starts, cuts + [len(glyphs)])}


_X0, _X1 = operator.itemgetter("x0"), operator.itemgetter("x1")
_TWO = itertools.repeat(2)          # round(v, 2) mapped over a box's sides
_TOP, _BOTTOM = operator.itemgetter("top"), operator.itemgetter("bottom")
_TEXT = operator.itemgetter("text")


def _has_ink(chars: Sequence[dict]) -> bool:
    """Some glyph's text is not a space."""
    return not all(map(str.isspace, map(_TEXT, chars)))


def grid_to_rows(boxes: Sequence[tuple], chars: Sequence[dict], tolerance: float = DEFAULT_GRID_TOLERANCE,
                 edges: Optional[dict] = None) -> list[list[Optional[Cell]]]:
    """Cell boxes + page glyphs -> rows of Cells. A merged cell sits at its top-left position
    with rowspan/colspan; the positions it covers hold None. `edges`, when given, receives per
    cell (by id) the summaries of its first and last line, for re-joining a token that a page
    break cut (stitch.py)."""
    xs, ys, spans = boxes_to_grid(boxes, tolerance)
    nrows, ncols = len(ys) - 1, len(xs) - 1
    # the box owning each grid position (-1: none), the first in (row, column) order of its
    # top-left; one row and column more than the grid, where a box snapped to the last line spans
    owner = [[-1] * (ncols + 1) for _ in range(nrows + 1)]
    order = sorted(range(len(boxes)), key=lambda i: (spans[i][0], spans[i][2]))
    for i in order:
        r0, r1, c0, c1 = spans[i]
        for line in owner[r0:r1]:
            for c in range(c0, c1):
                if line[c] < 0:
                    line[c] = i
    per_box = _glyphs_per_box(chars, xs, ys, owner)
    pad = table_padding(per_box, boxes)
    by_id: dict[int, dict] = {}
    broken: list = []
    rows: list[list[Optional[Cell]]] = [[None] * ncols for _ in range(nrows)]
    for i in order:
        r0, r1, c0, c1 = spans[i]
        if owner[r0][c0] != i:
            continue
        cs = per_box.get(i)
        box = boxes[i]
        groups = tx.chars_to_line_groups(cs) if cs else None
        text, bold = cell_text(cs or [], box, pad, groups)
        several = groups is not None and len(groups) > 1
        cell = rows[r0][c0] = Cell(text=text, bbox=tuple(map(round, box, _TWO)), bold=bold,
                                   colspan=c1 - c0, rowspan=r1 - r0, head=bold_head(groups) if several else None)
        if several:
            split = _split_syllables(groups)
            if split:
                broken.append((cell, groups, split))
        if edges is not None and cs and pad is not None:
            by_id[id(cell)] = LineEdge(inner=round(box[2] - box[0] - 2 * pad, 2),
                                       start=tx.line_start(groups[0]), end=tx.line_end(groups[-1]))
    if broken:
        _rejoin_known_words(broken, rows, pad)
    for r in range(nrows):            # grid positions no box claims: empty cells
        for c in range(ncols):
            if rows[r][c] is None and owner[r][c] < 0:
                rows[r][c] = Cell(text="", bbox=(xs[c], ys[r], xs[c + 1], ys[r + 1]))
    out = [row for row in rows if any(cell is not None for cell in row)]
    if edges is not None:
        for r, row in enumerate(out):
            for c, cell in enumerate(row):
                if cell is not None and id(cell) in by_id:
                    edges[f"{r},{c}"] = by_id[id(cell)]
    return out


# ----------------------------------------------------------------------------- ruling lines

_RULES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def page_rules(page) -> list[dict]:
    """A page's ruling edges as the table finders read them: the sides of shaded areas left out
    (the readers mark them `shade`: a filled, unstroked rectangle wider and taller than a rule is
    a background, never a cell border), dashed and dotted rules joined into one edge each
    (geometry.join_dashes), and the missing outer sides of a grid ruled inside only added
    (geometry.frame_inner_grids), and the gap a merged cell cut by a page break leaves in the
    table's last or first rule closed (geometry.close_open_sides), and the open end of a table a
    page break cut closed (geometry.close_cut_frames). Computed once a page."""
    try:
        return _RULES[page]
    except (KeyError, TypeError):
        pass
    rules = join_dashes([e for e in page.edges if not e.get("shade")])
    # each closer reads the rules as the closers before it left them, joined: joined once, and
    # again only after a closer added edges (most pages add none)
    joined = None
    for close in (frame_inner_grids, close_open_sides, close_cut_frames):
        if joined is None:
            joined = join_rules(rules, DEFAULT_SNAP_TOLERANCE)
        added = close(rules, DEFAULT_SNAP_TOLERANCE, joined)
        if added:
            rules = rules + added
            joined = None
    try:
        _RULES[page] = rules
    except TypeError:
        pass
    return rules


def find_lattice(page, settings: "TableSettings") -> list[lattice.Lattice]:
    """pdfplumber's lattice finder (ruling lines -> cell boxes) on the page's rules (page_rules),
    as lattice.find_tables computes it (the same cells, found through indexes)."""
    return lattice.find_tables(page_rules(page), settings.snap_tolerance, settings.join_tolerance,
                               settings.intersection_tolerance, settings.edge_min_length)


_WORD, _WORD_AT_END = re.compile(r"\w+"), re.compile(r"\w+$")


def _split_syllables(groups) -> list[tuple[int, str]]:
    """Line junctions of one cell that may cut a word in two: a line ending in letters and the
    next opening with letters of the same case, one of the two fragments without a vowel (no
    Vietnamese syllable: 'Nhó' + 'm 30'). (junction index, the joined word, lower case)."""
    out = []
    for k, (a, b) in enumerate(zip(groups, groups[1:])):
        # the junction's two glyphs first (most junctions end there, before the tokens are
        # read): the last token ends with a's last glyph, the first opens with b's first glyph
        # that is not a space (tx.line_end, tx.line_start); either a space or no letter, or two
        # letters of different case, and the junction cuts no word
        if a and b:
            x, y = a[-1]["text"], None
            for c in b:
                if not c["text"].isspace():
                    y = c["text"]
                    break
            if x.isspace() or y is None:
                continue                  # no last token, or no first one
            if x and y and (not x[-1].isalpha() or not y[0].isalpha() or x[-1].islower() != y[0].islower()):
                continue
        end, start = tx.line_end(a), tx.line_start(b)
        if end is None or start is None:
            continue
        x, y = end["text"], start["text"]
        m, n = _WORD_AT_END.search(x), _WORD.match(y)
        if not m or not n or not x[-1:].isalpha() or not y[:1].isalpha() or x[-1].islower() != y[0].islower():
            continue
        if tx.has_vowel(m.group()) and tx.has_vowel(n.group()):
            continue
        out.append((k, (m.group() + n.group()).lower()))
    return out


def _rejoin_known_words(broken, rows, pad: Optional[float]) -> None:
    """A word cut at a line end (_split_syllables) is joined back when the table prints the
    joined word in another cell ('Nhóm 25' beside 'Nhó' + 'm 30'): the document's own evidence,
    where the cell's inner width is not known well enough to tell by geometry (columns cut at
    gutters, centred text). The cell's other junctions are joined as cell_text joins them."""
    known: set[str] = set()
    for row in rows:
        for cell in row:
            if cell is not None and cell.text:
                known.update(w.lower() for w in re.findall(r"\w+", cell.text))
    for cell, groups, split in broken:
        hits = {k for k, word in split if word in known}
        if not hits:
            continue
        box = cell.bbox
        glued = [k in hits or (pad is not None and tx.broken_mid_token(a, b, box[0] + pad, box[2] - pad))
                 for k, (a, b) in enumerate(zip(groups, groups[1:]))]
        cell.text = tx.join_lines([tx.chars_to_text(g) for g in groups], glued)


# ----------------------------------------------------------------------------- data tables

def _page_lines_above(page, top: float) -> bool:
    """Some glyph that is not a space has its centre above `top` - 1."""
    ink = _ink_extent(page)
    return ink is not None and ink[0] < top - 1


def _page_lines_below(page, bottom: float) -> bool:
    """Some glyph that is not a space has its centre below `bottom` + 1."""
    ink = _ink_extent(page)
    return ink is not None and ink[1] > bottom + 1


_INK_EXTENT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _ink_extent(page) -> Optional[tuple[float, float]]:
    """The highest and lowest centre (top + bottom) / 2 of the page's glyphs that are not
    spaces (None without any), read once a page: two numbers, not the glyphs, are kept."""
    try:
        return _INK_EXTENT[page]
    except (KeyError, TypeError):
        pass
    glyphs = _glyph_columns(page.chars)
    ys = glyphs.cy[glyphs.ink]
    ys = ys[ys == ys]                 # NaN centres left out
    extent = (float(ys.min()), float(ys.max())) if len(ys) else None
    try:
        _INK_EXTENT[page] = extent
    except TypeError:
        pass
    return extent


def _columns(rows) -> list[float]:
    """Column x-boundaries of a grid (for comparing layouts across pages)."""
    xs: list[float] = []
    for row in rows:
        for cell in row:
            if cell is not None and cell.bbox and cell.colspan == 1:
                xs.extend([cell.bbox[0], cell.bbox[2]])
    return cluster_values(xs, 2.0)


def pages_to_raw_tables(pages: Sequence, settings: Union[None, dict, TableSettings] = None) -> list[RawTable]:
    """All data tables of the document, page by page, in reading order."""
    settings = TableSettings.resolve(settings)
    try:
        return _pages_to_raw_tables(pages, settings)
    finally:
        _LAST_GLYPHS.clear()          # no page's glyphs kept past the table stage
        _PAGES.clear()


def _pages_to_raw_tables(pages: Sequence, settings: TableSettings) -> list[RawTable]:
    found: list[RawTable] = []
    prev: Optional[RawTable] = None         # the last data table kept
    pending_caption: Optional[str] = None   # a caption at the foot of the previous page
    prev_page = None
    recent: list = _PAGES                   # this page and the two before it
    recent.clear()
    for page in pages:
        recent.append(page)
        if len(recent) > 3:
            # a page the loop is past (stream_pages releases its edges): its rules made again if asked
            try:
                _RULES.pop(recent.pop(0), None)
            except TypeError:       # a page that takes no weak reference has no rules kept
                pass
        kept: list[RawTable] = []
        going_on = prev is not None and prev.page == page.number - 1 and prev.meta.ends_at_bottom
        candidates = page_to_raw_tables(page, settings, prev.meta.row_gap if going_on else None,
                                        prev.meta.columns if going_on and prev.method == "lattice" else None)
        if settings.stream and prev is not None and prev.method == "stream" and prev.page == page.number - 1 \
                and prev.meta.ends_at_bottom and not (candidates and candidates[0].bbox[1] <= page.height * settings.top_share):
            cont = stream_continuation(page, settings, prev.meta.bounds, [c.bbox for c in candidates],
                                       _numbered(prev), prev.meta.row_gap)
            if cont is not None:
                candidates.insert(0, cont)
        if prev is not None and prev.method == "lattice" and prev.page == page.number - 1 and prev.meta.ends_at_bottom:
            head = ruled_head_fragment(page, prev, settings, candidates)
            if head is None and not (candidates and candidates[0].bbox[1] <= page.height * settings.top_share):
                head = frame_continuation(page, prev, settings)
            if head is not None:
                candidates.insert(0, head)
            elif settings.stream and not (candidates and candidates[0].bbox[1] <= page.height * settings.top_share):
                cont = unruled_continuation(page, prev, settings, candidates)
                if cont is not None:
                    candidates.insert(0, cont)
        for t in candidates:
            _annotate(t, page, settings)
            continuation = (not kept and prev is not None and prev.page == page.number - 1
                            and prev.meta.ends_at_bottom and t.meta.starts_at_top and _same_layout(prev, t))
            again = not continuation and bool(kept) and prev is kept[-1] and _header_again(prev, t, page, settings)
            # the same columns as the table before it, its first row no header: that table goes on
            # (under a part of it on this page, nothing printed between; or at the top of the page
            # after the one it ended at, under the cut row's rest printed without rules)
            below = not continuation and not again and prev is not None and _goes_on(prev, t, page, kept, settings)
            if below and not kept:
                t = absorb_unruled_head(t, page, settings)
            if continuation and prev.meta.header_pt and prev.method == t.method:
                t = split_header_from_first_row(t, page, prev.meta.header_pt, settings,
                                                _header_texts(prev.rows) if prev.meta.has_header else None)
            if (continuation or below and not kept) and prev_page is not None:
                grown = absorb_unruled_tail(prev, prev_page, settings)
                if grown is not prev:
                    found[found.index(prev)] = grown
                    prev = grown
            header = is_data_header(t.rows, settings.min_header_roles)
            unread = not header and not continuation and t.method in ("lattice", "ocr-lattice") \
                and is_candidate_header(t.rows)
            unread = unread and not below
            if not (header or continuation or unread or below):
                continue
            t.meta.header_understood = not unread
            header = header or unread
            t.meta.has_header = header
            t.meta.continues_previous = bool(continuation or again or below)
            if header:
                h = header_height(t.rows)
                t.meta.header_pt = round(max(c.bbox[3] for row in t.rows[:h] for c in row
                                                if c is not None and c.bbox) - t.bbox[1], 2)
            elif continuation or below:
                t.meta.header_pt = prev.meta.header_pt
            above = [ln for ln in page.lines() if not kept or ln.top >= kept[-1].bbox[3]]
            caption = caption_above(above, t.bbox[1])
            if caption is None and t.meta.starts_at_top and not continuation and not below:
                caption = pending_caption
            t.meta.caption = caption
            t.index = len(kept)
            kept.append(t)
            found.append(t)
            prev = t
            prev_page = page
        # a caption at the foot of this page belongs to a table at the top of the next one
        after = kept[-1].bbox[3] if kept else -1
        pending_caption = caption_above([ln for ln in page.lines() if ln.top > after], page.height + 1)
    return found


def _goes_on(prev: RawTable, t: RawTable, page, kept: Sequence[RawTable], settings: TableSettings) -> bool:
    """A ruled table without a header whose columns are those of the table before it, and whose
    first row reads as a body row (reads_as_header: no row of labels), continues that table:
    right under a part of it on the same page with nothing printed between (a finder that cut
    one table in two at a doubled rule), or as the first table on the page after the one that
    table ended at, under nothing but the rest of the row the break cut (unruled_head_lines)."""
    if t.method != "lattice" or prev.method != "lattice" or not t.rows or not _same_layout(prev, t) \
            or is_data_header(t.rows, settings.min_header_roles) or reads_as_header(t.rows[0]):
        return False
    if kept:
        if prev is not kept[-1] or not (prev.meta.has_header or prev.meta.continues_previous):
            return False
        x0, x1 = min(prev.bbox[0], t.bbox[0]), max(prev.bbox[2], t.bbox[2])
        return -settings.snap_tolerance <= t.bbox[1] - prev.bbox[3] <= 2 * settings.snap_tolerance and not _ink_between(page, prev.bbox[3] + 1, t.bbox[1] - 1, x0, x1)
    if prev.page != page.number - 1 or not prev.meta.ends_at_bottom or t.meta.starts_at_top:
        return False
    return unruled_head_lines(t, page, settings) is not None


def unruled_head_lines(t: RawTable, page, settings: TableSettings) -> Optional[list[dict]]:
    """The glyphs above a ruled table at the top of a page that are the rest of a row the page
    break cut, printed without rules: a block of lines ending right above the table, starting in
    the top share of the page, inside the table's width, no word across one of its column
    boundaries (a heading or a paragraph would cross one), and nothing else printed above the
    table. None when the text above is anything else."""
    g = _glyph_columns(page.chars)
    above = g.pick((g.cy < t.bbox[1] - 1) & g.ink)
    if not above or len(t.meta.columns) < 3:
        return None
    groups = tx.chars_to_line_groups(above)
    size = max(groups[-1][0].get("size") or 10, 6)
    if t.bbox[1] - max(c["bottom"] for c in groups[-1]) > 1.5 * size:
        return None
    k = len(groups) - 1
    while k > 0 and min(c["top"] for c in groups[k]) - max(c["bottom"] for c in groups[k - 1]) <= 1.0 * size:
        k -= 1
    block = [c for g in groups[k:] for c in g]
    if k > 0 or min(c["top"] for c in block) > page.height * settings.top_share:
        return None
    inner = [x for x in t.meta.columns if t.bbox[0] + _EDGE_MARGIN < x < t.bbox[2] - _EDGE_MARGIN]
    if any(not (t.bbox[0] - 2 <= (c["x0"] + c["x1"]) / 2 <= t.bbox[2] + 2) for c in block):
        return None
    for line in _words(groups[k:]):
        if any(w[0] < x - 0.5 and w[1] > x + 0.5 for w in line for x in inner):
            return None
    return block


def absorb_unruled_head(t: RawTable, page, settings: TableSettings) -> RawTable:
    """A ruled table whose first rows' rest, cut by the page break, stands above its first rule
    without rules (unruled_head_lines): that text becomes its first row, cut at its columns."""
    block = unruled_head_lines(t, page, settings)
    if block is None:
        return t
    top = min(c["top"] for c in block) - 1
    cols = t.meta.columns
    head = [(a, top, b, t.bbox[1]) for a, b in zip(cols, cols[1:])]
    boxes = head + list(t.meta.boxes)
    ends: dict = {}
    rows = grid_to_rows(boxes, page.chars, settings.grid_tolerance, ends)
    meta = replace(t.meta, boxes=boxes, line_ends=ends, starts_at_top=True)
    return RawTable(page=t.page, bbox=(t.bbox[0], round(top, 2), t.bbox[2], t.bbox[3]), rows=rows,
                    method=t.method, index=t.index, meta=meta)


def _header_again(prev: RawTable, t: RawTable, page, settings: TableSettings) -> bool:
    """A table right under the previous one on the same page, nothing printed between them,
    with the same header cells and columns: the same table with its header printed again (a
    producer repeating it mid-page, tables pasted one under the other)."""
    if not prev.meta.has_header or not is_data_header(t.rows, settings.min_header_roles) \
            or _header_texts(t.rows) != _header_texts(prev.rows) or not _same_layout(prev, t):
        return False
    x0, x1 = min(prev.bbox[0], t.bbox[0]), max(prev.bbox[2], t.bbox[2])
    return not _ink_between(page, prev.bbox[3] + 1, t.bbox[1] - 1, x0, x1)


def _ink_between(page, y0: float, y1: float, x0: float, x1: float) -> bool:
    """Some glyph that is not a space has its centre strictly between y0 and y1 and its left
    edge within [x0, x1]."""
    g = _glyph_columns(page.chars)
    return bool(((y0 < g.cy) & (g.cy < y1) & (x0 <= g.x0) & (g.x0 <= x1) & g.ink).any())


def _numbered(t: RawTable) -> Optional[bool]:
    """Whether a table's first column is its number column (by the first header label; a part
    without a header says what the part it continues said)."""
    from plan_extract.tables.headers import role_of
    if t.meta.numbered is not None:
        return t.meta.numbered
    if not t.meta.has_header or not t.rows or not t.rows[0] or t.rows[0][0] is None:
        return None
    return role_of(t.rows[0][0].text) == "number"


def _annotate(t: RawTable, page, settings: TableSettings) -> None:
    t.meta.starts_at_top = not _page_lines_above(page, t.bbox[1]) or (
        t.bbox[1] <= page.height * settings.top_share and not _caption_like_above(page, t.bbox[1]))
    t.meta.columns = _columns(t.rows)
    t.meta.width = page.width
    t.meta.ends_at_bottom = not _page_lines_below(page, t.bbox[3]) or \
        t.bbox[3] >= page.height * (1 - settings.bottom_share) or _unruled_tail_below(t, page, settings)


def _unruled_tail_below(t: RawTable, page, settings: TableSettings) -> bool:
    """The text under a ruled table down to the foot of the page is the first part of a row
    the page break cut, printed without rules: it starts right under the table, stays inside
    the table's width, reaches the bottom share of the page, and no word crosses one of the
    table's column boundaries (a paragraph below a table would)."""
    if t.method not in ("lattice", "ocr-lattice") or len(t.meta.columns) < 3:
        return False
    g = _glyph_columns(page.chars)
    below = sorted(g.pick((g.cy > t.bbox[3] + 1) & g.ink), key=lambda c: c["top"])
    if not below:
        return False
    size = max(below[0].get("size") or 10, 6)
    if below[0]["top"] - t.bbox[3] > 1.5 * size or max(c["bottom"] for c in below) < page.height * (1 - settings.bottom_share):
        return False
    if any(not (t.bbox[0] - 2 <= (c["x0"] + c["x1"]) / 2 <= t.bbox[2] + 2) for c in below):
        return False
    inner = [x for x in t.meta.columns if t.bbox[0] + _EDGE_MARGIN < x < t.bbox[2] - _EDGE_MARGIN]
    for group in tx.chars_to_line_groups(below):
        for word in tx.split_line_on_gaps(group, tx.DEFAULT_SPACE_GAP):
            ink = tx.ink_glyphs(word)
            if ink and any(min(c["x0"] for c in ink) < x - 0.5 and max(c["x1"] for c in ink) > x + 0.5 for x in inner):
                return False
    return True


def unruled_continuation(page, prev: RawTable, settings: TableSettings, candidates: Sequence[RawTable]
                         ) -> Optional[RawTable]:
    """The last rows of a ruled table printed at the top of the next page without any rule (no
    header, no frame): read as a borderless table's continuation (stream_continuation) at the
    ruled part's column boundaries. Only when some row fills three cells or more, as a task
    row does (a heading or a paragraph under the table does not)."""
    cols = prev.meta.columns
    if len(cols) < 4:
        return None
    cont = stream_continuation(page, settings, cols, [c.bbox for c in candidates], _numbered(prev), prev.meta.row_gap)
    if cont is None or not any(sum(1 for c in row if c is not None and c.text.strip()) >= 3 for row in cont.rows):
        return None
    return cont


def ruled_head_fragment(page, prev: RawTable, settings: TableSettings, candidates: Sequence[RawTable]
                        ) -> Optional[RawTable]:
    """The rest of a row cut by a page break, at the top of the next page, drawn without its top
    rule (so the lattice finder sees no cells): column rules standing at the previous part's
    column positions, above the page's first table, close the fragment's cells."""
    limit = candidates[0].bbox[1] + settings.grid_tolerance if candidates else page.height
    tol = settings.snap_tolerance
    verticals = [e for e in page_rules(page) if e.get("orientation") == "v" and e["bottom"] <= limit
                 and e["top"] <= page.height * settings.top_share]
    cols = prev.meta.columns
    if not verticals or len(cols) < 3:
        return None
    xs = cluster_values([e["x0"] for e in verticals], tol)
    if len(xs) < 3 or any(min(abs(x - c) for c in cols) > tol for x in xs):
        return None
    top, bottom = min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)
    if bottom - top < 4:
        return None
    boxes = [(a, top, b, bottom) for a, b in zip(xs, xs[1:])]
    ends: dict = {}
    rows = grid_to_rows(boxes, page.chars, settings.grid_tolerance, ends)
    if not rows or not any(c is not None and c.text for c in rows[0]):
        return None
    return RawTable(page=page.number, bbox=(round(xs[0], 2), round(top, 2), round(xs[-1], 2), round(bottom, 2)),
                    rows=rows, method="lattice", meta=TableMeta(boxes=boxes, line_ends=ends))


def frame_continuation(page, prev: RawTable, settings: TableSettings) -> Optional[RawTable]:
    """The rest of a table at the top of the next page inside an outer frame only (no header
    repeated, no column or row rules: the lattice finder sees one box, no table): the frame,
    standing at the previous part's outer columns, cut at its column boundaries, its rows told
    apart as in split_unruled_body (with the previous part's row spacing)."""
    cols = prev.meta.columns
    tol = settings.snap_tolerance
    if len(cols) < 4:
        return None
    rules = page_rules(page)
    sides = [[e for e in rules if e.get("orientation") == "v" and abs(e["x0"] - x) <= tol] for x in (cols[0], cols[-1])]
    if not all(sides):
        return None
    top = max(min(e["top"] for e in side) for side in sides)
    bottom = min(max(e["bottom"] for e in side) for side in sides)
    if top > page.height * settings.top_share or bottom - top < 10 or not any(
            e.get("orientation") == "h" and abs(e["top"] - top) <= tol and e["x0"] <= cols[0] + tol
            and e["x1"] >= cols[-1] - tol for e in rules):
        return None
    boxes = _continued_columns([(cols[0], top, cols[-1], bottom)], cols, page.chars, settings)
    if boxes is None:
        return None
    rows = grid_to_rows(boxes, page.chars, settings.grid_tolerance)
    body = split_unruled_body(boxes, rows, page.chars, settings, prev.meta.row_gap)
    gap = None
    if body is not None:
        boxes, gap = body
    ends: dict = {}
    rows = grid_to_rows(boxes, page.chars, settings.grid_tolerance, ends)
    if not rows or not any(c is not None and c.text for row in rows for c in row):
        return None
    return RawTable(page=page.number, bbox=(round(cols[0], 2), round(top, 2), round(cols[-1], 2), round(bottom, 2)),
                    rows=rows, method="lattice",
                    meta=TableMeta(boxes=boxes, line_ends=ends, columns_from_text=True, row_gap=gap))


def absorb_unruled_tail(t: RawTable, page, settings: TableSettings) -> RawTable:
    """The part of a row that a page break cuts off is sometimes printed below the table's
    last rule, without borders. When the table continues on the next page, text right under
    the table inside its columns is that row: add it as a last row."""
    boxes = t.meta.boxes
    if not t.rows:
        return t
    x0, _, x1, bottom = t.bbox
    g = _glyph_columns(page.chars)
    below = sorted(g.pick((g.top >= bottom - 1) & g.ink & (x0 <= g.cx) & (g.cx <= x1)), key=lambda c: c["top"])
    if not below:
        return t
    size = max(below[0].get("size") or 10, 6)
    if below[0]["top"] - bottom > 1.5 * size:
        return t
    end = below[0]["bottom"]
    cols_all = t.meta.columns
    numbered = len(cols_all) >= 4 and bool(boxes) and _numbered(t)
    for c in below:
        if c["top"] - end > 1.0 * size:
            # the padding between two rows: a numbered row goes on (a number under the
            # number column, less than a row gap further); in a table without a number
            # column, any row less than a row gap further
            if not (c["top"] - end <= DEFAULT_STREAM_ROW_GAP * size and (numbered is False or numbered and _ROW_NUMBER.match(
                    tx.chars_to_text(sorted((d for d in below if abs(d["top"] - c["top"]) < 0.5 * size
                                             and cols_all[0] <= (d["x0"] + d["x1"]) / 2 <= cols_all[1]),
                                            key=lambda d: d["x0"])).strip()))):
                break
        end = max(end, c["bottom"])
    if not boxes:      # an OCR table: no box list, cut the glyphs at the last row's cell edges
        return _append_tail_row(t, page, below, end)
    last = max(b[3] for b in boxes)
    cols = sorted({(round(b[0], 2), round(b[2], 2)) for b in boxes if abs(b[3] - last) <= settings.grid_tolerance})
    tail = [(a, last, b, end + 1) for a, b in cols]
    if numbered or numbered is False and len(cols_all) >= 4:
        # several rows under the last rule (the rules framed a header printed again above
        # them): cut where a line has text in the number column; without a number column,
        # where the white between lines is a row's (the table's own row spacing when the tail
        # alone shows one size of gap)
        got = _body_band_edges(cols_all, last, end + 1, page.chars, settings, bool(numbered),
                               None if numbered else t.meta.row_gap, alone=False)
        if got is not None and len(got[0]) > 2:
            tail = [(cols_all[0], a, cols_all[-1], b) for a, b in zip(got[0], got[0][1:])]
    if t.meta.columns:        # the last row may span the table (a section row): cut at every column
        tail = _cut_boxes(tail, t.meta.columns, page.chars, settings.stream_column_gap)
    new = list(boxes) + tail
    ends: dict = {}
    rows = grid_to_rows(new, page.chars, settings.grid_tolerance, ends)
    meta = replace(t.meta, boxes=new, unruled_tail=True, line_ends=ends)
    return RawTable(page=t.page, bbox=(t.bbox[0], t.bbox[1], t.bbox[2], round(end + 1, 2)), rows=rows,
                    method=t.method, index=t.index, meta=meta)


def _append_tail_row(t: RawTable, page, below: Sequence[dict], end: float) -> RawTable:
    edges = []
    for cell in t.rows[-1]:
        if cell is None or not cell.bbox:
            return t
        edges.append((cell.bbox[0], cell.bbox[2]))
    bottom = t.bbox[3]
    row = []
    for a, b in edges:
        glyphs = [c for c in below if a <= (c["x0"] + c["x1"]) / 2 <= b and c["bottom"] <= end + 0.5]
        text, bold = cell_text(glyphs)
        row.append(Cell(text=text, bbox=(a, bottom, b, round(end + 1, 2)), bold=bold))
    meta = replace(t.meta, unruled_tail=True)
    return RawTable(page=t.page, bbox=(t.bbox[0], t.bbox[1], t.bbox[2], round(end + 1, 2)), rows=t.rows + [row],
                    method=t.method, index=t.index, meta=meta)


def _header_texts(rows) -> list[str]:
    """The header cells' texts of a raw table that starts with its header, row by row."""
    return [tx.match_key(c.text) for row in rows[:header_height(rows)] for c in row if c is not None]


def split_header_from_first_row(t: RawTable, page, header_pt: float, settings: TableSettings,
                                header: Optional[Sequence[str]] = None) -> RawTable:
    """A row broken by a page break often has no top border on the next page, so the repeated
    header and the rest of the row share one box. Cut the boxes at the header's height (known
    from the table's previous part) when that yields the same header. With `header` (the
    previous part's header cells, _header_texts), the boxes of a lower header row are cut too
    (a two-row header: 'Bắt đầu | Hoàn thành' under 'Thời gian' run on into the row's rest)
    when the cut gives exactly that header; without it only boxes from the table's top."""
    y = t.bbox[1] + header_pt
    boxes = t.meta.boxes
    if not boxes:
        return t
    tol = settings.grid_tolerance
    if header is None and any(abs(b[1] - y) <= tol for b in boxes):
        return t
    cut = []
    # only boxes of the header band (a row under its own rule is a row)
    for b in boxes:
        if b[1] < y - 1 and b[3] > y + 1 and (abs(b[1] - t.bbox[1]) <= tol or header is not None):
            cut.extend([(b[0], b[1], b[2], y), (b[0], y, b[2], b[3])])
        else:
            cut.append(b)
    if len(cut) == len(boxes):
        return t
    lower = [b for b in cut if abs(b[1] - y) <= 0.01 and b not in boxes]
    g = _glyph_columns(page.chars)
    if not any((g.inside(b) & g.ink).any() for b in lower):
        return t                      # nothing under the header's height: no row's rest there
    ends: dict = {}
    rows = grid_to_rows(cut, page.chars, settings.grid_tolerance, ends)
    if not is_data_header(rows, settings.min_header_roles) or (header is not None and _header_texts(rows) != list(header)):
        return t
    # no rule between the repeated header and the first row: that row continues the last one
    meta = replace(t.meta, boxes=cut, first_row_continues=True, line_ends=ends)
    return RawTable(page=t.page, bbox=t.bbox, rows=rows, method=t.method, index=t.index, meta=meta)


def _caption_like_above(page, top: float) -> bool:
    for ln in page.lines():
        if ln.bottom <= top + 1 and tx.match_key(ln.text).startswith(("phụ lục", "kèm theo", "ban hành kèm")):
            return True
    return False


def _same_layout(a: RawTable, b: RawTable) -> bool:
    """Same column count and (on pages of the same width) column boundaries within 3 pt
    between ruled parts, 12 pt where a part's columns are not all ruled (OCR'd rules, columns
    from the text's gutters: the widest gutter moves with each page's words). Between OCR'd
    pages a column count that differs by a rule found or missed on one page is the same layout
    when the outer edges agree and every boundary of the part with fewer columns is one of the
    other's (stitch.map_to_columns then places the cells by geometry)."""
    na = max((len(r) for r in a.rows), default=0)
    nb = max((len(r) for r in b.rows), default=0)
    ca, cb = a.meta.columns, b.meta.columns
    # rules found in a scan move by a few points from page to page
    # (and borderless columns are inferred from each page's text)
    ruled = a.method == b.method == "lattice" and not (a.meta.columns_from_text or b.meta.columns_from_text)
    tolerance = 3.0 if ruled else 12.0
    if na != nb:
        return a.method == b.method == "ocr-lattice" and a.meta.width == b.meta.width \
            and _columns_nested(ca, cb, tolerance)
    if len(ca) == len(cb) and a.meta.width == b.meta.width:
        return all(abs(x - y) <= tolerance for x, y in zip(ca, cb))
    return True


def _columns_nested(ca: Sequence[float], cb: Sequence[float], tolerance: float) -> bool:
    """Boundaries of two parts: at least three columns each, the first and last boundaries
    within `tolerance`, and each boundary of the shorter list within `tolerance` of the other's."""
    if len(ca) < 4 or len(cb) < 4:
        return False
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    if abs(short[0] - long_[0]) > tolerance or abs(short[-1] - long_[-1]) > tolerance:
        return False
    return all(min(abs(x - y) for y in long_) <= tolerance for x in short)


def page_to_raw_tables(page, settings: TableSettings, row_gap: Optional[float] = None,
                       columns: Optional[Sequence[float]] = None) -> list[RawTable]:
    """One page -> candidate tables (ruled first; stream where a header stands outside them).
    `row_gap`, `columns`: the row spacing and the column boundaries of the table the previous
    page ended in (a part of it at the top of this page without a header and without column
    rules is cut at those columns)."""
    out: list[RawTable] = []
    chars = page.chars
    if getattr(page, "ocr", None) is not None:      # scanned page: ocr.py found the ruled tables
        for t in page.ocr.tables:
            out.append(RawTable(page=t.page, bbox=t.bbox, rows=t.rows, method=t.method, index=t.index,
                                meta=replace(t.meta)))
    elif page.edges:
        verticals = [e for e in page_rules(page) if e.get("orientation") == "v"]
        for t in find_lattice(page, settings):
            boxes = [tuple(c) for c in t.cells]
            if len(boxes) < 2:
                continue
            boxes = split_boxes_on_rules(boxes, verticals, chars, settings.grid_tolerance)
            ends: dict = {}
            rows = grid_to_rows(boxes, chars, settings.grid_tolerance, ends)
            cut = None
            # no column rule inside the frame: one box may hold a whole header naming every role
            if rows and (not is_data_header(rows, settings.min_header_roles) or max(len(r) for r in rows) < 3):
                cut = split_boxes_on_text(boxes, chars, settings)
                if cut is None and columns and t.bbox[1] <= page.height * settings.top_share:
                    cut = _continued_columns(boxes, columns, chars, settings)
                if cut is not None:
                    ends = {}
                    boxes, rows = cut, grid_to_rows(cut, chars, settings.grid_tolerance, ends)
            if not rows:
                continue
            body = split_unruled_body(boxes, rows, chars, settings, row_gap)
            gap_used = None
            if body is not None:
                boxes, gap_used = body
                ends = {}
                rows = grid_to_rows(boxes, chars, settings.grid_tolerance, ends)
            out.append(RawTable(page=page.number, bbox=tuple(round(v, 2) for v in t.bbox), rows=rows,
                                method="lattice", meta=TableMeta(boxes=boxes, line_ends=ends, row_gap=gap_used,
                                                                 columns_from_text=cut is not None)))
    if getattr(page, "ocr", None) is None and page.edges:
        out.extend(hrule_tables(page, settings, [t.bbox for t in out], columns, row_gap))
    if settings.stream:
        out.extend(page_to_stream_tables(page, settings, [t.bbox for t in out], row_gap=row_gap))
    out.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return out


# ----------------------------------------------------------------------------- partly ruled

_ROW_NUMBER = re.compile(r"^(\d+(\.\d+)*\.?|[IVXLC]+\.?|[a-zđ]\)|[A-ZĐ]\.?)$")


def _continued_columns(boxes: Sequence[tuple], columns: Sequence[float], chars: Sequence[dict],
                       settings: "TableSettings") -> Optional[list[tuple]]:
    """A part at the top of a page without a header whose frame has no column rules: cut at the
    previous part's columns when its outer edges are the same and no word crosses a cut."""
    tol = settings.snap_tolerance
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    if len(columns) < 4 or abs(left - columns[0]) > tol or abs(right - columns[-1]) > tol:
        return None
    xs, _, _ = boxes_to_grid(boxes, settings.grid_tolerance)
    if len(xs) >= len(columns):
        return None
    out = _cut_boxes(boxes, columns[1:-1], chars, settings.stream_column_gap)
    return out if len(out) > len(boxes) else None


def split_unruled_body(boxes: Sequence[tuple], rows, chars: Sequence[dict], settings: "TableSettings",
                       row_gap: Optional[float] = None) -> Optional[tuple[list[tuple], Optional[float]]]:
    """A ruled table with no rule between its body rows (an outer frame and a header rule only):
    the lattice finder gives one box row holding every row. Cut it where rows start, as in a
    table without rules: at each line with text in the number column, or, without one, at the
    white bands wider than the space between a cell's lines (measure_row_gap, else `row_gap`,
    the size the table's previous page gave); a title across the table stays one cell. The
    header printed again inside the body between its own rules (a producer repeating it
    mid-page) parts the body into several such box rows: each is cut, the repeated header
    kept as it is. None when the body is ruled into rows, or nothing tells its rows apart.
    Returns the boxes and the row spacing used."""
    from plan_extract.tables.headers import role_of
    tol = settings.grid_tolerance
    xs, ys, _ = boxes_to_grid(boxes, tol)
    h = header_height(rows) if is_data_header(rows, settings.min_header_roles) else 0
    if len(ys) - 1 < h + 1 or len(xs) < 4:
        return None                   # no body at all
    bands = list(zip(ys[h:], ys[h + 1:]))
    repeats: set[int] = set()
    if len(bands) > 1:
        # rules between the rows, unless the rules only frame the header printed again
        if not h or not _header_words_again(rows, h):
            return None
        repeats = _repeated_header_bands(xs, ys, h, chars)
        if not repeats:
            return None               # the body has rules between rows
    numbered = None
    if h:
        numbered = role_of(rows[0][0].text if rows[0][0] is not None else "") == "number"
        if numbered and _header_holds_a_row(rows[h - 1][0]):
            return None               # the rule under the header box row is a rule between rows
    if len(bands) > 1:
        # box rows parted by a repeated header hold several rows each: more than one row
        # number in some box row (else each box row is a row, its number maybe centred); without
        # a number column, the white between rows tells (a box row that is one row shows one
        # size of gap between its lines: left whole)
        if numbered and max(_numbers_in_band(xs, a, b, chars) for k, (a, b) in enumerate(bands)
                            if k not in repeats) < 2:
            return None
    out = [b for b in boxes if b[3] <= ys[h] + tol]
    wide = None
    cut_any = False
    for k, (y0, y1) in enumerate(bands):
        if k in repeats:
            out.extend(b for b in boxes if b[1] >= y0 - tol and b[3] <= y1 + tol)
            continue
        got = _body_band_edges(xs, y0, y1, chars, settings, numbered, row_gap if wide is None else wide,
                               alone=len(bands) == 1)
        if got is None:
            if len(bands) == 1:
                return None
            edges = [y0, y1]
        else:
            edges, band_gap = got
            wide = band_gap if band_gap is not None else wide
            cut_any = cut_any or len(edges) > 2
        cells = [(xs[0], a, xs[-1], b) for a, b in zip(edges, edges[1:])]
        out.extend(_cut_boxes(cells, xs[1:-1], chars, settings.stream_column_gap))
    if not cut_any:
        return None                   # every box row is one row: ruled into rows
    return out, wide


def _header_holds_a_row(cell: Optional[Cell]) -> bool:
    """The header's number cell goes on under its label with a row number ("STT" over "21"):
    no rule was drawn (or read) under the header, so its box row holds the first body row too,
    and the rule under that box row parts two rows: the body is ruled into rows (a row whose
    number is centred between its rules is one row, never cut at its number)."""
    from plan_extract.tables.headers import role_of
    words = cell.text.split() if cell is not None else []
    return len(words) >= 2 and bool(_ROW_NUMBER.match(words[-1])) and role_of(" ".join(words[:-1])) == "number"


def _header_words_again(rows, h: int) -> bool:
    """Some body row of a raw table whose words are all words of its header (h rows): the
    header printed again may stand there (a cheap test before reading box rows line by line)."""
    from collections import Counter
    # words of cells: their texts joined by a space split into the same words, in one split
    head = Counter(" ".join([c.text for row in rows[:h] for c in row if c is not None]).split())
    for row in rows[h:]:
        # a word the header lacks rules a row out before the counts are compared
        words = Counter(" ".join([c.text for c in row if c is not None]).split())
        if words and words.keys() <= head.keys() and not (words - head):
            return True
    return False


def _repeated_header_bands(xs: Sequence[float], ys: Sequence[float], h: int, chars: Sequence[dict]) -> set[int]:
    """The box rows of a table's body (rows h.. of the grid ys, counted from 0) that hold only
    lines of its header printed again. Glyphs are put in their box row once; only a box row
    whose glyphs are all among the header's (as many of each) is read line by line."""
    from collections import Counter
    per: list[list[dict]] = [[] for _ in range(len(ys) - 1)]
    for c in chars:
        if c["text"].isspace():
            continue
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
            continue
        per[min(max(bisect.bisect_right(ys, y) - 1, 0), len(per) - 1)].append(c)
    head = [c for r in per[:h] for c in r]
    if not head:
        return set()
    have = Counter(c["text"] for c in head)
    keys = _header_line_keys(tx.chars_to_line_groups(head))
    out: set[int] = set()
    for k, inside in enumerate(per[h:]):
        if not inside or len(inside) > len(head) or Counter(c["text"] for c in inside) - have:
            continue
        lines = [_line_key(g) for g in tx.chars_to_line_groups(inside)]
        if lines and all(x in keys for x in lines):
            out.add(k)
    return out


def _numbers_in_band(xs: Sequence[float], y0: float, y1: float, chars: Sequence[dict]) -> int:
    """How many lines inside the band hold a row number in the first column."""
    g = _glyph_columns(chars)
    inside = g.pick(g.inside((xs[0], y0, xs[1], y1)) & g.ink)
    return sum(1 for g in tx.chars_to_line_groups(inside) if _ROW_NUMBER.match(tx.chars_to_text(g).strip()))


def _body_band_edges(xs: Sequence[float], y0: float, y1: float, chars: Sequence[dict], settings: "TableSettings",
                     numbered: Optional[bool], row_gap: Optional[float], alone: bool = True
                     ) -> Optional[tuple[list[float], Optional[float]]]:
    """Row edges inside one unruled box row of a table's body (split_unruled_body): where a line
    has text in the number column (`numbered`; None: a continued part, numbered when its first
    column holds numbers only), else at the white bands wider than the space between a cell's
    lines. None when nothing tells its rows apart (`alone`: the band is the whole body and must
    hold two rows)."""
    g = _glyph_columns(chars)
    body = g.pick(g.inside((xs[0], y0, xs[-1], y1)) & g.ink)
    groups = tx.chars_to_line_groups(body)
    if len(groups) < (3 if alone else 2):
        return None
    gap = settings.stream_column_gap
    firsts = [tx.chars_to_text(_cut(g, xs)[0]).strip() for g in groups]
    if numbered is None:              # a continued part: a first column of numbers only
        filled = [f for f in firsts if f]
        numbered = len(filled) >= 2 and all(_ROW_NUMBER.match(f) for f in filled)
    wide = None
    if numbered:
        starts = [bool(f) or _spans_columns(g, xs, gap) for f, g in zip(firsts, groups)]
    else:
        wide = measure_row_gap(groups, xs)
        wide = row_gap if wide is None else wide
        breaks = _row_breaks(groups, xs, wide)
        if breaks is None:
            return None
        starts = breaks
    starts[0] = True
    if alone and sum(starts) < 2:
        return None
    edges = [y0]
    reach = max(c["bottom"] for c in groups[0])
    for n in range(1, len(groups)):
        top = min(c["top"] for c in groups[n])
        if starts[n]:
            edges.append((reach + top) / 2)
        reach = max(reach, max(c["bottom"] for c in groups[n]))
    edges.append(y1)
    return edges, wide


def _ink_lines(chars: Sequence[dict], box: tuple) -> list[list[dict]]:
    """The visual lines of the glyphs that are not spaces whose centre lies inside the box."""
    g = _glyph_columns(chars)
    return tx.chars_to_line_groups(g.pick(g.inside(box) & g.ink))


def _word_spans(groups: Sequence[Sequence[dict]]) -> list[tuple[float, float]]:
    """(left, right) of every word of the lines: a word never runs across a column edge."""
    spans = []
    for group in groups:
        for word in tx.split_line_on_gaps(group, tx.DEFAULT_SPACE_GAP):
            ink = tx.ink_glyphs(word)
            if ink:
                spans.append((min(c["x0"] for c in ink), max(c["x1"] for c in ink)))
    return spans


def _runs_across(spans: Sequence[tuple[float, float]], x: float) -> bool:
    """A word of `spans` (_word_spans) runs across x."""
    return any(left < x - 0.5 and right > x + 0.5 for left, right in spans)


def _title_across(groups: Sequence[Sequence[dict]], x: float, gap: float) -> bool:
    """A box's first line (of its lines `groups`) starts with a phrase that runs from left of x
    on past it: a title written across the table ("I Cải cách thể chế ..."), not cells side by
    side; a first line with more phrases further on, in other columns, is cells side by side
    whose first two run close: 'Tham mưu ... các cơ' 'Sở Nội vụ' ... 'Năm 2026')."""
    if not groups:
        return False
    first = line_to_phrases(groups[0], gap)
    if not first or len(first) > 2:
        return False
    a, b = _span(first[0])
    return a < x < b


#: A column rule within this distance of a box edge is that edge, drawn a little apart.
_EDGE_MARGIN = 5.0


def _cut_boxes(boxes: Sequence[tuple], xs: Sequence[float], chars: Sequence[dict], gap: float,
               keep=lambda box, x: False) -> list[tuple]:
    """Boxes cut at the x positions that fall inside them, unless text runs across the cut."""
    out = []
    for b in boxes:
        inside = [x for x in xs if b[0] + _EDGE_MARGIN < x < b[2] - _EDGE_MARGIN and not keep(b, x)]
        if not inside:                # no cut: the box as it stands (most boxes)
            out.append((b[0], b[1], b[2], b[3]))
            continue
        groups = _ink_lines(chars, b)
        if _title_across(groups, inside[0], gap):
            out.append(b)             # a title written across the table stays one cell
            continue
        spans = _word_spans(groups)
        cuts = [x for x in inside if not _runs_across(spans, x)]
        edges = [b[0], *sorted(cuts), b[2]]
        out.extend((x0, b[1], x1, b[3]) for x0, x1 in zip(edges, edges[1:]))
    return out


def split_boxes_on_rules(boxes: Sequence[tuple], verticals: Sequence[dict], chars: Sequence[dict],
                         tolerance: float = DEFAULT_GRID_TOLERANCE) -> list[tuple]:
    """A box that a vertical rule crosses is two cells: the lattice finder makes one box of a
    row whose bottom rule is missing (a row cut by a page break), though the column rules run
    through it. Cut where a vertical rule covers most of the box's height."""
    near: dict[float, list[tuple[float, float]]] = {}     # x -> (top, bottom) of its rules, in order

    def covered(b, x):
        h = b[3] - b[1]
        at = near.get(x)
        if at is None:
            at = near[x] = [(e["top"], e["bottom"]) for e in verticals if abs(e["x0"] - x) <= tolerance]
        top, bottom = b[1], b[3]
        span = sum(max(0.0, min(low, bottom) - max(high, top)) for high, low in at)
        return span >= 0.6 * h
    # only at the table's own column positions (edges of other boxes): a rule of something
    # drawn inside a cell (a nested table, a frame) is not a column
    edges = cluster_values([v for b in boxes for v in (b[0], b[2])], tolerance)
    xs = [x for x in cluster_values([e["x0"] for e in verticals], tolerance)
          if any(abs(x - c) <= tolerance + 1 for c in edges)]
    return _cut_boxes(boxes, xs, chars, DEFAULT_STREAM_COLUMN_GAP, keep=lambda b, x: not covered(b, x))


def split_boxes_on_text(boxes: Sequence[tuple], chars: Sequence[dict], settings: "TableSettings"
                        ) -> Optional[list[tuple]]:
    """A table ruled with horizontal lines only inside its frame (or with some column rules
    missing): the columns come from what is printed. The header row's label phrases fix the
    columns (they must name a data header); the boundary between two labels is the widest
    gutter no body word crosses (column_bounds). Every box is cut there, unless a phrase runs
    across the cut (a section title spanning the table). None when the text shows no more
    columns than the rules."""
    if not boxes:
        return None
    top = min(b[1] for b in boxes)
    first = sorted([b for b in boxes if abs(b[1] - top) <= settings.grid_tolerance], key=lambda b: b[0])
    header_bottom = max(b[3] for b in first)
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    gap = settings.stream_column_gap
    head_chars = _outside_boxes(chars, first, inside=True)
    groups = tx.chars_to_line_groups(head_chars)
    lines = [line_to_phrases(g, gap) for g in groups]
    labels = header_band_to_columns(lines)
    if len(labels) < 3 or len(labels) <= len(first):
        return None
    # a first box row holding rows that open with a row number is a body under a rule (the
    # rules under a header printed again mid-page), not a header; the numbers differ (a
    # label wrapped letter by letter in a narrow column, 'T' over 'T', numbers nothing)
    if len({tx.chars_to_text(ln[0]).strip() for ln in lines if ln and _ROW_NUMBER.match(tx.chars_to_text(ln[0]).strip())
            and _span(ln[0])[0] < labels[1][0]}) >= 2:
        return None
    texts = [tx.chars_to_text([c for c in head_chars if a - 1 <= (c["x0"] + c["x1"]) / 2 <= b + 1]) for a, b in labels]
    from plan_extract.tables.headers import role_of
    roles = {role_of(t) for t in texts} - {None, "others"}
    if not (roles & {"task", "name"}) or len(roles) < settings.min_header_roles:
        return None
    bottom = max(b[3] for b in boxes)
    glyphs = _glyph_columns(chars)
    body = glyphs.pick((left <= glyphs.cx) & (glyphs.cx <= right) & (header_bottom < glyphs.cy) & (glyphs.cy <= bottom))
    body_groups = tx.chars_to_line_groups(body)
    first_end = labels[0][1] + 2
    second_mid = (labels[1][0] + labels[1][1]) / 2
    numbered = role_of(texts[0]) == "number"
    plain = []
    repeated = _header_line_keys(groups)
    for g in body_groups:
        if _title_across_first(line_to_phrases(g, gap), first_end, second_mid, numbered):
            continue                  # a section title across the table
        if _line_key(g) in repeated:
            continue                  # the header printed again inside the table: labels, no gutter
        plain.append(g)
    bounds = column_bounds(labels, plain, left, right)
    return _split_parent_labels(_cut_boxes(boxes, bounds[1:-1], chars, gap), header_bottom, groups, bounds, chars, gap)


def _line_key(group: Sequence[dict]) -> str:
    return tx.match_key(tx.chars_to_text(group))


def _header_line_keys(header_groups: Sequence[Sequence[dict]]) -> set[str]:
    """The header's printed lines (match keys): a body line equal to one is the header printed
    again inside the table (a producer repeating it mid-page), whose labels say nothing of the
    body's gutters."""
    return {k for k in (_line_key(g) for g in header_groups) if k}


def _split_parent_labels(cut: Sequence[tuple], header_bottom: float, groups, bounds: Sequence[float],
                         chars: Sequence[dict], gap: float) -> list[tuple]:
    """A header of two lines whose upper line holds a label over several columns (a merged
    parent cell, 'Thời gian' over 'Bắt đầu | Hoàn thành') and no rule under it: the header box
    holding it (one box over those columns: no cut runs through its words) is cut between the
    two lines, the parent keeps the upper part and the lower part is cut at every column."""
    inner = bounds[1:-1]
    for k in range(len(groups) - 1):
        # (the extents of the phrases over a column boundary, read once a phrase)
        parents = [s for s in map(_span, line_to_phrases(groups[k], gap)) if any(s[0] < x - 2 and s[1] > x + 2 for x in inner)]
        if not parents:
            continue
        y = (max(c["bottom"] for c in groups[k]) + min(c["top"] for c in groups[k + 1])) / 2
        out: list[tuple] = []
        uppers: dict[int, list[tuple]] = {}
        for b in cut:
            over = [n for n, s in enumerate(parents) if b[0] < s[1] and b[2] > s[0]]
            if over and b[3] <= header_bottom + 1 and b[1] < y < b[3]:
                uppers.setdefault(over[0], []).append((b[0], b[1], b[2], y))
                out.extend(_cut_boxes([(b[0], y, b[2], b[3])], inner, chars, gap))
            else:
                out.append(b)
        # the parent label is one cell over its columns, though a cut ran between its words
        for boxes in uppers.values():
            out.append((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), y))
        return out
    return list(cut)


def _title_across_first(line, first_end: float, second_mid: float, numbered: bool) -> bool:
    """A body line that is a title written across the table, not cells: its first phrase opens
    under the first label and runs past the middle of the second one; in a table with a number
    column, also a phrase of several words opening there with a section number ("1. Tuyên
    truyền", however short: a number cell holds one token)."""
    if not line:
        return False
    a, b = _span(line[0])
    if a >= first_end:
        return False
    if b > second_mid:
        return True
    words = tx.chars_to_text(line[0]).split()
    return numbered and len(words) > 1 and bool(_SECTION_NO.match(words[0]))


def hrule_tables(page, settings: "TableSettings", ruled: Sequence[tuple],
                 columns: Optional[Sequence[float]] = None, row_gap: Optional[float] = None) -> list[RawTable]:
    """Tables ruled with horizontal lines only (no column rules at all): rows are the bands
    between rules of the same extent, columns come from the printed header and gutters
    (split_boxes_on_text), or, for a part at the top of the page without a header, from the
    part the previous page ended in (`columns`). A body with no rule between its rows (rules
    above and below it only) is cut into rows as in split_unruled_body. Rules inside a table
    already found are left to it."""
    tol = settings.snap_tolerance
    rules = _rules_outside([e for e in page_rules(page) if e.get("orientation") == "h"], ruled, tol)
    rules = [e for e in _join_broken_rules(rules, tol) if e["x1"] - e["x0"] >= 0.3 * page.width]
    groups: list[list[dict]] = []
    for e in sorted(rules, key=lambda e: (round(e["x0"]), round(e["x1"]), e["top"])):
        g = next((g for g in groups if abs(g[0]["x0"] - e["x0"]) <= tol and abs(g[0]["x1"] - e["x1"]) <= tol), None)
        if g is None:
            groups.append([e])
        elif all(abs(e["top"] - o["top"]) > tol for o in g):
            g.append(e)
    out = []
    for g in groups:
        x0, x1 = min(e["x0"] for e in g), max(e["x1"] for e in g)
        # two tables one above the other: the band between them holds no text
        runs: list[list[float]] = [[]]
        glyphs = _glyph_columns(page.chars)
        for y in sorted(e["top"] for e in g):
            if runs[-1] and not (glyphs.inside((x0, runs[-1][-1], x1, y)) & glyphs.ink).any():
                runs.append([])
            runs[-1].append(y)
        gaps = {e["top"]: e["gaps"] for e in g if e.get("gaps")}
        out.extend(t for ys in runs if len(ys) >= 3 or (columns and ys[0] <= page.height * settings.top_share)
                   if not _header_rules_only(page, ys, x0, x1)
                   for t in _hrule_table(page, settings, ys, x0, x1, columns, row_gap, gaps))
    return out


def _rules_outside(rules: Sequence[dict], boxes: Sequence[tuple], tol: float) -> list[dict]:
    """The horizontal rules that lie inside none of the boxes grown by tol (x0 and x1 within the
    box's sides, top within its top and bottom), in order: the same comparisons on float columns
    of the rules, one box at a time."""
    if not boxes or not rules:
        return list(rules)
    import numpy as np
    x0s, x1s, tops = (np.fromiter(map(get, rules), dtype=np.float64, count=len(rules)) for get in (_X0, _X1, _TOP))
    inside = np.zeros(len(rules), dtype=bool)
    for b in boxes:
        inside |= (b[0] - tol <= x0s) & (x1s <= b[2] + tol) & (b[1] - tol <= tops) & (tops <= b[3] + tol)
    return list(itertools.compress(rules, (~inside).tolist()))


def _block_above(page, y: float, x0: float, x1: float, floor: float) -> list[list[dict]]:
    """The lines standing right above a rule at y inside [x0, x1], below `floor` (lines less
    than a line's height apart, from the rule up), top to bottom."""
    g = _glyph_columns(page.chars)
    groups = tx.chars_to_line_groups(g.pick((floor < g.cy) & (g.cy < y) & g.ink & (x0 <= g.cx) & (g.cx <= x1)))
    if not groups:
        return []
    size = max(max(c["bottom"] - c["top"] for c in g) for g in groups)
    if y - max(c["bottom"] for c in groups[-1]) > 1.5 * size:
        return []
    k = len(groups) - 1
    while k > 0 and min(c["top"] for c in groups[k]) - max(c["bottom"] for c in groups[k - 1]) <= size:
        k -= 1
    return groups[k:]


def _header_rules_only(page, ys: Sequence[float], x0: float, x1: float) -> bool:
    """Every rule of a run stands under the same lines as its first one (a header printed again
    with its rule, in a table ruled under its header only): the rules part no rows, and the
    table is read as one without rules (page_to_stream_tables, which knows a repeated header)."""
    if len(ys) < 2:
        return False            # one rule: nothing shows it stands under a header printed again
    head = [_line_key(g) for g in _block_above(page, ys[0], x0, x1, -1.0)]
    if not head or not any(head):
        return False
    for a, b in zip(ys, ys[1:]):
        keys = [_line_key(g) for g in _block_above(page, b, x0, x1, a)]
        if keys[-len(head):] != head:
            return False
    return True


def _join_broken_rules(rules: Sequence[dict], tol: float) -> list[dict]:
    """Horizontal rules drawn in pieces on one line made one rule each: pieces that touch or
    overlap (at most `tol` apart: a producer drawing a row rule cell by cell, or the same rule
    twice) are one rule, whatever the page holds; pieces left open over some columns (a cell
    merged over the rows on both sides: the rule stops at its sides) are joined into one row
    rule that keeps its `gaps` when the joined rule has the extent of an unbroken rule of the
    page (the table's own row rules). Other rules are kept as they are."""
    lines = [[_rule_over(run) for run in _touching_runs(line, tol)] for line in _rules_on_lines(rules, tol)]
    whole = [(e["x0"], e["x1"]) for line in lines for e in line]
    out: list[dict] = []
    for pieces in lines:
        if len(pieces) < 2:
            out.extend(pieces)
            continue
        joined = _rule_over(pieces)
        x0, x1 = joined["x0"], joined["x1"]
        if not any(abs(a - x0) <= tol and abs(b - x1) <= tol for a, b in whole):
            out.extend(pieces)
            continue
        # the runs of a line are more than `tol` apart, left to right: each pair leaves a gap
        joined["gaps"] = [(a["x1"], b["x0"]) for a, b in zip(pieces, pieces[1:])]
        out.append(joined)
    return out


def _touching_runs(line: Sequence[dict], tol: float) -> list[list[dict]]:
    """The pieces of one line of rules (_rules_on_lines) in runs that touch or overlap, left to
    right (a piece starting at most `tol` past the run's reach goes on it)."""
    runs: list[list[dict]] = []
    reach = 0.0
    for e in sorted(line, key=lambda e: (e["x0"], e["top"])):
        if runs and e["x0"] <= reach + tol:
            runs[-1].append(e)
        else:
            runs.append([e])
        reach = max(reach, e["x1"]) if len(runs[-1]) > 1 else e["x1"]
    return runs


def _rule_over(pieces: Sequence[dict]) -> dict:
    """One piece as it is; several: one horizontal rule over their extent, at the first one's
    height (the top of the leftmost piece)."""
    if len(pieces) == 1:
        return pieces[0]
    x0, x1 = min(e["x0"] for e in pieces), max(e["x1"] for e in pieces)
    top = min(pieces, key=lambda e: (e["x0"], e["top"]))["top"]
    return {"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": top, "bottom": top,
            "width": x1 - x0, "height": 0.0}


def _rules_on_lines(rules: Sequence[dict], tol: float) -> list[list[dict]]:
    """Horizontal rules grouped by the line they stand on (tops within `tol`, chained)."""
    out: list[list[dict]] = []
    for e in sorted(rules, key=lambda e: e["top"]):
        if out and e["top"] - out[-1][-1]["top"] <= tol:
            out[-1].append(e)
        else:
            out.append([e])
    return out


def _merge_across_gaps(boxes: Sequence[tuple], gaps: dict, tol: float) -> list[tuple]:
    """Cell boxes of the bands on both sides of a row rule left open over a column joined into
    one (a merged cell: rowspan), top to bottom, so a cell open under several rules spans them
    all. `gaps`: rule y -> its open stretches (x0, x1); a column is open when a gap covers at
    least half of it."""
    out = list(boxes)
    for y in sorted(gaps):
        for g0, g1 in gaps[y]:
            for above in [b for b in out if abs(b[3] - y) <= tol]:
                if min(above[2], g1) - max(above[0], g0) < 0.5 * (above[2] - above[0]):
                    continue
                below = next((b for b in out if abs(b[1] - y) <= tol and abs(b[0] - above[0]) <= tol
                              and abs(b[2] - above[2]) <= tol), None)
                if below is None:
                    continue
                out.remove(above)
                out.remove(below)
                out.append((above[0], above[1], above[2], below[3]))
    return sorted(out, key=lambda b: (b[1], b[0]))


def _text_above_rule(page, y: float, x0: float, x1: float, columns: Sequence[float]) -> Optional[float]:
    """Top of the block of lines standing right above a rule at y inside [x0, x1] (lines less
    than 1.5 lines apart), when no word in it crosses one of `columns` (a caption or a
    paragraph would); None when there is no such block."""
    g = _glyph_columns(page.chars)
    above = g.pick((g.cy < y) & g.ink & (x0 <= g.cx) & (g.cx <= x1))
    if not above:
        return None
    groups = tx.chars_to_line_groups(above)
    size = max(max(c["bottom"] - c["top"] for c in g) for g in groups)
    if y - max(c["bottom"] for c in groups[-1]) > 1.5 * size:
        return None
    k = len(groups) - 1
    while k > 0 and min(c["top"] for c in groups[k]) - max(c["bottom"] for c in groups[k - 1]) <= 1.5 * size:
        k -= 1
    top = min(c["top"] for c in groups[k]) - 1
    box = (x0, top, x1, y)
    spans = _word_spans(_ink_lines(page.chars, box)) if len(columns) > 2 else []
    if any(_runs_across(spans, x) for x in columns[1:-1]):
        return None
    return top


def _hrule_table(page, settings: "TableSettings", ys: Sequence[float], x0: float, x1: float,
                 columns: Optional[Sequence[float]] = None, row_gap: Optional[float] = None,
                 gaps: Optional[dict] = None) -> list[RawTable]:
    """One run of horizontal rules -> the table it rules, when its first band is a data header
    (or it continues, at the top of the page, the table with `columns`). `gaps`: rule y -> the
    stretches it leaves open (_join_broken_rules): the cells above and below them are one."""
    boxes = [(x0, a, x1, b) for a, b in zip(ys, ys[1:])]
    cut = split_boxes_on_text(boxes, page.chars, settings) if boxes else None
    least = 2
    if cut is None and columns and ys[0] <= page.height * settings.top_share:
        least = 1
        # a row at the top of the page has no rule above it (the table's rules run between rows)
        above = _text_above_rule(page, ys[0], x0, x1, columns)
        if above is not None:
            boxes.insert(0, (x0, above, x1, ys[0]))
        cut = _continued_columns(boxes, columns, page.chars, settings) if boxes else None
        if cut is not None and above is not None:
            ys = [above] + list(ys)
    if cut is None:
        return []
    if gaps:
        cut = _merge_across_gaps(cut, gaps, settings.snap_tolerance)
    ends: dict = {}
    rows = grid_to_rows(cut, page.chars, settings.grid_tolerance, ends)
    body = split_unruled_body(cut, rows, page.chars, settings, row_gap)
    gap = None
    if body is not None:
        (cut, gap), ends = body, {}
        rows = grid_to_rows(cut, page.chars, settings.grid_tolerance, ends)
    if len(rows) < least:
        return []
    return [RawTable(page=page.number, bbox=(round(x0, 2), round(ys[0], 2), round(x1, 2), round(ys[-1], 2)),
                     rows=rows, method="lattice",
                     meta=TableMeta(boxes=cut, line_ends=ends, columns_from_text=True, row_gap=gap))]


# ----------------------------------------------------------------------------- stream

def line_to_phrases(chars: Sequence[dict], gap: float) -> list[list[dict]]:
    """One visual line -> phrases: runs of glyphs closer than gap × font size (a column's text)."""
    return [seg for seg in tx.split_line_on_gaps(chars, gap) if _has_ink(seg)]


def _span(chars) -> tuple[float, float]:
    return _ink_span(tx.ink_glyphs(chars))


def _ink_span(ink) -> tuple[float, float]:
    """The leftmost x0 and rightmost x1 of glyphs (not blank)."""
    return min(map(_X0, ink)), max(map(_X1, ink))


def header_band_to_columns(band: Sequence[Sequence[list[dict]]]) -> list[tuple[float, float]]:
    """Phrases of the header lines -> column label extents (phrases overlapping in x merge). A
    phrase over two or more phrases of another line (a merged parent label, 'Thời gian' over
    'Bắt đầu | Hoàn thành') names no column of its own."""
    lines = [[_span(p) for p in line] for line in band]
    ys = [(min(c["top"] for p in line for c in p), max(c["bottom"] for p in line for c in p)) if line else (0.0, 0.0)
          for line in band]

    def between(s, line) -> bool:
        # over the white between two labels of a lower line, touching neither (short labels
        # centred in wide columns: 'Đơn vị thực hiện' over 'Chính | Phụ')
        # and nothing else printed in the white between them (a label of its own column there:
        # 'Chỉ tiêu' and 'Đơn vị tính' side by side between 'TT' and 'Năm 2026')
        return not any(min(s[1], t[1]) - max(s[0], t[0]) > 1 for t in line) and \
            any(l[0] - 2 <= s[0] and s[1] <= r[1] + 2 and s[0] < r[0] and s[1] > l[1]
                and not any(l[1] + 1 < t[0] and t[1] < r[0] - 1 and min(s[1], t[1]) - max(s[0], t[0]) <= 1
                            for other in lines for t in other)
                for l, r in zip(line, line[1:]))

    def centred_over(s, line) -> bool:
        # over one label of a lower line and past the middle of the white to its neighbours on
        # both sides: centred over three columns or more ('Lộ trình thực hiện' over '2026 |
        # 2027 | 2028'), not a label wrapped over its own last word ('Cơ quan chủ' over 'trì')
        hit = [n for n, t in enumerate(line) if min(s[1], t[1]) - max(s[0], t[0]) > 1]
        if len(hit) != 1 or hit[0] == 0 or hit[0] == len(line) - 1:
            return False
        n = hit[0]
        return s[0] < (line[n - 1][1] + line[n][0]) / 2 and s[1] > (line[n][1] + line[n + 1][0]) / 2

    def parent(s, own: int) -> bool:
        # between: only over a line printed wholly below it (labels of one header row that
        # vertical centring staggers by half a line are side by side, not parent and children)
        return any(sum(1 for t in line if min(s[1], t[1]) - max(s[0], t[0]) > 1) >= 2
                   or (k > own and ys[k][0] >= ys[own][1] - 1 and (between(s, line) or centred_over(s, line)))
                   for k, line in enumerate(lines) if k != own)
    spans = sorted(s for k, line in enumerate(lines) for s in line if not parent(s, k))
    cols: list[list[float]] = []
    for a, b in spans:
        if cols and a <= cols[-1][1] + 1:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    return [(a, b) for a, b in cols]


_FIGURE = re.compile(r"^[≥≤<>~+\-–]?\s*\d[\d.,]*\s*%?$")
_DIGITS = re.compile(r"\d+")


def _words(groups: Sequence[Sequence[dict]]) -> list[list[tuple[float, float, str]]]:
    """Per line, its words as (x0, x1, text), left to right."""
    out = []
    for g in groups:
        line = []
        for w in tx.split_line_on_gaps(g, tx.DEFAULT_SPACE_GAP):
            ink = tx.ink_glyphs(w)
            if ink:
                line.append((min(c["x0"] for c in ink), max(c["x1"] for c in ink), tx.chars_to_text(ink)))
        out.append(line)
    return out


def split_joined_labels(labels: Sequence[tuple[float, float]], header: Sequence[Sequence[dict]],
                        body: Sequence[Sequence[dict]]) -> list[tuple[float, float]]:
    """Header labels of narrow columns printed so close that they read as one phrase ("Năm 2026
    Năm 2027 Năm 2028" over three year columns) -> one label per column. A label splits where
    its words fall into groups, each a label of its own, with the body's white standing between
    them: a gutter down every body line (no body word crosses it) between two groups of header
    words. The groups must repeat one label with other numbers in it ("Năm 2026", "Năm 2027"),
    or each column must hold figures ("≥ 60%", "35") in most body lines: columns of numbers
    with gutters between them. Other labels stay as they are."""
    hwords = [w for line in _words(header) for w in line]
    bwords = _words(body)
    out: list[tuple[float, float]] = []
    for a, b in labels:
        words = sorted(w for w in hwords if a - 1 <= (w[0] + w[1]) / 2 <= b + 1)
        inside = [[w for w in line if min(w[1], b) - max(w[0], a) > 0] for line in bwords]
        inside = [line for line in inside if line]
        if len(words) < 2 or len(inside) < 2:
            out.append((a, b))
            continue
        covered = [(w[0], w[1]) for line in inside for w in line]

        def free(x0: float, x1: float) -> bool:
            # some x between two header words that no body word covers
            cuts = sorted((max(x0, s0), min(x1, s1)) for s0, s1 in covered if s1 > x0 and s0 < x1)
            cursor = x0
            for s0, s1 in cuts:
                if s0 > cursor + 0.5:
                    return True
                cursor = max(cursor, s1)
            return cursor < x1 - 0.5
        cut = [k for k in range(len(words) - 1) if free(words[k][1], words[k + 1][0])]
        groups = _label_groups(words, cut)
        if groups is None:
            out.append((a, b))
            continue
        spans = [(g[0][0], g[-1][1]) for g in groups]
        edges = [(l[1] + r[0]) / 2 for l, r in zip(spans, spans[1:])]
        columns = list(zip([a - 1] + edges, edges + [b + 1]))
        cells = [[[w[2] for w in line if c0 <= (w[0] + w[1]) / 2 < c1] for c0, c1 in columns] for line in inside]
        filled = [sum(1 for line in cells if line[k]) for k in range(len(columns))]
        if min(filled) < 0.5 * len(inside) or any(len(" ".join(c).split()) > 3 for line in cells for c in line):
            out.append((a, b))
            continue
        same = len({_DIGITS.sub("#", tx.match_key(" ".join(w[2] for w in g))) for g in groups}) == 1 and \
            len({" ".join(w[2] for w in g) for g in groups}) == len(groups) and \
            all(_DIGITS.search(w[2]) for g in groups for w in g[-1:])
        figures = sum(1 for line in cells for c in line if c and _FIGURE.match(" ".join(c))) >= \
            0.8 * sum(1 for line in cells for c in line if c)
        if not (same or figures):
            out.append((a, b))
            continue
        out.extend(spans)
    return out


def _label_groups(words: Sequence[tuple[float, float, str]], cut: Sequence[int]
                  ) -> Optional[list[list[tuple[float, float, str]]]]:
    """Header words -> groups at the cuts where the body leaves white; the repeated label
    ('Năm 2026' three times) when the words split into equal groups at cuts the body allows.
    None when no cut or the cuts leave a group without a word."""
    n = len(words)
    for size in range(1, n // 2 + 1):           # equal groups of one label repeated
        if n % size:
            continue
        bounds = list(range(size - 1, n - 1, size))
        if all(k in cut for k in bounds):
            groups = [list(words[i:i + size]) for i in range(0, n, size)]
            if len({_DIGITS.sub("#", tx.match_key(" ".join(w[2] for w in g))) for g in groups}) == 1:
                return groups
    if not cut:
        return None
    groups, start = [], 0
    for k in cut:
        groups.append(list(words[start:k + 1]))
        start = k + 1
    groups.append(list(words[start:]))
    return groups if all(groups) else None


def column_bounds(labels: Sequence[tuple[float, float]], body: Sequence[Sequence[dict]],
                  left: float, right: float) -> list[float]:
    """Column boundaries of a borderless table. Between two header labels (centred over their
    columns) the boundary is the middle of the widest vertical gutter that no body word
    crosses: word level, because narrow gutters are narrower than the gaps inside justified
    lines. The labels are printed too: no boundary cuts one (a wrapped label 'Cơ quan chủ' wider
    than the few body words under it). Failing a gutter, midway between the labels. `body`: the
    body lines' glyphs."""
    # each word's ink read once (_span of the words _has_ink keeps)
    inks = [ink for line in body for ink in map(tx.ink_glyphs, tx.split_line_on_gaps(line, tx.DEFAULT_SPACE_GAP))
            if ink]
    covered = sorted(list(map(_ink_span, inks)) + [tuple(s) for s in labels])
    bounds = [left]
    for (a0, a1), (b0, b1) in zip(labels, labels[1:]):
        lo, hi = (a0 + a1) / 2, (b0 + b1) / 2
        best, cursor = None, lo
        for s0, s1 in covered:
            if s0 >= hi:
                break
            if s1 <= cursor:
                continue
            if s0 > cursor and (best is None or s0 - cursor > best[1] - best[0]):
                best = (cursor, s0)
            cursor = max(cursor, s1)
        if cursor < hi and (best is None or hi - cursor > best[1] - best[0]):
            best = (cursor, hi)
        bounds.append((best[0] + best[1]) / 2 if best else (a1 + b0) / 2)
    bounds.append(right)
    return bounds


def _band_roles(groups, lines, i: int) -> tuple[set[str], int]:
    """Roles named by a header row whose wrapped labels are centred, so that their lines
    interleave ("Cơ quan chủ" above "Nội dung nhiệm vụ" above "trì"): the lines from i on that
    overlap the one before vertically, read label by label (header_band_to_columns); and the
    index after them."""
    from plan_extract.tables.headers import role_of
    end = i + 1
    while end < len(groups) and end - i < 8 and \
            min(map(_TOP, groups[end])) < max(map(_BOTTOM, groups[end - 1])) - 1:
        end += 1
    if end - i < 2:
        return set(), i + 1
    chars = [c for g in groups[i:end] for c in g]
    roles = set()
    for a, b in header_band_to_columns(lines[i:end]):
        label = [c for c in chars if a - 1 <= (c["x0"] + c["x1"]) / 2 <= b + 1]
        text = " ".join(tx.chars_to_text(g) for g in tx.chars_to_line_groups(label))
        roles.add(role_of(text))
    return roles - {None, "others"}, end


def _phrase_roles(line: Sequence[list[dict]]) -> list[str]:
    from plan_extract.tables.headers import role_of
    return [r for r in (role_of(tx.chars_to_text(p)) for p in line) if r and r != "others"]


def page_to_stream_tables(page, settings: TableSettings, ruled: Sequence[tuple],
                          columns: Optional[list[float]] = None, row_gap: Optional[float] = None
                          ) -> list[RawTable]:
    """Tables drawn without lines: a header line whose phrases name a task/name column and
    another role fixes the columns; body lines are cut at the column boundaries; a line with
    text in the first (number) column starts a row, other lines continue it; without a number
    column rows are told apart by the space between them (measure_row_gap), or, on a page too
    short to tell, by `row_gap`, the size the previous page's part of the table gave (for a
    table starting in the top share of the page)."""
    outside = [ln for ln in page.lines() if not any(b[1] - 1 <= ln.top and ln.bottom <= b[3] + 1 for b in ruled)]
    if not any(_maybe_header(text) for text in _visual_row_texts(outside)):
        return []
    chars = _outside_boxes(page.chars, ruled)
    groups = tx.chars_to_line_groups(chars)
    if not groups:
        return []
    gap = settings.stream_column_gap
    lines = [line_to_phrases(g, gap) for g in groups]
    out: list[RawTable] = []
    i = 0
    while i < len(lines):
        roles = set(_phrase_roles(lines[i]))
        band_end = i + 1
        if not (roles & {"task", "name"} and len(roles) >= settings.min_header_roles):
            roles, band_end = _band_roles(groups, lines, i)
        if not (roles & {"task", "name"} and len(roles) >= settings.min_header_roles):
            i += 1
            continue
        # header band: this line and the next close lines that add label text only; labels
        # centred vertically in a header of wrapped labels put their first line above it
        j = band_end
        height = max(c["bottom"] for c in groups[i]) - min(c["top"] for c in groups[i])
        while j < len(lines) and j - i < max(4, band_end - i + 1) and min(c["top"] for c in groups[j]) - \
                max(c["bottom"] for c in groups[j - 1]) < 0.8 * height and not _starts_row(lines[j], lines[i]) \
                and not _title_line(lines[j], lines[i]) and \
                not (tx.chars_bold(groups[i]) and not tx.chars_bold(groups[j])):   # a bold header ends
            j += 1
        first = i
        spans = header_band_to_columns(lines[i:j])
        while first > 0 and i - first < 3 and min(c["top"] for c in groups[first]) - \
                max(c["bottom"] for c in groups[first - 1]) < 0.8 * height and \
                min(c["top"] for c in groups[first - 1]) > (out[-1].bbox[3] if out else -1) and \
                _label_line(lines[first - 1], spans):
            first -= 1
        i_top, i = first, i
        labels = header_band_to_columns(lines[i_top:j])
        if len(labels) < 3:
            i += 1
            continue
        end = j
        while end < len(lines) and min(c["top"] for c in groups[end]) - \
                max(c["bottom"] for c in groups[end - 1]) < settings.stream_row_gap * height:
            end += 1
        # the header printed again inside the table (a producer repeating it mid-page): its
        # lines are no row's text; the line after it may go on with the row above it
        repeat = [_line_key(g) for g in groups[i_top:j]]
        again: set[int] = set()
        longest = max(len(g) for g in groups[i_top:j])      # a longer line is no header line
        body_keys = [_line_key(g) if len(g) <= longest else None for g in groups[j:end]]
        k = j
        while k < end:
            if body_keys[k - j:k - j + len(repeat)] == repeat:
                again.update(range(k, k + len(repeat)))
                k += len(repeat)
            else:
                k += 1
        after_again = {k - j - sum(1 for x in again if x < k) for k in range(j, end)
                       if k not in again and k - 1 in again}
        keep = [k for k in range(j, end) if k not in again]
        body = [lines[k] for k in keep]
        body_groups = [groups[k] for k in keep]
        extents = [list(map(_span, ln)) for ln in lines[i_top:end]]
        left = min(min(s[0] for s in ln) for ln in extents) - 2
        right = max(max(s[1] for s in ln) for ln in extents) + 2
        first_end = labels[0][1] + 2
        second_mid = (labels[1][0] + labels[1][1]) / 2
        numbered = _first_label_is_number(groups[i_top:j], labels[0])
        if numbered:
            plain = [g for ln, g in zip(body, body_groups)      # section titles across the table left out
                     if not _title_across_first(ln, first_end, second_mid, True)]
        else:
            # the first column holds the task text, whose lines run close to the next column:
            # only a line opening with a section number is a title across the table
            plain = [g for ln, g in zip(body, body_groups) if not _title_line(ln, lines[i])]
        labels = split_joined_labels(labels, groups[i_top:j], plain)
        bounds = column_bounds(labels, plain, left, right)
        top = min(c["top"] for c in groups[i_top]) - 1
        own_gap = None if numbered else measure_row_gap(body_groups, bounds)
        if own_gap is None and not numbered and not out and top <= page.height * settings.top_share:
            own_gap = row_gap
        table_rows = _stream_rows(groups[i_top:j], body_groups, bounds, gap, numbered, own_gap, after_again)
        if len(table_rows) >= 2:
            bottom = max(c["bottom"] for c in groups[end - 1]) + 1
            out.append(RawTable(page=page.number, bbox=(round(left, 2), round(top, 2), round(right, 2), round(bottom, 2)),
                                rows=table_rows, method="stream",
                                meta=TableMeta(bounds=bounds, row_gap=own_gap, numbered=numbered)))
        i = end
    return out


def _first_label_is_number(header_groups, label: tuple[float, float]) -> bool:
    """The first header label names a number column (STT, TT)."""
    from plan_extract.tables.headers import role_of
    chars = [c for g in header_groups for c in g if label[0] - 1 <= (c["x0"] + c["x1"]) / 2 <= label[1] + 1]
    return role_of(tx.chars_to_text(chars).strip()) == "number"


def stream_continuation(page, settings: TableSettings, bounds: Sequence[float],
                        ruled: Sequence[tuple], numbered: Optional[bool] = None,
                        row_gap: Optional[float] = None) -> Optional[RawTable]:
    """The top of a page continuing a borderless table: lines from the top of the page down to
    the first wide vertical gap, cut at the previous page's column boundaries; without a number
    column, rows told apart by the space between them as measured here, or as the previous
    page's part measured it (`row_gap`) when these lines are too few to tell."""
    g = _glyph_columns(page.chars)
    chars = g.pick(_outside_mask(g, ruled) & (bounds[0] - 2 <= g.cx) & (g.cx <= bounds[-1] + 2))
    groups = tx.chars_to_line_groups(chars)
    if not groups or min(c["top"] for c in groups[0]) > page.height * settings.top_share:
        return None
    height = max(c["bottom"] for c in groups[0]) - min(c["top"] for c in groups[0])
    end = 1
    while end < len(groups) and min(c["top"] for c in groups[end]) - \
            max(c["bottom"] for c in groups[end - 1]) < settings.stream_row_gap * height:
        end += 1
    # a table goes on in columns: some line must fill two of them, or the number column
    cut = [_cut(g, bounds) for g in groups[:end]]
    if not any(sum(1 for col in cols if col) >= 2 or cols[0] for cols in cut):
        return None
    # and no word runs across a column boundary (a signature block, a paragraph under the
    # table does; a title written across the table starts in the first column)
    inner = bounds[1:-1]
    for g, cols in zip(groups[:end], cut):
        if cols[0] and _spans_columns(g, bounds, settings.stream_column_gap):
            continue
        if any(w[0] < x - 2 and w[1] > x + 2 for line in _words([g]) for w in line for x in inner):
            return None
    own_gap = None
    if numbered is False:
        own_gap = measure_row_gap(groups[:end], bounds)
        own_gap = row_gap if own_gap is None else own_gap
    rows = _stream_rows([], groups[:end], list(bounds), settings.stream_column_gap, numbered, own_gap)
    if not rows:
        return None
    top = min(c["top"] for c in groups[0]) - 1
    bottom = max(c["bottom"] for c in groups[end - 1]) + 1
    return RawTable(page=page.number, bbox=(round(bounds[0], 2), round(top, 2), round(bounds[-1], 2), round(bottom, 2)),
                    rows=rows, method="stream",
                    meta=TableMeta(bounds=list(bounds), row_gap=own_gap, numbered=numbered))


def _visual_row_texts(lines) -> list[str]:
    """Texts of side-by-side lines (one visual row: header labels far apart) joined."""
    rows: list[list] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        if rows and ln.top < rows[-1][0].bottom - 0.3 * max(ln.bottom - ln.top, 1):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [" ".join(ln.text for ln in sorted(r, key=lambda ln: ln.x0)) for r in rows]


def _maybe_header(text: str) -> bool:
    """Cheap test before the stream parser runs: a line naming a task/name column and one more."""
    from plan_extract.tables.headers import header_vocab
    key = f" {tx.match_key(text)} "
    roles = {role for phrase, role in header_vocab()[0] if f" {phrase} " in key and role != "others"}
    return bool(roles & {"task", "name"}) and len(roles) >= 2


def _inside_box(c: dict, b) -> bool:
    x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return b[0] <= x <= b[2] and b[1] <= y <= b[3]


def _outside_boxes(chars: Sequence[dict], boxes: Sequence[tuple], inside: bool = False) -> list[dict]:
    """The glyphs whose centre lies in none of the boxes (_inside_box), in order, or with
    `inside` those whose centre lies in one of them; each centre computed once, not once a box."""
    if not boxes:
        return [] if inside else list(chars)
    g = _glyph_columns(chars)
    keep = _outside_mask(g, boxes)
    return g.pick(~keep if inside else keep)


def _outside_mask(g: _Glyphs, boxes: Sequence[tuple]):
    """Per glyph of g, whether its centre lies in none of the boxes (a bool array)."""
    import numpy as np
    keep = np.ones(g.n, dtype=bool)
    for b in boxes:
        keep &= ~g.inside(b)
    return keep


def _starts_row(line: Sequence[list[dict]], header_line: Sequence[list[dict]]) -> bool:
    """A body line that starts a row: its first phrase is a number under the first label."""
    if not line:
        return False
    first = tx.chars_to_text(line[0]).strip()
    return bool(re.match(r"^(\d+(\.\d+)*\.?|[IVXLC]+\.?|[A-Z]\.?)$", first)) and \
        _span(line[0])[0] < _span(header_line[0])[1] + 5 if header_line else False


def _label_line(line: Sequence[list[dict]], spans: Sequence[tuple[float, float]]) -> bool:
    """A line above a header line that holds the first lines of its wrapped labels: every
    phrase sits over exactly one label of the header line, or is a parent label over several
    within their extent (a caption runs across and past them)."""
    if not line:
        return False
    for phrase in line:
        a, b = _span(phrase)
        under = [(x0, x1) for x0, x1 in spans if a < x1 and b > x0]
        if len(under) == 1:
            continue
        # a parent label over several labels ('Thời gian' over 'Bắt đầu | Hoàn thành') stays
        # within their extent; a caption runs past it. Short labels centred in wide columns
        # may leave the parent over the white between them: it stands over the gap between
        # two labels, within their extent
        if len(under) < 2:
            between = [(l, r) for l, r in zip(spans, spans[1:]) if l[0] - 2 <= a and b <= r[1] + 2
                       and a < r[0] and b > l[1]]
            if not between:
                return False
            continue
        # centred over its children it may run past their labels (short labels centred in
        # their columns), not onto the labels beside them
        if a < under[0][0] - 2 or b > under[-1][1] + 2:
            i0, i1 = spans.index(under[0]), spans.index(under[-1])
            mid = ((under[0][0] + under[0][1]) / 2 + (under[-1][0] + under[-1][1]) / 2) / 2
            if abs((a + b) / 2 - mid) > 0.1 * (b - a) + 2 or (i0 > 0 and a < spans[i0 - 1][1]) or \
                    (i1 + 1 < len(spans) and b > spans[i1 + 1][0]):
                return False
    return True


def _title_line(line: Sequence[list[dict]], header_line: Sequence[list[dict]]) -> bool:
    """A body line that is a section title: one phrase starting under the first label with a
    row or section number ("I Cải cách thể chế ...", "1. Tuyên truyền ...")."""
    if len(line) != 1 or not header_line:
        return False
    words = tx.chars_to_text(line[0]).split()
    return bool(words) and bool(re.match(r"^(\d+(\.\d+)*\.?|[IVXLC]+\.?|[A-Z]\.?)$", words[0])) and \
        _span(line[0])[0] < _span(header_line[0])[1] + 5


def _cut(group: Sequence[dict], bounds: Sequence[float]) -> list[list[dict]]:
    """The glyphs of a line per column: the one whose bounds enclose the glyph's centre, the
    first and last columns taking those left and right of all."""
    cols: list[list[dict]] = [[] for _ in range(len(bounds) - 1)]
    last = len(cols) - 1
    right = bisect.bisect_right
    for c in group:
        k = right(bounds, (c["x0"] + c["x1"]) / 2) - 1
        cols[k if 0 <= k <= last else 0 if k < 0 else last].append(c)
    return cols


def _spans_columns(group: Sequence[dict], bounds: Sequence[float], gap: float) -> bool:
    """A line whose first phrase starts in the first (number) column and runs on into the next
    one: a section row written across the table ("I Cải cách thể chế ..."). Not when the white
    after the phrase's first word is the column edge: that word ends left of the edge the other
    rows give, the next begins right of it, and the white between them is wider than a word
    space (_EDGE_WHITE): the number's cell beside the task's, only closer than the column gap
    (a two-digit number centred in a narrow column: "10" 13.5 pt from its text at 12 pt)."""
    phrases = line_to_phrases(group, gap)
    if not phrases or len(bounds) < 3:
        return False
    x0, x1 = _span(phrases[0])
    return x0 < bounds[1] and x1 > bounds[1] + 2 and not _white_at_edge(phrases[0], bounds[1])


#: × font size: white wider than a word space (a quarter of the size in Times, 0.28 in Arial,
#: stretched a little in justified lines).
_EDGE_WHITE = 0.5


def _white_at_edge(phrase: Sequence[dict], edge: float) -> bool:
    """The white after the phrase's first word spans the column edge and is wider than a word
    space: the first word is a cell of its own, the rest is the next column's."""
    words = [w for w in tx.split_line_on_gaps(phrase, tx.DEFAULT_SPACE_GAP) if _has_ink(w)]
    if len(words) < 2:
        return False
    right = _span(words[0])[1]
    left = _span(words[1])[0]
    ink = tx.ink_glyphs(words[1])
    size = max(ink[0].get("size") or 0.0, 1.0)
    return right < edge < left and left - right > _EDGE_WHITE * size


def _fragments(groups: Sequence[Sequence[dict]], bounds: Optional[Sequence[float]]
               ) -> list[tuple[float, float, int, int]]:
    """Per line and column, the vertical extent of its ink: (top, bottom, line, column)."""
    out = []
    for n, g in enumerate(groups):
        parts = _cut(g, bounds) if bounds is not None and len(bounds) >= 2 else [list(g)]
        for k, cs in enumerate(parts):
            ink = tx.ink_glyphs(cs)
            if ink:
                out.append((min(c["top"] for c in ink), max(c["bottom"] for c in ink), n, k))
    return out


def measure_row_gap(groups: Sequence[Sequence[dict]], bounds: Optional[Sequence[float]] = None
                    ) -> Optional[float]:
    """The space between the rows of a borderless table, told from the space between the lines
    of one cell: in each column, the gaps between its consecutive lines have a lowest size (the
    lines of one cell) and, at least an eighth of a line higher, the next (cell padding between
    rows). Returns a gap size between the two; None when the gaps show no two sizes (rows set
    solid: the space says nothing). Per column, because cells centred vertically print their
    lines between the lines of the next column (a whole-width line falls on no row edge)."""
    if len(groups) < 3:
        return None
    frags = _fragments(groups, bounds)
    heights = sorted(b - t for t, b, _, _ in frags)
    height = heights[len(heights) // 2]
    gaps: list[float] = []
    for k in sorted({f[3] for f in frags}):
        col = sorted((f for f in frags if f[3] == k), key=lambda f: f[0])
        gaps.extend(b[0] - a[1] for a, b in zip(col, col[1:]) if b[0] - a[1] >= 0)
    ordered = sorted(gaps)          # overlapping lines (a header's centred labels) give no size
    for k in range(len(ordered) - 1):
        if ordered[k + 1] - ordered[k] >= 0.12 * height and k + 1 >= len(ordered) // 3:
            return (ordered[k] + ordered[k + 1]) / 2
    return None


def _row_breaks(groups: Sequence[Sequence[dict]], bounds: Optional[Sequence[float]] = None,
                wide: Optional[float] = None) -> Optional[list[bool]]:
    """Rows of a borderless table told apart by the space between them: per line, whether it
    opens a row. The ink of every column together leaves horizontal bands of white across the
    table; a band wider than `wide` (measure_row_gap, or the size the table's first page gave)
    is the space between two rows. None without a size."""
    if wide is None:
        wide = measure_row_gap(groups, bounds)
    if wide is None or not groups:
        return None
    frags = sorted(_fragments(groups, bounds))
    band_of_line: dict[int, int] = {}
    band, bottom = -1, None
    for top, bot, n, _ in frags:
        if bottom is None or top - bottom > wide:
            band += 1
            bottom = bot
        else:
            bottom = max(bottom, bot)
        band_of_line.setdefault(n, band)
    out, last = [], None
    for n in range(len(groups)):
        b = band_of_line.get(n, last)
        out.append(n == 0 or b != last)
        last = b
    return out


_SECTION_NO = re.compile(r"^(\d+(\.\d+)*\.?|[IVXLC]+\.?|[A-Z]\.?)$")


def _section_title(group: Sequence[dict], bounds: Sequence[float], gap: float) -> bool:
    """In a table without a number column: a line that is one phrase opening in the first
    column with a section number ("III Chuyển đổi số ..."), however far it runs."""
    phrases = line_to_phrases(group, gap)
    if len(phrases) != 1 or len(bounds) < 3 or _span(phrases[0])[0] >= bounds[1]:
        return False
    words = tx.chars_to_text(phrases[0]).split()
    return len(words) > 1 and bool(_SECTION_NO.match(words[0]))


def _stream_rows(header_groups, body_groups, bounds, gap: float = DEFAULT_STREAM_COLUMN_GAP,
                 numbered: Optional[bool] = None, row_gap: Optional[float] = None,
                 after_header: Sequence[int] = ()) -> list[list[Optional[Cell]]]:
    """Header and body lines cut at the column bounds into rows. A row starts at a line with
    text in the number column; a table without one (`numbered` False, or a first header label
    that is not a number label) starts its rows where the space between lines widens
    (_row_breaks with `row_gap`, measured on these lines when None), else at every line with
    text in the first column. `after_header`: body lines that come right after the header
    printed again (left out of the lines): without a number column, such a line whose first
    cell opens in lower case goes on with the row above (a sentence the header cut)."""
    ncols = len(bounds) - 1
    header = [[] for _ in range(ncols)]
    parents: list[list[str]] = [[] for _ in range(ncols)]
    for n, g in enumerate(header_groups):
        rest = list(g)
        if n < len(header_groups) - 1:          # a label over several columns: 'Thời gian / Bắt đầu'
            for p in line_to_phrases(g, gap):
                a, b = _span(p)
                over = [k for k in range(ncols) if a < bounds[k + 1] - 2 and b > bounds[k] + 2]
                # with labels under it (a phrase over labels side by side is no parent)
                if len(over) >= 2 and any(bounds[over[0]] <= (c["x0"] + c["x1"]) / 2 <= bounds[over[-1] + 1]
                                          and not c["text"].isspace()
                                          for below in header_groups[n + 1:] for c in below):
                    for k in over:
                        parents[k].append(tx.chars_to_text(p).strip())
                    rest = [c for c in rest if c not in p]
        for k, cs in enumerate(_cut(rest, bounds)):
            header[k].extend(cs)
    if numbered is None and header_groups:
        from plan_extract.tables.headers import role_of
        numbered = role_of(tx.chars_to_text(header[0]).strip()) == "number"
    breaks = None
    if numbered is False:
        breaks = _row_breaks(body_groups, bounds, row_gap)
        if breaks is not None:
            for n in after_header:
                first = tx.chars_to_text(_cut(body_groups[n], bounds)[0]).strip() if n < len(body_groups) else ""
                if n > 0 and first[:1].islower():
                    breaks[n] = False
    rows_chars: list[list[list[dict]]] = [header] if header_groups else []
    spanning: list[bool] = [False] * len(rows_chars)
    start = len(rows_chars)
    for n, g in enumerate(body_groups):
        if (_spans_columns(g, bounds, gap) if numbered is not False else
                (breaks is None or breaks[n]) and _section_title(g, bounds, gap)):
            rows_chars.append([list(g)] + [[] for _ in range(ncols - 1)])
            spanning.append(True)
            continue
        cols = _cut(g, bounds)
        first = tx.chars_to_text(cols[0]).strip() if cols[0] else ""
        starts = breaks[n] if breaks is not None else bool(first)
        if starts or len(rows_chars) == start:
            rows_chars.append([[] for _ in range(ncols)])
            spanning.append(False)
        if spanning[-1]:          # the title of a spanning row goes on
            rows_chars[-1][0].extend(g)
            continue
        for k, cs in enumerate(cols):
            rows_chars[-1][k].extend(cs)
    out: list[list[Optional[Cell]]] = []
    for i, (r, span) in enumerate(zip(rows_chars, spanning)):
        row: list[Optional[Cell]] = []
        for k, cs in enumerate(r):
            if span and k > 0:
                row.append(None)
                continue
            groups = tx.chars_to_line_groups(cs) if cs else None
            text, bold = cell_text(cs, groups=groups)
            head = bold_head(groups) if groups and len(groups) > 1 and not (i == 0 and header_groups) else None
            if i == 0 and header_groups and parents[k]:
                text = " / ".join(parents[k] + ([text] if text else []))
            right = bounds[-1] if span else bounds[k + 1]
            bbox = (bounds[k], min(c["top"] for c in cs), right, max(c["bottom"] for c in cs)) if cs else None
            row.append(Cell(text=text, bbox=tuple(round(v, 2) for v in bbox) if bbox else None, bold=bold,
                            colspan=ncols if span else 1, head=head))
        out.append(row)
    return out
