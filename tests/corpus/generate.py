"""Corpus generator: `python -m tests.corpus.generate [--only ID] [--check] [--no-variants]`.

For every data file in tests/corpus/data/ (files starting with "_" are shared lists, skipped):
validate it, render the PDF with its producer (docx: python-docx + LibreOffice; html:
ReportLab), normalise the PDF (fixed dates and /ID), write tests/corpus/pdf/<id>.pdf and
tests/corpus/gold/<id>.json, copy sample:true PDFs to raw/<id>.pdf, and produce the variants
the data file lists (scan, docx, tcvn3, vni) plus the bad inputs in tests/corpus/bad/.

--check regenerates everything into a temporary directory and reports whether every gold
JSON file is byte-identical to the committed one (exit status 1 when not).
Gold file names: gold/<shipped file name without ".pdf">.json, i.e. <id>.json,
<id>__scan.json, <id>__tcvn3.json, <id>__vni.json and <id>.docx.json.
"""
from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
import time
from pathlib import Path

from . import gold, pdfutil, spec

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def gold_name(shipped: str) -> str:
    return (shipped[:-4] if shipped.endswith(".pdf") else shipped) + ".json"


def render(docs: list[tuple[Path, dict]], work: Path, log) -> dict[str, dict]:
    """Render every document into `work`; returns id -> {"pdf": Path, "docx": Path|None}."""
    from . import render_docx
    out: dict[str, dict] = {}
    docx_docs = []
    for path, data in docs:
        did = data["id"]
        if data["producer"] == "docx":
            dx = work / f"{did}.docx"
            render_docx.build_docx(data, dx)
            docx_docs.append((did, dx))
        else:
            from . import render_html
            raw = work / f"{did}.raw.pdf"
            render_html.render(data, raw)
            out[did] = {"raw": raw, "docx": None}
    if docx_docs:
        t = time.time()
        lo_out = work / "lo"
        lo_out.mkdir(exist_ok=True)
        render_docx.convert([dx for _, dx in docx_docs], lo_out)
        log(f"  LibreOffice converted {len(docx_docs)} DOCX in {time.time() - t:.1f}s")
        for did, dx in docx_docs:
            out[did] = {"raw": lo_out / f"{did}.pdf", "docx": dx}
    for did, d in out.items():
        final = work / f"{did}.pdf"
        pdfutil.normalise(d["raw"], final)
        d["pdf"] = final
    return out


