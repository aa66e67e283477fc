"""The side panes on their own: label palette, annotations tree and event editor, driven by real clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from annotator.core.edits import AddSpan, RemoveSpan
from annotator.core.model import ENTITY, Span
from annotator.gui.annotations_pane import ID_ROLE, KIND_ROLE, SPAN, AnnotationsPane
from annotator.gui.document_state import DocumentState, follow_session
from annotator.gui.editing_tools import SidePanel
from annotator.gui.event_editor import EventEditor
from annotator.gui.palette import LabelPalette, key_text
from annotator.gui.session import Session
from annotator.project import Project
from tests.gui.builders import attack_article, make_project


@pytest.fixture
def session(tmp_path: Path):
    path = make_project(tmp_path / "panes.annotator", [attack_article()])
    opened = Session(Project.open(path, "tester"))
    yield opened
    opened.close()


def state_of(session: Session) -> DocumentState:
    """The open-document state the panes read, fed by the session as the workbench feeds it."""
    return follow_session(DocumentState(session.project), session)


def spans_by_text(session: Session) -> dict[str, int]:
    return {span.text: span.id for span in session.project.spans(1)}


def tree_rows(pane: AnnotationsPane) -> list[str]:
    """Every row of the tree, children indented, as the analyst reads it."""
    rows = []
    for root_row in range(pane.model.rowCount()):
        root = pane.model.item(root_row)
        rows.append(root.text())
        for row in range(root.rowCount()):
            child = root.child(row)
            rows.append("  " + child.text())
            rows += ["    " + child.child(r).text() for r in range(child.rowCount())]
    return rows


def on_screen(qtbot, widget, width: int, height: int):
    """``widget`` shown at this size, once it is really exposed."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def shown_pane(qtbot, session: Session) -> AnnotationsPane:
    """The pane on screen, showing the attack article."""
    pane = on_screen(qtbot, AnnotationsPane(session, state_of(session)), 400, 500)
    session.set_current(1)
    return pane


def click_item(qtbot, pane: AnnotationsPane, text: str) -> None:
    match = pane.model.match(pane.model.index(0, 0), Qt.ItemDataRole.DisplayRole, text, 1,
                             Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchStartsWith)
    assert match, f"no row starting with {text!r}"
    rect = pane.tree.visualRect(match[0])
    qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_palette_lists_every_label_with_key_and_description(qtbot, session: Session) -> None:
    schema = session.project.schema
    person = QAction("PERSON")
    person.setData("PERSON")
    fired, applied = [], []
    person.triggered.connect(lambda: fired.append("PERSON"))
    palette = LabelPalette(schema, [person], applied.append)
    qtbot.addWidget(palette)
    with qtbot.waitExposed(palette):
        palette.show()
    expected = [label.name for label in schema.entity_labels] + [event.name for event in schema.event_types]
    assert list(palette.buttons) == expected
    assert "A named person." in palette.buttons["PERSON"].toolTip()
    assert "Key: Shift+A" in palette.buttons["Conflict.Attack"].toolTip()
    qtbot.mouseClick(palette.buttons["PERSON"], Qt.MouseButton.LeftButton)
    assert fired == ["PERSON"], "a button with an action fires the same action as its key"
    qtbot.mouseClick(palette.buttons["GPE"], Qt.MouseButton.LeftButton)
    assert applied == ["GPE"]
    assert key_text("shift+a") == "Shift+A"


