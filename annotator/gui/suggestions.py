"""Suggestions in the window: shown dashed in the article, stepped through, accepted or rejected by key.

The current suggestion is shown as the article's text selection (and described in the status bar). While
it is, Enter accepts it and Backspace or X rejects it: the keys are claimed from the view through an event
filter only then, so Enter on a selection of the analyst's own and Backspace on a selected annotation
keep their usual meaning. After accepting or rejecting it, the next suggestion becomes current only if
it is already in view: the article scrolls only when the analyst asks (F8, find, a click in a pane), and
an edit of the analyst's own never moves it. Accepting goes through :meth:`Session.do` (undoable, saved
at once) and the accepted span keeps the recommender as its source. Recommenders load, and models train,
off the UI thread in background jobs with progress and Cancel.

The view never waits for a model. Recommenders load on the background runner once the article has
painted, and the dictionary learns the project's tags there too. Text-only recommenders (a trained
model, a pipeline, the trigger list) run once per document on the runner, in pieces of a few
milliseconds so the UI thread gets the GIL between them, and their proposals are kept per document in
memory. After an edit only the dictionary's part changes, on the UI thread and from the change: it
re-matches just the strings the edit taught it, only the rows that differ are stored (in one write
after edits stop), :class:`~annotator.core.shown_suggestions.ShownSuggestions` re-decides only the
span-and-label keys the edit touched, and the view repaints only the suggestions that came or went.
Both parts are stored (and rejections filtered) through the UI thread's project, so the worker never
touches a connection. The controller is the open document state's last listener, so the dictionary
learns an edit before it proposes again.

The Suggestions menu, training and the settings dialog, and installing this controller in the window,
are :mod:`annotator.gui.suggestions_menu`.
"""

from __future__ import annotations

from collections import Counter
from contextlib import suppress

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QWidget

from annotator.core.edits import Edit
from annotator.core.model import Span
from annotator.core.shown_suggestions import ShownSuggestions
from annotator.core.suggestions import RecommenderSettings, accept_edit
from annotator.errors import AnnotatorError
from annotator.gui import keymap, status_hints
from annotator.gui.article_view import ArticleView
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.jobs import BackgroundJob, freeze_once
from annotator.gui.session import Session
from annotator.gui.suggestion_jobs import UiTurns, load_recommenders, propose_in_pieces
from annotator.project.suggesting import RowChanges, SuggestionService

WRITE_AFTER_MS = 1000  # the dictionary's rows are written this long after edits stop
FIRST_LOAD_AFTER_MS = 300  # recommenders load after the article's first paint, or this long after start


