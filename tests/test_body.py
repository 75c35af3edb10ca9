"""Tasks and targets written in the body: blocks, unit headings, deadlines in prose, the
non-task sections, prose targets; seed texts 003 / 004 and the corpus PDFs against gold."""
from __future__ import annotations

import pytest
import regex as re

from plan_extract.interpret import body
from plan_extract.normalise.units import unit_at_start
from tests.seedlines import corpus_ids, extracted, gold, seed_lines, text_to_lines


@pytest.mark.parametrize("heading,unit", [
    ("Phòng Văn hoá - Xã hội", "Phòng Văn hoá - Xã hội"),
    ("Công an xã", "Công an xã"),
    ("Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công"),
    ("Văn phòng HĐND-UBND", "Văn phòng HĐND-UBND"),
    ("Các phòng, ban, ngành, các thôn", "Các phòng, ban, ngành, các thôn"),
    ("Các phòng, ban, ngành, cơ quan, đơn vị", "Các phòng, ban, ngành, cơ quan, đơn vị"),
    ("Phòng Kinh tế chủ trì, phối hợp các phòng, ban, ngành, đơn vị", "Phòng Kinh tế"),
    ("Văn phòng HĐND-UBND, Trung tâm Phục vụ hành chính công",
     "Văn phòng HĐND-UBND, Trung tâm Phục vụ hành chính công"),
    ("Trách nhiệm của Ủy ban nhân dân xã", "Ủy ban nhân dân xã"),
    ("Trách nhiệm của Ban Chỉ đạo xã", "Ban Chỉ đạo xã"),
    ("Trách nhiệm của các Đảng bộ, chi bộ trực thuộc", "các Đảng bộ, chi bộ trực thuộc"),
    ("Trách nhiệm của các cơ quan chuyên trách tham mưu giúp việc của Đảng ủy",
     "các cơ quan chuyên trách tham mưu giúp việc của Đảng ủy"),
    ("Trách nhiệm của Mặt trận Tổ quốc, các đoàn thể", "Mặt trận Tổ quốc, các đoàn thể"),
    ("Nhiệm vụ của các sở, ban, ngành", None),          # "sở" lower-case: a collective, see below
    ("Nâng cao nhận thức, đột phá về đổi mới tư duy", None),
    ("Tổ chức thực hiện", None),
    ("TỔ CHỨC THỰC HIỆN", None),
    ("Ban hành các văn bản chỉ đạo", None),
    ("Phòng chống tội phạm công nghệ cao", None),
    ("Mục tiêu cụ thể", None),
    ("Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ", None),
    ("Kinh phí thực hiện và nguồn lực hỗ trợ", None),
])
def test_unit_of_heading(heading, unit):
    if heading.startswith("Nhiệm vụ của"):
        unit = "các sở, ban, ngành"
    assert body.unit_of_heading(heading, unit_at_start) == unit


@pytest.mark.parametrize("heading,skip", [
    ("MỤC ĐÍCH, YÊU CẦU", True), ("Mục đích", True), ("Yêu cầu", True), ("MỤC TIÊU", True),
    ("MỤC TIÊU, CHỈ TIÊU", True), ("Mục tiêu cụ thể (chi tiết tại Phụ lục I kèm theo)", True),
    ("KINH PHÍ THỰC HIỆN", True), ("Kinh phí thực hiện và nguồn lực hỗ trợ", True),
    ("Tầm nhìn đến năm 2045", True), ("NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", False),
    ("TỔ CHỨC THỰC HIỆN", False), ("Phòng Văn hoá - Xã hội", False),
])
def test_skip_sections(heading, skip):
    assert body.is_skip_heading(heading) is skip


def test_every_vocab_list_is_non_empty_text():
    for key, entries in body.vocab().items():
        assert entries, key
        for e in entries:
            assert isinstance(e, (str, dict)) and e, (key, e)


