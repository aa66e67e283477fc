"""Project files made whole or not at all: new projects and backups are built under a hidden name.

These functions only create, link and remove files that no program has open as a project: a new file
being built, or a backup copy. The open project itself is only ever touched through SQLite.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from annotator.errors import AnnotatorError, Errors
from annotator.processes import pid_alive
from annotator.store.connection import connect, translated

_DATABASE_SUFFIXES = ("", "-journal", "-wal", "-shm")
_BUILDING = ".creating-"
_PAGES_PER_STEP = 1024


def creation_path(path: Path) -> Path:
    """The hidden name ``path`` is built under by this process."""
    return path.with_name(f".{path.name}{_BUILDING}{os.getpid()}")


def remove_database_files(path: Path) -> None:
    for suffix in _DATABASE_SUFFIXES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def discard_new_project(path: Path) -> None:
    """Remove a project this process has just made and closed (a first merge into it failed), with its
    lock file, so the failure leaves no project where there was none."""
    remove_database_files(path)
    path.with_name(path.name + ".lock").unlink(missing_ok=True)


def remove_stale_creations(folder: Path) -> None:
    """Remove what killed ``create`` or ``backup`` runs left in ``folder`` (their process is gone)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not name.startswith(".") or _BUILDING not in name:
            continue
        pid, _, suffix = name.rpartition(_BUILDING)[2].partition("-")
        if pid.isdigit() and f"-{suffix}".rstrip("-") in _DATABASE_SUFFIXES and not pid_alive(int(pid)):
            (folder / name).unlink(missing_ok=True)


def publish(built: Path, path: Path, *, replace: bool = False) -> None:
    """Give the complete file ``built`` its real name; never overwrite unless ``replace``."""
    if replace:
        os.replace(built, path)
        return
    try:
        os.link(built, path)
    except FileExistsError as error:
        raise AnnotatorError(Errors.E001, where=str(path)) from error
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if path.exists():
            raise AnnotatorError(Errors.E001, where=str(path)) from error
        os.rename(built, path)


def backup_project(source: Path, destination: Path,
                   progress: Callable[[int, int], None] | None = None, *, replace: bool = False) -> Path:
    """Copy ``source`` with SQLite's backup API into ``destination`` (a file, or a folder to put it in).

    The copy is a consistent snapshot even while another process edits the project; it is checked and
    then linked into place, so a failed backup leaves nothing. Returns the path written.
    """
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / source.name
    if destination.exists():
        if os.path.samefile(source, destination):
            raise AnnotatorError(Errors.E008, where=str(destination))
        if not replace:
            raise AnnotatorError(Errors.E001, where=str(destination), hint="choose a new backup name")
    if not destination.parent.is_dir():
        raise AnnotatorError(Errors.E002, where=str(destination.parent))
    building = creation_path(destination)
    remove_stale_creations(destination.parent)
    try:
        with translated(destination):
            _copy(source, building, progress)
            publish(building, destination, replace=replace)
    finally:
        remove_database_files(building)
    return destination


def _copy(source: Path, target: Path, progress: Callable[[int, int], None] | None) -> None:
    reader = connect(source, mode="ro")
    try:
        writer = connect(target, mode="rwc")
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            reader.backup(writer, pages=_PAGES_PER_STEP, progress=step)
            writer.execute("PRAGMA journal_mode = DELETE")
            problems = [row[0] for row in writer.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise AnnotatorError(Errors.E009, where=str(target), problem=problems[0])
        finally:
            writer.close()
    finally:
        reader.close()
