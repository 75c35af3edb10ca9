"""Gold writer: the expected plan.json (model.Plan shape) of one corpus document, built from
its data file and the rendered PDF (for page numbers, page count and sha256).

Rows are located in the rendered PDF by searching each page's words for the row's first words
(and its number on the same line), going forward only; a row that can't be found is an error.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import pdfplumber

from plan_extract.model.document import DocumentMeta, Plan

from .spec import extra_key


class LocateError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@dataclass
class _Line:
    page: int
    top: float
    words: list[tuple[str, float]]   # (text, x0)


def page_lines(pdf_path: Path) -> tuple[int, list[_Line]]:
    """All text lines of the PDF, page by page, top to bottom (words left to right)."""
    out: list[_Line] = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        n = len(pdf.pages)
        for pno, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
            words.sort(key=lambda w: (round(w["top"], 1), w["x0"]))
            cur: list[dict] = []
            for w in words:
                if cur and abs(w["top"] - cur[0]["top"]) > 2.5:
                    out.append(_mk(pno, cur))
                    cur = []
                cur.append(w)
            if cur:
                out.append(_mk(pno, cur))
    return n, out


def _mk(pno: int, ws: list[dict]) -> _Line:
    ws = sorted(ws, key=lambda w: w["x0"])
    return _Line(pno, min(w["top"] for w in ws), [(_nfc(w["text"]), w["x0"]) for w in ws])


class Locator:
    """Finds rows in document order (forward only)."""

    def __init__(self, lines: list[_Line], doc_id: str):
        self.lines = lines
        self.pos = 0            # index of the first line still available
        self.doc_id = doc_id

    def find(self, text: str, number: Optional[str] = None, line_start: bool = False,
             what: str = "row") -> int:
        tokens = _nfc(text).split()[:6]
        if not tokens:
            raise LocateError(f"{self.doc_id}: {what} has no text to locate")
        need = min(3, len(tokens))
        for li in range(self.pos, len(self.lines)):
            line = self.lines[li]
            words = [w for w, _ in line.words]
            starts = range(len(words))
            if line_start:
                starts = [0, 1] if words and words[0] in ("-", "+", "•") else [0]
            for s in starts:
                if s >= len(words):
                    continue
                j = 0
                while j < len(tokens) and s + j < len(words) and words[s + j] == tokens[j]:
                    j += 1
                if j < need:
                    continue
                if line_start and s == 1 and words[0] not in ("-", "+", "•"):
                    continue
                if number:
                    x_text = line.words[s][1]
                    if not any(w == number and x < x_text for w, x in line.words[:s]):
                        continue
                self.pos = li + 1
                return line.page
        raise LocateError(f"{self.doc_id}: cannot locate {what} {number or ''} {' '.join(tokens)!r} "
                          f"in the rendered PDF (after line {self.pos})")

    def skip_to(self, text: str) -> None:
        """Advance past the first line (from the cursor) that starts with `text`'s words."""
        tokens = _nfc(text).split()
        for li in range(self.pos, len(self.lines)):
            words = [w for w, _ in self.lines[li].words]
            if words[:len(tokens)] == tokens:
                self.pos = li + 1
                return
        raise LocateError(f"{self.doc_id}: cannot locate {text!r} in the rendered PDF")


def _deadline(data: dict, raw: Optional[str]) -> dict:
    raw = raw or ""
    d = (data.get("deadlines") or {}).get(raw)
    if d is None:
        if raw:
            raise KeyError(f"deadline {raw!r} not listed")
        d = {"kind": "unspecified"}
    return {"raw": raw, "kind": d.get("kind", "unspecified"), "start": d.get("start"),
            "due": d.get("due"), "recurrence": d.get("recurrence")}


def _units(data: dict, raw: Optional[str]) -> list[str]:
    raw = raw or ""
    units = data.get("units") or {}
    if raw in units:
        return list(units[raw])
    if raw:
        raise KeyError(f"unit cell {raw!r} not listed")
    return []


def _num(v):
    if v is None:
        return None
    return float(v)


