"""brat collections whose type names brat keeps apart: a name that is both a span type and a relation type
(CoNLL-ST 2006 in brat's examples), and equivalence (``*``) lines of a symmetric-transitive type
(BioNLP-ST 2011). Both import, export and import again with every line kept."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from annotator.project import Project
from annotator.project.facade import schema_from_brat
from tests.formats.brat_standoff_check import check_brat_folder

# In the style of brat's CoNLL-ST_2006 collection (Portuguese dependencies, one token a span, the head
# word's relation to each dependant an R line): written for this test, not copied.
CONLL_CONF = """\
# span and dependency types in the CoNLL-X style
[spans]
ROOT
prop
prp
pron-indp
punc
v-fin
_question_
[relations]
ADVL Arg1:Span, Arg2:Span
P_lt_ Arg1:Span, Arg2:Span
PUNC Arg1:Span, Arg2:Span
STA Arg1:Span, Arg2:Span
SUBJ Arg1:Span, Arg2:Span
_question_ Arg1:Span, Arg2:Span
"""
CONLL_TEXT = "ROOT Quem ganhou em Lisboa ?\nROOT Ganhou ?\n"
CONLL_ANN = """\
T1\tROOT 0 4\tROOT
T2\tpron-indp 5 9\tQuem
T3\tv-fin 10 16\tganhou
T4\tprp 17 19\tem
T5\tprop 20 26\tLisboa
T6\t_question_ 27 28\t?
T7\tROOT 29 33\tROOT
T8\tv-fin 34 40\tGanhou
T9\tpunc 41 42\t?
R1\tSTA Arg1:T1 Arg2:T3
R2\tSUBJ Arg1:T3 Arg2:T2
R3\tADVL Arg1:T3 Arg2:T4
R4\tP_lt_ Arg1:T4 Arg2:T5
R5\t_question_ Arg1:T3 Arg2:T6
R6\tSTA Arg1:T7 Arg2:T8
R7\t_question_ Arg1:T8 Arg2:T9
"""

# In the style of brat's BioNLP-ST_2011 collections: equivalent protein names as one * line.
BIONLP_CONF = """\
[entities]
Protein
[relations]
Equiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive
[events]
[attributes]
"""
BIONLP_TEXT = "IL-2 (interleukin 2, T-cell growth factor) and IL2R alpha (CD25) are bound."
BIONLP_ANN = """\
T1\tProtein 0 4\tIL-2
T2\tProtein 6 19\tinterleukin 2
T3\tProtein 21 41\tT-cell growth factor
T4\tProtein 47 57\tIL2R alpha
T5\tProtein 59 63\tCD25
*\tEquiv T1 T2 T3
*\tEquiv T4 T5
"""


def collection(folder: Path, conf: str, text: str, ann: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "annotation.conf").write_text(conf, encoding="utf-8")
    (folder / "doc-1.txt").write_text(text, encoding="utf-8")
    (folder / "doc-1.ann").write_text(ann, encoding="utf-8")
    return folder


def line_kinds(folder: Path) -> Counter[str]:
    return Counter(line[0] for ann in folder.glob("*.ann") for line in ann.read_text("utf-8").splitlines())


def round_trip(source: Path, work: Path) -> tuple[Path, Path]:
    """Import ``source`` into a project of its own conf, export it, and do the same with the export."""
    exports = []
    for step, folder in enumerate((source, work / "export-1")):
        schema = schema_from_brat(folder / "annotation.conf")
        with Project.create(work / f"{step}.annotator", schema) as project:
            report = project.import_paths([folder])
            assert report.notes == []
            project.export(work / f"export-{step + 1}", "brat")
        exports.append(work / f"export-{step + 1}")
    return exports[0], exports[1]


def test_a_name_both_a_span_type_and_a_relation_type_round_trips(tmp_path: Path) -> None:
    source = collection(tmp_path / "CoNLL-ST_2006", CONLL_CONF, CONLL_TEXT, CONLL_ANN)
    schema = schema_from_brat(source / "annotation.conf")
    assert schema.entity_label("_question_") and schema.relation_type("_question_")

    first, second = round_trip(source, tmp_path)

    assert line_kinds(first) == line_kinds(source) == Counter({"T": 9, "R": 7})
    ann = (next(first.glob("*.ann"))).read_text("utf-8")
    assert "T6\t_question_ 27 28\t?" in ann and "\t_question_ Arg1:T3 Arg2:T6" in ann
    conf = (first / "annotation.conf").read_text("utf-8")
    assert "\n_question_\n" in conf and "\n_question_\tArg1:<ANY>, Arg2:<ANY>" in conf
    check_brat_folder(first)
    assert [p.read_text("utf-8") for p in sorted(second.glob("*.ann"))] == [ann]


def test_equivalence_classes_are_written_back_as_star_lines(tmp_path: Path) -> None:
    source = collection(tmp_path / "BioNLP-ST_2011_GE", BIONLP_CONF, BIONLP_TEXT, BIONLP_ANN)
    assert schema_from_brat(source / "annotation.conf").relation_type("Equiv").transitive

    first, second = round_trip(source, tmp_path)

    ann = next(first.glob("*.ann")).read_text("utf-8")
    assert ann.splitlines()[5:] == ["*\tEquiv T1 T2 T3", "*\tEquiv T4 T5"]
    assert "Equiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive" in (
        first / "annotation.conf").read_text("utf-8")
    check_brat_folder(first)
    assert next(second.glob("*.ann")).read_text("utf-8") == ann
