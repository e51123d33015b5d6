"""Event identity: which reports, from one outlet or many, are one real-world event.

Outlets report one call, visit, strike or sanctions package each in their own way: one
names the people ("Imran Khan met Donald Trump"), another the countries ("Pakistan and
the US held talks"); one says "met", another "called on" or "visited"; one gives the
day, another only "on Monday" with no publication date. Identity is decided here, in
three steps, each conservative because two real events shown as one cost a user more
than one event shown twice:

1. **Blocking.** Only reports of the same type and status whose participants stand for
   the same countries can be one event (``block_key``): a person counts for the country
   of their role, a country for itself, an organisation with no country for itself.
2. **Compatibility** of a report with a cluster of reports (``_joinable``):
   - participants, through the hierarchy person -> country: where both name people of a
     country, they share one (by full name or surname, so "Seyed Abbas Araghchi" and
     "Abbas Araghchi" agree); a side that names only the country agrees with any of its
     people. Only for contacts (``PERSONAL_TYPES``): a sanction, a strike or a signing
     is a state's act, whoever announced it;
   - mode: equal, a wildcard (statement, other), or both in person (meeting, visit);
     a phone call is never an in-person meeting;
   - date: two days at most ``day_slack`` apart (time zones); a range that contains the
     cluster's day; two ranges that overlap, one of them narrow. Two days further apart
     never merge: the same two leaders speak again next week.
3. **Choice.** A report joins the one compatible cluster on offer. When several are on
   offer, same-story evidence decides (shared places, numbers, names and quoted words of
   the evidence sentences), and only by a clear margin; otherwise the report stays apart.

An undated report that joins a dated cluster takes the cluster's day (cross-report
anchoring), and the folded event's ``basis`` names the reports and why they were joined.
Reports are compared only within a block, in date order, against the clusters still
open at that date: near-linear time, and a run merges one block at a time.
"""
from __future__ import annotations

import datetime as dt
import heapq
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .model import Event, EventDate, Mention, Participant, content_id

WIDE_DAYS = 31  # a range longer than this ("in 2024") cannot pin an event by itself
WILDCARD_MODES = frozenset({"other", "statement"})
IN_PERSON = frozenset({"meeting", "visit"})  # "met", "called on", "visited": one encounter
# Events told by who met or spoke with whom: the people tell two apart. Other acts are a
# state's (a sanctions package announced by one official and approved by another; a
# strike ordered by the president and carried out by the army): the countries, type and
# day identify them, so their people are not compared.
PERSONAL_TYPES = frozenset({"CONSULT"})
MAX_CHOICES = 5  # a report compatible with more clusters than this says too little to choose
STORY_MIN = 0.3  # same-story evidence needed to choose a cluster (share of the shorter story's words)
STORY_MARGIN = 1.5  # ... and by how much the best must beat the next
STORY_SHARED = 3  # ... and at least this many shared words
STORY_WIDE = 0.5  # same-story evidence that makes two overlapping wide ranges one event
WIDE_POOL = 64  # open wide clusters a report is compared with (the latest): keeps a block linear
_WORD = re.compile(r"[^\W_]+")
_WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_STOP = frozenset("""a an the and or of to in on at for with by from as is was were be been has have had
    that this these those it its his her their they he she we our said says say will would also after
    before over about into than then but not who which what when where while during between two both
    other more most new one first last week year day today yesterday monday tuesday wednesday thursday
    friday saturday sunday meeting meet met talks held hold holds visit visited visiting call called
    calls phone spoke speak discussed discuss bilateral relations ties leaders leader official officials
    government country countries minister ministers president prime foreign secretary""".split())


# ---------------------------------------------------------------- participants


def _norm(text: str) -> str:
    folded = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_WORD.findall(folded.lower()))


def _is_person(p: Participant) -> bool:
    """A resolved person has a role; a country or organisation has none."""
    return p.role is not None


def _unit(p: Participant) -> str:
    """What a participant stands for in blocking: their country, or themselves."""
    return p.country or _norm(p.name)


def _person_keys(p: Participant) -> frozenset[str]:
    """Full name and surname: 'Seyed Abbas Araghchi' and 'Abbas Araghchi' share 'araghchi'."""
    words = _norm(p.name).split()
    return frozenset({" ".join(words), words[-1]}) if words else frozenset()


Cast = dict[str, frozenset[str]]  # unit -> keys of the people named for it (empty: the unit only)


def cast_of(event: Event) -> Cast:
    cast: dict[str, set[str]] = {}
    for p in event.participants:
        keys = cast.setdefault(_unit(p), set())
        if _is_person(p):
            keys.update(_person_keys(p))
    return {u: frozenset(k) for u, k in cast.items()}


