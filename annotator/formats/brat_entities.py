"""brat's normalization (``N``) and equivalence (``*``) lines for links to the entity registry.

Each linked span gets ``N1<TAB>Reference T1 wikidata:Q42<TAB>name``: the entity's ``scheme:id``, or, for
an entity without one, ``annotator:<its id in the project>`` so that the mentions of one entity still
share a reference. The mentions of one entity in one document are also listed as brat's in-document
coreference, ``*<TAB>Equiv T1 T3 T5``. Reading back, the ``N`` lines give each span its entity (named
after the line's text, ``annotator:`` references carrying no external id), and an ``Equiv`` line whose
type the schema does not declare as a relation links its spans to one entity (the first linked one,
or a new one named after the first mention).

brat itself wants every type an .ann file uses declared, so ``annotation.conf`` declares ``Equiv`` as brat's
coreference relation (:data:`EQUIV_DECLARATION`, symmetric-transitive between any entities) under a
comment that marks it as ours (:data:`EQUIV_MARK`); a schema derived from that file
(``brat_conf_schema``) leaves the marked line out, so a re-import still reads the lines as links rather
than as a relation type the schema declares.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from annotator.core.model import OWN_SCHEME, Annotated, Entity, EntityLink
from annotator.core.schema import Schema
from annotator.errors import Errors
from annotator.formats.records import LineError

REFERENCE = "Reference"
EQUIV = "Equiv"
EQUIV_MARK = "# annotator: Equiv is entity coreference (links to the project's entities), not a relation type"
EQUIV_DECLARATION = f"{EQUIV}\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive"


def equiv_conf(schema: Schema) -> list[str]:
    """The ``[relations]`` lines declaring the coreference type, unless the schema has a relation of its
    own named so (whose declaration stands, and whose ``*`` lines a re-import reads as relations)."""
    return [] if schema.relation_type(EQUIV) is not None else [EQUIV_MARK, EQUIV_DECLARATION]


def entity_lines(item: Annotated, t_number: dict[int | None, int]) -> list[str]:
    """The ``N`` and ``*`` lines of a stored document's links whose spans were written as T lines."""
    entities = {entity.id: entity for entity in item.entities}
    lines: list[str] = []
    mentions: dict[int, list[int]] = {}
    for link in sorted((link for link in item.links if link.span_id in t_number),
                       key=lambda link: t_number[link.span_id]):
        entity, number = entities[link.entity_id], t_number[link.span_id]
        lines.append(f"N{len(lines) + 1}\t{REFERENCE} T{number} {entity.reference()}\t{entity.name}")
        mentions.setdefault(entity.id, []).append(number)
    lines += [f"*\t{EQUIV} " + " ".join(f"T{number}" for number in numbers)
              for numbers in mentions.values() if len(numbers) > 1]
    return lines


@dataclass
class EntityLines:
    """The ``N`` lines and the coreference ``*`` lines of one .ann file, until its T lines are read."""

    schema: Schema
    normalizations: list[tuple[int, str]] = field(default_factory=list)
    equivalences: list[tuple[int, str]] = field(default_factory=list)

    def take(self, number: int, line: str) -> bool:
        if line[0] == "N":
            self.normalizations.append((number, line))
            return True
        kind = line.partition("\t")[2].split(" ", 1)[0]
        if line[0] == "*" and kind == EQUIV and self.schema.relation_type(EQUIV) is None:
            self.equivalences.append((number, line))
            return True
        return False

    def read(self, item: Annotated, spans: dict[str, int]) -> Annotated:
        """``item`` with the entities these lines name and its spans' links to them (as indexes)."""
        entities: list[Entity] = []
        by_reference: dict[tuple[str, str], int] = {}
        linked: dict[int, int] = {}
        for number, line in self.normalizations:
            span, reference, name = _normalization(number, line, spans)
            label = item.spans[span].label
            key = (label, reference)
            if key not in by_reference:
                scheme = reference.split(":", 1)[0]
                by_reference[key] = len(entities)
                entities.append(Entity(name or item.spans[span].text, label,
                                       external_id="" if scheme == OWN_SCHEME else reference))
            linked[span] = by_reference[key]
        for number, line in self.equivalences:
            members = line.partition("\t")[2].split()[1:]
            for member in members:
                if member not in spans:
                    raise LineError(number, Errors.E149, target=member)
            indexes = [spans[member] for member in members]
            known = next((linked[index] for index in indexes if index in linked), None)
            if known is None:
                first = item.spans[indexes[0]]
                known = len(entities)
                entities.append(Entity(first.text, first.label))
            for index in indexes:
                linked.setdefault(index, known)
        return replace(item, entities=tuple(entities),
                       links=tuple(EntityLink(span, entity) for span, entity in sorted(linked.items())))


def _normalization(number: int, line: str, spans: dict[str, int]) -> tuple[int, str, str]:
    identifier, _, rest = line.partition("\t")
    body, _, name = rest.partition("\t")
    parts = body.split()
    if len(parts) != 3 or parts[0] != REFERENCE or ":" not in parts[2]:
        raise LineError(number, Errors.E626, identifier=identifier)
    if parts[1] not in spans:
        raise LineError(number, Errors.E149, target=parts[1])
    return spans[parts[1]], parts[2], name
