"""Links to the entity registry in the exports that can hold them, and read back where a reader exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.edits import AddSpan
from annotator.core.entity_edits import CreateEntity, LinkSpan
from annotator.core.model import Entity, Span
from annotator.errors import AnnotatorError
from annotator.formats.brat_entities import EQUIV_DECLARATION, EQUIV_MARK
from annotator.project import Project
from annotator.project.facade import schema_from_brat
from tests.conftest import DATA, add_document
from tests.formats.brat_standoff_check import check_brat_folder

SCHEMA = DATA / "linked_schema.yaml"
TEXT = "Omar of Hamas met Iran. Hamas, also called HAMAS, left; Omar stayed."


def tag(project: Project, doc_id: int, word: str, label: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    inverse, _ = project.apply(AddSpan(doc_id, Span(start, start + len(word), label)))
    return inverse.span_id


@pytest.fixture
def linked(tmp_path: Path):
    """A project whose one document links two Omar and three Hamas mentions; Iran is not linked."""
    project = Project.create(tmp_path / "source.annotator", SCHEMA, annotator="tester")
    doc = add_document(project, TEXT, "linked")
    omar = [tag(project, doc, "Omar", "PERSON"), tag(project, doc, "Omar", "PERSON", 1)]
    hamas = [tag(project, doc, "Hamas", "ORG"), tag(project, doc, "Hamas", "ORG", 1),
             tag(project, doc, "HAMAS", "ORG")]
    tag(project, doc, "Iran", "GPE")
    project.apply(CreateEntity(Entity("Omar", "PERSON", ("omar",)), omar[0], doc))
    project.apply(CreateEntity(Entity("Hamas", "ORG", ("HAMAS", "hamas"), "wikidata:Q38799", "a movement"),
                               hamas[0], doc))
    for span_id in omar[1:]:
        project.apply(LinkSpan(doc, span_id, 1))
    for span_id in hamas[1:]:
        project.apply(LinkSpan(doc, span_id, 2))
    yield project
    project.close()


def links_by_text(project: Project) -> set[tuple[int, str, str, tuple[str, ...], str]]:
    found = set()
    for doc_id in project.document_ids():
        spans = {span.id: span for span in project.spans(doc_id)}
        for link in project.links(doc_id):
            entity = project.entity(link.entity_id)
            found.add((spans[link.span_id].start, spans[link.span_id].text, entity.name, entity.aliases,
                       entity.external_id))
    return found


def test_own_jsonl_carries_links_and_the_registry_and_reads_back(linked: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    linked.export(out, "jsonl")
    record = json.loads(out.read_text(encoding="utf-8"))
    assert [span.get("entity_id") for span in record["spans"]] == [1, 2, None, 2, 2, 1]
    assert record["entities"][1] == {"entity_id": 2, "name": "Hamas", "label": "ORG",
                                     "aliases": ["HAMAS", "hamas"], "id": "wikidata:Q38799",
                                     "description": "a movement"}
    with Project.create(tmp_path / "copy.annotator", SCHEMA) as copy:
        copy.import_paths([out])
        assert links_by_text(copy) == links_by_text(linked)
        again = tmp_path / "again.jsonl"
        copy.export(again, "jsonl")
        assert again.read_bytes() == out.read_bytes()


def test_importing_into_a_project_that_knows_the_entity_adds_to_it(linked: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    linked.export(out, "jsonl")
    with Project.create(tmp_path / "copy.annotator", SCHEMA) as copy:
        copy.apply(CreateEntity(Entity("Iran", "GPE")))
        copy.apply(CreateEntity(Entity("Harakat", "ORG", external_id="wikidata:Q38799")))
        copy.import_paths([out])
        assert [(e.name, e.aliases) for e in copy.entities()] == [
            ("Iran", ()), ("Harakat", ("Hamas", "HAMAS", "hamas")), ("Omar", ("omar",))]


@pytest.mark.parametrize(("change", "code"), [
    (lambda record: record["spans"][0].update(entity_id=9), "E625"),
    (lambda record: record["entities"][0].pop("entity_id"), "E624"),
    (lambda record: record["entities"][0].update(label="GPE"), "E607"),
    (lambda record: record["entities"][0].update(id="Q1"), "E603"),
])
def test_a_broken_link_in_an_imported_record_is_refused(linked: Project, tmp_path: Path, change,
                                                        code: str) -> None:
    out = tmp_path / "out.jsonl"
    linked.export(out, "jsonl")
    record = json.loads(out.read_text(encoding="utf-8"))
    change(record)
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "copy.annotator", SCHEMA) as copy:
        with pytest.raises(AnnotatorError) as caught:
            copy.import_paths([out])
        assert caught.value.code == code
        assert copy.entities() == [] and copy.document_count() == 0


def test_brat_writes_normalizations_and_coreference_and_reads_them_back(linked: Project,
                                                                       tmp_path: Path) -> None:
    out = tmp_path / "brat"
    linked.export(out, "brat")
    (ann,) = out.glob("*.ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    assert "N1\tReference T1 annotator:1\tOmar" in lines
    assert "N2\tReference T2 wikidata:Q38799\tHamas" in lines
    assert "*\tEquiv T1 T6" in lines and "*\tEquiv T2 T4 T5" in lines
    with Project.create(tmp_path / "copy.annotator", SCHEMA) as copy:
        copy.import_paths([out])
        assert links_by_text(copy) == {(start, text, name, (), external_id)
                                       for start, text, name, _, external_id in links_by_text(linked)}


def test_brat_declares_equiv_for_brat_and_a_schema_from_that_conf_still_reads_links(linked: Project,
                                                                                  tmp_path: Path) -> None:
    out = tmp_path / "brat"
    linked.export(out, "brat")
    check_brat_folder(out)  # brat's own rule: every type an .ann file uses is declared
    conf = (out / "annotation.conf").read_text(encoding="utf-8").splitlines()
    relations = conf[conf.index("[relations]"):conf.index("[events]")]
    assert relations[2:4] == [EQUIV_MARK, EQUIV_DECLARATION]
    assert EQUIV_DECLARATION == "Equiv\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive"
    derived = schema_from_brat(out / "annotation.conf")
    assert derived.relation_type("Equiv") is None  # our declaration is no relation type of the schema
    with Project.create(tmp_path / "from-conf.annotator", derived) as copy:
        copy.import_paths([out])
        assert all(copy.relations(doc_id) == [] for doc_id in copy.document_ids())  # links, not relations
        assert {(start, text, name) for start, text, name, *_ in links_by_text(copy)} == {
            (start, text, name) for start, text, name, *_ in links_by_text(linked)}
    unmarked = tmp_path / "unmarked" / "annotation.conf"  # without our mark it is a relation type, as brat's
    unmarked.parent.mkdir()
    unmarked.write_text("\n".join(line for line in conf if line != EQUIV_MARK), encoding="utf-8")
    assert schema_from_brat(unmarked).relation_type("Equiv").transitive


def test_brat_coreference_alone_makes_one_entity_per_cluster(tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    (folder / "one.ann").write_text("T1\tORG 8 13\tHamas\nT2\tORG 24 29\tHamas\nT3\tORG 43 48\tHAMAS\n"
                                    "*\tEquiv T1 T3\n", encoding="utf-8")
    with Project.create(tmp_path / "coref.annotator", SCHEMA) as project:
        project.import_paths([folder / "one.txt"])
        (entity,) = project.entities()
        assert entity.name == "Hamas" and [link.span_id for link in project.mentions(entity.id)] == [1, 3]


def test_a_malformed_normalization_line_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    (folder / "one.ann").write_text("T1\tORG 8 13\tHamas\nN1\tReference T1 Q42\tHamas\n", encoding="utf-8")
    with Project.create(tmp_path / "bad.annotator", SCHEMA) as project:
        with pytest.raises(AnnotatorError) as caught:
            project.import_paths([folder / "one.txt"])
        assert caught.value.code == "E626" and "line 2" in str(caught.value)


def test_dygiepp_writes_in_document_coreference_as_clusters(linked: Project, tmp_path: Path) -> None:
    out = tmp_path / "dygie.jsonl"
    linked.export(out, "dygiepp")
    record = json.loads(out.read_text(encoding="utf-8"))
    words = [word for sentence in record["sentences"] for word in sentence]
    assert [[" ".join(words[start:end + 1]) for start, end in cluster] for cluster in record["clusters"]] == [
        ["Omar", "Omar"], ["Hamas", "Hamas", "HAMAS"]]


def test_spacy_carries_kb_ids_and_the_registry(linked: Project, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / "out.spacy"
    linked.export(out, "spacy")
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert [(ent.text, ent.kb_id_) for ent in doc.ents] == [
        ("Omar", "annotator:1"), ("Hamas", "wikidata:Q38799"), ("Iran", ""), ("Hamas", "wikidata:Q38799"),
        ("HAMAS", "wikidata:Q38799"), ("Omar", "annotator:1")]
    assert [span.kb_id_ for span in doc.spans["sc"]][:2] == ["annotator:1", "wikidata:Q38799"]
    registry = {entry["kb_id"]: entry for entry in doc.user_data["entities"]}
    assert registry["wikidata:Q38799"]["name"] == "Hamas"
    assert list(registry["wikidata:Q38799"]["aliases"]) == ["HAMAS", "hamas"]


def test_formats_without_a_place_for_links_count_them(linked: Project, tmp_path: Path) -> None:
    report = linked.export(tmp_path / "out.conll", "conll")
    assert report.problem_counts["links to entities (left out: conll has no place for them)"] == 5
