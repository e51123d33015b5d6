"""Temporal expressions: find them in text, and turn them into date intervals.

Two steps, kept apart on purpose. ``find_timexes`` only reads the text: it returns
character spans with what the words say ("Monday", "April 9", "a day earlier") and
never guesses a year. ``resolve`` places one expression on the calendar against an
anchor (the report's publication date) and the tense of the clause; without an anchor
only the absolute forms resolve, and ``dating.constrain`` handles the rest. The word
lists live in ``data/timex.yaml``; this module holds the mechanisms only.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from dateline.errors import KnowledgeError
from dateline.model import EventDate

KINDS = (
    "date", "month_day", "month_year", "month", "year", "weekday",
    "relative_day", "relative_period", "trailing", "span",
)
TENSES = ("past", "present", "future")
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
# A day of the month read in the future tense is the coming one only this close: plans are
# announced months ahead, not a year ('on April 9' said to happen in a report of April 10
# is the day before, not next year's April 9).
FUTURE_HORIZON_DAYS = 183
_DATA_FILE = "timex.yaml"
_REQUIRED_KEYS = (
    "name_like_months", "name_unsafe_triggers", "weekday_blockers_before", "weekday_blockers_after",
    "weekday_modifiers", "parts_of_day", "month_triggers", "month_modifiers", "number_words",
    "vague_numbers", "units", "period_modifiers", "trailing_modifiers",
    "reference_period_modifiers", "distance_words", "fixed_phrases",
    "future_markers", "occasion_markers", "day_markers_before", "marker_cancellers", "occasion_cancellers",
)


@dataclass(frozen=True)
class Timex:
    """One temporal expression: a span of the input and what its words fix.

    ``kind`` says which fields are meaningful. ``offset``/``unit`` carry relative
    amounts (-1 = yesterday, last week); ``relative_to`` says whether they count from
    the report ("anchor") or from the event being talked about ("reference").
    ``trailing`` is a window ending or starting at the base ("the past three days");
    ``span`` runs from ``year`` to ``end_year`` ("between 2013 and 2018").
    ``short_year`` is a year written with two digits ("05 February 12", "Feb 5, '12",
    "08.08.08"); ``year`` is then None, and ``resolve`` gives it the century nearest the
    report (``full_year``).
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int | None = None
    unit: str | None = None
    relative_to: str = "anchor"
    end_year: int | None = None
    short_year: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown timex kind {self.kind!r}")


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``timex.yaml``, checked and indexed once."""

    months: dict[str, int]            # full names only
    month_tokens: dict[str, int]      # full names and abbreviations
    weekdays: dict[str, int]
    weekday_tokens: dict[str, int]
    raw: dict[str, Any]

    def words(self, key: str) -> list[str]:
        return [str(w) for w in self.raw[key]]

    def table(self, key: str) -> dict[str, Any]:
        return {str(k): v for k, v in self.raw[key].items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged word lists, loaded once."""
    return load_lexicon(Path(__file__).parent / "data" / _DATA_FILE)


def load_lexicon(path: Path) -> Lexicon:
    """Read and check a word-list file; a malformed one is a KnowledgeError now, not a crash later."""
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        months = {name: int(v[0]) for name, v in raw["months"].items()}
        month_tokens = {**months, **{a: int(v[0]) for v in raw["months"].values() for a in v[1]}}
        weekdays = {name: int(v[0]) for name, v in raw["weekdays"].items()}
        wd_tokens = {**weekdays, **{a: int(v[0]) for v in raw["weekdays"].values() for a in v[1]}}
        missing = [key for key in _REQUIRED_KEYS if key not in raw]
    except (OSError, yaml.YAMLError, KeyError, TypeError, IndexError, ValueError, AttributeError) as exc:
        raise KnowledgeError(str(path), f"malformed word lists: {exc!r}") from exc
    if missing:
        raise KnowledgeError(str(path), f"missing word lists: {', '.join(missing)}")
    return Lexicon(months, month_tokens, weekdays, wd_tokens, raw)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first (so 'Sept' beats 'Sep')."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --------------------------------------------------------------------------- patterns

