"""Test adapter: a seed text file (pdftotext output) -> structures.Line objects.

One Line per non-empty text line; pages from form feeds; no real geometry: x0 = 0 and
x1 grows with the text length (so a short line looks short, as a heading or a paragraph's last
line does in a real PDF), top grows by 14 per line. The real Lines come from plan_extract/readers/pdf.py.
"""
from __future__ import annotations

from pathlib import Path

from plan_extract.model.parts import Line
from plan_extract.text import nfc, squash_spaces

# The project's shared material sits beside the checkout (../shared); tests that need it skip
# with a reason when it is absent (a clone elsewhere), never read any other machine path.
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEEDS = SHARED / "seeds"


def seed_path(prefix: str) -> Path:
    import pytest
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed text {prefix}_*.txt not found in {SEEDS} (../shared is not beside this checkout)")
    return found[0]


def text_to_lines(text: str) -> list[Line]:
    out: list[Line] = []
    page = 1
    top = 0.0
    for raw in text.split("\n"):
        if "\f" in raw:
            page += raw.count("\f")
            top = 0.0
            raw = raw.replace("\f", "")
        t = squash_spaces(nfc(raw))
        if not t:
            continue
        top += 14.0
        out.append(Line(text=t, page=page, x0=0.0, top=top, x1=6.0 * len(t), bottom=top + 12.0))
    return out


def seed_lines(prefix: str) -> list[Line]:
    return text_to_lines(seed_path(prefix).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- corpus PDFs vs gold
import json
from functools import lru_cache

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus_ids() -> list[str]:
    """Corpus documents with a native text layer (PDF + gold): scans test OCR, not the
    readers of lines and grids, and take a minute each."""
    out = []
    for g in sorted((CORPUS / "gold").glob("*.json")):
        stem = g.stem
        if "__scan" in stem or stem.endswith(".docx"):
            continue
        if (CORPUS / "pdf" / f"{stem}.pdf").exists():
            out.append(stem)
    return out


def gold(stem: str) -> dict:
    return json.loads((CORPUS / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def extracted(stem: str) -> dict:
    """The pipeline's plan for one corpus PDF (extracted once per test session)."""
    from plan_extract import extract
    return extract(CORPUS / "pdf" / f"{stem}.pdf").to_dict()
