"""The label schema: entity labels and event types with their argument roles.

A schema is a YAML or JSON file (``resources/schemas/*.yaml``); it is validated on load and copied into
the project so a project file is self-contained. Every validation message names the bad entry.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from annotator.errors import AnnotatorError

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LABEL_NAME = re.compile(r"^\S+$")
_KEY = re.compile(r"^(shift\+)?[a-z]$")  # digits are taken: 1-9 arm the selected event's roles
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
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AnnotatorError(f"cannot read schema file: {exc.strerror}", where=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise AnnotatorError(
            f"schema file is not UTF-8 (byte {exc.start})", where=str(path)
        ) from exc
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise AnnotatorError(f"schema file is not valid YAML/JSON: {exc}", where=str(path)) from exc
    return schema_from_dict(data, where=str(path))


def schema_from_json(text: str) -> Schema:
    return schema_from_dict(json.loads(text), where="project schema")


def schema_from_dict(data: Any, *, where: str = "schema") -> Schema:
    """Build a :class:`Schema`, refusing anything inconsistent with a message naming the entry."""
    if not isinstance(data, dict):
        raise AnnotatorError("a schema must be a mapping with 'name' and 'entity_labels'", where=where)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise AnnotatorError("the schema needs a non-empty 'name'", where=where)
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
        raise AnnotatorError(
            f"{sorted(clash)[0]!r} is both an entity label and an event type; rename one", where=where
        )
    keys = [item.key for item in (*labels, *events) if item.key]
    _unique(keys, "shortcut key", where)
    language = data.get("language", "en")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}|xx", language):
        raise AnnotatorError(f"'language' must be a spaCy language code, not {language!r}", where=where)
    return Schema(
        name=name,
        description=str(data.get("description") or ""),
        language=language,
        entity_labels=labels,
        event_types=events,
    )


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise AnnotatorError(f"'{key}' must be a list", where=where)
    return value


def _unique(names: list[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise AnnotatorError(f"{what} {name!r} is defined twice", where=where)
        seen.add(name)


def _common(item: Any, where: str, *, name_pattern: re.Pattern | None) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise AnnotatorError("each entry must be a mapping with at least a 'name'", where=where)
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise AnnotatorError("entry has no 'name'", where=where)
    where = f"{where} ({name})"
    if name_pattern and not name_pattern.match(name):
        raise AnnotatorError(f"name {name!r} must not contain whitespace", where=where)
    color = item.get("color", DEFAULT_COLOR)
    if not isinstance(color, str) or not _COLOR.match(color):
        raise AnnotatorError(f"colour {color!r} is not of the form #rrggbb", where=where)
    key = item.get("key")
    if key is not None:
        key = str(key).lower()
        if not _KEY.match(key):
            raise AnnotatorError(
                f"shortcut key {item.get('key')!r} must be a letter, optionally 'shift+' "
                "(digits are the role keys)",
                where=where,
            )
    return {
        "name": name,
        "color": color.lower(),
        "key": key,
        "description": str(item.get("description") or "").strip(),
    }


def _entity_label(item: Any, where: str) -> EntityLabel:
    common = _common(item, where, name_pattern=_LABEL_NAME)
    return EntityLabel(**common, allow_overlap=bool(item.get("allow_overlap", True)))


def _event_type(item: Any, where: str, label_names: set[str]) -> EventType:
    common = _common(item, where, name_pattern=None)
    where = f"{where} ({common['name']})"
    triggers = item.get("triggers") or []
    if not isinstance(triggers, list) or not all(isinstance(t, str) for t in triggers):
        raise AnnotatorError("'triggers' must be a list of words", where=where)
    roles = []
    for j, role in enumerate(item.get("roles") or []):
        role_where = f"{where}: roles[{j}]"
        if not isinstance(role, dict) or not isinstance(role.get("name"), str) or not role["name"].strip():
            raise AnnotatorError("each role must be a mapping with a non-empty 'name'", where=role_where)
        fillers = role.get("fillers") or []
        if not isinstance(fillers, list):
            raise AnnotatorError("'fillers' must be a list of entity labels", where=role_where)
        for filler in fillers:
            if filler not in label_names:
                raise AnnotatorError(
                    f"role {role['name']!r} allows filler {filler!r}, which is not an entity label",
                    where=role_where,
                )
        roles.append(
            Role(
                name=role["name"],
                fillers=tuple(fillers),
                required=bool(role.get("required", False)),
                repeat=bool(role.get("repeat", True)),
                description=str(role.get("description") or "").strip(),
            )
        )
    _unique([role.name for role in roles], "role", where)
    return EventType(**common, triggers=tuple(t.lower() for t in triggers), roles=tuple(roles))
