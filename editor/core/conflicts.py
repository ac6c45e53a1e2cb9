"""A post both sides changed, laid out for the author to settle: the front matter field
by field, the body block by block (paragraphs, lists, fences, split at blank lines).

What only one side changed since the common ancestor is taken from that side; what both
changed differently is a ``Choice`` between ours and theirs (and, in the body, both). The
merged text is built from the parts in order, byte for byte as each side wrote them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

OURS, THEIRS, BOTH = "ours", "theirs", "both"
_FENCES = ("---", "+++")
_KEY = re.compile(r"^(?:[\"']?[\w.-]+[\"']?\s*[:=])")  # a YAML `key:` or a TOML `key =` at column 0
_BLOCK_END = re.compile(r"\n[ \t\r]*\n(?:[ \t\r]*\n)*")


@dataclass
class Choice:
    """One field or block both sides changed: ``pick`` is ours, theirs or both."""

    kind: str  # "field" or "block"
    label: str
    ours: str
    theirs: str
    pick: str = OURS

    @property
    def options(self) -> tuple[str, ...]:
        return (OURS, THEIRS, BOTH) if self.kind == "block" else (OURS, THEIRS)

    def text(self) -> str:
        if self.pick == THEIRS:
            return self.theirs
        if self.pick == BOTH:
            return _ending(self.ours) + self.theirs
        return self.ours


@dataclass
class Conflict:
    """The post's parts in order: settled text, or a ``Choice``."""

    parts: list[str | Choice] = field(default_factory=list)
    body_start: int = 0  # the parts from here on are the body's blocks

    @property
    def choices(self) -> list[Choice]:
        return [part for part in self.parts if isinstance(part, Choice)]

    def merged(self) -> str:
        texts = [part.text() if isinstance(part, Choice) else part for part in self.parts]
        head, body = texts[: self.body_start], [t for t in texts[self.body_start :] if t]
        # a block that was last on its side and is followed by another here needs its blank line
        return "".join(head) + "".join(_ending(t) for t in body[:-1]) + "".join(body[-1:])


def decode(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


def compare(base: bytes | None, ours: bytes | None, theirs: bytes | None) -> Conflict:
    sides = [_split(decode(v)) for v in (base, ours, theirs)]
    (b_fence, b_fields, b_body), (o_fence, o_fields, o_body), (t_fence, t_fields, t_body) = sides
    conflict = Conflict()
    fence = o_fence or t_fence
    if fence:
        conflict.parts.append(fence[0])
        conflict.parts.extend(_fields(b_fields, o_fields, t_fields))
        conflict.parts.append(fence[1])
    conflict.body_start = len(conflict.parts)
    conflict.parts.extend(_blocks(_split_blocks(b_body), _split_blocks(o_body), _split_blocks(t_body)))
    return conflict


def _split(text: str) -> tuple[tuple[str, str] | None, dict[str, str], str]:
    """The fences (opening and closing lines), the fields (key → its lines, in order;
    ``""`` for lines before the first key) and the body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") not in _FENCES:
        return None, {}, text
    mark = lines[0].rstrip("\r\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == mark), None)
    if end is None:
        return None, {}, text
    fields: dict[str, str] = {}
    key = ""
    for line in lines[1:end]:
        if _KEY.match(line):
            key = re.split(r"\s*[:=]", line, maxsplit=1)[0].strip("\"' ")
        fields[key] = fields.get(key, "") + line
    return (lines[0], lines[end]), fields, "".join(lines[end + 1 :])


def _fields(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]) -> list[str | Choice]:
    keys = list(ours) + [k for k in theirs if k not in ours]
    parts: list[str | Choice] = []
    for key in keys:
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o == t or t == b:
            parts.append(o or "")
        elif o == b:
            parts.append(t or "")
        else:
            parts.append(Choice("field", key or "(comments)", o or "", t or ""))
    return parts


def _split_blocks(body: str) -> list[str]:
    """The body's blocks, each with the blank lines after it."""
    blocks, start = [], 0
    for match in _BLOCK_END.finditer(body):
        blocks.append(body[start : match.end()])
        start = match.end()
    if start < len(body):
        blocks.append(body[start:])
    return blocks


def _blocks(base: list[str], ours: list[str], theirs: list[str]) -> list[str | Choice]:
    """Blocks are compared without their trailing blank lines (a last paragraph gains one
    when a block is added after it)."""
    known = {b.rstrip() for b in base}
    parts: list[str | Choice] = []
    matcher = difflib.SequenceMatcher(None, [b.rstrip() for b in ours], [b.rstrip() for b in theirs], autojunk=False)
    for op, o1, o2, t1, t2 in matcher.get_opcodes():
        o, t = ours[o1:o2], theirs[t1:t2]
        if op == "equal":
            parts.extend(o)
        elif op == "replace":  # block for block, then what one side has more
            count = min(len(o), len(t))
            for mine, other in zip(o[:count], t[:count], strict=True):
                parts.extend(_settle([mine], [other], known))
            parts.extend(_settle(o[count:], t[count:], known))
        else:
            parts.extend(_settle(o, t, known))
    return parts


def _settle(o: list[str], t: list[str], known: set[str]) -> list[str | Choice]:
    """Blocks that differ: the side that changed them since the ancestor, or a choice."""
    ours_as_base, theirs_as_base = all(b.rstrip() in known for b in o), all(b.rstrip() in known for b in t)
    if ours_as_base and theirs_as_base:  # one side removed blocks the other kept
        return list(o if len(o) < len(t) else t)
    if ours_as_base:
        return list(t)
    if theirs_as_base:
        return list(o)
    return [Choice("block", _label(o or t), "".join(o), "".join(t))]


def _label(blocks: list[str]) -> str:
    first = next((line.strip() for line in "".join(blocks).splitlines() if line.strip()), "")
    return first[:60] + ("…" if len(first) > 60 else "")


def _ending(text: str) -> str:
    """``text`` ending in a blank line, so that a block put after it stays a block."""
    if not text or re.search(r"\n[ \t\r]*\n\Z", text):
        return text
    return text + ("\n" if text.endswith("\n") else "\n\n")
