"""Events from parsed articles: triggers and dependency arguments -> PLOVER events.

The trigger lexicon (``data/triggers.yaml``) says which words announce which event;
this module reads the parse to find who acted on whom:

* a verb trigger takes its subject as source and its objects and prepositional
  objects (with, to, on, against, ...) as targets; symmetric events (calls,
  meetings, agreements) put everyone on side ``both``;
* a noun trigger ("a phone call to X", "a meeting between X and Y", "a bailout by
  the IMF for Pakistan") takes its possessor, its "by" phrase or the subject of the
  verb that governs it as source;
* "X said ..." yields an accusation when what was said carries an accusation cue;
* triggers in relative clauses are background, negated ones did not happen, and
  future or expected ones are ``planned``.

Within an article, reports with the same participants merge, and statements made by
the participants of a call or meeting without a date of their own are folded into it
as evidence ("During the call, Secretary Blinken emphasised ..."). Dates come from
``dating``: the timex attached to the trigger's clause against the publication date,
or, when the article has none, role tenures and the article's other dated references.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import dating, nlp, timex, topics
from . import focus as focus_mod
from .clean import dateline_prefix
from .errors import KnowledgeError
from .actors.kb import KB, default_kb
from .mentions import PERSONAL_PRONOUNS, ActorMention, ArticleActors, find_mentions
from .model import Actor, Article, Event, EventDate, Mention, Participant, content_id

TARGET_PREPS = {"with", "to", "on", "against", "for", "from", "between", "toward", "towards", "at", "into", "over"}
SUBJECT_DEPS = {"nsubj", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "obj", "iobj", "attr", "oprd"}
CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "parataxis", "csubj", "xcomp", "conj", "mark", "punct"}
FOLDABLE = {"CONSULT", "COOPERATE", "SUPPORT", "AGREE", "REQUEST", "AID", "REJECT"}
CONTACT_MODES = {"phone", "meeting", "visit", "letter"}
MAX_DATED_SPAN_DAYS = 62


@dataclass(frozen=True)
class Trigger:
    lemmas: frozenset[str]
    pos: frozenset[str]
    type: str
    mode: str
    symmetric: bool
    strength: float
    objects: frozenset[str] = frozenset()
    needs_prep: frozenset[str] = frozenset()
    not_with: frozenset[str] = frozenset()
    reverse: bool = False
    needs_person_object: bool = False
    needs_object_actor: bool = False
    object_is_topic: bool = False
    one_party: bool = False  # PLOVER codes it with an actor alone ("X resigned", "Y protested")
    clause: bool | None = None  # True: only with a clause ('call on X to act'); False: only without
    needs_phrase: str | None = None  # only in a sentence with this phrase ('persona non grata')


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    reporting: frozenset[str]
    accusation_cues: tuple[str, ...]
    future_markers: frozenset[str]
    background_deps: frozenset[str]
    collectives: tuple[str, ...]
    collective_pattern: re.Pattern[str]
    contact_anaphora: tuple[str, ...]
    first_markers: frozenset[str]
    ongoing: frozenset[str]
    support_verbs: frozenset[str]
    wish_markers: frozenset[str]
    summaries: dict[str, str]
    hypothetical: frozenset[str] = frozenset()
    cancel_verbs: frozenset[str] = frozenset()
    first_contact_nouns: frozenset[str] = frozenset()
    inanimate_subjects: frozenset[str] = frozenset()

    def for_token(self, tok: Any) -> list[Trigger]:
        lemma = tok.lemma_.lower()
        return [t for t in self.triggers if lemma in t.lemmas and tok.pos_ in t.pos]


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The trigger lexicon, from the packaged YAML or a user's file."""
    text = Path(path).read_text() if path else resources.files("dateline").joinpath("data/triggers.yaml").read_text()
    d = yaml.safe_load(text)
    trig = tuple(_trigger(e) for e in d["triggers"])
    return Lexicon(
        triggers=trig, reporting=frozenset(d["reporting_verbs"]),
        accusation_cues=tuple(d["accusation_cues"]), future_markers=frozenset(d["future_markers"]),
        background_deps=frozenset(d["background_deps"]), collectives=tuple(d["collectives"]),
        collective_pattern=re.compile(d["collective_pattern"]),
        contact_anaphora=tuple(d["contact_anaphora"]), first_markers=frozenset(d["first_markers"]),
        ongoing=frozenset(d["ongoing_verbs"]), support_verbs=frozenset(d["support_verbs"]),
        wish_markers=frozenset(d["wish_markers"]), summaries=dict(d["summaries"]),
        hypothetical=frozenset(d.get("hypothetical_modifiers", ())), cancel_verbs=frozenset(d.get("cancel_verbs", ())),
        first_contact_nouns=frozenset(d.get("first_contact_nouns", ())),
        inanimate_subjects=frozenset(d.get("inanimate_subjects", ())),
    )


def _trigger(e: dict[str, Any]) -> Trigger:
    sets = {k: frozenset(e.get(k, ())) for k in ("objects", "needs_prep", "not_with")}
    for key, words in sets.items():
        if any(not isinstance(w, str) for w in words):  # YAML 1.1 reads a bare on/off/yes/no as true/false
            raise KnowledgeError("triggers.yaml", f"{key} of {sorted(map(str, e['lemmas']))}: quote every word "
                                 f"(a bare on, off, yes or no is read as true or false)")
    return Trigger(lemmas=frozenset(e["lemmas"]), pos=frozenset(e["pos"]), type=e["type"], mode=e["mode"],
                   symmetric=bool(e["symmetric"]), strength=float(e["strength"]), reverse=bool(e.get("reverse")),
                   needs_person_object=bool(e.get("needs_person_object")),
                   needs_object_actor=bool(e.get("needs_object_actor")),
                   object_is_topic=bool(e.get("object_is_topic")), one_party=bool(e.get("one_party")),
                   clause=e.get("clause"), needs_phrase=e.get("needs_phrase"), **sets)


# --- candidates --------------------------------------------------------------

@dataclass
class Candidate:
    """An event found in one sentence, before merging within the article."""

    type: str
    mode: str
    sources: list[Actor]
    targets: list[Actor]
    symmetric: bool
    sentence: Any  # spaCy Span
    trigger: Any  # spaCy Token
    strength: float
    status: str = "occurred"
    timex: timex.Timex | None = None
    tense: str = "past"
    location: str | None = None
    first: bool = False
    evidence: list[str] = field(default_factory=list)  # sentences that inform topics
    also: list[str] = field(default_factory=list)  # other sentences reporting it: mentions
    date: EventDate | None = None

    @property
    def actors(self) -> list[Actor]:
        return _unique(self.sources + self.targets)

    def key(self) -> tuple[str, frozenset[str]]:
        return self.type, frozenset(a.name for a in self.actors)


