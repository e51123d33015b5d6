"""Dateline: news articles in, a dated and sourced timeline of political events out.

The public surface::

    import dateline
    summary = dateline.process(["articles/"], db="dateline.db")   # ingest, extract, store
    store = dateline.open("dateline.db")                           # read-only
    for event in dateline.query.events(store, dateline.EventFilter.parse(dyad="USA-PAK")):
        print(event.date, event.summary)
    events = dateline.extract("WASHINGTON: ... text of one article ...")  # no database
"""
from __future__ import annotations

from . import query
from .errors import DatelineError, InputError, KnowledgeError, QueryError, StoreError
from .model import Article, Event, EventDate, Mention, Participant, RawDoc
from .pipeline import RunSummary, process
from .query import EventFilter
from .store import Store

__version__ = "0.1.0"


def open(db: str = "dateline.db") -> Store:  # noqa: A001 - mirrors sqlite3.connect's role
    """Open a Dateline database read-only (what the CLI's readers and the web app use)."""
    return Store(db, readonly=True)


def extract(text: str, *, path: str = "<text>", published: str | None = None) -> list[Event]:
    """Clean one article's text and return its event reports, without a database.

    ``published`` (YYYY-MM-DD) overrides the publication date found in the text.
    """
    from . import events
    from .pipeline import build_article

    article = build_article(RawDoc(path=path, text=text, kind="text", published=published))
    return list(events.extract_all([article])[article.article_id])


__all__ = sorted([
    "Article", "DatelineError", "Event", "EventDate", "EventFilter", "InputError", "KnowledgeError", "Mention",
    "Participant", "QueryError", "RawDoc", "RunSummary", "Store", "StoreError", "extract", "open", "process", "query",
])
