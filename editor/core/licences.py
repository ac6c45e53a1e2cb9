"""Whose work the program ships with: its own licence, and the packages it runs on with
their versions and licences, all read from the installed packages' metadata.

The list follows ``post-editor``'s declared runtime requirements and what those require
in turn (optional extras left out), so a dependency added to or dropped from the project
shows up here without anyone keeping a second list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from importlib.metadata import PackageMetadata

DISTRIBUTION = "post-editor"
NOT_STATED = "not stated"

_NAME = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_EXTRA = re.compile(r"\bextra\b")
_MAX_LICENCE_NAME = 80  # a longer License field is the whole licence text, not its name


@dataclass(frozen=True)
class Component:
    """An installed package the program runs on."""

    name: str  # as the package spells it
    version: str
    licence: str  # an SPDX expression, a licence's name, or NOT_STATED
    needed_by: str | None  # None for the program's own requirement, else the package that requires it


def normalized(name: str) -> str:
    """A package name as the packaging standards compare them (``ruamel.yaml`` is ``ruamel-yaml``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: PackageMetadata, key: str) -> str:
    values = meta.get_all(key) or []
    return str(values[0]).strip() if values else ""


def licence_of(meta: PackageMetadata) -> str:
    """A package's licence from its metadata: its SPDX ``License-Expression``, else a
    short ``License`` field, else its licence classifiers."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    text = _field(meta, "License")
    if text and "\n" not in text and len(text) <= _MAX_LICENCE_NAME and text.upper() != "UNKNOWN":
        return text
    classifiers = [
        str(c).split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if str(c).startswith("License ::")
    ]
    named = [c for c in classifiers if c != "OSI Approved"]
    return ", ".join(dict.fromkeys(named)) if named else NOT_STATED


def runtime_requirements(requirements: list[str] | None) -> list[str]:
    """The names of the packages in ``requirements`` (``Requires-Dist`` lines) that every
    installation needs: those behind an optional extra are left out."""
    names: list[str] = []
    for line in requirements or []:
        spec, _, marker = line.partition(";")
        match = _NAME.match(spec)
        if match and not _EXTRA.search(marker):
            names.append(match.group(1))
    return names


def program_licence(distribution: str = DISTRIBUTION) -> str:
    try:
        return licence_of(metadata.metadata(distribution))
    except metadata.PackageNotFoundError:
        return NOT_STATED


def program_summary(distribution: str = DISTRIBUTION) -> str:
    try:
        return _field(metadata.metadata(distribution), "Summary")
    except metadata.PackageNotFoundError:
        return ""


def shipped_components(distribution: str = DISTRIBUTION) -> list[Component]:
    """Every installed package ``distribution`` (the program) needs to run, each once,
    sorted by name.

    Requirements behind an extra are left out; other markers (``python_version < "3.11"``)
    are not evaluated: such a requirement is listed when it is installed, which is when
    this platform or Python needs it. Empty when the program itself is not installed as
    a package (a checkout run without ``pip install``)."""
    try:
        direct = runtime_requirements(metadata.requires(distribution))
    except metadata.PackageNotFoundError:
        return []
    wanted: list[tuple[str, str | None]] = [(name, None) for name in direct]
    found: dict[str, Component] = {}
    while wanted:
        name, needed_by = wanted.pop(0)
        key = normalized(name)
        if key in found or key == normalized(distribution):
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        meta = dist.metadata
        spelled = _field(meta, "Name") or name
        found[key] = Component(spelled, dist.version, licence_of(meta), needed_by)
        wanted.extend((child, spelled) for child in runtime_requirements(dist.requires))
    return sorted(found.values(), key=lambda c: normalized(c.name))
