"""The facade's doors to analysts' layers (docs/TEAMS.md): reading them, adjudicating, assigning work.

A base of :class:`annotator.project.facade.Project` (kept apart so each area of the facade reads on its
own); merging files in stays a verb of the facade.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.edits import Edit
from annotator.core.jobs import JobControl
from annotator.core.model import Annotated

if TYPE_CHECKING:
    from annotator.core.adjudication import Item, Queue
    from annotator.project.assigning import AssignReport


class TeamAccess:
    """Analysts' layers of the gold documents, the adjudication queue and its decisions, assigning."""

    store: Any
    document: Any

    def analyst_layers(self) -> dict[str, dict[str, Annotated]]:
        """Each analyst's layers: analyst -> SHA-256 of the document's text -> their annotations of it, an
        ``Annotated`` in index form on the gold document (whose status is the analyst's)."""
        layers: dict[str, dict[str, Annotated]] = {}
        for analyst, item in self.store.layers.annotated():
            layers.setdefault(analyst, {})[item.document.sha256] = item
        return layers

    def layers_of(self, doc_id: int) -> dict[str, Annotated]:
        """The document's layers by analyst (index form)."""
        return self.store.layers.annotated_of(doc_id, self.document(doc_id))

    def analyst_layer(self, doc_id: int, analyst: str) -> Annotated:
        return self.layers_of(doc_id)[analyst]

    def adjudication_queue(self, doc_id: int) -> Queue:
        """The document's disagreements between layers, and what they all agree on (see
        :mod:`annotator.core.adjudication`)."""
        from annotator.project.adjudicating import queue_of

        return queue_of(self, doc_id)

    def decide_edit(self, doc_id: int, item: Item, choice: str, queue: Queue) -> Edit:
        """The edit deciding ``item`` of ``queue`` by ``choice``; apply it with :meth:`apply`."""
        from annotator.project.adjudicating import decide_edit

        return decide_edit(doc_id, item, choice, queue)

    def agreed_edit(self, doc_id: int, queue: Queue) -> Edit | None:
        """One edit putting what every layer agrees on into gold (None: nothing to put)."""
        from annotator.project.adjudicating import agreed_edit

        return agreed_edit(doc_id, queue)

    def assign(self, analysts: list[str], overlap: str | int, out: str | Path, *, seed: int = 0,
               control: JobControl | None = None) -> AssignReport:
        """One project file per analyst in the folder ``out`` (see :mod:`annotator.project.assigning`)."""
        from annotator.project.assigning import assign_work

        return assign_work(self, analysts, overlap, Path(out), seed=seed, control=control)
