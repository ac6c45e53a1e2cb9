"""Tests of editor.core: plain pytest, no QApplication."""
