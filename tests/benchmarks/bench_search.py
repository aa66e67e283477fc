"""Project search and the consistency report on 100,000 documents (~11 spans each, 5,000 entities).

    python tests/benchmarks/bench_search.py [--keep PATH] [--count N]

Builds the project once through the bulk store import (``--keep`` reuses the file between runs): news-sized
texts, three PERSON mentions per document naming 5,000 registry entities (four in five linked), ORG, GPE
and DATE spans (one GPE in a hundred tagged ORG instead), and a Life.Die event whose required Victim is
filled in seven documents in ten; one event record, holding the first event. Then, for each search and
for the consistency report, the median of a few runs through the project layer beside a plain sqlite3
query producing the same rows in the same run, and their ratio (budget: 1 s, ratio at most 2). Last, the
Search and Consistency windows: the longest gap between ticks of a 1 ms timer on the UI thread while they
compute (the work runs on the background runner).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotator.core.model import (  # noqa: E402
    TRIGGER,
    Annotated,
    Argument,
    Document,
    Entity,
    EntityLink,
    Event,
    Span,
)
from annotator.core.record_edits import CreateRecord  # noqa: E402
from annotator.formats.records import text_hash  # noqa: E402
from annotator.project import Project  # noqa: E402
from tests.benchmarks.corpus import DATES, FILLER, ORGS, PLACES  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"
COUNT, ENTITIES, REPEATS = 100_000, 5_000, 9
FIRST = ["Amira", "Kofi", "Yusuf", "Léa", "Dmitri", "Fatima", "Omar", "Nour", "Tomás", "Zoë"]
LAST = [f"{stem}{n}" for n in range(100) for stem in ("Haddad", "Mensah", "Volkov", "Moreau", "Ruiz")]
BUDGET_MS, RATIO = 1000, 2.0


def person(number: int) -> str:
    return f"{FIRST[number % 10]} {LAST[number // 10]}"


def document(rng: random.Random, number: int) -> Annotated:
    """About 2,500 characters: three sentences naming a person, an organisation, a place and a date, and a
    death whose victim is tagged seven times in ten."""
    text, spans, links = f"Report {number}\n", [], []
    for sentence in range(3):
        who = rng.randrange(ENTITIES)
        place = rng.choice(PLACES)
        pieces = [(person(who), "PERSON"), (" of ", None), (rng.choice(ORGS), "ORG"),
                  (" said fighters attacked positions near ", None),
                  (place, "ORG" if rng.random() < 0.01 else "GPE"), (" ", None), (rng.choice(DATES), "DATE"),
                  (". ", None)]
        for piece, label in pieces:
            if label:
                if label == "PERSON" and rng.random() < 0.8:
                    links.append(EntityLink(len(spans), who))
                spans.append(Span(len(text), len(text) + len(piece), label))
            text += piece
        if sentence < 2:
            text += FILLER * 7
    trigger = len(spans)
    start = len(text) + len("One man was ")
    text += "One man was killed there."
    spans.append(Span(start, start + len("killed"), "Life.Die", TRIGGER))
    arguments = (Argument("Victim", 0),) if rng.random() < 0.7 else ()
    document = Document(text, f"Report {number}", sha256=text_hash(text))
    return Annotated(document, tuple(spans), (Event("Life.Die", trigger, arguments),), links=tuple(links))


def build(path: Path, count: int) -> None:
    rng = random.Random(11)
    with Project.create(path, SCHEMA, annotator="bench") as project, project.store.atomic():
        annotations = project.store.annotations
        ids = [annotations.add_entity(Entity(person(n), "PERSON", (person(n).upper(),),
                                             f"wikidata:Q{n + 1}")).id for n in range(ENTITIES)]
        batch = []
        for number in range(count):
            item = document(rng, number)
            batch.append(Annotated(item.document, item.spans, item.events, links=tuple(
                EntityLink(link.span_id, ids[link.entity_id]) for link in item.links)))
            if len(batch) == 1000:
                project.store.insert_annotated(batch, annotator="bench", source="import")
                batch = []
        if batch:
            project.store.insert_annotated(batch, annotator="bench", source="import")


def medians_ms(ours: Callable[[], object], theirs: Callable[[], object]
               ) -> tuple[float, float, object, object]:
    """The median time of each, run in turns so both meet the same machine (other work, caches)."""
    mine, plain, result, reference = [], [], None, None
    for _ in range(REPEATS):
        for runs, action in ((mine, ours), (plain, theirs)):
            started = time.perf_counter()
            if runs is mine:
                result = action()
            else:
                reference = action()
            runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(mine), statistics.median(plain), result, reference


# -- plain SQL giving the same rows -------------------------------------------------------------------------

SPAN_ROWS = (
    'SELECT s.doc_id, s.start, s."end", d.title, substr(d.text, max(1, s.start - 59), min(s.start, 60)), '
    's.text, substr(d.text, s."end" + 1, 60), s.label, e.id, e.name, '
    "(SELECT group_concat(v.type || ' ' || a.role) FROM arguments a JOIN events v ON v.id = a.event_id "
    "WHERE a.span_id = s.id), (SELECT group_concat(v.type) FROM events v WHERE v.trigger_id = s.id) "
    "FROM spans s JOIN documents d ON d.id = s.doc_id "
    "LEFT JOIN entity_links l ON l.span_id = s.id LEFT JOIN entities e ON e.id = l.entity_id ")


def plain_text(conn: sqlite3.Connection, phrase: str, limit: int) -> list[tuple]:
    """The same rows by hand: the documents holding the phrase through the index, each place found with
    find() in the lower-cased text, its context cut, and the labels and entities of the spans there."""
    rows = []
    for doc_id, _title, text in conn.execute(
            "SELECT f.rowid, d.title, d.text FROM documents_fts f JOIN documents d ON d.id = f.rowid "
            "WHERE documents_fts MATCH ? ORDER BY f.rowid", (f'"{phrase}"',)):
        lowered, at = text.lower(), 0
        while (at := lowered.find(phrase, at)) >= 0:
            end = at + len(phrase)
            rows.append((doc_id, at, end, text[max(0, at - 60):at], text[at:end], text[end:end + 60]))
            at = end
            if len(rows) == limit:
                break
        if len(rows) == limit:
            break
    docs = sorted({row[0] for row in rows})
    marks = ",".join("?" * len(docs))
    spans = conn.execute(
        'SELECT s.doc_id, s.start, s."end", s.label, e.id, e.name, '
        "(SELECT group_concat(v.type || ' ' || a.role) FROM arguments a JOIN events v ON v.id = a.event_id "
        "WHERE a.span_id = s.id), (SELECT group_concat(v.type) FROM events v WHERE v.trigger_id = s.id) "
        "FROM spans s LEFT JOIN entity_links l ON l.span_id = s.id "
        f"LEFT JOIN entities e ON e.id = l.entity_id WHERE s.doc_id IN ({marks})", docs).fetchall()
    by_doc: dict[int, list[tuple]] = {}
    for span in spans:
        by_doc.setdefault(span[0], []).append(span)
    return [(*row, [span[3:] for span in by_doc.get(row[0], []) if span[1] < row[2] and row[1] < span[2]])
            for row in rows]


def plain_spans(conn: sqlite3.Connection, where: str, params: tuple, limit: int,
                after: tuple = (0, -1, -1, -1)) -> list[tuple]:
    return conn.execute(
        SPAN_ROWS + f'WHERE {where} AND (s.doc_id, s.start, s."end", s.id) > (?, ?, ?, ?) '
        'ORDER BY s.doc_id, s.start, s."end", s.id LIMIT ?', (*params, *after, limit)).fetchall()


def plain_consistency(conn: sqlite3.Connection) -> int:
    """The same findings by hand: entity texts by label and their linked counts, the first five spans of
    each text under a rarer label or left unlinked while it is an alias, events lacking the Victim."""
    linked = {(text, label): count for text, label, count in conn.execute(
        "SELECT s.text, s.label, count(*) FROM entity_links l JOIN spans s ON s.id = l.span_id "
        "GROUP BY s.text, s.label")}
    strings = conn.execute(
        "SELECT text, label, count(*) FROM spans WHERE kind = 'entity' GROUP BY text, label").fetchall()
    aliases = {row[0] for row in conn.execute("SELECT folded FROM entity_aliases")}
    labels: dict[str, list[tuple[int, str]]] = {}
    for text, label, count in strings:
        labels.setdefault(text, []).append((count, label))
    found = []
    for text, label, count in strings:
        rarer = len(labels[text]) > 1 and max(labels[text])[1] != label
        unlinked = linked.get((text, label), 0) < count and text.lower() in aliases
        for wanted, clause in ((rarer, ""), (unlinked, " AND NOT EXISTS (SELECT 1 FROM entity_links l WHERE "
                                                       "l.span_id = s.id)")):
            if wanted:
                found += conn.execute(
                    f"SELECT s.id, s.doc_id, s.start FROM spans s WHERE s.kind = 'entity' AND s.text = ? AND "
                    f"s.label = ?{clause} ORDER BY s.doc_id, s.start LIMIT 5", (text, label)).fetchall()
    lacking = conn.execute(
        "SELECT e.id, e.doc_id, e.trigger_id FROM events e WHERE e.type = 'Life.Die' AND NOT EXISTS "
        "(SELECT 1 FROM arguments a WHERE a.event_id = e.id AND a.role = 'Victim') ORDER BY e.doc_id, e.id"
    ).fetchall()
    found += conn.execute("SELECT s.id, s.doc_id, s.start FROM spans s WHERE s.id IN (?, ?, ?, ?, ?)",
                          [row[2] for row in lacking[:5]]).fetchall()
    unrecorded = conn.execute(
        "SELECT e.doc_id, e.id, e.trigger_id FROM events e LEFT JOIN record_events r ON r.event_id = e.id "
        "WHERE r.event_id IS NULL ORDER BY e.doc_id, e.id").fetchall()
    found += conn.execute("SELECT s.id, s.doc_id, s.start FROM spans s WHERE s.id IN (?, ?, ?, ?, ?)",
                          [row[2] for row in unrecorded[:5]]).fetchall()
    return len(found) + len(lacking) + len(unrecorded)


def compare(project: Project, conn: sqlite3.Connection) -> list[tuple[str, float, float]]:
    figures = []
    limit = 200
    near_the_end = int(project.document_count() * 0.9)
    deep = project.search("label:GPE", limit=1, after=(near_the_end, 0, 0, 0)).hits[0].key
    cases = [
        ("text, frequent phrase", "abu kamal", lambda: plain_text(conn, "abu kamal", limit)),
        ("text, rare name", f'"{person(4321)}"', lambda: plain_text(conn, person(4321).lower(), limit)),
        ("text, in no document", "zeppelin", lambda: plain_text(conn, "zeppelin", limit)),
        ("label", "label:GPE", lambda: plain_spans(conn, "s.label = 'GPE'", (), limit)),
        ("label, page at 90%", "label:GPE", lambda: plain_spans(conn, "s.label = 'GPE'", (), limit, deep)),
        ("entity", "entity:wikidata:Q4322", lambda: plain_spans(
            conn, "s.id IN (SELECT span_id FROM entity_links WHERE entity_id = 4322)", (), limit)),
        ("role and status", "role:Victim type:Life.Die status:new", lambda: plain_spans(
            conn, "s.id IN (SELECT a.span_id FROM arguments a JOIN events e ON e.id = a.event_id WHERE "
            "a.role = 'Victim' AND e.type = 'Life.Die') AND s.doc_id IN (SELECT id FROM documents WHERE "
            "status = 'new')", (), limit)),
        ("label and text", '"abu kamal" label:ORG', lambda: plain_spans(
            conn, "s.label = 'ORG' AND s.text = 'Abu Kamal'", (), limit)),
    ]
    for name, query, plain in cases:
        after = deep if "90%" in name else None
        ours, theirs, page, rows = medians_ms(
            lambda q=query, a=after: project.search(q, limit=limit, after=a), plain)
        same = [(hit.doc_id, hit.start, hit.end) for hit in page.hits] == [tuple(row[:3]) for row in rows]
        figures.append((f"search {name} ({query}; {len(page.hits)} rows{'' if same else ', ROWS DIFFER'})",
                        ours, theirs))
    first = time.perf_counter()
    project.consistency()
    print(f"consistency report, first run (builds the alias index): "
          f"{(time.perf_counter() - first) * 1000:.0f} ms")
    ours, theirs, report, _ = medians_ms(project.consistency, lambda: plain_consistency(conn))
    figures.append((f"consistency report ({len(report.findings)} findings)", ours, theirs))
    return figures


def window_stalls(project: Project) -> None:
    """The longest UI-thread stall while the Search window searches and the Consistency window reports."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.gui.consistency_window import ConsistencyWindow
    from annotator.gui.search_window import SearchWindow
    from annotator.gui.session import Session
    from tests.benchmarks.heartbeat import Heartbeat

    app = QApplication.instance() or QApplication([])
    session = Session(project)

    def longest_gap(start: Callable[[], object], done_signal_of: Callable[[], object]) -> float:
        heartbeat, loop = Heartbeat(), QEventLoop()
        heartbeat.start()
        start()
        done_signal_of().connect(loop.quit)
        QTimer.singleShot(20_000, loop.quit)
        loop.exec()
        heartbeat.stop()
        return heartbeat.longest()

    search = SearchWindow(session)
    for query in ("abu kamal", "label:GPE", "entity:wikidata:Q4322"):
        stall = longest_gap(lambda q=query: search.run(q), lambda: search.finished)
        print(f"Search window, {query!r}: longest UI stall {stall:.0f} ms ({search.model.rowCount()} rows)")
    report = ConsistencyWindow(session)
    stall = longest_gap(report.refresh, lambda: report.finished)
    print(f"Consistency window: longest UI stall {stall:.0f} ms ({report.rows()} rows)")
    app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="project file to build once and reuse")
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--no-window", action="store_true", help="skip the window stall measurement")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "search.annotator"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.count)
        print(f"built {args.count:,} documents in {time.perf_counter() - started:.0f} s "
              f"({path.stat().st_size / 1e6:.0f} MB)")
    with Project.open(path) as project:  # one record, so the report lists the mentions in none
        if not project.store.annotations.record_count():
            project.apply(CreateRecord(1, 1))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    failed = False
    with Project.open(path, writer=False) as project:
        for name, ours, theirs in compare(project, conn):
            ratio = ours / theirs if theirs else float("inf")
            verdict = "ok" if ours <= BUDGET_MS and ratio <= RATIO else "OVER BUDGET"
            failed |= verdict != "ok"
            print(f"{name}: {ours:.1f} ms, plain SQL {theirs:.1f} ms, ratio {ratio:.2f} {verdict}")
        if not args.no_window:
            window_stalls(project)
    conn.close()
    folder.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
