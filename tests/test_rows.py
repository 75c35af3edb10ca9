"""rows.py: header roles (every headers.yaml entry), section rows, task rows; and the whole
native-text chain read -> tables -> stitch -> rows against the corpus gold, row by row."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from plan_extract.readers import pdf as read
from plan_extract.interpret import tasks as rows
from plan_extract.tables import stitch
from plan_extract.tables import find as tables
from plan_extract.model.parts import Cell, LogicalTable, Row

CORPUS = Path(__file__).parent / "corpus"
SEEDS = ["seed000_sct_hatinh", "seed002_vpdp_ntm", "seed003_ubnd_tiendien"]


# ----------------------------------------------------------------------------- vocabulary

def _entries():
    data = yaml.safe_load(rows.HEADERS_FILE.read_text(encoding="utf-8"))
    for role, entries in data.items():
        for e in entries:
            yield role, e.get("phrase") or e["example"], e


@pytest.mark.parametrize("role,label,entry", list(_entries()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_header_entry_gives_its_role(role, label, entry):
    assert entry.get("seen_in"), "every vocabulary entry names where it was seen"
    assert rows.role_of(label) == role
    assert rows.role_of(label.upper()) == role          # printed in capitals
    assert rows.role_of(label.replace(" ", "  ") + " ") == role


@pytest.mark.parametrize("label,role", [
    ("Cơ quan  chủ trì", "lead"),
    ("Thời gian\nhoàn thành", "deadline"),
    ("Thời gian thực hiện nhiệm vụ", "deadline"),        # longest phrase wins over "nhiệm vụ"
    ("Phấn đấu theo từng giai đoạn / Năm 2030", "target"),
    ("Năm 2045", "target"),
    ("Giai đoạn 2026 - 2030", "target"),
    ("Đơn vị tính", "unit_of_measure"),
    ("Nội dung chỉ tiêu", "name"),
    ("Văn hoá", None),
    ("", None),
])
def test_role_of_examples(label, role):
    assert rows.role_of(label) == role


def test_column_roles_keeps_every_column():
    header = ["STT", "Nội dung nhiệm vụ chính", "Chủ trì", "Phối hợp", "Thời gian thực hiện", "Sản phẩm", "Xyz"]
    assert rows.column_roles(header) == ["number", "task", "lead", "coordinators", "deadline", "others", "others"]


def test_classify_table():
    def lt(header):
        return LogicalTable(index=0, header=header, header_rows=[header], rows=[], pages=[1])
    assert rows.classify_table(lt(["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"])) == "tasks"
    assert rows.classify_table(lt(["TT", "Chỉ tiêu", "Phấn đấu theo từng giai đoạn / Năm 2025", "Phòng chủ trì"])) == "indicators"
    assert rows.classify_table(lt(["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025"])) == "indicators"
    assert rows.classify_table(lt(["Họ và tên", "Chức vụ"])) is None


# ----------------------------------------------------------------------------- sections

def _row(texts, bold=False, spans=None):
    cells = []
    for i, t in enumerate(texts):
        cells.append(None if t is None else Cell(text=t, bold=bold, colspan=(spans or {}).get(i, 1)))
    return Row(cells=cells, page=1)


ROLES = ["number", "task", "lead", "coordinators", "deadline"]


@pytest.mark.parametrize("texts,bold,spans,expected", [
    (["I", "Công tác lãnh đạo, chỉ đạo", "", "", ""], False, None, True),           # seed 000
    (["II.", "Quán triệt", "", "", ""], True, None, True),
    (["A", "PHÁT TRIỂN HẠ TẦNG", "", "", ""], True, None, True),
    (["I. Nâng cao nhận thức", None, None, None, None], True, {0: 5}, True),        # seed 003
    (["1.", "Nhiệm vụ nhóm", "", "", ""], True, None, True),                         # bold "1." spanning
    (["1.", "Tổ chức tuyên truyền", "", "", ""], False, None, False),               # a task without lead
    (["1", "Ban hành Kế hoạch", "Văn phòng", "Các phòng", "Quý II/2025"], True, None, False),
    (["I", "Nhiệm vụ", "Văn phòng", "", ""], False, None, False),                    # roman with a lead: a task
])
def test_is_section_row(texts, bold, spans, expected):
    assert rows.is_section_row(_row(texts, bold, spans), ROLES) is expected


@pytest.mark.parametrize("text,expected", [
    ("I. Nâng cao nhận thức", ("I.", "Nâng cao nhận thức")),
    ("B PHÁT TRIỂN", ("B", "PHÁT TRIỂN")),
    ("Nâng cao nhận thức", ("", "Nâng cao nhận thức")),
    ("2.1. Hạ tầng số", ("2.1.", "Hạ tầng số")),
])
def test_split_section_text(text, expected):
    assert rows.split_section_text(text) == expected


def test_table_to_tasks_sections_spans_and_extra():
    header = ["TT", "Nội dung nhiệm vụ chính", "Chủ trì", "Phối hợp", "Thời gian thực hiện", "Sản phẩm"]
    body = [
        _row(["I", "Công tác lãnh đạo", "", "", "", ""]),
        _row([" 1. ", "Ban hành Kế hoạch", "Văn phòng", "Các phòng", "Tháng 5 năm 2025", "Kế hoạch"]),
        Row(cells=[Cell("1"), Cell("Tuyên truyền"), Cell("Văn phòng; các phòng, đơn vị thuộc Sở", colspan=2), None,
                   Cell(""), Cell("")], page=2, bbox=(1, 2, 3, 4)),
    ]
    table = LogicalTable(index=3, header=header, header_rows=[header], rows=body, pages=[1, 2])
    got = rows.table_to_tasks(table)
    assert [(t.section, t.section_title, t.number, t.text) for t in got] == [
        ("I", "Công tác lãnh đạo", "1.", "Ban hành Kế hoạch"), ("I", "Công tác lãnh đạo", "1", "Tuyên truyền")]
    assert (got[1].lead_raw, got[1].coordinators_raw, got[1].deadline.raw) == \
        ("Văn phòng; các phòng, đơn vị thuộc Sở", "", "")
    assert got[0].extra == {"Sản phẩm": "Kế hoạch"}
    assert got[1].origin == "appendix" and got[1].source.page == 2 and got[1].source.table == 3
    assert got[1].source.bbox == [1, 2, 3, 4]


# ----------------------------------------------------------------------------- corpus gold

@lru_cache(maxsize=None)
def corpus_stages(doc_id: str):
    """(source, raw tables, logical tables, appendix tasks) of one corpus PDF, read once per test
    session (the other stage tests share it)."""
    src = read.open_document(CORPUS / "pdf" / f"{doc_id}.pdf", ocr=False)
    try:
        raw = tables.pages_to_raw_tables(src.pages, None)
        logical = stitch.raw_tables_to_logical(raw)
        tasks = [t for table in logical if rows.classify_table(table) == "tasks" for t in rows.table_to_tasks(table)]
        return src, raw, logical, tasks
    finally:
        src.close()


def appendix_tasks(doc_id: str):
    return corpus_stages(doc_id)[3]


def _flat_gold(t):
    return (t["number"], t["text"], t["lead_raw"], t["coordinators_raw"], (t.get("deadline") or {}).get("raw"),
            t["section"], t["section_title"], t["source"]["page"])


def _flat(t):
    return (t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw if t.deadline else None,
            t.section, t.section_title, t.source.page)


def _native_docs():
    docs = set(SEEDS)
    for gold in (CORPUS / "gold").glob("*.json"):
        if "__scan" not in gold.stem and (CORPUS / "pdf" / f"{gold.stem}.pdf").exists():
            docs.add(gold.stem)
    return sorted(docs)


@pytest.mark.parametrize("doc_id", _native_docs())
def test_appendix_rows_exact_against_gold(doc_id):
    gold_path = CORPUS / "gold" / f"{doc_id}.json"
    assert gold_path.exists(), f"missing gold file {gold_path}"
    assert (CORPUS / "pdf" / f"{doc_id}.pdf").exists(), f"missing corpus PDF for {doc_id}"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    expected = [_flat_gold(t) for t in gold["tasks"] if t["origin"] == "appendix"]
    got = [_flat(t) for t in appendix_tasks(doc_id)]
    assert got == expected
