"""readers/text_layer.py: the per-page verdict on a text layer, on syllables, glyph dicts and
real PDFs made here (a corpus scan page under a scanner's poor OCR layer written by tesseract
without the Vietnamese model, the same page with a 6-pt "Ký bởi" line overlaid, a page drawn as
outlines by Ghostscript) and the real .VnTime PDF of ../shared/real when it is there."""
from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from plan_extract.model.document import PAGE_VERDICTS
from plan_extract.readers import pdf as read
from plan_extract.readers import text_layer as tl
from tests.real.gold import REAL_DIR

CORPUS = Path(__file__).parent / "corpus"
SCAN = CORPUS / "pdf" / "seed003_ubnd_tiendien__scan.pdf"
NATIVE = CORPUS / "pdf" / "seed003_ubnd_tiendien.pdf"
GARBLED = REAL_DIR / "laocai-sct-dkt-kh1105-2026.pdf"


# ----------------------------------------------------------------------------- syllables

VALID = ("kế hoạch triển khai thực hiện nghị quyết số của bộ chính trị về đột phá phát triển khoa "
         "học công nghệ đổi mới sáng tạo chuyển quốc gia giữ gìn khuya người nguyễn hoà hòa thuở "
         "thuỷ thủy huyện xuyên quỳnh uống ngoằn nghèo kiểm giấy gì già giếng ưu yêu yên oanh "
         "thuyết tuyệt quý quy ủy uỷ Ủy ban nhân dân xã phường tỉnh huấn luyện khuếch trương").split()
INVALID = ("hoach thuc hien nghiem quyet chuyen ddi tht tuc nhat céng kien cinh ngê kô ghô "
           "thực̀ tiếng̣ xyz bcd qua̋ hoạc̣h").split()


@pytest.mark.parametrize("word", VALID)
def test_valid_syllables(word):
    assert tl.vietnamese_syllable(word), word


@pytest.mark.parametrize("word", INVALID)
def test_invalid_syllables(word):
    assert not tl.vietnamese_syllable(unicodedata.normalize("NFC", word)), word


def test_stop_codas_take_only_sac_or_nang():
    assert tl.vietnamese_syllable("tốt") and tl.vietnamese_syllable("một")
    for w in ("tôt", "tồt", "tổt", "tỗt"):
        assert not tl.vietnamese_syllable(w), w


def test_syllable_score_leaves_out_abbreviations_and_separates_marks():
    words, valid, marked = tl.syllable_score("UBND HĐND VLNCN tỉnh Lào Cai triển khai kế hoạch")
    assert words == 7 and valid == 1.0 and marked == 0.714
    words, valid, marked = tl.syllable_score("Trien khai thuc hien Nghi quyet so 71/NQ-CP cua Bo Chinh tri")
    assert valid < tl.MIN_VALID_SHARE and marked == 0.0


# ----------------------------------------------------------------------------- verdicts on glyphs

def _chars(lines: list[str], top: float = 100.0, size: float = 13.0, x0: float = 60.0) -> list[dict]:
    out = []
    for k, text in enumerate(lines):
        x = x0
        y = top + k * size * 1.5
        for ch in text:
            out.append({"text": ch, "x0": x, "x1": x + size * 0.5, "top": y, "bottom": y + size, "size": size})
            x += size * 0.5
    return out


PAGE = (595.0, 842.0)
SCAN_IMAGE = [{"x0": 0.0, "top": 0.0, "x1": 595.0, "bottom": 842.0}]
GOOD = ["Triển khai thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ về việc",
        "sửa đổi, bổ sung Chương trình hành động của Chính phủ thực hiện Nghị quyết số",
        "57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ,",
        "đổi mới sáng tạo và chuyển đổi số quốc gia trên địa bàn xã Tiên Điền",
        "Ủy ban nhân dân xã ban hành Kế hoạch triển khai thực hiện như sau"]


def _strip(text: str) -> str:
    """What tesseract's English model makes of Vietnamese: diacritics gone, đ -> d."""
    d = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in d if unicodedata.category(ch) != "Mn")


def test_verdicts_are_the_model_constants():
    assert tl.VERDICTS == PAGE_VERDICTS


