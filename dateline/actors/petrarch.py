"""PETRARCH / TABARI actor dictionaries as knowledge-base rows.

Event-data projects keep decades of actor knowledge in this format::

    GOLLUM              # an entry: a name (words joined by "_"), then its code(s)
    +SMEAGOL            # another name of the same actor
        [HOB <950601]               # a code that holds before a date
        [HOBGOV 19950601-19990815]  # ... within dates
        [HOBREB >990816]            # ... after a date
    GONDOR [GON]        # a code on the same line, no dates

A code is a country (first three letters) and an optional sector (the rest): ``HOBGOV``
is a government actor of ``HOB``. We map entries onto our knowledge base by what they
carry: an entry with dated codes becomes a *person* with dated roles (the one place the
knowledge base resolves a name at a date, so "Sam Gamgee" of 2009 is not the one of
2013); a bare three-letter code becomes a *country* (all its names as aliases); a longer
code an *organisation* of that country and sector. An undated code beside dated ones
fills the time they leave uncovered, as PETRARCH uses it. Placeholder codes (``---``,
``+++``, ``###``) mark "no actor" and are dropped; of a compound code (``[FRO/BIL]``)
the first part is kept, since one name resolves to one actor here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import KnowledgeError

_CODE = re.compile(r"\[([^\]]*)\]")
_PLACEHOLDER = re.compile(r"^[-+#~]*$")
_DATES = re.compile(r"^(?:(?P<op>[<>])\s*(?P<d>\d{6}|\d{8})|(?P<a>\d{6}|\d{8})\s*-\s*(?P<b>\d{6}|\d{8}))$")
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DatedCode:
    """One actor code and the days it holds (ISO dates; None = open)."""

    code: str
    start: str | None = None
    end: str | None = None

    @property
    def country(self) -> str:
        return self.code[:3]

    @property
    def sector(self) -> str:
        return self.code[3:]


@dataclass(frozen=True)
class DictActor:
    """One dictionary entry: its names as written in text, and its codes."""

    name: str
    aliases: tuple[str, ...]
    codes: tuple[DatedCode, ...]

    @property
    def dated(self) -> bool:
        return any(c.start or c.end for c in self.codes)


def surface(raw: str) -> str:
    """A dictionary name as text writes it: "SAM_GAMGEE" -> "Sam Gamgee"; words with dots
    ("U.N.") and two-letter capitals inside a longer name ("THE_AU") keep their case."""
    words = raw.replace("_", " ").split()
    return " ".join(w if "." in w or (len(words) > 1 and len(w) <= 2 and w.isupper() and w not in _SMALL)
                    else w.capitalize() for w in words)


_SMALL = frozenset({"OF", "DE", "AL"})


def _day(value: str, where: str) -> dt.date:
    """YYYYMMDD, or TABARI's YYMMDD (years before 30 are 20xx)."""
    if len(value) == 6:
        value = ("20" if int(value[:2]) < 30 else "19") + value
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise KnowledgeError(where, f"not a date: {value!r}") from None


def parse_code(text: str, where: str) -> DatedCode | None:
    """"HOBGOV 20121109-20130119" -> a DatedCode; placeholders and empty codes -> None."""
    parts = text.strip().split(None, 1)
    if not parts:
        return None
    code = parts[0].split("/")[0].strip("~").upper()
    if _PLACEHOLDER.match(code) or len(code) < 3:
        return None
    if len(parts) == 1:
        return DatedCode(code)
    m = _DATES.match(parts[1].strip())
    if m is None:
        raise KnowledgeError(where, f"cannot read the date restriction {parts[1]!r}")
    if m["op"] == "<":
        return DatedCode(code, None, (_day(m["d"], where) - _ONE_DAY).isoformat())
    if m["op"] == ">":
        return DatedCode(code, (_day(m["d"], where) + _ONE_DAY).isoformat(), None)
    return DatedCode(code, _day(m["a"], where).isoformat(), _day(m["b"], where).isoformat())


