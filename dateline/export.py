"""Exports: the stored events in the forms other tools read.

Every export starts from the same query (``query.events`` with an ``EventFilter``), so an
export holds exactly the events ``dateline events`` prints with the same filters, in the
same order. The formats:

- ``jsonl``: one PLOVER-style record per event (``id``, ``date``, ``actor``,
  ``recipient``, ``event``, ``mode``, ``context``...), with Dateline's provenance
  (mentions with their articles, date basis, confidence);
- ``csv``: one row per event, with Dateline's own columns or GDELT- or ICEWS-like
  column names (``--columns``) so that existing notebooks and R scripts load it;
- ``parquet``: a folder of two Hive-partitioned datasets, ``events/month=YYYY-MM/`` and
  ``articles/month=YYYY-MM/`` (the articles the events cite, by publication month);
- ``ics``: an RFC 5545 calendar, one all-day entry per event;
- ``md`` and ``html``: the timelines of ``dateline timeline``.

Nothing here guesses: a Wikidata id appears only where the knowledge base gives one,
and columns a source format has but Dateline does not know (GDELT's Goldstein scale,
ICEWS's CAMEO code and coordinates) are left empty.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import present, query
from .errors import ExportError
from .model import Article, Event, Participant
from .store import Store

FORMATS = ("jsonl", "parquet", "csv", "ics", "md", "html")
COLUMN_SETS = ("dateline", "gdelt", "icews")

# PLOVER's four quad classes (verbal/material cooperation/conflict), the grouping GDELT's
# QuadClass column carries; OTHER (happenings PLOVER does not code) has none.
QUAD_CLASS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "CONCEDE": 2, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


@dataclass(frozen=True)
class Context:
    """What an export needs besides the events: their articles and the knowledge base's
    identifiers and names (so that exports are pure functions of these inputs)."""

    articles: dict[str, Article]
    wikidata: dict[str, str]  # canonical person name -> Wikidata item id
    countries: dict[str, str]  # ISO-3 -> country name
    revised: dt.datetime | None = None  # when the events were last rebuilt (the latest run)

    @classmethod
    def load(cls, store: Store, events: Sequence[Event], kb_dir: Path | None = None) -> "Context":
        from .actors.kb import KB, default_kb

        kb = KB.load(kb_dir) if kb_dir and Path(kb_dir).is_dir() else default_kb()
        ids = {m.article_id for ev in events for m in ev.mentions}
        return cls(query.articles_by_id(store, ids), kb.wikidata_ids(), kb.country_names(), last_run(store))


def last_run(store: Store) -> dt.datetime | None:
    """When the latest finished run ended: the events' last revision, which iCalendar's
    DTSTAMP records, so that exporting the same database twice gives the same file."""
    rows = store.query("SELECT max(finished) AS f FROM runs WHERE finished IS NOT NULL")
    try:
        return dt.datetime.fromisoformat(rows[0]["f"]) if rows and rows[0]["f"] else None
    except ValueError:
        return None


# -- PLOVER records (jsonl) ----------------------------------------------------------------------

def plover_record(ev: Event, ctx: Context) -> dict[str, Any]:
    """One event as a PLOVER-style record: actors on the source side (and both sides of a
    symmetric event such as a call), recipients on the target side, the topics as
    ``context``; ``provenance`` says where each part came from."""
    return {
        "id": ev.event_id, "date": ev.date.start, "date_end": ev.date.end,
        "date_precision": ev.date.precision,
        "actor": [_plover_actor(p, ctx) for p in ev.participants if p.side in ("source", "both")],
        "recipient": [_plover_actor(p, ctx) for p in ev.participants if p.side == "target"],
        "event": ev.type, "mode": ev.mode, "context": list(ev.topics), "status": ev.status,
        "location": ev.location, "text": ev.summary, "confidence": round(ev.confidence, 3),
        "provenance": {
            "date_basis": ev.date.basis, "sources": list(ev.sources),
            "mentions": [_plover_mention(m.article_id, m.sentence, ctx) for m in ev.mentions],
        },
    }


def _plover_actor(p: Participant, ctx: Context) -> dict[str, Any]:
    return {"name": p.name, "wikidata": ctx.wikidata.get(p.name), "country": p.country, "sector": p.sector,
            "role": p.role, "symmetric": p.side == "both"}


def _plover_mention(article_id: str, sentence: str, ctx: Context) -> dict[str, Any]:
    a = ctx.articles.get(article_id)
    return {"article_id": article_id, "sentence": sentence, "outlet": a.outlet if a else None,
            "title": a.title if a else None, "published": a.published if a else None,
            "path": a.path if a else None}


def jsonl(events: Sequence[Event], ctx: Context) -> str:
    return "".join(json.dumps(plover_record(ev, ctx), ensure_ascii=False) + "\n" for ev in events)


# -- CSV column sets ------------------------------------------------------------------------------

def _side(ev: Event, first: bool) -> list[Participant]:
    """GDELT's Actor1/ICEWS's Source (first=True) or Actor2/Target. A symmetric event's
    participants are split: the first is Actor1, the rest Actor2."""
    directed = any(p.side != "both" for p in ev.participants)
    if directed:
        wanted = ("source", "both") if first else ("target",)
        return [p for p in ev.participants if p.side in wanted]
    return list(ev.participants[:1]) if first else list(ev.participants[1:])


def _join(values: Sequence[str | None]) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


def _articles_of(ev: Event, ctx: Context) -> list[Article]:
    seen = dict.fromkeys(m.article_id for m in ev.mentions)
    return [ctx.articles[a] for a in seen if a in ctx.articles]


def gdelt_row(ev: Event, ctx: Context) -> dict[str, Any]:
    """GDELT event-table column names. ``EventCode``/``EventRootCode`` hold the PLOVER type
    (not a CAMEO code); ``QuadClass`` is PLOVER's quad class; ``SQLDATE`` is the first day
    of the event's date, whose last day and precision follow in ``DateEnd``/``DatePrecision``."""
    arts = _articles_of(ev, ctx)
    row: dict[str, Any] = {"GLOBALEVENTID": ev.event_id, "SQLDATE": "", "MonthYear": "", "Year": "", "FractionDate": ""}
    if ev.date.dated:  # an undated event has empty date columns, never a stand-in day
        d = ev.date.start_date
        row |= {"SQLDATE": d.strftime("%Y%m%d"), "MonthYear": d.strftime("%Y%m"), "Year": d.year,
                "FractionDate": round(d.year + (d.month * 30 + d.day) / 365, 4)}
    for n, first in ((1, True), (2, False)):
        ps = _side(ev, first)
        row |= {f"Actor{n}Code": _join([(p.country or "") + (p.sector or "") for p in ps]),
                f"Actor{n}Name": _join([p.name for p in ps]), f"Actor{n}CountryCode": _join([p.country for p in ps]),
                f"Actor{n}Type1Code": _join([p.sector for p in ps])}
    return row | {
        "EventCode": ev.type, "EventRootCode": ev.type, "QuadClass": QUAD_CLASS.get(ev.type, ""),
        "NumMentions": len(ev.mentions), "NumSources": len(set(ev.sources)), "NumArticles": len(arts),
        "ActionGeo_FullName": ev.location or "", "SOURCEURL": arts[0].path if arts else "",
        "DateEnd": (ev.date.end or "").replace("-", ""), "DatePrecision": ev.date.precision, "Mode": ev.mode,
        "Status": ev.status, "Topics": ";".join(ev.topics),
    }


