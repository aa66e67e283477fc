"""Teams at project scale: 2,000 documents of 20 entity spans each, split between two analysts.

    python tests/benchmarks/bench_teams.py

1. ``assign`` to two analysts with 20% overlap.
2. ``merge`` of both shares into a new gold project, then the same merge again (nothing to write).
3. The adjudication queue of one overlap document (what the window reads when a document opens), and of
   a long document of 2,000 spans per layer whose labels differ on every tenth span.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotator.core.model import Annotated, Document, Span  # noqa: E402
from annotator.formats.records import text_hash  # noqa: E402
from annotator.project import Project  # noqa: E402
from annotator.project.merging import merge_files  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"
DOCUMENTS, SPANS, LONG = 2_000, 20, 2_000
WORD = "Aleppo "


def timed(what: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{what}: {(time.perf_counter() - started) * 1000:.0f} ms")
    return result


def document(number: int, spans: int) -> Annotated:
    text = f"Report {number}: " + WORD * spans
    first = len(f"Report {number}: ")
    return Annotated(Document(text, f"report {number}", sha256=text_hash(text)), tuple(
        Span(first + i * len(WORD), first + i * len(WORD) + len(WORD) - 1, "GPE") for i in range(spans)))


def relabel_some(path: Path, every: int) -> None:
    """Relabel every ``every``-th span of each document as ORG (one analyst's different reading)."""
    with Project.open(path) as project, project.store.atomic():
        project.store.conn.execute(f"UPDATE spans SET label = 'ORG' WHERE id % {every} = 0")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        corpus = root / "corpus.annotator"
        with Project.create(corpus, SCHEMA) as project, project.store.atomic():
            project.store.insert_annotated([document(n, SPANS) for n in range(DOCUMENTS)] + [
                document(DOCUMENTS, LONG)], annotator="lead", source="import")
        with Project.open(corpus, writer=False) as project:
            report = timed(f"assign {DOCUMENTS + 1} documents to two analysts, 20% overlap",
                           lambda: project.assign(["alice", "bob"], "20%", root / "shares"))
        alice, bob = report.shares["alice"], report.shares["bob"]
        relabel_some(bob, 10)
        gold = root / "gold.annotator"
        timed("merge both shares into a new gold project", lambda: merge_files(gold, [alice, bob]))
        timed("the same merge again (nothing written)", lambda: merge_files(gold, [alice, bob]))
        with Project.open(gold) as project:
            shared = next(doc_id for doc_id in project.document_ids() if len(project.layers_of(doc_id)) == 2)
            project.adjudication_queue(shared)  # the first read imports and warms the caches
            queue = timed(f"queue of one overlap document ({SPANS} spans per layer)",
                          lambda: project.adjudication_queue(shared))
            print(f"  {len(queue.items)} disagreement(s)")
        long_corpus = root / "long.annotator"
        with Project.create(long_corpus, SCHEMA) as project, project.store.atomic():
            project.store.insert_annotated([document(0, LONG)], annotator="lead", source="import")
        with Project.open(long_corpus, writer=False) as project:
            report = project.assign(["alice", "bob"], "100%", root / "long-shares")
        relabel_some(report.shares["bob"], 10)
        long_gold = root / "long-gold.annotator"
        merge_files(long_gold, [report.shares["alice"], report.shares["bob"]])
        with Project.open(long_gold) as project:
            queue = timed(f"queue of a document of {LONG} spans per layer",
                          lambda: project.adjudication_queue(project.document_ids()[0]))
            print(f"  {len(queue.items)} disagreement(s)")


if __name__ == "__main__":
    main()
