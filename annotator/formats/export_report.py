"""What an export wrote and what it could not represent.

Writers never drop a span silently: whatever a format cannot hold is counted under a *kind* that says
what happened to it, with a few examples (document title and span text) for the summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.model import Annotated

EXAMPLES_KEPT = 3
# What a project holds beyond spans and events; each writer says which of these its format carries.
RELATIONS, ATTRIBUTES, NOTES, FRAGMENTS, EVENT_FILLERS, LINKS, RECORDS = (
    "relations", "attributes", "notes", "fragments", "event fillers", "links to entities",
    "events' places in event records")
EVERY_KIND = frozenset({RELATIONS, ATTRIBUTES, NOTES, FRAGMENTS, EVENT_FILLERS, LINKS, RECORDS})


@dataclass
class ExportReport:
    out: Path
    fmt: str
    documents: int = 0
    spans: int = 0
    events: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)
    problem_counts: Counter = field(default_factory=Counter)

    def count(self, item: Annotated) -> None:
        self.documents += 1
        self.spans += len(item.spans)
        self.events += len(item.events)

    def problem(self, kind: str, title: str, text: str) -> None:
        """Count one span (or role) of ``kind`` the format could not hold as it is."""
        self.problem_counts[kind] += 1
        examples = self.problems.setdefault(kind, [])
        if len(examples) < EXAMPLES_KEPT:
            examples.append(f"{title!r}: {text!r}")

    def uncarried(self, item: Annotated, carries: frozenset[str]) -> Annotated:
        """``item`` as a format that ``carries`` only some kinds can take: the rest counted, never
        dropped silently. Discontinuous spans are written whole (gaps included); roles filled by events
        are taken off, since such a format would read them as the trigger span filling the role."""
        title = self.fmt if not item.document.title else item.document.title
        names = {entity.id: entity.name for entity in item.entities}
        for kind, found, example in (
            (RELATIONS, item.relations, lambda r: r.type), (ATTRIBUTES, item.attributes, lambda a: a.name),
            (NOTES, item.notes, lambda n: n.text[:40]), (LINKS, item.links, lambda k: names[k.entity_id]),
            (RECORDS, item.records, lambda tag: tag.key),
        ):
            if kind not in carries:
                for thing in found:
                    self.problem(f"{kind} (left out: {self.fmt} has no place for them)", title,
                                 example(thing))
        if FRAGMENTS not in carries:
            for span in item.spans:
                if span.fragments:
                    self.problem(f"discontinuous spans (written whole, gaps included: {self.fmt} has no "
                                 "fragments)", title, span.text)
        if EVENT_FILLERS in carries or not any(a.filler_event_id is not None
                                               for event in item.events for a in event.arguments):
            return item
        events = []
        for event in item.events:
            for argument in event.arguments:
                if argument.filler_event_id is not None:
                    self.problem(f"roles filled by events (left out: {self.fmt} has no nested events)", title,
                                 argument.role)
            events.append(replace(event, arguments=tuple(a for a in event.arguments
                                                         if a.filler_event_id is None)))
        return replace(item, events=tuple(events))

    def summary_lines(self) -> list[str]:
        lines = [
            f"exported {self.documents} documents ({self.spans} spans, {self.events} events) "
            f"as {self.fmt} to {self.out}"
        ]
        for kind, examples in self.problems.items():
            lines.append(f"warning: {self.problem_counts[kind]} {kind}, e.g. {'; '.join(examples)}")
        return lines
