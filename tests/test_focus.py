"""The fast path's sentence filter: cheap, derived from the data files, offsets kept."""
import dataclasses

import pytest

from dateline import events, focus
from dateline.actors.kb import default_kb


class Tables:
    """A stand-in for spaCy's lemmatizer lookups (tables looked up by name and key)."""

    def __init__(self, tables):
        self.tables = tables

    def has_table(self, name):
        return name in self.tables

    def get_table(self, name):
        return self.tables[name]


TABLES = Tables({
    "lemma_rules": {"verb": [["s", ""], ["ed", "e"], ["ed", ""], ["ing", "e"], ["ing", ""]], "noun": [["s", ""]]},
    "lemma_exc": {"verb": {"met": ["meet"], "flew": ["fly"]}, "noun": {}},
})


@pytest.fixture(scope="module")
def sieve():
    return focus.build(events.load_lexicon(), default_kb(), TABLES)


def test_word_forms_run_the_lemmatizer_rules_backwards():
    forms = focus.word_forms(["meet", "accuse", "plan"], ["VERB"], TABLES)
    assert {"meet", "meets", "meeting", "met", "accused", "accusing", "planned", "planning"} <= forms
    assert "flew" not in forms


def test_a_trigger_added_to_the_lexicon_counts_at_once(sieve):
    lex = events.load_lexicon()
    sentence = "Ruritania's envoy parleyed with Grand Fenwick on Tuesday."
    assert not sieve.wants(sentence)
    extra = dataclasses.replace(lex.triggers[0], lemmas=frozenset({"parley"}))
    wider = focus.build(dataclasses.replace(lex, triggers=(*lex.triggers, extra)), default_kb(), TABLES)
    assert wider.wants(sentence)


@pytest.mark.parametrize("sentence", [
    "Pakistan accused India of backing militants.",  # trigger + known countries
    "Smith met Jones in Geneva.",  # trigger + names the model may find
    "They met again on Friday.",  # trigger + a pronoun
    "Antony Blinken arrived late.",  # a known person: later sentences refer back to him
    "During the call, both sides stressed trade.",  # points back to a contact
    "The Pentagon said the strikes were a provocation by Iran.",  # a reporting verb with a cue
])
def test_sentences_that_can_matter_are_kept(sieve, sentence):
    assert sieve.wants(sentence)


@pytest.mark.parametrize("sentence", [
    "Inflation remained high at 9 percent.",
    "Prices of wheat rose sharply in Pakistan this year.",  # an actor but no event word
    "Traders in Karachi said the rupee weakened.",  # a reporting verb without a cue
    "A meeting of minds is rare.",  # an event word but nobody to take part
])
def test_sentences_that_cannot_are_blanked(sieve, sentence):
    assert not sieve.wants(sentence)


def test_blanking_keeps_every_offset_and_starts_a_new_sentence(sieve):
    text = ("Inflation remained high at 9 percent. Pakistan accused India of backing militants.\n\n"
            "Prices of wheat rose sharply this year.")
    out = sieve.blank(text)
    assert len(out) == len(text)
    start = text.index("Pakistan")
    end = text.index("militants.") + len("militants.")
    assert out[start:end] == text[start:end]
    assert out.startswith("\n") and not out[:start].strip()
    assert not out[text.index("Prices"):].strip()
