"""Schema validation: every message names the bad entry."""

from __future__ import annotations

import pytest

from annotator.core.schema import load_schema, schema_from_dict
from annotator.errors import AnnotatorError


def schema(**overrides):
    data = {
        "name": "t",
        "entity_labels": [{"name": "PERSON", "key": "p"}, {"name": "GPE", "key": "g"}],
        "event_types": [{"name": "Life.Die", "key": "shift+d",
                         "roles": [{"name": "Victim", "fillers": ["PERSON"]}]}],
    }
    data.update(overrides)
    return data


def test_a_valid_schema_loads() -> None:
    loaded = schema_from_dict(schema())
    assert loaded.event_type("Life.Die").role("Victim").accepts("PERSON")
    assert not loaded.event_type("Life.Die").role("Victim").accepts("GPE")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "non-empty 'name'"),
        ({"entity_labels": [{"name": "A B"}]}, "must not contain whitespace"),
        ({"entity_labels": [{"name": "A", "color": "red"}]}, "#rrggbb"),
        ({"entity_labels": [{"name": "A", "key": "1"}]}, "digits are the role keys"),
        ({"entity_labels": [{"name": "PERSON", "key": "p"}, {"name": "B", "key": "p"}]},
         "'p' is defined twice"),
        ({"entity_labels": [{"name": "A"}, {"name": "A"}]}, "'A' is defined twice"),
        ({"event_types": [{"name": "E", "roles": [{"name": "R", "fillers": ["NOPE"]}]}]}, "'NOPE'"),
        ({"event_types": [{"name": "PERSON"}]}, "both an entity label and an event type"),
        ({"event_types": [{"name": "E", "roles": [{"name": " "}]}]}, "a non-empty 'name'"),
        ({"language": "English"}, "spaCy language code"),
    ],
)
def test_bad_entries_are_named(overrides, message) -> None:
    with pytest.raises(AnnotatorError, match=message):
        schema_from_dict(schema(**overrides))


def test_bad_files_are_named(tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"broken\.yaml"):
        load_schema(broken)
    with pytest.raises(AnnotatorError, match="cannot read"):
        load_schema(tmp_path / "missing.yaml")
