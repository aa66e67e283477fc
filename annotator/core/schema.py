"""The label schema: entity labels and event types with their argument roles.

A schema is a YAML or JSON file (``resources/schemas/*.yaml``); it is validated on load and copied into
the project so a project file is self-contained. Every validation message names the bad entry.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.core.schema_file import describe, parse_json, read_schema_file
from annotator.errors import AnnotatorError, Errors

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_LABEL_NAME = re.compile(r"\S+")
_KEY = re.compile(r"(shift\+)?[a-z]")  # digits are taken: 1-9 arm the selected event's roles
_LANGUAGE = re.compile(r"[a-z]{2,3}|xx")
DEFAULT_COLOR = "#c7c7c7"
# Characters no name may contain: controls (tab, newline, NUL, escape), line and paragraph separators,
# lone surrogates (unstorable) and format characters, which are invisible or reorder the text around
# them (bidi overrides, zero-width space, BOM), so two names would look alike and a label could hide.
_FORBIDDEN_IN_NAMES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Except the zero-width (non-)joiners: Persian and Indic words need them to be spelt right.
_JOINERS = frozenset("\u200c\u200d")


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
        return not self.fillers or label in self.fillers


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
class Schema:
    name: str
    description: str = ""
    language: str = "en"
    entity_labels: tuple[EntityLabel, ...] = ()
    event_types: tuple[EventType, ...] = ()
    _by_label: dict[str, EntityLabel] = field(default_factory=dict, repr=False, compare=False)
    _by_event: dict[str, EventType] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_label.update({label.name: label for label in self.entity_labels})
        self._by_event.update({event.name: event for event in self.event_types})

    def entity_label(self, name: str) -> EntityLabel | None:
        return self._by_label.get(name)

    def event_type(self, name: str) -> EventType | None:
        return self._by_event.get(name)

    def has_label(self, name: str) -> bool:
        """Whether ``name`` is a span label: an entity label or an event type (for triggers)."""
        return name in self._by_label or name in self._by_event

    def color_of(self, name: str) -> str:
        item = self._by_label.get(name) or self._by_event.get(name)
        return item.color if item else DEFAULT_COLOR

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_by_label")
        data.pop("_by_event")
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
    _check_name(name, where)
    labels = tuple(
        _entity_label(item, f"{where}: entity_labels[{i}]")
        for i, item in enumerate(_list(data, "entity_labels", where))
    )
    _unique([label.name for label in labels], "entity label", where)
    label_names = {label.name for label in labels}
    events = tuple(
        _event_type(item, f"{where}: event_types[{i}]", label_names)
        for i, item in enumerate(_list(data, "event_types", where))
    )
    _unique([event.name for event in events], "event type", where)
    clash = label_names & {event.name for event in events}
    if clash:
        raise AnnotatorError(Errors.E314, where=where, name=describe(sorted(clash)[0]))
    keys = [item.key for item in (*labels, *events) if item.key]
    _unique(keys, "shortcut key", where)
    return Schema(
        name=name,
        description=_text(data, "description", where),
        language=_language(data, where, with_spacy),
        entity_labels=labels,
        event_types=events,
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


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise AnnotatorError(Errors.E317, where=where, key=key, value=describe(value))
    return value


def _unique(names: list[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise AnnotatorError(Errors.E318, where=where, what=what, name=describe(name))
        seen.add(name)


def _check_name(name: str, where: str) -> None:
    """Refuse a name that is not one line of visible text (see ``_FORBIDDEN_IN_NAMES``)."""
    for char in name:
        if char not in _JOINERS and unicodedata.category(char) in _FORBIDDEN_IN_NAMES:
            raise AnnotatorError(Errors.E319, where=where, name=describe(name), code=ord(char))


def _short(name: str) -> str:
    """A name as shown in ``where``: long names are cut so a message stays one readable line."""
    return name if len(name) <= 60 else name[:57] + "..."


def _text(item: dict, key: str, where: str) -> str:
    """An optional free-text field: a string (newlines allowed), or empty/absent."""
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnnotatorError(Errors.E320, where=where, key=key, value=describe(value))
    if any(unicodedata.category(char) == "Cs" for char in value):
        raise AnnotatorError(Errors.E321, where=where, key=key)
    return value


def _flag(item: dict, key: str, default: bool, where: str) -> bool:
    """A real boolean: ``bool("false")`` is True, so strings and numbers are refused, not converted."""
    value = item.get(key, default)
    if not isinstance(value, bool):
        raise AnnotatorError(Errors.E322, where=where, key=key, value=describe(value))
    return value


def _names(item: dict, key: str, what: str, where: str) -> list[str]:
    """An optional list of one-line strings (triggers, fillers)."""
    values = _list(item, key, where)
    for value in values:
        if not isinstance(value, str):
            raise AnnotatorError(Errors.E323, where=where, key=key, what=what, value=describe(value))
        _check_name(value, where)
    return values


def _common(item: Any, where: str, *, name_pattern: re.Pattern | None) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise AnnotatorError(Errors.E324, where=where)
    name = item.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        raise AnnotatorError(Errors.E325, where=where)
    if not isinstance(name, str):
        raise AnnotatorError(Errors.E320, where=where, key="name", value=describe(name))
    _check_name(name, where)
    where = f"{where} ({_short(name)})"
    if name_pattern and not name_pattern.fullmatch(name):
        raise AnnotatorError(Errors.E326, where=where, name=describe(name))
    color = item.get("color", DEFAULT_COLOR)
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        raise AnnotatorError(Errors.E327, where=where, color=describe(color))
    return {
        "name": name,
        "color": color.lower(),
        "key": _shortcut(item, where),
        "description": _text(item, "description", where).strip(),
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
    where = f"{where} ({_short(common['name'])})"
    return EntityLabel(**common, allow_overlap=_flag(item, "allow_overlap", True, where))


def _event_type(item: Any, where: str, label_names: set[str]) -> EventType:
    common = _common(item, where, name_pattern=None)
    where = f"{where} ({_short(common['name'])})"
    triggers = _names(item, "triggers", "words", where)
    roles = tuple(
        _role(role, f"{where}: roles[{j}]", label_names) for j, role in enumerate(_list(item, "roles", where))
    )
    _unique([role.name for role in roles], "role", where)
    return EventType(**common, triggers=tuple(t.lower() for t in triggers), roles=roles)


def _role(role: Any, where: str, label_names: set[str]) -> Role:
    if not isinstance(role, dict) or not isinstance(role.get("name"), str) or not role["name"].strip():
        raise AnnotatorError(Errors.E329, where=where)
    name = role["name"]
    _check_name(name, where)
    fillers = _names(role, "fillers", "entity labels", where)
    for filler in fillers:
        if filler not in label_names:
            raise AnnotatorError(Errors.E330, where=where, role=describe(name), filler=describe(filler))
    return Role(
        name=name,
        fillers=tuple(fillers),
        required=_flag(role, "required", False, where),
        repeat=_flag(role, "repeat", True, where),
        description=_text(role, "description", where).strip(),
    )
