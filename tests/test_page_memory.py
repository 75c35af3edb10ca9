"""What a long PDF holds while it is read (issue 14: memory does not grow with the page count).

Between reading and the table stage a PDFium page keeps its glyphs and edges packed (PackedChars,
PackedEdges), each made the same dicts again when a stage reads them; the table stage holds a
page's dicts and rules only while it is on that page or the two after it (stream_pages), and once
the tables and the lines outside them are read the pages go. Checked on a document built from
the layout matrix's PDFs, whatever its length, by counting what is held, not by timing.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from plan_extract import run
from plan_extract.readers import pdf as read
from plan_extract.tables import find as tables

MATRIX = Path(__file__).resolve().parent / "corpus" / "pdf" / "matrix"


def _joined(dst: Path, pages: int) -> Path:
    """A plan of `pages` pages: the matrix PDFs' pages in file-name order."""
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    for src in sorted(MATRIX.glob("*.pdf")):
        for page in PdfReader(src).pages[:pages - len(writer.pages)]:
            writer.add_page(page)
        if len(writer.pages) >= pages:
            break
    with open(dst, "wb") as f:
        writer.write(f)
    return dst


@pytest.mark.parametrize("name", ["mx_shaded_zebra_chrome", "mx_landscape_docx", "mx_dotted_inner_rl",
                                  "mx_budget_land_chrome"])
def test_released_edges_unpack_to_the_same_dicts(name):
    """A released page's edges come back as the dicts read_edges made: values, keys and their
    order, `shade` on the sides of shading (rotated pages included)."""
    from plan_extract.readers.pdfium import PackedEdges, PdfiumDocument
    doc = PdfiumDocument((MATRIX / f"{name}.pdf").read_bytes())
    try:
        for page in doc.pages:
            edges = page.edges
            assert edges
            page.release()
            assert page._edges is None and isinstance(page._packed_edges, PackedEdges)
            assert len(page._packed_edges) == len(edges)
            again = page.edges
            assert again == edges
            assert [list(e) for e in again] == [list(e) for e in edges]
            assert page.edges is again              # made once until released again
    finally:
        doc.close()
    assert any(e.get("shade") for e in edges) or name != "mx_shaded_zebra_chrome"


def test_packed_glyph_styles_keep_each_size_as_it_was():
    """Font name and size are kept once per distinct pair of a page: a zero size keeps its sign,
    an int stays an int, NaN stays NaN, next to the same values as floats."""
    sizes = [12.0, 12.0, 12, 0.0, -0.0, float("nan"), 10.5, 12.0, -0.0]
    fonts = ["A", "A", "A", "A", "A", "A", "B-Bold", "B-Bold", "A"]
    chars = [{"text": "ộ", "fontname": f, "size": s, "x0": 10.0 * k, "x1": 10.0 * k + 5.5,
              "top": 100.0, "bottom": 112.0, "width": 5.5} for k, (f, s) in enumerate(zip(fonts, sizes))]
    packed = read.PackedChars.pack(chars)
    back = packed.unpack()
    assert len(back) == len(chars)
    for a, b in zip(back, chars):
        assert list(a) == list(b) and a["fontname"] == b["fontname"]
        assert type(a["size"]) is type(b["size"])
        if math.isnan(b["size"]):
            assert math.isnan(a["size"])
        else:
            assert a["size"] == b["size"] and math.copysign(1, a["size"]) == math.copysign(1, b["size"])
        assert [a[k] for k in ("x0", "x1", "top", "bottom", "width")] == \
            [b[k] for k in ("x0", "x1", "top", "bottom", "width")]
    # the float sizes are shared by style: twelve points in font A is one entry
    assert len(packed.styles) < len(chars)


@pytest.mark.parametrize("pages", [6, 18])
def test_a_long_plan_holds_each_page_s_dicts_only_while_a_stage_reads_it(tmp_path, monkeypatch, pages):
    """After opening, every page keeps its edges packed and no edge dict; the table stage holds
    the edge dicts and rules of three pages at most at any time (the page it is on and two
    behind, however long the plan); the pages go once the lines are read."""
    monkeypatch.setattr(read, "KEEP_GLYPH_DICTS", 0)
    monkeypatch.setattr(read, "KEEP_EDGE_DICTS", 0)
    path = _joined(tmp_path / "plan.pdf", pages)
    source = read.open_document(path, ocr=False, reader="pdfium")
    try:
        assert len(source.pages) == pages
        assert all(p._raw._edges is None and p._raw._packed_edges is not None for p in source.pages)
        assert all(p._chars is None for p in source.pages)
        held = []

        def watched(stream):
            for page in stream:
                held.append((sum(p._raw._edges is not None for p in source.pages),
                             sum(p._chars is not None for p in source.pages),
                             sum(p in tables._RULES for p in source.pages)))
                yield page

        raw = tables.pages_to_raw_tables(watched(read.stream_pages(source.pages)))
        assert raw and len(held) == pages
        # (the page just yielded has not been read yet: its dicts are made while it is on it)
        assert max(h[0] for h in held) <= 3 and max(h[1] for h in held) <= 3 and max(h[2] for h in held) <= 3
        assert all(p._raw._edges is None and p._chars is None for p in source.pages)
        assert read.lines_outside_tables(source.pages, raw)
        assert all(p._raw._edges is None and p._chars is None for p in source.pages)
    finally:
        source.close()

    opened = run._read(path, run.Settings(ocr=False))
    try:
        assert opened.pages == pages and opened.raw_tables and opened.lines
        assert opened.source.pages == [] and opened.source._pdf is None      # released, closed
    finally:
        opened.source.close()
