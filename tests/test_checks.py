"""Self-checks (plan_extract.checks): each check on a generated PDF with one defect, or on the
corpus; doubts carry the row id; no document extracted fully right is flagged on > 5% rows."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plan_extract import extract
from plan_extract.checks import confidence, summary_line
from plan_extract.checks.rows import cut_words
from plan_extract.checks.words import is_syllable
from plan_extract.output.files import write_outputs
from plan_extract.output.validate import validate_plan
from tests.checkpdf import draw_plan, plain_rows

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def _plan(tmp_path, name="plan.pdf", settings=None, **kw):
    path = tmp_path / name
    draw_plan(path, **kw)
    return extract(path, settings)


def _codes(plan, row_id):
    return [i.code for i in plan.issues if i.row == row_id]


# ----------------------------------------------------------------------------- words

@pytest.mark.parametrize("word, ok", [
    ("nghiêng", True), ("giữ", True), ("gì", True), ("quyết", True), ("khuya", True), ("người", True),
    ("được", True), ("ngoài", True), ("khuỷu", True), ("ân", True), ("Ủy", True),
    ("nh", False), ("c", False), ("ng", False), ("ntâhmân", False), ("thựcc", False), ("xyz", False),
])
def test_vietnamese_syllable_shape(word, ok):
    assert is_syllable(word) is ok


@pytest.mark.parametrize("text, unit, pieces", [
    ("I Văn phòng Hội đồng nhân dân và nh Ủy ban nhân dân xã ân", True, ["I", "nh"]),
    ("Phòng Văn hóa - Xã hội; Trung tâm Y tế", True, []),
    ("UBND tỉnh; Sở VH&TT; Phòng 5, Cục C04", True, []),
    ("Rà soát văn bản do Hội đồng nhân dân tỉnh ban hà", False, []),     # "hà" is a syllable
    ("Rà soát văn bản do Hội đồng nhân dân tỉnh ban h", False, ["h"]),
    ("nh Ủy ban nhân dân tỉnh xây dựng kế hoạch", False, ["nh"]),
    ("Triển khai ứng dụng VNeID và eKYC trên https://dichvucong.gov.vn", False, []),
    ("Cài đặt ứng dụng cho người dân bCộô", False, ["bCộô"]),
])
def test_cut_words(text, unit, pieces):
    assert cut_words(text, unit) == pieces


def test_confidence_formula():
    assert confidence(1.0, []) == 1.0
    assert confidence(1.0, ["cut-word"]) == 0.5
    assert confidence(1.0, ["number-gap"]) == 0.7
    assert confidence(0.9, ["cut-word", "columns-cut"]) == 0.23


# ----------------------------------------------------------------------------- generated PDFs

def test_clean_table_has_no_doubt(tmp_path):
    plan = _plan(tmp_path, rows=plain_rows(8), sections={0: "I. Nâng cao nhận thức", 4: "II. Hạ tầng số"})
    assert len(plan.tasks) == 8
    assert all(t.doubts == [] and t.source.confidence == 1.0 for t in plan.tasks)
    assert plan.review.status == "đạt" and plan.review.tasks_doubtful == 0
    assert summary_line(plan).startswith("8 nhiệm vụ;")


def test_numbering_gap_points_at_the_row_after_it(tmp_path):
    rows = plain_rows(7, numbers=["1", "2", "3", "5", "6", "7", "8"])
    plan = _plan(tmp_path, rows=rows, sections={0: "I. Nâng cao nhận thức"})
    t = next(t for t in plan.tasks if t.number == "5")
    assert t.doubts == ["number-gap"] and "number-gap" in _codes(plan, t.id)
    assert t.source.confidence == 0.7
    assert [x.id for x in plan.tasks if x.doubts] == [t.id]
    table = [i for i in plan.issues if i.code == "task-count-mismatch"]
    assert table and table[0].row is None and table[0].page == t.source.page
    assert plan.review.status == "cần kiểm tra"
    assert summary_line(plan).startswith("7 nhiệm vụ, 1 cần kiểm tra")


def test_numbering_restart_within_a_section_and_duplicate(tmp_path):
    rows = plain_rows(7, numbers=["1", "2", "3", "3", "4", "1", "2"])
    plan = _plan(tmp_path, rows=rows, sections={0: "I. Nâng cao nhận thức"})
    by_pos = [t.doubts for t in plan.tasks]
    assert by_pos[3] == ["number-duplicate"] and by_pos[5] == ["number-restart"]
    assert by_pos[0] == by_pos[1] == by_pos[2] == by_pos[4] == by_pos[6] == []


def test_numbering_restarting_per_section_is_fine(tmp_path):
    rows = plain_rows(6, numbers=["1", "2", "3", "1", "2", "3"])
    plan = _plan(tmp_path, rows=rows, sections={0: "I. Nâng cao nhận thức", 3: "II. Hạ tầng số"})
    assert not any(t.doubts for t in plan.tasks)


def test_garbage_deadline_column_doubts_every_row(tmp_path):
    rows = [r[:4] + (w,) for r, w in zip(plain_rows(6), ["ngân sách xã", "Phòng Kinh tế", "theo dõi",
                                                         "báo cáo", "Quý II/2025", "đánh giá"])]
    plan = _plan(tmp_path, rows=rows, sections={0: "I. Nâng cao nhận thức"})
    assert all("deadline-column-unread" in t.doubts for t in plan.tasks)
    issue = [i for i in plan.issues if i.code == "deadline-column-unread"]
    assert len(issue) == 1 and issue[0].row is None and issue[0].page == plan.tasks[0].source.page
    bad = [t for t in plan.tasks if t.deadline.kind == "unrecognised"]
    assert bad and all("unrecognised-deadline" in t.doubts for t in bad)


def test_text_spilling_over_the_rule_is_cut_and_flagged(tmp_path):
    rows = plain_rows(6)
    rows[2] = rows[2][:2] + ("",) + rows[2][3:]
    spill = {(2, 1): "Xây dựng kế hoạch đào tạo kỹ năng số cho cán bộ công chức xã thuộc Ủy ban nhân dân"}
    plan = _plan(tmp_path, rows=rows, sections={0: "I. Nâng cao nhận thức"}, spill=spill)
    t = plan.tasks[2]
    assert t.text != spill[(2, 1)]                       # the reader did cut it at the rule
    assert "cut-word" in t.doubts and "cut-word" in _codes(plan, t.id)
    assert t.source.confidence <= 0.5
    assert all(not x.doubts for i, x in enumerate(plan.tasks) if i != 2)


def test_empty_task_cell_is_kept_flagged_and_written(tmp_path):
    rows = plain_rows(5)
    rows[1] = ("2", "") + rows[1][2:]
    rows[3] = ("", "") + rows[3][2:]
    plan = _plan(tmp_path, rows=rows, sections={0: "I. Nâng cao nhận thức"})
    empty = [t for t in plan.tasks if not t.text]
    assert len(plan.tasks) == 5 and len(empty) == 2
    assert all("empty-task-text" in t.doubts and "empty-task-text" in _codes(plan, t.id) for t in empty)
    assert validate_plan(plan) == []
    out = write_outputs(plan, tmp_path / "out")
    assert "empty-task-text" in (out / "tasks.csv").read_text(encoding="utf-8")


def test_sentence_in_the_lead_column(tmp_path):
    rows = plain_rows(5)
    sentence = ("Tổ chức triển khai thực hiện nghiêm túc, hiệu quả các nội dung đã đề ra "
                "trong kế hoạch này")
    rows[2] = (*rows[2][:2], sentence, *rows[2][3:])
    plan = _plan(tmp_path, rows=rows, sections={0: "I. Nâng cao nhận thức"})
    assert plan.tasks[2].doubts == ["lead-is-sentence"]


def test_table_not_found_is_reported_on_its_pages(tmp_path):
    """A table the finder cannot read (here: told to want more header roles than exist) leaves
    its header and numbered rows in the text: every page of it gets an issue."""
    path = tmp_path / "hrules.pdf"
    draw_plan(path, plain_rows(20), sections={0: "I. Nâng cao nhận thức"}, rules="hrules", rows_per_page=10)
    plan = extract(path, {"tables": {"min_header_roles": 9, "stream": False}})
    assert plan.tasks == []
    pages = sorted(i.page for i in plan.issues if i.code == "table-not-found")
    assert pages == [1, 2]
    assert plan.review.status == "cần kiểm tra" and plan.review.table_issues == 2


# ----------------------------------------------------------------------------- outputs and CLI

def test_strict_exit_code_and_summary_line(tmp_path):
    from plan_extract.cli import main
    draw_plan(tmp_path / "ok.pdf", plain_rows(4), sections={0: "I. Nâng cao nhận thức"})
    draw_plan(tmp_path / "gap.pdf", plain_rows(4, numbers=["1", "2", "4", "5"]),
              sections={0: "I. Nâng cao nhận thức"})
    runner = CliRunner()
    ok = runner.invoke(main, ["extract", "--strict", str(tmp_path / "ok.pdf"), "-o", str(tmp_path / "o")])
    assert ok.exit_code == 0, ok.output
    gap = runner.invoke(main, ["extract", "--strict", str(tmp_path / "gap.pdf"), "-o", str(tmp_path / "o")])
    assert gap.exit_code == 3
    assert "4 nhiệm vụ, 1 cần kiểm tra" in gap.output and "cần kiểm tra" in gap.output
    loose = runner.invoke(main, ["extract", str(tmp_path / "gap.pdf"), "-o", str(tmp_path / "o")])
    assert loose.exit_code == 0
    data = json.loads((tmp_path / "o" / "gap" / "plan.json").read_text(encoding="utf-8"))
    assert data["review"]["status"] == "cần kiểm tra" and data["review"]["tasks_doubtful"] == 1


def test_xlsx_warnings_sheet_names_the_row(tmp_path):
    import openpyxl
    draw_plan(tmp_path / "gap.pdf", plain_rows(4, numbers=["1", "2", "4", "5"]),
              sections={0: "I. Nâng cao nhận thức"})
    plan = extract(tmp_path / "gap.pdf")
    out = write_outputs(plan, tmp_path / "out", xlsx=True)
    ws = openpyxl.load_workbook(out / "plan.xlsx")["Cảnh báo"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
    gap = [r for r in rows if r["Mã"] == "number-gap"]
    assert gap and gap[0]["Dòng"] == plan.tasks[2].id


# ----------------------------------------------------------------------------- corpus

def _native_corpus():
    for g in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        if gold["source"].get("text_layer", "native") in ("native", "docx", "legacy-tcvn3", "legacy-vni"):
            yield pytest.param(g.stem, gold, id=g.stem)


@pytest.mark.parametrize("name, gold", list(_native_corpus()))
def test_corpus_rows_right_are_rarely_flagged(name, gold):
    """A corpus document extracted 100% right gets at most 5% of its rows flagged; and every
    wrong, missing or spurious row is pointed at."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.silent_errors import score_plan
    plan = extract(CORPUS / "pdf" / gold["source"]["file"])
    s = score_plan(plan.to_dict(), gold["tasks"])
    if s.all_right and s.extracted:
        assert s.false_alarms <= 0.05 * s.extracted, s.notes
    assert s.silent == 0, s.notes
