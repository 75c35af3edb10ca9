"""Variants of a rendered corpus document, and the bad inputs.

scan  -> pdf/<id>__scan.pdf: every page rasterised at 200 dpi, turned a fraction of a degree,
         mild gaussian noise (fixed seed), JPEG q75, reassembled as an image-only PDF.
docx  -> pdf/<id>.docx: the DOCX the docx producer converted (zip entries with fixed dates).
tcvn3 -> pdf/<id>__tcvn3.pdf: page 1's text layer in TCVN3: its text is removed and redrawn
         word by word at the same positions with remapped Liberation Serif fonts named
         ".VnTime" / ".VnTimeH" whose glyphs sit at the TCVN3 byte codes, so the page looks
         right while pdftotext reads "Ph¸t triÓn" (as a real .VnTime document does).
vni   -> pdf/<id>__vni.pdf: the same with page 1 redrawn in VNI (vni.py) with a remapped Liberation
         Serif named "VNI-Times" whose zero-width mark glyphs sit over the letter before them, so
         the page looks right while pdftotext reads "Phaùt trieån".
bad/  -> empty, truncated, encrypted, image_renamed, garbage_after_header (see bad/README.md).
"""
from __future__ import annotations

import copy
import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from . import gold as G
from . import pdfutil, tcvn3, vni

SEED = 20250601


# ------------------------------------------------------------------ gold for a variant
def variant_gold(plan: dict, shipped: Path, text_layer: str, pages_null: bool = False) -> dict:
    g = copy.deepcopy(plan)
    g["source"]["file"] = shipped.name
    g["source"]["sha256"] = G.sha256(shipped)
    g["source"]["text_layer"] = text_layer
    g["source"]["page_layers"] = G.page_layers(g["source"]["pages"], text_layer)
    if pages_null:
        for row in g["tasks"] + g["indicators"]:
            row["source"]["page"] = None
    return g


def _write_gold(gold_dir: Path, shipped: Path, g: dict) -> None:
    from .generate import gold_name
    pdfutil.atomic_write_bytes(gold_dir / gold_name(shipped.name), G.to_json(g).encode("utf-8"))


