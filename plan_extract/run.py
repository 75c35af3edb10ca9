"""extract(source) -> Plan; extract_result(source) -> Result (errors as values).

`source` is a path, the document's bytes, or a binary stream (an open file, an upload): bytes
and streams are recognised by their content (PDF or DOCX) and read through the same stages.

The only place that chains the stages. Each stage lives in its own module and is tested alone:
read -> tables -> stitch -> rows / indicators -> metadata / body -> deadlines / units -> validate.
"""
from __future__ import annotations

import contextlib
import gc
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Optional, Union


from plan_extract.model.document import InputError, Issue, Plan, Result, SourceInfo
from plan_extract.settings import Resolvable


@dataclass
class Settings(Resolvable):
    """Everything a run can be told. `resolve()` accepts None, a dict or an instance."""
    tables: Any = None                    # tables.TableSettings, or a dict of its fields
    unit_registry: Optional[str] = None   # extra alias file(s) staff maintain, merged over vocab/units.yaml
    ocr: bool = True                      # OCR pages without a text layer (needs tesseract)
    debug_dir: Optional[str] = None       # write each stage's intermediate result as JSON
    limits: Any = None                    # settings.Limits, or a dict of its fields: caps per file
    reader: str = "pdfium"                # PDF page reader: "pdfium" (fast, default) or "pdfplumber" (the reference)
    corrections: Any = None               # staff corrections (review.corrections): path(s), dict(s) or CorrectionSet(s)
    progress: Any = None                  # callable(done_pages, total_pages) while pages are read (CLI)

    def __post_init__(self):
        from plan_extract.readers.pdf import READERS
        from plan_extract.settings import Limits
        if self.reader not in READERS:
            raise ValueError(f"reader must be one of {', '.join(READERS)}, not {self.reader!r}")
        from plan_extract.tables.find import TableSettings
        self.tables = TableSettings.resolve(self.tables)
        self.limits = Limits.resolve(self.limits)


Input = Union[str, Path, bytes, bytearray, memoryview, IO[bytes]]


