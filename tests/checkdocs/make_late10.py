"""Tenth set of late check documents: written on 2026-12-07 between 10:50 and 11:45 UTC by the
independent measurer "late16" of that session (not by a session that changed the checks or the
table stage), in its own worktree, landed after the fixers' last landing, never extracted by
plan-extract before that landing, measured once on that code and never tuned on. Each shows a
thing real issued plans do that the earlier sets lack; three are clean (false alarms). The gold is
what a careful clerk types from the printed page (written from the rows drawn here, never from the
tool's output).

    python -m tests.checkdocs.make_late10    # writes tests/checkdocs/cd_late10_*.{pdf,docx} and *.gold.json

A provincial plan (UBND tỉnh Nghệ An, science, technology, innovation and digital transformation
2026). Drawn cell by cell with ReportLab's canvas (Liberation Serif 10 pt, common.TablePlan),
except the two Word files (python-docx; one printed to PDF by LibreOffice, one the .docx input).

- cd_late10_deadline_mixed: one deadline column mixing "Quý III/2026", "Trước 30/6/2026" (no
  "ngày"), "Thường xuyên", "Tháng 8/2026", "Hằng quý".
- cd_late10_coord_semicolon: horizontal rules only; coordinator cells listing groups with ";" as
  provinces write them ("Các sở, ban, ngành; UBND các huyện", "Sở Tài chính; các sở, ban, ngành
  liên quan", "Công an tỉnh; Sở Tư pháp; UBND các huyện, thành phố, thị xã"). Gold: the cells as printed.
- cd_late10_header_orphan: the body runs long, so the table's header is printed alone at the foot
  of page 1 and its first row opens page 2, where the header is not printed again.
- cd_late10_scan150: every page a 150-dpi greyscale image (PNG, no text) of a clean ruled table.
- cd_late10_product_mid: an outer frame with horizontal rules; a "Kết quả/sản phẩm" column between
  the task and the lead (kept in extra).
- cd_late10_prose_indicators: the indicators are bullets in the body's prose ("- Tỷ lệ ... đạt
  100%;" under "2. Chỉ tiêu cụ thể năm 2026"), the tasks in a table after them.
- cd_late10_word_footnotes: a Word file with real footnotes (a superscript number after a task's
  text, after a deadline, in the body; the notes at the page foot, one naming a date) printed to
  PDF by LibreOffice. Gold: the cells without the footnote numbers.
- cd_late10_docx_merged_lead: a Word file (.docx, the input itself): lead cells merged vertically
  over runs of tasks the same unit leads (w:vMerge, the name once, centred).
- cd_late10_signed: a native grid with the marks of a digitally signed PDF: the signature box
  ("Ký bởi: ...", "Thời gian ký: ...") on page 1 and over the signature, and a red seal drawn over
  the signer's name.
- cd_late10_lead_sections: no lead column: the tasks grouped under section rows naming the unit
  that leads them ("1. Sở Khoa học và Công nghệ"); TT | Nội dung nhiệm vụ | Đơn vị phối hợp |
  Thời gian hoàn thành. Gold: lead = the section's unit (DOMAIN.md: tasks whose lead is the heading).
- cd_late10_time_first: the time column printed second: TT | Thời gian thực hiện | Nội dung công
  việc | Đơn vị chủ trì | Đơn vị phối hợp.
- cd_late10_clean_grid, cd_late10_clean_hrules, cd_late10_clean_land: no defect (a ruled grid over
  two pages with other header words; horizontal rules only; a landscape frame with a "Ghi chú"
  column, kept in extra).
Used by benchmarks/silent_errors.py (set `checkdocs`; `--prefix cd_late10_`).
"""
from __future__ import annotations

import dataclasses
import functools
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from tests.checkdocs.common import (DEADLINES_2026, TablePlan, add_to_tasks, cycled_rows, save_json,
                                    with_sections, word_document, word_para, word_table, word_table_sizes,
                                    write_gold)
from tests.checkpdf import _wrap as wrap_words

HERE = Path(__file__).resolve().parent

UNITS = ("Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Công Thương",
         "Sở Giáo dục và Đào tạo", "Công an tỉnh", "Sở Y tế", "Sở Nông nghiệp và Môi trường", "Sở Tư pháp")
