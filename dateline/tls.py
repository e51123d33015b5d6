"""Topic timelines: the dates that matter most in a story, each with its best sentences.

A dyad timeline lists PLOVER interactions between two countries. A user following a
story ("the war in Libya", "the oil spill") wants something else: the K days on which
the most happened, each told in a few sentences from the articles. This is what the
field calls timeline summarisation (TLS), and we follow its strongest simple idea, the
date-wise approach (Ghalandari & Ifrim 2020, after Tran et al. 2013): first choose the
dates, then summarise each date.

1. **Which articles**: an FTS5 query over the stored articles (``libya OR gadhafi``), or
   a list of keywords (any of them), or all articles. Near-duplicates are left out.
2. **Dated sentences**: every sentence with a temporal expression that resolves to one
   day against its article's publication date ("on Wednesday", "Feb. 17"), and every
   mention of a stored event dated to a day (PLOVER interactions and the ``OTHER``
   happenings of ``happenings.py``, labelled with their type and mode).
3. **Which dates**: a date matters as much as the number of different articles that
   still refer to it a week or more later (lasting importance: on Timeline17's
   political topics this chose better than counting all references, which mostly
   measures how densely a period was covered), then as the number of all articles
   that refer to it. Dates long before the first article (background: "since 1969")
   are left out, and so are dates after the last. With a query, a date none of whose
   sentences mentions its words is passed over (DATEWISE skips such dates too).
4. **Which sentences**: a date's candidates are the sentences that refer to it and the
   leads of the articles published on it or the day after (their first sentences
   without a temporal expression: a news lead tells what just happened, undated). The
   summary is built greedily: each next sentence is the one that brings the summary's
   tf-idf vector closest to the centroid of all candidates (idf over all candidates),
   skipping any too close to one already taken. Leads never choose a date; they only
   help to tell it, and one lead tells one date of a timeline (the more important).
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from . import query, timex
from .clean import load_data
from .errors import QueryError
from .happenings import split_sentences
from .model import Article, Event
from .store import Store

DEFAULT_TOP = 20
DEFAULT_SENTENCES = 2
BACKGROUND_DAYS = 30  # referred dates this long before the first article are background
LATER_DAYS = 7  # a reference this long after the date shows lasting importance
_MIN_WORDS, _MAX_WORDS = 6, 45  # a summary sentence: a whole statement, not a paragraph
_REDUNDANT = 0.5  # cosine above which a sentence adds nothing to one already taken
LEAD_SENTENCES = 5  # an article's lead: its first sentences
LEAD_DAYS = 2  # a lead tells its publication day or the day before


@dataclass(frozen=True)
class DatedSentence:
    """One sentence of one article, placed on one day, with the evidence that placed it."""

    day: dt.date
    text: str
    article_id: str
    outlet: str | None
    basis: str
    kind: str = "timex"  # "timex"; "lead" (placed by publication); the event's "TYPE/mode" when one dated it

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self) | {"day": self.day.isoformat()}


@dataclass(frozen=True)
class DateEntry:
    """One date of a topic timeline: how many articles refer to it, and its summary."""

    day: dt.date
    articles: int
    sentences: tuple[DatedSentence, ...]

    def to_dict(self) -> dict[str, object]:
        return {"date": self.day.isoformat(), "articles": self.articles,
                "sentences": [s.to_dict() for s in self.sentences]}


@dataclass(frozen=True)
class TopicTimeline:
    """The dates that matter most for a topic, in date order."""

    query: str | None
    article_count: int
    entries: tuple[DateEntry, ...]

    def to_dict(self) -> dict[str, object]:
        return {"query": self.query, "articles": self.article_count, "dates": [e.to_dict() for e in self.entries]}

    def as_mapping(self) -> dict[dt.date, list[str]]:
        """Date -> sentence texts: the form the TLS scorer (``tlsmetrics``) takes."""
        return {e.day: [s.text for s in e.sentences] for e in self.entries}


# -- which articles ----------------------------------------------------------------------------------

def keywords_query(keywords: Sequence[str]) -> str:
    """An FTS5 query matching any of the keywords, each as a phrase."""
    terms = [str(k).replace('"', " ").strip() for k in keywords]
    terms = [t for t in terms if t]
    if not terms:
        raise QueryError("the keywords list is empty")
    return " OR ".join(f'"{t}"' for t in terms)


def load_keywords(path: Path) -> list[str]:
    """A JSON list of keyword strings (the form of Timeline17's ``keywords.json``)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QueryError(f"cannot read keywords from {path}: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(k, str) for k in data):
        raise QueryError(f"{path}: expected a JSON list of strings")
    return data


def query_terms(fts_query: str | None) -> list[str]:
    """The words and phrases of an FTS5 query, without its operators, column names and
    prefix stars: what a sentence about the topic mentions."""
    if not fts_query:
        return []
    found = re.findall(r'"([^"]+)"|([^\s"(),]+)', fts_query)
    terms = [phrase or word for phrase, word in found]
    terms = [t.split(":", 1)[-1].rstrip("*").strip() for t in terms if t not in _FTS_OPERATORS and not t.isdigit()]
    return [t.lower() for t in terms if t]


_FTS_OPERATORS = frozenset({"OR", "AND", "NOT", "NEAR"})


def _mentions_any(terms: Sequence[str]) -> Callable[[str], bool]:
    """A test that a text has a word starting with one of ``terms`` ("libya" in "Libyan";
    a phrase's words in order), true of any text when there are none."""
    if not terms:
        return lambda text: True
    pattern = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, t.split())) for t in terms) + ")", re.I)
    return lambda text: pattern.search(text) is not None


