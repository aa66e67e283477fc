"""Article view speed on a ~1 MB article with 20,000 spans, beside baselines measured in the same run.

    python tests/benchmarks/bench_article_view.py

1. Showing the document: ``set_document`` plus the first paint, against a bare ``QPlainTextEdit``'s
   ``setPlainText`` of the same text plus its first paint. Target: within 3x.
2. Adding one span: the edit through the tagging controller (store write, refresh, repaint), on the big
   document against the same on a 10-span document. Target: within 2x.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from annotator.core.model import Annotated, Document, Span  # noqa: E402
from annotator.core.offsets import display_text  # noqa: E402
from annotator.gui.article_view import ArticleView  # noqa: E402
from annotator.gui.document_state import DocumentState, follow_session  # noqa: E402
from annotator.gui.session import Session  # noqa: E402
from annotator.gui.tagging import TaggingController  # noqa: E402
from annotator.project import Project  # noqa: E402
from tests.benchmarks.corpus import document  # noqa: E402
from tests.benchmarks.selection import select_word  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"
TARGET_CHARS = 1_000_000
TARGET_SPANS = 20_000
SIZE = (1000, 800)
REPEATS = 5


def big_article() -> tuple[str, list[tuple[int, int, str]]]:
    """Wire reports glued together until ~1 MB, topped up with spans until 20,000 (some nested)."""
    rng = random.Random(11)
    text, spans, number = "", [], 0
    while len(text) < TARGET_CHARS:
        record = document(rng, number)
        base = len(text)
        text += record["text"] + "\n\n"
        spans += [(s["start"] + base, s["end"] + base, s["label"]) for s in record["spans"]]
        number += 1
    words = [(m_start, m_start + len(word)) for m_start, word in _words(text) if len(word) > 3]
    taken = set(spans)
    while len(spans) < TARGET_SPANS:
        start, end = rng.choice(words)
        if (start, end, "WEAPON") not in taken:
            taken.add((start, end, "WEAPON"))
            spans.append((start, end, "WEAPON"))
    return text, spans[:TARGET_SPANS]


def _words(text: str):
    position = 0
    for word in text.split(" "):
        yield position, word
        position += len(word) + 1


def project_with(path: Path, text: str, spans: list[tuple[int, int, str]]) -> tuple[Project, int]:
    project = Project.create(path, SCHEMA, annotator="bench")
    item = Annotated(Document(text, "big"), tuple(Span(s, e, label, text=text[s:e]) for s, e, label in spans))
    with project.store.atomic():
        (doc_id,) = project.store.insert_annotated([item], annotator="bench", source="import")
    return project, doc_id


def timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def show_document(app: QApplication, project: Project, doc_id: int) -> tuple[float, float]:
    """(plain setPlainText + first paint, ArticleView.set_document + first paint), best of REPEATS."""
    document = project.document(doc_id)
    spans, events = project.spans(doc_id), project.events(doc_id)
    plain, view = QPlainTextEdit(), ArticleView()
    for widget in (plain, view):
        widget.resize(*SIZE)
        widget.show()
    app.processEvents()
    shown = display_text(document.text)
    baseline = min(timed(lambda: (plain.setPlainText(shown), plain.grab())) for _ in range(REPEATS))
    ours = min(
        timed(lambda: (view.set_document(document, spans, events, project.schema), view.grab()))
        for _ in range(REPEATS)
    )
    plain.close()
    view.close()
    return baseline, ours


def add_one_span(app: QApplication, project: Project, doc_id: int) -> float:
    """Median time to select a word, press its label key (through the controller) and repaint."""
    session = Session(project)
    view = ArticleView()
    view.resize(*SIZE)
    view.show()
    state = follow_session(DocumentState(project), session)
    view.follow(state, project.schema)
    controller = TaggingController(session, view, state)
    controller.set_snapping(False)
    controller.load(doc_id)
    app.processEvents()
    view.grab()
    text = project.document(doc_id).text
    starts = [i for i in range(1, 2000) if text[i - 1] == " " and text[i].isalpha()][:REPEATS * 3]
    times = []
    for start in starts:
        select_word(view, text, start)
        app.processEvents()

        def tag() -> None:
            controller.apply_label("GPE")
            app.processEvents()  # the repaint the edit asked for

        times.append(timed(tag))
    view.close()
    session.close()
    return statistics.median(times)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    text, spans = big_article()
    with tempfile.TemporaryDirectory() as folder:
        big, big_id = project_with(Path(folder) / "big.annotator", text, spans)
        small_text = text[:2600]
        small_spans = [s for s in spans if s[1] <= len(small_text)][:10]
        small, small_id = project_with(Path(folder) / "small.annotator", small_text, small_spans)
        print(f"article: {len(text):,} characters, {len(spans):,} spans")

        baseline, ours = show_document(app, big, big_id)
        ratio = ours / baseline
        print(f"show document: QPlainTextEdit {baseline * 1000:.0f} ms, ArticleView {ours * 1000:.0f} ms, "
              f"ratio {ratio:.2f} (target <= 3) {'OK' if ratio <= 3 else 'MISSED'}")

        on_small = add_one_span(app, small, small_id)
        on_big = add_one_span(app, big, big_id)
        ratio = on_big / on_small
        print(f"add one span: 10 spans {on_small * 1000:.1f} ms, 20,000 spans {on_big * 1000:.1f} ms, "
              f"ratio {ratio:.2f} (target <= 2) {'OK' if ratio <= 2 else 'MISSED'}")
        big.close()
        small.close()


if __name__ == "__main__":
    main()
