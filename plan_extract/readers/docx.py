"""Open a DOCX plan: document order -> the Lines and raw tables the PDF path produces.

open_docx(path) -> DocxSource with `lines` (text outside data tables, for metadata.py and
body.py) and `raw_tables` (data tables, for stitch.py). Like read.py, this is a module that
touches files; bad input raises model.InputError with a one-line message in Vietnamese
followed by English in parentheses.

A DOCX has no layout, so coordinates are synthetic, in points on the section's page:

- pages are approximate: page 1 until the first break the XML shows (w:br type="page",
  w:lastRenderedPageBreak, w:pageBreakBefore, a section that starts on a new page), then
  counting up. Overflow of a full page is not estimated.
- a paragraph is laid out into estimated visual lines (average glyph widths per character
  class, wrapped at spaces) so that body.py reads paragraph starts from the first-line indent
  and the short last line, as it does on a PDF. The wrap never splits a token, and the lines
  join back (text.join_lines) to exactly the paragraph's text.
- x from the alignment and indents inside the text column or the table cell (the
  letterhead's left cell starts at the left margin, its right cell about mid-page); `top`
  grows in document order within a page.

Tables: a table whose first rows carry a data header (tables.is_data_header, as for a PDF)
becomes a RawTable with method "docx": cell text is the cell's paragraphs joined with one
space (NFC, spaces squashed), gridSpan -> colspan with None at the covered positions,
vMerge -> rowspan on the first cell with None below (stitch.py fills them, as for a ruled
PDF table), bold when most of the cell's characters are bold. Any other table (the
borderless letterhead and signature blocks) is layout: its cells' paragraphs become Lines,
row by row, left cell first.
List numbers Word generates (w:numPr: "1.", "a)", "II.", bullets as "-" / "•") are printed
before the paragraph's text, as on paper.
Not read: headers and footers (page furniture, as read.py drops it), footnotes, comments,
tracked deletions, hidden text; text boxes are reported as an issue ("docx-text-box").
Parsing is lxml on the zip's parts (python-docx's own dependency), entities not resolved.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator, Optional, Union

from plan_extract import text as tx
from plan_extract.model.document import InputError, Issue
from plan_extract.readers.pdf import _fail, read_input_bytes
from plan_extract.model.parts import Cell, Line, RawTable, TableMeta
from plan_extract.settings import DEFAULT_MAX_DECOMPRESSED_MB, LimitExceeded, Limits

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

#: A4 portrait, for sections that give no page size (margins: _Section's defaults).
DEFAULT_PAGE = (595.3, 841.9)                 # width, height in points
DEFAULT_FONT_PT = 11.0                        # Word's own default when the styles say nothing
#: Line pitch as a multiple of the font size.
LINE_PITCH = 1.2
#: Average glyph width as a share of the font size, by character class (serif text faces).
GLYPH_WIDTH = {"upper": 0.68, "lower": 0.47, "digit": 0.5, "space": 0.25, "other": 0.35}
BOLD_WIDTH = 1.06
#: Largest XML part read (bytes), counted while inflating: a guard against zip bombs
#: (settings.Limits.max_decompressed_mb; a declared size in the zip is never trusted).
MAX_PART_BYTES = DEFAULT_MAX_DECOMPRESSED_MB * 1024 * 1024

_GLUED_HYPHEN = re.compile(r"\w[-‐‑]$")      # as text.join_lines reads a line end
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ----------------------------------------------------------------------------- source

@dataclass
class DocxSource:
    path: str
    sha256: str
    lines: list[Line]
    raw_tables: list[RawTable]
    page_count: int                   # approximate: 1 + the page breaks the XML shows
    text_layer: str = "docx"
    issues: list[Issue] = field(default_factory=list)

    def close(self) -> None:          # the same surface as read.Source
        return None




def _check_bytes(name: str, data: bytes) -> None:
    if not data:
        raise _fail("empty-file", f"Tệp {name} rỗng (0 byte)", f"{name} is an empty file")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTION_INFO in data:
            raise _fail("encrypted-docx", f"Tệp {name} được bảo vệ bằng mật khẩu, không đọc được",
                        f"{name} is password-protected")
        raise _fail("not-a-docx", f"Tệp {name} là tệp Word cũ (.doc), không phải DOCX",
                    f"{name} is a legacy Word .doc file, not DOCX")
    if not data.startswith(b"PK"):
        kind, en = ("tệp PDF", "a PDF file") if b"%PDF-" in data[:1024] else \
            ("dữ liệu không phải DOCX", "not DOCX data")
        raise _fail("not-a-docx", f"Tệp {name} không phải là tệp DOCX mà là {kind}",
                    f"{name} is not a DOCX file but {en}")


def _damaged(name: str, why: str) -> InputError:
    return _fail("damaged-docx", f"Tệp {name} bị hỏng, không đọc được cấu trúc DOCX",
                 f"{name} is a damaged DOCX: {why}")


def _parse_xml(data: bytes):
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    return etree.fromstring(data, parser)


def _read_part(zf: zipfile.ZipFile, name: str, cap: int = MAX_PART_BYTES) -> Optional[bytes]:
    """A part's inflated bytes, read in chunks: past `cap` bytes LimitExceeded ("too-large"),
    whatever size the zip declares (a part larger than declared fails its CRC in zipfile)."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    too_large = LimitExceeded("too-large", f"phần {name} giải nén vượt {cap / 1048576:g} MiB "
                              f"({name} inflates past {cap / 1048576:g} MiB)")
    if info.file_size > cap:
        raise too_large
    out = bytearray()
    with zf.open(info) as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            out += chunk
            if len(out) > cap:
                raise too_large
    return bytes(out)


