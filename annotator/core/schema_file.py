"""Reading a schema file's YAML or JSON strictly, before any of it is built into Python objects.

A schema file may come from anyone, so the parsers refuse what a hand-written schema never needs and a
hostile one uses: YAML anchors and aliases (an "alias bomb" expands to gigabytes), duplicate keys (the
second silently replaced the first), nesting deeper than any schema has, numbers too long to convert.
Every refusal is one :class:`AnnotatorError` line naming the file and, where known, the line.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError, Errors, Message

MAX_DEPTH = 20  # a schema nests 6 levels (schema > event_types > event > roles > role > fillers)
MAX_BYTES = 4 * 1024 * 1024  # the shipped schemas are about 30 KB


class Refused(AnnotatorError):
    """A strict-parser refusal; ``line`` (1-based) is filled in by whoever knows it."""

    def __init__(self, message: Message, line: int | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.line = line

    def error(self, where: str) -> AnnotatorError:
        """The refusal as the error the user sees, placed at ``where`` and the line."""
        return AnnotatorError.coded(self.code, self.message, where=at(where, self.line))


def read_schema_file(path: Path) -> Any:
    """The parsed content of a ``.json`` (JSON) or any other (YAML) schema file."""
    raw = read_text_file(path)
    where = str(path)
    if path.suffix.lower() == ".json":
        return parse_json(raw, where)
    from annotator.core.strict_yaml import parse_yaml  # PyYAML: only when a YAML schema is read

    return parse_yaml(raw, where)


def read_text_file(path: Path) -> str:
    """A schema file's (or a brat ``annotation.conf``'s) text: UTF-8, at most :data:`MAX_BYTES`."""
    where = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise AnnotatorError(Errors.E302, where=where, megabytes=MAX_BYTES // (1024 * 1024))
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AnnotatorError(Errors.E303, where=where, reason=exc.strerror) from exc
    except UnicodeDecodeError as exc:
        raise AnnotatorError(Errors.E304, where=where, position=exc.start) from exc


def at(where: str, line: int | None) -> str:
    return f"{where}, line {line}" if line else where


def describe(value: Any) -> str:
    """A short one-line rendering of any parsed value for a message: never megabytes, never an error.

    (``repr`` of an int of more than 4300 digits raises, and of a deeply nested list takes a long time.)
    """
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if value is None or isinstance(value, (bool, float)):
        return repr(value)
    if isinstance(value, int):
        return repr(value) if value.bit_length() <= 64 else "a very large number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"  # YAML tags make dates, bytes, sets


# ------------------------------------------------------------------------------------------ JSON


class _StrictJsonDecoder(json.JSONDecoder):
    """A JSON decoder that refuses duplicate keys, deep nesting and over-long numbers.

    It runs the pure-Python scanner, whose object and array parsers can be wrapped to count depth and to
    tell which line a refused mapping starts on (the C scanner only calls the pairs hook, without a
    position). Schemas are small, so the slower scanner costs a few milliseconds.
    """

    def __init__(self) -> None:
        super().__init__(object_pairs_hook=_unique_pairs, parse_int=_parse_int)
        self._depth = 0
        self.parse_object = self._nested(json.decoder.JSONObject)
        self.parse_array = self._nested(json.decoder.JSONArray)
        self.scan_once = json.scanner.py_make_scanner(self)

    def _nested(self, parse: Callable[..., tuple[Any, int]]) -> Callable[..., tuple[Any, int]]:
        def parse_nested(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            text, start = s_and_end
            try:
                if self._depth >= MAX_DEPTH:
                    raise Refused(Errors.E308, depth=MAX_DEPTH)
                self._depth += 1
                try:
                    return parse(s_and_end, *args)
                finally:
                    self._depth -= 1
            except Refused as refused:
                if refused.line is None:  # the innermost mapping or list is the most precise place
                    refused.line = text.count("\n", 0, start) + 1
                raise

        return parse_nested


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise Refused(Errors.E310, key=describe(key))
        data[key] = value
    return data


def _parse_int(digits: str) -> int:
    try:
        return int(digits)
    except ValueError as exc:  # Python refuses to convert more than 4300 digits
        raise Refused(Errors.E311) from exc


def parse_json(text: str, where: str) -> Any:
    """Parse JSON with :class:`_StrictJsonDecoder`; every failure is one message line."""
    try:
        return _StrictJsonDecoder().decode(text)
    except Refused as refused:
        raise refused.error(where) from refused
    except json.JSONDecodeError as exc:
        raise AnnotatorError(Errors.E306, where=at(where, exc.lineno), problem=exc.msg) from exc
