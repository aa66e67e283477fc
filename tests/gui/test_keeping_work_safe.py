"""The window's side of "Keeping your work safe": backups, bad and read-only projects, a full disk, and
closing while a job runs. Menus are driven through their actions and keys, dialogs are the real ones
(only the operating system's file dialogs and the blocking message box are patched)."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.errors import AnnotatorError
from annotator.formats import atomic_output
from annotator.gui.main_window import MainWindow
from annotator.project import Project
from annotator.store import ProjectStore
from annotator.store.migrations import CURRENT_VERSION
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401
from tests.gui.test_workflow import drag_select, wait_for_job

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
TEXT = "Kofi Annan met officials in Accra on Monday while shelling went on in the north. " * 3
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def dialogs(monkeypatch) -> list[tuple[str, str]]:
    """Error dialogs shown, as (title, text), instead of blocking the test (the static helper or a box)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda _parent, title, text: shown.append((title, text))))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())))
    return shown


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return make_project(tmp_path / "good.annotator", [article("First", TEXT), article("Second", "Quiet.")])


def tag(qtbot, window: MainWindow, start: int, end: int, key: Qt.Key = Qt.Key.Key_P) -> None:
    view = window.workbench.view
    view.setFocus()
    drag_select(qtbot, view, start, end)
    qtbot.keyClick(view, key)