def _rel_targets(zf: zipfile.ZipFile, rels_name: str, base: str,
                 cap: int = MAX_PART_BYTES) -> dict[str, str]:
    """Relationship type suffix ("officeDocument", "styles") -> part name in the zip."""
    data = _read_part(zf, rels_name, cap)
    if data is None:
        return {}
    out = {}
    for rel in _parse_xml(data).iter(f"{{{_PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else \
            str(PurePosixPath(base) / target) if base else target
        parts: list[str] = []
        for p in path.split("/"):
            if p == "..":
                parts = parts[:-1]
            elif p and p != ".":
                parts.append(p)
        out.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], "/".join(parts))
    return out


def open_docx(path: Union[str, Path], limits: Any = None) -> DocxSource:
    """Read a DOCX into Lines and raw tables. Raises InputError for input that is not a
    readable DOCX, or a part inflating past limits.max_decompressed_mb ("too-large")."""
    path = Path(path)
    name = path.name
    data = read_input_bytes(path, "DOCX", "not-a-docx")
    _check_bytes(name, data)
    cap = Limits.resolve(limits).max_decompressed_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            main = _rel_targets(zf, "_rels/.rels", "", cap).get("officeDocument") or "word/document.xml"
            doc_xml = _read_part(zf, main, cap)
            if doc_xml is None:
                raise _fail("damaged-docx", f"Tệp {name} thiếu phần nội dung {main}",
                            f"{name} has no {main}: not a Word document or damaged")
            folder = str(PurePosixPath(main).parent)
            rels = _rel_targets(zf, f"{folder}/_rels/{PurePosixPath(main).name}.rels", folder, cap)
            styles_xml = _read_part(zf, rels.get("styles") or f"{folder}/styles.xml", cap)
            numbering_xml = _read_part(zf, rels.get("numbering") or f"{folder}/numbering.xml", cap)
            root = _parse_xml(doc_xml)
            styles = Styles(_parse_xml(styles_xml) if styles_xml else None)
            numbering = Numbering(_parse_xml(numbering_xml) if numbering_xml else None)
    except InputError:
        raise
    except LimitExceeded as e:
        raise InputError(e.code, f"Tệp {name}: {e.message}") from None
    except zipfile.BadZipFile as e:
        raise _damaged(name, f"bad zip ({e})") from None
    except Exception as e:  # lxml XMLSyntaxError, zlib errors, CRC errors in a cut file
        raise _damaged(name, type(e).__name__) from None
    body = root.find(q("body"))
    if body is None:
        raise _damaged(name, "no w:body")
    issues: list[Issue] = []
    boxes = [b for b in body.iter(q("txbxContent")) if "".join(b.itertext()).strip()]
    if boxes:
        issues.append(Issue("warning", "docx-text-box",
                            f"Văn bản có {len(boxes)} khung chữ (text box) không được đọc "
                            f"({len(boxes)} text boxes not read)"))
    layout = Layout(styles, numbering, body)
    layout.run()
    return DocxSource(str(path), hashlib.sha256(data).hexdigest(), layout.lines, layout.raw_tables,
                      layout.page, issues=issues)


# ----------------------------------------------------------------------------- styles

def _on(el) -> Optional[bool]:
    """A toggle property (w:b, w:i, w:caps): None when absent."""
    if el is None:
        return None
    return el.get(q("val"), "true").lower() not in ("0", "false", "off", "none")


def _int(el, attr: str = "val") -> Optional[int]:
    if el is None:
        return None
    v = el.get(q(attr))
    try:
        return int(float(v)) if v is not None else None
    except ValueError:
        return None


