"""Open a file, decide its text layer, yield pages: the only module that touches files.

open_document(path) -> Source (pages with NFC text, footers/URL lines removed, legacy TCVN3 /
VNI converted, image-only pages OCR'd when asked); lines_outside_tables(pages, raw_tables) -> the
text lines that metadata.py / body.py read. Bad input raises model.InputError with a one-line
message in Vietnamese followed by English in parentheses.
"""
from __future__ import annotations

from collections import Counter
import hashlib
import operator
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, islice
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from plan_extract.geometry import is_shading, same_colour
from plan_extract import text as tx
from plan_extract.model.document import InputError, Issue, PageLayer
from plan_extract.readers import text_layer
from plan_extract.readers.watermark import remove_watermark
from plan_extract.readers.structure import inflated_size
from plan_extract.model.parts import Line
from plan_extract import vocab as vocab_files
from plan_extract.settings import DEFAULT_MAX_OCR_PIXELS, MIN_OCR_DPI, LimitExceeded, Limits


#: Horizontal gap (× font size) that splits one visual line into side-by-side blocks.
DEFAULT_BLOCK_GAP = 3.0
#: Share of the page height at the top / bottom where running headers and footers live.
DEFAULT_MARGIN_SHARE = 0.10
#: OCR resolution.
DEFAULT_OCR_DPI = 300
#: Glyphs of a PDFium document kept as read (dicts, about 500 bytes each) until the table
#: stage: a plan of a few dozen pages skips packing them and unpacking them again; the pages
#: past this count are packed (PackedChars, about 60 bytes a glyph), so memory stays bounded.
KEEP_GLYPH_DICTS = 60_000
#: Edges of a PDFium document kept as read (dicts, about 400 bytes each) till the pages go: a
#: document of a few dozen pages skips packing them (PackedEdges, 33 bytes an edge) and making
#: them again for the table stage; the pages past this count are packed when released.
KEEP_EDGE_DICTS = 20_000

_URL = re.compile(r"https?:|www\.|\.gov\.vn|\.com\b|\.vn/", re.I)
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.I)


# ----------------------------------------------------------------------------- pages

class Page:
    """One page: 1-based number, size, the reader's page, its glyphs (footer chars filtered
    out) and lines.

    chars: glyph dicts, or a PackedChars (PDFium pages) turned into dicts when first asked for
    and dropped again by release(): a long document keeps its pages' lines and edges, not every
    page's glyph dicts. drop: boxes (x0, top, x1, bottom) of running lines whose glyphs are
    left out (applied when packed glyphs are unpacked). columns: the sides of `chars` as float
    arrays (x0, x1, top, bottom) when the reader has them (their centres are not computed from
    the dicts again)."""

    def __init__(self, number: int, plumber, chars, layer: str = "native", ocr=None,
                 lines: Optional[list[Line]] = None, drop: Sequence[tuple] = (),
                 columns: Optional[tuple] = None):
        self.number = number
        self.ocr = ocr                # ocr.OcrPage for an image-only page read by OCR
        self.width = float(plumber.width)
        self.height = float(plumber.height)
        self.layer = layer
        self._raw = plumber
        self._plumber = None
        # the glyph centres (x, y float arrays) of _chars, kept when computed for `drop` or
        # given by the reader's columns: lines_outside filters the same glyphs again, by the
        # tables' boxes
        self._centres: Optional[tuple] = None
        # the sides of _chars (x0, x1, top, bottom float arrays), kept when given or computed
        # likewise: the table stage reads the same glyphs' sides (glyph_sides)
        self._sides: Optional[tuple] = None
        if isinstance(chars, PackedChars):
            self._packed, self._drop, self._chars = chars, tuple(drop), None
        else:
            self._packed, self._drop = None, ()
            if columns is not None:
                sides = _side_arrays(*columns)
            else:
                sides = _sides(chars) if drop else None
            centres = _centre_arrays(*sides) if sides is not None else None
            if drop:
                xs, ys = centres
                keep = _keep_centres_outside(xs, ys, drop)
                self._chars = list(compress(chars, keep.tolist()))
                self._centres = (xs[keep], ys[keep])
                self._sides = tuple(side[keep] for side in sides)
            else:
                self._chars = chars
                self._centres = centres
                self._sides = sides
        self._lines: Optional[list[Line]] = lines

    @property
    def chars(self) -> list[dict]:
        """Glyphs (dicts with text, x0, x1, top, bottom, size, fontname), footers excluded."""
        if self._chars is None:
            self._chars = self._packed.unpack(self._drop)
        return self._chars

    def glyph_sides(self, chars) -> Optional[tuple]:
        """The sides of the glyphs (x0, x1, top, bottom float arrays: the values of their dicts,
        in order) when `chars` is the list `chars` gave (the same object) and they are known;
        else None."""
        if chars is not self._chars:
            return None
        if self._sides is None and self._packed is not None:
            # a packed page's glyphs: its columns, less the glyphs unpack left out
            packed = self._packed
            sides = _side_arrays(packed.x0, packed.x1, packed.top, packed.bottom)
            if self._drop:
                keep = _keep_centres_outside(*_centre_arrays(*sides), self._drop)
                sides = tuple(side[keep] for side in sides)
            self._sides = sides
        sides = self._sides
        return sides if sides is not None and len(sides[0]) == len(chars) else None

    @property
    def plumber(self):
        """The reader's page for its table finder. A pdfplumber page is filtered to the same
        chars as lines() reads; a PDFium page's finder reads edges only."""
        if self._plumber is None:
            raw = self._raw
            if self.layer == "ocr" or _is_pdfium(raw):
                self._plumber = raw
            else:
                ids = {id(c) for c in self.chars}
                self._plumber = raw.filter(lambda o: o.get("object_type") != "char" or id(o) in ids)
        return self._plumber

    @property
    def edges(self) -> list[dict]:
        return self._raw.edges

    def release(self) -> None:
        """Drop the glyph dicts of a packed page and a PDFium page's edge dicts (both made again
        when asked for; a short document's edge dicts stay: KEEP_EDGE_DICTS): what a stage past
        the page no longer reads."""
        if self._packed is not None:
            self._chars = self._sides = None
        if _is_pdfium(self._raw):
            self._raw.release()

    def lines(self) -> list[Line]:
        """All text lines of the page, top to bottom (tables included)."""
        if self._lines is None:
            self._lines = self._to_lines(self.chars)
        return self._lines

    def _to_lines(self, chars):
        if self.ocr is not None:
            from plan_extract.ocr.page import words_to_lines
            return words_to_lines(chars, self.number)
        return chars_to_lines(chars, self.number)

    def lines_outside(self, bboxes: Sequence[tuple[float, float, float, float]]) -> list[Line]:
        if not bboxes:
            return self.lines()
        if self._chars is None and self._packed is not None:
            # only the glyphs outside the tables made into dicts (the same ones, in order)
            return self._to_lines(self._packed.unpack(self._drop + tuple(bboxes)))
        if self._centres is not None and self._chars is not None:
            keep = _keep_centres_outside(*self._centres, bboxes).tolist()
            return self._to_lines(list(compress(self._chars, keep)))
        return self._to_lines(_outside(self.chars, bboxes))


