"""One name for the application everywhere it appears on a desktop.

``APP_ID`` names the desktop file, the AppStream component, the icon and the
window's desktop file name. ``DIR_NAME`` names every folder the application
keeps per user: settings, state (the recovery journal) and cache.
"""

from __future__ import annotations

APP_ID = "org.posteditor.PostEditor"
DIR_NAME = "post-editor"
DISPLAY_NAME = "Post Editor"
LEGACY_SETTINGS_NAME = "Post Editor"  # early versions wrote ~/.config/Post Editor/Post Editor.conf