@dataclass
class RunProps:
    bold: Optional[bool] = None
    italic: Optional[bool] = None
    size: Optional[float] = None      # points
    caps: Optional[bool] = None
    hidden: Optional[bool] = None
    font: Optional[str] = None

    def over(self, base: "RunProps") -> "RunProps":
        return RunProps(*(a if a is not None else b for a, b in
                          zip(self.__dict__.values(), base.__dict__.values())))

    @classmethod
    def of(cls, rpr) -> "RunProps":
        if rpr is None:
            return cls()
        sz = _int(rpr.find(q("sz")))
        fonts = rpr.find(q("rFonts"))
        font = None
        if fonts is not None:
            font = fonts.get(q("ascii")) or fonts.get(q("hAnsi"))
        return cls(_on(rpr.find(q("b"))), _on(rpr.find(q("i"))), sz / 2 if sz else None,
                   _on(rpr.find(q("caps"))), _on(rpr.find(q("vanish"))), font)


@dataclass
class ParaProps:
    align: Optional[str] = None       # left | center | right | both
    left: Optional[float] = None      # indents in points
    right: Optional[float] = None
    first: Optional[float] = None     # first-line indent (negative: hanging)
    before: Optional[float] = None
    after: Optional[float] = None
    break_before: Optional[bool] = None
    num: Optional[tuple[str, int]] = None   # (w:numId, w:ilvl) of a numbered paragraph

    def over(self, base: "ParaProps") -> "ParaProps":
        return ParaProps(*(a if a is not None else b for a, b in
                           zip(self.__dict__.values(), base.__dict__.values())))

    @classmethod
    def of(cls, ppr) -> "ParaProps":
        if ppr is None:
            return cls()
        jc = ppr.find(q("jc"))
        align = jc.get(q("val")) if jc is not None else None
        align = {"start": "left", "end": "right", "distribute": "both", "justify": "both"}.get(align, align)
        ind = ppr.find(q("ind"))
        left = right = first = None
        if ind is not None:
            left = _twips(ind, "left", "start")
            right = _twips(ind, "right", "end")
            if ind.get(q("hanging")) is not None:
                first = -(_twips(ind, "hanging") or 0.0)
            elif ind.get(q("firstLine")) is not None:
                first = _twips(ind, "firstLine")
        sp = ppr.find(q("spacing"))
        before = _twips(sp, "before") if sp is not None else None
        after = _twips(sp, "after") if sp is not None else None
        num = None
        numpr = ppr.find(q("numPr"))
        if numpr is not None:
            nid = numpr.find(q("numId"))
            num = (nid.get(q("val")) if nid is not None else "", _int(numpr.find(q("ilvl"))) or 0)
        return cls(align, left, right, first, before, after, _on(ppr.find(q("pageBreakBefore"))), num)


def _twips(el, *attrs: str) -> Optional[float]:
    for a in attrs:
        v = el.get(q(a))
        if v is not None:
            try:
                return float(v) / 20.0
            except ValueError:
                return None
    return None


class Styles:
    """Paragraph and character styles resolved through basedOn, over the document defaults."""

    def __init__(self, root):
        self._el: dict[str, Any] = {}
        self.default_para: Optional[str] = None
        self.run_default = RunProps(False, False, DEFAULT_FONT_PT, False, False, None)
        self.para_default = ParaProps("left", 0.0, 0.0, 0.0, 0.0, 0.0, False, None)
        self._run: dict[str, RunProps] = {}
        self._para: dict[str, ParaProps] = {}
        if root is None:
            return
        dd = root.find(q("docDefaults"))
        if dd is not None:
            self.run_default = RunProps.of(dd.find(f"{q('rPrDefault')}/{q('rPr')}")).over(self.run_default)
            self.para_default = ParaProps.of(dd.find(f"{q('pPrDefault')}/{q('pPr')}")).over(self.para_default)
        for st in root.iter(q("style")):
            sid = st.get(q("styleId"))
            if sid:
                self._el[sid] = st
                if st.get(q("type")) == "paragraph" and st.get(q("default")) in ("1", "true", "on"):
                    self.default_para = sid

    def run_props(self, style_id: Optional[str]) -> RunProps:
        """The run properties a style sets (its chain), without the defaults."""
        if not style_id or style_id not in self._el:
            return RunProps()
        if style_id not in self._run:
            self._run[style_id] = RunProps()     # cycles in basedOn end here
            st = self._el[style_id]
            based = st.find(q("basedOn"))
            base = self.run_props(based.get(q("val")) if based is not None else None)
            self._run[style_id] = RunProps.of(st.find(q("rPr"))).over(base)
        return self._run[style_id]

    def para_props(self, style_id: Optional[str]) -> ParaProps:
        if not style_id or style_id not in self._el:
            return ParaProps()
        if style_id not in self._para:
            self._para[style_id] = ParaProps()
            st = self._el[style_id]
            based = st.find(q("basedOn"))
            base = self.para_props(based.get(q("val")) if based is not None else None)
            self._para[style_id] = ParaProps.of(st.find(q("pPr"))).over(base)
        return self._para[style_id]


# ----------------------------------------------------------------------------- text of a paragraph

PAGE_BREAK = "\f"      # marks a page break inside a paragraph's character stream


