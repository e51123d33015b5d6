"""The Ray Data engine: ``dateline run --engine ray PATHS...`` for corpora that outgrow
one machine.

1. **Shard.** The inputs are walked in the order a local run reads them and cut into
   shards of consecutive files (``shard_files`` each; a JSON lines, WARC or gzip file,
   which may hold thousands of articles, is a shard of its own). A shard's id is a hash
   of its files' paths, sizes and modification times and of the settings, so a changed
   file makes a new shard.
2. **Process.** Ray Data maps the shards onto a pool of actors, each of which loads the
   model once and runs the same pure stages as a local run (``pipeline.BatchWorker``)
   over the shard's documents in batches, and writes one Parquet file per shard
   (written under a temporary name and renamed: a file that exists is whole). Shards
   whose Parquet file exists are not sent again, so an interrupted run resumes.
3. **Merge and load.** This process reads the shards in input order and stores them
   as a local run stores its batches (``pipeline.Runner.load``): near-duplicates are
   marked across shards, each batch is one transaction, and events are merged across
   everything stored.

A shard is one of a local run's input groups (``ingest.groups``: a JSON lines, WARC or
gzip file alone, other files 256 at a time), and batches restart at each group in both,
so the cleaning signal "a line repeated across the articles of a batch" sees the same
batches and the output is a local run's (``tests/test_ray.py``), for any batch size.
A different ``shard_files`` changes the groups and so, possibly, that signal.

On a cluster, the inputs and the shard folder must be on storage every node sees (a
network file system or a mounted bucket); ``ray.init`` finds the cluster from
``RAY_ADDRESS``, which ``ray job submit`` sets.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DatelineError
from .ingest import GROUP_FILES, groups, read_file, walk
from .model import Article, Event, RawDoc, Skipped, content_id
from .pipeline import BatchResult, BatchWorker, Progress, RunSummary, Runner, Settings, batches
from .store import Store

SHARD_FILES = GROUP_FILES
_COLUMNS = ("batch", "kind", "path", "reason", "article", "reports")


class RayUnavailable(DatelineError):
    """The Ray engine was asked for but the ``ray`` extra is not installed."""

    def __init__(self) -> None:
        super().__init__("the Ray engine needs the 'ray' extra: pip install 'dateline[ray]'")


@dataclass(frozen=True)
class Shard:
    """Consecutive inputs processed together: file paths, or (path, reason) for an
    entry that could not even be walked."""

    index: int
    shard_id: str
    entries: tuple[tuple[str, str | None], ...]


def plan(paths: Sequence[str | Path], settings: Settings, batch_size: int,
         shard_files: int = SHARD_FILES, exclude: Sequence[str] = ()) -> list[Shard]:
    """The shards of ``paths``, in the order a local run reads them: its input groups
    (``ingest.groups``), so that the batches are a local run's; ``exclude`` as in
    ``ingest.walk`` (the run's own database and shards)."""
    fingerprint = repr((settings, batch_size))
    shards = []
    for i, group in enumerate(groups(walk(paths, exclude), shard_files)):
        entries = tuple((e.path, e.reason) if isinstance(e, Skipped) else (e, None) for e in group)
        shards.append(Shard(i, content_id(fingerprint, *(_stamp(e) for e in entries)), entries))
    return shards


def _stamp(entry: tuple[str, str | None]) -> str:
    path, reason = entry
    if reason is not None:
        return f"{path}\x1f{reason}"
    try:
        st = os.stat(path)
    except OSError as exc:
        return f"{path}\x1f{exc}"
    return f"{path}\x1f{st.st_size}\x1f{st.st_mtime_ns}"


# ---------------------------------------------------------------- in a Ray worker


def process_shard(shard: Shard, worker: BatchWorker, batch_size: int) -> list[dict[str, Any]]:
    """The rows of a shard's Parquet file: per batch, its unreadable inputs, its
    articles with their reports, what the stages skipped, and its input count."""
    limits = worker.settings.limits
    rows: list[dict[str, Any]] = []
    for b, batch in enumerate(batches(_read(shard, limits.max_bytes, limits.doc_timeout), batch_size)):
        raws = [r for r in batch if isinstance(r, RawDoc)]
        rows += [_row(b, "unreadable", s.path, s.reason) for s in batch if isinstance(s, Skipped)]
        result = worker(raws, [True] * len(raws))
        for a in result.articles:
            reports = [e.to_dict() | {"mentions": [m.to_dict() | {"outlet": m.outlet} for m in e.mentions]}
                       for e in result.reports[a.article_id]]
            rows.append(_row(b, "article", a.path, None, json.dumps(a.to_dict()), json.dumps(reports)))
        rows += [_row(b, "skipped", s.path, s.reason) for s in result.skipped]
        rows.append(_row(b, "inputs", None, str(len(batch))))
    return rows


def _read(shard: Shard, max_bytes: int, doc_timeout: float | None) -> Iterator[RawDoc | Skipped]:
    for path, reason in shard.entries:
        if reason is not None:
            yield Skipped(path, reason)
        else:
            yield from read_file(path, max_bytes=max_bytes, doc_timeout=doc_timeout)


def _row(batch: int, kind: str, path: str | None, reason: str | None, article: str | None = None,
         reports: str | None = None) -> dict[str, Any]:
    return {"batch": batch, "kind": kind, "path": path, "reason": reason, "article": article, "reports": reports}


def write_parquet(rows: list[dict[str, Any]], out: Path) -> None:
    """One Parquet file, whole or absent: written aside, then renamed into place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({c: [r[c] for r in rows] for c in _COLUMNS},
                     schema=pa.schema([("batch", pa.int32()), ("kind", pa.string()), ("path", pa.string()),
                                       ("reason", pa.string()), ("article", pa.string()), ("reports", pa.string())]))
    tmp = out.with_name(out.name + f".{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, out)


class ShardTask:
    """A Ray Data actor: loads the model once, then processes the shards it is given."""

    def __init__(self, settings: Settings, batch_size: int) -> None:
        from . import nlp

        self.worker = BatchWorker(settings)
        self.batch_size = batch_size
        nlp.load()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        done = []
        for shard_json, out in zip(batch["shard"], batch["out"]):
            shard = _shard_from_json(str(shard_json))
            write_parquet(process_shard(shard, self.worker, self.batch_size), Path(str(out)))
            done.append(shard.shard_id)
        return {"shard_id": done}


def _shard_json(shard: Shard) -> str:
    return json.dumps({"index": shard.index, "shard_id": shard.shard_id, "entries": shard.entries})


def _shard_from_json(text: str) -> Shard:
    d = json.loads(text)
    return Shard(d["index"], d["shard_id"], tuple((p, r) for p, r in d["entries"]))


# ---------------------------------------------------------------- in the driver


def read_shard(out: Path) -> Iterator[tuple[int, list[Skipped], BatchResult]]:
    """A shard's Parquet file as ``Runner.load`` takes it: one item per batch."""
    import pyarrow.parquet as pq

    rows = pq.read_table(out).to_pylist()
    by_batch: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_batch.setdefault(row["batch"], []).append(row)
    for b in sorted(by_batch):
        yield _batch_from_rows(by_batch[b])


def _batch_from_rows(rows: list[dict[str, Any]]) -> tuple[int, list[Skipped], BatchResult]:
    unreadable = [Skipped(r["path"], r["reason"]) for r in rows if r["kind"] == "unreadable"]
    skipped = tuple(Skipped(r["path"], r["reason"]) for r in rows if r["kind"] == "skipped")
    articles = [(Article.from_dict(json.loads(r["article"])), json.loads(r["reports"]))
                for r in rows if r["kind"] == "article"]
    inputs = sum(int(r["reason"]) for r in rows if r["kind"] == "inputs")
    reports = {a.article_id: tuple(Event.from_dict(e) for e in evs) for a, evs in articles}
    return inputs, unreadable, BatchResult(tuple(a for a, _ in articles), reports, skipped, {})


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise RayUnavailable() from exc
    return ray


def run_shards(shards: list[Shard], shard_dir: Path, settings: Settings, batch_size: int,
               workers: int | None = None) -> int:
    """Process on Ray every shard whose Parquet file is missing; returns how many ran."""
    todo = [s for s in shards if not (shard_dir / f"{s.shard_id}.parquet").exists()]
    if not todo:
        return 0
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=os.environ.get("RAY_ADDRESS"), log_to_driver=False, logging_level=logging.WARNING)
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # the run prints its own summary
    actors = workers or max(1, int(ray.available_resources().get("CPU", 1)))
    items = [{"shard": _shard_json(s), "out": str(shard_dir / f"{s.shard_id}.parquet")} for s in todo]
    ds = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
        ShardTask, batch_size=1, compute=ray.data.ActorPoolStrategy(size=min(actors, len(items))), num_cpus=1,
        fn_constructor_kwargs={"settings": settings, "batch_size": batch_size})
    for _ in ds.iter_rows():
        pass
    return len(todo)


