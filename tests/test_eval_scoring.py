"""The gold-set scorers of bench/eval on tiny inputs whose right figures are known by hand."""
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench.eval import scoring  # noqa: E402
from bench.eval.event_sets import actor_matches, code_matches, coded_pairs, petrarch_records  # noqa: E402
from bench.eval.tempeval import gold_timexes, timex3_value  # noqa: E402
from dateline.model import Event, EventDate, Participant  # noqa: E402


def test_shingles_count_four_word_windows_as_a_multiset():
    c = scoring.shingle_counts("a b c d e", "a b c d x")
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert c.f1 == pytest.approx(0.5)
    assert scoring.shingle_counts("a b", "a b c d").fn == 1  # too short to make a shingle


def test_counts_add_up_before_the_ratios_micro_average():
    total = scoring.shingle_counts("a b c d", "a b c d") + scoring.shingle_counts("", "w x y z")
    assert (total.tp, total.fn) == (1, 1)
    assert total.recall == pytest.approx(0.5) and total.precision == 1.0


def test_bag_of_words_is_lower_cased_and_counts_repeats():
    c = scoring.bag_of_words("The the cat", "the cat sat")
    assert (c.tp, c.fp, c.fn) == (2, 1, 1)


def test_strict_metadata_match_ignores_case_and_spacing_only():
    assert scoring.same_text("Jane  Doe", "jane doe")
    assert not scoring.same_text("Jane Doe, Reporter", "Jane Doe")
    assert not scoring.same_text(None, "")


def test_date_outcomes_and_htmldate_figures():
    outcomes = [scoring.date_outcome(p, g) for p, g in
                [("2020-01-02", "2020-01-02"), ("2020-01-03", "2020-01-02"), (None, "2020-01-02"), (None, None)]]
    assert outcomes == ["tp", "fp", "fn", "tn"]
    s = scoring.date_scores(outcomes)
    # upstream: a page with neither output nor gold is a FN and a TN
    assert s["precision"] == 0.5 and s["recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert s["accuracy"] == pytest.approx(2 / 5, abs=1e-3)


def test_timex_matching_relaxed_strict_and_value():
    gold = [(0, 6, "2013-03-22"), (10, 20, "P1M"), (30, 35, "2013")]
    pred = [(0, 6, "2013-03-22"), (12, 20, "2013-03"), (50, 55, "2012")]
    c = scoring.match_timexes(gold, pred)
    assert (c.relaxed, c.strict, c.value) == (2, 1, 1)
    assert c.to_dict()["value_f1"] == pytest.approx(1 / 3, abs=1e-4)


def test_timeml_text_and_spans():
    tml = ('<DCT><TIMEX3 tid="t0" value="2013-03-22">March 22</TIMEX3></DCT><TEXT>It rained '
           '<TIMEX3 tid="t1" type="DATE" value="2013-03-21">Thursday</TIMEX3> &amp; <EVENT>left</EVENT>.</TEXT>')
    text, spans, dct = gold_timexes(tml)
    assert text == "It rained Thursday & left."
    assert spans == [(10, 18, "2013-03-21")] and dct == "2013-03-22"


def test_timex3_values_by_precision():
    assert timex3_value(EventDate("2013-03-01", "2013-03-31", "month")) == "2013-03"
    assert timex3_value(EventDate("2013-03-11", "2013-03-17", "week")) == "2013-W11"
    assert timex3_value(EventDate("2013-01-01", "2013-12-31", "year")) == "2013"


def _event(*parts: Participant) -> Event:
    return Event(event_id="e", type="AGREE", mode="other", participants=parts,
                 date=EventDate("2000-01-01", "2000-01-01", "day"))


def test_actor_codes_match_countries_sectors_and_generic_igos():
    un = Participant("United Nations", None, "UNO", "IGO", "source")
    assert actor_matches("IGO", un) and not actor_matches("NGO", un)
    assert actor_matches("JAP", Participant("Japan", None, "JPN", "GOV", "target"))
    gov = Participant("Hamfast Gamgee", "HOBGOV", "HOB", "GOV", "source")
    assert code_matches("HOBGOV", gov) and code_matches("HOB", gov) and not code_matches("HOBMIL", gov)


def test_symmetric_events_pair_every_party_both_ways():
    a, b = Participant("A", None, "AAA", "GOV", "both"), Participant("B", None, "BBB", "GOV", "both")
    pairs = {(x.country, y.country) for x, y in coded_pairs([_event(a, b)])}
    assert pairs == {("AAA", "BBB"), ("BBB", "AAA")}


def test_petrarch_records_drop_unidentified_actors():
    xml = ('<Sentence date="19950104" id="DATE-01" category="DATE"><Text> Sam met Gondor. </Text>'
           '<EventCoding sourcecode="HOBCIV" targetcode="GON" eventcode="031">'
           '<EventCoding sourcecode="---GOV" targetcode="GON" eventcode="023"></Sentence>'
           '<Sentence date="19950104" id="VERB-01" category="VERB"><Text>x</Text></Sentence>')
    (r,) = petrarch_records(xml, ("DATE",))
    assert r == {"id": "DATE-01", "date": "1995-01-04", "text": "Sam met Gondor.", "pairs": [("HOBCIV", "GON")]}


def test_timeml_values_of_windows_distances_and_calendar_periods():
    import datetime as dt

    from bench.eval.tempeval import value_of
    from dateline import nlp, timex

    text = "Over the past two years, and a month earlier, prices rose this week."
    doc = nlp.load()(text)
    values = [value_of(t, dt.date(2013, 3, 22), doc) for t in timex.find_timexes(text)]
    assert values == ["P2Y", "P1M", "2013-W12"]
