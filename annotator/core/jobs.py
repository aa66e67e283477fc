"""What long-running verbs (import, export, suggest, train) share: progress reports and cancelling.

A job takes a :class:`JobControl`. It calls ``report(done, total, message)`` now and then and
``check()`` between units of work; ``check`` raises :class:`Cancelled` once cancel was asked for. The CLI
passes a control that prints a progress bar; the GUI passes one whose ``cancel()`` is the Cancel button.
Cancelling is a flag, never a thread kill, so a job always stops between transactions. Work that waits
in one long call (an SQLite scan) names how to interrupt it with :meth:`JobControl.interrupting`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel; the job's transaction rolls back."""


class JobControl:
    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self._lock = threading.Lock()  # cancel() never calls a hook whose block has ended
        self._interrupts: list[Callable[[], None]] = []

    def report(self, done: int, total: int, message: str = "") -> None:
        if self._on_progress:
            self._on_progress(done, total, message)

    def cancel(self) -> None:
        """Ask the job to stop; interrupts the call it waits in, if it named one (any thread)."""
        with self._lock:
            self._cancel.set()
            for interrupt in self._interrupts:
                interrupt()

    @contextmanager
    def interrupting(self, interrupt: Callable[[], None]) -> Iterator[None]:
        """Within the block, cancelling also calls ``interrupt`` (on the cancelling thread), at once if
        cancel was already asked for: for a job blocked in one call, such as
        ``sqlite3.Connection.interrupt`` for a query."""
        with self._lock:
            self._interrupts.append(interrupt)
            if self._cancel.is_set():
                interrupt()
        try:
            yield
        finally:
            with self._lock:
                self._interrupts.remove(interrupt)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

