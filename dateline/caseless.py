"""Yes-or-no tests of case-insensitive patterns, made fast for ASCII text.

Python's ``re`` tries an ignore-case alternation of words character by character, with
no literal to skip ahead to: testing every sentence of an article against the cleaning
signals or the happening words cost about a twentieth of a run on Timeline17. On ASCII
text, lowering the text and searching it case-sensitively with a lowercase pattern
gives the same answer 3 to 5 times faster (only ASCII letters change case there, and a
lowercase pattern names no upper-case class or escape). Other text takes the original
pattern, so the answer is the same for every input (``tests/test_caseless.py``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


# What a lowercase pattern may still hold that lowering the text would not match alike: a
# character given by its code (\x41 is 'A') or inline flags that switch case-folding.
_CODED_OR_FLAGS = re.compile(r"\\[xuUN0-7]|\(\?[aiLmsux-]+[:)]")
_UPPER_ESCAPE = re.compile(r"\\[A-Z]")  # \S, \W, \B, ...: lowering them changes their meaning


def _lowercase_only(src: str) -> bool:
    """Written in lowercase, and its other characters without case (dashes, '©'): some
    letters match ASCII ones when case is ignored ('ſ' and 's')."""
    return src == src.lower() and _CODED_OR_FLAGS.search(src) is None and \
        all(c.isascii() or c.upper() == c.lower() == c for c in set(src))


@dataclass(frozen=True)
class Caseless:
    """A case-insensitive pattern that only answers yes or no (no match object: the
    fast path's match would hold the lowered text)."""

    pattern: re.Pattern[str]
    lowered: re.Pattern[str] | None = None  # the same, case-sensitive, for lowered ASCII text
    loose: re.Pattern[str] | None = None  # a quick first test: no match here, no match at all

    @classmethod
    def any_of(cls, alternatives: Sequence[str]) -> "Caseless":
        """Any of the regex ``alternatives``, ignoring case. The quick first test is the
        same alternatives without a leading word boundary: Python's ``re`` can then skip
        ahead to where one may start, and whatever matches with the boundary matches
        without it."""
        pattern = _either(alternatives, re.IGNORECASE)
        if not all(_lowercase_only(a) for a in alternatives):
            return cls(pattern)
        loose = [a[2:] if a.startswith("\\b") else a for a in alternatives]
        return cls(pattern, _either(alternatives, 0), _either(loose, 0))

    @classmethod
    def words(cls, alternatives: Sequence[str]) -> "Caseless":
        """Any of the regex ``alternatives`` (escaped words and phrases) between word
        boundaries, ignoring case; the fast path gets the alternatives lowercased."""
        def build(alts: Sequence[str], flags: int, start: str = r"\b") -> re.Pattern[str]:
            return re.compile(start + r"(?:" + "|".join(alts) + r")\b", flags)
        lowered = [a.lower() for a in alternatives]
        if not all(_lowercase_only(a) for a in lowered) or any(_UPPER_ESCAPE.search(a) for a in alternatives):
            return cls(build(alternatives, re.IGNORECASE))
        return cls(build(alternatives, re.IGNORECASE), build(lowered, 0), build(lowered, 0, start=""))

    def search(self, text: str) -> bool:
        return self._test(text, "search")

    def match(self, text: str) -> bool:
        return self._test(text, "match")

    def fullmatch(self, text: str) -> bool:
        return self._test(text, "fullmatch")

    def _test(self, text: str, how: str) -> bool:
        if self.lowered is None or not text.isascii():
            return getattr(self.pattern, how)(text) is not None
        low = text.lower()
        if how == "search" and self.loose is not None and self.loose.search(low) is None:
            return False  # (a match at the start is quicker to rule out than to look for anywhere)
        return getattr(self.lowered, how)(low) is not None


def _either(alternatives: Sequence[str], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), flags)


__all__ = ["Caseless"]