def _unique(actors: Sequence[Actor]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for a in actors:
        seen.setdefault(a.name, a)
    return list(seen.values())


class ArticleReader:
    """Reads one parsed article into event reports."""

    def __init__(self, article: Article, doc: Any, kb: KB, lex: Lexicon, taxonomy: topics.Taxonomy) -> None:
        self.article = article
        self.doc = doc
        self.kb = kb
        self.lex = lex
        self.taxonomy = taxonomy
        self.anchor = article.published_date
        self.state = ArticleActors(kb, self.anchor)
        self.mentions = find_mentions(doc, self.state)
        self.by_token = _mentions_by_token(doc, self.mentions)
        self.last_subject: Actor | None = None
        self.contacts: list[Candidate] = []

    # -- actors of a dependency argument
    def actors_in(self, tok: Any, *, stop_at_clauses: bool = True) -> list[Actor]:
        """The actors named inside ``tok``'s phrase (not crossing into clauses)."""
        out: list[Actor] = []
        for t in _phrase_tokens(tok, stop_at_clauses):
            m = self.by_token.get(t.i)
            if m is not None:
                out.append(m.actor)
            elif t.lower_ in PERSONAL_PRONOUNS and t.dep_ in ("nsubj", "nsubjpass", "poss", "dobj"):
                antecedent = self.antecedent(t)
                if antecedent is not None:
                    out.append(antecedent)
            elif t.lower_ == "it" and t.dep_ in ("nsubj", "nsubjpass"):
                body = self.institution_before(t)  # 'the ministry said it had expelled ...'
                if body is not None:
                    out.append(body)
            elif t.lower_ in ("who", "which", "that") and t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "relcl":
                named = self.by_token.get(t.head.head.i)  # 'Trump, who hosted him': who is Trump
                if named is not None:
                    out.append(named.actor)
        collective = self.collective(tok)
        return _prefer_people(_unique(out + collective))

    def institution_before(self, pronoun: Any) -> Actor | None:
        """'it': the latest country or organisation that was a subject earlier in the
        same sentence ('The FSB said Monday it had detained ...')."""
        for t in reversed(list(pronoun.sent[: pronoun.i - pronoun.sent.start])):
            if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ != "it":
                phrase = _phrase_tokens(t, True)
                if any(x.lower_ == "it" for x in phrase):
                    continue  # a subject holding another 'it' would send the search round in circles
                bodies = [self.by_token[x.i].actor for x in phrase
                          if x.i in self.by_token and self.by_token[x.i].actor.kind != "person"]
                if bodies:
                    return bodies[0]
        return None

    def antecedent(self, pronoun: Any) -> Actor | None:
        """'he'/'she': the latest person who was a subject earlier in the same sentence,
        else in an earlier sentence."""
        for t in reversed(list(pronoun.sent[: pronoun.i - pronoun.sent.start])):
            m = self.by_token.get(t.i)
            if m is not None and m.actor.kind == "person" and t.dep_ in ("nsubj", "nsubjpass"):
                return m.actor
        return self.last_subject

    def collective(self, tok: Any) -> list[Actor]:
        """'the two leaders', 'both sides', 'they': the latest contact's participants."""
        phrase = " ".join(t.lower_ for t in _phrase_tokens(tok, True))
        if not self.contacts:
            return []
        listed = any(phrase == c or phrase.endswith(" " + c) or phrase.startswith(c) for c in self.lex.collectives)
        if tok.lower_ == "they" or listed or self.lex.collective_pattern.match(phrase):
            return self.contacts[-1].actors
        return []

    # -- reading
    def read(self) -> list[Event]:
        cands: list[Candidate] = []
        for sent in self.doc.sents:
            found = self.sentence_candidates(sent)
            cands.extend(found)
            self.note_subject(sent)
            if not found:
                self.attach_anaphora(sent)
        merged = self.merge(cands)
        dated = self.date_all(merged)
        return [self.to_event(c) for c in dated]

    def sentence_candidates(self, sent: Any) -> list[Candidate]:
        out: list[Candidate] = []
        for tok in sent:
            for trig in self.lex.for_token(tok):
                found = self.candidates(tok, trig, sent)
                out.extend(found)
                self.contacts.extend(c for c in found if c.mode in CONTACT_MODES and c.type == "CONSULT")
                if found:
                    break
            if not out or out[-1].trigger.i != tok.i:
                cand = self.statement(tok, sent)
                if cand is not None:
                    out.append(cand)
        return out

    def note_subject(self, sent: Any) -> None:
        """The latest person who was a sentence subject: what 'he' or 'she' refers to."""
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                people = [a for a in self.actors_in(tok) if a.kind == "person"]
                if len(people) == 1:
                    self.last_subject = people[0]

    def attach_anaphora(self, sent: Any) -> None:
        low = sent.text.lower()
        if self.contacts and any(p in low for p in self.lex.contact_anaphora + self.lex.collectives[:-1]):
            self.contacts[-1].evidence.append(sent.text.strip())

    # -- one trigger
    def candidates(self, tok: Any, trig: Trigger, sent: Any) -> list[Candidate]:
        """The events one trigger announces: one, or one per person met ('X met Y and Z')."""
        if not self.trigger_applies(tok, trig):
            return []
        if self.refers_back(tok, trig, sent):
            return []
        sources, targets = self.arguments(tok, trig)
        if trig.needs_person_object and not any(a.kind == "person" for a in targets):
            return []
        if trig.reverse:
            sources, targets = targets, sources
        if trig.mode == "visit" and not targets:
            targets = self.visit_host(tok, sources)
        sources, targets = _tidy(sources, targets, trig.symmetric)
        if not self.enough(sources, targets, trig):
            return []
        return [self._candidate(tok, trig, sent, sources, group) for group in _per_person(sources, targets)]

    def _candidate(self, tok: Any, trig: Trigger, sent: Any, sources: list[Actor], targets: list[Actor]) -> Candidate:
        return Candidate(
            type=trig.type, mode=trig.mode, sources=sources, targets=targets, symmetric=trig.symmetric,
            sentence=sent, trigger=tok, strength=trig.strength, status=self.status(tok),
            timex=self.timex_for(tok, sent), tense=self.tense(tok), location=self.location(tok, sources + targets, trig.mode),
            first=self.first_contact(tok, sent),
        )

    def refers_back(self, tok: Any, trig: Trigger, sent: Any) -> bool:
        """'were present during the meeting', 'after the call': a contact named with 'the'
        and no parties of its own is the latest contact again (its sentence becomes that
        contact's evidence), not a new one among whoever stands beside it."""
        if trig.type != "CONSULT" or tok.pos_ != "NOUN" or not self.contacts:
            return False
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
        own_parties = any(c.dep_ in ("prep", "poss", "compound", "amod") and (c.lower_ in ("with", "between")
                          or c.i in self.by_token) for c in tok.children)
        if definite and not own_parties:
            self.contacts[-1].evidence.append(sent.text.strip())
            return True
        return False

    def trigger_applies(self, tok: Any, trig: Trigger) -> bool:
        if tok.ent_type_ in ("PERSON", "ORG", "GPE", "WORK_OF_ART", "LAW", "FAC", "NORP") or tok.i in self.by_token:
            return False
        if any(c.dep_ == "neg" for c in tok.children) or self.background(tok) or self.ongoing(tok):
            return False
        if self.hypothetical(tok):
            return False
        if trig.mode == "visit" and tok.pos_ == "VERB" and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in self.lex.inanimate_subjects for c in tok.children):
            return False  # 'the missile landed in Japan's waters'

        # 'on Tuesday' is a time, not the 'on' of 'called on the minister'
        preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt", "agent") and not _of_time(c)}
        if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "obj") and _governing_verb(tok) is not None:
            preps |= {c.lower_ for c in _governing_verb(tok).children if c.dep_ in ("prep", "dative") and not _of_time(c)}
        if trig.not_with & preps or (trig.needs_prep and not trig.needs_prep & preps):
            return False
        if trig.needs_phrase and trig.needs_phrase not in tok.sent.text.lower():
            return False
        if trig.clause is not None and _takes_clause(tok) != trig.clause:
            return False  # 'called on X' (a visit) is not 'called on X to act' (a request)
        if trig.objects:  # the object, or what something is provided with ('provide Ukraine with tanks')
            withs = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children
                     if p.dep_ == "pobj"]
            return any((c.dep_ in OBJECT_DEPS or c in withs) and _object_lemma(c) in trig.objects
                       for c in [*tok.children, *withs])
        return not (tok.pos_ == "NOUN" and tok.dep_ == "compound")

    def reported(self, tok: Any) -> bool:
        """Said by someone ('Pakistan said it had summoned the envoy'): a past perfect there
        is the reported past shifted back, still the news."""
        return any(a.lemma_.lower() in self.lex.reporting for a in tok.ancestors)

    def hypothetical(self, tok: Any) -> bool:
        """'a potential meeting', 'the postponed talks', 'called off his visit', or any
        trigger in a question ('Will Modi and Xi meet in Kazan?'): nothing that happened."""
        if tok.sent.text.rstrip().rstrip('"”’\'').endswith("?"):
            return True
        if tok.pos_ != "NOUN":
            return False
        if any(c.dep_ in ("amod", "compound") and c.lower_ in self.lex.hypothetical for c in tok.children):
            return True
        verb = tok.head if tok.dep_ in ("dobj", "obj", "nsubjpass") else None
        if verb is None:
            return False
        phrasal = " ".join([verb.lemma_.lower(), *(c.lower_ for c in verb.children if c.dep_ == "prt")])
        return phrasal in self.lex.cancel_verbs or verb.lemma_.lower() in self.lex.cancel_verbs

    def background(self, tok: Any) -> bool:
        """Inside a relative clause (or a gerund hanging off one): background, not news;
        unless the clause gives its own day ('Trump, who hosted him at the White House on
        Monday'): that is news told in passing."""
        if _pluperfect(tok) and not self.reported(tok) and not _dated(_clause_verb(tok) or tok):
            return True  # 'the war in which the United States had intervened': before the news
        return any(t.dep_ in self.lex.background_deps and not _frame_clause(t) and not _own_day(t)
                   for t in [tok, *tok.ancestors])

    def ongoing(self, tok: Any) -> bool:
        """'continues to have conversations', 'was having a dialogue': a standing state of
        affairs, not a dated event."""
        verb = _clause_verb(tok)
        if verb is None:
            return False
        chain = [verb, *([verb.head] if verb.dep_ == "xcomp" else [])]
        if any(v.lemma_.lower() in self.lex.ongoing for v in chain):
            return True
        if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children):
            return True
        return self.habitual(verb)

    def habitual(self, verb: Any) -> bool:
        """A simple present in a body sentence with no date ('Islamabad accuses the TTP
        of ...') states a standing position; headlines (no full stop) are news."""
        sent = verb.sent
        ends = sent.text.rstrip().rstrip('"”’\'').endswith((".", "!", "?"))
        has_aux = any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        return verb.tag_ in ("VBZ", "VBP") and not has_aux and ends and not timex.find_timexes(sent.text)

    def enough(self, sources: list[Actor], targets: list[Actor], trig: Trigger) -> bool:
        everyone = _unique(sources + targets)
        if len(everyone) < 2:
            return trig.one_party and bool(sources) and not targets
        if not trig.symmetric and not _crosses_borders(sources, targets):
            return False
        if trig.symmetric:
            return True
        return bool(sources) and bool([t for t in targets if t.name not in {s.name for s in sources}])

    # -- arguments from the parse
    def arguments(self, tok: Any, trig: Trigger) -> tuple[list[Actor], list[Actor]]:
        if tok.pos_ == "VERB":
            return self.verb_arguments(tok, objects=not trig.object_is_topic)
        return self.noun_arguments(tok)

    def verb_arguments(self, verb: Any, objects: bool = True) -> tuple[list[Actor], list[Actor]]:
        subj = self.subject_of(verb)
        sources = [a for s in subj for a in self.actors_in(s)]
        targets: list[Actor] = []
        for c in verb.children:
            if c.dep_ in OBJECT_DEPS and objects:
                targets += self.actors_in(c)
            elif c.dep_ == "nsubjpass":
                targets += self.actors_in(c)
            elif c.dep_ == "agent":
                sources += [a for p in c.children if p.dep_ == "pobj" for a in self.actors_in(p)]
            elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                targets += [a for p in c.children if p.dep_ == "pobj" for a in self.actors_in(p)]
        if objects and not targets:
            targets = self.addressee(verb)
        return _unique(sources), _unique(targets)

    def addressee(self, verb: Any) -> list[Actor]:
        """Who a demand or warning is about when the verb takes a clause, not an object:
        the subject of 'that'-clause ('demanded that the US cancel the sale')."""
        return [a for c in verb.children if c.dep_ == "ccomp" and any(m.lower_ == "that" for m in c.children)
                for s in c.children if s.dep_ in SUBJECT_DEPS for a in self.actors_in(s)]

    def subject_of(self, verb: Any) -> list[Any]:
        """The verb's subject; for a conjoined or complement verb, its head's subject."""
        v = verb
        for _ in range(4):
            subj = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
            if subj:
                return subj
            if v.dep_ in ("conj", "xcomp", "advcl", "acomp") and v.head.i != v.i:  # acomp: 'X is about to restore'
                v = v.head
                passive = [c for c in v.children if c.dep_ == "nsubjpass"]  # 'X is expected to meet Y'
                if passive and verb.dep_ == "xcomp":
                    return passive
                continue
            if v.dep_ in ("acl", "pcomp") and _governing_verb(v.head) is not None:
                v = _governing_verb(v.head)  # 'an order imposing tariffs', 'said after meeting X'
                continue
            break
        return []

    def noun_arguments(self, noun: Any) -> tuple[list[Actor], list[Actor]]:
        sources: list[Actor] = []
        targets: list[Actor] = []
        for holder in _noun_chain(noun):
            for c in holder.children:
                if c.dep_ == "poss" or (c.dep_ == "compound" and c.i in self.by_token):
                    sources += self.actors_in(c)
                elif c.dep_ in ("prep", "agent") and c.lower_ == "by":
                    sources += [a for p in c.children if p.dep_ == "pobj" for a in self.actors_in(p)]
                elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                    targets += [a for p in c.children if p.dep_ == "pobj" for a in self.actors_in(p)]
        verb = _governing_verb(noun)
        if verb is not None and noun.dep_ in ("dobj", "obj"):  # 'held talks with X', 'sent a letter to X'
            targets += [a for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in TARGET_PREPS
                        for p in c.children if p.dep_ == "pobj" for a in self.actors_in(p)]
        if not sources and verb is not None and self.supports(noun, verb):
            sources = [a for s in self.subject_of(verb) for a in self.actors_in(s)]
        return _unique(sources), _unique([t for t in targets if t not in sources])

    def supports(self, noun: Any, verb: Any) -> bool:
        """Whether the verb's subject is the noun event's agent: the noun is the object of
        a support verb ('held talks', 'imposed tariffs', 'made a call') or a setting of
        the clause ('In a phone call to X, Y said', 'during the meeting'). The subject of
        'expressed concern over sanctions' did not impose them."""
        if noun.dep_ in ("dobj", "obj") and noun.head.i == verb.i:
            return verb.lemma_.lower() in self.lex.support_verbs
        head = noun.head
        if noun.dep_ != "pobj" or head.head.i != verb.i:
            return False
        return head.lower_ in ("in", "during", "at") or verb.lemma_.lower() in self.lex.support_verbs

    def visit_host(self, tok: Any, sources: list[Actor]) -> list[Actor]:
        """The host of a visit named only by a place: 'arrived in Beijing'."""
        home = {a.country for a in sources}
        for t in _phrase_tokens(tok, True):
            if t.ent_type_ == "GPE":
                c = self.kb.country(t.text)
                if c is not None and c.country not in home:
                    return [c]
        return []

    # -- statements
    def statement(self, tok: Any, sent: Any) -> Candidate | None:
        """'X said ... safe havens ... Pakistan': an accusation by the speaker."""
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in self.lex.reporting or self.background(tok):
            return None
        speakers = [a for s in self.subject_of(tok) for a in self.actors_in(s)]
        speakers = [a for a in speakers if a.kind != "country"] or speakers
        if not speakers:
            return None
        said = [c for c in tok.children if c.dep_ in ("ccomp", "dobj", "xcomp", "advcl", "prep")]
        said = said or [c for c in tok.head.children if c.dep_ == "ccomp"]
        content = " ".join(t.text for s in said for t in s.subtree).lower()
        if not any(re.search(r"\b" + re.escape(cue) + r"\b", content) for cue in self.lex.accusation_cues):
            return None
        home = {a.country for a in speakers}
        targets = [a for s in said for a in self.actors_in(s, stop_at_clauses=False) if a.country not in home]
        if not targets:
            return None
        return Candidate(type="ACCUSE", mode="statement", sources=_unique(speakers), targets=_unique(targets)[:1],
                         symmetric=False, sentence=sent, trigger=tok, strength=0.6, status="occurred",
                         timex=self.timex_for(tok, sent), tense="past")

    # -- time, status, place
    def status(self, tok: Any) -> str:
        return clause_status(tok, self.lex)

    def wished(self, tok: Any) -> bool:
        """Governed by a word of wishing or offering ('ready to facilitate talks')."""
        for t in [tok, *tok.ancestors][:5]:
            if t.lower_ in self.lex.wish_markers or t.lemma_.lower() in self.lex.wish_markers:
                return True
        return False

    def tense(self, tok: Any) -> str:
        return "future" if self.status(tok) == "planned" else "past"

    def timex_for(self, tok: Any, sent: Any) -> timex.Timex | None:
        """The temporal expression of the trigger's clause, else of the nearest clause
        above it that has one ('will embark on a visit on Friday, during which he will
        hold talks' dates the talks by Friday; 'X has conveyed ..., the Pentagon said on
        Tuesday' by the statement's day)."""
        found = [(t, _span_head(sent, t)) for t in timex.find_timexes(sent.text)]
        by_clause: dict[int | None, list[tuple[timex.Timex, Any]]] = {}
        for t, h in found:
            if h is not None:
                by_clause.setdefault(_index(_clause_verb(h)), []).append((t, h))
        clauses = [_clause_verb(tok), *(a for a in tok.ancestors if a.pos_ in ("VERB", "AUX"))]
        for verb in clauses:
            own = by_clause.get(_index(verb))
            if own:
                t, _ = min(own, key=lambda th: abs(th[1].i - tok.i))
                return _shift(t, sent.start_char)
        return None

    def timex_tense(self, tok: Any, sent: Any, tense: str) -> str:
        """The tense to read the trigger's time expression in: a planned event dated only
        by the clause that announced it ('Macron announced on Sunday that France will
        end ...') is dated by the announcement, a past day, not by the next Sunday."""
        if tense != "future" or tok is None:
            return tense
        found = [_span_head(sent, t) for t in timex.find_timexes(sent.text)]
        own = _clause_verb(tok)
        heads = [h for h in found if h is not None and _clause_verb(h) is not None]
        if any(_index(_clause_verb(h)) == _index(own) for h in heads):
            return tense
        above = [a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")]
        said = next((a for a in above if any(_index(_clause_verb(h)) == _index(a) for h in heads)), None)
        return "past" if said is not None and self.status(said) != "planned" else tense

    def location(self, tok: Any, actors: list[Actor], mode: str) -> str | None:
        """Where a meeting or visit took place: a place after 'in'/'at' in the trigger's
        phrase, else later in its sentence. Calls and statements have no place."""
        if mode not in ("meeting", "visit"):
            return None
        names = {a.name for a in actors}
        later = [t for t in tok.sent if t.i > tok.i]
        for t in [*_phrase_tokens(tok, True), *later]:
            if t.ent_type_ in ("GPE", "FAC", "LOC") and t.head.lower_ in ("in", "at") and t.text not in names:
                span = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
                return span.text if span is not None else t.text
        return None

    def first_contact(self, tok: Any, sent: Any) -> bool:
        """'their first official interaction': the people had not met in these roles
        before. Not when the text says first *since* something or *in* some years ('first
        talks in five years', 'the first since the war began'): that is a resumption."""
        low = sent.text.lower()
        words = [(m[1], m.end()) for m in re.finditer(r"\b(\w+)\b", low)]
        for i, (word, end) in enumerate(words):
            if word in self.lex.first_markers and any(w in self.lex.first_contact_nouns for w, _ in words[i + 1:i + 4]):
                return not _FIRST_SINCE.match(low, end)
        return False

    # -- within-article merging
    def merge(self, cands: list[Candidate]) -> list[Candidate]:
        """Fold reports of one event; reports naming people go first, so that a headline
        naming only countries ('China, US hold video call') folds into the people's call."""
        kept: list[Candidate] = []
        ordered = sorted(cands, key=lambda c: not any(a.kind == "person" for a in c.actors))
        for c in ordered:
            same = next((k for k in kept if _same_report(k, c, self.anchor is None)), None)
            if same is not None:
                _absorb(same, c)
                continue
            host = self.fold_host(c, kept)
            if host is not None:
                _absorb(host, c)
                continue
            kept.append(c)
        return kept

    def fold_host(self, c: Candidate, kept: list[Candidate]) -> Candidate | None:
        """A contact that ``c`` is part of: same people (or their countries), and no date
        of its own (a date in the contact's own sentence is the contact's)."""
        if c.type not in FOLDABLE:
            return None
        if c.mode in CONTACT_MODES and any(a.kind == "person" for a in c.actors):
            return None
        for k in reversed(kept):
            if k.type == "CONSULT" and k.mode in CONTACT_MODES and _covered(c, k):
                own_date = c.timex is not None and (k.timex is None or c.timex.start != k.timex.start)
                return None if own_date else k
        return None

    # -- dating
    def date_all(self, cands: list[Candidate]) -> list[Candidate]:
        if self.anchor is None:
            self.anchor = self.dateline_anchor()
        reference = None
        bounds = self.document_bounds() if self.anchor is None else None
        era = self.article_window(cands) if self.anchor is None else None
        for c in cands:
            c.date = _with_duration(self.date_of(c, reference, bounds, era), c)
            if reference is None and c.date.precision == "day" and c.type == "CONSULT":
                reference = c.date.start_date
        return [c for c in cands if not self.vague(c)]

    def vague(self, c: Candidate) -> bool:
        """In a dated article, something dated only to a span of months ('over the past
        year', 'in recent months') is a pattern of behaviour, not a news event; and a
        future event announced with no time at all ('ready to facilitate talks', 'an
        invitation to visit') is a wish, not a plan."""
        if c.timex is None and self.wished(c.trigger):
            return True
        if c.timex is None and c.status == "planned" and _intent(c.trigger):
            return True
        return self.anchor is not None and c.date is not None and c.date.days > MAX_DATED_SPAN_DAYS

    def date_of(self, c: Candidate, reference: dt.date | None, bounds: Any,
                era: dating.Window | None = None) -> EventDate:
        """The candidate's date. In an undated article, within its participants' tenures,
        narrowed by the article's era unless the text states the date outright (a war
        recalled as 'in 2001' stays in 2001)."""
        window = None
        if self.anchor is None:
            window = self.tenure_window(c)
            if era is not None and (c.timex is None or timex.resolve(c.timex, None) is None):
                window = dating.narrower(window, era)
        tense = self.timex_tense(c.trigger, c.sentence, c.tense) if c.timex is not None else c.tense
        return dating.date_event(timex=c.timex, anchor=self.anchor, tense=tense, reference=reference,
                                 window=window, bounds=bounds)

    def article_window(self, cands: list[Candidate]) -> dating.Window | None:
        """When an undated article was written: while the people it reports on held the
        roles it gives them. Narrowest tenures first; a person whose tenure contradicts
        the others (a predecessor named as 'former') is left out rather than emptying it."""
        people = {a.name: a for c in cands for a in c.actors if self.dates_by_role(a, titled=False)}
        terms = sorted((self.terms(a) for a in people.values()), key=_span_days)
        kept: list[tuple[str, dt.date | None, dt.date | None]] = []
        for person_terms in terms:
            if dating.window_from_tenures(kept + person_terms) is not None:
                kept += person_terms
        win = dating.window_from_tenures(kept)
        return (win[0], win[1], win[2].replace("role tenures:", "people the article names:", 1)) if win else None

    def dates_by_role(self, a: Actor, titled: bool = True) -> bool:
        """Whether a person's tenure may date an undated report: as a participant, only in a
        role the text gives them ('Prime Minister Imran Khan'; a bare name says nothing of
        the office held then: Imran Khan led the opposition before he was Prime Minister);
        for the article's era, the weaker evidence that only narrows, any known office."""
        return a.kind == "person" and bool(a.tenure) and bool(a.role) and (not titled or a.name in self.state.titled)

    def terms(self, a: Actor) -> list[tuple[str, dt.date | None, dt.date | None]]:
        """Every term of a resolved person in the office the text gives them, labelled."""
        label = f"{a.name.split()[-1]} {a.role}"
        return [(label, *(dt.date.fromisoformat(x) if x else None for x in term)) for term in self.kb.tenures_of(a)]

    def tenure_window(self, c: Candidate) -> tuple[dt.date, dt.date, str] | None:
        tenures = [t for a in c.actors if self.dates_by_role(a) for t in self.terms(a)]
        win = dating.window_from_tenures(tenures)
        if win is not None and c.first:
            starts = [t[1] for t in tenures if t[1]]
            if starts:
                cap = max(starts) + dt.timedelta(days=365)
                if cap < win[1]:
                    win = (win[0], max(win[0], cap), win[2] + f"; a first contact: within a year of {max(starts)}")
        return win

    def dateline_anchor(self) -> dt.date | None:
        """An undated article whose dateline says 'Beijing, Oct 23 (Xinhua):' was written on
        the one Oct 23 that its participants' tenures allow, if only one does."""
        windows = [w for w in (self.tenure_window(c) for c in self.contacts) if w]
        for line in self.article.text.split("\n")[:12]:
            m = dateline_prefix(line)
            if m is None:
                continue
            for t in timex.find_timexes(line[:m.end()]):
                if t.kind == "date" and t.year and t.month and t.day:
                    return dt.date(t.year, t.month, t.day)
                if t.kind == "month_day" and windows:
                    d = dating.constrain(t, windows[0][0], windows[0][1])
                    if d is not None and d.precision == "day":
                        return d.start_date
                if t.kind == "month_day" and t.month and t.day:
                    d = self.soon_after_references(t.month, t.day)
                    if d is not None:
                        return d
        return None

    def soon_after_references(self, month: int, day: int) -> dt.date | None:
        """'MOSCOW, December 12. /TASS/.' above a text recalling 'the decision of December 4,
        2019': a dateline is written soon after what it reports, so the month-day is the
        first one on or after the latest stated past date, when that is within half a year."""
        bounds = self.document_bounds()
        lo = bounds[0] if bounds else None
        if lo is None:
            return None
        for year in (lo.year, lo.year + 1):
            d = dating.safe_date(year, month, day)
            if d is not None and d >= lo:
                return d if (d - lo).days <= DATELINE_SOON_DAYS else None
        return None

    def document_bounds(self) -> tuple[dt.date | None, dt.date | None, str] | None:
        """For undated articles: the news is no older than the latest past-dated
        reference and no later than the earliest future-dated one."""
        pairs = []
        for sent in self.doc.sents:
            for t in timex.find_timexes(sent.text):
                head = _span_head(sent, t)
                pairs.append((t, "future" if head is not None and self.status(head) == "planned" else "past"))
        windows = [self.tenure_window(c) for c in self.contacts]
        win = next((w for w in windows if w), None)
        lo, hi = dating.latest_past_and_earliest_future(pairs, (win[0], win[1]) if win else None)
        if lo is None and hi is None:
            return None
        said = [f"not before {lo}" if lo else "", f"not after {hi}" if hi else ""]
        return (lo, hi, "dated references in the text: " + ", ".join(p for p in said if p))

    # -- output
    def to_event(self, c: Candidate) -> Event:
        parts = _participants(c)
        sentences = [c.sentence.text.strip(), *c.also, *c.evidence]
        mention = Mention(self.article.article_id, c.sentence.text.strip(), self.article.outlet,
                          c.sentence.start_char, c.sentence.end_char)
        extra = [Mention(self.article.article_id, s, self.article.outlet) for s in dict.fromkeys(c.also)
                 if s != mention.sentence]
        names = sorted(p.name for p in parts)
        eid = content_id(self.article.article_id, c.type, *names, mention.sentence)
        assert c.date is not None
        return Event(
            event_id=eid, type=c.type, mode=c.mode, participants=parts, date=c.date, location=c.location,
            topics=topics.assign_topics(sentences, self.taxonomy), summary=self.summary(c, parts),
            mentions=(mention, *extra), sources=(self.article.outlet,) if self.article.outlet else (),
            status=c.status, confidence=_confidence(c),
        )

    def summary(self, c: Candidate, parts: tuple[Participant, ...]) -> str:
        template = self.lex.summaries.get(f"{c.type}/{c.mode}") or self.lex.summaries.get(c.type, "{a} and {b}")
        a = [p for p in parts if p.side in ("source", "both")]
        b = [p for p in parts if p.side == "target"]
        if not b:
            a, b = a[:1], a[1:]
        label = lambda ps: " and ".join(_who(p) for p in ps) or "unnamed parties"  # noqa: E731
        text = template.format(a=label(a), b=label(b))
        when = " (planned)" if c.status == "planned" else ""
        return text[0].upper() + text[1:] + when + "."


# 'a new round of strikes', 'a wave of sanctions': the event is the noun after 'of'
_QUANTIFIERS = frozenset({"round", "wave", "series", "barrage", "salvo", "volley", "spate", "string", "set",
                          "package", "raft", "slew", "fresh", "number", "batch", "flurry"})


_DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())


