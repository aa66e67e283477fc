"""Writing an output file or folder so it appears whole or not at all.

Writers fill a temporary path beside the target (same folder, so the final rename stays on one file
system) and it replaces the target only when they finish. Any exception, a Cancel included, removes the
temporary path and leaves an existing target untouched. Operating-system errors (disk full, no
permission) become an :class:`AnnotatorError` naming the target.
"""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from annotator.errors import AnnotatorError, Errors, disk_full
from annotator.processes import pid_alive


def _temporary_name(target: Path) -> Path:
    """A hidden name beside ``target`` that says which process writes it (see :func:`remove_stale_parts`)."""
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.part")


def remove_stale_parts(target: Path) -> None:
    """Remove the temporary files or folders that a killed export to ``target`` left behind.

    Only names of our own making whose process no longer runs are removed.
    """
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".part")):
            continue
        pid, dash, tag = name[len(prefix):-len(".part")].partition("-")
        if not (pid.isdigit() and dash and len(tag) == 12) or pid_alive(int(pid)):
            continue
        leftover = target.parent / name
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _check_folder(target: Path) -> None:
    if not target.parent.is_dir():
        raise AnnotatorError(Errors.E002, where=str(target.parent))
    remove_stale_parts(target)


@contextmanager
def _cleaned_up(target: Path, temporary: Path) -> Iterator[None]:
    try:
        yield
    except BaseException as exc:
        if temporary.is_dir():
            shutil.rmtree(temporary, ignore_errors=True)
        else:
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise disk_full(target) from exc
        if isinstance(exc, OSError):
            raise AnnotatorError(Errors.E201, where=str(target), reason=exc.strerror or exc) from exc
        raise


def refuse_folder(target: Path) -> None:
    """A folder named as the output file is said as such, before its name is read for a format."""
    if target.is_dir():
        raise AnnotatorError(Errors.E202, where=str(target))


@contextmanager
def atomic_file(target: str | Path) -> Iterator[Path]:
    """Yield an empty temporary file (created with the usual permissions) that becomes ``target``."""
    target = Path(target)
    _check_folder(target)
    refuse_folder(target)
    temporary = _temporary_name(target)
    with _cleaned_up(target, temporary):
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        yield temporary
        os.replace(temporary, target)


@contextmanager
def atomic_text(target: str | Path) -> Iterator[TextIO]:
    """A UTF-8 text stream that writes ``\\n`` as is and becomes ``target`` when closed cleanly."""
    with atomic_file(target) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as stream:
        yield stream


@contextmanager
def atomic_folder(target: str | Path, replaceable: Collection[str] = ()) -> Iterator[Path]:
    """Yield an empty temporary folder that replaces the folder ``target``.

    ``target`` may be missing, empty, or an earlier export (only ``replaceable`` file suffixes in it);
    a folder holding anything else is refused rather than deleted.
    """
    target = Path(target)
    _check_folder(target)
    if target.exists() and not target.is_dir():
        raise AnnotatorError(Errors.E203, where=str(target))
    if target.is_dir():
        foreign = [entry for entry in target.iterdir()
                   if entry.is_dir() or entry.suffix not in replaceable]
        if foreign:
            raise AnnotatorError(Errors.E204, where=str(target), name=foreign[0].name)
    temporary = _temporary_name(target)
    with _cleaned_up(target, temporary):
        temporary.mkdir(mode=0o777)
        yield temporary
        if target.exists():
            previous = _temporary_name(target)
            os.replace(target, previous)
            os.replace(temporary, target)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.replace(temporary, target)


@contextmanager
def scratch_folder(target: str | Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``target`` (same disk), removed however the block ends."""
    target = Path(target)
    _check_folder(target)
    temporary = _temporary_name(target)
    with _cleaned_up(target, temporary):
        temporary.mkdir(mode=0o777)
        try:
            yield temporary
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
