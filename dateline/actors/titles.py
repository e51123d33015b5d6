"""Offices named by title in running text: "US Secretary of State Marco Rubio".

News text rarely says "Marco Rubio (foreign_minister, USA)"; it writes a title, often
with a country before it and a name after it, or only the title ("the army chief").
This module finds those phrases with the title vocabulary of ``data/offices.yaml``
(regular expressions, no spaCy), so that a bare title can be resolved to whoever held
the office on the article's date, and a titled name to the right person and role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dateline.errors import KnowledgeError

if TYPE_CHECKING:  # pragma: no cover - typing only (kb imports this module)
    from dateline.actors.kb import KB

OFFICES_FILE = Path(__file__).parent / "data" / "offices.yaml"
# Between two words of a title the text may insert a bracketed acronym.
_GAP = r"\s+(?:\([^()\n]{1,20}\)\s+)?"
_TOKEN = re.compile(r"\s+(?P<tok>[^\s,;:()\[\]\"“”!?]+)")
_MODIFIERS = r"(?:(?:former|then|acting|caretaker|interim|outgoing|incoming|new|late|top|current)\s+)?"
_PREFIX_WINDOW = 80  # a country prefix is short: look no further back (keeps long texts linear)
_ACRONYM_NEEDS_NAME = 3  # all-capital titles this short (PM, FM, NSA) need a name or country


@dataclass(frozen=True)
class TitleGuess:
    """A title phrase found in text, with what it says about the office and person."""

    office: str  # display, e.g. "Secretary of State"
    office_key: str
    country: str | None  # ISO-3 or IGO code, from the text or implied by the office
    sector: str
    name: str | None  # the name after the title, without rank ("Michael Erik Kurilla")
    start: int  # character span of the whole phrase in the input
    end: int


@dataclass(frozen=True)
class OfficeEntry:
    """One office of the vocabulary and the surface forms that name it."""

    office: str
    office_key: str
    sector: str
    surfaces: tuple[str, ...]
    country: str | None = None
    by_country: tuple[tuple[str, str], ...] = ()
    needs_name: bool = False
    needs_known_name: bool = False

    def key_for(self, country: str | None) -> str:
        """The office key, which for some titles depends on the country named."""
        return dict(self.by_country).get(country or "", self.office_key)


@dataclass(frozen=True)
class Vocabulary:
    """The read-only content of ``offices.yaml``."""

    entries: tuple[OfficeEntry, ...]
    seniority: tuple[str, ...]
    multi_seat: frozenset[str]
    honorifics: tuple[str, ...]
    ranks: tuple[str, ...]
    not_surnames: frozenset[str]
    not_name_words: frozenset[str]
    particles: frozenset[str]
    name_suffixes: frozenset[str]

    def rank_of(self, office_key: str) -> int:
        """Seniority position (0 = most senior); unknown offices come last."""
        try:
            return self.seniority.index(office_key)
        except ValueError:
            return len(self.seniority)

    @property
    def office_keys(self) -> frozenset[str]:
        return frozenset(self.seniority)


@lru_cache(maxsize=4)
def vocabulary(path: Path = OFFICES_FILE) -> Vocabulary:
    """Load the title vocabulary once; a malformed file is a KnowledgeError."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(str(path), f"cannot read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("titles"), list):
        raise KnowledgeError(str(path), "expected a mapping with a 'titles' list")
    entries = tuple(_entry(path, i, e) for i, e in enumerate(data["titles"], 1))
    words = {k: tuple(str(w) for w in data.get(k) or ()) for k in (
        "seniority", "multi_seat", "honorifics", "ranks", "not_surnames", "not_name_words",
        "particles", "name_suffixes")}
    return Vocabulary(entries, words["seniority"], frozenset(words["multi_seat"]), words["honorifics"],
                      words["ranks"], frozenset(words["not_surnames"]), frozenset(words["not_name_words"]),
                      frozenset(words["particles"]), frozenset(words["name_suffixes"]))


def _entry(path: Path, index: int, raw: Any) -> OfficeEntry:
    if not isinstance(raw, dict) or not {"office", "office_key", "sector", "surfaces"} <= raw.keys():
        raise KnowledgeError(str(path), f"title entry {index}: needs office, office_key, sector and surfaces")
    return OfficeEntry(
        office=str(raw["office"]), office_key=str(raw["office_key"]), sector=str(raw["sector"]),
        surfaces=tuple(str(s) for s in raw["surfaces"]), country=raw.get("country"),
        by_country=tuple(sorted((raw.get("by_country") or {}).items())), needs_name=bool(raw.get("needs_name")),
        needs_known_name=bool(raw.get("needs_known_name")))


# -- regular expressions ------------------------------------------------------------------

def _is_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _surface_pattern(surface: str, exact_case: bool) -> str:
    body = _GAP.join(re.escape(w) for w in surface.split())
    return f"(?:{body})" if exact_case else f"(?i:{body})"


