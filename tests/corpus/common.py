"""Shared helpers for the corpus producers: printed strings built from a data file."""
from __future__ import annotations

from .spec import extra_key

MOTTO_STATE = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
MOTTO_PARTY = ("ĐẢNG CỘNG SẢN VIỆT NAM",)
BLANK = "      "   # a blank day / month / number as typed in drafts


def number_line(header: dict) -> str:
    num = header.get("number")
    if num:
        return f"Số: {num}"
    if header.get("number_blank"):
        return header["number_blank"]
    return f"Số:{BLANK}/KH"


def place_date_line(header: dict) -> str:
    d = header.get("date") or {}
    day = d.get("day")
    month = d.get("month")
    year = d.get("year")
    ds = f"{day:02d}" if isinstance(day, int) and day < 10 else (str(day) if day else BLANK)
    ms = str(month) if month else BLANK
    ys = str(year) if year else BLANK
    return f"{header.get('place', '')}, ngày {ds} tháng {ms} năm {ys}"


def issuer_bold(lines: list[str]) -> list[bool]:
    """Which issuer lines print bold: the issuing body's own name; a parent body above it
    (UBND TỈNH ..., ĐẢNG BỘ ...) prints regular. "ỦY BAN NHÂN DÂN / XÃ ..." is one name."""
    n = len(lines)
    if n <= 1:
        return [True] * n
    first = lines[0].upper()
    if first in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        return [True] * n
    return [False] * (n - 1) + [True]


def cell_texts(table: dict, row: dict) -> list[str]:
    """The printed text of every column of a (non-section) row."""
    out = []
    for col in table["columns"]:
        role = col["role"]
        if role == "number":
            out.append(str(row.get("number") or ""))
        elif role == "task":
            text = row.get("text") or ""
            if table.get("number_in_text") and row.get("number"):   # "1. Rà soát ...", no number column
                text = f"{row['number']}. {text}"
            if row.get("lines"):   # subitems_cell: the task, then "a) ..." "b) ..." on lines of their own
                text = "\n".join(row["lines"])
            out.append(text)
        elif role == "name":
            name = row.get("name") or ""
            if row.get("footnote_marker"):
                name = f"{name} {row['footnote_marker']}"
            out.append(name)
        elif role == "lead_coordinators":
            out.append(combined_lead(row, table.get("combined_format")))
        elif role == "lead_stacked":   # the lead, a line break, the coordinators
            out.append("\n".join(x for x in (row.get("lead"), row.get("coordinators")) if x))
        elif role in ("lead", "coordinators", "deadline", "unit_of_measure"):
            out.append(str(row.get(role) or ""))
        elif role == "target":
            v = (row.get("targets") or {}).get(str(col["key"]))
            if v is None:
                v = (row.get("targets") or {}).get(col["key"])
            out.append("" if v is None else str(v))
        elif role == "extra":
            out.append(str((row.get("extra") or {}).get(extra_key(col), "") or ""))
        else:
            out.append("")
    return out


def combined_lead(row: dict, fmt: dict | None = None) -> str:
    """One cell for lead and coordinators: "Chủ trì: X; Phối hợp: Y" ("Chủ trì: X" alone);
    `fmt` ({lead, coordinators, sep}) gives other labels and separator."""
    lead, coord = row.get("lead") or "", row.get("coordinators") or ""
    f = {"lead": "Chủ trì: ", "coordinators": "Phối hợp: ", "sep": "; "}
    f.update(fmt or {})
    return f"{f['lead']}{lead}{f['sep']}{f['coordinators']}{coord}" if coord else f"{f['lead']}{lead}"


def lead_runs(table: dict) -> dict[int, int]:
    """With merge_lead: {first row index: run length} for runs of equal non-empty lead cells
    (never across a section row nor a span_lead row)."""
    if not table.get("merge_lead"):
        return {}
    rows = table["rows"]
    runs: dict[int, int] = {}
    i = 0
    while i < len(rows):
        r = rows[i]
        if "section" in r or not r.get("lead") or r.get("span_lead"):
            i += 1
            continue
        j = i + 1
        while j < len(rows) and "section" not in rows[j] and not rows[j].get("span_lead") \
                and rows[j].get("lead") == r["lead"]:
            j += 1
        if j - i > 1:
            runs[i] = j - i
        i = j
    return runs


def parent_numbers(table: dict) -> set[str]:
    return {str(r["parent"]) for r in table["rows"] if r.get("parent")}


def two_row(table: dict) -> bool:
    return any(isinstance(c.get("header"), list) for c in table["columns"])


def header_groups(table: dict) -> list[tuple[int, int, str]]:
    """For a two-row header: (first col, last col, top text) per spanning top cell."""
    cols = table["columns"]
    groups = []
    i = 0
    while i < len(cols):
        h = cols[i].get("header")
        if isinstance(h, list):
            j = i
            while j + 1 < len(cols) and isinstance(cols[j + 1].get("header"), list) \
                    and cols[j + 1]["header"][0] == h[0]:
                j += 1
            groups.append((i, j, h[0]))
            i = j + 1
        else:
            i += 1
    return groups


def fit_size(text: str, size: float, width_cm: float, bold: bool = False,
             min_size: float = 10.5) -> float:
    """The largest font size <= size (half-point steps) at which `text` fits on one line of
    `width_cm` in Liberation Serif; min_size when nothing fits (the line then wraps)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from .render_html import F, register_fonts
    register_fonts()
    font = F + ("-Bold" if bold else "")
    avail = width_cm / 2.54 * 72 * 0.97
    s = size
    while s > min_size and stringWidth(text, font, s) > avail:
        s -= 0.5
    return s


def ruled(table: dict) -> bool:
    """False for a borderless table (only a rule under the header)."""
    return table.get("ruled", True) is not False


def span_cols(table: dict, row: dict) -> tuple[int, int] | None:
    """For a span_lead row: (lead column, coordinators column) the lead cell covers."""
    if "section" in row or not row.get("span_lead"):
        return None
    roles = [c["role"] for c in table["columns"]]
    li = roles.index("lead")
    return li, li + 1
