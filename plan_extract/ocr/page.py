"""Image-only page -> words, lines, ruling lines and ruled tables, all in PDF points.

Scanned plans carry no text layer; this module turns one rendered page image into the objects
the native-text machinery uses (pdfplumber-like word and line dicts, `structures.Line`,
`structures.RawTable`), so that tables and body text are read the same way from scans.

Chain (each step a small function, tested alone):
  prepare (grey, enlarged to >= 280 dpi) -> estimate_skew -> rotate -> paper_level
  -> binary_to_rulings -> extend_to_crossings -> rulings_to_cell_boxes (pdfplumber's lattice
     functions on our edges) -> denoise, clean_paper, rules painted out
  -> tesseract, two runs side by side (2 cores): the page with the tables painted out, and a
     mosaic of all cell crops (ocr_cells_mosaic: one process per page instead of one per
     cell; a tesseract start costs ~1 s here and a page has 30-80 cells)
  -> mark_bold (stroke width) -> words_to_lines, cells_to_rows.
Measured on the corpus scans (tests/corpus/pdf/*__scan.pdf: 200 dpi grey JPEG, turned a
fraction of a degree, noise), rendered at 300 dpi: every task row found (92/92), 99.3 % of the
task-cell characters right (number, task, lead, coordinators, deadline vs gold), skew within
0.002°, 2.4-3.0 CPU s a page (the two tesseract runs go side by side on two cores:
3-6 s wall measured on a busy machine).
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional, Sequence, Union

import numpy as np

from plan_extract import text as tx
from plan_extract.model.parts import Cell, Line, RawTable, TableMeta
from plan_extract.geometry import DEFAULT_GRID_TOLERANCE, boxes_to_grid
from plan_extract.settings import Resolvable
from plan_extract import vocab as vocab_files

#: Tesseract language (Vietnamese model; never "eng": it drops the diacritics).
DEFAULT_LANG = "vie"
#: Resolution callers should render image-only pages at (the page image's real scale is taken
#: from its size and the page size in points, so a 200 dpi scan passed as is works too).
DEFAULT_DPI = 300
#: Page segmentation mode for the text outside tables (6: a uniform block; the letterhead's two
#: blocks are split again by words_to_lines). Measured on corpus seed003 scan pages 1-2 against
#: the native text layer: psm 6 99.6 % of characters, psm 3 and 4 98.3 %.
DEFAULT_PSM = 6
#: Page segmentation mode for the table-cell mosaic (6: a uniform block; the mosaic's pieces
#: are laid out so that each line of it belongs to one cell or is a row of one-line cells).
DEFAULT_CELL_PSM = 6
#: How table cells are read: "mosaic" (all cell crops on one image, one call), "page" (words of
#: the whole-page call assigned to cells by their centres) or "crop" (one call per cell: ~3x
#: the CPU for the same accuracy; see ocr_cells_crop).
DEFAULT_CELL_MODE = "mosaic"
#: Largest skew (degrees) searched for; scanners and phones stay well under it.
DEFAULT_MAX_SKEW = 3.0
#: Shortest vertical ruling kept, in points (a one-line table row is ~18 pt high; the tallest
#: glyph stroke of 13 pt text, "l" or "]", ~10 pt).
DEFAULT_MIN_VRULE_LENGTH = 12.0
#: Shortest horizontal ruling kept, in points: longer than the joined bars of "TT" (~15 pt at
#: 13 pt, read as rules at 12 pt and erased: "SHTT" came out "SHI+"), shorter than the
#: narrowest column (the "TT" column, ~28 pt).
DEFAULT_MIN_HRULE_LENGTH = 22.0
#: A rule that stops short of a crossing rule by at most this many points is taken to meet it.
DEFAULT_MAX_RULE_GAP = 8.0
#: Words below this tesseract confidence (0-100) are dropped (noise specks read as "." or "'").
DEFAULT_MIN_CONF = 10.0
#: Images coarser than this many pixels per inch are enlarged (bicubic) before anything else:
#: tesseract's documentation asks for ~300 dpi, and 200 dpi scans are common.
DEFAULT_OCR_MIN_DPI = 280
#: Cells whose ink is at most this tall (points) hold one line of text (two lines of 10 pt
#: text need ~23 pt; one line of 14 pt with diacritics and descenders ~17 pt).
DEFAULT_ONE_LINE_HEIGHT = 20.0
#: A table's first column at most this wide (points; "TT" / "STT", ~1-1.5 cm) holds row
#: numbers: its cells are read in a separate run restricted to NUMBER_CHARS. The vie model
#: alone read "4." as "A." and "67." as "G7." in 4 % of them (corpus seed003 scan).
DEFAULT_NUMBER_COLUMN_WIDTH = 45.0
#: What a number cell may contain: "1", "1.2", "IV.", "a)", "-", "*".
NUMBER_CHARS = "0123456789.,-–)(*/IVXivxabcdđe"
#: 3x3 median on the image tesseract reads (salt-and-pepper specks); rules are found before it.
DEFAULT_DENOISE = True
#: Red and pink ink (seals, receipt stamps) is turned to paper before anything else: stamped
#: over the letterhead or the title it was read into them.
DEFAULT_DROP_RED = True
#: High-risk cells (a short cell with a digit or a Roman numeral: a deadline "Quý III/2025", a
#: row number, a target "≥ 95%") are read a second time with other settings (enlarged, Otsu
#: binarised, one cell per line) and the second reading is kept beside the first (Cell.reread)
#: when it differs: the normalise stage compares what both readings mean. Measured on the
#: corpus scans: "Quý III" read "Quý II" by one setting is rarely misread the same way by both.
DEFAULT_REREAD = True
#: Enlargement of the second reading (1.5: 300 dpi cells read as if scanned at 450 dpi).
DEFAULT_REREAD_SCALE = 1.5
#: Longest cell text (characters, first reading) re-read: deadlines, numbers and targets are short.
DEFAULT_REREAD_MAX_CHARS = 60
#: The letterhead (issuer block left, national motto right, "Số: …" and the place-date line
#: under them) is read a second time as two column crops (read_letterhead): read with the
#: whole page as one block, its two columns' lines, a few points apart in height, were merged
#: and lost their diacritics ("TÔ CÓNG TÁC LIEN NGANH TW", real BCA KH 996 scan).
DEFAULT_LETTERHEAD = True
#: Threads tesseract may use (OpenMP). 1 is fastest on a small machine when pages run in
#: parallel, and never slower than the default for one page here.
DEFAULT_THREADS = 1

_CELL_MODES = ("mosaic", "page", "crop")


@dataclass
class OcrSettings(Resolvable):
    lang: str = DEFAULT_LANG
    dpi: int = DEFAULT_DPI
    psm: int = DEFAULT_PSM
    cell_psm: int = DEFAULT_CELL_PSM
    cell_mode: str = DEFAULT_CELL_MODE
    max_skew: float = DEFAULT_MAX_SKEW
    min_vrule_length: float = DEFAULT_MIN_VRULE_LENGTH
    min_hrule_length: float = DEFAULT_MIN_HRULE_LENGTH
    min_conf: float = DEFAULT_MIN_CONF
    one_line_height: float = DEFAULT_ONE_LINE_HEIGHT
    number_column_width: float = DEFAULT_NUMBER_COLUMN_WIDTH
    ocr_min_dpi: int = DEFAULT_OCR_MIN_DPI
    denoise: bool = DEFAULT_DENOISE
    threads: int = DEFAULT_THREADS
    drop_red: bool = DEFAULT_DROP_RED
    reread: bool = DEFAULT_REREAD
    reread_scale: float = DEFAULT_REREAD_SCALE
    reread_max_chars: int = DEFAULT_REREAD_MAX_CHARS
    letterhead: bool = DEFAULT_LETTERHEAD

    def __post_init__(self):
        if not isinstance(self.lang, str) or not self.lang:
            raise ValueError("lang must be a tesseract language name such as 'vie'")
        for name in ("dpi", "ocr_min_dpi", "threads"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ValueError(f"{name} must be a positive integer, not {v!r}")
        if not 50 <= self.dpi <= 1200:
            raise ValueError(f"dpi must lie between 50 and 1200, not {self.dpi}")
        for name in ("psm", "cell_psm"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 13:
                raise ValueError(f"{name} must be a tesseract page segmentation mode 0-13, not {v!r}")
        if self.cell_mode not in _CELL_MODES:
            raise ValueError(f"cell_mode must be one of {', '.join(_CELL_MODES)}, not {self.cell_mode!r}")
        for name in ("max_skew", "min_vrule_length", "min_hrule_length", "min_conf", "one_line_height",
                     "number_column_width"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0:
                raise ValueError(f"{name} must be a non-negative number, not {v!r}")
        if self.max_skew > 45:
            raise ValueError("max_skew must be at most 45 degrees")
        if not isinstance(self.denoise, bool):
            raise ValueError("denoise must be True or False")
        if not isinstance(self.drop_red, bool):
            raise ValueError("drop_red must be True or False")
        if not isinstance(self.reread, bool):
            raise ValueError("reread must be True or False")
        if not isinstance(self.letterhead, bool):
            raise ValueError("letterhead must be True or False")
        if not isinstance(self.reread_scale, (int, float)) or isinstance(self.reread_scale, bool) \
                or not 1.0 <= self.reread_scale <= 4.0:
            raise ValueError(f"reread_scale must lie between 1 and 4, not {self.reread_scale!r}")
        if not isinstance(self.reread_max_chars, int) or isinstance(self.reread_max_chars, bool) \
                or self.reread_max_chars < 1:
            raise ValueError(f"reread_max_chars must be a positive integer, not {self.reread_max_chars!r}")


@dataclass
class OcrPage:
    """What OCR found on one page, in PDF points (origin top-left, like pdfplumber)."""
    page: int
    width: float
    height: float
    words: list[dict]                 # text, x0, x1, top, bottom, conf (+ pdfplumber char keys)
    lines: list[Line]                 # reading order, NFC
    rulings: list[dict]               # x0, x1, top, bottom, orientation ("h" | "v"), width, height
    tables: list[RawTable]            # method "ocr-lattice"
    deskew_angle: float               # degrees the scan was turned counter-clockwise (undone)
    meta: dict[str, Any] = field(default_factory=dict)   # seconds, dpi, ocr_confidence (0-1)


# ----------------------------------------------------------------------------- image steps

def image_to_gray(image, drop_red: bool = False, stamps: Optional[list] = None) -> np.ndarray:
    """PIL image (any mode) -> 8-bit grey array; transparency becomes white paper. drop_red:
    red and pink ink (seals, receipt stamps) becomes paper first (red_ink_mask)."""
    from PIL import Image
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        bg = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(bg, image)
    if drop_red and image.mode in ("RGB", "RGBA", "CMYK", "YCbCr"):
        rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
        gray = np.asarray(image.convert("L"), dtype=np.uint8).copy()
        red = red_ink_mask(rgb)
        gray[red] = 255
        boxes = stamp_boxes(red)
        gray[stamp_filling_mask(rgb, red, boxes=boxes)] = 255
        if stamps is not None:
            stamps.extend(boxes)
        return gray
    return np.asarray(image.convert("L"), dtype=np.uint8)


#: A pixel is red ink when its red channel exceeds both others by this much (0-255). Seals and
#: receipt stamps: 60-200; black print and its JPEG fringes: under 25; blue pen: negative.
DEFAULT_RED_MARGIN = 45


def red_ink_mask(rgb: np.ndarray, margin: int = DEFAULT_RED_MARGIN) -> np.ndarray:
    """Boolean mask of red / pink ink (an official seal, a "ĐẾN" receipt stamp) in an RGB array,
    grown by one pixel to take the stamp's anti-aliased rim. Black print is grey (its channels
    equal), a blue-ink filled-in number or date is bluish: both stay."""
    import cv2
    r = rgb[..., 0].astype(np.int16)
    other = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    mask = (r - other >= margin).astype(np.uint8)
    return cv2.dilate(mask, np.ones((3, 3), np.uint8)) > 0


#: A red mark is a stamp or a seal (not a red word or a red pen tick) when its box is at least
#: this share of the page width both ways: a receipt stamp is ~5 x 2.5 cm, a seal ~3.5 cm
#: across, i.e. 15-25 % of an A4 page's width; a red 13 pt word is under 2 % high.
STAMP_MIN_SHARE = 0.06
#: Ink inside a stamp's box is coloured (what was written into the stamp or signed over the
#: seal: blue or violet pen) when its channels spread by this much (0-255); black print and
#: its JPEG fringes spread under 30.
DEFAULT_COLOUR_SPREAD = 45


def stamp_boxes(red: np.ndarray, min_share: float = STAMP_MIN_SHARE) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, top, x1, bottom, pixels) of the red stamps and seals in a red-ink mask: red
    marks joined across the gaps between a stamp's letters and frame, kept when their box is
    large both ways (min_share of the image's width)."""
    import cv2
    h, w = red.shape
    side = max(3, int(w * 0.01))
    joined = cv2.dilate(red.astype(np.uint8), np.ones((side, side), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    least = min_share * w
    out = []
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if bw >= least and bh >= least:
            out.append((x, y, x + bw, y + bh))
    return sorted(out)


def stamp_filling_mask(rgb: np.ndarray, red: np.ndarray, spread: int = DEFAULT_COLOUR_SPREAD,
                       boxes: Optional[Sequence[tuple]] = None) -> np.ndarray:
    """Coloured (non-grey) ink inside the boxes of red stamps and seals: the number, date and
    initials a clerk pens into a receipt stamp ("Số: 1614, Ngày: 01/3/2026, Chuyển: P.NC") and
    a signature over a seal. Removing the red alone left them as stray words ("A64/:") beside
    the title and in the issuer. Black print under a seal stays; coloured ink outside any
    stamp (a number filled in by pen in the letterhead) stays."""
    mask = np.zeros(red.shape, bool)
    for x0, t, x1, b in (stamp_boxes(red) if boxes is None else boxes):
        part = rgb[t:b, x0:x1].astype(np.int16)
        mask[t:b, x0:x1] = (part.max(axis=2) - part.min(axis=2)) >= spread
    return mask


def _stamp_leftover(word: dict, stamps: Sequence[tuple]) -> bool:
    """A word read inside a red stamp's or seal's box that is no confident word: what is left
    of the stamp once its colours are gone (the dark core of its large letters, a frame
    corner: "|", "A64/:"). Print under a seal (the signer's title) reads with confidence and
    stays."""
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    if not any(x0 <= cx <= x1 and t <= cy <= b for x0, t, x1, b in stamps):
        return False
    letters = sum(ch.isalnum() for ch in word["text"])
    return word["conf"] < UNSURE_CONF or letters < 2


def denoise(gray: np.ndarray) -> np.ndarray:
    """Light clean-up: 3x3 median (salt-and-pepper specks, JPEG ringing)."""
    import cv2
    return cv2.medianBlur(gray, 3)


def paper_level(gray: np.ndarray) -> float:
    """Grey level halfway between Otsu's threshold and the paper's grey: darker is ink (or a
    faint stretch of a rule), lighter is paper and its noise."""
    import cv2
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = gray[gray > otsu]
    return (otsu + float(np.median(paper))) / 2 if paper.size else float(otsu)


def binarise(gray: np.ndarray, lenient: bool = False) -> np.ndarray:
    """Grey -> ink mask (255 = ink) by Otsu's threshold.

    lenient: threshold at paper_level() instead, for finding rules: a 0.5 pt rule turned by a
    fraction of a degree and turned back is smeared over two or three pixel rows, and along
    stretches of it no pixel is darker than Otsu's threshold."""
    import cv2
    if lenient:
        _, binary = cv2.threshold(gray, paper_level(gray), 255, cv2.THRESH_BINARY_INV)
        return binary
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


def clean_paper(gray: np.ndarray, level: float) -> np.ndarray:
    """Paper lighter than `level` -> pure white; ink keeps its grey edges. Tesseract thresholds
    each image by Otsu: on a page whose only text sits in the (painted-out) tables, that
    threshold splits the paper's noise and tesseract spends 40 s on a million specks."""
    out = gray.copy()
    out[gray > level] = 255
    return out


def _long_runs(binary: np.ndarray, length: int, orientation: str) -> np.ndarray:
    """Morphological opening with a line kernel: keeps ink runs at least `length` px long."""
    import cv2
    length = max(int(length), 3)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if orientation == "h" else (1, length))
    return cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)


