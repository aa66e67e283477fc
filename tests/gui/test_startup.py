"""Starting the app: the sample project on first start, the name dialog, bad paths, no display, crashes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMessageBox

from annotator import app
from annotator.app import launch, run_gui
from annotator.gui.sample_project import SAMPLE_NAME, ensure_sample_project, sample_articles
from annotator.gui.settings import Preferences
from annotator.logs import LOG_FILE_NAME
from annotator.project import Project
from tests.gui.builders import make_project, preferences_fixture  # noqa: F401


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(folder))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # launch() installs its own; put it back
    return folder


@pytest.fixture
def dialogs(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",  # the crash handler's
                        staticmethod(lambda _parent, _title, text: shown.append(text)))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))  # show_error's
    return shown


def test_the_sample_project_holds_every_sample_article(tmp_path: Path) -> None:
    articles = sample_articles()
    assert articles, "resources/samples has .txt articles"
    path = ensure_sample_project(tmp_path)
    assert path == tmp_path / SAMPLE_NAME
    with Project.open(path) as project:
        assert project.schema.name == "news"
        assert project.store.documents.count() == len(articles)
        texts = {project.document(i).text for i in project.store.documents.ids()}
    assert texts == {a.read_bytes().decode("utf-8-sig") for a in articles}
    built = path.stat().st_mtime_ns
    assert ensure_sample_project(tmp_path) == path
    assert path.stat().st_mtime_ns == built, "built once, then reused"
    assert not list(tmp_path.glob("sample-being-built*"))


def test_first_start_opens_the_sample_project_in_the_data_folder(qtbot, data_folder, preferences) -> None:
    window = launch(None, preferences)
    qtbot.addWidget(window)
    assert window.session.project.path == data_folder / SAMPLE_NAME
    assert window.windowTitle() == "sample — annotator"
    assert window.position_label.text() == f"1 / {len(sample_articles())}"
    assert window.workbench.view.toPlainText().strip(), "a real article is on screen"


def test_the_annotator_name_is_asked_once(qtbot, data_folder, tmp_path, monkeypatch) -> None:
    blank = Preferences(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    asked = []

    def answer(_parent, _title, _label, echo, default):
        asked.append(default)
        assert echo == QLineEdit.EchoMode.Normal
        return "Ama Mensah", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    window = launch(None, blank)
    qtbot.addWidget(window)
    assert blank.annotator == "Ama Mensah"
    assert window.session.project.annotator == "Ama Mensah"
    window.close()
    qtbot.addWidget(launch(None, blank))
    assert len(asked) == 1


def test_a_project_that_cannot_be_opened_falls_back_to_the_sample(
        qtbot, data_folder, tmp_path, preferences, dialogs) -> None:
    stray = tmp_path / "notes.annotator"
    stray.write_text("not a project")
    window = launch(str(stray), preferences)
    qtbot.addWidget(window)
    assert len(dialogs) == 1 and "not an annotator project" in dialogs[0]
    assert window.session.project.path.name == SAMPLE_NAME


def test_the_most_recent_project_is_reopened(qtbot, data_folder, tmp_path, preferences) -> None:
    recent = make_project(tmp_path / "mine.annotator", [])
    preferences.add_recent_project(recent)
    window = launch(None, preferences)
    qtbot.addWidget(window)
    assert window.session.project.path == recent
    assert not (data_folder / SAMPLE_NAME).exists()


def test_without_a_display_run_gui_says_so_and_returns_2(monkeypatch, capsys) -> None:
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(app.sys, "platform", "linux")
    assert run_gui(None) == 2
    captured = capsys.readouterr()
    assert "no graphical display" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def test_an_unexpected_error_is_logged_and_shown_and_the_app_goes_on(
        qtbot, data_folder, preferences, dialogs) -> None:
    window = launch(None, preferences)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    log_file = data_folder / LOG_FILE_NAME
    logged = log_file.read_text(encoding="utf-8")
    assert "RuntimeError: boom in a slot" in logged and "Traceback" in logged
    assert len(dialogs) == 1
    assert str(log_file) in dialogs[0] and "boom in a slot" in dialogs[0]
    assert window.isVisible()


def test_none_survives_a_long_session_of_void_qt_calls(qtbot) -> None:
    """PySide6 6.12.0 dropped a reference to None on each void call (hence the pin below 6.12)."""
    label = QLabel("x")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(100_000):
        label.update()
    assert sys.getrefcount(None) >= before - 100
