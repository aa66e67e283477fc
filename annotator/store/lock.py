"""One writer per project: an OS lock on ``<project>.lock`` held while a window or import has it open.

SQLite alone would let two annotator windows interleave edits on one file and each show stale state;
the lock makes the second one say so instead. The OS releases it when the process dies, so a killed app
never leaves a project locked.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.errors import AnnotatorError

if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


class WriterLock:
    def __init__(self, project_path: Path) -> None:
        self.path = project_path.with_name(project_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            raise AnnotatorError(
                "this project is open for writing in another annotator window or command",
                where=str(self.path.with_suffix("")),
                hint="close the other window or wait for the import to finish, then try again",
            )
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
