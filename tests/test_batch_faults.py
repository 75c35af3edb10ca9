"""Batch under faults, on archives and folders made here: entries that are not regular files,
symbolic link loops, concurrent runs (lock, other runs' temporaries), a killed batch process
(its workers die too), each file's own peak memory, a read-only or full output disk (one line,
non-zero exit, the manifest for what finished)."""
from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from plan_extract.batch.runner import (STATE_DIR, BatchLocked, hash_document, outdir_lock, process_file,
                                       run_batch, walk_documents)
from plan_extract.output.atomic import TMP_MARK, clean_temporaries, write_bytes_atomic
from tests import hostile

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "corpus" / "pdf" / "mini_example.pdf"
QUIET = dict(jobs=1, timeout=60, progress=False)


def cli(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plan_extract", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, **kw)


def manifest(outdir: Path) -> dict[str, dict[str, str]]:
    with open(outdir / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return {r["file"]: r for r in csv.DictReader(f)}


def _hostile_archive(src: Path) -> Path:
    (src / "sub").mkdir(parents=True)
    shutil.copy(MINI, src / "sub" / "good.pdf")
    os.mkfifo(src / "fifo.pdf")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "socket.pdf"))
    sock.close()
    os.symlink("self.pdf", src / "self.pdf")                 # a link to itself
    os.symlink("..", src / "sub" / "up")                     # a folder link back to a parent
    os.symlink("missing.pdf", src / "dangling.pdf")
    return src


def test_walk_lists_what_it_will_not_open(tmp_path):
    src = _hostile_archive(tmp_path / "in")
    found, problems = walk_documents(src)
    assert [p.relative_to(src).as_posix() for p in found] == ["sub/good.pdf"]
    codes = {p.relative_to(src).as_posix(): err.split(":")[0] for p, err in problems}
    assert codes == {"dangling.pdf": "broken-link", "fifo.pdf": "not-a-regular-file",
                     "self.pdf": "symlink-loop", "socket.pdf": "not-a-regular-file",
                     "sub/up": "symlink-loop"}


def test_hashing_never_opens_a_fifo_blocking(tmp_path):
    os.mkfifo(tmp_path / "x.pdf")          # e.g. swapped in after the walk
    start = time.perf_counter()
    sha, err = hash_document(tmp_path / "x.pdf", timeout=5)
    assert sha is None and err.startswith("not-a-regular-file") and time.perf_counter() - start < 3


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_folder_is_listed(tmp_path):
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    shutil.copy(MINI, src / "locked" / "a.pdf")
    os.chmod(src / "locked", 0)
    try:
        _, problems = walk_documents(src)
    finally:
        os.chmod(src / "locked", 0o755)
    assert [(p.name, e.split(":")[0]) for p, e in problems] == [("locked", "unreadable")]


def test_batch_on_a_hostile_archive_finishes_with_a_row_each(tmp_path):
    src = _hostile_archive(tmp_path / "in")
    out = tmp_path / "out"
    r = cli("batch", src, "-o", out, "--jobs", "1", "--timeout", "60", "--no-ocr")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    rows = manifest(out)
    assert rows["sub/good.pdf"]["status"] in ("ok", "partial")
    for name in ("fifo.pdf", "socket.pdf", "self.pdf", "sub/up", "dangling.pdf"):
        assert rows[name]["status"] == "failed" and rows[name]["output"] == "", name
    assert rows["fifo.pdf"]["error"].startswith("not-a-regular-file: ")


# ---------------------------------------------------------------- concurrent runs