def _pluperfect(tok: Any) -> bool:
    """'had intervened', 'had been signed': the past before the reported past."""
    verb = _clause_verb(tok)
    return verb is not None and verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had"
                                                           for c in verb.children)


def _dated(clause: Any) -> bool:
    """A clause with a time expression of its own (a day, a month, a year)."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in clause.subtree)


def _own_day(clause: Any) -> bool:
    """A clause that names its own day: a weekday, 'today', 'yesterday' (a date the
    clause's time expression resolves, not a year or a season of background)."""
    return any(t.lower_ in _DAY_WORDS for t in clause.subtree)


def _takes_clause(verb: Any) -> bool:
    """'called on X to help', 'urged X that ...': the verb governs what someone should do."""
    return any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children))
               for c in verb.children)


def _of_time(prep: Any) -> bool:
    """A preposition whose object is a date or time ('on Tuesday', 'in March')."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _object_lemma(obj: Any) -> str:
    """The lemma that names what a light verb's object is: 'strikes' in 'launched a new
    round of missile strikes' (through a quantifier noun), else the object's own."""
    lemma = obj.lemma_.lower()
    if lemma in _QUANTIFIERS:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                inner = next((p for p in prep.children if p.dep_ == "pobj"), None)
                if inner is not None:
                    return inner.lemma_.lower()
    return lemma


def _intent(tok: Any) -> bool:
    """'developing plans to attack', 'aims to strike': an intention someone holds (the
    event hangs off a noun or an adjective), not an event announced for a time."""
    head = tok.head
    while head.dep_ in ("aux", "xcomp") and head.i != head.head.i:
        head = head.head
    return tok.dep_ in ("acl", "xcomp") and head.pos_ in ("NOUN", "ADJ")


def _span_days(terms: list[tuple[str, dt.date | None, dt.date | None]]) -> int:
    """How many days a person's terms span (open ends as 1900 and today): narrow first."""
    lo = min((t[1] or dating.EARLIEST for t in terms), default=dating.EARLIEST)
    hi = max((t[2] or dt.date.today() for t in terms), default=dt.date.today())
    return (hi - lo).days


