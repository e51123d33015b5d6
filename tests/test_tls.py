"""Topic timelines: dated sentences, dates ranked by how many articles refer to them, central sentences per date."""
from __future__ import annotations

import datetime as dt
import json

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dateline import tls
from dateline.happenings import split_sentences
from dateline.cli import app
from dateline.errors import QueryError
from dateline.model import Article, Event, EventDate, Mention

D = dt.date


def art(aid: str, published: str, text: str, outlet: str = "Example News") -> Article:
    return Article(aid, f"{aid}.txt", None, outlet, None, None, published, "en", text)


ARTICLES = [
    art("a1", "2011-02-18", "Police clashed with protesters in Benghazi on Thursday, witnesses said.\n"
                            "The protests began on Tuesday in the eastern city of Benghazi, residents said."),
    art("a2", "2011-02-18", "Security forces fired on protesters in Benghazi on Thursday, killing at least 20 people.\n"
                            "Gadhafi has ruled Libya since September 1, 1969, longer than any other leader."),
    art("a3", "2011-02-19", "Thousands marched in Benghazi on Thursday and again on Friday, according to witnesses.\n"
                            "Is this the end of the regime?"),
]


def test_sentences_split_inside_lines_but_not_after_abbreviations():
    text = "Mr. Smith met Gen. Jones in the U.S. capital. They talked at 9 a.m. Monday. Then they left!\nA new line."
    assert split_sentences(text) == ["Mr. Smith met Gen. Jones in the U.S. capital.", "They talked at 9 a.m. Monday.",
                                     "Then they left!", "A new line."]


def test_a_leading_time_stamp_is_no_part_of_the_sentence():
    a = art("s1", "2011-01-31", "(Update 8:14 a.m. Tuesday in Cairo, 1:14 a.m. ET Tuesday) Protesters gathered "
                                "in Tahrir Square on Monday, witnesses said.")
    (s,) = tls.dated_sentences(a)
    assert (s.day, s.text[:10]) == (D(2011, 1, 31), "Protesters")


def test_dated_sentences_resolve_against_the_publication_date():
    days = [(s.day, s.text[:6]) for s in tls.dated_sentences(ARTICLES[0])]
    assert days == [(D(2011, 2, 17), "Police"), (D(2011, 2, 15), "The pr")]


def test_a_day_month_and_two_digit_year_stamp_dates_its_sentence_in_that_year():
    a = art("s2", "2012-02-04", "05 February 12 01:10 GMT Fresh protests have taken place outside the embassy.")
    assert [s.day for s in tls.dated_sentences(a)] == [D(2012, 2, 5)]


def test_a_day_of_the_month_with_an_occasion_to_come_is_the_coming_one():
    text = ("The opposition has called for a boycott of the 26 February referendum, saying it can not be held "
            "as violence continues.\nThe 26 February referendum approved the new constitution.")
    before = [s.day for s in tls.dated_sentences(art("s3", "2012-02-18", text))]
    assert before == [D(2012, 2, 26), D(2011, 2, 26)]  # no cue in the second sentence: the past one
    after = [s.day for s in tls.dated_sentences(art("s4", "2012-03-01", text))]
    assert after == [D(2012, 2, 26), D(2012, 2, 26)]


def test_dates_rank_by_the_articles_that_refer_to_them():
    pool = [s for a in ARTICLES for s in tls.dated_sentences(a)]
    assert D(1969, 9, 1) in {s.day for s in pool}  # 'since September 1, 1969': background, left out by the window
    pool = tls.in_window(pool, [a.published_date for a in ARTICLES if a.published_date])
    ranked = tls.rank_dates(pool, {a.article_id: a.published_date for a in ARTICLES})
    assert ranked[0] == (D(2011, 2, 17), 3)


def test_a_date_still_recalled_a_week_later_outranks_a_merely_busy_one():
    busy = [art(f"n{i}", "2011-03-02", f"Fighting raged in Misrata on Tuesday, report {i} said.") for i in range(3)]
    recalled = [art(f"r{i}", "2011-03-20", f"Since the uprising began on February 17, fighter {i} said, much changed.")
                for i in range(2)]
    arts = busy + recalled
    pool = [s for a in arts for s in tls.dated_sentences(a)]
    ranked = tls.rank_dates(pool, {a.article_id: a.published_date for a in arts})
    assert [d for d, _ in ranked] == [D(2011, 2, 17), D(2011, 3, 1)]


