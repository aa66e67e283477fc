"""The Search and Consistency windows with real keys and clicks: Ctrl+Shift+F opens the search, Enter
searches (in the background), Enter on a row opens the document with the match selected, a bad query is
explained with its code, a bulk label is one undo step, and a consistency place opens where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import ENTITY, Span
from annotator.gui.consistency_window import ConsistencyWindow
from annotator.gui.plain_text import literal_tooltip
from annotator.gui.search_model import MATCH
from annotator.gui.search_window import SearchWindow
from tests.gui.builders import article, attack_article, make_project, open_window, preferences_fixture  # noqa: F401

FIRST = "Fighters took Abu Kamal. <b>Abu Kamál</b> fell."
SECOND = "Rain fell.\nLater abu kamal was calm; Raqqa too."


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    items = [article("first", FIRST, (Span(14, 23, "GPE", ENTITY),)),
             article("second", SECOND, (Span(37, 42, "ORG", ENTITY),)), attack_article(),
             article("third", "Raqqa is quiet.", (Span(0, 5, "GPE", ENTITY),))]
    opened = open_window(qtbot, make_project(tmp_path / "search.annotator", items), preferences)
    qtbot.waitUntil(lambda: opened.session.current_doc_id is not None)
    yield opened


def search_window(window, qtbot) -> SearchWindow:
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    found = window.workbench.findChild(SearchWindow)
    qtbot.waitUntil(lambda: found is not None and found.isVisible() and found.query.hasFocus())
    return found


def search(found: SearchWindow, qtbot, query: str) -> None:
    found.query.clear()
    qtbot.keyClicks(found.query, query)
    with qtbot.waitSignal(found.finished, timeout=5000):
        qtbot.keyClick(found.query, Qt.Key.Key_Return)


def cells(found: SearchWindow) -> list[list[str]]:
    model = found.model
    return [[model.data(model.index(row, column)) for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_ctrl_shift_f_searches_and_enter_opens_the_match(window, qtbot) -> None:
    found = search_window(window, qtbot)
    search(found, qtbot, '"abu kamal"')
    rows = cells(found)
    assert [row[MATCH] for row in rows] == ["Abu Kamal", "Abu Kamál", "abu kamal"]
    assert rows[0][0] == "first" and rows[0][1] == "Fighters took" and rows[0][4] == "GPE 'Abu Kamal'"
    assert rows[1][1] == "Fighters took Abu Kamal. <b>"  # plain text, as written
    assert rows[2][1] == "Rain fell. Later"  # a line break shown as a space
    assert "3 hit(s)" in found.status.text()
    found.table.setFocus()
    qtbot.keyClick(found.table, Qt.Key.Key_Down)
    qtbot.keyClick(found.table, Qt.Key.Key_Down)
    qtbot.keyClick(found.table, Qt.Key.Key_Return)
    assert window.session.current_doc_id == 2
    assert window.workbench.view.selected_range() == (17, 26)


def test_a_span_search_selects_the_span_and_columns_sort(window, qtbot) -> None:
    found = search_window(window, qtbot)
    search(found, qtbot, "label:GPE")
    assert [row[MATCH] for row in cells(found)] == ["Abu Kamal", "Accra", "Raqqa"]
    header = found.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_center(header, MATCH))
    first = [row[MATCH] for row in cells(found)]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_center(header, MATCH))
    assert [row[MATCH] for row in cells(found)] == list(reversed(first))
    row = next(i for i, cell in enumerate(cells(found)) if cell[MATCH] == "Raqqa")
    rect = found.table.visualRect(found.model.index(row, MATCH))
    qtbot.mouseClick(found.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(found.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.current_doc_id == 4
    assert window.workbench.state.selected_span_id == found.model.hit(row).span_id


def _section_center(header, section: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_a_bad_query_is_explained_with_its_code(window, qtbot) -> None:
    found = search_window(window, qtbot)
    search(found, qtbot, "colour:red")
    assert "E670" in found.status.text() and found.model.rowCount() == 0
    search(found, qtbot, '"abu')
    assert "E672" in found.status.text()
    search(found, qtbot, "entity:nobody")
    assert "E675" in found.status.text()


def test_labelling_every_match_is_one_undo_step(window, qtbot) -> None:
    found = search_window(window, qtbot)
    search(found, qtbot, "abu kamal")
    assert len(cells(found)) == 3
    found.label_choice.setCurrentText("GPE")
    with qtbot.waitSignal(window.session.changed, timeout=5000):
        qtbot.mouseClick(found.label_button, Qt.MouseButton.LeftButton)
    project = window.session.project
    assert "Label 2 match(es) GPE" in found.status.text()
    # the hits are read again: the Annotations column shows the new spans (it stayed empty)
    qtbot.waitUntil(lambda: [row[4] for row in cells(found)] == ["GPE 'Abu Kamal'", "GPE 'Abu Kamál'",
                                                                 "GPE 'abu kamal'"])
    assert found.status.text().startswith("Label 2 match(es) GPE (one undo step). 3 hit(s)")
    assert [(s.start, s.label) for s in project.spans(1)] == [(14, "GPE"), (28, "GPE")]
    assert [(s.start, s.label) for s in project.spans(2)] == [(17, "GPE"), (37, "ORG")]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.workbench.view.setFocus()
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.start for s in project.spans(1)] == [14] and [s.start for s in project.spans(2)] == [37]


def test_consistency_report_lists_places_and_opens_one(window, qtbot) -> None:
    window.consistency_action.trigger()  # View > Consistency report…
    report = window.workbench.findChild(ConsistencyWindow)
    qtbot.waitUntil(lambda: report.job is None and report.tree.topLevelItemCount() > 0, timeout=5000)
    tops = [report.tree.topLevelItem(i).text(0) for i in range(report.tree.topLevelItemCount())]
    assert any("'Raqqa' is GPE 1 time(s) but ORG 1 time(s)" in top for top in tops), tops
    assert any("Life.Die event(s) have no Victim" in top for top in tops)
    victim = next(i for i, top in enumerate(tops) if "Victim" in top)
    place = report.tree.topLevelItem(victim).child(0)
    for item in (report.tree.topLevelItem(victim), place):  # clipped rows are said whole, as plain text
        assert item.toolTip(0) == literal_tooltip(item.text(0))
    report.tree.setCurrentItem(place)
    report.tree.setFocus()
    qtbot.keyClick(report.tree, Qt.Key.Key_Return)
    assert window.session.current_doc_id == 3
    assert window.workbench.state.selected_span_id is not None


def test_linking_every_match_to_a_typed_entity_is_one_undo_step(window, qtbot) -> None:
    from annotator.core.entity_edits import CreateEntity
    from annotator.core.model import Entity

    project = window.session.project
    project.apply(CreateEntity(Entity("Raqqa", "GPE", (), "wikidata:Q1")))
    found = search_window(window, qtbot)
    search(found, qtbot, "label:GPE raqqa")
    assert [row[MATCH] for row in cells(found)] == ["Raqqa"]
    qtbot.keyClicks(found.entity_choice, "wikidata:Q1")
    with qtbot.waitSignal(window.session.changed, timeout=5000):
        qtbot.mouseClick(found.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: found.model.rowCount() == 1)  # the hits are read again after the action
    assert [link.span_id for link in project.mentions(1)] == [found.model.hit(0).span_id]
    assert "Link 1 match(es) to Raqqa" in found.status.text()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.workbench.view.setFocus()
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.mentions(1) == []


def test_cancel_stops_a_search_and_a_new_one_replaces_it(window, qtbot) -> None:
    found = search_window(window, qtbot)
    qtbot.keyClicks(found.query, "label:GPE")
    qtbot.keyClick(found.query, Qt.Key.Key_Return)
    qtbot.mouseClick(found.cancel_button, Qt.MouseButton.LeftButton)
    assert found.status.text().startswith("Cancelled") or found.model.rowCount() == 3
    search(found, qtbot, "raqqa")
    assert [row[MATCH] for row in cells(found)] == ["Raqqa", "Raqqa"]


def test_tab_goes_from_the_search_box_to_the_hits(window, qtbot) -> None:
    """Enter in the box searches again, so the hits must be one Tab away (it went to the Search button)."""
    found = search_window(window, qtbot)
    search(found, qtbot, "Raqqa")
    assert "Tab to the list" in found.status.text()
    qtbot.keyClick(found.query, Qt.Key.Key_Tab)
    qtbot.waitUntil(found.table.hasFocus)
    qtbot.keyClick(found.table, Qt.Key.Key_Return)
    hit = found.model.hit(found.table.currentIndex().row())
    assert window.session.current_doc_id == hit.doc_id


def test_schema_names_ignore_case_and_an_unknown_one_is_explained(window, qtbot) -> None:
    found = search_window(window, qtbot)
    search(found, qtbot, "label:gpe")
    assert {row[4].split(" ")[0] for row in cells(found)} == {"GPE"} and found.model.rowCount() >= 2
    search(found, qtbot, "label:GPR")
    assert "[E751]" in found.status.text() and "label:GPR" in found.status.text()
