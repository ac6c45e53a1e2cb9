"""After a post's file is renamed: offer to update the links to it in the site's other
posts, showing each change first (``core.link_updates``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from editor.core.link_updates import LinkUse, update_links
from editor.core.site import Site
from editor.ui.tabs import DocumentTabs


def offer_link_updates(
    parent: QWidget, tabs: DocumentTabs, site: Site, uses: list[LinkUse], old: Path, new: Path
) -> str:
    """Ask, then rewrite ``uses``; what happened, for the status bar ('' when nothing links)."""
    if not uses:
        return ""
    busy = [u for u in uses if (doc := tabs.find(u.file)) is not None and doc.is_modified]
    ready = [u for u in uses if u not in busy]
    lines = [f"{_shown(site, u.file)}, line {u.line + 1}: {u.written}  →  {u.replaced(old, new)}" for u in ready] + [
        f"{_shown(site, u.file)}: not changed, it has unsaved changes" for u in busy
    ]
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Update links?",
        f"{_count(len(uses), 'link')} in {_count(len({u.file for u in uses}), 'other post')} "
        f"point to “{old.name}”. Update them to “{new.name}”?",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("linkUpdatePrompt")
    box.setInformativeText("Only those links change in each file. Details lists every change.")
    box.setDetailedText("\n".join(lines))
    update = box.addButton(f"Update {_count(len(ready), 'Link')}", QMessageBox.ButtonRole.AcceptRole)
    update.setObjectName("updateLinks")
    update.setEnabled(bool(ready))
    leave = box.addButton("Leave Them", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(update if ready else leave)
    box.setEscapeButton(leave)
    box.exec()
    if box.clickedButton() is not update:
        return f"Links to {old.name} left as they were."
    changed, skipped = update_links(site, ready, old, new)
    for file in changed:
        doc = tabs.find(file)
        if doc is not None and not doc.is_modified:
            doc.reload()
    note = f"Updated links in {_count(len(changed), 'post')}."
    left = len(skipped) + len(busy)
    return note + (f" {_count(left, 'link')} left unchanged (see the file)." if left else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _shown(site: Site, file: Path) -> str:
    try:
        return file.relative_to(site.root).as_posix()
    except ValueError:
        return file.name
