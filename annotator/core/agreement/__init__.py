"""Inter-annotator agreement over analysts' layers (plain ``Annotated`` records; no Qt, no SQL).

``compare_layers({analyst: {text sha256: Annotated}})`` gives an :class:`AgreementReport`. Each measure
has a module: entity spans (``spans``), tokens (``tokens``: κ and α), events (``events``), relations and
links (``relations``), attributes (``attributes``); ``pair`` gathers them for two layers of a document,
``report`` averages them, ``serialize`` turns the report into the JSON the CLI writes.
"""

from annotator.core.agreement.compare import Layers, compare_layers, shared_documents
from annotator.core.agreement.report import BREAKDOWNS, AgreementReport, PairReport, Score

__all__ = ["BREAKDOWNS", "AgreementReport", "Layers", "PairReport", "Score", "compare_layers",
           "shared_documents"]
