"""Event records' verbs: a record with its mentions and fields for the views, candidate records for a new
event mention, and the record table an export writes.

Reads go through the store's record rows (SQL stays there); the scoring is the domain's
(:mod:`annotator.core.record_candidates`), the file writing the formats'
(:mod:`annotator.formats.record_table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core import rules
from annotator.core.lenient_dates import document_date, parse_date
from annotator.core.record_candidates import Candidate, Facts, rank
from annotator.core.record_fields import fact_roles, is_acled, record_fields, split_type
from annotator.core.records import EventRecord, Membership, RecordField, RecordTag
from annotator.formats.record_table import TableRow, write_record_table

if TYPE_CHECKING:
    from annotator.project.facade import Project


@dataclass(frozen=True)
class RecordMention:
    """A member mention: its document (title), event, and its trigger's exact offsets and text."""

    doc_id: int
    event_id: int
    start: int
    end: int
    trigger: str
    title: str = ""


@dataclass(frozen=True)
class RecordDetail:
    record: EventRecord
    mentions: tuple[RecordMention, ...]
    fields: tuple[RecordField, ...]

    def field(self, name: str) -> RecordField | None:
        return next((found for found in self.fields if found.name == name), None)


def record_details(project: Project, record_ids: list[int] | None = None) -> list[RecordDetail]:
    """The records (all, or ``record_ids``) with their mentions and fields, in id order: four queries."""
    rows = project.store.annotations
    records = rows.records(record_ids)
    ids = [record.id for record in records]
    triggers, fields = rows.member_triggers(ids), rows.fields_of_records(ids)
    headers = rows.document_headers(doc_id for found in triggers.values() for doc_id, *_ in found)
    return [RecordDetail(record, tuple(RecordMention(*found, title=headers.get(found[0], ("", ""))[0])
                                       for found in triggers.get(record.id, [])),
                         tuple(fields.get(record.id, []))) for record in records]


# -- candidates ----------------------------------------------------------------------------------------------

def _gather(project: Project, event_type: str, argument_rows: list[tuple], attribute_rows: list[tuple]
            ) -> dict[Any, Facts]:
    """Facts by key (a record id, or None for the single event asked about) from the fact rows."""
    roles = fact_roles(project.schema, event_type)
    dated = [row for row in argument_rows if row[1] in roles.dates]
    read = {row[4]: parse_date(row[4]) for row in dated}  # a full date needs no report day to read
    metas = project.store.annotations.document_metas(row[5] for row in dated if read[row[4]] is None)
    reference_days = {doc_id: document_date(meta) for doc_id, meta in metas.items()}
    actors: dict[Any, dict[int, str]] = {}
    places: dict[Any, dict[int, str]] = {}
    days: dict[Any, set] = {}
    for key, role, entity_id, name, text, doc_id in argument_rows:
        if role in roles.actors and entity_id is not None:
            actors.setdefault(key, {})[entity_id] = name
        elif role in roles.locations and entity_id is not None:
            places.setdefault(key, {})[entity_id] = name
        elif role in roles.dates:
            day = read[text] or parse_date(text, reference_days.get(doc_id))
            if day is not None:
                days.setdefault(key, set()).add(day)
    for key, _name, value in attribute_rows:
        day = parse_date(str(value))
        if day is not None:
            days.setdefault(key, set()).add(day)
    return {key: Facts(event_type, actors.get(key, {}), places.get(key, {}), frozenset(days.get(key, ())))
            for key in actors.keys() | places.keys() | days.keys()}


def _field_facts(project: Project, event_type: str, found: dict[Any, Facts]) -> None:
    """Add what the records' fields say (a field filled from an actor role names an actor, and so on)."""
    roles = fact_roles(project.schema, event_type)
    kinds = {}
    for definition in record_fields(project.schema, event_type):
        taken = set(definition.roles)
        kinds[definition.name] = ("actors" if taken & roles.actors else "locations" if taken & roles.locations
                                  else "dates" if taken & roles.dates or set(definition.attributes)
                                  & roles.date_attributes else None)
    for record_id, value in project.store.annotations.record_fields_for_type(event_type):
        kind = kinds.get(value.name)
        if kind in ("actors", "locations") and value.entity_id is not None:
            facts = Facts(event_type, **{kind: {value.entity_id: value.value}})
        elif kind == "dates" and (day := parse_date(value.value)) is not None:
            facts = Facts(event_type, dates=frozenset({day}))
        else:
            continue
        found[record_id] = found.get(record_id, Facts(event_type)) | facts


def record_candidates(project: Project, event_id: int, *, limit: int = 5) -> list[Candidate]:
    """The records the event mention may belong to, best first, each with its reasons; none for a mention
    already in a record."""
    rows = project.store.annotations
    if rows.memberships_of_events([event_id]):
        return []
    event_type = project.event(event_id).type
    dates = fact_roles(project.schema, event_type).date_attributes
    mention = _gather(project, event_type, rows.argument_facts(event_id=event_id),
                      rows.attribute_facts(dates, event_id=event_id)).get(None, Facts(event_type))
    records = _gather(project, event_type, rows.argument_facts(record_type=event_type),
                      rows.attribute_facts(dates, record_type=event_type))
    _field_facts(project, event_type, records)
    for record in rows.records(event_type=event_type):
        records.setdefault(record.id, Facts(event_type))
    return rank(mention, records, limit=limit)


