"""Date-F1 and alignment-based ROUGE (AR-1, AR-2, many-to-one) on timelines built by hand."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.errors import MetricsError
from dateline.tlsmetrics import alignment_rouge, date_prf, malformed_blocks, mean, ngrams, read_gold, score

D1, D2, D3, D4 = (dt.date(2011, 2, d) for d in (14, 15, 16, 17))
# Content words that neither the stemmer nor the stop-word list change.
A = "alpha bravo charlie delta"
B = "echo foxtrot golf hotel"
C = "india juliet kilo lima"


def test_ngrams_drop_stop_words_stem_and_stay_inside_sentences():
    assert ngrams(["The protesters were killed"], 1) == ngrams(["protester killed"], 1)
    assert ngrams([A, B], 2)[("delta", "echo")] == 0


def test_the_same_timeline_scores_one():
    gold = {D1: [A], D2: [B]}
    s = score(gold, gold)
    assert (s.ar1.f1, s.ar2.f1, s.date.f1) == (1.0, 1.0, 1.0)


def test_a_day_off_halves_the_hits_and_misses_the_date():
    s = score({D2: [A]}, {D1: [A]})
    assert s.ar1.precision == s.ar1.recall == pytest.approx(0.5)
    assert s.ar2.f1 == pytest.approx(0.5)
    assert s.date.f1 == 0.0


def test_an_extra_date_of_other_content_costs_precision_only():
    """Output: D1 right, D3 about something else. Gold: D1 only.
    Precision: 4 weighted hits over 8 unigrams; recall 4/4; dates P=1/2, R=1."""
    s = score({D1: [A], D3: [C]}, {D1: [A]})
    assert (s.ar1.precision, s.ar1.recall) == (pytest.approx(0.5), 1.0)
    assert s.ar1.f1 == pytest.approx(2 / 3)
    assert s.date.f1 == pytest.approx(2 / 3)
    assert s.ar2.precision == pytest.approx(3 / 6)


def test_many_to_one_two_output_dates_share_one_gold_date():
    """Both output dates align to the gold D2 (one day off each), each with 2 hits at weight
    1/2: precision (1 + 1) / 8 = 0.25. Recall: D2 aligns to the cheaper of D1 and D3 -- equal
    cost, the earlier wins -- D1 holds 'alpha bravo': 2 hits at weight 1/2 over 4 = 0.25."""
    out = {D1: ["alpha bravo echo foxtrot"], D3: ["charlie delta golf hotel"]}
    gold = {D2: [A]}
    r1 = alignment_rouge(out, gold, 1)
    assert r1.precision == pytest.approx(0.25)
    assert r1.recall == pytest.approx(0.25)


def test_content_decides_between_equally_distant_dates():
    """Gold D2 is one day from both output dates; it aligns to D3, whose words it shares."""
    out = {D1: [B], D3: [A]}
    r1 = alignment_rouge(out, {D2: [A]}, 1)
    assert r1.recall == pytest.approx(0.5)  # 4 hits at weight 1/2 over 4


def test_the_same_day_always_wins_the_alignment():
    """A same-day pair costs nothing, even with no words in common, so a near day with the
    right words is not chosen: the field's alignment rewards the right date first."""
    out = {D1: [B], D2: [A]}
    r1 = alignment_rouge(out, {D1: [A]}, 1)
    assert r1.recall == 0.0


def test_empty_output_scores_zero_and_dates_are_sets():
    assert score({}, {D1: [A]}).ar1.f1 == 0.0
    assert date_prf([D1, D1, D2], [D2, D3]).precision == pytest.approx(0.5)


def test_mean_averages_precision_and_recall_then_takes_f1():
    a, b = score({D1: [A]}, {D1: [A]}), score({D4: [C]}, {D1: [A]})
    assert mean([a, b]) == {"ar1": 0.5, "ar2": 0.5, "date_f1": 0.5}
    # dates P=1, R=1/2 and P=1/2, R=1/2 average to P=3/4, R=1/2: F1 0.6 (the mean of the F1s is 0.583)
    c, d = score({D1: [A]}, {D1: [A], D3: [B]}), score({D3: [B], D4: [C]}, {D1: [A], D3: [B]})
    assert mean([c, d])["date_f1"] == pytest.approx(0.6)


def test_read_gold_blocks():
    text = "2011-02-14\nFirst one .\nSecond .\n--------------------------------\n2011-02-16\nThird .\n"
    assert read_gold(text) == {D1: ["First one .", "Second ."], D3: ["Third ."]}
    with pytest.raises(MetricsError):
        read_gold("not a date\nsentence\n")
    typo = "2011-04-0\nJury selection begins .\n---\n2011-02-16\nThird .\n"
    assert read_gold(typo, strict=False) == {D3: ["Third ."]}
    assert malformed_blocks(typo) == ["2011-04-0"]


def test_keys_must_be_dates():
    with pytest.raises(MetricsError):
        score({"2011-02-14": [A]}, {D1: [A]})  # type: ignore[dict-item]


WORDS = st.sampled_from(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"])
DAYS = st.dates(min_value=dt.date(2011, 1, 1), max_value=dt.date(2011, 1, 20))
TL = st.dictionaries(DAYS, st.lists(st.lists(WORDS, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=2),
                     min_size=1, max_size=5)


@settings(max_examples=100, deadline=None)
@given(TL, TL)
def test_scores_are_bounded_and_perfect_only_on_oneself(out, gold):
    s = score(out, gold)
    for prf in (s.ar1, s.ar2, s.date):
        assert 0.0 <= prf.precision <= 1.0 and 0.0 <= prf.recall <= 1.0
    assert score(gold, gold).ar1.f1 == pytest.approx(1.0)