Fields = dict[str, Any]
Handler = Callable[[re.Match[str]], Fields | None]
SP = r"[ \t\u00a0]+"
COMMA = r"(?:[ \t]?,)?"  # "March 21, 2011" and the tokenised "March 21 , 2011"
_DAY = r"(?<![\w$£€.,/:-])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d%])"
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)(?![\w%]|[.,:/]\d|[-–]\d)"
# A two-digit year after a day and a month name ("05 February 12", a stamp of BBC pages):
# only where nothing but a time of day, a closing mark or the end of the line follows, so
# that "5 February 12 people", "5 February 12 noon", "5 February 12:30" and "20 April 20,
# killing" keep their number out of the date.
_SHORT_YEAR = (r"(?P<yy>\d\d)(?=[ \t]*(?:$|[\n;!?)\]|]|\.(?!\d))|[ \t]+[0-2]?\d[:.][0-5]\d(?![\d:.]))")
# With an apostrophe the two digits are a year whatever follows ("Feb 5, '12 by ...").
_APOSTROPHE_YEAR = r"['’](?P<yy>\d\d)(?![\w%'’]|[.,:/]\d)"


def _number(word: str) -> int:
    words = {k.lower(): v for k, v in lexicon().table("number_words").items()}
    return int(word) if word.isdigit() else int(words[word.lower()])


def _vague(word: str | None) -> int | None:
    table = {k.lower(): int(v) for k, v in lexicon().table("vague_numbers").items()}
    return table.get((word or "").lower())


