"""Wiring the stages: ingest -> clean -> metadata -> annotate/resolve -> near-duplicates -> store -> identity.

Each stage is a pure function of plain records; only ``Store`` writes. Documents
flow in batches: a batch is cleaned and described, annotated with the NLP model in one
``nlp.pipe`` call, checked for near-duplicates, and written in one transaction: an
article is stored together with its event reports or not at all. Merging reports into
events runs once at the end over everything stored, so a run that was interrupted (even
by SIGKILL) simply resumes: the next run skips what is stored and redoes the rest.

A document that fails or runs out of time in any stage is recorded as skipped (path
and reason) and is not stored, so the next run tries it again. One run writes to a
database at a time (``Store.writer_lock``).

The pure part of a batch (clean, describe, parse, extract: ``BatchWorker``) runs either
in this process or, with ``workers`` > 1, in a pool of worker processes that each load
the model once; reading inputs, deduplication and every write stay in this process, in
input order, so the result is the same whatever the number of workers. At most a few
batches per worker are in flight, so memory does not grow with the corpus.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import clean as clean_stage
from . import cluster, events, happenings, identity, metadata, topics
from .actors.kb import KB, default_kb
from .errors import StoreError
from .ingest import discover_groups
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
    stage_seconds: dict[str, float] = field(default_factory=dict)  # worker stages: summed over workers

    def add_seconds(self, seconds: dict[str, float]) -> None:
        for stage, s in seconds.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + s


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the time spent in the block to ``seconds[stage]`` (for ``make bench``)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class Settings:
    """What processing a batch depends on besides its documents. Picklable, so that
    worker processes (``--workers``) and Ray workers process exactly as this one does."""

    taxonomy: Path | None = None
    kb_dir: Path | None = None
    limits: Limits = Limits()
    strict: bool = False
    focus: bool = True  # parse only the sentences that can matter (``dateline.focus``)
    published_from_path: bool = False  # date undated articles by a YYYY-MM-DD path component


@dataclass(frozen=True)
class BatchResult:
    """A batch after the pure stages: the articles whose every stage succeeded (input
    order), their event reports, what was skipped and the time spent per stage."""

    articles: tuple[Article, ...]
    reports: dict[str, tuple[Event, ...]]
    skipped: tuple[Skipped, ...]
    seconds: dict[str, float]


def build_article(raw: RawDoc, outlet_lines: frozenset[str] = frozenset()) -> Article:
    """Clean a raw document and describe it: the clean and metadata stages. Text a page's
    markup was read for (HTML, WARC) is cleaned as structured text."""
    cleaned = clean_stage.clean_text(raw.text, outlet_lines=outlet_lines, structured=raw.kind in ("html", "warc"))
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


def batches(items: Iterable[RawDoc | Skipped], size: int) -> Iterator[list[RawDoc | Skipped]]:
    """Consecutive groups of ``size`` inputs: the unit of parsing and of one transaction."""
    batch: list[RawDoc | Skipped] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_reports(articles: Sequence[Article], *, taxonomy: Path | None = None, kb: KB | None = None,
                    focus: bool = True, seconds: dict[str, float] | None = None) -> dict[str, tuple[Event, ...]]:
    """Every report of each article: PLOVER events from the parse, then the dated
    happenings PLOVER does not code (``OTHER``). One function for ``run`` and
    ``recode``, so that both store the same reports."""
    found = events.extract_all(articles, taxonomy=taxonomy, kb=kb, focus=focus, seconds=seconds)
    known, tax = kb or default_kb(), topics.load_taxonomy(taxonomy)
    return {a.article_id: found[a.article_id] + happenings.find_happenings(a, known, tax)
            for a in articles if a.article_id in found}


Stored = tuple[Article, bytes, tuple[Event, ...]]


def _database_failed(exc: Exception) -> bool:
    """True for the database's own failures (locked, disk full, I/O error, corrupt
    file), which no article causes and no retry one by one can mend."""
    return isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError


class BatchWorker:
    """The pure stages of a batch: clean and describe, then parse and extract events.
    One per process; it holds the loaded knowledge base (the model is loaded once per
    process by ``nlp.load``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        kb_dir = settings.kb_dir
        self.kb = KB.load(kb_dir) if kb_dir and Path(kb_dir).is_dir() else None

    def __call__(self, raws: Sequence[RawDoc], todo: Sequence[bool]) -> BatchResult:
        """Process the documents of one batch marked ``todo`` (the others are stored
        already; they still count for the batch's repeated lines, as site chrome)."""
        skipped: list[Skipped] = []
        seconds: dict[str, float] = {}
        with _timed(seconds, "clean+metadata"):
            outlet_lines = clean_stage.repeated_lines(r.text for r in raws)
            described = [self._describe(raw, outlet_lines, skipped) for raw, new in zip(raws, todo) if new]
        articles = [a for a in described if a is not None]
        reports = self._annotate(articles, skipped, seconds)
        kept = tuple(a for a in articles if a.article_id in reports)
        return BatchResult(kept, reports, tuple(skipped), seconds)

    def _describe(self, raw: RawDoc, outlet_lines: frozenset[str], skipped: list[Skipped]) -> Article | None:
        """The cleaned and described article, or ``None`` when it is too long (skipped,
        not truncated: see ``ingest.limits``) or failed."""
        limits = self.settings.limits
        if len(raw.text) > limits.max_chars:
            skipped.append(Skipped(raw.path, f"article too long ({len(raw.text):,} characters; "
                                             f"limit: --max-chars {limits.max_chars:,})"))
            return None
        article = self._guard(raw.path, skipped, "cleaning and metadata", limits.doc_timeout,
                              lambda: build_article(raw, outlet_lines))
        if article is not None and not article.text.strip():
            skipped.append(Skipped(raw.path, "no article text left after cleaning (only site chrome, or empty)"))
            return None
        return dated_by_path(article) if article is not None and self.settings.published_from_path else article

    def _annotate(self, articles: list[Article], skipped: list[Skipped],
                  seconds: dict[str, float]) -> dict[str, tuple[Event, ...]]:
        """Event reports per article id. The batch is parsed in one call under the sum of
        its documents' budgets; if that fails, each article alone under its own budget,
        and one that still fails is left out of the result (and recorded as skipped)."""
        timeout = self.settings.limits.doc_timeout
        try:
            with time_budget(timeout * len(articles) if timeout else None):
                return self._extract(articles, seconds)
        except (Exception, DocTimeout):
            if self.settings.strict:
                raise
        found: dict[str, tuple[Event, ...]] = {}
        for a in articles:
            found.update(self._guard(a.path, skipped, "event extraction", timeout,
                                     lambda a=a: self._extract([a], seconds)) or {})
        return found

    def _extract(self, articles: list[Article], seconds: dict[str, float]) -> dict[str, tuple[Event, ...]]:
        return extract_reports(articles, taxonomy=self.settings.taxonomy, kb=self.kb,
                               focus=self.settings.focus, seconds=seconds)

    def _guard(self, path: str, skipped: list[Skipped], stage: str, seconds: float | None,
               fn: Callable[[], Any]) -> Any:
        """Run one document's stage under its time budget; in batch mode a failure or a
        timeout becomes a Skipped entry naming the stage, in strict mode it is raised."""
        try:
            with time_budget(seconds):
                return fn()
        except DocTimeout as err:
            if self.settings.strict:
                raise
            skipped.append(Skipped(path, timeout_reason(err, stage)))
        except Exception as exc:
            if self.settings.strict:
                raise
            skipped.append(Skipped(path, f"{stage} failed: {type(exc).__name__}: {exc}"))
        return None


Job = tuple[list[RawDoc], list[bool]]
_WORKER: BatchWorker | None = None


def _start_worker(settings: Settings, parent: int) -> None:
    """A pool process's start: follow the run's process out, build its BatchWorker and
    load the model once, now."""
    global _WORKER
    from . import nlp

    _exit_with(parent)
    _WORKER = BatchWorker(settings)
    nlp.load()


def _exit_with(parent: int, every: float = 0.5) -> None:
    """End this worker when the run's process ``parent`` is gone (killed, even by
    SIGKILL, which lets nothing be cleaned up): otherwise it would wait for work forever,
    holding the model's memory and the run's output pipes open."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="dateline-parent-watch", daemon=True).start()


def _work(job: Job) -> BatchResult:
    assert _WORKER is not None, "the pool's initializer did not run"
    return _WORKER(*job)


def _one_blas_thread_each() -> None:
    """N workers on N cores: each worker's BLAS (``nlp.BlasOps``) runs one thread, unless
    the user chose otherwise; read by the spawned processes when they import numpy."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


class _Pool:
    """Worker processes for the pure stages, fed in input order with at most
    ``2 * workers`` batches in flight (bounded memory), results taken in the same order.

    Processes are spawned, not forked: a fork would copy the open database connection
    and the writer lock's file descriptor into every worker. A worker is replaced after
    ``RECYCLE`` batches, so that what a long run leaves behind in it (spaCy's string
    store, allocator fragments) cannot grow with the corpus; loading the model again
    costs a few seconds per 6,400 articles."""

    RECYCLE = 200

    def __init__(self, settings: Settings, workers: int) -> None:
        _one_blas_thread_each()
        ctx = multiprocessing.get_context("spawn")
        self.window = 2 * workers
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start_worker,
                                        initargs=(settings, os.getpid()), max_tasks_per_child=self.RECYCLE)

    def map(self, jobs: Iterator[Job]) -> Iterator[BatchResult]:
        pending: deque[Future[BatchResult]] = deque()
        for job in jobs:
            pending.append(self.pool.submit(_work, job))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class Runner:
    """One run over some inputs into one database."""

    def __init__(self, store: Store, *, strict: bool = False, progress: Progress | None = None,
                 taxonomy: Path | None = None, kb_dir: Path | None = None, limits: Limits = Limits(),
                 workers: int = 1, focus: bool = True, published_from_path: bool = False) -> None:
        self.store = store
        self.settings = Settings(taxonomy=taxonomy, kb_dir=kb_dir, limits=limits, strict=strict, focus=focus,
                                 published_from_path=published_from_path)
        self.progress = progress or (lambda what, n: None)
        self.limits = limits
        self.workers = max(1, workers)
        self.summary = RunSummary()
        self.dups = cluster.NearDupIndex()
        for article_id, sig in store.signatures():
            self.dups.add_signature(article_id, sig)

    def run(self, paths: Sequence[str | Path], batch_size: int = 32) -> RunSummary:
        run_id = self.store.start_run(_now())
        found = discover_groups(paths, max_bytes=self.limits.max_bytes, doc_timeout=self.limits.doc_timeout,
                                exclude=Store.own_files(self.store.path))
        pending: deque[list[Skipped]] = deque()
        jobs = (self._job(batch, pending) for group in found
                for batch in batches(self._timed_inputs(group), max(1, batch_size)))
        pool = _Pool(self.settings, self.workers) if self.workers > 1 else None
        try:
            for result in pool.map(jobs) if pool is not None else self._in_process(jobs):
                self._store_batch(result, pending.popleft(), run_id)
        finally:
            if pool is not None:
                pool.close()
        return self._finish(run_id)

    def _in_process(self, jobs: Iterator[Job]) -> Iterator[BatchResult]:
        """The pure stages here, one batch after the other (``--workers 1``)."""
        worker = BatchWorker(self.settings)
        for job in jobs:
            yield worker(*job)

    def load(self, batches: Iterable[tuple[int, list[Skipped], BatchResult]]) -> RunSummary:
        """Store batches processed elsewhere (the Ray engine's shards), given in input
        order as (number of inputs, unreadable inputs, result), exactly as ``run`` stores
        its own: articles stored already are left out, the rest deduplicated and written
        one transaction per batch, then the events merged."""
        run_id = self.store.start_run(_now())
        for inputs, skipped, result in batches:
            self.summary.inputs += inputs
            self._store_batch(self._without_known(result), skipped, run_id)
        return self._finish(run_id)

    def _without_known(self, result: BatchResult) -> BatchResult:
        known = {a.article_id for a in result.articles if self.store.has_article(a.article_id)}
        self.summary.known_articles += len(known)
        if not known:
            return result
        return replace(result, articles=tuple(a for a in result.articles if a.article_id not in known),
                       reports={k: v for k, v in result.reports.items() if k not in known})

    def _finish(self, run_id: int) -> RunSummary:
        with _timed(self.summary.stage_seconds, "merge events"):
            self.summary.events = self.store.merge_events(identity.merge_blocks)
        s = self.summary
        self.store.finish_run(run_id, _now(), s.inputs, s.new_articles, len(s.skipped))
        return s

    def _timed_inputs(self, found: Iterator[RawDoc | Skipped]) -> Iterator[RawDoc | Skipped]:
        """The inputs, counting the time spent reading them as the ingest stage."""
        while True:
            with _timed(self.summary.stage_seconds, "ingest"):
                item = next(found, None)
            if item is None:
                return
            yield item

    def _job(self, batch: list[RawDoc | Skipped], pending: deque[list[Skipped]]) -> Job:
        """The batch's documents, each marked whether it still needs processing; its
        unreadable inputs wait in ``pending`` until the batch is written."""
        raws = [r for r in batch if isinstance(r, RawDoc)]
        pending.append([s for s in batch if isinstance(s, Skipped)])
        self.summary.inputs += len(batch)
        todo = [not self.store.has_article(content_id(r.text)) for r in raws]
        self.summary.known_articles += todo.count(False)
        return raws, todo

    def _store_batch(self, result: BatchResult, skipped: list[Skipped], run_id: int) -> None:
        """Deduplicate and write one processed batch (one transaction)."""
        skipped = skipped + list(result.skipped)
        self.summary.add_seconds(result.seconds)
        with _timed(self.summary.stage_seconds, "deduplicate"):
            items = self._deduplicate(list(result.articles), result.reports)
        with _timed(self.summary.stage_seconds, "write"):
            self._write(items, skipped, run_id)
        self.summary.skipped.extend(skipped)
        self.progress("batch", self.summary.inputs)

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
            if self.settings.strict or _database_failed(exc):
                raise
        for item in items:
            try:
                self.summary.new_articles += self.store.write_batch([item], [], run_id)
            except Exception as exc:
                if _database_failed(exc):
                    raise
                skipped.append(Skipped(item[0].path, f"cannot be stored: {type(exc).__name__}: {exc}"))
        self.store.write_batch([], [(s.path, s.reason) for s in skipped], run_id)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def process(paths: Sequence[str | Path], db: str | Path = "dateline.db", *, strict: bool = False,
            progress: Progress | None = None, taxonomy: Path | None = None,
            kb_dir: Path | None = None, limits: Limits = Limits(), batch_size: int = 32,
            workers: int = 1, focus: bool = True, published_from_path: bool = False) -> RunSummary:
    """Ingest, process and store ``paths`` into the database ``db``; idempotent.

    ``kb_dir`` adds a user's knowledge-base files (``dateline kb add``/``import``) to the
    shipped people and roles; ``limits`` bounds file size, article length and the time
    per document; ``workers`` > 1 parses in that many processes (same result);
    ``focus=False`` parses every sentence (slower; for comparison); ``published_from_path``
    dates an article its text leaves undated by a ``YYYY-MM-DD`` or ``YYYY/MM/DD``
    component of its path. Raises ``StoreError`` when another run is writing to ``db``."""
    store = Store(db)
    try:
        with store.writer_lock():
            runner = Runner(store, strict=strict, progress=progress, taxonomy=taxonomy, kb_dir=kb_dir, limits=limits,
                            workers=workers, focus=focus, published_from_path=published_from_path)
            return runner.run(paths, batch_size=batch_size)
    except sqlite3.Error as exc:  # the database itself failed (disk full, corrupt file)
        raise StoreError(f"database {db} failed: {exc}") from exc
    finally:
        store.close()
