"""Plan -> files: plan.json, tasks.csv, indicators.csv, datapackage.json, plan.xlsx.
(A folder of plans -> tracker workbooks / iCalendar: output.folder.)

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
- Formula-injection guard: a *free-text* cell that begins with "=", "+", "-", "@", a tab or a
  carriage return ("= 20%", "- Tổ chức…") is written with a leading apostrophe ("'= 20%") so that
  Excel and LibreOffice show it as text instead of running it. Number, integer and date columns
  are not touched (a negative number is not a formula), nor are columns whose values come from a
  fixed list in the row schema (target_op "=", deadline_kind, origin, ...): their values are
  written exactly, so every CSV row keeps to its row schema and to datapackage.json. In XLSX the same cells are stored as explicit
  string cells carrying Excel's own apostrophe prefix (the `quotePrefix` cell style), which is
  exactly what Excel records when a person types the apostrophe: the cell shows and exports the
  exact text while never being evaluated. plan.json always keeps the exact text.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from functools import lru_cache
from typing import Any, Iterable, Optional, Union

from plan_extract.model.document import Issue, Plan
from plan_extract.text import ascii_fold
from plan_extract.output.atomic import write_dir_atomic
from plan_extract.output.jsontext import dumps_indented
from plan_extract.model.flat import (BBOX_COLUMNS, DOC_KEY_COLUMNS, INDICATOR_COLUMNS, LIST_SEP,  # noqa: F401
                                     TASK_COLUMNS, doc_keys, indicator_rows, indicators_frame,
                                     task_rows, tasks_frame)

# Every file name a result folder may get from this tool; nothing else there is ever touched.
OUTPUT_NAMES = ("plan.json", "tasks.csv", "indicators.csv", "datapackage.json", "plan.xlsx")

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Columns whose values are not text: never given the apostrophe guard.
_TYPED = {"page", "table", "x0", "top", "x1", "bottom", "confidence", "target_value",
          "deadline_start", "deadline_due", "deadline_confidence"}
_DATE_COLUMNS = {"deadline_start", "deadline_due"}

# Vietnamese headings for the per-plan workbook (CSV keeps the machine names above).
_LABELS = {
    "id": "Mã", "origin": "Nguồn", "section": "Mục", "section_title": "Tên mục", "number": "TT",
    "text": "Nội dung nhiệm vụ", "lead": "Chủ trì", "lead_raw": "Chủ trì (nguyên văn)",
    "coordinators": "Phối hợp", "coordinators_raw": "Phối hợp (nguyên văn)",
    "deadline_raw": "Thời hạn (nguyên văn)", "deadline_kind": "Loại thời hạn",
    "deadline_start": "Bắt đầu", "deadline_due": "Hạn", "deadline_recurrence": "Lặp lại",
    "extra": "Cột khác", "page": "Trang", "table": "Bảng", "x0": "x0", "top": "top", "x1": "x1",
    "bottom": "bottom", "confidence": "Độ tin cậy", "doubts": "Cần kiểm tra",
    "deadline_milestones": "Các mốc thời hạn", "deadline_time": "Giờ", "deadline_approx": "Khoảng (đầu / giữa / cuối)",
    "deadline_note": "Ghi chú thời hạn", "deadline_confidence": "Độ tin cậy thời hạn", "parent": "Thuộc chỉ tiêu", "name": "Chỉ tiêu",
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


# ---------------------------------------------------------------- cell formatting

def guard_formula(text: str) -> str:
    """'= 20%' -> "'= 20%": text that a spreadsheet would run as a formula, made inert."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


@lru_cache(maxsize=None)
def coded_columns() -> frozenset:
    """Columns whose values come from a fixed list (an enum in a row schema): never guarded."""
    from plan_extract.output.validate import load_schema
    out = set()
    for name in ("tasks.row", "indicators.row", "manifest.row"):
        for column, prop in load_schema(name)["properties"].items():
            if "enum" in prop:
                out.add(column)
    return frozenset(out)


def free_text(column: str) -> bool:
    """True for a column that holds free text (the formula guard applies to it)."""
    return column not in _TYPED and column not in coded_columns()


def _csv_cell(column: str, value: Any) -> str:
    return _csv_value(value, free_text(column))


def _csv_value(value: Any, guard: bool) -> str:
    """One CSV cell; `guard`: the column holds free text (free_text), the formula guard applies."""
    if value is None:
        return ""
    if value.__class__ is str:        # most cells
        return guard_formula(value) if guard else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    text = str(value)
    return guard_formula(text) if guard else text


