"""normalise.readings: the two OCR readings of a high-risk cell compared by meaning; low cell
confidence. Plans built from the model (the OCR stage's output is tested in test_ocr.py and the
noise-seed property in test_ocr_noise.py)."""
from __future__ import annotations

import pytest

from plan_extract.model.document import Indicator, Plan, Provenance, SourceInfo, Task
from plan_extract.normalise import readings
from plan_extract.normalise.deadlines import DeadlineContext, parse_deadline
from plan_extract.interpret.targets import parse_target


def _task(raw, second=None, conf=0.95, number="1", number_second=None, ocr=True):
    entry = {"confidence": conf}
    if second is not None:
        entry["second_reading"] = second
    src = {"deadline_raw": entry, "number": {"confidence": 0.97}} if ocr else {}
    if number_second is not None:
        src["number"]["second_reading"] = number_second
    return Task(id="T-1", origin="appendix", section=None, section_title=None, number=number,
                text="Tổ chức tập huấn kỹ năng số cho cán bộ", lead_raw="Văn phòng",
                deadline=parse_deadline(raw), source=Provenance(page=3, table=0, ocr=src))


def _plan(*rows):
    plan = Plan(source=SourceInfo(file="x.pdf", sha256="0" * 64, pages=3, text_layer="ocr"))
    for r in rows:
        (plan.tasks if isinstance(r, Task) else plan.indicators).append(r)
    return plan


def test_two_dated_readings_that_differ_give_no_date_and_an_issue_on_the_row():
    plan = _plan(_task("Quý II/2025", second="Quý III/2025"))
    issues = readings.issues_for(plan, DeadlineContext(year=2025))
    d = plan.tasks[0].deadline
    assert d.raw == "Quý II/2025" and d.kind == "unrecognised" and d.start is None and d.due is None
    assert "Quý III/2025" in d.note
    assert [(i.code, i.row, i.page) for i in issues] == [("ocr-readings-differ", "T-1", 3)]
    assert "Quý II/2025" in issues[0].message and "Quý III/2025" in issues[0].message


def test_readings_with_one_meaning_raise_nothing():
    plan = _plan(_task("Quý III/2025", second="Quý  III/2025"), _task("Năm 2025", second="năm 2025"))
    assert readings.issues_for(plan) == []
    assert plan.tasks[0].deadline.due == "2025-09-30"


@pytest.mark.parametrize("first, second", [("Quý H/2025", "Quý II/2025"), ("Quý III/2025", "Quý Il/2025"),
                                           ("Quý HII/2025", "Quý III/2025")])
def test_a_date_beside_a_garbled_reading_is_still_a_guess(first, second):
    plan = _plan(_task(first, second=second))
    issues = readings.issues_for(plan)
    task = plan.tasks[0]
    assert task.deadline.raw == first and task.deadline.start is None and task.deadline.due is None
    assert [i.code for i in issues] == ["ocr-readings-differ"] and issues[0].row == "T-1"


def test_without_dates_the_understood_reading_is_kept_and_the_row_flagged():
    plan = _plan(_task("Thường xuvên", second="Thường xuyên"))
    issues = readings.issues_for(plan)
    task = plan.tasks[0]
    assert task.deadline.raw == "Thường xuyên" and task.deadline.kind == "continuous"
    assert task.source.ocr["deadline_raw"]["second_reading"] == "Thường xuvên"
    assert [i.code for i in issues] == ["ocr-readings-differ"] and issues[0].row == "T-1"


def test_row_number_readings_compared_without_trailing_punctuation():
    assert readings.issues_for(_plan(_task("Năm 2025", number="7,", number_second="7."))) == []
    issues = readings.issues_for(_plan(_task("Năm 2025", number="71", number_second="7.1")))
    assert [i.code for i in issues] == ["ocr-readings-differ"] and "7.1" in issues[0].message


def test_low_cell_confidence_flags_the_row_and_names_the_cell():
    issues = readings.issues_for(_plan(_task("Năm 2025", conf=readings.LOW_CONFIDENCE - 0.01)))
    assert [i.code for i in issues] == ["ocr-low-confidence-cell"] and issues[0].row == "T-1"
    assert "thời hạn" in issues[0].message
    assert readings.issues_for(_plan(_task("Năm 2025", conf=readings.LOW_CONFIDENCE))) == []