def icews_row(ev: Event, ctx: Context) -> dict[str, Any]:
    """ICEWS column names. ``Event Text`` holds the PLOVER type and mode; ``CAMEO Code``,
    ``Intensity`` and the coordinates stay empty (Dateline does not code them)."""
    src, tgt = _side(ev, True), _side(ev, False)
    arts = _articles_of(ev, ctx)

    def country(ps: list[Participant]) -> str:
        return _join([ctx.countries.get(p.country or "", p.country) for p in ps])

    return {
        "Event ID": ev.event_id, "Event Date": ev.date.start or "", "Source Name": _join([p.name for p in src]),
        "Source Sectors": _join([p.sector for p in src]), "Source Country": country(src),
        "Event Text": f"{ev.type} ({ev.mode})", "CAMEO Code": "", "Intensity": "",
        "Target Name": _join([p.name for p in tgt]), "Target Sectors": _join([p.sector for p in tgt]),
        "Target Country": country(tgt), "Story ID": arts[0].article_id if arts else "", "Sentence Number": "",
        "Publisher": _join(list(ev.sources)), "City": "", "District": "", "Province": "", "Country": "",
        "Latitude": "", "Longitude": "", "Location": ev.location or "", "Event Date End": ev.date.end or "",
        "Date Precision": ev.date.precision,
    }


