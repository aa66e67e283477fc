"""The one status list (``STATUS_INFO``) and the SQL that repeats it must agree."""

from __future__ import annotations

import re

from annotator.core.model import STATUS_INFO, STATUSES, UNFINISHED
from annotator.store.migrations import MIGRATIONS


def test_the_store_check_constraint_allows_exactly_the_registered_statuses() -> None:
    checks = re.findall(r"CHECK \(status IN \(([^)]*)\)\)", "".join(MIGRATIONS.values()))
    assert checks, "no status CHECK constraint found in the migrations"
    assert tuple(re.findall(r"'([^']+)'", checks[-1])) == STATUSES


def test_unfinished_statuses_are_the_ones_work_remains_on() -> None:
    assert UNFINISHED == ("new", "in_progress")
    assert [info.title for info in STATUS_INFO.values()] == ["New", "In progress", "Done", "Skipped"]
