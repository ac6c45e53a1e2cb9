"""A post's outline: its headings in order, with their levels and where the order skips a
level (``##`` followed by ``####``). The Outline panel and the readiness checks read it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST_OR_QUOTE = re.compile(r"^ {0,3}(?:[-*+>]|\d{1,9}[.)])(?:[ \t]|$)")


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based line of the body where it starts
    level: int  # 1 to 6
    text: str
    skipped_from: int | None = None  # the level before, when this one skips a level below it


def body_lines(content: str) -> Iterator[tuple[int, str, bool]]:
    """(index, line, inside a fenced code block) for each body line; fence lines count as inside."""
    fence: str | None = None
    for index, line in enumerate(content.split("\n")):
        stripped = line.lstrip()
        match = _FENCE.match(stripped)
        if fence is None and match and len(line) - len(stripped) < 4:
            fence = match.group(1)
            yield index, line, True
            continue
        if fence is not None:
            if stripped.startswith(fence) and not stripped[len(fence) :].strip(fence[0]).strip():
                fence = None
            yield index, line, True
            continue
        yield index, line, False


def headings(content: str) -> list[Heading]:
    """Every ATX (``## Title``) and setext (``Title`` over ``===``) heading outside code."""
    out: list[Heading] = []
    previous_level: int | None = None
    before: tuple[int, str] | None = None  # the last prose line, for a setext underline
    for index, line, in_code in body_lines(content):
        level, text, start = 0, "", index
        if not in_code:
            atx = _ATX.match(line)
            setext = _SETEXT.match(line)
            if atx:
                level, text = len(atx.group(1)), (atx.group(2) or "").strip()
            elif setext and before is not None and before[0] == index - 1 and not _LIST_OR_QUOTE.match(before[1]):
                if not (setext.group(1)[0] == "-" and len(setext.group(1)) < 2 and not before[1].strip()):
                    level, text, start = (1 if setext.group(1)[0] == "=" else 2), before[1].strip(), before[0]
        if level:
            skipped = previous_level if previous_level is not None and level > previous_level + 1 else None
            if start != index and out and out[-1].line == start:
                out.pop()
            out.append(Heading(start, level, text, skipped))
            previous_level = level
            before = None
            continue
        before = (index, line) if not in_code and line.strip() and not line.startswith(("    ", "\t")) else None
    return out


def section_at(found: list[Heading], line: int) -> int | None:
    """The index in ``found`` of the heading whose section holds body ``line``."""
    chosen = None
    for i, heading in enumerate(found):
        if heading.line > line:
            break
        chosen = i
    return chosen
