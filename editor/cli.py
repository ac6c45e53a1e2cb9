"""Command line entry point: the window by default, headless subcommands for scripts."""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

PROG = "post-editor"


class _Parser(argparse.ArgumentParser):
    """Bad arguments get one clear line and exit status 2, never a usage dump or a traceback."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _version() -> str:
    from editor import __version__

    return f"{PROG} {__version__}"


def _command_parser(name: str, description: str) -> _Parser:
    return _Parser(prog=f"{PROG} {name}", description=description)


def _window_parser() -> _Parser:
    lines = [f"  {name:<16} {summary}" for name, (_, summary) in COMMANDS.items()]
    parser = _Parser(
        prog=PROG,
        usage=f"{PROG} [--new-instance] [PATH ...]\n       {PROG} COMMAND [ARGS ...]",
        description=(
            "Edit Markdown blog posts with a live preview and a front-matter form.\n\n"
            "With no command, opens the window with each PATH given: a post opens in its own tab,\n"
            "a folder opens as the site whose posts are listed. When the editor is already\n"
            "running, the paths open in its window instead."
        ),
        epilog="commands:\n" + "\n".join(lines) + f"\n\nRun '{PROG} COMMAND --help' for the options of a command.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="posts to open, or a site folder")
    parser.add_argument("--new-instance", action="store_true", help="start a separate editor, even when one is running")
    parser.add_argument("--version", action="version", version=_version())
    return parser


_WORD = re.compile(r"^[a-z][a-z-]*$")


def _window_args(argv: list[str]) -> argparse.Namespace:
    """The window's arguments; a word that is neither a command nor a file is an unknown command."""
    parser = _window_parser()
    args = parser.parse_args(argv)
    for raw in args.paths:
        if os.path.exists(raw):
            continue
        if raw is args.paths[0] and _WORD.match(raw):
            close = difflib.get_close_matches(raw, COMMANDS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            parser.error(f"unknown command '{raw}'{hint}")
        parser.error(f"no such file or folder: {raw}")
    return args


def build_window(argv: list[str], *, serve: bool = True) -> MainWindow:
    """Create the application (if needed) and return the shown main window, with
    every path in ``argv`` open. With ``serve``, the window also takes the paths a
    later ``post-editor PATH`` sends it.

    Does not enter the event loop, so tests and scripts can drive the window.
    """
    from editor.ui.app import create_app
    from editor.ui.main_window import MainWindow

    args = _window_args(argv)
    app = create_app()
    window = MainWindow(settings=app.settings_store)
    window.files.open_paths([Path(p) for p in args.paths])
    window.show()
    if serve:
        from editor.ui.single_instance import InstanceServer

        server = InstanceServer(parent=window)
        server.pathsReceived.connect(window.open_paths_from_elsewhere)
        server.listen()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, window.offer_recovery)  # work left behind by a crash
    return window


