"""The label schema: entity labels, event types with their argument roles, relation types, attributes.

A schema is a YAML or JSON file (``resources/schemas/*.yaml``); it is validated on load and copied into
the project so a project file is self-contained. Every validation message names the bad entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.core.schema_attributes import (
    AttributeDef,
    attribute_defs,
    check_attribute_targets,
)
from annotator.core.schema_fields import check_name, field_list, flag, names, short, text, unique
from annotator.core.schema_file import describe, parse_json, read_schema_file
from annotator.errors import AnnotatorError, Errors

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_LABEL_NAME = re.compile(r"\S+")
_KEY = re.compile(r"(shift\+)?[a-z]")  # digits are taken: 1-9 arm the selected event's roles
_LANGUAGE = re.compile(r"[a-z]{2,3}|xx")
DEFAULT_COLOR = "#c7c7c7"


@dataclass(frozen=True)
class EntityLabel:
    name: str
    color: str = DEFAULT_COLOR
    key: str | None = None
    description: str = ""
    allow_overlap: bool = True


@dataclass(frozen=True)
class Role:
    name: str
    fillers: tuple[str, ...] = ()
    required: bool = False
    repeat: bool = True
    description: str = ""

    def accepts(self, label: str) -> bool:
        """Whether an entity span labelled ``label`` may fill the role (no fillers: any entity)."""
        return not self.fillers or label in self.fillers

    def accepts_event(self, event_type: str) -> bool:
        """Whether an event of ``event_type`` may fill the role (brat's nested events): only if named."""
        return event_type in self.fillers


@dataclass(frozen=True)
class EventType:
    name: str
    color: str = DEFAULT_COLOR
    key: str | None = None
    description: str = ""
    triggers: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    def role(self, name: str) -> Role | None:
        return next((role for role in self.roles if role.name == name), None)


@dataclass(frozen=True)
class RelationType:
    """A directed binary link between two spans; ``heads``/``tails`` are the span labels allowed at each
    end (empty: any), and a ``symmetric`` relation reads the same both ways (so A-B and B-A are one).
    A ``transitive`` one (always symmetric too) is an equivalence: its links group spans into classes,
    as brat's ``symmetric-transitive`` types and ``*`` lines do. Its name may also be a span label's:
    relation types and span labels are told apart by what they name, as in brat's configuration."""

    name: str
    color: str = DEFAULT_COLOR
    key: str | None = None
    description: str = ""
    heads: tuple[str, ...] = ()
    tails: tuple[str, ...] = ()
    symmetric: bool = False
    transitive: bool = False

    def may_start_at(self, label: str) -> bool:
        """Whether a span labelled ``label`` can be one end of this relation, read as its head."""
        if not self.heads or label in self.heads:
            return True
        return self.symmetric and (not self.tails or label in self.tails)

    def accepts(self, head: str, tail: str) -> bool:
        fits = (not self.heads or head in self.heads) and (not self.tails or tail in self.tails)
        if self.symmetric:
            fits = fits or ((not self.heads or tail in self.heads) and (not self.tails or head in self.tails))
        return fits


@dataclass(frozen=True)
class Schema:
    name: str
    description: str = ""
    language: str = "en"
    entity_labels: tuple[EntityLabel, ...] = ()
    event_types: tuple[EventType, ...] = ()
    relation_types: tuple[RelationType, ...] = ()
    attributes: tuple[AttributeDef, ...] = ()
    _by_label: dict[str, EntityLabel] = field(default_factory=dict, repr=False, compare=False)
    _by_event: dict[str, EventType] = field(default_factory=dict, repr=False, compare=False)
    _by_relation: dict[str, RelationType] = field(default_factory=dict, repr=False, compare=False)
    _attributes_of: dict[tuple[str, str], tuple[AttributeDef, ...]] = field(
        default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_label.update({label.name: label for label in self.entity_labels})
        self._by_event.update({event.name: event for event in self.event_types})
        self._by_relation.update({relation.name: relation for relation in self.relation_types})

    def relation_type(self, name: str) -> RelationType | None:
        return self._by_relation.get(name)

    def attributes_for(self, target: str, name: str) -> tuple[AttributeDef, ...]:
        """The attributes a ``target`` (``span``, ``event`` or ``relation``) labelled ``name`` takes
        (asked for every annotation an import or ``check`` reads, so kept once worked out)."""
        key = (target, name)
        found = self._attributes_of.get(key)
        if found is None:
            trigger = target == "span" and name not in self._by_label  # a trigger's are its event's
            found = () if trigger else tuple(definition for definition in self.attributes
                                             if definition.applies(target, name))
            self._attributes_of[key] = found
        return found

    @property
    def has_required_attributes(self) -> bool:
        """Whether any attribute must be given a value (one with a default never needs one)."""
        return any(definition.required and definition.default is None for definition in self.attributes)

    def missing_attributes(self, target: str, name: str, valued: Collection[str]) -> tuple[AttributeDef, ...]:
        """The required attributes (without a default) of a ``target`` labelled ``name`` that ``valued``
        (the names it has values for) lacks: flagged like a missing required role."""
        if not self.has_required_attributes:
            return ()
        return tuple(definition for definition in self.attributes_for(target, name)
                     if definition.required and definition.default is None and definition.name not in valued)

    def attribute(self, target: str, name: str, attribute: str) -> AttributeDef | None:
        return next((d for d in self.attributes_for(target, name) if d.name == attribute), None)

    def entity_label(self, name: str) -> EntityLabel | None:
        return self._by_label.get(name)

    def event_type(self, name: str) -> EventType | None:
        return self._by_event.get(name)

    def has_label(self, name: str) -> bool:
        """Whether ``name`` is a span label: an entity label or an event type (for triggers)."""
        return name in self._by_label or name in self._by_event

    def color_of(self, name: str) -> str:
        item = self._by_label.get(name) or self._by_event.get(name) or self._by_relation.get(name)
        return item.color if item else DEFAULT_COLOR

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for private in ("_by_label", "_by_event", "_by_relation", "_attributes_of"):
            data.pop(private)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)


def load_schema(path: str | Path) -> Schema:
    """Read and validate a schema file (``.yaml``/``.yml``/``.json``)."""
    path = Path(path)
    return schema_from_dict(read_schema_file(path), where=str(path))


def schema_from_json(text: str) -> Schema:
    """The schema stored in a project; validated like a file, since a project file may come from anyone."""
    return schema_from_dict(parse_json(text, "project schema"), where="project schema", with_spacy=False)


def schema_from_dict(data: Any, *, where: str = "schema", with_spacy: bool = True) -> Schema:
    """Build a :class:`Schema`, refusing anything inconsistent with a message naming the entry.

    ``with_spacy=False`` skips asking spaCy about the language (it costs half a second of start-up):
    a project's stored schema had that check when the project was made.
    """
    if not isinstance(data, dict):
        raise AnnotatorError(Errors.E312, where=where)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise AnnotatorError(Errors.E313, where=where)
    check_name(name, where)
    labels = tuple(
        _entity_label(item, f"{where}: entity_labels[{i}]")
        for i, item in enumerate(field_list(data, "entity_labels", where))
    )
    unique([label.name for label in labels], "entity label", where)
    label_names = {label.name for label in labels}
    raw_events = field_list(data, "event_types", where)
    event_names = {item["name"] for item in raw_events
                   if isinstance(item, dict) and isinstance(item.get("name"), str)}
    events = tuple(
        _event_type(item, f"{where}: event_types[{i}]", label_names, event_names)
        for i, item in enumerate(raw_events)
    )
    unique([event.name for event in events], "event type", where)
    clash = label_names & {event.name for event in events}
    if clash:
        raise AnnotatorError(Errors.E314, where=where, name=describe(sorted(clash)[0]))
    span_labels = label_names | {event.name for event in events}
    relations = tuple(
        _relation_type(item, f"{where}: relation_types[{i}]", span_labels)
        for i, item in enumerate(field_list(data, "relation_types", where))
    )
    unique([relation.name for relation in relations], "relation type", where)
    keys = [item.key for item in (*labels, *events, *relations) if item.key]
    unique(keys, "shortcut key", where)
    attributes = attribute_defs(data, where, inline=[
        (f"{where}: {key}[{i}]", item) for key in ("entity_labels", "event_types", "relation_types")
        for i, item in enumerate(field_list(data, key, where))])
    check_attribute_targets(attributes, where, entities=label_names, events={e.name for e in events},
                            relations={r.name for r in relations})
    return Schema(
        name=name,
        description=text(data, "description", where),
        language=_language(data, where, with_spacy),
        entity_labels=labels,
        event_types=events,
        relation_types=relations,
        attributes=attributes,
    )


def _language(data: dict, where: str, with_spacy: bool) -> str:
    language = data.get("language", "en")
    if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
        raise AnnotatorError(Errors.E315, where=where, value=describe(language))
    if with_spacy and not _spacy_has_language(language):
        raise AnnotatorError(Errors.E316, where=where, language=language)
    return language


@lru_cache(maxsize=64)
def _spacy_has_language(code: str) -> bool:
    """Whether spaCy ships ``code``; spaCy is imported here, not at start-up (it takes half a second)."""
    from spacy.util import get_lang_class

    try:
        get_lang_class(code)
    except Exception:  # ImportError for an unknown code; a language module that fails is as unusable
        return False
    return True


def _common(item: Any, where: str, *, name_pattern: re.Pattern | None) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise AnnotatorError(Errors.E324, where=where)
    name = item.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        raise AnnotatorError(Errors.E325, where=where)
    if not isinstance(name, str):
        raise AnnotatorError(Errors.E320, where=where, key="name", value=describe(name))
    check_name(name, where)
    where = f"{where} ({short(name)})"
    if name_pattern and not name_pattern.fullmatch(name):
        raise AnnotatorError(Errors.E326, where=where, name=describe(name))
    color = item.get("color", DEFAULT_COLOR)
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        raise AnnotatorError(Errors.E327, where=where, color=describe(color))
    return {
        "name": name,
        "color": color.lower(),
        "key": _shortcut(item, where),
        "description": text(item, "description", where).strip(),
    }


def _shortcut(item: dict, where: str) -> str | None:
    key = item.get("key")
    if key is None:
        return None
    if not isinstance(key, str) or not _KEY.fullmatch(key.lower()):
        raise AnnotatorError(Errors.E328, where=where, key=describe(key))
    return key.lower()


def _entity_label(item: Any, where: str) -> EntityLabel:
    common = _common(item, where, name_pattern=_LABEL_NAME)
    where = f"{where} ({short(common['name'])})"
    return EntityLabel(**common, allow_overlap=flag(item, "allow_overlap", True, where))


def _event_type(item: Any, where: str, label_names: set[str], event_names: set[str]) -> EventType:
    common = _common(item, where, name_pattern=None)
    where = f"{where} ({short(common['name'])})"
    triggers = names(item, "triggers", "words", where)
    roles = tuple(
        _role(role, f"{where}: roles[{j}]", label_names | event_names)
        for j, role in enumerate(field_list(item, "roles", where))
    )
    unique([role.name for role in roles], "role", where)
    return EventType(**common, triggers=tuple(t.lower() for t in triggers), roles=roles)


def _role(role: Any, where: str, filler_names: set[str]) -> Role:
    """A role; its fillers are entity labels or event types (an event filling a role of another)."""
    if not isinstance(role, dict) or not isinstance(role.get("name"), str) or not role["name"].strip():
        raise AnnotatorError(Errors.E329, where=where)
    name = role["name"]
    check_name(name, where)
    fillers = names(role, "fillers", "entity labels or event types", where)
    for filler in fillers:
        if filler not in filler_names:
            raise AnnotatorError(Errors.E330, where=where, role=describe(name), filler=describe(filler))
    return Role(
        name=name,
        fillers=tuple(fillers),
        required=flag(role, "required", False, where),
        repeat=flag(role, "repeat", True, where),
        description=text(role, "description", where).strip(),
    )


def _relation_type(item: Any, where: str, span_labels: set[str]) -> RelationType:
    common = _common(item, where, name_pattern=_LABEL_NAME)
    where = f"{where} ({short(common['name'])})"
    ends = {}
    for key in ("heads", "tails"):
        ends[key] = tuple(names(item, key, "span labels", where))
        for label in ends[key]:
            if label not in span_labels:
                raise AnnotatorError(Errors.E332, where=where, key=key, label=describe(label))
    symmetric, transitive = (flag(item, key, False, where) for key in ("symmetric", "transitive"))
    if transitive and not symmetric:
        raise AnnotatorError(Errors.E341, where=where)
    return RelationType(**common, **ends, symmetric=symmetric, transitive=transitive)
