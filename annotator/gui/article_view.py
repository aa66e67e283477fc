"""The article: its exact text, read-only, with spans, events and suggestions drawn over it.

The text is shown as Qt holds it (:func:`display_text`); every conversion between stored code points and
Qt positions goes through the document's one :class:`OffsetMap`. Spans are painted by hand over the
viewport, for the visible lines only, so a long article with thousands of spans scrolls as fast as plain
text and a new span repaints only the lines it touches.

Its parts live beside it: the lines' layout with a tag band (:mod:`annotator.gui.line_layout`), the
painting passes (:mod:`annotator.gui.mark_painting`) and the tooltips' wording
(:mod:`annotator.gui.span_tooltips`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from math import ceil

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip, QWidget

from annotator.core.model import Document, Event, Span
from annotator.core.offsets import OffsetMap, display_text
from annotator.core.schema import Schema
from annotator.gui import keymap
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.focus import frame_focus
from annotator.gui.fragments import mark_pieces
from annotator.gui.line_layout import innermost_at, settle_layouts, visible_lines
from annotator.gui.mark_painting import paint_fills, paint_outlines, paint_tags
from annotator.gui.span_painting import (
    OUTLINE_REACH,
    Geometry,
    Mark,
    Shades,
    SpanIndex,
    Style,
    nesting_depths,
)
from annotator.gui.span_tooltips import describe, describe_suggestion

FULL_REPAINT_AFTER = 64  # changed ranges; past this, repainting the viewport is cheaper than regions
MIN_POINT_SIZE = 5.0


EMPTY_HINT = (
    f"No document is open.\n\nImport articles with File > Import files… ({keymap.key_text('import_files')}), "
    "or pick a document in the list on the left."
)


class ArticleView(QPlainTextEdit):
    span_clicked = Signal(int)  # innermost span under a click, -1 for bare text or a drag selecting nothing
    selection_made = Signal()  # text selected with the mouse, or Enter pressed on a keyboard selection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.setPlaceholderText(EMPTY_HINT)
        frame_focus(self)
        # Lines off screen keep Qt's own (shorter) layout until painted; centring lets the last lines of
        # a long article still scroll fully into view.
        self.setCenterOnScroll(True)
        # A scroll bar that came and went would loop: the narrower viewport drops every block's layout,
        # an unlaid block counts one line, the bar hides, the re-layout on paint brings it back.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._offsets = OffsetMap("")
        self._schema = Schema("empty")
        self._spans = SpanIndex()
        self._suggestions = SpanIndex()
        self._suggestion_copies: dict[int, tuple[Span, Span]] = {}  # id(shown) -> (shown, its copy)
        self._last_suggestion_id = 0
        self._events: dict[int, Event] = {}
        self._colors: dict[str, QColor] = {}
        self._shade_cache: dict[str, Shades] = {}
        self._highlighted_span: int | None = None
        self._highlighted_event: int | None = None
        self._show_tags = True
        self._cached_style: Style | None = None
        self._base_point_size = self.font().pointSizeF()
        self._tag_hits: list[tuple[QRectF, int]] = []
        self._arc_band = 0.0  # free space above the tag band for relation arcs (0: no relations)
        self._press: QPointF | None = None
        self.overlays: list[Callable[[QPainter], None]] = []  # painted last: relations, note markers
        self.link_of_span: Callable[[int], str] = lambda _span_id: ""  # the linked entity, for tooltips
        self.details_of_span: Callable[[int], list[str]] = lambda _span_id: []  # attributes, notes

    # -- content -----------------------------------------------------------------------------------

    @property
    def offset_map(self) -> OffsetMap:
        return self._offsets

    def set_document(self, document: Document, spans: list[Span], events: list[Event],
                     schema: Schema) -> None:
        self._schema = schema
        self._colors = {}
        self._shade_cache = {}
        self._offsets = OffsetMap(document.text)
        self._highlighted_span = self._highlighted_event = None
        self._suggestions.reset(())
        self._suggestion_copies = {}
        self._events = {event.id: event for event in events}
        self._spans.reset(spans)
        self.setPlainText(display_text(document.text))

    def clear_document(self) -> None:
        self.set_document(Document(""), [], [], self._schema)

    def follow(self, state: DocumentState, schema: Schema) -> None:
        """Show each document ``state`` opens; edits to it reach the view through the tagging controller."""

        def show(delta: DocumentDelta) -> None:
            if not delta.loaded:
                return
            if state.doc_id is None:
                self.clear_document()
            else:
                self.set_document(state.document, list(state.spans.values()), list(state.events.values()),
                                  schema)

        state.listeners.append(show)

    def update_annotations(self, spans: list[Span], events: list[Event]) -> None:
        """Take the document's spans and events after an edit; repaint only what changed."""
        gone, fresh = self._spans.sync(spans)
        self._take_events(events, [(span.start, span.end) for span in (*gone, *fresh)])

    def update_changed(self, changed: dict[int, Span | None], events: list[Event]) -> None:
        """Like :meth:`update_annotations` when the caller knows which spans an edit touched: each id
        maps to the span's new state, or None if it was removed. Costs nothing per untouched span."""
        dirty = []
        for span_id, span in changed.items():
            old = self._spans.remove(span_id)
            if old is not None:
                dirty.append((old.start, old.end))
            if span is not None:
                self._spans.add(span)
                dirty.append((span.start, span.end))
        self._take_events(events, dirty)

    def _take_events(self, events: list[Event], dirty: list[tuple[int, int]]) -> None:
        events_by_id = {event.id: event for event in events}
        if self._highlighted_event is not None and (
            self._events.get(self._highlighted_event) != events_by_id.get(self._highlighted_event)
        ):
            dirty += self._event_ranges(self._highlighted_event)
            self._events = events_by_id
            dirty += self._event_ranges(self._highlighted_event)
        self._events = events_by_id
        self._repaint_ranges(dirty)

    def set_suggestions(self, spans: list[Span]) -> None:
        """Spans proposed by a recommender, drawn dashed and faded until accepted.

        Suggestions have no ids of their own; negative ones keep them apart from stored spans. Each object
        keeps the copy it was first shown with, so after an edit only the suggestions that came or went
        are indexed and repainted.
        """
        copies = self._suggestion_copies  # id(shown span) -> (that span, held so its id stays its own; copy)
        incoming = dict(zip(map(id, spans), spans, strict=True))
        gone = [copies.pop(key)[1] for key in copies.keys() - incoming.keys()]
        fresh = []
        for key in incoming.keys() - copies.keys():
            self._last_suggestion_id -= 1
            copies[key] = (incoming[key], replace(incoming[key], id=self._last_suggestion_id))
            fresh.append(copies[key][1])
        if len(gone) + len(fresh) > len(copies) // 2:
            self._suggestions.reset(copy for _, copy in copies.values())
        else:
            for copy in gone:
                self._suggestions.remove(copy.id)
            for copy in fresh:
                self._suggestions.add(copy)
        geometry = self._geometry()  # a new tag proposes its string all over the article: repaint what shows
        first, last = map(self._offsets.to_code_points, (geometry.first_position, geometry.last_position))
        self._repaint_ranges([(span.start, span.end) for span in (*gone, *fresh)
                              if span.start <= last and span.end >= first])

    def set_highlighted(self, span_id: int | None, event_id: int | None) -> None:
        dirty = self._highlight_ranges()
        self._highlighted_span, self._highlighted_event = span_id, event_id
        self._repaint_ranges(dirty + self._highlight_ranges())

    def set_show_tags(self, show: bool) -> None:
        self._show_tags = show
        self._cached_style = None
        self.viewport().update()

    def set_zoom(self, points_delta: float) -> None:
        """Text size relative to the default: 0 is the default, +2 two points larger."""
        font = QFont(self.font())
        font.setPointSizeF(max(self._base_point_size + points_delta, MIN_POINT_SIZE))
        self.setFont(font)

    # -- selection and navigation ------------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The text selection in code points, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._offsets.to_code_points(cursor.selectionStart())
        end = self._offsets.to_code_points(cursor.selectionEnd())
        return (start, end) if start < end else None

    def select_text(self, start: int, end: int, *, reveal: bool = True) -> None:
        """Make code points ``start``-``end`` the text selection, scrolled into view if ``reveal``."""
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_foreign(start))
        cursor.setPosition(self._offsets.to_foreign(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if reveal:
            self.ensureCursorVisible()

    def clear_text_selection(self) -> None:
        """Drop the selection, keeping the view where it is (``setTextCursor`` scrolls to the caret)."""
        cursor, scrolled = self.textCursor(), self.verticalScrollBar().value()
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scrolled)

    def scroll_to_span(self, span_id: int) -> None:
        span = self._spans.get(span_id)
        if span is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_foreign(span.start))
        self.setTextCursor(cursor)
        self.centerCursor()

    def find_text(self, query: str) -> bool:
        """Select the next occurrence of ``query`` after the cursor, wrapping round at the end."""
        if not query:
            return False
        found = self.document().find(query, self.textCursor())
        if found.isNull():
            found = self.document().find(query, 0)
        if found.isNull():
            return False
        self.setTextCursor(found)
        return True

    # -- geometry ----------------------------------------------------------------------------------

    def _marks(self, index: SpanIndex, first: int, last: int, *, reach: int = 1) -> list[Mark]:
        """The spans meeting Qt positions [first, last), placed in Qt positions."""
        to_foreign, to_code_points = self._offsets.to_foreign, self._offsets.to_code_points
        return [
            Mark(span, to_foreign(span.start), to_foreign(span.end))
            for span in index.overlapping(to_code_points(first), to_code_points(last), reach=reach)
        ]

    @property
    def tag_band(self) -> float:
        """The band above each line that holds its label tags (under the arc band)."""
        return self._style().band

    def set_arc_band(self, height: float) -> None:
        """Room above every line's tag band for relation arcs and their names, so none covers a tag."""
        if height != self._arc_band:
            self._arc_band = height
            self.viewport().update()

    def _band(self) -> float:
        return self._style().band + self._arc_band

    def tag_rects(self) -> list[tuple[QRectF, int]]:
        """Where each span's tag was last painted, with its span id."""
        return list(self._tag_hits)

    def visible_geometry(self) -> Geometry:
        return self._geometry()

    def _style(self) -> Style:
        if self._cached_style is None:
            self._cached_style = Style.for_font(self.font(), show_tags=self._show_tags)
        return self._cached_style

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._cached_style = None
        elif event.type() == QEvent.Type.PaletteChange:
            self._shade_cache = {}
        super().changeEvent(event)

    def _color(self, label: str) -> QColor:
        color = self._colors.get(label)
        if color is None:
            color = self._colors[label] = QColor(self._schema.color_of(label))
        return color

    def _shades(self, label: str) -> Shades:
        shades = self._shade_cache.get(label)
        if shades is None:
            palette = self.palette()
            base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
            shades = self._shade_cache[label] = Shades.of(self._color(label), base, text)
        return shades

    def _geometry(self, clip: QRect | None = None) -> Geometry:
        """The visible lines (those meeting ``clip`` with their tag band, if given)."""
        return visible_lines(self, self._band(), clip)

    def _selected_event(self) -> Event | None:
        return self._events.get(self._highlighted_event) if self._highlighted_event is not None else None

    def _event_ranges(self, event_id: int | None) -> list[tuple[int, int]]:
        event = self._events.get(event_id) if event_id is not None else None
        if event is None:
            return []
        keys = [event.trigger_id, *(argument.span_id for argument in event.arguments)]
        return [(span.start, span.end) for span in map(self._spans.get, keys) if span is not None]

    def _highlight_ranges(self) -> list[tuple[int, int]]:
        span = self._spans.get(self._highlighted_span) if self._highlighted_span is not None else None
        own = [(span.start, span.end)] if span else []
        return own + self._event_ranges(self._highlighted_event)

    def _repaint_ranges(self, ranges: list[tuple[int, int]]) -> None:
        """Repaint the full width of the lines holding these code-point ranges and the spans overlapping
        them (their nesting depths and tags may have moved)."""
        if not ranges:
            return
        if len(ranges) > FULL_REPAINT_AFTER:
            self.viewport().update()
            return
        geometry = self._geometry()
        band = self._band()
        width = self.viewport().width()
        region = QRegion()
        for start, end in ranges:
            neighbours = self._spans.overlapping(start, end)
            low = min([start, *(span.start for span in neighbours)])
            high = max([end, *(span.end for span in neighbours)])
            for line in geometry.lines_of(self._offsets.to_foreign(low), self._offsets.to_foreign(high)):
                top = int(line.rect.top() - band) - OUTLINE_REACH
                region += QRect(0, top, width, ceil(line.rect.height() + band) + 2 * OUTLINE_REACH)
        if not region.isEmpty():
            self.viewport().update(region)

    # -- painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        settle_layouts(self, self._band())
        geometry = self._geometry(event.rect())
        style = self._style()
        first, last = geometry.first_position, geometry.last_position
        window = self._marks(self._spans, first, last, reach=2)
        depths = nesting_depths(window)
        marks = [mark for mark in window if mark.end > first and mark.start < last]
        suggestions = self._marks(self._suggestions, first, last)
        pieces = {id(mark): mark_pieces(geometry, mark, self._offsets.to_foreign)
                  for mark in (*marks, *suggestions)}

        painter = QPainter(self.viewport())
        painter.setClipRect(event.rect())
        paint_fills(painter, marks, suggestions, pieces, depths, self._shades)
        painter.end()

        super().paintEvent(event)

        painter = QPainter(self.viewport())
        painter.setClipRect(event.rect())
        selected_event = self._selected_event()
        paint_outlines(painter, marks, suggestions, pieces, self._color, selected_event,
                       self._highlighted_span, self.palette().color(QPalette.ColorRole.Highlight))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._tag_hits = paint_tags(painter, style, self.viewport().width(), marks, suggestions, pieces,
                                    first, self._color, selected_event, show_tags=self._show_tags)
        for overlay in self.overlays:
            overlay(painter)
        painter.end()

    # -- pointer and keys --------------------------------------------------------------------------

    def span_at(self, point: QPointF) -> int | None:
        """The id of the innermost span under a viewport point (its text or its tag)."""
        for rect, key in self._tag_hits:
            if rect.contains(point):
                return key
        innermost = self._innermost(self._spans, point)
        return innermost.id if innermost else None

    def suggestion_at(self, point: QPointF) -> Span | None:
        """The innermost suggestion under a viewport point."""
        return self._innermost(self._suggestions, point)

    def _innermost(self, index: SpanIndex, point: QPointF) -> Span | None:
        return innermost_at(self._geometry(), self._offsets.to_code_points, index, point)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press always starts a new selection: inside the old one Qt would start dragging its text."""
        self._press = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        if self._press is not None:
            self.clear_text_selection()
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._press = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            self.selection_made.emit()
            return
        # A drag that selected nothing (over the blank after a line's end) was still a new selection.
        clicked = (event.position() - press).manhattanLength() < QApplication.startDragDistance()
        span_id = self.span_at(event.position()) if clicked else None
        self.span_clicked.emit(span_id if span_id is not None else -1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if keymap.matches(event, "tag_selection") and self.textCursor().hasSelection():
            self.selection_made.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = QPointF(event.pos())
            span_id = self.span_at(point)
            suggestion = self.suggestion_at(point) if span_id is None else None
            if span_id is not None:
                text = describe(self._spans.get(span_id), self.link_of_span(span_id),
                                self.details_of_span(span_id))
                QToolTip.showText(event.globalPos(), text, self.viewport())
            elif suggestion is not None:
                QToolTip.showText(event.globalPos(), describe_suggestion(suggestion), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
