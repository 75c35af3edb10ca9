"""Corrections staff make in the review page, kept as a JSON file and re-applied at every
re-extraction (run.py calls `apply_corrections` right after the row ids are assigned, before
normalisation, so a corrected cell is normalised exactly like an extracted one).

The file (`corrections.json` in a result folder, or `--corrections FILE`):

    {"document_sha256": "<sha256 of the PDF/DOCX>",
     "corrections": [{"id": "T-1acfa49e", "field": "lead_raw", "value": "Phòng Văn hóa - Xã hội"}]}

Fields: a task's "text", "lead_raw", "coordinators_raw", "deadline_raw"; an indicator's "name",
"lead_raw". A row is found by its stable id (model/ids.py, computed from the extracted text, so a
corrected text keeps its id). What was read before the correction stays in the row's provenance
(`source.corrected`: field -> extracted value). A correction whose row no longer exists, or a file
written for another version of the document, becomes an issue in plan.json: never dropped silently.
"""
from __future__ import annotations

import hashlib
import json
import json.decoder
import json.scanner
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from plan_extract.model.document import Deadline, Plan
from plan_extract.vocab import VocabError, load_file

FILE_NAME = "corrections.json"            # the file looked for in a result folder
TASK_FIELDS = ("text", "lead_raw", "coordinators_raw", "deadline_raw")
INDICATOR_FIELDS = ("name", "lead_raw")
FIELD_LABELS = {"text": "nội dung", "name": "tên chỉ tiêu", "lead_raw": "chủ trì",
                "coordinators_raw": "phối hợp", "deadline_raw": "thời hạn"}


class CorrectionsError(VocabError):
    """A corrections file that cannot be used: one line with the file, the line and the problem."""


@dataclass(frozen=True)
class Correction:
    id: str
    field: str
    value: str
    line: Optional[int] = None


