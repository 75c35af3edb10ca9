"""Do row ids survive another reading of the same plan? And is one plan in several formats
exported once?

    python benchmarks/ids.py [--no-scans]

For each corpus plan that ships in more than one form (its PDF and its DOCX, a TCVN3 or VNI text
layer, an image-only scan read by OCR), extracts every form and compares the task ids of the
first form with those of each other one, two ways:
- stable ids (plan_extract.model.ids, what plan.json carries): the share of the first reading's
  tasks whose id names, in the other reading, a task with the same opening words;
- document-order ids (T001, T002, ..., what plan.json carried before): the same share.
"Same opening words" = the first 8 normalised words of the text (ASCII-folded, so an OCR slip on a
tone mark does not count as another task). Then every form is written to one folder and exported
(export_plans): the number of plans exported and of copies reported.
None of these documents was used to tune the id rule (it has no tunable part but KEY_WORDS).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_extract.model.ids import normalise_text  # noqa: E402
from plan_extract.output.files import write_outputs  # noqa: E402
from plan_extract.output.folder import export_plans  # noqa: E402
from plan_extract.run import extract  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "pdf"
FAMILIES = {
    "seed000_sct_hatinh": ["seed000_sct_hatinh.pdf", "seed000_sct_hatinh.docx", "seed000_sct_hatinh__tcvn3.pdf"],
    "auth_dangy_ctr_party": ["auth_dangy_ctr_party.pdf", "auth_dangy_ctr_party__vni.pdf"],
    "seed002_vpdp_ntm": ["seed002_vpdp_ntm.pdf", "seed002_vpdp_ntm__scan.pdf"],
    "seed003_ubnd_tiendien": ["seed003_ubnd_tiendien.pdf", "seed003_ubnd_tiendien__scan.pdf"],
    "auth_ubndhuyen_indicators": ["auth_ubndhuyen_indicators.pdf", "auth_ubndhuyen_indicators__scan.pdf"],
}


def _words(text: str) -> str:
    return normalise_text(text, 8)


def agreement(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> tuple[int, int]:
    """(tasks of a whose id names a task of b with the same opening words, tasks of a)."""
    by_id = {i: w for i, w in b}
    return sum(by_id.get(i) == w for i, w in a), len(a)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-scans", action="store_true", help="leave out the OCR forms (quick)")
    ap.add_argument("--keep", help="write the result folders here (kept) instead of a temporary folder")
    args = ap.parse_args(argv)
    totals = {"stable": [0, 0], "order": [0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.keep) if args.keep else Path(tmp) / "out"
        forms = 0
        for family, names in FAMILIES.items():
            names = [n for n in names if (CORPUS / n).exists() and not (args.no_scans and "__scan" in n)]
            if len(names) < 2:
                continue
            plans = {}
            for name in names:
                start = time.perf_counter()
                plan = extract(CORPUS / name, {"ocr": "__scan" in name})
                plans[name] = plan
                forms += 1
                write_outputs(plan, out / Path(name).stem.replace(".", "_") / Path(name).suffix[1:])
                print(f"  {name}: {len(plan.tasks)} tasks ({time.perf_counter() - start:.1f} s)")
            first = plans[names[0]]
            stable_a = [(t.id, _words(t.text)) for t in first.tasks]
            order_a = [(f"T{n:03d}", _words(t.text)) for n, t in enumerate(first.tasks, 1)]
            for name in names[1:]:
                other = plans[name]
                s = agreement(stable_a, [(t.id, _words(t.text)) for t in other.tasks])
                o = agreement(order_a, [(f"T{n:03d}", _words(t.text)) for n, t in enumerate(other.tasks, 1)])
                for key, (hit, n) in (("stable", s), ("order", o)):
                    totals[key][0] += hit
                    totals[key][1] += n
                print(f"{names[0]} vs {name}: stable ids {s[0]}/{s[1]}, document-order ids {o[0]}/{o[1]}")
        for key, (hit, n) in totals.items():
            print(f"total {key}: {hit}/{n} = {hit / n:.1%}" if n else f"total {key}: -")
        result = export_plans(out, "tracker-xlsx", target=Path(tmp) / "export")
        print(f"export: {forms} plan.json of {len([f for f in FAMILIES])} plans -> {result.plans} exported, "
              f"{len(result.duplicates)} copies reported")
        for d in result.duplicates:
            print("  " + d.line(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