def casts_agree(a: Cast, b: Cast) -> bool:
    """Person -> country hierarchy: for every unit both name, the same person, or only
    the unit on one side (the country stands for any of its people)."""
    return all(not a[u] or not b[u] or a[u] & b[u] for u in a.keys() & b.keys())


# ---------------------------------------------------------------- blocking


def _block_key(event: Event) -> tuple[frozenset[str], str, str]:
    """Only reports of the same countries (or stand-alone organisations), type and status
    can be one event; planned and occurred events never merge. A happening (type OTHER,
    ``happenings.py``) has no actors to tell two apart, so only the same sentence (wire
    copy run by several outlets) makes one."""
    kind = f"OTHER/{event.mode}/{' '.join(event.summary.split()).lower()}" if event.type == "OTHER" else event.type
    return frozenset(_unit(p) for p in event.participants), kind, event.status


def block_key(event: Event) -> str:
    """``_block_key`` as text, for the store to index reports by: a run then merges one
    block at a time, read in block order, instead of holding every report in memory."""
    units, etype, status = _block_key(event)
    return "\x1f".join([etype, status, *sorted(units)])


# ---------------------------------------------------------------- clusters


class _Report:
    """A report with what comparisons ask of it, computed once: its cast, and its words
    when a choice first needs them (most reports never face one)."""

    __slots__ = ("event", "cast", "_words", "_weekdays")

    def __init__(self, event: Event) -> None:
        self.event = event
        self.cast = cast_of(event)
        self._words: frozenset[str] | None = None
        self._weekdays: frozenset[int] | None = None

    @property
    def weekdays(self) -> frozenset[int]:
        """The weekdays its evidence names ('on Monday'): a report without a day may only
        be the event of a cluster whose day is one of them (a day either side for time zones)."""
        if self._weekdays is None:
            self._weekdays = frozenset(i for m in self.event.mentions for w in _norm(m.sentence).split()
                                       if (i := _WEEKDAYS.get(w)) is not None)
        return self._weekdays

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(story_words(self.event))
        return self._words

    @property
    def date(self) -> EventDate:
        return self.event.date

    @property
    def mode(self) -> str:
        return self.event.mode


@dataclass(eq=False)
class _Cluster:
    """A cluster being built inside one block. Mutable working state, local to one
    merge; the records that come out are new frozen Events."""

    start: dt.date
    end: dt.date
    is_day: bool
    undated: bool = False
    reports: list[_Report] = field(default_factory=list)
    modes: set[str] = field(default_factory=set)  # concrete modes only
    groups: set[str] = field(default_factory=set)  # their groups (``_mode_group``)
    cast: dict[str, frozenset[str]] = field(default_factory=dict)
    _words: set[str] | None = None

    @property
    def members(self) -> list[Event]:
        return [r.event for r in self.reports]

    @property
    def words(self) -> set[str]:
        """The words of all its reports (gathered when a choice first needs them)."""
        if self._words is None:
            self._words = set().union(*(r.words for r in self.reports))
        return self._words

    @classmethod
    def of(cls, event: _Report) -> "_Cluster":
        d = event.date
        c = cls(d.start_date, d.end_date, d.precision == "day") if d.dated else cls(dt.date.min, dt.date.max, False, True)
        c.add(event)
        return c

    @property
    def wide(self) -> bool:
        return (self.end - self.start).days + 1 > WIDE_DAYS

    def add(self, event: _Report) -> None:
        """Take a report. A day cluster keeps its (earliest) day; a range cluster
        narrows to the intersection of its ranges."""
        self.reports.append(event)
        if event.mode not in WILDCARD_MODES:
            self.modes.add(event.mode)
            self.groups.add(_mode_group(event.mode))
        for unit, keys in event.cast.items():
            self.cast[unit] = self.cast.get(unit, frozenset()) | keys
        if self._words is not None:
            self._words |= event.words
        if not self.is_day and not self.undated and len(self.reports) > 1 and event.date.dated:
            self.start = max(self.start, event.date.start_date)
            self.end = min(self.end, event.date.end_date)


def _mode_group(mode: str) -> str:
    return "in person" if mode in IN_PERSON else mode


def _modes_compatible(cluster: _Cluster, event: _Report) -> bool:
    """Equal modes, both in person, or one side a wildcard ("other"/"statement"): a
    phone call and a statement about it are one event; a phone call and a meeting are two."""
    if event.mode in WILDCARD_MODES or not cluster.modes:
        return True
    return _mode_group(event.mode) in cluster.groups


