"""Untrusted text shown as written: titles, article text, schema names and descriptions, file names,
annotator names and error messages.

Qt guesses. A label, message box or tooltip whose first line looks like HTML (``<b>x</b>``,
``<img src=x>``) is rendered as HTML, and button and menu texts take ``&`` as a mnemonic marker (``R&D``
shows "RD" and claims Alt+D), and a window title drops ``[*]``. Every widget that shows such text gets
it through these helpers.
Item views, line edits, combo box items and the status bar show text as it is already.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "") -> QLabel:
    """A label that never renders its text as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def literal_tooltip(text: str) -> str:
    """Tooltips are always sniffed for HTML and cannot be told otherwise, so this gives them HTML on
    purpose: the text escaped, its spaces and line breaks kept."""
    return f"<p style='white-space:pre-wrap'>{escape(text, quote=False)}</p>" if text else ""


def mnemonic_safe(text: str) -> str:
    """Text for a button or menu item with every ``&`` doubled, so each shows as an ampersand."""
    return text.replace("&", "&&")


def window_title_safe(text: str) -> str:
    """A window title with Qt's unsaved-changes marker ``[*]`` doubled, so a file name holding it shows it."""
    return text.replace("[*]", "[*][*]")


def show_message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                 note: str = "") -> None:
    """A modal message box that shows ``text`` (and a smaller ``note`` under it) as written, never as
    HTML."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if note:
        box.setInformativeText(note)
    box.exec()
