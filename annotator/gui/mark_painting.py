"""The article view's passes over the visible spans: fills under the text, outlines and tags over it.

The widget gathers what is visible (marks, their pieces, nesting depths) and what is selected; these
functions only draw, so the view keeps to its content, its geometry and its input.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from annotator.core.model import Event
from annotator.gui.span_painting import (
    Mark,
    Piece,
    Shades,
    Style,
    TagRow,
    paint_fill,
    paint_outline,
    paint_underline,
    tint,
)

ColorOf = Callable[[str], QColor]
Pieces = dict[int, list[Piece]]  # id(mark) -> its pieces on the visible lines


def paint_fills(painter: QPainter, marks: list[Mark], suggestions: list[Mark], pieces: Pieces,
                depths: dict[int, int], shades_of: Callable[[str], Shades]) -> None:
    """What goes under the text: suggestion, trigger and span fills, span underlines."""
    for mark in suggestions:
        for piece in pieces[id(mark)]:
            paint_fill(painter, piece, shades_of(mark.span.label).suggestion_fill, 0)
    for mark in marks:
        shades = shades_of(mark.span.label)
        depth = depths[mark.key]
        for piece in pieces[id(mark)]:
            if mark.is_trigger:
                paint_fill(painter, piece, shades.trigger_fill, depth)
            else:
                paint_fill(painter, piece, shades.fill, depth, shades.line)
                paint_underline(painter, piece, shades.line, depth)


def paint_outlines(painter: QPainter, marks: list[Mark], suggestions: list[Mark], pieces: Pieces,
                   color_of: ColorOf, event: Event | None, selected_span: int | None,
                   selected: QColor) -> None:
    """What goes over the text: trigger boxes, suggestions, the selection and the selected event."""
    for mark in marks:
        if mark.is_trigger:
            for piece in pieces[id(mark)]:
                paint_outline(painter, piece, color_of(mark.span.label), width=2.0)
    for mark in suggestions:
        for piece in pieces[id(mark)]:
            paint_outline(painter, piece, color_of(mark.span.label).darker(130), width=1.5,
                          style=Qt.PenStyle.DashLine)
    if event is not None:
        event_color = color_of(event.type)
        arguments = {argument.span_id for argument in event.arguments}
        for mark in marks:
            if mark.key in arguments:
                for piece in pieces[id(mark)]:
                    paint_outline(painter, piece, event_color, width=2.0, style=Qt.PenStyle.DotLine)
    for mark in marks:
        if mark.key == selected_span:
            for piece in pieces[id(mark)]:
                grown = Piece(piece.rect.adjusted(-2, -2, 2, 2), piece.right_to_left)
                paint_outline(painter, grown, selected, width=2.0)


def paint_tags(painter: QPainter, style: Style, viewport_width: float, marks: list[Mark],
               suggestions: list[Mark], pieces: Pieces, first_visible: int, color_of: ColorOf,
               event: Event | None, *, show_tags: bool) -> list[tuple[QRectF, int]]:
    """Label tags in the band above each span's first line; role names for the selected event.

    Returns where each span's tag was drawn, so a click on a tag finds its span."""
    roles = _event_roles(event, color_of)
    row = TagRow(style, viewport_width)
    drawn = [(mark, False) for mark in marks] + [(mark, True) for mark in suggestions]
    for mark, suggested in sorted(drawn, key=lambda item: item[0].start):
        own_pieces = pieces[id(mark)]
        if not own_pieces or mark.start < first_visible:
            continue
        role = None if suggested else roles.get(mark.key)
        if role is None and not show_tags:
            continue
        if role is not None:
            color, text = role
        elif suggested:
            color, text = tint(color_of(mark.span.label), 0.45), f"{mark.span.label}?"
        else:
            color, text = color_of(mark.span.label), mark.span.label
        row.add(own_pieces[0], text, color, None if suggested else mark.key)
    chips = row.chips()
    for chip in chips:
        row.paint(painter, chip)
    return [(chip.rect, chip.key) for chip in chips if chip.key is not None]


def _event_roles(event: Event | None, color_of: ColorOf) -> dict[int, tuple[QColor, str]]:
    """Tag colour and text for each argument span of the selected event."""
    if event is None:
        return {}
    names: dict[int, list[str]] = {}
    for argument in event.arguments:
        names.setdefault(argument.span_id, []).append(argument.role)
    color = color_of(event.type)
    return {span_id: (color, " / ".join(roles)) for span_id, roles in names.items()}
