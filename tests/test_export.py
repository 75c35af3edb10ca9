"""Plan -> files (plan.json, CSVs, datapackage, xlsx) and folder exports (tracker, ics, xlsx)."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plan_extract.model.flat import INDICATOR_COLUMNS, TASK_COLUMNS, indicators_frame
from plan_extract.output.files import OutputInvalid, guard_formula, render_outputs, write_outputs
from plan_extract.output.folder import NothingToExport, export_folder, export_plans
from plan_extract.output.ics import title_period_end
from plan_extract.output.tracker import TRACKER_HEADINGS, derived_unit_code, plan_line
from plan_extract.model.document import Deadline, Plan, SourceInfo, Task
from plan_extract.model.ids import assign_ids
from tests.plans import sample_plan

GOLD = Path(__file__).parent / "corpus" / "gold"


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- one document

def test_write_outputs_writes_the_result_folder(tmp_path):
    target = write_outputs(sample_plan(5), tmp_path / "mini", xlsx=True)
    assert target == tmp_path / "mini"
    assert sorted(os.listdir(target)) == ["datapackage.json", "indicators.csv", "plan.json",
                                          "plan.xlsx", "tasks.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["mini"], "no temporary folder left behind"


def test_same_plan_same_bytes(tmp_path):
    a = tree(write_outputs(sample_plan(9), tmp_path / "a", xlsx=True))
    b = tree(write_outputs(sample_plan(9), tmp_path / "b", xlsx=True))
    assert a == b


def test_plan_json_is_the_model_and_keeps_exact_text(tmp_path):
    plan = sample_plan(5)
    target = write_outputs(plan, tmp_path / "p")
    text = (target / "plan.json").read_text(encoding="utf-8")
    assert text == plan.to_json()
    again = Plan.from_dict(json.loads(text))
    assert again == plan
    assert again.tasks[1].text.startswith("= 20%"), "JSON keeps the exact text (no apostrophe)"


def test_tasks_csv_columns_lists_and_formula_guard(tmp_path):
    target = write_outputs(sample_plan(5), tmp_path / "p")
    raw = (target / "tasks.csv").read_bytes()
    assert b"\r\n" in raw
    rows = read_csv(target / "tasks.csv")
    assert list(rows[0]) == TASK_COLUMNS
    assert rows[0]["text"] == "'- Tổ chức tuyên truyền về chuyển đổi số. (1)"
    assert rows[1]["text"] == "'= 20% hồ sơ được số hóa (2)"
    assert rows[3]["text"] == "'@Hệ thống; thử \"ngoặc\" (4)"
    assert rows[4]["text"] == "'+ Cập nhật kết quả\nlên hệ thống (5)"
    assert rows[0]["lead"] == "Văn phòng HĐND và UBND xã; Công an xã"
    assert rows[0]["extra"] == "Sản phẩm: Kế hoạch"
    assert rows[0]["deadline_start"] == "2025-07-01" and rows[0]["deadline_due"] == "2025-09-30"
    assert rows[0]["x0"] == "56.5" and rows[0]["top"] == "100" and rows[0]["page"] == "2"
    assert rows[1]["deadline_start"] == "" and rows[1]["coordinators"] == ""


def test_tasks_csv_carries_the_whole_deadline_reading(tmp_path):
    """Issue 13: milestones, clock time, approx, note and confidence are CSV columns, appended
    after the earlier ones (whose order stays), described and validated by datapackage.json."""
    from frictionless import validate
    from plan_extract.normalise.deadlines import DeadlineContext, parse_deadline
    assert TASK_COLUMNS[:24] == ["id", "origin", "section", "section_title", "number", "text", "lead",
                                 "lead_raw", "coordinators", "coordinators_raw", "deadline_raw",
                                 "deadline_kind", "deadline_start", "deadline_due", "deadline_recurrence",
                                 "extra", "page", "table", "x0", "top", "x1", "bottom", "confidence", "doubts"]
    plan = sample_plan(3)
    ctx = DeadlineContext(year=2026)
    cells = ["Ban hành kế hoạch trong tháng 01/2026, tổ chức kiểm tra chậm nhất trong tháng 6/2026 "
             "và báo cáo kết quả chậm nhất trong tháng 8/2026",
             "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1", "đầu năm 2026"]
    for t, cell in zip(plan.tasks, cells):
        t.deadline = parse_deadline(cell, ctx)
    target = write_outputs(plan, tmp_path / "p")
    rows = read_csv(target / "tasks.csv")
    d0 = plan.tasks[0].deadline
    assert len(d0.milestones) == 3
    assert rows[0]["deadline_milestones"] == "; ".join(f"{m['due']}: {m['text']}" for m in d0.milestones)
    assert rows[0]["deadline_due"] == d0.milestones[-1]["due"] == "2026-08-31"
    assert rows[1]["deadline_time"] == plan.tasks[1].deadline.time and rows[1]["deadline_time"]
    assert rows[2]["deadline_approx"] == "early" and rows[2]["deadline_due"] == ""
    for r, t in zip(rows, plan.tasks):
        assert r["deadline_note"] == (t.deadline.note or "")
        assert float(r["deadline_confidence"]) == t.deadline.confidence
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["deadline_confidence"]["type"] == "number" and fields["deadline_milestones"]["description"]
    assert fields["deadline_approx"]["constraints"]["enum"] == ["early", "mid", "late"]
    report = validate(str(target / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("text, guarded", [
    ("= 20%", "'= 20%"), ("=30%", "'=30%"), ("+84", "'+84"), ("- Tổ chức", "'- Tổ chức"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("≥ 90%", "≥ 90%"),
    ("Thường xuyên", "Thường xuyên"), ("", ""), (" =1", " =1"),
])
def test_guard_formula(text, guarded):
    assert guard_formula(text) == guarded


def test_indicators_csv_one_row_per_indicator_and_target(tmp_path):
    target = write_outputs(sample_plan(2), tmp_path / "p")
    rows = read_csv(target / "indicators.csv")
    assert list(rows[0]) == INDICATOR_COLUMNS
    assert [(r["id"], r["period"]) for r in rows] == [
        ("I001", ""), ("I002", "2025"), ("I002", "2030"), ("I002", "2035"), ("I002", "2040")]
    r2030 = rows[2]
    # free text is guarded; the coded column target_op keeps its schema value "=" exactly
    assert r2030["target_raw"] == "'= 20%" and r2030["target_op"] == "=" and r2030["target_value"] == "20"
    assert rows[1]["target_raw"] == "≥ 90%" and rows[1]["target_op"] == ">="
    assert rows[3]["target_raw"] == "" and rows[4]["target_raw"] == "Đạt mức 3" and rows[4]["target_value"] == ""


def test_frames_have_the_csv_columns():
    plan = sample_plan(4)
    tasks = plan.tasks_frame()
    assert list(tasks.columns) == TASK_COLUMNS and len(tasks) == 4
    assert tasks.loc[1, "text"].startswith("= 20%"), "frames keep the exact text"
    assert str(tasks["page"].dtype) == "Int64"
    inds = indicators_frame(plan)
    assert list(inds.columns) == INDICATOR_COLUMNS and len(inds) == 5
    assert inds["target_value"].tolist()[1] == 90.0


def test_datapackage_passes_frictionless(tmp_path):
    from frictionless import validate
    target = write_outputs(sample_plan(12), tmp_path / "p")
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == ["tasks.csv", "indicators.csv"]
    assert [f["name"] for f in package["resources"][0]["schema"]["fields"]] == TASK_COLUMNS
    report = validate(str(target / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_invalid_plan_raises_and_writes_nothing(tmp_path):
    """A violation outside the rows is a bug to report: nothing is written. (One inside a row
    sets that row aside into an issue: tests/test_batch_faults.py.)"""
    plan = sample_plan(3)
    plan.source.sha256 = "not-a-digest"
    with pytest.raises(OutputInvalid) as info:
        write_outputs(plan, tmp_path / "bad")
    assert "source.sha256" in str(info.value) and "output-invalid" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_a_row_that_breaks_its_csv_schema_is_refused(tmp_path):
    plan = sample_plan(3)
    plan.tasks[0].source.bbox = [1.0, 2.0, 3.0, 4.0]
    plan.tasks[0].source.confidence = 1.0
    render_outputs(plan)  # fine
    plan.tasks.append(Task(id="T004", origin="body", section=None, section_title=None, number=None,
                           text="x"))
    plan.tasks[-1].extra = {"a": 1}   # not a string: plan schema catches it, the row is set aside
    files = render_outputs(plan)
    data = json.loads(files["plan.json"])
    assert [t["id"] for t in data["tasks"]] == [t.id for t in plan.tasks[:3]]
    assert [i["row"] for i in data["issues"] if i["code"] == "row-invalid"] == ["T004"]


def test_rewrite_replaces_the_tools_files_and_keeps_the_users(tmp_path):
    target = tmp_path / "p"
    write_outputs(sample_plan(3), target, xlsx=True)
    (target / "notes.txt").write_text("a clerk's file")
    write_outputs(sample_plan(4), target)
    # plan.xlsx (the tool's, not asked for this time) goes; the clerk's file stays as it was
    assert sorted(os.listdir(target)) == ["datapackage.json", "indicators.csv", "notes.txt",
                                          "plan.json", "tasks.csv"]
    assert (target / "notes.txt").read_text() == "a clerk's file"
    assert len(read_csv(target / "tasks.csv")) == 4
    assert [p.name for p in tmp_path.iterdir()] == ["p"]


def test_plan_xlsx_sheets_frozen_header_dates_and_text(tmp_path):
    target = write_outputs(sample_plan(5), tmp_path / "p", xlsx=True)
    wb = openpyxl.load_workbook(target / "plan.xlsx")
    assert wb.sheetnames == ["Nhiệm vụ", "Chỉ tiêu", "Cảnh báo"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["A"].width and ws.column_dimensions["A"].width > 0
    ws = wb["Nhiệm vụ"]
    col = {c.value: c.column for c in ws[1]}
    due = ws.cell(row=2, column=col["Hạn"])
    assert isinstance(due.value, dt.datetime) and due.value.date() == dt.date(2025, 9, 30)
    text = ws.cell(row=3, column=col["Nội dung nhiệm vụ"])
    assert text.value == "= 20% hồ sơ được số hóa (2)" and text.data_type == "s" and text.quotePrefix
    assert wb.properties.modified == dt.datetime(2000, 1, 1)
    with zipfile.ZipFile(target / "plan.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet, "no formula cells"
    issues = wb["Cảnh báo"]
    assert issues.cell(row=2, column=2).value == "unknown-unit"


def test_gold_plans_export(tmp_path):
    golds = sorted(GOLD.glob("*.json"))
    assert golds
    for path in golds:
        plan = Plan.from_dict(json.loads(path.read_text(encoding="utf-8")))
        target = write_outputs(plan, tmp_path / path.stem, xlsx=True)
        assert (target / "plan.json").read_text(encoding="utf-8") == plan.to_json()
        n_rows = sum(max(1, len(i.targets)) for i in plan.indicators)
        assert len(read_csv(target / "indicators.csv")) == n_rows
        assert len(read_csv(target / "tasks.csv")) == len(plan.tasks)


# ---------------------------------------------------------------- folder exports

def _outdir(tmp_path, *plans: Plan) -> Path:
    out = tmp_path / "out"
    for n, plan in enumerate(plans):
        write_outputs(plan, out / f"doc{n}")
    return out


def _tracker_rows(path: Path) -> list[list]:
    ws = openpyxl.load_workbook(path).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_tracker_headings_and_rows(tmp_path):
    out = _outdir(tmp_path, sample_plan(5))
    files = export_folder(out, "tracker-xlsx", due_time="17:00")
    books = [f for f in files if f.suffix == ".xlsx"]
    assert [f.name for f in books] == ["tracker-001.xlsx"]
    rows = _tracker_rows(books[0])
    assert rows[0] == TRACKER_HEADINGS
    body = [dict(zip(TRACKER_HEADINGS, r)) for r in rows[1:]]
    assert len(body) == 5
    for r in body:
        code = r["Đơn vị thực hiện (mã)"]
        assert code and len(code) <= 100
        assert r["Văn bản cấp trên giao"] == "Kế hoạch số 45/KH-UBND ngày 12/06/2025 của Ủy ban nhân dân xã Tiên Điền"
    # quarter with a due date -> filled with the given hour
    assert body[0]["Hạn hoàn thành (ngày giờ)"] == "30/09/2025 17:00"
    # continuous, recurring and event: empty, raw deadline in Ghi chú
    for r, raw in zip(body[1:4], ["Thường xuyên", "Hằng năm", "Sau khi có văn bản của tỉnh"]):
        assert r["Hạn hoàn thành (ngày giờ)"] is None
        assert "Thời hạn: " + raw in r["Ghi chú"]
    assert body[4]["Hạn hoàn thành (ngày giờ)"] == "30/09/2025 17:00"
    assert body[0]["Tên nhiệm vụ"] == "- Tổ chức tuyên truyền về chuyển đổi số. (1)"
    assert body[0]["Kết quả thực hiện / Sản phẩm đầu ra"] == "Kế hoạch"
    assert "Nghị quyết số 57-NQ/TW" in body[0]["Văn bản chỉ đạo của Đảng uỷ"]
    assert "231/KH-UBND" not in (body[0]["Văn bản chỉ đạo của Đảng uỷ"] or "")
    assert body[0]["Người thực hiện (mã cán bộ)"] is None and body[0]["Mức ưu tiên (mã)"] is None


def test_tracker_fills_every_certain_deadline_at_17_00_by_default(tmp_path):
    out = _outdir(tmp_path, sample_plan(5))
    book = export_folder(out, "tracker-xlsx")[0]
    body = [dict(zip(TRACKER_HEADINGS, r)) for r in _tracker_rows(book)[1:]]
    col = "Hạn hoàn thành (ngày giờ)"
    assert body[0][col] == "30/09/2025 17:00" and body[4][col] == "30/09/2025 17:00"
    assert "Thời hạn: Quý III/2025" not in (body[0]["Ghi chú"] or "")
    # what is not a certain date stays empty, written in Ghi chú, never given an hour
    for r, raw in zip(body[1:4], ["Thường xuyên", "Hằng năm", "Sau khi có văn bản của tỉnh"]):
        assert r[col] is None and "Thời hạn: " + raw in r["Ghi chú"]
    other = export_folder(out, "tracker-xlsx", due_time="08:30", target=tmp_path / "e2")[0]
    assert dict(zip(TRACKER_HEADINGS, _tracker_rows(other)[1]))[col] == "30/09/2025 08:30"


@pytest.mark.parametrize("bad", ["17", "25:00", "5pm", "17:60", ""])
def test_tracker_refuses_a_bad_due_time(tmp_path, bad):
    out = _outdir(tmp_path, sample_plan(1))
    with pytest.raises(ValueError):
        export_folder(out, "tracker-xlsx", due_time=bad)


def test_tracker_splits_at_500_and_never_truncates(tmp_path):
    out = _outdir(tmp_path, sample_plan(700), sample_plan(301, number=None))
    files = export_folder(out, "tracker-xlsx", due_time="08:30", target=tmp_path / "exp")
    books = [f for f in files if f.suffix == ".xlsx"]
    assert [f.name for f in books] == ["tracker-001.xlsx", "tracker-002.xlsx", "tracker-003.xlsx"]
    counts = [len(_tracker_rows(b)) - 1 for b in books]
    assert counts == [500, 500, 1]
    last = dict(zip(TRACKER_HEADINGS, _tracker_rows(books[2])[1]))
    assert "số" not in last["Văn bản cấp trên giao"].split("ngày")[0], "a draft's number is never guessed"
    assert "(chưa có số)" in last["Văn bản cấp trên giao"]
    # a smaller re-export removes the workbooks it no longer needs
    (out / "doc0").rename(tmp_path / "gone")
    files = export_folder(out, "tracker-xlsx", target=tmp_path / "exp")
    assert sorted(p.name for p in (tmp_path / "exp").glob("tracker-*.xlsx")) == ["tracker-001.xlsx"]


def test_tracker_is_byte_identical(tmp_path):
    out = _outdir(tmp_path, sample_plan(30))
    a = [p.read_bytes() for p in export_folder(out, "tracker-xlsx", due_time="17:00", target=tmp_path / "a")]
    b = [p.read_bytes() for p in export_folder(out, "tracker-xlsx", due_time="17:00", target=tmp_path / "b")]
    assert a == b


def test_derived_unit_codes():
    assert derived_unit_code("Phòng Văn hóa - Xã hội") == "PHONG-VAN-HOA-XA-HOI"
    assert derived_unit_code("Đảng ủy xã") == "DANG-UY-XA"
    long = "Ban chỉ đạo " * 20
    code = derived_unit_code(long)
    assert len(code) <= 100 and code == derived_unit_code(long)
    assert derived_unit_code(long + "x") != code


def test_plan_line_for_a_draft():
    plan = sample_plan(1, number=None)
    plan.document.issue_date = None
    assert plan_line(plan) == "Kế hoạch tháng 6 năm 2025 của Ủy ban nhân dân xã Tiên Điền (chưa có số)"


def _unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_ics_vtodos(tmp_path):
    out = _outdir(tmp_path, sample_plan(5))
    (path,) = export_folder(out, "ics")
    raw = path.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    lines = _unfold(raw.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    todos = "\n".join(lines).split("BEGIN:VTODO")[1:]
    assert len(todos) == 5
    assert "DUE;VALUE=DATE:20250930" in todos[0]
    assert "DUE" not in todos[1] and "RRULE" not in todos[1]          # Thường xuyên
    assert "RRULE:FREQ=YEARLY" in todos[2] and "DTSTART;VALUE=DATE:20250101" in todos[2]
    assert "DUE" not in todos[3]                                         # event
    assert "DTSTAMP:20250612T000000Z" in todos[0]
    # a recurrence that names no year starts with the plan, and has no due date
    plan = sample_plan(3)
    plan.tasks[2].deadline = Deadline("Hằng quý", "recurring", None, None, "quarterly")
    out2 = _outdir(tmp_path / "q", plan)
    todo = "\n".join(_unfold(export_folder(out2, "ics")[0].read_text(encoding="utf-8"))).split("BEGIN:VTODO")[3]
    assert "RRULE:FREQ=MONTHLY;INTERVAL=3" in todo and "DTSTART;VALUE=DATE:20250612" in todo
    assert "DUE" not in todo
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 5
    again = export_folder(out, "ics", target=tmp_path / "again")[0].read_bytes()
    assert again == raw


def test_xlsx_export_one_workbook_per_plan(tmp_path):
    out = _outdir(tmp_path, sample_plan(3), sample_plan(4, number="46/KH-UBND"))
    files = export_folder(out, "xlsx")
    assert [f.name for f in files] == ["doc0.xlsx", "doc1.xlsx"]
    assert openpyxl.load_workbook(files[1])["Nhiệm vụ"].max_row == 5
    # the export folder itself is never read back as input
    assert [f.name for f in export_folder(out, "xlsx")] == ["doc0.xlsx", "doc1.xlsx"]


def test_tracker_headings_are_the_fourteen_of_the_template():
    from plan_extract import vocab
    data = vocab.load("tracker.yaml")
    assert len(TRACKER_HEADINGS) == 14 == len(set(TRACKER_HEADINGS)) and TRACKER_HEADINGS == data["headings"]
    assert all(e.get("seen_in") for e in data["result_headers"])


# ---------------------------------------------------------------- issue 16: exports keep their promises

def test_export_units_file_gives_the_staff_codes(tmp_path):
    out = _outdir(tmp_path, sample_plan(3))
    units = tmp_path / "don_vi.yaml"
    units.write_text('units:\n  - name: "Văn phòng HĐND và UBND xã"\n    code: "VP-XA-TD"\n',
                     encoding="utf-8")
    without = export_folder(out, "tracker-xlsx", target=tmp_path / "a")
    first = dict(zip(TRACKER_HEADINGS, _tracker_rows(without[0])[1]))
    assert first["Đơn vị thực hiện (mã)"] == "VAN-PHONG-HDND-VA-UBND-XA"     # derived, and reported
    assert "tạm sinh" in first["Ghi chú"]
    with_units = export_folder(out, "tracker-xlsx", target=tmp_path / "b", units=str(units))
    first = dict(zip(TRACKER_HEADINGS, _tracker_rows(with_units[0])[1]))
    assert first["Đơn vị thực hiện (mã)"] == "VP-XA-TD" and "tạm sinh" not in first["Ghi chú"]
    derived = read_csv(tmp_path / "b" / "tracker-units.csv")
    assert "Văn phòng HĐND và UBND xã" not in {r["unit"] for r in derived}


def test_one_plan_in_several_formats_is_exported_once(tmp_path):
    pdf, docx, scan = sample_plan(5), sample_plan(5), sample_plan(5)
    docx.source = SourceInfo("mini_example.docx", "b" * 64, 2, "docx")
    scan.source = SourceInfo("mini_example__scan.pdf", "c" * 64, 3, "ocr")
    scan.document.number = None                 # the scan's number was not read: same content
    for p in (pdf, docx, scan):
        assign_ids(p)
    other = sample_plan(2, number="46/KH-UBND")
    other.tasks = [Task(id="", origin="appendix", section="I", section_title=None, number="1",
                        text="Một nhiệm vụ khác hẳn")]
    assign_ids(other)
    out = _outdir(tmp_path, pdf, docx, scan, other)
    result = export_plans(out, "tracker-xlsx")
    assert result.plans == 2
    assert [(d.kept.parent.name, d.dropped.parent.name) for d in result.duplicates] == [
        ("doc0", "doc1"), ("doc0", "doc2")]
    assert "cùng số 45/KH-UBND" in result.duplicates[0].reason
    assert "cùng nội dung" in result.duplicates[1].reason
    rows = _tracker_rows(result.files[0])[1:]
    assert len(rows) == 5 + 1
    (ics,) = export_folder(out, "ics", target=tmp_path / "ics")
    assert ics.read_text(encoding="utf-8").count("BEGIN:VTODO") == 6
    # the CLI says so on stderr, once per copy
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "plan_extract", "export", str(out), "--to", "ics",
                        "-o", str(tmp_path / "cli")], capture_output=True, text=True, timeout=120,
                       cwd=Path(__file__).resolve().parent.parent)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("trùng văn bản: ") == 2 and "doc1/plan.json" in r.stderr


def test_empty_folder_is_one_line_and_exit_1(tmp_path):
    import subprocess
    import sys
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NothingToExport):
        export_folder(empty, "tracker-xlsx")
    assert list(empty.iterdir()) == []
    for fmt in ("tracker-xlsx", "ics", "xlsx"):
        r = subprocess.run([sys.executable, "-m", "plan_extract", "export", str(empty), "--to", fmt],
                           capture_output=True, text=True, timeout=120,
                           cwd=Path(__file__).resolve().parent.parent)
        assert r.returncode == 1 and r.stdout == ""
        assert r.stderr.strip().count("\n") == 0 and f"{empty}: lỗi: no-plans: " in r.stderr
        assert list(empty.iterdir()) == []
    # plans without a single task: nothing for a tracker or a calendar
    plan = sample_plan(0)
    _outdir(tmp_path / "notasks", plan)
    with pytest.raises(NothingToExport) as e:
        export_folder(tmp_path / "notasks" / "out", "ics")
    assert e.value.code == "no-tasks"


def test_coded_columns_are_written_exactly_and_agree_with_datapackage(tmp_path):
    from plan_extract.output.files import free_text
    from plan_extract.output.validate import load_schema
    target = write_outputs(sample_plan(5), tmp_path / "p")
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        rows = read_csv(target / resource["path"])
        row_schema = load_schema(f"{resource['name']}.row")
        for f in resource["schema"]["fields"]:
            enum = f.get("constraints", {}).get("enum")
            prop = row_schema["properties"][f["name"]]
            if "enum" in prop:
                assert not free_text(f["name"])
                assert enum == [e for e in prop["enum"] if e is not None], f["name"]
                assert {r[f["name"]] for r in rows} <= set(enum) | {""}, f["name"]
            else:
                assert enum is None
    assert "=" in {r["target_op"] for r in read_csv(target / "indicators.csv")}
    raw = (target / "indicators.csv").read_bytes().decode("utf-8-sig")
    assert ",=," in raw and ",'=," not in raw
    from frictionless import validate
    report = validate(str(target / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


@pytest.mark.parametrize("title, end", [
    ("Thực hiện chuyển đổi số trên địa bàn xã Tiên Điền năm 2025", 2025),
    ("Phát triển khoa học, công nghệ giai đoạn 2021 - 2025", 2025),
    # horizon_words "tầm nhìn" (seen in seeds 001 and 004): the vision year is not the plan's end
    ("Chuyển đổi số của Sở đến năm 2030, tầm nhìn đến năm 2045", 2030),
    ("Chuyển đổi số tại xã theo giai đoạn 10 năm, tầm nhìn 2045", None),
    # a referenced document's date is not the plan's period
    ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", None),
    ("Thực hiện Kế hoạch ngày 20 tháng 5 năm 2025 của tỉnh", None),
])
def test_plan_period_from_the_title(title, end):
    assert title_period_end(title) == end


def test_every_horizon_word_has_a_source():
    from plan_extract import vocab
    entries = vocab.load("plan_period.yaml")["horizon_words"]
    assert entries and all(e["phrase"] and e["seen_in"] for e in entries)
    for e in entries:
        assert title_period_end(f"Kế hoạch đến năm 2030, {e['phrase']} đến năm 2050") == 2030


def test_ics_recurrence_is_bounded_summary_short_uids_stable(tmp_path):
    plan = sample_plan(3)
    plan.tasks[0].text = ("- Tổ chức tuyên truyền, phổ biến sâu rộng nội dung Nghị quyết số 57-NQ/TW "
                          "đến toàn thể cán bộ, đảng viên và Nhân dân trên địa bàn xã, gắn với các "
                          "phong trào thi đua của địa phương")
    plan.tasks[2].deadline = Deadline("Hằng năm", "recurring", "2025-01-01", "2025-12-31", "yearly")
    plan.document.title = "Thực hiện chuyển đổi số giai đoạn 2025 - 2027"
    assign_ids(plan)
    out = _outdir(tmp_path, plan)
    text = export_folder(out, "ics")[0].read_bytes().decode("utf-8")
    todos = "\n".join(_unfold(text)).split("BEGIN:VTODO")[1:]
    summary = next(line for line in todos[0].split("\n") if line.startswith("SUMMARY:"))[8:]
    assert len(summary) <= 80 and summary.endswith("…") and summary.startswith("Tổ chức tuyên truyền")
    assert "Tổ chức tuyên truyền\\, phổ biến sâu rộng" in todos[0] and "phong trào thi đua của địa phương" in todos[0]
    rrule = next(line for line in todos[2].split("\n") if line.startswith("RRULE:"))
    assert rrule == "RRULE:FREQ=YEARLY;UNTIL=20271231"
    assert "Lặp lại đến hết năm 2027" in todos[2].replace("\\n", "\n")
    # UIDs: from the plan's number and the row's stable id: the same after a re-extraction of
    # the DOCX, a scan, or a shuffled task order
    uids = [line for line in text.split("\r\n") if line.startswith("UID:")]
    again = sample_plan(3)
    again.tasks = [copy.deepcopy(plan.tasks[2]), copy.deepcopy(plan.tasks[0]), copy.deepcopy(plan.tasks[1])]
    again.source = SourceInfo("kehoach.docx", "d" * 64, 2, "docx")
    again.document.title = plan.document.title
    assign_ids(again)
    text2 = export_folder(_outdir(tmp_path / "2", again), "ics")[0].read_bytes().decode("utf-8")
    assert sorted(line for line in text2.split("\r\n") if line.startswith("UID:")) == sorted(uids)


def test_ics_without_any_period_never_repeats_forever(tmp_path):
    plan = sample_plan(1)
    plan.document.title = None
    plan.document.issue_year = None
    plan.document.issue_date = None
    plan.indicators = []
    plan.tasks[0].deadline = Deadline("Hằng quý", "recurring", None, None, "quarterly")
    out = _outdir(tmp_path, plan)
    text = "\n".join(_unfold(export_folder(out, "ics")[0].read_bytes().decode("utf-8")))
    assert "RRULE" not in text


def test_ics_uids_unique_across_an_archive(tmp_path):
    plans = [sample_plan(5, number=f"{n}/KH-UBND") for n in range(1, 4)]
    for p in plans:
        assign_ids(p)
    text = export_folder(_outdir(tmp_path, *plans), "ics")[0].read_bytes().decode("utf-8")
    uids = [line for line in text.split("\r\n") if line.startswith("UID:")]
    assert len(uids) == 15 == len(set(uids))


def test_content_duplicates_tolerate_a_few_misread_rows_but_not_a_subset(tmp_path):
    def plan(texts, sha):
        p = sample_plan(0, number=None)
        p.source = SourceInfo(f"{sha}.pdf", sha * 64, 1)
        p.indicators = []
        p.tasks = [Task(id="", origin="appendix", section="I", section_title=None, number=str(n),
                        text=t) for n, t in enumerate(texts, 1)]
        assign_ids(p)
        return p
    texts = [f"Nhiệm vụ số {n} về chuyển đổi số của xã" for n in range(1, 11)]
    scan = list(texts)
    scan[3] = "Nhiêm vu sô 4 vê chuyên đôi sô cua xa"        # diacritics lost: same id
    scan[6] = "Nhlệm vụ sổ 7 về chuyển đổl số của xã"         # letters misread: another id
    scan[8] = "Nhiệm vụ số 9 vể chuyển đổi sô của xã"          # a tone slip: same id
    part = texts[:5]
    out = _outdir(tmp_path, plan(texts, "a"), plan(scan, "b"), plan(part, "c"))
    result = export_plans(out, "ics")
    assert [(d.kept.parent.name, d.dropped.parent.name) for d in result.duplicates] == [("doc0", "doc1")]
    assert "90%" in result.duplicates[0].reason
    assert result.plans == 2


# ---------------------------------------------------------------- plan.json text

def test_indented_json_is_the_standard_librarys_text():
    """output.jsontext writes plan.json and datapackage.json: the same text as json.dumps
    (ensure_ascii=False, indent=2) for every value kind, and json.dumps's own text or error for
    what it does not write itself."""
    import json
    from plan_extract.output.jsontext import dumps_indented
    values = [{}, [], "", 0, -7, 10 ** 30, 0.1, -0.0, 1e16, 2.5e-8, float("nan"), float("inf"), -float("inf"),
              True, False, None, "Ủy ban \"nhân dân\" \\ \n\t\x01\u2028 😀", (1, ("a", [])),
              {"a": [], "b": {}, "c": [{"d": [1, [2, [3, {}]]]}], "đ": {"e": None, "f": True}},
              {1: "int key", "x": {2.5: "float key", None: 0, True: 1}}]
    for v in values:
        assert dumps_indented(v) == json.dumps(v, ensure_ascii=False, indent=2), v
    for bad in ({"a": object()}, {(1, 2): 3}):
        with pytest.raises(TypeError):
            dumps_indented(bad)
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError):
        dumps_indented(loop)                      # json.dumps: circular reference detected


def test_plan_json_is_the_plans_own_json_text():
    from plan_extract import extract
    corpus = Path(__file__).resolve().parent / "corpus" / "pdf"
    for name in ("mini_example.pdf", "seed000_sct_hatinh.docx"):
        plan = extract(corpus / name, {"ocr": False})
        assert render_outputs(plan)["plan.json"] == plan.to_json().encode("utf-8")
