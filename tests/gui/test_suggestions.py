"""Suggestions in the window: shown in the view, stepped through, Enter/Backspace/X, accept/reject all."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.edits import Changes
from annotator.core.suggestions import RecommenderSettings
from annotator.gui.suggestion_settings import SettingsDialog
from annotator.gui.suggestions import SuggestionsController
from annotator.nlp.dictionary import DictionaryRecommender
from annotator.nlp.triggers import TriggerRecommender
from tests.conftest import add_document
from tests.formats.export_helpers import add_span

TEXT = "Raqqa said Raqqa would shell Raqqa."


def controller_for(harness_result) -> SuggestionsController:
    h = harness_result
    add_span(h.project, add_document(h.project, "Raqqa is a city.", "seed"), "Raqqa", "GPE")
    recommenders = [DictionaryRecommender("en"), TriggerRecommender(h.project.schema)]
    controller = SuggestionsController(h.session, h.view, h.controller.state, h.window, recommenders)
    h.session.set_current(h.doc_id)
    h.qtbot.waitUntil(lambda: not controller.jobs)  # the triggers' part comes from the thread pool
    return controller


def test_enter_accepts_the_current_suggestion_with_provenance_and_undo(harness, qtbot) -> None:
    h = harness(TEXT)
    controller = controller_for(h)
    assert [(s.text, s.kind) for s in controller.suggestions] == [
        ("Raqqa", "entity"), ("Raqqa", "entity"), ("shell", "trigger"), ("Raqqa", "entity")]
    controller.step(+1)
    assert h.messages[-1].startswith("Suggestion 1/4: GPE \u201cRaqqa\u201d from dictionary")
    h.key(Qt.Key.Key_Return)
    (span,) = h.project.spans(h.doc_id)
    assert (span.start, span.source, span.annotator) == (0, "dictionary", "tester")
    qtbot.waitUntil(lambda: len(controller.suggestions) == 3)
    assert controller.current_span() is not None and controller.current_span().start == 11
    h.session.undo_stack.undo()
    assert h.project.spans(h.doc_id) == []
    qtbot.waitUntil(lambda: len(controller.suggestions) == 4)


def test_backspace_and_x_reject_and_are_remembered(harness) -> None:
    h = harness(TEXT)
    controller = controller_for(h)
    controller.step(+1)
    h.key(Qt.Key.Key_Backspace)
    controller.step(+1)
    h.key("x")
    assert [s.start for s in controller.suggestions] == [11, 29]
    assert h.project.spans(h.doc_id) == []
    assert len(controller.refresh()) == 2
    controller.reject_all()
    assert controller.refresh() == []


def test_accept_all_and_keys_without_a_current_suggestion(harness) -> None:
    h = harness(TEXT)
    controller = controller_for(h)
    h.key(Qt.Key.Key_Return)
    assert h.project.spans(h.doc_id) == []
    controller.accept_all()
    assert [(s.text, s.source) for s in h.project.spans(h.doc_id)] == [
        ("Raqqa", "dictionary"), ("Raqqa", "dictionary"), ("shell", "triggers"), ("Raqqa", "dictionary")]
    assert len(h.project.events(h.doc_id)) == 1
    h.session.undo_stack.undo()
    assert h.project.spans(h.doc_id) == []


def test_settings_dialog_edits_switches_and_the_label_mapping(harness, qtbot) -> None:
    h = harness(TEXT)
    settings = RecommenderSettings(model="/models/x", mapping={"LOC": "GPE", "NORP": ""})
    dialog = SettingsDialog(settings, h.project.schema, h.window)
    qtbot.addWidget(dialog)
    assert dialog.current_mapping() == {"LOC": "GPE", "NORP": ""}
    dialog.mapping.cellWidget(1, 1).setCurrentText("ORG")
    dialog.ignore_case.setChecked(True)
    result = dialog.result_settings()
    assert result == RecommenderSettings(ignore_case=True, model="/models/x",
                                         mapping={"LOC": "GPE", "NORP": "ORG"})


def test_install_adds_one_suggestions_menu_and_loads_recommenders_in_the_background(
        project, qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu

    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session
    from annotator.gui.settings import Preferences
    from annotator.gui.suggestions_menu import MENU_NAME, install_suggestions

    add_document(project, TEXT, "one")
    prefs = Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(project), prefs)
    qtbot.addWidget(window)
    for _ in range(2):
        controller = install_suggestions(window)
    qtbot.waitUntil(lambda: controller.service is not None and not controller.jobs, timeout=10000)
    menus = window.findChildren(QMenu, MENU_NAME)
    assert len(menus) == 1
    assert "Train model…" in [action.text().replace("&", "") for action in menus[0].actions()]
    assert [s.kind for s in controller.refresh()] == ["trigger"]


def test_hovering_a_suggestion_shows_what_proposed_it_and_how_to_settle_it(harness, qtbot) -> None:
    h = harness("Fighting near Raqqa went on.")
    controller_for(h)
    raqqa = h.text.index("Raqqa")
    QToolTip.hideText()
    qtbot.mouseMove(h.view.viewport(), h.inside(raqqa + 2))
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    text = QToolTip.text()
    assert "Suggestion: GPE</b> from dictionary" in text and "\u201cRaqqa\u201d" in text
    assert "Enter accepts" in text and "Backspace or X rejects" in text
    bare = h.inside(h.text.index("went") + 1)
    help_event = QHelpEvent(QEvent.Type.ToolTip, bare, h.view.viewport().mapToGlobal(bare))
    QApplication.sendEvent(h.view.viewport(), help_event)
    assert not help_event.isAccepted(), "bare text has no tooltip"
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


class SlowModel(TriggerRecommender):
    """A text-only recommender that records the thread each call runs on."""

    def __init__(self, schema) -> None:
        super().__init__(schema)
        self.threads: list[threading.Thread] = []

    def suggest(self, doc_id: int, text: str):
        self.threads.append(threading.current_thread())
        return super().suggest(doc_id, text)


def test_the_model_runs_off_the_ui_thread_once_per_document_and_edits_reuse_it(harness) -> None:
    h = harness(TEXT)
    model = SlowModel(h.project.schema)
    controller = SuggestionsController(h.session, h.view, h.controller.state, h.window,
                                       [DictionaryRecommender("en"), model])
    h.session.set_current(h.doc_id)
    assert "shell" not in [s.text for s in controller.suggestions], "the view did not wait for the model"
    h.qtbot.waitUntil(lambda: "shell" in [s.text for s in controller.suggestions])
    assert model.threads and threading.main_thread() not in model.threads
    calls = len(model.threads)
    h.drag(0, 5)
    h.key("g")
    h.qtbot.waitUntil(lambda: [s.text for s in controller.suggestions] == ["Raqqa", "shell", "Raqqa"])
    assert len(model.threads) == calls, "an edit reruns only the dictionary"
    controller.step(+1)
    h.key("x")
    assert [s.start for s in controller.suggestions] == [23, 29]
    h.session.set_current(None)
    h.session.set_current(h.doc_id)
    assert [s.start for s in controller.suggestions] == [23, 29], "rejections are remembered"
    assert len(model.threads) == calls, "the model's proposals are kept per document"


def test_an_edit_updates_the_shown_suggestions_as_a_fresh_look_would_and_they_are_stored_once_edits_stop(
        harness) -> None:
    h = harness("Accra and Accra and Raqqa.")
    controller = controller_for(h)
    assert [(s.start, s.text) for s in controller.suggestions] == [(20, "Raqqa")]
    h.drag(0, 5)
    h.key("g")
    expected = [(10, "Accra", "dictionary"), (20, "Raqqa", "dictionary")]
    assert [(s.start, s.text, s.source) for s in controller.suggestions] == expected
    fresh = controller.service.open(h.doc_id, h.controller.state.spans.values())
    assert controller.suggestions == fresh
    stored = h.project.suggestions([], follow=False)  # reads the table, nothing kept in memory
    def written() -> list:
        stored.forget()
        return [(s.start, s.text, s.source) for s in stored.open(h.doc_id)]
    h.qtbot.waitUntil(lambda: written() == expected)
    h.project.notify(Changes(None, documents=True))  # an import: the kept rows are read again
    h.drag(20, 25)
    h.key("o")
    # ORG "Raqqa" hides the GPE suggestion on exactly its text (the window relabels, never stacks)
    assert [(s.start, s.label) for s in controller.suggestions] == [(10, "GPE")]
    assert controller.suggestions == controller.service.open(h.doc_id, h.controller.state.spans.values())