def test_lines_read_by_runs_of_one_top_are_those_read_glyph_by_glyph():
    """_ink_lines reads the glyphs sorted by top a run of one top at a time (the run sorted by
    x0; a run sharing its bottom too decided by its first glyph): the same order and line starts
    as the glyphs sorted by (top, x0) and read one by one, with ties, -0.0, integers, inverted
    and zero-height boxes and NaN (read glyph by glyph); the lines it knows to be in x0 order
    read as the same text unsorted."""
    import math
    import random
    rnd = random.Random(14)
    values = [0.0, -0.0, 1, 1.0, 2.0, 3.0, 9.0, 10.0, 10.5, 11.0, 12.0]
    for trial in range(4000):
        pool = values + [math.nan, math.inf] if trial % 4 == 0 else values
        glyphs = [{"text": rnd.choice("ab "), "top": rnd.choice(pool[:6] if trial % 2 else pool),
                   "bottom": rnd.choice(pool), "x0": rnd.choice(pool), "x1": rnd.choice(pool), "size": 1.0}
                  for _ in range(rnd.randint(1, 14))]
        ordered, starts, unsorted = tl._ink_runs(glyphs)
        by_glyph = tl._ink_lines_by_glyph(glyphs)
        assert starts == by_glyph[1] and len(ordered) == len(by_glyph[0])
        assert all(map(lambda a, b: a is b, ordered, by_glyph[0]))
        lines = [ordered[a:b] for a, b in zip(starts, starts[1:] + [len(ordered)])]
        assert tl._lines_text(lines, unsorted) == tl._lines_text(lines)


def test_native_page():
    v = tl.page_verdict(_chars(GOOD), [], *PAGE)
    assert v.verdict == "native" and not v.ocr and v.valid > 0.95


def test_scan_under_a_sound_and_a_poor_layer():
    sound = tl.page_verdict(_chars(GOOD), SCAN_IMAGE, *PAGE)
    assert sound.verdict == "scan-sound-layer" and not sound.ocr
    poor = tl.page_verdict(_chars([_strip(t) for t in GOOD]), SCAN_IMAGE, *PAGE)
    assert poor.verdict == "scan-poor-layer" and poor.ocr and poor.marked == 0.0


def test_scan_with_a_signature_overlay():
    chars = _chars(["Ký bởi: Ủy ban nhân dân xã Tiên Điền", "Thời gian ký: 20.05.2025 09:14:02 +07:00"],
                   top=20.0, size=6.0)
    v = tl.page_verdict(chars, SCAN_IMAGE, *PAGE)
    assert v.verdict == "scan-overlay" and v.ocr
    assert v.overlay == ["Ký bởi: Ủy ban nhân dân xã Tiên Điền", "Thời gian ký: 20.05.2025 09:14:02 +07:00"]


def test_garbled_glyph_codes_and_symbol_soup():
    cid = _chars(GOOD[:2])
    for c in cid[::3]:
        c["text"] = "(cid:1250)"
    assert tl.page_verdict(cid, [], *PAGE).verdict == "garbled"
    cyrillic = _chars(["6Ӣ CÔNG 7+ѬѪ1* HÒA XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM"] * 3)
    assert tl.page_verdict(cyrillic, [], *PAGE).verdict == "garbled"
    soup = _chars(["Gx#q zvbt krrw pqzx ghjk wvvt xqzp tttb mnbv qwrt zxcv bnmq wert"] * 3)
    assert tl.page_verdict(soup, [], *PAGE).verdict == "garbled"


def test_legacy_page_keeps_its_verdict():
    assert tl.page_verdict(_chars(GOOD), [], *PAGE, legacy="tcvn3").verdict == "legacy-tcvn3"


def test_no_text():
    assert tl.page_verdict([], SCAN_IMAGE, *PAGE).verdict == "scan"
    assert tl.page_verdict([], [], *PAGE, paths=2500).verdict == "outlines"
    assert tl.page_verdict([], [], *PAGE, paths=40).verdict == "empty"


def test_small_image_is_not_a_scan():
    stamp = [{"x0": 374.5, "top": 224.5, "x1": 569.5, "bottom": 341.5}]     # a seal on a native page
    assert tl.page_verdict(_chars(GOOD), stamp, *PAGE).verdict == "native"


def test_every_ocr_verdict_has_a_page_issue():
    for verdict in tl.OCR_VERDICTS | {"scan-sound-layer"}:
        for read_as, state in (("ocr", "ran"), ("none", "missing"), ("none", "off")):
            issue = tl.page_issue(tl.Verdict(verdict, words=30, valid=0.5, marked=0.1), 3, read_as, state)
            level, code, message, page = issue
            assert code == f"text-layer-{verdict}" and page == 3 and message.startswith("Trang 3")
    assert tl.page_issue(tl.Verdict("native"), 1, "text") is None
    off = tl.page_issue(tl.Verdict("garbled", bad_glyphs=0.5), 2, "none", "off")[2]
    assert "TCVN3" in off and "--no-ocr" in off


# ----------------------------------------------------------------------------- real PDFs made here

def _scan_page_image(page_no: int = 1):
    from pypdf import PdfReader
    page = PdfReader(str(SCAN)).pages[page_no - 1]
    return page.images[0].image, float(page.mediabox.width), float(page.mediabox.height)


