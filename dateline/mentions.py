"""Actor mentions in a parsed article: who is named, and who each name is.

Sources of mentions, strongest first: title phrases ("US Secretary of State Marco
Rubio", "the army chief"), names and aliases from the knowledge base, spaCy's PERSON
entities, and countries or organisations (entities and knowledge-base surface forms).
Within an article, a surname or a bare title refers back to the person already named
("Secretary Blinken", "Mr Kirby", "the Pentagon spokesperson"); pronouns refer to the
latest person who was the subject of a sentence.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .actors import titles
from .actors.kb import KB
from .model import Actor

PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his"}
_HONORIFICS = re.compile(r"^(?:mr|mrs|ms|dr|sir|gen|general|lt|secretary|minister|president|premier|prime)\.?\s+", re.I)


@dataclass(frozen=True)
class ActorMention:
    """An actor named at a character span of the article's text."""

    start: int
    end: int
    actor: Actor
    source: str  # "title" | "kb" | "ner" | "pronoun"


@dataclass
class ArticleActors:
    """What an article has said about people so far: the memory for references back."""

    kb: KB
    anchor: dt.date | None
    people: list[Actor] = field(default_factory=list)
    titled: set[str] = field(default_factory=set)  # people the text names with a title, somewhere

    def remember(self, actor: Actor, titled: bool = False) -> None:
        if actor.kind == "person" and all(p.name != actor.name for p in self.people):
            self.people.append(actor)
        if titled and actor.kind == "person":
            self.titled.add(actor.name)

    def by_surname(self, name: str) -> Actor | None:
        key = _norm(_HONORIFICS.sub("", name.strip()))
        if not key:
            return None
        for p in reversed(self.people):
            parts = _norm(p.name).split()
            if key == _norm(p.name) or (key in parts and len(key) > 2) or key.split()[-1:] == parts[-1:]:
                return p
        return None

    def by_office(self, office_key: str, country: str | None) -> Actor | None:
        for p in reversed(self.people):
            if p.role and _office_key(self.kb, p) == office_key and (country is None or p.country == country):
                return p
        return None


@lru_cache(maxsize=4096)  # the same few names are compared for every mention of a long article
def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower().replace("-", " ")).strip()


@lru_cache(maxsize=512)
def _office_key_of(role: str) -> str | None:
    """The normalised office of a role's display name, read with the title vocabulary."""
    guesses = titles.find_titles(role)
    return guesses[0].office_key if guesses else None


def _office_key(kb: KB, actor: Actor) -> str | None:
    return _office_key_of(actor.role) if actor.role else None


def find_mentions(doc: Any, state: ArticleActors) -> list[ActorMention]:
    """All actor mentions of a parsed article, in text order, without overlaps."""
    found: list[ActorMention] = []
    ents = list(doc.ents)  # read once: ``Span.ents`` scans every entity of the document
    first = 0
    for sent in doc.sents:
        while first < len(ents) and ents[first].start < sent.start:
            first += 1
        inside = []
        for ent in ents[first:]:
            if ent.start >= sent.end:
                break
            if ent.end <= sent.end:
                inside.append(ent)
        found.extend(_with_sector(doc, m) for m in _sentence_mentions(sent, state, inside))
    return found


@lru_cache(maxsize=1)
def _agents() -> dict[str, str]:
    """Group noun lemma -> sector, from ``data/agents.yaml``."""
    import yaml
    from importlib import resources

    raw = yaml.safe_load(resources.files("dateline").joinpath("data/agents.yaml").read_text(encoding="utf-8"))
    return {str(w).lower(): str(sector) for sector, words in raw["agents"].items() for w in words}


def _with_sector(doc: Any, m: ActorMention) -> ActorMention:
    """A country named as the owner of a group noun acts through that sector: "Israeli
    troops" (MIL), "police in Karachi" (COP), "Turkey's parliament" (LEG)."""
    if m.actor.kind != "country":
        return m
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    head = span.root.head
    if span.root.dep_ == "pobj" and head.lower_ in ("in", "of", "from"):
        head = head.head
    elif span.root.dep_ not in ("amod", "compound", "poss", "nmod"):
        return m
    sector = _agents().get(head.lemma_.lower())
    return replace(m, actor=replace(m.actor, sector=sector)) if sector and head.pos_ in ("NOUN", "PROPN") else m


