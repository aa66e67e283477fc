"""The article view on its own: exact text, right-to-left paragraphs, hit testing, drawing, navigation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.edits import AddArgument, AddEvent, AddSpan
from annotator.core.model import Span
from annotator.core.offsets import display_text
from tests.conftest import TORTURE_TEXT

RTL_TEXT = "Intro line.\nשלום עולם, זה טקסט בעברית.\nمرحبا بالعالم\nEnd."


def at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def add(h, word: str, label: str) -> int:
    start, end = at(h.text, word)
    return min(h.session.do(AddSpan(h.doc_id, Span(start, end, label, text=word))).spans)


def pixels(h, rect: QRect) -> set[str]:
    image = h.view.viewport().grab(rect).toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}


def span_rect(h, word: str) -> QRect:
    start, end = at(h.text, word)
    left, right = h.point(start), h.point(end)
    cursor = QTextCursor(h.view.document())
    cursor.setPosition(h.view.offset_map.to_foreign(start))
    height = h.view.cursorRect(cursor).height()
    return QRect(min(left.x(), right.x()), left.y() - height // 2, abs(right.x() - left.x()), height)


def test_text_is_shown_exactly_and_literally(harness) -> None:
    h = harness(TORTURE_TEXT)
    document = h.view.document()
    assert document.characterCount() - 1 == h.view.offset_map.foreign_length
    shown = "\u2029".join(document.findBlockByNumber(i).text() for i in range(document.blockCount()))
    assert shown == display_text(TORTURE_TEXT).replace("\n", "\u2029")
    assert any("<b>dawn</b> &amp; noon." in document.findBlockByNumber(i).text()
               for i in range(document.blockCount()))
    assert h.view.isReadOnly()


def test_right_to_left_paragraphs_run_and_align_right(harness) -> None:
    h = harness(RTL_TEXT)
    h.view.viewport().repaint()
    document = h.view.document()
    width = h.view.viewport().width()
    for number, direction in [(0, Qt.LayoutDirection.LeftToRight), (1, Qt.LayoutDirection.RightToLeft),
                              (2, Qt.LayoutDirection.RightToLeft), (3, Qt.LayoutDirection.LeftToRight)]:
        layout = document.findBlockByNumber(number).layout()
        assert layout.textOption().textDirection() == direction
        line = layout.lineAt(0).naturalTextRect()
        if direction == Qt.LayoutDirection.RightToLeft:
            assert line.right() > width - 40 and line.left() > width / 2
        else:
            assert line.left() < 40


def test_selected_range_is_in_code_points_across_crlf_and_emoji(harness) -> None:
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, "officials in Accra.\r\nCafe\u0301")
    cursor = QTextCursor(h.view.document())
    cursor.setPosition(h.view.offset_map.to_foreign(start))
    cursor.setPosition(h.view.offset_map.to_foreign(end), QTextCursor.MoveMode.KeepAnchor)
    h.view.setTextCursor(cursor)
    assert h.view.selected_range() == (start, end)
    h.view.clear_text_selection()
    assert h.view.selected_range() is None


def test_clicks_report_the_innermost_span_or_minus_one(harness) -> None:
    h = harness(TORTURE_TEXT)
    outer = add(h, "officials in Accra", "ORG")
    inner = add(h, "Accra", "GPE")
    clicked = []
    h.view.span_clicked.connect(clicked.append)
    h.click(at(h.text, "Accra")[0] + 1)
    h.click(at(h.text, "officials")[0] + 1)
    h.click(at(h.text, "Zoe")[0])
    assert clicked == [inner, outer, -1]


def test_a_click_on_a_label_tag_reports_its_span(harness) -> None:
    h = harness(TORTURE_TEXT)
    span_id = add(h, "Monday", "DATE")
    clicked = []
    h.view.span_clicked.connect(clicked.append)
    middle = span_rect(h, "Monday").center()
    band = QPoint(middle.x(), span_rect(h, "Monday").top() - 4)
    h.qtbot.mouseClick(h.view.viewport(), Qt.MouseButton.LeftButton, pos=band)
    assert clicked == [span_id]


def test_spans_are_filled_in_their_label_colour_and_tags_toggle(harness) -> None:
    h = harness(TORTURE_TEXT)
    add(h, "Monday", "DATE")
    rect = span_rect(h, "Monday")
    assert "#cdb4db" in pixels(h, rect)
    tag_band = QRect(rect.left(), rect.top() - 10, rect.width(), 8)
    assert "#cdb4db" in pixels(h, tag_band)
    first_block = h.view.document().firstBlock()
    line_height = h.view.blockBoundingRect(first_block).height()
    h.view.set_show_tags(False)
    h.view.viewport().repaint()
    assert h.view.blockBoundingRect(first_block).height() < line_height
    assert "#cdb4db" not in pixels(h, QRect(rect.left(), span_rect(h, "Monday").top() - 10, rect.width(), 8))


def test_triggers_selection_roles_and_suggestions_are_drawn(harness) -> None:
    h = harness(TORTURE_TEXT)
    shell = at(h.text, "shell")
    event_id = min(h.session.do(AddEvent(h.doc_id, "Conflict.Attack", start=shell[0], end=shell[1])).events)
    noon = at(h.text, "noon")
    h.session.do(AddArgument(h.doc_id, event_id, "Time", new_span=Span(*noon, "DATE", text="noon")))
    trigger = span_rect(h, "shell")
    assert "#e63946" in pixels(h, trigger.adjusted(-1, -1, 1, 1))  # the event colour's box
    before = pixels(h, span_rect(h, "noon").adjusted(-2, -12, 2, 2))
    h.controller.select_event(event_id)
    h.view.viewport().repaint()
    highlight = h.view.palette().color(h.view.palette().ColorRole.Highlight).name()
    assert highlight in pixels(h, trigger.adjusted(-4, -3, 4, 3))
    after = pixels(h, span_rect(h, "noon").adjusted(-2, -12, 2, 2))
    assert "#e63946" in after - before  # the argument's role tag and outline in the event colour
    accra = at(h.text, "Accra")
    h.view.set_suggestions([Span(*accra, "GPE", text="Accra")])
    h.view.viewport().repaint()
    assert QColor("#90be6d").darker(130).name() in pixels(h, span_rect(h, "Accra").adjusted(-1, -1, 1, 1))


def test_outlines_go_around_the_line_box_not_through_the_glyphs(harness) -> None:
    h = harness("Gunmen opened fire, killing gypsy guards.\n")
    killing = at(h.text, "killing")
    event_id = min(h.session.do(AddEvent(h.doc_id, "Life.Die", start=killing[0], end=killing[1])).events)
    h.controller.select_event(event_id)
    h.view.viewport().repaint()
    box = span_rect(h, "killing")
    outline = QColor("#6d597a").name()
    selection = h.view.palette().color(h.view.palette().ColorRole.Highlight).name()
    inside = pixels(h, box.adjusted(1, 2, -1, 1))  # the caret box sits a pixel above the line box
    assert outline not in inside and selection not in inside, "the descender of g stays uncovered"
    assert outline in pixels(h, QRect(box.left(), box.bottom() + 2, box.width(), 2)), "drawn just below"
    assert selection in pixels(h, QRect(box.left(), box.bottom() + 4, box.width(), 2)), "and outside that"


def test_tooltip_shows_label_text_and_provenance_escaped(harness) -> None:
    h = harness(TORTURE_TEXT)
    add(h, "<b>dawn</b>", "DATE")
    point = h.inside(at(h.text, "dawn")[0])
    event = QHelpEvent(QEvent.Type.ToolTip, point, h.view.viewport().mapToGlobal(point))
    QApplication.sendEvent(h.view.viewport(), event)
    text = QToolTip.text()
    assert "DATE" in text and "&lt;b&gt;dawn&lt;/b&gt;" in text and "tester" in text and "manual" in text


class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.regions: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.regions.append(event.rect())
        return False


def test_adding_a_span_repaints_only_its_lines_and_keeps_the_scroll(harness) -> None:
    text = "".join(f"Line {n} mentions Accra and Kofi Annan.\n" for n in range(300))
    h = harness(text)
    h.view.verticalScrollBar().setValue(100)
    h.qtbot.wait(10)
    scrolled = h.view.verticalScrollBar().value()
    spy = PaintSpy()
    h.view.viewport().installEventFilter(spy)
    add(h, "Line 105 mentions", "ORG")
    h.qtbot.waitUntil(lambda: bool(spy.regions))
    assert h.view.verticalScrollBar().value() == scrolled
    assert max(region.height() for region in spy.regions) < 3 * h.view.fontMetrics().height()


def test_update_annotations_takes_whole_lists(harness) -> None:
    h = harness(TORTURE_TEXT)
    start, end = at(h.text, "Accra")
    h.view.update_annotations([Span(start, end, "GPE", text="Accra", id=99)], [])
    h.view.viewport().repaint()
    assert h.view.span_at(h.inside(start + 1)) == 99
    h.view.update_annotations([], [])
    h.view.viewport().repaint()
    assert h.view.span_at(h.inside(start + 1)) is None


def test_scroll_to_span_brings_it_into_view(harness) -> None:
    text = "".join(f"Paragraph {n} with nothing to see.\n" for n in range(400)) + "Finally Accra."
    h = harness(text)
    span_id = add(h, "Accra", "GPE")
    h.view.scroll_to_span(span_id)
    h.qtbot.wait(10)
    assert h.view.viewport().rect().contains(h.point(at(h.text, "Accra")[0]))


def test_find_text_selects_the_next_match_and_wraps(harness) -> None:
    h = harness(TORTURE_TEXT)
    assert h.view.find_text("dawn")
    assert h.view.selected_range() == at(h.text, "dawn")
    assert h.view.find_text("n")
    first = h.view.selected_range()
    while h.view.find_text("n") and h.view.selected_range() != first:
        assert h.text[slice(*h.view.selected_range())].lower() == "n"
    assert not h.view.find_text("Timbuktu")


def test_zoom_changes_the_text_size(harness) -> None:
    h = harness(TORTURE_TEXT)
    base = h.view.font().pointSizeF()
    h.view.set_zoom(3)
    assert h.view.font().pointSizeF() == base + 3
    h.view.set_zoom(0)
    assert h.view.font().pointSizeF() == base
