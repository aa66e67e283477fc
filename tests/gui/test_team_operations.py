"""File > Assign work… and File > Merge analysts' work… run in the background and report in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.gui import team_operations
from annotator.project import Project
from tests.gui.builders import open_window, preferences_fixture  # noqa: F401
from tests.project.test_merging import analyst_copy


def test_merge_into_the_open_project_in_the_background(qtbot, tmp_path: Path, preferences) -> None:
    alice = analyst_copy(tmp_path / "alice.annotator", "alice")
    gold = tmp_path / "gold.annotator"
    Project.create(gold, Path(__file__).parents[1] / "data" / "mini_schema.yaml").close()
    window = open_window(qtbot, gold, preferences)
    told: list[str] = []
    job = team_operations.merge_work(window, window.session.project, [alice], told.append)
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert sorted(window.session.project.analyst_layers()) == ["alice"]
    assert told and "2 layer(s) written" in told[0]
    assert window.workbench.documents.model.rowCount() == 2  # the list heard about the new documents


def test_the_assign_dialog_writes_the_shares(qtbot, tmp_path: Path, preferences) -> None:
    source = analyst_copy(tmp_path / "alice.annotator", "alice")
    window = open_window(qtbot, source, preferences)
    told: list[str] = []
    dialog = team_operations.choose_assign(window, window.session.project, told.append)
    qtbot.keyClicks(dialog.analysts, "carol, dave")
    dialog.overlap.selectAll()
    qtbot.keyClicks(dialog.overlap, "1")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.keyClick(dialog.analysts, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    shares = tmp_path / "alice-shares"
    assert sorted(path.name for path in shares.glob("*.annotator")) == ["carol.annotator", "dave.annotator"]
    assert "1 document(s) in everyone's share" in told[0]


def test_a_bad_assign_request_is_said_in_the_dialog_which_keeps_what_was_typed(qtbot, tmp_path: Path,
                                                                               preferences) -> None:
    """The dialog closed on any input and the job's error box followed: everything typed was lost."""
    source = analyst_copy(tmp_path / "alice.annotator", "alice")
    window = open_window(qtbot, source, preferences)
    told: list[str] = []
    dialog = team_operations.choose_assign(window, window.session.project, told.append)
    assert Path(dialog.folder.text()).is_absolute()
    qtbot.keyClicks(dialog.analysts, "<b>x</b>, bob")
    qtbot.keyClick(dialog.analysts, Qt.Key.Key_Return)
    assert dialog.isVisible() and "[E709]" in dialog.problem.text() and "<b>x</b>" in dialog.problem.text()
    assert dialog.problem.textFormat() == Qt.TextFormat.PlainText
    dialog.analysts.selectAll()
    qtbot.keyClicks(dialog.analysts, "carol, dave")
    dialog.overlap.selectAll()
    qtbot.keyClicks(dialog.overlap, "150%")
    qtbot.keyClick(dialog.overlap, Qt.Key.Key_Return)
    assert dialog.isVisible() and "[E707]" in dialog.problem.text()
    assert dialog.analysts.text() == "carol, dave"
    dialog.overlap.selectAll()
    qtbot.keyClicks(dialog.overlap, "1")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.keyClick(dialog.overlap, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert "1 document(s) in everyone's share" in told[0]