TASKS = (
    "Xây dựng Đề án phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh Nghệ An đến năm 2030",
    "Bố trí tối thiểu 3% tổng chi ngân sách tỉnh cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    "Rà soát, sắp xếp các tổ chức khoa học và công nghệ công lập theo hướng tự chủ",
    "Vận hành Hệ thống thông tin báo cáo của tỉnh, kết nối với Hệ thống thông tin báo cáo Chính phủ",
    "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, ứng dụng thương mại điện tử trong sản xuất, kinh doanh",
    "Triển khai mô hình trường học số tại các trường trung học phổ thông trên địa bàn tỉnh",
    "Hoàn thiện cơ sở dữ liệu dân cư, kết nối với các cơ sở dữ liệu chuyên ngành của tỉnh",
    "Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh và trung tâm y tế khu vực",
    "Xây dựng cơ sở dữ liệu nông nghiệp, truy xuất nguồn gốc nông sản chủ lực của tỉnh",
    "Rà soát văn bản quy phạm pháp luật của tỉnh về khoa học, công nghệ, đổi mới sáng tạo",
    "Tổ chức Cuộc thi ý tưởng khởi nghiệp đổi mới sáng tạo tỉnh Nghệ An năm 2026",
    "Xây dựng chính sách thu hút chuyên gia, nhà khoa học về làm việc tại tỉnh",
    "Phát triển các nền tảng số dùng chung của tỉnh trên Trung tâm dữ liệu tỉnh",
    "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức các cấp",
    "Thúc đẩy thanh toán không dùng tiền mặt tại các chợ truyền thống và điểm du lịch",
    "Triển khai giáo dục STEM và trí tuệ nhân tạo trong các trường phổ thông",
    "Bảo đảm an ninh mạng cho các hệ thống thông tin quan trọng của tỉnh",
    "Ứng dụng viễn thám trong theo dõi biến động rừng và sử dụng đất",
    "Công bố dữ liệu mở của các sở, ngành trên Cổng dữ liệu của tỉnh",
    "Sơ kết, đánh giá kết quả thực hiện Kế hoạch và đề xuất nhiệm vụ năm 2027",
)
PLAIN = ("Quý I/2026", "Thường xuyên", "Tháng 5/2026", "Quý II/2026", "Năm 2026", "Trước ngày 30/6/2026",
         "Quý III/2026", "Hằng quý", "Tháng 10/2026", "6 tháng cuối năm 2026", "Quý IV/2026",
         "Trước ngày 15/11/2026")
MIXED = ("Quý III/2026", "Trước 30/6/2026", "Thường xuyên", "Trước 15/9/2026", "Quý II/2026", "Tháng 8/2026",
         "Trước 31/12/2026", "Hằng quý", "Thường xuyên", "Quý IV/2026", "Trước 31/3/2026", "Năm 2026")
# Deadline cell -> (kind, start, due), written by hand (DOMAIN.md's table; year 2026; the
# conventions of the earlier sets: a day has no start, a recurrence without a named year has no dates).
NORMALISED = {
    **DEADLINES_2026,
    "Tháng 5/2026": ("month", "2026-05-01", "2026-05-31"),
    "Tháng 8/2026": ("month", "2026-08-01", "2026-08-31"),
    "Tháng 10/2026": ("month", "2026-10-01", "2026-10-31"),
    "Trước ngày 30/6/2026": ("day", None, "2026-06-30"),
    "Trước ngày 15/11/2026": ("day", None, "2026-11-15"),
    "Hằng quý": ("recurring", None, None),
    "6 tháng cuối năm 2026": ("half", "2026-07-01", "2026-12-31"),
    # cd_late10_deadline_mixed
    "Trước 30/6/2026": ("day", None, "2026-06-30"),
    "Trước 15/9/2026": ("day", None, "2026-09-15"),
    "Trước 31/12/2026": ("day", None, "2026-12-31"),
    "Trước 31/3/2026": ("day", None, "2026-03-31"),
}
HEADER = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
WIDTHS = (26.0, 221.0, 96.0, 96.0, 66.0)
SEC = ("I. Khoa học, công nghệ và đổi mới sáng tạo", "II. Chuyển đổi số trong cơ quan nhà nước",
       "III. Kinh tế số và xã hội số")
NUMBER_LINE = "Số: 09/KH-UBND"
DOC_REF = "Kế hoạch số 09/KH-UBND ngày 08/01/2026 của UBND tỉnh Nghệ An"
TITLE = "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Nghệ An năm 2026"
HEAD_LINES = (("ỦY BAN NHÂN DÂN", True, False), ("TỈNH NGHỆ AN", True, False), (NUMBER_LINE, False, False),
              ("Nghệ An, ngày 08 tháng 01 năm 2026", False, False), ("KẾ HOẠCH", True, True),
              ("Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", True, True),
              ("tỉnh Nghệ An năm 2026", True, True))
