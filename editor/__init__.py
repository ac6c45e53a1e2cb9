"""Post Editor: a desktop Markdown editor for static-site blog posts."""

__version__ = "0.1.0"
