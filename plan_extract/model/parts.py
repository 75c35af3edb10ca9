"""Intermediate objects passed between stages (not part of the output contract).

read.py yields `Page`s; tables.py turns pages into `RawTable`s; stitch.py joins raw tables
into `LogicalTable`s; rows.py / indicators.py turn logical tables into model rows;
metadata.py / body.py read the `Line`s that lie outside tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional


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


@dataclass
class Cell:
    text: str                 # lines joined per the cell-text rules, NFC
    bbox: Optional[tuple[float, float, float, float]] = None  # x0, top, x1, bottom
    bold: bool = False
    colspan: int = 1
    rowspan: int = 1          # >1 when a merged cell covers several rows


@dataclass
class RawTable:
    """One table as found on one page."""
    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[Cell]]
    method: str               # "lattice" | "stream"
    index: int = 0            # order on the page
    meta: dict[str, Any] = field(default_factory=dict)   # caption, starts_at_top, ends_at_bottom, columns


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
    meta: dict[str, Any] = field(default_factory=dict)
