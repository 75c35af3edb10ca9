"""The layout matrix PDFs (tests/corpus/matrix.json) as the table tests read them: a document's
entry by id, its pages through a reader, its extraction next to its gold, and the cells a task or
an indicator is compared by."""
from __future__ import annotations

import json
from pathlib import Path

from plan_extract import extract
from plan_extract.readers import pdf as read

CORPUS = Path(__file__).parent / "corpus"
INDEX = {e["id"]: e for e in json.loads((CORPUS / "matrix.json").read_text(encoding="utf-8"))["documents"]}


def task_cells(t: dict) -> tuple:
    """A task as the gold states it: number, text, lead, coordinators, raw deadline, section."""
    return (t["number"], t["text"], t["lead_raw"], t["coordinators_raw"], (t["deadline"] or {}).get("raw"),
            t["section"], t["section_title"])


def indicator_cells(i: dict) -> tuple:
    """An indicator as the gold states it: number, name, unit, lead, raw target per year."""
    return (i["number"], i["name"], i["unit_of_measure"], i["lead_raw"],
            sorted((y, (x or {}).get("raw")) for y, x in (i.get("targets") or {}).items()))


def open_pages(doc: str, reader: str = "pdfium"):
    """The matrix document `doc` opened by `reader` (no OCR)."""
    return read.open_document(CORPUS / INDEX[doc]["pdf"], ocr=False, reader=reader)


def extracted_and_gold(doc: str) -> tuple[dict, dict]:
    """The matrix document `doc` extracted (plan.json's dict) and its gold."""
    e = INDEX[doc]
    gold = json.loads((CORPUS / e["gold"]).read_text(encoding="utf-8"))
    return extract(CORPUS / e["pdf"]).to_dict(), gold
