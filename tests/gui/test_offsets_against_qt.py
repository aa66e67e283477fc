"""OffsetMap agrees with what Qt's text document actually holds, character by character."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument

from annotator.core.offsets import OffsetMap, display_text
from tests.conftest import TORTURE_TEXT
from tests.core.test_offsets import TORTURE_CORPUS

PARAGRAPH_BREAKS = {"\n", "\r", "\u2029"}


def qt_character(document: QTextDocument, position: int) -> str:
    return document.characterAt(position)


@pytest.mark.parametrize("text", [*TORTURE_CORPUS.values(), TORTURE_TEXT])
def test_qt_document_positions_match_the_offset_map(qapp, text: str) -> None:
    document = QTextDocument()
    document.setPlainText(display_text(text))
    offsets = OffsetMap(text)
    assert document.characterCount() - 1 == offsets.foreign_length
    for position, char in enumerate(text):
        if char == "\r" and text[position + 1 : position + 2] == "\n":
            continue
        shown = qt_character(document, offsets.to_foreign(position))
        if char in PARAGRAPH_BREAKS:
            assert shown == "\u2029"
        elif ord(char) > 0xFFFF:
            assert shown == char.encode("utf-16-le")[:2].decode("utf-16-le", "surrogatepass")
        else:
            assert shown == char


@pytest.mark.parametrize("text", [*TORTURE_CORPUS.values(), TORTURE_TEXT])
def test_qt_cursor_selection_maps_back_to_exact_code_points(qapp, text: str) -> None:
    from PySide6.QtGui import QTextCursor

    document = QTextDocument()
    document.setPlainText(display_text(text))
    offsets = OffsetMap(text)
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    boundaries = [cursor.position()]
    while cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter):
        boundaries.append(cursor.position())
    for qt_position in boundaries:
        assert offsets.is_exact_foreign(qt_position)
        assert offsets.to_foreign(offsets.to_code_points(qt_position)) == qt_position
