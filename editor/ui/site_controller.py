"""The open site: its layout, its post library (indexed in the background) and
a file watcher that keeps the list current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.core.errors import PostError
from editor.core.library import Library, PostInfo
from editor.core.schema import Schema, schema_for
from editor.core.site import Site
from editor.ui.library_panel import LibraryPanel
from editor.ui.tasks import Task


class SiteController(QObject):
    siteChanged = Signal()
    indexed = Signal()  # a scan finished; the schema is up to date

    def __init__(self, panel: LibraryPanel, cache_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.cache_dir = cache_dir
        self.site: Site | None = None
        self.library: Library | None = None
        self.schema: Schema | None = None
        self._task: Task | None = None
        self._rescan_wanted = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _p: self._rescan_timer.start())
        self.watcher.fileChanged.connect(lambda _p: self._rescan_timer.start())
        self._rescan_timer = QTimer(self, singleShot=True, interval=400)
        self._rescan_timer.timeout.connect(self.rescan)

    def open(self, folder: Path) -> Site:
        """Detect the site in ``folder`` and start indexing it."""
        site = Site.detect(folder)
        self.site = site
        self.library = Library(site, self.cache_dir)
        self.schema = None
        self.panel.set_library(self.library)
        self._watch(site)
        self.siteChanged.emit()
        self.rescan()
        return site

    def _watch(self, site: Site) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        folders: list[str] = []
        for content in site.content_folders:
            if content.is_dir():
                folders.append(str(content))
                folders += [str(p) for p in content.rglob("*") if p.is_dir() and not p.name.startswith(".")][:2000]
        if folders:
            self.watcher.addPaths(folders)

    def rescan(self) -> None:
        library = self.library
        if library is None:
            return
        if self._task is not None and self._task.running:
            self._rescan_wanted = True
            return
        first = not self.panel.model.posts

        site = library.site

        def job(progress: Any) -> tuple[list[PostInfo], Schema | None]:
            posts = library.scan(on_batch=progress if first else None)
            try:  # inferring the schema reads every post's fields: keep it off the GUI thread too
                schema = schema_for(site.root, library.metadatas(), config_schema=site.config.schema or None)
            except PostError:
                schema = None
            return posts, schema

        self._task = Task(job, on_progress=self.panel.add_posts, on_done=self._scanned, parent=self)
        self._task.start()

    def _scanned(self, result: tuple[list[PostInfo], Schema | None] | None, error: BaseException | None) -> None:
        if error is not None or result is None or self.library is None or self.site is None:
            self.panel.status.setText(f"Could not read the site: {error}")
            return
        posts, self.schema = result
        self.panel.finish(posts)
        if self.site.notes:  # unreadable folders, links out of the site, odd file names...
            self.panel.status.setText(self.panel.status.text() + f" · {len(self.site.notes)} notes")
            self.panel.status.setToolTip("\n".join(self.site.notes))
        self.indexed.emit()
        if self._rescan_wanted:
            self._rescan_wanted = False
            self.rescan()

    def is_idle(self) -> bool:
        return self._task is None or not self._task.running

    def shutdown(self) -> None:
        if self._task is not None and self._task.running:
            self._task.wait()
