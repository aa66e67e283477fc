"""The entity registry's rows: entities, their aliases, and the links of entity spans to them.

:class:`EntityRows` is mixed into the store's ``Annotations`` part beside the relation rows, so one
object is what every edit writes through. Rows keep their ids when given, so an undo restores the very
entity a removal took and the links edits further up the undo stack point at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from annotator.core.folding import fold
from annotator.core.model import ENTITY, Entity, EntityLink, Span
from annotator.store.rows import SPAN_SELECT, rows_in, span_from_row, utc_now

_ENTITY_COLUMNS = "id, name, label, external_id, description, created_at"


class EntityRows:
    conn: sqlite3.Connection
    registry_writes = 0  # entity rows written through this part: a cache of the registry compares it

    # -- entities ----------------------------------------------------------------------------------

    def add_entity(self, entity: Entity) -> Entity:
        cursor = self.conn.execute(
            f"INSERT INTO entities ({_ENTITY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            (entity.id, entity.name, entity.label, entity.external_id, entity.description,
             entity.created_at or utc_now()))
        self._write_aliases(cursor.lastrowid, entity.aliases)
        self.registry_writes += 1
        return self.entity(cursor.lastrowid)

    def update_entity(self, entity: Entity) -> None:
        """Give the stored entity ``entity.id`` the name, label, id, description and aliases of ``entity``."""
        self.conn.execute("UPDATE entities SET name = ?, label = ?, external_id = ?, description = ? "
                          "WHERE id = ?", (entity.name, entity.label, entity.external_id,
                                           entity.description, entity.id))
        self.conn.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (entity.id,))
        self._write_aliases(entity.id, entity.aliases)
        self.registry_writes += 1

    def delete_entity(self, entity_id: int) -> None:
        self.conn.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
        self.registry_writes += 1

    def entity(self, entity_id: int) -> Entity:
        found = self._entities("WHERE id = ?", (entity_id,))
        if not found:
            raise KeyError(f"no entity {entity_id}")
        return found[0]

    def entities(self, entity_ids: Iterable[int] | None = None) -> list[Entity]:
        """Every entity in id order, or those of ``entity_ids``."""
        if entity_ids is None:
            return self._entities("", ())
        ids = list(entity_ids)
        rows = rows_in(self.conn, f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id IN ({{}})", ids)
        return self._with_aliases(sorted(rows))

    def entities_named(self, keys: Iterable[str]) -> dict[str, list[Entity]]:
        """The entities whose name or an alias folds (:func:`~annotator.core.folding.fold`) to each key."""
        wanted = sorted(set(keys))
        ids_by_key: dict[str, set[int]] = {}
        for key, entity_id in rows_in(self.conn, "SELECT folded, entity_id FROM entity_aliases "
                                      "WHERE folded IN ({})", wanted):
            ids_by_key.setdefault(key, set()).add(entity_id)
        found = {entity_id for ids in ids_by_key.values() for entity_id in ids}
        by_id = {entity.id: entity for entity in self.entities(found)}
        return {key: [by_id[i] for i in sorted(ids)] for key, ids in ids_by_key.items()}

    def entity_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM entities").fetchone()[0]

    def _entities(self, where: str, params: tuple) -> list[Entity]:
        rows = self.conn.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities {where} ORDER BY id", params)
        return self._with_aliases(rows.fetchall())

    def _with_aliases(self, rows: list[tuple]) -> list[Entity]:
        aliases: dict[int, list[str]] = {}
        for entity_id, alias in rows_in(
                self.conn, "SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({}) "
                "AND position > 0 ORDER BY entity_id, position", [row[0] for row in rows]):
            aliases.setdefault(entity_id, []).append(alias)
        return [Entity(name, label, tuple(aliases.get(entity_id, ())), external_id, description, entity_id,
                       created_at)
                for entity_id, name, label, external_id, description, created_at in rows]

    def _write_aliases(self, entity_id: int, aliases: Iterable[str]) -> None:
        """The aliases at positions 1, 2, ...; position 0 is the name, so lookups find it too."""
        name = self.conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()[0]
        rows = [(entity_id, 0, name, fold(name))]
        rows += [(entity_id, position, alias, fold(alias))
                 for position, alias in enumerate((a for a in aliases if a != name), 1)]
        self.conn.executemany("INSERT INTO entity_aliases (entity_id, position, alias, folded) "
                              "VALUES (?, ?, ?, ?)", rows)

    # -- links -------------------------------------------------------------------------------------

    def link_span(self, link: EntityLink) -> None:
        """Link the span to the entity, replacing the span's earlier link."""
        self.link_spans([link])

    def link_spans(self, links: Iterable[EntityLink]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO entity_links (span_id, entity_id, doc_id) VALUES (?, ?, ?)",
            [(link.span_id, link.entity_id, link.doc_id) for link in links])

    def unlink_span(self, span_id: int) -> None:
        self.unlink_spans([span_id])

    def unlink_spans(self, span_ids: Iterable[int]) -> None:
        self.conn.executemany("DELETE FROM entity_links WHERE span_id = ?", [(i,) for i in span_ids])

    def spans_with_ids(self, span_ids: Iterable[int]) -> list[Span]:
        return [span_from_row(row) for row in rows_in(
            self.conn, f"SELECT {SPAN_SELECT} FROM spans WHERE id IN ({{}})", list(span_ids))]

    def links_of_spans(self, span_ids: Iterable[int]) -> list[EntityLink]:
        return [EntityLink(*row) for row in rows_in(
            self.conn, "SELECT span_id, entity_id, doc_id FROM entity_links WHERE span_id IN ({}) "
            "ORDER BY span_id", list(span_ids))]

    def links_of_entity(self, entity_id: int) -> list[EntityLink]:
        return [EntityLink(*row) for row in self.conn.execute(
            "SELECT span_id, entity_id, doc_id FROM entity_links WHERE entity_id = ? "
            "ORDER BY doc_id, span_id",
            (entity_id,))]

    def links_of(self, doc_id: int) -> list[EntityLink]:
        return [EntityLink(*row) for row in self.conn.execute(
            "SELECT span_id, entity_id, doc_id FROM entity_links WHERE doc_id = ? ORDER BY span_id",
            (doc_id,))]

    def links_between(self, low: int, high: int) -> dict[int, list[EntityLink]]:
        grouped: dict[int, list[EntityLink]] = {}
        for row in self.conn.execute("SELECT span_id, entity_id, doc_id FROM entity_links "
                                     "WHERE doc_id BETWEEN ? AND ? ORDER BY span_id", (low, high)):
            grouped.setdefault(row[2], []).append(EntityLink(*row))
        return grouped

    def unlinked_spans(self, label: str, key: str, doc_id: int | None = None) -> list[Span]:
        """The entity spans labelled ``label`` whose text folds to ``key`` (in ``doc_id``, or anywhere),
        linked to no entity."""
        where, params = ("", ()) if doc_id is None else ("AND doc_id = ?", (doc_id,))
        return [span_from_row(row) for row in self.conn.execute(
            f"SELECT {SPAN_SELECT} FROM spans WHERE kind = ? AND label = ? {where} AND fold(text) = ? "
            "AND NOT EXISTS (SELECT 1 FROM entity_links WHERE span_id = spans.id) ORDER BY doc_id, start",
            (ENTITY, label, *params, key))]

    def unlinked_texts(self, label: str) -> list[tuple[str, int]]:
        """Each text of the unlinked entity spans labelled ``label``, with how many there are (most first):
        where aliases are found among the mentions nobody linked yet."""
        return [(text, count) for text, count in self.conn.execute(
            "SELECT text, count(*) FROM spans WHERE kind = ? AND label = ? "
            "AND NOT EXISTS (SELECT 1 FROM entity_links WHERE span_id = spans.id) "
            "GROUP BY text ORDER BY count(*) DESC, text", (ENTITY, label))]

    def link_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM entity_links").fetchone()[0]

    def all_links(self) -> Iterator[EntityLink]:
        """Every link in span order, for ``check``."""
        for row in self.conn.execute("SELECT span_id, entity_id, doc_id FROM entity_links ORDER BY span_id"):
            yield EntityLink(*row)
