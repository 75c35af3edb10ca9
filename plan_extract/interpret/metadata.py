"""Lines outside tables -> DocumentMeta: header, type, title, signature and cited documents.

The header is the Nghị định 30/2020 two-column letterhead: the issuer in capitals on the left
with "Số: ..." under it; the motto and the place-date line on the right. `lines_to_document`
chains small steps, each a pure function tested alone:

    lines -> header_lines / title_lines / body_text / signature_lines
    header_lines -> issuer_lines, number, place + date
    issuer_lines -> issuer, parent_issuer
    text -> references

Lines may come with real geometry (read.py) or without (x0 = 0 for all, as in the seed
adapters of the tests): every step works on text first and uses geometry only to split columns.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional, Sequence

import regex as re

from plan_extract.model.document import DocumentMeta, Reference
from plan_extract.model.parts import Line
from plan_extract.text import join_lines, nfc, normalise_tones, squash_spaces
from plan_extract import vocab as vocab_files

VOCAB = vocab_files.path("doc_types.yaml")


@lru_cache(maxsize=None)
def vocab() -> dict:
    return vocab_files.load("doc_types.yaml")


def doc_type_names() -> list[str]:
    """Known document types, longest first (so "Chương trình hành động" beats "Chương trình")."""
    return sorted(vocab()["doc_types"], key=len, reverse=True)


# ---------------------------------------------------------------- case helpers
def sentence_case(text: str) -> str:
    """"CHƯƠNG TRÌNH HÀNH ĐỘNG" -> "Chương trình hành động"."""
    t = squash_spaces(nfc(text)).lower()
    return t[:1].upper() + t[1:]


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# ---------------------------------------------------------------- issuer names
def normal_case_name(text: str) -> str:
    """A body's name printed in capitals -> normal case, new tone marks.

    "ỦY BAN NHÂN DÂN XÃ TIÊN ĐIỀN" -> "Ủy ban nhân dân xã Tiên Điền";
    "SỞ CÔNG THƯƠNG" -> "Sở Công Thương"; "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI" ->
    "Văn phòng Điều phối nông thôn mới". A name already in mixed case is kept as printed.
    """
    text = squash_spaces(nfc(text))
    if not _is_upper_text(text):
        return normalise_tones(text)
    text = normalise_tones(text)
    v = vocab()
    upper = text.upper()
    prefix = None
    for p in sorted(v["issuer_prefixes"], key=len, reverse=True):
        pk = normalise_tones(p).upper()
        if upper == pk or upper.startswith(pk + " "):
            prefix = p
            break
    if prefix is None:
        return _keep_abbreviations(_place_case(text.lower(), capitalise_first=True), text)
    spec = v["issuer_prefixes"][prefix]
    head = spec["name"]
    rest = text[len(prefix):].strip()
    if not rest:
        return head
    if spec["rest"] == "place":
        tail = _place_case(rest.lower(), capitalise_first=False)
    elif spec["rest"] == "field":
        tail = _field_case(rest)
    elif spec["rest"] == "name":
        tail = " ".join(_cap(w) for w in rest.lower().split())
    else:
        tail = _place_case(rest.lower(), capitalise_first=False)
    out = _keep_abbreviations(f"{head} {tail}", rest)
    for proper in v["issuer_proper_words"]:
        out = re.sub(rf"(?i)(?<!\w){re.escape(proper)}(?!\w)", proper, out)
    return out


def _keep_abbreviations(cased: str, printed: str) -> str:
    """Abbreviations of the printed capitals ("TW", "UBND": _is_abbreviation) put back in
    capitals after the name was cased."""
    for word in printed.split():
        if _is_abbreviation(word):
            cased = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", word, cased)
    return cased


def _is_abbreviation(word: str) -> bool:
    """"TW", "UBND", "HĐND": capitals that spell no Vietnamese syllable."""
    from plan_extract.readers.text_layer import vietnamese_syllable
    return len(word) >= 2 and word.isalpha() and word.isupper() and not vietnamese_syllable(word.lower()) \
        and not _misread(word)


def _misread(word: str) -> bool:
    """A word carrying Vietnamese marks that spells no syllable ("TỎÓ"): an OCR misreading,
    not an abbreviation (abbreviations carry no tone or vowel marks: "UBND", "HĐND")."""
    import unicodedata
    from plan_extract.readers.text_layer import vietnamese_syllable
    if not word.isalpha() or vietnamese_syllable(word.lower()):
        return False
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word.replace("Đ", "D")
                                                                        .replace("đ", "d")))


def respell_from_text(line: str, text: str) -> str:
    """A letterhead line in capitals read by OCR, mended from the document's own text: the
    longest run of its words (from its first) that the body prints with the same letters
    once diacritics, spaces and case are set aside takes the body's diacritics and spacing
    ("BỘCÔNGAN" -> "BỘ CÔNG AN", "TỎ CÔNG TÁC LIÊN NGÀNH TW" -> "TỔ CÔNG TÁC LIÊN NGÀNH TW"
    from "Bộ Công an", "Tổ Công tác liên ngành" in the body). Words not found stay as read."""
    def key(s):
        return re.sub(r"[\s\-–]", "", strip_marks(s).lower())
    words = re.findall(r"[\p{L}\d]+", nfc(text))
    if not words:
        return line
    spellings: dict[str, dict[str, int]] = {}
    for i in range(len(words)):
        for n in range(1, 9):
            if i + n > len(words):
                break
            seq = words[i:i + n]
            k = key("".join(seq))
            if len(k) > 40:
                break
            spelt = " ".join(seq).upper()
            spellings.setdefault(k, {}).setdefault(spelt, 0)
            spellings[k][spelt] += 1
    parts = line.split()
    for n in range(len(parts), 0, -1):
        head = " ".join(parts[:n])
        k = key(head)
        if len(k) < 4 or k not in spellings:
            continue
        best = max(sorted(spellings[k]), key=lambda sp: spellings[k][sp])
        if strip_marks(best).replace(" ", "").upper() != strip_marks(head).replace(" ", "").upper():
            continue
        return " ".join([best] + parts[n:])
    # a misread word ("TỎÓ") among words read right: the body's run of as many words whose
    # other words are the same letters and whose word in its place is close to it
    bad = {i for i, w in enumerate(parts) if _misread(w)}
    if not bad:
        return line
    import difflib
    for n in range(len(parts), 1, -1):
        if not any(i < n for i in bad):
            continue
        want = [key(w) for w in parts[:n]]
        found: dict[str, int] = {}
        for i in range(len(words) - n + 1):
            got = [key(w) for w in words[i:i + n]]
            if all((g == w) if j not in bad else difflib.SequenceMatcher(None, g, w).ratio() >= 0.6
                   for j, (g, w) in enumerate(zip(got, want))):
                spelt = " ".join(words[i:i + n]).upper()
                found[spelt] = found.get(spelt, 0) + 1
        if found:
            best = max(sorted(found), key=found.get)
            return " ".join([best] + parts[n:])
    return line


def _field_case(rest: str) -> str:
    """Field words: first word and the first word after "và" / "-" capitalised, then any
    place name ("... TỈNH HÀ TĨNH") cased as a place."""
    lower = rest.lower()
    levels = vocab()["admin_levels"]
    m = re.search(r"(?<!\w)(" + "|".join(sorted(levels, key=len, reverse=True)) + r")\s+(?!hội\b)\S", lower)
    field, place = (lower[:m.start()].strip(), lower[m.start():]) if m and m.start() > 0 else (lower, "")
    words = field.split()
    out = []
    cap_next = True
    for w in words:
        if w in ("và", "-", "–"):
            out.append(w)
            cap_next = True
            continue
        out.append(_cap(w) if cap_next else w)
        cap_next = False
    s = " ".join(out)
    if place:
        s += " " + _place_case(place, capitalise_first=False)
    return s


def _place_case(lower: str, capitalise_first: bool) -> str:
    """"xã tiên điền" -> "xã Tiên Điền": words after an administrative level are a place name."""
    levels = sorted(vocab()["admin_levels"], key=len, reverse=True)
    words = lower.split()
    out = []
    i = 0
    in_place = False
    while i < len(words):
        matched = None
        for lv in levels:
            n = len(lv.split())
            if " ".join(words[i:i + n]) == lv and not (lv == "xã" and words[i + 1:i + 2] == ["hội"]):
                matched = n
                break
        if matched:
            out.extend(words[i:i + matched])
            i += matched
            in_place = True
            continue
        out.append(_cap(words[i]) if in_place else words[i])
        i += 1
    s = " ".join(out)
    return s[:1].upper() + s[1:] if capitalise_first else s


def compose_issuer(issuer_lines: Sequence[str], bold: Optional[Sequence[bool]] = None
                   ) -> tuple[Optional[str], Optional[str]]:
    """The header's left column (top to bottom) -> (issuer, parent_issuer), normal case.

    ["ỦY BAN NHÂN DÂN", "XÃ TIÊN ĐIỀN"] -> ("Ủy ban nhân dân xã Tiên Điền", None);
    ["UBND TỈNH HÀ TĨNH", "SỞ CÔNG THƯƠNG"] -> ("Sở Công Thương", "Ủy ban nhân dân tỉnh Hà Tĩnh");
    ["ĐẢNG BỘ TỈNH HÀ TĨNH", "ĐẢNG ỦY XÃ YÊN HÒA"] -> ("Đảng ủy xã Yên Hòa", "Đảng bộ tỉnh Hà Tĩnh").
    A line opening with a body's name ("SỞ ...", "ĐẢNG ỦY ...") starts a new body, and so does
    the step from regular to bold weight (the issuer's own name prints bold, its parent
    regular); any other line continues the name above it ("XÃ TIÊN ĐIỀN", a wrapped
    "VĂN PHÒNG ĐIỀU PHỐI NÔNG" / "THÔN MỚI").
    """
    pairs = [(squash_spaces(nfc(l)), (bold[i] if bold is not None and i < len(bold) else None))
             for i, l in enumerate(issuer_lines) if squash_spaces(l)]
    if not pairs:
        return None, None
    levels = vocab()["admin_levels"]
    prefixes = [normalise_tones(p).upper() for p in vocab()["issuer_prefixes"]]
    bodies: list[str] = []
    prev_bold = None
    for line, b in pairs:
        up = normalise_tones(line).upper()
        low = line.lower()
        is_level = any(low == lv or low.startswith(lv + " ") for lv in levels)
        opens = any(up == p or up.startswith(p + " ") for p in prefixes)
        new = (not bodies or (opens and not is_level and not _ends_open(bodies[-1]))
               or (b is True and prev_bold is False))
        if new:
            bodies.append(line)
        else:
            bodies[-1] = bodies[-1] + " " + line
        prev_bold = b
    names = [normal_case_name(b) for b in bodies]
    issuer = names[-1]
    parent = names[-2] if len(names) > 1 else None
    return issuer, parent


def _ends_open(name: str) -> bool:
    """A name line that cannot end a name ("ỦY BAN NHÂN DÂN" alone, "... VÀ")."""
    up = normalise_tones(name).upper()
    return up in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "UBND", "HĐND") or up.endswith((" VÀ", " -"))


# ---------------------------------------------------------------- header fields
# The motto, tolerant of OCR slips in its diacritics ("VIIÈT NAM", "HOÀ")
_MOTTO = re.compile(r"C[ỘOÔ]NG\s+H[ÒOÓ][AÀ]?\s+X[ÃA]\s+H[ỘOÔ]I\s+CH[ỦU]\s+NGH[ĨI]A(?:\s+\S+){0,2}"
                    r"|Đ[ộôo]c\s+l[ậâa]p\s*[-–—]?\s*T[ựưu]\s+do\s*[-–—]?\s*H[ạa]nh\s+ph[úu]c"
                    r"|Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N\s+VI[ỆE]T\s+NAM",
                    re.IGNORECASE)
# "Số:" and its OCR'd forms ("Só:", "Sô:": with the colon only)
_SO = r"(?:Số\s*:?|S[óòôồổộọo]\s*:)"
_NUMBER_LINE = re.compile(r"(?<!\w)" + _SO + r"\s*(?P<num>[^\s,;]*(?:\s*/\s*[^\s,;]+)?)")
# what follows the number: its symbol ("/KH-UBND", "-KH/TU", "KH-TCTLNTW-C04" when OCR lost the slash)
_SYMBOL = re.compile(r"[/-]?\s*\p{Lu}[\p{L}&]{0,9}(?:[-/][\p{L}\d&]+)+")
_PLACE_DATE = re.compile(
    r"(?P<place>[^\d,;:/]{2,60}?)\s*,\s*ngày\s*(?P<day>[^,;:]{0,24}?)\s*tháng\s*(?P<month>[^,;:]{0,24}?)\s*"
    r"(?:năm\s*(?P<year>\d{4})?|(?P<year2>\d{4})\s*$)", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s\-–—_=*.•·]*$")


def parse_number(text: str) -> Optional[str]:
    """"Số: 152/KH-UBND" -> "152/KH-UBND"; "Số:   /KH-UBND" (a draft) -> None."""
    m = _NUMBER_LINE.search(nfc(text))
    if not m:
        return None
    num = re.sub(r"\s+", "", m.group("num"))
    if not num or not num[0].isdigit():
        return None
    return num


def parse_place_date(text: str) -> Optional[dict]:
    """"Hà Tĩnh, ngày 20 tháng 5 năm 2025" -> {place, day, month, year}; blanks -> None.

    `unread`: the parts ("day", "month") printed with something that is no number and no blank
    ("ngày #4", an OCR'd handwritten day): None, never the digits picked out of them; a day or
    month out of range is unread too."""
    text = squash_spaces(nfc(text))
    # "Số: 68/KH-UBND   Hoằng Hóa, ngày ..." read as one visual line: drop the number first
    text = re.sub(r"^\s*Số\s*:?\s*\S*/\S*\s+", "", text)
    m = _PLACE_DATE.search(text)
    if not m:
        return None

    unread = []

    def num(s, part=None, top=None):
        s = squash_spaces(s or "")
        if re.search(r"[^\d.…_\s]", s):
            unread.append(part)
            return None
        digits = re.sub(r"[^\d]", "", s)
        if not digits:
            return None
        if top is not None and not 1 <= int(digits) <= top:
            unread.append(part)
            return None
        return int(digits)
    place = squash_spaces(m.group("place"))
    place = re.sub(r"^(?:Số\s*:?\s*\S*\s+)", "", place).strip(" -")
    return {"place": place or None, "day": num(m.group("day"), "day", 31),
            "month": num(m.group("month"), "month", 12),
            "year": num(m.group("year") or m.group("year2")), "unread": unread,
            "raw": {"day": squash_spaces(m.group("day") or ""), "month": squash_spaces(m.group("month") or "")}}


def iso_date(day: Optional[int], month: Optional[int], year: Optional[int]) -> Optional[str]:
    if not (day and month and year):
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- title
def join_title(lines: Iterable[str]) -> str:
    """Title lines joined with one space; a line broken after a hyphen inside a token
    ("57-" / "NQ/TW") joins without one."""
    return join_lines(lines)


# ---------------------------------------------------------------- references
# document numbers use Latin letters and Đ only ("57-NQ/TW", "25-CTr/ĐU", "73/2023/NĐ-CP")
_NUM = r"\d+[A-Za-zĐđ]*(?:[/-][A-Za-zĐđ\d]+)+(?![\p{L}\d])"
_DATE = (r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
         r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})")
_ISSUER_STOPS = [
    r"\s+về\s", r"\s*[,;:)(]", r"\.(?:\s|$)", r"\s+thực hiện\b", r"\s+triển khai\b", r"\s+sửa đổi\b",
    r"\s+quy định\b", r"\s+ban hành\b", r"\s+phê duyệt\b", r"\s+hướng dẫn\b", r"\s+trong\s",
    r"\s+tại\s", r"\s+theo\s", r"\s+nhằm\s", r"\s+đã\s", r"\s+để\s", r"\s+với\s", r"\s+cho\s",
    r"\s+-\s", r"\s+và\s+(?:các|những|một)\s", r"\s+và\s+(?:{types})\b", r"\s+(?:{types})\s+số\b", r"\s+và\s+số\s",
]
_NAMED_BY_MISSION = re.compile(
    r"^(?:Ban Chỉ đạo|Hội đồng|Tổ công tác|Ủy ban Quốc gia|Ban Điều hành)"
    r"(?:\s+(?:Trung ương|quốc gia|Quốc gia|tỉnh|thành phố|huyện|xã|phường))?$", re.IGNORECASE)


def _types_alt() -> str:
    return "|".join(re.escape(t) for t in doc_type_names())


@lru_cache(maxsize=None)
def _ref_regex():
    types = _types_alt()
    # "<type> [hành động] [số] <number> [,] [ngày <date>] [của <issuer...>]" and list items
    # "...: số 09-NQ/TU ngày ... ; số 05-NQ/TU ..." (the type named once before the list).
    return re.compile(
        rf"(?:(?P<type>(?i:{types}))\s+(?:(?i:số)\s*)?|(?<=(?:[:;,]|\s(?i:và))\s)(?i:số)\s+)(?P<num>{_NUM})"
        rf"(?:\s*,?\s*(?i:ngày)\s+(?:{_DATE}))?"
        rf"(?:\s*,?\s*(?i:của)\s+(?=(?P<rest>.{{0,220}})))?",
        re.DOTALL)


@lru_cache(maxsize=None)
def _stop_regex(in_mission: bool = False):
    """Where an issuer's name ends. Inside a mission-named body ("Ban Chỉ đạo về phát triển
    khoa học, công nghệ, ...") commas belong to the name."""
    types = _types_alt()
    stops = [s.replace("{types}", types) for s in _ISSUER_STOPS]
    if in_mission:
        stops = [r"\s*[;:)(]" if s == r"\s*[,;:)(]" else s for s in stops]
    return re.compile("|".join(stops), re.IGNORECASE)


_CODE_TYPES = None


def _type_from_code(number: str) -> Optional[str]:
    global _CODE_TYPES
    if _CODE_TYPES is None:
        _CODE_TYPES = {}
        for name, spec in vocab()["doc_types"].items():
            code = (spec or {}).get("code")
            if code and code not in _CODE_TYPES:
                _CODE_TYPES[code.upper()] = name
    parts = re.split(r"[/-]", number)
    for p in parts[1:]:
        t = _CODE_TYPES.get(p.upper())
        if t:
            return t
    return None


def split_type_line(text: str) -> tuple[str, str]:
    """"KẾ HOẠCH" -> ("Kế hoạch", ""); "KẾ HOẠCH HÀNH ĐỘNG" -> ("Kế hoạch hành động", "");
    "KẾ HOẠCH TRIỂN KHAI ..." (type and title on one line) -> ("Kế hoạch", "TRIỂN KHAI ...")."""
    text = squash_spaces(text)
    key = strip_marks(text.lower())
    for t in doc_type_names():
        k = strip_marks(t.lower())
        if key == k:
            return t, ""
        if key.startswith(k + " "):
            return t, text[len(t):].strip()
    import difflib
    best = max(doc_type_names(), key=lambda t: difflib.SequenceMatcher(None, key, strip_marks(t.lower())).ratio())
    if difflib.SequenceMatcher(None, key, strip_marks(best.lower())).ratio() >= 0.8:
        return best, ""          # an OCR slip ("Klš HOẠCH")
    return _canonical_type(text), ""


def _canonical_type(printed: str) -> str:
    """The printed type -> its vocabulary spelling (diacritics ignored, so OCR slips are
    mended), else its sentence case."""
    key = strip_marks(squash_spaces(printed).lower())
    for t in doc_type_names():
        if strip_marks(t.lower()) == key:
            return t
    return sentence_case(normalise_tones(printed))


def _issuer_after(rest: Optional[str]) -> Optional[str]:
    if not rest:
        return None
    rest = squash_spaces(rest)
    stop = _stop_regex().search(rest)
    issuer = rest[:stop.start()] if stop else rest
    # bodies named by their mission ("Ban Chỉ đạo về phát triển ... tỉnh Hà Tĩnh") run on
    # through "về" up to their place name, or up to the next "về" / clause end
    if stop and _NAMED_BY_MISSION.match(issuer.strip()) and re.match(r"\s+về\s", rest[stop.start():]):
        after = stop.start() + len(re.match(r"\s+về\s", rest[stop.start():]).group(0))
        end = _stop_regex(True).search(rest[after:])
        seg = rest[:after + end.start()] if end else rest
        levels = "|".join(vocab()["admin_levels"])
        place = None
        for m in re.finditer(rf"(?<!\w)(?:{levels})(?:\s+\p{{Lu}}\w*)+", seg[after:]):
            place = m
            break
        issuer = seg[:after + place.end()] if place else seg
    issuer = issuer.strip(" ,.;:-")
    return issuer or None


def text_to_references(text: str, own_number: Optional[str] = None) -> list[Reference]:
    """Every cited document in `text`, deduplicated by number (case-insensitive), in order of
    first mention; a later mention fills a date or issuer the first one lacked."""
    text = squash_spaces(nfc(text))
    refs: list[Reference] = []
    seen: dict[str, Reference] = {}
    types_re = re.compile(rf"(?i:{_types_alt()})")
    for m in _ref_regex().finditer(text):
        number = re.sub(r"\s+", "", m.group("num")).rstrip(".")
        if not re.search(r"\p{L}", number):      # "số 2/2025": not a document number
            continue
        if m.group("type"):
            dtype = _canonical_type(m.group("type"))
        else:
            # a list item: the type named earlier in the same sentence ("các Nghị quyết: số ...")
            before = text[max(0, m.start() - 200):m.start()]
            sentence = re.split(r"[.](?:\s|$)", before)[-1]
            named = list(types_re.finditer(sentence))
            dtype = _canonical_type(named[-1].group(0)) if named else _type_from_code(number)
            if dtype is None:
                continue
        d, mo, y = (m.group("d") or m.group("d2"), m.group("m") or m.group("m2"),
                    m.group("y") or m.group("y2"))
        date = iso_date(int(d), int(mo), int(y)) if d else None
        issuer = _issuer_after(m.group("rest"))
        key = number.casefold()
        if own_number and key == own_number.casefold():
            continue
        if key in seen:
            r = seen[key]
            if r.date is None and date:
                r.date = date
            if r.issuer is None and issuer and date:
                r.issuer = issuer
            continue
        r = Reference(number=number, date=date, issuer=issuer, doc_type=dtype)
        seen[key] = r
        refs.append(r)
    return refs


# ---------------------------------------------------------------- layout of the lines
_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
_PAGE_NO = re.compile(r"^\s*\d{1,3}\s*$")
_APPENDIX = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục|Phụ Lục)(?:\s+(?:số\s+)?[IVXLC\d]+[a-z]?)?\s*[.:]?\s*$")
_RECIPIENTS = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.IGNORECASE)


