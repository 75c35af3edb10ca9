"""The one way every stage takes its settings (pdfplumber's TableSettings.resolve).

Each stage's settings is a dataclass with DEFAULT_* constants and checks in __post_init__;
inheriting `Resolvable` gives it `resolve()`, which accepts None, a dict or an instance.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

T = TypeVar("T", bound="Resolvable")


class Resolvable:
    @classmethod
    def resolve(cls: type[T], value: Any = None) -> T:
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            unknown = sorted(set(value) - {f.name for f in fields(cls)})
            if unknown:
                raise ValueError(f"{cls.__name__}: unknown setting(s): {', '.join(unknown)}")
            return cls(**value)
        raise TypeError(f"{cls.__name__}: expected None, a dict or {cls.__name__}, "
                        f"not {type(value).__name__}")


#: Seconds one file may take (reading, interpreting, rendering its outputs) before it is a
#: failed file with reason "timeout". Scans OCR'd at 300 dpi take several seconds per page:
#: raise it (`--timeout`) for long scans.
DEFAULT_TIMEOUT = 120.0
#: Resident memory (MiB) of the process reading one file (with its children, e.g. tesseract).
DEFAULT_MAX_MEMORY_MB = 4096
#: Pixels one page may have when rendered for OCR. A page larger than this at the OCR
#: resolution is rendered coarser (down to MIN_OCR_DPI); past that it is refused ("too-large")
#: before anything is rendered. 100 Mpx holds A0 at 250 dpi (A3 at 300 dpi is 17 Mpx).
DEFAULT_MAX_OCR_PIXELS = 100_000_000
MIN_OCR_DPI = 150
#: Glyphs one page may draw ("too-complex" past it). A dense A3 table page draws ~20,000.
DEFAULT_MAX_PAGE_GLYPHS = 200_000
#: Paths (rectangles, lines, curves) one page may draw ("too-complex"). A ruled table page
#: draws a few thousand.
DEFAULT_MAX_PAGE_PATHS = 100_000
#: Objects a PDF's cross-reference tables may list ("too-complex").
DEFAULT_MAX_OBJECTS = 2_000_000
#: Bytes (MiB) one compressed part may inflate to: a DOCX part (word/document.xml ...), a PDF
#: page's content streams ("too-large"). Checked while inflating, never trusting declared sizes.
DEFAULT_MAX_DECOMPRESSED_MB = 64


class LimitExceeded(Exception):
    """A file past one of its Limits. code: "too-large" | "too-complex" (a caller turns it into
    model.InputError; settings is the first stage and cannot import the model)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Limits(Resolvable):
    """What one file may cost; past any of them it is a failed file with its reason
    ("timeout", "too-large", "too-complex"), never a hang or a blow-up. `resolve()` accepts None,
    a dict or an instance. timeout and max_memory_mb are enforced by the process that watches
    the reading one (batch.guard); the caps are checked by the readers as they go."""
    timeout: float = DEFAULT_TIMEOUT
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    max_ocr_pixels: int = DEFAULT_MAX_OCR_PIXELS
    max_page_glyphs: int = DEFAULT_MAX_PAGE_GLYPHS
    max_page_paths: int = DEFAULT_MAX_PAGE_PATHS
    max_objects: int = DEFAULT_MAX_OBJECTS
    max_decompressed_mb: float = DEFAULT_MAX_DECOMPRESSED_MB

    def __post_init__(self):
        if float(self.timeout) <= 0:
            raise ValueError("Limits.timeout must be > 0")
        if int(self.max_memory_mb) < 16:
            raise ValueError("Limits.max_memory_mb must be >= 16")
        for name in ("max_ocr_pixels", "max_page_glyphs", "max_page_paths", "max_objects",
                     "max_decompressed_mb"):
            if getattr(self, name) <= 0:
                raise ValueError(f"Limits.{name} must be > 0")

    @property
    def max_decompressed_bytes(self) -> int:
        return int(self.max_decompressed_mb * 1024 * 1024)
