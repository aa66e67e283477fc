"""Where spans sit on screen and how they are drawn: the article view's painting, apart from the widget.

Spans are held in code points in a ``SpanIndex`` (:mod:`annotator.core.span_index`) sorted by start, so
a paint looks at the spans overlapping the visible text only and converts just those to Qt positions
(:class:`Mark`). Geometry comes from the visible blocks' ``QTextLine``s (:class:`LineBox`); nothing is
laid out off screen.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLine

from annotator.core.model import TRIGGER, Span
from annotator.core.span_index import SpanIndex  # noqa: F401 (the article view finds it with the painting)

MAX_DRAWN_DEPTH = 3  # nesting deeper than this stacks on the deepest drawn level
UNDERLINE = 2.0
DEPTH_STEP = 3.0
TAG_PADDING = 3.0
MIN_TEXT_CONTRAST = 4.5  # WCAG AA for body text
OUTLINE_REACH = 4  # pixels an outline (the selection's widest) reaches outside its line box
TAG_GAP = OUTLINE_REACH - 1  # a tag ends where the selection's outline begins, so it never cuts the tag
TAG_SPACING = 2.0  # between two tags on a line, and between a tag and the viewport's edge


@dataclass(frozen=True, slots=True)
class Mark:
    """A span placed in Qt positions (``start``/``end``) for one paint."""

    span: Span
    start: int
    end: int

    @property
    def key(self) -> int:
        return self.span.id

    @property
    def is_trigger(self) -> bool:
        return self.span.kind == TRIGGER


def nesting_depths(marks: list[Mark]) -> dict[int, int]:
    """Depth of each mark: how many marks before it (by start, longest first) are open where it starts.

    Depends only on the marks overlapping each one, so a window of the index gives the same depths as
    the whole document, and scrolling never reshuffles them.
    """
    open_ends: list[int] = []
    depths: dict[int, int] = {}
    for mark in sorted(marks, key=lambda mark: (mark.start, -mark.end, mark.key)):
        while open_ends and open_ends[0] <= mark.start:
            heapq.heappop(open_ends)
        depths[mark.key] = len(open_ends)
        heapq.heappush(open_ends, mark.end)
    return depths


@dataclass(frozen=True, slots=True)
class LineBox:
    """One laid-out line of a visible block, in viewport coordinates."""

    start: int  # Qt position of the line's first character
    end: int
    block_position: int
    line: QTextLine
    origin: QPointF  # where the block's layout coordinates start in the viewport
    rect: QRectF  # the full line (text height), viewport coordinates

    def x_of(self, position: int) -> float:
        x, _ = self.line.cursorToX(position - self.block_position)
        return self.origin.x() + x

    def text_span(self) -> tuple[float, float]:
        natural = self.line.naturalTextRect()
        return self.origin.x() + natural.left(), self.origin.x() + natural.right()

    def position_at(self, x: float) -> int:
        """The character under ``x`` (not the nearest caret position)."""
        return self.block_position + self.line.xToCursor(
            x - self.origin.x(), QTextLine.CursorPosition.CursorOnCharacter
        )


@dataclass(frozen=True, slots=True)
class Piece:
    """The part of a mark on one line."""

    rect: QRectF
    right_to_left: bool


class Geometry:
    """Rectangles of Qt position ranges over the visible lines."""

    def __init__(self, lines: list[LineBox]) -> None:
        self.lines = lines
        self._starts = [line.start for line in lines]

    @property
    def first_position(self) -> int:
        return self.lines[0].start if self.lines else 0

    @property
    def last_position(self) -> int:
        return self.lines[-1].end if self.lines else 0

    def lines_of(self, start: int, end: int) -> Iterator[LineBox]:
        at = max(bisect_right(self._starts, start) - 1, 0)
        for line in self.lines[at:]:
            if line.start >= end and line.start > start:
                break
            if line.end > start or line.start == start:
                yield line

    def pieces(self, start: int, end: int) -> list[Piece]:
        pieces = []
        for line in self.lines_of(start, end):
            left = line.x_of(max(start, line.start))
            right = line.x_of(min(end, line.end))
            if left == right and start != end:
                continue
            rect = QRectF(min(left, right), line.rect.top(), abs(right - left), line.rect.height())
            pieces.append(Piece(rect, right < left))
        return pieces

    def line_at(self, y: float) -> LineBox | None:
        return next((line for line in self.lines if line.rect.top() <= y < line.rect.bottom()), None)


@dataclass(frozen=True)
class Style:
    """Fonts and sizes that follow the view's font (zoom changes them)."""

    tag_font: QFont
    tag_height: float
    band: float  # free space above every line for tags and the gap under them, or 0 when tags are hidden
    _widths: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def for_font(cls, font: QFont, *, show_tags: bool) -> Style:
        tag_font = QFont(font)
        tag_font.setPointSizeF(max(font.pointSizeF() * 0.68, 5.5))
        tag_height = QFontMetricsF(tag_font).height() + 2
        return cls(tag_font, tag_height, tag_height + TAG_GAP if show_tags else 0.0)

    def tag_width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            width = QFontMetricsF(self.tag_font).horizontalAdvance(text) + 2 * TAG_PADDING
            self._widths[text] = width
        return width