def content_lines(lines: Sequence[Line]) -> list[Line]:
    """Drop page furniture: URL lines (document-management systems), bare page numbers."""
    return [l for l in lines if squash_spaces(l.text) and not _URL.match(l.text)
            and not _PAGE_NO.match(l.text)]


@lru_cache(maxsize=1 << 12)     # a pure function of a line or name: the same few, asked again and again
def strip_marks(text: str) -> str:
    """"KẾ HOẠCH" -> "KE HOACH": for matching OCR'd capitals, whose diacritics slip."""
    import unicodedata
    t = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in t if not unicodedata.combining(c)))


def find_doc_type(lines: Sequence[Line], limit: int = 60) -> Optional[int]:
    """Index of the line printing the document type in capitals ("KẾ HOẠCH"; "KÉ HOẠCH" from
    OCR matches too: the comparison ignores diacritics)."""
    names = [strip_marks(t.upper()) for t in doc_type_names()]
    for i, l in enumerate(lines[:limit]):
        t = squash_spaces(nfc(l.text))
        if not _is_upper_text(t):
            continue
        up = strip_marks(t.upper())
        if any(up == n or up.startswith(n + " ") and len(up) <= len(n) + 30 for n in names):
            if _MOTTO.search(t):
                continue
            return i
    return None


