"""Alias lists (gazetteers) in and out: CSV or TSV with the header ``name,label,aliases,id`` (aliases
between ``|``; an optional ``description`` column last), or JSONL with the same keys (``aliases`` a list).

Plain records in, plain records out: the reader yields each row's :class:`Entity` with where it was
found (the file and its physical line, the header being line 1, so a quoted field across lines is
reported at the line its row starts on); the project's import verb checks the rules and writes them.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import Entity
from annotator.errors import AnnotatorError, Errors
from annotator.formats.atomic_output import atomic_text, refuse_folder
from annotator.formats.records import BadRecord, printable
from annotator.formats.text_reader import read_lines, read_text

COLUMNS = ("name", "label", "aliases", "id")
OPTIONAL = ("description",)
ALIAS_SEPARATOR = "|"
DELIMITERS = {".csv": ",", ".tsv": "\t"}
SUFFIXES = (*DELIMITERS, ".jsonl")

Located = tuple[str, Entity]  # where the row is (file, line), and the entity it describes


def read_gazetteer(path: Path, encoding: str | None = None) -> Iterator[Located]:
    """Every row of the file as an entity; the first bad row raises, naming its file and line."""
    suffix = _suffix(path)
    rows = (_jsonl_rows(path, encoding) if suffix == ".jsonl"
            else _table_rows(path, encoding, DELIMITERS[suffix]))
    first_seen: dict[tuple[str, str], int] = {}
    for line, entity in rows:
        where = f"{printable(path)}, line {line}"
        key = (entity.label, entity.name)
        if key in first_seen:
            raise AnnotatorError(Errors.E619, where=where, name=entity.name, label=entity.label,
                                 line=first_seen[key])
        first_seen[key] = line
        yield where, entity


def write_gazetteer(entities: Iterable[Entity], path: Path) -> int:
    """Write the entities as the suffix of ``path`` says, whole or not at all; how many were written."""
    refuse_folder(path)
    suffix = _suffix(path)
    items = list(entities)
    with atomic_text(path) as stream:
        if suffix == ".jsonl":
            for entity in items:
                stream.write(json.dumps(entity_record(entity), ensure_ascii=False) + "\n")
        else:
            described = any(entity.description for entity in items)
            writer = csv.writer(stream, delimiter=DELIMITERS[suffix], lineterminator="\n")
            writer.writerow(COLUMNS + (OPTIONAL if described else ()))
            for entity in items:
                writer.writerow(_as_row(entity, described))
    return len(items)


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise AnnotatorError(Errors.E618, where=printable(path), suffix=path.suffix or path.name)
    return suffix


# -- CSV and TSV -------------------------------------------------------------------------------------

def _physical_lines(text: str) -> Iterator[str]:
    """The text's lines split on ``\\n`` only (as the JSONL reader splits), each with its ending, so the
    csv module's ``line_num`` counts the lines an editor shows."""
    lines = text.split("\n")
    for line in lines[:-1]:
        yield line + "\n"
    if lines[-1]:
        yield lines[-1]


def _table_rows(path: Path, encoding: str | None, delimiter: str) -> Iterator[tuple[int, Entity]]:
    where = printable(path)
    reader = csv.reader(_physical_lines(read_text(path, encoding)), delimiter=delimiter, strict=True)
    expected = ",".join(COLUMNS)
    read_up_to = 0
    header: list[str] | None = None
    while True:
        start = read_up_to + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise AnnotatorError(Errors.E623, where=f"{where}, line {start}", reason=str(exc)) from exc
        read_up_to = reader.line_num
        if header is None:
            header = row
            if tuple(row) not in (COLUMNS, COLUMNS + OPTIONAL):
                raise AnnotatorError(Errors.E614, where=f"{where}, line {start}", expected=expected,
                                     found=delimiter.join(row) or "an empty line")
            continue
        if not row or row == [""]:
            continue
        if len(row) != len(header):
            raise AnnotatorError(Errors.E615, where=f"{where}, line {start}", count=len(header),
                                 expected=",".join(header), found=f"{len(row)}")
        fields = dict(zip(header, row, strict=True))
        aliases = tuple(fields["aliases"].split(ALIAS_SEPARATOR)) if fields["aliases"] else ()
        yield start, Entity(fields["name"], fields["label"], aliases, fields["id"],
                            fields.get("description", ""))
    if header is None:
        raise AnnotatorError(Errors.E614, where=f"{where}, line 1", expected=expected, found="an empty file")


def _as_row(entity: Entity, described: bool) -> list[str]:
    for alias in entity.aliases:
        if ALIAS_SEPARATOR in alias:
            raise AnnotatorError(Errors.E622, alias=alias, name=entity.name)
    row = [entity.name, entity.label, ALIAS_SEPARATOR.join(entity.aliases), entity.external_id]
    return [*row, entity.description] if described else row


# -- JSONL -------------------------------------------------------------------------------------------

_TEXT_KEYS = ("name", "label", "id", "description")


def _jsonl_rows(path: Path, encoding: str | None) -> Iterator[tuple[int, Entity]]:
    where = printable(path)
    for number, line in enumerate(read_lines(path, encoding), 1):
        if line.strip():
            yield number, _entity_from_json(line, f"{where}, line {number}")


def _entity_from_json(line: str, where: str) -> Entity:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise AnnotatorError(Errors.E111, where=where, reason=exc.msg, column=exc.colno) from exc
    except ValueError as exc:  # the only other one: an integer past Python's int max str digits
        raise AnnotatorError(Errors.E112, where=where, digits=sys.get_int_max_str_digits()) from exc
    except RecursionError as exc:
        raise AnnotatorError(Errors.E113, where=where) from exc
    if not isinstance(record, dict):
        raise AnnotatorError(Errors.E114, where=where, kind=type(record).__name__)
    try:
        return entity_from_record(record)
    except BadRecord as exc:
        raise exc.restated(where=where) from exc


def entity_from_record(record: dict[str, Any], extra_keys: tuple[str, ...] = ()) -> Entity:
    """An entity from a JSON object with the alias list's keys (and ``extra_keys``, read by the caller);
    a document record's ``entities`` are these too."""
    known = (*COLUMNS, *OPTIONAL, *extra_keys)
    for key in record:
        if key not in known:
            raise BadRecord(Errors.E617, key=key, expected=", ".join(known))
    for key in _TEXT_KEYS:
        if not isinstance(record.get(key, ""), str):
            raise BadRecord(Errors.E616, key=key, what="text")
    aliases = record.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise BadRecord(Errors.E616, key="aliases", what="a list of texts")
    return Entity(record.get("name", ""), record.get("label", ""), tuple(aliases), record.get("id", ""),
                  record.get("description", ""))


def entity_record(entity: Entity) -> dict[str, Any]:
    """An entity as a JSON object with the alias list's keys."""
    record: dict[str, Any] = {"name": entity.name, "label": entity.label, "aliases": list(entity.aliases),
                              "id": entity.external_id}
    if entity.description:
        record["description"] = entity.description
    return record
