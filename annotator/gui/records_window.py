"""The Records window (View > Records…): every event record with its mentions and fields.

The list on the left holds the records (reference, title, type, how many mentions); on the right, the
selected record's fields with their value and evidence (the quoted text, its document and offsets, or who
set it by hand) and its mentions. Activating a mention or a field's evidence (double-click or Enter)
opens its document with the event or span selected. "Set from mention" fills the chosen field from the
selected mention's argument or attribute (what it can give is listed), "Set by hand" from the text box;
Merge folds the other selected record into the current one, Delete removes a record (its mentions stay);
F2 or a double-click edits the record's title in the list (the editor holds the title alone). All are
undoable edits. Records are read on the background runner; text from reports is shown as plain
text.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.edits import Changes
from annotator.core.model import ON_EVENT
from annotator.core.record_edits import DeleteRecord, MergeRecords, RetitleRecord, SetRecordField
from annotator.core.record_fields import field_def, record_fields
from annotator.core.records import BY_HAND, FROM_ARGUMENT, FROM_ATTRIBUTE, RecordField
from annotator.gui import keymap
from annotator.gui.documents_model import read_in_background
from annotator.gui.jobs import BackgroundJob
from annotator.gui.mentions import quote
from annotator.gui.plain_text import literal_tooltip, plain_label
from annotator.gui.tool_windows import ToolWindow, bring_up, merge_pair
from annotator.gui.workbench import Workbench
from annotator.project.records import RecordDetail, RecordMention

ROLE = Qt.ItemDataRole.UserRole


def record_row(detail: RecordDetail) -> str:
    count = len(detail.mentions)
    record = detail.record
    return f"{record.reference()} {record.title} — {record.type}, {count} mention{'' if count == 1 else 's'}"


def evidence_text(found: RecordField, titles: dict[int, str]) -> str:
    """``“on Sunday” in AFP: town captured, 55–64 (role Date)`` or ``set by hand by analyst``."""
    evidence = found.evidence
    if evidence.kind == BY_HAND:
        return f"set by hand by {evidence.who or 'someone'}"
    where = titles.get(evidence.doc_id) or f"document {evidence.doc_id}"
    what = "role" if evidence.kind == FROM_ARGUMENT else "attribute"
    quoted = quote(evidence.quote, limit=40)
    return f"{quoted} in {where}, {evidence.start}–{evidence.end} ({what} {evidence.source})"


def mention_row(mention: RecordMention) -> str:
    title = mention.title or f"Document {mention.doc_id}"
    return f"{title}: “{mention.trigger}” at {mention.start}–{mention.end}"


class TitleEditor(QStyledItemDelegate):
    """Edits a record row's title alone (the row shows reference, title, type and count) and hands the
    typed text to the window, which makes it an edit; the row itself is redrawn from the re-read."""

    def __init__(self, window: RecordsWindow) -> None:
        super().__init__(window)
        self.window = window

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAccessibleName("Record title")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        detail = self.window.details.get(index.data(ROLE))
        editor.setText(detail.record.title if detail else "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:
        self.window.retitle(index.data(ROLE), editor.text())


class RecordsWindow(ToolWindow):
    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Records", parent)
        self.workbench, self.session = workbench, workbench.session
        self.job: BackgroundJob | None = None
        self.details: dict[int, RecordDetail] = {}
        self.records = QListWidget()
        self.records.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.records.setAccessibleName("Records")
        self.records.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.records.setItemDelegate(TitleEditor(self))
        self.retitle_action = keymap.bind(QAction("Edit the record's title", self), "record_retitle")
        self.retitle_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retitle_action.triggered.connect(self.edit_title)
        self.records.addAction(self.retitle_action)
        self.fields = QTreeWidget()
        self.fields.setHeaderLabels(["Field", "Value", "Evidence"])
        self.fields.setRootIsDecorated(False)
        self.fields.setColumnWidth(0, 110)
        self.fields.setColumnWidth(1, 140)
        self.mentions = QListWidget()
        self.mentions.setAccessibleName("Mentions")
        self.source = QComboBox()
        self.source.setAccessibleName("What the selected mention gives the field")
        self.from_mention = QPushButton("Set from mention")
        self.hand_value = QLineEdit()
        self.hand_value.setPlaceholderText("Value by hand (Enter sets the selected field)")
        self.by_hand = QPushButton("Set by hand")
        self.merge = QPushButton("Merge")
        self.merge.setToolTip("Select two records of one type: the other is merged into the current one")
        self.delete = QPushButton("Delete record")
        self.title = plain_label("Select a record to see its fields and mentions.")
        self.title.setWordWrap(True)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.fields, 2)
        mention_row_layout = QHBoxLayout()
        mention_row_layout.addWidget(self.source, 1)
        mention_row_layout.addWidget(self.from_mention)
        hand_row = QHBoxLayout()
        hand_row.addWidget(self.hand_value, 1)
        hand_row.addWidget(self.by_hand)
        right_layout.addLayout(hand_row)
        right_layout.addWidget(plain_label("Mentions (double-click or Enter opens one):"))
        right_layout.addWidget(self.mentions, 1)
        right_layout.addLayout(mention_row_layout)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.records, 1)
        record_buttons = QHBoxLayout()
        record_buttons.addWidget(self.merge)
        record_buttons.addWidget(self.delete)
        left_layout.addLayout(record_buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([300, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.resize(900, 560)

        self.records.currentItemChanged.connect(lambda item, _: self._show_current())
        self.records.itemSelectionChanged.connect(self._update_buttons)
        self.fields.currentItemChanged.connect(lambda *_: self._fill_sources())
        self.fields.itemActivated.connect(self.jump_to_evidence)
        self.mentions.currentItemChanged.connect(lambda *_: self._fill_sources())
        self.mentions.itemActivated.connect(self.jump_to_mention)
        self.from_mention.clicked.connect(self.set_from_mention)
        self.by_hand.clicked.connect(self.set_by_hand)
        self.hand_value.returnPressed.connect(self.set_by_hand)
        self.merge.clicked.connect(self.merge_selected)
        self.delete.clicked.connect(self.delete_current)
        self.session.changed.connect(self._on_changed)
        self.reload()

    # -- reading -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every record with its mentions and fields in the background, then list them."""
        if self.job is not None:
            self.job.abandon()
        self.job = read_in_background(self, self.session.project, lambda reader: reader.record_details())
        self.job.succeeded.connect(self._list)
        self.job.start()

    def _list(self, details: list[RecordDetail]) -> None:
        self.job = None
        selected = self.current_id()
        self.details = {detail.record.id: detail for detail in details}
        self.records.blockSignals(True)
        self.records.clear()
        for detail in details:
            item = QListWidgetItem(record_row(detail))
            item.setToolTip(literal_tooltip(item.text()))
            item.setData(ROLE, detail.record.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.records.addItem(item)
            if detail.record.id == selected:
                self.records.setCurrentItem(item)
        if self.records.currentItem() is None and self.records.count():
            self.records.setCurrentRow(0)
        self.records.blockSignals(False)
        self._show_current()

    def current_id(self) -> int | None:
        item = self.records.currentItem()
        return item.data(ROLE) if item is not None else None

    def current(self) -> RecordDetail | None:
        return self.details.get(self.current_id())

    def _show_current(self) -> None:
        detail = self.current()
        field_name = self.fields.currentItem().data(0, ROLE) if self.fields.currentItem() else None
        self.fields.clear()
        self.mentions.clear()
        self._update_buttons()
        if detail is None:
            self.title.setText("No records yet: select an event and press New record in the Record pane."
                               if not self.details else "Select a record to see its fields and mentions.")
            self._fill_sources()  # nothing to give: the last record's sources go, the button greys
            return
        self.title.setText(f"{detail.record.reference()} {detail.record.title} ({detail.record.type})")
        titles = {m.doc_id: m.title for m in detail.mentions}
        for definition in record_fields(self.session.project.schema, detail.record.type):
            found = detail.field(definition.name)
            item = QTreeWidgetItem([definition.title, found.value if found else "",
                                    evidence_text(found, titles) if found else "not set"])
            item.setData(0, ROLE, definition.name)
            item.setToolTip(2, literal_tooltip(item.text(2)))  # it quotes the document
            self.fields.addTopLevelItem(item)
            if definition.name == field_name:
                self.fields.setCurrentItem(item)
        if self.fields.currentItem() is None and self.fields.topLevelItemCount():
            self.fields.setCurrentItem(self.fields.topLevelItem(0))
        for mention in detail.mentions:
            item = QListWidgetItem(mention_row(mention))
            item.setData(ROLE, (mention.doc_id, mention.event_id))
            self.mentions.addItem(item)
        if self.mentions.count():
            self.mentions.setCurrentRow(0)
        self._fill_sources()

    def _fill_sources(self) -> None:
        """What the selected mention can give the selected field: its fillers of the field's roles and its
        values of the field's attributes."""
        self.source.clear()
        detail, field_item = self.current(), self.fields.currentItem()
        mention_item = self.mentions.currentItem()
        if detail is None or field_item is None or mention_item is None:
            self.from_mention.setEnabled(False)
            return
        project = self.session.project
        definition = field_def(project.schema, detail.record.type, field_item.data(0, ROLE))
        _, event_id = mention_item.data(ROLE)
        try:
            event = project.event(event_id)
        except KeyError:  # deleted since the list was read; the re-read it caused is on its way
            event = None
        for argument in event.arguments if event is not None else ():
            if definition is not None and argument.role in definition.roles:
                filler = quote(project.span(argument.span_id).text, limit=40)
                self.source.addItem(f"{argument.role}: {filler}", (FROM_ARGUMENT, argument.role, argument.id))
        for value in project.attributes_on(ON_EVENT, [event_id]):
            if definition is not None and value.name in definition.attributes:
                self.source.addItem(f"{value.name} = {value.value}", (FROM_ATTRIBUTE, value.name, None))
        self.from_mention.setEnabled(self.source.count() > 0)
        if not self.source.count():
            self.source.addItem("(this mention gives this field nothing)")

    def _update_buttons(self) -> None:
        self.merge.setEnabled(self._merge_pair() is not None)
        self.delete.setEnabled(self.current_id() is not None)
        self.by_hand.setEnabled(self.current_id() is not None)

    def _merge_pair(self) -> tuple[int, int] | None:
        return merge_pair(self.current_id(), [item.data(ROLE) for item in self.records.selectedItems()])

    # -- acting ------------------------------------------------------------------------------------

    def set_from_mention(self) -> None:
        detail, field_item = self.current(), self.fields.currentItem()
        mention_item = self.mentions.currentItem()
        source = self.source.currentData()
        if detail is None or field_item is None or mention_item is None or source is None:
            return
        kind, name, argument_id = source
        doc_id, event_id = mention_item.data(ROLE)
        field_name = field_item.data(0, ROLE)
        self.session.do(SetRecordField(detail.record.id, field_name, kind, event_id=event_id, source=name,
                                       argument_id=argument_id, doc_id=doc_id),
                        f"Set {field_name} from the mention")

    def set_by_hand(self) -> None:
        detail, field_item = self.current(), self.fields.currentItem()
        if detail is None or field_item is None:
            return
        field_name = field_item.data(0, ROLE)
        edit = SetRecordField(detail.record.id, field_name, BY_HAND, value=self.hand_value.text())
        if self.session.do(edit, f"Set {field_name} by hand") is not None:
            self.hand_value.clear()

    def edit_title(self) -> None:
        item = self.records.currentItem()
        if item is not None:
            self.records.editItem(item)

    def retitle(self, record_id: int, title: str) -> None:
        detail = self.details.get(record_id)
        if detail is not None and title.strip() != detail.record.title:
            self.session.do(RetitleRecord(record_id, title), f"Retitled record R{record_id}")

    def merge_selected(self) -> None:
        pair = self._merge_pair()
        if pair is not None:
            self.session.do(MergeRecords(*pair), f"Merged R{pair[1]} into R{pair[0]}")

    def delete_current(self) -> None:
        record_id = self.current_id()
        if record_id is not None:
            self.session.do(DeleteRecord(record_id), f"Deleted record R{record_id}")

    def jump_to_mention(self, item: QListWidgetItem) -> None:
        doc_id, event_id = item.data(ROLE)
        self.workbench.go_to(doc_id, event_id=event_id)

    def jump_to_evidence(self, item: QTreeWidgetItem) -> None:
        detail = self.current()
        found = detail.field(item.data(0, ROLE)) if detail else None
        if found is None or found.evidence.doc_id is None:
            self.session.message.emit("This field was set by hand: it has no place in a document")
            return
        evidence = found.evidence
        self.workbench.go_to(evidence.doc_id, span_id=evidence.span_id, event_id=evidence.event_id)

    def _on_changed(self, changes: Changes) -> None:
        if changes.records or changes.documents:
            self.reload()


def show_records_window(workbench: Workbench) -> RecordsWindow:
    """The one Records window of this workbench, made on first use and brought to the front."""
    return bring_up(workbench, RecordsWindow, lambda: RecordsWindow(workbench, workbench))[0]
