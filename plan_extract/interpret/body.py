"""Lines outside tables -> tasks and targets written in the body of a plan.

    lines -> body_lines (after the title, before "Nơi nhận" / the first "Phụ lục")
          -> blocks (heading / bullet / para, each with its lines)
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
from typing import Optional, Sequence

import regex as re

from plan_extract.interpret import metadata
from plan_extract.model.document import Deadline, Indicator, Provenance, Task
from plan_extract.model.parts import Line
from plan_extract.interpret.targets import parse_target, period_key
from plan_extract.text import join_lines, nfc, normalise_tones, squash_spaces
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
    r"^(?P<num>(?P<roman>[IVXLC]{1,6})\.|(?P<multi>\d{1,2}(?:\.\d{1,2}){1,3})\.?|(?P<arabic>\d{1,2})\."
    r"|(?P<letter>[a-zđ])\))\s*(?P<text>\S.*)$")
_BULLET = re.compile(r"^(?:[-–—+•*▪●◦]|\u2212)\s*(?P<text>\S.*)$")


def _split_number(text: str):
    m = _NUMBERED.match(text)
    if not m:
        return None
    if m.group("roman"):
        level = 1
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
            if re.search(r"\w[-‐‑]$", squash_spaces(prev.text)) and not (numbered or bullet):
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
def body_lines(lines: Sequence[Line]) -> list[Line]:
    """The lines of the body: after the title, before "Nơi nhận" or the first "Phụ lục"."""
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
    return [l for l in body if not re.fullmatch(r"[\s\-–—_=*.•·]*", l.text)]


# ---------------------------------------------------------------- headings
def _match_any(text: str, phrases: Sequence[str]) -> bool:
    low = normalise_tones(squash_spaces(text)).lower()
    parts = [p.strip() for p in re.split(r",|;|\bvà\b|:", low) if p.strip()]
    for ph in phrases:
        ph = normalise_tones(ph).lower()
        if low.startswith(ph) or any(p.startswith(ph) for p in parts[:3]):
            return True
    return False


def is_skip_heading(text: str) -> bool:
    """Mục đích, Yêu cầu, Mục tiêu, Kinh phí ...: sections whose prose assigns no task."""
    return _match_any(text, vocab()["skip_sections"])


def is_target_heading(text: str) -> bool:
    return _match_any(text, vocab()["target_sections"])


def is_coordination_heading(text: str) -> bool:
    """"Tổ chức thực hiện": its bare unit headings describe coordination roles; only headings
    that say "Trách nhiệm của ..." assign tasks there."""
    return _match_any(text, vocab()["coordination_sections"])


def unit_of_heading(text: str, cue_only: bool = False) -> Optional[str]:
    """A heading naming the unit that carries the tasks under it -> the unit phrase, else None.

    "Phòng Văn hoá - Xã hội" -> itself; "Trách nhiệm của Ủy ban nhân dân xã" ->
    "Ủy ban nhân dân xã"; "Phòng Kinh tế chủ trì, phối hợp các phòng, ban, ngành, đơn vị" ->
    "Phòng Kinh tế"; "Nâng cao nhận thức ..." -> None.
    """
    v = vocab()
    t = squash_spaces(nfc(text)).rstrip(" :.")
    if metadata._is_upper_text(t):
        return None              # "IV. TỔ CHỨC THỰC HIỆN": a part title, not a unit
    low = normalise_tones(t).lower()
    for cue in sorted(v["unit_heading_cues"], key=len, reverse=True):
        c = normalise_tones(cue).lower()
        if low.startswith(c + " "):
            rest = t[len(cue):].strip()
            return rest if _starts_with_unit(rest) and len(rest.split()) <= 16 else None
    if cue_only or not _starts_with_unit(t):
        return None
    m = re.search(r"\s+(?:" + "|".join(re.escape(x) for x in v["unit_heading_tails"]) + r")\b", t,
                  flags=re.IGNORECASE)
    name = t[:m.start()] if m else t
    if len(name.split()) > 14 or re.search(r"[.;]", name):
        return None
    return name


def _starts_with_unit(t: str) -> bool:
    """The text opens with a unit noun followed by a name (a capital, "xã", or a list of unit
    nouns), not by a verb ("Ban hành ...", "Tổ chức ...", "Phòng chống ...")."""
    v = vocab()
    low = normalise_tones(t).lower()
    nouns = sorted((normalise_tones(n).lower() for n in v["unit_nouns"]), key=len, reverse=True)
    for n in nouns:
        if low == n:
            return n not in ("các", "ban", "tổ", "hội")
        if not low.startswith(n + " ") and not low.startswith(n + ","):
            continue
        after = t[len(n):].lstrip(" ,")
        if not after:
            return False
        nxt = after.split()[0].strip(",;:")
        nxt_low = nxt.lower()
        if n == "các":
            al = after.lower()
            return any(al.startswith(x + " ") or al.startswith(x + ",") or al == x
                       for x in nouns if x != "các") or nxt[:1].isupper()
        if n == "tổ" and nxt_low == "chức":
            return False
        if nxt[:1].isupper() or nxt.isupper():
            return True
        if nxt_low in ("xã", "phường", "huyện", "tỉnh", "thị", "thành", "nhân", "kiểm", "chỉ",
                       "thường", "xây", "chuyên", "y", "văn", "kinh", "tư", "nội", "quản", "hành", "các"):
            # "Công an xã", "Ủy ban nhân dân xã", "Ban Chỉ đạo", "Phòng chuyên môn", ...
            return not re.match(r"^(?:hành\s+(?:các|kế|văn|quy|chính\s+sách))", after.lower())
        return False
    return False


# ---------------------------------------------------------------- deadlines in prose
def deadline_phrase(text: str) -> str:
    """The deadline a body task's last sentence states, as printed; else "".

    "..., hoàn thành trước ngày 30/9/2025." -> "trước ngày 30/9/2025";
    "... 02 lớp trong Quý IV/2025." -> "Quý IV/2025"; "... trong năm 2026." -> "trong năm 2026";
    "... báo cáo ... định kỳ hằng quý." -> "định kỳ hằng quý" (a recurrence only when it closes
    the task: "khen thưởng hằng năm của xã" states no deadline).
    Patterns: vocab/body.yaml deadline_patterns, tried in order."""
    t = squash_spaces(text)
    sentences = re.split(r"(?<=[.!?])\s+(?=\p{Lu})", t)
    last = sentences[-1] if sentences else t
    for entry in vocab()["deadline_patterns"]:
        pat = entry["pattern"]
        where = entry.get("where", "sentence")
        if where == "end":
            m = re.search(rf"(?i)(?:^|\s|,)(?P<keep>{pat})\s*[.;]?\s*(?:/\.)?$", last)
        else:
            m = re.search(rf"(?i)(?:^|\s|,|\()(?P<keep>{pat})(?=$|[\s.,;)])", last)
        if m:
            keep = m.group("keep")
            if entry.get("drop"):
                keep = re.sub(rf"(?i)^{entry['drop']}\s*", "", keep)
            return squash_spaces(keep)
    return ""


# ---------------------------------------------------------------- tasks
def blocks_to_tasks(blocks: Sequence[Block]) -> list[Task]:
    tasks: list[Task] = []
    stack: list[Block] = []             # enclosing numbered headings, outermost first
    section: Optional[Block] = None     # the nearest numbered heading
    unit: Optional[Block] = None        # the unit heading the current tasks belong to
    for b in blocks:
        if b.kind == "heading":
            if b.number:
                while stack and stack[-1].level >= b.level:
                    stack.pop()
                stack.append(b)
                section = b
            outer = [h for h in stack if h is not b]
            cue_only = any(is_coordination_heading(h.text) for h in outer)
            # a unit heading is numbered ("1.2. Phòng ...") or a bold line of its own
            unit = b if (b.number or b.bold) and unit_of_heading(b.text, cue_only) else None
            if unit is not None and any(is_skip_heading(h.text) for h in outer):
                unit = None
            continue
        if unit is not None and b.number and b.level <= unit.level:
            unit = None          # a numbered paragraph at the unit heading's level ends its tasks
        if unit is None:
            continue
        text = b.text
        tasks.append(Task(
            id="", origin="body", section=section.number if section else None,
            section_title=section.text if section else None, number=None, text=text,
            lead_raw=unit.text, deadline=Deadline(raw=deadline_phrase(text)),
            source=Provenance(page=b.page, bbox=b.bbox()),
        ))
    return tasks


def lines_to_tasks(lines: list[Line]) -> list[Task]:
    """Tasks written in prose under unit headings, origin "body", in document order."""
    return blocks_to_tasks(lines_to_blocks(body_lines(lines)))


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


def blocks_to_indicators(blocks: Sequence[Block]) -> list[Indicator]:
    out: list[Indicator] = []
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
        for name, raw, y in clause_targets(b.text, year):
            out.append(Indicator(
                id="", origin="body", number=None, parent=None, name=name,
                targets={y or "": parse_target(raw)},
                source=Provenance(page=b.page, bbox=b.bbox()),
            ))
    return out


def lines_to_indicators(lines: list[Line]) -> list[Indicator]:
    """Prose targets under "Mục tiêu" -> indicators, origin "body", keyed by year."""
    return blocks_to_indicators(lines_to_blocks(body_lines(lines)))
