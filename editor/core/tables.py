"""GitHub-style pipe tables: finding the one around a line, and laying it out with its
columns aligned (by display width: a CJK character or an emoji takes two columns),
alignment colons kept. Nothing outside the table's lines is ever touched."""

from __future__ import annotations

import re
import unicodedata

_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def split_row(line: str) -> list[str]:
    """A row's cells, split at pipes that are neither escaped nor inside code."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells, current, ticks, i = [], [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            ticks = 0 if ticks == run else (run if ticks == 0 else ticks)
            current.append("`" * run)
            i += run
            continue
        if ch == "|" and not ticks:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current).strip())
    return cells


def is_delimiter(line: str) -> bool:
    if "-" not in line:
        return False
    cells = split_row(line)
    return bool(cells) and all(_DELIMITER_CELL.match(c) for c in cells)


def table_at(lines: list[str], index: int) -> tuple[int, int] | None:
    """The table holding ``lines[index]``, as ``(first, end)`` line indexes, or None."""
    if not (0 <= index < len(lines)) or "|" not in lines[index]:
        return None
    first = index
    while first > 0 and "|" in lines[first - 1] and lines[first - 1].strip():
        first -= 1
    end = index + 1
    while end < len(lines) and "|" in lines[end] and lines[end].strip():
        end += 1
    for head in range(first, end - 1):  # the header is the line above the delimiter row
        if is_delimiter(lines[head + 1]) and not is_delimiter(lines[head]):
            if head <= index:
                return head, end
            return None
    return None


def _alignment(cell: str) -> str:
    cell = cell.strip()
    left, right = cell.startswith(":"), cell.endswith(":")
    return "center" if left and right else "right" if right else "left" if left else ""


def _pad(text: str, width: int, align: str) -> str:
    room = width - display_width(text)
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def format_table(lines: list[str]) -> list[str]:
    """``lines`` (a header, a delimiter row, the body rows) with their columns aligned."""
    rows = [split_row(line) for line in lines]
    columns = max(len(r) for r in rows)
    aligns = [_alignment(c) for c in rows[1]] + [""] * (columns - len(rows[1]))
    body = [r + [""] * (columns - len(r)) for i, r in enumerate(rows) if i != 1]
    widths = [max(3, *(display_width(r[c]) for r in body)) for c in range(columns)]
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip())]

    def line(cells: list[str]) -> str:
        return indent + "| " + " | ".join(cells) + " |"

    out = [line([_pad(cell, widths[c], aligns[c]) for c, cell in enumerate(body[0])])]
    delimiter = []
    for c, width in enumerate(widths):
        align = aligns[c]
        dashes = width - (align == "center") * 2 - (align in ("left", "right"))
        left = ":" if align in ("left", "center") else ""
        right = ":" if align in ("right", "center") else ""
        delimiter.append(left + "-" * dashes + right)
    out.append(line(delimiter))
    out += [line([_pad(cell, widths[c], aligns[c]) for c, cell in enumerate(r)]) for r in body[1:]]
    return out


def new_table(rows: int, columns: int) -> list[str]:
    """An empty table of ``rows`` body rows, formatted."""
    header = [f"Column {c + 1}" for c in range(columns)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
    lines += ["|" + " |" * columns for _ in range(rows)]
    return format_table(lines)


def cell_starts(line: str) -> list[int]:
    """Where the text of each cell of a formatted row starts (after ``| ``)."""
    starts, ticks, i = [], 0, 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            run = len(line[i:]) - len(line[i:].lstrip("`"))
            ticks = 0 if ticks == run else (run if ticks == 0 else ticks)
            i += run
            continue
        if ch == "|" and not ticks and line[i + 1 :].strip():
            starts.append(min(len(line), i + 2))
        i += 1
    return starts
