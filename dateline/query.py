"""The one query layer: the CLI, the Python API and the web app all read through it.

Filters are validated here (a bad value raises ``QueryError``, which the web layer
turns into HTTP 422) and every value reaches SQL as a parameter.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .errors import QueryError
from .model import Article, Event
from .store import Store

_ISO3 = re.compile(r"^[A-Z]{3,4}$")
DATE_ORDER = "e.date_start IS NULL, e.date_start"  # in date order, undated events last


@dataclass(frozen=True)
class EventFilter:
    """What a user can ask of the event list. Empty fields do not filter."""

    country: str | None = None
    dyad: tuple[str, str] | None = None
    person: str | None = None
    type: str | None = None
    topic: str | None = None
    since: str | None = None
    until: str | None = None
    include_undated: bool = False  # with since/until: keep undated events too (they fit no window)

    @classmethod
    def parse(cls, *, country: str | None = None, dyad: str | None = None, person: str | None = None,
              type: str | None = None, topic: str | None = None, since: str | None = None,
              until: str | None = None, include_undated: bool = False) -> "EventFilter":
        """Validate raw strings from a command line or a URL."""
        return cls(
            country=_country(country) if country else None,
            dyad=_dyad(dyad) if dyad else None,
            person=person.strip() or None if person else None,
            type=type.strip().upper() or None if type else None,
            topic=topic.strip().lower() or None if topic else None,
            since=_date(since, "since") if since else None,
            until=_date(until, "until") if until else None,
            include_undated=include_undated,
        )


def _country(value: str) -> str:
    v = value.strip().upper()
    if not _ISO3.match(v):
        raise QueryError(f"country must be an ISO-3 code such as USA or PAK, not {value!r}")
    return v


def _dyad(value: str) -> tuple[str, str]:
    parts = re.split(r"[-–/,:]", value.strip())
    if len(parts) != 2:
        raise QueryError(f"dyad must be two ISO-3 codes like USA-PAK, not {value!r}")
    a, b = (_country(p) for p in parts)
    return (a, b)


def _date(value: str, name: str) -> str:
    v = value.strip()
    for pattern, suffix in ((r"[0-9]{4}", "-01-01"), (r"[0-9]{4}-[0-9]{2}", "-01"), (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "")):
        if re.fullmatch(pattern, v):
            try:
                first = dt.date.fromisoformat(v + suffix).isoformat()  # validates the year too
                return first if name == "since" else _end_of(v)
            except ValueError:
                break
    raise QueryError(f"--{name} must be a date like 2024, 2024-03 or 2024-03-11, not {value!r}")


def _end_of(v: str) -> str:
    """The last day a partial date covers, so that --until 2024 includes December."""
    if len(v) == 4:
        return f"{v}-12-31"
    if len(v) == 7:
        first = dt.date.fromisoformat(v + "-01")
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return (nxt - dt.timedelta(days=1)).isoformat()
    return dt.date.fromisoformat(v).isoformat()


def _where(f: EventFilter) -> tuple[str, list[str]]:
    clauses: list[str] = []
    params: list[str] = []
    member = "e.event_id IN (SELECT event_id FROM event_participants WHERE {})"
    if f.country:
        clauses.append(member.format("country = ?"))
        params.append(f.country)
    if f.dyad:
        for code in f.dyad:
            clauses.append(member.format("country = ?"))
            params.append(code)
    if f.person:
        clauses.append(member.format("name LIKE ?"))
        params.append(f"%{f.person}%")
    if f.type:
        clauses.append("e.type = ?")
        params.append(f.type)
    else:  # happenings (type OTHER, see happenings.py) only when asked for
        clauses.append("e.type != 'OTHER'")
    if f.topic:
        clauses.append("EXISTS (SELECT 1 FROM json_each(e.topics) WHERE value = ?)")
        params.append(f.topic)
    # an undated event (NULL dates) lies in no window: --since/--until leave it out unless asked
    undated = " OR e.date_start IS NULL" if f.include_undated else ""
    if f.since:
        clauses.append(f"(e.date_end >= ?{undated})")
        params.append(f.since)
    if f.until:
        clauses.append(f"(e.date_start <= ?{undated})")
        params.append(f.until)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def events(store: Store, flt: EventFilter | None = None, *, limit: int | None = None) -> Iterator[Event]:
    """Merged events matching the filter, in date order."""
    where, params = _where(flt or EventFilter())
    sql = f"SELECT e.json FROM events e{where} ORDER BY {DATE_ORDER}, e.date_end, e.event_id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    for row in store.query(sql, params):
        yield Event.from_dict(json.loads(row["json"]))


@dataclass(frozen=True)
class Ranked:
    """An event with what its rank is made of: how widely it was reported (``outlets``,
    ``articles``) and how central its participants are (``seniority`` of the most senior
    office among them, ``degree``: how many of the other events they take part in)."""

    event: Event
    outlets: int
    articles: int
    seniority: float
    degree: float

    @property
    def score(self) -> float:
        """Reach first (one point per outlet, a quarter per further article of the same
        outlets), then centrality (the mean of seniority and degree, 0..1): centrality orders
        events of equal reach and can make up for at most one outlet."""
        return self.outlets + 0.25 * max(self.articles - self.outlets, 0) + (self.seniority + self.degree) / 2


def seniority(role: str | None, country: str | None) -> float:
    """1.0 for a head of state down to 0 for an office the seniority list lacks (or none):
    the order of ``actors/data/offices.yaml``'s ``seniority`` list, read as data."""
    if not role:
        return 0.0
    from .actors import titles

    vocab = titles.vocabulary()
    rank = vocab.rank_of(titles.office_key_for(role, country))
    return round(1 - rank / len(vocab.seniority), 4) if vocab.seniority else 0.0