def find_doc_type_fuzzy(lines: Sequence[Line], limit: int = 25) -> Optional[int]:
    """Fallback for OCR'd headers ("Klš HOẠCH"): the first short, mostly-capital line after
    the place-date line that is close to a known type (similarity >= 0.8, diacritics ignored)."""
    import difflib
    names = [strip_marks(t.upper()) for t in doc_type_names()]
    seen_date = False
    for i, l in enumerate(lines[:limit]):
        t = squash_spaces(nfc(l.text))
        if _PLACE_DATE.search(t) or _NUMBER_LINE.match(t):
            seen_date = True
            continue
        letters = [c for c in t if c.isalpha()]
        if not seen_date or not letters or len(t) > 40 or _MOTTO.search(t):
            continue
        if sum(c.isupper() for c in letters) < 0.7 * len(letters):
            continue
        up = strip_marks(t.upper())
        if any(difflib.SequenceMatcher(None, up, n).ratio() >= 0.8 for n in names):
            return i
    return None


def body_end(lines: Sequence[Line], start: int = 0) -> int:
    """Index of the first line after the body: "Nơi nhận", a standalone "Phụ lục" label, or
    a signature authority line in capitals ("TM. ỦY BAN NHÂN DÂN") when "Nơi nhận" is missing."""
    for i in range(start, len(lines)):
        t = squash_spaces(lines[i].text)
        if _RECIPIENTS.match(t) or _APPENDIX.match(t):
            return i
        if _authority_re().match(t) and _is_upper_text(t) and len(t.split()) <= 8:
            return i
    return len(lines)


