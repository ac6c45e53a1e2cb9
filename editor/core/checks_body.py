"""Body checks for ``editor.core.checks``: links, images, alt text, headings, mojibake.

Each ``check_*`` function reports through the ``add`` callback that
``check_post`` passes in, so problems keep the order and the line numbers
``check_post`` gives them. ``looks_like_mojibake`` and ``repair_mojibake`` share the
ftfy configuration that repairs only mis-decoded text.

Everything here is plain Python: no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import ftfy

from editor.core.outline import body_lines, headings
from editor.core.post import Post
from editor.core.post_links import cross_links, resolves
from editor.core.site import AssetResolver, Site

ERROR = "error"
WARNING = "warning"

MAX_MOJIBAKE_LINES = 3

# Only the repairs of wrongly decoded text: no quote uncurling, no ligature or
# width folding, no Unicode normalisation, no HTML unescaping, line breaks kept.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


class Add(Protocol):
    """The ``add`` callback of ``check_post``: records one problem."""

    def __call__(self, severity: str, code: str, message: str, key: str | None = None, **kw: Any) -> None: ...


_STRAYS = re.compile("([\udc80-\udcff]+)")  # bytes kept from a mostly-UTF-8 file (see fileio)


def looks_like_mojibake(text: str) -> bool:
    """True when ``text`` holds characters ftfy would repair as mis-decoded text."""
    if text.isascii():
        return False
    return repair_mojibake(text) != text


def repair_mojibake(text: str) -> str:
    """``text`` repaired; a stray byte kept from the file is not text and stays as it is
    (the file's encoding warning is about those)."""
    if text.isascii():
        return text
    if not _STRAYS.search(text):
        return str(ftfy.fix_text(text, _FTFY))
    pieces = _STRAYS.split(text)
    return "".join(piece if i % 2 else str(ftfy.fix_text(piece, _FTFY)) for i, piece in enumerate(pieces))


def _sample(text: str) -> str:
    """A short 'was -> will be' sample of the first damaged spot."""
    fixed = repair_mojibake(text)
    start = 0
    while start < min(len(text), len(fixed)) and text[start] == fixed[start]:
        start += 1
    end_t, end_f = len(text), len(fixed)
    while end_t > start and end_f > start and text[end_t - 1] == fixed[end_f - 1]:
        end_t -= 1
        end_f -= 1
    was, now = text[start:end_t][:20], fixed[start:end_f][:20]
    return f"“{was}” should be “{now}”"


_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_HTML_TAG = re.compile(r"<(img|a|source|video|audio|iframe)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""\b([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


@dataclass(frozen=True)
class _Ref:
    target: str
    image: bool
    alt: str | None  # None: not an image, or an HTML image without an alt attribute
    body_line: int


def _refs(content: str) -> Iterator[_Ref]:
    for index, line, in_code in body_lines(content):
        if in_code:
            continue
        text = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        for match in _MD_LINK.finditer(text):
            target = match.group(3).strip("<>")
            image = match.group(1) == "!"
            yield _Ref(target, image, match.group(2) if image else None, index)
        ref = _REF_DEF.match(text)
        if ref:
            yield _Ref(ref.group(1).strip("<>"), False, None, index)
        for tag in _HTML_TAG.finditer(text):
            name = tag.group(1).lower()
            attrs = {
                m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(tag.group(2))
            }
            if name == "img":
                yield _Ref(attrs.get("src", ""), True, attrs.get("alt"), index)
            elif name in ("source", "video", "audio") and "src" in attrs:
                yield _Ref(attrs["src"], name != "audio", "", index)
            elif name == "a" and "href" in attrs:
                yield _Ref(attrs["href"], False, None, index)


def _skip_target(target: str, image: bool) -> bool:
    """Targets the checks leave alone: remote, anchors, other schemes, templates, links to other posts."""
    if not target or target.startswith(("#", "//", "?")) or "{{" in target or "{%" in target:
        return True
    if urlsplit(target).scheme and len(urlsplit(target).scheme) > 1:
        return True  # http, https, mailto, tel, data ...
    if image:
        return False
    path = urlsplit(target).path
    return not path or path.endswith("/") or not Path(path).suffix


def resolver_for(post: Post, site: Site | None) -> AssetResolver | None:
    if post.path is None:
        return None
    if site is not None:
        return site.resolver_for(post.path)
    return AssetResolver.for_post(post.path)


# --------------------------------------------------------------------------- the checks


def check_cross_links(
    content: str, site: Site | None, source: Path | None, add: Add, file_line: Callable[[int], int]
) -> None:
    """A link to another post (Hugo ``relref``, Jekyll ``post_url`` or ``link``) that names
    no post is an error: the site's build would fail on it."""
    if site is None:
        return
    for index, style, reference, written in cross_links(content):
        if not resolves(style, reference, site, source):
            add(
                ERROR,
                "broken-post-link",
                f"{written} points to no post of the site; fix the name or the path.",
                line=file_line(index),
                body_line=index,
            )


def check_refs(content: str, resolver: AssetResolver | None, add: Add, file_line: Callable[[int], int]) -> None:
    """Images without alt text, and images and links pointing at files that do not exist."""
    for r in _refs(content):
        if r.image and (r.alt is None or not r.alt.strip()):
            add(
                WARNING,
                "image-alt",
                f"The image {r.target or '(no source)'} has no alt text; describe it for readers who cannot see it.",
                line=file_line(r.body_line),
                body_line=r.body_line,
            )
        if resolver is None or _skip_target(r.target, r.image):
            continue
        if resolver.resolve(r.target).kind not in ("missing", "outside"):
            continue
        severity, code, message = (
            (ERROR, "broken-image", f"The image {r.target} does not exist in the site; fix the path or add the file.")
            if r.image
            else (WARNING, "broken-link", f"The link {r.target} points at a file that does not exist in the site.")
        )
        add(severity, code, message, line=file_line(r.body_line), body_line=r.body_line)


def check_headings(content: str, add: Add, file_line: Callable[[int], int]) -> None:
    """Headings that skip a level (``#`` followed by ``###``), as the outline shows them."""
    for heading in headings(content):
        previous = heading.skipped_from
        if previous is not None:
            add(
                WARNING,
                "heading-skip",
                f"This heading jumps from level {previous} to {heading.level}; use {'#' * (previous + 1)} "
                "so the outline has no gaps.",
                line=file_line(heading.line),
                body_line=heading.line,
            )


def check_mojibake(meta: Mapping[str, Any], content: str, add: Add, file_line: Callable[[int], int]) -> None:
    """Front-matter strings and body lines with mis-decoded characters."""
    for mkey, value in meta.items():
        texts = (
            [value]
            if isinstance(value, str)
            else [v for v in value if isinstance(v, str)]
            if isinstance(value, list)
            else []
        )
        bad = next((t for t in texts if looks_like_mojibake(t)), None)
        if bad is not None:
            add(
                ERROR,
                "mojibake",
                f"'{mkey}' has garbled characters ({_sample(bad)}); fix the encoding to turn them back.",
                str(mkey),
                fixable=True,
            )
    bad_lines = [i for i, line in enumerate(content.split("\n")) if looks_like_mojibake(line)]
    for i in bad_lines[:MAX_MOJIBAKE_LINES]:
        line_text = content.split("\n")[i]
        more = f" ({len(bad_lines)} lines in all)" if len(bad_lines) > MAX_MOJIBAKE_LINES and i == bad_lines[0] else ""
        add(
            ERROR,
            "mojibake",
            f"This line has garbled characters ({_sample(line_text)}){more}; fix the encoding to turn them back.",
            line=file_line(i),
            body_line=i,
            fixable=True,
        )
