"""Deadline cells -> model.Deadline {raw, kind, start, due, recurrence}.

Grammar here, words in vocab/deadlines.yaml (dateparser's split of parser and language data).
Matching runs on a folded key (`fold`): lower case, no diacritics, one dash, one space, so
"Năm 2025", "NĂM 2025" and a broken text layer's "Nam 2025" read alike. The raw cell is kept
byte for byte in `Deadline.raw`; nothing is guessed: a form the grammar does not know is
`unrecognised` with no dates, and `issues_for` reports it.

Stages, each a small pure function:
    raw --fold--> key --_strip_remarks--> key --key_to_deadline--> Deadline
where key_to_deadline tries, in order: continuous phrase, event prefix, recurrence phrase (+ an
optional period), open start ("Từ năm 2026"), then a period expression: one period
(day / month / quarter / half / year) or several joined by range connectors or list separators.

Conventions (from the corpus gold, tests/corpus/data): a day has `due` only ("Trước ngày
30/6/2026" starts nowhere); a recurring cell carries start/due only when it names a year
("Năm 2025 và các năm tiếp theo" -> 2025); "Từ năm 2026" is recurring yearly from 2026;
a day or month written without a year takes the plan's year (DeadlineContext: "năm 2026" in
the title, else the issue date's year), and the note says so.

Composition (issue 13): a cell the whole-cell grammar does not read is read by `compose` as a
composition: temporal expressions found anywhere in it (periods, ranges and lists of them,
school years, clock times), the modifier just before each (trước, chậm nhất, xong trong, từ,
đầu / giữa / cuối, dự kiến), relative periods (tháng / năm liền kề -> recurring), recurrence,
continuous and event phrases, with document numbers and the dates cited with them masked.
Several dated steps -> `milestones` [{text, due}], kind range, due = the latest step's due.
Words not used go to `note`; `confidence` says how sure the reading is; `approx` marks a vague
part of a period ("đầu năm 2026": start 2026-01-01, no due). Nothing is guessed. See `compose`.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional


from plan_extract.model.document import Deadline, DocumentMeta, Issue
from plan_extract.settings import Resolvable
from plan_extract import vocab as vocab_files

VOCAB_PATH = vocab_files.path("deadlines.yaml")
YEAR_MIN, YEAR_MAX = 1945, 2100

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_SLASHES = dict.fromkeys(map(ord, "\u2044\u2215\uff0f"), "/")


# ---------------------------------------------------------------------------------------------
# text -> key
def fold(text: str) -> str:
    """Matching key: NFC, lower case, diacritics dropped (đ -> d), one dash style, one space."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_FOLD_TABLE).split())


class _Folder(dict):
    """str.translate table for `fold`, filled on first sight of a character: lower case, no
    diacritics, đ -> d, one dash and slash style, any space -> ' '. Every character folds to
    one character (a lone combining mark to none), so in NFC text without lone marks a
    position in the key is a position in the text (compose uses that for notes)."""

    def __missing__(self, o):
        c = chr(o)
        if c.isspace():
            f = " "
        else:
            t = c.translate(_DASHES).translate(_SLASHES).lower().replace("đ", "d")
            f = "".join(x for x in unicodedata.normalize("NFD", t) if not unicodedata.combining(x))[:1]
        self[o] = f
        return f


_FOLD_TABLE = _Folder()


# ---------------------------------------------------------------------------------------------
# vocabulary
@dataclass(frozen=True, eq=False)   # hashed by identity: one loaded vocab, cached patterns
class Vocab:
    """vocab/deadlines.yaml, folded and sorted longest first (longest phrase wins)."""
    words: dict                      # unit -> tuple of folded forms
    quarter_numerals: dict           # folded numeral -> 1..4
    halves: tuple                    # (folded phrase, 1|2)
    continuous: frozenset
    recurring: tuple                 # (folded phrase, recurrence)
    events: tuple
    noise_prefixes: tuple
    open_from: tuple
    open_recurrence: dict            # period kind -> recurrence
    range_connectors: tuple
    list_separators: tuple
    unspecified: frozenset = frozenset()     # the whole cell says no time is set


def _longest_first(items: Iterable) -> tuple:
    return tuple(sorted(items, key=lambda p: (-len(p[0] if isinstance(p, tuple) else p), p)))


def vocab_from_dict(data: dict) -> Vocab:
    def phrases(key):
        return _longest_first(fold(e["phrase"]) for e in data[key])
    return Vocab(
        words={k: tuple(fold(f) for f in v["forms"]) for k, v in data["words"].items()},
        quarter_numerals={fold(str(e["numeral"])): int(e["value"]) for e in data["quarter_numerals"]},
        halves=_longest_first((fold(e["phrase"]), int(e["half"])) for e in data["halves"]),
        continuous=frozenset(fold(e["phrase"]) for e in data["continuous"]),
        recurring=_longest_first((fold(e["phrase"]), e["recurrence"]) for e in data["recurring"]),
        events=phrases("events"),
        noise_prefixes=phrases("noise_prefixes"),
        open_from=_longest_first(fold(e["phrase"]) for e in data["open_from"]["phrases"]),
        open_recurrence=dict(data["open_from"]["recurrence_by_period"]),
        range_connectors=phrases("range_connectors"),
        list_separators=phrases("list_separators"),
        unspecified=frozenset(fold(e["phrase"]) for e in data.get("unspecified") or []),
    )


@functools.lru_cache(maxsize=None)
def load_vocab(path: str = str(VOCAB_PATH)) -> Vocab:
    return vocab_from_dict(vocab_files.load_file(path))


