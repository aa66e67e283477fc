"""Where the bundled resources (schemas, sample articles, icons) live.

They sit in the top-level ``resources/`` folder of the checkout; a PyInstaller bundle copies that folder
next to the frozen package (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


# The one list of built-in schemas, default first: name (its file in resources/schemas/) and the title
# the new-project dialog shows. The CLI, the facade and the dialog read it; a test keeps it equal to
# the files.
BUILTIN_SCHEMAS: dict[str, str] = {
    "news": "News: people, organisations, places and ACE events",
    "acled": "ACLED: political violence and protest events",
}
DEFAULT_SCHEMA = next(iter(BUILTIN_SCHEMAS))


def schema_path(name: str) -> Path:
    return resources_dir() / "schemas" / f"{name}.yaml"


def samples_dir() -> Path:
    return resources_dir() / "samples"
