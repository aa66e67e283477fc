"""The error table is the one source of user-facing wording: every code is used, none is worded twice,
every raise site outside the GUI names a code, and docs/errors.md is the table as it is today.

Regenerate docs/errors.md with ``python -m tests.test_errors`` after changing the table.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from annotator.errors import CODES, AnnotatorError, Errors, Hints, disk_full
from annotator.formats.records import Rejected

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "annotator"
DOC = ROOT / "docs" / "errors.md"
AREAS = {"0": "The project file and its folder", "1": "Import", "2": "Export", "3": "Schema",
         "4": "Annotation rules", "5": "Training and spaCy pipelines",
         "6": "Entities, links and event records", "7": "Teams"}
# Exceptions whose first argument is a message: each must be given a code from the table.
RAISED = {"AnnotatorError", "DiskFull", "ProjectInUse", "ProjectReadOnly", "BadRecord", "LineError",
          "Refused"}


def sources() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "gui" not in path.relative_to(PACKAGE).parts)


def calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in RAISED | {"Rejected"}]


def test_every_code_is_used_somewhere() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources())
    used = set(re.findall(r"\bErrors\.(E\d{3})\b", text))
    assert sorted(set(CODES) - used) == []


def test_no_two_codes_share_a_wording() -> None:
    by_template: dict[str, list[str]] = {}
    for code, message in CODES.items():
        by_template.setdefault(str(message), []).append(code)
    assert [codes for codes in by_template.values() if len(codes) > 1] == []


def test_codes_sit_in_their_area_and_templates_are_one_line() -> None:
    for code, message in CODES.items():
        assert code[1] in AREAS and message.code == code
        assert "\n" not in message and not message.endswith((".", " "))
        list(string.Formatter().parse(message))  # a broken template fails here, not in front of a user


def test_every_raise_site_outside_the_gui_names_a_code() -> None:
    uncoded = []
    for path in sources():
        for call in calls(path):
            name = getattr(call.func, "id", None) or call.func.attr
            if name == "Rejected":
                coded = len(call.args) + len(call.keywords) >= 3
            else:
                message = call.args[1 if name == "LineError" else 0]  # a brat line error: line first
                coded = (isinstance(message, ast.Attribute) and isinstance(message.value, ast.Name)
                         and message.value.id == "Errors")
            if not coded:
                uncoded.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert uncoded == []


def test_an_error_carries_its_code_fields_and_hint() -> None:
    error = AnnotatorError(Errors.E019, where="p.annotator", status="later", statuses="new, done")
    assert (error.code, error.message) == ("E019", "unknown status 'later'")
    assert str(error) == "p.annotator: unknown status 'later' (use one of new, done)"
    assert AnnotatorError(Errors.E001, hint="choose a new backup name").hint == "choose a new backup name"
    moved = error.restated(where="q.annotator", hint=Hints.NOTHING_EXPORTED)
    assert (moved.code, moved.message, moved.where) == ("E019", error.message, "q.annotator")
    assert disk_full("p.annotator").code == "E020"
    assert Rejected.of(error, "f.jsonl, line 2") == Rejected("f.jsonl, line 2", error.message, "E019")


@pytest.mark.parametrize("code", ["E020", "E418"])
def test_coded_errors_round_trip_through_code_and_message(code: str) -> None:
    error = AnnotatorError.coded(code, "worded {already}")
    assert (error.code, error.message, error.hint) == (code, "worded {already}", CODES[code].hint)


def reference() -> str:
    """docs/errors.md as the table says it should read."""
    lines = ["# Error codes", "",
             "Every problem the annotator reports has a code; the command line prints it first "
             "(`error: [E012] notes.annotator: this file is not an annotator project`). "
             "`{name}` parts are filled in with the file, label, line or value concerned.",
             "This page is generated from `annotator/errors.py` (`python -m tests.test_errors`)."]
    area = None
    for code, message in CODES.items():
        if code[1] != area:
            area = code[1]
            lines += ["", f"## {AREAS[area]} ({code[0]}{area}xx)", "", "| Code | Message | Hint |",
                      "| --- | --- | --- |"]
        cells = [code, str(message), message.hint or ""]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def test_the_error_page_is_the_table() -> None:
    assert DOC.read_text(encoding="utf-8") == reference(), "run: python -m tests.test_errors"


def test_the_readme_explains_the_codes_by_area() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Error codes"):readme.index("## Where your data lives")]
    assert "docs/errors.md" in section
    assert all(f"E{area}xx" in section for area in AREAS)
    example = re.search(r"error: \[(E\d{3})\] ", section)
    assert example and example.group(1) in CODES


if __name__ == "__main__":
    DOC.write_text(reference(), encoding="utf-8")