@pytest.mark.parametrize("text,phrase", [
    ("Tham mưu thành lập Tổ công tác, hoàn thành trước ngày 30/9/2025.", "trước ngày 30/9/2025"),
    ("Tổ chức các lớp phổ cập; tổ chức ít nhất 02 lớp trong Quý IV/2025.", "Quý IV/2025"),
    ("Đưa tin về kết quả thực hiện hằng tháng.", "hằng tháng"),
    ("Hướng dẫn hộ kinh doanh sử dụng mã QR, hoàn thành trong năm 2025.", "trong năm 2025"),
    ("Tổng hợp, báo cáo kết quả định kỳ hằng quý.", "định kỳ hằng quý"),
    ("Xây dựng kế hoạch, hoàn thành trong tháng 9/2025.", "tháng 9/2025"),
    ("Triển khai mô hình trong 6 tháng đầu năm 2026.", "6 tháng đầu năm 2026"),
    ("Là một tiêu chí thi đua, khen thưởng hằng năm của xã.", ""),
    ("Đưa vào tiêu chí thi đua, khen thưởng cán bộ, công chức, viên chức hằng năm.", ""),
    ("Xây dựng chương trình xúc tiến đầu tư hằng năm, trong đó ưu tiên thu hút doanh nghiệp.", ""),
    ("Theo dõi theo Nghị định số 73/2023/NĐ-CP ngày 29/9/2023 của Chính phủ.", ""),
    ("Thành lập đoàn kiểm tra định kỳ, báo cáo kết quả theo tháng, quý, 6 tháng, 1 năm.", ""),
    # a clause making something public closes on its recurrence (cd_late8_prose_tasks)
    ("Tổ chức đánh giá mức độ hài lòng; công khai kết quả đánh giá trên trang thông tin điện tử của phường "
     "hằng tháng.", "hằng tháng"),
    ("Công khai kết quả trên trang thông tin điện tử hằng quý.", "hằng quý"),
    ("Công khai danh sách; đưa vào tiêu chí thi đua, khen thưởng viên chức hằng năm.", ""),
])
def test_deadline_phrase(text, phrase):
    assert body.deadline_phrase(text) == phrase


SEED_003_SECTION_III = """III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU
1. Nâng cao nhận thức, đột phá về đổi mới tư duy
1.1. Các phòng, ban, ngành, các thôn
Tổ chức tuyên truyền thường xuyên, sâu rộng nội dung Nghị quyết 57-NQ/TW.
1.2. Phòng Văn hoá - Xã hội
- Tham mưu Ủy ban nhân dân xã thực hiện quy định trách nhiệm người đứng đầu.
- Thực hiện đo lường, đánh giá trực tuyến về mức độ hoàn thành nhiệm vụ, hoàn thành trước ngày 30/9/2025.
2. Tập trung rà soát và hoàn thiện cơ chế, chính sách
2.1. Phòng Kinh tế chủ trì, phối hợp các phòng, ban, ngành, đơn vị
- Triển khai các hoạt động xúc tiến, kêu gọi đầu tư.
IV. KINH PHÍ THỰC HIỆN
1. Nguồn ngân sách Trung ương, ngân sách địa phương.
V. TỔ CHỨC THỰC HIỆN
1. Các phòng, ban, ngành, các cơ quan, đơn vị trên địa bàn xã
- Căn cứ Kế hoạch và tình hình thực tế, xây dựng kế hoạch.
2. Phòng Văn hoá - Xã hội
Chịu trách nhiệm hướng dẫn, đôn đốc các phòng, ban, ngành, đơn vị thực hiện Kế hoạch.
"""


def test_seed_like_section_iii_tasks():
    tasks = body.body_to_tasks(body.read_body(text_to_lines(SEED_003_SECTION_III)), unit_at_start)
    got = [(t.section, t.section_title, t.lead_raw, t.text[:30], t.deadline.raw) for t in tasks]
    assert got == [
        ("1.1.", "Các phòng, ban, ngành, các thôn", "Các phòng, ban, ngành, các thôn",
         "Tổ chức tuyên truyền thường xu", ""),
        ("1.2.", "Phòng Văn hoá - Xã hội", "Phòng Văn hoá - Xã hội", "Tham mưu Ủy ban nhân dân xã th", ""),
        ("1.2.", "Phòng Văn hoá - Xã hội", "Phòng Văn hoá - Xã hội", "Thực hiện đo lường, đánh giá t",
         "trước ngày 30/9/2025"),
        ("2.1.", "Phòng Kinh tế chủ trì, phối hợp các phòng, ban, ngành, đơn vị",
         "Phòng Kinh tế chủ trì, phối hợp các phòng, ban, ngành, đơn vị", "Triển khai các hoạt động xúc t", ""),
    ]
    assert all(t.origin == "body" and t.number is None and t.coordinators_raw is None for t in tasks)


