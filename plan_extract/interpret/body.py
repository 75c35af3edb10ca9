"""Lines outside tables -> tasks and targets written in the body of a plan.

    lines -> read_body: Body, read once per document
             (body lines: after the title, before "Nơi nhận" / the first "Phụ lục";
              blocks: heading / bullet / para, each with its lines)
          -> tasks: bullets and paragraphs under a heading naming a unit
             ("1.2. Phòng Văn hoá - Xã hội", "5. Trách nhiệm của Ủy ban nhân dân xã")
          -> indicators: "<name> đạt <target>" clauses under "Mục tiêu", keyed by the year of
             the heading above them ("Đến năm 2030")

Works with real Lines (bold, indents, line ends) and with geometry-free Lines (tests' seed
adapter), where paragraph breaks are read from short lines and sentence ends.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional, Sequence

import unicodedata

import regex as re

from plan_extract.interpret import metadata
from plan_extract.tables import headers as table_headers
from plan_extract.model.document import Deadline, Indicator, Provenance, Task
from plan_extract.model.parts import Line
from plan_extract.interpret import prose_targets
from plan_extract.interpret.targets import parse_target, period_key
from plan_extract.text import LIST_MARKS, join_lines, nfc, normalise_tones, squash_spaces
from plan_extract import vocab as vocab_files

VOCAB = vocab_files.path("body.yaml")


@lru_cache(maxsize=None)
def vocab() -> dict:
    return vocab_files.load("body.yaml")


# ---------------------------------------------------------------- blocks
@dataclass
class Block:
    kind: str                         # "heading" | "bullet" | "para"
    text: str                         # without the number / bullet marker
    number: Optional[str] = None      # "1.2." as printed, for numbered blocks
    level: int = 0                    # 1 roman, 2 "1.", 3 "1.1.", 4 "1.1.1.", 5 "a)"; 0 none
    lines: list[Line] = field(default_factory=list)
    bold: bool = False

    @property
    def page(self) -> Optional[int]:
        return self.lines[0].page if self.lines else None

    def bbox(self) -> Optional[list[float]]:
        first = [l for l in self.lines if l.page == self.page]
        if not first or not any(l.x1 for l in first):
            return None
        return [round(min(l.x0 for l in first), 2), round(min(l.top for l in first), 2),
                round(max(l.x1 for l in first), 2), round(max(l.bottom for l in first), 2)]


_NUMBERED = re.compile(
    r"^(?P<num>(?P<roman>[IVXLC]{1,6})\.|(?P<article>Điều\s+\d{1,3})\.|(?P<multi>\d{1,2}(?:\.\d{1,2}){1,3})\.?|(?P<arabic>\d{1,2})\."
    r"|(?P<letter>[a-zđ])\))\s*(?P<text>\S.*)$")
_BULLET = re.compile(rf"^[{LIST_MARKS}]\s*(?P<text>\S.*)$")


def _split_number(text: str):
    m = _NUMBERED.match(text)
    if not m:
        return None
    if m.group("roman") or m.group("article"):
        level = 1          # "IV. TỔ CHỨC THỰC HIỆN"; a resolution's "Điều 4. Tổ chức thi hành"
    elif m.group("multi"):
        level = 2 + m.group("multi").count(".")
    elif m.group("arabic"):
        level = 2
    else:
        level = 5
    # "2025." or "15. " inside a sentence are not numbers of a heading: keep to small numbers
    return m.group("num"), level, m.group("text")


def _right_edge(lines: Sequence[Line]) -> dict[int, float]:
    """Per page, the right edge of justified text (the 90th percentile of line ends)."""
    by_page: dict[int, list[float]] = {}
    for l in lines:
        by_page.setdefault(l.page, []).append(l.x1)
    out = {}
    for p, xs in by_page.items():
        xs = sorted(xs)
        out[p] = xs[int(0.9 * (len(xs) - 1))]
    return out


def _left_edge(lines: Sequence[Line]) -> dict[int, float]:
    by_page: dict[int, list[float]] = {}
    for l in lines:
        by_page.setdefault(l.page, []).append(l.x0)
    out = {}
    for p, xs in by_page.items():
        xs = sorted(xs)
        out[p] = xs[int(0.1 * (len(xs) - 1))]
    return out


_GLUED_END = re.compile(r"\w[-‐‑]$")            # a line ending in a hyphen glued to a word
_LETTER_OR_DIGIT = re.compile(r"[\p{L}\p{N}]")
_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+(?=\p{Lu})")


def lines_to_blocks(lines: Sequence[Line]) -> list[Block]:
    """Body lines -> blocks. A block starts at a number ("1.2."), a bullet ("- "), a first-line
    indent, a change of weight (bold heading / regular text), or after a line that ends short
    of the right edge or with a sentence end."""
    lines = [l for l in lines if squash_spaces(l.text)]
    if not lines:
        return []
    right = _right_edge(lines)
    left = _left_edge(lines)
    has_geometry = len({round(l.x0) for l in lines}) > 1
    blocks: list[Block] = []
    prev: Optional[Line] = None
    for l in lines:
        t = squash_spaces(nfc(l.text))
        starts = prev is None
        numbered = _split_number(t)
        bullet = _BULLET.match(t)
        if prev is not None:
            width = max(right[prev.page] - left[prev.page], 1.0)
            prev_short = prev.x1 < right[prev.page] - 0.12 * width
            prev_end = squash_spaces(prev.text).endswith((".", ":", ";", "!", "?", "./."))
            indented = has_geometry and l.x0 > left[l.page] + 12
            if numbered or bullet:
                starts = prev_short or prev_end or indented or l.bold != prev.bold or not has_geometry
            elif l.bold != prev.bold:
                starts = True
            elif has_geometry:
                starts = indented or prev_short
            else:
                very_short = prev.x1 < right[prev.page] - 0.4 * width
                starts = (prev_end or very_short) and _starts_sentence(t)
            if _GLUED_END.search(squash_spaces(prev.text)) and not (numbered or bullet):
                starts = False
            # a line that opens in lower case after a line that ends mid-sentence continues it,
            # whatever its weight (a bold phrase inside a paragraph, a Word line break)
            if not (numbered or bullet) and t[:1].islower() and not prev_end:
                starts = False
        if not starts and blocks:
            blocks[-1].lines.append(l)
            prev = l
            continue
        if numbered:
            num, level, text = numbered
            blocks.append(Block("heading", text, num, level, [l], l.bold))
        elif bullet:
            blocks.append(Block("bullet", bullet.group("text"), None, 0, [l], l.bold))
        else:
            blocks.append(Block("heading" if l.bold else "para", t, None, 0, [l], l.bold))
        prev = l
    for b in blocks:
        first = squash_spaces(nfc(b.lines[0].text))
        if b.number:
            first = _split_number(first)[2]
        elif b.kind == "bullet":
            first = _BULLET.match(first).group("text")
        b.text = join_lines([first] + [l.text for l in b.lines[1:]])
        # a numbered block in regular weight that runs on like a sentence is a numbered
        # paragraph; a short one ("1.2. Phòng Kinh tế") is still a heading
        if b.kind == "heading" and b.number and has_geometry and not b.bold and \
                (len(b.lines) > 2 or b.text.endswith((".", ";"))):
            b.kind = "para"
    return blocks


def _starts_sentence(t: str) -> bool:
    c = t[:1]
    return bool(c) and (c.isupper() or c in "“\"(")


# ---------------------------------------------------------------- the body's extent
@dataclass(frozen=True)
class Body:
    """A plan's lines read once for the body stages (tasks, indicators, table places, missing
    appendices): every line, the body's lines and their blocks. Lines and Blocks are not
    changed after read_body made them."""
    lines: tuple[Line, ...]
    body_lines: tuple[Line, ...]
    blocks: tuple[Block, ...]
    target_items: tuple[TargetItem, ...]      # numbered prose targets, each read once


def read_body(lines: Sequence[Line]) -> Body:
    """lines -> Body: the body's lines (after the title, before "Nơi nhận" or the first
    "Phụ lục"), lines_to_blocks of them and the numbered items of its lists of targets, read
    by the prose grammar (for the indicators and for the check of unread items)."""
    inside = _body_lines(lines)
    blocks = tuple(lines_to_blocks(inside))
    return Body(tuple(lines), tuple(inside), blocks, tuple(target_items(blocks)))


def _body_lines(lines: Sequence[Line]) -> list[Line]:
    lines = metadata.content_lines(lines)
    start = 0
    ti = metadata.find_doc_type(lines)
    if ti is None:
        ti = metadata.find_doc_type_fuzzy(lines)
    if ti is not None:
        start = metadata.title_span(lines, ti)[1]
    end = metadata.body_end(lines, start)
    body = list(lines[start:end])
    # the separator under the title
    # the separator under the title; stray marks of a scan ("`"): lines without a letter or digit
    return [l for l in body if _LETTER_OR_DIGIT.search(l.text)]


# ---------------------------------------------------------------- sections and headings
UnitFinder = Callable[[str], Optional[str]]


def _no_units(text: str) -> Optional[str]:
    return None


@lru_cache(maxsize=1 << 12)     # a pure function of a title or phrase: the same few, asked again and again
def _letters(text: str) -> str:
    """Lower case without diacritics ("NỌI DUNG", an OCR reading of "NỘI DUNG" -> "noi dung"):
    section titles are compared on their letters, so a misread tone mark does not hide them."""
    t = unicodedata.normalize("NFD", squash_spaces(text).lower().replace("đ", "d"))
    return "".join(c for c in t if not unicodedata.combining(c))


def _match_any(text: str, phrases: Sequence[str]) -> bool:
    low = _letters(text)
    parts = [p.strip() for p in re.split(r",|;|\bva\b|:", low) if p.strip()]
    for ph in phrases:
        ph = _letters(ph)
        if low.startswith(ph) or any(p.startswith(ph) for p in parts[:3]):
            return True
    return False


def is_skip_heading(text: str) -> bool:
    """Mục đích, Yêu cầu, Mục tiêu, Kinh phí ...: sections whose prose assigns no task."""
    return _match_any(text, vocab()["skip_sections"])


def is_target_heading(text: str) -> bool:
    return _match_any(text, vocab()["target_sections"])


def is_coordination_heading(text: str) -> bool:
    """"Tổ chức thực hiện": its bare unit headings describe coordination roles when the plan
    has already assigned its work under unit headings in an earlier part."""
    return _match_any(text, vocab()["coordination_sections"])


def is_work_heading(text: str) -> bool:
    """"Nhiệm vụ, giải pháp", "Tổ chức thực hiện", "Phân công ...": a part that assigns work."""
    return _match_any(text, vocab()["work_sections"])


@dataclass
class HeadingUnit:
    lead_raw: str                 # the heading as printed (without "Đề nghị" and a closing colon)
    unit: str                     # the first unit it names
    requested: bool = False       # "Đề nghị ...": bodies outside the issuer's authority
    group: bool = False           # "Đối với ...": items name their own subject
    inline: Optional[str] = None  # "Sở Tư pháp: Lồng ghép ..." -> the task after the colon
    leadin: bool = False          # a sentence "X tham mưu ... như:" over bullets that are X's tasks


def _strip_cue(text: str) -> tuple[str, Optional[str]]:
    """"Trách nhiệm của Ban Chỉ đạo xã" -> ("Ban Chỉ đạo xã", "trách nhiệm của")."""
    low = normalise_tones(text).lower()
    for cue in sorted(vocab()["unit_heading_cues"], key=len, reverse=True):
        c = normalise_tones(cue).lower()
        if low.startswith(c + " "):
            return text[len(cue):].strip(), cue
    return text, None


def _sentence_like(text: str) -> bool:
    t = text.rstrip()
    return t.endswith((".", ";", "./.")) or len(t.split()) > 40


def heading_unit(text: str, unit_at_start: UnitFinder) -> Optional[HeadingUnit]:
    """A heading naming the unit(s) that carry the tasks under it, else None.

    "Phòng Văn hoá - Xã hội"; "Trách nhiệm của Ủy ban nhân dân xã"; "Sở Tài chính chủ trì,
    phối hợp các sở, ban, ngành"; "Đề nghị Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh"
    (requested); "Sở Tư pháp: Lồng ghép ..." (inline: the task follows the colon);
    "Đối với Uỷ ban nhân dân cấp xã, các trường phổ thông" (a group: items name their subject).
    The unit itself is recognised by `unit_at_start` (the unit-name grammar)."""
    t = squash_spaces(nfc(text)).strip()
    if not t or metadata._is_upper_text(t):
        return None              # "IV. TỔ CHỨC THỰC HIỆN": a part title, not a unit
    head, inline = t, None
    m = re.search(r":\s*", t)
    if m:
        head, inline = t[:m.start()].strip(), t[m.end():].strip() or None
    if _sentence_like(head):
        return None
    rest, cue = _strip_cue(head)
    unit = unit_at_start(rest)
    if not unit:
        return None
    v = vocab()
    requested = cue is not None and any(normalise_tones(cue).lower() == normalise_tones(c).lower()
                                        for c in v["requested_cues"])
    group = cue is not None and any(normalise_tones(cue).lower() == normalise_tones(c).lower()
                                    for c in v["group_cues"])
    lead_raw = rest if (requested or group) else head
    if inline is not None and len(inline.split()) < 3:
        inline = None
    leadin = False
    span = units_span(rest, unit_at_start)
    if inline is None and t.endswith(":") and span and len(rest[len(span):].split()) > 8:
        # "3. Các đơn vị, địa phương tham mưu, triển khai ... các mặt công tác, như:" introduces
        # the bullets below it: a sentence with a subject, not a heading naming a unit
        verbs = "|".join(re.escape(x) for x in vocab()["leadin_verbs"])
        m = re.search(rf"\s(?:{verbs})(?=[\s,]|$)", span)
        lead_raw, leadin = (span[:m.start()] if m else span), True
    return HeadingUnit(lead_raw.rstrip(" :"), unit, requested, group, inline, leadin)


def unit_of_heading(text: str, unit_at_start: UnitFinder, cue_only: bool = False) -> Optional[str]:
    """The units a heading names (see heading_unit), without its cue or role words, else None:
    "Trách nhiệm của Ủy ban nhân dân xã" -> "Ủy ban nhân dân xã"; "Phòng Kinh tế chủ trì, phối
    hợp các phòng, ban, ngành, đơn vị" -> "Phòng Kinh tế"; `cue_only`: only headings with a cue."""
    t = squash_spaces(nfc(text)).strip()
    if heading_unit(t, unit_at_start) is None:
        return None
    rest, cue = _strip_cue(t.split(":")[0].strip())
    if cue_only and cue is None:
        return None
    return units_span(rest, unit_at_start)


