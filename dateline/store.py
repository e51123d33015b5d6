"""SQLite storage: one file, WAL, recorded migrations, content-addressed upserts.

Only this module writes. Articles are keyed by a hash of their raw content, so a
re-run over the same files stores nothing twice. Per-article event reports are kept
(``reports``), and the merged ``events`` tables are rebuilt from all reports after a
run: merging is a pure function of what is stored, so the result does not depend on
the order or number of runs that brought the articles in.
"""
from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .errors import StoreError
from .model import Article, Event

try:
    import fcntl
except ImportError:  # Windows: no advisory file locks; runs are then not guarded
    fcntl = None  # type: ignore[assignment]

# The readable views over events (docs/schema.md), as migration 2 made them and 6 remade them.
_EVENT_VIEWS = """
    CREATE VIEW events_flat AS
        SELECT e.event_id, e.type, e.mode, e.date_start, e.date_end, e.precision, e.summary, e.status,
               (SELECT group_concat(p.name || ' (' || coalesce(p.country, '?') || ')', '; ')
                  FROM event_participants p WHERE p.event_id = e.event_id) AS participants,
               (SELECT group_concat(value, ', ') FROM json_each(e.sources)) AS sources,
               (SELECT group_concat(p.name, '; ') FROM event_participants p
                  WHERE p.event_id = e.event_id AND p.side IN ('source', 'both')) AS source_side,
               (SELECT group_concat(p.name, '; ') FROM event_participants p
                  WHERE p.event_id = e.event_id AND p.side = 'target') AS target_side,
               (SELECT group_concat(DISTINCT p.country) FROM event_participants p
                  WHERE p.event_id = e.event_id) AS countries,
               (SELECT group_concat(value, ', ') FROM json_each(e.topics)) AS topics,
               e.location, e.basis, e.confidence,
               (SELECT count(*) FROM event_mentions m WHERE m.event_id = e.event_id) AS mentions
        FROM events e;
    CREATE VIEW mentions_flat AS
        SELECT m.event_id, e.date_start, e.date_end, e.type, e.mode, m.article_id, a.outlet, a.published,
               a.title, m.sentence, a.path
        FROM event_mentions m JOIN events e USING (event_id) LEFT JOIN articles a USING (article_id);
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: the initial schema
    """
    CREATE TABLE articles (
        article_id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, outlet TEXT, author TEXT,
        dateline TEXT, published TEXT, language TEXT, text TEXT NOT NULL,
        removed TEXT NOT NULL DEFAULT '[]', duplicate_of TEXT, signature BLOB,
        run_id INTEGER
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE reports (
        report_id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(article_id),
        json TEXT NOT NULL
    );
    CREATE INDEX reports_article ON reports(article_id);
    CREATE TABLE events (
        event_id TEXT PRIMARY KEY, type TEXT NOT NULL, mode TEXT NOT NULL,
        date_start TEXT NOT NULL, date_end TEXT NOT NULL, precision TEXT NOT NULL, basis TEXT,
        location TEXT, topics TEXT NOT NULL DEFAULT '[]', summary TEXT, status TEXT NOT NULL,
        confidence REAL, sources TEXT NOT NULL DEFAULT '[]', json TEXT NOT NULL
    );
    CREATE INDEX events_date ON events(date_start);
    CREATE TABLE event_participants (
        event_id TEXT NOT NULL REFERENCES events(event_id), name TEXT NOT NULL, role TEXT,
        country TEXT, sector TEXT, side TEXT NOT NULL
    );
    CREATE INDEX event_participants_event ON event_participants(event_id);
    CREATE INDEX event_participants_country ON event_participants(country);
    CREATE TABLE event_mentions (
        event_id TEXT NOT NULL REFERENCES events(event_id), article_id TEXT NOT NULL, sentence TEXT
    );
    CREATE INDEX event_mentions_event ON event_mentions(event_id);
    CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT, finished TEXT,
        inputs INTEGER DEFAULT 0, articles INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0
    );
    CREATE TABLE skipped (
        path TEXT NOT NULL, reason TEXT NOT NULL, run_id INTEGER, PRIMARY KEY (path, reason)
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE VIEW events_flat AS
        SELECT e.event_id, e.type, e.mode, e.date_start, e.date_end, e.precision, e.summary, e.status,
               group_concat(p.name || ' (' || coalesce(p.country, '?') || ')', '; ') AS participants,
               e.sources
        FROM events e LEFT JOIN event_participants p USING (event_id) GROUP BY e.event_id;
    """,
    # 2: for SQL and Datasette users: event_mentions.article_id is a foreign key to articles
    # (the table is rebuilt: SQLite cannot add a constraint in place), indexes for the
    # usual joins and facets, and readable views (see docs/schema.md)
    """
    CREATE TABLE event_mentions_v2 (
        event_id TEXT NOT NULL REFERENCES events(event_id),
        article_id TEXT NOT NULL REFERENCES articles(article_id), sentence TEXT
    );
    INSERT INTO event_mentions_v2 (event_id, article_id, sentence)
        SELECT event_id, article_id, sentence FROM event_mentions;
    DROP TABLE event_mentions;
    ALTER TABLE event_mentions_v2 RENAME TO event_mentions;
    CREATE INDEX event_mentions_event ON event_mentions(event_id);
    CREATE INDEX event_mentions_article ON event_mentions(article_id);
    CREATE INDEX event_participants_name ON event_participants(name);
    CREATE INDEX events_type ON events(type);
    CREATE INDEX articles_outlet ON articles(outlet);
    DROP VIEW events_flat;
    """ + _EVENT_VIEWS + """
    CREATE VIEW articles_flat AS
        SELECT a.article_id, a.published, a.outlet, a.title, a.author, a.dateline, a.language, a.path,
               a.duplicate_of, length(a.text) AS characters, json_array_length(a.removed) AS removed_lines,
               (SELECT count(DISTINCT m.event_id) FROM event_mentions m WHERE m.article_id = a.article_id) AS events
        FROM articles a;
    """,
    # 3: reports carry their merge block, so that merging reads one block at a time
    """
    ALTER TABLE reports ADD COLUMN block TEXT;
    CREATE INDEX reports_block ON reports(block);
    """,
    # 4: where an article's publication date was found (container, text, path)
    """
    ALTER TABLE articles ADD COLUMN published_source TEXT;
    """,
    # 5: event identity blocks reports by countries, not by names (identity.py): recompute
    """
    UPDATE reports SET block = NULL;
    """,
    # 6: an undated event has no start or end (NULL), never a stand-in 1900..today range;
    # the events table is rebuilt (SQLite cannot drop NOT NULL in place), its views with it
    """
    DROP VIEW events_flat;
    DROP VIEW mentions_flat;
    CREATE TABLE events_v6 (
        event_id TEXT PRIMARY KEY, type TEXT NOT NULL, mode TEXT NOT NULL,
        date_start TEXT, date_end TEXT, precision TEXT NOT NULL, basis TEXT,
        location TEXT, topics TEXT NOT NULL DEFAULT '[]', summary TEXT, status TEXT NOT NULL,
        confidence REAL, sources TEXT NOT NULL DEFAULT '[]', json TEXT NOT NULL
    );
    INSERT INTO events_v6 SELECT * FROM events;
    DROP TABLE events;
    ALTER TABLE events_v6 RENAME TO events;
    CREATE INDEX events_date ON events(date_start);
    CREATE INDEX events_type ON events(type);
    """ + _EVENT_VIEWS,
)


class Store:
    """A Dateline database. Open with ``Store(path)``; ``readonly=True`` for readers."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        try:
            self.conn = self._connect()
            if not readonly:
                self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    @staticmethod
    def own_files(path: str | Path, shard_dir: str | Path | None = None) -> tuple[str, ...]:
        """The files a database at ``path`` keeps beside it (journal, WAL, shared memory,
        writer lock, the Ray engine's shards): never inputs of a run, even over ``.``."""
        db = str(path)
        return (db, db + "-wal", db + "-shm", db + "-journal", db + ".lock", str(shard_dir or db + ".shards"))

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            if not Path(self.path).exists():
                raise sqlite3.OperationalError("no such database file (run 'dateline run' first)")
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def _migrate(self) -> None:
        with self.transaction() as c:
            c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = c.execute("SELECT max(version) FROM schema_version").fetchone()
            current = row[0] or 0
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in _statements(script):
                    c.execute(statement)
                c.execute("INSERT INTO schema_version VALUES (?)", (version,))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One batch of writes, all or nothing."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the one-writer lock for a whole run, so that a second ``dateline run`` on
        the same database fails at once with a clear message instead of interleaving its
        batches with ours. It is an OS lock (``flock`` on ``<db>.lock``), which the kernel
        releases when the process dies: a killed run never leaves a stale lock behind."""
        if fcntl is None or self.path in ("", ":memory:"):
            yield
            return
        lock_path = self.path + ".lock"
        try:
            fh = open(lock_path, "a+")
        except OSError as exc:
            raise StoreError(f"cannot create the lock file {lock_path}: {exc.strerror}") from exc
        with fh:
            _take_lock(fh, self.path)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    # --- runs and inputs -------------------------------------------------
    def start_run(self, started: str) -> int:
        with self.transaction() as c:
            cur = c.execute("INSERT INTO runs(started) VALUES (?)", (started,))
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, finished: str, inputs: int, articles: int, skipped: int) -> None:
        with self.transaction() as c:
            c.execute("UPDATE runs SET finished=?, inputs=?, articles=?, skipped=? WHERE run_id=?",
                      (finished, inputs, articles, skipped, run_id))

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE article_id=?", (article_id,)).fetchone() is not None

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        rows = self.conn.execute("SELECT article_id, signature FROM articles WHERE signature IS NOT NULL ORDER BY rowid")
        for row in rows:
            yield row["article_id"], row["signature"]

    def write_batch(self, items: Sequence[tuple[Article, bytes | None, Sequence[Event]]],
                    skipped: Iterable[tuple[str, str]], run_id: int) -> int:
        """Store articles with their event reports and the skipped inputs, in one
        transaction. Returns the number of new articles. A path keeps one ``skipped`` row,
        with its latest reason, and loses it once an article from it is stored."""
        new = 0
        with self.transaction() as c:
            for article, signature, reports in items:
                new += _upsert_article(c, article, signature, reports, run_id)
            c.executemany("DELETE FROM skipped WHERE path=?", [(a.path,) for a, _, _ in items])
            for path, reason in skipped:
                c.execute("DELETE FROM skipped WHERE path=?", (path,))
                c.execute("INSERT INTO skipped VALUES (?,?,?)", (path, reason, run_id))
        return new

    def clear_skipped(self, path: str) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM skipped WHERE path=? OR path LIKE ?", (path, path + "#%"))

    def replace_reports(self, items: Sequence[tuple[str, Sequence[Event]]]) -> None:
        """Swap stored articles' event reports for new ones (``dateline recode``), in one
        transaction: a batch is re-coded whole or not at all."""
        with self.transaction() as c:
            for article_id, reports in items:
                c.execute("DELETE FROM reports WHERE article_id=?", (article_id,))
                _insert_reports(c, article_id, reports)

    # --- events ------------------------------------------------------------
    def reports(self) -> Iterator[Event]:
        for row in self.conn.execute("SELECT json FROM reports ORDER BY rowid"):
            yield Event.from_dict(json.loads(row["json"]))

    def merge_events(self, merge: Callable[[Iterable[list[Event]]], Iterable[Event]]) -> int:
        """Rebuild the merged event tables from every stored report, in one transaction,
        reading the reports block by block (``identity.block_key``) so that memory holds
        one block, not the corpus. ``merge`` folds blocks into events
        (``identity.merge_blocks``). Returns the number of events."""
        self._fill_blocks()
        n = 0
        with self.transaction() as c:
            for table in ("event_mentions", "event_participants", "events"):
                c.execute(f"DELETE FROM {table}")
            rows = self.conn.execute("SELECT block, json FROM reports ORDER BY block, rowid")
            for ev in merge(_blocks(rows)):
                _insert_event(c, ev)
                n += 1
        return n

    def _fill_blocks(self) -> None:
        """Give reports stored before blocks were recorded (schema 1) their block."""
        from .identity import block_key

        rows = self.conn.execute("SELECT rowid, json FROM reports WHERE block IS NULL").fetchall()
        if rows:
            with self.transaction() as c:
                c.executemany("UPDATE reports SET block=? WHERE rowid=?",
                              [(block_key(Event.from_dict(json.loads(r["json"]))), r["rowid"]) for r in rows])

    def replace_events(self, events: Sequence[Event]) -> None:
        """Rebuild the merged event tables in one transaction."""
        with self.transaction() as c:
            for table in ("event_mentions", "event_participants", "events"):
                c.execute(f"DELETE FROM {table}")
            for ev in events:
                _insert_event(c, ev)

    # --- reads ---------------------------------------------------------------
    def articles(self) -> Iterator[Article]:
        for row in self.conn.execute("SELECT * FROM articles ORDER BY path, article_id"):
            yield _article_from_row(row)

    def article_ids(self) -> list[str]:
        """Every stored article id, in the order the articles were stored."""
        return [r[0] for r in self.conn.execute("SELECT article_id FROM articles ORDER BY rowid")]

    def articles_by_ids(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles among ``ids``, in the order of ``ids``."""
        rows = self.conn.execute(f"SELECT * FROM articles WHERE article_id IN ({','.join('?' * len(ids))})",
                                 list(ids)) if ids else []
        found = {r["article_id"]: _article_from_row(r) for r in rows}
        return [found[i] for i in ids if i in found]

    def outlets(self) -> dict[str, str | None]:
        rows = self.conn.execute("SELECT article_id, outlet FROM articles")
        return {r["article_id"]: r["outlet"] for r in rows}

    def skipped(self) -> list[tuple[str, str]]:
        return [(r["path"], r["reason"]) for r in self.conn.execute("SELECT path, reason FROM skipped ORDER BY path")]

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, params))


