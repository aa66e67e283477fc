"""The ``annotator`` command: the desktop app when given nothing or a project file, else the CLI.

The app starts without loading the CLI (click and every verb's options were a twentieth of the time to
the first window); anything else, a single argument that is no project file included, goes to
:func:`annotator.cli.main`, which tells a verb from a project by the verbs' names.

Python's cyclic collector is off while the modules load (~50,000 lasting objects; its passes over them
were about a fifteenth of the time to the first window); the app freezes what start-up built and turns
it on again (:func:`annotator.gui.jobs.freeze_start_up`), the CLI turns it on before its verb runs.
"""

from __future__ import annotations

import gc
import sys
from typing import NoReturn


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    args = sys.argv[1:] if argv is None else argv
    gc.disable()
    from annotator.project import PROJECT_SUFFIX

    if not args or (len(args) == 1 and args[0].endswith(PROJECT_SUFFIX) and not args[0].startswith("-")):
        start_app(args[0] if args else None)
    from annotator.cli import main as run_cli

    gc.enable()
    run_cli(args)


def start_app(project: str | None) -> NoReturn:
    """Run the desktop app on ``project`` (None: the most recent one, or the sample) and exit with it."""
    gc.disable()
    from annotator.app import run_gui

    sys.exit(run_gui(project))