def appendix_start(lines: Sequence[Line], start: int = 0) -> int:
    for i in range(start, len(lines)):
        if _APPENDIX.match(lines[i].text):
            return i
    return len(lines)


_BODY_OPENERS = re.compile("^(?:" + "|".join(re.escape(e["word"]) for e in vocab()["body_openers"]) + r")\s")
_HEADING_NUM = re.compile(r"^(?:[IVXLC]+\.|\d+\.)\s")


def title_span(lines: Sequence[Line], type_idx: int) -> tuple[int, int]:
    """[start, end) of the trích yếu lines after the document-type line."""
    start = type_idx + 1
    if start >= len(lines):
        return start, start
    type_line = lines[type_idx]
    first = lines[start]
    use_bold = type_line.bold and first.bold
    pitch = None
    end = start
    i = start
    while i < len(lines):
        l = lines[i]
        t = squash_spaces(l.text)
        if _SEPARATOR.match(t):
            break
        if i > start:
            prev = lines[i - 1]
            if use_bold and not l.bold:
                break
            if l.page != prev.page:
                break
            if not use_bold:
                if _BODY_OPENERS.match(t) or _HEADING_NUM.match(t):
                    break
                gap = l.top - prev.top
                if pitch is not None and gap > pitch * 1.6 and gap > 0:
                    break
                if pitch is None and gap > 0:
                    pitch = gap
        end = i + 1
        i += 1
        if i - start >= 8:
            break
    return start, end


