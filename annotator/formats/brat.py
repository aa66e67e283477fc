"""brat standoff: a ``.txt`` file and an ``.ann`` file per document, plus the collection's configuration.

Facts this module relies on (brat's standoff documentation and its server source):

* offsets count the characters of the ``.txt`` as Python reads it without newline translation, so code
  points, with CRLF as two characters;
* type and role names are stored in the form ``[A-Za-z0-9_-]+`` (brat rewrites anything else to ``_``
  with a warning), and brat drops trailing digits from a role to number repeats (``Victim2`` is a second
  ``Victim``);
* a ``T`` line's text may not hold a line break: a span crossing one is written as fragments
  ``start end;start end`` split at the break, with the fragment texts joined by a space;
* event types belong only under ``[events]``: a type listed under ``[entities]`` too is treated by brat
  as a plain entity, so its spans would stop being triggers. Trigger spans carry the event type as label;
* a discontinuous mention is ``T1 ORG 0 5;12 17`` (fragments joined by a space in the text field); an
  E line's argument may be another event (``Crime:E1``). Relations, attributes and notes are in
  :mod:`annotator.formats.brat_links`, links to the entity registry (``N`` and coreference ``*`` lines)
  in :mod:`annotator.formats.brat_entities`.

Names are made brat-safe by :class:`BratNames`: every character outside ``[A-Za-z0-9_-]`` becomes ``_``
(``Conflict.Attack`` -> ``Conflict_Attack``, ``Battles/Armed clash`` -> ``Battles_Armed_clash``), a role
that would end in a digit gets a trailing ``_``, and a clash gets ``-2``, ``-3``... The mapping is derived
from the schema alone, so the reader maps names back with the same schema; ``visual.conf`` shows the
original names as display labels and ``annotation.conf`` lists the mapping in comments.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from annotator.core.model import ON_EVENT, ON_SPAN, Annotated, Argument, Document, Event, Span
from annotator.core.schema import Schema
from annotator.errors import Errors
from annotator.formats.atomic_output import atomic_folder
from annotator.formats.brat_entities import EntityLines, entity_lines, equiv_conf
from annotator.formats.brat_links import LinkLines, attribute_conf, link_lines
from annotator.formats.export_report import ExportReport
from annotator.formats.records import (
    BadRecord,
    LineError,
    NoteCollector,
    ReadItem,
    Rejected,
    printable,
    span_kind,
    text_hash,
)
from annotator.formats.text_reader import read_text, source_meta

BRAT_CONF_FILES = frozenset({"annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"})
# What Python's line splitting (and so brat's .ann reader) treats as a line end.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_TEXT_RUN = re.compile(f"[^{LINE_BREAKS}]+")
_TRAILING_NUMBER = re.compile(r"^(.*?)\d+$")


# -- names ---------------------------------------------------------------------------------------------

class BratNames:
    """Schema names <-> brat storage names, derived from the schema so writer and reader agree."""

    def __init__(self, schema: Schema) -> None:
        # One brat name per name: a relation type may share its name with a span label (brat keeps
        # them in separate sections), so the name is stored once for both.
        self._labels = _assign(list(dict.fromkeys([label.name for label in schema.entity_labels]
                                                  + [event.name for event in schema.event_types]
                                                  + [relation.name for relation in schema.relation_types])))
        self._attributes = _assign(list(dict.fromkeys(attribute.name for attribute in schema.attributes)))
        self._attributes_back = {safe: name for name, safe in self._attributes.items()}
        self._labels_back = {safe: name for name, safe in self._labels.items()}
        self.equivalences = frozenset(relation.name for relation in schema.relation_types
                                      if relation.transitive)
        self._roles = {event.name: _assign([role.name for role in event.roles], role=True)
                       for event in schema.event_types}
        self._roles_back = {event: {safe: name for name, safe in roles.items()}
                            for event, roles in self._roles.items()}

    def label(self, name: str) -> str:
        return self._labels.get(name) or _safe(name)

    def label_from(self, stored: str) -> str:
        return self._labels_back.get(stored, stored)

    def attribute(self, name: str) -> str:
        return self._attributes.get(name) or _safe(name)

    def attribute_from(self, stored: str) -> str:
        return self._attributes_back.get(stored, stored)

    def role(self, event_type: str, name: str) -> str:
        return self._roles.get(event_type, {}).get(name) or _safe(name, role=True)

    def role_from(self, event_type: str, stored: str) -> str:
        """A role as written in an E line, repeat number (``Victim2``) dropped as brat does."""
        back = self._roles_back.get(event_type, {})
        if stored in back:
            return back[stored]
        numbered = _TRAILING_NUMBER.match(stored)
        base = numbered.group(1) if numbered else stored
        return back.get(base, base)

    def mapping(self) -> list[tuple[str, str]]:
        """Every schema name (roles once each) that brat stores differently, with its storage form."""
        renamed = [(name, safe) for name, safe in self._labels.items() if name != safe]
        renamed += [(f"attribute {name}", safe) for name, safe in self._attributes.items() if name != safe]
        roles = {(f"role {name}", safe) for roles in self._roles.values()
                 for name, safe in roles.items() if name != safe}
        return renamed + sorted(roles)


def _safe(name: str, *, role: bool = False) -> str:
    safe = _UNSAFE.sub("_", name) or "_"
    return safe + "_" if role and safe[-1].isdigit() else safe


def _assign(names: list[str], *, role: bool = False) -> dict[str, str]:
    assigned: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base, number = _UNSAFE.sub("_", name) or "_", 1
        candidate = _safe(base, role=role)
        while candidate in used:
            number += 1
            candidate = _safe(f"{base}-{number}", role=role)
        assigned[name] = candidate
        used.add(candidate)
    return assigned


@functools.lru_cache(maxsize=8)
def brat_names(schema: Schema) -> BratNames:
    return BratNames(schema)


# -- reading -------------------------------------------------------------------------------------------

def read_brat(txt: Path, ann: Path, root: Path, schema: Schema,
              encoding: str | None = None) -> Iterator[ReadItem]:
    """One brat document: its text exactly as on disk, T lines as spans and E lines as events."""
    text = read_text(txt, encoding)
    notes = NoteCollector()
    document = Document(text, title=printable(txt.stem), meta=source_meta(txt, root), sha256=text_hash(text))
    try:
        item = _parse_ann(read_text(ann, encoding), document, schema, notes)
    except LineError as exc:
        yield Rejected.of(exc, f"{printable(ann)}, line {exc.line}")
        return
    except BadRecord as exc:
        yield Rejected.of(exc, printable(ann))
        return
    yield replace(item, where=printable(ann))
    yield from notes.notes(printable(ann))


def _parse_ann(ann: str, document: Document, schema: Schema, notes: NoteCollector) -> Annotated:
    names = brat_names(schema)
    spans: list[Span] = []
    span_index: dict[str, int] = {}
    event_lines: list[tuple[int, str]] = []
    links = LinkLines()
    entity_links = EntityLines(schema)
    for number, line in enumerate(ann.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if line[0] == "T":
            identifier, span = _text_bound(number, line, document.text, names, schema)
            span_index[identifier] = len(spans)
            spans.append(span)
        elif line[0] == "E":
            event_lines.append((number, line))
        elif entity_links.take(number, line) or links.take(number, line):
            continue
        else:
            raise LineError(number, Errors.E136, text=line[:60])
    event_index = {line.partition("\t")[0]: index for index, (_, line) in enumerate(event_lines)}
    triggers = [_trigger(number, line, span_index) for number, line in event_lines]
    events = [_event(number, line, span_index, event_index, triggers, names)
              for number, line in event_lines]
    item = Annotated(document, tuple(spans), tuple(events))
    item = links.read(item, {ON_SPAN: span_index, ON_EVENT: event_index}, schema, names.label_from,
                      names.attribute_from, notes)
    return entity_links.read(item, span_index)


def _text_bound(number: int, line: str, text: str, names: BratNames, schema: Schema) -> tuple[str, Span]:
    parts = line.split("\t", 2)
    if len(parts) != 3:
        raise LineError(number, Errors.E137)
    identifier, middle, surface = parts
    stored_label, _, offsets = middle.partition(" ")
    try:
        fragments = [(int(start), int(end)) for start, end in
                     (fragment.split() for fragment in offsets.split(";"))]
    except ValueError as exc:
        raise LineError(number, Errors.E138, offsets=offsets) from exc
    for start, end in fragments:
        if not 0 <= start < end <= len(text):
            raise LineError(number, Errors.E401, span=f"{identifier} fragment {start}-{end}",
                             length=len(text))
    pieces = [list(fragments[0])]
    for (_, gap_start), (gap_end, end) in itertools.pairwise(fragments):
        if gap_end < gap_start:
            raise LineError(number, Errors.E139, identifier=identifier, offsets=offsets)
        if text[gap_start:gap_end].strip(LINE_BREAKS):
            pieces.append([gap_end, end])
        else:  # split only at a line break, as brat writes a span crossing one: one piece
            pieces[-1][1] = end
    expected = " ".join(text[start:end] for start, end in fragments)
    if surface != expected:
        raise LineError(number, Errors.E402, span=identifier, expected=surface, found=expected)
    label = names.label_from(stored_label)
    start, end = fragments[0][0], fragments[-1][1]
    return identifier, Span(start=start, end=end, label=label, kind=span_kind(label, schema),
                            text=text[start:end],
                            fragments=tuple(map(tuple, pieces)) if len(pieces) > 1 else ())


def _slots(number: int, line: str) -> tuple[str, list[tuple[str, str, str]]]:
    identifier, _, body = line.partition("\t")
    slots = [slot.partition(":") for slot in body.split()]
    if not slots or any(not name or not target for name, _, target in slots):
        raise LineError(number, Errors.E140, identifier=identifier)
    return identifier, slots


def _trigger(number: int, line: str, span_index: dict[str, int]) -> int:
    identifier, ((_, _, trigger), *_) = _slots(number, line)
    if trigger not in span_index:
        raise LineError(number, Errors.E141, identifier=identifier, trigger=trigger)
    return span_index[trigger]


def _event(number: int, line: str, span_index: dict[str, int], event_index: dict[str, int],
           triggers: list[int], names: BratNames) -> Event:
    """An E line; an argument naming another E line is that event filling the role."""
    identifier, ((stored_type, _, _), *arguments) = _slots(number, line)
    event_type = names.label_from(stored_type)
    kept = []
    for stored_role, _, target in arguments:
        role = names.role_from(event_type, stored_role)
        if target in span_index:
            kept.append(Argument(role, span_index[target]))
        elif target in event_index:
            filler = event_index[target]
            kept.append(Argument(role, triggers[filler], filler_event_id=filler))
        else:
            raise LineError(number, Errors.E142, identifier=identifier, target=target)
    return Event(type=event_type, trigger_id=triggers[event_index[identifier]], arguments=tuple(kept))


# -- writing -------------------------------------------------------------------------------------------

def write_brat(documents: Iterable[Annotated], out: Path, schema: Schema, report: ExportReport) -> None:
    """A folder of ``<n>-<slug>.txt``/``.ann`` pairs with ``annotation.conf`` and ``visual.conf``."""
    names = brat_names(schema)
    seen: dict[str, set[str]] = {}
    with atomic_folder(out, replaceable=(".txt", ".ann", ".conf")) as folder:
        for number, item in enumerate(documents, 1):
            stem = f"{number:06d}-{_slug(item.document.title)}"
            (folder / f"{stem}.txt").write_bytes(item.document.text.encode("utf-8"))
            (folder / f"{stem}.ann").write_bytes(brat_ann(item, names, report, seen).encode("utf-8"))
        (folder / "annotation.conf").write_bytes(annotation_conf(schema, seen).encode("utf-8"))
        (folder / "visual.conf").write_bytes(visual_conf(schema).encode("utf-8"))


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:40].rstrip("-")
    return slug or "document"


def brat_ann(item: Annotated, names: BratNames, report: ExportReport,
             seen: dict[str, set[str]] | None = None) -> str:
    """The ``.ann`` text of one stored document; what brat cannot hold is left out and reported.

    ``seen`` gathers the free attribute values written, for ``annotation.conf``."""
    text, title = item.document.text, item.document.title
    lines: list[str] = []
    t_number: dict[int | None, int] = {}
    for span in item.spans:
        pieces = [_fragments(text, start, end) for start, end in span.pieces()]
        fragments = None if None in pieces else [run for piece in pieces for run in piece or ()]
        if fragments is None:
            report.problem("spans starting or ending with a line break (left out: brat cannot hold them)",
                           title, span.text)
            continue
        t_number[span.id] = len(t_number) + 1
        offsets = ";".join(f"{start} {end}" for start, end in fragments)
        surface = " ".join(text[start:end] for start, end in fragments)
        lines.append(f"T{t_number[span.id]}\t{names.label(span.label)} {offsets}\t{surface}")
    kept = [event for event in item.events if event.trigger_id in t_number]
    e_number: dict[int | None, int] = {event.id: number for number, event in enumerate(kept, 1)}
    for event in item.events:
        if event.trigger_id not in t_number:
            report.problem("events left out with their trigger", title, event.type)
            continue
        slots = [f"{names.label(event.type)}:T{t_number[event.trigger_id]}"]
        repeats: dict[str, int] = {}
        for argument in event.arguments:
            filler = (f"E{e_number[argument.filler_event_id]}" if argument.filler_event_id in e_number
                      else None if argument.filler_event_id is not None
                      else f"T{t_number[argument.span_id]}" if argument.span_id in t_number else None)
            if filler is None:
                report.problem("event arguments left out with their span", title, argument.role)
                continue
            repeats[argument.role] = repeats.get(argument.role, 0) + 1
            count = repeats[argument.role]
            role = names.role(event.type, argument.role) + (str(count) if count > 1 else "")
            slots.append(f"{role}:{filler}")
        lines.append(f"E{e_number[event.id]}\t{' '.join(slots)}")
    lines += link_lines(item, {ON_SPAN: t_number, ON_EVENT: e_number}, relation_name=names.label,
                        attribute_name=names.attribute, report=report, seen={} if seen is None else seen,
                        equivalences=names.equivalences)
    lines += entity_lines(item, t_number)
    return "".join(line + "\n" for line in lines)


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The span as runs between line breaks; ``None`` when it starts or ends with a break."""
    runs = [(match.start(), match.end()) for match in _TEXT_RUN.finditer(text, start, end)]
    if not runs or runs[0][0] != start or runs[-1][1] != end:
        return None
    return runs


