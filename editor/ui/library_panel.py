"""The post library: every post of the open site, with sorting, filters and search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from editor.core.library import Library, PostInfo

COLUMNS = ("Title", "Date", "Tags", "State", "Git")
GIT_COLUMN = 4
GIT_LABELS = {"modified": "Modified", "new": "New", "staged": "Staged", "conflicted": "Conflict"}
Index = QModelIndex | QPersistentModelIndex


class PostModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.posts: list[PostInfo] = []
        self.git_states: dict[str, str] = {}  # a post's path → its git state, for those not unchanged

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.posts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        post = self.posts[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return ("⚠ " if post.error else "") + post.title
            if column == 1:
                return (post.date or "")[:10]
            if column == 2:
                return ", ".join(post.tags)
            if column == GIT_COLUMN:
                return GIT_LABELS.get(self.git_states.get(post.path, ""), "")
            return "Problem" if post.error else ("Draft" if post.draft else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == GIT_COLUMN:
                state = self.git_states.get(post.path, "unchanged")
                return f"Git: {state}" + (" since the last commit" if state in ("modified", "unchanged") else "")
            if post.error:
                return post.error
            return f"{post.title}\n{post.path}" + (f"\nTags: {', '.join(post.tags)}" if post.tags else "")
        if role == Qt.ItemDataRole.UserRole:
            return post
        return None

    def append(self, posts: list[PostInfo]) -> None:
        if not posts:
            return
        self.beginInsertRows(QModelIndex(), len(self.posts), len(self.posts) + len(posts) - 1)
        self.posts.extend(posts)
        self.endInsertRows()

    def set_git_states(self, states: dict[str, str]) -> None:
        if states == self.git_states:
            return
        self.git_states = dict(states)
        if self.posts:
            self.dataChanged.emit(self.index(0, GIT_COLUMN), self.index(len(self.posts) - 1, GIT_COLUMN))

    def reset(self, posts: list[PostInfo]) -> None:
        self.beginResetModel()
        self.posts = list(posts)
        self.endResetModel()


class PostFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.tag = ""
        self.draft: bool | None = None
        self.matches: set[str] | None = None  # paths that match the text search
        self.sort_mode = "newest"

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, PostModel)
        post = model.posts[row]
        if self.tag and self.tag not in post.tags:
            return False
        if self.draft is not None and post.draft != self.draft:
            return False
        return self.matches is None or post.path in self.matches

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, PostModel)
        a, b = model.posts[left.row()], model.posts[right.row()]
        if self.sort_mode == "title":
            return a.title.lower() < b.title.lower()
        return (a.date or "") < (b.date or "")


class LibraryPanel(QWidget):
    """Lists the posts; ``openRequested`` carries the absolute path of a chosen post."""

    openRequested = Signal(object)
    previewRequested = Signal(object)  # a single click: open it in the preview tab

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.library: Library | None = None
        self.model = PostModel()
        self.proxy = PostFilter()
        self.proxy.setSourceModel(self.model)
        self.proxy.setDynamicSortFilter(True)

        self.search = QLineEdit(placeholderText="Search titles and text")
        self.search.setObjectName("postSearch")
        self.search.setClearButtonEnabled(True)
        self.tag_filter = QComboBox()
        self.tag_filter.setObjectName("tagFilter")
        self.draft_filter = QComboBox()
        self.draft_filter.setObjectName("draftFilter")
        self.draft_filter.addItems(["All posts", "Drafts", "Published"])
        self.sort = QComboBox()
        self.sort.setObjectName("postSort")
        self.sort.addItems(["Newest first", "Oldest first", "Title A–Z"])
        self.status = QLabel()
        self.status.setObjectName("libraryStatus")
        self.view = QTreeView()
        self.view.setObjectName("postList")
        self.view.setAccessibleName("Posts")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # publish several at once
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # Fixed widths: sizing columns to their contents would read every row of a large site.
        for column, width in ((1, 82), (2, 140), (3, 60), (GIT_COLUMN, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.view.setColumnHidden(2, True)  # tags: in the tooltip and the tag filter; the panel is narrow
        self.view.setColumnHidden(GIT_COLUMN, True)  # shown when the site is in a git repository

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.tag_filter, 1)
        filters.addWidget(self.draft_filter, 1)
        filters.addWidget(self.sort, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.tag_filter.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.draft_filter.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.sort.currentIndexChanged.connect(lambda _i: self._apply_sort())
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._clicked)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._apply_sort()

    # ----------------------------------------------------------------- data

    def set_library(self, library: Library | None) -> None:
        self.library = library
        self.model.reset([])
        self._refresh_tags()
        self.status.setText("Reading posts…" if library else "")

    def add_posts(self, posts: list[PostInfo]) -> None:
        self.model.append(posts)
        self.status.setText(f"Reading posts… {self.model.rowCount()}")

    def finish(self, posts: list[PostInfo]) -> None:
        """The scan is complete: show exactly ``posts`` (files may have gone)."""
        if [p.path for p in posts] != [p.path for p in self.model.posts] or posts != self.model.posts:
            self.model.reset(posts)
        self._refresh_tags()
        problems = sum(1 for p in posts if p.error)
        self.status.setText(f"{len(posts)} posts" + (f" · {problems} with problems" if problems else ""))
        if self.search.text():
            self._apply_search()

    def _refresh_tags(self) -> None:
        current = self.tag_filter.currentText()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags")
        if self.library is not None:
            self.tag_filter.addItems(sorted(self.library.tags()))
        index = self.tag_filter.findText(current)
        self.tag_filter.setCurrentIndex(max(0, index))
        self.tag_filter.blockSignals(False)

    # ----------------------------------------------------------------- filters

    def _apply_filters(self) -> None:
        self.proxy.tag = self.tag_filter.currentText() if self.tag_filter.currentIndex() > 0 else ""
        self.proxy.draft = {0: None, 1: True, 2: False}[self.draft_filter.currentIndex()]
        self.proxy.invalidate()

    def _apply_search(self) -> None:
        text = self.search.text().strip()
        if not text or self.library is None:
            self.proxy.matches = None
        else:
            self.proxy.matches = {p.path for p in self.library.search(text, self.model.posts)}
        self.proxy.invalidate()

    def _apply_sort(self) -> None:
        mode = self.sort.currentIndex()
        self.proxy.sort_mode = "title" if mode == 2 else "date"
        order = Qt.SortOrder.DescendingOrder if mode == 0 else Qt.SortOrder.AscendingOrder
        self.proxy.sort(0, order)

    def set_git_states(self, states: dict[str, str] | None) -> None:
        """Each post's git state (path → state, unchanged ones left out); None when the
        site is in no repository (the column is hidden)."""
        self.view.setColumnHidden(GIT_COLUMN, states is None)
        self.model.set_git_states(states or {})

    def selected_paths(self) -> list[Path]:
        """The absolute paths of the posts selected, in the list's order."""
        if self.library is None:
            return []
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        posts = [self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in rows]
        return [self.library.site.root / post.path for post in posts if isinstance(post, PostInfo)]

    def visible_titles(self) -> list[str]:
        return [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).title for r in range(self.proxy.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        post = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(post, PostInfo) and self.library is not None:
            self.openRequested.emit(self.library.site.root / post.path)

    def _clicked(self, index: QModelIndex) -> None:
        post = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(post, PostInfo) and self.library is not None:
            self.previewRequested.emit(self.library.site.root / post.path)

    def select_path(self, path: Path) -> None:
        if self.library is None:
            return
        root, target = self.library.site.root, path.resolve()
        try:
            relative = target.relative_to(root.resolve())
        except ValueError:
            return  # not a post of this site
        rows = range(self.proxy.rowCount())
        posts = [self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in rows]
        row = next((r for r in rows if Path(posts[r].path) == relative), None)
        if row is None:  # reached another way (a link inside the site): compare real paths
            row = next((r for r in rows if (root / posts[r].path).resolve() == target), None)
        if row is not None:
            self.view.setCurrentIndex(self.proxy.index(row, 0))
