"""The app's small dialogs used everywhere: errors, the annotator's name, OK and Cancel, text sheets.

The dialogs that gather a verb's options (new project, import options, export, the import report) are in
:mod:`annotator.gui.option_dialogs`, loaded when first opened.
"""

from __future__ import annotations

import getpass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.gui.error_text import code_note, window_text
from annotator.gui.plain_text import show_message
from annotator.project import PROJECT_SUFFIX

PROJECT_FILTER = f"Annotator projects (*{PROJECT_SUFFIX});;All files (*)"


def show_error(parent: QWidget | None, title: str, error: AnnotatorError | str) -> None:
    """Every user-facing error goes through here, so it looks the same everywhere (and shows names and
    paths in it as written): a coded error in the window's words, with its code to look up."""
    if isinstance(error, AnnotatorError):
        show_message(parent, QMessageBox.Icon.Critical, title, window_text(error), code_note(error))
    else:
        show_message(parent, QMessageBox.Icon.Critical, title, error)


def ask_annotator_name(parent: QWidget | None, current: str = "") -> str | None:
    """The name written on every span and event this person makes; asked once, changeable later."""
    name, accepted = QInputDialog.getText(
        parent,
        "Your name",
        "Your name or initials. It is recorded on every annotation you make:",
        QLineEdit.EchoMode.Normal,
        current or getpass.getuser(),
    )
    name = name.strip()
    return name if accepted and name else None


def ok_cancel(dialog: QDialog, ok_text: str | None = None, on_ok=None) -> QDialogButtonBox:
    """OK and Cancel for an options dialog; OK may be renamed for its verb and checked before accepting."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def show_html(parent: QWidget, title: str, html: str) -> QDialog:
    """A non-modal reading window (shortcut sheet, guidelines) the analyst can keep open."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    browser = QTextBrowser()
    browser.setOpenExternalLinks(False)
    browser.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(640, 560)
    dialog.show()
    return dialog
