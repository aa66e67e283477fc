"""The analyst's preferences, kept in QSettings("annotator", "annotator") between runs.

Everything goes through :class:`Preferences` so keys are spelled once. Tests point QSettings at a
temporary folder (``QSettings.setPath``) and can preset the annotator name so no dialog appears.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "annotator"
APPLICATION = "annotator"
MAX_RECENT = 8
THEMES = ("system", "light", "dark")


def _project_key(project_path: str | Path) -> str:
    """A settings key per project file; a path's slashes would otherwise open nested groups."""
    resolved = str(Path(project_path).resolve())
    return hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:16]


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )

    def _text(self, key: str, default: str = "") -> str:
        value = self._settings.value(key, default)
        return value if isinstance(value, str) else default

    def _flag(self, key: str, default: bool) -> bool:
        value = self._settings.value(key, default)
        return value in (True, "true", "1", 1) if not isinstance(value, bool) else value

    def _number(self, key: str, default: int) -> int:
        try:
            return int(self._settings.value(key, default))
        except (TypeError, ValueError):
            return default

    def sync(self) -> None:
        self._settings.sync()

    @property
    def annotator(self) -> str:
        return self._text("annotator").strip()

    @annotator.setter
    def annotator(self, name: str) -> None:
        self._settings.setValue("annotator", name.strip())

    def recent_projects(self) -> list[str]:
        value = self._settings.value("recent_projects", [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [path for path in paths if isinstance(path, str) and path]

    def add_recent_project(self, path: str | Path) -> None:
        resolved = str(Path(path).resolve())
        paths = [resolved, *(p for p in self.recent_projects() if p != resolved)]
        self._settings.setValue("recent_projects", paths[:MAX_RECENT])

    def last_document(self, project_path: str | Path) -> int | None:
        value = self._number(f"last_document/{_project_key(project_path)}", 0)
        return value or None

    def set_last_document(self, project_path: str | Path, doc_id: int) -> None:
        self._settings.setValue(f"last_document/{_project_key(project_path)}", doc_id)

    def window_state(self, name: str) -> QByteArray | None:
        value = self._settings.value(f"window/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, name: str, state: QByteArray) -> None:
        self._settings.setValue(f"window/{name}", state)

    @property
    def zoom(self) -> int:
        """Points added to the article font size by View > Zoom."""
        return self._number("view/zoom", 0)

    @zoom.setter
    def zoom(self, points: int) -> None:
        self._settings.setValue("view/zoom", points)

    @property
    def snapping(self) -> bool:
        return self._flag("view/snapping", True)

    @snapping.setter
    def snapping(self, on: bool) -> None:
        self._settings.setValue("view/snapping", on)

    @property
    def show_tags(self) -> bool:
        return self._flag("view/show_tags", True)

    @show_tags.setter
    def show_tags(self, on: bool) -> None:
        self._settings.setValue("view/show_tags", on)

    @property
    def theme(self) -> str:
        theme = self._text("view/theme", "system")
        return theme if theme in THEMES else "system"

    @theme.setter
    def theme(self, theme: str) -> None:
        self._settings.setValue("view/theme", theme)
