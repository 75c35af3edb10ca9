"""The command line on bad input: one clear line, no traceback, non-zero exit, nothing partial."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "pdf"
BAD = ROOT / "tests" / "corpus" / "bad"


def cli(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plan_extract", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def _bad_files(folder: Path) -> dict[str, Path]:
    """The corpus bad inputs plus a few made here (random bytes, a tail cut, an HTML page)."""
    files = {p.stem: p for p in sorted(BAD.glob("*.pdf"))}
    assert {"empty", "truncated", "encrypted", "image_renamed"} <= set(files), "tests/corpus/bad incomplete"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    made = {
        "random_bytes": bytes(rng.randrange(256) for _ in range(5000)),
        "cut_in_half": (CORPUS / "mini_example.pdf").read_bytes()[:20000],
        "html_named_pdf": "<html><body>Kế hoạch</body></html>".encode(),
    }
    for name, data in made.items():
        (folder / f"{name}.pdf").write_bytes(data)
        files[name] = folder / f"{name}.pdf"
    return files


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    return _bad_files(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", ["empty", "truncated", "encrypted", "image_renamed",
                                  "garbage_after_header", "random_bytes", "cut_in_half",
                                  "html_named_pdf"])
def test_extract_bad_input_one_line_nonzero_nothing_written(bad_files, tmp_path, name):
    out = tmp_path / "out"
    r = cli("extract", bad_files[name], "-o", out, "--no-ocr")
    assert r.returncode != 0
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"{bad_files[name]}: lỗi: ")
    assert "Traceback" not in r.stderr + r.stdout
    assert not out.exists() or list(out.iterdir()) == []


def test_extract_missing_file(tmp_path):
    r = cli("extract", tmp_path / "nope.pdf", "-o", tmp_path / "out")
    assert r.returncode == 1 and "không tìm thấy tệp" in r.stderr and "Traceback" not in r.stderr


def test_extract_good_and_bad_together_writes_the_good_one(bad_files, tmp_path):
    out = tmp_path / "out"
    r = cli("extract", CORPUS / "mini_example.pdf", bad_files["empty"], "-o", out, "--no-ocr")
    assert r.returncode == 1
    assert sorted(os.listdir(out)) == ["mini_example"]
    assert (out / "mini_example" / "plan.json").is_file()


def test_a_pdf_without_a_table_is_an_empty_result_with_a_warning(tmp_path):
    out = tmp_path / "out"
    r = cli("extract", CORPUS / "auth_congvan_notable.pdf", "-o", out, "--no-ocr")
    assert r.returncode == 0, r.stderr
    assert "0 nhiệm vụ" in r.stdout and "[warning]" in r.stderr
    assert (out / "auth_congvan_notable" / "tasks.csv").is_file()


def test_extract_xlsx_flag(tmp_path):
    r = cli("extract", CORPUS / "mini_example.pdf", "-o", tmp_path, "--xlsx", "--no-ocr")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "mini_example" / "plan.xlsx").is_file()


def test_batch_records_bad_input_and_goes_on(bad_files, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for p in bad_files.values():
        shutil.copy(p, archive / p.name)
    shutil.copy(CORPUS / "mini_example.pdf", archive / "zz_good.pdf")
    out = tmp_path / "out"
    r = cli("batch", archive, "-o", out, "--no-ocr", "--jobs", "2")
    assert r.returncode == 1, r.stderr        # some file failed: exit 1, each failure listed
    assert "Traceback" not in r.stderr
    for name in bad_files:
        assert f"{name}.pdf: lỗi: " in r.stderr
    from plan_extract.batch.runner import read_manifest
    rows = {row["file"]: row for row in read_manifest(out)}
    assert rows["zz_good.pdf"]["status"] in ("ok", "partial")
    for name in bad_files:
        row = rows[f"{name}.pdf"]
        assert row["status"] == "failed" and row["error"] and not row["error"].startswith("crash"), row
    visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert visible == ["all_indicators.csv", "all_tasks.csv", "manifest.csv", "zz_good"]
    assert "tệp" in r.stdout and "lỗi" in r.stdout


def test_export_bad_due_time_is_a_usage_error(tmp_path):
    r = cli("extract", CORPUS / "mini_example.pdf", "-o", tmp_path / "out", "--no-ocr")
    assert r.returncode == 0
    r = cli("export", tmp_path / "out", "--to", "tracker-xlsx", "--due-time", "5pm")
    assert r.returncode == 2 and "--due-time" in r.stderr and "Traceback" not in r.stderr
    r = cli("export", tmp_path / "out", "--to", "tracker-xlsx", "--due-time", "17:00")
    assert r.returncode == 0 and "tracker-001.xlsx" in r.stdout


def test_help_documents_the_exit_codes():
    for args in (["--help"], ["extract", "--help"], ["batch", "--help"]):
        r = cli(*args)
        assert r.returncode == 0
        text = " ".join(r.stdout.split())
        assert "Mã thoát (exit codes): 0 mọi tệp đều xong; 1 có tệp lỗi" in text, args
        assert "2 dùng sai lệnh" in text and "3 có dòng cần kiểm tra (với --strict)" in text, args


def test_usage_error_exits_2(tmp_path):
    r = cli("extract", "--no-such-option", tmp_path / "x.pdf")
    assert r.returncode == 2


def test_bad_input_line_carries_the_stable_code(bad_files, tmp_path):
    r = cli("extract", bad_files["empty"], "-o", tmp_path / "out", "--no-ocr")
    assert r.returncode == 1
    assert r.stderr.startswith(f"{bad_files['empty']}: lỗi: empty-file: "), r.stderr


def test_two_inputs_with_one_stem_get_two_folders(tmp_path):
    import hashlib
    import json
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(CORPUS / "mini_example.pdf", tmp_path / "a" / "kehoach.pdf")
    shutil.copy(CORPUS / "auth_sotttt_7col.pdf", tmp_path / "b" / "kehoach.pdf")
    out = tmp_path / "out"
    r = cli("extract", tmp_path / "a" / "kehoach.pdf", tmp_path / "b" / "kehoach.pdf", "-o", out, "--no-ocr")
    assert r.returncode == 0, r.stderr
    second = "kehoach-" + hashlib.sha256((tmp_path / "b" / "kehoach.pdf").read_bytes()).hexdigest()[:8]
    assert sorted(os.listdir(out)) == sorted(["kehoach", second])
    shas = {json.loads((out / d / "plan.json").read_text(encoding="utf-8"))["source"]["sha256"]
            for d in os.listdir(out)}
    assert len(shas) == 2


def test_rerun_keeps_files_the_user_saved_in_the_result_folder(tmp_path):
    out = tmp_path / "out"
    r = cli("extract", CORPUS / "mini_example.pdf", "-o", out, "--no-ocr", "--xlsx")
    assert r.returncode == 0, r.stderr
    folder = out / "mini_example"
    (folder / "ghi chú của tôi.txt").write_text("Đã giao cho Phòng VHXH", encoding="utf-8")
    (folder / "bản ký").mkdir()
    (folder / "bản ký" / "scan.pdf").write_bytes(b"%PDF-1.4 signed copy")
    r = cli("extract", CORPUS / "mini_example.pdf", "-o", out, "--no-ocr")
    assert r.returncode == 0, r.stderr
    assert (folder / "ghi chú của tôi.txt").read_text(encoding="utf-8") == "Đã giao cho Phòng VHXH"
    assert (folder / "bản ký" / "scan.pdf").read_bytes() == b"%PDF-1.4 signed copy"
    # plan.xlsx was written by the first run and not asked for now: the tool's own file goes
    assert sorted(os.listdir(folder)) == sorted(["bản ký", "datapackage.json", "ghi chú của tôi.txt",
                                                 "indicators.csv", "plan.json", "tasks.csv"])
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