APPENDIX = (("Phụ lục", True, True), ("NHIỆM VỤ NĂM 2026", True, True))
SIGNER = "Lê Hồng Vinh"
PLAN = TablePlan(fonts=("L10Serif", "L10SerifB"), title="Kế hoạch khoa học, công nghệ và chuyển đổi số năm 2026",
                 letterhead=HEAD_LINES + APPENDIX, signer=SIGNER, header=HEADER, widths=WIDTHS, keep_sections=True)
LONGER = ("; báo cáo kết quả về Sở Khoa học và Công nghệ trước ngày 20 của tháng cuối quý để tổng hợp, "
          "báo cáo Ủy ban nhân dân tỉnh")
BODY = (
    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công "
    "nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ, "
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện năm 2026 như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "- Cụ thể hóa các nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh "
    "năm 2026; phân công rõ cơ quan chủ trì, cơ quan phối hợp và thời hạn hoàn thành.",
    "- Gắn trách nhiệm người đứng đầu các cơ quan, đơn vị với kết quả thực hiện; định kỳ kiểm tra, đánh giá, "
    "kịp thời tháo gỡ khó khăn, vướng mắc trong quá trình triển khai.",
)


def rows(n: int, deadlines=PLAIN, start: int = 0) -> list[tuple]:
    """n task rows (number, text, lead, coordinators, deadline)."""
    return cycled_rows(TASKS, UNITS, n, deadlines, start, coord_offset=2)


def body_lines(paras, width: float = 475.0, size: float = 11.5) -> tuple:
    """Paragraphs of body text as letterhead lines (line, bold, centred): a Roman heading in bold,
    the others wrapped to `width`."""
    out = []
    for p in paras:
        bold = p.split(" ", 1)[0].rstrip(".") in ("I", "II", "III", "IV", "V")
        out += [(ln, bold, False) for ln in wrap_words(p, width, "L10SerifB" if bold else "L10Serif", size)]
    return tuple(out)


def page_of(pdf: Path, items: list) -> list[int]:
    """The page each task item's text starts on in `pdf` (found by its first four words)."""
    import pdfplumber
    with pdfplumber.open(str(pdf)) as p:
        texts = [" ".join((pg.extract_text() or "").split()) for pg in p.pages]
    out = []
    for text in items:
        key = " ".join(text.split()[:4])
        found = [i for i, t in enumerate(texts, 1) if key in t]
        assert len(found) == 1, (key, found)
        out.append(found[0])
    return out


