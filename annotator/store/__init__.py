"""The only code that talks SQL. Everything else calls :class:`ProjectStore`."""

from annotator.store.database import ProjectStore

__all__ = ["ProjectStore"]
