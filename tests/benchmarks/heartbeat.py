"""How long the UI thread was held: a 1 ms timer on it, whose every gap between ticks is a stall."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer


class Heartbeat:
    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.gaps: list[tuple[int, int]] = []  # (ms since the tick before, ms since start)
        self._last = 0
        self._timer = QTimer()
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps, self._last = [], 0
        self.clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def longest(self, *, until: int | None = None, after: int | None = None) -> float:
        """The longest gap in ms (of those that ended by ``until``, or after ``after``, ms since start)."""
        return float(max((gap for gap, at in self.gaps
                          if (until is None or at <= until) and (after is None or at > after)), default=0))

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append((now - self._last, now))
        self._last = now