DATELINE_SOON_DAYS = 183  # a dateline's month-day lies at most this long after the text's latest past date

# 'first ... since X' / 'first ... in (over) five years': a resumption, not a first contact
_FIRST_SINCE = re.compile(r"[^.;]{0,80}?\b(?:since|in (?:over |almost |nearly |more than |about )?"
                          r"(?:a |\w+ |\d+ )?(?:years?|decades?|months?))\b")
_DURATION = re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)[- ]day\b", re.I)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def clause_status(tok: Any, lex: Lexicon) -> str:
    """Planned when a future marker governs the token's clause ("will meet", "is expected
    to visit", "set to be enforced", "the upcoming talks"), else occurred. A function of
    the parse alone, so that a date word's tense can be read the same way as a trigger's."""
    for t in [tok, *tok.ancestors][:6]:
        infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in t.children)
        if t.dep_ in ("ROOT", "ccomp") and t.pos_ == "VERB" and infinitive:
            return "planned"  # headline future: 'Minister to visit US from Friday', '... to sign deal, says Turkey'
        words = {c.lower_ for c in t.children if c.dep_ in ("aux", "amod", "auxpass")} | {t.lower_}
        if words & lex.future_markers and not (t.i == tok.i and tok.tag_ in ("VBD", "VBN")):
            return "planned"
        purpose = t.dep_ == "advcl" and infinitive  # 'will gather on Friday to sign a deal'
        if t.pos_ in ("VERB", "AUX") and t.i != tok.i and t.dep_ not in ("xcomp", "acl", "auxpass", "aux") and not purpose:
            break
    return "occurred"


