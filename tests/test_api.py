"""The Python API: extract() takes a path, bytes or a binary stream and gives the same plan."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from plan_extract import InputError, extract, extract_result

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "pdf"
BAD = ROOT / "tests" / "corpus" / "bad"
SETTINGS = {"ocr": False}


@pytest.mark.parametrize("name", ["mini_example.pdf", "seed000_sct_hatinh.docx"])
def test_path_bytes_and_stream_give_the_same_plan(name):
    path = CORPUS / name
    want = extract(path, SETTINGS).to_json()
    data = path.read_bytes()
    assert extract(data, SETTINGS, name=name).to_json() == want
    assert extract(bytearray(data), SETTINGS, name=name).to_json() == want
    with open(path, "rb") as f:                       # an open file: its own name is used
        assert extract(f, SETTINGS).to_json() == want
    assert extract(io.BytesIO(data), SETTINGS, name=name).to_json() == want


def test_bytes_without_a_name_are_told_by_their_content():
    plan = extract((CORPUS / "seed000_sct_hatinh.docx").read_bytes(), SETTINGS)
    assert plan.source.file == "document.docx" and plan.source.text_layer == "docx"
    assert plan.tasks
    plan = extract((CORPUS / "mini_example.pdf").read_bytes(), SETTINGS)
    assert plan.source.file == "document.pdf" and plan.tasks


def test_bad_bytes_raise_the_same_input_error_as_the_file():
    data = (BAD / "truncated.pdf").read_bytes()
    with pytest.raises(InputError) as from_path:
        extract(BAD / "truncated.pdf", SETTINGS)
    with pytest.raises(InputError) as from_bytes:
        extract(data, SETTINGS, name="truncated.pdf")
    assert (from_bytes.value.code, from_bytes.value.message) == \
        (from_path.value.code, from_path.value.message)
    result = extract_result(io.BytesIO(data), SETTINGS, name="truncated.pdf")
    assert result.plan is None and result.error.code == from_path.value.code


def test_a_text_stream_or_other_object_is_refused():
    with pytest.raises(TypeError):
        extract(io.StringIO("%PDF"), SETTINGS)
    with pytest.raises(TypeError):
        extract(12345, SETTINGS)