class SuggestionsController(QObject):
    """The current document's suggestions and the verbs on them, for one session and article view."""

    accepted = Signal(object)  # the Changes of accepting the current suggestion, None if refused

    def __init__(self, session: Session, view: ArticleView, state: DocumentState, parent: QWidget,
                 recommenders: list | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.view = view
        self.state = state
        self.widget = parent
        self.service: SuggestionService | None = None
        self.suggestions: list[Span] = []
        self.current: int | None = None
        self.jobs: list[BackgroundJob] = []
        self._proposed: dict[int, list[Span]] = {}  # text-only recommenders' proposals per document
        self._asked: int | None = None  # the document the model job is reading
        self._shown: ShownSuggestions | None = None  # the open document's, kept up to date by edits
        self._generation = 0  # bumped with each new set of recommenders; older results are dropped
        self._write_timer = QTimer(self, singleShot=True, interval=WRITE_AFTER_MS)
        self._write_timer.timeout.connect(self._write_rows)
        state.listeners.append(self._on_state)
        self.destroyed.connect(lambda: self._closing(state))
        view.installEventFilter(self)
        self._first_load: QTimer | None = None
        if recommenders is None:
            # Loading a pipeline is Python work that holds the GIL in turns with the UI thread, which
            # doubled the first paint of a long article: load once it has painted (or soon anyway).
            self._first_load = QTimer(self, singleShot=True, interval=FIRST_LOAD_AFTER_MS)
            self._first_load.timeout.connect(self._load_first)
            self._first_load.start()
            view.viewport().installEventFilter(self)
        else:
            self._use(recommenders)

    def _load_first(self) -> None:
        self.view.viewport().removeEventFilter(self)
        self._first_load = None
        self.reload_recommenders()

    def _closing(self, state: DocumentState) -> None:
        """The rows an edit changed since the last write went in when the project closed
        (``Project.before_close``); closing the service again only lets go of the project."""
        state.listeners.remove(self._on_state)
        if self.service is not None:
            self.service.close()
            self.service = None

    def _write_rows(self) -> None:
        if self.service is not None:
            with suppress(AnnotatorError):  # read-only or a full disk: proposed again on the next open
                self.service.flush()

    # -- recommenders ------------------------------------------------------------------------------

    @property
    def settings(self) -> RecommenderSettings:
        return self.session.project.recommender_settings()

    def reload_recommenders(self) -> BackgroundJob:
        settings = self.settings
        job = self.start_job("Loading recommenders",
                             lambda _control: load_recommenders(settings, self.session))
        job.succeeded.connect(self._loaded)
        return job

    def _loaded(self, result: tuple[list, str, Counter | None]) -> None:
        recommenders, warning, counts = result
        freeze_once()
        self._use(recommenders, counts)
        if warning:
            self.session.message.emit(warning)

    def _use(self, recommenders: list, counts: Counter | None = None) -> None:
        """Use these recommenders; ``counts``, if given, are the tag counts the dictionary was taught."""
        if self.service is not None:
            self.service.close()
        self.service = self.session.project.suggestions(recommenders, counts, follow=False,
                                                        taught=counts is not None)
        self._generation += 1
        self._proposed.clear()
        self._asked = None
        self._open_document()

    def start_job(self, title: str, work, *, progress: bool = True) -> BackgroundJob:
        """Run ``work`` on the background runner, kept in ``jobs`` while it runs."""
        job = BackgroundJob(self.widget, title, work, progress=progress)
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job.start()

    # -- proposals from text-only recommenders, off the UI thread ---------------------------------

    def _ask_model(self, doc_id: int, text: str) -> None:
        """Run the text-only recommenders over one document on the pool, one document at a time."""
        if self._asked is not None:
            return  # the running job's end asks again for whatever document is open then
        readers, generation = list(self.service.text_only), self._generation
        self._asked = doc_id
        turns = UiTurns(self)
        job = self.start_job("Suggesting", lambda control: propose_in_pieces(
            readers, doc_id, text, control, lambda: turns.wait(control)), progress=False)
        job.finished.connect(turns.deleteLater)
        job.finished.connect(lambda: self._model_ended(generation))
        job.succeeded.connect(lambda proposals: self._model_done(generation, doc_id, proposals))

    def _model_done(self, generation: int, doc_id: int, proposals: list[Span]) -> None:
        if generation != self._generation:
            return
        self._proposed[doc_id] = proposals
        if doc_id == self.doc_id:
            self._show_changed_rows(self._store_model_part(doc_id))
        elif self.doc_id is not None and self.doc_id not in self._proposed:
            self._ask_model(self.doc_id, self.state.text)  # another document opened meanwhile

    def _model_ended(self, generation: int) -> None:
        """Runs before ``_model_done``; an abandoned job (its window closing) ends here."""
        if generation == self._generation:
            self._asked = None

    def _store_model_part(self, doc_id: int) -> RowChanges | None:
        with suppress(AnnotatorError):  # read-only or a full disk: what was stored before is shown
            return self.service.store(doc_id, self._proposed[doc_id], self.service.text_only)
        return None

    # -- showing -----------------------------------------------------------------------------------

    @property
    def doc_id(self) -> int | None:
        return self.state.doc_id

    def _on_state(self, delta: DocumentDelta) -> None:
        if delta.loaded:
            self.current = None
            if self.service is not None:
                self.service.forget()  # a document opens: its suggestions are read from the table once
            self._open_document()
        elif delta.spans and self.service is not None:
            state = self.state
            self.service.learn(state.doc_id, state.spans.values)
            old = [delta.old_spans[span_id] for span_id in delta.spans if span_id in delta.old_spans]
            new = [state.spans[span_id] for span_id in delta.spans if span_id in state.spans]
            self._show_changed_rows(self._refresh_learners(), old, new)

    def _show_changed_rows(self, rows: RowChanges | None, old: list[Span] = (), new: list[Span] = ()) -> None:
        """Show what changed in the open rows (None: unknown, look at them all) and in the annotations."""
        if rows is None or rows.reread or self._shown is None:
            self._show_keeping_place()
        else:
            self._show_keeping_place(list(self._shown.update(rows.removed, rows.added, old, new)))

    def _open_document(self) -> None:
        """A document opened: the dictionary's part now, the model's from memory or from the pool."""
        if self.service is not None and self.doc_id is not None:
            self._refresh_learners()
            if self.doc_id in self._proposed:
                self._store_model_part(self.doc_id)
            elif self.service.text_only:
                self._ask_model(self.doc_id, self.state.text)
        self.refresh()

    def _refresh_learners(self) -> RowChanges | None:
        """Store what the dictionary proposes now; the rows that changed (None: look at all of them)."""
        service, state = self.service, self.state
        proposals = service.learners_suggest(state.doc_id, state.text, state.spans.values())
        with suppress(AnnotatorError):  # read-only or a full disk: what was stored before is shown
            changes = service.store(state.doc_id, proposals, service.learners, later=True)
            self._write_timer.start()
            return changes
        return None

    def refresh(self, shown: list[Span] | None = None) -> list[Span]:
        """Show the current document's open suggestions as stored (no recommender runs), or ``shown``."""
        if shown is None:
            self._shown = None
            if self.service is not None and self.doc_id is not None:
                self._shown = ShownSuggestions(self.service.open_rows(self.doc_id), self.state.spans.values())
        self.suggestions = shown if shown is not None else list(self._shown.shown) if self._shown else []
        self.state.suggestions = self.suggestions
        self.view.set_suggestions(self.suggestions)
        if self.current is not None:
            self.current = min(self.current, len(self.suggestions) - 1) if self.suggestions else None
        return self.suggestions

    def _show_keeping_place(self, shown: list[Span] | None = None) -> None:
        """Show the suggestions anew; if the current one was just settled, the next one in view follows.

        Only while the current suggestion is still the article's selection (the analyst accepted or
        rejected it): after tagging text of their own, or Escape, nothing is selected and nothing scrolls.
        """
        settled = self.current_span() is not None
        self.refresh(shown)
        if not settled:
            return
        if self.current is not None and self._in_view(self.suggestions[self.current]):
            self.select(self.current)
        else:
            self.view.clear_text_selection()
            self.session.message.emit(status_hints.none_in_view(len(self.suggestions), keymap.names))

    def select(self, index: int) -> Span | None:
        """Make a suggestion current: select its text, scroll to it, describe it in the status bar."""
        if not self.suggestions:
            self.current = None
            self.session.message.emit("No suggestions in this document")
            return None
        self.current = index % len(self.suggestions)
        span = self.suggestions[self.current]
        self.view.select_text(span.start, span.end)
        confidence = f", confidence {span.confidence:.2f}" if span.confidence is not None else ""
        self.session.message.emit(
            f"Suggestion {self.current + 1}/{len(self.suggestions)}: {span.label} \u201c{span.text}\u201d "
            f"from {span.source}{confidence} ({keymap.key_text('accept_suggestion', sep=' or ')} accepts, "
            f"{keymap.key_text('reject_suggestion', sep=' or ')} rejects)")
        return span

    def step(self, delta: int) -> Span | None:
        start = -1 if delta > 0 else 0
        return self.select((self.current if self.current is not None else start) + delta)

    def _in_view(self, span: Span) -> bool:
        """Whether the span's first and last characters are inside the article's viewport."""
        area = self.view.viewport().rect()
        cursor = QTextCursor(self.view.document())
        for offset in (span.start, span.end):
            cursor.setPosition(self.view.offset_map.to_foreign(offset))
            if not area.contains(self.view.cursorRect(cursor).center()):
                return False
        return True

    def current_span(self) -> Span | None:
        """The current suggestion, if it is still what the article has selected."""
        if self.current is None or self.current >= len(self.suggestions):
            return None
        span = self.suggestions[self.current]
        cursor = self.view.textCursor()
        offsets = self.view.offset_map
        if (cursor.selectionStart(), cursor.selectionEnd()) != (offsets.to_foreign(span.start),
                                                                 offsets.to_foreign(span.end)):
            return None
        return span

    # -- verbs -------------------------------------------------------------------------------------

    def _do(self, edit: Edit | None) -> None:
        if edit is None:
            self.session.message.emit("Nothing to accept")
        else:
            self.session.do(edit)

    def accept_current(self) -> None:
        span = self.current_span()
        if span is not None and self.doc_id is not None:
            self.accepted.emit(self.session.do(accept_edit(self.doc_id, span)))

    def reject_current(self) -> None:
        span = self.current_span()
        if span is not None and self.service is not None and self.doc_id is not None and self._reject([span]):
            self._show_keeping_place()

    def accept_all(self) -> None:
        if self.service is not None and self.doc_id is not None:
            self._do(self.service.accept_all_edit(self.doc_id))

    def accept_occurrences(self) -> None:
        span = self.current_span()
        if span is not None and self.service is not None and self.doc_id is not None:
            self._do(self.service.occurrences_edit(self.doc_id, span.text, span.label,
                                                   ignore_case=self.settings.ignore_case))

    def reject_all(self) -> None:
        if self.service is None or self.doc_id is None:
            return
        rejected = self.service.open(self.doc_id)
        if self._reject(rejected):
            if self.current_span() is not None:
                self.view.clear_text_selection()
            self.current = None
            self.refresh()
            self.session.message.emit(status_hints.rejected_all(len(rejected)))

    def _reject(self, suggestions: list[Span]) -> bool:
        """Reject through the project; a refusal (read-only, full disk) is reported like a refused edit."""
        try:
            self.service.reject(self.doc_id, suggestions)
        except AnnotatorError as error:
            self.session.refused(error)
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Claim Enter, Backspace and X from the view while a suggestion is the current selection (and
        see the article's first paint)."""
        if self._first_load is not None and event.type() == QEvent.Type.Paint:
            self._first_load.start(0)  # right after this paint
        if watched is self.view and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            accept = isinstance(event, QKeyEvent) and keymap.matches(event, "accept_suggestion")
            reject = isinstance(event, QKeyEvent) and keymap.matches(event, "reject_suggestion")
            if (accept or reject) and self.current_span() is not None:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    (self.accept_current if accept else self.reject_current)()
                return True
        return super().eventFilter(watched, event)