def test_palette_lays_labels_out_in_columns_and_filters_both_tabs(qtbot, session: Session) -> None:
    palette = on_screen(qtbot, LabelPalette(session.project.schema, [], lambda _name: None), 330, 260)
    entities, events = palette.grids
    assert palette.tabs.tabText(0) == "Entities (5)" and palette.tabs.tabText(1) == "Events (2)"
    assert entities.columns == 2, "a side pane's width holds two columns of entity labels"
    tops = sorted({cell.y() for cell in entities.cells})
    assert len(tops) == 3, "five labels fill three rows, down each column first"
    assert [cell.key.text() for cell in entities.cells] == ["P", "O", "G", "D", "W"]
    assert [cell.key.text() for cell in events.cells] == ["⇧A", "⇧D"]
    assert entities.height() >= entities.minimumSizeHint().height(), "the palette is as tall as its tab"

    qtbot.keyClicks(palette.filter_edit, "attack")
    assert palette.tabs.currentIndex() == 1, "the tab that still has a match comes to the front"
    assert [cell.item.name for cell in events.visible_cells()] == ["Conflict.Attack"]
    assert not entities.visible_cells() and entities.cells[0].isHidden()
    palette.filter_edit.clear()
    assert len(entities.visible_cells()) == 5 and entities.cells[0].isVisible() is False  # other tab
    palette.filter_edit.setText("shift+d")
    assert [cell.item.name for cell in events.visible_cells()] == ["Life.Die"]

    palette.resize(150, 260)
    qtbot.waitUntil(lambda: events.columns == 1)
    long_name = session.project.schema.event_types[0].name
    assert palette.buttons[long_name].text() in (long_name, "…Attack"), "a narrow pane shows the subtype"


def test_tree_shows_events_with_roles_and_flags_missing_required_ones(qtbot, session: Session) -> None:
    pane = AnnotationsPane(session, state_of(session))
    qtbot.addWidget(pane)
    session.set_current(1)
    assert tree_rows(pane) == [
        "Events (2)",
        "  Conflict.Attack  “shelled”",
        "    Attacker: “Rebels”",
        "    Time: “Monday”",
        "    Place: “Accra”",
        "  Life.Die  “killing”",
        "    Victim: missing (required)",
        "Entities (4)",
        "  ORG  “Rebels”",
        "  GPE  “Accra”",
        "  DATE  “Monday”",
        "  PERSON  “Kofi Annan”",
    ]


def test_clicking_and_deleting_in_the_tree(qtbot, session: Session) -> None:
    pane = shown_pane(qtbot, session)
    ids = spans_by_text(session)
    with qtbot.waitSignal(pane.span_activated) as activated:
        click_item(qtbot, pane, "GPE")
    assert activated.args == [ids["Accra"]]
    with qtbot.waitSignal(pane.event_activated) as activated:
        click_item(qtbot, pane, "Life.Die")
    assert activated.args == [session.project.events(1)[1].id]

    click_item(qtbot, pane, "GPE")
    qtbot.keyClick(pane.tree, Qt.Key.Key_Delete)
    assert "Accra" not in spans_by_text(session)
    assert "Entities (3)" in tree_rows(pane)
    assert "    Place: “Accra”" not in tree_rows(pane), "the argument it filled went with it"
    session.undo_stack.undo()
    assert "    Place: “Accra”" in tree_rows(pane)

    click_item(qtbot, pane, "Time:")
    qtbot.keyClick(pane.tree, Qt.Key.Key_Delete)
    assert "    Time: “Monday”" not in tree_rows(pane)
    assert "Monday" in spans_by_text(session), "removing an argument keeps its span"


def test_context_menu_relabels_a_span(qtbot, session: Session) -> None:
    pane = shown_pane(qtbot, session)
    match = pane.model.match(pane.model.index(0, 0), KIND_ROLE, SPAN, -1, Qt.MatchFlag.MatchRecursive)
    kofi_id = spans_by_text(session)["Kofi Annan"]
    kofi = next(index for index in match if index.data(ID_ROLE) == kofi_id)
    chosen = []

    def choose_org() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        submenu = menu.actions()[0].menu()
        action = next(a for a in submenu.actions() if a.text() == "ORG")
        chosen.append(action.text())
        action.trigger()
        menu.close()

    QTimer.singleShot(50, choose_org)
    pane.tree.customContextMenuRequested.emit(pane.tree.visualRect(kofi).center())
    qtbot.waitUntil(lambda: bool(chosen))
    assert session.project.store.annotations.span(kofi_id).label == "ORG"
    assert "  ORG  “Kofi Annan”" in tree_rows(pane)


