"""``post-editor status`` and ``post-editor publish``: the site's git state, and publishing
posts with git, without the window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

STATUS_HELP = "Show the git state of each post of a site."
PUBLISH_HELP = "Check posts, commit exactly them and their images, pull and push."


def _parser(name: str, description: str) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(prog=f"post-editor {name}", description=description)


def cmd_status(argv: list[str]) -> int:
    """``post-editor status SITE [--json]``: each post's git state; 0, or 2 (usage, no repository)."""
    from editor.core.errors import PostError
    from editor.core.git import GitError
    from editor.core.repository import find_repo
    from editor.core.site_check import site_context

    parser = _parser("status", STATUS_HELP)
    parser.add_argument("site", help="the site's folder (or one of its posts)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    path = Path(args.site)
    if not path.exists():
        print(f"post-editor status: {path} does not exist", file=sys.stderr)
        return 2
    repo = find_repo(path)
    if repo is None:
        print(f"post-editor status: {path} is not in a git repository", file=sys.stderr)
        return 2
    try:
        site, _schema, library = site_context(path)
        status = repo.status()
    except GitError as exc:
        print(f"post-editor status: {exc}\n{exc.details}".rstrip(), file=sys.stderr)
        return 2
    except (PostError, OSError) as exc:
        print(f"post-editor status: {exc}", file=sys.stderr)
        return 2
    posts = [{"path": p.path, "state": status.state_of(site.root / p.path)} for p in library.posts]
    if args.json:
        report = {
            "branch": status.branch,
            "upstream": status.upstream,
            "ahead": status.ahead,
            "behind": status.behind,
            "posts": posts,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"On {status.summary()}" + (f" (tracking {status.upstream})" if status.upstream else " (no upstream)"))
    for post in posts:
        if post["state"] != "unchanged":
            print(f"{post['state']:>10}  {post['path']}")
    changed = sum(1 for p in posts if p["state"] != "unchanged")
    print(f"{changed} of {len(posts)} post{'s' if len(posts) != 1 else ''} changed")
    return 0


def cmd_publish(argv: list[str]) -> int:
    """``post-editor publish POST... [-m MESSAGE] [--no-push]``: 0 published, 1 not ready or
    a conflict (nothing pushed), 2 usage or git error."""
    from editor.core.checks import CheckSettings
    from editor.core.errors import PostError
    from editor.core.git import GitError
    from editor.core.post import Post
    from editor.core.publishing import Publisher
    from editor.core.repository import find_repo
    from editor.core.site import Site

    parser = _parser("publish", PUBLISH_HELP)
    parser.add_argument("posts", nargs="+", help="the posts to publish")
    parser.add_argument("-m", "--message", help="the commit message (default: the site's publish_message)")
    parser.add_argument("--no-push", action="store_true", help="commit only; do not pull or push")
    parser.add_argument("--allow-drafts", action="store_true", help="a draft is not an error")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.posts]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"post-editor publish: {missing[0]} is not a file", file=sys.stderr)
        return 2
    repo = find_repo(paths[0])
    if repo is None:
        print(f"post-editor publish: {paths[0]} is not in a git repository", file=sys.stderr)
        return 2
    outside = [p for p in paths if not repo.contains(p)]
    if outside:
        print(f"post-editor publish: {outside[0]} is not in the repository at {repo.root}", file=sys.stderr)
        return 2
    try:
        posts = [Post.load(p) for p in paths]
        site = Site.for_file(paths[0])
        publisher = Publisher(repo, site, lambda step: print(f"{step}…", file=sys.stderr))
        result = publisher.publish(
            posts, args.message, push=not args.no_push, settings=CheckSettings(allow_drafts=args.allow_drafts)
        )
    except GitError as exc:
        print(f"post-editor publish: {exc}", file=sys.stderr)
        if exc.details:
            print(exc.details, file=sys.stderr)
        return 2
    except (PostError, OSError) as exc:
        print(f"post-editor publish: {exc}", file=sys.stderr)
        return 2
    for path, problems in result.not_ready.items():
        for problem in problems:
            if problem.severity == "error":
                print(f"{path}: error: {problem.message}", file=sys.stderr)
    if result.not_ready:
        print("post-editor publish: not ready; nothing was committed", file=sys.stderr)
        return 1
    if result.conflicts:
        names = ", ".join(repo.relative(p) for p in result.conflicts)
        print(
            f"post-editor publish: {names} conflict with the remote's changes; the pull was undone and nothing "
            "was pushed. Open the post in Post Editor, or merge by hand, then publish again.",
            file=sys.stderr,
        )
        return 1
    what = f"committed {result.commit[:10]}" if result.commit else "nothing new to commit"
    files = ", ".join(repo.relative(f) for f in result.files)
    print(f"{what}" + (f" ({files})" if result.commit else "") + ("; pushed" if result.pushed else ""))
    return 0
