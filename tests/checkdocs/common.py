"""What the late check-document generators (make_late5.py, make_late6.py) share: section items
between task rows, the gold file of a document, and Liberation fonts put into ReportLab."""
from __future__ import annotations

import json
from pathlib import Path

from tests.corpus.render_html import FONT_DIRS


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