def estimate_skew(gray: np.ndarray, max_skew: float = DEFAULT_MAX_SKEW) -> float:
    """Degrees the page content is turned counter-clockwise (PIL's `rotate` sign).

    From long horizontal rules when the page has them (a least-squares line along each rule;
    within 0.002° on the corpus scans), otherwise from the projection profile of the text.
    """
    binary = binarise(gray)
    angle = _skew_from_rules(binary, max_skew)
    if angle is None:
        angle = _skew_from_profile(binary, max_skew)
    return float(angle)


def _skew_from_rules(binary: np.ndarray, max_skew: float) -> Optional[float]:
    import cv2
    h, w = binary.shape
    # a 3° rule rises one pixel every 19 px: a short kernel keeps its steps, the fit joins them
    runs = _long_runs(binary, max(15, w // 120), "h")
    runs = cv2.dilate(runs, np.ones((3, 9), np.uint8))   # join the steps of one slanted rule
    n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    angles, weights = [], []
    min_len = w / 6
    limit = math.tan(math.radians(max_skew))
    for i in range(1, n):
        x, y, cw, ch, area = stats[i]
        if cw < min_len or ch > cw * limit + 12:
            continue
        ys, xs = np.nonzero(labels[y:y + ch, x:x + cw] == i)
        if len(xs) < 50:
            continue
        # centre line of the rule: mean y per column, then a least-squares line through it
        cols = np.bincount(xs, minlength=cw)
        sums = np.bincount(xs, weights=ys, minlength=cw)
        ok = cols > 0
        cx = np.nonzero(ok)[0].astype(float)
        cy = sums[ok] / cols[ok]
        slope = np.polyfit(cx, cy, 1)[0]
        if abs(slope) <= limit:
            angles.append(-math.degrees(math.atan(slope)))
            weights.append(cw)
    if not angles:
        return None
    order = np.argsort(angles)
    a, wts = np.asarray(angles)[order], np.asarray(weights, float)[order]
    cum = np.cumsum(wts)
    return float(a[np.searchsorted(cum, cum[-1] / 2)])   # length-weighted median


def _skew_from_profile(binary: np.ndarray, max_skew: float) -> float:
    """Angle whose row-projection is sharpest (text lines line up with pixel rows)."""
    import cv2
    small = cv2.resize(binary, (binary.shape[1] // 2, binary.shape[0] // 2), interpolation=cv2.INTER_AREA)
    if not small.any():
        return 0.0

    def score(angle: float) -> float:
        rotated = rotate(small, -angle, fill=0)
        profile = rotated.sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(profile) ** 2))

    best, step = 0.0, 0.25
    candidates = np.arange(-max_skew, max_skew + 1e-9, step)
    best = max(candidates, key=score)
    for step in (0.05, 0.01):
        candidates = np.arange(best - 5 * step, best + 5 * step + 1e-9, step)
        best = max(candidates, key=score)
    return float(best)


def rotate(gray: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """Turn an image `angle` degrees counter-clockwise about its centre, same size."""
    import cv2
    if abs(angle) < 1e-3:
        return gray
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=fill)


# ----------------------------------------------------------------------------- rulings

def binary_to_rulings(binary: np.ndarray, min_h_px: float, min_v_px: float) -> list[dict]:
    """Ink mask -> ruling segments in pixels (dicts x0, x1, top, bottom, orientation, thickness).

    Opening with a long thin kernel keeps only rules; a rule broken by a speck or a JPEG block
    is rejoined when the gap is shorter than a sixth of the minimum length.
    """
    import cv2
    out: list[dict] = []
    for orientation, min_px in (("h", min_h_px), ("v", min_v_px)):
        # a thin rule that was rotated and rotated back is a staircase of faint steps: thicken
        # across the rule first so that one pixel row (column) holds the whole rule
        across = np.ones((3, 1), np.uint8) if orientation == "h" else np.ones((1, 3), np.uint8)
        runs = _long_runs(cv2.dilate(binary, across), min_px, orientation)
        gap = max(3, int(min_px / 6))
        close = np.ones((1, gap), np.uint8) if orientation == "h" else np.ones((gap, 1), np.uint8)
        runs = cv2.morphologyEx(runs, cv2.MORPH_CLOSE, close)
        n, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for i in range(1, n):
            x, y, w, h, _ = stats[i]
            if orientation == "h" and w >= min_px:
                mid = y + h / 2
                out.append({"x0": float(x), "x1": float(x + w), "top": mid, "bottom": mid,
                            "orientation": "h", "thickness": float(h)})
            elif orientation == "v" and h >= min_px:
                mid = x + w / 2
                out.append({"x0": mid, "x1": mid, "top": float(y), "bottom": float(y + h),
                            "orientation": "v", "thickness": float(w)})
    return out


def rulings_to_mask(shape: tuple, rulings_px: Sequence[dict], pad: int = 2) -> np.ndarray:
    """Pixel segments -> mask of the rules' pixels (grown by `pad`), to paint them out before
    OCR: tesseract reads a rule touching a glyph as "|", "_" or "—"."""
    import cv2
    mask = np.zeros(shape, np.uint8)
    for r in rulings_px:
        half = r.get("thickness", 2.0) / 2 + pad
        if r["orientation"] == "h":
            p0 = (int(r["x0"]) - pad, int(r["top"] - half))
            p1 = (int(r["x1"]) + pad, int(r["bottom"] + half))
        else:
            p0 = (int(r["x0"] - half), int(r["top"]) - pad)
            p1 = (int(r["x1"] + half), int(r["bottom"]) + pad)
        cv2.rectangle(mask, p0, p1, 255, thickness=-1)
    return mask


def scale_rulings(rulings: Sequence[dict], sx: float, sy: float) -> list[dict]:
    """Pixel segments -> pdfplumber-like line dicts in points."""
    out = []
    for r in rulings:
        x0, x1, top, bottom = r["x0"] * sx, r["x1"] * sx, r["top"] * sy, r["bottom"] * sy
        out.append({"object_type": "line", "x0": round(x0, 2), "x1": round(x1, 2), "top": round(top, 2),
                    "bottom": round(bottom, 2), "width": round(x1 - x0, 2), "height": round(bottom - top, 2),
                    "orientation": r["orientation"],
                    "linewidth": round(r.get("thickness", 1.0) * (sy if r["orientation"] == "h" else sx), 2)})
    return out


def extend_to_crossings(rulings: Sequence[dict], max_gap: float) -> list[dict]:
    """Rulings (points) whose end stops short of a crossing rule by at most `max_gap` are
    lengthened to meet it: on a scan a rule's last few points can fade (JPEG, a light toner
    stretch), and a cell without its corner is lost to the cell finder."""
    hs = [r for r in rulings if r["orientation"] == "h"]
    vs = [r for r in rulings if r["orientation"] == "v"]
    out = []
    for r in rulings:
        r = dict(r)
        if r["orientation"] == "v":
            x = r["x0"]
            across = [h["top"] for h in hs if h["x0"] - max_gap <= x <= h["x1"] + max_gap]
            below = [y for y in across if r["bottom"] < y <= r["bottom"] + max_gap]
            above = [y for y in across if r["top"] - max_gap <= y < r["top"]]
            if below:
                r["bottom"] = max(below)
            if above:
                r["top"] = min(above)
            r["height"] = r["bottom"] - r["top"]
        else:
            y = r["top"]
            across = [v["x0"] for v in vs if v["top"] - max_gap <= y <= v["bottom"] + max_gap]
            right = [x for x in across if r["x1"] < x <= r["x1"] + max_gap]
            left = [x for x in across if r["x0"] - max_gap <= x < r["x0"]]
            if right:
                r["x1"] = max(right)
            if left:
                r["x0"] = min(left)
            r["width"] = r["x1"] - r["x0"]
        out.append(r)
    return out


def rulings_to_cell_boxes(rulings: Sequence[dict], tolerance: float = 3.0,
                          max_gap: float = DEFAULT_MAX_RULE_GAP) -> list[list[tuple]]:
    """Ruling lines (points) -> tables, each a list of cell boxes (x0, top, x1, bottom).

    pdfplumber's lattice steps on our edges, so scans and native PDFs share one cell finder.
    Segments are lengthened by `tolerance` at both ends first: a vertical rule's pixels stop
    at the edge of the horizontal rule they meet, not at its centre.
    """
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    edges = []
    for r in extend_to_crossings(rulings, max_gap):
        e = dict(r)
        if e["orientation"] == "h":
            e["x0"], e["x1"] = e["x0"] - tolerance, e["x1"] + tolerance
            e["width"] = e["x1"] - e["x0"]
        else:
            e["top"], e["bottom"] = e["top"] - tolerance, e["bottom"] + tolerance
            e["height"] = e["bottom"] - e["top"]
        edges.append(e)
    if not any(e["orientation"] == "h" for e in edges) or not any(e["orientation"] == "v" for e in edges):
        return []
    edges = merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    tables = [t for t in cells_to_tables(cells) if len(t) >= 2]
    tables.sort(key=lambda t: (min(c[1] for c in t), min(c[0] for c in t)))
    return [[tuple(float(v) for v in c) for c in t] for t in tables]


def cells_to_rows(boxes: Sequence[tuple], texts: Sequence[str], bolds: Optional[Sequence[bool]] = None,
                  confs: Optional[Sequence[Optional[float]]] = None, rereads: Optional[dict] = None,
                  tolerance: float = DEFAULT_GRID_TOLERANCE,
                  lows: Optional[Sequence[tuple]] = None) -> list[list[Optional[Cell]]]:
    """Cell boxes + their texts -> rows of Cells, the convention of tables.grid_to_rows: a merged
    cell sits at its top-left grid position with rowspan/colspan, the positions it covers hold
    None; grid positions no box claims hold empty Cells. confs: each cell's OCR confidence;
    rereads: cell index -> its second reading (Cell.reread); lows: each cell's
    (lowest word confidence, unsure words) from cell_word_confidence."""
    xs, ys, spans = boxes_to_grid(boxes, tolerance)
    nrows, ncols = len(ys) - 1, len(xs) - 1
    rows: list[list[Optional[Cell]]] = [[None] * ncols for _ in range(nrows)]
    owned: set[tuple[int, int]] = set()
    for i in sorted(range(len(boxes)), key=lambda i: (spans[i][0], spans[i][2])):
        r0, r1, c0, c1 = spans[i]
        if (r0, c0) in owned:
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                owned.add((r, c))
        rows[r0][c0] = Cell(text=texts[i], bbox=tuple(round(v, 2) for v in boxes[i]),
                            bold=bool(bolds[i]) if bolds is not None else False,
                            colspan=c1 - c0, rowspan=r1 - r0,
                            conf=confs[i] if confs is not None else None,
                            low=lows[i][0] if lows is not None else None,
                            unsure=lows[i][1] if lows is not None else (),
                            reread=(rereads or {}).get(i))
    for r in range(nrows):
        for c in range(ncols):
            if (r, c) not in owned:
                rows[r][c] = Cell(text="", bbox=(round(xs[c], 2), round(ys[r], 2),
                                                 round(xs[c + 1], 2), round(ys[r + 1], 2)))
    return [row for row in rows if any(cell is not None for cell in row)]


# ----------------------------------------------------------------------------- tesseract

def _tesseract_words(image: np.ndarray, lang: str, psm: int, threads: int, config: str = "") -> list[dict]:
    """Grey array -> tesseract words in that image's pixels (text NFC, conf 0-100, line key)."""
    import tempfile

    import cv2
    import pytesseract
    # OMP_THREAD_LIMIT is read by the tesseract process pytesseract starts; OpenMP threads
    # only slow a 2-core machine down (measured: 0.74 s vs 1.3-1.9 s per start).
    os.environ.setdefault("OMP_THREAD_LIMIT", str(threads))
    # pytesseract would write a compressed PNG (1.4 s for a 300 dpi page); an uncompressed
    # file is written in milliseconds and read as fast
    with tempfile.TemporaryDirectory(prefix="plan-extract-ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        cv2.imwrite(path, image)
        data = pytesseract.image_to_data(path, lang=lang, config=f"--psm {psm} {config}".strip(),
                                         output_type=pytesseract.Output.DICT)
    out = []
    for i, word in enumerate(data["text"]):
        word = tx.nfc((word or "").strip())
        if not word:
            continue
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1.0
        out.append({"text": word, "x0": float(data["left"][i]), "top": float(data["top"][i]),
                    "x1": float(data["left"][i] + data["width"][i]),
                    "bottom": float(data["top"][i] + data["height"][i]), "conf": conf,
                    "line_key": (data["block_num"][i], data["par_num"][i], data["line_num"][i])})
    return out


def cell_word_confidence(words: Sequence[dict], number_cell: bool = False) -> tuple[Optional[float], tuple[str, ...]]:
    """A table cell's kept words -> (the lowest tesseract confidence among them, 0-1; the words
    read below UNSURE_CELL_CONF, as fix_text writes them). A row-number cell is read with a
    restricted character list whose confidence says nothing (tesseract reports 0 for "44." read
    right): it gets (None, ())."""
    confs = [w["conf"] for w in words if w.get("conf") is not None and w["conf"] >= 0]
    if number_cell or not confs:
        return None, ()
    return round(min(confs) / 100, 3), tuple(fix_text(w["text"]) for w in words
                                              if w.get("conf") is not None and 0 <= w["conf"] < UNSURE_CELL_CONF)


def _keep_word(w: dict, min_conf: float) -> bool:
    """Noise specks come back as lone punctuation with low confidence. Words of the row-number
    run are kept at any confidence: its character list already rules noise out, and tesseract
    reports 0 for some plain numbers read right ("44.")."""
    if w["conf"] < 0:
        return False
    if w.get("number_cell"):
        return True
    if w["conf"] < min_conf:
        return False
    if w["conf"] < 50 and not any(ch.isalnum() for ch in w["text"]):
        return False
    return True


def _inset(box: tuple, d: float) -> tuple:
    x0, t, x1, b = box
    if x1 - x0 > 2 * d:
        x0, x1 = x0 + d, x1 - d
    if b - t > 2 * d:
        t, b = t + d, b - d
    return (x0, t, x1, b)


def _crop(gray: np.ndarray, box_px: tuple) -> np.ndarray:
    h, w = gray.shape
    x0, t, x1, b = (int(round(v)) for v in box_px)
    x0, x1 = max(0, x0), min(w, x1)
    t, b = max(0, t), min(h, b)
    if x1 <= x0 or b <= t:
        return np.full((1, 1), 255, np.uint8)
    return gray[t:b, x0:x1]


def _has_ink(crop: np.ndarray) -> bool:
    return crop.size > 0 and int((crop < 128).sum()) >= 8


def _ink_box(crop: np.ndarray, pad: int) -> Optional[tuple[int, int, int, int]]:
    """Bounding box (x0, top, x1, bottom) of a crop's ink, grown by pad; None when blank.
    Rows and columns with a single dark pixel (specks) do not count."""
    dark = crop < 128
    rows = np.nonzero(dark.sum(axis=1) >= 2)[0]
    cols = np.nonzero(dark.sum(axis=0) >= 2)[0]
    if len(rows) == 0 or len(cols) == 0 or int(dark.sum()) < 8:
        return None
    h, w = crop.shape
    return (max(0, int(cols[0]) - pad), max(0, int(rows[0]) - pad),
            min(w, int(cols[-1]) + 1 + pad), min(h, int(rows[-1]) + 1 + pad))


def ocr_cells_mosaic(gray: np.ndarray, boxes_px: Sequence[tuple], settings: OcrSettings,
                     dpi: float, numbers: frozenset = frozenset()) -> list[list[dict]]:
    """Cell crops (pixel boxes, rules excluded) -> words per cell, in page pixels.

    Each cell's ink is cut out and the pieces are laid out on one white image read by one
    tesseract run (a process start costs ~1 s here; a page has 30-80 cells):
    - one-line pieces ("1", "Văn phòng", "Quý III/2025") side by side on shelves, like words
      of a line: a lone digit read alone comes back empty or as "<", in a line it is read right;
    - multi-line pieces below, each on its own band, so tesseract never joins the lines of
      neighbouring cells.
    Words are mapped back to their cell by the piece their centre falls in. The cells listed
    in `numbers` (the row-number column) go to a second, small run restricted to NUMBER_CHARS."""
    gap = int(dpi / 6)
    one_line = settings.one_line_height / 72.0 * dpi
    pieces = []                      # [cell index, page x, page y, crop, mosaic x, mosaic y]
    for i, b in enumerate(boxes_px):
        crop = _crop(gray, b)
        ink = _ink_box(crop, pad=max(2, gap // 8))
        if ink is None:
            continue
        x0, t, x1, b_ = ink
        pieces.append([i, int(max(0, round(b[0]))) + x0, int(max(0, round(b[1]))) + t, crop[t:b_, x0:x1], 0, 0])
    result: list[list[dict]] = [[] for _ in boxes_px]
    number_pieces = [p for p in pieces if p[0] in numbers]
    pieces = [p for p in pieces if p[0] not in numbers]
    if number_pieces:
        config = f"-c tessedit_char_whitelist={NUMBER_CHARS}"
        _read_mosaic([], number_pieces, gap, int(2 * dpi), settings, result, config)
    if pieces:
        short = [p for p in pieces if p[3].shape[0] <= one_line]
        tall = [p for p in pieces if p[3].shape[0] > one_line]
        _read_mosaic(short, tall, gap, int(8 * dpi), settings, result)
    return result


def _read_mosaic(short: list, tall: list, gap: int, min_width: int, settings: OcrSettings,
                 result: list[list[dict]], config: str = "") -> None:
    """Lay pieces out (short ones on shelves, tall ones on bands below), run tesseract once,
    append each word, in page pixels, to its cell's list in `result`."""
    pieces = short + tall
    width = max([p[3].shape[1] for p in pieces] + [min_width]) + 2 * gap
    y = gap
    x = gap
    shelf = 0
    for p in short:
        h, w = p[3].shape
        if x > gap and x + w + gap > width:
            y += shelf + gap
            x, shelf = gap, 0
        p[4], p[5] = x, y
        x += w + 2 * gap
        shelf = max(shelf, h)
    if short:
        y += shelf + 2 * gap
    for p in tall:
        p[4], p[5] = gap, y
        y += p[3].shape[0] + gap
    mosaic = np.full((y + gap, width), 255, np.uint8)
    for p in pieces:
        c = p[3]
        mosaic[p[5]:p[5] + c.shape[0], p[4]:p[4] + c.shape[1]] = c
    half = gap / 2
    for w in _tesseract_words(mosaic, settings.lang, settings.cell_psm, settings.threads, config):
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        for i, px, py, c, mx, my in pieces:
            if mx - half <= cx <= mx + c.shape[1] + half and my - half <= cy <= my + c.shape[0] + half:
                dx, dy = px - mx, py - my
                w.update(x0=w["x0"] + dx, x1=w["x1"] + dx, top=w["top"] + dy, bottom=w["bottom"] + dy,
                         number_cell=bool(config))
                result[i].append(w)
                break


def ocr_cells_crop(gray: np.ndarray, boxes_px: Sequence[tuple], settings: OcrSettings) -> list[list[dict]]:
    """One tesseract run per cell. Kept as the yardstick for the mosaic: on the corpus scan of
    seed 002 (page 5, 35 cells) both read 99.66 % of the task cells' characters, the crops at
    8.7 CPU s, the mosaic at 3.0 s (reading cells off the whole-page run: 99.03 %, 2.6 s)."""
    result = []
    pad = 10
    for i, b in enumerate(boxes_px):
        crop = _crop(gray, b)
        if not _has_ink(crop):
            result.append([])
            continue
        padded = np.pad(crop, pad, constant_values=255)
        words = _tesseract_words(padded, settings.lang, settings.cell_psm, settings.threads)
        for w in words:
            w.update(x0=w["x0"] + b[0] - pad, x1=w["x1"] + b[0] - pad, top=w["top"] + b[1] - pad,
                     bottom=w["bottom"] + b[1] - pad, line_key=("cell", i) + tuple(w["line_key"]))
        result.append(words)
    return result


# ----------------------------------------------------------------------------- words -> text

def _to_points(w: dict, sx: float, sy: float, page_number: int) -> dict:
    x0, x1, top, bottom = w["x0"] * sx, w["x1"] * sx, w["top"] * sy, w["bottom"] * sy
    return {"text": w["text"], "x0": round(x0, 2), "x1": round(x1, 2), "top": round(top, 2),
            "bottom": round(bottom, 2), "conf": round(w["conf"], 1),
            # pdfplumber char keys, so code written for glyphs accepts words too
            "object_type": "char", "doctop": round(top, 2), "upright": True, "fontname": "OCR",
            "size": round((bottom - top), 2), "page_number": page_number, "bold": bool(w.get("bold"))}


def words_to_line_groups(words: Sequence[dict], rulings: Sequence[dict] = ()) -> list[list[dict]]:
    """Words -> visual lines (top to bottom), each left to right. A line is cut where a
    vertical ruling passes between two words (table cells) and where the gap exceeds three
    line heights (the two-column letterhead)."""
    verticals = [r for r in rulings if r.get("orientation") == "v"]
    out = []
    for g in tx.chars_to_line_groups(words):
        heights = sorted(w["bottom"] - w["top"] for w in g)
        size = heights[len(heights) // 2] if heights else 1.0
        tagged = [dict(w, size=size, _k=k) for k, w in enumerate(g)]
        for seg in tx.split_line_on_gaps(tagged, 3.0):
            part = [g[s["_k"]] for s in seg]
            cur = [part[0]]
            for a, b in zip(part, part[1:]):
                mid = (max(a["top"], b["top"]) + min(a["bottom"], b["bottom"])) / 2
                if any(a["x1"] - 1 <= v["x0"] <= b["x0"] + 1 and v["top"] <= mid <= v["bottom"] for v in verticals):
                    out.append(cur)
                    cur = []
                cur.append(b)
            out.append(cur)
    return out


def words_to_text(words: Sequence[dict]) -> str:
    """One visual line of words -> text."""
    return tx.nfc(tx.squash_spaces(" ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]))))


def words_to_lines(words: Sequence[dict], page: int, rulings: Sequence[dict] = ()) -> list[Line]:
    """Words (points) -> structures.Line in reading order (text fixed by vocab/ocr_fixes.yaml)."""
    lines = []
    for g in words_to_line_groups(words, rulings):
        text = fix_text(words_to_text(g))
        if not text:
            continue
        heights = sorted(w["bottom"] - w["top"] for w in g)
        confs = [w["conf"] for w in g if w.get("conf") is not None and w["conf"] >= 0]
        lines.append(Line(text=text, page=page, x0=min(w["x0"] for w in g), top=min(w["top"] for w in g),
                          x1=max(w["x1"] for w in g), bottom=max(w["bottom"] for w in g),
                          size=round(heights[len(heights) // 2] * 1.25, 1), bold=_mostly_bold(g),
                          conf=round(min(confs) / 100, 3) if confs else None,
                          unsure=tuple(fix_text(w["text"]) for w in g
                                       if w.get("conf") is not None and 0 <= w["conf"] < UNSURE_CONF)))
    return reading_order(lines)


def reading_order(lines: Sequence[Line]) -> list[Line]:
    """Top to bottom; lines sharing a band (their middles within the first one's height), left
    to right."""
    out: list[Line] = []
    band: list[Line] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        if band and (ln.top + ln.bottom) / 2 > band[0].bottom:
            out.extend(sorted(band, key=lambda b: b.x0))
            band = []
        band.append(ln)
    out.extend(sorted(band, key=lambda b: b.x0))
    return out


def cell_words_to_text(words: Sequence[dict]) -> str:
    """Words of one cell -> the cell text, lines joined by the shared cell-text rule."""
    if not words:
        return ""
    return tx.join_lines(words_to_text(g) for g in tx.chars_to_line_groups(words))


def fix_text(text: str) -> str:
    """Known misreadings (vocab/ocr_fixes.yaml) -> the printed form. For line and cell text."""
    text = tx.nfc(text)
    for pattern, repl in load_fixes():
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=1)
def load_fixes() -> tuple:
    """vocab/ocr_fixes.yaml -> ((compiled pattern, replacement), ...) in file order."""
    import re

    data = vocab_files.load("ocr_fixes.yaml") or {}
    out = []
    for entry in data.get("fixes") or []:
        missing = {"pattern", "replace", "seen_in", "examples"} - set(entry)
        if missing:
            raise ValueError(f"ocr_fixes.yaml: entry {entry.get('pattern')!r} lacks {', '.join(sorted(missing))}")
        out.append((re.compile(entry["pattern"]), entry["replace"]))
    return tuple(out)


# ----------------------------------------------------------------------------- the page

def prepare(image, page_width_pt: float, settings: OcrSettings,
            stamps: Optional[list] = None) -> tuple[np.ndarray, float]:
    """Page image -> (grey array, its resolution in dpi), enlarged when coarser than
    settings.ocr_min_dpi (tesseract's accuracy drops fast on small glyphs).

    Not denoised here: a 3x3 median at 200 dpi erases the stretches of a thin rule that a
    fraction-of-a-degree turn smeared over two pixel rows; rules are found on this image and
    only the text that goes to tesseract is denoised (after enlarging)."""
    import cv2
    found: list = []
    gray = image_to_gray(image, settings.drop_red, found)
    dpi = gray.shape[1] / page_width_pt * 72.0
    f = 1.0
    if dpi < settings.ocr_min_dpi:
        f = settings.ocr_min_dpi / dpi
        gray = cv2.resize(gray, (round(gray.shape[1] * f), round(gray.shape[0] * f)),
                          interpolation=cv2.INTER_CUBIC)
        dpi *= f
    if stamps is not None:
        stamps.extend(tuple(round(v * f) for v in box) for box in found)
    return gray, dpi


def ocr_page(image, page_number: int, page_width_pt: float, page_height_pt: float,
             settings: Union[None, dict, OcrSettings] = None) -> OcrPage:
    """One page image -> OcrPage (words, lines, rulings, tables, deskew angle), PDF points.

    `image` is the page rendered (or the scan's embedded image) covering the whole page; its
    scale is taken from its size, so `settings.dpi` only tells callers what to render at.
    """
    import time
    start = time.perf_counter()
    settings = OcrSettings.resolve(settings)
    if page_width_pt <= 0 or page_height_pt <= 0:
        raise ValueError("page size must be positive")
    stamps: list = []
    gray, dpi = prepare(image, page_width_pt, settings, stamps)
    sx = page_width_pt / gray.shape[1]
    sy = page_height_pt / gray.shape[0]
    angle = estimate_skew(gray, settings.max_skew)
    gray = rotate(gray, -angle)
    level = paper_level(gray)
    binary = (gray <= level).astype(np.uint8) * 255
    if settings.denoise:
        gray = denoise(gray)
    gray = clean_paper(gray, level)
    px = dpi / 72.0
    rulings_px = binary_to_rulings(binary, settings.min_hrule_length * px, settings.min_vrule_length * px)
    rulings = extend_to_crossings(scale_rulings(rulings_px, sx, sy), DEFAULT_MAX_RULE_GAP)
    tables_boxes = rulings_to_cell_boxes(rulings)

    # text outside the tables: the page with the tables and all rules painted white (tesseract
    # reads a rule touching a glyph as "|", "_" or "—")
    rule_mask = rulings_to_mask(gray.shape, rulings_px)
    page_img = gray.copy()
    page_img[rule_mask > 0] = 255
    cell_img = page_img.copy() if tables_boxes else None
    table_mask = np.zeros(gray.shape, bool)
    for boxes in tables_boxes:
        x0, t, x1, b = _bbox(boxes)
        table_mask[max(0, int(t / sy) - 3):int(b / sy) + 4, max(0, int(x0 / sx) - 3):int(x1 / sx) + 4] = True
    if settings.cell_mode != "page":
        page_img[table_mask] = 255

    # table cells: pixel boxes kept clear of the rules and their blur
    inset = max(2.0, 2.5 * px)
    cell_boxes_px = [[_inset((b[0] / sx, b[1] / sy, b[2] / sx, b[3] / sy), inset) for b in boxes]
                     for boxes in tables_boxes]

    # the two tesseract runs (page text, cell mosaic) are independent: run them side by side
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=2) as pool:
        page_job = pool.submit(_tesseract_words, page_img, settings.lang, settings.psm, settings.threads) \
            if _has_ink(page_img) else None
        cell_jobs = []
        if settings.cell_mode == "mosaic":
            cell_jobs = [pool.submit(ocr_cells_mosaic, cell_img, bp, settings, dpi,
                                     number_cells(boxes, settings.number_column_width))
                         for boxes, bp in zip(tables_boxes, cell_boxes_px)]
        elif settings.cell_mode == "crop":
            cell_jobs = [pool.submit(ocr_cells_crop, cell_img, bp, settings) for bp in cell_boxes_px]
        page_words = [w for w in page_job.result() if _keep_word(w, settings.min_conf)] if page_job else []
        if settings.cell_mode == "page":
            per_table = [[[w for w in page_words if _centre_in(w, b)] for b in bp] for bp in cell_boxes_px]
            page_words = [w for w in page_words if not table_mask[
                min(int((w["top"] + w["bottom"]) / 2), table_mask.shape[0] - 1),
                min(int((w["x0"] + w["x1"]) / 2), table_mask.shape[1] - 1)]]
        else:
            per_table = [job.result() for job in cell_jobs]

    if stamps:
        page_words = [w for w in page_words if not _stamp_leftover(w, stamps)]
    if settings.letterhead and page_words:
        # the letterhead as printed: its underlines are rules, and painting them out took the
        # dots under "lập", "Tự", "Hạnh" with them
        page_words = read_letterhead(gray, page_words, settings)
        # the signature block: recipients left, the signer right, read side by side they
        # were merged line by line ("- Bộ Công an, ... PHO TÔ TRƯƠNG THƯƠNG TRỤC")
        page_words = read_in_columns(gray, page_words, signature_band(gray, page_words), settings)

    ink = binarise(gray)
    all_px = page_words + [w for per_cell in per_table for cell in per_cell for w in cell]
    mark_bold(all_px, ink)

    tables: list[RawTable] = []
    table_words: list[dict] = []
    read: list[tuple] = []           # per table: texts, bolds, cell confidences, number cells
    for ti, (boxes, per_cell) in enumerate(zip(tables_boxes, per_table)):
        texts, bolds, cell_confs, lows = [], [], [], []
        numbers = number_cells(boxes, settings.number_column_width)
        for ci, words in enumerate(per_cell):
            words = [w for w in words if _keep_word(w, settings.min_conf)]
            pts = [_to_points(w, sx, sy, page_number) for w in words]
            text = fix_text(cell_words_to_text(pts))
            if ci in numbers:
                text = _number_text(text, ink, cell_boxes_px[ti][ci])
                if pts and text != words_to_text(pts):
                    pts = [dict(pts[0], text=text)] if len(pts) == 1 else pts
            table_words.extend(pts)
            texts.append(text)
            bolds.append(_mostly_bold(pts))
            cell_confs.append(_mean_conf([w["conf"] for w in words]))
            lows.append(cell_word_confidence(words, ci in numbers))
        read.append((texts, bolds, cell_confs, numbers, lows))

    rereads = reread_risky_cells(cell_img, cell_boxes_px, [r[0] for r in read], [r[3] for r in read],
                                 settings, dpi, ink) if settings.reread and cell_img is not None else {}
    for (ti, ci), second in list(rereads.items()):
        texts = read[ti][0]
        if ci in read[ti][3] and not _ROW_NUMBER.fullmatch(texts[ci]) and _ROW_NUMBER.fullmatch(second):
            # a row number only one reading gives in a number's form ("7." beside "7,"): that one
            texts[ci], rereads[(ti, ci)] = second, texts[ci]
    if settings.reread and cell_img is not None:
        # a Roman quarter whose strokes the image counts otherwise than the reading ("Quý
        # II/2025" over three stems): that count is a further reading of the cell
        for ti, (texts, _, _, numbers, _) in enumerate(read):
            for ci, text in enumerate(texts):
                if ci in numbers or (ti, ci) in rereads:
                    continue
                counted = roman_by_stems(text, _crop(cell_img, cell_boxes_px[ti][ci]))
                if counted is not None:
                    rereads[(ti, ci)] = counted
    for ti, (boxes, (texts, bolds, cell_confs, numbers, lows)) in enumerate(zip(tables_boxes, read)):
        confs = [w["conf"] for per_cell in per_table[ti] for w in per_cell if _keep_word(w, settings.min_conf)]
        tables.append(RawTable(page=page_number, bbox=tuple(round(v, 2) for v in _bbox(boxes)),
                               rows=cells_to_rows(boxes, texts, bolds, cell_confs,
                                                  {ci: r for (t, ci), r in rereads.items() if t == ti}, lows=lows),
                               method="ocr-lattice", index=ti,
                               meta=TableMeta(ocr_confidence=_mean_conf(confs), deskew_angle=round(angle, 3))))

    words = [_to_points(w, sx, sy, page_number) for w in page_words] + table_words
    words.sort(key=lambda w: (w["top"], w["x0"]))
    lines = words_to_lines(words, page_number, rulings)
    return OcrPage(page=page_number, width=page_width_pt, height=page_height_pt, words=words, lines=lines,
                   rulings=rulings, tables=tables, deskew_angle=round(angle, 3),
                   meta={"seconds": round(time.perf_counter() - start, 2), "dpi": round(dpi, 1),
                         "ocr_confidence": _mean_conf([w["conf"] for w in words])})


# ----------------------------------------------------------------------------- letterhead

#: The national motto that heads the letterhead's right column (Nghị định 30/2020; Quy định
#: 66-QĐ/TW for Party documents), matched without diacritics: OCR slips in them.
_MOTTO_BARE = re.compile(r"CONG\s*HOA\s*XA\s*HOI|DOC\s*LAP\s*-?\s*TU\s*DO|DANG\s*CONG\s*SAN\s*VIET",
                         re.IGNORECASE)
#: The lines that close the letterhead: "Số: …" under the issuer, "…, ngày … tháng … năm …"
#: under the motto (diacritics dropped; "Só:" and "ngày44" are OCR'd forms).
_NUMBER_BARE = re.compile(r"^\s*S[o0]\s*:", re.IGNORECASE)
_DATE_BARE = re.compile(r"ngay.{0,12}thang.{0,12}nam|nam\s*\d{4}\s*$", re.IGNORECASE)
#: Words read below this tesseract confidence (0-100) are listed in their Line's `unsure`: the
#: metadata stage takes no number or date from them. Measured on the real BCA KH 996 scan: the
#: handwritten "996" and "24" came back as "Só:#Óđế”" at 16 and "ngày44" at 1; printed words of
#: the corpus scans' letterheads read at 60-96.
UNSURE_CONF = 50.0
#: Words of a table cell read below this tesseract confidence (0-100) are listed in the Cell's
#: `unsure` (and its row's `source.ocr`); the checks doubt a row whose key cell holds one that the
#: document writes nowhere else read with confidence (ocr-unsure-word, checks/scan.py). Chosen
#: from the confidences of right and wrong words (benchmarks/ocr_words.py, key cells matched to the
#: gold): corpus scans 6059 words, 247 wrong: below 50 14 right / 4 wrong, 50-59 6 / 3, 60-69
#: 13 / 4, and 208 of the wrong ones at 80-100 (tone marks: "đối" for "đổi" at 91, which no
#: threshold separates); 10 noise-soiled native corpus documents, 7140 words, 166 wrong: below 50
#: 9 / 10, 50-59 4 / 10, 60-69 20 / 11. The right words read below 50 are mostly words the
#: document writes many times ("Triển" 49 times in seed003), hence the "nowhere else" condition;
#: 50 is the line threshold (UNSURE_CONF) too, so a word of a line and of a cell compare alike.
#: Rows (benchmarks/silent_errors.py --without ocr-unsure-word, one run): corpus scans silent
#: 8 -> 6 of 199 rows, no right row flagged that nothing else flagged; noise seeds 1-2 silent
#: 20 -> 19 of 246, no false alarm added. Raising it to 60-90 flags right rows faster than wrong ones.
UNSURE_CELL_CONF = UNSURE_CONF
#: The letterhead lies in this top share of the page.
LETTERHEAD_SHARE = 0.4


def _bare(text: str) -> str:
    import unicodedata
    t = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in t if not unicodedata.combining(c))


def letterhead_band(image: np.ndarray, words: Sequence[dict]) -> Optional[tuple[int, int, int]]:
    """(top, bottom, split x) of the letterhead in page pixels, or None.

    The band runs from the blank pixel row above the page's first line to the blank row under
    the lower of the "Số: …" and place-date lines (else under the motto's last line), both
    found on the first reading near the motto; split x is the middle of the widest ink-free
    gutter between the two columns (between 20 % and 75 % of the width). No motto in the top
    of the page, or no gutter (a line crossing both columns), -> None."""
    h, w = image.shape
    groups = [g for g in words_to_line_groups([x for x in words if x["top"] < h * LETTERHEAD_SHARE])]
    texts = [_bare(words_to_text(g)) for g in groups]
    motto = [i for i, t in enumerate(texts) if _MOTTO_BARE.search(t)]
    if not motto:
        return None
    first_motto = groups[motto[0]]
    pitch = float(np.median([x["bottom"] - x["top"] for x in first_motto]))
    motto_bottom = max(x["bottom"] for i in motto for x in groups[i])
    ends = [max(x["bottom"] for x in g) for g, t in zip(groups, texts)
            if (_NUMBER_BARE.search(t) or _DATE_BARE.search(t))
            and min(x["top"] for x in g) >= min(x["top"] for x in first_motto)
            and min(x["top"] for x in g) <= motto_bottom + 6 * pitch]
    bottom = max(ends) if ends else motto_bottom
    top = min(x["top"] for g in groups for x in g if x["bottom"] <= bottom + 1)
    if top < max(x["top"] for x in first_motto) - 6 * pitch:
        top = min(x["top"] for x in first_motto) - 2 * pitch
    return _column_band(image, top, bottom, pitch)


def _column_band(image: np.ndarray, top: float, bottom: float, pitch: float) -> Optional[tuple[int, int, int]]:
    """A band of two side-by-side blocks, its rows widened to the blank pixel rows around
    [top, bottom] (at most a line further) -> (top, bottom, split x at the middle of the widest
    ink-free gutter between 20 % and 75 % of the width), or None without such a gutter."""
    h, w = image.shape
    ink = image < 128
    rows = ink.sum(axis=1)
    t = int(max(0, top))
    while t > 0 and rows[t - 1] > 0 and t > top - pitch:
        t -= 1
    b = int(min(h - 1, bottom))
    while b < h - 1 and rows[b + 1] > 0 and b < bottom + pitch:
        b += 1
    t, b = max(0, t - 2), min(h, b + 3)
    # a gutter column holds no text; a signature's pen stroke may cross it (a few pixels)
    cols = ink[t:b].sum(axis=0) <= max(1, 0.02 * (b - t))
    lo, hi = int(0.2 * w), int(0.75 * w)
    best, run_start, best_span = None, None, 0
    for x in range(lo, hi + 1):
        if x < hi and cols[x]:
            if run_start is None:
                run_start = x
            continue
        if run_start is not None and x - run_start > best_span:
            best, best_span = (run_start + x) // 2, x - run_start
        run_start = None
    if best is None or best_span < 0.5 * pitch:
        return None
    return t, b, best


#: The recipients' list that opens the signature block's left column ("Nơi nhận:"), and the
#: authority line that opens its right column ("TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"; OCR'd
#: "KT, TÔ TRƯỜNG").
_RECIPIENTS_BARE = re.compile(r"^\s*N[o0]i\s*nh[a@]n\b", re.IGNORECASE)
_AUTHORITY_BARE = re.compile(r"^\s*(?:TM|T/M|KT|K/T|TL|T/L|TUQ)\s*[.,]\s*[A-Z]{2}")


def signature_band(image: np.ndarray, words: Sequence[dict]) -> Optional[tuple[int, int, int]]:
    """(top, bottom, split x) of the signature block in page pixels, or None: from the higher of
    "Nơi nhận:" and the authority line ("TM. ...", "KT. ...", often a little higher) to the
    page's last line, split at the gutter between the recipients' list (left) and the
    signer's titles and name (right)."""
    h, w = image.shape
    groups = [g for g in words_to_line_groups(words) if len(g) > 1 or len(g[0]["text"]) > 1]
    texts = [_bare(words_to_text(g)) for g in groups]
    opens = [i for i, t in enumerate(texts) if _RECIPIENTS_BARE.search(t)
             or (_AUTHORITY_BARE.search(t) and groups[i][0]["x0"] > 0.4 * w)]
    if not opens:
        return None
    g = groups[min(opens[-1:] + [i for i in opens if abs(groups[i][0]["top"] - groups[opens[-1]][0]["top"])
                                  < 3 * (groups[i][0]["bottom"] - groups[i][0]["top"])])]
    pitch = float(np.median([x["bottom"] - x["top"] for x in g]))
    top = min(x["top"] for x in g) - 0.3 * pitch
    # down to the last line of the page (a scanner's dark edge at the margins aside)
    bottom = max(x["bottom"] for gg in groups for x in gg if 0.02 * w < x["x0"] and x["x1"] < 0.98 * w)
    return _column_band(image, top, bottom, pitch)


def read_letterhead(image: np.ndarray, words: list[dict], settings: OcrSettings) -> list[dict]:
    """The page's words with the letterhead's replaced by a reading of its two columns, each
    cropped on its own (letterhead_band). Words outside the band are left as read.

    The column reading is taken whole, not only when it is more confident: the page-wide
    reading drops what it cannot read (a hand-stamped number with its "Số:", the day with its
    "ngày ... tháng"), so its mean confidence looks better while it says less; the column
    reading keeps such ink as low-confidence words, which the metadata stage then refuses to
    take a number or a date from (Line.unsure)."""
    return read_in_columns(image, words, letterhead_band(image, words), settings)


def read_in_columns(image: np.ndarray, words: list[dict], band: Optional[tuple[int, int, int]],
                    settings: OcrSettings) -> list[dict]:
    """The words inside band (top, bottom, split x) replaced by a reading of its left and
    right blocks, each cropped on its own (read_letterhead says why the reading is taken whole)."""
    if band is None:
        return words
    top, bottom, split = band
    crops = [(image[top:bottom, :split], 0), (image[top:bottom, split:], split)]
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [(pool.submit(_tesseract_words, crop, settings.lang, settings.psm, settings.threads), dx)
                for crop, dx in crops if _has_ink(crop)]
        fresh = []
        for job, dx in jobs:
            for wd in job.result():
                if _keep_word(wd, settings.min_conf):
                    wd.update(x0=wd["x0"] + dx, x1=wd["x1"] + dx, top=wd["top"] + top,
                              bottom=wd["bottom"] + top, line_key=("letterhead", dx) + tuple(wd["line_key"]))
                    fresh.append(wd)

    def inside(wd):
        return top <= (wd["top"] + wd["bottom"]) / 2 <= bottom

    if not fresh:
        return words
    return [wd for wd in words if not inside(wd)] + [wd for wd in fresh if inside(wd)]


def _number_text(text: str, ink: np.ndarray, box_px: tuple) -> str:
    """A row-number cell's text with a dot tesseract dropped put back (restore_number_dots)."""
    b = box_px
    return restore_number_dots(text, ink[int(b[1]):int(b[3]) + 1, int(b[0]):int(b[2]) + 1])


#: How a row number is printed: "1", "1.", "7.1", "IV.", "a)", "đ)".
_ROW_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,5}\.?|[a-zđ]\))")
_RISKY = re.compile(r"\d|(?<![^\W\d_])[IVX]{1,4}(?![^\W\d_])")


def is_high_risk(text: str, max_chars: int = DEFAULT_REREAD_MAX_CHARS) -> bool:
    """A cell whose value is normalised from few characters: short, with a digit or a Roman
    numeral (a deadline, a quarter, a row number, a target). One misread glyph there changes
    a date or a number while the text still looks right."""
    t = text.strip()
    return bool(t) and len(t) <= max_chars and bool(_RISKY.search(t))


#: Scale of the second reading of row-number cells: reduced, left grey. Otsu's threshold thins
#: a lone digit and the restricted run then drops it ("3." read "."; corpus seed003 scan).
NUMBER_REREAD_SCALE = 0.75


def second_setting(crop: np.ndarray, scale: float, number: bool = False) -> np.ndarray:
    """A cell crop prepared differently from the first reading: enlarged (bicubic) and turned
    black on white by Otsu's threshold (the first reading leaves tesseract its own); a row
    number reduced (NUMBER_REREAD_SCALE) and left grey."""
    import cv2
    h, w = crop.shape
    if number:
        f = NUMBER_REREAD_SCALE
        return cv2.resize(crop, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    big = cv2.resize(crop, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_CUBIC)
    _, out = cv2.threshold(big, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def reread_risky_cells(gray: np.ndarray, boxes_px: Sequence[Sequence[tuple]], texts: Sequence[Sequence[str]],
                       numbers: Sequence[frozenset], settings: OcrSettings, dpi: float,
                       ink: np.ndarray) -> dict[tuple[int, int], str]:
    """High-risk cells (is_high_risk on their first reading) read again with the second setting:
    each cell's ink on its own line of one image (row-number cells on another, restricted to
    NUMBER_CHARS), one tesseract run each, side by side. Returns (table, cell) -> the second
    reading, for the cells where it differs from the first (spaces aside) and is not empty."""
    scale = float(settings.reread_scale)
    pad = max(2, int(dpi / 48))
    plain: list[tuple] = []
    digits: list[tuple] = []
    for ti, (boxes, tt, nums) in enumerate(zip(boxes_px, texts, numbers)):
        for ci, (b, t) in enumerate(zip(boxes, tt)):
            if not is_high_risk(t, settings.reread_max_chars):
                continue
            crop = _crop(gray, b)
            box = _ink_box(crop, pad)
            if box is None:
                continue
            x0, t0, x1, b0 = box
            number = ci in nums
            (digits if number else plain).append(((ti, ci), second_setting(crop[t0:b0, x0:x1], scale, number)))
    if not plain and not digits:
        return {}
    gap = int(dpi / 6)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(_read_stacked, pieces, gap, settings, config)
                for pieces, config in ((plain, ""), (digits, f"-c tessedit_char_whitelist={NUMBER_CHARS}"))
                if pieces]
        results = [j.result() for j in jobs]
    out: dict[tuple[int, int], str] = {}
    for per_piece in results:
        for key, words in per_piece.items():
            ti, ci = key
            text = fix_text(cell_words_to_text([w for w in words if w["conf"] >= 0]))
            if ci in numbers[ti]:
                text = _number_text(text, ink, boxes_px[ti][ci])
            if text and tx.squash_spaces(text) != tx.squash_spaces(texts[ti][ci]):
                out[key] = text
    return out


def _read_stacked(pieces: Sequence[tuple], gap: int, settings: OcrSettings, config: str) -> dict:
    """Pieces (key, image) one below the other on a white image, one tesseract run: key -> its
    words (in the stacked image's pixels; only their order and lines matter)."""
    width = max(p[1].shape[1] for p in pieces) + 2 * gap
    tops = []
    y = gap
    for _, img in pieces:
        tops.append(y)
        y += img.shape[0] + gap
    sheet = np.full((y, width), 255, np.uint8)
    for (_, img), top in zip(pieces, tops):
        sheet[top:top + img.shape[0], gap:gap + img.shape[1]] = img
    out: dict = {key: [] for key, _ in pieces}
    for w in _tesseract_words(sheet, settings.lang, settings.cell_psm, settings.threads, config):
        cy = (w["top"] + w["bottom"]) / 2
        for (key, img), top in zip(pieces, tops):
            if top - gap / 2 <= cy <= top + img.shape[0] + gap / 2:
                out[key].append(w)
                break
    return out


#: A Roman numeral of I's before "/" and a year ("Quý III/2025", "Quý II/2026"): the case where
#: serifs join the strokes and both readings can drop one ("Quý II/2025" read at 0.81-0.90 for
#: a printed "Quý III/2025" on 7 of 16 noise seeds of tests/test_ocr_noise's page read as images).
_ROMAN_QUARTER = re.compile(r"(?<![^\W\d_])(I{1,3})\s*/\s*\d{4}(?!\d)")


def roman_stems(crop: np.ndarray) -> Optional[int]:
    """The vertical stems of the Roman numeral printed before "/yyyy" in a cell crop, or None
    when the image does not show that layout plainly.

    On each text line (components grouped by height), the year is the last four digit-wide
    components (no wider gap between them than 0.3 of the digit height H); the numeral is the
    run of tall components left of it, up to a gap wider than 0.3 H. A stem is a run of columns
    that is ink over nine tenths of the numeral's middle half: an I's stem is, a V's or the
    slash's diagonals and the serifs that join the I's at top and bottom are not."""
    import cv2
    if crop.size == 0 or crop.shape[0] < 8 or crop.shape[1] < 8:
        return None
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, lab, st, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    ch, cw = ink.shape
    comps = [tuple(int(v) for v in st[i]) + (i,) for i in range(1, n)
             if st[i][4] >= 6 and st[i][2] < 0.6 * cw and st[i][3] < 0.6 * ch]   # not a rule's stub
    if not comps:
        return None
    top_h = max(c[3] for c in comps)
    H = float(np.median([c[3] for c in comps if c[3] >= 0.6 * top_h]))
    tall = sorted((c for c in comps if 0.75 * H <= c[3] <= 1.6 * H and c[2] < 3 * H),
                  key=lambda c: c[1] + c[3] / 2)
    lines: list[list[tuple]] = []
    for c in tall:
        if lines and abs((c[1] + c[3] / 2) - (lines[-1][-1][1] + lines[-1][-1][3] / 2)) <= 0.5 * H:
            lines[-1].append(c)
        else:
            lines.append([c])
    for line in lines:
        line.sort(key=lambda c: c[0])
        got = _line_stems(lab, line, H)
        if got is not None:
            return got
    return None


def _line_stems(lab: np.ndarray, line: Sequence[tuple], H: float) -> Optional[int]:
    digits = [c for c in line if c[2] >= 0.4 * H]
    if len(digits) < 4:
        return None
    year = digits[-4:]
    if any(b[0] - (a[0] + a[2]) > 0.3 * H for a, b in zip(year, year[1:])):
        return None
    left = [c for c in line if c[0] + c[2] <= year[0][0] + 1]
    if not left:
        return None
    group = [left[-1]]
    for c in reversed(left[:-1]):
        if group[0][0] - (c[0] + c[2]) > 0.3 * H:
            break
        group.insert(0, c)
    x0, x1 = min(c[0] for c in group), max(c[0] + c[2] for c in group)
    y0, y1 = min(c[1] for c in group), max(c[1] + c[3] for c in group)
    m = np.isin(lab[y0:y1, x0:x1], [c[5] for c in group])
    hh = y1 - y0
    cover = m[int(0.25 * hh):int(0.75 * hh) + 1].mean(axis=0)
    stems, on = 0, False
    for v in cover:
        if v >= 0.9 and not on:
            stems += 1
        on = v >= 0.9
    return stems or None          # no stem: no numeral of I's there (a V, a word)


def roman_by_stems(text: str, crop: np.ndarray) -> Optional[str]:
    """The cell's text with its Roman quarter as the image's stems count it, when that count
    (roman_stems, at least one) differs from the I's read; else None. Only cells with one such
    numeral ("Quý III/2025"), not a quarter spelled out or a numeral of V or X."""
    found = list(_ROMAN_QUARTER.finditer(text))
    if len(found) != 1:
        return None
    stems = roman_stems(crop)
    m = found[0]
    if not stems or stems == len(m.group(1)):
        return None
    return text[:m.start(1)] + "I" * stems + text[m.end(1):]


def restore_number_dots(text: str, ink: np.ndarray) -> str:
    """A row number read as digits only ("71") whose cell image shows a dot on the baseline
    between two of its digits ("7.1"): the dot put back. Tesseract drops such small dots in
    narrow number cells; "7.1" read "71" makes a sub-row a new row. The image decides: one ink
    component per digit (tall), a dot a small component sitting on their baseline between
    two of them; anything else (digits touching, specks above the line) leaves the text."""
    import cv2
    import re
    if not re.fullmatch(r"\d{2,4}", text) or ink.size == 0:
        return text
    n, _, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    comps = [tuple(int(v) for v in stats[i][:5]) for i in range(1, n) if stats[i][4] >= 2]
    if not comps:
        return text
    tall = max(c[3] for c in comps)
    digits = sorted((c for c in comps if c[3] >= 0.55 * tall), key=lambda c: c[0])
    if len(digits) != len(text):
        return text
    base = float(np.median([c[1] + c[3] for c in digits]))
    out = list(text)
    inserted = 0
    for x, y, w, h, area in sorted(comps, key=lambda c: c[0]):
        if h > 0.3 * tall or w > 0.4 * tall or area < 0.01 * tall * tall or abs(y + h - base) > 0.2 * tall:
            continue
        cx = x + w / 2
        for k in range(len(digits) - 1):
            if digits[k][0] + digits[k][2] <= cx <= digits[k + 1][0]:
                out.insert(k + 1 + inserted, ".")
                inserted += 1
                break
    return "".join(out)


def number_cells(boxes: Sequence[tuple], max_width: float) -> frozenset:
    """Indexes of the cells of a table's first column when that column is narrow enough to
    hold only row numbers; neither the top cell (the header "TT", "Số TT") nor cells spanning
    into the next column (section titles) are among them."""
    if max_width <= 0 or not boxes:
        return frozenset()
    xs, _, spans = boxes_to_grid(boxes, DEFAULT_GRID_TOLERANCE)
    if len(xs) < 3 or xs[1] - xs[0] > max_width:
        return frozenset()
    return frozenset(i for i, (r0, _, c0, c1) in enumerate(spans) if c0 == 0 and c1 == 1 and r0 > 0)


def _bbox(boxes: Sequence[tuple]) -> tuple:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _mean_conf(confs: Sequence[float]) -> Optional[float]:
    return round(sum(confs) / len(confs) / 100, 3) if confs else None


# ----------------------------------------------------------------------------- bold

#: A word is bold when its strokes are this much thicker than the page's typical word.
DEFAULT_BOLD_RATIO = 1.25


def stroke_width(ink: np.ndarray) -> float:
    """Mean stroke width (px) of an ink mask: twice the ink area over its outline length."""
    import cv2
    on = ink > 0
    area = int(on.sum())
    if area == 0:
        return 0.0
    inner = cv2.erode(on.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))) > 0
    outline = int((on & ~inner).sum())
    return 2.0 * area / max(outline, 1)


def mark_bold(words: Sequence[dict], ink: np.ndarray, ratio: float = DEFAULT_BOLD_RATIO) -> None:
    """Set w["bold"] on pixel-space words: tesseract 5 reports no font attributes, so compare
    each word's stroke width with the page's median (most words of a plan are regular)."""
    widths = []
    for w in words:
        crop = ink[int(w["top"]):int(w["bottom"]) + 1, int(w["x0"]):int(w["x1"]) + 1]
        w["stroke"] = stroke_width(crop)
        if len(w["text"]) >= 3:
            widths.append(w["stroke"])
    ref = float(np.median(widths)) if widths else 0.0
    for w in words:
        w["bold"] = bool(ref and w["stroke"] > ratio * ref)


def _mostly_bold(words: Sequence[dict]) -> bool:
    n = sum(len(w["text"]) for w in words)
    return bool(n) and sum(len(w["text"]) for w in words if w.get("bold")) > n / 2


def _centre_in(w: dict, box: tuple) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]
