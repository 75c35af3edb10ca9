"""Check plans for the body stage, written after the body rules were tuned (issue 18): two short
plans in the Nghị định 30/2020 layout with their work assigned in prose, one written as a DOCX
(python-docx), one as a PDF (the same DOCX printed by LibreOffice). Their gold is the list of tasks below,
written by hand with the plan text; benchmarks/body_real.py --check measures on them as unseen
documents, tests/test_body.py keeps the figures from falling.

Each paragraph of a plan is (kind, text): "title" (centred, bold), "h" (a heading in bold),
"p" (a paragraph), "-" (a bullet). A task of the gold is (text, [lead units], requested).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HEADER_CHECK_A = ("ỦY BAN NHÂN DÂN", "XÃ HƯƠNG SƠN", "Số: 47/KH-UBND", "Hương Sơn, ngày 12 tháng 3 năm 2026")
HEADER_CHECK_B = ("UBND TỈNH QUẢNG TRỊ", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Số: 318/KH-SNNMT",
                  "Quảng Trị, ngày 02 tháng 4 năm 2026")


@dataclass
class CheckPlan:
    name: str
    fmt: str                                   # "docx" | "pdf"
    header: tuple
    paragraphs: list                           # [(kind, text)]
    tasks: list                                # [(text, [lead], requested)]
    not_tasks: list = field(default_factory=list)

    def gold_tasks(self) -> list[dict]:
        return [{"origin": "body", "text": t, "lead": lead, "requested": req, "section": None,
                 "number": None} for t, lead, req in self.tasks]


PLAN_A = CheckPlan(
    "check-xa-huongson-binhdanhocvuso-2026", "docx", HEADER_CHECK_A,
    [
        ("title", "KẾ HOẠCH"),
        ("title", "Triển khai phong trào “Bình dân học vụ số” trên địa bàn xã Hương Sơn năm 2026"),
        ("p", "Thực hiện Kế hoạch số 112/KH-UBND ngày 20/02/2026 của Ủy ban nhân dân tỉnh về triển khai "
              "phong trào “Bình dân học vụ số”, Ủy ban nhân dân xã ban hành Kế hoạch thực hiện như sau:"),
        ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("h", "1. Mục đích"),
        ("-", "Phổ cập kỹ năng số cơ bản cho người dân, góp phần xây dựng xã hội số trên địa bàn xã."),
        ("-", "Nâng cao nhận thức của cán bộ, công chức và Nhân dân về vai trò của chuyển đổi số."),
        ("h", "2. Yêu cầu"),
        ("-", "Các ban, ngành, đoàn thể xã phối hợp chặt chẽ, triển khai đồng bộ, thiết thực, hiệu quả."),
        ("h", "II. MỤC TIÊU"),
        ("p", "Đến hết năm 2026, phấn đấu ít nhất 70% người trong độ tuổi lao động được phổ cập kỹ năng "
              "số cơ bản; 100% cán bộ, công chức xã sử dụng thành thạo nền tảng số dùng chung."),
        ("h", "III. NHIỆM VỤ VÀ GIẢI PHÁP"),
        ("h", "1. Tuyên truyền, nâng cao nhận thức"),
        ("-", "Đa dạng hóa hình thức tuyên truyền về phong trào trên hệ thống thông tin cơ sở."),
        ("h", "2. Tổ chức các lớp phổ cập kỹ năng số"),
        ("-", "Tổ chức các lớp học tại nhà văn hóa thôn vào buổi tối và ngày nghỉ."),
        ("h", "IV. TỔ CHỨC THỰC HIỆN"),
        ("h", "1. Phòng Văn hóa - Xã hội"),
        ("-", "Chủ trì, phối hợp với các ban, ngành, đoàn thể xây dựng tài liệu và lịch học cho từng thôn "
              "(hoàn thành trong tháng 4/2026)."),
        ("-", "Tổng hợp danh sách người dân tham gia học, theo dõi kết quả phổ cập kỹ năng số."),
        ("-", "Định kỳ hằng quý báo cáo Ủy ban nhân dân xã kết quả thực hiện Kế hoạch."),
        ("p", "2. Công an xã: Hướng dẫn người dân kích hoạt và sử dụng tài khoản định danh điện tử mức độ 2, "
              "bảo đảm an ninh, an toàn thông tin trong quá trình học tập."),
        ("h", "3. Trạm Y tế xã"),
        ("p", "Hướng dẫn người dân đặt lịch khám chữa bệnh trực tuyến và sử dụng sổ sức khỏe điện tử."),
        ("h", "4. Trường Tiểu học Hương Sơn, Trường Trung học cơ sở Hương Sơn"),
        ("-", "Bố trí phòng máy tính và giáo viên tin học hỗ trợ các lớp phổ cập kỹ năng số."),
        ("-", "Vận động học sinh hướng dẫn ông bà, cha mẹ sử dụng dịch vụ công trực tuyến."),
        ("h", "5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã, Hội Liên hiệp Phụ nữ xã"),
        ("-", "Vận động hội viên, đoàn viên tích cực tham gia các lớp học."),
        ("-", "Giám sát việc triển khai phong trào tại các thôn."),
        ("h", "6. Các thôn, tổ dân phố"),
        ("p", "a) Lập danh sách hộ gia đình cần hỗ trợ, gửi Phòng Văn hóa - Xã hội trước ngày 15/4/2026."),
        ("p", "b) Bố trí địa điểm, thời gian tổ chức lớp học phù hợp với điều kiện của Nhân dân."),
        ("p", "Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo "
              "cáo về Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội) để xem xét, giải quyết./."),
        ("p", "Nơi nhận:"),
        ("p", "- UBND tỉnh (để báo cáo);"),
        ("p", "- Các thôn, tổ dân phố;"),
        ("p", "- Lưu: VT."),
        ("p", "TM. ỦY BAN NHÂN DÂN"),
        ("p", "CHỦ TỊCH"),
        ("p", "Nguyễn Văn Hòa"),
    ],
    [
        ("Chủ trì, phối hợp với các ban, ngành, đoàn thể xây dựng tài liệu và lịch học cho từng thôn "
         "(hoàn thành trong tháng 4/2026).", ["Phòng Văn hóa - Xã hội"], False),
        ("Tổng hợp danh sách người dân tham gia học, theo dõi kết quả phổ cập kỹ năng số.",
         ["Phòng Văn hóa - Xã hội"], False),
        ("Định kỳ hằng quý báo cáo Ủy ban nhân dân xã kết quả thực hiện Kế hoạch.",
         ["Phòng Văn hóa - Xã hội"], False),
        ("Hướng dẫn người dân kích hoạt và sử dụng tài khoản định danh điện tử mức độ 2, bảo đảm an ninh, "
         "an toàn thông tin trong quá trình học tập.", ["Công an xã"], False),
        ("Hướng dẫn người dân đặt lịch khám chữa bệnh trực tuyến và sử dụng sổ sức khỏe điện tử.",
         ["Trạm Y tế xã"], False),
        ("Bố trí phòng máy tính và giáo viên tin học hỗ trợ các lớp phổ cập kỹ năng số.",
         ["Trường Tiểu học Hương Sơn", "Trường Trung học cơ sở Hương Sơn"], False),
        ("Vận động học sinh hướng dẫn ông bà, cha mẹ sử dụng dịch vụ công trực tuyến.",
         ["Trường Tiểu học Hương Sơn", "Trường Trung học cơ sở Hương Sơn"], False),
        ("Vận động hội viên, đoàn viên tích cực tham gia các lớp học.",
         ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Hội Liên hiệp Phụ nữ xã"], True),
        ("Giám sát việc triển khai phong trào tại các thôn.",
         ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Hội Liên hiệp Phụ nữ xã"], True),
        ("Lập danh sách hộ gia đình cần hỗ trợ, gửi Phòng Văn hóa - Xã hội trước ngày 15/4/2026.",
         ["Các thôn, tổ dân phố"], False),
        ("Bố trí địa điểm, thời gian tổ chức lớp học phù hợp với điều kiện của Nhân dân.",
         ["Các thôn, tổ dân phố"], False),
    ],
    ["Các ban, ngành, đoàn thể xã phối hợp chặt chẽ, triển khai đồng bộ, thiết thực, hiệu quả.",
     "Đa dạng hóa hình thức tuyên truyền về phong trào trên hệ thống thông tin cơ sở.",
     "Tổ chức các lớp học tại nhà văn hóa thôn vào buổi tối và ngày nghỉ.",
     "Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo",
     "UBND tỉnh (để báo cáo);", "Các thôn, tổ dân phố;"],
)

PLAN_B = CheckPlan(
    "check-snnmt-quangtri-taphuan-2026", "pdf", HEADER_CHECK_B,
    [
        ("title", "KẾ HOẠCH"),
        ("title", "Tổ chức Hội nghị tập huấn phòng cháy, chữa cháy rừng mùa khô năm 2026"),
        ("p", "Căn cứ Luật Lâm nghiệp năm 2017; thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Nông nghiệp "
              "và Môi trường xây dựng Kế hoạch tổ chức Hội nghị như sau:"),
        ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("-", "Trang bị kiến thức, kỹ năng phòng cháy, chữa cháy rừng cho lực lượng cơ sở."),
        ("-", "Hội nghị được tổ chức trang trọng, tiết kiệm, đúng thành phần."),
        ("h", "II. THỜI GIAN, ĐỊA ĐIỂM"),
        ("-", "Thời gian: 01 buổi, bắt đầu từ 08 giờ 00 ngày 24/4/2026."),
        ("-", "Địa điểm: Hội trường Sở Nông nghiệp và Môi trường."),
        ("h", "III. THÀNH PHẦN"),
        ("h", "1. Sở Nông nghiệp và Môi trường"),
        ("-", "Đại diện lãnh đạo Sở."),
        ("-", "Lãnh đạo và công chức Chi cục Kiểm lâm."),
        ("h", "2. Đại biểu mời"),
        ("-", "Kính mời đại diện lãnh đạo Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh."),
        ("-", "Kính mời đại diện Ủy ban nhân dân các xã có rừng."),
        ("h", "IV. PHÂN CÔNG NHIỆM VỤ"),
        ("h", "1. Chi cục Kiểm lâm"),
        ("-", "Chủ trì xây dựng chương trình, tài liệu tập huấn (hoàn thành trước ngày 15/4/2026)."),
        ("-", "Mời báo cáo viên và chuẩn bị mô hình, dụng cụ thực hành chữa cháy rừng."),
        ("p", "2. Văn phòng Sở: Chuẩn bị hội trường, âm thanh, ánh sáng và phát hành giấy mời đến các đại biểu."),
        ("h", "3. Phòng Kế hoạch - Tài chính"),
        ("p", "Bố trí kinh phí tổ chức Hội nghị từ nguồn sự nghiệp năm 2026 và hướng dẫn thanh quyết toán "
              "theo quy định."),
        ("h", "4. Đề nghị Ủy ban nhân dân các xã có rừng"),
        ("-", "Cử Chủ tịch hoặc Phó Chủ tịch phụ trách lĩnh vực và công chức địa chính tham dự Hội nghị."),
        ("-", "Sau Hội nghị, tổ chức tập huấn lại cho lực lượng bảo vệ rừng cơ sở trong tháng 5/2026."),
        ("h", "V. TỔ CHỨC THỰC HIỆN"),
        ("p", "1. Giao Chi cục Kiểm lâm là đầu mối, theo dõi, đôn đốc việc thực hiện Kế hoạch này."),
        ("p", "2. Các phòng, đơn vị thuộc Sở căn cứ nhiệm vụ được giao, báo cáo kết quả thực hiện về Văn phòng "
              "Sở trước ngày 05/5/2026."),
        ("p", "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị liên hệ Văn phòng Sở (số điện thoại "
              "0233.3852.xxx) để được hướng dẫn./."),
        ("p", "Nơi nhận:"),
        ("p", "- Như mục IV;"),
        ("p", "- Lưu: VT, CCKL."),
        ("p", "KT. GIÁM ĐỐC"),
        ("p", "PHÓ GIÁM ĐỐC"),
        ("p", "Trần Minh Đức"),
    ],
    [
        ("Chủ trì xây dựng chương trình, tài liệu tập huấn (hoàn thành trước ngày 15/4/2026).",
         ["Chi cục Kiểm lâm"], False),
        ("Mời báo cáo viên và chuẩn bị mô hình, dụng cụ thực hành chữa cháy rừng.", ["Chi cục Kiểm lâm"], False),
        ("Chuẩn bị hội trường, âm thanh, ánh sáng và phát hành giấy mời đến các đại biểu.",
         ["Văn phòng Sở"], False),
        ("Bố trí kinh phí tổ chức Hội nghị từ nguồn sự nghiệp năm 2026 và hướng dẫn thanh quyết toán theo "
         "quy định.", ["Phòng Kế hoạch - Tài chính"], False),
        ("Cử Chủ tịch hoặc Phó Chủ tịch phụ trách lĩnh vực và công chức địa chính tham dự Hội nghị.",
         ["Ủy ban nhân dân các xã có rừng"], True),
        ("Sau Hội nghị, tổ chức tập huấn lại cho lực lượng bảo vệ rừng cơ sở trong tháng 5/2026.",
         ["Ủy ban nhân dân các xã có rừng"], True),
        ("Giao Chi cục Kiểm lâm là đầu mối, theo dõi, đôn đốc việc thực hiện Kế hoạch này.",
         ["Chi cục Kiểm lâm"], False),
        ("Các phòng, đơn vị thuộc Sở căn cứ nhiệm vụ được giao, báo cáo kết quả thực hiện về Văn phòng Sở "
         "trước ngày 05/5/2026.", ["Các phòng, đơn vị thuộc Sở"], False),
    ],
    ["Đại diện lãnh đạo Sở.", "Lãnh đạo và công chức Chi cục Kiểm lâm.",
     "Kính mời đại diện lãnh đạo Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh.",
     "Kính mời đại diện Ủy ban nhân dân các xã có rừng.",
     "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị liên hệ Văn phòng Sở",
     "Thời gian: 01 buổi, bắt đầu từ 08 giờ 00 ngày 24/4/2026.",
     "Hội nghị được tổ chức trang trọng, tiết kiệm, đúng thành phần.", "Như mục IV;"],
)

CHECK_PLANS = [PLAN_A, PLAN_B]


def write_plan(plan: CheckPlan, folder: Path) -> Path:
    """The plan as a file in `folder` (same input -> same bytes for the DOCX text)."""
    folder.mkdir(parents=True, exist_ok=True)
    if plan.fmt == "docx":
        return _write_docx(plan, folder / f"{plan.name}.docx")
    return _write_pdf(plan, folder / f"{plan.name}.pdf")


def _write_docx(plan: CheckPlan, path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    parent, issuer, number, place = plan.header
    table = doc.add_table(rows=2, cols=2)
    cells = [[f"{parent}\n{issuer}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
             [number, place]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            p = table.cell(r, c).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold = r == 0
            run.italic = r == 1 and c == 1
    for kind, text in plan.paragraphs:
        p = doc.add_paragraph()
        run = p.add_run(text if kind != "-" else f"- {text}")
        if kind in ("title", "h"):
            run.bold = True
        if kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind in ("p", "-"):
            p.paragraph_format.first_line_indent = Pt(28)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.save(str(path))
    return path


def _write_pdf(plan: CheckPlan, path: Path) -> Path:
    """The DOCX printed to PDF by LibreOffice (headless, a private profile), as offices do."""
    import shutil
    import subprocess
    import tempfile
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise FileNotFoundError("LibreOffice (soffice) is needed to print the check plan to PDF")
    docx = _write_docx(plan, path.with_suffix(".docx"))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(path.parent), str(docx)],
                       check=True, capture_output=True, timeout=300)
    docx.unlink()
    return path
