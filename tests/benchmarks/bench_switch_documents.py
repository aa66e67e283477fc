"""Switching documents in the real window beside a bare window showing the same widgets, in the same run.

    python tests/benchmarks/bench_switch_documents.py [--docs 30] [--rounds 3]

A project of ``--docs`` news articles (about 10,000 characters and 40 entity spans each, every fifth
with events) is opened in the main window with its default suggestions (the dictionary knowing every
tagged string, the schema's triggers). Each switch is the window's next-document command (the last
document goes back to the first) and the repaint it asks for, so every document opens once a round.
The bare window is a ``QPlainTextEdit`` and a ``QTreeView`` over a ``QStandardItemModel``, filled
directly from memory with the same text and the same rows (events with their roles, then entity
spans); it shows each document right after the window did, so a busy machine slows both alike.
Target: median switch in the window <= 3x the bare window's.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from hashlib import sha256
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QSplitter, QTreeView  # noqa: E402

from annotator.core.model import TRIGGER, Annotated, Argument, Document, Event, Span  # noqa: E402
from annotator.project import Project  # noqa: E402
from tests.benchmarks.corpus import document  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"


def article(rng: random.Random, number: int, with_events: bool) -> Annotated:
    """Four wire reports end to end: ~10,000 characters, ~40 spans; some attacks as events."""
    text, spans = "", []
    for part in range(4):
        record = document(rng, number * 4 + part)
        spans += [Span(s["start"] + len(text), s["end"] + len(text), s["label"], text=s["text"])
                  for s in record["spans"]]
        text += record["text"] + "\n\n"
    events = []
    if with_events:
        for start in [i for i in range(len(text)) if text.startswith("attacked", i)][:6]:
            trigger = Span(start, start + 8, "Conflict.Attack", TRIGGER, text="attacked")
            place = next(s for s in spans if s.start > start and s.label == "GPE")
            spans.append(trigger)
            events.append(Event("Conflict.Attack", trigger_id=len(spans) - 1,
                                arguments=(Argument("Place", spans.index(place)),)))
    digest = sha256(text.encode()).hexdigest()
    return Annotated(Document(text, f"Article {number}", sha256=digest), tuple(spans), tuple(events))


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def timed(app: QApplication, action) -> float:
    began = time.perf_counter()
    action()
    settle(app)
    return time.perf_counter() - began


def open_window(app: QApplication, path: Path, folder: Path):
    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session
    from annotator.gui.settings import Preferences

    prefs = Preferences(QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(Project.open(path, "bench")), prefs)
    window.resize(1400, 860)
    window.show()
    deadline = time.monotonic() + 60
    while (window.suggestions.service is None or window.suggestions.jobs) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    return window


def switches(app: QApplication, path: Path, folder: Path, items: list[Annotated], rounds: int
             ) -> tuple[list[float], list[float]]:
    """Each switch in the window, then the same document in the bare window, so both see the same load."""
    window, bare = open_window(app, path, folder), BareWindow()
    bare.resize(1400, 860)
    bare.show()
    bare.show_document(items[0])
    settle(app)
    first = window.session.current_doc_id

    def switch() -> None:
        if not window.next_document():  # the last document: round to the first
            window.session.set_current(first)

    in_window, in_bare = [], []
    for number in range(1, rounds * len(items) + 1):
        item = items[number % len(items)]
        in_window.append(timed(app, switch))
        in_bare.append(timed(app, lambda item=item: bare.show_document(item)))
    window.close()
    bare.close()
    return in_window, in_bare


class BareWindow(QSplitter):
    """The same widgets, filled straight from memory."""

    def __init__(self) -> None:
        super().__init__()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.model = QStandardItemModel()
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.addWidget(self.text)
        self.addWidget(self.tree)

    def show_document(self, item: Annotated) -> None:
        self.text.setPlainText(item.document.text)
        self.model.clear()
        events, entities = QStandardItem("Events"), QStandardItem("Entities")
        for event in item.events:
            row = QStandardItem(f"{event.type} “{item.spans[event.trigger_id].text}”")
            for argument in event.arguments:
                row.appendRow(QStandardItem(f"{argument.role}: “{item.spans[argument.span_id].text}”"))
            events.appendRow(row)
        for span in item.spans:
            if span.kind != TRIGGER:
                entities.appendRow(QStandardItem(f"{span.label} “{span.text}”"))
        self.model.appendRow(events)
        self.model.appendRow(entities)
        self.tree.expandAll()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    rng = random.Random(11)
    items = [article(rng, number, number % 5 == 0) for number in range(arguments.docs)]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "switch.annotator"
        with Project.create(path, SCHEMA) as project, project.store.atomic():
            project.store.insert_annotated(items, annotator="bench", source="import")
        window, bare = switches(app, path, folder, items, arguments.rounds)
    window_ms, bare_ms = statistics.median(window) * 1000, statistics.median(bare) * 1000
    ratio = window_ms / bare_ms
    characters = statistics.mean(len(item.document.text) for item in items)
    spans = statistics.mean(len(item.spans) for item in items)
    print(f"{arguments.docs} documents of ~{characters:,.0f} characters and ~{spans:.0f} spans, "
          f"{arguments.rounds} rounds")
    print(f"switch, median: window {window_ms:.1f} ms (slowest {max(window) * 1000:.0f} ms), bare window "
          f"{bare_ms:.1f} ms; ratio {ratio:.2f} (target <= 3) {'OK' if ratio <= 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