# ---------------------------------------------------------------------------------------------
# context
@dataclass
class DeadlineContext(Resolvable):
    """What a cell leaves implicit: the plan's year, for "Tháng 9" or "Trước ngày 05/12"."""
    year: Optional[int] = None

    def __post_init__(self):
        if self.year is not None and not (isinstance(self.year, int) and YEAR_MIN <= self.year <= YEAR_MAX):
            raise ValueError(f"year must be an int in {YEAR_MIN}..{YEAR_MAX}, not {self.year!r}")


    @classmethod
    def from_document(cls, doc: Optional[DocumentMeta]) -> "DeadlineContext":
        """The plan's own year: "năm 2026" in the title (a plan for 2026 issued in December 2025
        means 2026), else the issue date's year, else the issue year, else a year in the title."""
        if doc is None:
            return cls()
        year = title_plan_year(doc.title) if doc.title else None
        if year is None and doc.issue_date:
            m = re.match(r"(\d{4})-", doc.issue_date)
            year = int(m.group(1)) if m else None
        if year is None and doc.issue_year:
            year = int(doc.issue_year)
        if year is None and doc.title:
            year = title_to_year(doc.title)
        if year is not None and not (YEAR_MIN <= year <= YEAR_MAX):
            year = None
        return cls(year=year)


def title_plan_year(title: str) -> Optional[int]:
    """'... năm 2026' in a title, not inside a cited date ('ngày 22 tháng 12 năm 2024')."""
    key = fold(title)
    for m in re.finditer(r"\bnam\s+((?:19|20)\d{2})\b", key):
        if not re.search(r"thang\s+\d{1,2}\s*,?\s*$", key[:m.start()]):
            return int(m.group(1))
    return None


def title_to_year(title: str) -> Optional[int]:
    """'... năm 2025' in a title; else the first year not inside a cited date (dd/mm/yyyy)."""
    key = fold(title)
    m = re.search(r"\bnam\s+((?:19|20)\d{2})\b", key)
    if m:
        return int(m.group(1))
    key = re.sub(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}", " ", key)
    m = re.search(r"(?<![\d/])((?:19|20)\d{2})(?![\d/])", key)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------
# periods
@dataclass(frozen=True)
class Period:
    """One period as written; `year` None when the cell leaves it out."""
    kind: Optional[str]               # day | month | quarter | half | year | None (bare number)
    year: Optional[int] = None
    number: Optional[int] = None      # month, quarter or half number; day's month
    day: Optional[int] = None
    year_named: bool = False          # the year was written in the cell


def period_bounds(p: Period) -> Optional[tuple[_dt.date, _dt.date]]:
    """First and last day of a complete period, or None if it has no year or is invalid."""
    if p.year is None or p.kind is None:
        return None
    y = p.year
    try:
        if p.kind == "day":
            d = _dt.date(y, p.number, p.day)
            return d, d
        if p.kind == "month":
            return _dt.date(y, p.number, 1), _dt.date(y, p.number, calendar.monthrange(y, p.number)[1])
        if p.kind == "quarter":
            first = 3 * p.number - 2
            return _dt.date(y, first, 1), _dt.date(y, first + 2, calendar.monthrange(y, first + 2)[1])
        if p.kind == "half":
            return (_dt.date(y, 1, 1), _dt.date(y, 6, 30)) if p.number == 1 else \
                   (_dt.date(y, 7, 1), _dt.date(y, 12, 31))
        if p.kind == "year":
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def _alt(forms: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class _Patterns:
    day: re.Pattern
    month_num: re.Pattern
    month_word: re.Pattern
    quarter: re.Pattern
    half: re.Pattern
    year: re.Pattern
    bare: re.Pattern
    range_split: re.Pattern
    list_split: re.Pattern


@functools.lru_cache(maxsize=None)
def _patterns(v: Vocab) -> _Patterns:
    W = {k: _alt(forms) for k, forms in v.words.items()}
    Y = r"(?P<y>\d{4})"
    ysep = rf"\s*(?:[/.,-]|{W['year']})?\s*(?:{W['year']}\s*)?"        # "/", "năm", ", năm"
    qnum = "(?P<q>" + "|".join(re.escape(n) for n in sorted(v.quarter_numerals, key=len, reverse=True)) + r")(?![a-z0-9])"
    halves = "(?P<h>" + "|".join(re.escape(h) for h, _ in v.halves) + ")"
    conn = "|".join(
        (r"\s*" + re.escape(c) + r"\s*") if not c[0].isalnum() else (r"\s+" + re.escape(c) + r"\s+")
        for c in v.range_connectors)
    seps = "|".join(
        (r"\s*" + re.escape(c) + r"\s*") if not c[0].isalnum() else (r"\s+" + re.escape(c) + r"\s+")
        for c in v.list_separators)
    return _Patterns(
        day=re.compile(rf"(?:{W['day']}\s*)?(?P<d>\d{{1,2}})\s*(?:[/.-]|\s{W['month']}\s)\s*(?P<m>\d{{1,2}})"
                       rf"(?:\s*(?:[/.-]|,?\s*{W['year']})\s*{Y})?"),
        month_num=re.compile(rf"(?:{W['month']}\s*)?(?P<m>\d{{1,2}})\s*[/.-]\s*{Y}"),
        month_word=re.compile(rf"{W['month']}\s*(?P<m>\d{{1,2}})(?:{ysep}{Y})?"),
        quarter=re.compile(rf"{W['quarter']}\s*{qnum}(?:{ysep}{Y})?"),
        half=re.compile(rf"{halves}(?:{ysep}{Y})?"),
        year=re.compile(rf"(?:{W['year']}\s*)?{Y}"),
        bare=re.compile(r"(?P<n>\d{1,2}|" + "|".join(re.escape(n) for n in sorted(v.quarter_numerals, key=len, reverse=True)
                                                     if n.isalpha()) + rf")(?:\s*/\s*(?P<y>\d{{4}})|\s*,?\s*{W['year']}\s+(?P<y2>\d{{4}}))?"),
        range_split=re.compile(conn),
        list_split=re.compile(seps),
    )


def text_to_period(text: str, v: Vocab) -> Optional[Period]:
    """One period written alone: '30/9/2025', 'tháng 12 năm 2025', 'quý iv', '2026', 'ii'."""
    P = _patterns(v)
    t = text.strip(" .,;:")

    def year_of(m):
        y = m.group("y")
        return (int(y), True) if y else (None, False)

    m = P.day.fullmatch(t)
    if m:
        d, mo = int(m.group("d")), int(m.group("m"))
        y, named = year_of(m)
        if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y or 2000, mo)[1]:
            return Period("day", y, mo, d, named)
        return None
    for pat in (P.month_num, P.month_word):
        m = pat.fullmatch(t)
        if m:
            mo = int(m.group("m"))
            y, named = year_of(m)
            return Period("month", y, mo, None, named) if 1 <= mo <= 12 else None
    m = P.quarter.fullmatch(t)
    if m:
        y, named = year_of(m)
        return Period("quarter", y, v.quarter_numerals[m.group("q")], None, named)
    m = P.half.fullmatch(t)
    if m:
        y, named = year_of(m)
        return Period("half", y, dict(v.halves)[m.group("h")], None, named)
    m = P.year.fullmatch(t)
    if m:
        return Period("year", int(m.group("y")), None, None, True)
    m = P.bare.fullmatch(t)
    if m:
        n, y = m.group("n"), m.group("y") or m.group("y2")
        if m.group("y") and n.isdigit():
            return None               # '3/2026' is a month (month_num), never a bare number
        return Period(None, int(y) if y else None, int(n) if n.isdigit() else v.quarter_numerals[n], None, bool(y))
    return None


