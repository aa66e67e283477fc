"""The DocBin export is accepted by ``spacy train`` (offline, blank English, two steps)."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.cli.init_config import init_config
from spacy.cli.train import train

from annotator.project import Project
from tests.formats.export_helpers import insert

SENTENCES = [
    ("Kofi Annan visited Accra on Monday.", [("Kofi Annan", "PERSON"), ("Accra", "GPE")]),
    ("Ama Mensah left Kumasi.", [("Ama Mensah", "PERSON"), ("Kumasi", "GPE")]),
    ("Omar Haddad returned to Aleppo.", [("Omar Haddad", "PERSON"), ("Aleppo", "GPE")]),
    ("In Idlib, Lina Saleh spoke.", [("Idlib", "GPE"), ("Lina Saleh", "PERSON")]),
    ("Paris welcomed Jean Dupont.", [("Paris", "GPE"), ("Jean Dupont", "PERSON")]),
    ("Maria Silva flew to Lisbon.", [("Maria Silva", "PERSON"), ("Lisbon", "GPE")]),
]


def test_spacy_trains_on_the_export_and_the_model_loads(project: Project, tmp_path: Path) -> None:
    for round_number in range(2):
        for number, (text, spans) in enumerate(SENTENCES):
            insert(project, f"{text} ({round_number})", f"doc {round_number}-{number}", spans)
    corpus = tmp_path / "train.spacy"
    report = project.export(corpus, "spacy")
    assert (report.documents, report.problems) == (12, {})
    config_path = tmp_path / "config.cfg"
    init_config(lang="en", pipeline=["ner"]).to_disk(config_path)
    output = tmp_path / "model"
    train(config_path, output, overrides={
        "paths.train": str(corpus), "paths.dev": str(corpus),
        "training.max_steps": 2, "training.eval_frequency": 1, "training.seed": 0,
    })
    nlp = spacy.load(output / "model-last")
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "GPE"}
    assert nlp("Kofi Annan visited Accra.").text == "Kofi Annan visited Accra."
