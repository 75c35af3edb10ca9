"""A folder of extracted plans (every plan.json under it) -> exports: tracker workbooks, one
iCalendar file, or one workbook per plan.

One plan found more than once (its PDF, its DOCX and a scan extracted side by side) is exported
once: two plan.json files are the same plan when they carry the same document number (with the
same year, and the same issuer where both name one), or, failing that, the same content: plans of similar size
(the smaller has at least DUPLICATE_OVERLAP of the larger's rows) of which at least
DUPLICATE_OVERLAP of the smaller's rows have an id in the other (ids come from each row's content
and place, model.ids; an OCR reading loses a few). Two plans whose numbers differ are never one. The copy kept is the one read best (DOCX or native text before a legacy encoding,
before OCR; then the one with more rows; then the first by path); every other copy is reported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from plan_extract.model.document import Plan
from plan_extract.output.atomic import write_bytes_atomic
from plan_extract.output.files import plan_workbook, rows_to_csv
from plan_extract.output.ics import plans_to_ics
from plan_extract.output.tracker import TRACKER_MAX_ROWS, _tracker_workbook, _UnitCoder, parse_due_time, tracker_rows
from plan_extract.text import ascii_fold

FORMATS = ("tracker-xlsx", "ics", "xlsx")
DUPLICATE_OVERLAP = 0.8
_LAYER_RANK = {"docx": 0, "native": 0, "legacy-tcvn3": 1, "legacy-vni": 1, "ocr": 2}


class NothingToExport(Exception):
    """The folder holds no plan (or no task for a task export): nothing is written."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Duplicate:
    kept: Path          # the plan.json exported
    dropped: Path       # a copy of the same plan, not exported
    reason: str         # Vietnamese: why they are the same plan

    def line(self, root: Optional[Path] = None) -> str:
        def rel(p: Path) -> str:
            try:
                return p.relative_to(root).as_posix() if root else str(p)
            except ValueError:
                return str(p)
        return (f"trùng văn bản: {rel(self.dropped)} là cùng kế hoạch với {rel(self.kept)} "
                f"({self.reason}); chỉ xuất {rel(self.kept)}")


@dataclass
class Export:
    files: list[Path] = field(default_factory=list)          # written, sorted
    duplicates: list[Duplicate] = field(default_factory=list)
    plans: int = 0                                            # plans exported (after duplicates)


