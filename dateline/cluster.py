"""Clustering: near-duplicate articles, and reports of one real-world event.

Two different questions, two mechanisms:

* ``NearDupIndex`` finds an article that was re-published with small edits (a new first
  line, a footer, a changed byline) using MinHash over word 5-shingles with LSH, so each
  new article costs one query, not a comparison with every stored article.
* ``merge_events`` folds event reports from several articles into one event. Reports are
  blocked by (participants, type, status) and compared only within a block, in date
  order, against the few clusters still open at that date: near-linear time.

The merge rule is conservative: a report joins a cluster only when exactly one
compatible cluster is on offer. A report that could belong to two different events
(a wide "in 2024" range beside two dated calls) stays on its own, because merging two
real events is worse than showing one event twice.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

from .model import Event, EventDate, Mention, Participant, content_id

SHINGLE = 5
MIN_WORDS = 30  # below this, shingles are too few for MinHash: exact hash only
WIDE_DAYS = 31  # a range longer than this ("in 2024") cannot pin an event by itself
WILDCARD_MODES = frozenset({"other", "statement"})
_SIG_MINHASH = b"M"
_SIG_EXACT = b"X"
_SCHEME = "affine32"  # datasketch's hash scheme, pinned so stored signatures stay comparable
_HASH_DTYPE = np.dtype("<u4")
_WORD = re.compile(r"\w+")


# ---------------------------------------------------------------- near-duplicate articles


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


class NearDupIndex:
    """MinHash/LSH (datasketch) over word 5-shingles of the cleaned text; threshold Jaccard ~0.8.

    Signatures are plain bytes so the store can keep them and a later run can rebuild
    the index without re-reading articles (``signature`` / ``add_signature``).
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        # Only the hash values (num_perm uint32, 512 bytes) are kept per article: a MinHash
        # object also carries its own permutation arrays, several times that, and the index
        # lives as long as the run.
        self._values: dict[str, bytes] = {}
        self._exact: dict[bytes, str] = {}
        self._order: dict[str, int] = {}

    def signature(self, text: str) -> bytes:
        """A MinHash signature, or for a very short text an exact hash of its words."""
        words = _words(text)
        if len(words) < MIN_WORDS:
            return _SIG_EXACT + hashlib.sha256(" ".join(words).encode("utf-8")).digest()
        mh = MinHash(num_perm=self.num_perm, scheme=_SCHEME)
        shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        mh.update_batch([s.encode("utf-8") for s in shingles])
        return _SIG_MINHASH + np.asarray(mh.hashvalues).astype(_HASH_DTYPE).tobytes()

    def add(self, article_id: str, text: str) -> str | None:
        """The id of an earlier near-identical article (or None); indexes this one.

        Re-adding a known id finds the same answer as the first time, so re-runs agree.
        """
        sig = self.signature(text)
        twin = self.find(article_id, sig)
        self.add_signature(article_id, sig)
        return twin

    def add_signature(self, article_id: str, sig: bytes) -> None:
        """Index a stored signature (from ``signature``) under ``article_id``."""
        if article_id in self._order:
            return
        kind, body = sig[:1], sig[1:]
        if kind == _SIG_EXACT:
            self._exact.setdefault(body, article_id)
        else:
            mh = self._minhash(body)
            self._lsh.insert(article_id, mh)
            self._values[article_id] = body
        self._order[article_id] = len(self._order)

    def find(self, article_id: str, sig: bytes) -> str | None:
        """The earliest indexed article (other than ``article_id`` itself and any added
        after it) whose estimated Jaccard similarity reaches the threshold."""
        kind, body = sig[:1], sig[1:]
        if kind == _SIG_EXACT:
            twin = self._exact.get(body)
            return twin if twin and self._is_earlier(twin, article_id) else None
        mh = self._minhash(body)
        hits = [k for k in self._lsh.query(mh)
                if self._is_earlier(k, article_id) and self._jaccard(body, self._values[k]) >= self.threshold]
        return min(hits, key=self._order.__getitem__, default=None)

    def _is_earlier(self, other: str, article_id: str) -> bool:
        if other == article_id:
            return False
        mine = self._order.get(article_id)
        return mine is None or self._order[other] < mine

    @staticmethod
    def _jaccard(a: bytes, b: bytes) -> float:
        """The estimated Jaccard similarity of two signatures, as ``MinHash.jaccard``
        computes it: the share of equal hash values."""
        x, y = np.frombuffer(a, dtype=_HASH_DTYPE), np.frombuffer(b, dtype=_HASH_DTYPE)
        return float(np.count_nonzero(x == y)) / len(x)

    def _minhash(self, body: bytes) -> MinHash:
        if len(body) != self.num_perm * _HASH_DTYPE.itemsize:
            raise ValueError(f"signature has {len(body)} bytes, the index expects {self.num_perm} hash values")
        values = np.frombuffer(body, dtype=_HASH_DTYPE).astype(np.uint32)
        return MinHash(num_perm=self.num_perm, hashvalues=values, scheme=_SCHEME)