def test_rows_not_read_by_ocr_are_left_alone():
    plan = _plan(_task("Quý II/2025", ocr=False))
    assert readings.issues_for(plan) == [] and plan.tasks[0].deadline.due == "2025-06-30"


def test_indicator_target_readings_compared_by_value():
    def ind(first, second):
        return Indicator(id="I-1", origin="appendix", number="1", parent=None, name="Tỷ lệ hồ sơ trực tuyến",
                         unit_of_measure="%", targets={"2025": parse_target(first, "%")},
                         source=Provenance(page=2, table=0, ocr={"target:2025": {"confidence": 0.9,
                                                                                 "second_reading": second}}))
    assert readings.issues_for(_plan(ind("95", "95 "))) == []
    issues = readings.issues_for(_plan(ind("95", "85")))
    assert [(i.code, i.row) for i in issues] == [("ocr-readings-differ", "I-1")]


def test_ocr_provenance_written_only_on_ocr_rows_and_valid():
    from plan_extract.output.validate import validate_plan
    plan = _plan(_task("Quý III/2025", second="Quý II/2025"), _task("Năm 2025", ocr=False))
    plan.tasks[1].id = "T-2"
    plan.issues.extend(readings.issues_for(plan))
    d = plan.to_dict()
    assert d["tasks"][0]["source"]["ocr"]["deadline_raw"] == {"confidence": 0.95, "second_reading": "Quý II/2025"}
    assert "ocr" not in d["tasks"][1]["source"]
    assert validate_plan(d) == []
    assert Plan.from_dict(d).to_json() == plan.to_json()


def test_a_roman_quarter_read_with_middling_confidence_is_flagged():
    # "III" read "II" by both settings is a valid, wrong quarter: a stricter threshold
    conf = (readings.LOW_CONFIDENCE + readings.ROMAN_LOW_CONFIDENCE) / 2
    issues = readings.issues_for(_plan(_task("Quý II/2025", conf=conf)))
    assert [(i.code, i.row) for i in issues] == [("ocr-low-confidence-cell", "T-1")]
    assert readings.issues_for(_plan(_task("Tháng 9/2025", conf=conf))) == []
    assert readings.issues_for(_plan(_task("Quý II/2025", conf=readings.ROMAN_LOW_CONFIDENCE))) == []


@pytest.mark.parametrize("numbers, flagged", [
    (["6", "7", "1", "7.2", "7.3", "8"], [2]),      # "7.1" read "1": the dot and the 7 lost
    (["6", "7", "71", "7.2"], [2]),                 # "7.1" read "71": the dot lost
    (["2", "9", "4"], [1]),                         # "3" read "9"
    (["3", "3.1", "3.2", "3.3", "4"], []),          # a sound numbering
    (["7", "1", "2"], []),                          # a restart (a new part), no missing number
    (["1", "x", "3"], []),                          # a letter between: not judged
    (["6", None, "7.1", "7.2"], [1]),               # "7" not read
    (["6", None, "7"], []),                         # an unnumbered row between 6 and 7: no room
])
def test_numbers_out_of_sequence(numbers, flagged):
    assert readings.out_of_sequence(numbers) == flagged


def test_indicator_number_out_of_sequence_flags_its_row_when_read_by_ocr():
    def ind(number, i, ocr=True):
        return Indicator(id=f"I-{i}", origin="appendix", number=number, parent=None, name=f"Chỉ tiêu {i}",
                         unit_of_measure="%", targets={},
                         source=Provenance(page=2, table=0, ocr={"number": {"confidence": 0.9}} if ocr else {}))
    plan = _plan(ind("7", 1), ind("1", 2), ind("7.2", 3), ind("7.3", 4))
    issues = readings.issues_for(plan)
    assert [(i.code, i.row, i.page) for i in issues] == [("ocr-number-out-of-sequence", "I-2", 2)]
    assert "“1”" in issues[0].message
    plan = _plan(ind("7", 1, False), ind("1", 2, False), ind("7.2", 3, False))
    assert readings.issues_for(plan) == []                       # native text: no OCR doubt
