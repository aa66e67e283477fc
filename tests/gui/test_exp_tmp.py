import sys
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from tests.gui.builders import make_project, open_window, article, preferences_fixture  # noqa

@pytest.mark.qt_no_exception_capture
def test_full(qtbot, tmp_path, preferences, monkeypatch):
    from annotator.app import install_crash_handler
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda p, t, x: shown.append((t, x))))
    old = sys.excepthook
    install_crash_handler(tmp_path / "log")
    text = "Kofi Annan met officials in Accra on Monday and talked. " * 20
    path = make_project(tmp_path / "p.annotator", [article("A", text), article("B", "x y z")])
    window = open_window(qtbot, path, preferences)
    conn = window.session.project.store.conn
    conn.execute("CREATE TABLE IF NOT EXISTS filler(x)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 3}")
    try:
        while True:
            conn.execute("INSERT INTO filler VALUES (randomblob(900))")
    except Exception as e:
        print("filled", e)
    view = window.workbench.view
    for i in range(40):
        cur = view.textCursor(); cur.setPosition(i*5); cur.setPosition(i*5+3, cur.MoveMode.KeepAnchor); view.setTextCursor(cur)
        qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.wait(1500)
    print(len(shown), shown[:3], window.statusBar().currentMessage())
    print(len(window.session.project.spans(1)), window.session.undo_stack.count())
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    print(len(shown), shown[-1:])
    sys.excepthook = old
