"""Event identity (identity.py): which reports from several outlets are one event.

Each test is a small set of reports written the way outlets write them; the assertion
is the number of events and who ended up together.
"""
from __future__ import annotations

import datetime as dt
from itertools import count

from dateline.identity import block_key, cast_of, casts_agree, merge_events
from dateline.model import Event, EventDate, Mention, Participant

_n = count()
KHAN = Participant("Imran Khan", "Prime Minister", "PAK", "GOV", "both")
TRUMP = Participant("Donald Trump", "President", "USA", "GOV", "both")
POMPEO = Participant("Mike Pompeo", "Secretary of State", "USA", "GOV", "both")
PAKISTAN = Participant("Pakistan", None, "PAK", "GOV", "both")
USA = Participant("United States", None, "USA", "GOV", "both")
ARAGHCHI_LONG = Participant("Seyed Abbas Araghchi", "Foreign Minister", "IRN", "GOV", "both")
ARAGHCHI = Participant("Abbas Araghchi", "Foreign Minister", "IRN", "GOV", "both")
WITKOFF = Participant("Steve Witkoff", "Special Envoy", "USA", "GOV", "both")

WHITE_HOUSE = ("Prime Minister Imran Khan met President Donald Trump at the White House on Monday, "
               "where Trump offered to mediate on Kashmir")


def report(parts, date: EventDate, *, mode="meeting", sentence=WHITE_HOUSE, outlet=None, type="CONSULT") -> Event:
    n = next(_n)
    return Event(f"r{n}", type, mode, tuple(parts), date, mentions=(Mention(f"a{n}", sentence, outlet),),
                 sources=(outlet,) if outlet else ())


def day(iso: str, basis: str = "") -> EventDate:
    return EventDate.day(dt.date.fromisoformat(iso), basis)


def span(a: str, b: str, basis: str = "") -> EventDate:
    return EventDate.span(dt.date.fromisoformat(a), dt.date.fromisoformat(b), basis)


def test_people_and_their_countries_are_one_block_and_agree():
    people, states = report([KHAN, TRUMP], day("2019-07-22")), report([PAKISTAN, USA], day("2019-07-22"))
    assert block_key(people) == block_key(states)
    assert casts_agree(cast_of(people), cast_of(states))
    assert not casts_agree(cast_of(report([KHAN, TRUMP], day("2019-07-22"))),
                           cast_of(report([KHAN, POMPEO], day("2019-07-22"))))


def test_a_report_naming_countries_joins_the_leaders_meeting_of_that_day():
    out = merge_events([report([KHAN, TRUMP], day("2019-07-22"), outlet="Dawn"),
                        report([PAKISTAN, USA], day("2019-07-22"), outlet="AP")])
    (ev,) = out
    assert ev.sources == ("AP", "Dawn")
    assert {p.name for p in ev.participants} == {"Imran Khan", "Donald Trump"}  # the states stand behind them


def test_name_variants_are_one_person():
    out = merge_events([report([ARAGHCHI_LONG, WITKOFF], day("2025-04-12")),
                        report([ARAGHCHI, WITKOFF], day("2025-04-12"))])
    assert len(out) == 1


def test_met_and_visited_are_one_encounter_a_call_is_not():
    visit = report([KHAN, TRUMP], day("2019-07-22"), mode="visit")
    meeting = report([KHAN, TRUMP], day("2019-07-22"), mode="meeting")
    (ev,) = merge_events([visit, meeting])
    assert ev.mode == "visit"
    assert len(merge_events([meeting, report([KHAN, TRUMP], day("2019-07-22"), mode="phone")])) == 2


def test_two_meetings_of_different_people_on_one_day_stay_two_and_a_country_report_joins_neither():
    a = report([KHAN, TRUMP], day("2019-07-22"), sentence="Khan and Trump met in the Oval Office")
    b = report([KHAN, POMPEO], day("2019-07-22"), sentence="Pompeo called on Khan at Blair House")
    c = report([PAKISTAN, USA], day("2019-07-22"), sentence="Pakistan and the US held talks")
    out = merge_events([a, b, c])
    assert sorted(len(e.mentions) for e in out) == [1, 1, 1]


