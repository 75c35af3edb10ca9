"""VNI Windows (the VNI typing software's VNI-Times, VNI-Helve ... fonts) <-> Unicode.

VNI is an 8-bit encoding that spells a Vietnamese vowel as its ASCII base letter followed by one
or two 8-bit mark characters: "aù" = á, "aâ" = â, "aá" = ấ, "aê" = ă, "aé" = ắ. ơ and ư are the
single characters "ô" / "ö", đ is "ñ", and the i letters and ỵ are single characters too
(í ì æ ó ò = í ì ỉ ĩ ị, î = ỵ). Capitals use the capital base letter and the capital of each
mark character ("COÄNG HOØA" = "CỘNG HÒA"). A PDF typed in VNI-Times carries these bytes in its
text layer, and text extraction shows them as the Latin-1 characters with the same code
("Phaùt trieån" for "Phát triển"); the font draws each mark glyph over the letter before it.

The table is built here from the mark rules (tone x vowel modifier), independently of the
pipeline's pipeline/vocab/legacy_vni.json, so the corpus gold never comes from the code under test.
"""
from __future__ import annotations

import unicodedata

from .tcvn3 import PUNCT_FALLBACK

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]   # none, sắc, huyền, hỏi, ngã, nặng
# mark characters (lowercase) for a plain vowel, after a circumflex, after a breve
PLAIN_MARKS = ["", "ù", "ø", "û", "õ", "ï"]
CIRCUMFLEX_MARKS = ["â", "á", "à", "å", "ã", "ä"]
BREVE_MARKS = ["ê", "é", "è", "ú", "ü", "ë"]
# the i letters and ỵ are single characters
I_LETTERS = ["i", "í", "ì", "æ", "ó", "ò"]
Y_DOT_BELOW = "î"
HORN_BASES = {"o": "ô", "u": "ö"}          # ơ, ư
D_BAR = "ñ"                                # đ


def _upper(s: str) -> str:
    return "".join(ch.upper() for ch in s)   # Latin-1 capitals: ù -> Ù, æ -> Æ, ñ -> Ñ


def _build() -> dict[str, str]:
    out: dict[str, str] = {}
    for base in "aeiouy":
        for mod in ["", "\u0302", "\u0306", "\u031b"]:
            if mod == "\u0302" and base not in "aeo" or mod == "\u0306" and base != "a" \
                    or mod == "\u031b" and base not in "ou":
                continue
            for t, tone in enumerate(TONES):
                letter = unicodedata.normalize("NFC", base + mod + tone)
                if len(letter) != 1 or letter == base:
                    continue
                if base == "i":
                    seq = I_LETTERS[t]
                elif base == "y" and t == 5:
                    seq = Y_DOT_BELOW
                elif mod == "\u0302":
                    seq = base + CIRCUMFLEX_MARKS[t]
                elif mod == "\u0306":
                    seq = base + BREVE_MARKS[t]
                elif mod == "\u031b":
                    seq = HORN_BASES[base] + PLAIN_MARKS[t]
                else:
                    seq = base + PLAIN_MARKS[t]
                out[letter] = seq
                out[letter.upper()] = _upper(seq)
    out["đ"], out["Đ"] = D_BAR, _upper(D_BAR)
    return out


#: Unicode letter -> VNI sequence (the Latin-1 characters a text layer reports)
UNICODE_TO_VNI: dict[str, str] = _build()
VNI_TO_UNICODE: dict[str, str] = {v: k for k, v in UNICODE_TO_VNI.items()}

#: 8-bit codes the VNI font draws as a mark over the letter before it -> the precomposed letter
#: whose marks the glyph shows (over "a" / "A")
MARK_GLYPHS: dict[str, str] = {}
for _letter, _seq in UNICODE_TO_VNI.items():
    if len(_seq) == 2 and _seq[0] in "aA":      # a / A take every mark
        MARK_GLYPHS[_seq[1]] = _letter
#: 8-bit codes the VNI font draws as a whole letter (ơ ư đ and the i letters, ỵ)
LETTER_GLYPHS: dict[str, str] = {seq: letter for letter, seq in UNICODE_TO_VNI.items() if len(seq) == 1}


def encode(text: str) -> str:
    """Unicode -> the VNI text layer (each byte as the Latin-1 character a PDF extractor shows)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in UNICODE_TO_VNI:
            out.append(UNICODE_TO_VNI[ch])
        elif ord(ch) < 0x80:
            out.append(ch)
        elif ch in PUNCT_FALLBACK:
            out.append(PUNCT_FALLBACK[ch])
        else:
            raise ValueError(f"{ch!r} has no VNI code")
    return "".join(out)


def decode(text: str) -> str:
    """The VNI text layer -> Unicode NFC (a two-character sequence before a single one)."""
    out, i = [], 0
    while i < len(text):
        if text[i:i + 2] in VNI_TO_UNICODE:
            out.append(VNI_TO_UNICODE[text[i:i + 2]])
            i += 2
        else:
            out.append(VNI_TO_UNICODE.get(text[i], text[i]))
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def _selfcheck() -> None:
    assert len(UNICODE_TO_VNI) == 134, len(UNICODE_TO_VNI)
    assert len(set(UNICODE_TO_VNI.values())) == 134
    assert set(MARK_GLYPHS) == {s[1] for s in UNICODE_TO_VNI.values() if len(s) == 2}
    assert not set(MARK_GLYPHS) & set(LETTER_GLYPHS)
    assert encode("Phát triển") == "Phaùt trieån"
    assert encode("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM"
    assert encode("người được Đà Nẵng, Đặng, Tỉnh ủy") == "ngöôøi ñöôïc Ñaø Naüng, Ñaëng, Tænh uûy"
    assert decode(encode("chương trình")) == "chương trình"


_selfcheck()