def test_a_second_batch_on_the_same_folder_says_so(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(MINI, src / "a.pdf")
    out = tmp_path / "out"
    out.mkdir()
    with outdir_lock(out):
        with pytest.raises(BatchLocked):
            run_batch(src, out, QUIET)
        r = cli("batch", src, "-o", out, "--no-ocr")
        assert r.returncode == 1
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "--wait" in lines[0] and str(os.getpid()) in lines[0], r.stderr
        assert not (out / "manifest.csv").exists()
        waiting = subprocess.Popen([sys.executable, "-m", "plan_extract", "batch", str(src), "-o", str(out),
                                    "--no-ocr", "--wait"], cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(2)
        assert waiting.poll() is None            # still waiting for the lock
    stdout, stderr = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, stderr
    assert manifest(out)["a.pdf"]["status"] in ("ok", "partial")


def test_temporaries_of_a_live_run_are_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = tmp_path / f".plan{TMP_MARK}{os.getpid()}-abc"
    gone = tmp_path / f".plan{TMP_MARK}{dead.pid}-abc"
    legacy = tmp_path / ".plan.json.x1y2.tmp"
    for p in (live, gone):
        p.mkdir()
        (p / "plan.json").write_text("{}")
    legacy.write_text("x")
    write_bytes_atomic(tmp_path / "kept.csv", b"a")
    clean_temporaries(tmp_path)
    assert live.exists() and not gone.exists() and not legacy.exists()
    assert (tmp_path / "kept.csv").read_bytes() == b"a"


# ---------------------------------------------------------------- workers die with the batch

def test_killing_the_batch_kills_its_workers(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "cycle.pdf").write_bytes(hostile.length_cycle_pdf())      # hangs until its time limit
    main = subprocess.Popen([sys.executable, "-m", "plan_extract", "batch", str(src), "-o",
                             str(tmp_path / "out"), "--timeout", "300", "--no-ocr"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = []
        deadline = time.time() + 120
        while time.time() < deadline and not workers:
            time.sleep(0.5)
            kids = psutil.Process(main.pid).children(recursive=True)
            # the fork server is the batch's child; a worker is the fork server's child
            workers = [k for k in kids if k.ppid() != main.pid]
        assert workers, "no worker started"
        time.sleep(2)                                # the worker is on the hanging file
        family = psutil.Process(main.pid).children(recursive=True)
        os.kill(main.pid, signal.SIGKILL)
        main.wait(10)
        gone, alive = psutil.wait_procs(family, timeout=15)
        assert not alive, [p.pid for p in alive]
    finally:
        if main.poll() is None:
            main.kill()


# ---------------------------------------------------------------- per-file peak memory

def work_big(path, settings):
    block = bytearray(300 * 1024 * 1024)
    for i in range(0, len(block), 4096):
        block[i] = 1
    del block
    return {"status": "failed", "error": "done: big"}


def work_small(path, settings):
    return {"status": "failed", "error": "done: small"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-file peak read from /proc")
def test_peak_mb_is_the_files_own(tmp_path):
    big = process_file(str(tmp_path / "a.pdf"), None, 60, 2048, work=work_big)
    small = process_file(str(tmp_path / "b.pdf"), None, 60, 2048, work=work_small)  # same warm worker
    assert big["peak_mb"] >= 300
    assert small["peak_mb"] < big["peak_mb"] - 200, (big["peak_mb"], small["peak_mb"])


# ---------------------------------------------------------------- read-only and full disks

def _mount_tmpfs(where: Path, size: str, ro: bool = False) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if ro else "")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True)
    return r.returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def tmpfs(tmp_path):
    mounted = []

    def make(name: str, size: str, ro: bool = False) -> Path:
        where = tmp_path / name
        if shutil.which("mount") is None or not _mount_tmpfs(where, size, ro):
            pytest.skip("cannot mount a small tmpfs here (needs root / CAP_SYS_ADMIN)")
        mounted.append(where)
        return where
    yield make
    for where in mounted:
        _umount(where)


def test_read_only_output_is_one_line(tmp_path, tmpfs):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(MINI, src / "a.pdf")
    ro = tmpfs("ro", "1m", ro=True)
    for args in (("batch", src, "-o", ro / "out"), ("extract", src / "a.pdf", "-o", ro / "out"),
                 ("batch", src, "-o", ro)):
        r = cli(*args, "--no-ocr")
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert r.returncode == 1 and len(lines) == 1, (args, r.stderr)
        assert "chỉ đọc" in lines[0] and str(ro) in lines[0] and "Traceback" not in r.stderr


def test_full_disk_stops_the_batch_with_a_manifest(tmp_path, tmpfs):
    src = tmp_path / "in"
    src.mkdir()
    for n in range(12):
        shutil.copy(MINI, src / f"doc{n:02d}.pdf")
        with open(src / f"doc{n:02d}.pdf", "ab") as f:      # distinct files, same content
            f.write(b"\n%" + str(n).encode() + b"\n")
    small = tmpfs("small", "200k")
    out = small / "out"
    r = cli("batch", src, "-o", out, "--jobs", "1", "--no-ocr")
    assert r.returncode == 1 and "Traceback" not in r.stderr + r.stdout
    problem = [ln for ln in r.stderr.splitlines() if ln.startswith("lỗi: ")]
    assert len(problem) == 1 and "ổ đĩa đầy" in problem[0] and str(out) in problem[0], r.stderr
    rows = manifest(out)
    assert len(rows) == 12
    done = [f for f, row in rows.items() if row["status"] in ("ok", "partial")]
    assert done and all((out / rows[f]["output"] / "plan.json").is_file() for f in done)
    stopped = [row for row in rows.values() if row["status"] == "failed"]
    assert stopped and all(row["error"].startswith(("write-failed: ", "not-run: ")) for row in stopped)
    assert not [p for p in out.iterdir() if TMP_MARK in p.name]
    assert (out / STATE_DIR / "results").is_dir()


# ---------------------------------------------------------------- export / units on a damaged folder

def test_export_and_units_name_a_bad_plan_json_and_go_on(tmp_path):
    from plan_extract.output.files import write_outputs
    from tests.plans import sample_plan
    out = tmp_path / "out"
    write_outputs(sample_plan(3), out / "good")
    for name, text in (("cut", '{"source": {"file": "x.pdf"'), ("empty", "{}"), ("list", "[]")):
        (out / name).mkdir()
        (out / name / "plan.json").write_text(text, encoding="utf-8")
    bad = {str(out / n / "plan.json") for n in ("cut", "empty", "list")}
    for args in (("export", out, "--to", "ics"), ("export", out, "--to", "tracker-xlsx", "--due-time", "17:00"),
                 ("units", out)):
        r = cli(*args)
        assert r.returncode == 1 and "Traceback" not in r.stderr + r.stdout, (args, r.stderr)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert {ln.split(": lỗi: ")[0] for ln in lines} == bad, (args, r.stderr)
        assert "--due-time" not in r.stderr
    assert (out / "export" / "tasks.ics").read_text(encoding="utf-8").count("BEGIN:VTODO") >= 1
    assert (out / "export" / "tracker-001.xlsx").is_file()


# ---------------------------------------------------------------- one bad row never loses the document

def test_an_invalid_row_is_set_aside_not_the_document(tmp_path):
    import json
    from plan_extract.output.files import write_outputs
    from plan_extract.output.validate import validate_plan
    from tests.plans import sample_plan
    plan = sample_plan(4)
    bad = plan.tasks[1]
    bad.deadline.kind = "not-a-kind"                  # a row the schema rejects
    target = write_outputs(plan, tmp_path / "p")
    data = json.loads((target / "plan.json").read_text(encoding="utf-8"))
    assert validate_plan(data) == []
    assert [t["id"] for t in data["tasks"]] == [t.id for t in plan.tasks if t is not bad]
    flagged = [i for i in data["issues"] if i["code"] == "row-invalid"]
    assert len(flagged) == 1 and flagged[0]["row"] == bad.id and flagged[0]["level"] == "error"
    assert bad.text in flagged[0]["message"] or repr(bad.text) in flagged[0]["message"]
    assert plan.tasks[1] is bad and bad.deadline.kind == "not-a-kind"     # the caller's plan untouched
