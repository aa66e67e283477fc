"""Training from the project: a tiny model in seconds, used as a recommender, replaced atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.edits import AddSpan
from annotator.core.jobs import Cancelled, JobControl
from annotator.core.model import Span
from annotator.core.suggestions import RecommenderSettings
from annotator.errors import AnnotatorError
from annotator.nlp.recommenders import ModelRecommender, build_recommenders
from annotator.nlp.training import model_dir_for
from annotator.project import Project
from annotator.project.suggesting import SuggestionService
from tests.conftest import add_document
from tests.nlp.conftest import fill, training_text


def test_a_trained_model_suggests_and_accepted_spans_export_with_provenance(
        done_project: Project, tmp_path: Path) -> None:
    progress = []
    result = done_project.train(epochs=12,
                           control=JobControl(lambda done, total, _: progress.append((done, total))))
    assert progress == [(epoch, 12) for epoch in range(1, 13)]
    assert result.model_dir == model_dir_for(done_project.path) == tmp_path / "test.model"
    assert (result.train_documents, result.dev_documents, result.pipeline) == (13, 3, ("ner",))
    assert set(result.per_label) == {"PERSON", "GPE"}
    assert 0.5 < result.overall.f1 <= 1.0
    assert any("PERSON" in line for line in result.summary_lines())

    text = training_text("Amira Haddad", "Aleppo", 99)
    doc_id = add_document(done_project, text, "new report")
    recommenders = build_recommenders(RecommenderSettings(dictionary=False, triggers=False),
                                      done_project.schema, done_project.path)
    assert [r.id for r in recommenders] == ["trained"]
    service = SuggestionService(done_project, recommenders)
    suggestions = service.refresh(doc_id)
    assert {(s.text, s.label) for s in suggestions} >= {("Amira Haddad", "PERSON"), ("Aleppo", "GPE")}
    assert all(s.source == "trained" and text[s.start:s.end] == s.text for s in suggestions)

    done_project.apply(service.accept_all_edit(doc_id))
    out = tmp_path / "export.jsonl"
    done_project.export(out, "jsonl")
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
                 if json.loads(line)["text"] == text]
    assert {(s["text"], s["source"], s["annotator"]) for s in record["spans"]} >= {
        ("Amira Haddad", "trained", "tester"), ("Aleppo", "trained", "tester")}

    by_path = ModelRecommender.load(result.model_dir, done_project.schema)
    assert by_path.id == f"model:{result.model_dir}"
    assert {s.text for s in by_path.suggest(doc_id, text)} == {s.text for s in suggestions}


def test_overlapping_spans_add_a_span_categorizer_and_retraining_replaces_the_model(
        done_project: Project, tmp_path: Path) -> None:
    doc_id = done_project.store.documents.ids()[0]
    person = next(s for s in done_project.spans(doc_id) if s.label == "PERSON")
    first_name_end = person.start + person.text.index(" ")
    done_project.apply(AddSpan(doc_id, Span(person.start, first_name_end, "ORG")))
    target = tmp_path / "models" / "news"
    target.parent.mkdir()
    first = done_project.train(target, epochs=2, in_child=False)
    assert first.pipeline == ("ner", "spancat") and first.spans_overall is not None
    marker = target / "marker"
    marker.write_text("old")
    second = done_project.train(target, epochs=1, in_child=False)
    assert second.model_dir == target and not marker.exists()
    assert (target / "spancat").is_dir()
    assert sorted(p.name for p in target.parent.iterdir()) == ["news"]


def test_cancel_kills_training_and_keeps_the_previous_model(done_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "model"
    target.mkdir()
    (target / "config.cfg").write_text("previous")
    control = JobControl(lambda done, total, message: control.cancel())
    with pytest.raises(Cancelled):
        done_project.train(target, epochs=50, control=control)
    assert (target / "config.cfg").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_training_needs_done_documents_and_refuses_to_overwrite_other_folders(
        project: Project, tmp_path: Path) -> None:
    fill(project, 5, status="in_progress")
    with pytest.raises(AnnotatorError, match="at least 2 documents marked done"):
        project.train(epochs=1, in_child=False)
    with pytest.raises(AnnotatorError, match="at least 2 documents marked done"):
        project.train(epochs=1)
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "notes.txt").write_text("mine")
    with pytest.raises(AnnotatorError, match="not empty"):
        project.train(tmp_path / "stuff", epochs=1)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert [p.name for p in (tmp_path / "stuff").iterdir()] == ["notes.txt"]
