"""The project search's query: what to find, and the one parser of the small syntax the CLI and the
search box share.

``"Abu Kamal" label:GPE entity:Q123 type:Conflict.Attack role:Attacker attr:Polarity=Negative
status:done by:alice``: free words (or a quoted phrase) are the text to find, case and diacritics set
aside; ``exact:"ISIS"`` finds the text as written. Every other term is ``key:value`` (a value in quotes
may hold spaces). Terms of different keys must all hold; repeating a key accepts any of its values
(``label:GPE label:LOC``).

Without text or annotation terms a hit is a place in a text; with any annotation term (label, entity,
type, role, attr, by) a hit is an annotated span, and the text, if any, must be inside it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from annotator.core.folding import fold
from annotator.core.model import STATUSES
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors

KEYS = ("exact", "label", "entity", "type", "role", "attr", "status", "by")
_TERM = re.compile(r'\s*(?:(?P<key>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]+))?')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchQuery:
    """What to find. Each tuple is the accepted values of one key (empty: any)."""

    text: str = ""
    exact: bool = False
    labels: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    statuses: tuple[str, ...] = ()
    annotators: tuple[str, ...] = ()
    source: str = field(default="", compare=False)

    @property
    def annotation_terms(self) -> bool:
        return bool(self.labels or self.entities or self.event_types or self.roles or self.attributes
                    or self.annotators)

    @property
    def on_spans(self) -> bool:
        """Whether a hit is an annotated span (some annotation term, or no text) rather than a place in a
        text."""
        return self.annotation_terms or not self.text

    def words(self) -> list[str]:
        """The text's words as the full-text index sees them: folded runs of letters and digits."""
        return _WORD.findall(fold(self.text))

    def text_pattern(self) -> re.Pattern[str]:
        """The text as a pattern over a text folded by :func:`folded_with_offsets` (or the original text,
        when ``exact``): the words in order, anything but letters and digits between them, ending a word."""
        if self.exact:
            words = [re.escape(word) for word in re.findall(r"[^\W_]+", self.text)]
        else:
            words = [re.escape(word) for word in self.words()]
        # No look-behind in front: a pattern that starts with its first word is searched for that word
        # at C speed; whether a word starts there is checked on each match (:func:`_starts_word`).
        return re.compile(r"[\W_]+".join(words) + r"(?![^\W_])")


@dataclass(frozen=True)
class SpanTerms:
    """A query's annotation and document terms as the store asks them (entities resolved to ids)."""

    labels: Sequence[str] = ()
    entity_ids: Sequence[int] = ()
    event_types: Sequence[str] = ()
    roles: Sequence[str] = ()
    attributes: Sequence[tuple[str, str]] = ()
    statuses: Sequence[str] = ()
    annotators: Sequence[str] = ()
    fulltext: str = ""  # a full-text query the span's document must match (empty: none)
    text_holds: Callable[[str], bool] | None = None  # whether a span's text holds the query's text


def text_test(query: SearchQuery) -> Callable[[str], bool]:
    """Whether a span's text holds the query's text, each distinct text looked at once (span texts repeat:
    a name in a thousand reports)."""
    pattern, seen = query.text_pattern(), {}

    def holds(text: str) -> bool:
        found = seen.get(text)
        if found is None:
            found = seen[text] = bool(find_in_text(query, text, pattern))
        return found

    return holds


