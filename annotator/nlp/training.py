"""Train a spaCy NER (and a span categorizer where entities overlap) from the documents marked done.

Training Docs are built exactly as the spaCy DocBin export builds them
(:func:`annotator.formats.spacy_writer.spacy_doc`): non-overlapping entities in ``doc.ents``, all of
them in ``doc.spans["sc"]``. The config comes from ``spacy init config`` for the schema's language, on
CPU. A held-out share of the documents is never trained on and gives the scores after each epoch.

Training runs in a child process (spawned, so it never inherits the GUI's Qt state): progress comes back
through a queue once per epoch and Cancel kills the child. The model is trained into a hidden staging
folder beside the target and renamed into place only when complete, so a cancelled or failed training
leaves the previous model untouched.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.jobs import Cancelled, JobControl
from annotator.core.model import Annotated
from annotator.errors import AnnotatorError, Errors

MODEL_SUFFIX = ".model"
SPANS_KEY = "sc"
_POLL_SECONDS = 0.2


def model_dir_for(project_path: Path) -> Path:
    """Where a project's trained model lives by default: ``<project>.model/`` beside the file."""
    return Path(project_path).with_suffix(MODEL_SUFFIX)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_spacy(cls, p: float | None, r: float | None, f: float | None) -> Scores:
        return cls(p or 0.0, r or 0.0, f or 0.0)

    def __str__(self) -> str:
        return f"P {self.precision:6.1%}  R {self.recall:6.1%}  F {self.f1:6.1%}"


@dataclass(frozen=True)
class TrainingResult:
    model_dir: Path
    pipeline: tuple[str, ...]
    train_documents: int
    dev_documents: int
    epochs: int
    overall: Scores
    per_label: dict[str, Scores] = field(default_factory=dict)
    spans_overall: Scores | None = None
    spans_per_label: dict[str, Scores] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        lines = [
            f"trained {', '.join(self.pipeline)} for {self.epochs} epochs on {self.train_documents} "
            f"documents, scored on {self.dev_documents} held-out documents",
            f"entities (ner)     {self.overall}",
            *(f"  {label:<16} {scores}" for label, scores in sorted(self.per_label.items())),
        ]
        if self.spans_overall is not None:
            lines.append(f"spans (spancat)    {self.spans_overall}")
            lines += [f"  {label:<16} {scores}" for label, scores in sorted(self.spans_per_label.items())]
        lines.append(f"model saved in {self.model_dir}")
        return lines


def _overall(scores: dict[str, Any], prefix: str) -> Scores:
    return Scores.from_spacy(scores.get(f"{prefix}_p"), scores.get(f"{prefix}_r"), scores.get(f"{prefix}_f"))


def _per_label(table: dict[str, dict[str, float]] | None) -> dict[str, Scores]:
    return {label: Scores.from_spacy(s["p"], s["r"], s["f"]) for label, s in (table or {}).items()}


def _reference_docs(items: list[Annotated], language: str, where: str) -> list[Any]:
    """The done documents as annotated spaCy Docs, the way the DocBin export writes them."""
    from annotator.formats.export_report import ExportReport
    from annotator.formats.spacy_writer import spacy_doc
    from annotator.formats.tokenized import TokenizedDocument

    report = ExportReport(Path(where), "spacy")
    docs = [spacy_doc(TokenizedDocument(item, language), report) for item in items]
    if len(docs) < 2:
        raise AnnotatorError(Errors.E502, where=where, count=len(docs))
    return docs


def _split(docs: list[Any], dev_fraction: float, seed: int) -> tuple[list[Any], list[Any]]:
    shuffled = docs[:]
    random.Random(seed).shuffle(shuffled)
    dev_size = min(len(docs) - 1, max(1, round(len(docs) * dev_fraction)))
    return shuffled[dev_size:], shuffled[:dev_size]