# ---------------------------------------------------------------- same-event merging


@dataclass(eq=False)
class _Cluster:
    """A cluster being built inside one block. Mutable working state, local to one
    ``merge_events`` call; the records that come out are new frozen Events."""

    start: dt.date
    end: dt.date
    is_day: bool
    members: list[Event] = field(default_factory=list)
    modes: set[str] = field(default_factory=set)  # concrete modes only

    @classmethod
    def of(cls, event: Event) -> "_Cluster":
        d = event.date
        c = cls(d.start_date, d.end_date, d.precision == "day")
        c.add(event)
        return c

    @property
    def wide(self) -> bool:
        return (self.end - self.start).days + 1 > WIDE_DAYS

    def add(self, event: Event) -> None:
        """Take a report. A day cluster keeps its (earliest) day; a range cluster
        narrows to the intersection of its ranges."""
        self.members.append(event)
        if event.mode not in WILDCARD_MODES:
            self.modes.add(event.mode)
        if not self.is_day and self.members[1:]:
            self.start = max(self.start, event.date.start_date)
            self.end = min(self.end, event.date.end_date)


def _modes_compatible(cluster: _Cluster, event: Event) -> bool:
    """Equal modes, or one side is a wildcard ("other"/"statement"): a phone call and
    a statement about it are one event; a phone call and a meeting are two."""
    return event.mode in WILDCARD_MODES or not cluster.modes or event.mode in cluster.modes


def _dates_compatible(cluster: _Cluster, d: EventDate, day_slack: int) -> bool:
    """Two days within the slack; a day inside a range; two overlapping ranges of which
    at least one is narrow (two wide ranges say too little to be called one event)."""
    is_day = d.precision == "day"
    if cluster.is_day and is_day:
        return abs((d.start_date - cluster.start).days) <= day_slack
    if cluster.is_day:
        return d.start_date <= cluster.start <= d.end_date
    if is_day:
        return cluster.start <= d.start_date <= cluster.end
    overlap = cluster.start <= d.end_date and d.start_date <= cluster.end
    return overlap and (not cluster.wide or d.days <= WIDE_DAYS)


def _joinable(cluster: _Cluster, event: Event, day_slack: int) -> bool:
    """The one pairwise comparison of clustering (tests count its calls)."""
    return _modes_compatible(cluster, event) and _dates_compatible(cluster, event.date, day_slack)


def _block_key(event: Event) -> tuple[frozenset[str], str, str]:
    """Only reports with the same participants, type and status can be one event;
    planned and occurred events never merge. A happening (type OTHER, ``happenings.py``)
    has no actors to tell two apart, so only the same sentence (wire copy run by
    several outlets) makes one."""
    kind = f"OTHER/{event.mode}/{' '.join(event.summary.split()).lower()}" if event.type == "OTHER" else event.type
    return frozenset(p.name for p in event.participants), kind, event.status


def block_key(event: Event) -> str:
    """``_block_key`` as text, for the store to index reports by: a run then merges one
    block at a time, read in block order, instead of holding every report in memory."""
    names, etype, status = _block_key(event)
    return "\x1f".join([etype, status, *sorted(names)])


def merge_blocks(blocks: Iterable[Sequence[Event]], *, day_slack: int = 1) -> Iterator[Event]:
    """``merge_events`` one block at a time (each holding every report of one
    ``block_key``), yielding events as they are folded: memory holds one block."""
    for block in blocks:
        for c in _cluster_block(list(block), day_slack):
            yield _fold(c.members, day_slack)


def _order_key(event: Event) -> tuple:
    """A total order on report content, so that the result does not depend on input order."""
    spans = tuple((m.article_id, m.sentence) for m in event.mentions)
    return event.date.start, event.date.end, event.mode, event.event_id, spans


def merge_events(events: Sequence[Event], *, day_slack: int = 1) -> list[Event]:
    """Fold reports of the same real-world event into one Event each.

    Output is sorted by date then id; it never has more events than the input, and
    every input mention lands in exactly one output event.
    """
    blocks: dict[tuple[frozenset[str], str, str], list[Event]] = {}
    for event in events:
        blocks.setdefault(_block_key(event), []).append(event)
    merged = [_fold(c.members, day_slack) for block in blocks.values() for c in _cluster_block(block, day_slack)]
    return sorted(merged, key=lambda e: (e.date.start, e.date.end, e.event_id))


