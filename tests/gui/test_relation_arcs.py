"""Relations, attributes and notes under the pointer, with real mouse and key events: hovering a span, a
trigger or a relation's arc shows its attributes and notes; a click on an arc selects the relation in the
Relations pane (Delete then removes it, one undoable edit), a right click opens its menu; a required
attribute without a value is flagged like a missing required role."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QToolTip

from annotator.core.model import ENTITY, ON_EVENT, ON_RELATION, ON_SPAN, Span
from annotator.core.relation_edits import AddRelation, SetAttribute, SetNote
from annotator.gui.annotations_pane import KIND_ROLE, MISSING
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401
from tests.gui.test_attributes_and_notes import LINKED, TEXT, click_text
from tests.gui.test_attributes_and_notes import window as window_fixture

window = window_fixture  # the attack article of that module: PERSON, ORG, the attack, GPE, DATE


def point_of(window, offset: int) -> QPoint:
    view = window.workbench.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offset_map.to_foreign(offset))
    left = view.cursorRect(cursor).center()
    cursor.setPosition(view.offset_map.to_foreign(offset + 1))
    return QPoint((left.x() + view.cursorRect(cursor).center().x()) // 2, left.y())


def hover(window, qtbot, point: QPoint) -> str:
    """Move the pointer there and wait for the tooltip Qt shows after the hover delay."""
    viewport = window.workbench.view.viewport()
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    qtbot.mouseMove(viewport, point + QPoint(0, 30))
    qtbot.mouseMove(viewport, point)
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    return QToolTip.text()


def arc_point(window, qtbot, relation_id: int) -> QPoint:
    painter = window.workbench.relation_painter
    window.workbench.view.viewport().repaint()
    qtbot.waitUntil(lambda: painter.arc_point(relation_id) is not None)
    return painter.arc_point(relation_id).toPoint()


@pytest.fixture
def related(window):
    """Kofi Annan member_of the UN, with a value and a note on the relation, the person and the attack."""
    session = window.session
    session.do(AddRelation(1, "member_of", 1, 2))
    (relation,) = session.project.relations(1)
    session.do(SetAttribute(1, ON_RELATION, relation.id, "since", "2020-01"))
    session.do(SetNote(1, "from the <b>2020</b> report", ON_RELATION, relation.id))
    session.do(SetAttribute(1, ON_SPAN, 1, "comment", "spelled Kofi"))
    session.do(SetNote(1, "check the spelling", ON_SPAN, 1))
    (event,) = session.project.events(1)
    session.do(SetAttribute(1, ON_EVENT, event.id, "Modality", "Other"))
    session.do(SetNote(1, "figures unconfirmed", ON_EVENT, event.id))
    return relation, event


def test_hovering_a_span_or_trigger_shows_its_attributes_and_notes(window, related, qtbot) -> None:
    text = hover(window, qtbot, point_of(window, TEXT.index("Annan")))
    assert "comment: spelled Kofi" in text and "Note: check the spelling" in text

    text = hover(window, qtbot, point_of(window, TEXT.index("attacked") + 2))
    assert "Modality: Other" in text and "Negated: no (default)" in text
    assert "<b>fatalities: missing (required)</b>" in text, "flagged as a missing role is"
    assert "Note: figures unconfirmed" in text


def test_hovering_an_arc_shows_the_relation_escaped(window, related, qtbot) -> None:
    relation, _ = related
    text = hover(window, qtbot, arc_point(window, qtbot, relation.id))
    assert "<b>member_of</b> (relation)" in text and "Kofi Annan" in text and "UN" in text
    assert "since: 2020-01" in text and "Note: from the &lt;b&gt;2020&lt;/b&gt; report" in text


def test_a_click_on_an_arc_selects_the_relation_and_delete_removes_it(window, related, qtbot,
                                                                        tmp_path: Path) -> None:
    relation, _ = related
    pane, painter = window.workbench.relations, window.workbench.relation_painter
    point = arc_point(window, qtbot, relation.id)
    window.grab().save(str(tmp_path / "arc.png"))
    qtbot.mouseClick(window.workbench.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert pane.current_relation_id() == relation.id and painter.highlighted == relation.id
    assert pane.list.hasFocus() and list(pane.attributes.editors) == ["comment", "since"]
    assert window.workbench.state.selected_span_id is None, "the click went to the arc, not the text"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert window.session.project.relations(1) == []
    assert len(window.session.project.spans(1)) == 5, "the spans stay"
    qtbot.keyClick(pane.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.id for r in window.session.project.relations(1)] == [relation.id]
    assert window.session.project.notes(1)[0].text == "from the <b>2020</b> report", "its note back too"


def test_a_click_beside_the_arc_still_selects_text(window, related, qtbot) -> None:
    click_text(window, qtbot, TEXT.index("UN"))
    assert window.workbench.state.selected_span_id == 2


def test_a_right_click_on_an_arc_opens_the_relation_menu(window, related, qtbot) -> None:
    relation, _ = related
    viewport = window.workbench.view.viewport()
    point = arc_point(window, qtbot, relation.id)
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=point)
    # The platform follows a right click with a context menu event; QTest does not, so send it.
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                                       viewport.mapToGlobal(point)))
    menu = window.workbench.relations.menu
    qtbot.waitUntil(menu.isVisible)
    assert [action.text() for action in menu.actions()] == ["Delete relation", "Note…", "Attributes…"]
    assert window.workbench.span_menu.menu is None, "not the article's span menu"
    qtbot.keyClick(menu, Qt.Key.Key_Down)  # onto Delete relation
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert window.session.project.relations(1) == []


def test_a_missing_required_attribute_is_flagged_like_a_missing_role(window, qtbot, tmp_path: Path) -> None:
    tree = window.workbench.annotations
    event_row = next(iter(tree._event_items.values()))
    rows = [event_row.child(i) for i in range(event_row.rowCount())]
    flagged = [row.text() for row in rows if row.data(KIND_ROLE) == MISSING]
    assert flagged == ["fatalities: missing (required attribute)"]
    click_text(window, qtbot, TEXT.index("attacked"))
    editor = window.workbench.event_editor.attributes
    name = editor.names["fatalities"]
    icons = [label for label in name.parentWidget().findChildren(QLabel) if not label.pixmap().isNull()]
    assert len(icons) == 1 and "font-weight: bold" in name.styleSheet()
    window.grab().save(str(tmp_path / "missing.png"))
    spin = editor.editors["fatalities"]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "4")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert window.session.project.attributes(1)[0].value == 4
    event_row = next(iter(tree._event_items.values()))
    assert all(event_row.child(i).data(KIND_ROLE) != MISSING for i in range(event_row.rowCount()))
    assert "font-weight" not in editor.names["fatalities"].styleSheet()


def test_a_relation_missing_a_required_attribute_is_flagged_in_its_row(qtbot, tmp_path: Path,
                                                                        preferences) -> None:
    schema = tmp_path / "required.yaml"
    schema.write_text(LINKED.read_text(encoding="utf-8").replace(
        'applies_to: ["<RELATION>"]}', 'applies_to: ["<RELATION>"], required: true}'), encoding="utf-8")
    spans = (Span(0, 10, "PERSON", ENTITY), Span(18, 20, "ORG", ENTITY))
    opened = open_window(qtbot, make_project(tmp_path / "r.annotator", [article("UN", TEXT, spans)], schema),
                         preferences)
    qtbot.waitUntil(lambda: opened.session.current_doc_id == 1)
    opened.session.do(AddRelation(1, "member_of", 1, 2))
    row = opened.workbench.relations.list.item(0)
    assert row.font().bold() and "since: missing (required)" in row.toolTip()
    (relation,) = opened.session.project.relations(1)
    opened.session.do(SetAttribute(1, ON_RELATION, relation.id, "since", "2020-01"))
    row = opened.workbench.relations.list.item(0)
    assert not row.font().bold() and "since: 2020-01" in row.toolTip()
