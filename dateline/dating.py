"""An event's date from every kind of evidence, never more precise than that evidence.

``timex.resolve`` places an expression against the report date. Many scraped articles
have no report date, so this module also reasons from other constraints: the tenures of
the people taking part (Blinken and Dar only overlapped in office for ten months), and
the other dated references in the text (a call "days after" a tariff that came into
effect on April 5 and before one "set to be enforced on April 9"). The result is always
an interval; it is a single day only when exactly one day fits.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Sequence

from dateline.model import EventDate
from dateline.timex import TENSES, Timex, month_bounds, resolve

EARLIEST = dt.date(1900, 1, 1)
RECENT_PAST_DAYS = 7     # an undated past event in a report happened within the week before it
NEAR_FUTURE_DAYS = 30    # an undated planned event is expected within the month after it

Window = tuple[dt.date, dt.date, str]


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else "?"


# --------------------------------------------------------------------------- tenures


def window_from_tenures(tenures: Sequence[tuple[str, dt.date | None, dt.date | None]]) -> Window | None:
    """The days on which every participant held the role the text gives them.

    Entries with the same label are one person's terms in one office (Trump was President
    twice): any of them may be meant, so a person's days are the union of their terms,
    and the window is the span of what every person's days have in common. Open ends are
    bounded by 1900-01-01 and today. None when no tenure is given or the people's days
    never overlap (the caller then has no window, rather than a false one).
    """
    if not tenures:
        return None
    today = dt.date.today()
    terms: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
    for label, start, end in tenures:
        terms.setdefault(label, []).append((start, end))
    pieces = [(EARLIEST, today)]
    for spans in terms.values():
        pieces = [(max(a, s or EARLIEST), min(b, e or today)) for a, b in pieces for s, e in spans
                  if max(a, s or EARLIEST) <= min(b, e or today)]
        if not pieces:
            return None
    lo, hi = min(p[0] for p in pieces), max(p[1] for p in pieces)
    return lo, hi, "role tenures: " + "; ".join(_terms_text(label, spans, lo, hi) for label, spans in terms.items())


def _terms_text(label: str, spans: list[tuple[dt.date | None, dt.date | None]], lo: dt.date, hi: dt.date) -> str:
    """'Trump President 2017-01-20 to 2021-01-20': the terms that meet the window."""
    inside = [(s, e) for s, e in spans if (s is None or s <= hi) and (e is None or e >= lo)] or spans
    return " or ".join(_tenure_text(label if i == 0 else "", s, e).strip() for i, (s, e) in enumerate(inside))


def narrower(window: Window | None, other: Window | None) -> Window | None:
    """``window`` ∩ ``other`` with both reasons; the one given when they do not meet
    (the event's own participants outrank the article's other people)."""
    if window is None or other is None:
        return window or other
    lo, hi = max(window[0], other[0]), min(window[1], other[1])
    if lo > hi:
        return window
    if (lo, hi) == window[:2]:
        return window
    return lo, hi, _join(window[2], other[2])


def _tenure_text(label: str, start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{label} {start.isoformat()} to {end.isoformat()}"
    if start:
        return f"{label} since {start.isoformat()}"
    if end:
        return f"{label} until {end.isoformat()}"
    return label


# --------------------------------------------------------------------------- constrain


def _placements(t: Timex, lo: dt.date, hi: dt.date) -> list[tuple[dt.date, dt.date]] | None:
    """Every interval inside [lo, hi] that ``t`` could denote; None if ``t`` gives no shape.

    Weekdays are counted arithmetically elsewhere (a century holds thousands of Mondays).
    """
    absolute = resolve(t, None)
    if absolute is not None:
        return _clip([(absolute.start_date, absolute.end_date)], lo, hi)
    if t.short_year is not None and t.year is None:  # '05 February 12': the years ending in 12
        years = range(lo.year - lo.year % 100 + t.short_year, hi.year + 1, 100)
        fits = [replace(t, year=y, short_year=None) for y in years
                if t.day is None or (t.month and safe_date(y, t.month, t.day))]
        placed = [resolve(f, None) for f in fits]
        return _clip([(d.start_date, d.end_date) for d in placed if d is not None], lo, hi)
    if t.kind == "month_day" and t.month and t.day:
        days = [safe_date(y, t.month, t.day) for y in range(lo.year, hi.year + 1)]
        fits = [d for d in days if d and (t.weekday is None or d.weekday() == t.weekday)]
        return _clip([(d, d) for d in fits], lo, hi)
    if t.kind == "month" and t.month:
        return _clip([month_bounds(y, t.month) for y in range(lo.year, hi.year + 1)], lo, hi)
    return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (February 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _clip(spans: list[tuple[dt.date, dt.date]], lo: dt.date, hi: dt.date) -> list[tuple[dt.date, dt.date]]:
    return [(max(a, lo), min(b, hi)) for a, b in spans if a <= hi and b >= lo]


def _weekday_span(weekday: int, lo: dt.date, hi: dt.date) -> tuple[int, dt.date, dt.date]:
    """(how many, first, last) of one weekday inside [lo, hi]."""
    first = lo + dt.timedelta(days=(weekday - lo.weekday()) % 7)
    last = hi - dt.timedelta(days=(hi.weekday() - weekday) % 7)
    return max(0, (last - first).days // 7 + 1), first, last


def _candidates(t: Timex, lo: dt.date, hi: dt.date) -> tuple[int, dt.date, dt.date] | None:
    """(number of fitting placements, first day, last day); count 0 = nothing fits.

    None when the timex says nothing a window can check ('yesterday' with no report date).
    """
    if t.kind == "weekday" and t.weekday is not None:
        return _weekday_span(t.weekday, lo, hi)
    spans = _placements(t, lo, hi)
    if spans is None:
        return None
    if not spans:
        return 0, lo, hi
    return len(spans), spans[0][0], spans[-1][1]


def constrain(t: Timex, lo: dt.date, hi: dt.date) -> EventDate | None:
    """The tightest interval inside [lo, hi] of the days that fit ``t``.

    One fitting placement keeps its own shape (a day, a month); several give a range
    from the first to the last. None when nothing fits. A relative expression with no
    report date fits anywhere, so it gives the whole window.
    """
    if lo > hi:
        return None
    found = _candidates(t, lo, hi)
    where = f"{lo.isoformat()}..{hi.isoformat()}"
    if found is None:
        return EventDate.span(lo, hi, f"'{t.text}' cannot be placed without a report date; within {where}", "range")
    count, first, last = found
    if count == 0:
        return None
    if count == 1:
        return EventDate.span(first, last, f"'{t.text}': the only fit in {where}")
    return EventDate.span(first, last, f"'{t.text}': {count} fits in {where}, first to last", "range")


# --------------------------------------------------------------------------- document bounds


def latest_past_and_earliest_future(timexes_with_tense: Sequence[tuple[Timex, str]],
                                    window: tuple[dt.date, dt.date] | None) -> tuple[dt.date | None, dt.date | None]:
    """Bounds for an undated article's main event from its other dated references.

    A reference in the past tense happened before the report, so the reported event is
    taken as not before it; a future-tense one is still to come, so the event is not
    after it. Only references with a unique placement count (an 'April 5' that fits
    two years of the window proves nothing).
    """
    lower: dt.date | None = None
    upper: dt.date | None = None
    for t, tense in timexes_with_tense:
        placed = _unique_placement(t, window)
        if placed is None:
            continue
        if tense == "past":
            lower = max(lower or placed[0], placed[0])
        elif tense == "future":
            upper = min(upper or placed[1], placed[1])
    return lower, upper


def _unique_placement(t: Timex, window: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    absolute = resolve(t, None)
    if absolute is not None:
        return absolute.start_date, absolute.end_date
    if window is None:
        return None
    found = _candidates(t, *window)
    if found is None or found[0] != 1:
        return None
    return found[1], found[2]


# --------------------------------------------------------------------------- the entry point


def date_event(*, timex: Timex | None, anchor: dt.date | None, tense: str,
               reference: dt.date | None = None, window: Window | None = None,
               bounds: tuple[dt.date | None, dt.date | None, str] | None = None) -> EventDate:
    """The date of one event, from the strongest evidence available.

    In order: the timex placed against the report date (kept inside the tenure window);
    the timex fitted into the window and the document bounds; the report date alone
    (the event happened shortly before it, or is planned shortly after); the window and
    bounds alone; and, with no evidence at all, the widest honest range.
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
    region = _region(window, bounds)
    if timex is not None:
        found = _date_from_timex(timex, anchor, tense, reference, window, region)
        if found is not None:
            return _honest(found)
    if anchor is not None:
        return _honest(_around_report(anchor, tense, window))
    if region is not None:
        return _honest(EventDate.span(region[0], region[1], region[2]))
    return EventDate.undated(NO_EVIDENCE)


