"""The schemas shipped in resources/schemas/: complete, consistent and faithful to ACE 2005 / ACLED."""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pytest
import yaml

SCHEMAS = Path(__file__).resolve().parent.parent / "resources" / "schemas"
NEWS = SCHEMAS / "news.yaml"
ACLED = SCHEMAS / "acled.yaml"

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
ENTITY_KEY = re.compile(r"^[a-z0-9]$")
EVENT_KEY = re.compile(r"^shift\+[a-z]$")
ROLE_NAME = re.compile(r"^[A-Za-z0-9-]+$")

ONTONOTES = {
    "PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "QUANTITY", "WEAPON", "VEHICLE",
}
ACE_VALUE_LABELS = {"CRIME", "SENTENCE", "JOB_TITLE"}

ACE_EVENTS = {
    "Life.Be-Born", "Life.Marry", "Life.Divorce", "Life.Injure", "Life.Die",
    "Movement.Transport",
    "Transaction.Transfer-Ownership", "Transaction.Transfer-Money",
    "Business.Start-Org", "Business.Merge-Org", "Business.Declare-Bankruptcy", "Business.End-Org",
    "Conflict.Attack", "Conflict.Demonstrate",
    "Contact.Meet", "Contact.Phone-Write",
    "Personnel.Start-Position", "Personnel.End-Position", "Personnel.Nominate", "Personnel.Elect",
    "Justice.Arrest-Jail", "Justice.Release-Parole", "Justice.Trial-Hearing", "Justice.Charge-Indict",
    "Justice.Sue", "Justice.Convict", "Justice.Sentence", "Justice.Fine", "Justice.Execute",
    "Justice.Extradite", "Justice.Acquit", "Justice.Appeal", "Justice.Pardon",
}

ACLED_SUB_EVENTS = {
    "Battles/Armed clash",
    "Battles/Government regains territory",
    "Battles/Non-state actor overtakes territory",
    "Explosions/Remote violence/Chemical weapon",
    "Explosions/Remote violence/Air or drone strike",
    "Explosions/Remote violence/Suicide bomb",
    "Explosions/Remote violence/Shelling, artillery, missile attack",
    "Explosions/Remote violence/Remote explosive, landmine or IED",
    "Explosions/Remote violence/Grenade",
    "Violence against civilians/Sexual violence",
    "Violence against civilians/Attack",
    "Violence against civilians/Abduction or forced disappearance",
    "Protests/Peaceful protest",
    "Protests/Protest with intervention",
    "Protests/Excessive force against protesters",
    "Riots/Violent demonstration",
    "Riots/Mob violence",
    "Strategic developments/Agreement",
    "Strategic developments/Arrests",
    "Strategic developments/Change to group or activity",
    "Strategic developments/Disrupted weapons use",
    "Strategic developments/Headquarters or base established",
    "Strategic developments/Looting or property destruction",
    "Strategic developments/Non-violent transfer of territory",
    "Strategic developments/Other",
}

ACLED_TYPES = {
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
}


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def news() -> dict:
    return _load(NEWS)


@pytest.fixture(scope="module")
def acled() -> dict:
    return _load(ACLED)


def _events(data: dict) -> dict[str, dict]:
    return {event["name"]: event for event in data["event_types"]}


def _roles(event: dict) -> dict[str, dict]:
    return {role["name"]: role for role in event.get("roles") or []}


# ------------------------------------------------------------------------------------ both files


