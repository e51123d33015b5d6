"""Wiring the stages: ingest -> clean -> metadata -> annotate/resolve -> store -> cluster.

Each stage is a pure function of plain records; only ``Store`` writes. Documents
flow in batches: a batch is cleaned, described, checked for near-duplicates,
annotated with the NLP model in one ``nlp.pipe`` call, and written in one
transaction. Merging reports into events runs once at the end over everything
stored, so a run that was interrupted simply resumes.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import clean as clean_stage
from . import cluster, events, metadata
from .actors.kb import KB
from .ingest import discover
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
        text=cleaned.text, removed=cleaned.removed,
    )


def _batches(items: Iterable[RawDoc | Skipped], size: int) -> Iterator[list[RawDoc | Skipped]]:
    batch: list[RawDoc | Skipped] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Runner:
    """One run over some inputs into one database."""

    def __init__(self, store: Store, *, strict: bool = False, progress: Progress | None = None,
                 taxonomy: Path | None = None, kb_dir: Path | None = None) -> None:
        self.store = store
        self.strict = strict
        self.progress = progress or (lambda what, n: None)
        self.taxonomy = taxonomy
        self.kb = KB.load(kb_dir) if kb_dir and Path(kb_dir).is_dir() else None
        self.summary = RunSummary()
        self.dups = cluster.NearDupIndex()
        for article_id, sig in store.signatures():
            self.dups.add_signature(article_id, sig)

    def run(self, paths: Sequence[str | Path], batch_size: int = 32) -> RunSummary:
        run_id = self.store.start_run(_now())
        for batch in _batches(discover(paths), batch_size):
            self._batch(batch, run_id)
        merged = cluster.merge_events(list(self.store.reports()))
        self.store.replace_events(merged)
        self.summary.events = len(merged)
        s = self.summary
        self.store.finish_run(run_id, _now(), s.inputs, s.new_articles, len(s.skipped))
        return s

    def _batch(self, batch: list[RawDoc | Skipped], run_id: int) -> None:
        raws = [r for r in batch if isinstance(r, RawDoc)]
        skipped = [s for s in batch if isinstance(s, Skipped)]
        self.summary.inputs += len(batch)
        outlet_lines = clean_stage.repeated_lines(r.text for r in raws)
        fresh: list[tuple[Article, bytes]] = []
        for raw in raws:
            built = self._guard(raw.path, skipped, lambda raw=raw: self._describe(raw, outlet_lines))
            if built is not None:
                fresh.append(built)
        reports = self._annotate([a for a, _ in fresh], skipped)
        items = [(a, sig, reports.get(a.article_id, ())) for a, sig in fresh]
        self.summary.new_articles += self.store.write_batch(items, [(s.path, s.reason) for s in skipped], run_id)
        self.summary.skipped.extend(skipped)
        self.progress("batch", self.summary.inputs)

    def _describe(self, raw: RawDoc, outlet_lines: frozenset[str]) -> tuple[Article, bytes] | None:
        article_id = content_id(raw.text)
        if self.store.has_article(article_id):
            self.summary.known_articles += 1
            return None
        article = build_article(raw, outlet_lines)
        sig = self.dups.signature(article.text)
        twin = self.dups.add(article.article_id, article.text)
        if twin and twin != article.article_id:
            self.summary.duplicates += 1
            article = Article(**{**article.to_dict(), "removed": article.removed, "duplicate_of": twin})
        return article, sig

    def _annotate(self, articles: list[Article], skipped: list[Skipped]) -> dict[str, tuple[Event, ...]]:
        try:
            found = events.extract_all(articles, taxonomy=self.taxonomy, kb=self.kb)
        except Exception as exc:  # one bad document must not sink the batch: retry one by one
            if self.strict:
                raise
            found = {}
            for a in articles:
                one = self._guard(a.path, skipped, lambda a=a: events.extract_all([a], taxonomy=self.taxonomy, kb=self.kb))
                found.update(one or {})
            del exc
        return found

    def _guard(self, path: str, skipped: list[Skipped], fn: Callable[[], Any]) -> Any:
        """Run one document's stage; in batch mode a failure becomes a Skipped entry."""
        try:
            return fn()
        except Exception as exc:
            if self.strict:
                raise
            skipped.append(Skipped(path, f"{type(exc).__name__}: {exc}"))
            return None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def process(paths: Sequence[str | Path], db: str | Path = "dateline.db", *, strict: bool = False,
            progress: Progress | None = None, taxonomy: Path | None = None,
            kb_dir: Path | None = None) -> RunSummary:
    """Ingest, process and store ``paths`` into the database ``db``; idempotent.

    ``kb_dir`` adds a user's knowledge-base files (``dateline kb add``/``import``) to the
    shipped people and roles."""
    store = Store(db)
    try:
        return Runner(store, strict=strict, progress=progress, taxonomy=taxonomy, kb_dir=kb_dir).run(paths)
    finally:
        store.close()