def split_header(lines: Sequence[Line]) -> tuple[list[str], list[str], list[bool]]:
    """Header lines (before the type line) -> (left column texts, right column texts).

    Text decides first (motto, place-date line); geometry splits what text can't: a line
    starting right of the motto's left edge belongs to the right column."""
    left: list[str] = []
    left_bold: list[bool] = []
    right: list[str] = []
    motto_x = [l.x0 for l in lines if _MOTTO.match(squash_spaces(l.text))]
    has_geometry = len({round(l.x0) for l in lines}) > 1
    split_x = min(motto_x) - 5 if motto_x and has_geometry else None
    prev_right = None
    for l in lines:
        t = squash_spaces(nfc(l.text))
        if not t:
            continue
        m = _MOTTO.search(t)
        if m:
            before = t[:m.start()].strip()
            if before and not _PLACE_DATE.search(before):
                left.append(before)
                left_bold.append(l.bold)
            right.append(t[m.start():])
            continue
        pd = _PLACE_DATE.search(t)
        if pd:
            before = t[:pd.start()].strip()
            # "Số: 152/KH-UBND   Hà Tĩnh, ngày ..." on one visual line
            num = _NUMBER_LINE.search(t)
            if num and num.start() < pd.start() + len(pd.group("place")):
                left.append(t[:num.end()])
                left_bold.append(l.bold)
            right.append(t[pd.start():] if not num else t)
            continue
        if split_x is not None and l.x0 >= split_x:
            if right and prev_right is not None and prev_right.page == l.page \
                    and abs(l.top - prev_right.top) < 0.5 * max(prev_right.bottom - prev_right.top, 1.0):
                # one printed line cut where OCR lost a word ("Hà Nội, ngày44 tháng" + "2026")
                right[-1] = right[-1] + " " + t
            else:
                right.append(t)
            prev_right = l
        else:
            left.append(t)
            left_bold.append(l.bold)
    return left, right, left_bold


