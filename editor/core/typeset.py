"""Math and diagrams on a rendered page: which of the shipped renderers a page needs,
and what an exported page carries to use them without the network.

The renderer marks math (``pymdownx.arithmatex``: ``span``/``div`` ``.arithmatex``)
and diagrams (``core.render_diagrams``: ``.pe-diagram``). ``resources/preview/typeset.js``
typesets them with KaTeX and Mermaid from ``resources/preview/vendor``: in the preview's
isolated world, and in an exported page as scripts its policy allows by their hashes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache

from editor.core import resources

MATH = "math"
DIAGRAMS = "diagrams"
_MARKS = {MATH: 'class="arithmatex"', DIAGRAMS: 'class="pe-diagram"'}
LIBRARIES = {MATH: ("katex", "katex.min.js"), DIAGRAMS: ("mermaid", "mermaid.min.js")}
# What ships in resources/preview/vendor (its README says where each came from): name,
# version, licence. tests/core/test_typeset.py checks the versions against the files.
SHIPPED = (("KaTeX", "0.16.4", "MIT"), ("Mermaid", "11.12.0", "MIT"))
KATEX_CSS = ("preview", "vendor", "katex", "katex.min.css")
_FONT_SOURCES = re.compile(r"src:url\((fonts/[\w.-]+\.woff2)\) format\('woff2'\)[^;}]*")


def needs(html: str) -> frozenset[str]:
    """The renderers ``html`` needs: ``MATH``, ``DIAGRAMS``, both or none."""
    return frozenset(kind for kind, mark in _MARKS.items() if mark in html)


def library_script(kind: str) -> str:
    """The JavaScript of the library that typesets ``kind``."""
    folder, name = LIBRARIES[kind]
    return _read("preview", "vendor", folder, name)


def typeset_script() -> str:
    return _read("preview", "typeset.js")


@cache
def _read(*parts: str) -> str:
    return resources.read_text(*parts)


@cache
def katex_css_embedded() -> str:
    """KaTeX's style sheet with its WOFF2 fonts as ``data:`` URIs, for a page of its own."""
    css = resources.read_text(*KATEX_CSS)

    def embed(match: re.Match[str]) -> str:
        data = resources.read_bytes("preview", "vendor", "katex", *match.group(1).split("/"))
        return f"src:url(data:font/woff2;base64,{base64.b64encode(data).decode('ascii')}) format('woff2')"

    return _FONT_SOURCES.sub(embed, css)


def script_hash(script: str) -> str:
    """A Content-Security-Policy source that allows the inline ``script`` and nothing else."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


START = 'document.body.dataset.peScheme = "system"; window.__peTypeset.run(document);'


@dataclass(frozen=True)
class PageTypesetting:
    """What an exported page adds to typeset its math and diagrams: styles, scripts, and
    the policy sources that let those scripts (and only those) run."""

    styles: tuple[str, ...]
    scripts: tuple[str, ...]

    @property
    def script_sources(self) -> str:
        return " ".join(script_hash(s) for s in self.scripts)

    def head(self) -> list[str]:
        return [f"<style>\n{s}\n</style>" for s in self.styles]

    def tail(self) -> list[str]:
        return [f"<script>{s}</script>" for s in self.scripts]


def for_export(html: str) -> PageTypesetting | None:
    """The typesetting an exported page with body ``html`` needs (None: none)."""
    kinds = needs(html)
    if not kinds:
        return None
    styles = (katex_css_embedded(),) if MATH in kinds else ()
    scripts = tuple(library_script(k) for k in (MATH, DIAGRAMS) if k in kinds) + (typeset_script(), START)
    return PageTypesetting(styles, scripts)
