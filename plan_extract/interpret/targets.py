"""Target cells and prose -> `model.Target`; year / stage column labels -> target keys.

Pure functions on strings, shared by indicators.py (appendix grids) and body.py (prose
targets under "Mục tiêu"). Vietnamese number writing: "," is the decimal mark, "." groups
thousands ("1,0" -> 1.0, "1.200" -> 1200, "1.200,5" -> 1200.5); a lone "." followed by other
than three digits is read as a decimal point ("0.7"), the way some producers type it.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from plan_extract import vocab as vocab_files
from plan_extract.model.document import Target
from plan_extract.text import nfc, squash_spaces

# ---------------------------------------------------------------- numbers
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\w])")


def parse_number(text: str) -> Optional[float]:
    """'1,0' -> 1.0; '1.200' -> 1200.0; '1.200,5' -> 1200.5; '0.7' -> 0.7; '03' -> 3.0."""
    t = text.strip().replace(" ", "")
    if not t:
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
        return float(t.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d+", t):
        return float(t.replace(",", "."))
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    return None


# ---------------------------------------------------------------- operators
# vocab/targets.yaml: symbols first, then words (matched at the start of the cell, after an
# optional lead word: "Đạt trên 80%"), then suffixes ("80% trở lên").
_VOCAB = vocab_files.load("targets.yaml")
_SYMBOL_OPS = [(e["pattern"], e["op"]) for e in _VOCAB["symbols"]]
_WORD_OPS = [(e["pattern"], e["op"]) for e in _VOCAB["words"]]
_SUFFIX_OPS = [(e["pattern"], e["op"]) for e in _VOCAB["suffixes"]]
_LEAD_WORDS = "(?:" + "|".join(sorted((re.escape(e["word"]) for e in _VOCAB["lead_words"]), key=len, reverse=True)) + ")"
_BLANK = set(_VOCAB["blanks"])
_TAILS = "|".join(e["pattern"] for e in _VOCAB.get("tails", []))

_UNIT_WORD = re.compile(r"^[^\d\W][\w/.²³]*(?:\s[^\d\W][\w/.²³]*){0,3}$")


def _strip_marks(text: str) -> str:
    """Diacritics dropped, one char for one char ("tối thiếu" -> "toi thieu")."""
    out = []
    for c in text:
        if c in "Đđ":
            out.append("D" if c == "Đ" else "d")
            continue
        base = unicodedata.normalize("NFD", c)[0]
        out.append(base)
    return "".join(out)


# the operator patterns compiled once (parse_target runs them on every target cell)
_TAILS_RE = re.compile(rf"\s+(?:{_TAILS})\b.*$") if _TAILS else None
_LEAD_RE = re.compile(rf"^(?:{_LEAD_WORDS}\s*:?\s*)?")
_SYMBOL_RES = [(re.compile(rf"^(?:{pat})\s*"), o) for pat, o in _SYMBOL_OPS]
_WORD_RES = [(re.compile(rf"^(?:{pat})\b\s*:?\s*"), re.compile(rf"^(?:{_strip_marks(pat)})\b\s*:?\s*"), o)
             for pat, o in _WORD_OPS]
_SUFFIX_RES = [(re.compile(rf"\s*\b(?:{pat})\s*$"), o) for pat, o in _SUFFIX_OPS]
_SIGNED_NUMBER = re.compile(r"^[+\-]?\d")


def parse_target(raw: Optional[str], unit_of_measure: Optional[str] = None) -> Optional[Target]:
    """One target cell as printed -> Target; a blank cell -> None.

    op: one of = >= <= > < or None (a plain value); value: float or None when no single number
    is clear ("Hoàn thành", "80-90%"); unit: "%" when printed, else the row's unit of measure,
    else a short unit word printed after the number ("05 mô hình"), else None.
    """
    if raw is None:
        return None
    text = squash_spaces(nfc(str(raw)))
    if text in _BLANK:
        return None if text == "" else Target(raw=text)
    target = Target(raw=text)
    rest = text.lower()

    if _TAILS_RE is not None:
        # "... so với dân số của tỉnh": what the target is measured against, not its value
        rest = _TAILS_RE.sub("", rest)
    op = None
    m = _LEAD_RE.match(rest)
    rest = rest[m.end():]
    for pat, o in _SYMBOL_RES:
        m = pat.match(rest)
        if m:
            op, rest = o, rest[m.end():]
            break
    if op is None:
        # words compared without diacritics too: OCR turns "tối thiểu" into "tối thiếu"
        plain = _strip_marks(rest)
        for pat, pat_plain, o in _WORD_RES:
            m = pat.match(rest) or pat_plain.match(plain)
            if m and _SIGNED_NUMBER.match(rest[m.end():]):
                op, rest = o, rest[m.end():]
                break
    for pat, o in _SUFFIX_RES:
        m = pat.search(rest)
        if m:
            if op is None or op == ">=" and o == ">=" or op == "<=" and o == "<=":
                op = o
            rest = rest[:m.start()]
            break

    numbers = list(_NUMBER.finditer(rest))
    percent = "%" in rest
    if len(numbers) == 1:
        num = numbers[0]
        between = rest[:num.start()]
        after = rest[num.end():].strip()
        # "Đạt mức 3", "Mức độ 4", "Top 10": a level word before the number keeps the value
        if between.strip() and not re.fullmatch(r"[\s:(]*(?:mức(?: độ)?|cấp(?: độ)?|loại|hạng|top)?[\s:]*",
                                                 between):
            if op is None:
                return _with_unit(target, None, percent, unit_of_measure, None)
        target.value = parse_number(num.group(1))
        target.op = op
        word = None
        if not percent and after and _UNIT_WORD.match(after):
            word = text[len(text) - len(after):] if text.lower().endswith(after) else after
        return _with_unit(target, target.value, percent, unit_of_measure, word)
    # none or several numbers: keep raw, value unclear
    target.op = op if numbers else None
    return _with_unit(target, None, percent, unit_of_measure, None)


def _with_unit(target: Target, value, percent: bool, unit_of_measure, word) -> Target:
    if percent:
        target.unit = "%"
    elif unit_of_measure:
        target.unit = unit_of_measure
    elif word and value is not None:
        target.unit = word
    return target


# ---------------------------------------------------------------- year / stage labels
_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def period_key(label: Optional[str]) -> Optional[str]:
    """A column label naming a year or a stage -> its key, else None.

    "Năm 2025" -> "2025"; "2030" -> "2030"; "Giai đoạn 2026-2030" -> "2026-2030";
    "Phấn đấu theo từng giai đoạn / Năm 2025" -> "2025" (the bottom of a two-row header).
    """
    if not label:
        return None
    text = squash_spaces(nfc(label))
    last = text.split(" / ")[-1]
    for part in (last, text):
        m = _RANGE.search(part)
        if m:
            return f"{m.group(1)}-{m.group(2)}"
        years = _YEAR.findall(part)
        if len(years) == 1:
            return years[0]
    return None
