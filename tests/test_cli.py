"""The command line, driven in-process; effects are checked through the API."""
import json

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app
from conftest import ROOT

runner = CliRunner()
SEEDS = ROOT / "examples" / "seeds"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "seeds.db"
    first = runner.invoke(app, ["run", str(SEEDS), "--db", str(db), "--quiet"])
    second = runner.invoke(app, ["run", str(SEEDS), "--db", str(db), "--quiet"])
    return db, first, second


def test_run_on_the_seeds_stores_five_articles_once(seeded):
    db, first, second = seeded
    assert first.exit_code == 0, first.output
    assert "5 new articles" in first.output
    assert "0 new articles, 5 already stored" in second.output
    assert len(list(dateline.open(str(db)).articles())) == 5


def test_articles_jsonl_has_the_contract_fields(seeded):
    db = seeded[0]
    out = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"]).output
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert len(rows) == 5
    for r in rows:
        assert set(r) == {"article_id", "path", "title", "outlet", "author", "dateline", "published", "language",
                          "text", "removed", "duplicate_of", "published_source"}


def test_events_filters_and_formats(seeded):
    db = seeded[0]
    out = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", "--dyad", "USA-PAK"]).output
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert rows and all({"USA", "PAK"} <= {p["country"] for p in r["participants"]} for r in rows)
    csv_out = runner.invoke(app, ["events", "--db", str(db), "--format", "csv", "--person", "Rubio"]).output
    assert csv_out.splitlines()[0].startswith("event_id,date,")
    assert "Rubio" in csv_out


def test_timeline_markdown_reads_as_a_timeline(seeded):
    db = seeded[0]
    out = runner.invoke(app, ["timeline", "--db", str(db), "--dyad", "USA-PAK"]).output
    assert out.startswith("# Timeline: USA–PAK")
    assert "**2023-07-24**" in out and "Sources:" in out


def test_bad_filter_is_a_usage_error(seeded):
    res = runner.invoke(app, ["events", "--db", str(seeded[0]), "--dyad", "USA"])
    assert res.exit_code == 2
    assert "dyad must be two ISO-3 codes" in res.output


def test_missing_database_is_a_clear_failure(tmp_path):
    res = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1
    assert "no such database" in res.output


def test_bad_inputs_are_reported_and_skipped_with_status_3(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "in" / "good.txt").write_text((SEEDS / "000_a40d4209a361a365.txt").read_text())
    res = runner.invoke(app, ["run", str(tmp_path / "in"), "--db", str(tmp_path / "x.db"), "--quiet"])
    assert res.exit_code == 3, res.output
    assert "empty.txt" in res.output and "blob.bin" in res.output
    store = dateline.open(str(tmp_path / "x.db"))
    assert len(list(store.articles())) == 1
    assert {p.rsplit("/", 1)[-1] for p, _ in store.skipped()} == {"empty.txt", "blob.bin"}


def test_every_command_has_help_with_an_example():
    for cmd in (["run"], ["articles"], ["events"], ["timeline"], ["export"], ["recode"], ["eval"], ["kb", "add"],
                ["kb", "import"], ["kb", "list"], ["kb", "search"], ["topics", "show"], ["doctor"]):
        res = runner.invoke(app, [*cmd, "--help"])
        assert res.exit_code == 0
        assert "Example: dateline" in res.output


def test_kb_add_teaches_run_a_new_person(tmp_path):
    kb_dir = tmp_path / "kb"
    res = runner.invoke(app, ["kb", "add", "Jane Q. Doemaker", "--office", "Foreign Minister", "--country", "GBR",
                              "--start", "2026-01-05", "--alias", "Jane Doemaker", "--kb-dir", str(kb_dir)])
    assert res.exit_code == 0, res.output
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        " date 2026-03-04\nLONDON: British Foreign Minister Jane Doemaker met Chinese Foreign Minister Wang Yi "
        "on Tuesday in London to discuss trade.\n")
    db = tmp_path / "x.db"
    runner.invoke(app, ["run", str(tmp_path / "in"), "--db", str(db), "--kb-dir", str(kb_dir), "--quiet"])
    evs = list(dateline.query.events(dateline.open(str(db))))
    doe = [p for e in evs for p in e.participants if "Doemaker" in p.name]
    assert doe and doe[0].name == "Jane Q. Doemaker" and doe[0].country == "GBR"


def test_kb_import_reports_a_malformed_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    res = runner.invoke(app, ["kb", "import", str(bad), "--kb-dir", str(tmp_path / "kb")])
    assert res.exit_code == 1 and "bad.json" in res.output


def test_run_with_two_workers_stores_what_one_process_stores(seeded, tmp_path):
    db = tmp_path / "w.db"
    res = runner.invoke(app, ["run", str(SEEDS), "--db", str(db), "--quiet", "--workers", "2"])
    assert res.exit_code == 0, res.output
    one = [e.to_dict() for e in dateline.query.events(dateline.open(str(seeded[0])))]
    assert [e.to_dict() for e in dateline.query.events(dateline.open(str(db)))] == one


def test_an_unknown_engine_is_a_usage_error(tmp_path):
    res = runner.invoke(app, ["run", str(SEEDS), "--db", str(tmp_path / "e.db"), "--engine", "spark"])
    assert res.exit_code == 2
    assert "--engine must be local or ray" in res.output
