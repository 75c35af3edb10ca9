"""The evaluation corpus is consistent: data files validate, every data file has its gold,
gold files load into model.Plan and hold the data's rows, bad inputs exist. No rendering here
(run `python -m tests.corpus.generate` to regenerate; `--check` to verify determinism)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from plan_extract.model.document import Plan  # noqa: E402
from tests.corpus import gold, spec  # noqa: E402

CORPUS = REPO / "tests" / "corpus"
DATA_FILES = spec.data_files()
IDS = [p.stem for p in DATA_FILES]


def test_there_are_data_files():
    assert DATA_FILES, "no data files in tests/corpus/data"
    assert (CORPUS / "data" / "mini_example.yaml").exists()


@pytest.mark.parametrize("path", DATA_FILES, ids=IDS)
def test_data_file_validates(path):
    errors = spec.validate(spec.load(path), path.name, path.stem)
    assert not errors, "\n".join(errors)


def test_unknown_key_is_an_error():
    d = spec.load(CORPUS / "data" / "mini_example.yaml")
    d["colour"] = "red"
    d["appendices"][0]["tables"][0]["rows"][1]["leed"] = "x"
    errors = spec.validate(d, "mini_example.yaml", "mini_example")
    assert any("mini_example.yaml" in e and "'colour'" in e for e in errors)
    assert any("'leed'" in e and "rows[1]" in e for e in errors)


def _golds_for(data: dict) -> list[tuple[str, str]]:
    """(gold file name, expected text_layer) for a document and its variants."""
    did = data["id"]
    out = [(f"{did}.json", "native")]
    for v in data.get("variants") or []:
        out.append({"scan": (f"{did}__scan.json", "ocr"), "docx": (f"{did}.docx.json", "docx"),
                    "tcvn3": (f"{did}__tcvn3.json", "legacy-tcvn3"),
                    "vni": (f"{did}__vni.json", "legacy-vni")}[v])
    return out


@pytest.mark.parametrize("path", DATA_FILES, ids=IDS)
def test_gold_exists_and_matches_data(path):
    data = spec.load(path)
    n_tasks, n_ind = gold.count_rows(data)
    for name, layer in _golds_for(data):
        g = CORPUS / "gold" / name
        assert g.exists(), f"missing gold {g.relative_to(REPO)}: run python -m tests.corpus.generate"
        text = g.read_text(encoding="utf-8")
        d = json.loads(text)
        plan = Plan.from_dict(d)
        assert plan.to_json() == text, f"{name} is not in canonical plan.json form"
        assert plan.source.text_layer == layer
        shipped = CORPUS / "pdf" / plan.source.file
        assert shipped.exists(), f"{name} describes a missing file {plan.source.file}"
        assert len(plan.tasks) == n_tasks, f"{name}: {len(plan.tasks)} tasks, data has {n_tasks}"
        assert len(plan.indicators) == n_ind
        for t in plan.tasks:
            assert t.origin in ("appendix", "body")
            if t.origin == "appendix":
                assert t.source.table is not None
                if layer != "docx":
                    assert 1 <= t.source.page <= plan.source.pages
        if data.get("sample"):
            assert (REPO / "raw" / f"{data['id']}.pdf").exists()


def test_no_orphan_gold():
    ids = set(IDS)
    for g in (CORPUS / "gold").glob("*.json"):
        stem = g.name[:-5].split("__")[0].removesuffix(".docx")
        assert stem in ids, f"gold {g.name} has no data file"


@pytest.mark.parametrize("name", ["empty.pdf", "truncated.pdf", "encrypted.pdf",
                                  "image_renamed.pdf", "garbage_after_header.pdf", "README.md"])
def test_bad_inputs_exist(name):
    p = CORPUS / "bad" / name
    assert p.exists(), f"missing {p.relative_to(REPO)}"
    if name == "empty.pdf":
        assert p.stat().st_size == 0
    elif name == "image_renamed.pdf":
        assert p.read_bytes()[:4] == b"\x89PNG"
    elif name == "garbage_after_header.pdf":
        assert p.read_bytes().startswith(b"%PDF-1.7\n")
    elif name == "encrypted.pdf":
        assert b"/Encrypt" in p.read_bytes()


def test_tcvn3_table_round_trips():
    from tests.corpus import tcvn3
    assert len(tcvn3.UNICODE_TO_TCVN3) == 74
    s = "Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập - Tự do - Hạnh phúc"
    assert tcvn3.decode(tcvn3.encode(s.lower())) == s.lower()
    assert tcvn3.encode("Phát triển") == "Ph\xb8t tri\xd3n"
