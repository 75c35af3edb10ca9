"""Load and validate corpus data files (tests/corpus/data/<id>.yaml), per FORMAT.md.

`load(path)` returns the data dict; `validate(data, name)` returns a list of error strings,
each naming the file and the key path. Unknown keys are errors.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

DEADLINE_KINDS = ("day", "month", "quarter", "half", "year", "range", "continuous",
                  "recurring", "event", "unspecified", "unrecognised")
RECURRENCES = (None, "yearly", "half-yearly", "quarterly", "monthly")
TARGET_OPS = (None, "=", ">=", "<=", ">", "<")

TOP = {"id", "producer", "sample", "source", "variants", "header", "doc_type", "title_lines",
       "body", "recipients", "signature", "appendices", "deadlines", "units", "targets",
       "gold_document", "body_indicators"}
REQUIRED_TOP = {"id", "producer", "header", "doc_type", "title_lines"}
HEADER = {"issuer_lines", "number", "number_blank", "motto", "place", "date"}
DATE = {"day", "month", "year"}
BODY = {
    "para": {"kind", "text", "task", "deadline"},
    "heading": {"kind", "number", "text"},
    "bullet": {"kind", "text", "task", "deadline"},
    "unit_heading": {"kind", "number", "text", "lead", "coordinators"},
    "page_break": {"kind"},
}
SIGNATURE = {"authority", "title", "name"}
APPENDIX = {"label", "caption_lines", "attached", "orientation", "tables"}
TABLE = {"kind", "columns", "merge_lead", "ruled", "rows", "footnotes"}
COLUMN = {"header", "role", "width", "key"}
TASK_ROLES = {"number", "task", "lead", "coordinators", "deadline", "extra",
              "lead_coordinators",   # lead_coordinators: one cell "Chủ trì: X; Phối hợp: Y"
              "lead_stacked"}        # lead_stacked: one cell, X (bold) on a line, Y on the next
IND_ROLES = {"number", "name", "unit_of_measure", "target", "lead", "extra"}
SECTION_ROW = {"section", "title"}
TASK_ROW = {"number", "text", "lead", "coordinators", "deadline", "extra", "span_lead"}
IND_ROW = {"number", "name", "parent", "unit_of_measure", "targets", "lead", "footnote_marker",
           "extra"}
DEADLINE = {"kind", "start", "due", "recurrence"}
TARGET = {"op", "value", "unit"}
GOLD_DOC = {"doc_type", "number", "issue_date", "issue_month", "issue_year", "issuer",
            "issuer_raw", "parent_issuer", "place", "title", "signer", "signer_title",
            "references"}
REFERENCE = {"number", "date", "issuer", "doc_type"}
BODY_INDICATOR = {"name", "year", "raw", "op", "value", "unit"}
VARIANTS = {"scan", "docx", "tcvn3", "vni"}


def data_files() -> list[Path]:
    """Every document data file (files starting with "_" are shared lists, not documents)."""
    return sorted(p for p in DATA.glob("*.yaml") if not p.name.startswith("_"))


def load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return data


def header_label(col: dict) -> str:
    """A column's header as printed, flattened: "Top / Bottom" for a two-row header."""
    h = col.get("header")
    if isinstance(h, list):
        return " / ".join(str(x) for x in h)
    return str(h)


def extra_key(col: dict) -> str:
    """Key of an extra column in a row's `extra` dict and in the gold: the header as printed
    (the bottom line of a two-row header)."""
    h = col.get("header")
    return str(h[-1]) if isinstance(h, list) else str(h)


class _V:
    def __init__(self, name: str):
        self.name = name
        self.errors: list[str] = []

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{self.name}: {where}: {msg}")

    def keys(self, d: Any, allowed: set, where: str, required: set = frozenset()) -> bool:
        if not isinstance(d, dict):
            self.err(where, f"expected a mapping, got {type(d).__name__}")
            return False
        for k in d:
            if k not in allowed:
                self.err(where, f"unknown key {k!r}")
        for k in required:
            if k not in d:
                self.err(where, f"missing key {k!r}")
        return True

    def text(self, v: Any, where: str, allow_none: bool = False) -> None:
        if v is None and allow_none:
            return
        if not isinstance(v, str):
            self.err(where, f"expected text, got {type(v).__name__} {v!r}")
        elif unicodedata.normalize("NFC", v) != v:
            self.err(where, f"text is not NFC: {v!r}")


