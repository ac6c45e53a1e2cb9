"""The renderers shipped for math and diagrams: what a page needs, and what an exported page carries."""

from __future__ import annotations

import base64
import hashlib

from editor.core import resources, typeset
from editor.core.render import render_html


def test_the_shipped_versions_are_the_files_versions() -> None:
    versions = dict((name, version) for name, version, _licence in typeset.SHIPPED)
    assert f'version:"{versions["KaTeX"]}"' in typeset.library_script(typeset.MATH)
    assert f'version:"{versions["Mermaid"]}"' in typeset.library_script(typeset.DIAGRAMS)
    readme = resources.read_text("preview", "vendor", "README.md")
    assert all(f"| {name} | {version} |" in readme for name, version in versions.items())


def test_a_page_needs_only_the_renderers_its_body_uses() -> None:
    assert typeset.needs(render_html("Plain text, $5 or $10.")) == frozenset()
    assert typeset.needs(render_html("Math $x^2$.")) == {typeset.MATH}
    assert typeset.needs(render_html("```mermaid\ngraph TD; A-->B\n```")) == {typeset.DIAGRAMS}
    assert typeset.for_export(render_html("Plain.")) is None


def test_an_exported_page_allows_exactly_its_own_scripts() -> None:
    page = typeset.for_export(render_html("Math $x^2$."))
    assert page is not None
    assert len(page.scripts) == 3  # KaTeX, typeset.js, the start; no Mermaid
    for script in page.scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in page.script_sources
    css = page.styles[0]
    assert "url(fonts/" not in css and css.count("data:font/woff2;base64,") == 20  # every KaTeX font embedded
