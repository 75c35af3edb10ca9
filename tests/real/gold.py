"""Load the hand-written gold files for the real documents.

The documents themselves are never committed: they live beside the repository, in
``<repo root>/../shared/real/`` (``/work/shared/real`` for a checkout at ``/work/main``).
A git worktree sits one level deeper (``/work/wt/<name>``), so the folder is looked for in
every ancestor of the repository root, nearest first; ``PLAN_EXTRACT_REAL_DIR`` overrides.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent / "gold"
REPO_ROOT = Path(__file__).resolve().parents[2]


def _find_real_dir() -> Path:
    env = os.environ.get("PLAN_EXTRACT_REAL_DIR")
    if env:
        return Path(env)
    for base in REPO_ROOT.parents:          # /work/main -> /work; /work/wt/realgold -> /work/wt, /work
        candidate = base / "shared" / "real"
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent / "shared" / "real"   # the documented place, even when absent


REAL_DIR = _find_real_dir()


def real_available() -> bool:
    """True when the real documents are present (tests skip otherwise)."""
    return REAL_DIR.is_dir() and any(REAL_DIR.iterdir())


def gold_stems() -> list[str]:
    return sorted(p.stem for p in GOLD_DIR.glob("*.json"))


def load_gold(stem: str) -> dict:
    """The gold dict for one document, by file stem ('lamdong-ubnd-kh-cchc-2026')."""
    path = GOLD_DIR / f"{stem}.json"
    if not path.is_file():
        raise KeyError(f"no gold file for {stem!r} in {GOLD_DIR}")
    return json.loads(path.read_text(encoding="utf-8"))


def document_path(stem_or_gold) -> Path:
    """Path of the real document a gold file describes."""
    gold = load_gold(stem_or_gold) if isinstance(stem_or_gold, str) else stem_or_gold
    return REAL_DIR / gold["file"]
