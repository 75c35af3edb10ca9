"""Fuzzing: mutated corpus PDFs through the real entry point (no hang, no unhandled exception),
and arbitrary cell text through the exports (exact round trip, same bytes)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from plan_extract.batch.runner import process_file
from plan_extract.output.files import guard_formula, plan_workbook, render_outputs
from plan_extract.model.document import Deadline, Plan
from plan_extract.run import Settings
from tests.plans import sample_plan

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "pdf"
SEEDS = ["mini_example.pdf", "seed000_sct_hatinh.pdf"]


@st.composite
def mutated_pdf(draw) -> bytes:
    data = bytearray((CORPUS / draw(st.sampled_from(SEEDS))).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete", "zero", "header"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip":
            for i in range(pos, min(len(data), pos + draw(st.integers(1, 64)))):
                data[i] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=256))
        elif kind == "delete":
            del data[pos:pos + draw(st.integers(1, 4096))]
        elif kind == "zero":
            data[pos:pos + 512] = bytes(len(data[pos:pos + 512]))
        else:   # damage the structure the parsers look for first
            data = data.replace(draw(st.sampled_from([b"xref", b"trailer", b"/Root", b"obj", b"stream",
                                                      b"/Length", b"startxref"])), b"XXXX", 1)
    return bytes(data)


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(data=mutated_pdf())
def test_mutated_pdfs_never_hang_or_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "mutated.pdf"
    path.write_bytes(data)
    r = process_file(str(path), Settings(ocr=False), timeout=60, max_memory_mb=2048)
    assert r["status"] in ("ok", "partial", "failed")
    error = r.get("error") or ""
    assert not error.startswith(("crash", "timeout", "memory-limit", "output-invalid",
                                 "interrupted")), error
    if r["status"] == "failed":     # bad input: a user-facing InputError code and message
        code, _, message = error.partition(": ")
        assert code and code == code.lower() and " " not in code and message, error


cell_text = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None)
@given(text=cell_text, lead=st.text(max_size=30), raw=st.text(max_size=20))
def test_any_cell_text_round_trips_through_csv_and_xlsx(text, lead, raw):
    plan = sample_plan(2)
    plan.tasks[0].text = text
    plan.tasks[0].lead_raw = lead
    plan.tasks[0].deadline = Deadline(raw, "unrecognised")
    files = render_outputs(plan, xlsx=True)
    assert files == render_outputs(plan, xlsx=True)
    assert Plan.from_dict(__import__("json").loads(files["plan.json"])).tasks[0].text == text
    row = next(csv.DictReader(io.StringIO(files["tasks.csv"].decode("utf-8-sig"), newline="")))
    assert row["text"] == guard_formula(text)
    assert row["lead_raw"] == guard_formula(lead) and row["deadline_raw"] == guard_formula(raw)


def test_xlsx_drops_only_characters_excel_cannot_hold():
    plan = sample_plan(1)
    plan.tasks[0].text = "a\x00b\x0bc\tđ\nz"
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan)))
    ws = wb["Nhiệm vụ"]
    assert ws.cell(row=2, column=6).value == "abc\tđ\nz"
