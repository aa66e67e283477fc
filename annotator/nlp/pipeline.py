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
from typing import TYPE_CHECKING, Any

from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors
from annotator.nlp.tokens import SPACY_INIT_LOCK

if TYPE_CHECKING:
    from spacy.language import Language


def looks_like_path(name_or_path: str) -> bool:
    return any(sep in name_or_path for sep in ("/", "\\")) or name_or_path.startswith(".") \
        or Path(name_or_path).exists()


def load_pipeline(name_or_path: str | Path, *, suggesting_only: bool = False) -> Language:
    """``spacy.load`` an installed package or a pipeline folder, with every component enabled, or with
    ``suggesting_only`` only those that suggestions need (:func:`unneeded_for_suggestions`), the others
    not even loaded.

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
        excluded = unneeded_for_suggestions(_config(target)) if suggesting_only else []
        with SPACY_INIT_LOCK:
            return spacy.load(target, exclude=excluded)
    except (OSError, ImportError, ValueError, KeyError) as exc:
        raise AnnotatorError(Errors.E508, where=target, reason=exc) from exc


def _config(target: str) -> dict[str, Any]:
    """The pipeline's ``config.cfg`` (of a folder, or of the one data folder of an installed package),
    or ``{}`` when there is no single readable one."""
    import spacy

    folder = Path(target) if looks_like_path(target) else spacy.util.get_package_path(target)
    found = [folder / "config.cfg"] if (folder / "config.cfg").is_file() \
        else list(folder.glob("*/config.cfg"))
    if len(found) != 1:
        return {}
    try:
        return spacy.util.load_config(found[0], interpolate=False)
    except Exception:
        return {}


def unneeded_for_suggestions(config: dict[str, Any]) -> list[str]:
    """The components that neither set ``doc.ents``/``doc.spans`` nor feed one that does.

    Kept: every component that assigns entities or spans (ner, entity_ruler, span_ruler, spancat...);
    before a ``ner``, whatever sets sentence starts (its entities never cross one: parser, senter,
    sentencizer); everything before a ruler (its patterns may match tags, lemmas or dependencies); the
    ``tok2vec``/``transformer`` any kept component listens to; and any component whose factory is not
    known here (sourced or unregistered), since what it does cannot be told. An empty config keeps all.
    """
    names = list(config.get("nlp", {}).get("pipeline", []))
    components = config.get("components", {})
    language = _language_class(config)
    roles = [_role(language, components.get(name, {})) for name in names]
    kept: set[str] = set()
    for position, (name, role) in enumerate(zip(names, roles, strict=True)):
        if role == "other" or role == "sentences":
            continue
        kept.add(name)
        if role == "ruler":
            kept.update(names[:position])
        elif components[name].get("factory") in SENTENCE_BOUND:
            kept.update(earlier for earlier, earlier_role in zip(names[:position], roles, strict=False)
                        if earlier_role == "sentences")
    listened = {upstream for name in kept for upstream in _listened_to(components.get(name, {}))}
    if "*" in listened:
        listened |= {name for name in names if components.get(name, {}).get("factory") in EMBEDDERS}
    return [name for name in names if name not in kept | listened]


ENTITY_OUTPUTS = ("doc.ents", "doc.spans", "token.ent_iob", "token.ent_type")
SENTENCE_STARTS = ("token.is_sent_start", "doc.sents")
SENTENCE_BOUND = frozenset({"ner", "beam_ner"})
RULERS = frozenset({"entity_ruler", "span_ruler", "future_entity_ruler"})
EMBEDDERS = frozenset({"tok2vec", "transformer", "curated_transformer"})


def _language_class(config: dict[str, Any]) -> type[Language] | None:
    """The pipeline's Language class, with spaCy's own factories registered (3.8 registers them late)."""
    import spacy

    try:
        from spacy.pipeline.factories import register_factories
    except ImportError:  # spaCy before 3.8 registers them on import
        pass
    else:
        register_factories()
    try:
        return spacy.util.get_lang_class(config.get("nlp", {}).get("lang", ""))
    except (ImportError, KeyError):
        return None


def _role(language: type[Language] | None, component: dict[str, Any]) -> str:
    """``"ruler"``, ``"producer"`` (sets entities or spans), ``"sentences"`` (sets sentence starts),
    ``"unknown"`` or ``"other"``."""
    factory = component.get("factory")
    if language is None or factory is None or not language.has_factory(factory):
        return "unknown"
    if factory in RULERS:
        return "ruler"
    assigns = language.get_factory_meta(factory).assigns
    if any(assigned.startswith(ENTITY_OUTPUTS) for assigned in assigns):
        return "producer"
    return "sentences" if any(assigned.startswith(SENTENCE_STARTS) for assigned in assigns) else "other"


def _listened_to(value: object) -> list[str]:
    """The ``upstream`` names of every listener layer in a component's config (``"*"`` = any)."""
    if not isinstance(value, dict):
        return []
    found = []
    if "Listener" in str(value.get("@architectures", "")) and "upstream" in value:
        found.append(str(value["upstream"]))
    for child in value.values():
        found += _listened_to(child)
    return found


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
