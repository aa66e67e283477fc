"""The Adjudication window driven by real keys: agreed items go to gold, digits take an analyst's version,
N takes neither, Ctrl+Z undoes a decision; the passage is shown per analyst."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.edits import AddArgument, AddEvent, AddSpan
from annotator.core.model import Span
from annotator.core.relation_edits import FillRoleWithEvent
from annotator.gui.adjudication import AdjudicationWindow
from annotator.gui.plain_text import literal_tooltip
from annotator.project import Project
from annotator.project.merging import merge_files
from tests.conftest import MINI_SCHEMA, add_document
from tests.gui.builders import open_window, preferences_fixture  # noqa: F401
from tests.project.test_merging import SHARED, analyst_copy


def gold_window(qtbot, tmp_path: Path, preferences):
    gold = tmp_path / "gold.annotator"
    merge_files(gold, [analyst_copy(tmp_path / "alice.annotator", "alice"),
                       analyst_copy(tmp_path / "bob.annotator", "bob", label="ORG")])
    window = open_window(qtbot, gold, preferences)
    project = window.session.project
    doc_id = next(i for i in project.document_ids() if project.text(i) == SHARED)
    window.session.set_current(doc_id)
    return window, project, doc_id


def open_adjudication(qtbot, window) -> AdjudicationWindow:
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_D, modifiers)
    adjudication = window.findChild(AdjudicationWindow)
    assert adjudication is not None and adjudication.isVisible()
    with qtbot.waitActive(adjudication):
        adjudication.activateWindow()
    settle(qtbot, adjudication)
    return adjudication


def settle(qtbot, adjudication: AdjudicationWindow) -> None:
    """Wait for the queue read off the UI thread after an edit (keys wait for it too)."""
    qtbot.waitUntil(lambda: not adjudication.reading, timeout=10000)


def press(qtbot, adjudication: AdjudicationWindow, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(adjudication.rows, key, modifier)
    settle(qtbot, adjudication)


def test_keys_decide_the_queue_into_gold_and_ctrl_z_undoes(qtbot, tmp_path: Path, preferences) -> None:
    window, project, doc_id = gold_window(qtbot, tmp_path, preferences)
    adjudication = open_adjudication(qtbot, window)
    # the attack both analysts tagged went to gold at once
    assert [(e.type, project.span(e.trigger_id).text) for e in project.events(doc_id)] == [
        ("Conflict.Attack", "shelled")]
    assert adjudication.rows.count() == 2 and "0 of 2 decided" in adjudication.progress.text()
    assert adjudication.rows.item(0).text().startswith("• span: “Homs”")
    assert [pane.caption.text() for pane in adjudication.panes if pane.isVisibleTo(adjudication)] == [
        "1 · alice: GPE", "2 · bob: ORG", "Gold now: (none)"]
    adjudication.rows.setFocus()
    press(qtbot, adjudication, Qt.Key.Key_2)  # bob's ORG
    assert [(s.text, s.label, s.annotator) for s in project.spans(doc_id) if s.kind == "entity"] == [
        ("Homs", "ORG", "tester")]
    assert adjudication.rows.currentRow() == 1  # on to the next undecided row: the Place role
    assert "1 of 2 decided" in adjudication.progress.text()
    press(qtbot, adjudication, Qt.Key.Key_N)  # neither: no Place
    assert project.events(doc_id)[0].arguments == ()
    assert "2 of 2 decided" in adjudication.progress.text()
    assert adjudication.rows.item(0).text().endswith("— bob (tester)")
    press(qtbot, adjudication, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, adjudication, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s for s in project.spans(doc_id) if s.kind == "entity"] == []
    assert "0 of 2 decided" in adjudication.progress.text()
    adjudication.rows.setCurrentRow(1)
    press(qtbot, adjudication, Qt.Key.Key_1)  # alice's Place: the filler span comes with it
    (event,) = project.events(doc_id)
    assert [(a.role, project.span(a.span_id).text, project.span(a.span_id).label)
            for a in event.arguments] == [("Place", "Homs", "GPE")]


def test_a_digit_past_the_analysts_says_so(qtbot, tmp_path: Path, preferences) -> None:
    window, project, doc_id = gold_window(qtbot, tmp_path, preferences)
    adjudication = open_adjudication(qtbot, window)
    press(qtbot, adjudication, Qt.Key.Key_3)
    assert "no analyst 3" in adjudication.status.text()
    assert [s for s in project.spans(doc_id) if s.kind == "entity"] == []


def test_look_at_it(qtbot, tmp_path: Path, preferences) -> None:
    window, _project, _doc_id = gold_window(qtbot, tmp_path, preferences)
    adjudication = open_adjudication(qtbot, window)
    image = adjudication.grab()
    assert not image.isNull() and image.width() > 600
    image.save(str(tmp_path / "adjudication.png"))


NESTED = "Hamas attacked Sderot; a court sentenced Omar."
LINKED_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "linked_schema.yaml"


def nested_copy(path: Path, name: str, crime: bool) -> Path:
    """An attack and a sentence in NESTED; with ``crime``, the attack fills the sentence's Crime role."""
    with Project.create(path, LINKED_SCHEMA, annotator=name) as project:
        doc_id = add_document(project, NESTED, "nested")
        _, attack = project.apply(AddEvent(doc_id, "Conflict.Attack", start=6, end=14))
        start = NESTED.index("sentenced")
        _, sentence = project.apply(AddEvent(doc_id, "Justice.Sentence", start=start, end=start + 9))
        if crime:
            project.apply(FillRoleWithEvent(doc_id, next(iter(sentence.events)), "Crime",
                                            next(iter(attack.events))))
    return path


