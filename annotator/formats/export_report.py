"""What an export wrote and what it could not represent.

Writers never drop a span silently: whatever a format cannot hold is counted under a *kind* that says
what happened to it, with a few examples (document title and span text) for the summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import Annotated

EXAMPLES_KEPT = 3


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

    def summary_lines(self) -> list[str]:
        lines = [
            f"exported {self.documents} documents ({self.spans} spans, {self.events} events) "
            f"as {self.fmt} to {self.out}"
        ]
        for kind, examples in self.problems.items():
            lines.append(f"warning: {self.problem_counts[kind]} {kind}, e.g. {'; '.join(examples)}")
        return lines
