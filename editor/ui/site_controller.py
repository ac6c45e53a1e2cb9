"""The open site: its layout, its post library (indexed in the background) and
a file watcher that keeps the list current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from editor.core.errors import PostError
from editor.core.library import Library, PostInfo
from editor.core.schema import Schema, SiteSchemas
from editor.core.site import AssetResolver, Site
from editor.ui.document import PostDocument
from editor.ui.library_panel import LibraryPanel
from editor.ui.tasks import Task


class SiteContext:
    """One opened site, its library and its schema. A document opened in a site keeps
    this when another folder is opened: it belongs to its own site."""

    def __init__(self, site: Site, library: Library, standalone: bool = False) -> None:
        self.site = site
        self.library = library
        self.schemas: SiteSchemas | None = None
        self.standalone = standalone  # the site of a post opened on its own: not indexed

    @classmethod
    def of_post(cls, path: Path) -> SiteContext | None:
        """The site of a post opened without its folder: its layout and the schema its CMS
        config declares (read now; the posts are not indexed). None for a file in no site
        a marker shows."""
        site = Site.for_file(path)
        if not site.is_recognised:
            return None
        context = cls(site, Library(site), standalone=True)
        try:
            context.schemas = SiteSchemas(site.root, [], site.config.schema or None)
        except PostError:
            context.schemas = None  # a broken CMS config: the form guesses from the post, as before
        return context

    def schema_for(self, path: Path | None, metadata: Any = None) -> Schema | None:
        """The schema of the post at ``path``: its collection's or content type's."""
        return self.schemas.for_post(path, metadata) if self.schemas is not None else None

    @property
    def schema(self) -> Schema | None:
        """The schema of the site's blog posts (a new post gets these fields)."""
        return self.schemas.site_wide if self.schemas is not None else None

    def holds(self, path: Path | None) -> bool:
        return path is None or self.site.contains(path)


class SiteController(QObject):
    siteChanged = Signal()
    indexed = Signal()  # a scan finished; the schema is up to date

    def __init__(self, panel: LibraryPanel, cache_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.cache_dir = cache_dir
        self.context: SiteContext | None = None
        self._standalone: list[SiteContext] = []
        self._task: Task | None = None
        self._rescan_wanted = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _p: self._rescan_timer.start())
        self.watcher.fileChanged.connect(lambda _p: self._rescan_timer.start())
        self._rescan_timer = QTimer(self, singleShot=True, interval=400)
        self._rescan_timer.timeout.connect(self.rescan)

    @property
    def site(self) -> Site | None:
        return self.context.site if self.context is not None else None

    @property
    def library(self) -> Library | None:
        return self.context.library if self.context is not None else None

    @property
    def schema(self) -> Schema | None:
        return self.context.schema if self.context is not None else None

    def context_for(self, path: Path | None) -> SiteContext | None:
        """The open site's context when ``path`` belongs to it (an untitled post does); for a
        post of another site, that site's own (shared by its posts opened on their own)."""
        if self.context is not None and self.context.holds(path):
            return self.context
        if path is None:
            return None
        for context in self._standalone:
            if context.holds(path) and context.site.root in Path(path).parents:
                return context
        context = SiteContext.of_post(Path(path))
        if context is not None:
            self._standalone.append(context)
        return context

    def open(self, folder: Path) -> Site:
        """Detect the site in ``folder`` and start indexing it."""
        site = Site.detect(folder)
        self.context = SiteContext(site, Library(site, self.cache_dir))
        self.panel.set_library(self.context.library)
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
        context = self.context
        if context is None:
            return
        library = context.library
        if self._task is not None and self._task.running:
            self._rescan_wanted = True
            return
        first = not self.panel.model.posts

        site = library.site

        def job(progress: Any) -> tuple[list[PostInfo], SiteSchemas | None]:
            posts = library.scan(on_batch=progress if first else None)
            try:  # inferring the schema reads every post's fields: keep it off the GUI thread too
                schemas = SiteSchemas(site.root, list(library.metadatas()), site.config.schema or None)
            except PostError:
                schemas = None
            return posts, schemas

        def done(result: tuple[list[PostInfo], SiteSchemas | None] | None, error: BaseException | None) -> None:
            self._scanned(context, result, error)

        self._task = Task(job, on_progress=self.panel.add_posts, on_done=done, parent=self)
        self._task.start()

    def _scanned(
        self,
        context: SiteContext,
        result: tuple[list[PostInfo], SiteSchemas | None] | None,
        error: BaseException | None,
    ) -> None:
        if context is not self.context:  # another folder was opened meanwhile
            if result is not None:
                context.schemas = result[1]
            if self._rescan_wanted:
                self._rescan_wanted = False
                self.rescan()
            return
        if error is not None or result is None or self.site is None:
            self.panel.status.setText(f"Could not read the site: {error}")
            return
        posts, context.schemas = result
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


def site_of(document: PostDocument) -> Site | None:
    """The site a saved post belongs to: the one it was opened in, else the one found
    from its file. None for a post not saved yet."""
    if document.path is None:
        return None
    if document.site_context is not None:
        return document.site_context.site
    return Site.for_file(document.path)


def schema_of(document: PostDocument) -> Schema | None:
    """The schema of the document's post: its collection's or content type's, as its CMS
    chooses it from the post's folder and ``type:`` field."""
    context = document.site_context
    if context is None:
        return None
    metadata = document.post.metadata if document.post is not None else None
    return context.schema_for(document.path, metadata)


def resolver_of(document: PostDocument) -> AssetResolver:
    """How the post's image references resolve: through its site when it has one."""
    context = document.site_context
    if context is not None and document.path is not None:
        return context.site.resolver_for(document.path)
    return AssetResolver.for_post(document.path)
