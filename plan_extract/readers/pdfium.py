"""A PDF page read with PDFium (pypdfium2): glyphs and ruling lines as the dicts the later stages
consume, several times faster than pdfminer's Python interpreter.

pdfplumber (pdfminer) stays the reference reader; this one yields the same objects, so the table
and interpretation stages cannot tell them apart (tests/test_pdfium.py extracts every corpus PDF
and the real documents through both and requires identical rows). Chosen by the reader setting
(`Settings(reader="pdfium" | "pdfplumber")`).

How each object is made to match pdfminer's:
- a glyph's x0 is the pen position (its origin), x1 the loose char box's right edge (never left of
  x0: a zero-advance diacritic is zero wide, as in pdfminer); its top / bottom come from the origin,
  the font's descent and the font size, the way pdfminer boxes an LTChar (height = font size);
  `fontname` is the PDF's BaseFont (subset prefix included), `size` the effective font size;
  characters PDFium generates itself are left out (line ends), except a space it generates in
  place of a drawn space glyph between two glyphs of one line (pdfminer keeps the drawn one);
- ruling lines are the segments of path objects (form XObjects included), transformed to page
  space: a two-point subpath is a `line`, a closed axis-aligned four-corner subpath a rect (four
  `rect_edge`s), any other segment a `curve_edge` — pdfplumber's edge kinds;
- a page's /Rotate is applied like pdfminer applies it, so landscape appendices read alike.
`find_tables` runs pdfplumber's own lattice functions (TableFinder) on these edges.
"""
from __future__ import annotations

import ctypes
from typing import Any, Callable, Optional

#: Widest word space (× font size) kept where PDFium generated one for a drawn space glyph;
#: justified Word text stretches spaces to about 0.6 em, a gap between table cells is wider.
SPACE_MAX = 0.8

FPDF_PAGEOBJ_PATH = 2
FPDF_PAGEOBJ_FORM = 5
FPDF_SEGMENT_LINETO = 0
FPDF_SEGMENT_BEZIERTO = 1
FPDF_SEGMENT_MOVETO = 2


def _mul(m, n):
    """Compose affine matrices (a, b, c, d, e, f): apply m, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


class GlyphCapExceeded(Exception):
    """A page draws more characters than `PdfiumPage.glyph_cap` (found before any is read)."""


class _Finder:
    """The minimal page pdfplumber's TableFinder reads: edges and bbox."""

    def __init__(self, edges, width, height):
        self.edges = edges
        self.bbox = (0, 0, width, height)


class PdfiumPage:
    """One page: width, height (points, after /Rotate), `chars`, `edges`, `find_tables()`,
    `filter()` and `to_image()` — the parts of a pdfplumber page the pipeline uses."""

    def __init__(self, page, number: int, chars: Optional[list[dict]] = None,
                 edges: Optional[list[dict]] = None, pdf_page=None):
        self._page = page                 # pypdfium2 PdfPage (kept open for rendering)
        self.page_number = number
        w, h = page.get_size()
        self.rotation = page.get_rotation() % 360
        self._mediabox = page.get_mediabox()
        if self.rotation in (90, 270):
            w, h = h, w
        self.width, self.height = float(w), float(h)
        self.bbox = (0, 0, self.width, self.height)
        self._chars = chars
        self._edges = edges
        self.glyph_cap: Optional[int] = None   # read_chars refuses a page with more characters

    # -- coordinates: PDF user space -> top-left page space after /Rotate (pdfminer's device)
    def _to_top_left(self, x: float, y: float) -> tuple[float, float]:
        x0, y0, x1, y1 = self._mediabox
        x, y = x - x0, y - y0
        w, h = x1 - x0, y1 - y0
        if self.rotation == 90:
            x, y = y, w - x
        elif self.rotation == 180:
            x, y = w - x, h - y
        elif self.rotation == 270:
            x, y = h - y, x
        return x, self.height - y

    def path_count(self, stop_after: int) -> int:
        """Subpaths drawn on the page (forms included), counted up to just past `stop_after`:
        the caps' measure of drawing cost (one `re` or `m` is one subpath)."""
        import pypdfium2.raw as R
        count = 0
        todo = [(R.FPDFPage_CountObjects(self._page.raw), lambda j: R.FPDFPage_GetObject(self._page.raw, j))]
        while todo and count <= stop_after:
            n, get = todo.pop()
            for k in range(n):
                obj = get(k)
                kind = R.FPDFPageObj_GetType(obj)
                if kind == FPDF_PAGEOBJ_FORM:
                    todo.append((R.FPDFFormObj_CountObjects(obj), lambda j, o=obj: R.FPDFFormObj_GetObject(o, j)))
                elif kind == FPDF_PAGEOBJ_PATH:
                    for s in range(R.FPDFPath_CountSegments(obj)):
                        if R.FPDFPathSegment_GetType(R.FPDFPath_GetPathSegment(obj, s)) == FPDF_SEGMENT_MOVETO:
                            count += 1
                            if count > stop_after:
                                return count
        return count

    @property
    def chars(self) -> list[dict]:
        if self._chars is None:
            self._chars = read_chars(self)
        return self._chars

    @property
    def edges(self) -> list[dict]:
        if self._edges is None:
            self._edges = read_edges(self)
        return self._edges

    def filter(self, keep: Callable[[dict], bool]) -> "PdfiumPage":
        view = PdfiumPage.__new__(PdfiumPage)
        view.__dict__.update(self.__dict__)
        view._chars = [c for c in self.chars if keep(c)]
        view._edges = [e for e in self.edges if keep(e)]
        return view

    def find_tables(self, settings: dict) -> list:
        from pdfplumber.table import TableFinder
        return TableFinder(_Finder(self.edges, self.width, self.height), settings).tables

    def to_image(self, resolution: float = 72):
        """The page rendered at `resolution` dpi; `.original` is the PIL image (pdfplumber's shape)."""
        image = self._page.render(scale=resolution / 72.0, rotation=0).to_pil()

        class _Image:
            original = image
        return _Image


