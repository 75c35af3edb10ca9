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
import operator
from functools import lru_cache
from itertools import compress, repeat
from typing import Any, Callable, Optional

from plan_extract.geometry import RULE_MAX_THICKNESS, is_shading, same_colour

try:    # the per-glyph calls in one C loop a page (_pdfium_loops.c), built where a compiler is
    from plan_extract.readers import _pdfium_loops as _loops
except ImportError:     # (not built: the same calls made through ctypes, one by one)
    _loops = None

#: Widest word space (× font size) kept where PDFium generated one for a drawn space glyph;
#: justified Word text stretches spaces to about 0.6 em, a gap between table cells is wider.
SPACE_MAX = 0.8

FPDF_PAGEOBJ_TEXT = 1
FPDF_PAGEOBJ_PATH = 2
FPDF_PAGEOBJ_IMAGE = 3
FPDF_PAGEOBJ_FORM = 5
FPDF_SEGMENT_LINETO = 0
FPDF_SEGMENT_BEZIERTO = 1
FPDF_SEGMENT_MOVETO = 2
#: The form depth of the image boxes read_edges collects on its walk (readers.pdf._page_images').
IMAGE_DEPTH = 3


def _mul(m, n):
    """Compose affine matrices (a, b, c, d, e, f): apply m, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _box_through(m, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) taken through the affine matrix m: the bounds of its
    four corners (pdfminer's bbox of a figure); the box itself under the identity."""
    if m == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0):
        return box
    a, b, c, d, e, f = m
    left, bottom, right, top = box
    xs, ys = [], []
    for x, y in ((left, bottom), (right, bottom), (left, top), (right, top)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


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

    def __init__(self, pdf, index: int):
        self._pdf = pdf                   # pypdfium2 PdfDocument (None once released)
        self._index = index
        self.page_number = index + 1
        self._page_obj = None             # pypdfium2 PdfPage, loaded when first needed
        self._geo: Optional[tuple] = None
        self._chars: Optional[list[dict]] = None
        self._edges: Optional[list[dict]] = None
        self._packed_edges: Optional[PackedEdges] = None   # the edges kept once released
        self._subpath_count: Optional[int] = None   # counted when the edges are read
        self._images: Optional[list[tuple]] = None  # image_bounds(IMAGE_DEPTH), found by that walk
        self.glyph_cap: Optional[int] = None   # read_chars refuses a page with more characters
        self.keep_edge_dicts = False      # release() keeps the edge dicts (not packed)
        self.repeats_possible = True      # False when read_chars finds no glyph dedupe_chars drops
        # the glyphs' sides as float arrays (x0, x1, top, bottom: the values of `chars`, in its
        # order) when read_chars computed them so (an unrotated page), else None
        self.glyph_columns: Optional[tuple] = None

    @property
    def _page(self):
        if self._page_obj is None:
            if self._pdf is None:
                raise ValueError(f"page {self.page_number} was released")
            self._page_obj = self._pdf[self._index]
        return self._page_obj

    def _geometry(self) -> tuple:
        if self._geo is None:
            page = self._page
            w, h = page.get_size()          # (PDFium's size is the page's as shown: turned by /Rotate)
            rotation = page.get_rotation() % 360
            self._geo = (float(w), float(h), rotation, tuple(page.get_mediabox()))
        return self._geo

    width = property(lambda self: self._geometry()[0])
    height = property(lambda self: self._geometry()[1])
    rotation = property(lambda self: self._geometry()[2])
    _mediabox = property(lambda self: self._geometry()[3])
    bbox = property(lambda self: (0, 0, self.width, self.height))

    def release(self) -> None:
        """Close the PDFium page and drop its glyphs and edge dicts, keeping its geometry and its
        edges packed (PackedEdges: what the table stage reads, made dicts again when it asks): a
        long document is read page by page, not all pages at once, and holds each page's edge
        dicts only while a stage reads them (released again: readers.pdf.Page.release). With
        `keep_edge_dicts` (a short document's pages: readers.pdf.KEEP_EDGE_DICTS) the edge dicts
        stay as read: packing them and making them again would cost more than they weigh."""
        self._geometry()
        if self._page_obj is not None:
            self._page_obj.close()
            self._page_obj = None
        self._pdf = None
        self._chars = None
        self.glyph_columns = None
        if self._edges is not None and not self.keep_edge_dicts:
            if self._packed_edges is None:
                self._packed_edges = PackedEdges(self._edges)
            self._edges = None

    # -- coordinates: PDF user space -> top-left page space after /Rotate (pdfminer's device)
    def _to_top_left(self, x: float, y: float) -> tuple[float, float]:
        return self._top_left_of()(x, y)

    def _top_left_of(self) -> Callable[[float, float], tuple[float, float]]:
        """_to_top_left with the page's mediabox, rotation and height bound once (a page
        transforms every point of its paths)."""
        x0, y0, x1, y1 = self._mediabox
        w, h = x1 - x0, y1 - y0
        height = self.height
        rotation = self.rotation
        if rotation == 90:
            return lambda x, y: (y - y0, height - (w - (x - x0)))
        if rotation == 180:
            return lambda x, y: (w - (x - x0), height - (h - (y - y0)))
        if rotation == 270:
            return lambda x, y: (h - (y - y0), height - (x - x0))
        return lambda x, y: (x - x0, height - (y - y0))

    def path_count(self, stop_after: int) -> int:
        """Subpaths drawn on the page (forms included), counted up to just past `stop_after`:
        the caps' measure of drawing cost (one `re` or `m` is one subpath). The page's edges are
        read in the same walk when the count stays within `stop_after` (the objects are
        visited once)."""
        if self._subpath_count is None:
            edges, count, images = read_edges(self, stop_after)
            if count > stop_after:
                return count
            self._edges, self._subpath_count, self._images = edges, count, images
        return min(self._subpath_count, stop_after + 1)

    def image_bounds(self, max_depth: int = 3) -> list[tuple[float, float, float, float]]:
        """(left, bottom, right, top) in PDF user space of every image object, in the order of
        pypdfium2's `get_objects(max_depth=max_depth)` (form XObjects entered up to that depth;
        PDFium bounds an object inside a form in the form's space, so the box is taken through
        the forms' matrices, _box_through), read through plain C prototypes (a page may hold
        thousands of objects, few images).
        At IMAGE_DEPTH, the ones read_edges found in its walk over the same objects, when it
        read them all."""
        import pypdfium2 as pdfium
        if max_depth == IMAGE_DEPTH and self._images is not None:
            return list(self._images)
        count_objects, get_object, count_form, get_form_object, get_type, get_bounds = _object_calls()
        get_matrix = _bare_path_calls()[2]
        out: list[tuple[float, float, float, float]] = []
        box = (ctypes.c_float * 4)()
        at = [ctypes.addressof(box) + 4 * k for k in range(4)]
        m6 = (ctypes.c_float * 6)()
        identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

        def walk(count: int, get, holder: int, matrix: tuple, level: int) -> None:
            if count < 0:
                raise pdfium.PdfiumError("Failed to get number of pageobjects.")
            for k in range(count):
                obj = get(holder, k)
                if not obj:
                    raise pdfium.PdfiumError("Failed to get pageobject.")
                kind = get_type(obj)
                if kind == FPDF_PAGEOBJ_IMAGE:
                    if not get_bounds(obj, *at):
                        raise pdfium.PdfiumError("Failed to locate pageobject.")
                    out.append(_box_through(matrix, (box[0], box[1], box[2], box[3])))
                if kind == FPDF_PAGEOBJ_FORM and level < max_depth - 1:
                    inner = tuple(m6) if get_matrix(_Handle(obj), ctypes.byref(m6)) else identity
                    walk(count_form(obj), get_form_object, obj, _mul(inner, matrix), level + 1)

        raw = ctypes.cast(self._page.raw, ctypes.c_void_p).value
        walk(count_objects(raw), get_object, raw, identity, 0)
        return out

    @property
    def chars(self) -> list[dict]:
        if self._chars is None:
            self._chars = read_chars(self)
        return self._chars

    @property
    def edges(self) -> list[dict]:
        if self._edges is None:
            if self._packed_edges is not None:
                self._edges = self._packed_edges.unpack()
            else:
                self._edges, self._subpath_count, self._images = read_edges(self)
        return self._edges

    def filter(self, keep: Callable[[dict], bool]) -> "PdfiumPage":
        view = PdfiumPage.__new__(PdfiumPage)
        view.__dict__.update(self.__dict__)
        view._chars = [c for c in self.chars if keep(c)]
        view.glyph_columns = None         # (the columns are those of all the glyphs)
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


def _c_proto(fn, restype, *argtypes):
    """A PDFium function as a plain C prototype, every pointer an integer (the generated bindings
    convert each argument through Python properties, which cost more than a short call)."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


def _c_bare(fn, restype):
    """A PDFium function with no declared argument types: arguments passed as given (a
    `c_void_p` or handle, a C int, a `byref`), none converted through a Python `from_param`."""
    call = _c_proto(fn, restype)
    call.argtypes = None
    return call


@lru_cache(maxsize=None)
def _calls():
    """The per-character PDFium calls as plain C prototypes, every pointer an integer: the
    generated bindings convert every argument through Python properties, which cost more than
    the calls themselves on a page of thousands of glyphs. Out-parameters are addresses into
    one buffer per page, so that `map` runs each call over all glyphs without a Python loop."""
    import pypdfium2.raw as R
    vp, ci = ctypes.c_void_p, ctypes.c_int
    return (_c_proto(R.FPDFText_GetUnicode, ctypes.c_uint, vp, ci),
            _c_proto(R.FPDFText_GetTextObject, vp, vp, ci),
            _c_proto(R.FPDFText_GetLooseCharBox, ci, vp, ci, vp),
            _c_proto(R.FPDFText_GetCharOrigin, ci, vp, ci, vp, vp),
            _c_proto(R.FPDFText_GetText, ci, vp, ci, ci, vp))


@lru_cache(maxsize=None)
def _glyph_calls():
    """The three calls made once per glyph (text object, loose box, origin) without declared
    argument types, so that ctypes converts no argument through a Python-level `from_param`:
    the text page goes in as one `c_void_p`, the glyph index as a C int (its declared type),
    each out-parameter as a `byref` into the page's buffer. The same C functions as `_calls`
    (the same values; about a third less time per call)."""
    import pypdfium2.raw as R
    vp = ctypes.c_void_p
    return (_c_bare(R.FPDFText_GetTextObject, vp), _c_bare(R.FPDFText_GetLooseCharBox, ctypes.c_int),
            _c_bare(R.FPDFText_GetCharOrigin, ctypes.c_int))


@lru_cache(maxsize=None)
def _addresses(*names: str) -> tuple[int, ...]:
    """The addresses of the PDFium functions named (pypdfium2.raw's), as _pdfium_loops' loops
    call them."""
    import pypdfium2.raw as R
    return tuple(ctypes.cast(getattr(R, name), ctypes.c_void_p).value for name in names)


#: the functions each loop of _pdfium_loops calls, in its argument order: read_chars' per-glyph
#: calls (_glyph_calls'), of_all's per-object calls (_bare_font_calls'), read_edges' object walk
#: on a page and in a form, and its per-segment calls (_bare_path_calls')
_GLYPH_FUNCTIONS = ("FPDFText_GetTextObject", "FPDFText_GetLooseCharBox", "FPDFText_GetCharOrigin")
_FONT_FUNCTIONS = ("FPDFText_GetMatrix", "FPDFText_GetFontSize", "FPDFTextObj_GetFont")
_OBJECT_FUNCTIONS = {False: ("FPDFPage_GetObject", "FPDFPageObj_GetType"),
                     True: ("FPDFFormObj_GetObject", "FPDFPageObj_GetType")}
_SEGMENT_FUNCTIONS = ("FPDFPath_CountSegments", "FPDFPath_GetPathSegment", "FPDFPathSegment_GetPoint",
                      "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose")


@lru_cache(maxsize=None)
def _font_calls():
    """The per-text-object PDFium calls of _TextObjectFonts as plain C prototypes (pointers as
    integers, out-parameters as addresses): a font's base name and its descent at a size, looked
    up once per font and size. (The per-object matrix, size and font: _bare_font_calls.)"""
    import pypdfium2.raw as R
    vp, ci = ctypes.c_void_p, ctypes.c_int
    return (_c_proto(R.FPDFFont_GetBaseFontName, ctypes.c_ulong, vp, vp, ctypes.c_ulong),
            _c_proto(R.FPDFFont_GetDescent, ci, vp, ctypes.c_float, vp))


@lru_cache(maxsize=None)
def _bare_font_calls():
    """of_all's calls made once per text object (text matrix and font size at a glyph, the
    object's font) without declared argument types (`_glyph_calls`' way: the text page and the
    object as `c_void_p`, the glyph index as a C int, the matrix out-parameter as a `byref`):
    the font, text matrix and size calls."""
    import pypdfium2.raw as R
    vp = ctypes.c_void_p
    return (_c_bare(R.FPDFText_GetMatrix, ctypes.c_int), _c_bare(R.FPDFText_GetFontSize, ctypes.c_double),
            _c_bare(R.FPDFTextObj_GetFont, vp))


@lru_cache(maxsize=None)
def _path_calls():
    """A path object's paint calls as plain C prototypes (pointers as integers, out-parameters
    as addresses): its draw mode (fill mode, stroke), its fill and stroke colours. (Its
    segments, points and matrix are read through _bare_path_calls.)"""
    import pypdfium2.raw as R
    vp, ci = ctypes.c_void_p, ctypes.c_int
    return (_c_proto(R.FPDFPath_GetDrawMode, ci, vp, vp, vp),
            _c_proto(R.FPDFPageObj_GetFillColor, ci, vp, vp, vp, vp, vp),
            _c_proto(R.FPDFPageObj_GetStrokeColor, ci, vp, vp, vp, vp, vp))


@lru_cache(maxsize=None)
def _object_calls():
    """The page-object walk's PDFium calls as plain C prototypes (pointers as integers):
    count and get objects of a page and of a form, an object's type and bounds."""
    import pypdfium2.raw as R
    vp, ci = ctypes.c_void_p, ctypes.c_int
    return (_c_proto(R.FPDFPage_CountObjects, ci, vp),
            _c_proto(R.FPDFPage_GetObject, vp, vp, ci),
            _c_proto(R.FPDFFormObj_CountObjects, ci, vp),
            _c_proto(R.FPDFFormObj_GetObject, vp, vp, ctypes.c_ulong),
            _c_proto(R.FPDFPageObj_GetType, ci, vp),
            _c_proto(R.FPDFPageObj_GetBounds, ci, vp, vp, vp, vp, vp))


