"""Links to a renamed post: found before the move, rewritten after, nothing else touched."""

from __future__ import annotations

from pathlib import Path

from editor.core.link_updates import links_to, renamed_reference, update_links
from editor.core.site import Site
from tests.core.test_post_links import write


def test_hugo_links_to_a_renamed_post_change_and_nothing_else_does(tmp_path: Path) -> None:
    site_root = write(
        tmp_path / "hugo",
        {
            "hugo.toml": "title = 'x'\n",
            "content/posts/old-name.md": "---\ntitle: Old\ndraft: true\n---\nBody.\n",
            "content/posts/other.md": "---\ntitle: Other\n---\nB.\n",
        },
    )
    citing = site_root / "content/posts/a.md"
    citing.write_bytes(
        b"---\r\ntitle: A \xc3\xa9\r\n---\r\n"
        b'See [it]({{< relref "posts/old-name.md" >}}) and [again]({{< ref "old-name.md#part" >}}).\r\n'
        b"A [relative one](./old-name.md) and [another post](other.md).\r\n"
        b"```\r\n[in code](./old-name.md)\r\n```\r\n"
    )
    untouched = (site_root / "content/posts/other.md").read_bytes()
    site = Site.detect(site_root)
    old = site_root / "content/posts/old-name.md"
    uses = links_to(site, old)
    assert [(u.file.name, u.line, u.style) for u in uses] == [
        ("a.md", 3, "relref"),
        ("a.md", 3, "relref"),
        ("a.md", 4, "path"),
    ]
    new = old.with_name("new-name.md")
    old.rename(new)
    changed, skipped = update_links(site, uses, old, new)
    assert changed == [citing] and skipped == []
    assert citing.read_bytes() == (
        b"---\r\ntitle: A \xc3\xa9\r\n---\r\n"
        b'See [it]({{< relref "posts/new-name.md" >}}) and [again]({{< ref "new-name.md#part" >}}).\r\n'
        b"A [relative one](./new-name.md) and [another post](other.md).\r\n"
        b"```\r\n[in code](./old-name.md)\r\n```\r\n"
    )
    assert (site_root / "content/posts/other.md").read_bytes() == untouched


def test_jekyll_post_url_and_a_page_bundle_are_renamed_by_their_names() -> None:
    old, new = Path("_posts/2024-01-03-old.md"), Path("_posts/2024-01-03-new.md")
    assert renamed_reference("2024-01-03-old", old, new) == "2024-01-03-new"
    assert renamed_reference("_posts/2024-01-03-old.md", old, new) == "_posts/2024-01-03-new.md"
    assert renamed_reference("2024-01-03-older", old, new) == "2024-01-03-older"  # whole names only
    bundle_old, bundle_new = Path("posts/trip/index.md"), Path("posts/journey/index.md")
    assert renamed_reference("posts/trip", bundle_old, bundle_new) == "posts/journey"


def test_a_jekyll_site_updates_post_url(tmp_path: Path) -> None:
    root = write(
        tmp_path / "jekyll",
        {
            "_config.yml": "title: x\n",
            "_posts/2024-01-02-a.md": "---\ntitle: A\n---\nSee [b]({% post_url 2024-01-03-b %}).\n",
            "_posts/2024-01-03-b.md": "---\ntitle: B\n---\nB.\n",
        },
    )
    site = Site.detect(root)
    old = root / "_posts/2024-01-03-b.md"
    uses = links_to(site, old)
    new = old.with_name("2024-01-03-bee.md")
    old.rename(new)
    changed, _ = update_links(site, uses, old, new)
    assert changed == [root / "_posts/2024-01-02-a.md"]
    assert "{% post_url 2024-01-03-bee %}" in changed[0].read_text(encoding="utf-8")