def test_event_editor_shows_roles_arms_them_and_changes_type(qtbot, session: Session) -> None:
    editor = EventEditor(session, state_of(session))
    panel = on_screen(qtbot, SidePanel([("Event", editor)]), 320, 140)
    session.set_current(1)
    attack, death = session.project.events(1)
    editor.show_event(death.id)
    assert editor.trigger_label.text() == "“killing”"
    assert list(editor.role_buttons) == ["Victim", "Agent", "Place"]
    assert editor.role_buttons["Victim"].text() == "1  Victim"
    assert editor.filler_labels["Victim"].text() == "required, missing"
    assert "color" in editor.filler_labels["Victim"].styleSheet()
    assert editor.filler_labels["Agent"].text() == "empty"

    editor.show_event(attack.id)
    rows = editor._details
    shown_texts = sorted(label.text() for label in rows.findChildren(QLabel) if label.isVisibleTo(rows))
    assert shown_texts.count("“Rebels”") == 1 and "required, missing" not in shown_texts, \
        "the previous event's rows are gone at once, not left under the new ones"
    buttons = list(editor.role_buttons.values())
    qtbot.waitUntil(lambda: all(button.height() >= button.sizeHint().height() for button in buttons),
                    timeout=1000)  # "no role is squashed" once the panel has laid out again
    assert panel.verticalScrollBar().maximum() > 0, "a short panel scrolls instead of squashing the roles"
    assert editor.filler_labels["Attacker"].text() == "“Rebels”"
    assert editor.filler_labels["Instrument"].text() == "empty"
    with qtbot.waitSignal(editor.role_armed) as armed:
        qtbot.mouseClick(editor.role_buttons["Instrument"], Qt.MouseButton.LeftButton)
    assert armed.args == ["Instrument"]

    editor.show_event(death.id)
    editor.type_combo.setFocus()
    editor.type_combo.showPopup()
    view = editor.type_combo.view()
    attack_row = editor.type_combo.findData("Conflict.Attack")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(view.model().index(attack_row, 0)).center())
    assert session.project.store.annotations.event(death.id).type == "Conflict.Attack"
    assert next(iter(editor.role_buttons)) == "Attacker", "the editor follows the new type"
    session.undo_stack.undo()
    assert session.project.store.annotations.event(death.id).type == "Life.Die"
    assert editor.type_combo.currentData() == "Life.Die"


def test_an_edit_updates_only_its_rows_not_the_whole_tree(qtbot, session: Session) -> None:
    pane = AnnotationsPane(session, state_of(session))
    qtbot.addWidget(pane)
    session.set_current(1)
    entities = pane.model.item(1)
    kofi = entities.child(3)
    assert kofi.text() == "PERSON  “Kofi Annan”"
    session.do(AddSpan(1, Span(45, 50, "PERSON", ENTITY, text="Annan")))
    assert entities.child(4).text() == "PERSON  “Annan”", "inserted where a full build puts it"
    assert entities.child(3) is kofi and pane.model.item(1) is entities, "untouched rows are kept"
    assert tree_rows(pane)[-6:] == ["Entities (5)", "  ORG  “Rebels”", "  GPE  “Accra”", "  DATE  “Monday”",
                                    "  PERSON  “Kofi Annan”", "  PERSON  “Annan”"]
    accra = spans_by_text(session)["Accra"]
    session.do(RemoveSpan(1, accra))
    assert "  GPE  “Accra”" not in tree_rows(pane) and "    Place: “Accra”" not in tree_rows(pane)
    assert "Entities (4)" in tree_rows(pane) and entities.child(2) is kofi
    session.undo()
    assert "    Place: “Accra”" in tree_rows(pane) and entities.child(3) is kofi
