"""The records that flow through Dateline's stages.

One frozen dataclass per concept, with the field names of the output contract
(``spec/README.md``), so that a record's ``to_dict()`` *is* the JSON a user sees.
Records are normalised on creation and never mutated: a stage returns new records.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, replace
from typing import Any

PRECISIONS = ("day", "week", "month", "year", "range", "undated")
PUBLISHED_SOURCES = ("container", "text", "path")
SIDES = ("source", "target", "both")
MODES = ("phone", "meeting", "visit", "statement", "letter", "economic", "military", "other")
STATUSES = ("occurred", "planned")


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id from content, so that re-running on the same input is an upsert."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class RawDoc:
    """One document as a reader found it, before cleaning.

    ``text`` is plain text (for HTML and WARC, the main text trafilatura found);
    the other fields are hints from the container (HTML meta tags, JSON fields).
    """

    path: str
    text: str
    kind: str  # "text" | "html" | "jsonl" | "warc"
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date, when the container states one
    outlet: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, with the reason shown to the user."""

    path: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    """The result of boilerplate removal: kept lines and removed lines, both in order."""

    kept: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.kept)


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    dateline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None
    published_source: str | None = None  # container | text | path: where ``published`` was found


@dataclass(frozen=True)
class Article:
    article_id: str
    path: str
    title: str | None
    outlet: str | None
    author: str | None
    dateline: str | None
    published: str | None
    language: str | None
    text: str
    removed: tuple[str, ...] = ()
    duplicate_of: str | None = None
    published_source: str | None = None  # container | text | path

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["removed"] = list(self.removed)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        return cls(**{**d, "removed": tuple(d.get("removed") or ())})

    @property
    def published_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.published) if self.published else None


@dataclass(frozen=True)
class Role:
    """An office held by a person, with its tenure (ISO dates; ``None`` = open)."""

    office: str
    country: str  # ISO-3, or an organisation code such as "UNO", "IMF"
    sector: str  # GOV, MIL, IGO, ...
    start: str | None = None
    end: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        if self.start and day < dt.date.fromisoformat(self.start):
            return False
        return not (self.end and day > dt.date.fromisoformat(self.end))


@dataclass(frozen=True)
class Actor:
    """A resolved participant identity: a person with the role that fits, or an
    organisation or country when no person is named."""

    name: str
    kind: str  # "person" | "org" | "country"
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    tenure: tuple[str | None, str | None] | None = None  # of ``role``, for dating


@dataclass(frozen=True)
class Participant:
    name: str
    role: str | None
    country: str | None
    sector: str | None
    side: str  # source | target | both

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, not {self.side!r}")


@dataclass(frozen=True)
class EventDate:
    """An interval; a day is an interval of one day. ``basis`` says why.

    When nothing in the evidence bounds the date, the event is *undated*: no start, no
    end, precision ``undated``, and the basis says what was tried. Undated is a value,
    never a stand-in range such as 1900..today: it keeps time axes and filters honest.
    """

    start: str | None
    end: str | None
    precision: str
    basis: str = ""

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, not {self.precision!r}")
        if self.precision == "undated":
            if self.start is not None or self.end is not None:
                raise ValueError("an undated date has no start or end")
            return
        if not self.start or not self.end:
            raise ValueError(f"a {self.precision} date needs a start and an end")
        if self.end < self.start:
            raise ValueError(f"date range ends before it starts: {self.start}..{self.end}")
        if self.precision == "day" and self.start != self.end:
            raise ValueError("a day-precision date must start and end on the same day")

    @classmethod
    def day(cls, d: dt.date, basis: str = "") -> "EventDate":
        return cls(d.isoformat(), d.isoformat(), "day", basis)

    @classmethod
    def span(cls, start: dt.date, end: dt.date, basis: str = "", precision: str | None = None) -> "EventDate":
        """An interval whose precision is derived from its shape unless given."""
        if precision is None:
            precision = _precision_of(start, end)
        return cls(start.isoformat(), end.isoformat(), precision, basis)

    @classmethod
    def undated(cls, basis: str) -> "EventDate":
        return cls(None, None, "undated", basis)

    @property
    def dated(self) -> bool:
        return self.precision != "undated"

    @property
    def start_date(self) -> dt.date:
        if self.start is None:
            raise ValueError("an undated event has no start date")
        return dt.date.fromisoformat(self.start)

    @property
    def end_date(self) -> dt.date:
        if self.end is None:
            raise ValueError("an undated event has no end date")
        return dt.date.fromisoformat(self.end)

    @property
    def days(self) -> int:
        """Days the interval spans; an undated date spans all of them (sorts last)."""
        if not self.dated:
            return 10**6
        return (self.end_date - self.start_date).days + 1

    @property
    def sort_key(self) -> tuple[str, str]:
        """Dated events in date order, undated ones after them."""
        return (self.start or "~", self.end or "~")

    def overlaps(self, other: "EventDate", slack_days: int = 0) -> bool:
        if not (self.dated and other.dated):
            return False
        slack = dt.timedelta(days=slack_days)
        return self.start_date <= other.end_date + slack and other.start_date <= self.end_date + slack


def _precision_of(start: dt.date, end: dt.date) -> str:
    if start == end:
        return "day"
    if start.day == 1 and start.month == end.month and start.year == end.year and (end + dt.timedelta(days=1)).day == 1:
        return "month"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "year"
    if (end - start).days == 6 and start.weekday() == 0:
        return "week"
    return "range"


@dataclass(frozen=True)
class Mention:
    """One report of an event: the article and its evidence sentence."""

    article_id: str
    sentence: str
    outlet: str | None = None
    start: int = 0  # character span of the sentence in the article's text
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "sentence": self.sentence}


@dataclass(frozen=True)
class Event:
    event_id: str
    type: str
    mode: str
    participants: tuple[Participant, ...]
    date: EventDate
    location: str | None = None
    topics: tuple[str, ...] = ()
    summary: str = ""
    mentions: tuple[Mention, ...] = ()
    sources: tuple[str, ...] = ()
    status: str = "occurred"
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "type": self.type,
            "mode": self.mode,
            "participants": [asdict(p) for p in self.participants],
            "date": asdict(self.date),
            "location": self.location,
            "topics": list(self.topics),
            "summary": self.summary,
            "mentions": [m.to_dict() for m in self.mentions],
            "sources": list(self.sources),
            "status": self.status,
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        return cls(
            event_id=d["event_id"],
            type=d["type"],
            mode=d["mode"],
            participants=tuple(Participant(**p) for p in d["participants"]),
            date=EventDate(**d["date"]),
            location=d.get("location"),
            topics=tuple(d.get("topics") or ()),
            summary=d.get("summary") or "",
            mentions=tuple(Mention(m["article_id"], m["sentence"], m.get("outlet")) for m in d.get("mentions") or ()),
            sources=tuple(d.get("sources") or ()),
            status=d.get("status") or "occurred",
            confidence=float(d.get("confidence", 0.5)),
        )

    def with_(self, **changes: Any) -> "Event":
        return replace(self, **changes)


__all__ = [
    "Actor", "Article", "Cleaned", "Event", "EventDate", "Mention", "Metadata", "Participant",
    "RawDoc", "Role", "Skipped", "content_id",
]
