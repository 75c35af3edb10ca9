"""The file-level caps of a PDF read from its structure alone, without pdfminer's parse.

Before PDFium inflates and interprets a page, readers/pdf.py checks the file's object count and
each page's inflated content-stream bytes (settings.Limits). pdfminer did that by parsing every
object of each object stream in Python; this module reads only what the caps need: the cross-
reference sections (the trailer chain), the catalog, the page tree, each page's /Contents and
each content stream's length. It follows pdfminer's reading (the same sections in the same
order, an object taken from the first section listing it in use, the same page-tree walk and the
same stream bytes) and answers only when it can be sure of the verdict:

    caps_pass(data, limits) -> True   every cap holds (the file passes as under pdfminer)
                            -> None   unsure: anything this reader does not model exactly (a
                                      broken cross-reference, encryption, an object that does
                                      not parse cleanly, a cap that might be passed ...): the
                                      caller runs pdfminer's check, which gives the verdict and
                                      its message.

Bomb-safe: a deflate stream inflates to at most 1032 times its size (a 258-byte match costs at
least two bits), so a page whose content streams are small enough passes without inflating
them; the others, and the object and cross-reference streams read here, are inflated under the
cap. Objects inside an object stream are read at the offsets the stream's header declares (as
PDFium reads them; pdfminer parses the stream from its start, the same objects in a well-formed
stream).
"""
from __future__ import annotations

import re
import zlib
from numbers import Number
from typing import Any, Optional

#: Largest number of bytes one byte of deflate data can inflate to (258-byte matches coded in
#: two bits: a one-bit length code and a one-bit distance code).
DEFLATE_MAX_RATIO = 1032

_INHERITABLE = ("Resources", "MediaBox", "CropBox", "Rotate")
_BOXES = ("CropBox", "TrimBox", "BleedBox", "ArtBox")
_FLATE = ("FlateDecode", "Fl")
_MAX_TREE_DEPTH = 64


class Unsure(Exception):
    """The structure holds something this reader does not model exactly."""


class Name(str):
    """A PDF name (/Type), told apart from a string."""


class PdfString(bytes):
    """A PDF string (its raw bytes: the caps never read a string's value)."""


class Ref:
    __slots__ = ("objid",)

    def __init__(self, objid: int):
        self.objid = objid


class Stream:
    __slots__ = ("attrs", "start", "end")

    def __init__(self, attrs: dict, start: int, end: int):
        self.attrs, self.start, self.end = attrs, start, end


_WS = re.compile(rb"(?:[ \t\n\r\x0b\x0c]+|%[^\r\n]*)*")
_END = rb"(?=[\s/%\[\]()<>{}]|\Z)"
_TOKEN = re.compile(
    rb"(<<|>>|\[|\])"                                   # 1 delimiter
    rb"|/([^\s/%\[\]()<>{}#]*)(?!#)"                      # 2 name (no #xx escapes)
    rb"|([+-]?(?:\d+(?:\.\d*)?|\.\d+))" + _END +         # 3 number
    rb"|([A-Za-z]+)" + _END +                            # 4 keyword
    rb"|(\()"                                            # 5 literal string
    rb"|<([0-9A-Fa-f\s]*)>")                              # 6 hex string
#: white space and comments, then a token, in one match (the white space taken whole, as _WS
#: matches it: an atomic group, never given back to the token)
_WS_TOKEN = re.compile(rb"(?>" + _WS.pattern + rb")(?:" + _TOKEN.pattern + rb")")
_STRING_STOP = re.compile(rb"[()\\]")
_EOL = re.compile(rb"\r\n|\r|\n")
_NUM = 3
_ENDSTREAM = re.compile(rb"\s*endstream")


def _token(data: bytes, pos: int):
    """The token at pos (after white space and comments): (kind, value, end). Unsure for what
    pdfminer might read differently (a name with #xx, a number run into a letter ...)."""
    m = _WS_TOKEN.match(data, pos)
    if m is None:
        raise Unsure(f"token at {_WS.match(data, pos).end()}")
    kind = m.lastindex
    if kind == 1:
        return 1, m.group(1), m.end()
    if kind == 2:
        try:
            return 2, Name(m.group(2).decode("utf-8")), m.end()
        except UnicodeDecodeError:
            raise Unsure("name") from None
    if kind == 3:
        tok = m.group(3)
        return 3, (float(tok) if b"." in tok else int(tok)), m.end()
    if kind == 4:
        return 4, m.group(4), m.end()
    if kind == 5:
        depth, i = 1, m.end()
        while True:
            s = _STRING_STOP.search(data, i)
            if s is None:
                raise Unsure("string")
            c = data[s.start()]
            if c == 0x5C:                      # backslash: the next byte is escaped
                i = s.start() + 2
                continue
            i = s.end()
            depth += 1 if c == 0x28 else -1
            if not depth:
                return 5, PdfString(data[m.end():s.start()]), i
    return 6, PdfString(m.group(6)), m.end()


