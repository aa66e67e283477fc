"""The strict YAML side of :mod:`annotator.core.schema_file`, apart so PyYAML is imported only when a
YAML schema file is read (opening a project reads its schema from the project, as JSON)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

from annotator.core.schema_file import MAX_DEPTH, Refused, at, describe
from annotator.errors import AnnotatorError, Errors


class _StrictYamlLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases while composing, so nothing is ever expanded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise Refused(Errors.E307, line)
        if self._depth >= MAX_DEPTH:
            raise Refused(Errors.E308, line, depth=MAX_DEPTH)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise Refused(Errors.E309, line)
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # the base class refuses it with its own message
            if key in seen:
                raise Refused(Errors.E310, line, key=describe(key))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:  # Python refuses to convert more than 4300 digits
            raise Refused(Errors.E311, node.start_mark.line + 1) from exc


_StrictYamlLoader.add_constructor("tag:yaml.org,2002:int", _StrictYamlLoader.construct_yaml_int)


def parse_yaml(text: str, where: str) -> Any:
    """Parse one YAML document with :class:`_StrictYamlLoader`; every failure is one message line."""
    try:
        loader = _StrictYamlLoader(text)  # the reader refuses control characters here already
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except Refused as refused:
        raise refused.error(where) from refused
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise AnnotatorError(Errors.E305, where=at(where, line),
                             problem=f"character U+{exc.character:04X} is not allowed") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = ", ".join(part for part in (exc.context, exc.problem) if part)
        raise AnnotatorError(Errors.E305, where=at(where, mark.line + 1 if mark else None),
                             problem=_one_line(problem)) from exc


def _one_line(text: str) -> str:
    return " ".join(text.split())
