"""Word counting in pieces counts exactly what one pass would."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor.core import words
from editor.core.words import count_words, reading_minutes

ONE_PASS = re.compile(r"\w+(?:['’-]\w+)*")
TEXT = st.lists(st.sampled_from(["word", "don't", "well-known", " ", "\n", "\t", "é", "—", "’s", "😀", "x"])).map(
    "".join
)


@given(TEXT, st.sampled_from([1, 2, 5, 64]))
def test_pieces_never_split_a_word(text: str, piece: int) -> None:
    saved = words.PIECE
    words.PIECE = piece
    try:
        assert count_words(text) == len(ONE_PASS.findall(text))
    finally:
        words.PIECE = saved


@pytest.mark.parametrize(("count", "minutes"), [(0, 0), (1, 1), (230, 1), (231, 2)])
def test_reading_minutes(count: int, minutes: int) -> None:
    assert reading_minutes(count) == minutes
