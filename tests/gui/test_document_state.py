"""The open-document state without Qt: one full read on load, then only the rows an edit names."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from annotator.core.edits import AddSpan, Changes, RelabelSpan, RemoveSpan
from annotator.core.model import ENTITY, Span
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.project import Project
from tests.gui.builders import attack_article, make_project


class Counting:
    """A project whose reads are counted by name."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str):
        self.calls[name] += 1
        return getattr(self.project, name)


@pytest.fixture
def project(tmp_path: Path):
    opened = Project.open(make_project(tmp_path / "state.annotator", [attack_article()]), "tester")
    yield opened
    opened.close()


def loaded(project: Project) -> tuple[DocumentState, Counting, list[DocumentDelta]]:
    source = Counting(project)
    state = DocumentState(source)
    deltas: list[DocumentDelta] = []
    state.listeners.append(deltas.append)
    state.load(1)
    return state, source, deltas


def test_load_reads_the_document_once_and_tells_listeners(project: Project) -> None:
    state, source, deltas = loaded(project)
    assert source.calls == {"document": 1, "spans": 1, "events": 1, "relations": 1, "attributes": 1,
                            "notes": 1, "links": 1}
    assert deltas == [DocumentDelta(loaded=True)]
    assert state.text == project.document(1).text
    assert set(state.spans) == {span.id for span in project.spans(1)}
    assert set(state.events) == {event.id for event in project.events(1)}
    state.load(None)
    assert (state.doc_id, state.spans, state.events, state.text) == (None, {}, {}, "")


def test_an_edit_rereads_only_the_rows_it_names(project: Project) -> None:
    state, source, deltas = loaded(project)
    project.listeners.append(state.apply)
    source.calls.clear()
    _, changes = project.apply(AddSpan(1, Span(0, 5, "PERSON", ENTITY, text=state.text[0:5])))
    (added,) = changes.spans
    assert source.calls == {"span": 1, "attributes_on": 1}  # an undone removal brings values back
    assert deltas[-1].added_spans == {added} and state.spans[added].label == "PERSON"

    source.calls.clear()
    project.apply(RelabelSpan(1, added, "GPE"))
    assert source.calls == {"span": 1, "attributes_on": 1}  # a changed span may have changed values
    assert deltas[-1].changed_spans == {added} and deltas[-1].old_spans[added].label == "PERSON"
    assert state.spans[added].label == "GPE"


def test_a_missing_row_was_removed_with_what_used_it(project: Project) -> None:
    state, source, deltas = loaded(project)
    project.listeners.append(state.apply)
    attack = project.events(1)[0]
    filler = attack.arguments[0].span_id
    source.calls.clear()
    project.apply(RemoveSpan(1, filler))
    assert deltas[-1].removed_spans == {filler} and filler not in state.spans
    assert deltas[-1].changed_events == {attack.id}
    assert filler not in {argument.span_id for argument in state.events[attack.id].arguments}
    assert set(source.calls) <= {"span", "event", "attributes_on"}


def test_changes_to_other_documents_or_nothing_are_ignored(project: Project) -> None:
    state, source, deltas = loaded(project)
    source.calls.clear()
    assert state.apply(Changes(doc_id=2, spans=frozenset({1}))) is None
    assert state.apply(Changes(doc_id=1, status=True)) is None
    assert source.calls == {} and len(deltas) == 1


def test_spans_by_extent_follow_every_edit(project: Project) -> None:
    state, _, _ = loaded(project)
    project.listeners.append(state.apply)
    assert [span.label for span in state.spans_at(0, 6)] == ["ORG"]
    _, changes = project.apply(AddSpan(1, Span(0, 5, "PERSON", ENTITY, text=state.text[0:5])))
    (added,) = changes.spans
    assert [span.id for span in state.spans_at(0, 5)] == [added]
    project.apply(RelabelSpan(1, added, "GPE"))
    assert [span.label for span in state.spans_at(0, 5)] == ["GPE"]
    project.apply(RemoveSpan(1, added))
    assert state.spans_at(0, 5) == [] and state.spans_at(7, 7) == []
