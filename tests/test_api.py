"""The notebook API: dateline.open(...).events(...).to_pandas(), extract() without a database."""
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app
from conftest import ROOT

SEEDS = ROOT / "examples" / "seeds"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "seeds.db"
    dateline.process([SEEDS], db=str(path))
    return str(path)


def _cli_events(db, *flags):
    out = CliRunner().invoke(app, ["events", "--db", db, "--format", "jsonl", *flags]).output
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_events_to_pandas_matches_the_cli(db):
    frame = dateline.open(db).events(country="PAK").to_pandas()
    cli = _cli_events(db, "--country", "PAK")
    assert list(frame["event_id"]) == [e["event_id"] for e in cli]
    assert str(frame["date_start"].dtype).startswith("datetime64")
    assert [d.date().isoformat() for d in frame["date_end"]] == [e["date"]["end"] for e in cli]
    assert list(frame["topics"]) == [e["topics"] for e in cli]
    assert {"type", "mode", "precision", "participants", "mentions", "month"} <= set(frame.columns)


def test_participants_long_form_and_articles_frame(db):
    store = dateline.open(db)
    events = store.events()
    long = events.participants_to_pandas()
    assert len(long) == sum(len(e.participants) for e in events)
    assert set(long["side"]) <= {"source", "target", "both"}
    arts = store.articles().to_pandas()
    assert len(arts) == 5 and arts["published"].isna().sum() == sum(a.published is None for a in store.articles())
    assert set(arts["month"]) >= {"2023-07", "undated"}


def test_empty_result_has_the_columns(db):
    frame = dateline.open(db).events(since="2099").to_pandas()
    assert frame.empty and "date_start" in frame.columns


def test_database_is_still_a_store_for_query_functions(db):
    store = dateline.open(db)
    assert isinstance(store, dateline.Store)
    via_query = [e.event_id for e in dateline.query.events(store, dateline.EventFilter.parse(dyad="USA-PAK"))]
    assert via_query == [e.event_id for e in store.events(dyad="USA-PAK")]
    first = store.events()[0]
    assert store.event(first.event_id) == first
    with pytest.raises(dateline.QueryError):
        store.events(dyad="USA")


def test_extract_without_a_database(tmp_path):
    text = ("WASHINGTON: Secretary of State Antony Blinken spoke with Pakistani Foreign Minister Ishaq Dar "
            "on Monday about counterterrorism cooperation.")
    events = dateline.extract(text, published="2024-03-12")
    assert isinstance(events, list) and len(events) == 1
    assert events[0].date.start == "2024-03-11" and "counterterrorism" in events[0].topics
    frame = events.to_pandas()
    assert isinstance(frame, pd.DataFrame) and frame.loc[0, "type"] == "CONSULT"
    taxonomy = tmp_path / "topics.yaml"
    taxonomy.write_text("topics:\n  - id: security\n    cues: [counterterrorism]\n  - id: other\n    cues: []\n")
    assert dateline.extract(text, published="2024-03-12", taxonomy=taxonomy)[0].topics == ("security",)
