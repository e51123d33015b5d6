import datetime as dt

import pytest
from hypothesis import given, strategies as st

from dateline.model import EventDate, Event, Participant
from factories import event


def test_day_precision_needs_one_day():
    with pytest.raises(ValueError):
        EventDate("2021-08-10", "2021-08-11", "day")


def test_range_cannot_end_before_start():
    with pytest.raises(ValueError):
        EventDate("2021-08-11", "2021-08-10", "range")


def test_side_is_checked():
    with pytest.raises(ValueError):
        Participant("A", None, "USA", "GOV", "sideways")


@pytest.mark.parametrize("start,end,precision", [
    ("2023-07-01", "2023-07-31", "month"), ("2024-02-01", "2024-02-29", "month"),
    ("2021-01-01", "2021-12-31", "year"), ("2024-05-20", "2024-05-26", "week"),
    ("2024-03-15", "2025-01-17", "range"), ("2024-03-15", "2024-03-15", "day"),
])
def test_precision_is_derived_from_the_shape(start, end, precision):
    d = EventDate.span(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert d.precision == precision


@given(st.dates(), st.integers(0, 400), st.dates(), st.integers(0, 400))
def test_overlap_is_symmetric(a, la, b, lb):
    x = EventDate.span(a, a + dt.timedelta(days=la))
    y = EventDate.span(b, b + dt.timedelta(days=lb))
    assert x.overlaps(y) == y.overlaps(x)
    assert x.overlaps(x)


def test_event_round_trips_through_dict():
    ev = event()
    assert Event.from_dict(ev.to_dict()).to_dict() == ev.to_dict()