def _is_pdfium(page) -> bool:
    from plan_extract.readers.pdfium import PdfiumPage
    return isinstance(page, PdfiumPage)


class PackedChars:
    """A PDFium page's glyphs between reading and the table stage, in columns (about 45 bytes a
    glyph instead of a dict's 500): the same values, turned back into the same dicts. A glyph's
    font name and size are one entry of the page's styles (the distinct pairs: a page has a few,
    its text objects thousands of size objects of the same few values)."""

    __slots__ = ("text", "style", "styles", "x0", "x1", "top", "bottom")
    KEYS = ("text", "fontname", "size", "x0", "x1", "top", "bottom", "width")

    def __init__(self, chars: Sequence[dict]):
        from array import array
        shared: dict[str, str] = {}
        self.text = [shared.setdefault(c["text"], c["text"]) for c in chars]
        sizes = list(map(_SIZE, chars))
        if set(map(type, sizes)) <= {float} and 0.0 not in sizes:
            keys = list(zip(map(_FONTNAME, chars), sizes))
        else:
            # a size that is zero or not a float is its own style: 0.0 and -0.0, or 1 and 1.0,
            # would be one key of the dict and come back as the other
            keys = [(f, s) if s.__class__ is float and s else (f, s, id(s))
                    for f, s in zip(map(_FONTNAME, chars), sizes)]
        index = {key: i for i, key in enumerate(dict.fromkeys(keys))}
        self.style = array("I", map(index.__getitem__, keys))
        self.styles = [key[:2] for key in index]
        self.x0 = array("d", list(map(_X0, chars)))
        self.x1 = array("d", list(map(_X1, chars)))
        self.top = array("d", list(map(_TOP, chars)))
        self.bottom = array("d", list(map(_BOTTOM, chars)))

    @classmethod
    def pack(cls, chars: Sequence[dict]) -> "PackedChars":
        """Glyph dicts as pdfium.read_chars makes them (KEYS, width = x1 - x0; a legacy
        conversion or NFC keeps both)."""
        return cls(chars)

    def __len__(self) -> int:
        return len(self.text)

    def unpack(self, drop: Sequence[tuple] = ()) -> list[dict]:
        """The glyph dicts, less those whose centre is inside a box of `drop` (_outside)."""
        cols = zip(self.text, map(self.styles.__getitem__, self.style), self.x0, self.x1, self.top, self.bottom)
        if drop:
            cols = compress(cols, _keep_outside(self.x0, self.x1, self.top, self.bottom, drop))
        return [{"text": text, "fontname": font, "size": size, "x0": x0, "x1": x1,
                 "top": top, "bottom": bottom, "width": x1 - x0}
                for text, (font, size), x0, x1, top, bottom in cols]


def stream_pages(pages: Sequence[Page], behind: int = 2):
    """Pages in order, each page's glyph dicts released once the stage iterating has moved
    `behind` pages past it (the table stage looks back one page, for continued tables)."""
    for i, page in enumerate(pages):
        if i >= behind:
            pages[i - behind].release()
        yield page
    for page in pages[-behind:]:
        page.release()


@dataclass
class Source:
    path: str
    sha256: str
    pages: list[Page]
    text_layer: str = "native"
    issues: list[Issue] = field(default_factory=list)
    _pdf: Any = None
    page_layers: list[PageLayer] = field(default_factory=list)   # per page: verdict, how read, overlay

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def release_pages(self) -> None:
        """Close the file and let the pages go (their glyphs, lines, edges and the table stage's
        per-page caches), once the tables and the lines outside them are read: the later stages
        read neither, and a long document's pages would otherwise stay to the end of the run."""
        self.close()
        self.pages = []


def _outside(chars: Sequence[dict], boxes: Sequence[tuple]) -> list[dict]:
    """The chars whose centre is inside none of the boxes (x0, top, x1, bottom), in order."""
    return list(compress(chars, _keep_centres_outside(*_centres(chars), boxes).tolist()))


def _centres(chars: Sequence[dict]):
    """The glyphs' centres: x and y float arrays ((x0 + x1) / 2, (top + bottom) / 2)."""
    return _centre_arrays(*_sides(chars))


def _sides(chars: Sequence[dict]) -> tuple:
    """The glyphs' sides: x0, x1, top and bottom float arrays."""
    import numpy as np
    n = len(chars)
    return tuple(np.fromiter(map(get, chars), dtype=np.float64, count=n) for get in (_X0, _X1, _TOP, _BOTTOM))


def _side_arrays(x0s, x1s, tops, bottoms) -> tuple:
    """Four sequences of the boxes' sides as float arrays."""
    import numpy as np
    return tuple(np.asarray(side, dtype=np.float64) for side in (x0s, x1s, tops, bottoms))


def _centre_arrays(x0s, x1s, tops, bottoms):
    """Centres (x and y float arrays) of the boxes given by four sequences of their sides."""
    import numpy as np
    return ((np.asarray(x0s, dtype=np.float64) + np.asarray(x1s, dtype=np.float64)) / 2,
            (np.asarray(tops, dtype=np.float64) + np.asarray(bottoms, dtype=np.float64)) / 2)


def _keep_outside(x0s, x1s, tops, bottoms, boxes: Sequence[tuple]) -> list[bool]:
    """Per glyph (its box as columns), whether its centre is inside none of the boxes (the
    columns as float arrays: the same centres and comparisons as in Python floats)."""
    return _keep_centres_outside(*_centre_arrays(x0s, x1s, tops, bottoms), boxes).tolist()


def _keep_centres_outside(xs, ys, boxes: Sequence[tuple]):
    """Per centre (xs, ys: float arrays), whether it is inside none of the boxes: a bool array."""
    import numpy as np
    keep = np.ones(len(xs), dtype=bool)
    for box in boxes:
        x0, top, x1, bottom = box[0], box[1], box[2], box[3]
        keep &= ~((x0 <= xs) & (xs <= x1) & (top <= ys) & (ys <= bottom))
    return keep


