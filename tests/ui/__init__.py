"""Tests of editor.ui: the real widgets with pytest-qt, offscreen."""