def _target(data: dict, raw: Any, uom: Optional[str]) -> Optional[dict]:
    if raw is None or raw == "":
        return None
    raw = str(raw)
    t = (data.get("targets") or {})[raw]
    unit = t.get("unit")
    if unit is None:
        unit = uom
    return {"raw": raw, "op": t.get("op"), "value": _num(t.get("value")), "unit": unit}


#: The page verdict (plan_extract/readers/text_layer.py) each corpus rendering gives every page.
PAGE_VERDICT = {"native": ("native", "text"), "ocr": ("scan", "ocr"), "legacy-tcvn3": ("legacy-tcvn3", "text"),
                "legacy-vni": ("legacy-vni", "text")}


def page_layers(n_pages: int, text_layer: str) -> list[dict]:
    """source.page_layers of a corpus rendering: one verdict for all its pages (none for a DOCX)."""
    if text_layer not in PAGE_VERDICT:
        return []
    verdict, read = PAGE_VERDICT[text_layer]
    # the legacy variants redraw page 1 only (variants.redraw_page); the rest stays Unicode
    legacy = text_layer.startswith("legacy-")
    return [{"page": n, "verdict": verdict if n == 1 or not legacy else "native", "read": read, "overlay": []}
            for n in range(1, n_pages + 1)]


def build(data: dict, pdf_path: Path, *, file_name: Optional[str] = None,
          text_layer: str = "native", pages_null: bool = False,
          sha_path: Optional[Path] = None) -> dict:
    """The gold plan dict for `data` rendered as `pdf_path`.

    file_name / sha_path: the shipped file the gold describes (defaults: the PDF itself);
    pages_null: leave source.page null (a DOCX has no pages)."""
    doc_id = data["id"]
    n_pages, lines = page_lines(pdf_path)
    loc = Locator(lines, doc_id)
    tasks: list[dict] = []
    indicators: list[dict] = []

    # ---- body tasks
    section = section_title = None
    unit_h = None
    for b in data.get("body") or []:
        k = b["kind"]
        if k in ("heading", "unit_heading"):
            if b.get("number"):
                section, section_title = b["number"], b["text"]
            unit_h = b if k == "unit_heading" else None
        if not b.get("task"):
            continue
        page = loc.find(b["text"], line_start=True, what="body task")
        tasks.append({
            "id": "", "origin": "body", "section": section, "section_title": section_title,
            "number": None, "text": b["text"],
            "lead": list(unit_h.get("lead") or []) if unit_h else None,
            "lead_raw": unit_h["text"] if unit_h else None,
            "coordinators": list(unit_h.get("coordinators") or []) if unit_h else None,
            "coordinators_raw": None,
            "deadline": _deadline(data, b.get("deadline")),
            "extra": {},
            "source": {"page": None if pages_null else page, "bbox": None, "table": None,
                       "confidence": None},
        })

    # ---- appendix tables
    t_index = 0
    for app in data.get("appendices") or []:
        loc.skip_to(app["label"])
        for table in app.get("tables") or []:
            cols = table["columns"]
            roles = [c["role"] for c in cols]
            has_num = "number" in roles
            # cells centred vertically (layout matrix): the number is not on the text's first line
            locate_num = has_num and (data.get("layout") or {}).get("valign") != "middle"
            if "lead_coordinators" in roles or "lead_stacked" in roles:   # one cell for both: the gold splits it
                roles = roles + ["lead", "coordinators"]
            section = section_title = None
            for row in table["rows"]:
                if "section" in row:
                    section, section_title = str(row["section"]), row["title"]
                    continue
                number = None if row.get("number") in (None, "") else str(row["number"])
                if table["kind"] == "tasks":
                    page = loc.find(row["text"], number if locate_num else None,
                                    what=f"task row (table {t_index})")
                    extra = {}
                    for c in cols:
                        if c["role"] == "extra":
                            key = extra_key(c)
                            extra[key] = str((row.get("extra") or {}).get(key, "") or "")
                    tasks.append({
                        "id": "", "origin": "appendix", "section": section,
                        "section_title": section_title, "number": number, "text": row["text"],
                        "lead": _units(data, row.get("lead")) if "lead" in roles else None,
                        "lead_raw": (row.get("lead") or "") if "lead" in roles else None,
                        "coordinators": _units(data, row.get("coordinators"))
                        if "coordinators" in roles else None,
                        "coordinators_raw": (row.get("coordinators") or "")
                        if "coordinators" in roles else None,
                        "deadline": _deadline(data, row.get("deadline"))
                        if "deadline" in roles else None,
                        "extra": extra,
                        "source": {"page": None if pages_null else page, "bbox": None,
                                   "table": t_index, "confidence": None},
                    })
                else:
                    page = loc.find(row["name"], number if locate_num else None,
                                    what=f"indicator row (table {t_index})")
                    uom = row.get("unit_of_measure") if "unit_of_measure" in roles else None
                    uom = uom or None
                    targets = {}
                    for c in cols:
                        if c["role"] == "target":
                            key = str(c["key"])
                            tg = row.get("targets") or {}
                            raw = tg.get(key, tg.get(c["key"]))
                            targets[key] = _target(data, raw, uom)
                    fm = row.get("footnote_marker")
                    indicators.append({
                        "id": "", "origin": "appendix", "number": number,
                        "parent": None if row.get("parent") in (None, "") else str(row["parent"]),
                        "name": row["name"], "unit_of_measure": uom, "targets": targets,
                        "lead": _units(data, row.get("lead")) if "lead" in roles else None,
                        "lead_raw": (row.get("lead") or "") if "lead" in roles else None,
                        "footnote": (table.get("footnotes") or {}).get(fm) if fm else None,
                        "source": {"page": None if pages_null else page, "bbox": None,
                                   "table": t_index, "confidence": None},
                    })
            t_index += 1

    # ---- body indicators (prose targets), after the table ones
    for bi in data.get("body_indicators") or []:
        year = bi.get("year")
        indicators.append({
            "id": "", "origin": "body", "number": None, "parent": None, "name": bi["name"],
            "unit_of_measure": None,
            "targets": {str(year) if year is not None else "": {
                "raw": bi["raw"], "op": bi.get("op"), "value": _num(bi.get("value")),
                "unit": bi.get("unit")}},
            "lead": None, "lead_raw": None, "footnote": None,
            "source": {"page": None, "bbox": None, "table": None, "confidence": None},
        })

    for i, t in enumerate(tasks, 1):
        t["id"] = f"t{i:03d}"
    for i, ind in enumerate(indicators, 1):
        ind["id"] = f"i{i:03d}"

    gd = dict(data.get("gold_document") or {})
    document = {f: gd.get(f) for f in DocumentMeta.__dataclass_fields__}
    document["references"] = [
        {"number": r["number"], "date": r.get("date"), "issuer": r.get("issuer"),
         "doc_type": r.get("doc_type")} for r in gd.get("references") or []]

    shipped = sha_path or pdf_path
    plan = {
        "schema_version": "1.0",
        "source": {"file": file_name or pdf_path.name, "sha256": sha256(shipped),
                   "pages": n_pages, "text_layer": text_layer,
                   "page_layers": page_layers(n_pages, text_layer)},
        "document": document,
        "tasks": tasks,
        "indicators": indicators,
        "issues": [],
    }
    # round-trip through the model: the gold has exactly the plan.json shape
    return Plan.from_dict(plan).to_dict()


def to_json(plan: dict) -> str:
    return Plan.from_dict(plan).to_json()


def count_rows(data: dict) -> tuple[int, int]:
    """(tasks, indicators) a gold file must hold for this data file."""
    nt = sum(1 for b in data.get("body") or [] if b.get("task"))
    ni = len(data.get("body_indicators") or [])
    for app in data.get("appendices") or []:
        for t in app.get("tables") or []:
            n = sum(1 for r in t.get("rows") or [] if "section" not in r)
            if t.get("kind") == "tasks":
                nt += n
            else:
                ni += n
    return nt, ni
