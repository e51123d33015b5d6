"""Dateline: news articles in, a dated and sourced timeline of political events out.

The public surface::

    import dateline
    summary = dateline.process(["articles/"], db="dateline.db")   # ingest, extract, store
    db = dateline.open("dateline.db")                              # read-only
    frame = db.events(dyad="USA-PAK", since="2023").to_pandas()    # a DataFrame
    for event in db.events(person="Blinken"):                      # or the records
        print(event.date, event.summary)
    events = dateline.extract("WASHINGTON: ... text of one article ...", published="2024-03-11")
"""
from __future__ import annotations

from pathlib import Path as _Path

from . import query
from .api import ArticleTable, Database, EventTable
from .errors import DatelineError, ExportError, InputError, KnowledgeError, QueryError, StoreError
from .model import Article, Event, EventDate, Mention, Participant, RawDoc
from .pipeline import RunSummary, process
from .query import EventFilter
from .store import Store

__version__ = "0.1.0"


def open(db: str | _Path = "dateline.db") -> Database:  # noqa: A001 - mirrors sqlite3.connect's role
    """Open a Dateline database read-only (what the CLI's readers and the web app use).

    ``open(db).events(country="PAK").to_pandas()`` gives a DataFrame; ``.articles()``
    likewise. The result is also a ``Store`` for ``dateline.query``'s functions."""
    return Database(db)


def extract(text: str, *, path: str = "<text>", published: str | None = None, title: str | None = None,
            outlet: str | None = None, taxonomy: str | _Path | None = None,
            kb_dir: str | _Path | None = None) -> EventTable:
    """Clean one article's text and return its event reports, without a database.

    ``published`` (YYYY-MM-DD) overrides the publication date found in the text, and
    ``title``/``outlet`` the metadata; ``taxonomy`` replaces the topic taxonomy and
    ``kb_dir`` adds a user knowledge base, as ``dateline run --taxonomy/--kb-dir`` do.
    The result is a list of events with ``to_pandas()``.
    """
    from . import events
    from .actors.kb import KB
    from .pipeline import build_article

    raw = RawDoc(path=path, text=text, kind="text", published=published, title=title, outlet=outlet)
    article = build_article(raw)
    kb = KB.load(_Path(kb_dir)) if kb_dir else None
    found = events.extract_all([article], taxonomy=_Path(taxonomy) if taxonomy else None, kb=kb)
    return EventTable(found[article.article_id])


__all__ = sorted([
    "Article", "ArticleTable", "Database", "DatelineError", "Event", "EventDate", "EventFilter", "EventTable",
    "ExportError", "InputError", "KnowledgeError", "Mention", "Participant", "QueryError", "RawDoc", "RunSummary",
    "Store", "StoreError", "extract", "open", "process", "query",
])
