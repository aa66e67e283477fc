"""A strict check of an exported brat folder against brat's documented standoff rules.

Each line type's grammar, unique ids, references to lines of the same file, a T line's text equal to its
fragments' text (joined by a space) and inside the text, an event's trigger of the event's own type, no
blank lines, ``N`` normalization lines on T lines, ``*`` lines naming T lines (with no id of their own) of
a type declared transitive (``Equiv`` included: brat flags an undeclared one), and every type, role and
attribute declared in ``annotation.conf``; a relation type may share its name with a span type (separate
sections).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

_NAME = r"[A-Za-z0-9_-]+"
_T = re.compile(rf"(T\d+)\t({_NAME}) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_E = re.compile(rf"(E\d+)\t({_NAME}):(T\d+)((?: {_NAME}:[TE]\d+)*)")
_R = re.compile(rf"(R\d+)\t({_NAME}) Arg1:(T\d+) Arg2:(T\d+)")
_A = re.compile(rf"(A\d+)\t({_NAME}) ([TER]\d+)(?: (\S+))?")
_NOTE = re.compile(r"(#\d+)\tAnnotatorNotes ([TER]\d+)\t([^\n]*)")
_N = re.compile(r"(N\d+)\tReference (T\d+) ([^\s:]+:\S+)\t([^\n]*)")
_EQUIV = re.compile(rf"\*\t({_NAME})((?: T\d+){{2,}})")


def conf_sections(conf: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in conf.splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif line.strip() and not line.startswith("#") and current is not None:
            current.append(line)
    return sections


def check_brat_folder(folder: Path) -> None:
    sections = conf_sections((folder / "annotation.conf").read_text(encoding="utf-8"))
    entities = set(sections["entities"])
    events = {line.split("\t")[0]: line for line in sections["events"]}
    relations: dict[str, str] = {}
    for line in sections["relations"]:  # a type on several lines: its declarations together
        name, _, declaration = line.partition("\t")
        relations[name] = relations.get(name, "") + " " + declaration
    attributes = {line.split("\t")[0]: line for line in sections["attributes"]}
    assert not entities & set(events), "an event type under [entities] stops being an event in brat"
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        check_ann(ann.read_text(encoding="utf-8"), text, entities, events, relations, attributes)


def check_ann(ann: str, text: str, entities: set[str], events: dict[str, str], relations: dict[str, str],
              attributes: dict[str, str]) -> None:
    assert ann == "" or ann.endswith("\n")
    lines = ann.split("\n")[:-1]
    assert all(line.strip() for line in lines), "brat's parser rejects blank lines"
    types: dict[str, str] = {}
    later: list[tuple[str, str]] = []
    for line in lines:
        identifier = line.split("\t", 1)[0]
        assert identifier == "*" or identifier not in types, f"id {identifier} twice"
        if (match := _T.fullmatch(line)) is not None:
            _, label, offsets, surface = match.groups()
            pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
            assert all(0 <= start < end <= len(text) for start, end in pieces), line
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(pieces)), line
            assert surface == " ".join(text[start:end] for start, end in pieces), line
            assert label in entities or label in events, f"undeclared type {label}"
            types[identifier] = label
        elif identifier != "*":
            types[identifier] = "?"
            later.append((identifier, line))
        else:
            later.append((identifier, line))
    for identifier, line in later:
        if (match := _E.fullmatch(line)) is not None:
            event_type, trigger = match.group(2), match.group(3)
            assert event_type in events and types[trigger] == event_type, f"trigger type differs: {line}"
            for slot in match.group(4).split():
                role, target = slot.split(":")
                assert target in types, line
                assert re.sub(r"\d+$", "", role) in events[event_type], f"undeclared role {role}"
            types[identifier] = event_type
        elif (match := _R.fullmatch(line)) is not None:
            assert match.group(2) in relations and {match.group(3), match.group(4)} <= set(types), line
        elif (match := _A.fullmatch(line)) is not None:
            _, name, target, value = match.groups()
            assert name in attributes and target in types, line
            if value is not None:
                assert value in attributes[name].split("Value:")[1].split("|"), f"undeclared value: {line}"
        elif (match := _NOTE.fullmatch(line)) is not None:
            assert match.group(2) in types, line
        elif (match := _N.fullmatch(line)) is not None:  # normalization: a T line's DB:ID
            assert types.get(match.group(2), "?") != "?", line
        elif (match := _EQUIV.fullmatch(line)) is not None:  # no id; a declared transitive relation type
            members = match.group(2).split()
            assert match.group(1) in relations and set(members) <= set(types), f"undeclared type: {line}"
            declared = relations[match.group(1)]
            assert "transitive" in declared, f"{match.group(1)} is not declared transitive: {line}"
            if "<ENTITY>" in declared:
                assert all(types[m] in entities for m in members), f"a member is no entity: {line}"
            assert len(set(members)) == len(members) and all(types[m] != "?" for m in members), line
        else:
            raise AssertionError(f"not a brat standoff line: {line!r}")
