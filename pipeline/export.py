"""Plan -> files: plan.json, tasks.csv, indicators.csv, datapackage.json, plan.xlsx; and a folder
of extracted plans -> tracker import workbooks, an iCalendar file, or per-plan workbooks.

Reads only the model (Docling's one-document-many-exports). Every output is validated against
schemas/ before anything is written (`OutputInvalid`, a bug report, never a bad file on disk), and
every write is atomic: a document's files are written into a hidden temporary folder beside the
target which is then renamed into place, so a reader never sees a half-written result folder.
The same plan always gives the same bytes (no timestamps anywhere; XLSX dates and zip entry
dates are fixed).

CSV conventions (tasks.csv, indicators.csv, all_*.csv):
- UTF-8 with a byte-order mark (Excel then shows Vietnamese right), comma-separated, CRLF
  line ends (RFC 4180), every field quoted only when needed.
- Column order is TASK_COLUMNS / INDICATOR_COLUMNS below; never reordered, only appended to.
- Lists (lead, coordinators) are joined with "; ". `extra` is "header: cell" pairs joined with
  "; " in printed column order (plan.json keeps the exact mapping).
- Formula-injection guard: a *text* cell that begins with "=", "+", "-", "@", a tab or a carriage
  return ("= 20%", "- Tổ chức…") is written with a leading apostrophe ("'= 20%") so that Excel and
  LibreOffice show it as text instead of running it. Number, integer and date columns are not
  touched (a negative number is not a formula). In XLSX the same cells are stored as explicit
  string cells carrying Excel's own apostrophe prefix (the `quotePrefix` cell style), which is
  exactly what Excel records when a person types the apostrophe: the cell shows and exports the
  exact text while never being evaluated. plan.json always keeps the exact text.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from .model import Plan

# ---------------------------------------------------------------- columns (the CSV contract)

BBOX_COLUMNS = ["page", "table", "x0", "top", "x1", "bottom", "confidence"]
TASK_COLUMNS = [
    "id", "origin", "section", "section_title", "number", "text",
    "lead", "lead_raw", "coordinators", "coordinators_raw",
    "deadline_raw", "deadline_kind", "deadline_start", "deadline_due", "deadline_recurrence",
    "extra", *BBOX_COLUMNS,
]
INDICATOR_COLUMNS = [
    "id", "origin", "number", "parent", "name", "unit_of_measure",
    "period", "target_raw", "target_op", "target_value", "target_unit",
    "lead", "lead_raw", "footnote", *BBOX_COLUMNS,
]
# Document keys prepended to every row of the consolidated all_tasks.csv / all_indicators.csv.
DOC_KEY_COLUMNS = ["doc_number", "doc_issuer", "doc_date", "file"]

LIST_SEP = "; "
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Columns whose values are not text: never given the apostrophe guard.
_TYPED = {"page", "table", "x0", "top", "x1", "bottom", "confidence", "target_value",
          "deadline_start", "deadline_due"}
_DATE_COLUMNS = {"deadline_start", "deadline_due"}

# Vietnamese headings for the per-plan workbook (CSV keeps the machine names above).
_LABELS = {
    "id": "Mã", "origin": "Nguồn", "section": "Mục", "section_title": "Tên mục", "number": "TT",
    "text": "Nội dung nhiệm vụ", "lead": "Chủ trì", "lead_raw": "Chủ trì (nguyên văn)",
    "coordinators": "Phối hợp", "coordinators_raw": "Phối hợp (nguyên văn)",
    "deadline_raw": "Thời hạn (nguyên văn)", "deadline_kind": "Loại thời hạn",
    "deadline_start": "Bắt đầu", "deadline_due": "Hạn", "deadline_recurrence": "Lặp lại",
    "extra": "Cột khác", "page": "Trang", "table": "Bảng", "x0": "x0", "top": "top", "x1": "x1",
    "bottom": "bottom", "confidence": "Độ tin cậy", "parent": "Thuộc chỉ tiêu", "name": "Chỉ tiêu",
    "unit_of_measure": "Đơn vị tính", "period": "Năm / giai đoạn", "target_raw": "Chỉ tiêu (nguyên văn)",
    "target_op": "So sánh", "target_value": "Giá trị", "target_unit": "Đơn vị", "footnote": "Chú thích",
}
_ISSUE_COLUMNS = ["level", "code", "message", "page", "row"]
_ISSUE_LABELS = {"level": "Mức", "code": "Mã", "message": "Nội dung", "page": "Trang", "row": "Dòng"}

# Fixed instant for every timestamp a file format insists on (XLSX core properties, zip entries).
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class OutputInvalid(Exception):
    """An output failed its schema: a bug in the pipeline, reported instead of writing the file."""

    def __init__(self, where: str, errors: list[str]):
        self.where = where
        self.errors = errors
        shown = "; ".join(errors[:5]) + (f"; ... ({len(errors)} lỗi)" if len(errors) > 5 else "")
        super().__init__(f"output-invalid: {where} không đúng lược đồ (lỗi chương trình, hãy báo "
                         f"lại): {shown}")


# ---------------------------------------------------------------- plan -> rows / frames

def _joined(values: Optional[list[str]]) -> Optional[str]:
    if values is None:
        return None
    return LIST_SEP.join(values)


def _bbox(source) -> dict[str, Any]:
    box = list(source.bbox) if source.bbox else [None] * 4
    return {"page": source.page, "table": source.table, "x0": box[0], "top": box[1],
            "x1": box[2], "bottom": box[3], "confidence": source.confidence}


def task_rows(plan: Plan) -> list[dict[str, Any]]:
    """One dict per task with TASK_COLUMNS keys; values are str / int / float / None."""
    out = []
    for t in plan.tasks:
        d = t.deadline
        row = {
            "id": t.id, "origin": t.origin, "section": t.section, "section_title": t.section_title,
            "number": t.number, "text": t.text,
            "lead": _joined(t.lead), "lead_raw": t.lead_raw,
            "coordinators": _joined(t.coordinators), "coordinators_raw": t.coordinators_raw,
            "deadline_raw": d.raw if d else None, "deadline_kind": d.kind if d else None,
            "deadline_start": d.start if d else None, "deadline_due": d.due if d else None,
            "deadline_recurrence": d.recurrence if d else None,
            "extra": LIST_SEP.join(f"{k}: {v}" for k, v in t.extra.items()) if t.extra else None,
        }
        row.update(_bbox(t.source))
        out.append(row)
    return out


def indicator_rows(plan: Plan) -> list[dict[str, Any]]:
    """One dict per indicator x target column (INDICATOR_COLUMNS keys). An indicator without any
    target column (a parent row such as "7") still gets one row, with an empty period."""
    out = []
    for ind in plan.indicators:
        base = {"id": ind.id, "origin": ind.origin, "number": ind.number, "parent": ind.parent,
                "name": ind.name, "unit_of_measure": ind.unit_of_measure}
        tail = {"lead": _joined(ind.lead), "lead_raw": ind.lead_raw, "footnote": ind.footnote}
        tail.update(_bbox(ind.source))
        periods = list(ind.targets.items()) or [(None, None)]
        for period, target in periods:
            row = dict(base)
            row.update({"period": period,
                        "target_raw": target.raw if target else None,
                        "target_op": target.op if target else None,
                        "target_value": target.value if target else None,
                        "target_unit": target.unit if target else None})
            row.update(tail)
            out.append(row)
    return out


def doc_keys(plan: Plan, file: Optional[str] = None) -> dict[str, Any]:
    """The document key columns of the consolidated CSVs."""
    m = plan.document
    date = m.issue_date
    if date is None and m.issue_year:
        date = f"{m.issue_year}-{m.issue_month:02d}" if m.issue_month else str(m.issue_year)
    return {"doc_number": m.number, "doc_issuer": m.issuer, "doc_date": date,
            "file": file if file is not None else plan.source.file}


def _frame(rows: list[dict], columns: list[str]):
    import pandas as pd
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("page", "table"):
        frame[col] = frame[col].astype("Int64")
    for col in ("x0", "top", "x1", "bottom", "confidence") + (("target_value",) if "target_value" in columns else ()):
        frame[col] = frame[col].astype("Float64")
    return frame


def tasks_frame(plan: Plan):
    """pandas DataFrame with the tasks.csv columns (nullable dtypes; None for empty cells)."""
    return _frame(task_rows(plan), TASK_COLUMNS)


def indicators_frame(plan: Plan):
    """pandas DataFrame with the indicators.csv columns, one row per indicator x target."""
    return _frame(indicator_rows(plan), INDICATOR_COLUMNS)


# ---------------------------------------------------------------- cell formatting

def guard_formula(text: str) -> str:
    """'= 20%' -> "'= 20%": text that a spreadsheet would run as a formula, made inert."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def _csv_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    text = str(value)
    return text if column in _TYPED else guard_formula(text)


