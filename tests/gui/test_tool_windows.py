"""Escape closes each tool window, as it closes a dialog (they stayed open: only the title bar's button
closed them); the key is pressed in the window's focus widget, as an analyst would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui.adjudication import AdjudicationWindow
from annotator.gui.agreement_view import AgreementView
from annotator.gui.consistency_window import ConsistencyWindow
from annotator.gui.entity_view import EntityView
from annotator.gui.records_window import RecordsWindow
from annotator.gui.search_window import SearchWindow
from tests.gui.builders import preferences_fixture  # noqa: F401
from tests.gui.test_adjudication_window import gold_window

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
BY_MENU = {EntityView: "entities_action", RecordsWindow: "records_action",
           ConsistencyWindow: "consistency_action", AgreementView: "agreement_action"}
BY_KEY = {SearchWindow: Qt.Key.Key_F, AdjudicationWindow: Qt.Key.Key_D}


@pytest.mark.parametrize("kind", [*BY_MENU, *BY_KEY], ids=lambda kind: kind.__name__)
def test_escape_closes_the_tool_window(qtbot, tmp_path: Path, preferences, kind) -> None:
    window, _project, _doc_id = gold_window(qtbot, tmp_path, preferences)
    with qtbot.waitActive(window):
        window.activateWindow()
    if kind in BY_KEY:
        qtbot.keyClick(window, BY_KEY[kind], CTRL_SHIFT)
    else:
        getattr(window, BY_MENU[kind]).trigger()
    tool = window.findChild(kind)
    assert tool is not None and tool.isVisible()
    tool.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tool)
    qtbot.keyClick(tool.focusWidget() or tool, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not tool.isVisible())
    assert window.isVisible()