def _take_lock(fh: Any, db: str) -> None:
    """Lock without waiting and note our process id; name the holder when it is taken."""
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        fh.seek(0)
        holder = fh.read().strip()
        who = f" (process {holder})" if holder.isdigit() else ""
        raise StoreError(f"database is being written by another run{who}: {db}; "
                         "wait for it to finish and run again") from exc
    fh.seek(0)
    fh.truncate()
    fh.write(str(os.getpid()))
    fh.flush()


def _statements(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _upsert_article(c: sqlite3.Connection, a: Article, signature: bytes | None,
                    reports: Sequence[Event], run_id: int) -> int:
    if c.execute("SELECT 1 FROM articles WHERE article_id=?", (a.article_id,)).fetchone():
        return 0
    c.execute(
        "INSERT INTO articles(article_id, path, title, outlet, author, dateline, published, language, text,"
        " removed, duplicate_of, signature, run_id, published_source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (a.article_id, a.path, a.title, a.outlet, a.author, a.dateline, a.published, a.language, a.text,
         json.dumps(list(a.removed), ensure_ascii=False), a.duplicate_of, signature, run_id, a.published_source),
    )
    _insert_reports(c, a.article_id, reports)
    return 1


def _insert_reports(c: sqlite3.Connection, article_id: str, reports: Sequence[Event]) -> None:
    from .identity import block_key  # here, not at the top: readers need not load numpy

    for ev in reports:
        c.execute("INSERT OR IGNORE INTO reports(report_id, article_id, json, block) VALUES (?,?,?,?)",
                  (ev.event_id, article_id, report_json(ev), block_key(ev)))