def _style_id(el, prop: str, tag: str) -> Optional[str]:
    pr = el.find(q(prop))
    if pr is None:
        return None
    s = pr.find(q(tag))
    return s.get(q("val")) if s is not None else None


def paragraph_chars(p, styles: Styles, numbering: Optional["Numbering"] = None,
                    breaks: Optional[list[int]] = None) -> tuple[list[tuple[str, RunProps]], ParaProps]:
    """A w:p -> ([(character, resolved run props)], resolved paragraph props). Page breaks
    appear as PAGE_BREAK characters; tabs and line breaks as spaces; hidden and deleted text,
    field instructions and text boxes are left out. With `numbering`, the list number Word
    generates ("1.", "a)", "-") is put before the text, as it prints. `breaks`, when given,
    receives the positions of the spaces that stand for line breaks (w:br, w:cr)."""
    pstyle = _style_id(p, "pPr", "pStyle") or styles.default_para
    ppr = ParaProps.of(p.find(q("pPr"))).over(styles.para_props(pstyle)).over(styles.para_default)
    para_run = styles.run_props(pstyle).over(styles.run_default)
    out: list[tuple[str, RunProps]] = []
    label = numbering.next_label(*ppr.num) if numbering is not None and ppr.num else None
    if label:
        mark = RunProps.of(_mark_rpr(p)).over(para_run)
        out.extend((ch, mark) for ch in label + " ")
    for r in _runs(p):
        props = RunProps.of(r.find(q("rPr"))).over(styles.run_props(_style_id(r, "rPr", "rStyle"))).over(para_run)
        if props.hidden:
            continue
        legacy = _tcvn3(props.font)
        for child in r:
            tag = child.tag
            if tag == q("t"):
                t = child.text or ""
                if legacy is not None:
                    t = "".join(legacy.get(ch, ch) for ch in t)
                    # .VnTimeH, .VnArialH: capitals at the lower-case codes (as read.py reads them)
                    if props.font.split(",")[0].endswith("H"):
                        t = t.upper()
                if props.caps:
                    t = t.upper()
                out.extend((ch, props) for ch in t)
            elif tag == q("tab") or tag == q("cr"):
                if tag == q("cr") and breaks is not None:
                    breaks.append(len(out))
                out.append((" ", props))
            elif tag == q("br"):
                kind = child.get(q("type"))
                if kind != "page" and breaks is not None:
                    breaks.append(len(out))
                out.append((PAGE_BREAK if kind == "page" else " ", props))
            elif tag == q("lastRenderedPageBreak"):
                out.append((PAGE_BREAK, props))
            elif tag == q("noBreakHyphen"):
                out.append(("-", props))
    return out, ppr


def _runs(el) -> Iterator[Any]:
    """The w:r of a paragraph in order, through hyperlinks, insertions, content controls, smart
    tags and simple fields; not into deletions, nested paragraphs (text boxes) or the
    alternative content of drawings."""
    for child in el:
        tag = child.tag
        if tag == q("r"):
            yield child
        elif tag in (q("del"), q("moveFrom"), q("pPr"), q("rPr")) or tag == f"{{{_MC}}}AlternateContent":
            continue
        elif tag in (q("hyperlink"), q("ins"), q("moveTo"), q("smartTag"), q("customXml"), q("fldSimple"),
                     q("sdt"), q("sdtContent"), q("dir"), q("bdo")):
            yield from _runs(child)


def _tcvn3(font: Optional[str]) -> Optional[dict[str, str]]:
    """The TCVN3 -> Unicode map for a run in a legacy font (.VnTime ...), else None."""
    if not font:
        return None
    from plan_extract.readers.pdf import is_tcvn3_font, legacy_table
    return legacy_table("tcvn3") if is_tcvn3_font(font) else None


