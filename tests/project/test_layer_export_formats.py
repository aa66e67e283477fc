"""--layer on every export format: ``NAME`` writes that analyst's layer, ``all`` every layer (JSONL in one
file, the others one output per layer), and reading an analyst's export back gives their annotations."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.adjudication import facts
from annotator.core.layers import index_form
from annotator.formats.registry import WRITERS
from annotator.project import Project
from tests.conftest import MINI_SCHEMA
from tests.project.test_merging import SHARED, merged_gold

LAYERS = ("gold", "alice", "bob")


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return merged_gold(tmp_path)


def export(gold: Path, out: Path, fmt: str, layer: str) -> None:
    result = CliRunner().invoke(cli, ["export", str(gold), "-o", str(out), "--format", fmt, "--layer", layer])
    assert result.exit_code == 0, result.output


def written(path: Path) -> bool:
    return any(path.iterdir()) if path.is_dir() else path.is_file() and path.stat().st_size > 0


def labels_written(path: Path, fmt: str) -> str:
    """The text of an output (each brat .ann), or the entity labels of a DocBin."""
    if fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        docs = DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
        return " ".join(entity.label_ for doc in docs for entity in doc.ents)
    files = path.rglob("*.ann") if path.is_dir() else [path]
    return "\n".join(file.read_text(encoding="utf-8") for file in files)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_writes_one_analysts_layer_and_all_layers(tmp_path: Path, gold: Path, fmt: str) -> None:
    suffix = WRITERS[fmt].suffix
    bob = tmp_path / f"bob{suffix}"
    export(gold, bob, fmt, "bob")
    assert written(bob)
    assert "ORG" in labels_written(bob, fmt) and "GPE" not in labels_written(bob, fmt)  # bob's, not alice's
    every = tmp_path / f"all{suffix}"
    export(gold, every, fmt, "all")
    if fmt == "jsonl":
        assert written(every)
    elif suffix == "":
        assert sorted(path.name for path in every.iterdir()) == sorted(LAYERS)
        assert all(written(every / name) for name in LAYERS)
    else:
        assert all(written(tmp_path / f"all.{name}{suffix}") for name in LAYERS)


def imported_facts(tmp_path: Path, path: Path) -> dict[str, dict]:
    """Each document's facts (by text) after importing ``path`` into a new project."""
    project_path = tmp_path / f"read-{path.stem}.annotator"
    with Project.create(project_path, MINI_SCHEMA) as project:
        project.import_paths([path])
        return {item.document.text: facts(index_form(item)) for item in project.annotated()}


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
def test_an_analysts_export_reads_back_as_their_annotations(tmp_path: Path, gold: Path, fmt: str) -> None:
    with Project.open(gold, writer=False) as project:
        layers = {name: {item.document.text: facts(item) for item in by_text.values()}
                  for name, by_text in project.analyst_layers().items()}
    for analyst in ("alice", "bob"):
        out = tmp_path / f"{analyst}{WRITERS[fmt].suffix}"
        export(gold, out, fmt, analyst)
        assert imported_facts(tmp_path, out) == layers[analyst]
    assert layers["alice"][SHARED] != layers["bob"][SHARED]  # the two layers differ: the test can tell


def test_all_layers_in_jsonl_read_back_as_gold(tmp_path: Path, gold: Path) -> None:
    out, gold_out = tmp_path / "all.jsonl", tmp_path / "gold.jsonl"
    export(gold, out, "jsonl", "all")
    export(gold, gold_out, "jsonl", "gold")
    assert imported_facts(tmp_path, out) == imported_facts(tmp_path, gold_out)
