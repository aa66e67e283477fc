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
