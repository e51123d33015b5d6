"""Exports, each read back with the library its users use and compared with `events`."""
import csv
import datetime as dt
import io
import json

import icalendar
import pyarrow.dataset as pads
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import dateline
import factories
from dateline import export as ex
from dateline.cli import app
from conftest import ROOT

runner = CliRunner()
SEEDS = ROOT / "examples" / "seeds"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "seeds.db"
    res = runner.invoke(app, ["run", str(SEEDS), "--db", str(path), "--quiet"])
    assert res.exit_code == 0, res.output
    return path


def _events(db, *flags):
    out = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", *flags]).output
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def _export(db, tmp_path, fmt, *flags, name=None):
    out = tmp_path / (name or f"out.{fmt}")
    res = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "--out", str(out), *flags])
    assert res.exit_code == 0, res.output
    return out


def test_jsonl_is_plover_records_of_the_same_events(db, tmp_path):
    events = _events(db)
    out = _export(db, tmp_path, "jsonl")
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == [e["event_id"] for e in events]
    for r, e in zip(records, events):
        assert (r["date"], r["date_end"], r["event"], r["mode"]) == (
            e["date"]["start"], e["date"]["end"], e["type"], e["mode"])
        assert r["context"] == e["topics"]
        named = [a["name"] for a in r["actor"] + r["recipient"]]
        assert sorted(named) == sorted(p["name"] for p in e["participants"])
        assert [m["sentence"] for m in r["provenance"]["mentions"]] == [m["sentence"] for m in e["mentions"]]
        assert all(m["path"].endswith(".txt") for m in r["provenance"]["mentions"])  # joined to its article
        assert all(a["wikidata"] is None for a in r["actor"] + r["recipient"])  # the shipped data has none


def test_plover_record_carries_wikidata_ids_only_where_known():
    ev = factories.event()
    ctx = ex.Context(articles={}, wikidata={"Lloyd Austin": "Q100"}, countries={})
    rec = ex.plover_record(ev, ctx)
    ids = {a["name"]: a["wikidata"] for a in rec["actor"]}
    assert ids == {"Lloyd Austin": "Q100", "Qamar Javed Bajwa": None}
    assert rec["recipient"] == [] and all(a["symmetric"] for a in rec["actor"])


def test_filters_are_those_of_events(db, tmp_path):
    events = _events(db, "--person", "Blinken", "--since", "2023")
    out = _export(db, tmp_path, "jsonl", "--person", "Blinken", "--since", "2023")
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == [e["event_id"] for e in events]
    assert 0 < len(events) < len(_events(db))


def test_csv_dateline_columns_equal_events_csv(db, tmp_path):
    printed = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"]).output
    out = _export(db, tmp_path, "csv")
    assert list(csv.DictReader(io.StringIO(out.read_text()))) == list(csv.DictReader(io.StringIO(printed)))


def test_csv_gdelt_and_icews_columns(db, tmp_path):
    events = _events(db)
    gdelt = list(csv.DictReader(_export(db, tmp_path, "csv", "--columns", "gdelt", name="g.csv").open()))
    assert [r["GLOBALEVENTID"] for r in gdelt] == [e["event_id"] for e in events]
    for r, e in zip(gdelt, events):
        assert r["SQLDATE"] == e["date"]["start"].replace("-", "") and r["EventRootCode"] == e["type"]
        assert int(r["NumMentions"]) == len(e["mentions"])
        names = set(r["Actor1Name"].split("; ")) | set(filter(None, r["Actor2Name"].split("; ")))
        assert names == {p["name"] for p in e["participants"]}
    icews = list(csv.DictReader(_export(db, tmp_path, "csv", "--columns", "icews", name="i.csv").open()))
    assert [r["Event ID"] for r in icews] == [e["event_id"] for e in events]
    assert {"Source Name", "Target Country", "CAMEO Code", "Publisher"} <= set(icews[0])
    assert "Pakistan" in {r["Target Country"] for r in icews} | {r["Source Country"] for r in icews}


def test_ics_reads_back_as_all_day_events(db, tmp_path):
    events = _events(db)
    cal = icalendar.Calendar.from_ical(_export(db, tmp_path, "ics").read_bytes())
    vevents = list(cal.walk("VEVENT"))
    assert [str(v["UID"]) for v in vevents] == [e["event_id"] + "@dateline" for e in events]
    for v, e in zip(vevents, events):
        assert v["DTSTART"].dt == dt.date.fromisoformat(e["date"]["start"])
        assert v["DTEND"].dt == dt.date.fromisoformat(e["date"]["end"]) + dt.timedelta(days=1)
        assert str(v["SUMMARY"]).startswith(f"{e['type']} ({e['mode']}): ")
        assert [str(c) for c in v["CATEGORIES"].cats] == e["topics"]


