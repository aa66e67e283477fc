"""The user data folder per platform and the rotating log file inside it."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from annotator import datadir
from annotator.datadir import data_dir
from annotator.logs import BACKUP_COUNT, MAX_BYTES, setup_logging


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    """No override, a fake home, and no XDG/APPDATA leaking in from the machine running the tests."""
    for variable in ("ANNOTATOR_DATA_DIR", "XDG_DATA_HOME", "APPDATA"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    return tmp_path


def test_override_variable_wins_and_folder_is_created(clean_environment, monkeypatch):
    wanted = clean_environment / "portable" / "data"
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(wanted))
    monkeypatch.setenv("XDG_DATA_HOME", str(clean_environment / "xdg"))
    assert data_dir() == wanted
    assert wanted.is_dir()


def test_linux_uses_xdg_data_home(clean_environment, monkeypatch):
    monkeypatch.setattr(datadir.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(clean_environment / "xdg"))
    assert data_dir() == clean_environment / "xdg" / "annotator"


@pytest.mark.parametrize("xdg", [None, "relative/path"])
def test_linux_falls_back_to_local_share(clean_environment, monkeypatch, xdg):
    monkeypatch.setattr(datadir.sys, "platform", "linux")
    if xdg:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert data_dir() == clean_environment / "home" / ".local" / "share" / "annotator"


def test_windows_uses_appdata(clean_environment, monkeypatch):
    monkeypatch.setattr(datadir.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(clean_environment / "Roaming"))
    assert data_dir() == clean_environment / "Roaming" / "annotator"


def test_macos_uses_application_support(clean_environment, monkeypatch):
    monkeypatch.setattr(datadir.sys, "platform", "darwin")
    assert data_dir() == clean_environment / "home" / "Library" / "Application Support" / "annotator"


@pytest.fixture
def annotator_logger():
    """The package logger, with whatever handlers a test added removed and closed afterwards."""
    logger = logging.getLogger("annotator")
    before = list(logger.handlers)
    yield logger
    for handler in [h for h in logger.handlers if h not in before]:
        logger.removeHandler(handler)
        handler.close()


def _file_handlers(logger: logging.Logger) -> list[RotatingFileHandler]:
    return [h for h in logger.handlers if isinstance(h, RotatingFileHandler)]


def test_log_lines_land_in_the_data_folder_once(tmp_path, monkeypatch, annotator_logger):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path))
    first = setup_logging()
    second = setup_logging()
    assert first == second == tmp_path / "annotator.log"
    logging.getLogger("annotator.selftest").info("opened Brevnik — 💙")
    (handler,) = _file_handlers(annotator_logger)
    handler.flush()
    lines = first.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("INFO    annotator.selftest: opened Brevnik — 💙")


def test_handler_rotates_at_one_megabyte_keeping_three(tmp_path, monkeypatch, annotator_logger):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path))
    setup_logging()
    (handler,) = _file_handlers(annotator_logger)
    assert (handler.maxBytes, handler.backupCount) == (MAX_BYTES, BACKUP_COUNT) == (1_000_000, 3)
    chunk = "x" * 10_000
    for _ in range(500):
        logging.getLogger("annotator").warning(chunk)
    handler.flush()
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["annotator.log", "annotator.log.1", "annotator.log.2", "annotator.log.3"]
    assert all(path.stat().st_size <= MAX_BYTES for path in tmp_path.iterdir())


def test_moving_the_data_folder_replaces_the_handler(tmp_path, monkeypatch, annotator_logger):
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "one"))
    setup_logging()
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "two"))
    path = setup_logging()
    (handler,) = _file_handlers(annotator_logger)
    assert handler.baseFilename == str(path) == str(tmp_path / "two" / "annotator.log")
