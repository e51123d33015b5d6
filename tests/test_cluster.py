"""Near-duplicate articles and same-event merging."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline import identity
from dateline.cluster import NearDupIndex
from dateline.identity import merge_events
from dateline.model import Event, EventDate, Mention, Participant

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"
DAWN = "003_553991011d6e1d62.txt"
GEO = "004_d14b1e7f85f08b31.txt"
_counter = iter(range(10**9))


def ev(names: tuple[str, ...], start: str, end: str | None = None, *, type: str = "CONSULT",
       mode: str = "phone", status: str = "occurred", outlet: str | None = None, basis: str = "",
       article: str | None = None, side: str = "both", **kw) -> Event:
    """A hand-built report; each gets its own mention unless ``article`` is shared."""
    n = next(_counter)
    d0 = dt.date.fromisoformat(start)
    date = EventDate.day(d0, basis) if end is None else EventDate.span(d0, dt.date.fromisoformat(end), basis)
    parts = tuple(Participant(name, None, None, None, side) for name in names)
    mention = Mention(article or f"art{n}", f"sentence {n}", outlet)
    return Event(f"ev{n}", type, mode, parts, date, mentions=(mention,), status=status, **kw)


AUSTIN_BAJWA = ("Lloyd Austin", "Qamar Javed Bajwa")


# ---------------------------------------------------------------- merge_events


def test_seed_case_two_outlets_one_call_earliest_day_kept() -> None:
    dawn = ev(AUSTIN_BAJWA, "2021-08-10", outlet="Dawn", basis="'on Tuesday' before published 2021-08-11",
              confidence=0.7, topics=("afghanistan", "regional-security"))
    geo = ev(AUSTIN_BAJWA, "2021-08-11", outlet="Geo", basis="'Wednesday' before published 2021-08-11",
             confidence=0.6, topics=("afghanistan", "defense-cooperation"))
    (merged,) = merge_events([geo, dawn])
    assert merged.date.start == merged.date.end == "2021-08-10" and merged.date.precision == "day"
    assert merged.sources == ("Dawn", "Geo")
    basis = merged.date.basis
    assert basis.startswith("reports differ:") and basis.endswith("earliest kept")
    assert "Dawn 2021-08-10 ('on Tuesday'" in basis and "Geo 2021-08-11 ('Wednesday'" in basis
    assert len(merged.mentions) == 2
    assert merged.confidence == pytest.approx(0.8)
    assert merged.topics[0] == "afghanistan"
    assert set(merged.topics) == {"afghanistan", "regional-security", "defense-cooperation"}


def test_range_report_and_day_report_give_the_day() -> None:
    week = ev(AUSTIN_BAJWA, "2021-08-09", "2021-08-15", outlet="AP", summary="vague")
    day = ev(AUSTIN_BAJWA, "2021-08-10", outlet="Dawn", basis="'on Tuesday'", summary="precise")
    (merged,) = merge_events([week, day])
    assert (merged.date.start, merged.date.precision) == ("2021-08-10", "day")
    assert merged.date.basis.startswith("'on Tuesday'; reports without a day took it (AP 2021-08-09..2021-08-15)")
    assert merged.summary == "precise"


def test_two_calls_a_month_apart_stay_two() -> None:
    out = merge_events([ev(AUSTIN_BAJWA, "2021-08-10"), ev(AUSTIN_BAJWA, "2021-09-10")])
    assert [e.date.start for e in out] == ["2021-08-10", "2021-09-10"]


def test_daily_calls_are_not_chained_into_one() -> None:
    out = merge_events([ev(AUSTIN_BAJWA, d) for d in ("2021-08-10", "2021-08-11", "2021-08-12")])
    assert [e.date.start for e in out] == ["2021-08-10", "2021-08-12"]


def test_wide_range_with_two_day_candidates_is_not_merged() -> None:
    year = ev(AUSTIN_BAJWA, "2021-01-01", "2021-12-31")
    out = merge_events([year, ev(AUSTIN_BAJWA, "2021-03-02"), ev(AUSTIN_BAJWA, "2021-08-10")])
    assert len(out) == 3


def test_wide_range_with_one_day_candidate_is_merged_only_on_the_same_story() -> None:
    """'in 2021' could be any call of the year: it takes the one day on offer only when
    its evidence tells that call's story (Austin met Bajwa more than once)."""
    story = "Austin and Bajwa discussed Afghanistan border security and regional stability by telephone"
    year, day = ev(AUSTIN_BAJWA, "2021-01-01", "2021-12-31"), ev(AUSTIN_BAJWA, "2021-08-10")
    assert len(merge_events([year, day])) == 2
    same = [e.with_(mentions=(Mention(e.mentions[0].article_id, story + f" ({i})"),)) for i, e in enumerate((year, day))]
    out = merge_events(same)
    assert [(e.date.start, len(e.mentions)) for e in out] == [("2021-08-10", 2)]