def rows_to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> bytes:
    """CSV bytes: UTF-8 with BOM, CRLF, header row, the formula guard on text cells."""
    import csv
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(c, row.get(c)) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- datapackage.json

def _field(name: str, row_schema: dict) -> dict[str, Any]:
    prop = row_schema["properties"][name]
    types = prop.get("type", "string")
    types = [t for t in (types if isinstance(types, list) else [types]) if t != "null"]
    ftype = {"integer": "integer", "number": "number"}.get(types[0] if types else "string", "string")
    if prop.get("format") == "date":
        ftype = "date"
    f: dict[str, Any] = {"name": name, "type": ftype, "description": prop.get("description", "")}
    constraints = {}
    raw_types = prop.get("type")
    raw_types = raw_types if isinstance(raw_types, list) else [raw_types]
    if "null" not in raw_types and None not in prop.get("enum", []):
        constraints["required"] = True
    # the CSV holds enum values after the formula guard ("=" is written "'=")
    enum = [guard_formula(e) for e in prop.get("enum", []) if e is not None]
    if enum:
        constraints["enum"] = enum
    if constraints:
        f["constraints"] = constraints
    return f


def datapackage(plan: Plan) -> dict[str, Any]:
    """Frictionless Data Package describing tasks.csv and indicators.csv of one plan."""
    from .validate import load_schema
    stem = Path(plan.source.file).stem
    name = re.sub(r"[^a-z0-9._-]+", "-", _ascii(stem).lower()).strip("-._") or "plan"

    def resource(rname: str, columns: list[str], schema_name: str, title: str, pk=None):
        row_schema = load_schema(schema_name)
        schema: dict[str, Any] = {"fields": [_field(c, row_schema) for c in columns],
                                  "missingValues": [""]}
        if pk:
            schema["primaryKey"] = pk
        return {"name": rname, "profile": "tabular-data-resource", "path": f"{rname}.csv",
                "scheme": "file",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
                "title": title, "dialect": {"csv": {"delimiter": ",", "lineTerminator": "\r\n",
                                                    "quoteChar": "\"", "doubleQuote": True,
                                                    "header": True}},
                "schema": schema}

    return {
        "name": name,
        "title": plan.document.title or plan.source.file,
        "description": "Nhiệm vụ và chỉ tiêu trích từ " + plan.source.file + " (plan-extract). "
                       "Text cells beginning with =, +, -, @, tab or CR carry a leading apostrophe "
                       "(formula-injection guard); plan.json keeps the exact text.",
        "profile": "tabular-data-package",
        "resources": [
            resource("tasks", TASK_COLUMNS, "tasks.row", "Nhiệm vụ", pk=["id"]),
            resource("indicators", INDICATOR_COLUMNS, "indicators.row", "Chỉ tiêu"),
        ],
    }


