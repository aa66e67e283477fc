"""How GUI tests get a window: a real project in tmp_path, isolated settings, a preset annotator name.

Test modules import ``preferences_fixture`` to get the ``preferences`` fixture.
``open_window(qtbot, path, preferences)`` is ``MainWindow.for_project(path, annotator="tester")`` plus
the bookkeeping a test needs (closed at teardown, which releases the project's writer lock).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annotator.core.model import TRIGGER, Annotated, Argument, Document, Event, Span
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Preferences
from annotator.project import Project
from tests.conftest import MINI_SCHEMA


@pytest.fixture(name="preferences")
def preferences_fixture(tmp_path: Path) -> Preferences:
    """Settings in a file of this test's own, with the annotator name already chosen."""
    settings = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.annotator = "tester"
    return settings


def article(title: str, text: str, spans: tuple[Span, ...] = ()) -> Annotated:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Annotated(Document(text, title, sha256=digest), spans)


def make_project(path: Path, items: list[Annotated], schema: Path = MINI_SCHEMA) -> Path:
    """A closed project file holding ``items``, inserted in one transaction."""
    with Project.create(path, schema, annotator="tester") as project, project.store.atomic():
        project.store.insert_annotated(items, annotator="tester", source="import")
    return path


def open_window(qtbot, path: Path, preferences: Preferences) -> MainWindow:
    window = MainWindow.for_project(path, annotator="tester", preferences=preferences)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


ATTACK_TEXT = "Rebels shelled Accra on Monday, killing Kofi Annan."


def attack_article() -> Annotated:
    """One article with an attack (three roles filled) and a death whose required Victim is empty."""
    spans = (
        Span(0, 6, "ORG"),
        Span(7, 14, "Conflict.Attack", TRIGGER),
        Span(15, 20, "GPE"),
        Span(24, 30, "DATE"),
        Span(32, 39, "Life.Die", TRIGGER),
        Span(40, 50, "PERSON"),
    )
    events = (
        Event("Conflict.Attack", 1, (Argument("Attacker", 0), Argument("Place", 2), Argument("Time", 3))),
        Event("Life.Die", 4),
    )
    return replace(article("Attack on Accra", ATTACK_TEXT, spans), events=events)