def _valid_day(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: "February 29" is a day
    except ValueError:
        return False
    return True


def _calendar_fields(m: re.Match[str]) -> Fields | None:
    """Fields of the date-like rules: month, day, year and an optional leading weekday."""
    lx = lexicon()
    gd = m.groupdict()
    month = lx.month_tokens[gd["m"]]
    day = int(gd["d"]) if gd.get("d") else None
    year = int(gd["y"]) if gd.get("y") else None
    short_year = int(gd["yy"]) if gd.get("yy") else None
    if day is not None and not _valid_day(year, month, day):
        return None
    weekday = lx.weekday_tokens[gd["wd"]] if gd.get("wd") else None
    kind = {(True, True): "date", (False, True): "month_day", (True, False): "month_year", (False, False): "month"}
    has_year = year is not None or short_year is not None
    return {"kind": kind[(has_year, day is not None)], "year": year, "month": month,
            "day": day, "weekday": weekday, "short_year": short_year}


def _calendar_parts() -> tuple[str, str, str, str, str, str]:
    """The pieces the calendar rules are written with: a month name, an optional leading
    weekday, optional 'on', 'the', 'of' and an optional trigger word ('in', 'since')."""
    lx = lexicon()
    month = rf"(?<!\w)(?P<m>{_alt(lx.month_tokens)})\b\.?"
    wd = rf"(?:(?P<wd>{_alt(lx.weekday_tokens)})\b\.?{COMMA}{SP})?"
    on, the, of = rf"(?:(?i:on){SP})?", rf"(?:(?i:the){SP})?", rf"(?:(?i:of){SP})?"
    trig = rf"(?:(?i:{_alt(lx.words('month_triggers'))}){SP})?"
    return month, wd, on, the, of, trig


def _date_rules() -> list[tuple[str, Handler]]:
    month, wd, on, the, of, trig = _calendar_parts()
    return [
        (rf"\b{on}{wd}{month}{SP}{_DAY}{COMMA}{SP}{_YEAR}", _calendar_fields),
        (rf"\b{on}{wd}{the}{_DAY}{SP}{of}{month}{COMMA}{SP}{_YEAR}", _calendar_fields),
        (rf"\b{on}{wd}{month}{SP}{_DAY}", _calendar_fields),
        (rf"\b{on}{wd}{the}{_DAY}{SP}{of}{month}", _calendar_fields),
        (rf"\b{trig}{month}{COMMA}{SP}{of}{_YEAR}", _calendar_fields),
        (rf"\b{on}{wd}{the}{_DAY}{SP}{of}{month}{SP}{_SHORT_YEAR}", _calendar_fields),
        (rf"\b{on}{wd}{the}{_DAY}{SP}{of}{month}{COMMA}{SP}{_APOSTROPHE_YEAR}", _calendar_fields),
        (rf"\b{on}{wd}{month}{SP}{_DAY}{COMMA}{SP}{_APOSTROPHE_YEAR}", _calendar_fields),
        (rf"\b{trig}{month}{COMMA}{SP}{_APOSTROPHE_YEAR}", _calendar_fields),
        (r"(?<![\w-])(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)(?![\w-])", _iso_fields),
        (r"(?<![\w$£€#.,/:-])(?P<a>[0-3]?\d)(?P<s>[/.])(?P<b>[01]?\d)(?P=s)(?P<y>\d{4}|\d\d)"
         r"(?![\w%]|[.,:/-]\d)", _numeric_fields),
    ]


def _year_relative_rules() -> list[tuple[str, Handler]]:
    """'on 1 May last year', 'in March this year', 'June 3 of the following year': a day or
    a month whose year is counted from the report (or from the event talked about)."""
    lx = lexicon()
    month, wd, on, the, of, trig = _calendar_parts()
    year = (rf"{COMMA}{SP}{of}(?i:(?P<mod>{_alt(lx.table('period_modifiers'))})"
            rf"|the{SP}(?P<rmod>{_alt(lx.table('reference_period_modifiers'))})){SP}(?i:year)\b")
    return [(rf"\b{on}{wd}{month}{SP}{_DAY}{year}", _year_relative_fields),
            (rf"\b{on}{wd}{the}{_DAY}{SP}{of}{month}{year}", _year_relative_fields),
            (rf"\b{trig}{month}{year}", _year_relative_fields)]


def _year_relative_fields(m: re.Match[str]) -> Fields | None:
    """The calendar fields (a month_day or a month) with the year as an offset in years."""
    fields = _calendar_fields(m)
    if fields is None:
        return None
    lx = lexicon()
    if m["mod"] is not None:
        offset, relative_to = int(lx.table("period_modifiers")[m["mod"].lower()]), "anchor"
    else:
        offset, relative_to = int(lx.table("reference_period_modifiers")[m["rmod"].lower()]), "reference"
    return fields | {"offset": offset, "unit": "year", "relative_to": relative_to}


def _iso_fields(m: re.Match[str]) -> Fields | None:
    year, month, day = int(m["y"]), int(m["mo"]), int(m["d"])
    if not (1 <= month <= 12 and _valid_day(year, month, day)):
        return None
    return {"kind": "date", "year": year, "month": month, "day": day}


def _numeric_fields(m: re.Match[str]) -> Fields | None:
    """'14.04.1889', '08.08.08', '25/12/11': day first with dots (the dotted form is
    day-first wherever it is used); with slashes only when day and month cannot be
    swapped ('05/02/12' is February or May: not a date). A two-digit year needs two-digit
    day and month, so that version numbers ('1.5.10') are not dates."""
    a, b, y = m["a"], m["b"], m["y"]
    short = len(y) == 2
    if short and (len(a) < 2 or len(b) < 2):
        return None
    first, second = int(a), int(b)
    if m["s"] == ".":
        day, month = first, second
    elif first == second or second > 12:
        day, month = second, first
    elif first > 12:
        day, month = first, second
    else:
        return None
    year = None if short else int(y)
    if not (1 <= month <= 12 and day >= 1 and _valid_day(year, month, day)):
        return None
    if year is not None and not 1800 <= year <= 2099:
        return None
    return {"kind": "date", "year": year, "month": month, "day": day,
            "short_year": int(y) if short else None}


def _bare_month_rule() -> tuple[str, Handler]:
    """'in March', 'mid-April', 'last May': a month name only counts after a trigger word,
    and not when a day follows it ('since March 15' is the day, read by the date rules)."""
    lx = lexicon()
    trig = _alt(lx.words("month_triggers") + list(lx.table("month_modifiers")))
    pattern = (rf"\b(?P<t>(?i:{trig}))(?:{SP}|(?<=-))(?P<m>{_alt(lx.months)})\b(?!['’]s)"
               rf"(?!\.?{SP}[0-3]?\d(?:st|nd|rd|th)?(?![\d%]))")

    def handle(m: re.Match[str]) -> Fields | None:
        trigger = m["t"].lower().rstrip("-")
        if m["m"] in lx.words("name_like_months") and trigger in lx.words("name_unsafe_triggers"):
            return None
        offset = lx.table("month_modifiers").get(trigger)
        return {"kind": "month", "month": lx.months[m["m"]], "offset": offset}

    return pattern, handle


def _year_rules() -> list[tuple[str, Handler]]:
    trig = rf"(?:(?i:{_alt(lexicon().words('month_triggers'))}){SP})?"
    guard = r"(?<![\w$£€#.,/:])(?<!\d-)"
    y1 = r"(?P<y>1[89]\d\d|20\d\d)"
    y2 = r"(?P<y2>1[89]\d\d|20\d\d)(?![\w%]|[.,:/]\d)"
    return [
        (rf"\b{trig}{guard}{_YEAR}", lambda m: {"kind": "year", "year": int(m["y"])}),
        (rf"\b(?i:between){SP}{y1}{SP}(?i:and){SP}{y2}", _span_fields),
        (rf"\b(?i:from){SP}{y1}{SP}(?i:to|until|till|through){SP}{y2}", _span_fields),
        (rf"{guard}\b{y1}[-–](?P<y2>\d\d(?:\d\d)?)(?![\w%-]|[.,:/]\d)", _span_fields),
        (rf"\b(?:(?i:the){SP})?{guard}(?P<y>1[89]\d0|20\d0)s\b", _decade_fields),
    ]


def _span_fields(m: re.Match[str]) -> Fields | None:
    start, tail = int(m["y"]), m["y2"]
    end = int(tail) if len(tail) == 4 else start // 100 * 100 + int(tail)
    if end <= start:
        return None
    return {"kind": "span", "year": start, "end_year": end}


def _decade_fields(m: re.Match[str]) -> Fields:
    return {"kind": "span", "year": int(m["y"]), "end_year": int(m["y"]) + 9}


def _weekday_rule() -> tuple[str, Handler]:
    """'on Monday', 'last Friday', 'Wednesday' (also bare, as in 'Austin Wednesday spoke')."""
    lx = lexicon()
    mods = lx.table("weekday_modifiers")
    parts = _alt(lx.words("parts_of_day"))
    pattern = (rf"\b(?:(?P<mod>(?i:{_alt(mods)})){SP})?(?P<wd>{_alt(lx.weekdays)})\b"
               rf"(?:{SP}(?:{parts})\b)?")

    def handle(m: re.Match[str]) -> Fields | None:
        if _blocked_weekday(m.string, m.start("wd"), m.end("wd")):
            return None
        offset = mods.get((m["mod"] or "on").lower())
        return {"kind": "weekday", "weekday": lx.weekdays[m["wd"]], "offset": offset}

    return pattern, handle


def _blocked_weekday(text: str, start: int, end: int) -> bool:
    """A weekday inside a name ('Good Friday Agreement', 'Sunday Times') is not a day."""
    lx = lexicon()
    before = text[max(0, start - 20):start].split()
    after = text[end:end + 20].split()
    if before and before[-1] in lx.words("weekday_blockers_before"):
        return True
    return bool(after) and after[0].strip(".,;:'’") in lx.words("weekday_blockers_after")


def _fixed_rule() -> tuple[str, Handler]:
    """Phrases with a fixed meaning ('yesterday', 'a day earlier' is handled by distance)."""
    table = {k.lower(): v for k, v in lexicon().table("fixed_phrases").items()}
    pattern = rf"\b(?i:{_alt(table)})\b"

    def handle(m: re.Match[str]) -> Fields | None:
        if _title_cased_name(m.string, m.start(), m[0]):
            return None
        kind, offset, unit, relative_to = table[m[0].lower()]
        return {"kind": kind, "offset": offset, "unit": unit, "relative_to": relative_to}

    return pattern, handle


def _title_cased_name(text: str, start: int, found: str) -> bool:
    """'USA Today', 'Pakistan Today': a capitalised phrase after a capitalised word is a name."""
    if not found[:1].isupper():
        return False
    before = text[max(0, start - 30):start]
    if not before.strip() or before.rstrip()[-1:] in ".!?:\"“”'‘’\n":
        return False
    words = before.split()
    return bool(words) and words[-1][:1].isupper()


def _relative_rules() -> list[tuple[str, Handler]]:
    lx = lexicon()
    num = _alt(list(lx.table("number_words")) + list(lx.table("vague_numbers")))
    n = rf"(?P<n>\d{{1,3}}|{num})"
    units = _alt(lx.table("units"))
    return [
        (rf"\b(?i:(?P<mod>{_alt(lx.table('period_modifiers'))}){SP}(?P<u>week|month|year))\b",
         _period_fields),
        (rf"\b(?i:(?:(?:in|over|during|within|for){SP})?(?:the|this){SP}"
         rf"(?P<dir>{_alt(lx.table('trailing_modifiers'))})(?:{SP}{n})?{SP}(?P<u>{units}))\b",
         _trailing_fields),
        (rf"\b(?i:{n}{SP}(?P<u>{units}){SP}(?P<rel>{_alt(lx.table('distance_words'))}))\b",
         _distance_fields),
        (rf"\b(?i:the{SP}(?P<dir>{_alt(lx.table('reference_period_modifiers'))}){SP}"
         rf"(?P<u>week|month|year))\b", _reference_period_fields),
    ]


def _period_fields(m: re.Match[str]) -> Fields:
    offset = int(lexicon().table("period_modifiers")[m["mod"].lower()])
    return {"kind": "relative_period", "offset": offset, "unit": m["u"].lower()}


def _unit_amount(m: re.Match[str]) -> tuple[str, int, bool]:
    """(unit, amount, vague) of a match; hours become whole days, rounded up."""
    unit = lexicon().table("units")[m["u"].lower()]
    vague = _vague(m["n"])
    amount = vague or (_number(m["n"]) if m["n"] else 1)
    if unit == "hour":
        return "day", max(1, -(-amount // 24)), vague is not None
    return unit, amount, vague is not None


def _trailing_fields(m: re.Match[str]) -> Fields | None:
    if m["n"] is None and m["u"].lower().endswith("s"):
        return None  # "the last days of the campaign" is not a window
    unit, amount, _ = _unit_amount(m)
    sign = int(lexicon().table("trailing_modifiers")[m["dir"].lower()])
    return {"kind": "trailing", "offset": sign * amount, "unit": unit}


def _distance_fields(m: re.Match[str]) -> Fields:
    """'two days ago' (from the report), 'a day earlier' (from the event talked about)."""
    sign, relative_to = lexicon().table("distance_words")[m["rel"].lower()]
    unit, amount, vague = _unit_amount(m)
    kind = "trailing" if vague else ("relative_day" if unit == "day" else "relative_period")
    return {"kind": kind, "offset": int(sign) * amount, "unit": unit, "relative_to": relative_to}


def _reference_period_fields(m: re.Match[str]) -> Fields:
    offset = int(lexicon().table("reference_period_modifiers")[m["dir"].lower()])
    return {"kind": "relative_period", "offset": offset, "unit": m["u"].lower(),
            "relative_to": "reference"}


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[re.Pattern[str], Handler], ...]:
    specs = [*_date_rules(), *_year_relative_rules(), _bare_month_rule(), *_year_rules(), _weekday_rule(),
             _fixed_rule(), *_relative_rules()]
    return tuple((re.compile(p), h) for p, h in specs)


# --------------------------------------------------------------------------- finding


def find_timexes(text: str) -> list[Timex]:
    """All temporal expressions of ``text``, in order, without overlaps.

    Every rule proposes spans; where spans overlap, the leftmost then longest wins, so
    'Wednesday Aug 11 2021' is one date rather than a weekday and a date.
    """
    candidates = sorted(_candidates(text), key=lambda t: (t.start, -(t.end - t.start)))
    chosen: list[Timex] = []
    for t in candidates:
        if not chosen or t.start >= chosen[-1].end:
            chosen.append(t)
    return chosen


def _candidates(text: str) -> Iterable[Timex]:
    for pattern, handle in _rules():
        for m in pattern.finditer(text):
            fields = handle(m)
            if fields is not None and m.end() > m.start():
                yield Timex(start=m.start(), end=m.end(), text=m[0], **fields)


@dataclass(frozen=True)
class Duration:
    """A length of time in the text ("five years", "a decade", "several days") and its ISO
    8601 value ("P5Y", "P10Y", "PXD": X where the amount is vague)."""

    start: int
    end: int
    text: str
    value: str


@lru_cache(maxsize=1)
def _duration_rule() -> re.Pattern[str]:
    lx = lexicon()
    num = _alt(list(lx.table("number_words")) + list(lx.table("vague_numbers")))
    units = _alt(lx.raw.get("duration_units") or {})
    after = _alt(lx.table("distance_words"))
    return re.compile(rf"\b(?i:(?P<n>\d{{1,4}}|{num})(?:{SP}|-)(?P<u>{units}))\b(?!-old|{SP}(?i:{after})\b)")


def find_durations(text: str) -> list[Duration]:
    """Lengths of time with an amount ("two weeks", "a decade", "18-month"), kept apart from
    ``find_timexes``: a duration says how long, not when, so it never dates an event. One
    followed by a distance word ("two days ago") is a date and left to ``find_timexes``."""
    lx = lexicon()
    table = {str(k).lower(): v for k, v in (lx.raw.get("duration_units") or {}).items()}
    out = []
    for m in _duration_rule().finditer(text):
        factor, designator = table[m["u"].lower()]
        amount = "X" if _vague(m["n"]) else str(_number(m["n"]) * int(factor))
        out.append(Duration(m.start(), m.end(), m[0], "P" + ("T" if designator.startswith("T") else "")
                            + amount + designator.lstrip("T")))
    return out


# --------------------------------------------------------------------------- tense


@dataclass(frozen=True)
class _TenseCues:
    future: re.Pattern[str]
    occasion: re.Pattern[str]
    occasion_cancellers: re.Pattern[str]
    cancellers: frozenset[str]
    day_before: dict[str, str]

    def marked(self, pattern: re.Pattern[str], sentence: str) -> bool:
        """A marker of ``pattern`` that no canceller ('had been', 'as') stands right before."""
        for m in pattern.finditer(sentence):
            words = sentence[:m.start()].lower().split()
            if not {" ".join(words[-1:]), " ".join(words[-2:])} & self.cancellers:
                return True
        return False


@lru_cache(maxsize=1)
def _tense_cues() -> _TenseCues:
    lx = lexicon()

    def phrases(key: str) -> re.Pattern[str]:
        alts = sorted((r"\s+".join(map(re.escape, w.split())) for w in lx.words(key)), key=len, reverse=True)
        return re.compile(r"(?<![\w'’])(?:" + "|".join(alts) + r")(?![\w'’])", re.I)

    return _TenseCues(phrases("future_markers"), phrases("occasion_markers"), phrases("occasion_cancellers"),
                      frozenset(w.lower() for w in lx.words("marker_cancellers")),
                      {k.lower(): str(v) for k, v in lx.table("day_markers_before").items()})


def read_tense(sentence: str, t: Timex) -> str:
    """The tense to resolve ``t`` in, read from its sentence without a parse (topic
    timelines, happenings; events read a clause's tense from the parse).

    A future marker ("will", "is due to") makes any date future. Looser cues of an
    occasion still to come ("the upcoming vote", "it can not be held", "ahead of") and
    "until" right before the day make only a day of the month future: ``resolve`` then
    takes the coming such day only within ``FUTURE_HORIZON_DAYS``, and otherwise the past
    one, so such a cue cannot send a day a year ahead; and not in a sentence that names an
    earlier year ('last year'). "since" right before a day of the month keeps it past
    whatever the sentence says. A marker right after "had (been)" or "as" is a plan of the
    past ("had been scheduled to start on Tuesday"). Otherwise past: news reports what
    happened. The words are in ``timex.yaml``.
    """
    cues = _tense_cues()
    words = sentence[:t.start].split()
    day = t.kind == "month_day"
    marker = cues.day_before.get(words[-1].lower().strip("\"'“‘(,;:")) if words and day else None
    if marker == "past":
        return "past"
    if cues.marked(cues.future, sentence):
        return "future"
    if day and not cues.occasion_cancellers.search(sentence) and (
            marker == "future" or cues.marked(cues.occasion, sentence)):
        return "future"
    return "past"


# --------------------------------------------------------------------------- resolving


def resolve(t: Timex, anchor: dt.date | None, tense: str = "past",
            reference: dt.date | None = None) -> EventDate | None:
    """The interval ``t`` denotes, given the report date and the clause's tense.

    Absolute forms need nothing else. Forms counted from the report need ``anchor``;
    forms counted from the event talked about use ``reference`` (else the anchor).
    Returns None when the evidence cannot place ``t`` on the calendar.
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
    if t.short_year is not None and t.year is None:  # '05 February 12': the century comes from the anchor
        whole = full_year(t, anchor.year) if anchor is not None else None
        if whole is None or anchor is None:
            return None
        return _absolute(whole, f", '{t.short_year:02d}' read as {whole.year} (nearest published {anchor})")
    absolute = _absolute(t)
    if absolute is not None:
        return absolute
    base = (reference or anchor) if t.relative_to == "reference" else anchor
    if base is None:
        return None
    return _RELATIVE[t.kind](t, base, _tense_of(t, tense))


def _tense_of(t: Timex, tense: str) -> str:
    """'earlier this week' is past and 'later this month' future whatever the verb says."""
    first = t.text.split()[0].lower() if t.text.split() else ""
    return {"earlier": "past", "later": "future"}.get(first, tense)


def full_year(t: Timex, near: int) -> Timex | None:
    """``t`` with its two-digit year made whole: the year ending in those digits nearest the
    year ``near`` (the report's), the earlier of two equally near ('12' near 2011 is 2012,
    '99' near 2001 is 1999, '45' near 2012 is 2045). None when no such year has the day
    ('29 February 01')."""
    if t.short_year is None or t.year is not None:
        return t
    options = [(near // 100 + k) * 100 + t.short_year for k in (-1, 0, 1)]
    if t.month is not None and t.day is not None:
        options = [y for y in options if _valid_day(y, t.month, t.day)]
    if not options:
        return None
    return replace(t, year=min(options, key=lambda y: (abs(y - near), y)), short_year=None)


def _absolute(t: Timex, how: str = "") -> EventDate | None:
    said = f"'{t.text}' stated{how}"
    if t.kind == "date" and t.year and t.month and t.day:
        return EventDate.day(dt.date(t.year, t.month, t.day), said)
    if t.kind == "month_year" and t.year and t.month:
        return EventDate.span(*month_bounds(t.year, t.month), said, "month")
    if t.kind == "year" and t.year:
        return EventDate.span(dt.date(t.year, 1, 1), dt.date(t.year, 12, 31), said, "year")
    if t.kind == "span" and t.year and t.end_year:
        return EventDate.span(dt.date(t.year, 1, 1), dt.date(t.end_year, 12, 31), said, "range")
    return None


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar month."""
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _said(t: Timex, base: dt.date, tense: str) -> str:
    if t.relative_to == "reference":
        return f"'{t.text}' relative to {base.isoformat()}"
    word = {"past": "before", "future": "after"}.get(tense, "around")
    return f"'{t.text}' {word} published {base.isoformat()}"


def _weekday(t: Timex, base: dt.date, tense: str) -> EventDate | None:
    """Past: the latest such weekday on/before the base; future: the next on/after.

    'last Monday' and 'next Monday' (offset set) exclude the base day itself.
    """
    if t.weekday is None:
        return None
    forward = t.offset == 1 or (t.offset is None and tense == "future")
    if forward:
        delta = (t.weekday - base.weekday()) % 7 or (7 if t.offset else 0)
        return EventDate.day(base + dt.timedelta(days=delta), _said(t, base, "future"))
    delta = (base.weekday() - t.weekday) % 7 or (7 if t.offset else 0)
    return EventDate.day(base - dt.timedelta(days=delta), _said(t, base, "past"))


def _month_day(t: Timex, base: dt.date, tense: str) -> EventDate | None:
    """The year that puts the day nearest the base in the tense's direction.

    Past: the latest such day on or before the base. Future: the next one on or after it
    if it comes within ``FUTURE_HORIZON_DAYS``, else the latest past one. Present: the
    nearest either way.
    """
    if t.month is None or t.day is None:
        return None
    if t.unit == "year" and t.offset is not None:  # 'on 1 May last year': the year is given
        year = base.year + t.offset
        if not _valid_day(year, t.month, t.day):
            return None
        day = dt.date(year, t.month, t.day)
        return EventDate.day(day, _said(t, base, "past" if day <= base else "future"))
    options = [dt.date(y, t.month, t.day) for y in range(base.year - 1, base.year + 2)
               if _valid_day(y, t.month, t.day)]
    past = [d for d in options if d <= base][-1:]
    if tense == "past":
        options = past
    elif tense == "future":
        options = [d for d in options if base <= d <= base + dt.timedelta(days=FUTURE_HORIZON_DAYS)][:1] or past
    if not options:
        return None
    day = min(options, key=lambda d: abs((d - base).days))
    return EventDate.day(day, _said(t, base, "past" if tense == "future" and day < base else tense))


def _month(t: Timex, base: dt.date, tense: str) -> EventDate | None:
    """'in March': the latest March not after the base (past) or the next one (future)."""
    if t.month is None:
        return None
    if t.unit == "year" and t.offset is not None:  # "in March last year": the year is given
        year = base.year + t.offset
        first = dt.date(year, t.month, 1)
        return EventDate.span(*month_bounds(year, t.month), _said(t, base, "past" if first <= base else "future"),
                              "month")
    if t.offset is not None and t.offset < 0:   # "last March": strictly before the base month
        year = base.year - (t.month >= base.month)
    elif t.offset is not None and t.offset > 0:  # "next March": strictly after
        year = base.year + (t.month <= base.month)
    elif t.offset == 0 or tense == "present":
        year = base.year
    elif tense == "past":
        year = base.year - (t.month > base.month)
    else:
        year = base.year + (t.month < base.month)
    return EventDate.span(*month_bounds(year, t.month), _said(t, base, tense), "month")


def _relative_day(t: Timex, base: dt.date, tense: str) -> EventDate:
    day = base + dt.timedelta(days=t.offset or 0)
    return EventDate.day(day, _said(t, base, "past" if (t.offset or 0) <= 0 else "future"))


def _relative_period(t: Timex, base: dt.date, tense: str) -> EventDate | None:
    """Calendar week (Mon..Sun), month or year, shifted by ``offset``.

    The current period in a past clause ends at the base, in a future clause starts there.
    """
    offset = t.offset or 0
    if t.unit == "week":
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=offset)
        lo, hi = monday, monday + dt.timedelta(days=6)
    elif t.unit == "month":
        lo, hi = month_bounds(*shift_month(base.year, base.month, offset))
    elif t.unit == "year":
        lo, hi = dt.date(base.year + offset, 1, 1), dt.date(base.year + offset, 12, 31)
    else:
        return None
    if lo <= base <= hi and tense != "present":
        lo, hi = (lo, base) if tense == "past" else (base, hi)
        return EventDate.span(lo, hi, _said(t, base, tense), "range")
    return EventDate.span(lo, hi, _said(t, base, tense), t.unit)


def _trailing(t: Timex, base: dt.date, tense: str) -> EventDate | None:
    """'the past three days': from three days before the base up to the base."""
    if t.offset is None or t.unit not in UNIT_DAYS:
        return None
    reach = dt.timedelta(days=abs(t.offset) * UNIT_DAYS[t.unit])
    lo, hi = (base - reach, base) if t.offset < 0 else (base, base + reach)
    return EventDate.span(lo, hi, _said(t, base, "past" if t.offset < 0 else "future"), "range")


_RELATIVE: dict[str, Callable[[Timex, dt.date, str], EventDate | None]] = {
    "weekday": _weekday,
    "month_day": _month_day,
    "month": _month,
    "relative_day": _relative_day,
    "relative_period": _relative_period,
    "trailing": _trailing,
    "date": lambda t, b, s: None,
    "month_year": lambda t, b, s: None,
    "year": lambda t, b, s: None,
    "span": lambda t, b, s: None,
}

__all__ = [
    "FUTURE_HORIZON_DAYS", "KINDS", "TENSES", "Duration", "Lexicon", "Timex", "find_durations", "find_timexes", "full_year", "lexicon",
    "load_lexicon", "month_bounds", "read_tense",
    "resolve", "shift_month",
]
