"""Lead / coordinator cells -> canonical unit names (one unit, one name, one tracker code).

Data in vocab/units.yaml (the alias registry + the grammar words for splitting) and
vocab/abbreviations.yaml; staff add a file of the same format (`--units`), merged over it.

Unit-name grammar (public API, data in vocab/units.yaml, used by the body and table readers):
    unit_at_start(text) -> str | None   the unit name a text begins with ("Sở Tư pháp: Lồng
                                        ghép ..." -> "Sở Tư pháp"; "Tổ chức tuyên truyền" -> None)
    split_units(cell)   -> list[str]    a lead / coordinator cell -> unit names as printed
    office_unit(name)   -> str | None   "Chủ tịch UBND tỉnh" -> "UBND tỉnh" (a person's office)
    no_unit_phrase(cell)-> str | None   "Theo phân công tại ..." / "Như trên": names no unit
  A name starts with a head noun (`unit_heads`: Sở, Phòng, Ban, Trung tâm, UBND, Công an,
  Thanh tra, Chi cục, Hội, Đoàn, Báo, Đài, Trường, Bệnh viện, Cơ quan, Văn phòng, Bộ Chỉ huy,
  Liên đoàn, Mặt trận, Đảng ủy, "các" + a collective noun, a person's office "Chủ tịch …" …).
  In a cell, ";" always splits; after ",", " và " or ":" an item starting with a head starts a
  new unit and any other item continues the current name; bare collective nouns continue an
  open collective ("UBND các xã, phường, đặc khu"); a parent body after a comma continues a
  hierarchy ("Phòng 5, Cục …, Bộ Công an"); a verb of `name_enders` or an apposition ends a name.

A cell goes through small pure functions:
    cell --text_to_roles--> lead part ("Trách nhiệm của X", "X chủ trì, phối hợp với Y" -> X)
         --text_to_chunks--> chunks (";" and bullets)
         --chunk_to_items--> item strings (the grammar above; "Các phòng: A, B" lists;
                                           names the registry knows kept whole)
         --registry.resolve_one--> canonical name (or the cleaned item when unknown)

Matching keys (`name_key`) ignore case, tone-mark placement (hoá/hóa, thuỷ/thủy, Uỷ/Ủy), dash
style, spacing, and expand abbreviations; output names are never re-tokenised.

About underthesea: `text_normalize` fixes tone placement too, but it re-spaces punctuation
("Các phòng, ban" -> "Các phòng , ban", "Quý II/2025" -> "Quý II / 2025") and costs ~55 µs a
call. `normalise_tones` below is a one-regex rule (tone on the first vowel of open oa/oe/uy,
not after q) that agrees with text_normalize's tone choice on every word of the five seeds
(see tests/test_units.py::test_tones_agree_with_underthesea); we use ours for keys and output.
"""
from __future__ import annotations

import difflib
import fnmatch
import functools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import yaml

from plan_extract.model.document import Issue
from plan_extract.text import normalise_tones
from plan_extract import vocab as vocab_files

VOCAB_DIR = vocab_files.VOCAB_DIR
UNITS_PATH = VOCAB_DIR / "units.yaml"
ABBREVIATIONS_PATH = VOCAB_DIR / "abbreviations.yaml"
CODE_MAX = 100
SUGGEST_CUTOFF = 0.8
MIN_INITIALS = 3     # an abbreviation matched by initials has at least 3 letters ("TT" is too short)
CODE_RE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")


# ---------------------------------------------------------------------------------------------
# text clean-up
def squash(text: str) -> str:
    """NFC, a word broken at a line end joined, one space; spelling kept as printed."""
    text = unicodedata.normalize("NFC", text or "").replace("\u00a0", " ").replace("\u200b", "")
    text = re.sub(r"(?<=\w)[-\u2010\u2011][ \t]*\n\s*(?=\w)", "-", text)     # "HĐNĐ-\nUBND"
    return " ".join(text.split())