def dateline_row(ev: Event, ctx: Context) -> dict[str, Any]:
    """The columns of ``dateline events --format csv``."""
    return present.flat_event(ev.to_dict())


ROW_BUILDERS: dict[str, Callable[[Event, Context], dict[str, Any]]] = {
    "dateline": dateline_row, "gdelt": gdelt_row, "icews": icews_row,
}


def csv_text(events: Sequence[Event], ctx: Context, columns: str = "dateline") -> str:
    """A CSV file (header always present, even with no events) in one column set."""
    if columns not in ROW_BUILDERS:
        raise ExportError(f"--columns must be one of {', '.join(COLUMN_SETS)}, not {columns!r}")
    build = ROW_BUILDERS[columns]
    rows = [build(ev, ctx) for ev in events]
    header = list(rows[0]) if rows else list(build(_EMPTY_EVENT, ctx))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _empty_event() -> Event:
    from .model import EventDate

    return Event("", "OTHER", "other", (), EventDate("2000-01-01", "2000-01-01", "day"))


_EMPTY_EVENT = _empty_event()


# -- iCalendar (RFC 5545) --------------------------------------------------------------------------

def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545 3.1), never inside
    a UTF-8 character; each continuation line starts with one space."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def ics_event(ev: Event, stamp: str) -> list[str]:
    """One VEVENT. Dates are all-day values: DTEND is the day after the last day (it is
    exclusive), so a day is one calendar day and a range spans all its days."""
    end = (ev.date.end_date + dt.timedelta(days=1)).strftime("%Y%m%d")
    exact = "" if ev.date.precision == "day" else \
        f"Date known only as {present.date_label(ev.date)} ({ev.date.precision}).\n"
    description = (f"{ev.summary}\n{exact}{present.participants_label(ev)}\n"
                   f"Sources: {', '.join(ev.sources) or 'unnamed outlet'}\nDate basis: {ev.date.basis}")
    lines = [
        "BEGIN:VEVENT", f"UID:{ev.event_id}@dateline", f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{ev.date.start_date.strftime('%Y%m%d')}", f"DTEND;VALUE=DATE:{end}",
        f"SUMMARY:{ics_escape(f'{ev.type} ({ev.mode}): {present.participants_label(ev)}')}",
        f"DESCRIPTION:{ics_escape(description)}",
        f"STATUS:{'TENTATIVE' if ev.status == 'planned' else 'CONFIRMED'}", "TRANSP:TRANSPARENT",
    ]
    if ev.location:
        lines.append(f"LOCATION:{ics_escape(ev.location)}")
    if ev.topics:
        lines.append("CATEGORIES:" + ",".join(ics_escape(t) for t in ev.topics))
    return lines + ["END:VEVENT"]


def ics(events: Sequence[Event], *, title: str = "Dateline", now: dt.datetime | None = None) -> str:
    """A calendar of the dated events (undated ones have no day to show). ``now`` fixes
    DTSTAMP (default: the current time)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dateline//Dateline timeline export//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{ics_escape(title)}"]
    for ev in events:
        if ev.date.dated:  # a calendar entry needs a day: undated events have none to give
            lines += ics_event(ev, stamp)
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


# -- tables (Parquet, pandas) -----------------------------------------------------------------------

def event_rows(events: Sequence[Event], wikidata: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One row per event with typed columns (lists stay lists): the shape of the Parquet
    dataset and of ``EventTable.to_pandas()``."""
    ids = wikidata or {}
    return [{
        "event_id": ev.event_id, "type": ev.type, "mode": ev.mode,
        "date_start": ev.date.start_date if ev.date.dated else None,
        "date_end": ev.date.end_date if ev.date.dated else None, "precision": ev.date.precision,
        "basis": ev.date.basis, "status": ev.status, "location": ev.location, "summary": ev.summary,
        "confidence": round(ev.confidence, 3), "topics": list(ev.topics), "sources": list(ev.sources),
        "participants": [{"name": p.name, "role": p.role, "country": p.country, "sector": p.sector,
                          "side": p.side, "wikidata": ids.get(p.name)} for p in ev.participants],
        "mentions": [{"article_id": m.article_id, "sentence": m.sentence} for m in ev.mentions],
        "month": ev.date.start[:7] if ev.date.start else None,
    } for ev in events]


