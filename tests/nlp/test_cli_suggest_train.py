"""``annotator suggest`` and ``annotator train`` from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.schema import schema_from_dict
from annotator.core.suggestions import RecommenderSettings
from annotator.errors import AnnotatorError
from annotator.nlp.recommenders import build_recommenders, built_in_recommender
from annotator.project import Project
from annotator.project.suggesting import SuggestionService
from tests.conftest import add_document
from tests.formats.export_helpers import add_span
from tests.nlp.conftest import fill
from tests.nlp.test_pipeline import TEXT, ruler_pipeline

TEXTS = [TEXT, "Nobody was in Accra.", "Lagos again, then Accra.", "Quiet.", "Kofi Annan left Accra."]


def run(*args: str):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def closed_project(project: Project, count: int, status: str = "done") -> Path:
    fill(project, count, status=status)
    project.close()
    return project.path


def raw_project(project: Project) -> Path:
    for number, text in enumerate(TEXTS):
        add_document(project, text, f"text {number}")
    project.close()
    return project.path


def test_suggest_writes_mapped_suggestions_in_batches(project: Project, tmp_path: Path) -> None:
    path = raw_project(project)
    model = ruler_pipeline(tmp_path / "ruler")
    result = run("suggest", path, "--model", model, "--batch-size", "2", "--map", "LOC=GPE")
    assert result.exit_code == 0, result.output
    assert "8 suggestions written for 5 documents" in result.output
    assert "dropped 1 NORP" in result.output
    with Project.open(path) as reopened:
        service = SuggestionService(reopened, [])
        first = service.open(reopened.store.documents.ids()[0])
        assert [(s.text, s.label, s.source) for s in first] == [
            ("Kofi Annan", "PERSON", f"model:{model}"), ("Accra", "GPE", f"model:{model}"),
            ("Lagos", "GPE", f"model:{model}")]


def test_suggest_only_documents_with_a_status(project: Project, tmp_path: Path) -> None:
    fill(project, 3, status="done")
    path = raw_project(project)
    result = run("suggest", path, "--model", ruler_pipeline(tmp_path / "ruler"), "--status", "new")
    assert result.exit_code == 0, result.output
    assert "6 suggestions written for 5 documents" in result.output
    assert "dropped 2 LOC" in result.output


def test_suggest_with_a_model_that_is_not_there_fails_cleanly(project: Project, tmp_path: Path) -> None:
    path = closed_project(project, 1, status="new")
    result = run("suggest", path, "--model", tmp_path / "missing")
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output
    result = run("suggest", path, "--model", "en_core_web_sm")
    assert result.exit_code == 1 and "no spaCy pipeline named 'en_core_web_sm' is installed" in result.output
    result = run("suggest", path, "--model", tmp_path, "--map", "LOC")
    assert result.exit_code == 1


def test_train_prints_scores_and_suggest_uses_the_trained_model(project: Project, tmp_path: Path) -> None:
    path = closed_project(project, 12)
    result = run("train", path, "-o", tmp_path / "out", "--epochs", "2")
    assert result.exit_code == 0, result.output
    assert "entities (ner)" in result.output and "PERSON" in result.output
    assert (tmp_path / "out" / "ner").is_dir()
    result = run("train", path, "--epochs", "1")
    assert result.exit_code == 0, result.output
    result = run("suggest", path, "--model", "trained")
    assert result.exit_code == 0, result.output
    result = run("suggest", path, "--recommender", "trained")
    assert result.exit_code == 0 and "open suggestions from trained:" in result.output, result.output


NEWS_TEXTS = ["Rebels shelled the town on 14 March 2024; two were killed and a third died.",
              "In March the army attacked Raqqa. Raqqa was quiet by April.",
              "Nothing happened."]


def news_project(project: Project) -> Path:
    ids = [add_document(project, text, f"news {number}") for number, text in enumerate(NEWS_TEXTS)]
    add_span(project, ids[1], "Raqqa", "GPE")
    add_span(project, ids[1], "attacked", "ORG")  # a tagged word: no trigger on it
    project.close()
    return project.path


def shown(path: Path) -> list[tuple[int, str, str, str, str]]:
    with Project.open(path) as opened:
        service = SuggestionService(opened, [])
        return [(doc_id, s.text, s.label, s.kind, s.source) for doc_id in opened.store.documents.ids()
                for s in service.open(doc_id)]


def as_the_window_would(path: Path, recommender_id: str) -> list[tuple[int, str, str, str, str]]:
    """Each document refreshed by the window's suggestion service with that one recommender."""
    with Project.open(path) as opened:
        (recommender,) = [r for r in build_recommenders(RecommenderSettings(), opened.schema, opened.path)
                          if r.id == recommender_id]
        service = opened.suggestions([recommender])
        for doc_id in opened.store.documents.ids():
            service.refresh(doc_id)
        service.close()
    return shown(path)


@pytest.mark.parametrize("recommender_id", ["triggers", "dictionary"])
def test_suggest_with_a_recommender_stores_what_the_window_stores(project, tmp_path, recommender_id) -> None:
    path = news_project(project)
    twin = tmp_path / "twin.annotator"
    shutil.copy(path, twin)
    result = run("suggest", path, "--recommender", recommender_id, "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert f"open suggestions from {recommender_id}:" in result.output
    assert shown(path) == as_the_window_would(twin, recommender_id) != []


def test_suggest_triggers_by_lemma_skipping_dates_and_tagged_words(project) -> None:
    path = news_project(project)
    result = run("suggest", path, "--recommender", "triggers")
    assert result.exit_code == 0, result.output
    assert "4 suggestions written for 3 documents" in result.output and "lemma" not in result.output
    assert [(doc, text, label) for doc, text, label, _, _ in shown(path)] == [
        (1, "shelled", "Conflict.Attack"), (1, "killed", "Life.Die"), (1, "died", "Life.Die")]
    with Project.open(path) as opened:  # the hidden one is stored, as in the window
        assert [s.text for s in opened.store.suggestions.all_open_for(2)] == ["attacked"]


def test_suggest_again_keeps_rejections(project) -> None:
    path = news_project(project)
    assert run("suggest", path, "--recommender", "triggers").exit_code == 0
    with Project.open(path) as opened:
        service = SuggestionService(opened, [])
        service.reject(1, [s for s in service.open(1) if s.text == "died"])
    assert run("suggest", path, "--recommender", "triggers").exit_code == 0
    assert [text for _, text, _, _, _ in shown(path)] == ["shelled", "killed"]


def test_suggest_with_the_trained_recommender_and_no_model_is_a_coded_error(project) -> None:
    path = news_project(project)
    result = run("suggest", path, "--recommender", "trained")
    assert result.exit_code == 1 and "error: [E510] " in result.output and "Traceback" not in result.output
    assert "[E510]" in run("suggest", path, "--model", "trained").output


def test_suggest_takes_either_a_model_or_a_recommender(project, tmp_path) -> None:
    path = news_project(project)
    for args in ([], ["--model", tmp_path, "--recommender", "triggers"],
                 ["--recommender", "triggers", "--map", "LOC=GPE"], ["--recommender", "nope"]):
        result = run("suggest", path, *args)
        assert result.exit_code == 2, (args, result.output)


def test_triggers_from_a_schema_without_any_is_a_coded_error(tmp_path) -> None:
    schema = schema_from_dict({"name": "bare", "entity_labels": [{"name": "GPE"}],
                               "event_types": [{"name": "Attack"}]})
    with pytest.raises(AnnotatorError) as raised:
        built_in_recommender("triggers", RecommenderSettings(), schema, tmp_path / "p.annotator")
    assert raised.value.code == "E511"
