"""Dated happenings that PLOVER does not code: events of type ``OTHER`` with a ``mode``.

PLOVER codes what one actor does to another. A story's timeline also needs what simply
happens: a death toll, an oil spill, a court ruling, case counts, an election, a
resignation. Those sentences name no source and target, so the PLOVER reader rightly
ignores them. This stage reads them separately: a sentence with a happening word
(``data/happenings.yaml``) that dates itself to a day becomes an ``OTHER`` report whose
``mode`` says what happened, whose summary is the sentence itself, and whose
participants are the countries it names (side ``both``).

It runs beside the PLOVER reader (``pipeline.Runner._extract``), on sentences found
without a parse, so the PLOVER trigger logic is untouched. The reports are stored with
the others but kept out of the event list and the dyad,
country and person timelines by default (``query.events`` shows them only for
``--type OTHER``): the gold sets score PLOVER interactions, and a happening in one
place is no interaction. Topic timelines (``tls.py``) use them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import timex, topics
from .caseless import Caseless
from .actors.kb import KB
from .errors import KnowledgeError
from .model import Article, Event, EventDate, Mention, Participant, content_id

TYPE = "OTHER"
_DATA_FILE = "happenings.yaml"
_CONFIDENCE = 0.4  # a word and a date, no parse: less sure than a PLOVER report
_MAX_PARTICIPANTS = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|"
                           r"Nov|Dec|No|Jr|Sr|Inc|Co|Corp|vs)|\b[A-Z](?:\.[A-Z])*|\b[ap]\.m)\.$")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}")


@dataclass(frozen=True)
class Lexicon:
    """Mode name -> one compiled pattern of its words, in the file's order."""

    modes: tuple[tuple[str, re.Pattern[str]], ...]
    any_mode: Caseless  # all the words at once: most sentences have none, and one search says so

    def mode_of(self, sentence: str) -> str | None:
        if not self.any_mode.search(sentence):
            return None
        return next((mode for mode, pattern in self.modes if pattern.search(sentence)), None)


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """The happenings lexicon (``data/happenings.yaml`` unless ``path`` replaces it)."""
    text = Path(path).read_text() if path else resources.files("dateline").joinpath("data", _DATA_FILE).read_text()
    data: Any = yaml.safe_load(text) or {}
    modes = data.get("modes") if isinstance(data, dict) else None
    if not isinstance(modes, dict) or not all(isinstance(v, list) and v for v in modes.values()):
        raise KnowledgeError(str(path or _DATA_FILE), "expected 'modes: {mode: [word, ...]}'")
    return Lexicon(tuple((str(mode), _pattern(words)) for mode, words in modes.items()),
                   Caseless.words(_alternatives([w for words in modes.values() for w in words])))


def _alternatives(words: Sequence[Any]) -> list[str]:
    """Each word or phrase as a regex (words apart by any white space), longest first."""
    return sorted((r"\s+".join(map(re.escape, str(w).split())) for w in words), key=len, reverse=True)


def _pattern(words: Sequence[Any]) -> re.Pattern[str]:
    return Caseless.words(_alternatives(words)).pattern


def _day(sentence: str, anchor: Any) -> tuple[EventDate, str, str] | None:
    """The first temporal expression that places the sentence on one day, with its words
    and the tense it was read in (``timex.read_tense``)."""
    for t in timex.find_timexes(sentence):
        tense = timex.read_tense(sentence, t)
        date = timex.resolve(t, anchor, tense)
        if date is not None and date.precision == "day":
            return date, t.text, tense
    return None


def _countries(sentence: str, kb: KB) -> tuple[Participant, ...]:
    """The countries a sentence names (by name, demonym or capital), in order, at most three."""
    found: dict[str, Participant] = {}
    for m in _CAPITALISED.finditer(sentence):
        words = m.group(0).split()
        for i in range(len(words), 0, -1):
            actor = kb.country(" ".join(words[:i]))
            if actor is not None and actor.country:
                found.setdefault(actor.country, Participant(actor.name, None, actor.country, "GOV", "both"))
                break
    return tuple(found.values())[:_MAX_PARTICIPANTS]


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: lines, then sentence ends inside a line (not after 'Mr.' or 'U.S.')."""
    out: list[str] = []
    for line in text.split("\n"):
        start = 0
        for m in _SENTENCE_END.finditer(line):
            if _ABBREVIATION.search(line[start:m.start()].rstrip("\"'”’)")):
                continue
            out.append(line[start:m.end()].strip())
            start = m.end()
        out.append(line[start:].strip())
    return [s for s in out if s]



def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of ``split_sentences`` in ``text`` (found left to right)."""
    spans, at = [], 0
    for s in split_sentences(text):
        start = text.index(s, at)
        spans.append((start, start + len(s)))
        at = start + len(s)
    return spans


def find_happenings(article: Article, kb: KB, taxonomy: topics.Taxonomy | None = None,
                    lexicon: Lexicon | None = None,
                    spans: Iterable[tuple[int, int]] | None = None) -> tuple[Event, ...]:
    """``OTHER`` reports of one article: each sentence (``spans`` into its text, else found
    by ``split_sentences``) that uses a happening word and dates itself to a day, at most
    one report per sentence. Needs no parse, so it runs beside the PLOVER reader."""
    lex = lexicon or load_lexicon()
    out: list[Event] = []
    for start, end in (spans if spans is not None else sentence_spans(article.text)):
        sentence = article.text[start:end].strip()
        mode = lex.mode_of(sentence) if sentence else None
        dated = _day(sentence, article.published_date) if mode else None
        if mode is None or dated is None:
            continue
        date, words, tense = dated
        basis = f"'{words}' " + (f"against published {article.published}" if article.published else "stated")
        out.append(Event(
            event_id=content_id(article.article_id, TYPE, mode, sentence), type=TYPE, mode=mode,
            participants=_countries(sentence, kb), date=EventDate(date.start, date.end, "day", basis),
            topics=topics.assign_topics([sentence], taxonomy), summary=sentence,
            mentions=(Mention(article.article_id, sentence, article.outlet, start, end),),
            sources=(article.outlet,) if article.outlet else (), confidence=_CONFIDENCE,
            status="planned" if tense == "future" and date.start > (article.published or "") else "occurred"))
    return tuple(out)


__all__ = ["TYPE", "Lexicon", "find_happenings", "load_lexicon", "sentence_spans", "split_sentences"]
