"""Wiring the stages: ingest -> clean -> metadata -> annotate/resolve -> store -> cluster.

Each stage is a pure function of plain records; only ``Store`` writes. Documents
flow in batches: a batch is cleaned and described, annotated with the NLP model in one
``nlp.pipe`` call, checked for near-duplicates, and written in one transaction: an
article is stored together with its event reports or not at all. Merging reports into
events runs once at the end over everything stored, so a run that was interrupted (even
by SIGKILL) simply resumes: the next run skips what is stored and redoes the rest.

A document that fails or runs out of time in any stage is recorded as skipped (path
and reason) and is not stored, so the next run tries it again. One run writes to a
database at a time (``Store.writer_lock``).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import clean as clean_stage
from . import cluster, events, happenings, metadata, topics
from .actors.kb import KB, default_kb
from .errors import StoreError
from .ingest import discover
from .ingest.limits import DocTimeout, Limits, time_budget, timeout_reason
from .model import Article, Event, RawDoc, Skipped, content_id
from .store import Store

Progress = Callable[[str, int], None]  # (what happened, how many inputs so far)


@dataclass
class RunSummary:
    """What a run did, for the CLI's summary and exit status."""

    inputs: int = 0
    new_articles: int = 0
    known_articles: int = 0
    duplicates: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def build_article(raw: RawDoc, outlet_lines: frozenset[str] = frozenset()) -> Article:
    """Clean a raw document and describe it: the clean and metadata stages."""
    cleaned = clean_stage.clean_text(raw.text, outlet_lines=outlet_lines)
    meta = metadata.extract_metadata(raw.text, cleaned, raw)
    return Article(
        article_id=content_id(raw.text), path=raw.path, title=meta.title, outlet=meta.outlet,
        author=meta.author, dateline=meta.dateline, published=meta.published, language=meta.language,
        text=cleaned.text, removed=cleaned.removed, published_source=meta.published_source,
    )


def dated_by_path(article: Article) -> Article:
    """The article dated by its path (archives filed by day) when its text and container
    give no publication date; marked ``published_source="path"``. Else unchanged."""
    if article.published is not None or not (day := metadata.published_from_path(article.path)):
        return article
    return replace(article, published=day, published_source="path")


def _batches(items: Iterable[RawDoc | Skipped], size: int) -> Iterator[list[RawDoc | Skipped]]:
    batch: list[RawDoc | Skipped] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


Stored = tuple[Article, bytes, tuple[Event, ...]]


def _database_failed(exc: Exception) -> bool:
    """True for the database's own failures (locked, disk full, I/O error, corrupt
    file), which no article causes and no retry one by one can mend."""
    return isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError


