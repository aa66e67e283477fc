"""brat's ``R`` (relation), ``A``/``M`` (attribute) and ``#`` (note) lines, read and written.

Grammar (brat standoff documentation): ``R1<TAB>TYPE Arg1:T1 Arg2:T2``; ``*<TAB>TYPE T1 T2 ...`` for an
equivalence (read as relations of that type from the first span to each other one, when the schema
has the type; a transitive type's relations are written back as one ``*`` line per class);
``A1<TAB>NAME ID`` for a binary attribute and ``A1<TAB>NAME ID VALUE`` for a multi-valued one (``M`` is
the older spelling); ``#1<TAB>AnnotatorNotes ID<TAB>TEXT``. IDs name a ``T`` (span), ``E`` (event) or
``R`` line of the same file.

What the schema cannot hold (a relation type or attribute it does not declare for that target) is
left out with a note, so brat's own corpora import with everything the schema has room for. A value is
one word in brat: enum values are mapped like names (spaces become ``_``), numbers and dates are
written as they read, a ``false`` boolean is brat's absent binary attribute, and a text value with
spaces, a note with a line break or a note on the document itself is reported, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from annotator.core.model import (
    ON_DOCUMENT,
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    Annotated,
    AttributeValue,
    Note,
    Relation,
)
from annotator.core.schema import Schema
from annotator.core.schema_attributes import BOOLEAN, ENUM, INTEGER, AttributeDef
from annotator.errors import Errors
from annotator.formats.export_report import ExportReport
from annotator.formats.records import LineError, NoteCollector

_PREFIX = {"T": ON_SPAN, "E": ON_EVENT, "R": ON_RELATION}
_LETTER = {target: letter for letter, target in _PREFIX.items()}
_SPACE = re.compile(r"\s")
_CONF_SEPARATOR = re.compile(r"[|,]")
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
NOTE_TYPE = "AnnotatorNotes"


def safe_value(value: str) -> str:
    """An enum value as one brat word that annotation.conf can list (its values are split at | and ,)."""
    return _CONF_SEPARATOR.sub("_", _SPACE.sub("_", value)) or "_"


@dataclass
class LinkLines:
    """The R, A/M and # lines of one .ann file, by line number, until the T and E lines are read."""

    relations: list[tuple[int, str]] = field(default_factory=list)
    attributes: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)

    def take(self, number: int, line: str) -> bool:
        """Keep ``line`` if it is one of these kinds."""
        kind = {"R": self.relations, "*": self.relations, "A": self.attributes, "M": self.attributes,
                "#": self.notes}.get(line[0])
        if kind is None:
            return False
        kind.append((number, line))
        return True

    def read(self, item: Annotated, ids: dict[str, dict[str, int]], schema: Schema,
             label_from: Callable[[str], str], attribute_from: Callable[[str], str],
             collector: NoteCollector) -> Annotated:
        """``item`` with the relations, attribute values and notes these lines hold."""
        relations: list[Relation] = []
        ids[ON_RELATION] = {}
        for number, line in self.relations:
            read = (_equivalence(number, line, ids[ON_SPAN], label_from) if line[0] == "*"
                    else [_relation(number, line, ids[ON_SPAN], label_from)])
            for identifier, relation in read:
                if schema.relation_type(relation.type) is None:
                    collector.add(f"ignored brat relations of types not in the schema ({relation.type})",
                                  number)
                    continue
                ids[ON_RELATION][identifier] = len(relations)
                relations.append(relation)
        names = {ON_SPAN: lambda i: item.spans[i].label, ON_EVENT: lambda i: item.events[i].type,
                 ON_RELATION: lambda i: relations[i].type}
        values = []
        for number, line in self.attributes:
            name, target, index, raw = _attribute(number, line, ids, attribute_from)
            definition = schema.attribute(target, names[target](index), name)
            if definition is None:
                collector.add(f"ignored brat attributes the schema does not declare there ({name})", number)
                continue
            values.append(AttributeValue(name, _value(definition, raw), target, index))
        notes = [_note(number, line, ids) for number, line in self.notes]
        return Annotated(item.document, item.spans, item.events, tuple(relations), tuple(values),
                         tuple(notes), item.where)


def _target(number: int, identifier: str, ids: dict[str, dict[str, int]]) -> tuple[str, int]:
    target = _PREFIX.get(identifier[:1])
    if target is None or identifier not in ids.get(target, {}):
        raise LineError(number, Errors.E149, target=identifier)
    return target, ids[target][identifier]