# -- records read back from a document export ---------------------------------------------------------------

class ImportedRecords:
    """The event records an import's lines name (``RecordTag`` keys such as ``R12``), checked by the rules
    like a record made in the window; the caller holds the transaction. A record is named by its uid when
    the line gives one (the own export writes it), else by its key: a uid a record of the project already
    has joins that record (its title and fields stay the project's; a mention of another type refuses
    the import), any other name makes one new record for the whole import, keeping the uid so the next
    import of the same export joins it too."""

    def __init__(self, rows: Any, annotator: str) -> None:
        self.rows, self.annotator = rows, annotator
        self.by_key: dict[str, EventRecord] = {}

    def adopt(self, doc_id: int, tags: tuple[RecordTag, ...]) -> None:
        events = sorted(self.rows.events_of(doc_id), key=lambda event: event.id)
        members = []
        for tag in tags:
            event = events[tag.event_id]
            name = f"uid:{tag.uid}" if tag.uid else tag.key
            record = self.by_key.get(name) or (self.rows.record_by_uid(tag.uid) if tag.uid else None)
            if record is None:
                record = EventRecord(tag.type or event.type, tag.title, annotator=self.annotator, uid=tag.uid)
                rules.check_record(self.rows.schema, record)
                record = self.rows.add_record(record)
            self.by_key[name] = record
            rules.check_member(record, event, None)
            members.append(Membership(record.id, event.id, doc_id, self.annotator))
        self.rows.add_memberships(members)


# -- the record table ----------------------------------------------------------------------------------------

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2",
                 "location", "fatalities", "notes", "source", "source_count", "title")


def table_columns(project: Project) -> tuple[list[str], list[str]]:
    """The table's value columns and the fields whose evidence it carries, from the schema."""
    if is_acled(project.schema):
        return list(ACLED_COLUMNS), [definition.name for definition in record_fields(project.schema, "")]
    names: dict[str, None] = {}
    for event_type in project.schema.event_types:
        names.update((definition.name, None) for definition in record_fields(project.schema, event_type.name))
    fields = list(names)
    return ["record_id", "event_type", "title", *fields, "source", "source_count"], fields


def _number(value: str) -> int | str:
    return int(value) if value.strip().lstrip("-").isdigit() else value


def table_rows(project: Project) -> list[TableRow]:
    """Every record as a row of the table, in id order."""
    details = record_details(project)
    headers = project.store.annotations.document_headers(
        {f.evidence.doc_id for d in details for f in d.fields if f.evidence.doc_id is not None}
        | {m.doc_id for d in details for m in d.mentions})
    acled = is_acled(project.schema)
    rows = []
    for detail in details:
        record = detail.record
        values: dict[str, Any] = {found.name: found.value for found in detail.fields}
        titles = list(dict.fromkeys(headers[m.doc_id][0] or f"document {m.doc_id}" for m in detail.mentions))
        common = {"source": "; ".join(titles), "source_count": len(titles), "title": record.title}
        if acled:
            event_type, sub_type = split_type(record.type)
            values = {"event_id_cnty": record.reference(), **values, "event_type": event_type,
                      "sub_event_type": values.get("sub_event_type") or sub_type, **common}
            day = parse_date(values.get("event_date", ""))
            values["year"] = day.year if day else ""
            if values.get("fatalities"):
                values["fatalities"] = _number(values["fatalities"])
        else:
            values = {"record_id": record.reference(), "event_type": record.type, **values, **common}
        evidence = {found.name: _evidence(found, headers) for found in detail.fields}
        mentions = [{"document": headers[m.doc_id][0], "sha256": headers[m.doc_id][1], "doc_id": m.doc_id,
                     "event_id": m.event_id, "start": m.start, "end": m.end, "trigger": m.trigger}
                    for m in detail.mentions]
        rows.append(TableRow(values, evidence, mentions))
    return rows


def _evidence(found: RecordField, headers: dict[int, tuple[str, str]]) -> dict[str, Any]:
    evidence = found.evidence
    title, sha = headers.get(evidence.doc_id, ("", "")) if evidence.doc_id is not None else ("", "")
    return {"document": title, "sha256": sha, "doc_id": evidence.doc_id, "event_id": evidence.event_id,
            "start": evidence.start, "end": evidence.end, "quote": evidence.quote, "kind": evidence.kind,
            "from": evidence.source, "entity_id": found.entity_id, "set_by": evidence.who,
            "set_at": evidence.at}


def export_records(project: Project, out: Path, fmt: str | None = None) -> int:
    """Write every record to ``out`` as CSV or JSONL (``fmt``, else the suffix); how many were written."""
    columns, evidence_fields = table_columns(project)
    rows = table_rows(project)
    write_record_table(out, fmt, columns, evidence_fields, rows)
    return len(rows)