_TEXT: dict[int, str] = {}      # code point -> one shared str (a page repeats a few hundred letters)


def _text_of(code: int) -> str:
    # PDFium reports a hyphen it judges a line-end hyphen as U+0002; pdfminer keeps "-"
    t = _TEXT.get(code)
    if t is None:
        t = _TEXT[code] = "-" if code == 2 else (chr(code) if code else "\ufffd")
    return t


def _codes(tp: int, n: int) -> list[int]:
    """Every character's code point (FPDFText_GetUnicode), the page's text read in one call:
    FPDFText_GetText gives one UTF-16 unit per character, except that it writes U+0002 (a
    line-end hyphen) as U+FFFE and a code past U+FFFF as two units, so those are asked for one
    by one (and a page with a surrogate, where units and characters no longer align, entirely)."""
    get_unicode, _, _, _, get_text = _calls()
    buf = (ctypes.c_uint16 * (n + 1))()
    got = get_text(tp, 0, n, ctypes.addressof(buf)) if n else 1
    codes = buf[:n]
    if got != n + 1 or (codes and max(codes) >= 0xD800 and any(0xD800 <= u <= 0xDFFF for u in codes)):
        return [get_unicode(tp, i) for i in range(n)]
    if 0xFFFE in codes or 0 in codes:
        for i, u in enumerate(codes):
            if u == 0xFFFE or u == 0:
                codes[i] = get_unicode(tp, i)
    return codes


