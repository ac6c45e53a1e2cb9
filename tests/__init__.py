"""Tests mirror the package: tests/core for editor.core, tests/ui for editor.ui."""
