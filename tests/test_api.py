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


# ---------------------------------------------------------------- the caller's garbage collector

@pytest.fixture
def caller_gc():
    """A caller's own collector settings (not the defaults), restored after the test."""
    import gc
    before = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(555, 7, 3)
    yield (555, 7, 3)
    gc.set_threshold(*before[0])
    (gc.enable if before[1] else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_extract_relaxes_the_collector_and_restores_the_callers_settings(caller_gc, enabled):
    import gc
    from plan_extract.run import GC_YOUNG_THRESHOLD
    (gc.enable if enabled else gc.disable)()
    during = []
    plan = extract(CORPUS / "mini_example.pdf",
                   {**SETTINGS, "progress": lambda done, total: during.append(gc.get_threshold())})
    assert plan.tasks and during
    assert set(during) == {(GC_YOUNG_THRESHOLD, 7, 3)}          # raised while the pages are read
    assert gc.get_threshold() == caller_gc and gc.isenabled() is enabled
    extract((CORPUS / "mini_example.pdf").read_bytes(), SETTINGS)   # the bytes path too
    assert gc.get_threshold() == caller_gc and gc.isenabled() is enabled


def test_the_callers_collector_is_restored_when_extraction_fails(caller_gc):
    import gc
    with pytest.raises(InputError):
        extract(BAD / "truncated.pdf", SETTINGS)
    assert gc.get_threshold() == caller_gc
    assert extract_result(BAD / "truncated.pdf", SETTINGS).status == "failure"
    assert gc.get_threshold() == caller_gc


def test_nested_and_concurrent_extractions_restore_once_at_the_end(caller_gc):
    import gc
    import threading
    from plan_extract.run import GC_YOUNG_THRESHOLD, gc_relaxed
    inside = threading.Event()
    release = threading.Event()

    def other():
        with gc_relaxed():
            inside.set()
            release.wait(10)

    t = threading.Thread(target=other)
    with gc_relaxed():
        with gc_relaxed():
            assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 7, 3)
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 7, 3)     # the outer block still runs
        t.start()
        assert inside.wait(10)
    assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, 7, 3)         # the thread's block still runs
    release.set()
    t.join(10)
    assert gc.get_threshold() == caller_gc


def test_a_threshold_the_caller_set_meanwhile_or_automatic_collection_off_is_kept(caller_gc):
    import gc
    from plan_extract.run import gc_relaxed
    with gc_relaxed():
        gc.set_threshold(900, 5, 5)                # the caller's own change during the block
    assert gc.get_threshold() == (900, 5, 5)
    gc.set_threshold(0, 7, 3)                      # automatic collection off: not switched on
    with gc_relaxed():
        assert gc.get_threshold() == (0, 7, 3)
    assert gc.get_threshold() == (0, 7, 3)
