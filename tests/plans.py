"""Plans built in code for the export / validate / batch tests (no PDF needed)."""
from __future__ import annotations

from plan_extract.model.document import (Deadline, DocumentMeta, Indicator, Issue, Plan, Provenance,
                            Reference, SourceInfo, Target, Task)


def sample_plan(n_tasks: int = 3, number: str | None = "45/KH-UBND") -> Plan:
    """A small plan with the awkward cells: formula-like text, recurring / event deadlines,
    merged leads, an indicator parent row and a blank target."""
    deadlines = [
        Deadline("Quý III/2025", "quarter", "2025-07-01", "2025-09-30"),
        Deadline("Thường xuyên", "continuous"),
        Deadline("Hằng năm", "recurring", "2025-01-01", "2025-12-31", "yearly"),
        Deadline("Sau khi có văn bản của tỉnh", "event"),
        Deadline("Tháng 9 năm 2025", "month", "2025-09-01", "2025-09-30"),
    ]
    texts = ["- Tổ chức tuyên truyền về chuyển đổi số.", "= 20% hồ sơ được số hóa",
             "Tập huấn kỹ năng số cho cán bộ, công chức xã.", "@Hệ thống; thử \"ngoặc\"",
             "+ Cập nhật kết quả\nlên hệ thống"]
    tasks = []
    for n in range(n_tasks):
        tasks.append(Task(
            id=f"T{n + 1:03d}", origin="appendix" if n % 4 else "body", section="I" if n < 2 else "II",
            section_title="Nâng cao nhận thức", number=str(n + 1), text=texts[n % len(texts)] + f" ({n + 1})",
            lead=["Phòng Văn hóa - Xã hội"] if n % 3 else ["Văn phòng HĐND và UBND xã", "Công an xã"],
            lead_raw="Phòng Văn hoá - Xã hội", coordinators=[] if n % 2 else ["Các thôn"],
            coordinators_raw="" if n % 2 else "Các thôn",
            deadline=deadlines[n % len(deadlines)],
            extra={"Sản phẩm": "Kế hoạch"} if n % 2 == 0 else {},
            source=Provenance(page=2 + n // 20, bbox=[56.5, 100.0 + n, 540.25, 130.0 + n], table=0,
                              confidence=0.9)))
    indicators = [
        Indicator("I001", "appendix", "7", None, "Chỉ tiêu về thực hiện thủ tục hành chính", None, {},
                  source=Provenance(page=3, table=1)),
        Indicator("I002", "appendix", "7.1", "7", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%",
                  {"2025": Target("≥ 90%", ">=", 90.0, "%"), "2030": Target("= 20%", "=", 20.0, "%"),
                   "2035": None, "2040": Target("Đạt mức 3")},
                  lead=["Trung tâm phục vụ Hành chính công"], lead_raw="Trung tâm PVHCC",
                  footnote="Năm 2025 tính tỷ lệ ...", source=Provenance(page=3, bbox=[1, 2, 3, 4], table=1)),
    ]
    return Plan(
        source=SourceInfo(file="mini_example.pdf", sha256="a" * 64, pages=3),
        document=DocumentMeta(doc_type="KẾ HOẠCH", number=number, issue_date="2025-06-12",
                              issue_month=6, issue_year=2025, issuer="Ủy ban nhân dân xã Tiên Điền",
                              issuer_raw="ỦY BAN NHÂN DÂN / XÃ TIÊN ĐIỀN", place="Tiên Điền",
                              title="Thực hiện chuyển đổi số trên địa bàn xã Tiên Điền năm 2025",
                              signer="Nguyễn Văn Hùng", signer_title="CHỦ TỊCH",
                              references=[Reference("57-NQ/TW", "2024-12-22", "Bộ Chính trị", "Nghị quyết"),
                                          Reference("231/KH-UBND", "2025-05-20", "UBND tỉnh Hà Tĩnh", "Kế hoạch")]),
        tasks=tasks, indicators=indicators,
        issues=[Issue("warning", "unknown-unit", "Không nhận ra đơn vị \"Trung tâm PVHCC\".", 3, "I002")],
    )
