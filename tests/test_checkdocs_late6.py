"""The sixth set of late check documents (tests/checkdocs/make_late6.py) is what its generator
draws: regenerated into a temporary folder, every PDF and gold file is byte for byte the committed
one, and every gold row is a full row (text, lead, a deadline normalised by hand, a page). Not
whether the extractor reads them right: `python benchmarks/silent_errors.py --sets checkdocs
--prefix cd_late6_` measures that."""
from __future__ import annotations

import json
from pathlib import Path

import pypdf

from tests.checkdocs import make_late6

HERE = Path(__file__).resolve().parent / "checkdocs"


def test_late6_documents_regenerate_byte_for_byte(tmp_path):
    golds = make_late6.make(tmp_path)
    assert len(golds) >= 10
    for g in golds:
        name = g.name[:-len(".gold.json")]
        assert (HERE / g.name).read_bytes() == g.read_bytes(), f"{g.name}: regenerate (python -m tests.checkdocs.make_late6)"
        assert (HERE / f"{name}.pdf").read_bytes() == (tmp_path / f"{name}.pdf").read_bytes(), name
    assert sorted(p.name for p in HERE.glob("cd_late6_*.gold.json")) == sorted(g.name for g in golds)


def test_late6_gold_rows_are_complete():
    for g in sorted(HERE.glob("cd_late6_*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        assert gold["source"]["file"] == g.name.replace(".gold.json", ".pdf")
        assert gold["tasks"], g.name
        for t in gold["tasks"]:
            assert t["text"] and t["lead_raw"] and t["number"] and t["source"]["page"] >= 1, (g.name, t)
            d = t["deadline"]
            assert (d["kind"], d["start"], d["due"]) == make_late6.NORMALISED[d["raw"]]


def test_late6_faults_are_in_the_files():
    """The faults the documents are named for are in the PDFs: an image page without text, a
    portrait MediaBox turned by /Rotate 90, an invisible text layer over an image."""
    scan = pypdf.PdfReader(HERE / "cd_late6_scan_page.pdf")
    assert len(scan.pages) == 3
    assert not scan.pages[1].extract_text().strip() and scan.pages[0].extract_text().strip()
    rot = pypdf.PdfReader(HERE / "cd_late6_rotated.pdf").pages[0]
    assert rot.get("/Rotate") == 90 and float(rot.mediabox.width) < float(rot.mediabox.height)
    ocr = pypdf.PdfReader(HERE / "cd_late6_ocr_layer.pdf").pages[0]
    assert b"3 Tr" in ocr.get_contents().get_data() and "/XObject" in ocr["/Resources"]
