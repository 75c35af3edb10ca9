"""The document model: the one contract every stage writes into and every export reads.

`Plan` is what `plan.json` serialises (see schemas/plan.schema.json); `Result` wraps one
document's outcome so that a batch can carry failures as values (Docling's ConversionStatus).
Field order in the dataclasses is the key order in JSON: keep it stable.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any, Optional

SCHEMA_VERSION = "1.0"

TEXT_LAYERS = ("native", "ocr", "legacy-tcvn3", "legacy-vni", "docx", "doc")
#: Per-page verdicts on a PDF page's text layer (readers/text_layer.py explains each).
PAGE_VERDICTS = ("native", "legacy-tcvn3", "legacy-vni", "garbled", "scan-sound-layer", "scan-poor-layer",
                 "scan-overlay", "scan", "outlines", "empty")
#: How a page was read: its text layer, OCR of its image, or not at all.
PAGE_READS = ("text", "ocr", "none")
DEADLINE_KINDS = (
    "day", "month", "quarter", "half", "year", "range", "continuous",
    "recurring", "event", "unspecified", "unrecognised",
)
RECURRENCES = ("yearly", "half-yearly", "quarterly", "monthly")
TARGET_OPS = ("=", ">=", "<=", ">", "<")


@dataclass
class Provenance:
    """Where a row was read: 1-based page, bbox in PDF points (x0, top, x1, bottom), table index."""
    page: Optional[int] = None
    bbox: Optional[list[float]] = None
    table: Optional[int] = None
    confidence: Optional[float] = None
    # fields corrected by staff (review/corrections.py): field -> the value extracted before;
    # written to plan.json only when not empty
    corrected: dict[str, Optional[str]] = field(default_factory=dict)
    # rows read by OCR: field (number, text, name, lead_raw, coordinators_raw, deadline_raw) ->
    # {"confidence": mean tesseract word confidence 0-1, "second_reading": the high-risk cell
    # read again with other settings, only when that reading differed}; written when not empty
    ocr: dict[str, dict] = field(default_factory=dict)


@dataclass
class Deadline:
    raw: str
    kind: str = "unspecified"
    start: Optional[str] = None      # ISO YYYY-MM-DD
    due: Optional[str] = None        # ISO YYYY-MM-DD
    recurrence: Optional[str] = None  # yearly | half-yearly | quarterly | monthly
    # added by issue 13 (the contract above is unchanged):
    milestones: list[dict] = field(default_factory=list)   # [{text, due}] when a cell names several dated steps
    time: Optional[str] = None        # clock time(s) "20:15-20:45"
    approx: Optional[str] = None      # early | mid | late: "đầu / giữa / cuối" a period
    note: Optional[str] = None        # what the reading left unused or assumed, for staff
    confidence: Optional[float] = None   # 0..1, how sure the reading is


@dataclass
class Task:
    id: str
    origin: str                       # "appendix" | "body"
    section: Optional[str]
    section_title: Optional[str]
    number: Optional[str]
    text: str
    lead: Optional[list[str]] = None
    lead_raw: Optional[str] = None
    coordinators: Optional[list[str]] = None
    coordinators_raw: Optional[str] = None
    deadline: Optional[Deadline] = None
    extra: dict[str, str] = field(default_factory=dict)
    source: Provenance = field(default_factory=Provenance)
    # a section with subsections ("2." over "2.1."): section/section_title are the subsection,
    # these the section above it (null for a one-level grouping)
    parent_section: Optional[str] = None
    parent_section_title: Optional[str] = None
    doubts: list[str] = field(default_factory=list)   # issue codes pointing at this row (checks)
    requested: bool = False           # body: "Đề nghị ..." bodies outside the issuer's authority
    owner: Optional[str] = None       # body: a numbered task naming no unit is the issuer's own


@dataclass
class Target:
    raw: str
    op: Optional[str] = None
    value: Optional[float] = None
    unit: Optional[str] = None


@dataclass
class Indicator:
    id: str
    origin: str                       # "appendix" | "body"
    number: Optional[str]
    parent: Optional[str]             # number of the parent row ("7" for "7.1")
    name: str
    unit_of_measure: Optional[str] = None
    targets: dict[str, Optional[Target]] = field(default_factory=dict)  # column label -> target
    lead: Optional[list[str]] = None
    lead_raw: Optional[str] = None
    footnote: Optional[str] = None
    source: Provenance = field(default_factory=Provenance)
    doubts: list[str] = field(default_factory=list)   # issue codes pointing at this row (checks)


@dataclass
class Reference:
    number: str                       # "57-NQ/TW"
    date: Optional[str] = None        # ISO
    issuer: Optional[str] = None      # "Bộ Chính trị"
    doc_type: Optional[str] = None    # "Nghị quyết"


@dataclass
class DocumentMeta:
    doc_type: Optional[str] = None
    number: Optional[str] = None
    issue_date: Optional[str] = None
    issue_month: Optional[int] = None   # kept when the day is left blank in a draft
    issue_year: Optional[int] = None
    issuer: Optional[str] = None
    issuer_raw: Optional[str] = None
    parent_issuer: Optional[str] = None
    place: Optional[str] = None
    title: Optional[str] = None
    signer: Optional[str] = None
    signer_title: Optional[str] = None
    references: list[Reference] = field(default_factory=list)


@dataclass
class Issue:
    level: str                        # "warning" | "error"
    code: str                         # stable, kebab-case: "no-task-table", "unknown-unit", ...
    message: str                      # Vietnamese, for staff
    page: Optional[int] = None
    row: Optional[str] = None         # task / indicator id when the issue is about one row


@dataclass
class Review:
    """The self-checks' verdict (plan_extract.checks): "cần kiểm tra" when any row is doubtful or
    a table/page may have lost rows or a page was read by OCR, else "đạt"."""
    status: str = "đạt"
    tasks: int = 0
    tasks_doubtful: int = 0
    indicators: int = 0
    indicators_doubtful: int = 0
    table_issues: int = 0             # table/page issues that may hide missing rows, page text-layer notes


@dataclass
class PageLayer:
    """One PDF page's text-layer verdict, how the page was read, and the text overlaid on a
    scan (a signature "Ký bởi: …", a receipt stamp): kept here, never read as body text."""
    page: int
    verdict: str = "native"
    read: str = "text"
    overlay: list[str] = field(default_factory=list)
    # a scan's hidden layer read against OCR of the page image (readers.text_layer.compare_with_ocr):
    # {"agree": share of its words OCR reads the same, "words": n, "differs": [{bbox, layer, ocr}]};
    # written only on pages so checked
    ocr_check: Optional[dict] = None


@dataclass
class SourceInfo:
    file: str
    sha256: str
    pages: int
    text_layer: str = "native"
    page_layers: list[PageLayer] = field(default_factory=list)


_ATOMS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _asdict(obj: Any) -> Any:
    """dataclasses.asdict, value for value, without deep-copying strings, numbers and None
    (immutable: asdict's copy of them is the same object); anything else as asdict treats it."""
    cls = type(obj)
    if cls in _ATOMS:
        return obj
    names = _FIELD_NAMES.get(cls)
    if names is None and is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(obj))
    if names is not None:
        return {name: _asdict(getattr(obj, name)) for name in names}
    if cls is list:
        return [_asdict(v) for v in obj]
    if cls is dict:
        return {_asdict(k): _asdict(v) for k, v in obj.items()}
    return asdict(_Value(obj))["value"]       # tuples, sets, other objects: asdict's own way