def _fill(periods: list[Period], context_year: Optional[int]) -> Optional[list[Period]]:
    """Bare numbers take the unit of the next period ('6, 7/2025'); missing years come from
    the nearest later period that names one ('Quý II, Quý III/2026'), else the plan's year."""
    out = list(periods)
    for i in range(len(out) - 1, -1, -1):
        if out[i].kind is None:
            nxt = next((p for p in out[i + 1:] if p.kind is not None), None) or \
                next((p for p in reversed(out[:i]) if p.kind is not None), None)   # "Quý III, IV/2025"
            if nxt is None or nxt.kind in ("year", "day"):
                return None
            out[i] = Period(nxt.kind, out[i].year, out[i].number, None, out[i].year_named)
            if nxt.kind == "quarter" and not 1 <= out[i].number <= 4 or \
               nxt.kind == "half" and not 1 <= out[i].number <= 2 or \
               nxt.kind == "month" and not 1 <= out[i].number <= 12:
                return None
    later_year = None
    for i in range(len(out) - 1, -1, -1):
        p = out[i]
        if p.year is not None:
            later_year = (p.year, p.year_named)
        elif later_year is not None:
            out[i] = Period(p.kind, later_year[0], p.number, p.day, later_year[1])
        elif context_year is not None:
            out[i] = Period(p.kind, context_year, p.number, p.day, False)
    return out


@dataclass(frozen=True)
class Span:
    kind: str
    start: Optional[str]
    due: Optional[str]
    year_named: bool


@functools.lru_cache(maxsize=64)
def _prefix_re(phrases: tuple) -> re.Pattern:
    """A phrase at the start, ending at a word boundary (or with a non-word character)."""
    alt = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)) or r"(?!x)x"
    return re.compile(r"(?:" + alt + r")(?:(?<![^\W_])|(?![^\W_]))")


def _strip_prefixes(t: str, phrases: tuple) -> str:
    """Drop leading phrases, again and again ("chậm nhất trước ngày ...")."""
    pattern = _prefix_re(phrases)
    while True:
        m = pattern.match(t)
        if m is None:
            return t
        if m.end() == len(t):
            return ""
        t = t[m.end():].strip(" ,:;")


@functools.lru_cache(maxsize=8)
def _span_prefixes(v: Vocab) -> tuple[tuple, tuple]:
    """The phrase lists text_to_span strips, built once per vocabulary (not per call)."""
    range_words = tuple(sorted(v.words.get("range", ()), key=len, reverse=True))
    return v.noise_prefixes + v.open_from, range_words + v.noise_prefixes


@functools.lru_cache(maxsize=4096)
def text_to_span(text: str, v: Vocab, context_year: Optional[int]) -> Optional[Span]:
    """A period expression: one period, a range ('2025 - 2026', 'từ tháng 6 đến tháng 9/2025',
    'giai đoạn 2026 - 2030') or periods listed together ('Quý II, Quý III/2026')."""
    lead, range_lead = _span_prefixes(v)
    t = _strip_prefixes(text.strip(" .,;:"), lead)
    t = _strip_prefixes(t, range_lead)
    if not t:
        return None
    P = _patterns(v)
    single = text_to_period(t, v)
    if single is not None:
        parts = [single]
    else:
        pieces = [x for x in P.range_split.split(t)]
        if len(pieces) < 2:
            pieces = P.list_split.split(t)
        if len(pieces) < 2:
            return None
        parts = []
        for piece in pieces:
            piece = _strip_prefixes(piece.strip(" .,;:"), lead)
            p = text_to_period(piece, v)
            if p is None:
                return None
            parts.append(p)
    filled = _fill(parts, context_year)
    if filled is None or any(p.kind is None for p in filled):
        return None
    named = any(p.year_named for p in filled)
    kind = filled[0].kind if len(filled) == 1 else "range"
    if any(p.year is None for p in filled):
        return Span(kind, None, None, named)
    if kind == "day":      # a day is a due date, not a period: "Trước ngày 30/6/2026" starts nowhere
        d = period_bounds(filled[0])
        return Span(kind, None, d[1].isoformat(), named) if d else None
    bounds = [period_bounds(p) for p in filled]
    if any(b is None for b in bounds):
        return None
    start, due = bounds[0][0], bounds[-1][1]
    if start > due:
        return None
    return Span(kind, start.isoformat(), due.isoformat(), named)