NON_TASK = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Quán triệt, triển khai thực hiện đầy đủ các nhiệm vụ.
2. Yêu cầu
- Phòng Văn hoá - Xã hội có trách nhiệm chủ trì, hướng dẫn.
II. MỤC TIÊU
1. Phòng Văn hoá - Xã hội
- Nâng cao năng lực nội sinh.
III. NHIỆM VỤ, GIẢI PHÁP
1. Nâng cao nhận thức
- Các cấp uỷ, tổ chức đảng, cán bộ, đảng viên cần nhận thức đầy đủ.
IV. KINH PHÍ
1. Phòng Kinh tế
- Tham mưu bố trí kinh phí.
V. TỔ CHỨC THỰC HIỆN
- Giao Văn phòng: theo dõi, đôn đốc và tổng hợp tình hình.
Nơi nhận:
- Như trên;
"""


def test_non_task_sections_give_no_tasks():
    # with a task table (seeds 000, 002) "Giao Văn phòng: theo dõi ..." restates its monitoring
    assert body.body_to_tasks(body.read_body(text_to_lines(NON_TASK)), unit_at_start, has_task_table=True) == []
    # a plan without one assigns that work in the body: a task of Văn phòng (BCA KH 996 III.1)
    tasks = body.body_to_tasks(body.read_body(text_to_lines(NON_TASK)), unit_at_start)
    assert [(t.section, t.lead_raw) for t in tasks] == [("V.", "Văn phòng")]


def test_appendix_text_is_not_body():
    text = ("III. NHIỆM VỤ\n1. Phòng Kinh tế\n- Triển khai chương trình.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n"
            "Phụ lục II\n1. Phòng Văn hoá - Xã hội\n- Không phải nhiệm vụ thân văn bản.\n")
    assert [t.text for t in body.body_to_tasks(body.read_body(text_to_lines(text)), unit_at_start)] == ["Triển khai chương trình."]


def test_seed_003_tasks():
    tasks = body.body_to_tasks(body.read_body(seed_lines("003")), unit_at_start)
    # 72 in gold; the pdftotext layer has no indents, so a few paragraph breaks are guessed
    assert 68 <= len(tasks) <= 74
    leads = {t.lead_raw for t in tasks}
    assert "Công an xã" in leads and "Phòng Kinh tế chủ trì, phối hợp các phòng, ban, ngành, đơn vị" in leads
    assert not any(t.section in ("1.", "2.", "3.") and t.lead_raw.startswith("Phòng Văn") and
                   t.text.startswith("Chịu trách nhiệm") for t in tasks)   # V. TỔ CHỨC THỰC HIỆN


def test_seed_004_tasks():
    tasks = body.body_to_tasks(body.read_body(seed_lines("004")), unit_at_start)
    assert 24 <= len(tasks) <= 26
    assert {t.lead_raw for t in tasks} == {
        "Trách nhiệm của Ban Chỉ đạo xã", "Trách nhiệm của Ban Thường vụ Đảng ủy",
        "Trách nhiệm của các Đảng bộ, chi bộ trực thuộc",
        "Trách nhiệm của các cơ quan chuyên trách tham mưu giúp việc của Đảng ủy",
        "Trách nhiệm của Ủy ban nhân dân xã", "Trách nhiệm của Hội đồng nhân dân xã",
        "Trách nhiệm của Mặt trận Tổ quốc, các đoàn thể"}
    assert not any(t.text.startswith("Kinh phí thực hiện") for t in tasks)


def test_seeds_without_unit_headings_give_no_tasks():
    for seed in ("000", "001", "002"):
        # their tasks are in tables; the body restates them without units
        assert body.body_to_tasks(body.read_body(seed_lines(seed)), unit_at_start, has_task_table=True) == []


@pytest.mark.parametrize("text,year,expected", [
    ("Tỷ lệ hồ sơ TTHC xử lý trực tuyến đạt 85%; giao dịch không dùng tiền mặt đạt trên 80%.", "2030",
     [("Tỷ lệ hồ sơ TTHC xử lý trực tuyến", "85%", "2030"), ("Giao dịch không dùng tiền mặt", "trên 80%", "2030")]),
    ("Tỷ lệ xử lý văn bản toàn trình đạt >90%.", "2030", [("Tỷ lệ xử lý văn bản toàn trình", ">90%", "2030")]),
    ("Khoa học góp phần xây dựng con người Việt Nam, đóng góp vào chỉ số phát triển con người (HDI) "
     "duy trì trên 0,7.", "2045", [("Chỉ số phát triển con người (HDI)", "trên 0,7", "2045")]),
    ("Từ năm 2026, đảm bảo tối thiểu 2% tổng chi ngân sách hằng năm cho phát triển khoa học và tăng dần "
     "theo yêu cầu.", "2030", [("Tổng chi ngân sách hằng năm cho phát triển khoa học", "tối thiểu 2%", "2026")]),
    ("100% khối phố đạt tiêu chí “Khối phố số”.", "2030", [("Khối phố đạt tiêu chí “Khối phố số”", "100%", "2030")]),
    ("Tỷ lệ hồ sơ được giải quyết trực tuyến không dưới 85%.", "2030", []),
    ("Phấn đấu đến năm 2030, tầm nhìn 2045 đạt mức tiên tiến.", None, []),
    ("Tiềm lực khoa học đạt mức tiên tiến ở nhiều lĩnh vực quan trọng.", "2030", []),
])
def test_clause_targets(text, year, expected):
    assert body.clause_targets(text, year) == expected


def test_seed_004_prose_targets():
    inds = body.body_to_indicators(body.read_body(seed_lines("004")))
    pairs = [(i.name, next(iter(i.targets)), i.targets[next(iter(i.targets))].raw) for i in inds]
    assert ("Tỷ lệ hồ sơ TTHC xử lý trực tuyến", "2030", "85%") in pairs
    assert ("Tổng chi ngân sách hằng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi "
            "số quốc gia", "2026", "tối thiểu 2%") in pairs
    assert ("Giao dịch không dùng tiền mặt", "2045", "trên 95%") in pairs
    assert all(i.origin == "body" and i.number is None for i in inds)


def test_no_prose_targets_outside_muc_tieu():
    text = "III. NHIỆM VỤ\n1. Phòng Kinh tế\n- Tỷ lệ hồ sơ xử lý trực tuyến đạt 85%.\n"
    assert body.body_to_indicators(body.read_body(text_to_lines(text))) == []


# ---------------------------------------------------------------- corpus
BODY_DOCS = [s for s in corpus_ids()]


@pytest.mark.parametrize("stem", BODY_DOCS)
def test_corpus_body_tasks_against_gold(stem):
    want = [t for t in gold(stem)["tasks"] if t["origin"] == "body"]
    got = [t for t in extracted(stem)["tasks"] if t["origin"] == "body"]
    by_text = {t["text"]: t for t in got}
    invented = [t["text"][:60] for t in got if t["text"] not in {w["text"] for w in want}]
    assert not invented
    found = 0
    for w in want:
        g = by_text.get(w["text"])
        if g is None or g["lead_raw"] != w["lead_raw"]:
            continue
        assert (g["section"], g["section_title"]) == (w["section"], w["section_title"])
        assert g["source"]["page"] == w["source"]["page"]
        if w["deadline"]["raw"].lower() in w["text"].lower():     # a deadline the text states
            assert g["deadline"]["raw"] == w["deadline"]["raw"]
        found += 1
    assert found >= 0.95 * len(want), f"{found}/{len(want)}"


@pytest.mark.parametrize("stem", BODY_DOCS)
def test_corpus_body_indicators_against_gold(stem):
    def key(i):
        (k, t), = i["targets"].items()
        return (i["name"], k, t["raw"], t["op"], t["value"], t["unit"])
    want = [key(i) for i in gold(stem)["indicators"] if i["origin"] == "body"]
    got = [key(i) for i in extracted(stem)["indicators"] if i["origin"] == "body"]
    assert got == want


def _geo(text, top, x0=85.0, x1=None, bold=False, page=1):
    from plan_extract.model.parts import Line
    return Line(text, page, x0, top, x1 if x1 is not None else 540.0, top + 12, 14.0, bold)


def test_blocks_from_geometry_regular_weight_headings():
    lines = [
        _geo("III. NHIỆM VỤ CỤ THỂ", 100, 121, 300, bold=True),
        _geo("1. Phòng Kinh tế", 118, 121, 230),                     # regular weight, short
        _geo("- Triển khai chương trình chuyển đổi số trong doanh nghiệp, hỗ trợ", 136, 121),
        _geo("doanh nghiệp nhỏ và vừa.", 154, 85, 260),
        _geo("- Tham mưu bố trí kinh phí, hoàn thành trước ngày 30/9/2025.", 172, 121, 500),
        _geo("2. Các phòng căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực", 190, 121),
        _geo("hiện có hiệu quả các nội dung của Kế hoạch này.", 208, 85, 400),
    ]
    tasks = body.blocks_to_tasks(body.lines_to_blocks(lines), unit_at_start)
    assert [(t.section, t.lead_raw, t.text, t.deadline.raw) for t in tasks] == [
        ("1.", "Phòng Kinh tế", "Triển khai chương trình chuyển đổi số trong doanh nghiệp, hỗ trợ doanh "
         "nghiệp nhỏ và vừa.", ""),
        ("1.", "Phòng Kinh tế", "Tham mưu bố trí kinh phí, hoàn thành trước ngày 30/9/2025.",
         "trước ngày 30/9/2025"),
        # a numbered paragraph whose sentence opens with units: their task (drug plan V.1)
        ("III.", "Các phòng", "Các phòng căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực "
         "hiện có hiệu quả các nội dung của Kế hoạch này.", ""),
    ]
    assert tasks[0].source.page == 1 and tasks[0].source.bbox == [85.0, 136.0, 540.0, 166.0]


@pytest.mark.parametrize("cue", body.vocab()["unit_heading_cues"])
def test_every_cue_names_the_unit_after_it(cue):
    assert body.unit_of_heading(f"{cue[:1].upper()}{cue[1:]} Phòng Kinh tế", unit_at_start) == "Phòng Kinh tế"


@pytest.mark.parametrize("entry", body.vocab()["skip_sections"] + body.vocab()["coordination_sections"])
def test_every_section_name_is_recognised(entry):
    assert body.is_skip_heading(entry.upper()) or body.is_coordination_heading(entry.upper())


@pytest.mark.parametrize("entry", body.vocab()["target_sections"])
def test_every_target_section_is_recognised(entry):
    assert body.is_target_heading(f"{entry.upper()} CỤ THỂ")


@pytest.mark.parametrize("entry", body.vocab()["deadline_patterns"])
def test_every_deadline_pattern_has_a_source(entry):
    assert entry["seen"] and entry["pattern"]


# ---------------------------------------------------------------- real plans' forms (issue 18)
REAL_FORMS = """III. GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ
1. Công tác tuyên truyền
1.1. Các sở, ban, ngành
- Tham mưu Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo triển khai thực hiện kế hoạch này.
1.2. Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng: Phối hợp với cấp ủy, chính quyền địa phương khu vực biên giới đẩy mạnh công tác tuyên truyền.
1.3. Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo
Phối hợp, lồng ghép vào các chương trình, dự án để tăng cường công tác tập huấn.
1.4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh
Chỉ đạo thực hiện có hiệu quả các kế hoạch liên tịch.
1.5. Chủ tịch Ủy ban nhân dân cấp xã chỉ đạo
- Thành lập Hội đồng cấp xã (hoàn thành trong tháng 4/2026); họp ít nhất 01 lần/tháng.
1.6. Phòng giáo dục và đào tạo
- Hướng dẫn các trường tổ chức ngoại khóa.
1.7. Trường mầm non
- Tổ chức tuyên truyền cho phụ huynh.
1.8. Hội nông dân xã
- Vận động hội viên tham gia.
1.9. Đài truyền thanh xã
- Phát sóng chuyên mục hằng tuần.
- Trong quá trình thực hiện, nếu phát sinh khó khăn, vướng mắc, các đơn vị kịp thời phản ánh về Công an tỉnh.
IV. TỔ CHỨC THỰC HIỆN
1. Giao Công an tỉnh là cơ quan thường trực, theo dõi, đôn đốc việc thực hiện Kế hoạch này.
2. Đề nghị các đơn vị, địa phương báo cáo kết quả thực hiện trước ngày 20/12/2026.
Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị kịp thời phản ánh về Công an tỉnh.
"""


def _lines(text):
    lines = text_to_lines(text)
    for l in lines:                  # short headings end short of the right edge, as printed
        if re.match(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s", l.text) and len(l.text) < 100:
            l.x1 = 60.0
    return lines


def _tasks(text, **kw):
    return body.body_to_tasks(body.read_body(_lines(text)), unit_at_start, **kw)


def _same(got, want, text_at):
    """Rows equal, the text column compared as a prefix."""
    assert len(got) == len(want), got
    for g, w in zip(got, want):
        assert g[text_at].startswith(w[text_at]), (g, w)
        assert g[:text_at] + g[text_at + 1:] == w[:text_at] + w[text_at + 1:], (g, w)


def test_real_heading_forms():
    got = [(t.lead_raw, t.requested, t.text, t.deadline.raw) for t in _tasks(REAL_FORMS)]
    _same(got, [
        ("Các sở, ban, ngành", False, "Tham mưu Ủy ban nhân dân tỉnh ", ""),
        ("Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng", False,
         "Phối hợp với cấp ủy, chính quy", ""),                      # heading and task on one line
        ("Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo", False, "Phối hợp, lồng ghép vào các ch", ""),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh", True,   # requested
         "Chỉ đạo thực hiện có hiệu quả ", ""),
        ("Chủ tịch Ủy ban nhân dân cấp xã chỉ đạo", False, "Thành lập Hội đồng cấp xã (hoà",
         "hoàn thành trong tháng 4/2026"),                            # a quota is no deadline
        ("Phòng giáo dục và đào tạo", False, "Hướng dẫn các trường tổ chức n", ""),
        ("Trường mầm non", False, "Tổ chức tuyên truyền cho phụ h", ""),
        ("Hội nông dân xã", False, "Vận động hội viên tham gia.", ""),
        ("Đài truyền thanh xã", False, "Phát sóng chuyên mục hằng tuần", ""),
        # IV: items whose sentence opens with the unit; the closing formulas are not tasks
        ("Công an tỉnh", False, "Giao Công an tỉnh là cơ quan th", ""),
        ("các đơn vị, địa phương", True, "Đề nghị các đơn vị, địa phương", "trước ngày 20/12/2026"),
    ], 2)


PARTICIPANTS = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Để các đơn vị chủ động sắp xếp địa điểm, thời gian.
II. THÀNH PHẦN THAM GIA
1. Sở GDĐT tỉnh Đồng Tháp
Đại diện lãnh đạo Sở GDĐT.
Kính mời đại diện lãnh đạo Uỷ ban nhân dân và Phòng Văn hóa - Xã hội phường Hồng Ngự.
III. PHÂN CÔNG CHUẨN BỊ
1. Phòng Giáo dục Phổ thông
Chủ trì xây dựng kế hoạch tiếp đón và làm việc với Đoàn kiểm tra.
2. Đối với Uỷ ban nhân dân cấp xã, các trường phổ thông
Đề nghị Uỷ ban nhân dân cấp xã chỉ đạo các trường tại Phụ lục I: Chuẩn bị đầy đủ báo cáo. Riêng Uỷ ban nhân dân phường Hồng Ngự cử đại diện lãnh đạo tham dự và chỉ đạo các trường:
- Cử thành phần tiếp đón Đoàn kiểm tra.
Nhận được Kế hoạch này, Sở GDĐT đề nghị Uỷ ban nhân dân cấp xã phối hợp chỉ đạo các đơn vị thực hiện./.
"""


