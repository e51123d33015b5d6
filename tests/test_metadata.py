"""Metadata from plain text: the seeds' gold, our articles, hints, and date parsing."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.clean import clean_text
from dateline.metadata import extract_metadata, find_date, guess_language, parse_date
from dateline.model import Metadata, RawDoc

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "examples" / "seeds"
OURS = HERE / "data" / "clean"
GOLD = json.loads((SEEDS.parent / "seeds-expected.json").read_text(encoding="utf-8"))["documents"]
EXPECTED = yaml.safe_load((OURS / "expected.yaml").read_text(encoding="utf-8"))
FIELDS = {"title": "title", "outlet": "outlet", "pub_date": "published", "dateline": "dateline", "author": "author"}


def meta_of(path: Path, hints: RawDoc | None = None) -> Metadata:
    raw = path.read_text(encoding="utf-8")
    return extract_metadata(raw, clean_text(raw), hints)


@pytest.mark.parametrize("doc", GOLD, ids=lambda d: d["doc"])
def test_seed_metadata_matches_gold(doc: dict) -> None:
    meta = meta_of(SEEDS / doc["doc"])
    for gold_field, field in FIELDS.items():
        if gold_field in doc:
            assert getattr(meta, field) == doc[gold_field], field
    assert meta.language == "en"


def test_seed_metadata_fields_not_in_gold() -> None:
    """What the gold leaves out still comes out right, or stays None."""
    assert meta_of(SEEDS / "000_a40d4209a361a365.txt").author is None
    assert meta_of(SEEDS / "001_10dce2bd6d4226a8.txt").author is None
    assert meta_of(SEEDS / "004_d14b1e7f85f08b31.txt").dateline is None


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=str)
def test_written_article_metadata(name: str) -> None:
    meta = meta_of(OURS / name)
    for field, want in EXPECTED[name]["meta"].items():
        assert getattr(meta, field) == want, field


def test_hints_win_over_the_text() -> None:
    hints = RawDoc(path="x.html", text="", kind="html", title="Container title", url="https://www.dawn.com/news/1",
                   published="2021-08-12T04:00:00+05:00", author="Someone Else")
    meta = meta_of(SEEDS / "003_553991011d6e1d62.txt", hints)
    assert (meta.title, meta.outlet, meta.published, meta.author) == (
        "Container title", "Dawn", "2021-08-12", "Someone Else")
    assert meta_of(SEEDS / "001_10dce2bd6d4226a8.txt", RawDoc("y", "", "html", outlet="The News")).outlet == "The News"


def test_unknown_url_gives_outlet_only_when_text_names_none() -> None:
    hints = RawDoc(path="x", text="", kind="html", url="https://example-times.com/a/b")
    assert meta_of(SEEDS / "001_10dce2bd6d4226a8.txt", hints).outlet == "Example-times"
    assert meta_of(SEEDS / "003_553991011d6e1d62.txt", hints).outlet == "Dawn"


def test_date_inside_a_sentence_is_not_a_publication_date() -> None:
    raw = ("Talks on the border resume\nISLAMABAD: The Taliban took over on August 15, 2021, officials recalled.\n"
           "Pakistan to hold elections on February 8, 2024 as planned")
    assert extract_metadata(raw, clean_text(raw)).published is None


def test_author_forms() -> None:
    for raw, want in (("A headline for the story\nBy John Smith\nThe talks went well, he said.", "John Smith"),
                      ("A headline for the story\nBy\nNews Desk\nThe talks went well, he said.", "News Desk"),
                      ("Jane DoePublished March 3, 2024\nThe talks went well, he said.", "Jane Doe"),
                      ("By the end of the week the talks had collapsed entirely, officials said.", None)):
        assert extract_metadata(raw, clean_text(raw)).author == want, raw


def test_language_profiles() -> None:
    assert guess_language("Le ministre a déclaré que les discussions avec la Chine sont utiles pour la paix.") == "fr"
    assert guess_language("El ministro dijo que las conversaciones con los Estados Unidos son muy útiles.") == "es"
    german = "Der Minister sagte, dass die Gespräche mit den USA auch für die Region wichtig sind."
    assert guess_language(german) == "de"
    assert guess_language("The minister said the talks with the United States were useful.") == "en"
    assert guess_language("12 345 !!") is None


# --- parse_date -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,want", [
    ("2021-08-11", dt.date(2021, 8, 11)), ("August 11, 2021", dt.date(2021, 8, 11)),
    ("Aug 11 2021", dt.date(2021, 8, 11)), ("Wednesday Aug 11, 2021", dt.date(2021, 8, 11)),
    ("25 July, 2023", dt.date(2023, 7, 25)), ("August 11th, 2021", dt.date(2021, 8, 11)),
    ("Sept. 3, 2024", dt.date(2024, 9, 3)), ("25/07/2023", dt.date(2023, 7, 25)),
    ("07/25/2023", dt.date(2023, 7, 25)), ("05.05.2020", dt.date(2020, 5, 5)),
])
def test_parse_date_reads_common_forms(text: str, want: dt.date) -> None:
    assert parse_date(text) == want


@pytest.mark.parametrize("text", ["11/08/2021", "3-4-2022", "Tuesday Aug 11, 2021", "August 32, 2021",
                                  "February 29, 2023", "August 2021", "11 August", "yesterday", "", "2021"])
def test_parse_date_refuses_what_it_cannot_be_sure_of(text: str) -> None:
    assert parse_date(text) is None


def test_find_date_skips_unreadable_ones() -> None:
    assert find_date("Updated 11/08/2021 and Published August 12, 2021") == dt.date(2021, 8, 12)


def ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


FORMATS = (
    lambda d: d.isoformat(),
    lambda d: f"{d:%B} {d.day}, {d.year}",
    lambda d: f"{d:%b} {d.day} {d.year}",
    lambda d: f"{d:%A} {d:%b} {d.day}, {d.year}",
    lambda d: f"{d.day} {d:%B}, {d.year}",
    lambda d: f"{d:%B} {d.day}{ordinal_suffix(d.day)}, {d.year}",
    lambda d: f"{d:%a}, {d.day} {d:%b} {d.year}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(FORMATS))
def test_parse_date_round_trips(day: dt.date, fmt) -> None:
    assert parse_date(fmt(day)) == day


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_numeric_dates_only_when_unambiguous(day: dt.date) -> None:
    got = parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}")
    assert got == (day if day.day > 12 or day.day == day.month else None)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_date_never_raises(text: str) -> None:
    assert parse_date(text) is None or isinstance(parse_date(text), dt.date)


def test_dates_in_a_list_of_other_stories_are_not_the_publication_date() -> None:
    raw = ("Ministers meet in Doha over ceasefire\nDOHA: The ministers met on Monday, officials said.\n"
           "Latest\nOther story about something else\nAug 10, 2021\nAnother story about a third thing\nAug 9, 2021")
    assert extract_metadata(raw, clean_text(raw)).published is None


# --- the site's own name and European stamps -------------------------------------------------

BODY = "PORT ELLEN, May 3 (CPA) - The council voted on Thursday to close the old ferry pier, officials said."


def test_masthead_names_the_outlet_before_a_wire_credit() -> None:
    raw = f"Harbour Gazette\nIndependent news from the coast\nCouncil closes old ferry pier\n{BODY}"
    meta = extract_metadata(raw, clean_text(raw))
    assert (meta.outlet, meta.title, meta.dateline) == ("Harbour Gazette", "Council closes old ferry pier", "Port Ellen")


def test_header_stamp_naming_the_site_is_not_the_title() -> None:
    for header in (" date 2024-05-03 The Lakeside Times | Latest News", " date 2024-05-03 Lakeside Times Logo"):
        raw = f"{header}\nCouncil closes old ferry pier\n{BODY}"
        meta = extract_metadata(raw, clean_text(raw))
        assert meta.title == "Council closes old ferry pier", header
        assert meta.outlet in ("The Lakeside Times", "Lakeside Times"), header
        assert meta.published == "2024-05-03"


def test_all_capital_masthead_is_written_as_a_name() -> None:
    raw = f"CORAL BAY HERALD\nSign in | Subscribe\nCouncil closes old ferry pier\n{BODY}"
    assert extract_metadata(raw, clean_text(raw)).outlet == "Coral Bay Herald"


def test_without_a_masthead_the_wire_credit_stays_the_outlet() -> None:
    raw = f"Council closes old ferry pier\n{BODY}"
    assert extract_metadata(raw, clean_text(raw)).outlet == "CPA"


@pytest.mark.parametrize("stamp", ["Ana Lopez |03.05.2024 - Update : 03.05.2024", "03.05.2024 09:12",
                                   "Published: 3.5.2024", "Updated 03.05.2024, 18:40"])
def test_dotted_stamps_are_day_first(stamp: str) -> None:
    raw = f"Council closes old ferry pier\n{stamp}\nThe council voted on Thursday to close the pier, officials said."
    assert extract_metadata(raw, clean_text(raw)).published == "2024-05-03", stamp


def test_dotted_dates_day_first_slashed_still_ambiguous() -> None:
    assert parse_date("08.02.2024") == dt.date(2024, 2, 8)
    assert parse_date("12.31.2024") == dt.date(2024, 12, 31)   # cannot be day-first
    assert parse_date("31.02.2024") is None
    assert parse_date("08/02/2024") is None


def test_dotted_date_inside_a_sentence_is_not_a_stamp() -> None:
    raw = "Council closes old ferry pier\nThe council first discussed the pier on 08.02.2024, the minutes show."
    assert extract_metadata(raw, clean_text(raw)).published is None


@pytest.mark.parametrize("opening,city", [
    ("Lisbon, Mar 9 (LNA): The ministers met on Monday, officials said.", "Lisbon"),
    ("Nairobi, Oct 2: The ministers met on Monday, officials said.", "Nairobi"),
    ("TBILISI, April 4. /GNA/. The ministers met on Monday, officials said.", "Tbilisi"),
])
def test_datelines_with_a_month_day_or_a_slash_credit(opening: str, city: str) -> None:
    raw = f"Ministers meet over border crossings\n{opening}"
    assert extract_metadata(raw, clean_text(raw)).dateline == city


def test_slash_credit_is_the_outlet_when_nothing_else_names_one() -> None:
    raw = "Ministers meet over border crossings\nTBILISI, April 4. /GNA/. The ministers met on Monday, officials said."
    assert extract_metadata(raw, clean_text(raw)).outlet == "GNA"


def test_weekday_is_not_a_dateline_city() -> None:
    raw = "Ministers meet over border crossings\nMonday, May 5: the ministers met again, officials said."
    assert extract_metadata(raw, clean_text(raw)).dateline is None


def test_lone_capital_city_line_and_dateline_below_summary_bullets() -> None:
    raw = "Ministers meet over border crossings\nTBILISI\nThe ministers met on Monday to discuss crossings, officials said."
    assert extract_metadata(raw, clean_text(raw)).dateline == "Tbilisi"
    bullets = "\n".join(f"• Point number {n} of the summary here" for n in range(3))
    raw = f"Ministers meet over border crossings\n{bullets}\nTBILISI: The ministers met on Monday, officials said."
    assert extract_metadata(raw, clean_text(raw)).dateline == "Tbilisi"


@pytest.mark.parametrize("head,want", [
    ("Author: Nino Beridze\nPublished: May 3, 2024", "Nino Beridze"),
    ("Posted on May 3, 2024 by Nino Beridze", "Nino Beridze"),
    ("Nino Beridze |03.05.2024 - Update : 03.05.2024", "Nino Beridze"),
    ("Nino Beridze\nPublished: May 3, 2024", "Nino Beridze"),
    ("Updated: 03 May 2024, 07:58 AM\nNino Beridze", "Nino Beridze"),
    ("Last Updated: May 3, 2024, 10:35 | Edited By: Web Desk", "Web Desk"),
    ("HARBOUR GAZETTE STAFF\nPublished May 3, 2024 00:41", "Harbour Gazette Staff"),
])
def test_author_beside_or_inside_the_date_stamp(head: str, want: str) -> None:
    raw = f"Ministers meet over border crossings\n{head}\nTBILISI: The ministers met on Monday, officials said."
    assert extract_metadata(raw, clean_text(raw)).author == want, head


def test_the_sites_today_bar_above_the_title_is_not_the_publication_date() -> None:
    """Scraped pages often start with the site's date of the day the page was saved;
    the article's own stamp stands under its title."""
    raw = ("Tuesday, March 4, 2025\n\nLagos and Accra agree on visa waiver\n\nLagos and Accra agree on visa waiver\n"
           "June 12, 2019\nABUJA (Sun News) - Nigeria and Ghana on Wednesday agreed to waive visas for "
           "official passport holders, the two foreign ministries said.\n")
    assert extract_metadata(raw, clean_text(raw)).published == "2019-06-12"
    alone = "Tuesday, March 4, 2025\nNigeria and Ghana on Wednesday agreed to waive visas, officials said.\n"
    assert extract_metadata(alone, clean_text(alone)).published == "2025-03-04"


def test_a_dateline_that_opens_with_the_date_dates_the_article() -> None:
    raw = ("Lagos sends troops to the border\n\n"
           "12th March 2024 – (Abuja) Nigeria has announced that it will send two battalions to the northern "
           "border, the defence ministry said on Tuesday.\n")
    assert extract_metadata(raw, clean_text(raw)).published == "2024-03-12"
