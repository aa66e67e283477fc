"""The dialogs that gather a verb's options: a new project, the import options, the export, and the import
report. Opened with ``open()`` (window-modal, not a nested event loop), they report through
``accepted``; the window then runs the verb. Loaded when first opened, not with the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import STATUS_INFO
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError
from annotator.formats.registry import WRITERS, WriterFormat
from annotator.formats.text_reader import text_codec
from annotator.gui.dialogs import PROJECT_FILTER, ok_cancel
from annotator.gui.error_text import embedded_hint
from annotator.gui.operations import ImportOptions
from annotator.gui.plain_text import plain_label
from annotator.project import BUILTIN_SCHEMAS, PROJECT_SUFFIX

if TYPE_CHECKING:
    from annotator.project.importing import ImportReport


def _browse_row(line: QLineEdit, button_text: str, browse) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(line, 1)
    button = QPushButton(button_text)
    button.clicked.connect(browse)
    layout.addWidget(button)
    return row


class NewProjectDialog(QDialog):
    """Where the new project file goes and which label schema it starts with."""

    def __init__(self, parent: QWidget | None, start_dir: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        self._start_dir = start_dir
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(f"my-project{PROJECT_SUFFIX}")
        self.schema_combo = QComboBox()
        for key, title in BUILTIN_SCHEMAS.items():
            self.schema_combo.addItem(title, key)
        self.schema_combo.addItem("From a YAML/JSON schema file…", "file")
        self.schema_file_edit = QLineEdit()
        self.schema_file_edit.setPlaceholderText("path of a schema file")
        self._schema_file_row = _browse_row(self.schema_file_edit, "Browse…", self._browse_schema)
        self.schema_combo.currentIndexChanged.connect(self._update_schema_row)

        form = QFormLayout()
        form.addRow("Project file:", _browse_row(self.path_edit, "Browse…", self._browse_path))
        form.addRow("Label schema:", self.schema_combo)
        form.addRow("", self._schema_file_row)
        buttons = ok_cancel(self, "Create", self._accept_if_complete)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._update_schema_row()

    def _update_schema_row(self) -> None:
        self._schema_file_row.setVisible(self.schema_combo.currentData() == "file")

    def _browse_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project file", self._start_dir, PROJECT_FILTER)
        if path:
            self.path_edit.setText(path if path.endswith(PROJECT_SUFFIX) else path + PROJECT_SUFFIX)

    def _browse_schema(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Label schema", self._start_dir, "Schemas (*.yaml *.yml *.json);;All files (*)"
        )
        if path:
            self.schema_file_edit.setText(path)

    def _accept_if_complete(self) -> None:
        if self.project_path() and self.schema():
            self.accept()

    def project_path(self) -> Path | None:
        """The file typed, with the project suffix added when it was left out (File > Open lists only
        files that have it)."""
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text)
        return path if path.name.endswith(PROJECT_SUFFIX) else path.with_name(path.name + PROJECT_SUFFIX)

    def schema(self) -> str:
        """A built-in schema's name or a schema file path, as :func:`resolve_schema` takes it."""
        choice = self.schema_combo.currentData()
        return self.schema_file_edit.text().strip() if choice == "file" else choice


class ExportDialog(QDialog):
    """Format and filters for an export; the output path is asked for afterwards."""

    def __init__(self, parent: QWidget | None, schema: Schema) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format_combo = QComboBox()
        for export_format in WRITERS.values():
            self.format_combo.addItem(export_format.title, export_format.name)
        self.status_combo = QComboBox()
        self.status_combo.addItem("All documents", None)
        for status in STATUS_INFO.values():
            self.status_combo.addItem(f"Only {status.title.lower()}", status.name)
        self.labels_list = QListWidget()
        self.labels_list.setToolTip("Untick labels to leave them out of the export.")
        for name in [label.name for label in schema.entity_labels] + [e.name for e in schema.event_types]:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.labels_list.addItem(item)
        form = QFormLayout()
        form.addRow("Format:", self.format_combo)
        form.addRow("Documents:", self.status_combo)
        form.addRow("Labels:", self.labels_list)
        self.buttons = ok_cancel(self, "Export…")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def export_format(self) -> WriterFormat:
        return WRITERS[self.format_combo.currentData()]

    def status(self) -> str | None:
        return self.status_combo.currentData()

    def labels(self) -> list[str] | None:
        """The ticked labels, or None when all are ticked (no filter)."""
        items = [self.labels_list.item(i) for i in range(self.labels_list.count())]
        ticked = [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]
        return None if len(ticked) == len(items) else ticked