def _with_duration(date: EventDate, c: Candidate) -> EventDate:
    """A visit or meeting said to last N days ('a four-day official visit from Friday')
    covers N days from its first day."""
    m = _DURATION.search(" ".join([c.sentence.text, *c.also]))
    if m is None or c.mode != "visit" or date.precision != "day":
        return date
    n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1).lower()]
    end = date.start_date + dt.timedelta(days=max(0, n - 1))
    return EventDate.span(date.start_date, end, f"{date.basis}; lasting {m.group(0)}", precision="range")


def _tidy(sources: list[Actor], targets: list[Actor], symmetric: bool) -> tuple[list[Actor], list[Actor]]:
    """Participants as a reader would list them: a country or body already represented
    by one of its people is not a participant of its own, and in a contact between
    people of different countries, the places and institutions around them are not."""
    everyone = _unique(sources + targets)
    people = [a for a in everyone if a.kind == "person"]
    represented = {a.country for a in people}
    def keep(a: Actor) -> bool:
        if a.kind == "person":
            return True
        if symmetric and len(people) >= 2 and len({p.country for p in people}) >= 2:
            return False
        return a.country not in represented
    src = [a for a in sources if keep(a)]
    names = {a.name for a in src}
    return src, [a for a in targets if keep(a) and a.name not in names]