@dataclass
class Subject:
    lead_raw: str
    requested: bool = False


def units_span(text: str, unit_at_start: UnitFinder) -> Optional[str]:
    """The list of units a text opens with, as printed: "Các sở, ban, ngành, đoàn thể và Ủy ban
    nhân dân các xã, phường, đặc khu căn cứ ..." -> "Các sở, ban, ngành, đoàn thể và Ủy ban nhân
    dân các xã, phường, đặc khu" (each next unit found by the grammar after ",", ";" or "và")."""
    first = unit_at_start(text)
    if not first:
        return None
    k = _prefix_end(text, first)
    if k is None:
        return first
    while True:
        m = re.match(r"\s*(?:,|;|\bvà\b)\s*", text[k:])
        if not m:
            break
        rest = text[k + m.end():]
        nxt = unit_at_start(rest)
        e = _prefix_end(rest, nxt) if nxt else None
        if e is None:
            break
        k = k + m.end() + e
    return text[:k].strip(" ,;")


def _prefix_end(text: str, name: str) -> Optional[int]:
    """Where `name` (as the grammar returned it) ends in `text`, when text starts with it."""
    if text.startswith(name):
        return len(name)
    words = name.split()
    m = re.match(r"\s*" + r"\s+".join(re.escape(w) for w in words), text)
    return m.end() if m else None


