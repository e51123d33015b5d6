"""One measurement per process, so that each one's memory and model loads are its own.

``python -m bench.measure reference|pipeline|cluster ...`` prints one JSON object.
``bench/run.py`` starts these and watches their resident memory from outside.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the workers): unlike
    wall time, it does not depend on what else the machine is running."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def reference(paths: list[Path], limit: int, read: str = "jsonl") -> dict[str, object]:
    """spaCy's whole small English pipeline alone, ``nlp.pipe`` (its default batch size)
    over the raw texts in one process: the rate any pipeline built on it is compared with.
    ``read="ingest"`` takes the texts as Dateline's ingest reads them (real corpora such as
    Timeline17, whose tokenized text it reads back as prose), ``"jsonl"`` the ``text``
    field of the synthetic corpus's JSON lines."""
    import spacy

    from dateline.nlp import MODEL

    nlp = spacy.load(MODEL)
    stream = corpus.ingested_texts(paths) if read == "ingest" else corpus.texts(paths)
    texts = list(itertools.islice(stream, limit))
    start, cpu = time.perf_counter(), cpu_seconds()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    return {"docs": len(texts), "tokens": tokens, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "docs_per_s": round(len(texts) / seconds, 2), "docs_per_cpu_s": round(len(texts) / cpu, 2),
            "pipes": nlp.pipe_names}


def pipeline(paths: list[Path], db: Path, workers: int, batch_size: int, *, limit: int | None = None,
             published_from_path: bool = False) -> dict[str, object]:
    """The whole Dateline run (ingest to merged events in SQLite), as ``dateline run``;
    ``limit`` keeps the first files of ``paths`` (chosen before the clock starts)."""
    from dateline.pipeline import process

    if limit is not None:
        paths = corpus.first_files(paths, limit)
    start, cpu = time.perf_counter(), cpu_seconds()
    summary = process(paths, db, workers=workers, batch_size=batch_size, published_from_path=published_from_path)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    docs = summary.inputs
    return {"docs": docs, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "docs_per_s": round(docs / seconds, 2), "docs_per_cpu_s": round(docs / cpu, 2),
            "workers": workers, "new_articles": summary.new_articles, "duplicates": summary.duplicates,
            "skipped": len(summary.skipped), "events": summary.events,
            "stage_seconds": {k: round(v, 2) for k, v in summary.stage_seconds.items()}}


def synthetic_events(n: int, seed: int = 5) -> list:
    """``n`` event reports over a few thousand dyads and ten years, told by one to four
    outlets on nearby days, one in five dated only to a range."""
    from dateline.model import Event, EventDate, Mention, Participant

    rng = random.Random(seed)
    dyads = [(f"Person {i}", f"Person {i + 1}") for i in range(0, 6000, 2)]
    # people of 40 countries, as the knowledge base resolves them: a role and a country each
    country = {f"Person {i}": f"C{i % 40:02d}" for i in range(6001)}
    types = ("CONSULT", "ACCUSE", "AID", "SANCTION", "THREATEN")
    base = dt.date(2015, 1, 1)
    out: list[Event] = []
    while len(out) < n:
        a, b = rng.choice(dyads)
        etype = rng.choice(types)
        day = base + dt.timedelta(days=rng.randrange(3650))
        for k in range(rng.choice((1, 1, 2, 3, 4))):
            d = day + dt.timedelta(days=rng.choice((0, 0, 0, 1)))
            date = EventDate.day(d) if rng.random() < 0.8 else EventDate.span(d - dt.timedelta(days=6), d)
            parts = (Participant(a, "Minister", country[a], "GOV", "both"),
                     Participant(b, "Minister", country[b], "GOV", "both"))
            mention = Mention(f"art{len(out)}", f"{a} and {b} spoke ({k}).", f"Outlet {k}")
            out.append(Event(event_id=f"ev{len(out)}", type=etype, mode="phone", participants=parts, date=date,
                             mentions=(mention,), sources=(f"Outlet {k}",)))
    return out[:n]


def cluster(n: int) -> dict[str, object]:
    """Same-event merging of ``n`` synthetic reports (blocking by countries, type and
    status, then a sweep by date inside each block)."""
    from dateline.identity import merge_events

    reports = synthetic_events(n)
    start = time.perf_counter()
    merged = merge_events(reports)
    seconds = time.perf_counter() - start
    return {"reports": n, "events": len(merged), "seconds": round(seconds, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("what", choices=("reference", "pipeline", "cluster"))
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--limit", type=int, help="reference: texts to parse; pipeline: first files of PATHS to run")
    ap.add_argument("--read", choices=("jsonl", "ingest"), default="jsonl", help="how the reference reads PATHS")
    ap.add_argument("--published-from-path", action="store_true")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--events", type=int, default=100_000)
    args = ap.parse_args()
    if args.what == "reference":
        result = reference(args.paths, args.limit if args.limit is not None else 10**9, args.read)
    elif args.what == "pipeline":
        result = pipeline(args.paths, args.db, args.workers, args.batch_size, limit=args.limit,
                          published_from_path=args.published_from_path)
    else:
        result = cluster(args.events)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