def read_chars(page: PdfiumPage) -> list[dict]:
    """Glyphs in content order: dicts with the keys the stages read (text, fontname, size, x0,
    x1, top, bottom, width), in pdfminer's geometry.

    Column by column: each PDFium call mapped over all glyphs, the geometry in one list
    comprehension per coordinate, one dict per glyph at the end (the arithmetic is the same,
    value for value, as a loop glyph by glyph)."""
    import pypdfium2.raw as R
    get_object, get_box, get_origin = _glyph_calls()
    byref = ctypes.byref
    textpage = page._page.get_textpage()
    try:
        tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        n = R.FPDFText_CountChars(textpage)
        if page.glyph_cap is not None and n > page.glyph_cap:
            raise GlyphCapExceeded(n)
        # every glyph's code, text object, loose box and origin, each PDFium call mapped over
        # all glyphs into one buffer (boxes: FS_RECTF left, top, right, bottom floats)
        codes = _codes(tp, n)
        boxes = (ctypes.c_float * (4 * n))()
        origins = (ctypes.c_double * (2 * n))()
        if _loops is not None:
            keys = _loops.glyphs(*_addresses(*_GLYPH_FUNCTIONS), tp, n, ctypes.addressof(boxes),
                                 ctypes.addressof(origins))
        else:
            tpv = ctypes.c_void_p(tp)
            keys = list(map(get_object, repeat(tpv, n), range(n)))
            list(map(get_box, repeat(tpv, n), range(n), map(byref, repeat(boxes, n), range(0, 16 * n, 16))))
            list(map(get_origin, repeat(tpv, n), range(n), map(byref, repeat(origins, n), range(0, 16 * n, 16)),
                     map(byref, repeat(origins, n), range(8, 16 * n, 16))))

        # font name, size and descent per glyph, asked once per text object (read at its first
        # glyph): each PDFium call mapped over the page's text objects
        first_of = dict(zip(reversed(keys), range(n - 1, -1, -1)))    # object -> its first glyph
        first_of.pop(None, None)                                       # generated characters
        fonts = _TextObjectFonts(tp)
        objects = fonts.of_all(first_of)
        drawn_codes = list(compress(codes, keys))
        texts = _texts(drawn_codes)      # glyphs drawn (PDFium generates others)
        # x from the pen position: a zero-advance diacritic (legacy VNI fonts) starts where the
        # pen is, as in pdfminer, not where its ink is; its right edge is never left of it
        lx0s = list(compress(origins[0::2], keys))
        rights = compress(boxes[2::4], keys)
        ys = list(compress(origins[1::2], keys))
        page.repeats_possible = True
        columns = None
        if page.rotation == 0:
            # (each glyph's font name, size and descent unpacked from its text object's)
            info = list(map(objects.__getitem__, compress(keys, keys)))
            sizes = list(map(_SIZE_OF, info))
            columns, pens, heights = _upright_columns(page, lx0s, list(rights), ys, sizes,
                                                      list(map(_DESCENT_OF, info)))
            x0s, x1s, tops, bottoms = columns
            out = [{"text": t, "fontname": f, "size": s, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                    "width": w}
                   for t, f, s, x0, x1, top, bottom, w in zip(texts, map(_NAME_OF, info), sizes, x0s.tolist(),
                                                              x1s.tolist(), tops.tolist(), bottoms.tolist(),
                                                              (x1s - x0s).tolist())]
            # x1 >= x0 always (x1 is the larger of the two before the same subtraction); top >
            # bottom only under a negative (or NaN) size: those boxes are put right way up (the
            # sizes of the text objects are those of the glyphs: every object has a glyph)
            if not all(info[1] >= 0 for info in objects.values()):
                for c in out:
                    if c["bottom"] < c["top"]:
                        c["top"], c["bottom"] = c["bottom"], c["top"]
                columns = _right_way_up(columns)
            else:
                page.repeats_possible = _repeats_possible(drawn_codes, pens, heights)
            mx0 = page._mediabox[0]

            def left_of(i: int) -> float:
                return boxes[4 * i] - mx0
        else:
            out, left_of = _turned_page_glyphs(page, keys, texts, objects, fonts.turns(), origins, boxes)
        spaces = _generated_spaces(keys, codes, left_of, out)
        for at, space in reversed(spaces):
            out.insert(at, space)
        page.glyph_columns = _with_spaces(columns, spaces) if columns is not None else None
        return out
    finally:
        textpage.close()


