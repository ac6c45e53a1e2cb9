"""Laying out a post both sides changed: fields and blocks one side changed are taken from
it, those both changed are choices, and the merged text is each side's own bytes."""

from __future__ import annotations

import pytest

from editor.core.conflicts import BOTH, THEIRS, compare, decode
from tests.shared_data import SKIP_NO_SHARED, corpus_posts

BASE = b"---\ntitle: First\ndate: 2024-05-01\ntags:\n  - a\n---\nPara one.\n\nPara two.\n"
OURS = b"---\ntitle: Ann's\ndate: 2024-05-01\ntags:\n  - a\n  - b\n---\nPara one.\n\nPara two by Ann.\n"
THEIRS_TEXT = b"---\ntitle: Bob's\ndate: 2025-01-01\ntags:\n  - a\n---\nPara one by Bob.\n\nPara two by Bob.\n\nEnd.\n"


def test_what_one_side_changed_is_taken_and_what_both_changed_is_a_choice() -> None:
    conflict = compare(BASE, OURS, THEIRS_TEXT)
    assert [(c.kind, c.label, c.ours, c.theirs) for c in conflict.choices] == [
        ("field", "title", "title: Ann's\n", "title: Bob's\n"),
        ("block", "Para two by Ann.", "Para two by Ann.\n", "Para two by Bob.\n\n"),
    ]
    assert conflict.merged() == (
        "---\ntitle: Ann's\ndate: 2025-01-01\ntags:\n  - a\n  - b\n---\nPara one by Bob.\n\nPara two by Ann.\n\nEnd.\n"
    )
    title, block = conflict.choices
    title.pick, block.pick = THEIRS, BOTH
    assert conflict.merged().startswith("---\ntitle: Bob's\n")
    assert "Para two by Ann.\n\nPara two by Bob.\n\nEnd.\n" in conflict.merged()


def test_removed_on_one_side_and_kept_on_the_other_stays_removed() -> None:
    ours = b"---\ntitle: A\n---\nOne.\n\nTwo.\n\nThree.\n"
    theirs = b"---\ntitle: A\n---\nOne.\n\nThree.\n"
    assert compare(ours, ours, theirs).merged() == theirs.decode()
    assert compare(ours, theirs, ours).merged() == theirs.decode()


def test_toml_front_matter_and_a_post_without_any() -> None:
    base, ours, theirs = (f'+++\ntitle = "{t}"\n+++\nBody.\n'.encode() for t in ("A", "B", "C"))
    (choice,) = compare(base, ours, theirs).choices
    assert (choice.label, choice.ours, choice.theirs) == ("title", 'title = "B"\n', 'title = "C"\n')
    assert compare(b"x\n", b"y\n", b"z\n").choices[0].kind == "block"


@pytest.mark.skipif(not corpus_posts(), reason=SKIP_NO_SHARED)
def test_every_corpus_post_compared_with_itself_comes_back_byte_exact() -> None:
    for path in corpus_posts():
        data = path.read_bytes()
        conflict = compare(data, data, data)
        assert conflict.choices == [] and conflict.merged() == decode(data), path


def body(*blocks: str) -> bytes:
    return ("---\ntitle: A\n---\n" + "\n\n".join(blocks) + "\n").encode()


def test_a_block_both_sides_kept_is_never_dropped() -> None:
    # ours edits P; theirs removes P and edits Q: Q' stays, P' is the choice (keep or remove)
    conflict = compare(body("P", "Q"), body("P mine", "Q"), body("Q theirs"))
    (choice,) = conflict.choices
    assert (choice.ours, choice.theirs) == ("P mine\n\n", "")
    assert conflict.merged() == body("P mine", "Q theirs").decode()
    choice.pick = THEIRS
    assert conflict.merged() == body("Q theirs").decode()


def test_blocks_added_at_the_same_place_are_a_choice_and_elsewhere_both_stay() -> None:
    conflict = compare(body("P", "Q"), body("P", "Q", "R"), body("P", "Q", "S"))
    assert [(c.ours, c.theirs) for c in conflict.choices] == [("R\n", "S\n")]
    conflict.choices[0].pick = BOTH
    assert conflict.merged() == body("P", "Q", "R", "S").decode()
    assert (
        compare(body("P", "Q"), body("X", "P", "Q"), body("P", "Q", "Z")).merged() == body("X", "P", "Q", "Z").decode()
    )


def test_toml_tables_keep_their_keys_and_a_key_added_by_one_side_goes_where_it_was_added() -> None:
    base = b'+++\ntitle = "A"\n[taxonomies]\ntags = ["x"]\n+++\nBody.\n'
    theirs = b'+++\ntitle = "A"\ndescription = "D"\n[taxonomies]\ntags = ["x"]\n+++\nBody.\n'
    ours = b'+++\ntitle = "B"\n[taxonomies]\ntags = ["x", "y"]\n+++\nBody.\n'
    conflict = compare(base, ours, theirs)
    assert conflict.choices == []
    assert conflict.merged() == '+++\ntitle = "B"\ndescription = "D"\n[taxonomies]\ntags = ["x", "y"]\n+++\nBody.\n'