def item_subject(text: str, unit_at_start: UnitFinder) -> Optional[Subject]:
    """The unit(s) a sentence opens with, as its subject: "Bộ Tư pháp chịu trách nhiệm ...";
    "Giao Công an tỉnh là cơ quan thường trực ..."; "Đề nghị các đơn vị ..." (requested);
    "Căn cứ Kế hoạch này, đề nghị các đơn vị, địa phương ..." (an opening clause first)."""
    t = squash_spaces(nfc(text))
    v = vocab()
    cues = "|".join(re.escape(c) for c in sorted(v["subject_cues"], key=len, reverse=True))
    m = re.match(rf"(?i)^(?:[^,;:.]{{1,60}},\s+)?(?P<cue>{cues})\s+(?P<rest>.+)$", t)
    candidates = []
    if m:
        candidates.append((m.group("rest"), m.group("cue")))
    candidates.append((t, None))
    for rest, cue in candidates:
        span = units_span(rest, unit_at_start)
        if span:
            requested = cue is not None and cue.lower() in [c.lower() for c in v["requested_cues"]]
            return Subject(span, requested)
    return None


def split_own_subjects(text: str, unit_at_start: UnitFinder) -> list[str]:
    """An item whose later sentence names its own subject ("... theo Kế hoạch này. Riêng Uỷ ban
    nhân dân phường Hồng Ngự cử ...") -> one part per subject ("Riêng đối với ..." names none)."""
    cues = "|".join(re.escape(c) for c in vocab()["own_subject_cues"])
    out: list[str] = []
    for part in re.split(rf"(?<=[.!?])\s+(?=(?:{cues})\s)", text, flags=re.IGNORECASE):
        part = part.strip()
        if out and not unit_at_start(part.split(None, 1)[1] if " " in part else ""):
            out[-1] = f"{out[-1]} {part}"
        elif part:
            out.append(part)
    return out