_NAME_OF, _SIZE_OF, _DESCENT_OF = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)


def _turned_page_glyphs(page: PdfiumPage, keys: list, texts: list[str], objects: dict[int, tuple],
                        turns: dict[int, int], origins, boxes) -> tuple[list[dict], Callable[[int], float]]:
    """The glyph dicts of a page turned by /Rotate (90, 180, 270), boxed in the page as shown
    (pdfminer's device space) as pdfminer boxes them: a glyph whose text runs upright as the
    page is shown (its text turned in user space by the page's own turn, as on a landscape
    appendix of a portrait file) is boxed as read_chars boxes an upright page's glyph, from its
    pen position and its loose box's far edge along the line, its top and bottom from the
    baseline, the font's descent and size; any other glyph (text that reads sideways once the
    page is turned) is its upright box in user space turned with the page. With, per glyph
    index, the left edge of its loose box in the page as shown (for _generated_spaces)."""
    to_top_left = page._top_left_of()
    drawn = list(compress(range(len(keys)), keys))
    out = []
    for i, t in zip(drawn, texts):
        name, size, descent = info = objects[keys[i]]
        ox, oy = origins[2 * i], origins[2 * i + 1]
        left, top, right, bottom = boxes[4 * i: 4 * i + 4]
        if turns[keys[i]] == page.rotation:
            # upright as shown: the baseline's y and the box's far edge in the turned page
            x0, base = to_top_left(ox, oy)
            far = max(to_top_left(left, bottom)[0], to_top_left(right, top)[0])
            x1 = far if far >= x0 else x0
            low = base - descent
            high = low - size
            up, down = (high, low) if high <= low else (low, high)
        else:
            # upright in user space: its box's corners through the turn
            x1 = right if right >= ox else ox
            y_low = oy + descent
            p, q = to_top_left(ox, y_low + size), to_top_left(x1, y_low)
            x0, x1 = min(p[0], q[0]), max(p[0], q[0])
            up, down = min(p[1], q[1]), max(p[1], q[1])
        out.append({"text": t, "fontname": name, "size": info[1], "x0": x0, "x1": x1, "top": up,
                    "bottom": down, "width": x1 - x0})

    def left_of(i: int) -> float:
        left, top, right, bottom = boxes[4 * i: 4 * i + 4]
        return min(to_top_left(left, bottom)[0], to_top_left(right, top)[0])
    return out, left_of