def issuer_lines_of(left: Sequence[str], bold: Optional[Sequence[bool]] = None
                    ) -> tuple[list[str], list[bool]]:
    """The left column's name lines (and their weights): capitals, before "Số:", without
    rules or stars."""
    out, weights = [], []
    for i, t in enumerate(left):
        if re.match(r"^\s*" + _SO, t):
            break
        if _SEPARATOR.match(t):
            continue
        if _is_upper_text(t):
            out.append(t)
            weights.append(bold[i] if bold is not None and i < len(bold) else None)
    return out, weights


# ---------------------------------------------------------------- signature
_AUTHORITY = None


def _authority_re():
    global _AUTHORITY
    if _AUTHORITY is None:
        alts = sorted(vocab()["authority_prefixes"], key=len, reverse=True)
        # "KT.TỔ TRƯỞNG": a dotted prefix needs no space after it (OCR drops it)
        _AUTHORITY = re.compile(r"^(?:" + "|".join(re.escape(a) for a in alts) + r")(?:\s|$|(?<=\.)(?=\p{Lu}))")
    return _AUTHORITY


_NAME = re.compile(r"^(?:\p{Lu}[\p{Ll}]*\.?\s+){1,5}\p{Lu}[\p{Ll}]+$")
_TRAILING_CAPS = re.compile(r"((?:(?:TM|KT|TL|TUQ|Q)\.\s*|T/M\s+|K/T\s+|T/L\s+)?(?:[\p{Lu}]{2,}\s*)+)$")


