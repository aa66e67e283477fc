"""The yellow bar above the article of a project this user cannot write.

Opening read-only beats refusing to open: the analyst can still read, export and back up. The bar says
why once, so refused edits only need a short status-bar message. The reason comes from the file system
(it may quote a path), so it is shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

# Fixed colours, not the palette's: a warning reads the same in the light and the dark theme.
_STYLE = ("#readOnlyBanner { background: #fff4b8; border-bottom: 1px solid #d9b600; }"
          " QLabel { color: #3a3000; }")


def banner_text(reason: str) -> str:
    return (f"Read-only: {reason.rstrip('.')}. Edits are off; "
            "File > Back up project… makes a copy you can edit.")


class ReadOnlyBanner(QFrame):
    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(_STYLE)
        self.label = QLabel(banner_text(reason))
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
