"""Post Editor: a desktop Markdown editor for static-site blog posts."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("post-editor")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
