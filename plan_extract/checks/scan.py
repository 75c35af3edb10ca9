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
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from plan_extract.checks.words import _HATS, _TONES, _VIET_MARKS, _strip_tones, words

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


def _base(word: str) -> str:
    """A word without its tone mark and with "đ" as "d": the words tesseract confuses at full
    confidence ("sửa đối" for "sửa đổi", "dường" for "đường") share it."""
    return _strip_tones(word).replace("đ", "d")


class PairCounts:
    """Words and word pairs of a document's text (every line and cell); the words indexed by
    their toneless form with "đ" as "d" (_base)."""

    def __init__(self, texts: Iterable[Optional[str]]):
        self.pairs: Counter = Counter()
        self.words: Counter = Counter()
        self.by_base: dict = defaultdict(set)
        for t in texts:
            ws = _words(t)
            self.pairs.update(zip(ws, ws[1:]))
            self.words.update(ws)
            for w in ws:
                self.by_base[_base(w)].add(w)

    def variant(self, prev: Optional[str], word: str, nxt: Optional[str]) -> Optional[tuple[str, int]]:
        """The other-toned word (or the word with "đ" for "d", or "d" for "đ") the document's
        pairs support in this place better than the word as read (its own occurrence left out):
        at least as often beside each neighbour, at least MIN_VARIANT_COUNT times and more often
        in all; the best such, with its count; else None."""
        best = None
        for other in sorted(self.by_base.get(_base(word), ())):
            if other == word or (_tone(other) == _tone(word) and ("đ" in other) == ("đ" in word)):
                continue          # the same word, its tone mark placed elsewhere ("hóa", "hoá")
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


# ----------------------------------------------------------------------------- words no dictionary has

#: The Vietnamese syllables in use (Debian's hunspell-vi, installed by scripts/setup.sh): one
#: syllable a line after the count line, old-style tone placement ("hoá", "uỷ").
SYLLABLE_DICTIONARIES = ("/usr/share/hunspell/vi_VN.dic", "/usr/share/myspell/dicts/vi_VN.dic")


def _key(word: str) -> tuple[str, str]:
    """A syllable as compared with the dictionary: its letters without the tone mark, and the
    tone mark, wherever it sits ("hóa" and "hoá" are one syllable)."""
    return _strip_tones(word), _tone(word)


@lru_cache(maxsize=1)
def syllables() -> Optional[frozenset]:
    """The dictionary's syllables as _key()s, or None when no dictionary is installed (the
    checks that need it then do not run)."""
    for path in SYLLABLE_DICTIONARIES:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        out = set()
        for ln in lines[1:]:
            w = unicodedata.normalize("NFC", ln.split("/")[0].strip()).lower()
            if w:
                out.add(_key(w))
        return frozenset(out)
    return None


_LETTERS = re.compile(r"[^\W\d_]+")
#: What may stand around a word in running text: stripped before the word is looked up.
WORD_EDGES = ".,;:()[]{}\"'“”‘’…!?-–—/"


def unattested_words(cell: Optional[str], known: Iterable[str] = ()) -> list[str]:
    """The words of a cell shaped like a Vietnamese syllable (checks.words.is_syllable: an
    initial, a nucleus, a final, one tone mark) that the syllable dictionary does not have and
    that `known` (words the document writes from a sound text layer, lower case) does not hold:
    "Tõ chức", "chãp hành" read by OCR. Abbreviations and names in capitals, words with inner
    capitals or digits, and shapes no Vietnamese syllable has (foreign names, "Đắk") are left
    to the other checks. [] without a dictionary."""
    from plan_extract.checks.words import is_syllable
    vocab = syllables()
    if vocab is None:
        return []
    known = set(known)
    out: list[str] = []
    for token in unicodedata.normalize("NFC", cell or "").split():
        word = token.strip(WORD_EDGES)
        if not word or not _LETTERS.fullmatch(word) or len(word) < 2:
            continue
        if any(ch.isupper() for ch in word[1:]):
            continue                  # HĐND, VNeID
        low = word.lower()
        if low in known or not is_syllable(low) or _key(low) in vocab:
            continue
        if word not in out:
            out.append(word)
    return out


# ----------------------------------------------------------------------------- word pairs the vocabulary knows

#: The vocabulary files whose text is Vietnamese written right (not ocr_fixes.yaml, whose
#: examples are misreadings, nor checks.yaml's examples).
VOCAB_FILES = ("units.yaml", "headers.yaml", "header_groups.yaml", "columns.yaml", "deadlines.yaml", "body.yaml",
               "abbreviations.yaml", "doc_types.yaml", "targets.yaml", "plan_period.yaml")