def readable_on(color: QColor) -> QColor:
    """Black or white text, whichever reads better on ``color``."""
    luminance = 0.299 * color.redF() + 0.587 * color.greenF() + 0.114 * color.blueF()
    return QColor("#111111") if luminance > 0.55 else QColor("#ffffff")


def tint(color: QColor, strength: float) -> QColor:
    """``color`` mixed with white: light enough to read black text on."""
    return mix(color, QColor("white"), strength)


def mix(color: QColor, base: QColor, amount: float) -> QColor:
    """``amount`` of ``color`` laid over ``base``."""
    return QColor.fromRgbF(*(
        base_part + (part - base_part) * amount
        for part, base_part in zip(color.getRgbF()[:3], base.getRgbF()[:3], strict=True)
    ))


def luminance(color: QColor) -> float:
    """Relative luminance as WCAG defines it (sRGB channels linearised)."""
    def linear(part: float) -> float:
        return part / 12.92 if part <= 0.03928 else ((part + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(part) for part in color.getRgbF()[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_fill(color: QColor, base: QColor, text: QColor, strongest: float) -> QColor:
    """The most of ``color`` (up to ``strongest``) over ``base`` that ``text`` still reads on at AA
    contrast: pale label colours stay as they are under dark text, and fade into a dark base under light
    text instead of glaring behind it."""
    amount = strongest
    while amount > 0.05 and contrast(mix(color, base, amount), text) < MIN_TEXT_CONTRAST:
        amount -= 0.05
    return mix(color, base, max(amount, 0.0))


@dataclass(frozen=True, slots=True)
class Shades:
    """How one label is drawn in the current theme."""

    fill: QColor  # an entity's box
    trigger_fill: QColor
    suggestion_fill: QColor
    line: QColor  # underline and nested-box edge: darker than the fill in light themes, brighter in dark

    @classmethod
    def of(cls, color: QColor, base: QColor, text: QColor) -> Shades:
        dark = base.lightness() < 128
        return cls(
            fill=readable_fill(color, base, text, 1.0),
            trigger_fill=readable_fill(color, base, text, 0.35),
            suggestion_fill=readable_fill(color, base, text, 0.3),
            line=color if dark else color.darker(150),
        )


def inset(rect: QRectF, depth: int) -> QRectF:
    """A nested span's box sits inside its parent's, above the parent's underline."""
    level = min(depth, MAX_DRAWN_DEPTH)
    return rect.adjusted(0, 1 + 2 * level, 0, -1 - DEPTH_STEP * level)


def paint_fill(painter: QPainter, piece: Piece, fill: QColor, depth: int, edge: QColor | None = None) -> None:
    """The span's box; a nested one is inset and, given an ``edge``, outlined so it stands out even in
    its parent's colour."""
    box = inset(piece.rect, depth)
    painter.fillRect(box, fill)
    if depth and edge is not None:
        painter.setPen(QPen(edge, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))


def paint_underline(painter: QPainter, piece: Piece, color: QColor, depth: int) -> None:
    rect = inset(piece.rect, depth)
    painter.fillRect(QRectF(rect.left(), rect.bottom() - UNDERLINE, rect.width(), UNDERLINE), color)


def paint_outline(painter: QPainter, piece: Piece, color: QColor, *, width: float,
                  style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> None:
    pen = QPen(color, width, style)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = width / 2
    painter.drawRect(piece.rect.adjusted(-half, -half, half, half))  # around the line box, off the glyphs


@dataclass(slots=True)
class Chip:
    """One label tag: where it would like to start (over its span), where it is drawn, and what it says."""

    anchor: float
    rect: QRectF
    text: str
    color: QColor
    key: int | None  # the span a click on it selects; None for a suggestion's tag


class TagRow:
    """Label tags along each line's band, left to right, never on top of each other and never past the
    viewport's edges: when the tags of a crowded line would run off the right, the last ones move left
    (off their spans, still in order), and if the line cannot hold them all they are shortened with "…"."""

    def __init__(self, style: Style, viewport_width: float) -> None:
        self._style = style
        self._left, self._right = TAG_SPACING, viewport_width - TAG_SPACING
        self._lines: dict[float, list[Chip]] = {}

    def add(self, piece: Piece, text: str, color: QColor, key: int | None) -> None:
        """A tag for the piece: in the band above its line, or astride its top edge when tags are hidden
        (and only role names are drawn)."""
        style = self._style
        width = style.tag_width(text)
        line_top = piece.rect.top()
        top = line_top - style.band + 1 if style.band else line_top - style.tag_height / 2
        anchor = piece.rect.right() - width if piece.right_to_left else piece.rect.left()
        chip = Chip(anchor, QRectF(anchor, top, width, style.tag_height - 2), text, color, key)
        self._lines.setdefault(line_top, []).append(chip)

    def chips(self) -> list[Chip]:
        """Every tag added, placed."""
        placed = []
        for chips in self._lines.values():
            chips.sort(key=lambda chip: chip.anchor)  # left to right as drawn, right-to-left lines too
            self._shorten(chips)
            self._pack(chips)
            placed += chips
        return placed

    def _pack(self, chips: list[Chip]) -> None:
        """Each tag at its anchor or just after the tag before it; then, from the right edge back, as far
        left as the line needs."""
        edge = float("-inf")
        for chip in chips:
            chip.rect.moveLeft(max(chip.anchor, edge + TAG_SPACING, self._left))
            edge = chip.rect.right()
        edge = self._right + TAG_SPACING
        for chip in reversed(chips):
            chip.rect.moveLeft(min(chip.rect.left(), edge - TAG_SPACING - chip.rect.width()))
            edge = chip.rect.left()

    def _shorten(self, chips: list[Chip]) -> None:
        """Cap the widths so the line holds every tag, eliding the longest ones first."""
        room = self._right - self._left - TAG_SPACING * (len(chips) - 1)
        widths = sorted(chip.rect.width() for chip in chips)
        if sum(widths) <= room:
            return
        cap, spent = 0.0, 0.0
        for number, width in enumerate(widths):  # the widest cap under which the rest fit
            remaining = len(widths) - number
            if spent + width * remaining > room:
                cap = (room - spent) / remaining
                break
            spent += width
        cap = max(cap, self._style.tag_width("W…"))
        metrics = QFontMetricsF(self._style.tag_font)
        for chip in chips:
            if chip.rect.width() > cap:
                chip.text = metrics.elidedText(chip.text, Qt.TextElideMode.ElideRight, cap - 2 * TAG_PADDING)
                chip.rect.setWidth(self._style.tag_width(chip.text))

    def paint(self, painter: QPainter, chip: Chip) -> None:
        """The tag one pixel short of its rectangle (its click area), so a clear line stays between the tag
        and the selection's outline below it."""
        shape = chip.rect.adjusted(0, 0, 0, -1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(chip.color)
        painter.drawRoundedRect(shape, 3, 3)
        painter.setPen(readable_on(chip.color))
        painter.setFont(self._style.tag_font)
        painter.drawText(shape, Qt.AlignmentFlag.AlignCenter, chip.text)
