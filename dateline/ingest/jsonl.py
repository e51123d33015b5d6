"""JSON lines and JSON files: one article per object.

Scrapers and news APIs write articles as JSON objects with differing field names
(``text`` / ``maintext`` / ``content``, ``date`` / ``date_publish`` ...). We accept the
common spellings, read JSON lines one line at a time (files can be large), and report
every broken line or text-less object by its position instead of dropping it.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import RawDoc, Skipped
from .html import looks_like_markup, read_html
from .limits import DEFAULT_DOC_TIMEOUT
from .text import normalise_newlines

# The field spellings of common scrapers/APIs (news-please, NewsAPI, GDELT-style dumps);
# the first present, non-empty one wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "maintext", "article_text", "full_text", "article"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("date", "published", "date_publish", "publish_date", "published_at",
                  "pubdate", "datePublished"),
    "outlet": ("outlet", "source", "site", "sitename", "source_domain", "publisher"),
    "author": ("author", "authors", "byline"),
}
NO_ARTICLES = "no article objects (text field) in JSON"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_AMBIGUOUS_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}\b")


TOO_LONG = "line too long (limit: --max-bytes)"


def read_jsonl(lines: Iterable[str | None], path: str, *,
               timeout: float | None = DEFAULT_DOC_TIMEOUT) -> Iterator[RawDoc | Skipped]:
    """One document per non-blank line, addressed ``path#N`` (1-based line number);
    ``None`` stands for a line the caller found too long to hold. ``timeout`` bounds the
    parse of markup in one object."""
    for number, line in enumerate(lines, start=1):
        where = f"{path}#{number}"
        if line is None:
            yield Skipped(where, TOO_LONG)
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(where, f"invalid JSON: {err}")
            continue
        yield from_object(obj, where, timeout=timeout)


def read_json(data: str, path: str, *, timeout: float | None = DEFAULT_DOC_TIMEOUT) -> Iterator[RawDoc | Skipped]:
    """A JSON document holding one article, a list of them, or an object wrapping a list.

    Raises ``json.JSONDecodeError`` so that the caller can decide whether the file was
    JSON lines after all, or not JSON at all.
    """
    items = _articles_in(json.loads(data))
    if items is None:
        yield Skipped(path, NO_ARTICLES)
    elif isinstance(items, dict):
        yield from_object(items, path, timeout=timeout)
    else:
        for index, obj in enumerate(items, start=1):
            yield from_object(obj, f"{path}#{index}", timeout=timeout)


def _articles_in(value: Any) -> dict[str, Any] | list[Any] | None:
    """The article object or list inside a JSON value, ``None`` when it holds none.

    A wrapper such as ``{"articles": [...]}`` (news APIs) is looked through once.
    """
    if isinstance(value, dict):
        if _first(value, "text") is not None:
            return value
        lists = [v for v in value.values() if isinstance(v, list) and _has_article(v)]
        return lists[0] if len(lists) == 1 else None
    if isinstance(value, list) and _has_article(value):
        return value
    return None


def _has_article(items: list[Any]) -> bool:
    return any(isinstance(o, dict) and _first(o, "text") is not None for o in items)


def from_object(obj: Any, path: str, *, timeout: float | None = DEFAULT_DOC_TIMEOUT) -> RawDoc | Skipped:
    """One JSON object as one document; HTML in its text goes through the HTML path."""
    if not isinstance(obj, dict):
        return Skipped(path, f"not a JSON object but {type(obj).__name__}")
    text = _first(obj, "text")
    if text is None:
        return Skipped(path, "no text field (text/content/body)")
    text = _valid_unicode(text)
    meta = {
        "title": _as_str(_first(obj, "title")),
        "url": _as_str(_first(obj, "url")),
        "published": normalise_date(_first(obj, "published")),
        "outlet": _as_str(_first(obj, "outlet")),
        "author": _as_str(_first(obj, "author")),
    }
    if looks_like_markup(text):
        return _from_markup(text, path, meta, timeout)
    text = normalise_newlines(text)
    if not text.strip():
        return Skipped(path, "empty text field")
    return RawDoc(path, text, "jsonl", **meta)


def _from_markup(markup: str, path: str, meta: dict[str, str | None], timeout: float | None) -> RawDoc | Skipped:
    """The JSON's own fields win over what trafilatura guesses from the markup."""
    doc = read_html(markup, path, kind="jsonl", url=meta["url"], timeout=timeout)
    if isinstance(doc, Skipped):
        return doc
    found = {k: getattr(doc, k) for k in meta}
    return RawDoc(path, doc.text, "jsonl", **{k: meta[k] or found[k] for k in meta})


def _first(obj: dict[str, Any], field: str) -> Any:
    """The first non-empty value under any spelling of ``field``; text must be a string."""
    for key in FIELDS[field]:
        value = obj.get(key)
        if value in (None, "", [], {}):
            continue
        if field == "text" and not isinstance(value, str):
            continue
        return value
    return None


def _as_str(value: Any) -> str | None:
    """Strings as they are; author lists joined; ``{"name": ...}`` objects (NewsAPI
    ``source``) by name; anything else is not metadata we can trust."""
    if isinstance(value, str):
        return " ".join(_valid_unicode(value).split()) or None
    if isinstance(value, list):
        parts = [p for p in (_as_str(v) for v in value) if p]
        return ", ".join(parts) or None
    if isinstance(value, dict):
        return _as_str(value.get("name") or value.get("title"))
    return None


def _valid_unicode(value: str) -> str:
    """JSON may escape half of a surrogate pair (``"\\ud800"``): a string Python holds but
    cannot encode, print or store. Each such half becomes U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", value)


def normalise_date(value: Any) -> str | None:
    """A day as ``YYYY-MM-DD`` from ISO strings, RFC 2822, written dates or epoch
    numbers; ``None`` when the value does not pin a single day unambiguously."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return _from_words(value)


def _from_epoch(seconds: float) -> str | None:
    """Unix time in seconds, or milliseconds as JavaScript writes it."""
    if seconds > 1e11:
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _from_words(value: str) -> str | None:
    """Parse with two different defaults: if the results differ, the string lacked a
    day, month or year, and we must not invent it. ``03/04/2024`` is refused too."""
    from dateutil import parser  # installed with htmldate

    match = _AMBIGUOUS_NUMERIC.match(value)
    if match and match.group(1) != match.group(2) and max(map(int, match.groups())) <= 12:
        return None
    try:
        a = parser.parse(value, default=dt.datetime(2000, 1, 1))
        b = parser.parse(value, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    return a.date().isoformat() if a.date() == b.date() else None
