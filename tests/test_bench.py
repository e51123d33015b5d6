"""``make bench``'s choice of corpus, on a tiny hand-made folder laid out as Timeline17
(nothing is timed here, and ../shared is not needed)."""
import sys
import tarfile

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench import corpus  # noqa: E402
from bench import run as bench_run  # noqa: E402
from dateline.ingest.limits import DEFAULT_MAX_CHARS  # noqa: E402
from dateline.metadata import published_from_path  # noqa: E402

ARTICLES = {  # <topic>/InputDocs/<YYYY-MM-DD>/<file>: tokenized, as Timeline17's are
    "Zeta_bbc/InputDocs/2010-01-13/7.htm.txt": "The quake struck on Tuesday .\n",
    "Alpha_cnn/InputDocs/2011-01-26/3.htm.txt": "Talks were held in Cairo on Wednesday .\n",
    "Alpha_cnn/InputDocs/2011-01-25/9.htm.txt": "-LRB- CNN -RRB- -- Protesters did n't leave the square .\n",
    "Alpha_cnn/InputDocs/2011-01-25/10.htm.txt": "`` We stay , '' one said .\n",
}


@pytest.fixture
def t17(tmp_path):
    """An unpacked ``timeline17/`` folder, with what is beside the articles in the real one."""
    root = tmp_path / "timeline17"
    for name, text in ARTICLES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "Alpha_cnn" / "keywords.json").write_text('["Egypt"]')
    (root / "Alpha_cnn" / "timelines").mkdir()
    (root / "Alpha_cnn" / "timelines" / "cnn.txt").write_text("2011-01-25\nProtests begin .\n----\n")
    (root / ".cache" / "InputDocs").mkdir(parents=True)
    (root / ".cache" / "InputDocs" / "x.txt").write_text("not an article")
    return root


def test_the_articles_are_taken_in_the_pipelines_order_and_the_first_n_kept(t17):
    inputs = corpus.t17_inputs(t17)
    assert inputs == [t17 / "Alpha_cnn" / "InputDocs", t17 / "Zeta_bbc" / "InputDocs"]
    files = corpus.first_files(inputs)
    assert [str(f.relative_to(t17)) for f in files] == [
        "Alpha_cnn/InputDocs/2011-01-25/10.htm.txt", "Alpha_cnn/InputDocs/2011-01-25/9.htm.txt",
        "Alpha_cnn/InputDocs/2011-01-26/3.htm.txt", "Zeta_bbc/InputDocs/2010-01-13/7.htm.txt"]
    assert corpus.first_files(inputs, 2) == files[:2]
    assert [published_from_path(str(f)) for f in files] == ["2011-01-25", "2011-01-25", "2011-01-26", "2010-01-13"]


def test_the_reference_reads_the_texts_as_the_pipeline_does(t17):
    texts = list(corpus.ingested_texts(corpus.first_files(corpus.t17_inputs(t17), 2)))
    assert texts == ['"We stay," one said.\n', "(CNN) -- Protesters didn't leave the square.\n"]
    long = t17 / "Alpha_cnn" / "InputDocs" / "2011-01-27" / "1.htm.txt"
    long.parent.mkdir()
    long.write_text("word " * (DEFAULT_MAX_CHARS // 5 + 1))  # the pipeline skips it as too long
    assert list(corpus.ingested_texts([long])) == []


def test_the_reference_sample_is_evenly_spaced():
    items = [f"{i}.txt" for i in range(10)]
    assert corpus.spread(items, 4) == ["0.txt", "2.txt", "5.txt", "7.txt"]
    assert corpus.spread(items, 10) == corpus.spread(items, 50) == items


def test_t17_is_unpacked_into_the_work_folder_and_capped(t17, tmp_path):
    tarball = tmp_path / "timeline17.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(t17, arcname="timeline17")
    work = tmp_path / "work"
    work.mkdir()
    chosen = bench_run.t17_corpus(tarball, 3, None, work)
    assert chosen.inputs == [str(work / "timeline17" / t / "InputDocs") for t in ("Alpha_cnn", "Zeta_bbc")]
    assert (chosen.kind, chosen.n, chosen.ref_n, chosen.read) == ("t17", 3, 3, "ingest")
    assert [p.rsplit("/", 1)[1] for p in chosen.ref_inputs] == ["10.htm.txt", "9.htm.txt", "3.htm.txt"]
    assert chosen.pipeline_args == ["--limit", "3", "--published-from-path"]
    assert chosen.info["corpus_articles"] == 4
    again = bench_run.t17_corpus(tarball, None, 2, work)  # unpacked once
    assert (again.n, again.ref_n) == (4, 2)  # all articles by default
    assert [p.rsplit("/", 1)[1] for p in again.ref_inputs] == ["10.htm.txt", "3.htm.txt"]


def test_t17_without_shared_exits_with_a_message(tmp_path):
    with pytest.raises(SystemExit) as exc:
        bench_run.main(["--corpus", "t17", "--tarball", str(tmp_path / "absent.tar.gz"), "--work", str(tmp_path)])
    assert isinstance(exc.value.code, str) and "absent" in exc.value.code  # printed, exit status 1


def test_devset_check_finds_missing_and_altered_texts(tmp_path):
    import hashlib
    import json as _json

    from bench.eval import devset

    texts = tmp_path / "web"
    texts.mkdir()
    good, bad = "Ghana and Togo signed a pact.", "A copying slip."
    (texts / "a.txt").write_text(good, encoding="utf-8")
    (texts / "b.txt").write_text(bad + " ", encoding="utf-8")
    rows = [{"doc": d, "sha256": hashlib.sha256(t.encode()).hexdigest()} for d, t in
            (("a.txt", good), ("b.txt", bad), ("c.txt", "absent"))]
    manifest = tmp_path / "web_manifest.jsonl"
    manifest.write_text("\n".join(_json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert devset.check(manifest, texts) == (["c.txt"], ["b.txt"])
