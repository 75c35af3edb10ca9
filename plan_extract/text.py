"""Shared text helpers: NFC, whitespace, the line-joining rule, font styles, chars -> lines.

Pure functions on plain values (strings and pdfplumber-style char dicts), used by read.py,
tables.py, stitch.py and rows.py so that every stage joins text the same way.
"""
from __future__ import annotations

import functools
import math
import operator
import re
import unicodedata
from collections import Counter
from itertools import compress, islice
from typing import Iterable, Optional, Sequence

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
# A line that ends with a hyphen glued to the token before it ("57-", "NQ-") continues that
# token on the next line ("57-" + "NQ/TW" -> "57-NQ/TW"). A free-standing dash ("Văn hóa -")
# is a separator and joins with a space.
_GLUED_HYPHEN = re.compile(r"\w[-‐‑]$")
# Punctuation that never follows a space: a line starting with it continues the previous token.
_CLOSING = set(",;.:)]}!?%")
# a year broken mid-number at a line end after a date's slash: "IV/202" + "6", "30/6/20" + "26"
_YEAR_HEAD = re.compile(r"(?<![\d/])(?:\d{1,2}/){0,2}[\dIVX]*/(\d{1,3})$")
_YEAR_TAIL = re.compile(r"(\d{1,3})(?![\d/])")

#: Fraction of the font size a horizontal gap must exceed to count as a space between glyphs.
DEFAULT_SPACE_GAP = 0.18
#: Fraction of the font size two glyph tops may differ by and still share a line.
DEFAULT_LINE_TOLERANCE = 0.45


def nfc(text: str) -> str:
    """NFC-normalised text (decomposed diacritics from some producers become one code point)."""
    return unicodedata.normalize("NFC", text)


def squash_spaces(text: str) -> str:
    """Runs of spaces (incl. no-break and thin spaces) -> one space; ends stripped."""
    if len(text) <= _SQUASH_CACHED_LEN:
        return _squash_short(text)
    return _SPACES.sub(" ", text).strip()


#: Texts up to this length are squashed through a cache: the stages squash the same cell and
#: line texts again and again (nine calls in ten repeat one, on the speed benchmark's plans);
#: the cap on length and entries keeps the cache under a few MB in a long batch.
_SQUASH_CACHED_LEN = 200


