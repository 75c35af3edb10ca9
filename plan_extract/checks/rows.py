"""Self-checks: every extraction checks itself and points at its doubtful rows.

Runs after normalisation (deadlines parsed, units resolved, ids assigned), before output.
`check_plan(plan, logical, registry)` adds one `Issue` per doubt (stable kebab-case code,
Vietnamese message, page, and the row id for a row-level doubt), fills each task's and
indicator's `doubts` (the codes that point at it, in a fixed order) and `source.confidence`, and
sets `plan.review` (counts and the "cần kiểm tra" status).

Row-level codes (Issue.row = the task / indicator id):
  cut-word             a cell starts or ends with a piece of a word (a letter run that cannot be a
                       Vietnamese syllable, or a lone letter in a unit cell): a column boundary
                       was drawn through the text
  text-cut             a task text that ends with "," ";" "(" "-" or starts with a small letter:
                       a row split in two (across a page) or cut (a sub-item "a) Tại ...", a
                       marker then a capital or digit, is not: sub_item_marker)
  rows-fused           the number cell holds more than one row number, each following the one
                       before ("9 10", "2 3 4"), or the task text opens a new item with the next
                       row's number after a sentence ("... Nhân dân. 10. Rà soát ..."): rows
                       printed one under the other were read as one (a cell merged over them, no
                       rule between them); their cells run together and rows are missing (in
                       MISSING_ROW_CODES). The numbering goes on from the last number of the cell.
  continued-below      the row just before a row that starts mid-sentence (its task text, or
                       with an empty task cell a unit cell, opens with a small letter): this
                       row's end was read as the next row, its cells are cut short
  empty-task-text      a table row with cells filled but an empty task cell (kept, never dropped)
  empty-cell           an empty lead or deadline cell in a column that is filled on most rows
  cells-merged         two or more leads, one of them not a known unit, and an empty coordinator
                       cell in a table whose coordinator column is filled on most rows: the
                       coordinators read into the lead
  roles-in-cell        a unit list holding a role label ("Chủ trì", "Phối hợp"): lead and
                       coordinators written in one cell and not told apart; or an unlabelled
                       cell of one column headed with both roles ("Cơ quan chủ trì / phối hợp")
                       naming more than one known unit
  lead-is-sentence     a lead cell that names no unit and reads like a sentence
  number-gap           the number column skips numbers (rows may be missing before this one)
  number-duplicate     the same number twice in a row within one section
  number-restart       numbering starts again without a new section
  number-out-of-sequence  a number that follows neither the row before nor leads to the row
                       after, where those two leave room for one number only ("57.", "958.",
                       "59."): printed or read wrong (instead of a number-gap on it and on
                       the row after it)
  task-read-as-section  a row of a task table read as a section heading (one cell across the
                       table) that opens with the next number of the table's task numbering
                       and holds a task's length of text ("10 Tổ chức thi tuyển ... Sở Nội vụ
                       ... Quý III/2026"): a task whose cells were not told apart, missing from
                       the tasks (MISSING_ROW_CODES); reported on its page with its opening words
  section-out-of-sequence  a row filed under a section whose number (I, II; A, B; 1, 2) neither
                       follows the last section in order (up to MAX_SECTION_SKIP places on)
                       nor leads to the next, nor opens a table at the first: OCR's "L" for "I"
  number-missing       a row without a number between rows numbered n and n + 2: its number
                       was not read (instead of a number-gap on the row after it); on a row read
                       from a sound text layer the number is not printed: a note
                       `number-not-printed` instead (INFO_CODES), the row read as printed
  garbled-word         a cell holds a word no Vietnamese spelling allows ("Quyù", "Thöôøng",
                       "rnưu"): a legacy 8-bit font read as Unicode, or an OCR misreading
  cell-wrong-column    a lead cell that reads as a deadline and names no unit, or a deadline
                       cell that names a unit: the cells were put in the wrong columns
  deadline-partly-read a deadline cell read with dates or numbers left unused ("Quyù II/2025"
                       read as the year 2025)
  deadline-in-text     a body task that states a time ("hàng năm", "trước ngày 01 tháng 3 năm
                       2027") from which no deadline was taken
  deadline-ambiguous   a body task whose deadline was taken from its prose while the prose
                       states another time too (or the phrase is part of a longer one)
  lead-in-text         a body task whose text opens with "<unit>:" (its lead left in the text)
  target-unread        an indicator target cell with text that gave no value
  target-no-year       an indicator target under no year or period (a prose target that names none)
Indicator rows also get cut-word, garbled-word, and text-cut when the name opens with a
list number "(12) ..." (the list's number left in the name).
Prose lists of targets (checks/prose.py; Issue.row = None, Issue.page = the item's page):
  target-item-unread, target-item-partial  a numbered item "(n) ..." under a targets heading
                       holding a figure that gave no indicator, or a clause of it that gave none
  unrecognised-deadline (from normalise.deadlines: already a row issue, counted as a doubt)
Notes about a row (INFO_CODES: `unknown-unit`, `lead-names-no-unit`, `number-not-printed`) carry the row id but are
no doubt: they say what the row is (a unit missing from the registry, a lead cell that refers
to another document), not that it was read wrong.
Table-level codes (Issue.row = None, Issue.page = the table's first page; every row of the
table carries the code in `doubts`):
  deadline-column-unread  most deadline cells of a table are not understood as deadlines
  unit-column-unread      most lead cells name no unit
  columns-cut             many rows show cut words: the column boundaries are wrong
  column-empty            a lead, coordinator or deadline column that is empty on every row
  rows-split              a page of a task table whose rows are mostly fragments (start
                          mid-sentence, end on a comma, or lack the lead and deadline the
                          table's other rows have; fewer suffice when the page holds many more,
                          much shorter rows than the table's other pages): the rows were cut at
                          every printed line, so the page's tasks are neither whole nor all there
                          (Issue.page = that page; every row of the table on it carries the code)
  task-count-mismatch     the numbering promises more tasks than the table yields
  table-no-tasks          a task table with a header and body rows that yields no task
  indicator-no-target     an indicator table (>= 3 rows) without any target column: a table
                          of statistics or results, not targets set by the plan
  table-unread            a table with a header and >= 3 body rows not read as tasks or
                          indicators (unless the table stage already reported it)
  rows-outside-table      the number after a table's last row printed at a line start below it
  table-not-found         a task-table or indicator-table header printed in the text outside
                          every table found
                          (and the following pages whose lines go on with row numbers)
  table-text-unread       lines outside every table laid out as one (pieces of text side by
                          side in aligned columns, with row numbers or deadline/figure cells:
                          checks/coverage.py) from which no body task was read: a table, or
                          part of one, that no finder found (Issue.page = its page)
  continued-below (across tables)  the last row of a task table when the next task table,
                          on the same or the next page, opens with a row that starts
                          mid-sentence: the page break cut that row
  number-gap (across tables)  a task table whose first top-level number does not go on from
                          the task table before it (or does not open the list at 1) nor restart
                          at 1: number-gap on that row, and task-count-mismatch on each page
                          from the last row read (or the first task-table header) to the page
                          before that row, where the rows were lost
Page-level: an issue about a page's text layer (PAGE_CODES, or any code starting "text-layer")
puts its code into the doubts of every row on that page that was not read cell by cell by OCR
(rows of a text layer judged poor, prose read by OCR); it counts among the review's table/page
issues. Except a scan's sound hidden layer that agrees with OCR of the image (PageLayer.ocr_check,
readers.text_layer.layer_agrees): its rows are doubted word by word instead:
  text-layer-ocr-differs  a row holding a word the layer and OCR read differently, unless the
                       document sides with the layer (a known word pair, a word written
                       elsewhere and OCR's nowhere, a deadline meaning the same either way) Rows read cell by cell by OCR (`source.ocr`) are doubted by their own cells instead:
  ocr-low-confidence-cell, ocr-readings-differ (normalise/readings.py: a key cell read with low
                       confidence, two readings that mean different things)
  ocr-unsure-word      a key cell (task text, lead, coordinators, deadline; indicator name,
                       unit, lead, targets) holds a word tesseract read below
                       ocr.page.UNSURE_CELL_CONF that the document writes nowhere else read
                       with confidence ("HĐND-U" at 0.45, "(DTIJ)" at 0.34; checks/scan.py)
  ocr-tone-variant     a word the document mostly writes with another tone mark, or "đ" for
                       "d", in the same place ("sửa đối" where "sửa đổi" stands 6 times,
                       "dường" where "tuyến đường trục" stands: checks/scan.py); or a
                       unit the registry does not know whose diacritics alone set it apart from
                       a known one ("Sở Văn hóa, Thế thao và Du lịch")
  ocr-comparison-sign  a target read with a strict ">" or "<" (tesseract reads "≥", "≤" so)
  ocr-unknown-word     a key cell holds a word shaped like a Vietnamese syllable that the
                       syllable dictionary (hunspell-vi, checks/scan.py syllables()) does not
                       have and the document's sound text layer does not write ("Tõ chức")
  ocr-tone-variant     (also) a word pair of the cell that text written right holds only with
                       one tone mark changed: the document's sound text layer, or the
                       vocabulary's phrases when the document writes the pair as read nowhere
                       else ("Kiếm tra" where "kiểm tra" stands: checks/scan.py tone_slips)
  garbled-word, cut-word and the other cell checks above, as for any row.

Confidence of a row (documented formula, deterministic, two decimals):
    confidence = read × Π over the row's doubts of (1 − WEIGHT[code])
`read` is how the text was read: the table's OCR confidence (0-1) when it was recognised from an
image, else READ_CONFIDENCE[method] (ruled table 1.0, unruled 0.9, body text 0.9, OCR grid 0.6).
WEIGHT is 0.5 for doubts that usually mean wrong cells (cut words, columns not understood, a page
badly read), 0.3 for the rest (numbering, one empty cell, an unknown deadline). A row with no
doubt keeps `read`; two severe doubts bring a ruled row to 0.25.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from plan_extract import vocab as vocab_files
from plan_extract.checks.words import garbled_words, is_fragment, is_syllable, words
from plan_extract.model.document import Issue, Plan, Review
from plan_extract.model.parts import LogicalTable
from plan_extract.normalise.readings import field_name
from plan_extract.normalise.units import ascii_key, name_key
from plan_extract.tables.headers import classify_table, column_roles, names_lead_and_coordinators, role_of

READ_CONFIDENCE = {"lattice": 1.0, "stream": 0.9, "ocr-lattice": 0.6, "docx": 1.0, "body": 0.9}
SEVERE = {"cut-word", "rows-split", "rows-fused", "continued-below", "garbled-word", "cell-wrong-column", "roles-in-cell", "columns-cut", "empty-task-text", "lead-is-sentence", "deadline-column-unread",
          "unit-column-unread", "column-empty", "table-no-tasks", "indicator-no-target"}
WEIGHT_SEVERE, WEIGHT_OTHER = 0.5, 0.3
#: Issues about a page's text layer, from the readers: rows on such a page are doubtful.
PAGE_CODES = ("ocr-failed", "page-no-text", "text-layer-poor", "text-layer-garbled",
              "text-layer-unmapped", "ocr-low-confidence")
#: Codes that say rows may be missing: a gold row that was not extracted counts as pointed at
#: when one of these (or any issue without a row) covers its page.
MISSING_ROW_CODES = ("number-gap", "task-count-mismatch", "table-no-tasks", "table-unread",
                     "table-not-found", "table-text-unread", "rows-outside-table", "columns-cut", "rows-split", "rows-fused",
                     "target-item-unread", "target-item-partial", "task-read-as-section")
#: A section may follow the one before by this many places (sections without task rows between).
MAX_SECTION_SKIP = 3
#: Share of a column's filled cells that must fail before the whole column is doubted.
COLUMN_FAIL_SHARE = 0.5
#: Share of a table's rows showing cut words before the column boundaries are doubted.
CUT_ROWS_SHARE = 0.3
#: A lead cell with at least this many words and no unit in it reads like a sentence.
SENTENCE_WORDS = 12
MIN_ROWS = 3
#: Words from which a section row that carries the next task number reads as a task's text.
TASK_AS_SECTION_WORDS = 12
#: A page of a table is read split line by line when this share of its rows are fragments ...
SPLIT_SHARE = 0.3
#: ... or this share, when the page holds SPLIT_DENSITY times the rows of the table's fullest
#: other page and its rows are at most SPLIT_SHORTER of the others' median length (in words).
SPLIT_SHARE_DENSE = 0.15
SPLIT_DENSITY = 1.5
SPLIT_SHORTER = 0.5

ROW_CODE_ORDER = ("cut-word", "garbled-word", "text-cut", "rows-fused", "continued-below", "empty-task-text", "empty-cell", "cell-wrong-column", "cells-merged",
                  "roles-in-cell", "lead-is-sentence", "lead-in-text", "number-gap", "number-duplicate",
                  "number-restart", "number-missing", "number-out-of-sequence", "unrecognised-deadline", "deadline-partly-read", "deadline-in-text",
                  "deadline-ambiguous", "target-unread", "target-no-year", "ocr-unsure-word", "ocr-tone-variant",
                  "ocr-unknown-word", "ocr-comparison-sign", "text-layer-ocr-differs", "section-out-of-sequence")
#: Row issues of earlier stages that are notes, not doubts (see the module docstring).
INFO_CODES = ("unknown-unit", "lead-names-no-unit", "number-not-printed")


def check_plan(plan: Plan, logical: Sequence[LogicalTable], registry=None, lines=None) -> Plan:
    """Run every check on `plan` (in place) and return it. `lines` are the text lines outside
    the tables found (for headers of tables that were not found)."""
    ctx = _Context(plan, logical, registry)
    ctx.lines = list(lines or [])
    if lines:
        ctx.check_missed_tables(lines)
        ctx.check_missed_indicator_tables(lines)
    ctx.attach_unit_notes()
    for task in plan.tasks:
        ctx.check_task_cells(task)
        ctx.check_task_kinds(task)
    for ind in plan.indicators:
        ctx.check_indicator_cells(ind)
    for table in logical:
        ctx.check_table(table)
    ctx.check_numbering_across()
    ctx.check_sections()
    ctx.check_continued_across()
    if lines:
        ctx.check_unread_regions(lines)
    ctx.check_ocr_rows()
    ctx.check_layer_words()
    ctx.check_pages()
    ctx.collect_row_issues()
    ctx.finish()
    return plan


# ----------------------------------------------------------------------------- cell tests

_UNFINISHED = ",;(-–"
_URLISH = re.compile(r"[./@:]\w|\w[./@]")


def _tokens(text: str) -> list[str]:
    """Whitespace tokens without the ones that are URLs, e-mails or file names."""
    return [t for t in (text or "").split() if not _URLISH.search(t)]


def _mixed_case(word: str) -> bool:
    """A capital after a small letter, or a capital pair then a small letter, in a word with a
    Vietnamese letter: never in Vietnamese words nor in abbreviations (UBND, HĐND, VH&TT);
    brand names written in ASCII (VNeID, iPhone, eKYC) are left alone."""
    if word.isascii():
        return False
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:])) or \
        any(a.isupper() and b.isupper() and c.islower() for a, b, c in zip(word, word[1:], word[2:]))


@lru_cache(maxsize=1 << 16)     # a pure function of one token: documents repeat their words
def _cut_piece(token: str, unit_cell: bool) -> bool:
    """A token that is a piece of a cut word: a short letter run that cannot be a syllable; in a
    unit cell also a lone letter (units are named in words, never by one letter)."""
    ws = words(token)
    if len(ws) != 1:
        return False
    w = ws[0]
    if token.strip("()[],.;:-–“”\"'") != w:        # "a)", "(b)" are list markers
        return False
    if len(w) <= 3 and is_fragment(w):
        return True
    if _mixed_case(w):                # "bCộô", "ỦTyr": two texts printed over each other
        return True
    if unit_cell and is_fragment(w):  # unit names are Vietnamese words
        return True
    # a lone consonant, or a roman-numeral letter leaking from the number column ("I Văn phòng")
    return unit_cell and len(w) == 1 and (not is_syllable(w) or w in "IVX")


def cut_words(text: Optional[str], unit_cell: bool = False) -> list[str]:
    """The pieces of cut words at the start or end of a cell, or anywhere in a unit cell
    (a cut through a multi-line unit cell leaves a piece on every line). In a cell holding
    words no Vietnamese spelling allows (garbled_words: a legacy TCVN3/VNI font read as
    Unicode), its mixed-case and garbled tokens ("cËp", "quyÕt") are that font's letters, not
    cuts: garbled-word reports them (checkdocs cd_late3_tcvn3_text, cd_late_vni_text)."""
    toks = _tokens(text or "")
    if not unit_cell and sub_item_marker(text):
        toks = toks[1:]               # "b) Tại các ...": a sub-item's marker, not a cut
    if not toks:
        return []
    if unit_cell:
        pieces = [t for t in toks if _cut_piece(t, True)]
    else:
        ends = {0, len(toks) - 1}
        pieces = [t for i, t in enumerate(toks) if _cut_piece(t, False) and (i in ends or _mixed_case(t))]
    if pieces and garbled_words(text):
        from plan_extract.checks.words import is_garbled
        pieces = [t for t in pieces if not any(_mixed_case(w) or is_garbled(w) for w in words(t))]
    return pieces


def _word_count(text: Optional[str]) -> int:
    return len((text or "").split())


# ----------------------------------------------------------------------------- the checks


@dataclass
class _TableRows:
    table: LogicalTable
    roles: list[str]
    tasks: list = field(default_factory=list)


class _Context:
    def __init__(self, plan: Plan, logical: Sequence[LogicalTable], registry):
        self.plan = plan
        self.logical = list(logical)
        self.registry = registry
        self.issuer = plan.document.issuer if plan.document else None
        self.row_doubts: dict[str, list[str]] = defaultdict(list)   # row id -> codes
        self.new_issues: list[Issue] = []
        self.by_table: dict[int, _TableRows] = {}
        self._poor_pages: Optional[dict[int, str]] = None
        self._unit_cells: dict[str, bool] = {}        # names_a_unit per cell text
        self._cuts: dict[tuple, list[str]] = {}       # cut_words per (cell text, unit cell)
        self._no_unit_rows: Optional[set] = None       # refers_no_unit
        for t in self.logical:
            self.by_table[t.index] = _TableRows(t, column_roles(t.header))
        for task in plan.tasks:
            if task.origin == "appendix" and task.source.table in self.by_table:
                self.by_table[task.source.table].tasks.append(task)

    # -- helpers
    def doubt(self, row, code: str, message: str) -> None:
        """A row-level doubt: an issue with the row id, and the code in the row's doubts."""
        if code in self.row_doubts[row.id]:
            return
        self.row_doubts[row.id].append(code)
        self.new_issues.append(Issue("warning", code, message, row.source.page, row.id))

    def table_doubt(self, rows: Iterable, code: str, message: str, page: Optional[int]) -> None:
        self.new_issues.append(Issue("warning", code, message, page, None))
        for row in rows:
            if code not in self.row_doubts[row.id]:
                self.row_doubts[row.id].append(code)

    @staticmethod
    def label(task) -> str:
        opening = " ".join((getattr(task, "text", None) or getattr(task, "name", "") or "").split()[:8])
        num = f" {task.number}" if task.number else ""
        return f"dòng{num} (“{opening}…”)" if opening else f"dòng{num}"

    def refers_no_unit(self, row) -> bool:
        """An earlier stage's `lead-names-no-unit` note is about this row (the plan's issues, as
        they stand until finish() adds the checks' own)."""
        if self._no_unit_rows is None:
            self._no_unit_rows = {i.row for i in self.plan.issues if i.code == "lead-names-no-unit"}
        return row.id in self._no_unit_rows

    def names_a_unit(self, cell: str) -> bool:
        """The cell names at least one known unit, or an item that starts like a unit name."""
        if self.registry is None:
            return True
        hit = self._unit_cells.get(cell)      # lead cells repeat down a table: read each once
        if hit is None:
            hit = self._unit_cells[cell] = self._names_a_unit(cell)
        return hit

    def cut_words(self, text: Optional[str], unit_cell: bool = False) -> list[str]:
        """cut_words(text, unit_cell), each cell text read once (lead and coordinator cells
        repeat down a table)."""
        key = (text, unit_cell)
        hit = self._cuts.get(key)
        if hit is None:
            hit = self._cuts[key] = cut_words(text, unit_cell)
        return list(hit)

    def _names_a_unit(self, cell: str) -> bool:
        from plan_extract.normalise.units import name_key
        for r in self.registry.cell_to_units(cell, self.issuer):
            if r.known or self.registry.grammar.starts_unit(name_key(r.name)):
                return True
            if self.registry.grammar.opens_collective(name_key(r.name)):
                return True
        return False

    # -- one row's cells
    def check_task_cells(self, task) -> None:
        if task.origin == "appendix":
            cells = [("nhiệm vụ", task.text, False), ("chủ trì", task.lead_raw, True),
                     ("phối hợp", task.coordinators_raw, True)]
            cut = []
            for name, text, unit in cells:
                cut += [(name, p) for p in self.cut_words(text, unit)]
            if cut:
                shown = "; ".join(f"“{p}” ở cột {name}" for name, p in cut[:4])
                self.doubt(task, "cut-word", f"Ô bị cắt giữa chữ ({shown}) ở {self.label(task)}: "
                           "ranh giới cột có thể sai, cần đối chiếu với bản gốc.")
            text = (task.text or "").strip()
            if text and (text[-1] in _UNFINISHED or _starts_small(text)):
                where = "bắt đầu giữa câu" if _starts_small(text) else \
                    f"kết thúc bằng “{text[-1]}”"
                self.doubt(task, "text-cut", f"Nội dung nhiệm vụ {where} ở {self.label(task)}: "
                           "dòng có thể bị tách (qua trang) hoặc bị cắt, cần đối chiếu với bản gốc.")
            self._fused(task, text)
            if not text:
                self.doubt(task, "empty-task-text", f"Ô nội dung nhiệm vụ trống ở {self.label(task)} "
                           "(các ô khác có chữ): có thể dòng bị tách hoặc cột bị lệch.")
        labels = [u for u in [*(task.lead or []), *(task.coordinators or [])]
                  if role_of(u) in ("lead", "coordinators") and _word_count(u) <= 4]
        if labels:
            self.doubt(task, "roles-in-cell", f"Ô đơn vị ở {self.label(task)} ghi cả nhãn vai trò "
                       f"(“{'”, “'.join(labels[:3])}”) mà chưa tách được chủ trì và phối hợp: kiểm tra "
                       "hai cột này.")
        lead = (task.lead_raw or "").strip()
        if lead and _word_count(lead) >= SENTENCE_WORDS and not self.refers_no_unit(task) and \
                not self.names_a_unit(lead):
            self.doubt(task, "lead-is-sentence", f"Ô chủ trì “{_short(lead)}” ở {self.label(task)} "
                       "không nêu đơn vị nào mà giống một câu văn: kiểm tra cột chủ trì.")

    def _fused(self, row, text: Optional[str] = None) -> None:
        """rows-fused: a number cell holding several row numbers in sequence, or (tasks) a task
        text that opens the next row's numbered item after a sentence."""
        nums = fused_numbers(row.number)
        if nums:
            self.doubt(row, "rows-fused", f"Ô số thứ tự “{_squash(row.number)}” ở {self.label(row)} ghi {len(nums)} số "
                       f"({', '.join(nums)}): {len(nums)} dòng của bảng có thể đã bị đọc gộp thành một (nội dung, "
                       "đơn vị, thời hạn nối vào nhau) và thiếu dòng; cần đối chiếu với bản gốc.")
            return
        item = restarted_item(row.number, text)
        if item:
            self.doubt(row, "rows-fused", f"Nội dung ở {self.label(row)} có một mục mới mang số tiếp theo "
                       f"(“{item}”): dòng sau có thể đã bị đọc gộp vào dòng này và thiếu dòng; cần đối chiếu "
                       "với bản gốc.")

    def check_indicator_cells(self, ind) -> None:
        self._fused(ind)
        cut = self.cut_words(ind.name) + self.cut_words(ind.lead_raw, True)
        if cut:
            self.doubt(ind, "cut-word", f"Ô bị cắt giữa chữ (“{'”, “'.join(cut[:4])}”) ở "
                       f"{self.label(ind)}: ranh giới cột có thể sai.")
        cells = [ind.name, ind.lead_raw, ind.unit_of_measure,
                 *[t.raw for t in (ind.targets or {}).values() if t is not None]]
        self._garbled(ind, cells)
        unread = [f"{col}: “{t.raw.strip()}”" for col, t in (ind.targets or {}).items()
                  if t is not None and t.value is None and (_has_number(t.raw) or
                                                            ("%" in t.raw and re.search(r"\d", t.raw)))]
        if any(not (col or "").strip() and t is not None for col, t in (ind.targets or {}).items()):
            self.doubt(ind, "target-no-year", f"Chỉ tiêu {self.label(ind)} không ghi năm hay giai đoạn: "
                       "kiểm tra năm áp dụng (năm của kế hoạch?).")
        if _LIST_NUMBER.match(ind.name or ""):
            self.doubt(ind, "text-cut", f"Tên chỉ tiêu {self.label(ind)} mở đầu bằng số thứ tự của một danh sách "
                       "trong văn bản: tên và số có thể chưa được tách, kiểm tra chỉ tiêu này.")
        if unread:
            self.doubt(ind, "target-unread", f"Ô chỉ tiêu có số mà không đọc được giá trị ở {self.label(ind)} "
                       f"({'; '.join(unread[:3])}): kiểm tra số liệu.")

    # -- notes of earlier stages: the row they are about
    def attach_unit_notes(self) -> None:
        """`unknown-unit` (one per unit name, from normalise.units) gets the id of the first row
        that names the unit, and the number of rows naming it."""
        rows = [*self.plan.tasks, *self.plan.indicators]
        for issue in self.plan.issues:
            if issue.code != "unknown-unit" or issue.row is not None:
                continue
            hits = [r for r in rows if any(issue.message.startswith(f"Đơn vị “{u}”")
                                           for u in [*(r.lead or []), *(getattr(r, "coordinators", None) or [])])]
            if not hits:
                continue
            issue.row = hits[0].id
            issue.page = hits[0].source.page if hits[0].source.page is not None else issue.page
            if len(hits) > 1:
                issue.message += f" (có ở {len(hits)} dòng, dòng đầu: {self.label(hits[0])})"

    # -- what each cell should hold
    def _garbled(self, row, cells) -> None:
        bad = []
        for cell in cells:
            bad += [w for w in garbled_words(cell) if w not in bad]
        if bad:
            self.doubt(row, "garbled-word", f"Chữ không thể là tiếng Việt (“{'”, “'.join(bad[:4])}”) ở "
                       f"{self.label(row)}: phông chữ cũ (VNI, TCVN3) hoặc OCR đọc sai, cần đối chiếu bản gốc.")

    def check_task_kinds(self, task) -> None:
        d = task.deadline
        raw = d.raw if d is not None else ""
        self._garbled(task, [task.text, task.lead_raw, task.coordinators_raw, raw])
        lead = (task.lead_raw or "").strip()
        # a coordinating role inside the lead cell, no coordinator taken from it
        if lead and not task.coordinators and _pattern("coordinator_role").search(lead):
            self.doubt(task, "roles-in-cell", f"Ô chủ trì “{_short(lead)}” ở {self.label(task)} ghi cả đơn vị "
                       "phối hợp mà chưa tách được chủ trì và phối hợp: kiểm tra hai vai trò này.")
        if task.origin == "appendix":
            self._wrong_column(task, lead, d)
        if d is not None and raw.strip():
            left = _unused_dates(d.note)
            if left and d.kind != "unrecognised":
                self.doubt(task, "deadline-partly-read", f"Thời hạn “{_short(raw)}” ở {self.label(task)} đọc "
                           f"chưa hết (bỏ qua “{'”, “'.join(left[:3])}”): kiểm tra ngày đã quy đổi.")
        if task.origin == "body":
            self._body_checks(task, raw)

    def _wrong_column(self, task, lead: str, d) -> None:
        from plan_extract.normalise.deadlines import parse_deadline
        if lead and not self.refers_no_unit(task) and not self.names_a_unit(lead):
            got = parse_deadline(lead)
            if got.kind not in ("unrecognised", "unspecified") and (got.confidence or 0) >= 0.9 and \
                    "không dùng" not in (got.note or ""):
                self.doubt(task, "cell-wrong-column", f"Ô chủ trì “{_short(lead)}” ở {self.label(task)} là một "
                           "thời hạn, không phải đơn vị: các ô có thể bị lệch cột.")
                return
        if d is not None and d.kind == "unrecognised" and d.raw.strip() and self.registry is not None:
            hits = [r for r in self.registry.cell_to_units(d.raw, self.issuer) if r.known]
            if hits:
                self.doubt(task, "cell-wrong-column", f"Ô thời hạn “{_short(d.raw)}” ở {self.label(task)} ghi tên "
                           "đơn vị: các ô có thể bị lệch cột.")

    def _body_checks(self, task, raw: str) -> None:
        text = task.text or ""
        spans = time_expressions(text)
        if not raw.strip():
            if spans:
                said = "”, “".join(text[a:b] for a, b in spans[:3])
                self.doubt(task, "deadline-in-text", f"Nhiệm vụ {self.label(task)} nêu thời gian (“{said}”) mà "
                           "không ghi nhận thời hạn: kiểm tra thời hạn của nhiệm vụ.")
        else:
            at = text.lower().find(raw.strip().lower())
            inside = (lambda a, b: at <= a and b <= at + len(raw.strip())) if at >= 0 else (lambda a, b: False)
            others = [text[a:b] for a, b in spans if not inside(a, b)]
            if at >= 0 and others:
                self.doubt(task, "deadline-ambiguous", f"Thời hạn “{_short(raw)}” lấy từ nội dung {self.label(task)}, "
                           f"nơi còn nêu thời gian khác (“{'”, “'.join(others[:3])}”): kiểm tra thời hạn.")
        m = re.match(r"^([^:]{3,160}):\s", text)
        if m and task.lead_raw and (m.group(1).strip().lower() == task.lead_raw.strip().lower()
                                    or (_word_count(m.group(1)) <= 15 and self.names_a_unit(m.group(1))
                                        and m.group(1).strip().lower().startswith(task.lead_raw.strip().lower()[:20]))):
            self.doubt(task, "lead-in-text", f"Nội dung {self.label(task)} mở đầu bằng tên đơn vị "
                       f"(“{_short(m.group(1))}:”): đơn vị chủ trì còn nằm trong nội dung nhiệm vụ.")

    # -- one table
    def check_table(self, table: LogicalTable) -> None:
        tr = self.by_table[table.index]
        kind = classify_table(table)
        page = table.pages[0] if table.pages else None
        body = [r for r in table.rows if any((c.text if c else "").strip() for c in r.cells)]
        header = " | ".join(h for h in table.header if h)
        pages = _page_span(table.pages)
        # one issue per page the table covers: the rows it hides are on every one of them
        if kind == "tasks" and not tr.tasks and len(body) >= MIN_ROWS:
            for p in table.pages or [None]:
                self.table_doubt([], "table-no-tasks", f"Bảng nhiệm vụ {pages}(tiêu đề “{_short(header, 120)}”"
                                 f", {len(body)} dòng) không cho nhiệm vụ nào: cần đọc lại bảng này.", p)
        if kind is None and len(body) >= MIN_ROWS and table.header:
            for p in table.pages or [None]:
                if any(i.code == "table-unread" and i.page == p for i in self.plan.issues):
                    continue          # the table stage said it already
                self.table_doubt([], "table-unread", f"Bảng {pages}có tiêu đề “{_short(header, 120)}” và "
                                 f"{len(body)} dòng chưa được đọc (không nhận ra cột nhiệm vụ hay chỉ "
                                 "tiêu): kiểm tra xem bảng có chứa nhiệm vụ không.", p)
        inds = [i for i in self.plan.indicators if i.source.table == table.index and i.origin == "appendix"]
        if kind == "indicators" and len(inds) >= MIN_ROWS and not any(i.targets for i in inds):
            self.table_doubt(inds, "indicator-no-target", f"Bảng chỉ tiêu {pages}(tiêu đề “{_short(header, 120)}”) "
                             "không có cột chỉ tiêu theo năm: có thể là bảng số liệu, kết quả thống kê chứ không "
                             "phải chỉ tiêu kế hoạch; kiểm tra trước khi dùng.", page)
        if kind != "tasks" or not tr.tasks:
            return
        tasks = tr.tasks
        self._task_rows_as_sections(table)
        self._column_checks(tr, page)
        split = self._split_rows(tr)
        self._continued(tr, split)
        self._numbering(tasks, page)
        if self.lines:
            self._rows_after(tr)

    def _task_rows_as_sections(self, table: LogicalTable) -> None:
        """task-read-as-section: the number column's plain numbers (1, 2, 3) are followed down
        the table; a row read as one cell across the table (a section's shape) opening with the
        next of them and holding a task's length of text is a task row whose cells were not told
        apart. The numbering goes on from it."""
        last: Optional[int] = None
        for row in table.rows:
            first = next((c.text for c in row.cells if c is not None), "") or ""
            one_cell = row.is_section or (len(row.cells) > 1 and all(c is None for c in row.cells[1:]))
            if not one_cell:
                m = _PLAIN_NUMBER.fullmatch(first.strip())
                if m:
                    last = int(m.group(1))
                continue
            m = _LEADING_NUMBER.match(first.strip())
            if last is None or not m or int(m.group(1)) != last + 1:
                continue
            text = " ".join(c.text for c in row.cells if c is not None and c.text)
            if len(text.split()) < TASK_AS_SECTION_WORDS:
                continue
            last += 1
            self.new_issues.append(Issue(
                "warning", "task-read-as-section",
                f"Dòng “{_short(text, 80)}” (trang {row.page}) được đọc là tiêu đề mục nhưng mang số "
                f"thứ tự tiếp theo của nhiệm vụ ({last}) và dài như một nhiệm vụ: có thể là nhiệm vụ "
                "mà các ô không tách được, chưa có trong danh sách nhiệm vụ; cần nhập tay.",
                row.page, None))

    def _column_checks(self, tr: _TableRows, page) -> None:
        tasks = tr.tasks
        n = len(tasks)
        where = f"bảng trang {page}" if page else "bảng"
        # deadline column mostly not understood
        dl = [t for t in tasks if t.deadline is not None and t.deadline.raw.strip()]
        bad = [t for t in dl if t.deadline.kind == "unrecognised"]
        if len(dl) >= MIN_ROWS and len(bad) > COLUMN_FAIL_SHARE * len(dl):
            self.table_doubt(tasks, "deadline-column-unread", f"Cột thời hạn của {where}: {len(bad)}/"
                             f"{len(dl)} ô không đọc được thành thời hạn; có thể cột bị lệch hoặc bị cắt.",
                             page)
        # lead column mostly not unit names
        leads = [t for t in tasks if (t.lead_raw or "").strip()]
        not_units = [t for t in leads if not self.names_a_unit(t.lead_raw)]
        if len(leads) >= MIN_ROWS and len(not_units) > COLUMN_FAIL_SHARE * len(leads):
            self.table_doubt(tasks, "unit-column-unread", f"Cột chủ trì của {where}: {len(not_units)}/"
                             f"{len(leads)} ô không nêu tên đơn vị nào; có thể cột bị lệch.", page)
        # many rows with cut words: the column boundaries are wrong
        cut = [t for t in tasks if "cut-word" in self.row_doubts.get(t.id, ())]
        if n >= MIN_ROWS and len(cut) >= max(2, CUT_ROWS_SHARE * n):
            self.table_doubt(tasks, "columns-cut", f"{len(cut)}/{n} dòng của {where} có chữ bị cắt "
                             "giữa hai cột: ranh giới cột đọc sai, cả bảng cần kiểm tra.", page)
        # a unit or deadline column empty on every row; single empty cells in a filled column
        for role, label, get in (("lead", "chủ trì", lambda t: t.lead_raw),
                                 ("coordinators", "phối hợp", lambda t: t.coordinators_raw),
                                 ("deadline", "thời hạn", lambda t: t.deadline.raw if t.deadline else None)):
            if role not in tr.roles:
                continue
            filled = [t for t in tasks if (get(t) or "").strip()]
            if n >= MIN_ROWS and not filled:
                self.table_doubt(tasks, "column-empty", f"Cột {label} của {where} trống ở mọi dòng "
                                 f"({n} dòng): có thể cột bị đọc sai.", page)
            elif role != "coordinators" and len(filled) >= 0.6 * n and n >= MIN_ROWS:
                for t in tasks:
                    if not (get(t) or "").strip() and (t.text or "").strip():
                        self.doubt(t, "empty-cell", f"Ô {label} trống ở {self.label(t)}, trong khi "
                                   "các dòng khác đều có: có thể ô bị gộp hoặc đọc sót.")

        # one column for both roles ("Cơ quan chủ trì / phối hợp") whose cell was not split by
        # role labels: the lead and the coordinators are read together into the lead cell
        # (a cell naming one known unit is a lead alone)
        unknown = {i.message.split("”", 1)[0][len("Đơn vị “"):] for i in self.plan.issues
                   if i.code == "unknown-unit" and i.message.startswith("Đơn vị “")}
        both = [label for label, role in zip(tr.table.header, tr.roles)
                if role == "lead" and names_lead_and_coordinators(label)]
        if both and "coordinators" not in tr.roles:
            for t in tasks:
                alone = len(t.lead or []) == 1 and t.lead[0] not in unknown
                if (t.lead_raw or "").strip() and not (t.coordinators_raw or "").strip() and not alone \
                        and "roles-in-cell" not in self.row_doubts.get(t.id, ()):
                    self.doubt(t, "roles-in-cell", f"Cột “{_short(both[0])}” ghi cả đơn vị chủ trì và phối hợp "
                               f"trong một ô; ô “{_short(t.lead_raw)}” ở {self.label(t)} không ghi nhãn vai trò "
                               "nên chưa tách được: kiểm tra đơn vị chủ trì và phối hợp.")

        # a coordinator cell read into the lead cell: two or more leads and no coordinator in a
        # table whose coordinator column is filled on most rows
        if "coordinators" in tr.roles and n >= MIN_ROWS and \
                sum(1 for t in tasks if (t.coordinators_raw or "").strip()) >= 0.6 * n:
            for t in tasks:
                if not (t.coordinators_raw or "").strip() and len(t.lead or []) >= 2 and (t.text or "").strip() \
                        and any(u in unknown for u in t.lead):
                    self.doubt(t, "cells-merged", f"Ô chủ trì ở {self.label(t)} nêu {len(t.lead)} đơn vị và ô phối hợp "
                               "trống, trong khi các dòng khác đều có đơn vị phối hợp: có thể ô phối hợp bị đọc "
                               "lẫn vào ô chủ trì.")

    # -- rows split line by line, a row's end read as the next row
    def _continued(self, tr: _TableRows, split_pages: set) -> None:
        """The row before a row that starts in the middle of a sentence (its task text, or when
        that is empty a unit cell, opens with a small letter): the start of the next row is this
        row's end, so this row's cells are cut short. (Rows on a page found split line by line
        carry `rows-split` already.)"""
        for prev, t in zip(tr.tasks, tr.tasks[1:]):
            if _continues(t) and prev.source.page not in split_pages:
                where = f"trang {t.source.page}" if t.source.page != prev.source.page else "ngay dưới"
                self._doubt_cut(prev, t, f"Dòng {where}")

    def _doubt_cut(self, row, rest, where: str) -> None:
        """`continued-below` on `row`: `rest` (the row `where` names) starts mid-sentence."""
        self.doubt(row, "continued-below", f"{where} (“{_short(_opening(rest), 40)}”) bắt đầu giữa câu, tiếp nối "
                   f"{self.label(row)}: nội dung hoặc các ô đơn vị của dòng này có thể thiếu phần cuối, cần "
                   "đối chiếu với bản gốc.")

    def _split_rows(self, tr: _TableRows) -> set:
        """A page of a task table whose rows are mostly fragments (starting mid-sentence, ending
        on a comma, or without the lead and deadline the other rows have): the table's rows were
        cut at every printed line (cells centred vertically, no rules), so the rows on that page
        are neither whole nor all there. Also when the page holds many more, much shorter rows
        than the table's other pages, with some fragments."""
        tasks = tr.tasks
        n = len(tasks)
        filled = {}
        for role, get in (("lead", lambda t: t.lead_raw), ("deadline", lambda t: t.deadline.raw if t.deadline else None)):
            filled[role] = role in tr.roles and sum(1 for t in tasks if (get(t) or "").strip()) >= 0.6 * n

        def fragment(t) -> bool:
            text = (t.text or "").strip()
            if not text or text[-1] in _UNFINISHED or _continues(t):
                return True
            lead_empty = not (t.lead_raw or "").strip()
            dl_empty = not (t.deadline.raw if t.deadline else "").strip()
            return (lead_empty or not filled["lead"]) and (dl_empty or not filled["deadline"]) and \
                (filled["lead"] or filled["deadline"])

        split: set = set()
        by_page: dict = defaultdict(list)
        for t in tasks:
            by_page[t.source.page].append(t)
        stats = {p: (len(rows), _median([_word_count(t.text) for t in rows])) for p, rows in by_page.items()}
        for page, rows in sorted(by_page.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
            if len(rows) < MIN_ROWS:
                continue
            frags = [t for t in rows if fragment(t)]
            others = [s for p, s in stats.items() if p != page and s[0] >= MIN_ROWS]
            dense = bool(others) and len(rows) >= SPLIT_DENSITY * max(c for c, _ in others) and \
                stats[page][1] <= SPLIT_SHORTER * _median([w for _, w in others])
            share = SPLIT_SHARE_DENSE if dense else SPLIT_SHARE
            if len(frags) < max(2, share * len(rows)):
                continue
            why = f"{len(frags)}/{len(rows)} dòng là mảnh câu (bắt đầu giữa câu, hoặc thiếu ô chủ trì và thời hạn)"
            if dense:
                why += (f"; trang có {len(rows)} dòng, mỗi dòng khoảng {stats[page][1]:g} chữ, so với "
                        f"{max(c for c, _ in others)} dòng và khoảng {_median([w for _, w in others]):g} chữ ở trang khác")
            self.table_doubt(rows, "rows-split", f"Trang {page}: {why}: các dòng của bảng có thể bị tách theo "
                             "từng dòng chữ (ô căn giữa, không kẻ khung), nên nhiệm vụ trên trang này chưa "
                             "đọc đúng hoặc còn thiếu; cần đối chiếu cả trang với bản gốc.", page)
            split.add(page)
        return split

    def _numbering(self, tasks, page) -> None:
        """Numbers of one depth ("3", or "2.3") run 1, 2, 3 within a section; at a new section
        they restart at 1 or run on. A deeper number ("2.1") is compared with its own depth only,
        and a shallower one resets the deeper counts."""
        prev: dict[int, tuple] = {}       # depth -> (section and parent number, value, task)
        missing_total = 0
        for t in tasks:
            parsed = _number_parts(t.number)
            fused = fused_numbers(t.number) if parsed is None else None
            if fused:
                # rows read as one ("9 10"): checked by its first number, the sequence goes on
                # from its last; rows-fused says what is wrong
                parsed, last = _number_parts(fused[0]), _number_parts(fused[-1])
                if last[0] != parsed[0] or last[2] != parsed[2]:
                    continue
            if parsed is None:
                continue
            depth, value, parent = parsed
            for d in [d for d in prev if d > depth]:
                del prev[d]
            sec = (t.section, t.section_title, parent)
            if depth not in prev:
                prev[depth] = (sec, value, t)
                continue
            psec, pval, ptask = prev[depth]
            same = psec == sec
            if value == pval + 1 or (not same and value == 1):
                pass
            elif same and (after := _next_in_sequence(tasks, t, depth, sec, pval + 2)) is not None:
                # the rows before and after leave room for one number only: this one was printed
                # or read wrong ("57.", "958.", "59."); the row after it is in sequence
                expected = f"{parent}.{pval + 1}" if parent else str(pval + 1)
                self.doubt(t, "number-out-of-sequence", f"Số thứ tự {t.number} ở {self.label(t)} không khớp với "
                           f"dòng trước ({ptask.number}) và dòng sau ({after.number}), giữa hai dòng này chỉ có chỗ "
                           f"cho số {expected}: số có thể bị in hoặc đọc sai, kiểm tra dòng này.")
                prev[depth] = (sec, pval + 1, t)
                continue
            elif value == pval and same and (t.number or "") == (ptask.number or "") and \
                    _squash(t.text) == _squash(ptask.text):
                pass          # one task cell merged over rows with different leads: one row per lead
            elif value == pval and same and (t.number or "") == (ptask.number or ""):
                self.doubt(t, "number-duplicate", f"Số thứ tự {t.number} lặp lại ở {self.label(t)} "
                           "(trùng dòng trước): kiểm tra dòng bị tách hoặc bị lặp.")
            elif value == pval + 2 and same and _one_unnumbered_between(tasks, ptask, t):
                lost = tasks[tasks.index(ptask) + 1]
                nxt = f"{parent}.{pval + 1}" if parent else str(pval + 1)
                if self.read_from_text_layer(lost) and not (lost.text or "").lstrip().startswith(nxt):
                    # a sound text layer has no number in that cell: the document prints none
                    self.new_issues.append(Issue(
                        "warning", "number-not-printed", f"Ô số thứ tự trống ở {self.label(lost)}, giữa dòng "
                        f"{ptask.number} và dòng {t.number}: văn bản không in số {nxt} (lớp chữ của trang không "
                        "có số ở ô này); dòng được đọc như bản in.", lost.source.page, lost.id))
                else:
                    self.doubt(lost, "number-missing", f"Ô số thứ tự trống ở {self.label(lost)}, giữa dòng "
                               f"{ptask.number} và dòng {t.number}: số {nxt} có thể bị đọc sót, kiểm tra dòng này.")
            elif value > pval + 1:
                missing = value - pval - 1
                missing_total += missing
                self.doubt(t, "number-gap", f"Số thứ tự nhảy từ {ptask.number} lên {t.number} ở "
                           f"{self.label(t)}: có thể thiếu {missing} dòng.")
            elif value == 1:
                self.doubt(t, "number-restart", f"Số thứ tự bắt đầu lại từ {t.number} ở {self.label(t)} "
                           "mà không có mục mới: kiểm tra mục hoặc dòng bị gộp.")
            else:
                self.doubt(t, "number-gap", f"Số thứ tự lùi từ {ptask.number} về {t.number} ở "
                           f"{self.label(t)}: thứ tự dòng có thể sai.")
            prev[depth] = (sec, last[1] if fused else value, t)
        if missing_total:
            self.table_doubt([], "task-count-mismatch", f"Đánh số trong bảng trang {page} cho thấy "
                             f"thiếu {missing_total} nhiệm vụ so với số dòng đọc được.", page)

    def _rows_after(self, tr: _TableRows) -> None:
        """The next number after the table's last row, printed at the start of a line outside
        the tables just below it or on the next page: rows the table lost."""
        numbered = [t for t in tr.tasks if _number_parts(t.number)]
        if not numbered:
            return
        last = numbered[-1]
        depth, value, parent = _number_parts(last.number)
        nxt = f"{parent}.{value + 1}" if parent else str(value + 1)
        pattern = re.compile(rf"^\(?{re.escape(nxt)}[.)]?(?:\s|$)")
        left = min((t.source.bbox[0] for t in tr.tasks if t.source.bbox), default=None)
        page = last.source.page
        bottom = last.source.bbox[3] if last.source.bbox else 0
        if page is None:
            return
        for ln in self.lines:
            if ln.page not in (page, page + 1) or (ln.page == page and ln.top < bottom):
                continue
            if pattern.match(ln.text.strip()) and (left is None or abs(ln.x0 - left) <= 30):
                self.table_doubt([], "rows-outside-table", f"Trang {ln.page}: dòng “{_short(ln.text)}” "
                                 f"mang số {nxt} tiếp theo dòng cuối của bảng ({last.number}) nhưng nằm "
                                 "ngoài bảng: có thể bảng bị đọc thiếu dòng.", ln.page)
                return

    # -- a table header printed outside every table found
    def check_missed_tables(self, lines) -> None:
        """A task-table header (task + two of lead/coordinators/deadline, the lines made of
        header words) in the text outside the tables: the table was not found. Reported on its
        page and on the following pages whose lines start with row numbers at the same place."""
        table_pages = {p for tr in self.by_table.values() if tr.tasks or classify_table(tr.table)
                       for p in tr.table.pages}
        by_page: dict[int, list] = defaultdict(list)
        for ln in lines:
            by_page[ln.page].append(ln)
        missed: dict[int, str] = {}
        number_x = None
        for page in sorted(by_page):
            if page in table_pages:
                number_x = None
                continue
            header = _header_band(by_page[page])
            if header is not None:
                band, below = header
                missed[page] = band
                number_x = _number_column_x(below)
            elif number_x is not None and _number_column_x(by_page[page], number_x) is not None:
                missed[page] = ""
            else:
                number_x = None
        for page, band in sorted(missed.items()):
            what = f"có tiêu đề bảng nhiệm vụ (“{_short(band, 100)}”)" if band else \
                "có các dòng đánh số tiếp bảng nhiệm vụ trang trước"
            self.table_doubt([], "table-not-found", f"Trang {page} {what} nhưng không tìm thấy "
                             "bảng: các nhiệm vụ trên trang này chưa được trích xuất.", page)

    def check_missed_indicator_tables(self, lines) -> None:
        """An indicator-table header (a line of year columns "Năm 2026 … 2030" beside "Chỉ tiêu",
        numbered rows below it) in the text outside the tables, on a page where no indicator
        table was read: the table was not found (on any page, also beside a task table)."""
        read = {p for table in self.logical if classify_table(table) == "indicators" for p in table.pages}
        by_page: dict[int, list] = defaultdict(list)
        for ln in lines:
            by_page[ln.page].append(ln)
        for page in sorted(by_page):
            if page in read:
                continue
            band = _indicator_header(by_page[page])
            if band is not None:
                self.table_doubt([], "table-not-found", f"Trang {page} có tiêu đề bảng chỉ tiêu (“{_short(band, 100)}”) "
                                 "nhưng không tìm thấy bảng: các chỉ tiêu trên trang này chưa được trích xuất.", page)

    # -- lines laid out as a table that no table and no body task consumed
    def check_unread_regions(self, lines) -> None:
        """A region of the lines outside the tables laid out as a table (checks/coverage.py:
        pieces of text side by side in aligned columns, with row numbers or deadline and figure
        cells) from which no body task was read: a table, or part of one, that no finder found.
        One page issue `table-text-unread` per region (pages that `table-not-found` names
        already are left to it)."""
        from plan_extract.checks.coverage import tabular_regions
        named = {i.page for i in [*self.plan.issues, *self.new_issues] if i.code == "table-not-found"}
        for region in tabular_regions(lines):
            if region.page in named or self._consumed_by_body(region):
                continue
            nums = region.numbers
            span = f", số thứ tự {nums[0]}–{nums[-1]}" if len(nums) >= 2 else ""
            self.table_doubt([], "table-text-unread", f"Trang {region.page}: {len(region.lines)} dòng chữ "
                             f"(“{_short(region.opening(), 60)}”{span}) xếp như một bảng "
                             f"({'; '.join(region.evidence)}) nằm ngoài mọi bảng đã đọc và không được đọc "
                             "thành nhiệm vụ: có thể một bảng hoặc một phần bảng chưa được trích xuất, "
                             "cần đối chiếu trang này với bản gốc.", region.page)

    def _consumed_by_body(self, region) -> bool:
        """Body tasks (or indicators) were read from the region: one of them opens with the
        words of a line of it, on its page."""
        openings = {_squash(" ".join(ln.text.split()[:6])) for ln in region.lines}
        for row in [*self.plan.tasks, *self.plan.indicators]:
            if getattr(row, "origin", None) != "body" or row.source.page != region.page:
                continue
            text = _squash(" ".join((getattr(row, "text", None) or getattr(row, "name", "") or "").split()[:6]))
            if text and any(text in o or o in text for o in openings if o):
                return True
        return False

    # -- numbering that resumes in a later table after a gap
    def tables_in_order(self) -> list[_TableRows]:
        """The tables' rows in document order."""
        return sorted(self.by_table.values(), key=lambda tr: tr.table.index)

    def check_numbering_across(self) -> None:
        """Task tables in document order: the first top-level number of a table goes on from
        the last one of the task table before it (or opens the document's list at 1), or
        restarts at 1. A table whose first row is numbered further on lost the rows between
        (a table whose rows were not read, rows left among the lines outside the tables):
        `number-gap` on that row, and `task-count-mismatch` on each page between the last row
        read (or the first task-table header) and that row."""
        last = None                    # (value, task) of the previous task table's last top-level row
        start_page = None              # where the missing rows can be: the earliest page after `last`
        for tr in self.tables_in_order():
            if classify_table(tr.table) != "tasks":
                continue
            if start_page is None and tr.table.pages:
                start_page = tr.table.pages[0]
            top = [(p[1], t) for t in tr.tasks if (p := _number_parts(t.number)) and p[0] == 1]
            if not top:
                continue
            value, first = top[0]
            expected = last[0] + 1 if last else 1
            if value > expected and value != 1 and not (last and value <= last[0]):
                missing = value - expected
                where = f"Sau dòng {last[1].number} ở bảng trước, dòng tiếp theo" if last else \
                    "Dòng đầu tiên của danh sách nhiệm vụ"
                self.doubt(first, "number-gap", f"{where} mang số {first.number} ({self.label(first)}): "
                           f"có thể thiếu {missing} dòng (số {expected}–{value - 1}) chưa được đọc.")
                page = first.source.page
                if page is not None and start_page is not None:
                    for p in range(start_page, page):
                        self.table_doubt([], "task-count-mismatch", f"Trang {p}: đánh số cho thấy thiếu "
                                         f"{missing} nhiệm vụ (số {expected}–{value - 1}) giữa "
                                         f"{'dòng ' + str(last[1].number) if last else 'tiêu đề bảng'} và "
                                         f"{self.label(first)}; các dòng này chưa được đọc.", p)
            last = top[-1]
            end = tr.tasks[-1].source.page
            start_page = end if end is not None else start_page

    def check_sections(self) -> None:
        """The sections a document's table rows are filed under go in order (I, II, III or A, B,
        C or 1, 2, 3; a table may open at the first again): a section whose number neither
        follows the one before nor leads to the one after (OCR's "L" for "I" between "I" and
        "II") doubts every row filed under it, `section-out-of-sequence`."""
        rows = [t for t in self.plan.tasks if t.origin == "appendix" and t.section]
        runs: list[list] = []                      # consecutive rows under one section label
        for t in rows:
            if runs and runs[-1][0].section == t.section:
                runs[-1].append(t)
            else:
                runs.append([t])
        values = [_section_value(r[0].section) for r in runs]
        if not any(v is not None for v in values):
            return
        good = None                                # the last section in order
        for k, run in enumerate(runs):
            v = values[k]
            nxt = values[k + 1] if k + 1 < len(values) else None
            if v is None:
                continue           # "1.1.", "III.1.a)": a subsection's label, not judged here
            new_table = k and run[0].source.table != runs[k - 1][-1].source.table
            fits = (
                (good is not None and good <= v <= good + MAX_SECTION_SKIP)
                or (good is None and v <= 1 + MAX_SECTION_SKIP)
                or (nxt is not None and nxt == v + 1) or (v == 1 and new_table))
            if fits:
                good = v
                continue
            around = ", ".join(x for x in (runs[k - 1][0].section if k else None, run[0].section,
                                            runs[k + 1][0].section if k + 1 < len(runs) else None) if x)
            for t in run:
                self.doubt(t, "section-out-of-sequence", f"Mục “{t.section}” của {self.label(t)} không nằm đúng "
                           f"thứ tự các mục ({around}): số mục có thể bị đọc sai hoặc dòng bị xếp nhầm mục; "
                           "cần kiểm tra.")

    def check_continued_across(self) -> None:
        """A task table whose first row starts mid-sentence, the task table before it ending on
        the same or the previous page: the page break cut that table's last row, whose end was
        read as a row of the next table (`continued-below` on the last row; the fragment has
        `text-cut`). Within one table `_continued` says it."""
        prev = None
        for tr in self.tables_in_order():
            if not tr.tasks:
                continue
            first = tr.tasks[0]
            if prev is not None and _continues(first):
                last = prev.tasks[-1]
                lp, fp = last.source.page, first.source.page
                if lp is None or fp is None or 0 <= fp - lp <= 1:
                    where = f"trang {fp}" if fp is not None and fp != lp else "ở bảng sau"
                    self._doubt_cut(last, first, f"Dòng đầu của bảng {where}")
            prev = tr

    def read_from_text_layer(self, row) -> bool:
        """The row was read from a sound text layer: not by OCR (cell by cell or as prose), on a
        page whose text layer no page issue doubts (PAGE_CODES, text-layer-*)."""
        if self.read_by_ocr(row):
            return False
        return self.text_layer() != "ocr" and row.source.page not in self.poor_pages()

    def text_layer(self) -> str:
        """The plan's text layer as the readers judged it ("native" when no source is known)."""
        return self.plan.source.text_layer if self.plan.source else "native"

    def poor_pages(self) -> dict[int, str]:
        """Pages whose text layer a page issue doubts (PAGE_CODES, text-layer-*) -> the first
        such code. Computed once (the page issues are the readers' and precede the checks)."""
        if self._poor_pages is None:
            self._poor_pages = {}
            checked = self.checked_layers()
            for i in self.plan.issues:
                if i.page is not None and i.row is None and (i.code in PAGE_CODES or i.code.startswith("text-layer")):
                    if i.code == "text-layer-scan-sound-layer" and i.page in checked:
                        continue       # read against OCR and agrees: its rows are doubted by word (check_layer_words)
                    self._poor_pages.setdefault(i.page, i.code)
        return self._poor_pages

    def checked_layers(self) -> dict[int, dict]:
        """Scanned pages whose hidden text layer was read against OCR of the image and agrees
        (readers.text_layer.layer_agrees) -> the check."""
        from plan_extract.readers.text_layer import layer_agrees
        layers = self.plan.source.page_layers if self.plan.source else []
        return {p.page: p.ocr_check for p in layers
                if p.verdict == "scan-sound-layer" and p.read == "text" and layer_agrees(p.ocr_check)}

    def check_layer_words(self) -> None:
        """Rows on a scan whose hidden layer agrees with OCR of the image (checked_layers): a row
        holding a word the two read differently is doubted (`text-layer-ocr-differs`), unless
        the document's evidence sides with the layer: OCR read the same letters with other
        marks and the layer's word stands beside a neighbour in a pair the vocabulary or the
        document writes elsewhere while OCR's does not ("chuyển đổi" against OCR's "chuyến
        đối"), or OCR's word is nowhere else in the document while the layer's is (OCR's "OCOPF"
        where "OCOP" stands elsewhere), or the deadline cell means the same read either way
        ("Quý I/2026", OCR's "Quý 1/2026")."""
        checked = self.checked_layers()
        if not checked:
            return
        from plan_extract.checks.scan import _key, _word_runs, pair_keys, vocab_pairs
        # the document's text away from each checked page, and the vocabulary
        other = [ln.text for ln in self.lines if ln.page not in checked]
        for r in [*self.plan.tasks, *self.plan.indicators]:
            if r.source.page not in checked:
                other += [c for c in _cells_of(r).values() if c]
        known_pairs = vocab_pairs() | frozenset(pair_keys(other))
        known_words = {w.strip(".,;:()").lower() for t in other for w in (t or "").split()}

        def pairs_of(cells: list, word: str, reading: str) -> set:
            out = set()
            for c in cells:
                for ws in _word_runs(unicodedata.normalize("NFC", c or "").lower()):
                    for k, w in enumerate(ws):
                        if w == word:
                            keys = [_key(x) for x in ws]
                            keys[k] = _key(reading)
                            if k:
                                out.add((keys[k - 1], keys[k]))
                            if k + 1 < len(keys):
                                out.add((keys[k], keys[k + 1]))
            return out

        from plan_extract.normalise.deadlines import DeadlineContext, parse_deadline
        context = DeadlineContext.from_document(self.plan.document)

        def same_deadline(raw: Optional[str], layer: str, ocr: str) -> bool:
            """The deadline cell means the same read either way ("Quý I/2026", "Quý 1/2026")."""
            if not raw or layer not in raw.split():
                return False
            a = parse_deadline(raw, context)
            b = parse_deadline(" ".join(ocr if w == layer else w for w in raw.split()), context)
            return a.kind not in ("unrecognised", "unspecified") and \
                (a.kind, a.start, a.due, a.recurrence) == (b.kind, b.start, b.due, b.recurrence)

        def layer_stands(cells: list, layer: str, ocr: str, deadline: Optional[str]) -> bool:
            if same_deadline(deadline, layer, ocr):
                return True
            lw, ow = layer.lower(), ocr.lower()
            if " " not in ow and ascii_key(lw) == ascii_key(ow) and lw.isalpha():
                mine, theirs = pairs_of(cells, lw, lw) & known_pairs, pairs_of(cells, lw, ow) & known_pairs
                if mine and not theirs:
                    return True
                if theirs and not mine:
                    return False
            lk, ok = lw.strip(".,;:()"), ow.strip(".,;:()")
            return lk in known_words and ok not in known_words

        for row in [*self.plan.tasks, *self.plan.indicators]:
            check = checked.get(row.source.page)
            box = row.source.bbox
            if check is None or not box or self.read_by_ocr(row):
                continue
            cells = [c for c in _cells_of(row).values() if c]
            hits = []
            for d in check.get("differs") or []:
                x0, top, x1, bottom = d["bbox"]
                cx, cy = (x0 + x1) / 2, (top + bottom) / 2
                if box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1 \
                        and not layer_stands(cells, d["layer"], d["ocr"], _cells_of(row).get("deadline_raw")):
                    hits.append(d)
            if hits:
                shown = "; ".join(f"“{d['layer']}” (OCR đọc “{d['ocr']}”)" for d in hits[:4])
                self.doubt(row, "text-layer-ocr-differs", f"Lớp chữ ẩn của trang scan ở {self.label(row)} và OCR "
                           f"của ảnh đọc khác nhau: {shown}. Cần đối chiếu với bản gốc.")

    @staticmethod
    def read_by_ocr(row) -> bool:
        """The row's cells were recognised one by one from a page image (`source.ocr`: per cell
        the OCR confidence, a second reading of high-risk cells). Rows of prose read by OCR have
        no cells to judge: the page's doubt stays on them."""
        return bool(row.source.ocr)

    # -- rows read by OCR: their cells, against the document's own words
    def check_ocr_rows(self) -> None:
        """Rows whose cells were read by OCR (`source.ocr`): a word pair that the document
        mostly writes with other tone marks (`ocr-tone-variant`, checks/scan.py), a target read
        with a strict "<" or ">" (tesseract reads the "≥", "≤" of plan targets as ">", "<" at
        full confidence: `ocr-comparison-sign`). Their low-confidence cells and differing second
        readings are row issues of normalise/readings.py already."""
        from plan_extract.checks.scan import (WORD_EDGES, PairCounts, SureWords, pair_keys, tone_slips,
                                              tone_variants, unattested_words, unsure_words, vocab_pairs)
        rows = [r for r in [*self.plan.tasks, *self.plan.indicators] if self.read_by_ocr(r)]
        if not rows:
            return
        texts = [ln.text for ln in self.lines]
        for t in self.plan.tasks:
            texts += [t.text, t.lead_raw, t.coordinators_raw]
        for i in self.plan.indicators:
            texts += [i.name, i.lead_raw]
        counts = PairCounts(texts)
        # text written right: the vocabulary, and the document's own text from a sound text layer
        sound = [ln.text for ln in self.lines if ln.conf is None and ln.page not in self.poor_pages()] \
            if self.text_layer() != "ocr" else []
        for r in [*self.plan.tasks, *self.plan.indicators]:
            if self.read_from_text_layer(r):
                sound += [c for c in _cells_of(r).values() if c]
        vocab, doc_pairs = vocab_pairs(), frozenset(pair_keys(sound))
        sure_pairs = vocab | doc_pairs
        sound_words = {w.lower() for t in sound for w in t.split()} | \
            {w.strip(WORD_EDGES) for t in sound for w in t.lower().split()}
        sure = SureWords()
        for ln in self.lines:
            sure.add(ln.text, ln.unsure)
        for row in [*self.plan.tasks, *self.plan.indicators]:
            ocr = row.source.ocr or {}
            for name, text in _cells_of(row).items():
                sure.add(text, (ocr.get(name) or {}).get("unsure") or ())
        for row in rows:
            misspelt = self.unit_variants(row)
            if misspelt:
                shown = "; ".join(f"“{u}” (danh mục: “{k}”)" for u, k in misspelt[:3])
                self.doubt(row, "ocr-tone-variant", f"Tên đơn vị quét ở {self.label(row)} khác tên trong danh mục "
                           f"đơn vị chỉ ở dấu: {shown}. OCR có thể đọc sai dấu; cần đối chiếu với bản gốc.")
            unsure = unsure_words(row, sure)
            if unsure:
                shown = "; ".join(f"“{w}” ({field_name(f)})" for f, w in unsure[:4])
                self.doubt(row, "ocr-unsure-word", f"Chữ quét ở {self.label(row)} đọc với độ tin cậy thấp và không "
                           f"gặp ở chỗ khác trong văn bản: {shown}. Cần đối chiếu với bản gốc.")
            cells = [getattr(row, "text", None) or getattr(row, "name", None), row.lead_raw,
                     getattr(row, "coordinators_raw", None)]
            hits = [h for c in cells for h in tone_variants(c, counts)]
            if hits:
                shown = "; ".join(f"“{a}” (văn bản thường viết “{b}”, {n} lần)" for a, b, n in hits[:3])
                self.doubt(row, "ocr-tone-variant", f"Chữ quét ở {self.label(row)} có thể sai dấu thanh: {shown}. "
                           "Cần đối chiếu với bản gốc.")
            # the document's own sound text writes the pair with another tone; or the vocabulary
            # does, and the document nowhere else writes the pair as read ("các chỉ tiêu" is
            # its own spelling, beside the registry's "Các chi nhánh")
            slips = [h for c in cells for h in tone_slips(c, sure_pairs, doc_pairs)]
            slips += [h for c in cells for h in tone_slips(c, sure_pairs, vocab)
                      if counts.pairs[tuple(h[0].lower().split())] <= 1 and h not in slips]
            slips = [h for h in slips if not any(h[0].lower() in a.lower() for a, _, _ in hits)]
            if slips:
                shown = "; ".join(f"“{a}” (văn bản đúng chính tả viết “{b}”)" for a, b in slips[:3])
                self.doubt(row, "ocr-tone-variant", f"Chữ quét ở {self.label(row)} có thể sai dấu thanh: {shown}. "
                           "Cần đối chiếu với bản gốc.")
            odd = [w for c in cells for w in unattested_words(c, sound_words)]
            if odd:
                shown = ", ".join(f"“{w}”" for w in dict.fromkeys(odd))
                self.doubt(row, "ocr-unknown-word", f"Chữ quét ở {self.label(row)} không phải âm tiết tiếng Việt "
                           f"có trong từ điển: {shown}. OCR có thể đọc sai dấu hoặc chữ; cần đối chiếu với bản gốc.")
            strict = [f"{col}: “{t.raw.strip()}”" for col, t in (getattr(row, "targets", None) or {}).items()
                      if t is not None and t.op in (">", "<")]
            if strict:
                self.doubt(row, "ocr-comparison-sign", f"Chỉ tiêu quét ở {self.label(row)} đọc được dấu so sánh "
                           f"“>” hoặc “<” ({'; '.join(strict[:3])}): OCR dễ đọc “≥”, “≤” thành “>”, “<”; "
                           "kiểm tra dấu trong bản gốc.")

    def unit_variants(self, row) -> list[tuple[str, str]]:
        """(unit as read, the registry's name) for each unit of a row read by OCR that the
        registry does not know while a known name differs from it in its diacritics only
        ("Sở Văn hóa, Thế thao và Du lịch" for "Sở Văn hóa, Thể thao và Du lịch"): the registry
        says how the name is written, OCR misread a mark."""
        if self.registry is None:
            return []
        out = []
        for unit in [*(row.lead or []), *(getattr(row, "coordinators", None) or [])]:
            if self.registry.lookup(unit, self.issuer) is not None:
                continue
            known = self.registry.suggest(unit, self.issuer)
            if known and known != unit and ascii_key(name_key(known)) == ascii_key(name_key(unit)) \
                    and (unit, known) not in out:
                out.append((unit, known))
        return out

    # -- pages whose text layer was judged poor
    def check_pages(self) -> None:
        poor = self.poor_pages()
        if not poor:
            return
        for row in [*self.plan.tasks, *self.plan.indicators]:
            code = poor.get(row.source.page)
            if self.read_by_ocr(row):
                continue          # read by OCR: its own cells say whether it is doubtful
            if code and code not in self.row_doubts[row.id]:
                self.row_doubts[row.id].append(code)

    def collect_row_issues(self) -> None:
        """Row issues raised by earlier stages (an unknown deadline) are doubts too."""
        ids = {r.id for r in [*self.plan.tasks, *self.plan.indicators]}
        for i in self.plan.issues:
            if i.row in ids and i.code not in INFO_CODES and i.code not in self.row_doubts[i.row]:
                self.row_doubts[i.row].append(i.code)

    def finish(self) -> None:
        tables = {t.index: t for t in self.logical}
        self.plan.issues.extend(self.new_issues)
        for row in [*self.plan.tasks, *self.plan.indicators]:
            codes = self.row_doubts.get(row.id, [])
            row.doubts = sorted(set(codes), key=_code_rank)
            row.source.confidence = confidence(_read_confidence(row, tables), row.doubts)
        self.plan.review = review_of(self.plan)


def _cells_of(row) -> dict[str, Optional[str]]:
    """A task's or indicator's cells by their source.ocr field names."""
    if hasattr(row, "name"):
        cells = {"name": row.name, "unit_of_measure": row.unit_of_measure, "lead_raw": row.lead_raw}
        cells.update({f"target:{col}": t.raw for col, t in (row.targets or {}).items() if t is not None})
        return cells
    return {"text": row.text, "lead_raw": row.lead_raw, "coordinators_raw": row.coordinators_raw,
            "deadline_raw": row.deadline.raw if row.deadline is not None else None}


_HEADER_ROLES = {"task", "lead", "coordinators", "deadline"}


def _header_band(lines) -> Optional[tuple[str, list]]:
    """The first band of short lines (within three line heights) whose words are mostly the
    words of task-table header labels naming a task column and two more roles; with the lines
    below it."""
    from plan_extract.tables.headers import header_vocab
    phrases, _ = header_vocab()
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    for i, first in enumerate(ordered):
        if len(first.text.split()) > 8:       # the band's first line is no label line
            continue
        height = max(first.bottom - first.top, 6.0)
        near = []                              # ordered by top: the lines within reach come first
        for ln in ordered[i:]:
            if ln.top - first.top > 3 * height:
                break
            near.append(ln)
        for j in range(1, len(near) + 1):     # the band grows line by line: the first that reads
            band = near[:j]                   # as a header wins
            if len(band[-1].text.split()) > 8:
                break
            verdict = _is_header_bag(band, phrases)
            if verdict is None:
                continue
            bottom = max(ln.bottom for ln in band)
            below = [ln for ln in ordered if ln.top > bottom]
            if verdict == "weak" and _number_column_x(below, min_rows=3) is None:
                continue
            text = " | ".join(ln.text for ln in sorted(band, key=lambda ln: (ln.x0, ln.top)))
            return text, below
    return None


_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _indicator_header(lines) -> Optional[str]:
    """The header of an indicator table among a page's lines: a short line made of year columns
    (at least two years; years and "Năm" nine words in ten), "Chỉ tiêu" within three line
    heights of it, and at least three numbered lines below -> the header's text."""
    from plan_extract import text as tx
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    for ln in ordered:
        words = tx.match_key(ln.text).split()
        years = sum(bool(_YEAR.match(w)) for w in words)
        if years < 2 or len(words) > 14 or (years + words.count("năm")) * 10 < len(words) * 9:
            continue
        height = max(ln.bottom - ln.top, 6.0)
        near = [o for o in ordered if abs(o.top - ln.top) <= 3 * height]
        if not any("chỉ tiêu" in tx.match_key(o.text) for o in near):
            continue
        bottom = max(o.bottom for o in near)
        if _number_column_x([o for o in ordered if o.top > bottom], min_rows=3) is None:
            continue
        return " | ".join(o.text for o in sorted(near, key=lambda o: (o.x0, o.top)))
    return None


def _is_header_bag(band, phrases) -> Optional[str]:
    """'strong': the words are mostly header words naming a task column and two more roles;
    'weak': a number column and two more roles among fewer header words (the caller then wants
    numbered rows below); None otherwise."""
    from plan_extract import text as tx
    bag = Counter(tx.match_key(" ".join(ln.text for ln in band)).split())
    if not bag:
        return None
    roles, used = set(), Counter()
    count = bag.get
    needs, by_word = _phrase_needs(phrases)
    # only the phrases that share a word with the bag can be in it (each needs all its words)
    for k in sorted({k for w in (*bag, "") for k in by_word.get(w, ())}):
        role, need, items = needs[k]
        if all(count(w, 0) >= c for w, c in items):
            roles.add(role)
            used |= need
    share = sum(min(bag[w], used[w]) for w in bag) / sum(bag.values())
    if "task" in roles and len(roles & _HEADER_ROLES) >= 3 and share >= 0.7:
        return "strong"
    if "number" in roles and len(roles & _HEADER_ROLES) >= 2 and share >= 0.4:
        return "weak"
    return None


_NEEDS: dict[int, tuple] = {}


def _phrase_needs(phrases) -> tuple[list[tuple[str, Counter, tuple]], dict[str, list[int]]]:
    """(role, word counts, their items) of each header phrase but "others", and the phrases'
    positions in that list by word, counted once per vocabulary (header_vocab's list)."""
    hit = _NEEDS.get(id(phrases))
    if hit is None or hit[0] is not phrases:
        needs = [(role, need, tuple(need.items())) for phrase, role in phrases if role != "others"
                 for need in (Counter(phrase.split()),)]
        by_word: dict[str, list[int]] = {}
        for k, (_, need, _) in enumerate(needs):
            for w in need or ("",):       # a phrase of no words is in every bag: under ""
                by_word.setdefault(w, []).append(k)
        hit = _NEEDS[id(phrases)] = (phrases, (needs, by_word))
    return hit[1]


_ROW_NUMBER = re.compile(r"^\d{1,3}\.?(?:\s|$)")


def _number_column_x(lines, near: Optional[float] = None, min_rows: int = 2) -> Optional[float]:
    """x of the row numbers when at least `min_rows` lines start with one at the same place."""
    xs = [round(ln.x0) for ln in lines if _ROW_NUMBER.match(ln.text)]
    if near is not None:
        xs = [x for x in xs if abs(x - near) <= 6]
    if len(xs) < min_rows:
        return None
    x, n = Counter(xs).most_common(1)[0]
    return float(x) if n >= min_rows else None


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_RE = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")


def _section_value(label: Optional[str]) -> Optional[int]:
    """A section number's place: "II" -> 2, "B" -> 2, "3" -> 3 (a trailing "." aside); a
    roman numeral first ("I", "V", "X"); None for anything else."""
    s = (label or "").strip().rstrip(".").upper()
    if s.isdigit():
        return int(s)
    if s and _ROMAN_RE.match(s):
        total = 0
        for a, b in zip(s, s[1:] + " "):
            va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
            total += -va if va < vb else va
        return total
    if len(s) == 1 and "A" <= s <= "Z":
        return ord(s) - ord("A") + 1
    return None


def _code_rank(code: str) -> tuple[int, str]:
    return (ROW_CODE_ORDER.index(code) if code in ROW_CODE_ORDER else len(ROW_CODE_ORDER), code)


def _read_confidence(row, tables: dict) -> float:
    table = tables.get(row.source.table) if row.source.table is not None else None
    if table is None:
        return READ_CONFIDENCE["body"]
    c = table.meta.confidence
    if c is not None:
        return float(c)
    method = table.meta.method
    return READ_CONFIDENCE.get(method, READ_CONFIDENCE["stream"])


def confidence(read: float, doubts: Sequence[str]) -> float:
    """The documented formula: read × Π (1 − weight of each doubt), two decimals."""
    c = read
    for code in doubts:
        c *= 1 - (WEIGHT_SEVERE if code in SEVERE or code in PAGE_CODES or code.startswith("text-layer")
                  else WEIGHT_OTHER)
    return round(c, 2)


def review_of(plan: Plan) -> Review:
    tasks_doubtful = sum(1 for t in plan.tasks if t.doubts)
    ind_doubtful = sum(1 for i in plan.indicators if i.doubts)
    # tables or pages that may hide missing rows, and pages read from an image (or from a poor
    # text layer): their rows are judged one by one, the page still wants a look
    document = [i for i in plan.issues if i.row is None and (i.code in MISSING_ROW_CODES or (
        i.page is not None and (i.code in PAGE_CODES or i.code.startswith("text-layer"))))]
    needs = bool(tasks_doubtful or ind_doubtful or document)
    return Review(status="cần kiểm tra" if needs else "đạt",
                  tasks=len(plan.tasks), tasks_doubtful=tasks_doubtful,
                  indicators=len(plan.indicators), indicators_doubtful=ind_doubtful,
                  table_issues=len(document))


def summary_line(plan: Plan) -> str:
    """'26 nhiệm vụ, 24 cần kiểm tra; 6 chỉ tiêu' — what `extract` prints per document."""
    r = plan.review or review_of(plan)
    parts = [f"{r.tasks} nhiệm vụ" + (f", {r.tasks_doubtful} cần kiểm tra" if r.tasks_doubtful else "")]
    parts.append(f"{r.indicators} chỉ tiêu" + (f", {r.indicators_doubtful} cần kiểm tra"
                                               if r.indicators_doubtful else ""))
    if r.table_issues:
        parts.append(f"{r.table_issues} bảng/trang cần kiểm tra")
    return "; ".join(parts)


_NUM = re.compile(r"^\(?((?:\d+\.)*\d+)\)?\.?$")


def _number_parts(number: Optional[str]) -> Optional[tuple[int, int, str]]:
    """'3', '3.', '(3)' -> (1, 3, ''); '2.3' -> (2, 3, '2'); letters and romans -> None."""
    m = _NUM.match((number or "").strip())
    if not m:
        return None
    parts = m.group(1).split(".")
    return len(parts), int(parts[-1]), ".".join(parts[:-1])


def _number_tuple(token: str) -> Optional[tuple[int, ...]]:
    m = _NUM.match(token.strip())
    return tuple(int(p) for p in m.group(1).split(".")) if m else None


def _follows(prev: tuple[int, ...], cur: tuple[int, ...]) -> bool:
    """cur may come right after prev: one level down (7 -> 7.1), the next at its depth
    (7.1 -> 7.2) or the next of an ancestor (7.3 -> 8)."""
    return cur == prev + (1,) or any(cur == prev[:k] + (prev[k] + 1,) for k in range(len(prev)))


def fused_numbers(number: Optional[str]) -> Optional[list[str]]:
    """The row numbers of a number cell that holds more than one, each following the one before
    ("9 10", "9." over "10.", "2 3 4", "1.1 1.2"): rows printed one under the other read as one row.
    None for a cell with one number (or anything else)."""
    tokens = (number or "").replace(",", " ").split()
    if len(tokens) < 2:
        return None
    parsed = [_number_tuple(t) for t in tokens]
    if any(p is None for p in parsed) or not all(_follows(a, b) for a, b in zip(parsed, parsed[1:])):
        return None
    return [".".join(str(v) for v in p) for p in parsed]


def restarted_item(number: Optional[str], text: Optional[str]) -> Optional[str]:
    """The next row's number opening a new item inside a task text ("... và Nhân dân. 10. Rà
    soát ..." in row 9): after the end of a sentence, the number that follows the row's own, with
    "." or ")" and a capital letter after it; an inner list that starts with the row's own number
    ("gồm: 1. ...; 2. ...") is not such a restart. The item's opening, or None."""
    own = _number_tuple((number or "").strip())
    if own is None or not text:
        return None
    nxt = own[:-1] + (own[-1] + 1,)

    def items(value: tuple[int, ...]) -> list[re.Match]:
        label = re.escape(".".join(str(v) for v in value))
        return [m for m in re.finditer(rf"(?:(?<=[.;:!?])\s+|\n\s*)\(?{label}[.)]\s+(\w)", text)
                if m.group(1).isupper()]

    if items(own):
        return None
    hits = items(nxt)
    return _short(text[hits[0].start():].strip(), 40) if hits else None


def _page_span(pages: Sequence[int]) -> str:
    if not pages:
        return ""
    return f"trang {pages[0]} " if len(pages) == 1 else f"trang {pages[0]}–{pages[-1]} "


def _one_unnumbered_between(tasks, a, b) -> bool:
    """Exactly one row lies between rows a and b, it has no number (nothing, or a lone "."), and
    its task text opens a
    sentence (a whole row that lost its number, not a continuation)."""
    i, j = tasks.index(a), tasks.index(b)
    if j != i + 2:
        return False
    mid = tasks[i + 1]
    text = (mid.text or "").strip()
    return not re.search(r"\w", mid.number or "") and bool(text) and not _continues(mid) and mid.section == a.section


def _next_in_sequence(tasks, task, depth: int, sec, value: int):
    """The row right after `task` when its number has this depth and value in the same section
    and parent (the number after a misnumbered row), else None."""
    i = tasks.index(task)
    if i + 1 >= len(tasks):
        return None
    nxt = tasks[i + 1]
    parsed = _number_parts(nxt.number)
    if parsed is None or parsed[0] != depth or parsed[1] != value or (nxt.section, nxt.section_title, parsed[2]) != sec:
        return None
    return nxt


def _opening(task) -> str:
    return (task.text or "").strip() or " ".join(c for c in (task.lead_raw, task.coordinators_raw) if c)


#: A sub-item of a numbered task: a small letter and ")" ("a)", "b)", "đ)"; "(a)" too) opening
#: the text, then a word with a capital or a digit ("a) Tại các chợ ...", "b) Đối với văn bản ..."):
#: the grammar of a task split into points a), b), c) (Nghị định 30/2020/NĐ-CP, điểm trong khoản),
#: printed in rows of their own with an empty number cell. It opens with a small letter but does
#: not start mid-sentence.
_SUB_ITEM = re.compile(r"^(\(?[a-zđ]\))\s+(\w)")


def sub_item_marker(text: Optional[str]) -> Optional[str]:
    """The marker ("a)") of a text that opens a sub-item (see _SUB_ITEM), else None."""
    m = _SUB_ITEM.match((text or "").strip())
    return m.group(1) if m and (m.group(2).isupper() or m.group(2).isdigit()) else None


def _starts_small(text: Optional[str]) -> bool:
    text = (text or "").strip()
    return bool(text) and text[0].isalpha() and text[0].islower() and sub_item_marker(text) is None


def _continues(task) -> bool:
    """A row that starts in the middle of a sentence: its task text opens with a small letter, or
    its task text is empty and a unit cell does."""
    if (task.text or "").strip():
        return _starts_small(task.text)
    return _starts_small(task.lead_raw) or _starts_small(task.coordinators_raw)


def _median(values: Sequence[float]) -> float:
    v = sorted(values)
    if not v:
        return 0.0
    return float(v[len(v) // 2]) if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def _squash(text: Optional[str]) -> str:
    return " ".join((text or "").split())


_PLAIN_NUMBER = re.compile(r"(\d{1,3})\.?")
_LEADING_NUMBER = re.compile(r"(\d{1,3})\.?\s")


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


# ----------------------------------------------------------------------------- language data

def _vocab() -> dict:
    return vocab_files.load("checks.yaml")


_COMPILED: dict = {}


def _pattern(name: str) -> re.Pattern:
    if name not in _COMPILED:
        _COMPILED[name] = re.compile(rf"(?i)(?<!\w)(?:{_vocab()[name]['pattern']})(?!\w)")
    return _COMPILED[name]


def time_expressions(text: Optional[str]) -> list[tuple[int, int]]:
    """Spans of the time expressions (vocab/checks.yaml time_expressions) in a text, in order,
    merged when they overlap; the dates of cited documents ("Quyết định số 1441/QĐ-UBND ngày
    25/9/2025"), the horizon closing the name of a strategy or programme ("Chương trình ...
    đến năm 2030", named_horizon), the period of an instrument the task names ("chương trình xúc
    tiến đầu tư hằng năm", periodic_instrument) and the times of a sentence about part of the
    units ("Riêng đối với ...", scoped_sentence) are left out."""
    import unicodedata
    t = unicodedata.normalize("NFC", text or "")
    masked = _pattern("cited_document").sub(lambda m: " " * len(m.group()), t)
    for name in ("named_horizon", "periodic_instrument", "scoped_sentence"):
        masked = _pattern(name).sub(lambda m: " " * len(m.group()), masked)
    if "time" not in _COMPILED:
        _COMPILED["time"] = [re.compile(rf"(?i)(?<!\w)(?:{e['pattern']})(?!\w)")
                             for e in _vocab()["time_expressions"]]
    spans = sorted((m.start(), m.end()) for p in _COMPILED["time"] for m in p.finditer(masked))
    out: list[list[int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


_LIST_NUMBER = re.compile(r"^\(\d{1,3}\)\s")
_NUMBERISH = re.compile(r"\d|(?<![\w])[IVX]+(?![\w])|/")


def _has_number(text: Optional[str]) -> bool:
    """A cell written as a number (digits, signs, a unit symbol), not a phrase with a number in
    it ("Nhóm 30", a rank, has no value by design)."""
    return bool(re.search(r"\d", text or "")) and not any(len(w) >= 3 for w in words(text or ""))


def _unused_dates(note: Optional[str]) -> list[str]:
    """The parts of a deadline cell the reader left unused (its note "không dùng: “…”; “…”")
    that hold digits, a roman numeral or a slash: dates not read."""
    if not note or "không dùng:" not in note:
        return []
    part = note.split("không dùng:", 1)[1]
    return [p for p in re.findall(r"“([^”]*)”", part) if _NUMBERISH.search(p)]
