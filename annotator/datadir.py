"""The per-user folder for logs and the sample project, found without Qt so the CLI can use it too."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "annotator"
OVERRIDE_VARIABLE = "ANNOTATOR_DATA_DIR"


def data_dir() -> Path:
    """Where annotator keeps per-user data, created if missing.

    ``ANNOTATOR_DATA_DIR`` wins (tests and portable installs); otherwise the platform's convention.
    """
    override = os.environ.get(OVERRIDE_VARIABLE)
    folder = Path(override) if override else _platform_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _platform_data_dir() -> Path:
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        base = Path(appdata) if appdata else Path.home() / "AppData" / "Roaming"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / APP_NAME
