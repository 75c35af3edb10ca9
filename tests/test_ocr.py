"""pipeline/ocr.py on real rendered scans: a plan page with a ruled task table is drawn with
ReportLab (Liberation Serif, Vietnamese), rasterised by pdftoppm at 200 dpi, turned 0.4°,
speckled and JPEG-compressed like an archive scan; OCR must undo the skew, find the grid and
read the Vietnamese exactly. The small steps (skew, rulings, grid, settings) are tested alone
on synthetic images."""
from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from plan_extract.ocr import page as ocr
from plan_extract.model.parts import RawTable
from tests.real.gold import REAL_DIR

FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation")]

# The table as printed: TT | Nội dung nhiệm vụ | Chủ trì | Phối hợp | Thời gian hoàn thành.
HEADER = ["TT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian hoàn thành"]
SECTION = ("I", "Nâng cao nhận thức về chuyển đổi số")
ROWS = [
    ["1", "Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh của xã.",
     "Phòng Văn hóa - Xã hội", "Các thôn", "Thường xuyên"],
    ["2", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức xã; hướng dẫn người dân sử dụng "
          "dịch vụ công trực tuyến.",
     "Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Quý III/2025"],
    ["3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực.",
     "Phòng Kinh tế", "", "Năm 2025"],
]
ANGLE = 0.4
SCAN_DPI = 200


def _font(name: str) -> str:
    for d in FONT_DIRS:
        p = d / f"LiberationSerif-{name}.ttf"
        if p.exists():
            return str(p)
    pytest.fail("Liberation Serif is missing: run scripts/setup.sh (fonts-liberation2)")


