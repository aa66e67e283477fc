"""The article: its exact text, read-only, with spans, events and suggestions drawn over it.

The text is shown as Qt holds it (:func:`display_text`); every conversion between stored code points and
Qt positions goes through the document's one :class:`OffsetMap`. Spans are painted by hand over the
viewport, for the visible lines only, so a long article with thousands of spans scrolls as fast as plain
text and a new span repaints only the lines it touches.

Each visible block is laid out again with a band of free space above every line, where label tags go,
and with its paragraph direction set from its own text, so Arabic and Hebrew paragraphs run and align
right to left. Qt's plain-text layout ignores block formats (line height, margins), hence the re-layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from html import escape
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
    QTextBlock,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip, QWidget

from annotator.core.model import Document, Event, Span
from annotator.core.offsets import OffsetMap, display_text
from annotator.core.schema import Schema
from annotator.gui import keymap
from annotator.gui.focus import frame_focus
from annotator.gui.fragments import mark_pieces
from annotator.gui.span_painting import (
    OUTLINE_REACH,
    Geometry,
    LineBox,
    Mark,
    Piece,
    Shades,
    SpanIndex,
    Style,
    TagRow,
    nesting_depths,
    paint_fill,
    paint_outline,
    paint_underline,
    tint,
)

FULL_REPAINT_AFTER = 64  # changed ranges; past this, repainting the viewport is cheaper than regions
TOOLTIP_TEXT_LIMIT = 160
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
        self._press: QPointF | None = None
        self.overlays: list[Callable[[QPainter], None]] = []  # painted last: relations, note markers

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

    def _settle_layouts(self) -> None:
        """Give every visible block its tag band and its own paragraph direction (see module doc)."""
        band = self._style().band
        height = self.viewport().height()
        block = self.firstVisibleBlock()
        top: float | None = None
        while block.isValid():
            if block.isVisible():
                _relayout(self, block, band)
            if top is None:
                top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
            top += self.blockBoundingRect(block).height()
            if top > height:
                break
            block = block.next()

    def _geometry(self, clip: QRect | None = None) -> Geometry:
        """The visible lines (those meeting ``clip`` with their tag band, if given)."""
        offset = self.contentOffset()
        band = self._style().band
        limit = self.viewport().height() if clip is None else clip.bottom() + 1 + band
        low = 0.0 if clip is None else clip.top() - band
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(offset).top()
        lines: list[LineBox] = []
        while block.isValid() and top <= limit:
            if block.isVisible():
                layout = block.layout()
                origin = QPointF(offset.x(), top) + layout.position()
                position = block.position()
                for number in range(layout.lineCount()):
                    line = layout.lineAt(number)
                    rect = line.rect().translated(origin)
                    if rect.bottom() < low:
                        continue
                    if rect.top() > limit:
                        break
                    start = position + line.textStart()
                    lines.append(LineBox(start, start + line.textLength(), position, line, origin, rect))
            top += self.blockBoundingRect(block).height()
            block = block.next()
        return Geometry(lines)

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
        band = self._style().band
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
        self._settle_layouts()
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
        for mark in suggestions:
            for piece in pieces[id(mark)]:
                paint_fill(painter, piece, self._shades(mark.span.label).suggestion_fill, 0)
        for mark in marks:
            shades = self._shades(mark.span.label)
            depth = depths[mark.key]
            for piece in pieces[id(mark)]:
                if mark.is_trigger:
                    paint_fill(painter, piece, shades.trigger_fill, depth)
                else:
                    paint_fill(painter, piece, shades.fill, depth, shades.line)
                    paint_underline(painter, piece, shades.line, depth)
        painter.end()

        super().paintEvent(event)

        painter = QPainter(self.viewport())
        painter.setClipRect(event.rect())
        self._paint_marks(painter, marks, suggestions, pieces)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._paint_tags(painter, style, marks, suggestions, pieces, first)
        for overlay in self.overlays:
            overlay(painter)
        painter.end()

    def _paint_marks(self, painter: QPainter, marks: list[Mark], suggestions: list[Mark],
                     pieces: dict[int, list[Piece]]) -> None:
        """What goes over the text: trigger boxes, suggestions, the selection and the selected event."""
        for mark in marks:
            if mark.is_trigger:
                for piece in pieces[id(mark)]:
                    paint_outline(painter, piece, self._color(mark.span.label), width=2.0)
        for mark in suggestions:
            for piece in pieces[id(mark)]:
                paint_outline(painter, piece, self._color(mark.span.label).darker(130), width=1.5,
                              style=Qt.PenStyle.DashLine)
        event = self._events.get(self._highlighted_event) if self._highlighted_event is not None else None
        if event is not None:
            event_color = self._color(event.type)
            arguments = {argument.span_id for argument in event.arguments}
            for mark in marks:
                if mark.key in arguments:
                    for piece in pieces[id(mark)]:
                        paint_outline(painter, piece, event_color, width=2.0, style=Qt.PenStyle.DotLine)
        selected = self.palette().color(QPalette.ColorRole.Highlight)
        for mark in marks:
            if mark.key == self._highlighted_span:
                for piece in pieces[id(mark)]:
                    grown = Piece(piece.rect.adjusted(-2, -2, 2, 2), piece.right_to_left)
                    paint_outline(painter, grown, selected, width=2.0)

    def _paint_tags(self, painter: QPainter, style: Style, marks: list[Mark], suggestions: list[Mark],
                    pieces: dict[int, list[Piece]], first_visible: int) -> None:
        """Label tags in the band above each span's first line; role names for the selected event."""
        roles = self._highlighted_roles()
        row = TagRow(style, self.viewport().width())
        drawn = [(mark, False) for mark in marks] + [(mark, True) for mark in suggestions]
        for mark, suggested in sorted(drawn, key=lambda item: item[0].start):
            own_pieces = pieces[id(mark)]
            if not own_pieces or mark.start < first_visible:
                continue
            role = None if suggested else roles.get(mark.key)
            if role is None and not self._show_tags:
                continue
            if role is not None:
                color, text = role
            elif suggested:
                color, text = tint(self._color(mark.span.label), 0.45), f"{mark.span.label}?"
            else:
                color, text = self._color(mark.span.label), mark.span.label
            row.add(own_pieces[0], text, color, None if suggested else mark.key)
        chips = row.chips()
        for chip in chips:
            row.paint(painter, chip)
        self._tag_hits = [(chip.rect, chip.key) for chip in chips if chip.key is not None]

    def _highlighted_roles(self) -> dict[int, tuple[QColor, str]]:
        """Tag colour and text for each argument span of the selected event."""
        event = self._events.get(self._highlighted_event) if self._highlighted_event is not None else None
        if event is None:
            return {}
        names: dict[int, list[str]] = {}
        for argument in event.arguments:
            names.setdefault(argument.span_id, []).append(argument.role)
        color = self._color(event.type)
        return {span_id: (color, " / ".join(roles)) for span_id, roles in names.items()}

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
        line = self._geometry().line_at(point.y())
        if line is None:
            return None
        left, right = line.text_span()
        if not left <= point.x() < right:
            return None
        position = self._offsets.to_code_points(line.position_at(point.x()))
        covering = index.overlapping(position, position + 1)
        return min(covering, key=lambda span: (span.end - span.start, -span.start), default=None)

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
                QToolTip.showText(event.globalPos(), self.describe(self._spans.get(span_id)), self.viewport())
            elif suggestion is not None:
                QToolTip.showText(event.globalPos(), describe_suggestion(suggestion), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def describe(self, span: Span) -> str:
        """Tooltip: label, text and provenance. Escaped, since article text may look like HTML."""
        text = span.text if len(span.text) <= TOOLTIP_TEXT_LIMIT else span.text[:TOOLTIP_TEXT_LIMIT] + "…"
        kind = "event trigger" if span.kind == "trigger" else "entity"
        who = [f"by {span.annotator}" if span.annotator else "", span.source,
               span.created_at[:16].replace("T", " ")]
        if span.confidence is not None:
            who.append(f"confidence {span.confidence:.2f}")
        provenance = " · ".join(part for part in who if part)
        return (f"<b>{escape(span.label)}</b> ({kind})<br>\u201c{escape(text)}\u201d"
                f"<br><small>{escape(provenance)}</small>")


def describe_suggestion(span: Span) -> str:
    """Tooltip for a recommender's proposal: what, from where, how sure, and the keys that settle it."""
    text = span.text if len(span.text) <= TOOLTIP_TEXT_LIMIT else span.text[:TOOLTIP_TEXT_LIMIT] + "…"
    confidence = f" ({span.confidence:.2f})" if span.confidence is not None else ""
    return (f"<b>Suggestion: {escape(span.label)}</b> from {escape(span.source)}{escape(confidence)}"
            f"<br>\u201c{escape(text)}\u201d<br><small>{keymap.key_text('next_suggestion')} / "
            f"{keymap.key_text('previous_suggestion')} step to it; then "
            f"{keymap.key_text('accept_suggestion', sep=' or ')} accepts it (so does a click), "
            f"{keymap.key_text('reject_suggestion', sep=' or ')} rejects it</small>")


def _relayout(view: QPlainTextEdit, block: QTextBlock, band: float) -> None:
    """Lay a block out again with ``band`` pixels above each line and its own paragraph direction."""
    layout = block.layout()
    if layout.lineCount() == 0:
        view.blockBoundingRect(block)  # has Qt lay the block out first
    first = layout.lineAt(0)
    direction = block.textDirection()
    option = layout.textOption()
    if option.textDirection() == direction and first.y() == band:
        return
    width, x = first.width(), first.x()
    option.setTextDirection(direction)
    right_to_left = direction == Qt.LayoutDirection.RightToLeft
    option.setAlignment(Qt.AlignmentFlag.AlignRight if right_to_left else Qt.AlignmentFlag.AlignLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLeadingIncluded(True)
        line.setLineWidth(width)
        y += band
        line.setPosition(QPointF(x, y))
        y += line.height() + min(ceil(line.leading()), 0)
    layout.endLayout()
    block.setLineCount(layout.lineCount())
