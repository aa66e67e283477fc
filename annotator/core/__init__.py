"""The domain in plain Python: documents, spans, events, the schema, reversible edits, the project.

Nothing under ``annotator.core`` imports Qt (an import-linter contract in pyproject.toml and
``tests/test_layers.py`` enforce it).
"""
