"""Is this token a Vietnamese syllable? Phonotactics, not a dictionary.

Vietnamese is written one syllable per space-separated token, and a syllable has a fixed shape:
an optional initial consonant (b, ch, gh, ngh, qu, ...), a vowel nucleus with an optional glide
(a, oa, uyê, ươ, ...), and an optional final (c, ch, m, n, ng, nh, p, t). A column cut through a
word leaves pieces that break that shape ("nh", "hiệ" + "n" -> "n"): `is_syllable` is False for
them. Pieces that happen to be syllables ("ân") are not caught here; the cell-boundary checks in
rows.py look at them in context. Tone marks are ignored (any tone on any syllable); the vowel
letters keep their own marks (â, ă, ê, ô, ơ, ư).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}   # huyền, sắc, ngã, hỏi, nặng
_INITIALS = ("ngh", "ng", "nh", "gh", "gi", "kh", "ch", "ph", "qu", "th", "tr",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
# Vowel nucleus with its glides, as written (open rhymes may also end in i/y/o/u).
_NUCLEI = {
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "iê", "oa", "oă", "oe", "oi",
    "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "ya",
    "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
    "ưo", "uo",
}
#: Nuclei that end in an off-glide (or are the open diphthongs ia, ua, ưa): they take no final
#: consonant ("tài", never "taing"; "mùa", closed it is "muôn").
_OPEN_ONLY = {
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu", "ya",
}
_LETTERS = re.compile(r"^[a-zđăâêôơư]+$")
#: Combining marks a Vietnamese letter may carry: the five tones, breve (ă), circumflex (â ê ô),
#: horn (ơ ư). Any other (diaeresis ö, ring å, acute on a consonant ...) is not Vietnamese.
_HATS = {"\u0306", "\u0302", "\u031b"}   # breve, circumflex, horn
_VIET_MARKS = _TONES | _HATS


def _strip_tones(token: str) -> str:
    base = "".join(ch for ch in unicodedata.normalize("NFD", token.lower()) if ch not in _TONES)
    return unicodedata.normalize("NFC", base)


@lru_cache(maxsize=20000)
def is_syllable(token: str) -> bool:
    """True when `token` (letters only) can be one written Vietnamese syllable."""
    s = _strip_tones(token)
    if not _LETTERS.match(s):
        return False
    for ini in _INITIALS:
        if not s.startswith(ini):
            continue
        rest = s[len(ini):]
        if ini == "gi" and (rest == "" or _rhyme_ok("i" + rest)):   # "gì", "giữ", "giêng"
            return True
        if ini == "qu" and _rhyme_ok("u" + rest):
            return True
        if rest and _rhyme_ok(rest):
            return True
    return False


def _rhyme_ok(rhyme: str) -> bool:
    for fin in _FINALS:
        if fin and not rhyme.endswith(fin):
            continue
        nucleus = rhyme[:len(rhyme) - len(fin)] if fin else rhyme
        if nucleus in _NUCLEI and not (fin and nucleus in _OPEN_ONLY):
            return True
    return False


def _tone_position(token: str) -> Optional[int]:
    """Index (in the toneless word) of the letter carrying the tone mark; None without one;
    -1 when the word carries two tone marks."""
    pos, seen = None, -1
    for ch in unicodedata.normalize("NFD", token.lower()):
        if ch in _TONES:
            if pos is not None:
                return -1
            pos = seen
        elif not unicodedata.combining(ch):
            seen += 1
    return pos


def tone_misplaced(token: str) -> bool:
    """Two tone marks, or a tone on the closing glide of an open rhyme ("Quyù": the tone of
    "Quý" typed in VNI bytes sits on a trailing u): never in written Vietnamese."""
    pos = _tone_position(token)
    if pos is None:
        return False
    if pos == -1:
        return True
    s = _strip_tones(token)
    for ini in ("qu", "gi") + _INITIALS:
        if s.startswith(ini) and len(s) > len(ini):
            rest = s[len(ini):]
            rhyme = "u" + rest if ini == "qu" and len(rest) >= 2 else rest   # "quyù": u|yu
            if rhyme in _OPEN_ONLY and len(rhyme) >= 2:
                return pos == len(s) - 1
            break
    return False


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The letter runs of `text`, in order (punctuation, digits and symbols split them)."""
    return _WORD.findall(text or "")


