"""The faster stand-ins in the spaCy pipeline give spaCy's own answers, token for token."""
from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from thinc.api import NumpyOps, use_ops

from dateline import nlp, speedups

ROOT = Path(__file__).resolve().parent.parent
# Shapes that exercise the model's multi-token and non-tag rules: contractions, "gon na",
# "y' all", "let's", "there are" (an expletive subject), runs of spaces and line breaks.
TRICKY = [
    "They ain't gon na wait, y' all know it, let's go. There are talks; there is hope.",
    "Nothin' was agreed.\n\n   The two  leaders met on Monday.\tThey didn't sign.",
    "C'mon, gotta go! Y'all ain't seen nothin'.",
    "",
    " ",
    "\n",
]


def _texts() -> list[str]:
    files = sorted((ROOT / "examples" / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files] + TRICKY


def _signature(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_,
             t.is_sent_start) for t in doc]


@pytest.fixture(scope="module")
def plain():
    """The model as spaCy ships it (thinc's own operations), with our sentence rule."""
    with use_ops("numpy"):
        model = spacy.load(nlp.MODEL)
    model.add_pipe("line_sentences", before="parser")
    return model


def test_the_fast_pipeline_annotates_exactly_as_spacy_does(plain) -> None:
    texts = _texts()
    fast = nlp.load()
    assert isinstance(fast.get_pipe("tagger").model.ops, nlp.BlasOps)
    assert not isinstance(plain.get_pipe("tagger").model.ops, nlp.BlasOps)
    for text, ours, theirs in zip(texts, fast.pipe(texts), plain.pipe(texts)):
        assert _signature(ours) == _signature(theirs), text[:60]


def test_indexed_rules_find_the_matchers_matches(plain) -> None:
    ruler = plain.get_pipe("attribute_ruler")
    indexed = speedups.IndexedRules(ruler)
    for doc in plain.pipe(_texts(), disable=["attribute_ruler", "lemmatizer", "ner"]):
        assert indexed.match(doc) == ruler.match(doc)


def test_rules_the_index_does_not_cover_keep_spacys_matcher() -> None:
    model = spacy.blank("en")
    ruler = model.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}]], {"LEMMA": "x"})
    assert not speedups.IndexedRules.covers(ruler)
    assert speedups.index_attribute_ruler(model) is False
    assert "match" not in vars(ruler)  # the class's own method still serves


def test_an_index_outside_the_match_is_refused_as_spacy_refuses_it() -> None:
    model = spacy.blank("en")
    ruler = model.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}]], {"LEMMA": "x"}, index=0)
    assert speedups.index_attribute_ruler(model)
    doc = model.make_doc("a b")
    ruler.indices[0] = 3
    with pytest.raises(ValueError):
        ruler.set_annotations(doc, ruler.match(doc))


def test_blas_products_equal_thincs_within_float_rounding() -> None:
    rng = numpy.random.default_rng(3)
    x, y = rng.random((70, 48), dtype="float32"), rng.random((48, 30), dtype="float32")
    ours, theirs = nlp.BlasOps(), NumpyOps()
    assert numpy.allclose(ours.gemm(x, y), theirs.gemm(x, y), rtol=1e-5)
    assert numpy.allclose(ours.gemm(x.T.copy(), y, trans1=True), theirs.gemm(x, y), rtol=1e-5)
    out = numpy.zeros((70, 30), dtype="float32")
    assert ours.gemm(x, y, out=out) is out and numpy.allclose(out, theirs.gemm(x, y), rtol=1e-5)


def test_line_sentences_start_at_line_breaks_and_leave_enders_to_the_parser() -> None:
    model = spacy.blank("en")
    doc = nlp.line_sentences(model.make_doc("Chief of Army Staff (COAS) General Asim Munir\nHe met. They spoke"))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Chief", "He"]
    assert doc[[t.text for t in doc].index("They")].is_sent_start is None  # after '.', the parser decides
    assert doc[[t.text for t in doc].index("(")].is_sent_start is False


def test_forms_no_rule_names_share_a_shape_only_when_the_expressions_agree() -> None:
    model = spacy.blank("en")
    ruler = model.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"REGEX": "^x"}}]], {"LEMMA": "ex"})
    ruler.add([[{"LOWER": "yes"}, {"LOWER": {"NOT_IN": ["no"]}}]], {"LEMMA": "two"})
    indexed = speedups.IndexedRules(ruler)
    for text in ["xa ya xb yb", "yes no yes yes", "ya xa yes", "yes"]:
        doc = model.make_doc(text)
        assert indexed.match(doc) == ruler.match(doc), text
    assert len(indexed.memo) < 12  # remembered by shape, not by form


def test_the_lemmatizer_remembers_and_a_lookup_lemmatizer_is_left_alone(plain) -> None:
    fast = nlp.load()
    assert isinstance(fast.get_pipe("lemmatizer"), speedups.RememberingLemmatizer)
    doc = fast("The ministers met twice.")
    assert [t.lemma_ for t in doc] == ["the", "minister", "meet", "twice", "."]
    assert len(fast.get_pipe("lemmatizer").memo) >= 4
    model = spacy.blank("en")
    model.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert speedups.remember_lemmas(model) is False
    assert type(model.get_pipe("lemmatizer")) is not speedups.RememberingLemmatizer
