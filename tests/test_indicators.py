"""Indicator grids: target cells, period keys, footnote markers, rows -> Indicator, and the
corpus grids against gold."""
from __future__ import annotations

import pytest

from plan_extract.interpret import indicators
from plan_extract.interpret import targets
from plan_extract.model.document import Indicator, Provenance
from plan_extract.model.parts import Cell, Line, LogicalTable, Row
from tests.seedlines import corpus_ids, extracted, gold

# raw, unit of measure of the row, expected (op, value, unit); None = blank cell
TARGETS = [
    ("100%", None, (None, 100.0, "%")),
    ("≥ 90%", None, (">=", 90.0, "%")),
    ("≥90%", None, (">=", 90.0, "%")),
    (">= 90%", None, (">=", 90.0, "%")),
    ("≥ 1,0%", None, (">=", 1.0, "%")),
    ("≥ 2,5%", "%", (">=", 2.5, "%")),
    ("= 20%", None, ("=", 20.0, "%")),
    ("=30%", None, ("=", 30.0, "%")),
    ("≤ 5%", None, ("<=", 5.0, "%")),
    ("<= 5%", None, ("<=", 5.0, "%")),
    ("< 1%", None, ("<", 1.0, "%")),
    ("<1%", None, ("<", 1.0, "%")),
    ("> 95%", None, (">", 95.0, "%")),
    (">90%", None, (">", 90.0, "%")),
    ("100", None, (None, 100.0, None)),
    ("100", "%", (None, 100.0, "%")),
    ("100", "Doanh nghiệp", (None, 100.0, "Doanh nghiệp")),
    ("05", "Doanh nghiệp", (None, 5.0, "Doanh nghiệp")),
    ("≥ 650", "Doanh nghiệp", (">=", 650.0, "Doanh nghiệp")),
    ("1.200", "Triệu đồng", (None, 1200.0, "Triệu đồng")),
    ("10.000", None, (None, 10000.0, None)),
    ("1.200,5", None, (None, 1200.5, None)),
    ("1,0", None, (None, 1.0, None)),
    ("0,7", None, (None, 0.7, None)),
    ("0.7", None, (None, 0.7, None)),
    ("Đạt mức 3", "Mức", (None, 3.0, "Mức")),
    ("Đạt mức 4", None, (None, 4.0, None)),
    ("Tối thiểu 03", "Doanh nghiệp", (">=", 3.0, "Doanh nghiệp")),
    ("tối thiểu 2%", None, (">=", 2.0, "%")),
    ("Ít nhất 01", None, (">=", 1.0, None)),
    ("Không dưới 85%", None, (">=", 85.0, "%")),
    ("không quá 5%", None, ("<=", 5.0, "%")),
    ("Tối đa 3 ngày", None, ("<=", 3.0, "ngày")),
    ("trên 80%", None, (">", 80.0, "%")),
    ("Trên 0,7", None, (">", 0.7, None)),
    ("dưới 5%", None, ("<", 5.0, "%")),
    ("Đạt trên 80%", None, (">", 80.0, "%")),
    ("Đạt 100%", None, (None, 100.0, "%")),
    ("Từ 80% trở lên", None, (">=", 80.0, "%")),
    ("80% trở lên", None, (">=", 80.0, "%")),
    ("5% trở xuống", None, ("<=", 5.0, "%")),
    ("100 %", None, (None, 100.0, "%")),
    ("≥ 95 %", None, (">=", 95.0, "%")),
    ("05 mô hình", None, (None, 5.0, "mô hình")),
    ("80-90%", None, (None, None, "%")),
    ("Hoàn thành", None, (None, None, None)),
    ("x", None, (None, None, None)),
    ("-", None, (None, None, None)),
]


@pytest.mark.parametrize("raw,uom,expected", TARGETS)
def test_parse_target(raw, uom, expected):
    t = targets.parse_target(raw, uom)
    assert t is not None and t.raw == raw
    assert (t.op, t.value, t.unit) == expected


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_blank_target_is_none(raw):
    assert targets.parse_target(raw) is None


@pytest.mark.parametrize("text,value", [
    ("1,0", 1.0), ("1.200", 1200.0), ("1.200.000", 1200000.0), ("12,5", 12.5), ("03", 3.0),
    ("0.7", 0.7), ("abc", None), ("", None),
])
def test_parse_number(text, value):
    assert targets.parse_number(text) == value


@pytest.mark.parametrize("label,key", [
    ("Năm 2025", "2025"), ("2030", "2030"), ("Năm\n2035", "2035"),
    ("Giai đoạn 2026-2030", "2026-2030"), ("Giai đoạn 2026 - 2030", "2026-2030"),
    ("Phấn đấu theo từng giai đoạn / Năm 2025", "2025"),
    ("Chỉ tiêu phấn đấu / Giai đoạn 2026-2030", "2026-2030"),
    ("Đến năm 2030", "2030"), ("GĐ 2021–2025", "2021-2025"),
    ("Chỉ tiêu", None), ("Cơ quan chủ trì", None), ("", None),
])
def test_period_key(label, key):
    assert targets.period_key(label) == key


