"""Export, import into a fresh project, compare: what each format promises to carry must survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.project import Project
from tests.conftest import MINI_SCHEMA, TORTURE_TEXT
from tests.formats.export_helpers import annotated_project, insert
from tests.formats.import_support import stored

ATTACK_ROLES = {"Place": "Dei\u00adr ez-Zor", "Time": "Monday", "Instrument": "😀"}


@pytest.fixture
def source(project: Project) -> Project:
    """The shared two-document project plus the torture text with spans across CRLF and emoji."""
    annotated_project(project)
    insert(project, TORTURE_TEXT, "torture", [
        ("Kofi Annan", "PERSON", 0.5), ("👩\u200d👩\u200d👧", "PERSON"), ("Accra", "GPE"),
        ("spoke.\r\nA\u00a0shell", "ORG"), ("hit", "Conflict.Attack"), ("Dei\u00adr ez-Zor", "GPE"),
        ("Monday", "DATE"), ("😀", "WEAPON"),
    ], events=[("hit", "Conflict.Attack", ATTACK_ROLES)], status="in_progress", meta={"lang": "mixed"})
    return project


def fresh(tmp_path: Path, name: str) -> Project:
    return Project.create(tmp_path / f"{name}.annotator", MINI_SCHEMA)


def test_own_jsonl_export_import_export_gives_identical_bytes(source, tmp_path):
    first = tmp_path / "first.jsonl"
    source.export(first, "jsonl")

    with fresh(tmp_path, "copy") as copy:
        report = copy.import_paths([first])
        copy.export(tmp_path / "second.jsonl", "jsonl")

    assert report.invalid == [] and report.notes == []
    assert (tmp_path / "second.jsonl").read_bytes() == first.read_bytes()


def reimported(source: Project, tmp_path: Path, fmt: str, out: str) -> list[dict]:
    """Export ``source`` as ``fmt``, import the result into a fresh project and return what it holds."""
    source.export(tmp_path / out, fmt)
    with fresh(tmp_path, "copy") as copy:
        copy.import_paths([tmp_path / out])
        return stored(copy)


def test_brat_export_then_import_keeps_labels_offsets_events_and_roles(source, tmp_path):
    read_back = reimported(source, tmp_path, "brat", "brat")

    original = stored(source)
    assert [d["text"] for d in read_back] == [d["text"] for d in original]
    assert [(d["spans"], d["events"]) for d in read_back] == [(d["spans"], d["events"]) for d in original]


def test_doccano_export_then_import_keeps_documents_spans_and_events(source, tmp_path):
    read_back = reimported(source, tmp_path, "doccano", "doccano.jsonl")

    def carried(document: dict) -> tuple:
        return (document["title"], document["status"], document["meta"], document["text"],
                sorted(document["spans"]), document["events"])

    assert [carried(d) for d in read_back] == [carried(d) for d in stored(source)]
