"""Logical tables of indicators -> model.Indicator rows (origin "appendix").

    table -> column roles (rows.column_roles: by header meaning) and period keys per target
          column ("Năm 2025" -> "2025", "Giai đoạn 2026-2030" -> "2026-2030")
          -> one Indicator per non-section row: number, parent ("7" for "7.1"), name without
             its footnote marker, unit of measure, one Target per period column (by position,
             blank -> None), lead
    indicators + lines -> footnotes resolved (`attach_footnotes`: the footnote text printed
             under the table, "(*1) Năm 2025 tính ...")
"""
from __future__ import annotations

from typing import Optional, Sequence

import regex as re

from plan_extract.tables import headers as _headers
from plan_extract.model.document import Indicator, Provenance
from plan_extract.model.parts import Line, LogicalTable, Row
from plan_extract.interpret.targets import parse_target, period_key
from plan_extract.interpret.tasks import ocr_readings
from plan_extract.text import join_lines, nfc, squash_spaces

# "(*1)", "(*)", "(1)", "*", superscript digits: a footnote marker closing a name
_MARKER = re.compile(r"\s*(\(\s*\*+\s*\d*\s*\)|\(\s*\d{1,2}\s*\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*+\d*)\s*$")
_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def split_marker(name: str) -> tuple[str, Optional[str]]:
    """"Tỷ lệ người dân có chữ ký số (*1)" -> ("Tỷ lệ người dân có chữ ký số", "(*1)")."""
    name = squash_spaces(nfc(name))
    m = _MARKER.search(name)
    if not m or m.start() == 0:
        return name, None
    return name[:m.start()].rstrip(), re.sub(r"\s+", "", m.group(1))


def _marker_key(marker: str) -> str:
    """"(*1)", "*1", "(1)", "¹" -> "1"; "(*)" / "*" -> "*"."""
    m = marker.translate(_SUPERSCRIPT)
    digits = re.sub(r"\D", "", m)
    return digits or "*"


def column_roles(header: Sequence[str]) -> list[str]:
    """Roles by header meaning (rows.column_roles), with target columns recognised from a
    period label even where the vocabulary misses it."""
    roles = list(_headers.column_roles(header))
    for i, label in enumerate(header):
        # "Năm 2025 (%)", "Kế hoạch 2026", "Mục tiêu đến 2030": a year or stage names a value column
        if roles[i] in ("others", None) and period_key(label):
            roles[i] = "target"
    return roles


def target_keys(header: Sequence[str], roles: Sequence[str]) -> dict[int, str]:
    """Column index -> target key for every target column ("Năm 2025" -> "2025")."""
    out = {}
    for i, (label, role) in enumerate(zip(header, roles)):
        if role != "target":
            continue
        key = period_key(label)
        if key is None:
            key = squash_spaces(label.split(" / ")[-1])
        if key in out.values():
            key = f"{key} ({i})"
        out[i] = key
    return out


def _texts(row: Row, n: int) -> list[str]:
    cells = list(row.cells) + [None] * max(0, n - len(row.cells))
    return [squash_spaces(c.text) if c is not None and c.text else "" for c in cells[:n]]


def _norm_number(num: str) -> str:
    return num.strip().rstrip(".")


def table_to_indicators(table: LogicalTable) -> list[Indicator]:
    """One Indicator per non-section row, in table order, origin "appendix"."""
    header = list(table.header)
    roles = column_roles(header)
    keys = target_keys(header, roles)
    idx = {r: roles.index(r) for r in ("number", "name", "unit_of_measure", "lead") if r in roles}
    if "name" not in idx:
        return []
    n = len(header)
    out: list[Indicator] = []
    numbers: dict[str, str] = {}            # normalised number -> as printed
    last_top: Optional[str] = None          # last numbered row that had no values
    for row in table.rows:
        texts = _texts(row, n)
        number = texts[idx["number"]] if "number" in idx else ""
        if _is_section(row, texts, number, idx, keys):
            continue
        if row.is_section:
            # a value-less parent row printed across the grid: its text is the name only
            texts = [t if i in (idx.get("number"), idx["name"]) else "" for i, t in enumerate(texts)]
        name_raw = texts[idx["name"]]
        if not name_raw and not number:
            continue
        name, marker = split_marker(name_raw)
        uom = texts[idx["unit_of_measure"]] if "unit_of_measure" in idx else ""
        uom = uom or None
        targets = {key: parse_target(texts[i], uom) for i, key in keys.items()}
        parent = _parent_of(number, numbers, last_top)
        ind = Indicator(
            id="", origin="appendix", number=number or None, parent=parent, name=name,
            unit_of_measure=uom, targets=targets,
            lead_raw=texts[idx["lead"]] if "lead" in idx else None,
            footnote=marker,
            source=Provenance(page=row.page, bbox=list(row.bbox) if row.bbox else None,
                              table=table.index,
                              ocr=ocr_readings(row, {**{f: idx[r] for r, f in (("number", "number"), ("name", "name"),
                                                                            ("unit_of_measure", "unit_of_measure"),
                                                                            ("lead", "lead_raw")) if r in idx},
                                                     **{f"target:{key}": i for i, key in keys.items()}})),
        )
        out.append(ind)
        if number:
            numbers[_norm_number(number)] = number
            if all(t is None for t in targets.values()) and re.fullmatch(r"\d+|[IVXLC]+", _norm_number(number)):
                last_top = number
            elif re.fullmatch(r"\d+", _norm_number(number)):
                last_top = None
    return out


