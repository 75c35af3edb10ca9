"""The one way every stage takes its settings (pdfplumber's TableSettings.resolve).

Each stage's settings is a dataclass with DEFAULT_* constants and checks in __post_init__;
inheriting `Resolvable` gives it `resolve()`, which accepts None, a dict or an instance.
"""
from __future__ import annotations

from dataclasses import fields
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