def _upright_columns(page: PdfiumPage, lx0s: list[float], rights: list[float], ys: list[float],
                     sizes: list[float], descents: list[float]):
    """The sides of an unrotated page's glyphs as float arrays (x0, x1, top, bottom), and each
    glyph's pen position and y + descent + size (what _repeats_possible reads): _to_top_left's
    arithmetic, operation by operation as in Python floats (y_low = y + descent, top = height -
    (y_low + size - my0), bottom = height - (y_low - my0); x from the pen position, its right
    edge never left of it)."""
    import numpy as np
    mx0, my0 = page._mediabox[:2]
    height = page.height
    lx0 = np.array(lx0s, dtype=np.float64)
    right = np.array(rights, dtype=np.float64)
    low = np.array(ys, dtype=np.float64) + np.array(descents, dtype=np.float64)
    high = low + np.array(sizes, dtype=np.float64)
    x0 = lx0 - mx0
    x1 = np.where(right >= lx0, right, lx0) - mx0
    return (x0, x1, height - (high - my0), height - (low - my0)), lx0, high


def _right_way_up(columns: tuple) -> tuple:
    """The columns with each glyph's top and bottom swapped where its bottom is above its top
    (as read_chars swaps them in the glyph dicts)."""
    import numpy as np
    x0, x1, top, bottom = columns
    flip = bottom < top
    return x0, x1, np.where(flip, bottom, top), np.where(flip, top, bottom)


def _with_spaces(columns: tuple, spaces: list[tuple[int, dict]]) -> tuple:
    """The columns with the kept generated spaces put in where read_chars inserts them (each at
    its position among the glyphs drawn)."""
    if not spaces:
        return columns
    import numpy as np
    at = [k for k, _ in spaces]
    return tuple(np.insert(col, at, [c[key] for _, c in spaces])
                 for col, key in zip(columns, ("x0", "x1", "top", "bottom")))


@lru_cache(maxsize=None)
def _blank_codes():
    """Per code point up to U+3000 (the last blank one), whether its character is blank
    (str.isspace), and one False past it."""
    import numpy as np
    return np.array([chr(k).isspace() for k in range(0x3001)] + [False], dtype=bool)


def _repeats_possible(codes: list[int], x, v, tolerance: float = 1.0) -> bool:
    """Whether readers.pdf.dedupe_chars(glyphs, tolerance) may drop a glyph of an unrotated
    page, from its columns before the glyph dicts exist (False: it returns the glyphs as they
    are). A glyph is dropped only after another glyph of the same text, not blank, whose x0 and
    top are each within `tolerance` of its own. This looks for such pairs on the pen positions
    `x` and on y + descent + size `v` (float arrays; x0 and top less the page's offsets: their
    differences are the same up to rounding, left a margin), per code point (code 2 read as "-"
    and 0 as U+FFFD, as _text_of reads them): the page cut into a grid of cells a little over
    twice the tolerance wide, four times (each axis cut twice, the second cut offset by half a
    cell): two glyphs within tolerance on both axes share a cell of one of the four grids, and
    any two glyphs of one code point sharing a cell count. True also when it cannot tell
    (values not finite or too large for the grid)."""
    import numpy as np
    m = len(codes)
    if m < 2:
        return False
    code = np.array(codes, dtype=np.int64)
    code[code == 2] = 45
    code[code == 0] = 0xFFFD
    ink = ~_blank_codes()[np.minimum(code, 0x3001)]
    code, x, v = code[ink], x[ink], v[ink]
    if len(code) < 2:
        return False
    near = tolerance + 1e-6
    width = 2 * near + 1e-3
    far = ((1 << 19) - 2) * width                     # cells numbered within 20 bits
    if not (np.isfinite(x).all() and np.isfinite(v).all()) or np.abs(x).max() > far or np.abs(v).max() > far:
        return True
    base = code << 42                                 # code point (21 bits), column, row
    for sx in (0.0, width / 2):
        column = base | ((np.floor((x + sx) / width).astype(np.int64) + (1 << 20)) << 21)
        for sy in (0.0, width / 2):
            key = column | (np.floor((v + sy) / width).astype(np.int64) + (1 << 20))
            key.sort()
            if (key[1:] == key[:-1]).any():
                return True
    return False


