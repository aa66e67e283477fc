"""The window's slow actions as operations (gui/operations.py): off the UI thread, announced on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog

from annotator.core.edits import Changes
from annotator.project import Project
from annotator.project.facade import EVERYTHING
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401


def test_an_import_runs_off_the_ui_thread_and_announces_one_change_on_it(
        qtbot, tmp_path, preferences, monkeypatch) -> None:
    path = make_project(tmp_path / "one.annotator", [article("First", "Talks resumed in Geneva.")])
    source = tmp_path / "more.txt"
    source.write_text("Fresh news from Lomé.", encoding="utf-8")
    window = open_window(qtbot, path, preferences)

    started, release = threading.Event(), threading.Event()
    worker_threads: list[threading.Thread] = []
    import_paths = Project.import_paths

    def held_import(self, *args, **kwargs):
        worker_threads.append(threading.current_thread())
        started.set()
        assert release.wait(20), "the test never let the import go on"
        return import_paths(self, *args, **kwargs)

    monkeypatch.setattr(Project, "import_paths", held_import)
    announced: list[tuple[Changes, threading.Thread]] = []
    window.session.project.listeners.append(
        lambda changes: announced.append((changes, threading.current_thread())))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(source)], "")))

    window.import_action.trigger()  # UTF-8 text: no options step
    qtbot.waitUntil(started.is_set, timeout=10000)
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks), timeout=2000)  # the UI thread serves events while the job waits
    assert window.jobs and window.jobs[-1].running
    assert announced == [], "nothing is announced before the import is done"

    job = window.jobs[-1]
    with qtbot.waitSignal(job.finished, timeout=20000):
        release.set()
    assert worker_threads and worker_threads[0] is not threading.main_thread()
    assert announced == [(EVERYTHING, threading.main_thread())]
    assert window.workbench.documents.model.total == 2
    assert window.statusBar().currentMessage().startswith("imported 1 document")
    assert not window.jobs
