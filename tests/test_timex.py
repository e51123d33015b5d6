"""Temporal expressions: what find_timexes sees, and what resolve makes of it."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.timex import FUTURE_HORIZON_DAYS, Timex, find_timexes, read_tense, resolve

D = dt.date


def only(text: str) -> Timex:
    found = find_timexes(text)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- finding

@pytest.mark.parametrize("sentence, phrase, kind", [
    ("held a telephonic conversation on Monday, focusing on", "on Monday", "weekday"),
    ("US Secretary of Defence Lloyd Austin Wednesday spoke to", "Wednesday", "weekday"),
    ("A day earlier, the Pentagon had said", "A day earlier", "relative_day"),
    ("six provincial capitals last week.", "last week", "relative_period"),
    ("The talks collapsed last month.", "last month", "relative_period"),
    ("his second term began in March, has vowed", "in March", "month"),
    ("set to be enforced on April 9, is expected", "on April 9", "month_day"),
    ("the baseline that came into effect April 5.", "April 5", "month_day"),
    ("the August 2021 takeover", "August 2021", "month_year"),
    ("during their takeover in August 2021. While", "in August 2021", "month_year"),
    ("Islamabad, 25 July, 2023 (GNP): In a", "25 July, 2023", "date"),
    ("Published in Dawn, August 11th, 2021", "August 11th, 2021", "date"),
    ("the 2013 elections", "2013", "year"),
    ("curbing terrorism between 2013 and 2018—a period", "between 2013 and 2018", "span"),
    ("whose first term ended last year and", "last year", "relative_period"),
    ("growth this year is slow", "this year", "relative_period"),
    ("They will meet next month in Doha.", "next month", "relative_period"),
    ("spoke with Dar on Friday and reaffirmed", "on Friday", "weekday"),
    ("The minister said yesterday that", "yesterday", "relative_day"),
    ("The cabinet meets today.", "today", "relative_day"),
    ("Dar took office on 2024-03-11.", "2024-03-11", "date"),
    ("Wednesday Aug 11, 2021 By Web Desk", "Wednesday Aug 11, 2021", "date"),
    ("who ruled from 2018-22 and", "2018-22", "span"),
    ("gains made in the last week.", "in the last week", "trailing"),
    ("Two days ago the envoy left.", "Two days ago", "relative_day"),
    ("The summit is due in mid-May.", "in mid-May", "month"),
    ("They met on Monday, April 7 in Riyadh.", "on Monday, April 7", "month_day"),
])
def test_finds_the_phrase_with_its_kind(sentence: str, phrase: str, kind: str) -> None:
    t = only(sentence)
    assert (t.text, t.kind) == (phrase, kind)
    assert sentence[t.start:t.end] == phrase


@pytest.mark.parametrize("sentence, phrase, kind", [
    ("have died since March 15, activists say", "March 15", "month_day"),
    ("schools stay shut until May 6.", "May 6", "month_day"),
    ("the uprising that began in February 17, 2011 in Benghazi", "February 17, 2011", "date"),
    ("He arrived after January 20th.", "January 20th", "month_day"),
    ("Talks resume in March.", "in March", "month"),
    ("Talks resumed in March 2011.", "in March 2011", "month_year"),
])
def test_a_month_word_after_a_trigger_keeps_the_day_that_follows_it(sentence: str, phrase: str, kind: str) -> None:
    t = only(sentence)
    assert (t.text, t.kind) == (phrase, kind)


@pytest.mark.parametrize("sentence", [
    "Talks may be held soon, officials said.",
    "Protesters will march on the capital.",
    "He told The Sunday Times he would resign.",
    "The Good Friday Agreement still holds.",
    "equipment estimated at $7 billion",
    "a significant 29% tariff on imports",
    "covers news on 24/7 basis",
    "a sharp increase from the 10% baseline",
    "the COVID-19 jab",
    "The report was carried by USA Today.",
    "It was written by May and her aides.",
    "the last days of the campaign",
    "Over 4,800 people test positive",
])
def test_ignores_words_and_numbers_that_are_not_dates(sentence: str) -> None:
    assert find_timexes(sentence) == []


def test_finds_all_expressions_of_a_paragraph_in_order() -> None:
    text = ("However, the call occurred just days after a 29% tariff, up from the 10% "
            "baseline that came into effect on April 5. The new tariff, set to be enforced "
            "on April 9, follows the takeover in August 2021.")
    assert [t.text for t in find_timexes(text)] == ["on April 5", "on April 9", "in August 2021"]


def test_fields_of_absolute_and_relative_forms() -> None:
    day = only("August 11th, 2021")
    assert (day.year, day.month, day.day) == (2021, 8, 11)
    ago = only("three weeks ago")
    assert (ago.kind, ago.offset, ago.unit, ago.relative_to) == ("relative_period", -3, "week", "anchor")
    earlier = only("a day earlier")
    assert (earlier.offset, earlier.relative_to) == (-1, "reference")
    span = only("between 2013 and 2018")
    assert (span.year, span.end_year) == (2013, 2018)


def test_impossible_calendar_days_are_not_dates() -> None:
    assert [t.kind for t in find_timexes("on February 30, 2021")] != ["date"]
    assert find_timexes("on 2021-02-30") == []


# --------------------------------------------------------------------------- two-digit years

@pytest.mark.parametrize("sentence, phrase, day, month, short_year", [
    ("05 February 12 01:10 GMT Fresh protests have taken place", "05 February 12", 5, 2, 12),
    ("Syria profile (28 Aug 11 | Middle East)", "28 Aug 11", 28, 8, 11),
    ("It was signed on 3 March 09.", "on 3 March 09", 3, 3, 9),
    ("Posted on Feb 5, '12 by a reader", "on Feb 5, '12", 5, 2, 12),
    ("the attack of 08.08.08 on Tskhinvali", "08.08.08", 8, 8, 8),
    ("filed 25/12/11 in London", "25/12/11", 25, 12, 11),
])
def test_a_two_digit_year_after_a_day_and_month_is_read(sentence, phrase, day, month, short_year) -> None:
    t = only(sentence)
    assert (t.text, t.kind, t.day, t.month, t.year, t.short_year) == (phrase, "date", day, month, None, short_year)


@pytest.mark.parametrize("sentence, phrase", [
    ("On 5 February 12 people were killed in Homs.", "On 5 February"),      # a count
    ("on 5 February 12 noon is the deadline", "on 5 February"),             # a time
    ("Talks begin on 5 February 12:30 GMT.", "on 5 February"),              # a time
    ("the rig that exploded on 20 April 20, killing 11 people", "on 20 April"),  # no comma before a year
    ("a range from 5 February 12-14", "5 February"),
])
def test_a_number_after_a_day_and_month_that_is_no_year_is_left_out(sentence: str, phrase: str) -> None:
    t = find_timexes(sentence)[0]
    assert (t.text, t.kind, t.short_year) == (phrase, "month_day", None)


@pytest.mark.parametrize("sentence", ["on 05/02/12", "a 1.5.10 release", "version 2.6.32", "call 10.10.10.10"])
def test_numeric_dates_that_could_be_read_two_ways_are_not_dates(sentence: str) -> None:
    assert find_timexes(sentence) == []


def test_four_digit_numeric_dates_are_dates() -> None:
    t = only("born 14.04.1889 in Berriew")
    assert (t.kind, t.year, t.month, t.day) == ("date", 1889, 4, 14)


@pytest.mark.parametrize("phrase, anchor, expected", [
    ("05 February 12", D(2012, 2, 4), D(2012, 2, 5)),       # the day after the folder's date: still 2012
    ("28 Aug 11", D(2011, 8, 30), D(2011, 8, 28)),
    ("3 January 00", D(1999, 12, 31), D(2000, 1, 3)),       # the century nearest the report
    ("3 January 99", D(2000, 1, 2), D(1999, 1, 3)),
    ("08.08.08", D(2011, 3, 1), D(2008, 8, 8)),
])
def test_a_two_digit_year_takes_the_century_nearest_the_report(phrase, anchor, expected) -> None:
    got = resolve(only(phrase), anchor)
    assert got is not None and (got.start_date, got.end_date, got.precision) == (expected, expected, "day")
    assert f"{expected.year}" in got.basis


def test_a_two_digit_year_needs_a_report_date() -> None:
    assert resolve(only("05 February 12"), None) is None


# --------------------------------------------------------------------------- resolving

@pytest.mark.parametrize("phrase, anchor, tense, reference, start, end, precision", [
    ("on Monday", D(2023, 7, 25), "past", None, D(2023, 7, 24), D(2023, 7, 24), "day"),      # (a)
    ("Wednesday", D(2021, 8, 11), "past", None, D(2021, 8, 11), D(2021, 8, 11), "day"),      # (d)
    ("on Tuesday", D(2021, 8, 11), "past", None, D(2021, 8, 10), D(2021, 8, 10), "day"),     # (e)
    ("a day earlier", D(2021, 8, 11), "past", D(2021, 8, 11), D(2021, 8, 10), D(2021, 8, 10), "day"),  # (f)
    ("in August 2021", None, "past", None, D(2021, 8, 1), D(2021, 8, 31), "month"),         # (g)
    ("last month", D(2024, 1, 15), "past", None, D(2023, 12, 1), D(2023, 12, 31), "month"),  # (h)
    ("next week", D(2024, 5, 15), "future", None, D(2024, 5, 20), D(2024, 5, 26), "week"),  # (i)
    ("on Monday", D(2024, 5, 15), "future", None, D(2024, 5, 20), D(2024, 5, 20), "day"),
    ("last Wednesday", D(2024, 5, 15), "past", None, D(2024, 5, 8), D(2024, 5, 8), "day"),
    ("in March", D(2024, 2, 10), "past", None, D(2023, 3, 1), D(2023, 3, 31), "month"),
    ("in March", D(2024, 2, 10), "future", None, D(2024, 3, 1), D(2024, 3, 31), "month"),
    ("on April 9", D(2025, 1, 5), "past", None, D(2024, 4, 9), D(2024, 4, 9), "day"),
    ("on April 9", D(2025, 4, 7), "future", None, D(2025, 4, 9), D(2025, 4, 9), "day"),
    ("on December 30", D(2025, 1, 2), "present", None, D(2024, 12, 30), D(2024, 12, 30), "day"),
    ("on July 24", D(2011, 1, 31), "future", None, D(2011, 7, 24), D(2011, 7, 24), "day"),
    ("on April 9", D(2025, 4, 10), "future", None, D(2025, 4, 9), D(2025, 4, 9), "day"),      # not a year ahead
    ("on October 1", D(2011, 1, 31), "future", None, D(2010, 10, 1), D(2010, 10, 1), "day"),  # beyond the horizon
    ("last year", D(2024, 1, 15), "past", None, D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("earlier this week", D(2024, 5, 15), "present", None, D(2024, 5, 13), D(2024, 5, 15), "range"),
    ("the past three days", D(2024, 5, 15), "past", None, D(2024, 5, 12), D(2024, 5, 15), "range"),
    ("between 2013 and 2018", None, "past", None, D(2013, 1, 1), D(2018, 12, 31), "range"),
    ("2013", None, "past", None, D(2013, 1, 1), D(2013, 12, 31), "year"),
    ("yesterday", D(2024, 3, 1), "past", None, D(2024, 2, 29), D(2024, 2, 29), "day"),
    # a day or month with its year counted from the report: the year the words give, whatever the tense
    ("on 1 May last year", D(2024, 3, 10), "past", None, D(2023, 5, 1), D(2023, 5, 1), "day"),
    ("in March last year", D(2024, 3, 10), "past", None, D(2023, 3, 1), D(2023, 3, 31), "month"),
    ("on June 3 next year", D(2024, 3, 10), "present", None, D(2025, 6, 3), D(2025, 6, 3), "day"),
    ("in December this year", D(2024, 3, 10), "past", None, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("on Sunday, March 3, of the following year", D(2024, 3, 10), "past", D(2019, 5, 5), D(2020, 3, 3),
     D(2020, 3, 3), "day"),
])
def test_resolves_against_the_report_date(phrase, anchor, tense, reference, start, end, precision) -> None:
    got = resolve(only(phrase), anchor, tense, reference)
    assert got is not None
    assert (got.start_date, got.end_date, got.precision) == (start, end, precision)


REFERENDUM = ("The opposition has called for a boycott of the 26 February referendum, saying it can not be "
              "held as violence continues.")


@pytest.mark.parametrize("sentence, tense", [
    (REFERENDUM, "future"),                                                      # 'be held': an occasion to come
    ("Voters were told about the upcoming 26 February referendum.", "future"),
    ("The election is set for February 22.", "future"),
    ("Parliamentary elections will be held July 24.", "future"),
    ("Officials met ahead of the August 15 deadline.", "future"),
    ("The 26 February referendum approved the new constitution.", "past"),      # no cue: the default
    ("More than 7,000 people have died since March 15 and more will die.", "past"),  # 'since' wins
    ("The well blew out on April 20, and the spill is due to reach Florida.", "future"),  # a whole-sentence cue
    ("Schools stay closed until 6 May.", "future"),
    ("The tape emerged on October 29 last year, ahead of the vote.", "past"),   # an earlier year named
])
def test_a_day_of_the_month_reads_its_tense_from_its_sentence(sentence: str, tense: str) -> None:
    (t,) = [t for t in find_timexes(sentence) if t.kind == "month_day"]
    assert read_tense(sentence, t) == tense


@pytest.mark.parametrize("sentence, tense", [
    ("Activists said on Friday that the vote can not be held.", "past"),       # occasion cues leave weekdays alone
    ("The ministers will meet on Friday.", "future"),
    ("Talks are due to resume on Friday.", "future"),
    ("Protesters gathered on Friday.", "past"),
    ("The company had been scheduled to start shutting the valves on Tuesday.", "past"),  # a plan of the past
    ("Tankers were loading on Wednesday as scheduled.", "past"),
])
def test_other_dates_read_the_future_only_from_the_clause_markers(sentence: str, tense: str) -> None:
    assert read_tense(sentence, only(sentence)) == tense


def test_the_scheduled_referendum_is_the_coming_one_before_it_and_the_past_one_after() -> None:
    t = [t for t in find_timexes(REFERENDUM) if t.kind == "month_day"][0]
    before = resolve(t, D(2012, 2, 18), read_tense(REFERENDUM, t))
    after = resolve(t, D(2012, 3, 1), read_tense(REFERENDUM, t))
    assert before is not None and before.start_date == D(2012, 2, 26)
    assert after is not None and after.start_date == D(2012, 2, 26)
    undated = "The 26 February referendum approved the new constitution."
    default = resolve(only(undated), D(2012, 2, 18), read_tense(undated, only(undated)))
    assert default is not None and default.start_date == D(2011, 2, 26)


def test_basis_names_the_words_and_the_report_date() -> None:
    got = resolve(only("on Monday"), D(2023, 7, 25))
    assert got is not None and got.basis == "'on Monday' before published 2023-07-25"


def test_a_day_in_a_year_without_it_is_no_date() -> None:
    assert resolve(only("on February 29 last year"), D(2024, 3, 10), "past") is None


@pytest.mark.parametrize("phrase", ["on Monday", "yesterday", "last week", "in March", "on April 9"])
def test_relative_forms_need_an_anchor(phrase: str) -> None:
    assert resolve(only(phrase), None) is None


def test_reference_forms_resolve_from_the_reference_alone() -> None:
    got = resolve(only("the day before"), None, reference=D(2021, 8, 11))
    assert got is not None and got.start == got.end == "2021-08-10"


def test_unknown_tense_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError):
        resolve(only("on Monday"), D(2024, 1, 1), tense="perfect")


# --------------------------------------------------------------------------- properties

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PHRASES = ["on Monday", "Friday", "yesterday", "a day earlier", "last week", "next month",
           "this year", "in March", "on April 9", "29 February", "August 2021", "2013",
           "between 2013 and 2018", "two weeks ago", "the past few days", "earlier this month",
           "last Sunday", "next Tuesday", "later this year", "the previous week", "tomorrow",
           "05 February 12", "Feb 29, '96", "25/12/11", "in March '03", "on 1 May last year",
           "in June, next year", "March 3 of the following year", "February 29 this year"]
dates = st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31))
tenses = st.sampled_from(["past", "present", "future"])
words = st.lists(st.sampled_from(PHRASES + ["may be", "March on", "$7 billion", "29%", "24/7",
                                            "COVID-19", "2024-03-11", "the", "said", ",", "\n"]))


@settings(max_examples=200, deadline=None)
@given(st.text() | words.map(" ".join))
def test_find_never_raises_and_spans_are_ordered_and_exact(text: str) -> None:
    found = find_timexes(text)
    for t in found:
        assert text[t.start:t.end] == t.text and t.start < t.end
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PHRASES), st.none() | dates, tenses, st.none() | dates)
def test_resolve_is_ordered_and_never_more_precise_than_the_words(phrase, anchor, tense, reference) -> None:
    t = only(phrase)
    got = resolve(t, anchor, tense, reference)
    if got is None:  # only a written-out year needs nothing else
        assert t.kind not in ("date", "month_year", "year", "span") or (t.short_year is not None and anchor is None)
        return
    assert got.start_date <= got.end_date
    if got.precision == "day":
        assert t.kind in ("date", "weekday", "month_day", "relative_day")
        assert (t.kind == "date" and t.year) or anchor is not None or (t.relative_to == "reference" and reference)
    expected = {"month": "month", "month_year": "month", "year": "year"}.get(t.kind)
    assert expected is None or got.precision == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 99), st.integers(1, 12), st.integers(1, 28), dates)
def test_a_two_digit_year_ends_in_its_digits_within_fifty_years_of_the_report(yy, month, day, anchor) -> None:
    got = resolve(only(f"{day} {MONTHS[month - 1]} {yy:02d}"), anchor)
    assert got is not None and got.precision == "day"
    assert (got.start_date.month, got.start_date.day, got.start_date.year % 100) == (month, day, yy)
    assert abs(got.start_date.year - anchor.year) <= 50


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 12), st.integers(1, 28), dates, tenses)
def test_a_day_of_the_month_is_never_beyond_the_horizon_nor_after_the_report_in_the_past(month, day, anchor, tense) -> None:
    got = resolve(only(f"{day} {MONTHS[month - 1]}"), anchor, tense)
    assert got is not None and got.precision == "day"
    assert (got.start_date.month, got.start_date.day) == (month, day)
    assert (got.start_date - anchor).days <= FUTURE_HORIZON_DAYS
    assert tense != "past" or got.start_date <= anchor
    assert (anchor - got.start_date).days <= 366


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(PHRASES), st.sampled_from(["upcoming", "ahead of", "be held", "set for", "take place"]),
       st.booleans())
def test_occasion_cues_only_ever_move_a_day_of_the_month(phrase: str, cue: str, before: bool) -> None:
    plain = f"Officials met {phrase} to talk."
    cued = f"Officials {cue} met {phrase} to talk." if before else f"Officials met {phrase} to talk {cue}."
    t, u = only(plain), only(cued)
    assert read_tense(plain, t) == "past"
    if t.unit == "year":  # 'on 1 May last year': the words give the year, no tense moves it
        assert resolve(u, D(2024, 3, 10), read_tense(cued, u)) == resolve(t, D(2024, 3, 10), "past")
        return
    assert read_tense(cued, u) == ("future" if t.kind == "month_day" else "past")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(WEEKDAYS), dates)
def test_past_weekday_is_within_the_week_up_to_the_anchor(name: str, anchor: dt.date) -> None:
    got = resolve(only(f"on {name}"), anchor, "past")
    assert got is not None and got.precision == "day"
    assert 0 <= (anchor - got.start_date).days < 7
    assert got.start_date.weekday() == WEEKDAYS.index(name)


def test_malformed_word_lists_are_a_knowledge_error(tmp_path) -> None:
    from dateline.errors import KnowledgeError
    from dateline.timex import load_lexicon

    bad = tmp_path / "timex.yaml"
    bad.write_text("months: {January: one}\nweekdays: {}\n")
    with pytest.raises(KnowledgeError):
        load_lexicon(bad)
    bad.write_text("months: {January: [1, []]}\nweekdays: {Monday: [0, []]}\n")
    with pytest.raises(KnowledgeError, match="missing word lists"):
        load_lexicon(bad)


def test_durations_are_lengths_not_dates():
    from dateline.timex import find_durations

    found = {d.text: d.value for d in find_durations(
        "Talks lasted five years, then a decade, an 18-month truce and several days of calm; "
        "three hours in, a 5-year-old boy spoke. Two days ago it rained.")}
    assert found == {"five years": "P5Y", "a decade": "P10Y", "18-month": "P18M", "several days": "PXD",
                     "three hours": "PT3H"}
