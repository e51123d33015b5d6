"""Crash safety: `dateline run` killed with SIGKILL at random points, then run again,
leaves the same database as a run that was never interrupted.

Each run is a real subprocess (`.venv/bin/dateline`), so a kill can land anywhere: while
the model loads, inside a batch's transaction, between batches, or while the merged
events are rebuilt.
"""
from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app
from conftest import ROOT

SEEDS = ROOT / "examples" / "seeds"
DATELINE = str(Path(sys.executable).with_name("dateline"))
DESKS = ("foreign", "politics", "world", "security", "economy", "regional", "diplomatic", "national")
BATCH = "4"  # small batches: many commit points for a kill to fall between


def make_corpus(folder: Path, variants: int = 8) -> Path:
    """The seeds and near-copies of them in ``variants`` sub-folders: each copy differs by
    a closing line, so it is a new article (and a near-duplicate of its seed)."""
    for k in range(variants):
        sub = folder / f"v{k}"
        sub.mkdir(parents=True)
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            if k:
                text += f"\n\nThis report was updated {k} times by the {DESKS[k % len(DESKS)]} desk.\n"
            (sub / seed.name).write_text(text, encoding="utf-8")
    return folder


def start_run(corpus: Path, db: Path, *extra: str) -> subprocess.Popen[bytes]:
    """``dateline run`` in its own process, in a folder without a ``dateline-kb``."""
    return subprocess.Popen([DATELINE, "run", str(corpus), "--db", str(db), "--quiet", "--batch-size", BATCH, *extra],
                            cwd=db.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish_run(corpus: Path, db: Path) -> str:
    proc = start_run(corpus, db)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    return err.decode()


def stored_count(db: Path) -> int:
    """Articles committed so far, read as a reader would (0 before the schema exists)."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_when(proc: subprocess.Popen[bytes], db: Path, target: int, delay: float) -> None:
    """SIGKILL once ``target`` articles are committed (and ``delay`` more seconds), or
    when the run ends by itself first."""
    deadline = time.monotonic() + 60
    while stored_count(db) < target and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay)
    proc.kill()
    proc.communicate(timeout=60)  # returns once every process holding the output pipes is gone


def integrity(db: Path) -> str:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def export(db: Path, what: str) -> list[dict]:
    res = CliRunner().invoke(app, [what, "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def counts(db: Path) -> dict[str, int]:
    """Rows per table: each article, report and event exactly once."""
    with closing(sqlite3.connect(db)) as conn:
        q = {t: f"SELECT count(*), count(DISTINCT {k}) FROM {t}"
             for t, k in (("articles", "article_id"), ("reports", "report_id"), ("events", "event_id"))}
        rows = {t: conn.execute(sql).fetchone() for t, sql in q.items()}
    assert all(n == distinct for n, distinct in rows.values()), rows
    return {t: n for t, (n, _) in rows.items()}


def test_sigkill_at_random_points_then_resume_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    n_articles = len(list(corpus.rglob("*.txt")))
    (tmp_path / "ref").mkdir()
    (tmp_path / "crash").mkdir()
    ref, db = tmp_path / "ref" / "ref.db", tmp_path / "crash" / "crash.db"
    finish_run(corpus, ref)
    rng = random.Random(int(os.environ.get("DATELINE_CRASH_SEED", "6")))
    targets = sorted(rng.sample(range(0, n_articles, 2), 3))
    seen = []
    for target in targets:
        kill_when(start_run(corpus, db), db, target, rng.uniform(0.0, 0.4))
        assert integrity(db) == "ok"
        seen.append(stored_count(db))
        assert seen[-1] % int(BATCH) == 0 or seen[-1] == n_articles, "a batch was half written"
    assert min(seen) < n_articles, f"every kill came too late to interrupt anything: {seen}"
    log = finish_run(corpus, db)
    assert integrity(db) == "ok" and f"{n_articles - seen[-1]} new articles" in log
    assert counts(db) == counts(ref) and counts(db)["articles"] == n_articles
    assert export(db, "articles") == export(ref, "articles")
    assert export(db, "events") == export(ref, "events")
    again = finish_run(corpus, db)
    assert f"0 new articles, {n_articles} already stored" in again


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux ``/proc``)."""
    kids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return kids


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_sigkill_of_a_run_with_workers_ends_its_workers_and_resumes_to_the_same_database(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", variants=4)
    n_articles = len(list(corpus.rglob("*.txt")))
    (tmp_path / "ref").mkdir()
    (tmp_path / "crash").mkdir()
    ref, db = tmp_path / "ref" / "ref.db", tmp_path / "crash" / "crash.db"
    finish_run(corpus, ref)
    proc = start_run(corpus, db, "--workers", "2")
    deadline = time.monotonic() + 90
    while stored_count(db) < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = [k for k in _children(proc.pid) if "spawn_main" in (Path("/proc") / str(k) / "cmdline").read_text()]
    assert proc.poll() is None and workers, "the run ended before it could be killed with its workers up"
    proc.kill()
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "workers outlived the killed run"
    assert integrity(db) == "ok" and stored_count(db) < n_articles
    finish_run(corpus, db)
    assert counts(db) == counts(ref)
    assert export(db, "articles") == export(ref, "articles")
    assert export(db, "events") == export(ref, "events")