def annotation_conf(schema: Schema, seen: dict[str, set[str]] | None = None) -> str:
    """brat's type configuration: entity labels, relation types, event types with their roles (an event
    type among a role's fillers is an event argument), attributes, overlaps allowed."""
    names = brat_names(schema)
    lines = [f"# brat configuration for the annotator schema {schema.name!r}."]
    mapping = names.mapping()
    if mapping:
        lines.append("# Names brat cannot store were renamed (schema name -> brat name):")
        lines.extend(f"#   {name} -> {safe}" for name, safe in mapping)
    lines.append("[entities]")
    lines.extend(names.label(label.name) for label in schema.entity_labels)
    lines += ["", "[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
              *equiv_conf(schema)]
    for relation in schema.relation_types:
        ends = ["|".join(names.label(label) for label in labels) or "<ANY>"
                for labels in (relation.heads, relation.tails)]
        lines.append(f"{names.label(relation.name)}\tArg1:{ends[0]}, Arg2:{ends[1]}"
                     + (", <REL-TYPE>:symmetric-transitive" if relation.transitive
                        else ", <REL-TYPE>:symmetric" if relation.symmetric else ""))
    lines += ["", "[events]"]
    for event in schema.event_types:
        roles = [f"{names.role(event.name, role.name)}{_cardinality(role.required, role.repeat)}:"
                 + ("|".join(names.label(filler) for filler in role.fillers) or "<ENTITY>")
                 for role in event.roles]
        lines.append(names.label(event.name) + ("\t" + ", ".join(roles) if roles else ""))
    lines += ["", "[attributes]", *attribute_conf(schema, names.label, names.attribute, seen or {}), ""]
    return "\n".join(lines)


def _cardinality(required: bool, repeat: bool) -> str:
    """brat's marks: none = exactly one, ``?`` = at most one, ``*`` = any number, ``+`` = at least one."""
    if required:
        return "+" if repeat else ""
    return "*" if repeat else "?"


def visual_conf(schema: Schema) -> str:
    """Display labels (the schema's own names) and the schema's colours as brat background colours."""
    names = brat_names(schema)
    lines = ["[labels]"]
    items = [*schema.entity_labels, *schema.event_types]
    lines.extend(f"{names.label(item.name)} | {item.name}" for item in items)
    role_labels = {names.role(event.name, role.name): role.name
                   for event in schema.event_types for role in event.roles}
    lines.extend(f"{stored} | {name}" for stored, name in role_labels.items())
    lines += ["", "[drawing]", "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
              "ARC_DEFAULT\tcolor:black"]
    lines.extend(f"{names.label(item.name)}\tbgColor:{item.color}" for item in items)
    return "\n".join(lines) + "\n"
