"""Tagging that never edits what the analyst did not point at (issue 11, "Wrong edits, no message").

Real mouse drags and key presses on the article view: the view stays where the analyst put it while
suggestions are about, a drag that selects nothing drops the old selection, a key on an entity's exact
text relabels it (or fills the armed role with it) instead of stacking a second entity, and a relabel
says so.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from annotator.gui.suggestions import SuggestionsController
from annotator.gui.suggestions_menu import create_actions
from annotator.nlp.dictionary import DictionaryRecommender
from tests.conftest import add_document
from tests.formats.export_helpers import add_span
from tests.gui.test_tagging import add_entity, at, events

SHIFT = Qt.KeyboardModifier.ShiftModifier

# "Raqqa" (a dictionary suggestion once the seed document teaches it) on the first line and far below.
LONG_TEXT = "\n".join(
    ["Raqqa fell on the first day."]
    + [f"Line {number}: Homs and Aleppo{number} were quiet." for number in range(1, 60)]
    + ["Raqqa again, at the very end."]
)
SHORT_LINES = "Damascus fell.\nRebels shell Homs.\nAleppo waits for news of the front."


def with_suggestions(h) -> SuggestionsController:
    """A dictionary that proposes GPE for "Raqqa", and the Suggestions keys (F8 …) on the window."""
    add_span(h.project, add_document(h.project, "Raqqa is a city.", "seed"), "Raqqa", "GPE")
    controller = SuggestionsController(h.session, h.view, h.controller.state, h.window,
                                       [DictionaryRecommender("en")])
    h.window.addActions(create_actions(controller, h.window))
    h.session.set_current(h.doc_id)
    h.qtbot.waitUntil(lambda: len(controller.suggestions) == 2)
    return controller


def scroll_value(h) -> int:
    return h.view.verticalScrollBar().value()


def test_tagging_with_suggestions_about_never_scrolls_the_article(harness) -> None:
    h = harness(LONG_TEXT)
    suggestions = with_suggestions(h)
    h.key(Qt.Key.Key_F8)  # the analyst asks for the first suggestion and takes it
    assert suggestions.current_span().start == 0
    h.key(Qt.Key.Key_Return)
    assert (0, 5, "GPE", "Raqqa") in h.spans()

    h.view.verticalScrollBar().setValue(25)  # the analyst scrolls to the middle of the article
    where = scroll_value(h)
    for number, key in ((27, "g"), (29, "o")):  # tags, a relabel by key and Escape: the view stays
        h.drag(*at(h.text, f"Aleppo{number}"))
        h.key(key)
        assert scroll_value(h) == where
    h.key("g")
    h.key(Qt.Key.Key_Escape)
    h.drag(*at(h.text, "Aleppo30"))
    h.key("p")
    assert scroll_value(h) == where
    assert {(label, text) for _, _, label, text in h.spans()} == {
        ("GPE", "Raqqa"), ("GPE", "Aleppo27"), ("GPE", "Aleppo29"), ("PERSON", "Aleppo30")}
    quiet = h.text.index("Aleppo28 were quiet") + len("Aleppo28 were ")
    h.drag(quiet, quiet + len("quiet"))  # an event, and a role filled by a click: the view stays
    h.key("A", SHIFT)
    h.key("2")
    h.click(at(h.text, "Aleppo27")[0] + 2)
    assert events(h) == [("Conflict.Attack", "quiet", (("Target", "Aleppo27"),))]
    assert scroll_value(h) == where

    h.key(Qt.Key.Key_F8)  # asked for: the last "Raqqa"; then the analyst scrolls back up
    assert suggestions.current_span() is not None and scroll_value(h) != where
    h.view.verticalScrollBar().setValue(where)
    h.key(Qt.Key.Key_Escape)  # dropping the suggestion's selection does not scroll back to it
    assert scroll_value(h) == where
    h.key(Qt.Key.Key_F8)
    h.view.verticalScrollBar().setValue(where)
    h.key(Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier | SHIFT)  # Reject all
    assert suggestions.suggestions == [] and scroll_value(h) == where


def test_settling_a_suggestion_moves_on_only_to_one_in_view(harness) -> None:
    h = harness(LONG_TEXT)
    suggestions = with_suggestions(h)
    h.key(Qt.Key.Key_F8)
    top = scroll_value(h)
    h.key(Qt.Key.Key_Return)  # the next "Raqqa" is sixty lines down: it is not made current
    assert scroll_value(h) == top
    assert h.view.selected_range() is None and suggestions.current_span() is None
    assert h.messages[-1] == "1 suggestion left, none in view (F8: the next)"
    h.key(Qt.Key.Key_Return)  # nothing is selected, so Enter accepts nothing
    assert len(h.spans()) == 1
    h.key(Qt.Key.Key_F8)  # asked for: now the view goes there
    assert scroll_value(h) > top
    assert suggestions.current_span().text == "Raqqa"


def blank_after_line_end(h, line_end: int) -> QPoint:
    """A point in the blank space to the right of the line ending at code point ``line_end``."""
    return h.point(line_end) + QPoint(60, 0)


def test_a_drag_over_blank_space_drops_the_selected_span_and_the_key_relabels_nothing(harness) -> None:
    h = harness(SHORT_LINES)
    add_entity(h, "Damascus", "GPE")
    h.click(1)
    assert h.controller.selected_span_id is not None
    blank = blank_after_line_end(h, h.text.index("\n"))
    viewport = h.view.viewport()
    h.qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=blank)
    h.qtbot.mouseMove(viewport, blank + QPoint(40, 0))
    h.qtbot.mouseMove(viewport, blank + QPoint(120, 0))
    h.qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=blank + QPoint(120, 0))
    assert h.view.selected_range() is None, "the drag selected no text"
    assert h.controller.selected_span_id is None
    h.key("o")
    assert h.spans() == [(0, 8, "GPE", "Damascus")]
    assert h.messages[-1] == "Select some text to tag as ORG"


def test_a_new_text_selection_drops_the_selected_span(harness) -> None:
    h = harness(SHORT_LINES)
    add_entity(h, "Damascus", "GPE")
    h.click(1)
    h.drag(*at(h.text, "Rebels"))
    assert h.controller.selected_span_id is None
    h.key("o")
    assert h.spans() == [(0, 8, "GPE", "Damascus"), (*at(h.text, "Rebels"), "ORG", "Rebels")]


def test_a_relabel_says_what_it_did_and_how_to_undo_it(harness) -> None:
    h = harness(SHORT_LINES)
    add_entity(h, "Damascus", "GPE")
    h.click(1)
    h.key("o")
    assert h.spans() == [(0, 8, "ORG", "Damascus")]
    assert h.messages[-1] == "“Damascus”: GPE → ORG (Ctrl+Z to undo)"
    h.key("o")
    assert h.messages[-1] == "“Damascus” is already ORG"


def test_a_key_on_an_entity_s_exact_text_relabels_it_instead_of_stacking_a_second(harness) -> None:
    h = harness(SHORT_LINES)
    damascus = add_entity(h, "Damascus", "GPE")
    h.drag(*at(h.text, "Damascus"))
    h.key("o")
    assert h.spans() == [(0, 8, "ORG", "Damascus")]
    assert h.controller.selected_span_id == damascus
    assert h.messages[-1] == "“Damascus”: GPE → ORG (Ctrl+Z to undo)"
    h.drag(*at(h.text, "Damascus"))
    h.key("o")
    assert h.spans() == [(0, 8, "ORG", "Damascus")]
    assert h.messages[-1] == "“Damascus” is already ORG"
    h.drag(*at(h.text, "shell"))
    h.key("A", SHIFT)
    h.drag(*at(h.text, "shell"))  # the same event type on the same trigger: the event is selected
    h.key("A", SHIFT)
    assert events(h) == [("Conflict.Attack", "shell", ())]
    assert h.messages[-1] == "“shell” is already Conflict.Attack"


def test_an_armed_role_takes_the_entity_on_the_selected_text_by_mouse_or_keyboard(harness) -> None:
    h = harness(SHORT_LINES)
    add_entity(h, "Rebels", "ORG")
    add_entity(h, "Homs", "GPE")
    h.drag(*at(h.text, "shell"))
    h.key("A", SHIFT)
    h.key("1")  # Attacker: PERSON, ORG or GPE; the exact text of an ORG entity is that entity
    h.click(at(h.text, "fell")[0])  # bare text: the role stays armed; the caret goes there
    h.key(Qt.Key.Key_Down)
    h.key(Qt.Key.Key_Home)  # the caret before "Rebels", by keyboard
    for _ in range(len("Rebels")):
        h.key(Qt.Key.Key_Right, SHIFT)
    h.key(Qt.Key.Key_Return)
    assert events(h) == [("Conflict.Attack", "shell", (("Attacker", "Rebels"),))]
    assert h.messages[-1] == "Attacker of Conflict.Attack: “Rebels” (Ctrl+Z to undo)"
    h.key("5")  # Place: the drag over "Homs" fills it with the GPE already there
    h.drag(*at(h.text, "Homs"))
    assert events(h)[0][2] == (("Attacker", "Rebels"), ("Place", "Homs"))
    assert len(h.spans()) == 3, "no second entity on the same text"
    assert h.controller.armed_role is None