def test_overlapping_ranges_narrow_to_the_intersection() -> None:
    month = ev(AUSTIN_BAJWA, "2021-08-01", "2021-08-31")
    days = ev(AUSTIN_BAJWA, "2021-08-09", "2021-08-15", outlet="Geo", basis="'last week'")
    (merged,) = merge_events([month, days])
    assert (merged.date.start, merged.date.end, merged.date.precision) == ("2021-08-09", "2021-08-15", "week")
    assert merged.date.basis.startswith("intersection of reports")


def test_two_wide_ranges_do_not_merge() -> None:
    a = ev(AUSTIN_BAJWA, "2024-03-11", "2025-01-20")
    b = ev(AUSTIN_BAJWA, "2024-01-01", "2024-12-31")
    assert len(merge_events([a, b])) == 2


def test_planned_and_occurred_never_merge() -> None:
    assert len(merge_events([ev(AUSTIN_BAJWA, "2021-08-10", status="planned"), ev(AUSTIN_BAJWA, "2021-08-10")])) == 2


def test_different_participants_or_type_do_not_merge() -> None:
    events = [ev(AUSTIN_BAJWA, "2021-08-10"), ev(("Lloyd Austin", "Asim Munir"), "2021-08-10"),
              ev(AUSTIN_BAJWA, "2021-08-10", type="ACCUSE")]
    assert len(merge_events(events)) == 3


def test_modes_equal_or_wildcard() -> None:
    phone, meeting = ev(AUSTIN_BAJWA, "2021-08-10"), ev(AUSTIN_BAJWA, "2021-08-10", mode="meeting")
    assert len(merge_events([phone, meeting])) == 2
    statement = ev(AUSTIN_BAJWA, "2021-08-10", mode="statement")
    (merged,) = merge_events([statement, phone])
    assert merged.mode == "phone"


def test_statement_between_two_incompatible_reports_joins_neither() -> None:
    events = [ev(AUSTIN_BAJWA, "2021-08-10"), ev(AUSTIN_BAJWA, "2021-08-10", mode="meeting"),
              ev(AUSTIN_BAJWA, "2021-08-10", mode="statement")]
    # the statement could report either event, so it is kept apart rather than guessed
    assert sorted(len(e.mentions) for e in merge_events(events)) == [1, 1, 1]


def test_participants_both_wins_and_richest_role_kept() -> None:
    a = ev(AUSTIN_BAJWA, "2021-08-10", side="source")
    a = a.with_(participants=(Participant("Lloyd Austin", None, "USA", None, "source"),
                              Participant("Qamar Javed Bajwa", None, "PAK", None, "source")))
    b = ev(AUSTIN_BAJWA, "2021-08-10")
    b = b.with_(participants=(Participant("Lloyd Austin", "Secretary of Defense", "USA", "GOV", "both"),
                              Participant("Qamar Javed Bajwa", "Chief of Army Staff", "PAK", "MIL", "both")))
    (merged,) = merge_events([a, b])
    austin = next(p for p in merged.participants if p.name == "Lloyd Austin")
    assert (austin.side, austin.role, austin.country, austin.sector) == ("both", "Secretary of Defense", "USA", "GOV")


def test_location_confidence_cap_and_duplicate_mentions() -> None:
    shared = Mention("artX", "same sentence", "Dawn")
    a = ev(AUSTIN_BAJWA, "2021-08-10", confidence=0.95).with_(mentions=(shared,))
    b = ev(AUSTIN_BAJWA, "2021-08-10", outlet="Geo", location="Rawalpindi", confidence=0.9)
    c = ev(AUSTIN_BAJWA, "2021-08-10", outlet="AP").with_(mentions=(shared, Mention("artY", "other", "AP")))
    (merged,) = merge_events([a, b, c])
    assert merged.location == "Rawalpindi"
    assert merged.confidence == 1.0
    assert [(m.article_id, m.sentence) for m in merged.mentions].count(("artX", "same sentence")) == 1


