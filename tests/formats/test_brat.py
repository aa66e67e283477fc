"""brat: reading .txt/.ann pairs, writing them with annotation.conf and visual.conf, brat-safe names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.core.schema import load_schema
from annotator.errors import AnnotatorError
from annotator.formats.brat import BratNames, annotation_conf, visual_conf
from annotator.project import Project
from tests.formats.export_helpers import insert, locate
from tests.formats.import_support import snapshot, stored

TEXT = "Rebels shelled Deir\r\nez-Zor.\r\nThey killed Omar and Ali on Monday."

UNSAFE_SCHEMA = """
name: unsafe
entity_labels:
  - {name: ACTOR, color: "#112233"}
  - {name: LOC.ADMIN, color: "#445566"}
event_types:
  - name: Battles/Armed clash
    color: "#778899"
    roles:
      - {name: Actor 1, fillers: [ACTOR], required: true, repeat: false}
      - {name: Actor 2, fillers: [ACTOR]}
      - {name: Location, fillers: [LOC.ADMIN], repeat: false}
  - name: Battles.Armed clash
    roles:
      - {name: Where, required: true}
"""


def pair(folder: Path, stem: str, text: str | bytes, ann: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (folder / f"{stem}.ann").write_bytes(ann.encode("utf-8"))
    return folder / f"{stem}.txt"


def offsets(needle: str, occurrence: int = 0) -> str:
    start, end = locate(TEXT, needle, occurrence)
    return f"{start} {end}"


# -- reading -------------------------------------------------------------------------------------------

def test_text_bound_and_event_lines_are_read(project, tmp_path):
    deir, crlf_end = TEXT.index("Deir"), TEXT.index("ez-Zor")
    ann = (
        f"T1\tORG {offsets('Rebels')}\tRebels\n"
        f"T2\tGPE {deir} {deir + 4};{crlf_end} {crlf_end + 6}\tDeir ez-Zor\n"
        f"T3\tConflict_Attack {offsets('shelled')}\tshelled\n"
        f"T4\tLife_Die {offsets('killed')}\tkilled\n"
        f"T5\tPERSON {offsets('Omar')}\tOmar\n"
        f"T6\tPERSON {offsets('Ali')}\tAli\n"
        "E1\tConflict_Attack:T3 Attacker:T1 Target:T2\n"
        "E2\tLife_Die:T4 Victim:T5 Victim2:T6 Place:T2\n"
        "A1\tNegation E1\n"
        "R1\tLocated Arg1:T5 Arg2:T2\n"
        "#1\tAnnotatorNotes T1\tarmed group\n"
    )
    source = pair(tmp_path / "brat", "deir", TEXT, ann)

    report = project.import_paths([tmp_path / "brat"])

    (document,) = stored(project)
    assert document["text"] == TEXT
    assert document["title"] == "deir"
    assert document["meta"] == {"source": "deir.txt", "file": "deir.txt"}
    assert (deir, crlf_end + 6, "GPE", "entity") in document["spans"]
    place = (deir, crlf_end + 6)
    assert document["events"] == [
        ("Conflict.Attack", locate(TEXT, "shelled"),
         (("Attacker", *locate(TEXT, "Rebels")), ("Target", *place))),
        ("Life.Die", locate(TEXT, "killed"),
         (("Place", *place), ("Victim", *locate(TEXT, "Omar")), ("Victim", *locate(TEXT, "Ali")))),
    ]
    ann_path = source.with_suffix(".ann")
    assert {note.split(": ", 1)[1] for note in report.notes} == {
        "ignored brat attributes the schema does not declare there (Negation) (line 9)",
        "ignored brat relations of types not in the schema (Located) (line 10)",
    }
    (note,) = project.notes(1)
    assert (note.text, note.target, project.span(note.target_id).text) == ("armed group", "span", "Rebels")
    assert all(note.startswith(str(ann_path)) for note in report.notes)


def test_an_explicit_ann_or_txt_path_reads_the_pair(project, tmp_path):
    txt = pair(tmp_path, "one", "Kofi Annan", "T1\tPERSON 0 4\tKofi\n")

    project.import_paths([txt.with_suffix(".ann")])

    assert stored(project)[0]["spans"] == [(0, 4, "PERSON", "entity")]


def test_an_explicit_ann_without_its_txt_is_refused(project, tmp_path):
    ann = tmp_path / "lonely.ann"
    ann.write_text("T1\tPERSON 0 4\tKofi\n", encoding="utf-8")

    with pytest.raises(AnnotatorError, match=r"needs its \.txt file"):
        project.import_paths([ann])


BAD_ANN = [
    ("T1\tPERSON 0 4;2 10\tKofi fi Annan\n", "line 1", "E139"),  # fragments overlap
    ("T1\tPERSON 0 4\tKofu\n", "line 1", "E402"),  # says something else than the text
    ("T1\tPERSON 0 40\tKofi\n", "line 1", "E401"),  # outside the text
    ("T1\tPERSON zero four\tKofi\n", "line 1", "E138"),  # offsets not numbers
    ("T1\tPERSON 0 4\tKofi\nE1\tLife_Die:T9 Victim:T1\n", "line 2", "E141"),  # trigger not a T line
    ("T1\tPERSON 0 4\tKofi\nX1\twhat\n", "line 2", "E136"),  # not a brat line
    ("T1\tPERSN 0 4\tKofi\n", "", "E403"),  # unknown entity label
]


@pytest.mark.parametrize(("ann", "line", "expected"), BAD_ANN)
def test_bad_ann_files_name_the_file_and_line_and_import_nothing(project, tmp_path, ann, line, expected):
    txt = pair(tmp_path, "bad", "Kofi Annan", ann)
    before = snapshot(project)

    with pytest.raises(AnnotatorError) as raised:
        project.import_paths([txt])

    assert str(raised.value).startswith(f"{txt.with_suffix('.ann')}{', ' + line if line else ''}: ")
    assert raised.value.code == expected
    assert snapshot(project) == before


def test_brat_text_is_read_without_newline_translation(project, tmp_path):
    text = b"one\r\ntwo\rthree"
    pair(tmp_path, "raw", text, "T1\tPERSON 9 14\tthree\n")

    project.import_paths([tmp_path / "raw.txt"])

    (document,) = stored(project)
    assert document["text"] == "one\r\ntwo\rthree"
    assert document["spans"] == [(9, 14, "PERSON", "entity")]


# -- writing -------------------------------------------------------------------------------------------

def test_export_writes_exact_text_fragments_and_numbered_roles(project, tmp_path):
    insert(project, TEXT, "Deir ez-Zor / shelling!", [
        ("Rebels", "ORG"), ("shelled", "Conflict.Attack"), ("Deir\r\nez-Zor", "GPE"), ("killed", "Life.Die"),
        ("Omar", "PERSON"), ("Ali", "PERSON"), ("Monday.", "DATE"),
    ], events=[("shelled", "Conflict.Attack", {"Attacker": "Rebels", "Target": "Deir\r\nez-Zor"}),
               ("killed", "Life.Die", {"Victim": "Omar", "Place": "Deir\r\nez-Zor"})])
    (doc_id,) = project.store.documents.ids()
    with project.store.atomic():
        annotations = project.store.annotations
        (event,) = [event for event in annotations.events_of(doc_id) if event.type == "Life.Die"]
        ali = next(span for span in annotations.spans_of(doc_id) if span.text == "Ali")
        annotations.add_argument(event.id, type(event.arguments[0])("Victim", ali.id))
    out = tmp_path / "brat"

    project.export(out, "brat")

    assert sorted(path.name for path in out.iterdir()) == [
        "000001-deir-ez-zor-shelling.ann", "000001-deir-ez-zor-shelling.txt", "annotation.conf",
        "visual.conf"]
    assert (out / "000001-deir-ez-zor-shelling.txt").read_bytes() == TEXT.encode("utf-8")
    deir, zor = TEXT.index("Deir"), TEXT.index("ez-Zor")
    assert (out / "000001-deir-ez-zor-shelling.ann").read_text(encoding="utf-8") == (
        f"T1\tORG {offsets('Rebels')}\tRebels\n"
        f"T2\tConflict_Attack {offsets('shelled')}\tshelled\n"
        f"T3\tGPE {deir} {deir + 4};{zor} {zor + 6}\tDeir ez-Zor\n"
        f"T4\tLife_Die {offsets('killed')}\tkilled\n"
        f"T5\tPERSON {offsets('Omar')}\tOmar\n"
        f"T6\tPERSON {offsets('Ali')}\tAli\n"
        f"T7\tDATE {offsets('Monday.')}\tMonday.\n"
        "E1\tConflict_Attack:T2 Attacker:T1 Target:T3\n"
        "E2\tLife_Die:T4 Victim:T5 Place:T3 Victim2:T6\n"
    )


def test_spans_brat_cannot_hold_are_left_out_and_reported(project, tmp_path):
    text = "Omar Haddad\r\nwas killed."
    insert(project, text, "edge", [("Haddad\r\n", "PERSON"), ("killed", "Life.Die")],
           events=[("killed", "Life.Die", {"Victim": "Haddad\r\n"})])

    report = project.export(tmp_path / "brat", "brat")

    ann = (tmp_path / "brat" / "000001-edge.ann").read_text(encoding="utf-8")
    assert ann == f"T1\tLife_Die {text.index('killed')} {text.index('killed') + 6}\tkilled\nE1\tLife_Die:T1\n"
    warnings = "\n".join(report.summary_lines())
    assert "1 spans starting or ending with a line break" in warnings
    assert "1 event arguments left out with their span" in warnings


def test_annotation_conf_follows_brat_syntax(project):
    conf = annotation_conf(project.schema)

    sections = dict(re.findall(r"^\[(\w+)\]\n(.*?)(?=^\[|\Z)", conf, flags=re.S | re.M))
    assert list(sections) == ["entities", "relations", "events", "attributes"]
    assert sections["entities"].split() == ["PERSON", "ORG", "GPE", "DATE", "WEAPON"]
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in sections["relations"]
    events = [line for line in sections["events"].splitlines() if line]
    assert events == [
        "Conflict_Attack\tAttacker*:PERSON|ORG|GPE, Target*:PERSON|ORG|GPE, Instrument*:WEAPON, "
        "Time?:DATE, Place?:GPE",
        "Life_Die\tVictim+:PERSON, Agent*:PERSON|ORG|GPE, Place?:GPE",
    ]
    assert "#   Conflict.Attack -> Conflict_Attack" in conf


def test_unsafe_names_are_mapped_consistently_and_read_back(tmp_path):
    schema_file = tmp_path / "unsafe.yaml"
    schema_file.write_text(UNSAFE_SCHEMA, encoding="utf-8")
    schema = load_schema(schema_file)
    names = BratNames(schema)

    assert names.label("Battles/Armed clash") == "Battles_Armed_clash"
    assert names.label("Battles.Armed clash") == "Battles_Armed_clash-2"
    assert names.label("LOC.ADMIN") == "LOC_ADMIN"
    assert names.role("Battles/Armed clash", "Actor 1") == "Actor_1_"
    assert names.role_from("Battles/Armed clash", "Actor_2_3") == "Actor 2"
    conf = annotation_conf(schema)
    assert "Battles_Armed_clash\tActor_1_:ACTOR, Actor_2_*:ACTOR, Location?:LOC_ADMIN" in conf
    assert "Battles_Armed_clash-2\tWhere+:<ENTITY>" in conf
    visual = visual_conf(schema)
    assert "Battles_Armed_clash | Battles/Armed clash" in visual
    assert "Actor_1_ | Actor 1" in visual
    assert "LOC_ADMIN\tbgColor:#445566" in visual

    text = "Militia A fought Militia B and Militia C near Idlib."
    with Project.create(tmp_path / "a.annotator", schema_file) as project:
        spans = [("Militia A", "ACTOR"), ("fought", "Battles/Armed clash"), ("Militia B", "ACTOR"),
                 ("Militia C", "ACTOR"), ("Idlib", "LOC.ADMIN")]
        insert(project, text, "clash", spans,
               events=[("fought", "Battles/Armed clash",
                        {"Actor 1": "Militia A", "Actor 2": "Militia B", "Location": "Idlib"})])
        (doc_id,) = project.store.documents.ids()
        with project.store.atomic():
            annotations = project.store.annotations
            (event,) = annotations.events_of(doc_id)
            militia_c = next(span for span in annotations.spans_of(doc_id) if span.text == "Militia C")
            annotations.add_argument(event.id, type(event.arguments[0])("Actor 2", militia_c.id))
        project.export(tmp_path / "brat", "brat")
        written = stored(project)
    ann = (tmp_path / "brat" / "000001-clash.ann").read_text(encoding="utf-8")
    assert "Battles_Armed_clash:T2 Actor_1_:T1 Actor_2_:T3 Location:T5 Actor_2_2:T4" in ann

    with Project.create(tmp_path / "b.annotator", schema_file) as again:
        again.import_paths([tmp_path / "brat"])
        read_back = stored(again)
    assert [(d["spans"], d["events"]) for d in read_back] == [(d["spans"], d["events"]) for d in written]
