"""Document -> list of schema violations, against schemas/ (JSON Schema draft 2020-12).

`validate_plan(plan)` checks plan.json; `validate_rows(kind, rows)` checks the rows of
tasks.csv / indicators.csv / manifest.csv before they are formatted. An empty list means valid.
Messages are "<where>: <what>" with a JSON path, sorted, so that the same plan gives the same list.
Export calls these before writing anything (plan_extract.output.files.OutputInvalid).
"""
from __future__ import annotations

import json
import numbers
import re
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
    """All violations of schemas/<name>.schema.json by `instance`, as sorted strings.

    A valid instance is recognised by the schema's compiled check (_accepts); jsonschema itself
    names the violations of any other (the check never passes what jsonschema would refuse)."""
    accepts = _accepts(name)
    if accepts is not None and accepts(instance):
        return []
    return sorted(f"{_where(e)}: {e.message}" for e in _validator(name).iter_errors(instance))


# ----------------------------------------------------------------------------- compiled check

class _Unsupported(Exception):
    """A schema keyword the compiled check does not implement: jsonschema alone then validates."""


_ANNOTATIONS = frozenset({"description", "title", "$schema", "$id", "$comment", "examples", "default"})


def _is_number(x) -> bool:
    return not isinstance(x, bool) and isinstance(x, numbers.Number)


# jsonschema's draft 2020-12 type checker, type by type
_TYPES = {
    "string": lambda x: isinstance(x, str),
    "integer": lambda x: not isinstance(x, bool) and (isinstance(x, int) or (isinstance(x, float) and x.is_integer())),
    "number": _is_number,
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "array": lambda x: isinstance(x, list),
    "object": lambda x: isinstance(x, dict),
}


def _is_date(x) -> bool:
    """jsonschema's "date" format: YYYY-MM-DD that is a calendar date (other types pass)."""
    import datetime
    if not isinstance(x, str):
        return True
    if not _DATE.fullmatch(x):
        return False
    try:
        datetime.date.fromisoformat(x)
    except ValueError:
        return False
    return True


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _equal(option, x) -> bool:
    """jsonschema's equality (enum, const) for a scalar option: a string equals only an equal
    string, a boolean only itself (not 1 or 0), numbers by value."""
    if option is x:
        return True
    if isinstance(option, str) or isinstance(x, str):
        return option == x
    if isinstance(option, bool) or isinstance(x, bool):
        return False
    return option == x


def _scalar(value) -> bool:
    return value is None or isinstance(value, (str, bool, int, float))


