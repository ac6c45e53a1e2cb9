"""Word count and reading time of a post's body.

Counting goes piece by piece, each piece ending at whitespace (no word spans
it), so a thread counting a 20 MB body lets go of the interpreter every few
milliseconds instead of holding it for most of a second.
"""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = 230
PIECE = 1 << 16

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_SPACE = re.compile(r"\s")


def count_words(text: str) -> int:
    total, start, n = 0, 0, len(text)
    while start < n:
        end = n
        if start + PIECE < n:
            space = _SPACE.search(text, start + PIECE)
            end = space.end() if space else n
        total += len(_WORD.findall(text, start, end))
        start = end
    return total


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0
