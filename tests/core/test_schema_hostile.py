"""Hostile and malformed schema files: every one is refused with one AnnotatorError line naming the file,
the line where known, and the entry; none takes memory, time or a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.core.schema import load_schema, schema_from_dict, schema_from_json
from annotator.errors import AnnotatorError, Errors

ROOT = Path(__file__).resolve().parents[2]


def base() -> dict:
    return {
        "name": "t",
        "entity_labels": [{"name": "PERSON", "key": "p"}, {"name": "GPE"}],
        "event_types": [
            {"name": "Life.Die", "triggers": ["died"],
             "roles": [{"name": "Victim", "fillers": ["PERSON"]}, {"name": "Place", "fillers": ["GPE"]}]},
        ],
    }


def refused(data: dict) -> str:
    with pytest.raises(AnnotatorError) as caught:
        schema_from_dict(data, where="s.yaml")
    message = str(caught.value)
    assert "\n" not in message
    return message


def refused_file(path: Path) -> str:
    with pytest.raises(AnnotatorError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert message.startswith(f"{path}") and "\n" not in message
    return message


def billion_laughs(depth: int = 9) -> str:
    """A schema whose description expands to 9**depth strings if aliases are followed."""
    lines = ["name: bomb", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, depth):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    lines.append(f"description: *l{depth - 1}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ anchors and aliases


def test_an_alias_bomb_is_refused_at_its_first_anchor_fast_and_small(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(9), encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = refused_file(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 5_000_000
    assert message == (
        f"{bomb}, line 2: YAML anchors and aliases (&name / *name) are not allowed in a schema; "
        "write each entry out"
    )


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("name: t\nentity_labels:\n  - &p {name: PERSON}\n", 3, "anchors and aliases"),
        ("name: t\nentity_labels:\n  - {name: A}\nevent_types:\n  - <<: {name: E}\n", 5, "merge keys"),
    ],
    ids=["anchor-alone", "merge-key"],
)
def test_anchors_and_merge_keys_are_refused_with_their_line(tmp_path: Path, text, line, what) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    message = refused_file(path)
    assert message.startswith(f"{path}, line {line}: ") and what in message


# ------------------------------------------------------------------------------------ duplicate keys


@pytest.mark.parametrize(
    ("name", "text", "where", "key"),
    [
        ("top.yaml", "name: t\nentity_labels: [{name: A}]\nentity_labels: [{name: B}]\n", "line 3",
         "'entity_labels'"),
        ("role.yaml", "name: t\nentity_labels: [{name: A}]\nevent_types:\n  - name: E\n    roles:\n"
         "      - name: R\n        fillers: [A]\n        name: S\n", "line 8", "'name'"),
        ("bools.yaml", "name: t\nentity_labels:\n  - {name: A, true: 1, yes: 2}\n", "line 3", "True"),
        ("top.json", '{"name": "t",\n "entity_labels": [],\n "entity_labels": [{"name": "A"}]}', "line 1",
         "'entity_labels'"),
        ("entry.json", '{"name": "t",\n "entity_labels": [\n  {"name": "A",\n   "name": "B"}]}', "line 3",
         "'name'"),
    ],
    ids=["yaml-top", "yaml-role", "yaml-true-and-yes", "json-top", "json-entry"],
)
def test_duplicate_keys_are_refused_naming_key_and_line(tmp_path: Path, name, text, where, key) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    message = refused_file(path)
    assert message.startswith(f"{path}, {where}: key {key} appears twice")


def test_the_stored_project_schema_is_read_as_strictly() -> None:
    with pytest.raises(AnnotatorError, match=r"^project schema, line 1: key 'name' appears twice"):
        schema_from_json('{"name": "t", "name": "u"}')
    with pytest.raises(AnnotatorError, match=r"^project schema, line 1: schema file is not valid JSON"):
        schema_from_json('{"name": ')


# ------------------------------------------------------------------------------------ names


def _with_name(field: str, value: str) -> dict:
    data = base()
    if field == "schema":
        data["name"] = value
    elif field == "label":
        data["entity_labels"][1]["name"] = value
    elif field == "event":
        data["event_types"][0]["name"] = value
    else:
        data["event_types"][0]["roles"][1]["name"] = value
    return data


WHERE = {
    "schema": "s.yaml: ",
    "label": "s.yaml: entity_labels[1]: ",
    "event": "s.yaml: event_types[0]: ",
    "role": "s.yaml: event_types[0] (Life.Die): roles[1]: ",
}


@pytest.mark.parametrize("field", list(WHERE))
@pytest.mark.parametrize(
    "char",
    ["\n", "\r", "\t", "\x00", "\x1b", "\x85", "\u2028", "\u202e", "\u200b", "\ufeff"],
    ids=["LF", "CR", "TAB", "NUL", "ESC", "NEL", "LSEP", "RLO", "ZWSP", "BOM"],
)
def test_names_with_control_or_invisible_characters_are_refused(field: str, char: str) -> None:
    message = refused(_with_name(field, f"Att{char}ack"))
    assert message.startswith(WHERE[field] + "name 'Att")
    assert f"character U+{ord(char):04X}; a name must be one line of visible text" in message


@pytest.mark.parametrize("field", ["event", "role"])
def test_names_may_use_the_zero_width_joiners_persian_and_indic_words_need(field: str) -> None:
    name = "می\u200cخواهم"  # ZWNJ inside a Persian word
    loaded = schema_from_dict(_with_name(field, name))
    assert name in {loaded.event_types[0].name, loaded.event_types[0].roles[1].name}


@pytest.mark.parametrize("blank", ["", "   ", "\u3000"])
def test_empty_or_blank_role_names_are_refused(blank: str) -> None:
    message = refused(_with_name("role", blank))
    assert message == (
        "s.yaml: event_types[0] (Life.Die): roles[1]: each role must be a mapping with a non-empty 'name'"
    )


def test_triggers_are_one_line_too() -> None:
    data = base()
    data["event_types"][0]["triggers"] = ["died", "passed\naway"]
    assert refused(data).startswith("s.yaml: event_types[0] (Life.Die): name 'passed\\naway'")


# ------------------------------------------------------------------------------------ booleans


@pytest.mark.parametrize(
    ("path", "key", "value", "where"),
    [
        (("entity_labels", 0), "allow_overlap", "false", "entity_labels[0] (PERSON)"),
        (("entity_labels", 1), "allow_overlap", 0, "entity_labels[1] (GPE)"),
        (("event_types", 0, "roles", 0), "required", "yes", "event_types[0] (Life.Die): roles[0]"),
        (("event_types", 0, "roles", 1), "repeat", 0, "event_types[0] (Life.Die): roles[1]"),
        (("event_types", 0, "roles", 1), "repeat", None, "event_types[0] (Life.Die): roles[1]"),
        (("event_types", 0, "roles", 0), "required", [True], "event_types[0] (Life.Die): roles[0]"),
    ],
)
def test_flags_must_be_real_booleans(path, key, value, where) -> None:
    data = base()
    entry = data
    for step in path:
        entry = entry[step]
    entry[key] = value
    message = refused(data)
    assert message.startswith(f"s.yaml: {where}: '{key}' must be true or false, not ")


def test_a_quoted_false_in_a_file_is_refused_not_read_as_true(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text('name: t\nentity_labels:\n  - {name: A, allow_overlap: "false"}\n', encoding="utf-8")
    assert refused_file(path) == (
        f"{path}: entity_labels[0] (A): 'allow_overlap' must be true or false, not 'false'"
    )


# ------------------------------------------------------------------------------------ other field types


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(description=["a"]), "s.yaml: 'description' must be text, not a list"),
        (lambda d: d.update(entity_labels={"name": "A"}),
         "s.yaml: 'entity_labels' must be a list, not a mapping"),
        (lambda d: d.update(event_types=0), "s.yaml: 'event_types' must be a list, not 0"),
        (lambda d: d["entity_labels"][0].update(description=7),
         "s.yaml: entity_labels[0] (PERSON): 'description' must be text, not 7"),
        (lambda d: d["entity_labels"][0].update(name=2020),
         "s.yaml: entity_labels[0]: 'name' must be text, not 2020"),
        (lambda d: d["entity_labels"][0].update(color=0xFFFFFF),
         "s.yaml: entity_labels[0] (PERSON): colour 16777215 is not of the form #rrggbb"),
        (lambda d: d["entity_labels"][0].update(color="#aabbcc\n"),
         "s.yaml: entity_labels[0] (PERSON): colour '#aabbcc\\n' is not of the form #rrggbb"),
        (lambda d: d["entity_labels"][0].update(key=["p"]),
         "s.yaml: entity_labels[0] (PERSON): shortcut key a list"),
        (lambda d: d["entity_labels"][0].update(key="p\n"),
         "s.yaml: entity_labels[0] (PERSON): shortcut key 'p\\n'"),
        (lambda d: d["event_types"][0].update(triggers="died"),
         "s.yaml: event_types[0] (Life.Die): 'triggers' must be a list, not 'died'"),
        (lambda d: d["event_types"][0].update(triggers=["died", 3]),
         "s.yaml: event_types[0] (Life.Die): 'triggers' must be a list of words, not contain 3"),
        (lambda d: d["event_types"][0].update(roles={"name": "Victim"}),
         "s.yaml: event_types[0] (Life.Die): 'roles' must be a list, not a mapping"),
        (lambda d: d["event_types"][0]["roles"][0].update(fillers=[["PERSON"]]),
         "s.yaml: event_types[0] (Life.Die): roles[0]: 'fillers' must be a list of entity labels or event"
         " types, not contain a list"),
        (lambda d: d["event_types"][0]["roles"][0].update(fillers="PERSON"),
         "s.yaml: event_types[0] (Life.Die): roles[0]: 'fillers' must be a list, not 'PERSON'"),
        (lambda d: d["event_types"][0]["roles"][0].update(description={"a": 1}),
         "s.yaml: event_types[0] (Life.Die): roles[0]: 'description' must be text, not a mapping"),
        (lambda d: d.update(language=10**5000),
         "s.yaml: 'language' must be a spaCy language code, not a very large"),
        (lambda d: d["entity_labels"][0].update(name="X" * 10**6, color="red"),
         "s.yaml: entity_labels[0] (" + "X" * 57 + "...): colour 'red'"),
    ],
)
def test_every_field_is_type_checked_with_the_entry_named(change, expected: str) -> None:
    data = base()
    change(data)
    message = refused(data)
    assert message.startswith(expected)
    assert len(message) < 300


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
FIELDS = [
    ("name",), ("description",), ("language",), ("entity_labels",), ("event_types",),
    ("entity_labels", 0), ("entity_labels", 0, "name"), ("entity_labels", 0, "color"),
    ("entity_labels", 0, "key"), ("entity_labels", 0, "allow_overlap"), ("entity_labels", 0, "description"),
    ("event_types", 0), ("event_types", 0, "name"), ("event_types", 0, "triggers"),
    ("event_types", 0, "roles"), ("event_types", 0, "roles", 0), ("event_types", 0, "roles", 0, "name"),
    ("event_types", 0, "roles", 0, "fillers"), ("event_types", 0, "roles", 0, "fillers", 0),
    ("event_types", 0, "roles", 0, "required"), ("event_types", 0, "roles", 0, "repeat"),
]


def _replace(data: dict, path: tuple, value: object) -> None:
    """Put ``value`` at ``path`` if it is still there (an earlier replacement may have removed it)."""
    entry = data
    for step in path[:-1]:
        try:
            entry = entry[step]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(entry, dict) or (isinstance(entry, list) and isinstance(last, int) and last < len(entry)):
        entry[last] = value


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FIELDS), JSON_VALUES), min_size=1, max_size=3))
def test_any_json_value_in_any_field_is_a_schema_or_an_annotator_error(replacements) -> None:
    data = base()
    for path, value in replacements:
        _replace(data, path, value)
    try:
        schema_from_dict(data, where="s.yaml")
    except AnnotatorError as error:
        assert "\n" not in str(error) and str(error).startswith("s.yaml")


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_any_json_document_is_a_schema_or_an_annotator_error(value) -> None:
    for text in (json.dumps(value), json.dumps({"name": "t", "entity_labels": value})):
        try:
            schema_from_json(text)
        except AnnotatorError as error:
            assert "\n" not in str(error)


# ------------------------------------------------------------------------------------ language


def test_a_language_spacy_cannot_tokenize_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: t\nlanguage: zz\n", encoding="utf-8")
    message = refused_file(path)
    assert message.startswith(f"{path}: spaCy has no tokenizer for 'language' 'zz'")
    assert schema_from_dict({"name": "t", "language": "xx"}).language == "xx"
    assert schema_from_dict({"name": "t", "language": "fr"}).language == "fr"


def test_importing_the_schema_module_does_not_import_spacy() -> None:
    code = "import sys, annotator.core.schema, annotator.core.schema_file; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "False"


# ------------------------------------------------------------------------------------ size and depth


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "line 1: the file nests deeper than 20 levels"),
        ("deep.yaml", "name: t\ndescription: " + "[" * 100_000 + "]" * 100_000,
         "line 2: the file nests deeper than 20 levels"),
        ("long.json", '{"name": "t",\n "language": ' + "9" * 5000 + "}",
         "line 1: a number in the file is too long"),
        ("long.yaml", "name: t\nlanguage: " + "9" * 5000 + "\n", "line 2: a number in the file is too long"),
        ("nul.yaml", "name: t\ndescription: a\x00b\n",
         "line 2: schema file is not valid YAML: character U+0000"),
        ("broken.json", '{"name": "t",\n "entity_labels": [}', "line 2: schema file is not valid JSON"),
    ],
    ids=["deep-json", "deep-yaml", "long-json", "long-yaml", "nul-yaml", "broken-json"],
)
def test_deep_nesting_long_numbers_and_broken_files_are_one_line(tmp_path: Path, name, text, message) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert refused_file(path).startswith(f"{path}, {message}")


# ------------------------------------------------------------------------------------ the init command


BAD_FILES = {  # the file's content, and the code of the one error line it gives
    "bomb.yaml": (billion_laughs(9), "E307"),
    "dup.yaml": ("name: t\nentity_labels: [{name: A}]\nentity_labels: [{name: B}]\n", "E310"),
    "flag.yaml": ('name: t\nentity_labels:\n  - {name: A, allow_overlap: "false"}\n', "E322"),
    "types.json": ('{"name": "t", "entity_labels": [{"name": "A"}], '
                   '"event_types": [{"name": "E", "roles": [{"name": "R", "fillers": [["A"]]}]}]}', "E323"),
    "lang.yaml": ("name: t\nlanguage: zz\n", "E316"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "E308"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_init_with_a_bad_schema_prints_one_line_and_creates_nothing(tmp_path: Path, name: str) -> None:
    schema = tmp_path / name
    content, code = BAD_FILES[name]
    schema.write_text(content, encoding="utf-8")
    project = tmp_path / "x.annotator"
    result = CliRunner().invoke(cli, ["init", str(project), "--schema", str(schema)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: [{code}] {schema}")
    assert "Traceback" not in result.output
    assert not project.exists()


def test_init_refuses_the_bomb_in_a_real_process(tmp_path: Path) -> None:
    schema = tmp_path / "bomb.yaml"
    schema.write_text(billion_laughs(9), encoding="utf-8")
    project = tmp_path / "x.annotator"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "init", str(project), "--schema", str(schema)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1
    assert result.stderr == f"error: [E307] {schema}, line 2: {Errors.E307}\n"
    assert not project.exists()
