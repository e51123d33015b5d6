"""Worker processes (``dateline run --workers N``) give exactly the single-process result."""

import pytest

from dateline import pipeline
from conftest import ROOT
from factories import dump_db

pytestmark = pytest.mark.slow

INPUTS = [ROOT / "examples" / "seeds", ROOT / "tests" / "data" / "dev"]


def test_two_workers_store_what_one_process_stores(tmp_path):
    one = pipeline.process(INPUTS, tmp_path / "one.db", batch_size=4)
    two = pipeline.process(INPUTS, tmp_path / "two.db", batch_size=4, workers=2)
    assert (two.inputs, two.new_articles, two.events) == (one.inputs, one.new_articles, one.events)
    assert dump_db(tmp_path / "two.db") == dump_db(tmp_path / "one.db")
    assert {"parse", "events", "clean+metadata", "write", "merge events"} <= set(two.stage_seconds)


def test_a_rerun_with_workers_stores_nothing_new(tmp_path):
    pipeline.process(INPUTS[:1], tmp_path / "x.db")
    again = pipeline.process(INPUTS[:1], tmp_path / "x.db", workers=2)
    assert again.new_articles == 0 and again.known_articles == again.inputs
