"""Light or dark: follow the system unless the analyst chose one (View > Appearance).

Qt follows the system colour scheme by itself where the platform reports one. An explicit choice is
passed on to Qt too; where the platform cannot switch (some Linux desktops, offscreen), a dark palette is
set directly so the choice still takes effect.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_DARK_COLORS = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.AlternateBase: "#292929",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.Light: "#505050",
    QPalette.ColorRole.Midlight: "#404040",
    QPalette.ColorRole.Mid: "#555555",
    QPalette.ColorRole.Dark: "#1a1a1a",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#3a74cc",  # white on it 4.6:1 (AA), and 3.6:1 against the base
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#353535",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Link: "#7fb0ff",
    QPalette.ColorRole.BrightText: "#ff6b6b",
}


WARNING_ON_LIGHT = QColor("#b71c1c")  # 6.6:1 on white, 5.7:1 on a light window
WARNING_ON_DARK = QColor("#ff8a80")  # 7.2:1 on the dark base, 5.4:1 on its buttons


def warning_color(palette: QPalette) -> QColor:
    """The red of a warning (a required role left empty) that reads on ``palette``'s base and window
    colours: dark red on a light theme, light red on a dark one. On a selected row, use the palette's
    HighlightedText instead: no red reads well on every selection colour."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor(WARNING_ON_DARK if dark else WARNING_ON_LIGHT)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK_COLORS.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def is_dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(theme: str) -> None:
    """``system``, ``light`` or ``dark``."""
    hints = QApplication.styleHints()
    schemes = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
    if theme in schemes:
        hints.setColorScheme(schemes[theme])
    else:
        hints.unsetColorScheme()
    if theme == "dark" and not is_dark():
        QApplication.setPalette(dark_palette())
    elif theme != "dark" and is_dark() and hints.colorScheme() != Qt.ColorScheme.Dark:
        QApplication.setPalette(QApplication.style().standardPalette())
