"""The fifth set of late check documents (tests/checkdocs/make_late5.py) is what its generator
draws: regenerated into a temporary folder, every PDF and gold file is byte for byte the committed
one, and every gold row is a full row (text, lead, a deadline normalised by hand, a page). Not
whether the extractor reads them right: `python benchmarks/silent_errors.py --sets checkdocs
--prefix cd_late5_` measures that."""
from __future__ import annotations

import json
from pathlib import Path

from tests.checkdocs import make_late5

HERE = Path(__file__).resolve().parent / "checkdocs"


def test_late5_documents_regenerate_byte_for_byte(tmp_path):
    golds = make_late5.make(tmp_path)
    assert len(golds) >= 8
    for g in golds:
        name = g.name[:-len(".gold.json")]
        assert (HERE / g.name).read_bytes() == g.read_bytes(), f"{g.name}: regenerate (python -m tests.checkdocs.make_late5)"
        assert (HERE / f"{name}.pdf").read_bytes() == (tmp_path / f"{name}.pdf").read_bytes(), name
    assert sorted(p.name for p in HERE.glob("cd_late5_*.gold.json")) == sorted(g.name for g in golds)


def test_late5_gold_rows_are_complete():
    for g in sorted(HERE.glob("cd_late5_*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        assert gold["source"]["file"] == g.name.replace(".gold.json", ".pdf")
        assert gold["tasks"], g.name
        for t in gold["tasks"]:
            assert t["text"] and t["lead_raw"] and t["source"]["page"] >= 1, (g.name, t)
            d = t["deadline"]
            assert (d["kind"], d["start"], d["due"]) == make_late5.NORMALISED[d["raw"]]
