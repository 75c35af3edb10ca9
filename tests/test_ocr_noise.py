"""Property over noise seeds: a generated scan, turned and soiled differently by each seed, read
end to end; every task row's deadline is either what the printed cell means or the row is
flagged (an issue naming it). Never one exact OCR reading asserted.

The page is rendered by ReportLab, rasterised by pdftoppm at 200 dpi, turned by a seeded angle,
given seeded Gaussian noise, salt-and-pepper specks and JPEG, and saved as an image-only PDF."""
from __future__ import annotations

import io
import shutil
import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pytest

from plan_extract.checks.rows import INFO_CODES
from PIL import Image

from plan_extract.normalise.deadlines import parse_deadline
from plan_extract.normalise.readings import meaning, number_key
from tests.test_ocr import _font

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None or shutil.which("pdftoppm") is None,
                                reason="tesseract (tesseract-ocr-vie) and pdftoppm (poppler-utils) are needed: "
                                       "scripts/setup.sh installs them")

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
# quarters in Roman numerals (III read II is a valid, wrong quarter), months, days, years
ROWS = [
    ["1", "Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh", "Phòng Văn hóa - Xã hội", "Các thôn", "Quý III/2025"],
    ["2", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức", "Văn phòng HĐND và UBND", "Phòng Nội vụ", "Quý II/2026"],
    ["3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Phòng Kinh tế", "Bộ phận một cửa", "Tháng 9/2025"],
    ["4", "Rà soát, cập nhật cơ sở dữ liệu dân cư trên địa bàn", "Công an xã", "Các thôn", "Quý IV/2025"],
    ["5", "Xây dựng kế hoạch kiểm tra công tác cải cách hành chính", "Văn phòng HĐND và UBND", "Các phòng", "30/6/2025"],
    ["6", "Đánh giá, sơ kết việc thực hiện kế hoạch", "Phòng Kinh tế", "Các phòng", "Quý I/2026"],
    ["7", "Báo cáo kết quả thực hiện gửi Ủy ban nhân dân huyện", "Văn phòng HĐND và UBND", "", "Năm 2026"],
    ["8", "Duy trì vận hành hệ thống một cửa điện tử", "Bộ phận một cửa", "Phòng Nội vụ", "Thường xuyên"],
]
# 2 and 7: seeds whose first reading of the "Quý III/2025" cell says "Quý II/2025" (measured
# over seeds 1-13 after the second reading was added: every wrong reading there was flagged)
SEEDS = [11, 23, 37, 51, 2, 7]


def render(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    pdfmetrics.registerFont(TTFont("NoiseSerif", _font("Regular")))
    pdfmetrics.registerFont(TTFont("NoiseSerif-Bold", _font("Bold")))
    body = ParagraphStyle("body", fontName="NoiseSerif", fontSize=13, leading=16)
    bold = ParagraphStyle("bold", parent=body, fontName="NoiseSerif-Bold", alignment=1)
    cell = ParagraphStyle("cell", fontName="NoiseSerif", fontSize=12, leading=14.5)
    head = ParagraphStyle("head", parent=cell, fontName="NoiseSerif-Bold", alignment=1)
    data = [[Paragraph(h, head) for h in HEADER]] + [[Paragraph(v, cell) for v in row] for row in ROWS]
    table = Table(data, colWidths=[1.1 * cm, 6.4 * cm, 3.3 * cm, 3.3 * cm, 3.0 * cm],
                  style=TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [Paragraph("ỦY BAN NHÂN DÂN XÃ TIÊN ĐIỀN", bold), Paragraph("KẾ HOẠCH", bold),
             Paragraph("Chuyển đổi số năm 2025", bold),
             Paragraph("Ủy ban nhân dân xã ban hành kế hoạch với các nhiệm vụ sau:", body),
             Spacer(1, 10), table]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=1.5 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm).build(story)


def soil(png: Path, seed: int) -> Image.Image:
    """Seeded scanner damage: a turn within ±1.2°, Gaussian noise σ 8-20, specks, JPEG 55-80."""
    rng = np.random.default_rng(seed)
    angle = float(rng.uniform(-1.2, 1.2))
    img = Image.open(png).convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    a = np.asarray(img).astype(np.float32) + rng.normal(0, float(rng.uniform(8, 20)), img.size[::-1])
    specks = rng.random(a.shape)
    a[specks < 0.002] = 0
    a[specks > 0.998] = 255
    buf = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=int(rng.integers(55, 81)))
    return Image.open(io.BytesIO(buf.getvalue()))


@pytest.fixture(scope="module")
def clean_png(tmp_path_factory):
    d = tmp_path_factory.mktemp("noise")
    render(d / "plan.pdf")
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(d / "plan.pdf"), str(d / "plan")], check=True)
    return d / "plan.png"


def _read(clean_png: Path, seed: int):
    from plan_extract import extract
    pdf = clean_png.parent / f"scan-{seed}.pdf"
    soil(clean_png, seed).convert("RGB").save(pdf, "PDF", resolution=200.0)
    return extract(pdf)


def _printed_row(task):
    by_number = [r for r in ROWS if number_key(r[0]) == number_key(task.number)]
    if by_number:
        return by_number[0]
    best = max(ROWS, key=lambda r: SequenceMatcher(None, r[1], task.text or "").ratio())
    return best if SequenceMatcher(None, best[1], task.text or "").ratio() >= 0.8 else None


@pytest.fixture(scope="module")
def outcomes(clean_png):
    """Per seed: (rows found, right and unflagged, flagged) after checking the property."""
    out = {}
    for seed in SEEDS:
        plan = _read(clean_png, seed)
        # notes that name a row without doubting it (an unknown unit) are no flag (checks.INFO_CODES)
        flagged = {i.row for i in plan.issues if i.row and i.code not in INFO_CODES}
        rows = [t for t in plan.tasks if t.origin == "appendix"]
        right = flag = 0
        for task in rows:
            printed = _printed_row(task)
            # an issue naming the row: a page-level doubt ("text-layer-scan" on every OCR'd
            # page) would make the property hold for any reading
            is_flagged = task.id in flagged
            want = meaning(parse_deadline(printed[4])) if printed else None
            got = meaning(task.deadline)
            if printed is not None and got == want:
                # a row whose task text was misread ("Tuyền truyền") is rightly flagged: that
                # flag is no false alarm (checks ocr-tone-variant, ocr-unknown-word)
                text_right = " ".join((task.text or "").split()) == printed[1]
                right += not is_flagged or not text_right
            else:
                # the property: a deadline that is not what the cell says is never silent
                assert is_flagged, (f"seed {seed}: row {task.number!r} {task.text[:40]!r} deadline "
                                    f"{task.deadline} differs from the printed {printed and printed[4]!r} "
                                    f"with no issue naming the row")
            flag += is_flagged
        out[seed] = (len(rows), right, flag)
    return out


def test_every_deadline_is_right_or_flagged_over_noise_seeds(outcomes):
    # the property is asserted row by row while the outcomes are gathered; here, that the seeds
    # were read at all (a page read as nothing would pass it vacuously)
    for seed, (found, right, flagged) in outcomes.items():
        assert found >= len(ROWS) - 1, f"seed {seed}: only {found} of {len(ROWS)} rows"


def test_most_rows_are_right_without_a_flag(outcomes):
    # flags are for doubt, not for every row: over the seeds most deadlines are read right and
    # stand unflagged (a threshold, not one reading)
    right = sum(r for _, r, _ in outcomes.values())
    total = len(ROWS) * len(SEEDS)
    assert right >= 0.75 * total, outcomes