@lru_cache(maxsize=1)
def vocab_pairs() -> frozenset:
    """Every pair of neighbouring words (lower case, as _key()s) in the project's vocabulary
    files: unit names, header labels, deadline and body phrases, written right by hand."""
    from plan_extract import vocab as vocab_files
    texts: list[str] = []

    def walk(x) -> None:
        if isinstance(x, str):
            texts.append(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)
    for name in VOCAB_FILES:
        walk(vocab_files.load(name))
    return frozenset(pair_keys(texts))


_PUNCT = re.compile(r"[^\w\s]+")


def _word_runs(text: str) -> Iterable[list[str]]:
    """The words (letters only) of each stretch of `text` between punctuation."""
    for run in _PUNCT.split(text):
        yield [w for w in run.split() if _LETTERS.fullmatch(w)]


def pair_keys(texts: Iterable[Optional[str]]) -> set:
    """Pairs of neighbouring words (as _key()s) of texts written with Vietnamese marks; no
    pair across punctuation ("hồ sơ, kết quả" holds no "sơ kết"), none from a text without any
    mark (an ASCII lookup key, "ubnd xa")."""
    out: set = set()
    for t in texts:
        t = unicodedata.normalize("NFC", t or "").lower()
        if not any(ch in _VIET_MARKS for ch in unicodedata.normalize("NFD", t)):
            continue
        for ws in _word_runs(t):
            keys = [_key(w) for w in ws]
            out.update(zip(keys, keys[1:]))
    return out


def tone_slips(cell: Optional[str], sure_pairs: frozenset | set, evidence=None) -> list[tuple[str, str]]:
    """(pair as read, the pair with one word's tone mark changed) for each pair of neighbouring
    words of a cell read by OCR that no text written right holds (`sure_pairs`: the
    vocabulary's pairs and the document's own pairs from a sound text layer) while a pair
    differing from it in one tone mark is there: "Kiếm tra" where "kiểm tra" is known (in
    `evidence` when given: a part of `sure_pairs`)."""
    evidence = sure_pairs if evidence is None else evidence
    vocab = syllables()
    pairs = [(a, b) for ws in _word_runs(unicodedata.normalize("NFC", cell or "")) for a, b in zip(ws, ws[1:])]
    out: list[tuple[str, str]] = []
    for a, b in pairs:
        ka, kb = _key(a.lower()), _key(b.lower())
        if (ka, kb) in sure_pairs:
            continue
        for tone in ("", *_TONE_MARKS):
            for i, (base, mark) in enumerate((ka, kb)):
                if tone == mark:
                    continue
                other = (base, tone)
                if vocab is not None and other not in vocab:
                    continue
                alt = (other, kb) if i == 0 else (ka, other)
                if alt in evidence:
                    shown = _spell(other[0], tone, (a, b)[i])
                    fixed = f"{shown} {b}" if i == 0 else f"{a} {shown}"
                    item = (f"{a} {b}", fixed)
                    if item not in out:
                        out.append(item)
    return out


_TONE_MARKS = tuple(sorted(_TONES))    # huyền, sắc, ngã, hỏi, nặng: a fixed order for the messages
_VOWELS = "aeiouy"


def _spell(base: str, tone: str, like: str) -> str:
    """`like` (a word as read) with its tone mark changed to `tone` (for the message): on the
    vowel that bore the old one, else on the vowel with a hat or horn, else on the last vowel
    but one of an open rhyme, else on the last vowel."""
    nfd = [ch for ch in unicodedata.normalize("NFD", like) if ch not in _TONES]
    old = [i for i, ch in enumerate(unicodedata.normalize("NFD", like)) if ch in _TONES]
    if tone:
        if old:
            pos = old[0]
        else:
            vowels = [i for i, ch in enumerate(nfd) if ch.lower() in _VOWELS]
            hats = [i for i in vowels if i + 1 < len(nfd) and nfd[i + 1] in _HATS]
            if hats:
                pos = hats[-1] + 2
            elif len(vowels) >= 2 and vowels[-1] == len(nfd) - 1:
                pos = vowels[-2] + 1
            elif vowels:
                pos = vowels[-1] + 1
            else:
                pos = len(nfd)
        nfd.insert(pos, tone)
    return unicodedata.normalize("NFC", "".join(nfd))