def test_participants_are_not_tasks_and_items_name_their_own_subject():
    got = [(t.section, t.lead_raw, t.requested, t.text) for t in _tasks(PARTICIPANTS)]
    _same(got, [
        ("1.", "Phòng Giáo dục Phổ thông", False, "Chủ trì xây dựng kế "),
        ("2.", "Uỷ ban nhân dân cấp xã", True, "Đề nghị Uỷ ban nhân d"),
        ("2.", "Uỷ ban nhân dân phường Hồng Ngự", True, "Riêng Uỷ ban nhân dân"),
        ("2.", "Uỷ ban nhân dân phường Hồng Ngự", True, "Cử thành phần tiếp đ"),
    ], 3)


ISSUER_TASKS = """I. MỤC ĐÍCH, YÊU CẦU
1. Tăng cường phối hợp trong công tác kiểm soát.
II. NỘI DUNG
1. Thực hiện các văn bản chỉ đạo của Chính phủ về kiểm soát tiền chất.
2. Tham mưu sửa đổi, bổ sung các văn bản pháp luật (phân công chi tiết tại Phụ lục 2, 3).
3. Các đơn vị, địa phương tham mưu, triển khai thực hiện và hoàn thành các mặt công tác, như:
- Cấp phép cho các cơ quan, tổ chức thực hiện các hoạt động hợp pháp.
III. TỔ CHỨC THỰC HIỆN
1. Các đơn vị, địa phương báo cáo kết quả trước ngày 20/6/2026.
Mọi thông tin cần trao đổi, đề nghị các đơn vị liên hệ Cục Cảnh sát điều tra tội phạm về ma túy./.
"""


