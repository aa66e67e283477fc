"""The pointer on a relation's arc in the article: hovering shows the relation (its type, ends,
attributes and notes), a click makes it the current row of the Relations pane (so Delete removes it,
and its arc is drawn bold), a right click opens the relation's menu (delete, note, attributes).

An event filter on the article's viewport, installed after the view's own, so it sees these events
first and takes only those over an arc (:meth:`RelationPainter.relation_at`); everything else goes on to
the article as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QToolTip

from annotator.core.model import ON_RELATION
from annotator.core.schema import Schema
from annotator.gui.annotation_details import detail_lines
from annotator.gui.article_view import ArticleView
from annotator.gui.document_state import DocumentState
from annotator.gui.relation_painting import RelationPainter
from annotator.gui.relations_pane import RelationsPane
from annotator.gui.span_tooltips import describe_relation


class RelationClicks(QObject):
    def __init__(self, view: ArticleView, painter: RelationPainter, pane: RelationsPane, state: DocumentState,
                 schema: Schema) -> None:
        super().__init__(view)
        self._view, self._painter, self._pane = view, painter, pane
        self._state, self._schema = state, schema
        pane.list.currentItemChanged.connect(lambda *_: painter.highlight(pane.current_relation_id()))
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self._tooltip(event)
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            relation_id = self._painter.relation_at(event.position())
            if relation_id is not None:
                self._pane.select_relation(relation_id)
                return True
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            relation_id = self._painter.relation_at(QPointF(event.pos()))
            if relation_id is not None:
                self._pane.menu_for(relation_id).popup(event.globalPos())
                return True
        return False

    def _tooltip(self, event: QHelpEvent) -> bool:
        relation_id = self._painter.relation_at(QPointF(event.pos()))
        relation = self._state.relations.get(relation_id) if relation_id is not None else None
        if relation is None:
            return False
        spans = self._state.spans
        relation_type = self._schema.relation_type(relation.type)
        text = describe_relation(relation, spans[relation.head_id].text, spans[relation.tail_id].text,
                                 symmetric=bool(relation_type and relation_type.symmetric),
                                 details=detail_lines(self._state, self._schema, ON_RELATION, relation.id))
        QToolTip.showText(event.globalPos(), text, self._view.viewport())
        return True
