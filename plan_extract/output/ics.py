"""Plans -> one iCalendar file of VTODOs.

- SUMMARY: the task text made short (at most SUMMARY_MAX characters, cut at a word, "…");
  DESCRIPTION starts with the full text, then the plan, lead, coordinators, deadline as written.
- DUE only when the deadline is certain; a recurring task gets an RRULE anchored at its first named
  period (or the plan's date when the cell names no year) and bounded by the plan's period:
  UNTIL the last day of the period's last year (`plan_period_end`); a task whose first occurrence
  falls after that end gets no RRULE.
- UID: from the plan's identity (its number, issuer and year; the file's sha256 for a plan
  without a number) and the task's stable id (model.ids), so that it survives re-extraction and
  is unique across an archive (a repeat gets "-2", ...). DTSTAMP comes from the plan (its issue
  date, else 2000-01-01): re-exports give the same bytes.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Optional

from plan_extract import vocab as vocab_files
from plan_extract.model.document import Plan
from plan_extract.model.flat import LIST_SEP
from plan_extract.output.files import FIXED_TIME
from plan_extract.output.tracker import CERTAIN_KINDS, plan_line
from plan_extract.text import ascii_fold

SUMMARY_MAX = 80


def _ics_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _ics_fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF + space; never split a
    UTF-8 character."""
    out, cur, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(cur)
            cur, size = " ", 1
        cur += ch
        size += n
    out.append(cur)
    return "\r\n".join(out)


_RRULE = {"yearly": "FREQ=YEARLY", "half-yearly": "FREQ=MONTHLY;INTERVAL=6",
          "quarterly": "FREQ=MONTHLY;INTERVAL=3", "monthly": "FREQ=MONTHLY"}


def _ics_date(iso: str) -> str:
    return iso.replace("-", "")


_BULLET = re.compile(r"^\s*(?:[-+•*–—]\s*|\(?\d+(?:\.\d+)*[.)]\s+|[a-zđ]\)\s+)")


def short_summary(text: str, limit: int = SUMMARY_MAX) -> str:
    """The task's text as a calendar title: one line, no leading bullet, at most `limit`
    characters, cut at a word boundary with "…" when longer."""
    line = " ".join(text.split())
    line = _BULLET.sub("", line, count=1) or line
    if len(line) <= limit:
        return line
    cut = line[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2}|21\d{2})(?!\d)")
_REF_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}",
                       re.IGNORECASE)


def _horizon_words() -> list[str]:
    return [e["phrase"] for e in vocab_files.load("plan_period.yaml")["horizon_words"]]


def title_period_end(title: Optional[str]) -> Optional[int]:
    """The last year of the plan's own period named in its title, or None: "... năm 2025" ->
    2025; "giai đoạn 2021 - 2025" -> 2025; "đến năm 2030, tầm nhìn đến năm 2045" -> 2030; the
    date of a referenced document ("ngày 22/12/2024") does not count."""
    if not title:
        return None
    text = _REF_DATE.sub(" ", title)
    low = text.lower()
    for word in _horizon_words():
        at = low.find(word)
        if at >= 0:
            text, low = text[:at], low[:at]
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


def plan_period_end(plan: Plan) -> tuple[Optional[int], str]:
    """(last year of the plan's period, how it was found): from the title; else the latest year
    of the plan's own certain deadlines and indicator target columns; else the year of issue."""
    year = title_period_end(plan.document.title)
    if year:
        return year, "thời kỳ của kế hoạch"
    years = []
    for t in plan.tasks:
        d = t.deadline
        if d is not None and d.due and (d.kind in CERTAIN_KINDS or d.kind == "recurring"):
            years.append(int(d.due[:4]))
    for ind in plan.indicators:
        for label in ind.targets:
            years += [int(y) for y in _YEAR.findall(label)]
    if years:
        return max(years), "năm cuối cùng có thời hạn hoặc chỉ tiêu trong kế hoạch"
    if plan.document.issue_year:
        return plan.document.issue_year, "năm ban hành: văn bản không nêu thời kỳ thực hiện"
    return None, ""


