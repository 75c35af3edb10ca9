"""The text helpers as they were before issue 14's rewrites (plan_extract/text.py at 4644bef),
kept verbatim as the reference that tests/test_text_same.py holds the faster forms to: the same
values, the same glyph objects in the same order, on the glyph lists the pipeline passes them."""
from __future__ import annotations

import operator
import unicodedata
from collections import Counter
from itertools import compress
from typing import Optional, Sequence

from plan_extract.text import (DEFAULT_LINE_TOLERANCE, DEFAULT_SPACE_GAP, is_bold_font, is_italic_font, mid_token,
                                nfc, squash_spaces)

_TOP = operator.itemgetter("top")
_BOTTOM = operator.itemgetter("bottom")
_X0 = operator.itemgetter("x0")
_GET_TEXT = operator.methodcaller("get", "text")
_NAN = float("nan")


def broken_mid_token(prev: Sequence[dict], nxt: Sequence[dict], left: float, right: float) -> bool:
    """Whether a cell line ends inside a token that goes on at the start of the next line.

    Writers break a token mid-word only when it is wider than the column (a date, a document
    number or an abbreviation in a narrow column: "31/10/202" + "5", "QLCN&SH" + "TT",
    "Văn phòng H" + "ĐND-UBND"). All must hold: the line fills the inner width (left/right:
    the cell box less padding) to less than the next glyph's width; the broken token (last
    fragment + first fragment) is wider than the inner width; and the junction is inside a
    token: digit|digit, "/"|any, digit and decimal mark|digit ("10," + "5%"), capital|capital,
    or a fragment without a vowel ("THƯỜ" +
    "NG"; Vietnamese syllables always have one). A capitalised code followed by a lower-case
    word ("UBND" | "xã") is a normal wrap.
    """
    # mid_token's first test (the line fills the inner width) on the two glyphs it reads, before
    # the tokens are read (most junctions end there)
    ink = [c for c in prev if not c["text"].isspace()]
    if not ink or prev[-1]["text"].isspace():
        return False                                     # line_end(prev) is None
    first = next((c for c in nxt if not c["text"].isspace()), None)
    if first is None or not right > left:                # line_start(nxt) is None
        return False
    inner = right - left
    if ink[-1]["x1"] - ink[0]["x0"] < inner - (first["x1"] - first["x0"]) - 0.5:
        return False
    return mid_token(line_end(prev), line_start(nxt), inner)


def line_end(chars: Sequence[dict]) -> Optional[dict]:
    """What the mid-token test needs of a line's end: its width and last token (text, width)."""
    tail = _tail(chars)
    if tail is None:
        return None
    first = next(c for c in chars if not c["text"].isspace())
    return {"line_width": chars[-1]["x1"] - first["x0"], "text": "".join(c["text"] for c in reversed(tail)),
            "width": tail[0]["x1"] - tail[-1]["x0"]}


def line_start(chars: Sequence[dict]) -> Optional[dict]:
    """What the mid-token test needs of a line's start: first glyph width, first token."""
    head = _head(chars)
    if head is None:
        return None
    return {"glyph_width": head[0]["x1"] - head[0]["x0"], "text": "".join(c["text"] for c in head),
            "width": head[-1]["x1"] - head[0]["x0"]}


def _tail(chars: Sequence[dict]) -> Optional[list[dict]]:
    """The glyphs of a line's last token, last first (None when the line ends with a space or
    has no ink), read from the line's end back to the first wide gap only."""
    if not chars or chars[-1]["text"].isspace():
        return None
    prev = chars[-1]
    tail = [prev]
    for j in range(len(chars) - 2, -1, -1):
        c = chars[j]
        if c["text"].isspace():
            continue
        if prev["x0"] - c["x1"] > DEFAULT_SPACE_GAP * max(prev.get("size") or 0, 1.0):
            break
        tail.append(c)
        prev = c
    return tail


def _head(chars: Sequence[dict]) -> Optional[list[dict]]:
    """The glyphs of a line's first token (None when the line has no ink), read from the first
    glyph that is not a space on to the first wide gap only."""
    prev = None
    head: list[dict] = []
    for c in chars:
        if c["text"].isspace():
            continue
        if prev is not None and c["x0"] - prev["x1"] > DEFAULT_SPACE_GAP * max(prev.get("size") or 0, 1.0):
            break
        head.append(c)
        prev = c
    return head or None