@pytest.mark.parametrize("path", [NEWS, ACLED], ids=["news", "acled"])
def test_structure_is_consistent(path: Path) -> None:
    data = _load(path)
    assert data["name"] == path.stem
    assert str(data.get("description") or "").strip()
    assert re.fullmatch(r"[a-z]{2,3}", data["language"])

    labels = [label["name"] for label in data["entity_labels"]]
    assert len(labels) == len(set(labels)), "duplicate entity label"
    assert all(re.fullmatch(r"\S+", name) for name in labels)
    events = [event["name"] for event in data["event_types"]]
    assert len(events) == len(set(events)), "duplicate event type"
    assert not set(labels) & set(events)

    for label in data["entity_labels"]:
        assert COLOR.match(label["color"]), label["name"]
        assert str(label.get("description") or "").strip(), label["name"]
        if "key" in label:
            assert ENTITY_KEY.match(str(label["key"])), label["name"]
        assert isinstance(label.get("allow_overlap", True), bool)

    for event in data["event_types"]:
        name = event["name"]
        assert name.strip()
        assert COLOR.match(event["color"]), name
        assert str(event.get("description") or "").strip(), name
        if "key" in event:
            assert EVENT_KEY.match(str(event["key"])), name
        triggers = event.get("triggers") or []
        assert all(isinstance(t, str) and t == t.lower() and t.strip() for t in triggers), name
        assert len(triggers) == len(set(triggers)), f"duplicate trigger in {name}"
        roles = event.get("roles") or []
        assert roles, f"{name} has no roles"
        role_names = [role["name"] for role in roles]
        assert len(role_names) == len(set(role_names)), f"duplicate role in {name}"
        assert sum(bool(role.get("required", False)) for role in roles) <= 1, name
        for role in roles:
            assert ROLE_NAME.match(role["name"]), (name, role["name"])
            assert str(role.get("description") or "").strip(), (name, role["name"])
            assert role["fillers"], (name, role["name"])
            for filler in role["fillers"]:
                assert filler in labels, f"{name}.{role['name']} allows unknown label {filler}"
            assert isinstance(role.get("required", False), bool)
            assert isinstance(role.get("repeat", True), bool)


@pytest.mark.parametrize("path", [NEWS, ACLED], ids=["news", "acled"])
def test_keys_are_unique_across_the_file(path: Path) -> None:
    data = _load(path)
    keys = [
        str(item["key"]).lower()
        for item in (*data["entity_labels"], *data["event_types"])
        if item.get("key") is not None
    ]
    assert keys
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


@pytest.mark.parametrize("path", [NEWS, ACLED], ids=["news", "acled"])
def test_loads_with_the_app_loader(path: Path) -> None:
    schema_module = pytest.importorskip("annotator.core.schema")
    schema = schema_module.load_schema(path)
    data = _load(path)
    assert schema.name == data["name"]
    assert [label.name for label in schema.entity_labels] == [
        label["name"] for label in data["entity_labels"]
    ]
    assert [event.name for event in schema.event_types] == [event["name"] for event in data["event_types"]]
    for event in schema.event_types:
        assert event.roles
        for role in event.roles:
            assert all(schema.entity_label(filler) for filler in role.fillers)


# ------------------------------------------------------------------------------------ news (ACE)


def test_news_entity_labels(news: dict) -> None:
    labels = {label["name"]: label for label in news["entity_labels"]}
    assert len(labels) == 15
    assert set(labels) == ONTONOTES | ACE_VALUE_LABELS
    expected_keys = {
        "PERSON": "p", "NORP": "n", "ORG": "o", "GPE": "g", "LOC": "l", "FAC": "f", "DATE": "d",
        "TIME": "t", "MONEY": "m", "QUANTITY": "q", "WEAPON": "w", "VEHICLE": "v", "CRIME": "c",
        "SENTENCE": "s", "JOB_TITLE": "j",
    }
    assert {name: label.get("key") for name, label in labels.items()} == expected_keys


def test_news_has_the_full_ace_inventory(news: dict) -> None:
    events = _events(news)
    assert len(news["event_types"]) == 33
    assert set(events) == ACE_EVENTS


def test_news_event_keys(news: dict) -> None:
    keyed = [event for event in news["event_types"] if event.get("key")]
    assert 15 <= len(keyed) <= 22
    assert _events(news)["Conflict.Attack"]["key"] == "shift+a"


def test_news_every_type_has_time_and_triggers(news: dict) -> None:
    for name, event in _events(news).items():
        roles = _roles(event)
        assert "Time" in roles, name
        assert set(roles["Time"]["fillers"]) == {"DATE", "TIME"}, name
        assert 3 <= len(event.get("triggers") or []) <= 12, name
        for role_name in ("Place", "Origin", "Destination"):
            if role_name in roles:
                assert set(roles[role_name]["fillers"]) == {"GPE", "LOC", "FAC"}, (name, role_name)