# ------------------------------------------------------------------ images of pages
def _scan(native: Path, out: Path, dpi: int = 150) -> None:
    """A PDF of the `dpi` greyscale images (PNG) of every page of `native`, without text."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    import pdfplumber
    with pdfplumber.open(str(native)) as pdf:
        sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
    c = canvas.Canvas(str(out), invariant=1)
    with tempfile.TemporaryDirectory(prefix="late10_") as tmp:
        for pno, (pw, ph) in enumerate(sizes, 1):
            c.setPageSize((pw, ph))
            stem = Path(tmp) / f"p{pno}"
            subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile",
                            "-f", str(pno), "-l", str(pno), str(native), str(stem)], check=True, capture_output=True)
            c.drawImage(ImageReader(str(stem.with_suffix(".png"))), 0, 0, pw, ph)
            c.showPage()
    c.save()


# ------------------------------------------------------------------ a signed PDF's marks
SIGN_LINES = ("Ký bởi: Ủy ban nhân dân tỉnh Nghệ An", "Email: ubnd@nghean.gov.vn", "Cơ quan: Tỉnh Nghệ An",
              "Thời gian ký: 08.01.2026 16:42:05 +07:00")


def _signed(native: Path, out: Path) -> None:
    """`native` with a signed PDF's marks stamped on: the signature box (four lines in a thin
    frame) at the top right of page 1 and over the signature on the last page, and a red seal
    (two rings, the issuer's name) over the signer's name."""
    import pdfplumber
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas
    reader = PdfReader(str(native))
    n = len(reader.pages)
    with pdfplumber.open(str(native)) as pdf:   # the signer's name: where the seal goes
        last = pdf.pages[-1]
        name = [w for w in last.extract_words() if w["text"] == SIGNER.split()[-1]][-1]
        sx, sy = float(name["x0"]), float(last.height) - float(name["top"])
    with tempfile.TemporaryDirectory(prefix="late10_") as tmp:
        stamps = Path(tmp) / "stamps.pdf"
        c = canvas.Canvas(str(stamps), invariant=1)
        for i, page in enumerate(reader.pages, 1):
            pw, ph = float(page.mediabox.width), float(page.mediabox.height)
            c.setPageSize((pw, ph))
            boxes = [(pw - 250.0, ph - 22.0)] if i == 1 else []
            if i == n:
                boxes.append((sx - 150.0, sy - 16.0))
            for x, top in boxes:
                c.saveState()
                c.setStrokeColorRGB(0.1, 0.3, 0.7)
                c.setFillColorRGB(0.1, 0.3, 0.7)
                c.setLineWidth(0.5)
                c.rect(x - 4, top - 4 - 9 * len(SIGN_LINES), 232, 9 * len(SIGN_LINES) + 6, stroke=1, fill=0)
                for k, s in enumerate(SIGN_LINES):
                    c.setFont("L10Serif", 7)
                    c.drawString(x, top - 9 * (k + 1), s)
                c.restoreState()
            if i == n:   # the seal over the signer
                c.saveState()
                c.setStrokeColorRGB(0.85, 0.1, 0.1)
                c.setFillColorRGB(0.85, 0.1, 0.1)
                c.setLineWidth(1.6)
                cx, cy = sx - 20.0, sy + 40.0
                c.circle(cx, cy, 44, stroke=1, fill=0)
                c.setLineWidth(0.8)
                c.circle(cx, cy, 38, stroke=1, fill=0)
                c.setFont("L10SerifB", 7)
                c.drawCentredString(cx, cy + 8, "ỦY BAN NHÂN DÂN")
                c.drawCentredString(cx, cy - 2, "TỈNH NGHỆ AN")
                c.restoreState()
            c.showPage()
        c.save()
        over = PdfReader(str(stamps))
        writer = PdfWriter(clone_from=str(native))
        for page, stamp in zip(writer.pages, over.pages):
            page.merge_page(stamp)
        merged = Path(tmp) / "merged.pdf"
        with open(merged, "wb") as f:
            writer.write(f)
        _fix(merged, out)


def _fix(src: Path, out: Path) -> None:
    """Fixed dates and /ID, recompressed (same input, same bytes)."""
    from tests.corpus import matrix, pdfutil
    with tempfile.TemporaryDirectory(prefix="late10_") as tmp:
        fixed = Path(tmp) / "fixed.pdf"
        pdfutil.normalise(src, fixed)
        matrix.compact(fixed, out)


# ------------------------------------------------------------------ Word files
FIXED_ZIP_TIME = (2026, 1, 8, 0, 0, 0)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _fixed_zip(data: bytes, out: Path, extra: dict | None = None, patch=None) -> None:
    """The .docx bytes rewritten with fixed dates (same input, same bytes); `extra`: parts added
    (name -> bytes); patch(name, bytes) -> bytes rewrites a part."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = sorted((i.filename for i in zin.infolist()), key=lambda n: n != "[Content_Types].xml")
        parts = [(n, zin.read(n)) for n in names] + sorted((extra or {}).items())
        for name, body in parts:
            if patch:
                body = patch(name, body)
            zi = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, body)


