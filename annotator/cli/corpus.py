"""The verbs on a project's documents: init, import, export, stats, check, search, the consistency report,
backup."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.base import cli, terminal_control, user_errors
from annotator.core.model import STATUSES
from annotator.formats.registry import WRITERS
from annotator.resources import BUILTIN_SCHEMAS, DEFAULT_SCHEMA

if TYPE_CHECKING:
    from annotator.project import Project


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--schema", default=DEFAULT_SCHEMA, show_default=True,
              help=f"Label schema: {', '.join(BUILTIN_SCHEMAS)}, or the path of a YAML/JSON schema file.")
@click.option("--schema-from-brat", "brat_conf", type=click.Path(dir_okay=False, path_type=Path),
              help="Derive the schema from a brat annotation.conf instead (labels, events, relations, "
                   "attributes).")
@user_errors
def init(project: Path, schema: str, brat_conf: Path | None) -> None:
    """Create an empty PROJECT file with a label schema."""
    from annotator.project import Project
    from annotator.project.facade import schema_from_brat

    with Project.create(project, schema_from_brat(brat_conf) if brat_conf else schema) as created:
        schema_obj = created.schema
    click.echo(
        f"created {project} with schema {schema_obj.name} "
        f"({len(schema_obj.entity_labels)} entity labels, {len(schema_obj.event_types)} event types, "
        f"{len(schema_obj.relation_types)} relation types, {len(schema_obj.attributes)} attributes)"
    )


@cli.command("import")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--encoding", default=None, help="Text encoding of the input files (default UTF-8).")
@click.option("--normalize-newlines", is_flag=True,
              help="Turn CRLF and CR into LF before storing (off by default: offsets then match "
                   "your source files).")
@click.option("--skip-invalid", is_flag=True,
              help="Import the good records and report the bad ones instead of refusing the import.")
@click.option("--annotator", "annotator_name", default="import", show_default=True,
              help="Name recorded as the author of imported annotations.")
@user_errors
def import_(project: Path, paths: tuple[Path, ...], encoding: str | None,
            normalize_newlines: bool, skip_invalid: bool, annotator_name: str) -> None:
    """Import text files, folders, JSONL or brat files into PROJECT (all or nothing)."""
    from annotator.project import Project

    with Project.open(project) as opened:
        report = opened.import_paths(paths, annotator=annotator_name, encoding=encoding,
                                     normalize_newlines=normalize_newlines, skip_invalid=skip_invalid,
                                     control=terminal_control())
    for line in report.summary_lines():
        click.echo(line)


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file (a folder for brat).")
@click.option("--format", "fmt", default="jsonl", show_default=True,
              type=click.Choice(list(WRITERS)))
@click.option("--status", type=click.Choice(STATUSES),
              help="Only documents with this status.")
@click.option("--label", "labels", multiple=True, help="Only these labels (repeatable).")
@click.option("--layer", default="gold", show_default=True,
              help="gold, an analyst's name (their layer), or all (JSONL: every layer in one file, "
                   "'layer' in each record's meta; other formats: one output per layer).")
@user_errors
def export(project: Path, output: Path, fmt: str, status: str | None,
           labels: tuple[str, ...], layer: str) -> None:
    """Export PROJECT as training data."""
    with _open_to_export(project) as opened:
        reports = opened.export_layers(output, fmt, layer, status=status, labels=labels or None,
                                       control=terminal_control())
    for report in reports:
        for line in report.summary_lines():
            click.echo(line)


def _open_to_export(project: Path) -> Project:
    """A writer when the project is free, so the first export caches each document's token boundaries
    for the next ones; a reader beside a window (or command) writing it, which still exports."""
    from annotator.errors import ProjectInUse
    from annotator.project import Project

    try:
        return Project.open(project, read_only_ok=True)
    except ProjectInUse:
        return Project.open(project, writer=False)


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@user_errors
def stats(project: Path) -> None:
    """Documents by status; spans, events, relations, attributes and notes by label, type or name;
    event records, their mentions and fields."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        figures = opened.stats()
        schema = opened.schema
    click.echo(f"schema: {schema.name}")
    for heading, counts in figures.items():
        click.echo(f"{heading}: {sum(counts.values())}")
        for name, count in counts.items():
            click.echo(f"  {name:<40} {count:>8}")


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@user_errors
def check(project: Path) -> None:
    """Check SQLite integrity, offsets, references and the schema's rules; exit 1 if anything is wrong.

    Required roles and attributes left empty are listed as warnings: they are work to do, not a broken
    file. Relations, attribute values, notes and fragments are checked against the schema too.
    """
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        report = opened.check()
    for error in report.errors:
        click.echo(error, err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if report.errors:
        click.echo(f"{project}: {len(report.errors)} problem(s) found", err=True)
        sys.exit(1)
    click.echo(f"{project}: ok" + (f", {len(report.warnings)} warning(s)" if report.warnings else ""))


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("query")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1),
              help="Rows to list at most.")
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "json"]))
@user_errors
def search(project: Path, query: str, limit: int, fmt: str) -> None:
    """Find text and annotations across the project; one keyword-in-context line per hit.

    QUERY is words or a "quoted phrase" (case and diacritics ignored; exact:"..." as written) and any of
    label:, entity:, type:, role:, attr:NAME=VALUE, status:, by: (see the README).
    """
    import json

    from annotator.project import Project
    from annotator.project.search import kwic_line

    with Project.open(project, writer=False) as opened:
        page = opened.search(query, limit=limit)
    if fmt == "json":
        for hit in page.hits:
            click.echo(json.dumps({"doc_id": hit.doc_id, "title": hit.title, "start": hit.start,
                                   "end": hit.end, "left": hit.left, "match": hit.match, "right": hit.right,
                                   "annotations": list(hit.annotations), "span_id": hit.span_id},
                                  ensure_ascii=False))
        return
    for hit in page.hits:
        click.echo(kwic_line(hit))
    more = " (more: raise --limit)" if page.next_key else ""
    click.echo(f"{len(page.hits)} hit(s){more}", err=True)


@cli.group()
def report() -> None:
    """Reports over the whole project."""


@report.command("consistency")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "json"]))
@user_errors
def report_consistency(project: Path, fmt: str) -> None:
    """The same text with different labels, unlinked mentions of an alias, events missing a required role,
    event mentions in no record. Exit 0 when it finds nothing, 1 when it lists something (like check)."""
    import json

    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        found = opened.consistency()
    if fmt == "json":
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
    else:
        for line in found.lines():
            click.echo(line)
    if found.findings:
        click.echo(f"{project}: {len(found.findings)} finding(s)", err=True)
        sys.exit(1)
    click.echo(f"{project}: consistent", err=True)


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("destination", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace an existing backup file at DESTINATION.")
@user_errors
def backup(project: Path, destination: Path, replace: bool) -> None:
    """Copy PROJECT to DESTINATION (a file, or a folder to put it in), consistent even while it is open."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        written = opened.backup(destination, replace=replace)
    click.echo(f"backed up {project} to {written}")