def _cluster_block(block: list[Event], day_slack: int) -> list[_Cluster]:
    """Day-dated reports first (they pin events), then ranges attach to the single day
    cluster they contain, then the remaining ranges cluster among themselves."""
    ordered = sorted(block, key=_order_key)
    days = _cluster_days([e for e in ordered if e.date.precision == "day"], day_slack)
    ranges = [e for e in ordered if e.date.precision != "day"]
    loose, ambiguous = _attach_ranges(ranges, days, day_slack)
    return days + [_Cluster.of(e) for e in ambiguous] + _cluster_ranges(loose, day_slack)


def _cluster_days(days: list[Event], day_slack: int) -> list[_Cluster]:
    """Sweep in date order; a cluster stays open while its first day is within the slack,
    so a run of daily calls is not chained into one event."""
    clusters: list[_Cluster] = []
    open_: list[_Cluster] = []
    for event in days:
        day = event.date.start_date
        open_ = [c for c in open_ if (day - c.start).days <= day_slack]
        fits = [c for c in open_ if _joinable(c, event, day_slack)]
        if len(fits) == 1:
            fits[0].add(event)
        else:
            clusters.append(_Cluster.of(event))
            open_.append(clusters[-1])
    return clusters


def _attach_ranges(ranges: list[Event], days: list[_Cluster], day_slack: int) -> tuple[list[Event], list[Event]]:
    """Give each range report to the one day cluster whose day it contains.

    Returns the ranges that contain no compatible day (to cluster among themselves) and
    those that contain two or more (kept apart: they could be either event).
    """
    firsts = [c.start for c in days]  # day clusters come out of the sweep in date order
    loose: list[Event] = []
    ambiguous: list[Event] = []
    for event in ranges:
        lo = bisect_left(firsts, event.date.start_date)
        fits = _first_two((days[i] for i in range(lo, len(days))), event, day_slack, stop=event.date.end_date)
        if len(fits) == 1:
            fits[0].add(event)
        else:
            (loose if not fits else ambiguous).append(event)
    return loose, ambiguous


def _first_two(candidates: Iterable[_Cluster], event: Event, day_slack: int,
               stop: dt.date | None = None) -> list[_Cluster]:
    """Up to two compatible clusters: one is a match, two is an ambiguity, so there is
    no need to look further (this keeps wide ranges from scanning whole blocks)."""
    fits: list[_Cluster] = []
    for cluster in candidates:
        if stop is not None and cluster.start > stop:
            break
        if _joinable(cluster, event, day_slack):
            fits.append(cluster)
            if len(fits) == 2:
                break
    return fits


def _cluster_ranges(ranges: list[Event], day_slack: int) -> list[_Cluster]:
    """Sweep ranges by start date, keeping open only clusters whose intersection has
    not ended yet; narrow and wide open clusters are kept apart because a wide report
    can only join a narrow cluster."""
    clusters: list[_Cluster] = []
    narrow: dict[int, _Cluster] = {}
    wide: dict[int, _Cluster] = {}
    closing: list[tuple[dt.date, int]] = []
    for event in ranges:
        _close(closing, narrow, wide, event.date.start_date)
        pool = list(narrow.values()) if event.date.days > WIDE_DAYS else [*narrow.values(), *wide.values()]
        fits = _first_two(pool, event, day_slack)
        if len(fits) == 1:
            target = fits[0]
        else:
            target = _Cluster(event.date.start_date, event.date.end_date, False)
            clusters.append(target)
        target.add(event)
        key = id(target)
        narrow.pop(key, None)
        wide.pop(key, None)
        (wide if target.wide else narrow)[key] = target
        heapq.heappush(closing, (target.end, key))
    return clusters


def _close(closing: list[tuple[dt.date, int]], narrow: dict[int, _Cluster],
           wide: dict[int, _Cluster], today: dt.date) -> None:
    """Drop clusters whose intersection ended before ``today``: no later report
    (sorted by start) can overlap them. Stale heap entries are harmless."""
    while closing and closing[0][0] < today:
        _, key = heapq.heappop(closing)
        for pool in (narrow, wide):
            cluster = pool.get(key)
            if cluster is not None and cluster.end < today:
                del pool[key]


# ---------------------------------------------------------------- folding a cluster