def _object(data: bytes, pos: int):
    """One object at pos: (value, end)."""
    kind, val, end = _token(data, pos)
    if kind == _NUM:
        if type(val) is int and val >= 0:
            try:
                k2, v2, e2 = _token(data, end)
                if k2 == _NUM and type(v2) is int:
                    k3, v3, e3 = _token(data, e2)
                    if k3 == 4 and v3 == b"R":
                        return Ref(val), e3
            except Unsure:
                pass
        return val, end
    if kind == 1:
        if val == b"[":
            out = []
            while True:
                k, v, e = _token(data, end)
                if k == 1 and v == b"]":
                    return out, e
                item, end = _object(data, end)
                out.append(item)
        if val == b"<<":
            items = []
            while True:
                k, v, e = _token(data, end)
                if k == 1 and v == b">>":
                    break
                item, end = _object(data, end)
                items.append(item)
            if len(items) % 2:
                raise Unsure("odd dictionary")
            d = {}
            for key, value in zip(items[::2], items[1::2]):
                if type(key) is not Name:
                    raise Unsure("dictionary key")
                if value is not None:
                    d[str(key)] = value
            return d, e
        raise Unsure("unbalanced")
    if kind == 4:
        if val == b"true":
            return True, end
        if val == b"false":
            return False, end
        if val == b"null":
            return None, end
        raise Unsure(f"keyword {val!r}")
    return val, end


def _keyword(data: bytes, pos: int, word: bytes) -> int:
    k, v, e = _token(data, pos)
    if k != 4 or v != word:
        raise Unsure(f"expected {word!r}")
    return e


def inflated_size(raw: bytes, cap: int) -> int:
    """Bytes a zlib (FlateDecode) stream inflates to, counted while inflating, stopping just past
    `cap` (so a bomb costs at most cap bytes of memory). Damaged data: what inflated so far."""
    d = zlib.decompressobj()
    total, buf = 0, raw
    try:
        while buf and total <= cap:
            total += len(d.decompress(buf, 1 << 20))
            buf = d.unconsumed_tail
        if total <= cap:
            total += len(d.flush())
    except zlib.error:
        pass
    return total


def _inflate(raw: bytes, cap: int) -> bytes:
    """A zlib stream inflated whole (Unsure past cap or when damaged)."""
    d = zlib.decompressobj()
    try:
        out = d.decompress(raw, cap + 1)
    except zlib.error:
        raise Unsure("damaged zlib data") from None
    if len(out) > cap or not d.eof:
        raise Unsure("inflates past the cap or is incomplete")
    return out


