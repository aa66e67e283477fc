"""The dialogs behind the Suggestions menu: training a model, and which recommenders are on with the
pipeline's label mapping. Kept apart from :mod:`annotator.gui.suggestions`, which runs suggestions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.suggestions import RecommenderSettings
from annotator.gui import keymap
from annotator.gui.dialogs import ok_cancel
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import show_message
from annotator.project import Project

DROP = "(drop)"


MIN_DONE_DOCUMENTS = 2  # training's own rule (E502), said before its options are asked for


def project_of(parent: QWidget | None) -> Project | None:
    """The project these dialogs are about: the suggestions controller opens them over the workbench,
    whose session holds it."""
    session = getattr(parent, "session", None)
    return getattr(session, "project", None)


def trained_model_exists(project: Project) -> bool:
    from annotator.nlp.training import model_dir_for  # spaCy's training side: only when asked

    return (model_dir_for(project.path) / "config.cfg").is_file()


def training_blocker(project: Project) -> str | None:
    """Why training cannot start yet (too few done documents), in the analyst's terms; None if it can."""
    done = project.document_count("done")
    if done >= MIN_DONE_DOCUMENTS:
        return None
    return (f"Training needs at least {MIN_DONE_DOCUMENTS} documents marked done, with entities tagged; "
            f"this project has {done}.\n\nTag entities in more documents and mark each one done "
            f"(Document > Mark done and go to next, {keymap.key_text('mark_done')}), then train.")


class TrainDialog(QDialog):
    """Training options; it says first when there are too few done documents, instead of asking."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train model")
        self.epochs = QSpinBox(minimum=1, maximum=500, value=10)
        form = QFormLayout(self)
        form.addRow(QLabel("Trains a spaCy model from the documents marked done (20% held out for "
                           "scores).\nIt is saved beside the project and replaces the previous one."))
        form.addRow("&Epochs:", self.epochs)
        buttons = ok_cancel(self)
        form.addRow(buttons)

    def exec(self) -> int:
        project = project_of(self.parentWidget())
        blocker = training_blocker(project) if project is not None else None
        if blocker is not None:
            show_message(self.parentWidget(), QMessageBox.Icon.Information, "Not enough done documents",
                         blocker)
            return QDialog.DialogCode.Rejected.value
        return super().exec()


class SettingsDialog(QDialog):
    """Which recommenders are on, the user's pipeline, and how its labels map onto the project's."""

    def __init__(self, settings: RecommenderSettings, schema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestion settings")
        self._settings = settings
        self._labels = [label.name for label in schema.entity_labels]
        self._schema = schema
        self.dictionary = QCheckBox("Propose strings already tagged (project dictionary)")
        self.dictionary.setChecked(settings.dictionary)
        self.ignore_case = QCheckBox("Ignore case when matching tagged strings")
        self.ignore_case.setChecked(settings.ignore_case)
        self.triggers = QCheckBox("Propose event triggers listed in the schema")
        self.triggers.setChecked(settings.triggers)
        self.trained = QCheckBox("Use the model trained from this project")
        self.trained.setChecked(settings.trained)
        project = project_of(parent)
        if project is not None and not trained_model_exists(project):
            self.trained.setChecked(False)  # shown as it is: no model, nothing used
            self.trained.setEnabled(False)
            self.trained.setToolTip("No model has been trained yet: Suggestions > Train model… makes one "
                                    f"from at least {MIN_DONE_DOCUMENTS} documents marked done.")
        self.model = QLineEdit(settings.model)
        self.model.setPlaceholderText("installed package name or pipeline folder (nothing is downloaded)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        read_labels = QPushButton("Read labels")
        read_labels.clicked.connect(self.read_labels)
        model_row = QHBoxLayout()
        for widget in (self.model, browse, read_labels):
            model_row.addWidget(widget)
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels(["Model label", "Project label"])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self._fill_mapping(settings.mapping)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        for widget in (self.dictionary, self.ignore_case, self.triggers, self.trained):
            layout.addWidget(widget)
        layout.addLayout(model_row)
        layout.addWidget(self.mapping)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "spaCy pipeline folder", self.model.text())
        if folder:
            self.model.setText(folder)

    def read_labels(self) -> BackgroundJob:
        """Load the pipeline named above (in the background) and list its labels and their mapping."""
        from annotator.nlp.pipeline import LabelMapping, load_pipeline, pipeline_labels

        name = self.model.text().strip()
        job = BackgroundJob(self, "Reading pipeline labels",
                            lambda _control: pipeline_labels(load_pipeline(name)))
        job.succeeded.connect(lambda labels: self._fill_mapping(
            LabelMapping.for_schema(self._schema, self.current_mapping()).table(labels)))
        self._job = job
        return job.start()

    def _fill_mapping(self, mapping: dict[str, str]) -> None:
        self.mapping.setRowCount(0)
        for model_label, project_label in sorted(mapping.items()):
            row = self.mapping.rowCount()
            self.mapping.insertRow(row)
            item = QTableWidgetItem(model_label)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping.setItem(row, 0, item)
            choice = QComboBox()
            choice.addItems([DROP, *self._labels])
            choice.setCurrentText(project_label if project_label in self._labels else DROP)
            self.mapping.setCellWidget(row, 1, choice)

    def current_mapping(self) -> dict[str, str]:
        mapping = {}
        for row in range(self.mapping.rowCount()):
            choice = self.mapping.cellWidget(row, 1)
            label = choice.currentText() if isinstance(choice, QComboBox) else DROP
            mapping[self.mapping.item(row, 0).text()] = "" if label == DROP else label
        return mapping

    def result_settings(self) -> RecommenderSettings:
        return RecommenderSettings(
            dictionary=self.dictionary.isChecked(), ignore_case=self.ignore_case.isChecked(),
            triggers=self.triggers.isChecked(),
            # while no model exists the box is off and disabled; the stored choice waits for one
            trained=self.trained.isChecked() if self.trained.isEnabled() else self._settings.trained,
            model=self.model.text().strip(), mapping=self.current_mapping())