class _TextObjectFonts:
    """(font name, size, descent) of the text objects of one text page: each font's name and
    each font's descent at a font size read once (a page may draw a text object per word, in a
    few fonts and sizes)."""

    def __init__(self, tp: int):
        self.tp = tp
        self.names: dict[int, str] = {}                # font -> base font name
        self.descents: dict[tuple[int, float], Optional[float]] = {}   # (font, size) -> descent
        self.pairs: dict[tuple, tuple[str, Optional[float]]] = {}     # (font, size) -> both

    def of_all(self, first_of: dict[int, int]) -> dict[int, tuple[str, float, float]]:
        """Text object -> (font name, size, descent), each object read at its first glyph
        (`first_of`: object -> glyph index): the font size times the vertical scale of the
        glyph's text matrix and CTM (pdfminer's size), the font's descent at that size.
        (The calls bare, _bare_font_calls; a font's name and descent at a size looked up once
        per object, as one pair.)"""
        objs = list(first_of)
        firsts = list(first_of.values())
        m = len(objs)
        matrices = (ctypes.c_float * (6 * m))()           # FS_MATRIX per object: a, b, c, d, e, f
        if _loops is not None:
            sizes = (ctypes.c_double * m)()
            fonts = _loops.text_objects(*_addresses(*_FONT_FUNCTIONS), self.tp, objs, firsts,
                                        ctypes.addressof(matrices), ctypes.addressof(sizes))
            ems = sizes[:]
        else:
            get_matrix, get_font_size, get_font = _bare_font_calls()
            byref, handle = ctypes.byref, ctypes.c_void_p
            tpv = handle(self.tp)
            list(map(get_matrix, repeat(tpv, m), firsts, map(byref, repeat(matrices, m), range(0, 24 * m, 24))))
            ems = list(map(get_font_size, repeat(tpv, m), firsts))
            fonts = list(map(get_font, map(handle, objs)))
        self._directions = (objs, matrices)
        pairs = self.pairs
        out: dict[int, tuple[str, float, float]] = {}
        for obj, c, d, em, font in zip(objs, matrices[2::6], matrices[3::6], ems, fonts):
            scale = (c * c + d * d) ** 0.5 or 1.0
            pair = pairs.get((font, em))
            if pair is None:
                pair = pairs[(font, em)] = self._font_at(font, em)
            name, descent = pair
            out[obj] = (name, em * scale, descent * scale if descent is not None else 0.0)
        return out

    def turns(self) -> dict[int, int]:
        """Text object -> the turn of its text in user space (0, 90, 180 or 270 degrees
        counterclockwise: the direction of its text matrix's x axis, to the nearest quarter),
        for the objects of the last of_all."""
        objs, matrices = self._directions
        out = {}
        for obj, a, b in zip(objs, matrices[0::6], matrices[1::6]):
            if abs(a) >= abs(b):
                out[obj] = 0 if a >= 0 else 180
            else:
                out[obj] = 90 if b > 0 else 270
        return out

    def _font_at(self, font: Optional[int], em: float) -> tuple[str, Optional[float]]:
        """A font's (name, descent at size `em`), ("", None) for no font."""
        if not font:
            return "", None
        names, descents = self.names, self.descents
        name = names.get(font)
        if name is None:
            name = names[font] = _font_name(font)
        key = (font, em)
        if key not in descents:
            descents[key] = _font_descent(font, em)
        return name, descents[key]


def _font_name(font: int) -> str:
    """A font's BaseFont name (subset prefix included)."""
    get_name = _font_calls()[0]
    name_buf = ctypes.create_string_buffer(512)
    length = get_name(font, ctypes.addressof(name_buf), len(name_buf))
    return name_buf.raw[:max(0, length - 1)].decode("utf-8", "replace")


def _font_descent(font: int, em: float) -> Optional[float]:
    """A font's descent at size `em` (None when PDFium gives none)."""
    get_descent = _font_calls()[1]
    descent = ctypes.c_float()
    if get_descent(font, em, ctypes.addressof(descent)):
        return float(descent.value)
    return None


def _texts(codes: list[int]) -> list[str]:
    for code in set(codes).difference(_TEXT):
        _text_of(code)
    return list(map(_TEXT.__getitem__, codes))


def _generated_spaces(keys: list, codes: list[int], left_of: Callable[[int], float],
                      out: list[dict]) -> list[tuple[int, dict]]:
    """(position in out, space glyph) for the spaces PDFium generated that are kept.

    PDFium drops a drawn space glyph and generates its own in its place (a character without
    a text object); such a space is kept when it stands between two glyphs of one line
    (pdfminer keeps the drawn one), at the left edge of the last one generated between them
    (left_of: a glyph's left edge in the page, by glyph index); the line ends it generates are
    dropped."""
    spaces: dict[int, float] = {}
    generated = list(compress(range(len(keys)), map(operator.not_, keys)))
    for j, i in enumerate(generated):
        drawn = i - j                              # glyphs with a text object before glyph i
        if codes[i] == 32 and drawn:
            spaces[drawn] = left_of(i)             # before out[drawn]; a later one replaces it
    kept = []
    for at, left in spaces.items():
        if at >= len(out):
            continue
        prev, cur = out[at - 1], out[at]
        x0, size = cur["x0"], cur["size"]
        # a word space, not the gap between two table cells on one baseline
        # (PDFium may place it a little past the next glyph's pen position)
        if abs(prev["top"] - cur["top"]) < 0.5 * size and prev["x0"] < left <= x0 + 0.5 * size \
                and x0 - left <= SPACE_MAX * size:
            sx0 = min(left, x0)
            kept.append((at, dict(prev, text=" ", x0=sx0, x1=x0, width=x0 - sx0)))
    return kept


class _Handle(ctypes.c_void_p):
    """A PDFium handle as a bare call returns it: a c_void_p subclass, so that ctypes hands back
    the object (not an int) and the next bare call takes it as the pointer it is."""


@lru_cache(maxsize=None)
def _bare_path_calls():
    """read_edges' calls made per page object and per path segment, without declared argument
    types (`_glyph_calls`' way): a handle goes in as the _Handle the call before returned, an
    index as a C int, an out-parameter as a `byref` into one buffer of the page. A page's
    object, an object's type and matrix, a path's segment count and segments, a segment's
    point, type and close flag, an object's bounds: the same C functions as `_object_calls`
    declares."""
    import pypdfium2.raw as R
    ci = ctypes.c_int
    return (_c_bare(R.FPDFPage_GetObject, _Handle), _c_bare(R.FPDFPageObj_GetType, ci),
            _c_bare(R.FPDFPageObj_GetMatrix, ci), _c_bare(R.FPDFPath_CountSegments, ci),
            _c_bare(R.FPDFPath_GetPathSegment, _Handle), _c_bare(R.FPDFPathSegment_GetPoint, ci),
            _c_bare(R.FPDFPathSegment_GetType, ci), _c_bare(R.FPDFPathSegment_GetClose, ci),
            _c_bare(R.FPDFPageObj_GetBounds, ci))