def test_same_story_decides_which_of_two_days_a_range_report_joins():
    kazan = report([KHAN, TRUMP], day("2019-07-22"), sentence=WHITE_HOUSE)
    davos = report([KHAN, TRUMP], day("2020-01-21"),
                   sentence="Trump and Khan met at the World Economic Forum in Davos to discuss Afghanistan trade")
    undated = report([KHAN, TRUMP], span("2018-08-18", "2021-01-20"),
                     sentence="Imran Khan met Donald Trump at the White House; Trump offered to mediate on Kashmir")
    out = merge_events([kazan, davos, undated])
    joined = next(e for e in out if len(e.mentions) == 2)
    assert joined.date.start == "2019-07-22" and "reports without a day took it" in joined.date.basis


def test_an_undated_report_takes_the_day_of_the_one_event_its_story_matches():
    dated = report([KHAN, TRUMP], day("2019-07-22", "'on Monday' before published 2019-07-23"), outlet="Dawn")
    undated = report([KHAN, TRUMP], EventDate.undated("undated: no publication date"), outlet="Blog",
                     sentence="Trump offered to mediate on Kashmir when Imran Khan met him at the White House")
    (ev,) = merge_events([undated, dated])
    assert ev.date.start == "2019-07-22" and ev.date.precision == "day"
    assert "Blog undated" in ev.date.basis


def test_an_undated_report_with_another_story_stays_undated():
    dated = report([KHAN, TRUMP], day("2019-07-22"))
    other = report([KHAN, TRUMP], EventDate.undated("undated"), sentence="A phone call between them on trade tariffs")
    out = merge_events([dated, other])
    assert len(out) == 2 and out[-1].date.precision == "undated"  # undated events sort last


def test_two_undated_reprints_with_wide_ranges_merge_only_on_the_same_story():
    wide = span("2018-08-18", "2021-01-20")
    a = report([KHAN, TRUMP], wide, sentence=WHITE_HOUSE)
    b = report([KHAN, TRUMP], span("2018-08-20", "2021-01-18"), sentence=WHITE_HOUSE + " and Afghanistan")
    c = report([KHAN, TRUMP], wide, sentence="The two leaders spoke by phone about trade")
    out = merge_events([a, b, c])
    assert sorted(len(e.mentions) for e in out) == [1, 2]


def test_days_further_apart_than_the_slack_never_merge_whatever_the_story():
    out = merge_events([report([KHAN, TRUMP], day("2019-07-22")), report([KHAN, TRUMP], day("2019-07-25"))])
    assert len(out) == 2


def test_the_weekday_an_undated_report_names_singles_out_its_day():
    """Two meetings of the same leaders a week apart, both at the White House: the undated
    report that says 'on Monday' is the one on the Monday (2019-07-22), not on the Friday."""
    monday = report([KHAN, TRUMP], day("2019-07-22"), sentence=WHITE_HOUSE)
    friday = report([KHAN, TRUMP], day("2019-07-26"), sentence=WHITE_HOUSE.replace("Monday", "Friday"))
    undated = report([KHAN, TRUMP], EventDate.undated("undated"), sentence=WHITE_HOUSE)
    out = merge_events([monday, friday, undated])
    joined = next(e for e in out if len(e.mentions) == 2)
    assert joined.date.start == "2019-07-22"


def test_a_wide_report_naming_the_very_weekday_of_the_only_cluster_joins_it():
    visit = report([POMPEO, KHAN], day("2018-09-05"), sentence="Pompeo arrived in Islamabad")
    wide = report([POMPEO, KHAN], span("2018-08-18", "2021-01-20"), sentence="Pompeo met Khan on Wednesday")
    (ev,) = merge_events([visit, wide])
    assert ev.date.start == "2018-09-05"
    other_day = report([POMPEO, KHAN], span("2018-08-18", "2021-01-20"), sentence="Pompeo met Khan on Tuesday")
    assert len(merge_events([visit, other_day])) == 2  # a day either side fits, but is no evidence alone


def test_a_states_act_is_one_event_whoever_announced_or_approved_it():
    mnuchin = Participant("Steven Mnuchin", "Secretary of the Treasury", "USA", "GOV", "source")
    venezuela = Participant("Venezuela", None, "VEN", "GOV", "target")
    announced = report([mnuchin, venezuela], day("2019-01-28"), mode="economic", type="SANCTION")
    approved = report([Participant("Donald Trump", "President", "USA", "GOV", "source"), venezuela],
                      span("2019-01-21", "2019-01-28"), mode="economic", type="SANCTION")
    assert len(merge_events([announced, approved])) == 1
    # a call is told by who spoke: other people of the same countries, the same day, are another call
    assert len(merge_events([report([KHAN, TRUMP], day("2019-07-22"), mode="phone"),
                             report([KHAN, POMPEO], day("2019-07-22"), mode="phone")])) == 2
