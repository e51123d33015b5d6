"""Topic tagging: which subjects an event's evidence talks about.

Knowledge lives in ``data/topics.yaml`` (replaceable with ``--taxonomy FILE``); this
module only turns cue lists into patterns and counts hits. A cue is a lowercase word or
phrase, or a regular expression written ``/.../``. Phrase cues tolerate the spelling
variation news text shows without listing every form: words may be joined by a space, a
hyphen or nothing ("counter-terrorism", "counter terrorism", "counterterrorism"), and the
last word may take a plural ending ("safe haven" -> "safe havens", "economy" ->
"economies"). Matching is case-insensitive and bounded by word edges, so "arms" never
fires inside "harms" and "oil" never inside "turmoil".
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeError

DEFAULT_PATH = Path(__file__).parent / "data" / "topics.yaml"
FALLBACK = "other"
_SEPARATOR = r"[\s\-\u2010\u2011\u2013]*"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The packaged taxonomy, or a user's file that replaces it (not extends it), so a
    user can drop topics they do not want as well as add their own."""
    if path is None:
        return _default_taxonomy()
    return _read_taxonomy(Path(path))


@lru_cache(maxsize=1)
def _default_taxonomy() -> Taxonomy:
    return _read_taxonomy(DEFAULT_PATH)


def _read_taxonomy(path: Path) -> Taxonomy:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeError(str(path), f"cannot read taxonomy: {exc}") from exc
    items = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise KnowledgeError(str(path), "expected a mapping with a non-empty 'topics' list")
    topics = tuple(_parse_topic(str(path), i, item) for i, item in enumerate(items))
    _check_unique(str(path), topics)
    return Taxonomy(topics)


def _parse_topic(file: str, index: int, item: Any) -> Topic:
    """One ``{id, label, cues}`` entry, checked so a typo fails at load, not silently."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
        raise KnowledgeError(file, f"topic #{index + 1}: needs a non-empty string 'id'")
    topic_id = item["id"].strip()
    cues = item.get("cues") or []
    if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
        raise KnowledgeError(file, f"topic {topic_id!r}: 'cues' must be a list of non-empty strings")
    cleaned = tuple(c.strip() for c in cues)
    for cue in cleaned:
        try:
            re.compile(cue_pattern(cue))
        except re.error as exc:
            raise KnowledgeError(file, f"topic {topic_id!r}: bad cue {cue!r}: {exc}") from exc
    return Topic(topic_id, str(item.get("label") or topic_id), cleaned)


def _check_unique(file: str, topics: tuple[Topic, ...]) -> None:
    seen: set[str] = set()
    for topic in topics:
        if topic.id in seen:
            raise KnowledgeError(file, f"topic id {topic.id!r} appears twice")
        seen.add(topic.id)


def cue_pattern(cue: str) -> str:
    """The regular expression for one cue (without word edges).

    ``/.../`` is taken as written; a phrase becomes its words joined by an optional
    space or hyphen, with a plural ending allowed on the last word.
    """
    if len(cue) > 2 and cue.startswith("/") and cue.endswith("/"):
        return f"(?:{cue[1:-1]})"
    words = [w for w in re.split(r"[\s\-]+", cue.lower().translate(_APOSTROPHES)) if w]
    parts = [re.escape(w) for w in words[:-1]] + [_plural(words[-1])]
    return "(?:" + _SEPARATOR.join(parts) + ")"


def _plural(word: str) -> str:
    """A word and its regular plural: "economy|economies", "tax|taxes", "haven|havens"."""
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word[-1:].isalpha():
        return re.escape(word) + "(?:es|s)?"
    return re.escape(word)


@lru_cache(maxsize=256)
def _topic_regex(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation per topic, longest cues first, so overlapping cues
    ("counter-terrorism" and "terrorism") count one hit, not two."""
    ordered = sorted(cues, key=len, reverse=True)
    body = "|".join(cue_pattern(c) for c in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def topic_hits(text: str, taxonomy: Taxonomy | None = None) -> dict[str, int]:
    """Cue hits per topic id in ``text`` (topics without hits are left out)."""
    taxonomy = taxonomy or load_taxonomy()
    norm = text.translate(_APOSTROPHES)
    hits: dict[str, int] = {}
    for topic in taxonomy.topics:
        if topic.id == FALLBACK or not topic.cues:
            continue
        n = sum(1 for _ in _topic_regex(topic.cues).finditer(norm))
        if n:
            hits[topic.id] = n
    return hits


def assign_topics(texts: Sequence[str], taxonomy: Taxonomy | None = None, *, max_topics: int = 8) -> tuple[str, ...]:
    """Topics of an event from its evidence sentences, strongest first.

    Strength is the number of cue hits; ties keep taxonomy order, so the result is
    deterministic. ``"other"`` is returned only when no topic has a single hit, so an
    event always has at least one topic to be filtered by.
    """
    taxonomy = taxonomy or load_taxonomy()
    hits = topic_hits("\n".join(texts), taxonomy)
    order = {tid: i for i, tid in enumerate(taxonomy.ids)}
    ranked = sorted(hits, key=lambda tid: (-hits[tid], order[tid]))
    return tuple(ranked[:max(1, max_topics)]) or (FALLBACK,)


__all__ = ["Taxonomy", "Topic", "assign_topics", "cue_pattern", "load_taxonomy", "topic_hits"]
