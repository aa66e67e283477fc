"""Checks of single schema fields, shared by the schema's parts: every message names the entry."""

from __future__ import annotations

import unicodedata

from annotator.core.schema_file import describe
from annotator.errors import AnnotatorError, Errors

# Characters no name may contain: controls (tab, newline, NUL, escape), line and paragraph separators,
# lone surrogates (unstorable) and format characters, which are invisible or reorder the text around
# them (bidi overrides, zero-width space, BOM), so two names would look alike and a label could hide.
_FORBIDDEN_IN_NAMES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Except the zero-width (non-)joiners: Persian and Indic words need them to be spelt right.
_JOINERS = frozenset("\u200c\u200d")


def field_list(data: dict, key: str, where: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise AnnotatorError(Errors.E317, where=where, key=key, value=describe(value))
    return value


def unique(names: list[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise AnnotatorError(Errors.E318, where=where, what=what, name=describe(name))
        seen.add(name)


def check_name(name: str, where: str) -> None:
    """Refuse a name that is not one line of visible text (see ``_FORBIDDEN_IN_NAMES``)."""
    for char in name:
        if char not in _JOINERS and unicodedata.category(char) in _FORBIDDEN_IN_NAMES:
            raise AnnotatorError(Errors.E319, where=where, name=describe(name), code=ord(char))


def short(name: str) -> str:
    """A name as shown in ``where``: long names are cut so a message stays one readable line."""
    return name if len(name) <= 60 else name[:57] + "..."


def text(item: dict, key: str, where: str) -> str:
    """An optional free-text field: a string (newlines allowed), or empty/absent."""
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnnotatorError(Errors.E320, where=where, key=key, value=describe(value))
    if any(unicodedata.category(char) == "Cs" for char in value):
        raise AnnotatorError(Errors.E321, where=where, key=key)
    return value


def flag(item: dict, key: str, default: bool, where: str) -> bool:
    """A real boolean: ``bool("false")`` is True, so strings and numbers are refused, not converted."""
    value = item.get(key, default)
    if not isinstance(value, bool):
        raise AnnotatorError(Errors.E322, where=where, key=key, value=describe(value))
    return value


def names(item: dict, key: str, what: str, where: str) -> list[str]:
    """An optional list of one-line strings (triggers, fillers)."""
    values = field_list(item, key, where)
    for value in values:
        if not isinstance(value, str):
            raise AnnotatorError(Errors.E323, where=where, key=key, what=what, value=describe(value))
        check_name(value, where)
    return values
