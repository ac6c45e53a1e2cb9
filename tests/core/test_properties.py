"""Property-based checks: generated front matter survives load, edit and save."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.formats import BY_NAME
from editor.core.post import Post

keys = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85\ufeff"),
    max_size=40,
)
scalars = st.one_of(
    text,
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2100, 1, 1)),
)
values = st.one_of(scalars, st.lists(text, max_size=4))
front_matters = st.dictionaries(keys, values, min_size=1, max_size=6)
bodies = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    max_size=200,
)
FORMATS = st.sampled_from(["yaml", "toml", "json"])


def build(fmt: str, metadata: dict[str, object], body: str) -> str:
    handler = BY_NAME[fmt]
    fm = handler.export(metadata)
    if fmt == "json":
        return fm + "\n" + body
    fence = handler.START_DELIMITER
    return f"{fence}\n{fm}{fence}\n{body}"


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(fmt=FORMATS, metadata=front_matters, body=bodies)
def test_generated_posts_round_trip(fmt: str, metadata: dict[str, object], body: str) -> None:
    if fmt == "json":
        metadata = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in metadata.items()}
    text = build(fmt, metadata, body)
    data = text.encode("utf-8")
    post = Post.loads(data)
    assert post.to_bytes() == data
    assert dict(post.metadata) == metadata or fmt == "toml"


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(fmt=FORMATS, metadata=front_matters, body=bodies, data=st.data())
def test_one_key_edit_leaves_other_keys_and_body(
    fmt: str, metadata: dict[str, object], body: str, data: st.DataObject
) -> None:
    if fmt == "json":
        metadata = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in metadata.items()}
    post = Post.loads(build(fmt, metadata, body).encode())
    key = data.draw(st.sampled_from(sorted(metadata)))
    new = data.draw(text)
    post.metadata[key] = new
    reread = Post.loads(post.to_bytes())
    assert reread.content == post.content
    assert list(reread.metadata) == list(metadata)
    for other, value in metadata.items():
        expected = new if other == key else value
        got = reread.metadata[other]
        assert (got.unwrap() if hasattr(got, "unwrap") else got) == expected
