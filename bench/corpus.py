"""A synthetic news corpus for the benchmark: many varied articles, written here.

Articles are built from templates (below) over the shipped knowledge base's people and
countries, so that their events resolve like real ones: calls, meetings, visits,
accusations, sanctions, aid and threats between many country pairs, each event told by
one to four outlets in different words, with the site chrome real scrapes carry (share
buttons, "Also Read" links, newsletter prompts, ads), long background paragraphs that
name no actor, exact re-posts and near-duplicates (a changed footer). The bundled example
articles are mixed in as they are. Output is JSON lines shards (the form of news
archives), so that ingest streams them; the same seed gives the same corpus.

Real text: ``t17_inputs``, ``first_files`` and ``spread`` select the articles of
Timeline17 (unpacked by ``bench/eval/t17.py``'s ``unpack``, outside the project) and
``ingested_texts`` reads them as the pipeline does, so that the reference parses what
Dateline reads.
"""
from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import os
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARD = 1000  # articles per JSON lines file

OUTLETS = ("Dawn", "The Daily Courier", "Reuters", "AP", "Anadolu Agency", "The Hindu", "Xinhua",
           "Al Jazeera", "The Nation", "Kyiv Independent", "Gulf Times", "Nairobi Standard", "El Observador",
           "Baltic Wire", "The Straits Herald")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

JUNK = (
    "Share", "Facebook", "Twitter", "WhatsApp", "Copy Link copied", "Print", "Email",
    "ADVERTISEMENT", "Advertisement", "Subscribe to our newsletter for the day's top stories",
    "Click here to read more", "Follow us on Google News", "Read more: {other}", "Also Read: {other}",
    "Sign up for breaking news alerts", "© {year} {outlet}. All rights reserved.",
    "Most Read", "Related Stories", "Comments are closed.",
)
OTHER_HEADLINES = (
    "Gold prices edge higher as dollar slips", "Heatwave grips northern districts",
    "Cricket board names new selection panel", "Stock market closes flat after volatile session",
    "Rains disrupt traffic in the capital", "Film festival opens with record entries",
    "Petrol prices to stay unchanged this fortnight", "University admissions open next week",
)
BACKGROUND = (  # sentences; a paragraph is two or three of them, so lines rarely repeat
    "The economy grew by {n} percent in the last fiscal year, according to official figures.",
    "Inflation remained stubbornly high at {m} percent and the central bank kept interest rates unchanged.",
    "Analysts said the relationship had gone through several ups and downs over the past decade.",
    "Trade volumes have risen steadily even as political ties remained uneven.",
    "Bilateral trade between {A_country} and {B_country} stood at about {n} billion dollars last year.",
    "Both sides have set a target of doubling trade within {m} years through new investment in energy and ports.",
    "Observers noted that the region faces a difficult security environment, with militant violence and "
    "border disputes weighing on governments and markets alike.",
    "The opposition in {A_country} has criticised the handling of foreign policy, arguing that jobs, schools "
    "and hospitals should come first.",
    "Officials familiar with the preparations said the agenda had been drafted over {m} weeks of consultations.",
    "Prices of wheat and edible oil have risen sharply this year.",
    "The government has announced subsidies for low-income households to cushion the impact on the poorest "
    "families.",
    "Many countries are seeking to balance their ties between the major powers while protecting their own "
    "economic interests.",
    "More than half of the population is under thirty, and youth unemployment has become a pressing issue.",
    "Longer droughts and heavier floods have cost an estimated {n} billion dollars in damaged homes, roads and "
    "crops.",
    "Exports of textiles rose {m} percent in the first quarter, while imports of fuel fell.",
    "A spokesperson for the ministry said more details would be shared with the media in due course.",
    "Local newspapers carried the story on their front pages, and television channels ran special programmes.",
    "The currency weakened by {m} percent against the dollar over the month, traders in {city} said.",
    "Thousands of people attended rallies in {city} over the weekend, calling for lower fuel prices.",
    "Security was tightened across {city} ahead of the talks, with several roads closed to traffic.",
)

