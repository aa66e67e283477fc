"""A schema derived from a brat annotation.conf, as brat's example collections write them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.project import Project
from annotator.project.facade import schema_from_brat

# After brat's own example configurations (BioNLP-ST GE and the ACE-style example), with [spans].
CONF = """\
# Simple text-based definitions of entity, relation and event types
[spans]
Protein
Entity
!Abstract
\tPerson
[relations]
Equiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive
Located Arg1:Person, Arg2:Entity
Located Arg1:Protein, Arg2:Entity
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>
[events]
Gene_expression\tTheme:Protein
Binding\tTheme+:Protein, Site*:Entity
Regulation\tTheme:<EVENT>|Protein, Cause?:<EVENT>|Protein, Site?:Entity
[attributes]
Negation\tArg:<EVENT>
Speculation\tArg:<EVENT>
Confidence\tArg:<EVENT>, Value:L1|L2|Typo+UNK
"""


def test_an_annotation_conf_becomes_a_schema(tmp_path: Path) -> None:
    folder = tmp_path / "ge"
    folder.mkdir()
    (folder / "annotation.conf").write_text(CONF, encoding="utf-8")
    schema = schema_from_brat(folder / "annotation.conf")
    assert schema.name == "ge"
    assert [label.name for label in schema.entity_labels] == ["Protein", "Entity", "Person"]
    assert schema.relation_type("Equiv").symmetric
    assert schema.relation_type("Located").heads == ("Person", "Protein")
    binding = schema.event_type("Binding")
    assert (binding.role("Theme").required, binding.role("Theme").repeat) == (True, True)
    assert (binding.role("Site").required, binding.role("Site").repeat) == (False, True)
    theme = schema.event_type("Regulation").role("Theme")
    assert theme.accepts_event("Gene_expression") and theme.accepts("Protein")
    confidence = schema.attribute("event", "Binding", "Confidence")
    assert confidence.values == ("L1", "L2", "Typo+UNK")
    assert schema.attribute("event", "Binding", "Negation").type == "boolean"

    project = tmp_path / "ge.annotator"
    arguments = ["init", str(project), "--schema-from-brat", str(folder / "annotation.conf")]
    result = CliRunner().invoke(cli, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "3 entity labels, 3 event types, 2 relation types, 3 attributes" in result.output
    with Project.open(project) as opened:
        assert opened.schema == schema


def test_equivalence_lines_become_relations_of_their_type(tmp_path: Path) -> None:
    folder = tmp_path / "ge"
    folder.mkdir()
    (folder / "annotation.conf").write_text(CONF, encoding="utf-8")
    text = "p53, also TP53 or P53, binds."
    (folder / "one.txt").write_text(text, encoding="utf-8")
    ann = ("T1\tProtein 0 3\tp53\nT2\tProtein 10 14\tTP53\nT3\tProtein 18 21\tP53\n"
           "*\tEquiv T1 T2 T3\nN1\tReference T1 UniProt:P04637\tp53\n")
    (folder / "one.ann").write_text(ann, encoding="utf-8")
    with Project.create(tmp_path / "ge.annotator", schema_from_brat(folder / "annotation.conf")) as project:
        report = project.import_paths([folder / "one.txt"])
        spans = {span.id: span.text for span in project.spans(1)}
        assert [(r.type, spans[r.head_id], spans[r.tail_id]) for r in project.relations(1)] == [
            ("Equiv", "p53", "TP53"), ("Equiv", "p53", "P53")]
        (entity,) = project.entities()  # the N line: a normalization to the registry
        assert (entity.name, entity.label, entity.external_id) == ("p53", "Protein", "UniProt:P04637")
        assert [spans[link.span_id] for link in project.links(1)] == ["p53"]
    assert report.notes == []


# As BioNLP-ST 2011 ID and EPI write theirs: a macro, a type with another name after "|", separators.
CONF_WITH_MACROS = """\
<CORE-ENTITY>=Protein|Chemical
<ANY-THING>=<CORE-ENTITY>|Entity
[entities]
Protein
Chemical
Entity
[relations]
Equiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive
[events]
----------------------------------------
Hydroxylation|GO:0018126\tTheme:Protein, Site?:Entity
----------------------------------------
Regulation\tTheme:<EVENT>|<CORE-ENTITY>, Cause?:<ANY-THING>
[attributes]
"""


def test_macros_alternative_names_and_separators_are_brat_syntax(tmp_path: Path) -> None:
    folder = tmp_path / "BioNLP-ST_2011_ID"
    folder.mkdir()
    (folder / "annotation.conf").write_text(CONF_WITH_MACROS, encoding="utf-8")
    schema = schema_from_brat(folder / "annotation.conf")
    assert schema.name == "BioNLP-ST_2011_ID"
    assert [event_type.name for event_type in schema.event_types] == ["Hydroxylation", "Regulation"]
    regulation = schema.event_type("Regulation")
    assert set(regulation.role("Theme").fillers) == {"Hydroxylation", "Regulation", "Protein", "Chemical"}
    assert set(regulation.role("Cause").fillers) == {"Protein", "Chemical", "Entity"}
    text = "Omp25d was overhydroxylated."
    (folder / "one.txt").write_text(text, encoding="utf-8")
    (folder / "one.ann").write_text("T1\tProtein 0 6\tOmp25d\nT2\tHydroxylation 11 27\toverhydroxylated\n"
                                    "E1\tHydroxylation:T2 Theme:T1\n*\tEquiv T1 T1\n", encoding="utf-8")
    with Project.create(tmp_path / "id.annotator", schema) as project:
        project.import_paths([folder])  # "Equiv T1 T1" says nothing, and is no refusal
        assert [event.type for event in project.events(1)] == ["Hydroxylation"]
        assert project.relations(1) == []
