"""Moving a selected span's edges by whole tokens, with the boundary keys and by dragging an edge, and
retyping an event that keeps the arguments that fit. Real keys and mouse events, checked in the store."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.gui.test_tagging import SHIFT, add_entity, answer_next_dialog, at, back_to, events

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
TEXT = "Rebels shelled the old market of Abu Kamal's centre on 14 March, killing Omar al-Hassan."


def span_texts(h) -> list[str]:
    return [text for *_, text in h.spans()]


def test_the_four_boundary_keys_move_each_edge_by_a_token(harness) -> None:
    h = harness(TEXT)
    span_id = add_entity(h, "Kamal", "GPE")
    h.click(at(h.text, "Kamal")[0] + 2)
    h.key(Qt.Key.Key_Left, ALT_SHIFT)
    assert span_texts(h) == ["Abu Kamal"]
    h.key(Qt.Key.Key_Right, CTRL_ALT)
    assert span_texts(h) == ["Abu Kamal's"]
    h.key(Qt.Key.Key_Left, CTRL_ALT)
    assert span_texts(h) == ["Abu Kamal"]
    h.key(Qt.Key.Key_Right, ALT_SHIFT)
    assert span_texts(h) == ["Kamal"]
    assert [span.id for span in h.project.spans(h.doc_id)] == [span_id]  # one row all along
    assert h.controller.selected_span_id == span_id


def test_each_move_is_one_undo_step_and_an_impossible_move_says_so(harness) -> None:
    h = harness(TEXT)
    add_entity(h, "Rebels", "ORG")
    h.click(at(h.text, "Rebels")[0] + 2)
    h.key(Qt.Key.Key_Right, CTRL_ALT)
    h.key(Qt.Key.Key_Right, CTRL_ALT)
    assert span_texts(h) == ["Rebels shelled the"]
    h.key(Qt.Key.Key_Left, ALT_SHIFT)
    assert "cannot move" in h.messages[-1]
    h.key("z", CTRL)
    assert span_texts(h) == ["Rebels shelled"]
    h.key("z", CTRL)
    assert span_texts(h) == ["Rebels"]


def test_a_moved_trigger_keeps_its_event_and_a_moved_filler_its_role(harness) -> None:
    h = harness(TEXT)
    add_entity(h, "Omar", "PERSON")
    h.drag(*at(h.text, "killing"))
    h.key("D", SHIFT)
    h.key("1")
    h.key(Qt.Key.Key_Return)  # Victim: Omar, the only candidate
    h.click(at(h.text, "Omar")[0] + 1)
    for _ in range(3):  # al, -, Hassan: spaCy's tokens
        h.key(Qt.Key.Key_Right, CTRL_ALT)
    assert events(h) == [("Life.Die", "killing", (("Victim", "Omar al-Hassan"),))]
    h.click(at(h.text, "killing")[0] + 2)
    h.key(Qt.Key.Key_Left, ALT_SHIFT)
    assert events(h) == [("Life.Die", ", killing", (("Victim", "Omar al-Hassan"),))]


def test_a_rule_refuses_a_move_with_its_message(harness) -> None:
    h = harness(TEXT)
    add_entity(h, "14", "DATE")
    add_entity(h, "March", "DATE")  # DATE spans may not overlap
    h.click(at(h.text, "14")[0] + 1)
    h.key(Qt.Key.Key_Right, CTRL_ALT)
    assert "may not overlap" in h.messages[-1]
    assert span_texts(h) == ["14", "March"]


def test_nothing_selected_says_how(harness) -> None:
    h = harness(TEXT)
    h.key(Qt.Key.Key_Left, ALT_SHIFT)
    assert "select" in h.messages[-1].lower()


def drag_edge(h, from_offset: int, to_point: QPoint) -> None:
    viewport = h.view.viewport()
    start = h.point(from_offset)
    h.qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    h.qtbot.mouseMove(viewport, QPoint((start.x() + to_point.x()) // 2, to_point.y()))
    h.qtbot.mouseMove(viewport, to_point)
    h.qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=to_point)


def test_dragging_an_edge_moves_it_to_a_token_edge_in_one_edit(harness) -> None:
    h = harness(TEXT, snapping=True)
    span_id = add_entity(h, "Abu", "GPE")
    h.click(at(h.text, "Abu")[0] + 1)
    h.qtbot.mouseMove(h.view.viewport(), h.point(at(h.text, "Abu")[1]))
    assert h.view.viewport().cursor().shape() == Qt.CursorShape.SizeHorCursor, "the edge shows it can move"
    h.qtbot.mouseMove(h.view.viewport(), h.inside(at(h.text, "market")[0]))
    assert h.view.viewport().cursor().shape() == Qt.CursorShape.IBeamCursor
    kamal = at(h.text, "Kamal")
    drag_edge(h, at(h.text, "Abu")[1], h.inside(kamal[1] - 2))  # let go inside "Kamal": snaps to its end
    assert span_texts(h) == ["Abu Kamal"]
    assert h.controller.selected_span_id == span_id
    drag_edge(h, at(h.text, "Abu")[0], h.point(at(h.text, "of")[0]))
    assert span_texts(h) == ["of Abu Kamal"]
    h.key("z", CTRL)
    assert span_texts(h) == ["Abu Kamal"]
    h.key("z", CTRL)
    assert span_texts(h) == ["Abu"]


def test_a_drag_away_from_the_edges_still_selects_text(harness) -> None:
    h = harness(TEXT)
    add_entity(h, "Abu", "GPE")
    h.click(at(h.text, "Abu")[0] + 1)
    h.drag(*at(h.text, "old market"))
    assert h.view.selected_range() == at(h.text, "old market")
    assert span_texts(h) == ["Abu"]


def test_retyping_keeps_the_arguments_that_fit_after_asking(harness) -> None:
    h = harness(TEXT)
    for word, label in (("Rebels", "ORG"), ("Abu Kamal", "GPE"), ("Omar al-Hassan", "PERSON")):
        add_entity(h, word, label)
    h.drag(*at(h.text, "shelled"))
    h.key("A", SHIFT)
    h.key("1")  # Attacker: Rebels, the nearest
    h.key(Qt.Key.Key_Return)
    h.key("5")
    h.key(Qt.Key.Key_Return)  # Place: Abu Kamal
    before = events(h)
    assert before == [("Conflict.Attack", "shelled", (("Attacker", "Rebels"), ("Place", "Abu Kamal")))]
    shown = answer_next_dialog(h.qtbot, Qt.Key.Key_Return)
    h.key("D", SHIFT)
    assert "Attacker: “Rebels”" in shown[0] and "Place" not in shown[0]
    assert events(h) == [("Life.Die", "shelled", (("Place", "Abu Kamal"),))]
    back_to(h)
    h.key("z", CTRL)
    assert events(h) == before