def _frame_clause(relcl: Any) -> bool:
    """'..., during which he is expected to hold talks', '... in Doha, where he met ...':
    a relative clause set inside the main event tells what happened there, while 'who
    ruled from 2018 to 2022' describes a person."""
    for c in relcl.children:
        if c.dep_ == "prep" and any(p.lower_ == "which" for p in c.children):
            return True
        if c.dep_ == "advmod" and c.lower_ == "where":
            return True
    return False


def _per_person(sources: list[Actor], targets: list[Actor]) -> list[list[Actor]]:
    """Several people on the receiving side of one subject ('scheduled to meet X and Y')
    are several meetings; anything else is one event."""
    people = [t for t in targets if t.kind == "person"]
    if sources and len(people) >= 2:
        return [[p] for p in people]
    return [targets]


def _crosses_borders(sources: list[Actor], targets: list[Actor]) -> bool:
    """A directed event acts on someone else: at least one target of another country
    (unknown countries give the benefit of the doubt)."""
    home = {a.country for a in sources}
    return any(t.country is None or None in home or t.country not in home for t in targets)


def _who(p: Participant) -> str:
    return f"{p.name} ({p.role})" if p.role else p.name


def _participants(c: Candidate) -> tuple[Participant, ...]:
    both = c.symmetric
    out: dict[str, Participant] = {}
    for side, actors in (("source", c.sources), ("target", c.targets)):
        for a in actors:
            s = "both" if both else side
            out.setdefault(a.name, Participant(a.name, a.role, a.country, a.sector, s))
    return tuple(out.values())