@pytest.fixture(scope="module")
def overlay_pdf(tmp_path_factory) -> Path:
    """Corpus scan page 1 with a visible 6-pt signature line drawn over its top margin."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    font = _liberation()
    pdfmetrics.registerFont(TTFont("LibSerif", str(font)))
    reader = PdfReader(str(SCAN))
    w, h = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    c.setFont("LibSerif", 6)
    c.drawString(380, h - 14, "Ký bởi: Ủy ban nhân dân xã Tiên Điền")
    c.drawString(380, h - 22, "Thời gian ký: 20.05.2025 09:14:02 +07:00")
    c.showPage()
    c.save()
    writer = PdfWriter()
    page = writer.add_page(reader.pages[0])
    page.merge_page(PdfReader(buf).pages[0])
    out = tmp_path_factory.mktemp("overlay") / "overlay.pdf"
    with open(out, "wb") as f:
        writer.write(f)
    return out


def _liberation() -> Path:
    for d in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
        p = Path(d) / "LiberationSerif-Regular.ttf"
        if p.exists():
            return p
    pytest.fail("Liberation Serif missing: run scripts/setup.sh (fonts-liberation)")


@pytest.fixture(scope="module")
def poor_layer_pdf(tmp_path_factory) -> Path:
    """Corpus scan page 1 as a scanner without the Vietnamese model saves it: the page image
    under an invisible text layer written by tesseract's English model (`tesseract ... pdf`)."""
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract missing: run scripts/setup.sh")
    image, _, _ = _scan_page_image(1)
    d = tmp_path_factory.mktemp("poor")
    png = d / "page.png"
    image.save(png, dpi=(200, 200))
    subprocess.run(["tesseract", str(png), str(d / "poor"), "-l", "eng", "pdf"], check=True,
                   capture_output=True, timeout=300)
    return d / "poor.pdf"


def _native_page_text(n: int) -> str:
    src = read.open_document(NATIVE, ocr=False)
    try:
        return "\n".join(ln.text for ln in src.pages[n - 1].lines())
    finally:
        src.close()


def _similarity(a: str, b: str) -> float:
    """Character similarity of two page texts, whitespace aside (difflib ratio)."""
    import difflib
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split()), autojunk=False).ratio()


def test_poor_ocr_layer_is_judged_and_read_again(poor_layer_pdf):
    src = read.open_document(poor_layer_pdf, ocr=False)
    assert [p.verdict for p in src.page_layers] == ["scan-poor-layer"]
    assert src.page_layers[0].read == "text"                 # no OCR: the poor layer is kept, flagged
    [issue] = [i for i in src.issues if i.code == "text-layer-scan-poor-layer"]
    assert issue.page == 1 and "--no-ocr" in issue.message
    src.close()
    if not read.ocr_available():
        pytest.skip("tesseract not installed")
    src = read.open_document(poor_layer_pdf)
    try:
        assert src.page_layers[0].read == "ocr" and src.text_layer == "ocr"
        text = "\n".join(ln.text for ln in src.pages[0].lines())
        words, valid, marked = tl.syllable_score(text)
        assert valid >= 0.9 and marked >= 0.5          # the Vietnamese model's reading replaced it
        assert _similarity(text, _native_page_text(1)) >= 0.9
    finally:
        src.close()


def test_overlay_is_metadata_never_body_text(overlay_pdf):
    src = read.open_document(overlay_pdf, ocr=read.ocr_available())
    try:
        [layer] = src.page_layers
        assert layer.verdict == "scan-overlay"
        assert layer.overlay == ["Ký bởi: Ủy ban nhân dân xã Tiên Điền", "Thời gian ký: 20.05.2025 09:14:02 +07:00"]
        text = "\n".join(ln.text for ln in src.pages[0].lines())
        assert "Ký bởi" not in text and "Thời gian ký" not in text
        if read.ocr_available():
            assert layer.read == "ocr" and _similarity(text, _native_page_text(1)) >= 0.9
        assert any(i.code == "text-layer-scan-overlay" and i.page == 1 for i in src.issues)
    finally:
        src.close()


def test_page_drawn_as_outlines(tmp_path):
    if shutil.which("gs") is None:
        pytest.fail("ghostscript missing: run scripts/setup.sh")
    out = tmp_path / "outlines.pdf"
    subprocess.run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite", "-dNoOutputFonts",
                    "-dFirstPage=1", "-dLastPage=1", f"-sOutputFile={out}", str(NATIVE)],
                   check=True, capture_output=True, timeout=120)
    src = read.open_document(out, ocr=False)
    try:
        assert [(p.verdict, p.read) for p in src.page_layers] == [("outlines", "none")]
        assert any(i.code == "text-layer-outlines" for i in src.issues)
    finally:
        src.close()


def test_native_corpus_pages_are_sound():
    src = read.open_document(NATIVE, ocr=False)
    try:
        assert {p.verdict for p in src.page_layers} == {"native"}
        assert not [i for i in src.issues if i.code.startswith("text-layer-")]
    finally:
        src.close()