@pytest.mark.parametrize("name,clean,marker", [
    ("Tỷ lệ người dân có chữ ký số (*1)", "Tỷ lệ người dân có chữ ký số", "(*1)"),
    ("Tỷ lệ người dân có chữ ký số(*1)", "Tỷ lệ người dân có chữ ký số", "(*1)"),
    ("Kinh phí chi cho khoa học (* 2)", "Kinh phí chi cho khoa học", "(*2)"),
    ("Tỷ lệ hồ sơ (1)", "Tỷ lệ hồ sơ", "(1)"),
    ("Tỷ lệ hồ sơ¹", "Tỷ lệ hồ sơ", "¹"),
    ("Tỷ lệ hồ sơ (*)", "Tỷ lệ hồ sơ", "(*)"),
    ("Tỷ lệ người dân có tài khoản định danh điện tử (VNeID)",
     "Tỷ lệ người dân có tài khoản định danh điện tử (VNeID)", None),
    ("Tỷ lệ (%)", "Tỷ lệ (%)", None),
])
def test_split_marker(name, clean, marker):
    assert indicators.split_marker(name) == (clean, marker)


# ---------------------------------------------------------------- rows -> indicators
def _row(texts, page=3, section=False):
    return Row(cells=[Cell(t) if t is not None else None for t in texts], page=page,
               bbox=(10.0, 20.0, 500.0, 40.0), is_section=section)


HEADER = ["TT", "Chỉ tiêu", "Đơn vị tính", "Phấn đấu theo từng giai đoạn / Năm 2025",
          "Phấn đấu theo từng giai đoạn / Năm 2030", "Phấn đấu theo từng giai đoạn / Giai đoạn 2031-2035",
          "Cơ quan chủ trì"]


def _table(rows):
    return LogicalTable(index=1, header=HEADER, header_rows=[HEADER], rows=rows, pages=[3])


def test_grid_rows_parents_blanks_and_positions():
    t = _table([
        _row(["I", "Chỉ tiêu về chính quyền số", "", "", "", "", ""], section=True),
        _row(["7", "Chỉ tiêu về thực hiện thủ tục hành chính", "", "", "", "", ""]),
        _row(["7.1", "Tỷ lệ hồ sơ xử lý trực tuyến (*1)", "%", "≥ 80%", "100", "", "Văn phòng"]),
        _row(["7.2", "Số thôn có điểm truy cập", "Thôn", "", "5", "≥ 1.200", "Phòng VHXH"]),
        _row(["8", "Mức độ chuyển đổi số", "Mức", "Đạt mức 3", None, None, None]),
    ])
    out = indicators.table_to_indicators(t)
    assert [i.number for i in out] == ["7", "7.1", "7.2", "8"]
    parent, a, b, c = out
    assert parent.parent is None and parent.targets == {"2025": None, "2030": None, "2031-2035": None}
    assert a.parent == "7" and b.parent == "7" and c.parent is None
    assert a.name == "Tỷ lệ hồ sơ xử lý trực tuyến" and a.footnote == "(*1)"
    assert (a.targets["2025"].op, a.targets["2025"].value, a.targets["2025"].unit) == (">=", 80.0, "%")
    assert (a.targets["2030"].value, a.targets["2030"].unit) == (100.0, "%")
    assert a.targets["2031-2035"] is None
    # a blank first cell stays blank: values are placed by column, never shifted
    assert b.targets["2025"] is None and b.targets["2030"].value == 5.0
    assert (b.targets["2031-2035"].op, b.targets["2031-2035"].value, b.targets["2031-2035"].unit) == \
        (">=", 1200.0, "Thôn")
    assert c.targets["2025"].value == 3.0 and c.targets["2030"] is None and c.lead_raw == ""
    assert all(i.origin == "appendix" and i.source.table == 1 and i.source.page == 3 for i in out)
    assert a.lead_raw == "Văn phòng" and a.unit_of_measure == "%" and parent.unit_of_measure is None


def test_grid_without_name_column_gives_nothing():
    t = LogicalTable(index=0, header=["TT", "Tên nhiệm vụ", "Chủ trì"], header_rows=[], rows=[
        _row(["1", "Tổ chức tuyên truyền", "Văn phòng"])], pages=[1])
    assert indicators.table_to_indicators(t) == []


def _line(text, page, top, size=11.0):
    return Line(text=text, page=page, x0=85.0, top=top, x1=85.0 + 5 * len(text), bottom=top + size,
                size=size)


