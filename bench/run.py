"""``make bench``: Dateline's throughput and memory against spaCy's own pipeline.

In one run, on one corpus (``--corpus``):

- ``synthetic`` (the default): ``--n`` articles written by ``bench/corpus.py``;
- ``t17``: Timeline17's 4,650 real news articles (``../shared/benchmarks/timeline17``,
  unpacked by ``bench/eval/t17.py``'s ``unpack`` into a temporary folder or ``--work``,
  never into the project), all 17 topics into one database, each article dated by its
  ``<YYYY-MM-DD>`` folder when its text gives no date (``published_from_path``); ``--n``
  takes the first N articles (topics by name, then days, then files);

it measures

1. the reference: spaCy's whole small English pipeline alone, ``nlp.pipe`` over the
   raw article texts in one process (on ``--ref-n`` articles: a rate does not need
   100,000 parses to be measured; by default the first 2,000 of the synthetic corpus,
   1,000 of Timeline17 evenly spaced over the articles run, because its topics differ in
   length). Timeline17's texts are tokenized; the reference gets them as Dateline's
   ingest reads them (back as prose), and not those Dateline skips as too long
   (``--max-chars``), so that both parse the same texts;
2. the whole Dateline pipeline (``dateline.process``: ingest, clean, metadata, parse,
   events, deduplication, SQLite, event merging) with each ``--workers`` count;
3. same-event merging of ``--events`` synthetic event reports.

Rates are given per second of wall time and per CPU-second (the process and its
workers): on a machine shared with other work, wall time measures the neighbours too,
CPU time does not (but cannot show the gain of a second worker). Each runs in its own
process; peak resident memory is the largest sum over the process
and its children (the workers), sampled every 0.2 s from ``/proc``. Figures go to
``bench/results/latest.json`` and a one-line summary is printed last.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench.eval.t17 import TARBALL as T17_TARBALL  # noqa: E402
from bench.eval.t17 import unpack  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss(pid: int) -> int:
    """Resident bytes of one process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    """All descendants of ``pid``, from the parent ids in ``/proc/*/stat``."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        kids = parents.get(todo.pop(), [])
        out += kids
        todo += kids
    return out


class PeakMemory(threading.Thread):
    """Samples the resident memory of a process tree until told to stop."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.trace: list[tuple[float, int]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        while not self._halt.is_set():
            total = sum(_rss(p) for p in [self.pid, *_children(self.pid)])
            self.peak = max(self.peak, total)
            self.trace.append((round(time.perf_counter() - start, 1), total))
            self._halt.wait(self.every)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak


