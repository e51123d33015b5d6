"""Geometry for the server-side SVG pictures: the time axis and the monthly charts.

Only numbers and plain strings are computed here; the templates draw them, so every
label from an article is escaped by Jinja like any other text.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Event

LEFT, RIGHT, TOP, LANE = 10, 10, 8, 16
PALETTE = 10  # CSS classes c0..c9 colour the chart series


@dataclass(frozen=True)
class Mark:
    """One event on the axis: a dot for a day, a bar for a longer interval."""

    kind: str  # "dot" | "bar"
    x: float
    x2: float
    y: float
    label: str
    href: str


@dataclass(frozen=True)
class Axis:
    width: int
    height: int
    baseline: float
    marks: tuple[Mark, ...]
    ticks: tuple[tuple[float, str], ...]


def time_axis(events: Sequence[Event], width: int = 900) -> Axis | None:
    """Events laid out on a shared time scale, packed into as few lanes as fit. Undated
    events have no place on it (the pages list them apart)."""
    events = [e for e in events if e.date.dated]
    if not events:
        return None
    lo = min(e.date.start_date for e in events)
    hi = max(e.date.end_date for e in events) + dt.timedelta(days=1)
    if (hi - lo).days < 30:
        lo, hi = lo - dt.timedelta(days=15), hi + dt.timedelta(days=15)
    scale = (width - LEFT - RIGHT) / (hi - lo).days

    def x(d: dt.date) -> float:
        return round(LEFT + (d - lo).days * scale, 1)

    marks, lanes = _pack(events, x)
    baseline = TOP + LANE * lanes + 4
    ticks = tuple((x(d), label) for d, label in _ticks(lo, hi))
    return Axis(width, int(baseline + 20), baseline, marks, ticks)


def _pack(events: Sequence[Event], x: Callable[[dt.date], float]) -> tuple[tuple[Mark, ...], int]:
    """Greedy lanes: an event goes into the first lane that is free where it starts."""
    ends: list[float] = []
    marks = []
    for ev in sorted(events, key=lambda e: e.date.sort_key):
        x1 = x(ev.date.start_date)
        x2 = max(x(ev.date.end_date + dt.timedelta(days=1)), x1 + 3)
        lane = next((i for i, end in enumerate(ends) if end + 6 < x1), len(ends))
        ends[lane:lane + 1] = [x2]
        kind = "dot" if ev.date.days == 1 else "bar"
        label = f"{ev.date.start}" + ("" if kind == "dot" else f" … {ev.date.end}") + f": {ev.summary}"
        marks.append(Mark(kind, x1, x2, TOP + LANE * lane + LANE / 2, label, f"/events/{ev.event_id}"))
    return tuple(marks), len(ends)


def _ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str]]:
    """Year ticks for long spans, month ticks for short ones, about a dozen at most."""
    months = _months(lo.isoformat()[:7], hi.isoformat()[:7])
    if len(months) > 24:
        years = sorted({m[:4] for m in months})
        step = max(1, len(years) // 12)
        return [(dt.date(int(y), 1, 1), y) for y in years[::step] if dt.date(int(y), 1, 1) >= lo]
    step = max(1, len(months) // 12)
    return [(dt.date.fromisoformat(m + "-01"), m) for m in months[::step] if dt.date.fromisoformat(m + "-01") >= lo]


def _months(first: str, last: str) -> list[str]:
    """Every YYYY-MM from ``first`` to ``last`` inclusive."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    css: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    legend: tuple[tuple[str, str, int], ...]  # key, css class, total
    peak: int


def monthly_chart(counts: Sequence[tuple[str, str, int]], width: int = 900, height: int = 180) -> Chart | None:
    """A stacked bar per month (every month of the span, empty ones included)."""
    if not counts:
        return None
    keys = sorted({k for _, k, _ in counts})
    css = {k: f"c{i % PALETTE}" for i, k in enumerate(keys)}
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for month, key, n in counts:
        by_month[month][key] = n
    months = _months(min(by_month), max(by_month))
    peak = max(sum(v.values()) for v in by_month.values())
    slot, unit = (width - LEFT - RIGHT) / len(months), (height - TOP - 24) / peak
    bars = [bar for i, m in enumerate(months)
            for bar in _stack(m, by_month.get(m, {}), LEFT + i * slot, slot, unit, height - 24, css)]
    step = max(1, len(months) // 12)
    ticks = tuple((LEFT + i * slot, m) for i, m in enumerate(months) if i % step == 0)
    totals = {k: sum(n for _, kk, n in counts if kk == k) for k in keys}
    return Chart(width, height, height - 24, tuple(bars), ticks, tuple((k, css[k], totals[k]) for k in keys), peak)


def _stack(month: str, values: dict[str, int], x: float, slot: float, unit: float, base: float,
           css: dict[str, str]) -> list[Bar]:
    bars, y = [], base
    for key in sorted(values):
        h = values[key] * unit
        y -= h
        bars.append(Bar(round(x + 1, 1), round(y, 1), round(max(slot - 2, 1), 1), round(h, 1), css[key],
                        f"{month} {key}: {values[key]}"))
    return bars
