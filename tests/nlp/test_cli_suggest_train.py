"""``annotator suggest`` and ``annotator train`` from the command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project
from annotator.project.suggesting import SuggestionService
from tests.conftest import add_document
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
