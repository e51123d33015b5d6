"""Topic tagging: cue matching rules, taxonomy loading, and recall on the seed gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.errors import KnowledgeError
from dateline.topics import Taxonomy, Topic, assign_topics, load_taxonomy, topic_hits

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"
CONTRACT_IDS = (
    "counterterrorism", "afghanistan", "regional-security", "defense-cooperation",
    "military-equipment", "trade-investment", "tariffs", "economy", "imf", "energy", "minerals",
    "climate", "health", "education", "women-empowerment", "human-rights", "russia-ukraine",
    "middle-east", "india-pakistan", "china", "migration", "elections", "nuclear", "other",
)


def test_default_taxonomy_has_exactly_the_contract_ids() -> None:
    assert load_taxonomy().ids == CONTRACT_IDS


@pytest.mark.parametrize("text", [
    "Both sides pledged counter-terrorism cooperation.",
    "Both sides pledged counterterrorism cooperation.",
    "Both sides pledged counter terrorism cooperation.",
    "He condemned the terrorist attack.",
    "Militants attacked a checkpoint.",
    "They discussed safe havens along the border.",
])
def test_counterterrorism_variants(text: str) -> None:
    assert assign_topics([text])[0] == "counterterrorism"


def test_plural_of_y_words_and_case() -> None:
    assert "economy" in assign_topics(["Emerging ECONOMIES face headwinds."])


def test_word_boundaries_stop_substring_hits() -> None:
    # "oil" inside "turmoil", "trade" inside "tirade", "arms" inside "harms", "iran" inside "tirana"
    assert assign_topics(["The turmoil and the tirade harms Tirana's mood."]) == ("other",)


def test_other_only_when_nothing_fits() -> None:
    assert assign_topics(["The weather was pleasant."]) == ("other",)
    assert "other" not in assign_topics(["The IMF approved the loan programme."])


def test_ordered_by_hit_count_then_taxonomy_order() -> None:
    text = "Tariffs on imports. A tariff war. New tariffs. Trade talks. Afghanistan."
    topics = assign_topics([text])
    assert topics[0] == "tariffs"
    # trade-investment (trade, imports = 2) outranks afghanistan (1)
    assert topics.index("trade-investment") < topics.index("afghanistan")


def test_overlapping_cues_count_once() -> None:
    assert topic_hits("counter-terrorism")["counterterrorism"] == 1


def test_max_topics_caps_the_result() -> None:
    text = "terrorism Afghanistan trade tariff IMF oil lithium climate health school"
    assert len(assign_topics([text], max_topics=3)) == 3


def test_regex_cue_and_custom_taxonomy(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_text("topics:\n  - id: space\n    cues: [satellite, '/moon ?shot/']\n  - id: other\n    cues: []\n")
    tax = load_taxonomy(f)
    assert tax.topics[0] == Topic("space", "space", ("satellite", "/moon ?shot/"))
    assert assign_topics(["A moonshot and two satellites."], tax) == ("space",)
    assert assign_topics(["Terrorism."], tax) == ("other",)


@pytest.mark.parametrize("body, problem", [
    ("- just a list\n", "'topics'"),
    ("topics:\n  - label: no id\n", "'id'"),
    ("topics:\n  - id: a\n    cues: notalist\n", "cues"),
    ("topics:\n  - id: a\n    cues: ['/(unclosed/']\n", "bad cue"),
    ("topics:\n  - id: a\n  - id: a\n", "twice"),
    ("topics: [\n", "cannot read"),
])
def test_malformed_taxonomy_names_file_and_problem(tmp_path: Path, body: str, problem: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(body)
    with pytest.raises(KnowledgeError) as err:
        load_taxonomy(f)
    assert "bad.yaml" in str(err.value) and problem in str(err.value)


def test_missing_taxonomy_file_is_a_knowledge_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError):
        load_taxonomy(tmp_path / "nope.yaml")


def _article_text(doc: dict) -> str:
    """The seed text without its gold boilerplate and without the list of other stories'
    headlines that follows a "More From ..." line (the cleaner's job, not ours)."""
    text = (SEEDS / doc["doc"]).read_text(encoding="utf-8")
    text = text.split("More From")[0]
    drop = set(doc.get("boilerplate_lines", ()))
    return "\n".join(line for line in text.splitlines() if line.strip() not in drop)


def _evidence(doc: dict, event: dict) -> list[str]:
    """A main event's evidence is its whole article; a side event's is the paragraphs
    naming its first participant (by last word: "Kurilla", "Fund", "Trump")."""
    paragraphs = [p for p in _article_text(doc).splitlines() if p.strip()]
    if event.get("main"):
        return paragraphs
    key = event["participants"][0].split()[-1]
    return [p for p in paragraphs if key in p]


def test_seed_gold_topics_recall_and_extras() -> None:
    gold = json.loads((SEEDS.parent / "seeds-expected.json").read_text(encoding="utf-8"))
    found = wanted = extras = events = 0
    for doc in gold["documents"]:
        for event in doc["events"]:
            got = set(assign_topics(_evidence(doc, event)))
            want = set(event["topics"])
            found += len(got & want)
            wanted += len(want)
            extras += len(got - want)
            events += 1
    assert found / wanted >= 0.8
    assert extras / events <= 3.0


def test_empty_taxonomy_object_falls_back_to_other() -> None:
    assert assign_topics(["terrorism"], Taxonomy(())) == ("other",)


def test_utility_tariffs_are_not_trade_tariffs() -> None:
    assert "tariffs" not in assign_topics(["The government raised electricity tariffs again."])
    assert "tariffs" in assign_topics(["Washington imposed a 29% tariff on imports."])
