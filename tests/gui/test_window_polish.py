"""The window as a demanding analyst reads it: role rows that stay put, chips inside the article,
warnings readable on the selection in both themes, document titles that are not cut to a stub."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.annotations_pane import ARGUMENT, KIND_ROLE
from tests.gui.builders import (
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
