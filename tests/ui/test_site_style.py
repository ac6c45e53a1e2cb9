"""The preview in the site's own style: a Hugo theme's CSS found and loaded through the
sandbox (nothing fetched from the network), our stubs kept on top, the choice remembered
per site; shortcodes rendered as stubs in the real preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.ui.conftest import js

THEME_CSS = """@import url("https://fonts.example.com/css?family=Remote");
@font-face { font-family: Remote; src: url("https://fonts.example.com/remote.woff2"); }
body { background: rgb(1, 2, 3); color: rgb(250, 250, 250); font-family: Remote, serif; }
.post-content h1 { letter-spacing: 3px; }
"""


def hugo_site(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text('title = "Ink"\ntheme = "ink"\n', encoding="utf-8")
    css = root / "themes/ink/assets/css"
    css.mkdir(parents=True)
    (css / "main.css").write_text(THEME_CSS, encoding="utf-8")
    (css / "syntax.css").write_text(".chroma { color: red; }\n", encoding="utf-8")
    post = root / "content/posts/hello.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        '---\ntitle: Hello\n---\n# Heading\n\n{{< youtube abc123 >}}\n\n<Callout type="warn">Hi</Callout>\n',
        encoding="utf-8",
    )
    return post


def test_site_style_uses_the_themes_css_keeps_our_stubs_and_is_remembered(
    make_window: Callable[..., Any], qtbot: Any, tmp_path: Path, settings: Any
) -> None:
    post = hugo_site(tmp_path / "site")
    (tmp_path / "site/.post-editor.toml").write_text('preview_class = "post-content"\n', encoding="utf-8")
    window = make_window(post)
    style = window.site_style
    qtbot.waitUntil(style.action.isEnabled, timeout=10000)
    assert "main.css" in style.action.toolTip() and not style.action.isChecked()
    assert "Blocked, as the preview loads nothing from the network: fonts.example.com" in style.action.toolTip()
    background = "getComputedStyle(document.body).backgroundColor"
    assert js(qtbot, window.preview, background) == "rgb(255, 255, 255)"
    stub = "getComputedStyle(document.querySelector('.pe-video')).borderTopStyle"
    assert js(qtbot, window.preview, stub) == "solid"
    assert js(qtbot, window.preview, "document.querySelector('.pe-sc-name').textContent") == "YouTube video"

    style.action.trigger()  # Site style on
    qtbot.waitUntil(lambda: js(qtbot, window.preview, background) == "rgb(1, 2, 3)", timeout=10000)
    assert js(qtbot, window.preview, stub) == "solid"  # our parts stay on top of the site's CSS
    assert js(qtbot, window.preview, "document.getElementById('pe-content').className") == "pe-content post-content"
    spacing = "getComputedStyle(document.querySelector('#pe-content h1')).letterSpacing"
    assert js(qtbot, window.preview, spacing) == "3px"
    blocked = window.preview.interceptor.blocked
    assert not [u for u in blocked if u.startswith("file:")]  # the theme's file loaded; remote ones never did
    remote_font = "[...document.fonts].filter(f => f.family.includes('Remote')).map(f => f.status)"
    assert "loaded" not in js(qtbot, window.preview, remote_font)  # the remote font degrades quietly

    style.action.trigger()  # and off again
    qtbot.waitUntil(lambda: js(qtbot, window.preview, background) == "rgb(255, 255, 255)", timeout=10000)
    style.action.trigger()
    again = make_window(post)  # the same site, another window: the choice is remembered
    qtbot.waitUntil(again.site_style.action.isChecked, timeout=10000)
    qtbot.waitUntil(lambda: js(qtbot, again.preview, background) == "rgb(1, 2, 3)", timeout=10000)


def test_without_a_stylesheet_the_toggle_is_off_and_says_how_to_name_one(
    make_window: Callable[..., Any], qtbot: Any, tmp_path: Path
) -> None:
    post = tmp_path / "loose/post.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: T\n---\nText.\n", encoding="utf-8")
    window = make_window(post)
    qtbot.waitUntil(lambda: "preview_css" in window.site_style.action.toolTip(), timeout=10000)
    assert not window.site_style.action.isEnabled() and not window.site_style.button.isVisible()
