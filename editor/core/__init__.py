"""The pure-Python core: files, posts, rendering. Never imports Qt."""
