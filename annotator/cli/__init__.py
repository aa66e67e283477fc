"""The ``annotator`` command: the same verbs as the GUI, headless.

``annotator`` alone, or ``annotator PROJECT``, starts the desktop app; every other use is a subcommand.
User errors print one line on stderr and exit 1; only bugs show a traceback.

The group and what every verb shares are in :mod:`annotator.cli.base`; the verbs, by what they work on, in
``corpus`` (init, import, export, stats, check, search, report, backup), ``registry`` (entities, records),
``models`` (suggest, train) and ``teams`` (assign, merge, agreement). Importing this package registers them.
"""

from annotator.cli import corpus, models, registry, teams  # noqa: F401 (each registers its verbs)
from annotator.cli.base import cli, main

__all__ = ["cli", "main"]
