"""One writer per project file, whatever name it is opened by.

Two OS locks are held while a window, an import or a script writes:

* ``<project>.lock`` beside the file (its resolved path, so a symlink finds the same lock). It also works
  between users sharing a folder, and tells read-only folders apart (no lock file can be made there).
* an identity lock keyed by the file's device and inode, in a per-user folder under the temp directory.
  A hard link is the same file under another name; SQLite keeps a separate ``-wal`` per *name*, so two
  writers through two names would each lose the other's edits. The identity lock records the name the
  writer uses, so a second process is told which name to use instead.

The OS releases both when the process dies, so a killed app never leaves a project locked. Only lock files
are opened here, never the project file itself.
"""

from __future__ import annotations

import errno
import getpass
import os
import tempfile
from pathlib import Path

from annotator.errors import Errors, ProjectInUse, ProjectReadOnly

if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int, *, shared: bool = False) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        if shared:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return True

else:
    import fcntl

    def _try_lock(fd: int, *, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError:
            return False
        if shared:
            fcntl.flock(fd, fcntl.LOCK_UN)
        return True


_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR)  # EISDIR: a folder in the way


def identity_lock_path(project: Path) -> Path:
    """Where the identity lock of ``project`` (an existing file) lives."""
    info = os.stat(project)
    folder = Path(tempfile.gettempdir()) / f"annotator-locks-{_user_tag()}"
    return folder / f"{info.st_dev:x}-{info.st_ino:x}.lock"


def _user_tag() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return "".join(ch for ch in getpass.getuser() if ch.isalnum()) or "user"


def writer_elsewhere(project: Path) -> str | None:
    """The name another process writes ``project`` under, if it differs from ``project``'s own."""
    try:
        lock_path = identity_lock_path(project)
        fd = os.open(lock_path, os.O_RDONLY)
    except OSError:
        return None
    try:
        if _try_lock(fd, shared=True):
            return None
        holder = os.read(fd, 4096).decode("utf-8", "replace").partition("\n")[2].strip()
    finally:
        os.close(fd)
    return holder if holder and holder != str(project.resolve()) else None


class WriterLock:
    def __init__(self, project_path: Path) -> None:
        resolved = project_path.resolve()
        self.project = resolved
        self.path = resolved.with_name(resolved.name + ".lock")
        self._fds: list[int] = []

    def acquire(self) -> None:
        try:
            self._take_identity_lock()
            self._take(self.path, holder="")
        except BaseException:
            self.release()
            raise

    def _take_identity_lock(self) -> None:
        lock_path = identity_lock_path(self.project)
        try:
            lock_path.parent.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return  # no usable temp folder: the lock beside the file still guards the usual case
        self._take(lock_path, holder=str(self.project))

    def _take(self, lock_path: Path, *, holder: str) -> None:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            if error.errno in _NOT_WRITABLE:
                raise ProjectReadOnly(Errors.E022, where=str(self.project), reason=error.strerror) from error
            raise
        if not _try_lock(fd):
            other = ""
            if holder:
                try:
                    other = os.read(fd, 4096).decode("utf-8", "replace").partition("\n")[2].strip()
                except OSError:
                    other = ""
            os.close(fd)
            under = f" (under the name {other})" if other and other != holder else ""
            raise ProjectInUse(Errors.E021, where=str(self.project), under=under)
        self._fds.append(fd)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n{holder}".encode())
        except OSError:
            pass  # a full disk: the lock is held all the same; the pid is only informative

    def release(self) -> None:
        while self._fds:
            os.close(self._fds.pop())
