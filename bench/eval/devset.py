"""The real-news development set (../shared/devset/) scored with the shared scorer.

    python bench/eval/devset.py [--shared DIR] [--texts DIR] [--json OUT] [--splits]

Each ``<name>_manifest.jsonl`` there lists real web articles with gold written by hand;
their texts are not distributed. They are retrieved once into ``.cache/devset/<name>/``
(ignored by git; never committed, never quoted in tests): for each manifest line, run its
``query`` in the search tool's ``pages`` corpus, take the result whose address is its
``url`` (at position ``rank``) and write its text exactly as returned (UTF-8, no added
newline) to ``.cache/devset/<name>/<doc>``. This script checks every text against its
``sha256``, then runs ``../shared/tools/score.py`` on each complete set and prints its
figures; a missing or incomplete set is reported with what to fetch, not scored.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def check(manifest: Path, texts: Path) -> tuple[list[str], list[str]]:
    """(missing docs, docs whose text does not match its sha256)."""
    missing, wrong = [], []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        path = texts / row["doc"]
        if not path.exists():
            missing.append(row["doc"])
        elif "sha256" in row and hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            wrong.append(row["doc"])
    return missing, wrong


def score(manifest: Path, texts: Path, scorer: Path) -> dict[str, float]:
    """The scorer's figures (its final ``SUMMARY`` line, parsed)."""
    out = subprocess.run([sys.executable, str(scorer), str(manifest), str(texts), "--project", str(ROOT)],
                         capture_output=True, text=True, check=False)
    summary = next((ln for ln in out.stdout.splitlines() if ln.startswith("SUMMARY")), "")
    if not summary:
        raise SystemExit(f"{scorer} printed no SUMMARY for {manifest.name}:\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    figures = dict(kv.split("=") for kv in summary.split()[1:] if "=" in kv)
    merges = next((ln.split(": ")[1] for ln in out.stdout.splitlines() if ln.startswith("merges:")), "0")
    return {k: float(v) for k, v in figures.items()} | {"merges": float(merges)}


def show_splits(manifest: Path, texts: Path, scorer: Path) -> None:
    """For each event several outlets reported, whether one predicted event holds all their
    articles, and if not, each article's predicted events (``*``: it matches the gold event):
    where identity, dating or extraction lost the cluster. Uses the scorer's own matching."""
    import importlib.util
    import os
    import tempfile

    spec = importlib.util.spec_from_file_location("devset_scorer", scorer)
    assert spec is not None and spec.loader is not None
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    gold = sc.load_gold(str(manifest))
    files = [d["doc"] for d in gold if (texts / d["doc"]).exists()]
    out = sc.run_project(sc.find_cli(str(ROOT)), str(texts), files, tempfile.mkdtemp(prefix="dl-splits-"))
    doc_of = {a["article_id"]: os.path.basename(str(a["path"])) for a in out["articles"]}
    docs = lambda ev: {doc_of.get(m["article_id"]) for m in ev.get("mentions", [])}  # noqa: E731
    keyed: dict[str, tuple[dict, set[str]]] = {}
    for d in gold:
        for ev in d.get("events", []):
            keyed.setdefault(ev["key"], (ev, set()))[1].add(d["doc"])
    for key, (gev, gdocs) in keyed.items():
        if len(gdocs) < 2:
            continue
        whole = any(gdocs <= docs(p) for p in out["events"] if sc.event_matches(gev, p))
        print(("OK    " if whole else "SPLIT ") + key)
        for doc in sorted(gdocs) if not whole else ():
            print(f"    {doc}")
            for p in (p for p in out["events"] if doc in docs(p)):
                d = p["date"]
                print(f"      {'*' if sc.event_matches(gev, p) else ' '} {p['type']} {p['mode']} {d['start']}..{d['end']} "
                      f"| {', '.join(x['name'] for x in p['participants'])} | with {sorted(docs(p) - {doc})}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--texts", type=Path, default=ROOT / ".cache" / "devset")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--splits", action="store_true",
                    help="also show, per event several outlets reported, where its reports ended up")
    a = ap.parse_args(argv)
    manifests = sorted((a.shared / "devset").glob("*_manifest.jsonl"))
    if not manifests:
        print(f"no development set at {a.shared / 'devset'} (only the developers' machines and CI have ../shared/)")
        return 0
    results: dict[str, dict[str, float]] = {}
    for manifest in manifests:
        name = manifest.name.removesuffix("_manifest.jsonl")
        texts = a.texts / name
        missing, wrong = check(manifest, texts)
        if missing or wrong:
            print(f"{name}: not scored: {len(missing)} texts missing, {len(wrong)} not matching their sha256 in {texts}")
            for doc in (missing + wrong)[:5]:
                print(f"  {doc}")
            print("  fill it as this script's docstring says (bench/eval/devset.py): the search tool's 'pages' "
                  "corpus, the manifest's query, the result at its url")
            continue
        results[name] = score(manifest, texts, a.shared / "tools" / "score.py")
        print(f"{name}: " + "  ".join(f"{k}={v:g}" for k, v in results[name].items()))
        if a.splits:
            show_splits(manifest, texts, a.shared / "tools" / "score.py")
    if a.json and results:
        a.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
