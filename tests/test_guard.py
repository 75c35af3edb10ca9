"""Hostile inputs through the guard (batch.guard.guarded_extract, `extract`): each one is a failed
file with its reason within its limit, never a hang, a blow-up or a traceback; output names that
cannot escape OUTDIR or replace what the run did not write. Inputs are made here (tests/hostile.py);
caps are set small so that each case takes seconds (benchmarks/hostile.py runs them at full size
under the default limits)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plan_extract.batch.guard import close, guarded_extract
from plan_extract.output.atomic import ForeignTarget, safe_name, unique_name, write_dir_atomic
from plan_extract.readers.pdf import ocr_available, ocr_resolution
from plan_extract.settings import LimitExceeded, Limits
from tests import hostile

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "corpus" / "pdf" / "mini_example.pdf"


def cli(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plan_extract", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module", autouse=True)
def _workers():
    yield
    close()


def _failed(result, code):
    assert result.plan is None and result.status == "failure", result
    assert result.error.code == code, result.error
    assert "\n" not in result.error.message and "Traceback" not in result.error.message


def test_length_reference_cycle_is_a_timeout_not_a_hang():
    start = time.perf_counter()
    r = guarded_extract(hostile.length_cycle_pdf(), {"timeout": 3}, name="cycle.pdf")
    _failed(r, "timeout")
    assert time.perf_counter() - start < 30


def test_ocr_resolution_refuses_a_huge_page_before_rendering():
    a4 = ocr_resolution(595, 842, Limits().max_ocr_pixels)
    assert a4 == 300
    a0 = ocr_resolution(2384, 3370, Limits().max_ocr_pixels)     # A0: rendered coarser, still read
    assert 150 <= a0 < 300 and (2384 / 72 * a0) * (3370 / 72 * a0) <= Limits().max_ocr_pixels
    with pytest.raises(LimitExceeded) as e:
        ocr_resolution(200 * 72, 200 * 72, Limits().max_ocr_pixels)
    assert e.value.code == "too-large"


@pytest.mark.skipif(not ocr_available(), reason="tesseract not installed: no OCR path to guard")
def test_blank_200_inch_page_is_too_large_without_rendering():
    start = time.perf_counter()
    r = guarded_extract(hostile.huge_blank_page_pdf(200), {"timeout": 60, "max_memory_mb": 1024},
                        name="huge.pdf")
    _failed(r, "too-large")
    assert "200" in r.error.message and time.perf_counter() - start < 30


def test_many_rectangles_are_too_complex():
    r = guarded_extract(hostile.many_rects_pdf(30_000), {"max_page_paths": 10_000, "timeout": 60},
                        name="rects.pdf")
    _failed(r, "too-complex")
    assert "10,000" in r.error.message


def test_many_glyphs_are_too_complex():
    r = guarded_extract(hostile.many_glyphs_pdf(100_000), {"max_page_glyphs": 20_000, "timeout": 60},
                        name="glyphs.pdf")
    _failed(r, "too-complex")


def test_content_stream_inflating_past_the_cap_is_too_large():
    r = guarded_extract(hostile.many_glyphs_pdf(2_000_000), {"max_decompressed_mb": 1, "timeout": 60},
                        name="inflating.pdf")
    _failed(r, "too-large")


def test_docx_zip_bomb_is_too_large_at_the_default_cap(tmp_path):
    """word/document.xml inflating to 190 MiB (a 190 KB file): refused while inflating."""
    start = time.perf_counter()
    r = guarded_extract(hostile.inflating_docx(190), name="bomb.docx")
    _failed(r, "too-large")
    assert "word/document.xml" in r.error.message and time.perf_counter() - start < 30


def test_memory_limit_stops_a_file(tmp_path):
    """A file that needs more memory than allowed (here: 16 MiB for the reading process,
    far below what loading the libraries takes) is a failed file with reason memory-limit."""
    r = guarded_extract(MINI, {"max_memory_mb": 16, "timeout": 60})
    _failed(r, "memory-limit")


def test_a_good_file_reads_under_the_guard():
    r = guarded_extract(MINI)
    assert r.plan is not None and r.plan.tasks and r.error is None
    again = guarded_extract(MINI.read_bytes(), name="mini_example.pdf")
    assert again.plan.to_dict() == r.plan.to_dict()


def test_extract_cli_hostile_file_is_one_line(tmp_path):
    bad = tmp_path / "glyphs.pdf"
    bad.write_bytes(hostile.many_glyphs_pdf(2_000_000))
    cycle = tmp_path / "cycle.pdf"
    cycle.write_bytes(hostile.length_cycle_pdf())
    out = tmp_path / "out"
    r = cli("extract", cycle, bad, "-o", out, "--timeout", "4", "--no-ocr")
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 2, r.stderr
    assert lines[0].startswith(f"{cycle}: lỗi: timeout: ")
    assert lines[1].startswith(f"{bad}: lỗi: ") and (": too-complex: " in lines[1] or ": timeout: " in lines[1])
    assert "Traceback" not in r.stderr + r.stdout
    assert not out.exists() or list(out.iterdir()) == []


# ---------------------------------------------------------------- names

def test_safe_name_rules():
    assert {safe_name(s) for s in ("", ".", "..", "...")} == {"_", "__", "___"}
    assert safe_name(".pdf") == "_pdf" and safe_name("a/b\\c") == "a_b_c"
    assert safe_name("nul") == "_nul" and safe_name("plan. ") == "plan__"
    assert safe_name("Ke\u0302\u0301 hoa\u0323ch") == "Kế hoạch"          # NFC
    long = "Kế hoạch triển khai nhiệm vụ " * 12
    name = safe_name(long)
    assert len(name.encode()) <= 200 and name == safe_name(long) and name != safe_name(long + "x")
    taken: set = set()
    assert unique_name("Plan", taken, "a") == "Plan"
    other = unique_name("plan", taken, "b")
    assert other.startswith("plan-") and other != unique_name("plan", taken, "c")


def _vietnamese_name(max_bytes: int) -> str:
    words = "Kế hoạch thực hiện Nghị quyết số 24 về phát triển kinh tế xã hội tỉnh Lâm Đồng " * 8
    name = words.encode()[:max_bytes].decode("utf-8", "ignore").strip()
    return name


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(root.rglob("*"))}


def test_hostile_names_stay_inside_outdir(tmp_path):
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    long = _vietnamese_name(255 - len(".pdf".encode()))
    names = ["..pdf", "...pdf", ".pdf", long + ".pdf", "manifest.csv.pdf"]
    inputs = []
    for n in names:
        (src / n).write_bytes(MINI.read_bytes())
        inputs.append(src / n)
    for sub in ("a", "b"):                                  # the same stem twice
        (src / sub / "plan.pdf").write_bytes(MINI.read_bytes())
        inputs.append(src / sub / "plan.pdf")
    home = tmp_path / "home"
    out = home / "out"
    out.mkdir(parents=True)
    (home / "keep.txt").write_text("outside OUTDIR")
    (out / "manifest.csv").write_text("not ours")
    (out / "notes").mkdir()
    (out / "notes" / "x.txt").write_text("a folder the user made")
    debug = home / "debug"
    before_home = _tree(home)
    r = cli("extract", *inputs, "-o", out, "--no-ocr", "--debug-dir", debug)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    after = _tree(home)
    for k, v in before_home.items():                       # nothing that was there is touched
        assert after.get(k) == v, k
    new_top = {p.name for p in out.iterdir()} - {"manifest.csv", "notes"}
    assert len(new_top) == len(inputs)                      # one result folder each
    assert all((out / n / "plan.json").is_file() for n in new_top)
    assert all(not n.startswith(".") and n not in ("", ".", "..") for n in new_top)
    assert {"_", "__", "_pdf", "plan"} <= new_top            # "..pdf", "...pdf", ".pdf"
    assert any(n.startswith("plan-") for n in new_top) and any(n.startswith("manifest.csv-") for n in new_top)
    assert all(len(n.encode()) <= 200 for n in new_top)
    # --debug-dir: confined to its own folder, one safe subfolder per input
    assert {p.parent.parent for p in debug.rglob("*.json")} == {debug}
    assert {p.name for p in home.iterdir()} == {"out", "keep.txt", "debug"}


def test_write_dir_atomic_never_replaces_what_it_did_not_write(tmp_path):
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "x.txt").write_text("x")
    (tmp_path / "file").write_text("y")
    os.symlink(tmp_path / "user", tmp_path / "link")
    for name in ("user", "file", "link", ".", ".."):
        with pytest.raises(ForeignTarget):
            write_dir_atomic(tmp_path / name, {"plan.json": b"{}"})
    assert (tmp_path / "user" / "x.txt").read_text() == "x" and (tmp_path / "file").read_text() == "y"
    write_dir_atomic(tmp_path / "res", {"plan.json": b"{}"})
    write_dir_atomic(tmp_path / "res", {"plan.json": b"[]"})      # its own result: replaced
    assert (tmp_path / "res" / "plan.json").read_bytes() == b"[]"


def test_extract_on_a_fifo_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "x.pdf")
    start = time.perf_counter()
    r = cli("extract", tmp_path / "x.pdf", "-o", tmp_path / "out")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 1 and len(lines) == 1 and ": lỗi: not-a-file: " in lines[0], r.stderr
    assert time.perf_counter() - start < 60