class _Structure:
    def __init__(self, data: bytes, cap: int):
        self.data = data
        self.cap = cap
        self.sections: list = []              # ("table", offsets) | ("stream", ranges, rows, w)
        self.cache: dict[int, Any] = {}
        self.objstm: dict[int, tuple] = {}
        self.bound = 0                        # objects the sections list, at most

    # ------------------------------------------------------------------ cross-reference

    def read_xrefs(self) -> None:
        data = self.data
        m = re.search(rb"(?:^|[\r\n])startxref[ \t\x0b\x0c]*(?:\r\n|\r|\n)[\s]*(\d+)[ \t\x0b\x0c]*"
                      rb"(?:\r\n|\r|\n)%%EOF[\s]*\Z", data[-1024:])
        if m is None:
            raise Unsure("no plain startxref at the end")
        seen: set[int] = set()
        todo = [int(m.group(1))]
        while todo:                            # pdfminer's order: this section, XRefStm, Prev
            pos = todo.pop()
            if pos in seen or len(seen) > 64:
                raise Unsure("cross-reference loop")
            seen.add(pos)
            trailer = self.read_section(pos)
            nxt = []
            for key in ("XRefStm", "Prev"):
                if key in trailer:
                    value = trailer[key]
                    if type(value) is not int:
                        raise Unsure(key)
                    nxt.append(value)
            todo.extend(reversed(nxt))
        if any("Encrypt" in s[-1] for s in self.sections):
            raise Unsure("encrypted")

    def read_section(self, pos: int) -> dict:
        data = self.data
        if not 0 <= pos < len(data):
            raise Unsure("cross-reference offset")
        k, v, e = _token(data, pos)
        if k == 4 and v == b"xref":
            return self.read_table(e)
        if k == _NUM:
            return self.read_xref_stream(pos)
        raise Unsure("not a cross-reference section")

    def read_table(self, pos: int) -> dict:
        data = self.data
        n = len(data)

        def nextline(p):
            if p >= n:
                raise Unsure("end of file in a cross-reference table")
            m = _EOL.search(data, p)
            end = m.end() if m else n
            return data[p:end], end

        _, pos = nextline(pos)                 # the rest of the 'xref' line
        offsets: dict[int, int] = {}
        while True:
            line, nxt = nextline(pos)
            s = line.strip()
            if not s:
                pos = nxt
                continue
            if s.startswith(b"trailer"):
                break
            f = s.split(b" ")
            if len(f) != 2:
                raise Unsure("subsection header")
            try:
                start, count = int(f[0]), int(f[1])
            except ValueError:
                raise Unsure("subsection header") from None
            pos = nxt
            for objid in range(start, start + count):
                line, pos = nextline(pos)
                f = line.strip().split(b" ")
                if len(f) != 3:
                    raise Unsure("entry")
                if f[2] != b"n":
                    continue
                try:
                    offsets[objid] = int(f[0])
                    int(f[1])
                except ValueError:
                    raise Unsure("entry") from None
        e = _keyword(data, pos, b"trailer")
        trailer, e = _object(data, e)
        if type(trailer) is not dict:
            raise Unsure("trailer")
        _keyword(data, e, b"startxref")
        self.bound += len(offsets)
        self.sections.append(("table", offsets, trailer))
        return trailer

    def read_xref_stream(self, pos: int) -> dict:
        data = self.data
        stream = self.parse_indirect(pos, None)
        if not isinstance(stream, Stream) or stream.attrs.get("Type") != "XRef" \
                or type(stream.attrs.get("Type")) is not Name:
            raise Unsure("not a cross-reference stream")
        a = stream.attrs
        size, w = a.get("Size"), a.get("W")
        index = a.get("Index", [0, size])
        if type(size) is not int or type(w) is not list or len(w) != 3 \
                or any(type(x) is not int or x < 0 for x in w) or type(index) is not list \
                or len(index) % 2 or any(type(x) is not int or x < 0 for x in index):
            raise Unsure("cross-reference stream fields")
        rows = self.stream_data(stream, data_cap=self.cap)
        ranges = list(zip(index[::2], index[1::2]))
        self.bound += sum(c for _, c in ranges)
        self.sections.append(("stream", ranges, rows, tuple(w), a))
        return a

    def stream_data(self, stream: Stream, data_cap: int) -> bytes:
        """A stream's data decoded: none or FlateDecode, with no predictor or PNG 'Up' rows."""
        a = stream.attrs
        if "F" in a or "DP" in a or "FDecodeParms" in a:
            raise Unsure("external or odd stream")
        raw = self.data[stream.start:stream.end]
        filters = a.get("Filter")
        if filters is None:
            return raw
        if type(filters) is list and len(filters) == 1:
            filters = filters[0]
        if type(filters) is not Name or filters not in _FLATE:
            raise Unsure("filter")
        out = _inflate(raw, data_cap)
        params = a.get("DecodeParms")
        if type(params) is list and len(params) == 1:
            params = params[0]
        if params is None or (type(params) is dict and "Predictor" not in params):
            return out
        if type(params) is not dict or set(params) - {"Predictor", "Columns"} \
                or params.get("Predictor") not in (1, 10, 11, 12, 13, 14, 15) \
                or type(params.get("Columns", 1)) is not int:
            raise Unsure("predictor")
        if params["Predictor"] == 1:
            return out
        return _png_up(out, params.get("Columns", 1))

    # ------------------------------------------------------------------ objects

    def parse_indirect(self, pos: int, objid: Optional[int]):
        """The object 'objid gen obj ... endobj' at pos (a Stream for a stream)."""
        data = self.data
        if not 0 <= pos < len(data):
            raise Unsure("object offset")
        k1, v1, e = _token(data, pos)
        k2, v2, e = _token(data, e)
        if k1 != _NUM or k2 != _NUM or type(v1) is not int or type(v2) is not int \
                or (objid is not None and v1 != objid):
            raise Unsure("object header")
        e = _keyword(data, e, b"obj")
        value, e = _object(data, e)
        k, v, e2 = _token(data, e)
        if k == 4 and v == b"stream":
            if type(value) is not dict:
                raise Unsure("stream dictionary")
            length = value.get("Length")
            if isinstance(length, Ref):
                if objid is None:
                    raise Unsure("indirect length")
                length = self.resolve(length)
            if type(length) is not int or length < 0:
                raise Unsure("stream length")
            m = _EOL.search(data, e2)            # the rest of the 'stream' line
            if m is None:
                raise Unsure("stream")
            start = m.end()
            end = start + length
            if end > len(data):
                raise Unsure("stream past the end")
            tail = _ENDSTREAM.match(data, end)
            if tail is None:
                raise Unsure("stream length disagrees with endstream")
            _keyword(data, tail.end(), b"endobj")
            return Stream(value, start, end)
        if k != 4 or v != b"endobj":
            raise Unsure("endobj")
        return value

    def getobj(self, objid: int):
        if objid in self.cache:
            return self.cache[objid]
        obj = None
        for section in self.sections:
            if section[0] == "table":
                pos = section[1].get(objid)
                if pos is None:
                    continue
                obj = self.parse_indirect(pos, objid)
                break
            kind, a, b = _stream_entry(section, objid)
            if kind == 1:
                obj = self.parse_indirect(a, objid)
                break
            if kind == 2:
                obj = self.from_objstm(a, b)
                break
        self.cache[objid] = obj
        return obj

    def from_objstm(self, strmid: int, index: int):
        got = self.objstm.get(strmid)
        if got is None:
            stream = self.getobj(strmid)
            if not isinstance(stream, Stream):
                raise Unsure("object stream")
            n, first = stream.attrs.get("N"), stream.attrs.get("First")
            if type(n) is not int or type(first) is not int or n < 0:
                raise Unsure("object stream header")
            body = self.stream_data(stream, data_cap=self.cap)
            offsets, e = [], 0
            for _ in range(2 * n):
                k, v, e = _token(body, e)
                if k != _NUM or type(v) is not int or v < 0:
                    raise Unsure("object stream header")
                offsets.append(v)
            offsets = offsets[1::2]
            if not offsets or e > first + offsets[0] or _WS.match(body, e).end() < first + offsets[0] \
                    or any(b <= a for a, b in zip(offsets, offsets[1:])):
                raise Unsure("object stream layout")
            got = self.objstm[strmid] = (body, first, offsets)
        body, first, offsets = got
        if index >= len(offsets):
            raise Unsure("object stream index")
        value, e = _object(body, first + offsets[index])
        stop = first + offsets[index + 1] if index + 1 < len(offsets) else len(body)
        if e > stop or _WS.match(body, e).end() < stop:
            raise Unsure("object stream object")
        return value

    def resolve(self, x, depth: int = 0):
        while isinstance(x, Ref):
            depth += 1
            if depth > 32:
                raise Unsure("reference chain")
            x = self.getobj(x.objid)
        return x

    def resolve_all(self, x, depth: int = 0):
        if depth > 32:
            raise Unsure("nesting")
        x = self.resolve(x)
        if type(x) is list:
            return [self.resolve_all(v, depth + 1) for v in x]
        if type(x) is dict:
            raise Unsure("dictionary inside a page attribute")
        return x

    # ------------------------------------------------------------------ pages

    def catalog(self) -> dict:
        for section in self.sections:
            trailer = section[-1]
            if not trailer:
                continue
            if "Root" in trailer:
                root = self.resolve(trailer["Root"])
                return root if type(root) is dict else {}
        raise Unsure("no root")

    def pages(self, catalog: dict) -> list[dict]:
        """pdfminer's depth-first walk of the page tree: each page's attributes, inherited
        ones included."""
        if "Pages" not in catalog or "PageLabels" in catalog:
            raise Unsure("pages or page labels")
        out: list[dict] = []
        visited: set[int] = set()

        def walk(obj, parent: dict, depth: int):
            if depth > _MAX_TREE_DEPTH or not isinstance(obj, Ref):
                raise Unsure("page tree")
            props = self.resolve(obj)
            props = dict(props) if type(props) is dict else {}
            if obj.objid in visited:
                return
            visited.add(obj.objid)
            for k in _INHERITABLE:
                if k in parent and k not in props:
                    props[k] = parent[k]
            kind = props.get("Type")
            if kind is None:
                kind = props.get("type")
            if type(kind) is Name and kind == "Pages" and "Kids" in props:
                kids = self.resolve(props["Kids"])
                for child in (kids if type(kids) is list else []):
                    walk(child, props, depth + 1)
            elif type(kind) is Name and kind == "Page":
                out.append(props)

        walk(catalog["Pages"], catalog, 0)
        if not out:
            raise Unsure("no pages")
        return out

    def check_page(self, attrs: dict) -> None:
        """What pdfplumber's page reads of its attributes (rotation and boxes) is well formed."""
        rotate = self.resolve_all(attrs.get("Rotate"))
        if rotate is not None and not isinstance(rotate, (int, float)):
            raise Unsure("rotate")
        for key in ("MediaBox",) + _BOXES:
            if key == "MediaBox" or key in attrs:
                box = self.resolve_all(attrs.get(key))
                if type(box) is not list or len(box) < 4 or not all(isinstance(v, Number) for v in box):
                    raise Unsure("box")

    def content_streams(self, attrs: dict) -> list[Stream]:
        value = attrs.get("Contents")
        if value is None:
            return []
        contents = self.resolve(value)
        items = contents if type(contents) is list else [contents]
        return [s for s in map(self.resolve, items) if isinstance(s, Stream)]

    def content_within(self, streams: list[Stream], cap: int) -> bool:
        """Whether the streams inflate to at most cap bytes as readers/pdf._content_bytes counts
        them (FlateDecode inflated, other data as stored)."""
        if sum(s.end - s.start for s in streams) * DEFLATE_MAX_RATIO <= cap:
            return True
        total = 0
        for s in streams:
            a = s.attrs
            if "F" in a:
                raise Unsure("external stream")
            names = a.get("Filter")
            raw = self.data[s.start:s.end]
            names = names if type(names) is list else [] if names is None else [names]
            params = a.get("DecodeParms")
            if any(type(f) is not Name for f in names) or "DP" in a or "FDecodeParms" in a \
                    or (type(params) is list and len(params) != len(names)):
                raise Unsure("filter")
            if names and all(f in _FLATE for f in names) and len(names) == 1:
                total += inflated_size(raw, cap - total)
            else:
                total += len(raw)
            if total > cap:
                return False
        return True