def run_window(argv: list[str]) -> int:
    """``post-editor [PATH ...]``: hand the paths to a running editor, or open the window."""
    args = _window_args(argv)
    paths = [str(Path(p).resolve()) for p in args.paths]
    if not args.new_instance:
        from editor.ui.single_instance import send_to_running

        if send_to_running(paths):
            return 0
    from editor.ui.system_libraries import check_window_libraries

    problem = check_window_libraries()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    window = build_window(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    code = app.exec()
    del window
    return int(code)


def cmd_list(argv: list[str]) -> int:
    """``post-editor list FOLDER [--json]``: the site and its posts, without a window."""
    import json

    from editor.core.errors import PostError
    from editor.core.library import list_site

    parser = _command_parser("list", COMMANDS["list"][1])
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
    public = result.get("public_folder")
    if public is not None and not (folder.resolve() / public).is_dir():
        # The generator's convention (Hugo's static/) before the folder exists: images will
        # still go there, but there is no public folder to report yet.
        result["public_folder"] = None
        result["notes"] = [
            *result["notes"],
            f"There is no public folder yet; {public}/ will be created when an image is added.",
        ]
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

    Exit status: 0 done, or nothing to do (already WebP, an SVG, a remote URL, no cover);
    1 the cover cannot be converted (missing, outside the site, not an image, a bad image);
    2 usage or file errors (the post cannot be read or saved).
    """

    from editor.core.cover_step import NOTHING_TO_DO, convert_post_cover, cover_plan
    from editor.core.errors import PostError
    from editor.core.images import ImageError
    from editor.core.post import Post
    from editor.core.site import Site

    parser = _command_parser("cover", COMMANDS["cover"][1])
    parser.epilog = (
        "The cover must be an image file inside the site (symbolic links are followed and must stay inside):"
        " a value naming a file elsewhere (../../x.png, /etc/passwd, file:///x.png) is refused."
        " Exit status: 0 converted, or nothing to do (already WebP, an SVG kept as is, a remote URL left"
        " as is, no cover); 1 the cover cannot be converted (missing file, outside the site, not an image,"
        " a damaged image); 2 usage or file errors (the post cannot be read or saved)."
    )
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
    plan = cover_plan(post, site)  # a value read from a file: never from outside the site
    if plan.kind in NOTHING_TO_DO:
        print(f"{path.name}: {plan.message}")
        return 0
    if plan.kind != "convert" or plan.ref is None or plan.value is None:
        print(f"post-editor cover: {path.name}: {plan.message}", file=sys.stderr)
        return 1
    value = plan.value
    try:
        result = convert_post_cover(post, site, value, quality=args.quality, max_width=args.max_width)
    except ImageError as exc:
        print(f"post-editor cover: {exc}", file=sys.stderr)
        return 1
    plan.ref.set(post.metadata, result.reference)
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


def cmd_check(argv: list[str]) -> int:
    """``post-editor check PATH... [--json]``: 0 all ready, 1 errors found, 2 usage or I/O errors
    (a path that does not exist, a folder with no posts)."""
    import json

    from editor.core.checks import CheckSettings, is_ready
    from editor.core.errors import PostError
    from editor.core.site_check import check_files, site_context

    parser = _command_parser("check", COMMANDS["check"][1])
    parser.add_argument("paths", nargs="+", help="posts or site folders")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument(
        "--allow-drafts", action="store_true", help="a draft is a warning, not an error (for preview builds)"
    )
    parser.add_argument(
        "--spelling",
        action="store_true",
        help="also report misspelled words, as warnings (on by default where .post-editor.toml sets spelling = true)",
    )
    args = parser.parse_args(argv)
    results: list[dict[str, Any]] = []
    status = 0
    for raw in args.paths:
        path = Path(raw)
        if not path.exists():
            print(f"post-editor check: {path} does not exist", file=sys.stderr)
            return 2
        try:
            site, schema, library = site_context(path)
        except (PostError, OSError) as exc:
            print(f"post-editor check: {exc}", file=sys.stderr)
            return 2
        posts = [site.root / p.path for p in library.posts] if path.is_dir() else [path]
        if not posts:
            folders = ", ".join(str(f) for f in site.content_folders) or str(site.root)
            print(f"post-editor check: no posts found in {path} (looked in {folders})", file=sys.stderr)
            return 2
        settings = CheckSettings(allow_drafts=args.allow_drafts, spelling=args.spelling or site.config.spelling)
        for post_path, problems in check_files(posts, site, schema, library, settings, parallel=True):
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
            where += f":{problem['column']}" if problem.get("line") and problem.get("column") else ""
            print(f"{result['path']}{where}: {problem['severity']}: {problem['message']}")
    ready_count = sum(1 for r in results if r["ready"])
    print(f"{ready_count} of {len(results)} post{'s' if len(results) != 1 else ''} ready")
    return status


def cmd_render(argv: list[str]) -> int:
    """``post-editor render POST``: the HTML fragment the preview shows."""

    from editor.core.errors import PostError
    from editor.core.post import Post
    from editor.core.render import render_html
    from editor.core.site import Site

    parser = _command_parser("render", COMMANDS["render"][1])
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

    from editor.core.checks import check_post, is_ready
    from editor.core.errors import PostError
    from editor.core.post import Post
    from editor.core.site_check import site_context
    from editor.ui.pdf import export_post

    parser = _command_parser("export", COMMANDS["export"][1])
    parser.epilog = (
        "An existing file is never replaced without --overwrite; the post itself, any post file"
        " (.md, .markdown, .mdx), a file of the site's content folders and a symbolic link are never"
        " replaced, even with --overwrite."
    )
    parser.add_argument("post")
    parser.add_argument("--to", required=True, help="target file or folder (a site folder for --as site)")
    parser.add_argument("--as", dest="kind", required=True, choices=["site", "html", "zip", "pdf"])
    parser.add_argument("--force", action="store_true", help="export even when the checks find errors")
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an earlier export at the target (never a post, a site's content file or a link)",
    )
    parser.add_argument(
        "--section",
        metavar="NAME",
        help="with --as site: the folder of the target's content folder the post goes into (default: "
        "the one with the same name as the post's folder, else the one holding most posts; '.' for the root)",
    )
    args = parser.parse_args(argv)
    if args.section is not None and args.kind != "site":
        parser.error("--section only applies to --as site")
    path = Path(args.post)
    try:
        post = Post.load(path)
        site, schemas, library = site_context(path)
    except (PostError, OSError) as exc:
        print(f"post-editor export: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    problems = check_post(post, site, schemas.for_post(path, post.metadata), library)
    for problem in problems:
        print(f"{path}: {problem.severity}: {problem.message}", file=sys.stderr)
    if not is_ready(problems) and not args.force:
        print("post-editor export: not exported; fix the errors above or use --force", file=sys.stderr)
        return 1
    target = Path(args.to)
    try:
        written = export_post(post, site, target, args.kind, overwrite=bool(args.overwrite), section=args.section)
    except (PostError, OSError) as exc:
        print(f"post-editor export: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 1
    print(written)
    return 0


def cmd_install_desktop(argv: list[str]) -> int:
    """``post-editor install-desktop [--uninstall]``: the menu entry, icons and metainfo for this user."""
    from editor.core import desktop
    from editor.core.errors import PostError

    parser = _command_parser("install-desktop", COMMANDS["install-desktop"][1])
    parser.add_argument("--uninstall", action="store_true", help="remove exactly what an earlier install put in place")
    args = parser.parse_args(argv)
    data_home = desktop.default_data_home()
    try:
        if args.uninstall:
            removed = desktop.uninstall(data_home)
            print(
                f"Removed {len(removed)} files."
                if removed
                else "Nothing to remove: Post Editor was not installed here."
            )
            return 0
        installed = desktop.install(data_home, exec_command=_launch_command())
    except PostError as exc:
        print(f"{PROG} install-desktop: {exc}", file=sys.stderr)
        return 1
    print(f"Installed {len(installed)} files under {data_home}; Post Editor is in your applications menu.")
    return 0


def _launch_command() -> str | None:
    """How the desktop should start this very installation: ``None`` (plain ``post-editor``)
    when that name on the PATH is this program, else its absolute path."""
    import shutil

    if getattr(sys, "frozen", False):  # the desktop bundle
        me = Path(sys.executable).resolve()
    else:
        launcher = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
        if launcher is None or launcher.name != PROG or not launcher.is_file():
            return None  # started as python -m editor: nothing better than the PATH
        me = launcher.resolve()
    on_path = shutil.which(PROG)
    if on_path and Path(on_path).resolve() == me:
        return None
    return str(me)


from editor.cli_git import PUBLISH_HELP, STATUS_HELP, cmd_publish, cmd_status  # noqa: E402 - the commands are listed below

COMMANDS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "list": (cmd_list, "List a site's posts as the editor sees them."),
    "check": (cmd_check, "Check that posts are ready to publish."),
    "render": (cmd_render, "Print a post's body as the HTML the preview shows."),
    "export": (cmd_export, "Export a ready post into a site, or as HTML, ZIP or PDF."),
    "cover": (cmd_cover, "Convert a post's cover image to WebP and point the front matter at it."),
    "status": (cmd_status, STATUS_HELP),
    "publish": (cmd_publish, PUBLISH_HELP),
    "install-desktop": (cmd_install_desktop, "Add Post Editor to your desktop's menu (or --uninstall)."),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            return COMMANDS[args[0]][0](args[1:])
        return run_window(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (post-editor render POST | head)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    raise SystemExit(main())
