"""schemas/ against the model (no drift), and validate.py on good and bad plans."""
from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from plan_extract.model import document as model
from plan_extract.batch.runner import MANIFEST_COLUMNS
from plan_extract.output.files import INDICATOR_COLUMNS, TASK_COLUMNS
from plan_extract.output.validate import SCHEMA_DIR, load_schema, row_columns, validate_plan, validate_rows
from tests.plans import sample_plan

GOLD = Path(__file__).parent / "corpus" / "gold"
# Keys added after 1.0 (the self-checks): always written, but plan.json files and gold written
# before them stay valid without them.
OPTIONAL_ON_READ = {"Plan": {"review"}, "Task": {"doubts"}, "Indicator": {"doubts"},
                    "Provenance": {"corrected", "ocr"}, "PageLayer": {"ocr_check"}}


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node and node["$ref"].startswith("#/$defs/"):
        node = schema["$defs"][node["$ref"].split("/")[-1]]
    return node


def _dataclass_of(tp) -> list[type]:
    """The model dataclasses a field's type annotation names (list[Task] -> [Task])."""
    found = []
    for arg in typing.get_args(tp) or ():
        found.extend(_dataclass_of(arg))
    if dataclasses.is_dataclass(tp):
        found.append(tp)
    return found


def _walk(schema: dict):
    """(dataclass, its schema object) for Plan and every dataclass reachable from it."""
    todo, seen = [(model.Plan, schema)], set()
    while todo:
        cls, node = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls, node
        hints = typing.get_type_hints(cls, vars(model))
        for f in dataclasses.fields(cls):
            for sub in _dataclass_of(hints[f.name]):
                todo.append((sub, schema["$defs"][sub.__name__]))


def test_every_schema_is_valid_draft_2020_12():
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", path.name
        Draft202012Validator.check_schema(schema)


def test_plan_schema_matches_the_model_field_for_field():
    schema = load_schema("plan")
    classes = []
    for cls, node in _walk(schema):
        classes.append(cls.__name__)
        names = [f.name for f in dataclasses.fields(cls)]
        props = node["properties"]
        if cls is model.Plan:   # to_dict() puts schema_version first
            names = ["schema_version"] + [n for n in names if n != "schema_version"]
        assert list(props) == names, f"{cls.__name__}: schema keys differ from the dataclass fields"
        optional = OPTIONAL_ON_READ.get(cls.__name__, set())
        assert node["required"] == [p for p in props if p not in optional], \
            f"{cls.__name__}: every key is always written"
        assert node["additionalProperties"] is False, cls.__name__
        for name, prop in props.items():
            assert prop.get("description", "").strip(), f"{cls.__name__}.{name} has no description"
    assert set(classes) == {"Plan", "SourceInfo", "PageLayer", "DocumentMeta", "Reference", "Task", "Deadline",
                            "Provenance", "Indicator", "Target", "Issue", "Review"}


def test_plan_schema_enums_match_the_model_constants():
    defs = load_schema("plan")["$defs"]
    assert defs["SourceInfo"]["properties"]["text_layer"]["enum"] == list(model.TEXT_LAYERS)
    assert defs["PageLayer"]["properties"]["verdict"]["enum"] == list(model.PAGE_VERDICTS)
    assert defs["PageLayer"]["properties"]["read"]["enum"] == list(model.PAGE_READS)
    assert defs["Deadline"]["properties"]["kind"]["enum"] == list(model.DEADLINE_KINDS)
    assert defs["Deadline"]["properties"]["recurrence"]["enum"] == [*model.RECURRENCES, None]
    assert defs["Target"]["properties"]["op"]["enum"] == [*model.TARGET_OPS, None]
    assert load_schema("plan")["properties"]["schema_version"]["const"] == model.SCHEMA_VERSION


@pytest.mark.parametrize("kind, columns", [("tasks", TASK_COLUMNS), ("indicators", INDICATOR_COLUMNS),
                                           ("manifest", MANIFEST_COLUMNS)])
