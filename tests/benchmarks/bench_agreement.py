"""Agreement at project scale: 2,000 documents, each annotated by three analysts (45 spans, 5 events).

    python tests/benchmarks/bench_agreement.py [--documents N]

Each layer has 40 entity spans and 5 events (a trigger and two or three arguments each); bob relabels
every tenth entity span, carol leaves out every fifteenth and drops one argument of every event. In the
same run it times three things, so the figures can be read against this machine's speed:

1. the baseline: reading the layers alone (``Project.analyst_layers``, what any agreement must read);
2. a plain-Python exact-match count of entity spans over the same layers (a floor for the span measure);
3. the full agreement (``project_agreement``: every measure, κ and α included), and the ratios to (1)
   and (2);

then opens the Agreement window offscreen on the same project and measures the longest gap between ticks
of a 1 ms heartbeat timer on the UI thread while the window computes (off the UI thread) and shows the
report, and how long showing the report (building its tables and charts) takes on the UI thread; and, as
the floor for that stall on this machine, the longest gap while a plain-Python loop runs on a worker.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.layers import layer_json  # noqa: E402
from annotator.core.model import Annotated, Argument, Document, Event, Span  # noqa: E402
from annotator.formats.records import text_hash  # noqa: E402
from annotator.project import Project  # noqa: E402
from annotator.project.agreement import project_agreement  # noqa: E402
from tests.benchmarks.heartbeat import Heartbeat  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"
DOCUMENTS, ENTITIES, EVENTS = 2_000, 40, 5
ANALYSTS = ("alice", "bob", "carol")
LABELS = ("PERSON", "ORG", "GPE", "DATE")
WORDS = {"PERSON": "Hassan", "ORG": "UNHCR", "GPE": "Aleppo", "DATE": "Monday"}
BUDGET_MS = 50


def text_of(number: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A report of ``ENTITIES`` entity words and ``EVENTS`` triggers; (start, end, label) of each."""
    parts, spans, at = [f"Report {number}:"], [], len(f"Report {number}:")
    for index in range(ENTITIES + EVENTS):
        label = "TRIGGER" if index % 9 == 8 else LABELS[index % len(LABELS)]
        word = "shelled" if label == "TRIGGER" else WORDS[label]
        at += 1
        spans.append((at, at + len(word), label))
        parts.append(word)
        at += len(word)
    return " ".join(parts) + ".", spans


def layer(number: int, analyst: str) -> Annotated:
    """One analyst's reading of report ``number`` (index form): bob relabels, carol leaves things out."""
    text, places = text_of(number)
    spans: list[Span] = []
    triggers: list[int] = []
    for index, (start, end, label) in enumerate(places):
        if label == "TRIGGER":
            triggers.append(len(spans))
            spans.append(Span(start, end, "Conflict.Attack", kind="trigger"))
            continue
        if analyst == "carol" and index % 15 == 0:
            continue
        if analyst == "bob" and index % 10 == 0:
            label = "ORG" if label != "ORG" else "GPE"
        spans.append(Span(start, end, label))
    events = []
    for trigger in triggers:
        fillers = [index for index in range(max(trigger - 3, 0), trigger) if spans[index].kind == "entity"]
        roles = [Argument("Attacker" if spans[index].label != "GPE" else "Place", index) for index in fillers]
        if analyst == "carol":
            roles = roles[1:]
        events.append(Event("Conflict.Attack", trigger, tuple(roles)))
    return Annotated(Document(text, f"report {number}", sha256=text_hash(text), status="done"),
                     tuple(spans), tuple(events))


