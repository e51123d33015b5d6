"""An exact, faster stand-in for a step of the spaCy pipeline that cost more than the
work it does, checked against spaCy's own result (``tests/test_speedups.py``).

``IndexedRules``: the attribute ruler (the step that maps fine tags to parts of speech
and fixes a few lemmas) finds its matches with spaCy's general ``Matcher``, which tries
all 179 rules of the small English model at every token: a tenth of the model's time on
Timeline17's articles. The rules are one or two tokens long and test a token's tag,
lowercase form, dependency label or whitespace-ness, so they can be looked up by the
first token's values; rules in a form this index does not cover leave spaCy's matcher
in place.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_READ: dict[str, Callable[[Any], Any]] = {
    "TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_, "IS_SPACE": lambda t: t.is_space,
}
Test = Callable[[Any], bool]


def _test(attr: str, want: Any) -> Test | None:
    """One attribute condition of a rule as a predicate; None when not understood."""
    read = _READ.get(attr)
    if read is None:
        return None
    if not isinstance(want, dict):
        return lambda t: read(t) == want
    if len(want) != 1:
        return None
    (op, arg), = want.items()
    if op == "IN":
        values = frozenset(arg)
        return lambda t: read(t) in values
    if op == "NOT_IN":
        values = frozenset(arg)
        return lambda t: read(t) not in values
    if op == "REGEX":
        rx = re.compile(arg)
        return lambda t: rx.search(read(t)) is not None
    return None


class IndexedRules:
    """The attribute ruler's ``match``: the same matches, in the same order, found through
    an index on the first token of each rule."""

    def __init__(self, ruler: Any) -> None:
        strings = ruler.vocab.strings
        self.by_key: dict[tuple[int, int], list[tuple[int, list[list[Test]] | None]]] = {}
        self.anywhere: list[tuple[int, list[list[Test]] | None]] = []
        self.match_ids = [strings.add(str(i)) for i in range(len(ruler.attrs))]
        self.strings = strings
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                self._add(attr_id, pattern)

    @classmethod
    def covers(cls, ruler: Any) -> bool:
        """Whether every rule of ``ruler`` is of a form this index reproduces exactly."""
        return all(entry["patterns"] for entry in ruler.patterns) and all(
            pattern and all(_tests(tok) is not None for tok in pattern)
            for entry in ruler.patterns for pattern in entry["patterns"])

    def _add(self, attr_id: int, pattern: list[dict[str, Any]]) -> None:
        """File a rule under each value its first token may have for one attribute
        (lowercase form, tag, dependency label or whitespace-ness; string ids). A one-token
        rule whose only condition is that key needs no further test (None)."""
        steps = [_tests(tok) or [] for tok in pattern]
        first = pattern[0]
        attr = next((a for a in _KEY_ATTRS if _values(first.get(a)) is not None), None)
        if attr is None:
            self.anywhere.append((attr_id, steps))
            return
        simple = len(pattern) == 1 and len(first) == 1
        for value in _values(first[attr]) or ():
            key = (_KEY_ATTRS.index(attr), int(value) if isinstance(value, bool) else self.strings.add(value))
            self.by_key.setdefault(key, []).append((attr_id, None if simple else steps))

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """(rule number, match id, start, end) for every match, sorted as spaCy sorts them."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        found = []
        n = len(doc)
        none: list[tuple[int, list[list[Test]] | None]] = []
        get = self.by_key.get
        for i, (lower, tag, dep, space) in enumerate(doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()):
            rules = get((0, lower), none) + get((1, tag), none) + get((2, dep), none) + get((3, space), none)
            for attr_id, steps in rules + self.anywhere:
                if steps is None:
                    found.append((attr_id, self.match_ids[attr_id], i, i + 1))
                    continue
                end = i + len(steps)
                if end <= n and all(all(test(doc[i + k]) for test in step) for k, step in enumerate(steps)):
                    found.append((attr_id, self.match_ids[attr_id], i, end))
        found.sort()
        return found


def _values(want: Any) -> list[Any] | None:
    """The values an equality or IN condition admits; None for other conditions."""
    if isinstance(want, (str, bool)):
        return [want]
    if isinstance(want, dict) and set(want) == {"IN"}:
        return list(dict.fromkeys(want["IN"]))  # a value listed twice files the rule once
    return None


_KEY_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")


def _tests(tok: dict[str, Any]) -> list[Test] | None:
    tests = [_test(attr, want) for attr, want in tok.items()]
    return None if not tests or any(t is None for t in tests) else tests  # type: ignore[return-value]


def _setter(ruler: Any) -> Callable[[Any, list[tuple[int, int, int, int]]], None]:
    """The ruler's ``set_annotations`` without a ``Span`` per match: each rule's attributes
    set on the token its index names (counted from the match's end when negative), in the
    matches' order, with spaCy's own attribute setter."""
    from spacy.tokens._retokenize import set_token_attrs

    def set_annotations(doc: Any, matches: list[tuple[int, int, int, int]]) -> None:
        for attr_id, _, start, end in matches:
            index = ruler.indices[attr_id]
            at = (start if index >= 0 else end) + index
            if not start <= at < end:
                raise ValueError(f"attribute rule {attr_id}: index {index} outside its match")
            set_token_attrs(doc[at], ruler.attrs[attr_id])

    return set_annotations


def index_attribute_ruler(nlp: Any) -> bool:
    """Give the pipeline's attribute ruler an indexed ``match``; False when its rules are
    of a form the index does not cover (spaCy's matcher then stays)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not IndexedRules.covers(ruler):
        return False
    ruler.match = IndexedRules(ruler).match
    ruler.set_annotations = _setter(ruler)
    return True
