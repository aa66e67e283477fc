"""The project search through the facade and the CLI: each key alone and combined, keyword-in-context rows
with the annotations at the match, keyset pages, and the bulk actions (each one undoable edit, refused with
the list of conflicts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.entity_edits import CreateEntity, LinkSpan
from annotator.core.model import (
    ON_EVENT,
    TRIGGER,
    Annotated,
    Argument,
    AttributeValue,
    Document,
    Entity,
    Event,
    Span,
)
from annotator.errors import AnnotatorError
from annotator.project import Project
from tests.conftest import DATA, MINI_SCHEMA, sha

SCHEMA = DATA / "linked_schema.yaml"
FIRST = "Rebels attacked Abu Kamal. ISIS fighters fled Abu Kamál at night."
SECOND = "ISIS attacked Raqqa.\nLater abu kamal was calm."


def at(text: str, word: str, label: str, kind: str = "entity", nth: int = 0, who: str = "") -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word), label, kind, annotator=who)


@pytest.fixture
def project(tmp_path: Path):
    first = Annotated(
        Document(FIRST, "first", sha256=sha(FIRST)),
        (at(FIRST, "Rebels", "ORG", who="alice"),
         at(FIRST, "attacked", "Conflict.Attack", TRIGGER, who="alice"),
         at(FIRST, "Abu Kamal", "GPE", who="alice"), at(FIRST, "ISIS", "ORG", who="alice")),
        (Event("Conflict.Attack", 1, (Argument("Attacker", 0), Argument("Target", 2))),),
        attributes=(AttributeValue("Modality", "Asserted", ON_EVENT, 0),))
    second = Annotated(
        Document(SECOND, "second", sha256=sha(SECOND), status="done"),
        (at(SECOND, "ISIS", "PERSON", who="bob"), at(SECOND, "Raqqa", "GPE", who="bob")))
    created = Project.create(tmp_path / "search.annotator", SCHEMA, annotator="tester")
    with created.store.atomic():
        created.store.insert_annotated([first, second], annotator="import", source="import")
    created.apply(CreateEntity(Entity("Abu Kamal", "GPE", ("Abu Kamál",), "wikidata:Q123")))
    created.apply(LinkSpan(1, 3, 1))
    yield created
    created.close()


def places(project: Project, query: str, **options) -> list[tuple[int, str]]:
    return [(hit.doc_id, hit.match) for hit in project.search(query, **options).hits]


def test_text_is_found_ignoring_case_and_diacritics_or_exactly(project: Project) -> None:
    assert places(project, "abu kamal") == [(1, "Abu Kamal"), (1, "Abu Kamál"), (2, "abu kamal")]
    assert places(project, 'exact:"Abu Kamal"') == [(1, "Abu Kamal")]
    hit = project.search("abu kamal").hits[2]
    assert (hit.title, hit.left, hit.right) == ("second", "ISIS attacked Raqqa.\nLater ", " was calm.")
    assert SECOND[hit.start:hit.end] == hit.match
    first = project.search("abu kamal").hits[0]
    assert first.annotations == ("GPE 'Abu Kamal' → Abu Kamal (entity 1); Target of Conflict.Attack",)
    assert first.spans == (3,) and first.span_id is None


@pytest.mark.parametrize(("query", "expected"), [
    ("label:GPE", [(1, "Abu Kamal"), (2, "Raqqa")]),
    ("label:GPE label:PERSON", [(1, "Abu Kamal"), (2, "ISIS"), (2, "Raqqa")]),
    ("entity:wikidata:Q123", [(1, "Abu Kamal")]),
    ("entity:1", [(1, "Abu Kamal")]),
    ('entity:"abu kamál"', [(1, "Abu Kamal")]),
    ("type:Conflict.Attack", [(1, "attacked")]),
    ("role:Attacker", [(1, "Rebels")]),
    ("type:Conflict.Attack role:Target", [(1, "Abu Kamal")]),
    ("attr:Modality=Asserted", [(1, "attacked")]),
    ("attr:Modality=Other", []),
    ("status:done", [(2, "ISIS"), (2, "Raqqa")]),
    ("status:done isis", [(2, "ISIS")]),
    ("by:alice isis", [(1, "ISIS")]),
    ("isis label:PERSON", [(2, "ISIS")]),
    ("kamal label:GPE", [(1, "Abu Kamal")]),
])
def test_each_key_and_combinations(project: Project, query: str, expected: list[tuple[int, str]]) -> None:
    assert places(project, query) == expected


def test_an_unknown_entity_is_a_coded_error(project: Project) -> None:
    with pytest.raises(AnnotatorError) as refused:
        project.search("entity:wikidata:Q999")
    assert refused.value.code == "E675"


def test_pages_follow_each_other_by_key(project: Project) -> None:
    everything = project.search("abu kamal").hits
    first = project.search("abu kamal", limit=2)
    assert first.hits == everything[:2] and first.next_key == everything[1].key
    second = project.search("abu kamal", limit=2, after=first.next_key)
    assert second.hits == everything[2:] and second.next_key is None
    spans = project.search("label:GPE label:ORG", limit=1)
    rest = project.search("label:GPE label:ORG", after=spans.next_key)
    assert [hit.match for hit in spans.hits + rest.hits] == ["Rebels", "Abu Kamal", "ISIS", "Raqqa"]


def test_labelling_every_unannotated_match_is_one_edit(project: Project) -> None:
    edit = project.label_matches_edit(project.search_all("abu kamal"), "GPE")
    inverse, _ = project.apply(edit)
    assert [span.text for span in project.spans(1) if span.label == "GPE"] == ["Abu Kamal", "Abu Kamál"]
    assert [span.text for span in project.spans(2) if span.label == "GPE"] == ["Raqqa", "abu kamal"]
    project.apply(inverse)
    assert [span.text for span in project.spans(2)] == ["ISIS", "Raqqa"]


def test_a_bulk_label_that_breaks_a_rule_lists_every_conflict_and_writes_nothing(tmp_path: Path) -> None:
    text = "It began Monday morning. By Monday night it was over. Monday was calm."
    with Project.create(tmp_path / "mini.annotator", MINI_SCHEMA) as mini:
        with mini.store.atomic():
            mini.store.insert_annotated([Annotated(Document(text, "d", sha256=sha(text)), (
                at(text, "Monday morning", "DATE"), at(text, "Monday night", "DATE")))], annotator="a",
                source="import")
        with pytest.raises(AnnotatorError) as refused:  # DATE spans may not overlap
            mini.label_matches_edit(mini.search_all("monday"), "DATE")
        assert refused.value.code == "E678"
        assert refused.value.message.startswith("2 of the matches cannot be labelled DATE: document 1 9-15")
        assert len(mini.spans(1)) == 2
        with pytest.raises(AnnotatorError) as refused:
            mini.label_matches_edit(mini.search_all("monday"), "NOPE")
        assert refused.value.code == "E679"
        with pytest.raises(AnnotatorError) as refused:
            mini.label_matches_edit(mini.search_all("label:DATE"), "DATE")
        assert refused.value.code == "E681"


def test_linking_every_match_is_one_edit_and_a_wrong_label_is_refused(project: Project) -> None:
    inverse, _ = project.apply(project.link_matches_edit(project.search_all("label:GPE"), 1))
    assert {link.span_id for link in project.mentions(1)} == {3, 6}
    project.apply(inverse)
    assert {link.span_id for link in project.mentions(1)} == {3}
    with pytest.raises(AnnotatorError) as refused:
        project.link_matches_edit(project.search_all("isis"), 1)
    assert refused.value.code == "E680" and "2 of the matches" in refused.value.message


def test_rejecting_the_suggestions_at_the_matches(project: Project) -> None:
    start = FIRST.index("fighters")
    proposal = Span(start, start + 8, "ORG", text="fighters", source="dictionary", confidence=0.5)
    with project.store.atomic():
        project.store.suggestions.replace_open([(1, [proposal])], ["dictionary"])
    assert [span.text for span in project.store.suggestions.open_for(1)] == ["fighters"]
    assert project.reject_suggestions_at(project.search_all("fighters")) == 1
    assert project.store.suggestions.open_for(1) == []
    assert [span.text for span in project.store.suggestions.rejected_for(1)] == ["fighters"]
    with pytest.raises(AnnotatorError) as refused:
        project.reject_suggestions_at(project.search_all("fighters"))
    assert refused.value.code == "E681"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_cli_search_prints_kwic_lines_and_json(project: Project) -> None:
    path = str(project.path)
    found = run("search", path, "abu kamal")
    assert found.exit_code == 0
    lines = found.stdout.splitlines()
    assert lines[0].startswith("1:16-25") and "[Abu Kamal]" in lines[0]
    assert "Target of Conflict.Attack" in lines[0]
    assert "Later [abu kamal] was calm." in lines[2]  # the line break flattened
    printed = run("search", path, "label:GPE", "--format", "json").stdout.splitlines()
    rows = [json.loads(line) for line in printed]
    assert [(row["doc_id"], row["match"], row["span_id"]) for row in rows] == [(1, "Abu Kamal", 3),
                                                                                 (2, "Raqqa", 6)]
    limited = run("search", path, "abu kamal", "--limit", "1")
    assert len(limited.stdout.splitlines()) == 1 and "more" in limited.stderr
    bad = run("search", path, "colour:red")
    assert bad.exit_code == 1 and "[E670]" in bad.stderr
