"""The only code that talks SQL. Everything else calls :class:`ProjectStore`."""

from annotator.store.connection import translated
from annotator.store.database import ProjectStore
from annotator.store.files import backup_project, discard_new_project

__all__ = ["ProjectStore", "backup_project", "discard_new_project", "translated"]
