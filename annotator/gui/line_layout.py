"""The article view's visible lines: laid out with a tag band, and measured for painting and hit tests.

Each visible block is laid out again with a band of free space above every line, where label tags go
(and, over them, relation arcs when the document has any), and with its paragraph direction set from its
own text, so Arabic and Hebrew paragraphs run and align
right to left. Qt's plain-text layout ignores block formats (line height, margins), hence the re-layout.
Only the visible blocks are touched, so a long article costs no more than a short one.
"""

from __future__ import annotations

from collections.abc import Callable
from math import ceil

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Span
from annotator.core.span_index import SpanIndex
from annotator.gui.span_painting import Geometry, LineBox


def settle_layouts(view: QPlainTextEdit, band: float) -> None:
    """Give every visible block its tag band and its own paragraph direction (see module doc)."""
    height = view.viewport().height()
    block = view.firstVisibleBlock()
    top: float | None = None
    while block.isValid():
        if block.isVisible():
            _relayout(view, block, band)
        if top is None:
            top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
        top += view.blockBoundingRect(block).height()
        if top > height:
            break
        block = block.next()


def visible_lines(view: QPlainTextEdit, band: float, clip: QRect | None = None) -> Geometry:
    """The visible lines (those meeting ``clip`` with their tag band, if given)."""
    offset = view.contentOffset()
    limit = view.viewport().height() if clip is None else clip.bottom() + 1 + band
    low = 0.0 if clip is None else clip.top() - band
    block = view.firstVisibleBlock()
    top = view.blockBoundingGeometry(block).translated(offset).top()
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
        top += view.blockBoundingRect(block).height()
        block = block.next()
    return Geometry(lines)


def innermost_at(geometry: Geometry, to_code_points: Callable[[int], int], index: SpanIndex,
                 point: QPointF) -> Span | None:
    """The innermost span of ``index`` under a viewport point (on a line's text, not past its end)."""
    line = geometry.line_at(point.y())
    if line is None:
        return None
    left, right = line.text_span()
    if not left <= point.x() < right:
        return None
    position = to_code_points(line.position_at(point.x()))
    covering = index.overlapping(position, position + 1)
    return min(covering, key=lambda span: (span.end - span.start, -span.start), default=None)


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
