"""The background side of suggestions: loading recommenders and reading a document's proposals.

Both run as jobs on the one background runner (:mod:`annotator.gui.jobs`) and must never hold the GIL
long enough to stall the UI thread: proposals are read in pieces of a few milliseconds, each taken
only once the UI thread's event loop has come round (:class:`UiTurns`).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal, Slot

from annotator.core.jobs import JobControl
from annotator.core.model import Span
from annotator.core.suggestions import LearnsFromTags, RecommenderSettings
from annotator.errors import AnnotatorError
from annotator.gui.session import Session
from annotator.nlp.tokens import piece_end

FIRST_PIECE = 500  # characters a recommender reads first; later pieces follow its speed
SHORTEST_PIECE = 300
PIECE_SECONDS = 0.008  # the GIL is the worker's this long at a time while it reads a piece


def load_recommenders(settings: RecommenderSettings, session: Session) -> tuple[list, str, Counter | None]:
    """The recommenders to use, a warning, and the project's tag counts, which the dictionary knows.

    Runs on the thread pool: a user pipeline that will not load is left out, not fatal, and the tag
    counts (a scan of every span, most of a second on a big project) are read through a read-only
    connection of this thread's own and taught to the dictionary here.
    """
    from annotator.nlp.recommenders import build_recommenders

    project = session.project
    try:
        recommenders, warning = build_recommenders(settings, project.schema, project.path), ""
    except AnnotatorError as error:
        fallback = replace(settings, model="")
        recommenders = build_recommenders(fallback, project.schema, project.path)
        warning = f"Model not used: {error}"
    counts = None
    learners = [recommender for recommender in recommenders if isinstance(recommender, LearnsFromTags)]
    if learners:
        with project.for_thread() as reader:
            counts = reader.tag_counts()
        for learner in learners:  # thousands of patterns on a big project: not on the UI thread
            learner.learn(counts)
    return recommenders, warning, counts


def propose_in_pieces(recommenders: list, doc_id: int, text: str, control: JobControl,
                      between: Callable[[], None] | None = None) -> list[Span]:
    """What text-only recommenders propose for a document, read a piece at a time.

    Runs on the pool. A pipeline's compiled code holds the GIL for a whole call (an entity ruler over
    48,000 characters stalls the UI thread for its full second), so pieces let the UI thread run between
    them, and Cancel stop. Pieces are sized to take about ``PIECE_SECONDS`` each, from how long the last
    took (never under ``SHORTEST_PIECE`` characters, for the model's context), and end at a blank line,
    line break, full stop or space (an entity is almost never cut). ``between`` runs before every piece,
    the first too (a window waits there for its turn, see :class:`UiTurns`, so a document that just
    opened is painted before the worker takes the GIL).
    """
    proposals: list[Span] = []
    start, length = 0, FIRST_PIECE
    while start < len(text):
        control.check()
        if between is not None:
            between()
            control.check()
        end = piece_end(text, start, length)
        piece = text[start:end]
        began = time.perf_counter()
        for recommender in recommenders:
            proposals += [replace(span, start=span.start + start, end=span.end + start)
                          for span in recommender.suggest(doc_id, piece)]
        took = time.perf_counter() - began
        length = max(SHORTEST_PIECE, min(int(length * PIECE_SECONDS / max(took, 1e-4)), 2 * length))
        start = end
    return proposals


class UiTurns(QObject):
    """Lets a worker take the GIL for a long compiled call only once the UI thread's event loop came round.

    Without it the two threads convoy: every Qt call the UI thread makes (hundreds while it lays out and
    paints a long article) releases the GIL, the worker's next piece takes it, and the UI thread waits a
    whole piece to get it back, so one paint took over half a second. :meth:`wait` (on the worker) posts
    a request to the UI thread and sleeps until the UI thread has handled it, that is, until everything
    queued before it (a paint, a key press) is done.
    """

    asked = Signal()
    LONGEST_WAIT = 0.5  # seconds: a UI thread busy (or gone) that long does not hold the worker up

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._granted = threading.Event()
        self.asked.connect(self._grant)

    @Slot()
    def _grant(self) -> None:
        self._granted.set()

    def wait(self, control: JobControl) -> None:
        self._granted.clear()
        try:
            self.asked.emit()
        except RuntimeError:  # the window went away: nothing to wait for
            return
        deadline = time.monotonic() + self.LONGEST_WAIT
        while not self._granted.wait(0.02) and time.monotonic() < deadline:
            control.check()
