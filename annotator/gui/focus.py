"""A focus frame that shows, in any theme, which pane the keyboard is in.

Fusion marks a focused article or list with nothing more than a one-pixel frame, which reads as no mark
at all in a dark palette. :func:`frame_focus` gives a scroll area a two-pixel band around its viewport,
drawn in the palette's highlight colour while the widget has focus and as a thin quiet frame otherwise;
the band is the widget's own frame, so moving the focus never shifts the content.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QFrame

FOCUS_WIDTH = 2


class FocusFrame(QObject):
    """Paints the band after the widget's own painting, and repaints it when focus comes or goes."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            watched.update()
        elif kind == QEvent.Type.Paint:
            watched.event(event)
            self._paint(watched)
            return True
        return False

    @staticmethod
    def _paint(widget: QAbstractScrollArea) -> None:
        palette = widget.palette()
        painter = QPainter(widget)
        half = FOCUS_WIDTH / 2
        band = QRectF(widget.rect()).adjusted(half, half, -half, -half)
        if widget.hasFocus():
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), FOCUS_WIDTH))
            painter.drawRect(band)
        else:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), FOCUS_WIDTH))
            painter.drawRect(band)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            painter.drawRect(QRectF(widget.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()


def frame_focus(widget: QAbstractScrollArea) -> None:
    """Give ``widget`` the focus band in place of its style's frame."""
    widget.setFrameStyle(QFrame.Shape.Box | QFrame.Shadow.Plain)
    widget.setLineWidth(FOCUS_WIDTH)  # the band is the frame, so the viewport never moves
    widget.installEventFilter(FocusFrame(widget))