@pytest.mark.skipif(not GARBLED.exists(), reason=f"real documents not available ({REAL_DIR})")
def test_real_vntime_pdf_is_garbled_and_says_what_was_tried():
    src = read.open_document(GARBLED, ocr=False)
    try:
        assert [p.verdict for p in src.page_layers] == ["garbled"] * 6
        assert all(p.read == "none" for p in src.page_layers)
        assert not any(p.lines() for p in src.pages)          # no glyph codes reach the text
        issues = [i for i in src.issues if i.code == "text-layer-garbled"]
        assert [i.page for i in issues] == [1, 2, 3, 4, 5, 6]
        assert all("TCVN3" in i.message and "VNI" in i.message for i in issues)
    finally:
        src.close()


# ----------------------------------------------------------------------------- a sound layer checked by OCR

def _glyphs(word_boxes):
    """Glyph dicts of words [(text, x0, top)], 6 pt per letter, size 10 (as readers give them)."""
    out = []
    for text, x0, top in word_boxes:
        for k, ch in enumerate(text):
            out.append({"text": ch, "x0": x0 + 6 * k, "x1": x0 + 6 * k + 5.5, "top": top, "bottom": top + 10,
                        "size": 10.0})
    return out


def test_compare_with_ocr_counts_words_read_the_same_at_their_place():
    layer = [("Kiện", 50, 100), ("toàn", 80, 100), ("Tổ", 110, 100), ("công", 130, 100), ("nghệ", 160, 100)] * 1
    layer = [(t, x + 200 * r, y + 20 * r) for r in range(6) for t, x, y in layer]
    ocr = [{"text": t if not (r == 0 and t == "Tổ") else "Tố", "x0": x + 200 * r - 1, "x1": x + 200 * r + 6 * len(t),
            "top": y + 20 * r - 1, "bottom": y + 20 * r + 11} for r in range(6)
           for t, x, y in [("Kiện", 50, 100), ("toàn", 80, 100), ("Tổ", 110, 100), ("công", 130, 100), ("nghệ", 160, 100)]]
    got = tl.compare_with_ocr(_glyphs(layer), ocr)
    assert got["words"] == 30 and got["agree"] == round(29 / 30, 3)
    assert got["differs"] == [{"bbox": [110.0, 100.0, 121.5, 110.0], "layer": "Tổ", "ocr": "Tố"}]
    assert tl.layer_agrees(got)
    # OCR reading other words at those places: the layer does not agree
    wrong = [dict(w, text="xxx") for w in ocr[:20]] + ocr[20:]
    assert not tl.layer_agrees(tl.compare_with_ocr(_glyphs(layer), wrong))
    # OCR reading nothing there is no evidence either way
    assert tl.compare_with_ocr(_glyphs(layer), [])["words"] == 0 and not tl.layer_agrees(
        tl.compare_with_ocr(_glyphs(layer), []))


LAYER_SOME = Path(__file__).parent / "checkdocs" / "cd_late7_layer_some_pages.pdf"


def test_scan_under_a_right_layer_is_checked_and_its_rows_trusted(tmp_path):
    """Page 1 of cd_late7_layer_some_pages: a scan under the scanner's right text layer. Read
    against OCR of the image, the two agree: the page note says so and the rows carry no
    page-wide doubt; a row where the two read a word differently says which, with its id."""
    if not read.ocr_available():
        pytest.skip("tesseract not installed")
    import pypdf
    from plan_extract import extract_result
    w = pypdf.PdfWriter()
    w.add_page(pypdf.PdfReader(str(LAYER_SOME)).pages[0])
    one = tmp_path / "layer_page1.pdf"
    with one.open("wb") as f:
        w.write(f)
    plan = extract_result(one).plan
    [layer] = plan.source.page_layers
    assert layer.verdict == "scan-sound-layer" and layer.read == "text"
    assert layer.ocr_check["words"] >= 100 and tl.layer_agrees(layer.ocr_check)
    [note] = [i for i in plan.issues if i.code == "text-layer-scan-sound-layer"]
    assert note.row is None and "đối chiếu với OCR" in note.message
    assert len(plan.tasks) >= 10
    assert not any("text-layer-scan-sound-layer" in t.doubts for t in plan.tasks)
    doubted = [t for t in plan.tasks if t.doubts]
    assert len(doubted) <= len(plan.tasks) // 3
    for t in doubted:
        if "text-layer-ocr-differs" in t.doubts:
            [issue] = [i for i in plan.issues if i.code == "text-layer-ocr-differs" and i.row == t.id]
            assert issue.page == 1 and "OCR đọc" in issue.message
    assert plan.to_dict()["source"]["page_layers"][0]["ocr_check"]["agree"] == layer.ocr_check["agree"]
