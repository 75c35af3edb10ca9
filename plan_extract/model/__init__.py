"""The document model: `document` is the output contract (Plan, Task, Indicator, Deadline, ...
serialised as plan.json); `parts` are the objects passed between stages (Line, Cell, RawTable,
LogicalTable, Row); `flat` is the one flat, row-per-line view of a Plan that every table export
(CSV, XLSX, pandas) shares."""
from plan_extract.model.document import *  # noqa: F401,F403
from plan_extract.model.document import (DEADLINE_KINDS, RECURRENCES, SCHEMA_VERSION, TARGET_OPS,  # noqa: F401
                                         PAGE_READS, PAGE_VERDICTS, TEXT_LAYERS, Deadline, DocumentMeta, Indicator, InputError,
                                         Issue, PageLayer, Plan, Provenance, Reference, Result, SourceInfo,
                                         Target, Task)
from plan_extract.model.parts import Cell, Line, LogicalTable, RawTable, Row  # noqa: F401
