"""Links to the site's other posts, written the way the site writes them."""

from __future__ import annotations

from pathlib import Path

from editor.core.library import Library
from editor.core.post_links import link_style, link_target
from editor.core.site import Site


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def indexed(root: Path) -> tuple[Site, Library]:
    site = Site.detect(root)
    library = Library(site)
    library.scan()
    return site, library


def test_each_site_gets_links_in_its_own_form(tmp_path: Path) -> None:
    hugo = write(
        tmp_path / "hugo",
        {
            "hugo.toml": "title = 'x'\n",
            "content/posts/a.md": '---\ntitle: A\n---\nSee [b]({{< relref "posts/b.md" >}}).\n',
            "content/posts/b.md": "---\ntitle: B\n---\nB.\n",
        },
    )
    site, library = indexed(hugo)
    b = next(p for p in library.posts if p.path.endswith("b.md"))
    assert link_style(site, library) == "relref"
    assert link_target("relref", site, hugo / "content/posts/a.md", b) == '{{< relref "posts/b.md" >}}'
    jekyll = write(
        tmp_path / "jekyll",
        {
            "_config.yml": "title: x\n",
            "_posts/2024-01-02-a.md": "---\ntitle: A\n---\nSee [b]({% post_url 2024-01-03-b %}).\n",
            "_posts/2024-01-03-b.md": "---\ntitle: B\n---\nB.\n",
        },
    )
    site, library = indexed(jekyll)
    b = next(p for p in library.posts if p.path.endswith("b.md"))
    assert link_style(site, library) == "post_url"
    assert link_target("post_url", site, None, b) == "{% post_url 2024-01-03-b %}"
    posts = {"content/x/a.md": "---\ntitle: A\n---\n", "content/y/b.md": "---\ntitle: B\n---\n"}
    plain = write(tmp_path / "plain", posts)
    site, library = indexed(plain)
    b = next(p for p in library.posts if p.path.endswith("b.md"))
    assert link_style(site, library) == "path"
    assert link_target("path", site, plain / "content/x/a.md", b) == "../y/b.md"


def test_a_link_to_a_post_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    from editor.core.checks import check_post
    from editor.core.post import Post

    hugo = write(
        tmp_path / "hugo",
        {
            "hugo.toml": "title = 'x'\n",
            "content/posts/b.md": "---\ntitle: B\n---\nB.\n",
            "content/posts/a.md": (
                '---\ntitle: A\n---\nGood [b]({{< relref "posts/b.md" >}}), by name {{< ref "b.md" >}}.\n\n'
                'Broken [c]({{< relref "posts/c.md" >}}).\n\n```\n{{< relref "in/code.md" >}}\n```\n'
            ),
        },
    )
    site = Site.detect(hugo)
    problems = [p for p in check_post(Post.load(hugo / "content/posts/a.md"), site) if p.code == "broken-post-link"]
    assert [(p.severity, p.line) for p in problems] == [("error", 6)]
    assert 'relref "posts/c.md"' in problems[0].message
    jekyll = write(
        tmp_path / "jekyll",
        {
            "_config.yml": "title: x\n",
            "_posts/2024-01-03-b.md": "---\ntitle: B\n---\nB.\n",
            "_posts/2024-01-02-a.md": "---\ntitle: A\n---\n{% post_url 2024-01-03-b %}\n"
            "{% post_url 2024-01-09-gone %}\n",
        },
    )
    site = Site.detect(jekyll)
    found = check_post(Post.load(jekyll / "_posts/2024-01-02-a.md"), site)
    problems = [p for p in found if p.code == "broken-post-link"]
    assert len(problems) == 1 and "2024-01-09-gone" in problems[0].message
