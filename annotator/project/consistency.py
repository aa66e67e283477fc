"""The consistency report: places where the project disagrees with itself.

- the same string tagged with different labels in different places (the places of the rarer labels);
- entity mentions left unlinked while their text is an alias of an entity of their label (the alias
  index of :mod:`annotator.nlp.entity_links`, as link suggestions use it);
- events missing a required role (the rule and its wording from :mod:`annotator.core.rules`).

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

if TYPE_CHECKING:
    from annotator.project.facade import Project

LABELS = "labels"
UNLINKED = "unlinked"
ROLES = "roles"
KINDS = {LABELS: "Same text, different labels", UNLINKED: "Unlinked mentions of an alias",
         ROLES: "Events missing a required role"}
PLACES = 20  # places listed per finding (all of them are counted)


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
    kind: str
    message: str
    count: int
    places: tuple[Place, ...]


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
                lines.append(f"  … and {finding.count - len(finding.places)} more")
        return lines

    def to_dict(self) -> dict:
        return {"findings": [
            {"kind": finding.kind, "message": finding.message, "count": finding.count,
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
    return report


def _check(control: JobControl | None) -> None:
    if control is not None:
        control.check()


def _place(row: tuple, note: str = "") -> Place:
    span_id, doc_id, start, end, _label, _kind, text = row
    return Place(doc_id, start, end, text, span_id, note)


def _label_conflicts(project: Project, strings: list[tuple[str, str, int, int]], places: int
                     ) -> list[Finding]:
    """For a text tagged with several labels: a finding per label other than its most used one."""
    labels_of: dict[str, dict[str, int]] = defaultdict(dict)
    for text, label, count, _linked in strings:
        labels_of[text][label] = count
    findings = []
    for text, counts in labels_of.items():
        if len(counts) < 2:
            continue
        usual = max(counts, key=lambda label: (counts[label], label))
        for label, count in sorted(counts.items()):
            if label == usual:
                continue
            rows = project.store.search.places_of(text, label, limit=places)
            findings.append(Finding(
                LABELS, f"{text!r} is {label} {count} time(s) but {usual} {counts[usual]} time(s)", count,
                tuple(_place(row, f"{usual} elsewhere") for row in rows)))
    return findings


def _unlinked_aliases(project: Project, strings: list[tuple[str, str, int, int]], places: int
                      ) -> list[Finding]:
    """Texts with unlinked mentions that the alias index matches to an entity of their label."""
    index = project.alias_index()
    findings = []
    for text, label, count, linked in strings:
        if linked >= count:
            continue
        entities, _how = index.match(text, label)
        if not entities:
            continue
        names = ", ".join(f"{entity.name} (entity {entity.id})" for entity in entities)
        rows = project.store.search.places_of(text, label, unlinked=True, limit=places)
        findings.append(Finding(UNLINKED, f"{count - linked} {label} mention(s) of {text!r} are not linked; "
                                          f"it is an alias of {names}", count - linked,
                                tuple(_place(row) for row in rows)))
    return findings


def _missing_roles(project: Project, places: int) -> list[Finding]:
    """Per event type and required role, the events that leave it open, worded by the rule itself."""
    schema = project.schema
    rows = project.store.search
    findings = []
    for event_type in schema.event_types:
        required = [role.name for role in event_type.roles if role.required]
        if not required:
            continue
        lacking = rows.events_lacking(event_type.name, required)
        triggers = rows.spans_with_ids(row[2] for row in lacking)
        by_role: dict[str, list[Place]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        for event_id, doc_id, trigger_id, filled in lacking:
            arguments = tuple(Argument(role, trigger_id) for role in (filled or "").split(",") if role)
            event = Event(event_type.name, trigger_id, arguments, event_id, doc_id)
            trigger = triggers.get(trigger_id)
            surface = trigger[6] if trigger else ""
            by_ref = {trigger_id: Span(0, len(surface), event_type.name, TRIGGER, surface, trigger_id,
                                       doc_id)}
            open_roles = [role for role in required if role not in {argument.role for argument in arguments}]
            for role, violation in zip(open_roles, rules.missing_required(schema, surface, event, by_ref),
                                       strict=True):
                counts[role] += 1
                if trigger and len(by_role[role]) < places:
                    by_role[role].append(_place(trigger, violation.message))
        findings += [Finding(ROLES, f"{counts[role]} {event_type.name} event(s) have no {role}", counts[role],
                             tuple(by_role[role])) for role in required if counts[role]]
    return findings