def article_rows(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """One row per article; ``month`` is its publication month, or ``undated``."""
    return [a.to_dict() | {"published": a.published_date, "month": (a.published or "undated")[:7]}
            for a in articles]


def _arrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise ExportError("Parquet export needs the 'export' extra: pip install 'dateline[export]'") from exc
    return pyarrow


def event_schema(pa: Any) -> Any:
    text = pa.string()
    person = pa.struct([(k, text) for k in ("name", "role", "country", "sector", "side", "wikidata")])
    return pa.schema([
        ("event_id", text), ("type", text), ("mode", text), ("date_start", pa.date32()),
        ("date_end", pa.date32()), ("precision", text), ("basis", text), ("status", text),
        ("location", text), ("summary", text), ("confidence", pa.float64()), ("topics", pa.list_(text)),
        ("sources", pa.list_(text)), ("participants", pa.list_(person)),
        ("mentions", pa.list_(pa.struct([("article_id", text), ("sentence", text)]))), ("month", text),
    ])


def article_schema(pa: Any) -> Any:
    text = pa.string()
    return pa.schema([
        ("article_id", text), ("path", text), ("title", text), ("outlet", text), ("author", text),
        ("dateline", text), ("published", pa.date32()), ("language", text), ("text", text),
        ("removed", pa.list_(text)), ("duplicate_of", text), ("month", text),
    ])


def write_parquet(events: Sequence[Event], ctx: Context, out: Path) -> list[Path]:
    """Write ``out/events`` and ``out/articles`` as Parquet datasets partitioned by month
    (Hive style: ``month=2023-07``). ``out`` must be a new or empty folder, so that no
    file of an older export is read back as part of this one."""
    pa = _arrow()
    import pyarrow.dataset as ds

    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out}: exists and is not an empty folder; a Parquet export needs a new folder")
    arts = sorted(ctx.articles.values(), key=lambda a: (a.published or "", a.article_id))
    parts = [("events", pa.Table.from_pylist(event_rows(events, ctx.wikidata), schema=event_schema(pa))),
             ("articles", pa.Table.from_pylist(article_rows(arts), schema=article_schema(pa)))]
    for name, table in parts:
        ds.write_dataset(table, out / name, format="parquet", partitioning=["month"],
                         partitioning_flavor="hive", existing_data_behavior="error")
    return [out / name for name, _ in parts]


# -- the one entry point ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportResult:
    format: str
    events: int
    paths: tuple[str, ...]


def render(events: Sequence[Event], ctx: Context, fmt: str, *, columns: str = "dateline",
           title: str = "Timeline") -> str:
    """A text export (every format but Parquet) as a string."""
    if fmt == "jsonl":
        return jsonl(events, ctx)
    if fmt == "csv":
        return csv_text(events, ctx, columns)
    if fmt == "ics":
        return ics(events, title=title, now=ctx.revised)
    if fmt in ("md", "html"):
        return present.timeline(events, fmt, title=title)
    raise ExportError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def export(store: Store, flt: query.EventFilter, fmt: str, out: str | Path, *, columns: str = "dateline",
           kb_dir: Path | None = None) -> ExportResult:
    """Write the events matching ``flt`` to ``out`` (``-``: standard output, text formats)."""
    if fmt not in FORMATS:
        raise ExportError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if columns not in COLUMN_SETS:
        raise ExportError(f"--columns must be one of {', '.join(COLUMN_SETS)}, not {columns!r}")
    events = list(query.events(store, flt))
    ctx = Context.load(store, events, kb_dir)
    if fmt == "parquet":
        if str(out) == "-":
            raise ExportError("a Parquet export is a folder: give --out a folder path, not '-'")
        return ExportResult(fmt, len(events), tuple(str(p) for p in write_parquet(events, ctx, Path(out))))
    text = render(events, ctx, fmt, columns=columns, title=present.title_for(flt))
    return ExportResult(fmt, len(events), (_write_text(out, text),))


def _write_text(out: str | Path, text: str) -> str:
    if str(out) == "-":
        import sys

        sys.stdout.write(text)
        return "-"
    path = Path(out)
    try:
        # newline="" keeps the CRLF an iCalendar file needs exactly as written
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return str(path)


__all__ = ["COLUMN_SETS", "Context", "ExportError", "ExportResult", "FORMATS", "QUAD_CLASS", "article_rows",
           "csv_text", "event_rows", "export", "ics", "ics_escape", "ics_fold", "jsonl", "plover_record",
           "render", "write_parquet"]
