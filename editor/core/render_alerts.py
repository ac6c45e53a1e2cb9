"""Callouts: GitHub's alerts (``> [!NOTE]``, ``[!TIP]``, ``[!IMPORTANT]``, ``[!WARNING]``,
``[!CAUTION]``) and Obsidian's callouts (the same syntax, any type, an optional title,
``+``/``-`` for folding) rendered as the boxes GitHub draws: a ``div`` with the
``markdown-alert`` classes and a title paragraph, the quote's content below it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_MARKER = re.compile(r"^\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*([^\n]*)(?:\n|$)")
TITLES = {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}
ALIASES = {"info": "note", "hint": "tip", "success": "tip", "danger": "caution", "error": "caution", "bug": "caution"}


class AlertProcessor(Treeprocessor):  # type: ignore[misc]  # Markdown has no type hints
    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "blockquote":
                    alert = self._alert(child)
                    if alert is not None:
                        parent.remove(child)
                        parent.insert(index, alert)

    @staticmethod
    def _alert(quote: ET.Element) -> ET.Element | None:
        first = quote[0] if len(quote) else None
        if first is None or first.tag != "p" or not first.text:
            return None
        match = _MARKER.match(first.text)
        if match is None:
            return None
        kind = match.group(1).lower()
        shown = ALIASES.get(kind, kind)
        box = ET.Element("div", {"class": f"markdown-alert markdown-alert-{shown if shown in TITLES else 'note'}"})
        if kind != shown or shown not in TITLES:
            box.set("data-callout", kind)  # an Obsidian type of its own, styled as a note
        title = ET.SubElement(box, "p", {"class": "markdown-alert-title"})
        title.text = match.group(3).strip() or TITLES.get(shown, kind.capitalize())
        rest = first.text[match.end() :]
        if rest.strip() or len(first):
            first.text = rest
            box.append(first)
        for element in list(quote)[1:]:
            box.append(element)
        return box


class AlertExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(AlertProcessor(md), "post_editor_alerts", 25)


def makeExtension(**kwargs: object) -> AlertExtension:  # noqa: N802 - Markdown's API
    return AlertExtension(**kwargs)