def _sentence_mentions(sent: Any, state: ArticleActors, ents: list[Any]) -> list[ActorMention]:
    """The mentions of one sentence; ``ents`` are the entities that lie wholly inside it."""
    base = sent.start_char
    candidates = _title_mentions(sent.text, base, state, _person_starts(sent, ents))
    candidates += [m for m in _kb_mentions(sent, state) if not _first_name_of_stranger(m, ents)]
    candidates += _ner_mentions(ents, state)
    chosen = _without_overlaps(candidates)
    for m in chosen:
        state.remember(m.actor, titled=m.source == "title")
    return chosen


def _first_name_of_stranger(m: ActorMention, ents: list[Any]) -> bool:
    """A known person's one-word name that opens a longer name ("Oleksandr" of "Oleksandr
    Kubrakov", when the base knows another Oleksandr): the first name of someone else."""
    if m.actor.kind != "person":
        return False
    return any(e.label_ == "PERSON" and e.start_char == m.start and e.end_char > m.end
               and " " not in e.text[: m.end - m.start].strip() and _norm(e.text) != _norm(m.actor.name)
               and not _norm(m.actor.name).startswith(_norm(e.text))
               for e in ents)


def _person_starts(sent: Any, ents: list[Any]) -> dict[int, str]:
    """PERSON entities by start offset within the sentence."""
    return {e.start_char - sent.start_char: e.text for e in ents if e.label_ == "PERSON"}


def _title_mentions(text: str, base: int, state: ArticleActors,
                    people: dict[int, str] | None = None) -> list[ActorMention]:
    out = []
    for tg in titles.find_titles(text):
        name_at = _next_word(text, tg.end)
        if tg.name is None and people and name_at in people:  # 'Chinese Vice Premier He Lifeng'
            tg = replace(tg, name=people[name_at], end=name_at + len(people[name_at]))
        elif tg.name and " " not in tg.name.strip() and people:  # 'minister, Oleksandr Kubrakov': not just 'Oleksandr'
            at = tg.end - len(tg.name)
            whole = people.get(at)
            if whole and len(whole) > len(tg.name) and whole.startswith(tg.name):
                tg = replace(tg, name=whole, end=at + len(whole))
        actor = _actor_for_title(tg, state)
        if actor is not None:
            out.append(ActorMention(base + tg.start, base + tg.end, actor, "title"))
    return out


def _next_word(text: str, at: int) -> int:
    while at < len(text) and text[at] == " ":
        at += 1
    return at


def _actor_for_title(tg: Any, state: ArticleActors) -> Actor | None:
    """A title with a name resolves the name (preferring the title's office); a bare
    title is the person already named with that office, or the holder at the date."""
    if tg.name:
        known = state.by_surname(tg.name)
        if known is not None and (tg.country in (None, known.country)):
            return known
        actor = state.kb.resolve_person(_clean_name(tg.name), state.anchor, office_key=tg.office_key,
                                        country=tg.country)
        return actor or Actor(name=_clean_name(tg.name), kind="person", country=tg.country, sector=tg.sector,
                              role=tg.office)
    known = state.by_office(tg.office_key, tg.country)
    if known is not None:
        return known
    if tg.country and state.anchor:
        holders = state.kb.holders(tg.office_key, tg.country, state.anchor)
        if len(holders) == 1:
            return holders[0]
    return None


# a rank glued to the name by a scraper: "GenDunford", "LtGen Ahmed"
_GLUED_RANK = re.compile(r"^(?:Gen|LtGen|Lt|Col|Maj|Brig|Adm|Capt|Dr|Mr|Mrs|Ms|Sen|Rep|Amb)(?=[A-Z][a-z])")


def _clean_name(name: str) -> str:
    """A name without honorifics, a glued rank or a possessive ('Prince Mohammad’s')."""
    name = re.sub(r"['’]s$", "", name.strip(" ,."))
    return re.sub(r"\s+", " ", _HONORIFICS.sub("", _GLUED_RANK.sub("", name)))


@lru_cache(maxsize=4)
def _surface_index(kb: KB) -> dict[str, tuple[str, str]]:
    """Case-sensitive surface form -> (kind, id), longest forms first when matching."""
    return {form: (kind, ident) for form, kind, ident in kb.surface_forms() if len(form) > 1}


