"""Boilerplate removal: the seeds' gold, articles we wrote with other junk, and invariants."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.metadata import extract_metadata
from dateline.clean import (clean_text, is_headline, is_sentence, label_lines, masthead, outlet_name, repeated_lines,
                            site_name, split_lines)

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "examples" / "seeds"
OURS = HERE / "data" / "clean"
GOLD = json.loads((SEEDS.parent / "seeds-expected.json").read_text(encoding="utf-8"))["documents"]
EXPECTED = yaml.safe_load((OURS / "expected.yaml").read_text(encoding="utf-8"))


def gold_norm(s: str) -> str:
    """The scorer's comparison form: ASCII, lowercase, non-alphanumerics to spaces."""
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def seed_cleaned(name: str):
    return clean_text((SEEDS / name).read_text(encoding="utf-8"))


# --- the user's seeds ----------------------------------------------------------------------

@pytest.mark.parametrize("doc", GOLD, ids=lambda d: d["doc"])
def test_seed_boilerplate_gone_and_story_kept(doc: dict) -> None:
    text = gold_norm(seed_cleaned(doc["doc"]).text)
    for line in doc.get("boilerplate_lines", []) + doc.get("must_drop_phrases", []):
        assert gold_norm(line) not in text, line
    for phrase in doc.get("must_keep_phrases", []):
        assert gold_norm(phrase) in text, phrase


SEED_REMOVED = {
    "000_a40d4209a361a365.txt": ("Pakistan's Premier Multilingual News Agency",
                                 "Also Read:\u00a0Pakistan and the US to forge economic alliance",
                                 "Also Read:\u00a0US defends Donald Lu against PTI’s allegations"),
    "002_a18e08ca00a97366.txt": ("Share This", "Pak, US vow to enhance counter-terrorism cooperation",
                                 "Pakistan State Time is a versatile digital news and media website that covers "
                                 "all latest news developments on 24/7 basis.",
                                 "- Advertisement -", "Need Help? Chat with us"),
    "003_553991011d6e1d62.txt": ("date 2021-08-11", "Dawn Logo",
                                 "Anwar IqbalPublished August 11, 2021 - Updated August 11, 2021 07:46am",
                                 "This combo photo shows US Defence Secretary Lloyd Austin (left) and Army Chief "
                                 "Gen Qamar Bajwa. — Photo courtesy: PBS News Hour/AFP",
                                 "Published in Dawn, August 11th, 2021", "Pak US Ties"),
}


@pytest.mark.parametrize("name", sorted(SEED_REMOVED))
def test_seed_removes_exactly_the_chrome(name: str) -> None:
    """Nothing but chrome goes: every other line of the seed, each story sentence, stays."""
    assert seed_cleaned(name).removed == SEED_REMOVED[name]


def test_seed_with_headline_list_keeps_its_thirteen_story_lines() -> None:
    c = seed_cleaned("004_d14b1e7f85f08b31.txt")
    assert len(c.kept) == 13 and c.kept[-1].startswith("Expressing the resolve to continue")
    assert c.removed[:9] == ("date 2021-08-11", "Can't connect right now! retry", "pakistan", "Wednesday Aug 11 2021",
                             "By", "Web Desk", "By", "Web Desk", "Wednesday Aug 11, 2021")
    assert c.removed[-2:] == ("Latest", "view all")


def test_seed_title_kept_once_and_header_removed() -> None:
    c = seed_cleaned("002_a18e08ca00a97366.txt")
    title = "Pak, US vow to enhance counter-terrorism cooperation"
    assert c.kept[0] == title and c.kept.count(title) == 1 and c.removed.count(title) == 1
    dawn = seed_cleaned("003_553991011d6e1d62.txt")
    assert dawn.removed[:2] == ("date 2021-08-11", "Dawn Logo")
    assert dawn.kept[0] == "US wants to continue improving ties, Austin tells Bajwa"


def test_seed_related_link_inside_body_removed_bullets_kept() -> None:
    c = seed_cleaned("004_d14b1e7f85f08b31.txt")
    assert "Talks continue with Pakistan over safe havens for terrorists: Pentagon" in c.removed
    assert sum(line.startswith("•") for line in c.kept) == 3
    assert not any("Imran Khan directs Sindh" in line for line in c.kept)  # a 16-word list item
    caption = "Pakistan army chief Gen Bajwa (left) and US Secretary of Defence Lloyd Austin. Photos: Geo.tv/ file"
    assert c.removed.count(caption) == 2


