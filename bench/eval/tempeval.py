"""TempEval-3 platinum: temporal expressions found and normalised against the document date.

Dateline's ``timex.find_timexes`` finds expressions and ``timex.resolve`` places them
on the calendar against the creation date (the DCT), as it does against a report's
publication date. The interval is written as a TIMEX3 value (a day ``2013-03-22``, a
month ``2013-03``, a year ``2013``, an ISO week ``2013-W11``); the text's tense is not
parsed here, so every expression is resolved as past, as news mostly reports.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from dateline import events, nlp, present, timex
from dateline.model import EventDate

from . import scoring
from .common import GoldSet, limited

_DCT = re.compile(r'<DCT>.*?value="([^"]+)"', re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def gold_timexes(tml: str) -> tuple[str, list[tuple[int, int, str]], str]:
    """(plain text of <TEXT>, [(start, end, value)] of its TIMEX3s, DCT value) of one file."""
    body = _TEXT.search(tml)
    dct = _DCT.search(tml)
    if not body or not dct:
        raise ValueError("not a TimeML document with <DCT> and <TEXT>")
    out, spans, open_at, pos = [], [], None, 0
    for m in _TAG.finditer(body.group(1)):
        out.append(html.unescape(body.group(1)[pos:m.start()]))
        pos = m.end()
        if m.group(2) == "TIMEX3":
            length = sum(map(len, out))
            if m.group(1):
                spans.append((open_at[0], length, open_at[1]))
            else:
                open_at = (length, dict(_ATTR.findall(m.group(3))).get("value", ""))
    out.append(html.unescape(body.group(1)[pos:]))
    return "".join(out), spans, dct.group(1)


def timex3_value(d: EventDate, t: timex.Timex | None = None) -> str:
    """An interval as the TIMEX3 value of its precision. "this week" names the whole
    calendar period although Dateline, dating a past event, keeps only its days so far."""
    if t is not None and t.kind == "relative_period" and t.relative_to == "anchor" and t.unit in ("week", "month", "year"):
        d = EventDate(d.start, d.start, "day")
        return timex3_value(d)[: {"month": 7, "year": 4}[t.unit]] if t.unit != "week" else _iso_week(d)
    if d.precision in ("day", "month", "year"):
        return present.date_label(d)  # TIMEX3 writes these as Dateline labels them
    if d.precision == "week":
        return _iso_week(d)
    return f"{d.start}/{d.end}"


def _iso_week(d: EventDate) -> str:
    year, week, _ = d.start_date.isocalendar()
    return f"{year}-W{week:02d}"


def tense(doc: Any, t: timex.Timex) -> str:
    """Future when a future marker governs the expression's clause (``events.clause_status``,
    the reading Dateline gives a trigger), else past."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return "past"
    return "future" if events.clause_status(span.root, events.load_lexicon()) == "planned" else "past"


def value_of(t: timex.Timex, dct: dt.date, doc: Any) -> str:
    """The TIMEX3 value of one of Dateline's expressions. A window ("the past two years")
    and a distance from another event ("a month earlier") are, in TimeML, the length they
    contain (P2Y, P1M); everything else is the interval ``timex.resolve`` gives."""
    if t.kind == "trailing" or t.relative_to == "reference":
        inner = timex.find_durations(t.text if t.kind == "trailing" else t.text.rsplit(None, 1)[0])
        if inner:
            return inner[0].value
    resolved = timex.resolve(t, dct, tense(doc, t))
    return timex3_value(resolved, t) if resolved else ""


def predicted(text: str, dct: dt.date) -> list[tuple[int, int, str]]:
    """Dateline's expressions in ``text`` with their values against the DCT: dates from
    ``find_timexes``, then lengths of time from ``find_durations`` where no date overlaps."""
    doc = nlp.load()(text)
    out = [(t.start, t.end, value_of(t, dct, doc)) for t in timex.find_timexes(text)]
    for d in timex.find_durations(text):
        if not any(s < d.end and d.start < e for s, e, _ in out):
            out.append((d.start, d.end, d.value))
    return sorted(out)


def run_tempeval(folder: Path, limit: int | None) -> dict[str, Any]:
    counts = scoring.TimexCounts()
    files = limited(sorted((folder / "te3-platinum").glob("*.tml")), limit)
    for path in files:
        text, gold, dct = gold_timexes(path.read_text(encoding="utf-8"))
        counts = counts + scoring.match_timexes(gold, predicted(text, dt.date.fromisoformat(dct[:10])))
    return {"documents": len(files), **counts.to_dict()}


SETS = (
    GoldSet("tempeval3", "tempeval3",
            {"HeidelTime (unihd english-3)": {"value_f1": 0.7761, "relaxed_f1": 0.903, "strict_f1": 0.8134},
             "SUTime": {"value_f1": 0.6738, "relaxed_f1": 0.9032}}, run_tempeval),
)