def _dates_compatible(cluster: _Cluster, d: EventDate, day_slack: int) -> bool:
    """Two days within the slack; a day inside a range; two overlapping ranges of which
    at least one is narrow (two wide ranges say too little to be called one event); an
    undated report with any dated cluster (it may take that cluster's date)."""
    if not d.dated or cluster.undated:
        return not cluster.undated
    is_day = d.precision == "day"
    if cluster.is_day and is_day:
        return abs((d.start_date - cluster.start).days) <= day_slack
    if cluster.is_day:
        return d.start_date <= cluster.start <= d.end_date
    if is_day:
        return cluster.start <= d.start_date <= cluster.end
    overlap = cluster.start <= d.end_date and d.start_date <= cluster.end
    return overlap and (not cluster.wide or d.days <= WIDE_DAYS)


def _joinable(cluster: _Cluster, event: _Report, day_slack: int) -> bool:
    """The one pairwise comparison of merging (tests count its calls)."""
    if not _modes_compatible(cluster, event):
        return False
    if event.event.type in PERSONAL_TYPES and not casts_agree(cluster.cast, event.cast):
        return False
    if cluster.is_day and event.date.precision != "day" and not _weekday_fits(cluster.start, event.weekdays, day_slack):
        return False
    return _dates_compatible(cluster, event.date, day_slack) or _same_story_ranges(cluster, event)


def _named_day(cluster: _Cluster, event: _Report) -> bool:
    """The report names the very weekday of the cluster's day ('on Wednesday' for a
    Wednesday): with the roles, evidence enough that it is that day's event."""
    return cluster.is_day and cluster.start.weekday() in event.weekdays


def _weekday_fits(day: dt.date, weekdays: frozenset[int], slack: int) -> bool:
    """No weekday named, or one within the slack of the day's own."""
    return not weekdays or any(min((day.weekday() - w) % 7, (w - day.weekday()) % 7) <= slack for w in weekdays)


def _same_story_ranges(cluster: _Cluster, event: _Report) -> bool:
    """Two wide ranges that overlap (two undated reprints, each bounded only by tenures)
    are one event only when their evidence tells the same story: many shared names,
    places, numbers and words, well beyond what two reports of one pair share anyway."""
    d = event.date
    if cluster.undated != (not d.dated):
        return False
    if not cluster.undated and (cluster.is_day or d.precision == "day"
                                or not (cluster.start <= d.end_date and d.start_date <= cluster.end)):
        return False
    return _story_score(cluster, event.words) >= STORY_WIDE


def story_words(event: Event) -> set[str]:
    """The content words, places and numbers of a report's evidence sentences, without the
    participants' own names and titles: every report of a block shares those, so they
    say nothing about which of their encounters it tells."""
    own = {w for p in event.participants for w in _norm(f"{p.name} {p.role or ''}").split()}
    words: set[str] = set()
    for m in event.mentions:
        words.update(w for w in _norm(m.sentence).split()
                     if (len(w) > 3 or w.isdigit()) and w not in _STOP and w not in own)
    return words


def _story_score(cluster: _Cluster, words: frozenset[str] | set[str]) -> float:
    """How much of the shorter story the other tells: shared words over the fewer words
    (a one-sentence report against a cluster of many); nothing below ``STORY_SHARED``
    shared words (two short headlines share a larger share of fewer words by chance)."""
    shared = len(words & cluster.words)
    return shared / min(len(words), len(cluster.words)) if shared >= STORY_SHARED else 0.0


def choose(fits: list[_Cluster], event: _Report) -> _Cluster | None:
    """The cluster a report joins: the only one on offer, else the one the same-story
    evidence clearly prefers; None when the report could be either event. A report with
    no date, or only a wide range (tenures, a year), needs more even for a single cluster:
    same-story evidence, or the very weekday of its day; only that says it is that event
    rather than another of the same people (Pompeo met Khan in 2018 and again in 2019)."""
    if len(fits) == 1 and (event.date.days <= WIDE_DAYS or _named_day(fits[0], event)
                           or _story_score(fits[0], event.words) >= STORY_MIN):
        return fits[0]
    if len(fits) < 2 or len(fits) > MAX_CHOICES:
        return None
    words = event.words
    scored = sorted(((_story_score(c, words), i) for i, c in enumerate(fits)), reverse=True)
    (best, at), (second, _) = scored[0], scored[1]
    if best >= STORY_MIN and best >= STORY_MARGIN * second:
        return fits[at]
    return None


# ---------------------------------------------------------------- merging


