"""Checking many posts at once: ``post-editor check SITE`` and the window's batch work.

Each post is read with ``Post.peek`` (the quick reader where it is exact) and
checked with ``check_post``. On a large site the command line spreads the posts
over worker processes, forked after the site, its schema and its index are read,
so each worker starts with them; the results come back in the posts' order.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from editor.core.checks import CheckSettings, Problem, check_post
from editor.core.errors import FrontMatterError, PostError
from editor.core.library import Library
from editor.core.post import Post
from editor.core.schema import Schema, SiteSchemas
from editor.core.site import Site

PARALLEL_FROM = 400
"""Fewer posts than this are checked in this process: starting workers costs more."""
CHUNK = 200

Schemas = Schema | SiteSchemas | None
_Context = tuple[Site | None, Schemas, Library | None, CheckSettings | None]
_shared: _Context | None = None  # what forked workers check against


def site_context(path: Path) -> tuple[Site, SiteSchemas, Library]:
    """``(site, schemas, library)`` for a post or a site folder, as the window sees them:
    the site found from the path, its posts indexed, its schemas read or inferred (one
    per collection or content type: ``schemas.for_post``)."""
    site = Site.detect(path) if path.is_dir() else Site.for_file(path.resolve())
    library = Library(site)
    library.scan()
    schemas = SiteSchemas(site.root, list(library.metadatas()), site.config.schema or None)
    return site, schemas, library


def check_file(
    path: Path,
    site: Site | None = None,
    schema: Schemas = None,
    library: Library | None = None,
    settings: CheckSettings | None = None,
) -> list[Problem]:
    """The problems of the post at ``path``, checked against its own collection's schema
    when ``schema`` is a site's ``SiteSchemas``; a file that cannot be read is one problem."""
    try:
        post = Post.peek(path)
        chosen = schema.for_post(path, post.metadata) if isinstance(schema, SiteSchemas) else schema
        return check_post(post, site, chosen, library, settings)
    except FrontMatterError as exc:
        return [Problem("error", "front-matter", exc.reason, line=exc.line)]
    except (PostError, OSError) as exc:
        return [Problem("error", "unreadable", str(getattr(exc, "strerror", None) or exc))]


def check_files(
    paths: Iterable[Path],
    site: Site | None = None,
    schema: Schemas = None,
    library: Library | None = None,
    settings: CheckSettings | None = None,
    *,
    parallel: bool = False,
) -> list[tuple[Path, list[Problem]]]:
    """``(path, problems)`` for each of ``paths``, in order. With ``parallel`` (only from a
    process with no other threads, such as the command line) a large batch is spread
    over worker processes, one per core."""
    files = list(paths)
    workers = _workers(len(files)) if parallel else 1
    if workers <= 1:
        return [(path, check_file(path, site, schema, library, settings)) for path in files]
    global _shared
    _shared = (site, schema, library, settings)
    try:
        chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            found = [problems for chunk in pool.map(_check_chunk, chunks) for problems in chunk]
    finally:
        _shared = None
    return list(zip(files, found, strict=True))


def _workers(count: int) -> int:
    if count < PARALLEL_FROM or not sys.platform.startswith("linux"):  # fork is safe to rely on there
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 8, count // CHUNK))


def _check_chunk(paths: list[Path]) -> list[list[Problem]]:
    assert _shared is not None, "forked from check_files"
    site, schema, library, settings = _shared
    return [check_file(path, site, schema, library, settings) for path in paths]
