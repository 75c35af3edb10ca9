"""A draft's or a copy's watermark ("DỰ THẢO", "BẢN SAO", "MẬT") taken out of a page's glyphs
before its lines and tables are read.

A pure function over a page's glyph dicts (the keys both readers give: text, fontname, size, x0,
x1, top, bottom), so pdfplumber and PDFium pages lose the same glyphs: `split_watermark(chars)`
-> `Watermark` (the glyphs kept, the runs taken out, their text).

A watermark is a few letters drawn much larger than the page's text (BIG_RATIO times the median
glyph size and at least MIN_SIZE points), usually rotated, spread over the page on top of (or
under) its text. Its glyphs, left in, land in table cells ("Công aHn phường", a lone "O" in a
coordinators cell) and split the cells' lines around them. The readers do not agree on a rotated
glyph's box (pdfminer bounds the rotated outline, PDFium keeps the upright em box), so the rule
reads only what both give alike: the size, the font, the order in the content stream and where
the glyphs' tops move (pdfminer gives a rotated glyph the height of its box as its size, PDFium
the font size times the matrix's scale: both far above the body's).

A run of big glyphs (consecutive in content order, spaces between them allowed, one font) is a
watermark when
- its baseline is not horizontal: the glyphs' tops move, from the first to the last, by at least
  ROTATED_SHIFT of the size (a rotated line of text), or
- it is drawn over the page's text: at least OVER_TEXT of the page's ordinary glyphs have their
  middle inside the run's glyph boxes.
A big run that is neither, in the font of a run that is, is a letter of the same
watermark drawn apart (over an empty cell, say) and goes too. Any other big run (a large letter in
a letterhead, a drop cap) is kept: its glyphs are `doubtful`, reported with the page
(`watermark-doubtful`); a letter of it that lands in a cell is what the row checks see as a cut
or garbled word there (a lone letter in a unit cell, a capital inside a word).

Measured on tests/checkdocs/cd_late5_draft_watermark (a 96 pt "DỰ THẢO" at 40 degrees over a
10 pt table; tuned on), whose two pages each lose the 7 glyphs of the watermark and nothing
else; the corpus PDFs and the other check documents have no glyph of MIN_SIZE points, so the
rule leaves them alone (tests/test_watermark.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import Sequence

#: A watermark glyph is at least this many times the page's median glyph size ...
BIG_RATIO = 3.0
#: ... and at least this size (points): body text is 10-14 pt, titles up to about 16 pt.
MIN_SIZE = 24.0
#: A run whose glyph tops move by this share of its size from first to last is rotated.
ROTATED_SHIFT = 0.5
#: A run with this many ordinary glyphs' middles inside its boxes is drawn over the text.
OVER_TEXT = 3


@dataclass
class Watermark:
    chars: list                                    # the glyphs kept, in order
    runs: list = field(default_factory=list)       # the runs taken out: lists of glyph dicts
    doubtful: list = field(default_factory=list)   # big glyphs kept that may still be one

    @property
    def texts(self) -> list[str]:
        """The text of each run taken out ("DỰ THẢO")."""
        return [" ".join("".join(c["text"] for c in run).split()) for run in self.runs]


def split_watermark(chars: Sequence[dict]) -> Watermark:
    """The page's glyphs without its watermark (see the module docstring)."""
    chars = list(chars)
    sizes = [c.get("size") or 0.0 for c in chars]
    if not sizes or max(sizes) < MIN_SIZE:
        return Watermark(chars)
    ink = [s for c, s in zip(chars, sizes) if c.get("text", "").strip()]
    if not ink:
        return Watermark(chars)
    limit = max(BIG_RATIO * median(ink), MIN_SIZE)
    runs = _big_runs(chars, sizes, limit)
    if not runs:
        return Watermark(chars)
    big = {k for run in runs for k in run}
    marked: list[list[int]] = []
    rest: list[list[int]] = []
    for run in runs:
        (marked if _rotated(chars, run) or _over_text(chars, run, big) >= OVER_TEXT else rest).append(run)
    # a lone letter of the page's watermark (drawn apart from the others, over nothing): big, in
    # the font of a run told to be one (pdfminer gives a rotated glyph the height of its box as
    # its size, PDFium the font size: the sizes of one watermark differ between the readers)
    fonts = {chars[run[0]].get("fontname") for run in marked}
    doubtful: list[int] = []
    for run in rest:
        if chars[run[0]].get("fontname") in fonts:
            marked.append(run)
        else:
            doubtful += [k for k in run if chars[k].get("text", "").strip()]
    marked.sort()
    if not marked:
        return Watermark(chars, doubtful=[chars[k] for k in doubtful])
    drop = {k for run in marked for k in run}
    # the spaces between a watermark's letters go with it
    kept = [c for k, c in enumerate(chars) if k not in drop]
    return Watermark(kept, [[chars[k] for k in run] for run in marked], [chars[k] for k in doubtful])


def _big_runs(chars: list, sizes: list, limit: float) -> list[list[int]]:
    """Runs of big glyphs in content order (indices, spaces between them included)."""
    runs: list[list[int]] = []
    run: list[int] = []
    pending: list[int] = []          # spaces after the run's last glyph, joined if it goes on
    for k, (c, s) in enumerate(zip(chars, sizes)):
        blank = not c.get("text", "").strip()
        if s >= limit and not blank:
            first = chars[run[0]] if run else None
            if first is not None and first.get("fontname") != c.get("fontname"):
                runs.append(run)
                run = []
            run += pending if run else []
            pending = []
            run.append(k)
        elif blank and run:
            pending.append(k)
        elif run:
            runs.append(run)
            run, pending = [], []
    if run:
        runs.append(run)
    return runs


def _rotated(chars: list, run: list[int]) -> bool:
    ink = [chars[k] for k in run if chars[k].get("text", "").strip()]
    if len(ink) < 2:
        return False
    size = ink[0].get("size") or 0.0
    return abs(ink[-1]["top"] - ink[0]["top"]) >= ROTATED_SHIFT * size


def _over_text(chars: list, run: list[int], big: set) -> int:
    boxes = [(chars[k]["x0"], chars[k]["top"], chars[k]["x1"], chars[k]["bottom"])
             for k in run if chars[k].get("text", "").strip()]
    n = 0
    for k, c in enumerate(chars):
        if k in big or not c.get("text", "").strip():
            continue
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes):
            n += 1
            if n >= OVER_TEXT:
                break
    return n


def remove_watermark(chars: Sequence[dict], page: int, issues: list) -> list[dict]:
    """The page's glyphs without its watermark; a page issue `watermark-removed` naming the text
    taken out, and `watermark-doubtful` naming big glyphs that were kept (appended to
    `issues`)."""
    from plan_extract.model.document import Issue
    w = split_watermark(chars)
    if w.runs:
        texts = "; ".join(f"«{t}»" for t in w.texts)
        issues.append(Issue("warning", "watermark-removed",
                            f"Trang {page}: đã bỏ chữ in chìm {texts} (chữ rất lớn, in xoay hoặc đè lên "
                            f"nội dung) trước khi đọc bảng (watermark removed)", page))
    if w.doubtful:
        text = " ".join("".join(c["text"] for c in w.doubtful).split())
        issues.append(Issue("warning", "watermark-doubtful",
                            f"Trang {page}: có chữ cỡ rất lớn «{text}» không rõ là chữ in chìm hay nội dung; "
                            f"kiểm tra các dòng có chữ này (large glyphs kept)", page))
    return w.chars
