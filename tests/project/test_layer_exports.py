"""Exports read gold by default; --layer picks an analyst's layer, or all of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.errors import AnnotatorError
from annotator.project import Project
from tests.project.test_merging import SHARED, merged_gold


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return merged_gold(tmp_path)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def labels(record: dict) -> list[str]:
    return [span["label"] for span in record["spans"]]


def test_gold_is_the_default_and_an_analyst_layer_is_chosen_by_name(tmp_path: Path, gold: Path) -> None:
    out = tmp_path / "gold.jsonl"
    assert CliRunner().invoke(cli, ["export", str(gold), "-o", str(out)]).exit_code == 0
    by_text = {record["text"]: record for record in records(out)}
    assert labels(by_text[SHARED]) == []  # waits for adjudication
    out = tmp_path / "bob.jsonl"
    result = CliRunner().invoke(cli, ["export", str(gold), "-o", str(out), "--layer", "bob"])
    assert result.exit_code == 0, result.output
    (record,) = records(out)
    assert record["text"] == SHARED and labels(record) == ["Conflict.Attack", "ORG"]
    assert record["events"][0]["trigger"]["span"] == 0


def test_all_layers_in_one_jsonl_file_each_record_naming_its_layer(tmp_path: Path, gold: Path) -> None:
    out = tmp_path / "all.jsonl"
    with Project.open(gold, writer=False) as project:
        (report,) = project.export_layers(out, "jsonl", "all")
    found = [(record["meta"]["layer"], record["text"] == SHARED, labels(record)) for record in records(out)]
    assert found == [("gold", True, []), ("gold", False, ["GPE"]),
                     ("alice", True, ["Conflict.Attack", "GPE"]), ("alice", False, ["GPE"]),
                     ("bob", True, ["Conflict.Attack", "ORG"])]
    assert report.documents == 5
    relations = records(out)[2]["relations"]
    assert [relation["label"] for relation in relations] == ["Place"]


def test_all_layers_in_another_format_write_one_output_per_layer(tmp_path: Path, gold: Path) -> None:
    with Project.open(gold, writer=False) as project:
        reports = project.export_layers(tmp_path / "out.conll", "conll", "all")
    assert [report.out.name for report in reports] == ["out.gold.conll", "out.alice.conll", "out.bob.conll"]
    assert "ORG" in (tmp_path / "out.bob.conll").read_text(encoding="utf-8")


def test_an_unknown_layer_is_refused(tmp_path: Path, gold: Path) -> None:
    with Project.open(gold, writer=False) as project, pytest.raises(AnnotatorError) as raised:
        project.export_layers(tmp_path / "x.jsonl", "jsonl", "carol")
    assert raised.value.code == "E713" and "alice, bob" in str(raised.value)
    with Project.open(gold, writer=False) as project, pytest.raises(AnnotatorError) as raised:
        project.train(tmp_path / "model", layer="all")
    assert raised.value.code == "E715"
