"""Event coding: the PLOVER gold standard records and PETRARCH-2's unit-test records.

Every sentence goes through ``dateline.extract`` (the whole article path: cleaning,
parsing, actors, triggers) as a one-sentence article published on the record's date.
The first event of highest confidence is the sentence's coding.
"""
from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dateline
from dateline.model import Event, Participant

from .common import GoldSet, limited, progress

# PLOVER 0.5b1 names and their PLOVER 2.0 types (PLOVER manual's CAMEO table).
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# CAMEO country codes the GSR kept where ISO-3166 differs.
CAMEO_COUNTRIES = {"JAP": "JPN", "VTN": "VNM"}
SOURCE_SIDES, TARGET_SIDES = ("source", "both"), ("target", "both")


def primary(events: Sequence[Event]) -> Event | None:
    """The sentence's coding: the most confident event, the first among equals."""
    return max(reversed(list(events)), key=lambda e: e.confidence, default=None)


def actor_matches(code: str, p: Participant) -> bool:
    """A gold actor code against a participant: an ISO-3 country, or the generic IGO/NGO."""
    code = CAMEO_COUNTRIES.get(code, code)
    if code in ("IGO", "NGO"):
        return (p.sector or "") == code
    return p.country == code


def _actors(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = record.get(key)
    return [a for a in value if a.get("code")] if isinstance(value, list) else []


def _gsr_sentence(record: dict[str, Any], ev: Event | None) -> Counter[str]:
    """Counts for one record: type right, and per gold actor, country and sector right."""
    c: Counter[str] = Counter(sentences=1)
    gold_type = OLD_TYPES.get(record["event"], record["event"])
    c["type"] += bool(ev and ev.type == gold_type)
    c["found"] += ev is not None
    for key, sides in (("source", SOURCE_SIDES), ("target", TARGET_SIDES)):
        for actor in _actors(record, key):
            hits = [p for p in (ev.participants if ev else ()) if p.side in sides and actor_matches(actor["code"], p)]
            c["actors"] += 1
            c["country"] += bool(hits)
            sector = (actor.get("sector") or "")[:3].upper()
            if sector and sector != "***":
                c["sectors"] += 1
                c["sector"] += any(_same_sector(sector, p.sector) for p in hits)
    return c


def _same_sector(gold: str, ours: str | None) -> bool:
    civil = {"CVL", "CIV"}
    return (ours or "")[:3].upper() == gold or ({gold, (ours or "")[:3].upper()} <= civil)


def run_plover(folder: Path, limit: int | None) -> dict[str, Any]:
    """Event type accuracy (no event counts as wrong), actor country and sector recall."""
    records = [r for r in json.loads((folder / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
               if r.get("event") and r.get("text")]
    total: Counter[str] = Counter()
    confusion: Counter[str] = Counter()
    for r in progress("plover-gsr", limited(records, limit)):
        ev = primary(dateline.extract(r["text"], published=r.get("date") or None))
        total += _gsr_sentence(r, ev)
        confusion[f"{OLD_TYPES.get(r['event'], r['event'])}->{ev.type if ev else 'none'}"] += 1
    n = total["sentences"]
    return {"sentences": n, "event_type": round(total["type"] / n, 4), "with_event": round(total["found"] / n, 4),
            "type_when_found": round(total["type"] / total["found"], 4) if total["found"] else 0.0,
            "actor_country": round(total["country"] / total["actors"], 4) if total["actors"] else 0.0,
            "actor_sector": round(total["sector"] / total["sectors"], 4) if total["sectors"] else 0.0,
            "confusion_top": dict(confusion.most_common(25))}


_RECORD = re.compile(r'<Sentence\s([^>]*)>(.*?)</Sentence>', re.S)
_ATTRS = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\s([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
PETRARCH_CATEGORIES = ("DATE", "COMPOUND")


def petrarch_records(xml: str, categories: Sequence[str]) -> list[dict[str, Any]]:
    """Records of the chosen categories: id, ISO date, text, expected (source, target) codes.
    Codings with an unidentified actor ("---", "###": PETRARCH's "someone") are left out."""
    out = []
    for attrs, body in _RECORD.findall(xml):
        a = dict(_ATTRS.findall(attrs))
        text = _TEXT.search(body)
        if a.get("category") not in categories or not text:
            continue
        pairs = {(c["sourcecode"], c["targetcode"]) for c in map(lambda x: dict(_ATTRS.findall(x)), _CODING.findall(body))}
        pairs = {p for p in pairs if not any(code[:3] in ("---", "###") for code in p)}
        d = a.get("date", "")
        out.append({"id": a.get("id"), "date": f"{d[:4]}-{d[4:6]}-{d[6:8]}", "text": " ".join(text.group(1).split()),
                    "pairs": sorted(pairs)})
    return out


def code_matches(code: str, p: Participant) -> bool:
    """A PETRARCH code (country, then an optional sector) against a participant."""
    return p.country == code[:3] and (len(code) == 3 or (p.sector or "") == code[3:])


def coded_pairs(events: Sequence[Event]) -> list[tuple[Participant, Participant]]:
    """Every directed (source, target) pair the events state; a symmetric event pairs all
    its parties both ways, as PETRARCH codes a compound actor as several dyads."""
    out = []
    for ev in events:
        src = [p for p in ev.participants if p.side in SOURCE_SIDES]
        tgt = [p for p in ev.participants if p.side in TARGET_SIDES]
        out += [(a, b) for a in src for b in tgt if a is not b]
    return out


def run_petrarch(folder: Path, limit: int | None) -> dict[str, Any]:
    """Share of expected (source, target) pairs of the DATE and COMPOUND records that
    Dateline codes, with the validation actors loaded by ``kb import --format petrarch``."""
    from dateline import events as events_mod
    from dateline.actors import kb as kbmod
    from dateline.actors import petrarch
    from dateline.model import RawDoc
    from dateline.pipeline import build_article

    with tempfile.TemporaryDirectory() as tmp:
        t = petrarch.import_file(folder / "PETR.Validate.actors.txt")
        kbmod.save_tables(Path(tmp), countries=t.countries, orgs=t.orgs, people=t.people, roles=t.roles)
        kb = kbmod.KB.load(Path(tmp))
    records = limited(petrarch_records((folder / "PETR.UnitTest.records.xml").read_text(encoding="utf-8"),
                                       PETRARCH_CATEGORIES), limit)
    by_cat: dict[str, Counter[str]] = {}
    for r in progress("petrarch-unittests", records):
        art = build_article(RawDoc(path=r["id"], text=r["text"], kind="text", published=r["date"]))
        pairs = coded_pairs(events_mod.extract_all([art], kb=kb)[art.article_id])
        c = by_cat.setdefault(r["id"].split("-")[0], Counter())
        c["expected"] += len(r["pairs"])
        c["found"] += sum(any(code_matches(s, a) and code_matches(g, b) for a, b in pairs) for s, g in r["pairs"])
    return {cat: {"expected_pairs": c["expected"], "found": c["found"],
                  "share": round(c["found"] / c["expected"], 4) if c["expected"] else 0.0} for cat, c in by_cat.items()}


SETS: tuple[GoldSet, ...] = (
    GoldSet("plover-gsr", "plover-gsr",
            {"machine coders vs human gold": "70-80%", "target": {"event_type": 0.85, "actor_country": 0.9}},
            run_plover),
    GoldSet("petrarch-unittests", "petrarch-unittests",
            {"PETRARCH-2 on its own suite": "passes", "target": {"DATE and COMPOUND pairs": 0.9}}, run_petrarch),
)
