"""Relations in a dense article stay readable: their name boxes sit in the arc band above the label tags,
never over a tag, and a relation between spans on two lines runs through the gap between the lines,
not across the text of the line above. Checked on the painted geometry, not on pixels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath, QPainterPathStroker

from annotator.core.model import ENTITY, Span
from annotator.core.relation_edits import AddRelation
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401
from tests.gui.test_attributes_and_notes import LINKED

TEXT = ("Kofi Annan of the UN met the EU and NATO in Accra while Ghana and Togo watched, and after a "
        "long and careful meeting of all the regional delegations in the capital city the AU agreed, and "
        "Kofi Annan of the UN thanked them all.")
NAMES = [("Kofi Annan", "PERSON"), ("UN", "ORG"), ("EU", "ORG"), ("NATO", "ORG"), ("Accra", "GPE"),
         ("Ghana", "GPE"), ("Togo", "GPE"), ("AU", "ORG")]


def spans_of(text: str) -> tuple[Span, ...]:
    return tuple(Span(text.index(name), text.index(name) + len(name), label, ENTITY) for name, label in NAMES)


@pytest.fixture
def dense(qtbot, tmp_path: Path, preferences):
    """Eight entities, crossing and nested relations on the first line, one relation across lines."""
    item = article("dense", TEXT, spans_of(TEXT))
    window = open_window(qtbot, make_project(tmp_path / "dense.annotator", [item], LINKED), preferences)
    qtbot.waitUntil(lambda: window.session.current_doc_id == 1)
    for head, kind, tail in ((1, "member_of", 2), (2, "allied_with", 4), (3, "allied_with", 5),
                             (1, "member_of", 3), (4, "allied_with", 6), (6, "allied_with", 8)):
        window.session.do(AddRelation(1, kind, head, tail))
    window.resize(1500, 600)
    qtbot.waitUntil(lambda: len(window.workbench.relation_painter.painted()) == 6)
    return window


def painted(window) -> list:
    window.workbench.view.viewport().repaint()
    return window.workbench.relation_painter.painted()


def crosses(path: QPainterPath, rect: QRectF) -> bool:
    """Whether the drawn line (not the area it would enclose if closed) meets the rect's inside."""
    stroker = QPainterPathStroker()
    stroker.setWidth(1.0)
    return stroker.createStroke(path).intersects(rect.adjusted(1, 1, -1, -1))  # its ends may touch a line


def test_no_relation_name_box_covers_a_label_tag(dense) -> None:
    arcs = painted(dense)
    tags = [rect for rect, _ in dense.workbench.view.tag_rects()]
    assert len(tags) == len(NAMES)
    for arc in arcs:
        assert not [tag for tag in tags if tag.intersects(arc.box)], arc


def test_a_relation_across_lines_runs_between_them_not_over_text(dense) -> None:
    view = dense.workbench.view
    lines = [line.rect for line in view.visible_geometry().lines]
    assert len(lines) >= 2
    crossing = [arc for arc in painted(dense) if arc.across_lines]
    assert crossing, "the Ghana–AU relation should join two lines"
    for arc in crossing:
        for text in lines:
            assert not crosses(arc.path, QRectF(text)), (arc, text)
        assert not arc.box.intersects(QRectF(lines[0])), arc


def test_a_relation_over_whole_lines_goes_down_the_margin(qtbot, tmp_path: Path, preferences) -> None:
    text = "Kofi Annan spoke. " + "Nothing else happened that day at all, " * 40 + "and the UN agreed."
    item = article("far", text, (Span(0, 10, "PERSON", ENTITY), Span(len(text) - 10, len(text) - 8, "ORG",
                                                                    ENTITY)))
    window = open_window(qtbot, make_project(tmp_path / "far.annotator", [item], LINKED), preferences)
    qtbot.waitUntil(lambda: window.session.current_doc_id == 1)
    window.session.do(AddRelation(1, "member_of", 1, 2))
    window.resize(1500, 900)
    qtbot.waitUntil(lambda: len(window.workbench.relation_painter.painted()) == 1)
    (arc,) = painted(window)
    lines = [line.rect for line in window.workbench.view.visible_geometry().lines]
    assert arc.across_lines and len(lines) > 3
    for text_rect in lines:
        assert not crosses(arc.path, QRectF(text_rect))