def test_numbered_tasks_naming_no_unit_belong_to_the_issuer():
    tasks = _tasks(ISSUER_TASKS, issuer="Tổ Công tác liên ngành trung ương")
    got = [(t.number, t.lead_raw, t.owner, t.text) for t in tasks]
    _same(got, [
        ("1", None, "Tổ Công tác liên ngành trung ương", "Thực hiện các văn bả"),
        ("2", None, "Tổ Công tác liên ngành trung ương", "Tham mưu sửa đổi, bổ"),
        ("3", "Các đơn vị, địa phương", None, "Cấp phép cho các cơ "),
        ("1", "Các đơn vị, địa phương", None, "Các đơn vị, địa phươ"),
    ], 3)
    # with a task table, numbered items naming no unit restate it: not tasks
    assert [t.number for t in _tasks(ISSUER_TASKS, has_task_table=True)] == []


def test_missing_appendix_is_reported():
    assert body.missing_appendices(body.read_body(text_to_lines(ISSUER_TASKS))) == [("chi tiết tại Phụ lục 2, 3", 1)]
    present = ISSUER_TASKS + "Nơi nhận:\n- Như trên;\nPhụ lục 2\nDanh sách\nPhụ lục 3\nBảng phân công\n"
    assert body.missing_appendices(body.read_body(text_to_lines(present))) == []


