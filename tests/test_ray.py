"""The Ray Data engine on a local Ray gives exactly the single-machine output."""

import json

import pytest

from dateline import ingest, pipeline, ray_engine
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


def test_ray_equals_local_with_a_container_file_and_a_batch_size_that_does_not_divide_a_shard(
        tmp_path, local_ray):
    """A JSON lines file between single-article files, batches of 3: both engines cut the
    inputs into the same groups (ingest.groups), so they see the same batches."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = sorted((ROOT / "tests" / "data" / "dev").glob("*.txt"))
    for f in texts[:7] + texts[10:]:
        (corpus / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    records = [json.dumps({"text": f.read_text(encoding="utf-8"), "url": f"https://example.org/{f.stem}"})
               for f in texts[7:10]]
    (corpus / "dev08_bundle.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    local = pipeline.process([corpus], tmp_path / "local.db", batch_size=3)
    on_ray = ray_engine.process([corpus], tmp_path / "ray.db", shard_dir=tmp_path / "shards", batch_size=3)
    assert [len(s.entries) for s in ray_engine.plan([corpus], pipeline.Settings(), 3)] == [7, 1, len(texts) - 10]
    assert (on_ray.inputs, on_ray.new_articles) == (local.inputs, local.new_articles) == (len(texts), len(texts))
    assert dump_db(tmp_path / "ray.db") == dump_db(tmp_path / "local.db")


def test_local_batches_restart_at_each_input_group(tmp_path, monkeypatch):
    """Batches never span a container file's edge, nor the end of a group of single files."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a1.txt", "a2.txt", "b.jsonl", "c1.txt", "c2.txt", "c3.txt", "c4.txt", "c5.txt"):
        text = '{"text": "One line."}\n' if name.endswith(".jsonl") else f"Story {name}.\n"
        (inputs / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(ingest, "GROUP_FILES", 3)
    monkeypatch.setattr(ingest.discover_groups, "__kwdefaults__",
                        {**ingest.discover_groups.__kwdefaults__, "group_files": 3})
    seen = []
    monkeypatch.setattr(pipeline.Runner, "_job", lambda self, batch, pending: seen.append(
        [getattr(b, "path", "").rsplit("/", 1)[-1].split("#")[0] for b in batch]) or pending.append([]) or ([], []))
    monkeypatch.setattr(pipeline.Runner, "_store_batch", lambda self, result, skipped, run_id: None)
    pipeline.process([inputs], tmp_path / "x.db", batch_size=2)
    assert seen == [["a1.txt", "a2.txt"], ["b.jsonl"], ["c1.txt", "c2.txt"], ["c3.txt"], ["c4.txt", "c5.txt"]]


def test_shards_follow_the_local_reading_order(tmp_path):
    shards = ray_engine.plan(INPUTS, pipeline.Settings(), 32, 8)
    files = [p for s in shards for p, _ in s.entries]
    assert files == [f for f in ray_engine.walk(INPUTS)]
    assert all(len(s.entries) <= 8 for s in shards)