def is_fragment(token: str) -> bool:
    """A lower-case letter run that cannot be a Vietnamese syllable: a piece of a cut word.
    Capitalised and upper-case tokens (names, abbreviations such as UBND) are never fragments."""
    return token.islower() and not is_syllable(token)


#: Consonant clusters that open syllables of the minority languages' place and person names
#: written in Vietnamese letters ("Krông", "Drắk", "Đắk", "Blang"): allowed in capitalised words.
_NAME_CLUSTERS = re.compile(r"^(?:[bcdđghklmnprstvx][lr]|[bcdđghklmnprstvx])?")


def _name_syllable(s: str) -> bool:
    """A capitalised token of a proper name: any consonant cluster, final k allowed ("Đắk")."""
    m = _NAME_CLUSTERS.match(s)
    for cut in range(m.end(), -1, -1):
        rest = s[cut:]
        if rest.endswith("k"):
            rest = rest[:-1] + "c"
        if rest and _rhyme_ok(rest):
            return True
    return False


@lru_cache(maxsize=1 << 16)     # a pure function of one token: documents repeat their words
def is_garbled(token: str) -> bool:
    """A letter run with a Vietnamese or foreign mark that cannot be written Vietnamese: a
    letter with a mark no Vietnamese letter has ("ö", "ø"), a tone on the wrong letter or two
    tones ("Quyù"), or a marked word of impossible shape ("Naêm", "Thaùng"): text of a legacy
    8-bit font (VNI, TCVN3) read as Unicode, or an OCR misreading. Plain ASCII words (English,
    abbreviations, brand names), lone letters and all-capital abbreviations are never garbled.
    Known gap: a loanword written as one word ("Lênin", "amiăng") is garbled by this test."""
    if token.isascii() or not token.isalpha() or len(token) == 1:
        return False                  # a lone letter is a list marker ("đ)") or an initial
    if token.isupper() and len(token) > 1:
        return False
    decomposed = unicodedata.normalize("NFD", token)
    if any(unicodedata.combining(c) and c not in _VIET_MARKS for c in decomposed):
        return True
    if any(not unicodedata.combining(c) and not c.isascii() and c.lower() != "đ" for c in decomposed):
        return True                   # ø, ß, æ, Cyrillic ...: letters outside the alphabet
    if tone_misplaced(token):
        return True
    if token.islower():
        return not is_syllable(token)
    if token[0].isupper() and token[1:].islower():
        s = _strip_tones(token)
        return not (is_syllable(token) or (_LETTERS.match(s) and _name_syllable(s)))
    return False                      # mixed case: the cut-word check looks at those


#: A Latin-1 symbol (U+00A1-U+00BF: "¸", "¨", "©", "µ", "¹", ...) touching a letter inside a word:
#: how the letters of a TCVN3 (.VnTime) font read when taken as Latin-1 ("Th¸ng" for "Tháng",
#: "N¨m" for "Năm"). The degree sign, micro, plus-minus and the guillemets are left out
#: ("25°C", "«...»").
_LEGACY_SYMBOL = re.compile(r"(?<=[^\W\d_])[\u00a1-\u00af\u00b2-\u00b4\u00b6-\u00ba\u00bc-\u00bf]"
                            r"|[\u00a1-\u00af\u00b2-\u00b4\u00b6-\u00ba\u00bc-\u00bf](?=[^\W\d_])")


def garbled_words(text: Optional[str]) -> list[str]:
    """The garbled letter runs of a text, in order, and the words in which a Latin-1 symbol
    touches a letter (a TCVN3 font read as Latin-1)."""
    out: list[str] = []
    for token in (text or "").split():
        out += _garbled_in(token)
    return out


@lru_cache(maxsize=1 << 16)     # a pure function of one token: documents repeat their words
def _garbled_in(token: str) -> tuple[str, ...]:
    """garbled_words of one whitespace token."""
    if _LEGACY_SYMBOL.search(token.replace("«", "").replace("»", "")):
        return (token,)
    return tuple(w for w in words(token) if is_garbled(w))