@pytest.mark.parametrize(
    ("event", "roles"),
    [
        ("Conflict.Attack", {"Attacker", "Target", "Instrument", "Time", "Place"}),
        ("Life.Die", {"Agent", "Victim", "Instrument", "Time", "Place"}),
        ("Life.Injure", {"Agent", "Victim", "Instrument", "Time", "Place"}),
        ("Justice.Arrest-Jail", {"Person", "Agent", "Crime", "Time", "Place"}),
        (
            "Transaction.Transfer-Ownership",
            {"Buyer", "Seller", "Beneficiary", "Artifact", "Price", "Time", "Place"},
        ),
        ("Transaction.Transfer-Money", {"Giver", "Recipient", "Beneficiary", "Money", "Time", "Place"}),
        ("Movement.Transport", {"Agent", "Artifact", "Vehicle", "Price", "Origin", "Destination", "Time"}),
        ("Personnel.Start-Position", {"Person", "Entity", "Position", "Time", "Place"}),
        ("Personnel.Nominate", {"Person", "Agent", "Position", "Time", "Place"}),
        ("Justice.Sentence", {"Defendant", "Adjudicator", "Crime", "Sentence", "Time", "Place"}),
        ("Justice.Sue", {"Plaintiff", "Defendant", "Adjudicator", "Crime", "Time", "Place"}),
        ("Justice.Fine", {"Entity", "Adjudicator", "Money", "Crime", "Time", "Place"}),
        ("Justice.Extradite", {"Agent", "Person", "Destination", "Origin", "Crime", "Time"}),
        ("Contact.Phone-Write", {"Entity", "Time"}),
        ("Business.Merge-Org", {"Org", "Time", "Place"}),
    ],
)
def test_news_ace_roles(news: dict, event: str, roles: set[str]) -> None:
    assert set(_roles(_events(news)[event])) == roles


def test_news_role_fillers_follow_ace(news: dict) -> None:
    events = _events(news)
    attack = _roles(events["Conflict.Attack"])
    assert set(attack["Attacker"]["fillers"]) == {"PERSON", "ORG", "GPE"}
    assert set(attack["Instrument"]["fillers"]) == {"WEAPON", "VEHICLE"}
    assert set(_roles(events["Life.Die"])["Victim"]["fillers"]) == {"PERSON"}
    assert _roles(events["Movement.Transport"])["Vehicle"]["fillers"] == ["VEHICLE"]
    assert _roles(events["Transaction.Transfer-Ownership"])["Price"]["fillers"] == ["MONEY"]
    assert _roles(events["Justice.Arrest-Jail"])["Crime"]["fillers"] == ["CRIME"]
    assert _roles(events["Justice.Sentence"])["Sentence"]["fillers"] == ["SENTENCE"]
    for name in (name for name in events if name.startswith("Personnel.")):
        assert _roles(events[name])["Position"]["fillers"] == ["JOB_TITLE"], name
        assert _roles(events[name])["Person"]["fillers"] == ["PERSON"], name


def test_news_required_roles_are_conservative(news: dict) -> None:
    events = _events(news)
    assert _roles(events["Life.Die"])["Victim"].get("required") is True
    assert not any(role.get("required") for role in events["Conflict.Attack"]["roles"])
    required = [role for event in events.values() for role in event["roles"] if role.get("required")]
    assert len(required) <= 6


# ------------------------------------------------------------------------------------ acled


def test_acled_entity_labels(acled: dict) -> None:
    labels = {label["name"] for label in acled["entity_labels"]}
    assert labels == {"ACTOR", "CIVILIANS", "LOCATION", "DATE", "FATALITIES", "WEAPON"}
    assert all(ENTITY_KEY.match(str(label["key"])) for label in acled["entity_labels"])


def test_acled_has_the_25_sub_event_types(acled: dict) -> None:
    events = _events(acled)
    assert len(acled["event_types"]) == 25
    assert set(events) == ACLED_SUB_EVENTS
    families = {name.rsplit("/", 1)[0] for name in events}
    assert families == ACLED_TYPES


def test_acled_roles(acled: dict) -> None:
    allowed = {"Actor1", "Actor2", "Location", "Date", "Fatalities", "Weapon"}
    for name, event in _events(acled).items():
        roles = _roles(event)
        assert set(roles) <= allowed, name
        assert {"Actor1", "Location", "Date"} <= set(roles), name
        assert roles["Actor1"]["fillers"] == ["ACTOR"], name
        assert roles["Location"]["fillers"] == ["LOCATION"], name
        assert roles["Date"]["fillers"] == ["DATE"], name
        if "Actor2" in roles:
            assert set(roles["Actor2"]["fillers"]) == {"ACTOR", "CIVILIANS"}, name
        if "Fatalities" in roles:
            assert roles["Fatalities"]["fillers"] == ["FATALITIES"], name
            assert roles["Fatalities"]["repeat"] is False, name
        if "Weapon" in roles:
            assert roles["Weapon"]["fillers"] == ["WEAPON"], name
    events = _events(acled)
    for name in ACLED_SUB_EVENTS:
        if name.startswith(("Battles/", "Explosions/", "Violence against civilians/")):
            assert {"Actor2", "Fatalities"} <= set(_roles(events[name])), name
    assert "Actor2" not in _roles(events["Protests/Peaceful protest"])
    assert "Weapon" in _roles(events["Explosions/Remote violence/Air or drone strike"])


