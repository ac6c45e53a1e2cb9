"""The licences About shows come from the installed packages' metadata, never a list of
our own; and the packaged Markdown guide is a post the checks find ready but for its cover."""

from __future__ import annotations

import importlib.metadata
import re
from email.message import Message
from pathlib import Path

import pytest

from editor.core import licences, resources
from editor.core.checks import check_post
from editor.core.licences import NOT_STATED, licence_of, normalized, runtime_requirements, shipped_components
from editor.core.post import Post


def metadata_of(**fields: str | list[str]) -> Message:
    meta = Message()
    for key, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            meta[key.replace("_", "-")] = one
    return meta


def install(site: Path, name: str, version: str, requires: tuple[str, ...] = (), **fields: str | list[str]) -> None:
    """A real installed distribution: a ``.dist-info`` folder with its METADATA."""
    info = site / f"{re.sub(r'[-.]+', '_', name)}-{version}.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.4", f"Name: {name}", f"Version: {version}"]
    for key, value in fields.items():
        lines += [f"{key.replace('_', '-')}: {one}" for one in (value if isinstance(value, list) else [value])]
    lines += [f"Requires-Dist: {r}" for r in requires]
    (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_licence_is_the_spdx_expression_then_a_short_field_then_the_classifiers() -> None:
    assert licence_of(metadata_of(License_Expression="MIT", License="BSD")) == "MIT"
    assert licence_of(metadata_of(License="Apache-2.0")) == "Apache-2.0"
    classifiers = ["License :: OSI Approved :: MIT License", "Programming Language :: Python"]
    assert licence_of(metadata_of(License="UNKNOWN", Classifier=classifiers)) == "MIT License"
    whole_text = "Copyright (c) 2020 Somebody\n\nPermission is hereby granted, free of charge, ..."
    assert licence_of(metadata_of(License=whole_text, Classifier=classifiers)) == "MIT License"
    assert licence_of(metadata_of(License=whole_text)) == NOT_STATED
    assert licence_of(metadata_of(Summary="no licence at all")) == NOT_STATED


def test_runtime_requirements_leave_the_extras_out() -> None:
    lines = [
        "PySide6<6.12,>=6.8",
        "ruamel.yaml>=0.18",
        "tomli>=2.0.1; python_version < '3.11'",
        'pytest>=8; extra == "test"',
        "colorama>=0.4.6 ; extra == 'windows-terminal'",
        "Pillow[avif] (>=10)",
    ]
    assert runtime_requirements(lines) == ["PySide6", "ruamel.yaml", "tomli", "Pillow"]
    assert runtime_requirements(None) == []


def test_shipped_components_follow_the_requirements_of_the_requirements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    install(
        site,
        "demo-app",
        "2.0",
        ("Toolkit>=1", "small_lib", "absent-on-this-python; python_version < '3.0'", "devtool; extra == 'dev'"),
        License_Expression="MIT",
    )
    install(site, "Toolkit", "1.5", ("toolkit-core==1.5", "small-lib", "docs-theme; extra == 'docs'"), License="LGPL")
    install(site, "toolkit_core", "1.5", License_Expression="LGPL-3.0-only OR GPL-3.0-only")
    install(site, "Small.Lib", "0.3", ("demo-app",), Classifier="License :: OSI Approved :: BSD License")
    install(site, "devtool", "9.9", License_Expression="MIT")  # installed, but only behind the extra
    install(site, "docs-theme", "1.0", License_Expression="MIT")
    monkeypatch.syspath_prepend(str(site))

    components = shipped_components("demo-app")

    assert [(c.name, c.version, c.licence, c.needed_by) for c in components] == [
        ("Small.Lib", "0.3", "BSD License", None),  # required directly, also by Toolkit: listed once
        ("Toolkit", "1.5", "LGPL", None),
        ("toolkit_core", "1.5", "LGPL-3.0-only OR GPL-3.0-only", "Toolkit"),
    ]
    assert licences.program_licence("demo-app") == "MIT"
    assert shipped_components("not-installed-anywhere") == []
    assert licences.program_licence("not-installed-anywhere") == NOT_STATED


def test_the_installed_program_lists_every_runtime_requirement_with_its_metadata_licence() -> None:
    declared = runtime_requirements(importlib.metadata.requires(licences.DISTRIBUTION))
    components = {normalized(c.name): c for c in shipped_components()}
    assert {"pyside6", "python-frontmatter", "markdown", "pygments", "pillow", "ruamel-yaml"} <= set(components)
    for name in declared:
        component = components[normalized(name)]
        assert component.needed_by is None
        assert component.version == importlib.metadata.version(name)
        assert component.licence == licence_of(importlib.metadata.metadata(name))
    assert "LGPL" in components["pyside6"].licence
    brought_in = [c for c in components.values() if c.needed_by is not None]
    assert brought_in and all(normalized(c.needed_by or "") in components for c in brought_in)
    assert not {"pytest", "mypy", "ruff", "hypothesis"} & set(components)  # the test extra is not shipped


def test_the_markdown_guide_is_a_post_whose_only_problem_is_its_missing_cover() -> None:
    post = Post.from_text(resources.read_text("guide", "markdown-guide.md"))
    assert post.metadata["title"] == "Markdown Guide"
    assert [p.code for p in check_post(post)] == ["cover-missing"]
    assert "no cover image" in post.content  # the guide says so itself
