"""Concurrent use: a reader (`dateline.open` + `dateline.query`) reads while `dateline run`
writes, and sees every batch whole or not at all; a second `run` on the same database
stops at once with a clear message and leaves the first one's work intact.
"""
from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

import dateline
from dateline.errors import StoreError
from dateline.store import Store
from test_crash import BATCH, DATELINE, integrity, make_corpus, start_run


def snapshot(store: Store) -> tuple[dict[str, int], int, int]:
    """In one read transaction: reports per stored article, merged events, and events
    through the query layer (the two event counts must agree within a snapshot)."""
    store.conn.execute("BEGIN")
    try:
        per_article = {r[0]: r[1] for r in store.query(
            "SELECT a.article_id, count(r.report_id) FROM articles a "
            "LEFT JOIN reports r USING (article_id) GROUP BY a.article_id")}
        n_events = store.query("SELECT count(*) FROM events")[0][0]
        listed = len(list(dateline.query.events(store, dateline.EventFilter())))
        assert len(list(dateline.query.articles(store))) == len(per_article)
    finally:
        store.conn.execute("COMMIT")
    return per_article, n_events, listed


def wait_for_lock(db: Path, proc: subprocess.Popen[bytes]) -> None:
    """Until the run has taken the writer lock (it writes its process id into it)."""
    lock = Path(f"{db}.lock")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if lock.exists() and lock.read_text().strip() == str(proc.pid):
            return
        time.sleep(0.01)
    pytest.fail("the run never took the writer lock")


def read_until_done(db: Path, proc: subprocess.Popen[bytes]) -> list[tuple[dict[str, int], int, int]]:
    seen = []
    while proc.poll() is None:
        try:
            store = dateline.open(str(db))
        except StoreError:  # not created yet
            time.sleep(0.01)
            continue
        try:
            seen.append(snapshot(store))
        except sqlite3.OperationalError as exc:  # schema not there yet
            assert "no such table" in str(exc)
        finally:
            store.close()
        time.sleep(0.005)
    return seen


def test_reader_sees_whole_batches_and_a_second_run_is_refused(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    db = tmp_path / "x.db"
    writer = start_run(corpus, db)
    wait_for_lock(db, writer)
    second = subprocess.run([DATELINE, "run", str(corpus), "--db", str(db), "--quiet"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert writer.poll() is None, "the first run ended before the second started: nothing was tested"
    assert second.returncode == 1
    assert f"database is being written by another run (process {writer.pid})" in second.stderr
    seen = read_until_done(db, writer)
    assert writer.wait() == 0, writer.stderr.read().decode()
    final, n_events, _ = snapshot(dateline.open(str(db)))
    assert integrity(db) == "ok" and n_events > 0
    sizes = sorted({len(articles) for articles, _, _ in seen})
    assert len(sizes) >= 3, f"the reader saw too few states of the run: {sizes}"
    for articles, events, listed in seen:
        assert len(articles) % int(BATCH) == 0 or len(articles) == len(final), "half a batch was visible"
        assert all(final[a] == n for a, n in articles.items()), "an article was visible without all its reports"
        assert events in (0, n_events) and listed == events, "the events were visible half rebuilt"
    again = subprocess.run([DATELINE, "run", str(corpus), "--db", str(db), "--quiet"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and f"0 new articles, {len(final)} already stored" in again.stderr


def test_writer_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    first, second = Store(tmp_path / "x.db"), Store(tmp_path / "x.db")
    with first.writer_lock():
        with pytest.raises(StoreError, match="database is being written by another run"):
            with second.writer_lock():
                pass
    with second.writer_lock():
        pass
    assert Path(f"{tmp_path / 'x.db'}.lock").exists()
    first.close()
    second.close()
