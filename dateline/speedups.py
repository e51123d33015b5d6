"""Exact, faster stand-ins for steps of the spaCy pipeline that cost more than the work
they do, checked against spaCy's own result (``tests/test_speedups.py``).

``IndexedRules``: the attribute ruler (the step that maps fine tags to parts of speech
and fixes a few lemmas) finds its matches with spaCy's general ``Matcher``, which tries
all 179 rules of the small English model at every token: a tenth of the model's time on
Timeline17's articles. The rules are one or two tokens long and test a token's tag,
lowercase form, dependency label or whitespace-ness, so they can be looked up by the
first token's values, and what matches at a token is remembered by its shape (a form no
rule names is as good as any other); rules in a form this index does not cover leave
spaCy's matcher in place.

``RememberingLemmatizer``: the English rule lemmatizer recomputes most lemmas for every
token; its answer depends only on the token's form, part of speech and morphology, so
it is remembered by them.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.lang.en.lemmatizer import EnglishLemmatizer

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

    MEMO_SIZE = 500_000  # remembered token shapes; forgotten all at once beyond this
    LONGER: list[tuple[int, int]] = []  # marks a token whose matches depend on the next one

    def __init__(self, ruler: Any) -> None:
        strings = ruler.vocab.strings
        self.by_key: dict[tuple[int, int], list[tuple[int, list[list[Test]] | None]]] = {}
        self.anywhere: list[tuple[int, list[list[Test]] | None]] = []
        self.match_ids = [strings.add(str(i)) for i in range(len(ruler.attrs))]
        self.strings = strings
        self.memo: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
        self.lower_classes: dict[int, Any] = {}
        self.named_lower: set[int] = set()
        self.lower_regexes: list[re.Pattern[str]] = []
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
        for tok in pattern:
            self._note_values(tok)
        first = pattern[0]
        attr = next((a for a in _KEY_ATTRS if _values(first.get(a)) is not None), None)
        if attr is None:
            self.anywhere.append((attr_id, steps))
            return
        simple = len(pattern) == 1 and len(first) == 1
        for value in _values(first[attr]) or ():
            key = (_KEY_ATTRS.index(attr), int(value) if isinstance(value, bool) else self.strings.add(value))
            self.by_key.setdefault(key, []).append((attr_id, None if simple else steps))

    def _note_values(self, tok: dict[str, Any]) -> None:
        """Remember the lowercase forms a rule token names and the expressions it searches
        them with (tags, labels and whitespace-ness are few and stand for themselves)."""
        want = tok.get("LOWER")
        if want is None:
            return
        (op, arg), = want.items() if isinstance(want, dict) else (("==", want),)
        if op == "REGEX":
            self.lower_regexes.append(re.compile(arg))
        else:
            self.named_lower.update(self.strings.add(v) for v in (arg if op in ("IN", "NOT_IN") else [arg]))

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """(rule number, match id, start, end) for every match, sorted as spaCy sorts them.

        What matches at a token depends only on its shape (``_lower_class`` of its
        lowercase form, its tag, dependency label and whitespace-ness), and on the next
        token's shape when a two-token rule could start there, so it is remembered by
        shape: a few tens of thousands of shapes cover news text."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        rows = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()
        classes, memo = self.lower_classes, self.memo
        if len(memo) > self.MEMO_SIZE or len(classes) > self.MEMO_SIZE:
            memo.clear()
            classes.clear()
        shapes: list[tuple[Any, ...] | None] = []
        for lower, tag, dep, space in rows:
            kind = classes.get(lower)
            shapes.append((self._lower_class(lower) if kind is None else kind, tag, dep, space))
        shapes.append(None)
        found = []
        for i, row in enumerate(rows):
            hits = memo.get(shapes[i])
            if hits is None or hits is self.LONGER:
                hits = self._hits(doc, i, row, shapes[i], shapes[i + 1])
            found.extend((attr_id, self.match_ids[attr_id], i, i + size) for attr_id, size in hits)
        found.sort()
        return found

    def _lower_class(self, lower: int) -> Any:
        """A lowercase form some rule names stands for itself; any other behaves as every
        form no rule names (equal to none of them, in no IN list, in every NOT_IN list),
        except for the regular expressions it matches, which are part of its class."""
        kind = lower if lower in self.named_lower else (
            -1, *(rx.search(self.strings[lower]) is not None for rx in self.lower_regexes))
        self.lower_classes[lower] = kind
        return kind

    def _hits(self, doc: Any, i: int, row: list[int], shape: Any, after: Any) -> list[tuple[int, int]]:
        """(rule number, length) of the rules matching at token ``i``, remembered by the
        token's shape, and the next token's when a longer rule's first token matches here."""
        hits = self.memo.get(shape)
        if hits is None:
            rules = self._rules(row)
            if any(steps is not None and len(steps) > 1 and all(test(doc[i]) for test in steps[0]) for _, steps in rules):
                self.memo[shape] = hits = self.LONGER
            else:
                self.memo[shape] = hits = self._test_rules(doc, i, rules)
        if hits is not self.LONGER:
            return hits
        hits = self.memo.get((shape, after))
        if hits is None:
            self.memo[shape, after] = hits = self._test_rules(doc, i, self._rules(row))
        return hits

    def _rules(self, row: list[int]) -> list[tuple[int, list[list[Test]] | None]]:
        """The rules filed under any of the token's values, then the rules filed nowhere."""
        get, none = self.by_key.get, []
        return [rule for k, value in enumerate(row) for rule in get((k, value), none)] + self.anywhere

    @staticmethod
    def _test_rules(doc: Any, i: int, rules: list[tuple[int, list[list[Test]] | None]]) -> list[tuple[int, int]]:
        hits = []
        n = len(doc)
        for attr_id, steps in rules:
            if steps is None:
                hits.append((attr_id, 1))
            elif i + len(steps) <= n and all(all(test(doc[i + k]) for test in step) for k, step in enumerate(steps)):
                hits.append((attr_id, len(steps)))
        return hits


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


class RememberingLemmatizer(EnglishLemmatizer):
    """The English rule lemmatizer with every lemma remembered by the token's form, part
    of speech and morphology: the only things its rules read. spaCy's own cache skips
    the commonest answers (base forms, punctuation, names), which were recomputed for
    every token: 7% of a run on Timeline17. ``remember_lemmas`` turns the pipeline's
    loaded lemmatizer into one, keeping its tables and settings."""

    MEMO_SIZE = 500_000  # remembered (form, part of speech, morphology) triples
    memo: dict[tuple[int, int, int], int]

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3:4].copy()
        if len(self.memo) > self.MEMO_SIZE:
            self.memo.clear()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.overwrite:  # set by the attribute ruler: kept, as spaCy keeps it
                continue
            value = self.memo.get((orth, pos, morph))
            if value is None:
                value = self.memo[orth, pos, morph] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i, 0] = value
        doc.from_array([LEMMA], lemmas)
        return doc


def remember_lemmas(nlp: Any) -> bool:
    """Make the pipeline's lemmatizer a ``RememberingLemmatizer``; False (spaCy's own step
    stays) unless it is the English lemmatizer in rule mode, whose answer depends on
    nothing but those three values."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if type(lemmatizer) is not EnglishLemmatizer or lemmatizer.mode != "rule":
        return False
    lemmatizer.__class__ = RememberingLemmatizer  # a plain Python subclass: same object, tables, settings
    lemmatizer.memo = {}
    return True
