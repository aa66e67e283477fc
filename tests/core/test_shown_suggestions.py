"""The shown suggestions kept up to date by changes agree with the rule applied afresh."""

from __future__ import annotations

import random

from annotator.core.model import Span
from annotator.core.shown_suggestions import ShownSuggestions

LABELS = ("GPE", "ORG")


def row(rng: random.Random, doc_length: int = 200) -> Span:
    start = rng.randrange(doc_length - 10)
    kind = rng.choice(("entity", "entity", "trigger"))
    return Span(start, start + rng.randint(1, 8), rng.choice(LABELS), kind, text="x",
                source=rng.choice(("dictionary", "model:a", "triggers")),
                confidence=rng.choice((None, 0.5, 0.9)))


def test_updates_give_what_a_fresh_look_gives() -> None:
    rng = random.Random(7)
    for _ in range(30):
        rows = [row(rng) for _ in range(60)]
        annotations = {n: Span(s.start, s.end, s.label, s.kind, id=n) for n, s in enumerate(rows[:6], 1)}
        shown = ShownSuggestions(rows, annotations.values())
        next_id = 100
        for _ in range(25):
            removed = rng.sample(rows, rng.randint(0, 3))
            rows = [r for r in rows if all(r is not gone for gone in removed)]
            added = [row(rng) for _ in range(rng.randint(0, 3))]
            rows += added
            old, new = [], []
            if annotations and rng.random() < 0.5:  # an annotation moves or goes
                span_id = rng.choice(list(annotations))
                old.append(annotations.pop(span_id))
                if rng.random() < 0.5:
                    moved = Span(old[0].start + 1, old[0].end + 2, rng.choice(LABELS), id=span_id)
                    annotations[span_id] = moved
                    new.append(annotations[span_id])
            if rng.random() < 0.5:  # one comes
                next_id += 1
                made = row(rng)
                annotations[next_id] = Span(made.start, made.end, made.label, made.kind, id=next_id)
                new.append(annotations[next_id])
            got = shown.update(removed, added, old, new)
            assert got == ShownSuggestions(rows, annotations.values()).shown


def test_the_most_confident_source_is_shown_and_an_annotation_of_another_label_hides_nothing() -> None:
    low = Span(0, 5, "GPE", text="Accra", source="dictionary", confidence=0.2)
    high = Span(0, 5, "GPE", text="Accra", source="model:a", confidence=0.8)
    shown = ShownSuggestions([low, high], [Span(0, 3, "ORG", id=1)])
    assert shown.shown == [high]
    assert ShownSuggestions([low, high], [Span(0, 5, "ORG", id=1)]).shown == [], \
        "an entity on exactly its text hides it: the window relabels, never stacks"
    assert shown.update(old_annotations=[], new_annotations=[Span(1, 3, "GPE", id=2)]) == []
    assert shown.update(old_annotations=[Span(1, 3, "GPE", id=2)]) == [high]