def is_closing(text: str) -> bool:
    """Closing formulas, contact lines, liability statements: never tasks
    ("Trong quá trình thực hiện, nếu có vướng mắc ...", "Trên đây là Kế hoạch ...")."""
    low = normalise_tones(squash_spaces(text)).lower()
    v = vocab()
    if any(low.startswith(normalise_tones(p).lower()) for p in v["closing_openings"]):
        return True
    return any(normalise_tones(p).lower() in low for p in v["closing_phrases"])


def _same_body(a: str, b: Optional[str]) -> bool:
    if not b:
        return False
    ka, kb = (normalise_tones(squash_spaces(x)).lower().strip(" .") for x in (a, b))
    return ka == kb or ka.startswith(kb) or kb.startswith(ka)


# ---------------------------------------------------------------- deadlines in prose
def deadline_phrase(text: str) -> str:
    """The deadline a body task states, as printed; else "".

    "..., hoàn thành trước ngày 30/9/2025." -> "trước ngày 30/9/2025";
    "... (hoàn thành trong tháng 4/2026) ..." -> "hoàn thành trong tháng 4/2026" (anywhere);
    "... 02 lớp trong Quý IV/2025." -> "Quý IV/2025"; "... trong năm 2026." -> "trong năm 2026";
    "... báo cáo ... định kỳ hằng quý." -> "định kỳ hằng quý" (a recurrence only when it closes
    the task: "khen thưởng hằng năm của xã" states no deadline).
    Patterns: vocab/body.yaml deadline_patterns, tried in order; quotas ("ít nhất 01 lần/tháng")
    match none of them."""
    t = squash_spaces(text)
    sentences = _SENTENCE_GAP.split(t)
    last = sentences[-1] if sentences else t
    for entry in vocab()["deadline_patterns"]:
        pat = entry["pattern"]
        where = entry.get("where", "sentence")
        if where == "end":
            m = re.search(rf"(?i)(?:^|\s|,)(?P<keep>{pat})\s*[.;]?\s*(?:/\.)?$", last)
        elif where == "clause_end":       # the end of a clause opening with one of `opens`
            clause = re.split(r";\s+", last.strip().rstrip(";"))[-1]
            opens = "|".join(re.escape(o) for o in entry["opens"])
            m = re.match(rf"(?i)(?:{opens})\s", clause) and \
                re.search(rf"(?i)(?:^|\s|,)(?P<keep>{pat})\s*[.;]?\s*(?:/\.)?$", clause)
        elif where == "anywhere":
            m = re.search(rf"(?i)(?:^|\s|,|\()(?P<keep>{pat})(?=$|[\s.,;)])", t)
        else:
            m = re.search(rf"(?i)(?:^|\s|,|\()(?P<keep>{pat})(?=$|[\s.,;)])", last)
        if m:
            keep = m.group("keep")
            if entry.get("drop"):
                keep = re.sub(rf"(?i)^{entry['drop']}\s*", "", keep)
            return squash_spaces(keep)
    return ""


# ---------------------------------------------------------------- tasks
@dataclass
class _Top:
    """A top-level part of the plan ("III. NHIỆM VỤ, GIẢI PHÁP", "Điều 4. Tổ chức thi hành")."""
    block: Optional[Block]
    skip: bool = False
    work: bool = False
    coordination: bool = False
    unit_tasks: int = 0


