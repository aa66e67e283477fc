"""Loading a spaCy pipeline the user points at, and mapping its labels onto the project's.

Nothing is ever downloaded: a name must be an installed package, a path must be a pipeline folder
(one with ``config.cfg``, as ``nlp.to_disk`` writes). Anything else is an :class:`AnnotatorError` that
says what was found and how to get a pipeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors
from annotator.nlp.tokens import SPACY_INIT_LOCK

if TYPE_CHECKING:
    from spacy.language import Language


def looks_like_path(name_or_path: str) -> bool:
    return any(sep in name_or_path for sep in ("/", "\\")) or name_or_path.startswith(".") \
        or Path(name_or_path).exists()


def load_pipeline(name_or_path: str | Path) -> Language:
    """``spacy.load`` an installed package or a pipeline folder, with every component enabled.

    Slow (seconds for large pipelines): GUI callers run it in a worker.
    """
    import spacy

    target = str(name_or_path)
    if looks_like_path(target):
        path = Path(target)
        if not path.exists():
            raise AnnotatorError(Errors.E505, where=target)
        if not path.is_dir() or not (path / "config.cfg").is_file():
            raise AnnotatorError(Errors.E506, where=target)
    elif not spacy.util.is_package(target):
        raise AnnotatorError(Errors.E507, name=target)
    try:
        with SPACY_INIT_LOCK:
            return spacy.load(target)
    except (OSError, ImportError, ValueError, KeyError) as exc:
        raise AnnotatorError(Errors.E508, where=target, reason=exc) from exc


def span_keys(nlp: Language) -> list[str]:
    """The ``doc.spans`` keys the pipeline's span categorizers write."""
    from spacy.pipeline import SpanCategorizer

    return [pipe.key for _, pipe in nlp.pipeline if isinstance(pipe, SpanCategorizer)]


def pipeline_labels(nlp: Language) -> list[str]:
    """Every label the pipeline can predict as an entity or a categorized span."""
    from spacy.pipeline import SpanCategorizer

    labels: set[str] = set()
    for name, pipe in nlp.pipeline:
        if isinstance(pipe, SpanCategorizer) or "doc.ents" in nlp.get_pipe_meta(name).assigns:
            labels.update(getattr(pipe, "labels", ()))
    return sorted(labels)


@dataclass
class LabelMapping:
    """Model label -> project label. Unlisted labels map to themselves when the schema has them;
    a label mapped to ``""`` or not in the schema is dropped and counted in ``dropped``."""

    mapping: dict[str, str] = field(default_factory=dict)
    schema_labels: frozenset[str] = frozenset()
    dropped: Counter = field(default_factory=Counter)

    @classmethod
    def for_schema(cls, schema: Schema, mapping: dict[str, str] | None = None) -> LabelMapping:
        return cls(dict(mapping or {}), frozenset(label.name for label in schema.entity_labels))

    def project_label(self, model_label: str) -> str | None:
        label = self.mapping.get(model_label, model_label)
        if label in self.schema_labels:
            return label
        self.dropped[model_label] += 1
        return None

    def table(self, model_labels: Iterable[str]) -> dict[str, str]:
        """The effective mapping for each model label (``""`` = dropped), for the mapping editor."""
        table = {}
        for model_label in model_labels:
            label = self.mapping.get(model_label, model_label)
            table[model_label] = label if label in self.schema_labels else ""
        return table
