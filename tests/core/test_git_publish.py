"""Publishing with git against real repositories: a bare repository in ``tmp_path`` is the
remote, and two clones of it are two authors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from editor.core.git import CONFLICTED, MODIFIED, NEW, STAGED, parse_status
from editor.core.repository import ENGINES, find_repo
from tests.git_repos import POST, clone, git, make_authors, new_post

# The tests make their repositories with the git program; each runs on both engines.
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (Debian package git)")


@pytest.fixture(autouse=True, params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The engine the command line and ``find_repo`` use: the git program, or dulwich."""
    monkeypatch.setenv("POST_EDITOR_GIT", request.param)
    return str(request.param)


def repo_of(folder: Path):  # noqa: ANN201 - a Repository
    found = find_repo(folder.resolve())
    assert found is not None
    return found


@pytest.fixture
def authors(tmp_path: Path) -> tuple[Path, Path, Path]:
    return make_authors(tmp_path)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if env.get("POST_EDITOR_GIT") == "dulwich":
        env["PATH"] = "/nonexistent"  # as on a machine without the git program
    return subprocess.run([sys.executable, "-m", "editor", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_publishing_one_post_commits_it_and_its_cover_and_nothing_else(authors: tuple[Path, Path, Path]) -> None:
    _remote, ann, bob = authors
    post = new_post(ann, "spring", "Spring")
    other = ann / "src/content/blog/first.md"
    other.write_text(other.read_text(encoding="utf-8") + "Half-done edit.\n", encoding="utf-8")
    (ann / "notes.txt").write_text("staged, not mine to publish\n", encoding="utf-8")
    git(ann, "add", "notes.txt")
    out = run_cli("publish", str(post))
    assert out.returncode == 0, out.stderr
    assert "pushed" in out.stdout
    files = git(ann, "show", "--name-only", "--format=%s", "HEAD").split()
    assert files[:2] == ["Publish:", "Spring"]
    assert sorted(files[2:]) == ["src/content/blog/spring.md", "src/content/blog/spring.png"]
    # the other post's edit is still there, uncommitted; the staged file is still staged
    status = repo_of(ann).status()
    assert status.state_of(other) == MODIFIED and status.state_of(ann / "notes.txt") == STAGED
    git(bob, "pull", "-q")
    assert (bob / "src/content/blog/spring.md").read_text(encoding="utf-8") == post.read_text(encoding="utf-8")
    assert "Half-done" not in (bob / "src/content/blog/first.md").read_text(encoding="utf-8")


def test_publishing_when_the_remote_moved_ahead_rebases_then_pushes(authors: tuple[Path, Path, Path]) -> None:
    remote, ann, bob = authors
    bob_post = new_post(bob, "bobs", "Bob's post")
    assert run_cli("publish", str(bob_post), "-m", "Bob publishes").returncode == 0
    post = new_post(ann, "anns", "Ann's post")
    out = run_cli("publish", str(post))
    assert out.returncode == 0, out.stderr
    log = git(remote, "log", "--format=%s", "main").splitlines()
    assert log[:3] == ["Publish: Ann's post", "Bob publishes", "Start"]  # rebased: no merge commit


def test_a_conflicting_title_is_not_pushed_and_leaves_no_markers(authors: tuple[Path, Path, Path]) -> None:
    remote, ann, bob = authors
    for folder, title in ((bob, "Bob's title"), (ann, "Ann's title")):
        post = folder / "src/content/blog/first.md"
        post.write_text(post.read_text(encoding="utf-8").replace("title: First", f"title: {title}"), encoding="utf-8")
        out = run_cli("publish", str(post))
    assert out.returncode == 1 and "conflict" in out.stderr
    text = (ann / "src/content/blog/first.md").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "title: Ann's title" in text  # the pull was undone
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Publish: Bob's title"
    assert not (ann / ".git/rebase-merge").exists() and not (ann / ".git/rebase-apply").exists()


def test_a_rejecting_pre_commit_hook_fails_the_publish_and_restores_the_index(
    authors: tuple[Path, Path, Path],
) -> None:
    _remote, ann, _bob = authors
    hook = ann / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits on Fridays' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    post = new_post(ann, "friday", "Friday")
    out = run_cli("publish", str(post))
    assert out.returncode == 2
    assert "pre-commit hook refused" in out.stderr and "no commits on Fridays" in out.stderr
    assert repo_of(ann).status().state_of(post) == NEW  # not left staged


def test_detached_head_no_remote_and_outside_a_repository(authors: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _remote, ann, _bob = authors
    post = new_post(ann, "detached", "Detached")
    git(ann, "checkout", "-q", "--detach")
    out = run_cli("publish", str(post))
    assert out.returncode == 2 and "HEAD is detached" in out.stderr
    git(ann, "checkout", "-q", "main")
    git(ann, "remote", "remove", "origin")
    out = run_cli("publish", str(post))
    assert out.returncode == 2 and "no remote" in out.stderr
    assert git(ann, "log", "-1", "--format=%s").strip() == "Publish: Detached"  # committed, said so
    assert run_cli("publish", str(post), "--no-push").returncode == 0  # nothing new: fine
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "p.md").write_text(POST.format(title="Loose", cover="x.png"), encoding="utf-8")
    out = run_cli("publish", str(loose / "p.md"))
    assert out.returncode == 2 and "not in a git repository" in out.stderr


def test_a_post_that_is_not_ready_is_not_committed(authors: tuple[Path, Path, Path]) -> None:
    _remote, ann, _bob = authors
    post = ann / "src/content/blog/broken.md"
    post.write_text("---\ntitle: Broken\n---\n![missing](./nowhere.png)\n", encoding="utf-8")
    before = git(ann, "rev-parse", "HEAD")
    out = run_cli("publish", str(post))
    assert out.returncode == 1 and "nothing was committed" in out.stderr
    assert git(ann, "rev-parse", "HEAD") == before


def test_status_lists_each_posts_state(authors: tuple[Path, Path, Path]) -> None:
    _remote, ann, _bob = authors
    new_post(ann, "fresh", "Fresh")
    first = ann / "src/content/blog/first.md"
    first.write_text(first.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    out = run_cli("status", str(ann), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["branch"] == "main" and report["upstream"] == "origin/main"
    states = {p["path"]: p["state"] for p in report["posts"]}
    assert states == {"src/content/blog/first.md": "modified", "src/content/blog/fresh.md": "new"}


def test_porcelain_status_is_read_with_renames_and_conflicts(tmp_path: Path) -> None:
    text = "\0".join(
        [
            "# branch.oid abc",
            "# branch.head main",
            "# branch.upstream origin/main",
            "# branch.ab +2 -1",
            "1 .M N... 100644 100644 100644 aaa aaa a b.md",
            "2 R. N... 100644 100644 100644 aaa aaa R100 new name.md",
            "old name.md",
            "u UU N... 100644 100644 100644 100644 aaa bbb ccc both.md",
            "? fresh.md",
            "",
        ]
    )
    status = parse_status(tmp_path, text)
    assert (status.branch, status.upstream, status.ahead, status.behind) == ("main", "origin/main", 2, 1)
    assert status.state_of(tmp_path / "a b.md") == MODIFIED
    assert status.state_of(tmp_path / "new name.md") == STAGED
    assert status.state_of(tmp_path / "both.md") == CONFLICTED
    assert status.state_of(tmp_path / "fresh.md") == NEW
    assert status.summary() == "main ↑2 ↓1"


def test_a_conflict_resolved_by_the_author_is_pushed_without_markers(authors: tuple[Path, Path, Path]) -> None:
    from editor.core.conflicts import THEIRS, compare, encode
    from editor.core.post import Post
    from editor.core.publishing import Publisher
    from editor.core.site import Site

    remote, ann, bob = authors
    for folder, title in ((bob, "Bob's title"), (ann, "Ann's title")):
        post = folder / "src/content/blog/first.md"
        text = post.read_text(encoding="utf-8").replace("title: First", f"title: {title}")
        post.write_text(text.replace("Some text.", f"Some text by {title}."), encoding="utf-8")
    assert run_cli("publish", str(bob / "src/content/blog/first.md")).returncode == 0
    post = (ann / "src/content/blog/first.md").resolve()
    repo = repo_of(ann)
    publisher = Publisher(repo, Site.for_file(post))
    result = publisher.publish([Post.load(post)])
    assert result.conflicts == [post] and not result.pushed
    conflict = compare(*repo.versions(post))
    assert [c.label for c in conflict.choices] == ["title", "Some text by Ann's title."]
    conflict.choices[0].pick = THEIRS  # Bob's title, Ann's paragraph
    result = publisher.resolve_and_push({post: encode(conflict.merged())})
    assert result.pushed and not result.conflicts
    text = post.read_text(encoding="utf-8")
    assert "title: Bob's title" in text and "Some text by Ann's title." in text and "<<<<<<<" not in text
    git(bob, "pull", "-q")
    assert (bob / "src/content/blog/first.md").read_text(encoding="utf-8") == text
    log = git(remote, "log", "--format=%s", "main").splitlines()
    assert log[:2] == ["Publish: Ann's title", "Publish: Bob's title"]
    assert repo.status().files == {}


def test_a_posts_history_its_diffs_and_restoring_it(authors: tuple[Path, Path, Path]) -> None:
    _remote, ann, _bob = authors
    post = (ann / "src/content/blog/first.md").resolve()
    committed = post.read_bytes()
    post.write_text(post.read_text(encoding="utf-8").replace("Some text.", "Better text."), encoding="utf-8")
    git(ann, "commit", "-q", "-am", "Better")
    second = post.read_bytes()
    post.write_text(post.read_text(encoding="utf-8") + "Not committed.\n", encoding="utf-8")
    repo = repo_of(ann)
    commits = repo.log(post)
    assert [(c.subject, c.author) for c in commits] == [("Better", "Ann"), ("Start", "Ann")]
    assert "-Some text.\n+Better text." in repo.diff_of(commits[0].sha, post)
    assert "+title: First" in repo.diff_of(commits[1].sha, post)
    assert repo.diff_from_head(post).rstrip().endswith("+Not committed.")
    assert repo.file_at("HEAD", post) == second and repo.file_at(commits[1].sha, post) == committed
    assert repo.is_tracked(post) and not repo.is_tracked(new_post(ann, "fresh", "Fresh"))
    assert repo.status().state_of(post) == MODIFIED
    repo.restore(post)
    assert post.read_bytes() == second and repo.status().state_of(post) == "unchanged"


def test_a_repository_set_to_merge_merges_and_a_resolved_conflict_finishes_the_merge(
    authors: tuple[Path, Path, Path],
) -> None:
    from editor.core.post import Post
    from editor.core.publishing import Publisher
    from editor.core.site import Site

    remote, ann, bob = authors
    git(ann, "config", "pull.rebase", "false")
    for folder, title in ((bob, "Bob's"), (ann, "Ann's")):
        post = folder / "src/content/blog/first.md"
        post.write_text(post.read_text(encoding="utf-8").replace("title: First", f"title: {title}"), encoding="utf-8")
    assert run_cli("publish", str(bob / "src/content/blog/first.md")).returncode == 0
    assert run_cli("publish", str(new_post(bob, "other", "Other"))).returncode == 0
    post = (ann / "src/content/blog/first.md").resolve()
    repo = repo_of(ann)
    assert repo.pull_mode() == "merge"
    publisher = Publisher(repo, Site.for_file(post))
    result = publisher.publish([Post.load(post)])
    assert result.conflicts == [post] and "title: Ann's" in post.read_text(encoding="utf-8")
    base, ours, theirs = repo.versions(post)
    assert b"title: First" in (base or b"") and b"Ann's" in (ours or b"") and b"Bob's" in (theirs or b"")
    resolved = (ours or b"").replace(b"title: Ann's", b"title: Ann and Bob's")
    assert publisher.resolve_and_push({post: resolved}).pushed
    assert post.read_bytes() == resolved and (ann / "src/content/blog/other.md").is_file()
    parents = git(remote, "log", "-1", "--format=%P", "main").split()
    assert len(parents) == 2  # a merge commit
    git(bob, "pull", "-q", "--no-rebase")
    assert (bob / "src/content/blog/first.md").read_bytes() == resolved


def test_the_first_publish_to_an_empty_remote_sets_its_branch_up(tmp_path: Path) -> None:
    remote = tmp_path / "empty.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    site = clone(remote, tmp_path / "site", "Ann")  # tracks origin/main, which does not exist yet
    git(site, "checkout", "-q", "-b", "main")
    post = site / "post.md"
    post.write_text(POST.format(title="Hello", cover="hello.png"), encoding="utf-8")
    Image.new("RGB", (40, 30), "teal").save(site / "hello.png")
    out = run_cli("publish", str(post))
    assert out.returncode == 0, out.stderr
    assert git(remote, "log", "--format=%s", "main").splitlines() == ["Publish: Hello"]
    status = repo_of(site).status()
    assert (status.branch, status.upstream, status.ahead) == ("main", "origin/main", 0)


def _publisher(folder: Path, post: Path):  # noqa: ANN202 - a Publisher
    from editor.core.publishing import Publisher
    from editor.core.site import Site

    return Publisher(repo_of(folder), Site.for_file(post))


def test_a_pull_never_writes_over_the_authors_untracked_or_uncommitted_files(
    authors: tuple[Path, Path, Path],
) -> None:
    from editor.core.git import GitError
    from editor.core.post import Post

    remote, ann, bob = authors
    assert run_cli("publish", str(new_post(bob, "draft", "Bob's draft"))).returncode == 0
    mine = new_post(ann, "draft", "Ann's own draft, not in git")
    before = mine.read_bytes()
    post = new_post(ann, "spring", "Spring")
    with pytest.raises(GitError) as error:
        _publisher(ann, post).publish([Post.load(post)])
    assert error.value.step == "pull" and "draft" in str(error.value)
    assert mine.read_bytes() == before
    # uncommitted changes to a file the remote changed: stopped before anything is set aside
    git(bob, "pull", "-q")
    first_bob = bob / "src/content/blog/first.md"
    first_bob.write_text(first_bob.read_text(encoding="utf-8") + "Bob's line.\n", encoding="utf-8")
    assert run_cli("publish", str(first_bob), "-m", "Bob's line").returncode == 0
    mine.unlink()
    first = ann / "src/content/blog/first.md"
    edited = first.read_text(encoding="utf-8") + "Ann's unfinished line.\n"
    first.write_text(edited, encoding="utf-8")
    with pytest.raises(GitError) as error:
        _publisher(ann, post).publish([Post.load(post)])
    assert "uncommitted changes" in str(error.value) and "first.md" in str(error.value)
    assert first.read_text(encoding="utf-8") == edited
    assert git(ann, "stash", "list") == ""
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Bob's line"


def test_a_change_undone_in_a_later_commit_still_conflicts_with_the_remotes(
    authors: tuple[Path, Path, Path],
) -> None:
    from editor.core.post import Post

    remote, ann, bob = authors
    first_bob = bob / "src/content/blog/first.md"
    first_bob.write_text(first_bob.read_text(encoding="utf-8") + "Bob's line.\n", encoding="utf-8")
    assert run_cli("publish", str(first_bob), "-m", "Bob's line").returncode == 0
    first = ann / "src/content/blog/first.md"
    original = first.read_text(encoding="utf-8")
    first.write_text(original.replace("Some text.", "Other text."), encoding="utf-8")
    git(ann, "commit", "-qam", "Try")
    first.write_text(original, encoding="utf-8")
    git(ann, "commit", "-qam", "Undo")
    post = new_post(ann, "spring", "Spring")
    result = _publisher(ann, post).publish([Post.load(post)])
    assert result.conflicts == [first.resolve()] and not result.pushed
    assert first.read_text(encoding="utf-8") == original
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Bob's line"


def test_a_resolution_made_before_the_remote_moved_again_is_not_pushed(authors: tuple[Path, Path, Path]) -> None:
    from editor.core.conflicts import compare, encode
    from editor.core.post import Post

    remote, ann, bob = authors
    for folder, title in ((bob, "Bob's"), (ann, "Ann's")):
        post = folder / "src/content/blog/first.md"
        post.write_text(post.read_text(encoding="utf-8").replace("title: First", f"title: {title}"), encoding="utf-8")
    first_bob = bob / "src/content/blog/first.md"
    assert run_cli("publish", str(first_bob)).returncode == 0
    post = (ann / "src/content/blog/first.md").resolve()
    publisher = _publisher(ann, post)
    assert publisher.publish([Post.load(post)]).conflicts == [post]
    repo = repo_of(ann)
    against = repo.upstream_id()
    resolution = encode(compare(*repo.versions(post)).merged())
    first_bob.write_text(first_bob.read_text(encoding="utf-8") + "Fixed by Bob.\n", encoding="utf-8")
    assert run_cli("publish", str(first_bob), "-m", "Bob's fix").returncode == 0
    result = publisher.resolve_and_push({post: resolution}, expected=against)
    assert result.conflicts == [post] and not result.pushed
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "Bob's fix"
    assert b"Fixed by Bob." in (repo.versions(post)[2] or b"")  # resolved again against what is there now
