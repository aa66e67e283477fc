"""File > Open recent: the remembered projects that still exist, by file name as written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu

from annotator.gui.plain_text import literal_tooltip, mnemonic_safe


def fill_recent_menu(menu: QMenu, recent: list[str], open_project: Callable[[str], object]) -> None:
    """Refill ``menu`` (on ``aboutToShow``); a missing file is left out, an empty list says so."""
    menu.clear()
    existing = [p for p in recent if Path(p).is_file()]
    for path in existing:
        action = menu.addAction(mnemonic_safe(Path(path).name), lambda p=path: open_project(p))
        action.setToolTip(literal_tooltip(path))
    if not existing:
        menu.addAction("No recent projects").setEnabled(False)