def plan_identity(plan: Plan) -> str:
    """12 hex digits naming the plan itself, not the file: its number, issuer and year when it has
    a number (a PDF, a DOCX and a scan of one plan agree), else the file's sha256."""
    m = plan.document
    if m.number:
        key = "|".join((" ".join(ascii_fold(m.number).upper().split()),
                        " ".join(ascii_fold(m.issuer or m.issuer_raw or "").lower().split()),
                        str(m.issue_year or "")))
    else:
        key = plan.source.sha256
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def plans_to_ics(plans: list[tuple[Path, Plan]]) -> bytes:
    """One VCALENDAR with a VTODO per task of every plan (see the module docstring)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//plan-extract//VI", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:Nhiệm vụ (plan-extract)"]
    uids: dict[str, int] = {}
    for _, plan in plans:
        stamp_date = plan.document.issue_date or FIXED_TIME.date().isoformat()
        stamp = _ics_date(stamp_date) + "T000000Z"
        pline = plan_line(plan)
        ident = plan_identity(plan)
        end_year, end_how = plan_period_end(plan)
        for t in plan.tasks:
            uid = f"{ident}-{t.id}"
            n = uids.get(uid, 0) + 1
            uids[uid] = n
            if n > 1:
                uid = f"{uid}-{n}"
            lines += ["BEGIN:VTODO", f"UID:{uid}@plan-extract", f"DTSTAMP:{stamp}",
                      "SUMMARY:" + _ics_escape(short_summary(t.text))]
            desc = [" ".join(t.text.split()), pline]
            if t.lead:
                desc.append("Chủ trì: " + LIST_SEP.join(t.lead))
            elif t.lead_raw:
                desc.append("Chủ trì: " + t.lead_raw)
            if t.coordinators:
                desc.append("Phối hợp: " + LIST_SEP.join(t.coordinators))
            d = t.deadline
            if d is not None and d.raw.strip():
                desc.append("Thời hạn: " + d.raw.strip())
            anchor = None
            if d is not None and d.kind == "recurring" and d.recurrence in _RRULE:
                # a recurrence with no year named starts with the plan (its date, else its year)
                anchor = d.start or plan.document.issue_date or (
                    f"{plan.document.issue_year}-01-01" if plan.document.issue_year else None)
            rrule = None
            if anchor:
                if end_year and int(anchor[:4]) <= end_year:
                    rrule = f"RRULE:{_RRULE[d.recurrence]};UNTIL={end_year}1231"
                    desc.append(f"Lặp lại đến hết năm {end_year} ({end_how}).")
                elif end_year:
                    desc.append(f"Không lặp lại: kỳ đầu tiên sau năm {end_year} ({end_how}).")
                else:
                    desc.append("Không ghi lặp lại: không xác định được thời kỳ của kế hoạch.")
            desc.append(f"Nguồn: {plan.source.file}, {t.id}")
            lines.append("DESCRIPTION:" + _ics_escape("\n".join(desc)))
            if anchor:
                lines.append(f"DTSTART;VALUE=DATE:{_ics_date(anchor)}")
                if d.start and d.due:
                    lines.append(f"DUE;VALUE=DATE:{_ics_date(d.due)}")
                if rrule:
                    lines.append(rrule)
            elif d is not None and d.kind in CERTAIN_KINDS and d.due:
                if d.start and d.start < d.due:
                    lines.append(f"DTSTART;VALUE=DATE:{_ics_date(d.start)}")
                lines.append(f"DUE;VALUE=DATE:{_ics_date(d.due)}")
            if t.lead:
                lines.append("CATEGORIES:" + ",".join(_ics_escape(u) for u in t.lead))
            lines.append("STATUS:NEEDS-ACTION")
            lines.append("END:VTODO")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_ics_fold(line) for line in lines) + "\r\n").encode("utf-8")
