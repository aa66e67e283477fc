"""Versions of the parts an analyst may be asked about in a bug report (About box, --version)."""

from __future__ import annotations

import sqlite3
from importlib.metadata import PackageNotFoundError, version


def component_versions() -> dict[str, str]:
    found = {}
    for name, package in (("Qt", "PySide6-Essentials"), ("spaCy", "spacy")):
        try:
            found[name] = version(package)
        except PackageNotFoundError:
            found[name] = "not installed"
    found["SQLite"] = sqlite3.sqlite_version
    return found