def _outline(blocks: Sequence[Block]) -> list[tuple[Block, list[Block], _Top]]:
    """Each block with its enclosing numbered headings (outermost first) and its top-level part."""
    out = []
    stack: list[Block] = []
    top = _Top(None)
    for b in blocks:
        enclosing = list(stack)
        if b.number:             # numbered headings and numbered paragraphs share one numbering
            while stack and stack[-1].level >= b.level:
                stack.pop()
            enclosing = list(stack)
            stack.append(b)
            if b.level == 1 and b.kind == "heading":
                top = _Top(b, skip=is_skip_heading(b.text), work=is_work_heading(b.text),
                           coordination=is_coordination_heading(b.text))
        out.append((b, enclosing, top))
    return out


def _is_item(b: Block) -> bool:
    """A numbered paragraph, a lettered item or a bullet (not a plain paragraph)."""
    return b.kind == "bullet" or (b.number is not None and b.level >= 2)


def blocks_to_tasks(blocks: Sequence[Block], unit_at_start: Optional[UnitFinder] = None,
                    issuer: Optional[str] = None, has_task_table: bool = False) -> list[Task]:
    """Tasks from the body's blocks, by the plan's structure:

    - the part that assigns work: the top-level sections titled as work (Nhiệm vụ, giải pháp,
      Tổ chức thực hiện, Phân công ...) when the plan has them, else every section that is not
      purposes, targets, funding, participants ...; never before the first of them;
    - in it, each item or paragraph under a unit heading is a task led by the heading's units
      (an inline heading "Sở Tư pháp: Lồng ghép ..." is one task); a "Tổ chức thực hiện" part
      after a part with unit headings only restates roles, so its bare unit headings are not read;
    - items (numbered, lettered, bulleted) directly in a work part whose sentence opens with a
      unit are tasks of that unit ("Giao Công an tỉnh ...", "Đề nghị các đơn vị ..."); numbered
      items naming no unit are the issuer's own tasks (lead empty, `owner` = the issuer) when the
      plan neither has unit headings nor a task table;
    - closing formulas, contact lines and liability statements are never tasks.
    """
    find = unit_at_start or _no_units
    outline = _outline(blocks)
    tops = []
    for _, _, top in outline:
        if top.block is not None and (not tops or tops[-1] is not top):
            tops.append(top)
    has_work = any(t.work for t in tops)

    def readable(top: _Top) -> bool:
        if top.block is None:
            return not tops          # a plan without top-level parts: its whole body
        return not top.skip and (top.work or not has_work)

    # the units a heading names, read once per block (the pre-pass and the main loop ask both)
    named: dict[int, Optional[HeadingUnit]] = {}

    def unit_of(b: Block) -> Optional[HeadingUnit]:
        if id(b) not in named:
            named[id(b)] = heading_unit(b.text, find)
        return named[id(b)]

    # unit headings anywhere in the readable parts (decides the coordination and no-unit rules)
    def unit_heading(b: Block) -> bool:
        h = unit_of(b)
        if h is None or h.leadin:
            return False
        # in a plan whose tasks are in a table, an item "Các phòng: A, B căn cứ ..." restates
        # roles; the body is organised by unit only under headings that are a name alone
        return not (has_task_table and h.inline)
    headed = {id(top) for b, _, top in outline
              if readable(top) and b.kind == "heading" and b.number and b.level > 1 and unit_heading(b)}
    plan_has_unit_headings = bool(headed)
    subject_rules = plan_has_unit_headings or not has_task_table

    tasks: list[Task] = []
    unit: Optional[Block] = None
    hu: Optional[HeadingUnit] = None
    leadin: Optional[tuple[Block, Subject]] = None     # "3. Các đơn vị ... như:" + bullets
    unit_leadin: Optional[Subject] = None              # "Riêng Uỷ ban ... quản lý:" + bullets
    first_requested = False
    list_marker: Optional[str] = None                  # the kind of items under the unit heading
    earlier_units = False
    current_top = None

    def add(b: Block, text: str, lead_raw: Optional[str], section: Optional[Block], number=None,
            requested=False, owner=None):
        if is_closing(text):
            return
        tasks.append(Task(
            id="", origin="body", section=section.number if section else None,
            section_title=section.text if section else None, number=number, text=text,
            lead_raw=lead_raw, deadline=Deadline(raw=deadline_phrase(text)),
            requested=requested, owner=owner,
            source=Provenance(page=b.page, bbox=b.bbox()),
        ))

    for b, enclosing, top in outline:
        if top is not current_top:
            if current_top is not None and current_top.unit_tasks:
                earlier_units = True
            current_top = top
            unit = hu = leadin = None
        if not readable(top) or b is top.block:
            continue
        section = next((h for h in reversed(enclosing + [b]) if h.kind == "heading" and h.number), None)
        # an item read as a task is filed under the heading above it, never under itself
        above = section if section is not b else \
            next((h for h in reversed(enclosing) if h.kind == "heading" and h.number), None)
        is_heading = b.kind == "heading" and (b.number or b.bold)
        # a heading at the unit heading's level or above ends its tasks
        if unit is not None and b.number and b.level <= unit.level:
            unit = hu = None
        if leadin is not None and b.number and b.level <= leadin[0].level:
            leadin = None
        if is_heading and not (unit is not None and b.level > unit.level and b.level == 5):
            h = unit_of(b) if (b.number or b.bold) else None
            coordination_only = top.coordination and earlier_units
            if h is not None and coordination_only and _strip_cue(squash_spaces(b.text))[1] is None:
                h = None
            if h is not None and not b.number and not h.inline and \
                    units_span(_strip_cue(squash_spaces(b.text).rstrip(" :"))[0], find) != \
                    _strip_cue(squash_spaces(b.text).rstrip(" :"))[0]:
                h = None         # an unnumbered bold line is a heading only when it is a name alone
            if h is not None and not b.number and table_headers.role_of(b.text) is not None:
                h = None         # a table's header row left in the text ("Cơ quan phối hợp Thời hạn")
            if h is not None and (h.leadin or h.inline) and not subject_rules:
                h = None         # a lead-in or role sentence of a plan whose tasks are in a table
            if h is not None and not _sentence_like(b.text.split(":")[0]):
                unit, hu, list_marker, leadin, unit_leadin = b, h, None, None, None
                top.unit_tasks += 0 if h.leadin else 1
                if h.inline:
                    add(b, h.inline, h.lead_raw, b, requested=h.requested)
                continue
            if unit is not None and b.level > unit.level and not _sentence_like(b.text):
                continue         # a theme heading inside a unit's part: its items stay the unit's
            unit = hu = None
            if not (top.work and subject_rules and b.number and b.level >= 2
                    and (_sentence_like(b.text) or b.text.rstrip().endswith(":"))):
                continue
            # a numbered heading that reads like a sentence is an item of the work part
        if unit is not None and hu is not None:
            marker = "number" if b.number else b.kind
            if list_marker is None:
                list_marker = marker
            elif b.kind == "para" and not b.number and list_marker in ("number", "bullet") \
                    and marker != list_marker and not hu.group:
                continue         # a plain paragraph after a list of items: not one of them
            if b.kind != "bullet":
                unit_leadin = None
            for i, part in enumerate(split_own_subjects(b.text, find)):
                lead_raw, requested = hu.lead_raw, hu.requested
                if unit_leadin is not None and b.kind == "bullet" and i == 0:
                    lead_raw, requested = unit_leadin.lead_raw, unit_leadin.requested
                own = hu.group or i > 0 or re.match(r"(?i)^(?:đề nghị|giao)\s", part)
                sub = item_subject(part, find) if own else None
                if sub is not None:
                    if _same_body(sub.lead_raw, issuer):
                        continue
                    lead_raw = sub.lead_raw
                    requested = sub.requested or hu.requested or (i > 0 and first_requested)
                if i == 0:
                    first_requested = requested
                if part.rstrip().endswith(":") and sub is not None:
                    unit_leadin = Subject(sub.lead_raw, requested)   # its bullets are its tasks
                number = b.number if b.level == 5 else (_plain_number(unit.number) if hu.leadin else None)
                add(b, part, lead_raw, above, number=number, requested=requested)
            continue
        if not (top.work and subject_rules and _is_item(b)):
            continue
        # items directly in a work part (or under a lead-in sentence ending with ":")
        if leadin is not None and b.kind == "bullet":
            lb, ls = leadin
            add(b, b.text, ls.lead_raw, lb, number=_plain_number(lb.number), requested=ls.requested)
            continue
        if len(enclosing) > 1:
            continue             # an item under a theme heading: restated per unit elsewhere
        sub = item_subject(b.text, find)
        if sub is not None and _same_body(sub.lead_raw, issuer):
            continue             # "Ủy ban nhân dân tỉnh yêu cầu ...": the issuer's closing word
        if b.text.rstrip().endswith(":") and b.number:
            leadin = (b, sub) if sub is not None else None
            if sub is None and not plan_has_unit_headings and not has_task_table:
                leadin = (b, Subject("", False))
            continue
        if sub is not None:
            add(b, b.text, sub.lead_raw, section if section is not b else top.block,
                number=_plain_number(b.number), requested=sub.requested)
        elif b.number and b.level == 2 and not plan_has_unit_headings and not has_task_table \
                and len(enclosing) == 1:
            add(b, b.text, None, top.block, number=_plain_number(b.number), owner=issuer)
    for t in tasks:
        if t.lead_raw == "":
            t.lead_raw, t.owner = None, issuer
    return tasks


