"""Tables of any layout (issue 12), read cell for cell from plans drawn here (tests/layoutpdf.py)
and from DOCX files (read directly, and printed to PDF by LibreOffice):
- one column for both unit roles ("Cơ quan chủ trì / phối hợp") printing the lead in bold over
  the coordinators in regular type, in every rule style, with rows split over pages;
- the header printed again inside the table (in the middle of a page, or at a page top with the
  rest of a split row run into its lowest cells): never a task, the split row re-joined;
- a parent header label over two unit columns ("Đơn vị thực hiện" over "Chủ trì | Phối hợp")."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from plan_extract import extract
from tests.layoutpdf import draw_table_plan
from tests.test_layout_probes import TASKS

STACKED_HEADER = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì / phối hợp", "Thời gian hoàn thành"]]
STACKED_WIDTHS = [35, 230, 160, 80]


def _stacked_rows(n: int = 3):
    """Task rows with a stacked unit cell: the lead in bold, the coordinators under it; every
    fourth row names a lead alone (its coordinators '')."""
    rows, want = [], []
    for k, t in enumerate([t for t in TASKS] * n, 1):
        text, lead, coordinators, deadline = t
        if k % 4 == 0:
            coordinators = ""
        cell = ((lead, True), (coordinators, False)) if coordinators else ((lead, True),)
        rows.append([str(k), text, cell, deadline])
        want.append((str(k), text, lead, coordinators, deadline))
    return rows, want


def _tasks(path):
    return [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw if t.deadline else None)
            for t in extract(path).tasks]


@pytest.mark.parametrize("rules", ["grid", "frame", "hrules", "header", "none"])
@pytest.mark.parametrize("bottom", [700.0, 736.0, 766.0, 790.0])
def test_stacked_lead_over_coordinators_in_every_rule_style(tmp_path, rules, bottom):
    """The lead is the cell's leading bold lines, the coordinators the regular lines under them,
    whichever finder cut the cells (ruled grid, frame or rules between rows, columns from the
    text's gutters without rules); a cell in bold alone is a lead with no coordinators (''), as
    an empty coordinator cell reads in a two-column table; a row the page break cuts between
    its bold and regular lines (or inside either) keeps the split once re-joined."""
    rows, want = _stacked_rows()
    path = tmp_path / f"stacked_{rules}.pdf"
    pages = draw_table_plan(path, STACKED_HEADER, STACKED_WIDTHS, rows, rules=rules, bottom=bottom,
                            align=["center", "left", "left", "center"])
    assert any(len(p) > 1 for p in pages)
    assert _tasks(path) == want


def test_stacked_cells_without_bold_are_left_whole_and_doubted(tmp_path):
    """A column for both roles printed without bold gives no evidence where the lead ends: the
    cell stays whole in the lead (coordinators None) and the self-check doubts the row."""
    rows = [[str(k), t[0], f"{t[1]}\n{t[2]}", t[3]] for k, t in enumerate(TASKS[:4], 1)]
    path = tmp_path / "plain.pdf"
    draw_table_plan(path, STACKED_HEADER, STACKED_WIDTHS, rows, rules="grid",
                    align=["center", "left", "left", "center"])
    plan = extract(path)
    assert [(t.lead_raw, t.coordinators_raw) for t in plan.tasks] == [(f"{t[1]} {t[2]}", None) for t in TASKS[:4]]
    assert all("roles-in-cell" in t.doubts for t in plan.tasks)


# ----------------------------------------------------------------------------- DOCX

def _stacked_docx(path, tasks, *, breaks: bool):
    """A DOCX plan whose task table has one column 'Cơ quan chủ trì / phối hợp': the lead in a
    bold paragraph and the coordinators in the next (or, `breaks`, one paragraph with a line
    break between a bold run and a regular one)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.shared import Cm
    doc = Document()
    doc.add_paragraph().add_run("KẾ HOẠCH thực hiện nhiệm vụ năm 2026").bold = True
    doc.add_paragraph().add_run("PHỤ LỤC: KẾ HOẠCH THỰC HIỆN").bold = True
    t = doc.add_table(rows=1 + len(tasks), cols=4)
    t.style = "Table Grid"
    for c, h in enumerate(STACKED_HEADER[0]):
        t.cell(0, c).paragraphs[0].add_run(h).bold = True
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for r, (number, text, lead, coordinators, deadline) in enumerate(tasks, 1):
        t.cell(r, 0).paragraphs[0].add_run(number)
        t.cell(r, 1).paragraphs[0].add_run(text)
        cell = t.cell(r, 2)
        p = cell.paragraphs[0]
        p.add_run(lead).bold = True
        if coordinators:
            if breaks:
                p.add_run().add_break(WD_BREAK.LINE)
                p.add_run(coordinators)
            else:
                cell.add_paragraph().add_run(coordinators)
        t.cell(r, 3).paragraphs[0].add_run(deadline)
    for row in t.rows:
        for c, w in enumerate((1.2, 8.0, 5.5, 2.8)):
            row.cells[c].width = Cm(w)
    doc.save(str(path))
    return path


def _print_pdf(docx_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is needed to print the DOCX to PDF")
    profile = docx_path.parent / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(docx_path.parent), str(docx_path)], check=True, capture_output=True, timeout=300)
    return docx_path.with_suffix(".pdf")


