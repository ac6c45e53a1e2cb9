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
        if mark == "+++" and line.startswith("["):  # a TOML table: it and its keys are one part
            key = line.strip()
        elif _KEY.match(line) and not key.startswith("["):
            key = re.split(r"\s*[:=]", line, maxsplit=1)[0].strip("\"' ")
        fields[key] = fields.get(key, "") + line
    return (lines[0], lines[end]), fields, "".join(lines[end + 1 :])


def _order(ours: list[str], theirs: list[str]) -> list[str]:
    """Our keys in our order, each key only theirs has placed after the key before it in theirs."""
    keys = list(ours)
    for index, key in enumerate(theirs):
        if key not in keys:
            before = next((k for k in reversed(theirs[:index]) if k in keys), None)
            keys.insert(keys.index(before) + 1 if before is not None else 0, key)
    tables = [k for k in keys if k.startswith("[")]  # TOML: the tables stay after the plain keys
    return [k for k in keys if not k.startswith("[")] + tables


def _fields(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]) -> list[str | Choice]:
    keys = _order(list(ours), list(theirs))
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


Hunk = tuple[int, int, int, int]  # the ancestor's blocks [b1, b2) became a side's [s1, s2)


def _hunks(base: list[str], side: list[str]) -> list[Hunk]:
    """Where ``side`` differs from ``base``, a replaced stretch split block for block (so an
    edit of one paragraph meets only the other side's edits of the same one). Blocks compare
    without their trailing blank lines: a last paragraph gains one when a block follows."""
    matcher = difflib.SequenceMatcher(None, [b.rstrip() for b in base], [b.rstrip() for b in side], autojunk=False)
    hunks: list[Hunk] = []
    for op, b1, b2, s1, s2 in matcher.get_opcodes():
        if op == "replace":
            hunks.extend(_pair(base, side, b1, b2, s1, s2))
        elif op != "equal":
            hunks.append((b1, b2, s1, s2))
    return [h for h in hunks if h[0] != h[1] or h[2] != h[3]]


def _pair(base: list[str], side: list[str], b1: int, b2: int, s1: int, s2: int) -> list[Hunk]:
    """A replaced stretch as block-for-block edits, the blocks paired where they are most
    alike; what is left over on the longer side is removed or inserted around them."""
    count = min(b2 - b1, s2 - s1)
    spare = max(b2 - b1, s2 - s1) - count

    def likeness(offset: int) -> float:
        pairs = [
            (base[b1 + offset + i], side[s1 + i]) if b2 - b1 > s2 - s1 else (base[b1 + i], side[s1 + offset + i])
            for i in range(count)
        ]
        return sum(difflib.SequenceMatcher(None, a, b).quick_ratio() for a, b in pairs)

    offset = max(range(spare + 1), key=likeness) if spare and count else 0
    db, ds = (offset, 0) if b2 - b1 > s2 - s1 else (0, offset)
    hunks: list[Hunk] = [(b1, b1 + db, s1, s1 + ds)]  # what comes before the pairs
    hunks += [(b1 + db + i, b1 + db + i + 1, s1 + ds + i, s1 + ds + i + 1) for i in range(count)]
    hunks.append((b1 + db + count, b2, s1 + ds + count, s2))  # and after them
    return hunks


def _blocks(base: list[str], ours: list[str], theirs: list[str]) -> list[str | Choice]:
    """A three-way merge of the blocks: where only one side changed a stretch of the
    ancestor, that side's blocks; where both changed it differently, a choice."""
    mine, others = _hunks(base, ours), _hunks(base, theirs)
    tagged = sorted([(h, 0) for h in mine] + [(h, 1) for h in others], key=lambda item: (item[0][0], item[0][1]))
    parts: list[str | Choice] = []
    at, index, after_insertion = 0, 0, False  # the ancestor's blocks before ``at`` are done
    while index < len(tagged):
        low, high = tagged[index][0][0], tagged[index][0][1]
        group = {tagged[index][1]}
        index += 1
        while index < len(tagged) and (tagged[index][0][0] < high or tagged[index][0][0] == high == low):
            high = max(high, tagged[index][0][1])
            group.add(tagged[index][1])
            index += 1
        parts.extend(ours[_map(mine, at, after_insertion) : _map(mine, low)])  # unchanged on both sides
        inserted = low == high  # the stretch is an insertion: it takes the insertions at its end
        o = ours[_map(mine, low) : _map(mine, high, inserted)]
        t = theirs[_map(others, low) : _map(others, high, inserted)]
        if group == {0} or [x.rstrip() for x in o] == [x.rstrip() for x in t]:
            parts.extend(o)
        elif group == {1}:
            parts.extend(t)
        else:
            parts.append(Choice("block", _label(o or t), "".join(o), "".join(t)))
        at, after_insertion = high, inserted
    parts.extend(ours[_map(mine, at, after_insertion) :])
    return parts


def _map(hunks: list[Hunk], position: int, insertions: bool = False) -> int:
    """The side's index for the ancestor's ``position``; blocks the side inserted right
    there count as before it only with ``insertions``."""
    shift = 0
    for b1, b2, s1, s2 in hunks:
        if b1 == b2 == position:
            if insertions:
                shift = s2 - b2
        elif b2 <= position:
            shift = s2 - b2
        elif b1 < position:
            return s1  # inside a hunk (a stretch's edge never is)
    return position + shift


def _label(blocks: list[str]) -> str:
    first = next((line.strip() for line in "".join(blocks).splitlines() if line.strip()), "")
    return first[:60] + ("…" if len(first) > 60 else "")


def _ending(text: str) -> str:
    """``text`` ending in a blank line, so that a block put after it stays a block."""
    if not text or re.search(r"\n[ \t\r]*\n\Z", text):
        return text
    return text + ("\n" if text.endswith("\n") else "\n\n")
