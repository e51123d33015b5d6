"""Worker processes (``dateline run --workers N``) give exactly the single-process result."""
import json

import pytest

from dateline import pipeline, query
from dateline.store import Store
from conftest import ROOT

pytestmark = pytest.mark.slow

INPUTS = [ROOT / "examples" / "seeds", ROOT / "tests" / "data" / "dev"]


def _dump(db):
    store = Store(db, readonly=True)
    try:
        events = [json.dumps(e.to_dict(), sort_keys=True) for e in query.events(store)]
        articles = [json.dumps(a.to_dict(), sort_keys=True) for a in query.articles(store)]
        return events, articles, store.skipped()
    finally:
        store.close()


def test_two_workers_store_what_one_process_stores(tmp_path):
    one = pipeline.process(INPUTS, tmp_path / "one.db", batch_size=4)
    two = pipeline.process(INPUTS, tmp_path / "two.db", batch_size=4, workers=2)
    assert (two.inputs, two.new_articles, two.events) == (one.inputs, one.new_articles, one.events)
    assert _dump(tmp_path / "two.db") == _dump(tmp_path / "one.db")
    assert {"parse", "events", "clean+metadata", "write", "merge events"} <= set(two.stage_seconds)


def test_a_rerun_with_workers_stores_nothing_new(tmp_path):
    pipeline.process(INPUTS[:1], tmp_path / "x.db")
    again = pipeline.process(INPUTS[:1], tmp_path / "x.db", workers=2)
    assert again.new_articles == 0 and again.known_articles == again.inputs