def surface_key(text: str) -> str:
    """A matched title reduced to its vocabulary form (no brackets, one space, lower case)."""
    return " ".join(re.sub(r"\([^()]*\)", " ", text).split()).casefold()


@lru_cache(maxsize=1)
def _surface_table() -> dict[str, OfficeEntry]:
    """Surface form -> office; ranks are offices of their own (military officer)."""
    vocab = vocabulary()
    table: dict[str, OfficeEntry] = {}
    for e in vocab.entries:
        for s in e.surfaces:
            table.setdefault(surface_key(s), e)
    for r in vocab.ranks:
        table.setdefault(surface_key(r), OfficeEntry(r.rstrip("."), "military_officer", "MIL", (r,), needs_name=True))
    return table


@lru_cache(maxsize=1)
def _title_regex() -> re.Pattern[str]:
    """Every title and rank, longest first so that the longest title wins."""
    vocab = vocabulary()
    forms = {s: _is_acronym(s) for e in vocab.entries for s in e.surfaces}
    forms.update({r: True for r in vocab.ranks})  # ranks are capitalised: "general" is a word
    alts = [_surface_pattern(s, exact) for s, exact in sorted(forms.items(), key=lambda kv: -len(kv[0]))]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


@lru_cache(maxsize=1)
def _before_name_regex() -> re.Pattern[str]:
    """What may sit between a title and a name: an acronym, a comma, ranks, honorifics."""
    vocab = vocabulary()
    words = sorted(set(vocab.ranks) | set(vocab.honorifics), key=len, reverse=True)
    alts = "|".join(_surface_pattern(w, True) for w in words)
    retd = r"(?:\s*\((?:retd|Retd|r|R|retired|Retired)\.?\))?"
    return re.compile(r"(?:\s*\([^()\n]{1,20}\))?(?:\s*,)?(?:\s+(?:" + alts + r")" + retd + r"(?![\w-]))*")


@lru_cache(maxsize=8)
def _prefix_regex(kb: "KB") -> re.Pattern[str]:
    """A country or IGO named just before a title ("Pakistan's", "US", "UN")."""
    forms = sorted({f for f, kind, _ in kb.surface_forms() if kind == "country"} | set(kb.igo_prefixes()),
                   key=len, reverse=True)
    alts = "|".join(_surface_pattern(f, _is_acronym(f)) for f in forms)
    return re.compile(r"(?:(?<![\w-])(?i:the)\s+)?(?:(?<![\w-])(?P<p>" + alts + r")(?:['’]s)?\s+)?"
                      + _MODIFIERS + r"\Z")


@lru_cache(maxsize=1)
def _title_words() -> dict[str, tuple[frozenset[str], ...]]:
    """The words of every title and rank (lower case, except for those matched with
    their case: acronyms and ranks), filed under their longest word. A match of the
    title pattern holds every word of its title, so a text lacking one word of each
    title holds none, and the large pattern need not run over it (most sentences)."""
    vocab = vocabulary()
    forms = {s: _is_acronym(s) for e in vocab.entries for s in e.surfaces}
    forms.update({r: True for r in vocab.ranks})
    index: dict[str, set[frozenset[str]]] = {}
    for surface, exact in forms.items():
        words = frozenset(w if exact else w.lower() for w in _WORD.findall(surface))
        if words:
            index.setdefault(max(words, key=lambda w: (len(w), w)), set()).add(words)
    return {k: tuple(v) for k, v in index.items()}


def _may_hold_title(text: str) -> bool:
    words = set(_WORD.findall(text))
    words |= {w.lower() for w in words}
    index = _title_words()
    return any(title <= words for w in words for title in index.get(w, ()))


_WORD = re.compile(r"\w+")


# -- finding titles ---------------------------------------------------------------------------

def find_titles(text: str, kb: "KB | None" = None) -> list[TitleGuess]:
    """All title(+name) phrases in ``text``, in order and without overlaps.

    ``kb`` supplies country names (for "Pakistan's Foreign Minister") and known people
    (to end a name before headline words: "... Marco Rubio Hold First Call").
    """
    if not _may_hold_title(text):
        return []
    kb = kb if kb is not None else _default_kb()
    table = _surface_table()
    found: list[TitleGuess] = []
    covered = 0
    for m in _title_regex().finditer(text):
        if m.start() < covered:
            continue
        entry = table.get(surface_key(m.group(0)))
        guess = _guess(text, m, entry, kb) if entry else None
        if guess is not None:
            found.append(guess)
            covered = guess.end
    return found


def _default_kb() -> "KB":
    from dateline.actors.kb import default_kb  # late: kb imports this module

    return default_kb()


