"""The SQL of the project search and the consistency report.

Text is found through ``documents_fts`` (migration 8: FTS5 over the documents' words, case and diacritics
set aside), which narrows the documents; the caller confirms each place in the text itself. Rows come in
one fixed order, (document, start, end, span id), and a page starts after the last row of the page before
(a keyset), so a page deep in the results costs what the first one does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from annotator.core.search_query import SpanTerms
from annotator.store.rows import to_json

SPAN_HIT_COLUMNS = 's.id, s.doc_id, s.start, s."end", s.label, s.kind, s.text'


# What a row shows of a span besides itself: its link, and the events it triggers or fills a role of (read
# as types, and roles and types, joined by control characters no name holds; see _with_parts).
_PARTS, _ROLE_OF = "\x1f", "\x1e"
_ANNOTATION_COLUMNS = (
    "e.id, e.name, (SELECT group_concat(v.type, char(31)) FROM events v WHERE v.trigger_id = s.id), "
    "(SELECT group_concat(a.role || char(30) || v.type, char(31)) FROM arguments a JOIN events v "
    "ON v.id = a.event_id WHERE a.span_id = s.id)")
_CONTEXT_COLUMNS = ("d.title, substr(d.text, max(1, s.start - ? + 1), min(s.start, ?)), "
                    f'substr(d.text, s."end" + 1, ?), {_ANNOTATION_COLUMNS}')
_CONTEXT_JOINS = ("JOIN documents d ON d.id = s.doc_id LEFT JOIN entity_links l ON l.span_id = s.id "
                  "LEFT JOIN entities e ON e.id = l.entity_id")


def _with_parts(row: tuple) -> tuple:
    """A row ending in the two event columns of ``_ANNOTATION_COLUMNS`` with them as one tuple of
    (event type, role) pairs, role '' for the events the span triggers."""
    *front, triggers, roles = row
    parts = [(event_type, "") for event_type in (triggers or "").split(_PARTS) if event_type]
    parts += [tuple(reversed(role.split(_ROLE_OF, 1))) for role in (roles or "").split(_PARTS) if role]
    return (*front, tuple(parts))


def attribute_json(value: str) -> list[str]:
    """The stored forms a typed-in attribute value may have (a string, or a number or truth value)."""
    forms = [to_json(value)]
    if value in ("true", "false") or value.lstrip("-").isdigit():
        forms.append(value)
    return forms


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


class SearchRows:
    """Reads for the project search and the consistency report, over one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._fulltext: bool | None = None

    # -- text hits -----------------------------------------------------------------------------------

    def documents_matching(self, fulltext: str, statuses: Sequence[str] = (), from_doc: int = 0
                           ) -> Iterator[tuple[int, str, str]]:
        """(id, title, text) of each document whose words match ``fulltext`` (empty: every document), from
        ``from_doc`` on, in id order; read lazily, so the caller stops when its page is full."""
        where = ["d.id >= ?"]
        params: list[object] = [from_doc]
        if statuses:
            where.append(f"d.status IN ({_marks(statuses)})")
            params += statuses
        if not fulltext:
            yield from self.conn.execute(
                f"SELECT d.id, d.title, d.text FROM documents d WHERE {' AND '.join(where)} ORDER BY d.id",
                params)
            return
        yield from self.conn.execute(
            "SELECT f.rowid, d.title, d.text FROM documents_fts f JOIN documents d ON d.id = f.rowid "
            f"WHERE documents_fts MATCH ? AND f.rowid >= ? AND {' AND '.join(where)} ORDER BY f.rowid",
            [fulltext, from_doc, *params])

    # -- span hits -----------------------------------------------------------------------------------

    def spans_matching(self, terms: SpanTerms, after: tuple[int, int, int, int] | None = None,
                       context: int = 0, limit: int | None = None) -> Iterator[tuple]:
        """The spans the terms accept (:data:`SPAN_HIT_COLUMNS`), after the key ``after`` (document, start,
        end, id), in that order, at most ``limit``; read lazily. With ``context``, each row goes on with the
        document's title, ``context`` characters before and after the span (cut by SQLite: ``substr``
        counts code points), the id and name of the entity it is linked to (None, None) and its (event
        type, role) pairs, role '' for a trigger."""
        where, params = self._span_terms(terms)
        if terms.text_holds is not None:  # a Python test, so no row it refuses is made into a tuple
            self.conn.create_function("annotator_text_holds", 1, terms.text_holds, deterministic=True)
        if after is not None:
            where.append('(s.doc_id, s.start, s."end", s.id) > (?, ?, ?, ?)')
            params += after
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        columns, joins = (f"{SPAN_HIT_COLUMNS}, {_CONTEXT_COLUMNS}", _CONTEXT_JOINS) if context else \
            (SPAN_HIT_COLUMNS, "")
        widths = [context] * 3 if context else []
        bounded = ""
        if limit is not None:
            bounded = " LIMIT ?"
            params.append(limit)
        rows = self.conn.execute(f"SELECT {columns} FROM spans s {joins} {clause} "
                                 f'ORDER BY s.doc_id, s.start, s."end", s.id{bounded}', [*widths, *params])
        yield from (map(_with_parts, rows) if context else rows)

    @staticmethod
    def _span_terms(terms: SpanTerms) -> tuple[list[str], list[object]]:
        where: list[str] = []
        params: list[object] = []
        if terms.labels:
            where.append(f"s.label IN ({_marks(terms.labels)})")
            params += terms.labels
        if terms.annotators:
            where.append(f"s.annotator IN ({_marks(terms.annotators)})")
            params += terms.annotators
        if terms.entity_ids:
            where.append(f"s.id IN (SELECT span_id FROM entity_links WHERE entity_id IN "
                         f"({_marks(terms.entity_ids)}))")
            params += terms.entity_ids
        if terms.roles:
            typed = f" AND e.type IN ({_marks(terms.event_types)})" if terms.event_types else ""
            where.append("s.id IN (SELECT a.span_id FROM arguments a JOIN events e ON e.id = a.event_id "
                         f"WHERE a.role IN ({_marks(terms.roles)}){typed})")
            params += [*terms.roles, *terms.event_types]
        elif terms.event_types:
            where.append("s.id IN (SELECT trigger_id FROM events WHERE type IN "
                         f"({_marks(terms.event_types)}))")
            params += terms.event_types
        for name, value in terms.attributes:
            forms = attribute_json(value)
            where.append(
                "(s.id IN (SELECT span_id FROM attribute_values WHERE name = ? AND value IN "
                f"({_marks(forms)})) "
                "OR s.id IN (SELECT e.trigger_id FROM attribute_values v JOIN events e ON e.id = v.event_id "
                f"WHERE v.name = ? AND v.value IN ({_marks(forms)})))")
            params += [name, *forms, name, *forms]
        if terms.statuses:
            where.append(f"s.doc_id IN (SELECT id FROM documents WHERE status IN ({_marks(terms.statuses)}))")
            params += terms.statuses
        if terms.fulltext:
            where.append("s.doc_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            params.append(terms.fulltext)
        if terms.text_holds is not None:
            where.append("annotator_text_holds(s.text)")
        return where, params

    # -- what a page shows ---------------------------------------------------------------------------

    def titles_and_texts(self, doc_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        ids = sorted(set(doc_ids))
        return {row[0]: (row[1], row[2]) for row in self.conn.execute(
            f"SELECT id, title, text FROM documents WHERE id IN ({_marks(ids)})", ids)}

    def spans_at(self, places: Sequence[tuple[int, int, int]]) -> list[tuple]:
        """The spans overlapping these (document, start, end) places (:data:`SPAN_HIT_COLUMNS`), then each
        one's link (entity id and name, or None, None) and its (event type, role) pairs, role '' for a
        trigger. The spans' extents are read first, and the rest only for those at a place."""
        ranges: dict[int, list[tuple[int, int]]] = {}
        for doc_id, start, end in places:
            ranges.setdefault(doc_id, []).append((start, end))
        ids = sorted(ranges)
        at = [span_id for span_id, doc_id, start, end in self.conn.execute(
            f'SELECT id, doc_id, start, "end" FROM spans WHERE doc_id IN ({_marks(ids)})', ids)
            if any(start < high and low < end for low, high in ranges[doc_id])]
        if not at:
            return []
        return [_with_parts(row) for row in self.conn.execute(
            f"SELECT {SPAN_HIT_COLUMNS}, {_ANNOTATION_COLUMNS} FROM spans s "
            "LEFT JOIN entity_links l ON l.span_id = s.id LEFT JOIN entities e ON e.id = l.entity_id "
            f"WHERE s.id IN ({_marks(at)}) ORDER BY s.doc_id, s.start", at)]

    def span_contexts(self, span_ids: Sequence[int], width: int) -> dict[int, tuple]:
        """What :meth:`spans_matching` adds with ``context``, for these spans: asked afterwards for the hits
        of a search that passes most spans over (joining each to its document first costs three times
        as much)."""
        return {row[0]: _with_parts(row[1:]) for row in self.conn.execute(
            f"SELECT s.id, {_CONTEXT_COLUMNS} FROM spans s {_CONTEXT_JOINS} "
            f"WHERE s.id IN ({_marks(span_ids)})", (width, width, width, *span_ids))}

    def open_suggestions_at(self, places: Iterable[tuple[int, int, int]]) -> list[tuple]:
        """Open suggestions (doc_id, start, end, label, kind, text, source, confidence) exactly at these
        (document, start, end) places."""
        found = []
        for doc_id, start, end in places:
            found += self.conn.execute(
                'SELECT doc_id, start, "end", label, kind, text, source, confidence FROM suggestions '
                "WHERE doc_id = ? AND start = ? AND \"end\" = ? AND state = 'open'", (doc_id, start, end))
        return found

    # -- the consistency report ----------------------------------------------------------------------

    def entity_strings(self) -> list[tuple[str, str, int, int]]:
        """(text, label, mentions, linked mentions) of every entity span text and label: one pass over the
        ``spans_text_label`` index for the mentions, one over the links for the linked ones."""
        linked = {(text, label): count for text, label, count in self.conn.execute(
            "SELECT s.text, s.label, count(*) FROM entity_links l JOIN spans s ON s.id = l.span_id "
            "GROUP BY s.text, s.label")}
        mentions = self.conn.execute(
            "SELECT text, label, count(*) FROM spans WHERE kind = 'entity' GROUP BY text, label")
        return [(text, label, count, linked.get((text, label), 0)) for text, label, count in mentions]

    def places_of(self, pairs: Sequence[tuple[str, str]], *, unlinked: bool = False, limit: int = 5
                  ) -> dict[tuple[str, str], list[tuple]]:
        """For each (text, label): its first ``limit`` entity spans (:data:`SPAN_HIT_COLUMNS`) in document
        order (the ``spans_text_label`` index's order: no sort); only unlinked ones with ``unlinked``."""
        clause = " AND NOT EXISTS (SELECT 1 FROM entity_links l WHERE l.span_id = s.id)" if unlinked else ""
        query = (f"SELECT {SPAN_HIT_COLUMNS} FROM spans s WHERE s.kind = 'entity' AND s.text = ? "
                 f'AND s.label = ?{clause} ORDER BY s.doc_id, s.start LIMIT ?')
        return {(text, label): self.conn.execute(query, (text, label, limit)).fetchall()
                for text, label in pairs}

    def events_lacking(self, event_type: str, roles: Sequence[str]) -> list[tuple[int, int, int, str]]:
        """(event id, document, trigger span id, the roles it fills, comma-separated) of each event of this
        type that leaves one of ``roles`` unfilled."""
        missing = " OR ".join(
            "NOT EXISTS (SELECT 1 FROM arguments a WHERE a.event_id = e.id AND a.role = ?)" for _ in roles)
        return self.conn.execute(
            "SELECT e.id, e.doc_id, e.trigger_id, "
            "(SELECT group_concat(a.role) FROM arguments a WHERE a.event_id = e.id) "
            f"FROM events e WHERE e.type = ? AND ({missing}) ORDER BY e.doc_id, e.id",
            (event_type, *roles)).fetchall()

    def spans_with_ids(self, span_ids: Iterable[int]) -> dict[int, tuple]:
        ids = sorted(set(span_ids))
        found: dict[int, tuple] = {}
        for chunk in range(0, len(ids), 900):
            part = ids[chunk:chunk + 900]
            found.update((row[0], row) for row in self.conn.execute(
                f"SELECT {SPAN_HIT_COLUMNS} FROM spans s WHERE s.id IN ({_marks(part)})", part))
        return found

    def entity_ids(self, value: str) -> list[int]:
        """The entities ``value`` names by row id or by external id (``Q123``, ``scheme:id``)."""
        if value.isdigit():
            return [row[0] for row in self.conn.execute("SELECT id FROM entities WHERE id = ?",
                                                        (int(value),))]
        return [row[0] for row in self.conn.execute(
            "SELECT id FROM entities WHERE external_id = ? ORDER BY id", (value,))]

    def has_fulltext(self) -> bool:
        """Whether the file has the full-text index (a read-only file of an older version does not); asked
        once per connection."""
        if self._fulltext is None:
            self._fulltext = self.conn.execute(
                "SELECT 1 FROM main.sqlite_master WHERE name = 'documents_fts'").fetchone() is not None
        return self._fulltext

    def fulltext(self, words: Sequence[str]) -> str:
        """The FTS5 query for ``words`` in a row (letters and digits only, so quoting is safe); empty when
        the file has no index, and every document is read instead."""
        return '"' + " ".join(words) + '"' if words and self.has_fulltext() else ""