class Runner:
    """One run over some inputs into one database."""

    def __init__(self, store: Store, *, strict: bool = False, progress: Progress | None = None,
                 taxonomy: Path | None = None, kb_dir: Path | None = None, limits: Limits = Limits(),
                 published_from_path: bool = False) -> None:
        self.store = store
        self.published_from_path = published_from_path
        self.strict = strict
        self.progress = progress or (lambda what, n: None)
        self.taxonomy = taxonomy
        self.kb = KB.load(kb_dir) if kb_dir and Path(kb_dir).is_dir() else None
        self.limits = limits
        self.summary = RunSummary()
        self.dups = cluster.NearDupIndex()
        for article_id, sig in store.signatures():
            self.dups.add_signature(article_id, sig)

    def run(self, paths: Sequence[str | Path], batch_size: int = 32) -> RunSummary:
        run_id = self.store.start_run(_now())
        found = discover(paths, max_bytes=self.limits.max_bytes, doc_timeout=self.limits.doc_timeout)
        for batch in _batches(found, max(1, batch_size)):
            self._batch(batch, run_id)
        merged = cluster.merge_events(list(self.store.reports()))
        self.store.replace_events(merged)
        self.summary.events = len(merged)
        s = self.summary
        self.store.finish_run(run_id, _now(), s.inputs, s.new_articles, len(s.skipped))
        return s

    def _batch(self, batch: list[RawDoc | Skipped], run_id: int) -> None:
        """Describe, annotate, deduplicate and write one batch; only articles whose every
        stage succeeded are written, the others are recorded as skipped."""
        raws = [r for r in batch if isinstance(r, RawDoc)]
        skipped = [s for s in batch if isinstance(s, Skipped)]
        self.summary.inputs += len(batch)
        outlet_lines = clean_stage.repeated_lines(r.text for r in raws)
        described = [a for a in (self._describe(raw, outlet_lines, skipped) for raw in raws) if a is not None]
        reports = self._annotate(described, skipped)
        items = self._deduplicate([a for a in described if a.article_id in reports], reports)
        self._write(items, skipped, run_id)
        self.summary.skipped.extend(skipped)
        self.progress("batch", self.summary.inputs)

    def _describe(self, raw: RawDoc, outlet_lines: frozenset[str], skipped: list[Skipped]) -> Article | None:
        """The cleaned and described article, or ``None`` when it is stored already, is
        too long (skipped, not truncated: see ``ingest.limits``) or failed."""
        if self.store.has_article(content_id(raw.text)):
            self.summary.known_articles += 1
            return None
        if len(raw.text) > self.limits.max_chars:
            skipped.append(Skipped(raw.path, f"article too long ({len(raw.text):,} characters; "
                                             f"limit: --max-chars {self.limits.max_chars:,})"))
            return None
        article = self._guard(raw.path, skipped, "cleaning and metadata", self.limits.doc_timeout,
                              lambda: build_article(raw, outlet_lines))
        return dated_by_path(article) if article is not None and self.published_from_path else article

    def _annotate(self, articles: list[Article], skipped: list[Skipped]) -> dict[str, tuple[Event, ...]]:
        """Event reports per article id. The batch is parsed in one call under the sum of
        its documents' budgets; if that fails, each article alone under its own budget,
        and one that still fails is left out of the result (and recorded as skipped)."""
        timeout = self.limits.doc_timeout
        try:
            with time_budget(timeout * len(articles) if timeout else None):
                return self._extract(articles)
        except (Exception, DocTimeout):
            if self.strict:
                raise
        found: dict[str, tuple[Event, ...]] = {}
        for a in articles:
            found.update(self._guard(a.path, skipped, "event extraction", timeout,
                                     lambda a=a: self._extract([a])) or {})
        return found

    def _extract(self, articles: list[Article]) -> dict[str, tuple[Event, ...]]:
        found = events.extract_all(articles, taxonomy=self.taxonomy, kb=self.kb)
        kb, tax = self.kb or default_kb(), topics.load_taxonomy(self.taxonomy)
        return {a.article_id: found[a.article_id] + happenings.find_happenings(a, kb, tax)
                for a in articles if a.article_id in found}

    def _deduplicate(self, articles: list[Article], reports: dict[str, tuple[Event, ...]]) -> list[Stored]:
        """Index the articles about to be stored, in input order, marking each
        near-duplicate of an earlier one. Done after extraction so that an article that
        failed (and is not stored) is never anyone's ``duplicate_of``."""
        items: list[Stored] = []
        for article in articles:
            sig = self.dups.signature(article.text)
            twin = self.dups.find(article.article_id, sig)
            self.dups.add_signature(article.article_id, sig)
            if twin and twin != article.article_id:
                self.summary.duplicates += 1
                article = replace(article, duplicate_of=twin)
            items.append((article, sig, reports[article.article_id]))
        return items

    def _write(self, items: list[Stored], skipped: list[Skipped], run_id: int) -> None:
        """Write the batch in one transaction. Should one article hold a value that
        cannot be stored, the others are written one by one and that one is skipped; a
        database failure (disk full, locked) is no article's fault and ends the run."""
        try:
            self.summary.new_articles += self.store.write_batch(items, [(s.path, s.reason) for s in skipped], run_id)
            return
        except Exception as exc:
            if self.strict or _database_failed(exc):
                raise
        for item in items:
            try:
                self.summary.new_articles += self.store.write_batch([item], [], run_id)
            except Exception as exc:
                if _database_failed(exc):
                    raise
                skipped.append(Skipped(item[0].path, f"cannot be stored: {type(exc).__name__}: {exc}"))
        self.store.write_batch([], [(s.path, s.reason) for s in skipped], run_id)

    def _guard(self, path: str, skipped: list[Skipped], stage: str, seconds: float | None,
               fn: Callable[[], Any]) -> Any:
        """Run one document's stage under its time budget; in batch mode a failure or a
        timeout becomes a Skipped entry naming the stage, in strict mode it is raised."""
        try:
            with time_budget(seconds):
                return fn()
        except DocTimeout as err:
            if self.strict:
                raise
            skipped.append(Skipped(path, timeout_reason(err, stage)))
        except Exception as exc:
            if self.strict:
                raise
            skipped.append(Skipped(path, f"{stage} failed: {type(exc).__name__}: {exc}"))
        return None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def process(paths: Sequence[str | Path], db: str | Path = "dateline.db", *, strict: bool = False,
            progress: Progress | None = None, taxonomy: Path | None = None,
            kb_dir: Path | None = None, limits: Limits = Limits(), batch_size: int = 32,
            published_from_path: bool = False) -> RunSummary:
    """Ingest, process and store ``paths`` into the database ``db``; idempotent.

    ``kb_dir`` adds a user's knowledge-base files (``dateline kb add``/``import``) to the
    shipped people and roles; ``limits`` bounds file size, article length and the time
    per document; ``published_from_path`` dates an article its text leaves undated by a
    ``YYYY-MM-DD`` or ``YYYY/MM/DD`` component of its path. Raises ``StoreError`` when another run is writing to ``db``."""
    store = Store(db)
    try:
        with store.writer_lock():
            runner = Runner(store, strict=strict, progress=progress, taxonomy=taxonomy, kb_dir=kb_dir, limits=limits,
                            published_from_path=published_from_path)
            return runner.run(paths, batch_size=batch_size)
    except sqlite3.Error as exc:  # the database itself failed (disk full, corrupt file)
        raise StoreError(f"database {db} failed: {exc}") from exc
    finally:
        store.close()