def _mark_rpr(p):
    """The paragraph mark's run properties (what a list number prints in)."""
    ppr = p.find(q("pPr"))
    return ppr.find(q("rPr")) if ppr is not None else None


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for v, r in _ROMAN:
        while n >= v:
            out, n = out + r, n - v
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's counter in its w:numFmt (decimal, upperRoman, lowerLetter ...)."""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    """List numbers as Word prints them: per w:num, a counter per level; a level's counter
    restarts after a higher level moves on. Bullets print as "-" or "•"."""

    def __init__(self, root):
        self._levels: dict[str, dict[int, dict]] = {}     # numId -> ilvl -> {fmt, text, start}
        self._count: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract = {}
        for a in root.findall(q("abstractNum")):
            abstract[a.get(q("abstractNumId"))] = self._read_levels(a)
        for num in root.findall(q("num")):
            aid = num.find(q("abstractNumId"))
            levels = {k: dict(v) for k, v in abstract.get(aid.get(q("val")) if aid is not None else None, {}).items()}
            for ov in num.findall(q("lvlOverride")):
                ilvl = _int(ov, "ilvl") or 0
                lvl = ov.find(q("lvl"))
                if lvl is not None:
                    levels[ilvl] = self._read_levels(ov)[ilvl]
                start = _int(ov.find(q("startOverride")))
                if start is not None and ilvl in levels:
                    levels[ilvl]["start"] = start
            self._levels[num.get(q("numId"))] = levels

    @staticmethod
    def _read_levels(el) -> dict[int, dict]:
        out = {}
        for lvl in el.findall(q("lvl")):
            fmt = lvl.find(q("numFmt"))
            text = lvl.find(q("lvlText"))
            out[_int(lvl, "ilvl") or 0] = {
                "fmt": fmt.get(q("val")) if fmt is not None else "decimal",
                "text": text.get(q("val"), "") if text is not None else "",
                "start": _int(lvl.find(q("start"))) if lvl.find(q("start")) is not None else 1}
        return out

    def snapshot(self) -> dict:
        return {k: dict(v) for k, v in self._count.items()}

    def restore(self, state: dict) -> None:
        self._count = state

    def next_label(self, num_id: str, ilvl: int) -> Optional[str]:
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        lvl = levels[ilvl]
        if lvl["fmt"] == "bullet":
            return "-" if lvl["text"] in ("-", "–", "—", "\uf02d") else "•"
        count = self._count.setdefault(num_id, {})
        count[ilvl] = count.get(ilvl, lvl["start"] - 1) + 1
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]

        def level_value(m):
            k = int(m.group(1)) - 1
            spec = levels.get(k, {"fmt": "decimal", "start": 1})
            return format_number(count.get(k, spec["start"]), spec["fmt"])
        label = re.sub(r"%(\d)", level_value, lvl["text"]).strip()
        return label or None


# ----------------------------------------------------------------------------- geometry

def glyph_width(ch: str, size: float, bold: bool) -> float:
    if ch.isspace():
        k = GLYPH_WIDTH["space"]
    elif ch.isdigit():
        k = GLYPH_WIDTH["digit"]
    elif ch.isupper():
        k = GLYPH_WIDTH["upper"]
    elif ch.isalpha():
        k = GLYPH_WIDTH["lower"]
    else:
        k = GLYPH_WIDTH["other"]
    return k * size * (BOLD_WIDTH if bold else 1.0)


def wrap(chars: list[tuple[str, RunProps]], first_width: float, width: float) -> list[list[tuple[str, RunProps]]]:
    """Characters -> visual lines no wider than the widths (the first line's may differ),
    broken at spaces only, and only before a letter, digit or opening mark and not after a
    hyphen glued to a word ("57-"): the lines join back (text.join_lines) to the text."""
    lines: list[list[tuple[str, RunProps]]] = []
    cur: list[tuple[str, RunProps]] = []
    used = 0.0
    last_break = -1                   # index in cur of the last space a line may end at
    for i, (ch, props) in enumerate(chars):
        w = glyph_width(ch, props.size or DEFAULT_FONT_PT, bool(props.bold))
        limit = first_width if not lines else width
        if ch == " ":
            nxt = chars[i + 1][0] if i + 1 < len(chars) else ""
            before = "".join(c for c, _ in cur[-2:])
            if (nxt.isalnum() or nxt in "(“\"'[‘") and not _GLUED_HYPHEN.search(before):
                last_break = len(cur)
        if used + w > limit and last_break > 0 and ch != " ":
            lines.append(cur[:last_break])
            cur = cur[last_break + 1:]
            used = sum(glyph_width(c, p.size or DEFAULT_FONT_PT, bool(p.bold)) for c, p in cur)
            last_break = -1
        cur.append((ch, props))
        used += w
    if cur:
        lines.append(cur)
    text = "".join(c for c, _ in chars)
    if len(lines) > 1 and tx.join_lines("".join(c for c, _ in ln) for ln in lines) != tx.squash_spaces(text):
        return [list(chars)]          # a join rule this wrap did not foresee: keep one line
    return lines


@dataclass
class _Section:
    width: float = DEFAULT_PAGE[0]
    height: float = DEFAULT_PAGE[1]
    top: float = 56.7
    right: float = 56.7
    bottom: float = 56.7
    left: float = 85.05
    new_page: bool = True             # the section starts on a new page

    @classmethod
    def of(cls, sect) -> "_Section":
        s = cls()
        if sect is None:
            return s
        size = sect.find(q("pgSz"))
        if size is not None:
            s.width = _twips(size, "w") or s.width
            s.height = _twips(size, "h") or s.height
        mar = sect.find(q("pgMar"))
        if mar is not None:
            for side in ("top", "right", "bottom", "left"):
                v = _twips(mar, side)
                if v is not None:
                    setattr(s, side, abs(v))
        t = sect.find(q("type"))
        s.new_page = t is None or t.get(q("val")) not in ("continuous", "nextColumn")
        return s


def _sections(body) -> list[tuple[Any, _Section]]:
    """(the paragraph that ends the section or None for the last, its geometry), in order."""
    out = []
    for p in body.iter(q("p")):
        ppr = p.find(q("pPr"))
        sect = ppr.find(q("sectPr")) if ppr is not None else None
        if sect is not None:
            out.append((p, _Section.of(sect)))
    out.append((None, _Section.of(body.find(q("sectPr")))))
    return out


# ----------------------------------------------------------------------------- layout

class Layout:
    """Walks the body in document order, placing paragraphs and tables on synthetic pages."""

    def __init__(self, styles: Styles, numbering: Numbering, body):
        self.styles = styles
        self.numbering = numbering
        self.body = body
        self.sections = _sections(body)
        self.section = 0
        self.page = 1
        self.y = self.geom.top
        self.content_on_page = False
        self.lines: list[Line] = []
        self.raw_tables: list[RawTable] = []
        self._since_table = 0         # index into lines after the last data table (captions)
        self._index_on_page = 0

    @property
    def geom(self) -> _Section:
        return self.sections[min(self.section, len(self.sections) - 1)][1]

    def run(self) -> None:
        for el in self.body:
            if el.tag == q("p"):
                self.paragraph(el, self.geom.left, self.geom.width - self.geom.right, self.lines)
                self._end_of_section(el)
            elif el.tag == q("tbl"):
                self.table(el)
            elif el.tag == q("sdt"):
                content = el.find(q("sdtContent"))
                for sub in content if content is not None else []:
                    if sub.tag == q("p"):
                        self.paragraph(sub, self.geom.left, self.geom.width - self.geom.right, self.lines)
                        self._end_of_section(sub)
                    elif sub.tag == q("tbl"):
                        self.table(sub)

    # -- pages
    def new_page(self) -> None:
        """A break: counted only after some content, so that the markers Word writes for one
        break (w:br, then w:lastRenderedPageBreak) count once."""
        if not self.content_on_page:
            return
        self.page += 1
        self.y = self.geom.top
        self.content_on_page = False
        self._index_on_page = 0

    def _end_of_section(self, p) -> None:
        if self.section < len(self.sections) - 1 and self.sections[self.section][0] is p:
            self.section += 1
            if self.geom.new_page:
                self.new_page()
            else:
                self.y = max(self.y, self.geom.top)

    # -- paragraphs
    def paragraph(self, p, x0: float, x1: float, out: list[Line], y: Optional[float] = None) -> float:
        """Lay a paragraph out between x0 and x1 from `y` (the running position by default);
        append its Lines to `out`; return the y below it."""
        chars, ppr = paragraph_chars(p, self.styles, self.numbering)
        running = y is None
        if running and ppr.break_before:
            self.new_page()
        if y is None:
            y = self.y
        y += ppr.before or 0.0
        left = x0 + (ppr.left or 0.0)
        right = max(x1 - (ppr.right or 0.0), left + 36.0)
        first = left + (ppr.first or 0.0)
        segments = _split_pages(chars)
        for k, seg in enumerate(segments):
            if k:
                if running:
                    self.new_page()
                    y = self.y
            seg = _strip(seg)
            if not seg:
                continue
            size = _median([p_.size or DEFAULT_FONT_PT for c, p_ in seg if not c.isspace()]) or DEFAULT_FONT_PT
            wrapped = wrap(seg, right - first, right - left)
            for i, line in enumerate(wrapped):
                line = _strip(line)
                if not line:
                    continue
                text = tx.nfc("".join(c for c, _ in line))
                ink = [pr for c, pr in line if not c.isspace()]
                width = sum(glyph_width(c, pr.size or DEFAULT_FONT_PT, bool(pr.bold)) for c, pr in line)
                start = first if i == 0 and k == 0 else left
                last = i == len(wrapped) - 1
                if ppr.align == "center":
                    lx = (start + right - width) / 2
                elif ppr.align == "right":
                    lx = right - width
                else:
                    lx = start
                lx = max(lx, x0)
                lsize = _median([pr.size or DEFAULT_FONT_PT for pr in ink]) or size
                out.append(Line(text=text, page=self.page, x0=round(lx, 2), top=round(y, 2),
                                # justified lines fill the column, all but the paragraph's last
                                x1=round(right if ppr.align == "both" and not last else min(lx + width, right), 2),
                                bottom=round(y + lsize, 2),
                                size=lsize, bold=_share(ink, "bold"), italic=_share(ink, "italic")))
                y += lsize * LINE_PITCH
                if running:
                    self.content_on_page = True
        if not any(c.strip() for c, _ in chars):       # an empty paragraph still takes a line
            y += (_median([pr.size or DEFAULT_FONT_PT for _, pr in chars]) or
                  self.styles.run_default.size or DEFAULT_FONT_PT) * LINE_PITCH
        y += ppr.after or 0.0
        if running:
            self.y = y
        return y

    # -- tables
    def table(self, tbl) -> None:
        grid = [(_twips(g, "w") or 0.0) for g in tbl.findall(f"{q('tblGrid')}/{q('gridCol')}")]
        counters = self.numbering.snapshot()
        rows, paras, header_rows, breaks = self._table_cells(tbl, len(grid))
        from plan_extract.tables.headers import caption_above, is_candidate_header, is_data_header
        x0 = self.geom.left
        x1 = self.geom.width - self.geom.right
        tw = sum(grid) or (x1 - x0)
        jc = tbl.find(f"{q('tblPr')}/{q('jc')}")
        if jc is not None and jc.get(q("val")) == "center":
            x0 = x0 + (x1 - x0 - tw) / 2
        understood = bool(rows) and is_data_header(rows)
        if rows and (understood or is_candidate_header(rows)):
            top = self.y
            height = sum(max((len(ps) for ps in r if ps), default=1) * 12 * LINE_PITCH + 4 for r in paras)
            bbox = (round(x0, 2), round(top, 2), round(x0 + tw, 2), round(top + height, 2))
            caption = caption_above([ln for ln in self.lines[self._since_table:] if ln.page == self.page], top)
            index = self._index_on_page
            self.raw_tables.append(RawTable(page=self.page, bbox=bbox, rows=rows, method="docx", index=index,
                                            meta=TableMeta(has_header=True, header_understood=understood, continues_previous=False,
                                                           caption=caption, header_rows=header_rows,
                                                           columns=[round(x0 + sum(grid[:i]), 2) for i in range(len(grid) + 1)],
                                                           width=self.geom.width)))
            self._index_on_page += 1
            self.y = top + height
            self.content_on_page = True
            self._since_table = len(self.lines)
            for _ in range(breaks):            # the table runs on over pages Word rendered
                self.new_page()
                self.content_on_page = True
            return
        self.numbering.restore(counters)      # the layout pass numbers the same paragraphs
        self._layout_table(tbl, grid, x0)

    def _table_cells(self, tbl, ncols: int):
        """w:tbl -> (rows of Cells with spans, the w:p elements per grid cell, header row count,
        the number of rows that start with a page break)."""
        breaks = 0
        rows: list[list[Optional[Cell]]] = []
        paras: list[list[Optional[list]]] = []
        header_rows = 0
        in_header = True
        for tr in tbl.findall(q("tr")):
            trpr = tr.find(q("trPr"))
            is_header = trpr is not None and _on(trpr.find(q("tblHeader"))) is True
            if in_header and is_header:
                header_rows += 1
            else:
                in_header = False
            c = _int(trpr.find(q("gridBefore"))) or 0 if trpr is not None else 0
            row: list[Optional[Cell]] = [Cell(text="") for _ in range(c)]
            row_paras: list[Optional[list]] = [[] for _ in range(c)]
            row_break = False
            for tc in _cells(tr):
                tcpr = tc.find(q("tcPr"))
                span = max(_int(tcpr.find(q("gridSpan"))) or 1, 1) if tcpr is not None else 1
                vm = tcpr.find(q("vMerge")) if tcpr is not None else None
                ps = list(_cell_paragraphs(tc))
                text, bold, broken, head = self._cell_text(ps)
                row_break = row_break or broken
                if vm is not None and vm.get(q("val"), "continue") == "continue" and rows:
                    owner = _owner_above(rows, len(row))
                    if owner is not None:
                        owner.rowspan += 1
                        if text:      # text left in a continued cell: keep it, after the owner's
                            owner.text = tx.squash_spaces(f"{owner.text} {text}")
                        row.extend([None] * span)
                        row_paras.extend([None] * span)
                        continue
                row.append(Cell(text=text, bbox=None, bold=bold, colspan=span, head=head))
                row.extend([None] * (span - 1))
                row_paras.append(ps)
                row_paras.extend([None] * (span - 1))
            rows.append(row)
            paras.append(row_paras)
            breaks += row_break
        width = max([ncols] + [len(r) for r in rows])
        for r, rp in zip(rows, paras):
            while len(r) < width:
                r.append(Cell(text=""))
                rp.append([])
        return rows, paras, header_rows, breaks

    def _cell_text(self, paragraphs) -> tuple[str, bool, bool, Optional[str]]:
        """-> (the paragraphs' text joined with one space, bold, whether a page break is in it,
        the leading bold lines when the cell prints bold lines then regular ones: Cell.head).
        Lines are the paragraphs and the pieces line breaks cut them into."""
        texts, ink, broken = [], [], False
        lines: list[tuple[str, bool]] = []          # (text, bold) per printed line
        for p in paragraphs:
            cuts: list[int] = []
            chars, _ = paragraph_chars(p, self.styles, self.numbering, cuts)
            broken = broken or any(c == PAGE_BREAK for c, _ in chars)
            t = tx.squash_spaces("".join(" " if c == PAGE_BREAK else c for c, _ in chars))
            if t:
                texts.append(t)
            ink.extend(pr for c, pr in chars if not c.isspace())
            for a, b in zip([0] + [k + 1 for k in cuts], cuts + [len(chars)]):
                piece = chars[a:b]
                line = tx.squash_spaces("".join(" " if c == PAGE_BREAK else c for c, _ in piece))
                if line:
                    lines.append((line, _share([pr for c, pr in piece if not c.isspace()], "bold")))
        return tx.nfc(" ".join(texts)), _share(ink, "bold"), broken, _bold_head(lines)

    def _layout_table(self, tbl, grid: list[float], x0: float) -> None:
        """A layout table: each row's cells laid out side by side from the row's top; the
        row's Lines in reading order (top, then left to right)."""
        ncols = len(grid)
        for tr in tbl.findall(q("tr")):
            trpr = tr.find(q("trPr"))
            c = (_int(trpr.find(q("gridBefore"))) or 0) if trpr is not None else 0
            top = self.y
            bottom = top
            row_lines: list[Line] = []
            cx1 = x0 + sum(grid[:c])
            for tc in _cells(tr):
                tcpr = tc.find(q("tcPr"))
                span = max(_int(tcpr.find(q("gridSpan"))) or 1, 1) if tcpr is not None else 1
                # the cell's own width when it gives one in twips, else its grid columns'
                tcw = tcpr.find(q("tcW")) if tcpr is not None else None
                w = _twips(tcw, "w") if tcw is not None and tcw.get(q("type"), "dxa") == "dxa" else None
                cx0 = cx1
                cx1 = cx0 + (w or sum(grid[c:c + span]) or (self.geom.width - self.geom.right - x0) / max(ncols, 1))
                y = top
                for p in _cell_paragraphs(tc):
                    y = self.paragraph(p, cx0 + 5.4, max(cx1 - 5.4, cx0 + 20), row_lines, y)
                bottom = max(bottom, y)
                c += span
            row_lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
            self.lines.extend(row_lines)
            if row_lines:
                self.content_on_page = True
            self.y = bottom


def _cells(tr) -> Iterator[Any]:
    for child in tr:
        if child.tag == q("tc"):
            yield child
        elif child.tag in (q("sdt"), q("customXml")):
            content = child.find(q("sdtContent")) if child.tag == q("sdt") else child
            for sub in content if content is not None else []:
                if sub.tag == q("tc"):
                    yield sub


def _cell_paragraphs(tc) -> Iterator[Any]:
    """The cell's paragraphs in order, nested tables' paragraphs included."""
    for child in tc:
        if child.tag == q("p"):
            yield child
        elif child.tag == q("tbl"):
            for p in child.iter(q("p")):
                yield p
        elif child.tag == q("sdt"):
            content = child.find(q("sdtContent"))
            if content is not None:
                yield from _cell_paragraphs(content)


def _owner_above(rows: list[list[Optional[Cell]]], col: int) -> Optional[Cell]:
    """The cell that starts a vertical merge at grid column `col` above the current row."""
    for r in range(len(rows) - 1, -1, -1):
        if col < len(rows[r]) and rows[r][col] is not None:
            return rows[r][col]
    return None


def _split_pages(chars):
    segs, cur = [], []
    for item in chars:
        if item[0] == PAGE_BREAK:
            segs.append(cur)
            cur = []
        else:
            cur.append(item)
    segs.append(cur)
    return segs


def _strip(chars):
    i, j = 0, len(chars)
    while i < j and chars[i][0].isspace():
        i += 1
    while j > i and chars[j - 1][0].isspace():
        j -= 1
    out, prev_space = [], False
    for item in chars[i:j]:           # runs of spaces -> one space (text.squash_spaces)
        space = item[0].isspace()
        if space and prev_space:
            continue
        out.append((" ", item[1]) if space else item)
        prev_space = space
    return out


def _bold_head(lines: list[tuple[str, bool]]) -> Optional[str]:
    """Printed lines of a cell as (text, bold) -> the text of its leading bold lines when the
    cell is bold first and regular after (a lead in bold over its coordinators), as
    tables/find.bold_head reads a PDF cell; None otherwise."""
    if len(lines) < 2 or not lines[0][1]:
        return None
    flags = [b for _, b in lines]
    if all(flags):
        return None
    k = flags.index(False)
    if any(flags[k:]):
        return None
    return tx.nfc(" ".join(t for t, _ in lines[:k]))


def _share(props: list[RunProps], attr: str) -> bool:
    return bool(props) and sum(1 for p in props if getattr(p, attr)) > 0.5 * len(props)


def _median(values: list[float]) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[len(s) // 2]