@pytest.mark.parametrize("breaks", [False, True])
def test_stacked_lead_in_docx_read_directly_and_printed(tmp_path, breaks):
    """A DOCX cell with the lead in bold and the coordinators in regular type, on separate
    paragraphs or after a line break: split by run weight when the DOCX is read, and by glyph
    weight once LibreOffice printed it (rows split over pages there)."""
    _, want = _stacked_rows(n=3)
    path = _stacked_docx(tmp_path / "stacked.docx", want, breaks=breaks)
    assert _tasks(path) == want
    assert _tasks(_print_pdf(path)) == want


# ----------------------------------------------------------------------------- repeated headers

TIME_HEADER = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "<"],
               ["^", "^", "^", "^", "Bắt đầu", "Hoàn thành"]]
TIME_WIDTHS = [32, 200, 85, 95, 58, 62]
STARTS = ["01/2026", "01/2026", "02/2026", "03/2026", "10/2026", "04/2026", "Quý I/2026", "05/2026",
          "Tháng 6/2026", "01/2026"]


def _timed_rows(n: int = 2):
    rows, want = [], []
    for k, (t, start) in enumerate(zip(TASKS * n, STARTS * n), 1):
        rows.append([str(k), t[0], t[1], t[2], start, t[3]])
        want.append((str(k), t[0], t[1], t[2], t[3], start))
    return rows, want


def _timed(path):
    return [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw if t.deadline else None,
             next((v for k, v in t.extra.items() if k.endswith("Bắt đầu")), None)) for t in extract(path).tasks]


