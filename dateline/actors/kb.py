"""The actor knowledge base: people with dated roles, countries and organisations.

News text names people by surname ("Blinken"), by alias ("Bilawal"), with a rank
("Gen Bajwa") or only by title ("the army chief"). A timeline needs canonical names,
countries and sectors, and tenures also date events ("Rubio has been Secretary of State
since 2025-01-21"). So every role carries its tenure, and a name is resolved *at a
date*: the "Sharif" of 2016 is not the "Sharif" of 2023.

Knowledge lives in ``data/*.csv``; a user adds rows in a folder holding files of the
same names (``KB.load(extra_dir)``, ``save_user_entries``, ``import_file``).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.actors import titles
from dateline.errors import KnowledgeError
from dateline.model import Actor, Role

DATA_DIR = Path(__file__).parent / "data"
PEOPLE_COLUMNS = ("person_id", "name", "aliases", "surname", "wikidata")  # wikidata: optional, e.g. Q76
ROLE_COLUMNS = ("person_id", "office", "office_key", "country", "sector", "start", "end", "approx", "acting")
COUNTRY_COLUMNS = ("iso3", "name", "aliases", "demonyms", "capitals")
ORG_COLUMNS = ("org_id", "name", "aliases", "generic_aliases", "country", "sector")
_FOLD = str.maketrans({"’": "'", "‘": "'", "ı": "i", "ø": "o", "æ": "ae", "đ": "d", "ł": "l",
                       "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", ".": ""})
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


# -- records ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    wikidata: str | None = None  # a Wikidata item id ("Q76") where a data file gives one; never guessed


@dataclass(frozen=True)
class Holding:
    """One role of one person, with the facts ``Role`` does not carry."""

    person_id: str
    role: Role
    office_key: str
    approx: bool = False  # a tenure date is only known to the month
    acting: bool = False  # acting/caretaker: may overlap a substantive holder


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Org:
    org_id: str
    name: str
    aliases: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()  # "Foreign Office": only with a country ("Pakistan's Foreign Office")
    country: str | None = None
    sector: str = "GOV"


# -- text normalisation --------------------------------------------------------------------------

def normalize(text: str) -> str:
    """Case-, accent-, dot- and hyphen-insensitive key: "Bhutto-Zardari" == "bhutto zardari"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_FOLD)
    text = re.sub(r"[,;:()\[\]\"“”!?]", " ", text)
    return " ".join(text.split())


def strip_possessive(text: str) -> str:
    return re.sub(r"(?:['’]s|s['’])$", lambda m: "s" if m.group(0)[0] == "s" else "", text.strip())


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", normalize(name)).strip("_") or "person"


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


# -- reading files ----------------------------------------------------------------------------------

