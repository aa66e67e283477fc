"""The one exception class for problems the user can fix.

Anything raised as :class:`AnnotatorError` is shown to the user as a message (CLI: on stderr with exit
code 1; GUI: in a dialog). Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """A user-facing error with an actionable message.

    ``where`` names the file (and line) the problem was found in, so every message can point at it.
    """

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class DiskFull(AnnotatorError):
    """The disk filled up; nothing of the refused write was kept."""


class ProjectInUse(AnnotatorError):
    """Another process writes this project."""


class ProjectReadOnly(AnnotatorError):
    """The project (or its folder, or its lock file) cannot be written by this user."""


def disk_full(where: object) -> DiskFull:
    """The one wording for a full disk, wherever it strikes (an edit, an import, an export, a backup)."""
    return DiskFull("the disk is full; free space and try again (nothing was changed)",
                          where=str(where))
