"""The files the program reads at run time, shipped inside the package.

Everything lives in ``editor/resources`` and is read through
``importlib.resources``, so a wheel installed anywhere and the desktop bundle
find the same files as a checkout does. Nothing here computes a path from
``__file__``.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

_extracted = ExitStack()
atexit.register(_extracted.close)


def resource(*parts: str) -> Traversable:
    """The packaged resource at ``resources/<parts...>``."""
    return files("editor").joinpath("resources", *parts)


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()


@cache
def resource_path(*parts: str) -> Path:
    """A real file-system path for a resource (a file or a folder), for the few
    consumers that need one, such as the preview page loaded from ``file:``.

    Installed packages and the bundle keep their files on disk, so this is the
    file itself; a zipped package is extracted once, for the life of the process.
    """
    return Path(_extracted.enter_context(as_file(resource(*parts)))).resolve()