def test_event_id_is_stable_and_order_free() -> None:
    reports = [ev(AUSTIN_BAJWA, "2021-08-10", outlet="Dawn"), ev(AUSTIN_BAJWA, "2021-08-11", outlet="Geo")]
    first = merge_events(reports)[0].event_id
    assert merge_events(list(reversed(reports)))[0].event_id == first
    assert first not in {r.event_id for r in reports}


# ---------------------------------------------------------------- properties

NAMES = st.sampled_from([("A", "B"), ("A", "C"), ("B", "C")])
MODES = st.sampled_from(["phone", "meeting", "statement", "other"])


@st.composite
def reports(draw: st.DrawFn) -> list[Event]:
    n = draw(st.integers(0, 25))
    out = []
    for i in range(n):
        start = dt.date(2021, 1, 1) + dt.timedelta(days=draw(st.integers(0, 90)))
        length = draw(st.sampled_from([0, 0, 0, 6, 30, 120]))
        date = EventDate.span(start, start + dt.timedelta(days=length))
        parts = tuple(Participant(n_, None, None, None, "both") for n_ in draw(NAMES))
        out.append(Event(f"e{i}", draw(st.sampled_from(["CONSULT", "ACCUSE"])), draw(MODES), parts, date,
                         mentions=(Mention(f"a{i}", f"s{i}", draw(st.sampled_from(["Dawn", "Geo", None]))),),
                         status=draw(st.sampled_from(["occurred", "occurred", "planned"]))))
    return out


@settings(max_examples=150, deadline=None)
@given(reports(), st.randoms(use_true_random=False))
def test_merge_invariants(events: list[Event], rnd: random.Random) -> None:
    out = merge_events(events)
    assert len(out) <= len(events)
    seen = [(m.article_id, m.sentence) for e in out for m in e.mentions]
    assert sorted(seen) == sorted((m.article_id, m.sentence) for e in events for m in e.mentions)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    again = merge_events(shuffled)
    assert len(again) == len(out)
    assert sorted((e.date.start, e.date.end) for e in again) == sorted((e.date.start, e.date.end) for e in out)


def test_comparisons_stay_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = identity._joinable

    def counting(*args: object) -> bool:
        nonlocal calls
        calls += 1
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(identity, "_joinable", counting)
    rnd = random.Random(7)
    events = []
    for i in range(20_000):
        pair = (f"P{rnd.randrange(2000)}", f"Q{rnd.randrange(5)}")
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rnd.randrange(1500))
        end = start + dt.timedelta(days=rnd.choice([0, 0, 0, 0, 6, 30, 365]))
        events.append(ev(pair, start.isoformat(), None if end == start else end.isoformat(),
                         mode=rnd.choice(["phone", "meeting", "statement"])))
    out = merge_events(events)
    assert len(out) < len(events)
    assert calls <= 3 * len(events)


# ---------------------------------------------------------------- NearDupIndex


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _republished(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(["Reproduced with permission from our partners."] + lines[1:]
                     + ["Follow us on social media for more stories like this one."])


def test_republished_article_is_a_duplicate() -> None:
    idx = NearDupIndex()
    assert idx.add("dawn", _seed(DAWN)) is None
    assert idx.add("copy", _republished(_seed(DAWN))) == "dawn"


def test_two_stories_about_the_same_call_are_not_duplicates() -> None:
    idx = NearDupIndex()
    idx.add("dawn", _seed(DAWN))
    assert idx.add("geo", _seed(GEO)) is None


def test_signatures_persist_into_a_new_index() -> None:
    first = NearDupIndex()
    sig = first.signature(_seed(DAWN))
    later = NearDupIndex()
    later.add_signature("dawn", sig)
    assert later.add("copy", _republished(_seed(DAWN))) == "dawn"


def test_short_texts_use_exact_hash_only() -> None:
    idx = NearDupIndex()
    assert idx.add("a", "Austin calls Bajwa.") is None
    assert idx.add("b", "AUSTIN calls   Bajwa!") == "a"  # same words
    assert idx.add("c", "Austin calls Munir.") is None


def test_re_adding_gives_the_same_answer() -> None:
    idx = NearDupIndex()
    text, copy = _seed(DAWN), _republished(_seed(DAWN))
    idx.add("dawn", text)
    assert idx.add("copy", copy) == "dawn"
    assert idx.add("copy", copy) == "dawn"
    assert idx.add("dawn", text) is None


def test_signature_of_wrong_size_is_rejected() -> None:
    sig = NearDupIndex(num_perm=64).signature(_seed(DAWN))
    with pytest.raises(ValueError):
        NearDupIndex(num_perm=128).add_signature("x", sig)