def test_build_keeps_background_out_and_summarises_each_date():
    tl = tls.build(ARTICLES, [], top=2, sentences=1)
    assert [e.day for e in tl.entries] == [D(2011, 2, 15), D(2011, 2, 17)]  # 1969 is background
    assert all(len(e.sentences) == 1 for e in tl.entries)
    assert tl.as_mapping()[D(2011, 2, 17)][0].endswith(".")


def test_near_duplicate_sentences_are_not_both_chosen():
    twins = [art("b1", "2011-02-18", "Police clashed with protesters in Benghazi on Thursday, witnesses said."),
             art("b2", "2011-02-18", "Police clashed with the protesters in Benghazi on Thursday, witnesses said.")]
    (entry,) = tls.build(twins, [], top=1, sentences=2).entries
    assert len(entry.sentences) == 1


def test_a_lead_without_a_date_is_placed_on_its_publication_day_and_the_day_before():
    a = art("l1", "2011-02-18", "Protesters stormed the army barracks in Benghazi, witnesses said.\n"
                                "Police clashed with protesters on Thursday.\nOne.\nTwo.\nThree.\n"
                                "A sixth sentence is no part of the lead.")
    leads = tls.lead_sentences(a)
    assert [(s.day, s.text[:10], s.kind) for s in leads] == [(D(2011, 2, 18), "Protesters", "lead"),
                                                             (D(2011, 2, 17), "Protesters", "lead"),
                                                             (D(2011, 2, 18), "One.", "lead"),
                                                             (D(2011, 2, 17), "One.", "lead"),
                                                             (D(2011, 2, 18), "Two.", "lead"),
                                                             (D(2011, 2, 17), "Two.", "lead"),
                                                             (D(2011, 2, 18), "Three.", "lead"),
                                                             (D(2011, 2, 17), "Three.", "lead")]
    assert "published 2011-02-18" in leads[0].basis
    assert tls.lead_sentences(Article("l2", "l2.txt", None, None, None, None, None, "en", a.text)) == []


def test_leads_tell_a_date_but_never_choose_one():
    lead = art("l3", "2011-02-18", "Protesters stormed the army barracks in Benghazi and seized weapons, "
                                   "witnesses said.")
    alone = tls.build([lead], [], top=5, sentences=2)
    assert alone.entries == ()  # no sentence names a day: no date
    tl = tls.build(ARTICLES + [lead], [], top=1, sentences=3)
    (entry,) = tl.entries
    assert entry.day == D(2011, 2, 17)
    assert "lead" in {s.kind for s in entry.sentences}
    md = tls.markdown(tl)
    assert "date: lead of an article published 2011-02-18" in md and "lead; " not in md


def test_a_lead_tells_one_date_of_a_timeline_only():
    lead = art("l4", "2011-02-18", "Protesters stormed the army barracks in Benghazi and seized weapons, "
                                   "witnesses said.")
    dated = [art("d1", "2011-02-18", "Protesters marched in Benghazi on Thursday, witnesses said."),
             art("d2", "2011-02-19", "Protesters marched in Benghazi on Friday, witnesses said."),
             art("d3", "2011-02-19", "Police fired on protesters in Benghazi on Friday, residents said.")]
    tl = tls.build(dated + [lead], [], top=2, sentences=3)
    assert [e.day for e in tl.entries] == [D(2011, 2, 17), D(2011, 2, 18)]  # both days the lead could tell
    told = [s.text for e in tl.entries for s in e.sentences if s.kind == "lead"]
    assert told == [lead.text]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("army rebels city port oil talks ceasefire village bridge airport "
                                         "convoy refinery".split()), min_size=6, max_size=9), min_size=1, max_size=7),
       st.integers(1, 4))
