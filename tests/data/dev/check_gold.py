"""Consistency checks for the development set's gold (run by hand after editing expected.json).

usage: .venv/bin/python tests/data/dev/check_gold.py

Why: the gold is hand-written, and a wrong weekday, a date outside an official's
tenure, a boilerplate line that also occurs in the body, or two gold events that one
correct prediction would both match (the scorer then counts a merge) would make the
dev set punish correct output. Not a pytest file on purpose: it is about the data.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCORE = Path("/work/shared/tools/score.py")
TAXONOMY = set("""counterterrorism afghanistan regional-security defense-cooperation military-equipment
trade-investment tariffs economy imf energy minerals climate health education women-empowerment human-rights
russia-ukraine middle-east india-pakistan china migration elections nuclear other""".split())
TYPES = set("""AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION
MOBILIZE COERCE ASSAULT OTHER""".split())
OPEN = "9999-12-31"
# person -> (country, [(start, end), ...]) for the role the articles give them (facts, checked by hand)
TENURES = {
    "Subrahmanyam Jaishankar": ("IND", [("2019-05-30", OPEN)]),
    "Wang Yi": ("CHN", [("2013-03-16", "2022-12-30"), ("2023-07-25", OPEN)]),
    "Antony Blinken": ("USA", [("2021-01-26", "2025-01-20")]),
    "David Lammy": ("GBR", [("2024-07-05", "2025-09-05")]),
    "Faisal bin Farhan": ("SAU", [("2019-10-23", OPEN)]),
    "Abbas Araghchi": ("IRN", [("2024-08-21", OPEN)]),
    "Masoud Pezeshkian": ("IRN", [("2024-07-28", OPEN)]),
    "Ishaq Dar": ("PAK", [("2024-03-11", OPEN)]),
    "Anneliese Dodds": ("GBR", [("2024-07-08", "2025-02-28")]),
    "Recep Tayyip Erdogan": ("TUR", [("2014-08-28", OPEN)]),
    "Vladimir Putin": ("RUS", [("2012-05-07", OPEN)]),
    "Xi Jinping": ("CHN", [("2013-03-14", OPEN)]),
    "Amir Khan Muttaqi": ("AFG", [("2021-09-07", OPEN)]),
    "Mohammed bin Abdulrahman Al Thani": ("QAT", [("2023-03-07", OPEN)]),
    "Gina Raimondo": ("USA", [("2021-03-03", "2025-01-20")]),
    "Jake Sullivan": ("USA", [("2021-01-20", "2025-01-20")]),
    "António Guterres": ("IGO", [("2017-01-01", OPEN)]),
    "Donald Trump": ("USA", [("2017-01-20", "2021-01-20"), ("2025-01-20", OPEN)]),
    "Ali Khamenei": ("IRN", [("1989-06-04", OPEN)]),
    "Scott Bessent": ("USA", [("2025-01-28", OPEN)]),
    "Yulia Svyrydenko": ("UKR", [("2021-11-04", "2025-07-17")]),
    "Volodymyr Zelensky": ("UKR", [("2019-05-20", OPEN)]),
    "Rajnath Singh": ("IND", [("2019-05-31", OPEN)]),
    "Lloyd Austin": ("USA", [("2021-01-22", "2025-01-20")]),
    "Hakan Fidan": ("TUR", [("2023-06-04", OPEN)]),
    "Dmytro Kuleba": ("UKR", [("2020-03-04", "2024-09-05")]),
    "Randhir Jaiswal": ("IND", [("2024-01-01", OPEN)]),
    "Muhammad Aurangzeb": ("PAK", [("2024-03-11", OPEN)]),
    "Kristalina Georgieva": ("IGO", [("2019-10-01", OPEN)]),
    "He Lifeng": ("CHN", [("2023-03-12", OPEN)]),
    "Janet Yellen": ("USA", [("2021-01-26", "2025-01-20")]),
    "Marco Rubio": ("USA", [("2025-01-21", OPEN)]),
    "Asim Munir": ("PAK", [("2022-11-29", OPEN)]),
}
COLLECTIVES = {"Pakistan": "PAK", "Afghanistan": "AFG", "India": "IND", "China": "CHN", "United States": "USA",
               "Iran": "IRN", "Israel": "ISR", "Russia": "RUS", "Ukraine": "UKR", "Saudi Arabia": "SAU", "Qatar": "QAT",
               "Sri Lanka": "LKA", "United Kingdom": "GBR", "France": "FRA", "Germany": "DEU",
               "Tehreek-e-Taliban Pakistan": "PAK", "European Commission": "EU", "European Union": "EU",
               "International Monetary Fund": "IGO", "United Nations": "IGO"}


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def span(ev: dict) -> tuple[dt.date, dt.date]:
    if ev.get("date"):
        d, tol = day(ev["date"]), dt.timedelta(days=ev.get("tolerance_days", 0))
        return d - tol, d + tol
    return day(ev["date_range"][0]), day(ev["date_range"][1])


def check_event(doc: str, ev: dict) -> list[str]:
    """Fields, taxonomy, weekday and tenure checks for one gold event."""
    errs = []
    if ev["type"] not in TYPES:
        errs.append(f"{doc} {ev['key']}: type {ev['type']}")
    errs += [f"{doc} {ev['key']}: topic {t}" for t in ev["topics"] if t not in TAXONOMY]
    if ("date" in ev) == ("date_range" in ev):
        errs.append(f"{doc} {ev['key']}: needs exactly one of date / date_range")
    wd = ev.get("weekday")
    if wd and ev.get("date") and day(ev["date"]).strftime("%A") != wd:
        errs.append(f"{doc} {ev['key']}: {ev['date']} is not a {wd}")
    if wd and ev.get("date_range") and any(day(x).strftime("%A") != wd for x in ev["date_range"]):
        errs.append(f"{doc} {ev['key']}: range ends are not {wd}s")
    lo, hi = span(ev)
    for name in ev["participants"]:
        if name in COLLECTIVES:
            continue
        if name not in TENURES:
            errs.append(f"{doc} {ev['key']}: no tenure for {name}")
            continue
        if not any(day(a) <= lo and hi <= day(b) for a, b in TENURES[name][1]):
            errs.append(f"{doc} {ev['key']}: {lo}..{hi} outside the tenure of {name}")
    return errs


def check_text(d: dict, text: str, norm) -> list[str]:
    """Boilerplate lines must be lines of the file and absent from the rest; kept phrases present."""
    errs = []
    lines = [l.strip() for l in text.splitlines()]
    drop = set(d.get("boilerplate_lines", []))
    body = norm("\n".join(l for l in lines if l not in drop and not l.startswith("date ")))
    for b in d.get("boilerplate_lines", []):
        if b not in lines and not any(l.startswith("date ") and l.endswith(b) for l in lines):
            errs.append(f"{d['doc']}: boilerplate line not in file: {b!r}")
        elif norm(b) in body:
            errs.append(f"{d['doc']}: boilerplate also occurs in the body: {b!r}")
    for p in d.get("must_drop_phrases", []):
        if norm(p) not in norm(text):
            errs.append(f"{d['doc']}: must_drop phrase not in file: {p!r}")
    for p in d.get("must_keep_phrases", []):
        if norm(p) not in body:
            errs.append(f"{d['doc']}: must_keep phrase not in body: {p!r}")
    words = len(text.split())
    if not 150 <= words <= 600:
        errs.append(f"{d['doc']}: {words} words")
    for field in ("title", "dateline", "author", "outlet"):
        val = d.get(field)
        if val and field != "outlet" and norm(val) not in norm(text):
            errs.append(f"{d['doc']}: {field} {val!r} not in the text")
    return errs


def as_prediction(ev: dict) -> dict:
    """A perfect prediction of one gold event, in the contract's shape."""
    parts = [{"name": n, "country": (TENURES.get(n) or (COLLECTIVES.get(n),))[0]} for n in ev["participants"]]
    lo, hi = span(ev) if ev.get("date_range") else (day(ev["date"]), day(ev["date"]))
    return {"participants": parts, "date": {"start": lo.isoformat(), "end": hi.isoformat()}}