def test_row_schemas_list_the_csv_columns_in_order(kind, columns):
    assert row_columns(kind) == columns
    for name, prop in load_schema(f"{kind}.row")["properties"].items():
        assert prop.get("description", "").strip(), f"{kind}.{name} has no description"


def test_sample_plan_is_valid():
    assert validate_plan(sample_plan(7)) == []


def test_every_gold_plan_is_valid():
    golds = sorted(GOLD.glob("*.json"))
    assert golds, "no gold files in tests/corpus/gold"
    for path in golds:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert validate_plan(data) == [], path.name
        assert validate_plan(model.Plan.from_dict(data)) == [], path.name


def _broken(mutate) -> list[str]:
    d = sample_plan(3).to_dict()
    mutate(d)
    return validate_plan(d)


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["tasks"][0]["deadline"].update(kind="soon"), "tasks[0].deadline"),
    (lambda d: d["source"].update(sha256="XYZ"), "source.sha256"),
    (lambda d: d["tasks"][0].update(text=None), "tasks[0].text"),
    (lambda d: d["tasks"][0].pop("lead_raw"), "tasks[0]"),
    (lambda d: d["tasks"][0].update(unexpected=1), "tasks[0]"),
    (lambda d: d["document"].update(issue_date="2025-13-01"), "document.issue_date"),
    (lambda d: d["indicators"][1]["targets"]["2025"].update(op="≥"), "indicators[1].targets.2025"),
    (lambda d: d["tasks"][1].update(id=d["tasks"][0]["id"]), "duplicate id"),
    (lambda d: d["tasks"][0]["deadline"].update(start="2025-12-01", due="2025-01-31"), "sau due"),
    (lambda d: d["issues"][0].update(level="info"), "issues[0].level"),
])
def test_violations_are_reported_with_their_place(mutate, expected):
    errors = _broken(mutate)
    assert errors and any(expected in e for e in errors), errors


def test_row_validation_names_the_row():
    errors = validate_rows("tasks", [{c: None for c in TASK_COLUMNS}])
    assert errors and all(e.startswith("tasks.csv row 1:") for e in errors)
    assert any("id" in e for e in errors) and any("text" in e for e in errors)


# ----------------------------------------------------------------------------- compiled check

_PROBES = [None, "", "x", "2025-02-30", "2025-01-31", 1, 1.0, 1.5, -1, float("nan"), True, [], [None], {}]


def _paths(node, path=()):
    """Every place in a JSON document (dict keys and list indexes), the root last."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, path + (i,))
    yield path


def _variants(doc):
    """The document with each place replaced by each probe, and each key removed."""
    import copy
    for path in _paths(doc):
        if not path:
            continue
        for probe in _PROBES + ["delete"]:
            d = copy.deepcopy(doc)
            parent = d
            for p in path[:-1]:
                parent = parent[p]
            if probe == "delete":
                if not isinstance(parent, dict):
                    continue
                del parent[path[-1]]
            else:
                parent[path[-1]] = probe
            yield d


def test_compiled_check_decides_as_jsonschema():
    """validate_instance skips jsonschema for an instance its compiled check accepts: the check
    must accept exactly what jsonschema accepts, on real plans and rows and on every one-place
    change of them (each value replaced by a probe of each JSON type, each key removed)."""
    from plan_extract.output.files import indicator_rows, task_rows
    from plan_extract.output.validate import _accepts, _validator
    plan = sample_plan(1)
    docs = [("plan", plan.to_dict())] + \
        [("plan", json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLD.glob("*.json"))[:3]]
    docs += [("tasks.row", r) for r in task_rows(plan)[:2]] + [("indicators.row", r) for r in indicator_rows(plan)[:2]]
    checked = refused = 0
    for name, doc in docs:
        accepts = _accepts(name)
        assert accepts is not None, f"{name}: the compiled check does not cover this schema"
        validator = _validator(name)
        for variant in [doc, *(_variants(doc) if name != "plan" or doc is docs[0][1] else [])]:
            expected = next(iter(validator.iter_errors(variant)), None) is None
            assert accepts(variant) == expected, (name, variant)
            checked += 1
            refused += not expected
    assert checked > 1000 and refused > 300