def _compile(schema, defs: dict, compiled: dict):
    """A predicate instance -> bool: whether the schema (draft 2020-12, the keywords our schemas
    use) accepts the instance, keyword by keyword as jsonschema decides it. Each keyword is a
    closure with a plain loop (no generator per object: validation runs on every row written)."""
    if schema is True:
        return lambda x: True
    if schema is False:
        return lambda x: False
    if not isinstance(schema, dict):
        raise _Unsupported(repr(schema))
    checks = []
    for key, value in schema.items():
        if key in _ANNOTATIONS or key == "$defs":
            continue
        if key == "$ref":
            if not (isinstance(value, str) and value.startswith("#/$defs/")):
                raise _Unsupported(value)
            target = value[len("#/$defs/"):]
            if target not in compiled:
                compiled[target] = None                     # a recursive reference: not ours
                compiled[target] = _compile(defs[target], defs, compiled)
            check = compiled[target]
            if check is None:
                raise _Unsupported(value)
            checks.append(check)
        elif key == "type":
            kinds = [value] if isinstance(value, str) else list(value)
            if not all(k in _TYPES for k in kinds):
                raise _Unsupported(key)
            checks.append(_type_check(kinds))
        elif key == "enum":
            options = list(value)
            if not all(map(_scalar, options)):
                raise _Unsupported(key)
            checks.append(_enum_check(options))
        elif key == "const":
            if not _scalar(value):
                raise _Unsupported(key)
            checks.append(lambda x, value=value: _equal(value, x))
        elif key == "minimum":
            checks.append(lambda x, m=value: not _is_number(x) or not x < m)
        elif key == "maximum":
            checks.append(lambda x, m=value: not _is_number(x) or not x > m)
        elif key == "minLength":
            checks.append(lambda x, m=value: not isinstance(x, str) or not len(x) < m)
        elif key == "pattern":
            pattern = re.compile(value)
            checks.append(lambda x, p=pattern: not isinstance(x, str) or p.search(x) is not None)
        elif key == "format":
            if value != "date":
                raise _Unsupported(value)
            checks.append(_is_date)
        elif key == "minItems":
            checks.append(lambda x, m=value: not isinstance(x, list) or not len(x) < m)
        elif key == "maxItems":
            checks.append(lambda x, m=value: not isinstance(x, list) or not len(x) > m)
        elif key == "items":
            if "prefixItems" in schema:
                raise _Unsupported(key)
            checks.append(_items_check(_compile(value, defs, compiled)))
        elif key == "required":
            names = tuple(value)
            checks.append(lambda x, names=names: not isinstance(x, dict) or all(n in x for n in names))
        elif key == "properties":
            checks.append(_properties_check(tuple((k, _compile(v, defs, compiled)) for k, v in value.items())))
        elif key == "additionalProperties":
            known = frozenset(schema.get("properties", ()))
            if "patternProperties" in schema:
                raise _Unsupported(key)
            checks.append(_additional_check(known, _compile(value, defs, compiled)))
        elif key == "propertyNames":
            name = _compile(value, defs, compiled)
            checks.append(lambda x, name=name: not isinstance(x, dict) or all(map(name, x)))
        elif key == "oneOf":
            checks.append(_one_of_check(tuple(_compile(v, defs, compiled) for v in value)))
        elif key == "prefixItems":
            raise _Unsupported(key)
        else:
            raise _Unsupported(key)
    return _all_check(tuple(checks))


# the exact classes jsonschema's type checker accepts without further test, type by type
_PLAIN_TYPES = {"string": (str,), "array": (list,), "object": (dict,)}


def _type_check(kinds: list):
    """"type": one of the kinds (jsonschema's type checker, _TYPES). A string, array or object
    type is a bare isinstance; "null" alone or with one of those, a test for None first."""
    if all(k in _PLAIN_TYPES or k == "null" for k in kinds):
        classes = tuple(c for k in kinds if k != "null" for c in _PLAIN_TYPES[k])
        if "null" in kinds:
            return lambda x: x is None or isinstance(x, classes)
        return lambda x: isinstance(x, classes)
    tests = tuple(_TYPES[k] for k in kinds)

    def check(x):
        for t in tests:
            if t(x):
                return True
        return False
    return check


def _enum_check(options: list):
    strings = frozenset(o for o in options if isinstance(o, str))

    def check(x):
        if isinstance(x, str):        # a string equals only an equal string (_equal)
            return x in strings
        for o in options:
            if _equal(o, x):
                return True
        return False
    return check


def _items_check(item):
    def check(x):
        if isinstance(x, list):
            for v in x:
                if not item(v):
                    return False
        return True
    return check


def _properties_check(props: tuple):
    def check(x):
        if isinstance(x, dict):
            for k, test in props:
                if k in x and not test(x[k]):
                    return False
        return True
    return check


def _additional_check(known: frozenset, extra):
    def check(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k not in known and not extra(v):
                    return False
        return True
    return check


def _one_of_check(options: tuple):
    def check(x):
        n = 0
        for o in options:
            if o(x):
                n += 1
        return n == 1
    return check


def _all_check(checks: tuple):
    if not checks:
        return lambda x: True
    if len(checks) == 1:
        return checks[0]

    def check(x):
        for c in checks:
            if not c(x):
                return False
        return True
    return check


@lru_cache(maxsize=None)
def _accepts(name: str):
    """The compiled check of schemas/<name>.schema.json, or None when it uses a keyword the
    check does not implement."""
    schema = load_schema(name)
    try:
        return _compile(schema, schema.get("$defs", {}), {})
    except _Unsupported:
        return None


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
