"""Batch: per-file guards, resume, manifest, consolidated CSVs, SIGKILL + resume, Dask."""
from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plan_extract.batch.runner import (MANIFEST_COLUMNS, STATE_DIR, BatchSettings, Summary, assign_outputs,
                            find_documents, process_file, read_manifest, run_batch)
from plan_extract.run import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "pdf"
BAD = ROOT / "tests" / "corpus" / "bad"
# native-text documents: quick to read (the scans need OCR, which these tests do not exercise)
NATIVE = ["mini_example.pdf", "auth_sotttt_7col.pdf", "seed000_sct_hatinh.pdf",
          "auth_congvan_notable.pdf", "auth_dangy_ctr_party.pdf"]
SETTINGS = Settings(ocr=False)
QUIET = dict(jobs=2, timeout=120, progress=False)


# ---------------------------------------------------------------- workers for the guard tests
# (module-level so that the worker process can import them)

def work_ok(path, settings):
    return {"status": "ok", "error": None, "pages": 1, "tasks": 0, "indicators": 0, "files": {}}


def work_hang(path, settings):
    time.sleep(120)


def work_hog(path, settings):
    blocks = []
    for _ in range(200):
        blocks.append(bytearray(16 * 1024 * 1024))   # touched: resident
        time.sleep(0.01)
    time.sleep(60)


def work_die(path, settings):
    os.kill(os.getpid(), signal.SIGKILL)


def work_raise(path, settings):
    raise RuntimeError("stage bug")


def test_process_file_returns_the_work_result(tmp_path):
    r = process_file(str(tmp_path / "x.pdf"), None, 30, 1024, work=work_ok)
    assert r["status"] == "ok" and r["seconds"] >= 0 and r["peak_mb"] > 0


def test_a_hanging_file_is_killed_at_the_time_limit(tmp_path):
    start = time.perf_counter()
    r = process_file(str(tmp_path / "x.pdf"), None, 1.5, 1024, work=work_hang)
    assert r["status"] == "failed" and r["error"].startswith("timeout")
    assert time.perf_counter() - start < 10


def test_a_file_over_the_memory_limit_is_killed(tmp_path):
    r = process_file(str(tmp_path / "x.pdf"), None, 60, 256, work=work_hog)
    assert r["status"] == "failed" and r["error"].startswith("memory-limit"), r


def test_a_worker_crash_is_a_failed_result(tmp_path):
    r = process_file(str(tmp_path / "x.pdf"), None, 30, 1024, work=work_die)
    assert r["status"] == "failed" and r["error"].startswith("crash") and "9" in r["error"]
    r = process_file(str(tmp_path / "x.pdf"), None, 30, 1024, work=work_raise)
    assert r["status"] == "failed" and "RuntimeError: stage bug" in r["error"]


def test_summary_line_is_one_vietnamese_line():
    line = Summary("out", total=5, ok=2, partial=1, failed=1, skipped=1, tasks=40, indicators=3,
                   seconds=12.34).line()
    assert "\n" not in line
    assert line.startswith("5 tệp: 2 thành công, 1 có cảnh báo, 1 lỗi, 1 bỏ qua")
    assert "40 nhiệm vụ, 3 chỉ tiêu" in line and "12,3 giây" in line


def test_batch_settings_are_checked():
    with pytest.raises(ValueError):
        BatchSettings(jobs=0)
    with pytest.raises(ValueError):
        BatchSettings(executor="dask")
    assert BatchSettings.resolve({"jobs": 3}).jobs == 3


# ---------------------------------------------------------------- walk and names

def test_walk_and_stem_collisions(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / ".hidden").mkdir(parents=True)
    (tmp_path / "a" / "plan.pdf").write_bytes(b"one")
    (tmp_path / "b" / "plan.PDF").write_bytes(b"two")
    (tmp_path / "b" / ".hidden" / "x.pdf").write_bytes(b"x")
    (tmp_path / "b" / "notes.txt").write_bytes(b"x")
    (tmp_path / "c.pdf").write_bytes(b"one")
    files = find_documents(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a/plan.pdf", "b/plan.PDF", "c.pdf"]
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "result.pdf").write_bytes(b"an output folder inside the archive")
    assert find_documents(tmp_path, exclude=tmp_path / "out") == files
    jobs = assign_outputs(tmp_path, files)
    import hashlib
    assert [j.output for j in jobs] == ["plan", "plan-" + hashlib.sha256(b"two").hexdigest()[:8], "c"]


