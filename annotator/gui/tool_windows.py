"""Escape closes a tool window (Search, Entities, Records, Consistency report, Agreement, Adjudication) as
it closes a dialog: one action from the keymap on the window, for the window and everything in it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from annotator.gui import keymap


def close_on_escape(window: QWidget) -> QAction:
    """Give ``window`` (a top-level tool window) its Close action; closing only hides it, for the next use."""
    action = keymap.bind(QAction("Close", window), "close_tool_window")
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(window.close)
    window.addAction(action)
    return action
