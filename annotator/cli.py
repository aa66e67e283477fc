"""The ``annotator`` command: the same verbs as the GUI, headless.

``annotator`` alone, or ``annotator PROJECT``, starts the desktop app; every other use is a subcommand.
User errors print one line on stderr and exit 1; only bugs show a traceback.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator import __version__
from annotator.core.agreement import BREAKDOWNS, REPORT_FORMATS
from annotator.core.jobs import JobControl
from annotator.core.model import STATUSES
from annotator.errors import AnnotatorError, Errors
from annotator.formats.registry import WRITERS
from annotator.nlp.recommenders import BUILT_IN
from annotator.resources import BUILTIN_SCHEMAS, DEFAULT_SCHEMA

if TYPE_CHECKING:
    from annotator.nlp.recommenders import ModelRecommender
    from annotator.project import Project


def _print_version(context: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or context.resilient_parsing:
        return
    from annotator.versions import component_versions

    parts = ", ".join(f"{name} {version}" for name, version in component_versions().items())
    click.echo(f"annotator {__version__} ({parts})")
    context.exit()


def _run_self_test(context: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or context.resilient_parsing:
        return
    from annotator.selftest import run_self_test

    context.exit(run_self_test())


def _terminal_control() -> JobControl:
    """A control that draws a one-line progress bar on stderr when it is a terminal."""
    stream = sys.stderr
    interactive = stream.isatty()

    def show(done: int, total: int, message: str) -> None:
        if not interactive or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        stream.write(f"\r[{bar}] {done}/{total} {message[:40]:<40}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return JobControl(show)


def _user_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an AnnotatorError into one line on stderr and exit code 1."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except AnnotatorError as error:
            failure = error
        except sqlite3.DatabaseError as error:  # a damaged file the store did not recognise as such
            failure = AnnotatorError(Errors.E014, error=error)
        click.echo(f"error: [{failure.code}] {failure}" if failure.code else f"error: {failure}", err=True)
        sys.exit(1)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


@click.group()
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the versions of annotator, Qt, spaCy and SQLite, then exit.")
@click.option("--self-test", is_flag=True, expose_value=False, is_eager=True, callback=_run_self_test,
              help="Import the sample articles, tag and export one name offscreen; exit 0 if all works.")
def cli() -> None:
    """Tag entities and events in news articles and export training data.

    Run without arguments (or with a project file) to open the desktop app.
    """


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--schema", default=DEFAULT_SCHEMA, show_default=True,
              help=f"Label schema: {', '.join(BUILTIN_SCHEMAS)}, or the path of a YAML/JSON schema file.")
@click.option("--schema-from-brat", "brat_conf", type=click.Path(dir_okay=False, path_type=Path),
              help="Derive the schema from a brat annotation.conf instead (labels, events, relations, "
                   "attributes).")
@_user_errors
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
@_user_errors
def import_(project: Path, paths: tuple[Path, ...], encoding: str | None,
            normalize_newlines: bool, skip_invalid: bool, annotator_name: str) -> None:
    """Import text files, folders, JSONL or brat files into PROJECT (all or nothing)."""
    from annotator.project import Project

    with Project.open(project) as opened:
        report = opened.import_paths(paths, annotator=annotator_name, encoding=encoding,
                                     normalize_newlines=normalize_newlines, skip_invalid=skip_invalid,
                                     control=_terminal_control())
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
@_user_errors
def export(project: Path, output: Path, fmt: str, status: str | None,
           labels: tuple[str, ...], layer: str) -> None:
    """Export PROJECT as training data."""
    with _open_to_export(project) as opened:
        reports = opened.export_layers(output, fmt, layer, status=status, labels=labels or None,
                                       control=_terminal_control())
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


@cli.group()
def entities() -> None:
    """The project's entity registry: list it, import an alias list, export it."""


@entities.command("list")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@_user_errors
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
@_user_errors
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
@_user_errors
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
@_user_errors
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
@_user_errors
def records_export(project: Path, output: Path, fmt: str | None) -> None:
    """Export one row per event record: ACLED-like columns and each field's evidence."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        count = opened.export_records(output, fmt)
    click.echo(f"exported {count} record{'' if count == 1 else 's'} to {output}")


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@_user_errors
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
@_user_errors
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
@_user_errors
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
@_user_errors
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
@_user_errors
def backup(project: Path, destination: Path, replace: bool) -> None:
    """Copy PROJECT to DESTINATION (a file, or a folder to put it in), consistent even while it is open."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        written = opened.backup(destination, replace=replace)
    click.echo(f"backed up {project} to {written}")


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--model", "model",
              help="An installed spaCy pipeline package, a pipeline folder, or 'trained' for the model "
                   "'annotator train' saved beside PROJECT. Nothing is downloaded.")
@click.option("--recommender", "recommender_id", type=click.Choice(list(BUILT_IN)),
              help="One of the window's recommenders instead of a pipeline: "
                   + "; ".join(f"{name}: {entry.about}" for name, entry in BUILT_IN.items()) + ".")
@click.option("--n-process", default=1, show_default=True, type=click.IntRange(min=1),
              help="Processes for nlp.pipe.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(min=1),
              help="Documents per nlp.pipe batch and per database transaction.")
@click.option("--status", type=click.Choice(STATUSES),
              help="Only documents with this status.")
@click.option("--map", "mappings", multiple=True, metavar="MODEL_LABEL=PROJECT_LABEL",
              help="Rename a model label (repeatable; an empty PROJECT_LABEL drops it). Labels the "
                   "schema has map to themselves; others are dropped.")