def _read_rows(path: Path, columns: Sequence[str], required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers; missing columns are a KnowledgeError."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or ())]
            if missing:
                raise KnowledgeError(str(path), f"line 1: missing column(s) {', '.join(missing)}")
            rows = [(reader.line_num, {c: (r.get(c) or "").strip() for c in columns}) for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise KnowledgeError(str(path), f"cannot read: {exc}") from exc
    return rows


def _date(value: str, where: str, line: int) -> str | None:
    """An ISO date (or None for empty); Wikidata's '+2021-01-26T00:00:00Z' and 'YYYY-MM' pass."""
    value = value.strip().lstrip("+")
    if not value:
        return None
    value = value[:10]
    if re.match(r"^\d{4}$", value):
        value += "-01-01"
    elif re.match(r"^\d{4}-\d{2}$", value):
        value += "-01"
    try:
        if not _ISO.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise KnowledgeError(where, f"line {line}: not a date: {value!r}") from None
    return value


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "y"}


def _load_countries(paths: Iterable[Path]) -> tuple[Country, ...]:
    found: dict[str, Country] = {}
    for path in paths:
        for line, r in _read_rows(path, COUNTRY_COLUMNS, ("iso3", "name")):
            if not r["iso3"] or not r["name"]:
                raise KnowledgeError(str(path), f"line {line}: iso3 and name are required")
            found[r["iso3"]] = Country(r["iso3"], r["name"], _split(r["aliases"]), _split(r["demonyms"]),
                                       _split(r["capitals"]))
    return tuple(found.values())


def _load_orgs(paths: Iterable[Path]) -> tuple[Org, ...]:
    found: dict[str, Org] = {}
    for path in paths:
        for line, r in _read_rows(path, ORG_COLUMNS, ("org_id", "name")):
            if not r["org_id"] or not r["name"]:
                raise KnowledgeError(str(path), f"line {line}: org_id and name are required")
            found[r["org_id"]] = Org(r["org_id"], r["name"], _split(r["aliases"]), _split(r["generic_aliases"]),
                                     r["country"] or None, r["sector"] or "GOV")
    return tuple(found.values())


_PersonRow = tuple[str, tuple[str, ...], tuple[str, ...] | None, str | None]


def _load_people(paths: Iterable[Path]) -> dict[str, _PersonRow]:
    """person_id -> (name, aliases, surnames or None to derive them, Wikidata id); later files
    add aliases and may supply the Wikidata id the shipped file leaves empty."""
    found: dict[str, _PersonRow] = {}
    for path in paths:
        for line, r in _read_rows(path, PEOPLE_COLUMNS, ("name",)):
            if not r["name"]:
                raise KnowledgeError(str(path), f"line {line}: name is required")
            pid = r["person_id"] or slugify(r["name"])
            old = found.get(pid)
            surnames = None if not r["surname"] else (() if r["surname"] == "-" else _split(r["surname"]))
            aliases = tuple(dict.fromkeys((old[1] if old else ()) + _split(r["aliases"])))
            qid = wikidata_id(r["wikidata"], str(path), line) or (old[3] if old else None)
            found[pid] = (old[0] if old else r["name"], aliases, surnames if surnames is not None else
                          (old[2] if old else None), qid)
    return found


def wikidata_id(value: str | None, where: str, line: int) -> str | None:
    """A Wikidata item id ("Q76") from an id or an entity URI; empty is None, anything else
    is an error, so that a wrong column never passes for an identifier."""
    value = str(value or "").strip().rsplit("/", 1)[-1]
    if not value:
        return None
    if not _QID.match(value):
        raise KnowledgeError(where, f"line {line}: not a Wikidata item id (like Q76): {value!r}")
    return value


def _load_holdings(paths: Iterable[Path], people: set[str], codes: set[str]) -> list[Holding]:
    out: list[Holding] = []
    for path in paths:
        for line, r in _read_rows(path, ROLE_COLUMNS, ("person_id", "office", "country")):
            out.append(_holding(r, str(path), line, people, codes))
    return list(dict.fromkeys(out))


def _holding(r: dict[str, str], where: str, line: int, people: set[str], codes: set[str]) -> Holding:
    if r["person_id"] not in people:
        raise KnowledgeError(where, f"line {line}: unknown person_id {r['person_id']!r}")
    if r["country"] not in codes:
        raise KnowledgeError(where, f"line {line}: unknown country or organisation code {r['country']!r}")
    if not r["office"]:
        raise KnowledgeError(where, f"line {line}: office is required")
    start, end = _date(r["start"], where, line), _date(r["end"], where, line)
    if start and end and end < start:
        raise KnowledgeError(where, f"line {line}: tenure ends before it starts ({start}..{end})")
    key = r["office_key"] or titles.office_key_for(r["office"], r["country"])
    sector = r["sector"] or titles.sector_for(r["office"]) or "GOV"
    role = Role(r["office"], r["country"], sector, start, end)
    return Holding(r["person_id"], role, key, _flag(r["approx"]), _flag(r["acting"]))


# -- indexes ----------------------------------------------------------------------------------------

def derive_surnames(name: str) -> tuple[str, ...]:
    """The family name of a full name: the last word with its particles ("bin Salman",
    "von der Leyen", "Al Thani"), ignoring suffixes ("Brown" of "Charles Q. Brown Jr.")."""
    vocab = titles.vocabulary()
    words = [w for w in name.replace(",", " ").split() if w not in vocab.name_suffixes]
    if len(words) < 2:
        return ()
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in vocab.particles:
        i -= 1
    return (" ".join(words[i:]),)


def _name_keys(form: str) -> set[str]:
    """Keys of one written name: itself, and without middle initials ("Antony J. Blinken")."""
    key = normalize(form)
    words = key.split()
    keys = {key}
    if len(words) >= 3:
        keys.add(" ".join(w for i, w in enumerate(words) if len(w) > 1 or i in (0, len(words) - 1)))
    return {k for k in keys if k}


@dataclass
class _Index:
    full: dict[str, set[str]] = field(default_factory=dict)
    surname: dict[str, set[str]] = field(default_factory=dict)
    first: dict[str, set[str]] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=dict)  # person_id -> every name word
    people: dict[str, Person] = field(default_factory=dict)  # person_id -> person
    country_exact: dict[str, Country] = field(default_factory=dict)
    country_norm: dict[str, Country] = field(default_factory=dict)
    org_exact: dict[str, Org] = field(default_factory=dict)
    org_norm: dict[str, Org] = field(default_factory=dict)
    org_generic: dict[tuple[str, str], Org] = field(default_factory=dict)


def _add(table: dict[str, set[str]], key: str, pid: str) -> None:
    table.setdefault(key, set()).add(pid)


