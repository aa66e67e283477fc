"""A schema derived from a brat collection's ``annotation.conf`` (``annotator init --schema-from-brat``).

brat's configuration has four sections: ``[entities]`` (also spelt ``[spans]``), ``[relations]``,
``[events]`` and ``[attributes]``; one type a line, indented to form a hierarchy, ``!`` marking a type
that only groups others, ``#`` a comment. Arguments are ``ROLE:TYPE|TYPE`` with brat's cardinality marks
(none: exactly one, ``?`` at most one, ``*`` any number, ``+`` at least one, ``{n-m}`` a range), and
``<ENTITY>``, ``<EVENT>``, ``<ANY>`` standing for every type of a kind; a line of ``-`` only separates
groups in brat's menus. A macro line ``<CORE-ENTITY>=Protein|Chemical`` names a list of types that
arguments may then use, and a type may be followed by ``|`` and other names for it
(``Hydroxylation|GO:0018126``): the first is the type. An attribute with ``Value:A|B`` is
an enum, one without is a boolean (brat's binary attribute). ``<OVERLAP>`` and other ``<...>`` lines
are brat's own settings and are skipped; names are kept verbatim, since brat wrote them. The ``Equiv``
line our own export declares for entity coreference, under its marking comment, is no relation type of the
schema and is skipped too (see :mod:`annotator.formats.brat_entities`).
"""

from __future__ import annotations

import re
from typing import Any

from annotator.formats.brat_entities import EQUIV_DECLARATION, EQUIV_MARK

_SECTIONS = {"entities": "entities", "spans": "entities", "relations": "relations", "events": "events",
             "attributes": "attributes"}
_MACRO = re.compile(r"^<[^<>=]+>\s*=")
_MACRO_USE = re.compile(r"<[^<>]+>")
_ARGUMENT = re.compile(r"^(?P<role>[^:?*+{]+)(?P<mark>\?|\*|\+|\{\d*-?\d*\})?:(?P<types>.+)$")


def brat_conf_schema(conf: str, name: str) -> dict[str, Any]:
    """The schema (as a dict for ``schema_from_dict``, which validates it) that ``conf`` describes."""
    lines: dict[str, list[str]] = {section: [] for section in set(_SECTIONS.values())}
    macros: dict[str, str] = {}
    current, ours = None, False
    for raw in conf.splitlines():
        marked, ours = ours, raw.strip() == EQUIV_MARK
        line = "" if raw.lstrip().startswith("#") else raw.strip()
        if not line or (marked and current == "relations" and line == EQUIV_DECLARATION):
            continue
        if _MACRO.match(line):
            macro, _, value = line.partition("=")
            macros[macro.strip()] = value.strip()
        elif line.startswith("[") and line.endswith("]"):
            current = _SECTIONS.get(line[1:-1].strip())
        elif current is not None and not line.startswith(("!", "<")) and line.strip("-"):
            lines[current].append(line)
    lines = {section: [_expanded(line, macros) for line in found] for section, found in lines.items()}
    entities = [_split(line)[0] for line in lines["entities"]]
    events = [_split(line) for line in lines["events"]]
    event_names = [event_name for event_name, _ in events]
    known = set(entities) | set(event_names)
    relations = _relations(lines["relations"], known)
    targets = known | {relation["name"] for relation in relations}
    return {
        "name": name,
        "description": "Derived from a brat annotation.conf.",
        "entity_labels": [{"name": entity} for entity in dict.fromkeys(entities)],
        "event_types": [{"name": event_name, "roles": _roles(arguments, known, event_names)}
                        for event_name, arguments in events],
        "relation_types": relations,
        "attributes": [_attribute(line, targets) for line in lines["attributes"]],
    }


def _expanded(line: str, macros: dict[str, str]) -> str:
    """``line`` with its macros replaced by what they stand for (a macro may use another)."""
    for _ in range(len(macros) + 1):
        expanded = _MACRO_USE.sub(lambda use: macros.get(use.group(0), use.group(0)), line)
        if expanded == line:
            break
        line = expanded
    return line


def _split(line: str) -> tuple[str, list[str]]:
    """A type (the first of its names) and its comma-separated arguments (brat separates the type by
    a tab or a space)."""
    head, _, rest = line.replace("\t", " ").partition(" ")
    return head.split("|")[0], [argument.strip() for argument in rest.split(",") if argument.strip()]


def _types(types: str, known: set[str], event_names: list[str]) -> list[str]:
    found: list[str] = []
    for kind in types.split("|"):
        if kind == "<EVENT>":
            found += event_names
        elif kind in known:
            found.append(kind)
    return list(dict.fromkeys(found))


def _roles(arguments: list[str], known: set[str], event_names: list[str]) -> list[dict[str, Any]]:
    roles: dict[str, dict[str, Any]] = {}
    for argument in arguments:
        match = _ARGUMENT.match(argument)
        if match is None:
            continue
        mark = match["mark"] or ""
        role = roles.setdefault(match["role"], {"name": match["role"], "fillers": [],
                                                "required": mark in ("", "+"),
                                                "repeat": mark in ("*", "+") or mark.startswith("{")})
        role["fillers"] = list(dict.fromkeys(role["fillers"] + _types(match["types"], known, event_names)))
    return list(roles.values())


def _relations(lines: list[str], known: set[str]) -> list[dict[str, Any]]:
    """Relation types; one given on several lines (brat allows it) gets the union of its ends."""
    relations: dict[str, dict[str, Any]] = {}
    for line in lines:
        name, arguments = _split(line)
        ends = dict(argument.split(":", 1) for argument in arguments if ":" in argument)
        relation = relations.setdefault(name, {"name": name, "heads": [], "tails": [], "symmetric": False,
                                                    "transitive": False})
        for key, end in (("heads", "Arg1"), ("tails", "Arg2")):
            relation[key] = list(dict.fromkeys(relation[key] + _types(ends.get(end, ""), known, [])))
        kinds = ends.get("<REL-TYPE>", "").split("-")
        relation["symmetric"] |= "symmetric" in kinds
        relation["transitive"] |= "transitive" in kinds
    return list(relations.values())


def _attribute(line: str, known: set[str]) -> dict[str, Any]:
    name, arguments = _split(line)
    fields = dict(argument.split(":", 1) for argument in arguments if ":" in argument)
    targets = [target for target in fields.get("Arg", "<ENTITY>|<EVENT>").split("|")
               if target in known or target in ("<ENTITY>", "<EVENT>", "<RELATION>")]
    values = [value for value in fields.get("Value", "").split("|") if value]
    attribute: dict[str, Any] = {"name": name, "type": "enum" if values else "boolean",
                                 "applies_to": targets or ["<ENTITY>", "<EVENT>"]}
    if values:
        attribute["values"] = values
    return attribute
