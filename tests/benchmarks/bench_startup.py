"""Process start to first painted window: annotator on a 200,000-document project vs a bare PySide6 window.

    python tests/benchmarks/bench_startup.py [--keep PATH] [--count 200000] [--runs 7]

Each start is a fresh process (offscreen Qt, settings and data in a temporary folder, the analyst's name
preset, bytecode compiled once beforehand as an installed app's is). annotator starts as ``annotator
PROJECT`` does (``annotator.launch.main``); the baseline imports PySide6 and shows a ``QMainWindow`` holding a
``QPlainTextEdit`` with the first document's text. The time is from just before the process is spawned
to the moment the event loop is idle after the window's first paint. Runs alternate; medians are
printed with their ratio. Target: <= 2x. The first window paints the document list and the article, then
builds its editing tools; "tools ready" is when they are built, printed beside for the whole picture.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

COUNT = 200_000
TARGET = 2.0


def install_paint_spy(window_class: type, ready: Callable[[], bool] | None = None) -> None:
    """Print the time when the event loop is idle after the first paint of a ``window_class``; then, if
    ``ready`` is given, the time it first holds (polled every millisecond); then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class PaintSpy(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, window_class):
                self.seen = True
                QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            print(f"painted {time.time():.6f}", flush=True)
            self.wait_until_ready()

        def wait_until_ready(self) -> None:
            if ready is None or ready():
                print(f"ready {time.time():.6f}", flush=True)
                QApplication.quit()
            else:
                QTimer.singleShot(1, self.wait_until_ready)

    app = QApplication.instance()
    app.installEventFilter(spy := PaintSpy(app))
    app.setProperty("paint_spy", spy)


def start_annotator(project: str) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    import annotator.launch

    def equipped() -> bool:
        return any(getattr(getattr(window, "workbench", None), "equipped", False)
                   for window in QApplication.topLevelWidgets())

    QApplication(sys.argv[:1])
    install_paint_spy(QMainWindow, equipped)
    with contextlib.suppress(SystemExit):
        annotator.launch.main([project])


def start_bare(project: str) -> None:
    import sqlite3

    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

    app = QApplication(sys.argv[:1])
    install_paint_spy(QMainWindow)
    (text,) = sqlite3.connect(f"file:{project}?mode=ro", uri=True).execute(
        "SELECT text FROM documents ORDER BY id LIMIT 1").fetchone()
    window = QMainWindow()
    editor = QPlainTextEdit()
    editor.setPlainText(text)
    window.setCentralWidget(editor)
    window.resize(1200, 800)
    window.show()
    app.exec()


def timed_start(side: str, project: Path, home: Path) -> tuple[float, float]:
    """Seconds from spawning the process to its first paint, and to its tools being ready."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
                       ANNOTATOR_DATA_DIR=str(home / "data"), PYTHONPATH=str(ROOT),
                       PYTHONPYCACHEPREFIX=str(home / "pycache"))
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app starts from compiled bytecode
    started = time.time()
    completed = subprocess.run([sys.executable, __file__, "--start", side, str(project)], env=environment,
                               capture_output=True, text=True, check=False, timeout=300)
    lines = completed.stdout.splitlines()
    marks = dict(line.split() for line in lines if line.startswith(("painted ", "ready ")))
    if len(marks) != 2:
        raise SystemExit(f"{side} never painted:\n{completed.stdout}\n{completed.stderr}")
    return float(marks["painted"]) - started, float(marks["ready"]) - started


def prepare_home(home: Path) -> None:
    settings = home / "config" / "annotator"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "annotator.ini").write_text("[General]\nannotator=bench\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="project file to build once and reuse")
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--start", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.start:
        side, project = args.start
        (start_annotator if side == "annotator" else start_bare)(project)
        return

    from tests.benchmarks.bench_document_search import build

    folder = tempfile.TemporaryDirectory()
    home = Path(folder.name)
    project = args.keep or home / "startup.annotator"
    if not project.exists():
        began = time.perf_counter()
        build(project, args.count)
        print(f"built {args.count:,} documents in {time.perf_counter() - began:.0f} s")
    prepare_home(home)
    for side in ("bare", "annotator"):  # warm the file cache and compile the bytecode of both
        timed_start(side, project, home)
    times: dict[str, list[tuple[float, float]]] = {"bare": [], "annotator": []}
    for _ in range(args.runs):
        for side, runs in times.items():
            runs.append(timed_start(side, project, home))
    print(f"{args.count:,} documents, medians of {args.runs} starts each (alternating)")
    ours = times["annotator"]
    bare = statistics.median(painted for painted, _ in times["bare"])
    painted = statistics.median(t for t, _ in ours)
    ready = statistics.median(t for _, t in ours)
    print(f"bare PySide6 window, first paint  {bare:6.3f} s   (all: {_listed(t for t, _ in times['bare'])})")
    print(f"annotator PROJECT, first paint    {painted:6.3f} s   (all: {_listed(t for t, _ in ours)})")
    print(f"annotator PROJECT, tools ready    {ready:6.3f} s   (all: {_listed(t for _, t in ours)})")
    print(f"ratio: first paint {painted / bare:.2f}x (target <= {TARGET:.0f}x); "
          f"tools ready {ready / bare:.2f}x")


def _listed(seconds: Iterable[float]) -> str:
    return ", ".join(f"{value:.3f}" for value in seconds)

if __name__ == "__main__":
    main()
