"""The desktop app: thin widgets over the project's verbs. Nothing here owns data."""

from annotator.gui.none_refcount import pin_none

pin_none()  # first, before any PySide6 call: see none_refcount