def clean_text(text: str) -> str:
    """NFC, one tone placement, one dash style, a word broken at a line end joined, one space.
    Spaced dashes become ' - '; unspaced ones ('HĐND-UBND') stay."""
    text = normalise_tones(unicodedata.normalize("NFC", text or "")).translate(_DASHES)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    text = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "-", text)           # "HĐNĐ-\nUBND"
    text = re.sub(r"\s+-\s*|\s*-\s+", " - ", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# abbreviations
_SPLIT_CAPS = re.compile(r"(?<![\w&])([A-ZĐ]{1,4}) ([A-ZĐ&]{1,6})(?![\w&])")
@dataclass(frozen=True, eq=False)
class Abbreviations:
    expansions: dict          # abbr -> expansion
    ambiguous: frozenset      # abbrs used for keys only
    typos: dict               # typo -> correct
    _re: re.Pattern = field(repr=False, default=None)
    _typo_re: re.Pattern = field(repr=False, default=None)

    @classmethod
    def from_dict(cls, data: dict) -> "Abbreviations":
        exp = {e["abbr"]: e["expansion"] for e in data.get("abbreviations") or []}
        amb = frozenset(e["abbr"] for e in data.get("abbreviations") or [] if e.get("ambiguous"))
        typos = {e["typo"]: e["correct"] for e in data.get("typos") or []}

        def alt(words):
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"
        bound_l, bound_r = r"(?<![\w&])", r"(?![\w&])"
        return cls(exp, amb, typos, re.compile(bound_l + "(" + alt(exp) + ")" + bound_r),
                   re.compile(bound_l + "(" + alt(typos) + ")" + bound_r))

    def fix_typos(self, text: str) -> str:
        """Listed typos, and an abbreviation a broken text layer split in two ("U BND")."""
        text = _SPLIT_CAPS.sub(lambda m: m.group(1) + m.group(2)
                               if (m.group(1) + m.group(2)) in self.expansions else m.group(0), text)
        return self._typo_re.sub(lambda m: self.typos[m.group(1)], text)

    def expand(self, text: str, include_ambiguous: bool) -> str:
        """Abbreviations spelt out, never inside a document number ("1441/QĐ-UBND") or a quoted
        title (“...”)."""
        text = self.fix_typos(text)
        protected = protected_spans(text)

        def repl(m):
            a = m.group(1)
            if a in self.ambiguous and not include_ambiguous:
                return a
            if protected and any(x <= m.start() < y for x, y in protected):
                return a
            return self.expansions[a]
        return self._re.sub(repl, text)

    def merged(self, data: dict) -> "Abbreviations":
        """These abbreviations with a staff file's `abbreviations` / `typos` added (theirs win)."""
        if not data.get("abbreviations") and not data.get("typos"):
            return self
        base = {"abbreviations": [{"abbr": a, "expansion": x, "ambiguous": a in self.ambiguous}
                                  for a, x in self.expansions.items()],
                "typos": [{"typo": t, "correct": c} for t, c in self.typos.items()]}
        staff = {e["abbr"] for e in data.get("abbreviations") or []}
        base["abbreviations"] = [e for e in base["abbreviations"] if e["abbr"] not in staff] + \
            list(data.get("abbreviations") or [])
        base["typos"] += list(data.get("typos") or [])
        return Abbreviations.from_dict(base)


# a document number ("1441/QĐ-UBND", "57-NQ/TW", "số 12/BC") or a quoted title: never rewritten
_DOC_NUMBER_RE = re.compile(r"\d+[\w.&-]*/[\w.&/-]*\w|[\w&]+-[\w&]+/[\w&/-]*\w")
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


def protected_spans(text: str) -> list[tuple[int, int]]:
    if "/" not in text and "“" not in text and '"' not in text and "«" not in text:
        return []
    return [m.span() for m in _DOC_NUMBER_RE.finditer(text)] + [m.span() for m in _QUOTED_RE.finditer(text)]


@functools.lru_cache(maxsize=None)
def load_abbreviations(path: str = str(ABBREVIATIONS_PATH)) -> Abbreviations:
    return Abbreviations.from_dict(vocab_files.load_file(path))


def name_key(text: str, abbr: Optional[Abbreviations] = None) -> str:
    """Matching key: cleaned, abbreviations (even ambiguous ones) expanded, lower case,
    dashes dropped, '&' read as 'và', no quotes, brackets or trailing punctuation."""
    return _name_key(text, abbr or load_abbreviations())


@functools.lru_cache(maxsize=65536)
def _name_key(text: str, abbr: Abbreviations) -> str:
    t = abbr.expand(clean_text(text), include_ambiguous=True)
    t = normalise_tones(unicodedata.normalize("NFC", t)).lower()
    t = re.sub(r"\s*-\s*", " ", t).replace("&", " và ")      # "Văn hóa - Xã hội" = "Văn hóa Xã hội"
    t = re.sub(r"[()\"“”'‘’]", " ", t)
    return " ".join(t.split()).strip(" .,;:-+*•")


def pattern_key(pattern: str, abbr: Optional[Abbreviations] = None) -> str:
    """name_key of a glob pattern ("Sở *"), keeping its wildcards."""
    return name_key(pattern.replace("*", " \x00 "), abbr).replace("\x00", "*")


def display_name(text: str, abbr: Optional[Abbreviations] = None) -> str:
    """An unknown unit as we print it: cleaned, typos fixed, unambiguous abbreviations spelt
    out, first letter capitalised, no bullet or trailing punctuation."""
    abbr = abbr or load_abbreviations()
    t = clean_text(abbr.expand(clean_text(text), include_ambiguous=False))
    t = t.strip(" .,;:+*•").lstrip("- ").strip()
    return t[:1].upper() + t[1:]


def name_to_code(name: str) -> str:
    """A code for a staff entry that has none: ASCII words joined by '-', at most 100 chars."""
    t = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if not unicodedata.combining(c)).upper()
    words = re.findall(r"[A-Z0-9]+", t)
    return "-".join(words)[:CODE_MAX].strip("-") or "UNIT"


