"""json.dumps(obj, ensure_ascii=False, indent=N) in fewer steps: the same text, byte for byte.

The standard library encodes an indented document with its pure-Python encoder (its C encoder
serves only indent=None), one generator per container: a plan's plan.json was 2% of an
extraction's time. This writes the same text for the values a plan holds (dicts, lists, tuples,
strings, integers, floats, booleans, None), with the standard library's own string escaping
(json.encoder.encode_basestring) and number texts (int.__repr__, float.__repr__, NaN/Infinity);
anything else (another type, a key that is not a string, a cycle) is handed to json.dumps, which
gives its own text or its own error.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_INF = float("inf")


class _Other(Exception):
    """A value the fast path does not write: json.dumps writes the whole document."""


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def dumps_indented(obj: Any, indent: int = 2) -> str:
    """json.dumps(obj, ensure_ascii=False, indent=indent), the same string."""
    try:
        return _dumps(obj, " " * indent)
    except (_Other, RecursionError):
        return json.dumps(obj, ensure_ascii=False, indent=indent)


def _dumps(obj: Any, step: str) -> str:
    parts: list[str] = []
    add = parts.append
    enc = encode_basestring
    int_repr = int.__repr__

    def value(o, pad: str) -> None:
        if isinstance(o, str):
            add(enc(o))
        elif o is None:
            add("null")
        elif o is True:
            add("true")
        elif o is False:
            add("false")
        elif isinstance(o, int):
            add(int_repr(o))
        elif isinstance(o, float):
            add(_float(o))
        elif isinstance(o, (list, tuple, dict)):
            keyed = isinstance(o, dict)
            if not o:
                add("{}" if keyed else "[]")
                return
            inner = pad + step
            sep = ",\n" + inner
            add(("{\n" if keyed else "[\n") + inner)
            for n, item in enumerate(o.items() if keyed else o):
                if n:
                    add(sep)
                if keyed:
                    k, item = item
                    if not isinstance(k, str):
                        raise _Other
                    add(enc(k))
                    add(": ")
                value(item, inner)
            add("\n" + pad + ("}" if keyed else "]"))
        else:
            raise _Other

    value(obj, "")
    return "".join(parts)
