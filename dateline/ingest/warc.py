"""WARC archives: each successful HTML response is one page.

A crawl holds requests, redirects, images and metadata records besides the pages; only
``response`` records with status 200 and an HTML content type are articles, and the
others are passed over without a report (they are not inputs the user chose). The
WARC-Date is the *crawl* date, so it is never used as a publication date.

Crawls are often cut short; warcio then stops quietly, so we check ourselves that each
record was complete and that no bytes are left after the last one.
"""
from __future__ import annotations

import gzip
import itertools
from collections.abc import Iterator
from typing import IO, Any

from ..model import RawDoc, Skipped
from .html import read_html
from .limits import DEFAULT_DOC_TIMEOUT

_HTML_TYPES = ("text/html", "application/xhtml")
_TAIL_PROBE = 256  # bytes read after the last record to see whether anything is left


def read_warc(fh: IO[bytes], path: str, *, max_bytes: int,
              timeout: float | None = DEFAULT_DOC_TIMEOUT) -> Iterator[RawDoc | Skipped]:
    """Documents record by record, addressed ``path#<record offset>``; a truncated or
    corrupt archive yields what was readable and then one ``Skipped``.

    A WARC gzipped as one piece (``gzip crawl.warc``) instead of record by record is
    read again through a decompressing stream, without repeating what was given.
    """
    given = 0
    try:
        for item in _records(fh, path, max_bytes, timeout):
            given += 1
            yield item
    except _SolidGzip:
        fh.seek(0)
        with gzip.GzipFile(fileobj=fh, mode="rb") as whole:
            yield from itertools.islice(_records(whole, path, max_bytes, timeout), given, None)


class _SolidGzip(Exception):
    """warcio met a gzip member holding more than one record."""


def _records(fh: IO[bytes], path: str, max_bytes: int, timeout: float | None) -> Iterator[RawDoc | Skipped]:
    """The documents of one archive stream, then at most one ``Skipped``."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(fh)
    end = 0
    try:
        for record in records:
            item = _page(record, path, records, max_bytes, timeout)
            start = records.get_record_offset()
            end = start + records.get_record_length()
            if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than declared
                yield Skipped(path, f"truncated WARC: the record at byte {start} is incomplete")
                return
            if item is not None:
                yield item
    except Exception as exc:  # warcio raises many kinds on damaged input
        if "non-chunked gzip" in str(exc):
            raise _SolidGzip from exc
        yield Skipped(path, f"corrupt WARC after byte {end}: {type(exc).__name__}: {exc}")
        return
    if _bytes_left(fh, end):
        yield Skipped(path, f"truncated or corrupt WARC: unreadable data after byte {end}")


def _page(record: Any, path: str, records: Any, max_bytes: int, timeout: float | None) -> RawDoc | Skipped | None:
    """The record's document, or ``None`` if it is no page.

    The payload must be read before asking for the record's offset: warcio computes the
    offset by skipping to the record's end, which would discard an unread payload.
    """
    if not _is_page(record):
        return None
    payload = record.content_stream().read(max_bytes + 1)
    where = f"{path}#{records.get_record_offset()}"
    if len(payload) > max_bytes:
        return Skipped(where, f"record too large (over {max_bytes:,} bytes; limit: --max-bytes)")
    url = record.rec_headers.get_header("WARC-Target-URI")
    return read_html(payload, where, kind="warc", url=url, timeout=timeout)


def _is_page(record: Any) -> bool:
    """A 200 response whose content type is HTML."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    return any(t in ctype for t in _HTML_TYPES)


def _bytes_left(fh: IO[bytes], end: int) -> bool:
    """True when something other than padding follows the last complete record."""
    try:
        fh.seek(end)
        tail = fh.read(_TAIL_PROBE)
    except (OSError, ValueError, EOFError):
        return False
    return bool(tail.strip(b"\r\n \t\x00"))
