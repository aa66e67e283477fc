"""The frozen one-folder bundle starts, finds its resources and passes --self-test.

Slow (a PyInstaller build: about two minutes and 400 MB in tmp): ``python -m pytest -m slow``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "packaging" / "build.sh"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"),
                       reason="built and checked on Linux only; see packaging/NOTES-windows-macos.md"),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """Build once for the module with the project's own script, offline (PyInstaller already installed)."""
    pytest.importorskip("PyInstaller", reason="install the 'package' extra to build the bundle")
    out = tmp_path_factory.mktemp("bundle")
    environment = {
        **os.environ, "PYTHON": sys.executable, "SKIP_INSTALL": "1", "SKIP_SELF_TEST": "1",
        "DIST_DIR": str(out / "dist"), "WORK_DIR": str(out / "work"),
    }
    build = subprocess.run(["bash", str(BUILD_SCRIPT)], env=environment, capture_output=True, text=True,
                           timeout=1800)
    assert build.returncode == 0, build.stderr[-4000:]
    return out / "dist" / "annotator"


def _run_frozen(bundle: Path, tmp_path: Path, *args: str, display: bool = True
                ) -> subprocess.CompletedProcess[str]:
    """Run the bundled executable away from the checkout, with its own data folder, offscreen or headless."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_DATA_DIR": str(tmp_path)}
    for name in ("PYTHONPATH", *(() if display else ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))):
        environment.pop(name, None)
    return subprocess.run([str(bundle / "annotator"), *args], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_frozen_app_passes_its_self_test(bundle, tmp_path):
    result = _run_frozen(bundle, tmp_path, "--self-test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "self-test ok"
    assert "self-test passed" in (tmp_path / "annotator.log").read_text("utf-8")


def test_frozen_app_reports_the_versions_it_bundles(bundle, tmp_path):
    result = _run_frozen(bundle, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("annotator 0.")
    assert "not installed" not in result.stdout
    for component in ("Qt 6.", "spaCy 3.", "SQLite 3."):
        assert component in result.stdout


def test_frozen_app_without_a_display_explains_instead_of_crashing(bundle, tmp_path):
    result = _run_frozen(bundle, tmp_path, display=False)
    assert result.returncode == 2
    assert "no graphical display found" in result.stderr
    assert "Traceback" not in result.stderr


def test_bundle_carries_resources_and_qt_platform_plugins(bundle):
    internal = bundle / "_internal"
    for relative in ("resources/schemas/news.yaml", "resources/icons/annotator.svg",
                     "resources/samples/README.md"):
        assert (internal / relative).is_file(), relative
    plugins = {path.name for path in internal.rglob("platforms/*.so")}
    assert {"libqoffscreen.so", "libqxcb.so"} <= plugins