EVENTS = {
    "call": (
        ("{A_title} {A} and {B_title} {B} held a telephone conversation on {wd}, discussing bilateral ties "
         "and regional security.",
         "{A} spoke with {B} by phone on {wd} about trade and energy cooperation, {A_country}'s foreign "
         "office said in a statement."),
        "{A}, {B} discuss ties in phone call",
    ),
    "meeting": (
        ("{A_title} {A} met {B_title} {B} in {city} on {wd} and the two leaders discussed investment, "
         "security and climate cooperation.",
         "{A} and {B} held talks in {city} on {wd}, according to officials from both sides."),
        "{A} meets {B} in {city}",
    ),
    "visit": (
        ("{A_title} {A} arrived in {B_capital} on {wd} on a two-day official visit, during which {A_he} held "
         "talks with {B_title} {B}.",
         "{A} visited {B_capital} on {wd}, the first such trip in years, and met {B} to discuss trade."),
        "{A} visits {B_capital} for talks",
    ),
    "accuse": (
        ("{A_title} {A} on {wd} accused {B_country} of harbouring militants and backing attacks across the "
         "border.",
         "{A} criticised {B_country} on {wd} for failing to act against armed groups, officials said."),
        "{A} accuses {B_country} of backing militants",
    ),
    "sanction": (
        ("{A_country} imposed sanctions on {B_country} on {wd}, targeting banks and energy companies.",
         "The government of {A_country} on {wd} announced new sanctions against {B_country} over its "
         "military activities."),
        "{A_country} sanctions {B_country} firms",
    ),
    "threaten": (
        ("{A_title} {A} on {wd} threatened {B_country} with consequences if attacks continued.",
         "{A} warned {B_country} on {wd} that it would respond firmly to any provocation."),
        "{A} warns {B_country}",
    ),
    "aid": (
        ("{A_country} pledged 500 million dollars in aid to {B_country} on {wd} to support reconstruction "
         "after the floods.",
         "{A_country} on {wd} announced an assistance package for {B_country}, officials said."),
        "{A_country} pledges aid to {B_country}",
    ),
}


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    country: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    capital: str


def _kb_file(name: str) -> str:
    return resources.files("dateline").joinpath(f"actors/data/{name}").read_text()


def load_people() -> list[Person]:
    """Heads of state and government and foreign and defence ministers with known tenures."""
    names = {r["person_id"]: r["name"] for r in csv.DictReader(_kb_file("people.csv").splitlines())}
    keep = {"head_of_state": "President", "head_of_government": "Prime Minister",
            "foreign_minister": "Foreign Minister", "defence_minister": "Defence Minister"}
    out = []
    for r in csv.DictReader(_kb_file("roles.csv").splitlines()):
        if r["office_key"] in keep and r["start"] and r["person_id"] in names and r["acting"] != "1":
            end = dt.date.fromisoformat(r["end"]) if r["end"] else dt.date(2026, 6, 30)
            out.append(Person(names[r["person_id"]], r["office"] or keep[r["office_key"]], r["country"],
                              dt.date.fromisoformat(r["start"]), end))
    return out


def load_countries() -> dict[str, Country]:
    out = {}
    for r in csv.DictReader(_kb_file("countries.csv").splitlines()):
        capital = (r["capitals"] or "").split("|")[0]
        if capital:
            out[r["iso3"]] = Country(r["iso3"], r["name"], capital)
    return out


class Builder:
    """Writes articles; one instance per corpus so the random stream is reproducible."""

    def __init__(self, seed: int = 5) -> None:
        self.rng = random.Random(seed)
        self.countries = load_countries()
        self.people = [p for p in load_people() if p.country in self.countries and p.end > p.start]

    def pair(self) -> tuple[Person, Person, dt.date]:
        """Two people of different countries who held office on a common day."""
        while True:
            a, b = self.rng.sample(self.people, 2)
            lo, hi = max(a.start, b.start, dt.date(2015, 1, 1)), min(a.end, b.end)
            if a.country != b.country and lo < hi:
                return a, b, lo + dt.timedelta(days=self.rng.randrange((hi - lo).days))

    def event_articles(self) -> list[dict[str, object]]:
        """One to four outlets' reports of one event, sometimes re-posted."""
        a, b, day = self.pair()
        kind = self.rng.choice(sorted(EVENTS))
        outlets = self.rng.sample(OUTLETS, self.rng.choice((1, 1, 2, 2, 3, 4)))
        out = []
        for outlet in outlets:
            published = day + dt.timedelta(days=self.rng.choice((0, 1, 1, 2)))
            out.append(self.article(kind, a, b, day, published, outlet))
        if self.rng.random() < 0.08:  # an exact re-post
            out.append(dict(out[0]))
        if self.rng.random() < 0.08:  # a near-duplicate: another footer
            out.append(dict(out[0], text=str(out[0]["text"]) + "\n\nThis story has been updated."))
        return out

    def fill(self, a: Person, b: Person, published: dt.date, day: dt.date) -> dict[str, str]:
        ca, cb = self.countries[a.country], self.countries[b.country]
        wd = WEEKDAYS[day.weekday()] if (published - day).days < 6 else day.strftime("%B %-d")
        return {"A": a.name, "B": b.name, "A_title": f"{ca.name}'s {a.title}" if self.rng.random() < .3 else a.title,
                "B_title": b.title, "A_country": ca.name, "B_country": cb.name, "B_capital": cb.capital,
                "city": self.rng.choice((cb.capital, ca.capital)), "wd": wd, "A_he": "he",
                "n": str(self.rng.randrange(2, 60)), "m": str(self.rng.randrange(3, 30)),
                "year": str(published.year)}

    def article(self, kind: str, a: Person, b: Person, day: dt.date, published: dt.date,
                outlet: str) -> dict[str, object]:
        f = self.fill(a, b, published, day)
        sentences, headline = EVENTS[kind]
        body = [self.rng.choice(sentences).format(**f)]
        for _ in range(self.rng.randrange(6, 13)):
            fill = self.fill(a, b, published, day)
            sentences_ = self.rng.sample(BACKGROUND, self.rng.choice((2, 2, 3)))
            body.append(" ".join(x.format(**fill) for x in sentences_))
            if self.rng.random() < 0.3:
                body.append(self.junk(outlet, published))
        if self.rng.random() < 0.5:
            body.append(f"{b.name} is expected to pay a return visit later this year, officials said.")
        lines = [headline.format(**f), *self.chrome(outlet, published), *body, self.junk(outlet, published)]
        record: dict[str, object] = {"title": headline.format(**f), "outlet": outlet,
                                     "url": f"https://news.example/{outlet.lower().replace(' ', '-')}/"
                                            f"{self.rng.getrandbits(40):x}",
                                     "text": "\n\n".join(lines)}
        if self.rng.random() < 0.9:  # some archives lose the publication date
            record["date"] = published.isoformat()
        return record

    def chrome(self, outlet: str, published: dt.date) -> list[str]:
        return [self.junk(outlet, published) for _ in range(self.rng.randrange(0, 4))]

    def junk(self, outlet: str, published: dt.date) -> str:
        return self.rng.choice(JUNK).format(other=self.rng.choice(OTHER_HEADLINES), year=published.year,
                                            outlet=outlet)