@_user_errors
def suggest(project: Path, model: str | None, recommender_id: str | None, n_process: int, batch_size: int,
            status: str | None, mappings: tuple[str, ...]) -> None:
    """Pre-annotate PROJECT's documents with a spaCy pipeline (--model) or one of the window's
    recommenders (--recommender), as suggestions to review."""
    from annotator.nlp.recommenders import TRAINED, ModelRecommender, built_in_recommender
    from annotator.nlp.triggers import TriggerRecommender
    from annotator.project import Project

    if (model is None) == (recommender_id is None):
        raise click.UsageError("give either --model PIPELINE or --recommender NAME")
    if mappings and recommender_id is not None:
        raise click.UsageError("--map renames a pipeline's labels: use it with --model")
    with Project.open(project) as opened:
        settings = opened.recommender_settings()
        if recommender_id is not None or model == TRAINED:
            recommender = built_in_recommender(recommender_id or TRAINED, settings, opened.schema,
                                               opened.path)
        else:
            mapping = dict(settings.mapping) if settings.model == model else {}
            for entry in mappings:
                model_label, equals, project_label = entry.partition("=")
                if not equals or not model_label:
                    raise AnnotatorError(Errors.E509, entry=entry)
                mapping[model_label] = project_label
            recommender = ModelRecommender.load(model, opened.schema, mapping)
        report = opened.suggest(recommender, status=status, batch_size=batch_size, n_process=n_process,
                                control=_terminal_control())
    for line in report.summary_lines():
        click.echo(line)
    if isinstance(recommender, TriggerRecommender) and not recommender.lemmatized:
        click.echo(f"  no lemma table for language {opened.schema.language!r}: trigger words matched only "
                   "as written (ignoring case)")
    if isinstance(recommender, ModelRecommender):
        _say_dropped(recommender)


def _say_dropped(recommender: ModelRecommender) -> None:
    for label, count in sorted(recommender.mapping.dropped.items()):
        if recommender.mapping.mapping.get(label) == "":
            click.echo(f"  dropped {count} {label} (mapped to nothing with --map {label}=)")
        else:
            click.echo(f"  dropped {count} {label} (not a project label; map it with --map {label}=LABEL)")


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the trained pipeline (default: PROJECT's name with .model, beside it). "
                   "An earlier model there is replaced once the new one is complete.")
@click.option("--epochs", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--dev-fraction", default=0.2, show_default=True, type=click.FloatRange(0.01, 0.9),
              help="Share of the done documents held out for scoring (at least one).")
@click.option("--seed", default=0, show_default=True, help="Random seed for the split and training.")
@click.option("--layer", default="gold", show_default=True, help="gold, or an analyst's name (their layer).")
@_user_errors
def train(project: Path, output: Path | None, epochs: int, dev_fraction: float, seed: int,
          layer: str) -> None:
    """Train a spaCy NER (plus spancat for overlapping spans) from PROJECT's done documents."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        result = opened.train(output, epochs=epochs, dev_fraction=dev_fraction, seed=seed,
                              control=_terminal_control(), in_child=False, layer=layer)
    for line in result.summary_lines():
        click.echo(line)


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "analysts", required=True, help="The analysts, separated by commas (alice,bob,carol).")
@click.option("--overlap", default="0", show_default=True,
              help="Documents every analyst gets, for agreement: a share (20%) or a number.")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the analysts' project files (NAME.annotator each).")
@click.option("--seed", default=0, show_default=True,
              help="Changes which documents overlap and who gets which.")
@_user_errors
def assign(project: Path, analysts: str, overlap: str, output: Path, seed: int) -> None:
    """Split PROJECT's documents among analysts: one project file each, the overlap in everyone's."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        report = opened.assign(analysts.split(","), overlap, output, seed=seed, control=_terminal_control())
    for line in report.summary_lines():
        click.echo(line)


@cli.command()
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "analysts", multiple=True,
              help="Whose work each input is, once per input in their order (default: the name "
                   "'annotator assign' wrote into the copy, else the file's name).")
@_user_errors
def merge(gold: Path, inputs: tuple[Path, ...], analysts: tuple[str, ...]) -> None:
    """Merge analysts' project files INPUTS into the gold project GOLD (made when missing), each analyst's
    annotations kept as their layer; all or nothing."""
    from annotator.project.merging import merge_files

    report = merge_files(gold, list(inputs), analysts=list(analysts) or None, control=_terminal_control())
    for line in report.summary_lines():
        click.echo(line)


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--by", default="label", show_default=True, type=click.Choice(BREAKDOWNS),
              help="Break the figures down by entity label (and event and relation type), by event role, or "
                   "by analyst pair.")
@click.option("--format", "fmt", default="text", show_default=True, type=click.Choice(REPORT_FORMATS),
              help="Plain text, JSON (documented in the README), or a self-contained HTML file with charts.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of printing it.")
@_user_errors
def agreement(project: Path, by: str, fmt: str, output: Path | None) -> None:
    """Agreement between the analysts' layers of PROJECT, on the documents two or more annotated: span,
    trigger, per-role argument and relation F1, token κ and α, link and attribute agreement, confusion."""
    from annotator.project import Project
    from annotator.project.agreement import project_agreement, render_report, save_report

    with Project.open(project, writer=False) as opened:
        report = project_agreement(opened)
    if output is None:
        click.echo(render_report(report, fmt, by), nl=False)
        return
    save_report(report, output, fmt, by)
    click.echo(f"wrote the agreement of {len(report.analysts)} analysts on {len(report.documents)} "
               f"document(s) to {output}")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: the GUI when given nothing or a project file, else the CLI."""
    args = sys.argv[1:] if argv is None else argv
    if not args or (len(args) == 1 and not args[0].startswith("-") and args[0] not in cli.commands):
        from annotator.launch import start_app

        start_app(args[0] if args else None)
    cli.main(args=args, prog_name="annotator")


if __name__ == "__main__":
    main()