@functools.lru_cache(maxsize=1 << 13)
def _squash_short(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def join_lines(lines: Iterable[str], glued: Optional[Sequence[bool]] = None) -> str:
    """Visual lines of one cell or paragraph -> one string, as printed.

    Lines are joined with one space, except after a hyphen glued to a token ("57-" + "NQ/TW"),
    at a slash between digits (a date or number broken at its slash: "30/6/" + "2026", "15" +
    "/12/2026"), inside a date's year ("Quý IV/202" + "6": _year_broken), or where `glued[i]` says line i+1 continues a token broken mid-word at line i's end.
    """
    out = ""
    # the glued-hyphen test reads only the end of the text so far ("\w-" before an optional
    # final newline): out[-3:] matches exactly when out does, without rescanning all of it
    for i, line in enumerate(lines):
        line = squash_spaces(line)
        if not line:
            continue
        if not out:
            out = line
        elif (_GLUED_HYPHEN.search(out[-3:]) or line[0] in _CLOSING or (out[-1] == "/" and line[0].isdigit())
              or (line[0] == "/" and out[-1].isdigit()) or _year_broken(out, line)
              or (glued is not None and i > 0 and glued[i - 1])):
            out += line
        else:
            out += " " + line
    return nfc(out)


def _year_broken(out: str, line: str) -> bool:
    """A date's year cut by a line break ("Quý IV/202" + "6"): the line ends with a slash and one
    to three digits, the next opens with digits that make them four, and the four read as a
    year (1900-2099). Split, neither part is a year; joined, the date parses."""
    if not out[-1:].isdigit() or not line[:1].isdigit():
        return False
    a = _YEAR_HEAD.search(out[-16:])
    b = _YEAR_TAIL.match(line)
    if a is None or b is None or len(a.group(1)) + len(b.group(1)) != 4:
        return False
    return 1900 <= int(a.group(1) + b.group(1)) <= 2099


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
    # the line's first and last glyphs that are not spaces: its last glyph (a line ending with a
    # space has no token there), and the first from the start (only leading spaces are read)
    if not prev or prev[-1]["text"].isspace():
        return False                                     # line_end(prev) is None
    for head in prev:
        if not head["text"].isspace():
            break
    for first in nxt:
        if not first["text"].isspace():
            break
    else:
        return False                                     # line_start(nxt) is None
    if not right > left:
        return False
    inner = right - left
    if prev[-1]["x1"] - head["x0"] < inner - (first["x1"] - first["x0"]) - 0.5:
        return False
    return mid_token(line_end(prev), line_start(nxt), inner)


#: The marks that open a list item ("- ", "+ ", "• "): body bullets and role labels in a cell.
LIST_MARKS = "-–—+•*▪●◦\u2212"


def line_end(chars: Sequence[dict]) -> Optional[dict]:
    """What the mid-token test needs of a line's end: its width and last token (text, width)."""
    tail = _tail(chars)
    if tail is None:
        return None
    for first in chars:
        if not first["text"].isspace():
            break
    return {"line_width": chars[-1]["x1"] - first["x0"], "text": "".join(map(_TEXT, reversed(tail))),
            "width": tail[0]["x1"] - tail[-1]["x0"]}


def line_start(chars: Sequence[dict]) -> Optional[dict]:
    """What the mid-token test needs of a line's start: first glyph width, first token."""
    head = _head(chars)
    if head is None:
        return None
    return {"glyph_width": head[0]["x1"] - head[0]["x0"], "text": "".join(map(_TEXT, head)),
            "width": head[-1]["x1"] - head[0]["x0"]}


def mid_token(end: dict, start: dict, inner: float) -> bool:
    """broken_mid_token on line summaries (also used across a page break by stitch.py)."""
    if end["line_width"] < inner - start["glyph_width"] - 0.5:
        return False
    if end["width"] + start["width"] <= inner:
        return False
    a, b = end["text"][-1:], start["text"][:1]
    if (a.isdigit() and b.isdigit()) or a == "/" or (a.isupper() and b.isupper()):
        return True
    if a in ",." and end["text"][-2:-1].isdigit() and b.isdigit():
        return True                   # a decimal number broken at its mark: "10," + "5%"
    return a.isalpha() and b.isalpha() and a.islower() == b.islower() and \
        (not _has_vowel(start["text"]) or not _has_vowel(end["text"]))


def _has_vowel(text: str) -> bool:
    base = unicodedata.normalize("NFD", text.lower())
    return any(ch in "aeiouy" for ch in base)


has_vowel = _has_vowel      # every Vietnamese syllable has one: a fragment without is no word


def _parts_tokens(gap: float, glyph: dict) -> bool:
    """Whether a gap beside `glyph` is wider than DEFAULT_SPACE_GAP × its size (at least 1): a
    space between two tokens. Callers test gap > DEFAULT_SPACE_GAP first: a gap within it never
    parts tokens, whatever the size (most gaps of a word; their sizes are not read)."""
    size = glyph.get("size") or 0
    if 1.0 > size:
        size = 1.0
    return gap > DEFAULT_SPACE_GAP * size


def _tail(chars: Sequence[dict]) -> Optional[list[dict]]:
    """The glyphs of a line's last token, last first (None when the line ends with a space or
    has no ink), read from the line's end back to the first wide gap only."""
    if not chars:
        return None
    prev = chars[-1]
    if prev["text"].isspace():
        return None
    tail = [prev]
    x0 = prev["x0"]
    # a gap wider than DEFAULT_SPACE_GAP × the later glyph's size ends the token (_parts_tokens)
    for c in islice(reversed(chars), 1, None):
        if c["text"].isspace():
            continue
        gap = x0 - c["x1"]
        if gap > DEFAULT_SPACE_GAP and _parts_tokens(gap, prev):
            break
        tail.append(c)
        prev = c
        x0 = c["x0"]
    return tail


def _head(chars: Sequence[dict]) -> Optional[list[dict]]:
    """The glyphs of a line's first token (None when the line has no ink), read from the first
    glyph that is not a space on to the first wide gap only (_parts_tokens, against the earlier
    glyph's size)."""
    prev = None
    head: list[dict] = []
    for c in chars:
        if c["text"].isspace():
            continue
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            if gap > DEFAULT_SPACE_GAP and _parts_tokens(gap, prev):
                break
        head.append(c)
        prev = c
    return head or None


_BOLD = re.compile(r"bold|black|heavy|demi|[,\-]bi?(?:t)?$")
_ITALIC = re.compile(r"italic|oblique|[,\-]b?it?$")


@functools.lru_cache(maxsize=1024)
def is_bold_font(fontname: str) -> bool:
    """'ABCDEF+TimesNewRomanPS-BoldMT', 'Times New Roman,Bold', 'Arial,BoldItalic' -> True."""
    return bool(_BOLD.search((fontname or "").split("+", 1)[-1].lower()))


@functools.lru_cache(maxsize=1024)
def is_italic_font(fontname: str) -> bool:
    return bool(_ITALIC.search((fontname or "").split("+", 1)[-1].lower()))


def chars_to_line_groups(chars: Sequence[dict], tolerance: float = DEFAULT_LINE_TOLERANCE) -> list[list[dict]]:
    """Chars -> visual lines (top to bottom), each a list of chars sorted left to right.

    Glyphs share a line when their vertical extents overlap by most of the smaller glyph
    (diacritics and mixed sizes stay on their base line).
    """
    try:
        glyphs = list(compress(chars, map(_TEXT, chars)))     # a text, not None or ""
    except KeyError:                                          # a glyph without one
        glyphs = list(compress(chars, map(_GET_TEXT, chars)))
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


_TOP = operator.itemgetter("top")
_BOTTOM = operator.itemgetter("bottom")
_X0 = operator.itemgetter("x0")
_TEXT = operator.itemgetter("text")
_FONT = operator.itemgetter("fontname")
_GET_FONT = operator.methodcaller("get", "fontname", "")
_GET_TEXT = operator.methodcaller("get", "text")
_NAN = float("nan")


def chars_to_text(chars: Sequence[dict], space_gap: float = DEFAULT_SPACE_GAP) -> str:
    """One visual line of chars (sorted left to right) -> text, spaces from gaps or space glyphs."""
    # a space goes before a glyph that is not blank when the text so far does not end with one
    # and the gap to the previous glyph exceeds space_gap × the larger of their sizes (at least
    # 1), unless the glyph starts with a combining mark. Sizes are read only for a gap past
    # `floor`: space_gap itself when it is >= 0 (a gap within it holds no space at any size, as
    # most glyphs of a word); below 0 any gap may hold one; NaN holds none, as no gap exceeds it
    floor = -math.inf if space_gap < 0 else space_gap
    parts: list[str] = []
    append = parts.append
    combining = unicodedata.combining
    it = iter(chars)
    for prev in it:
        t = prev["text"]
        append(t)
        spaced = t[-1:] == " "       # the text so far ends with a space
        break
    else:
        return ""
    for c in it:
        t = c["text"]
        if not spaced and not t.isspace():
            gap = c["x0"] - prev["x1"]
            if gap > floor:
                size = c.get("size") or 0            # max(size, previous size, 1.0)
                other = prev.get("size") or 0
                if other > size:
                    size = other
                if 1.0 > size:
                    size = 1.0
                if gap > space_gap * size and not combining(t[0]):
                    append(" ")
        append(t)
        spaced = t[-1:] == " "
        prev = c
    return _tidy("".join(parts))


#: nfc(squash_spaces(text)) of line texts up to _SQUASH_CACHED_LEN, remembered (a line's text is
#: built again by each stage that reads it); cleared when it holds this many
_TIDY_MAX = 1 << 13
_TIDIED: dict[str, str] = {}


def _tidy(text: str) -> str:
    out = _TIDIED.get(text)
    if out is None:
        out = nfc(squash_spaces(text))
        if len(text) <= _SQUASH_CACHED_LEN:
            if len(_TIDIED) >= _TIDY_MAX:
                _TIDIED.clear()
            _TIDIED[text] = out
    return out


def split_line_on_gaps(chars: Sequence[dict], gap_factor: float) -> list[list[dict]]:
    """One visual line -> segments separated by horizontal gaps wider than gap_factor × size
    (side-by-side blocks such as the two-column letterhead)."""
    segments: list[list[dict]] = []
    segment: list[dict] = []
    prev_x1 = None
    quick = gap_factor >= 0          # a gap within gap_factor × 1 never cuts (size >= 1)
    for c in chars:
        if c["text"].isspace():
            if segments:
                segment.append(c)
            continue
        if prev_x1 is None:
            segment = [c]
            segments.append(segment)
        else:
            gap = c["x0"] - prev_x1
            if quick and gap <= gap_factor:
                segment.append(c)
            else:
                size = c.get("size") or 0
                if 1.0 > size:
                    size = 1.0
                if gap > gap_factor * size:
                    segment = [c]
                    segments.append(segment)
                else:
                    segment.append(c)
        prev_x1 = c["x1"]
    return segments


def ink_glyphs(chars: Sequence[dict]) -> list[dict]:
    """The glyphs whose text is not blank (str.isspace), in order."""
    return [c for c in chars if not c["text"].isspace()]


def share(chars: Sequence[dict], predicate) -> float:
    """Fraction of non-space chars for which predicate(char) holds (0 for none)."""
    ink = ink_glyphs(chars)
    if not ink:
        return 0.0
    return sum(1 for c in ink if predicate(c)) / len(ink)


def _font_share(chars: Sequence[dict], test) -> float:
    """share(chars, test(fontname)), each font of the glyphs tested once (a cell or line is set
    in one or two fonts): the same counts, the same quotient."""
    try:
        names = list(map(_FONT, chars))
    except KeyError:                 # a glyph without a font name (counted as "")
        names = list(map(_GET_FONT, chars))
    if names and names.count(names[0]) == len(names):
        # one font (most lines and cells): its share is 1 or 0 of the glyphs that are not spaces,
        # 0 when there are none
        if all(map(str.isspace, list(map(_TEXT, chars)))):
            return 0.0
        return 1.0 if test(names[0]) else 0.0
    fonts = Counter([c.get("fontname", "") for c in chars if not c["text"].isspace()])
    if not fonts:
        return 0.0
    return sum(n for f, n in fonts.items() if test(f)) / sum(fonts.values())


def chars_bold(chars: Sequence[dict]) -> bool:
    return _font_share(chars, is_bold_font) > 0.5


def chars_italic(chars: Sequence[dict]) -> bool:
    return _font_share(chars, is_italic_font) > 0.5


_TONES = "\u0300\u0301\u0303\u0309\u0323"          # grave, acute, tilde, hook, dot below
# NFD: o/u, then a/e/y carrying the tone, at the end of a syllable; not "qu" ("quý" stays).
_TONE_RE = re.compile(rf"(?<![qQ])(?P<v1>[oO](?=[aAeE])|[uU](?=[yY]))(?P<v2>[aAeEyY])(?P<t>[{_TONES}])"
                      r"(?![^\W\d_]|[\u0300-\u036f])")


@functools.lru_cache(maxsize=1 << 14)   # a pure function of one string: labels and words repeat
def normalise_tones(text: str) -> str:
    """One tone-mark placement (FORMAT.md): 'hoá' -> 'hóa', 'thuỷ' -> 'thủy', 'Uỷ' -> 'Ủy';
    'quý', 'hoạch', 'đoạn' untouched. Agrees with underthesea's text_normalize on every seed word
    (tests/test_units.py) without its re-spacing of punctuation."""
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _TONE_RE.sub(lambda m: m["v1"] + m["t"] + m["v2"], nfd))


@functools.lru_cache(maxsize=1 << 14)   # a pure function of one string: header labels repeat
def match_key(text: str) -> str:
    """Lower-case, NFC, new tone-mark placement, dashes unified, punctuation -> space, squashed.
    For comparing labels by meaning, never for output."""
    t = nfc(text).lower()
    t = normalise_tones(t)
    t = re.sub(r"[‐‑‒–—]", "-", t)
    t = re.sub(r"[^\w%/-]+", " ", t)
    return squash_spaces(t)


def ascii_fold(text: str) -> str:
    """Diacritics dropped, đ -> d: for identifiers and file names only, never for output text."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
