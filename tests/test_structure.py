"""readers/structure.py: the caps pre-check read from a PDF's structure agrees with pdfminer's
(readers/pdf._check_caps_before_pdfium without the file's bytes): it says a file passes only
where pdfminer's check passes, under the default caps and under caps small enough for many of
the corpus's files to fail; it leaves to pdfminer what it does not model (a broken cross-
reference, encryption, a self-referencing /Length)."""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from plan_extract.readers import pdf as read
from plan_extract.readers.structure import DEFLATE_MAX_RATIO, caps_pass
from plan_extract.settings import LimitExceeded, Limits
from tests import hostile

ROOT = Path(__file__).resolve().parent
CORPUS = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
MATRIX = sorted((ROOT / "corpus" / "pdf" / "matrix").glob("*.pdf"))[::5]
CHECK = sorted((ROOT / "checkdocs").glob("*.pdf"))[::3]

LIMITS = [Limits(), Limits(max_objects=100), Limits(max_objects=400),
          Limits(max_decompressed_mb=0.001), Limits(max_decompressed_mb=0.05)]


def _pdfminer_verdict(path: Path, limits: Limits) -> str:
    try:
        read._check_caps_before_pdfium(path, limits)       # no bytes: pdfminer's reading
    except LimitExceeded as e:
        return e.code
    return "pass"


@pytest.mark.parametrize("path", CORPUS + MATRIX + CHECK, ids=lambda p: p.stem)
def test_structure_passes_only_what_pdfminer_passes(path):
    data = path.read_bytes()
    assert caps_pass(data, Limits().max_objects, Limits().max_decompressed_bytes) is True
    for limits in LIMITS:
        verdict = _pdfminer_verdict(path, limits)
        fast = caps_pass(data, limits.max_objects, limits.max_decompressed_bytes)
        assert fast in (True, None)
        assert fast is None or verdict == "pass", (limits, verdict)
        if verdict != "pass":
            assert fast is None


def test_hostile_files_are_left_to_pdfminer(tmp_path):
    cap = Limits(max_decompressed_mb=1)
    inflating = hostile.many_glyphs_pdf(2_000_000)
    assert caps_pass(inflating, cap.max_objects, cap.max_decompressed_bytes) is None
    f = tmp_path / "inflating.pdf"
    f.write_bytes(inflating)
    with pytest.raises(LimitExceeded) as e:
        read._check_caps_before_pdfium(f, cap, inflating)
    assert e.value.code == "too-large"
    # a /Length referring to itself, a cross-reference that does not parse, a cut file
    assert caps_pass(hostile.length_cycle_pdf(), 10 ** 6, 1 << 26) is None
    broken = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
              b"xref\n0 1\ngarbage\ntrailer << /Root 1 0 R >>\nstartxref\n12345\n%%EOF\n")
    assert caps_pass(broken, 10 ** 6, 1 << 26) is None
    whole = CORPUS[0].read_bytes()
    assert caps_pass(whole[:len(whole) // 2], 10 ** 6, 1 << 26) is None


def test_encrypted_file_is_left_to_pdfminer(tmp_path):
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter()
    for p in PdfReader(CORPUS[0]).pages[:1]:
        w.add_page(p)
    w.encrypt(user_password="", owner_password="owner")
    f = tmp_path / "locked.pdf"
    with open(f, "wb") as fh:
        w.write(fh)
    assert caps_pass(f.read_bytes(), 10 ** 6, 1 << 26) is None


def test_deflate_ratio_bound_holds_for_the_most_compressible_data():
    """The bound a page passes by without inflating: no deflate stream inflates past
    DEFLATE_MAX_RATIO times its size (zeros at level 9 come closest)."""
    for n in (1 << 20, 1 << 24):
        raw = zlib.compress(b"\0" * n, 9)
        assert n <= DEFLATE_MAX_RATIO * len(raw)
        assert n > (DEFLATE_MAX_RATIO - 30) * len(raw)     # and it is nearly reached