def _is_section(row: Row, texts: Sequence[str], number: str, idx: dict, keys: dict) -> bool:
    """A group row ("I | Chỉ tiêu về kinh tế số", "A. ..."): a Roman or capital-letter number,
    or a row spanning the grid without a number, and no target values."""
    num = _norm_number(number)
    if re.fullmatch(r"[IVXLC]+|[A-ZĐ]", num):
        return all(not texts[i] for i in keys) or row.is_section
    if row.is_section and not num:
        return True
    return False


def _parent_of(number: str, numbers: dict[str, str], last_top: Optional[str]) -> Optional[str]:
    """Row "7.1" -> parent "7" (as row 7 prints it: "7." stays "7."); "a" / "-" under a
    value-less row 7 -> "7"."""
    num = _norm_number(number)
    if not num:
        return None
    if "." in num:
        prefix = num.rsplit(".", 1)[0]
        return numbers.get(prefix, prefix)
    if re.fullmatch(r"[a-zđ]\)?|[-+•]", num) and last_top:
        return last_top
    return None


# ---------------------------------------------------------------- footnotes
_FOOTNOTE_LINE = re.compile(r"^\s*(\(\s*\*+\s*\d*\s*\)|\*+\d*|\(\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2})[\s.:)]+(?P<text>\S.*)$")


def attach_footnotes(indicators: list[Indicator], lines: Sequence[Line]) -> list[Indicator]:
    """Replace each appendix indicator's footnote marker (left in `footnote` by
    table_to_indicators) by the footnote text printed under its table; a marker whose text
    is not found stays as printed. Returns the same list.

    A footnote line opens with the marker ("(*1) Năm 2025 tính ..."; a bare "1" for a
    superscript marker) on the indicator's page or a later one; its text runs on over the
    following lines until the next marker, a blank gap or a new page."""
    pending = [i for i in indicators if i.origin == "appendix" and i.footnote]
    if not pending:
        return indicators
    lines = [l for l in lines if squash_spaces(l.text)]
    for ind in pending:
        marker = ind.footnote
        key = _marker_key(marker)
        text = _find_footnote(lines, marker, key, ind.source.page)
        if text:
            ind.footnote = text
    return indicators


def _find_footnote(lines: Sequence[Line], marker: str, key: str, page: Optional[int]) -> Optional[str]:
    exact = re.sub(r"\s+", "", marker)
    candidates = []
    for i, l in enumerate(lines):
        if page is not None and l.page < page:
            continue
        m = _FOOTNOTE_LINE.match(squash_spaces(l.text))
        if not m:
            continue
        mk = re.sub(r"\s+", "", m.group(1))
        if _marker_key(mk) != key:
            continue
        bare_digit = mk.isdigit()
        if bare_digit and not (marker.translate(_SUPERSCRIPT).isdigit() or "(" not in marker):
            # "1 Năm 2025 ..." for "(*1)" only when no exact "(*1)" line exists
            candidates.append((2, i, m))
            continue
        candidates.append((0 if mk == exact else 1, i, m))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1]))
    _, i, m = candidates[0]
    parts = [m.group("text")]
    prev = lines[i]
    for l in lines[i + 1:i + 6]:
        if l.page != prev.page or _FOOTNOTE_LINE.match(squash_spaces(l.text)):
            break
        h = max(prev.bottom - prev.top, 1.0)
        if l.top - prev.bottom > 0.8 * h or (l.size and prev.size and abs(l.size - prev.size) > 0.5):
            break
        if re.match(r"^\s*(?:Phụ lục|PHỤ LỤC)\b", l.text):
            break
        parts.append(l.text)
        prev = l
    return join_lines(parts)
