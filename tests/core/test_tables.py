"""Pipe tables: cells split as GitHub splits them, columns aligned by display width."""

from __future__ import annotations

from editor.core.tables import cell_starts, display_width, format_table, split_row, table_at


def test_cells_split_at_pipes_outside_code_and_escapes() -> None:
    assert split_row("| a | `x|y` | c \\| d |") == ["a", "`x|y`", "c \\| d"]
    assert split_row("a|b") == ["a", "b"]


def test_a_table_needs_its_delimiter_row_and_ends_at_a_blank_line() -> None:
    lines = ["text", "", "|a|b|", "|-|-|", "|1|2|", "", "x | y"]
    assert table_at(lines, 4) == (2, 5) and table_at(lines, 2) == (2, 5)
    assert table_at(lines, 6) is None and table_at(["a|b", "c|d"], 0) is None


def test_alignment_colons_and_widths_are_kept() -> None:
    rows = format_table(["|L|R|C|N|", "|:-|-:|:-:|-|", "|long text|1|mid|x|"])
    assert rows == [
        "| L         |   R |  C  | N   |",
        "| :-------- | --: | :-: | --- |",
        "| long text |   1 | mid | x   |",
    ]
    assert cell_starts(rows[2]) == [2, 14, 20, 26]
    assert display_width("日本語") == 6 and display_width("e\u0301") == 1