def test_a_role_filled_by_an_event_is_decided_by_keys(qtbot, tmp_path: Path, preferences) -> None:
    gold = tmp_path / "gold.annotator"
    merge_files(gold, [nested_copy(tmp_path / "alice.annotator", "alice", crime=True),
                       nested_copy(tmp_path / "bob.annotator", "bob", crime=False)])
    window = open_window(qtbot, gold, preferences)
    project = window.session.project
    doc_id = project.document_ids()[0]
    window.session.set_current(doc_id)
    adjudication = open_adjudication(qtbot, window)
    events = {event.type: event for event in project.events(doc_id)}  # both agreed: in gold already
    assert sorted(events) == ["Conflict.Attack", "Justice.Sentence"]
    assert adjudication.rows.count() == 1
    assert adjudication.rows.item(0).text().startswith(
        "• role: “sentenced” → Conflict.Attack event “attacked” (Justice.Sentence)")
    adjudication.rows.setFocus()
    press(qtbot, adjudication, Qt.Key.Key_1)  # alice's version: the attack is the Crime
    (argument,) = project.event(events["Justice.Sentence"].id).arguments
    assert (argument.role, argument.filler_event_id) == ("Crime", events["Conflict.Attack"].id)
    assert "1 of 1 decided" in adjudication.progress.text()
    press(qtbot, adjudication, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.event(events["Justice.Sentence"].id).arguments == ()
    assert "0 of 1 decided" in adjudication.progress.text()
    press(qtbot, adjudication, Qt.Key.Key_2)  # bob's version: no Crime
    assert project.event(events["Justice.Sentence"].id).arguments == ()
    assert "1 of 1 decided" in adjudication.progress.text()


def target_copy(path: Path, name: str, label: str) -> Path:
    """SHARED with Homs tagged ``label`` as the Target of the attack."""
    with Project.create(path, MINI_SCHEMA, annotator=name) as project:
        doc_id = add_document(project, SHARED, "shared")
        _, changes = project.apply(AddSpan(doc_id, Span(15, 19, label)))
        homs = next(iter(changes.spans))
        _, changes = project.apply(AddEvent(doc_id, "Conflict.Attack", start=7, end=14))
        project.apply(AddArgument(doc_id, next(iter(changes.events)), "Target", homs))
    return path


def test_deciding_a_label_keeps_the_agreed_role_standing_on_the_span(qtbot, tmp_path: Path,
                                                                       preferences) -> None:
    """Both made Homs the Target (agreed: gold takes it, with alice's GPE span); taking bob's ORG for the
    span relabels that span, so the agreed Target stays (removing and re-adding it lost the role)."""
    gold = tmp_path / "gold.annotator"
    merge_files(gold, [target_copy(tmp_path / "alice.annotator", "alice", "GPE"),
                       target_copy(tmp_path / "bob.annotator", "bob", "ORG")])
    window = open_window(qtbot, gold, preferences)
    project = window.session.project
    (doc_id,) = project.document_ids()
    window.session.set_current(doc_id)
    adjudication = open_adjudication(qtbot, window)
    assert [adjudication.rows.item(row).text() for row in range(adjudication.rows.count())] == [
        "• span: “Homs”"]
    assert adjudication.rows.item(0).toolTip() == literal_tooltip("• span: “Homs”")  # rows clip: say it whole
    adjudication.rows.setFocus()
    press(qtbot, adjudication, Qt.Key.Key_2)  # bob's ORG
    (event,) = project.events(doc_id)
    assert [(a.role, project.span(a.span_id).text, project.span(a.span_id).label)
            for a in event.arguments] == [("Target", "Homs", "ORG")]
    press(qtbot, adjudication, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    (event,) = project.events(doc_id)
    assert [(a.role, project.span(a.span_id).label) for a in event.arguments] == [("Target", "GPE")]


def test_a_closed_window_puts_nothing_in_gold_while_the_analyst_browses(qtbot, tmp_path: Path,
                                                                          preferences) -> None:
    """Closed (Escape), the window went on reading each document opened and putting its agreed items
    in gold, unseen; now that waits until it is shown again."""
    window, project, doc_id = gold_window(qtbot, tmp_path, preferences)
    other = next(i for i in project.document_ids() if i != doc_id)
    window.session.set_current(other)
    adjudication = open_adjudication(qtbot, window)
    qtbot.keyClick(adjudication.rows, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not adjudication.isVisible())
    window.session.set_current(doc_id)  # the document both analysts annotated: its attack is agreed
    qtbot.wait(300)
    assert project.events(doc_id) == [] and not adjudication.reading
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    open_adjudication(qtbot, window)
    assert [e.type for e in project.events(doc_id)] == ["Conflict.Attack"]