def _relation(number: int, line: str, spans: dict[str, int],
              label_from: Callable[[str], str]) -> tuple[str, Relation]:
    identifier, _, body = line.partition("\t")
    parts = body.split()
    if len(parts) != 3 or not all(":" in part for part in parts[1:]):
        raise LineError(number, Errors.E150, identifier=identifier)
    ends = dict(part.split(":", 1) for part in parts[1:])
    if set(ends) != {"Arg1", "Arg2"}:
        raise LineError(number, Errors.E150, identifier=identifier)
    for end in ends.values():
        if end not in spans:
            raise LineError(number, Errors.E149, target=end)
    return identifier, Relation(label_from(parts[0]), spans[ends["Arg1"]], spans[ends["Arg2"]])


def _equivalence(number: int, line: str, spans: dict[str, int],
                 label_from: Callable[[str], str]) -> list[tuple[str, Relation]]:
    """A ``*`` line: the first span related to each other one (the line has no id of its own). A member
    named twice is one member: real corpora have ``*<TAB>Equiv T63 T63``, which says nothing."""
    parts = line.partition("\t")[2].split()
    if len(parts) < 3:
        raise LineError(number, Errors.E150, identifier="*")
    for member in parts[1:]:
        if member not in spans:
            raise LineError(number, Errors.E149, target=member)
    first, *others = dict.fromkeys(parts[1:])
    return [(f"*{number}-{index}", Relation(label_from(parts[0]), spans[first], spans[member]))
            for index, member in enumerate(others)]


def _attribute(number: int, line: str, ids: dict[str, dict[str, int]],
               attribute_from: Callable[[str], str]) -> tuple[str, str, int, str | None]:
    identifier, _, body = line.partition("\t")
    parts = body.split()
    if len(parts) not in (2, 3):
        raise LineError(number, Errors.E151, identifier=identifier)
    target, index = _target(number, parts[1], ids)
    return attribute_from(parts[0]), target, index, parts[2] if len(parts) == 3 else None


def _value(definition: AttributeDef, raw: str | None) -> bool | int | str:
    """A brat value as the schema's type; one that does not fit stays text for the rules to refuse."""
    if definition.type == BOOLEAN:
        return raw is None or raw.lower() not in ("false", "no", "0")
    if raw is None:
        return True
    if definition.type == INTEGER and re.fullmatch(r"-?\d{1,18}", raw):
        return int(raw)
    if definition.type == ENUM:
        return next((value for value in definition.values if safe_value(value) == raw), raw)
    return raw


def _note(number: int, line: str, ids: dict[str, dict[str, int]]) -> Note:
    parts = line.split("\t", 2)
    head = parts[1].split() if len(parts) == 3 else []
    if len(head) != 2:
        raise LineError(number, Errors.E152, identifier=parts[0])
    target, index = _target(number, head[1], ids)
    return Note(parts[2], target, index)


# -- writing -------------------------------------------------------------------------------------------

def link_lines(item: Annotated, numbers: dict[str, dict[int | None, int]], *,
               relation_name: Callable[[str], str], attribute_name: Callable[[str], str],
               report: ExportReport, seen: dict[str, set[str]], equivalences: Collection[str] = ()
               ) -> list[str]:
    """The R, ``*``, A and # lines of one document; ``numbers`` maps span and event ids to their T and E
    numbers (R numbers are added here); ``seen`` collects free values for ``annotation.conf``. Relations
    of the ``equivalences`` types (transitive ones) are written as ``*`` lines, one per class of spans,
    unless an attribute or note hangs on one (a ``*`` line has no id to hang it on)."""
    title = item.document.title
    lines: list[str] = []
    numbers[ON_RELATION] = {}
    written = [relation for relation in item.relations
               if relation.head_id in numbers[ON_SPAN] and relation.tail_id in numbers[ON_SPAN]]
    for relation in item.relations:
        if relation not in written:
            report.problem("relations left out with their span", title, relation.type)
    as_classes = _equivalence_relations(item, written, equivalences)
    for relation in written:
        if relation.id in as_classes:
            continue
        numbers[ON_RELATION][relation.id] = len(numbers[ON_RELATION]) + 1
        lines.append(f"R{numbers[ON_RELATION][relation.id]}\t{relation_name(relation.type)} "
                     f"Arg1:T{numbers[ON_SPAN][relation.head_id]} Arg2:T{numbers[ON_SPAN][relation.tail_id]}")
    lines += equivalence_lines([r for r in written if r.id in as_classes], numbers[ON_SPAN], relation_name)
    count = 0
    for value in sorted(item.attributes, key=lambda value: (value.target, value.target_id, value.name)):
        target = numbers[value.target].get(value.target_id)
        written = _written_value(value, title, report)
        if target is None or written is None:
            if target is None:
                report.problem("attribute values left out with what they are on", title, value.name)
            continue
        count += 1
        name = attribute_name(value.name)
        if written:
            seen.setdefault(value.name, set()).add(written)
        lines.append(f"A{count}\t{name} {_LETTER[value.target]}{target}" + (f" {written}" if written else ""))
    count = 0
    for note in item.notes:
        target = None if note.target == ON_DOCUMENT else numbers[note.target].get(note.target_id)
        if target is None:
            report.problem("notes on the document or on what was left out (brat notes are on an annotation)",
                           title, note.text[:40])
            continue
        text = note.text
        if _LINE_BREAK.search(text):
            report.problem("notes with line breaks (written on one line, breaks as spaces)", title, text[:40])
            text = _LINE_BREAK.sub(" ", text)
        count += 1
        lines.append(f"#{count}\t{NOTE_TYPE} {_LETTER[note.target]}{target}\t{text}")
    return lines