def extract(source: Input, settings: Union[None, dict, Settings] = None, *,
            name: Optional[str] = None) -> Plan:
    """Read one document into the plan model. Raises InputError for unreadable input.

    source: a path, the document's bytes, or a binary stream (read to its end, not closed).
    name: the file name to report (plan.json source.file, messages) for bytes or a stream; by
    default the stream's own name, else "document.pdf" / "document.docx" after its content."""
    with gc_relaxed():
        if isinstance(source, (str, Path)):
            return _extract_path(Path(source), settings)
        data, name = read_input(source, name)
        import tempfile
        with tempfile.TemporaryDirectory(prefix="plan-extract-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            return _extract_path(path, settings)


# The cyclic garbage collector during one extraction. A document's stages allocate millions of
# short-lived containers (a dict per glyph, lists per line and cell) and keep few cycles: at the
# interpreter's default threshold (700) a 300-page plan ran 1,714 collections, 0.6 s of its 12 s
# CPU (5%; 2-3% of the layout matrix). With the youngest generation's threshold raised to
# 100,000 the same plan runs 4 collections (0.18 s) and peaks 1 MiB higher (disabling the
# collector instead: 0 collections, 12 MiB higher). The caller's settings are restored when the
# outermost extraction in the process ends, unless someone changed them meanwhile.
GC_YOUNG_THRESHOLD = 100_000
_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: Optional[tuple] = None     # the caller's thresholds, while an extraction runs
_gc_ours: Optional[tuple] = None      # the thresholds set for it


@contextlib.contextmanager
def gc_relaxed():
    """Raise the collector's youngest-generation threshold (GC_YOUNG_THRESHOLD) for the block
    and restore the caller's thresholds after it, also when it raises. Nested and concurrent
    blocks (threads of one process) share one change: the first in saves, the last out
    restores. A threshold of 0 (automatic collection off) or above ours is left as it is, and so
    is gc.isenabled()."""
    global _gc_depth, _gc_saved, _gc_ours
    with _gc_lock:
        if _gc_depth == 0:
            saved = gc.get_threshold()
            if 0 < saved[0] < GC_YOUNG_THRESHOLD:
                _gc_saved, _gc_ours = saved, (GC_YOUNG_THRESHOLD, *saved[1:])
                gc.set_threshold(*_gc_ours)
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_saved is not None:
                if gc.get_threshold() == _gc_ours:      # not changed by the caller meanwhile
                    gc.set_threshold(*_gc_saved)
                _gc_saved = _gc_ours = None


def read_input(source, name: Optional[str]) -> tuple[bytes, str]:
    """Bytes and a safe file name (a bare name whose suffix says the format) for a non-path input."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            raise TypeError("extract() needs a binary stream (open the file with 'rb')")
        name = name or Path(str(getattr(source, "name", "") or "")).name or None
    else:
        raise TypeError(f"extract() takes a path, bytes or a binary stream, not {type(source).__name__}")
    name = Path(str(name)).name if name else ""
    name = "".join("_" if c in "\\\0" or ord(c) < 32 else c for c in name).lstrip(".")
    stem, suffix = Path(name).stem[:120], Path(name).suffix
    if suffix.lower() not in (".pdf", ".docx", ".doc"):
        suffix = ".docx" if data[:4] == b"PK\x03\x04" else ".doc" if data[:8] == _OLE_MAGIC else ".pdf"
        stem = Path(name).stem[:120] if Path(name).suffix.lower() in ("", ".") else name[:120]
    return data, (stem or "document") + suffix


def _extract_path(path: Path, settings: Union[None, dict, Settings] = None) -> Plan:
    from plan_extract import checks
    from plan_extract.interpret import body
    from plan_extract.normalise import deadlines
    from plan_extract.interpret import indicators
    from plan_extract.interpret import metadata
    from plan_extract.interpret import tasks as rows
    from plan_extract.tables import stitch
    from plan_extract.normalise import units
    settings = Settings.resolve(settings)
    debug = _Debug(settings.debug_dir, path.stem)
    opened = _read(path, settings)
    source = opened.source
    try:
        plan = Plan(source=SourceInfo(file=path.name, sha256=source.sha256, pages=opened.pages,
                                      text_layer=source.text_layer,
                                      page_layers=list(getattr(source, "page_layers", None) or [])))
        plan.issues.extend(source.issues)

        raw_tables = opened.raw_tables
        debug.write("raw_tables", raw_tables)
        logical = stitch.raw_tables_to_logical(raw_tables)
        debug.write("logical_tables", logical)

        lines = opened.lines
        debug.write("lines", lines)
        plan.document, header_doubts = metadata.document_and_doubts(lines)
        for doubt in header_doubts:
            plan.warn(doubt.code, doubt.message, doubt.page)
        context = deadlines.DeadlineContext.from_document(plan.document)
        registry = units.UnitRegistry.load(settings.unit_registry)

        # document order: body tasks come before the appendix tables
        kinds = [rows.classify_table(table) for table in logical]
        # the unit-name grammar is passed in: interpret comes before normalise
        prose = body.read_body(lines)
        plan.tasks.extend(body.body_to_tasks(prose, units.unit_at_start, plan.document.issuer,
                                             has_task_table="tasks" in kinds))
        places = body.places_in_body(prose, [_anchor(table) for table in logical])
        for table, kind, place in zip(logical, kinds, places):
            if kind == "tasks":
                plan.tasks.extend(rows.leads_from_sections(
                    rows.under_heading(rows.table_to_tasks(table), place),
                    lambda title: body.unit_of_heading(title, units.unit_at_start)))
            elif kind == "indicators":
                plan.indicators.extend(indicators.table_to_indicators(table))
            _report_table(plan, table, kind, opened.exact_layout)
        for phrase, page in body.missing_appendices(prose):
            plan.warn("appendix-missing", f"Văn bản giao nhiệm vụ theo phụ lục không có trong tệp: "
                      f"“{phrase}”; các nhiệm vụ không ghi đơn vị được ghi cho cơ quan ban hành.", page)
        indicators.attach_footnotes(plan.indicators, lines)
        plan.indicators.extend(body.body_to_indicators(prose))

        _assign_ids(plan)
        _apply_corrections(plan, settings)
        doc_units = units.DocumentUnits(units.texts_for_document(lines, plan))
        _normalise(plan, context, registry, doc_units)
        _report_empty(plan, logical)
        checks.check_plan(plan, logical, registry, lines)
        checks.check_prose_targets(plan, prose)
        if not opened.exact_layout:
            _drop_positions(plan)
        return plan
    finally:
        source.close()


def _anchor(table) -> tuple[int, float]:
    """Where a logical table starts: its first page and the top of its first part."""
    top = table.meta.parts[0][1] if table.meta.parts else 0.0
    return (table.pages[0] if table.pages else 0, top)


@dataclass
class _Read:
    """What the stages after reading take from a file, whatever its format."""
    source: Any               # read.Source or read_docx.DocxSource: sha256, text_layer, issues, close()
    pages: int
    raw_tables: list          # structures.RawTable: data tables in document order
    lines: list               # structures.Line: the text outside those tables
    exact_layout: bool        # False for DOCX: its pages and boxes are estimates, not reported


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # a Word 97-2003 .doc (OLE2 compound file)


def _read(path: Path, settings: Settings) -> _Read:
    """Open a PDF (pages -> raw tables -> lines outside them) or a DOCX (which carries both);
    a .doc is converted to DOCX by LibreOffice first."""
    if path.suffix.lower() == ".doc" or (path.suffix.lower() != ".docx" and _starts_with(path, _OLE_MAGIC)):
        from plan_extract.readers import doc as read_doc
        doc = read_doc.open_doc(path, limits=settings.limits)
        return _Read(doc, doc.page_count, doc.raw_tables, doc.lines, exact_layout=False)
    if path.suffix.lower() == ".docx":
        from plan_extract.readers import docx as read_docx
        doc = read_docx.open_docx(path, limits=settings.limits)
        return _Read(doc, doc.page_count, doc.raw_tables, doc.lines, exact_layout=False)
    from plan_extract.readers import pdf as read
    from plan_extract.tables import find as tables
    source = read.open_document(path, ocr=settings.ocr, limits=settings.limits, reader=settings.reader,
                                progress=settings.progress)
    try:
        # page by page: a page's glyph dicts are released once the table stage is past it
        raw_tables = tables.pages_to_raw_tables(read.stream_pages(source.pages), settings.tables)
        lines = read.lines_outside_tables(source.pages, raw_tables)
    except BaseException:
        source.close()
        raise
    pages = len(source.pages)
    source.release_pages()
    return _Read(source, pages, raw_tables, lines, exact_layout=True)


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(magic)) == magic
    except OSError:
        return False        # the reader reports a missing file in the user's terms


def _drop_positions(plan: Plan) -> None:
    """A DOCX has no printed pages: its rows say which table they come from, not a page or box."""
    for row in [*plan.tasks, *plan.indicators]:
        row.source.page = None
        row.source.bbox = None


def extract_result(source: Input, settings: Union[None, dict, Settings] = None, *,
                   name: Optional[str] = None) -> Result:
    """Like extract(), but bad input becomes a failed Result instead of an exception."""
    start = time.perf_counter()
    label = str(source) if isinstance(source, (str, Path)) else (name or "<bytes>")
    try:
        plan = extract(source, settings, name=name)
    except InputError as e:
        return Result(label, "failure", None, Issue("error", e.code, e.message),
                      time.perf_counter() - start)
    return Result(label, plan.status, plan, None, time.perf_counter() - start)


def _normalise(plan: Plan, context, registry, doc_units=None) -> None:
    from plan_extract.normalise import deadlines
    from plan_extract.normalise import units
    issuer = plan.document.issuer
    for task in plan.tasks:
        if task.deadline is not None:
            task.deadline = deadlines.parse_deadline(task.deadline.raw, context)
        if task.lead_raw is not None:
            task.lead = registry.resolve_cell(task.lead_raw, issuer, doc_units)
        if task.coordinators_raw is not None:
            task.coordinators = registry.resolve_cell(task.coordinators_raw, issuer, doc_units)
        elif task.origin == "body" and task.lead_raw:
            # a body heading names both roles: "Phòng Kinh tế chủ trì, phối hợp các phòng, ..."
            _, coordinators = units.text_to_roles(task.lead_raw)
            task.coordinators = registry.resolve_cell(coordinators, issuer, doc_units) if coordinators else []
    for ind in plan.indicators:
        if ind.lead_raw is not None:
            ind.lead = registry.resolve_cell(ind.lead_raw, issuer, doc_units)
    plan.issues.extend(deadlines.issues_for(plan.tasks))
    from plan_extract.normalise import readings
    plan.issues.extend(readings.issues_for(plan, context))      # OCR: two readings, low confidence
    plan.issues.extend(registry.issues_for(plan, doc_units))


def _assign_ids(plan: Plan) -> None:
    """Ids from each row's content and place (model.ids): stable across re-runs, other formats
    of the same plan and changes elsewhere in the document."""
    from plan_extract.model.ids import assign_ids
    assign_ids(plan)


def _report_table(plan: Plan, table, kind: Optional[str], exact_layout: bool = True) -> None:
    """A table handed over by the table stage is never dropped silently: one whose columns were
    read from their content says so; one that is neither a task nor an indicator table (its
    header not understood, e.g. a schedule or a list) is reported with its header. The page
    only where the layout is the printed one (not a DOCX estimate)."""
    from plan_extract.tables.headers import column_roles, roles_from_content
    page = table.pages[0] if table.pages and exact_layout else None
    header = " | ".join(h for h in table.header if h)
    if kind is None:
        if not any(c is not None and c.text.strip() for r in table.rows for c in r.cells):
            return                       # an empty form: nothing to read
        plan.warn("table-unread", f"Bảng số {table.index + 1} có tiêu đề cột \"{header}\" không được đọc: không nhận ra cột "
                  "nhiệm vụ hoặc chỉ tiêu (có thể là lịch, danh sách hoặc biểu mẫu).", page=page)
    elif kind == "tasks" and roles_from_content(table):
        from plan_extract.tables.headers import table_roles
        guessed = [f"{h or '?'} = {r}" for h, r, k in zip(table.header, table_roles(table), column_roles(table.header))
                   if r != k]
        plan.warn("table-roles-from-content", f"Bảng số {table.index + 1} có tiêu đề cột \"{header}\": vai trò cột được suy ra từ "
                  f"nội dung ({'; '.join(guessed)}), cần kiểm tra lại.", page=page)


def _apply_corrections(plan: Plan, settings: Settings) -> None:
    """Staff corrections (corrections.json / --corrections), by row id, before normalisation: a
    corrected cell is normalised like an extracted one; the extracted value stays in the row's
    source.corrected; a correction whose row is gone becomes an issue."""
    if settings.corrections is None:
        return
    from plan_extract.review.corrections import apply_corrections, resolve_sets
    apply_corrections(plan, resolve_sets(settings.corrections))


def _report_empty(plan: Plan, logical) -> None:
    if not plan.tasks:
        plan.warn("no-tasks", "Không tìm thấy nhiệm vụ nào trong văn bản (không có bảng nhiệm vụ "
                  "hoặc đoạn phân công nhiệm vụ).")


class _Debug:
    """--debug-dir: each stage's intermediate result as JSON, for the hard cases."""

    def __init__(self, root: Optional[str], stem: str):
        from plan_extract.output.atomic import safe_name
        self.dir = Path(root) / safe_name(stem) if root else None     # never outside root

    def write(self, name: str, obj) -> None:
        if self.dir is None:
            return
        import dataclasses
        import json
        self.dir.mkdir(parents=True, exist_ok=True)

        def default(o):
            if dataclasses.is_dataclass(o):
                return dataclasses.asdict(o)
            return str(o)
        (self.dir / f"{name}.json").write_text(
            json.dumps(obj, default=default, ensure_ascii=False, indent=1), encoding="utf-8")