def find_plans(outdir: Union[str, Path], exclude: Optional[Path] = None,
               problems: Optional[list] = None) -> list[tuple[Path, Plan]]:
    """Every plan.json under outdir (sorted by path; hidden folders and `exclude` skipped). One
    that cannot be read, is not JSON or is not a plan (schemas/plan.schema.json) is skipped and,
    when `problems` is given, listed there as (path, one-line reason); the rest go on."""
    from plan_extract.output.validate import validate_plan
    outdir = Path(outdir)
    found = []
    for p in sorted(outdir.rglob("plan.json")):
        rel = p.relative_to(outdir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if exclude is not None and exclude.resolve() in p.resolve().parents:
            continue
        try:
            with open(p, encoding="utf-8") as f:
                data = json.load(f)
            errors = validate_plan(data) if isinstance(data, dict) else ["(gốc): không phải đối tượng JSON"]
            if errors:
                raise ValueError(f"không đúng lược đồ plan.json ({errors[0]}"
                                 f"{f'; và {len(errors) - 1} lỗi khác' if len(errors) > 1 else ''})")
            found.append((p, Plan.from_dict(data)))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            if problems is not None:
                why = e.strerror if isinstance(e, OSError) and e.strerror else \
                    f"không phải JSON hợp lệ ({e})" if isinstance(e, json.JSONDecodeError) else str(e)
                problems.append((p, why.replace("\n", " ")))
    return found


def _fold(text: Optional[str]) -> str:
    return " ".join(ascii_fold(text or "").lower().split())


def _number_key(plan: Plan) -> Optional[str]:
    n = plan.document.number
    return " ".join(ascii_fold(n).upper().split()) if n else None


def _same_plan(a: Plan, b: Plan) -> Optional[str]:
    """Why a and b are one plan (a Vietnamese reason), or None."""
    na, nb = _number_key(a), _number_key(b)
    if na and nb:
        ya, yb = a.document.issue_year, b.document.issue_year
        ia = _fold(a.document.issuer or a.document.issuer_raw)
        ib = _fold(b.document.issuer or b.document.issuer_raw)
        if na == nb and (not ya or not yb or ya == yb) and (not ia or not ib or ia == ib):
            return f"cùng số {a.document.number}"
        if na != nb:
            return None        # two numbered documents with different numbers are two documents
    ids_a = {t.id for t in a.tasks} | {i.id for i in a.indicators}
    ids_b = {t.id for t in b.tasks} | {i.id for i in b.indicators}
    if ids_a and ids_b:
        small, large = sorted((len(ids_a), len(ids_b)))
        common = len(ids_a & ids_b) / small
        if small >= DUPLICATE_OVERLAP * large and common >= DUPLICATE_OVERLAP:
            return f"cùng nội dung: {round(common * 100)}% nhiệm vụ và chỉ tiêu trùng nhau"
    return None


def _quality(item: tuple[Path, Plan]) -> tuple:
    path, plan = item
    return (_LAYER_RANK.get(plan.source.text_layer, 3), -(len(plan.tasks) + len(plan.indicators)),
            path.as_posix())


def deduplicate(plans: list[tuple[Path, Plan]]) -> tuple[list[tuple[Path, Plan]], list[Duplicate]]:
    """The plans with every copy of one plan kept once (in path order), and the copies dropped."""
    groups: list[list[tuple[Path, Plan]]] = []
    reasons: dict[int, str] = {}
    for item in plans:
        for g in groups:
            why = next((r for r in (_same_plan(other, item[1]) for _, other in g) if r), None)
            if why:
                g.append(item)
                reasons[id(item)] = why
                break
        else:
            groups.append([item])
    kept: list[tuple[Path, Plan]] = []
    dropped: list[Duplicate] = []
    for g in groups:
        best = min(g, key=_quality)
        kept.append(best)
        for item in g:
            if item is not best:
                why = reasons.get(id(item)) or reasons.get(id(best)) or "trùng"
                dropped.append(Duplicate(best[0], item[0], why))
    order = {id(item): n for n, item in enumerate(plans)}
    kept.sort(key=lambda item: order[id(item)])
    return kept, dropped


def export_plans(outdir: Union[str, Path], fmt: str, due_time: Optional[str] = None,
                 target: Union[None, str, Path] = None, units=None,
                 problems: Optional[list] = None) -> Export:
    """Export every plan.json under outdir, each plan once. fmt: "tracker-xlsx" (tracker-001.xlsx,
    ... of at most 500 tasks each, plus tracker-units.csv listing units whose code was derived),
    "ics" (tasks.ics), "xlsx" (<stem>.xlsx per plan). due_time: the hour of a certain deadline in
    the tracker (default 17:00). units: the staff's unit file(s), for tracker codes. Raises
    NothingToExport (nothing written) when there is no plan, or no task for tracker-xlsx / ics.
    A plan.json that cannot be read is left out and listed in `problems` (see find_plans)."""
    outdir = Path(outdir)
    target = Path(target) if target is not None else outdir / "export"
    due = parse_due_time(due_time)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    coder = _UnitCoder(units) if fmt == "tracker-xlsx" else None
    found = find_plans(outdir, exclude=target, problems=problems)
    if not found:
        raise NothingToExport("no-plans", "không có kế hoạch nào (plan.json) trong thư mục để xuất; "
                                          "hãy chạy extract hoặc batch vào thư mục này trước")
    plans, duplicates = deduplicate(found)
    if fmt != "xlsx" and not any(plan.tasks for _, plan in plans):
        raise NothingToExport("no-tasks", f"có {len(plans)} kế hoạch nhưng không có nhiệm vụ nào để xuất")
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
        import re
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
        derived = [{"unit": name, "derived_code": code} for name, code in sorted(coder.derived.items())]
        written.append(write_bytes_atomic(target / "tracker-units.csv",
                                          rows_to_csv(derived, ["unit", "derived_code"])))
    return Export(sorted(written), duplicates, len(plans))


def export_folder(outdir: Union[str, Path], fmt: str, due_time: Optional[str] = None,
                  target: Union[None, str, Path] = None, units=None,
                  problems: Optional[list] = None) -> list[Path]:
    """export_plans(), returning only the files written (sorted)."""
    return export_plans(outdir, fmt, due_time=due_time, target=target, units=units,
                        problems=problems).files