def choose_in_open_dialog(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def spans_in_file(path: Path) -> list[tuple[int, int, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute('SELECT start, "end", label FROM spans ORDER BY id').fetchall()
    finally:
        conn.close()


# -- backup -------------------------------------------------------------------------------------------


def test_back_up_from_the_file_menu_copies_the_latest_edit(qtbot, good, preferences, monkeypatch,
                                                           dialogs) -> None:
    window = open_window(qtbot, good, preferences)
    tag(qtbot, window, 0, 10)
    asked: list[str] = []
    destination = good.with_name("copy.annotator")

    def save_dialog(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(destination), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    threads: list[threading.Thread] = []
    original = Project.backup

    def recording_backup(self, *args, **kwargs):
        threads.append(threading.current_thread())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Project, "backup", recording_backup)
    window.backup_action.trigger()
    wait_for_job(qtbot, window)
    assert asked == [str(good.with_name(f"good-backup-{date.today().isoformat()}.annotator"))]
    assert threads and threads[0] is not threading.main_thread(), "the copy runs off the UI thread"
    assert window.statusBar().currentMessage() == f"Backed up to {destination}"
    assert spans_in_file(destination) == [(0, 10, "PERSON")], "the edit just made is in the copy"
    assert dialogs == []
    tag(qtbot, window, 15, 24, Qt.Key.Key_O)
    assert len(window.session.project.spans(1)) == 2, "the window keeps working on the original"


# -- opening a project that cannot be opened ----------------------------------------------------------


def _damaged_pages(tmp_path: Path) -> Path:
    path = make_project(tmp_path / "damaged.annotator",
                        [article(f"Report {n}", f"{TEXT} Report {n}.") for n in range(300)])
    size = path.stat().st_size
    with path.open("r+b") as handle:  # no process has this file open
        for offset in range(4096, size - 4096, 4096 * 2):
            handle.seek(offset)
            handle.write(b"\xde\xad\xbe\xef" * 256)
    return path


def _damaged_schema(tmp_path: Path) -> Path:
    path = make_project(tmp_path / "schema.annotator", [article("Only", "Nothing.")])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '{not json' WHERE key = 'schema'")
    conn.commit()
    conn.close()
    return path


def _not_a_project(tmp_path: Path) -> Path:
    path = tmp_path / "notes.annotator"
    path.write_text("just some notes")
    return path


def _newer(tmp_path: Path) -> Path:
    path = make_project(tmp_path / "future.annotator", [])
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()
    return path


def _locked(tmp_path: Path) -> Path:
    return make_project(tmp_path / "busy.annotator", [])


@pytest.mark.parametrize("make_bad", [_damaged_pages, _damaged_schema, _not_a_project, _newer, _locked])
def test_a_bad_project_leaves_the_open_one_working(qtbot, tmp_path, good, preferences, monkeypatch,
                                                   dialogs, make_bad: Callable[[Path], Path]) -> None:
    bad = make_bad(tmp_path)
    holder = ProjectStore.open(bad) if make_bad is _locked else None  # another writer holds it
    window = open_window(qtbot, good, preferences)
    choose_in_open_dialog(monkeypatch, bad)
    try:
        qtbot.keyClick(window.workbench.view, Qt.Key.Key_O, CTRL)
    finally:
        if holder is not None:
            holder.close()
    assert [title for title, _ in dialogs] == ["Cannot open project"]
    assert str(bad) in dialogs[0][1]
    assert window.session.project.path == good
    tag(qtbot, window, 0, 10)
    assert [(s.start, s.end, s.label) for s in window.session.project.spans(1)] == [(0, 10, "PERSON")]
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Right, ALT)
    assert window.session.current_doc_id == 2
    window.close()
    ProjectStore.open(good).close()  # closed cleanly: the lock is free
    if make_bad is _damaged_schema:
        ProjectStore.open(bad).close()  # the failed attempt let go of it too
    assert spans_in_file(good) == [(0, 10, "PERSON")]


# -- read-only projects -------------------------------------------------------------------------------


def _lock_is_a_folder(path: Path, _monkeypatch) -> None:
    lock = path.with_name(path.name + ".lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()


def _file_not_writable(path: Path, monkeypatch) -> None:
    """What a read-only file looks like to a user (root ignores the mode bits, so ask os.access)."""
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda target, mode, *a, **k: (
        False if mode & os.W_OK and Path(target) == path else real_access(target, mode, *a, **k)))


def _chmod_file(path: Path, _monkeypatch) -> None:
    path.chmod(0o444)


def _chmod_folder(path: Path, _monkeypatch) -> None:
    path.with_name(path.name + ".lock").unlink(missing_ok=True)
    path.parent.chmod(0o555)


@pytest.mark.parametrize(("make_read_only", "reason"), [
    (_lock_is_a_folder, "its folder or lock file is not writable by you"),
    (_file_not_writable, "the project file is read-only"),
    pytest.param(_chmod_file, "the project file is read-only",
                 marks=pytest.mark.skipif(AS_ROOT, reason="root may write any file")),
    pytest.param(_chmod_folder, "its folder or lock file is not writable by you",
                 marks=pytest.mark.skipif(AS_ROOT, reason="root may write in any folder")),
])
def test_a_read_only_project_opens_with_a_banner_and_refuses_edits(
        qtbot, tmp_path, good, preferences, monkeypatch, dialogs, make_read_only, reason) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    shared = make_project(folder / "shared.annotator", [article("First", TEXT), article("Second", "Quiet.")])
    make_read_only(shared, monkeypatch)
    try:
        window = open_window(qtbot, good, preferences)
        choose_in_open_dialog(monkeypatch, shared)
        qtbot.keyClick(window.workbench.view, Qt.Key.Key_O, CTRL)
        assert window.session.project.path == shared
        ProjectStore.open(good).close()  # the project it switched from was let go

        banner = window.workbench.read_only_banner
        assert banner is not None
        qtbot.waitUntil(banner.isVisible)
        assert banner.label.textFormat() == Qt.TextFormat.PlainText
        text = banner.label.text()
        assert text.startswith("Read-only: ") and reason in text
        assert text.endswith(". Edits are off; File > Back up project… makes a copy you can edit.")
        assert banner.geometry().bottom() <= window.workbench.view.geometry().top(), "above the article"
        banner.window().grab().save(str(tmp_path / "readonly.png"))

        assert not window.import_action.isEnabled() and not window.import_folder_action.isEnabled()
        assert not window.done_action.isEnabled() and not window.skip_action.isEnabled()
        assert window.export_action.isEnabled() and window.backup_action.isEnabled()
        tag(qtbot, window, 0, 10)
        assert window.statusBar().currentMessage() == "This project is read-only; edits are off."
        qtbot.keyClick(window.workbench.view, Qt.Key.Key_Right, ALT)
        assert window.session.current_doc_id == 2, "reading goes on"
        assert dialogs == []
        assert window.session.project.spans(1) == []
        assert {d.status for d in map(window.session.project.document, (1, 2))} == {"new"}

        copy = tmp_path / "editable.annotator"  # what the banner offers
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(copy), "")))
        window.backup_action.trigger()
        wait_for_job(qtbot, window)
        assert dialogs == []
        with Project.open(copy) as editable:
            assert editable.read_only is None and editable.store.documents.count() == 2

        window.open_project(good)
        assert window.workbench.read_only_banner is None and window.import_action.isEnabled()
    finally:
        folder.chmod(0o755)
        shared.chmod(0o644)


