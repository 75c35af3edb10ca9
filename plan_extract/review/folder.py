"""Writing review pages: one per result folder (review.html beside plan.json) and, for a folder of
results (a batch, or several inputs), an index.html listing every document.

The crops need the document itself: `extract --review` and `batch --review` know it; `review
OUTDIR` finds it by its sha256 among files of the same name under the --source folders (the
manifest of a batch names each file relative to its input folder)."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Iterable, Optional, Union

from plan_extract.model.document import Plan
from plan_extract.output.atomic import file_sha256, write_bytes_atomic
from plan_extract.review.corrections import FILE_NAME, CorrectionSet, load_corrections
from plan_extract.review.page import PAGE_NAME, render_index, render_page

INDEX_FILE = "index.html"


def write_page(plan: Plan, folder: Union[str, Path], pdf_path: Union[None, str, Path] = None,
               corrections: Optional[CorrectionSet] = None, index_href: Optional[str] = None) -> Path:
    """folder/review.html for one plan (atomic). corrections: the set applied (default: the
    folder's corrections.json merged with what the plan carries)."""
    folder = Path(folder)
    if corrections is None and (folder / FILE_NAME).is_file():
        try:
            corrections = load_corrections(folder / FILE_NAME)
        except ValueError:
            corrections = None
    text = render_page(plan, pdf_path, corrections=corrections, index_href=index_href)
    return write_bytes_atomic(folder / PAGE_NAME, text.encode("utf-8"))


def write_index(outdir: Union[str, Path], entries: list[dict]) -> Path:
    """outdir/index.html: entries as render_index takes them (href relative to outdir)."""
    outdir = Path(outdir)
    return write_bytes_atomic(outdir / INDEX_FILE, render_index(entries, f"Kết quả trích xuất: {outdir.name}").encode("utf-8"))


class SourceFinder:
    """Finds a plan's document by name and sha256 under some folders (walked once)."""

    def __init__(self, roots: Iterable[Union[str, Path]]):
        self.by_name: dict[str, list[Path]] = {}
        for root in roots:
            root = Path(root)
            if root.is_file():
                self.by_name.setdefault(root.name, []).append(root)
                continue
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.lower().endswith((".pdf", ".docx")):
                        self.by_name.setdefault(name, []).append(Path(dirpath) / name)

    def find(self, plan: Plan) -> Optional[Path]:
        for p in self.by_name.get(plan.source.file, []):
            try:
                if file_sha256(p) == plan.source.sha256:
                    return p
            except OSError:
                continue
        return None


def review_outdir(outdir: Union[str, Path], sources: Iterable[Union[str, Path]] = ()) -> tuple[list[Path], list[str]]:
    """A result folder or a folder of results -> review pages (+ index.html when there are
    several). Returns (pages written, plans whose document was not found)."""
    from plan_extract.output.folder import find_plans
    outdir = Path(outdir)
    finder = SourceFinder(sources)
    plans = find_plans(outdir, exclude=outdir / "export")
    written, missing = [], []
    manifest = _manifest(outdir)
    several = len(plans) > 1 or manifest is not None
    entries = []
    done: set[str] = set()
    for path, plan in plans:
        pdf = finder.find(plan)
        if pdf is None and plan.source.text_layer != "docx":
            missing.append(str(path.parent))
        rel = path.parent.relative_to(outdir).as_posix()
        href = (rel + "/" if rel != "." else "") + PAGE_NAME
        up = "../" * len(path.parent.relative_to(outdir).parts)
        written.append(write_page(plan, path.parent, pdf, index_href=(up + INDEX_FILE) if several else None))
        done.add(rel)
        entries.append({"file": (manifest or {}).get(rel, {}).get("file") or plan.source.file,
                        "plan": plan, "href": href, "status": "ok"})
    for rel, row in (manifest or {}).items():
        if rel not in done and row.get("status") == "failed":
            entries.append({"file": row["file"], "plan": None, "href": None, "error": row.get("error")})
    if several:
        written.append(write_index(outdir, entries))
    return written, missing


def _manifest(outdir: Path) -> Optional[dict[str, dict]]:
    """A batch's manifest.csv rows by output folder (failed rows by their file), or None."""
    path = outdir / "manifest.csv"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return {(r.get("output") or r.get("file") or ""): r for r in rows}


def load_plan(path: Union[str, Path]) -> Plan:
    with open(path, encoding="utf-8") as f:
        return Plan.from_dict(json.load(f))