def test_attach_footnotes_from_lines_under_the_table():
    inds = [Indicator("", "appendix", "12", None, "Tỷ lệ người dân có chữ ký số", footnote="(*1)",
                      source=Provenance(page=4, table=0)),
            Indicator("", "appendix", "6", None, "Kinh phí", footnote="(*2)", source=Provenance(page=4)),
            Indicator("", "appendix", "9", None, "Không có chú thích", footnote="(*3)",
                      source=Provenance(page=4))]
    lines = [_line("1 Ghi chú ở trang trước", 3, 700),
             _line("(*1) Năm 2025 tính tỷ lệ người dân có tài khoản định danh", 4, 600),
             _line("điện tử (VNeID)", 4, 612),
             _line("(*2) Chưa bao gồm kinh phí lồng ghép.", 4, 630),
             _line("Phụ lục II", 5, 60)]
    indicators.attach_footnotes(inds, lines)
    assert inds[0].footnote == "Năm 2025 tính tỷ lệ người dân có tài khoản định danh điện tử (VNeID)"
    assert inds[1].footnote == "Chưa bao gồm kinh phí lồng ghép."
    assert inds[2].footnote == "(*3)"      # not found: the marker stays as printed


def test_attach_footnotes_superscript_digit():
    inds = [Indicator("", "appendix", "12", None, "Tỷ lệ", footnote="¹", source=Provenance(page=2))]
    indicators.attach_footnotes(inds, [_line("1 Năm 2025 tính tỷ lệ ...", 2, 700, size=9.0)])
    assert inds[0].footnote == "Năm 2025 tính tỷ lệ ..."


# ---------------------------------------------------------------- corpus
GRID_DOCS = [s for s in corpus_ids() if any(i["origin"] == "appendix" for i in gold(s)["indicators"])]


@pytest.mark.parametrize("stem", GRID_DOCS)
def test_corpus_grids_against_gold(stem):
    want = [i for i in gold(stem)["indicators"] if i["origin"] == "appendix"]
    got = [i for i in extracted(stem)["indicators"] if i["origin"] == "appendix"]
    assert [(i["number"], i["name"]) for i in got] == [(i["number"], i["name"]) for i in want]
    cells = ok = 0
    for w, g in zip(want, got):
        assert g["parent"] == w["parent"], w["number"]
        assert g["footnote"] == w["footnote"], w["number"]
        assert g["unit_of_measure"] == w["unit_of_measure"], w["number"]
        assert set(g["targets"]) == set(w["targets"]), w["number"]
        for k, wt in w["targets"].items():
            gt = g["targets"][k]
            cells += 1
            if wt is None or gt is None:
                ok += wt is None and gt is None
            else:
                ok += (wt["raw"], wt["op"], wt["value"], wt["unit"]) == (gt["raw"], gt["op"], gt["value"], gt["unit"])
    assert ok >= 0.99 * cells, f"{ok}/{cells} target cells exact"


def test_corpus_has_grids():
    assert GRID_DOCS, "no corpus document with an indicator grid: is tests/corpus generated?"


@pytest.mark.parametrize("raw,expected", [("Tối thiếu 03", (">=", 3.0)), ("Không qúa 5%", ("<=", 5.0)),
                                          ("trến 80%", (">", 80.0))])
def test_operator_words_survive_ocr_slips(raw, expected):
    t = targets.parse_target(raw)
    assert (t.op, t.value) == expected


def _target_entries():
    from plan_extract import vocab
    data = vocab.load("targets.yaml")
    return [(kind, e) for kind in ("symbols", "words", "suffixes") for e in data[kind]]


@pytest.mark.parametrize("kind,entry", _target_entries(), ids=lambda v: v if isinstance(v, str) else v["example"])
def test_target_vocab_entry(kind, entry):
    """Every operator entry of vocab/targets.yaml: its example parses to its operator."""
    assert entry.get("seen_in")
    t = targets.parse_target(entry["example"])
    assert t is not None and t.op == entry["op"] and t.value is not None


@pytest.mark.parametrize("word", [e["word"] for e in __import__("plan_extract.vocab", fromlist=["load"]).load("targets.yaml")["lead_words"]])
def test_target_lead_word(word):
    t = targets.parse_target(f"{word.capitalize()} ≥ 90%")
    assert t is not None and t.op == ">=" and t.value == 90


@pytest.mark.parametrize("entry", __import__("plan_extract.vocab", fromlist=["load"]).load("targets.yaml")["tails"],
                         ids=lambda e: e["pattern"])
def test_target_tail(entry):
    """Every tail of vocab/targets.yaml: kept in raw, left out of the value and operator."""
    assert entry.get("seen_in")
    t = targets.parse_target(entry["example"])
    assert t.raw == entry["example"] and (t.op, t.value) == (entry["op"], entry["value"])
