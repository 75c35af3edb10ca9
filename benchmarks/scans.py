"""Scans and untrusted text layers: how well the pipeline reads them, one line per document.

    python benchmarks/scans.py                            # every variant, every corpus scan, real set
    python benchmarks/scans.py --variants scan,poor --only seed002_vpdp_ntm
    python benchmarks/scans.py --real-only

Variants of each corpus document that has a scan (tests/corpus/pdf/<id>__scan.pdf), made in a
work folder (--work, default a temporary folder) from the committed files:
  scan      the committed scan (200 dpi grey JPEG, turned, noise), no text layer;
  poor      the scan's page images under an invisible text layer written by tesseract's English
            model (`tesseract page.png out -l eng pdf`): what a scanner without the Vietnamese
            model produces;
  overlay   the scan with a visible 6-pt "Ký bởi: ..." signature line on every page;
  outlines  the native PDF printed "as curves" by Ghostscript (-dNoOutputFonts);
  noise-N   the native PDF rasterised at 200 dpi and soiled by seed N (tests/test_ocr_noise.soil:
            a turn within ±1.2°, Gaussian noise, specks, JPEG), an image-only PDF (not in the
            default list: --variants noise-1,noise-2,noise-3).
Real documents (../shared/real, skipped when absent): the 4-page BCA scan (body tasks and
letterhead against tests/real/gold) and the .VnTime PDF (its 3 schedule rows, read by OCR).

Per document: metadata fields equal to the gold (benchmarks/accuracy.py's DOC_FIELDS), task rows found (gold appendix rows matched by text, benchmarks/accuracy.py's
matching), task-text similarity (mean difflib ratio over matched rows), deadlines right (kind,
start, due, recurrence equal to the gold), silently wrong dates (a matched row whose start or due
differs from the gold with no issue naming the row), page verdicts, seconds per page. The first
line records the tesseract version and the model file used.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from accuracy import DOC_FIELDS, _norm, match_rows  # noqa: E402
from plan_extract import extract_result  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
VARIANTS = ("scan", "poor", "overlay", "outlines")


def tesseract_info() -> str:
    """tesseract version and the Vietnamese model's file (size, sha256 prefix)."""
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.splitlines()
        version = out[0] if out else "?"
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
        folder = langs.splitlines()[0].split('"')[1] if '"' in langs.splitlines()[0] else ""
    except (OSError, IndexError):
        return "tesseract: not installed"
    model = Path(folder) / "vie.traineddata"
    if model.exists():
        data = model.read_bytes()
        return f"{version}; model {model} ({len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()[:12]})"
    return f"{version}; model vie.traineddata not found"


# ----------------------------------------------------------------------------- variants

def _page_images(pdf: Path):
    from pypdf import PdfReader
    for page in PdfReader(str(pdf)).pages:
        yield page.images[0].image, float(page.mediabox.width), float(page.mediabox.height)


def make_poor(scan: Path, out: Path) -> Path:
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    with tempfile.TemporaryDirectory() as d:
        for k, (image, _, _) in enumerate(_page_images(scan)):
            png = Path(d) / f"p{k:03d}.png"
            image.save(png, dpi=(200, 200))
            subprocess.run(["tesseract", str(png), str(png.with_suffix("")), "-l", "eng", "pdf"],
                           check=True, capture_output=True)
            writer.add_page(PdfReader(str(png.with_suffix(".pdf"))).pages[0])
        with open(out, "wb") as f:
            writer.write(f)
    return out


def make_overlay(scan: Path, out: Path) -> Path:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    for d in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
        if (Path(d) / "LiberationSerif-Regular.ttf").exists():
            pdfmetrics.registerFont(TTFont("LibSerif", str(Path(d) / "LiberationSerif-Regular.ttf")))
            break
    reader = PdfReader(str(scan))
    writer = PdfWriter()
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
        c.setFont("LibSerif", 6)
        c.drawString(w - 215, h - 14, "Ký bởi: Ủy ban nhân dân tỉnh Hà Tĩnh")
        c.drawString(w - 215, h - 22, "Thời gian ký: 20.05.2025 09:14:02 +07:00")
        c.showPage()
        c.save()
        added = writer.add_page(page)
        added.merge_page(PdfReader(buf).pages[0])
    with open(out, "wb") as f:
        writer.write(f)
    return out