def test_the_read_only_banner_as_a_user_sees_it(qtbot, tmp_path, preferences) -> None:
    """Writes /tmp/readonly.png for a person to look at; the geometry checks are in the test above."""
    path = make_project(tmp_path / "shared.annotator", [article("First", TEXT)])
    _lock_is_a_folder(path, None)
    window = open_window(qtbot, path, preferences)
    window.resize(1200, 700)
    qtbot.wait(50)
    label = window.workbench.read_only_banner.label
    assert label.height() >= label.heightForWidth(label.width()), "the whole sentence shows"
    window.grab().save("/tmp/readonly.png")


# -- a full disk --------------------------------------------------------------------------------------


def fill_the_disk(conn: sqlite3.Connection) -> Callable[[], None]:
    """Make SQLite itself report a full disk on this connection; returns the call that frees space.

    Every page the file may have is used, and the history table's last page has no room for even the
    smallest row, so every edit (which records itself in the history) fails with SQLITE_FULL.
    """
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute("CREATE TABLE ballast (x)")
    conn.execute(f"PRAGMA max_page_count = {pages + 30}")
    for table, sql in (("ballast", "INSERT INTO ballast VALUES (zeroblob(?))"),
                       ("history", "INSERT INTO history (doc_id, at, who, kind, payload) "
                                   "VALUES (1, '', '', '', substr(hex(zeroblob(?)), 1, ?))")):
        for size in (3000, 1000, 300, 100, 30, 10, 3, 1, 0):
            params = (size,) if table == "ballast" else (size, size)
            while True:
                try:
                    conn.execute(sql, params)
                except sqlite3.OperationalError as error:
                    assert "full" in str(error)
                    break
    return lambda: conn.execute("PRAGMA max_page_count = 1000000")


def test_a_full_disk_gives_one_message_and_keeps_the_undo_history_true(
        qtbot, good, preferences, dialogs) -> None:
    window = open_window(qtbot, good, preferences)
    session = window.session
    tag(qtbot, window, 0, 10)
    free_space = fill_the_disk(session.project.store.conn)

    for number in range(40):
        tag(qtbot, window, 15 + number, 20 + number, Qt.Key.Key_G)
    view = window.workbench.view
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # undo: refused too, and the stack must say so
    qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)  # mark done
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT)  # opening a new document starts it: refused quietly

    assert [title for title, _ in dialogs] == ["Your edit was not saved"], "one dialog, not one per key"
    assert "the disk is full" in window.statusBar().currentMessage()
    assert [(s.start, s.end, s.label) for s in session.project.spans(1)] == [(0, 10, "PERSON")]
    assert session.undo_stack.count() == 1 and session.undo_stack.index() == 1, "nothing failed was pushed"
    assert window.undo_action.isEnabled() and window.undo_action.text() == "&Undo Add PERSON"
    assert session.project.document(1).status == "in_progress"
    assert session.current_doc_id == 2 and session.project.document(2).status == "new"

    free_space()
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert session.project.spans(1) == [] and session.undo_stack.index() == 0, "undo works once there is room"
    assert len(dialogs) == 1


