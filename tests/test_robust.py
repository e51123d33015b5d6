"""Dateline keeps working on hostile input: every good article stored, every bad input
reported once with its path and reason, exit status 3, no exception escaping; limits
on size, length and time; property tests for the readers and the query filters.
"""
from __future__ import annotations

import builtins
import collections
import datetime as dt
import errno
import gzip
import io
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline
import dateline.ingest as ingest
import dateline.ingest.html as html_reader
import dateline.pipeline as pipeline
from dateline.errors import QueryError
from dateline.ingest import read_bytes
from dateline.ingest.limits import DocTimeout, Limits, time_budget
from dateline.model import Event, RawDoc, Skipped
from dateline.query import EventFilter
from conftest import ROOT

SEEDS = ROOT / "examples" / "seeds"
DATELINE = str(Path(sys.executable).with_name("dateline"))
MB = 1 << 20
CITIES = ("Nairobi", "Lima", "Hanoi", "Accra", "Tbilisi", "Quito", "Dhaka", "Oslo", "Rabat", "Riga")


def story(n: int, extra: str = "") -> str:
    """A short, distinct wire story (the n-th) in the form scraped text takes."""
    city = CITIES[n % len(CITIES)]
    return (f"{city}, 12 March 2024: The foreign ministers of Kenya and Peru met in {city} on Tuesday "
            f"for talks on trade, round {n}. {extra}\n\n"
            f"Both sides agreed to expand cooperation on energy and to meet again in {2025 + n}.\n\n"
            f"Officials said the meeting in {city} lasted {n + 2} hours and ended with a joint statement.\n")


def write_warc(path: Path, pages: list[str]) -> None:
    """A gzipped WARC with one HTML response per page, cut inside its last record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i, text in enumerate(pages):
        body = f"<!DOCTYPE html><html><head><title>Story {i}</title></head><body><article>" + "".join(
            f"<p>{para}</p>" for para in text.split("\n\n")) + "</article></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://example.org/{i}", "response",
                                                      payload=io.BytesIO(body.encode()), http_headers=http))
    data = buf.getvalue()
    path.write_bytes(data[: len(data) - 120])


def hostile_corpus(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write the corpus; return (good file -> a phrase its stored text must hold,
    bad path -> a phrase of its reason). Paths are as the run reports them."""
    folder.mkdir()
    good: dict[str, str] = {}
    bad: dict[str, str] = {}

    def put(name: str, data: bytes, expect: str, is_good: bool) -> None:
        (folder / name).write_bytes(data)
        (good if is_good else bad)[str(folder / name)] = expect

    put("binary.bin", random.Random(1).randbytes(8192), "binary file", False)
    put("empty.txt", b"", "empty file", False)
    put("one_line.txt", b"word " * MB, "article too long", False)
    put("utf16_bom.txt", story(1, "Zürich was named.").encode("utf-16"), "Zürich was named", True)
    put("utf16_no_bom.txt", story(2, "Kraków was named.").encode("utf-16-le"), "Kraków was named", True)
    put("latin1.txt", story(3, "José Muñoz spoke.").encode("latin-1"), "José Muñoz spoke", True)
    put("cp1252.txt", story(4, "He said “yes” and ‘no’ – twice.").encode("cp1252"), "“yes” and ‘no’ – twice", True)
    put("bad_utf8.txt", story(5, "São Paulo \xff was named.").encode("utf-8").replace(b"\xc3\xbf", b"\xff"),
        "São Paulo", True)
    put("no_body.html", b"<!DOCTYPE html><html><head><title>Nothing</title></head></html>", "no article text", False)
    put("nested.html", b"<!DOCTYPE html><html><body>" + b"<div>" * 200_000 + b"<p>deep</p>" + b"</div>" * 200_000
        + b"</body></html>", "", False)
    put("fake.gz", story(6).encode(), "not a gzip file", False)
    feed = [json.dumps({"text": story(7), "title": "Seventh"}), '{"text": "cut off in the mid', json.dumps(
        {"text": story(8) + " A half surrogate \ud800 here.", "url": "http://example.org/8"})]
    put("feed.jsonl", "\n".join(feed).encode(), "", False)
    bad.pop(str(folder / "feed.jsonl"))
    good[f"{folder / 'feed.jsonl'}#1"], good[f"{folder / 'feed.jsonl'}#3"] = "round 7", "A half surrogate \ufffd here"
    bad[f"{folder / 'feed.jsonl'}#2"] = "invalid JSON"
    put("with space ü 東京.txt", story(9).encode(), "round 9", True)
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(story(10).encode())
    good[str(folder / "caf\\xe9.txt")] = "round 10"
    with open(folder / "huge.txt", "wb") as fh:  # sparse: instant to write, 50 MB to read
        fh.write(story(11).encode())
        fh.truncate(50 * MB)
    bad[str(folder / "huge.txt")] = "file too large"
    write_warc(folder / "crawl.warc.gz", [story(12), story(13), story(15)])
    bad[str(folder / "crawl.warc.gz")] = "truncated"
    (folder / "loop").symlink_to(".")
    bad[str(folder / "loop")] = "already visited"
    (folder / "ping.txt").symlink_to("pong.txt")
    (folder / "pong.txt").symlink_to("ping.txt")
    bad[str(folder / "ping.txt")] = bad[str(folder / "pong.txt")] = "symlink loop"
    put("locked.txt", story(14).encode(), "permission denied", False)
    (folder / "locked.txt").chmod(0)
    return good, bad


