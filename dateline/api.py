"""The notebook side of the Python API: a database with tables that become DataFrames.

``dateline.open("dateline.db")`` returns a ``Database``: a read-only ``Store`` whose
``events(...)`` takes the filters of ``dateline events`` and whose results are plain
lists of records (``EventTable``, ``ArticleTable``) with ``to_pandas()``. They are lists
so that code written for the earlier API (iterating, indexing, ``len``) keeps working,
and the DataFrame columns are those of the Parquet export (``export.event_rows``), so a
notebook and a Parquet reader see one shape.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import query
from .errors import ExportError
from .export import article_rows, event_rows
from .model import Article, Event
from .store import Store


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ExportError("DataFrames need pandas: pip install 'dateline[export]'") from exc
    return pandas


class EventTable(list[Event]):
    """Events (a list) that also turn into a DataFrame, one row per event."""

    def to_dicts(self) -> list[dict[str, Any]]:
        """The events as the JSON records of ``dateline events --format jsonl``."""
        return [ev.to_dict() for ev in self]

    def to_pandas(self, *, wikidata: dict[str, str] | None = None) -> Any:
        """Columns: event_id, type, mode, date_start, date_end (datetime64), precision,
        basis, status, location, summary, confidence, topics, sources (lists),
        participants, mentions (lists of dicts), month (YYYY-MM of date_start)."""
        pd = _pandas()
        frame = pd.DataFrame.from_records(event_rows(self, wikidata), columns=_EVENT_COLUMNS)
        for col in ("date_start", "date_end"):
            frame[col] = pd.to_datetime(frame[col])
        return frame

    def participants_to_pandas(self) -> Any:
        """One row per event and participant (event_id, type, date_start, date_end, name,
        role, country, sector, side): the long form for dyad and actor counts."""
        pd = _pandas()
        rows = [{"event_id": ev.event_id, "type": ev.type, "date_start": ev.date.start,
                 "date_end": ev.date.end, "name": p.name, "role": p.role, "country": p.country,
                 "sector": p.sector, "side": p.side} for ev in self for p in ev.participants]
        frame = pd.DataFrame.from_records(rows, columns=_PARTICIPANT_COLUMNS)
        for col in ("date_start", "date_end"):
            frame[col] = pd.to_datetime(frame[col])
        return frame


class ArticleTable(list[Article]):
    """Articles (a list) that also turn into a DataFrame, one row per article."""

    def to_dicts(self) -> list[dict[str, Any]]:
        return [a.to_dict() for a in self]

    def to_pandas(self) -> Any:
        """The fields of ``dateline articles --format jsonl``, ``published`` as datetime64
        (NaT when unknown), plus ``month`` (YYYY-MM, or ``undated``)."""
        pd = _pandas()
        frame = pd.DataFrame.from_records(article_rows(self), columns=_ARTICLE_COLUMNS)
        frame["published"] = pd.to_datetime(frame["published"])
        return frame


_EVENT_COLUMNS = ["event_id", "type", "mode", "date_start", "date_end", "precision", "basis", "status", "location",
                  "summary", "confidence", "topics", "sources", "participants", "mentions", "month"]
_PARTICIPANT_COLUMNS = ["event_id", "type", "date_start", "date_end", "name", "role", "country", "sector", "side"]
_ARTICLE_COLUMNS = ["article_id", "path", "title", "outlet", "author", "dateline", "published", "language", "text",
                    "removed", "duplicate_of", "month"]


class Database(Store):
    """A Dateline database opened read-only, for scripts and notebooks."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, readonly=True)

    def events(self, *, country: str | None = None, dyad: str | None = None, person: str | None = None,
               type: str | None = None, topic: str | None = None, since: str | None = None,
               until: str | None = None, limit: int | None = None) -> EventTable:
        """Merged events matching the filters of ``dateline events``, in date order.
        A bad filter value raises ``QueryError``."""
        flt = query.EventFilter.parse(country=country, dyad=dyad, person=person, type=type, topic=topic,
                                      since=since, until=until)
        return EventTable(query.events(self, flt, limit=limit))

    def articles(self) -> ArticleTable:  # type: ignore[override]  # a list: iterates like Store.articles
        """Every stored article, in path order."""
        return ArticleTable(super().articles())

    def event(self, event_id: str) -> Event | None:
        return query.event(self, event_id)


__all__ = ["ArticleTable", "Database", "EventTable"]
