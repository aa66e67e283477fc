"""Keep the ``.annotator`` file complete: move the write-ahead log into it soon after edits stop.

With WAL the newest edits live in ``-wal`` until a checkpoint; a copy of the project file alone would miss
them. Every process that writes (the window, the CLI, a script using the project API) runs one of these,
on its own thread and its own connection, so it works without an event loop. A passive checkpoint never
blocks the writer; truncating the log is only tried when nobody is reading.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

from annotator.store.connection import connect

IDLE_SECONDS = 1.0
RETRY_SECONDS = 2.0
_log = logging.getLogger(__name__)


def checkpoint(conn: sqlite3.Connection) -> bool:
    """Copy every committed frame of the log into the main file; True when all of it went in."""
    busy, log_frames, moved = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    if busy or log_frames != moved:
        return False
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.execute(f"PRAGMA busy_timeout = {timeout}")
    return True


class IdleCheckpointer:
    """Checkpoints ``IDLE_SECONDS`` after the last :meth:`wrote`, retrying while readers hold the log."""

    def __init__(self, path: Path, idle: float = IDLE_SECONDS) -> None:
        self._path = path
        self._idle = idle
        self._due: float | None = None
        self._closed = False
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="annotator-checkpoint", daemon=True)
        self._thread.start()

    def wrote(self) -> None:
        with self._condition:
            self._due = time.monotonic() + self._idle
            self._condition.notify()

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify()
        self._thread.join(timeout=5)

    def _wait_until_due(self) -> bool:
        with self._condition:
            while not self._closed:
                if self._due is not None:
                    remaining = self._due - time.monotonic()
                    if remaining <= 0:
                        self._due = None
                        return True
                    self._condition.wait(remaining)
                else:
                    self._condition.wait()
            return False

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            while self._wait_until_due():
                try:
                    conn = conn or connect(self._path, mode="rw")
                    done = checkpoint(conn)
                except sqlite3.Error as error:
                    _log.warning("checkpoint of %s failed: %s", self._path, error)
                    done = False
                if not done:
                    with self._condition:
                        if self._due is None:
                            self._due = time.monotonic() + RETRY_SECONDS
        finally:
            if conn is not None:
                conn.close()
