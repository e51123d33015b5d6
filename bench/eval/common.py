"""Glue shared by the gold-set runners: reading pages, running Dateline's own HTML path.

The runners call the package's public functions only (``read_html`` and
``build_article`` are what ``dateline run`` uses for a page), so the figures describe
the product, not a copy of it tuned for the benchmark.
"""
from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.ingest.html import read_html
from dateline.model import Article, RawDoc
from dateline.pipeline import build_article


@dataclass(frozen=True)
class GoldSet:
    """One benchmark: the folder it lives in under the data root, the published anchors to
    print beside our figures, and the function that scores Dateline on it."""

    name: str
    folder: str
    anchors: dict[str, Any]
    run: Callable[[Path, int | None], dict[str, Any]]


def read_page(path: Path) -> bytes:
    """A page's bytes, gunzipped when the set stores it compressed."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def html_article(markup: bytes, path: str, url: str | None = None) -> Article | None:
    """What ``dateline run`` stores for one HTML page (no time limit: the benchmark must
    score every page); None when the reader skips it (no article text)."""
    raw = read_html(markup, path, url=url, timeout=None)
    return build_article(raw) if isinstance(raw, RawDoc) else None


def limited(items: list[Any], limit: int | None) -> list[Any]:
    return items[:limit] if limit else items


def progress(label: str, items: list[Any]) -> Iterator[Any]:
    """Yield ``items`` and print a line every 50, so a long set shows it is alive."""
    start = time.monotonic()
    for i, item in enumerate(items, 1):
        yield item
        if i % 50 == 0:
            print(f"  {label}: {i}/{len(items)} ({time.monotonic() - start:.0f} s)", flush=True)