def validate(data: Any, name: str, stem: str | None = None) -> list[str]:
    v = _V(name)
    if not v.keys(data, TOP, "top level", REQUIRED_TOP):
        return v.errors
    if stem is not None and data.get("id") != stem:
        v.err("id", f"id {data.get('id')!r} differs from the file name {stem!r}")
    if data.get("producer") not in ("docx", "html"):
        v.err("producer", f"must be docx or html, got {data.get('producer')!r}")
    if "sample" in data and not isinstance(data["sample"], bool):
        v.err("sample", "must be true or false")
    for x in data.get("variants") or []:
        if x not in VARIANTS:
            v.err("variants", f"unknown variant {x!r}")

    h = data.get("header")
    if v.keys(h, HEADER, "header", {"issuer_lines"}):
        for i, line in enumerate(h.get("issuer_lines") or []):
            v.text(line, f"header.issuer_lines[{i}]")
        v.text(h.get("number"), "header.number", allow_none=True)
        if h.get("motto", "state") not in ("state", "party"):
            v.err("header.motto", f"must be state or party, got {h.get('motto')!r}")
        if "date" in h and h["date"] is not None:
            v.keys(h["date"], DATE, "header.date")
    v.text(data.get("doc_type"), "doc_type")
    for i, line in enumerate(data.get("title_lines") or []):
        v.text(line, f"title_lines[{i}]")

    deadlines = data.get("deadlines") or {}
    units = data.get("units") or {}
    targets = data.get("targets") or {}
    if not isinstance(deadlines, dict) or not isinstance(units, dict) or not isinstance(targets, dict):
        v.err("deadlines/units/targets", "must be mappings")
        return v.errors

    def need_deadline(raw, where):
        if raw is None or raw == "":
            return
        v.text(raw, where)
        if raw not in deadlines:
            v.err(where, f"deadline {raw!r} is not listed under deadlines")

    def need_unit(raw, where):
        if raw is None or raw == "":
            return
        v.text(raw, where)
        if raw not in units:
            v.err(where, f"unit cell {raw!r} is not listed under units")

    for i, b in enumerate(data.get("body") or []):
        where = f"body[{i}]"
        if not isinstance(b, dict) or b.get("kind") not in BODY:
            v.err(where, f"unknown body kind {b.get('kind') if isinstance(b, dict) else b!r}")
            continue
        v.keys(b, BODY[b["kind"]], where)
        if "text" in BODY[b["kind"]]:
            v.text(b.get("text"), where + ".text")
        if b.get("deadline") is not None:
            need_deadline(b["deadline"], where + ".deadline")
        if b["kind"] == "unit_heading":
            for k in ("lead", "coordinators"):
                if not isinstance(b.get(k, []), list):
                    v.err(f"{where}.{k}", "must be a list of canonical unit names")

    for i, r in enumerate(data.get("recipients") or []):
        v.text(r, f"recipients[{i}]")
    if data.get("signature") is not None:
        v.keys(data["signature"], SIGNATURE, "signature")

    for ai, app in enumerate(data.get("appendices") or []):
        aw = f"appendices[{ai}]"
        if not v.keys(app, APPENDIX, aw):
            continue
        if app.get("orientation", "portrait") not in ("portrait", "landscape"):
            v.err(aw + ".orientation", "must be portrait or landscape")
        for ti, t in enumerate(app.get("tables") or []):
            tw = f"{aw}.tables[{ti}]"
            if not v.keys(t, TABLE, tw, {"kind", "columns", "rows"}):
                continue
            kind = t.get("kind")
            if kind not in ("tasks", "indicators"):
                v.err(tw + ".kind", f"must be tasks or indicators, got {kind!r}")
                continue
            roles_ok = TASK_ROLES if kind == "tasks" else IND_ROLES
            cols = t.get("columns") or []
            extra_keys = set()
            target_keys = set()
            roles = []
            for ci, c in enumerate(cols):
                cw = f"{tw}.columns[{ci}]"
                if not v.keys(c, COLUMN, cw, {"header", "role"}):
                    continue
                hdr = c.get("header")
                if isinstance(hdr, list):
                    if len(hdr) != 2:
                        v.err(cw + ".header", "a two-row header is [top, bottom]")
                    for x in hdr:
                        v.text(x, cw + ".header")
                else:
                    v.text(hdr, cw + ".header")
                if c.get("role") not in roles_ok:
                    v.err(cw + ".role", f"unknown role {c.get('role')!r} for a {kind} table")
                roles.append(c.get("role"))
                if c.get("role") == "extra":
                    extra_keys.add(extra_key(c))
                if c.get("role") == "target":
                    if c.get("key") is None:
                        v.err(cw, "a target column needs a key")
                    target_keys.add(str(c.get("key")))
                elif "key" in c:
                    v.err(cw + ".key", "only target columns have a key")
                if "width" in c and not isinstance(c["width"], (int, float)):
                    v.err(cw + ".width", "width must be a number (cm)")
            for flag in ("merge_lead", "ruled"):
                if flag in t and not isinstance(t[flag], bool):
                    v.err(f"{tw}.{flag}", "must be true or false")
            main_role = "task" if kind == "tasks" else "name"
            if roles.count(main_role) != 1:
                v.err(tw + ".columns", f"exactly one {main_role} column is required")
            for fi in (t.get("footnotes") or {}):
                v.text(t["footnotes"][fi], f"{tw}.footnotes[{fi!r}]")
            for ri, r in enumerate(t.get("rows") or []):
                rw = f"{tw}.rows[{ri}]"
                if not isinstance(r, dict):
                    v.err(rw, "expected a mapping")
                    continue
                if "section" in r:
                    v.keys(r, SECTION_ROW, rw, {"section", "title"})
                    v.text(r.get("title"), rw + ".title")
                    continue
                if kind == "tasks":
                    v.keys(r, TASK_ROW, rw, {"text"})
                    v.text(r.get("text"), rw + ".text")
                    need_unit(r.get("lead"), rw + ".lead")
                    need_unit(r.get("coordinators"), rw + ".coordinators")
                    need_deadline(r.get("deadline"), rw + ".deadline")
                    if "span_lead" in r:
                        sl = r["span_lead"]
                        if not isinstance(sl, bool):
                            v.err(rw + ".span_lead", "must be true or false")
                        elif sl:
                            li = roles.index("lead") if "lead" in roles else None
                            if li is None or li + 1 >= len(roles) or roles[li + 1] != "coordinators":
                                v.err(rw + ".span_lead", "needs a lead column directly followed "
                                      "by a coordinators column")
                            if r.get("coordinators") not in (None, ""):
                                v.err(rw + ".coordinators", "must be \"\" on a span_lead row "
                                      "(the lead cell covers the coordinators column)")
                            if not r.get("lead"):
                                v.err(rw + ".lead", "a span_lead row needs a lead cell text")
                else:
                    v.keys(r, IND_ROW, rw, {"name"})
                    v.text(r.get("name"), rw + ".name")
                    need_unit(r.get("lead"), rw + ".lead")
                    tg = r.get("targets") or {}
                    if not isinstance(tg, dict):
                        v.err(rw + ".targets", "must be a mapping")
                        tg = {}
                    for k, raw in tg.items():
                        if str(k) not in target_keys:
                            v.err(f"{rw}.targets", f"unknown target column key {k!r}")
                        if raw not in (None, "") and raw not in targets:
                            v.err(f"{rw}.targets[{k!r}]", f"target {raw!r} is not listed under targets")
                    fm = r.get("footnote_marker")
                    if fm is not None and fm not in (t.get("footnotes") or {}):
                        v.err(rw + ".footnote_marker", f"no footnote {fm!r} under the table")
                for k in (r.get("extra") or {}):
                    if k not in extra_keys:
                        v.err(rw + ".extra", f"unknown extra column {k!r} (headers: {sorted(extra_keys)})")

    for raw, d in deadlines.items():
        w = f"deadlines[{raw!r}]"
        if v.keys(d, DEADLINE, w, {"kind"}):
            if d.get("kind") not in DEADLINE_KINDS:
                v.err(w + ".kind", f"unknown kind {d.get('kind')!r}")
            if d.get("recurrence") not in RECURRENCES:
                v.err(w + ".recurrence", f"unknown recurrence {d.get('recurrence')!r}")
            for k in ("start", "due"):
                x = d.get(k)
                if x is not None and not (isinstance(x, str) and len(x) == 10 and x[4] == "-"):
                    v.err(f"{w}.{k}", f"must be an ISO date string, got {x!r}")
    for raw, lst in units.items():
        if not isinstance(lst, list) or not all(isinstance(x, str) for x in lst):
            v.err(f"units[{raw!r}]", "must be a list of canonical names")
        else:
            for x in lst:
                v.text(x, f"units[{raw!r}]")
    for raw, d in targets.items():
        w = f"targets[{raw!r}]"
        if v.keys(d, TARGET, w):
            if d.get("op") not in TARGET_OPS:
                v.err(w + ".op", f"unknown op {d.get('op')!r}")
            val = d.get("value")
            if val is not None and (isinstance(val, bool) or not isinstance(val, (int, float))):
                v.err(w + ".value", f"must be a number or null, got {val!r}")
    gd = data.get("gold_document")
    if gd is not None and v.keys(gd, GOLD_DOC, "gold_document"):
        for ri, r in enumerate(gd.get("references") or []):
            v.keys(r, REFERENCE, f"gold_document.references[{ri}]", {"number"})
    for i, bi in enumerate(data.get("body_indicators") or []):
        v.keys(bi, BODY_INDICATOR, f"body_indicators[{i}]", {"name", "raw"})
    return v.errors


def load_all(only: str | None = None) -> tuple[list[tuple[Path, dict]], list[str]]:
    docs, errors = [], []
    for p in data_files():
        if only and p.stem != only:
            continue
        try:
            d = load(p)
        except yaml.YAMLError as e:
            errors.append(f"{p.name}: YAML error: {e}")
            continue
        errs = validate(d, p.name, p.stem)
        if errs:
            errors.extend(errs)
        else:
            docs.append((p, d))
    return docs, errors