def _plain_number(number: Optional[str]) -> Optional[str]:
    """"3." -> "3"; "a)" stays "a)"."""
    if number is None:
        return None
    return number[:-1] if number.endswith(".") and not number.startswith("Điều") else number


def body_to_tasks(body: Body, unit_at_start: Optional[UnitFinder] = None,
                  issuer: Optional[str] = None, has_task_table: bool = False) -> list[Task]:
    """Tasks written in prose under unit headings, origin "body", in document order.
    `unit_at_start(text)` (the unit-name grammar, normalise.units.unit_at_start, passed in by
    run.py: interpret comes before normalise) -> the unit a text opens with, or None."""
    return blocks_to_tasks(list(body.blocks), unit_at_start, issuer, has_task_table)


_REFERENCED_APPENDIX = re.compile(
    r"(?i)(?:chi tiết|cụ thể|phân công)\s+(?:tại|theo|ở)\s+(?:các\s+)?phụ lục\s+(?:số\s+)?"
    r"(?P<nums>[IVXLC\d]+(?:\s*(?:,|và|-)\s*[IVXLC\d]+)*)")


def missing_appendices(body: Body) -> list[tuple[str, Optional[int]]]:
    """Appendices the body points to for the assignment ("chi tiết tại Phụ lục 2, 3") that the
    file does not contain -> [(the phrase as printed, page)]."""
    content = metadata.content_lines(body.lines)
    after = content[metadata.body_end(content, 0):]
    present = set()
    for l in after:
        m = re.match(r"(?i)^\s*phụ lục\s+(?:số\s+)?([IVXLC\d]+)\b", squash_spaces(l.text))
        if m:
            present.add(_arabic(m.group(1)))
        elif re.match(r"(?i)^\s*phụ lục\s*$", squash_spaces(l.text)):
            present.add("")
    out = []
    for l in body.body_lines:
        for m in _REFERENCED_APPENDIX.finditer(squash_spaces(nfc(l.text))):
            nums = [_arabic(n) for n in re.split(r"\s*(?:,|và|-)\s*", m.group("nums"))]
            if not present or any(n not in present for n in nums):
                if "" in present and len(present) == 1 and len(nums) == 1:
                    continue     # one unnumbered "Phụ lục" for one referenced appendix
                out.append((m.group(0), l.page))
    return out