def _index_person(ix: _Index, p: Person, surnames: tuple[str, ...]) -> None:
    ix.people[p.person_id] = p
    ix.words[p.person_id] = set()
    for form in (p.name, *p.aliases):
        for key in _name_keys(form):
            _add(ix.full, key, p.person_id)
            ix.words[p.person_id].update(key.split())
    for s in surnames:
        _add(ix.surname, normalize(s), p.person_id)
    first = normalize(p.name).split()[:1]
    if first and len(normalize(p.name).split()) > 1:
        _add(ix.first, first[0], p.person_id)


def _index_named(exact: dict[str, Any], norm: dict[str, Any], forms: Iterable[str], item: Any) -> None:
    """Acronyms ("US", "WHO") match only as written; other forms ignore case and accents."""
    for form in forms:
        if _is_acronym(form):
            exact.setdefault(form, item)
            exact.setdefault(form.replace(".", ""), item)
        else:
            norm.setdefault(normalize(form), item)


# -- the knowledge base ---------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class KB:
    """People, roles, countries and organisations, with lookups at a date. Immutable."""

    people: tuple[Person, ...]
    holdings: tuple[Holding, ...]
    countries: tuple[Country, ...]
    orgs: tuple[Org, ...]
    surnames: tuple[tuple[str, tuple[str, ...]], ...] = ()  # person_id -> surnames, where not derived
    _ix: _Index = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ix", self._build_index())

    def _build_index(self) -> _Index:
        ix = _Index()
        given = dict(self.surnames)
        for p in self.people:
            _index_person(ix, p, given.get(p.person_id, derive_surnames(p.name)))
        for c in self.countries:
            _index_named(ix.country_exact, ix.country_norm, (c.name, *c.aliases, *c.demonyms, *c.capitals), c)
        for o in self.orgs:
            _index_named(ix.org_exact, ix.org_norm, (o.name, *o.aliases), o)
            for g in o.generic:
                ix.org_generic.setdefault((o.country or "", normalize(g)), o)
        return ix

    # -- loading ------------------------------------------------------------------------------------
    @classmethod
    def load(cls, extra_dir: Path | None = None) -> "KB":
        """The shipped data plus a user's files of the same names in ``extra_dir``."""
        dirs = [DATA_DIR] + ([Path(extra_dir)] if extra_dir else [])

        def files(name: str) -> list[Path]:
            return [d / name for d in dirs if (d / name).exists()]

        countries, orgs = _load_countries(files("countries.csv")), _load_orgs(files("orgs.csv"))
        codes = {c.iso3 for c in countries} | {o.country for o in orgs if o.sector == "IGO" and o.country}
        raw = _load_people(files("people.csv"))
        holdings = _load_holdings(files("roles.csv"), set(raw), codes)
        people = tuple(_person(pid, name, aliases, holdings, qid) for pid, (name, aliases, _, qid) in raw.items())
        surnames = tuple((pid, s) for pid, (_, _, s, _) in raw.items() if s is not None)
        return cls(people, tuple(holdings), countries, orgs, surnames)

    # -- people ---------------------------------------------------------------------------------------
    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.person_id == person_id), None)

    def find_people(self, name: str) -> list[Person]:
        """People named ``name``: full name or alias first, else surname, else a unique first name."""
        key = normalize(strip_possessive(name)) if isinstance(name, str) else ""
        if not key:
            return []
        pids = self._ix.full.get(key) or self._ix.surname.get(key) or self._by_first_and_last(key)
        if not pids:
            firsts = self._ix.first.get(key, set())
            pids = firsts if len(firsts) == 1 else set()
        return [self._ix.people[p] for p in sorted(pids)]

    def _by_first_and_last(self, key: str) -> set[str]:
        """"Syed Asim Munir" or "Michael E. Kurilla": a known surname and a word of the name."""
        words = key.split()
        if len(words) < 2:
            return set()
        pids = self._ix.surname.get(words[-1], set())
        return {p for p in pids if words[0] in self._ix.words.get(p, set())}

    def resolve_person(self, name: str, at: dt.date | None = None, office_key: str | None = None,
                       country: str | None = None) -> Actor | None:
        """The person a name refers to, with the role that fits the date and the hints.

        Ranks, honorifics and titles are stripped ("Mr Austin", "Secretary Blinken"); among
        several people or roles, one holding a role at ``at`` wins, then one matching
        ``office_key``/``country``, then the nearest tenure, then the most senior office.
        """
        if not isinstance(name, str) or not name.strip():
            return None
        people = self.find_people(name)
        if not people:
            name, office_key, country = self._strip_title(name, office_key, country)
            people = self.find_people(name) if name else []
        if not people:
            return None
        held = {p.person_id: self.holdings_of(p.person_id) for p in people}
        if at is not None and len(name.split()) == 1:
            people = [p for p in people if _near_in_time(held[p.person_id], at)]
            if not people:
                return None
        scored = [(self._score(h, at, office_key, country), i, p, h)
                  for i, p in enumerate(people) for h in (held[p.person_id] or [None])]
        _, _, person, holding = max(scored, key=lambda s: (s[0], -s[1]))
        return self._actor(person, holding)

    def _strip_title(self, text: str, office_key: str | None, country: str | None) -> tuple[str, str | None, str | None]:
        """A name without its title, rank or honorific, and the hints the title gives."""
        guesses = titles.find_titles(text, kb=self)
        if guesses and guesses[0].name and not text[: guesses[0].start].strip():
            g = guesses[0]
            generic = g.office_key in {"secretary", "minister", "military_officer", "spokesperson"}
            return g.name or "", office_key or (None if generic else g.office_key), country or g.country
        words = sorted(set(titles.vocabulary().honorifics) | set(titles.vocabulary().ranks), key=len, reverse=True)
        stripped, changed = text.strip(), True
        while changed:
            changed = False
            for w in words:
                if stripped.startswith(w + " "):
                    stripped, changed = stripped[len(w):].strip(), True
        return stripped, office_key, country

    def _score(self, h: Holding | None, at: dt.date | None, office_key: str | None,
               country: str | None) -> tuple[Any, ...]:
        if h is None:
            return (False, False, False, -10**6, -10**3, "")
        r = h.role
        holds = at is not None and r.holds_on(at)
        near = -_distance(r, at) if at is not None else (0 if r.end is None else -1)
        return (holds, h.office_key == office_key, r.country == country, near,
                -titles.vocabulary().rank_of(h.office_key), r.start or "")

    def holdings_of(self, person_id: str) -> list[Holding]:
        return [h for h in self.holdings if h.person_id == person_id]

    def _actor(self, person: Person, h: Holding | None) -> Actor:
        if h is None:
            return Actor(name=person.name, kind="person")
        r = h.role
        return Actor(name=person.name, kind="person", country=r.country, sector=r.sector, role=r.office,
                     tenure=(r.start, r.end))

    def tenures_of(self, actor: Actor) -> list[tuple[str | None, str | None]]:
        """Every tenure the resolved person had in the office of ``actor.role`` (Trump was
        President twice): resolved without a date, a person gets one of them, while an
        undated text may mean any. Just ``actor.tenure`` when the base knows no more."""
        people = [p for p in self.find_people(actor.name) if p.name == actor.name]
        found = [(h.role.start, h.role.end) for p in people for h in self.holdings_of(p.person_id)
                 if h.role.office == actor.role and h.role.country == actor.country]
        if actor.tenure is not None and actor.tenure not in found:
            found.append(actor.tenure)
        return sorted(set(found), key=lambda t: t[0] or "")

    def office_key_of(self, actor: Actor) -> str | None:
        """The normalised office of a resolved person's role (``Role`` has no key field)."""
        for h in self.holdings:
            if h.role.office == actor.role and h.role.country == actor.country and (
                    actor.tenure is None or actor.tenure == (h.role.start, h.role.end)):
                return h.office_key
        return titles.office_key_for(actor.role, actor.country) if actor.role else None

    def holders(self, office_key: str, country: str, at: dt.date | None) -> list[Actor]:
        """Who held the office then (substantive holders first, newest first); all over time if
        ``at`` is None (oldest first)."""
        hs = [h for h in self.holdings if h.office_key == office_key and h.role.country == country
              and (at is None or h.role.holds_on(at))]
        if at is None:
            hs.sort(key=lambda h: h.role.start or "")
        else:
            hs.sort(key=lambda h: (h.acting, _neg(h.role.start or "")))
        by_id = {p.person_id: p for p in self.people}
        return [self._actor(by_id[h.person_id], h) for h in hs]

    # -- countries and organisations ------------------------------------------------------------------
    def country(self, text: str) -> Actor | None:
        """A country named by name, alias, demonym or capital ("U.S.", "Pakistani", "Islamabad")."""
        c = self._find_country(text) if isinstance(text, str) else None
        return Actor(name=c.name, kind="country", country=c.iso3, sector="GOV") if c else None

    def _find_country(self, text: str) -> Country | None:
        text = re.sub(r"^(?:the|The)\s+", "", strip_possessive(text))
        found = self._ix.country_exact.get(text) or self._ix.country_norm.get(normalize(text))
        if found is None and text.endswith("s") and not _is_acronym(text):
            found = self._ix.country_norm.get(normalize(text[:-1]))  # plural demonyms
        return found

    def org(self, text: str, country: str | None = None) -> Actor | None:
        """An organisation: "IMF", "the Pentagon", "International Monetary Fund (IMF)",
        "Pakistan's Foreign Office". A country-less generic name ("Foreign Office") needs
        ``country`` (e.g. the article's country) or it stays unresolved."""
        if not isinstance(text, str):
            return None
        for part in _parts(text):
            o = self._find_org(part, country)
            if o is not None:
                return Actor(name=o.name, kind="org", country=o.country, sector=o.sector)
        return None

    def _find_org(self, text: str, country: str | None) -> Org | None:
        text = re.sub(r"^(?:the|The)\s+", "", strip_possessive(text))
        found = self._ix.org_exact.get(text) or self._ix.org_norm.get(normalize(text))
        if found is None:
            found = self._prefixed_org(text)
        if found is None and country:
            found = self._ix.org_generic.get((country, normalize(text)))
        return found

    def _prefixed_org(self, text: str) -> Org | None:
        """"Pakistan's Foreign Office": a country, then an organisation of that country."""
        words = text.split()
        for i in range(1, min(4, len(words))):
            c = self._find_country(" ".join(words[:i]))
            if c is None:
                continue
            rest = normalize(" ".join(words[i:]))
            o = self._ix.org_generic.get((c.iso3, rest)) or self._ix.org_norm.get(rest)
            if o is not None and o.country == c.iso3:
                return o
        return None

    def reconcile(self, imported: Sequence[Person]) -> list[Person]:
        """Imported people matched to the people already known, so that an import never
        doubles a person: one whose full name (or alias) names exactly one known person takes
        that person's id and name, and a role already held (same office, country and start)
        is left out. What remains is what the import adds."""
        known = {p.person_id: p for p in self.people}
        out = []
        for p in imported:
            pids = self._ix.full.get(normalize(p.name), set()) | ({p.person_id} & set(known))
            pid = next(iter(pids)) if len(pids) == 1 else (p.person_id or slugify(p.name))
            held = {(h.office_key, h.role.country, h.role.start) for h in self.holdings_of(pid)}
            roles = tuple(r for r in p.roles
                          if (titles.office_key_for(r.office, r.country), r.country, r.start) not in held)
            name = known[pid].name if pid in known else p.name
            out.append(Person(pid, name, tuple(a for a in p.aliases if a != name), roles, p.wikidata))
        return out

    def role_rows(self, *, country: str | None = None, office: str | None = None) -> list[dict[str, Any]]:
        """One row per role (people without a role get one row without office), for
        ``dateline kb list``; ``country`` is an exact code, ``office`` any part of the office."""
        by_person: dict[str, list[Holding]] = {}
        for h in self.holdings:
            by_person.setdefault(h.person_id, []).append(h)
        rows = []
        for p in sorted(self.people, key=lambda p: normalize(p.name)):
            held: list[Holding | None] = [*sorted(by_person.get(p.person_id, []), key=lambda x: x.role.start or "")]
            for hold in held or [None]:
                r = hold.role if hold else None
                if (country and (not r or r.country != country.upper())) or (
                        office and (not r or office.casefold() not in r.office.casefold())):
                    continue
                rows.append({"person_id": p.person_id, "name": p.name, "aliases": "|".join(p.aliases),
                             "office": r.office if r else None, "office_key": hold.office_key if hold else None,
                             "country": r.country if r else None, "sector": r.sector if r else None,
                             "start": r.start if r else None, "end": r.end if r else None,
                             "wikidata": p.wikidata})
        return rows

    def describe(self, name: str, at: dt.date | None = None) -> list[str]:
        """Lines telling what ``name`` resolves to: people with their roles, the choice at
        ``at``, countries and organisations (for ``dateline kb search``)."""
        lines = []
        for p in self.find_people(name) or self.find_people(self._strip_title(name, None, None)[0] or name):
            qid = f"; Wikidata {p.wikidata}" if p.wikidata else ""
            aliases = f"; also {', '.join(p.aliases)}" if p.aliases else ""
            lines.append(f"person: {p.name} ({p.person_id}{qid}){aliases}")
            lines += [f"  {h.role.office}, {h.role.country}, {h.role.sector}: {h.role.start or '?'} to "
                      f"{h.role.end or 'now'}" for h in self.holdings_of(p.person_id)]
        chosen = self.resolve_person(name, at)
        if chosen is not None and at is not None:
            lines.append(f"at {at.isoformat()}: {chosen.name}, {chosen.role or 'no role'} ({chosen.country or '?'})")
        lines += [f"{a.kind}: {a.name} ({a.country})" for a in (self.country(name), self.org(name)) if a]
        return lines

    def wikidata_ids(self) -> dict[str, str]:
        """Canonical person name -> Wikidata item id, for the people whose data gives one."""
        return {p.name: p.wikidata for p in self.people if p.wikidata}

    def country_names(self) -> dict[str, str]:
        """ISO-3 code -> country name (for exports whose users expect names, like ICEWS)."""
        return {c.iso3: c.name for c in self.countries}

    def igo_codes(self) -> frozenset[str]:
        return frozenset(o.country for o in self.orgs if o.sector == "IGO" and o.country)

    def igo_prefixes(self) -> list[str]:
        """Names of international organisations that can stand before a title ("UN envoy")."""
        return [f for o in self.orgs if o.sector == "IGO" for f in (o.name, *o.aliases) if not f.startswith("the ")]

    # -- for matchers and for users ---------------------------------------------------------------------
    def surface_forms(self) -> list[tuple[str, str, str]]:
        """(surface text, kind, id) for names, aliases, surnames, countries (with demonyms and
        capitals) and organisation aliases; kind is "person", "country" or "org"."""
        return list(dict.fromkeys(self._person_forms() + self._country_forms() + self._org_forms()))

    def _person_forms(self) -> list[tuple[str, str, str]]:
        vocab, given = titles.vocabulary(), dict(self.surnames)
        out = []
        for p in self.people:
            surnames = [s for s in given.get(p.person_id, derive_surnames(p.name)) if s not in vocab.not_surnames]
            for form in (p.name, *p.aliases, *surnames):
                out += [(v, "person", p.person_id) for v in _variants(form)]
        return out

    def _country_forms(self) -> list[tuple[str, str, str]]:
        return [(v, "country", c.iso3) for c in self.countries
                for form in (c.name, *c.aliases, *c.demonyms, *c.capitals) for v in _variants(form)]

    def _org_forms(self) -> list[tuple[str, str, str]]:
        return [(v, "org", o.org_id) for o in self.orgs for form in (o.name, *o.aliases) for v in _variants(form)]

    def add_person(self, name: str, aliases: Sequence[str], roles: Sequence[Role]) -> "KB":
        """A new KB with this person added (or merged into the person of the same id)."""
        pid = slugify(name)
        old = next((p for p in self.people if p.person_id == pid), None)
        new_holdings = [Holding(pid, r, titles.office_key_for(r.office, r.country)) for r in roles]
        holdings = list(dict.fromkeys([*self.holdings, *new_holdings]))
        merged = tuple(dict.fromkeys((old.aliases if old else ()) + tuple(aliases)))
        person = _person(pid, old.name if old else name, merged, holdings, old.wikidata if old else None)
        people = tuple(p for p in self.people if p.person_id != pid) + (person,)
        return KB(people, tuple(holdings), self.countries, self.orgs, self.surnames)


