"""Suggestions end to end on a project: refresh, accept (undoable, with provenance), accept all, reject."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.core.edits import AddSpan, RelabelSpan, RemoveSpan
from annotator.core.jobs import JobControl
from annotator.core.model import TRIGGER, Span
from annotator.core.shown_suggestions import uncovered
from annotator.core.suggestions import RecommenderSettings, accept_edit
from annotator.nlp.dictionary import DictionaryRecommender
from annotator.nlp.triggers import TriggerRecommender
from annotator.project import Project
from annotator.project.facade import EVERYTHING
from annotator.project.suggesting import SuggestionService, suggest_documents, tag_counts
from tests.conftest import add_document
from tests.formats.export_helpers import add_span, locate

FIRST = "Rebels shelled Raqqa on Monday. Raqqa was quiet by Tuesday."
SECOND = "Aid reached Raqqa's north; RAQQA radio said Raqqa needs water."


@pytest.fixture
def docs(project: Project) -> tuple[int, int]:
    return add_document(project, FIRST, "first"), add_document(project, SECOND, "second")


@pytest.fixture
def service(project: Project):
    created = SuggestionService(project, [DictionaryRecommender("en"), TriggerRecommender(project.schema)])
    yield created
    created.close()


def entity_texts(spans: list[Span]) -> list[tuple[int, str, str]]:
    return [(s.start, s.text, s.label) for s in spans if s.kind != TRIGGER]


def test_a_tagged_string_is_proposed_in_this_and_other_documents(project, docs, service) -> None:
    first, second = docs
    add_span(project, first, "Raqqa", "GPE")
    assert entity_texts(service.refresh(first)) == [(locate(FIRST, "Raqqa", 1)[0], "Raqqa", "GPE")]
    proposed = service.refresh(second)
    assert entity_texts(proposed) == [(12, "Raqqa", "GPE"), (locate(SECOND, "Raqqa", 1)[0], "Raqqa", "GPE")]
    assert all(SECOND[s.start:s.end] == s.text and s.source == "dictionary" for s in proposed)


def test_tag_counts_read_elsewhere_spare_the_first_refresh_a_project_scan(project, docs, monkeypatch) -> None:
    first, second = docs
    add_span(project, first, "Raqqa", "GPE")
    counts = tag_counts(project)
    assert counts == Counter({("Raqqa", "GPE"): 1})
    monkeypatch.setattr("annotator.store.suggestions.SuggestionStore.entity_surface_counts",
                        lambda self: pytest.fail("the first refresh rescanned the project"))
    service = SuggestionService(project, [DictionaryRecommender("en")], counts)
    assert {(s.text, s.label) for s in service.refresh(second)} == {("Raqqa", "GPE")}
    service.close()


def test_the_dictionary_follows_edits_without_a_project_rescan(project, docs, service) -> None:
    first, second = docs
    span_id = add_span(project, first, "Raqqa", "GPE")
    service.refresh(first)
    project.apply(RelabelSpan(first, span_id, "ORG"))
    assert {s.label for s in service.refresh(second)} == {"ORG"}
    project.apply(RemoveSpan(first, span_id))
    assert service.refresh(second) == []


def test_edits_to_a_document_never_refreshed_reload_the_dictionary(project, docs, service) -> None:
    first, second = docs
    service.refresh(second)
    add_span(project, first, "Monday", "DATE")
    assert entity_texts(service.refresh(second)) == []
    add_span(project, second, "Raqqa", "GPE", 1)
    assert [s.text for s in service.refresh(first) if s.kind != TRIGGER] == ["Raqqa", "Raqqa"]


def test_the_most_frequent_label_wins(project, docs, service) -> None:
    first, second = docs
    add_span(project, first, "Raqqa", "GPE")
    add_span(project, first, "Raqqa", "GPE", 1)
    add_span(project, second, "Raqqa", "ORG")
    assert {s.label for s in service.refresh(second)} == {"GPE"}


def test_accepting_is_an_undoable_edit_with_provenance(project, docs, service) -> None:
    first, second = docs
    add_span(project, first, "Raqqa", "GPE")
    suggestion = service.refresh(second)[0]
    undo, _ = project.apply(accept_edit(second, suggestion))
    (accepted,) = project.spans(second)
    assert (accepted.start, accepted.end, accepted.label) == (suggestion.start, suggestion.end, "GPE")
    assert (accepted.source, accepted.annotator) == ("dictionary", "tester")
    assert suggestion not in service.open(second)
    project.apply(undo)
    assert project.spans(second) == []
    assert [s.start for s in service.open(second)] == [suggestion.start, locate(SECOND, "Raqqa", 1)[0]]


def test_accept_all_is_one_undo_step(project, docs, service) -> None:
    first, second = docs
    add_span(project, first, "Raqqa", "GPE")
    add_span(project, first, "Monday", "DATE")
    project.apply(AddSpan(second, Span(*locate(SECOND, "water"), "DATE")))
    service.refresh(second)
    undo, _ = project.apply(service.accept_all_edit(second))
    assert [(s.text, s.source) for s in project.spans(second)] == [
        ("Raqqa", "dictionary"), ("Raqqa", "dictionary"), ("water", "manual")]
    assert service.open(second) == []
    project.apply(undo)
    assert [s.text for s in project.spans(second)] == ["water"]


def test_accept_all_occurrences_of_one_string(project, docs, service) -> None:
    first, _ = docs
    add_span(project, first, "Monday", "DATE")
    add_span(project, first, "quiet", "PERSON")
    project.apply(AddSpan(first, Span(*locate(FIRST, "Rebels"), "ORG")))
    other = add_document(project, "Monday quiet. Monday quiet.", "third")
    service.refresh(other)
    project.apply(service.occurrences_edit(other, "Monday", "DATE"))
    assert [(s.start, s.label) for s in project.spans(other)] == [(0, "DATE"), (14, "DATE")]
    assert [s.text for s in service.open(other)] == ["quiet", "quiet"]
    assert service.occurrences_edit(other, "Tuesday", "DATE") is None


def test_accept_all_keeps_labels_that_forbid_overlap_apart(project, service) -> None:
    text = "It was on Monday night."
    doc_id = add_document(project, text, "third")
    proposals = [Span(*locate(text, "on Monday"), "DATE", text="on Monday", source="a", confidence=0.4),
                 Span(*locate(text, "Monday night"), "DATE", text="Monday night", source="b", confidence=0.9),
                 Span(*locate(text, "Monday"), "PERSON", text="Monday", source="a")]
    project.apply(service.accept_all_edit(doc_id, proposals))
    assert [(s.text, s.source) for s in project.spans(doc_id)] == [("Monday", "a"), ("Monday night", "b")]


def test_one_entity_per_extent_in_accept_all_and_none_proposed_on_a_tagged_one(project, service) -> None:
    text = "Raqqa fell. Homs held."
    doc_id = add_document(project, text, "fourth")
    proposals = [Span(*locate(text, "Raqqa"), "GPE", text="Raqqa", source="a", confidence=0.4),
                 Span(*locate(text, "Raqqa"), "ORG", text="Raqqa", source="b", confidence=0.9)]
    project.apply(service.accept_all_edit(doc_id, proposals))
    assert [(s.text, s.label) for s in project.spans(doc_id)] == [("Raqqa", "ORG")]
    assert uncovered([*proposals, Span(*locate(text, "Homs"), "GPE", text="Homs")],
                     project.spans(doc_id)) == [Span(*locate(text, "Homs"), "GPE", text="Homs")]


def test_rejected_suggestions_are_not_proposed_again_in_that_document(project, docs, service) -> None:
    first, second = docs
    add_span(project, first, "Raqqa", "GPE")
    rejected = service.refresh(second)[0]
    service.reject(second, [rejected])
    assert rejected.start not in [s.start for s in service.refresh(second)]
    assert [s.start for s in service.table.rejected_for(second)] == [rejected.start]
    service.reject_all(second)
    assert service.refresh(second) == []
    assert [s.text for s in service.refresh(first) if s.kind != TRIGGER] == ["Raqqa"]


def test_ignore_case_proposes_other_spellings(project, docs) -> None:
    first, second = docs
    add_span(project, first, "Raqqa", "GPE")
    service = SuggestionService(project, [DictionaryRecommender("en", ignore_case=True)])
    assert [s.text for s in service.refresh(second)] == ["Raqqa", "RAQQA", "Raqqa"]


def test_trigger_suggestions_become_events_with_provenance(project, service) -> None:
    other = add_document(project, "They will shell the town and strike again.", "third")
    triggers = [s for s in service.refresh(other) if s.kind == TRIGGER]
    assert [(s.text, s.label) for s in triggers] == [("shell", "Conflict.Attack"),
                                                     ("strike", "Conflict.Attack")]
    undo, _ = project.apply(accept_edit(other, triggers[0]))
    (event,) = project.events(other)
    trigger = project.store.annotations.span(event.trigger_id)
    assert (event.type, event.source, event.annotator) == ("Conflict.Attack", "triggers", "tester")
    assert (trigger.text, trigger.kind, trigger.source) == ("shell", TRIGGER, "triggers")
    project.apply(undo)
    assert project.events(other) == [] and project.spans(other) == []
    batch_undo, _ = project.apply(service.accept_all_edit(other))
    assert len(project.events(other)) == 2
    project.apply(batch_undo)
    assert project.events(other) == []


def test_settings_are_kept_in_the_project(project) -> None:
    assert project.recommender_settings() == RecommenderSettings()
    settings = RecommenderSettings(ignore_case=True, model="/models/x", mapping={"LOC": "GPE"})
    project.save_recommender_settings(settings)
    assert project.recommender_settings() == settings


def test_suggest_documents_writes_in_batches_and_reports(project, docs) -> None:
    first, _ = docs
    add_span(project, first, "Raqqa", "GPE")
    dictionary = DictionaryRecommender("en")
    dictionary.learn(Counter({("Raqqa", "GPE"): 1}))
    seen = []
    report = suggest_documents(project, dictionary, batch_size=1,
                               control=JobControl(lambda done, total, _m: seen.append((done, total))))
    assert (report.documents, report.suggestions) == (2, 4)
    assert seen == [(0, 2), (1, 2), (2, 2)]
    service = SuggestionService(project, [])
    assert [s.start for s in service.open(first)] == [locate(FIRST, "Raqqa", 1)[0]]


def test_kept_open_suggestions_match_a_fresh_read_of_the_table(project, docs, service) -> None:
    first, _ = docs

    def fresh() -> list[Span]:
        reader = SuggestionService(project, service.recommenders, follow=False)
        try:
            return reader.open(first)
        finally:
            reader.close()

    def without_ids(spans: list[Span]) -> list[tuple]:
        return [(s.start, s.end, s.label, s.kind, s.text, s.source, s.confidence) for s in spans]

    add_span(project, first, "Raqqa", "GPE")
    service.refresh(first)
    assert service.open(first) and without_ids(service.open(first)) == without_ids(fresh())
    shown = service.open(first)
    service.reject(first, shown[:1])
    assert without_ids(service.open(first)) == without_ids(fresh())
    # the same proposals stored twice, one of them rejected: the kept rows follow replace_open exactly
    service.store(first, shown + shown, service.recommenders)
    assert without_ids(service.open(first)) == without_ids(fresh())
    assert without_ids(service.open(first)) == without_ids(shown[1:])
    service.store(first, [], service.learners)
    assert without_ids(service.open(first)) == without_ids(fresh())
    project.notify(EVERYTHING)
    assert service._open_rows == {}