# ---------------------------------------------------------------- real documents

def make_archive(folder: Path, names=NATIVE, bad=True) -> Path:
    """A small archive: corpus PDFs in two subfolders (one stem twice) and the bad inputs."""
    (folder / "so").mkdir(parents=True)
    (folder / "xa" / "2025").mkdir(parents=True)
    for n, name in enumerate(names):
        shutil.copy(CORPUS / name, folder / ("so" if n % 2 else "xa/2025") / name)
    shutil.copy(CORPUS / names[0], folder / "so" / "Ke hoach 45.pdf")
    shutil.copy(CORPUS / names[1], folder / "so" / names[0])          # same stem, other content
    if bad:
        (folder / "hong").mkdir()
        for p in sorted(BAD.glob("*.pdf")):
            shutil.copy(p, folder / "hong" / p.name)
    return folder


def result_tree(outdir: Path) -> dict[str, bytes]:
    """Everything a run leaves that must not depend on timing: the result folders and the
    consolidated CSVs, plus the manifest without its seconds / peak_mb / status-of-this-run."""
    out = {}
    for p in sorted(outdir.rglob("*")):
        rel = p.relative_to(outdir).as_posix()
        if p.is_file() and not rel.startswith(STATE_DIR) and rel != "manifest.csv":
            out[rel] = p.read_bytes()
    out["manifest.csv"] = repr([(r["file"], r["sha256"], r["error"], r["pages"], r["tasks"],
                                 r["indicators"], r["output"]) for r in read_manifest(outdir)]).encode()
    return out


