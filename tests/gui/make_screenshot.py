"""Regenerate the screenshots in docs/screenshots/: the whole window at 1280x720 and 1920x1080, in the
light and the dark theme, on a sample article tagged with several entity types and two events; the
selected one (a death) has three roles filled and its required Victim missing, so the pictures show role
tags in the article and the warning in the event editor.

Run from the repository root (no display needed):

    QT_QPA_PLATFORM=offscreen python -m tests.gui.make_screenshot

The PNGs are reduced to an indexed palette, which keeps them small (a few hundred KB) without changing
how they look.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from annotator.core.edits import AddArgument, AddEvent, AddSpan
from annotator.core.model import Span
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Preferences
from annotator.gui.theme import apply_theme
from annotator.project import Project
from annotator.resources import samples_dir

ARTICLE = "01-shelling-near-river-town.txt"
OUTPUT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WINDOW_SIZE = (1280, 720)
SIZES = (WINDOW_SIZE, (1920, 1080))
THEMES = ("light", "dark")  # light first: the dark palette is set on top of the default one
SETTLE_SECONDS = 1.5  # suggestions load in the background; the picture shows them
ENTITIES = [  # (label, text, which occurrence)
    ("GPE", "Brevnik", 1), ("GPE", "Kestrava", 0), ("DATE", "14 March 2024", 0), ("ORG", "Meridian Wire", 0),
    ("WEAPON", "Artillery", 0), ("DATE", "Thursday", 0),
    ("PERSON", "Tomáš Dvořák", 0), ("TIME", "4:30 and 5:15 a.m.", 0), ("LOC", "Ruva River", 0),
    ("PERSON", "Amira Haddad", 0), ("FAC", "Brevnik District Hospital", 0), ("GPE", "Sarov Polje", 0),
    ("ORG", "Kestravan Ministry of Defence", 0), ("ORG", "Upper Salen Defence Forces", 0),
    ("WEAPON", "122 mm howitzers", 0), ("PERSON", "Andriy Kovalenko", 0),
]
EVENTS = [  # (type, trigger, [(role, filler)]); the death's required Victim is left for the analyst
    ("Conflict.Attack", "struck", [("Attacker", ("Upper Salen Defence Forces", 0)),
                                   ("Instrument", ("Artillery", 0)), ("Place", ("Brevnik", 1)),
                                   ("Time", ("Thursday", 0))]),
    ("Life.Die", "killing", [("Instrument", ("Artillery", 0)), ("Place", ("Brevnik", 1)),
                             ("Time", ("Thursday", 0))]),
]
SELECTED_EVENT = "Life.Die"


def _offsets(text: str, needle: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def build_demo_project(folder: Path) -> Path:
    """A news project holding the sample article, tagged by hand the way an analyst would."""
    path = folder / "demo.annotator"
    with Project.create(path, "news", annotator="analyst") as project:
        project.import_paths([samples_dir() / ARTICLE], annotator="import", encoding=None,
                     normalize_newlines=False, skip_invalid=False, control=None)
        doc_id = project.store.documents.ids()[0]
        text = project.document(doc_id).text
        ids = {}
        for label, needle, occurrence in ENTITIES:
            start, end = _offsets(text, needle, occurrence)
            _, changes = project.apply(AddSpan(doc_id, Span(start, end, label)))
            ids[(needle, occurrence)] = next(iter(changes.spans))
        for event_type, trigger, roles in EVENTS:
            start, end = _offsets(text, trigger, 0)
            _, changes = project.apply(AddEvent(doc_id, event_type, start=start, end=end))
            event_id = next(iter(changes.events))
            for role, filler in roles:
                project.apply(AddArgument(doc_id, event_id, role, span_id=ids[filler]))
    return path


def screenshot_window(folder: Path, size: tuple[int, int] = WINDOW_SIZE) -> MainWindow:
    """The window on the demo project with the death selected, laid out and painted."""
    preferences = Preferences(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    preferences.annotator = "analyst"
    window = MainWindow.for_project(build_demo_project(folder), preferences=preferences)
    window.resize(*size)
    window.show()
    selected = next(e for e in window.session.project.events(1) if e.type == SELECTED_EVENT)
    window.workbench.select_event(selected.id)
    window.workbench.view.setFocus()
    QApplication.processEvents()
    return window


def settle(seconds: float) -> None:
    """Let background work (suggestions) finish and the layout settle, as a person would wait."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def shot_path(theme: str, size: tuple[int, int]) -> Path:
    return OUTPUT_DIR / f"{theme}-{size[0]}x{size[1]}.png"


def save_small(image: QImage, path: Path) -> bool:
    """An indexed-colour PNG: the window has few colours, so nothing visible is lost."""
    small = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    return small.save(str(path), "PNG")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    saved = []
    for theme in THEMES:
        apply_theme(theme)
        for size in SIZES:
            with tempfile.TemporaryDirectory() as folder:
                window = screenshot_window(Path(folder), size)
                settle(SETTLE_SECONDS)
                path = shot_path(theme, size)
                if save_small(window.grab().toImage(), path):
                    saved.append(path)
                window.close()
            app.processEvents()
    for path in saved:
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0 if len(saved) == len(THEMES) * len(SIZES) else 1


if __name__ == "__main__":
    sys.exit(main())
