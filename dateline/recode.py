"""Re-coding a database after its knowledge changed, without reading the inputs again.

The store keeps every article's cleaned text and metadata, which is all that event
extraction reads. So when the knowledge base or the topic taxonomy changes, the events
can be rebuilt from the database alone: each batch of stored articles is extracted again
and its reports replaced in one transaction, then the merged events are rebuilt from all
reports, as at the end of a run. An interrupted re-code leaves every batch either old or
new (never half written); running it again finishes the job, because re-coding an
article that is already re-coded gives the same reports.

An article whose extraction fails or runs out of time keeps its previous reports and is
listed in the summary (it is not put in ``skipped``, which lists inputs not stored).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import identity
from .actors.kb import KB
from .errors import StoreError
from .ingest.limits import DocTimeout, Limits, time_budget, timeout_reason
from .model import Article, Event, Skipped
from .pipeline import extract_reports
from .store import Store, report_json

Progress = Callable[[str, int], None]


@dataclass
class RecodeSummary:
    """What a re-code did, for the CLI's summary."""

    articles: int = 0
    changed: int = 0  # articles whose reports differ from before
    events_before: int = 0
    events: int = 0
    failed: list[Skipped] = field(default_factory=list)


def recode(db: str | Path, *, taxonomy: Path | None = None, kb_dir: Path | None = None,
           batch_size: int = 32, limits: Limits = Limits(), progress: Progress | None = None) -> RecodeSummary:
    """Extract the events of every stored article again with the current knowledge base
    (plus ``kb_dir``) and ``taxonomy``, and rebuild the merged events. Holds the database's
    writer lock, like a run; raises ``StoreError`` when a run is writing."""
    store = Store(db)
    try:
        with store.writer_lock():
            kb = KB.load(kb_dir) if kb_dir and Path(kb_dir).is_dir() else None
            return _Recoder(store, taxonomy, kb, limits, progress or (lambda what, n: None)).run(batch_size)
    except sqlite3.Error as exc:
        raise StoreError(f"database {db} failed: {exc}") from exc
    finally:
        store.close()


@dataclass
class _Recoder:
    store: Store
    taxonomy: Path | None
    kb: KB | None
    limits: Limits
    progress: Progress
    summary: RecodeSummary = field(default_factory=RecodeSummary)

    def run(self, batch_size: int) -> RecodeSummary:
        """Re-code batch by batch, rebuild the events, and record it in ``runs`` (no inputs,
        no new articles): the events' revision time, which exports show, is this one."""
        run_id = self.store.start_run(_now())
        self.summary.events_before = len(self.store.query("SELECT event_id FROM events"))
        ids = self.store.article_ids()
        for start in range(0, len(ids), max(1, batch_size)):
            self._batch(self.store.articles_by_ids(ids[start:start + max(1, batch_size)]))
        merged = identity.merge_events(list(self.store.reports()))
        self.store.replace_events(merged)
        self.summary.events = len(merged)
        self.store.finish_run(run_id, _now(), 0, 0, 0)
        return self.summary

    def _batch(self, articles: list[Article]) -> None:
        found = self._extract(articles)
        before = self._reports_of(list(found))
        self.summary.changed += sum(1 for a, evs in found.items()
                                    if {report_json(ev) for ev in evs} != set(before.get(a, ())))
        self.store.replace_reports(list(found.items()))
        self.summary.articles += len(articles)
        self.progress("batch", self.summary.articles)

    def _extract(self, articles: list[Article]) -> dict[str, tuple[Event, ...]]:
        """The whole batch under the sum of its budgets; on failure, one article at a time."""
        timeout = self.limits.doc_timeout
        try:
            with time_budget(timeout * len(articles) if timeout else None):
                return extract_reports(articles, taxonomy=self.taxonomy, kb=self.kb)
        except (Exception, DocTimeout):
            pass
        found: dict[str, tuple[Event, ...]] = {}
        for a in articles:
            try:
                with time_budget(timeout):
                    found |= extract_reports([a], taxonomy=self.taxonomy, kb=self.kb)
            except DocTimeout as exc:
                self.summary.failed.append(Skipped(a.path, timeout_reason(exc, "event extraction")))
            except Exception as exc:
                self.summary.failed.append(Skipped(a.path, f"event extraction failed: {type(exc).__name__}: {exc}"))
        return found

    def _reports_of(self, ids: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for i in ids:
            rows = self.store.query("SELECT json FROM reports WHERE article_id=? ORDER BY rowid", (i,))
            out[i] = [r["json"] for r in rows]
        return out


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
