"""``annotator agreement``: each format and breakdown, the JSON shape, -o, and exit 1 with E730 when no
document was annotated by two analysts. The layers are the hand-written ones of the core tests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.agreement import BREAKDOWNS, REPORT_FORMATS
from annotator.core.agreement.pair import F1_MEASURES
from annotator.project import Project
from annotator.project.agreement import RENDERERS
from tests.core.agreement_fixtures import team
from tests.project.test_merging import analyst_copy


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project whose analysts' layers are the core tests' team (alice, bob, carol)."""
    path = tmp_path / "gold.annotator"
    Project.create(path, "news").close()
    monkeypatch.setattr(Project, "analyst_layers", lambda self: team(), raising=False)
    return path


def test_json_has_the_documented_keys_and_the_hand_computed_figures(project: Path) -> None:
    result = run("agreement", str(project), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"analysts", "documents", "excluded_documents", "pairs", "overall", "attributes",
                         "by", "breakdown", "confusion", "per_document"}
    assert (data["analysts"], data["documents"], data["excluded_documents"], data["pairs"]) == (
        ["alice", "bob", "carol"], 2, 1, 3)
    assert set(data["overall"]) == {*F1_MEASURES, "token_kappa", "token_alpha", "link_agreement"}
    # spans exact: F1 alice/bob 8/13, alice/carol 1, bob/carol 4/5, mean over the three pairs
    assert data["overall"]["spans_exact"] == {"precision": round((4 / 6 + 1 + 2 / 3) / 3, 4),
                                              "recall": round((4 / 7 + 2) / 3, 4),
                                              "f1": round((8 / 13 + 1.8) / 3, 4), "tp": 9, "fp": 3, "fn": 3}
    assert data["breakdown"]["spans_exact"]["ORG"]["f1"] == 0.8  # (2/5 + 1 + 1) / 3
    assert {"a": "ORG", "b": "PER", "count": 1} in data["confusion"]
    assert data["attributes"]["Tense"] == {"observed": 0.0, "kappa": 0.0, "items": 1}


def test_each_breakdown(project: Path) -> None:
    role = json.loads(run("agreement", str(project), "--format", "json", "--by", "role").output)
    assert role["breakdown"]["arguments"]["Place"]["f1"] == 1.0 and set(role["breakdown"]) == {"arguments"}
    pairs = json.loads(run("agreement", str(project), "--format", "json", "--by", "annotator-pair").output)
    assert [(pair["a"], pair["b"], pair["documents"]) for pair in pairs["breakdown"]] == [
        ("alice", "bob", 2), ("alice", "carol", 1), ("bob", "carol", 1)]
    assert set(BREAKDOWNS) == {"label", "role", "annotator-pair"} and set(RENDERERS) == set(REPORT_FORMATS)


def test_text_report(project: Path) -> None:
    result = run("agreement", str(project), "--by", "role")
    assert result.exit_code == 0
    assert "Agreement of 3 analysts (alice, bob, carol) on 2 shared documents" in result.output
    assert re.search(r"Place\s+1\.000\s+1\.000\s+1\.000", result.output)
    assert "Krippendorff's α, nominal" in result.output