def topic_articles(store: Store, fts_query: str | None) -> list[Article]:
    """The stored articles the query matches (all without a query), near-duplicates left out.
    Raises ``QueryError`` for a query FTS5 cannot read."""
    wanted: set[str] | None = None
    if fts_query is not None:
        try:
            rows = store.query("SELECT a.article_id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
                               " WHERE articles_fts MATCH ?", (fts_query,))
        except sqlite3.OperationalError as exc:
            raise QueryError(f"invalid --query {fts_query!r}: {exc}") from exc
        wanted = {r["article_id"] for r in rows}
    return [a for a in store.articles() if a.duplicate_of is None and (wanted is None or a.article_id in wanted)]


# -- dated sentences ---------------------------------------------------------------------------------

_STAMP = re.compile(r"^\((?:[^()]{0,80}\b(?:[ap]\.m\.|ET|GMT|BST|EST|EDT|[Uu]pdated?)\b[^()]{0,80})\)\s*")


def without_stamp(sentence: str) -> str:
    """A sentence without a leading time stamp in brackets, as live pages print them
    ('(Update 8:14 a.m. Tuesday in Cairo) Protesters gathered ...'): the stamp's weekday
    is when it was written, not when it happened, and it is no part of the news."""
    return _STAMP.sub("", sentence, count=1)


def dated_sentences(article: Article) -> list[DatedSentence]:
    """Each sentence placed on each day its temporal expressions resolve to, against the
    article's publication date, each in the tense its sentence gives it (``timex.read_tense``:
    future for 'will', 'is due to', ..., and a day of the month for an occasion to come)."""
    return placed_sentences(article)[0]


def lead_sentences(article: Article) -> list[DatedSentence]:
    """The first ``LEAD_SENTENCES`` sentences of the article that hold no temporal expression,
    each placed on its publication day and the ``LEAD_DAYS - 1`` days before: a lead tells
    what just happened without a date ("Protesters stormed the ministry, witnesses said"),
    and a story of the evening is often published the next morning. Summary candidates
    only: how important a date is stays read from the sentences that name it."""
    return placed_sentences(article)[1]


def placed_sentences(article: Article) -> tuple[list[DatedSentence], list[DatedSentence]]:
    """(``dated_sentences``, ``lead_sentences``) of the article, its temporal expressions
    found once."""
    anchor = article.published_date
    dated: list[DatedSentence] = []
    leads: list[DatedSentence] = []
    for i, sentence in enumerate(map(without_stamp, split_sentences(article.text))):
        found = timex.find_timexes(sentence)
        if not found and i < LEAD_SENTENCES and anchor is not None:
            basis = f"lead of an article published {anchor.isoformat()}"
            leads.extend(DatedSentence(anchor - dt.timedelta(days=k), sentence, article.article_id, article.outlet,
                                       basis, "lead") for k in range(LEAD_DAYS))
        days: dict[dt.date, str] = {}
        for t in found:
            date = timex.resolve(t, anchor, timex.read_tense(sentence, t))
            if date is not None and date.precision == "day":
                days.setdefault(date.start_date, date.basis or f"'{t.text}'")
        dated.extend(DatedSentence(day, sentence, article.article_id, article.outlet, basis)
                     for day, basis in days.items())
    return dated, leads


def event_sentences(events: Iterable[Event], article_ids: set[str]) -> list[DatedSentence]:
    """The mentions of day-dated event reports in the chosen articles, labelled TYPE/mode.
    Reports (one article's view) rather than merged events: a merged event keeps one date
    for all its mentions, and a topic timeline places each sentence by its own article."""
    out: list[DatedSentence] = []
    for ev in events:
        if ev.date.precision != "day":
            continue
        for m in ev.mentions:
            if m.article_id in article_ids:
                out.append(DatedSentence(ev.date.start_date, without_stamp(m.sentence), m.article_id, m.outlet,
                                         ev.date.basis, f"{ev.type}/{ev.mode}"))
    return out


