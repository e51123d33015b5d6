"""Scoring Dateline against a gold file (the form of ``examples/seeds-expected.json``).

The figures follow the contract's "How output is judged": event recall on the gold's
main events, precision over predicted events from the gold's documents, date
accuracy (a day where the gold pins one, a range mostly inside the gold range where
it does not), clustering (each multi-report event in one line, no line mixing two),
cleaning (gold boilerplate gone, gold sentences kept) and metadata.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Article, Event


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def _day(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s[:10]) if s else None


@dataclass
class Result:
    figures: dict[str, float | int] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GoldEvent:
    key: str
    main: bool
    names: tuple[str, ...]
    lo: dt.date | None
    hi: dt.date | None
    exact: bool  # the gold pins a day (within tolerance)
    docs: frozenset[str]
    accept: tuple[dt.date, dt.date] | None = None


def load_gold(path: Path) -> list[dict[str, Any]]:
    text = path.read_text()
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return list(json.loads(text)["documents"])


def gold_events(docs: Sequence[dict[str, Any]]) -> dict[str, GoldEvent]:
    found: dict[str, GoldEvent] = {}
    for d in docs:
        for ev in d.get("events", []):
            prev = found.get(ev["key"])
            lo, hi, exact = _gold_range(ev)
            acc = ev.get("acceptable_date_range")
            found[ev["key"]] = GoldEvent(
                ev["key"], bool(ev.get("main")), tuple(ev.get("participants", [])), lo, hi, exact,
                (prev.docs if prev else frozenset()) | {d["doc"]},
                (_day(acc[0]), _day(acc[1])) if acc else None,  # type: ignore[arg-type]
            )
    return found


def _gold_range(ev: dict[str, Any]) -> tuple[dt.date | None, dt.date | None, bool]:
    if ev.get("date"):
        d = _day(ev["date"])
        tol = dt.timedelta(days=int(ev.get("tolerance_days", 0)))
        return d - tol, d + tol, True  # type: ignore[operator]
    lo, hi = ev.get("date_range") or (None, None)
    return _day(lo), _day(hi), False


def names_match(gold: Sequence[str], parts: Sequence[dict[str, Any]], countries: dict[str, str]) -> bool:
    """At least two gold participants (or all, if fewer) are among the predicted ones: a
    person by surname, an organisation by its words or acronym, a country by name or by
    a predicted participant of that country who is not one of the gold persons."""
    pred_names = [_norm(p.get("name")) for p in parts]
    words = set(" ".join(pred_names).split())
    gold_people = {w for g in gold if _norm(g) not in countries for w in _norm(g).split()}
    hits = 0
    for g in gold:
        ng = _norm(g)
        if ng in countries:
            hits += any(n == ng for n in pred_names) or any(
                p.get("country") == countries[ng] and not set(_norm(p.get("name")).split()) & gold_people for p in parts)
        else:
            toks = ng.split()
            acro = "".join(t[0] for t in toks if t not in {"of", "the", "and", "for"})
            key = toks[-1:] if len(toks) <= 4 else toks
            hits += all(t in words for t in key) or any(ng in n for n in pred_names) or \
                (len(toks) >= 2 and acro in words)
    return hits >= min(2, len(gold))


def date_ok(g: GoldEvent, ev: dict[str, Any]) -> bool:
    lo, hi = _day(ev["date"]["start"]), _day(ev["date"]["end"])
    if lo is None or hi is None or g.lo is None or g.hi is None:
        return False
    if g.exact:
        return lo == hi and g.lo <= lo <= g.hi
    if g.lo == g.hi:
        return lo == hi == g.lo
    if lo == hi:
        return False
    inside = (min(hi, g.hi) - max(lo, g.lo)).days + 1
    return inside >= 0.5 * ((hi - lo).days + 1)


def _overlap(g: GoldEvent, ev: dict[str, Any]) -> bool:
    if g.lo is None:
        return True
    lo, hi = _day(ev["date"]["start"]), _day(ev["date"]["end"])
    glo, ghi = g.lo, g.hi
    if g.accept:
        glo, ghi = min(glo, g.accept[0]), max(ghi, g.accept[1])  # type: ignore[type-var]
    return bool(lo and hi and ghi and lo <= ghi and glo <= hi)


COUNTRY_NAMES = {"united states": "USA", "pakistan": "PAK", "india": "IND", "china": "CHN", "afghanistan": "AFG",
                 "saudi arabia": "SAU", "russia": "RUS", "iran": "IRN", "ukraine": "UKR", "united kingdom": "GBR",
                 "turkey": "TUR", "qatar": "QAT", "united arab emirates": "ARE", "israel": "ISR"}


def score(docs: Sequence[dict[str, Any]], articles: Sequence[Article], events: Sequence[Event]) -> Result:
    res = Result()
    doc_of = {a.article_id: Path(a.path.split("#")[0]).name for a in articles}
    twins: dict[str, set[str]] = {}
    for a in articles:
        if a.duplicate_of:
            twins.setdefault(a.duplicate_of, set()).add(doc_of[a.article_id])
    gold = gold_events(docs)
    evs = [e.to_dict() for e in events]

    def docs_of(ev: dict[str, Any]) -> set[str]:
        out: set[str] = set()
        for m in ev["mentions"]:
            out |= {doc_of.get(m["article_id"], "")} | twins.get(m["article_id"], set())
        return out - {""}

    in_scope = [(ev, docs_of(ev)) for ev in evs if docs_of(ev)]
    hits = [[k for k, g in gold.items() if g.docs & ds and names_match(g.names, ev["participants"], COUNTRY_NAMES)
             and _overlap(g, ev)] for ev, ds in in_scope]
    matched: dict[str, list[dict[str, Any]]] = {}
    for (ev, _), ks in zip(in_scope, hits):
        for k in ks:
            matched.setdefault(k, []).append(ev)
    mains = [k for k, g in gold.items() if g.main]
    f = res.figures
    f["main_recall"] = round(sum(k in matched for k in mains) / len(mains), 3) if mains else 0.0
    f["all_recall"] = round(len(matched) / len(gold), 3) if gold else 0.0
    f["precision"] = round(sum(bool(h) for h in hits) / len(hits), 3) if hits else 0.0
    f["date_acc"] = round(sum(any(date_ok(gold[k], ev) for ev in matched.get(k, [])) for k in mains) / len(mains), 3) \
        if mains else 0.0
    f["cluster"] = _cluster(gold, matched, hits, docs_of)
    f["clean"], f["meta"] = _clean_and_meta(docs, articles)
    res.details = _details(gold, mains, matched, in_scope, hits)
    return res


def _cluster(gold: dict[str, GoldEvent], matched: dict[str, list[dict[str, Any]]], hits: list[list[str]],
             docs_of: Any) -> float:
    multi = [k for k, g in gold.items() if len(g.docs) >= 2]
    ok = sum(any(gold[k].docs <= docs_of(ev) for ev in matched.get(k, [])) for k in multi)
    value = ok / len(multi) if multi else 1.0
    merges = sum(len(set(h)) >= 2 for h in hits)
    return round(value * max(0.0, 1 - merges / max(1, len(hits))), 3)


def _clean_and_meta(docs: Sequence[dict[str, Any]], articles: Sequence[Article]) -> tuple[float, float]:
    by_doc = {Path(a.path.split("#")[0]).name: a for a in articles}
    checks = ok = mchecks = mok = 0
    for d in docs:
        a = by_doc.get(d["doc"])
        text = _norm(a.text if a else "")
        for line in d.get("boilerplate_lines", []) + d.get("must_drop_phrases", []):
            checks, ok = checks + 1, ok + (a is not None and _norm(line) not in text)
        for line in d.get("must_keep_phrases", []):
            checks, ok = checks + 1, ok + (a is not None and _norm(line) in text)
        for gk, value in (("title", a.title if a else None), ("outlet", a.outlet if a else None),
                          ("pub_date", a.published if a else None)):
            if gk in d:
                mchecks, mok = mchecks + 1, mok + _meta_ok(gk, d[gk], value)
    return (round(ok / checks, 3) if checks else 1.0), (round(mok / mchecks, 3) if mchecks else 1.0)


def _meta_ok(field_name: str, gold: str | None, got: str | None) -> bool:
    if gold is None:
        return not got
    if field_name == "pub_date":
        return (got or "")[:10] == gold
    g, p = _norm(gold), _norm(got)
    return g == p or (len(g) > 3 and g in p and len(p) <= len(g) + 12)


def _details(gold: dict[str, GoldEvent], mains: list[str], matched: dict[str, list[dict[str, Any]]],
             in_scope: list[tuple[dict[str, Any], set[str]]], hits: list[list[str]]) -> list[str]:
    out = [("HIT  " if k in matched else "MISS ") + k for k in sorted(mains)]
    for k in sorted(mains):
        for ev in matched.get(k, [])[:1]:
            out.append(("DATE ok  " if date_ok(gold[k], ev) else "DATE bad ") + f"{k} {json.dumps(ev['date'])}")
    for (ev, _), h in zip(in_scope, hits):
        if not h:
            names = ", ".join(p["name"] for p in ev["participants"])
            out.append(f"FP   {ev['type']}/{ev['mode']} {ev['date']['start']}..{ev['date']['end']} {names}")
    return out


def evaluate_dir(gold_path: Path, docs_dir: Path, *, taxonomy: Path | None = None,
                 kb_dir: Path | None = None) -> Result:
    """Run the whole pipeline on the gold's documents in a scratch database and score it
    (with a user's taxonomy and knowledge base, to see what a change of them does)."""
    from . import pipeline, query
    from .store import Store

    docs = [d for d in load_gold(gold_path) if (docs_dir / d["doc"]).exists()]
    work = Path(tempfile.mkdtemp(prefix="dateline-eval-"))
    try:
        inp = work / "in"
        inp.mkdir()
        for d in docs:
            shutil.copy(docs_dir / d["doc"], inp / d["doc"])
        pipeline.process([inp], work / "eval.db", taxonomy=taxonomy, kb_dir=kb_dir)
        store = Store(work / "eval.db", readonly=True)
        result = score(docs, list(query.articles(store)), list(query.events(store)))
        store.close()
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