def chars_to_lines(chars: Sequence[dict], page: int, block_gap: float = DEFAULT_BLOCK_GAP) -> list[Line]:
    """Chars -> Lines in reading order; side-by-side blocks (letterhead) become separate lines,
    left block first."""
    out: list[Line] = []
    for group in tx.chars_to_line_groups(chars):
        for seg, ink, text in split_blocks(group, block_gap):
            if text is None:
                text = tx.chars_to_text(seg)
            if not text:
                continue
            if not ink:
                raise ValueError(f"page {page}: a line of spaces only: {text!r}")
            # the box (first extremes, as a loop keeping the first of equal values), the median
            # size and the majority styles. The sizes `or 0` (read by itemgetter when every glyph
            # has one and none is 0, the same values); one size (most lines): the median is that
            # size, rounded (list.count matches as a set merges: the same object or an equal value)
            try:
                sizes = list(map(_SIZE, ink))
            except KeyError:
                sizes = None
            if sizes is None or not all(sizes):
                sizes = [c.get("size") or 0 for c in ink]
            if sizes.count(sizes[0]) == len(sizes) and len(set(map(type, sizes))) == 1:
                size = round(sizes[0], 1)
            else:
                size = sorted([round(s, 1) for s in sizes])[len(sizes) // 2]
            bold, italic = _majority_styles(ink)
            out.append(Line(
                text=text, page=page, x0=min(map(_X0, ink)), top=min(map(_TOP, ink)),
                x1=max(map(_X1, ink)), bottom=max(map(_BOTTOM, ink)),
                size=size, bold=bold, italic=italic))
    return out


def _majority_styles(ink: Sequence[dict]) -> tuple[bool, bool]:
    """(bold, italic): whether more than half the glyphs are in a bold (italic) font, each font
    tested once. A line in one font (most lines) is bold when its font is: all its glyphs or none."""
    try:
        fonts = list(map(_FONTNAME, ink))
    except KeyError:                 # a glyph without a font name (counted as "")
        fonts = [c.get("fontname", "") for c in ink]
    first = fonts[0]
    if fonts.count(first) == len(fonts):
        return tx.is_bold_font(first), tx.is_italic_font(first)
    counts = Counter(fonts).items()
    return (sum(n for f, n in counts if tx.is_bold_font(f)) / len(ink) > 0.5,
            sum(n for f, n in counts if tx.is_italic_font(f)) / len(ink) > 0.5)


_X0, _X1 = operator.itemgetter("x0"), operator.itemgetter("x1")
_FONTNAME, _SIZE = operator.itemgetter("fontname"), operator.itemgetter("size")
_TEXT = operator.itemgetter("text")
_TOP, _BOTTOM = operator.itemgetter("top"), operator.itemgetter("bottom")


def split_blocks(group: Sequence[dict], block_gap: float = DEFAULT_BLOCK_GAP) -> list[list]:
    """One visual line -> side-by-side blocks: cut at gaps wider than block_gap × font size, or
    at half that between two capitalised runs (the letterhead's "UBND TỈNH ..." and "CỘNG HÒA
    ..." can sit closer than body text's blank runs "ngày      tháng", which stay whole).
    Each block as [its glyphs, those not blank (tx.ink_glyphs), its text or None]: the text
    (tx.chars_to_text) where the test between two blocks read it and the block did not grow
    since, the glyphs not blank as the pieces joined had them (no glyph list is read twice)."""
    out: list[list] = []
    for seg in tx.split_line_on_gaps(group, block_gap / 2):
        ink = tx.ink_glyphs(seg)
        if out:
            prev = out[-1]
            gap = min(map(_X0, ink)) - max(map(_X1, prev[1]))
            size = max(seg[0].get("size") or 0, 1.0)
            if gap <= block_gap * size:          # the texts only for a gap narrow enough
                # (a text is its own upper case exactly when its glyphs' texts are:
                # _same_upper; the texts are read only then)
                if _same_upper(prev[0]) and _same_upper(seg):
                    a = prev[2]
                    if a is None:
                        a = prev[2] = tx.chars_to_text(prev[0])
                    b = tx.chars_to_text(seg)
                    if a.upper() == a and b.upper() == b and any(ch.isalpha() for ch in a + b):
                        out.append([seg, ink, b])          # two capitalised runs
                        continue
                prev[0].extend(seg)
                prev[1].extend(ink)
                prev[2] = None
                continue
        out.append([seg, ink, None])
    return out


def _same_upper(glyphs: Sequence[dict]) -> bool:
    """Whether the glyphs' texts joined are their own upper case: exactly when the text
    tx.chars_to_text makes of them is (it adds spaces, squashes spaces and composes (NFC), and
    a character is its own upper case exactly when every character of its canonical
    decomposition is: tests/test_read.py checks this of every code point)."""
    text = "".join(map(_TEXT, glyphs))
    return text.upper() == text


def lines_outside_tables(pages: Sequence[Page], raw_tables: Sequence[Any]) -> list[Line]:
    """Every text line of the document in reading order, minus lines inside table bboxes.
    Footer / URL / page-number lines were removed when the document was opened."""
    by_page: dict[int, list] = {}
    for t in raw_tables:
        by_page.setdefault(t.page, []).append(_grow(t.bbox, 1.0))
    out: list[Line] = []
    for p in pages:
        out.extend(p.lines_outside(by_page.get(p.number, [])))
        p.release()
    return out


def _grow(b, d):
    return (b[0] - d, b[1] - d, b[2] + d, b[3] + d)


def dedupe_chars(chars: Sequence[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop glyphs drawn twice at (almost) the same place (fake bold, shadow text)."""
    if not _repeats_possible(chars, tolerance):
        return list(chars)
    keys = [(c.get("text"), round(c["top"]), c["x0"]) for c in chars]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    # the first glyph dropped follows, in this order, the one it repeats (nothing before it was
    # dropped): without such a neighbour (same text, x0 within tolerance, rounded tops within
    # 2), nothing is
    ordered = list(map(keys.__getitem__, order))
    if not any(a[0] == b[0] and abs(a[2] - b[2]) <= tolerance and abs(a[1] - b[1]) <= 2
               for a, b in zip(ordered, islice(ordered, 1, None))):
        return list(chars)
    drop: set[int] = set()
    prev = None
    for c in map(chars.__getitem__, order):
        if prev is not None and prev.get("text") == c.get("text") and abs(prev["x0"] - c["x0"]) <= tolerance \
                and abs(prev["top"] - c["top"]) <= tolerance and not c.get("text", "").isspace():
            drop.add(id(c))
            continue
        prev = c
    return [c for c in chars if id(c) not in drop] if drop else list(chars)


def _repeats_possible(chars: Sequence[dict], tolerance: float) -> bool:
    """dedupe_chars' first test, column-wise: whether, in the order of (text, rounded top, x0),
    two neighbours have the same text, x0 within tolerance and rounded tops within 2. Within one
    text the order is that of (rounded top, x0), whatever order the texts take, so the texts
    are sorted by an arbitrary number each. True (the exact test then runs) for what the
    columns cannot hold exactly."""
    import numpy as np
    n = len(chars)
    if n < 2:
        return False
    try:
        texts = list(map(_GET_TEXT, chars))
        tops = list(map(round, map(_TOP, chars)))
        x0s = np.fromiter(map(_X0, chars), dtype=np.float64, count=n)
    except (KeyError, TypeError, ValueError, OverflowError):
        return True
    if None in texts or np.isnan(x0s).any() or max(map(abs, tops)) > 1 << 50:
        return True
    ids = {t: k for k, t in enumerate(set(texts))}
    tid = np.fromiter(map(ids.__getitem__, texts), dtype=np.int64, count=n)
    rtop = np.array(tops, dtype=np.int64)
    order = np.lexsort((x0s, rtop, tid))
    tid, rtop, x0s = tid[order], rtop[order], x0s[order]
    return bool(((tid[1:] == tid[:-1]) & (np.abs(x0s[1:] - x0s[:-1]) <= tolerance)
                 & (np.abs(rtop[1:] - rtop[:-1]) <= 2)).any())


_GET_TEXT = operator.methodcaller("get", "text")


# ----------------------------------------------------------------------------- footers

def vertical_spans(edges: Sequence[dict]) -> Sequence[float]:
    """The top and bottom of each vertical edge, in order, flat (top, bottom, top, bottom, ...):
    what find_running_lines reads of a page's edges, kept for every page till it runs."""
    from array import array
    return array("d", [v for e in edges if e.get("orientation") == "v" for v in (e["top"], e["bottom"])])


def _has_vertical_rule(spans: Sequence[float], top: float, bottom: float) -> bool:
    mid = (top + bottom) / 2
    at = iter(spans)
    return any(up - 1 <= mid <= down + 1 for up, down in zip(at, at))


_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=1 << 14)     # a pure function of a line's text: each line is masked twice
def _mask_digits(s: str) -> str:
    return _DIGITS.sub("#", tx.match_key(s))


def find_running_lines(pages_lines: Sequence[list[Line]], heights: Sequence[float],
                       page_rules: Sequence[Sequence[float]],
                       margin_share: float = DEFAULT_MARGIN_SHARE) -> list[set[int]]:
    """Per page, the indexes of lines that are not data: a document-management URL line, a bare
    page number, or a line repeated (digits aside) at the top or bottom of most pages. They are
    peeled off from the bottom and from the top of each page, row by row, while they qualify;
    a small-font URL line is dropped anywhere. Lines crossed by a table's vertical rule are
    never removed (a URL inside a cell is data): page_rules, per page, its vertical rules
    (vertical_spans)."""
    n = len(pages_lines)
    sizes = sorted(ln.size for lines in pages_lines for ln in lines)
    body = sizes[len(sizes) // 2] if sizes else 0
    counts: dict[str, int] = {}
    for lines in pages_lines:
        for key in {_mask_digits(ln.text) for ln in lines}:
            counts[key] = counts.get(key, 0) + 1

    def running(ln: Line, h: float, edges) -> bool:
        if _has_vertical_rule(edges, ln.top, ln.bottom):
            return False
        in_margin = ln.bottom >= h * (1 - margin_share) or ln.top <= h * margin_share
        text = ln.text.strip()
        if _URL.search(text) and (in_margin or (body and ln.size < body - 0.5)):
            return True
        if _PAGE_NUMBER.match(text) and in_margin:
            return True
        # a running header/footer in a smaller font (body-size repeats may be a borderless
        # table's repeated header row: data structure, not page furniture)
        return n >= 3 and in_margin and counts.get(_mask_digits(text), 0) >= max(3, 0.6 * n) \
            and bool(body) and ln.size < body - 0.5

    out: list[set[int]] = []
    for lines, h, edges in zip(pages_lines, heights, page_rules):
        drop: set[int] = set()
        rows = _visual_rows(lines)
        for seq in (rows[::-1], rows):          # from the bottom, then from the top
            for row in seq:
                if all(running(lines[i], h, edges) for i in row):
                    drop.update(row)
                else:
                    break
        for i, ln in enumerate(lines):          # small URL lines anywhere outside tables
            if body and ln.size < body - 1.0 and _URL.search(ln.text) and not _has_vertical_rule(edges, ln.top, ln.bottom):
                drop.add(i)
        out.append(drop)
    return out


def _visual_rows(lines: Sequence[Line]) -> list[list[int]]:
    """Indexes of lines grouped into visual rows (side-by-side lines share a row), top to bottom."""
    order = sorted(range(len(lines)), key=[ln.top for ln in lines].__getitem__)
    rows: list[list[int]] = []
    low = 0.0                # the last row's lowest bottom: max() over its lines as they join it
    for i in order:
        ln = lines[i]
        if rows and ln.top < low - 0.3 * max(ln.bottom - ln.top, 1):
            rows[-1].append(i)
            if ln.bottom > low:              # (max keeps the first unless a later one is greater)
                low = ln.bottom
        else:
            rows.append([i])
            low = ln.bottom
    return rows


# ----------------------------------------------------------------------------- legacy encodings

@lru_cache(maxsize=None)
def legacy_table(name: str) -> dict[str, str]:
    data = vocab_files.load(f"legacy_{name}.json")
    return {k: v["to"] if isinstance(v, dict) else v for k, v in data["map"].items()}


_TCVN3_FONT = re.compile(r"\.?vn[a-z]*(time|arial|avant|helve|courier|univer|book|souvenir|cooper|[a-z]+h\b)", re.I)


@lru_cache(maxsize=4096)
def is_tcvn3_font(fontname: str) -> bool:
    """.VnTime, .VnTimeH, .VnArial ... (the ABC / TCVN3 font families)."""
    name = (fontname or "").split("+", 1)[-1]
    return name.lower().lstrip(".").startswith("vn") and bool(_TCVN3_FONT.search(name))


@lru_cache(maxsize=4096)
def _is_upper_tcvn3_font(fontname: str) -> bool:
    name = (fontname or "").split("+", 1)[-1].split(",")[0].split("-")[0]
    return name.endswith("H")     # .VnTimeH, .VnArialH: capital glyphs at the lower-case codes


def looks_tcvn3(chars: Sequence[dict], text: Optional[str] = None) -> bool:
    """A page whose text layer is TCVN3: legacy fonts, or many TCVN3-only code points and no
    Unicode Vietnamese letters. text: the glyphs' texts joined, when the caller has it."""
    if any(map(is_tcvn3_font, {c.get("fontname", "") for c in chars[:400]})):     # each font once
        return True
    if text is None:
        text = "".join(map(_TEXT, chars))
    legacy = sum(text.count(ch) for ch in legacy_table("tcvn3") if ch not in "ýÝ")   # one-letter keys
    return legacy >= 20 and legacy > 5 * _unicode_vi(text)


@lru_cache(maxsize=4096)
def is_vni_font(fontname: str) -> bool:
    """VNI-Times, VNI-Helve, VNI-Times,Bold ... (the VNI typing software's font families)."""
    name = (fontname or "").split("+", 1)[-1]
    return bool(re.match(r"vni[-_ ]", name, re.I))


_VI_LETTER = re.compile("[\u1ea0-\u1ef9ăđơưĂĐƠƯ]")
_EIGHT_BIT = re.compile("[\x80-\xff]")


def _unicode_vi(text: str) -> int:
    """Unicode Vietnamese letters (precomposed with a tone, or ă đ ơ ư) in text, after NFC."""
    return len(_VI_LETTER.findall(tx.nfc(text)))


@lru_cache(maxsize=None)
def _legacy_pattern(name: str) -> "re.Pattern":
    """The table's keys as one alternation, longest first: its matches, scanning left to right,
    are _legacy_runs' greedy longest-match pieces (every key holds an 8-bit character, so the
    pieces between matches map to nothing)."""
    keys = sorted(legacy_table(name), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


@lru_cache(maxsize=None)
def _longest_key(name: str) -> int:
    return max(len(k) for k in legacy_table(name))


def _legacy_runs(text: str, name: str):
    """Greedy longest-match split of text: (piece, Unicode letter or None) pairs."""
    table, longest = legacy_table(name), _longest_key(name)
    i = 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            if text[i:i + n] in table:
                yield text[i:i + n], table[text[i:i + n]]
                i += n
                break
        else:
            yield text[i], None
            i += 1


def decode_legacy(text: str, name: str) -> str:
    """Legacy text (the Latin-1 characters a text layer reports) -> Unicode NFC."""
    table = legacy_table(name)
    return tx.nfc(_legacy_pattern(name).sub(lambda m: table[m.group()], text))


def looks_vni(chars: Sequence[dict], text: Optional[str] = None) -> bool:
    """A page whose text layer is VNI: base letters followed by VNI mark characters ("aù" = á)
    account for its 8-bit characters, there are several of them (many when no font is named
    VNI-...) and hardly any Unicode Vietnamese letters. A Unicode page with a stray "ù" or an
    old-style "hoà" is not VNI. text: the glyphs' texts joined, when the caller has it."""
    named = [c for c in chars if is_vni_font(c.get("fontname", ""))] \
        if any(map(is_vni_font, {c.get("fontname", "") for c in chars})) else []
    if named:
        text = "".join(map(_TEXT, named))
    elif text is None:
        text = "".join(map(_TEXT, chars))
    pairs = covered = 0
    for piece in _legacy_pattern("vni").findall(text):
        pairs += len(piece) > 1
        covered += sum(1 for ch in piece if ch >= "\x80")
    eight_bit = len(_EIGHT_BIT.findall(text))
    return pairs >= (3 if named else 20) and pairs > 5 * _unicode_vi(text) and covered >= 0.9 * eight_bit


_LEGACY_FONTS = {"tcvn3": (is_tcvn3_font, _is_upper_tcvn3_font), "vni": (is_vni_font, lambda f: False)}


def _adjacent(a: dict, b: dict) -> bool:
    size = max(a.get("size") or 0, 1.0)
    return abs(a.get("top", 0) - b.get("top", 0)) <= size / 2 and \
        -size / 2 <= b.get("x0", 0) - a.get("x1", 0) <= size / 3


def convert_legacy(chars: list[dict], name: str) -> None:
    """Rewrite char texts from a legacy encoding ("tcvn3", "vni") to Unicode in place (only chars
    in legacy fonts when the page names its fonts, else every char). A glyph followed by its mark
    glyph (VNI "a" + "ù") becomes one char spanning both; the mark's char is removed."""
    table = legacy_table(name)
    is_font, is_caps_font = _LEGACY_FONTS[name]
    named = any(is_font(c.get("fontname", "")) for c in chars)
    legacy = [not named or is_font(c.get("fontname", "")) for c in chars]
    out: list[dict] = []
    i = 0
    while i < len(chars):
        c = chars[i]
        i += 1
        if not legacy[i - 1]:
            out.append(c)
            continue
        while i < len(chars) and legacy[i] and c["text"] + chars[i]["text"] in table \
                and _adjacent(c, chars[i]):
            m = chars[i]
            c["text"] += m["text"]
            if "x1" in m:
                c["x1"] = max(c["x1"], m["x1"])
                c["width"] = c["x1"] - c["x0"]
            i += 1
        t = decode_legacy(c["text"], name)
        c["text"] = tx.nfc(t.upper() if is_caps_font(c.get("fontname", "")) else t)
        out.append(c)
    chars[:] = out


def convert_tcvn3(chars: list[dict]) -> None:
    convert_legacy(chars, "tcvn3")


# ----------------------------------------------------------------------------- OCR

def ocr_available() -> bool:
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


def ocr_resolution(width_pt: float, height_pt: float, max_pixels: int,
                   dpi: int = DEFAULT_OCR_DPI) -> int:
    """The resolution a page is rendered at for OCR: `dpi`, or coarser (not below MIN_OCR_DPI)
    so that the image stays within max_pixels. Raises LimitExceeded ("too-large") for a page
    too large even at MIN_OCR_DPI: checked before anything is rendered."""
    inches2 = max(width_pt, 0.0) / 72 * max(height_pt, 0.0) / 72
    if inches2 * dpi * dpi <= max_pixels:
        return dpi
    fit = int((max_pixels / inches2) ** 0.5) if inches2 else dpi
    if fit >= MIN_OCR_DPI:
        return fit
    w_in, h_in = width_pt / 72, height_pt / 72
    raise LimitExceeded("too-large", f"trang {w_in:.0f}×{h_in:.0f} inch quá lớn để nhận dạng chữ "
                        f"(page of {w_in:.0f}×{h_in:.0f} in: over {max_pixels:,} pixels even at "
                        f"{MIN_OCR_DPI} dpi)")


#: Verdicts whose page is OCR'd from its images alone: the text objects drawn over the scan
#: (a poor hidden layer, a signature line) are left out of the rendering.
DROP_TEXT = frozenset({"scan-poor-layer", "scan-overlay"})


def ocr_image_page(plumber, number: int, dpi: int = DEFAULT_OCR_DPI,
                   max_pixels: int = DEFAULT_MAX_OCR_PIXELS, drop_text: Optional[Path] = None):
    """Page -> ocr.OcrPage (words, lines, ruled tables in PDF points). drop_text: the PDF file,
    to render the page without its text objects (pypdfium2)."""
    from plan_extract.ocr import page as ocr
    dpi = ocr_resolution(float(plumber.width), float(plumber.height), max_pixels, dpi)
    image = render_without_text(drop_text, number, dpi) if drop_text is not None \
        else plumber.to_image(resolution=dpi).original
    return ocr.ocr_page(image, number, float(plumber.width), float(plumber.height), {"dpi": dpi})


def _page_images(p) -> list[dict]:
    """Image boxes (x0, top, x1, bottom, points from the top left) of a pdfplumber or PDFium page."""
    if hasattr(p, "images"):
        return p.images
    out = []
    for left, bottom, right, top in p.image_bounds(max_depth=3):
        xa, ya = p._to_top_left(left, top)
        xb, yb = p._to_top_left(right, bottom)
        out.append({"x0": min(xa, xb), "x1": max(xa, xb), "top": min(ya, yb), "bottom": max(ya, yb)})
    return out


def _path_count(p) -> int:
    """Vector paths a page draws (enough to tell a page of outlined glyphs)."""
    if hasattr(p, "curves"):
        return len(p.curves) + len(p.rects) + len(p.lines)
    return p.path_count(text_layer.MIN_OUTLINE_PATHS)


def render_without_text(path: Path, number: int, dpi: int = DEFAULT_OCR_DPI):
    """Page `number` (1-based) rendered at dpi with its text objects removed: what the scanner
    saw, without a hidden OCR layer or an overlaid signature line (the file is not changed)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[number - 1]
        for obj in list(page.get_objects()):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                page.remove_obj(obj)
        return page.render(scale=dpi / 72.0).to_pil()
    finally:
        doc.close()


# ----------------------------------------------------------------------------- open

def mark_shading(plumber) -> list[dict]:
    """A pdfplumber page's edges, the four of each shading rectangle (geometry.is_shading: filled,
    unstroked or stroked in the fill's colour, wider and taller than a rule) and those of each
    shading outline (a filled curve) marked `shade: True` as the PDFium reader marks them.
    pdfplumber makes each rect's four edges in order (rect_edges), the same dicts as in edges."""
    edges = plumber.edges
    quads = plumber.rect_edges
    for k, r in enumerate(plumber.rects):
        if _shading(r):
            for e in quads[4 * k:4 * k + 4]:
                e["shade"] = True
    curves = plumber.curve_edges       # curve_to_edges: one edge per pair of points, in order
    at = 0
    for c in plumber.curves:
        n = max(len(c.get("pts") or []) - 1, 0)
        if _shading(c):
            for e in curves[at:at + n]:
                e["shade"] = True
        at += n
    return edges


def _shading(obj: dict) -> bool:
    """A rect or curve that shades an area: geometry.is_shading with its stroke hidden when the
    stroke is in the fill's own colour."""
    stroke = obj.get("stroke")
    hidden = bool(obj.get("fill") and stroke) and same_colour(obj.get("non_stroking_color"),
                                                              obj.get("stroking_color"))
    return is_shading(obj["width"], obj["height"], obj.get("fill"), stroke, hidden)


def lean_char_objects(plumber) -> None:
    """Make pdfplumber build glyph dicts with only the keys this pipeline reads (text, box,
    size, font): its generic per-object conversion (colours, resolved attributes) costs about
    twice pdfminer's own interpretation. Other objects (lines, rects) keep the full conversion."""
    from pdfminer.layout import LTChar
    full = plumber.process_object
    mb_x0, mb_top = plumber.mediabox[:2]
    height = plumber.height
    doctop = plumber.initial_doctop
    number = plumber.page_number

    def process_object(obj):
        if type(obj) is not LTChar:
            return full(obj)
        font = obj.fontname
        if isinstance(font, bytes):
            font = font.decode("utf-8", "replace")
        top = height - obj.y1 + mb_top
        return {"object_type": "char", "page_number": number, "text": obj.get_text(), "fontname": font,
                "size": obj.size, "upright": obj.upright, "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                "y0": obj.y0, "y1": obj.y1, "width": obj.width, "height": obj.height,
                "top": top, "bottom": height - obj.y0 + mb_top, "doctop": doctop + top, "matrix": obj.matrix}

    plumber.process_object = process_object


def _content_bytes(page_obj, cap: int) -> int:
    """Inflated size of a page's content streams (FlateDecode ones: others are not inflated)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import LIT
    total = 0
    for stream in page_obj.contents or []:
        stream = resolve1(stream)
        raw = getattr(stream, "rawdata", None)
        if raw is None:
            continue
        filters = stream.get_filters() if hasattr(stream, "get_filters") else []
        names = [f for f, _ in filters]
        if names and all(f in (LIT("FlateDecode"), LIT("Fl")) for f in names):
            total += inflated_size(raw, cap - total) if len(names) == 1 else len(raw)
        else:
            total += len(raw)
        if total > cap:
            break
    return total


def layout_with_caps(plumber, number: int, limits: Limits) -> None:
    """Interpret one page with pdfminer under the page caps (content bytes, glyphs, paths) and
    hand pdfplumber the result (it reuses a page's `_layout`). Raises LimitExceeded as soon as
    a cap is passed, before the page's objects pile up in memory."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    _check_content_bytes(plumber.page_obj, number, limits)

    def too_many(what_vi: str, what_en: str, cap: int) -> LimitExceeded:
        return _too_many(number, what_vi, what_en, cap)

    class Counting(PDFPageAggregatorWithMarkedContent):
        glyphs = 0

        def render_char(self, *args, **kwargs):
            self.glyphs += 1
            if self.glyphs > limits.max_page_glyphs:
                raise too_many("ký tự", "glyphs", limits.max_page_glyphs)
            return super().render_char(*args, **kwargs)

    class Interpreter(PDFPageInterpreter):
        """Counts subpaths as they are built (re, m), before a paint operator gets them all."""
        paths = 0

        def _path(self):
            self.paths += 1
            if self.paths > limits.max_page_paths:
                raise too_many("đường/hình", "paths", limits.max_page_paths)

        # explicit arguments: pdfminer passes an operator as many operands as its method takes
        def do_re(self, x, y, w, h):
            self._path()
            return super().do_re(x, y, w, h)

        def do_m(self, x, y):
            self._path()
            return super().do_m(x, y)

    device = Counting(plumber.pdf.rsrcmgr, pageno=plumber.page_number, laparams=plumber.pdf.laparams)
    Interpreter(plumber.pdf.rsrcmgr, device).process_page(plumber.page_obj)
    plumber._layout = device.get_result()


def _too_many(number: int, what_vi: str, what_en: str, cap: int) -> LimitExceeded:
    return LimitExceeded("too-complex", f"trang {number} vẽ hơn {cap:,} {what_vi} "
                         f"(page {number} draws over {cap:,} {what_en})")


def _count_objects(pdf) -> int:
    return sum(len(list(x.get_objids())) for x in pdf.doc.xrefs)


def _check_object_count(pdf, limits: Limits) -> None:
    """The file's object cap (from its cross-reference tables), for either page reader."""
    objects = _count_objects(pdf)
    if objects > limits.max_objects:
        raise LimitExceeded("too-complex", f"có {objects:,} đối tượng, vượt {limits.max_objects:,} "
                            f"(over {limits.max_objects:,} PDF objects)")


def _check_content_bytes(page_obj, number: int, limits: Limits) -> None:
    """A page's cap on inflated content-stream bytes, for either page reader."""
    cap = limits.max_decompressed_bytes
    if _content_bytes(page_obj, cap) > cap:
        raise LimitExceeded("too-large", f"nội dung trang {number} giải nén vượt "
                            f"{limits.max_decompressed_mb:g} MiB (page {number}: content streams "
                            f"inflate past {limits.max_decompressed_mb:g} MiB)")


def _limit_error(path: Path, e: LimitExceeded) -> InputError:
    return InputError(e.code, f"Tệp {path.name}: {e.message}")


def _fail(code: str, vi: str, en: str) -> InputError:
    """Bad input in the user's terms: one line, Vietnamese first, English in parentheses."""
    return InputError(code, f"{vi} ({en})")


def read_input_bytes(path: Path, kind: str, folder_code: str) -> bytes:
    """The bytes of an input file; a missing file or a folder is an InputError, not a traceback.
    kind names the expected format in the message ("PDF", "DOCX")."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail("file-not-found", f"Không tìm thấy tệp {path.name}", f"file not found: {path}") from None
    except IsADirectoryError:
        raise _fail(folder_code, f"{path.name} là thư mục, không phải tệp {kind}", f"{path} is a folder") from None


def _check_bytes(path: Path, data: bytes) -> None:
    name = path.name
    if not data:
        raise _fail("empty-file", f"Tệp {name} rỗng (0 byte)", f"{name} is an empty file")
    head = data[:1024]
    if b"%PDF-" not in head:
        kind = "ảnh" if head[:8].startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")) \
            else "dữ liệu không phải PDF"
        en = "an image" if kind == "ảnh" else "not PDF data"
        raise _fail("not-a-pdf", f"Tệp {name} không phải là tệp PDF mà là {kind}",
                    f"{name} is not a PDF file but {en}")
    if b"%%EOF" not in data:
        raise _truncated(name)


def _truncated(name: str) -> InputError:
    return _fail("truncated-pdf", f"Tệp {name} bị cắt cụt, không đầy đủ (tải về chưa xong?)",
                 f"{name} is truncated: the end of the PDF is missing")


#: PDF page readers: pdfplumber (pdfminer, the reference) and PDFium (readers/pdfium.py, faster;
#: the same rows on every corpus and real document, tests/test_pdfium.py).
READERS = ("pdfplumber", "pdfium")


def _check_caps_before_pdfium(path: Path, limits: Limits, data: Optional[bytes] = None) -> None:
    """The file-level caps read from the PDF's structure, before PDFium inflates and interprets
    anything: readers/structure.py reads the cross-reference sections, page tree and content
    streams' sizes (no object it does not need) and answers when it is sure the file passes;
    otherwise pdfminer parses the cross-reference and page tree (no content) and gives the
    verdict and its message."""
    from plan_extract.readers.structure import caps_pass
    if data is not None and caps_pass(data, limits.max_objects, limits.max_decompressed_bytes):
        return
    import pdfplumber
    with pdfplumber.open(path) as structure:
        _check_object_count(structure, limits)
        for number, page in enumerate(structure.pages, 1):
            _check_content_bytes(page.page_obj, number, limits)


def _open_pdfium(path: Path, data: bytes, limits: Limits):
    """The PDFium document and its pages (each loaded when read), after the file-level caps."""
    from plan_extract.readers.pdfium import PdfiumDocument
    _check_caps_before_pdfium(path, limits, data)
    with _pdfium_errors(path, data):
        pdf = PdfiumDocument(data)
    return pdf, list(pdf.pages)


def _read_pdfium_page(path: Path, data: bytes, p, limits: Limits) -> tuple[list[dict], list[dict], Optional[tuple]]:
    """One PDFium page's glyphs (deduplicated), edges and the glyphs' sides as float arrays (the
    reader's glyph_columns, when it made them and no glyph was dropped as a repeat) under the
    page caps."""
    from plan_extract.readers.pdfium import GlyphCapExceeded
    with _pdfium_errors(path, data):
        if p.path_count(limits.max_page_paths) > limits.max_page_paths:
            raise _too_many(p.page_number, "đường/hình", "paths", limits.max_page_paths)
        p.glyph_cap = limits.max_page_glyphs
        try:
            chars = p.chars
        except GlyphCapExceeded:
            raise _too_many(p.page_number, "ký tự", "glyphs", limits.max_page_glyphs) from None
        # (dedupe_chars only where the reader found two glyphs it might take for one)
        columns = p.glyph_columns
        chars = dedupe_chars(chars) if p.repeats_possible else list(chars)
        # (dedupe_chars only drops glyphs: the same count, the same glyphs)
        return chars, p.edges, columns if columns is not None and len(columns[0]) == len(chars) else None


class _pdfium_errors:
    """PDFium's errors as the InputError a bad file deserves."""

    def __init__(self, path: Path, data: bytes):
        self.path, self.data = path, data

    def __enter__(self):
        return self

    def __exit__(self, kind, e, tb):
        import pypdfium2 as pdfium
        if kind is None or not issubclass(kind, pdfium.PdfiumError):
            return False
        path, data = self.path, self.data
        if "password" in str(e).lower() or b"/Encrypt" in data:
            raise _fail("encrypted-pdf", f"Tệp {path.name} được bảo vệ bằng mật khẩu, không đọc được",
                        f"{path.name} is password-protected") from None
        if b"%%EOF" not in data[-4096:]:
            raise _truncated(path.name) from None
        raise _fail("damaged-pdf", f"Tệp {path.name} bị hỏng, không đọc được cấu trúc PDF",
                    f"{path.name} is a damaged PDF: {e}") from None


def open_document(path: Union[str, Path], ocr: bool = True, limits: Any = None,
                  reader: str = "pdfplumber", progress=None) -> Source:
    """Open a PDF and prepare its pages with `reader` (READERS). Raises InputError for input that
    is not a readable PDF, or one past a cap of `limits` (settings.Limits: codes "too-large",
    "too-complex"). progress: called as progress(done, total) before each page is read (OCR
    included)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    path = Path(path)
    data = read_input_bytes(path, "PDF", "not-a-pdf")
    _check_bytes(path, data)
    sha = hashlib.sha256(data).hexdigest()
    limits = Limits.resolve(limits)
    pdf = None
    try:
        if reader == "pdfium":
            # pages are read one at a time in the loop below and released once read
            pdf, plumber_pages = _open_pdfium(path, data, limits)
            raw_chars, rules = [None] * len(plumber_pages), [None] * len(plumber_pages)
        else:
            pdf = pdfplumber.open(path)
            _check_object_count(pdf, limits)
            plumber_pages = list(pdf.pages)
            for p in plumber_pages:
                layout_with_caps(p, p.page_number, limits)
                lean_char_objects(p)
            raw_chars = [dedupe_chars(p.chars) for p in plumber_pages]
            rules = [vertical_spans(mark_shading(p)) for p in plumber_pages]
    except InputError:
        if pdf is not None:
            pdf.close()
        raise
    except LimitExceeded as e:
        if pdf is not None:
            pdf.close()
        raise _limit_error(path, e) from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _fail("encrypted-pdf", f"Tệp {path.name} được bảo vệ bằng mật khẩu, không đọc được",
                    f"{path.name} is password-protected") from None
    except Exception as e:  # pdfminer raises many types for damaged structure; pdfplumber wraps them
        if b"%%EOF" not in data[-4096:]:       # an earlier revision ends, the file was cut later
            raise _truncated(path.name) from None
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or b"/Encrypt" in data \
                or "password" in str(inner).lower():
            raise _fail("encrypted-pdf", f"Tệp {path.name} được bảo vệ bằng mật khẩu, không đọc được",
                        f"{path.name} is password-protected") from None
        raise _fail("damaged-pdf", f"Tệp {path.name} bị hỏng, không đọc được cấu trúc PDF",
                    f"{path.name} is a damaged PDF: {type(e).__name__}") from None
    if not plumber_pages:
        pdf.close()
        raise _fail("damaged-pdf", f"Tệp {path.name} không có trang nào", f"{path.name} has no pages")

    issues: list[Issue] = []
    layers: list[str] = []
    verdicts: list[PageLayer] = []
    can_ocr = ocr and ocr_available()
    ocr_pages: dict[int, Any] = {}
    first: list[list[Line]] = []           # each page's lines, for the running-line pass
    columns: list[Optional[tuple]] = [None] * len(plumber_pages)   # each page's glyph sides, as read
    kept = 0                               # glyphs kept as dicts (KEEP_GLYPH_DICTS)
    kept_edges = 0                         # edges kept as dicts (KEEP_EDGE_DICTS)
    try:
        for i, p in enumerate(plumber_pages):
            if progress is not None:
                progress(i, len(plumber_pages))
            if reader == "pdfium":
                raw_chars[i], page_edges, columns[i] = _read_pdfium_page(path, data, p, limits)
                rules[i] = vertical_spans(page_edges)
            legacy = _read_page(i, p, raw_chars, path, limits, can_ocr, ocr, ocr_pages, issues, layers, verdicts)
            if columns[i] is not None and (legacy or i in ocr_pages or len(columns[i][0]) != len(raw_chars[i])):
                # glyphs joined or moved (a legacy conversion), replaced (OCR), or dropped (a
                # watermark, a garbled layer): the sides as read are not theirs
                columns[i] = None
            first.append(list(ocr_pages[i].lines) if i in ocr_pages else chars_to_lines(raw_chars[i], i + 1))
            if reader == "pdfium":
                if i not in ocr_pages:
                    if kept + len(raw_chars[i]) > KEEP_GLYPH_DICTS:
                        raw_chars[i] = PackedChars.pack(raw_chars[i])
                        columns[i] = None          # (a packed page keeps its own sides)
                    else:
                        kept += len(raw_chars[i])
                if kept_edges + len(page_edges) <= KEEP_EDGE_DICTS:
                    kept_edges += len(page_edges)
                    p.keep_edge_dicts = True
                p.release()
    except LimitExceeded as e:
        pdf.close()
        raise _limit_error(path, e) from None
    except BaseException:
        pdf.close()
        raise
    empty = [i + 1 for i, layer in enumerate(layers) if layer == "none"]
    if empty and len(empty) == len(layers) and not ocr_pages:
        issues.append(Issue("warning", "no-text-layer",
                            "Văn bản không có lớp chữ đọc được và không chạy được OCR "
                            "(no readable text layer and OCR unavailable)", None))

    # footers and running lines, from the first pass of lines per page
    for i, o in ocr_pages.items():
        rules[i] = vertical_spans(o.rulings)
    drop = find_running_lines(first, [float(p.height) for p in plumber_pages], rules)
    pages: list[Page] = []
    for i, (p, chars) in enumerate(zip(plumber_pages, raw_chars)):
        bad = [(b.x0 - 0.5, b.top - 0.5, b.x1 + 0.5, b.bottom + 0.5) for b in (first[i][j] for j in drop[i])]
        pages.append(Page(i + 1, p, chars, layer=layers[i] if layers[i] != "none" else "native",
                          ocr=ocr_pages.get(i), lines=[ln for j, ln in enumerate(first[i]) if j not in drop[i]],
                          drop=bad, columns=columns[i]))

    counted = [x for x in layers if x != "none"]
    if "legacy-vni" in counted:
        layer = "legacy-vni"
    elif "legacy-tcvn3" in counted:
        layer = "legacy-tcvn3"
    elif counted and all(x == "ocr" for x in counted):
        layer = "ocr"
    elif "native" in counted:
        layer = "native"
    else:
        layer = "ocr" if counted else "native"
    return Source(str(path), sha, pages, layer, issues, pdf, page_layers=verdicts)


_NFC: dict[str, str] = {}          # glyph text -> its NFC (documents repeat a few hundred texts)


def nfc_texts(chars: list[dict]) -> bool:
    """Every glyph's text made NFC, in place (tx.nfc, each distinct text normalised once).
    Whether any text changed."""
    cache = _NFC
    if len(cache) > 1 << 16:
        cache.clear()
    changed = {}                     # the page's texts that NFC changes (most pages: none)
    for t in set(map(_TEXT, chars)):
        n = cache.get(t)
        if n is None:
            n = cache[t] = tx.nfc(t)
        if n != t:
            changed[t] = n
    if changed:
        for c in chars:
            n = changed.get(c["text"])
            if n is not None:
                c["text"] = n
    return bool(changed)


def _read_page(i: int, p, raw_chars: list, path: Path, limits: Limits, can_ocr: bool, ocr: bool,
               ocr_pages: dict, issues: list, layers: list, verdicts: list) -> Optional[str]:
    """One page's text layer: legacy encodings converted (else NFC), its verdict, OCR when the
    verdict asks for it (raw_chars[i] replaced by the OCR words), its layer and issue recorded.
    A watermark's glyphs are taken out first (readers.watermark). The legacy encoding its
    glyphs were converted from ("vni", "tcvn3"), else None."""
    n = i + 1
    chars = raw_chars[i] = remove_watermark(raw_chars[i], n, issues)
    visible = text_layer.visible_glyphs(chars)
    # the visible glyphs' texts joined once, for both legacy tests
    text = "".join(map(_TEXT, visible))
    legacy = None
    same = None                    # `visible` when no text changed below
    if visible and looks_vni(visible, text):
        convert_legacy(chars, "vni")
        legacy = "vni"
    elif visible and looks_tcvn3(visible, text):
        convert_legacy(chars, "tcvn3")
        legacy = "tcvn3"
    elif not nfc_texts(chars):
        # the glyphs as they were when `visible` was taken: the verdict reads the same list
        same = visible
    paths = 0 if visible else _path_count(p)
    v = text_layer.page_verdict(chars, _page_images(p), float(p.width), float(p.height), paths, legacy,
                                visible=same)
    read_as = "none" if v.verdict == "empty" else "text"
    # an "empty" page is OCR'd too: what the reader cannot see (a shading, an unusual image
    # object) may still print text; OCR then finds it, or nothing
    if (v.ocr or v.verdict == "empty") and can_ocr:
        try:
            ocr_pages[i] = ocr_image_page(p, n, max_pixels=limits.max_ocr_pixels,
                                          drop_text=(path if v.verdict in DROP_TEXT else None))
            raw_chars[i] = list(ocr_pages[i].words)
            read_as = "ocr" if raw_chars[i] or v.verdict != "empty" else "none"
        except LimitExceeded:
            raise                  # the caller closes the file and names it
        except Exception as e:  # tesseract failure on one page: keep going
            issues.append(Issue("warning", "ocr-failed", f"Không nhận dạng được chữ trang {n} "
                                f"(OCR failed: {type(e).__name__})", n))
    check = None
    if v.verdict == "scan-sound-layer" and can_ocr:
        # the scanner's layer is used; read against OCR of the image, the rows on it are doubted
        # only where the two readings differ (checks.rows), or all of them when they mostly do
        try:
            page_ocr = ocr_image_page(p, n, max_pixels=limits.max_ocr_pixels, drop_text=path)
            check = text_layer.compare_with_ocr(chars, page_ocr.words)
        except LimitExceeded:
            raise
        except Exception:      # tesseract failure: the layer stays unchecked (and doubted)
            check = None
    if read_as != "ocr" and v.verdict in ("garbled", "scan-overlay"):
        raw_chars[i] = []          # glyph codes and overlay lines are never body text
        read_as = "none"
    if read_as == "text" and not visible:
        read_as = "none"
    layers.append("ocr" if read_as == "ocr" else "none" if read_as == "none"
                  else f"legacy-{legacy}" if legacy else "native")
    verdicts.append(PageLayer(n, v.verdict, read_as, list(v.overlay), ocr_check=check))
    issue = text_layer.page_issue(v, n, read_as, "ran" if can_ocr else "off" if not ocr else "missing", check)
    if issue is not None:
        issues.append(Issue(*issue))
    return legacy
