"""Command line entry point: the window by default, headless subcommands for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="post-editor",
        description="Edit Markdown blog posts with a live preview and a front-matter form.",
    )
    parser.add_argument("path", nargs="?", help="a post to open, or a site folder")
    return parser


def build_window(argv: list[str]) -> MainWindow:
    """Create the application (if needed) and return the shown main window.

    Does not enter the event loop, so tests and scripts can drive the window.
    """
    from editor.ui.app import create_app
    from editor.ui.main_window import MainWindow

    args = _parser().parse_args(argv)
    app = create_app()
    window = MainWindow(settings=app.settings_store)
    if args.path:
        window.open_path(args.path)
    window.show()
    return window


HEADLESS = {"list", "cover"}


def cmd_list(argv: list[str]) -> int:
    """``post-editor list FOLDER [--json]``: the site and its posts, without a window."""
    import json
    from pathlib import Path

    from editor.core.errors import PostError
    from editor.core.library import list_site

    parser = argparse.ArgumentParser(
        prog="post-editor list", description="List a site's posts as the editor sees them."
    )
    parser.add_argument("folder", help="the site folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"post-editor list: {folder} is not a folder", file=sys.stderr)
        return 2
    try:
        result = list_site(folder)
    except (PostError, OSError) as exc:
        print(f"post-editor list: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"Generator:       {result['generator']}")
    print(f"Content folders: {', '.join(result['content_folders']) or '(none)'}")
    print(f"Public folder:   {result['public_folder'] or '(none)'}")
    for note in result["notes"]:
        print(f"Note: {note}")
    posts = result["posts"]
    problems = sum(1 for p in posts if p["error"])
    print(f"{len(posts)} posts" + (f", {problems} with problems" if problems else "") + "\n")
    for post in posts:
        state = "ERROR" if post["error"] else ("draft" if post["draft"] else "")
        print(f"{state:6} {(post['date'] or '')[:10]:10}  {post['title']}  ({post['path']})")
        if post["error"]:
            print(f"{'':18}{post['error']}")
    return 0


def cmd_cover(argv: list[str]) -> int:
    """``post-editor cover POST``: convert the cover to WebP and update the front matter.

    Exit status: 0 done (or nothing to do), 1 the image cannot be converted, 2 usage or file errors.
    """
    from pathlib import Path

    from editor.core.cover_step import convert_post_cover, cover_key, pending_cover
    from editor.core.errors import PostError
    from editor.core.images import ImageError
    from editor.core.post import Post
    from editor.core.site import Site

    parser = argparse.ArgumentParser(prog="post-editor cover", description="Convert a post's cover image to WebP.")
    parser.add_argument("post", help="the Markdown file")
    parser.add_argument("--quality", type=int, help="WebP quality, 1-100 (default: the site's, else 82)")
    parser.add_argument("--max-width", type=int, help="resize wider images down to this width (default 1600)")
    args = parser.parse_args(argv)
    if args.quality is not None and not 1 <= args.quality <= 100:
        parser.error("--quality must be between 1 and 100")
    if args.max_width is not None and args.max_width < 16:
        parser.error("--max-width must be at least 16")
    path = Path(args.post)
    try:
        post = Post.load(path)
        site = Site.for_file(path.resolve())
    except (PostError, OSError) as exc:
        print(f"post-editor cover: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    pending = pending_cover(post, site)
    if pending is None:
        key = cover_key(post)
        print(f"{path.name}: " + (f"'{key}' is already WebP; nothing to do." if key else "no cover field."))
        return 0
    key, value = pending
    try:
        result = convert_post_cover(post, site, key, value, quality=args.quality, max_width=args.max_width)
    except ImageError as exc:
        print(f"post-editor cover: {exc}", file=sys.stderr)
        return 1
    post.metadata[key] = result.reference
    try:
        post.save()
    except PostError as exc:
        print(f"post-editor cover: {exc}", file=sys.stderr)
        return 2
    print(
        f"{path.name}: {value} -> {result.reference} ({result.width}x{result.height}, "
        f"{result.source_bytes / 1024:.0f} KB -> {result.target_bytes / 1024:.0f} KB)"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "list":
        return cmd_list(args[1:])
    if args and args[0] == "cover":
        return cmd_cover(args[1:])
    window = build_window(args)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    code = app.exec()
    del window
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