def _word_doc(items: list, widths: tuple, footnotes: dict | None = None, merge_leads: bool = False):
    """A python-docx Document as Word saves a plan: letterhead, body, a grid (header row repeated
    on every page, section rows merged across). footnotes: (item index, column) -> footnote id
    whose reference follows that cell's text (and "body" -> id: after the first body paragraph);
    merge_leads: runs of equal lead cells (column 2) merged vertically, the name once, centred."""
    import datetime as dt
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT as V
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    footnotes = footnotes or {}
    doc = word_document(dt.datetime(2026, 1, 8, 8, 0, 0), "Sở Khoa học và Công nghệ",
                        "Kế hoạch khoa học, công nghệ và chuyển đổi số năm 2026", 2)

    def ref(p, fid):
        r = p.add_run()
        rpr = r._r.get_or_add_rPr()
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        fr = OxmlElement("w:footnoteReference")
        fr.set(qn("w:id"), str(fid))
        r._r.append(fr)

    para = functools.partial(word_para, doc)

    for s, b, _ in HEAD_LINES[:3]:
        para(s, b)
    para("Nghệ An, ngày 08 tháng 01 năm 2026", italic=True, align=A.RIGHT)
    para("KẾ HOẠCH", True, A.CENTER)
    para(TITLE, True, A.CENTER)
    p = para(BODY[0], align=A.JUSTIFY)
    if "body" in footnotes:
        ref(p, footnotes["body"])
    para("Các nhiệm vụ cụ thể như sau:")
    for s, _, _ in APPENDIX:
        para(s, True, A.CENTER)
    t = word_table(doc, HEADER)
    first_of_run = {}
    for ii, item in enumerate(items):
        cells = t.add_row().cells
        if item[0] == "section":
            m = cells[0].merge(cells[-1])
            m.paragraphs[0].add_run(item[1]).bold = True
            continue
        for k, (cell, s) in enumerate(zip(cells, item)):
            if merge_leads and k == 2 and ii > 0 and items[ii - 1][0] != "section" and items[ii - 1][2] == s:
                continue   # inside a run: written once in its first cell
            cell.paragraphs[0].add_run(s)
            if (ii, k) in footnotes:
                ref(cell.paragraphs[0], footnotes[(ii, k)])
            if k in (0, 4):
                cell.paragraphs[0].alignment = A.CENTER
            if merge_leads and k == 2:
                first_of_run[ii] = ii
    if merge_leads:   # merge every run of equal leads (column 2) into its first cell
        data_rows = t.rows[1:]
        ii = 0
        while ii < len(items):
            if items[ii][0] == "section":
                ii += 1
                continue
            j = ii + 1
            while j < len(items) and items[j][0] != "section" and items[j][2] == items[ii][2]:
                j += 1
            if j - ii > 1:
                m = data_rows[ii].cells[2].merge(data_rows[j - 1].cells[2])
                for q in m.paragraphs[1:]:
                    if not q.text:
                        q._p.getparent().remove(q._p)
                m.vertical_alignment = V.CENTER
            ii = j
    word_table_sizes(t, widths, grid=True)
    para("")
    para("TM. ỦY BAN NHÂN DÂN", True, A.RIGHT)
    para("CHỦ TỊCH", True, A.RIGHT)
    para(SIGNER, True, A.RIGHT)
    return doc