def rows_to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> bytes:
    """CSV bytes: UTF-8 with BOM, CRLF, header row, the formula guard on text cells."""
    import csv
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    free = [(c, free_text(c)) for c in columns]
    for row in rows:
        writer.writerow([_csv_value(row.get(c), guard) for c, guard in free])
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
    # coded columns are written exactly (no formula guard): the enum is the schema's own
    enum = [e for e in prop.get("enum", []) if e is not None]
    if enum:
        constraints["enum"] = enum
    if constraints:
        f["constraints"] = constraints
    return f


def datapackage(plan: Plan) -> dict[str, Any]:
    """Frictionless Data Package describing tasks.csv and indicators.csv of one plan."""
    from plan_extract.output.validate import load_schema
    stem = Path(plan.source.file).stem
    name = re.sub(r"[^a-z0-9._-]+", "-", ascii_fold(stem).lower()).strip("-._") or "plan"

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
                       "Free-text cells beginning with =, +, -, @, tab or CR carry a leading "
                       "apostrophe (formula-injection guard); coded columns (those with an enum) "
                       "are written exactly; plan.json keeps the exact text.",
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


# ---------------------------------------------------------------- one document

_ROW_ERROR = re.compile(r"^(tasks|indicators)\[(\d+)\]")


def set_aside_invalid_rows(plan: Plan, errors: list[str]) -> Optional[Plan]:
    """When every violation of plan.json is inside rows (tasks[N]..., indicators[N]...), a copy
    of the plan without those rows, each recorded in an error-level issue at the row (its id,
    number, text and the violation): one bad row never loses the document, and never vanishes
    silently. None when a violation is not inside a row (a bug to report)."""
    import copy
    bad: dict[tuple[str, int], list[str]] = {}
    for e in errors:
        m = _ROW_ERROR.match(e)
        if not m:
            return None
        bad.setdefault((m.group(1), int(m.group(2))), []).append(e)
    plan = copy.deepcopy(plan)
    for (kind, n), errs in sorted(bad.items()):
        row = getattr(plan, kind)[n]
        text = getattr(row, "text", None) or getattr(row, "name", None) or ""
        number = f" số {row.number}" if getattr(row, "number", None) else ""
        plan.issues.append(Issue(
            "error", "row-invalid",
            f"Dòng {row.id}{number} không ghi được vào bảng vì không hợp lệ ({errs[0]}); "
            f"nội dung: {text!r} (row set aside: invalid)", row.source.page, row.id))
    for kind in ("tasks", "indicators"):
        drop = {n for k, n in bad if k == kind}
        setattr(plan, kind, [r for n, r in enumerate(getattr(plan, kind)) if n not in drop])
    return plan


def render_outputs(plan: Plan, xlsx: bool = False) -> dict[str, bytes]:
    """Validate the plan and its rows, then render every file of a result folder (name -> bytes).
    Rows that violate the schema are set aside into issues (set_aside_invalid_rows); raises
    OutputInvalid on any other schema violation."""
    from plan_extract.output import validate
    data = plan.to_dict()            # validated, then written as plan.json (validation reads it only)
    errors = validate.validate_plan(data)
    if errors:
        kept = set_aside_invalid_rows(plan, errors)
        if kept is None or validate.validate_plan(kept):
            raise OutputInvalid(f"{plan.source.file}: plan.json", errors)
        plan = kept
        data = plan.to_dict()
    tasks = task_rows(plan)
    indicators = indicator_rows(plan)
    errors = validate.validate_rows("tasks", tasks) + validate.validate_rows("indicators", indicators)
    if errors:
        raise OutputInvalid(f"{plan.source.file}: tasks.csv / indicators.csv", errors)
    files = {
        "plan.json": (dumps_indented(data) + "\n").encode("utf-8"),   # = Plan.to_json
        "tasks.csv": rows_to_csv(tasks, TASK_COLUMNS),
        "indicators.csv": rows_to_csv(indicators, INDICATOR_COLUMNS),
        "datapackage.json": (dumps_indented(datapackage(plan)) + "\n").encode("utf-8"),
    }
    if xlsx:
        files["plan.xlsx"] = plan_workbook(plan)
    return files


def write_outputs(plan: Plan, target_dir: Union[str, Path], xlsx: bool = False) -> Path:
    """Validate, then write plan.json, tasks.csv, indicators.csv, datapackage.json (and plan.xlsx)
    into target_dir, atomically as a whole folder; any other file already in that folder is kept
    (OUTPUT_NAMES are the only names this tool writes or removes there). Returns target_dir."""
    return write_dir_atomic(target_dir, render_outputs(plan, xlsx=xlsx), owned=OUTPUT_NAMES)

