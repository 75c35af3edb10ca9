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
_LETTERS = re.compile(r"^[a-zđăâêôơư]+$")


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
        if nucleus in _NUCLEI:
            return True
    return False


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The letter runs of `text`, in order (punctuation, digits and symbols split them)."""
    return _WORD.findall(text or "")


def is_fragment(token: str) -> bool:
    """A lower-case letter run that cannot be a Vietnamese syllable: a piece of a cut word.
    Capitalised and upper-case tokens (names, abbreviations such as UBND) are never fragments."""
    return token.islower() and not is_syllable(token)
