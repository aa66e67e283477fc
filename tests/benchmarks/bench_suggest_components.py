"""Model suggestions with only the components that suggest, beside the whole pipeline, in the same run.

    python tests/benchmarks/bench_suggest_components.py [--docs 300] [--runs 3] [--model NAME_OR_PATH]

The model is ``--model`` when given (e.g. an installed ``en_core_web_sm``); otherwise a pipeline of the
same shape is built offline: ``tok2vec`` listened to by ``tagger`` and ``parser``, ``attribute_ruler``,
``lemmatizer`` and a ``ner`` with its own embedding, initialised (untrained weights cost what trained
ones do) and saved to disk. Each side runs in its own process (peak RSS its own) over the same texts:
the baseline loads every component (``load_pipeline``), annotator's model recommender only what
produces entities or spans. The suggestions must be identical. Medians of ``--runs``, interleaved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.corpus import documents  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"


def build_pipeline(path: Path) -> Path:
    """A pipeline shaped like spaCy's small English ones, with untrained weights."""
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    listener = {"model": {"@architectures": "spacy.Tagger.v2", "tok2vec": {
        "@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"}}}
    nlp.add_pipe("tagger", config=listener)
    nlp.add_pipe("parser", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "parser",
        "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"}}})
    nlp.add_pipe("attribute_ruler")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("ner")
    record = next(documents(1))
    doc = nlp.make_doc(record["text"])
    annotations = {"entities": [(s["start"], s["end"], s["label"]) for s in record["spans"]],
                   "tags": ["NN"] * len(doc), "heads": list(range(len(doc))), "deps": ["dep"] * len(doc)}
    example = Example.from_dict(doc, annotations)
    nlp.initialize(lambda: [example])
    nlp.to_disk(path)
    return path


def phase(side: str, model: str, count: int) -> dict:
    from annotator.core.schema import load_schema
    from annotator.nlp.pipeline import LabelMapping, load_pipeline
    from annotator.nlp.recommenders import ModelRecommender

    schema = load_schema(SCHEMA)
    started = time.perf_counter()
    if side == "all":
        recommender = ModelRecommender(load_pipeline(model), "bench", LabelMapping.for_schema(schema))
    else:
        recommender = ModelRecommender.load(model, schema, source_id="bench")
    loaded = time.perf_counter() - started
    items = [(number, record["text"]) for number, record in enumerate(documents(count))]
    digest = hashlib.sha256()
    suggestions = 0
    for doc_id, spans in recommender.suggest_many(items):
        for span in spans:
            digest.update(f"{doc_id} {span.start} {span.end} {span.label}\n".encode())
            suggestions += 1
    return {"load": loaded, "seconds": time.perf_counter() - started - loaded,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "components": recommender.nlp.pipe_names, "suggestions": suggestions,
            "digest": digest.hexdigest()}


def run(side: str, model: str, count: int) -> dict:
    completed = subprocess.run([sys.executable, __file__, "--phase", side, model, str(count)],
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{side} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", help="an installed pipeline or a pipeline folder")
    parser.add_argument("--phase", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        side, model, count = args.phase
        print(json.dumps(phase(side, model, int(count))))
        return

    with tempfile.TemporaryDirectory() as folder:
        model = args.model or str(build_pipeline(Path(folder) / "model"))
        results: dict[str, list[dict]] = {"all": [], "lean": []}
        for _ in range(args.runs):
            for side in results:
                results[side].append(run(side, model, args.docs))
    first = {side: runs[0] for side, runs in results.items()}
    print(f"{args.docs:,} documents, model {args.model or 'built (untrained weights)'}; "
          f"medians of {args.runs} runs")
    for side, label in (("all", "every component"), ("lean", "annotator (suggesting only)")):
        runs = results[side]
        print(f"{label:<28} {statistics.median(r['seconds'] for r in runs):>7.1f}s "
              f"(+{statistics.median(r['load'] for r in runs):.1f}s load) "
              f"{statistics.median(r['peak_mb'] for r in runs):>6.0f} MB peak  {first[side]['components']}")
    speed = statistics.median(r["seconds"] for r in results["all"]) / statistics.median(
        r["seconds"] for r in results["lean"])
    memory = statistics.median(r["peak_mb"] for r in results["all"]) / statistics.median(
        r["peak_mb"] for r in results["lean"])
    identical = len({r["digest"] for runs in results.values() for r in runs}) == 1
    print(f"every component / suggesting only: time {speed:.2f}x, memory {memory:.2f}x; "
          f"suggestions identical: {identical} ({first['lean']['suggestions']:,})")


if __name__ == "__main__":
    main()
