"""A folder of extracted plans (every plan.json under it) -> exports: tracker workbooks, one
iCalendar file, or one workbook per plan."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional, Union


from plan_extract.model.document import Plan
from plan_extract.output.atomic import write_bytes_atomic
from plan_extract.output.files import plan_workbook, rows_to_csv
from plan_extract.output.ics import plans_to_ics
from plan_extract.output.tracker import TRACKER_MAX_ROWS, _tracker_workbook, _UnitCoder, parse_due_time, tracker_rows

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



def export_folder(outdir: Union[str, Path], fmt: str, due_time: Optional[str] = None,
                  target: Union[None, str, Path] = None, problems: Optional[list] = None) -> list[Path]:
    """Export every plan.json under outdir. fmt: "tracker-xlsx" (tracker-001.xlsx, ... of at most
    500 tasks each, plus tracker-units.csv listing units whose code was derived), "ics"
    (tasks.ics), "xlsx" (<stem>.xlsx per plan). Returns the files written (sorted). A plan.json
    that cannot be read is left out and listed in `problems` (see find_plans)."""
    outdir = Path(outdir)
    target = Path(target) if target is not None else outdir / "export"
    due = parse_due_time(due_time)
    if fmt not in ("tracker-xlsx", "ics", "xlsx"):
        raise ValueError(f"unknown export format {fmt!r}")
    plans = find_plans(outdir, exclude=target, problems=problems)
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
