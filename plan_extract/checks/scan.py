"""Rows read by OCR: what the document's own text says about their words.

tesseract's Vietnamese model reads most words of a clean scan right, with a mean word confidence
of 0.94-0.96 per cell, and still confuses tone marks at that confidence: the hook above read as
the acute ("sửa đối" for "sửa đổi", "chuyến giao" for "chuyển giao", "Cống Dịch vụ công" for
"Cổng"), a tone lost or gained ("an nỉnh", "chỉ cho khoa học"). The cell's confidence does not
tell those cells apart (corpus scans: cells read right and cells with such a word both sit at
0.94-0.96). The document does: the same two words mostly come with the other tone elsewhere in it.

`tone_variants(cell, counts)` -> the words of a cell that the document's word pairs place less
well than a word differing from them only in its tone mark: beside each neighbour the other word
occurs at least as often as the word read (its own occurrence left out), and beside both together
at least MIN_VARIANT_COUNT times and more often; or, when the word read stands beside neither
neighbour anywhere else, the document writes the other-toned word RARE_RATIO times as often (and
MIN_COMMON times at least). Spellings that differ only in where the tone
mark sits ("hóa" / "hoá", "ủy" / "uỷ") are one word.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable, Optional

from plan_extract.checks.words import _TONES, _strip_tones, words

#: The other-toned pair must occur at least this often in the document to outweigh the reading.
MIN_VARIANT_COUNT = 2
#: Without support from its neighbours, a word is suspect when the document writes its other-toned
#: form RARE_RATIO times as often, and at least MIN_COMMON times.
RARE_RATIO = 5
MIN_COMMON = 5


def _words(text: Optional[str]) -> list[str]:
    return [w.lower() for w in words(unicodedata.normalize("NFC", text or ""))]


def _tone(word: str) -> str:
    """The word's tone mark (or ""), wherever it is placed: "hóa" and "hoá" are one spelling."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if ch in _TONES)


class PairCounts:
    """Words and word pairs of a document's text (every line and cell); the words indexed by
    their toneless form."""

    def __init__(self, texts: Iterable[Optional[str]]):
        self.pairs: Counter = Counter()
        self.words: Counter = Counter()
        self.by_base: dict = defaultdict(set)
        for t in texts:
            ws = _words(t)
            self.pairs.update(zip(ws, ws[1:]))
            self.words.update(ws)
            for w in ws:
                self.by_base[_strip_tones(w)].add(w)

    def variant(self, prev: Optional[str], word: str, nxt: Optional[str]) -> Optional[tuple[str, int]]:
        """The other-toned word the document's pairs support in this place better than the word
        as read (its own occurrence left out): at least as often beside each neighbour, at least
        MIN_VARIANT_COUNT times and more often in all; the best such, with its count; else None."""
        best = None
        for other in sorted(self.by_base.get(_strip_tones(word), ())):
            if other == word or _tone(other) == _tone(word):
                continue
            read = seen = 0
            ok = True
            for pair, alt in (((prev, word), (prev, other)), ((word, nxt), (other, nxt))):
                if None in pair:
                    continue
                r, v = self.pairs[pair] - 1, self.pairs[alt]
                ok = ok and v >= r
                read, seen = read + r, seen + v
            if ok and seen >= MIN_VARIANT_COUNT and seen > read and (best is None or seen > best[1]):
                best = (other, seen)
            elif read == 0 and self.words[other] >= RARE_RATIO * self.words[word] and \
                    self.words[other] >= MIN_COMMON and (best is None or self.words[other] > best[1]):
                # the word as read stands nowhere else beside these neighbours, and the document
                # writes it with the other tone far more often
                best = (other, self.words[other])
        return best


def tone_variants(cell: Optional[str], counts: PairCounts) -> list[tuple[str, str, int]]:
    """(words as read, the same words with the other-toned word, how often the document writes
    it so) for each suspect word of the cell, in order."""
    ws = _words(cell)
    out: list[tuple[str, str, int]] = []
    for i, w in enumerate(ws):
        prev = ws[i - 1] if i else None
        nxt = ws[i + 1] if i + 1 < len(ws) else None
        hit = counts.variant(prev, w, nxt)
        if hit is None:
            continue
        other, n = hit
        around = [x for x in (prev, w, nxt) if x is not None]
        fixed = [other if x is w else x for x in around]
        out.append((" ".join(around), " ".join(fixed), n))
    return out


# ----------------------------------------------------------------------------- words read unsure

#: Cells of a row read by OCR whose unsure words are judged (source.ocr keys; "target:..." too):
#: the row number is left out (tesseract's restricted run reports 0 for numbers read right).
KEY_CELLS = ("text", "lead_raw", "coordinators_raw", "deadline_raw", "name", "unit_of_measure")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def word_key(token: str) -> str:
    """A token as compared with the document's other words: NFC, lower case, without the
    punctuation around it ("(DTIJ)" -> "dtij", "ninh," -> "ninh"; "KH&CN" keeps its "&")."""
    return _EDGE.sub("", unicodedata.normalize("NFC", token).lower())


class SureWords:
    """How often the document writes each word read with confidence: every token of its text
    lines and of its rows' cells, less the words read unsure (a Line's `unsure`, a cell's
    `source.ocr[field]["unsure"]`), one occurrence each."""

    def __init__(self):
        self.counts: Counter = Counter()

    def add(self, text: Optional[str], unsure: Iterable[str] = ()) -> None:
        c = Counter(word_key(t) for t in (text or "").split())
        c.subtract(word_key(t) for u in unsure for t in u.split())
        self.counts.update({k: n for k, n in c.items() if n > 0 and k})

    def __getitem__(self, key: str) -> int:
        return self.counts[key]


def unsure_words(row, sure: SureWords) -> list[tuple[str, str]]:
    """(source.ocr field, word) for each word of a key cell that OCR read below
    ocr.page.UNSURE_CELL_CONF and that the document writes nowhere else read with confidence
    (a word with a letter or a digit; punctuation alone is left out)."""
    out: list[tuple[str, str]] = []
    for field, entry in sorted((row.source.ocr or {}).items()):
        if field not in KEY_CELLS and not field.startswith("target:"):
            continue
        for item in entry.get("unsure") or ():
            for token in item.split():
                key = word_key(token)
                if key and any(ch.isalnum() for ch in key) and sure[key] == 0 and (field, token) not in out:
                    out.append((field, token))
    return out