def _equivalence_relations(item: Annotated, relations: list[Relation], equivalences: Collection[str]
                           ) -> set[int | None]:
    """The ids of the relations to write as ``*`` lines: of a transitive type, with nothing on them."""
    if not equivalences:
        return set()
    carrying = {value.target_id for value in item.attributes if value.target == ON_RELATION}
    carrying |= {note.target_id for note in item.notes if note.target == ON_RELATION}
    return {relation.id for relation in relations
            if relation.type in equivalences and relation.id not in carrying}


def equivalence_lines(relations: Iterable[Relation], t_number: dict[int | None, int],
                      relation_name: Callable[[str], str]) -> list[str]:
    """``*<TAB>TYPE T1 T2 T3`` for each class of spans the relations of each type join (members in T
    order): what brat writes for a ``symmetric-transitive`` type, and what :func:`_equivalence` reads."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(key: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for relation in relations:
        head, tail = ((relation.type, t_number[end]) for end in (relation.head_id, relation.tail_id))
        parent[root(head)] = root(tail)
    classes: dict[tuple[str, int], list[int]] = {}
    for key in parent:
        classes.setdefault(root(key), []).append(key[1])
    ordered = sorted((sorted(numbers), kind) for (kind, _), numbers in classes.items())
    return [f"*\t{relation_name(kind)} " + " ".join(f"T{number}" for number in numbers)
            for numbers, kind in ordered]


def _written_value(value: AttributeValue, title: str, report: ExportReport) -> str | None:
    """The value as brat writes it ("" for a binary attribute), or None when it cannot."""
    if isinstance(value.value, bool):
        if not value.value:
            report.problem("false boolean attributes (brat's binary attributes are present or absent)",
                           title, value.name)
            return None
        return ""
    text = str(value.value)
    if isinstance(value.value, str) and _SPACE.search(text):
        report.problem("attribute values with spaces (written with _ for each: a brat value is one word)",
                       title, text[:40])
        return safe_value(text)
    if isinstance(value.value, str) and _CONF_SEPARATOR.search(text):
        report.problem("attribute values with | or , (written with _ for each: annotation.conf lists values "
                       "split at them)", title, text[:40])
        return safe_value(text)
    return text


def attribute_conf(schema: Schema, label: Callable[[str], str], attribute_name: Callable[[str], str],
                   seen: dict[str, set[str]]) -> list[str]:
    """The ``[attributes]`` section: each attribute, the types it is on, its values (for free values,
    those the export wrote)."""
    by_name: dict[str, list[AttributeDef]] = {}
    for definition in schema.attributes:
        by_name.setdefault(definition.name, []).append(definition)
    lines = []
    for name, definitions in by_name.items():
        targets = [label(target) if not target.startswith("<") else target
                   for definition in definitions for target in definition.applies_to]
        line = f"{attribute_name(name)}\tArg:{'|'.join(dict.fromkeys(targets))}"
        values = _declared_values(definitions[0], seen.get(name, set()))
        lines.append(line + (f", Value:{'|'.join(values)}" if values else ""))
    return lines


def _declared_values(definition: AttributeDef, seen: Iterable[str]) -> list[str]:
    if definition.type == BOOLEAN:
        return []
    if definition.type == ENUM:
        return [safe_value(value) for value in definition.values]
    if (definition.type == INTEGER and definition.minimum is not None and definition.maximum is not None
            and definition.maximum - definition.minimum < 100):
        return [str(number) for number in range(definition.minimum, definition.maximum + 1)]
    return sorted(seen) or ["_"]