def _person(pid: str, name: str, aliases: tuple[str, ...], holdings: Sequence[Holding],
            wikidata: str | None = None) -> Person:
    roles = sorted((h.role for h in holdings if h.person_id == pid), key=lambda r: r.start or "")
    return Person(pid, name, aliases, tuple(roles), wikidata)


def _variants(form: str) -> list[str]:
    """A form as written, with spaces for hyphens and without accents (for matching text)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c))
    return list(dict.fromkeys([form, form.replace("-", " ") if " " in form else form, plain]))


def _parts(text: str) -> list[str]:
    """"International Monetary Fund (IMF)" -> the whole, "International Monetary Fund", "IMF"."""
    m = re.match(r"^\s*(.+?)\s*\(([^()]+)\)\s*$", text)
    return [text, m.group(1), m.group(2)] if m else [text]


ONE_WORD_YEARS = 5  # how far from a role's tenure a one-word name may still mean its holder


def _near_in_time(holdings: list[Holding], at: dt.date) -> bool:
    """Whether a person known only by one word (a surname, a first name) can be meant at
    ``at``: one of their roles lies within ``ONE_WORD_YEARS`` of it, or none is recorded.
    "George" in 2005 is not the army chief of 2023."""
    return not holdings or any(_distance(h.role, at) <= ONE_WORD_YEARS * 366 for h in holdings)


def _distance(r: Role, at: dt.date) -> int:
    """Days from ``at`` to the tenure (0 inside it)."""
    if r.start and at < dt.date.fromisoformat(r.start):
        return (dt.date.fromisoformat(r.start) - at).days
    if r.end and at > dt.date.fromisoformat(r.end):
        return (at - dt.date.fromisoformat(r.end)).days
    return 0


def _neg(iso: str) -> str:
    """A sort key that orders ISO dates newest first."""
    return "".join(chr(0x7F - ord(c)) for c in iso)


@lru_cache(maxsize=1)
def default_kb() -> KB:
    """The shipped knowledge base, loaded once."""
    return KB.load()


# -- user entries ----------------------------------------------------------------------------------------

def save_user_entries(kb_dir: Path, people: Sequence[Person]) -> None:
    """Append people and their roles to ``kb_dir``'s people.csv/roles.csv (same format as the
    shipped files), skipping rows already there, so ``KB.load(kb_dir)`` picks them up."""
    kb_dir = Path(kb_dir)
    kb_dir.mkdir(parents=True, exist_ok=True)
    person_rows, role_rows = [], []
    for p in people:
        pid = p.person_id or slugify(p.name)
        person_rows.append({"person_id": pid, "name": p.name, "aliases": "|".join(p.aliases), "surname": "",
                            "wikidata": p.wikidata or ""})
        role_rows += [_role_row(pid, r) for r in p.roles]
    _append_rows(kb_dir / "people.csv", PEOPLE_COLUMNS, person_rows)
    _append_rows(kb_dir / "roles.csv", ROLE_COLUMNS, role_rows)


def save_tables(kb_dir: Path, *, countries: Sequence[dict[str, str]] = (), orgs: Sequence[dict[str, str]] = (),
                people: Sequence[dict[str, str]] = (), roles: Sequence[dict[str, str]] = ()) -> None:
    """Append ready-made rows (our CSV columns) to ``kb_dir``'s files, skipping rows already
    there: for importers whose source knows countries and organisations, not only people."""
    kb_dir = Path(kb_dir)
    kb_dir.mkdir(parents=True, exist_ok=True)
    for name, columns, rows in (("countries.csv", COUNTRY_COLUMNS, countries), ("orgs.csv", ORG_COLUMNS, orgs),
                                ("people.csv", PEOPLE_COLUMNS, people), ("roles.csv", ROLE_COLUMNS, roles)):
        if rows:
            _append_rows(kb_dir / name, columns, [{c: r.get(c, "") for c in columns} for r in rows])


def _role_row(pid: str, r: Role) -> dict[str, str]:
    return {"person_id": pid, "office": r.office, "office_key": titles.office_key_for(r.office, r.country),
            "country": r.country, "sector": r.sector, "start": r.start or "", "end": r.end or "",
            "approx": "0", "acting": "0"}


def _append_rows(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    old = [r for _, r in _read_rows(path, columns, ())] if path.exists() else []
    existing = {tuple(r.values()) for r in old}
    new = [r for r in rows if tuple(r[c] for c in columns) not in existing]
    new = list({tuple(r[c] for c in columns): r for r in new}.values())
    if not new:
        return
    if path.exists() and _header(path) not in ([], list(columns)):
        new = old + new  # a file written before a column was added: rewrite it whole, new header
        path.unlink()
    write_header = not path.exists() or path.stat().st_size == 0
    with path.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns))
        if write_header:
            writer.writeheader()
        writer.writerows(new)


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh), [])


Records = list[tuple[int, dict[str, Any]]]  # (line or record number, fields in our names)


def import_file(path: Path, fmt: str = "auto") -> list[Person]:
    """People and roles from a file in one of ``IMPORT_FORMATS`` (``auto``: told by its
    name and content, see ``detect_format``). Our CSV columns are name, aliases, office,
    country, sector, start, end (and optionally person_id, wikidata); JSON is a list of
    such objects; ``wikidata`` is a Wikidata Query Service export of position holders
    (SPARQL JSON, or the CSV/JSON download) with person, personLabel, positionLabel,
    countryLabel, start, end. Malformed input raises KnowledgeError naming file and line."""
    path = Path(path)
    if not path.is_file():
        raise KnowledgeError(str(path), "no such file")
    fmt = detect_format(path) if fmt == "auto" else fmt
    if fmt not in IMPORTERS:
        raise KnowledgeError(str(path), f"unknown format {fmt!r}; choose one of auto, {', '.join(IMPORTERS)}")
    return _group(path, IMPORTERS[fmt](path))


def detect_format(path: Path) -> str:
    """``wikidata`` for a SPARQL result or a file with Wikidata's ``personLabel`` column,
    else ``json`` for a .json file and ``csv`` for anything else."""
    head = _head(path)
    if '"bindings"' in head or "personLabel" in head:
        return "wikidata"
    return "json" if path.suffix.lower() == ".json" or head.lstrip().startswith("[") else "csv"


def _head(path: Path, size: int = 4096) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            return fh.read(size)
    except OSError as exc:
        raise KnowledgeError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise KnowledgeError(str(path), f"line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(str(path), f"cannot read: {exc}") from exc


def _json_records(path: Path) -> Records:
    data = _read_json(path)
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise KnowledgeError(str(path), "line 1: expected a list of objects")
    return list(enumerate(data, 1))


def _wikidata_records(path: Path) -> Records:
    """SPARQL JSON (``results.bindings``), or the query service's JSON or CSV download."""
    if path.suffix.lower() != ".json" and not _head(path).lstrip().startswith(("{", "[")):
        rows = _csv_rows(path)
    else:
        data = _read_json(path)
        if isinstance(data, dict) and isinstance(data.get("results", {}).get("bindings"), list):
            data = [{k: v.get("value") for k, v in b.items() if isinstance(v, dict)}
                    for b in data["results"]["bindings"]]
        if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
            raise KnowledgeError(str(path), "line 1: expected a SPARQL JSON result or a list of objects")
        rows = list(enumerate(data, 1))
    for n, r in rows:
        if not r.get("personLabel"):
            raise KnowledgeError(str(path), f"line {n}: a Wikidata export row needs 'personLabel'")
    return [(n, _wikidata(r)) for n, r in rows]


