"""What the late check-document generators (make_late5.py .. make_late8.py) share:
the deadline cells they all print, section items between task rows, the gold file of a document,
and Liberation fonts put into ReportLab."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Optional

from tests.corpus.render_html import FONT_DIRS

#: Deadline cells every late check set prints -> (kind, start, due), written by hand from
#: DOMAIN.md's table (year 2026); each set's NORMALISED adds its own cells to these.
DEADLINES_2026 = {
    "Quý I/2026": ("quarter", "2026-01-01", "2026-03-31"),
    "Quý II/2026": ("quarter", "2026-04-01", "2026-06-30"),
    "Quý III/2026": ("quarter", "2026-07-01", "2026-09-30"),
    "Quý IV/2026": ("quarter", "2026-10-01", "2026-12-31"),
    "Năm 2026": ("year", "2026-01-01", "2026-12-31"),
    "Thường xuyên": ("continuous", None, None),
}

def raster(pdf: Path, page: int, out: Path) -> Path:
    """Page `page` of `pdf` as a 200 dpi black-and-white PNG (pdftoppm, thresholded at 150)."""
    exe = shutil.which("pdftoppm")
    if not exe:
        raise RuntimeError("pdftoppm not found (apt-get install -y poppler-utils)")
    stem = out.with_suffix("")
    subprocess.run([exe, "-r", "200", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(pdf), str(stem)], check=True, capture_output=True)
    from PIL import Image
    bw = stem.with_name(stem.name + "-bw.png")   # black and white, as an office scanner stores it
    with Image.open(stem.with_suffix(".png")) as im:
        im.convert("L").point(lambda v: 255 if v >= 150 else 0).save(bw)
    return bw


def image_pdf(native: Path, out: Path, pages: list[int], fonts: Callable[[], None], record: list,
              layer: Callable[[int, float, float, str], Optional[str]]) -> None:
    """A PDF of the images of `pages` of `native` (each page its own size, raster()), over each an
    invisible text layer: every (page, x, y, string, font, size) of `record` on that page, as
    `layer(page, x, y, string)` writes it (None: not written). `fonts` registers the fonts named."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    import pdfplumber
    with pdfplumber.open(str(native)) as pdf:
        sizes = {i + 1: (float(p.width), float(p.height)) for i, p in enumerate(pdf.pages)}
    fonts()
    c = canvas.Canvas(str(out), invariant=1)
    with tempfile.TemporaryDirectory(prefix="late_") as tmp:
        for pno in pages:
            pw, ph = sizes[pno]
            c.setPageSize((pw, ph))
            png = raster(native, pno, Path(tmp) / f"p{pno}.png")
            c.drawImage(ImageReader(str(png)), 0, 0, pw, ph)
            for page, x, y, s, font, size in record:
                text = layer(pno, x, y, s) if page == pno else None
                if text is not None:
                    t = c.beginText(x, ph - y)
                    t.setTextRenderMode(3)   # invisible
                    t.setFont(font, size)
                    t.textOut(text)
                    c.drawText(t)
            c.showPage()
    c.save()


def with_sections(task_rows: list[tuple], at: dict) -> list:
    """The task rows with ("section", title) items before the rows indexed in `at`."""
    out = []
    for i, r in enumerate(task_rows):
        if i in at:
            out.append(("section", at[i]))
        out.append(r)
    return out


def write_gold(name: str, task_rows: list[tuple], pages: list[int], normalised: dict, out: Path) -> Path:
    """`name`.gold.json in `out`: one appendix task per (number, text, lead, coordinators, deadline)
    row on its page, the deadline as `normalised` reads it (raw -> (kind, start, due))."""
    tasks = []
    for (number, text, lead, coord, deadline), page in zip(task_rows, pages):
        kind, start, due = normalised[deadline]
        tasks.append({"origin": "appendix", "number": number or None, "text": text, "lead_raw": lead,
                      "coordinators_raw": coord or None,
                      "deadline": {"raw": deadline, "kind": kind, "start": start, "due": due},
                      "source": {"page": page}})
    path = out / f"{name}.gold.json"
    path.write_text(json.dumps({"source": {"file": f"{name}.pdf"}, "tasks": tasks}, ensure_ascii=False,
                               indent=1) + "\n", encoding="utf-8")
    return path


def cycled_rows(tasks: list[str], units: list[str], n: int, deadlines: list[str], start: int = 0,
                coord_offset: int = 4) -> list[tuple]:
    """n task rows (number, text, lead, coordinators, deadline) numbered from 1, the i-th
    (from `start`) with task i and lead units[i % 7]; a text past the list's end says its round
    ("(đợt 2)"); every fifth row (i % 5 == 3) has no coordinators, the others
    units[i + coord_offset], or units[i + 5] where that would be the lead itself."""
    out = []
    for i in range(start, start + n):
        text = tasks[i % len(tasks)]
        if i >= len(tasks):
            text += f" (đợt {i // len(tasks) + 1})"
        lead = units[i % 7]
        coord = "" if i % 5 == 3 else units[(i + coord_offset) % len(units)]
        if coord == lead:   # a unit does not coordinate its own task
            coord = units[(i + 5) % len(units)]
        out.append((str(i - start + 1), text, lead, coord, deadlines[i % len(deadlines)]))
    return out


def n_pages(pdf: Path) -> int:
    import pdfplumber
    with pdfplumber.open(str(pdf)) as p:
        return len(p.pages)


def add_indicator_gold(path: Path, indicators: list[tuple], years: list[str], pages: list[int],
                       targets: dict) -> Path:
    """Adds to the gold file `path` one appendix indicator per (number, name, unit of measure,
    targets per year, lead) row on its page, each target as `targets` reads it
    (raw -> (op, value, unit or None: the row's unit of measure)); an empty cell is None."""
    data = json.loads(path.read_text(encoding="utf-8"))
    inds = []
    for (number, name, uom, row_targets, lead), page in zip(indicators, pages):
        tg = {}
        for year, raw in zip(years, row_targets):
            if not raw:
                tg[year] = None
                continue
            op, value, unit = targets[raw]
            tg[year] = {"raw": raw, "op": op, "value": float(value), "unit": unit or uom}
        inds.append({"origin": "appendix", "number": number, "name": name, "unit_of_measure": uom,
                     "lead_raw": lead, "targets": tg, "source": {"page": page}})
    data["indicators"] = inds
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def liberation_serif(regular: str, bold: str) -> None:
    """LiberationSerif Regular and Bold under these names, put straight into ReportLab's font
    table: registerFont gives a font whose face another font of the process already uses that
    font instead (so a document's font would depend on the order of registration)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for name, style in ((regular, "Regular"), (bold, "Bold")):
        if name in pdfmetrics._fonts:
            continue
        for d in FONT_DIRS:
            p = Path(d) / f"LiberationSerif-{style}.ttf"
            if p.exists():
                pdfmetrics._fonts[name] = TTFont(name, str(p))
                break
        else:
            raise RuntimeError(f"LiberationSerif-{style}.ttf not found in {FONT_DIRS}")
