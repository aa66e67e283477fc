"""The project facade: opens the store, applies edits one transaction each, reports what changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.core.edits import Changes, Edit
from annotator.core.model import Document, Event, Span
from annotator.core.schema import Schema, load_schema
from annotator.errors import AnnotatorError
from annotator.resources import schema_path
from annotator.store import ProjectStore, backup_project

BUILTIN_SCHEMAS = ("news", "acled")
PROJECT_SUFFIX = ".annotator"


def resolve_schema(name_or_path: str | Path) -> Schema:
    """``news``, ``acled`` or a path to a YAML/JSON schema file."""
    if isinstance(name_or_path, str) and name_or_path in BUILTIN_SCHEMAS:
        return load_schema(schema_path(name_or_path))
    path = Path(name_or_path)
    if not path.exists():
        raise AnnotatorError(
            f"unknown schema {name_or_path!r}",
            hint=f"use one of {', '.join(BUILTIN_SCHEMAS)} or the path of a YAML/JSON schema file",
        )
    return load_schema(path)


class Project:
    """One open project file and the analyst working on it.

    ``listeners`` are called with the :class:`Changes` of every applied edit; the GUI hangs its single
    "changed" signal on this.
    """

    def __init__(self, store: ProjectStore, annotator: str = "") -> None:
        self.store = store
        self.annotator = annotator
        self.listeners: list[Callable[[Changes], None]] = []

    @classmethod
    def create(
        cls, path: str | Path, schema: Schema | str | Path = "news", annotator: str = ""
    ) -> Project:
        if not isinstance(schema, Schema):
            schema = resolve_schema(schema)
        return cls(ProjectStore.create(path, schema), annotator)

    @classmethod
    def open(cls, path: str | Path, annotator: str = "", *, writer: bool = True,
             read_only_ok: bool = False) -> Project:
        """``read_only_ok`` opens a project this user cannot write read-only instead of refusing it."""
        return cls(ProjectStore.open(path, writer=writer, read_only_ok=read_only_ok), annotator)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def schema(self) -> Schema:
        return self.store.schema

    @property
    def read_only(self) -> str | None:
        """Why edits are refused (the window shows it in a banner), or None when the project may be edited."""
        return self.store.read_only

    def close(self) -> None:
        self.store.close()

    def backup(self, destination: str | Path, *, replace: bool = False,
               progress: Callable[[int, int], None] | None = None) -> Path:
        """A consistent copy of the project (SQLite's backup API), taken while edits go on."""
        return backup_project(self.path, Path(destination), progress, replace=replace)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def apply(self, edit: Edit) -> tuple[Edit, Changes]:
        """Apply and commit one edit, record it in the history, and return its inverse."""
        with self.store.atomic():
            inverse, changes = edit.apply(self.store, self.annotator)
            self.store.record(edit.doc_id, self.annotator, type(edit).__name__, edit.payload())
            if edit.doc_id is not None:
                self.store.touch(edit.doc_id)
        self.notify(changes)
        return inverse, changes

    def notify(self, changes: Changes) -> None:
        for listener in list(self.listeners):
            listener(changes)

    def document(self, doc_id: int) -> Document:
        return self.store.document(doc_id)

    def spans(self, doc_id: int) -> list[Span]:
        return self.store.spans_of(doc_id)

    def events(self, doc_id: int) -> list[Event]:
        return self.store.events_of(doc_id)
