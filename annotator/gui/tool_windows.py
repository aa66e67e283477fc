"""Tool windows (Search, Entities, Records, Consistency report, Agreement, Adjudication): one of each per
main window, made on first use and brought to the front after; Escape closes one as it closes a dialog
(one action from the keymap on the window, for the window and everything in it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from annotator.gui import keymap

Window = TypeVar("Window", bound=QWidget)


def bring_up(parent: QWidget, kind: type[Window], make: Callable[[], Window],
             reusable: Callable[[Window], bool] = lambda _window: True) -> tuple[Window, bool]:
    """The one ``kind`` window under ``parent`` (a new one from ``make`` when there is none, or the one
    there is not ``reusable``), shown, raised and activated; with whether it was made now."""
    window = parent.findChild(kind)
    made = window is None or not reusable(window)
    if made:
        window = make()
    window.show()
    window.raise_()
    window.activateWindow()
    return window, made


class ToolWindow(QWidget):
    """A window of its own beside the main one (Search, Entities, Records…); Escape, from the keymap's
    ``close_tool_window``, closes it, which only hides it for the next use."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(title)
        close = keymap.bind(QAction("Close", self), "close_tool_window")
        close.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        close.triggered.connect(self.close)
        self.addAction(close)


def merge_pair(current: int | None, selected: list[int | None]) -> tuple[int, int] | None:
    """(survivor, absorbed) when exactly two rows are selected and the current one is among them: the
    current one survives (merging two entities, or two records)."""
    if len(selected) != 2 or current not in selected:
        return None
    return current, next(other for other in selected if other != current)
