"""Fuzzing the front-matter round trip: generated and mutated YAML, TOML and JSON posts.

For every post that opens:

* opening and writing it back without edits gives the same bytes;
* setting one key (to any value the form can produce) and reading the result
  back gives that value, and every other key keeps its value;
* deleting one key leaves every other key's value as it was.

Anything that goes wrong on the way must be a ``PostError`` with a message, never
another exception. Hypothesis runs derandomized (the same examples on every run)
and with a bounded number of examples, so this is part of the normal suite.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import TaggedScalar
from ruamel.yaml.scalarbool import ScalarBoolean

from editor.core.errors import PostError
from editor.core.post import Post

FUZZ = settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# --------------------------------------------------------------------------- values

# Text a person types: letters of several scripts, punctuation YAML cares about,
# quotes, tabs, emoji. Line ends and separators come separately, on purpose.
WORD_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\x85\u2028\u2029\ufeff\x7f",
)
words = st.text(WORD_CHARS, max_size=12)
texts = st.one_of(
    words,
    st.lists(
        st.sampled_from(["a", "b c", "é", "日本", "🙂", ": ", " #", "'", '"', "\t", "\\", "-", "[", "{"]), max_size=5
    ).map("".join),
    st.lists(st.sampled_from(["x", " y", "\n", "\r\n", "\r", "\t", "\u2028", "\x85", "  "]), max_size=5).map("".join),
)
keys = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True),
    st.sampled_from(["title", "Title", "date", "tags", "draft", "título", "名前", "lastmod", "TITLE"]),
)
aware = dt.timezone(dt.timedelta(hours=-7))
datetimes = st.one_of(
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=aware)
    ),
)
form_values: st.SearchStrategy[Any] = st.one_of(
    texts,
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda f: f == f),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    datetimes,
    st.lists(texts, max_size=4),
    st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), st.one_of(words, st.integers(0, 99)), max_size=3),
    st.none(),
)


def plain(value: Any) -> Any:
    """A value as a reader sees it, without the round-trip wrappers."""
    if isinstance(value, TaggedScalar):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool | ScalarBoolean):  # ruamel reads an anchored `&a true` as a ScalarBoolean
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(
            value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond, value.tzinfo
        )
    return value


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-6)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def expected(fmt: str, value: Any) -> Any:
    """What reading back ``value`` gives in ``fmt``."""
    if fmt == "json":
        return json.loads(json.dumps(value, default=lambda d: d.isoformat()))
    if fmt == "toml" and isinstance(value, dict):
        return {k: v for k, v in value.items() if v is not None}
    if isinstance(value, float):
        return float(value)
    return value


# --------------------------------------------------------------------------- YAML posts

plain_words = st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,8}[A-Za-z0-9]", fullmatch=True)


def single_quoted(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


yaml_scalars = st.one_of(
    plain_words,
    words.filter(lambda s: "\t" not in s).map(single_quoted),
    texts.map(lambda s: json.dumps(s, ensure_ascii=False)),  # JSON strings are YAML double-quoted scalars
    st.sampled_from(['"Line one\rline two"', "'a\rb'", '"a\r\n  b"', "'it''s'", '"tab\there"']),
    st.integers(-1000, 10**6).map(str),
    st.sampled_from(["true", "false", "null", "~", "", "1.5", "-0.25", "0x1F", "1e3"]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)).map(str),
    st.sampled_from(["2021-02-30", "2020-13-08T00:06:56-07:00", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05 +02:00"]),
    plain_words.map(lambda s: f"!foo {s}"),
    words.filter(lambda s: "\t" not in s).map(lambda s: f"!!str {single_quoted(s)}"),
    words.filter(lambda s: "\t" not in s).map(lambda s: f"! {single_quoted(s)}"),
)
yaml_blocks = st.one_of(
    st.lists(plain_words, min_size=1, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.lists(plain_words, min_size=1, max_size=3).map(lambda xs: "".join(f"\n  - {x}" for x in xs)),
    st.lists(plain_words, min_size=1, max_size=3).map(lambda xs: "".join(f"\n- {x}\t" for x in xs)),
    st.lists(plain_words, min_size=1, max_size=3).map(lambda xs: "|" + "".join(f"\n  {x}" for x in xs)),
    st.lists(plain_words, min_size=1, max_size=3).map(lambda xs: "|+" + "".join(f"\n  {x}" for x in xs) + "\n"),
    st.lists(plain_words, min_size=1, max_size=3).map(lambda xs: ">-" + "".join(f"\n  {x}" for x in xs)),
    st.dictionaries(st.from_regex(r"[a-z]{1,5}", fullmatch=True), plain_words, min_size=1, max_size=2).map(
        lambda d: "".join(f"\n  {k}: {v}" for k, v in d.items())
    ),
    st.just("!foo [a, b]"),
)
decorations = st.sampled_from(["", "", "", "\t", " \t ", "  # note", "\t# note", " "])
between = st.sampled_from(["", "", "", "\n", "# comment\n", "\n# comment\n\n"])


@st.composite
def yaml_posts(draw: st.DrawFn) -> str:
    entries = draw(st.lists(st.tuples(keys, st.one_of(yaml_scalars, yaml_blocks)), min_size=1, max_size=6))
    if draw(st.booleans()) and len(entries) > 1:
        entries.append((entries[0][0], draw(yaml_scalars)))  # a key written twice (the last one counts)
    shape = draw(st.sampled_from(["block", "block", "block", "indented", "flow"]))
    if shape == "flow":  # a one-line {a: 1, b: 2} front matter
        flow = [(k, v) for k, v in entries if "\n" not in v and not v.startswith(("|", ">", "!"))]
        return "---\n{" + ", ".join(f"{k}: {v}" for k, v in flow) + "}\n---\n"
    lines = [draw(st.sampled_from(["", "", "# leading comment\n", "\n"]))]
    for n, (key, value) in enumerate(entries):
        deco = draw(decorations) if "\n" not in value and not value.startswith(("|", ">")) else ""
        if value and not value.startswith(("!", "|", ">", "\n")) and draw(st.integers(0, 5)) == 0:
            value = f"&anchor{n} {value}"  # an anchor no alias uses
        sep = " " if value else ""
        lines.append(f"{key}:{sep}{value}{deco}\n{draw(between)}")
    text = "".join(lines)
    if shape == "indented":  # a top-level mapping indented as a whole
        text = "".join("  " + line if line.strip() else line for line in text.splitlines(True))
    return "---\n" + text + draw(st.sampled_from(["---\n", "---\n", "...\n"]))


# --------------------------------------------------------------------------- TOML posts

toml_values = st.one_of(
    texts.map(lambda s: json.dumps(s, ensure_ascii=False)),  # a TOML basic string (mostly: JSON escapes are TOML's)
    plain_words.map(lambda s: f"'{s}'"),
    st.sampled_from(['"""one\ntwo"""', '"""a\r\nb"""', "'''lit\\eral'''", "'it'"]),
    st.integers(-1000, 10**6).map(str),
    st.sampled_from(["true", "false", "1.5", "-0.25", "1979-05-27", "1979-05-27T07:32:00Z", "07:32:00"]),
    st.lists(plain_words, max_size=3).map(lambda xs: "[" + ", ".join(json.dumps(x) for x in xs) + "]"),
    st.just('{ name = "Ada", n = 1 }'),
    st.just('["a",\n  "b",\n]'),
)


@st.composite
def toml_posts(draw: st.DrawFn) -> str:
    names = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    lines = []
    for name in names:
        key = name if name.isascii() else json.dumps(name, ensure_ascii=False)
        deco = draw(st.sampled_from(["", "", "  # note", "\t"]))
        lines.append(f"{key} = {draw(toml_values)}{deco}\n{draw(st.sampled_from(['', '', chr(10), '# c' + chr(10)]))}")
    if draw(st.integers(0, 3)) == 0:
        lines.append(f"site.name = {draw(toml_values)}\nsite.year = 2024\n")  # dotted keys
    if draw(st.booleans()):
        lines.append(f"\n[params]\nauthor = {draw(toml_values)}\n")
        if draw(st.booleans()):
            lines.append("\n[params.social]\nmastodon = '@a@b'\n")
    if draw(st.booleans()):
        lines.append('\n[[links]]\nurl = "a"\n\n[[links]]\nurl = "b"\n')
    return "+++\n" + "".join(lines) + "+++\n"


# --------------------------------------------------------------------------- JSON posts


@st.composite
def json_posts(draw: st.DrawFn) -> str:
    members = draw(
        st.lists(
            st.tuples(
                keys,
                st.one_of(
                    texts,
                    st.integers(),
                    st.booleans(),
                    st.none(),
                    st.lists(words, max_size=3),
                    st.dictionaries(st.from_regex(r"[a-z]{1,4}", fullmatch=True), words, max_size=2),
                ),
            ),
            max_size=5,
        )
    )
    if draw(st.booleans()) and members:
        members.append((members[0][0], draw(words)))  # a key written twice
    indent = draw(st.sampled_from(["", "  ", "\t"]))
    if not indent:
        inside = ", ".join(
            f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in members
        )
        return "{" + inside + "}\n"
    body = ",\n".join(
        f"{indent}{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in members
    )
    return "{\n" + body + "\n}\n"


# --------------------------------------------------------------------------- whole posts

bodies = st.sampled_from(["", "Body\n", "\nBody text.\n\n---\n\nMore.\n", "No newline at the end", "Ünïcödé 🙂\n"])
newlines = st.sampled_from(["\n", "\n", "\r\n", "\r"])
front_matters = st.one_of(yaml_posts(), toml_posts(), json_posts())
MUTATIONS = ["\r", "\t", "\r\n", "'", '"', ":", " ", "#", "[", "{", "\u2028", "\x85", "é", "\n", "- ", "!"]


@st.composite
def posts(draw: st.DrawFn) -> bytes:
    newline = draw(newlines)
    text = draw(front_matters).replace("\n", newline) + draw(bodies).replace("\n", newline)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(MUTATIONS)) + text[at:]
        else:
            text = text[:at] + text[at + 1 :]
    return text.encode("utf-8")


def open_or_none(data: bytes) -> Post | None:
    try:
        return Post.loads(data)
    except PostError:
        return None


def snapshot(post: Post) -> dict[Any, Any]:
    return {k: plain(v) for k, v in post.metadata.items()}


def editable(key: Any) -> bool:
    """Keys a form can name. A tagged key (`!t key:`) or a complex key (`{}:`, `? [a]`)
    is a new object each time the file is read: it stays as written, never edited."""
    return isinstance(key, str | int) and not isinstance(key, TaggedScalar)


# --------------------------------------------------------------------------- properties


@FUZZ
@given(data=posts())
def test_opening_and_saving_without_edits_is_byte_identical(data: bytes) -> None:
    post = open_or_none(data)
    if post is None:
        return
    assert post.to_bytes() == data
    post.duplicate_keys, post.invalid_dates  # noqa: B018 - must not raise


@FUZZ
@given(data=posts(), choice=st.data())
def test_setting_one_key_changes_that_key_only(data: bytes, choice: st.DataObject) -> None:
    post = open_or_none(data)
    if post is None:
        return
    before = snapshot(post)
    body = post.content
    fmt = post.format or "yaml"
    names = sorted((k for k in before if editable(k)), key=str)
    key = choice.draw(st.sampled_from(names) if names and choice.draw(st.booleans()) else keys)
    value = choice.draw(form_values)
    post.metadata[key] = value
    out = post.to_bytes()
    reread = Post.loads(out)
    assert reread.content == body
    if fmt == "toml" and value is None:
        assert key not in reread.metadata
    else:
        assert same(plain(reread.metadata[key]), expected(fmt, value)), (key, value, out)
    for other, old in before.items():
        if other != key:
            assert same(plain(reread.metadata[other]), old), (other, old, out)
    assert set(reread.metadata) - {key} == set(before) - {key}


@FUZZ
@given(data=posts(), choice=st.data())
def test_deleting_one_key_leaves_the_others(data: bytes, choice: st.DataObject) -> None:
    post = open_or_none(data)
    if post is None or not any(editable(k) for k in post.metadata):
        return
    before = snapshot(post)
    body = post.content
    key = choice.draw(st.sampled_from(sorted((k for k in before if editable(k)), key=str)))
    del post.metadata[key]
    reread = Post.loads(post.to_bytes())
    assert key not in reread.metadata
    assert reread.content == body
    assert set(reread.metadata) == set(before) - {key}
    for other, old in before.items():
        if other != key:
            assert same(plain(reread.metadata[other]), old), (other, old)


@FUZZ
@given(data=posts())
def test_reading_to_check_sees_what_opening_sees(data: bytes) -> None:
    """``Post.peek`` (the quick reader a site check uses) gives the same values, the same
    warnings and the same checks as ``Post.load``, or the same refusal."""
    from editor.core.checks import check_post

    full = open_or_none(data)
    try:
        quick = Post.peeks(data)
    except PostError:
        assert full is None
        return
    assert full is not None
    assert same(snapshot(quick), snapshot(full))
    assert quick.to_bytes() == data
    assert (quick.duplicate_keys, quick.invalid_dates) == (full.duplicate_keys, full.invalid_dates)
    assert check_post(quick) == check_post(full)
