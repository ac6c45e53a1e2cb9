"""Spell checking: Hunspell dictionaries (those shipped with the program, and a system's
own), the site's and the author's word lists, and the language a post is written in.

The engine is Hunspell itself, through ``chunspell`` (wheels with the library inside for
Linux, Windows and macOS): LibreOffice's dictionaries and their affix rules (German
compounds, French elision) behave exactly as in LibreOffice, a word is checked in
microseconds and a dictionary loads in a tenth of a second. Where no wheel exists, the
pure-Python ``spylls`` reads the same dictionaries, slower.
"""

from __future__ import annotations

import locale
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from editor.core import fileio, resources
from editor.core.errors import PostError
from editor.core.fileio_write import atomic_write

SITE_WORDS = Path(".post-editor") / "words.txt"  # the site's shared list, under its root
WORDS_LIMIT = 4 * 1024 * 1024
SYSTEM_FOLDERS = (
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/local/share/hunspell",
    "/Library/Spelling",
    "~/Library/Spelling",
)
# A bare language tag's usual dictionary.
USUAL = {
    "en": "en_US",
    "fr": "fr_FR",
    "de": "de_DE",
    "es": "es_ES",
    "pt": "pt_BR",
    "it": "it_IT",
    "nl": "nl_NL",
    "ru": "ru_RU",
}
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?(?:[-_.@].*)?$")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


class Engine(Protocol):
    def spell(self, word: str) -> bool: ...

    def suggest(self, word: str) -> Iterable[str]: ...


def dictionary_folders() -> list[Path]:
    """Where dictionaries are looked for: the program's own first, then ``$DICPATH`` and
    the system's folders."""
    folders = [resources.resource_path("dictionaries")]
    folders += [Path(p) for p in os.environ.get("DICPATH", "").split(os.pathsep) if p]
    folders += [Path(p).expanduser() for p in SYSTEM_FOLDERS]
    return folders


@lru_cache(maxsize=1)
def available() -> dict[str, Path]:
    """Each dictionary found (``en_US``…) and its ``.dic`` file; the program's own win."""
    found: dict[str, Path] = {}
    for folder in dictionary_folders():
        try:
            entries = sorted(folder.glob("*.dic"))
        except OSError:
            continue
        for dic in entries:
            if dic.with_suffix(".aff").is_file() and not dic.stem.startswith("hyph"):
                found.setdefault(dic.stem, dic)
    return found


def dictionary_for(tag: str) -> str | None:
    """The dictionary for a language tag (``en``, ``en-GB``, ``pt_BR``, ``fr-CA``), or None."""
    match = _TAG.match(tag.strip())
    if not match:
        return None
    language, region = match.group(1).lower(), (match.group(2) or "").upper()
    have = available()
    if region and f"{language}_{region}" in have:
        return f"{language}_{region}"
    usual = USUAL.get(language)
    if usual in have:
        return usual
    if language in have:
        return language
    return next((name for name in sorted(have) if name.split("_")[0].lower() == language), None)


