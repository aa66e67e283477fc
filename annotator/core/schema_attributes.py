"""Attribute declarations: what a span, event or relation may carry besides its label, and which values fit.

An attribute is declared once, at the top level of a schema with ``applies_to`` (label, event type or
relation type names, or brat's ``<ENTITY>``, ``<EVENT>``, ``<RELATION>`` for all of a kind), or inline in
a label's, event type's or relation type's ``attributes`` list (it then applies to that entry). YAML
aliases are refused, so "every event type" is written ``<EVENT>`` rather than repeated 33 times.

:meth:`AttributeDef.problem` says why a value does not fit; :mod:`annotator.core.rules` turns that into
the violation every write path and ``check`` report, and the schema uses it on each ``default``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from annotator.core.schema_fields import check_name, field_list, flag, names, short, text, unique
from annotator.core.schema_file import describe
from annotator.errors import AnnotatorError, Errors

BOOLEAN, ENUM, INTEGER, DATE, TEXT = "boolean", "enum", "integer", "date", "text"
ATTRIBUTE_TYPES = (BOOLEAN, ENUM, INTEGER, DATE, TEXT)
# A date is ISO 8601 at its declared precision or coarser: "2021-05-03", "2021-05", "2021".
DATE_PRECISIONS = ("year", "month", "day")
ALL_OF_KIND = {"span": "<ENTITY>", "event": "<EVENT>", "relation": "<RELATION>"}
TARGETS = tuple(ALL_OF_KIND)
_NAME = re.compile(r"\S+")
_DATE_FORMS = {"year": re.compile(r"\d{4}"), "month": re.compile(r"\d{4}-\d{2}"),
               "day": re.compile(r"\d{4}-\d{2}-\d{2}")}

AttributeValueType = bool | int | str


@dataclass(frozen=True)
class AttributeDef:
    """One attribute: its ``type`` (see :data:`ATTRIBUTE_TYPES`), allowed values, default, whether an
    annotation is incomplete without it, and the names it ``applies_to``."""

    name: str
    type: str
    applies_to: tuple[str, ...]
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    precision: str | None = None
    default: AttributeValueType | None = None
    required: bool = False
    description: str = ""

    def applies(self, target: str, name: str) -> bool:
        return name in self.applies_to or ALL_OF_KIND[target] in self.applies_to

    def problem(self, value: Any) -> AnnotatorError | None:
        """Why ``value`` does not fit this attribute, or None (returned, not raised, like ``misfit``)."""
        shown = describe(value)
        if self.type == BOOLEAN and not isinstance(value, bool):
            return AnnotatorError(Errors.E421, name=self.name, value=shown)
        if self.type == ENUM and (not isinstance(value, str) or value not in self.values):
            return AnnotatorError(Errors.E422, name=self.name, values=", ".join(self.values), value=shown)
        if self.type == INTEGER and (type(value) is not int or not self._in_range(value)):
            return AnnotatorError(Errors.E423, name=self.name, range=self._range(), value=shown)
        if self.type == DATE and not (isinstance(value, str) and self._is_date(value)):
            return AnnotatorError(Errors.E424, name=self.name, precision=self.precision or "day", value=shown)
        if self.type == TEXT and (not isinstance(value, str) or not value.strip()):
            return AnnotatorError(Errors.E425, name=self.name, value=shown)
        return None

    def _in_range(self, value: int) -> bool:
        return ((self.minimum is None or value >= self.minimum)
                and (self.maximum is None or value <= self.maximum))

    def _range(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f" from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f" of at least {self.minimum}"
        return f" of at most {self.maximum}" if self.maximum is not None else ""

    def _is_date(self, value: str) -> bool:
        finest = DATE_PRECISIONS.index(self.precision or "day")
        for precision in DATE_PRECISIONS[: finest + 1]:
            if _DATE_FORMS[precision].fullmatch(value):
                try:
                    padded = {"year": f"{value}-01-01", "month": f"{value}-01"}.get(precision, value)
                    date.fromisoformat(padded)
                except ValueError:
                    return False
                return True
        return False


def attribute_defs(data: dict, where: str, inline: list[tuple[str, Any]]) -> tuple[AttributeDef, ...]:
    """The top-level ``attributes`` and those declared inside the ``inline`` entries (where, item)."""
    found = [_attribute(item, f"{where}: attributes[{i}]", None)
             for i, item in enumerate(field_list(data, "attributes", where))]
    for entry_where, item in inline:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            entry_where = f"{entry_where} ({short(item['name'])})"
            found.extend(_attribute(attribute, f"{entry_where}: attributes[{j}]", item["name"])
                         for j, attribute in enumerate(field_list(item, "attributes", entry_where)))
    return tuple(found)


def check_attribute_targets(attributes: tuple[AttributeDef, ...], where: str, *, entities: set[str],
                            events: set[str], relations: set[str]) -> None:
    """Every ``applies_to`` names something of the schema, and no target gets one attribute twice."""
    known = entities | events | relations | set(ALL_OF_KIND.values())
    for attribute in attributes:
        for name in attribute.applies_to:
            if name not in known:
                raise AnnotatorError(Errors.E335, where=where, attribute=describe(attribute.name),
                                     name=describe(name))
    for target, names_of_kind in (("span", entities), ("event", events), ("relation", relations)):
        for name in names_of_kind:
            unique([a.name for a in attributes if a.applies(target, name)], f"attribute of {name}", where)


def _attribute(item: Any, where: str, owner: str | None) -> AttributeDef:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise AnnotatorError(Errors.E324, where=where)
    name = item["name"]
    check_name(name, where)
    where = f"{where} ({short(name)})"
    if not _NAME.fullmatch(name):
        raise AnnotatorError(Errors.E326, where=where, name=describe(name))
    kind = item.get("type")
    if kind not in ATTRIBUTE_TYPES:
        raise AnnotatorError(Errors.E333, where=where, type=describe(kind), types=", ".join(ATTRIBUTE_TYPES))
    applies_to = (owner,) if owner is not None else tuple(names(item, "applies_to", "names", where))
    if not applies_to:
        raise AnnotatorError(Errors.E334, where=where)
    values = tuple(names(item, "values", "values", where)) if kind == ENUM else ()
    if kind == ENUM and not values:
        raise AnnotatorError(Errors.E336, where=where)
    unique(list(values), "value", where)
    minimum, maximum = (_whole(item, key, where) if kind == INTEGER else None
                        for key in ("minimum", "maximum"))
    if minimum is not None and maximum is not None and minimum > maximum:
        raise AnnotatorError(Errors.E337, where=where)
    precision = item.get("precision", "day") if kind == DATE else None
    if kind == DATE and precision not in DATE_PRECISIONS:
        raise AnnotatorError(Errors.E338, where=where, value=describe(precision),
                             precisions=", ".join(DATE_PRECISIONS))
    definition = AttributeDef(name=name, type=kind, applies_to=applies_to, values=values, minimum=minimum,
                              maximum=maximum, precision=precision,
                              required=flag(item, "required", False, where),
                              description=text(item, "description", where).strip())
    default = item.get("default")
    if default is not None:
        problem = definition.problem(default)
        if problem is not None:
            raise AnnotatorError(Errors.E339, where=where, problem=problem.message)
        definition = replace(definition, default=default)
    return definition


def _whole(item: dict, key: str, where: str) -> int | None:
    value = item.get(key)
    if value is not None and type(value) is not int:
        raise AnnotatorError(Errors.E340, where=where, key=key, value=describe(value))
    return value
