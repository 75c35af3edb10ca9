"""TCVN3 (TCVN 5712:1993 "VN3", the ABC / .VnTime fonts) <-> Unicode.

TCVN3 is an 8-bit encoding: ASCII stays ASCII; Vietnamese letters take byte values 0xA1-0xFE.
A PDF typed in .VnTime carries these bytes in its text layer, and text extraction shows them as
the Latin-1 / cp1252 characters with the same code ("Ph¸t triÓn" for "Phát triển").

The .VnTime font has all lowercase letters and the seven capitals Ă Â Đ Ê Ô Ơ Ư. Capitals with
tone marks exist only in the companion capitals font (.VnTimeH), which puts the capital glyph at
the code of the lowercase letter: "CỘNG" typed in .VnTimeH is the bytes "CéNG". A converter that
does not know the font decodes such a code to the lowercase letter (see `decode(caps=...)`).

This table is shared with the pipeline's legacy-encoding converter: keep it complete.
"""
from __future__ import annotations

import unicodedata

# Unicode letter -> TCVN3 byte
UNICODE_TO_TCVN3: dict[str, int] = {
    # a
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    # đ
    "đ": 0xAE,
    # e
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    # i
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    # o
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    # u
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    # y
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
    # the seven capitals of the .VnTime font
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}

# TCVN3 byte -> Unicode letter (as the .VnTime font draws it)
TCVN3_TO_UNICODE: dict[int, str] = {b: ch for ch, b in UNICODE_TO_TCVN3.items()}

# The same, keyed by the character a text extractor shows for the byte (Latin-1 = cp1252 for
# 0xA0-0xFF): "¸" -> "á", "Ó" -> "ể", "\xad" (soft hyphen) -> "ư", ...
TCVN3_CHAR_TO_UNICODE: dict[str, str] = {chr(b): ch for b, ch in TCVN3_TO_UNICODE.items()}

# Capitals with tone marks (and ă â đ ê ô ơ ư capitals) are typed in .VnTimeH at the code of the
# lowercase letter: that code decodes to the capital in a caps-font run.
TCVN3_TO_UNICODE_CAPS: dict[int, str] = {
    b: (ch.upper() if ch.islower() else ch) for b, ch in TCVN3_TO_UNICODE.items()}

# Letters with tone marks that TCVN3 can only print with the capitals font
CAPS_FONT_ONLY = {ch.upper() for ch in UNICODE_TO_TCVN3 if ch.islower()} - set(UNICODE_TO_TCVN3)


#: Typographic punctuation the 8-bit legacy fonts lacked: typists used the ASCII forms.
PUNCT_FALLBACK = {"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."}


def encode(text: str, caps_font: bool = False) -> str:
    """Unicode -> the TCVN3 text layer (each byte as the Latin-1 character a PDF extractor
    shows). caps_font: the run is typed in .VnTimeH (capitals typed at the lowercase codes)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in UNICODE_TO_TCVN3 and not (caps_font and ch in "ĂÂÊÔƠƯĐ"):
            out.append(chr(UNICODE_TO_TCVN3[ch]))
        elif ch.lower() in UNICODE_TO_TCVN3 and ch != ch.lower():
            if not caps_font and ch not in UNICODE_TO_TCVN3:
                raise ValueError(f"{ch!r} needs the TCVN3 capitals font (caps_font=True)")
            out.append(chr(UNICODE_TO_TCVN3[ch.lower()]))
        elif ord(ch) < 0x80:
            out.append(ch)
        elif ch in PUNCT_FALLBACK:
            out.append(PUNCT_FALLBACK[ch])
        else:
            raise ValueError(f"{ch!r} has no TCVN3 code")
    return "".join(out)


def needs_caps_font(word: str) -> bool:
    return any(ch in CAPS_FONT_ONLY for ch in unicodedata.normalize("NFC", word))


def decode(text: str, caps: bool = False) -> str:
    """The TCVN3 text layer (Latin-1 characters) -> Unicode NFC. caps: the run was typed in
    the capitals font (.VnTimeH)."""
    table = TCVN3_TO_UNICODE_CAPS if caps else TCVN3_TO_UNICODE
    out = []
    for ch in text:
        o = ord(ch)
        out.append(table.get(o, ch) if 0xA0 <= o <= 0xFF else ch)
    return unicodedata.normalize("NFC", "".join(out))


def _selfcheck() -> None:
    # every Vietnamese lowercase letter with a vowel/tone mark is in the table (67 + 7 caps)
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
    for v in vowels:
        for t in tones:
            ch = unicodedata.normalize("NFC", v + t)
            if ch in "aeiouy":
                continue
            assert ch in UNICODE_TO_TCVN3, ch
    assert len(UNICODE_TO_TCVN3) == 74
    assert len(set(UNICODE_TO_TCVN3.values())) == len(UNICODE_TO_TCVN3)
    assert encode("Phát triển") == "Ph¸t triÓn"
    assert decode("Ph¸t triÓn") == "Phát triển"
    assert decode(encode("chương trình")) == "chương trình"


_selfcheck()