def _fold(members: list[Event], day_slack: int) -> Event:
    """One Event from a cluster's reports (a lone report comes back unchanged)."""
    if len(members) == 1:
        return members[0]
    mentions = _union_mentions(members)
    sources = _sources(members, mentions)
    participants = _union_participants(members)
    etype = _most_common(e.type for e in members)
    first = min((m.article_id, m.sentence) for m in mentions)
    return Event(
        event_id=content_id(*first, etype, *sorted(p.name for p in participants)),
        type=etype, mode=_merged_mode(members), participants=participants,
        date=_merged_date(members), location=next((e.location for e in members if e.location), None),
        topics=_union_topics(members), summary=_best_summary(members), mentions=mentions,
        sources=sources, status=members[0].status,
        confidence=min(1.0, max(e.confidence for e in members) + 0.1 * max(0, len(sources) - 1)),
    )


def _most_common(values: Iterable[str]) -> str:
    """Most frequent value; ties go to the one seen first (Counter keeps insertion order)."""
    return Counter(values).most_common(1)[0][0]


def _merged_mode(members: list[Event]) -> str:
    """The most frequent concrete mode: three statements about a phone call are still a call."""
    concrete = [e.mode for e in members if e.mode not in WILDCARD_MODES]
    return _most_common(concrete or [e.mode for e in members])


def _union_mentions(members: list[Event]) -> tuple[Mention, ...]:
    seen: dict[tuple[str, str], Mention] = {}
    for event in members:
        for m in event.mentions:
            seen.setdefault((m.article_id, m.sentence), m)
    return tuple(seen.values())


def _sources(members: list[Event], mentions: tuple[Mention, ...]) -> tuple[str, ...]:
    """Outlets of the mentions (plus any the reports already named, e.g. when they
    were reloaded from the store without per-mention outlets)."""
    outlets = {m.outlet for m in mentions if m.outlet}
    outlets.update(s for e in members for s in e.sources if s)
    return tuple(sorted(outlets))


def _union_topics(members: list[Event]) -> tuple[str, ...]:
    counts = Counter(t for e in members for t in dict.fromkeys(e.topics))
    topics = [t for t, _ in counts.most_common()]
    return tuple(t for t in topics if t != "other") or tuple(topics)


def _best_summary(members: list[Event]) -> str:
    """The summary of the report with the most precise date (fewest days)."""
    with_text = [e for e in members if e.summary] or members
    return min(with_text, key=lambda e: e.date.days).summary


def _union_participants(members: list[Event]) -> tuple[Participant, ...]:
    by_name: dict[str, list[Participant]] = {}
    for event in members:
        for p in event.participants:
            by_name.setdefault(p.name, []).append(p)
    return tuple(_merge_participant(ps) for ps in by_name.values())


def _merge_participant(ps: list[Participant]) -> Participant:
    """"both" wins (a symmetric report); otherwise the most frequent side. The richest
    role (longest) and the first known country and sector are kept."""
    sides = [p.side for p in ps]
    roles = [p.role for p in ps if p.role]
    return Participant(
        name=ps[0].name,
        role=max(roles, key=len) if roles else None,
        country=next((p.country for p in ps if p.country), None),
        sector=next((p.sector for p in ps if p.sector), None),
        side="both" if "both" in sides else _most_common(sides),
    )


def _merged_date(members: list[Event]) -> EventDate:
    """A day beats any range; of differing days the earliest is kept (later ones are
    usually report dates or time-zone shifts); ranges narrow to their intersection."""
    days = [e for e in members if e.date.precision == "day"]
    if days:
        return _earliest_day(days)
    dates = [e.date for e in members]
    if len({(d.start, d.end) for d in dates}) == 1:
        return dates[0]
    start, end = max(d.start_date for d in dates), min(d.end_date for d in dates)
    basis = "intersection of reports: " + "; ".join(_report(e) for e in members)
    return EventDate.span(start, end, basis)


def _earliest_day(days: list[Event]) -> EventDate:
    earliest = min(e.date.start for e in days)
    if all(e.date.start == earliest for e in days):
        return max((e.date for e in days), key=lambda d: bool(d.basis))  # the first with a basis
    reports = list(dict.fromkeys(_report(e) for e in days))
    basis = "reports differ: " + "; ".join(reports) + "; earliest kept"
    return EventDate(earliest, earliest, "day", basis)


def _report(event: Event) -> str:
    """'Dawn 2021-08-10 ('on Tuesday' before published 2021-08-11)' for a basis line."""
    outlet = next((m.outlet for m in event.mentions if m.outlet), None) or next(iter(event.sources), None)
    d = event.date
    when = d.start if d.precision == "day" else f"{d.start}..{d.end}"
    label = outlet or (event.mentions[0].article_id if event.mentions else "unknown source")
    return f"{label} {when}" + (f" ({d.basis})" if d.basis else "")


__all__ = ["NearDupIndex", "block_key", "merge_blocks", "merge_events"]