def no_leftovers(outdir: Path) -> None:
    hidden = [p.name for p in outdir.iterdir() if p.name.startswith(".") and p.name != STATE_DIR]
    assert hidden == [], hidden
    for folder in (p for p in outdir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        assert sorted(os.listdir(folder)) == ["datapackage.json", "indicators.csv", "plan.json",
                                              "tasks.csv"], folder


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    base = tmp_path_factory.mktemp("baseline")
    archive = make_archive(base / "archive")
    out = base / "out"
    summary = run_batch(archive, out, BatchSettings(**QUIET), SETTINGS)
    return archive, out, summary


def test_batch_writes_every_document_and_records_bad_input(baseline):
    archive, out, summary = baseline
    rows = read_manifest(out)
    assert list(rows[0]) == MANIFEST_COLUMNS
    by_file = {r["file"]: r for r in rows}
    n_bad = len(list(BAD.glob("*.pdf")))
    assert len(rows) == len(NATIVE) + 2 + n_bad
    for name, row in by_file.items():
        if name.startswith("hong/"):
            assert row["status"] == "failed" and row["error"] and row["output"] == "", row
            assert not row["error"].startswith("crash"), row
        else:
            assert row["status"] in ("ok", "partial"), row
            assert (out / row["output"] / "plan.json").is_file()
            assert int(row["pages"]) > 0 and row["sha256"]
    assert by_file["so/mini_example.pdf"]["output"] != by_file["xa/2025/mini_example.pdf"]["output"]
    assert by_file["hong/empty.pdf"]["error"].startswith("empty-file")
    assert summary.failed == n_bad and summary.total == len(rows)
    line = summary.line()
    assert f"{summary.total} tệp" in line and f"{n_bad} lỗi" in line and "manifest.csv" in line
    no_leftovers(out)


def test_consolidated_csvs_carry_document_keys(baseline):
    _, out, _ = baseline
    with open(out / "all_tasks.csv", encoding="utf-8-sig", newline="") as f:
        tasks = list(csv.DictReader(f))
    rows = read_manifest(out)
    assert len(tasks) == sum(int(r["tasks"] or 0) for r in rows)
    assert list(tasks[0])[:4] == ["doc_number", "doc_issuer", "doc_date", "file"]
    assert {t["file"] for t in tasks} <= {r["file"] for r in rows if r["status"] != "failed"}
    with open(out / "all_indicators.csv", encoding="utf-8-sig", newline="") as f:
        assert list(csv.DictReader(f))[0]["file"]


def test_rerun_skips_unchanged_files_and_keeps_bytes(baseline, tmp_path):
    archive, out, _ = baseline
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = result_tree(copy)
    (copy / "all_tasks.csv").unlink()       # derivable: a re-run rebuilds it
    summary = run_batch(archive, copy, BatchSettings(**QUIET), SETTINGS)
    n_bad = len(list(BAD.glob("*.pdf")))
    # bad inputs are not tried again, but stay failures (never counted as skipped)
    assert summary.skipped == summary.total - n_bad, summary.line()
    assert summary.failed == summary.failed_before == n_bad, summary.line()
    assert f"{n_bad} lỗi ({n_bad} từ lần chạy trước" in summary.line()
    status = {r["file"]: r["status"] for r in read_manifest(copy)}
    assert {f for f, s in status.items() if s == "failed"} == {f for f in status if f.startswith("hong/")}
    assert {s for f, s in status.items() if not f.startswith("hong/")} == {"skipped"}
    assert result_tree(copy) == before
    # a changed file is extracted again, the others are skipped
    changed = archive / "so" / "Ke hoach 45.pdf"
    original = changed.read_bytes()
    try:
        shutil.copy(CORPUS / "seed000_sct_hatinh.pdf", changed)
        summary = run_batch(archive, copy, BatchSettings(**QUIET), SETTINGS)
        status = {r["file"]: r["status"] for r in read_manifest(copy)}
        assert status["so/Ke hoach 45.pdf"] in ("ok", "partial")
        assert sum(s != "skipped" for f, s in status.items() if not f.startswith("hong/")) == 1, status
        assert summary.failed_before == n_bad
    finally:
        changed.write_bytes(original)
    assert n_bad


def test_failed_files_are_retried_on_request_and_after_an_upgrade(tmp_path):
    import json
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(CORPUS / "mini_example.pdf", archive / "mini_example.pdf")
    shutil.copy(BAD / "empty.pdf", archive / "empty.pdf")
    shutil.copy(BAD / "truncated.pdf", archive / "truncated.pdf")
    out = tmp_path / "out"
    first = run_batch(archive, out, BatchSettings(**QUIET), SETTINGS)
    assert (first.failed, first.failed_before) == (2, 0)
    assert sorted(first.failures()) == [
        f"empty.pdf: lỗi: {next(r['error'] for r in first.rows if r['file'] == 'empty.pdf')}",
        f"truncated.pdf: lỗi: {next(r['error'] for r in first.rows if r['file'] == 'truncated.pdf')}"]
    again = run_batch(archive, out, BatchSettings(**QUIET), SETTINGS)
    assert (again.failed, again.failed_before, again.skipped) == (2, 2, 1)
    retried = run_batch(archive, out, BatchSettings(retry_failed=True, **QUIET), SETTINGS)
    assert (retried.failed, retried.failed_before, retried.skipped) == (2, 0, 1), retried.line()
    assert "từ lần chạy trước" not in retried.line()
    # a record written by another version of the tool: its failure is tried again by default
    record = out / STATE_DIR / "results" / "empty.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**data, "version": "0.0.0-old"}), encoding="utf-8")
    upgraded = run_batch(archive, out, BatchSettings(**QUIET), SETTINGS)
    assert (upgraded.failed, upgraded.failed_before) == (2, 1), upgraded.line()
    assert json.loads(record.read_text(encoding="utf-8"))["version"] != "0.0.0-old"


def test_batch_cli_exits_1_and_lists_failures_then_retries(tmp_path):
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    shutil.copy(CORPUS / "mini_example.pdf", archive / "mini_example.pdf")
    shutil.copy(BAD / "empty.pdf", archive / "sub" / "empty.pdf")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "plan_extract", "batch", str(archive), "-o", str(out),
           "--jobs", "1", "--no-ocr"]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr[-2000:]
    assert "sub/empty.pdf: lỗi: empty-file" in r.stderr
    assert "1 lỗi" in r.stdout and "1 thành công" in r.stdout or "1 có cảnh báo" in r.stdout
    r = subprocess.run(cmd + ["--retry-failed"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and "sub/empty.pdf: lỗi: empty-file" in r.stderr
    assert "1 lỗi, 1 bỏ qua" in r.stdout, r.stdout
    (archive / "sub" / "empty.pdf").unlink()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "0 lỗi" in r.stdout, r.stdout + r.stderr


def test_force_reextracts_everything(baseline, tmp_path):
    archive, out, _ = baseline
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    summary = run_batch(archive, copy, BatchSettings(force=True, **QUIET), SETTINGS)
    assert summary.skipped == 0
    assert result_tree(copy) == result_tree(out)


def test_output_is_the_same_as_extract(baseline):
    from plan_extract.output.files import render_outputs
    from plan_extract.run import extract
    archive, out, _ = baseline
    plan = extract(archive / "xa" / "2025" / "mini_example.pdf", SETTINGS)
    files = render_outputs(plan)
    row = next(r for r in read_manifest(out) if r["file"] == "xa/2025/mini_example.pdf")
    for name, data in files.items():
        assert (out / row["output"] / name).read_bytes() == data, name


@pytest.mark.slow
def test_sigkill_midway_then_rerun_loses_nothing(baseline, tmp_path):
    """Kill the batch (SIGKILL, whole process group) at a random moment of its run, re-run: every
    output is complete and identical to an uninterrupted run, and what was done is not redone."""
    archive, out, summary = baseline
    seed = int(os.environ.get("KILL_SEED", "0")) or random.randrange(1 << 30)
    rng = random.Random(seed)
    interrupted = 0
    for attempt in range(4):
        target = tmp_path / f"killed{attempt}"
        cmd = [sys.executable, "-m", "plan_extract", "batch", str(archive), "-o", str(target),
               "--jobs", "2", "--no-ocr"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        # somewhere inside the run, whatever the machine's speed: once it has recorded k of its
        # files (k drawn from 1 .. all but one), then a few milliseconds more
        k = rng.randint(1, max(1, summary.total - 1))
        results = target / STATE_DIR / "results"
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            if results.is_dir() and sum(1 for _ in results.glob("*.json")) >= k:
                break
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.05))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:          # the run ended first (reaped by poll)
            pass
        proc.wait()
        interrupted += not (target / "manifest.csv").exists()
        # whatever is visible now is complete
        if target.exists():
            for folder in (p for p in target.iterdir() if p.is_dir() and not p.name.startswith(".")):
                assert sorted(os.listdir(folder)) == ["datapackage.json", "indicators.csv",
                                                      "plan.json", "tasks.csv"], (seed, folder)
        records = target / STATE_DIR / "results"
        # records of files done (a failure's record keeps it "failed", never "skipped")
        kept = sum(json.loads(p.read_text(encoding="utf-8"))["status"] != "failed"
                   for p in records.glob("*.json")) if records.exists() else 0
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 1, done.stderr[-2000:]     # the archive holds bad inputs
        assert "hong/empty.pdf: lỗi: empty-file" in done.stderr
        assert result_tree(target) == result_tree(out), seed
        # what the killed run finished is kept, not redone
        assert sum(r["status"] == "skipped" for r in read_manifest(target)) == kept, seed
        no_leftovers(target)
        if interrupted >= 2:
            break
    assert interrupted, f"no attempt was killed before the end of the run (seed {seed})"


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_outputs(baseline, tmp_path):
    from distributed import LocalCluster
    archive, out, _ = baseline
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, host="127.0.0.1", protocol="tcp://",
                      dashboard_address=":0") as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        summary = run_batch(archive, tmp_path / "dask",
                            BatchSettings(executor="dask", scheduler=cluster.scheduler_address,
                                          **QUIET), SETTINGS)
    assert summary.total == len(read_manifest(out))
    assert result_tree(tmp_path / "dask") == result_tree(out)


def _process_in(path: str, queue) -> None:
    queue.put(process_file(path, SETTINGS, 60, 1024))


def test_daemonic_worker_fails_each_file_with_the_fix():
    """A Dask worker started by its nanny is a daemonic process, which may not start the
    guarded worker process: each file fails as a crash (retried by itself on the next run)
    naming the setting that fixes it (README, "Batch on a Dask cluster")."""
    import multiprocessing
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_process_in, args=(str(CORPUS / "mini_example.pdf"), queue), daemon=True)
    proc.start()
    try:
        result = queue.get(timeout=120)
    finally:
        proc.join(30)
    assert result["status"] == "failed" and result["error"].startswith("crash: ")
    assert "DASK_DISTRIBUTED__WORKER__DAEMON=False" in result["error"] and "--no-nanny" in result["error"]


def test_every_result_folder_passes_frictionless(baseline):
    from frictionless import validate
    _, out, _ = baseline
    folders = [out / r["output"] for r in read_manifest(out) if r["output"]]
    assert folders
    for folder in folders:
        report = validate(str(folder / "datapackage.json"))
        assert report.valid, (folder.name, report.flatten(["rowNumber", "fieldName", "type", "note"]))