def process(paths: Sequence[str | Path], db: str | Path = "dateline.db", *, shard_dir: Path | None = None,
            settings: Settings = Settings(), batch_size: int = 32, shard_files: int = SHARD_FILES,
            workers: int | None = None, progress: Progress | None = None) -> RunSummary:
    """``pipeline.process`` on Ray: shard, process shards on the cluster (skipping those
    done before), then merge and load into ``db`` here. ``shard_dir`` (default
    ``<db>.shards``) keeps one Parquet file per shard."""
    shard_dir = Path(shard_dir or f"{db}.shards")
    shard_dir.mkdir(parents=True, exist_ok=True)
    shards = plan(paths, settings, max(1, batch_size), shard_files, Store.own_files(db, shard_dir))
    run_shards(shards, shard_dir, settings, max(1, batch_size), workers)
    store = Store(db)
    try:
        with store.writer_lock():
            runner = Runner(store, strict=settings.strict, progress=progress, taxonomy=settings.taxonomy,
                            kb_dir=settings.kb_dir, limits=settings.limits, focus=settings.focus)
            return runner.load(item for s in shards for item in read_shard(shard_dir / f"{s.shard_id}.parquet"))
    finally:
        store.close()


__all__ = ["RayUnavailable", "Shard", "plan", "process", "process_shard", "read_shard", "run_shards"]
