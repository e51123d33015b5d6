"""Hand-built records for fast tests that need no model and no files."""
from __future__ import annotations

import json
from pathlib import Path

from dateline import query
from dateline.store import Store
from dateline.model import Article, Event, EventDate, Mention, Participant, content_id


def article(text: str = "WASHINGTON: The two ministers spoke on Monday.", *, path: str = "a.txt",
            outlet: str | None = "Dawn", published: str | None = "2021-08-11", title: str | None = "A title") -> Article:
    return Article(article_id=content_id(text), path=path, title=title, outlet=outlet, author=None, dateline=None,
                   published=published, language="en", text=text, removed=("Share This",))


def event(a: str = "Lloyd Austin", b: str = "Qamar Javed Bajwa", *, start: str | None = "2021-08-10",
          end: str | None = None,
          type: str = "CONSULT", mode: str = "phone", article_id: str = "art1", outlet: str | None = "Dawn",
          countries: tuple[str, str] = ("USA", "PAK"), topics: tuple[str, ...] = ("afghanistan",),
          status: str = "occurred", sentence: str | None = None) -> Event:
    end = end or start
    date = EventDate(start, end, "day" if start == end else "range", "test") if start else EventDate.undated("test")
    sentence = sentence or f"{a} spoke with {b}."
    return Event(
        event_id=content_id(article_id, type, a, b, start or "undated"), type=type, mode=mode,
        participants=(Participant(a, "Secretary of Defense", countries[0], "GOV", "both"),
                      Participant(b, "Chief of Army Staff", countries[1], "MIL", "both")),
        date=date, topics=topics, summary=f"{a} and {b} spoke by phone.",
        mentions=(Mention(article_id, sentence, outlet),), sources=(outlet,) if outlet else (), status=status,
        confidence=0.8,
    )


def dump_db(db: str | Path) -> tuple[list[str], list[str], object]:
    """A database's events, articles (as sorted JSON) and skipped inputs, to compare two runs."""
    store = Store(db, readonly=True)
    try:
        events = [json.dumps(e.to_dict(), sort_keys=True) for e in query.events(store)]
        articles = [json.dumps(a.to_dict(), sort_keys=True) for a in query.articles(store)]
        return events, articles, store.skipped()
    finally:
        store.close()
