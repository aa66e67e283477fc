"""The document list on a 200,000-document project: does it ever hold the UI thread?

    python tests/benchmarks/bench_document_list.py [--keep PATH] [--count N] [--runs N]

Builds the project once (``--keep`` reuses the file; one document in ten is done), shows the document
pane offscreen, and times three things the analyst does: (a) a status filter that leaves out the open
document, (b) opening document 190,000 (its row selected and scrolled to), (c) sorting by title. For
each it reports the time of the call on the UI thread and the longest gap between ticks of a 1 ms
heartbeat timer while the list settles (painting and any page landing from a worker included), median
of several runs. The budget is 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.documents_model import TITLE  # noqa: E402
from annotator.gui.documents_pane import DocumentsPane  # noqa: E402
from annotator.gui.session import Session  # noqa: E402
from annotator.project import Project  # noqa: E402
from tests.benchmarks.bench_document_search import build  # noqa: E402
from tests.benchmarks.heartbeat import Heartbeat  # noqa: E402

COUNT = 200_000
FAR = 190_000
SETTLE_MS = 400
BUDGET_MS = 50


def longest_stall(action: Callable[[], None]) -> tuple[float, float]:
    """(ms the action took on the UI thread, longest ms between heartbeats until the list settles)."""
    heartbeat = Heartbeat()
    loop = QEventLoop()
    took = [0.0]

    def act() -> None:
        start = time.perf_counter()
        action()
        took[0] = (time.perf_counter() - start) * 1000

    heartbeat.start()
    QTimer.singleShot(5, act)
    QTimer.singleShot(SETTLE_MS, loop.quit)
    loop.exec()
    heartbeat.stop()
    return took[0], heartbeat.longest()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="project file to build once and reuse")
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "list.annotator"
    if not path.exists():
        start = time.perf_counter()
        build(path, args.count)
        with Project.open(path, "bench") as project, project.store.atomic():
            project.store.documents.conn.execute("UPDATE documents SET status = 'done' WHERE id % 10 = 0")
        print(f"built {args.count:,} documents in {time.perf_counter() - start:.0f} s")
    app = QApplication.instance() or QApplication([])
    far = min(FAR, args.count - 1) + 1  # not done, so the filter leaves it out
    with Project.open(path, "bench", writer=False) as project:
        session = Session(project)
        pane = DocumentsPane(session)
        pane.resize(500, 800)
        pane.show()
        app.processEvents()
        done = pane.status_combo.findData("done")
        header = pane.table.horizontalHeader()

        def reset() -> None:
            """Back to the whole list in id order, first document open, nothing read or counted yet."""
            pane.status_combo.setCurrentIndex(0)
            pane.model.order = "id"
            pane.model.reload()
            session.set_current(1)
            app.processEvents()

        def open_far_then_filter() -> Callable[[], None]:
            session.set_current(far)
            return lambda: pane.status_combo.setCurrentIndex(done)

        cases = {
            "(a) status filter leaving out the open document": open_far_then_filter,
            f"(b) open document {far:,}": lambda: lambda: session.set_current(far),
            "(c) sort by title": lambda: lambda: header.sectionClicked.emit(TITLE),
        }
        for name, prepare in cases.items():
            took, stalls = [], []
            for _ in range(args.runs):
                reset()
                action = prepare()
                app.processEvents()
                call, stall = longest_stall(action)
                took.append(call)
                stalls.append(stall)
            row = pane.current_row()
            verdict = "ok" if statistics.median(stalls) <= BUDGET_MS else "OVER BUDGET"
            print(f"{name:>50}: call {statistics.median(took):6.1f} ms (max {max(took):.1f}), "
                  f"longest stall {statistics.median(stalls):5.1f} ms (max {max(stalls):.0f}); "
                  f"row {'-' if row is None else row + 1} of {pane.model.total:,}; "
                  f"{len(pane.model.pages_held)} pages held  {verdict}")
        pane.close()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