def train_into(items: list[Annotated], language: str, model_dir: Path, *, where: str, epochs: int = 10,
               dev_fraction: float = 0.2, seed: int = 0, control: JobControl | None = None) -> TrainingResult:
    """Train in this process and save the pipeline into ``model_dir`` (which may exist, empty)."""
    from spacy.cli.init_config import init_config
    from spacy.training import Example
    from spacy.util import fix_random_seed, load_model_from_config, minibatch

    control = control or JobControl()
    if epochs < 1:
        raise AnnotatorError(Errors.E503)
    docs = _reference_docs(items, language, where)
    overlapping = any(len(doc.spans[SPANS_KEY]) > len(doc.ents) for doc in docs)
    pipeline = ["ner", "spancat"] if overlapping else ["ner"]
    fix_random_seed(seed)
    config = init_config(lang=language, pipeline=pipeline, optimize="efficiency", gpu=False)
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    train_docs, dev_docs = _split(docs, dev_fraction, seed)
    nlp.max_length = max(nlp.max_length, *(len(doc.text) + 1 for doc in docs))  # tokenising is cheap
    train = [Example(nlp.make_doc(doc.text), doc) for doc in train_docs]
    dev = [Example(nlp.make_doc(doc.text), doc) for doc in dev_docs]
    optimizer = nlp.initialize(lambda: train)
    rng = random.Random(seed)
    scores: dict[str, Any] = {}
    for epoch in range(1, epochs + 1):
        control.check()
        rng.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.1, losses=losses)
        with nlp.use_params(optimizer.averages):
            scores = nlp.evaluate(dev)
        loss = sum(losses.values())
        control.report(epoch, epochs, f"epoch {epoch}: loss {loss:.1f}, F {_overall(scores, 'ents').f1:.1%}")
    control.check()
    nlp.meta["performance"] = {key: value for key, value in scores.items() if not isinstance(value, dict)}
    with nlp.use_params(optimizer.averages):
        nlp.to_disk(model_dir)
    return TrainingResult(
        model_dir=model_dir, pipeline=tuple(pipeline), train_documents=len(train),
        dev_documents=len(dev), epochs=epochs,
        overall=_overall(scores, "ents"),
        per_label=_per_label(scores.get("ents_per_type")),
        spans_overall=_overall(scores, f"spans_{SPANS_KEY}") if overlapping else None,
        spans_per_label=_per_label(scores.get(f"spans_{SPANS_KEY}_per_type")),
    )


def _child(items: list[Annotated], language: str, model_dir: Path, options: dict[str, Any],
           messages: Any) -> None:
    """The child process: train, sending progress, then the result or the user-facing error."""
    control = JobControl(lambda done, total, message: messages.put(("progress", done, total, message)))
    try:
        messages.put(("done", train_into(items, language, model_dir, control=control, **options)))
    except AnnotatorError as error:
        messages.put(("error", (error.code, error.message, error.where, error.hint)))


def _train_in_child(items: list[Annotated], language: str, model_dir: Path, options: dict[str, Any],
                    control: JobControl) -> TrainingResult:
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    child = context.Process(target=_child, args=(items, language, model_dir, options, messages),
                            daemon=True)
    child.start()
    try:
        while True:
            if control.cancelled:
                raise Cancelled()
            try:
                message = messages.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError(f"the training process died (exit code {child.exitcode})") from None
                continue
            if message[0] == "progress":
                control.report(*message[1:])
            elif message[0] == "error":
                code, text, where, hint = message[1]
                raise AnnotatorError.coded(code, text, where=where, hint=hint)
            else:
                return message[1]
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        messages.close()


def train_records(items: list[Annotated], language: str, target: Path, *, where: str, epochs: int = 10,
                  dev_fraction: float = 0.2, seed: int = 0, control: JobControl | None = None,
                  in_child: bool = True) -> TrainingResult:
    """Train from ``items`` (the done documents) and put the model at ``target``, replacing an earlier
    one only once the new one is complete. ``where`` names the project in messages."""
    target = Path(target)
    if not target.parent.is_dir():
        raise AnnotatorError(Errors.E002, where=str(target.parent))
    if target.exists() and not (target / "config.cfg").is_file() and any(target.iterdir()):
        raise AnnotatorError(Errors.E504, where=str(target))
    control = control or JobControl()
    options = {"epochs": epochs, "dev_fraction": dev_fraction, "seed": seed, "where": where}
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        if in_child:
            result = _train_in_child(items, language, staging, options, control)
        else:
            result = train_into(items, language, staging, control=control, **options)
        _replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return replace(result, model_dir=target)


def _replace_folder(new: Path, target: Path) -> None:
    """Swap ``new`` into ``target``: two renames, the old model is deleted only after."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