def test_text_and_html_show_each_pair_by_label_and_role_and_each_document(project: Path, tmp_path) -> None:
    text = run("agreement", str(project)).output
    # alice/bob on ORG: tp 1, fp 1, fn 2, so P 1/2, R 1/3, F1 2·(1/2)(1/3)/(1/2 + 1/3) = 0.4
    org = ["alice/bob", "Spans", "ORG", "0.500", "0.333", "0.400", "1", "1", "2"]
    # alice/bob on the role Time: alice's filler, none from bob: tp 0, fp 0, fn 1
    time = ["alice/bob", "Arguments", "Time", "1.000", "0.000", "0.000", "0", "0", "1"]
    assert "Per analyst pair, by label, type and role" in text
    assert "Per document and per annotator pair" in text
    for row in (org, time):
        assert re.search(r"\s+".join(map(re.escape, row)), text)
    assert re.search(r"Shelling in Raqqa\s+alice/bob\s+0\.500\s+0\.750", text)
    out = tmp_path / "agreement.html"
    run("agreement", str(project), "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "<h2>Per analyst pair, by label, type and role (A is the reference)</h2>" in html
    assert "<h2>Per document and per annotator pair</h2>" in html
    assert "".join(f'<td class="name">{cell}</td>' for cell in org[:3]) + "<td>0.500</td>" in html


def test_html_report_is_one_file_that_fetches_nothing(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "agreement.html"
    result = run("agreement", str(project), "--format", "html", "-o", str(out))
    assert result.exit_code == 0 and f"to {out}" in result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "Entity span F1 by label" in html
    assert "Confusion of entity labels" in html
    assert not re.search(r"<script|<link|<img|src=|href=|@import|url\(", html)
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * 2  # the SVG namespace


def test_names_from_the_files_are_escaped_in_html(project: Path, monkeypatch, tmp_path: Path) -> None:
    layers = team()
    for analyst in layers.values():
        for sha, item in analyst.items():
            analyst[sha] = type(item)(item.document, tuple(
                type(span)(span.start, span.end, "<b>" + span.label, span.kind) for span in item.spans))
    monkeypatch.setattr(Project, "analyst_layers", lambda self: layers, raising=False)
    html = run("agreement", str(project), "--format", "html").output
    assert "<b>" not in html and "&lt;b&gt;ORG" in html


def test_fewer_than_two_analysts_on_a_document_is_exit_1_with_e730(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(Project, "analyst_layers", lambda self: {"carol": team()["carol"]}, raising=False)
    result = CliRunner().invoke(cli, ["agreement", str(project)])
    assert result.exit_code == 1 and "error: [E730]" in result.output
    assert "no document was annotated by two or more analysts (1 analyst layer(s) here)" in result.output


def test_agreement_of_a_merged_gold_project(tmp_path: Path) -> None:
    """Real layers: two analysts' copies merged, then compared (no stand-in for analyst_layers)."""
    alice = analyst_copy(tmp_path / "alice.annotator", "alice")
    bob = analyst_copy(tmp_path / "bob.annotator", "bob", label="ORG")
    gold = tmp_path / "gold.annotator"
    assert run("merge", str(gold), str(alice), str(bob)).exit_code == 0
    data = json.loads(run("agreement", str(gold), "--format", "json", "--by", "role").output)
    # SHARED: alice tags Homs GPE, bob ORG; both have the attack on "shelled", only alice fills Place;
    # ALONE is alice's only: left out
    assert (data["analysts"], data["documents"], data["excluded_documents"]) == (["alice", "bob"], 1, 1)
    assert data["overall"]["spans_exact"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                                              "tp": 0, "fp": 1, "fn": 1}
    assert data["overall"]["triggers"]["f1"] == 1.0 and data["overall"]["relations"] is None
    assert data["breakdown"]["arguments"]["Place"] == {"precision": 1.0, "recall": 0.0, "f1": 0.0,
                                                       "tp": 0, "fp": 0, "fn": 1, "pairs": 1}
    # tokens Rebels shelled Homs on Monday . : O O GPE O O O | O O ORG O O O
    # p_o = 5/6, p_e = (5·5)/36 -> κ = (30/36 − 25/36) / (11/36) = 5/11
    assert data["overall"]["token_kappa"] == round(5 / 11, 4)
    assert data["confusion"] == [{"a": "GPE", "b": "ORG", "count": 1}]
    one = tmp_path / "one.annotator"
    run("merge", str(one), str(alice))
    refused = CliRunner().invoke(cli, ["agreement", str(one)])
    assert refused.exit_code == 1 and "[E730]" in refused.output