@dataclass
class _Value:
    value: Any


@dataclass
class Plan:
    source: SourceInfo
    document: DocumentMeta = field(default_factory=DocumentMeta)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    review: Optional[Review] = None
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The plan.json dict. Keys added after 1.0 are left out at their empty value (`doubts`
        of a row nothing points at, `review` before the checks ran), so older files and the
        gold stay canonical."""
        d = _asdict(self)
        out = {"schema_version": d.pop("schema_version")}
        out.update(d)
        if out.get("review") is None:
            out.pop("review", None)
        for layer in out["source"]["page_layers"]:
            if layer.get("ocr_check") is None:              # only on scans whose layer was checked
                layer.pop("ocr_check", None)
        for row in [*out["tasks"], *out["indicators"]]:
            if not row.get("doubts"):
                row.pop("doubts", None)
            if not row["source"].get("corrected"):          # only on corrected rows
                row["source"].pop("corrected", None)
            if not row["source"].get("ocr"):                # only on rows read by OCR
                row["source"].pop("ocr", None)
        return out

    def to_json(self) -> str:
        """Deterministic JSON: same plan, same bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Plan":
        return _plan_from_dict(d)

    @property
    def status(self) -> str:
        if any(i.level == "error" for i in self.issues):
            return "partial"
        return "success" if not self.issues else "partial"

    def warn(self, code: str, message: str, page: Optional[int] = None, row: Optional[str] = None,
             level: str = "warning") -> None:
        self.issues.append(Issue(level, code, message, page, row))

    # pandas views with the CSV columns (model.flat owns the column lists)
    def tasks_frame(self):
        from plan_extract.model.flat import tasks_frame
        return tasks_frame(self)

    def indicators_frame(self):
        from plan_extract.model.flat import indicators_frame
        return indicators_frame(self)


@dataclass
class Result:
    """One document's outcome. status: success | partial | failure. A failure has no plan."""
    path: str
    status: str
    plan: Optional[Plan] = None
    error: Optional[Issue] = None
    seconds: float = 0.0


class InputError(Exception):
    """Bad input in the user's terms (empty, truncated, encrypted, not a PDF). Not a bug."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _build(cls, d):
    if d is None:
        return None
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})


def _plan_from_dict(d: dict[str, Any]) -> Plan:
    def task(t):
        t = dict(t)
        t["deadline"] = _build(Deadline, t.get("deadline"))
        t["source"] = _build(Provenance, t.get("source")) or Provenance()
        return _build(Task, t)

    def indicator(i):
        i = dict(i)
        i["targets"] = {k: _build(Target, v) for k, v in (i.get("targets") or {}).items()}
        i["source"] = _build(Provenance, i.get("source")) or Provenance()
        return _build(Indicator, i)

    doc = dict(d.get("document") or {})
    doc["references"] = [_build(Reference, r) for r in doc.get("references") or []]
    src = dict(d["source"])
    src["page_layers"] = [_build(PageLayer, p) for p in src.get("page_layers") or []]
    return Plan(
        source=_build(SourceInfo, src),
        document=_build(DocumentMeta, doc),
        tasks=[task(t) for t in d.get("tasks") or []],
        indicators=[indicator(i) for i in d.get("indicators") or []],
        issues=[_build(Issue, i) for i in d.get("issues") or []],
        review=_build(Review, d.get("review")),
        schema_version=d.get("schema_version", SCHEMA_VERSION),
    )
