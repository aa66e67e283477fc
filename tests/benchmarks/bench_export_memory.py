"""Peak memory of every export format, beside the memory of only reading the project, in the same run.

    python tests/benchmarks/bench_export_memory.py [--docs 10000] [--formats jsonl spacy ...] [--runs 1]

The corpus is imported once; then each export runs in its own process so its peak resident memory
(``ru_maxrss``) is its own. Baseline: a process that opens the project and streams every document the
export reads (spaCy imported too), writing nothing. Target: every format under 500 MB at 100,000
documents, i.e. memory that does not grow with the number of documents. ``spacy-file`` is the export to
one ``.spacy`` file, ``spacy`` the folder of parts. Exports open the project to write, as the command
does, so the first (``jsonl``) fills the token-boundary cache the other token-based formats read.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.corpus import phase_in_process, write_corpus  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"
TARGET_MB = 500
FORMATS = {  # benchmark name -> (export format, output name)
    "jsonl": ("jsonl", "out.jsonl"),
    "spacy-file": ("spacy", "out.spacy"),
    "spacy": ("spacy", "out-spacy"),
    "brat": ("brat", "out-brat"),
    "doccano": ("doccano", "out-doccano.jsonl"),
    "conll": ("conll", "out.conll"),
    "dygiepp": ("dygiepp", "out-dygiepp.jsonl"),
    "textee": ("textee", "out-textee.jsonl"),
}


def phase_read(project: Path, _out: Path, _fmt: str) -> None:
    """The floor: open the project and stream every document, as an export does, writing nothing."""
    import spacy  # noqa: F401  (every export format imports it; its memory is part of the floor)

    from annotator.project import Project

    with Project.open(project, writer=False) as opened:
        for _ in opened.annotated():
            pass


def phase_export(project: Path, out: Path, fmt: str) -> None:
    """As ``annotator export`` does it: the first export fills the token cache, the later ones read it."""
    from annotator.project import Project

    with Project.open(project) as opened:
        opened.export(out, fmt)


def run_phase(name: str, *arguments: object) -> tuple[float, float]:
    return phase_in_process(__file__, name, *arguments)


def _remove(out: Path) -> None:
    if out.is_dir():
        shutil.rmtree(out)
    else:
        out.unlink(missing_ok=True)


def build_project(work: Path, docs: int) -> Path:
    from annotator.project import Project

    corpus = write_corpus(work / "corpus.jsonl", docs)
    project = work / "bench.annotator"
    with Project.create(project, SCHEMA) as created:
        created.import_paths([corpus])
    corpus.unlink()
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--formats", nargs="+", choices=list(FORMATS), default=list(FORMATS))
    parser.add_argument("--runs", type=int, default=1, help="repeat each phase; medians are printed")
    parser.add_argument("--phase", nargs=4, metavar=("NAME", "PROJECT", "OUT", "FORMAT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        name, project, out, fmt = args.phase
        started = time.perf_counter()
        (phase_read if name == "read" else phase_export)(Path(project), Path(out), fmt)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))
        return

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        project = build_project(work, args.docs)
        print(f"{args.docs:,} documents, project {project.stat().st_size / 1e6:,.0f} MB; "
              f"medians of {args.runs} run(s)")
        print(f"{'format':<12}{'peak MB':>9}{'read MB':>9}{'ratio':>7}{'seconds':>9}{'read s':>8}"
              f"{'KB/doc':>8}  target < {TARGET_MB} MB")
        for name in args.formats:
            fmt, out_name = FORMATS[name]
            exports, reads = [], []
            for _ in range(args.runs):  # interleaved, so both see the same load on the machine
                reads.append(run_phase("read", project, work / "none", fmt))
                exports.append(run_phase("export", project, work / out_name, fmt))
                _remove(work / out_name)  # gigabytes at 100,000 documents
            seconds = statistics.median(s for s, _ in exports)
            peak = statistics.median(m for _, m in exports)
            read_seconds = statistics.median(s for s, _ in reads)
            read_peak = statistics.median(m for _, m in reads)
            growth_kb = max(peak - read_peak, 0) * 1024 / args.docs
            verdict = "ok" if peak < TARGET_MB else "OVER"
            print(f"{name:<12}{peak:>9.0f}{read_peak:>9.0f}{peak / read_peak:>7.2f}{seconds:>9.1f}"
                  f"{read_seconds:>8.1f}{growth_kb:>8.1f}  {verdict}", flush=True)


if __name__ == "__main__":
    main()
