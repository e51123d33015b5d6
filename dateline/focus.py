"""The fast path: parse only the sentences that can hold or inform an event.

Parsing was four fifths of the cost of a run (``make bench`` prints the stages), and most
sentences of a news article (prices, history, quotes about the weather) can neither
announce an event nor name who took part in one. ``Focus`` decides, with cheap string
tests and no model, which sentences of an article the parser must see:

* a word that can be an inflection of an event trigger's lemma (``met``, ``talks``,
  ``sanctioned``): forms derived when the lexicon is loaded from ``data/triggers.yaml``
  with the English model's own lemmatizer tables (its suffix rules and its irregular
  forms, inverted), so a trigger added to the data file counts at once;
* a name the knowledge base knows (people, aliases, surnames, countries, demonyms,
  capitals, organisations) or an office title ("Foreign Minister", "the army chief"):
  these feed the article's memory of who was named, which later sentences refer back to;
* a phrase that points back to the latest contact ("during the call", "the two leaders").

Every other sentence is blanked: replaced by a line break and spaces of the same
length, so that character offsets into the article still hold, the parser sees one
whitespace token instead of the sentence, and the next sentence still starts a new
sentence (``nlp.line_sentences`` starts one after every line break). An article
without a publication date is parsed whole, because its date is narrowed by every
dated reference in its text (``events.ArticleReader.document_bounds``).

The filter errs on the side of keeping: a kept sentence costs time, a dropped one
could cost an event. ``tests/test_golden.py`` holds the development-set floors and the
seeds' exact output, both measured with the fast path on.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .actors import titles
from .actors.kb import KB

PRONOUNS = frozenset({"he", "she", "him", "her", "his", "they", "them", "their"})
MAX_NGRAM = 6  # longest name the knowledge base matches (mentions._token_ngrams)
_WORD = re.compile(r"\w+")
# A sentence ends at . ! or ? (and closing quotes) after a lowercase word or a number,
# before a capital, a quote or a digit: abbreviations such as "Gen." or "U.S." and
# initials never end one, which errs towards longer pieces (kept whole or blanked whole).
_SENTENCE_END = re.compile(r"(?<=[a-z0-9][a-z0-9][.!?])[\"'”’)\]]*\s+(?=[\"“‘(A-Z0-9])")


@dataclass(frozen=True)
class Focus:
    """What makes a sentence worth parsing; built once per lexicon and knowledge base."""

    event_words: frozenset[str]  # lowercase forms of trigger lemmas
    reporting_words: frozenset[str]  # lowercase forms of reporting verbs ('said')
    cues: re.Pattern[str]  # accusation cues: what makes 'X said ...' an event
    names: frozenset[str]  # every knowledge-base surface form, words joined by one space
    person_names: frozenset[str]  # the people among them (names, aliases, surnames)
    first_words: frozenset[str]  # the first word of every name, to skip most n-grams
    phrases: tuple[str, ...]  # lowercase phrases pointing back to a contact

    def wants(self, sentence: str) -> bool:
        """True when the sentence may announce an event with someone to take part in
        it, or names a person that later sentences may refer back to."""
        words = _WORD.findall(sentence)
        named = self._named(words)
        if "person" in named or self._refers_back(sentence):
            return True
        if not self._eventish(sentence, words):
            return False
        return bool(named) or any(w.lower() in PRONOUNS for w in words) or any(w[:1].isupper() for w in words[1:])

    def _eventish(self, sentence: str, words: list[str]) -> bool:
        """A trigger word, or a reporting verb with an accusation cue ('X said ... safe
        havens ...'): the two ways ``events`` finds an event in a sentence."""
        low = [w.lower() for w in words]
        if any(w in self.event_words for w in low):
            return True
        return any(w in self.reporting_words for w in low) and self.cues.search(sentence.lower()) is not None

    def _named(self, words: list[str]) -> set[str]:
        """Which kinds of known actor the words name: "person" (a knowledge-base person or
        an office title, which resolves to its holder) and/or "other"."""
        kinds: set[str] = set()
        for i, w in enumerate(words):
            if w not in self.first_words:
                continue
            for j in range(i + 1, min(i + MAX_NGRAM, len(words)) + 1):
                gram = " ".join(words[i:j])
                if gram in self.person_names:
                    return {"person"}
                if gram in self.names:
                    kinds.add("other")
        return kinds

    def _refers_back(self, sentence: str) -> bool:
        low = sentence.lower()
        return any(p in low for p in self.phrases) or bool(titles.find_titles(sentence))

    def blank(self, text: str) -> str:
        """``text`` with every sentence that is not wanted replaced by a line break and
        spaces (same length, so offsets hold)."""
        out: list[str] = []
        for line in text.split("\n"):
            out.append("".join(self._line_piece(piece) for piece in _pieces(line)))
        return "\n".join(out)

    def _line_piece(self, piece: str) -> str:
        if not piece.strip() or self.wants(piece):
            return piece
        return "\n" + " " * (len(piece) - 1)


def _pieces(line: str) -> list[str]:
    """The line cut into sentences, each with the spaces that follow it, so that the
    pieces joined give the line back."""
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        pieces.append(line[start:m.end()])
        start = m.end()
    pieces.append(line[start:])
    return [p for p in pieces if p]


def _normal(form: str) -> str:
    return " ".join(_WORD.findall(form))


def word_forms(lemmas: Iterable[str], pos: Iterable[str], tables: Any) -> frozenset[str]:
    """Every word the lemmatizer could map to one of ``lemmas`` in parts of speech ``pos``:
    the lemma itself, its regular inflections (the model's suffix rules run backwards,
    plus a doubled final consonant: 'planned'), and the irregular forms its exception
    table lists ('met', 'held')."""
    wanted = {lemma.lower() for lemma in lemmas}
    kinds = {p.lower() for p in pos}
    forms = set(wanted)
    rules = tables.get_table("lemma_rules") if tables.has_table("lemma_rules") else {}
    for lemma in wanted:
        for kind in kinds:  # spaCy's tables hash their keys: look them up, never list them
            forms.update(lemma[: len(lemma) - len(b)] + a for a, b in rules.get(kind, ()) if lemma.endswith(b))
        forms.update(lemma + lemma[-1:] + ending for ending in ("ed", "ing"))
    exceptions = tables.get_table("lemma_exc") if tables.has_table("lemma_exc") else {}
    for kind in kinds:
        table = exceptions.get(kind, {})
        forms.update(f.lower() for f, lems in table.items() if wanted & {x.lower() for x in lems})
    return frozenset(forms)


def build(lexicon: Any, kb: KB, lemmatizer_tables: Any) -> Focus:
    """The focus for a trigger lexicon (``events.Lexicon``) and a knowledge base."""
    words: set[str] = set()
    for t in lexicon.triggers:
        words |= word_forms(t.lemmas, t.pos, lemmatizer_tables)
    forms = [(_normal(form), kind) for form, kind, _ in kb.surface_forms()]
    names = frozenset(n for n, _ in forms if len(n) > 1)
    people = frozenset(n for n, kind in forms if kind == "person" and len(n) > 1)
    phrases = tuple(dict.fromkeys(p.lower() for p in (*lexicon.contact_anaphora, *lexicon.collectives[:-1])))
    cues = re.compile("|".join(r"\b" + re.escape(c.lower()) + r"\b" for c in lexicon.accusation_cues) or "(?!)")
    return Focus(event_words=frozenset(words), reporting_words=word_forms(lexicon.reporting, ["VERB"], lemmatizer_tables),
                 cues=cues, names=names, person_names=people,
                 first_words=frozenset(n.split(" ")[0] for n in names), phrases=(*phrases, "both ", "the two "))


_BUILT: dict[tuple[int, int, int], tuple[Any, Focus]] = {}


def for_model(lexicon: Any, kb: KB, model: Any) -> Focus:
    """The focus for this lexicon, knowledge base and loaded spaCy model, built once per
    process (keyed by identity: the three are loaded once and kept)."""
    key = (id(lexicon), id(kb), id(model))
    if key not in _BUILT:
        _BUILT[key] = ((lexicon, kb, model), build(lexicon, kb, model.get_pipe("lemmatizer").lookups))
    return _BUILT[key][1]


__all__ = ["Focus", "build", "for_model", "word_forms"]
