import sqlite3

import pytest

from dateline import query
from dateline.errors import StoreError
from dateline import identity
from dateline.store import MIGRATIONS, Store
from factories import article, event


def test_schema_is_created_once_and_versioned(tmp_path):
    db = tmp_path / "x.db"
    Store(db).close()
    Store(db).close()
    conn = sqlite3.connect(db)
    n = len(MIGRATIONS)
    assert conn.execute("SELECT count(*), max(version) FROM schema_version").fetchone() == (n, n)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_writing_the_same_article_twice_stores_it_once(tmp_path):
    s = Store(tmp_path / "x.db")
    a = article()
    ev = event(article_id=a.article_id)
    assert s.write_batch([(a, None, [ev])], [], 1) == 1
    assert s.write_batch([(a, None, [ev])], [], 2) == 0
    assert [x.article_id for x in s.articles()] == [a.article_id]
    assert [r.event_id for r in s.reports()] == [ev.event_id]


def test_reports_keep_the_outlet_of_each_mention(tmp_path):
    s = Store(tmp_path / "x.db")
    a = article()
    s.write_batch([(a, None, [event(article_id=a.article_id, outlet="Geo")])], [], 1)
    assert next(s.reports()).mentions[0].outlet == "Geo"


def test_replace_events_rebuilds_and_query_reads_back(tmp_path):
    s = Store(tmp_path / "x.db")
    s.replace_events([event(), event("Antony Blinken", "Ishaq Dar", start="2024-06-07")])
    s.replace_events([event()])
    got = list(query.events(s))
    assert [e.to_dict() for e in got] == [event().to_dict()]
    assert s.query("SELECT count(*) AS n FROM event_participants")[0]["n"] == 2


def test_full_text_search_finds_article_words(tmp_path):
    s = Store(tmp_path / "x.db")
    a = article("KARACHI: Ministers discussed counterterrorism cooperation on Friday.")
    s.write_batch([(a, None, [])], [("bad.bin", "binary file")], 1)
    assert query.search_articles(s, "counterterrorism") == [(a.article_id, a.title)]
    assert query.search_articles(s, "tariffs") == []
    assert s.skipped() == [("bad.bin", "binary file")]


def test_readonly_store_refuses_writes_and_missing_file_is_clear(tmp_path):
    Store(tmp_path / "x.db").close()
    ro = Store(tmp_path / "x.db", readonly=True)
    with pytest.raises(StoreError):
        ro.replace_events([])
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.db", readonly=True)


def test_failed_batch_leaves_nothing_half_written(tmp_path):
    s = Store(tmp_path / "x.db")
    a = article()
    bad = article("other text").__class__(**{**article("other text").to_dict(), "removed": (), "text": None})
    with pytest.raises(sqlite3.IntegrityError):
        s.write_batch([(a, None, []), (bad, None, [])], [], 1)
    assert list(s.articles()) == []


def test_merging_block_by_block_equals_merging_everything_at_once(tmp_path):
    """Reports are read back one merge block at a time (bounded memory); the events are
    those ``merge_events`` makes from all reports together."""
    reports = [event(), event(start="2024-06-08"), event("Antony Blinken", "Ishaq Dar", start="2024-06-07"),
               event(start="2024-09-01")]
    s = Store(tmp_path / "b.db")
    s.write_batch([(article(), None, reports)], [], 1)
    assert s.merge_events(identity.merge_blocks) == len(identity.merge_events(reports))
    stored = sorted(e.event_id for e in query.events(s))
    assert stored == sorted(e.event_id for e in identity.merge_events(reports))


def test_reports_from_schema_1_get_their_block_when_merged(tmp_path):
    s = Store(tmp_path / "old.db")
    s.write_batch([(article(), None, [event(), event(start="2021-08-11", article_id="art2")])], [], 1)
    with s.transaction() as c:
        c.execute("UPDATE reports SET block=NULL")
    assert s.merge_events(identity.merge_blocks) == 1
    assert s.query("SELECT count(*) FROM reports WHERE block IS NULL")[0][0] == 0