@dataclass(frozen=True)
class CorrectionSet:
    """One corrections file: the document it was made for and its corrections, in file order."""
    document_sha256: Optional[str]
    corrections: tuple[Correction, ...] = ()
    file: Optional[str] = None            # where it was read (messages)

    def to_json(self) -> str:
        """The file as the review page writes it: one correction per line, same input same bytes."""
        items = [json.dumps({"id": c.id, "field": c.field, "value": c.value}, ensure_ascii=False)
                 for c in self.corrections]
        body = ",\n    ".join(items)
        return ("{\n  \"document_sha256\": " + json.dumps(self.document_sha256) + ",\n"
                "  \"corrections\": [" + ("\n    " + body + "\n  " if items else "") + "]\n}\n")

    def fingerprint(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()[:16]


def merge(sets: Iterable[CorrectionSet], sha256: Optional[str] = None) -> CorrectionSet:
    """Several sets -> one: a later correction of the same row and field replaces an earlier one."""
    by_key: dict[tuple[str, str], Correction] = {}
    last_sha = None
    for s in sets:
        last_sha = s.document_sha256 or last_sha
        for c in s.corrections:
            by_key.pop((c.id, c.field), None)
            by_key[(c.id, c.field)] = Correction(c.id, c.field, c.value)
    return CorrectionSet(sha256 or last_sha, tuple(by_key.values()))


# ---------------------------------------------------------------- reading a file

class _Obj(dict):
    line = 0


def _decoder() -> json.JSONDecoder:
    """A JSON decoder whose objects know the line they start on (for one-line error messages)."""
    dec = json.JSONDecoder()

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        s, end = s_and_end
        obj, new_end = json.decoder.JSONObject(s_and_end, strict, scan_once, None, None, memo)
        out = _Obj(obj)
        out.line = s.count("\n", 0, end) + 1
        return out, new_end

    dec.parse_object = parse_object
    dec.scan_once = json.scanner.py_make_scanner(dec)
    return dec


def _fail(file, line, problem: str) -> CorrectionsError:
    where = f"{file}:{line}" if line else f"{file}"
    return CorrectionsError(f"{where}: tệp sửa không hợp lệ ({problem})")


def parse_corrections(data: Any, file: str = "corrections.json", text: Optional[str] = None) -> CorrectionSet:
    """A parsed corrections document -> CorrectionSet; problems -> CorrectionsError (one line)."""
    if text is not None:
        data = _decoder().decode(text)
    top = getattr(data, "line", 1)
    if not isinstance(data, dict):
        raise _fail(file, 1, "cần một đối tượng JSON {\"document_sha256\": ..., \"corrections\": [...]}")
    unknown = sorted(set(data) - {"document_sha256", "corrections"})
    if unknown:
        raise _fail(file, top, f"khóa không biết: {', '.join(unknown)}")
    sha = data.get("document_sha256")
    if sha is not None and not (isinstance(sha, str) and len(sha) == 64
                                and all(ch in "0123456789abcdef" for ch in sha.lower())):
        raise _fail(file, top, "document_sha256 phải là 64 chữ số hex")
    items = data.get("corrections")
    if not isinstance(items, list):
        raise _fail(file, top, "thiếu danh sách \"corrections\"")
    out = []
    for n, item in enumerate(items, 1):
        line = getattr(item, "line", None)
        if not isinstance(item, dict):
            raise _fail(file, line or top, f"mục sửa thứ {n} không phải đối tượng JSON")
        extra = sorted(set(item) - {"id", "field", "value"})
        if extra:
            raise _fail(file, line, f"mục sửa thứ {n}: khóa không biết: {', '.join(extra)}")
        rid, fld, value = item.get("id"), item.get("field"), item.get("value")
        if not isinstance(rid, str) or not rid.startswith(("T-", "I-")):
            raise _fail(file, line, f"mục sửa thứ {n}: \"id\" phải là mã dòng T-… hoặc I-…")
        allowed = TASK_FIELDS if rid.startswith("T-") else INDICATOR_FIELDS
        if fld not in allowed:
            raise _fail(file, line, f"mục sửa thứ {n}: \"field\" {fld!r} không sửa được; "
                                    f"dùng một trong: {', '.join(allowed)}")
        if not isinstance(value, str):
            raise _fail(file, line, f"mục sửa thứ {n}: \"value\" phải là chuỗi")
        if fld in ("text", "name") and not value.strip():
            raise _fail(file, line, f"mục sửa thứ {n}: {FIELD_LABELS[fld]} không được để trống")
        out.append(Correction(rid, fld, _nfc(value), line))
    return CorrectionSet(sha.lower() if sha else None, tuple(out), str(file))


def load_corrections(path: Union[str, Path]) -> CorrectionSet:
    """Read a corrections file; a bad one -> CorrectionsError naming the file, line and problem."""
    path = Path(path)
    try:
        load_file(path)                   # syntax errors: file, line, problem
    except VocabError as e:
        raise CorrectionsError(str(e)) from None
    text = path.read_text(encoding="utf-8")
    try:
        return parse_corrections(None, str(path), text=text)
    except json.JSONDecodeError as e:
        raise CorrectionsError(f"{path}:{e.lineno}: JSON không hợp lệ ({e.msg})") from None


def _nfc(text: str) -> str:
    import unicodedata
    return unicodedata.normalize("NFC", text)


def resolve_sets(value: Any) -> list[CorrectionSet]:
    """Settings.corrections (None, a path, a dict, a CorrectionSet, or a list of them) -> sets."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in resolve_sets(v)]
    if isinstance(value, CorrectionSet):
        return [value]
    if isinstance(value, dict):
        return [parse_corrections(value, "corrections")]
    return [load_corrections(value)]


def corrections_for(sha256: Optional[str], folder: Union[None, str, Path],
                    explicit: Iterable[CorrectionSet] = (), only_input: bool = False) -> list[CorrectionSet]:
    """The corrections of one document: its result folder's corrections.json (if any), then the
    --corrections files made for its sha256 (when it is the only input, every file given).
    A bad corrections.json raises CorrectionsError."""
    out: list[CorrectionSet] = []
    seen: set[str] = set()
    if folder is not None and (Path(folder) / FILE_NAME).is_file():
        path = Path(folder) / FILE_NAME
        out.append(load_corrections(path))
        seen.add(str(path.resolve()))
    for s in explicit:
        if s.file and str(Path(s.file).resolve()) in seen:
            continue
        if only_input or s.document_sha256 == sha256:
            out.append(s)
    return out


# ---------------------------------------------------------------- applying them

def apply_corrections(plan: Plan, sets: Iterable[CorrectionSet]) -> int:
    """Apply every correction to the plan's rows (before normalisation); returns how many were
    applied. Each applied one records the extracted value in the row's source.corrected; one
    whose row is gone becomes a 'correction-row-missing' issue."""
    applied = 0
    tasks = {t.id: t for t in plan.tasks}
    indicators = {i.id: i for i in plan.indicators}
    for s in sets:
        name = Path(s.file).name if s.file else FILE_NAME
        if s.document_sha256 and s.document_sha256 != plan.source.sha256:
            plan.warn("corrections-other-version",
                      f"Tệp sửa {name} được lập cho một bản khác của văn bản (sha256 "
                      f"{s.document_sha256[:12]}…); các sửa được áp dụng theo mã dòng.")
        for c in s.corrections:
            row = tasks.get(c.id) if c.id.startswith("T-") else indicators.get(c.id)
            if row is None:
                plan.warn("correction-row-missing",
                          f"Sửa {FIELD_LABELS.get(c.field, c.field)} của dòng {c.id} (tệp {name}"
                          f"{', dòng ' + str(c.line) if c.line else ''}) không áp dụng được: dòng này "
                          f"không còn trong kết quả trích xuất; giá trị sửa: “{c.value}”.", row=c.id)
                continue
            _set(row, c.field, c.value)
            applied += 1
    return applied


def _get(row, name: str) -> Optional[str]:
    if name == "deadline_raw":
        return row.deadline.raw if row.deadline is not None else None
    return getattr(row, name)


def _set(row, name: str, value: str) -> None:
    corrected = row.source.corrected
    if name not in corrected:
        corrected[name] = _get(row, name)
    if name == "deadline_raw":
        row.deadline = Deadline(raw=value)
    elif name in ("lead_raw", "coordinators_raw"):
        setattr(row, name, value)
        setattr(row, name[:-4], None)          # re-resolved by normalisation
    else:
        setattr(row, name, value)