# ---------------------------------------------------------------------------------------------
# cell -> Deadline
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _strip_remarks(key: str) -> str:
    """Drop parenthesised remarks and trailing punctuation: 'Quý III/2025 (trình HĐND).'"""
    out = _PARENS.sub(" ", key)
    out = " ".join(out.split()).strip(" .;:,*")
    return out


@functools.lru_cache(maxsize=64)
def _phrase_finder(phrases: tuple) -> tuple[re.Pattern, dict]:
    by_text = {}
    for item in phrases:
        by_text.setdefault(item[0] if isinstance(item, tuple) else item, item)
    alt = "|".join(re.escape(p) for p in sorted(by_text, key=len, reverse=True))
    return re.compile(r"(?<![^\W_])(?:" + alt + r")(?![^\W_])"), by_text


def _find_phrase(key: str, phrases: tuple) -> Optional[tuple[int, str, object]]:
    """The longest phrase found at word boundaries (the earliest of equally long ones)."""
    pattern, by_text = _phrase_finder(phrases)
    best = None
    for m in pattern.finditer(key):
        if best is None or len(m.group()) > len(best.group()):
            best = m
    if best is None:
        return None
    return best.start(), best.group(), by_text[best.group()]


@functools.lru_cache(maxsize=8)
def _recurring_phrases(v: Vocab) -> tuple:
    return tuple(p for p, _ in v.recurring)


def _starts_with(key: str, phrases: tuple) -> Optional[str]:
    """The longest phrase the key starts with, ending at a word boundary."""
    m = _prefix_re(phrases).match(key)
    return m.group() if m else None


def key_to_deadline(raw: str, key: str, v: Vocab, context_year: Optional[int]) -> Deadline:
    """The folded cell -> Deadline, trying in order: empty, continuous phrase, event prefix,
    recurrence phrase (+ a period naming its year), open start ("từ năm 2026", read as
    recurring from that period), then a period expression. Anything else is unrecognised."""
    if not key:
        return Deadline(raw=raw, kind="unspecified")
    body = _strip_remarks(key) or _strip_remarks(key.replace("(", " ").replace(")", " "))
    if body in v.continuous:
        return Deadline(raw=raw, kind="continuous")
    if body in v.unspecified:
        return Deadline(raw=raw, kind="unspecified")
    event = _starts_with(body, v.events)
    recurring_start = _starts_with(body, _recurring_phrases(v)) or ""
    # the longer phrase wins: "theo quý" is quarterly, "theo quy định" (same letters folded) an event
    if event and len(event) > len(recurring_start) and text_to_span(body, v, context_year) is None:
        # (folding makes "sáu" (six) read "sau" (after): a cell that is a period wins)
        return Deadline(raw=raw, kind="event")
    hit = _find_phrase(body, v.recurring)
    if hit is not None:
        a, p, (_, recurrence) = hit
        rest = (body[:a] + " " + body[a + len(p):]).strip()
        rest = " ".join(rest.split()).strip(" ,;:-")
        rest = _strip_prefixes(rest, v.noise_prefixes)
        if rest.endswith(tuple(" " + s for s in v.list_separators)):
            rest = rest.rsplit(" ", 1)[0]
        span = text_to_span(rest, v, None) if rest else None
        if span is not None and span.year_named and span.due:
            return Deadline(raw=raw, kind="recurring", start=span.start, due=span.due, recurrence=recurrence)
        return Deadline(raw=raw, kind="recurring", recurrence=recurrence)
    opener = _starts_with(body, v.open_from)
    if opener is not None:
        rest = body[len(opener):].strip(" ,:;")
        has_end = v.range_connectors and _patterns(v).range_split.search(rest)
        if not has_end:
            span = text_to_span(rest, v, context_year)
            recurrence = v.open_recurrence.get(span.kind) if span is not None else None
            if recurrence is None:
                return Deadline(raw=raw, kind="unrecognised")
            if not span.year_named:          # "Từ tháng 7": from when, the cell does not say
                return Deadline(raw=raw, kind="recurring", recurrence=recurrence)
            return Deadline(raw=raw, kind="recurring", start=span.start, due=span.due, recurrence=recurrence)
    if not _only_period_words(body, v):     # a sentence: the composition reads it (faster, same answer)
        return Deadline(raw=raw, kind="unrecognised")
    span = text_to_span(body, v, context_year)
    if span is not None:
        return Deadline(raw=raw, kind=span.kind, start=span.start, due=span.due)
    return Deadline(raw=raw, kind="unrecognised")


_ALPHA_WORD_RE = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=8)
def _period_words(v: Vocab) -> frozenset:
    """Every word the period grammar can consume (text_to_span reads nothing else)."""
    phrases = [*v.noise_prefixes, *v.open_from, *v.range_connectors, *v.list_separators,
               *(h for h, _ in v.halves), *v.quarter_numerals, *(f for forms in v.words.values() for f in forms)]
    return frozenset(w for p in phrases for w in _ALPHA_WORD_RE.findall(p))


def _only_period_words(key: str, v: Vocab) -> bool:
    words = _period_words(v)
    return all(w in words for w in _ALPHA_WORD_RE.findall(key))


def parse_deadline(raw: str, context: Optional[DeadlineContext] = None) -> Deadline:
    """Normalise one deadline cell. Never raises: an unknown form is kind 'unrecognised'."""
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    try:
        context = DeadlineContext.resolve(context)
        v = load_vocab()
        key = fold(raw)
        d = key_to_deadline(raw, key, v, context.year)
        if d.kind == "unrecognised":
            return _in_order(compose(raw, v, context.year))
        return _in_order(_annotate(d, key, context.year))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, re.error):
        return Deadline(raw=raw, kind="unrecognised", confidence=0.0)