def rank(evs: Sequence[Event]) -> list[Ranked]:
    """Events ranked by reach and centrality, best first; ties keep date order. ``degree``
    is measured within ``evs`` (the filtered set): a participant in most of its events is
    central to that story."""
    appearances = Counter(name for ev in evs for name in {p.name for p in ev.participants})
    most = max(appearances.values(), default=1)
    ranked = [_ranked(ev, appearances, most) for ev in evs]
    return sorted(ranked, key=lambda r: -r.score)


def _ranked(ev: Event, appearances: Counter[str], most: int) -> Ranked:
    outlets = len({s for s in ev.sources if s}) or 1
    articles = len({m.article_id for m in ev.mentions}) or 1
    senior = max((seniority(p.role, p.country) for p in ev.participants), default=0.0)
    others = [(appearances[p.name] - 1) / max(most - 1, 1) for p in ev.participants]
    degree = round(sum(others) / len(others), 4) if others else 0.0
    return Ranked(ev, outlets, articles, senior, degree)


def top_events(store: Store, flt: EventFilter | None = None, k: int = 20) -> list[Event]:
    """The ``k`` events that mattered most among those matching the filter, in date order
    (a short timeline of the story, not a league table)."""
    if k < 1:
        raise QueryError(f"top must be a positive number of events, not {k}")
    chosen = rank(list(events(store, flt)))[:k]
    return sorted((r.event for r in chosen), key=lambda e: (e.date.sort_key, e.event_id))


def event(store: Store, event_id: str) -> Event | None:
    rows = store.query("SELECT json FROM events WHERE event_id = ?", (event_id,))
    return Event.from_dict(json.loads(rows[0]["json"])) if rows else None


def articles(store: Store) -> Iterator[Article]:
    return store.articles()


def article(store: Store, article_id: str) -> Article | None:
    return next((a for a in store.articles() if a.article_id == article_id), None)


def search_articles(store: Store, text: str, limit: int = 50) -> list[tuple[str, str | None]]:
    """Full-text search (FTS5) over article titles and text: (article_id, title) pairs."""
    terms = " ".join('"' + t.replace('"', "") + '"' for t in text.split() if t.strip('"'))
    if not terms:
        return []
    rows = store.query(
        "SELECT a.article_id, a.title FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
        " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (terms, limit))
    return [(r["article_id"], r["title"]) for r in rows]


CHART_KEYS = ("type", "topic")


def event_counts(store: Store, flt: EventFilter | None = None, *, by: str = "type") -> list[tuple[str, str, int]]:
    """Events per month by PLOVER type or by topic: (YYYY-MM, key, count) rows.

    An event counts in the month its date starts, so a range is counted once; an
    event with several topics counts once under each (for the web charts); an undated
    event belongs to no month and is not counted.
    """
    if by not in CHART_KEYS:
        raise QueryError(f"by must be one of {', '.join(CHART_KEYS)}, not {by!r}")
    key, source = ("e.type", "events e") if by == "type" else ("t.value", "events e, json_each(e.topics) t")
    where, params = _where(flt or EventFilter())
    where = f"{where} AND e.date_start IS NOT NULL" if where else " WHERE e.date_start IS NOT NULL"
    rows = store.query(
        f"SELECT substr(e.date_start, 1, 7) AS month, {key} AS key, count(*) AS n FROM {source}{where}"
        " GROUP BY month, key ORDER BY month, key", params)
    return [(r["month"], r["key"], r["n"]) for r in rows]


def search_events(store: Store, text: str, limit: int = 50) -> list[Event]:
    """Events whose summary or a participant's name contains every word of ``text``."""
    terms = [_like(t) for t in text.split() if t.strip()]
    if not terms:
        return []
    one = ("(e.summary LIKE ? ESCAPE '\\' OR e.event_id IN"
           " (SELECT event_id FROM event_participants WHERE name LIKE ? ESCAPE '\\'))")
    params = [p for t in terms for p in (t, t)]
    where = " AND ".join([one] * len(terms))
    sql = f"SELECT e.json FROM events e WHERE {where} ORDER BY {DATE_ORDER}, e.event_id LIMIT ?"
    return [Event.from_dict(json.loads(r["json"])) for r in store.query(sql, [*params, int(limit)])]


def _like(term: str) -> str:
    """A LIKE pattern matching ``term`` literally anywhere (``%`` and ``_`` escaped)."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def articles_by_id(store: Store, ids: Iterable[str]) -> dict[str, Article]:
    """The stored articles among ``ids`` (absent ids are simply missing from the map)."""
    wanted = set(ids)
    return {a.article_id: a for a in store.articles() if a.article_id in wanted}


def events_of_article(store: Store, article_id: str) -> list[Event]:
    """Merged events that cite ``article_id`` among their mentions, in date order."""
    rows = store.query(
        "SELECT e.json FROM events e WHERE e.event_id IN (SELECT event_id FROM event_mentions WHERE article_id = ?)"
        f" ORDER BY {DATE_ORDER}, e.event_id", (article_id,))
    return [Event.from_dict(json.loads(r["json"])) for r in rows]