def system_language() -> str:
    """The user's language from the environment (``LANG`` and friends), ``en`` when none."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "").split(":")[0]
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value
    try:
        value = locale.getlocale()[0] or ""
    except ValueError:
        value = ""
    return value or "en"


# ---------------------------------------------------------------- engines


class _Hunspell:
    def __init__(self, dic: Path) -> None:
        import hunspell  # chunspell

        self._h = hunspell.Hunspell(dic.stem, hunspell_data_dir=str(dic.parent))

    def spell(self, word: str) -> bool:
        return bool(self._h.spell(word))

    def suggest(self, word: str) -> Iterable[str]:
        return list(self._h.suggest(word))


class _Spylls:
    def __init__(self, dic: Path) -> None:
        from spylls.hunspell import Dictionary

        self._d = Dictionary.from_files(str(dic.with_suffix("")))

    def spell(self, word: str) -> bool:
        return bool(self._d.lookup(word))

    def suggest(self, word: str) -> Iterable[str]:
        return [str(s) for s in self._d.suggest(word)]


def engine_name() -> str:
    """``hunspell`` (the library itself), or ``spylls`` where it is missing or where
    ``$POST_EDITOR_SPELLER`` asks for it."""
    if os.environ.get("POST_EDITOR_SPELLER") == "spylls":
        return "spylls"
    try:
        import hunspell  # noqa: F401 - chunspell
    except ImportError:
        return "spylls"
    return "hunspell"


_LOADED: dict[tuple[str, str], Engine] = {}
_LOADING = threading.Lock()


def load(name: str) -> Engine:
    """Dictionary ``name`` (``en_US``), loaded once per process. Raises ``KeyError`` when
    there is no such dictionary and ``OSError`` when it cannot be read."""
    kind = engine_name()
    with _LOADING:
        engine = _LOADED.get((kind, name))
        if engine is None:
            dic = available()[name]
            engine = _Hunspell(dic) if kind == "hunspell" else _Spylls(dic)
            _LOADED[(kind, name)] = engine
        return engine


def is_loaded(name: str) -> bool:
    return (engine_name(), name) in _LOADED


# ---------------------------------------------------------------- word lists


def personal_words_path() -> Path:
    """The author's own word list, in the user's data folder (``$POST_EDITOR_WORDS`` names
    another file)."""
    chosen = os.environ.get("POST_EDITOR_WORDS")
    if chosen:
        return Path(chosen)
    from platformdirs import user_data_path

    return user_data_path("post-editor", appauthor=False) / "words.txt"


def read_words(path: Path) -> set[str]:
    """The words of a list (one a line; ``#`` starts a comment); empty when there is none.
    A list unchanged on disk is read once (checking a site asks for it for every post)."""
    try:
        st = path.stat()
    except OSError:
        return set()
    key = (str(path), st.st_mtime_ns, st.st_size)
    known = _READ.get(key)
    if known is None:
        try:
            data = fileio.read_file_bytes(path, WORDS_LIMIT)
        except (OSError, PostError):
            return set()
        text = data.decode("utf-8-sig", errors="replace")
        known = frozenset(w for w in (line.split("#", 1)[0].strip() for line in text.splitlines()) if w)
        if len(_READ) > 64:
            _READ.clear()
        _READ[key] = known
    return set(known)


_READ: dict[tuple[str, int, int], frozenset[str]] = {}


def add_word(path: Path, word: str) -> None:
    """Add ``word`` to the list at ``path``: one line, the list kept sorted and UTF-8,
    written atomically (comments and the other lines kept)."""
    word = word.strip()
    if not word or any(ch.isspace() for ch in word):
        raise ValueError(f"'{word}' is not one word")
    try:
        lines = fileio.read_file_bytes(path, WORDS_LIMIT).decode("utf-8-sig").splitlines()
    except FileNotFoundError:
        lines = []
    words = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if word in (w.strip() for w in words):
        return
    comments = [line for line in lines if line.lstrip().startswith("#")]
    ordered = sorted({*(w.strip() for w in words), word}, key=lambda w: (w.casefold(), w))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, ("\n".join([*comments, *ordered]) + "\n").encode("utf-8"))


# ---------------------------------------------------------------- checking


_SUGGESTED: dict[tuple[str, int, tuple[str, ...]], tuple[str, ...]] = {}


@dataclass
class Speller:
    """Judges words for one post: correct when any of its dictionaries, the site's list,
    the author's list or the post's ignored words accepts them. Results are cached."""

    dictionaries: list[str]
    words: set[str] = field(default_factory=set)
    ignored: set[str] = field(default_factory=set)
    version: int = 0  # counts the times its verdicts changed (see ``forget``)
    _cache: dict[str, bool] = field(default_factory=dict, repr=False)

    def ready(self) -> bool:
        return all(is_loaded(name) for name in self.dictionaries)

    def engines(self) -> list[Engine]:
        return [load(name) for name in self.dictionaries]

    def correct(self, word: str) -> bool:
        known = self._cache.get(word)
        if known is None:
            known = self._judge(word)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = known
        return known

    def _judge(self, word: str) -> bool:
        plain = word.translate(APOSTROPHES)
        for form in (word, plain.removesuffix("'s")):  # a listed name's possessive too
            if form in self.words or form in self.ignored or form.lower() in self.words:
                return True
        engines = self.engines()
        return not engines or any(e.spell(plain) for e in engines)

    def suggestions(self, word: str, most: int = 5) -> list[str]:
        """Up to ``most`` corrections, the first dictionary's first (remembered per word:
        Hunspell takes up to a fifth of a second for one)."""
        key = (word, most, tuple(self.dictionaries))
        known = _SUGGESTED.get(key)
        if known is not None:
            return list(known)
        plain = word.translate(APOSTROPHES)
        out: list[str] = []
        for engine in self.engines():
            for suggestion in engine.suggest(plain):
                shown = suggestion.replace("'", "’") if "’" in word else suggestion
                if shown not in out and len(out) < most:
                    out.append(shown)
        if len(_SUGGESTED) > 2000:
            _SUGGESTED.clear()
        _SUGGESTED[key] = tuple(out)
        return out

    def forget(self) -> None:
        """The word lists or the dictionaries changed: judge every word again."""
        self._cache.clear()
        self.version += 1


def word_lists(site_root: Path | None) -> set[str]:
    """The site's and the author's words together."""
    words = read_words(personal_words_path())
    if site_root is not None:
        words |= read_words(site_root / SITE_WORDS)
    return words


def languages_of(value: Any) -> list[str]:
    """Language tags from a front-matter value (``en``, ``[en, fr]``, ``"en, fr"``)."""
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[,\s]+", value) if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip()]
    return []
