"""Selecting a word in the article view the way a drag does, for the editing benchmarks."""

from __future__ import annotations

from annotator.gui.article_view import ArticleView


def select_word(view: ArticleView, text: str, start: int) -> None:
    """Select the letters of ``text`` from ``start`` (code points) as the view's selection."""
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    cursor = view.textCursor()
    cursor.setPosition(view.offset_map.to_foreign(start))
    cursor.setPosition(view.offset_map.to_foreign(end), cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