@pytest.mark.parametrize("key", ["requested_cues", "group_cues", "subject_cues", "own_subject_cues",
                                 "leadin_verbs"])
def test_every_cue_entry_is_lower_case_text(key):
    for entry in body.vocab()[key]:
        assert entry == entry.lower().strip() and entry


@pytest.mark.parametrize("entry", body.vocab()["work_sections"])
def test_every_work_section_is_recognised(entry):
    assert body.is_work_heading(entry.upper())
    assert body.is_work_heading(f"{entry.upper()} CỤ THỂ") and not body.is_work_heading("MỤC ĐÍCH")


@pytest.mark.parametrize("entry", body.vocab()["closing_openings"])
def test_every_closing_opening_is_recognised(entry):
    assert body.is_closing(f"{entry[:1].upper()}{entry[1:]}, nếu có vướng mắc, các đơn vị phản ánh.")
    assert not body.is_closing(f"Tổ chức thực hiện {entry} kế hoạch.") or entry in ("mọi thông tin",)


@pytest.mark.parametrize("entry", body.vocab()["closing_phrases"])
def test_every_closing_phrase_is_recognised(entry):
    assert body.is_closing(f"Chủ tịch Ủy ban nhân dân các xã {entry} về kết quả.")


def test_section_titles_are_read_through_ocr_tone_errors():
    assert body.is_work_heading("NỌI DUNG") and body.is_work_heading("TỎ CHỨC THỰC HIỆN")
    assert body.is_skip_heading("MỤC ĐÍCH, YÊU CÂU")


