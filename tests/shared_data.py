"""Where the shared corpus lives, and which of its files are posts."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _find_shared() -> Path | None:
    env = os.environ.get("POST_EDITOR_SHARED")
    if env:
        return Path(env)
    for parent in ROOT.parents:
        candidate = parent / "shared"
        if (candidate / "corpus" / "MANIFEST.tsv").is_file():
            return candidate
    candidate = ROOT.parent / "shared"
    return candidate if candidate.is_dir() else None


SHARED = _find_shared()
SKIP_NO_SHARED = "the shared corpus (../shared next to the project) is not on this machine"


def corpus_posts() -> list[Path]:
    """Every post listed in the corpus manifest, or [] when the corpus is absent."""
    if SHARED is None:
        return []
    corpus = SHARED / "corpus"
    with open(corpus / "MANIFEST.tsv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [corpus / row["repo"].replace("/", "__") / row["path"] for row in rows]


def shared_files() -> list[Path]:
    """Corpus posts plus the fixtures."""
    if SHARED is None:
        return []
    return corpus_posts() + sorted((SHARED / "fixtures").glob("*.md"))


def param_files(files: list[Path]) -> list[object]:
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=SKIP_NO_SHARED))]
    base = SHARED / "corpus" if SHARED else ROOT
    ids = []
    for f in files:
        try:
            ids.append(str(f.relative_to(base)))
        except ValueError:
            ids.append(f.name)
    return [pytest.param(f, id=i) for f, i in zip(files, ids, strict=True)]
