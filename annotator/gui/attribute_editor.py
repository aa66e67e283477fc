"""The attributes of one span, event or relation, one editor each, and the notes on it.

The schema says which attributes a target takes (:meth:`Schema.attributes_for`) and of what type: a
check box for a boolean, a combo for one of a list, a spin box (within its min/max) for an integer, a line
edit checked as ISO for a date, a line edit for text. An attribute without a value shows its default; a
required one without value or default is flagged like a required role. Each change is one undoable
``SetAttribute`` (or ``ClearAttribute`` when emptied or reset) through :meth:`Session.do`. Values come
from the open :class:`DocumentState`, so nothing is read from SQL here.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRegularExpression, Qt
from PySide6.QtGui import QAction, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import ON_EVENT, ON_RELATION, ON_SPAN
from annotator.core.relation_edits import ClearAttribute, SetAttribute
from annotator.core.schema_attributes import BOOLEAN, DATE, ENUM, INTEGER, AttributeDef
from annotator.gui.annotation_details import shown_value
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.plain_text import literal_tooltip, mnemonic_safe, plain_label
from annotator.gui.session import Session
from annotator.gui.theme import warning_color

DATE_TYPING = QRegularExpression(r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?")
INTEGER_LIMIT = 2**31 - 2  # a spin box holds 32-bit integers; one below the lowest means "unset"


class AttributeEditor(QWidget):
    """Editors for the attributes of the target shown (none: the editor is empty and hidden)."""

    def __init__(self, session: Session, state: DocumentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._state = state
        self.target: tuple[str, int] | None = None
        self.definitions: tuple[AttributeDef, ...] = ()
        self.editors: dict[str, QWidget] = {}
        self.names: dict[str, QWidget] = {}
        self._picker_parent: QWidget | None = None
        # Where the keys go back to once an editor reached from the picker has taken its value.
        self._focus_after: QWidget | None = None
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        self.note_label = plain_label()
        self.note_label.setWordWrap(True)
        self.note_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.note_label)
        state.listeners.append(self._on_state)
        self.hide()

    # -- what is shown -----------------------------------------------------------------------------

    def _name_of(self, target: str, target_id: int) -> str | None:
        if target == ON_SPAN:
            item = self._state.spans.get(target_id)
            return item.label if item else None
        if target == ON_EVENT:
            item = self._state.events.get(target_id)
            return item.type if item else None
        item = self._state.relations.get(target_id)
        return item.type if item else None

    def show_target(self, target: str | None, target_id: int | None = None) -> None:
        """Show the attributes of a span, event or relation (None: nothing)."""
        name = self._name_of(target, target_id) if target and target_id is not None else None
        if name is None:
            self.target, self.definitions = None, ()
        else:
            self.target = (target, target_id)
            self.definitions = self._session.project.schema.attributes_for(target, name)
        self._build()

    def _on_state(self, delta: DocumentDelta) -> None:
        if self.target is None:
            return
        if delta.loaded:
            self.show_target(None)
            return
        target, target_id = self.target
        touched = {ON_SPAN: delta.spans, ON_EVENT: delta.events, ON_RELATION: delta.relations}[target]
        if target_id in touched or delta.notes:
            self.show_target(target, target_id)

    def _value(self, name: str) -> bool | int | str | None:
        found = self._state.values_of(*self.target).get(name) if self.target else None
        return found.value if found is not None else None

    def _build(self) -> None:
        """Editors for the definitions; the one being typed in keeps the focus (or, reached from the
        picker, hands it back), so a rebuild after each edit never drops the keys somewhere else."""
        focused = next((name for name, editor in self.editors.items() if editor.hasFocus()), None)
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            if widget is not None:  # its own signal may be running (a toggled box): hidden now, gone later
                widget.hide()
                widget.deleteLater()
        self.editors.clear()
        self.names.clear()
        for row, definition in enumerate(self.definitions):
            value = self._value(definition.name)
            missing = definition.required and value is None and definition.default is None
            name = plain_label(f"{definition.name}{' *' if definition.required else ''}")
            name.setToolTip(literal_tooltip(definition.description or definition.name)
                            + ("required, missing" if missing else ""))
            cell: QWidget = name
            if missing:  # as a missing required role is shown: the warning icon, red and bold
                name.setStyleSheet(f"color: {warning_color(self.palette()).name()}; font-weight: bold;")
                cell = self._flagged(name)
            editor = self._editor(definition, value)
            editor.setAccessibleName(definition.name)
            reset = QToolButton()
            reset.setText("↺")
            reset.setAutoRaise(True)
            reset.setToolTip(literal_tooltip(f"Clear {definition.name} (back to "
                                             f"{shown_value(definition, None)})"))
            reset.setEnabled(value is not None)
            reset.clicked.connect(lambda _=False, d=definition: self._clear(d))
            self._grid.addWidget(cell, row, 0)
            if isinstance(editor, QCheckBox):  # as wide as its box, so a click anywhere on it toggles it
                self._grid.addWidget(editor, row, 1, Qt.AlignmentFlag.AlignLeft)
            else:
                self._grid.addWidget(editor, row, 1)
            self._grid.addWidget(reset, row, 2)
            self.editors[definition.name] = editor
            self.names[definition.name] = name
        notes = [note.text for note in self._state.notes_on(*self.target)] if self.target else []
        self.note_label.setText("\n".join(f"Note: {text}" for text in notes))
        self.note_label.setVisible(bool(notes))
        self.setVisible(bool(self.definitions or notes))
        for number in range(self._grid.count()):
            self._grid.itemAt(number).widget().show()
        self.layout().activate()
        self.updateGeometry()
        if focused is not None:
            back, self._focus_after = self._focus_after, None
            (back or self.editors.get(focused) or self).setFocus()

    def _flagged(self, name: QLabel) -> QWidget:
        """The name with the warning icon before it."""
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(3)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size))
        row.addWidget(icon)
        row.addWidget(name, 1)
        return cell

    def _editor(self, definition: AttributeDef, value: bool | int | str | None) -> QWidget:
        shown = value if value is not None else definition.default
        if definition.type == BOOLEAN:
            box = QCheckBox()
            box.setChecked(bool(shown))
            box.toggled.connect(lambda checked, d=definition: self._set(d, checked))
            return box
        if definition.type == ENUM:
            combo = QComboBox()
            combo.addItem(f"({shown_value(definition, None)})", None)
            for choice in definition.values:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            combo.activated.connect(lambda index, d=definition, c=combo: self._set(d, c.itemData(index)))
            return combo
        if definition.type == INTEGER:
            spin = QSpinBox()
            low = definition.minimum if definition.minimum is not None else -INTEGER_LIMIT
            spin.setRange(low - 1, definition.maximum if definition.maximum is not None else INTEGER_LIMIT)
            spin.setSpecialValueText(shown_value(definition, None))  # shown at the lowest value: unset
            spin.setValue(value if value is not None else low - 1)
            spin.editingFinished.connect(lambda d=definition, s=spin: self._set(
                d, None if s.value() == s.minimum() else s.value()))
            return spin
        line = QLineEdit("" if value is None else str(value))
        line.setPlaceholderText(self._placeholder(definition))
        if definition.type == DATE:  # ISO's digits and dashes only; whether it is a date is checked after
            line.setValidator(QRegularExpressionValidator(DATE_TYPING, line))
        line.editingFinished.connect(lambda d=definition, e=line: self._set(d, e.text().strip() or None))
        return line

    @staticmethod
    def _placeholder(definition: AttributeDef) -> str:
        if definition.type == DATE:
            form = {"year": "YYYY", "month": "YYYY-MM"}.get(definition.precision or "day", "YYYY-MM-DD")
            unset = f"default {definition.default}" if definition.default is not None else "unset"
            return f"{form} ({unset})"
        return shown_value(definition, None)

    # -- edits ---------------------------------------------------------------------------------------

    def _set(self, definition: AttributeDef, value: bool | int | str | None) -> None:
        """One edit for the new value (None clears it); a value that does not fit is said, not written."""
        if self.target is None or value == self._value(definition.name):
            return
        if value is None:
            self._clear(definition)
            return
        problem = definition.problem(value)
        if problem is not None:
            self._session.message.emit(str(problem))
            editor = self.editors.get(definition.name)
            if editor is not None:
                editor.setStyleSheet(f"border: 1px solid {warning_color(self.palette()).name()};")
            return
        target, target_id = self.target
        self._session.do(SetAttribute(self._state.doc_id, target, target_id, definition.name, value),
                         f"{definition.name}: {shown_value(definition, value)}")

    def _clear(self, definition: AttributeDef) -> None:
        if self.target is None or self._value(definition.name) is None:
            return
        target, target_id = self.target
        self._session.do(ClearAttribute(self._state.doc_id, target, target_id, definition.name),
                         f"{definition.name} cleared")

    # -- the quick picker ----------------------------------------------------------------------------

    def picker(self, parent: QWidget) -> QMenu | None:
        """A small menu of the attributes: a boolean toggles, a list's values are picked right there,
        the others move the keyboard focus to their editor."""
        if not self.definitions:
            return None
        menu = QMenu(parent)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for definition in self.definitions:
            value = self._value(definition.name)
            title = mnemonic_safe(f"{definition.name}: {shown_value(definition, value)}")
            if definition.type == BOOLEAN:
                action = menu.addAction(mnemonic_safe(definition.name))
                action.setCheckable(True)
                action.setChecked(bool(value if value is not None else definition.default))
                action.toggled.connect(lambda checked, d=definition: self._set(d, checked))
            elif definition.type == ENUM:
                choices = menu.addMenu(title)
                for choice in definition.values:
                    action: QAction = choices.addAction(mnemonic_safe(choice))
                    action.setCheckable(True)
                    action.setChecked(choice == value)
                    action.triggered.connect(lambda _=False, d=definition, c=choice: self._set(d, c))
            else:
                action = menu.addAction(title + "…")
                action.triggered.connect(lambda _=False, n=definition.name: self.focus_editor(n))
        return menu

    def focus_editor(self, name: str) -> None:
        editor = self.editors.get(name)
        if editor is not None:
            self._focus_after = self._picker_parent
            editor.setFocus()
            if isinstance(editor, (QLineEdit, QSpinBox)):
                editor.selectAll()
            scroller = editor.parentWidget()
            while scroller is not None:  # the side column scrolls: bring the editor into view
                if isinstance(scroller, QScrollArea):
                    scroller.ensureWidgetVisible(editor)
                scroller = scroller.parentWidget()

    def popup_picker(self, parent: QWidget, at: QPoint) -> QMenu | None:
        menu = self.picker(parent)
        if menu is not None:
            self._picker_parent = parent
            menu.popup(at)
        return menu
