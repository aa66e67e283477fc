"""Candidate records for one event mention, and mentions in no record, on a large project.

    python tests/benchmarks/bench_record_candidates.py [RECORDS]

Builds an ``acled`` project of RECORDS (default 5,000) records of one event type, each with 4 member
mentions in their own documents (an actor and a location linked to 500 and 200 entities, a date), then
times ``Project.record_candidates`` for a new mention (median of 5) and ``events_without_record`` over
the whole project. Reports the times; the window reads both on the background runner, whatever they take.
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotator.core.model import (  # noqa: E402
    ENTITY,
    TRIGGER,
    Annotated,
    Argument,
    Document,
    Entity,
    EntityLink,
    Event,
    Span,
)
from annotator.core.records import EventRecord, Membership  # noqa: E402
from annotator.project import Project  # noqa: E402

TYPE = "Battles/Armed clash"
TEXT = "Group {a} fought near Place {p} on {d} March 2019."


def build(path: Path, records: int) -> tuple[Project, int]:
    project = Project.create(path, "acled", annotator="bench")
    rows = project.store.annotations
    with project.store.atomic():
        actors = [rows.add_entity(Entity(f"Group {n}", "ACTOR")).id for n in range(500)]
        places = [rows.add_entity(Entity(f"Place {n}", "LOCATION")).id for n in range(200)]
        items = []
        for number in range(records * 4 + 1):
            a, p, d = number % 500, (number // 3) % 200, 1 + number % 28
            text = TEXT.format(a=a, p=p, d=d)
            spans = []
            words = ((f"Group {a}", "ACTOR", ENTITY), ("fought", TYPE, TRIGGER),
                     (f"Place {p}", "LOCATION", ENTITY), (f"{d} March 2019", "DATE", ENTITY))
            for word, label, kind in words:
                start = text.index(word)
                spans.append(Span(start, start + len(word), label, kind))
            event = Event(TYPE, 1, (Argument("Actor1", 0), Argument("Location", 2), Argument("Date", 3)))
            digest = hashlib.sha256(f"{number}{text}".encode()).hexdigest()
            items.append(Annotated(Document(text, f"doc {number}", sha256=digest), tuple(spans), (event,),
                                   links=(EntityLink(0, actors[a]), EntityLink(2, places[p]))))
        for start in range(0, len(items), 500):  # bulk rows take the registry's ids as they are
            project.store.insert_annotated(items[start:start + 500], annotator="bench", source="bench")
        loose = project.events_without_record()
        for number in range(records):
            record = rows.add_record(EventRecord(TYPE, f"record {number}"))
            rows.add_memberships(Membership(record.id, event_id, doc_id)
                                 for doc_id, event_id in loose[number * 4:number * 4 + 4])
    return project, loose[-1][1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        project, fresh = build(Path(folder) / "bench.annotator", count)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            found = project.record_candidates(fresh)
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        loose = project.events_without_record()
        loose_time = time.perf_counter() - started
        print(f"{count} records, {count * 4} member mentions: record_candidates median "
              f"{statistics.median(times) * 1000:.0f} ms ({len(found)} found; best: "
              f"{found[0].explanation() if found else '-'}); events_without_record "
              f"{loose_time * 1000:.1f} ms ({len(loose)} mention)")
        project.close()


if __name__ == "__main__":
    main()
