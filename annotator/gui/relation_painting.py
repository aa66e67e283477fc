"""Relations drawn over the article: an arc from the head entity to the tail, arrowed, named at its top.

Arcs rise above the text; a relation spanning others is drawn higher than those it spans (its level is
one more than the highest arc it overlaps that is shorter), so crossing and nested relations stay apart
and each name sits on its own arc. The arcs of the selected entity, and the relation chosen in the
Relations pane or by a click on its arc, are drawn bolder; each painted arc is kept for hit tests
(:meth:`RelationPainter.relation_at`, used by :mod:`annotator.gui.relation_clicks`). Painted as one of
the article view's ``overlays``, after the text and the label chips, and repainted whole when a
relation, one of its ends or the selection changes.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTextCursor,
)

from annotator.core.model import Relation, Span
from annotator.core.schema import Schema
from annotator.gui.article_view import ArticleView
from annotator.gui.document_state import DocumentDelta, DocumentState

RISE, STEP, MAX_LEVEL = 10.0, 7.0, 5  # the lowest arc's height over its ends, per level above, the cap
ARROW = 5.0
HIT_WIDTH = 7.0  # how wide an arc is to the pointer


def arc_levels(relations: list[tuple[int, int, int]]) -> dict[int, int]:
    """Levels for (id, low, high) ranges: shorter ranges first, each one above every shorter overlapping
    one, so an arc never runs through the name of an arc it spans."""
    placed: list[tuple[int, int, int]] = []  # low, high, level
    levels: dict[int, int] = {}
    for relation_id, low, high in sorted(relations, key=lambda r: (r[2] - r[1], r[1])):
        under = [level for other_low, other_high, level in placed if other_low < high and low < other_high]
        levels[relation_id] = min(MAX_LEVEL, 1 + max(under, default=-1))
        placed.append((low, high, levels[relation_id]))
    return levels


class RelationPainter:
    def __init__(self, view: ArticleView, state: DocumentState, schema: Schema) -> None:
        self._view = view
        self._state = state
        self._schema = schema
        self.highlighted: int | None = None  # the relation chosen in the Relations pane or by a click
        self._hits: list[tuple[QRectF, QPainterPath, int]] = []  # each painted arc: name box, stroke, id
        view.overlays.append(self.paint)
        state.listeners.append(self._on_state)
        state.selection_listeners.append(self._on_selection)

    def _on_state(self, delta: DocumentDelta) -> None:
        ends = {end for r in self._state.relations.values() for end in (r.head_id, r.tail_id)}
        if delta.loaded or delta.relations or delta.spans & ends:  # an end moved: its arcs move too
            self._view.viewport().update()

    def _on_selection(self) -> None:
        if self._state.relations:
            self._view.viewport().update()

    def _anchor(self, span: Span) -> QPointF:
        """The top middle of the span's first line (its start, when it runs on to another line)."""
        view = self._view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offset_map.to_foreign(span.start))
        start = view.cursorRect(cursor)
        cursor.setPosition(view.offset_map.to_foreign(span.end))
        end = view.cursorRect(cursor)
        x = (start.left() + end.left()) / 2 if end.top() == start.top() else start.left() + 6
        return QPointF(x, start.top())

    def highlight(self, relation_id: int | None) -> None:
        if relation_id != self.highlighted:
            self.highlighted = relation_id
            self._view.viewport().update()

    def relation_at(self, point: QPointF) -> int | None:
        """The relation whose name box is at a viewport point, else whose arc (within a few pixels) is,
        unless a span is there too (an arc ends on its span: the span's text stays the span's)."""
        for box, _, relation_id in reversed(self._hits):
            if box.contains(point):
                return relation_id
        if self._view.span_at(point) is not None:
            return None
        on_arc = (relation_id for _, stroke, relation_id in reversed(self._hits) if stroke.contains(point))
        return next(on_arc, None)

    def arc_point(self, relation_id: int) -> QPointF | None:
        """The middle of the relation's name box as last painted (None: not on screen)."""
        return next((box.center() for box, _, painted in self._hits if painted == relation_id), None)

    def paint(self, painter: QPainter) -> None:
        state = self._state
        self._hits = []
        shown = [r for r in state.relations.values() if r.head_id in state.spans and r.tail_id in state.spans]
        if not shown:
            return
        view = self._view
        height = view.viewport().height()
        first = view.offset_map.to_code_points(view.cursorForPosition(QPoint(0, 0)).position())
        last = view.offset_map.to_code_points(view.cursorForPosition(QPoint(view.viewport().width(),
                                                                             height)).position())
        ranges = [(r.id, min(state.spans[r.head_id].start, state.spans[r.tail_id].start),
                   max(state.spans[r.head_id].end, state.spans[r.tail_id].end)) for r in shown]
        levels = arc_levels(ranges)
        in_view = {relation_id for relation_id, low, high in ranges if low <= last and high >= first}
        shown = [relation for relation in shown if relation.id in in_view]  # no off-screen layout work
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.75))
        painter.setFont(font)
        for relation in shown:
            head = self._anchor(state.spans[relation.head_id])
            tail = self._anchor(state.spans[relation.tail_id])
            self._paint_arc(painter, relation, head, tail, levels[relation.id])
        painter.restore()

    def _paint_arc(self, painter: QPainter, relation: Relation, head: QPointF, tail: QPointF,
                   level: int) -> None:
        relation_type = self._schema.relation_type(relation.type)
        color = QColor(self._schema.color_of(relation.type)).darker(150)
        selected = (relation.id == self.highlighted
                    or self._state.selected_span_id in (relation.head_id, relation.tail_id))
        rise = RISE + STEP * level
        path = QPainterPath(head)
        top = max(2.0, min(head.y(), tail.y()) - rise)  # the first line's arcs stay inside the view
        path.cubicTo(QPointF(head.x(), top), QPointF(tail.x(), top), tail)
        painter.setPen(QPen(color, 2.4 if selected else 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(color)
        ends = [tail, head] if relation_type is not None and relation_type.symmetric else [tail]
        for end in ends:
            painter.drawPolygon(QPolygonF([end, QPointF(end.x() - ARROW, end.y() - ARROW * 1.6),
                                           QPointF(end.x() + ARROW, end.y() - ARROW * 1.6)]))
        middle = path.pointAtPercent(0.5)
        metrics = QFontMetricsF(painter.font())
        width = metrics.horizontalAdvance(relation.type) + 6
        box = QRectF(middle.x() - width / 2, middle.y() - metrics.height() / 2, width, metrics.height())
        painter.setPen(QPen(color, 1.0))
        painter.setBrush(self._view.palette().base())
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(color)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, relation.type)
        stroker = QPainterPathStroker()
        stroker.setWidth(HIT_WIDTH)
        self._hits.append((box, stroker.createStroke(path), relation.id))