def test_a_summary_is_distinct_non_redundant_and_starts_with_the_most_central(word_lists, n):
    cands = [tls.DatedSentence(D(2011, 2, 17), " ".join(ws) + ".", f"a{i}", None, "b")
             for i, ws in enumerate(word_lists)]
    idf = tls._idf(cands)
    chosen = tls.summarise(cands, n, idf)
    vec = {c.text: tls._vector(c.text, idf) for c in cands}
    centroid = Counter()
    for c in cands:
        centroid.update(vec[c.text])
    assert 1 <= len(chosen) <= n and len({c.text for c in chosen}) == len(chosen)
    assert all(tls._cosine(vec[a.text], vec[b.text]) <= tls._REDUNDANT for a in chosen for b in chosen if a != b)
    best = max(tls._cosine(vec[c.text], centroid) for c in cands)
    assert tls._cosine(vec[chosen[0].text], centroid) == pytest.approx(best)


def test_event_mentions_carry_their_type_and_mode():
    ev = Event("e1", "OTHER", "death", (), EventDate("2011-02-17", "2011-02-17", "day", "'Thursday'"),
               mentions=(Mention("a2", ARTICLES[1].text.split("\n")[0], "Example News"),))
    tl = tls.build(ARTICLES, [ev], top=1, sentences=3)
    kinds = {s.kind for s in tl.entries[0].sentences}
    assert "OTHER/death" in kinds


def test_a_querys_words_are_its_terms_without_operators_columns_or_stars():
    assert tls.query_terms("libya OR Gadhafi*") == ["libya", "gadhafi"]
    assert tls.query_terms('"swine flu" OR title:h1n1 AND NOT mexico') == ["swine flu", "h1n1", "mexico"]
    assert tls.query_terms("NEAR(oil spill, 5)") == ["oil", "spill"]
    assert tls.query_terms(None) == [] and tls.query_terms("") == []


def test_a_date_whose_sentences_never_mention_the_query_is_passed_over():
    other = [art(f"t{i}", "2011-03-03", f"Markets in Tripoli reopened on Wednesday, trader {i} said.") for i in range(3)]
    story = [art("s1", "2011-03-03", "Rebels held the road to Benghazi on Tuesday, witnesses said.")]
    assert [e.day for e in tls.build(other + story, [], top=1).entries] == [D(2011, 3, 2)]
    gated = tls.build(other + story, [], top=1, terms=tls.query_terms("benghazi"))
    assert [e.day for e in gated.entries] == [D(2011, 3, 1)]  # the next date that tells the story
    assert tls.build(other, [], top=1, terms=["benghazi"]).entries == ()
    assert [e.day for e in tls.build(other + story, [], top=2, terms=["Benghazi"]).entries] == [D(2011, 3, 1)]


def test_keywords_become_an_fts_or_query_and_bad_input_is_explicit(tmp_path):
    assert tls.keywords_query(["Libya", 'no "fly" zone']) == '"Libya" OR "no  fly  zone"'
    with pytest.raises(QueryError):
        tls.keywords_query([" "])
    bad = tmp_path / "k.json"
    bad.write_text('{"not": "a list"}')
    with pytest.raises(QueryError):
        tls.load_keywords(bad)
    with pytest.raises(QueryError):
        tls.build(ARTICLES, [], top=0)


@pytest.mark.slow
def test_cli_topic_mode(tmp_path):
    import dateline

    src = tmp_path / "in"
    src.mkdir()
    for a in ARTICLES:
        (src / f"{a.article_id}.txt").write_text(f" date {a.published}\n{a.text}\n")
    db = tmp_path / "t.db"
    dateline.process([src], db)
    runner = CliRunner()
    out = runner.invoke(app, ["timeline", "--db", str(db), "--query", "benghazi", "--top", "1", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [d["date"] for d in data["dates"]] == ["2011-02-17"]
    kw = tmp_path / "k.json"
    kw.write_text('["Gadhafi"]')
    md = runner.invoke(app, ["timeline", "--db", str(db), "--keywords", str(kw), "--sentences", "1"])
    assert md.exit_code == 0 and md.stdout.startswith("# Topic timeline")
    assert runner.invoke(app, ["timeline", "--db", str(db), "--query", "libya AND ("]).exit_code == 2
    assert runner.invoke(app, ["timeline", "--db", str(db), "--query", "x", "--dyad", "USA-PAK"]).exit_code == 2
    ranked = runner.invoke(app, ["timeline", "--db", str(db), "--top", "3"])  # without a query: events ranked
    assert ranked.exit_code == 0 and not ranked.stdout.startswith("# Topic timeline")