# ---------------------------------------------------------------- xlsx

def _iso_to_date(value: Optional[str]) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _sheet(wb, title: str, columns: list[str], labels: list[str], rows: list[dict],
           date_columns=frozenset()) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    ws = wb.create_sheet(title)
    ws.append(labels)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [len(label) for label in labels]
    for r, row in enumerate(rows, 2):
        for c, col in enumerate(columns, 1):
            value = row.get(col)
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if col in date_columns:
                date = _iso_to_date(value) if isinstance(value, str) else value
                if date is not None:
                    cell.value = date
                    cell.number_format = "DD/MM/YYYY"
                    widths[c - 1] = max(widths[c - 1], 10)
                    continue
            _set_cell(cell, value)
            widths[c - 1] = max(widths[c - 1], min(len(str(value)), 80))
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = max(6, min(w, 60)) + 2
    ws.freeze_panes = "A2"


_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _set_cell(cell, value: Any) -> None:
    """A value into a cell; text is always a string cell (never a formula). Control characters
    that the XLSX format cannot hold (all below U+0020 except tab, LF, CR) are dropped there;
    plan.json and the CSVs keep them."""
    if isinstance(value, str):
        value = _XLSX_ILLEGAL.sub("", value)
        cell.value = value
        cell.data_type = "s"          # openpyxl would otherwise store "=..." as a formula
        if _is_formula_like(value):
            cell.quotePrefix = True  # Excel's apostrophe: shown as text, exact value kept
    else:
        cell.value = value


