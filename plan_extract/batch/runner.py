"""A folder tree of documents -> OUTDIR/<stem>/ per document, manifest.csv, all_tasks.csv,
all_indicators.csv. Resumable, one worker process per job, a time limit and a memory guard per
file; one file's failure, hang or crash never stops the batch (errors are values).

How a file is processed (`process_file`, the same function locally and on a Dask cluster): a
worker process forked from a clean fork server (`multiprocessing` "forkserver" context; one
worker per calling thread, replaced after MAX_TASKS_PER_WORKER files like maxtasksperchild) runs
`extract_result` and renders the output files to bytes (validated against schemas/); the calling
thread watches it, kills it past the time limit or the memory limit (a killed or crashed worker
is replaced), and returns a plain dict. Only the batch process writes into OUTDIR,
and every result folder appears at once (output.atomic.write_dir_atomic), so a batch killed at
any moment (even SIGKILL) leaves complete folders only.

Resume: after a folder is in place, a record OUTDIR/.plan-extract/results/<output>.json notes the
input's sha256, the pipeline version and a fingerprint of the settings. A re-run skips a file
whose record matches (status "skipped"); a file whose folder landed but whose record did not is
simply extracted again. A file that failed is tried again when the tool's version changed, when
its failure may pass (time limit, memory limit, crash), or with `retry_failed`; otherwise it
stays "failed" in the manifest and the summary (never "skipped": a failure is not hidden). The manifest and the consolidated CSVs are rebuilt at the end of every
run from the records and the per-document plan.json files, so a resumed run rebuilds them too.
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import json
import multiprocessing
import os
import stat
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Optional, Union

from plan_extract import __version__
from plan_extract.model.flat import DOC_KEY_COLUMNS, INDICATOR_COLUMNS, TASK_COLUMNS, doc_keys, indicator_rows, task_rows
from plan_extract.output.atomic import (clean_temporaries, file_sha256, may_replace, remove_owned, unique_name,
                                        write_bytes_atomic, write_dir_atomic)
from plan_extract.output.files import OUTPUT_NAMES, OutputInvalid, render_outputs, rows_to_csv
from plan_extract.model.document import Plan
from plan_extract.settings import DEFAULT_MAX_MEMORY_MB as DEFAULT_FILE_MAX_MEMORY_MB
from plan_extract.settings import DEFAULT_TIMEOUT as DEFAULT_FILE_TIMEOUT
from plan_extract.settings import Resolvable

# The input formats a batch picks up, lower case (PDF through readers/pdf.py, DOCX through
# readers/docx.py, Word 97-2003 .doc converted by LibreOffice in readers/doc.py).
SUFFIXES = (".pdf", ".docx", ".doc")

MANIFEST_COLUMNS = ["file", "sha256", "status", "error", "pages", "tasks", "indicators",
                    "seconds", "output", "peak_mb"]
STATE_DIR = ".plan-extract"          # hidden: resume records, never a result folder
_STATUS = {"success": "ok", "partial": "partial", "failure": "failed"}
_POLL = 0.05                          # seconds between checks of a running worker (answer, alive, time)
_SAMPLE = 0.25                        # seconds between memory samples of its process tree (psutil
                                      # walks /proc: at every poll it cost the batch process ~7% of a core)
_STOP = threading.Event()             # set on Ctrl-C: running workers are killed

DEFAULT_JOBS = 2
DEFAULT_TIMEOUT = DEFAULT_FILE_TIMEOUT
DEFAULT_MAX_MEMORY_MB = DEFAULT_FILE_MAX_MEMORY_MB
EXECUTORS = ("local", "dask")


@dataclass
class BatchSettings(Resolvable):
    """How a batch runs. `resolve()` accepts None, a dict or an instance."""
    jobs: int = DEFAULT_JOBS
    timeout: float = DEFAULT_TIMEOUT            # seconds per file
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB  # resident memory per worker (with its children)
    executor: str = "local"                     # "local" | "dask"
    scheduler: Optional[str] = None             # tcp://HOST:PORT with executor "dask"
    force: bool = False                         # re-extract files that have a current result
    retry_failed: bool = False                  # re-extract files that failed in an earlier run
    progress: bool = True                       # tqdm bar on stderr
    wait: bool = False                          # another batch holds OUTDIR: wait, not fail

    def __post_init__(self):
        if int(self.jobs) < 1:
            raise ValueError("jobs must be >= 1")
        if float(self.timeout) <= 0:
            raise ValueError("timeout must be > 0")
        if int(self.max_memory_mb) < 16:
            raise ValueError("max_memory_mb must be >= 16")
        if self.executor not in EXECUTORS:
            raise ValueError(f"executor must be one of {EXECUTORS}, not {self.executor!r}")
        if self.executor == "dask" and not self.scheduler:
            raise ValueError("executor 'dask' needs a scheduler address (tcp://HOST:PORT)")


@dataclass
class Summary:
    """Counts of one batch run."""
    outdir: str
    total: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    failed_before: int = 0     # of `failed`: failures of an earlier run, not tried again
    tasks: int = 0
    indicators: int = 0
    seconds: float = 0.0
    rows: list[dict[str, Any]] = field(default_factory=list, repr=False)   # the manifest rows
    problem: Optional[str] = None   # a write into OUTDIR failed (disk full, read-only): one line

    def line(self) -> str:
        seconds = f"{self.seconds:.1f}".replace(".", ",")   # Vietnamese decimal comma
        return (f"{self.total} tệp: {self.ok} thành công, {self.partial} có cảnh báo, "
                f"{self.failed} lỗi{self._before()}, {self.skipped} bỏ qua (không đổi); "
                f"{self.tasks} nhiệm vụ, {self.indicators} chỉ tiêu; {seconds} giây; "
                f"xem {Path(self.outdir) / 'manifest.csv'}")

    def _before(self) -> str:
        if not self.failed_before:
            return ""
        return f" ({self.failed_before} từ lần chạy trước, thử lại: --retry-failed)"

    def failures(self) -> list[str]:
        """One line per failed file: 'path: error' (manifest order)."""
        return [f"{r['file']}: lỗi: {r['error'] or 'không rõ'}" for r in self.rows if r["status"] == "failed"]


@dataclass
class Job:
    rel: str            # path under the batch folder, '/'-separated (the manifest's "file")
    path: str           # absolute path
    sha256: Optional[str]
    output: str         # result folder name under OUTDIR
    error: Optional[str] = None   # set when the file could not even be hashed
    settings: Any = None          # run.Settings of this file (its corrections), set by run_batch
    key: Optional[str] = None     # settings_fingerprint of those settings


# ---------------------------------------------------------------- the walk

def find_documents(folder: Union[str, Path], exclude: Optional[Path] = None) -> list[Path]:
    """Every regular file under folder whose suffix is in SUFFIXES (any case), sorted by relative
    path; hidden files and folders, and `exclude` (the output folder when it lies inside),
    skipped. walk_documents also says what could not be taken and why."""
    return walk_documents(folder, exclude)[0]


def walk_documents(folder: Union[str, Path], exclude: Optional[Path] = None
                   ) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(documents, problems): the regular files walk_documents may open, and the entries it
    will not, each with "code: message" — a FIFO, socket or device with a document's name
    ("not-a-regular-file": opening one could block forever), a symbolic link that loops
    ("symlink-loop") or leads nowhere ("broken-link"), a folder or file that cannot be read
    ("unreadable"). Links to folders are followed, a link back to a folder being walked is a loop.
    Nothing is opened here: entries are only stat-ed. Both lists sorted by relative path."""
    folder = Path(folder)
    try:
        skip = os.stat(exclude) if exclude is not None else None
    except OSError:
        skip = None
    found: list[Path] = []
    problems: list[tuple[Path, str]] = []
    try:
        top = os.stat(folder)
    except OSError as e:
        return [], [(folder, _walk_error(e))]
    stack: list[tuple[Path, tuple[tuple[int, int], ...]]] = [(folder, ((top.st_dev, top.st_ino),))]
    while stack:
        here, chain = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            problems.append((here, _walk_error(e)))
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = here / entry.name
            wanted = entry.name.lower().endswith(SUFFIXES)
            try:
                st = entry.stat(follow_symlinks=True)
            except OSError as e:
                if wanted or entry.is_symlink():
                    problems.append((path, _walk_error(e)))
                continue
            if stat.S_ISDIR(st.st_mode):
                ident = (st.st_dev, st.st_ino)
                if skip is not None and ident == (skip.st_dev, skip.st_ino):
                    continue
                if ident in chain:
                    problems.append((path, "symlink-loop: liên kết tượng trưng quay vòng về thư mục "
                                           "cha, bỏ qua (symbolic link loops back to a parent folder)"))
                    continue
                subdirs.append((path, chain + (ident,)))
            elif wanted:
                if stat.S_ISREG(st.st_mode):
                    found.append(path)
                else:
                    problems.append((path, "not-a-regular-file: không phải tệp thường (FIFO, socket "
                                           "hoặc thiết bị), không mở (not a regular file: not opened)"))
        stack.extend(reversed(subdirs))

    def rel(p: Path) -> str:
        return p.relative_to(folder).as_posix() if p != folder else "."
    return sorted(found, key=rel), sorted(problems, key=lambda x: rel(x[0]))


