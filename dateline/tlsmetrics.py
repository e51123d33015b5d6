"""Scoring timeline summaries as the field does: Date-F1 and alignment-based ROUGE.

Timeline summarisation (TLS) papers on Timeline17, Crisis and Entities report three
figures over all gold timelines (Martschat & Markert 2017, used by Ghalandari & Ifrim
2020 and since; precision and recall are averaged over timelines, then combined):

- **Date-F1**: F1 of the set of output dates against the gold dates.
- **AR-1 / AR-2**: alignment-based ROUGE-1/2 F1, the "align+ m:1" variant. Each output
  date is aligned to the gold date that costs least, and each gold date to the output
  date that costs least (many-to-one both ways). The cost of a pair is the product of a
  date factor, ``1 - 1/(|days apart| + 1)``, and a content factor, ``1 - unigram F1``
  of the two summaries, so a pair on the same day costs nothing whatever it says and
  content decides between other days. The n-gram hits of an aligned pair are weighted
  by ``1/(|days apart| + 1)``; precision divides the weighted hits by the output's
  n-grams, recall by the gold's.

We count n-grams ourselves over the tokens of ``rouge-score``'s tokenizer (lower case,
Porter stems), drop the stop words of ``data/languages.yaml``, and keep n-grams inside
a sentence. The ROUGE-1.5.5 script used by the papers has a longer stop-word list, so
our figures are close to, not identical with, theirs; the alignment is theirs.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .clean import load_data
from .errors import MetricsError

Timeline = Mapping[dt.date, Sequence[str]]  # date -> the sentences of its summary


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean (0 when both are 0)."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class TimelineScores:
    """The field's three figures for one output timeline against one gold timeline."""

    ar1: PRF
    ar2: PRF
    date: PRF

    def to_dict(self) -> dict[str, float]:
        return {"ar1": self.ar1.f1, "ar2": self.ar2.f1, "date_f1": self.date.f1}


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(load_data("languages.yaml").get("en") or ())


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    """rouge-score's tokenizer with the Porter stemmer (imported late: only scoring needs it)."""
    try:
        from rouge_score import tokenizers
    except ImportError as exc:  # pragma: no cover - the eval extra is part of the test extra
        raise MetricsError("scoring timelines needs rouge-score: pip install 'dateline[eval]'") from exc
    return tokenizers.DefaultTokenizer(use_stemmer=True)


@lru_cache(maxsize=65536)
def _tokens(sentence: str) -> tuple[str, ...]:
    stop = _stop_words()
    return tuple(t for t in _tokenizer().tokenize(sentence) if t not in stop)


def ngrams(sentences: Iterable[str], n: int) -> Counter[tuple[str, ...]]:
    """The n-grams of a summary, counted within each sentence."""
    if n < 1:
        raise MetricsError(f"n must be at least 1, not {n}")
    out: Counter[tuple[str, ...]] = Counter()
    for s in sentences:
        toks = _tokens(s)
        out.update(toks[i:i + n] for i in range(len(toks) - n + 1))
    return out


def _hits(a: Counter[tuple[str, ...]], b: Counter[tuple[str, ...]]) -> int:
    """Clipped matches: each n-gram counts as often as it occurs in both."""
    return sum(min(k, b[g]) for g, k in a.items() if g in b)


def date_prf(output: Iterable[dt.date], gold: Iterable[dt.date]) -> PRF:
    """Date selection: the output's dates against the gold's, as sets."""
    out, ref = set(output), set(gold)
    both = len(out & ref)
    return PRF(both / len(out) if out else 0.0, both / len(ref) if ref else 0.0)


def _weight(a: dt.date, b: dt.date) -> float:
    return 1.0 / (abs((a - b).days) + 1)


def _content_f1(a: Sequence[str], b: Sequence[str]) -> float:
    """Unigram F1 of two day summaries: the content part of the alignment cost."""
    ga, gb = ngrams(a, 1), ngrams(b, 1)
    hit, na, nb = _hits(ga, gb), sum(ga.values()), sum(gb.values())
    return PRF(hit / na if na else 0.0, hit / nb if nb else 0.0).f1


