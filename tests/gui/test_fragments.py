"""Discontinuous spans with real mouse and keys: a selection, a Ctrl+drag over another piece, a label
key: one entity with two fragments, undoable; a plain selection starts over."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.gui.test_tagging import at

CTRL = Qt.KeyboardModifier.ControlModifier
TEXT = "The Bank of Ghana and of Nigeria met."


def ctrl_drag(h, start: int, end: int) -> None:
    viewport = h.view.viewport()
    begin, finish = h.point(start), h.point(end)
    h.qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, CTRL, begin)
    h.qtbot.mouseMove(viewport, QPoint((begin.x() + finish.x()) // 2, begin.y()))
    h.qtbot.mouseMove(viewport, finish)
    h.qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, CTRL, finish)


def test_ctrl_drag_adds_a_fragment_and_the_label_key_tags_them_as_one(harness) -> None:
    h = harness(TEXT)
    h.drag(*at(h.text, "Bank of"))
    ctrl_drag(h, *at(h.text, "Nigeria"))
    assert h.controller.fragments.pieces == [at(h.text, "Bank of"), at(h.text, "Nigeria")]
    assert "2 pieces" in h.messages[-1]
    assert len(h.view.extraSelections()) == 2
    h.key("o")
    (span,) = h.project.spans(h.doc_id)
    assert span.fragments == (at(h.text, "Bank of"), at(h.text, "Nigeria"))
    assert (span.start, span.end, span.label) == (4, 32, "ORG") and h.text[span.start:span.end] == span.text
    assert h.view.extraSelections() == []
    h.key("z", CTRL)
    assert h.project.spans(h.doc_id) == []


def test_a_plain_selection_or_escape_starts_over(harness) -> None:
    h = harness(TEXT)
    h.drag(*at(h.text, "Bank of"))
    ctrl_drag(h, *at(h.text, "Nigeria"))
    h.key(Qt.Key.Key_Escape)
    assert h.controller.fragments.pieces == []
    h.drag(*at(h.text, "Ghana"))
    h.key("g")
    assert [(s.text, s.fragments) for s in h.project.spans(h.doc_id)] == [("Ghana", ())]


def test_a_discontinuous_entity_is_painted_on_its_pieces_not_the_gap(harness) -> None:
    h = harness(TEXT)
    h.drag(*at(h.text, "Bank of"))
    ctrl_drag(h, *at(h.text, "Nigeria"))
    h.key("o")
    h.key(Qt.Key.Key_Escape)  # nothing selected: no outline
    h.view.viewport().repaint()
    image = h.view.viewport().grab().toImage()
    gap = h.inside(h.text.index("Ghana") + len("Ghana"))  # a space between the pieces: no glyph on it
    piece = h.inside(h.text.index("Bank") + len("Bank"))  # the space inside the first piece
    background = h.view.palette().base().color()
    assert image.pixelColor(gap) == background
    assert image.pixelColor(piece) != background


def test_pieces_from_before_an_edit_are_not_joined(harness) -> None:
    h = harness(TEXT)
    h.drag(*at(h.text, "Ghana"))
    h.key("g")  # tagged: that selection is used up
    ctrl_drag(h, *at(h.text, "Nigeria"))
    assert h.controller.fragments.pieces == [at(h.text, "Nigeria")]
    h.key("g")
    tagged = sorted((span.text, span.fragments) for span in h.project.spans(h.doc_id))
    assert tagged == [("Ghana", ()), ("Nigeria", ())]
