"""Numbered lists of targets written in prose -> (name, raw target, period key) per clause.

    "(1) Tổng sản phẩm trên địa bàn (GRDP) theo giá hiện hành đến năm 2030 đạt 361,6 nghìn tỷ
    đồng. Cơ cấu kinh tế: Công nghiệp, xây dựng 54,6%; dịch vụ ... 36,5%; ..."
    -> ("Tổng sản phẩm trên địa bàn (GRDP) theo giá hiện hành", "361,6 nghìn tỷ đồng", "2030"),
       ("Cơ cấu kinh tế: Công nghiệp, xây dựng", "54,6%", "2030"), ...

Grammar (phrases in vocab/prose_targets.yaml, operators in vocab/targets.yaml):
- an item is cut into sentences at ". " and into clauses at ";" (decimal commas and thousands
  dots stay inside their number: "1.845,7 nghìn người"); ", trong đó ..." opens a sub-part whose
  name is the clause's name + ", " + the part as printed;
- a clause may open with a period phrase ("Đến năm 2030,", "Phấn đấu giai đoạn 2026 - 2030,",
  "Hằng năm,") and an opener ("phấn đấu"); a year phrase right before the verb is the period too;
- value at the end: <name> [verb] [lead] [comparator] <number> [unit] [trở lên] [so với ...];
  the name holds no other figure (else the end value qualifies something: no row);
- value first: [... có / đảm bảo] <percent> <noun phrase> (", " separates several);
  "X có ít nhất 01 câu lạc bộ ..." (no percent): name X, the rest is the target;
- value inside: "... cho 100% các đối tượng ..." -> the phrase without the value;
- a clause with no name of its own ("Đạt trên 8 triệu đồng/tháng") takes the item's last name;
- key: the clause's own period, else the period of the item's first clause, else `term`
  (the heading's period). A clause without a figure is a goal, not a target: no row.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex as re

from plan_extract import vocab as vocab_files
from plan_extract.text import nfc, squash_spaces


@dataclass
class ProseTarget:
    name: str
    raw: str
    key: Optional[str]


@lru_cache(maxsize=None)
def vocab() -> dict:
    return vocab_files.load("prose_targets.yaml")


def _alt(phrases) -> str:
    return "|".join(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=None)
def _grammar() -> dict:
    v = vocab()
    ops = vocab_files.load("targets.yaml")
    comparators = "|".join(e["pattern"] for e in ops["words"]) + "|" + _alt(
        re.escape(e["phrase"]) for e in v["value_leads"] if e["phrase"] == "khoảng")
    leads = _alt(re.escape(e["phrase"]) for e in v["value_leads"] if e["phrase"] != "khoảng")
    number = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    unit_word = r"(?!trở\b|so\b)[^\d\W][\w/]*"
    tails = "|".join(e["pattern"] for e in ops.get("tails", []))
    value = (rf"(?:(?:{leads})\s+)?(?:(?:{comparators})\s+)?(?:{number})"
             rf"(?:\s*%(?:/\p{{L}}+)?|\s+{unit_word}(?:\s+{unit_word}){{0,3}})?"
             rf"(?:\s+trở\s+(?:lên|xuống))?(?:\s+(?:{tails})\s+[^,;]+)?")
    percent = rf"(?:(?:{comparators})\s+)?(?:{number})\s*%"
    periods = [(re.compile(rf"(?i)^(?:{e['pattern']})\s*,?\s*"), e["key"]) for e in v["period_phrases"]]
    return {
        "item": re.compile(rf"^(?P<num>{_alt(e['pattern'] for e in v['item_markers'])})\s+(?P<text>\S.*)$"),
        "periods": periods,
        "period_end": [(re.compile(rf"(?i)\s+(?:{e['pattern']})$"), e["key"]) for e in v["period_phrases"]
                       if e["key"] != "term"],
        "period_in": [(re.compile(rf"(?i)(?:{e['pattern']})"), e["key"]) for e in v["period_phrases"]
                      if e["key"] != "term"],
        "opener": re.compile(rf"(?i)^(?:{_alt(e['pattern'] for e in v['openers'])})\s+"),
        "end": re.compile(rf"(?i)^(?P<name>.*?)\s*(?:(?<!\S)(?:{_alt(re.escape(e['phrase']) for e in v['verbs'])})\s+)?"
                          rf"(?<!\S)(?P<value>{value})$"),
        "first": re.compile(rf"(?i)^(?P<pre>.*?)(?:(?<!\S)(?:{_alt(re.escape(e['phrase']) for e in v['value_first_verbs'])})\s+)?"
                            rf"(?<!\S)(?P<rest>{percent}\s+\p{{L}}.*)$"),
        "has_first_verb": re.compile(rf"(?i)(?<!\S)(?:{_alt(re.escape(e['phrase']) for e in v['value_first_verbs'])})\s+$"),
        "count": re.compile(rf"(?i)^(?P<pre>.+?)\s+có\s+(?P<rest>(?:(?:{comparators})\s+)?(?:{number})\s+\p{{L}}.*)$"),
        "inside": re.compile(rf"(?i)^(?P<pre>.+?(?<!\S)(?:{_alt(re.escape(e['phrase']) for e in v['value_inside_after'])}))"
                             rf"\s+(?P<value>{percent})\s+(?P<post>[^,]+)"),
        "percent_split": re.compile(rf"(?i),\s+(?={percent}\s)"),
        "percent": re.compile(percent),
        "subpart": re.compile(rf"(?i),\s*(?=(?:{_alt(e['pattern'] for e in v['subpart_cues'])})\b)"),
        "subpart_start": re.compile(rf"(?i)^(?:{_alt(e['pattern'] for e in v['subpart_cues'])})\b"),
        "figure": re.compile(r"(?<![\w])\d"),
    }


def split_item(text: str) -> Optional[tuple[str, str]]:
    """"(12) Đến năm 2030, ..." -> ("(12)", "Đến năm 2030, ..."); not an item -> None."""
    m = _grammar()["item"].match(squash_spaces(nfc(text)))
    return (m.group("num"), m.group("text")) if m else None


def _key(m, kind: str, term: Optional[str]) -> Optional[str]:
    if kind == "year":
        return m.group(1)
    if kind == "range":
        return f"{m.group(1)}-{m.group(2)}"
    return term


def _outside_brackets(text: str) -> str:
    return re.sub(r"\([^()]*\)", " ", text)


def _non_year_figure(text: str) -> bool:
    plain = re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", " ", _outside_brackets(text))
    return bool(_grammar()["figure"].search(plain))


def _cap(s: str) -> str:
    s = s.strip(" ,:")
    return s[:1].upper() + s[1:]


def _clause_period(c: str, term: Optional[str]) -> tuple[str, Optional[str]]:
    """Strip the opening period phrase and opener; -> (rest, key or None)."""
    g = _grammar()
    key = None
    for _ in range(2):
        for rx, kind in g["periods"]:
            m = rx.match(c)
            if m and m.end() < len(c):
                key, c = _key(m, kind, term), c[m.end():]
                break
        m = g["opener"].match(c)
        if m:
            c = c[m.end():]
    return c, key


def _name_period(name: str) -> tuple[str, Optional[str]]:
    """A year phrase closing the name is the period (dropped); one inside it (outside brackets)
    keys the target and stays in the name."""
    g = _grammar()
    for rx, kind in g["period_end"]:
        m = rx.search(name)
        if m:
            return name[:m.start()], _key(m, kind, None)
    plain = _outside_brackets(name)
    for rx, kind in g["period_in"]:
        m = rx.search(plain)
        if m:
            return name, _key(m, kind, None)
    return name, None


def _read_clause(c: str) -> list[tuple[str, str]]:
    """One clause (period phrase stripped) -> [(name as printed, raw target)]; name may be ""."""
    g = _grammar()
    m = g["end"].match(c)
    if m and not re.fullmatch(r"(?:19|20)\d{2}", m.group("value")) and not _non_year_figure(m.group("name")):
        return [(m.group("name"), m.group("value"))]
    m = g["first"].match(c)
    if m and (not m.group("pre").strip() or g["has_first_verb"].search(c[:m.start("rest")])):
        out = []
        for part in g["percent_split"].split(m.group("rest")):
            p = g["percent"].match(part)
            if p:
                out.append((part[p.end():], p.group(0)))
        return out
    m = g["count"].match(c)
    if m and not _non_year_figure(m.group("pre")):
        return [(m.group("pre"), m.group("rest"))]
    m = g["inside"].match(c)
    if m:
        return [(f"{m.group('pre')} {m.group('post')}", m.group("value"))]
    return []


def item_targets(text: str, term: Optional[str]) -> list[ProseTarget]:
    """The text of one numbered item (without its marker) -> its targets, in printed order."""
    return read_item(text, term)[0]


def read_item(text: str, term: Optional[str]) -> tuple[list[ProseTarget], list[str]]:
    """-> (the item's targets, the clauses that hold a figure other than a year and gave none)."""
    g = _grammar()
    unread: list[str] = []
    text = squash_spaces(nfc(text))
    out: list[ProseTarget] = []
    item_key: Optional[str] = None
    last_name = ""
    for si, sentence in enumerate(re.split(r"\.\s+|\.$", text)):
        head = None
        for ci, clause in enumerate(sentence.split(";")):
            for pi, part in enumerate(g["subpart"].split(clause)):
                c = part.strip(" ,")
                if not c:
                    continue
                c, key = _clause_period(c, term)
                first = si == 0 and ci == 0 and pi == 0
                read = _read_clause(c)
                if not read and _non_year_figure(c):
                    unread.append(part.strip(" ,"))
                for name, raw in read:
                    name, name_key = _name_period(name.strip(" ,"))
                    key_here = key or name_key
                    if first and key_here and item_key is None:
                        item_key = key_here
                    name = name.strip(" ,")
                    if g["subpart_start"].match(name) and last_name:
                        name = f"{last_name}, {name}"
                    elif ci == 0 and head is None and ": " in _outside_brackets(name):
                        head = name.split(": ", 1)[0]
                    elif ci > 0 and head and name:
                        name = f"{head}: {name}"
                    if not name:
                        name = last_name
                    if not name:
                        continue
                    out.append(ProseTarget(_cap(name), raw.strip(), key_here or item_key or term))
                    last_name = _cap(name)
                if first and item_key is None:
                    item_key = key or _name_period(c)[1]
    return out, unread


def has_figure(text: str) -> bool:
    """Does an item's text hold a figure other than a year (a number that could be a target)?"""
    return _non_year_figure(squash_spaces(nfc(text)))