def _footnotes_xml(notes: dict) -> bytes:
    from xml.sax.saxutils import escape
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">',
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
             '</w:p></w:footnote>']
    for fid, text in sorted(notes.items()):
        parts.append(f'<w:footnote w:id="{fid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                     f'<w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val="20"/></w:rPr>'
                     f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>')
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def _save_docx(doc, out: Path, notes: dict | None = None) -> None:
    buf = io.BytesIO()
    doc.save(buf)
    if not notes:
        _fixed_zip(buf.getvalue(), out)
        return

    def patch(name, body):
        if name == "[Content_Types].xml":
            return body.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
        if name == "word/_rels/document.xml.rels":
            return body.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats'
                                b'.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                                b"</Relationships>")
        return body
    _fixed_zip(buf.getvalue(), out, {"word/footnotes.xml": _footnotes_xml(notes)}, patch)


def _lo_pdf(docx: Path, out: Path) -> None:
    """The .docx printed to PDF by LibreOffice (as Word's "Save as PDF" gives a plan), fixed."""
    from tests.corpus import render_docx
    with tempfile.TemporaryDirectory(prefix="late10_") as tmp:
        render_docx.convert([docx], Path(tmp))
        _fix(Path(tmp) / f"{docx.stem}.pdf", out)


FOOTNOTES = {
    1: "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
       "đổi mới sáng tạo và chuyển đổi số quốc gia.",
    2: "Nhiệm vụ chuyển tiếp từ Kế hoạch số 210/KH-UBND ngày 15/8/2025; báo cáo kết quả trước ngày 30/6/2026.",
    3: "Theo Quyết định số 1216/QĐ-UBND ngày 20/5/2025 của UBND tỉnh.",
    4: "Thời hạn gửi báo cáo về Sở Khoa học và Công nghệ để tổng hợp.",
}


# ------------------------------------------------------------------ gold
def gold(name: str, task_rows: list[tuple], pages: list, out: Path, file: str | None = None) -> Path:
    path = write_gold(name, task_rows, pages, NORMALISED, out)
    if file:   # the input is not a PDF
        data = json.loads(path.read_text(encoding="utf-8"))
        data["source"]["file"] = file
        save_json(path, data)
    return path


PROSE_INDICATORS = (   # (name, raw target, op, value, unit) of the body's "2. Chỉ tiêu cụ thể năm 2026"
    ("Tỷ lệ thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình", "100%", None, 100, "%"),
    ("Tỷ lệ hồ sơ giải quyết thủ tục hành chính được số hóa", "trên 80%", ">", 80, "%"),
    ("Tỷ lệ văn bản đi của các cơ quan hành chính nhà nước được ký số", "95%", None, 95, "%"),
    ("Mức độ hài lòng của người dân, doanh nghiệp đối với dịch vụ hành chính công", "trên 90%", ">", 90, "%"),
    ("Tỷ trọng kinh tế số trong GRDP của tỉnh", "12,5%", None, 12.5, "%"),
)


def make(folder: Path = HERE) -> list[Path]:
    """Every document: <folder>/cd_late10_* and their gold; returns the gold files."""
    out = []

    def doc(name: str, items: list, gold_rows: list | None = None, gold_more: list | None = None, **kw) -> Path:
        return PLAN.document(folder, name, items, NORMALISED, gold_rows=gold_rows, gold_more=gold_more, **kw)

    # 1. mixed deadline forms in one column
    out.append(doc("cd_late10_deadline_mixed", with_sections(rows(14, MIXED, 1), {0: SEC[0], 7: SEC[1]}),
                   widths=(26.0, 211.0, 96.0, 96.0, 76.0)))

    # 2. coordinator cells listing groups with ";"
    r = rows(13, start=4)
    for i, s in ((0, "Các sở, ban, ngành; UBND các huyện"), (2, "Sở Tài chính; các sở, ban, ngành liên quan"),
                 (4, "Công an tỉnh; Sở Tư pháp; UBND các huyện, thành phố, thị xã"),
                 (6, "Các sở, ban, ngành; UBND các huyện, thành phố, thị xã"),
                 (9, "UBND các huyện; các đơn vị có liên quan"), (11, "Sở Nội vụ; Sở Tài chính; các cơ quan báo chí")):
        r[i] = r[i][:3] + (s,) + r[i][4:]
    out.append(doc("cd_late10_coord_semicolon", with_sections(r, {0: SEC[1], 7: SEC[2]}), rules="hrules",
                   header=("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành")))

    # 3. the header alone at the foot of page 1, the rows from page 2 without it
    body = body_lines(BODY + (
        "II. MỤC TIÊU",
        "- Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trở thành động lực chính của tăng trưởng kinh "
        "tế tỉnh; hạ tầng số, dữ liệu số được đầu tư đồng bộ, kết nối, chia sẻ thông suốt giữa các cấp.",
        "- Nâng cao chất lượng phục vụ người dân, doanh nghiệp; cải thiện các chỉ số PCI, PAR INDEX, SIPAS, "
        "DTI của tỉnh so với năm 2025.",
        "III. NHIỆM VỤ, GIẢI PHÁP",
        "- Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố, thị xã căn cứ chức năng, nhiệm vụ được giao "
        "chủ động xây dựng kế hoạch chi tiết, bố trí nguồn lực và tổ chức thực hiện các nhiệm vụ tại Phụ lục "
        "kèm theo Kế hoạch này.",
        "- Sở Khoa học và Công nghệ là cơ quan thường trực, theo dõi, đôn đốc, tổng hợp kết quả thực hiện, "
        "báo cáo Ủy ban nhân dân tỉnh theo định kỳ hằng quý, 6 tháng và năm.",
        "IV. KINH PHÍ THỰC HIỆN",
        "- Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách nhà nước theo phân cấp hiện hành, lồng ghép trong "
        "các chương trình, đề án, dự án và các nguồn huy động hợp pháp khác.",
        "V. TỔ CHỨC THỰC HIỆN",
        "- Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 10/12/2026 để "
        "tổng hợp, báo cáo Ủy ban nhân dân tỉnh. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời "
        "phản ánh về Sở Khoa học và Công nghệ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, giải quyết.",
    ))
    lines = HEAD_LINES + body + APPENDIX
    fill = (842.0 - 52.0 - 36.0 - PLAN.top) // 16 - len(lines)   # the header's foot on the last 36 pt
    assert fill >= 0, fill
    plan3 = dataclasses.replace(PLAN, letterhead=HEAD_LINES + body + (("", False, False),) * int(fill) + APPENDIX)
    r = rows(12, start=6)
    path = plan3.document(folder, "cd_late10_header_orphan", with_sections(r, {0: SEC[0], 6: SEC[2]}), NORMALISED,
                          repeat=False)
    import pdfplumber
    with pdfplumber.open(str(folder / "cd_late10_header_orphan.pdf")) as p:
        t1, t2 = (p.pages[0].extract_text() or ""), (p.pages[1].extract_text() or "")
    assert "Nội dung nhiệm vụ" in t1 and "Nội dung nhiệm vụ" not in t2 and r[0][1][:30] not in t1.replace("\n", " ")
    assert json.loads(path.read_text(encoding="utf-8"))["tasks"][0]["source"]["page"] == 2
    out.append(path)

    with tempfile.TemporaryDirectory(prefix="late10_") as tmp:
        tmp = Path(tmp)
        # 4. a 150-dpi greyscale scan of a clean ruled table
        r = rows(16, start=3)
        for i in range(2, 16, 4):
            r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
        pages = PLAN.draw(tmp / "native4.pdf", [{"items": with_sections(r, {0: SEC[0], 9: SEC[1]})}], size=11.0)[0]
        _scan(tmp / "native4.pdf", folder / "cd_late10_scan150.pdf")
        assert max(pages) == 2, pages
        out.append(gold("cd_late10_scan150", r, pages, folder))

        # 9. a signed PDF's marks on a native grid
        r = rows(15, start=9)
        pages = PLAN.draw(tmp / "native9.pdf", [{"items": with_sections(r, {0: SEC[1], 8: SEC[2]})}])[0]
        _signed(tmp / "native9.pdf", folder / "cd_late10_signed.pdf")
        out.append(gold("cd_late10_signed", r, pages, folder))

        # 7. a Word file with footnotes, printed to PDF by LibreOffice
        r = rows(12, start=2)
        items = with_sections(r, {0: SEC[0], 6: SEC[1]})
        idx = [i for i, x in enumerate(items) if x[0] != "section"]
        notes = {"body": 1, (idx[1], 1): 2, (idx[5], 1): 3, (idx[8], 4): 4}
        dx = tmp / "cd_late10_word_footnotes.docx"
        _save_docx(_word_doc(items, (1.0, 6.8, 2.9, 2.9, 2.4), footnotes=notes), dx, FOOTNOTES)
        _lo_pdf(dx, folder / "cd_late10_word_footnotes.pdf")
        out.append(gold("cd_late10_word_footnotes", r, page_of(folder / "cd_late10_word_footnotes.pdf",
                                                               [x[1] for x in r]), folder))

    # 5. a "Kết quả/sản phẩm" column between the task and the lead
    r = rows(12, start=7)
    products = ("Quyết định của UBND tỉnh", "Báo cáo", "Cơ sở dữ liệu được kết nối", "Kế hoạch",
                "Hệ thống được vận hành", "Văn bản hướng dẫn", "Hội nghị")
    printed = [x[:2] + (products[i % len(products)],) + x[2:] for i, x in enumerate(r)]
    out.append(doc("cd_late10_product_mid", with_sections(printed, {0: SEC[1], 6: SEC[2]}), gold_rows=r,
                   gold_more=[{"extra": {"Kết quả/sản phẩm": x[2]}} for x in printed], rules="frame_hrules",
                   header=("TT", "Nội dung nhiệm vụ", "Kết quả/sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
                           "Thời gian hoàn thành"), widths=(24.0, 170.0, 80.0, 86.0, 86.0, 59.0)))

    # 6. the indicators in the body's prose, the tasks in a table
    prose = BODY[:1] + (
        "II. MỤC TIÊU",
        "1. Mục tiêu chung: phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số, nâng cao năng "
        "lực cạnh tranh của tỉnh, chất lượng phục vụ người dân, doanh nghiệp.",
        "2. Chỉ tiêu cụ thể năm 2026",
    ) + tuple(f"- {n} đạt {raw}{'.' if k == len(PROSE_INDICATORS) - 1 else ';'}"
              for k, (n, raw, *_) in enumerate(PROSE_INDICATORS)) + (
        "III. NHIỆM VỤ, GIẢI PHÁP",
        "Các nhiệm vụ cụ thể được phân công tại Phụ lục kèm theo Kế hoạch này.",
    )
    plan6 = dataclasses.replace(PLAN, letterhead=HEAD_LINES + body_lines(prose) + APPENDIX)
    r = rows(10, start=12)
    path = plan6.document(folder, "cd_late10_prose_indicators", with_sections(r, {0: SEC[1], 5: SEC[2]}), NORMALISED)
    ind_pages = page_of(folder / "cd_late10_prose_indicators.pdf", [n for n, *_ in PROSE_INDICATORS])
    data = json.loads(path.read_text(encoding="utf-8"))
    data["indicators"] = [{"origin": "body", "number": None, "name": n, "unit_of_measure": None, "lead_raw": None,
                           "targets": {"2026": {"raw": raw, "op": op, "value": float(v), "unit": u}},
                           "source": {"page": pg}}
                          for (n, raw, op, v, u), pg in zip(PROSE_INDICATORS, ind_pages)]
    out.append(save_json(path, data))

    # 8. a Word file whose lead cells are merged over runs of tasks the same unit leads
    r = rows(14, start=5)
    runs = {0: UNITS[0], 1: UNITS[0], 2: UNITS[0], 3: UNITS[0], 5: UNITS[2], 6: UNITS[2], 7: UNITS[2],
            9: UNITS[1], 10: UNITS[1], 12: UNITS[4], 13: UNITS[4]}
    for i, u in runs.items():
        coord = r[i][3] if r[i][3] != u else UNITS[(UNITS.index(u) + 5) % len(UNITS)]
        r[i] = (r[i][0], r[i][1], u, coord, r[i][4])
    items = with_sections(r, {0: SEC[0], 9: SEC[2]})
    _save_docx(_word_doc(items, (1.0, 6.8, 2.9, 2.9, 2.4), merge_leads=True), folder / "cd_late10_docx_merged_lead.docx")
    out.append(gold("cd_late10_docx_merged_lead", r, [None] * len(r), folder, file="cd_late10_docx_merged_lead.docx"))

    # 10. no lead column: the tasks under section rows naming the unit that leads them
    groups = ((UNITS[0], 0, 5), (UNITS[2], 5, 4), (UNITS[4], 9, 4))
    r = rows(13, start=0)
    gold_rows, items = [], []
    for k, (unit, a, n) in enumerate(groups, 1):
        items.append(("section", f"{k}. {unit}"))
        for x in r[a:a + n]:
            coord = x[3] if x[3] != unit else UNITS[(UNITS.index(unit) + 3) % len(UNITS)]
            gold_rows.append((x[0], x[1], unit, coord, x[4]))
            items.append((x[0], x[1], coord, x[4]))
    out.append(doc("cd_late10_lead_sections", items, gold_rows=gold_rows,
                   header=("TT", "Nội dung nhiệm vụ", "Đơn vị phối hợp", "Thời gian hoàn thành"),
                   widths=(26.0, 260.0, 130.0, 89.0)))

    # 11. the time column second
    r = rows(13, start=10)
    out.append(doc("cd_late10_time_first", with_sections([(x[0], x[4], x[1], x[2], x[3]) for x in r],
                                                         {0: SEC[0], 7: SEC[1]}), gold_rows=r,
                   header=("TT", "Thời gian thực hiện", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp"),
                   widths=(26.0, 70.0, 217.0, 96.0, 96.0)))

    # 12-14. no defect
    out.append(doc("cd_late10_clean_grid", with_sections(rows(22, start=1), {0: SEC[0], 8: SEC[1], 15: SEC[2]}),
                   header=("Số TT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")))
    out.append(doc("cd_late10_clean_hrules", with_sections(rows(12, start=8), {0: SEC[1], 6: SEC[2]}), rules="hrules"))
    r = rows(14, start=4)
    notes = ("", "Chuyển tiếp từ năm 2025", "", "", "Gắn với chỉ số DTI", "")
    r6 = [x + (notes[i % len(notes)],) for i, x in enumerate(r)]
    pages = PLAN.draw(folder / "cd_late10_clean_land.pdf",
                      [{"items": with_sections(r6, {0: SEC[0], 7: SEC[2]}), "rules": "frame_hrules",
                        "header": HEADER + ("Ghi chú",), "widths": (30.0, 300.0, 130.0, 140.0, 100.0, 100.0)}],
                      landscape=True)[0]
    path = gold("cd_late10_clean_land", r, pages, folder)
    out.append(add_to_tasks(path, [{"extra": {"Ghi chú": x[5]}} if x[5] else {} for x in r6]))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