def check_merges(d: dict, score) -> list[str]:
    """A perfect prediction of one event must match no other gold event of the same article."""
    errs = []
    for ev in d.get("events", []):
        hits = [o["key"] for o in d["events"] if score.event_matches(o, as_prediction(ev))]
        if hits != [ev["key"]]:
            errs.append(f"{d['doc']}: a perfect {ev['key']} would match {hits}")
    return errs


def main() -> int:
    score = load_scorer()
    gold = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    errs, keys = [], {}
    docs = {d["doc"] for d in gold["documents"]}
    errs += [f"no gold for {p.name}" for p in HERE.glob("*.txt") if p.name not in docs]
    for d in gold["documents"]:
        text = (HERE / d["doc"]).read_text(encoding="utf-8")
        errs += check_text(d, text, score.norm)
        errs += check_merges(d, score)
        mains = [e for e in d["events"] if e.get("main")]
        if len(mains) != (1 if d["events"] else 0):
            errs.append(f"{d['doc']}: {len(mains)} main events")
        for ev in d["events"]:
            errs += check_event(d["doc"], ev)
            keys.setdefault(ev["key"], set()).add(d["doc"])
    multi = sorted(tuple(sorted(v)) for v in keys.values() if len(v) > 1)
    listed = {tuple(sorted(c)) for c in gold["clusters"]}
    errs += [f"shared key across {m} not in clusters" for m in multi if m not in listed]
    print("\n".join(errs) or f"ok: {len(docs)} documents, {len(keys)} events, {len(multi)} shared events")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
