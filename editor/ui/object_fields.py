"""Declared objects and lists of objects (Decap ``object`` and ``list`` with ``fields``,
Front Matter CMS ``fields``) as nested forms: a collapsible group of fields, and a list
of such groups with add, remove and reorder. An edit changes only its own values: the
mapping or list is copied (its comments and quoting kept) and only what changed is set."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QMenu, QToolButton, QVBoxLayout, QWidget

from editor.core.newpost import initial_value
from editor.core.site import AssetResolver
from editor.ui.fields import Field

MakeField = Callable[[str, Any, Any], Field]  # (key, value, spec) -> the widget for one value


def is_plain_mapping(value: Any) -> bool:
    """A mapping whose keys are names: what a nested form can show (its values may nest)."""
    return isinstance(value, Mapping) and all(isinstance(k, str) for k in value)


class ObjectField(Field):
    """One object: a row per key, each with the widget its declared field (or value) asks for."""

    kind = "object"

    def __init__(
        self,
        key: str,
        value: Mapping[str, Any],
        specs: tuple[Any, ...],
        make: MakeField,
        parent: QWidget | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(key, parent)
        self._value = value
        self.specs = {s.name: s for s in specs}
        self.title = title or f"{len(value)} fields"
        self.toggle = QToolButton(self, text=f"▾ {self.title}", autoRaise=True, checkable=True, checked=True)
        self.toggle.setObjectName("collapse")
        self.body = QWidget(self)
        rows = QFormLayout(self.body)
        rows.setContentsMargins(12, 0, 0, 0)
        rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, Field] = {}
        self.touched: set[str] = set()  # only the values the author edited are written
        for name, sub in value.items():
            field = make(f"{key}.{name}", sub, self.specs.get(name))
            field.edited.connect(lambda _v, n=name: self._sub_edited(n))
            self.fields[name] = field
            rows.addRow(str(name), field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self._collapse)

    def _sub_edited(self, name: str) -> None:
        self.touched.add(name)
        self.edited.emit(self.value())

    def _collapse(self, shown: bool) -> None:
        self.body.setVisible(shown)
        self.toggle.setText(("▾ " if shown else "▸ ") + self.title)

    def value(self) -> Any:
        """The mapping with the edited values set. A widget may read a value differently
        (an empty ``count:`` as ``''``): values the author did not touch stay as read."""
        new = copy.deepcopy(self._value)
        for name in self.touched:
            new[name] = self.fields[name].value()
        return new

    def set_value(self, value: Any) -> None:
        if not isinstance(value, Mapping):
            return
        self._value = value
        self.touched.clear()  # what the document now holds is the baseline
        for name, field in self.fields.items():
            if name in value:
                field.set_value(value[name])


class ObjectListField(Field):
    """A list of objects: each item a nested form with ↑ ↓ ✕, and Add Item below, which
    starts an item with its fields' defaults. A list of several kinds (Decap ``types``,
    FMC ``block`` field groups) shows each item with its own kind's fields, named by
    ``type_key`` in the item, and Add Item asks which kind."""

    kind = "object-list"

    def __init__(
        self,
        key: str,
        value: list[Any],
        specs: tuple[Any, ...],
        make: MakeField,
        parent: QWidget | None = None,
        kinds: Mapping[str, tuple[Any, ...]] | None = None,
        type_key: str = "type",
    ) -> None:
        super().__init__(key, parent)
        self._value = value
        self.specs = specs
        self.kinds = dict(kinds or {})
        self.type_key = type_key
        self.make = make
        self.items: list[Any] = list(value)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.add_button = QToolButton(self, text="+ Add item", autoRaise=True)
        self.add_button.setObjectName("addItem")
        if self.kinds:
            menu = QMenu(self.add_button)
            for name in self.kinds:
                menu.addAction(name, lambda n=name: self.add_item(n))
            self.add_button.setMenu(menu)
            self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        else:
            self.add_button.clicked.connect(lambda _c=False: self.add_item())
        self._rows: list[QWidget] = []
        self._build()

    def _build(self) -> None:
        for row in self._rows:
            row.deleteLater()
        self._rows = []
        self.column.removeWidget(self.add_button)
        for index, item in enumerate(self.items):
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            kind = item.get(self.type_key) if self.kinds else None
            specs = self.kinds.get(str(kind), ()) if self.kinds else self.specs
            title = f"Item {index + 1}" + (f": {kind}" if kind is not None and self.kinds else "")
            form = ObjectField(f"{self.key}[{index}]", item, specs, self.make, row, title)
            form.edited.connect(lambda v, i=index: self._item_edited(i, v))
            line.addWidget(form, 1)
            for text, name, slot in (
                ("↑", "moveUp", lambda _c=False, i=index: self.move(i, -1)),
                ("↓", "moveDown", lambda _c=False, i=index: self.move(i, 1)),
                ("✕", "removeItem", lambda _c=False, i=index: self.remove(i)),
            ):
                button = QToolButton(row, text=text, autoRaise=True)
                button.setObjectName(f"{name}:{index}")
                if name == "removeItem":
                    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never reached by Tab then Space
                    button.setToolTip("Remove this item")
                button.clicked.connect(slot)
                line.addWidget(button)
            self.column.addWidget(row)
            self._rows.append(row)
        self.column.addWidget(self.add_button)

    def _item_edited(self, index: int, value: Any) -> None:
        self.items[index] = value
        self.edited.emit(self.value())

    def add_item(self, kind: str | None = None) -> None:
        """Add an item (of ``kind``, for a list of several kinds) with its fields' defaults."""
        now = dt.datetime.now()
        specs = self.kinds.get(kind, ()) if kind is not None else self.specs
        item: dict[str, Any] = {self.type_key: kind} if kind is not None else {}
        item.update({s.name: value for s in specs if (value := initial_value(s, now)) is not None})
        self.items.append(item)
        self._changed()

    def remove(self, index: int) -> None:
        del self.items[index]
        self._changed()

    def move(self, index: int, step: int) -> None:
        target = index + step
        if 0 <= target < len(self.items):
            self.items[index], self.items[target] = self.items[target], self.items[index]
            self._changed()

    def _changed(self) -> None:
        self._build()
        self.edited.emit(self.value())

    def value(self) -> Any:
        new = copy.deepcopy(self._value)  # the list's own style (flow or block) is kept
        new[:] = [copy.deepcopy(item) for item in self.items]
        return new

    def set_value(self, value: Any) -> None:
        if isinstance(value, list) and value != self.items:
            self._value = value
            self.items = list(value)
            self._build()


def nested_field(
    key: str, value: Any, spec: Any, fmt: str, resolver: AssetResolver | None, make_one: Callable[..., Field]
) -> Field | None:
    """The nested form for a declared object or list of objects, or None for other values.
    ``make_one(key, value, fmt, resolver, spec)`` makes the widget of each inner value."""
    if spec is None:
        return None

    def make(inner_key: str, inner: Any, inner_spec: Any) -> Field:
        return make_one(inner_key, inner, fmt, resolver, inner_spec)

    return _nested(key, value, spec, make)


def _nested(key: str, value: Any, spec: Any, make: MakeField) -> Field | None:
    if spec.type == "object" and is_plain_mapping(value):
        return ObjectField(key, value, spec.item_fields, make)
    listed = spec.item_fields or spec.item_types
    if spec.type == "list" and listed and isinstance(value, list) and all(map(is_plain_mapping, value)):
        return ObjectListField(key, value, spec.item_fields, make, kinds=spec.item_types, type_key=spec.type_key)
    return None
