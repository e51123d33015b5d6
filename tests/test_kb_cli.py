"""Knowledge-base and taxonomy management from the command line: kb list/search/add/import,
topics show; imports of CSV, JSON and Wikidata position-holder exports."""
import csv
import io
import json

import pytest
from typer.testing import CliRunner

from dateline.actors.kb import KB, detect_format, import_file
from dateline.cli import app
from dateline.errors import KnowledgeError
from conftest import ROOT

runner = CliRunner()
WIKIDATA = ROOT / "tests" / "data" / "kb" / "wikidata-us-presidents.json"


def test_wikidata_sparql_export_is_detected_and_read():
    assert detect_format(WIKIDATA) == "wikidata"
    people = {p.name: p for p in import_file(WIKIDATA)}
    assert set(people) == {"George H. W. Bush", "Barack Obama", "Donald Trump", "Joe Biden"}
    trump = people["Donald Trump"]
    assert trump.wikidata == "Q22686" and trump.person_id == "wd_Q22686"
    assert [(r.start, r.end, r.country) for r in trump.roles] == [
        ("2017-01-20", "2021-01-20", "USA"), ("2025-01-20", None, "USA")]


def test_import_merges_with_known_people_and_adds_wikidata_ids(tmp_path):
    kb_dir = tmp_path / "kb"
    res = runner.invoke(app, ["kb", "import", str(WIKIDATA), "--kb-dir", str(kb_dir)])
    assert res.exit_code == 0, res.output
    assert "imported 4 people (1 new roles)" in res.output  # only the elder Bush's tenure is new
    kb = KB.load(kb_dir)
    assert kb.wikidata_ids()["Barack Obama"] == "Q76"
    assert len(kb.find_people("Obama")) == 1  # not doubled
    import datetime as dt
    bush = kb.resolve_person("Bush", dt.date(1990, 6, 1))
    assert (bush.name, bush.country) == ("George H. W. Bush", "USA")
    again = runner.invoke(app, ["kb", "import", str(WIKIDATA), "--kb-dir", str(kb_dir)])
    assert "(0 new roles)" in again.output
    assert len((kb_dir / "roles.csv").read_text().splitlines()) == 2


def test_kb_list_filters_and_formats(tmp_path):
    runner.invoke(app, ["kb", "import", str(WIKIDATA), "--kb-dir", str(tmp_path / "kb")])
    out = runner.invoke(app, ["kb", "list", "--country", "USA", "--office", "president", "--format", "csv",
                              "--kb-dir", str(tmp_path / "kb")]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["country"] for r in rows} == {"USA"} and all("president" in r["office"].lower() for r in rows)
    assert {r["name"]: r["wikidata"] for r in rows if r["office"] == "President"}["Joe Biden"] == "Q6279"
    assert "George H. W. Bush" in {r["name"] for r in rows}


def test_kb_search_resolves_at_a_date():
    res = runner.invoke(app, ["kb", "search", "Sharif", "--at", "2016-05-01"])
    assert res.exit_code == 0
    assert "person: Nawaz Sharif" in res.output and "person: Shehbaz Sharif" in res.output
    assert "at 2016-05-01: Nawaz Sharif, Prime Minister (PAK)" in res.output
    assert "country: Pakistan (PAK)" in runner.invoke(app, ["kb", "search", "Pakistani"]).output
    missing = runner.invoke(app, ["kb", "search", "Nobody Atall"])
    assert missing.exit_code == 1 and "nothing in the knowledge base" in missing.output
    assert runner.invoke(app, ["kb", "search", "Sharif", "--at", "May 2016"]).exit_code == 2


def test_kb_add_with_a_wikidata_id_and_a_bad_one(tmp_path):
    kb_dir = tmp_path / "kb"
    ok = runner.invoke(app, ["kb", "add", "Jane Doemaker", "--office", "Foreign Minister", "--country", "GBR",
                             "--wikidata", "Q4115189", "--kb-dir", str(kb_dir)])
    assert ok.exit_code == 0, ok.output
    assert KB.load(kb_dir).wikidata_ids()["Jane Doemaker"] == "Q4115189"
    bad = runner.invoke(app, ["kb", "add", "Jane Doemaker", "--office", "Foreign Minister", "--country", "GBR",
                              "--wikidata", "4115189x", "--kb-dir", str(kb_dir)])
    assert bad.exit_code == 1 and "not a Wikidata item id" in bad.output


def test_format_option_overrides_detection_and_unknown_formats_are_usage_errors(tmp_path):
    people = tmp_path / "people.txt"
    people.write_text(json.dumps([{"name": "Ann Poe", "office": "Foreign Minister", "country": "IND"}]))
    res = runner.invoke(app, ["kb", "import", str(people), "--format", "json", "--kb-dir", str(tmp_path / "kb")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["kb", "import", str(people), "--format", "petrol", "--kb-dir", str(tmp_path / "kb")])
    assert res.exit_code == 2 and "--format must be one of auto, csv, json, wikidata" in res.output
    with pytest.raises(KnowledgeError, match="people.txt: line 1: a Wikidata export row needs 'personLabel'"):
        import_file(people, "wikidata")


def test_an_older_user_people_file_gains_the_wikidata_column(tmp_path):
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    (kb_dir / "people.csv").write_text("person_id,name,aliases,surname\njane_roe,Jane Roe,,\n")
    runner.invoke(app, ["kb", "import", str(WIKIDATA), "--kb-dir", str(kb_dir)])
    rows = list(csv.DictReader((kb_dir / "people.csv").open()))
    assert rows[0] == {"person_id": "jane_roe", "name": "Jane Roe", "aliases": "", "surname": "", "wikidata": ""}
    assert {r["name"]: r["wikidata"] for r in rows}["George H. W. Bush"] == "Q23505"


def test_topics_show_lists_the_taxonomy_and_checks_a_user_file(tmp_path):
    out = runner.invoke(app, ["topics", "show", "--format", "jsonl"]).output
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids[0] == "counterterrorism" and "other" in ids and len(ids) >= 20
    one = runner.invoke(app, ["topics", "show", "imf"]).output
    assert "international monetary fund" in one
    assert runner.invoke(app, ["topics", "show", "nope"]).exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  - id: x\n    cues: ['/(unclosed/']\n")
    res = runner.invoke(app, ["topics", "show", "--taxonomy", str(bad)])
    assert res.exit_code == 1 and "bad.yaml" in res.output and "bad cue" in res.output
