"""The gold files for the real documents are well-formed (tests/real/README.md)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata

import pytest

from tests.real.gold import GOLD_DIR, REAL_DIR, gold_stems, load_gold, real_available

STEMS = gold_stems()
KINDS = {"day", "month", "quarter", "half", "year", "range", "continuous", "recurring", "event", "unspecified"}
RECURRENCES = {None, "yearly", "half-yearly", "quarterly", "monthly", "weekly"}
TABLE_KINDS = {"tasks", "indicators", "schedule", "statistics", "list", "form", "layout"}
TOP_KEYS = {"file", "sha256", "what", "notes", "document", "tasks", "indicators", "tables", "not_tasks"}
DOC_KEYS = {"doc_type", "number", "issue_date", "issuer", "title", "signer", "signer_title"}
TASK_KEYS = {"origin", "section", "section_title", "number", "text", "lead_raw", "coordinators_raw",
             "deadline_raw", "lead", "coordinators", "deadline", "extra"}
YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _date(s):
    return None if s is None else dt.date.fromisoformat(s)


def test_eleven_gold_files():
    assert len(STEMS) == 11, STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_file_is_utf8_nfc_two_space_json(stem):
    raw = (GOLD_DIR / f"{stem}.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw == json.dumps(data, ensure_ascii=False, indent=2) + "\n", "not 2-space, ensure_ascii=False"
    for s in _strings(data):
        assert unicodedata.is_normalized("NFC", s), s[:80]


@pytest.mark.parametrize("stem", STEMS)
def test_required_keys(stem):
    g = load_gold(stem)
    assert TOP_KEYS <= g.keys(), TOP_KEYS - g.keys()
    assert g["file"].rsplit(".", 1)[0] == stem
    assert re.fullmatch(r"[0-9a-f]{64}", g["sha256"])
    assert DOC_KEYS <= g["document"].keys(), DOC_KEYS - g["document"].keys()
    assert isinstance(g["not_tasks"], list) and g["not_tasks"], "every document lists sample non-tasks"
    for t in g["tasks"]:
        assert TASK_KEYS <= t.keys(), (TASK_KEYS - t.keys(), t.get("text", "")[:60])
        assert t["origin"] in ("appendix", "body")
        assert t["text"] and t["text"] == " ".join(t["text"].split())
        assert isinstance(t["lead"], list) and isinstance(t["coordinators"], list)
        assert all(u and u == u.strip() for u in t["lead"] + t["coordinators"])
        if g["file"].endswith(".pdf"):
            assert isinstance(t.get("page"), int) and t["page"] >= 1
        else:
            assert "page" not in t
    for tb in g["tables"]:
        assert {"page", "header", "rows", "is"} <= tb.keys()
        assert tb["is"] in TABLE_KINDS
        assert tb["rows"] is None or (isinstance(tb["rows"], int) and tb["rows"] >= 0)
    for ind in g["indicators"]:
        assert {"number", "name", "unit_of_measure", "targets"} <= ind.keys()


@pytest.mark.parametrize("stem", STEMS)
def test_deadlines(stem):
    g = load_gold(stem)
    for t in g["tasks"]:
        d, raw = t["deadline"], t["deadline_raw"]
        where = f"{t['section']} {t['number']}: {raw!r}"
        assert d["kind"] in KINDS, where
        assert d["recurrence"] in RECURRENCES, where
        assert (d["recurrence"] is not None) == (d["kind"] == "recurring"), where
        start, due = _date(d["start"]), _date(d["due"])
        if start and due:
            assert due >= start, where
        if raw is None:
            assert d["kind"] == "unspecified", where
        if d["kind"] in ("unspecified", "event"):
            assert start is None and due is None, where
        if d["kind"] == "day":
            assert due is not None and start is None, where
        if d["kind"] in ("month", "quarter", "half", "year"):
            assert start is not None and due is not None, where
        for m in d.get("milestones", []):
            assert _date(m["due"]) and m["text"], where
            assert due is None or _date(m["due"]) <= due, where
        # no date without a year source: the cell, the plan's own year (said in a note), or a header
        if start or due:
            year_sources = " ".join(filter(None, [raw, d.get("note"), g["notes"]]))
            years = {int(y.group(0)) for y in YEAR.finditer(year_sources)}
            for x in (start, due):
                if x:
                    assert x.year in years, f"no year source for {x}: {where}"


@pytest.mark.parametrize("stem", STEMS)
def test_sha256_matches_the_document(stem):
    if not real_available():
        pytest.skip(f"real documents not present at {REAL_DIR} (set PLAN_EXTRACT_REAL_DIR)")
    g = load_gold(stem)
    path = REAL_DIR / g["file"]
    assert path.is_file(), path
    assert hashlib.sha256(path.read_bytes()).hexdigest() == g["sha256"]


def test_every_real_document_has_gold():
    if not real_available():
        pytest.skip(f"real documents not present at {REAL_DIR}")
    docs = {p.stem for p in REAL_DIR.iterdir() if p.suffix.lower() in (".pdf", ".docx", ".doc")}
    assert docs == set(STEMS), docs ^ set(STEMS)