def run(only: str | None, root: Path, raw_dir: Path | None, variants: bool, log) -> list[str]:
    """Generate into root/pdf and root/gold. Returns a list of error strings."""
    t0 = time.time()
    docs, errors = spec.load_all(only)
    for e in errors:
        log(f"DATA ERROR {e}")
    if only and not docs and not errors:
        return [f"no data file with id {only!r}"]
    pdf_dir, gold_dir = root / "pdf", root / "gold"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="corpus_", dir="/tmp") as tmp:
        work = Path(tmp)
        rendered = render(docs, work, log)
        log(f"  rendered {len(rendered)} documents in {time.time() - t0:.1f}s")
        for path, data in docs:
            did = data["id"]
            t = time.time()
            try:
                r = rendered[did]
                pdf = pdf_dir / f"{did}.pdf"
                pdfutil.atomic_copy(r["pdf"], pdf)
                plan = gold.build(data, pdf)
                pdfutil.atomic_write_bytes(gold_dir / gold_name(pdf.name),
                                           gold.to_json(plan).encode("utf-8"))
                if raw_dir is not None and data.get("sample"):
                    pdfutil.atomic_copy(pdf, raw_dir / pdf.name)
                done = []
                if variants and data.get("variants"):
                    from . import variants as V
                    done = V.make(data, plan, pdf, r.get("docx"), pdf_dir, gold_dir, work)
                nt, ni = len(plan["tasks"]), len(plan["indicators"])
                log(f"  {did}: {plan['source']['pages']} pages, {nt} tasks, {ni} indicators"
                    f"{', variants ' + ', '.join(done) if done else ''} ({time.time() - t:.1f}s)")
            except Exception as e:  # one bad document must not stop the others
                msg = f"{did}: {type(e).__name__}: {e}"
                log(f"ERROR {msg}")
                errors.append(msg)
    if variants and not only:
        from . import variants as V
        V.make_bad(root / "bad", pdf_dir)
    log(f"done in {time.time() - t0:.1f}s")
    return errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.corpus.generate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", metavar="ID", help="generate one document")
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir; compare gold JSON byte for byte")
    ap.add_argument("--no-variants", action="store_true", help="skip variants and bad inputs")
    ap.add_argument("--matrix", nargs="*", metavar="ID_OR_STYLE",
                    help="generate the layout matrix only (all of it, or these ids / styles); "
                         "with --check: regenerate it into a temp dir and compare")
    args = ap.parse_args(argv)

    def log(msg):
        print(msg, flush=True)

    if args.matrix is not None:
        return matrix_main(set(args.matrix) or None, args.check, log)

    if not args.check:
        errors = run(args.only, HERE, REPO / "raw", not args.no_variants, log)
        return 1 if errors else 0

    with tempfile.TemporaryDirectory(prefix="corpus_check_", dir="/tmp") as tmp:
        root = Path(tmp)
        errors = run(args.only, root, None, not args.no_variants, log)
        bad = []
        for g in sorted((root / "gold").glob("*.json")):
            committed = HERE / "gold" / g.name
            if not committed.exists():
                bad.append(f"{g.name}: no committed gold")
            elif not filecmp.cmp(g, committed, shallow=False):
                bad.append(f"{g.name}: differs from the committed gold")
        pdf_same = pdf_diff = 0
        for p in sorted((root / "pdf").glob("*.pdf")):
            c = HERE / "pdf" / p.name
            if c.exists() and filecmp.cmp(p, c, shallow=False):
                pdf_same += 1
            else:
                pdf_diff += 1
        n = len(list((root / "gold").glob("*.json")))
        for b in bad:
            log(f"CHECK {b}")
        log(f"check: {n - len(bad)}/{n} gold files identical; PDFs identical: {pdf_same}, "
            f"different: {pdf_diff}")
        return 1 if (bad or errors) else 0


def matrix_main(only: set[str] | None, check: bool, log) -> int:
    """The layout matrix (matrix.py): into tests/corpus/{pdf,gold}/matrix/ and matrix.json; with
    check, into a temp dir, comparing gold JSON (and reporting PDFs) byte for byte."""
    from . import matrix
    if not check:
        return 1 if matrix.run(HERE, log, only) else 0
    with tempfile.TemporaryDirectory(prefix="matrix_check_", dir="/tmp") as tmp:
        root = Path(tmp)
        errors = matrix.run(root, log, only, write_index=False)
        bad, pdf_same, pdf_diff = [], 0, 0
        for g in sorted((root / "gold" / "matrix").glob("*.json")):
            committed = HERE / "gold" / "matrix" / g.name
            if not committed.exists() or not filecmp.cmp(g, committed, shallow=False):
                bad.append(f"{g.name}: differs from the committed gold (or missing)")
            p = root / "pdf" / "matrix" / (g.stem + ".pdf")
            c = HERE / "pdf" / "matrix" / p.name
            if c.exists() and filecmp.cmp(p, c, shallow=False):
                pdf_same += 1
            else:
                pdf_diff += 1
        for b in bad:
            log(f"CHECK {b}")
        n = len(list((root / "gold" / "matrix").glob("*.json")))
        log(f"matrix check: {n - len(bad)}/{n} gold files identical; PDFs identical: {pdf_same}, "
            f"different: {pdf_diff}")
        return 1 if (bad or errors) else 0


if __name__ == "__main__":
    sys.exit(main())