def _merge(pool: Iterable[DatedSentence]) -> list[DatedSentence]:
    """One entry per (day, article, sentence); an event's label wins over a bare timex."""
    best: dict[tuple[dt.date, str, str], DatedSentence] = {}
    for s in pool:
        key = (s.day, s.article_id, s.text)
        if key not in best or best[key].kind == "timex":
            best[key] = s
    return list(best.values())


# -- which dates -------------------------------------------------------------------------------------

def in_window(pool: Sequence[DatedSentence], published: Sequence[dt.date],
              background_days: int = BACKGROUND_DAYS) -> list[DatedSentence]:
    """Dates from a little before the first article to the last one: earlier ones are
    background, later ones plans."""
    if not published:
        return list(pool)
    first, last = min(published) - dt.timedelta(days=background_days), max(published)
    return [s for s in pool if first <= s.day <= last]


def rank_dates(pool: Sequence[DatedSentence], published: Mapping[str, dt.date | None]) -> list[tuple[dt.date, int]]:
    """Dates by lasting importance: first the number of different articles that still refer
    to a date ``LATER_DAYS`` or more after it (a day still recalled a week on mattered;
    the day's own reports only show that it was covered), then the number of all
    articles referring to it, then of sentences, then earlier first. ``published`` maps
    article ids to their publication dates. Returns (date, referring articles) pairs."""
    later: dict[dt.date, set[str]] = defaultdict(set)
    articles: dict[dt.date, set[str]] = defaultdict(set)
    sentences: Counter[dt.date] = Counter()
    for s in pool:
        articles[s.day].add(s.article_id)
        sentences[s.day] += 1
        if (pub := published.get(s.article_id)) and (pub - s.day).days >= LATER_DAYS:
            later[s.day].add(s.article_id)
    order = sorted(articles, key=lambda d: (-len(later[d]), -len(articles[d]), -sentences[d], d))
    return [(d, len(articles[d])) for d in order]


# -- which sentences ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(load_data("languages.yaml").get("en") or ())


def _words(text: str) -> list[str]:
    stop = _stop_words()
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stop and len(w) > 1]


def _idf(pool: Sequence[DatedSentence]) -> dict[str, float]:
    texts = {s.text for s in pool}
    df: Counter[str] = Counter(w for t in texts for w in set(_words(t)))
    n = len(texts) or 1
    return {w: math.log((n + 1) / (k + 1)) + 1 for w, k in df.items()}


