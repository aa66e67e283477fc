"""The Suggestions menu: its actions, the verbs only it offers (train a model, edit the settings), and
installing the controller with the menu in a main window.

Kept apart from :mod:`annotator.gui.suggestions`, which shows the suggestions and settles them by key;
this module only offers commands over that controller.

Hook: ``install_suggestions(window)`` at the end of ``MainWindow._attach`` (after the workbench exists).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from annotator.core.jobs import JobControl
from annotator.gui import keymap
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import show_message
from annotator.gui.suggestion_settings import SettingsDialog, TrainDialog
from annotator.gui.suggestions import SuggestionsController

MENU_NAME = "suggestions_menu"


def create_actions(controller: SuggestionsController, parent: QWidget) -> list[QAction]:
    """Menu actions; Enter and Backspace/X on the current suggestion come from the controller's filter."""
    entries = [
        ("&Next suggestion", lambda: controller.step(+1), "next_suggestion"),
        ("&Previous suggestion", lambda: controller.step(-1), "previous_suggestion"),
        (f"&Accept suggestion ({keymap.key_text('accept_suggestion')})", controller.accept_current, None),
        (f"&Reject suggestion ({keymap.key_text('reject_suggestion')})", controller.reject_current, None),
        ("Accept all &occurrences of this string", controller.accept_occurrences, "accept_occurrences"),
        ("Accept a&ll in document", controller.accept_all, "accept_all"),
        ("Reject all in &document", controller.reject_all, "reject_all"),
        (None, None, None),
        ("&Train model…", lambda: train_model(controller), None),
        ("Suggestion &settings…", lambda: edit_settings(controller), None),
    ]
    actions = []
    for text, slot, binding in entries:
        action = QAction(text or "", parent)
        if text is None:
            action.setSeparator(True)
        else:
            action.triggered.connect(slot)
            if binding:
                keymap.bind(action, binding)
        actions.append(action)
    return actions


def train_model(controller: SuggestionsController) -> BackgroundJob | None:
    dialog = TrainDialog(controller.widget)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return start_training(controller, dialog.epochs.value())


def start_training(controller: SuggestionsController, epochs: int) -> BackgroundJob:
    """Train on the background runner; the trained model is loaded as a recommender when it is done."""
    project = controller.session.project

    def work(control: JobControl):
        with project.for_thread() as reader:
            return reader.train(epochs=epochs, control=control)

    def trained(result) -> None:
        show_message(controller.widget, QMessageBox.Icon.Information, "Model trained",
                     "\n".join(result.summary_lines()))
        controller.reload_recommenders()

    job = controller.start_job("Training model", work)
    job.succeeded.connect(trained)
    job.cancelled.connect(
        lambda: controller.session.message.emit("Training cancelled; the model is unchanged."))
    return job


def edit_settings(controller: SuggestionsController) -> None:
    dialog = SettingsDialog(controller.settings, controller.session.project.schema, controller.widget)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        controller.session.project.save_recommender_settings(dialog.result_settings())
        controller.reload_recommenders()


def install_suggestions(window) -> SuggestionsController:
    """Give a main window's current workbench suggestions and a Suggestions menu (rebuilt per project)."""
    workbench = window.workbench
    controller = SuggestionsController(window.session, workbench.view, workbench.state, workbench)
    controller.accepted.connect(workbench.controller.suggestion_clicks.select_created)
    menu = window.findChild(QMenu, MENU_NAME)
    if menu is None:
        menu = QMenu("&Suggestions", window)
        menu.setObjectName(MENU_NAME)
        window.menuBar().insertMenu(window.menuBar().actions()[-1], menu)
    menu.clear()
    menu.addActions(create_actions(controller, window.workbench))
    return controller
