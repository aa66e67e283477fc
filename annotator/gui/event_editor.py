"""The selected event at a glance: its type, its trigger, and every role of its type.

Each role shows its number key, the spans filling it (or that it is empty) and which labels may fill
it; a required role left empty is flagged in the theme's warning red (:func:`theme.warning_color`).
Clicking a role arms it, so the next selection in the article fills that role; the armed role's row is
highlighted and scrolled into view until it is filled or cancelled. Changing the type in the combo is one
undoable edit; arguments the new type cannot take are listed and dropped only if the analyst agrees.
Everything shown comes from the open :class:`DocumentState`, never from SQL.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import ON_EVENT, Event
from annotator.core.schema import EventType
from annotator.gui.attribute_editor import AttributeEditor
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.event_retyping import change_event_type
from annotator.gui.mentions import quote
from annotator.gui.palette import swatch_icon
from annotator.gui.plain_text import literal_tooltip, mnemonic_safe, plain_label
from annotator.gui.session import Session
from annotator.gui.theme import warning_color

ARMED_STYLE = ("QToolButton { background: palette(highlight); color: palette(highlighted-text); "
               "font-weight: bold; border-radius: 3px; padding: 1px 4px; }")
PLACEHOLDER = (
    "No event selected.\n\nSelect a trigger word in the article and press an event type's key, "
    "or click an event in the list."
)


class EventEditor(QWidget):
    role_armed = Signal(str)

    def __init__(self, session: Session, state: DocumentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._state = state
        self.shown_event: Event | None = None
        self.role_buttons: dict[str, QToolButton] = {}
        self.filler_labels: dict[str, QLabel] = {}

        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Event type")
        for event_type in session.project.schema.event_types:
            self.type_combo.addItem(swatch_icon(event_type.color), event_type.name, event_type.name)
        self.type_combo.activated.connect(self._change_type)
        self.trigger_label = plain_label()
        self.trigger_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trigger_label.setWordWrap(True)
        self._roles_grid = QGridLayout()
        self._roles_grid.setColumnStretch(1, 1)
        self._roles_grid.setVerticalSpacing(4)

        details = QWidget()
        form = QFormLayout()
        form.addRow("Type:", self.type_combo)
        form.addRow("Trigger:", self.trigger_label)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(form)
        roles_title = QLabel("Roles (click or press the number, then select the filler)")
        roles_title.setWordWrap(True)
        roles_title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        details_layout.addWidget(roles_title)
        details_layout.addLayout(self._roles_grid)
        self.attributes = AttributeEditor(session, state)
        details_layout.addWidget(self.attributes)
        details_layout.addStretch(1)

        self._stack = QStackedLayout(self)  # as tall as its roles: the side panel scrolls, not the editor
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(details)
        self._details = details
        state.listeners.append(self._on_state)
        state.selection_listeners.append(self._show_armed_role)

    def show_event(self, event_id: int | None) -> None:
        self.shown_event = self._state.events.get(event_id) if event_id is not None else None
        self.attributes.show_target(ON_EVENT if self.shown_event else None, event_id)
        if self.shown_event is None:
            self._stack.setCurrentWidget(self.placeholder)
            return
        self._stack.setCurrentWidget(self._details)
        event_type = self._session.project.schema.event_type(self.shown_event.type)
        self.type_combo.setCurrentIndex(self.type_combo.findData(self.shown_event.type))
        trigger = self._state.spans.get(self.shown_event.trigger_id)
        self.trigger_label.setText(quote(trigger.text, limit=80) if trigger else "")
        self._show_roles(event_type)

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch redraws the roles, whose warning red is chosen for the theme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.shown_event is not None:
            self.show_event(self.shown_event.id)

    def _on_state(self, delta: DocumentDelta) -> None:
        event = self.shown_event
        if delta.loaded:
            self.show_event(None)
        elif event is not None and (delta.events | delta.spans) & {
                event.id, event.trigger_id, *(argument.span_id for argument in event.arguments)}:
            self.show_event(event.id)

    def _show_roles(self, event_type: EventType | None) -> None:
        while self._roles_grid.count():
            widget = self._roles_grid.takeAt(0).widget()
            if widget is not None:  # gone now, not at the next event loop pass, so rows never overlap
                widget.setParent(None)
                widget.deleteLater()
        self.role_buttons.clear()
        self.filler_labels.clear()
        if event_type is None:
            return
        spans = self._state.spans
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        red = warning_color(self.palette()).name()
        for row, role in enumerate(event_type.roles):
            filled = [spans[a.span_id] for a in self.shown_event.arguments
                      if a.role == role.name and a.span_id in spans]
            missing = role.required and not filled
            button = QToolButton()
            button.setText(mnemonic_safe(f"{row + 1}  {role.name}" if row < 9 else role.name))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.setToolTip(literal_tooltip(
                f"{role.description or role.name}\nClick, then select the text that fills this role."))
            button.clicked.connect(lambda _=False, name=role.name: self.role_armed.emit(name))
            if missing:
                button.setIcon(warning)
                button.setStyleSheet(f"color: {red}; font-weight: bold;")
            fillers = plain_label(", ".join(quote(s.text, limit=32) for s in filled)
                             or ("required, missing" if missing else "empty"))
            fillers.setWordWrap(True)
            if missing:
                fillers.setStyleSheet(f"color: {red};")
            elif not filled:
                fillers.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            allowed = plain_label(" / ".join(role.fillers) or "any entity")
            allowed.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            font = allowed.font()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            allowed.setFont(font)
            self._roles_grid.addWidget(button, 2 * row, 0)
            self._roles_grid.addWidget(fillers, 2 * row, 1)
            self._roles_grid.addWidget(allowed, 2 * row + 1, 0, 1, 2)
            button.setProperty("plain_style", button.styleSheet())
            self.role_buttons[role.name] = button
            self.filler_labels[role.name] = fillers
        self._fit_rows()
        self._show_armed_role()

    def _show_armed_role(self) -> None:
        """Highlight the armed role's button (and only it) and scroll it into view."""
        armed = self._state.armed_role if self.shown_event is not None else None
        for name, button in self.role_buttons.items():
            button.setAccessibleDescription("armed: the next selection fills it" if name == armed else "")
            button.setStyleSheet(ARMED_STYLE if name == armed else button.property("plain_style"))
        button = self.role_buttons.get(armed) if armed else None
        if button is not None:
            scroller = button.parentWidget()
            while scroller is not None:  # every scroll area around the row, should the pane be in one too
                if isinstance(scroller, QScrollArea):
                    scroller.ensureWidgetVisible(button)
                scroller = scroller.parentWidget()

    def _fit_rows(self) -> None:
        """Show the new rows now and take their height: left to Qt, new rows stay hidden until the next
        event loop pass and the panel around the editor, not told, squashes them."""
        for number in range(self._roles_grid.count()):
            self._roles_grid.itemAt(number).widget().show()
        self._details.layout().activate()
        self._stack.activate()
        self.updateGeometry()

    def _change_type(self, index: int) -> None:
        new_type = self.type_combo.itemData(index)
        event = self.shown_event
        if event is None or new_type == event.type:
            return
        if change_event_type(self._session, self._state, self, event.id, new_type) is None:
            self.type_combo.setCurrentIndex(self.type_combo.findData(event.type))
