"""Document list filtering on a 200,000-document project: is it fast enough for the UI thread?

    python tests/benchmarks/bench_document_search.py [--keep PATH]

Builds the project once (documents inserted in one transaction; ``--keep`` reuses a project file
between runs), then times what typing in the filter box asks the store: the filtered count plus the first
page, for a status filter, a word in every text, a rare word and a word in no text. The UI thread can
afford ~100 ms; anything slower belongs on a worker. Then the document list itself: how long its
``set_filter`` holds the UI thread, and how long until a text search's rows are in, with a newer filter
typed while the first still runs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.model import Annotated, Document  # noqa: E402
from annotator.gui.documents_model import PAGE_SIZE, DocumentsModel  # noqa: E402
from annotator.project import Project  # noqa: E402
from tests.benchmarks.corpus import documents  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"
COUNT = 200_000
REPEATS = 3
UI_BUDGET_MS = 100


def build(path: Path, count: int) -> None:
    items = []
    for record in documents(count):
        text = record["text"]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        items.append(Annotated(Document(text, record["meta"]["title"], sha256=digest)))
    with Project.create(path, SCHEMA, annotator="bench") as project, project.store.atomic():
        project.store.insert_annotated(items, annotator="bench", source="import")


def timed(project: Project, status: str | None, search: str | None) -> tuple[float, int]:
    """Best of a few runs of what the list does on a filter change: count, then the first page."""
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        total = project.document_count(status, search)
        project.document_page(0, PAGE_SIZE, status=status, search=search)
        runs.append(time.perf_counter() - start)
    return min(runs) * 1000, total


def in_the_list(project: Project) -> None:
    """UI-thread time of each filter change, and the wait until the last one's rows are in."""
    app = QApplication.instance() or QApplication([])
    model = DocumentsModel(project)
    loop = QEventLoop()
    model.search_finished.connect(loop.quit)
    start = time.perf_counter()
    held = []
    for text in ("zep", "zeppelin"):  # the second arrives while the first still scans
        began = time.perf_counter()
        model.set_filter(None, text)
        held.append((time.perf_counter() - began) * 1000)
    loop.exec()
    landed = (time.perf_counter() - start) * 1000
    print(f"{'list, two keystrokes':>20}: UI thread held {max(held):.1f} ms per filter change; "
          f"rows of the last filter in after {landed:.0f} ms ({model.total:,} matches)")
    app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="project file to build once and reuse")
    parser.add_argument("--count", type=int, default=COUNT)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "search.annotator"
    if not path.exists():
        start = time.perf_counter()
        build(path, args.count)
        print(f"built {args.count:,} documents in {time.perf_counter() - start:.0f} s "
              f"({path.stat().st_size / 1e6:.0f} MB)")
    cases = [("status new", "new", None), ("title word", None, "Report 1999"),
             ("word in every text", None, "convoys"), ("rare word", None, "Kramer of the United"),
             ("word in no text", None, "zeppelin")]
    with Project.open(path, writer=False) as project:
        results = [(name, *timed(project, status, search)) for name, status, search in cases]
        for name, millis, total in results:
            verdict = "ok on the UI thread" if millis <= UI_BUDGET_MS else "needs a worker"
            print(f"{name:>20}: {millis:8.1f} ms  ({total:,} matches)  {verdict}")
        print(f"median {statistics.median(m for _, m, _ in results):.1f} ms")
        in_the_list(project)
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