def test_lead_on_the_header_line_is_kept() -> None:
    """Only the stamp is metadata: a lead sentence glued to it on the first line stays,
    with its 'on Monday' (the event's date) and its dateline."""
    raw = (" date 2024-05-07 KABUL: The foreign minister of Afghanistan on Monday held a telephone "
           "conversation with his Uzbek counterpart on trade and transit.\n"
           "Both sides agreed to meet again in Tashkent next month, a statement said.\n")
    c = clean_text(raw)
    assert c.removed == ("date 2024-05-07",)
    assert c.kept[0].startswith("KABUL: The foreign minister of Afghanistan on Monday held")
    meta = extract_metadata(raw, c)
    assert meta.published == "2024-05-07" and meta.dateline == "Kabul"


def test_headline_on_the_header_line_is_the_title() -> None:
    raw = (" date 2023-03-02 Ghana and Togo sign border security pact\n"
           "ACCRA: Ghana and Togo on Wednesday signed an agreement on joint border patrols, the "
           "two governments said.\n")
    c = clean_text(raw)
    assert c.kept[0] == "Ghana and Togo sign border security pact"
    assert extract_metadata(raw, c).title == "Ghana and Togo sign border security pact"


def test_seed_without_title_keeps_everything() -> None:
    raw = (SEEDS / "001_10dce2bd6d4226a8.txt").read_text(encoding="utf-8")
    c = clean_text(raw)
    assert c.removed == () and list(c.kept) == split_lines(raw)


# --- articles we wrote -----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED), ids=str)
def test_written_article(name: str) -> None:
    exp = EXPECTED[name]
    c = clean_text((OURS / name).read_text(encoding="utf-8"))
    for line in exp["removed"]:
        assert line in c.removed and line not in c.kept, line
    for line in exp["kept"]:
        assert line in c.kept, line
    for line, n in (exp.get("removed_count") or {}).items():
        assert c.removed.count(line) == n and c.kept.count(line) == 1, line


def test_removed_lines_keep_document_order() -> None:
    c = clean_text((OURS / "wire_india_us.txt").read_text(encoding="utf-8"))
    order = [split_lines((OURS / "wire_india_us.txt").read_text(encoding="utf-8")).index(r) for r in c.removed]
    assert order == sorted(order)


def test_outlet_lines_are_removed() -> None:
    text = "Title of a story here\nThe minister said on Monday that talks would resume.\nDaily Bugle Exclusive"
    c = clean_text(text, outlet_lines=frozenset({"daily bugle exclusive"}))
    assert c.removed == ("Daily Bugle Exclusive",)


def test_news_sentence_about_an_agency_is_not_a_tagline() -> None:
    line = "State news agency APP reported the latest developments on Monday."
    assert clean_text("Some headline for a story\n" + line).kept[-1] == line


def test_list_marker_only_takes_headlines() -> None:
    text = ("A headline about the meeting\nThe two ministers met in Doha on Monday.\nRelated items\n"
            "The talks will continue next week, officials said.\nMore from World\nOne story headline here\n"
            "Another story headline here")
    c = clean_text(text)
    assert c.kept[-1] == "The talks will continue next week, officials said."
    assert c.removed == ("Related items", "More from World", "One story headline here", "Another story headline here")


def test_shapes() -> None:
    assert is_headline("Talks continue with Pakistan over safe havens for terrorists: Pentagon")
    assert not is_headline("KARACHI: Talks continue with Pakistan over safe havens")
    assert not is_headline("He said the talks were useful.")
    assert is_sentence("Truncated body text " + "word " * 14)
    labels = label_lines(["By", "Web Desk", "A headline of some story", "Body sentence of the story is here."])
    assert labels == ["byline", "byline", "headline", "story"]


# --- repeated lines across an outlet's articles ---------------------------------------------

def _article(i: int, body: str) -> str:
    return f"Headline number {i} about something\n{body}\nFollow the Daily Planet\nDaily Planet: all the news"


