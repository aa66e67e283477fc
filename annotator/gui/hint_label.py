"""The status bar's hint for the open document's state, and the rule that no message outlives its state.

The hint (:func:`status_hints.hint_for`) sits in the status bar's normal area; notices (a relabel, a
deletion, an undo, an import) are the bar's timed messages, shown over it for a few seconds. An edit or a
document opening words the hint again. A change of selection (a role armed or filled, an event
deselected) also clears a notice still shown: the analyst has moved on, and the hint for what they look
at now shows. A notice for the action that changed the selection is sent after the change, so it stays.
"""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar

from annotator.core.schema import Schema
from annotator.gui import keymap
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.plain_text import literal_tooltip, plain_label
from annotator.gui.status_hints import hint_for


class StatusHint:
    """Keeps ``label`` (in ``bar``'s normal area) to the hint of the state it follows."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.label: QLabel = plain_label()  # spans' text is the articles': shown literally
        self.label.setContentsMargins(8, 0, 8, 0)
        # A long hint is cut at the bar's edge; it never makes the window wider.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.label, 1)
        self._state: DocumentState | None = None
        self._schema: Schema | None = None

    def follow(self, state: DocumentState, schema: Schema) -> None:
        """Word the hint from ``state`` from now on (another project's workbench replaces the last)."""
        self._leave()
        self._state, self._schema = state, schema
        state.listeners.append(self._on_delta)
        state.selection_listeners.append(self._on_selection)
        self.refresh()

    def _leave(self) -> None:
        if self._state is not None:
            with suppress(ValueError):
                self._state.listeners.remove(self._on_delta)
            with suppress(ValueError):
                self._state.selection_listeners.remove(self._on_selection)

    def _on_delta(self, _delta: DocumentDelta) -> None:
        self.refresh()  # a relabel or a removal words the hint anew

    def _on_selection(self) -> None:
        if self.refresh():
            self.bar.clearMessage()

    def refresh(self) -> bool:
        """Word the hint for the state now; say whether it changed."""
        text = hint_for(self._state, self._schema, keymap.names) if self._state is not None else ""
        if text == self.label.text():
            return False
        self.label.setText(text)
        self.label.setToolTip(literal_tooltip(text))
        return True
