"""Tagging with real mouse and key events on the article view, checked against the store.

Every test reads what the project stored (exact code-point offsets, ``text[start:end] == span.text``),
never what the widgets claim.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.edits import AddSpan
from annotator.core.model import Span
from tests.conftest import TORTURE_TEXT

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def events(h) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """Events as (type, trigger text, ((role, filler text), ...))."""
    spans = {span.id: span for span in h.project.spans(h.doc_id)}
    return [
        (event.type, spans[event.trigger_id].text,
         tuple((argument.role, spans[argument.span_id].text) for argument in event.arguments))
        for event in h.project.events(h.doc_id)
    ]


def add_entity(h, word: str, label: str) -> int:
    start, end = at(h.text, word)
    changes = h.session.do(AddSpan(h.doc_id, Span(start, end, label, text=word)))
    return min(changes.spans)


@pytest.mark.parametrize(
    ("word", "key", "label"),
    [
        ("Kofi Annan", "p", "PERSON"),  # first line
        ("Accra", "g", "GPE"),  # after a ZWJ family and a flag
        ("owner", "o", "ORG"),  # after CRLF, after a combining accent
        ("Dei\u00adr ez-Zor", "g", "GPE"),  # soft hyphen inside, ends at U+2028
        ("Monday", "d", "DATE"),  # after U+2028
        ("<b>dawn</b>", "d", "DATE"),  # markup-looking text, after U+2029
        ("end", "o", "ORG"),  # after an astral emoji
    ],
)
def test_drag_and_key_stores_exact_offsets(harness, word: str, key: str, label: str) -> None:
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, word)
    h.drag(start, end)
    assert h.view.selected_range() == (start, end)
    h.key(key)
    assert h.spans() == [(start, end, label, word)]


@pytest.mark.parametrize("word", ["بشار", "בנימין", "נתניהו"])
def test_drag_over_right_to_left_words(harness, word: str) -> None:
    """Qt puts the caret before a final Arabic letter at the run's far edge, so "الأسد" is left out:
    its end has no caret position of its own on screen to drag to."""
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, word)
    h.drag(start, end)
    h.key("p")
    assert h.spans() == [(start, end, "PERSON", word)]


def test_whitespace_around_a_drag_is_trimmed(harness) -> None:
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, " officials ")
    h.drag(start, end)
    h.key("o")
    assert h.spans() == [(start + 1, end - 1, "ORG", "officials")]


def test_drag_across_crlf_keeps_both_characters(harness) -> None:
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, "Accra.\r\nCafe\u0301")
    h.drag(start, end)
    h.key("g")
    assert h.spans() == [(start, end, "GPE", "Accra.\r\nCafe\u0301")]


def test_snapping_widens_a_partial_word_to_its_token(harness) -> None:
    h = harness(TORTURE_TEXT, snapping=True)
    start, end = at(h.text, "officials")
    h.drag(start + 2, end - 3)
    h.key("o")
    assert h.spans() == [(start, end, "ORG", "officials")]


def test_double_click_selects_a_word_for_the_key(harness) -> None:
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, "officials")
    h.qtbot.mouseDClick(h.view.viewport(), Qt.MouseButton.LeftButton, pos=h.inside(start + 3))
    h.key("o")
    assert h.spans() == [(start, end, "ORG", "officials")]


def test_shift_click_extends_the_selection(harness) -> None:
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, "Kofi Annan")
    viewport = h.view.viewport()
    h.qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=h.point(start))
    h.qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, SHIFT, h.point(end))
    h.key("p")
    assert h.spans() == [(start, end, "PERSON", "Kofi Annan")]


def test_keyboard_selection_over_an_emoji(harness) -> None:
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, "\U0001f600 end")
    h.qtbot.mouseClick(h.view.viewport(), Qt.MouseButton.LeftButton, pos=h.point(start))
    for _ in range(5):  # the emoji is one keystroke, two UTF-16 units, one code point
        h.key(Qt.Key.Key_Right, SHIFT)
    h.key("w")
    assert h.spans() == [(start, end, "WEAPON", "\U0001f600 end")]


def test_click_selects_a_span_and_a_key_relabels_it(harness) -> None:
    h = harness(TORTURE_TEXT)
    span_id = add_entity(h, "Accra", "PERSON")
    with h.qtbot.waitSignal(h.controller.selection_changed) as selected:
        h.click(at(h.text, "Accra")[0] + 2)
    assert selected.args == [span_id, None]
    h.key("g")
    assert h.spans() == [(*at(h.text, "Accra"), "GPE", "Accra")]


def test_a_click_on_bare_text_clears_the_selection(harness) -> None:
    h = harness(TORTURE_TEXT)
    add_entity(h, "Accra", "GPE")
    h.click(at(h.text, "Accra")[0])
    assert h.controller.selected_span_id is not None
    h.click(at(h.text, "officials")[0])
    assert h.controller.selected_span_id is None


def test_event_roles_by_key_click_and_drag(harness) -> None:
    h = harness(TORTURE_TEXT)
    add_entity(h, "Kofi Annan", "PERSON")
    add_entity(h, "Zoe\u0308", "PERSON")
    h.drag(*at(h.text, "shell"))
    h.key("A", SHIFT)
    assert events(h) == [("Conflict.Attack", "shell", ())]
    assert h.controller.selected_event_id == h.project.events(h.doc_id)[0].id

    h.key("1")
    assert h.controller.armed_role == "Attacker"
    h.click(at(h.text, "Kofi")[0] + 1)
    assert events(h) == [("Conflict.Attack", "shell", (("Attacker", "Kofi Annan"),))]
    assert h.controller.armed_role is None

    h.key("4")  # Time takes only DATE: dragging new text is enough
    h.drag(*at(h.text, "Monday"))
    assert events(h)[0][2] == (("Attacker", "Kofi Annan"), ("Time", "Monday"))
    assert (*at(h.text, "Monday"), "DATE", "Monday") in h.spans()

    h.key("2")  # Target takes PERSON, ORG or GPE: the label key decides
    h.drag(*at(h.text, "officials"))
    assert "ORG" in h.messages[-1]
    h.key("o")
    assert events(h)[0][2] == (("Attacker", "Kofi Annan"), ("Time", "Monday"), ("Target", "officials"))

    h.key("3")  # Instrument takes WEAPON only: a PERSON is refused and nothing changes
    before = (h.spans(), events(h))
    h.click(at(h.text, "Zoe\u0308")[0] + 1)
    assert "WEAPON" in h.messages[-1]
    assert (h.spans(), events(h)) == before
    assert h.controller.armed_role == "Instrument"
    h.key(Qt.Key.Key_Escape)
    assert h.controller.armed_role is None


def test_a_role_that_does_not_repeat_is_refused_a_second_filler(harness) -> None:
    h = harness(TORTURE_TEXT)
    h.drag(*at(h.text, "shell"))
    h.key("A", SHIFT)
    h.key("4")
    h.drag(*at(h.text, "Monday"))
    h.key("4")
    h.drag(*at(h.text, "noon"))
    assert "only once" in h.messages[-1]
    assert events(h) == [("Conflict.Attack", "shell", (("Time", "Monday"),))]


def test_event_type_key_on_a_selected_event_changes_its_type(harness) -> None:
    h = harness(TORTURE_TEXT)
    h.drag(*at(h.text, "shell"))
    h.key("A", SHIFT)
    h.click(at(h.text, "Accra")[0])
    h.click(at(h.text, "shell")[0] + 2)
    h.key("D", SHIFT)
    assert events(h) == [("Life.Die", "shell", ())]
    assert (*at(h.text, "shell"), "Life.Die", "shell") in h.spans()


def test_undo_and_redo_every_kind_of_edit_with_keys(harness) -> None:
    h = harness(TORTURE_TEXT)

    def state():
        return h.spans(), events(h)

    states = [state()]
    h.drag(*at(h.text, "Kofi Annan"))
    h.key("p")  # add span
    states.append(state())
    h.key("o")  # nothing selected as text, the new span is: relabel
    states.append(state())
    h.drag(*at(h.text, "shell"))
    h.key("A", SHIFT)  # add event
    states.append(state())
    h.key("1")
    h.click(at(h.text, "Kofi")[0] + 1)  # fill with an existing span
    states.append(state())
    h.key("4")
    h.drag(*at(h.text, "Monday"))  # fill with a new span
    states.append(state())
    h.click(at(h.text, "shell")[0] + 2)
    answer_next_dialog(h.qtbot, button="Cancel")
    h.key("D", SHIFT)  # Life.Die has no Attacker nor Time: the dialog asks, Cancel keeps them; no undo step
    assert "stays Conflict.Attack" in h.messages[-1]
    assert state() == states[-1]
    back_to(h)
    h.click(at(h.text, "Kofi")[0] + 1)
    h.key(Qt.Key.Key_Delete)  # delete a span that fills a role
    states.append(state())
    assert states[-1][1] == [("Conflict.Attack", "shell", (("Time", "Monday"),))]
    h.click(at(h.text, "shell")[0] + 2)
    h.key(Qt.Key.Key_Backspace)  # delete the event with its trigger
    states.append(state())
    assert states[-1] == ([(*at(h.text, "Monday"), "DATE", "Monday")], [])

    for expected in reversed(states[:-1]):
        h.key("z", CTRL)
        assert state() == expected
    for expected in states[1:]:
        h.key("z", CTRL | SHIFT)
        assert state() == expected


def answer_next_dialog(qtbot, key: Qt.Key | None = None, button: str = "") -> list[str]:
    """Press ``key`` in the next modal dialog, or click its button titled ``button`` (a QMessageBox blocks
    the test until it is answered); returns a list that will hold the dialog's text. The offscreen
    platform does not give the window its activation back when the dialog closes, as a desktop does:
    :func:`back_to` does."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        seen.append(dialog.text())
        if button:
            (pressed,) = [choice for choice in dialog.buttons() if choice.text().replace("&", "") == button]
            qtbot.mouseClick(pressed, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(dialog, key)

    QTimer.singleShot(0, answer)
    return seen


def back_to(h) -> None:
    """The window active again after a dialog, with the article focused, as on a desktop."""
    with h.qtbot.waitActive(h.window):
        h.window.activateWindow()
    h.view.setFocus()


def test_delete_with_nothing_selected_says_so(harness) -> None:
    h = harness(TORTURE_TEXT)
    h.key(Qt.Key.Key_Delete)
    assert h.spans() == []
    assert "select" in h.messages[-1].lower()


def test_escape_clears_the_selection(harness) -> None:
    h = harness(TORTURE_TEXT)
    add_entity(h, "Accra", "GPE")
    h.click(at(h.text, "Accra")[0] + 1)
    h.key(Qt.Key.Key_Escape)
    assert (h.controller.selected_span_id, h.controller.selected_event_id) == (None, None)


def test_label_actions_follow_the_schema_keys(harness) -> None:
    h = harness(TORTURE_TEXT)
    actions = h.controller.create_label_actions(h.window)
    labelled = {action.data(): action for action in actions if action.data()}
    assert labelled["PERSON"].shortcut().toString() == "P"
    assert labelled["Conflict.Attack"].shortcut().toString() == "Shift+A"
    assert labelled["PERSON"].text() == "PERSON"
    assert labelled["PERSON"].toolTip() == "A named person."
    assert set(labelled) == {"PERSON", "ORG", "GPE", "DATE", "WEAPON", "Conflict.Attack", "Life.Die"}