def merge_blocks(blocks: Iterable[Sequence[Event]], *, day_slack: int = 1) -> Iterator[Event]:
    """``merge_events`` one block at a time (each holding every report of one
    ``block_key``), yielding events as they are folded: memory holds one block."""
    for block in blocks:
        for c in _cluster_block(list(block), day_slack):
            yield fold(c.members)


def _order_key(event: Event) -> tuple:
    """A total order on report content, so that the result does not depend on input order."""
    spans = tuple((m.article_id, m.sentence) for m in event.mentions)
    return event.date.sort_key, event.mode, event.event_id, spans


def merge_events(events: Sequence[Event], *, day_slack: int = 1) -> list[Event]:
    """Fold reports of the same real-world event into one Event each.

    Output is sorted by date then id; it never has more events than the input, and
    every input mention lands in exactly one output event.
    """
    blocks: dict[tuple[frozenset[str], str, str], list[Event]] = {}
    for event in events:
        blocks.setdefault(_block_key(event), []).append(event)
    merged = [fold(c.members) for block in blocks.values() for c in _cluster_block(block, day_slack)]
    return sorted(merged, key=lambda e: (e.date.sort_key, e.event_id))


def _cluster_block(block: list[Event], day_slack: int) -> list[_Cluster]:
    """Day-dated reports first (they pin events), then ranges attach to the day cluster
    they contain, then the remaining ranges cluster among themselves; last, undated
    reports join the one dated cluster they fit (and take its date), or stay undated."""
    ordered = [_Report(e) for e in sorted(block, key=_order_key)]
    days = _cluster_days([e for e in ordered if e.date.precision == "day"], day_slack)
    ranges = [e for e in ordered if e.date.dated and e.date.precision != "day"]
    loose, ambiguous = _attach_ranges(ranges, days, day_slack)
    dated = days + [_Cluster.of(e) for e in ambiguous] + _cluster_ranges(loose, day_slack)
    return dated + _attach_undated([e for e in ordered if not e.date.dated], dated, day_slack)


def _attach_undated(undated: list[_Report], dated: list[_Cluster], day_slack: int) -> list[_Cluster]:
    """An undated report joins the dated cluster ``choose`` picks among those it fits
    (cross-report anchoring: it takes that cluster's date); the others group by story."""
    alone: list[_Cluster] = []
    for event in undated:
        target = choose(_fits(dated, event, day_slack), event) or choose(_fits(alone, event, day_slack), event)
        if target is None:
            alone.append(_Cluster.of(event))
        else:
            target.add(event)
    return alone


def _cluster_days(days: list[_Report], day_slack: int) -> list[_Cluster]:
    """Sweep in date order; a cluster stays open while its first day is within the slack,
    so a run of daily calls is not chained into one event."""
    clusters: list[_Cluster] = []
    open_: list[_Cluster] = []
    for event in days:
        day = event.date.start_date
        open_ = [c for c in open_ if (day - c.start).days <= day_slack]
        target = choose([c for c in open_ if _joinable(c, event, day_slack)], event)
        if target is not None:
            target.add(event)
        else:
            clusters.append(_Cluster.of(event))
            open_.append(clusters[-1])
    return clusters


def _attach_ranges(ranges: list[_Report], days: list[_Cluster], day_slack: int) -> tuple[list[_Report], list[_Report]]:
    """Give each range report to the day cluster whose day it contains (``choose``).

    Returns the ranges that contain no compatible day (to cluster among themselves) and
    those that could be several events (kept apart).
    """
    firsts = [c.start for c in days]  # day clusters come out of the sweep in date order
    loose: list[_Report] = []
    ambiguous: list[_Report] = []
    for event in ranges:
        lo = bisect_left(firsts, event.date.start_date)
        fits = _fits((days[i] for i in range(lo, len(days))), event, day_slack, stop=event.date.end_date)
        target = choose(fits, event)
        if target is not None:
            target.add(event)
        else:
            (loose if not fits else ambiguous).append(event)
    return loose, ambiguous


def _fits(candidates: Iterable[_Cluster], event: _Report, day_slack: int, stop: dt.date | None = None,
          limit: int = MAX_CHOICES + 1) -> list[_Cluster]:
    """Up to ``limit`` compatible clusters: more than ``MAX_CHOICES`` is no choice at all,
    so there is no need to look further (this keeps wide ranges from scanning whole blocks)."""
    fits: list[_Cluster] = []
    for cluster in candidates:
        if stop is not None and cluster.start > stop:
            break
        if _joinable(cluster, event, day_slack):
            fits.append(cluster)
            if len(fits) >= limit:
                break
    return fits


