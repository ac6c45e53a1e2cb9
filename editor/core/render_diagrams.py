"""Diagrams: a fenced ``mermaid`` block becomes a ``pe-diagram`` element holding its
source as code. The preview and exported pages draw it with the Mermaid shipped in
``resources/preview/vendor``; where no script runs, the source shows as code."""

from __future__ import annotations

import html
import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

KINDS = ("mermaid",)
_FENCED = re.compile(
    r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?(?P<kind>mermaid)\}?[ \t]*\n"
    r"(?P<source>.*?)^ {0,3}(?P=fence)[`~]*[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def diagram_html(kind: str, source: str) -> str:
    return (
        f'<div class="pe-diagram" data-kind="{kind}">'
        f'<pre class="pe-diagram-source"><code>{html.escape(source)}</code></pre></div>'
    )


class DiagramPreprocessor(Preprocessor):  # type: ignore[misc]  # Markdown has no type hints
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "mermaid" not in text:
            return lines

        def stash(match: re.Match[str]) -> str:
            placeholder: str = self.md.htmlStash.store(diagram_html(match["kind"], match["source"].rstrip("\n")))
            return "\n" + placeholder + "\n"

        return _FENCED.sub(stash, text).split("\n")


class DiagramExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(DiagramPreprocessor(md), "post_editor_diagrams", 26)  # before fenced code


def makeExtension(**kwargs: object) -> DiagramExtension:  # noqa: N802 - Markdown's API
    return DiagramExtension(**kwargs)
