"""Entry script for the PyInstaller bundle (packaging/post-editor.spec)."""

from editor.cli import main

raise SystemExit(main())
