"""The one door to a project file: every verb a user can do (edit, import, export, suggest, train, check,
stats, backup) is a method of :class:`Project`, which owns the file's connections and reports changes.

The GUI, the CLI and the self-test call only this; formats and nlp work on plain records and never see
the store (an import-linter ``layers`` contract in pyproject.toml keeps it so).
"""

from annotator.project.facade import BUILTIN_SCHEMAS, PROJECT_SUFFIX, Project, resolve_schema

__all__ = ["BUILTIN_SCHEMAS", "PROJECT_SUFFIX", "Project", "resolve_schema"]
