"""The consistency report: places where the project disagrees with itself.

- the same string tagged with different labels in different places (the places of the rarer labels);
- entity mentions left unlinked while their text is an alias of an entity of their label (the alias
  index of :mod:`annotator.nlp.entity_links`, as link suggestions use it);
- events missing a required role (the rule and its wording from :mod:`annotator.core.rules`);
- event mentions in no event record, once the project keeps records (before, every event would be one).

It works from aggregates (one pass over the entity spans' text index, one query per event type with
required roles), so it answers on a large project in well under a second; each finding lists its first
places (document and offsets, to jump to) and counts all of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core import rules
from annotator.core.jobs import JobControl
from annotator.core.model import TRIGGER, Argument, Event, Span
from annotator.core.schema import Schema

if TYPE_CHECKING:
    from annotator.project.facade import Project

LABELS = "labels"
UNLINKED = "unlinked"
ROLES = "roles"
RECORDS = "records"
KINDS = {LABELS: "Same text, different labels", UNLINKED: "Unlinked mentions of an alias",
         ROLES: "Events missing a required role", RECORDS: "Event mentions in no record"}
PLACES = 5  # places listed per finding (all of them are counted)
PLACED = 500  # findings of a kind, most frequent first, that list places; every one has its search


@dataclass(frozen=True)
class Place:
    """Where a finding is: a span of a document (``span_id``), in code points."""

    doc_id: int
    start: int
    end: int
    text: str
    span_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """One disagreement: how many places, the first few, and a search that lists all of them."""

    kind: str
    message: str
    count: int
    places: tuple[Place, ...]
    query: str = ""


@dataclass
class ConsistencyReport:
    findings: list[Finding] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as text: a line per finding, then a line per place listed."""
        lines = []
        for finding in self.findings:
            lines.append(f"{KINDS[finding.kind]}: {finding.message}")
            lines += [f"  document {place.doc_id} {place.start}-{place.end} {place.text!r}"
                      + (f": {place.note}" if place.note else "") for place in finding.places]
            if finding.count > len(finding.places):
                search = f": annotator search PROJECT {_shell_quoted(finding.query)}" if finding.query else ""
                lines.append(f"  … and {finding.count - len(finding.places)} more{search}")
        return lines

    def to_dict(self) -> dict:
        return {"findings": [
            {"kind": finding.kind, "message": finding.message, "count": finding.count, "query": finding.query,
             "places": [{"doc_id": place.doc_id, "start": place.start, "end": place.end, "text": place.text,
                         "span_id": place.span_id, "note": place.note} for place in finding.places]}
            for finding in self.findings]}


def consistency_report(project: Project, *, places: int = PLACES,
                       control: JobControl | None = None) -> ConsistencyReport:
    report = ConsistencyReport()
    strings = project.store.search.entity_strings()
    _check(control)
    report.findings += _label_conflicts(project, strings, places)
    _check(control)
    report.findings += _unlinked_aliases(project, strings, places)
    _check(control)
    report.findings += _missing_roles(project, places)
    _check(control)
    report.findings += _unrecorded(project, places)
    return report


def _check(control: JobControl | None) -> None:
    if control is not None:
        control.check()


def _place(row: tuple, note: str = "") -> Place:
    span_id, doc_id, start, end, _label, _kind, text = row
    return Place(doc_id, start, end, text, span_id, note)


def _exact(text: str, label: str) -> str:
    """The search listing every span of ``label`` with ``text`` in it, as written."""
    return f'exact:"{text}" label:{label}' if '"' not in text else f"label:{label}"


def _shell_quoted(query: str) -> str:
    return "'" + query.replace("'", "'\\''") + "'"


def _label_conflicts(project: Project, strings: list[tuple[str, str, int, int]], places: int
                     ) -> list[Finding]:
    """For a text tagged with several labels: a finding per label other than its most used one."""
    labels_of: dict[str, dict[str, int]] = defaultdict(dict)
    for text, label, count, _linked in strings:
        labels_of[text][label] = count
    rarer = []
    for text, counts in labels_of.items():
        if len(counts) > 1:
            usual = max(counts, key=lambda label: (counts[label], label))
            rarer += [(text, label, usual) for label in sorted(counts) if label != usual]
    rarer.sort(key=lambda item: -labels_of[item[0]][item[1]])
    rows = project.store.search.places_of([(text, label) for text, label, _ in rarer[:PLACED]], limit=places)
    return [Finding(LABELS, f"{text!r} is {label} {labels_of[text][label]} time(s) but {usual} "
                            f"{labels_of[text][usual]} time(s)", labels_of[text][label],
                    tuple(_place(row, f"{usual} elsewhere") for row in rows.get((text, label), ())),
                    _exact(text, label))
            for text, label, usual in rarer]


