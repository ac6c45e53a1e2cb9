"""An edited YAML value written back in the file's own spelling.

ruamel writes a whole key again when one of its nested values changes. Its writing of
the lines that did not change is the same value, but not always the same text: ``~``
and empty values become ``null``, and a comment keeps its column, not its distance from
the value. Here the new lines are compared with ruamel's writing of the old value; a
line it writes the same is taken from the file as it was, and a changed line keeps the
file's text wherever the change did not touch it. The result is used only when it reads
back as the same value as ruamel's own lines.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from editor.core.formats_base import same_value, split_lines, strip_line_break
from editor.core.formats_yaml_write import COMMENT_TAIL

_LEAD = re.compile(r"^([ \t]*(?:-(?:[ \t]+|$))*)(.*)$")
_KEY = re.compile(r"""^('[^']*'|"[^"]*"|[^\s#'"][^:]*?):(?:[ \t]|$)""")


def keep_file_spelling(yaml: YAML, original: list[str], before: str, after: str) -> str:
    """``after`` (ruamel's lines for the new value) with the unchanged parts spelled as in
    ``original`` (the file's lines for the old value, which ruamel wrote as ``before``)."""
    base, new = split_lines(before), split_lines(after)
    if len(base) != len(original) or base == new:
        return after
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, base, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [o if _same_place(o, b) else b for o, b in zip(original[i1:i2], base[i1:i2], strict=True)]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            out += [merge_line(o, b, n) for o, b, n in zip(original[i1:i2], base[i1:i2], new[j1:j2], strict=True)]
        else:
            out += new[j1:j2]
    merged = "".join(strip_line_break(line) + "\n" for line in out)
    try:
        if same_value(yaml.load(merged), yaml.load(after)):
            return merged
    except YAMLError:
        pass
    return after


def merge_line(original: str, before: str, after: str) -> str:
    """One changed line: ``after``'s change made to the file's ``original`` line, when the
    change and the file's own spelling (of ``before``) touch different parts of it; a
    comment after the value keeps its distance from the value, as one-line edits do."""
    o_body, o_tail = _split_comment(strip_line_break(original))
    b_body, b_tail = _split_comment(strip_line_break(before))
    n_body, n_tail = _split_comment(strip_line_break(after))
    same_comment = o_tail is not None and n_tail is not None and o_tail.lstrip() == n_tail.lstrip()
    if not same_comment:
        o_body, b_body, n_body = strip_line_break(original), strip_line_break(before), strip_line_break(after)
    body = _merge(o_body, b_body, n_body)
    if body is None:
        body = n_body
    return body + (o_tail or "" if same_comment else "") + "\n"


def _merge(original: str, base: str, new: str) -> str | None:
    """A three-way merge of one line's characters, or None where the two changes meet."""
    if original == base:
        return new
    if new == base:
        return original
    theirs = [op for op in SequenceMatcher(None, base, original, autojunk=False).get_opcodes() if op[0] != "equal"]
    ours = [op for op in SequenceMatcher(None, base, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    for _t, a1, a2, _x, _y in theirs:
        for _u, b1, b2, _z, _w in ours:
            if a1 <= b2 and b1 <= a2:  # overlapping or touching: no safe way to keep both
                return None
    edits = sorted(
        [(i1, i2, original[j1:j2]) for _t, i1, i2, j1, j2 in theirs]
        + [(i1, i2, new[j1:j2]) for _t, i1, i2, j1, j2 in ours],
        reverse=True,
    )
    text = base
    for i1, i2, replacement in edits:
        text = text[:i1] + replacement + text[i2:]
    return text


def _split_comment(line: str) -> tuple[str, str | None]:
    match = COMMENT_TAIL.search(line)
    return (line[: match.start()], match.group(1)) if match else (line, None)


def _same_place(original: str, base: str) -> bool:
    """The file's line and ruamel's are the same line of the value: same indentation and
    the same key (or list dash) at its start."""
    a, b = _LEAD.match(strip_line_break(original)), _LEAD.match(strip_line_break(base))
    if a is None or b is None or a.group(1).rstrip() != b.group(1).rstrip():
        return False
    keys = _KEY.match(a.group(2)), _KEY.match(b.group(2))
    return (keys[0] and keys[0].group(1)) == (keys[1] and keys[1].group(1))