def test_repeated_lines_finds_site_chrome() -> None:
    texts = [_article(i, f"Story {i} body sentence with enough words to count as a long line here.") for i in range(5)]
    assert repeated_lines(texts) == frozenset({"follow the daily planet", "daily planet all the news"})


def test_repeated_lines_ignores_copies_of_one_story() -> None:
    body = "A wire story sentence with enough words in it to count as a long body line."
    texts = [_article(i, body) for i in range(4)] + ["Something else entirely"]
    assert "a wire story sentence with enough words in it to count as a long body line" not in repeated_lines(texts)


def test_repeated_lines_needs_min_docs_and_share() -> None:
    texts = [_article(i, f"Body {i} sentence with enough words to count as a long line here ok.") for i in range(2)]
    assert repeated_lines(texts) == frozenset()
    many = texts + [f"Unrelated article number {i} with different words entirely in its body here." for i in range(10)]
    assert repeated_lines(many, min_docs=2) == frozenset()  # 2 of 12 is under 30%


# --- properties ------------------------------------------------------------------------------

REAL_LINES = sorted({line for p in [*SEEDS.glob("*.txt"), *OURS.glob("*.txt")]
                     for line in split_lines(p.read_text(encoding="utf-8"))})
LINE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(REAL_LINES),
    st.sampled_from(["Share This", "By", "Web Desk", "Latest", "More From Pakistan:", " date 2021-08-11 Dawn Logo",
                     "A headline of a story", "and the talks ran on into", "next month, officials said.",
                     "Meets the envoy on Monday. — PID", "\u00a0", "", "pakistan"]),
)
TEXTS = st.lists(LINE, max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_kept_and_removed_partition_the_lines(text: str) -> None:
    c = clean_text(text)
    assert Counter(c.kept) + Counter(c.removed) == Counter(split_lines(text))
    assert all(line and line == line.strip() for line in c.kept + c.removed)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once.text).kept == once.kept


@settings(max_examples=200, deadline=None)
@given(st.text(), st.lists(st.text(max_size=30), max_size=5))
def test_never_raises(text: str, outlet: list[str]) -> None:
    clean_text(text, outlet_lines=frozenset(outlet))
    repeated_lines([text, text.upper(), *outlet])


def test_hard_wrapped_paragraph_is_story() -> None:
    text = ("Leaders meet at the summit\nThe two foreign ministers met in Geneva on Thursday and\n"
            "agreed to resume talks on the disputed border next\nmonth, officials from both sides said.\n"
            "More from Europe\nFrance bans new coal plants")
    c = clean_text(text)
    assert c.kept == tuple(split_lines(text)[:4])
    assert c.removed == ("More from Europe", "France bans new coal plants")


def test_curly_apostrophes_and_bad_patterns() -> None:
    c = clean_text("Talks resume in Doha today\nEditor’s note: This story was updated.\nThe envoy arrived on Sunday.")
    assert c.removed == ("Editor’s note: This story was updated.",)
    from dateline.clean import _alternation
    from dateline.errors import KnowledgeError
    with pytest.raises(KnowledgeError):
        _alternation(["(unclosed"], "boilerplate.yaml")


# --- the masthead: the site's name and slogan at the top of the page --------------------------

STORY = "The council voted on Tuesday to close the old ferry pier after engineers found cracks in its pilings."


def test_masthead_and_slogan_are_removed_and_the_title_kept() -> None:
    raw = f"Harbour Gazette\nIndependent news from the coast\nCouncil closes old ferry pier\n{STORY}"
    c = clean_text(raw)
    assert c.kept == ("Council closes old ferry pier", STORY)
    assert c.removed == ("Harbour Gazette", "Independent news from the coast")


def test_masthead_confirmed_by_a_menu_or_by_the_page_naming_itself() -> None:
    by_menu = f"Coral Bay Signal\nHome | Island | Business | Sport\nCouncil closes old ferry pier\n{STORY}"
    by_echo = f"Coral Bay Signal\nCouncil closes old ferry pier\nCORAL BAY SIGNAL STAFF\n{STORY}"
    for raw in (by_menu, by_echo):
        assert clean_text(raw).kept == ("Council closes old ferry pier", STORY), raw


def test_fragment_row_after_a_masthead_is_a_slogan() -> None:
    raw = f"Delta Brief\nTrade. Energy. Africa.\nCouncil closes old ferry pier\n{STORY}"
    assert clean_text(raw).kept == ("Council closes old ferry pier", STORY)


