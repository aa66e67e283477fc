"""The Entities window: the project's registry (with a filter box) and, for the selected entity, every
mention across the project (document title, the sentence with the mention in quotes), read off the UI
thread; activating a mention (double-click or Enter) opens its document and selects the span. The name
field renames the selected entity (Enter); with two entities selected, Merge folds the other into the
current one; with some of its mentions selected and a name typed, Split off moves them to a new entity
of the same label. A second tab lists the unlinked mentions close to the entity's names, to add as
aliases (:mod:`annotator.gui.entity_aliases`). All are undoable edits.

Everything shown is plain text (entity names and sentences come from imports). The window follows the
session: a registry or link edit re-reads the registry, and the selected entity's mentions again.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.edits import Changes
from annotator.core.entity_edits import MergeEntities, RenameEntity, SplitEntity
from annotator.core.model import Entity
from annotator.gui.documents_model import read_in_background
from annotator.gui.entity_aliases import AliasesFromMentions
from annotator.gui.entity_linking import entity_title
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import literal_tooltip, plain_label
from annotator.gui.tool_windows import ToolWindow, bring_up, merge_pair
from annotator.gui.workbench import Workbench
from annotator.project.entity_view import EntityMention

ROLE = Qt.ItemDataRole.UserRole
REACH = 40  # characters of a mention's sentence shown either side of it (all of it in the tooltip)


def entity_row(entity: Entity) -> str:
    """One registry row: the title, then the aliases."""
    aliases = f" — also {', '.join(entity.aliases)}" if entity.aliases else ""
    return entity_title(entity) + aliases


def mention_row(mention: EntityMention, reach: int | None = None) -> str:
    """``Title: …the sentence with the “mention” in quotes…`` on one line. With ``reach``, at most that
    many characters of the sentence either side of the mention, so a narrow list still shows the mention
    (a long sentence pushed it out of sight: two mentions in one sentence read the same)."""
    sentence = mention.sentence
    left = _spaced(sentence[:mention.start]).lstrip()
    right = _spaced(sentence[mention.end:]).rstrip()
    if reach is not None and len(left) > reach:
        cut = left[-reach:]
        left = "…" + (cut[cut.index(" ") + 1:] if " " in cut[:-1] else cut)  # from a whole word
    if reach is not None and len(right) > reach:
        cut = right[:reach]
        right = (cut[:cut.rindex(" ")] if " " in cut[1:] else cut) + "…"
    mention_text = _spaced(sentence[mention.start:mention.end]).strip()
    return f"{mention.title or f'Document {mention.doc_id}'}: {left}“{mention_text}”{right}"


def _spaced(text: str) -> str:
    """Each run of white space (line breaks too) as one space."""
    return re.sub(r"\s+", " ", text)


class EntityView(ToolWindow):
    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Entities", parent)
        self.workbench, self.session = workbench, workbench.session
        self.job: BackgroundJob | None = None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, alias or label")
        self.filter.setClearButtonEnabled(True)
        self.entities = QListWidget()
        self.entities.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name of the selected entity (Enter renames it)")
        self.merge = QPushButton("Merge")
        self.merge.setToolTip("Select two entities of one label: the other is merged into the current one")
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.name, 1)
        edit_row.addWidget(self.merge)
        self.mentions = QListWidget()
        self.mentions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.mentions_title = plain_label("Select an entity to see its mentions.")
        self.split_name = QLineEdit()
        self.split_name.setPlaceholderText("Name of a new entity for the selected mentions")
        self.split = QPushButton("Split off")
        self.split.setToolTip("Move the selected mentions (some, not all) to a new entity of the same label")
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_name, 1)
        split_row.addWidget(self.split)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.mentions_title)
        lower_layout.addWidget(self.mentions)
        lower_layout.addLayout(split_row)
        self.aliases = AliasesFromMentions(self.session)
        self.tabs = QTabWidget()
        self.tabs.addTab(lower, "Mentions")
        self.tabs.addTab(self.aliases, "Aliases from unlinked mentions")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.entities)
        splitter.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(splitter, 1)
        layout.addLayout(edit_row)
        self.resize(560, 520)
        self.filter.textChanged.connect(self.apply_filter)
        self.entities.currentItemChanged.connect(lambda item, _: self._show_current(item))
        self.entities.itemSelectionChanged.connect(self._update_merge)
        self.name.returnPressed.connect(self.rename)
        self.merge.clicked.connect(self.merge_selected)
        self.mentions.itemActivated.connect(self.jump)
        self.mentions.itemSelectionChanged.connect(self._update_split)
        self.split_name.textChanged.connect(self._update_split)
        self.split_name.returnPressed.connect(self.split_selected)
        self.split.clicked.connect(self.split_selected)
        self.session.changed.connect(self._on_changed)
        self.reload()

    @staticmethod
    def _entity_id(item: QListWidgetItem | None) -> int | None:
        return item.data(ROLE) if item is not None else None

    def reload(self) -> None:
        """Re-read the registry (one query), keeping the selected entity and the filter."""
        selected = self._entity_id(self.entities.currentItem())
        self.entities.blockSignals(True)
        self.entities.clear()
        for entity in self.session.project.entities():
            item = QListWidgetItem(entity_row(entity))
            item.setData(ROLE, entity.id)
            self.entities.addItem(item)
            if entity.id == selected:
                self.entities.setCurrentItem(item)
        self.entities.blockSignals(False)
        self.apply_filter(self.filter.text())
        self._show_current(self.entities.currentItem())

    def _show_current(self, item: QListWidgetItem | None) -> None:
        entity_id = self._entity_id(item)
        self.name.setEnabled(entity_id is not None)
        self.name.setText(self.session.project.entity(entity_id).name if entity_id is not None else "")
        self._update_merge()
        self.show_mentions(entity_id)
        self.aliases.show_entity(entity_id)

    def _merge_pair(self) -> tuple[int, int] | None:
        return merge_pair(self._entity_id(self.entities.currentItem()),
                          [self._entity_id(item) for item in self.entities.selectedItems()])

    def _update_merge(self) -> None:
        self.merge.setEnabled(self._merge_pair() is not None)

    def rename(self) -> None:
        entity_id = self._entity_id(self.entities.currentItem())
        name = self.name.text().strip()
        if entity_id is not None and name:
            self.session.do(RenameEntity(entity_id, name), f"Renamed the entity to {name}")

    def merge_selected(self) -> None:
        pair = self._merge_pair()
        if pair is not None:
            self.session.do(MergeEntities(*pair), "Merged the two entities")

    def _split_choice(self) -> tuple[int, tuple[int, ...], str] | None:
        """(entity, the selected mentions' spans, the new name) when a split can be asked for: some of
        the mentions selected, not all, and a name."""
        entity_id = self._entity_id(self.entities.currentItem())
        chosen = tuple(item.data(ROLE)[1] for item in self.mentions.selectedItems())
        name = " ".join(self.split_name.text().split())
        if entity_id is None or not chosen or len(chosen) >= self.mentions.count() or not name:
            return None
        return entity_id, chosen, name

    def _update_split(self) -> None:
        self.split.setEnabled(self._split_choice() is not None)

    def split_selected(self) -> None:
        choice = self._split_choice()
        if choice is not None:
            entity_id, span_ids, name = choice
            count = len(span_ids)
            self.session.do(SplitEntity(entity_id, span_ids, name),
                            f"Split {count} mention{'s' if count != 1 else ''} off to the new entity {name}")

    def apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for row in range(self.entities.count()):
            item = self.entities.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def show_mentions(self, entity_id: int | None) -> None:
        """Read the entity's mentions across the project in the background, then list them."""
        if self.job is not None:
            self.job.abandon()
            self.job = None
        self.mentions.clear()
        self._update_split()
        if entity_id is None:
            self.mentions_title.setText("Select an entity to see its mentions.")
            return
        self.mentions_title.setText("Reading mentions…")
        self.job = read_in_background(self, self.session.project,
                                      lambda reader: reader.entity_mentions(entity_id))
        self.job.succeeded.connect(self._list_mentions)
        self.job.start()

    def _list_mentions(self, found: list[EntityMention]) -> None:
        self.job = None
        self.mentions.clear()
        for mention in found:
            item = QListWidgetItem(mention_row(mention, REACH))
            item.setToolTip(literal_tooltip(mention_row(mention)))  # the whole sentence
            item.setData(ROLE, (mention.doc_id, mention.span.id))
            self.mentions.addItem(item)
        count = len(found)
        self.mentions_title.setText(f"{count} mention{'s' if count != 1 else ''} across the project "
                                    "(double-click or Enter opens one; select some to split them off)")
        self.split_name.clear()
        self._update_split()

    def jump(self, item: QListWidgetItem) -> None:
        """Open the mention's document and select its span."""
        doc_id, span_id = item.data(ROLE)
        self.workbench.go_to(doc_id, span_id=span_id)

    def _on_changed(self, changes: Changes) -> None:
        if changes.entities:
            self.reload()


def show_entity_view(workbench: Workbench) -> EntityView:
    """The one Entities window of this workbench, made on first use and brought to the front."""
    return bring_up(workbench, EntityView, lambda: EntityView(workbench, workbench))[0]
