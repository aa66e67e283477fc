"""Process start to first painted window: annotator on a 200,000-document project vs a bare PySide6 window.

    python tests/benchmarks/bench_startup.py [--keep PATH] [--count 200000] [--runs 7]

Each start is a fresh process (offscreen Qt, settings and data in a temporary folder, the analyst's name
preset, bytecode compiled once beforehand as an installed app's is). annotator starts as ``annotator
PROJECT`` does (``annotator.launch.main``); the baseline imports PySide6 and shows a ``QMainWindow`` holding a
``QPlainTextEdit`` with the first document's text. The time is from just before the process is spawned
to the moment the event loop is idle after the window's first paint. Runs alternate; medians are
printed with their ratio. Target: <= 2x.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

COUNT = 200_000
TARGET = 2.0


def install_paint_spy(window_class: type) -> None:
    """Print the time when the event loop is idle after the first paint of a ``window_class``, then quit."""
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
            QApplication.quit()

    app = QApplication.instance()
    app.installEventFilter(spy := PaintSpy(app))
    app.setProperty("paint_spy", spy)


def start_annotator(project: str) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    import annotator.launch

    QApplication(sys.argv[:1])
    install_paint_spy(QMainWindow)
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


def timed_start(side: str, project: Path, home: Path) -> float:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
                       ANNOTATOR_DATA_DIR=str(home / "data"), PYTHONPATH=str(ROOT),
                       PYTHONPYCACHEPREFIX=str(home / "pycache"))
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app starts from compiled bytecode
    started = time.time()
    completed = subprocess.run([sys.executable, __file__, "--start", side, str(project)], env=environment,
                               capture_output=True, text=True, check=False, timeout=300)
    painted = [line for line in completed.stdout.splitlines() if line.startswith("painted ")]
    if not painted:
        raise SystemExit(f"{side} never painted:\n{completed.stdout}\n{completed.stderr}")
    return float(painted[0].split()[1]) - started


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
    times: dict[str, list[float]] = {"bare": [], "annotator": []}
    for _ in range(args.runs):
        for side, runs in times.items():
            runs.append(timed_start(side, project, home))
    bare, ours = (statistics.median(times[side]) for side in ("bare", "annotator"))
    print(f"{args.count:,} documents, medians of {args.runs} starts each (alternating)")
    print(f"bare PySide6 window   {bare:6.2f} s   (all: {', '.join(f'{t:.2f}' for t in times['bare'])})")
    print(f"annotator PROJECT     {ours:6.2f} s   (all: {', '.join(f'{t:.2f}' for t in times['annotator'])})")
    print(f"ratio {ours / bare:.2f}x (target <= {TARGET:.0f}x)")


if __name__ == "__main__":
    main()