NO_EVIDENCE = "undated: no publication date, no date in the text, no participant with a known tenure"


def _honest(found: EventDate) -> EventDate:
    """Undated rather than a range that only the calendar bounds: a range reaching back to
    1900 says 'some day before X', which no axis, filter or export can use honestly."""
    if found.dated and found.start_date.year <= EARLIEST.year and found.days > 366:
        said = re.match(r"'([^']+)'", found.basis)
        what = f"'{said[1]}' with no publication date" if said else "no publication date"
        return EventDate.undated(f"undated: {what}, and nothing else in the text bounds the date from below")
    return found


def _region(window: Window | None, bounds: tuple[dt.date | None, dt.date | None, str] | None) -> Window | None:
    """Window ∩ bounds. Bounds are inferences, so they are dropped if they empty the window."""
    has_bounds = bounds is not None and (bounds[0] is not None or bounds[1] is not None)
    if not has_bounds:
        return window
    assert bounds is not None
    lo = max(bounds[0] or EARLIEST, window[0] if window else EARLIEST)
    hi = min(bounds[1] or dt.date.today(), window[1] if window else dt.date.today())
    if lo > hi:
        return window
    return lo, hi, _join(window[2] if window else "", bounds[2] or _bounds_text(bounds))


def _bounds_text(bounds: tuple[dt.date | None, dt.date | None, str]) -> str:
    return f"document references: not before {_iso(bounds[0])}, not after {_iso(bounds[1])}"


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _date_from_timex(t: Timex, anchor: dt.date | None, tense: str, reference: dt.date | None,
                     window: Window | None, region: Window | None) -> EventDate | None:
    resolved = resolve(t, anchor, tense, reference)
    if resolved is not None:
        return _within_window(resolved, t, window, region)
    if region is None:  # 'on Friday', 'in March' with nothing to place them in
        return EventDate.undated(f"undated: '{t.text}' with no publication date, and nothing else in the text "
                                 f"bounds the date")
    lo, hi, basis = region
    fitted = constrain(t, lo, hi)
    if fitted is None:
        note = f"'{t.text}' fits no day in {lo.isoformat()}..{hi.isoformat()}, ignored"
        return EventDate.span(lo, hi, _join(note, basis), "range")
    return EventDate(fitted.start, fitted.end, fitted.precision, _join(fitted.basis, basis))


