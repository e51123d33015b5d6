"""Readers by input kind: every file becomes documents or a reason, never an exception."""
from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline.ingest as ingest
from dateline.ingest import discover, read_bytes, read_file, sniff
from dateline.ingest.jsonl import NO_ARTICLES, normalise_date
from dateline.model import RawDoc, Skipped

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"

PARAS = (
    "The foreign ministers of the two countries met in the capital on Tuesday to discuss trade and regional security.",
    "Both sides agreed to expand cooperation on counterterrorism and to hold a further round of talks later this year.",
    "Officials said the meeting lasted three hours and ended with a joint statement on economic partnership and energy.",
)
NAV = "World news section and more navigation links"
FOOTER = "Copyright 2024 Daily Example. All rights reserved. Subscribe to our newsletter."


def page(title: str = "Ministers meet for talks", meta: bool = True, paras: tuple[str, ...] = PARAS) -> str:
    """A news page with navigation and footer junk around a three-paragraph article."""
    head = (
        '<meta name="author" content="Jane Reporter">'
        '<meta property="article:published_time" content="2024-03-05T08:00:00Z">'
        '<meta property="og:site_name" content="Daily Example">'
    ) if meta else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<!DOCTYPE html><html><head><title>{title} | Daily Example</title>{head}</head><body>"
        f'<nav><ul><li><a href="/">Home</a></li><li><a href="/world">{NAV}</a></li></ul></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer><p>{FOOTER}</p></footer></body></html>"
    )


def items(*paths: Path, **kw: int) -> list[RawDoc | Skipped]:
    return list(discover(paths, **kw))


def docs(found: list[RawDoc | Skipped]) -> list[RawDoc]:
    return [d for d in found if isinstance(d, RawDoc)]


def skips(found: list[RawDoc | Skipped]) -> list[Skipped]:
    return [d for d in found if isinstance(d, Skipped)]


# --- HTML -------------------------------------------------------------------------

def test_html_page_gives_main_text_and_metadata(tmp_path: Path) -> None:
    f = tmp_path / "story.html"
    f.write_text(page(), encoding="utf-8")
    [doc] = items(f)
    assert isinstance(doc, RawDoc) and doc.kind == "html"
    for para in PARAS:
        assert para in doc.text.split("\n")  # each paragraph on its own line
    assert NAV not in doc.text and "Copyright" not in doc.text
    assert (doc.title, doc.author, doc.published, doc.outlet) == (
        "Ministers meet for talks", "Jane Reporter", "2024-03-05", "Daily Example")


def test_html_is_recognised_by_content_not_extension(tmp_path: Path) -> None:
    f = tmp_path / "saved.txt"
    f.write_text("\n\n" + page(), encoding="utf-8")
    [doc] = items(f)
    assert doc.kind == "html" and "<p>" not in doc.text


def test_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<!doctype html><html><head><title>x</title></head><body></body></html>")
    assert items(f) == [Skipped(str(f), "no article text found in HTML")]


# --- WARC -------------------------------------------------------------------------

