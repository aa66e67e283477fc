"""The Agreement window with real keys and clicks: opened by its shortcut and from the View menu, the
figures computed in the background, the breakdown switched from the keyboard, the report saved, and the
"no shared document" answer shown in the window instead of an error box."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QTableView

from annotator.gui.agreement_view import AgreementView
from annotator.project import Project
from annotator.project.merging import merge_files
from tests.core.agreement_fixtures import team
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401
from tests.project.test_merging import analyst_copy

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences, monkeypatch):
    monkeypatch.setattr(Project, "analyst_layers", lambda self: team(), raising=False)
    opened = open_window(qtbot, make_project(tmp_path / "gold.annotator", [article("a", "Some text.")]),
                         preferences)
    qtbot.waitUntil(lambda: opened.session.current_doc_id is not None)
    yield opened


def open_by_key(qtbot, window) -> AgreementView:
    qtbot.keyClick(window, Qt.Key.Key_G, CTRL_SHIFT)
    view = window.workbench.findChild(AgreementView)
    assert view is not None
    qtbot.waitUntil(lambda: view.report is not None and view.job is None, timeout=10000)
    return view


def cells(view: AgreementView, title: str) -> list[list[str]]:
    table = next(table for table in view.findChildren(QTableView) if table.objectName().startswith(title))
    model = table.model()
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_shortcut_opens_the_figures_and_the_breakdown_follows_the_keyboard(window, qtbot, tmp_path) -> None:
    view = open_by_key(qtbot, window)
    assert view.isVisible()
    assert view.summary.text().startswith("Agreement of 3 analysts (alice, bob, carol) on 2 shared documents")
    # mean over pairs of 8/13, 1 and 4/5 (tests/core/test_agreement.py)
    assert cells(view, "Overall")[0] == ["Entity spans (exact)", "0.778", "0.857", "0.805", "9", "3", "3"]
    assert ["ORG", "0.833", "0.778", "0.800", "3", "1", "2", "3"] in cells(view, "Entity spans (exact) by")
    assert "DATE" in view.chart.svg and "ORG" in view.confusion.svg
    # alice/bob on ORG: tp 1, fp 1, fn 2, so P 1/2, R 1/3, F1 2·(1/2)(1/3)/(1/2 + 1/3) = 0.4
    org = ["alice/bob", "Spans", "ORG", "0.500", "0.333", "0.400", "1", "1", "2"]
    assert org in cells(view, "Per analyst pair")
    view.by.setFocus()
    qtbot.keyClick(view.by, Qt.Key.Key_Down)  # By role
    assert view.chosen_by == "role"
    assert ["Place", "1.000", "1.000", "1.000", "1", "0", "0", "1"] in cells(view, "Event arguments by role")
    assert "Argument F1 by role" in view.chart.svg
    view.grab().save(str(tmp_path / "agreement.png"))


def test_view_menu_entry_and_save_report(window, qtbot, tmp_path, monkeypatch) -> None:
    view_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&View")
    entry = next(action for action in view_menu.actions() if action.text() == "A&greement…")
    assert entry is window.agreement_action and entry.shortcut().toString() == "Ctrl+Shift+G"
    view_menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(view_menu.isVisible)
    qtbot.keyClick(view_menu, Qt.Key.Key_G)  # the entry's mnemonic, A&greement…
    view = window.workbench.findChild(AgreementView)
    assert view is not None and not view_menu.isVisible()
    qtbot.waitUntil(lambda: view.report is not None and view.job is None, timeout=10000)
    target = tmp_path / "team-agreement"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), "JSON (*.json)"))
    qtbot.mouseClick(view.save, Qt.MouseButton.LeftButton)
    assert not view.save.isEnabled()  # written in the background
    qtbot.waitUntil(lambda: view.saving is None, timeout=10000)
    saved = target.with_suffix(".json")
    assert f"Saved to {saved}" in view.summary.text()
    assert saved.is_file() and '"analysts": ["alice", "bob", "carol"]' in saved.read_text(encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "r.html"), ""))
    qtbot.mouseClick(view.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.saving is None, timeout=10000)
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("<svg") == 2


def test_no_shared_document_is_said_in_the_window(window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(Project, "analyst_layers", lambda self: {"carol": team()["carol"]}, raising=False)
    qtbot.keyClick(window, Qt.Key.Key_G, CTRL_SHIFT)
    view = window.workbench.findChild(AgreementView)
    qtbot.waitUntil(lambda: view.job is None, timeout=10000)
    assert "no document was annotated by two or more analysts" in view.summary.text()
    assert "File > Merge analysts' work…" in view.summary.text()  # the window's words, not the CLI's
    assert view.report is None and not view.save.isEnabled()


def test_a_merged_gold_project_opens_on_its_real_layers(qtbot, tmp_path, preferences) -> None:
    copies = [analyst_copy(tmp_path / "alice.annotator", "alice"),
              analyst_copy(tmp_path / "bob.annotator", "bob", label="ORG")]
    gold = tmp_path / "gold.annotator"
    merge_files(gold, copies)
    window = open_window(qtbot, gold, preferences)
    qtbot.waitUntil(lambda: window.session.current_doc_id is not None)
    view = open_by_key(qtbot, window)
    assert view.summary.text() == ("Agreement of 2 analysts (alice, bob) on 1 shared document; "
                                   "1 annotated by fewer than two left out; 1 analyst pair")
    # Homs: GPE (alice) against ORG (bob); the attack on "shelled" agreed
    assert cells(view, "Overall")[0] == ["Entity spans (exact)", "0.000", "0.000", "0.000", "0", "1", "1"]
    assert cells(view, "Overall")[2] == ["Event triggers", "1.000", "1.000", "1.000", "1", "0", "0"]