def signature_fields(lines: Sequence[Line]) -> tuple[Optional[str], Optional[str]]:
    """The lines from "Nơi nhận" to the end of the body part -> (signer, signer_title).

    signer_title: the title line under the authority line ("KT. CHÁNH VĂN PHÒNG" /
    "PHÓ CHÁNH VĂN PHÒNG" -> "PHÓ CHÁNH VĂN PHÒNG"), or the only title ("GIÁM ĐỐC").
    signer: the first name-like line after it ("Đặng Văn Thành")."""
    has_geometry = len({round(l.x0) for l in lines}) > 1
    rec_x = None
    for l in lines:
        if _RECIPIENTS.match(l.text):
            rec_x = l.x0
            break
    caps: list[str] = []
    signer = None
    for l in lines:
        t = squash_spaces(nfc(l.text))
        if not t:
            continue
        m = _RECIPIENTS.match(t)
        if m:
            t = t[m.end():].strip()
            if not t:
                continue
        right_col = not has_geometry or rec_x is None or l.x0 > rec_x + 100
        if t.startswith(("-", "+", "•")) or t.endswith((";", ",")):
            # a recipient; a title may follow it on the same visual line
            tail = _TRAILING_CAPS.search(t)
            if tail and not has_geometry and len(tail.group(1).split()) >= 2 and _is_title(tail.group(1)):
                caps.append(tail.group(1).strip())
            continue
        if t.startswith("(") and t.endswith(")"):
            continue
        if not right_col:
            continue
        if _is_upper_text(t) and _is_title(t):
            if signer is None:
                caps.append(t)
            continue
        if caps and signer is None:
            name = _without_rank(t)
            if _NAME.match(name):
                signer = name
    title = None
    if caps:
        auth = [i for i, c in enumerate(caps) if _authority_re().match(c)]
        # under the authority line ("KT. TỔ TRƯỞNG"), the title this signer signs with
        # ("PHÓ TỔ TRƯỞNG THƯỜNG TRỰC"); posts printed further down are the signer's others
        # ("PHÓ CỤC TRƯỞNG / CỤC CẢNH SÁT ...")
        after = [c for c in caps[auth[-1] + 1:]] if auth else []
        non_auth = [c for c in caps if not _authority_re().match(c)]
        title = after[0] if after else non_auth[-1] if non_auth else _authority_re().sub("", caps[-1]).strip()
    return signer, title


def _without_rank(line: str) -> str:
    """"Đại tá Bùi Duy Hưng" -> "Bùi Duy Hưng" (vocab signer_ranks); other lines as they are."""
    for entry in vocab().get("signer_ranks") or []:
        rank = entry["rank"]
        if line.lower().startswith(rank.lower() + " "):
            return line[len(rank):].strip()
    return line


def _is_title(t: str) -> bool:
    t = t.strip()
    if re.search(r"[\d;,:]", t):
        return False
    if re.fullmatch(r"[\p{Lu}.]{1,6}", t):     # "VT", "VP4." etc.
        return False
    return len(t) >= 4


# ---------------------------------------------------------------- the chain
@dataclass
class HeaderDoubt:
    """A letterhead field printed but not read (an OCR'd handwritten number or day): the field
    is left empty and this says why, for an issue on the plan."""
    code: str                 # "document-number-unread" | "issue-date-unread"
    message: str              # Vietnamese
    page: Optional[int] = None


def lines_to_document(lines: list[Line]) -> DocumentMeta:
    """Lines outside tables (document order) -> DocumentMeta."""
    return document_and_doubts(lines)[0]


def _unsure_in(raw: str, unsure: Sequence[str]) -> bool:
    """Some OCR word read below confidence (Line.unsure) overlaps this raw field text."""
    key = squash_spaces(raw)
    return bool(key) and any(key in u or (len(u) >= 2 and u in key) for u in unsure)


def _number_doubt(text: str, unsure: Sequence[str]) -> Optional[str]:
    """Why the number of a "Số: …" line is not taken, or None: the part before the symbol
    holds something that is no number and no blank ("Só:#Óđế” KH-TCTLNTW-C04": a handwritten
    number OCR could not read), or it was read below confidence."""
    m = re.search(r"(?<!\w)" + _SO + r"\s*", text)
    if not m:
        return None
    rest = text[m.end():]
    sym = _SYMBOL.search(rest)
    part = squash_spaces(rest[:sym.start()] if sym else rest.split(" ")[0])
    if not part.strip(" ./…_"):
        return None                       # a draft: the number left blank
    if re.search(r"[^\d.…_\s/]", part):
        return "junk"
    if _unsure_in(part.strip(" /"), unsure):
        return "unsure"
    return None


