"""Tokenized (Penn Treebank style) text is recognised and read back as prose; plain text is untouched."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.ingest import read_bytes
from dateline.ingest.ptb import detokenize, detokenize_line, looks_tokenized
from dateline.metadata import published_from_path
from dateline.pipeline import build_article, dated_by_path


def test_bracket_tokens_quotes_and_punctuation():
    line = "-LRB- CNN -RRB- -- `` There is nothing serious here , '' he said ."
    assert detokenize_line(line) == '(CNN) -- "There is nothing serious here," he said.'


def test_escaped_slashes_and_asterisks():
    assert detokenize_line(r"Credit : Reuters\/Libyan TV , 1\/26\/11 \*") == "Credit: Reuters/Libyan TV, 1/26/11 *"


def test_contractions_possessives_and_money():
    line = "He does n't know ; the protesters ' leader paid $ 5 , or 10 % of Libya 's oil ."
    assert detokenize_line(line) == "He doesn't know; the protesters' leader paid $5, or 10% of Libya's oil."


def test_a_careless_source_opening_with_two_apostrophes():
    assert detokenize_line("tune in to '' AC360 , '' weeknights .") == 'tune in to "AC360," weeknights.'
    assert detokenize_line("young people fighting each other . ''") == 'young people fighting each other."'


def test_lines_are_kept_one_for_one():
    text = "First , one .\nSecond , two .\nThird , three ."
    assert detokenize(text) == "First, one.\nSecond, two.\nThird, three."


def test_plain_text_is_not_tokenized():
    text = 'He said: "Nothing, really." Then (after a pause) he left; it was 5 p.m., late.'
    assert not looks_tokenized(text)
    assert detokenize(text) == text


def test_the_text_reader_detokenizes():
    data = "-LRB- CNN -RRB- -- Protests spread Wednesday to Libya , a source said .\n".encode()
    (doc,) = read_bytes(data, "235.htm.txt")
    assert doc.text.startswith("(CNN) -- Protests spread Wednesday to Libya, a source said.")


# -- property: our own small PTB tokenizer, undone -------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGH", min_size=1, max_size=8)
PUNCT = st.sampled_from([",", ";", ":"])


@st.composite
def prose(draw) -> str:
    """A sentence of plain prose: words, inner punctuation, a bracketed aside, a quote, a stop."""
    words = draw(st.lists(WORD, min_size=3, max_size=12))
    out = []
    for i, w in enumerate(words):
        out.append(w + (draw(PUNCT) if i < len(words) - 1 and draw(st.booleans()) else ""))
    if draw(st.booleans()):
        out.insert(1, "(" + draw(WORD) + ")")
    if draw(st.booleans()):
        out.append('"' + draw(WORD) + ' ' + draw(WORD) + '"')
    return " ".join(out) + draw(st.sampled_from([".", "?", "!"]))


def tokenize(sentence: str) -> str:
    """A PTB-like tokenizer written for the test: spaces around punctuation, PTB quotes and brackets."""
    s = re.sub(r'"(\w[^"]*)"', r"`` \1 ''", sentence)
    s = s.replace("(", "-LRB- ").replace(")", " -RRB-")
    return re.sub(r"([,;:.?!])", r" \1", s)


@settings(max_examples=200, deadline=None)
@given(st.lists(prose(), min_size=5, max_size=8))
def test_detokenizing_undoes_tokenizing(sentences):
    """Five sentences give five spaced-off stops: enough evidence to recognise the form."""
    text = "\n".join(sentences)
    assert looks_tokenized(tokenize(text))
    assert detokenize(tokenize(text)) == text


@settings(max_examples=200, deadline=None)
@given(prose())
def test_detokenizing_one_line_undoes_tokenizing(sentence):
    assert detokenize_line(tokenize(sentence)) == sentence


@settings(max_examples=200, deadline=None)
@given(st.lists(prose(), min_size=1, max_size=4))
def test_prose_passes_through_unchanged(sentences):
    text = " ".join(sentences)
    assert detokenize(text) == text


# -- the publication date a path states -------------------------------------------------------------------

def test_published_from_path_forms():
    assert published_from_path("t17/LibyaWar_cnn/InputDocs/2011-02-16/235.htm.txt") == "2011-02-16"
    assert published_from_path("news/2011/02/16/story.html") == "2011-02-16"
    assert published_from_path("archive/2011-02-16-libya.txt") == "2011-02-16"
    assert published_from_path("a/2010-01-01/b/2011-03-04/x.txt") == "2011-03-04"
    assert published_from_path("report-2011-02-16.txt") is None
    assert published_from_path("2011-02-30/x.txt") is None
    assert published_from_path("articles/x.txt") is None


def test_build_article_takes_the_path_date_only_when_asked_and_the_text_has_none():
    (raw,) = read_bytes(b"Protesters marched in Benghazi on Wednesday, witnesses said.\n", "in/2011-02-16/1.txt")
    assert build_article(raw).published is None
    a = dated_by_path(build_article(raw))
    assert (a.published, a.published_source) == ("2011-02-16", "path")
    (dated,) = read_bytes(b" date 2011-02-20\nProtesters marched in Benghazi on Wednesday.\n", "in/2011-02-16/2.txt")
    b = dated_by_path(build_article(dated))
    assert (b.published, b.published_source) == ("2011-02-20", "text")


@given(st.text(max_size=60))
def test_published_from_path_never_raises(path):
    day = published_from_path(path)
    assert day is None or re.fullmatch(r"\d{4}-\d\d-\d\d", day)


def test_run_with_published_from_path_stores_the_date_and_its_source(tmp_path):
    from typer.testing import CliRunner

    from dateline import query
    from dateline.cli import app
    from dateline.store import Store

    day = tmp_path / "in" / "2011-02-16"
    day.mkdir(parents=True)
    (day / "1.txt").write_text("-LRB- CNN -RRB- -- Police clashed with protesters in Benghazi on Wednesday , "
                               "witnesses said .\nSeveral people were arrested , the source added .\n")
    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "--db", str(db), "--quiet", "--published-from-path"])
    assert result.exit_code == 0, result.output
    (a,) = query.articles(Store(db, readonly=True))
    assert (a.published, a.published_source) == ("2011-02-16", "path")
    assert a.text.startswith("(CNN) -- Police clashed with protesters in Benghazi on Wednesday, witnesses said.")


def _every_rule(line: str) -> str:
    """detokenize_line with no rule skipped: what its guards must not change."""
    from dateline.ingest import ptb

    line = ptb._BRACKET_TOKEN.sub(lambda m: ptb._BRACKETS[m.group(0)], line)
    line = ptb._double_quotes(line.replace("\\/", "/").replace("\\*", "*"))
    for pattern, replacement, _ in ptb._RULES:
        line = pattern.sub(replacement, line)
    return re.sub(r"[ \t]{2,}", " ", line).strip()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Libya", "'s", "n't", "``", "''", "`", "'", ",", ".", "?", "%", "$", "5", "-LRB-",
                                 "-RRB-", "(", ")", "[", "]", "gon", "na", "got", "ta", "protesters", "\\/", "£",
                                 "\t", "  ", "A", "said", "-LSB-", "{", "}"]), max_size=14))
def test_skipping_rules_that_cannot_match_changes_nothing(tokens):
    line = " ".join(tokens)
    assert detokenize_line(line) == _every_rule(line)
