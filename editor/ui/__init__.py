"""Qt widgets. Thin: they call editor.core and hold no file-format logic."""