def _within_window(resolved: EventDate, t: Timex, window: Window | None, region: Window | None) -> EventDate:
    """Keep a resolved date inside the tenure window; if it falls outside, trust the window."""
    if window is None:
        return resolved
    lo, hi = max(resolved.start_date, window[0]), min(resolved.end_date, window[1])
    if lo <= hi:
        same = (lo, hi) == (resolved.start_date, resolved.end_date)
        precision = resolved.precision if same else None
        return EventDate.span(lo, hi, _join(resolved.basis, window[2]), precision)
    wlo, whi, wbasis = region or window
    fitted = constrain(t, wlo, whi) or EventDate.span(wlo, whi, "", "range")
    note = f"{resolved.basis} ({resolved.start}..{resolved.end}) falls outside the window, kept the window"
    return EventDate(fitted.start, fitted.end, fitted.precision, _join(note, fitted.basis, wbasis))


def _around_report(anchor: dt.date, tense: str, window: Window | None) -> EventDate:
    """No date in the text: a past event shortly before the report, a planned one shortly after.

    Present tense counts as past: news reports what has just been said or done.
    """
    if tense == "future":
        lo, hi = anchor, anchor + dt.timedelta(days=NEAR_FUTURE_DAYS)
    else:
        lo, hi = anchor - dt.timedelta(days=RECENT_PAST_DAYS), anchor
    basis = f"no date in text; reported on {anchor.isoformat()}"
    if window is not None and max(lo, window[0]) <= min(hi, window[1]):
        lo, hi, basis = max(lo, window[0]), min(hi, window[1]), _join(basis, window[2])
    elif window is not None:
        lo, hi, basis = window[0], window[1], _join(f"{basis}, outside the window", window[2])
    return EventDate.span(lo, hi, basis, "range" if lo != hi else None)


__all__ = ["EARLIEST", "NO_EVIDENCE", "constrain", "date_event", "latest_past_and_earliest_future", "narrower", "window_from_tenures"]