def _edge(kind: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    # min and max of each pair, as the builtins pick them (the second only when strictly less /
    # greater), without their calls: a page of ruled tables makes thousands of edges
    lo, hi = (x1 if x1 < x0 else x0), (x1 if x1 > x0 else x0)
    up, down = (bottom if bottom < top else top), (bottom if bottom > top else top)
    return {"object_type": kind, "x0": lo, "x1": hi, "top": up, "bottom": down, "doctop": up,
            "width": hi - lo, "height": down - up,
            "orientation": "v" if lo == hi else ("h" if up == down else None)}


class PackedEdges:
    """A released page's edges (read_edges' dicts) in columns: a kind-and-shade code a byte and the
    four coordinates as doubles (about 33 bytes an edge instead of a dict's 400 with its floats),
    made the same dicts again (keys, order, values) when the table stage reads them."""

    __slots__ = ("codes", "coords")
    KINDS = ("line", "line", "rect_edge", "rect_edge", "curve_edge", "curve_edge")   # by code

    def __init__(self, edges: list[dict]):
        from array import array
        code = {"line": 0, "rect_edge": 2, "curve_edge": 4}
        self.codes = bytes([code[e["object_type"]] | (e.get("shade") is True) for e in edges])
        self.coords = array("d", [v for e in edges for v in (e["x0"], e["top"], e["x1"], e["bottom"])])

    def __len__(self) -> int:
        return len(self.codes)

    def unpack(self) -> list[dict]:
        """The dicts _edge made, made by _edge again (its sides come out ordered, so ordering
        them again keeps them), `shade` on odd codes."""
        kinds = self.KINDS
        at = iter(self.coords)
        out = []
        for code, lo, up, hi, down in zip(self.codes, at, at, at, at):
            e = _edge(kinds[code], lo, up, hi, down)
            if code & 1:
                e["shade"] = True
            out.append(e)
        return out


def _is_rect(points: list[tuple[float, float]]) -> bool:
    """Four corners (a fifth repeating the first), each side along an axis, at most two distinct
    x and two distinct y (to 3 decimals)."""
    pts = points[:-1] if len(points) == 5 and points[0] == points[-1] else points
    if len(pts) != 4:
        return False
    a, b, c, d = pts
    if not ((a[0] == b[0] or a[1] == b[1]) and (b[0] == c[0] or b[1] == c[1])
            and (c[0] == d[0] or c[1] == d[1]) and (d[0] == a[0] or d[1] == a[1])):
        return False
    # rounding maps equal values to one: at most two exact values (none NaN: a set keeps one
    # NaN object once, its roundings apart) round to at most two
    for k in (0, 1):
        p, q, r, t = a[k], b[k], c[k], d[k]
        if (len({p, q, r, t}) > 2 or not (p == p and q == q and r == r and t == t)) \
                and len({round(p, 3), round(q, 3), round(r, 3), round(t, 3)}) > 2:
            return False
    return True


def _fill_stroke(obj) -> tuple[bool, bool]:
    """A path object's draw mode: (filled, stroked), as pdfminer's rect fill / stroke."""
    mode, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not _path_calls()[0](obj, ctypes.addressof(mode), ctypes.addressof(stroke)):
        return False, True
    return mode.value != 0, bool(stroke.value)


def _rgba(get, obj) -> Optional[tuple[int, int, int, int]]:
    rgba = (ctypes.c_uint * 4)()
    at = ctypes.addressof(rgba)
    if not get(obj, at, at + 4, at + 8, at + 12):
        return None
    return tuple(rgba)


def _shading_path(obj, width: float, height: float) -> bool:
    """A path object that shades an area (geometry.is_shading): filled, wider and taller than a
    rule, not stroked or stroked in its fill's own colour."""
    if min(width, height) <= RULE_MAX_THICKNESS:
        return False
    fill, stroke = _fill_stroke(obj)
    hidden = False
    if fill and stroke:
        calls = _path_calls()
        hidden = same_colour(_rgba(calls[1], obj), _rgba(calls[2], obj))
    return is_shading(width, height, fill, stroke, hidden)


class _TooManyPaths(Exception):
    """read_edges passed its `stop_after` subpaths."""


def read_edges(page: PdfiumPage, stop_after: Optional[int] = None) -> tuple[list[dict], int, Optional[list]]:
    """Ruling lines (pdfplumber edge dicts) from every path object, forms included (the four
    edges of a shading rectangle or filled outline, geometry.is_shading, carry `shade: True`), the number of
    subpaths drawn (path_count's measure: the movetos of every path object), and the page's
    image_bounds(IMAGE_DEPTH), read on the same walk over the page's objects (None when the
    walk cannot tell them as image_bounds would: it stopped early, or an object or a count or
    a box PDFium failed to give, which image_bounds raises on). With `stop_after`, the walk
    ends once the count passes it: (edges so far, stop_after + 1, None).

    A path's points are read segment by segment into one buffer of the page (bare calls,
    _bare_path_calls) and taken to top-left page space as they are read: through the object's
    matrix composed with its forms' (a*x + c*y + e, b*x + d*y + f), then _to_top_left."""
    count_objects, _, count_form, get_form_object, _, _ = _object_calls()
    get_object, get_type, get_matrix, count_segments, get_segment, get_point, segment_type, \
        get_close, get_bounds = _bare_path_calls()
    to_top_left = page._top_left_of()
    upright = page.rotation == 0
    mx0, my0 = page._mediabox[:2]
    height = page.height
    xy = (ctypes.c_float * 2)()
    at_x, at_y = ctypes.byref(xy), ctypes.byref(xy, 4)
    m6 = (ctypes.c_float * 6)()
    at_m = ctypes.byref(m6)
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    box = (ctypes.c_float * 4)()
    at_box = [ctypes.byref(box, 4 * k) for k in range(4)]
    out: list[dict] = []
    counted = [0]
    images: Optional[list[tuple[float, float, float, float]]] = []

    def subpaths(obj, matrix) -> tuple[list[tuple[list[tuple[float, float]], bool]], int]:
        """A path object's subpaths: (points in top-left page space, closed), and its moveto
        count (a subpath opens at each moveto, and at the first segment whatever its kind)."""
        a, b, c, d, e, f = matrix
        found: list[tuple[list[tuple[float, float]], bool]] = []
        current: list[tuple[float, float]] = []
        closed = False
        movetos = 0
        for x, y, kind, closes in segments_of(obj):
            px, py = a * x + c * y + e, b * x + d * y + f
            point = (px - mx0, height - (py - my0)) if upright else to_top_left(px, py)
            if kind == FPDF_SEGMENT_MOVETO:
                movetos += 1
                if current:
                    found.append((current, closed))
                current, closed = [point], False
            else:
                current.append(point)
            if closes:
                closed = True
        if current:
            found.append((current, closed))
        return found, movetos

    def segments_of(obj) -> list[tuple[float, float, int, bool]]:
        """A path object's segments: (x, y, type, closes), each point read into the page's
        one buffer `xy` (a failed read leaves the point before it)."""
        if _loops is not None:
            return _loops.segments(*_addresses(*_SEGMENT_FUNCTIONS), obj.value or 0, ctypes.addressof(xy))
        out = []
        for k in range(count_segments(obj)):
            seg = get_segment(obj, k)
            get_point(seg, at_x, at_y)
            out.append((xy[0], xy[1], segment_type(seg), bool(get_close(seg))))
        return out

    def walk(count: int, get, holder, parent, level: int):
        nonlocal images
        if count < 0 and level < IMAGE_DEPTH:
            images = None
        # every object and its type first (the calls mapped over the objects, or made in C),
        # then a Python step only for the objects that are not text (a page may draw a text
        # object per word)
        if _loops is not None:
            found = _loops.objects(*_addresses(*_OBJECT_FUNCTIONS[level > 0]), holder.value or 0, count, level > 0)
            pairs = [(_Handle(obj), kind) for obj, kind in found]
        else:
            objs = list(map(get, repeat(holder, count), range(count))) if count > 0 else []
            kinds = list(map(get_type, objs))
            pairs = compress(zip(objs, kinds), map(operator.ne, kinds, repeat(FPDF_PAGEOBJ_TEXT)))
        for obj, kind in pairs:
            if kind == FPDF_PAGEOBJ_FORM:
                matrix = tuple(m6) if get_matrix(obj, at_m) else identity
                walk(count_form(obj), get_in_form, obj, _mul(matrix, parent), level + 1)
            elif kind == FPDF_PAGEOBJ_IMAGE:
                # (image_bounds enters a form only below IMAGE_DEPTH - 1)
                if level < IMAGE_DEPTH and images is not None:
                    if get_bounds(obj, *at_box):
                        images.append(_box_through(parent, (box[0], box[1], box[2], box[3])))
                    else:
                        images = None
            elif kind != FPDF_PAGEOBJ_PATH:
                if not obj and level < IMAGE_DEPTH:       # no object (an unknown type's 0)
                    images = None
            else:
                matrix = tuple(m6) if get_matrix(obj, at_m) else identity
                paths, movetos = subpaths(obj, _mul(matrix, parent))
                counted[0] += movetos
                if stop_after is not None and counted[0] > stop_after:
                    raise _TooManyPaths
                for pts, closed in paths:
                    if len(pts) == 2 and not closed:
                        out.append(_edge("line", pts[0][0], pts[0][1], pts[1][0], pts[1][1]))
                    elif (closed or len(pts) == 5) and _is_rect(pts):
                        xs = [p[0] for p in pts]
                        ys = [p[1] for p in pts]
                        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
                        quad = [_edge("rect_edge", x0, top, x1, top), _edge("rect_edge", x0, bottom, x1, bottom),
                                _edge("rect_edge", x0, top, x0, bottom), _edge("rect_edge", x1, top, x1, bottom)]
                        if _shading_path(obj, x1 - x0, bottom - top):
                            for e in quad:
                                e["shade"] = True
                        out.extend(quad)
                    else:
                        ring = pts + ([pts[0]] if closed and pts[0] != pts[-1] else [])
                        curve = [_edge("curve_edge", a[0], a[1], b[0], b[1]) for a, b in zip(ring, ring[1:])]
                        # a filled outline (rounded corners, a polygon): its sides are where the
                        # colour changes, as a shading rectangle's
                        xs = [p[0] for p in pts]
                        ys = [p[1] for p in pts]
                        if curve and _shading_path(obj, max(xs) - min(xs), max(ys) - min(ys)):
                            for e in curve:
                                e["shade"] = True
                        out.extend(curve)

    def get_in_form(form, k: int):
        return _Handle(get_form_object(form, k))

    raw = ctypes.cast(page._page.raw, ctypes.c_void_p).value
    try:
        walk(count_objects(raw), get_object, _Handle(raw), identity, 0)
    except _TooManyPaths:
        return out, stop_after + 1, None
    return out, counted[0], images


class PdfiumDocument:
    """An open PDF: `pages` (PdfiumPage, each loaded when first read) and `close()`."""

    def __init__(self, data: bytes):
        import pypdfium2 as pdfium
        self._pdf = pdfium.PdfDocument(data)
        self.pages = [PdfiumPage(self._pdf, i) for i in range(len(self._pdf))]

    def close(self) -> None:
        if self._pdf is not None:
            for p in self.pages:
                if p._page_obj is not None:
                    p._page_obj.close()
                    p._page_obj = None
            self._pdf.close()
            self._pdf = None