def _kb_mentions(sent: Any, state: ArticleActors) -> list[ActorMention]:
    """Known names, aliases, countries and organisations written in the sentence."""
    out = []
    index = _surface_index(state.kb)
    for start, end, form in _token_ngrams(sent, max_len=6, firsts=_first_tokens(state.kb)):
        hit = index.get(form)
        if hit is None:
            continue
        actor = _actor_for_surface(form, hit[0], state)
        if actor is not None:
            out.append(ActorMention(start, end, actor, "kb"))
    return out


_LEADING_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4)
def _first_tokens(kb: KB) -> frozenset[str] | None:
    """Every prefix of the word each known surface form starts with. An n-gram equal to
    a form starts with its first token, whose leading word is then a prefix of the
    form's leading word; a token whose leading word is none of these starts no known
    name, so no n-gram need be built from it. ``None`` (no filtering) if a form does
    not start with a word character."""
    prefixes: set[str] = set()
    for form in _surface_index(kb):
        m = _LEADING_WORD.match(form)
        if m is None:
            return None
        prefixes.update(m.group(0)[:k] for k in range(1, len(m.group(0)) + 1))
    return frozenset(prefixes)


def _token_ngrams(sent: Any, max_len: int, firsts: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, text) of the token n-grams that start with a capital or a digit,
    their text as ``Span.text`` gives it (built from offsets: a Span per n-gram was a
    third of the time spent reading events)."""
    toks = list(sent)
    text, base = sent.text, sent.start_char  # not doc.text: spaCy rebuilds that on every call
    out = []
    for i, tok in enumerate(toks):
        if not (tok.text[:1].isupper() or tok.text[:1].isdigit()):
            continue
        if firsts is not None and not _may_start(tok.text, firsts):
            continue
        start = tok.idx
        for j in range(i, min(i + max_len, len(toks))):
            end = toks[j].idx + len(toks[j].text)
            out.append((start, end, text[start - base:end - base]))
    return out


def _may_start(token: str, firsts: frozenset[str]) -> bool:
    m = _LEADING_WORD.match(token)
    return m is None or m.group(0) in firsts


def _actor_for_surface(form: str, kind: str, state: ArticleActors) -> Actor | None:
    if _never_an_actor(form):
        return None
    if kind == "person":
        return state.by_surname(form) or state.kb.resolve_person(form, state.anchor)
    if kind == "country":
        return state.kb.country(form)
    return state.kb.org(form)


def _ner_mentions(ents: list[Any], state: ArticleActors) -> list[ActorMention]:
    out = []
    for ent in ents:
        actor = _actor_for_entity(ent, state)
        if actor is not None:
            out.append(ActorMention(ent.start_char, ent.end_char, actor, "ner"))
    return out


@lru_cache(maxsize=1)
def _not_actors() -> frozenset[str]:
    """Platforms and bare role words that are never participants (``data/agents.yaml``)."""
    import yaml
    from importlib import resources

    raw = yaml.safe_load(resources.files("dateline").joinpath("data/agents.yaml").read_text(encoding="utf-8"))
    return frozenset(_norm(str(w)) for w in raw.get("not_actors", ()))


def _never_an_actor(text: str) -> bool:
    """'X' (the platform), '#PakUSTies', 'Spokesperson': nothing that can act or be acted on."""
    key = _norm(text)
    return text.lstrip().startswith(("#", "@")) or len(key) < 2 or key in _not_actors()


def _actor_for_entity(ent: Any, state: ArticleActors) -> Actor | None:
    text = ent.text.strip()
    if _never_an_actor(text):
        return None
    if ent.label_ == "PERSON":
        name = _clean_name(text)
        if not name or not name[0].isupper():
            return None
        known = state.by_surname(name) or state.kb.resolve_person(name, state.anchor)
        if known is None and len(ent) == 1 and ent.root.dep_ in ("amod", "compound") and ent.root.head.text.islower():
            return None  # 'Sikh pilgrims': a word that qualifies a noun is nobody's name
        return known or Actor(name=name, kind="person")
    if ent.label_ in ("GPE", "NORP", "ORG", "LOC"):
        return state.kb.country(text) or state.kb.org(text)
    return None


def _without_overlaps(cands: list[ActorMention]) -> list[ActorMention]:
    """Keep the strongest, longest mention where spans overlap."""
    rank = {"title": 0, "kb": 1, "ner": 2, "pronoun": 3}
    ordered = sorted(cands, key=lambda m: (rank[m.source], -(m.end - m.start), m.start))
    kept: list[ActorMention] = []
    for m in ordered:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