def example_articles() -> list[dict[str, object]]:
    """The bundled example articles, as they are (their first line may carry a date)."""
    out: list[dict[str, object]] = []
    for path in sorted((ROOT / "examples" / "seeds").glob("*.txt")):
        text = path.read_text()
        date = None
        if text.startswith(" date "):
            first, _, text = text.partition("\n")
            date = first.split()[-1]
        out.append({"text": text, **({"date": date} if date else {})})
    return out


def articles(n: int, seed: int = 5) -> Iterator[dict[str, object]]:
    """``n`` articles: the examples first, then template articles event by event."""
    made = 0
    for record in example_articles():
        if made < n:
            made += 1
            yield record
    builder = Builder(seed)
    while made < n:
        for record in builder.event_articles():
            if made < n:
                made += 1
                yield record


def write_corpus(n: int, folder: Path, seed: int = 5) -> list[Path]:
    """Write ``n`` articles as JSON lines shards under ``folder``; returns the shard paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    fh = None
    for i, record in enumerate(articles(n, seed)):
        if i % SHARD == 0:
            if fh:
                fh.close()
            paths.append(folder / f"shard-{i // SHARD:05d}.jsonl")
            fh = paths[-1].open("w")
        assert fh is not None
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    return paths


def texts(paths: list[Path]) -> Iterator[str]:
    """The articles' texts, as the reference parses them (streamed, one at a time)."""
    for path in paths:
        with path.open() as fh:
            for line in fh:
                yield json.loads(line)["text"]


def t17_inputs(root: Path) -> list[Path]:
    """The article folders of an unpacked Timeline17 (``<topic>/InputDocs``, one
    ``<YYYY-MM-DD>`` folder per publication day inside), topics in name order; the gold
    timelines and keywords beside them are not articles."""
    return [topic / "InputDocs" for topic in sorted(root.iterdir())
            if not topic.name.startswith(".") and (topic / "InputDocs").is_dir()]


def first_files(paths: Iterable[str | os.PathLike[str]], n: int | None = None) -> list[Path]:
    """The first ``n`` files (all with ``None``) under ``paths`` in the order the pipeline
    reads them (``dateline.ingest.walk``): one article per file in Timeline17."""
    from dateline.ingest import walk

    files = (Path(p) for p in walk(paths) if isinstance(p, str))
    return list(itertools.islice(files, n))


def spread(items: list[Path], k: int) -> list[Path]:
    """``k`` of ``items`` evenly spaced from the first (all of them when ``k`` is not
    fewer): a sample of Timeline17 for the reference, whose articles, unlike the synthetic
    ones, differ by topic (the first thousand are mostly long transcripts and pages), so
    that the first ``k`` would not have the length of the articles the pipeline runs."""
    if k >= len(items):
        return list(items)
    return [items[i * len(items) // k] for i in range(max(0, k))]


def ingested_texts(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """The articles' texts as the pipeline reads them (``dateline.ingest.discover``:
    tokenized text read back as prose), streamed. Unreadable inputs are left out, and so
    are texts the pipeline skips as too long (its default ``--max-chars``)."""
    from dateline.ingest import discover
    from dateline.ingest.limits import DEFAULT_MAX_CHARS
    from dateline.model import RawDoc

    for item in discover(paths):
        if isinstance(item, RawDoc) and len(item.text) <= DEFAULT_MAX_CHARS:
            yield item.text
