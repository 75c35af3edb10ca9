"""The faster text helpers (issue 14) give what they gave before, on the pipeline's own inputs.

Each helper's calls are recorded while real documents are extracted (corpus PDFs with both
readers, layout-matrix PDFs from three producers), and every recorded call is replayed through
the helper as it was (tests/text_reference.py, kept verbatim): the same values, and for the
helpers that return glyphs, the same glyph objects in the same order. Edge cases no corpus line
holds (glyphs without a text, font or size, NaN boxes, lines of spaces) are checked beside them.
"""
from __future__ import annotations

import functools
import math
from pathlib import Path

import pytest

from plan_extract import run
from plan_extract import text as tx
from tests import text_reference as ref

CORPUS = Path(__file__).resolve().parent / "corpus" / "pdf"
DOCS = [(CORPUS / "seed000_sct_hatinh.pdf", "pdfium"), (CORPUS / "seed000_sct_hatinh.pdf", "pdfplumber"),
        (CORPUS / "held_ubndtinh_spans.pdf", "pdfium"), (CORPUS / "auth_sotttt_7col.pdf", "pdfium"),
        (CORPUS / "seed000_sct_hatinh__tcvn3.pdf", "pdfium"), (CORPUS / "auth_dangy_ctr_party__vni.pdf", "pdfium"),
        (CORPUS / "matrix" / "mx_big_middle_chrome.pdf", "pdfium"),
        (CORPUS / "matrix" / "mx_big_middle_docx.pdf", "pdfium"),
        (CORPUS / "matrix" / "mx_arabic_sub_rl.pdf", "pdfium"),
        (CORPUS / "matrix" / "mx_stacked_lead_docx.pdf", "pdfium")]                 # bold leads over regular
HELPERS = ("chars_to_line_groups", "chars_to_text", "line_end", "line_start", "broken_mid_token", "chars_bold", "chars_italic")


@pytest.fixture(scope="module")
def calls():
    """Per helper, the arguments of every call the pipeline made on DOCS (glyph lists copied as
    they were passed, so later changes to them do not show)."""
    seen: dict[str, list] = {name: [] for name in HELPERS}
    real = {name: getattr(tx, name) for name in HELPERS}

    def recorder(name):
        @functools.wraps(real[name])
        def call(*args):
            seen[name].append(tuple([dict(c) for c in a] if isinstance(a, (list, tuple)) else a for a in args))
            return real[name](*args)
        return call

    mp = pytest.MonkeyPatch()
    try:
        for name in HELPERS:
            mp.setattr(tx, name, recorder(name))
        for path, reader in DOCS:
            run.extract(path, {"ocr": False, "reader": reader})
    finally:
        mp.undo()
    return seen


def _same_glyphs(a, b) -> bool:
    return len(a) == len(b) and all(len(x) == len(y) and all(map(lambda p, q: p is q, x, y)) for x, y in zip(a, b))


def test_line_groups_are_the_same_glyphs_in_the_same_order(calls):
    assert len(calls["chars_to_line_groups"]) > 500
    for args in calls["chars_to_line_groups"]:
        assert _same_glyphs(tx.chars_to_line_groups(*args), ref.chars_to_line_groups(*args))


def test_line_texts_are_the_same(calls):
    assert len(calls["chars_to_text"]) > 2000
    for args in calls["chars_to_text"]:
        assert tx.chars_to_text(*args) == ref.chars_to_text(*args)
        for gap in (0.0, 0.5, -0.1, math.nan):
            assert tx.chars_to_text(args[0], gap) == ref.chars_to_text(args[0], gap)


def test_line_ends_and_starts_are_the_same(calls):
    assert len(calls["line_end"]) > 500 and len(calls["line_start"]) > 500
    assert any(ref.line_end(*a) is None for a in calls["line_end"])
    for args in calls["line_end"]:
        assert tx.line_end(*args) == ref.line_end(*args)
    for args in calls["line_start"]:
        assert tx.line_start(*args) == ref.line_start(*args)