def _workbook():
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "plan-extract"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def _save_workbook(wb) -> bytes:
    """Workbook -> bytes that depend only on its content (fixed times, fixed zip entry dates)."""
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CREATED = re.compile(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)")


def _normalise_zip(data: bytes) -> bytes:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
                content = _CREATED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, content)
    return out.getvalue()


def plan_workbook(plan: Plan) -> bytes:
    """plan.xlsx: sheets Nhiệm vụ, Chỉ tiêu, Cảnh báo; header frozen, widths set, real dates."""
    wb = _workbook()
    _sheet(wb, "Nhiệm vụ", TASK_COLUMNS, [_LABELS[c] for c in TASK_COLUMNS], task_rows(plan),
           _DATE_COLUMNS)
    _sheet(wb, "Chỉ tiêu", INDICATOR_COLUMNS, [_LABELS[c] for c in INDICATOR_COLUMNS],
           indicator_rows(plan))
    _sheet(wb, "Cảnh báo", _ISSUE_COLUMNS, [_ISSUE_LABELS[c] for c in _ISSUE_COLUMNS],
           [{c: getattr(i, c) for c in _ISSUE_COLUMNS} for i in plan.issues])
    return _save_workbook(wb)


# ---------------------------------------------------------------- atomic writes

def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes_atomic(path: Union[str, Path], data: bytes) -> Path:
    """Write a file via a temporary file in the same folder, then os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(path.parent)
    return path


TMP_MARK = ".tmp-"
OLD_MARK = ".old-"


def write_dir_atomic(target: Union[str, Path], files: dict[str, bytes]) -> Path:
    """Make `target` a folder holding exactly `files`, all at once: the files are written into a
    hidden sibling folder which is then renamed into place (an existing folder is first renamed
    aside and removed after). A reader sees the old folder, or the new one, never a partial one."""
    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}{TMP_MARK}", dir=parent))
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o755)
        _fsync_dir(tmp)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_MARK}", dir=parent))
            os.rmdir(old)
            os.rename(target, old)
        try:
            os.rename(tmp, target)
        except BaseException:
            if old is not None:
                os.rename(old, target)
            raise
        _fsync_dir(parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def remove_dir_atomic(target: Union[str, Path]) -> None:
    """Remove a result folder so that it vanishes at once (rename aside, then delete)."""
    target = Path(target)
    if not target.exists():
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}{OLD_MARK}", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    shutil.rmtree(old, ignore_errors=True)


def clean_temporaries(folder: Union[str, Path]) -> None:
    """Remove leftovers of interrupted writes (hidden .*.tmp-* / .*.old-* entries) in `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.name.startswith(".") and (TMP_MARK in p.name or OLD_MARK in p.name
                                       or p.name.endswith(".tmp")):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                try:
                    p.unlink()
                except FileNotFoundError:
                    pass


# ---------------------------------------------------------------- one document

def render_outputs(plan: Plan, xlsx: bool = False) -> dict[str, bytes]:
    """Validate the plan and its rows, then render every file of a result folder (name -> bytes).
    Raises OutputInvalid on a schema violation."""
    from . import validate
    errors = validate.validate_plan(plan)
    if errors:
        raise OutputInvalid(f"{plan.source.file}: plan.json", errors)
    tasks = task_rows(plan)
    indicators = indicator_rows(plan)
    errors = validate.validate_rows("tasks", tasks) + validate.validate_rows("indicators", indicators)
    if errors:
        raise OutputInvalid(f"{plan.source.file}: tasks.csv / indicators.csv", errors)
    files = {
        "plan.json": plan.to_json().encode("utf-8"),
        "tasks.csv": rows_to_csv(tasks, TASK_COLUMNS),
        "indicators.csv": rows_to_csv(indicators, INDICATOR_COLUMNS),
        "datapackage.json": (json.dumps(datapackage(plan), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    if xlsx:
        files["plan.xlsx"] = plan_workbook(plan)
    return files


def write_outputs(plan: Plan, target_dir: Union[str, Path], xlsx: bool = False) -> Path:
    """Validate, then write plan.json, tasks.csv, indicators.csv, datapackage.json (and plan.xlsx)
    into target_dir, atomically as a whole folder. Returns target_dir."""
    return write_dir_atomic(target_dir, render_outputs(plan, xlsx=xlsx))


# ---------------------------------------------------------------- a folder of plans

TRACKER_HEADINGS = [
    "Tên nhiệm vụ", "Mô tả", "Đơn vị thực hiện (mã)", "Người thực hiện (mã cán bộ)",
    "Mức ưu tiên (mã)", "Hạn hoàn thành (ngày giờ)", "Loại nhiệm vụ (mã)", "Khối nhiệm vụ (mã)",
    "Văn bản cấp trên giao", "Văn bản chỉ đạo của Đảng uỷ", "Kết quả thực hiện / Sản phẩm đầu ra",
    "Lãnh đạo phê duyệt (x)", "Cấp trên đã công nhận (x)", "Ghi chú",
]
TRACKER_MAX_ROWS = 500     # the importers' cap per workbook: split, never truncate
CODE_MAX = 100
CERTAIN_KINDS = ("day", "month", "quarter", "half", "year", "range")
_RESULT_HEADERS = ("sản phẩm", "kết quả", "sản phẩm đầu ra", "kết quả thực hiện")
_PARTY_NUMBER = re.compile(r"/(TW|TU|HU|QU|TU|ĐU|ĐUK|BCS|BTV)\b", re.IGNORECASE)


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def derived_unit_code(name: str) -> str:
    """A deterministic stand-in code for a unit the registry has no code for: the ASCII slug of
    the canonical name ("Phòng Văn hóa - Xã hội" -> "PHONG-VAN-HOA-XA-HOI"), at most 100 chars
    (a long name is cut and ends with 8 hex digits of its sha256 so that codes stay distinct)."""
    slug = re.sub(r"[^A-Z0-9]+", "-", _ascii(name).upper()).strip("-") or "DON-VI"
    if len(slug) > CODE_MAX:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8].upper()
        slug = slug[:CODE_MAX - 9].rstrip("-") + "-" + digest
    return slug


class _UnitCoder:
    """canonical unit name -> (code, from_registry). Falls back to derived_unit_code."""

    def __init__(self):
        self.registry = None
        try:
            from .units import UnitRegistry
            self.registry = UnitRegistry.load(None)
        except Exception:  # registry not available: every code is derived (and reported)
            self.registry = None
        self.derived: dict[str, str] = {}

    def code(self, name: str) -> tuple[str, bool]:
        code = None
        if self.registry is not None:
            try:
                code = self.registry.code_for(name)
            except (KeyError, LookupError, AttributeError):
                code = None
        if code:
            return str(code)[:CODE_MAX], True
        code = derived_unit_code(name)
        self.derived[name] = code
        return code, False


def _vn_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


def plan_line(plan: Plan) -> str:
    """'Kế hoạch số 45/KH-UBND ngày 12/06/2025 của Ủy ban nhân dân xã Tiên Điền' - the plan as one
    line. A number left blank in a draft is left out (never guessed); so is an unknown day."""
    m = plan.document
    parts = [_sentence_case(m.doc_type) if m.doc_type else "Văn bản"]
    if m.number:
        parts.append(f"số {m.number}")
    if m.issue_date:
        parts.append(f"ngày {_vn_date(m.issue_date)}")
    elif m.issue_month and m.issue_year:
        parts.append(f"tháng {m.issue_month} năm {m.issue_year}")
    elif m.issue_year:
        parts.append(f"năm {m.issue_year}")
    if m.issuer:
        parts.append(f"của {m.issuer}")
    elif m.issuer_raw:
        parts.append(f"của {m.issuer_raw}")
    line = " ".join(parts)
    if not m.number:
        line += " (chưa có số)"
    return line


def _party_refs(plan: Plan) -> str:
    refs = []
    for r in plan.document.references:
        if _PARTY_NUMBER.search(r.number):
            text = " ".join(p for p in (r.doc_type, f"số {r.number}",
                                        f"ngày {_vn_date(r.date)}" if r.date else None,
                                        f"của {r.issuer}" if r.issuer else None) if p)
            if text not in refs:
                refs.append(text)
    return "; ".join(refs)


_DUE_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


def parse_due_time(due_time: Optional[str]) -> Optional[tuple[int, int]]:
    """'17:00' -> (17, 0); None -> None; anything else -> ValueError."""
    if due_time is None:
        return None
    m = _DUE_TIME.match(due_time.strip())
    if not m:
        raise ValueError(f"--due-time phải có dạng HH:MM (ví dụ 17:00), không phải {due_time!r}")
    return int(m.group(1)), int(m.group(2))


def tracker_rows(plan: Plan, coder: _UnitCoder, due: Optional[tuple[int, int]]) -> list[list[str]]:
    """One row per task in the 14 TRACKER_HEADINGS columns."""
    line = plan_line(plan)
    party = _party_refs(plan)
    rows = []
    for t in plan.tasks:
        notes = []
        units = list(t.lead or [])
        if not units and t.lead_raw and t.lead_raw.strip():
            units = [t.lead_raw.strip()]
            notes.append("Đơn vị chủ trì chưa chuẩn hoá: " + t.lead_raw.strip())
        if not units:
            fallback = plan.document.issuer or plan.document.issuer_raw or "Không rõ đơn vị"
            units = [fallback]
            notes.append("Văn bản không ghi đơn vị chủ trì; tạm giao cho cơ quan ban hành.")
        code, known = coder.code(units[0])
        if not known:
            notes.append(f"Mã đơn vị \"{code}\" tạm sinh từ tên \"{units[0]}\" "
                         "(chưa có trong danh mục đơn vị).")
        if len(units) > 1:
            notes.append("Đồng chủ trì: " + LIST_SEP.join(units[1:]))
        deadline_cell = ""
        d = t.deadline
        if d is not None and d.kind in CERTAIN_KINDS and d.due and due is not None:
            day = dt.date.fromisoformat(d.due)
            deadline_cell = f"{day.day:02d}/{day.month:02d}/{day.year} {due[0]:02d}:{due[1]:02d}"
        elif d is not None and d.raw.strip():
            notes.append("Thời hạn: " + d.raw.strip())
        desc = []
        if t.section or t.section_title:
            label = (t.section or "").strip().rstrip(".")
            desc.append("Mục " + ". ".join(p for p in (label, t.section_title) if p))
        if t.number:
            desc.append("TT " + t.number)
        if t.coordinators:
            desc.append("Phối hợp: " + LIST_SEP.join(t.coordinators))
        elif t.coordinators_raw and t.coordinators_raw.strip():
            desc.append("Phối hợp: " + t.coordinators_raw.strip())
        results, other = [], []
        for k, v in t.extra.items():
            if not v.strip():
                continue
            (results if k.strip().lower() in _RESULT_HEADERS else other).append((k, v))
        for k, v in other:
            notes.append(f"{k}: {v}")
        notes.append(f"Nguồn: {plan.source.file}, {t.id}"
                     + (f", trang {t.source.page}" if t.source.page else ""))
        rows.append([
            t.text, "; ".join(desc), code, "", "", deadline_cell, "", "", line, party,
            "; ".join(v for _, v in results), "", "", "\n".join(notes),
        ])
    return rows


def _tracker_workbook(rows: list[list[str]]) -> bytes:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    wb = _workbook()
    ws = wb.create_sheet("Nhiệm vụ")
    ws.append(TRACKER_HEADINGS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            if value:
                _set_cell(ws.cell(row=r, column=c), value)
    widths = [60, 40, 24, 16, 12, 18, 12, 12, 50, 40, 30, 10, 10, 60]
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"
    return _save_workbook(wb)


def find_plans(outdir: Union[str, Path], exclude: Optional[Path] = None) -> list[tuple[Path, Plan]]:
    """Every plan.json under outdir (sorted by path; hidden folders and `exclude` skipped)."""
    outdir = Path(outdir)
    found = []
    for p in sorted(outdir.rglob("plan.json")):
        rel = p.relative_to(outdir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if exclude is not None and exclude.resolve() in p.resolve().parents:
            continue
        with open(p, encoding="utf-8") as f:
            found.append((p, Plan.from_dict(json.load(f))))
    return found


def _ics_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _ics_fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF + space; never split a
    UTF-8 character."""
    out, cur, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(cur)
            cur, size = " ", 1
        cur += ch
        size += n
    out.append(cur)
    return "\r\n".join(out)


_RRULE = {"yearly": "FREQ=YEARLY", "half-yearly": "FREQ=MONTHLY;INTERVAL=6",
          "quarterly": "FREQ=MONTHLY;INTERVAL=3", "monthly": "FREQ=MONTHLY"}


def _ics_date(iso: str) -> str:
    return iso.replace("-", "")


def plans_to_ics(plans: list[tuple[Path, Plan]]) -> bytes:
    """VTODO per task. DUE only where the date is certain; RRULE for recurring tasks (anchored
    at the first named period, or at the plan's date when the cell names no year). UID = sha256(file sha256 + task id). DTSTAMP is derived from the
    plan (its issue date, else 2000-01-01) so that re-exports give the same bytes."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//plan-extract//VI", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:Nhiệm vụ (plan-extract)"]
    for _, plan in plans:
        stamp_date = plan.document.issue_date or FIXED_TIME.date().isoformat()
        stamp = _ics_date(stamp_date) + "T000000Z"
        pline = plan_line(plan)
        for t in plan.tasks:
            uid = hashlib.sha256(f"{plan.source.sha256}:{t.id}".encode()).hexdigest()[:32]
            lines += ["BEGIN:VTODO", f"UID:{uid}@plan-extract", f"DTSTAMP:{stamp}",
                      "SUMMARY:" + _ics_escape(t.text)]
            desc = [pline]
            if t.lead:
                desc.append("Chủ trì: " + LIST_SEP.join(t.lead))
            elif t.lead_raw:
                desc.append("Chủ trì: " + t.lead_raw)
            if t.coordinators:
                desc.append("Phối hợp: " + LIST_SEP.join(t.coordinators))
            d = t.deadline
            if d is not None and d.raw.strip():
                desc.append("Thời hạn: " + d.raw.strip())
            desc.append(f"Nguồn: {plan.source.file}, {t.id}")
            lines.append("DESCRIPTION:" + _ics_escape("\n".join(desc)))
            anchor = None
            if d is not None and d.kind == "recurring" and d.recurrence in _RRULE:
                # a recurrence with no year named starts with the plan (its date, else its year)
                anchor = d.start or plan.document.issue_date or (
                    f"{plan.document.issue_year}-01-01" if plan.document.issue_year else None)
            if anchor:
                lines.append(f"DTSTART;VALUE=DATE:{_ics_date(anchor)}")
                if d.start and d.due:
                    lines.append(f"DUE;VALUE=DATE:{_ics_date(d.due)}")
                lines.append("RRULE:" + _RRULE[d.recurrence])
            elif d is not None and d.kind in CERTAIN_KINDS and d.due:
                if d.start and d.start < d.due:
                    lines.append(f"DTSTART;VALUE=DATE:{_ics_date(d.start)}")
                lines.append(f"DUE;VALUE=DATE:{_ics_date(d.due)}")
            if t.lead:
                lines.append("CATEGORIES:" + ",".join(_ics_escape(u) for u in t.lead))
            lines.append("STATUS:NEEDS-ACTION")
            lines.append("END:VTODO")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_ics_fold(line) for line in lines) + "\r\n").encode("utf-8")


def export_folder(outdir: Union[str, Path], fmt: str, due_time: Optional[str] = None,
                  target: Union[None, str, Path] = None) -> list[Path]:
    """Export every plan.json under outdir. fmt: "tracker-xlsx" (tracker-001.xlsx, ... of at most
    500 tasks each, plus tracker-units.csv listing units whose code was derived), "ics"
    (tasks.ics), "xlsx" (<stem>.xlsx per plan). Returns the files written (sorted)."""
    outdir = Path(outdir)
    target = Path(target) if target is not None else outdir / "export"
    due = parse_due_time(due_time)
    if fmt not in ("tracker-xlsx", "ics", "xlsx"):
        raise ValueError(f"unknown export format {fmt!r}")
    plans = find_plans(outdir, exclude=target)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "xlsx":
        names: dict[str, int] = {}
        for path, plan in plans:
            stem = path.parent.name if path.parent != outdir else Path(plan.source.file).stem
            n = names.get(stem, 0)
            names[stem] = n + 1
            name = f"{stem}.xlsx" if n == 0 else f"{stem}-{n + 1}.xlsx"
            written.append(write_bytes_atomic(target / name, plan_workbook(plan)))
    elif fmt == "ics":
        written.append(write_bytes_atomic(target / "tasks.ics", plans_to_ics(plans)))
    else:
        coder = _UnitCoder()
        rows: list[list[str]] = []
        for _, plan in plans:
            rows.extend(tracker_rows(plan, coder, due))
        chunks = [rows[i:i + TRACKER_MAX_ROWS] for i in range(0, len(rows), TRACKER_MAX_ROWS)] or [[]]
        for n, chunk in enumerate(chunks, 1):
            written.append(write_bytes_atomic(target / f"tracker-{n:03d}.xlsx", _tracker_workbook(chunk)))
        # workbooks left over from an earlier, longer export would be imported twice: remove them
        for stale in sorted(target.glob("tracker-*.xlsx")):
            m = re.fullmatch(r"tracker-(\d{3,})\.xlsx", stale.name)
            if m and int(m.group(1)) > len(chunks):
                stale.unlink()
        units = [{"unit": name, "derived_code": code} for name, code in sorted(coder.derived.items())]
        written.append(write_bytes_atomic(target / "tracker-units.csv",
                                          rows_to_csv(units, ["unit", "derived_code"])))
    return sorted(written)