def read_chars(page: PdfiumPage) -> list[dict]:
    """Glyphs in content order, pdfminer-shaped: text, fontname, size, x0, x1, top, bottom, ..."""
    import pypdfium2.raw as R
    textpage = page._page.get_textpage()
    try:
        n = R.FPDFText_CountChars(textpage)
        if page.glyph_cap is not None and n > page.glyph_cap:
            raise GlyphCapExceeded(n)
        out: list[dict] = []
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect = R.FS_RECTF()
        fonts: dict[Optional[int], tuple[str, float]] = {}
        name_buf = ctypes.create_string_buffer(512)
        descent = ctypes.c_float()
        matrix = R.FS_MATRIX()
        pending_space: Optional[float] = None
        objects: dict[Optional[int], tuple[str, float, float]] = {}   # text object -> font name, size, descent
        for i in range(n):
            code = R.FPDFText_GetUnicode(textpage, i)
            obj = R.FPDFText_GetTextObject(textpage, i)
            if not obj:
                # a character PDFium generated (no text object): it drops a drawn space glyph and
                # generates its own in its place; keep a generated space that stands between two
                # glyphs of one line (pdfminer keeps the drawn one), drop the line ends it generates
                if code == 32 and out:
                    R.FPDFText_GetLooseCharBox(textpage, i, rect)
                    pending_space = float(rect.left)
                continue
            # PDFium reports a hyphen it judges a line-end hyphen as U+0002; pdfminer keeps "-"
            text = "-" if code == 2 else (chr(code) if code else "\ufffd")
            key = ctypes.cast(obj, ctypes.c_void_p).value
            known = objects.get(key)
            if known is None:
                # one text object, one font and size: the font size times the vertical scale of
                # its text matrix and CTM (pdfminer's size), the font's descent at that size
                R.FPDFText_GetMatrix(textpage, i, matrix)
                scale = (matrix.c * matrix.c + matrix.d * matrix.d) ** 0.5 or 1.0
                em = float(R.FPDFText_GetFontSize(textpage, i))
                font = R.FPDFTextObj_GetFont(obj)
                name, desc = "", 0.0
                if font:
                    fkey = ctypes.cast(font, ctypes.c_void_p).value
                    if fkey not in fonts:
                        length = R.FPDFFont_GetBaseFontName(font, name_buf, len(name_buf))
                        fonts[fkey] = (name_buf.raw[:max(0, length - 1)].decode("utf-8", "replace"), 0.0)
                    name = fonts[fkey][0]
                    if R.FPDFFont_GetDescent(font, ctypes.c_float(em), ctypes.byref(descent)):
                        desc = float(descent.value) * scale
                known = objects[key] = (name, em * scale, desc)
            fontname, size, desc = known
            R.FPDFText_GetLooseCharBox(textpage, i, rect)
            R.FPDFText_GetCharOrigin(textpage, i, ox, oy)
            # x from the pen position: a zero-advance diacritic (legacy VNI fonts) starts where the
            # pen is, as in pdfminer, not where its ink is
            lx0 = float(ox.value)
            lx1 = max(lx0, float(rect.right))
            y_low = oy.value + desc
            y_high = y_low + size
            # corners through the rotation; an upright page keeps x from the loose box
            (ax, atop), (bx, btop) = page._to_top_left(lx0, y_high), page._to_top_left(lx1, y_low)
            x0, x1 = min(ax, bx), max(ax, bx)
            top, bottom = min(atop, btop), max(atop, btop)
            if pending_space is not None:
                prev = out[-1]
                # a word space, not the gap between two table cells on one baseline
                # (PDFium may place it a little past the next glyph's pen position)
                if abs(prev["top"] - top) < 0.5 * size and prev["x0"] < pending_space <= x0 + 0.5 * size \
                        and x0 - pending_space <= SPACE_MAX * size:
                    sx0 = min(pending_space, x0)
                    out.append(dict(prev, text=" ", x0=sx0, x1=x0, width=x0 - sx0))
                pending_space = None
            out.append({"object_type": "char", "page_number": page.page_number, "text": text,
                        "fontname": fontname, "size": size, "upright": True,
                        "x0": x0, "x1": x1, "y0": page.height - bottom, "y1": page.height - top,
                        "width": x1 - x0, "height": bottom - top, "top": top, "bottom": bottom,
                        "doctop": top})
        return out
    finally:
        textpage.close()