def measure(what: str, *args: str) -> dict[str, object]:
    """Run ``bench.measure`` in a child process and watch its memory."""
    cmd = [sys.executable, "-m", "bench.measure", what, *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    watch = PeakMemory(proc.pid)
    watch.start()
    out, _ = proc.communicate()
    peak = watch.stop()
    if proc.returncode != 0:
        raise SystemExit(f"bench: {what} failed (exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(peak / 2**20)
    result["rss_trace_mb"] = _thin([(t, round(b / 2**20)) for t, b in watch.trace])
    return result


def _thin(trace: list[tuple[float, int]], keep: int = 40) -> list[tuple[float, int]]:
    """A few points of the memory curve, enough to see whether it grows."""
    step = max(1, len(trace) // keep)
    return trace[::step]


@dataclass
class Corpus:
    """What the measurements run on: the pipeline takes the first ``n`` articles of
    ``inputs``, the reference the first ``ref_n`` of ``ref_inputs`` (paths given to
    ``bench.measure``)."""

    kind: str
    n: int
    ref_n: int
    inputs: list[str]
    ref_inputs: list[str]
    ref_sample: str = "the first"  # which articles the reference parses, for the output
    read: str = "jsonl"  # how the reference reads its inputs (bench.measure --read)
    pipeline_args: list[str] = field(default_factory=list)
    info: dict[str, object] = field(default_factory=dict)  # recorded in the JSON


def synthetic_corpus(n: int | None, ref_n: int | None, work: Path) -> Corpus:
    """The synthetic corpus of ``n`` articles (2,000 by default), written once under ``work``."""
    n = 2000 if n is None else n
    t0 = time.perf_counter()
    folder = work / f"corpus-{n}"
    paths = sorted(folder.glob("shard-*.jsonl")) if (folder / "done").exists() else []
    if not paths:
        paths = corpus.write_corpus(n, folder)
        (folder / "done").write_text("")
    built = round(time.perf_counter() - t0, 1)
    print(f"corpus: {n} articles in {len(paths)} JSON lines files ({built} s)", file=sys.stderr)
    shards = [str(p) for p in paths]
    return Corpus("synthetic", n, min(n, 2000 if ref_n is None else ref_n), shards, shards)


def t17_corpus(tarball: Path, n: int | None, ref_n: int | None, work: Path) -> Corpus:
    """Timeline17 unpacked under ``work`` (once): all its articles, or the first ``n``;
    the reference parses ``ref_n`` of those, evenly spaced (1,000 by default)."""
    if not tarball.is_file():
        raise SystemExit(f"bench: --corpus t17 needs Timeline17 at {tarball} "
                         "(../shared/benchmarks/timeline17/ beside the repository), which is absent; "
                         "the default --corpus synthetic needs nothing")
    t0 = time.perf_counter()
    inputs = corpus.t17_inputs(unpack(tarball, work))
    files = corpus.first_files(inputs)
    total = len(files)
    n = total if n is None else min(n, total)
    ref_n = min(n, 1000 if ref_n is None else ref_n)
    sample = [str(f) for f in corpus.spread(files[:n], ref_n)]
    print(f"corpus: Timeline17, {n} of its {total} articles ({len(inputs)} topics, unpacked under {work}; "
          f"{round(time.perf_counter() - t0, 1)} s)", file=sys.stderr)
    how = "evenly spaced; texts over the pipeline's --max-chars, which it skips, left out"
    return Corpus("t17", n, ref_n, [str(p) for p in inputs], sample, ref_sample=how, read="ingest",
                  pipeline_args=["--limit", str(n), "--published-from-path"],
                  info={"corpus_articles": total, "corpus_source": str(tarball), "reference_sample": how})


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Dateline benchmark (see bench/run.py).")
    ap.add_argument("--corpus", choices=("synthetic", "t17"), default="synthetic",
                    help="synthetic (written here; the default) or t17 (Timeline17's 4,650 real articles)")
    ap.add_argument("--n", type=int, help="articles: the synthetic corpus's size (default 2,000); "
                                          "with t17, its first N (default all)")
    ap.add_argument("--workers", default="2", help="worker counts to run, comma-separated (default 2)")
    ap.add_argument("--ref-n", type=int, help="articles the reference parses (default: the first 2,000 "
                                              "synthetic ones; 1,000 of t17's, evenly spaced)")
    ap.add_argument("--events", type=int, default=100_000, help="synthetic reports to merge (default 100,000)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--tarball", type=Path, default=T17_TARBALL, help="Timeline17's tar.gz (for --corpus t17)")
    ap.add_argument("--work", type=Path, help="corpus and database folder (default bench/.work; "
                                              "for t17 a temporary folder, removed at the end)")
    ap.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = ap.parse_args(argv)
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    if args.corpus == "synthetic":
        work = args.work or ROOT / "bench" / ".work"
        bench(args, workers, work, synthetic_corpus(args.n, args.ref_n, work))
        return
    with nullcontext(str(args.work)) if args.work else tempfile.TemporaryDirectory(prefix="bench-t17-") as tmp:
        work = Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        bench(args, workers, work, t17_corpus(args.tarball, args.n, args.ref_n, work))


def bench(args: argparse.Namespace, workers: list[int], work: Path, chosen: Corpus) -> None:
    """The measurements on one corpus, the JSON results file and the one-line summary."""
    ref = measure("reference", *chosen.ref_inputs, "--limit", str(chosen.ref_n), "--read", chosen.read)
    print(f"reference (spaCy {', '.join(ref['pipes'])}) on {ref['docs']} of the {chosen.n} articles "
          f"({chosen.ref_sample}): {ref['docs_per_s']} docs/s, {ref['docs_per_cpu_s']} per CPU-second",
          file=sys.stderr)

    runs = []
    tag = "" if chosen.kind == "synthetic" else f"{chosen.kind}-"
    for w in workers:
        db = work / f"bench-{tag}{chosen.n}-w{w}.db"
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        run = measure("pipeline", *chosen.inputs, *chosen.pipeline_args, "--db", str(db), "--workers", str(w),
                      "--batch-size", str(args.batch_size))
        run["ratio"] = round(float(run["docs_per_s"]) / float(ref["docs_per_s"]), 2)
        run["cpu_ratio"] = round(float(run["docs_per_cpu_s"]) / float(ref["docs_per_cpu_s"]), 2)
        run["db_mb"] = round(db.stat().st_size / 2**20)
        runs.append(run)
        print(f"dateline, {w} worker(s): {run['docs_per_s']} docs/s ({run['ratio']}x; per CPU-second "
              f"{run['docs_per_cpu_s']}, {run['cpu_ratio']}x), "
              f"peak RSS {run['peak_rss_mb']} MB, stages {run['stage_seconds']}", file=sys.stderr)

    clu = measure("cluster", "--events", str(args.events))
    print(f"clustering: {clu['reports']} reports -> {clu['events']} events in {clu['seconds']} s", file=sys.stderr)

    report = {"corpus": chosen.kind, "n": chosen.n, **chosen.info, "reference": ref, "pipeline": runs, "cluster": clu,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_avg_at_end": os.getloadavg()},
              "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    best = max(runs, key=lambda r: float(r["docs_per_s"]))
    label = "bench" if chosen.kind == "synthetic" else f"bench {chosen.kind}"
    print(f"{label} n={chosen.n}: reference {ref['docs_per_s']} docs/s; dateline "
          + "; ".join(f"{r['workers']}w {r['docs_per_s']} docs/s ({r['ratio']}x wall, {r['cpu_ratio']}x per CPU-s, "
                      f"{r['peak_rss_mb']} MB)" for r in runs)
          + f"; best ratio {best['ratio']}x; clustering {clu['reports']:,} reports in {clu['seconds']} s")


if __name__ == "__main__":
    main()
