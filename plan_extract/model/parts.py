"""Intermediate objects passed between stages (not part of the output contract).

read.py yields `Page`s; tables.py turns pages into `RawTable`s; stitch.py joins raw tables
into `LogicalTable`s; rows.py / indicators.py turn logical tables into model rows;
metadata.py / body.py read the `Line`s that lie outside tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Line:
    """One visual text line, NFC, in reading order."""
    text: str
    page: int                 # 1-based
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0         # dominant font size
    bold: bool = False
    italic: bool = False
    conf: Optional[float] = None      # OCR: the lowest tesseract confidence of its words (0-1)
    unsure: tuple[str, ...] = ()      # OCR: its words read below UNSURE_CONF (ocr/page.py)


@dataclass
class Cell:
    text: str                 # lines joined per the cell-text rules, NFC
    bbox: Optional[tuple[float, float, float, float]] = None  # x0, top, x1, bottom
    bold: bool = False
    colspan: int = 1
    rowspan: int = 1          # >1 when a merged cell covers several rows
    conf: Optional[float] = None      # OCR: mean tesseract confidence of the cell's words (0-1)
    low: Optional[float] = None       # OCR: the lowest tesseract confidence of its words (0-1)
    unsure: tuple[str, ...] = ()      # OCR: its words read below UNSURE_CELL_CONF (ocr/page.py)
    reread: Optional[str] = None      # OCR: a high-risk cell's second reading (other scale and
                                      # binarisation) when it differs from `text`
    head: Optional[str] = None        # PDF: the leading bold lines of a cell printed bold then
                                      # regular (a lead in bold over its coordinators), as joined
                                      # in `text`; None when the cell is not so


@dataclass
class LineEdge:
    """First or last printed line of a cell, summarised for re-joining a token that a page
    break cut (text.line_start / text.line_end)."""
    inner: float                      # the cell's inner width (box minus padding), points
    start: Optional[dict] = None      # text.line_start of the first line
    end: Optional[dict] = None        # text.line_end of the last line


@dataclass
class TableMeta:
    """What the finders learn about a raw table and stitching reads (was an untyped dict).

    Written by tables/find.py (PDF), readers/docx.py, ocr/page.py; read by tables/stitch.py."""
    caption: Optional[str] = None             # appendix caption above the table
    has_header: bool = True                   # starts with a recognised header row
    header_understood: bool = True            # its header names known roles (False: roles from content)
    continues_previous: bool = False          # the previous page's table goes on here
    starts_at_top: bool = False               # nothing but page furniture above it
    ends_at_bottom: bool = False              # nothing but page furniture below it
    columns: list[float] = field(default_factory=list)   # column x-boundaries
    width: Optional[float] = None             # page width (columns compare on equal widths only)
    header_pt: Optional[float] = None         # header height from the table's top, points
    bounds: Optional[list[float]] = None      # stream tables: column boundaries used to cut lines
    row_gap: Optional[float] = None           # stream tables without a number column: space that parts rows, pt
    numbered: Optional[bool] = None           # stream tables: the first column is the number column
    boxes: list[tuple] = field(default_factory=list)     # ruled tables: the cell boxes
    columns_from_text: bool = False           # ruled tables: inner column edges from gutters, not rules
    line_ends: dict[str, LineEdge] = field(default_factory=dict)   # "row,col" -> its lines' ends
    unruled_tail: bool = False                # a last row printed below the last rule was added
    first_row_continues: bool = False         # no rule under the repeated header: row 1 continues
    header_rows: Optional[int] = None         # DOCX: rows marked as repeating header (w:tblHeader)
    ocr_confidence: Optional[float] = None    # OCR tables: mean word confidence (0-1)
    deskew_angle: Optional[float] = None      # OCR tables: page rotation corrected, degrees


@dataclass
class RawTable:
    """One table as found on one page."""
    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[Cell]]
    method: str               # "lattice" | "stream" | "docx" | "ocr-lattice"
    index: int = 0            # order on the page
    meta: TableMeta = field(default_factory=TableMeta)


@dataclass
class Row:
    cells: list[Cell]
    page: int
    bbox: Optional[tuple[float, float, float, float]] = None
    is_section: bool = False
    pages: list[int] = field(default_factory=list)   # all pages the row spans


@dataclass
class LogicalTable:
    """A table after page joins: header labels (two-row headers flattened with " / ")."""
    index: int                        # 0-based order in the document
    header: list[str]                 # one label per column, as printed
    header_rows: list[list[str]]      # the header as printed, row by row
    rows: list[Row]
    pages: list[int]
    caption: Optional[str] = None     # appendix caption above the table ("Phụ lục II ...")
    meta: "LogicalMeta" = field(default_factory=lambda: LogicalMeta())


@dataclass
class LogicalMeta:
    """How a logical table was read."""
    method: Optional[str] = None              # the finder of its first part
    parts: list[list[float]] = field(default_factory=list)   # bbox of each part, page by page
    confidence: Optional[float] = None        # OCR tables: mean word confidence
    header_understood: bool = True            # False: the header names no known roles
    columns: list[float] = field(default_factory=list)   # column x-boundaries of its first part
