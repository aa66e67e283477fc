"""Relations drawn over the article: an arc from the head entity to the tail, arrowed, named at its top.

Arcs rise from the top of a line's tag band into an arc band above it, which the view adds over every
line only when the document has relations, as tall as its highest arc needs; so a name box never covers a
label tag. A relation spanning others is drawn higher than those it spans (its level is one more than the
highest arc it overlaps that is shorter), so crossing and nested relations stay apart and each name sits
on its own arc. A relation whose ends lie on two lines is a connector from under the upper span through
the gap above the lower line (down the left margin when lines lie between), never across text. The arcs
of the selected entity, and the relation chosen in the Relations pane or by a click on its arc, are drawn
bolder; each painted arc is kept for hit tests
(:meth:`RelationPainter.relation_at`, used by :mod:`annotator.gui.relation_clicks`). Painted as one of
the article view's ``overlays``, after the text and the label chips, and repainted whole when a
relation, one of its ends or the selection changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
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

STEP, MAX_LEVEL = 7.0, 5  # how much higher each level's name sits, the highest level
ARROW = 5.0
HIT_WIDTH = 7.0  # how wide an arc is to the pointer
MARGIN_X = 2.0  # where a connector skipping whole lines runs down: the document margin, left of the text
CURVE = 0.75  # a same-line arc's middle reaches this share of the height of its control points


@dataclass(frozen=True)
class PaintedArc:
    """One relation as painted: its line, its name box, and whether it joins two lines."""

    relation_id: int
    path: QPainterPath
    box: QRectF
    across_lines: bool
    stroke: QPainterPath  # the path widened to where the pointer is on it


def name_lift(level: int, box_height: float) -> float:
    """How far above its ends' tag band an arc of ``level`` puts the middle of its name box: the lowest
    box clears the tags, each level one step higher."""
    return box_height / 2 + 2 + STEP * level


def arc_band_height(top_level: int, box_height: float) -> float:
    """The room above the tag band that arcs up to ``top_level`` need, name boxes included."""
    return name_lift(top_level, box_height) + box_height / 2 + 2


def same_line_path(head: QPointF, tail: QPointF, lift: float) -> QPainterPath:
    """An arc over one line from head to tail whose middle is ``lift`` above them."""
    top = min(head.y(), tail.y()) - lift / CURVE
    path = QPainterPath(head)
    path.cubicTo(QPointF(head.x(), top), QPointF(tail.x(), top), tail)
    return path


def connector_path(upper: QPointF, lower: QPointF, run_y: float, skip_y: float | None) -> QPainterPath:
    """A connector from under the upper line to over the lower one, along ``run_y`` in the gap above
    the lower line; when lines lie between them (``skip_y``: the gap under the upper line) it goes down
    the left margin instead of across their text."""
    path = QPainterPath(upper)
    if skip_y is not None:
        for x, y in ((upper.x(), skip_y), (MARGIN_X, skip_y), (MARGIN_X, run_y)):
            path.lineTo(x, y)
    else:
        path.lineTo(upper.x(), run_y)
    path.lineTo(lower.x(), run_y)
    path.lineTo(lower)
    return path


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
        self._arcs: list[PaintedArc] = []  # each painted arc, for hit tests
        self._arc_band = 0.0  # the room over the tag band asked of the view for the arcs
        view.overlays.append(self.paint)
        state.listeners.append(self._on_state)
        state.selection_listeners.append(self._on_selection)

    def _on_state(self, delta: DocumentDelta) -> None:
        ends = {end for r in self._state.relations.values() for end in (r.head_id, r.tail_id)}
        if delta.loaded or delta.relations or delta.spans & ends:  # an end moved: its arcs move too
            self._arc_band = self._band_for(self._levels(), self._font())
            self._view.set_arc_band(self._arc_band)
            self._view.viewport().update()

    def _on_selection(self) -> None:
        if self._state.relations:
            self._view.viewport().update()

    def _shown(self) -> list[Relation]:
        state = self._state
        return [r for r in state.relations.values() if r.head_id in state.spans and r.tail_id in state.spans]

    def _ranges(self, shown: list[Relation]) -> list[tuple[int, int, int]]:
        spans = self._state.spans
        return [(r.id, min(spans[r.head_id].start, spans[r.tail_id].start),
                 max(spans[r.head_id].end, spans[r.tail_id].end)) for r in shown]

    def _levels(self) -> dict[int, int]:
        return arc_levels(self._ranges(self._shown()))

    def _font(self) -> QFont:
        font = QFont(self._view.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.75))
        return font

    @staticmethod
    def _band_for(levels: dict[int, int], font: QFont) -> float:
        if not levels:
            return 0.0
        return arc_band_height(max(levels.values()), QFontMetricsF(font).height())

    def _ends(self, span: Span) -> tuple[QPointF, QPointF]:
        """Where an arc meets the span: over the tag band of its first line, and under that line (its
        start, when it runs on to another line), both at the same x."""
        view = self._view
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offset_map.to_foreign(span.start))
        start = view.cursorRect(cursor)
        cursor.setPosition(view.offset_map.to_foreign(span.end))
        end = view.cursorRect(cursor)
        x = (start.left() + end.left()) / 2 if end.top() == start.top() else start.left() + 6
        return QPointF(x, start.top() - view.tag_band), QPointF(x, start.bottom() + 1)

    def highlight(self, relation_id: int | None) -> None:
        if relation_id != self.highlighted:
            self.highlighted = relation_id
            self._view.viewport().update()

    def painted(self) -> list[PaintedArc]:
        """The arcs as last painted."""
        return list(self._arcs)

    def relation_at(self, point: QPointF) -> int | None:
        """The relation whose name box is at a viewport point, else whose arc (within a few pixels) is,
        unless a span is there too (an arc ends on its span: the span's text stays the span's)."""
        for arc in reversed(self._arcs):
            if arc.box.contains(point):
                return arc.relation_id
        if self._view.span_at(point) is not None:
            return None
        on_arc = (arc.relation_id for arc in reversed(self._arcs) if arc.stroke.contains(point))
        return next(on_arc, None)

    def arc_point(self, relation_id: int) -> QPointF | None:
        """The middle of the relation's name box as last painted (None: not on screen)."""
        return next((arc.box.center() for arc in self._arcs if arc.relation_id == relation_id), None)

    def paint(self, painter: QPainter) -> None:
        self._arcs = []
        shown = self._shown()
        if not shown:
            return
        view = self._view
        height = view.viewport().height()
        first = view.offset_map.to_code_points(view.cursorForPosition(QPoint(0, 0)).position())
        last = view.offset_map.to_code_points(view.cursorForPosition(QPoint(view.viewport().width(),
                                                                             height)).position())
        ranges = self._ranges(shown)
        levels = arc_levels(ranges)
        font = self._font()
        self._arc_band = self._band_for(levels, font)
        view.set_arc_band(self._arc_band)  # after a zoom: the next paint has room
        in_view = {relation_id for relation_id, low, high in ranges if low <= last and high >= first}
        shown = [relation for relation in shown if relation.id in in_view]  # no off-screen layout work
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        for relation in shown:
            self._paint_arc(painter, relation, levels[relation.id])
        painter.restore()

    def _route(self, relation: Relation, level: int, box_height: float) -> tuple[QPainterPath, QPointF, bool]:
        """The arc's path, the middle of its name box, and whether it joins two lines."""
        head_top, head_bottom = self._ends(self._state.spans[relation.head_id])
        tail_top, tail_bottom = self._ends(self._state.spans[relation.tail_id])
        lift = name_lift(level, box_height)
        if head_top.y() == tail_top.y():
            return same_line_path(head_top, tail_top, lift), QPointF(
                (head_top.x() + tail_top.x()) / 2, head_top.y() - lift), False
        head_first = head_top.y() < tail_top.y()
        upper, lower = (head_bottom, tail_top) if head_first else (tail_bottom, head_top)
        run_y = lower.y() - lift
        lines_between = lower.y() - self._arc_band > upper.y() + box_height  # the gap above is not its own
        skip_y = upper.y() + 2 if lines_between else None
        path = connector_path(upper, lower, run_y, skip_y)
        path = path if head_first else path.toReversed()
        return path, QPointF((upper.x() + lower.x()) / 2, run_y), True

    def _paint_arc(self, painter: QPainter, relation: Relation, level: int) -> None:
        relation_type = self._schema.relation_type(relation.type)
        color = QColor(self._schema.color_of(relation.type)).darker(150)
        selected = (relation.id == self.highlighted
                    or self._state.selected_span_id in (relation.head_id, relation.tail_id))
        metrics = QFontMetricsF(painter.font())
        path, middle, across = self._route(relation, level, metrics.height())
        painter.setPen(QPen(color, 2.4 if selected else 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(color)
        ends = [1.0, 0.0] if relation_type is not None and relation_type.symmetric else [1.0]
        for at in ends:
            end = path.pointAtPercent(at)
            from_above = path.pointAtPercent(abs(at - 0.02)).y() <= end.y()
            back = end.y() - (1.0 if from_above else -1.0) * ARROW * 1.6  # the arrow points along the arc
            painter.drawPolygon(QPolygonF([end, QPointF(end.x() - ARROW, back),
                                           QPointF(end.x() + ARROW, back)]))
        width = metrics.horizontalAdvance(relation.type) + 6
        box = QRectF(middle.x() - width / 2, middle.y() - metrics.height() / 2, width, metrics.height())
        painter.setPen(QPen(color, 1.0))
        painter.setBrush(self._view.palette().base())
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(color)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, relation.type)
        stroker = QPainterPathStroker()
        stroker.setWidth(HIT_WIDTH)
        self._arcs.append(PaintedArc(relation.id, path, box, across, stroker.createStroke(path)))
