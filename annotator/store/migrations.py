"""Ordered schema migrations, keyed by version.

Version N's step turns a version N-1 file into a version N file. ``PRAGMA user_version`` holds the
version; a file with a higher version than :data:`CURRENT_VERSION` was made by a newer annotator and is
refused rather than guessed at. Tables are written as DDL because sqlite-utils' ``create`` cannot
express CHECK constraints or ``ON DELETE CASCADE``, both of which carry the invariants here.
"""

from __future__ import annotations

import sqlite3

from annotator.store.connection import APPLICATION_ID

_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    meta TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'in_progress', 'done', 'skipped')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_status ON documents(status);
CREATE TABLE spans (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL CHECK (label <> ''),
    kind TEXT NOT NULL DEFAULT 'entity' CHECK (kind IN ('entity', 'trigger')),
    text TEXT NOT NULL,
    annotator TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual',
    created_at TEXT NOT NULL,
    confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
    CHECK ("end" > start)
);
CREATE INDEX spans_doc ON spans(doc_id, start);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type <> ''),
    trigger_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual',
    created_at TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_trigger ON events(trigger_id);
CREATE TABLE arguments (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role <> ''),
    span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    UNIQUE (event_id, role, span_id)
);
CREATE INDEX arguments_span ON arguments(span_id);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX history_doc ON history(doc_id);
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'entity' CHECK (kind IN ('entity', 'trigger')),
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    confidence REAL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'rejected')),
    CHECK ("end" > start),
    UNIQUE (doc_id, start, "end", label, kind, source)
);
CREATE INDEX suggestions_doc ON suggestions(doc_id, start);
"""

# The application id lets a file be recognised through SQLite alone, without reading its header.
_V2 = f"PRAGMA application_id = {APPLICATION_ID}"

# One index per sort order of the document list, alone and under a status filter, so its keyset pages
# and row counts are index range scans (the rowid, the tie-breaker, is part of every index). Counting the
# ids below one reads the whole rows from the table itself (140 ms at 200,000 news articles), and 4 ms
# from an index of the ids alone.
_V3 = """
CREATE INDEX IF NOT EXISTS documents_id ON documents(id);
CREATE INDEX IF NOT EXISTS documents_title ON documents(title COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS documents_status_title ON documents(status, title COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS documents_updated ON documents(updated_at);
CREATE INDEX IF NOT EXISTS documents_status_updated ON documents(status, updated_at);
"""

# Relations, attribute values, notes, the pieces of discontinuous spans, and events filling roles.
# A value or note points at exactly one span, event or relation (a note at none is on the document),
# each through its own foreign key, so deleting the annotation deletes what hangs on it.
_V4 = """
ALTER TABLE arguments ADD COLUMN filler_event_id INTEGER REFERENCES events(id) ON DELETE CASCADE;
CREATE INDEX arguments_filler_event ON arguments(filler_event_id) WHERE filler_event_id IS NOT NULL;
CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type <> ''),
    head_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    tail_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual',
    created_at TEXT NOT NULL,
    CHECK (head_id <> tail_id)
);
CREATE INDEX relations_doc ON relations(doc_id);
CREATE INDEX relations_head ON relations(head_id);
CREATE INDEX relations_tail ON relations(tail_id);
CREATE TABLE attribute_values (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    span_id INTEGER REFERENCES spans(id) ON DELETE CASCADE,
    event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
    relation_id INTEGER REFERENCES relations(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    value TEXT NOT NULL,
    CHECK ((span_id IS NOT NULL) + (event_id IS NOT NULL) + (relation_id IS NOT NULL) = 1)
);
CREATE INDEX attribute_values_doc ON attribute_values(doc_id);
CREATE UNIQUE INDEX attribute_values_span ON attribute_values(span_id, name) WHERE span_id IS NOT NULL;
CREATE UNIQUE INDEX attribute_values_event ON attribute_values(event_id, name) WHERE event_id IS NOT NULL;
CREATE UNIQUE INDEX attribute_values_relation ON attribute_values(relation_id, name)
    WHERE relation_id IS NOT NULL;
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    span_id INTEGER REFERENCES spans(id) ON DELETE CASCADE,
    event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
    relation_id INTEGER REFERENCES relations(id) ON DELETE CASCADE,
    text TEXT NOT NULL CHECK (text <> ''),
    annotator TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK ((span_id IS NOT NULL) + (event_id IS NOT NULL) + (relation_id IS NOT NULL) <= 1)
);
CREATE INDEX notes_doc ON notes(doc_id);
CREATE INDEX notes_span ON notes(span_id) WHERE span_id IS NOT NULL;
CREATE INDEX notes_event ON notes(event_id) WHERE event_id IS NOT NULL;
CREATE INDEX notes_relation ON notes(relation_id) WHERE relation_id IS NOT NULL;
CREATE TABLE span_fragments (
    span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL,
    CHECK ("end" > start),
    PRIMARY KEY (span_id, start)
) WITHOUT ROWID
"""

# The entity registry: entities, their aliases (kept as given, in order; ``folded`` is the case- and
# diacritic-free form link suggestions look up), and each entity span's link to one entity. A link goes
# with its span (cascade); an entity with links cannot be deleted until they are moved (a merge) or gone.
_V5 = """
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    label TEXT NOT NULL CHECK (label <> ''),
    external_id TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX entities_label ON entities(label);
