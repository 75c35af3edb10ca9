"""Words read by OCR that no Vietnamese spelling in use has (`ocr-unknown-word`: the syllable
dictionary of Debian's hunspell-vi, installed by scripts/setup.sh) and word pairs that text
written right holds only with another tone mark (`ocr-tone-variant`: the vocabulary's phrases
and the document's own sound text layer). Written looking at cd_late6_rotated ('Tõ chức') and
cd_late6_scan_page ('Kiếm tra'), the two silent rows of their one measure: tuned on since."""
from __future__ import annotations

import pytest

from plan_extract.checks.rows import check_plan
from plan_extract.checks.scan import pair_keys, syllables, tone_slips, unattested_words, vocab_pairs
from plan_extract.model.document import Deadline, Plan, Provenance, SourceInfo, Task
from plan_extract.model.parts import LogicalTable, Line


def test_the_syllable_dictionary_is_installed():
    """scripts/setup.sh installs hunspell-vi; without it these checks do not run."""
    words = syllables()
    assert words is not None and len(words) > 6000


@pytest.mark.parametrize("cell, odd", [
    ("Tõ chức khảo sát mức độ hài lòng", ["Tõ"]),
    ("Kiểm tra việc chãp hành kỷ luật", ["chãp"]),
    ("Tổ chức khảo sát mức độ hài lòng của người dân", []),
    ("Văn hóa, Thể thao; Ủy ban nhân dân; văn hoá; uỷ ban", []),      # tone placed on either vowel
    ("HĐND, UBND, VNeID, Đắk Lắk, KH-UBND, 57-NQ/TW, Quý III/2026", []),   # capitals, names, numbers
])
def test_words_no_dictionary_has(cell, odd):
    assert unattested_words(cell) == odd


def test_a_word_the_document_writes_from_its_text_layer_is_known():
    assert unattested_words("Tõ chức", known={"tõ"}) == []


def test_a_pair_known_only_with_another_tone():
    vocab = vocab_pairs()
    assert tone_slips("Kiếm tra việc chấp hành", vocab) == [("Kiếm tra", "Kiểm tra")]
    assert tone_slips("Kiểm tra việc chấp hành", vocab) == []
    # no pair across punctuation: "hồ sơ, kết quả" is not "sơ kết"
    assert len(pair_keys(["hồ sơ, kết quả"])) == 2 and len(pair_keys(["hồ sơ kết quả"])) == 3
    # a text without any mark (a lookup key) gives no pair
    assert pair_keys(["ubnd xa phuong"]) == set()


def _ocr_rows_plan(texts, native=()):
    header = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
    table = LogicalTable(index=0, header=header, header_rows=[header], rows=[], pages=[1])
    tasks = [Task(id=f"T-{i}", origin="appendix", section="I", section_title="I", number=str(i + 1), text=text,
                  lead=["Sở Nội vụ"], lead_raw="Sở Nội vụ", coordinators=["Sở Tư pháp"], coordinators_raw="Sở Tư pháp",
                  deadline=Deadline(raw="Năm 2026", kind="year"),
                  source=Provenance(page=1, table=0, ocr={"text": {"confidence": 0.95}}))
             for i, text in enumerate(texts)]
    lines = [Line(text=t, page=2, x0=85, top=100 + 20 * i, x1=500, bottom=112 + 20 * i) for i, t in enumerate(native)]
    return Plan(source=SourceInfo(file="x.pdf", sha256="0", pages=2), tasks=tasks), table, lines


def test_ocr_rows_with_a_word_no_dictionary_has_or_a_slipped_tone_are_doubted():
    from plan_extract.normalise.units import UnitRegistry
    plan, table, lines = _ocr_rows_plan(
        ["Tõ chức khảo sát mức độ hài lòng của người dân.",
         "Rà soát, đánh giá việc chấp hành pháp luật.",
         "Kiếm tra việc chấp hành kỷ luật hành chính.",
         "Tổ chức tập huấn cho cán bộ, công chức."],
        native=["Các cơ quan kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính."])
    check_plan(plan, [table], UnitRegistry.load(), lines)
    doubts = {t.id: t.doubts for t in plan.tasks}
    assert doubts["T-0"] == ["ocr-unknown-word"] and doubts["T-2"] == ["ocr-tone-variant"]
    assert doubts["T-1"] == [] and doubts["T-3"] == []
    [unknown] = [i for i in plan.issues if i.code == "ocr-unknown-word"]
    assert unknown.row == "T-0" and "“Tõ”" in unknown.message
    [slip] = [i for i in plan.issues if i.code == "ocr-tone-variant"]
    assert slip.row == "T-2" and "“Kiểm tra”" in slip.message


def test_rows_of_a_sound_text_layer_are_not_judged_so():
    from plan_extract.normalise.units import UnitRegistry
    plan, table, lines = _ocr_rows_plan(["Tõ chức khảo sát mức độ hài lòng.", "Kiếm tra việc chấp hành."])
    for t in plan.tasks:
        t.source.ocr = None
    check_plan(plan, [table], UnitRegistry.load(), lines)
    assert not any(t.doubts for t in plan.tasks)