def _confidence(c: Candidate) -> float:
    score = c.strength * 0.8
    if c.date is not None and c.date.precision == "day":
        score += 0.1
    if all(a.kind == "person" for a in c.actors):
        score += 0.1
    return round(min(score, 1.0), 3)


def _distinct_times(a: timex.Timex | None, b: timex.Timex | None, undated: bool) -> bool:
    """Whether two reports' times tell two events apart. In an article with no date,
    relative times ('this week', 'on Wednesday', 'over recent weeks') place nothing, so
    only two stated dates, or two different weekdays, do."""
    if a is None or b is None or _norm_timex(a) == _norm_timex(b):
        return False
    if not undated:
        return True
    if a.kind == b.kind == "weekday":
        return True
    return timex.resolve(a, None) is not None and timex.resolve(b, None) is not None


def _same_report(a: Candidate, b: Candidate, undated: bool = False) -> bool:
    if a.status != b.status:
        return False
    if _distinct_times(a.timex, b.timex, undated):
        return False  # 'the previous call, on February 8' is another call
    if a.key() == b.key():
        return True
    if a.type == b.type and a.type != "CONSULT" and _same_time(a.timex, b.timex) and _nested(a, b):
        return True  # 'Russia and Ukraine sign' and 'Russia, Ukraine and Turkey sign': one signing
    return _same_statement(a, b) or _same_statement(b, a) or _same_briefing(a, b)


def _same_time(a: timex.Timex | None, b: timex.Timex | None) -> bool:
    return (a is None) == (b is None) and (a is None or _norm_timex(a) == _norm_timex(b))


def _nested(a: Candidate, b: Candidate) -> bool:
    """One report's parties are all among the other's (at least two of them)."""
    x, y = {p.name for p in a.actors}, {p.name for p in b.actors}
    return min(len(x), len(y)) >= 2 and (x <= y or y <= x)


def _norm_timex(t: timex.Timex) -> tuple[Any, ...]:
    return (t.kind, t.year, t.short_year, t.month, t.day, t.weekday, t.offset, t.unit)


def _same_briefing(a: Candidate, b: Candidate) -> bool:
    """Undated remarks of one speaker in one article: one briefing, one event."""
    if a.mode != "statement" or b.mode != "statement" or a.type != b.type or b.timex is not None:
        return False
    people = {s.name for s in a.sources if s.kind == "person"}
    return bool(people) and people == {s.name for s in b.sources if s.kind == "person"}


def _same_statement(a: Candidate, b: Candidate) -> bool:
    """'The Pentagon said ...' and 'Pentagon spokesman X said ...' about one target:
    one statement, told once by the institution and once by its spokesperson."""
    if a.type != b.type or a.mode != "statement" or b.mode != "statement":
        return False
    if {t.name for t in a.targets} != {t.name for t in b.targets}:
        return False
    org = [s for s in a.sources if s.kind != "person"]
    return bool(org) and all(s.kind == "person" for s in b.sources) and \
        {s.country for s in org} <= {s.country for s in b.sources}


def _covered(c: Candidate, contact: Candidate) -> bool:
    people = {a.name for a in contact.actors if a.kind == "person"}
    countries = {a.country for a in contact.actors if a.country}
    def inside(a: Actor) -> bool:
        return a.name in people or (a.kind != "person" and a.country in countries)
    side = c.sources or c.actors
    return bool(side) and all(inside(a) for a in side)