@pytest.mark.parametrize("rules", ["grid", "frame", "hrules", "booktabs", "header", "none"])
def test_header_printed_again_inside_the_table_is_no_task(tmp_path, rules):
    """A two-row header printed again in the middle of a page (a producer repeating it, tables
    pasted one under the other): never a task, never glued into a row; a row printed in two
    parts around it (its rest under the header, the number cell empty) is re-joined."""
    rows, want = _timed_rows()
    text = rows[7][1]
    cut = text.index(" ", len(text) // 2)
    first = [rows[7][0], text[:cut], rows[7][2], "", rows[7][4], rows[7][5]]
    rest = ["", text[cut + 1:], "", rows[7][3], "", ""]
    drawn = rows[:3] + [{"header": True}] + rows[3:7] + [first, {"header": True}, rest] + rows[8:]
    path = tmp_path / f"again_{rules}.pdf"
    draw_table_plan(path, TIME_HEADER, TIME_WIDTHS, drawn, rules=rules, bottom=790.0,
                    align=["center", "left", "center", "center", "center", "center"])
    assert _timed(path) == want


@pytest.mark.parametrize("bottom", [700.0, 730.0, 760.0, 790.0])
def test_split_row_run_into_a_repeated_two_row_header(tmp_path, bottom):
    """ReportLab's splitInRow under a repeated two-row header: the rest of the split row is
    drawn with no rule under the header, so the lower header cells ('Bắt đầu', 'Hoàn thành')
    and the row's rest share boxes. Cut at the header's height: the header is the header, the
    rest continues the row (no ' / ' from the header's label joins in the row's text)."""
    rows, want = _timed_rows(3)
    path = tmp_path / "open.pdf"
    pages = draw_table_plan(path, TIME_HEADER, TIME_WIDTHS, rows, rules="grid", bottom=bottom, open_split=True,
                            align=["center", "left", "center", "center", "center", "center"])
    assert any(len(p) > 1 for p in pages)
    assert _timed(path) == want


# ----------------------------------------------------------------------------- header groups

def _group_entries():
    import yaml
    from plan_extract import vocab
    data = yaml.safe_load(vocab.path("header_groups.yaml").read_text(encoding="utf-8"))
    for parent, children in data.items():
        for role, entries in children.items():
            for e in entries:
                yield parent, role, e


PARENTS = {"lead": "Đơn vị thực hiện", "deadline": "Thời gian thực hiện"}


@pytest.mark.parametrize("parent,role,entry", list(_group_entries()),
                         ids=lambda v: v["phrase"] if isinstance(v, dict) else v)
def test_every_header_group_entry_gives_its_role_under_its_parent(parent, role, entry):
    """A child label under a parent over several columns names its role read with the parent
    (as printed, in capitals, spaced out); the same label under no parent keeps the meaning
    it has alone."""
    from plan_extract.tables.headers import column_roles, role_of
    assert entry.get("seen_in"), "every vocabulary entry names where it was seen"
    top = PARENTS[parent]
    for label in (entry["phrase"], entry["phrase"].upper(), entry["phrase"].replace(" ", "  ") + " "):
        header = ["STT", "Nội dung nhiệm vụ", f"{top} / {label}", f"{top} / Ghi chú"]
        assert column_roles(header)[2] == role
    alone = column_roles(["STT", "Nội dung nhiệm vụ", entry["phrase"]])[2]
    assert alone == (role_of(entry["phrase"]) or "others")


def test_a_parent_naming_both_roles_over_its_two_columns():
    """'Cơ quan chủ trì, phối hợp' over 'Chủ trì | Phối hợp': each child says its role (the
    parent alone names both, the stacked column's header); 'Cơ quan chủ trì / phối hợp' as one
    printed label over one column stays the lead column that holds both."""
    from plan_extract.tables.headers import column_roles
    assert column_roles(["TT", "Nội dung", "Cơ quan chủ trì, phối hợp / Chủ trì",
                         "Cơ quan chủ trì, phối hợp / Phối hợp", "Thời hạn"]) == \
        ["number", "task", "lead", "coordinators", "deadline"]
    assert column_roles(["TT", "Nội dung", "Cơ quan chủ trì / phối hợp", "Thời hạn"]) == \
        ["number", "task", "lead", "deadline"]


UNIT_GROUPS = [("Đơn vị thực hiện", "Chủ trì", "Phối hợp"), ("Đơn vị thực hiện", "Chính", "Phụ"),
               ("Cơ quan thực hiện", "Chủ trì", "Phối hợp"), ("Trách nhiệm thực hiện", "Chủ trì", "Tham gia"),
               ("Cơ quan chủ trì, phối hợp", "Chủ trì", "Phối hợp")]


@pytest.mark.parametrize("rules", ["grid", "frame", "hrules", "booktabs", "none"])
@pytest.mark.parametrize("group", UNIT_GROUPS, ids=lambda g: "-".join(g))
def test_unit_columns_under_a_parent_label_printed(tmp_path, rules, group):
    """A two-row header whose parent label stands over the two unit columns (merged over them;
    the other labels merged over both header rows): the children read with the parent give the
    lead and the coordinators, in every rule style (columns from the printed labels where no
    rule parts them; a parent over the white between two short labels names no column)."""
    top, a, b = group
    header = [["TT", "Nội dung", top, "<", "Thời gian"], ["^", "^", a, b, "^"]]
    rows = [[str(k), *t] for k, t in enumerate(TASKS * 2, 1)]
    path = tmp_path / "group.pdf"
    draw_table_plan(path, header, [30, 230, 100, 100, 65], rows, rules=rules, bottom=790.0,
                    align=["center", "left", "center", "center", "center"])
    got = [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw if t.deadline else None, t.extra)
           for t in extract(path).tasks]
    assert got == [(*r, {}) for r in rows]


