"""Shared fixtures: every test runs offscreen, offline, on projects it builds in tmp_path."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core.model import Annotated, Document
from annotator.project import Project

DATA = Path(__file__).parent / "data"
MINI_SCHEMA = DATA / "mini_schema.yaml"

# A text that breaks naive offset code: CRLF, astral emoji, a ZWJ family, a flag, combining accents,
# Arabic and Hebrew, NBSP, ZWSP, soft hyphen, U+2028/U+2029 and HTML-looking markup.
TORTURE_TEXT = (
    "Kofi Annan 👩‍👩‍👧 met 🇬🇭 officials in Accra.\r\n"
    "Cafe\u0301 owner Zoe\u0308 said: «بشار الأسد» and «בנימין נתניהו» spoke.\r\n"
    "A\u00a0shell hit the\u200bmarket in Dei\u00adr ez-Zor\u2028on Monday\u2029at <b>dawn</b> &amp; noon.\n"
    "Tab\there 😀 end."
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def sample(tmp_path: Path):
    """The event records sample (``tests/records_sample.py``), closed after the test."""
    from tests.records_sample import build

    built = build(tmp_path / "records.annotator")
    yield built
    built.project.close()


@pytest.fixture
def project(tmp_path: Path):
    """An empty project on the mini schema, closed after the test."""
    created = Project.create(tmp_path / "test.annotator", MINI_SCHEMA, annotator="tester")
    yield created
    created.close()


def add_document(project: Project, text: str, title: str = "doc", **meta) -> int:
    with project.store.atomic():
        (doc_id,) = project.store.insert_annotated(
            [Annotated(Document(text, title, meta=meta, sha256=sha(text)))],
            annotator="tester",
            source="import",
        )
    return doc_id
