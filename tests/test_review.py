"""Review and correct (issue 15): corrections files, their re-application at every extraction and
in every export, the review page and the batch index, Vietnamese CLI messages, bad staff files."""
from __future__ import annotations

import ast
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from plan_extract import vocab
from plan_extract.model.document import Issue
from plan_extract.review.corrections import (CorrectionSet, CorrectionsError, Correction, apply_corrections,
                                             load_corrections, merge)
from plan_extract.review.page import NEEDS_REVIEW, render_index, render_page
from plan_extract.run import Settings, extract
from tests.plans import sample_plan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "pdf"
MINI = CORPUS / "mini_example.pdf"


def cli(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "plan_extract", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes()[3:].decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def mini_plan():
    return extract(MINI, Settings(ocr=False))


def _task_by_number(plan, number, lead_contains):
    return next(t for t in plan.tasks if t.number == number and lead_contains in (t.lead_raw or ""))


# ---------------------------------------------------------------- the corrections file

def test_corrections_file_round_trips_one_correction_per_line(tmp_path):
    s = CorrectionSet("ab" * 32, (Correction("T-12345678", "lead_raw", "Phòng VHXH"),
                                  Correction("I-0000abcd", "name", "Tỷ lệ \"hồ sơ\"")))
    path = tmp_path / "corrections.json"
    path.write_text(s.to_json(), encoding="utf-8")
    back = load_corrections(path)
    assert back.document_sha256 == s.document_sha256
    assert [(c.id, c.field, c.value) for c in back.corrections] == [(c.id, c.field, c.value) for c in s.corrections]
    assert [c.line for c in back.corrections] == [4, 5]          # one correction per line


@pytest.mark.parametrize("text, line, words", [
    ('{"document_sha256": null, "corrections": [\n  {"id": "T-1", "field": "lead_raw", "value": "x"},\n'
     '  {"id": "T-2", "field": "lead", "value": "x"}\n]}\n', 3, "field"),
    ('{"document_sha256": null, "corrections": [\n  {"id": "T-1", "field": "text", "value": "  "}\n]}\n', 2, "trống"),
    ('{"document_sha256": null, "corrections": [\n\n  {"id": "X-1", "field": "text", "value": "a"}]}', 3, "mã dòng"),
    ('{"document_sha256": null, "corrections": [\n  {"id": "T-1", "field": "text", "value": 3}]}', 2, "chuỗi"),
    ('{"document_sha256": "abc", "corrections": []}', 1, "sha256"),
    ('{"document_sha256": null,\n "corrections": [\n  {"id": "T-1", "field": "text", "value": "a",}]}', 3, "JSON"),
    ('[1, 2]', 1, "đối tượng"),
])
def test_bad_corrections_file_is_one_line_with_file_line_and_problem(tmp_path, text, line, words):
    path = tmp_path / "corrections.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionsError) as e:
        load_corrections(path)
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith(f"{path}:{line}: ") and words in msg, msg


def test_merge_keeps_the_last_correction_of_a_row_and_field():
    a = CorrectionSet(None, (Correction("T-1", "text", "a"), Correction("T-2", "text", "b")))
    b = CorrectionSet("c" * 64, (Correction("T-1", "text", "c"),))
    m = merge([a, b])
    assert [(c.id, c.value) for c in m.corrections] == [("T-2", "b"), ("T-1", "c")]
    assert m.document_sha256 == "c" * 64


# ---------------------------------------------------------------- applying them in the run

def test_corrections_are_normalised_like_extracted_cells_and_kept_in_provenance(mini_plan):
    task = _task_by_number(mini_plan, "2", "Văn hoá")
    other = next(t for t in mini_plan.tasks if t.id != task.id)
    s = CorrectionSet(mini_plan.source.sha256, (
        Correction(task.id, "lead_raw", "Phòng VHXH; Công an xã"),
        Correction(task.id, "deadline_raw", "Quý IV/2025"),
        Correction(other.id, "text", "Nội dung đã sửa"),
        Correction("T-00000000", "lead_raw", "Phòng Kinh tế"),
    ))
    plan = extract(MINI, Settings(ocr=False, corrections=[s]))
    fixed = next(t for t in plan.tasks if t.id == task.id)
    assert fixed.lead_raw == "Phòng VHXH; Công an xã"
    assert fixed.lead == ["Phòng Văn hóa - Xã hội", "Công an xã"]            # normalised like extracted
    assert (fixed.deadline.kind, fixed.deadline.start, fixed.deadline.due) == ("quarter", "2025-10-01", "2025-12-31")
    assert fixed.source.corrected == {"lead_raw": task.lead_raw, "deadline_raw": task.deadline.raw}
    edited = next(t for t in plan.tasks if t.id == other.id)
    assert edited.text == "Nội dung đã sửa" and edited.source.corrected == {"text": other.text}
    assert edited.id == other.id                                   # the id stays the extracted one
    missing = [i for i in plan.issues if i.code == "correction-row-missing"]
    assert len(missing) == 1 and missing[0].row == "T-00000000" and "Phòng Kinh tế" in missing[0].message
    untouched = [t for t in plan.tasks if t.id not in (task.id, other.id)]
    assert all(t.source.corrected == {} for t in untouched)


def test_a_file_for_another_version_is_applied_by_row_id_and_reported(mini_plan):
    task = mini_plan.tasks[0]
    s = CorrectionSet("0" * 64, (Correction(task.id, "coordinators_raw", "Các thôn"),))
    plan = extract(MINI, Settings(ocr=False, corrections=[s]))
    assert plan.tasks[0].coordinators == ["Các thôn"]
    assert [i.code for i in plan.issues] == ["corrections-other-version"]


def test_apply_corrections_on_indicators():
    plan = sample_plan(2)
    n = apply_corrections(plan, [CorrectionSet(plan.source.sha256, (
        Correction("I002", "lead_raw", "Phòng Kinh tế"), Correction("I002", "name", "Tỷ lệ mới")))])
    assert n == 2 and plan.indicators[1].name == "Tỷ lệ mới"
    assert plan.indicators[1].source.corrected == {"lead_raw": "Trung tâm PVHCC",
                                                   "name": "Tỷ lệ hồ sơ giải quyết đúng hạn"}


def test_a_correction_survives_re_extraction_and_reaches_every_export(tmp_path, mini_plan):
    """--corrections once; then plain re-extractions keep applying it (corrections.json in the result
    folder); tasks.csv, plan.xlsx, the tracker workbook and the ICS all carry the corrected values."""
    task = _task_by_number(mini_plan, "2", "Văn hoá")
    fix = tmp_path / "sua.json"
    fix.write_text(CorrectionSet(mini_plan.source.sha256, (
        Correction(task.id, "lead_raw", "Công an xã"),
        Correction(task.id, "deadline_raw", "Trước ngày 15/11/2025"),
        Correction(task.id, "text", "Rà soát, cập nhật dữ liệu dân cư"),
    )).to_json(), encoding="utf-8")
    out = tmp_path / "out"
    r = cli("extract", MINI, "-o", out, "--no-ocr", "--corrections", fix)
    assert r.returncode == 0, r.stderr
    folder = out / "mini_example"
    assert (folder / "corrections.json").is_file()
    for _ in range(2):                                          # re-extractions without the option
        r = cli("extract", MINI, "-o", out, "--no-ocr", "--xlsx")
        assert r.returncode == 0, r.stderr
        plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        row = next(t for t in plan["tasks"] if t["id"] == task.id)
        assert row["lead"] == ["Công an xã"] and row["text"] == "Rà soát, cập nhật dữ liệu dân cư"
        assert row["deadline"]["due"] == "2025-11-15" and row["deadline"]["kind"] == "day"
        assert set(row["source"]["corrected"]) == {"lead_raw", "deadline_raw", "text"}
    csv_row = next(r for r in read_csv(folder / "tasks.csv") if r["id"] == task.id)
    assert csv_row["lead"] == "Công an xã" and csv_row["deadline_due"] == "2025-11-15"
    ws = openpyxl.load_workbook(folder / "plan.xlsx")["Nhiệm vụ"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    xrow = next(v for v in values if v[0] == task.id)
    assert "Công an xã" in xrow and "Rà soát, cập nhật dữ liệu dân cư" in xrow
    r = cli("export", out, "--to", "tracker-xlsx")
    assert r.returncode == 0, r.stderr
    tw = openpyxl.load_workbook(out / "export" / "tracker-001.xlsx").active
    cells = [str(c.value) for row in tw.iter_rows() for c in row if c.value is not None]
    assert any("Rà soát, cập nhật dữ liệu dân cư" in c for c in cells)
    assert any("15/11/2025" in c for c in cells)
    r = cli("export", out, "--to", "ics")
    assert r.returncode == 0, r.stderr
    ics = (out / "export" / "tasks.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "SUMMARY:Rà soát\\, cập nhật dữ liệu dân cư" in ics and "DUE;VALUE=DATE:20251115" in ics


def test_cli_bad_corrections_file_one_line_exit_2(tmp_path):
    bad = tmp_path / "sua.json"
    bad.write_text('{"document_sha256": null,\n "corrections": [\n  {"id": "T-1", "field": "lead"}\n]}\n',
                   encoding="utf-8")
    r = cli("extract", MINI, "-o", tmp_path / "out", "--no-ocr", "--corrections", bad)
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"{bad}:3:" in lines[0] and "Traceback" not in r.stderr, r.stderr


def test_cli_bad_corrections_in_result_folder_fails_that_file_only(tmp_path):
    out = tmp_path / "out"
    (out / "mini_example").mkdir(parents=True)
    (out / "mini_example" / "corrections.json").write_text("{\n  \"corrections\": [,]\n}\n", encoding="utf-8")
    r = cli("extract", MINI, "-o", out, "--no-ocr")
    assert r.returncode == 1 and "corrections.json:2:" in r.stderr and "Traceback" not in r.stderr
    assert not (out / "mini_example" / "plan.json").exists()


# ---------------------------------------------------------------- the page

def test_page_is_self_contained_deterministic_and_shows_doubtful_rows_first(mini_plan):
    import copy
    plan = copy.deepcopy(mini_plan)
    last = plan.tasks[-1]
    plan.issues.append(Issue("warning", "cut-word", "Chữ cuối ô bị cắt ngang", last.source.page, last.id))
    page = render_page(plan, MINI)
    assert page == render_page(plan, MINI)                       # same input, same bytes
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "url(http" not in page and "@import" not in page
    assert page.count('<article ') == len(plan.tasks) + len(plan.indicators)
    assert page.count('src="data:image/jpeg;base64,') == len(plan.tasks) + len(plan.indicators)
    first = page.index('<article ')
    assert page.index(f'<article id="{last.id}"') == first         # the doubtful row comes first
    assert "Chữ cuối ô bị cắt ngang" in page and NEEDS_REVIEW in page
    for t in plan.tasks:
        assert f'data-id="{t.id}"' in page
        for unit in t.lead or []:
            assert unit in page
    assert page.count("<svg ") == 2


def test_page_reads_row_doubts_when_the_plan_has_them():
    plan = sample_plan(3)
    plan.tasks[2].doubts = ["number-gap"]                        # the self-checks' field (issue 11)
    plan.issues.append(Issue("warning", "number-gap", "Thiếu số thứ tự 2 trước dòng này", 2, plan.tasks[2].id))
    page = render_page(plan, None)
    assert page.index(f'<article id="{plan.tasks[2].id}"') == page.index("<article ")
    assert "Thiếu số thứ tự 2 trước dòng này" in page
    assert "không có ảnh cắt" in page                           # no document: said, not hidden


def test_index_lists_every_document_with_status_and_links():
    a, b = sample_plan(3), sample_plan(2, number=None)
    a.issues = []                                                # nothing doubtful in a
    b.issues.append(Issue("warning", "cut-word", "cắt", 2, b.tasks[0].id))
    html = render_index([{"file": "a.pdf", "plan": a, "href": "a/review.html"},
                         {"file": "b.pdf", "plan": b, "href": "b/review.html"},
                         {"file": "c.pdf", "plan": None, "href": None, "error": "truncated-pdf: cắt cụt"}])
    assert 'href="a/review.html"' in html and 'href="b/review.html"' in html
    assert "truncated-pdf" in html and NEEDS_REVIEW in html
    assert html.index("c.pdf") < html.index("b.pdf") < html.index("a.pdf")   # failed, doubtful, rest


def test_batch_review_and_corrections(tmp_path, mini_plan):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "mini_example.pdf").write_bytes(MINI.read_bytes())
    (docs / "tiendien.pdf").write_bytes((CORPUS / "seed004_dangy_yenhoa.pdf").read_bytes())
    task = mini_plan.tasks[0]
    fix = tmp_path / "sua.json"
    fix.write_text(CorrectionSet(mini_plan.source.sha256, (Correction(task.id, "lead_raw", "Công an xã"),)).to_json(),
                   encoding="utf-8")
    out = tmp_path / "out"
    r = cli("batch", docs, "-o", out, "--jobs", "1", "--no-ocr", "--review", "--corrections", fix)
    assert r.returncode == 0, r.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="mini_example/review.html"' in index and 'href="tiendien/review.html"' in index
    assert (out / "mini_example" / "review.html").is_file() and (out / "tiendien" / "review.html").is_file()
    plan = json.loads((out / "mini_example" / "plan.json").read_text(encoding="utf-8"))
    assert plan["tasks"][0]["lead"] == ["Công an xã"]
    assert (out / "mini_example" / "corrections.json").is_file()
    # a changed corrections.json makes the next batch re-extract that file (and only it)
    (out / "mini_example" / "corrections.json").write_text(CorrectionSet(
        mini_plan.source.sha256, (Correction(task.id, "lead_raw", "Phòng Kinh tế"),)).to_json(), encoding="utf-8")
    r = cli("batch", docs, "-o", out, "--jobs", "1", "--no-ocr")
    assert r.returncode == 0, r.stderr
    assert "1 bỏ qua" in r.stdout, r.stdout
    plan = json.loads((out / "mini_example" / "plan.json").read_text(encoding="utf-8"))
    assert plan["tasks"][0]["lead"] == ["Phòng Kinh tế"]


def test_review_command_on_a_result_folder_finds_the_document(tmp_path):
    out = tmp_path / "out"
    assert cli("extract", MINI, "-o", out, "--no-ocr").returncode == 0
    r = cli("review", out / "mini_example", "--source", CORPUS)
    assert r.returncode == 0, r.stderr
    page = (out / "mini_example" / "review.html").read_text(encoding="utf-8")
    assert "data:image/jpeg;base64," in page
    r = cli("review", out / "mini_example", "--source", tmp_path / "out")
    assert r.returncode == 0 and "không tìm thấy văn bản gốc" in r.stderr


# ---------------------------------------------------------------- CLI language and staff files

def test_usage_errors_and_help_are_vietnamese():
    r = cli("extract", "--khong-co")
    assert r.returncode == 2
    assert "Cách dùng:" in r.stderr and "Lỗi: Không có tùy chọn '--khong-co'" in r.stderr
    r = cli("extract")
    assert r.returncode == 2 and "Thiếu tham số 'FILES...'" in r.stderr
    r = cli("export", ROOT, "--to", "pdf")
    assert r.returncode == 2 and "không thuộc các giá trị" in r.stderr
    r = cli("--help")
    assert "Tùy chọn:" in r.stdout and "Hiện trợ giúp này rồi thoát." in r.stdout and "Lệnh:" in r.stdout
    assert "Show" not in r.stdout
    r = cli("batch", "--help")
    assert "Show" not in r.stdout and "Worker" not in r.stdout and "mặc định" in r.stdout


def _click_messages() -> set[str]:
    import click
    out: set[str] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                out |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and node.value.value == "required":
                out.add("required")
    return out


@pytest.mark.parametrize("entry", vocab.load("click_vi.yaml")["messages"], ids=lambda e: e["msgid"][:40])
def test_click_catalogue_entry_is_a_click_message_with_its_placeholders(entry):
    assert entry["msgid"] in _click_messages(), f"click no longer says {entry['msgid']!r}"
    assert entry["seen_in"].startswith("click/")
    assert sorted(re.findall(r"\{[^}]*\}|%\(\w+\)s", entry["msgid"])) == \
        sorted(re.findall(r"\{[^}]*\}|%\(\w+\)s", entry["msgstr"]))


@pytest.mark.parametrize("text, line, words", [
    ("units:\n  - name: Sở A\n    aliases: [Sở A\n", 4, "YAML"),
    ("units:\n  - name: Phòng A\n  - aliases: [Phòng B]\n", 3, "name"),
    ("units:\n  - name: Phòng A\n    aliases: Phòng B\n", 3, "aliases"),
    ("- Phòng A\n", 1, "units"),
])
def test_bad_units_file_is_one_line_with_file_and_line(tmp_path, text, line, words):
    bad = tmp_path / "don_vi.yaml"
    bad.write_text(text, encoding="utf-8")
    r = cli("extract", MINI, "-o", tmp_path / "out", "--no-ocr", "--units", bad)
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"{bad}:{line}:" in lines[0] and words in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_page_progress_on_long_files(capsys):
    from plan_extract.cli import _PageProgress
    quiet = _PageProgress("ngan.pdf")
    quiet(0, 9)                                   # under a second: nothing
    short = _PageProgress("hai_trang.pdf")
    short.start -= 5
    short(0, 2)                                   # a 2-page file: nothing
    slow = _PageProgress("kehoach.pdf")
    slow.start -= 5
    for i in range(9):
        slow(i, 9)
    err = capsys.readouterr().err
    assert "ngan.pdf" not in err and "hai_trang.pdf" not in err
    assert "kehoach.pdf: đọc trang 1/9" in err and "kehoach.pdf: đọc trang 9/9" in err