def deny_locked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, which reads a mode-000 file anyway: make the reader's
    ``open`` fail for it as it would for any other user."""
    def fake_open(file, *args, **kwargs):
        if os.fspath(file).endswith("locked.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", file)
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(ingest, "open", fake_open, raising=False)


def check_outcome(stored: dict[str, str], skipped: list[tuple[str, str]], good: dict[str, str],
                  bad: dict[str, str], folder: Path) -> None:
    """Every good input stored with its text intact; every bad one skipped exactly once
    with the expected reason (the WARC's readable pages stored too)."""
    for path, phrase in good.items():
        assert phrase in stored.get(path, "<not stored>"), path
    times = collections.Counter(path for path, _ in skipped)
    assert {p for p, n in times.items() if n > 1} == set()
    reasons = dict(skipped)
    for path, phrase in bad.items():
        assert phrase in reasons.get(path, "<not skipped>"), (path, reasons.get(path))
    assert set(reasons) - set(bad) == set()
    assert sum(p.startswith(f"{folder / 'crawl.warc.gz'}#") for p in stored) == 2  # the third was cut
    assert set(stored) & set(reasons) == set()


def test_hostile_corpus_with_the_seeds_through_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = hostile_corpus(tmp_path / "corpus")
    deny_locked(monkeypatch)
    summary = dateline.process([tmp_path / "corpus", SEEDS], tmp_path / "x.db")
    store = dateline.open(str(tmp_path / "x.db"))
    stored = {a.path: a.text for a in store.articles()}
    check_outcome(stored, [(s.path, s.reason) for s in summary.skipped], good, bad, tmp_path / "corpus")
    assert sorted(store.skipped()) == sorted((s.path, s.reason) for s in summary.skipped)
    assert all(str(seed) in stored for seed in SEEDS.glob("*.txt"))
    assert summary.new_articles == len(stored) == len(good) + 2 + 5


def test_hostile_corpus_through_the_cli_exits_3(tmp_path: Path) -> None:
    """The real command in a subprocess. As root the mode-000 file is readable, so there
    it is left out (the in-process test above covers it)."""
    good, bad = hostile_corpus(tmp_path / "corpus")
    if os.geteuid() == 0:
        (tmp_path / "corpus" / "locked.txt").unlink()
        bad.pop(str(tmp_path / "corpus" / "locked.txt"))
    proc = subprocess.run([DATELINE, "run", str(tmp_path / "corpus"), str(SEEDS), "--db", str(tmp_path / "x.db")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line.removeprefix("skipped ").split(": ", 1) for line in proc.stderr.splitlines()
             if line.startswith("skipped ")]
    store = dateline.open(str(tmp_path / "x.db"))
    stored = {a.path: a.text for a in store.articles()}
    check_outcome(stored, [(p, r) for p, r in lines], good, bad, tmp_path / "corpus")
    assert sorted(store.skipped()) == sorted((p, r) for p, r in lines)


# --- limits -------------------------------------------------------------------------

def fake_extract(articles, *, taxonomy=None, kb=None, **_):
    """Event extraction without the model: no reports, except what the text asks for."""
    for a in articles:
        if "HANG" in a.text:
            while True:
                time.sleep(0.01)
        if "CRASH" in a.text:
            raise RuntimeError("extractor bug")
    return {a.article_id: () for a in articles}


def write_stories(folder: Path, marks: dict[int, str]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(6):
        p = folder / f"s{n}.txt"
        p.write_text(story(n, marks.get(n, "")))
        paths.append(p)
    return paths


def test_a_hanging_extraction_is_skipped_within_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.events, "extract_all", fake_extract)
    paths = write_stories(tmp_path / "in", {2: "HANG"})
    start = time.monotonic()
    summary = dateline.process([tmp_path / "in"], tmp_path / "x.db", limits=Limits(doc_timeout=0.2))
    assert time.monotonic() - start < 5
    assert [(s.path, s.reason) for s in summary.skipped] == [
        (str(paths[2]), "event extraction took longer than 0.2 s (limit: --doc-timeout)")]
    assert summary.new_articles == 5


def test_a_hanging_clean_is_skipped_and_the_timer_is_left_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.build_article

    def slow(raw, outlet_lines=frozenset()):
        while "round 4" in raw.text:
            pass
        return real(raw, outlet_lines)

    monkeypatch.setattr(pipeline.events, "extract_all", fake_extract)
    monkeypatch.setattr(pipeline, "build_article", slow)
    paths = write_stories(tmp_path / "in", {})
    handler = signal.getsignal(signal.SIGALRM)
    summary = dateline.process([tmp_path / "in"], tmp_path / "x.db", limits=Limits(doc_timeout=0.2))
    assert [(s.path, s.reason) for s in summary.skipped] == [
        (str(paths[4]), "cleaning and metadata took longer than 0.2 s (limit: --doc-timeout)")]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == handler


def test_a_failed_article_is_not_stored_and_is_retried_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: an article whose event extraction failed used to be stored without
    events and never looked at again."""
    monkeypatch.setattr(pipeline.events, "extract_all", fake_extract)
    paths = write_stories(tmp_path / "in", {3: "CRASH"})
    first = dateline.process([tmp_path / "in"], tmp_path / "x.db")
    assert [(s.path, s.reason) for s in first.skipped] == [
        (str(paths[3]), "event extraction failed: RuntimeError: extractor bug")]
    store = dateline.open(str(tmp_path / "x.db"))
    assert str(paths[3]) not in {a.path for a in store.articles()} and len(store.skipped()) == 1
    paths[3].write_text(story(3, "fixed"))
    second = dateline.process([tmp_path / "in"], tmp_path / "x.db")
    assert (second.new_articles, second.known_articles, second.skipped) == (1, 5, [])
    assert str(paths[3]) in {a.path for a in store.articles()} and store.skipped() == []


def test_a_value_sqlite_cannot_store_loses_only_its_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def bad_report(articles, *, taxonomy=None, kb=None, **_):
        return {a.article_id: (("not an event",) if "round 1" in a.text else ()) for a in articles}

    monkeypatch.setattr(pipeline.events, "extract_all", bad_report)
    paths = write_stories(tmp_path / "in", {})
    summary = dateline.process([tmp_path / "in"], tmp_path / "x.db")
    assert summary.new_articles == 5
    assert [s.path for s in summary.skipped] == [str(paths[1])]
    assert summary.skipped[0].reason.startswith("cannot be stored: ")


def test_html_parse_timeout_is_a_skip_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(markup, url):
        while True:
            pass

    monkeypatch.setattr(html_reader, "_extract", stuck)
    page = b"<!DOCTYPE html><html><body><p>x</p></body></html>"
    assert read_bytes(page, "p.html", doc_timeout=0.1) == [
        Skipped("p.html", "HTML extraction took longer than 0.1 s (limit: --doc-timeout)")]


def test_max_bytes_and_max_chars_are_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.events, "extract_all", fake_extract)
    paths = write_stories(tmp_path / "in", {0: "x" * 400, 1: "y" * 2000})
    summary = dateline.process([tmp_path / "in"], tmp_path / "x.db", limits=Limits(max_bytes=1500, max_chars=500))
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert reasons == {"s0.txt": f"article too long ({len(story(0, 'x' * 400))} characters; limit: --max-chars 500)",
                       "s1.txt": f"file too large ({paths[1].stat().st_size} bytes > 1500)"}


def test_a_runaway_json_line_is_skipped_without_holding_it() -> None:
    lines = [json.dumps({"text": story(1)}), json.dumps({"text": "b" * 5000}), json.dumps({"text": story(2)})]
    found = read_bytes("\n".join(lines).encode(), "f.jsonl", max_bytes=1000)
    assert [type(d).__name__ for d in found] == ["RawDoc", "Skipped", "RawDoc"]
    assert found[1] == Skipped("f.jsonl#2", "line too long (limit: --max-bytes)")


def test_a_missing_path_is_skipped_and_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.events, "extract_all", fake_extract)
    write_stories(tmp_path / "in", {})
    summary = dateline.process([tmp_path / "in", tmp_path / "gone"], tmp_path / "x.db")
    assert summary.skipped == [Skipped(str(tmp_path / "gone"), "no such file or directory")]
    assert dateline.open(str(tmp_path / "x.db")).skipped() == [(str(tmp_path / "gone"), "no such file or directory")]


def test_time_budget_nests_restores_and_is_a_no_op_off_the_main_thread() -> None:
    with pytest.raises(DocTimeout):
        with time_budget(0.05):
            with time_budget(10):  # the outer budget governs
                time.sleep(1)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    done: list[bool] = []

    def worker() -> None:
        with time_budget(0.01):
            time.sleep(0.05)
        done.append(True)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert done == [True]


# --- property tests -----------------------------------------------------------------

PREFIXES = (b"", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b"<!DOCTYPE html><html><body>", b'{"text": "',
            b"[{", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b" date 2024-01-01\n")
NAMES = ("a.txt", "a.html", "a.jsonl", "a.json", "a.warc", "a.gz", "a.txt.gz", "a.warc.gz", "noext")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600), name=st.sampled_from(NAMES),
       compress=st.booleans())
def test_readers_never_raise_and_every_record_is_sound(prefix: bytes, body: bytes, name: str, compress: bool) -> None:
    data = gzip.compress(prefix + body) if compress else prefix + body
    found = read_bytes(data, name)
    assert found, "every input gives a document or a reason"
    for item in found:
        assert isinstance(item, (RawDoc, Skipped))
        assert item.path == name or item.path.startswith(name + "#")
        if isinstance(item, RawDoc):
            assert item.text.strip() and "\r" not in item.text
            item.text.encode("utf-8")  # storable: no lone surrogates
        else:
            assert item.reason.strip()


@settings(max_examples=300, deadline=None)
@given(values=st.fixed_dictionaries({}, optional={
    k: st.one_of(st.text(max_size=30), st.from_regex(r"\A[A-Za-z]{2,5}([-/–,:][A-Za-z]{2,5})?\Z"),
                 st.from_regex(r"\A\d{4}(-\d{1,2}(-\d{1,2})?)?\Z"))
    for k in ("country", "dyad", "person", "type", "topic", "since", "until")}))
def test_event_filter_parse_raises_only_query_error(values: dict[str, str]) -> None:
    try:
        flt = EventFilter.parse(**values)
    except QueryError as exc:
        assert str(exc)
        return
    assert flt.dyad is None or all(len(c) in (3, 4) and c.isupper() for c in flt.dyad)
    assert flt.country is None or (len(flt.country) in (3, 4) and flt.country.isupper())


@settings(max_examples=300, deadline=None)
@given(since=st.one_of(st.none(), st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z")),
       until=st.one_of(st.none(), st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z")))
def test_event_filter_days_are_real_days(since: str | None, until: str | None) -> None:
    try:
        flt = EventFilter.parse(since=since, until=until)
    except QueryError:
        return
    for day in (flt.since, flt.until):
        assert day is None or dt.date.fromisoformat(day).isoformat() == day


def test_a_run_over_its_own_folder_reads_no_file_of_its_database(tmp_path: Path) -> None:
    """`dateline run .` with the default ./dateline.db: the database, its WAL, shared
    memory and lock file are not articles, on the first run or the second."""
    story = ("ACCRA: Ghana and Togo on Wednesday signed an agreement on joint border patrols, "
             "the two governments said in a statement.\n")
    (tmp_path / "a.txt").write_text(story, encoding="utf-8")
    db = tmp_path / "dateline.db"
    for _ in range(2):
        summary = pipeline.process([tmp_path], db)
        assert summary.skipped == [] and summary.inputs == 1
    from dateline.store import Store
    store = Store(db, readonly=True)
    try:
        assert [Path(a.path).name for a in store.articles()] == ["a.txt"]
    finally:
        store.close()


def test_an_article_with_no_text_after_cleaning_is_skipped_not_stored(tmp_path: Path) -> None:
    (tmp_path / "chrome.txt").write_text("Advertisement\nShare This\n", encoding="utf-8")
    (tmp_path / "empty.lock").write_text(" ", encoding="utf-8")
    summary = pipeline.process([tmp_path], tmp_path / "out.db")
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert "no article text left after cleaning" in reasons["chrome.txt"]
    assert "empty.lock" in reasons and summary.new_articles == 0
