"""Whole-pipeline figures on gold sets, with floors that only go down on purpose."""
import json
import os
import subprocess
import sys

import pytest

from dateline.evaluate import evaluate_dir
from conftest import ROOT, shared_or_skip

pytestmark = pytest.mark.slow

SEEDS = ROOT / "examples" / "seeds"
SEEDS_GOLD = ROOT / "examples" / "seeds-expected.json"
DEV = ROOT / "tests" / "data" / "dev"
GOLDEN = ROOT / "tests" / "data" / "golden" / "seeds_events.jsonl"

SEED_FLOORS = {"main_recall": 1.0, "date_acc": 1.0, "cluster": 1.0, "clean": 1.0, "meta": 0.9, "precision": 0.8}
# precision 0.78 -> 0.72 on 2026-12-03, on purpose: the arms-and-aid triggers (real web articles:
# "Germany will send 14 Leopard tanks") find true AID events in our articles that their gold,
# written before, does not key ("Iran has shipped ballistic missiles to Russia").
DEV_FLOORS = {"main_recall": 0.75, "date_acc": 0.62, "precision": 0.72, "clean": 0.98, "meta": 0.95, "cluster": 0.5}


@pytest.fixture(scope="module")
def seeds_result():
    return evaluate_dir(SEEDS_GOLD, SEEDS)


@pytest.mark.parametrize("figure", sorted(SEED_FLOORS))
def test_seed_figures_meet_their_floor(seeds_result, figure):
    assert seeds_result.figures[figure] >= SEED_FLOORS[figure], seeds_result.details


def test_dev_set_figures_meet_their_floors():
    result = evaluate_dir(DEV / "expected.json", DEV)
    low = {k: (result.figures[k], v) for k, v in DEV_FLOORS.items() if result.figures[k] < v}
    assert not low, (low, result.details)


def _events_jsonl(tmp_path):
    from dateline import pipeline, query
    from dateline.store import Store

    pipeline.process([SEEDS], tmp_path / "g.db")
    store = Store(tmp_path / "g.db", readonly=True)
    return [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in query.events(store)]


def test_seed_events_equal_the_golden_output(tmp_path):
    """The full event output on the seeds; regenerate with DATELINE_REGEN=1 after a deliberate change."""
    got = _events_jsonl(tmp_path)
    if os.environ.get("DATELINE_REGEN"):
        GOLDEN.write_text("\n".join(got) + "\n")
    assert got == GOLDEN.read_text().splitlines()


def test_the_shared_scorer_agrees(tmp_path):
    score = shared_or_skip("tools", "score.py")
    if not (ROOT / ".venv" / "bin" / "dateline").exists():
        pytest.skip("the shared scorer runs the CLI from .venv")
    res = subprocess.run([sys.executable, str(score), str(SEEDS_GOLD), str(SEEDS), "--project", str(ROOT),
                          "--min-main-recall", "1", "--min-date-acc", "1", "--min-cluster", "1", "--min-clean", "1",
                          "--min-meta", "0.9", "--min-precision", "0.6"], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