def write_warc(path: Path, compress: bool = True) -> None:
    """Two article pages plus records that are not articles (request, 404, image)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(url: str, status: str, ctype: str, body: bytes):
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                         warc_headers_dict={"WARC-Date": "2020-01-01T00:00:00Z"})

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        writer.write_record(writer.create_warc_record("http://ex.com/a", "request", payload=io.BytesIO(b"GET /a")))
        first = page("First story", meta=False).encode()
        writer.write_record(response("http://ex.com/a", "200 OK", "text/html; charset=utf-8", first))
        writer.write_record(response("http://ex.com/logo.png", "200 OK", "image/png", b"\x89PNG\x00\x00"))
        writer.write_record(response("http://ex.com/gone", "404 Not Found", "text/html", page("Gone").encode()))
        writer.write_record(response("http://ex.com/b", "200 OK", "text/html", page("Second story").encode()))


def test_warc_yields_one_doc_per_html_200_response(tmp_path: Path) -> None:
    f = tmp_path / "crawl.warc.gz"
    write_warc(f)
    found = items(f)
    assert skips(found) == []
    first, second = docs(found)
    assert [first.url, second.url] == ["http://ex.com/a", "http://ex.com/b"]
    assert {first.kind, second.kind} == {"warc"}
    assert first.published is None  # the WARC-Date is the crawl date, not publication
    assert second.published == "2024-03-05"
    offsets = [int(d.path.rsplit("#", 1)[1]) for d in (first, second)]
    assert offsets[0] < offsets[1] and first.path.startswith(f"{f}#")
    assert PARAS[0] in first.text and NAV not in first.text


def test_record_offset_points_at_the_record(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    f = tmp_path / "crawl.warc.gz"
    write_warc(f)
    second = docs(items(f))[1]
    with f.open("rb") as fh:
        fh.seek(int(second.path.rsplit("#", 1)[1]))
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Target-URI") == "http://ex.com/b"


@pytest.mark.parametrize("compress", [True, False])
def test_truncated_warc_yields_what_was_read_then_a_skip(tmp_path: Path, compress: bool) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, compress=compress)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) - 300])  # inside the last record
    found = items(cut)
    assert [d.url for d in docs(found)] == ["http://ex.com/a"]
    assert len(skips(found)) == 1 and "WARC" in skips(found)[0].reason
    cut.write_bytes(data[:40])
    assert [type(d) for d in items(cut)] == [Skipped]


def test_gzipped_text_is_read_and_fake_gz_is_skipped(tmp_path: Path) -> None:
    real = tmp_path / "note.txt.gz"
    real.write_bytes(gzip.compress("Talks were held on Monday.\r\n".encode()))
    fake = tmp_path / "fake.gz"
    fake.write_text("not compressed at all")
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(" ".join(str(i * 7919) for i in range(3000)).encode())[:200])
    found = items(tmp_path)
    by_name = {Path(d.path).name: d for d in found}
    assert by_name["note.txt.gz"] == RawDoc(str(real), "Talks were held on Monday.\n", "text")
    assert by_name["fake.gz"] == Skipped(str(fake), "not a gzip file")
    assert isinstance(by_name["broken.txt.gz"], Skipped) and "gzip" in by_name["broken.txt.gz"].reason


# --- JSON lines and JSON ------------------------------------------------------------

def test_jsonl_yields_records_and_reports_a_broken_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "First article body.", "title": "One", "date": "2024-01-02T10:00:00Z",
                    "source": {"id": None, "name": "Wire"}, "authors": ["A. B", "C. D"]}),
        json.dumps({"content": "Second article body.", "url": "http://x/2", "published": "July 25, 2023"}),
        '{"text": "broken line',
        "",
        json.dumps({"body": "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</article></body></html>",
                    "outlet": "Paper"}),
    ]
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = items(f)
    assert [d.path.rsplit("#", 1)[1] for d in found] == ["1", "2", "3", "5"]
    one, two, bad, three = found
    assert (one.text, one.title, one.published, one.outlet, one.author, one.kind) == (
        "First article body.", "One", "2024-01-02", "Wire", "A. B, C. D", "jsonl")
    assert (two.url, two.published) == ("http://x/2", "2023-07-25")
    assert isinstance(bad, Skipped) and bad.reason.startswith("invalid JSON")
    assert PARAS[2] in three.text and "<p>" not in three.text and three.outlet == "Paper"


def test_jsonl_recognised_by_content(tmp_path: Path) -> None:
    f = tmp_path / "dump.txt"
    f.write_text('{"text": "a"}\n{"text": "b"}\n')
    assert [d.text for d in items(f)] == ["a", "b"]


def test_json_list_and_objects_without_text(tmp_path: Path) -> None:
    f = tmp_path / "list.json"
    f.write_text(json.dumps([{"text": "Body one."}, {"title": "no body"}, "junk", {"maintext": "Body two."}]))
    found = items(f)
    assert [d.path for d in found] == [f"{f}#{i}" for i in (1, 2, 3, 4)]
    assert [type(d) for d in found] == [RawDoc, Skipped, Skipped, RawDoc]
    assert "no text field" in found[1].reason


def test_json_wrapper_object_and_pretty_printed_single_article(tmp_path: Path) -> None:
    wrapped = tmp_path / "api.json"
    wrapped.write_text(json.dumps({"status": "ok", "articles": [{"content": "x"}, {"content": "y"}]}))
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": "Only one.", "title": "T"}, indent=2))
    assert [d.text for d in items(wrapped)] == ["x", "y"]
    assert items(single) == [RawDoc(str(single), "Only one.", "jsonl", title="T")]


def test_json_without_article_objects_is_one_skip(tmp_path: Path) -> None:
    f = tmp_path / "expected.json"
    f.write_text(json.dumps({"note": "gold", "documents": [{"doc": "a.txt", "title": "x"}]}, indent=2))
    assert items(f) == [Skipped(str(f), NO_ARTICLES)]


@pytest.mark.parametrize("value, day", [
    ("2023-07-25", "2023-07-25"), ("2023-07-25T23:10:00+05:00", "2023-07-25"),
    ("Tue, 25 Jul 2023 10:00:00 GMT", "2023-07-25"), ("25 July 2023", "2023-07-25"),
    (1690243200, "2023-07-25"), (1690243200000, "2023-07-25"),
    ("July 2023", None), ("03/04/2024", None), ("25/07/2023", "2023-07-25"),
    ("yesterday-ish", None), (True, None), ("", None),
])
def test_normalise_date_never_invents_precision(value: object, day: str | None) -> None:
    assert normalise_date(value) == day


# --- plain text -----------------------------------------------------------------------

TEXT = "Minister’s “talks” in Islamabad — résumé\nSecond line."


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM
    TEXT.encode("utf-16-le"),  # no BOM: found by the NUL pattern
    TEXT.encode("utf-16-be"),
    TEXT.encode("cp1252"),
    TEXT.replace("\n", "\r\n").encode("utf-8"),
], ids=["utf8", "utf8-bom", "utf16", "utf16le", "utf16be", "cp1252", "crlf"])
def test_text_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(data)
    assert items(f) == [RawDoc(str(f), TEXT, "text")]


def test_binary_and_empty_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "b.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "c.txt").write_bytes(b"\x01\x02\x03\x04\x05" * 50 + b"text")
    (tmp_path / "c2.txt").write_bytes(b"\xff\xfe" + random.Random(0).randbytes(4000))  # "UTF-16" noise
    (tmp_path / "d.txt").write_bytes(b"")
    (tmp_path / "e.txt").write_bytes(b" \r\n\t\n")
    reasons = [d.reason for d in items(tmp_path)]
    assert reasons == ["binary file", "binary file", "binary file", "empty file", "empty file"]


def test_too_large_file_is_skipped(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text("word " * 100)
    assert items(f, max_bytes=100) == [Skipped(str(f), "file too large (500 bytes > 100)")]


# --- walking ----------------------------------------------------------------------------

def test_walk_is_sorted_recursive_skips_hidden_and_survives_loops(tmp_path: Path) -> None:
    nested = tmp_path / "b folder" / "Pakistán"
    nested.mkdir(parents=True)
    (nested / "nöte ü.txt").write_text("Nested article.")
    (tmp_path / "a.txt").write_text("First article.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (nested / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling").symlink_to(tmp_path / "missing.txt")
    found = items(tmp_path)
    assert [(Path(d.path).relative_to(tmp_path).as_posix(), type(d).__name__) for d in found] == [
        ("a.txt", "RawDoc"),
        ("b folder/Pakistán/loop", "Skipped"),
        ("b folder/Pakistán/nöte ü.txt", "RawDoc"),
        ("dangling", "Skipped"),
    ]
    assert found[3].reason == "broken symlink" and "symlink loop" in found[1].reason
    assert found == items(tmp_path)  # deterministic


def test_missing_and_unreadable_paths_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "locked.txt"
    f.write_text("secret")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "open", denied, raising=False)
    assert items(f) == [Skipped(str(f), "permission denied")]
    assert items(tmp_path / "nope") == [Skipped(str(tmp_path / "nope"), "no such file or directory")]


def test_seeds_are_five_text_docs_and_gold_is_not_an_article(tmp_path: Path) -> None:
    found = items(SEEDS)
    assert [type(d) for d in found] == [RawDoc] * 5
    for doc in docs(found):
        assert doc.kind == "text" and doc.text == Path(doc.path).read_text(encoding="utf-8")
    gold = tmp_path / "expected.json"
    gold.write_bytes((SEEDS.parent / "seeds-expected.json").read_bytes())
    assert items(tmp_path) == [Skipped(str(gold), NO_ARTICLES)]


# --- sniffing and robustness ---------------------------------------------------------------

@pytest.mark.parametrize("head, name, kind", [
    (b"\x1f\x8b\x08\x00", "x.warc.gz", "gzip"),
    (b"plain", "x.gz", "gzip"),
    (b"WARC/1.1\r\nWARC-Type: warcinfo", "x", "warc"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html>", "x.txt", "html"),
    ("<html><body>".encode("utf-16"), "x", "html"),
    (b'[{"text": "a"}]', "x", "json"),
    (b'{\n  "text": "a"\n}', "x", "json"),
    (b'{"text": "a"}\n{"text": "b"}\n', "x", "jsonl"),
    (b'{"text": "a"}', "x.ndjson", "jsonl"),
    (b"Islamabad, 25 July (GNP): talks", "x.html", "text"),
])
def test_sniff(head: bytes, name: str, kind: str) -> None:
    assert sniff(head, name) == kind


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(
    st.binary(max_size=600),
    st.sampled_from([b"\x1f\x8b", b"WARC/1.0\r\n", b"<html>", b"{", b"[", b"\xff\xfe"]).flatmap(
        lambda prefix: st.binary(max_size=300).map(lambda rest: prefix + rest)),
), name=st.sampled_from(["a.txt", "a.gz", "a.jsonl", "a.json", "a.warc.gz", "a"]))
def test_random_bytes_never_raise(data: bytes, name: str) -> None:
    found = read_bytes(data, name)
    assert found and all(isinstance(d, (RawDoc, Skipped)) for d in found)
    assert all("\r" not in d.text and d.text.strip() for d in docs(found))


def test_read_file_streams_jsonl_lazily(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "a"}\n' * 3 + "\x00" * 10)
    stream = read_file(f)
    assert next(stream).text == "a"  # first record before the rest is parsed
    assert sum(1 for _ in stream) == 3  # two more docs and one broken (NUL) line


def test_gzipped_jsonl_streams_and_truncation_is_reported(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"Article {i} " + "x" * 200}) + "\r\n" for i in range(50))
    whole = tmp_path / "feed.jsonl.gz"
    whole.write_bytes(gzip.compress(lines.encode()))
    assert [d.path.rsplit("#", 1)[1] for d in items(whole)] == [str(i) for i in range(1, 51)]
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[:-20])
    found = items(cut)
    assert isinstance(found[-1], Skipped) and "corrupt gzip" in found[-1].reason
    assert len(docs(found)) >= 40


def test_warc_without_pages_and_whole_file_gzip_warc(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    bare = tmp_path / "meta.warc"
    with bare.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        writer.write_record(writer.create_warcinfo_record("meta.warc", {"software": "test"}))
    assert items(bare) == [Skipped(str(bare), "no HTML pages (status 200 responses) in WARC")]
    plain = tmp_path / "crawl.warc"
    write_warc(plain, compress=False)
    solid = tmp_path / "solid.warc.gz"  # one gzip member around the whole file: not standard
    solid.write_bytes(gzip.compress(plain.read_bytes()))
    assert [d.url for d in docs(items(solid))][:1] == ["http://ex.com/a"]


def test_html_charset_is_honoured_and_brace_text_stays_text(tmp_path: Path) -> None:
    ru = "Министры иностранных дел встретились во вторник, чтобы обсудить торговлю и безопасность. " * 3
    html = page("Встреча министров", paras=(ru, ru, ru)).replace("<head>", '<head><meta charset="windows-1251">')
    (tmp_path / "a.html").write_bytes(html.encode("cp1251"))
    (tmp_path / "b.txt").write_text("{Editor's note} The story was updated.\n")
    page_doc, note = items(tmp_path)
    assert page_doc.title == "Встреча министров" and ru.strip() in page_doc.text
    assert note == RawDoc(str(tmp_path / "b.txt"), "{Editor's note} The story was updated.\n", "text")


def test_html_date_in_the_text_is_found_but_a_copyright_year_is_no_day():
    from dateline.ingest.html import _fallback_date

    body = "<html><body><article><p>Story text about the harbour bridge.</p>{}</article>" \
           "<footer>© 2016 Example Media</footer></body></html>"
    assert _fallback_date(body.format("<p>Posted 14 March 2021 by staff</p>"), None) == "2021-03-14"
    assert _fallback_date(body.format(""), None) is None