def _in_order(d: Deadline) -> Deadline:
    """A reading whose start falls after its due date ('2026 giai đoạn, 2025') is no period: the
    cell is unrecognised, with a note saying why, rather than a range that ends before it starts."""
    if d.start and d.due and d.start > d.due:
        return Deadline(raw=d.raw, kind="unrecognised", confidence=0.0,
                        note=f"chưa hiểu: “{squash_text(d.raw)}” (mốc bắt đầu {d.start} sau mốc kết thúc {d.due})")
    return d


def _annotate(d: Deadline, key: str, year: Optional[int]) -> Deadline:
    """A whole-cell reading: confidence, and the note of what it assumed or left aside."""
    if d.kind == "unspecified":
        return d
    notes = []
    body = _PARENS.sub(" ", key)
    if (d.start or d.due) and not re.search(r"(?<!\d)\d{4}(?!\d)", body):
        notes.append(f"năm {year} theo năm của kế hoạch")
    for m in _PARENS.finditer(d.raw):
        notes.append("ghi chú: " + squash_text(m.group()))
    d.note = "; ".join(notes) or None
    d.confidence = 0.9 if any("kế hoạch" in n for n in notes) else 1.0
    return d


# ---------------------------------------------------------------------------------------------
# composition (issue 13): a cell that is not one whole form
@dataclass(frozen=True, eq=False)
class Composition:
    """The composition vocabulary of vocab/deadlines.yaml, folded."""
    modifiers: tuple          # (folded phrase, role), longest first
    relative: tuple           # (folded phrase, recurrence)
    within: tuple             # (folded phrase, period | None, recurrence | None)
    school: tuple             # (folded phrase, start_month, end_month, end_day)
    hours: tuple
    minutes: tuple
    clock_prefixes: tuple
    from_now: tuple
    phrase_re: re.Pattern     # recurring | continuous | event | relative | within | from_now phrases
    phrase_class: dict        # folded phrase -> (class, value)
    clock_re: re.Pattern
    school_re: re.Pattern
    modifier_re: re.Pattern   # a modifier phrase at the end of a text
    modifier_role: dict = None
    covered_re: Optional[re.Pattern] = None   # a covered-period word opening a step's words


def _words_re(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)) or r"(?!x)x"


@functools.lru_cache(maxsize=None)
def load_composition(path: str = str(VOCAB_PATH)) -> Composition:
    data = vocab_files.load_file(path)
    v = load_vocab(path)
    mods = _longest_first((fold(e["phrase"]), e["role"]) for e in data["modifiers"])
    rel = _longest_first((fold(e["phrase"]), e["recurrence"]) for e in data["relative"])
    within = _longest_first((fold(e["phrase"]), e.get("period"), e.get("recurrence")) for e in data["within"])
    sy = data["school_year"]
    school = (fold(sy["phrase"]), int(sy["start_month"]), int(sy["end_month"]), int(sy["end_day"]))
    ck = data["clock"]
    hours, minutes = tuple(fold(x) for x in ck["hour"]), tuple(fold(x) for x in ck["minute"])
    prefixes = tuple(fold(x) for x in ck["prefixes"])
    from_now = tuple(fold(e["phrase"]) for e in data["from_now"])
    classes: dict = {}
    for p in v.events:
        classes[p] = ("event", None)
    for p in v.continuous:
        classes[p] = ("continuous", None)
    for p, r in v.recurring:
        classes[p] = ("recurring", r)
    for p, r in rel:
        classes[p] = ("relative", r)
    for p, period, r in within:
        classes[p] = ("within", (period, r))
    for p in from_now:
        classes[p] = ("from_now", None)
    phrase_re = re.compile(r"(?<![a-z0-9])(" + _words_re(classes) + r")(?![a-z0-9])")
    H, M = _words_re(hours), _words_re(minutes)
    one = rf"(\d{{1,2}})\s*(?:{H})\s*(?:(\d{{1,2}})\s*(?:{M})?)?"
    clock_re = re.compile(rf"(?<![a-z0-9])(?:(?:{_words_re(prefixes)})\s+)?{one}"
                          rf"(?:\s*(?:-|den)\s*{one})?(?![a-z0-9])")
    school_re = re.compile(rf"(?<![a-z0-9]){re.escape(school[0])}\s+(\d{{4}})\s*[-/]\s*(\d{{4}})(?!\d)")
    modifier_re = re.compile(r"(?<![a-z0-9])(" + _words_re(p for p, _ in mods) + r")\s*$")
    covered = [fold(e["phrase"]) for e in data.get("covered_period") or []]
    covered_re = re.compile(r"(?<![a-z0-9])(?:" + _words_re(covered) + r")(?![a-z0-9])") if covered else None
    return Composition(mods, rel, within, school, hours, minutes, prefixes, from_now,
                       phrase_re, classes, clock_re, school_re, modifier_re, dict(mods), covered_re)


# a document number or a cited date is not a deadline: "số 1441/QĐ-UBND ngày 25/9/2025", "71/NQ-CP"
_CITED_DATE = r"(?:\s+ngay\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})?"
_CITATION_NUM_RE = re.compile(r"\b\d[\w.&-]*/[a-z][\w.&/-]*" + _CITED_DATE)     # 71/NQ-CP
_CITATION_SO_RE = re.compile(r"\bso\s*:?\s*\d+(?![/\d])" + _CITED_DATE)            # số 12
_CLOCK_HINT_RE = re.compile(r"\d\s*(?:gio|h)(?![a-z])")
_ROMAN_RE = re.compile(r"[ivxlc]+")
_PERIOD_NEXT_RE = re.compile(r"\s*(?:\d|thang|nam|quy)")
_NUMBER_NEXT_RE = re.compile(r"\s*(?:\d|i|v)")
_COUNT_RE = re.compile(r"[\d\s,;-]+")
_YEAR_RE = re.compile(r"\d{4}")
_DAY_ONLY_RE = re.compile(r"ngay \d{1,2}")
_LIST_GAP_RE = re.compile(r"[\s,;+/&-]*(?:(?:va|hoac|den|toi)[\s,;]*)?")
_CLAUSE_MARK_RE = re.compile(r"[,;]")
_TOKEN_RE = re.compile(r"\d+|[a-z]+|[^\sa-z\d]")
_UNIT_WORDS = {"ngay", "thang", "quy", "nam"}
_ROMANS = {"i", "ii", "iii", "iv"}
_CONNECTORS = {"/", "-", ".", ",", ";", "+", "~", "va", "hoac", "den", "toi", "het", "cac"}
_CLAUSE_END = {",", ";", ".", ":"}


