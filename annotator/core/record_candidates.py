"""Which records a new event mention may belong to, scored and explained.

What an event mention (or a whole record) says about its real-world event is its :class:`Facts`: its type,
the entities its actor roles and its location roles are linked to, and the days its date gives (its date
attribute, else its date role's text read by :mod:`annotator.core.lenient_dates` against the report's own
date). A record's facts are those of all its mentions and of its fields.

A record is a candidate only when it has the mention's type and shares at least one thing with it: an
actor, a location, or a date at most ``max_days`` apart. Its score adds 2 per shared actor, 2 per shared
location and up to 2 for the date (2 on the same day, falling to 0 at ``max_days``); a date further apart
than that takes 1 off. Why it scored is said in words: "same type, shares actor ISIS, 2 days apart".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

MAX_DAYS = 7
ACTOR_POINTS = LOCATION_POINTS = DATE_POINTS = 2.0
FAR_DATE_PENALTY = 1.0


@dataclass(frozen=True)
class Facts:
    """What one mention or record says: actors and locations as ``entity id -> name``, dates as days."""

    type: str
    actors: dict[int, str] = field(default_factory=dict)
    locations: dict[int, str] = field(default_factory=dict)
    dates: frozenset[date] = frozenset()

    def __or__(self, other: Facts) -> Facts:
        return Facts(self.type or other.type, self.actors | other.actors, self.locations | other.locations,
                     self.dates | other.dates)


@dataclass(frozen=True)
class Candidate:
    record_id: int
    score: float
    reasons: tuple[str, ...]

    def explanation(self) -> str:
        return ", ".join(self.reasons)


def _days_apart(ours: Iterable[date], theirs: Iterable[date]) -> int | None:
    pairs = [abs((a - b).days) for a in ours for b in theirs]
    return min(pairs) if pairs else None


def _shares(kind: str, names: list[str]) -> str:
    return f"shares {kind}{'s' if len(names) > 1 else ''} {', '.join(sorted(names))}"


def score(mention: Facts, record_id: int, record: Facts, max_days: int = MAX_DAYS) -> Candidate | None:
    """How well ``record`` fits ``mention``; None when it is not a candidate at all."""
    if record.type != mention.type:
        return None
    reasons, points, related = ["same type"], 0.0, False
    actors = [mention.actors[i] for i in mention.actors.keys() & record.actors.keys()]
    if actors:
        points += ACTOR_POINTS * len(actors)
        reasons.append(_shares("actor", actors))
        related = True
    places = [mention.locations[i] for i in mention.locations.keys() & record.locations.keys()]
    if places:
        points += LOCATION_POINTS * len(places)
        reasons.append(_shares("location", places))
        related = True
    apart = _days_apart(mention.dates, record.dates)
    if apart is not None and apart <= max_days:
        points += DATE_POINTS * (max_days - apart) / max_days
        reasons.append("same day" if apart == 0 else f"{apart} day{'s' if apart > 1 else ''} apart")
        related = True
    elif apart is not None:
        points -= FAR_DATE_PENALTY
        reasons.append(f"but {apart} days apart")
    return Candidate(record_id, round(points, 3), tuple(reasons)) if related else None


def rank(mention: Facts, records: dict[int, Facts], *, limit: int = 5, max_days: int = MAX_DAYS
         ) -> list[Candidate]:
    """The best ``limit`` candidates, best first (ties: the older record first)."""
    found = [candidate for record_id, facts in records.items()
             if (candidate := score(mention, record_id, facts, max_days)) is not None]
    found.sort(key=lambda candidate: (-candidate.score, candidate.record_id))
    return found[:limit]
