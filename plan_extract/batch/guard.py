"""The one guard every entry point reads a file through (`extract`, `batch`, the service, the
Python API when asked): the file is read in a worker process watched by the caller, with a time
limit and a memory limit, and the readers check the caps of settings.Limits as they go (page
pixels before OCR renders, glyphs and paths per page, PDF objects, inflated bytes). Whatever the
file does, the answer is a Result: a plan, or a failure whose error code says why ("timeout",
"memory-limit", "too-large", "too-complex", or the reader's own code such as "damaged-pdf") and
whose message is one line, never a traceback.

    from plan_extract.batch.guard import guarded_extract
    result = guarded_extract("plan.pdf", {"timeout": 30})
    result = guarded_extract(uploaded_bytes, name="upload.docx")      # bytes: a service upload
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any, Optional, Union

from plan_extract.batch.runner import _STATUS as _PAYLOAD_STATUS
from plan_extract.batch.runner import extract_or_failure, process_file, shutdown_workers
from plan_extract.model.document import Issue, Result
from plan_extract.settings import Limits

_STATUS = {"ok": "success", "partial": "partial", "failed": "failure"}


def read_plan(path: str, settings) -> dict[str, Any]:
    """Runs in the worker: extract_result -> a plain dict (the plan itself, or the error)."""
    result, failed = extract_or_failure(path, settings)
    if failed:
        return failed
    plan = result.plan
    return {"status": _PAYLOAD_STATUS.get(result.status, "partial"),
            "error": None, "plan": plan, "pages": plan.source.pages, "tasks": len(plan.tasks),
            "indicators": len(plan.indicators)}


def split_error(error: Optional[str]) -> tuple[str, str]:
    """ "code: message" (what process_file reports) -> (code, message)."""
    code, sep, message = (error or "failed").partition(": ")
    if not sep or " " in code:
        return "failed", error or "failed"
    return code, message


def _sniff_suffix(data: bytes) -> str:
    return ".docx" if data[:2] == b"PK" else ".pdf"


def guarded_extract(source: Union[str, Path, bytes], limits: Union[None, dict, Limits] = None,
                    settings: Any = None, name: Optional[str] = None) -> Result:
    """Read one document (a path, or its bytes with an optional file `name` whose suffix says
    PDF or DOCX) under `limits` (settings.Limits; overrides settings.limits when given). Never
    raises for anything the file does: the Result carries the plan, or a failure's `error` as
    Issue(level "error", code, one-line message); `seconds` is the wall time of this file.
    Worker processes stay warm for the next call; close() stops them."""
    from plan_extract.run import Settings
    settings = Settings.resolve(settings)
    if limits is not None:
        settings.limits = Limits.resolve(limits)
    lim = settings.limits
    start = time.perf_counter()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        filename = Path(name or "").name or "input"
        if Path(filename).suffix.lower() not in (".pdf", ".docx"):
            filename += _sniff_suffix(data)
        with tempfile.TemporaryDirectory(prefix="plan-extract-") as tmp:
            path = Path(tmp) / filename
            path.write_bytes(data)
            payload = process_file(str(path), settings, lim.timeout, lim.max_memory_mb, work=read_plan)
        shown = name or filename
    else:
        path = Path(source)
        shown = str(source)
        if not path.is_file():
            why = ("not-a-file", f"{path.name} không phải tệp thường (not a regular file)") \
                if path.exists() else ("file-not-found", f"Không tìm thấy tệp {path.name} (file not found)")
            return Result(shown, "failure", None, Issue("error", *why), time.perf_counter() - start)
        payload = process_file(str(path), settings, lim.timeout, lim.max_memory_mb, work=read_plan)
    seconds = time.perf_counter() - start
    plan = payload.get("plan")
    if plan is None:
        code, message = split_error(payload.get("error"))
        return Result(shown, "failure", None, Issue("error", code, message), seconds)
    return Result(shown, _STATUS.get(payload["status"], "partial"), plan, None, seconds)


def close() -> None:
    """Stop the warm worker processes this process started."""
    shutdown_workers()


__all__ = ["guarded_extract", "close", "read_plan", "split_error", "Limits"]