def chars_to_line_groups(chars: Sequence[dict], tolerance: float = DEFAULT_LINE_TOLERANCE) -> list[list[dict]]:
    """Chars -> visual lines (top to bottom), each a list of chars sorted left to right.

    Glyphs share a line when their vertical extents overlap by most of the smaller glyph
    (diacritics and mixed sizes stay on their base line).
    """
    glyphs = list(compress(chars, map(_GET_TEXT, chars)))     # a text, not None or ""
    glyphs.sort(key=_TOP)
    lines: list[list[dict]] = []
    tops: list[float] = []           # per line: top and bottom so far (the last line's in
    bottoms: list[float] = []        # ltop / lbottom while it is the last)
    n = 0
    last: list[dict] = []
    ltop = lbottom = 0.0
    # a top and bottom that joined the last line as it stands without moving its extent: a
    # glyph with the same ones passes the same test (most glyphs of a line, one after another
    # in the order by top); NaN, equal to nothing, while there is none
    gtop = gbottom = _NAN
    for c, ctop, cbottom in zip(glyphs, map(_TOP, glyphs), map(_BOTTOM, glyphs)):
        if ctop == gtop and cbottom == gbottom:
            last.append(c)
            continue
        h = cbottom - ctop
        if 1.0 > h:
            h = 1.0
        mid = (ctop + cbottom) / 2
        slack = tolerance * h
        if n:
            # the last line first (most glyphs join it)
            if ltop - slack <= mid <= lbottom + slack and \
                    abs(mid - (ltop + lbottom) / 2) <= (h if h >= lbottom - ltop else lbottom - ltop) * 0.5:
                last.append(c)
                if ctop < ltop or cbottom > lbottom:
                    if ctop < ltop:
                        ltop = ctop
                    if cbottom > lbottom:
                        lbottom = cbottom
                    gtop = gbottom = _NAN
                else:
                    gtop, gbottom = ctop, cbottom
                continue
            tops[n - 1] = ltop
            bottoms[n - 1] = lbottom
            i = n - 2
            stop = n - 4 if n > 3 else -1
        else:
            i = stop = -1
        while i > stop:                      # then the two lines before it, the later first
            top = tops[i]
            bottom = bottoms[i]
            if top - slack <= mid <= bottom + slack and \
                    abs(mid - (top + bottom) / 2) <= (h if h >= bottom - top else bottom - top) * 0.5:
                lines[i].append(c)
                if ctop < top:
                    tops[i] = ctop
                if cbottom > bottom:
                    bottoms[i] = cbottom
                break
            i -= 1
        else:                                # a new line
            last = [c]
            lines.append(last)
            tops.append(ctop)
            bottoms.append(cbottom)
            ltop, lbottom = ctop, cbottom
            gtop = gbottom = _NAN
            n += 1
    if n:
        tops[n - 1] = ltop
        bottoms[n - 1] = lbottom
    for line in lines:
        if len(line) > 1:
            line.sort(key=_X0)
    order = sorted(range(n), key=tops.__getitem__)
    return [lines[i] for i in order]


def chars_to_text(chars: Sequence[dict], space_gap: float = DEFAULT_SPACE_GAP) -> str:
    """One visual line of chars (sorted left to right) -> text, spaces from gaps or space glyphs."""
    parts: list[str] = []
    append = parts.append
    prev = None
    spaced = False                   # the text so far ends with a space
    combining = unicodedata.combining
    # the gap is measured against space_gap × a size of at least 1: a gap within space_gap
    # itself (most glyphs of a word) holds no space, whatever the sizes
    quick = space_gap >= 0
    for c in chars:
        t = c["text"]
        if prev is not None and not spaced and not t.isspace():
            gap = c["x0"] - prev["x1"]
            if not (quick and gap <= space_gap):
                size = c.get("size") or 0            # max(size, previous size, 1.0)
                other = prev.get("size") or 0
                if other > size:
                    size = other
                if 1.0 > size:
                    size = 1.0
                if gap > space_gap * size and not combining(t[0]):
                    append(" ")
        append(t)
        spaced = t.endswith(" ")
        prev = c
    return nfc(squash_spaces("".join(parts)))


def _font_share(chars: Sequence[dict], test) -> float:
    """share(chars, test(fontname)), each font of the glyphs tested once (a cell or line is set
    in one or two fonts): the same counts, the same quotient."""
    fonts = Counter([c.get("fontname", "") for c in chars if not c["text"].isspace()])
    if not fonts:
        return 0.0
    return sum(n for f, n in fonts.items() if test(f)) / sum(fonts.values())


def chars_bold(chars: Sequence[dict]) -> bool:
    return _font_share(chars, is_bold_font) > 0.5


def chars_italic(chars: Sequence[dict]) -> bool:
    return _font_share(chars, is_italic_font) > 0.5