CREATE INDEX entities_external_id ON entities(external_id) WHERE external_id <> '';
CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    alias TEXT NOT NULL CHECK (alias <> ''),
    folded TEXT NOT NULL,
    PRIMARY KEY (entity_id, position),
    UNIQUE (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_folded ON entity_aliases(folded);
CREATE TABLE entity_links (
    span_id INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX entity_links_entity ON entity_links(entity_id);
CREATE INDEX entity_links_doc ON entity_links(doc_id)
"""

# Teams of analysts: each analyst's annotations of a document, merged in from their project file, kept as
# a read-only snapshot beside the gold annotations the other tables hold (``core/layers.py`` writes the
# record: canonical JSON in index form). One row per document and analyst; a later merge of that analyst's
# work replaces the row; ``source_sha256`` is the digest of the file it came from. ``adjudications`` records
# each decision on a disagreement (``item``: its key, ``core/adjudication.py``), who made it and which
# version was chosen; it is written by the same edit that changes gold, so undo takes back both.
_V6 = """
CREATE TABLE analyst_layers (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    analyst TEXT NOT NULL CHECK (analyst <> ''),
    record TEXT NOT NULL,
    merged_at TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    PRIMARY KEY (doc_id, analyst)
);
CREATE INDEX analyst_layers_analyst ON analyst_layers(analyst);
CREATE TABLE adjudications (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    choice TEXT NOT NULL CHECK (choice <> ''),
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, item)
)
"""

# Event records: one real-world event that event mentions across documents describe. A mention belongs to
# at most one record (its event id is the key) and goes with its event (cascade); a record with members
# cannot be deleted until they are removed. A field keeps its evidence as a citation (document, offsets,
# quoted text; the event, span and entity as plain ids, since documents' text never changes and an undo
# restores deleted rows with their ids), or who set it by hand.
_V7 = """
CREATE TABLE event_records (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type <> ''),
    title TEXT NOT NULL DEFAULT '',
    annotator TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX event_records_type ON event_records(type);
CREATE TABLE record_events (
    event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    record_id INTEGER NOT NULL REFERENCES event_records(id),
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    added_by TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL
);
CREATE INDEX record_events_record ON record_events(record_id);
CREATE TABLE record_fields (
    record_id INTEGER NOT NULL REFERENCES event_records(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    value TEXT NOT NULL,
    entity_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('argument', 'attribute', 'hand')),
    source TEXT NOT NULL DEFAULT '',
    doc_id INTEGER,
    event_id INTEGER,
    span_id INTEGER,
    start INTEGER,
    "end" INTEGER,
    quote TEXT NOT NULL DEFAULT '',
    set_by TEXT NOT NULL DEFAULT '',
    set_at TEXT NOT NULL,
    CHECK ((kind = 'hand') = (doc_id IS NULL)),
    CHECK (start IS NULL OR (start >= 0 AND "end" > start)),
    PRIMARY KEY (record_id, name)
) WITHOUT ROWID
"""

# Finding things across the project: a full-text index of the documents (words, case and diacritics set
# aside, as the search box asks) kept in step with the documents table by triggers and filled from the
# documents already there, and an index of entity spans by text and label (then place), which the
# consistency report groups by and lists the first places of each text from without reading span rows.
_V8 = """
CREATE VIRTUAL TABLE documents_fts USING fts5(
    text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO documents_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
CREATE INDEX spans_text_label ON spans(kind, text, label, doc_id, start, "end")
"""

# The token-boundary cache: each document's spaCy token boundaries as a compact blob
# (annotator.nlp.token_bounds), written by the first export and read by the next ones. A row is valid only
# for the tokenizer named by ``fingerprint`` and the text whose hash it was made from; it goes with its
# document. Nothing else reads it, so a lost row only costs one tokenisation.
_V9 = """
CREATE TABLE token_bounds (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    bounds BLOB NOT NULL,
    PRIMARY KEY (doc_id, fingerprint)
)
"""

# Event records, continued. (1) An event mention whose candidate records the analyst ignored, so the
# Record pane stops offering them in later sessions. One row per mention (its event id is the key), gone
# with the event (cascade; `Attached` snapshots it so undoing the deletion puts it back). Ignoring is not a
# record decision: the consistency report still lists the mention as in no record. (2) A record's uid:
# random, made once, written on export with the record, and kept by the project an import makes the record
# in, so a later import naming the same uid joins that record instead of making a second one. Records made
# before this version get theirs here.
_V10 = """
ALTER TABLE event_records ADD COLUMN uid TEXT NOT NULL DEFAULT '';
UPDATE event_records SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX event_records_uid ON event_records(uid);
CREATE TABLE ignored_record_candidates (
    event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ignored_by TEXT NOT NULL DEFAULT '',
    ignored_at TEXT NOT NULL
)
"""

MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5, 6: _V6, 7: _V7, 8: _V8, 9: _V9,
                              10: _V10}
CURRENT_VERSION = max(MIGRATIONS)


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int = CURRENT_VERSION) -> None:
    """Bring a file from ``from_version`` to ``to_version``, each step in one transaction."""
    for version in range(from_version + 1, to_version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def statements(script: str) -> list[str]:
    """The statements of ``script``, split at the semicolons that end one (not those inside a trigger)."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        found.append(pending.strip())
    return found
