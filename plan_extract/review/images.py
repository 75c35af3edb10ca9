"""Crops of the PDF for the review page: each row's region (source.page, source.bbox in PDF
points, top-left origin) rendered with pdfium as a small grayscale JPEG, as a data: URI.

Resolution and quality are chosen for reading Vietnamese diacritics at a glance while keeping a
whole document's page light (the 26-page corpus plan: well under 5 MB): SCALE 1.4 (about 100 dpi),
JPEG quality 60, grayscale. Same PDF, same bytes (pdfium and libjpeg are deterministic)."""
from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Iterable, Optional, Union

SCALE = 1.4                 # pixels per PDF point (72 dpi * 1.4 ~ 100 dpi)
QUALITY = 60
MARGIN = 3.0                # points added around a row's box
MAX_HEIGHT = 420.0          # points: a taller region (a long merged row) is cut, the note says so


class Crop:
    __slots__ = ("uri", "width", "height", "cut")

    def __init__(self, uri: str, width: int, height: int, cut: bool):
        self.uri, self.width, self.height, self.cut = uri, width, height, cut


def crops(pdf_path: Union[str, Path], regions: Iterable[tuple[str, Optional[int], Optional[list]]]) -> dict[str, Crop]:
    """{key: Crop} for every (key, page, bbox) whose page and box are known. Each page is
    rendered once. A file pdfium cannot open gives no crops (the page says so)."""
    import pypdfium2 as pdfium
    wanted: dict[int, list[tuple[str, list]]] = {}
    for key, page, bbox in regions:
        if page and bbox and len(bbox) == 4:
            wanted.setdefault(int(page), []).append((key, [float(v) for v in bbox]))
    if not wanted:
        return {}
    out: dict[str, Crop] = {}
    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except Exception:           # not a PDF pdfium can read (DOCX, damaged): no crops
        return {}
    try:
        for number in sorted(wanted):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            width_pt, height_pt = page.get_size()
            image = page.render(scale=SCALE, grayscale=True).to_pil().convert("L")
            for key, (x0, top, x1, bottom) in wanted[number]:
                x0, x1 = max(0.0, x0 - MARGIN), min(width_pt, x1 + MARGIN)
                top, bottom = max(0.0, top - MARGIN), min(height_pt, bottom + MARGIN)
                cut = bottom - top > MAX_HEIGHT
                if cut:
                    bottom = top + MAX_HEIGHT
                if x1 - x0 < 2 or bottom - top < 2:
                    continue
                box = tuple(int(round(v * SCALE)) for v in (x0, top, x1, bottom))
                piece = image.crop(box)
                buf = io.BytesIO()
                piece.save(buf, "JPEG", quality=QUALITY, optimize=True)
                out[key] = Crop("data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii"),
                                piece.width, piece.height, cut)
            page.close()
    finally:
        pdf.close()
    return out
