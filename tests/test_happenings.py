"""Dated happenings PLOVER does not code become OTHER events with a mode, kept out of the default event list."""
from __future__ import annotations

import pytest

from dateline import happenings, query
from dateline.actors.kb import default_kb
from dateline.errors import KnowledgeError
from dateline.model import Article
from dateline.query import EventFilter

TEXT = ("At least 20 people were killed in Tripoli on Friday, medical sources said.\n"
        "A court in Cairo ruled on Tuesday that the former president must stand trial.\n"
        "The ministers discussed trade.\n"
        "Officials fear the outbreak will spread.\n"
        "Haiti will hold the runoff on March 20.")


def _find(text: str = TEXT, published: str | None = "2011-02-20"):
    article = Article("a1", "p", None, "Example News", None, None, published, "en", text)
    return happenings.find_happenings(article, default_kb())


def test_dated_happenings_get_a_mode_a_day_and_the_sentence():
    found = {e.mode: e for e in _find()}
    assert sorted(found) == ["death", "election", "ruling"]
    assert found["death"].date.start == "2011-02-18"  # the Friday before a Sunday
    assert found["ruling"].date.start == "2011-02-15"
    assert (found["election"].date.start, found["election"].status) == ("2011-03-20", "planned")
    assert {p.country for p in found["ruling"].participants} == {"EGY"}
    assert all(e.type == "OTHER" and e.summary == e.mentions[0].sentence for e in found.values())


def test_a_scheduled_vote_is_dated_to_the_coming_day():
    text = "The opposition has called for a boycott of the 26 February referendum, saying it can not be held."
    (found,) = _find(text, "2012-02-18")
    assert (found.mode, found.date.start, found.status) == ("election", "2012-02-26", "planned")


def test_without_a_publication_date_only_absolute_dates_place_a_happening():
    assert [e.mode for e in _find(published=None)] == []
    assert [e.date.start for e in _find("The well exploded on April 20, 2010.", None)] == ["2010-04-20"]


def test_a_malformed_lexicon_is_reported(tmp_path):
    bad = tmp_path / "h.yaml"
    bad.write_text("modes: [death]\n")
    with pytest.raises(KnowledgeError):
        happenings.load_lexicon(bad)


@pytest.mark.slow
def test_happenings_are_stored_but_shown_only_when_asked(tmp_path):
    import dateline

    (tmp_path / "a.txt").write_text(" date 2011-02-20\nAt least 20 people were killed in Tripoli on Friday, "
                                    "medical sources said.\nHaiti will hold the runoff on March 20.\n")
    dateline.process([tmp_path / "a.txt"], tmp_path / "x.db")
    store = dateline.open(str(tmp_path / "x.db"))
    assert [e.type for e in query.events(store)] == []
    assert sorted(e.mode for e in query.events(store, EventFilter(type="OTHER"))) == ["death", "election"]


def test_happenings_merge_only_when_the_same_sentence_is_reported():
    from dateline.identity import merge_events

    one = _find("At least 20 people were killed in Tripoli on Friday, medical sources said.")
    same = _find("At least 20 people were  killed in Tripoli on Friday, medical sources said.", "2011-02-19")
    other = _find("Two soldiers died in Misrata on Friday, officials said.")
    merged = merge_events([*one, *same, *other])
    assert sorted(len(e.mentions) for e in merged) == [1, 2]
