"""Sixth set of late check documents: written on 2026-12-06 between 23:10 and 00:45 UTC by the
independent measurer "lateset" of that session (not by a session that changed the checks or the
table stage), landed after the fixers' last landing, measured once on that code and never tuned
on. Each is a fault a clerk meets in issued plans and that the earlier sets lack, where a tool
could be silently wrong; three are clean (false alarms). The gold is what a clerk types from the
printed page (written from the rows drawn here, never from the tool's output).

    python -m tests.checkdocs.make_late6    # writes tests/checkdocs/cd_late6_*.pdf and *.gold.json

Drawn cell by cell with ReportLab's canvas (Liberation Serif 10 pt; a commune's plan for
administrative reform in 2026) by `draw` below; pages are rasterised by `pdftoppm` (200 dpi, black
and white) where a document needs an image page.

- cd_late6_scan_page: a ruled table over three pages whose middle page is an image without any
  text layer (a page scanned and put back into the native file).
- cd_late6_ocr_layer: every page an image carrying an invisible text layer of poor quality (a
  scanner's own OCR): tone marks lost in about a third of the words and about one digit-bearing
  word in four misread (0/8, 1/7, 6/5, 3/8). The page shows the right text. Gold: what is printed.
- cd_late6_deadline_typos: ruled grid; among ordinary deadlines, cells a clerk cannot turn into
  a date ("Quý /2026" with its numeral missing, "Trước ngày 31/6/2026", "Tháng 13/2026":
  unrecognised, no date) and one with an old tone placement ("Qúy III/2026": quarter III).
- cd_late6_unit_typos: horizontal rules only; unit names with typing slips ("Phòng Kinh tê",
  "Công an xả", "Văn phòng HĐND và UBND xa", "Phòng Văn hoá - Xã hôi"). Gold: the cells as
  printed.
- cd_late6_split_three_pages: horizontal rules only, 34 rows over three pages; rows 13 and 28 do
  not fit at a page's foot and are broken there (their first lines, then the rest under the
  repeated header; row 13 right under the section row "II. ..." at the foot of page 1).
- cd_late6_continued_rows: ruled grid; two tasks whose text the typist continued in a new table
  row (number, lead and deadline cells empty), one of them with the rest of its coordinators
  there too. Gold: one task each, the parts joined with a space.
- cd_late6_rotated: a landscape table drawn on a portrait page turned by /Rotate 90 (as some
  PDF tools save landscape sections): the text runs upwards in the page's own coordinates.
- cd_late6_fake_bold: ruled grid; the header, the section rows and the lead column set "bold" by
  printing each string twice 0.4 pt apart (a producer's simulated bold): the page shows one bold
  string, the text layer has every glyph twice.
- cd_late6_clean_grid: ruled grid, 14 rows, three sections, other header words; no defect.
- cd_late6_clean_hrules: horizontal rules only, 26 rows over two pages, no defect.
- cd_late6_clean_frame: an outer frame and horizontal rules, 12 rows, no defect.
Used by benchmarks/silent_errors.py (set `checkdocs`; `--prefix cd_late6_`).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
import zlib
from pathlib import Path

from tests.checkdocs.common import DEADLINES_2026, image_pdf, liberation_serif, with_sections, write_gold
from tests.checkpdf import _wrap as wrap_words

HERE = Path(__file__).resolve().parent

UNITS = ("Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Công an xã",
         "Trung tâm Phục vụ hành chính công xã", "Ban Chỉ huy Quân sự xã", "Trạm Y tế xã",
         "Ủy ban Mặt trận Tổ quốc Việt Nam xã")
TASKS = (
    "Rà soát, công bố danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã",
    "Niêm yết công khai thủ tục hành chính, số điện thoại đường dây nóng tại Trung tâm Phục vụ hành chính công xã",
    "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch, chứng thực",
    "Hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán phí, lệ phí trên Cổng Dịch vụ công quốc gia",
    "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính của cán bộ, công chức xã",
    "Cập nhật thông tin đất đai, quy hoạch sử dụng đất lên trang thông tin điện tử của xã",
    "Tổ chức khảo sát mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính",
    "Bồi dưỡng kỹ năng giao tiếp, ứng xử cho công chức làm việc tại bộ phận tiếp nhận hồ sơ",
    "Triển khai ứng dụng định danh điện tử VNeID trong giải quyết thủ tục hành chính",
    "Rà soát, sắp xếp lại các thôn có quy mô nhỏ theo tiêu chuẩn của tỉnh",
    "Tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh của xã và các thôn",
    "Xây dựng, cập nhật cơ sở dữ liệu người có công, đối tượng bảo trợ xã hội trên địa bàn",
    "Kiểm tra công tác quản lý trật tự xây dựng, bảo vệ hành lang an toàn giao thông",
    "Thực hiện chế độ báo cáo định kỳ về cải cách hành chính trên Hệ thống thông tin báo cáo của tỉnh",
    "Đánh giá, xếp loại chất lượng cán bộ, công chức xã năm 2026",
    "Rà soát, thay thế máy tính, máy quét tài liệu đã hư hỏng tại Trung tâm Phục vụ hành chính công xã",
    "Tổng kết công tác cải cách hành chính năm 2026, đề ra nhiệm vụ năm 2027",
)
# Deadline cell -> (kind, start, due), written by hand (DOMAIN.md's table; year 2026). A cell a
# clerk cannot turn into a date is unrecognised, with no date.
NORMALISED = {
    **DEADLINES_2026,
    "Qúy III/2026": ("quarter", "2026-07-01", "2026-09-30"),
    "Tháng 3/2026": ("month", "2026-03-01", "2026-03-31"),
    "Tháng 10/2026": ("month", "2026-10-01", "2026-10-31"),
    "Trước ngày 30/6/2026": ("day", None, "2026-06-30"),
    "Trước ngày 20/12/2026": ("day", None, "2026-12-20"),
    "6 tháng đầu năm 2026": ("half", "2026-01-01", "2026-06-30"),
    "Quý /2026": ("unrecognised", None, None),
    "Trước ngày 31/6/2026": ("unrecognised", None, None),
    "Tháng 13/2026": ("unrecognised", None, None),
}
PLAIN = ("Quý I/2026", "Thường xuyên", "Tháng 3/2026", "Quý II/2026", "Năm 2026", "Trước ngày 30/6/2026",
         "Quý III/2026", "6 tháng đầu năm 2026", "Tháng 10/2026", "Quý IV/2026", "Trước ngày 20/12/2026")
HEADER = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành")
WIDTHS = (26.0, 221.0, 96.0, 96.0, 66.0)
SEC = ("I. Cải cách thủ tục hành chính", "II. Cải cách chế độ công vụ", "III. Xây dựng chính quyền số")
LONGER = ("; bảo đảm đúng quy định, công khai kết quả thực hiện trên trang thông tin điện tử của xã, "
          "báo cáo Ủy ban nhân dân xã trước ngày 15 của tháng cuối quý để tổng hợp")
SIZE, LEADING, LEFT, TOP = 10.0, 12.0, 50.0, 56.0
FOOT_SPLIT = 48.0   # cd_late6_split_three_pages' bottom margin: both page breaks inside a row


def rows(n: int, deadlines=PLAIN, start: int = 0) -> list[tuple]:
    """n task rows (number, text, lead, coordinators, deadline)."""
    out = []
    for i in range(start, start + n):
        text = TASKS[i % len(TASKS)]
        if i >= len(TASKS):
            text += f" tại thôn {i - len(TASKS) + 1}"
        coord = "" if i % 4 == 2 else UNITS[(i + 3) % len(UNITS)]
        out.append((str(i - start + 1), text, UNITS[i % 6], coord, deadlines[i % len(deadlines)]))
    return out


def _fonts():
    liberation_serif("L6Serif", "L6SerifB")


def _wrap(s: str, width: float, font: str) -> list[str]:
    return wrap_words(s, width, font, SIZE)


def draw(path: Path, items: list, *, rules: str = "grid", header=HEADER, widths=WIDTHS,
         landscape: bool = False, rotate: bool = False, fake_bold: bool = False,
         break_rows: bool = False, record: list | None = None, foot: float = 52.0,
         broken: list | None = None) -> list[int]:
    """Draw the plan: letterhead, caption, then one task table of `items` (task rows and
    ("section", title)), its header repeated on every page, then the signature. rules: grid |
    hrules | frame_hrules; landscape: an A4 landscape page; rotate: the same drawn on a portrait
    page whose /Rotate 90 shows it landscape; fake_bold: the header, section rows and lead column
    printed twice 0.4 pt apart in the regular font; break_rows: a row that does not fit at a
    page's foot is broken there (the lines that fit, then the rest under the repeated header);
    else it moves whole; foot: the page's bottom margin (points); broken: gets the index of every
    task row broken so. record: gets (page, x, y from the top, text, font, size) of every string
    drawn. Returns the page each task row starts on."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    _fonts()
    pw, ph = A4
    w, h = (ph, pw) if landscape or rotate else (pw, ph)
    bottom = h - foot
    # rotate: ReportLab writes a page turned by 90 with its MediaBox's sides swapped, so a
    # landscape pagesize gives the portrait MediaBox (595 x 842) under /Rotate 90
    c = canvas.Canvas(str(path), pagesize=(w, h), invariant=1)
    c.setTitle("Kế hoạch cải cách hành chính năm 2026")
    state = {"page": 1}
    scale = (w - 2 * LEFT) / sum(widths) if landscape or rotate else 1.0
    widths = [x * scale for x in widths]
    xs = [LEFT]
    for cw in widths:
        xs.append(xs[-1] + cw)

    def begin():
        if rotate:   # display point (X, Y) at page point (pw - Y, X): upright once turned by 90
            c.setPageRotation(90)
            c.transform(0, 1, -1, 0, pw, 0)
        c.setLineWidth(0.6)

    def new_page():
        c.showPage()
        state["page"] += 1
        begin()

    def text(x, y, s, bold=False, centre_in=None, size=SIZE, double=False):
        font = "L6SerifB" if bold and not double else "L6Serif"
        c.setFont(font, size)
        if centre_in is not None:
            from reportlab.pdfbase.pdfmetrics import stringWidth
            x = x + (centre_in - stringWidth(s, font, size)) / 2
        c.drawString(x, h - y, s)
        if double:
            c.drawString(x + 0.4, h - y, s)
        if record is not None:
            record.append((state["page"], x, y, s, font, size))

    def hline(yy):
        c.line(xs[0], h - yy, xs[-1], h - yy)

    def vlines(y0, y1, span=False):
        for i, x in enumerate(xs):
            outer = i in (0, len(xs) - 1)
            if rules == "grid" and (outer or not span) or rules == "frame_hrules" and outer:
                c.line(x, h - y0, x, h - y1)

    def head(yy):
        lines = [_wrap(s, widths[i], "L6SerifB") for i, s in enumerate(header)]
        height = max(len(x) for x in lines) * LEADING + 8
        hline(yy)
        for i, ls in enumerate(lines):
            for k, s in enumerate(ls):
                text(xs[i], yy + 11 + k * LEADING, s, bold=True, centre_in=widths[i], double=fake_bold)
        vlines(yy, yy + height)
        hline(yy + height)
        return yy + height

    def row_at(yy, columns):
        """One table row of these wrapped columns at yy, its rules drawn; returns its bottom."""
        height = max(1, max(len(x) for x in columns)) * LEADING + 6
        for col, ls in enumerate(columns):
            for k, s in enumerate(ls):
                text(xs[col] + 3, yy + 10 + k * LEADING, s, double=fake_bold and col == 2)
        vlines(yy, yy + height)
        hline(yy + height)
        return yy + height

    begin()
    y = TOP
    for line, bold, centred in (("ỦY BAN NHÂN DÂN", True, False), ("XÃ NAM ĐÀN", True, False),
                                ("Số: 36/KH-UBND", False, False),
                                ("Nam Đàn, ngày 12 tháng 01 năm 2026", False, False),
                                ("KẾ HOẠCH", True, True),
                                ("Cải cách hành chính năm 2026", True, True),
                                ("Phụ lục", True, True), ("NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026", True, True)):
        text(LEFT, y, line, bold, size=11.5, centre_in=xs[-1] - LEFT if centred else None)
        y += 16
    y = head(y + 4)
    pages = []
    for item in items:
        if item[0] == "section":
            if y + LEADING + 6 > bottom:
                new_page()
                y = head(TOP)
            text(xs[0] + 3, y + 11, item[1], bold=True, double=fake_bold)
            vlines(y, y + LEADING + 6, span=True)
            y += LEADING + 6
            hline(y)
            continue
        wrapped = [_wrap(s, widths[col], "L6Serif") for col, s in enumerate(item)]
        need = max(1, max(len(x) for x in wrapped)) * LEADING + 6
        if y + need > bottom:
            fit = int((bottom - y - 6) // LEADING) if break_rows else 0
            if fit >= 1:   # the first lines here, the rest under the next page's header
                first = [x[:fit] for x in wrapped]
                wrapped = [x[fit:] for x in wrapped]
                if broken is not None:
                    broken.append(len(pages))
                pages.append(state["page"])
                row_at(y, first)
                new_page()
                y = row_at(head(TOP), wrapped)
                continue
            new_page()
            y = head(TOP)
        pages.append(state["page"])
        y = row_at(y, wrapped)
    if y + 80 > bottom:
        new_page()
        y = TOP
    for dy, s in ((20, "TM. ỦY BAN NHÂN DÂN"), (36, "CHỦ TỊCH"), (90, "Trần Văn Hùng")):
        text(xs[-1] - 190, y + dy, s, True, size=11.5)
    c.save()
    return pages


# ------------------------------------------------------------------ images of pages
def _lie(s: str, key: str) -> str:
    """A scanner's OCR reading of `s`: tone marks lost in about a third of the words, one digit
    misread in about one digit-bearing word in four (deterministic: by a checksum of the word)."""
    swap = {"0": "8", "1": "7", "6": "5", "3": "8"}
    out = []
    for k, word in enumerate(s.split(" ")):
        r = zlib.crc32(f"{key}/{k}/{word}".encode("utf-8"))
        if any(ch.isdigit() for ch in word) and r % 4 == 0:
            for i, ch in enumerate(word):
                if ch in swap:
                    word = word[:i] + swap[ch] + word[i + 1:]
                    break
        elif r % 3 == 0:
            word = "".join(ch for ch in unicodedata.normalize("NFD", word)
                           if unicodedata.category(ch) != "Mn" or ch in "\u0306\u0302\u031b")
            word = unicodedata.normalize("NFC", word)
        out.append(word)
    return " ".join(out)


def _image_pdf(native: Path, out: Path, pages: list[int], record: list | None = None) -> None:
    """A PDF of the images of `pages` of `native` (each page its own size), with, when `record`
    is given, an invisible text layer of those strings read badly (_lie)."""
    image_pdf(native, out, pages, _fonts, record or [],
              lambda pno, x, y, s: _lie(s, f"{pno}/{round(x)}/{round(y)}"))


def _splice(native: Path, images: Path, image_pages: list[int], out: Path) -> None:
    """`native` with its pages `image_pages` replaced by the pages of `images`, in order (qpdf)."""
    import pdfplumber
    with pdfplumber.open(str(native)) as pdf:
        n = len(pdf.pages)
    args, k = [], 0
    for p in range(1, n + 1):
        if p in image_pages:
            k += 1
            args += [str(images), str(k)]
        else:
            args += [str(native), str(p)]
    exe = shutil.which("qpdf")
    if not exe:
        raise RuntimeError("qpdf not found (apt-get install -y qpdf)")
    subprocess.run([exe, "--deterministic-id", "--empty", "--pages", *args, "--", str(out)], check=True,
                   capture_output=True)


# ------------------------------------------------------------------ gold
def gold(name: str, task_rows: list[tuple], pages: list[int], out: Path) -> Path:
    return write_gold(name, task_rows, pages, NORMALISED, out)


def make(folder: Path = HERE) -> list[Path]:
    """Every document: <folder>/cd_late6_*.pdf and their gold; returns the gold files."""
    out = []

    def doc(name: str, items: list, **kw) -> Path:
        pages = draw(folder / f"{name}.pdf", items, **kw)
        task_rows = [r for r in items if r[0] != "section"]
        assert len(task_rows) == len(pages)
        return gold(name, task_rows, pages, folder)

    with tempfile.TemporaryDirectory(prefix="late6_") as tmp:
        tmp = Path(tmp)
        # 1. the middle page of three an image without text
        r = rows(30)
        for i in range(1, 30, 3):
            r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
        items = with_sections(r, {0: SEC[0], 10: SEC[1], 20: SEC[2]})
        pages = draw(tmp / "native.pdf", items)
        assert max(pages) == 3, pages
        _image_pdf(tmp / "native.pdf", tmp / "img.pdf", [2])
        _splice(tmp / "native.pdf", tmp / "img.pdf", [2], folder / "cd_late6_scan_page.pdf")
        out.append(gold("cd_late6_scan_page", r, pages, folder))

        # 2. every page an image under a poor invisible OCR layer
        r = rows(14, start=2)
        rec: list = []
        pages = draw(tmp / "native2.pdf", with_sections(r, {0: SEC[0], 7: SEC[1]}), record=rec)
        n = max(x[0] for x in rec)
        _image_pdf(tmp / "native2.pdf", folder / "cd_late6_ocr_layer.pdf", list(range(1, n + 1)), record=rec)
        out.append(gold("cd_late6_ocr_layer", r, pages, folder))

    # 3. deadlines a clerk cannot date, and an old tone placement
    r = rows(12, start=4)
    for i, d in ((1, "Quý /2026"), (4, "Trước ngày 31/6/2026"), (7, "Qúy III/2026"), (9, "Tháng 13/2026")):
        r[i] = r[i][:4] + (d,)
    out.append(doc("cd_late6_deadline_typos", with_sections(r, {0: SEC[0], 6: SEC[1]})))

    # 4. unit names with typing slips, horizontal rules only
    r = rows(12, start=1)
    for i, col, s in ((0, 2, "Phòng Kinh tê"), (3, 3, "Công an xả"), (5, 2, "Văn phòng HĐND và UBND xa"),
                      (8, 3, "Phòng Văn hoá - Xã hôi"), (10, 2, "Công an xả")):
        cells = list(r[i])
        cells[col] = s
        r[i] = tuple(cells)
    out.append(doc("cd_late6_unit_typos", with_sections(r, {0: SEC[0], 7: SEC[1]}), rules="hrules"))

    # 5. 34 rows over three pages, rows broken at the page's foot, horizontal rules only
    r = rows(34)
    for i in range(0, 34, 3):
        r[i] = (r[i][0], r[i][1] + LONGER) + r[i][2:]
    broken: list = []
    out.append(doc("cd_late6_split_three_pages", with_sections(r, {0: SEC[0], 12: SEC[1], 24: SEC[2]}),
                   rules="hrules", break_rows=True, foot=FOOT_SPLIT, broken=broken))
    assert len(broken) == 2, broken   # both page breaks fall inside a row

    # 6. a task's text (and coordinators) continued in a row of its own
    r = rows(11, start=6)
    printed = list(r)
    cont_a = ("", "và niêm yết kết quả tại nhà văn hóa các thôn", "", "", "")
    cont_b = ("", "theo hướng dẫn của Sở Nội vụ", "", "Công an xã", "")
    printed.insert(3, cont_a)                       # after row 3
    r[2] = r[2][:1] + (r[2][1] + " " + cont_a[1],) + r[2][2:]
    printed[7] = printed[7][:3] + ("Phòng Văn hóa - Xã hội,",) + printed[7][4:]   # row 7 (index 6)
    printed.insert(8, cont_b)
    r[6] = r[6][:1] + (r[6][1] + " " + cont_b[1], r[6][2], "Phòng Văn hóa - Xã hội, Công an xã", r[6][4])
    items = with_sections(printed, {0: SEC[0], 9: SEC[1]})
    pages = draw(folder / "cd_late6_continued_rows.pdf", items)
    starts = [p for p, row in zip(pages, printed) if row[0]]
    out.append(gold("cd_late6_continued_rows", r, starts, folder))

    # 7. a landscape table on a portrait page turned by /Rotate 90
    r = rows(12, start=3)
    out.append(doc("cd_late6_rotated", with_sections(r, {0: SEC[0], 6: SEC[2]}), rotate=True))

    # 8. simulated bold: strings printed twice
    r = rows(12, start=5)
    out.append(doc("cd_late6_fake_bold", with_sections(r, {0: SEC[0], 5: SEC[1]}), fake_bold=True))

    # 9-11. no defect
    out.append(doc("cd_late6_clean_grid", with_sections(rows(14, start=2), {0: SEC[0], 5: SEC[1], 10: SEC[2]}),
                   header=("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")))
    out.append(doc("cd_late6_clean_hrules", with_sections(rows(26, start=1), {0: SEC[0], 9: SEC[1], 18: SEC[2]}),
                   rules="hrules"))
    out.append(doc("cd_late6_clean_frame", with_sections(rows(12, start=7), {0: SEC[1], 6: SEC[2]}),
                   rules="frame_hrules"))
    return out


if __name__ == "__main__":
    for p in make():
        print(p)
