"""The layout matrix (issue 12): one dataset (data/matrix/dataset.yaml) rendered in many table
styles (data/matrix/styles.yaml) by three producers, with gold.

`documents()` expands every (style, producer) into an ordinary corpus data dict (FORMAT.md
shape, validated by spec.validate) plus a `layout` dict of resolved style flags;
`run(root, log, only)` renders them into root/pdf/matrix/, root/gold/matrix/ and writes the
index tests/corpus/matrix.json (id, style, producer, flags, held_out, row counts, pages).
Called by `python -m tests.corpus.generate --matrix`.
"""
from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import yaml

from . import gold, pdfutil, spec

HERE = Path(__file__).resolve().parent
MDATA = HERE / "data" / "matrix"
INDEX = HERE / "matrix.json"
PRODUCERS = ("docx", "rl", "chrome")
TEXT_WIDTH = {"portrait": 16.0, "landscape": 25.7}
# Vietnamese item letters: a) b) c) d) đ) e) g) h) i) k) (no f, j; đ after d)
VI_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n")
ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}


def _load(name: str) -> dict:
    with open(MDATA / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def doc_id(style: str, producer: str) -> str:
    return f"mx_{style}_{producer}"


def _flags(styles: dict, style: str) -> dict:
    f = copy.deepcopy(styles["defaults"])
    f.update(copy.deepcopy(styles["styles"][style].get("flags") or {}))
    return f


def _columns(styles: dict, flags: dict) -> list[dict]:
    widths = dict(styles["widths"][flags["orientation"]])
    widths.update(flags.get("widths") or {})
    heads = dict(styles["default_headers"])
    heads.update(flags.get("headers") or {})
    order = list(flags["order"])
    if not flags["number_column"] or flags.get("number_in_text"):
        order = [r for r in order if r != "number"]
    for flag, role in (("combined_lead", "lead_coordinators"), ("stacked_lead", "lead_stacked")):
        if flags.get(flag):
            i = min(order.index("lead"), order.index("coordinators"))
            order = [r for r in order if r not in ("lead", "coordinators")]
            order.insert(i, role)
    cols = [{"header": heads[r], "role": r, "width": widths[r]} for r in order]
    ugroup = flags.get("unit_group")
    if ugroup:   # a two-row header: the group's top cell over the lead and coordinators columns
        for c in cols:
            if c["role"] in ("lead", "coordinators"):
                c["header"] = [ugroup["top"], ugroup[c["role"]]]
    group = flags.get("time_group")
    if group:   # a two-row header: the group's top cell over a start column and the deadline
        i = order.index("deadline")
        cols[i]["header"] = [group["top"], group["end"]]
        cols.insert(i, {"header": [group["top"], group["start"]], "role": "extra", "width": widths["start"]})
    period = flags.get("period_column")
    if period:   # a second time column after the deadline: the implementation period (kept in extra)
        i = next(k for k, c in enumerate(cols) if c["role"] == "deadline")
        cols.insert(i + 1, {"header": period, "role": "extra", "width": widths["start"]})
    if flags.get("monitor_column"):
        cols.append({"header": flags["monitor_column"], "role": "extra", "width": widths["extra"]})
    for extra in flags.get("extra_columns") or []:
        col = {"header": extra["header"], "role": "extra", "width": extra["width"]}
        if extra.get("after"):   # printed right after the column of that role ("Sản phẩm" after the task)
            i = next(k for k, c in enumerate(cols) if c["role"] == extra["after"])
            cols.insert(i + 1, col)
        else:
            cols.append(col)
    total = sum(c["width"] for c in cols)
    avail = TEXT_WIDTH[flags["orientation"]]
    for c in cols:   # fit the text width (2 decimals: same numbers in every producer)
        c["width"] = round(c["width"] * avail / total, 2)
    return cols


def _task_rows(ds: dict, flags: dict) -> list[dict]:
    rows = []
    n = 0
    for si, sec in enumerate(ds["sections"], 1):
        if flags["sections"] == "subsections":
            rows.append({"section": f"{si}.", "title": sec["title"]})
        elif flags["sections"] == "letters":   # "A." "B." "C." section rows
            rows.append({"section": f"{'ABCDE'[si - 1]}.", "title": sec["title"]})
        elif flags["sections"] in ("arabic_letters", "arabic_sub"):   # "1." "2." "3." section rows
            rows.append({"section": f"{si}.", "title": sec["title"]})
        elif flags["sections"] != "flat_sub":   # flat_sub: no section rows at all
            rows.append({"section": sec["roman"], "title": sec["title"]})
        m = 0
        for ui, sub in enumerate(sec["subsections"], 1):
            if flags["sections"] == "subsections":
                rows.append({"section": f"{si}.{ui}.", "title": sub["title"]})
            elif flags["sections"] == "roman_num":   # "1." "2." under each Roman part, restarting
                rows.append({"section": f"{ui}.", "title": sub["title"]})
            k = 0
            for t in sub["tasks"]:
                n += 1
                k += 1
                m += 1
                text = t["text"]
                if flags["long_rows"] and t.get("long"):
                    text = f"{text} {t['long']}"
                if flags.get("longer_rows") and t.get("longer"):
                    text = f"{text} {t['longer']}"
                if flags.get("subitems_cell") and t.get("items"):   # gold: the lines joined by a space
                    text = " ".join([text] + _items(t, flags))
                number = {"subsections": f"({k})", "roman_sub": f"{si}.{m}", "flat_sub": f"{si}.{m}",
                          "roman_num": f"{ui}.{k}", "letters": str(m),
                          "arabic_letters": f"{VI_LETTERS[m - 1]})", "arabic_sub": f"{si}.{m}"}.get(flags["sections"], str(n))
                row = {"number": number if flags["number_column"] or flags.get("number_in_text") else None,
                       "text": text, "lead": t["lead"], "coordinators": t["coordinators"],
                       "deadline": (flags.get("deadline_phrases") or {}).get(t["deadline"], t["deadline"])}
                if row["number"] is None:
                    del row["number"]
                if flags.get("monitor_column"):
                    row["extra"] = {flags["monitor_column"]: ds["monitor"]}
                if flags.get("time_group"):
                    row.setdefault("extra", {})[flags["time_group"]["start"]] = ds["starts"][t["deadline"]]
                if flags.get("period_column"):
                    row.setdefault("extra", {})[flags["period_column"]] = ds["periods"][t["deadline"]]
                for extra in flags.get("extra_columns") or []:
                    values = ds[extra["values"]] if extra.get("values") else [""]
                    row.setdefault("extra", {})[extra["header"]] = values[(n - 1) % len(values)]
                rows.append(row)
    return rows


def _items(t: dict, flags: dict) -> list[str]:
    """A task's dataset `items` as printed: "a) ..." as written, or with subitems_cell: dash each
    item's letter replaced by a dash ("- Lập danh mục ...")."""
    items = list(t["items"])
    if flags.get("subitems_cell") == "dash":
        items = ["- " + x.split(") ", 1)[1] for x in items]
    return items


def _subitem_lines(ds: dict, rows: list[dict], flags: dict) -> None:
    """subitems_cell: every task row with dataset `items` gets `lines` (its text, then one line
    per item), printed as paragraphs of their own in the task cell (common.cell_texts)."""
    lines = {" ".join([t["text"]] + _items(t, flags)): [t["text"]] + _items(t, flags)
             for sec in ds["sections"] for sub in sec["subsections"] for t in sub["tasks"] if t.get("items")}
    for r in rows:
        if r.get("text") in lines:
            r["lines"] = lines[r["text"]]


def _indicator_table(ds: dict, flags: dict) -> dict:
    land = flags["orientation"] == "landscape"
    cols = []
    if flags["number_column"]:
        cols.append({"header": "TT", "role": "number", "width": 1.0})
    cols += [{"header": "Chỉ tiêu", "role": "name", "width": 8.8 if land else 4.6},
             {"header": "Đơn vị tính", "role": "unit_of_measure", "width": 2.0 if land else 1.6}]
    top = flags.get("year_group")   # a parent header over the year columns (two-row header)
    for y in ds["indicators"]["years"]:
        cols.append({"header": [top, f"Năm {y}"] if top else f"Năm {y}", "role": "target", "key": y,
                     "width": 2.2 if land else 1.5})
    cols.append({"header": "Cơ quan chủ trì", "role": "lead", "width": 3.9 if land else 2.9})
    total = sum(c["width"] for c in cols)
    for c in cols:
        c["width"] = round(c["width"] * TEXT_WIDTH[flags["orientation"]] / total, 2)
    rows = []
    for r in ds["indicators"]["rows"]:
        row = {"name": r["name"], "unit_of_measure": r["uom"],
               "targets": dict(r["targets"]), "lead": r["lead"]}
        if flags["number_column"]:
            row["number"] = r["number"]
        rows.append(row)
    return {"kind": "indicators", "columns": cols, "rows": rows}


def documents(only: set[str] | None = None) -> list[dict]:
    """Every matrix document as a corpus data dict (+ "layout", "style", "held_out")."""
    ds, styles = _load("dataset.yaml"), _load("styles.yaml")
    out = []
    for style, sdef in styles["styles"].items():
        flags = _flags(styles, style)
        for producer in sdef["producers"]:
            did = doc_id(style, producer)
            if only and did not in only and style not in only:
                continue
            data = {
                "id": did, "producer": "docx" if producer == "docx" else "html",
                "source": "authored", "header": copy.deepcopy(ds["header"]),
                "doc_type": ds["doc_type"], "title_lines": list(ds["title_lines"]),
                "body": copy.deepcopy(ds["body"]), "recipients": list(ds["recipients"]),
                "signature": dict(ds["signature"]),
                "appendices": [dict(copy.deepcopy(ds["appendix"]),
                                    orientation=flags["orientation"], tables=[
                    {"kind": "tasks", "columns": _columns(styles, flags),
                     "rows": _task_rows(ds, flags)},
                    _indicator_table(ds, flags)])],
                "deadlines": copy.deepcopy(ds["deadlines"]), "units": copy.deepcopy(ds["units"]),
                "targets": copy.deepcopy(ds["targets"]),
                "gold_document": copy.deepcopy(ds["gold_document"]),
            }
            if flags.get("merge_lead"):   # runs of equal lead cells printed as one merged cell
                data["appendices"][0]["tables"][0]["merge_lead"] = True
            errors = spec.validate(data, f"matrix {did}")
            if errors:
                raise ValueError("\n".join(errors))
            if flags.get("number_in_text"):   # printed at the head of the task cell (common.cell_texts)
                data["appendices"][0]["tables"][0]["number_in_text"] = True
            if flags.get("combined_format"):   # the labels of a combined lead cell (common.combined_lead)
                data["appendices"][0]["tables"][0]["combined_format"] = flags["combined_format"]
            if flags.get("subitems_cell"):   # sub-items "a)" "b)" on lines of their own in the task cell
                _subitem_lines(ds, data["appendices"][0]["tables"][0]["rows"], flags)
            data["layout"] = dict(flags, producer=producer)
            data["style"] = style
            data["held_out"] = bool(sdef.get("held_out", False))
            out.append(data)
    return out


def render_one(data: dict, work: Path) -> Path:
    """Render one matrix document; returns the normalised PDF in `work`."""
    producer = data["layout"]["producer"]
    did = data["id"]
    if producer == "docx":
        from . import render_docx, render_matrix
        dx = work / f"{did}.docx"
        render_matrix.build_docx(data, dx)
        lo = work / "lo"
        lo.mkdir(exist_ok=True)
        render_docx.convert([dx], lo)
        raw = lo / f"{did}.pdf"
    elif producer == "rl":
        from . import render_matrix
        raw = work / f"{did}.raw.pdf"
        render_matrix.render_rl(data, raw)
    else:
        from . import render_chromium
        raw = work / f"{did}.raw.pdf"
        render_chromium.render(data, raw, work)
    fixed = work / f"{did}.fixed.pdf"
    pdfutil.normalise(raw, fixed)
    final = work / f"{did}.pdf"
    compact(fixed, final)
    return final


def compact(src: Path, dst: Path) -> None:
    """Recompress with qpdf (object streams, flate level 9, content-derived /ID): halves the
    Chromium and LibreOffice files; same input, same bytes. Keeps the corpus under 4 MB."""
    import shutil
    import subprocess
    qpdf = shutil.which("qpdf")
    if not qpdf:
        raise RuntimeError("qpdf not found (apt-get install -y qpdf)")
    subprocess.run([qpdf, "--object-streams=generate", "--compress-streams=y",
                    "--recompress-flate", "--compression-level=9", "--deterministic-id",
                    str(src), str(dst)], check=True, capture_output=True)


def run(root: Path, log, only: set[str] | None = None, write_index: bool = True) -> list[str]:
    import tempfile
    t0 = time.time()
    docs = documents(only)
    pdf_dir, gold_dir = root / "pdf" / "matrix", root / "gold" / "matrix"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    index = json.loads(INDEX.read_text(encoding="utf-8")) if INDEX.exists() else {"documents": []}
    entries = {e["id"]: e for e in index.get("documents", [])}
    with tempfile.TemporaryDirectory(prefix="matrix_", dir="/tmp") as tmp:
        work = Path(tmp)
        for data in docs:
            did = data["id"]
            t = time.time()
            try:
                pdf = pdf_dir / f"{did}.pdf"
                pdfutil.atomic_copy(render_one(data, work), pdf)
                plan = gold.build(data, pdf)
                pdfutil.atomic_write_bytes(gold_dir / f"{did}.json",
                                           gold.to_json(plan).encode("utf-8"))
                nt, ni = len(plan["tasks"]), len(plan["indicators"])
                entries[did] = {
                    "id": did, "style": data["style"], "producer": data["layout"]["producer"],
                    "held_out": data["held_out"],
                    "flags": {k: v for k, v in data["layout"].items() if k != "producer"},
                    "pdf": f"pdf/matrix/{did}.pdf", "gold": f"gold/matrix/{did}.json",
                    "pages": plan["source"]["pages"], "tasks": nt, "indicators": ni}
                log(f"  {did}: {plan['source']['pages']} pages, {nt} tasks, {ni} indicators "
                    f"({time.time() - t:.1f}s)")
            except Exception as e:  # one bad document must not stop the others
                msg = f"{did}: {type(e).__name__}: {e}"
                log(f"ERROR {msg}")
                errors.append(msg)
    if write_index:
        order = [d["id"] for d in documents()]
        index = {"about": "Layout matrix (issue 12): one dataset (data/matrix/dataset.yaml) in "
                          "many table styles (data/matrix/styles.yaml) x producers. held_out: "
                          "do not look at these while tuning the table stage.",
                 "documents": [entries[i] for i in order if i in entries]}
        pdfutil.atomic_write_bytes(INDEX, (json.dumps(index, ensure_ascii=False, indent=1)
                                           + "\n").encode("utf-8"))
    log(f"matrix: {len(docs)} documents in {time.time() - t0:.1f}s")
    return errors
