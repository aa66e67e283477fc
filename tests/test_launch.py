"""The ``annotator`` command opens the app on a project file without loading the CLI, and hands
everything else to the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys, annotator.launch
try:
    annotator.launch.main(sys.argv[1:])
except SystemExit as exit:
    print(exit.code, "click" in sys.modules, "annotator.cli" in sys.modules, sys.modules["gc"].isenabled())
"""


def _launch(*args: str) -> list[str]:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=environment, capture_output=True,
                          text=True, timeout=120, check=False)
    return done.stdout.split("\n")[-2].split()


def test_a_project_file_goes_to_the_app_without_the_cli() -> None:
    # no display here: the app's own check answers (exit 2), before any window
    assert _launch("news.annotator") == ["2", "False", "False", "False"]
    assert _launch() == ["2", "False", "False", "False"]


def test_verbs_and_other_arguments_go_to_the_cli() -> None:
    assert _launch("--version") == ["0", "True", "True", "True"]
    assert _launch("not-a-project") == ["2", "True", "True", "False"]  # the CLI sends it to the app