def report_json(ev: Event) -> str:
    """A report as stored: the public JSON plus each mention's outlet."""
    return json.dumps(ev.to_dict() | _mention_outlets(ev), ensure_ascii=False)


def _blocks(rows: Iterable[sqlite3.Row]) -> Iterator[list[Event]]:
    """Consecutive rows of one block, as Events (rows come ordered by block)."""
    block: list[Event] = []
    key = None
    for row in rows:
        if block and row["block"] != key:
            yield block
            block = []
        key = row["block"]
        block.append(Event.from_dict(json.loads(row["json"])))
    if block:
        yield block


def _mention_outlets(ev: Event) -> dict[str, Any]:
    """Reports keep each mention's outlet, which the public JSON leaves out."""
    return {"mentions": [m.to_dict() | {"outlet": m.outlet} for m in ev.mentions]}


def _insert_event(c: sqlite3.Connection, ev: Event) -> None:
    d = ev.to_dict()
    c.execute(
        "INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (ev.event_id, ev.type, ev.mode, ev.date.start, ev.date.end, ev.date.precision, ev.date.basis,
         ev.location, json.dumps(list(ev.topics)), ev.summary, ev.status, ev.confidence,
         json.dumps(list(ev.sources), ensure_ascii=False), json.dumps(d, ensure_ascii=False)),
    )
    for p in ev.participants:
        c.execute("INSERT INTO event_participants VALUES (?,?,?,?,?,?)", (ev.event_id, *asdict(p).values()))
    for m in ev.mentions:
        c.execute("INSERT INTO event_mentions VALUES (?,?,?)", (ev.event_id, m.article_id, m.sentence))


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        article_id=row["article_id"], path=row["path"], title=row["title"], outlet=row["outlet"],
        author=row["author"], dateline=row["dateline"], published=row["published"], language=row["language"],
        text=row["text"], removed=tuple(json.loads(row["removed"])), duplicate_of=row["duplicate_of"],
        published_source=row["published_source"],
    )
