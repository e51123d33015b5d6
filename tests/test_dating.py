"""Event dating: tenures, windows, document bounds and the single entry point."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.dating import (
    constrain,
    date_event,
    latest_past_and_earliest_future,
    window_from_tenures,
)
from dateline.timex import Timex, find_timexes

D = dt.date


def tx(text: str) -> Timex:
    found = find_timexes(text)
    assert len(found) == 1, found
    return found[0]


DAR_BLINKEN = [("Dar Foreign Minister", D(2024, 3, 11), None),
               ("Blinken Secretary of State", None, D(2025, 1, 20))]
RUBIO_FIRST = [("Rubio Secretary of State", D(2025, 1, 21), None),
               ("first meeting within a year of taking office", D(2025, 1, 21), D(2026, 1, 21))]


# --------------------------------------------------------------------------- tenures

def test_window_is_the_intersection_of_tenures_with_a_readable_basis() -> None:
    window = window_from_tenures(DAR_BLINKEN)
    assert window is not None
    assert window[:2] == (D(2024, 3, 11), D(2025, 1, 20))
    assert window[2] == ("role tenures: Dar Foreign Minister since 2024-03-11; "
                         "Blinken Secretary of State until 2025-01-20")


def test_open_tenures_are_bounded_by_1900_and_today() -> None:
    window = window_from_tenures([("Someone Minister", None, None)])
    assert window is not None and window[:2] == (D(1900, 1, 1), dt.date.today())


def test_no_tenure_or_disjoint_tenures_give_no_window() -> None:
    assert window_from_tenures([]) is None
    assert window_from_tenures([("A", D(2020, 1, 1), D(2020, 12, 31)),
                                ("B", D(2021, 1, 1), None)]) is None


# --------------------------------------------------------------------------- constrain

def test_weekday_in_a_window_is_first_to_last_such_weekday() -> None:
    got = constrain(tx("on Friday"), D(2024, 3, 11), D(2025, 1, 20))
    assert got is not None
    assert (got.start, got.end, got.precision) == ("2024-03-15", "2025-01-17", "range")


def test_weekday_that_fits_once_is_a_day_and_none_when_nothing_fits() -> None:
    got = constrain(tx("on Monday"), D(2025, 4, 5), D(2025, 4, 9))
    assert got is not None and (got.start, got.precision) == ("2025-04-07", "day")
    assert constrain(tx("on Monday"), D(2025, 4, 8), D(2025, 4, 12)) is None


def test_month_day_fitting_several_years_is_a_range() -> None:
    got = constrain(tx("April 9"), D(2023, 1, 1), D(2025, 12, 31))
    assert got is not None
    assert (got.start, got.end, got.precision) == ("2023-04-09", "2025-04-09", "range")
    once = constrain(tx("April 9"), D(2025, 1, 21), D(2026, 1, 21))
    assert once is not None and (once.start, once.precision) == ("2025-04-09", "day")


def test_month_day_with_weekday_narrows_the_years() -> None:
    got = constrain(tx("on Monday, April 7"), D(2020, 1, 1), D(2026, 1, 1))
    assert got is not None and (got.start, got.precision) == ("2025-04-07", "day")


def test_bare_month_is_clipped_to_the_window() -> None:
    got = constrain(tx("in March"), D(2024, 3, 11), D(2025, 1, 20))
    assert got is not None and (got.start, got.end) == ("2024-03-11", "2024-03-31")
    assert constrain(tx("in February"), D(2024, 3, 11), D(2025, 1, 20)) is None


def test_relative_day_without_report_date_fits_the_whole_window() -> None:
    got = constrain(tx("yesterday"), D(2024, 3, 11), D(2024, 4, 11))
    assert got is not None and (got.start, got.end, got.precision) == ("2024-03-11", "2024-04-11", "range")


def test_two_digit_year_without_report_date_takes_the_years_of_the_window_ending_so() -> None:
    got = constrain(tx("05 February 12"), D(1990, 1, 1), D(2030, 12, 31))
    assert got is not None and (got.start, got.precision) == ("2012-02-05", "day")
    wide = constrain(tx("05 February 12"), D(1900, 1, 1), D(2030, 12, 31))
    assert wide is not None and (wide.start, wide.end, wide.precision) == ("1912-02-05", "2012-02-05", "range")
    assert constrain(tx("29 February 01"), D(1990, 1, 1), D(2030, 12, 31)) is None


def test_two_digit_year_with_report_date_is_the_day() -> None:
    got = date_event(timex=tx("05 February 12"), anchor=D(2012, 2, 4), tense="past")
    assert (got.start, got.precision) == ("2012-02-05", "day")


# --------------------------------------------------------------------------- document bounds

def test_bounds_from_past_and_future_references() -> None:  # seed 002
    refs = [(tx("came into effect on April 5"), "past"), (tx("set to be enforced on April 9"), "future")]
    assert latest_past_and_earliest_future(refs, (D(2025, 1, 21), D(2026, 1, 21))) == (D(2025, 4, 5), D(2025, 4, 9))


def test_bounds_skip_references_that_fit_several_years() -> None:
    refs = [(tx("on April 5"), "past"), (tx("the 2021 withdrawal"), "past")]
    lo, hi = latest_past_and_earliest_future(refs, (D(2023, 1, 1), D(2025, 12, 31)))
    assert (lo, hi) == (D(2021, 1, 1), None)


def test_bounds_without_window_use_absolute_references_only() -> None:
    refs = [(tx("on April 5"), "past"), (tx("in August 2021"), "past"), (tx("in 2030"), "future")]
    assert latest_past_and_earliest_future(refs, None) == (D(2021, 8, 1), D(2030, 12, 31))


# --------------------------------------------------------------------------- date_event

def test_anchor_and_weekday_give_the_day() -> None:  # (a)
    got = date_event(timex=tx("on Monday"), anchor=D(2023, 7, 25), tense="past")
    assert (got.start, got.precision) == ("2023-07-24", "day")
    assert "published 2023-07-25" in got.basis


def test_undated_weekday_in_tenure_window_is_a_range_naming_both_tenures() -> None:  # (b)
    got = date_event(timex=tx("on Friday"), anchor=None, tense="past", window=window_from_tenures(DAR_BLINKEN))
    assert (got.start, got.end, got.precision) == ("2024-03-15", "2025-01-17", "range")
    assert "Dar Foreign Minister since 2024-03-11" in got.basis and "Blinken" in got.basis


def test_undated_weekday_with_window_and_bounds_pins_one_day() -> None:  # (c)
    window = window_from_tenures(RUBIO_FIRST)
    refs = [(tx("on April 5"), "past"), (tx("on April 9"), "future")]
    lo, hi = latest_past_and_earliest_future(refs, window[:2] if window else None)
    got = date_event(timex=tx("on Monday"), anchor=None, tense="past", window=window,
                     bounds=(lo, hi, "after 'April 5', before 'April 9'"))
    assert (got.start, got.precision) == ("2025-04-07", "day")
    assert "Rubio" in got.basis and "April 9" in got.basis


def test_reference_relative_timex_uses_the_reference() -> None:  # (f)
    got = date_event(timex=tx("A day earlier"), anchor=D(2021, 8, 11), tense="past", reference=D(2021, 8, 11))
    assert (got.start, got.precision) == ("2021-08-10", "day")


def test_resolved_date_outside_the_window_yields_to_the_window() -> None:
    window = window_from_tenures(DAR_BLINKEN)
    got = date_event(timex=tx("on Friday"), anchor=D(2019, 5, 1), tense="past", window=window)
    assert (got.start, got.end, got.precision) == ("2024-03-15", "2025-01-17", "range")
    assert "outside the window" in got.basis


def test_resolved_period_is_clipped_by_the_window() -> None:
    window = (D(2023, 12, 20), D(2030, 1, 1), "role tenures: X since 2023-12-20")
    got = date_event(timex=tx("last month"), anchor=D(2024, 1, 15), tense="past", window=window)
    assert (got.start, got.end, got.precision) == ("2023-12-20", "2023-12-31", "range")


@pytest.mark.parametrize("tense, start, end", [
    ("past", "2024-05-08", "2024-05-15"),
    ("future", "2024-05-15", "2024-06-14"),
])
def test_no_timex_means_shortly_around_the_report(tense: str, start: str, end: str) -> None:
    got = date_event(timex=None, anchor=D(2024, 5, 15), tense=tense)
    assert (got.start, got.end, got.precision) == (start, end, "range")
    assert got.basis == "no date in text; reported on 2024-05-15"


def test_no_timex_no_anchor_gives_window_then_undated() -> None:
    window = window_from_tenures(DAR_BLINKEN)
    got = date_event(timex=None, anchor=None, tense="past", window=window)
    assert (got.start, got.end) == ("2024-03-11", "2025-01-20") and got.basis.startswith("role tenures")
    none = date_event(timex=None, anchor=None, tense="past")
    assert (none.start, none.end, none.precision) == (None, None, "undated")
    assert none.basis.startswith("undated: no publication date")


def test_a_weekday_with_nothing_to_bound_it_is_undated_not_1900_to_today() -> None:
    got = date_event(timex=tx("on Monday"), anchor=None, tense="past")
    assert got.precision == "undated" and got.start is None and "'on Monday'" in got.basis


def test_an_open_ended_tenure_alone_is_undated() -> None:
    got = date_event(timex=None, anchor=None, tense="past", window=window_from_tenures([("X Minister", None, D(2020, 5, 1))]))
    assert got.precision == "undated" and "nothing else in the text bounds the date" in got.basis


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.dates(D(1990, 1, 1), D(2030, 12, 31))),
       st.sampled_from(["on Monday", "on Friday", "on Wednesday morning", "last week", "in March", "on March 3",
                        "in 2019", "yesterday", None]),
       st.sampled_from(["past", "future"]))
def test_no_date_is_ever_1900_or_wider_than_its_evidence(anchor, text, tense) -> None:
    """Whatever the evidence, a date is undated or starts after 1900 (never 1900..today)."""
    got = date_event(timex=tx(text) if text else None, anchor=anchor, tense=tense)
    assert got.precision == "undated" or got.start_date.year > 1900
    if anchor is not None:
        assert got.dated


def test_bounds_that_contradict_the_window_are_dropped() -> None:
    window = window_from_tenures(DAR_BLINKEN)
    got = date_event(timex=None, anchor=None, tense="past", window=window,
                     bounds=(D(2026, 1, 1), None, "after 2026"))
    assert (got.start, got.end) == ("2024-03-11", "2025-01-20")


def test_timex_that_fits_nothing_falls_back_to_the_window() -> None:
    window = (D(2025, 4, 10), D(2025, 4, 20), "role tenures: X")
    got = date_event(timex=tx("on April 9"), anchor=None, tense="past", window=window)
    assert (got.start, got.end, got.precision) == ("2025-04-10", "2025-04-20", "range")
    assert "fits no day" in got.basis


# --------------------------------------------------------------------------- properties

PHRASES = ["on Monday", "Friday", "yesterday", "last week", "in March", "on April 9",
           "August 2021", "2013", "between 2013 and 2018", "the past few days", "next month",
           "05 February 12", "29 February 96"]
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PHRASES), dates, st.integers(min_value=0, max_value=3000))
def test_constrain_stays_inside_the_window(phrase: str, lo: dt.date, length: int) -> None:
    hi = lo + dt.timedelta(days=length)
    got = constrain(tx(phrase), lo, hi)
    if got is not None:
        assert lo <= got.start_date <= got.end_date <= hi


@settings(max_examples=300, deadline=None)
@given(st.none() | st.sampled_from(PHRASES), st.none() | dates, st.sampled_from(["past", "present", "future"]),
       st.none() | st.tuples(dates, st.integers(0, 2000)))
def test_date_event_is_always_an_ordered_interval(phrase, anchor, tense, win) -> None:
    window = (win[0], win[0] + dt.timedelta(days=win[1]), "w") if win else None
    got = date_event(timex=tx(phrase) if phrase else None, anchor=anchor, tense=tense, window=window)
    if anchor is None and window is None and got.precision == "undated":
        return  # nothing bounds it: undated is the honest answer
    assert got.start_date <= got.end_date
    if got.precision == "day" and phrase is None and anchor is not None:
        assert window is not None  # only a one-day overlap with the window can pin the day


def test_unknown_tense_is_rejected() -> None:
    with pytest.raises(ValueError):
        date_event(timex=None, anchor=D(2024, 1, 1), tense="pluperfect")
