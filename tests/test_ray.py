"""The Ray Data engine on a local Ray gives exactly the single-machine output."""

import pytest

from dateline import pipeline, ray_engine
from conftest import ROOT
from factories import dump_db

ray = pytest.importorskip("ray", reason="the 'ray' extra is not installed")
pytestmark = pytest.mark.slow

INPUTS = [ROOT / "examples" / "seeds", ROOT / "tests" / "data" / "dev"]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_output_equals_the_local_output_and_finished_shards_are_skipped(tmp_path, local_ray, monkeypatch):
    local = pipeline.process(INPUTS, tmp_path / "local.db", batch_size=4)
    shards = tmp_path / "shards"
    on_ray = ray_engine.process(INPUTS, tmp_path / "ray.db", shard_dir=shards, batch_size=4, shard_files=8)
    assert len(list(shards.glob("*.parquet"))) == len(ray_engine.plan(INPUTS, pipeline.Settings(), 4, 8)) > 1
    assert (on_ray.inputs, on_ray.new_articles, on_ray.events) == (local.inputs, local.new_articles, local.events)
    assert dump_db(tmp_path / "ray.db") == dump_db(tmp_path / "local.db")

    ran = []
    monkeypatch.setattr(ray_engine, "write_parquet", lambda rows, out: ran.append(out))
    again = ray_engine.process(INPUTS, tmp_path / "again.db", shard_dir=shards, batch_size=4, shard_files=8)
    assert ran == [] and again.events == local.events
    assert dump_db(tmp_path / "again.db") == dump_db(tmp_path / "local.db")


def test_shards_follow_the_local_reading_order(tmp_path):
    shards = ray_engine.plan(INPUTS, pipeline.Settings(), 32, 8)
    files = [p for s in shards for p, _ in s.entries]
    assert files == [f for f in ray_engine.walk(INPUTS)]
    assert all(len(s.entries) <= 8 for s in shards)