def _walk_error(e: OSError) -> str:
    import errno
    if e.errno == errno.ELOOP:
        return "symlink-loop: liên kết tượng trưng quay vòng, bỏ qua (symbolic link loop)"
    if isinstance(e, FileNotFoundError):
        return "broken-link: liên kết trỏ tới tệp không tồn tại (broken symbolic link)"
    return f"unreadable: không đọc được ({e.strerror or type(e).__name__})"


def hash_document(path: Union[str, Path], timeout: float = DEFAULT_TIMEOUT
                  ) -> tuple[Optional[str], Optional[str]]:
    """(sha256, None) or (None, "code: message"). The file is opened without blocking and
    checked to be a regular file on the open handle (a FIFO put in its place is never read), and
    hashed in a helper thread given `timeout` seconds (a hung network share fails this file,
    not the batch)."""
    box: dict[str, Any] = {}

    def work():
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError as e:
            box["err"] = _walk_error(e)
            return
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                box["err"] = "not-a-regular-file: không phải tệp thường, không mở (not a regular file)"
                return
            h = hashlib.sha256()
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                h.update(chunk)
            box["sha"] = h.hexdigest()
        except OSError as e:
            box["err"] = f"unreadable: không đọc được tệp ({e.strerror or type(e).__name__})"
        finally:
            os.close(fd)

    t = threading.Thread(target=work, name="plan-extract-hash", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        return None, f"timeout: đọc tệp để băm quá {timeout:g} giây, đã bỏ qua (hashing took too long)"
    return box.get("sha"), box.get("err")


def assign_outputs(folder: Path, files: list[Path], reserved: Iterable[str] = (),
                   timeout: float = DEFAULT_TIMEOUT) -> list[Job]:
    """Jobs with their result folder names: the file stem made safe (output.atomic.safe_name:
    never hidden, never "." or "..", short enough), or, when several files share it (or it is
    `reserved`: a name in OUTDIR that is not a result folder, the batch's own tables),
    '<name>-<first 8 hex of sha256>' for all but the first by path."""
    jobs = []
    for p in files:
        rel = p.relative_to(folder).as_posix()
        sha, err = hash_document(p, timeout)
        jobs.append(Job(rel, os.path.abspath(p), sha, "", err))
    taken: set[str] = {r.casefold() for r in reserved}
    for job in jobs:
        job.output = unique_name(PurePosixPath(job.rel).stem, taken, seed=job.sha256 or job.rel)
    return jobs


#: Names in OUTDIR a result folder never takes: the batch's own files and the export folder.
OWN_NAMES = ("manifest.csv", "all_tasks.csv", "all_indicators.csv", "export", STATE_DIR)


def reserved_names(outdir: Path) -> set[str]:
    """OWN_NAMES and every entry of OUTDIR a result may not replace (a user's own files)."""
    names = set(OWN_NAMES)
    if outdir.is_dir():
        names |= {p.name for p in outdir.iterdir() if not may_replace(p, OUTPUT_NAMES)}
    return names


# ---------------------------------------------------------------- the per-file function

def _mp_context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # imported once in the fork server, inherited by every worker (missing ones are ignored)
        ctx.set_forkserver_preload(["plan_extract", "plan_extract.run", "plan_extract.output.files",
                                    "plan_extract.output.validate", "plan_extract.readers.pdf",
                                    "plan_extract.tables.find", "plan_extract.tables.stitch",
                                    "plan_extract.interpret.tasks", "plan_extract.interpret.indicators",
                                    "plan_extract.interpret.metadata", "plan_extract.interpret.body",
                                    "plan_extract.normalise.deadlines", "plan_extract.normalise.units",
                                    "pdfplumber", "pandas", "jsonschema"])
        return ctx
    return multiprocessing.get_context("spawn")


def _reset_peak() -> bool:
    """Start measuring this process's peak memory afresh (Linux: clear_refs 5 resets VmHWM), so
    that a warm worker reports each file's own peak, not its lifetime's. False elsewhere."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _own_peak_mb() -> Optional[float]:
    """This process's peak resident memory since _reset_peak (MiB), or None where unknown (the
    watching process's samples then stand for it)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _die_with(parent_pid: int) -> None:
    """Make this worker end when the batch process that started it ends, however it ends
    (SIGKILL included): on Linux the kernel's parent-death signal (the worker's parent is the
    fork server, which exits with the batch), and everywhere a watchdog thread that checks the
    batch process (by pid and start time, so a reused pid does not fool it) every second."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))   # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    def watch():
        import psutil
        try:
            born = psutil.Process(parent_pid).create_time()
        except psutil.Error:
            os._exit(1)
        while True:
            time.sleep(1.0)
            try:
                if psutil.Process(parent_pid).create_time() != born:
                    os._exit(1)
            except psutil.Error:
                os._exit(1)

    threading.Thread(target=watch, name="plan-extract-watchdog", daemon=True).start()


def extract_or_failure(path: str, settings):
    """extract_result in a worker -> (result, None), or (result, the failed payload it reports)."""
    from plan_extract.run import extract_result
    result = extract_result(path, settings)
    if result.plan is None:
        err = result.error
        return result, {"status": "failed", "error": f"{err.code}: {err.message}" if err else "failed"}
    return result, None


def extract_and_render(path: str, settings) -> dict[str, Any]:
    """The work done for one file inside a worker: extract, validate, render the result folder."""
    result, failed = extract_or_failure(path, settings)
    if failed:
        return failed
    plan = result.plan
    try:
        payload = {"status": _STATUS.get(result.status, "partial"), "error": None,
                   "files": render_outputs(plan)}
    except OutputInvalid as e:
        payload = {"status": "failed", "error": str(e)}
    payload.update(pages=plan.source.pages, tasks=len(plan.tasks), indicators=len(plan.indicators))
    return payload


def _run_one(work, path: str, settings) -> dict[str, Any]:
    measured = _reset_peak()
    try:
        payload = work(path, settings)
    except Exception as e:  # a bug in a stage: this file fails, the batch goes on
        tb = traceback.extract_tb(e.__traceback__)
        where = f" ({Path(tb[-1].filename).name}:{tb[-1].lineno})" if tb else ""
        payload = {"status": "failed", "error": f"crash: {type(e).__name__}: {e}{where}"}
    payload["peak_mb"] = _own_peak_mb() if measured else None
    return payload


def _serve(conn, max_tasks: int, parent_pid: Optional[int] = None) -> None:
    """A worker process: (work, path, settings) in, one result dict out, up to max_tasks files;
    the last answer says so ("_retire") and the process exits (maxtasksperchild). It ends with
    the process that started it (parent_pid)."""
    if parent_pid is not None:
        _die_with(parent_pid)
    for n in range(1, max_tasks + 1):
        try:
            msg = conn.recv()
        except (EOFError, OSError):     # the batch is gone: nothing to answer
            return
        if msg is None:
            return
        payload = _run_one(*msg)
        payload["_retire"] = n == max_tasks
        try:
            conn.send(payload)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    """One warm worker process (forked from the fork server) and its pipe."""

    def __init__(self):
        import psutil
        self.conn, child_conn = _mp_context().Pipe(duplex=True)
        self.proc = _mp_context().Process(target=_serve, daemon=True,
                                          args=(child_conn, MAX_TASKS_PER_WORKER, os.getpid()))
        self.proc.start()
        child_conn.close()
        try:
            self.ps = psutil.Process(self.proc.pid)
        except psutil.Error:
            self.ps = None
        with _WORKERS_LOCK:
            _WORKERS.add(self)

    def close(self, kill: bool = False) -> None:
        if kill or not self._ask_to_exit():
            _kill_tree(self.ps)
            if self.proc.is_alive():
                self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        with _WORKERS_LOCK:
            _WORKERS.discard(self)

    def _ask_to_exit(self) -> bool:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            return not self.proc.is_alive()
        self.proc.join(2)
        return not self.proc.is_alive()


# Files go to warm worker processes, one per calling thread (the batch runs `jobs` threads, so
# `jobs` workers), each replaced after MAX_TASKS_PER_WORKER files, after a time-out, a memory
# overrun or a crash: a fresh process per file would pay the pipeline's start-up (imports,
# vocabularies, the unit registry: about 2 s) on every file.
MAX_TASKS_PER_WORKER = 100
_WORKERS: set = set()
_WORKERS_LOCK = threading.Lock()
_LOCAL = threading.local()


def shutdown_workers() -> None:
    """Stop every worker process this process started (the end of a batch)."""
    with _WORKERS_LOCK:
        workers = list(_WORKERS)
    for w in workers:
        w.close()


def _tree_rss(proc) -> int:
    import psutil
    if proc is None:
        return 0
    try:
        total = proc.memory_info().rss
        for c in proc.children(recursive=True):
            try:
                total += c.memory_info().rss
            except psutil.Error:
                pass
        return total
    except psutil.Error:
        return 0


def _kill_tree(proc) -> None:
    import psutil
    if proc is None:
        return
    try:
        for c in proc.children(recursive=True):
            try:
                c.kill()
            except psutil.Error:
                pass
        proc.kill()
    except psutil.Error:
        pass


def process_file(path: str, settings=None, timeout: float = DEFAULT_TIMEOUT,
                 max_memory_mb: int = DEFAULT_MAX_MEMORY_MB, work=extract_and_render) -> dict[str, Any]:
    """Extract one file in a worker process with a time limit and a memory guard.

    Returns {"status": ok|partial|failed, "error", "pages", "tasks", "indicators", "files":
    {name: bytes} (the result folder, validated) or absent, "seconds", "peak_mb"}. Never raises
    for anything the file does: a hang, an overrun, a crash become a failed dict (and the worker
    is replaced). `work` (a module-level function path, settings -> dict) is what runs in the
    worker; tests swap it to exercise the guards."""
    start = time.perf_counter()
    import multiprocessing
    if multiprocessing.current_process().daemon:
        # a Dask worker under its nanny runs as a daemonic process, which may not start any
        return {"status": "failed", "error": "crash: tiến trình Dask worker là daemon, không tạo được tiến trình "
                "xử lý: chạy dask worker với DASK_DISTRIBUTED__WORKER__DAEMON=False hoặc --no-nanny "
                "(a daemonic process cannot start the guarded worker)",
                "seconds": round(time.perf_counter() - start, 3)}
    worker = getattr(_LOCAL, "worker", None)
    msg = (work, str(path), settings)
    for attempt in range(2):
        if worker is None or not worker.proc.is_alive():
            if worker is not None:
                worker.close(kill=True)
            worker = _LOCAL.worker = _Worker()
        try:
            worker.conn.send(msg)
            break
        except (BrokenPipeError, OSError):
            worker.close(kill=True)
            worker = _LOCAL.worker = None
    else:
        return {"status": "failed", "error": "crash: không khởi động được tiến trình xử lý",
                "seconds": round(time.perf_counter() - start, 3)}
    limit = max_memory_mb * 1024 * 1024
    peak, payload, error = 0, None, None
    next_sample = start
    while True:
        if worker.conn.poll(_POLL):
            try:
                payload = worker.conn.recv()
            except (EOFError, OSError):
                payload = None
            break
        if not worker.proc.is_alive():
            if worker.conn.poll(0):
                continue
            break
        now = time.perf_counter()
        if now >= next_sample:
            peak, next_sample = max(peak, _tree_rss(worker.ps)), now + _SAMPLE
        if peak > limit:
            error = (f"memory-limit: vượt giới hạn bộ nhớ {max_memory_mb} MiB "
                     f"({peak // (1024 * 1024)} MiB), đã dừng")
            break
        if time.perf_counter() - start > timeout:
            error = f"timeout: quá thời gian cho phép {timeout:g} giây, đã dừng"
            break
        if _STOP.is_set():
            error = "interrupted: dừng theo yêu cầu"
            break
    seconds = round(time.perf_counter() - start, 3)
    peak_mb = round(peak / (1024 * 1024), 1)
    if payload is None:
        code = None
        worker.close(kill=True)
        code = worker.proc.exitcode
        _LOCAL.worker = None
        if error is None:
            how = f"tín hiệu {-code}" if code is not None and code < 0 else f"mã thoát {code}"
            error = f"crash: tiến trình xử lý dừng đột ngột ({how})"
        return {"status": "failed", "error": error, "seconds": seconds, "peak_mb": peak_mb}
    if payload.pop("_retire", False):
        worker.close()
        _LOCAL.worker = None
    payload["seconds"] = seconds
    payload["peak_mb"] = max(payload.get("peak_mb") or 0, peak_mb)
    return payload


# ---------------------------------------------------------------- records (resume)

def settings_fingerprint(settings) -> str:
    """Pipeline version + every setting that changes results (unit registry by its content)."""
    from plan_extract.run import Settings
    s = Settings.resolve(settings)
    d: dict[str, Any] = {"version": __version__, "ocr": s.ocr}
    tables = s.tables
    d["tables"] = dataclasses.asdict(tables) if dataclasses.is_dataclass(tables) else repr(tables)
    if s.unit_registry:
        try:
            d["units"] = file_sha256(s.unit_registry)
        except OSError:
            d["units"] = str(s.unit_registry)
    if s.corrections:                       # staff corrections: a changed file re-extracts
        from plan_extract.review.corrections import resolve_sets
        d["corrections"] = [c.fingerprint() for c in resolve_sets(s.corrections)]
    blob = json.dumps(d, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def _record_path(outdir: Path, output: str) -> Path:
    return outdir / STATE_DIR / "results" / f"{output}.json"


def _read_record(outdir: Path, output: str) -> Optional[dict]:
    try:
        with open(_record_path(outdir, output), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _current(record: Optional[dict], job: Job, key: str, outdir: Path,
             retry_failed: bool = False) -> bool:
    if not record or record.get("sha256") != job.sha256 or record.get("key") != key \
            or record.get("version") != __version__ or record.get("file") != job.rel:
        return False
    if record.get("status") == "failed":
        if retry_failed:
            return False
        # a bad file stays bad; a time limit, memory limit or crash is worth another try
        return not str(record.get("error") or "").startswith(("timeout", "memory-limit", "crash",
                                                              "interrupted", "unreadable"))
    return (outdir / job.output / "plan.json").is_file()


# ---------------------------------------------------------------- the lock

class BatchLocked(Exception):
    """Another batch is writing into this output folder."""


class DiskProblem(Exception):
    """Writing into the output folder failed (read-only, full, quota, permissions): one line."""


LOCK_NAME = "lock"


@contextlib.contextmanager
def outdir_lock(outdir: Path, wait: bool = False):
    """Hold OUTDIR/.plan-extract/lock for one batch: a second batch on the same folder raises
    BatchLocked at once (naming the holder's pid), or with wait=True blocks until the first one
    ends. The lock is the operating system's (flock / msvcrt.locking): it ends with its holder,
    a killed batch never leaves a stale lock."""
    path = outdir / STATE_DIR / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    f = open(path, "a+b")
    try:
        while True:
            try:
                _lock_file(f, blocking=wait)
                break
            except (BlockingIOError, PermissionError, OSError) as e:
                if wait and not isinstance(e, (BlockingIOError, PermissionError)):
                    raise
                if wait:
                    time.sleep(1.0)
                    continue
                f.seek(0)
                holder = f.read(32).decode("ascii", "replace").strip() or "?"
                raise BatchLocked(f"{outdir}: một lượt batch khác (pid {holder}) đang ghi vào thư mục "
                                  f"này; chạy lại sau hoặc dùng --wait (another batch is writing "
                                  f"here)") from None
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n".encode())
        f.flush()
        yield
    finally:
        f.close()


def _lock_file(f, blocking: bool) -> None:
    if os.name == "nt":
        import msvcrt
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)     # retried by the caller when waiting
    else:
        import fcntl
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))


# ---------------------------------------------------------------- the batch

def run_batch(folder: Union[str, Path], outdir: Union[str, Path],
              bsettings: Union[None, dict, BatchSettings] = None, settings=None) -> Summary:
    """Extract every document under folder into outdir; see the module docstring. Raises
    BatchLocked when another batch holds outdir, OSError when outdir cannot be prepared; a
    write failing later (disk full, read-only, quota) stops the batch with the manifest written
    for what finished (Summary.problem says what went wrong, in one line)."""
    outdir = Path(outdir)
    bsettings = BatchSettings.resolve(bsettings)
    outdir.mkdir(parents=True, exist_ok=True)
    with outdir_lock(outdir, wait=bsettings.wait):
        return _run_locked(Path(folder), outdir, bsettings, settings)


def _run_locked(folder: Path, outdir: Path, bsettings: BatchSettings, settings) -> Summary:
    from plan_extract.output.atomic import describe_os_error
    from plan_extract.run import Settings
    settings = Settings.resolve(settings)
    started = time.perf_counter()
    clean_temporaries(outdir)
    (outdir / STATE_DIR / "results").mkdir(parents=True, exist_ok=True)
    clean_temporaries(outdir / STATE_DIR / "results")

    documents, problems = walk_documents(folder, exclude=outdir)
    jobs = assign_outputs(folder, documents, reserved_names(outdir), timeout=bsettings.timeout)
    jobs += [Job(_rel(folder, p), os.path.abspath(p), None, "", err) for p, err in problems]
    jobs.sort(key=lambda j: j.rel)
    bad_corrections = _job_settings(jobs, outdir, settings)
    rows: dict[str, dict[str, Any]] = {}
    todo: list[Job] = []
    failed_before = 0
    for job in jobs:
        record = None if bsettings.force or job.error else _read_record(outdir, job.output)
        if job.error is not None:
            rows[job.rel] = _row(job, {"status": "failed", "error": job.error})
        elif job.rel in bad_corrections:
            rows[job.rel] = _row(job, {"status": "failed", "error": bad_corrections[job.rel]})
        elif _current(record, job, job.key, outdir, bsettings.retry_failed):
            before = record.get("status") == "failed"     # stays a failure: never "skipped"
            rows[job.rel] = {**_row(job, {**record, "seconds": 0.0, "peak_mb": None}),
                             "status": "failed" if before else "skipped"}
            failed_before += before
        else:
            todo.append(job)

    problem = None
    bar = _progress(len(jobs), len(jobs) - len(todo), bsettings.progress)
    _STOP.clear()
    results = _execute(todo, bsettings, settings)
    try:
        for job, result in results:
            try:
                rows[job.rel] = _finish(job, result, outdir, job.key)
            except DiskProblem as e:        # nothing more can be written: stop, keep what finished
                problem = str(e)
                rows[job.rel] = _row(job, {**result, "status": "failed", "error": f"write-failed: {e}"})
                break
            bar.update(1)
            bar.set_postfix_str(_postfix(rows), refresh=False)
    finally:
        results.close()
        bar.close()
        clean_temporaries(outdir)
        _STOP.clear()
    for job in todo:
        if job.rel not in rows:
            rows[job.rel] = _row(job, {"status": "failed", "error": "not-run: dừng vì không ghi được "
                                       "thư mục kết quả (stopped: the output folder cannot be written)"})

    manifest = [rows[j.rel] for j in jobs]
    try:
        _write_tables(outdir, manifest)
    except OSError as e:
        line = describe_os_error(e, outdir)
        problem = f"{problem}; {line}" if problem else line
    summary = Summary(str(outdir), total=len(manifest), rows=manifest, failed_before=failed_before,
                      seconds=time.perf_counter() - started, problem=problem)
    for row in manifest:
        setattr(summary, row["status"], getattr(summary, row["status"]) + 1)
        summary.tasks += row["tasks"] or 0
        summary.indicators += row["indicators"] or 0
    return summary


def _rel(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix() if path != folder else "."


def _job_settings(jobs: list[Job], outdir: Path, settings) -> dict[str, str]:
    """Each job's settings: the run's, with the corrections of its document (its result folder's
    corrections.json and the --corrections files made for its sha256). Returns rel -> error for
    files whose corrections.json cannot be read (they fail with that one-line message)."""
    import dataclasses
    from plan_extract.review.corrections import CorrectionsError, corrections_for, resolve_sets
    explicit = resolve_sets(settings.corrections)
    bad: dict[str, str] = {}
    base_key = settings_fingerprint(dataclasses.replace(settings, corrections=None))
    for job in jobs:
        try:
            sets = corrections_for(job.sha256, outdir / job.output, explicit) if job.sha256 else []
        except CorrectionsError as e:
            bad[job.rel] = f"bad-corrections: {e}"
            sets = []
        job.settings = dataclasses.replace(settings, corrections=sets or None)
        job.key = settings_fingerprint(job.settings) if sets else base_key
    return bad


def _row(job: Job, data: dict[str, Any]) -> dict[str, Any]:
    failed = data.get("status") == "failed"
    return {"file": job.rel, "sha256": job.sha256, "status": data["status"],
            "error": data.get("error"), "pages": data.get("pages"),
            "tasks": data.get("tasks"), "indicators": data.get("indicators"),
            "seconds": round(float(data.get("seconds") or 0.0), 3),
            "output": None if failed else job.output,
            "peak_mb": data.get("peak_mb")}


def _finish(job: Job, result: dict[str, Any], outdir: Path, key: str) -> dict[str, Any]:
    """Put one result in place (folder first, record second) and return its manifest row.
    Raises DiskProblem (one line naming the folder and the problem) when either write fails."""
    from plan_extract.output.atomic import ForeignTarget, describe_os_error
    target = outdir / job.output
    try:
        if result.get("status") != "failed" and result.get("files"):
            write_dir_atomic(target, result["files"], owned=OUTPUT_NAMES)
        else:
            result = {**result, "status": "failed"}
            remove_owned(target, OUTPUT_NAMES)   # an older result of a file that now fails would mislead
    except ForeignTarget as e:                   # appeared since the walk: left alone
        result = {**result, "status": "failed", "error": f"output-exists: {e}"}
    except OSError as e:
        raise DiskProblem(describe_os_error(e, target)) from None
    row = _row(job, result)
    record = {k: row[k] for k in ("file", "sha256", "status", "error", "pages", "tasks", "indicators",
                                  "seconds", "output")}
    record.update(version=__version__, key=key)
    try:
        write_bytes_atomic(_record_path(outdir, job.output),
                           (json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())
    except OSError as e:
        raise DiskProblem(describe_os_error(e, _record_path(outdir, job.output).parent)) from None
    return row


def _execute(todo: list[Job], bsettings: BatchSettings, settings):
    """Yield (job, result dict) as files finish, from local worker processes or a Dask cluster."""
    if not todo:
        return
    args = (settings, bsettings.timeout, bsettings.max_memory_mb)
    if bsettings.executor == "dask":
        from distributed import Client, as_completed as dask_completed
        with Client(bsettings.scheduler, set_as_default=False) as client:
            futures = {client.submit(process_file, job.path, job.settings or settings, *args[1:], pure=False,
                                     key=f"plan-extract-{job.output}-{job.sha256[:12]}"): job
                       for job in todo}
            for fut in dask_completed(list(futures), loop=client.loop):
                job = futures[fut]
                try:
                    result = fut.result()
                except Exception as e:  # the Dask worker itself died or lost the task
                    result = {"status": "failed", "error": f"crash: {type(e).__name__}: {e}"}
                yield job, result
            try:
                client.run(shutdown_workers)    # the cluster's warm workers of this batch
            except Exception:
                pass
        return
    try:
        yield from _execute_local(todo, bsettings, args)
    finally:
        shutdown_workers()


def _execute_local(todo: list[Job], bsettings: BatchSettings, args: tuple):
    with ThreadPoolExecutor(max_workers=bsettings.jobs, thread_name_prefix="plan-extract") as pool:
        futures = {pool.submit(process_file, job.path, job.settings or args[0], *args[1:]): job for job in todo}
        try:
            for fut in as_completed(futures):
                job = futures[fut]
                try:
                    result = fut.result()
                except Exception as e:  # process_file itself failed (cannot start a process, ...)
                    result = {"status": "failed", "error": f"crash: {type(e).__name__}: {e}"}
                yield job, result
        except BaseException:   # Ctrl-C or an early exit: kill running workers, skip queued files
            _STOP.set()
            for fut in futures:
                fut.cancel()
            raise


def _progress(total: int, done: int, enabled: bool):
    from tqdm import tqdm
    tqdm.monitor_interval = 0
    return tqdm(total=total, initial=done, unit="tệp", desc="plan-extract", file=sys.stderr,
                disable=not enabled, dynamic_ncols=True, smoothing=0.1)


def _postfix(rows: dict[str, dict]) -> str:
    counts: dict[str, int] = {}
    for r in rows.values():
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def _write_tables(outdir: Path, manifest: list[dict[str, Any]]) -> None:
    """manifest.csv, all_tasks.csv, all_indicators.csv, from the manifest rows and the
    per-document plan.json files (so that a resumed run rebuilds them), each atomically."""
    from plan_extract.output.validate import validate_rows
    errors = validate_rows("manifest", manifest)
    if errors:
        raise OutputInvalid("manifest.csv", errors)
    all_tasks, all_indicators = [], []
    for row in manifest:
        if row["status"] == "failed" or not row["output"]:
            continue
        try:
            with open(outdir / row["output"] / "plan.json", encoding="utf-8") as f:
                plan = Plan.from_dict(json.load(f))
        except (OSError, ValueError, KeyError):
            continue
        keys = doc_keys(plan, row["file"])
        all_tasks.extend({**keys, **r} for r in task_rows(plan))
        all_indicators.extend({**keys, **r} for r in indicator_rows(plan))
    # the manifest first: after a disk problem it is the one file that must land
    write_bytes_atomic(outdir / "manifest.csv", rows_to_csv(manifest, MANIFEST_COLUMNS))
    write_bytes_atomic(outdir / "all_tasks.csv", rows_to_csv(all_tasks, DOC_KEY_COLUMNS + TASK_COLUMNS))
    write_bytes_atomic(outdir / "all_indicators.csv",
                       rows_to_csv(all_indicators, DOC_KEY_COLUMNS + INDICATOR_COLUMNS))


def read_manifest(outdir: Union[str, Path]) -> list[dict[str, str]]:
    """manifest.csv rows as dicts of strings (BOM handled)."""
    with open(Path(outdir) / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
