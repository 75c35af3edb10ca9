"""Document -> list of schema violations, against schemas/ (JSON Schema draft 2020-12).

`validate_plan(plan)` checks plan.json; `validate_rows(kind, rows)` checks the rows of
tasks.csv / indicators.csv / manifest.csv before they are formatted. An empty list means valid.
Messages are "<where>: <what>" with a JSON path, sorted, so that the same plan gives the same list.
Export calls these before writing anything (plan_extract.output.files.OutputInvalid).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Union

if TYPE_CHECKING:
    from plan_extract.model.document import Plan

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"  # plan_extract/schemas
ROW_SCHEMAS = {"tasks": "tasks.row", "indicators": "indicators.row", "manifest": "manifest.row"}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """schemas/<name>.schema.json as a dict ("plan", "tasks.row", ...)."""
    with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=None)
def _validator(name: str):
    from jsonschema import Draft202012Validator, FormatChecker
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(_inline_refs(schema), format_checker=FormatChecker())


def _inline_refs(schema: dict) -> dict:
    """The schema with every local "#/$defs/X" reference replaced by X itself (our schemas are not
    recursive). Same meaning, but jsonschema validates it about twice as fast: resolving a $ref
    at every task and cell is most of its time on a large plan."""
    defs = schema.get("$defs", {})

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
                target = walk(defs[node["$ref"][len("#/$defs/"):]])
                rest = {k: walk(v) for k, v in node.items() if k != "$ref"}
                if set(rest) <= {"description"}:
                    return {**target, **rest}
                return {"allOf": [target], **rest}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk({k: v for k, v in schema.items() if k != "$defs"})


def _where(error) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return path.lstrip(".") or "(gốc)"


def validate_instance(name: str, instance: Any) -> list[str]:
    """All violations of schemas/<name>.schema.json by `instance`, as sorted strings."""
    return sorted(f"{_where(e)}: {e.message}" for e in _validator(name).iter_errors(instance))


def validate_plan(plan: Union["Plan", dict]) -> list[str]:
    """plan.json violations: the schema, then rules a schema cannot say (unique ids, start <= due)."""
    data = plan if isinstance(plan, dict) else plan.to_dict()
    errors = validate_instance("plan", data)
    if errors:
        return errors
    seen: set[str] = set()
    for kind in ("tasks", "indicators"):
        for n, row in enumerate(data[kind]):
            if row["id"] in seen:
                errors.append(f"{kind}[{n}].id: id {row['id']!r} lặp lại (duplicate id)")
            seen.add(row["id"])
    for n, task in enumerate(data["tasks"]):
        d = task["deadline"]
        if d and d["start"] and d["due"] and d["start"] > d["due"]:
            errors.append(f"tasks[{n}].deadline: start {d['start']} sau due {d['due']}")
    return errors


def validate_rows(kind: str, rows: Iterable[dict[str, Any]]) -> list[str]:
    """Violations of schemas/<kind>.row.schema.json, each prefixed with the row index."""
    name = ROW_SCHEMAS[kind]
    errors = []
    for n, row in enumerate(rows):
        errors.extend(f"{kind}.csv row {n + 1}: {e}" for e in validate_instance(name, row))
    return errors


def row_columns(kind: str) -> list[str]:
    """The column order of a CSV, as its row schema lists it."""
    return list(load_schema(ROW_SCHEMAS[kind])["properties"])