def _arabic(num: str) -> str:
    num = num.upper()
    if num.isdigit():
        return str(int(num))
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, c in enumerate(num):
        v = vals.get(c, 0)
        total += -v if i + 1 < len(num) and vals.get(num[i + 1], 0) > v else v
    return str(total)


# ---------------------------------------------------------------- prose targets
_PERIOD_HEADING = re.compile(r"(?i)^(?:đến|tầm nhìn|giai đoạn|năm|mục tiêu|từ|trong)\b.*\b(?:19|20)\d{2}\b")
_CLAUSE_YEAR = re.compile(r"(?i)^(?:đến|từ|trong|tới)\s+(?:hết\s+)?năm\s+((?:19|20)\d{2})\s*,?\s*")
_TARGET_VALUE = (r"(?P<target>(?:(?:trên|dưới|tối thiểu|tối đa|ít nhất|không dưới|không quá|hơn|khoảng|từ)\s+"
                 r"|[≥≤><=]=?\s*)?\d+(?:[.,]\d+)?\s*%?(?:\s+trở\s+(?:lên|xuống))?)")


def _is_period_heading(b: Block) -> bool:
    if b.kind == "heading" and period_key(b.text):
        return True
    return (b.kind == "para" and len(b.text.split()) <= 8 and not b.text.endswith((".", ";"))
            and bool(_PERIOD_HEADING.match(b.text)))


def clause_targets(text: str, year: Optional[str]) -> list[tuple[str, str, Optional[str]]]:
    """A paragraph of prose targets -> [(name, raw target, year key)].

    "Tỷ lệ hồ sơ TTHC xử lý trực tuyến đạt 85%; giao dịch không dùng tiền mặt đạt 80%" ->
    [("Tỷ lệ hồ sơ TTHC xử lý trực tuyến", "85%", year), ("Giao dịch không dùng tiền mặt", "80%", year)].
    """
    v = vocab()
    verbs = "|".join(re.escape(x) for x in sorted(v["target_verbs"], key=len, reverse=True))
    before = "|".join(re.escape(x) for x in v["target_verbs_before"])
    heads = "|".join(re.escape(x) for x in v["indicator_heads"])
    out = []
    clauses = re.split(r";|(?<=[^\d\s])\.\s+|(?<=\d)\.\s+(?=\p{Lu})|\.$", squash_spaces(text))
    for clause in clauses:
        c = clause.strip(" ,.")
        if not c:
            continue
        y = year
        m = _CLAUSE_YEAR.match(c)
        if m:
            y, c = m.group(1), c[m.end():]
        m = re.search(rf"(?i)\s(?:{verbs})\s+{_TARGET_VALUE}(?=\s*(?:$|[,;.)]|\s+và\b))", " " + c)
        if m and not _is_year_value(m.group("target")):
            name = c[:m.start()].strip(" ,")
            hs = list(re.finditer(rf"(?i)(?<!\w)(?:{heads})(?!\w)", name))
            if hs and hs[-1].start() > 0:
                name = name[hs[-1].start():]
            elif ", " in name and len(name.split()) > 25:
                continue
            out.append((_cap_first(name), m.group("target").strip(), y))
            continue
        # "100% khối phố đạt tiêu chí “Khối phố số”": the value opens the clause
        m = re.match(rf"(?i){_TARGET_VALUE}\s+(?P<name>\p{{L}}.+)$", c)
        if m and "%" in m.group("target"):
            out.append((_cap_first(m.group("name").strip(" ,.")), m.group("target").strip(), y))
            continue
        m = re.search(rf"(?i)(?:^|\s)(?:{before})\s+{_TARGET_VALUE}\s+(?P<name>.+)$", c)
        if m and "%" in m.group("target") and not _is_year_value(m.group("target")):
            name = re.split(r"(?i)\s+và\s+(?:tăng|giảm|duy trì|từng bước|phấn đấu)\b", m.group("name"))[0]
            out.append((_cap_first(name.strip(" ,.")), m.group("target").strip(), y))
    return out


def _is_year_value(raw: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}", raw.strip()))


def _cap_first(s: str) -> str:
    return s[:1].upper() + s[1:]


def _target_blocks(blocks: Sequence[Block]):
    """The paragraphs under a targets heading, each with the period its headings give."""
    stack: list[Block] = []
    year: Optional[str] = None
    in_targets = False
    for b in blocks:
        if b.kind == "heading" and b.number:
            while stack and stack[-1].level >= b.level:
                stack.pop()
            stack.append(b)
            in_targets = any(is_target_heading(h.text) for h in stack)
            year = next((period_key(h.text) for h in reversed(stack) if period_key(h.text)), None)
            continue
        if _is_period_heading(b):
            year = period_key(b.text)
            continue
        if b.kind == "heading" or not in_targets:
            continue
        yield b, year


