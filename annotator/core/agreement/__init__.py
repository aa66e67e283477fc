"""Inter-annotator agreement over analysts' layers (plain ``Annotated`` records; no Qt, no SQL).

``compare.compare_layers({analyst: {text sha256: Annotated}})`` gives a ``report.AgreementReport``. Each
measure has a module: entity spans (``spans``), tokens (``tokens``: κ and α), events (``events``),
relations and links (``relations``), attributes (``attributes``); ``pair`` gathers them for two layers of
a document, ``report`` averages them, ``serialize`` turns the report into the JSON the CLI writes.

Only the report's choices live here, so the command line can offer them without loading every measure.
"""

BREAKDOWNS = ("label", "role", "annotator-pair")
REPORT_FORMATS = ("text", "json", "html")