def _vector(text: str, idf: Mapping[str, float]) -> dict[str, float]:
    tf = Counter(_words(text))
    return {w: k * idf.get(w, 1.0) for w, k in tf.items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _summary_shaped(text: str) -> bool:
    """A sentence that can stand in a timeline: a whole statement of reasonable length,
    not a quotation, a question, page chrome ('Reply |') or shouting (reader comments)."""
    n = len(text.split())
    letters = [c for c in text if c.isalpha()]
    shouting = sum(c.isupper() for c in letters) > 0.5 * len(letters)
    return (_MIN_WORDS <= n <= _MAX_WORDS and not text.startswith(('"', "“", "'")) and not text.endswith("?")
            and "|" not in text and not shouting)


def summarise(candidates: Sequence[DatedSentence], n: int, idf: Mapping[str, float]) -> tuple[DatedSentence, ...]:
    """``n`` sentences whose summed vector comes closest to the centroid of all candidates,
    chosen greedily one at a time (a summary covers the date's story, where the n most
    central sentences would often all tell its main point), none too close to another.
    Only summary-shaped sentences are chosen (any when none is); all shape the centroid."""
    vectors = {c.text: _vector(c.text, idf) for c in candidates}
    centroid: Counter[str] = Counter()
    for c in candidates:
        centroid.update(vectors[c.text])
    distinct = sorted({c.text: c for c in candidates}.values(), key=lambda c: c.text)
    usable = [c for c in distinct if _summary_shaped(c.text)] or distinct
    chosen: list[DatedSentence] = []
    summary: Counter[str] = Counter()
    while len(chosen) < n:
        fresh = [c for c in usable if all(_cosine(vectors[c.text], vectors[o.text]) <= _REDUNDANT for o in chosen)]
        if not fresh:
            break
        best = max(fresh, key=lambda c: _cosine(summary + Counter(vectors[c.text]), centroid))
        chosen.append(best)
        summary.update(vectors[best.text])
        usable.remove(best)
    return tuple(chosen)


# -- the whole -----------------------------------------------------------------------------------------

def build(articles: Sequence[Article], events: Iterable[Event], *, top: int = DEFAULT_TOP,
          sentences: int = DEFAULT_SENTENCES, query_text: str | None = None,
          since: dt.date | None = None, until: dt.date | None = None,
          terms: Sequence[str] = ()) -> TopicTimeline:
    """The topic timeline of some articles (and the stored events that cite them): a pure
    function, so that the CLI, the web and the benchmark all build the same thing.

    With ``terms`` (the words of the user's query), a date none of whose sentences
    mentions one of them is passed over for the next one: an article about the story
    also tells of other things, and their dates are not the story's."""
    if top < 1 or sentences < 1:
        raise QueryError("--top and --sentences must be at least 1")
    ids = {a.article_id for a in articles}
    placed = [placed_sentences(a) for a in articles]
    pool = _merge([s for dated, _ in placed for s in dated] + event_sentences(events, ids))
    published = [d for a in articles if (d := a.published_date)]
    pool = [s for s in in_window(pool, published) if (since is None or s.day >= since) and (until is None or s.day <= until)]
    taken = {(s.day, s.article_id, s.text) for s in pool}
    leads = [s for _, lead in placed for s in lead if (s.day, s.article_id, s.text) not in taken]
    by_day: dict[dt.date, list[DatedSentence]] = defaultdict(list)
    for s in pool + leads:
        by_day[s.day].append(s)
    idf = _idf(pool + leads)
    entries: list[DateEntry] = []
    told: set[str] = set()  # a lead tells one date only (it names none): the more important one
    on_topic = _mentions_any(terms)
    for day, count in rank_dates(pool, {a.article_id: a.published_date for a in articles}):
        if len(entries) == top:
            break
        candidates = [c for c in by_day[day] if c.kind != "lead" or c.text not in told]
        if not any(on_topic(c.text) for c in candidates):
            continue
        summary = summarise(candidates, sentences, idf)
        told.update(c.text for c in summary if c.kind == "lead")
        entries.append(DateEntry(day, count, summary))
    return TopicTimeline(query_text, len(articles), tuple(sorted(entries, key=lambda e: e.day)))


def topic_timeline(store: Store, fts_query: str | None = None, *, top: int = DEFAULT_TOP,
                   sentences: int = DEFAULT_SENTENCES, since: str | None = None,
                   until: str | None = None) -> TopicTimeline:
    """The topic timeline of the stored articles an FTS5 query matches (all without one)."""
    articles = topic_articles(store, fts_query)
    events = list(store.reports())  # per article: each mention keeps its own article's dating
    flt = query.EventFilter.parse(since=since, until=until)
    return build(articles, events, top=top, sentences=sentences, query_text=fts_query, terms=query_terms(fts_query),
                 since=dt.date.fromisoformat(flt.since) if flt.since else None,
                 until=dt.date.fromisoformat(flt.until) if flt.until else None)


def markdown(tl: TopicTimeline) -> str:
    """The topic timeline for reading: a heading per date, its sentences with their source."""
    what = tl.query or "all articles"
    lines = [f"# Topic timeline: {what} ({len(tl.entries)} dates from {tl.article_count} articles)", ""]
    for e in tl.entries:
        lines.append(f"## {e.day.isoformat()} ({e.articles} articles)")
        for s in e.sentences:
            label = "" if s.kind in ("timex", "lead") else f"{s.kind}; "  # the basis tells those
            lines.append(f"- {s.text} _({label}{s.outlet or 'unnamed outlet'}; date: {s.basis})_")
        lines.append("")
    return "\n".join(lines)


def html(tl: TopicTimeline) -> str:
    """A static page of the topic timeline, every text escaped."""
    from html import escape as e

    items = "\n".join(
        f"<li><time>{e(x.day.isoformat())}</time> <small>{x.articles} articles</small><ul>"
        + "".join(f"<li>{e(s.text)} <small>{e(s.outlet or '')}</small></li>" for s in x.sentences) + "</ul></li>"
        for x in tl.entries)
    title = e(f"Topic timeline: {tl.query or 'all articles'}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1><ol>\n{items}\n</ol></body></html>\n")


def render(tl: TopicTimeline, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(tl.to_dict(), ensure_ascii=False, indent=1) + "\n"
    return html(tl) if fmt == "html" else markdown(tl)


__all__ = ["DEFAULT_SENTENCES", "DEFAULT_TOP", "DateEntry", "DatedSentence", "TopicTimeline", "build",
           "dated_sentences", "event_sentences", "keywords_query", "lead_sentences", "load_keywords",
           "placed_sentences", "rank_dates", "render", "split_sentences", "summarise", "topic_articles",
           "topic_timeline"]
