"""Evidence sentences located in their article's text, for highlighting.

The text is cut into plain segments, each flagged as evidence or not; the template
escapes every segment and wraps the flagged ones in ``<mark>``. No HTML is ever built
from article text here, so nothing an article contains can become markup.
"""
from __future__ import annotations

import re
from collections.abc import Iterable


def locate(text: str, sentence: str) -> tuple[int, int] | None:
    """The span of ``sentence`` in ``text``: verbatim first, then ignoring how
    whitespace was wrapped (sentences may be stored with lines joined)."""
    if not sentence.strip():
        return None
    at = text.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    words = sentence.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def segments(text: str, sentences: Iterable[str]) -> tuple[list[tuple[str, bool]], list[str]]:
    """``text`` as (segment, is_evidence) pairs, plus the sentences not found in it."""
    spans, missing = [], []
    for s in dict.fromkeys(sentences):
        span = locate(text, s)
        if span:
            spans.append(span)
        else:
            missing.append(s)
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in _merge(spans):
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out, missing


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlaps joined, so no character is marked twice."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
