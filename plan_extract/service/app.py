"""The HTTP service (`plan-extract serve`): Starlette on uvicorn.

    GET  /healthz         {"status": "ok", "version": ...}
    POST /v1/extract      multipart/form-data: `file` (PDF or DOCX), optional `ocr` (true|false)
                          and `units` (a unit alias file, YAML, as in --units)
                          -> 200 the plan.json document (validated against schemas/plan.schema.json)
    GET  /openapi.json    the OpenAPI 3.1 document of the above

Errors are JSON {"error": {"code": ..., "message": ...}} with the stable code and the Vietnamese
message the CLI prints for the same input (`plan-extract extract` writes "FILE: lỗi: CODE:
MESSAGE"): 400 a malformed request (no `file`, a bad setting), 413 an upload over the size limit,
422 a document that cannot be read (empty, truncated, encrypted, not a PDF or DOCX, ...),
503 every worker busy for longer than the queue wait (with Retry-After), 504 the per-request time
limit, 507 the memory limit, 500 a bug (crash, output that fails its schema).

Each document is extracted in a warm worker process (batch.runner.process_file, the same guards
as `batch`: a time limit and a memory limit per request; a killed worker is replaced), at most
`concurrency` at a time; the server process itself never parses a document.
"""
from __future__ import annotations

import asyncio
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from plan_extract import __version__
from plan_extract.settings import Resolvable

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass
class ServiceSettings(Resolvable):
    """Limits of the service. `resolve()` accepts None, a dict or an instance."""
    max_upload_mb: float = 50.0       # request body limit (413 above it)
    timeout: float = 300.0            # seconds one request's extraction may take (504)
    max_memory_mb: int = 4096         # resident memory of one worker (507)
    concurrency: int = 2              # documents extracted at once (worker processes)
    queue_wait: float = 60.0          # seconds a request may wait for a free worker (503)
    ocr: bool = True                  # default for the `ocr` field
    unit_registry: Optional[str] = None   # server-side alias file (as --units)

    def __post_init__(self):
        if float(self.max_upload_mb) <= 0 or float(self.timeout) <= 0 or float(self.queue_wait) < 0:
            raise ValueError("max_upload_mb and timeout must be > 0, queue_wait >= 0")
        if int(self.concurrency) < 1:
            raise ValueError("concurrency must be >= 1")

    @property
    def max_bytes(self) -> int:
        return int(float(self.max_upload_mb) * 1024 * 1024)


# HTTP status for each failure code of a document (anything else a document does: 422)
_STATUS = {"timeout": 504, "memory-limit": 507, "crash": 500, "output-invalid": 500,
           "interrupted": 503}


def extract_plan_json(path: str, settings) -> dict[str, Any]:
    """The work done for one request inside a worker process: extract, validate, plan.json bytes.
    (Module level: the worker imports it by name.)"""
    from plan_extract.output.files import OutputInvalid, render_outputs
    from plan_extract.run import extract_result
    result = extract_result(path, settings)
    if result.plan is None:
        err = result.error
        return {"status": "failed", "error": f"{err.code}: {err.message}"}
    try:
        files = render_outputs(result.plan)      # validates plan.json and the CSV rows
    except OutputInvalid as e:
        return {"status": "failed", "error": str(e)}
    return {"status": "ok", "error": None, "plan": files["plan.json"]}


def _error(status: int, code: str, message: str, headers: Optional[dict] = None):
    from starlette.responses import JSONResponse
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                        headers=headers)


def _split_error(error: str) -> tuple[str, str]:
    """'truncated-pdf: Tệp ...' -> ('truncated-pdf', 'Tệp ...') (the CLI's CODE: MESSAGE)."""
    code, sep, message = (error or "").partition(": ")
    if not sep or " " in code:
        return "failed", error or "lỗi không rõ"
    return code, message


def _flag(value: Optional[str], name: str) -> Optional[bool]:
    if value is None or value == "":
        return None
    v = str(value).strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"trường {name} phải là true hoặc false, không phải {value!r}")