def _cheapest(day: dt.date, text: Sequence[str], others: Timeline, others_are_gold: bool) -> dt.date:
    """The date of ``others`` that aligns to ``day`` at least cost. On a tie the nearer date
    wins, then the earlier: a day whose words say everything costs nothing at any
    distance, and must not beat the same day saying the same."""
    def cost(other: dt.date) -> tuple[float, int, dt.date]:
        pred, ref = (text, others[other]) if others_are_gold else (others[other], text)
        return (1 - _weight(day, other)) * (1 - _content_f1(pred, ref)), abs((day - other).days), other

    return min(others, key=cost)


def alignment_rouge(output: Timeline, gold: Timeline, n: int) -> PRF:
    """ROUGE-n of ``output`` against ``gold`` with the many-to-one date-and-content alignment."""
    if not output or not gold:
        return PRF(0.0, 0.0)
    hit_p = den_p = hit_r = den_r = 0.0
    for day in sorted(output):
        ref = _cheapest(day, output[day], gold, others_are_gold=True)
        mine = ngrams(output[day], n)
        hit_p += _weight(day, ref) * _hits(mine, ngrams(gold[ref], n))
        den_p += sum(mine.values())
    for day in sorted(gold):
        pred = _cheapest(day, gold[day], output, others_are_gold=False)
        theirs = ngrams(gold[day], n)
        hit_r += _weight(day, pred) * _hits(ngrams(output[pred], n), theirs)
        den_r += sum(theirs.values())
    return PRF(hit_p / den_p if den_p else 0.0, hit_r / den_r if den_r else 0.0)


def score(output: Timeline, gold: Timeline) -> TimelineScores:
    """AR-1, AR-2 and date selection of one output timeline against one gold timeline."""
    for name, tl in (("output", output), ("gold", gold)):
        if not all(isinstance(d, dt.date) for d in tl):
            raise MetricsError(f"the {name} timeline's keys must be dates")
    return TimelineScores(alignment_rouge(output, gold, 1), alignment_rouge(output, gold, 2),
                          date_prf(output, gold))


def mean(scores: Sequence[TimelineScores]) -> dict[str, float]:
    """The figures over several timelines as the papers report them: precision and recall
    each averaged over timelines, then their F1 (news-tls's averaging), per figure."""
    if not scores:
        return {"ar1": 0.0, "ar2": 0.0, "date_f1": 0.0}
    n = len(scores)

    def avg(pick: str) -> float:
        prfs = [getattr(s, pick) for s in scores]
        return PRF(sum(p.precision for p in prfs) / n, sum(p.recall for p in prfs) / n).f1

    return {"ar1": avg("ar1"), "ar2": avg("ar2"), "date_f1": avg("date")}


def read_gold(text: str, *, strict: bool = True) -> dict[dt.date, list[str]]:
    """A gold timeline in the tilse text form: a date line (``YYYY-MM-DD``), its sentences one
    a line, a dashed separator. A block that starts without a date raises ``MetricsError``,
    or with ``strict=False`` is left out (published gold files have the odd typo,
    '2011-04-0'; ``malformed_blocks`` names them)."""
    out: dict[dt.date, list[str]] = {}
    for block in _blocks(text):
        day = _block_date(block)
        if day is None:
            if strict:
                raise MetricsError(f"a timeline block must start with a date, not {block[0][:40]!r}")
            continue
        out.setdefault(day, []).extend(s.strip() for s in block[1:] if s.strip())
    return out


def malformed_blocks(text: str) -> list[str]:
    """The first lines of the blocks ``read_gold`` cannot date."""
    return [b[0].strip() for b in _blocks(text) if _block_date(b) is None]


def _block_date(block: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(block[0].strip()[:10])
    except ValueError:
        return None


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip() and set(line.strip()) == {"-"}:
            blocks.append([])
        elif line.strip():
            blocks[-1].append(line)
    return [b for b in blocks if b]


__all__ = ["PRF", "MetricsError", "Timeline", "TimelineScores", "alignment_rouge", "date_prf",
           "malformed_blocks", "mean", "ngrams", "read_gold", "score"]