def _absorb(into: Candidate, other: Candidate) -> None:
    """Fold another report of the same event into ``into``: keep the better-dated trigger."""
    into.also.append(other.sentence.text.strip())
    into.also.extend(other.also)
    into.evidence.extend(other.evidence)
    if into.timex is None and other.timex is not None and _same_report(into, other):
        into.timex, into.tense = other.timex, other.tense
    into.first = into.first or other.first
    if into.mode not in CONTACT_MODES and other.mode in CONTACT_MODES and into.type == other.type:
        into.mode = other.mode
    into.location = into.location or other.location
    if _prefer_people(into.sources) != into.sources:
        into.sources = _prefer_people(into.sources)
    if other.type == into.type and _same_statement(into, other):
        into.sources = _unique(other.sources + into.sources)
        into.sources = [s for s in into.sources if s.kind == "person"] or into.sources
    elif other.type == into.type and into.type != "CONSULT" and _nested(into, other):
        into.sources = _unique(into.sources + other.sources)  # every party of the one signing
        into.targets = _unique(into.targets + [t for t in other.targets if t.name not in {s.name for s in into.sources}])


def _prefer_people(actors: list[Actor]) -> list[Actor]:
    """A country named only as a person's nationality is not a participant of its own."""
    people_countries = {a.country for a in actors if a.kind == "person"}
    return [a for a in actors if a.kind == "person" or a.country not in people_countries]


# --- parse helpers -------------------------------------------------------------

def _mentions_by_token(doc: Any, mentions: list[ActorMention]) -> dict[int, ActorMention]:
    """Each mention is attached to its syntactic head token (and its other tokens)."""
    out: dict[int, ActorMention] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            out.setdefault(t.i, m)
    return out


def _phrase_tokens(tok: Any, stop_at_clauses: bool) -> list[Any]:
    out = [tok]
    stack = list(tok.children)
    while stack:
        t = stack.pop()
        if stop_at_clauses and t.dep_ in CLAUSE_DEPS - {"conj"}:
            continue
        if stop_at_clauses and t.dep_ == "conj" and t.pos_ == "VERB":
            continue
        out.append(t)
        stack.extend(t.children)
    return sorted(out, key=lambda t: t.i)


def _noun_chain(noun: Any) -> list[Any]:
    """The noun and the nouns it is 'of' ('approval of a bailout by the IMF')."""
    chain = [noun]
    t = noun
    while t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in ("NOUN", "PROPN"):
        t = t.head.head
        chain.append(t)
    for c in noun.children:  # 'call' <- compound 'phone': the compound's preps belong to the call
        if c.dep_ == "compound":
            chain.append(c)
    return chain


def _index(tok: Any) -> int | None:
    return tok.i if tok is not None else None


def _governing_verb(tok: Any) -> Any:
    for t in tok.ancestors:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _clause_verb(tok: Any) -> Any:
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    return _governing_verb(tok)


def _span_head(sent: Any, t: timex.Timex) -> Any:
    span = sent.doc.char_span(sent.start_char + t.start, sent.start_char + t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _shift(t: timex.Timex, offset: int) -> timex.Timex:
    return replace(t, start=t.start + offset, end=t.end + offset)


# --- the stage -------------------------------------------------------------------

def parse_text(text: str) -> str:
    """The text the parser sees: datelines ("KARACHI:", "Islamabad, 25 July, 2023 (GNP):")
    blanked out with spaces of the same length, so that offsets still hold, the story's
    first sentence parses as a sentence, and the dateline's date is not taken for the
    event's."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = dateline_prefix(line)
        if m is not None:
            lines[i] = " " * m.end() + line[m.end():]
    return "\n".join(lines)


def _focused(text: str, article: Article, sieve: focus_mod.Focus | None) -> str:
    """The text to parse: only the wanted sentences, unless the article has no
    publication date (its date is then narrowed by every dated reference in it)."""
    if sieve is None or not article.published:
        return text
    return sieve.blank(text)


PIECE_CHARS = 100_000  # the model's working memory grows with a document's length


def cut_at_lines(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut after line breaks into pieces of at most ``size`` characters where
    the lines allow (a longer line stays whole); joined, the pieces give ``text`` back."""
    if len(text) <= size:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size)
        cut = cut + 1 if cut >= start else (text.find("\n", start + size) + 1 or len(text))
        pieces.append(text[start:cut])
        start = cut
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def parse_in_pieces(model: Any, texts: Iterable[str], size: int = PIECE_CHARS) -> Iterator[Any]:
    """One parsed ``Doc`` per text, in order. Texts up to ``size`` characters go through
    ``nlp.pipe`` together; a longer one is parsed a piece at a time, cut at line breaks
    (sentences start at a line break, so no sentence is cut), and joined back into one
    ``Doc`` with the same text and offsets: the memory a parse takes then no longer grows
    with the article."""
    from spacy.tokens import Doc

    short: list[str] = []
    for text in texts:
        parts = cut_at_lines(text, size)
        if len(parts) == 1:
            short.append(text)
            continue
        yield from model.pipe(short)
        short = []
        yield Doc.from_docs(list(model.pipe(parts, batch_size=1)), ensure_whitespace=False)
    yield from model.pipe(short)


def extract_all(articles: Sequence[Article], *, taxonomy: Path | None = None, kb: KB | None = None,
                focus: bool = True, seconds: dict[str, float] | None = None) -> dict[str, tuple[Event, ...]]:
    """Event reports per article id, parsing all articles in one ``nlp.pipe`` batch.

    With ``focus`` (the default) the parser sees only the sentences that can matter
    (see ``dateline.focus``); ``focus=False`` parses every sentence, for comparison.
    ``seconds`` receives the time spent parsing and reading events (for ``make bench``)."""
    if not articles:
        return {}
    model = nlp.load()
    lex = load_lexicon()
    tax = topics.load_taxonomy(taxonomy)
    base = kb or default_kb()
    sieve = focus_mod.for_model(lex, base, model) if focus else None
    texts = (_focused(parse_text(a.text), a, sieve) for a in articles)
    clock = seconds if seconds is not None else {}
    out: dict[str, tuple[Event, ...]] = {}
    docs = parse_in_pieces(model, texts)
    for article in articles:
        tick = time.perf_counter()
        doc = next(docs)
        tock = time.perf_counter()
        out[article.article_id] = tuple(ArticleReader(article, doc, base, lex, tax).read())
        clock["parse"] = clock.get("parse", 0.0) + tock - tick
        clock["events"] = clock.get("events", 0.0) + time.perf_counter() - tock
    return out