def document_and_doubts(lines: list[Line]) -> tuple[DocumentMeta, list[HeaderDoubt]]:
    """Lines outside tables (document order) -> (DocumentMeta, what its letterhead printed but
    was not read). A number or date part that was not read is left empty, never guessed."""
    lines = content_lines(lines)
    meta = DocumentMeta()
    doubts: list[HeaderDoubt] = []
    if not lines:
        return meta, doubts
    type_idx = find_doc_type(lines)
    if type_idx is None:
        type_idx = find_doc_type_fuzzy(lines)
    header = lines[:type_idx] if type_idx is not None else _header_guess(lines)

    left, right, left_bold = split_header(header)
    issuer_lines, weights = issuer_lines_of(left, left_bold)
    if any(l.conf is not None for l in header):
        # read by OCR: each name line mended from the body's own spelling of it
        body = " ".join(l.text for l in lines[len(header):len(header) + 400])
        issuer_lines = [respell_from_text(t, body) for t in issuer_lines]
    if issuer_lines:
        meta.issuer_raw = " / ".join(issuer_lines)
        has_weights = len({w for w in weights if w is not None}) > 1
        meta.issuer, meta.parent_issuer = compose_issuer(issuer_lines, weights if has_weights else None)
    unsure = [u for l in header for u in l.unsure]
    page = header[0].page if header else None
    for t in left + right:
        if re.search(r"(?<!\w)" + _SO, t):
            meta.number = parse_number(t)
            why = _number_doubt(t, unsure)
            if why:
                meta.number = None
                doubts.append(HeaderDoubt(
                    "document-number-unread",
                    f"Số văn bản không đọc được (“{t}”): có thể viết tay, đóng dấu hoặc bị che; "
                    f"không ghi số, cần nhập bằng tay.", page))
                break
            if meta.number or "/" in t:
                break
    for t in right + left:
        pd = parse_place_date(t)
        if pd:
            unread = list(pd["unread"])
            for part in ("day", "month"):
                if pd[part] is not None and _unsure_in(pd["raw"][part], unsure):
                    pd[part] = None
                    unread.append(part)
            meta.place = pd["place"]
            meta.issue_month, meta.issue_year = pd["month"], pd["year"]
            meta.issue_date = iso_date(pd["day"], pd["month"], pd["year"])
            if unread:
                names = {"day": "ngày", "month": "tháng"}
                doubts.append(HeaderDoubt(
                    "issue-date-unread",
                    f"Ngày ban hành không đọc được ({', '.join(names[u] for u in unread)} trong “{t}”): "
                    f"có thể viết tay hoặc bị che; không ghi ngày, cần nhập bằng tay.", page))
            break

    title_text = ""
    body_from = 0
    if type_idx is None:
        cv = official_letter_subject(lines)
        if cv is not None:
            meta.doc_type = "Công văn"
            title_text, body_from = cv
            meta.title = title_text
    if type_idx is not None:
        type_text = squash_spaces(lines[type_idx].text)
        meta.doc_type, rest = split_type_line(type_text)
        s, e = title_span(lines, type_idx)
        title_text = join_title(([rest] if rest else []) + [l.text for l in lines[s:e]])
        meta.title = title_text or None
        body_from = e
    end = body_end(lines, body_from)
    body_text = join_lines(l.text for l in lines[body_from:end])
    meta.references = text_to_references(title_text + "; " + body_text, own_number=meta.number)

    sig_end = appendix_start(lines, end)
    meta.signer, meta.signer_title = signature_fields(lines[end:sig_end])
    return meta, doubts


_SUBJECT = re.compile(r"^(?:V/v|V/V|Về việc)\s*:?\s*(?P<text>\S.*)$")


def official_letter_subject(lines: Sequence[Line], limit: int = 25) -> Optional[tuple[str, int]]:
    """A công văn has no type line: its trích yếu is the "V/v ..." lines under the number in
    the left column. -> (subject text, index of the first line after it), or None."""
    for i, l in enumerate(lines[:limit]):
        m = _SUBJECT.match(squash_spaces(l.text))
        if not m:
            continue
        parts = [m.group("text")]
        j = i + 1
        while j < len(lines) and j < i + 5:
            n = lines[j]
            t = squash_spaces(n.text)
            if (n.page != l.page or _MOTTO.search(t) or _PLACE_DATE.search(t) or t.startswith("Kính gửi")
                    or abs(n.x0 - l.x0) > 40 or n.top - lines[j - 1].top > 2.2 * max(l.bottom - l.top, 1)):
                break
            parts.append(t)
            j += 1
        return join_lines(parts), j
    return None


def _header_guess(lines: Sequence[Line]) -> list[Line]:
    """Without a type line: the first-page lines up to the place-date line."""
    out = []
    for l in lines[:15]:
        if l.page != lines[0].page:
            break
        out.append(l)
        if _PLACE_DATE.search(l.text):
            break
    return out