def _stream_entry(section, objid: int):
    """pdfminer's PDFXRefStream.get_pos: (type, field 2, field 3) of objid's entry, type 0 when
    the section does not list it in use."""
    _, ranges, rows, (w1, w2, w3), _ = section
    index = 0
    for start, count in ranges:
        if start <= objid < start + count:
            index += objid - start
            break
        index += count
    else:
        return 0, 0, 0
    n = w1 + w2 + w3
    ent = rows[n * index:n * index + n]
    if len(ent) < n:
        raise Unsure("cross-reference stream entry")
    f1 = int.from_bytes(ent[:w1], "big") if w1 else 1
    f2 = int.from_bytes(ent[w1:w1 + w2], "big")
    f3 = int.from_bytes(ent[w1 + w2:], "big")
    return (f1, f2, f3) if f1 in (1, 2) else (0, 0, 0)


def _png_up(data: bytes, columns: int) -> bytes:
    """PNG-predicted rows (one filter byte, then `columns` bytes) of 'None' or 'Up' decoded."""
    import numpy as np
    width = columns + 1
    if columns < 1 or len(data) % width:
        raise Unsure("predictor rows")
    rows = np.frombuffer(data, dtype=np.uint8).reshape(-1, width)
    kinds = rows[:, 0]
    body = rows[:, 1:]
    if (kinds == 2).all():
        return np.cumsum(body, axis=0, dtype=np.uint8).tobytes()
    if (kinds == 0).all():
        return body.tobytes()
    raise Unsure("predictor kind")


def caps_pass(data: bytes, max_objects: int, max_decompressed_bytes: int) -> Optional[bool]:
    """True when the file is certain to pass the object cap and every page's content-bytes cap
    (as pdfminer's reading would find); None when unsure (see the module's docstring)."""
    try:
        s = _Structure(data, max_decompressed_bytes)
        s.read_xrefs()
        if s.bound > max_objects:
            return None
        for attrs in s.pages(s.catalog()):
            s.check_page(attrs)
            if not s.content_within(s.content_streams(attrs), max_decompressed_bytes):
                return None
        return True
    except Exception:          # Unsure, or anything else this reader did not foresee
        return None
