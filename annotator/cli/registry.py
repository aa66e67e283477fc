"""The verbs on the project's registries: entities (list, import an alias list, link, export) and event
records (export)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.base import cli, user_errors


@cli.group()
def entities() -> None:
    """The project's entity registry: list it, import an alias list, export it."""


@entities.command("list")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@user_errors
def entities_list(project: Path) -> None:
    """One line per entity: id, label, name, external id, aliases, linked mentions."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        for entity in opened.entities():
            aliases = " | ".join(entity.aliases)
            click.echo(f"{entity.id}\t{entity.label}\t{entity.name}\t{entity.external_id}\t{aliases}\t"
                       f"{len(opened.mentions(entity.id))} mention(s)")


@entities.command("import")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--encoding", default=None, help="Text encoding of the file (default UTF-8).")
@user_errors
def entities_import(project: Path, file: Path, encoding: str | None) -> None:
    """Import an alias list: CSV/TSV with the header name,label,aliases,id (aliases between |) or JSONL
    with those keys (aliases a list). All or nothing: the first bad row is named and nothing changes."""
    from annotator.project import Project

    with Project.open(project) as opened:
        report = opened.import_entities(file, encoding=encoding)
    for line in report.summary_lines():
        click.echo(line)


@entities.command("link")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="List the links without making them.")
@user_errors
def entities_link(project: Path, dry_run: bool) -> None:
    """Link every unlinked mention whose text is an alias of exactly one entity of its label (ignoring
    case and diacritics), as one edit."""
    from annotator.project import Project

    with Project.open(project, writer=not dry_run) as opened:
        edit, proposals = opened.unambiguous_links_edit()
        for proposal in proposals:
            span, entity = proposal.span, proposal.entities[0]
            click.echo(f"document {span.doc_id} {span.start}-{span.end} {span.text!r} -> "
                       f"{entity.id} {entity.name}")
        if not dry_run and proposals:
            opened.apply(edit)
    click.echo(f"{'would link' if dry_run else 'linked'} {len(proposals)} mention(s)")


@entities.command("export")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="The file to write: .csv, .tsv or .jsonl.")
@user_errors
def entities_export(project: Path, output: Path) -> None:
    """Export the registry in the alias-list format its suffix names."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        count = opened.export_entities(output)
    click.echo(f"exported {count} entit{'y' if count == 1 else 'ies'} to {output}")


@cli.group()
def records() -> None:
    """Event records: one real-world event across documents, with fields traced to the reports."""


@records.command("export")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="The file to write: .csv or .jsonl (or say which with --format).")
@click.option("--format", "fmt", type=click.Choice(("csv", "jsonl")), default=None,
              help="The table format (default: from the output's suffix).")
@user_errors
def records_export(project: Path, output: Path, fmt: str | None) -> None:
    """Export one row per event record: ACLED-like columns and each field's evidence."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        count = opened.export_records(output, fmt)
    click.echo(f"exported {count} record{'' if count == 1 else 's'} to {output}")