@dataclass
class _Step:
    span: Span
    start: int                 # key positions of the period run
    end: int
    mod_start: int             # where its modifier begins (= start when none)
    roles: tuple
    covered: Optional[tuple] = None   # (words start, covered period start, end) before this day


def _mask(work: str, a: int, b: int) -> str:
    """The text with [a, b) blanked (same length, so positions stay)."""
    return work[:a] + " " * (b - a) + work[b:]


def _runs(work: str) -> list[tuple[int, int, bool]]:
    """Maximal runs of period words: (start, end, has_number). A run starts at a number or a
    unit word (ngày, tháng, quý, năm, giai đoạn) and goes on over numbers, unit words, roman
    numerals and connectors; trailing connectors are dropped."""
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(work)]
    out, i, n = [], 0, len(toks)
    while i < n:
        t = toks[i][0]
        starts = t.isdigit() or t in _UNIT_WORDS or (t == "giai" and i + 1 < n and toks[i + 1][0] == "doan")
        if not starts:
            i += 1
            continue
        j, last_core = i, i
        while j + 1 < n:
            nt, prev = toks[j + 1][0], toks[j][0]
            if nt.isdigit() or nt in _UNIT_WORDS or nt == "doan" and prev == "giai":
                last_core = j + 1
            elif (nt in _ROMANS and (prev in (",", "va", "-", "hoac", ";") or prev in _ROMANS)
                  or prev == "quy" and _ROMAN_RE.fullmatch(nt)):     # "Quý V/2025" stays one (bad) run
                last_core = j + 1
            elif nt in ("dau", "cuoi") and prev == "thang":           # "6 tháng đầu năm"
                pass
            elif nt in _CONNECTORS:
                pass
            else:
                break
            j += 1
        a, b = toks[i][1], toks[last_core][2]
        has_number = any(toks[k][0].isdigit() or _ROMAN_RE.fullmatch(toks[k][0])
                         for k in range(i, last_core + 1))
        out.append((a, b, has_number))
        i = last_core + 1
    return out