ENCODINGS = (  # (shown, codec name); UTF-8 is the importer's default and also reads a BOM
    ("UTF-8", None),
    ("UTF-16", "utf-16"),
    ("Windows-1252 (Western Europe)", "cp1252"),
    ("ISO-8859-1 (Latin-1)", "latin-1"),
    ("Windows-1256 (Arabic)", "cp1256"),
    ("Windows-1251 (Cyrillic)", "cp1251"),
)


class ImportOptionsDialog(QDialog):
    """How to read the chosen files: their encoding, newline handling and what to do with bad records.

    The encoding box also takes any codec name Python knows (``koi8-r``, ``shift_jis``); an unknown one
    is refused here, before anything is read.
    """

    def __init__(self, parent: QWidget | None, paths: list[Path], problem: AnnotatorError | None = None,
                 options: ImportOptions | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import options")
        self.paths = paths
        self.encoding_combo = QComboBox()
        self.encoding_combo.setEditable(True)
        for title, codec in ENCODINGS:
            self.encoding_combo.addItem(title, codec)
        self.encoding_combo.setToolTip("The files' text encoding; type another codec name if needed.")
        self.normalize_check = QCheckBox("Normalize newlines (CRLF and CR become LF; spans move with them)")
        self.skip_check = QCheckBox("Skip invalid records and list them (otherwise nothing is imported)")
        self.problem_label = plain_label()
        self.problem_label.setStyleSheet("color: #c62828;")
        self.problem_label.hide()
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        names = ", ".join(path.name for path in paths[:3]) + more
        form = QFormLayout()
        form.addRow("Importing:", plain_label(names))
        form.addRow("Encoding:", self.encoding_combo)
        form.addRow("", self.normalize_check)
        form.addRow("", self.skip_check)
        self.buttons = ok_cancel(self, "Import", self._accept_if_known)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        if options is not None:
            self.encoding_combo.setCurrentText(self._encoding_title(options.encoding))
            self.normalize_check.setChecked(options.normalize_newlines)
            self.skip_check.setChecked(options.skip_invalid)
        if problem is not None:
            self._show_problem(problem)

    def _encoding_title(self, codec: str | None) -> str:
        index = self.encoding_combo.findData(codec)
        return self.encoding_combo.itemText(index) if index >= 0 else codec or ""

    def _show_problem(self, problem: AnnotatorError) -> None:
        """Why the options opened (a file that is not UTF-8): the problem, its code, and the encoding the
        importer recognised already chosen."""
        self.setWindowTitle("Import options: choose the encoding")
        where = f"{problem.where}: " if problem.where else ""
        message, fields = embedded_hint(problem) or (problem.message, problem.fields)
        self.problem_label.setText(f"{where}{message}. Nothing was imported; choose the files' encoding "
                                   f"and import again. [{problem.code}]")
        self.problem_label.setWordWrap(True)
        self.problem_label.show()
        codec = fields.get("codec")
        if problem.code == "E103" and codec:
            self.encoding_combo.setCurrentText(self._encoding_title(codec))
        self.encoding_combo.setFocus()

    def encoding(self) -> str | None:
        """None for the default (UTF-8), else the codec name chosen or typed."""
        text = self.encoding_combo.currentText().strip()
        index = self.encoding_combo.findText(text)
        return self.encoding_combo.itemData(index) if index >= 0 else text or None

    def _accept_if_known(self) -> None:
        encoding = self.encoding()
        try:
            if encoding is not None:
                text_codec(encoding)
        except AnnotatorError as error:
            self.problem_label.setText(f"{error.message[:1].upper()}{error.message[1:]}.")
            self.problem_label.show()
            return
        self.accept()

    def options(self) -> ImportOptions:
        return ImportOptions(self.encoding(), self.normalize_check.isChecked(), self.skip_check.isChecked())


class ImportReportDialog(QDialog):
    """What an import with skipped records did, and every record it left out (file and line, why)."""

    def __init__(self, parent: QWidget | None, report: ImportReport) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        heading = plain_label(f"{report.summary_lines()[0].capitalize()}.\n\n"
                         f"{len(report.invalid)} invalid record(s) were left out:")
        heading.setWordWrap(True)
        self.invalid_list = QListWidget()
        self.invalid_list.addItems(report.invalid)
        self.invalid_list.setAccessibleName("Skipped records")
        also = [f"{len(report.duplicates)} duplicate document(s) skipped"] if report.duplicates else []
        also += [f"{len(report.notes)} note(s): {'; '.join(report.notes[:3])}"] if report.notes else []
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.invalid_list, 1)
        if also:
            footer = plain_label("Also: " + "; ".join(also))
            footer.setWordWrap(True)
            layout.addWidget(footer)
        layout.addWidget(buttons)
        self.resize(640, 420)
