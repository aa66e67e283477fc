"""Logging to a rotating file in the user's data folder, so a bug report can attach what happened."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from annotator.datadir import data_dir

LOG_FILE_NAME = "annotator.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the ``annotator`` logger to a rotating file in the data folder; return the file's path.

    Idempotent: calling it again (the GUI and the self-test both do) adds no second handler, so no line
    is written twice. If the data folder has changed since, the old file handler is closed and replaced.
    """
    path = data_dir() / LOG_FILE_NAME
    logger = logging.getLogger("annotator")
    logger.setLevel(level)
    for handler in [h for h in logger.handlers if isinstance(h, RotatingFileHandler)]:
        if handler.baseFilename == os.path.abspath(path):
            return path
        logger.removeHandler(handler)
        handler.close()
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    return path