def create_app(settings=None):
    """The Starlette application with the given ServiceSettings (or a dict of them)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from plan_extract.batch.runner import process_file, shutdown_workers
    from plan_extract.run import Settings, read_input
    from plan_extract.settings import Limits

    import python_multipart  # noqa: F401  (starlette's form parser: fail at start, not per request)

    cfg = ServiceSettings.resolve(settings)
    pool = ThreadPoolExecutor(max_workers=int(cfg.concurrency), thread_name_prefix="plan-extract-http")
    slots: dict[str, asyncio.Semaphore] = {}

    @asynccontextmanager
    async def lifespan(app):
        slots["sem"] = asyncio.Semaphore(int(cfg.concurrency))
        try:
            yield
        finally:
            await asyncio.get_running_loop().run_in_executor(None, _stop, pool, shutdown_workers)

    async def healthz(request: Request):
        return JSONResponse({"status": "ok", "version": __version__})

    async def openapi(request: Request):
        return JSONResponse(openapi_document(cfg))

    async def extract(request: Request):
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cfg.max_bytes:
            return _too_large(cfg)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > cfg.max_bytes:
                return _too_large(cfg)
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            return _error(400, "bad-request", "Yêu cầu phải là multipart/form-data với trường file "
                          "(tệp PDF hoặc DOCX).")
        replay = _Replay(bytes(body))
        try:
            form = await Request(request.scope, replay).form(max_files=2, max_fields=10)
        except Exception as e:   # starlette's MultiPartException and parser errors
            return _error(400, "bad-request", f"Không đọc được nội dung multipart: {e}")
        try:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                return _error(400, "missing-file", "Thiếu trường file (tệp PDF hoặc DOCX cần trích).")
            try:
                ocr = _flag(form.get("ocr"), "ocr")
            except ValueError as e:
                return _error(400, "bad-setting", str(e))
            data = await upload.read()
            units = form.get("units")
            units_data = await units.read() if units is not None and not isinstance(units, str) \
                else (units.encode("utf-8") if isinstance(units, str) and units.strip() else None)
            filename = upload.filename
        finally:
            await form.close()
        return await _extract(data, filename, ocr, units_data)

    async def _extract(data: bytes, filename: Optional[str], ocr: Optional[bool],
                       units_data: Optional[bytes]):
        sem = slots["sem"]
        try:
            await asyncio.wait_for(sem.acquire(), timeout=cfg.queue_wait)
        except asyncio.TimeoutError:
            return _error(503, "busy", "Máy chủ đang bận xử lý các văn bản khác, hãy thử lại sau.",
                          headers={"Retry-After": str(max(1, int(cfg.timeout // 10)))})
        try:
            with tempfile.TemporaryDirectory(prefix="plan-extract-http-") as tmp:
                _, name = read_input(data, filename)
                path = Path(tmp) / name
                path.write_bytes(data)
                registry = cfg.unit_registry
                if units_data is not None:
                    registry = str(Path(tmp) / ".units.yaml")
                    Path(registry).write_bytes(units_data)
                    error = _check_units(registry)
                    if error:
                        return _error(400, "bad-units", error)
                run_settings = Settings(ocr=cfg.ocr if ocr is None else ocr, unit_registry=registry)
                run_settings.limits = Limits(timeout=cfg.timeout, max_memory_mb=cfg.max_memory_mb)
                loop = asyncio.get_running_loop()
                payload = await loop.run_in_executor(
                    pool, lambda: process_file(str(path), run_settings, cfg.timeout,
                                               cfg.max_memory_mb, work=extract_plan_json))
        finally:
            sem.release()
        if payload.get("status") == "failed" or not payload.get("plan"):
            code, message = _split_error(str(payload.get("error") or ""))
            return _error(_STATUS.get(code, 422), code, message)
        return Response(payload["plan"], media_type="application/json; charset=utf-8")

    routes = [Route("/healthz", healthz, methods=["GET"]),
              Route("/openapi.json", openapi, methods=["GET"]),
              Route("/v1/extract", extract, methods=["POST"])]
    return Starlette(routes=routes, lifespan=lifespan)


def _too_large(cfg: ServiceSettings):
    return _error(413, "upload-too-large", f"Tệp gửi lên vượt giới hạn {cfg.max_upload_mb:g} MiB.")


def _check_units(path: str) -> Optional[str]:
    from plan_extract.normalise.units import UnitRegistry
    try:
        UnitRegistry.load(path)
    except Exception as e:   # vocab.VocabError and YAML errors: one line for the caller
        return f"Tệp đơn vị (units) không hợp lệ: {str(e).replace(path, 'units')}"
    return None


def _stop(pool: ThreadPoolExecutor, shutdown_workers) -> None:
    pool.shutdown(wait=True, cancel_futures=True)
    shutdown_workers()


class _Replay:
    """An ASGI receive callable that hands over an already-read request body once."""

    def __init__(self, body: bytes):
        self.body = body
        self.sent = False

    async def __call__(self):
        if self.sent:
            return {"type": "http.disconnect"}
        self.sent = True
        return {"type": "http.request", "body": self.body, "more_body": False}


def openapi_document(cfg: Optional[ServiceSettings] = None) -> dict[str, Any]:
    """OpenAPI 3.1: the endpoints, the plan.json schema (components/schemas/Plan), the errors."""
    from plan_extract.output.validate import load_schema
    cfg = ServiceSettings.resolve(cfg)
    plan = dict(load_schema("plan"))
    plan.pop("$id", None)
    plan.pop("$schema", None)
    defs = plan.pop("$defs", {})
    plan_text = json.dumps(plan, ensure_ascii=False).replace("#/$defs/", "#/components/schemas/")
    schemas = {k: json.loads(json.dumps(v, ensure_ascii=False).replace("#/$defs/", "#/components/schemas/"))
               for k, v in defs.items()}
    schemas["Plan"] = json.loads(plan_text)
    schemas["Error"] = {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string", "description": "Stable kebab-case code, as the CLI prints it "
                     "(empty-file, truncated-pdf, encrypted-pdf, not-a-pdf, damaged-pdf, not-a-docx, "
                     "damaged-docx, too-large, too-complex, missing-file, bad-setting, bad-units, "
                     "bad-request, upload-too-large, busy, timeout, memory-limit, crash, "
                     "output-invalid, ...)."},
            "message": {"type": "string", "description": "Vietnamese message for staff."}}}}}

    def err(description: str) -> dict:
        return {"description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

    return {
        "openapi": "3.1.0",
        "info": {"title": "plan-extract", "version": __version__,
                 "description": "Vietnamese plan documents (Kế hoạch, Chương trình hành động) "
                                "to validated task and indicator data (plan.json)."},
        "paths": {
            "/healthz": {"get": {"operationId": "healthz", "summary": "Liveness",
                                 "responses": {"200": {"description": "The service is up.",
                                                       "content": {"application/json": {"schema": {
                                                           "type": "object",
                                                           "properties": {"status": {"const": "ok"},
                                                                          "version": {"type": "string"}}}}}}}}},
            "/v1/extract": {"post": {
                "operationId": "extract",
                "summary": "Extract one PDF or DOCX plan into the plan.json document",
                "requestBody": {"required": True, "content": {"multipart/form-data": {
                    "schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "description": f"The document, PDF or DOCX, at most {cfg.max_upload_mb:g} MiB."},
                        "ocr": {"type": "boolean", "default": cfg.ocr,
                                "description": "OCR pages without a text layer (tesseract)."},
                        "units": {"type": "string", "format": "binary",
                                  "description": "Extra unit alias file (YAML), as `--units`."}}}}}},
                "responses": {
                    "200": {"description": "The plan, valid against plan.schema.json.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}}},
                    "400": err("Malformed request: no file field, a bad setting or unit file."),
                    "413": err("Upload over the size limit."),
                    "422": err("The document cannot be read (same code and message as the CLI)."),
                    "500": err("A bug: a crash or output failing its schema."),
                    "503": err("Every worker busy; retry after Retry-After seconds."),
                    "504": err(f"Extraction over the time limit ({cfg.timeout:g} s)."),
                    "507": err(f"Extraction over the memory limit ({cfg.max_memory_mb} MiB)."),
                }}},
            "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
                                      "responses": {"200": {"description": "OpenAPI 3.1 document."}}}},
        },
        "components": {"schemas": schemas},
    }


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, settings=None,
          log_level: str = "info") -> None:
    """Run the service with uvicorn until interrupted."""
    import uvicorn
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level,
                timeout_graceful_shutdown=10)