# ---------------------------------------------------------------- the real plans (../shared/real)
from tests.real.gold import real_available, load_gold, document_path, gold_stems  # noqa: E402

BODY_GOLD = [s for s in gold_stems() if any(t["origin"] == "body" for t in load_gold(s)["tasks"])]


@pytest.mark.skipif(not real_available(), reason="the real documents (../shared/real) are absent")
@pytest.mark.parametrize("stem", BODY_GOLD + ["dongthap-sgddt-kh362-2026"])
def test_real_plan_body_tasks(stem, tmp_path):
    import shutil
    import subprocess
    from dataclasses import asdict
    from benchmarks.body_real import score
    from plan_extract import extract_result
    gold_doc = load_gold(stem)
    path = document_path(gold_doc)
    res = extract_result(path)
    if res.plan is None and path.suffix == ".doc":
        soffice = shutil.which("soffice")
        if not soffice:
            pytest.skip(".doc needs the .doc reader or LibreOffice")
        subprocess.run([soffice, "--headless", "--convert-to", "docx", "--outdir", str(tmp_path), str(path)],
                       check=True, capture_output=True, timeout=300)
        res = extract_result(tmp_path / (path.stem + ".docx"))
    got = [asdict(t) for t in res.plan.tasks if t.origin == "body"]
    want = [t for t in gold_doc["tasks"] if t["origin"] == "body"]
    s = score(want, got, gold_doc.get("not_tasks", []) + gold_doc.get("generic_items", []))
    assert s["not_tasks"] == 0                      # participants, recipients, closing formulas
    assert s["matched"] >= 0.85 * len(want) and s["matched"] >= 0.9 * len(got)
    assert s["lead_ok"] >= 0.95 * s["matched"]
    # an item read as a task is filed under the heading above it, never under itself
    assert not [t["text"] for t in got if t["section_title"] and t["section_title"] == t["text"]]
    if stem.startswith("bca"):
        assert not any(t["lead"] and t["lead"][0] in ("Như", "Các đơn vị") for t in got)


# ---------------------------------------------------------------- check plans written late
from tests.body_check import CHECK_PLANS, write_plan  # noqa: E402


@pytest.mark.parametrize("plan", CHECK_PLANS, ids=[p.name for p in CHECK_PLANS])
def test_check_plan_body_tasks(plan, tmp_path):
    import shutil
    from dataclasses import asdict
    from benchmarks.body_real import score
    from plan_extract import extract_result
    if plan.fmt == "pdf" and not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice prints the PDF check plan")
    res = extract_result(write_plan(plan, tmp_path))
    got = [asdict(t) for t in res.plan.tasks if t.origin == "body"]
    s = score(plan.gold_tasks(), got, plan.not_tasks)
    assert s["not_tasks"] == 0
    assert s["matched"] >= 0.95 * len(plan.tasks) and s["matched"] >= 0.95 * len(got)
    assert s["lead_ok"] >= 0.95 * s["matched"]
    requested = {t["text"] for t in got if t["requested"]}
    assert requested == {t for t, _, req in plan.tasks if req}
