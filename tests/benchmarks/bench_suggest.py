"""``annotator suggest`` throughput beside raw ``nlp.pipe`` with the same pipeline and batch size.

    python tests/benchmarks/bench_suggest.py [--docs 10000] [--batch-size 64] [--rounds 2]

The pipeline is built offline: a blank English pipeline with an ``entity_ruler`` holding the corpus's
names, places, organisations and dates, saved to disk and loaded back by path (as a user's would be).
The baseline runs ``nlp.pipe`` over the texts already in memory and reads each Doc's entities; annotator
streams the texts out of the project, maps the labels, and writes the suggestions, one transaction per
batch. Both use one warm pipeline in this process and alternate, best round kept. Target: >= 0.8x.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.corpus import DATES, ORGS, PEOPLE, PLACES, documents  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"


def build_pipeline(path: Path) -> Path:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    groups = {"PERSON": PEOPLE, "ORG": ORGS, "GPE": PLACES, "DATE": DATES}
    ruler.add_patterns([{"label": label, "pattern": name}
                        for label, names in groups.items() for name in names])
    nlp.to_disk(path)
    return path


def fill_project(path: Path, count: int) -> None:
    from annotator.core.model import Annotated, Document
    from annotator.formats.records import text_hash
    from annotator.project import Project

    with Project.create(path, SCHEMA) as project, project.store.atomic():
        items = [Annotated(Document(record["text"], record["meta"]["title"],
                                    sha256=text_hash(record["text"])))
                 for record in documents(count)]
        project.store.insert_annotated(items, annotator="bench", source="import")


def raw_pipe(nlp, texts: list[str], batch_size: int) -> tuple[float, int]:
    started = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - started, entities


def annotator_suggest(recommender, project: Path, batch_size: int) -> tuple[float, int]:
    from annotator.project import Project

    with Project.open(project) as opened:
        with opened.store.atomic():
            opened.store.suggestions.clear_open()
        started = time.perf_counter()
        report = opened.suggest(recommender, batch_size=batch_size)
        return time.perf_counter() - started, report.suggestions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    from annotator.core.schema import load_schema
    from annotator.nlp.recommenders import ModelRecommender

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        project = work / "bench.annotator"
        fill_project(project, args.docs)
        recommender = ModelRecommender.load(build_pipeline(work / "ruler"), load_schema(SCHEMA))
        texts = [record["text"] for record in documents(args.docs)]
        print(f"{args.docs:,} documents of ~{sum(map(len, texts)) // len(texts):,} characters, "
              f"batch size {args.batch_size}, pipeline {recommender.nlp.pipe_names}")
        raw_best = ours_best = float("inf")
        for round_number in range(1, args.rounds + 1):
            raw_seconds, entities = raw_pipe(recommender.nlp, texts, args.batch_size)
            ours_seconds, written = annotator_suggest(recommender, project, args.batch_size)
            raw_best, ours_best = min(raw_best, raw_seconds), min(ours_best, ours_seconds)
            print(f"round {round_number}: raw nlp.pipe {raw_seconds:.1f}s ({entities:,} entities), "
                  f"annotator suggest {ours_seconds:.1f}s ({written:,} suggestions written)")
        raw_rate, ours_rate = args.docs / raw_best, args.docs / ours_best
        print(f"raw nlp.pipe       {raw_rate:>8,.0f} docs/s")
        print(f"annotator suggest  {ours_rate:>8,.0f} docs/s")
        print(f"ratio {ours_rate / raw_rate:.2f}x of raw spaCy (target >= 0.8)")


if __name__ == "__main__":
    main()
