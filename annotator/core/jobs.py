"""What long-running verbs (import, export, suggest, train) share: progress reports and cancelling.

A job takes a :class:`JobControl`. It calls ``report(done, total, message)`` now and then and
``check()`` between units of work; ``check`` raises :class:`Cancelled` once cancel was asked for. The CLI
passes a control that prints a progress bar; the GUI passes one whose ``cancel()`` is the Cancel button.
Cancelling is a flag, never a thread kill, so a job always stops between transactions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel; the job's transaction rolls back."""


class JobControl:
    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._on_progress = on_progress
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        if self._on_progress:
            self._on_progress(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