def test_acled_keys_and_colour_families(acled: dict) -> None:
    keyed = [event for event in acled["event_types"] if event.get("key")]
    assert 12 <= len(keyed) <= 18
    # each of the six event types uses one hue range, and the ranges are far apart
    hues: dict[str, list[float]] = {}
    for event in acled["event_types"]:
        hues.setdefault(event["name"].rsplit("/", 1)[0], []).append(_hue(event["color"]))
    assert set(hues) == ACLED_TYPES
    centres = {}
    for family, values in hues.items():
        assert max(values) - min(values) <= 15, family
        centres[family] = sum(values) / len(values)
    for a in centres:
        for b in centres:
            if a < b:
                gap = abs(centres[a] - centres[b])
                assert min(gap, 360 - gap) >= 15, (a, b)
    colours = [event["color"].lower() for event in acled["event_types"]]
    assert len(colours) == len(set(colours)), "two sub-event types share a colour"


# ------------------------------------------------------------------------------------ colours


def _hue(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def _contrast_with_black(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        x = int(hex_pair, 16) / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) / 0.05


@pytest.mark.parametrize("path", [NEWS, ACLED], ids=["news", "acled"])
def test_colours_are_readable_behind_black_text(path: Path) -> None:
    data = _load(path)
    for item in (*data["entity_labels"], *data["event_types"]):
        assert _contrast_with_black(item["color"]) >= 7, item["name"]  # WCAG AAA
    label_colours = [label["color"].lower() for label in data["entity_labels"]]
    assert len(label_colours) == len(set(label_colours)), "two entity labels share a colour"


# ------------------------------------------------------------------------------------ issue 12 additions


def test_news_has_the_ace_event_attributes_on_every_event_type() -> None:
    schema = pytest.importorskip("annotator.core.schema").load_schema(NEWS)
    expected = {"Modality": ("Asserted", "Other"), "Polarity": ("Positive", "Negative"),
                "Genericity": ("Specific", "Generic"), "Tense": ("Past", "Present", "Future", "Unspecified")}
    for event in schema.event_types:
        attributes = {a.name: a for a in schema.attributes_for("event", event.name)}
        assert {name: a.values for name, a in attributes.items()} == expected, event.name
        assert all(a.type == "enum" and a.default in a.values for a in attributes.values())


def test_news_relations_link_sensible_labels() -> None:
    schema = pytest.importorskip("annotator.core.schema").load_schema(NEWS)
    assert [r.name for r in schema.relation_types] == [
        "member_of", "located_in", "part_of", "leader_of", "affiliated_with"]
    assert schema.relation_type("member_of").accepts("PERSON", "ORG")
    assert schema.relation_type("located_in").accepts("FAC", "GPE")
    assert not schema.relation_type("located_in").accepts("PERSON", "GPE")
    assert schema.relation_type("leader_of").accepts("PERSON", "GPE")
    assert schema.relation_type("affiliated_with").symmetric
    for relation in schema.relation_types:
        assert relation.description and relation.heads and relation.tails
        assert _contrast_with_black(relation.color) >= 7, relation.name


def test_acled_events_carry_the_codebook_fields() -> None:
    schema = pytest.importorskip("annotator.core.schema").load_schema(ACLED)
    for event in schema.event_types:
        fields = {a.name: a for a in schema.attributes_for("event", event.name)}
        assert set(fields) == {"event_date", "time_precision", "geo_precision", "fatalities", "inter1",
                               "inter2", "interaction", "disorder_type"}, event.name
    assert fields["event_date"].type == "date" and fields["event_date"].precision == "day"
    for name in ("time_precision", "geo_precision"):
        assert (fields[name].type, fields[name].minimum, fields[name].maximum) == ("integer", 1, 3)
    assert fields["fatalities"].type == "integer" and fields["fatalities"].minimum == 0
    assert fields["inter1"].values == tuple("12345678")
    assert fields["inter2"].values == tuple("012345678")
    assert "12" in fields["interaction"].values and "21" not in fields["interaction"].values
    assert "Political violence" in fields["disorder_type"].values
    assert fields["fatalities"].problem(-1) is not None and fields["event_date"].problem("2023-02-29")
