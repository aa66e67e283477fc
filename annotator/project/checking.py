"""The ``check`` verb: the file's own soundness (the store's audit), then the entity registry and every
document against the schema's rules (:mod:`annotator.core.rules`), streamed so memory stays flat on any
project size. A link whose span was relabelled since is reported as broken."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core import rules

if TYPE_CHECKING:
    from annotator.core.model import Annotated
    from annotator.project.facade import Project


@dataclass
class CheckReport:
    """What ``check`` found: errors (the file breaks an invariant or a rule) and warnings (work left)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_project(project: Project) -> CheckReport:
    """The store's checks first; the rules need a readable schema, so a damaged one stops there.

    Spans that no longer fit their text are found by the rules (one read of every span, not two).
    """
    store = project.store
    report = CheckReport(errors=list(store.check()))
    if any("schema" in problem and "damaged" in problem for problem in report.errors):
        return report
    schema = store.schema
    for entity in project.entities():
        report.errors += [f"entity {entity.id} ({entity.name}): {problem.message}"
                          for problem in rules.entity_problems(schema, entity)]
    for item in store.stream(verify=False):
        document = item.document
        for violation in rules.annotated_violations(schema, item):
            listed = report.errors if violation.severity == rules.ERROR else report.warnings
            listed.append(f"document {document.id} ({document.title}): {_wording(violation, item)}")
    return report


def _wording(violation: rules.Violation, item: Annotated) -> str:
    """The rule's message; for a stored span that no longer fits, which span and what it read."""
    if violation.rule != rules.OFFSETS:
        return violation.message
    surface = next((span.text for span in item.spans if span.id == violation.span_id), "")
    return f"span {violation.span_id} no longer matches its text {surface!r}: {violation.message}"