def _cluster_ranges(ranges: list[_Report], day_slack: int) -> list[_Cluster]:
    """Sweep ranges by start date, keeping open only clusters whose intersection has
    not ended yet; a wide report joins a narrow cluster, or a wide one only on the same
    story (``_same_story_ranges``), so only the latest wide clusters are worth a look."""
    clusters: list[_Cluster] = []
    narrow: dict[int, _Cluster] = {}
    wide: dict[int, _Cluster] = {}
    closing: list[tuple[dt.date, int]] = []
    for event in ranges:
        _close(closing, narrow, wide, event.date.start_date)
        pool = [*narrow.values(), *list(wide.values())[-WIDE_POOL:]]
        target = choose(_fits(pool, event, day_slack), event)
        if target is None:
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


def fold(members: list[Event]) -> Event:
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
    """The most frequent concrete mode: three statements about a phone call are still a
    call; of a meeting and a visit, the visit (it holds the meeting)."""
    concrete = [e.mode for e in members if e.mode not in WILDCARD_MODES]
    if concrete and set(concrete) == IN_PERSON:
        return "visit"
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
    """The summary of the report with the most precise date (fewest days), naming people."""
    with_text = [e for e in members if e.summary] or members
    return min(with_text, key=lambda e: (e.date.days, -sum(map(_is_person, e.participants)))).summary


def _union_participants(members: list[Event]) -> tuple[Participant, ...]:
    """Everyone the reports name, once; a country or institution is left out where a
    person of that country stands on the same side ('Pakistan' beside 'Imran Khan', 'the
    Pentagon' beside its spokesman): one report named the state, another its agent."""
    by_name: dict[str, list[Participant]] = {}
    for event in members:
        for p in event.participants:
            by_name.setdefault(p.name, []).append(p)
    merged = [_merge_participant(ps) for ps in by_name.values()]
    agents = {(p.country, p.side) for p in merged if _is_person(p) and p.country}
    kept = [p for p in merged if _is_person(p) or (p.country, p.side) not in agents]
    return tuple(sorted(kept, key=lambda p: _SIDE_ORDER[p.side]))  # who acted, then on whom


_SIDE_ORDER = {"source": 0, "both": 1, "target": 2}


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
        return _anchored(_earliest_day(days), [e for e in members if e.date.precision != "day"])
    ranges = [e for e in members if e.date.dated]
    if not ranges:
        return members[0].date
    if len(ranges) < len(members):
        return _anchored(_merged_date(ranges), [e for e in members if not e.date.dated])
    dates = [e.date for e in members]
    if len({(d.start, d.end) for d in dates}) == 1:
        return dates[0]
    start, end = max(d.start_date for d in dates), min(d.end_date for d in dates)
    basis = "intersection of reports: " + "; ".join(_report(e) for e in members)
    return EventDate.span(start, end, basis)


def _anchored(day: EventDate, ranges: list[Event]) -> EventDate:
    """A date that reports without it (ranges, undated) took over: the basis says which, and why."""
    if not ranges:
        return day
    labels = list(dict.fromkeys(_report(e, short=True) for e in ranges))
    more = f" and {len(labels) - 3} more" if len(labels) > 3 else ""
    note = (f"reports without a day took it ({'; '.join(labels[:3])}{more}): same type and "
            f"participants, their range holds it or they have none")
    return EventDate(day.start, day.end, day.precision, "; ".join(p for p in (day.basis, note) if p))


def _earliest_day(days: list[Event]) -> EventDate:
    earliest = min(e.date.start for e in days)
    if all(e.date.start == earliest for e in days):
        return max((e.date for e in days), key=lambda d: bool(d.basis))  # the first with a basis
    reports = list(dict.fromkeys(_report(e) for e in days))
    basis = "reports differ: " + "; ".join(reports) + "; earliest kept"
    return EventDate(earliest, earliest, "day", basis)


def _report(event: Event, short: bool = False) -> str:
    """'Dawn 2021-08-10 ('on Tuesday' before published 2021-08-11)' for a basis line
    (``short``: without the report's own basis)."""
    outlet = next((m.outlet for m in event.mentions if m.outlet), None) or next(iter(event.sources), None)
    d = event.date
    when = d.start if d.precision == "day" else f"{d.start}..{d.end}" if d.dated else "undated"
    label = outlet or (event.mentions[0].article_id if event.mentions else "unknown source")
    return f"{label} {when}" + (f" ({d.basis})" if d.basis and not short else "")


__all__ = ["block_key", "cast_of", "casts_agree", "choose", "fold", "merge_blocks", "merge_events"]
