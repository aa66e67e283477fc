"""The README tells the truth: its commands, shortcuts, options, schema and export examples are the real ones.

Each check reads README.md and compares it with what the code does today, so a renamed option, a new
shortcut or a changed export record fails here until the README says so too. A failing example check
prints the real output to paste.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import replace
from pathlib import Path

import click
import pytest
from PySide6.QtGui import QKeySequence

from annotator.cli import cli
from annotator.core.model import (
    ON_EVENT,
    TRIGGER,
    Annotated,
    Argument,
    AttributeValue,
    Event,
    Note,
    Relation,
    Span,
)
from annotator.core.schema import load_schema
from annotator.gui import keymap
from annotator.gui.palette import key_text
from annotator.project import BUILTIN_SCHEMAS, Project, resolve_schema
from tests.gui.builders import article, open_window, preferences_fixture  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PORTABLE = QKeySequence.SequenceFormat.PortableText
TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")
CODE = re.compile(r"`([^`]+)`")


def section(heading: str) -> str:
    """The README from the heading that starts with ``heading`` up to the next heading of its level.

    A line inside a fenced code block is never a heading (``# comment`` lines are common there).
    """
    level, in_code, lines = 0, False, []
    for line in README.splitlines():
        in_code = in_code != line.startswith("```")
        marks = "" if in_code else re.match(r"#*", line).group()
        if level and marks and len(marks) <= level and line[len(marks):].startswith(" "):
            break
        if level:
            lines.append(line)
        elif marks and line[len(marks):].startswith(f" {heading}"):
            level = len(marks)
    assert level, f"README has no heading starting with {heading!r}"
    return "\n".join(lines)


def fenced_block(marker: str) -> str:
    """The fenced code block right after ``<!-- example: marker -->``, without its fences."""
    match = re.search(rf"<!-- example: {re.escape(marker)} -->\n```[a-z]*\n(.*?)\n```", README, re.DOTALL)
    assert match, f"README has no fenced block marked <!-- example: {marker} -->"
    return match.group(1)


def table_cells(text: str) -> list[list[str]]:
    """The cells of every Markdown table row in ``text`` (separator rows included, harmlessly)."""
    return [[cell.strip() for cell in match.group(1).split("|")]
            for match in map(TABLE_ROW.match, text.splitlines()) if match]


# -- quick start -----------------------------------------------------------------------------------


def test_quick_start_is_two_command_lines_and_ci_runs_the_test_line() -> None:
    block = re.search(r"```sh\n(.*?)\n```", section("Quick start"), re.DOTALL)
    assert block, "the Quick start section needs one sh code block"
    lines = block.group(1).splitlines()
    assert lines == ["pip install -e . && annotator", 'pip install -e ".[test]" && python -m pytest']
    assert lines[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_quick_start_promises_what_the_test_setup_does() -> None:
    conftest = (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert 'os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")' in conftest
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.10"' in pyproject and "Python 3.10 or newer" in README


# -- paths and commands the README names -----------------------------------------------------------


def test_every_repository_path_the_readme_names_exists() -> None:
    prose = re.sub(r"```.*?```", "", README, flags=re.DOTALL)
    named = set(CODE.findall(prose)) | set(re.findall(r"\]\(((?:docs|resources)/[^)]+)\)", prose))
    roots = ("annotator/", "tests/", "packaging/", "resources/", "docs/", ".ci/")
    paths = {token.split()[-1] for token in named if token.split() and token.split()[-1].startswith(roots)}
    paths = {path for path in paths if "*" not in path and "<" not in path}
    assert {"docs/screenshots/light-1280x720.png", "docs/screenshots/dark-1920x1080.png",
            "packaging/build.sh", "tests/gui/builders.py"} <= paths
    missing = sorted(path for path in paths if not (ROOT / path).exists())
    assert not missing, f"README names paths that do not exist: {missing}"


def test_benchmark_and_screenshot_commands_name_real_scripts() -> None:
    scripts = set(re.findall(r"python (tests/benchmarks/\w+\.py)", README))
    shipped = {str(path.relative_to(ROOT)) for path in (ROOT / "tests" / "benchmarks").glob("bench_*.py")}
    assert scripts == shipped
    assert "python -m tests.gui.make_screenshot" in README
    assert (ROOT / "tests" / "gui" / "make_screenshot.py").is_file()


# -- command line ----------------------------------------------------------------------------------


def test_every_command_and_option_is_in_the_command_line_reference() -> None:
    reference = section("Command line")
    missing = []
    for option in cli.params:
        missing += [name for name in option.opts if f"`annotator {name}`" not in reference]
    for name, command in cli.commands.items():
        if f"### annotator {name}" not in reference:
            missing.append(f"### annotator {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                missing += [opt for opt in param.opts if f"`{opt}" not in reference]
    assert not missing, f"missing from the README's command line reference: {missing}"
    assert "`annotator PROJECT`" in reference


def test_export_formats_in_the_readme_are_the_exporters() -> None:
    export_format = next(p for p in cli.commands["export"].params if p.name == "fmt")
    headings = re.findall(r"^### (\w+) ", section("Export formats"), re.MULTILINE)
    assert headings == list(export_format.type.choices)


# -- schema ----------------------------------------------------------------------------------------


def test_the_schema_example_is_a_valid_schema(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(fenced_block("schema"), encoding="utf-8")
    schema = load_schema(path)
    attack = schema.event_type("Conflict.Attack")
    assert attack.role("Victim").required and not attack.role("Time").repeat
    assert attack.role("Place").fillers == ()
    assert not schema.entity_label("DATE").allow_overlap


# -- keyboard shortcuts ----------------------------------------------------------------------------


def schema_key_table(schema_name: str) -> dict[str, str]:
    """The README's label-key table for one shipped schema, as {label or event type: key}."""
    match = re.search(rf"^Label keys of the `{schema_name}` schema.*?\n\n((?:\|.*\n)+)", README,
                      re.MULTILINE)
    assert match, f"README has no label-key table for the {schema_name} schema"
    pairs = {}
    for cells in table_cells(match.group(1))[2:]:
        for key_cell, name in zip(cells[::2], cells[1::2], strict=True):
            if key_cell:
                pairs[name] = CODE.fullmatch(key_cell).group(1)
    return pairs


def keymap_rows() -> list[list[str]]:
    """The README's shortcut table as the keymap gives it: keys, what they do, menu or area."""
    return [[", ".join(f"`{key.toString(PORTABLE)}`" for key in keymap.sequences(binding.id))
             or "from the schema", binding.title, binding.group] for binding in keymap.KEYMAP.values()]


def test_the_readme_shortcut_table_is_the_keymap(qapp) -> None:
    text = section("Keyboard shortcuts")
    table = re.search(r"^\| Keys \|.*?\n\n", text, re.MULTILINE | re.DOTALL)
    assert table, "the Keyboard shortcuts section needs the | Keys | What it does | Menu | table"
    expected = keymap_rows()
    paste = "\n".join(f"| {' | '.join(row)} |" for row in expected)
    assert table_cells(table.group())[2:] == expected, f"paste this table into the README:\n{paste}"


@pytest.mark.parametrize("name", list(BUILTIN_SCHEMAS))
def test_the_readme_lists_the_label_keys_of_each_shipped_schema(name: str) -> None:
    schema = resolve_schema(name)
    expected = {item.name: key_text(item.key) for item in (*schema.entity_labels, *schema.event_types)
                if item.key}
    assert schema_key_table(name) == expected


# -- export examples -------------------------------------------------------------------------------

EXAMPLE_TEXT = "Rebels of the Free Army shelled Raqqa on Monday."
TAGGED_AT = "2024-03-18T09:30:00+00:00"


def tagged(start: int, end: int, label: str, kind: str = "entity") -> Span:
    return Span(start, end, label, kind, annotator="amira", source="manual", created_at=TAGGED_AT)


def example_article() -> Annotated:
    """The README's example document, with fixed provenance so every export of it is byte-stable: two
    ORGs linked by member_of, an attack with two roles, two attribute values and a note on the event."""
    spans = (tagged(0, 6, "ORG"), tagged(14, 23, "ORG"), tagged(24, 31, "Conflict.Attack", TRIGGER),
             tagged(32, 37, "GPE"), tagged(41, 47, "DATE"))
    attack = Event("Conflict.Attack", 2, (Argument("Attacker", 0), Argument("Place", 3)),
                   annotator="amira", source="manual", created_at=TAGGED_AT)
    member_of = Relation("member_of", 0, 1, annotator="amira", source="manual", created_at=TAGGED_AT)
    values = (AttributeValue("Polarity", "Positive", ON_EVENT, 0),
              AttributeValue("Tense", "Past", ON_EVENT, 0))
    note = Note("Casualty figures not yet confirmed", ON_EVENT, 0, annotator="amira", created_at=TAGGED_AT)
    item = article("Shelling in Raqqa", EXAMPLE_TEXT, spans)
    document = replace(item.document, meta={"url": "https://example.org/raqqa"}, status="done")
    return Annotated(document, spans, (attack,), (member_of,), values, (note,))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """A news project holding the example document, exported in every format into one folder."""
    folder = tmp_path_factory.mktemp("readme-examples")
    path = folder / "example.annotator"
    with Project.create(path, "news", annotator="amira") as project, project.store.atomic():
        project.store.insert_annotated([example_article()], annotator="amira", source="manual")
    with Project.open(path, writer=False) as project:
        for fmt, name in (("jsonl", "example.jsonl"), ("spacy", "example.spacy"), ("brat", "brat"),
                          ("doccano", "example.doccano.jsonl"), ("conll", "example.conll"),
                          ("dygiepp", "example.dygiepp.jsonl"), ("textee", "example.textee.jsonl")):
            project.export(folder / name, fmt)
    return folder


def assert_matches_readme(marker: str, written: str) -> None:
    assert fenced_block(marker) == written.rstrip("\n"), (
        f"the README's {marker} example is not what the exporter writes; the real output is:\n{written}")


def test_the_jsonl_example_is_exactly_the_exported_line(exported: Path) -> None:
    written = (exported / "example.jsonl").read_text(encoding="utf-8")
    assert written.count("\n") == 1 and written.endswith("\n")
    assert_matches_readme("jsonl", written)


@pytest.mark.parametrize(("marker", "name"), [
    ("doccano", "example.doccano.jsonl"),
    ("conll", "example.conll"),
    ("dygiepp", "example.dygiepp.jsonl"),
    ("textee", "example.textee.jsonl"),
    ("brat-ann", "brat/000001-shelling-in-raqqa.ann"),
])
def test_text_format_examples_are_the_exported_files(exported: Path, marker: str, name: str) -> None:
    assert_matches_readme(marker, (exported / name).read_text(encoding="utf-8"))


def test_the_annotation_conf_excerpt_is_lines_of_the_real_file_in_order(exported: Path) -> None:
    real = (exported / "brat" / "annotation.conf").read_text(encoding="utf-8").splitlines()
    position = 0
    for line in fenced_block("brat-conf").splitlines():
        assert line in real[position:], f"annotation.conf has no line {line!r} after line {position}"
        position = real.index(line, position) + 1


def test_the_spacy_snippet_prints_what_the_readme_shows(exported: Path, monkeypatch) -> None:
    monkeypatch.chdir(exported)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(fenced_block("spacy-code"), "README spacy example", "exec"), {})
    assert fenced_block("spacy-output") == printed.getvalue().rstrip("\n"), printed.getvalue()
