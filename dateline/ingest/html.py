"""HTML pages: main text and metadata through trafilatura.

Writing our own boilerplate remover for HTML would repeat years of trafilatura's work
(navigation, footers, comment sections, related-story boxes); we only recognise HTML,
hand it over, and map its metadata onto ``RawDoc``.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..model import RawDoc, Skipped
from .limits import DEFAULT_DOC_TIMEOUT, DocTimeout, time_budget, timeout_reason
from .text import detect_encoding, looks_like_text, normalise_newlines

_DOC_MARKERS = ("<!doctype html", "<html", "<body", "<article", "<head")
_MARKER_WINDOW = 2048  # characters: markers must be "near the start"
_FRAGMENT_TAGS = re.compile(
    r"</?(?:p|div|br|span|a|h[1-6]|li|ul|ol|article|section|em|strong|b|i)\b[^>]*>", re.I
)
_MIN_FRAGMENT_TAGS = 2
NO_TEXT = "no article text found in HTML"


def looks_like_html(head: str) -> bool:
    """A whole HTML document: it opens with a tag and a document tag follows soon."""
    window = head.lstrip("\ufeff \t\r\n")[:_MARKER_WINDOW].lower()
    return window.startswith("<") and any(m in window for m in _DOC_MARKERS)


def has_html_root(head: str) -> bool:
    """An ``<html>`` root near the start behind some junk (a saved page with a stray
    header line). Weaker evidence than ``looks_like_html``: check JSON first."""
    window = head[:1024].lower()
    return any(m in window for m in _DOC_MARKERS[:2])


def looks_like_markup(text: str) -> bool:
    """A document or a fragment (``<p>..</p><p>..</p>``), as JSON feeds often carry."""
    if looks_like_html(text) or has_html_root(text):
        return True
    return len(_FRAGMENT_TAGS.findall(text[: _MARKER_WINDOW * 4])) >= _MIN_FRAGMENT_TAGS


def read_html(markup: bytes | str, path: str, *, kind: str = "html", url: str | None = None,
              timeout: float | None = DEFAULT_DOC_TIMEOUT) -> RawDoc | Skipped:
    """One page as one document; ``url`` (e.g. a WARC target) overrides the page's own.
    Parsing runs under ``timeout`` seconds: hostile markup must not stall a run."""
    try:
        with time_budget(timeout):
            found = _extract(_as_input(markup), url)
    except DocTimeout as err:
        return Skipped(path, timeout_reason(err, "HTML extraction"))
    except Exception as exc:  # lxml/trafilatura on hostile markup; one page, not the run
        return Skipped(path, f"HTML extraction failed: {type(exc).__name__}: {exc}")
    text = normalise_newlines(found.get("text") or "").strip() if found else ""
    if not text:
        return Skipped(path, NO_TEXT)
    if not looks_like_text(text):
        return Skipped(path, "binary data in HTML")
    return RawDoc(
        path=path,
        text=text,
        kind=kind,
        title=_clean(found.get("title")),
        url=url or _clean(found.get("url")),
        published=_iso_day(found.get("date")),
        outlet=_clean(found.get("sitename")),
        author=_clean(found.get("author")),
    )


def _as_input(markup: bytes | str) -> bytes | str:
    """Bytes stay bytes (trafilatura reads the page's charset) unless they are UTF-16/32,
    which its detector does not expect."""
    if isinstance(markup, bytes):
        codec = detect_encoding(markup)
        if codec and not codec.startswith("utf-8"):
            return markup.decode(codec, errors="replace")
    return markup


def _extract(markup: bytes | str, url: str | None) -> dict[str, Any] | None:
    """trafilatura's main text (paragraphs on their own lines) and metadata, as a dict.

    htmldate's "extensive" search is off here: on pages without date markup it falls
    back to things like a footer's copyright year and reports January 1st of it, a date
    more precise than the evidence. Meta tags, JSON-LD, ``<time>``, URLs and labelled
    "Published:" lines are still read; when they give nothing, ``_fallback_date`` tries
    the extensive search on its own terms.
    """
    import trafilatura  # slow to import; only pages need it

    doc = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "max_date": dt.date.today().isoformat(),
        },
    )
    if doc is None:
        return None
    found = doc if isinstance(doc, dict) else doc.as_dict()
    if not found.get("date"):
        found["date"] = _fallback_date(markup, url)
    return found


def _fallback_date(markup: bytes | str, url: str | None) -> str | None:
    """htmldate's extensive search (dates in the page's text and scripts), for pages whose
    markup states none. A January 1st is refused: that is what the search reports when
    all it found was a year (a copyright line), and a year is not a publication day. On
    htmldate's MediaCloud pages this finds seven more right days and two wrong ones."""
    import htmldate

    day = htmldate.find_date(markup, url=url, extensive_search=True, original_date=True,
                             max_date=dt.date.today().isoformat())
    return None if not day or day[5:10] == "01-01" else day


def _clean(value: object) -> str | None:
    """Metadata strings with collapsed whitespace; empty means absent."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _iso_day(value: object) -> str | None:
    """Keep only a real ``YYYY-MM-DD`` day; trafilatura may give a longer timestamp."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
