"""Label tags of a crowded line stay inside the article's viewport, apart, and off the text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextCursor

LATIN = ("Talks", ["Al", "Bo", "Cy", "Di", "Ed", "Fy", "Gu", "Hy", "Io", "Jo", "Ka", "Lu"], "ended.")
HEBREW = ("שיחות", ["אב", "גד", "הו", "זח", "טי", "כל", "מנ", "סע", "פצ", "קר", "שת", "תא"], "נגמרו.")


def word_rect(view, start: int, end: int) -> QRectF:
    """Where a word's glyphs are, in viewport coordinates (either direction)."""
    cursor = QTextCursor(view.document())
    edges = []
    for offset in (start, end):
        cursor.setPosition(view.offset_map.to_foreign(offset))
        edges.append(view.cursorRect(cursor))
    left, right = sorted(edge.x() for edge in edges)
    return QRectF(left + 1, edges[0].top() + 2, right - left - 2, edges[0].height() - 4)


@pytest.mark.parametrize("words", [LATIN, HEBREW], ids=["left-to-right", "right-to-left"])
def test_tags_crowding_a_line_stay_inside_the_viewport_and_off_the_text(harness, words) -> None:
    first, tagged, last = words
    h = harness(" ".join([first, *tagged, last]))
    h.window.resize(300, 400)
    h.qtbot.waitUntil(lambda: h.view.viewport().width() < 300)
    offsets = []
    for word in tagged:
        start = h.text.index(word)
        h.drag(start + len(word), start)  # from the right: a press by the last tag's edge would move it
        h.key("p")
        offsets.append((start, start + len(word)))
    assert len(h.spans()) == len(tagged)
    h.view.viewport().repaint()

    chips = [rect for rect, _ in h.view._tag_hits]
    assert len(chips) == len(tagged), "every span keeps its tag (and its click area)"
    width = h.view.viewport().width()
    for chip in chips:
        assert chip.left() >= 0 and chip.right() <= width, f"{chip} runs off the viewport ({width} px)"
    for number, chip in enumerate(chips):
        assert not any(chip.intersects(other) for other in chips[number + 1:]), "tags never overlap"
    words = [word_rect(h.view, start, end) for start, end in offsets]
    assert not any(chip.intersects(word) for chip in chips for word in words), "tags never cover text"
