"""Plans -> one iCalendar file of VTODOs (DUE only when the deadline is certain, RRULE for
recurring ones)."""
from __future__ import annotations

import hashlib
from pathlib import Path


from plan_extract.model.document import Plan
from plan_extract.model.flat import LIST_SEP
from plan_extract.output.files import FIXED_TIME
from plan_extract.output.tracker import CERTAIN_KINDS, plan_line

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


def plans_to_ics(plans: list[tuple[Path, Plan]]) -> bytes:
    """VTODO per task. DUE only where the date is certain; RRULE for recurring tasks (anchored
    at the first named period, or at the plan's date when the cell names no year). UID = sha256(file sha256 + task id). DTSTAMP is derived from the
    plan (its issue date, else 2000-01-01) so that re-exports give the same bytes."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//plan-extract//VI", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:Nhiệm vụ (plan-extract)"]
    for _, plan in plans:
        stamp_date = plan.document.issue_date or FIXED_TIME.date().isoformat()
        stamp = _ics_date(stamp_date) + "T000000Z"
        pline = plan_line(plan)
        for t in plan.tasks:
            uid = hashlib.sha256(f"{plan.source.sha256}:{t.id}".encode()).hexdigest()[:32]
            lines += ["BEGIN:VTODO", f"UID:{uid}@plan-extract", f"DTSTAMP:{stamp}",
                      "SUMMARY:" + _ics_escape(t.text)]
            desc = [pline]
            if t.lead:
                desc.append("Chủ trì: " + LIST_SEP.join(t.lead))
            elif t.lead_raw:
                desc.append("Chủ trì: " + t.lead_raw)
            if t.coordinators:
                desc.append("Phối hợp: " + LIST_SEP.join(t.coordinators))
            d = t.deadline
            if d is not None and d.raw.strip():
                desc.append("Thời hạn: " + d.raw.strip())
            desc.append(f"Nguồn: {plan.source.file}, {t.id}")
            lines.append("DESCRIPTION:" + _ics_escape("\n".join(desc)))
            anchor = None
            if d is not None and d.kind == "recurring" and d.recurrence in _RRULE:
                # a recurrence with no year named starts with the plan (its date, else its year)
                anchor = d.start or plan.document.issue_date or (
                    f"{plan.document.issue_year}-01-01" if plan.document.issue_year else None)
            if anchor:
                lines.append(f"DTSTART;VALUE=DATE:{_ics_date(anchor)}")
                if d.start and d.due:
                    lines.append(f"DUE;VALUE=DATE:{_ics_date(d.due)}")
                lines.append("RRULE:" + _RRULE[d.recurrence])
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
