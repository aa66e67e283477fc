"""The Entities window's "Aliases from unlinked mentions" tab: the texts of mentions nobody linked yet
that are close to the selected entity's names (the same name in other case or accents, or sharing a
word), read off the UI thread, each with how many mentions read so and why it is close. The analyst
ticks some and adds them as aliases, linking those mentions too if asked: one undoable edit.

Texts come from imported documents, so every row is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.documents_model import read_in_background
from annotator.gui.jobs import BackgroundJob
from annotator.gui.mentions import quote
from annotator.gui.plain_text import plain_label
from annotator.gui.session import Session
from annotator.nlp.entity_links import AliasCandidate

ROLE = Qt.ItemDataRole.UserRole
SHOWN = 300  # a word shared by thousands of names ("group") lists them all: the closest are enough


def candidate_row(candidate: AliasCandidate) -> str:
    """``“Isis” — 3 mentions, same name in other case or accents``."""
    mentions = f"{candidate.count} mention{'s' if candidate.count != 1 else ''}"
    return f"{quote(candidate.text, 60)} — {mentions}, {candidate.why}"


class AliasesFromMentions(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entity_id: int | None = None
        self.job: BackgroundJob | None = None
        self.title = plain_label("Select an entity to see unlinked mentions close to its names.")
        self.title.setWordWrap(True)
        self.candidates = QListWidget()
        self.candidates.setAccessibleName("Texts of unlinked mentions close to the entity")
        self.link = QCheckBox("Link their mentions too")
        self.link.setChecked(True)
        self.add = QPushButton("Add as aliases")
        self.add.setToolTip("Add the ticked texts as aliases of the entity (Space ticks the current row)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.link, 1)
        buttons.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.candidates, 1)
        layout.addLayout(buttons)
        self.candidates.itemChanged.connect(self._update_add)
        self.add.clicked.connect(self.add_chosen)
        self._update_add()

    def chosen(self) -> list[str]:
        return [item.data(ROLE) for item in map(self.candidates.item, range(self.candidates.count()))
                if item.checkState() == Qt.CheckState.Checked]

    def _update_add(self) -> None:
        self.add.setEnabled(self.entity_id is not None and bool(self.chosen()))

    def show_entity(self, entity_id: int | None) -> None:
        """Read the entity's candidates in the background (a scan of its label's unlinked mentions)."""
        if self.job is not None:
            self.job.abandon()
            self.job = None
        self.entity_id = entity_id
        self.candidates.clear()
        self._update_add()
        if entity_id is None:
            self.title.setText("Select an entity to see unlinked mentions close to its names.")
            return
        self.title.setText("Reading unlinked mentions…")
        self.job = read_in_background(self, self.session.project,
                                      lambda reader: reader.alias_candidates(entity_id))
        self.job.succeeded.connect(self._list)
        self.job.start()

    def _list(self, found: list[AliasCandidate]) -> None:
        self.job = None
        self.candidates.blockSignals(True)
        for candidate in found[:SHOWN]:
            item = QListWidgetItem(candidate_row(candidate))
            item.setData(ROLE, candidate.text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.candidates.addItem(item)
        self.candidates.blockSignals(False)
        if found:
            self.candidates.setCurrentRow(0)
        shown = f" (the {SHOWN} closest shown)" if len(found) > SHOWN else ""
        self.title.setText(f"{len(found)} text{'s' if len(found) != 1 else ''} of unlinked mentions close "
                           f"to this entity's names{shown}: tick the ones that name it" if found
                           else "No unlinked mention is close to this entity's names.")
        self._update_add()

    def add_chosen(self) -> None:
        texts = self.chosen()
        if self.entity_id is None or not texts:
            return
        entity_id, link = self.entity_id, self.link.isChecked()
        self.add.setEnabled(False)
        # Finding the mentions to link scans the label's spans: in the background, then one edit here.
        self.job = read_in_background(self, self.session.project,
                                      lambda reader: reader.add_aliases_edit(entity_id, texts, link=link))
        self.job.succeeded.connect(lambda edit: self.session.do(edit, edit.describe()))
        self.job.start()