# ---------------------------------------------------------------------------------------------
# grammar data
@dataclass(frozen=True, eq=False)
class Grammar:
    collective_heads: tuple
    collective_nouns: tuple
    qualifiers: tuple
    list_heads: dict          # key -> singular
    unit_heads: tuple
    role_prefixes: tuple = ()
    lead_suffixes: tuple = ()
    coordinator_markers: tuple = ()
    person_heads: frozenset = frozenset()     # keys of heads that name a person's office
    parents: dict = field(default_factory=dict)   # head key -> head keys of its parent bodies
    enders: tuple = ()                        # lower-case phrases (one tone placement) ending a name
    appositions: tuple = ()                   # phrases from which the rest of an item is dropped
    no_unit: tuple = ()                       # keys of cell openings that name no unit
    joint: dict = field(default_factory=dict)    # head key -> keys of bodies one office serves jointly

    @classmethod
    def from_dict(cls, data: dict) -> "Grammar":
        def keys(items, field_name="phrase"):
            return tuple(sorted({name_key(e[field_name]) for e in items}, key=len, reverse=True))
        col = data.get("collective") or {}
        roles = data.get("roles") or {}
        heads = data.get("unit_heads") or []
        return cls(keys(col.get("heads") or []), keys(col.get("nouns") or [], "noun"),
                   keys(col.get("qualifiers") or []),
                   {name_key(e["phrase"]): e.get("singular") or "" for e in data.get("list_heads") or []},
                   keys(heads),
                   _phrases(roles.get("prefixes")), _phrases(roles.get("lead_suffixes")),
                   _phrases(roles.get("coordinator_markers")),
                   frozenset(name_key(e["phrase"]) for e in heads if e.get("person")),
                   {name_key(e["phrase"]): tuple(name_key(x) for x in e["parents"]) for e in heads if e.get("parents")},
                   _phrases(data.get("name_enders")), _phrases(data.get("appositions")),
                   keys(data.get("no_unit") or []),
                   {name_key(e["phrase"]): tuple(sorted((name_key(x) for x in e["joint"]), key=len, reverse=True))
                    for e in heads if e.get("joint")})

    def _alt(self, words):
        return "(?:" + "|".join(re.escape(w) for w in words) + ")" if words else r"(?!x)x"

    def _re(self) -> "_GrammarRes":
        return _grammar_res(self)

    def opens_collective(self, key: str) -> bool:
        """'các phòng', 'ủy ban nhân dân các huyện', 'các đảng bộ'."""
        return self._re().opens.search(key) is not None

    def continues_collective(self, key: str) -> bool:
        """'ban', 'đơn vị thuộc sở', 'chi bộ trực thuộc', 'thị trấn'."""
        return self._re().continues.fullmatch(key) is not None

    def starts_unit(self, key: str) -> bool:
        return self.head_of(key) is not None

    def head_of(self, key: str) -> Optional[str]:
        """The longest head noun a key starts with ('bộ chỉ huy quân sự tỉnh' -> 'bộ chỉ huy')."""
        first = key.split(" ", 1)[0]
        h = next((h for h, hs in self._re().heads_by_first.get(first, ()) if key == h or key.startswith(hs)), None)
        if h is not None and h in self.collective_heads:     # "các sở" yes, "các nhiệm vụ" no
            rest = key[len(h) + 1:]
            if not (self.starts_with_noun(rest)[0] or self.head_of(rest) not in (None, h)):
                return None
        return h

    def is_open_collective(self, key: str) -> bool:
        """A unit so far that is only a collective noun, bare or after 'các': 'cơ quan', 'các sở',
        'ủy ban nhân dân các xã', 'lãnh đạo các đơn vị': the next bare nouns belong to it."""
        return self._re().open_collective.fullmatch(key) is not None

    def starts_with_noun(self, key: str) -> tuple[bool, bool]:
        """(the key starts with a collective noun, the noun is all there is)."""
        m = self._re().noun.match(key)   # "sở, ban, ngành"
        return (m is not None, m is not None and m.end() == len(key))

    def is_parent(self, child_key: str, parent_key: str) -> bool:
        """'phòng 5' then 'cục cảnh sát ...': a hierarchy written with commas. A parent listed
        with its level ('công an tỉnh') matches only that level ('Phòng Cảnh sát kinh tế, Công
        an tỉnh' is one unit; 'Phòng Kinh tế, Công an xã' two)."""
        ch = self.head_of(child_key)
        if ch is None:
            return False
        parents = self.parents.get(ch, ())
        pa = self.head_of(parent_key)
        return (pa is not None and pa in parents) or any(
            p not in self.unit_heads and (parent_key == p or parent_key.startswith(p + " ")) for p in parents)

    def continues_in_lower_case(self, unit_key: str, item: str, item_key: str) -> bool:
        """'Các trường THPT' then ', trung tâm GDNN-GDTX': in a collective ('các' + a noun) an
        item written in lower case that starts with a head noun but no 'các' of its own shares
        the collective's 'các' (a capitalised item is a unit of its own)."""
        h = self.head_of(unit_key)
        return h is not None and h in self.collective_heads and item[:1].islower() \
            and self.head_of(item_key) is not None and not self.opens_collective(item_key) \
            and self.head_of(item_key) not in self.collective_heads and self.head_of(item_key) not in self.person_heads

    def joins_office(self, key: str, next_key: str) -> bool:
        """'văn phòng đoàn đại biểu quốc hội' + ' và hội đồng nhân dân tỉnh': one office serving
        two bodies (`joint` of its head), written once with the level after the last body. The
        first body stands bare (no level or place of its own: 'Văn phòng UBND tỉnh và HĐND
        tỉnh' is two units) and the next item starts with another body of the list."""
        h = self.head_of(key)
        bodies = self.joint.get(h) if h else None
        if not bodies:
            return False
        rest = key[len(h):].strip()
        return rest in bodies and any(next_key == b or next_key.startswith(b + " ") for b in bodies if b != rest)

    def names_no_unit(self, key: str) -> Optional[str]:
        return next((p for p in self.no_unit if key == p or key.startswith(p + " ")), None)

    def trim(self, item: str) -> str:
        """Drop an apposition and whatever follows a name-ending verb (lower case, not right
        after the head: 'Ban chỉ đạo xã' stays), then a trailing '.'."""
        t = item
        toned = normalise_tones(unicodedata.normalize("NFC", t))
        for p in self.appositions:
            k = toned.lower().find(p.lower())
            if k > 0:
                t, toned = t[:k], toned[:k]
        if self.enders:
            head = self.head_of(name_key(t))
            skip = len(head.split(" ")) + 1 if head else 1
            for m in self._re().enders.finditer(toned):
                if len(toned[:m.start()].split()) >= skip and len(t[:m.start()].split()) > 1:
                    t = t[:m.start()]
                    break
        return t.strip(" ,;:").rstrip(".").strip()

    def list_head(self, key: str) -> Optional[str]:
        return self.list_heads.get(key)


@dataclass(frozen=True)
class _GrammarRes:
    """A grammar's compiled patterns (built once per grammar, not per call)."""
    opens: re.Pattern
    continues: re.Pattern
    open_collective: re.Pattern
    noun: re.Pattern
    enders: Optional[re.Pattern]
    heads_by_first: dict      # first word -> ((head, head + " "), ...) longest first


@functools.lru_cache(maxsize=16)
def _grammar_res(g: Grammar) -> _GrammarRes:
    nouns, heads, quals = g._alt(g.collective_nouns), g._alt(g.collective_heads), g._alt(g.qualifiers)
    by_first: dict = {}
    for h in g.unit_heads:                        # already longest first
        by_first.setdefault(h.split(" ", 1)[0], []).append((h, h + " "))
    enders = "|".join(re.escape(p) for p in g.enders)
    return _GrammarRes(
        re.compile(rf"(?:^|\s){heads}\s+{nouns}(?:\s|$)"),
        re.compile(rf"{nouns}(?:\s+{quals}(?:\s.*)?)?"),
        re.compile(rf"(?:(?:.*\s)?{heads}\s+)?{nouns}"),
        re.compile(rf"{nouns}(?=[\s,;]|$)"),
        re.compile(rf"(?<=\S)\s+(?:{enders})(?=\s|$|[,.;:])") if g.enders else None,
        {k: tuple(v) for k, v in by_first.items()})


def _phrases(items) -> tuple:
    """Role phrases as case-insensitive regex sources (printed spelling, any tone placement)."""
    return tuple(sorted({normalise_tones(e["phrase"]) for e in items or []}, key=len, reverse=True))


def text_to_roles(text: str, grammar: Optional["Grammar"] = None) -> tuple[str, Optional[str]]:
    """'Phòng Kinh tế chủ trì, phối hợp với Công an phường' -> ('Phòng Kinh tế', 'Công an phường');
    'Trách nhiệm của Ban Chỉ đạo xã' -> ('Ban Chỉ đạo xã', None). For body headings and lead cells."""
    g = grammar or _builtin_grammar()
    t = unicodedata.normalize("NFC", text or "")      # spelling and line breaks kept for the report
    coordinators = None
    if g.coordinator_markers:
        alt = "|".join(re.escape(p) for p in g.coordinator_markers)
        # only after a comma, "chủ trì" or at the start: "Ban phối hợp liên ngành" is a name
        m = re.search(rf"(?:^\s*|\s*[,;]\s*|\s*\bchủ trì\s+)(?:{alt})(?:\s+|$)", t, re.IGNORECASE)
        if m:
            t, coordinators = t[:m.start()], t[m.end():].strip(" ,;.:") or None
    for p in g.role_prefixes:
        t = re.sub(rf"^\s*{re.escape(p)}\s+", "", t, flags=re.IGNORECASE)
    for p in g.lead_suffixes:
        t = re.sub(rf"\s*\(?\s*{re.escape(p)}\s*\)?\s*[,;.]?\s*$", "", t, flags=re.IGNORECASE)
    t = t.strip(" ,;:.\n")
    if not t and coordinators:
        return coordinators, None
    return t, coordinators


