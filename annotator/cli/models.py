"""The verbs that run models: suggest (a pipeline or a built-in recommender) and train."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.base import cli, terminal_control, user_errors
from annotator.core.model import STATUSES
from annotator.errors import AnnotatorError, Errors
from annotator.nlp.recommenders import BUILT_IN

if TYPE_CHECKING:
    from annotator.nlp.recommenders import ModelRecommender


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
@user_errors
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
                                control=terminal_control())
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
@user_errors
def train(project: Path, output: Path | None, epochs: int, dev_fraction: float, seed: int,
          layer: str) -> None:
    """Train a spaCy NER (plus spancat for overlapping spans) from PROJECT's done documents."""
    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        result = opened.train(output, epochs=epochs, dev_fraction=dev_fraction, seed=seed,
                              control=terminal_control(), in_child=False, layer=layer)
    for line in result.summary_lines():
        click.echo(line)
