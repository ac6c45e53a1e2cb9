"""Which words of a Markdown body are prose, to be spell-checked: never code, URLs, link
targets, HTML, shortcodes, JSX, math, e-mail addresses or file paths, and never words
that look like names in code (with digits, ALL CAPS, camelCase, snake_case).

A line is looked at alone (the editor checks line by line, as it colours); what spans
lines (fenced code, math and HTML comment blocks) is followed by ``LineState``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Spans of a line that are not prose, longest constructs first.
_SKIP = re.compile(
    r"(?P<tick>`+).*?(?<!`)(?P=tick)(?!`)|`+"  # inline code, between two runs of as many backticks
    r"|<!--.*?(?:-->|$)"  # an HTML comment on the line
    r"|\{\{[<%].*?(?:[%>]\}\}|$)"  # Hugo shortcodes
    r"|\{%.*?(?:%\}|$)|\{\{.*?(?:\}\}|$)"  # Liquid / Nunjucks tags and output
    r"|\$\$.*?(?:\$\$|$)|(?<![\\\w$])\$(?=\S)[^$\n]*?\S\$(?!\w)"  # math
    r"|\\\(.*?\\\)|\\\[.*?\\\]"
    r"|</?[A-Za-z][^<>]*>"  # HTML and JSX tags, attributes included
    r"|\{[^{}]*\}"  # JSX expressions and attribute lists
    r"|\]\([^)]*\)"  # a link's or an image's target
    r"|\]\[[^\]]*\]"  # a reference link's label
    r"|^ {0,3}\[[^\]]+\]:.*$"  # a reference definition
    r"|<[^<>\s]+>"  # autolinks
    r"|\b(?:https?|ftp|mailto|file):\S+|\bwww\.\S+"  # bare URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?:~|\.{1,2})?(?:/[\w.@%+-]+)+/?|\b[\w-]+(?:/[\w.-]+)+"  # paths
    r"|\b[\w-]+\.(?:md|mdx|html?|js|ts|tsx|jsx|py|css|json|ya?ml|toml|png|jpe?g|gif|webp|svg|txt|sh)\b",
    re.IGNORECASE,
)
# A word: letters (any script) with inner apostrophes or hyphens; digits and underscores are
# caught so that such words can be skipped whole.
_WORD = re.compile(r"[^\W_](?:[^\W_]|_(?=[^\W_])|['’-](?=[^\W\d_]))*")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")


@dataclass
class LineState:
    """What an earlier line opened that the next line is still inside of."""

    fence: str = ""  # the fence of an open code block
    math: bool = False  # inside a $$ … $$ block
    comment: bool = False  # inside an HTML comment
    blank: bool = True  # the line before was blank (indented code may start)
    indented_code: bool = False  # the line before was indented code


def checkable(word: str) -> bool:
    """Whether ``word`` is one a dictionary should judge (not a name from code)."""
    if len(word) < 2 or any(ch.isdigit() or ch == "_" for ch in word):
        return False
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return False  # an acronym
    return _CAMEL.search(word) is None


def line_words(line: str) -> Iterator[tuple[int, str]]:
    """``(column, word)`` for each prose word of one line of prose (not code)."""
    spans = [(m.start(), m.end()) for m in _SKIP.finditer(line)]
    cut = 0
    for start, end in [*spans, (len(line), len(line))]:
        for match in _WORD.finditer(line, cut, start):
            word = match.group()
            if checkable(word):
                yield match.start(), word
        cut = max(cut, end)


def prose_line(line: str, state: LineState) -> bool:
    """Whether ``line`` holds prose, given what earlier lines opened; updates ``state``."""
    stripped = line.strip()
    blank, state.blank = state.blank, not stripped
    if state.fence:
        if stripped.startswith(state.fence) and not stripped.strip(state.fence[0]):
            state.fence = ""
        return False
    if state.math:
        state.math = "$$" not in stripped
        return False
    if state.comment:
        state.comment = "-->" not in line
        return False
    fence = _FENCE.match(line)
    if fence:
        state.fence = fence.group(1)
        return False
    if stripped == "$$" or (stripped.startswith("$$") and stripped.count("$$") == 1):
        state.math = True
        return False
    if "<!--" in line and "-->" not in line[line.index("<!--") :]:
        state.comment = True  # the words before it are still checked
    indented = bool(stripped) and (line.startswith("\t") or line.startswith("    "))
    state.indented_code = indented and (blank or state.indented_code)
    if state.indented_code:
        return False
    return bool(stripped) and not _is_mdx_statement(stripped)


def _is_mdx_statement(stripped: str) -> bool:
    return stripped.startswith(("import ", "export ")) and (" from " in stripped or "=" in stripped)


@dataclass(frozen=True)
class BodyWord:
    line: int  # 0-based line of the body
    column: int  # 0-based, in characters
    word: str


def body_words(body: str) -> Iterator[BodyWord]:
    """Every prose word of a Markdown body, with where it is."""
    state = LineState()
    for number, line in enumerate(body.split("\n")):
        if prose_line(line, state):
            for column, word in line_words(line):
                yield BodyWord(number, column, word)