def build(path: Path, documents: int) -> None:
    texts = [text_of(number)[0] for number in range(documents)]
    with Project.create(path, SCHEMA) as project, project.store.atomic():
        ids = project.store.insert_annotated(
            [Annotated(Document(text, f"report {number}", sha256=text_hash(text)))
             for number, text in enumerate(texts)], annotator="lead", source="import")
        for number, doc_id in enumerate(ids):
            for analyst in ANALYSTS:
                project.store.layers.put(doc_id, analyst, layer_json(layer(number, analyst)), "bench")


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def exact_matches(layers) -> int:
    """Entity spans both analysts of a pair tagged with the same extent and label: a plain-Python floor."""
    matched = 0
    for a, b in combinations(sorted(layers), 2):
        for sha256, item in layers[a].items():
            other = layers[b].get(sha256)
            if other is None:
                continue
            mine = {(span.start, span.end, span.label) for span in item.spans if span.kind == "entity"}
            matched += sum((span.start, span.end, span.label) in mine for span in other.spans
                           if span.kind == "entity")
    return matched


def window_stall(project: Project) -> tuple[float, float, float, float]:
    """(seconds until the window shows the report, longest UI-thread gap in ms while it computes, and
    after, ms spent showing it)."""
    from annotator.gui.agreement_view import AgreementView

    heartbeat = Heartbeat()
    shown, arrived = [0.0], [0]
    original = AgreementView.show_report

    def show_report(view: AgreementView) -> None:
        arrived[0] = heartbeat.clock.elapsed()
        started = time.perf_counter()
        original(view)
        shown[0] = (time.perf_counter() - started) * 1000

    AgreementView.show_report = show_report
    loop, views = QEventLoop(), []

    def open_view() -> None:
        view = AgreementView(SimpleNamespace(session=SimpleNamespace(project=project)))
        view.job.finished.connect(lambda: QTimer.singleShot(300, loop.quit))
        views.append(view)

    started = time.perf_counter()
    heartbeat.start()
    QTimer.singleShot(5, open_view)
    loop.exec()
    heartbeat.stop()
    AgreementView.show_report = original
    assert views[0].report is not None, "the window did not compute the report"
    computing, after = heartbeat.longest(until=arrived[0]), heartbeat.longest(after=arrived[0])
    return time.perf_counter() - started - 0.3, computing, after, shown[0]


def busy_worker_stall(seconds: float) -> float:
    """The floor on this machine: the longest UI-thread gap in ms while a plain-Python loop runs on
    another thread for ``seconds`` (GIL turns and the machine's load, no agreement code)."""
    heartbeat = Heartbeat()

    def spin() -> None:
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            sum(range(1_000))

    loop = QEventLoop()
    worker = threading.Thread(target=spin)
    heartbeat.start()
    worker.start()
    QTimer.singleShot(int(seconds * 1000) + 100, loop.quit)
    loop.exec()
    heartbeat.stop()
    worker.join()
    return heartbeat.longest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "team.annotator"
        build(path, args.documents)
        print(f"{args.documents} documents x {len(ANALYSTS)} analysts, {ENTITIES + EVENTS} spans and "
              f"{EVENTS} events per layer")
        with Project.open(path) as project:
            read, layers = timed(project.analyst_layers)
            count, matched = timed(lambda: exact_matches(layers))
            full, report = timed(lambda: project_agreement(project))
            print(f"baseline: read the layers             {read * 1000:7.0f} ms")
            print(f"baseline: exact-match count of spans  {count * 1000:7.0f} ms ({matched} matches)")
            print(f"agreement (read + every measure)      {full * 1000:7.0f} ms "
                  f"({len(report.documents)} documents, {len(report.pairs)} pairs)")
            print(f"ratio to reading the layers: {full / read:.1f}x; "
                  f"to reading + the exact-match count: {full / (read + count):.1f}x")
            took, computing, after, shown = window_stall(project)
            verdict = "ok" if max(computing, after) <= BUDGET_MS else "OVER BUDGET"
            print(f"window: report shown after {took * 1000:.0f} ms; longest UI-thread stall while it "
                  f"computes {computing:.0f} ms, from the report's arrival on {after:.0f} ms (showing it "
                  f"takes {shown:.0f} ms); {verdict}, budget {BUDGET_MS} ms")
            print(f"floor: longest UI-thread stall while a plain-Python loop runs on a worker for as long: "
                  f"{busy_worker_stall(took):.0f} ms")
    del app


if __name__ == "__main__":
    main()
