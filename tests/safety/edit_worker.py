"""A process that holds a project the way the window does and edits it until killed.

Run as ``python edit_worker.py PROJECT COUNT [--second-reader] [--pause SECONDS]``. It opens the project
with ``Project.open`` (plus, with ``--second-reader``, a second connection of its own, as the window's
document list and export do), adds COUNT spans one edit at a time and prints ``ack N`` after each edit
``Project.apply`` acknowledged, then ``idle`` and sleeps until it is killed.
"""

from __future__ import annotations

import sys
import time

from annotator.core.edits import AddSpan
from annotator.core.model import Span
from annotator.project import Project
from annotator.store import ProjectStore


def main(argv: list[str]) -> None:
    path, count = argv[0], int(argv[1])
    pause = float(argv[argv.index("--pause") + 1]) if "--pause" in argv else 0.0
    project = Project.open(path, annotator="worker")
    reader = ProjectStore.open(path, writer=False) if "--second-reader" in argv else None
    doc_id = project.store.documents.ids()[0]
    text = project.document(doc_id).text
    first = len(project.spans(doc_id))  # a later run goes on where the killed one stopped
    for number in range(count):
        start = (first + number) % (len(text) - 1)
        project.apply(AddSpan(doc_id, Span(start, start + 1, "PERSON" if number % 2 else "ORG")))
        if reader is not None:
            reader.audit.stats()
        print(f"ack {number + 1}", flush=True)
        if pause:
            time.sleep(pause)
    print("idle", flush=True)
    time.sleep(3600)


if __name__ == "__main__":
    main(sys.argv[1:])
