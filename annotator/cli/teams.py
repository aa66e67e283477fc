"""The verbs for a team: assign work, merge the analysts' files into gold, agreement between them."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.base import cli, terminal_control, user_errors
from annotator.core.agreement import BREAKDOWNS, REPORT_FORMATS


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--to", "analysts", required=True, help="The analysts, separated by commas (alice,bob,carol).")
@click.option("--overlap", default="0", show_default=True,
              help="Documents every analyst gets, for agreement: a share (20%) or a number.")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the analysts' project files (NAME.annotator each).")
@click.option("--seed", default=0, show_default=True,
              help="Changes which documents overlap and who gets which.")
@user_errors
def assign(project: Path, analysts: str, overlap: str, output: Path, seed: int) -> None:
    """Split PROJECT's documents among analysts: one project file each, the overlap in everyone's."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        report = opened.assign(analysts.split(","), overlap, output, seed=seed, control=terminal_control())
    for line in report.summary_lines():
        click.echo(line)


@cli.command()
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as", "analysts", multiple=True,
              help="Whose work each input is, once per input in their order (default: the name "
                   "'annotator assign' wrote into the copy, else the file's name).")
@user_errors
def merge(gold: Path, inputs: tuple[Path, ...], analysts: tuple[str, ...]) -> None:
    """Merge analysts' project files INPUTS into the gold project GOLD (made when missing), each analyst's
    annotations kept as their layer; all or nothing."""
    from annotator.project.merging import merge_files

    report = merge_files(gold, list(inputs), analysts=list(analysts) or None, control=terminal_control())
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
@user_errors
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