@pytest.mark.parametrize("rules", ["grid", "hrules", "none"])
def test_time_columns_from_to_under_a_parent_label_printed(tmp_path, rules):
    """'Thời gian thực hiện' over 'Từ | Đến': the end is the deadline, the start kept in
    `extra` under its label."""
    header = [["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "<"],
              ["^", "^", "^", "^", "Từ", "Đến"]]
    rows, want = _timed_rows()
    path = tmp_path / "fromto.pdf"
    draw_table_plan(path, header, TIME_WIDTHS, rows, rules=rules, bottom=790.0,
                    align=["center", "left", "center", "center", "center", "center"])
    got = [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw if t.deadline else None,
            t.extra.get("Thời gian thực hiện / Từ")) for t in extract(path).tasks]
    assert got == want


def _group_docx(path, top, a, b):
    """A DOCX task table with a two-row header: `top` merged over the two unit columns, the
    other labels merged down over both rows (both rows marked as the repeating header)."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.shared import Cm
    doc = Document()
    doc.add_paragraph().add_run("KẾ HOẠCH thực hiện nhiệm vụ năm 2026").bold = True
    doc.add_paragraph().add_run("PHỤ LỤC: KẾ HOẠCH THỰC HIỆN").bold = True
    rows = [[str(k), *t] for k, t in enumerate(TASKS * 2, 1)]
    t = doc.add_table(rows=2 + len(rows), cols=5)
    t.style = "Table Grid"
    for c in (0, 1, 4):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(0, 2).merge(t.cell(0, 3))
    for (r, c), text in {(0, 0): "TT", (0, 1): "Nội dung", (0, 2): top, (0, 4): "Thời gian",
                         (1, 2): a, (1, 3): b}.items():
        t.cell(r, c).paragraphs[0].add_run(text).bold = True
    for r in (0, 1):
        t.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for r, row in enumerate(rows, 2):
        for c, text in enumerate(row):
            t.cell(r, c).paragraphs[0].add_run(text)
    for row in t.rows:
        for c, w in enumerate((1.0, 7.5, 3.3, 3.3, 2.4)):
            row.cells[c].width = Cm(w)
    doc.save(str(path))
    return path, rows


@pytest.mark.parametrize("group", [UNIT_GROUPS[1], UNIT_GROUPS[4]], ids=lambda g: "-".join(g))
def test_unit_columns_under_a_parent_label_in_docx_read_and_printed(tmp_path, group):
    """The same header group in a Word table (gridSpan over the unit columns, vMerge down the
    others): read from the DOCX, and from the PDF LibreOffice prints of it."""
    path, rows = _group_docx(tmp_path / "group.docx", *group)
    want = [tuple(r) for r in rows]
    assert [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw) for t in extract(path).tasks] == want
    pdf = _print_pdf(path)
    assert [(t.number, t.text, t.lead_raw, t.coordinators_raw, t.deadline.raw) for t in extract(pdf).tasks] == want