def test_exporting_twice_gives_the_same_calendar(db, tmp_path):
    first = _export(db, tmp_path, "ics", name="a.ics").read_bytes()
    assert _export(db, tmp_path, "ics", name="b.ics").read_bytes() == first
    finished = dateline.open(str(db)).query("SELECT max(finished) AS f FROM runs")[0]["f"]
    stamp = dt.datetime.fromisoformat(finished).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTAMP:{stamp}".encode() in first


def test_ics_range_planned_and_special_characters_round_trip():
    ev = factories.event("Jane; Doe, Jr.", "Zoë \\ Ünal", start="2024-03-04", end="2024-03-10",
                         status="planned").with_(location="Doha, Qatar", summary="Line one\nline two; with, commas")
    text = ex.ics([ev], now=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    v = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert (v["DTSTART"].dt, v["DTEND"].dt) == (dt.date(2024, 3, 4), dt.date(2024, 3, 11))
    assert str(v["STATUS"]) == "TENTATIVE" and str(v["LOCATION"]) == "Doha, Qatar"
    assert "Jane; Doe, Jr." in str(v["SUMMARY"]) and "Zoë \\ Ünal" in str(v["SUMMARY"])
    assert str(v["DESCRIPTION"]).startswith("Line one\nline two; with, commas\n")
    assert "DTSTAMP:20260102T030405Z" in text


@given(st.text(min_size=0, max_size=400))
def test_ics_folding_keeps_lines_short_and_unfolds_to_the_original(s):
    line = "DESCRIPTION:" + ex.ics_escape(s)
    folded = ex.ics_fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line


def test_parquet_datasets_partitioned_by_month(db, tmp_path):
    events = _events(db)
    out = _export(db, tmp_path, "parquet", name="pq")
    months = sorted(p.name for p in (out / "events").iterdir())
    assert months == sorted({f"month={e['date']['start'][:7]}" for e in events})
    table = pads.dataset(out / "events", format="parquet", partitioning="hive").to_table()
    rows = sorted(table.to_pylist(), key=lambda r: (r["date_start"], r["date_end"], r["event_id"]))
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in events]
    for r, e in zip(rows, events):
        assert r["date_start"].isoformat() == e["date"]["start"] and r["topics"] == e["topics"]
        assert [p["name"] for p in r["participants"]] == [p["name"] for p in e["participants"]]
        assert r["month"] == e["date"]["start"][:7]
    arts = pads.dataset(out / "articles", format="parquet", partitioning="hive").to_table().to_pylist()
    assert {a["article_id"] for a in arts} == {m["article_id"] for e in events for m in e["mentions"]}


def test_parquet_refuses_a_folder_holding_other_files(db, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "keep.txt").write_text("x")
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "old")])
    assert res.exit_code == 1 and "not an empty folder" in res.output
    assert (tmp_path / "old" / "keep.txt").read_text() == "x"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_md_and_html_are_the_timeline(db, tmp_path, fmt):
    printed = runner.invoke(app, ["timeline", "--db", str(db), "--format", fmt, "--dyad", "USA-PAK"]).output
    out = _export(db, tmp_path, fmt, "--dyad", "USA-PAK")
    assert out.read_text() == printed


def test_bad_format_or_columns_is_a_usage_error(db, tmp_path):
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "xlsx", "--out", str(tmp_path / "x")])
    assert res.exit_code == 2 and "--format must be one of" in res.output
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--columns", "acled", "--out", "-"])
    assert res.exit_code == 2 and "--columns must be one of" in res.output


def test_empty_csv_still_has_its_header(db, tmp_path):
    out = _export(db, tmp_path, "csv", "--columns", "icews", "--since", "2099")
    assert out.read_text().startswith("Event ID,Event Date,")


def test_an_undated_event_exports_with_empty_dates_and_stays_out_of_calendars():
    undated = factories.event("Lloyd Austin", "Asim Munir", start=None, article_id="u1")
    ctx = ex.Context(articles={}, wikidata={}, countries={})
    gdelt, icews = ex.gdelt_row(undated, ctx), ex.icews_row(undated, ctx)
    assert (gdelt["SQLDATE"], gdelt["DateEnd"], gdelt["DatePrecision"]) == ("", "", "undated")
    assert (icews["Event Date"], icews["Event Date End"]) == ("", "")
    assert ex.plover_record(undated, ctx)["date"] is None
    row = ex.event_rows([undated])[0]
    assert (row["date_start"], row["date_end"], row["month"]) == (None, None, None)
    cal = ex.ics([undated, factories.event()], now=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    assert cal.count("BEGIN:VEVENT") == 1 and "19000101" not in cal


def test_the_time_axis_leaves_undated_events_off():
    from dateline.web import svg

    axis = svg.time_axis([factories.event(), factories.event(start=None, article_id="u1")])
    assert axis is not None and len(axis.marks) == 1
    assert svg.time_axis([factories.event(start=None)]) is None
