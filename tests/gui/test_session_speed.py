"""A scripted session at keyboard speed, with real keys and mouse events, counting the analyst's actions.

On a short sample article it tags 10 entities and 2 events with their roles, and holds each task to its
budget: at most 2 actions per new entity, 2 per role filled from an entity already tagged, 3 per role
filled from new text, 1 per accepted suggestion. An action is one key press or one mouse gesture (a
click, or a drag from press to release); the recorder below wraps the harness's key, click and drag so
nothing is done that it does not count. The annotations are then checked exactly: offsets, labels, roles.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt

from annotator.gui.suggestions import SuggestionsController
from annotator.nlp.dictionary import DictionaryRecommender
from annotator.nlp.triggers import TriggerRecommender
from tests.gui.conftest import Harness

ARTICLE = (
    "Salen Front fighters launched an attack on Brevnik on Monday, said Mayor Tomas Dvorak. "
    "Ana Petrova saw a mortar hit the market. Brevnik officials said the Salen Front used a mortar "
    "and that Ivan Sokol would die in Sarov."
)
BUDGETS = {"new entity": 2, "role from an entity": 2, "role from new text": 3, "accepted suggestion": 1,
           "role from a suggestion": 2}


def at(word: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = ARTICLE.index(word, start + 1)
    return start, start + len(word)


class ActionRecorder:
    """The harness's hands, counting: one key press, one click or one drag is one action."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        self.actions = 0
        self.tasks: list[tuple[str, str, int]] = []  # kind, what, actions

    def key(self, key: str | Qt.Key) -> None:
        self.actions += 1
        self.h.key(key)

    def click(self, word: str, occurrence: int = 1) -> None:
        self.actions += 1
        self.h.click(at(word, occurrence)[0] + 1)

    def drag(self, word: str, occurrence: int = 1) -> None:
        self.actions += 1
        self.h.drag(*at(word, occurrence))

    @contextmanager
    def task(self, kind: str, what: str) -> Iterator[None]:
        before = self.actions
        yield
        self.tasks.append((kind, what, self.actions - before))


def with_suggestions(h: Harness) -> SuggestionsController:
    """The window's suggestions, as ``install_suggestions`` wires them: the dictionary learns from tags,
    the trigger list proposes the schema's trigger words."""
    controller = SuggestionsController(h.session, h.view, h.controller.state, h.window,
                                       [DictionaryRecommender("en"), TriggerRecommender(h.project.schema)])
    controller.accepted.connect(h.controller.suggestion_clicks.select_created)
    h.session.set_current(h.doc_id)
    h.qtbot.waitUntil(lambda: not controller.jobs)
    h.qtbot.waitUntil(lambda: {"attack", "die"} <= {s.text for s in controller.suggestions})
    return controller


def test_a_session_tags_ten_entities_and_two_events_within_the_action_budgets(harness) -> None:
    h = harness(ARTICLE)
    suggestions = with_suggestions(h)
    r = ActionRecorder(h)

    for word, key in (("Salen Front", "o"), ("Brevnik", "g"), ("Monday", "d"), ("Tomas Dvorak", "p"),
                      ("mortar", "w")):
        with r.task("new entity", word):
            r.drag(word)
            r.key(key)
    h.qtbot.waitUntil(lambda: at("Brevnik", 2)[0] in {s.start for s in suggestions.suggestions})
    with r.task("accepted suggestion", "Brevnik (2nd)"):
        r.click("Brevnik", 2)

    with r.task("accepted suggestion", "attack"):
        r.click("attack")
    assert h.controller.selected_event_id is not None, "an accepted trigger is the selected event"
    with r.task("role from an entity", "Attacker: Salen Front"):
        r.key("1")
        r.click("Salen Front")
    with r.task("role from an entity", "Place: Brevnik"):
        r.key("5")  # the nearest GPE to "attack" is preselected
        r.key(Qt.Key.Key_Return)
    with r.task("role from an entity", "Time: Monday"):
        r.key("4")
        r.key(Qt.Key.Key_Return)
    with r.task("role from an entity", "Instrument: mortar"):
        r.key("3")
        r.key(Qt.Key.Key_Return)
    with r.task("role from new text", "Target: Ana Petrova"):
        r.key("2")
        r.drag("Ana Petrova")
        r.key("p")  # Target takes PERSON, ORG or GPE: the label key says which

    with r.task("accepted suggestion", "die"):
        r.click("die")
    with r.task("role from new text", "Victim: Ivan Sokol"):
        r.key("1")
        r.drag("Ivan Sokol")  # Victim takes PERSON only: the drag is enough
    with r.task("role from new text", "Place: Sarov"):
        r.key("3")
        r.drag("Sarov")
    h.qtbot.waitUntil(lambda: at("Salen Front", 2)[0] in {s.start for s in suggestions.suggestions})
    with r.task("role from a suggestion", "Agent: Salen Front (2nd)"):
        r.key("2")
        r.click("Salen Front", 2)

    print("\nactions per task:", *(f"{kind:24} {what:28} {count}" for kind, what, count in r.tasks),
          f"total {r.actions}", sep="\n  ")
    over = [(kind, what, count) for kind, what, count in r.tasks if count > BUDGETS[kind]]
    assert over == []

    spans = {span.id: span for span in h.project.spans(h.doc_id)}
    text = h.text
    assert all(text[s.start:s.end] == s.text for s in spans.values())
    assert sorted((s.start, s.end, s.label) for s in spans.values()) == sorted([
        (*at("Salen Front"), "ORG"), (*at("attack"), "Conflict.Attack"), (*at("Brevnik"), "GPE"),
        (*at("Monday"), "DATE"), (*at("Tomas Dvorak"), "PERSON"), (*at("Ana Petrova"), "PERSON"),
        (*at("mortar"), "WEAPON"), (*at("Brevnik", 2), "GPE"), (*at("Salen Front", 2), "ORG"),
        (*at("Ivan Sokol"), "PERSON"), (*at("die"), "Life.Die"), (*at("Sarov"), "GPE"),
    ])
    entities = [s for s in spans.values() if s.kind == "entity"]
    assert len(entities) == 10

    def where(span_id: int) -> tuple[int, int]:
        return spans[span_id].start, spans[span_id].end

    found = {
        (event.type, where(event.trigger_id)): sorted((a.role, where(a.span_id)) for a in event.arguments)
        for event in h.project.events(h.doc_id)
    }
    assert found == {
        ("Conflict.Attack", at("attack")): sorted([
            ("Attacker", at("Salen Front")), ("Place", at("Brevnik")), ("Time", at("Monday")),
            ("Instrument", at("mortar")), ("Target", at("Ana Petrova"))]),
        ("Life.Die", at("die")): sorted([
            ("Victim", at("Ivan Sokol")), ("Place", at("Sarov")), ("Agent", at("Salen Front", 2))]),
    }
    accepted = {spans[i].text: spans[i].source for i in spans if spans[i].source != "manual"}
    assert accepted == {"Brevnik": "dictionary", "attack": "triggers", "die": "triggers",
                        "Salen Front": "dictionary"}
