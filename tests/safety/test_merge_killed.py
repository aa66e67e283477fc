"""A merge killed with SIGKILL part-way leaves the gold project as it was; one killed after it committed
leaves it complete: the merge is one transaction."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from annotator.core.edits import AddSpan
from annotator.core.model import Span
from annotator.project import Project
from tests.conftest import add_document
from tests.project.test_merging import dump
from tests.safety.helpers import ROOT, environment

WORKER = Path(__file__).with_name("merge_worker.py")
DOCUMENTS = 60


def analyst_copy(path: Path, name: str) -> Path:
    with Project.create(path, "news", annotator=name) as project:
        for number in range(DOCUMENTS):
            doc_id = add_document(project, f"Rebels shelled Accra on day {number}.", f"report {number}")
            project.apply(AddSpan(doc_id, Span(15, 20, "GPE" if name == "alice" else "ORG")))
    return path


def run_merge(gold: Path, *inputs: Path, kill_after: str) -> None:
    process = subprocess.Popen([sys.executable, str(WORKER), str(gold), *map(str, inputs), "--pause", "0.01"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=environment(), cwd=ROOT)
    try:
        for line in process.stdout:
            if line.strip() == kill_after:
                break
        else:
            raise AssertionError(f"merge ended early: {process.stderr.read()}")
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()


def test_a_merge_killed_mid_transaction_leaves_gold_as_it_was(tmp_path: Path) -> None:
    alice, bob = analyst_copy(tmp_path / "alice.annotator", "alice"), analyst_copy(tmp_path / "bob.annotator",
                                                                                    "bob")
    gold = tmp_path / "gold.annotator"
    run_merge(gold, alice, kill_after="done")
    with Project.open(gold) as project:  # opening recovers the file the killed process left
        assert len(project.analyst_layers()["alice"]) == DOCUMENTS
    before = dump(gold)
    run_merge(gold, bob, kill_after=f"merged {DOCUMENTS // 2}")
    with Project.open(gold) as project:
        assert sorted(project.analyst_layers()) == ["alice"]
    assert dump(gold) == before
    run_merge(gold, bob, kill_after="done")
    with Project.open(gold) as project:
        layers = project.analyst_layers()
        assert len(layers["bob"]) == len(layers["alice"]) == DOCUMENTS