def compose(raw: str, v: Vocab, context_year: Optional[int]) -> Deadline:
    """Read a sentence-like cell as a composition. Rules:
    - document numbers and the dates cited with them are masked first; "(...)" remarks are
      kept for the note (read only when the rest says nothing);
    - clock times go to `time`; "năm học 2025-2026" is one period; a relative period ("của
      tháng liền kề") or a recurrence phrase anywhere makes the cell recurring;
    - each run of period words is read by the period grammar (text_to_span) with the modifier
      just before it (vocab `modifiers`): from -> an open start (recurring by the period, as
      "Từ năm 2026"), early/mid/late -> `approx` with only the knowable bound, expected -> note;
    - one dated step: its kind and bounds; several steps joined only by list words: one range;
      several steps with words between them: kind range, `milestones` [{text, due}] in order,
      start = the first step's start when it is a period (none when it is a day), due = the
      latest step's due (none when a step has no date: the cell is done when its last step is);
    - no dated step: continuous phrase > event phrase > "trong năm" alone (the plan's year)
      > unrecognised. A continuous deadline carries no dates (DOMAIN.md): a period with it
      ("Thường xuyên trong năm 2026", "Thường xuyên trong năm" = the plan's year) goes to the
      note; only a start printed as a start ("từ ngày 01/3/2026") stays, as `start`.
    Never a date the cell and the context do not give; words not used go to `note`."""
    C = load_composition()
    text = unicodedata.normalize("NFC", raw)
    if _COMBINING_RE.search(text):
        text = _COMBINING_RE.sub("", text)
    key = text.translate(_FOLD_TABLE)
    work = key
    used = bytearray(len(key))
    notes: list[str] = []

    def take(a, b):
        used[a:b] = b"\x01" * (b - a)

    remarks = []
    for m in _PARENS.finditer(key):
        remarks.append((m.start(), m.end()))
        work = _mask(work, m.start(), m.end())
    w = work
    if "/" in w:
        for m in _CITATION_NUM_RE.finditer(w):
            a = m.start()
            so = re.search(r"\bso\s*:?\s*$", w[max(0, a - 8):a])
            work = _mask(work, a - (len(so.group()) if so else 0), m.end())
    if "so" in w:
        for m in _CITATION_SO_RE.finditer(w):
            work = _mask(work, m.start(), m.end())
    w = work
    times = []
    for m in (C.clock_re.finditer(w) if _CLOCK_HINT_RE.search(w) else ()):
        h1, m1, h2, m2 = m.group(1), m.group(2), m.group(3), m.group(4)
        if int(h1) > 24 or (h2 and int(h2) > 24):
            continue
        t = f"{int(h1):02d}:{int(m1 or 0):02d}" + (f"-{int(h2):02d}:{int(m2 or 0):02d}" if h2 else "")
        times.append(t)
        take(m.start(), m.end())
        work = _mask(work, m.start(), m.end())
    w = work
    steps: list[_Step] = []
    for m in (C.school_re.finditer(w) if C.school[0] in w else ()):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if y2 == y1 + 1:
            _, sm, em, ed = C.school
            span = Span("range", _dt.date(y1, sm, 1).isoformat(), _dt.date(y2, em, ed).isoformat(), True)
            steps.append(_Step(span, m.start(), m.end(), m.start(), ()))
            take(m.start(), m.end())
            work = _mask(work, m.start(), m.end())
    w = work
    found: dict = {}
    event_at = None
    for m in C.phrase_re.finditer(w):
        p = m.group(1)
        cls, value = C.phrase_class[p]
        if cls == "event" and p == "sau" and _PERIOD_NEXT_RE.match(w, m.end()):
            continue                                   # "sáu tháng" folds to "sau thang"
        if cls == "within" and _NUMBER_NEXT_RE.match(w, m.end()):
            continue                                   # "trong tháng 01/2026" is a period
        if cls == "event":
            if event_at is None:
                event_at = m.start()
            # the event clause runs to the next clause mark: dates in it belong to the event
            cm = _CLAUSE_MARK_RE.search(w, m.end())
            end = cm.start() if cm else len(w)
            take(m.start(), end)
            work = _mask(work, m.start(), end)
        else:
            take(m.start(), m.end())
            work = _mask(work, m.start(), m.end())
        found.setdefault(cls, []).append(value)
    w = work
    runs = _runs(w)
    unparsed = []
    for a, b, has_number in runs:
        if not has_number:
            continue
        run = " ".join(w[a:b].split())
        if _COUNT_RE.fullmatch(run) and not _YEAR_RE.search(run):
            continue                                   # "02 chuyên mục": a count, not a period
        span = text_to_span(run, v, context_year)
        before = w[:a].rstrip()
        if span is None:
            if _DAY_ONLY_RE.fullmatch(run) and ("relative" in found or "recurring" in found):
                mm = C.modifier_re.search(before)      # "ngày 05 của tháng liền kề": day of each period
                take(mm.start(1) if mm else a, b)
                continue
            unparsed.append((a, b))
            continue
        # the modifier is the phrase just before the run, in the same clause
        clause_start = max(before.rfind(c) for c in ",;:") + 1
        clause_start = max(clause_start, len(before) - 40)
        mm = C.modifier_re.search(before, clause_start)
        mod_start, roles = a, ()
        if mm:
            phrase = mm.group(1)
            mod_start = mm.start(1)
            roles = (C.modifier_role[phrase],)
            # "chậm nhất trong", "dự kiến trong": a second modifier before the first
            mm2 = C.modifier_re.search(before[:mod_start].rstrip(), clause_start)
            if mm2:
                roles = (C.modifier_role[mm2.group(1)],) + roles
                mod_start = mm2.start(1)
        take(mod_start, b)
        steps.append(_Step(span, a, b, mod_start, roles))
    steps.sort(key=lambda s: s.start)
    recurrence = next((r for r in found.get("recurring", []) + found.get("relative", [])), None)
    within = found.get("within", [])
    within_rec = next((r for period, r in within if r), None)
    plan_year = any(period == "plan_year" for period, r in within)
    continuous = "continuous" in found
    # read the remarks when the rest says nothing ("định kỳ phát sóng (mỗi tháng 02 chuyên mục)")
    if not steps and not found and remarks:
        inner = re.sub(r"[()\[\]]", " ", text)
        if inner != text:
            d = compose(inner, v, context_year)
            if d.kind != "unrecognised":
                d.raw = raw
                return d

    kind, start, due, milestones, approx = "unrecognised", None, None, [], None
    roles_all = [r for s in steps for r in s.roles]
    if recurrence:
        kind = "recurring"
        if len(steps) == 1 and steps[0].span.year_named and steps[0].span.due:
            start, due = steps[0].span.start, steps[0].span.due
    elif steps:
        groups = _group_steps(steps, w)
        if len(groups) > 1:
            groups, covered = _drop_covered(groups, key, C)
            for g in covered:
                take(g[0].mod_start, g[-1].end)
                notes.append("kỳ (số liệu, không phải hạn): " + squash_text(text[g[0].mod_start:g[-1].end]))
        if len(groups) == 1:
            g = groups[0]
            first, last = g[0], g[-1]
            kind = first.span.kind if len(g) == 1 else "range"
            start, due = first.span.start, last.span.due
            if kind == "day":
                start = None
            roles = first.roles
            if "from" in roles and len(g) == 1 and first.span.kind != "range":
                rec = v.open_recurrence.get(first.span.kind)
                if rec:
                    kind, recurrence = "recurring", rec
                    if not first.span.year_named:
                        start = due = None
                else:                                   # "từ ngày 01/3/2026": ongoing from that day
                    kind, start, due = "continuous", first.span.due, None
            elif "from_now" in found:
                kind, start = "range", None
            if "early" in roles:
                approx, due = "early", None
            elif "mid" in roles:
                approx, start, due = "mid", None, None
            elif "late" in roles:
                approx = "late"
            if continuous and kind not in ("recurring",):
                kind = "continuous"
                if "from" not in roles:                # "Thường xuyên trong năm 2026": a period, no dates
                    notes.append("kỳ: " + squash_text(text[first.mod_start:last.end]))
                    start = due = approx = None
        else:
            kind = "range"
            firsts = groups[0][0]
            start = firsts.span.start if firsts.span.kind != "day" else None
            dues = [g[-1].span.due for g in groups]
            due = max(dues) if all(dues) else None
            prev_end = 0
            for g in groups:
                s0 = g[0]
                if s0.covered is not None:             # "kỳ 6 tháng (từ ... đến ..., gửi": dates left out
                    a, ca, cb = s0.covered
                    label = _label(text, key, a, ca).rstrip(" (") + " " + _label(text, key, cb, s0.mod_start).lstrip(" ,)")
                    label = squash_text(label)
                else:
                    label = _label(text, key, prev_end, s0.mod_start)
                milestones.append({"text": label, "due": g[-1].span.due})
                take(prev_end, s0.mod_start)
                prev_end = g[-1].end
    elif continuous and within_rec:
        kind, recurrence = "recurring", within_rec
    elif continuous:
        kind = "continuous"                            # no dates: the period goes to the note
        if plan_year:
            notes.append(f"kỳ: trong năm {context_year} của kế hoạch" if context_year else "kỳ: trong năm")
    elif "event" in found:
        kind = "event"
    elif within_rec:
        kind, recurrence = "recurring", within_rec
    elif plan_year and context_year:
        kind, start, due = "year", f"{context_year}-01-01", f"{context_year}-12-31"
        notes.append(f"trong năm: năm {context_year} của kế hoạch")
    if kind == "recurring" and continuous and not recurrence:
        recurrence = within_rec
    if "expected" in roles_all:
        notes.append("dự kiến")
    if approx:
        notes.append({"early": "đầu kỳ: chưa rõ hạn", "mid": "giữa kỳ: chưa rõ ngày",
                      "late": "cuối kỳ: hạn là cuối kỳ"}[approx])
    if any(not s.span.year_named for s in steps) and (start or due):
        notes.append(f"năm {context_year} theo năm của kế hoạch")
    if event_at is not None and kind not in ("event",):
        notes.append("điều kiện: " + squash_text(text[event_at:]).split(";")[0].split(",")[0])
    for a, b in unparsed:
        notes.append(f"chưa hiểu: “{squash_text(text[a:b])}”")
    leftover = _unused(text, key, used, remarks)
    if leftover:
        notes.append("không dùng: " + "; ".join(f"“{x}”" for x in leftover))
    for a, b in remarks:
        notes.append("ghi chú: " + squash_text(text[a:b]))
    confidence = _confidence(kind, steps, leftover, unparsed, approx, roles_all, notes)
    return Deadline(raw=raw, kind=kind, start=start, due=due, recurrence=recurrence if kind == "recurring" else None,
                    milestones=milestones, time=",".join(times) or None, approx=approx,
                    note="; ".join(notes) or None, confidence=confidence)