def _csv_rows(path: Path, required: str | None = None) -> Records:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if required and required not in (reader.fieldnames or ()):
                raise KnowledgeError(str(path), f"line 1: expected a {required!r} column "
                                                "(or Wikidata's 'personLabel')")
            return [(reader.line_num, dict(r)) for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise KnowledgeError(str(path), f"cannot read: {exc}") from exc


def _csv_records(path: Path) -> Records:
    return _csv_rows(path, required="name")


IMPORTERS: dict[str, Callable[[Path], Records]] = {
    "csv": _csv_records, "json": _json_records, "wikidata": _wikidata_records,
}
IMPORT_FORMATS = ("auto", *IMPORTERS)


def _wikidata(r: dict[str, Any]) -> dict[str, Any]:
    """A Wikidata export row in our field names; the item URI gives a stable person id."""
    qid = re.search(r"(Q\d+)$", str(r.get("person") or ""))
    return {"person_id": f"wd_{qid.group(1)}" if qid else "", "wikidata": qid.group(1) if qid else "",
            "name": r.get("personLabel"),
            "office": r.get("positionLabel"), "country": r.get("countryLabel") or r.get("country"),
            "start": r.get("start") or r.get("startTime"), "end": r.get("end") or r.get("endTime"),
            "sector": r.get("sector"), "aliases": r.get("aliases") or r.get("altLabel")}


def _group(path: Path, records: list[tuple[int, dict[str, Any]]]) -> list[Person]:
    people: dict[str, tuple[str, list[str], list[Role], list[str]]] = {}
    for line, rec in records:
        name = str(rec.get("name") or "").strip()
        if not name:
            raise KnowledgeError(str(path), f"line {line}: name is required")
        pid = str(rec.get("person_id") or "").strip() or slugify(name)
        entry = people.setdefault(pid, (name, [], [], []))
        entry[1].extend(a for a in _aliases(rec.get("aliases")) if a not in entry[1])
        entry[3].extend(q for q in [wikidata_id(rec.get("wikidata"), str(path), line)] if q)
        if str(rec.get("office") or "").strip():
            entry[2].append(_import_role(path, line, rec))
    return [Person(pid, n, tuple(a), tuple(r), q[0] if q else None) for pid, (n, a, r, q) in people.items()]


def _aliases(value: Any) -> list[str]:
    """Aliases as a JSON list or a "|"-separated string."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return list(_split(str(value or "")))


def _import_role(path: Path, line: int, rec: dict[str, Any]) -> Role:
    office = str(rec["office"]).strip()
    country = _country_code(str(rec.get("country") or ""), str(path), line)
    start = _date(str(rec.get("start") or ""), str(path), line)
    end = _date(str(rec.get("end") or ""), str(path), line)
    if start and end and end < start:
        raise KnowledgeError(str(path), f"line {line}: tenure ends before it starts ({start}..{end})")
    sector = str(rec.get("sector") or "").strip().upper() or titles.sector_for(office) or "GOV"
    return Role(office, country, sector, start, end)


def _country_code(value: str, where: str, line: int) -> str:
    """ISO-3 or IGO code from a code or a name ("Pakistan", "United Nations")."""
    kb = default_kb()
    value = value.strip()
    codes = {c.iso3 for c in kb.countries} | kb.igo_codes()
    if value.upper() in codes:
        return value.upper()
    actor = kb.country(value) or kb.org(value)
    if actor is None or not actor.country:
        raise KnowledgeError(where, f"line {line}: unknown country {value!r}")
    return actor.country


__all__ = ["KB", "Country", "Holding", "Org", "Person", "default_kb", "derive_surnames", "import_file",
           "normalize", "save_tables", "save_user_entries", "slugify"]
