"""Yes-or-no tests of case-insensitive patterns: the fast path on ASCII text gives the
answer of the pattern itself, for every input."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline import clean, happenings
from dateline.caseless import Caseless

SIGNALS = clean.signals()
RAW = clean.load_data("boilerplate.yaml")
LINE_TESTS = {name: getattr(SIGNALS, name) for name in ("chrome_lines", "chrome_prefixes", "chrome_phrases",
                                                        "caption_credits", "agency_credit", "caption_cues",
                                                        "tagline_shapes")}
HAPPENING_WORDS = ["Dow", "FTSE", "oil spill", "S&P", "earthquake", "swine flu", "court ruled"]

# Text made of pieces that hit the patterns, in any case, with words, punctuation and the
# non-ASCII letters that case-folding treats specially between them.
_PIECES = st.sampled_from(["click here", "All Rights Reserved", "follow us on twitter", "Photo: AFP", "(Reuters)",
                           "share", "Dow", "ftse", "Oil  Spill", "s&p", "Earthquake", "court RULED", "cookie policy",
                           "ſhare", "İstanbul", "K", "é", "said", "Monday", "-", ".", ",", "'", "\u00a0", "\n"])
TEXT = st.lists(st.one_of(_PIECES, st.text(alphabet="abcXYZ .,:-'()ſKİé", max_size=6)), max_size=12).map(" ".join)


def _cases(text):
    return [text, text.upper(), text.title(), text.swapcase()]


@settings(max_examples=300)
@given(TEXT)
def test_line_tests_answer_as_the_signals_do(text):
    for name, yes in LINE_TESTS.items():
        listed = RAW[name] if isinstance(RAW[name], list) else [RAW[name]]
        pattern = re.compile("|".join(f"(?:{p})" for p in listed), re.I)  # the signal as written
        assert yes.lowered is not None and yes.loose is not None  # the shipped signals take the fast path
        for t in _cases(text):
            assert yes.search(t) == bool(pattern.search(t))
            assert yes.match(t) == bool(pattern.match(t))
            assert yes.fullmatch(t) == bool(pattern.fullmatch(t))


@settings(max_examples=300)
@given(TEXT)
def test_happening_words_answer_as_their_pattern_does(text):
    yes = Caseless.words(happenings._alternatives(HAPPENING_WORDS))
    pattern = happenings._pattern(HAPPENING_WORDS)
    for t in _cases(text):
        assert yes.search(t) == bool(pattern.search(t))


def test_the_fast_path_is_taken_only_where_it_is_exact():
    assert Caseless.any_of([r"\bclick here\b"]).lowered is not None
    assert Caseless.any_of([r"\bClick\b"]).lowered is None  # not written in lowercase
    assert Caseless.any_of([r"\x41bc"]).lowered is None  # a letter given by its code
    assert Caseless.any_of([r"(?-i:a)bc"]).lowered is None  # inline flags
    assert Caseless.any_of(["ſhare"]).lowered is None  # not ASCII
    assert Caseless.words([r"\S+"]).lowered is None  # lowering \S would make it \s
    assert Caseless.any_of([r"(?<![a-z])x(?=\d)"]).lowered is not None  # lookarounds are fine
    assert Caseless.any_of([r"– live", "©"]).lowered is not None  # characters without case are fine


def test_the_quick_first_test_drops_only_a_leading_word_boundary():
    yes = Caseless.any_of([r"\bclick here\b", r"^catch the news\b", r"a\bb"])
    assert yes.loose.pattern == r"(?:click here\b)|(?:^catch the news\b)|(?:a\bb)"
    assert not yes.search("doubleclick here") and yes.search("Please CLICK HERE now")
    assert yes.match("Catch the news on X") and not yes.match("We catch the news")


def test_answers_on_text_with_letters_that_fold_specially():
    yes = Caseless.any_of([r"\bshare\b"])
    assert yes.search("ſhare this") == bool(re.search(r"\bshare\b", "ſhare this", re.I))
    assert yes.search("SHARE this") and not yes.search("shared")