def test_what_is_not_a_masthead() -> None:
    """A short title-cased headline, a possessive tagline, an unconfirmed name: none is a site name."""
    assert clean_text(f"Ferry Pier Closes\n{STORY}").kept == ("Ferry Pier Closes", STORY)
    assert clean_text(f"Northern Lights\nCouncil closes old ferry pier\n{STORY}").kept[-1] == STORY
    assert masthead(["Northern Lights", "Council closes old ferry pier", STORY]) is None
    assert masthead(["Kenya's Most Trusted News Source", "Council closes old ferry pier", STORY]) is None
    # a headline right after the masthead is the title, not a slogan, even with a media word in it
    kept = clean_text(f"The Lakeside Times\nLocal news site fined over data leak\n{STORY}").kept
    assert kept == ("Local news site fined over data leak", STORY)


def test_site_name_shapes() -> None:
    assert site_name("Dawn Logo") == "Dawn"
    assert site_name("The Lakeside Times | Latest News, Breaking News") == "The Lakeside Times"
    assert site_name("PACIFIC HARBOUR HERALD") == "PACIFIC HARBOUR HERALD"
    for line in ("Dawn", "Talks resume in Geneva", "Pakistan's Premier News Agency", "Updated 2024", "Share This."):
        assert site_name(line) is None, line
    assert outlet_name("PACIFIC HARBOUR HERALD") == "Pacific Harbour Herald"
    assert outlet_name("BBC NEWS") == "BBC News"


@pytest.mark.parametrize("line", [
    "(Reporting by Ana Lopez in Lima; Writing by Ben Cole; Editing by Sue Park)",
    "Sign up here.",
    "Download The Lakeside Times App for breaking alerts.",
    "Catch all the Politics News and Latest Updates on Lakeside Times.",
    "Comments are moderated and may take a day to appear.",
    "We report from the front line every day. Become a member to keep us going.",
    "This site shows a selection of our wire stories. Contact us for a full feed.",
])
def test_more_site_chrome_sentences(line: str) -> None:
    assert clean_text(f"Council closes old ferry pier\n{STORY}\n{line}").removed == (line,)


def test_structured_text_keeps_what_the_markup_already_judged():
    """Text from an HTML extractor: subheadings, short lines and list items are the article's
    (the page's structure said so); share-button chrome still goes."""
    text = ("Harbour bridge reopens after repairs\n"
            "The bridge reopened on Monday after eight months of repairs, the city said.\n"
            "What changed\n"
            "New cables\n"
            "Engineers replaced every cable and resurfaced the deck, officials said.\n"
            "Share on Facebook\n")
    plain, structured = clean_text(text), clean_text(text, structured=True)
    assert "What changed" in plain.removed and "What changed" in structured.kept
    assert "New cables" in structured.kept
    assert "Share on Facebook" in structured.removed


@pytest.mark.parametrize("line, byline", [
    ("F.P. Report", True), ("Staff Report", True), ("Web Desk", True), ("Our Correspondent", True),
    ("Monitoring Desk", True), ("Annual Report", False), ("Pakistan rejects US report", False),
    ("The Mueller Report", False),
])
def test_desk_bylines_are_bylines_not_titles(line: str, byline: bool) -> None:
    from dateline.clean import is_byline

    assert is_byline(line) is byline


def test_a_desk_byline_on_the_header_line_is_not_the_title() -> None:
    raw = (" date 2019-07-23 F.P. Report\n\nWASHINGTON: Secretary of State Mike Pompeo called on Prime Minister "
           "Imran Khan at Pakistan House on Tuesday.\n")
    c = clean_text(raw)
    assert "F.P. Report" in c.removed and extract_metadata(raw, c).title is None


@pytest.mark.parametrize("line", [
    "Ghana's President attends a rally in Kumasi, Ghana March 4, 2021. REUTERS/Kwame Mensah/File Photo",
    "Marines arrive at the air base, June 2018. (Corporal Dana Lee/USMC)",
    "A heatwave will peak across the coast today. (ABC News: Sam Ward)",
])
def test_photo_credits_by_agency_unit_or_outlet_make_captions(line: str) -> None:
    from dateline.clean import is_caption

    assert is_caption(line)
