"""Import and export throughput and peak memory beside baselines measured in the same run.

    python tests/benchmarks/bench_import_export.py [--docs 100000]

Each phase runs in its own process so its peak memory (max RSS) is its own. Baselines:
import = plain ``sqlite3`` ``executemany`` of the same rows into the same tables (JSON parsed, nothing
validated); export = spaCy's blank tokenizer over the same texts. Targets: import within 1.5x, the first
export (which fills the token-boundary cache) within 1.3x, a repeated JSONL/CoNLL/DyGIE++/TextEE export
(reading the cache) within 0.5x, peak memory under 500 MB for all.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.corpus import phase_in_process, write_corpus  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"
BATCH = 1000


def phase_baseline_import(corpus: Path, project: Path, fulltext_at_end: bool = False) -> None:
    """The floor: parse each line and executemany the rows, one transaction, no checks. With
    ``fulltext_at_end`` the full-text trigger is off while rows go in and the index is filled once at the
    end, as the import does for a large file."""
    conn = sqlite3.connect(project, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("BEGIN")
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts_insert'").fetchone()
    if fulltext_at_end and trigger:
        conn.execute("DROP TRIGGER documents_fts_insert")
    doc_id = span_id = 0
    docs, spans = [], []
    with corpus.open("rb") as handle:
        for line in handle:
            record = json.loads(line)
            doc_id += 1
            text = record["text"]
            docs.append((doc_id, record["meta"]["title"], text,
                         hashlib.sha256(text.encode()).hexdigest(), "{}", "new", "", ""))
            for span in record["spans"]:
                span_id += 1
                spans.append((span_id, doc_id, span["start"], span["end"], span["label"], "entity",
                              span["text"], "", "import", "", None))
            if len(docs) >= BATCH:
                _flush(conn, docs, spans)
    _flush(conn, docs, spans)
    if fulltext_at_end and trigger:
        conn.execute("INSERT INTO documents_fts (rowid, text) SELECT id, text FROM documents")
        conn.execute(trigger[0])
    conn.execute("COMMIT")
    conn.close()


def _flush(conn: sqlite3.Connection, docs: list, spans: list) -> None:
    conn.executemany("INSERT INTO documents (id, title, text, sha256, meta, status, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", docs)
    conn.executemany('INSERT INTO spans (id, doc_id, start, "end", label, kind, text, annotator, source, '
                     "created_at, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
    docs.clear()
    spans.clear()


def phase_import(corpus: Path, project: Path) -> None:
    from annotator.project import Project

    with Project.open(project) as opened:
        opened.import_paths([corpus])


def phase_baseline_export(project: Path, out: Path) -> None:
    """The floor: tokenize every text with spaCy's blank tokenizer, streamed from the file."""
    import spacy

    nlp = spacy.blank("en")
    conn = sqlite3.connect(project)
    tokens = 0
    for (text,) in conn.execute("SELECT text FROM documents ORDER BY id"):
        tokens += len(nlp.tokenizer(text))
    conn.close()
    out.write_text(str(tokens))


def _export(fmt: str):
    def phase(project: Path, out: Path) -> None:
        """Export as ``fmt``; the first one also fills the token-boundary cache the later ones read."""
        from annotator.project import Project

        with Project.open(project) as opened:
            opened.export(out, fmt)

    return phase


PHASES = {
    "baseline_import": phase_baseline_import,
    "import": phase_import,
    "baseline_export": phase_baseline_export,
    **{f"export_{fmt}": _export(fmt) for fmt in ("jsonl", "conll", "dygiepp", "textee")},
}


def run_phase(name: str, *arguments: object) -> tuple[float, float]:
    return phase_in_process(__file__, name, *arguments)


def fresh_project(path: Path) -> Path:
    from annotator.project import Project

    Project.create(path, SCHEMA).close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--phase", nargs=3, metavar=("NAME", "A", "B"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        name, first, second = args.phase
        started = time.perf_counter()
        PHASES[name](Path(first), Path(second))
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))
        return

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        corpus = write_corpus(work / "corpus.jsonl", args.docs)
        size_mb = corpus.stat().st_size / 1e6
        print(f"corpus: {args.docs:,} documents, {size_mb:,.0f} MB of JSONL")
        base_import = run_phase("baseline_import", corpus, fresh_project(work / "baseline.annotator"))
        ours_import = run_phase("import", corpus, fresh_project(work / "ours.annotator"))
        base_export = run_phase("baseline_export", work / "ours.annotator", work / "tokens.txt")
        rows = [
            ("import", ours_import, base_import, "sqlite3 executemany", 1.5),
            ("export jsonl", run_phase("export_jsonl", work / "ours.annotator", work / "first.jsonl"),
             base_export, "spaCy blank tokenizer", 1.3),
        ]
        for fmt in ("jsonl", "conll", "dygiepp", "textee"):
            again = run_phase(f"export_{fmt}", work / "ours.annotator", work / f"again.{fmt}")
            rows.append((f"again {fmt}", again, base_export, "spaCy blank tokenizer", 0.5))
        print(f"{'task':<14}{'annotator':>12}{'baseline':>12}{'ratio':>8}{'target':>8}"
              f"{'docs/s':>10}{'peak MB':>9}  baseline")
        for task, ours, base, what, target in rows:
            ratio = ours[0] / base[0]
            print(f"{task:<14}{ours[0]:>11.1f}s{base[0]:>11.1f}s{ratio:>8.2f}{target:>8.1f}"
                  f"{args.docs / ours[0]:>10,.0f}{ours[1]:>9.0f}  {what} ({base[1]:.0f} MB)")


if __name__ == "__main__":
    main()
