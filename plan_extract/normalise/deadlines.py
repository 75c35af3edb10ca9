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
a day or month written without a year takes the plan's year (DeadlineContext).
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
    text = unicodedata.normalize("NFC", text).translate(_DASHES).translate(_SLASHES)
    text = text.lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


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
        """Year from the issue date, else the issue year, else a year in the title."""
        if doc is None:
            return cls()
        year = None
        if doc.issue_date:
            m = re.match(r"(\d{4})-", doc.issue_date)
            year = int(m.group(1)) if m else None
        if year is None and doc.issue_year:
            year = int(doc.issue_year)
        if year is None and doc.title:
            year = title_to_year(doc.title)
        if year is not None and not (YEAR_MIN <= year <= YEAR_MAX):
            year = None
        return cls(year=year)


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
                                                     if n.isalpha()) + r")(?:\s*/\s*(?P<y>\d{4}))?"),
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
        n, y = m.group("n"), m.group("y")
        if y and n.isdigit():
            return None
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


def _strip_prefixes(t: str, phrases: tuple) -> str:
    changed = True
    while changed:
        changed = False
        for p in phrases:
            if t == p:
                return ""
            if t.startswith(p) and (not p[-1].isalnum() or not t[len(p)].isalnum()):
                t = t[len(p):].strip(" ,:;")
                changed = True
                break
    return t


def text_to_span(text: str, v: Vocab, context_year: Optional[int]) -> Optional[Span]:
    """A period expression: one period, a range ('2025 - 2026', 'từ tháng 6 đến tháng 9/2025',
    'giai đoạn 2026 - 2030') or periods listed together ('Quý II, Quý III/2026')."""
    t = _strip_prefixes(text.strip(" .,;:"), v.noise_prefixes + v.open_from)
    range_words = v.words.get("range", ())
    t = _strip_prefixes(t, tuple(sorted(range_words, key=len, reverse=True)) + v.noise_prefixes)
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
            piece = _strip_prefixes(piece.strip(" .,;:"), v.noise_prefixes + v.open_from)
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


def _find_phrase(key: str, phrases: tuple) -> Optional[tuple[int, str, object]]:
    """First occurrence (longest phrase first) of a phrase at word boundaries."""
    for item in phrases:
        p = item[0] if isinstance(item, tuple) else item
        for m in re.finditer(re.escape(p), key):
            a, b = m.start(), m.end()
            if (a == 0 or not key[a - 1].isalnum()) and (b == len(key) or not key[b].isalnum()):
                return a, p, item
    return None


def _starts_with(key: str, phrases: tuple) -> Optional[str]:
    for p in phrases:
        if key == p or (key.startswith(p) and not key[len(p)].isalnum()):
            return p
    return None


def key_to_deadline(raw: str, key: str, v: Vocab, context_year: Optional[int]) -> Deadline:
    """The folded cell -> Deadline, trying in order: empty, continuous phrase, event prefix,
    recurrence phrase (+ a period naming its year), open start ("từ năm 2026", read as
    recurring from that period), then a period expression. Anything else is unrecognised."""
    if not key:
        return Deadline(raw=raw, kind="unspecified")
    body = _strip_remarks(key) or _strip_remarks(key.replace("(", " ").replace(")", " "))
    if body in v.continuous:
        return Deadline(raw=raw, kind="continuous")
    event = _starts_with(body, v.events)
    recurring_start = _starts_with(body, tuple(p for p, _ in v.recurring)) or ""
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
    span = text_to_span(body, v, context_year)
    if span is not None:
        return Deadline(raw=raw, kind=span.kind, start=span.start, due=span.due)
    return Deadline(raw=raw, kind="unrecognised")


def parse_deadline(raw: str, context: Optional[DeadlineContext] = None) -> Deadline:
    """Normalise one deadline cell. Never raises: an unknown form is kind 'unrecognised'."""
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    try:
        context = DeadlineContext.resolve(context)
        return key_to_deadline(raw, fold(raw), load_vocab(), context.year)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, re.error):
        return Deadline(raw=raw, kind="unrecognised")


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
