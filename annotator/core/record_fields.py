"""The one list of a record's fields, derived from the schema.

For the ``acled`` schema the fields are ACLED's columns (event date, sub-event type, the two actors, the
location, fatalities and notes), each naming the roles and event attributes a mention can give it. For any
other schema a record of an event type has one field per role of that type and one per attribute its
events take. Exports, the rules and the window all read :func:`record_fields`.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import ON_EVENT
from annotator.core.schema import Schema
from annotator.core.schema_attributes import BOOLEAN, DATE, INTEGER

ACLED = "acled"


@dataclass(frozen=True)
class FieldDef:
    """A record field: the roles whose filler and the event attributes whose value may fill it (none:
    set by hand only); ``entity`` fields take a linked filler's entity name, ``date`` fields the day a
    filler's text names (ISO, read by :mod:`annotator.core.lenient_dates`) when it names one."""

    name: str
    title: str
    roles: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    entity: bool = False
    date: bool = False


ACLED_FIELDS = (
    FieldDef("event_date", "Date", roles=("Date",), attributes=("event_date",), date=True),
    FieldDef("sub_event_type", "Sub-event type"),
    FieldDef("actor1", "Actor 1", roles=("Actor1",), entity=True),
    FieldDef("actor2", "Actor 2", roles=("Actor2",), entity=True),
    FieldDef("location", "Location", roles=("Location",), entity=True),
    FieldDef("fatalities", "Fatalities", roles=("Fatalities",), attributes=("fatalities",)),
    FieldDef("notes", "Notes"),
)


def is_acled(schema: Schema) -> bool:
    return schema.name == ACLED


def record_fields(schema: Schema, event_type: str) -> tuple[FieldDef, ...]:
    """The fields of a record of ``event_type`` (none for a type the schema lacks)."""
    if is_acled(schema):
        return ACLED_FIELDS
    declared = schema.event_type(event_type)
    if declared is None:
        return ()
    fields = {role.name: FieldDef(role.name, role.name, roles=(role.name,), entity=True)
              for role in declared.roles}
    for attribute in schema.attributes_for(ON_EVENT, event_type):
        known = fields.get(attribute.name)
        fields[attribute.name] = FieldDef(attribute.name, attribute.name, known.roles if known else (),
                                          (attribute.name,), bool(known and known.entity),
                                          attribute.type == DATE)
    return tuple(fields.values())


def field_def(schema: Schema, event_type: str, name: str) -> FieldDef | None:
    return next((field for field in record_fields(schema, event_type) if field.name == name), None)


def split_type(event_type: str) -> tuple[str, str]:
    """ACLED's (event type, sub-event type) from a schema type ``Battles/Armed clash`` (split at the last
    slash: ``Explosions/Remote violence/Grenade``); a type without one is its own event type."""
    head, slash, tail = event_type.rpartition("/")
    return (head, tail) if slash else (event_type, "")


_PLACE_LABELS = {"LOCATION", "LOC", "GPE", "PLACE", "FAC"}
_TIME_LABELS = {"DATE", "TIME"}


@dataclass(frozen=True)
class FactRoles:
    """Which roles of an event type name its actors, its place and its date, and which event attributes
    hold its date: what candidate suggestions compare."""

    actors: frozenset[str] = frozenset()
    locations: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    date_attributes: frozenset[str] = frozenset()


def fact_roles(schema: Schema, event_type: str) -> FactRoles:
    """For ``acled`` the fields' roles (Actor1 and Actor2, Location, Date; the event_date attribute);
    otherwise a role filled by place labels (LOCATION, LOC, GPE, PLACE, FAC) names the place, one filled by
    DATE or TIME the date, any other the actors; every date attribute of the type holds its date."""
    if is_acled(schema):
        by_name = {field.name: field for field in ACLED_FIELDS}
        return FactRoles(frozenset(by_name["actor1"].roles + by_name["actor2"].roles),
                         frozenset(by_name["location"].roles), frozenset(by_name["event_date"].roles),
                         frozenset(by_name["event_date"].attributes))
    declared = schema.event_type(event_type)
    roles = declared.roles if declared else ()
    places = {role.name for role in roles if role.fillers and set(role.fillers) <= _PLACE_LABELS}
    times = {role.name for role in roles if role.fillers and set(role.fillers) <= _TIME_LABELS}
    return FactRoles(frozenset(role.name for role in roles) - places - times, frozenset(places),
                     frozenset(times), frozenset(a.name for a in schema.attributes_for(ON_EVENT, event_type)
                                                 if a.type == DATE))


def typed_value(kind: str, value: str) -> bool | int | str:
    """The attribute value (of type ``kind``) a field's text stands for; its text when it reads as none."""
    text = value.strip()
    if kind == INTEGER and text.lstrip("-").isdigit():
        return int(text)
    if kind == BOOLEAN and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text