def render_plan_pdf(path: Path) -> tuple[float, float]:
    """A4 page: letterhead lines, a heading, the ruled table above. Returns the page size."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("OcrTestSerif", _font("Regular")))
    pdfmetrics.registerFont(TTFont("OcrTestSerif-Bold", _font("Bold")))
    body = ParagraphStyle("body", fontName="OcrTestSerif", fontSize=13, leading=16)
    bold = ParagraphStyle("bold", parent=body, fontName="OcrTestSerif-Bold", alignment=1)
    cell = ParagraphStyle("cell", fontName="OcrTestSerif", fontSize=12, leading=14.5)
    head = ParagraphStyle("head", parent=cell, fontName="OcrTestSerif-Bold", alignment=1)
    data = [[Paragraph(h, head) for h in HEADER],
            [Paragraph(SECTION[0], head), Paragraph(SECTION[1], head), "", "", ""]]
    data += [[Paragraph(v, cell) for v in row] for row in ROWS]
    table = Table(data, colWidths=[1.1 * cm, 6.6 * cm, 3.3 * cm, 3.3 * cm, 2.8 * cm],
                  style=TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"),
                                    ("SPAN", (1, 1), (-1, 1)),
                                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [Paragraph("ỦY BAN NHÂN DÂN XÃ TIÊN ĐIỀN", bold),
             Paragraph("KẾ HOẠCH", bold),
             Paragraph("Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", body),
             Spacer(1, 14), table]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=1.5 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm).build(story)
    return A4


def scan_like(png: Path, angle: float, seed: int = 7) -> Image.Image:
    """A clean raster -> what an office scanner gives: turned, noisy, JPEG."""
    img = Image.open(png).convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    a = np.asarray(img).astype(np.float32)
    rng = np.random.default_rng(seed)
    a += rng.normal(0, 12, a.shape)
    specks = rng.random(a.shape)
    a[specks < 0.002] = 0
    a[specks > 0.998] = 255
    buf = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=70)
    return Image.open(io.BytesIO(buf.getvalue()))


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    d = tmp_path_factory.mktemp("ocr")
    width, height = render_plan_pdf(d / "plan.pdf")
    subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-png", "-singlefile", str(d / "plan.pdf"),
                    str(d / "plan")], check=True)
    image = scan_like(d / "plan.png", ANGLE)
    return ocr.ocr_page(image, 1, width, height, {"dpi": SCAN_DPI}), width, height


# ----------------------------------------------------------------------------- the whole page

def test_deskew_angle_recovered(scanned):
    page, _, _ = scanned
    assert abs(page.deskew_angle - ANGLE) < 0.1


def test_one_table_with_the_printed_grid(scanned):
    page, width, height = scanned
    assert len(page.tables) == 1
    t = page.tables[0]
    assert isinstance(t, RawTable) and t.method == "ocr-lattice" and t.page == 1
    assert len(t.rows) == 2 + len(ROWS)
    assert all(len(r) == 5 for r in t.rows)
    section = t.rows[1]
    assert section[1].colspan == 4 and section[2:] == [None, None, None]
    x0, top, x1, bottom = t.bbox
    assert 0 < x0 < x1 < width and 0 < top < bottom < height


def _char_accuracy(got: list[str], want: list[str]) -> float:
    """Share of the wanted characters read right (difflib matching blocks), over all cells."""
    import difflib
    right = sum(sum(b.size for b in difflib.SequenceMatcher(None, g or "", w).get_matching_blocks())
                for g, w in zip(got, want))
    return right / max(1, sum(len(w) for w in want))


def test_cells_read_to_character_accuracy(scanned):
    # OCR output differs between tesseract builds and noise: never assert one exact reading,
    # score characters against a threshold instead (the corpus scans measure ~99%).
    page, _, _ = scanned
    rows = page.tables[0].rows
    assert len(rows) == 2 + len(ROWS) and all(len(r) == len(HEADER) for r in rows)
    got = [c.text for c in rows[0]] + [rows[1][1].text] + [c.text for r in rows[2:] for c in r]
    want = list(HEADER) + [SECTION[1]] + [w for r in ROWS for w in r]
    assert _char_accuracy(got, want) >= 0.95
    assert _char_accuracy([r[0].text for r in rows[2:]], [r[0] for r in ROWS]) >= 0.9   # numbers


def test_bold_from_stroke_width(scanned):
    page, _, _ = scanned
    rows = page.tables[0].rows
    assert sum(c.bold for c in rows[0]) >= 4                 # the bold header (short "TT" may miss)
    assert rows[1][1].bold                                   # the bold section row
    assert not any(c.bold for r in rows[2:] for c in r)
    assert page.lines[0].bold and not any(ln.bold for ln in page.lines if "57-NQ/TW" in ln.text)


def test_key_vietnamese_words(scanned):
    import difflib
    page, _, _ = scanned
    cells = [c.text for r in page.tables[0].rows for c in r if c is not None]
    for word, times in (("Thường xuyên", 1), ("Phòng Văn hóa - Xã hội", 2), ("Quý III/2025", 1)):
        close = [c for c in cells if difflib.SequenceMatcher(None, c, word).ratio() >= 0.85]
        assert len(close) >= times, (word, cells)


def test_lines_outside_and_inside_tables(scanned):
    page, _, _ = scanned
    texts = [ln.text for ln in page.lines]
    assert _char_accuracy([texts[0]], ["ỦY BAN NHÂN DÂN XÃ TIÊN ĐIỀN"]) >= 0.9
    assert "KẾ HOẠCH" in texts
    assert any("Nghị quyết số 57-NQ/TW" in t for t in texts)
    assert all(t == unicodedata.normalize("NFC", t) for t in texts)
    # reading order: top to bottom (side-by-side blocks on one band: left first)
    assert all(b.top >= a.top - 4 for a, b in zip(page.lines, page.lines[1:]))


def test_words_in_points_and_nfc(scanned):
    page, width, height = scanned
    assert page.words
    for w in page.words:
        assert 0 <= w["x0"] < w["x1"] <= width and 0 <= w["top"] < w["bottom"] <= height
        assert w["text"] == unicodedata.normalize("NFC", w["text"])
        assert 0 <= w["conf"] <= 100
    # a word's centre lies in the cell whose text contains it
    cell = page.tables[0].rows[2][4]
    inside = [w["text"] for w in page.words
              if cell.bbox[0] <= (w["x0"] + w["x1"]) / 2 <= cell.bbox[2]
              and cell.bbox[1] <= (w["top"] + w["bottom"]) / 2 <= cell.bbox[3]]
    import difflib
    assert difflib.SequenceMatcher(None, " ".join(inside), "Thường xuyên").ratio() >= 0.8   # never one exact reading


def test_rulings_are_pdfplumber_like(scanned):
    page, width, height = scanned
    h = [r for r in page.rulings if r["orientation"] == "h"]
    v = [r for r in page.rulings if r["orientation"] == "v"]
    assert len(h) >= 6 and len(v) >= 6
    for r in page.rulings:
        assert set(r) >= {"x0", "x1", "top", "bottom", "orientation"}
    # the table's outer rules span its width (17.1 cm = 484.7 pt) within 3 pt
    assert max(r["x1"] - r["x0"] for r in h) == pytest.approx(17.1 / 2.54 * 72, abs=3)


# ----------------------------------------------------------------------------- a corpus scan

CORPUS = Path(__file__).parent / "corpus"
SCAN_ID = "seed002_vpdp_ntm__scan"     # 200 dpi JPEG scan of seed 002; its task table is on page 5


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@pytest.fixture(scope="module")
def corpus_scan():
    import json

    import pdfplumber
    pdf_path, gold_path = CORPUS / "pdf" / f"{SCAN_ID}.pdf", CORPUS / "gold" / f"{SCAN_ID}.json"
    if not pdf_path.exists() or not gold_path.exists():
        pytest.fail(f"{SCAN_ID} is missing from tests/corpus: run python -m tests.corpus.generate")
    gold = [t for t in json.loads(gold_path.read_text(encoding="utf-8"))["tasks"] if t["origin"] == "appendix"]
    page_no = gold[0]["source"]["page"]
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[page_no - 1]
        assert not page.chars                                # image only
        image = page.to_image(resolution=ocr.DEFAULT_DPI).original
        result = ocr.ocr_page(image, page_no, float(page.width), float(page.height))
    return result, gold


def test_corpus_scan_task_table(corpus_scan):
    result, gold = corpus_scan
    assert abs(result.deskew_angle) < 1.0
    tasks = [t for t in result.tables if len(t.rows[0]) == 5]
    assert len(tasks) == 1
    header, *rows = tasks[0].rows
    assert [c.text for c in header] == ["TT", "Tên nhiệm vụ", "Phòng chủ trì", "Phòng phối hợp",
                                        "Thời gian hoàn thành"]
    assert len(rows) == len(gold)
    errors = total = exact = 0
    for row, want in zip(rows, gold):
        # a number or deadline misread is never silent: its second reading differs (the
        # normalise stage flags the row); never one exact reading asserted
        for cell, printed in ((row[0], want["number"]), (row[4], want["deadline"]["raw"])):
            exact += cell.text == printed
            assert cell.text == printed or cell.reread is not None or cell.conf < 0.6, (cell, printed)
        for cell, printed in zip(row[1:4], (want["text"], want["lead_raw"], want["coordinators_raw"])):
            errors += _edit_distance(cell.text, printed)
            total += len(printed)
    assert 1 - errors / total >= 0.98          # measured 0.993 (dashes and one "đổi" misread)
    assert exact >= 0.9 * 2 * len(gold)         # measured: all


def test_cells_carry_confidence_and_second_readings_only_where_risky(scanned):
    page, _, _ = scanned
    cells = [c for r in page.tables[0].rows for c in r if c is not None]
    assert all(c.conf is None or 0 <= c.conf <= 1 for c in cells)
    assert all(c.conf is not None for c in cells if c.text)
    assert all(ocr.is_high_risk(c.text) for c in cells if c.reread is not None)


@pytest.mark.parametrize("text, risky", [("Quý III/2025", True), ("30/6/2025", True), ("7.1", True), ("≥ 95%", True),
                                         ("II", True), ("Thường xuyên", False), ("Phòng Văn hóa - Xã hội", False),
                                         ("VNPT", False), ("", False),
                                         ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực năm 2025", False)])
def test_high_risk_cells(text, risky):
    assert ocr.is_high_risk(text) is risky


def _cell_image(text: str, size: int = 50) -> np.ndarray:
    from PIL import ImageDraw, ImageFont
    img = Image.new("L", (30 * size // 4 + 40, 2 * size), 255)
    ImageDraw.Draw(img).text((20, size // 3), text, fill=0, font=ImageFont.truetype(_font("Regular"), size))
    return np.asarray(img)


def test_second_reading_comes_from_the_image_not_the_first_reading():
    # the first reading handed in is wrong ("II" for the printed "III"): the second, made from
    # the image with the other setting, differs from it and is close to what is printed
    import difflib
    gray = _cell_image("Quý III/2025")
    box = (0.0, 0.0, float(gray.shape[1]), float(gray.shape[0]))
    settings = ocr.OcrSettings()
    out = ocr.reread_risky_cells(gray, [[box]], [["Quý II/2025"]], [frozenset()], settings, 300.0,
                                 ocr.binarise(gray))
    assert set(out) == {(0, 0)}
    assert difflib.SequenceMatcher(None, out[(0, 0)], "Quý III/2025").ratio() >= 0.85
    # a first reading that is not high-risk is not read again
    assert ocr.reread_risky_cells(gray, [[box]], [["Thường xuyên"]], [frozenset()], settings, 300.0,
                                  ocr.binarise(gray)) == {}


def test_second_setting_enlarges_and_binarises():
    gray = _cell_image("Năm 2025")
    out = ocr.second_setting(gray, 1.5)
    assert out.shape == (round(gray.shape[0] * 1.5), round(gray.shape[1] * 1.5))
    assert set(np.unique(out)) <= {0, 255}
    small = ocr.second_setting(gray, 1.5, number=True)
    assert small.shape[1] == round(gray.shape[1] * ocr.NUMBER_REREAD_SCALE)


# ----------------------------------------------------------------------------- steps alone

def _ruled_image(angle: float, size=(1700, 2300)) -> np.ndarray:
    img = Image.new("L", size, 255)
    from PIL import ImageDraw
    d = ImageDraw.Draw(img)
    for y in range(300, 1500, 120):
        d.line([(150, y), (1550, y)], fill=0, width=3)
    for x in (150, 400, 1550):
        d.line([(x, 300), (x, 1380)], fill=0, width=3)
    return np.asarray(img.rotate(angle, resample=Image.BICUBIC, fillcolor=255))


@pytest.mark.parametrize("angle", [-1.5, -0.4, 0.0, 0.25, 0.8, 2.0])
def test_estimate_skew_from_rules(angle):
    assert ocr.estimate_skew(_ruled_image(angle)) == pytest.approx(angle, abs=0.05)


def test_estimate_skew_from_text_profile():
    img = Image.new("L", (1400, 1800), 255)
    from PIL import ImageDraw
    d = ImageDraw.Draw(img)
    for y in range(200, 1600, 60):            # lines of "words": short dark bars, no rules
        for x in range(150, 1250, 110):
            d.rectangle([x, y, x + 80, y + 18], fill=0)
    gray = np.asarray(img.rotate(-0.6, resample=Image.BICUBIC, fillcolor=255))
    assert ocr.estimate_skew(gray) == pytest.approx(-0.6, abs=0.1)


def test_binary_to_rulings_finds_rules_not_text():
    gray = _ruled_image(0.0)
    rulings = ocr.binary_to_rulings(ocr.binarise(gray), 90, 50)
    assert len([r for r in rulings if r["orientation"] == "h"]) == 10
    assert len([r for r in rulings if r["orientation"] == "v"]) == 3


def test_rulings_to_cells_and_rows_with_spans():
    # 3 columns x 3 rows, the middle row one merged cell
    h = [(0, 300, y) for y in (0, 20, 40, 60)]
    v = [(0, 0, 60), (300, 0, 60), (100, 0, 20), (200, 0, 20), (100, 40, 60), (200, 40, 60)]
    rulings = [{"x0": a, "x1": b, "top": y, "bottom": y, "orientation": "h"} for a, b, y in h]
    rulings += [{"x0": x, "x1": x, "top": t, "bottom": b, "orientation": "v"} for x, t, b in v]
    tables = ocr.rulings_to_cell_boxes(rulings)
    assert len(tables) == 1 and len(tables[0]) == 7
    boxes = sorted(tables[0], key=lambda b: (b[1], b[0]))
    rows = ocr.cells_to_rows(boxes, [f"c{i}" for i in range(7)])
    assert [[c.text if c else None for c in r] for r in rows] == [
        ["c0", "c1", "c2"], ["c3", None, None], ["c4", "c5", "c6"]]
    assert rows[1][0].colspan == 3


def test_extend_to_crossings_closes_a_faded_corner():
    rulings = [{"x0": 0, "x1": 100, "top": 0, "bottom": 0, "orientation": "h"},
               {"x0": 0, "x1": 100, "top": 50, "bottom": 50, "orientation": "h"},
               {"x0": 0, "x1": 0, "top": 0, "bottom": 50, "orientation": "v"},
               {"x0": 50, "x1": 50, "top": 0, "bottom": 50, "orientation": "v"},
               {"x0": 100, "x1": 100, "top": 0, "bottom": 42, "orientation": "v"}]   # stops 8 pt short
    fixed = ocr.extend_to_crossings(rulings, 8.0)
    assert fixed[4]["bottom"] == 50 and fixed[2]["bottom"] == 50
    assert [len(t) for t in ocr.rulings_to_cell_boxes(rulings)] == [2]
    assert ocr.rulings_to_cell_boxes(rulings, max_gap=0.0) == []


def test_number_cells_are_the_narrow_first_column_below_the_header():
    boxes = [(0, 0, 30, 20), (30, 0, 300, 20),          # header: TT | Nội dung
             (0, 20, 300, 40),                          # section row spanning both columns
             (0, 40, 30, 60), (30, 40, 300, 60)]        # 1 | task
    assert ocr.number_cells(boxes, 45.0) == frozenset({3})
    assert ocr.number_cells(boxes, 20.0) == frozenset()


def test_cell_words_to_text_joins_lines():
    words = [{"text": "Phòng", "x0": 10, "x1": 40, "top": 0, "bottom": 10},
             {"text": "Văn", "x0": 44, "x1": 60, "top": 0.5, "bottom": 10},
             {"text": "hóa", "x0": 10, "x1": 30, "top": 14, "bottom": 24},
             {"text": "-", "x0": 33, "x1": 36, "top": 18, "bottom": 20},
             {"text": "Xã", "x0": 40, "x1": 52, "top": 14, "bottom": 24},
             {"text": "hội", "x0": 55, "x1": 70, "top": 14, "bottom": 24}]
    assert ocr.cell_words_to_text(words) == "Phòng Văn hóa - Xã hội"


def test_settings_resolve_and_validate():
    assert ocr.OcrSettings.resolve(None) == ocr.OcrSettings()
    s = ocr.OcrSettings(dpi=200)
    assert ocr.OcrSettings.resolve(s) is s
    assert ocr.OcrSettings.resolve({"psm": 6}).psm == 6
    assert ocr.OcrSettings().lang == "vie"
    with pytest.raises(ValueError):
        ocr.OcrSettings(dpi=0)
    with pytest.raises(ValueError):
        ocr.OcrSettings(psm=14)
    with pytest.raises(ValueError):
        ocr.OcrSettings(cell_mode="sideways")
    with pytest.raises(ValueError):
        ocr.OcrSettings.resolve({"resolution": 300})
    with pytest.raises(TypeError):
        ocr.OcrSettings.resolve(300)


def test_bad_page_size_is_an_argument_error():
    with pytest.raises(ValueError):
        ocr.ocr_page(Image.new("L", (100, 100), 255), 1, 0, 842)


def test_blank_page_gives_nothing():
    page = ocr.ocr_page(Image.new("L", (1240, 1754), 255), 3, 595.3, 841.9, {"dpi": 150})
    assert page.words == [] and page.lines == [] and page.tables == [] and page.rulings == []
    assert page.page == 3 and page.deskew_angle == 0.0


# ----------------------------------------------------------------------------- vocab/ocr_fixes.yaml

def _fix_entries():
    import yaml
    from plan_extract import vocab as vocab_files
    path = vocab_files.path("ocr_fixes.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["fixes"]


FIX_EXAMPLES = [(e["pattern"], a, b) for e in _fix_entries() for a, b in e["examples"]]
FIX_KEEPS = [(e["pattern"], k) for e in _fix_entries() for k in e.get("keeps", [])]


def test_every_fix_has_a_source_and_examples():
    for e in _fix_entries():
        assert e["seen_in"].strip() and e["examples"], e["pattern"]
        assert all(a != b for a, b in e["examples"]), e["pattern"]


@pytest.mark.parametrize("pattern,ocr_text,printed", FIX_EXAMPLES)
def test_fix_example(pattern, ocr_text, printed):
    assert ocr.fix_text(ocr_text) == printed


@pytest.mark.parametrize("pattern,text", FIX_KEEPS)
def test_fix_keeps(pattern, text):
    assert ocr.fix_text(text) == text


def test_fixes_keep_diacritics_and_nfc():
    text = "Phòng Văn hóa - Xã hội; Ủy ban nhân dân xã Tiên Điền; Thường xuyên"
    assert ocr.fix_text(text) == text
    assert ocr.fix_text(unicodedata.normalize("NFD", "chuyển đối số")) == "chuyển đổi số"


# ----------------------------------------------------------------------------- red stamps and seals

def _stamped_page() -> Image.Image:
    """Black print, a blue-ink filled-in number and a red seal ring over part of the print."""
    from PIL import ImageDraw
    im = Image.new("RGB", (600, 300), (250, 248, 245))
    d = ImageDraw.Draw(im)
    d.rectangle((40, 60, 560, 70), fill=(20, 20, 20))            # a line of black print
    d.rectangle((40, 200, 120, 215), fill=(30, 40, 160))         # blue pen
    d.ellipse((200, 20, 380, 200), outline=(200, 30, 40), width=9)   # the seal's ring
    d.rectangle((420, 120, 560, 160), outline=(230, 90, 110), width=5)  # a pink receipt stamp
    return im


def test_red_ink_becomes_paper_black_and_blue_stay():
    im = _stamped_page()
    gray = ocr.image_to_gray(im, drop_red=True)
    plain = ocr.image_to_gray(im)
    assert plain[20:200, 200:380].min() < 120                    # the ring is ink without the step
    assert (gray[24:28, 285:295] == 255).all()                   # ring top: paper
    assert (gray[121:124, 480:500] == 255).all()                 # pink stamp: paper
    assert gray[62:68, 60:180].max() < 60                        # black print kept (left of the ring)
    assert gray[62:68, 250:330].max() < 60                       # black print under the ring kept
    assert gray[203:212, 50:110].max() < 120                     # blue pen kept


def test_pen_ink_inside_a_stamp_becomes_paper_outside_it_stays():
    """What a clerk pens into a receipt stamp ("Số: 1614", a date) is part of the stamp; a
    number filled in by pen elsewhere (the letterhead's "Số:") is print to read."""
    from PIL import ImageDraw
    im = _stamped_page()
    ImageDraw.Draw(im).rectangle((440, 135, 520, 145), fill=(40, 50, 170))   # pen inside the stamp
    rgb = np.asarray(im)
    red = ocr.red_ink_mask(rgb)
    boxes = ocr.stamp_boxes(red)
    assert len(boxes) == 2                                        # the seal and the receipt stamp
    gray = ocr.image_to_gray(im, drop_red=True)
    assert (gray[137:144, 445:515] == 255).all()                  # pen in the stamp: paper
    assert gray[203:212, 50:110].max() < 120                      # pen outside any stamp: kept
    assert gray[62:68, 250:330].max() < 60                        # black print under the seal: kept


def test_small_red_marks_are_no_stamp():
    from PIL import ImageDraw
    im = Image.new("RGB", (600, 300), (250, 248, 245))
    d = ImageDraw.Draw(im)
    d.rectangle((40, 60, 200, 72), fill=(200, 30, 40))            # a red word
    d.rectangle((40, 100, 120, 110), fill=(30, 40, 160))          # blue pen beside it
    assert ocr.stamp_boxes(ocr.red_ink_mask(np.asarray(im))) == []
    assert ocr.image_to_gray(im, drop_red=True)[102:108, 50:110].max() < 120


def test_grey_images_are_left_alone():
    im = _stamped_page().convert("L")
    assert (ocr.image_to_gray(im, drop_red=True) == ocr.image_to_gray(im)).all()


@pytest.fixture(scope="module")
def real_scan_page1():
    """BCA KH 996 page 1 (a red "UBND TỈNH LÂM ĐỒNG / ĐẾN" receipt stamp with a clerk's pen
    beside the title; number and day stamped by hand), OCR'd once for the tests below."""
    path = REAL_DIR / "bca-tctlntw-kh996-2026-scan.pdf"
    if not path.exists():
        pytest.skip(f"real documents not available ({REAL_DIR})")
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        image = page.to_image(resolution=ocr.DEFAULT_DPI).original
        return ocr.ocr_page(image, 1, float(page.width), float(page.height))


def test_real_receipt_stamp_not_read_into_the_letterhead(real_scan_page1):
    result = real_scan_page1
    text = "\n".join(ln.text for ln in result.lines)
    top = [ln.text.upper() for ln in result.lines if ln.top < 200]       # letterhead, stamp, title
    assert top and not any("LÂM ĐỒNG" in t or "KÝ HIỆU HS" in t or t.startswith("ĐẾN") for t in top)
    # nothing of the stamp (its pen strokes) is left beside the title, left of the page's text
    title_band = [ln for ln in result.lines if 120 < ln.top < 190]
    assert title_band and all(ln.x0 > 150 for ln in title_band)
    from plan_extract.readers.text_layer import syllable_score
    words, valid, marked = syllable_score(text)
    assert words > 300 and valid >= 0.85 and marked >= 0.5


# ----------------------------------------------------------------------------- row-number dots

def _number_ink(text: str, size: int = 40) -> np.ndarray:
    from PIL import ImageDraw, ImageFont
    font = None
    for d in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
        p = Path(d) / "LiberationSerif-Bold.ttf"
        if p.exists():
            font = ImageFont.truetype(str(p), size)
    if font is None:
        pytest.fail("Liberation Serif missing: run scripts/setup.sh (fonts-liberation)")
    im = Image.new("L", (size * 4, size * 2), 255)
    ImageDraw.Draw(im).text((size // 2, size // 3), text, font=font, fill=0)
    return ocr.binarise(np.asarray(im))


@pytest.mark.parametrize("printed, read", [("7.1", "71"), ("7.3", "73"), ("12.4", "124"), ("3.12", "312")])
def test_dot_dropped_by_tesseract_is_restored_from_the_image(printed, read):
    assert ocr.restore_number_dots(read, _number_ink(printed)) == printed


@pytest.mark.parametrize("printed", ["71", "12", "105"])
def test_numbers_without_a_dot_stay(printed):
    assert ocr.restore_number_dots(printed, _number_ink(printed)) == printed


def test_speck_above_the_line_is_no_dot():
    ink = _number_ink("71")
    ys, xs = np.nonzero(ink)
    top, mid = ys.min(), (xs.min() + xs.max()) // 2
    ink[max(top - 6, 0):max(top - 3, 0), mid - 1:mid + 2] = 255      # a speck above the digits
    assert ocr.restore_number_dots("71", ink) == "71"
    assert ocr.restore_number_dots("7.1", _number_ink("7.1")) == "7.1"     # text with its dot: left alone


@pytest.mark.parametrize("bad", [{"reread": "yes"}, {"reread_scale": 0.5}, {"reread_scale": 9}, {"reread_max_chars": 0}])
def test_reread_settings_validated(bad):
    with pytest.raises(ValueError):
        ocr.OcrSettings(**bad)


# ----------------------------------------------------------------------------- letterhead

def test_real_letterhead_metadata(real_scan_page1):
    """The letterhead read column by column: issuer and parent from the left block (mended
    from the body's own spelling), place and year from the right; the hand-stamped number
    and day are not read, so they are absent and said to be so, never guessed."""
    from plan_extract.interpret import metadata
    meta, doubts = metadata.document_and_doubts(real_scan_page1.lines)
    assert meta.parent_issuer == "Bộ Công an"
    assert meta.issuer and meta.issuer.startswith("Tổ Công tác liên ngành")
    assert meta.doc_type == "Kế hoạch" and meta.place == "Hà Nội" and meta.issue_year == 2026
    assert meta.title and meta.title.startswith("Phối hợp kiểm soát các hoạt động hợp pháp")
    # the number 996 and day 24 are handwritten: either read right or absent with an issue
    codes = {d.code for d in doubts}
    assert meta.number in (None, "996/KH-TCTLNTW-C04")
    assert meta.number is not None or "document-number-unread" in codes
    assert meta.issue_date in (None, "2026-02-24")
    assert meta.issue_date is not None or "issue-date-unread" in codes


def _letterhead_image(left: list[str], right: list[str], body: list[str]) -> tuple[Image.Image, float, float]:
    """A page in two columns at the top, body lines below, at 300 dpi (A4)."""
    from PIL import ImageDraw, ImageFont
    w, h = 2480, 3508
    im = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(_font("Regular"), 54)
    for k, t in enumerate(left):
        d.text((250, 200 + 75 * k), t, font=font, fill=0)
    for k, t in enumerate(right):
        d.text((1150, 200 + 75 * k), t, font=font, fill=0)
    for k, t in enumerate(body):
        d.text((250, 700 + 75 * k), t, font=font, fill=0)
    return im, 595.0, 842.0


def test_letterhead_band_finds_both_columns_and_the_gutter():
    im, _, _ = _letterhead_image(["ỦY BAN NHÂN DÂN", "XÃ TIÊN ĐIỀN", "Số: 12/KH-UBND"],
                                 ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                  "Tiên Điền, ngày 5 tháng 6 năm 2025"],
                                 ["Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về việc"])
    gray = np.asarray(im)
    words = [w for w in ocr._tesseract_words(gray, "vie", 6, 1) if w["conf"] >= 0]
    band = ocr.letterhead_band(gray, words)
    assert band is not None
    top, bottom, split = band
    assert top <= 210 and 200 + 75 * 2 + 50 < bottom < 700       # the three lines, not the body
    assert 250 + 400 < split < 1150                                # between the columns


def test_no_letterhead_without_the_motto():
    im, _, _ = _letterhead_image(["PHỤ LỤC"], ["Bảng tổng hợp"], ["Nội dung nhiệm vụ của các phòng"])
    gray = np.asarray(im)
    words = [w for w in ocr._tesseract_words(gray, "vie", 6, 1) if w["conf"] >= 0]
    assert ocr.letterhead_band(gray, words) is None


def test_signature_band_splits_recipients_from_the_signer():
    from PIL import ImageDraw, ImageFont
    im = Image.new("L", (2480, 3508), 255)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(_font("Regular"), 50)
    d.text((250, 2000), "Trưởng phòng 5 theo dõi, đôn đốc các đơn vị thực hiện kế hoạch này.", font=font, fill=0)
    for k, t in enumerate(["Nơi nhận:", "- UBND các tỉnh, thành phố;", "- Lưu: VT, P5."]):
        d.text((250, 2200 + 65 * k), t, font=font, fill=0)
    for k, t in enumerate(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "Nguyễn Văn An"]):
        d.text((1450, 2190 + 65 * k), t, font=font, fill=0)
    gray = np.asarray(im)
    words = [w for w in ocr._tesseract_words(gray, "vie", 6, 1) if w["conf"] >= 0]
    band = ocr.signature_band(gray, words)
    assert band is not None
    top, bottom, split = band
    assert 2060 < top <= 2200 and bottom > 2190 + 65 * 4 and 1000 < split < 1450
    lines = ocr.words_to_lines(ocr.read_in_columns(gray, words, band, ocr.OcrSettings()), 1)
    assert not any("Nơi nhận" in ln.text and "ỦY BAN" in ln.text for ln in lines)


# ----------------------------------------------------------------------------- Roman quarters

def _cell_ink(lines: list[str], size: int = 48, font: str = "Regular") -> np.ndarray:
    """A deadline cell printed at 300 dpi (12 pt = 50 px), grey, the way OCR crops it."""
    from PIL import ImageDraw, ImageFont
    f = ImageFont.truetype(_font(font), size)
    im = Image.new("L", (size * 9, int(size * 1.6) * len(lines) + size), 250)
    d = ImageDraw.Draw(im)
    for k, t in enumerate(lines):
        d.text((size // 2, size // 2 + int(size * 1.5) * k), t, font=f, fill=25)
    return np.asarray(im)


@pytest.mark.parametrize("lines, stems", [
    (["Quý III/2025"], 3), (["Quý II/2026"], 2), (["Quý I/2026"], 1), (["Quý IV/2025"], 1),
    (["Quý", "III/2025"], 3), (["Quý", "II/2025"], 2),
])
@pytest.mark.parametrize("size", [42, 50, 58])
def test_roman_stems_counted_from_the_image(lines, stems, size):
    assert ocr.roman_stems(_cell_ink(lines, size)) == stems


def test_roman_stems_only_with_a_numeral_before_a_year():
    assert ocr.roman_stems(_cell_ink(["Thường xuyên"])) is None
    assert ocr.roman_stems(_cell_ink(["Tháng 9"])) is None


def test_a_quarter_read_with_a_stroke_too_few_gets_the_counted_reading():
    printed = _cell_ink(["Quý III/2025"])
    assert ocr.roman_by_stems("Quý II/2025", printed) == "Quý III/2025"
    assert ocr.roman_by_stems("Quý III/2025", printed) is None
    assert ocr.roman_by_stems("Quý III/2025", _cell_ink(["Quý II/2025"])) == "Quý II/2025"
    assert ocr.roman_by_stems("Thường xuyên", printed) is None
