"""Command line entry point: the window by default, headless subcommands for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, window.offer_recovery)  # work left behind by a crash
    return window


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


def _site_context(path: Any) -> tuple[Any, Any, Any]:
    """(site, schema, library) for a post or folder, as the window would see them."""
    from editor.core.library import Library
    from editor.core.schema import schema_for
    from editor.core.site import Site

    site = Site.detect(path) if path.is_dir() else Site.for_file(path.resolve())
    library = Library(site)
    library.scan()
    schema = schema_for(site.root, library.metadatas(), config_schema=site.config.schema or None)
    return site, schema, library


def cmd_check(argv: list[str]) -> int:
    """``post-editor check PATH... [--json]``: 0 all ready, 1 errors found, 2 usage or I/O errors."""
    import json
    from pathlib import Path

    from editor.core.checks import Problem, check_post, is_ready
    from editor.core.errors import FrontMatterError, PostError
    from editor.core.post import Post

    parser = argparse.ArgumentParser(prog="post-editor check", description="Check that posts are ready to publish.")
    parser.add_argument("paths", nargs="+", help="posts or site folders")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    args = parser.parse_args(argv)
    results: list[dict[str, Any]] = []
    status = 0
    for raw in args.paths:
        path = Path(raw)
        if not path.exists():
            print(f"post-editor check: {path} does not exist", file=sys.stderr)
            return 2
        try:
            site, schema, library = _site_context(path)
        except (PostError, OSError) as exc:
            print(f"post-editor check: {exc}", file=sys.stderr)
            return 2
        posts = [site.root / p.path for p in library.posts] if path.is_dir() else [path]
        for post_path in posts:
            try:
                post = Post.load(post_path)
                problems = check_post(post, site, schema, library)
            except FrontMatterError as exc:
                problems = [Problem("error", "front-matter", exc.reason, line=exc.line)]
            except (PostError, OSError) as exc:
                problems = [Problem("error", "unreadable", str(getattr(exc, "strerror", None) or exc))]
            ready = is_ready(problems)
            if not ready:
                status = 1
            results.append({"path": str(post_path), "ready": ready, "problems": [p.to_json() for p in problems]})
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return status
    for result in results:
        for problem in result["problems"]:
            where = f":{problem['line']}" if problem.get("line") else ""
            print(f"{result['path']}{where}: {problem['severity']}: {problem['message']}")
    ready_count = sum(1 for r in results if r["ready"])
    print(f"{ready_count} of {len(results)} post{'s' if len(results) != 1 else ''} ready")
    return status


def cmd_render(argv: list[str]) -> int:
    """``post-editor render POST``: the HTML fragment the preview shows."""
    from pathlib import Path

    from editor.core.errors import PostError
    from editor.core.post import Post
    from editor.core.render import render_html
    from editor.core.site import Site

    parser = argparse.ArgumentParser(prog="post-editor render", description="Print a post's body as HTML.")
    parser.add_argument("post")
    args = parser.parse_args(argv)
    path = Path(args.post)
    try:
        post = Post.load(path)
    except (PostError, OSError) as exc:
        print(f"post-editor render: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    site = Site.for_file(path.resolve())
    print(render_html(post.content, site.resolver_for(path.resolve())))
    return 0


def cmd_export(argv: list[str]) -> int:
    """``post-editor export POST --to DIR --as site|html|zip|pdf``: 0 done, 1 not ready or failed, 2 usage."""
    from pathlib import Path

    from editor.core.checks import check_post, is_ready
    from editor.core.errors import PostError
    from editor.core.post import Post

    parser = argparse.ArgumentParser(prog="post-editor export", description="Export a ready post.")
    parser.add_argument("post")
    parser.add_argument("--to", required=True, help="target folder (a site folder for --as site)")
    parser.add_argument("--as", dest="kind", required=True, choices=["site", "html", "zip", "pdf"])
    parser.add_argument("--force", action="store_true", help="export even when the checks find errors")
    args = parser.parse_args(argv)
    path = Path(args.post)
    try:
        post = Post.load(path)
        site, schema, library = _site_context(path)
    except (PostError, OSError) as exc:
        print(f"post-editor export: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    problems = check_post(post, site, schema, library)
    for problem in problems:
        print(f"{path}: {problem.severity}: {problem.message}", file=sys.stderr)
    if not is_ready(problems) and not args.force:
        print("post-editor export: not exported; fix the errors above or use --force", file=sys.stderr)
        return 1
    target = Path(args.to)
    try:
        written = export_post(post, site, target, args.kind)
    except (PostError, OSError) as exc:
        print(f"post-editor export: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 1
    print(written)
    return 0


def export_post(post: Any, site: Any, target: Any, kind: str) -> Any:
    """Export ``post`` as ``kind`` into ``target``; returns the written path."""
    from editor.core import export

    if kind == "site":
        return export.export_to_site(post, site, target)
    if kind == "zip":
        return export.export_zip(post, site, target)
    if kind == "html":
        return export.export_html(post, site, target)
    from editor.ui.pdf import export_pdf  # Qt WebEngine prints the same HTML

    return export_pdf(post, site, target)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    commands = {"list": cmd_list, "cover": cmd_cover, "check": cmd_check, "render": cmd_render, "export": cmd_export}
    if args and args[0] in commands:
        return commands[args[0]](args[1:])
    window = build_window(args)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    code = app.exec()
    del window
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
