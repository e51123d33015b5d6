"""Long articles are parsed in pieces cut at line breaks and joined back into one Doc."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dateline
from dateline import events, nlp

ROOT = Path(__file__).resolve().parent.parent


@given(st.text(alphabet="ab \n.", max_size=300), st.integers(min_value=1, max_value=40))
@settings(max_examples=300, deadline=None)
def test_pieces_give_the_text_back_and_end_at_line_breaks(text: str, size: int) -> None:
    pieces = events.cut_at_lines(text, size)
    assert "".join(pieces) == text
    assert all(pieces) or text == ""
    for piece in pieces[:-1]:
        assert piece.endswith("\n")
        assert len(piece) <= size or "\n" not in piece[:-1]  # longer only when one line is longer


def test_a_text_within_the_size_is_one_piece() -> None:
    assert events.cut_at_lines("a\nb", 10) == ["a\nb"]
    assert events.cut_at_lines("", 10) == [""]


def test_a_joined_parse_has_the_texts_offsets_and_a_sentence_at_each_piece() -> None:
    text = "Obama met Cameron in London on Monday.\nThe two leaders spoke.\n" * 30
    whole, joined = list(events.parse_in_pieces(nlp.load(), [text, text], size=len(text) + 1)), \
        list(events.parse_in_pieces(nlp.load(), [text], size=200))
    assert joined[0].text == text
    assert [(t.idx, t.text) for t in joined[0]] == [(t.idx, t.text) for t in whole[0]]
    assert [s.text for s in joined[0].sents] == [s.text for s in whole[0].sents]
    assert [(e.start_char, e.label_) for e in joined[0].ents] == [(e.start_char, e.label_) for e in whole[0].ents]


@pytest.mark.slow
def test_articles_parsed_in_pieces_give_the_events_of_a_whole_parse(monkeypatch) -> None:
    files = sorted((ROOT / "examples" / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    whole = [[e.to_dict() for e in dateline.extract(t)] for t in texts]
    monkeypatch.setattr(events, "PIECE_CHARS", 600)
    monkeypatch.setattr(events.parse_in_pieces, "__defaults__", (600,))
    assert max(len(t) for t in texts) > 600
    assert [[e.to_dict() for e in dateline.extract(t)] for t in texts] == whole
