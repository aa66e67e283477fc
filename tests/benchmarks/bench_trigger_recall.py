"""Recall of the trigger recommender on a real article against a hand-made list of its trigger words.

    python tests/benchmarks/bench_trigger_recall.py [ARTICLE] [--gold FILE] [--schema news] [--target 0.8]

ARTICLE defaults to the shipped sample ``resources/samples/01-shelling-near-river-town.txt`` and the gold
list to its hand-made one in ``tests/benchmarks/trigger_gold/``; give another article with ``--gold``. A
gold file has one trigger word per line as written in the article (``#`` starts a comment), and every
whole-word occurrence of it counts: the words whose lemma the schema lists, in any inflection, and not
inside a date, time, number or money expression. A gold word is found when a trigger suggestion covers
exactly its characters (whatever the event type). Prints found/total, recall, the words missed and the
proposals outside the list, and as the baseline the recall of the listed word forms alone (the same
recommender with no lemma table, as before lemmas); exits 1 when recall is below the target.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "resources" / "samples" / "01-shelling-near-river-town.txt"
GOLD_DIR = Path(__file__).resolve().parent / "trigger_gold"


def gold_words(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def gold_positions(text: str, words: list[str]) -> dict[tuple[int, int], str]:
    """Every whole-word occurrence of every gold word, by its offsets."""
    found = {}
    for word in dict.fromkeys(words):
        occurrences = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
        if not occurrences:
            sys.exit(f"gold word {word!r} does not occur in the article")
        found.update(dict.fromkeys(occurrences, word))
    return found


def recommender_for(schema, *, lemmatized: bool):
    from annotator.nlp import triggers
    from annotator.nlp.lemmas import Lemmas

    class ListedFormsOnly(Lemmas):
        def __init__(self, language: str) -> None:
            super().__init__(language)
            self._table = None

    if lemmatized:
        return triggers.TriggerRecommender(schema)
    triggers.Lemmas = ListedFormsOnly
    try:
        return triggers.TriggerRecommender(schema)
    finally:
        triggers.Lemmas = Lemmas


def recall(found: int, total: int) -> float:
    return found / total if total else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("article", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--gold", type=Path, help="the gold list (default: the sample's)")
    parser.add_argument("--schema", default="news", help="a built-in schema name or a schema file")
    parser.add_argument("--target", type=float, default=0.8)
    args = parser.parse_args()
    gold_file = args.gold or GOLD_DIR / f"{args.article.stem}.gold"
    if not gold_file.is_file():
        parser.error(f"no gold list {gold_file}; give one with --gold")

    from annotator.core.schema import load_schema
    from annotator.resources import BUILTIN_SCHEMAS, schema_path

    schema = load_schema(schema_path(args.schema) if args.schema in BUILTIN_SCHEMAS else args.schema)
    text = args.article.read_text(encoding="utf-8")
    gold = gold_positions(text, gold_words(gold_file))
    started = time.perf_counter()
    recommender = recommender_for(schema, lemmatized=True)
    built = time.perf_counter()
    proposals = recommender.suggest(1, text)
    finished = time.perf_counter()
    baseline = {(span.start, span.end) for span in recommender_for(schema, lemmatized=False).suggest(1, text)}

    proposed = {(span.start, span.end): span for span in proposals}
    found = [position for position in gold if position in proposed]
    missed = sorted(position for position in gold if position not in proposed)
    extra = [span for position, span in sorted(proposed.items()) if position not in gold]
    ratio = recall(len(found), len(gold))
    baseline_found = sum(position in baseline for position in gold)
    print(f"article: {args.article} ({len(text):,} characters), gold: {gold_file}, schema: {schema.name}"
          f" (lemma table: {'yes' if recommender.lemmatized else 'no'})")
    print(f"found {len(found)}/{len(gold)} trigger words, recall {ratio:.0%} (target {args.target:.0%})")
    print(f"baseline, listed word forms only: found {baseline_found}/{len(gold)}, "
          f"recall {recall(baseline_found, len(gold)):.0%}")
    print("missed: " + (", ".join(f"{gold[p]!r} at {p[0]}" for p in missed) or "none"))
    print(f"proposed outside the list ({len(extra)}): "
          + (", ".join(f"{span.text!r} {span.label}" for span in extra) or "none"))
    print(f"recommender built in {(built - started) * 1000:.0f} ms, article read in "
          f"{(finished - built) * 1000:.1f} ms")
    sys.exit(0 if ratio >= args.target else 1)


if __name__ == "__main__":
    main()
