"""``make eval``: Dateline on the public gold sets, our figures beside the published anchors.

    python -m bench.eval.run [--data ../shared/benchmarks] [--only NAME ...] [--limit N]

Each set is read in place from the data folder (never copied into the project); a set
that is absent is skipped with a message. Results go to ``bench/results/eval.json``.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

from . import event_sets, html_sets, tempeval
from .common import GoldSet

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks"
ALL_SETS: tuple[GoldSet, ...] = (*event_sets.SETS, *tempeval.SETS, *html_sets.SETS)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    data = Path(args.data)
    chosen = [s for s in ALL_SETS if not args.only or s.name in args.only]
    results: dict[str, Any] = {}
    started = time.monotonic()
    for gold in chosen:
        results[gold.name] = _one(gold, data, args.limit)
    report = {"data": str(data), "limit": args.limit, "seconds": round(time.monotonic() - started, 1),
              "python": platform.python_version(), "sets": results}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nall sets: {report['seconds']} s; written to {out}")
    return 0


def _one(gold: GoldSet, data: Path, limit: int | None) -> dict[str, Any]:
    """Run one set, or record why it was skipped; print ours beside the anchors."""
    folder = data / gold.folder
    if not folder.is_dir():
        print(f"\n== {gold.name}: skipped, {folder} is absent")
        return {"skipped": f"{folder} is absent"}
    print(f"\n== {gold.name} ({folder})", flush=True)
    start = time.monotonic()
    ours = gold.run(folder, limit)
    seconds = round(time.monotonic() - start, 1)
    print(f"   ours    : {json.dumps(ours, ensure_ascii=False)}")
    print(f"   anchors : {json.dumps(gold.anchors, ensure_ascii=False)}")
    print(f"   {seconds} s", flush=True)
    return {"ours": ours, "anchors": gold.anchors, "seconds": seconds}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.eval.run", description=__doc__.split("\n")[0])
    p.add_argument("--data", default=str(DEFAULT_DATA), help="folder holding the gold sets (default ../shared/benchmarks)")
    p.add_argument("--only", nargs="*", default=[], help=f"set names: {', '.join(s.name for s in ALL_SETS)}")
    p.add_argument("--limit", type=int, default=None, help="score only the first N items of each set (a quick look)")
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "eval.json"), help="where the JSON goes")
    return p


if __name__ == "__main__":
    sys.exit(main())