def _guess(text: str, m: re.Match[str], entry: OfficeEntry, kb: "KB") -> TitleGuess | None:
    pre = _prefix_regex(kb).search(text, max(0, m.start() - _PREFIX_WINDOW), m.start())
    named = _prefix_country(pre.group("p"), kb) if pre and pre.group("p") else None
    name, name_end = _name_after(text, m.end(), kb)
    if entry.needs_known_name and not (name and kb.find_people(name)):
        return None
    short = _is_acronym(m.group(0)) and len(m.group(0)) <= _ACRONYM_NEEDS_NAME
    if (entry.needs_name or short) and not name and (not named or entry.office_key == "military_officer"):
        return None
    country = named or entry.country
    office = entry.office if not (entry.country and named and named != entry.country) else _tidy(m.group(0))
    sector = "IGO" if country and country in kb.igo_codes() else entry.sector
    start = pre.start() if pre and pre.group(0) else m.start()
    return TitleGuess(office, entry.key_for(country), country, sector, name, start, name_end if name else m.end())


def _tidy(surface: str) -> str:
    return " ".join(re.sub(r"\([^()]*\)", " ", surface).split())


def _prefix_country(prefix: str, kb: "KB") -> str | None:
    actor = kb.country(prefix) or kb.org(prefix)
    return actor.country if actor else None


# -- the name after a title ---------------------------------------------------------------------

def _name_after(text: str, pos: int, kb: "KB") -> tuple[str | None, int]:
    """The person's name following a title (ranks skipped), and where it ends."""
    skip = _before_name_regex().match(text, pos)
    tokens = _name_tokens(text, skip.end() if skip else pos)
    while tokens and tokens[-1][0] in vocabulary().particles:
        tokens.pop()
    if not tokens:
        return None, pos
    chosen = _known_prefix(tokens, kb) or tokens[:4]
    return " ".join(t for t, _ in chosen), chosen[-1][1]


def _name_tokens(text: str, pos: int) -> list[tuple[str, int]]:
    """Name-like tokens (capitalised words, initials, particles) with their end offsets."""
    out: list[tuple[str, int]] = []
    while len(out) < 8:
        m = _TOKEN.match(text, pos)
        if not m:
            break
        tok, end, last = _clip(m.group("tok"), m.start("tok"))
        if not _namelike(tok, first=not out):
            break
        out.append((tok, end))
        pos = m.end()
        if last:
            break
    return out


def _clip(tok: str, start: int) -> tuple[str, int, bool]:
    """Drop a possessive or a sentence-final stop; say whether the name ends here."""
    for suffix in ("'s", "’s"):
        if tok.endswith(suffix):
            return tok[: -len(suffix)], start + len(tok) - len(suffix), True
    if tok.endswith(".") and len(tok.rstrip(".")) >= 3 and tok not in vocabulary().name_suffixes:
        core = tok.rstrip(".")
        return core, start + len(core), True
    return tok, start + len(tok), False


def _namelike(tok: str, first: bool) -> bool:
    vocab = vocabulary()
    if not tok or tok in vocab.not_name_words or tok.rstrip(".") in vocab.not_name_words:
        return False
    if tok in vocab.particles:
        return not first
    if re.match(r"^(?:al|el|ul|ud|ur)-[^\W\d_]", tok):
        return True
    return tok[0].isupper() and not any(c.isdigit() for c in tok)


def _known_prefix(tokens: list[tuple[str, int]], kb: "KB") -> list[tuple[str, int]] | None:
    """The longest leading run of tokens that the knowledge base knows as a person."""
    for k in range(len(tokens), 0, -1):
        if tokens[k - 1][0] in vocabulary().particles:
            continue
        if kb.find_people(" ".join(t for t, _ in tokens[:k])):
            return tokens[:k]
    return None


# -- offices without text around them -------------------------------------------------------------

def office_key_for(office: str, country: str | None = None) -> str:
    """The office key of a display name ("Minister of Foreign Affairs" -> foreign_minister).

    Uses the vocabulary only (no knowledge base), so the knowledge base can call it while
    loading user rows that give an office but no key; unknown offices get a slug.
    """
    table = _surface_table()
    for m in _title_regex().finditer(office):
        entry = table.get(surface_key(m.group(0)))
        if entry is not None and entry.office_key != "military_officer":
            return entry.key_for(country)
    return re.sub(r"[^a-z0-9]+", "_", office.casefold()).strip("_") or "office"


def sector_for(office: str) -> str | None:
    """The sector a title implies (MIL for "Chief of Army Staff"), or None if unknown."""
    table = _surface_table()
    for m in _title_regex().finditer(office):
        entry = table.get(surface_key(m.group(0)))
        if entry is not None:
            return entry.sector
    return None


__all__ = ["OfficeEntry", "TitleGuess", "Vocabulary", "find_titles", "office_key_for", "sector_for",
           "surface_key", "vocabulary"]
