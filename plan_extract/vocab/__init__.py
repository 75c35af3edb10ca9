"""The language data: every word list staff may extend, as YAML/JSON files beside this module.

One loader for all of them (dateparser keeps its language data apart from the parser the same
way): `load(name)` reads `vocab/<name>` once per process and returns the parsed data; `path(name)`
is the file itself (tests and error messages name it). A staff file (e.g. `--units my.yaml`) is read
with `load_file(path)`, which gives a bad file one line naming the file, the line and the problem.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Union

VOCAB_DIR = Path(__file__).resolve().parent


class VocabError(ValueError):
    """A vocabulary file that cannot be read: message is one line (file, line, problem)."""


def path(name: str) -> Path:
    """vocab/<name> (name with its suffix: "units.yaml", "legacy_vni.json")."""
    return VOCAB_DIR / name


def load_file(file: Union[str, Path]) -> Any:
    """Parse one YAML or JSON file; errors -> VocabError with file, line and problem."""
    file = Path(file)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as e:
        raise VocabError(f"{file}: không đọc được tệp ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise VocabError(f"{file}: tệp không phải văn bản UTF-8") from None
    if file.suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise VocabError(f"{file}:{e.lineno}: JSON không hợp lệ ({e.msg})") from None
    import yaml
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise VocabError(f"{file}{where}: YAML không hợp lệ ({problem})") from None


@functools.lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed content of vocab/<name>, read once per process (treat it as read-only)."""
    return load_file(path(name))