def _matrix(obj) -> tuple:
    import pypdfium2.raw as R
    m = R.FS_MATRIX()
    if not R.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _subpaths(obj, matrix) -> list[tuple[list[tuple[float, float]], bool]]:
    """A path object's subpaths: (points in PDF user space, closed)."""
    import pypdfium2.raw as R
    out: list[tuple[list[tuple[float, float]], bool]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    current: list[tuple[float, float]] = []
    closed = False
    for k in range(R.FPDFPath_CountSegments(obj)):
        seg = R.FPDFPath_GetPathSegment(obj, k)
        R.FPDFPathSegment_GetPoint(seg, x, y)
        kind = R.FPDFPathSegment_GetType(seg)
        point = _apply(matrix, x.value, y.value)
        if kind == FPDF_SEGMENT_MOVETO:
            if current:
                out.append((current, closed))
            current, closed = [point], False
        else:
            current.append(point)
        if R.FPDFPathSegment_GetClose(seg):
            closed = True
    if current:
        out.append((current, closed))
    return out


def _edge(kind: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    x0, x1 = min(x0, x1), max(x0, x1)
    top, bottom = min(top, bottom), max(top, bottom)
    orientation = "v" if x0 == x1 else ("h" if top == bottom else None)
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _is_rect(points: list[tuple[float, float]]) -> bool:
    pts = points[:-1] if len(points) == 5 and points[0] == points[-1] else points
    if len(pts) != 4:
        return False
    xs = {round(p[0], 3) for p in pts}
    ys = {round(p[1], 3) for p in pts}
    if len(xs) > 2 or len(ys) > 2:
        return False
    return all(p[0] == q[0] or p[1] == q[1] for p, q in zip(pts, pts[1:] + pts[:1]))


def read_edges(page: PdfiumPage) -> list[dict]:
    """Ruling lines (pdfplumber edge dicts) from every path object, forms included."""
    import pypdfium2.raw as R
    out: list[dict] = []

    def walk(count: int, get, parent):
        for k in range(count):
            obj = get(k)
            kind = R.FPDFPageObj_GetType(obj)
            if kind == FPDF_PAGEOBJ_FORM:
                walk(R.FPDFFormObj_CountObjects(obj), lambda j, o=obj: R.FPDFFormObj_GetObject(o, j),
                     _mul(_matrix(obj), parent))
            elif kind == FPDF_PAGEOBJ_PATH:
                for points, closed in _subpaths(obj, _mul(_matrix(obj), parent)):
                    pts = [page._to_top_left(px, py) for px, py in points]
                    if len(pts) == 2 and not closed:
                        out.append(_edge("line", pts[0][0], pts[0][1], pts[1][0], pts[1][1]))
                    elif (closed or len(pts) == 5) and _is_rect(pts):
                        xs = [p[0] for p in pts]
                        ys = [p[1] for p in pts]
                        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
                        out.extend([_edge("rect_edge", x0, top, x1, top), _edge("rect_edge", x0, bottom, x1, bottom),
                                    _edge("rect_edge", x0, top, x0, bottom), _edge("rect_edge", x1, top, x1, bottom)])
                    else:
                        ring = pts + ([pts[0]] if closed and pts[0] != pts[-1] else [])
                        out.extend(_edge("curve_edge", a[0], a[1], b[0], b[1]) for a, b in zip(ring, ring[1:]))

    raw = page._page.raw
    walk(R.FPDFPage_CountObjects(raw), lambda j: R.FPDFPage_GetObject(raw, j), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return out


class PdfiumDocument:
    """An open PDF: `pages` (PdfiumPage, read lazily) and `close()`."""

    def __init__(self, data: bytes):
        import pypdfium2 as pdfium
        self._pdf = pdfium.PdfDocument(data)
        self.pages = [PdfiumPage(self._pdf[i], i + 1) for i in range(len(self._pdf))]

    def close(self) -> None:
        if self._pdf is not None:
            for p in self.pages:
                p._page.close()
            self._pdf.close()
            self._pdf = None