def test_an_import_on_a_full_disk_shows_one_dialog_and_changes_nothing(
        qtbot, tmp_path, good, preferences, monkeypatch, dialogs) -> None:
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"text": f"{TEXT} {n}"}) + "\n" for n in range(2000)),
                      encoding="utf-8")

    twin = Project.for_thread

    def full_disk_twin(project: Project, **kwargs) -> Project:
        """The import's own connection, on a disk with no page left to give."""
        worker = twin(project, **kwargs)
        pages = worker.store.conn.execute("PRAGMA page_count").fetchone()[0]
        worker.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        return worker

    monkeypatch.setattr(Project, "for_thread", full_disk_twin)
    window = open_window(qtbot, good, preferences)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(source)], "")))
    window.import_action.trigger()  # UTF-8 text: no options step
    qtbot.waitUntil(lambda: bool(dialogs) and not window.jobs, timeout=20000)  # it may fail at once
    assert dialogs == [("Import failed", dialogs[0][1])]
    assert "the disk is full" in dialogs[0][1]
    assert window.workbench.documents.model.total == 2
    with Project.open(good, writer=False) as reopened:
        assert reopened.store.documents.count() == 2


def test_an_export_on_a_full_disk_shows_one_dialog_and_writes_nothing(
        qtbot, tmp_path, good, preferences, monkeypatch, dialogs) -> None:
    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_output.os, "replace", no_space)
    window = open_window(qtbot, good, preferences)
    out = tmp_path / "out.jsonl"
    window.start_export(out, "jsonl", None, None)
    wait_for_job(qtbot, window)
    assert len(dialogs) == 1 and dialogs[0][0] == "Export failed"
    assert "the disk is full; free space and try again" in dialogs[0][1]
    assert list(tmp_path.glob("*out.jsonl*")) == []
    assert window.session.project.store.documents.count() == 2


# -- closing while a job runs -------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["import", "export"])
def test_closing_the_window_during_a_job_cancels_it_and_frees_the_project(
        qtbot, tmp_path, preferences, verb) -> None:
    path = make_project(tmp_path / "big.annotator", [article(f"R{n}", f"{TEXT} {n}") for n in range(3000)])
    window = open_window(qtbot, path, preferences)
    if verb == "import":
        source = tmp_path / "more.jsonl"
        source.write_text("".join(json.dumps({"text": f"{TEXT} more {n}"}) + "\n" for n in range(20000)),
                          encoding="utf-8")
        job = window.start_import([source])
    else:
        job = window.start_export(tmp_path / "out.jsonl", "jsonl", None, None)
    qtbot.wait(100)
    assert job.running, "the job was still going when the window closed"
    window.close()
    assert job.control.cancelled
    qtbot.waitUntil(lambda: not job.running)  # its last word arrives through the event loop, harmlessly
    ProjectStore.open(path).close()  # not left locked
    with Project.open(path) as reopened:
        assert reopened.store.check() == []
        assert reopened.store.documents.count() == 3000, "a cancelled import rolls back"
    assert not (tmp_path / "out.jsonl").exists(), "a cancelled export leaves nothing"


def test_opening_a_project_that_cannot_be_written_never_raises(tmp_path) -> None:
    """The API the window uses: read_only_ok opens it read-only; without it the refusal stays."""
    path = make_project(tmp_path / "p.annotator", [])
    _lock_is_a_folder(path, None)
    with pytest.raises(AnnotatorError, match="not writable by you"):
        Project.open(path)
    with Project.open(path, read_only_ok=True) as project:
        assert project.read_only and "not writable by you" in project.read_only