def _unlinked_aliases(project: Project, strings: list[tuple[str, str, int, int]], places: int
                      ) -> list[Finding]:
    """Texts with unlinked mentions that the alias index matches to an entity of their label."""
    index = project.alias_index()
    matched = []
    for text, label, count, linked in strings:
        if linked < count:
            entities, _how = index.match(text, label)
            if entities:
                matched.append((text, label, count - linked, entities))
    matched.sort(key=lambda item: -item[2])
    rows = project.store.search.places_of([(text, label) for text, label, _, _ in matched[:PLACED]],
                                          unlinked=True, limit=places)
    return [Finding(UNLINKED, f"{unlinked} {label} mention(s) of {text!r} are not linked; it is an alias of "
                              + ", ".join(f"{entity.name} (entity {entity.id})" for entity in entities),
                    unlinked, tuple(_place(row) for row in rows.get((text, label), ())), _exact(text, label))
            for text, label, unlinked, entities in matched]


def _missing_roles(project: Project, places: int) -> list[Finding]:
    """Per event type and required role, the events that leave it open. Events filling the same roles get
    the same verdict, so the rule (:func:`annotator.core.rules.missing_required`) is asked once per set of
    filled roles, and again for each place listed, in its own words."""
    schema = project.schema
    rows = project.store.search
    findings = []
    for event_type in schema.event_types:
        required = [role.name for role in event_type.roles if role.required]
        if not required:
            continue
        lacking = rows.events_lacking(event_type.name, required)
        open_by_filled: dict[str, list[str]] = {}
        counts: dict[str, int] = defaultdict(int)
        listed: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
        for row in lacking:
            filled = row[3] or ""
            if filled not in open_by_filled:
                open_by_filled[filled] = _open_roles(schema, event_type.name, filled)
            for role in open_by_filled[filled]:
                counts[role] += 1
                if len(listed[role]) < places:
                    listed[role].append(row)
        triggers = rows.spans_with_ids(row[2] for chosen in listed.values() for row in chosen)
        for role in required:
            if not counts[role]:
                continue
            found = []
            for event_id, doc_id, trigger_id, filled in listed[role]:
                trigger = triggers.get(trigger_id)
                if trigger is not None:
                    message = _violations(schema, event_type.name, filled or "", trigger, event_id, doc_id)
                    found.append(_place(trigger, next((text for name, text in message if name == role), "")))
            findings.append(Finding(ROLES, f"{counts[role]} {event_type.name} event(s) have no {role}",
                                    counts[role], tuple(found), f"type:{event_type.name}"))
    return findings


def _arguments(filled: str, trigger_id: int) -> tuple[Argument, ...]:
    return tuple(Argument(role, trigger_id) for role in filled.split(",") if role)


def _open_roles(schema: Schema, event_type: str, filled: str) -> list[str]:
    """The required roles the rule finds open in an event filling ``filled`` (comma-separated)."""
    placeholder = (0, None, 0, 1, event_type, TRIGGER, "?")
    return [name for name, _ in _violations(schema, event_type, filled, placeholder, None, None)]


def _violations(schema: Schema, event_type: str, filled: str, trigger: tuple, event_id: int | None,
                doc_id: int | None) -> list[tuple[str, str]]:
    """(role, message) for each required role the rule finds open, worded for this trigger."""
    trigger_id, _doc, _start, _end, _label, _kind, surface = trigger
    arguments = _arguments(filled, trigger_id)
    event = Event(event_type, trigger_id, arguments, event_id, doc_id)
    by_ref = {trigger_id: Span(0, len(surface), event_type, TRIGGER, surface, trigger_id, doc_id)}
    filled_roles = {argument.role for argument in arguments}
    open_roles = [role.name for role in schema.event_type(event_type).roles
                  if role.required and role.name not in filled_roles]
    return list(zip(open_roles, (violation.message for violation in
                                 rules.missing_required(schema, surface, event, by_ref)), strict=True))


def _unrecorded(project: Project, places: int) -> list[Finding]:
    """The event mentions in no record (the records' own query), once the project has a record."""
    if not project.store.annotations.record_count():
        return []
    unrecorded = project.events_without_record()
    if not unrecorded:
        return []
    events = [project.event(event_id) for _doc_id, event_id in unrecorded[:places]]
    triggers = project.store.search.spans_with_ids(event.trigger_id for event in events)
    found = tuple(_place(triggers[event.trigger_id], f"{event.type} event {event.id}") for event in events
                  if event.trigger_id in triggers)
    return [Finding(RECORDS, f"{len(unrecorded)} event mention(s) are in no record", len(unrecorded), found)]
