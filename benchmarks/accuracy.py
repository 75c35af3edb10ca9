"""Accuracy yardstick: run the pipeline on the corpus and compare with the gold, field by field.

    python benchmarks/accuracy.py                 # native-text documents (the issue targets)
    python benchmarks/accuracy.py --all           # also scans, legacy encodings, DOCX
    python benchmarks/accuracy.py --only seed003_ubnd_tiendien --show-misses
    python benchmarks/accuracy.py --matrix        # the layout matrix: one line per document
    python benchmarks/accuracy.py --matrix --held-out   # ... including the held-out styles

Rows are matched to gold rows by content (origin, then text similarity, number as tie-break),
never by the pipeline's row order or ids. Precision = matched / extracted rows, recall =
matched / gold rows; a field's exact-match rate is over gold rows (a missed row counts as wrong;
page only where the gold places the row).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_extract import extract_result  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
TASK_FIELDS = ("number", "text", "lead_raw", "coordinators_raw", "deadline_raw", "deadline",
               "lead", "coordinators", "section", "section_title", "page")
INDICATOR_FIELDS = ("number", "name", "parent", "unit_of_measure", "lead_raw", "lead", "footnote",
                    "page")
DOC_FIELDS = ("doc_type", "number", "issue_date", "issue_month", "issue_year", "issuer",
              "parent_issuer", "place", "title", "signer", "signer_title", "references")


def _norm(s):
    return " ".join(unicodedata.normalize("NFC", s or "").split()).lower()


def task_value(t: dict, name: str):
    d = t.get("deadline") or {}
    if name == "deadline_raw":
        return d.get("raw")
    if name == "deadline":
        return [d.get("kind"), d.get("start"), d.get("due"), d.get("recurrence")]
    if name == "page":
        return (t.get("source") or {}).get("page")
    return t.get(name)


def indicator_value(i: dict, name: str):
    if name == "page":
        return (i.get("source") or {}).get("page")
    return i.get(name)


def match_rows(gold: list[dict], got: list[dict], key) -> list[tuple[int, int]]:
    """Greedy best-first matching on text similarity; pairs below 0.5 are not matches."""
    cands = []
    # rows with the same text pair in printed order: the k-th gold row of a text with the k-th
    # extracted row of that text (two targets of one item share its name)
    def ranks(rows):
        seen: dict = defaultdict(int)
        out = []
        for r in rows:
            k = _norm(key(r))
            out.append(seen[k])
            seen[k] += 1
        return out
    g_rank, p_rank = ranks(gold), ranks(got)
    for gi, g in enumerate(gold):
        gk = _norm(key(g))
        for pi, p in enumerate(got):
            if g.get("origin") != p.get("origin"):
                continue
            pk = _norm(key(p))
            sm = SequenceMatcher(None, gk, pk, autojunk=False)
            if sm.real_quick_ratio() < 0.5 or sm.quick_ratio() < 0.5:
                continue
            r = sm.ratio()
            if r >= 0.5:
                same_number = _norm(g.get("number")) == _norm(p.get("number"))
                cands.append((r, same_number, g_rank[gi] == p_rank[pi], -abs(gi - pi), gi, pi))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for *_, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi), used_p.add(pi), pairs.append((gi, pi))
    return pairs


class Tally:
    """Counts per metric: hits / total."""

    def __init__(self):
        self.hit = defaultdict(int)
        self.total = defaultdict(int)

    def add(self, name, hits, total=1):
        """hits: a bool for one comparison, or a count out of `total`."""
        self.total[name] += total
        self.hit[name] += int(hits)

    def rate(self, name):
        return self.hit[name] / self.total[name] if self.total[name] else None

    def merge(self, other):
        for k in other.total:
            self.total[k] += other.total[k]
            self.hit[k] += other.hit[k]


def compare_rows(kind, gold_rows, got_rows, fields, value, key, tally, misses):
    pairs = match_rows(gold_rows, got_rows, key)
    tally.add(f"{kind}.recall", len(pairs), len(gold_rows))
    tally.add(f"{kind}.precision", len(pairs), len(got_rows))
    matched = dict(pairs)
    for gi, g in enumerate(gold_rows):
        p = got_rows[matched[gi]] if gi in matched else None
        if p is None:
            misses.append(f"{kind}: missed {g.get('number')} {key(g)[:70]!r}")
        for f in fields:
            if f == "page" and value(g, f) is None:
                continue            # the gold does not place this row (prose targets, DOCX)
            ok = p is not None and value(g, f) == value(p, f)
            tally.add(f"{kind}.{f}", ok)
            if p is not None and not ok:
                misses.append(f"{kind} {g.get('number')} {f}: gold={value(g, f)!r} got={value(p, f)!r}")
    for pi, p in enumerate(got_rows):
        if pi not in matched.values():
            misses.append(f"{kind}: spurious {p.get('number')} {key(p)[:70]!r}")
    return pairs


def compare_targets(gold_rows, got_rows, pairs, tally, misses):
    for gi, pi in pairs:
        g, p = gold_rows[gi], got_rows[pi]
        for col, gt in (g.get("targets") or {}).items():
            pt = (p.get("targets") or {}).get(col)
            want = None if gt is None else (gt.get("op"), gt.get("value"), gt.get("unit"))
            got = None if pt is None else (pt.get("op"), pt.get("value"), pt.get("unit"))
            tally.add("indicators.targets", want == got)
            tally.add("indicators.targets_raw", (gt or {}).get("raw") == (pt or {}).get("raw"))
            if want != got:
                misses.append(f"indicator {g.get('number')} [{col}]: gold={want} got={got}")


def compare_document(gold_doc, got_doc, tally, misses):
    for f in DOC_FIELDS:
        if f not in gold_doc:
            continue
        g, p = gold_doc.get(f), got_doc.get(f)
        if f == "references":
            g = [(r.get("number"), r.get("date"), r.get("issuer")) for r in g or []]
            p = [(r.get("number"), r.get("date"), r.get("issuer")) for r in p or []]
        tally.add(f"document.{f}", g == p)
        if g != p:
            misses.append(f"document.{f}: gold={g!r} got={p!r}")


def evaluate(pdf: Path, gold: dict):
    tally, misses = Tally(), []
    t0 = time.perf_counter()
    result = extract_result(pdf)
    seconds = time.perf_counter() - t0
    if result.plan is None:
        misses.append(f"failed: {result.error.message}")
        got = {"tasks": [], "indicators": [], "document": {}}
    else:
        got = result.plan.to_dict()
    for origin in ("appendix", "body"):
        kind = "tasks" if origin == "appendix" else "body_tasks"
        g_rows = [t for t in gold.get("tasks", []) if t.get("origin") == origin]
        p_rows = [t for t in got.get("tasks", []) if t.get("origin") == origin]
        if g_rows or p_rows:
            compare_rows(kind, g_rows, p_rows, TASK_FIELDS, task_value, lambda t: t.get("text") or "",
                         tally, misses)
    g_ind, p_ind = gold.get("indicators", []), got.get("indicators", [])
    if g_ind or p_ind:
        pairs = compare_rows("indicators", g_ind, p_ind, INDICATOR_FIELDS, indicator_value,
                             lambda i: i.get("name") or "", tally, misses)
        compare_targets(g_ind, p_ind, pairs, tally, misses)
    compare_document(gold.get("document") or {}, got.get("document") or {}, tally, misses)
    pages = (gold.get("source") or {}).get("pages") or 0
    return tally, misses, seconds, pages


def corpus_documents(include_all: bool, only: set[str]):
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        layer = (gold.get("source") or {}).get("text_layer", "native")
        if layer != "native" and not include_all:
            continue
        name = gold_path.stem
        if only and name not in only and name.split("__")[0] not in only:
            continue
        src = CORPUS / "pdf" / (gold.get("source") or {}).get("file", name + ".pdf")
        if not src.exists():
            print(f"warning: no document for gold {gold_path.name}", file=sys.stderr)
            continue
        yield name, src, gold


def fmt(rate):
    return "   -  " if rate is None else f"{100 * rate:6.2f}"


MATRIX_FIELDS = ("text", "lead_raw", "coordinators_raw", "deadline_raw", "section")


def matrix_main(args) -> None:
    """One line per layout-matrix document (tests/corpus/matrix.json): style, producer, task rows
    found / gold, exact-match % of the table fields over gold rows, indicator rows found / gold."""
    index = json.loads((CORPUS / "matrix.json").read_text(encoding="utf-8"))
    docs = [d for d in index["documents"]
            if (args.held_out or not d["held_out"]) and (not args.only or d["id"] in args.only
                                                         or d["style"] in args.only)]
    hidden = sum(1 for d in index["documents"] if d["held_out"]) if not args.held_out else 0
    print(f"{'style':18s} {'producer':8s} {'rows':>7s} " +
          " ".join(f"{f[:12]:>12s}" for f in MATRIX_FIELDS) + f" {'indic.':>7s} {'time':>6s}")
    overall = Tally()
    by_style: dict = defaultdict(Tally)
    for d in docs:
        gold = json.loads((CORPUS / d["gold"]).read_text(encoding="utf-8"))
        tally, misses, seconds, _ = evaluate(CORPUS / d["pdf"], gold)
        overall.merge(tally)
        by_style[d["style"]].merge(tally)
        ng = tally.total["tasks.recall"]
        ni = tally.total["indicators.recall"]
        style = d["style"] + (" *" if d["held_out"] else "")
        print(f"{style:18s} {d['producer']:8s} {tally.hit['tasks.recall']:3d}/{ng:<3d} " +
              " ".join(f"{fmt(tally.rate('tasks.' + f)):>12s}" for f in MATRIX_FIELDS) +
              f" {tally.hit['indicators.recall']:3d}/{ni:<3d} {seconds:5.1f}s")
        if args.show_misses:
            for m in misses:
                print(f"    {m}")
    print(f"\nall matrix documents ({len(docs)}): rows {overall.hit['tasks.recall']}/"
          f"{overall.total['tasks.recall']}, " + ", ".join(
              f"{f} {fmt(overall.rate('tasks.' + f)).strip()}%" for f in MATRIX_FIELDS))
    if hidden:
        print(f"({hidden} held-out documents not run; --held-out to include them, * marks them)")
    if args.json:
        args.json.write_text(json.dumps({
            "overall": {k: overall.rate(k) for k in overall.total},
            "styles": {s: {k: t.rate(k) for k in t.total} for s, t in by_style.items()}},
            ensure_ascii=False, indent=2))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="include scans, legacy encodings and DOCX")
    ap.add_argument("--only", nargs="*", default=[], help="document ids")
    ap.add_argument("--show-misses", action="store_true", help="list every mismatch")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--matrix", action="store_true",
                    help="run the layout matrix (tests/corpus/matrix.json), one line per document")
    ap.add_argument("--held-out", action="store_true",
                    help="with --matrix: include the held-out styles")
    args = ap.parse_args(argv)
    if args.matrix:
        matrix_main(args)
        return

    overall, per_doc = Tally(), {}
    total_s = total_pages = 0
    for name, src, gold in corpus_documents(args.all, set(args.only)):
        tally, misses, seconds, pages = evaluate(src, gold)
        overall.merge(tally)
        total_s += seconds
        total_pages += pages
        per_doc[name] = {k: tally.rate(k) for k in tally.total}
        keys = ("tasks.recall", "tasks.precision", "body_tasks.recall", "indicators.recall")
        print(f"{name:40s} " + " ".join(f"{k.split('.')[0][:6]}:{fmt(tally.rate(k))}"
                                         for k in keys if tally.total[k]) + f"  {seconds:5.1f}s")
        if args.show_misses:
            for m in misses:
                print(f"    {m}")
    print("\noverall (exact-match % over gold rows; precision over extracted rows)")
    for k in sorted(overall.total):
        print(f"  {k:32s} {fmt(overall.rate(k))}  ({overall.hit[k]}/{overall.total[k]})")
    if total_s:
        print(f"\n{total_pages} pages in {total_s:.1f}s: {total_pages / total_s:.2f} pages/s end to end")
    if args.json:
        args.json.write_text(json.dumps({"overall": {k: overall.rate(k) for k in overall.total},
                                         "documents": per_doc}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
