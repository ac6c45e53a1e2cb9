"""Front-matter keys as sites spell them: ``Title:`` (Statiq), ``PubDate``… for ``title``, ``pubDate``.

Generators that read front matter case-insensitively (Statiq, Hugo for its own
keys) let authors capitalise keys. Every place that looks for a known field by
name finds the post's own spelling, so an edit changes that line instead of
adding a second key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def find_key(metadata: Mapping[Any, Any], name: str) -> str | None:
    """The post's own key for ``name``: the exact key if present, else the key equal to it
    ignoring case (of several, the last: the one a case-insensitive reader ends up with).
    None when the post has no such field."""
    if name in metadata:
        return name
    folded = name.casefold()
    found: str | None = None
    for key in metadata:
        if isinstance(key, str) and key.casefold() == folded:
            found = key
    return found


class FieldsView(Mapping[str, Any]):
    """Read-only front matter where ``view["title"]`` also finds ``Title``; ``own(name)``
    says which key that was."""

    def __init__(self, metadata: Mapping[Any, Any]) -> None:
        self._metadata = metadata

    def own(self, name: str) -> str:
        return find_key(self._metadata, name) or name

    def __getitem__(self, name: str) -> Any:
        key = find_key(self._metadata, name)
        if key is None:
            raise KeyError(name)
        return self._metadata[key]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and find_key(self._metadata, name) is not None

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._metadata if isinstance(k, str))  # a field has a name: not `? [a]` or `null:`

    def __len__(self) -> int:
        return sum(1 for _ in self)
