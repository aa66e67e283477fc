"""Cancelling a job: the flag it checks, and the call it waits in interrupted from another thread."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from annotator.core.jobs import Cancelled, JobControl


def test_cancel_interrupts_a_long_sqlite_query_from_another_thread() -> None:
    control = JobControl()
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    started, outcome = threading.Event(), []

    def work() -> None:
        with control.interrupting(conn.interrupt):
            started.set()
            try:
                conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                             "SELECT count(*) FROM n").fetchone()
            except sqlite3.OperationalError as error:
                outcome.append(str(error))

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    started.wait(5)
    time.sleep(0.2)  # into the query: an interrupt before a statement runs is lost (SQLite's rule)
    control.cancel()
    worker.join(5)
    assert outcome == ["interrupted"]
    with pytest.raises(Cancelled):
        control.check()


def test_an_interrupt_named_after_cancel_runs_at_once_and_not_after_its_block() -> None:
    control, calls = JobControl(), []
    control.cancel()
    with control.interrupting(lambda: calls.append("in")):
        pass
    assert calls == ["in"]
    with control.interrupting(lambda: calls.append("second")):
        pass
    control.cancel()
    assert calls == ["in", "second"]
