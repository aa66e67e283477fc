"""``annotator --self-test``: prove an installed or frozen build works end to end, without a display.

It does what a new user does first: create a project, import the bundled sample articles, open the main
window, tag a name, export JSONL, and checks that the exported span still points at the name. It is the
smoke check run against the PyInstaller bundle (tests/test_packaging.py) and a first thing to ask for in
a bug report.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.logs import setup_logging
from annotator.project import Project
from annotator.resources import samples_dir

log = logging.getLogger(__name__)

# An Arabic name in the CRLF sample: a wrong newline or UTF-16 conversion anywhere moves it.
SAMPLE_NAME = "ليلى منصور"
SAMPLE_LABEL = "PERSON"


class SelfTestFailure(Exception):
    """A step produced the wrong result (as opposed to raising)."""


def run_self_test() -> int:
    """Run every step in a temporary folder; print ``self-test ok`` and return 0, or say what failed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    log_file = setup_logging()
    try:
        with tempfile.TemporaryDirectory(prefix="annotator-self-test-") as folder:
            _run_steps(Path(folder))
    except (AnnotatorError, SelfTestFailure) as error:
        log.error("self-test failed: %s", error)
        return _failed(str(error), log_file)
    except Exception as error:  # a smoke check reports a bug in one line (and the log) instead of dying
        log.exception("self-test crashed")
        return _failed(f"{type(error).__name__}: {error}", log_file)
    print("self-test ok")
    return 0


def _failed(message: str, log_file: Path) -> int:
    print(f"self-test failed: {message}\n(details in {log_file})", file=sys.stderr)
    return 1


def _run_steps(folder: Path) -> None:
    from annotator.gui.smoke import tag_in_main_window

    samples = sorted(samples_dir().glob("*.txt"))
    if not samples:
        raise SelfTestFailure(f"no sample articles in {samples_dir()}")
    path = folder / "self-test.annotator"
    with Project.create(path, "news", annotator="self-test") as project:
        report = project.import_paths(samples, annotator="self-test")
        if report.documents != len(samples):
            raise SelfTestFailure(f"imported {report.documents} of {len(samples)} sample articles")
        doc_id, start = _find_name(project)
    stored = tag_in_main_window(path, doc_id, SAMPLE_NAME, SAMPLE_LABEL, folder / "settings.ini")
    tagged = [(span.start, span.end, span.label) for span in stored]
    wanted = [(start, start + len(SAMPLE_NAME), SAMPLE_LABEL)]
    if tagged != wanted:
        raise SelfTestFailure(f"the main window stored spans {tagged}, expected {wanted}")
    exported = folder / "export.jsonl"
    with Project.open(path, writer=False) as project:
        project.export(exported, "jsonl")
    _check_export(exported)
    log.info("self-test passed on %d sample articles", len(samples))


def _find_name(project: Project) -> tuple[int, int]:
    for doc_id in project.document_ids():
        start = project.text(doc_id).find(SAMPLE_NAME)
        if start >= 0:
            return doc_id, start
    raise SelfTestFailure(f"no sample article mentions {SAMPLE_NAME}")


def _check_export(path: Path) -> None:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [
        record["text"][exported["start"]:exported["end"]]
        for record in records
        for exported in record.get("spans", [])
        if exported.get("label") == SAMPLE_LABEL
    ]
    if found != [SAMPLE_NAME]:
        raise SelfTestFailure(f"exported {SAMPLE_LABEL} spans cover {found!r}, expected [{SAMPLE_NAME!r}]")
