"""Spelling of a post: which dictionaries it is judged by (its own language first), and
the misspelled words of its body and of its prose fields, as warnings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from editor.core import spelling
from editor.core.site import Site
from editor.core.spelling_text import body_words, line_words

LANGUAGE_KEYS = ("lang", "language", "locale", "languages", "langs", "lang_code")
PROSE_KEYS = ("title", "subtitle", "description", "excerpt", "summary", "abstract", "tldr")
SUGGESTED = 20  # words of a post whose warning names suggestions (each takes a few ms)
_LANGUAGE_PART = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]{2})?$")


def path_languages(path: Path, site_root: Path | None = None) -> list[str]:
    """A language a post's path names: ``post.fr.md``, or a folder such as ``content/fr/``
    or Docusaurus' ``i18n/fr/``."""
    suffix = path.stem.rsplit(".", 1)
    if len(suffix) == 2 and _LANGUAGE_PART.match(suffix[1]) and spelling.dictionary_for(suffix[1]):
        return [suffix[1]]
    parts = path.parent.parts
    if site_root is not None:
        try:
            parts = path.parent.resolve().relative_to(site_root.resolve()).parts
        except ValueError:
            pass
    for part in reversed(parts):
        if _LANGUAGE_PART.match(part) and spelling.dictionary_for(part):
            return [part]
    return []


def post_dictionaries(meta: Mapping[str, Any], path: Path | None, site: Site | None) -> list[str]:
    """The dictionaries a post is checked with: the languages its front matter names, else
    its path's, else the site's (``spelling_languages`` in ``.post-editor.toml``), else the
    system's. Each tag becomes the best dictionary there is for it; unknown ones are dropped."""
    lowered = {str(k).lower(): v for k, v in meta.items()}
    tags: list[str] = []
    for key in LANGUAGE_KEYS:
        tags = spelling.languages_of(lowered.get(key))
        if tags:
            break
    if not tags and path is not None:
        tags = path_languages(path, site.root if site else None)
    if not tags and site is not None:
        tags = list(site.config.spelling_languages or [])
    if not tags:
        tags = [spelling.system_language()]
    names = [spelling.dictionary_for(tag) for tag in tags]
    return list(dict.fromkeys(n for n in names if n))


def speller_for(meta: Mapping[str, Any], path: Path | None, site: Site | None) -> spelling.Speller:
    return spelling.Speller(post_dictionaries(meta, path, site), spelling.word_lists(site.root if site else None))


def prose_fields(meta: Mapping[str, Any], extra: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """``(key, text)`` of each front-matter field written as prose."""
    wanted = {*PROSE_KEYS, *extra}
    for key, value in meta.items():
        if str(key).lower() in wanted and isinstance(value, str):
            yield str(key), value


def check_spelling(
    meta: Mapping[str, Any],
    content: str,
    speller: spelling.Speller,
    add: Callable[..., None],
    body_line: Callable[[int], int],
) -> None:
    """A warning for each misspelled word of the prose fields and the body."""
    if not speller.dictionaries:
        return
    told = 0

    def warn(word: str, **where: Any) -> None:
        nonlocal told
        told += 1
        hint = ""
        if told <= SUGGESTED:
            suggestions = speller.suggestions(word, 3)
            hint = f" (did you mean {', '.join(suggestions)}?)" if suggestions else ""
        add("warning", "spelling", f"'{word}' is not in the dictionary{hint}.", **where)

    for key, text in prose_fields(meta):
        for column, word in line_words(text):
            if not speller.correct(word):
                warn(word, key=key, column=column + 1)
    for found in body_words(content):
        if not speller.correct(found.word):
            warn(found.word, line=body_line(found.line), body_line=found.line, column=found.column + 1)
