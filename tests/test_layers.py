"""The layering rules from the architecture, checked on the source itself.

The layers (gui/cli over the project facade over formats and nlp over the store over the domain) and the
Qt rule are import-linter contracts in pyproject.toml; the first test runs ``lint-imports`` so the plain
``pytest`` run (and CI) enforces them.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "annotator"
QT_FREE = ["core", "store", "formats", "nlp"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def python_files(*parts: str) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        target = PACKAGE / part
        files.extend([target] if target.suffix == ".py" else sorted(target.rglob("*.py")))
    return files


def test_the_import_linter_contracts_are_kept() -> None:
    command = shutil.which("lint-imports") or pytest.skip("import-linter is not installed")
    result = subprocess.run([command, "--no-cache"], capture_output=True, text=True,
                            cwd=PACKAGE.parent, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_only_the_store_and_the_project_facade_name_the_store() -> None:
    """One door: only the facade opens and names the store; everything else, the verbs included, goes
    through ``Project``."""
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in python_files(".")
        if path.relative_to(PACKAGE).parts[0] != "store" and path != PACKAGE / "project" / "facade.py"
        and ("ProjectStore" in path.read_text(encoding="utf-8")
             or any(name.startswith("annotator.store") for name in imported_modules(path)))
    ]
    assert offenders == []


def test_core_store_formats_nlp_and_cli_never_import_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in python_files(*QT_FREE, "cli", "launch.py", "errors.py", "resources.py")
        if any(name.split(".")[0] == "PySide6" for name in imported_modules(path))
    ]
    assert offenders == []


def test_sql_runs_only_in_the_store() -> None:
    offenders = []
    for path in python_files("."):
        if "store" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"execute", "executemany", "executescript"}):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []


def test_only_the_offsets_module_converts_to_utf16() -> None:
    codec = re.compile(r"""(en|de)code\(\s*["']utf-?16""", re.IGNORECASE)
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in python_files(".")
        if path.name != "offsets.py" and codec.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
