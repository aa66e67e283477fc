"""The window as a demanding analyst reads it: role rows that stay put, chips inside the article,
warnings readable on the selection in both themes, document titles that are not cut to a stub."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from annotator.core.model import STATUSES
from annotator.gui.annotations_pane import ARGUMENT, KIND_ROLE, MISSING
from annotator.gui.documents_model import STATUS, TITLE
from annotator.gui.documents_pane import STATUS_MARKS
from annotator.gui.plain_text import mnemonic_safe
from annotator.gui.span_painting import contrast
from annotator.gui.theme import apply_theme, dark_palette, warning_color
from tests.gui.builders import (
    article,
    attack_article,
    make_project,
    open_window,
    preferences_fixture,  # noqa: F401
)


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    path = make_project(tmp_path / "polish.annotator", [attack_article()])
    opened = open_window(qtbot, path, preferences)
    opened.resize(1280, 720)
    qtbot.waitUntil(lambda: opened.suggestions.service is not None and not opened.suggestions.jobs)
    return opened


def click_row(qtbot, tree, text: str):
    match = tree.model().match(tree.model().index(0, 0), Qt.ItemDataRole.DisplayRole, text, 1,
                               Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchStartsWith)
    assert match, f"no row starting with {text!r}"
    tree.scrollTo(match[0])
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(match[0]).center())
    return match[0]


def test_a_role_row_stays_selected_and_delete_takes_only_the_role(qtbot, window) -> None:
    workbench, project = window.workbench, window.session.project
    tree = workbench.annotations.tree
    accra = next(span for span in project.spans(1) if span.text == "Accra")
    edits_before = window.session.undo_stack.count()

    row = click_row(qtbot, tree, "Place:")
    assert tree.currentIndex() == row, "the role's row keeps the selection"
    assert tree.currentIndex().data(KIND_ROLE) == ARGUMENT
    assert workbench.state.selected_span_id == accra.id, "its filler is selected in the article"

    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    attack = project.events(1)[0]
    assert "Place" not in {argument.role for argument in attack.arguments}
    assert accra.id in {span.id for span in project.spans(1)}, "the span itself stays"
    assert window.session.undo_stack.count() == edits_before + 1, "one undoable edit"
    assert window.statusBar().currentMessage().startswith("“Accra” no longer fills Place of Conflict.Attack")

    window.session.undo_stack.undo()
    assert "Place" in {argument.role for argument in project.events(1)[0].arguments}


def colors_in(widget, rect: QRect) -> set[str]:
    widget.repaint()
    image = widget.grab(rect).toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}


def is_red(name: str) -> bool:
    color = QColor(name)
    return color.red() > color.green() + 60 and color.red() > color.blue() + 60


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_missing_role_reads_in_both_themes_selected_or_not(qtbot, window, theme) -> None:
    tree = window.workbench.annotations.tree
    try:
        row = click_row(qtbot, tree, "Victim: missing")
        next(a for a in window.theme_actions.actions() if a.text() == theme.title()).trigger()
        base = QPalette.ColorRole.Base
        qtbot.waitUntil(lambda: tree.palette().color(base) == QApplication.palette().color(base))
        palette = tree.palette()
        red = warning_color(palette)
        assert contrast(red, palette.color(QPalette.ColorRole.Base)) >= 4.5
        assert contrast(red, palette.color(QPalette.ColorRole.Window)) >= 4.5

        assert tree.currentIndex().data(KIND_ROLE) == MISSING
        assert tree.selectionModel().isSelected(row), "the row stays selected while its event is"
        death = window.session.project.events(1)[1]
        assert window.workbench.state.selected_event_id == death.id, "it selects the event it belongs to"
        text_rect = tree.visualRect(row).adjusted(24, 0, 0, 0)  # past the warning icon
        selected_colors = colors_in(tree.viewport(), text_rect)
        assert not any(map(is_red, selected_colors)), "no red on the selection"
        highlight = palette.color(QPalette.ColorRole.Highlight)
        as_any_selected_row = contrast(palette.color(QPalette.ColorRole.HighlightedText), highlight)
        best = max(contrast(QColor(name), highlight) for name in selected_colors)
        assert best >= 0.9 * as_any_selected_row, "its text is the selection's own text colour"

        filler = window.workbench.event_editor.filler_labels["Victim"]
        assert red.name() in filler.styleSheet(), "the event editor's warning follows the theme too"

        click_row(qtbot, tree, "ORG")
        assert red.name() in colors_in(tree.viewport(), tree.visualRect(row))
    finally:
        apply_theme("system")


def test_document_titles_get_the_room_of_the_list_at_1280(qtbot, window) -> None:
    table = window.workbench.documents.table
    header, model = table.horizontalHeader(), table.model()
    title = model.index(0, TITLE)
    width = table.viewport().width()
    assert header.sectionSize(TITLE) >= 0.5 * width, "status and counts leave the title most of the row"
    needed = table.fontMetrics().horizontalAdvance(title.data()) + 12
    assert header.sectionSize(TITLE) >= needed, "a short title shows whole"
    assert "Attack on Accra" in title.data(Qt.ItemDataRole.ToolTipRole), "the full title on hover"
    assert model.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole) == "In progress"
    assert set(STATUS_MARKS) == set(STATUSES), "every status has its icon"
    assert "in progress" in model.headerData(STATUS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(STATUS) + 4, header.height() // 2))
    assert model.sort_column() == STATUS, "the narrow status column still sorts on a click"
    status_cell = table.visualRect(model.index(0, STATUS))
    assert len(colors_in(table.viewport(), status_cell)) > 3, "its icon is drawn"


def test_every_entity_label_shows_whole_in_three_columns_at_1280(qtbot, tmp_path, preferences) -> None:
    """The news schema's fifteen labels take five rows, not eight, leaving the height to the panes below."""
    path = make_project(tmp_path / "news.annotator", [article("Note", "Rebels shelled Accra.")], "news")
    window = open_window(qtbot, path, preferences)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.workbench.palette.grids[0].columns == 3)
    cells = window.workbench.palette.grids[0].visible_cells()
    assert len(cells) == 15
    assert [cell.button.text() for cell in cells] == [mnemonic_safe(cell.item.name) for cell in cells]


def test_the_dark_selection_reads_and_stands_out() -> None:
    palette = dark_palette()
    highlight = palette.color(QPalette.ColorRole.Highlight)
    assert contrast(palette.color(QPalette.ColorRole.HighlightedText), highlight) >= 4.5, "text on it: AA"
    assert contrast(highlight, palette.color(QPalette.ColorRole.Base)) >= 3, "the band and outlines show"
