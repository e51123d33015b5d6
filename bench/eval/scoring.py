"""Scorers for the public gold sets, written from the sets' own descriptions of their metrics.

Pure functions over plain strings and counts, so that they can be tested on tiny
inputs without the gold data (tests/test_eval_scoring.py). Each docstring says which
benchmark's published figures the scorer is meant to be comparable with.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PRF:
    """Counts of true positives, false positives and false negatives, with P, R and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def tokens(text: str, *, lower: bool = False) -> list[str]:
    """Word tokens by the regex ``\\w+`` (both AEB and WCXB tokenise this way)."""
    found = _WORD.findall(text or "")
    return [t.lower() for t in found] if lower else found


def _overlap(pred: Counter[object], gold: Counter[object]) -> PRF:
    tp = sum((pred & gold).values())
    return PRF(tp, sum(pred.values()) - tp, sum(gold.values()) - tp)


def shingle_counts(pred: str, gold: str, n: int = 4) -> PRF:
    """ScrapingHub AEB: bags (multisets) of ``n``-token shingles of both texts, compared.
    The benchmark sums these counts over all pages before computing P/R/F1 (micro-average)."""
    def bag(text: str) -> Counter[object]:
        t = tokens(text)
        return Counter(tuple(t[i:i + n]) for i in range(max(len(t) - n + 1, 0)))
    return _overlap(bag(pred), bag(gold))


def bag_of_words(pred: str, gold: str) -> PRF:
    """WCXB: lower-cased ``\\w+`` words as a multiset; the benchmark averages F1 over pages."""
    return _overlap(Counter(tokens(pred, lower=True)), Counter(tokens(gold, lower=True)))


def exact_tokens(pred: str, gold: str) -> bool:
    """AEB's "accuracy": the two texts have exactly the same token sequence."""
    return tokens(pred) == tokens(gold)


def same_text(pred: str | None, gold: str | None) -> bool:
    """Strict metadata match (WCXB title/author): equal after collapsing whitespace and case."""
    def norm(s: str | None) -> str:
        return " ".join((s or "").split()).casefold()
    return bool(norm(gold)) and norm(pred) == norm(gold)


def date_outcome(pred: str | None, gold: str | None) -> str:
    """htmldate's per-page outcome at day granularity: "tp" (equal), "fp" (a wrong date),
    "fn" (no output where gold has a date) or "tn" (no output, no gold date)."""
    if not pred:
        return "tn" if not gold else "fn"
    return "tp" if gold and pred[:10] == gold[:10] else "fp"


def date_scores(outcomes: Iterable[str]) -> dict[str, float]:
    """htmldate's figures from per-page outcomes: precision, recall, F and accuracy.
    As upstream, a page with no output and no gold date counts as FN and also as TN."""
    c = Counter(outcomes)
    tp, fp, fn, tn = c["tp"], c["fp"], c["fn"] + c["tn"], c["tn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fp + fn + tn
    return {"precision": round(p, 4), "recall": round(r, 4), "f": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "accuracy": round((tp + tn) / total, 4) if total else 0.0, "pages": sum(c.values())}


def mean(values: Iterable[float]) -> float:
    vals = list(values)
    return round(sum(vals) / len(vals), 4) if vals else 0.0


@dataclass(frozen=True)
class TimexCounts:
    """TempEval-3 entity counts, summed over documents before the F1s are computed."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def __add__(self, o: "TimexCounts") -> "TimexCounts":
        return TimexCounts(self.gold + o.gold, self.predicted + o.predicted, self.strict + o.strict,
                           self.relaxed + o.relaxed, self.value + o.value)

    def f1(self, n: int) -> float:
        p = n / self.predicted if self.predicted else 0.0
        r = n / self.gold if self.gold else 0.0
        return round(2 * p * r / (p + r), 4) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"strict_f1": self.f1(self.strict), "relaxed_f1": self.f1(self.relaxed),
                "value_f1": self.f1(self.value), "gold": self.gold, "predicted": self.predicted}


def match_timexes(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> TimexCounts:
    """TempEval-3 timex matching on character spans: a relaxed match is an overlap (each
    gold and each predicted timex used once), strict an identical span; "value" counts the
    relaxed matches whose normalised values are equal. Value F1 is then taken over all
    predicted (precision) and all gold (recall) timexes, as the official scorer does."""
    used: set[int] = set()
    strict = relaxed = value = 0
    for gs, ge, gv in gold:
        for i, (ps, pe, pv) in enumerate(pred):
            if i in used or ps >= ge or gs >= pe:
                continue
            used.add(i)
            relaxed += 1
            strict += (ps, pe) == (gs, ge)
            value += pv == gv
            break
    return TimexCounts(len(gold), len(pred), strict, relaxed, value)
