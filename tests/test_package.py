"""The package's shape: no import cycles, no stage importing a later stage, data shipped with it."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "plan_extract"

# The pipeline's order: a module may import its own group, an earlier group, or the shared
# foundations; never a later stage (the CLI, batch and run chain everything, so they come last).
# Groups are module-name prefixes, the longest one decides: the table stage's header vocabulary
# (tables.headers) comes before the readers because the DOCX reader uses it to tell a Word data
# table from a layout table; OCR comes before the readers that send image pages to it.
ORDER = ["text", "settings", "vocab", "model", "geometry", "tables.headers", "ocr", "readers",
         "tables", "interpret", "normalise", "checks", "output", "review", "run", "batch", "service", "cli",
         "__main__"]


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every plan_extract module this file imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module_name(path)
    out: set[str] = set()
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING"
                   for n in ast.walk(node)}        # annotations only: never imported at run time
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("plan_extract")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = me.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[:len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("plan_extract"):
                continue
            names_only = False
            for a in node.names:          # "from plan_extract.x import y" where y is a module
                sub = f"{mod}.{a.name}"
                if (PKG.parent / (sub.replace(".", "/") + ".py")).exists() or \
                        (PKG.parent / sub.replace(".", "/") / "__init__.py").exists():
                    out.add(sub)
                else:
                    names_only = True
            if names_only:
                out.add(mod)
    out.discard(me)
    return out


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PKG.rglob("*.py"))}


def _group(module: str) -> str:
    rel = module.split(".", 1)[1] if "." in module else ""
    if not rel:
        return "__init__"
    found = [g for g in ORDER if rel == g or rel.startswith(g + ".")]
    return max(found, key=len) if found else rel.split(".")[0]


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(m, stack):
        state[m] = 1
        for n in sorted(graph.get(m, ())):
            if n not in graph:
                continue
            if state.get(n) == 1:
                cycles.append(stack[stack.index(n):] + [n] if n in stack else [m, n])
            elif not state.get(n):
                visit(n, stack + [n])
        state[m] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m, [m])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_stage_imports_a_later_stage():
    bad = []
    for m, deps in _graph().items():
        g = _group(m)
        if g == "__init__":
            continue          # the public API re-exports from the chain
        for d in deps:
            dg = _group(d)
            if dg == "__init__" or dg == g:
                continue
            if ORDER.index(dg) > ORDER.index(g):
                bad.append(f"{m} -> {d}")
    assert not bad, "stage imports a later stage: " + ", ".join(sorted(bad))


def test_every_module_is_in_a_known_group():
    assert {_group(m) for m in _graph()} - {"__init__"} <= set(ORDER)


@pytest.mark.parametrize("name", sorted(p.name for p in (PKG / "vocab").iterdir()
                                        if p.suffix in (".yaml", ".json")))
def test_vocab_files_load_through_the_one_loader(name):
    from plan_extract import vocab
    assert vocab.load(name) is not None


def test_bad_staff_file_is_one_line_with_file_and_line(tmp_path):
    from plan_extract import vocab
    bad = tmp_path / "units.yaml"
    bad.write_text("units:\n  - name: Sở A\n    aliases: [Sở A\n", encoding="utf-8")
    with pytest.raises(vocab.VocabError) as e:
        vocab.load_file(bad)
    msg = str(e.value)
    assert "\n" not in msg and str(bad) in msg and ":" in msg.replace(str(bad), "", 1)


# ---------------------------------------------------------------- dependencies and the wheel

ROOT = PKG.parent
# distribution name -> the module it is imported as (add a line when a dependency is added)
IMPORT_NAMES = {"pdfminer.six": "pdfminer", "PyYAML": "yaml", "opencv-python-headless": "cv2",
                "Pillow": "PIL", "python-docx": "docx", "camelot-py": "camelot",
                "dask": "distributed", "uvicorn": "uvicorn", "pypdfium2": "pypdfium2",
                "python-multipart": "python_multipart"}


def _runtime_dependencies() -> list[str]:
    import re
    import tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [re.split(r"[\s<>=!~\[;]", d, maxsplit=1)[0] for d in data["project"]["dependencies"]]


def _imported_top_modules() -> set[str]:
    out: set[str] = set()
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("dist", _runtime_dependencies())
def test_every_runtime_dependency_is_imported(dist):
    """A runtime dependency the package never imports belongs in an extra (dev, bench, dask)."""
    module = IMPORT_NAMES.get(dist, dist.replace("-", "_").lower())
    assert module in _imported_top_modules(), f"{dist} ({module}) is never imported by plan_extract"


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    """The wheel carries everything read at run time (schemas, vocabulary): install it into a
    folder of its own and run `extract` and `batch` from another folder, the checkout out of reach."""
    import os
    import subprocess
    import sys
    import zipfile
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheels), str(ROOT)], check=True, cwd=tmp_path, timeout=300)
    wheel = next(wheels.glob("plan_extract-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "plan_extract/schemas/plan.schema.json" in names
    assert "plan_extract/vocab/units.yaml" in names and "plan_extract/vocab/deadlines.yaml" in names
    assert not any(n.startswith(("tests/", "pipeline/", "cli.py")) for n in names)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
                    str(wheel)], check=True, cwd=tmp_path, timeout=300)
    work = tmp_path / "elsewhere"
    (work / "in").mkdir(parents=True)
    pdf = ROOT / "tests" / "corpus" / "pdf" / "mini_example.pdf"
    (work / "in" / "kehoach.pdf").write_bytes(pdf.read_bytes())
    env = dict(os.environ, PYTHONPATH=str(site), PYTHONSAFEPATH="1")
    check = subprocess.run([sys.executable, "-c", "import plan_extract; print(plan_extract.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert check.stdout.strip().startswith(str(site))
    run = subprocess.run([sys.executable, "-m", "plan_extract", "extract", "in/kehoach.pdf", "-o", "out"],
                         cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (work / "out" / "kehoach" / "plan.json").is_file()
    run = subprocess.run([sys.executable, "-m", "plan_extract", "batch", "in", "-o", "batch-out", "--jobs", "1"],
                         cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    manifest = (work / "batch-out" / "manifest.csv").read_text(encoding="utf-8-sig")
    assert ",ok," in manifest