def test_broken_mid_token_is_the_same(calls):
    verdicts = [ref.broken_mid_token(*a) for a in calls["broken_mid_token"]]
    assert len(verdicts) > 200 and any(verdicts)
    assert [tx.broken_mid_token(*a) for a in calls["broken_mid_token"]] == verdicts


def test_bold_and_italic_are_the_same(calls):
    lines = calls["chars_bold"] + calls["chars_italic"]
    assert len(lines) > 500 and any(ref.chars_bold(*a) for a in lines)
    assert any(len({c.get("fontname") for c in a[0]}) > 1 for a in lines)      # the mixed-font path too
    for args in lines:
        assert tx.chars_bold(*args) == ref.chars_bold(*args)
        assert tx.chars_italic(*args) == ref.chars_italic(*args)


def _glyph(text, x0, size=10.0, top=0.0, font="Times-Roman", width=5.0):
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + (size or 1.0), "size": size,
            "fontname": font}


def _edge_lines():
    nan = math.nan
    word = [_glyph(ch, 10.0 + 5 * i) for i, ch in enumerate("ABC")]
    yield []
    yield [_glyph(" ", 0.0), _glyph(" ", 5.0)]                                  # spaces only
    yield word
    yield [_glyph(" ", 5.0)] + word + [_glyph(" ", 26.0)]                       # leading, trailing space
    yield word + [_glyph("D", 40.0, size=0)] + [_glyph("E", 45.2, size=None)]   # sizes 0 and None
    yield word + [_glyph("D", 25.5, size=1.0), _glyph("E", 30.6, size=0.5)]     # gaps near the threshold
    yield word + [_glyph("D", nan), _glyph("E", 40.0, top=nan)]                 # NaN boxes
    yield [dict(_glyph("x", 0.0), fontname=None)] + word                        # a font name None
    yield [{k: v for k, v in _glyph("x", 0.0).items() if k != "fontname"}] + word   # no font name
    yield word + [_glyph("B", 30.0, font="Times-Bold"), _glyph("C", 35.0, font="Times-Bold")]
    yield word + [_glyph("\u0301", 25.3)]                                      # a combining mark
    yield [_glyph("A", 0.0, top=0.0), _glyph("B", 5.0, top=0.2, size=9.0), _glyph("C", 10.0, top=0.0),
           _glyph("a", 0.0, top=12.0), _glyph("b", 5.0, top=12.0), _glyph("c", 10.0, top=24.0, size=30.0),
           _glyph("d", 15.0, top=4.0, size=1.0), _glyph("e", 20.0, top=30.0), _glyph("f", 25.0, top=6.0)]


def test_edge_cases_are_the_same():
    lines = list(_edge_lines())
    for line in lines:
        with_text = [c for c in line if "text" in c]
        assert _same_glyphs(tx.chars_to_line_groups(line), ref.chars_to_line_groups(line))
        assert _same_glyphs(tx.chars_to_line_groups(line, 0.1), ref.chars_to_line_groups(line, 0.1))
        assert tx.chars_bold(line) == ref.chars_bold(line)
        for gap in (tx.DEFAULT_SPACE_GAP, 0.0, 2.0, -0.5, math.nan):
            assert tx.chars_to_text(line, gap) == ref.chars_to_text(line, gap)
        assert tx.chars_italic(line) == ref.chars_italic(line)
        for a, b in ((line, w) for w in lines):
            for left, right in ((0.0, 10.0), (10.0, 26.0), (5.0, 5.0), (0.0, 100.0)):
                assert tx.broken_mid_token(a, b, left, right) == ref.broken_mid_token(a, b, left, right)
        if any(not c["text"].isspace() for c in with_text):
            assert repr(tx.line_end(line)) == repr(ref.line_end(line))        # NaN widths too
            assert repr(tx.line_start(line)) == repr(ref.line_start(line))
    missing = [{"x0": 0.0, "x1": 1.0, "top": 0.0, "bottom": 1.0}, _glyph("a", 2.0), dict(_glyph("b", 9.0), text="")]
    assert _same_glyphs(tx.chars_to_line_groups(missing), ref.chars_to_line_groups(missing))
