"""Where a post's site keeps its public files, and URL-to-path resolution inside it.

Resolution never leaves the site: a path that climbs out of the allowed folders
(``../../etc/passwd``) or a ``file://`` URL resolves to nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

PUBLIC_NAMES = ("public", "static")


def find_public_folder(start: Path) -> Path | None:
    """The nearest ``public/`` or ``static/`` folder beside ``start`` or one of its parents."""
    folder = start if start.is_dir() else start.parent
    for parent in [folder, *folder.parents]:
        for name in PUBLIC_NAMES:
            candidate = parent / name
            if candidate.is_dir():
                return candidate
    return None


@dataclass(frozen=True)
class Resolved:
    """What a link or image reference in a post points at."""

    kind: str  # "local", "missing", "remote", "data", "outside"
    original: str
    path: Path | None = None


@dataclass
class AssetResolver:
    """Resolves image references the way the site will: relative to the post's
    folder, or site-absolute (``/images/x.webp``) through the public folder."""

    post_dir: Path
    public_dir: Path | None = None
    roots: tuple[Path, ...] = field(default=())

    @classmethod
    def for_post(cls, post_path: Path | None) -> AssetResolver:
        if post_path is None:
            return cls(post_dir=Path.cwd(), public_dir=None, roots=())
        post_dir = post_path.resolve().parent
        public = find_public_folder(post_dir)
        site_root = public.parent if public else post_dir
        return cls(post_dir=post_dir, public_dir=public, roots=(site_root, post_dir))

    def allowed(self, path: Path) -> bool:
        real = Path(os.path.realpath(path))
        return any(real == r or r in real.parents for r in (Path(os.path.realpath(x)) for x in self.roots))

    def resolve(self, ref: str) -> Resolved:
        ref = ref.strip()
        parts = urlsplit(ref)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return Resolved("data", ref)
        if scheme in ("http", "https") or ref.startswith("//"):
            return Resolved("remote", ref)
        if scheme and len(scheme) > 1:  # file:, javascript:, ftp: ... (one letter is a drive)
            return Resolved("outside", ref)
        raw = unquote(parts.path)
        if not raw:
            return Resolved("missing", ref)
        if raw.startswith("/"):
            if self.public_dir is None:
                return Resolved("missing", ref)
            path = self.public_dir / raw.lstrip("/")
        else:
            path = self.post_dir / raw
        if not self.allowed(path):
            return Resolved("outside", ref, path)
        if not path.is_file():
            return Resolved("missing", ref, path)
        return Resolved("local", ref, Path(os.path.realpath(path)))
