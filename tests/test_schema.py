"""The database as SQL and Datasette users see it: documented tables and views, foreign
keys, indexes, migrations from older files, and Datasette's own test client."""
import asyncio
import json
import sqlite3

import pytest
from datasette.app import Datasette

import dateline
from dateline.store import MIGRATIONS, Store, _statements
from factories import article, event
from conftest import ROOT

SEEDS = ROOT / "examples" / "seeds"
SCHEMA_DOC = (ROOT / "docs" / "schema.md").read_text()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "seeds.db"
    dateline.process([SEEDS], db=str(path))
    return path


def _names(conn, kind):
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'", (kind,))
    return {r[0] for r in rows}


def test_every_table_view_and_index_is_documented(db):
    conn = sqlite3.connect(db)
    tables = {t for t in _names(conn, "table") if not t.startswith("articles_fts_")}
    for name in tables | _names(conn, "view") | _names(conn, "index"):
        assert f"`{name}`" in SCHEMA_DOC, name


def test_views_have_a_row_per_thing_and_foreign_keys_hold(db):
    conn = sqlite3.connect(db)
    count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    assert count("SELECT count(*) FROM events_flat") == count("SELECT count(*) FROM events") > 0
    assert count("SELECT count(*) FROM mentions_flat") == count("SELECT count(*) FROM event_mentions")
    assert count("SELECT count(*) FROM articles_flat") == count("SELECT count(*) FROM articles") == 5
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    targets = {r[2] for r in conn.execute("PRAGMA foreign_key_list(event_mentions)")}
    assert targets == {"events", "articles"}


def test_events_flat_sides_and_counts(db):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT * FROM events_flat WHERE type = 'ACCUSE'").fetchone()
    assert row["source_side"] == "John Kirby" and row["target_side"] == "Pakistan"
    assert row["countries"].split(",") == ["USA", "PAK"] and row["mentions"] >= 2
    assert row["sources"] == "Dawn, Geo"


def test_a_version_1_database_is_migrated_keeping_its_rows(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.execute("INSERT INTO event_mentions VALUES ('e1', 'a1', 'They met.')")
    conn.commit()
    conn.close()
    Store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT * FROM event_mentions").fetchall() == [("e1", "a1", "They met.")]
    assert "mentions_flat" in _names(conn, "view")


def test_writes_still_fit_the_migrated_tables(tmp_path):
    s = Store(tmp_path / "x.db")
    a = article()
    s.write_batch([(a, None, [event(article_id=a.article_id)])], [], 1)
    s.replace_events([event(article_id=a.article_id)])
    row = s.query("SELECT outlet, sentence FROM mentions_flat")[0]
    assert row["outlet"] == "Dawn" and "spoke with" in row["sentence"]


def test_datasette_opens_the_database_and_runs_queries(db):
    metadata = json.loads((ROOT / "docs" / "datasette.json").read_text())
    name = db.stem
    metadata["databases"] = {name: metadata["databases"]["dateline"]}  # written for dateline.db
    ds = Datasette([str(db)], metadata=metadata)

    async def go():
        flat = await ds.client.get(f"/{name}/events_flat.json?_shape=array&_size=max")
        sql = await ds.client.get(f"/{name}.json", params={
            "sql": "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type", "_shape": "array"})
        labels = await ds.client.get(f"/{name}/event_mentions.json?_shape=array&_labels=on&_size=1")
        page = await ds.client.get(f"/{name}/events_flat")
        return flat, sql, labels, page

    flat, sql, labels, page = asyncio.run(go())
    events = list(dateline.open(str(db)).events())
    assert flat.status_code == 200  # a view's rows come in storage order, which merging does not fix
    assert sorted(r["event_id"] for r in flat.json()) == sorted(e.event_id for e in events)
    by_type = {r["type"]: r["n"] for r in sql.json()}
    assert sum(by_type.values()) == len(events) and by_type["CONSULT"] >= 1
    link = labels.json()[0]
    assert link["article_id"]["label"]  # the foreign key shows the article's title
    assert link["event_id"]["label"] == next(e.summary for e in events if e.event_id == link["event_id"]["value"])
    assert page.status_code == 200 and "One readable row per event" in page.text