def parse_actors(text: str, where: str = "<petrarch>") -> list[DictActor]:
    """Every entry of an actor dictionary with at least one real code, in file order."""
    entries: list[tuple[str, list[str], list[DatedCode]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        body = line.split("#", 1)[0].rstrip()
        if not body.strip() or body.lstrip().startswith("<"):
            continue
        here = f"{where}:{number}"
        codes = [c for c in (parse_code(m, here) for m in _CODE.findall(body)) if c]
        head = _CODE.sub(" ", body).strip()
        if body[0].isspace() or not head:
            if entries:
                entries[-1][2].extend(codes)
        elif head.startswith("+"):
            if entries:
                entries[-1][1].append(surface(head[1:]))
        else:
            entries.append((surface(head), [], codes))
    return [DictActor(n, tuple(dict.fromkeys(a)), tuple(_fill_gaps(c))) for n, a, c in entries if c]


def _fill_gaps(codes: list[DatedCode]) -> list[DatedCode]:
    """Dated codes as they are; an undated one beside them covers only the days they leave."""
    dated = sorted((c for c in codes if c.start or c.end), key=lambda c: c.start or "")
    plain = [c for c in codes if not (c.start or c.end)]
    if not dated or not plain:
        return dated or plain[:1]
    gaps, cursor = [], None  # cursor: the first day not yet covered (None = the beginning of time)
    for c in dated:
        if c.start and (cursor is None or c.start > cursor):
            gaps.append(DatedCode(plain[0].code, cursor, (dt.date.fromisoformat(c.start) - _ONE_DAY).isoformat()))
        if c.end is None:
            return dated + gaps
        nxt = (dt.date.fromisoformat(c.end) + _ONE_DAY).isoformat()
        cursor = nxt if cursor is None or nxt > cursor else cursor
    return dated + gaps + [DatedCode(plain[0].code, cursor, None)]


@dataclass(frozen=True)
class Tables:
    """Rows for the user knowledge base's countries.csv, orgs.csv, people.csv and roles.csv."""

    countries: tuple[dict[str, str], ...]
    orgs: tuple[dict[str, str], ...]
    people: tuple[dict[str, str], ...]
    roles: tuple[dict[str, str], ...]


def to_tables(actors: list[DictActor], known_codes: frozenset[str] = frozenset()) -> Tables:
    """Knowledge-base rows for the entries; every country code used gets a country row
    (named by its first entry, or by the code itself) unless ``known_codes`` has it."""
    countries: dict[str, dict[str, str]] = {}
    orgs, people, roles = [], [], []
    for a in actors:
        names = _names(a)
        if a.dated:
            pid = "petrarch_" + re.sub(r"[^a-z0-9]+", "_", a.name.lower()).strip("_")
            people.append({"person_id": pid, "name": a.name, "aliases": "|".join(names[1:]), "surname": "-"})
            roles += [_role(pid, c) for c in a.codes]
        elif len(a.codes[0].code) == 3:
            if a.codes[0].code in known_codes:
                continue  # the shipped country stays as it is
            row = countries.setdefault(a.codes[0].code, {"iso3": a.codes[0].code, "name": a.name, "aliases": "",
                                                         "demonyms": "", "capitals": ""})
            old = [n for n in row["aliases"].split("|") if n]
            row["aliases"] = "|".join(n for n in dict.fromkeys(old + names) if n != row["name"])
        else:
            c = a.codes[0]
            orgs.append({"org_id": "petrarch_" + re.sub(r"[^a-z0-9]+", "_", a.name.lower()).strip("_"),
                         "name": a.name, "aliases": "|".join(names[1:]), "generic_aliases": "",
                         "country": c.country, "sector": c.sector})
    for code in sorted({c.country for a in actors for c in a.codes} - set(countries) - known_codes):
        countries[code] = {"iso3": code, "name": code, "aliases": "", "demonyms": "", "capitals": ""}
    return Tables(tuple(countries.values()), tuple(orgs), tuple(people), tuple(roles))


def _names(a: DictActor) -> list[str]:
    """The entry's names, each also without a leading "The" ("The Shire" is "the Shire" mid-sentence)."""
    out = []
    for n in (a.name, *a.aliases):
        out.append(n)
        if n.startswith("The ") and len(n) > 4:
            out.append(n[4:])
        if " " not in n and len(n) <= 4 and n.isalpha():
            out.append(n.upper())  # "IMF", "PLO": a short one-word name may be an acronym
    return list(dict.fromkeys(out))


def _role(pid: str, c: DatedCode) -> dict[str, str]:
    return {"person_id": pid, "office": c.code, "office_key": c.code.lower(), "country": c.country,
            "sector": c.sector or "", "start": c.start or "", "end": c.end or "", "approx": "0", "acting": "0"}


def read_actor_file(path: Path) -> list[DictActor]:
    """Parse a dictionary file; unreadable files and bad date restrictions are KnowledgeErrors."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise KnowledgeError(str(path), f"cannot read: {exc}") from exc
    return parse_actors(text, str(path))


def import_file(path: Path) -> Tables:
    """Knowledge-base rows for an actor dictionary file; countries the shipped knowledge
    base already has keep their shipped rows."""
    from .kb import default_kb

    kb = default_kb()
    known = frozenset(c.iso3 for c in kb.countries) | kb.igo_codes()
    return to_tables(read_actor_file(path), known)