def _drop_covered(groups: list, key: str, C: "Composition") -> tuple[list, list]:
    """Groups that are the period a report covers (vocab `covered_period`: "kỳ 6 tháng (từ ...
    đến ...)") followed by a day with a deadline word ("gửi trước ngày ..."): dropped from the
    steps (returned second); the day's milestone words are the covered words ("kỳ 6 tháng") and
    its own ("gửi"), without the covered dates."""
    if C.covered_re is None:
        return groups, []
    keep, covered, prev_end = [], [], 0
    for gi, g in enumerate(groups):
        nxt = groups[gi + 1] if gi + 1 < len(groups) else None
        words = key[prev_end:g[0].mod_start]
        if nxt is not None and len(nxt) == 1 and nxt[0].span.kind == "day" and "by" in nxt[0].roles \
                and (len(g) > 1 or g[0].span.kind == "range") and C.covered_re.search(words):
            covered.append(g)
            nxt[0].covered = (prev_end, g[0].mod_start, g[-1].end)
        else:
            keep.append(g)
        prev_end = g[-1].end
    return keep, covered


def _group_steps(steps: list, w: str) -> list[list]:
    """Steps with only list words / punctuation between them form one group (a list of periods
    read as one range); words between them separate milestones."""
    groups = [[steps[0]]]
    for s in steps[1:]:
        between = w[groups[-1][-1].end:s.mod_start]
        if _LIST_GAP_RE.fullmatch(between) and not s.roles:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


_COMBINING_RE = re.compile("[\u0300-\u036f]")
_FILLER = re.compile(r"^(?:[\s,.;:–-]|va|và|hoặc|la|là)*$", re.IGNORECASE)


def squash_text(t: str) -> str:
    return " ".join(t.split()).strip(" ,.;:-")


def _label(text: str, key: str, a: int, b: int) -> str:
    """A milestone's words: from the end of the previous step to this step's modifier."""
    t = squash_text(text[a:b])
    t = re.sub(r"^(?:và|hoặc|,|;)\s+", "", t, flags=re.IGNORECASE)
    return t


def _unused(text: str, key: str, used: bytearray, remarks: list) -> list[str]:
    used = bytearray(used)
    for a, b in remarks:
        used[a:b] = b"\x01" * (b - a)
    out = [text[m.start():m.end()] for m in re.finditer(b"\x00+", bytes(used))]
    return [squash_text(x) for x in out if not _FILLER.match(x) and squash_text(x)]


def _confidence(kind, steps, leftover, unparsed, approx, roles, notes) -> float:
    """1.0 a clean reading; less for words left over (a sentence cell), a vague part, a planned
    date, a year taken from the plan, a part not understood; 0.0 unrecognised."""
    if kind == "unrecognised":
        return 0.0
    c = 1.0
    if leftover:
        c -= 0.1
    if unparsed:
        c -= 0.3
    if approx:
        c -= 0.2
    if "expected" in roles:
        c -= 0.1
    if any("theo năm của kế hoạch" in n or "của kế hoạch" in n for n in notes):
        c -= 0.1
    return round(max(c, 0.1), 2)


def issues_for(tasks) -> list[Issue]:
    """One warning per task whose deadline the grammar does not know; row = the task id (run.py
    assigns ids before normalising), and the message names the task by number and opening words."""
    out = []
    for task in tasks:
        d = task.deadline
        if d is None or d.kind != "unrecognised":
            continue
        words = " ".join((task.text or "").split()[:12])
        label = f"nhiệm vụ {task.number} " if task.number else "nhiệm vụ "
        out.append(Issue("warning", "unrecognised-deadline",
                         f"Không nhận dạng được thời hạn “{d.raw.strip()}” của {label}"
                         f"(“{words}…”); giữ nguyên văn bản gốc, chưa quy đổi ngày.",
                         task.source.page if task.source else None, task.id or None))
    return out
