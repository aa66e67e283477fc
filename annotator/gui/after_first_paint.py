"""Run something once a window has been seen: the first window's editing tools are built here, after the
document list and the article have been painted (see :meth:`annotator.gui.main_window.MainWindow._equip`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class AfterFirstPaint(QObject):
    """Call ``then`` once: from the event loop after ``window`` first paints, each ``warm_up`` step first
    in an event-loop turn of its own (so that no turn holds the loop long); at once, before it is
    delivered, if a key or a mouse button is pressed anywhere in the app sooner (a key sent the moment the
    window maps still finds the tools); or after ``LATEST_MS`` if the window never paints (opened
    minimised, say)."""

    LATEST_MS = 500

    def __init__(self, window: QWidget, then: Callable[[], None],
                 warm_up: Sequence[Callable[[], object]] = ()) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then
        self._steps = list(warm_up)
        self._input = _FirstInput(self, self._run)
        window.installEventFilter(self)
        QTimer.singleShot(self.LATEST_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:  # from here input may come (watching the app while it is built costs)
            QApplication.instance().installEventFilter(self._input)
        elif kind == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._next_step)
        return False

    def _next_step(self) -> None:
        if self._then is None:
            return
        if self._steps:
            self._steps.pop(0)()
            QTimer.singleShot(0, self, self._next_step)
        else:
            self._run()

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            QApplication.instance().removeEventFilter(self._input)
            self._window.removeEventFilter(self)
            then()


class _FirstInput(QObject):
    """Calls ``then`` on the first key or mouse press it sees (installed on the whole app)."""

    _INPUT = frozenset({QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                        QEvent.Type.MouseButtonDblClick, QEvent.Type.ContextMenu})

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._INPUT:
            self._then()
        return False