def parse_query(source: str) -> SearchQuery:
    """The query ``source`` states; a coded :class:`AnnotatorError` (E670–E677) when it is not one."""
    if source.count('"') % 2:
        raise AnnotatorError(Errors.E672)
    text: list[str] = []
    exact = False
    values: dict[str, list[str]] = {key: [] for key in KEYS}
    position = 0
    while position < len(source):
        match = _TERM.match(source, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        key, value = match.group("key"), match.group("quoted")
        if value is None:
            value = match.group("bare")
        if key is None:
            if value is not None:
                text.append(value)
            continue
        key = key.lower()
        if key not in KEYS:
            raise AnnotatorError(Errors.E670, key=key, keys=", ".join(KEYS))
        if not value:
            raise AnnotatorError(Errors.E671, key=key)
        if key == "exact":
            exact = True
            text.append(value)
        else:
            values[key].append(value)
    return _checked(SearchQuery(
        text=" ".join(text), exact=exact, labels=tuple(values["label"]), entities=tuple(values["entity"]),
        event_types=tuple(values["type"]), roles=tuple(values["role"]),
        attributes=tuple(_attribute(value) for value in values["attr"]),
        statuses=tuple(values["status"]), annotators=tuple(values["by"]), source=source))


def _attribute(value: str) -> tuple[str, str]:
    name, equals, wanted = value.partition("=")
    if not equals or not name or not wanted:
        raise AnnotatorError(Errors.E673, value=value)
    return name, wanted


def _checked(query: SearchQuery) -> SearchQuery:
    if not query.text and not query.annotation_terms and not query.statuses:
        raise AnnotatorError(Errors.E676)
    for status in query.statuses:
        if status not in STATUSES:
            raise AnnotatorError(Errors.E674, value=status, statuses=", ".join(STATUSES))
    if query.text and not query.words():
        raise AnnotatorError(Errors.E677, text=query.text)
    return query


def folded_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded character by character (case and diacritics set aside, as :func:`fold` does, but
    keeping every space), and for each folded character the offset of the character it came from (None
    when every character folds to one, so offsets are unchanged: the common case, done mostly in C)."""
    lowered = text.lower()
    if text.isascii():
        return lowered, None
    if len(lowered) == len(text):
        folds = {char: _fold_char(char) for char in set(_NON_ASCII.findall(lowered))}
        if all(len(folded) == 1 for folded in folds.values()):
            return _NON_ASCII.sub(lambda match: folds[match.group()], lowered), None
    pieces, offsets = [], []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(pieces), offsets


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded (a space stays a space, so offsets stay put)."""
    if char.isascii():
        return char.lower()
    return fold(char) or (" " if char.isspace() else "")


def find_in_text(query: SearchQuery, text: str, pattern: re.Pattern[str] | None = None
                 ) -> list[tuple[int, int]]:
    """Every place (start, end, in code points of ``text``) where the query's text is, as whole words."""
    pattern = pattern or query.text_pattern()
    searched, offsets = (text, None) if query.exact else folded_with_offsets(text)
    found = [match.span() for match in pattern.finditer(searched) if _starts_word(searched, match.start())]
    if offsets is None:
        return found
    return [(offsets[start], offsets[end - 1] + 1) for start, end in found]


_WORD_CHAR = re.compile(r"[^\W_]")


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or _WORD_CHAR.match(text, start - 1) is None


def in_schema(query: SearchQuery, schema: Schema) -> SearchQuery:
    """The query with its label, type, role and attribute names (and enum values) spelt as the schema spells
    them, case set aside (``label:gpe`` finds GPE); a name the schema lacks is refused (E751) rather than
    searched for in vain (it gave "0 hits", as if nothing were tagged so)."""
    events = [event.name for event in schema.event_types]
    labels = [label.name for label in schema.entity_labels] + events
    roles = sorted({role.name for event in schema.event_types for role in event.roles})
    definitions = {definition.name: definition for definition in schema.attributes}
    attributes = []
    for name, value in query.attributes:
        name = _spelt(f"attr:{name}", name, list(definitions), "attribute")
        values = list(definitions[name].values) if definitions[name].type == "enum" else []
        if values:
            value = _spelt(f"attr:{name}={value}", value, values, f"value of {name}")
        attributes.append((name, value))
    return replace(
        query, labels=tuple(_spelt(f"label:{value}", value, labels, "label or event type")
                            for value in query.labels),
        event_types=tuple(_spelt(f"type:{value}", value, events, "event type")
                          for value in query.event_types),
        roles=tuple(_spelt(f"role:{value}", value, roles, "role") for value in query.roles),
        attributes=tuple(attributes))


def _spelt(term: str, value: str, names: list[str], what: str) -> str:
    if value in names:
        return value
    same = [name for name in names if name.casefold() == value.casefold()]
    if len(same) == 1:
        return same[0]
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    raise AnnotatorError(Errors.E751, term=term, what=what, names=shown or "none")
