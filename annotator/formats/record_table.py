"""The record table: one row per event record, as CSV or JSONL, written whole or not at all.

JSONL holds each record as an object: its columns, then ``evidence`` (per field: the document's title,
sha256 and id, the event, the exact ``start``/``end`` code-point offsets and the ``quote`` at them, ``kind``
argument/attribute/hand, ``from`` the role or attribute, ``set_by``, ``set_at``) and ``mentions`` (every
member's document, event and trigger offsets). CSV is flat: the columns, then for each field six evidence
columns named ``<field>.document``, ``.sha256``, ``.start``, ``.end``, ``.quote``, ``.set_by`` (empty
when the field is unset; only ``.set_by`` for a value set by hand), then ``mentions``: each member as
``sha256:start-end``, separated by ``|``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError, Errors
from annotator.formats.atomic_output import atomic_text, refuse_folder

FORMATS = ("csv", "jsonl")
CSV_EVIDENCE = ("document", "sha256", "start", "end", "quote", "set_by")


@dataclass(frozen=True)
class TableRow:
    """One record: its columns' values, each set field's evidence, and its mentions."""

    values: dict[str, Any]
    evidence: dict[str, dict[str, Any]]
    mentions: list[dict[str, Any]]


def table_format(out: Path, fmt: str | None) -> str:
    """``fmt``, else the format the suffix names."""
    refuse_folder(out)
    chosen = fmt or out.suffix.lower().lstrip(".")
    if chosen not in FORMATS:
        raise AnnotatorError(Errors.E662, suffix=fmt or out.suffix)
    return chosen


def csv_header(columns: list[str], evidence_fields: list[str]) -> list[str]:
    return [*columns, *(f"{name}.{part}" for name in evidence_fields for part in CSV_EVIDENCE), "mentions"]


def write_record_table(out: Path, fmt: str | None, columns: list[str], evidence_fields: list[str],
                       rows: Iterable[TableRow]) -> None:
    chosen = table_format(out, fmt)
    with atomic_text(out) as stream:
        if chosen == "jsonl":
            for row in rows:
                stream.write(json.dumps({**{c: row.values.get(c, "") for c in columns},
                                         "evidence": row.evidence, "mentions": row.mentions},
                                        ensure_ascii=False) + "\n")
            return
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(csv_header(columns, evidence_fields))
        for row in rows:
            flat = [row.values.get(column, "") for column in columns]
            for name in evidence_fields:
                evidence = row.evidence.get(name, {})
                flat.extend("" if evidence.get(part) is None else evidence[part] for part in CSV_EVIDENCE)
            flat.append("|".join(f"{m['sha256']}:{m['start']}-{m['end']}" for m in row.mentions))
            writer.writerow(flat)
