"""``make bench``: Dateline's throughput and memory against spaCy's own pipeline.

In one run, on one corpus (``bench/corpus.py``; ``--n`` articles):

1. the reference: spaCy's whole small English pipeline alone, ``nlp.pipe`` over the
   raw article texts in one process (on the first ``--ref-n`` articles, all by default
   up to 2,000: a rate does not need 100,000 parses to be measured);
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402

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


def main() -> None:
    ap = argparse.ArgumentParser(description="Dateline benchmark (see bench/run.py).")
    ap.add_argument("--n", type=int, default=2000, help="articles in the corpus (default 2,000)")
    ap.add_argument("--workers", default="2", help="worker counts to run, comma-separated (default 2)")
    ap.add_argument("--ref-n", type=int, default=2000, help="articles the reference parses (default 2,000)")
    ap.add_argument("--events", type=int, default=100_000, help="synthetic reports to merge (default 100,000)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / ".work", help="corpus and database folder")
    ap.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = ap.parse_args()
    workers = [int(w) for w in args.workers.split(",") if w.strip()]

    t0 = time.perf_counter()
    folder = args.work / f"corpus-{args.n}"
    paths = sorted(folder.glob("shard-*.jsonl")) if (folder / "done").exists() else []
    if not paths:
        paths = corpus.write_corpus(args.n, folder)
        (folder / "done").write_text("")
    built = round(time.perf_counter() - t0, 1)
    print(f"corpus: {args.n} articles in {len(paths)} JSON lines files ({built} s)", file=sys.stderr)
    shards = [str(p) for p in paths]

    ref_n = min(args.n, args.ref_n)
    ref = measure("reference", *shards, "--limit", str(ref_n))
    print(f"reference (spaCy {', '.join(ref['pipes'])}): {ref['docs_per_s']} docs/s, "
          f"{ref['docs_per_cpu_s']} per CPU-second", file=sys.stderr)

    runs = []
    for w in workers:
        db = args.work / f"bench-{args.n}-w{w}.db"
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        run = measure("pipeline", *shards, "--db", str(db), "--workers", str(w), "--batch-size", str(args.batch_size))
        run["ratio"] = round(float(run["docs_per_s"]) / float(ref["docs_per_s"]), 2)
        run["cpu_ratio"] = round(float(run["docs_per_cpu_s"]) / float(ref["docs_per_cpu_s"]), 2)
        run["db_mb"] = round(db.stat().st_size / 2**20)
        runs.append(run)
        print(f"dateline, {w} worker(s): {run['docs_per_s']} docs/s ({run['ratio']}x; per CPU-second "
              f"{run['docs_per_cpu_s']}, {run['cpu_ratio']}x), "
              f"peak RSS {run['peak_rss_mb']} MB, stages {run['stage_seconds']}", file=sys.stderr)

    clu = measure("cluster", "--events", str(args.events))
    print(f"clustering: {clu['reports']} reports -> {clu['events']} events in {clu['seconds']} s", file=sys.stderr)

    report = {"n": args.n, "reference": ref, "pipeline": runs, "cluster": clu,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_avg_at_end": os.getloadavg()},
              "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    best = max(runs, key=lambda r: float(r["docs_per_s"]))
    print(f"bench n={args.n}: reference {ref['docs_per_s']} docs/s; dateline "
          + "; ".join(f"{r['workers']}w {r['docs_per_s']} docs/s ({r['ratio']}x wall, {r['cpu_ratio']}x per CPU-s, "
                      f"{r['peak_rss_mb']} MB)" for r in runs)
          + f"; best ratio {best['ratio']}x; clustering {clu['reports']:,} reports in {clu['seconds']} s")


if __name__ == "__main__":
    main()