# ------------------------------------------------------------------ scan
def make_scan(pdf: Path, out: Path, work: Path, dpi: int = 200) -> None:
    d = work / f"scan_{pdf.stem}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(d / "p")],
                   check=True, capture_output=True)
    rng = np.random.default_rng(SEED)
    pages = []
    for i, png in enumerate(sorted(d.glob("p-*.png"))):
        im = Image.open(png).convert("L")
        angle = (0.4, -0.3, 0.25, -0.45)[i % 4]
        im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        W, H = im.size
        # uneven paper shade (low-frequency), fine sensor noise, scanner blur
        low = rng.normal(0.0, 4.0, (H // 16 + 1, W // 16 + 1)).astype(np.float32)
        low = np.asarray(Image.fromarray(low, "F").resize((W, H), Image.BILINEAR))
        a = np.asarray(im, dtype=np.float32) * 0.9 + 14 + low
        a += rng.normal(0.0, 3.0, a.shape).astype(np.float32)
        im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
        im = im.filter(ImageFilter.GaussianBlur(0.7))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=75)
        buf.seek(0)
        pages.append(Image.open(buf))
    raw = work / f"{pdf.stem}__scan.raw.pdf"
    pages[0].save(raw, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    pdfutil.normalise(raw, out)


# ------------------------------------------------------------------ docx
def fixed_zip(src: Path, dst: Path) -> None:
    """Rewrite a DOCX (zip) with fixed entry dates: same content, same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 6, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, zin.read(info.filename))
    pdfutil.atomic_write_bytes(dst, buf.getvalue())


# ------------------------------------------------------------------ tcvn3 fonts
FONT_DIRS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"]


def _cmap_format4(mapping: dict[int, int]) -> bytes:
    """A cmap table with one (3,1) format-4 subtable for `mapping` (code -> glyph id)."""
    codes = sorted(mapping)
    segs = [(c, c, (mapping[c] - c) & 0xFFFF) for c in codes] + [(0xFFFF, 0xFFFF, 1)]
    n = len(segs)
    sr = 2 * (1 << (n.bit_length() - 1))
    es = (n.bit_length() - 1)
    body = b"".join(struct.pack(">H", e) for _, e, _ in segs) + b"\0\0"
    body += b"".join(struct.pack(">H", s) for s, _, _ in segs)
    body += b"".join(struct.pack(">H", d) for _, _, d in segs)
    body += b"".join(struct.pack(">H", 0) for _ in segs)
    sub = struct.pack(">HHHHHHH", 4, 14 + len(body), 0, 2 * n, sr, es, 2 * n - sr) + body
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def remap_ttf(src: Path, caps: bool) -> bytes:
    """Liberation Serif with a new cmap: ASCII as usual, and at every TCVN3 byte code
    (U+00A1..U+00FE) the glyph of the Vietnamese letter the .VnTime (caps: .VnTimeH) font
    draws there."""
    from reportlab.pdfbase.ttfonts import TTFontFile
    face = TTFontFile(str(src))
    c2g = face.charToGlyph
    mapping = {c: c2g[c] for c in range(0x20, 0x7F) if c in c2g}
    table = tcvn3.TCVN3_TO_UNICODE_CAPS if caps else tcvn3.TCVN3_TO_UNICODE
    for b, ch in table.items():
        mapping[b] = c2g[ord(ch)]
    tables = _ttf_tables(src)
    tables[b"cmap"] = _cmap_format4(mapping)
    return _ttf_bytes(tables)


def _ttf_tables(src: Path) -> dict[bytes, bytes]:
    data = src.read_bytes()
    num = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(num):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        tables[tag] = data[off: off + ln]
    return tables


def _ttf_bytes(tables: dict[bytes, bytes]) -> bytes:
    """A TrueType file from its tables (directory, checksums, head.checkSumAdjustment)."""
    head = bytearray(tables[b"head"])
    head[8:12] = b"\0\0\0\0"
    tables[b"head"] = bytes(head)
    tags = sorted(tables)
    n = len(tags)
    es = n.bit_length() - 1
    sr = 16 * (1 << es)
    out = bytearray(struct.pack(">IHHHH", 0x00010000, n, sr, es, n * 16 - sr))
    offset = 12 + 16 * n
    dirs, blobs = [], []
    for t in tags:
        d = tables[t]
        dirs.append(struct.pack(">4sIII", t, _checksum(d), offset, len(d)))
        pad = d + b"\0" * (-len(d) % 4)
        blobs.append(pad)
        offset += len(pad)
    out += b"".join(dirs) + b"".join(blobs)
    adj = (0xB1B0AFBA - _checksum(bytes(out))) & 0xFFFFFFFF
    hoff = 12 + 16 * n + sum(len(b) for b, t in zip(blobs, tags) if t < b"head")
    out[hoff + 8: hoff + 12] = struct.pack(">I", adj)
    return bytes(out)


_TCVN_FONTS: dict[tuple[bool, str], str] = {}


def tcvn3_font(caps: bool, style: str, work: Path) -> str:
    """Register (once) and return the ReportLab name of a remapped font.
    style: Regular | Bold | Italic | BoldItalic."""
    key = (caps, style)
    if key in _TCVN_FONTS:
        return _TCVN_FONTS[key]
    src = _liberation(style)
    path = work / f"VnTime{'H' if caps else ''}-{style}.ttf"
    path.write_bytes(remap_ttf(src, caps))
    name = f".VnTime{'H' if caps else ''}{'' if style == 'Regular' else ',' + style}"
    _TCVN_FONTS[key] = _register(name, path)
    return name


def _liberation(style: str) -> Path:
    for d in FONT_DIRS:
        src = Path(d) / f"LiberationSerif-{style}.ttf"
        if src.exists():
            return src
    raise FileNotFoundError(f"LiberationSerif-{style}.ttf")


def _register(name: str, path: Path) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    f = TTFont(name, str(path))
    f.face.name = name.encode("ascii")
    pdfmetrics.registerFont(f)
    return name


# ------------------------------------------------------------------ vni fonts
def _components(glyph: bytes) -> list[tuple[int, int, int]]:
    """(glyph id, dx, dy) of a composite glyph's components (x/y offsets, no transforms)."""
    out, p = [], 10
    while True:
        flags, gid = struct.unpack_from(">HH", glyph, p)
        p += 4
        assert flags & 0x2 and not flags & 0xC8, "offset components only"
        dx, dy = struct.unpack_from(">hh" if flags & 0x1 else ">bb", glyph, p)
        p += 4 if flags & 0x1 else 2
        out.append((gid, dx, dy))
        if not flags & 0x20:
            return out


def _composite(parts: list[tuple[int, int, int]], glyphs: list[bytes]) -> bytes:
    """A composite glyph of (glyph id, dx, dy) components."""
    recs, box = [], [32767, 32767, -32768, -32768]
    for k, (gid, dx, dy) in enumerate(parts):
        more = 0x20 if k < len(parts) - 1 else 0
        recs.append(struct.pack(">HHhh", 0x1 | 0x2 | 0x4 | more, gid, dx, dy))
        if glyphs[gid]:
            x0, y0, x1, y1 = struct.unpack_from(">hhhh", glyphs[gid], 2)
            box = [min(box[0], x0 + dx), min(box[1], y0 + dy), max(box[2], x1 + dx), max(box[3], y1 + dy)]
    return struct.pack(">hhhhh", -1, *box) + b"".join(recs)


def remap_ttf_vni(src: Path) -> bytes:
    """Liberation Serif as a VNI-Times font: ASCII as usual; at each VNI single-letter code the
    glyph of its letter ("ô" -> ơ, "ñ" -> đ, "æ" -> ỉ ...); at each mark code a new zero-width
    glyph holding the marks of the precomposed letter (ù: the acute of á; á: the circumflex and
    acute of ấ) moved back over the letter drawn before it, so "aá" looks like ấ."""
    from reportlab.pdfbase.ttfonts import TTFontFile
    c2g = TTFontFile(str(src)).charToGlyph
    t = _ttf_tables(src)
    long_loca = struct.unpack(">h", t[b"head"][50:52])[0] == 1
    n = struct.unpack(">H", t[b"maxp"][4:6])[0]
    nh = struct.unpack(">H", t[b"hhea"][34:36])[0]
    offs = [struct.unpack_from(">I", t[b"loca"], 4 * i)[0] if long_loca
            else 2 * struct.unpack_from(">H", t[b"loca"], 2 * i)[0] for i in range(n + 1)]
    glyphs = [t[b"glyf"][offs[i]:offs[i + 1]] for i in range(n)]
    metrics = [struct.unpack_from(">Hh", t[b"hmtx"], 4 * i) for i in range(nh)]
    metrics += [(metrics[-1][0], struct.unpack_from(">h", t[b"hmtx"], 4 * nh + 2 * i)[0]) for i in range(n - nh)]
    mapping = {c: c2g[c] for c in range(0x20, 0x7F) if c in c2g}
    for code, letter in vni.LETTER_GLYPHS.items():
        mapping[ord(code)] = c2g[ord(letter)]
    for code, letter in sorted(vni.MARK_GLYPHS.items()):
        (base, _, _), *marks = _components(glyphs[c2g[ord(letter)]])
        shift = metrics[base][0]
        g = _composite([(gid, dx - shift, dy) for gid, dx, dy in marks], glyphs)
        glyphs.append(g)
        metrics.append((0, struct.unpack_from(">h", g, 2)[0]))
        mapping[ord(code)] = len(glyphs) - 1
    glyf, loca = b"", []
    for g in glyphs:
        loca.append(len(glyf))
        glyf += g + b"\0" * (-len(g) % 4)
    loca.append(len(glyf))
    t[b"glyf"] = glyf
    t[b"loca"] = struct.pack(f">{len(loca)}I", *loca)
    t[b"hmtx"] = b"".join(struct.pack(">Hh", a, b) for a, b in metrics)
    t[b"head"] = t[b"head"][:50] + struct.pack(">h", 1) + t[b"head"][52:]
    t[b"maxp"] = t[b"maxp"][:4] + struct.pack(">H", len(glyphs)) + t[b"maxp"][6:]
    t[b"hhea"] = t[b"hhea"][:34] + struct.pack(">H", len(glyphs)) + t[b"hhea"][36:]
    t[b"post"] = struct.pack(">I", 0x00030000) + t[b"post"][4:32]      # no glyph names
    for tag in (b"hdmx", b"LTSH", b"VDMX"):
        t.pop(tag, None)
    t[b"cmap"] = _cmap_format4(mapping)
    return _ttf_bytes(t)


_VNI_FONTS: dict[str, str] = {}


def vni_font(style: str, work: Path) -> str:
    """Register (once) and return the ReportLab name of the VNI-Times font of a style."""
    if style not in _VNI_FONTS:
        path = work / f"VNI-Times-{style}.ttf"
        path.write_bytes(remap_ttf_vni(_liberation(style)))
        _VNI_FONTS[style] = _register("VNI-Times" + ("" if style == "Regular" else "-" + style), path)
    return _VNI_FONTS[style]


def make_vni(pdf: Path, out: Path, work: Path, page_no: int = 1) -> None:
    redraw_page(pdf, out, work, "vni",
                lambda wd: (vni_font(_style(wd["fontname"]), work), vni.encode(wd["text"])), page_no)


def _style(fontname: str) -> str:
    f = fontname.lower()
    b = "bold" in f
    i = "italic" in f or "oblique" in f
    return "BoldItalic" if b and i else "Bold" if b else "Italic" if i else "Regular"


def make_tcvn3(pdf: Path, out: Path, work: Path, page_no: int = 1) -> None:
    def word(wd):
        caps = tcvn3.needs_caps_font(wd["text"])
        return tcvn3_font(caps, _style(wd["fontname"]), work), tcvn3.encode(wd["text"], caps_font=caps)
    redraw_page(pdf, out, work, "tcvn3", word, page_no)


def redraw_page(pdf: Path, out: Path, work: Path, tag: str, word, page_no: int = 1) -> None:
    """Remove the text of page page_no and redraw it word by word at the same positions:
    word(extracted word) -> (ReportLab font name, text to draw)."""
    import pdfplumber
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream, NameObject
    from reportlab import rl_config
    from reportlab.pdfgen import canvas
    rl_config.invariant = 1

    with pdfplumber.open(str(pdf)) as p:
        page = p.pages[page_no - 1]
        w, h = float(page.width), float(page.height)
        words = page.extract_words(x_tolerance=1.5, keep_blank_chars=False,
                                   extra_attrs=["fontname", "size"], return_chars=True)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    for wd in words:
        ch0 = wd["chars"][0]
        base_y = float(ch0["matrix"][5])
        font, text = word(wd)
        c.setFont(font, float(wd["size"]))
        c.drawString(float(wd["x0"]), base_y, text)
    c.showPage()
    c.save()
    overlay = PdfReader(io.BytesIO(buf.getvalue())).pages[0]

    reader = PdfReader(str(pdf))
    writer = PdfWriter(clone_from=reader)
    target = writer.pages[page_no - 1]
    cs = ContentStream(target.get_contents(), writer)
    ops, in_text = [], False
    for operands, op in cs.operations:
        if op == b"BT":
            in_text = True
            continue
        if op == b"ET":
            in_text = False
            continue
        if not in_text:
            ops.append((operands, op))
    cs.operations = ops
    target[NameObject("/Contents")] = writer._add_object(cs)
    target.merge_page(overlay)
    raw = work / f"{pdf.stem}__{tag}.raw.pdf"
    with open(raw, "wb") as f:
        writer.write(f)
    pdfutil.normalise(raw, out)


# ------------------------------------------------------------------ driver
def make(data: dict, plan: dict, pdf: Path, docx: Path | None, pdf_dir: Path, gold_dir: Path,
         work: Path) -> list[str]:
    did = data["id"]
    done = []
    for v in data.get("variants") or []:
        if v == "scan":
            out = pdf_dir / f"{did}__scan.pdf"
            make_scan(pdf, out, work)
            _write_gold(gold_dir, out, variant_gold(plan, out, "ocr"))
        elif v == "docx":
            if docx is None:
                raise ValueError(f"{did}: variant docx needs producer docx")
            out = pdf_dir / f"{did}.docx"
            fixed_zip(docx, out)
            _write_gold(gold_dir, out, variant_gold(plan, out, "docx", pages_null=True))
        elif v == "tcvn3":
            out = pdf_dir / f"{did}__tcvn3.pdf"
            make_tcvn3(pdf, out, work)
            _write_gold(gold_dir, out, variant_gold(plan, out, "legacy-tcvn3"))
        elif v == "vni":
            out = pdf_dir / f"{did}__vni.pdf"
            make_vni(pdf, out, work)
            _write_gold(gold_dir, out, variant_gold(plan, out, "legacy-vni"))
        done.append(v)
    return done


BAD_README = """# Bad inputs

Made by `python -m tests.corpus.generate` (deterministic). Each must be reported as a failure
`Result` with an `InputError`-style issue in the user's terms, never a crash or a traceback.

| file | what it is | expected error |
|---|---|---|
| empty.pdf | 0 bytes | `empty-file`: the file is empty |
| truncated.pdf | the first 40% of {src} | `truncated-pdf`: the PDF is damaged / incomplete (no xref / %%EOF) |
| encrypted.pdf | {src} encrypted with qpdf (user password "secret", AES-256) | `encrypted-pdf`: the PDF is password-protected |
| image_renamed.pdf | a PNG image (page 1 of {src} at 50 dpi) named .pdf | `not-a-pdf`: the file is not a PDF (it is an image) |
| garbage_after_header.pdf | "%PDF-1.7\\n" followed by 4096 random bytes (seed {seed}) | `corrupt-pdf`: the PDF cannot be read |
"""


def make_bad(bad_dir: Path, pdf_dir: Path) -> None:
    """The bad inputs, from the smallest corpus PDF (mini_example.pdf when present)."""
    bad_dir.mkdir(parents=True, exist_ok=True)
    src = pdf_dir / "mini_example.pdf"
    if not src.exists():
        cands = sorted(pdf_dir.glob("*.pdf"), key=lambda p: (p.stat().st_size, p.name))
        cands = [p for p in cands if "__" not in p.name]
        if not cands:
            return
        src = cands[0]
    data = src.read_bytes()
    pdfutil.atomic_write_bytes(bad_dir / "empty.pdf", b"")
    pdfutil.atomic_write_bytes(bad_dir / "truncated.pdf", data[: int(len(data) * 0.4)])
    tmp = bad_dir / ".encrypted.tmp.pdf"
    subprocess.run(["qpdf", "--static-id", "--encrypt", "secret", "owner-secret", "256", "--",
                    str(src), str(tmp)], check=True, capture_output=True)
    tmp.replace(bad_dir / "encrypted.pdf")
    png = bad_dir / ".img"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(src), str(png)], check=True, capture_output=True)
    pdfutil.atomic_write_bytes(bad_dir / "image_renamed.pdf", Path(str(png) + ".png").read_bytes())
    Path(str(png) + ".png").unlink()
    rng = np.random.default_rng(SEED)
    garbage = b"%PDF-1.7\n" + rng.integers(0, 256, 4096, dtype=np.uint8).tobytes()
    pdfutil.atomic_write_bytes(bad_dir / "garbage_after_header.pdf", garbage)
    pdfutil.atomic_write_bytes(bad_dir / "README.md",
                               BAD_README.format(src=src.name, seed=SEED).encode("utf-8"))