# ---------------------------------------------------------------------------------------------
# splitting
_TRAILING_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
# a comma between two capitals with no space ("VH,KH&TT") is inside an abbreviation, not a separator
_SEP_RE = re.compile(r"((?-i:(?<![A-ZĐ]),|,(?![A-ZĐ]))|:|\s+và\s+)", re.IGNORECASE)


def text_to_chunks(text: str) -> list[str]:
    """Split on ';' and on line-leading bullets ('- A\\n- B'); line breaks else are spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r"\n\s*[-+•]\s+", ";", text)
    return [c for c in (squash(p) for p in text.split(";")) if c.strip(" .,:-")]


def _split_outside_parens(text: str, pattern: re.Pattern) -> list[str]:
    """re.split with one capture group, ignoring separators inside (...)."""
    out, last, depth_at = [], 0, _paren_depths(text)
    for m in pattern.finditer(text):
        if depth_at[m.start()]:
            continue
        out.extend([text[last:m.start()], m.group(1)])
        last = m.end()
    out.append(text[last:])
    return out


def _paren_depths(text: str) -> list[int]:
    depths, d = [], 0
    for c in text:
        if c == "(":
            d += 1
        depths.append(d)
        if c == ")":
            d = max(0, d - 1)
    return depths


def _segments(chunk: str) -> tuple[list[str], list[str], list[str]]:
    """'A, B và C' -> (['A', 'B', 'C'], ['', ',', 'và'], ['', ', ', ' và ']): the items, the
    separators as read, and the separators as printed (so a rejoined name keeps its spacing:
    'Các sở,ban,ngành' stays as printed)."""
    parts = _split_outside_parens(chunk, _SEP_RE)
    segs, seps, raws = [parts[0]], [""], [""]
    for k in range(1, len(parts), 2):
        seps.append(parts[k].strip().lower())
        after = parts[k + 1]
        raw = parts[k].strip() + (" " if after != after.lstrip() else "")     # no space before ","
        raws.append(" " + parts[k].strip() + " " if seps[-1] == "và" else raw)
        segs.append(parts[k + 1])
    return [s.strip() for s in segs], seps, raws


def _join(segs, raws, i, j) -> str:
    out = segs[i]
    for k in range(i + 1, j + 1):
        out += raws[k] + segs[k]
    return out


def chunk_to_items(chunk: str, known, grammar: Grammar) -> list[str]:
    """One chunk (no ';') -> unit strings. `known(text) -> bool` says whether the registry knows
    a name, so known names with commas or 'và' stay whole."""
    m = re.match(r"^\s*([^:,]+?)\s*:\s*(.+)$", chunk)
    if m and grammar.list_head(name_key(m.group(1))) is not None:
        singular = grammar.list_head(name_key(m.group(1)))
        segs, _, _ = _segments(m.group(2))
        out = []
        for s in segs:
            s = s.strip(" .")
            if not s:
                continue
            key = name_key(s)
            if singular and not key.startswith(name_key(singular) + " ") and not grammar.starts_unit(key):
                s = f"{singular} {s}"
            out.append(s)
        return out
    segs, seps, raws = _segments(chunk)
    keys = [name_key(x) for x in segs]
    out, i, n = [], 0, len(segs)
    while i < n:
        if not segs[i].strip(" .-"):
            i += 1
            continue
        # a name the registry knows, as long as possible, is closed, unless the grammar reads
        # a longer name ("Các thôn" known, "Các thôn, tổ dân phố" one collective)
        jk = next((j for j in range(n - 1, i, -1) if ":" not in seps[i + 1:j + 1]
                   and known(_join(segs, raws, i, j))), i if known(segs[i]) else -1)
        j = i
        open_coll = grammar.is_open_collective(keys[i])
        while j + 1 < n and seps[j + 1] != ":":
            k = keys[j + 1]
            if not k:
                j += 1
                continue
            noun, bare = grammar.starts_with_noun(k)
            if open_coll and noun:
                j += 1
                open_coll = bare
                continue
            if seps[j + 1] == "," and grammar.is_parent(keys[j], k):
                j += 1
                continue
            if seps[j + 1] == "và" and j == i and grammar.joins_office(keys[j], k):
                j += 1
                continue
            if seps[j + 1] == "," and grammar.continues_in_lower_case(keys[i], segs[j + 1], k):
                j += 1
                continue
            if grammar.starts_unit(k) or known(segs[j + 1]):
                break
            j += 1
            open_coll = False
        if jk >= j:
            out.append((_join(segs, raws, i, jk), True))
            i = jk + 1
            continue
        out.append((_join(segs, raws, i, j), False))
        i = j + 1
    return [x for x in (item if is_known else grammar.trim(item) for item, is_known in out) if x]


def split_units(cell: Optional[str], known=None, grammar: Optional[Grammar] = None) -> list[str]:
    """A lead / coordinator cell -> the unit names in it, as printed (spacing squashed).

    The grammar (data in vocab/units.yaml): split on ";" and line-leading bullets always; an
    item after ",", " và " or ":" starts a new unit only when it starts with a head noun
    (`unit_heads`), else it continues the current name, so "Trung tâm Xúc tiến đầu tư, thương
    mại và du lịch tỉnh" and "Cơ quan, địa phương có liên quan" stay whole; bare collective
    nouns continue an open collective ("UBND các xã, phường, đặc khu", "Các sở, ban, ngành và
    địa phương"); a parent body after a comma continues a hierarchy ("Phòng 5, Cục ..., Bộ
    Công an"); "Các phòng: VHXH, Kinh tế" gives one unit per item; a name ends before a verb
    (`name_enders`: "Bộ Chỉ huy quân sự tỉnh chỉ đạo ...") or an apposition (`appositions`);
    a cell that names no unit (`no_unit`: "Theo phân công tại ...", "Như trên") gives [].
    `known(text) -> bool` (the registry) keeps names it knows whole."""
    g = grammar or _builtin_grammar()
    if not cell or not cell.strip():
        return []
    if g.names_no_unit(name_key(cell)):
        return []
    known = known or (lambda t: False)
    out = []
    for chunk in text_to_chunks(cell):
        out.extend(chunk_to_items(chunk, known, g))
    return out


def no_unit_phrase(cell: Optional[str], grammar: Optional[Grammar] = None) -> Optional[str]:
    """The opening of a cell that names no unit ("theo phân công tại"), or None."""
    g = grammar or _builtin_grammar()
    return g.names_no_unit(name_key(cell)) if cell and cell.strip() else None


_NUMBERING_RE = re.compile(r"^\s*(?:\(\d{1,2}\)|(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)])\s+")
_END_RE = re.compile(r"\s*(?::|;|\(|\.(?:\s|$)|\n)")


def unit_at_start(text: Optional[str], grammar: Optional[Grammar] = None) -> Optional[str]:
    """The unit name a text begins with, or None: 'Sở Tư pháp: Lồng ghép ...' -> 'Sở Tư pháp';
    'Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng ...' -> 'Bộ Chỉ huy quân sự tỉnh';
    'Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh.' -> the whole name;
    'Tổ chức tuyên truyền ...' -> None. A leading role word ('Trách nhiệm của', 'Giao',
    'Đề nghị') is skipped. The name ends at ':', ';', '(', a full stop, a line break, a verb
    of `name_enders`, an apposition, or where the next list item starts a new unit."""
    g = grammar or _builtin_grammar()
    t = unicodedata.normalize("NFC", text or "").lstrip(" \t-+•*")
    t = _NUMBERING_RE.sub("", t, count=1)               # "1.2. Phòng ...", "a) Sở ...", "(3) ..."
    for p in g.role_prefixes:
        t = re.sub(rf"^\s*{re.escape(p)}\s+", "", t, flags=re.IGNORECASE)
    m = _END_RE.search(t)
    head = t[:m.start()] if m else t
    head = squash(head)
    if not head or g.head_of(name_key(head)) is None or g.names_no_unit(name_key(head)):
        return None
    items = split_units(head, grammar=g)
    return items[0] if items else None


def office_unit(name: str, grammar: Optional[Grammar] = None) -> Optional[str]:
    """The unit a person's office heads: 'Chủ tịch Ủy ban nhân dân các xã, phường' -> 'Ủy ban
    nhân dân các xã, phường'; 'Giám đốc các Sở' -> 'Các Sở'; a unit name -> itself; an office
    without a unit ('Bộ trưởng') -> None."""
    g = grammar or _builtin_grammar()
    key = name_key(name)
    h = g.head_of(key)
    if h is None or h not in g.person_heads:
        return squash(name) if h is not None else None
    words = squash(name).split(" ")
    rest = " ".join(words[len(h.split(" ")):])
    if not rest or g.head_of(name_key(rest)) is None:
        return None
    return rest[:1].upper() + rest[1:]


# ---------------------------------------------------------------------------------------------
# registry
@dataclass
class Entry:
    name: str
    code: Optional[str]
    aliases: list[str]
    seen_in: str = ""


@dataclass
class Resolved:
    raw: str                  # the item as printed (cleaned of spacing)
    name: str                 # canonical name, or the cleaned item when unknown
    known: bool


@dataclass
class _Section:
    patterns: list[str]       # keys of glob patterns on the issuer name
    index: dict               # key -> canonical


class UnitRegistry:
    """Canonical names with aliases, global and per issuer; built from YAML data only."""

    def __init__(self, data: dict, extra: Iterable[dict] = ()):
        extra = [d or {} for d in extra]
        self.abbr = load_abbreviations()
        for d in extra:                   # a staff file may add abbreviations and typos too
            self.abbr = self.abbr.merged(d)
        self.grammar = Grammar.from_dict(data)
        self.entries: dict[str, Entry] = {}
        self.index: dict[str, str] = {}
        self.sections: list[_Section] = []
        self._add(data, strict=True)
        for d in extra:
            self._add(d or {}, strict=False)
        self._issuer_cache: dict = {}

    # -- loading
    @classmethod
    def load(cls, extra_path: Union[None, str, Path, Iterable] = None) -> "UnitRegistry":
        """vocab/units.yaml merged with an optional staff file (or several) of the same format.
        Cached per (files, modification times): run.py loads it once per document."""
        paths = [] if extra_path is None else [extra_path] if isinstance(extra_path, (str, Path)) else list(extra_path)
        stamp = tuple((str(p), Path(p).stat().st_mtime_ns) for p in paths)
        return _load_cached(stamp)

    def _entry(self, e: dict, strict: bool) -> Entry:
        name = clean_text(e["name"])
        old = self.entries.get(name)
        code = e.get("code")
        if old is not None:
            if code and old.code and code != old.code and strict:
                raise ValueError(f"unit {name!r} has two codes: {old.code} and {code}")
            old.aliases.extend(e.get("aliases") or [])
            old.code = code or old.code
            return old
        if code is None:
            code = name_to_code(name)
            taken = {x.code for x in self.entries.values()}
            base, k = code, 2
            while code in taken:
                code = f"{base[:CODE_MAX - 4]}-{k}"
                k += 1
        entry = Entry(name, code, list(e.get("aliases") or []), e.get("seen_in", ""))
        self.entries[name] = entry
        return entry

    def _register(self, index: dict, e: dict, entry: Entry, strict: bool) -> None:
        spellings = [entry.name, *(e.get("aliases") or [])]
        suffixes = e.get("alias_suffixes") or []
        for s in spellings:
            for form in [s, *(f"{s} {x}" for x in suffixes)]:
                k = name_key(form, self.abbr)
                if strict and index.get(k, entry.name) != entry.name:
                    raise ValueError(f"alias {form!r} names two units: {index[k]!r} and {entry.name!r}")
                index[k] = entry.name

    def _add(self, data: dict, strict: bool) -> None:
        for e in data.get("units") or []:
            self._register(self.index, e, self._entry(e, strict), strict)
        for sec in data.get("issuers") or []:
            patterns = [pattern_key(p, self.abbr) for p in sec.get("match") or []]
            section = next((s for s in self.sections if s.patterns == patterns), None)
            if section is None:
                section = _Section(patterns, {})
                self.sections.append(section)
            for e in sec.get("units") or []:
                self._register(section.index, e, self._entry(e, strict), strict)
        if any(k in data for k in ("collective", "list_heads", "unit_heads", "roles")):
            if not strict:   # a staff file may add grammar words too
                merged = _builtin_data()
                for k in ("collective", "list_heads", "unit_heads", "roles"):
                    if k in data:
                        if isinstance(data[k], dict):
                            merged[k] = {kk: [*(merged[k].get(kk) or []), *(vv or [])] for kk, vv in
                                         {**merged[k], **data[k]}.items()}
                        else:
                            merged[k] = [*(merged.get(k) or []), *data[k]]
                self.grammar = Grammar.from_dict(merged)

    # -- lookup
    def _issuer_index(self, issuer: Optional[str]) -> dict:
        if not issuer:
            return {}
        if issuer not in self._issuer_cache:
            k = name_key(issuer, self.abbr)
            merged = {}
            for s in self.sections:
                if any(fnmatch.fnmatchcase(k, p) for p in s.patterns):
                    merged.update(s.index)
            self._issuer_cache[issuer] = merged
        return self._issuer_cache[issuer]

    def lookup(self, name: str, issuer: Optional[str] = None) -> Optional[str]:
        """The canonical name the registry gives `name` (issuer aliases first), or None."""
        k = name_key(name, self.abbr)
        found = self._issuer_index(issuer).get(k) or self.index.get(k)
        if found is None and name.rstrip(" .;,").endswith(")"):   # a remark: "Phòng VHXH (chủ trì)"
            base = name_key(_TRAILING_REMARK.sub("", clean_text(name)), self.abbr)
            found = self._issuer_index(issuer).get(base) or self.index.get(base) if base else None
        return found

    def resolve_one(self, item: str, issuer: Optional[str] = None) -> Resolved:
        """One item -> its canonical name. A person's office the registry does not list ("Lãnh
        đạo Sở Y tế", "Chủ tịch UBND tỉnh") keeps its name as printed and counts as known when
        the unit it heads is known (office_unit): that unit is not an unknown unit."""
        raw = squash(item).strip(" .,;:")
        found = self.lookup(item, issuer)
        if found:
            return Resolved(raw, found, True)
        return Resolved(raw, display_name(item, self.abbr), self.office_of(item, issuer) is not None)

    def office_of(self, name: str, issuer: Optional[str] = None) -> Optional[str]:
        """The canonical unit a person's office heads, when the registry knows that unit
        ("Lãnh đạo Sở Y tế" -> "Sở Y tế"); None for a unit name or an unknown unit."""
        k = name_key(name, self.abbr)
        h = self.grammar.head_of(k)
        if h is None or h not in self.grammar.person_heads:
            return None
        unit = office_unit(name, self.grammar)
        return self.lookup(unit, issuer) if unit else None

    def cell_to_units(self, raw: Optional[str], issuer: Optional[str] = None,
                      doc: Optional["DocumentUnits"] = None) -> list[Resolved]:
        if not raw or not raw.strip():
            return []
        if doc is not None:
            # one reading per cell text within a document: normalisation resolves each lead and
            # coordinator cell, then issues_for reads the same cells again
            key = (raw, issuer)
            hit = doc._cells.get(key)
            if hit is None or hit[0] is not self:
                hit = doc._cells[key] = (self, tuple(self._cell_to_units(raw, issuer, doc)))
            return list(hit[1])
        return self._cell_to_units(raw, issuer, doc)

    def _cell_to_units(self, raw: str, issuer: Optional[str], doc: Optional["DocumentUnits"]) -> list[Resolved]:
        out = []
        if self.grammar.role_prefixes or self.grammar.coordinator_markers:
            raw = text_to_roles(raw, self.grammar)[0]
        for item in split_units(raw, lambda t: self.lookup(t, issuer) is not None, self.grammar):
            if doc is not None:
                item = doc.expand(item)
            r = self.resolve_one(item, issuer)
            if r.name and r.name not in (x.name for x in out):
                out.append(r)
        return out

    def resolve_cell(self, raw: Optional[str], issuer: Optional[str] = None,
                     doc: Optional["DocumentUnits"] = None) -> list[str]:
        """A lead/coordinator cell -> canonical unit names, in order, no repeats. `doc` (the
        document's DocumentUnits) spells out the abbreviations the document itself defines."""
        return [r.name for r in self.cell_to_units(raw, issuer, doc)]

    def canonical(self, name: str, issuer: Optional[str] = None) -> str:
        """One name (not split) -> its canonical name, or the cleaned name when unknown."""
        return self.resolve_one(name, issuer).name if name and name.strip() else ""

    def code_for(self, canonical: str, issuer: Optional[str] = None) -> Optional[str]:
        """The tracker code of a canonical name; a person's office ("Lãnh đạo Sở Y tế") takes
        the code of the unit it heads (office_unit), since work is tracked per unit."""
        e = self.entries.get(canonical)
        if e is None:
            unit = self.office_of(canonical, issuer)
            e = self.entries.get(unit) if unit else None
        return e.code if e else None

    def suggest(self, name: str, issuer: Optional[str] = None) -> Optional[str]:
        """The closest known canonical name for an unknown unit, only when really close: same
        head noun, and the spellings (diacritics aside) at least SUGGEST_CUTOFF alike, or the
        unknown name's capital letters are the known name's initials ("Phòng VH-XH")."""
        index = {**self.index, **self._issuer_index(issuer)}
        key = name_key(name, self.abbr)
        head = self.grammar.head_of(key)
        pool = [k for k in index if head is None or self.grammar.head_of(k) == head]
        folded = {ascii_key(k): k for k in pool}
        hit = difflib.get_close_matches(ascii_key(key), list(folded), n=1, cutoff=SUGGEST_CUTOFF)
        if hit:
            return index[folded[hit[0]]]
        caps = "".join(_letters(m.group(1)) for m in _CAPS_RUN_RE.finditer(squash(name)))
        if len(caps) >= 3:
            initials = {k: "".join(_initial(w) for w in k.split() if w not in ("và", "-"))
                        for k in pool}
            want = "".join(_initial(w) for w in squash(name).split() if not _CAPS_RUN_RE.fullmatch(w)
                           and w.lower() not in ("và", "-")) + caps if head else caps
            same = [k for k, ini in initials.items() if ini.upper() == want.upper()]
            if len(same) == 1:
                return index[same[0]]
        return None

    def issues_for(self, plan, doc: Optional["DocumentUnits"] = None) -> list[Issue]:
        """One warning per distinct unknown unit in the plan's lead/coordinator cells."""
        issuer = plan.document.issuer if plan.document else None
        seen, out = set(), []
        for t in plan.tasks:
            phrase = no_unit_phrase(t.lead_raw, self.grammar)
            if phrase:
                out.append(Issue("warning", "lead-names-no-unit",
                                 f"Ô chủ trì không nêu đơn vị (“{squash(t.lead_raw)[:80]}”): "
                                 "không có đơn vị chủ trì; xem văn bản được dẫn.",
                                 t.source.page if t.source else None, t.id))
        for cell, page in _plan_cells(plan):
            for r in self.cell_to_units(cell, issuer, doc):
                if r.known or r.name in seen:
                    continue
                seen.add(r.name)
                hint = self.suggest(r.name, issuer)
                msg = f"Đơn vị “{r.name}” chưa có trong danh mục đơn vị"
                msg += f"; có phải là “{hint}”?" if hint else "."
                msg += " Bổ sung vào tệp danh mục (--units) nếu đây là đơn vị mới."
                out.append(Issue("warning", "unknown-unit", msg, page, None))
        return out


@functools.lru_cache(maxsize=None)
def _builtin_grammar() -> Grammar:
    return Grammar.from_dict(_builtin_data())


@functools.lru_cache(maxsize=8)
def _load_cached(stamp: tuple) -> UnitRegistry:
    extra = []
    for path, _ in stamp:
        extra.append(vocab_files.load_file(path) or {})
    return UnitRegistry(_builtin_data(), extra)


@functools.lru_cache(maxsize=None)
def _builtin_text() -> str:
    return UNITS_PATH.read_text(encoding="utf-8")


def _builtin_data() -> dict:
    return yaml.safe_load(_builtin_text())


def _plan_cells(plan) -> Iterator[tuple[str, Optional[int]]]:
    for t in plan.tasks:
        page = t.source.page if t.source else None
        for cell in (t.lead_raw, t.coordinators_raw):
            if cell:
                yield cell, page
    for ind in plan.indicators:
        if ind.lead_raw:
            yield ind.lead_raw, ind.source.page if ind.source else None


def _json_cells(d: dict) -> Iterator[str]:
    for t in d.get("tasks") or []:
        for k in ("lead_raw", "coordinators_raw"):
            if t.get(k):
                yield t[k]
    for i in d.get("indicators") or []:
        if i.get("lead_raw"):
            yield i["lead_raw"]


def units_yaml(outdir: Union[str, Path], registry: UnitRegistry) -> str:
    """Ready-to-paste YAML (the --units file format) for every unknown unit in the plan.json
    files under OUTDIR: one entry per name, its printed spellings as aliases, where it was seen,
    and the closest known unit as a comment when there is a really close one."""
    found: dict = {}
    for path in sorted(Path(outdir).rglob("plan.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        issuer = (d.get("document") or {}).get("issuer")
        source = ((d.get("source") or {}).get("file")) or path.parent.name
        for cell in _json_cells(d):
            for r in registry.cell_to_units(cell, issuer):
                if r.known:
                    continue
                e = found.setdefault(r.name, {"aliases": [], "seen": [], "hint": registry.suggest(r.name, issuer)})
                if r.raw != r.name and r.raw not in e["aliases"]:
                    e["aliases"].append(r.raw)
                if source not in e["seen"]:
                    e["seen"].append(source)
    lines = ["# plan-extract units --yaml: unknown units; check each name, then pass this file with --units",
             "units:"]
    for name in sorted(found):
        e = found[name]
        if e["hint"]:
            lines.append(f"  # gần nhất trong danh mục: {e['hint']} (nếu là cùng đơn vị, thêm tên dưới đây vào aliases của nó)")
        entry = {"name": name, "aliases": e["aliases"], "seen_in": ", ".join(e["seen"][:5])}
        lines.append("  - " + json.dumps(entry, ensure_ascii=False).replace('": ', ": ").replace('{"', "{").replace(', "', ", "))
    if not found:
        lines.append("  []")
    return "\n".join(lines) + "\n"


def units_report(outdir: Union[str, Path], registry: UnitRegistry,
                 problems: Optional[list] = None) -> list[str]:
    """Every raw unit spelling in every plan.json under OUTDIR -> canonical name, with counts;
    unknown spellings first (most frequent first), so staff can curate the registry. A plan.json
    that cannot be read or is not a plan is left out and, when `problems` is given, listed there
    as (path, one-line reason)."""
    counts: Counter = Counter()
    plans = 0
    for path in sorted(Path(outdir).rglob("plan.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(d, dict) or not isinstance(d.get("source"), dict) \
                    or not isinstance(d.get("tasks"), list) or not isinstance(d.get("indicators"), list):
                raise ValueError("không phải một plan.json: thiếu source / tasks / indicators "
                                 "(not a plan object)")
            issuer = (d.get("document") or {}).get("issuer")
            found = Counter((r.known, r.raw, r.name) for cell in _json_cells(d)
                            for r in registry.cell_to_units(cell, issuer))
        except (OSError, ValueError, AttributeError, TypeError) as e:
            if problems is not None:
                why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
                problems.append((path, why.replace("\n", " ")))
            continue
        plans += 1
        counts.update(found)
    rows = sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1], kv[0][2]))
    unknown = sum(1 for (known, _, _), _ in rows if not known)
    lines = [f"# {plans} plan.json, {len(rows)} cách viết, {unknown} chưa có trong danh mục"]
    for (known, raw, name), n in rows:
        code = registry.code_for(name) if known else None
        mark = "=" if known else "?"
        tail = f"  [{code}]" if code else ""
        if not known:
            hint = registry.suggest(name)
            tail = f"  (gần nhất: {hint})" if hint else ""
        lines.append(f"{mark} {n:5d}  {raw} -> {name}{tail}")
    return lines


# ---------------------------------------------------------------------------------------------
# abbreviations a document defines or spells out itself
_CAPS_TOKEN = r"[A-ZĐ][A-ZĐ0-9]*(?:[-&][A-ZĐ0-9]+)*"
_CAPS_RUN_RE = re.compile(rf"(?<![\w&/-])({_CAPS_TOKEN}(?:(?: |, ?){_CAPS_TOKEN})*)(?![\w&/])")   # "VH,KH&TT" one run
_ROMAN_RE = re.compile(r"[IVXLC]+")
_WORD_RE = re.compile(r"\w+|[^\w\s]")
_JOINERS = {"và", ",", "-", "–", "&"}
_STOPS = {"(", ")", ";", ".", ":", "“", "”", '"', "\n"}


def _first_caps(abbr: str) -> int:
    """Index of the first all-capitals word of an abbreviation ("Trung tâm PVHCC" -> 2)."""
    words = abbr.split(" ")
    return next((i for i, w in enumerate(words) if _CAPS_RUN_RE.fullmatch(w)), len(words))


def ascii_key(key: str) -> str:
    """A name key without its diacritics ("đ" as "d"): spellings that differ only in marks meet."""
    t = unicodedata.normalize("NFD", key.replace("đ", "d"))
    return "".join(c for c in t if not unicodedata.combining(c))


def _initial(word: str) -> str:
    c = unicodedata.normalize("NFD", word[:1].upper())[:1]
    return "D" if c == "Đ" else c


def _letters(abbr: str) -> str:
    return "".join("D" if c == "Đ" else c for c in abbr if c.isalnum())


@functools.lru_cache(maxsize=None)
def _definition_re() -> re.Pattern:
    markers = (vocab_files.load_file(str(ABBREVIATIONS_PATH)) or {}).get("definition_markers") or []
    alt = "|".join(re.escape(m["phrase"]) for m in sorted(markers, key=lambda m: -len(m["phrase"])))
    return re.compile(rf"\(\s*(?:{alt})\s*:?\s*[“\"']?([^()“”\"']{{1,40}}?)[”\"']?\s*\)", re.IGNORECASE)


class DocumentUnits:
    """Per-document context for unit names (built once per document by run.py): the
    abbreviations the document defines ("... (sau đây gọi tắt là TT CĐS)") and the full names it
    writes, so that an abbreviation it uses ("Phòng KT-HT&ĐT") is spelt out as the full name found
    elsewhere in the same document whose word initials match ("Phòng Kinh tế, Hạ tầng và Đô
    thị"): one unit, one name within the document. Initials are matched only for abbreviations
    of at least MIN_INITIALS letters that the global list (abbreviations.yaml) does not already
    spell out; roman numerals and abbreviations inside a document number or a quoted title are
    never touched."""

    def __init__(self, texts: Iterable[str] = (), grammar: Optional[Grammar] = None):
        self.grammar = grammar or _builtin_grammar()
        self.text = unicodedata.normalize("NFC", "\n".join(t for t in texts if t))
        self.defined: dict[str, str] = {}
        self._word_index: Optional[tuple] = None     # (words, by initial): _indexed()
        self._cache: dict[str, Optional[str]] = {}
        self._cells: dict[tuple, tuple] = {}    # UnitRegistry.cell_to_units per (cell, issuer)
        self._read_definitions()

    def _read_definitions(self) -> None:
        for m in _definition_re().finditer(self.text):
            abbr = squash(m.group(1)).strip(" .,;")
            before = self.text[max(0, m.start() - 200):m.start()]
            clause = re.split(r"[;:.\n]|,\s(?=[a-zđ])", before)[-1].strip()
            words = clause.split(" ")
            # an abbreviation that keeps its first words ("Trung tâm PVHCC") names the unit
            # that starts with them ("... giao Trung tâm Phục vụ ...": not "Ủy ban nhân dân ...")
            lead = name_key(" ".join(w for w in abbr.split(" ")[:_first_caps(abbr)]))
            starts = [k for k in range(len(words)) if words[k][:1].isupper()
                      and self.grammar.head_of(name_key(" ".join(words[k:]))) is not None]
            if lead:
                starts = [k for k in starts if name_key(" ".join(words[k:])).startswith(lead + " ")] or starts
            if starts:                           # the earliest head that starts a unit name
                self.defined[abbr] = " ".join(words[starts[0]:]).strip(" ,")

    def _indexed(self) -> tuple:
        """(the document's words (text, start, end), word indices by initial), made when an
        abbreviation is first matched by its initials (most documents never ask)."""
        if self._word_index is None:
            words = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(self.text)]
            by_initial: dict[str, list[int]] = {}
            for i, (w, _, _) in enumerate(words):
                if w[:1].isupper() and w[:1].isalpha():
                    by_initial.setdefault(_initial(w), []).append(i)
            self._word_index = (words, by_initial)
        return self._word_index

    def full_name(self, abbr: str, head: str = "") -> Optional[str]:
        """The full form of an abbreviation in this document: defined, else the most frequent
        written-out phrase whose word initials are the abbreviation's letters (after `head`, when
        given: "Phòng" for "Phòng KT-HT&ĐT")."""
        if abbr in self.defined:
            return self.defined[abbr]
        key = (abbr, head)
        if key in self._cache:
            return self._cache[key]
        letters = _letters(abbr)
        found = None
        if len(letters) >= MIN_INITIALS and not _ROMAN_RE.fullmatch(letters):
            counts: Counter = Counter()
            head_last = head.split()[-1].lower() if head else ""
            words, by_initial = self._indexed()
            for i in by_initial.get(letters[0], ()):
                if head_last and (i == 0 or words[i - 1][0].lower() != head_last):
                    continue
                end = self._match(i, letters)
                if end is not None:
                    counts[self.text[words[i][1]:words[end][2]]] += 1
            if counts:
                found = max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
        self._cache[key] = found
        return found

    def _match(self, i: int, letters: str) -> Optional[int]:
        words = self._indexed()[0]
        k, j, n = 0, i, len(words)
        last = None
        while j < n and k < len(letters):
            w = words[j][0]
            if w in _STOPS or "\n" in self.text[words[j - 1][2]:words[j][1]] and j > i:
                return None
            if w.lower() in _JOINERS:
                j += 1
                continue
            if not w[:1].isalpha() or _initial(w) != letters[k]:
                return None
            last, k, j = j, k + 1, j + 1
        if k < len(letters):
            return None
        # the phrase must be written out, not the abbreviation itself
        return last if last is not None and last > i else None

    def expand(self, item: str) -> str:
        """A unit item with the document's abbreviations spelt out ("Phòng KT-HT&ĐT" ->
        "Phòng Kinh tế, Hạ tầng và Đô thị"); unchanged when the document does not say."""
        if not any(c.isupper() for c in item[1:]):
            return item
        for abbr in sorted(self.defined, key=len, reverse=True):    # "Trung tâm PTQĐ" as defined
            k = item.find(abbr)
            if k >= 0 and (k + len(abbr) == len(item) or not item[k + len(abbr)].isalnum()) \
                    and (k == 0 or not item[k - 1].isalnum()):
                full = self.defined[abbr]
                rest = item[k + len(abbr):].strip()
                if rest and name_key(full).endswith(" " + name_key(rest)):
                    rest = ""
                return (item[:k] + full + (" " + rest if rest else "")).strip()
        protected = protected_spans(item)
        out, last = [], 0
        for m in _CAPS_RUN_RE.finditer(item):
            if protected and any(x <= m.start() < y for x, y in protected):
                continue
            run = m.group(1)
            known = load_abbreviations()
            if all(t in known.expansions and t not in known.ambiguous for t in re.split(r"[ ,]+", run)):
                continue                     # "UBND", "KH&CN": the global list already says
            head = item[:m.start()].strip()
            full = self.full_name(run, head) or self.full_name(run)
            if full is None:
                continue
            out.append(item[last:m.start()] + full)
            last = m.end()
            rest = item[last:].strip()
            if rest and name_key(full).endswith(" " + name_key(rest)):   # "TT CĐS tỉnh", full ends "tỉnh"
                last = len(item)
        if not out:
            return item
        return "".join(out) + item[last:]


def texts_for_document(lines, plan) -> list[str]:
    """The texts a DocumentUnits reads: the document's lines and every task / indicator cell."""
    out = [getattr(x, "text", x) for x in lines or []]
    for t in plan.tasks:
        out.extend(x for x in (t.text, t.lead_raw, t.coordinators_raw, *(t.extra or {}).values()) if x)
    for i in plan.indicators:
        out.extend(x for x in (getattr(i, "text", None), i.lead_raw) if x)
    return out
