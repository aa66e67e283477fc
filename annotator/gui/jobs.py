"""The one background runner: work off the UI thread, with progress and Cancel where the analyst asked.

Slow verbs (import, export, train), loading recommenders and reading a document's proposals, and the
document list's far pages and text searches all run as a :class:`BackgroundJob`. The work function runs
on Qt's thread pool and gets a :class:`JobControl`; it must open its own store connection (a
``for_thread`` twin, whose SQLite scan Cancel interrupts through ``control.interrupting``) and never
touch a widget. Everything it produces (progress, result, error) crosses back as a
queued signal, so the dialog and the callbacks run on the UI thread. The progress dialog appears only
when the job takes a noticeable time, and Cancel sets the control's flag: the job stops between units
of work and its transaction rolls back.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

# QProgressDialog and QStyle are named through the module where used, not imported: PySide makes a Qt
# class's Python type (QStyle's hundreds of enum members) when it is first named; the first window needs
# neither.
from PySide6 import QtWidgets
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QWidget

from annotator.core.jobs import Cancelled, JobControl
from annotator.errors import AnnotatorError
from annotator.gui.dialogs import show_error
from annotator.gui.plain_text import plain_label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

SHOW_PROGRESS_AFTER_MS = 400
# Python hands the GIL to a waiting thread only every switch interval (5 ms by default), and a UI thread
# that calls Qt hundreds of times while it paints waits that long at each call while a job runs Python.
SWITCH_INTERVAL = 0.001


def _plain_progress_label(dialog: QProgressDialog, text: str) -> QLabel:
    """A label that never guesses HTML (progress messages name files), aligned as the style aligns its own."""
    label = plain_label(text)
    alignment = QtWidgets.QStyle.StyleHint.SH_ProgressDialog_TextLabelAlignment
    hint = dialog.style().styleHint(alignment, None, dialog)
    label.setAlignment(Qt.AlignmentFlag(hint))
    return label


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, the UI thread receives (queued)."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runner(QRunnable):
    def __init__(self, work: Callable[[JobControl], Any], control: JobControl, relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._control = control
        self._relay = relay

    def run(self) -> None:
        with suppress(RuntimeError):  # "Signal source has been deleted": its owner is gone, nobody waits
            try:
                result = self._work(self._control)
            except Cancelled:
                self._relay.cancelled.emit()
            except Exception as error:  # every failure must reach the UI thread, bugs included
                if self._control.cancelled:  # an interrupted call fails: that is the cancel landing
                    self._relay.cancelled.emit()
                else:
                    self._relay.failed.emit(error)
            else:
                self._relay.succeeded.emit(result)


class BackgroundJob(QObject):
    """One run of ``work(control)``; ``succeeded(result)``, ``cancelled`` and ``finished`` on the UI thread.

    An :class:`AnnotatorError` is shown in a dialog with the message the CLI would print; any other
    exception is a bug and goes to ``sys.excepthook`` (the crash log). Work the analyst did not ask
    for (suggestions for the open document) runs with ``progress=False``: no dialog, nothing modal.
    """

    succeeded = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, parent: QObject, title: str, work: Callable[[JobControl], Any], *,
                 progress: bool = True) -> None:
        super().__init__(parent)
        self.title = title
        self._relay = _Relay(self)
        self.control = JobControl(self._relay.progress.emit)
        self._dialog: QProgressDialog | None = None
        if progress:
            self._dialog = QtWidgets.QProgressDialog("", "Cancel", 0, 0, parent)
            self._dialog.setLabel(_plain_progress_label(self._dialog, f"{title}…"))
            self._dialog.setWindowTitle(title)
            self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self._dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
            self._dialog.setAutoClose(False)
            self._dialog.setAutoReset(False)
            self._dialog.canceled.connect(self.cancel)
            self._relay.progress.connect(self._show_progress)
        self._relay.succeeded.connect(self._on_succeeded)
        self._relay.failed.connect(self._on_failed)
        self._relay.cancelled.connect(self._on_cancelled)
        self._runner = _Runner(work, self.control, self._relay)
        self._runner.setAutoDelete(False)  # Python owns it; the pool must not delete it under us
        self.running = False
        self._abandoned = False
        # A caller may explain some coded problems itself (True: explained; no error dialog then).
        self.explain: Callable[[AnnotatorError], bool] | None = None

    def start(self) -> BackgroundJob:
        self.running = True
        if sys.getswitchinterval() > SWITCH_INTERVAL:
            sys.setswitchinterval(SWITCH_INTERVAL)
        QThreadPool.globalInstance().start(self._runner)
        return self

    def cancel(self) -> None:
        self.control.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(f"Cancelling {self.title.lower()}…")

    def abandon(self) -> None:
        """Cancel, and drop whatever the job still delivers: its window or project is going away."""
        self._abandoned = True
        self.control.cancel()

    def _show_progress(self, done: int, total: int, message: str) -> None:
        assert self._dialog is not None  # connected only with a dialog
        if total > 0 and self._dialog.maximum() != total:
            self._dialog.setRange(0, total)
        if total > 0:
            self._dialog.setValue(min(done, total))
        if message and not self.control.cancelled:
            self._dialog.setLabelText(f"{self.title}: {message}")

    def _finish(self) -> None:
        self.running = False
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
        self.finished.emit()

    def _on_succeeded(self, result: Any) -> None:
        self._finish()
        if not self._abandoned:
            self.succeeded.emit(result)

    def _on_cancelled(self) -> None:
        self._finish()
        if not self._abandoned:
            self.cancelled.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        if self._abandoned:
            return
        parent = self.parent()
        if isinstance(error, AnnotatorError) and self.explain is not None and self.explain(error):
            return
        if isinstance(error, AnnotatorError):
            show_error(parent if isinstance(parent, QWidget) else None, f"{self.title} failed", error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)


_collector_pauses = 0
_collector_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep Python's cyclic collector off while a job builds millions of objects, and out of its sight
    what the job leaves alive.

    A collection holds the GIL: run from a worker over a large working set it stalled the UI thread for
    150-370 ms at a time (bench_agreement.py), and the first collection after the job, over the result
    (660,000 objects for 2,000 documents), for 460 ms more. So the survivors are frozen (as
    ``freeze_once`` does): reference counting still frees them when they are dropped; only objects in
    reference cycles would outlive their use, so use it only around bounded work that builds none.
    """
    global _collector_pauses
    with _collector_lock:
        _collector_pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if not _collector_pauses:
                gc.freeze()
                gc.enable()


def freeze_once() -> None:
    """Move everything alive after the first load out of the cyclic collector's sight, once a process.

    spaCy and a pipeline bring hundreds of thousands of long-lived objects (modules, vocabularies,
    patterns); a full collection over them stalled the UI thread for 70-200 ms now and then.
    """
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True


_frozen = False


def freeze_start_up() -> None:
    """What start-up imported and built (modules, classes, the window) lives as long as the app: out of the
    cyclic collector's sight, and the collector on again (``annotator.launch`` turns it off before the GUI's
    imports, whose collections were about a fifteenth of the time to the first window)."""
    gc.freeze()
    gc.enable()