def make_noise(native: Path, out: Path, seed: int) -> Path:
    from PIL import Image
    from tests.test_ocr_noise import soil
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(native), str(Path(d) / "p")], check=True)
        pages = [soil(png, seed * 1000 + k).convert("RGB") for k, png in enumerate(sorted(Path(d).glob("p*.png")))]
    pages[0].save(out, "PDF", resolution=200.0, save_all=True, append_images=pages[1:])
    return out


def make_outlines(native: Path, out: Path) -> Path:
    subprocess.run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite", "-dNoOutputFonts",
                    f"-sOutputFile={out}", str(native)], check=True, capture_output=True)
    return out


# ----------------------------------------------------------------------------- scoring

def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children (the tesseract runs):
    a figure a busy machine does not inflate, unlike wall time."""
    import resource
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def score(pdf: Path, gold: dict) -> dict:
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = extract_result(pdf)
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    plan = result.plan.to_dict() if result.plan is not None else {"tasks": [], "issues": [], "source": {}}
    gold_rows = [t for t in gold.get("tasks", []) if t.get("origin") == "appendix"]
    got_rows = [t for t in plan["tasks"] if t.get("origin") == "appendix"]
    pairs = match_rows(gold_rows, got_rows, lambda t: t.get("text") or "")
    flagged = {i.get("row") for i in plan.get("issues", []) if i.get("row")}
    sims, right, silent = [], 0, []
    for gi, pi in pairs:
        g, p = gold_rows[gi], got_rows[pi]
        sims.append(SequenceMatcher(None, _norm(g["text"]), _norm(p["text"]), autojunk=False).ratio())
        gd, pd = g.get("deadline") or {}, p.get("deadline") or {}
        want = [gd.get(k) for k in ("kind", "start", "due", "recurrence")]
        got = [pd.get(k) for k in ("kind", "start", "due", "recurrence")]
        right += want == got
        if (pd.get("start") or pd.get("due")) and (pd.get("start"), pd.get("due")) != (gd.get("start"), gd.get("due")) \
                and p.get("id") not in flagged:
            silent.append(f"{p.get('number')}: {pd.get('raw')!r} -> {pd.get('start')}..{pd.get('due')} "
                          f"(gold {gd.get('raw')!r} {gd.get('start')}..{gd.get('due')})")
    g_ind, p_ind = gold.get("indicators", []), plan.get("indicators", [])
    ind_pairs = match_rows(g_ind, p_ind, lambda i: i.get("name") or "")
    wrong_numbers = [f"{g_ind[a].get('number')} read {p_ind[b].get('number')}"
                     + (" (flagged)" if p_ind[b].get("id") in flagged else " (SILENT)") for a, b in ind_pairs
                     if g_ind[a].get("number") != p_ind[b].get("number")]
    doc_right, doc_wrong = 0, []
    for f in DOC_FIELDS:
        g, p = gold.get("document", {}).get(f), plan.get("document", {}).get(f)
        if f == "references":
            g = [(x.get("number"), x.get("date"), x.get("issuer")) for x in g or []]
            p = [(x.get("number"), x.get("date"), x.get("issuer")) for x in p or []]
        if g == p:
            doc_right += 1
        else:
            doc_wrong.append(f)
    pages = plan["source"].get("pages") or 1
    verdicts: dict[str, int] = {}
    for layer in plan["source"].get("page_layers") or []:
        verdicts[layer["verdict"]] = verdicts.get(layer["verdict"], 0) + 1
    return {"gold": len(gold_rows), "found": len(pairs), "extracted": len(got_rows),
            "similarity": sum(sims) / len(sims) if sims else None,
            "deadlines_right": right, "silent": silent, "seconds_page": seconds / pages, "pages": pages,
            "cpu_page": cpu / pages, "flagged": sum(1 for p in got_rows if p.get("id") in flagged),
            "indicators": (len(ind_pairs), len(g_ind)), "wrong_numbers": wrong_numbers,
            "verdicts": verdicts, "error": None if result.plan is not None else result.error.message,
            "doc": (doc_right, len(DOC_FIELDS), doc_wrong)}


def fmt_row(name: str, r: dict) -> str:
    sim = "   -  " if r["similarity"] is None else f"{r['similarity']:.4f}"
    dl = f"{r['deadlines_right']}/{r['found']}"
    v = ",".join(f"{k}×{n}" for k, n in sorted(r["verdicts"].items()))
    return (f"{name:44s} rows {r['found']:3d}/{r['gold']:<3d} (+{r['extracted'] - r['found']} extra)  sim {sim}  "
            f"deadlines {dl:7s} silent {len(r['silent'])}  rows flagged {r['flagged']}  {r['seconds_page']:5.1f} s/page "
            f"({r['cpu_page']:.1f} CPU s/page)  [{v}]"
            + (f"  indicators {r['indicators'][0]}/{r['indicators'][1]} numbers wrong {r['wrong_numbers']}"
               if r["indicators"][1] else "")
            + f"  metadata {r['doc'][0]}/{r['doc'][1]}" + (f" (wrong: {', '.join(r['doc'][2])})" if r["doc"][2] else "")
            + (f"  FAILED {r['error']}" if r["error"] else ""))


# ----------------------------------------------------------------------------- real documents

def real_documents() -> list[str]:
    from tests.real.gold import REAL_DIR, load_gold
    out = []
    scan = REAL_DIR / "bca-tctlntw-kh996-2026-scan.pdf"
    if scan.exists():
        gold = load_gold("bca-tctlntw-kh996-2026-scan")
        t0 = time.perf_counter()
        result = extract_result(scan)
        seconds = time.perf_counter() - t0
        plan = result.plan.to_dict()
        g_body = [t for t in gold["tasks"] if t.get("origin") == "body"]
        p_body = [t for t in plan["tasks"] if t.get("origin") == "body"]
        pairs = match_rows(g_body, p_body, lambda t: t.get("text") or "")
        sims = [SequenceMatcher(None, _norm(g_body[a]["text"]), _norm(p_body[b]["text"]), autojunk=False).ratio()
                for a, b in pairs]
        doc = plan["document"]
        fields = {f: (gold["document"].get(f), doc.get(f)) for f in ("number", "issue_date", "issue_month", "issue_year",
                                                                       "place", "issuer", "parent_issuer", "title",
                                                                       "signer", "signer_title")}
        out.append(f"{scan.name}: body tasks {len(pairs)}/{len(g_body)} (+{len(p_body) - len(pairs)} extra), "
                   f"sim {sum(sims) / len(sims) if sims else 0:.4f}, {seconds / plan['source']['pages']:.1f} s/page, "
                   f"verdicts {[p['verdict'] for p in plan['source']['page_layers']]}")
        for f, (want, got) in fields.items():
            ratio = SequenceMatcher(None, _norm(str(want)), _norm(str(got)), autojunk=False).ratio()
            out.append(f"    {f}: {'exact' if want == got else f'sim {ratio:.3f}'}  gold={want!r} got={got!r}")
        for issue in plan["issues"]:
            if issue["code"] in ("document-number-unread", "issue-date-unread"):
                out.append(f"    issue {issue['code']}: {issue['message']}")
    vntime = REAL_DIR / "laocai-sct-dkt-kh1105-2026.pdf"
    if vntime.exists():
        gold = load_gold("laocai-sct-dkt-kh1105-2026")
        from plan_extract.readers import pdf as read
        t0 = time.perf_counter()
        src = read.open_document(vntime)
        seconds = time.perf_counter() - t0
        rows = []
        for page in src.pages:
            for table in (page.ocr.tables if page.ocr is not None else []):
                rows.extend(r for r in table.rows[1:] if r and r[0] is not None)
        src.close()
        units = [g["unit"] for g in gold["schedule"]]
        found = []
        for u in units:
            best = max((SequenceMatcher(None, _norm(u), _norm(r[1].text if len(r) > 1 and r[1] else ""),
                                        autojunk=False).ratio() for r in rows), default=0.0)
            found.append(best)
        dates = [g["time_raw"] for g in gold["schedule"]]
        got_dates = [c.text for r in rows for c in r if c is not None]
        out.append(f"{vntime.name}: verdicts {[p.verdict for p in src.page_layers]}, schedule rows "
                   f"{sum(1 for f in found if f >= 0.9)}/{len(units)} (unit similarity {[round(f, 3) for f in found]}), "
                   f"dates read exactly {sum(1 for d in dates if d in got_dates)}/{len(dates)}, "
                   f"{seconds / len(src.page_layers):.1f} s/page")
    return out


# ----------------------------------------------------------------------------- main

def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--only", action="append", default=[], help="corpus document id (repeatable)")
    ap.add_argument("--work", help="folder for the made variants (kept; default: a temporary folder)")
    ap.add_argument("--real-only", action="store_true")
    ap.add_argument("--no-real", action="store_true")
    args = ap.parse_args(argv)
    print(tesseract_info())
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs "
          "(wall seconds depend on it; CPU seconds do not)")
    variants = [v for v in args.variants.split(",") if v]
    if not args.real_only:
        work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="scans-"))
        work.mkdir(parents=True, exist_ok=True)
        ids = sorted(p.name[:-len("__scan.pdf")] for p in (CORPUS / "pdf").glob("*__scan.pdf"))
        totals = {v: {"gold": 0, "found": 0, "sim": [], "right": 0, "silent": 0, "sec": 0.0, "cpu": 0.0, "pages": 0, "doc": 0, "doc_n": 0}
                  for v in variants}
        for did in ids:
            if args.only and did not in args.only:
                continue
            gold = json.loads((CORPUS / "gold" / f"{did}.json").read_text(encoding="utf-8"))
            scan = CORPUS / "pdf" / f"{did}__scan.pdf"
            for v in variants:
                target = work / f"{did}__{v}.pdf"
                if v == "scan":
                    target = scan
                elif not target.exists() and v.startswith("noise-"):
                    make_noise(CORPUS / "pdf" / f"{did}.pdf", target, int(v[len("noise-"):]))
                elif not target.exists():
                    {"poor": make_poor, "overlay": make_overlay}.get(v, lambda s, o: make_outlines(
                        CORPUS / "pdf" / f"{did}.pdf", o))(scan, target)
                r = score(target, gold)
                print(fmt_row(f"{did} [{v}]", r), flush=True)
                for s in r["silent"]:
                    print(f"    silently wrong: {s}")
                t = totals[v]
                t["gold"] += r["gold"]
                t["found"] += r["found"]
                t["sim"].extend([r["similarity"]] * r["found"] if r["similarity"] is not None else [])
                t["right"] += r["deadlines_right"]
                t["silent"] += len(r["silent"])
                t["sec"] += r["seconds_page"] * r["pages"]
                t["cpu"] += r["cpu_page"] * r["pages"]
                t["pages"] += r["pages"]
                t["doc"] += r["doc"][0]
                t["doc_n"] += r["doc"][1]
        for v, t in totals.items():
            if t["gold"]:
                print(f"TOTAL [{v}]: rows {t['found']}/{t['gold']} ({100 * t['found'] / t['gold']:.1f} %), "
                      f"sim {sum(t['sim']) / max(len(t['sim']), 1):.4f}, deadlines right "
                      f"{t['right']}/{t['found']} ({100 * t['right'] / max(t['found'], 1):.1f} %), silently wrong "
                      f"{t['silent']}, {t['sec'] / max(t['pages'], 1):.1f} s/page, "
                      f"{t['cpu'] / max(t['pages'], 1):.1f} CPU s/page, metadata fields {t['doc']}/{t['doc_n']}")
    if not args.no_real:
        for line in real_documents():
            print(line, flush=True)


if __name__ == "__main__":
    main()
