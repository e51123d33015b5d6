"""Turning events into things people read: Markdown and HTML timelines, flat rows."""
from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from .model import Event, EventDate
from .query import EventFilter

TIMELINE_FORMATS = ("md", "json", "html")


def date_label(d: EventDate) -> str:
    """A date as precise as it is: a day, a month, a year, a range with its ends, or 'undated'."""
    if not d.dated:
        return "undated"
    if d.precision == "day":
        return d.start
    if d.precision == "month":
        return d.start[:7]
    if d.precision == "year":
        return d.start[:4]
    return f"{d.start} … {d.end}"


def participants_label(ev: Event) -> str:
    """'A (role, USA) → B (role, PAK)' for directed events, '↔' for symmetric ones."""
    def one(p: Any) -> str:
        bits = ", ".join(x for x in (p.role, p.country) if x)
        return f"{p.name} ({bits})" if bits else p.name

    sources = [one(p) for p in ev.participants if p.side in ("source", "both")]
    targets = [one(p) for p in ev.participants if p.side == "target"]
    arrow = " → " if targets else ""
    joiner = " ↔ " if not targets else " & "
    return joiner.join(sources) + arrow + " & ".join(targets)


def title_for(flt: EventFilter) -> str:
    if flt.dyad:
        return f"Timeline: {flt.dyad[0]}–{flt.dyad[1]}"
    if flt.country:
        return f"Timeline: {flt.country}"
    if flt.person:
        return f"Timeline: {flt.person}"
    return "Timeline"


def timeline(events: Sequence[Event], fmt: str, *, title: str = "Timeline") -> str:
    if fmt == "json":
        return json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=1) + "\n"
    if fmt == "html":
        return _html(events, title)
    return _markdown(events, title)


def _markdown(events: Sequence[Event], title: str) -> str:
    lines = [f"# {title} ({len(events)} events)", ""]
    for ev in events:
        planned = " *(planned)*" if ev.status == "planned" else ""
        where = f" in {ev.location}" if ev.location else ""
        lines.append(f"- **{date_label(ev.date)}** — {ev.type} ({ev.mode}){planned}{where}: {participants_label(ev)}")
        if ev.summary:
            lines.append(f"  {ev.summary}")
        lines.append(f"  _Sources: {', '.join(ev.sources) or 'unnamed outlet'}; date: {ev.date.basis}_")
    return "\n".join(lines) + "\n"


def _html(events: Sequence[Event], title: str) -> str:
    e = html.escape
    items = "\n".join(
        f"<li><time>{e(date_label(ev.date))}</time> <b>{e(ev.type)}</b> ({e(ev.mode)}): "
        f"{e(participants_label(ev))}<br><span>{e(ev.summary)}</span> "
        f"<small>{e(', '.join(ev.sources))}</small></li>"
        for ev in events
    )
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title></head>"
            f"<body><h1>{e(title)}</h1><ol>\n{items}\n</ol></body></html>\n")


def flat_event(d: dict[str, Any]) -> dict[str, Any]:
    """One CSV/table row per event."""
    ev = Event.from_dict(d)
    return {
        "event_id": ev.event_id, "date": date_label(ev.date), "precision": ev.date.precision,
        "type": ev.type, "mode": ev.mode, "status": ev.status, "participants": participants_label(ev),
        "location": ev.location or "", "topics": ";".join(ev.topics), "sources": ";".join(ev.sources),
        "summary": ev.summary, "basis": ev.date.basis,
    }
