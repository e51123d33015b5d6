"""dateline recode: events rebuilt from the stored text after the knowledge changed."""
import json

import pytest
from typer.testing import CliRunner

import dateline
from dateline import recode as recode_mod
from dateline.cli import app
from dateline.store import Store
from conftest import ROOT

runner = CliRunner()
SEEDS = ROOT / "examples" / "seeds"
QUIXLEY = " date 2026-03-04\nISLAMABAD: Quixley met US Ambassador Donald Blome on Tuesday to discuss border security.\n"
TAXONOMY = ("topics:\n  - id: security\n    label: Security\n    cues: [security, terrorism]\n"
            "  - id: other\n    cues: []\n")


def _events(db):
    out = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"]).output
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


@pytest.fixture
def seeded(tmp_path):
    db = tmp_path / "seeds.db"
    assert runner.invoke(app, ["run", str(SEEDS), "--db", str(db), "--quiet"]).exit_code == 0
    return db


def test_recode_without_changes_gives_the_same_events(seeded):
    before = _events(seeded)
    res = runner.invoke(app, ["recode", "--db", str(seeded), "--quiet", "--batch-size", "2"])
    assert res.exit_code == 0, res.output
    assert "re-coded 5 articles (0 changed)" in res.output
    assert _events(seeded) == before


def test_a_new_taxonomy_recodes_topics_and_back(seeded, tmp_path):
    before = _events(seeded)
    (tmp_path / "t.yaml").write_text(TAXONOMY)
    res = runner.invoke(app, ["recode", "--db", str(seeded), "--taxonomy", str(tmp_path / "t.yaml"), "--quiet"])
    assert res.exit_code == 0, res.output
    after = _events(seeded)
    assert {t for e in after for t in e["topics"]} == {"security", "other"}
    assert [e["event_id"] for e in after] == [e["event_id"] for e in before]
    runner.invoke(app, ["recode", "--db", str(seeded), "--quiet"])
    assert _events(seeded) == before


def test_a_person_added_to_the_kb_is_found_by_recode_without_the_input(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(QUIXLEY)
    db, kb = tmp_path / "x.db", tmp_path / "kb"
    runner.invoke(app, ["run", str(tmp_path / "in"), "--db", str(db), "--kb-dir", str(kb), "--quiet"])
    assert _events(db) == []
    runner.invoke(app, ["kb", "add", "Zorba Quixley", "--office", "Interior Minister", "--country", "PAK",
                        "--start", "2026-01-01", "--kb-dir", str(kb)])
    (tmp_path / "in" / "a.txt").unlink()  # the input is gone: recode reads the database only
    res = runner.invoke(app, ["recode", "--db", str(db), "--kb-dir", str(kb), "--quiet"])
    assert res.exit_code == 0 and "events: 0 before, 1 now" in res.output
    [ev] = _events(db)
    assert {(p["name"], p["country"]) for p in ev["participants"]} >= {("Zorba Quixley", "PAK")}


def test_an_interrupted_recode_leaves_whole_batches_and_finishes_when_rerun(seeded, tmp_path, monkeypatch):
    (tmp_path / "t.yaml").write_text(TAXONOMY)
    real = Store.replace_reports
    calls = []

    def crash_on_second_batch(self, items):
        calls.append(len(items))
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(self, items)

    monkeypatch.setattr(Store, "replace_reports", crash_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        recode_mod.recode(seeded, taxonomy=tmp_path / "t.yaml", batch_size=2)
    monkeypatch.setattr(Store, "replace_reports", real)
    store = dateline.open(str(seeded))
    topics = [{t for t in r.topics} for r in store.reports()]
    new = [t <= {"security", "other"} for t in topics]
    assert any(new) and not all(new)  # the first batch is re-coded, the rest untouched
    recode_mod.recode(seeded, taxonomy=tmp_path / "t.yaml", batch_size=2)
    assert all({t for t in r.topics} <= {"security", "other"} for r in dateline.open(str(seeded)).reports())


def test_a_failing_article_keeps_its_old_reports(seeded, monkeypatch):
    before = _events(seeded)
    real = recode_mod.extract_reports

    def fail_on_one(articles, **kw):
        if any("002_" in a.path for a in articles):
            raise RuntimeError("boom")
        return real(articles, **kw)

    monkeypatch.setattr(recode_mod, "extract_reports", fail_on_one)
    summary = recode_mod.recode(seeded)
    assert [f.path.rsplit("/", 1)[-1] for f in summary.failed] == ["002_a18e08ca00a97366.txt"]
    assert "boom" in summary.failed[0].reason
    assert _events(seeded) == before


def test_recode_refuses_while_a_run_writes(seeded):
    store = Store(seeded)
    with store.writer_lock():
        res = runner.invoke(app, ["recode", "--db", str(seeded), "--quiet"])
    assert res.exit_code == 1 and "being written by another run" in res.output
