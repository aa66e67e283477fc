"""Filling roles at keyboard speed, with real keys and clicks: candidates by number key, Enter takes the
selection, a click on a suggestion accepts it into the armed role. Checked against the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import TRIGGER, Span
from tests.gui.builders import (
    ATTACK_TEXT,
    article,
    attack_article,
    make_project,
    open_window,
    preferences_fixture,  # noqa: F401
)
from tests.gui.test_tagging import SHIFT, add_entity, at, events

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TEXT = "Rebels from Accra shelled Kumasi on Monday, wounding Ama Mensah and Kofi Boateng near the market."


def caret(h, offset: int) -> None:
    """Click the caret before ``offset`` (on bare text), as a keyboard selection starts."""
    h.qtbot.mouseClick(h.view.viewport(), Qt.MouseButton.LeftButton, pos=h.point(offset))


def attack_on_shelled(h) -> None:
    h.drag(*at(h.text, "shelled"))
    h.key("A", SHIFT)
    assert h.controller.selected_event_id is not None


def test_a_role_key_preselects_the_nearest_candidate_and_enter_takes_it(harness) -> None:
    h = harness(TEXT)
    add_entity(h, "Rebels", "ORG")
    add_entity(h, "Accra", "GPE")
    add_entity(h, "Ama Mensah", "PERSON")
    attack_on_shelled(h)
    h.key("1")  # Attacker takes PERSON, ORG or GPE: Accra is nearest "shelled"
    assert h.view.selected_range() == at(h.text, "Accra")
    assert "Accra" in h.messages[-1] and "1 of 3" in h.messages[-1]
    h.key("1")  # again: the next one, Rebels
    assert h.view.selected_range() == at(h.text, "Rebels")
    h.key(Qt.Key.Key_Return)
    assert events(h) == [("Conflict.Attack", "shelled", (("Attacker", "Rebels"),))]
    assert h.controller.armed_role is None
    assert h.view.selected_range() is None


def test_candidates_wrap_round_and_leave_out_what_fills_the_role(harness) -> None:
    h = harness(TEXT)
    add_entity(h, "Ama Mensah", "PERSON")
    add_entity(h, "Kofi Boateng", "PERSON")
    attack_on_shelled(h)
    h.key("2")
    h.key(Qt.Key.Key_Return)  # Target: Ama Mensah
    h.key("2")  # Ama fills Target now: Kofi is the only candidate, and stays so
    assert h.view.selected_range() == at(h.text, "Kofi Boateng")
    h.key("2")
    assert h.view.selected_range() == at(h.text, "Kofi Boateng")
    h.key(Qt.Key.Key_Enter)
    assert events(h)[0][2] == (("Target", "Ama Mensah"), ("Target", "Kofi Boateng"))


def test_no_candidate_says_so_and_selects_nothing(harness) -> None:
    h = harness(TEXT)
    attack_on_shelled(h)
    h.key("3")  # Instrument takes WEAPON; there is none
    assert h.controller.armed_role == "Instrument"
    assert h.view.selected_range() is None
    assert h.messages[-1] == "No entity can fill Instrument yet: select its text"


def test_escape_drops_the_preselected_candidate_with_the_role(harness) -> None:
    h = harness(TEXT)
    add_entity(h, "Accra", "GPE")
    attack_on_shelled(h)
    h.key("5")
    assert h.view.selected_range() == at(h.text, "Accra")
    h.key(Qt.Key.Key_Escape)
    assert (h.controller.armed_role, h.view.selected_range()) == (None, None)
    assert events(h) == [("Conflict.Attack", "shelled", ())]


def test_a_keyboard_selection_and_enter_fill_the_armed_role_with_new_text(harness) -> None:
    h = harness(TEXT)
    attack_on_shelled(h)
    h.key("4")  # Time takes only DATE
    caret(h, at(h.text, "Monday")[0])
    h.key(Qt.Key.Key_Right, CTRL_SHIFT)
    h.key(Qt.Key.Key_Return)
    assert events(h) == [("Conflict.Attack", "shelled", (("Time", "Monday"),))]
    assert (*at(h.text, "Monday"), "DATE", "Monday") in h.spans()


def test_a_keyboard_selection_of_an_entity_fills_the_role_without_a_duplicate(harness) -> None:
    h = harness(TEXT)
    add_entity(h, "Kumasi", "GPE")
    add_entity(h, "Accra", "GPE")
    attack_on_shelled(h)
    h.key("2")  # Target: the nearest candidate is Kumasi; select Accra by keyboard instead
    caret(h, 0)  # on "Rebels", not tagged; then to Accra by keyboard only
    h.key(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    h.key(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    h.key(Qt.Key.Key_Right, CTRL_SHIFT)
    assert events(h)[0][2] == ()
    h.key(Qt.Key.Key_Return)
    assert events(h)[0][2] == (("Target", "Accra"),)
    assert len(h.spans()) == 3  # Kumasi, Accra and the trigger: no second Accra


def test_a_multi_label_role_on_new_text_asks_for_the_label_key(harness) -> None:
    h = harness(TEXT)
    attack_on_shelled(h)
    h.key("2")
    h.drag(*at(h.text, "Ama Mensah"))
    assert "PERSON, ORG, GPE" in h.messages[-1]
    h.key("p")
    assert events(h)[0][2] == (("Target", "Ama Mensah"),)


def test_clicking_a_suggestion_with_a_role_armed_accepts_it_into_the_role(harness) -> None:
    h = harness(TEXT)
    attack_on_shelled(h)
    suggestion = Span(*at(h.text, "Kumasi"), "GPE", text="Kumasi", source="dictionary")
    h.view.set_suggestions([suggestion])
    h.key("5")  # Place
    h.click(at(h.text, "Kumasi")[0] + 2)
    assert events(h) == [("Conflict.Attack", "shelled", (("Place", "Kumasi"),))]
    (kumasi,) = [span for span in h.project.spans(h.doc_id) if span.text == "Kumasi"]
    assert (kumasi.label, kumasi.source) == ("GPE", "dictionary")
    h.key("z", Qt.KeyboardModifier.ControlModifier)  # one edit: undo takes span and argument
    assert h.spans() == [(*at(h.text, "shelled"), "Conflict.Attack", "shelled")]


def test_clicking_a_trigger_suggestion_accepts_it_and_selects_the_event(harness) -> None:
    h = harness(TEXT)
    h.view.set_suggestions([Span(*at(h.text, "wounding"), "Conflict.Attack", TRIGGER, text="wounding",
                                 source="triggers")])
    h.click(at(h.text, "wounding")[0] + 3)
    assert events(h) == [("Conflict.Attack", "wounding", ())]
    assert h.controller.selected_event_id == h.project.events(h.doc_id)[0].id


def test_a_click_on_plain_text_accepts_nothing(harness) -> None:
    h = harness(TEXT)
    h.view.set_suggestions([Span(*at(h.text, "Kumasi"), "GPE", text="Kumasi", source="dictionary")])
    h.click(at(h.text, "market")[0] + 2)
    assert h.spans() == []


def test_in_the_window_a_role_button_preselects_and_enter_fills(qtbot, tmp_path, preferences) -> None:
    """The whole window: the Event pane's role button arms with a candidate, Enter in the article fills,
    and a keyboard selection with Enter fills the next role (no other Enter binding takes the key)."""
    window = open_window(qtbot, make_project(tmp_path / "w.annotator", [attack_article()]), preferences)
    workbench = window.workbench
    view, project = workbench.view, window.session.project
    death = next(event for event in project.events(1) if event.type == "Life.Die")
    workbench.select_event(death.id)
    qtbot.mouseClick(workbench.event_editor.role_buttons["Victim"], Qt.MouseButton.LeftButton)
    assert view.textCursor().selectedText() == "Kofi Annan"
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    spans = {span.id: span.text for span in project.spans(1)}
    filled = [(a.role, spans[a.span_id]) for a in project.event(death.id).arguments]
    assert filled == [("Victim", "Kofi Annan")]

    qtbot.keyClick(view, "3")  # Place: Accra is the only GPE; take another route, the keyboard
    cursor = view.textCursor()
    cursor.setPosition(ATTACK_TEXT.index("Accra"))
    view.setTextCursor(cursor)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert [(a.role, spans[a.span_id]) for a in project.event(death.id).arguments] == [
        ("Victim", "Kofi Annan"), ("Place", "Accra")]


def test_in_the_window_enter_on_a_trigger_suggestion_selects_the_new_event(qtbot, tmp_path,
                                                                         preferences) -> None:
    text = "Rebels will strike Accra at dawn."
    window = open_window(qtbot, make_project(tmp_path / "t.annotator", [article("t", text)]), preferences)
    suggestions = window.suggestions
    qtbot.waitUntil(lambda: suggestions.service is not None and not suggestions.jobs, timeout=10000)
    qtbot.waitUntil(lambda: [s.text for s in suggestions.suggestions] == ["strike"])
    view = window.workbench.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_F8)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    (event,) = window.session.project.events(1)
    assert window.workbench.controller.selected_event_id == event.id
    assert window.workbench.event_editor.shown_event.id == event.id