@dataclass(frozen=True)
class TargetItem:
    """A numbered item of a prose list of targets ("(12) Đến năm 2030, ..."), read by the prose
    grammar: its targets and the clauses holding a figure that gave none."""
    number: str
    text: str
    term: Optional[str]
    block: Block
    targets: tuple[prose_targets.ProseTarget, ...]
    unread: tuple[str, ...]

    @property
    def page(self) -> Optional[int]:
        return self.block.page


def target_items(blocks: Sequence[Block]) -> list[TargetItem]:
    out = []
    for b, year in _target_blocks(blocks):
        for number, text in numbered_target_items(b):
            targets, unread = prose_targets.read_item(text, year)
            out.append(TargetItem(number, text, year, b, tuple(targets), tuple(unread)))
    return out


def body_to_indicators(body: Body) -> list[Indicator]:
    """Prose targets under "Mục tiêu" -> indicators, origin "body", keyed by year: a numbered
    item's targets as read_body read them, other paragraphs' "<name> đạt <target>" clauses."""
    items_of: dict[int, list[TargetItem]] = {}
    for item in body.target_items:
        items_of.setdefault(id(item.block), []).append(item)
    out: list[Indicator] = []
    for b, year in _target_blocks(body.blocks):
        items = items_of.get(id(b))
        if items:
            for item in items:
                for t in item.targets:
                    out.append(Indicator(
                        id="", origin="body", number=item.number, parent=None, name=t.name,
                        targets={t.key or "": parse_target(t.raw)},
                        source=Provenance(page=b.page, bbox=b.bbox()),
                    ))
            continue
        for name, raw, y in clause_targets(b.text, year):
            out.append(Indicator(
                id="", origin="body", number=None, parent=None, name=name,
                targets={y or "": parse_target(raw)},
                source=Provenance(page=b.page, bbox=b.bbox()),
            ))
    return _without_repeats(out)


def numbered_target_items(b: Block) -> list[tuple[str, str]]:
    """A paragraph that opens with an item marker ("(12) Đến năm 2030, ...") -> [(number, text)];
    items run together in one paragraph are cut at each marker after a sentence end."""
    if b.kind == "heading" or not prose_targets.split_item(b.text):
        return []
    parts = re.split(r"(?<=[.;])\s+(?=\(\d{1,3}\)\s)", squash_spaces(b.text))
    return [item for item in (prose_targets.split_item(p) for p in parts) if item]


def _without_repeats(indicators: list[Indicator]) -> list[Indicator]:
    """A document that restates its list of targets (a congress resolution repeating the political
    report) gives each indicator once: same number, name and targets as an earlier row."""
    seen, out = set(), []
    for ind in indicators:
        key = (ind.number, ind.name.lower(),
               tuple(sorted((k, t.raw if t else None) for k, t in ind.targets.items())))
        if ind.number and key in seen:
            continue
        seen.add(key)
        out.append(ind)
    return out


# ---------------------------------------------------------------- tables standing in the body
@dataclass
class BodyPlace:
    """Where a table stands in the body: the numbered headings enclosing it (outermost first)."""
    enclosing: list[Block]

    @property
    def section(self) -> Optional[str]:
        """The heading's number as a path through the outline: "III." + "1." + "a)" -> "III.1.a)"."""
        return _number_path(self.enclosing) if self.enclosing else None

    @property
    def section_title(self) -> Optional[str]:
        return self.enclosing[-1].text if self.enclosing else None

    @property
    def parent_section(self) -> Optional[str]:
        return _number_path(self.enclosing[:-1]) if len(self.enclosing) > 1 else None

    @property
    def parent_section_title(self) -> Optional[str]:
        return self.enclosing[-2].text if len(self.enclosing) > 1 else None


def _number_path(blocks: Sequence[Block]) -> str:
    return "".join(b.number if b.number.endswith((".", ")")) else b.number + "." for b in blocks)


def _position(page: Optional[int], top: Optional[float]) -> tuple[int, float]:
    return (page or 0, top if top is not None else 0.0)


def places_in_body(body: Body, anchors: Sequence[tuple[int, float]]) -> list[Optional[BodyPlace]]:
    """For each table (its first page and the top of its first part), its place in the body's
    outline when it stands inside the body — numbered body text both before and after it (a
    table in an appendix, after "Nơi nhận" or a "Phụ lục" label, has none after it) — else None.

    The enclosing headings are the numbered headings open at the table (a lettered item ending
    with ":" that introduces the table counts as one); numbered paragraphs that read as
    sentences do not head what follows them."""
    blocks = list(body.blocks)
    if not blocks:
        return [None] * len(anchors)
    firsts = [_position(b.page, b.lines[0].top) for b in blocks]
    lasts = [_position(b.lines[-1].page, b.lines[-1].top) for b in blocks]
    outline = _outline(blocks)
    out: list[Optional[BodyPlace]] = []
    for anchor in anchors:
        before = [i for i, last in enumerate(lasts) if last <= anchor]
        after = [i for i, first in enumerate(firsts) if first > anchor]
        if not before or not after:
            out.append(None)
            continue
        b, enclosing, _ = outline[before[-1]]
        chain = enclosing + [b] if b.number else list(enclosing)
        while chain and chain[-1].kind != "heading" and not chain[-1].text.rstrip().endswith(":"):
            chain.pop()          # a numbered sentence ended before the table: not its heading
        out.append(BodyPlace(chain) if chain else None)
    return out
