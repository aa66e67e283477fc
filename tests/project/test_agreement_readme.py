"""The README's agreement JSON example is exactly what the command prints for its two analysts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats.records import text_hash
from annotator.project import Project
from tests.core.agreement_fixtures import RAQQA, alice_raqqa, bob_raqqa
from tests.test_readme import fenced_block


def test_the_agreement_json_example_is_the_real_output(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "gold.annotator"
    Project.create(path, "news").close()
    layers = {"alice": {text_hash(RAQQA): alice_raqqa()}, "bob": {text_hash(RAQQA): bob_raqqa()}}
    monkeypatch.setattr(Project, "analyst_layers", lambda self: layers, raising=False)
    result = CliRunner().invoke(cli, ["agreement", str(path), "--format", "json", "--by", "role"])
    assert result.exit_code == 0, result.output
    assert fenced_block("agreement-json") == result.output.rstrip("\n"), (
        f"the README's agreement example differs from the real output:\n{result.output}")
