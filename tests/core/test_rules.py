"""The schema's rules: each rule on its own, the same wording from an edit, and two properties (never
raising; accepted edits never leave a document that breaks a rule)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import rules
from annotator.core.edits import (
    AddArgument,
    AddEvent,
    AddSpan,
    ChangeEventType,
    RelabelSpan,
    RemoveArgument,
    RemoveEvent,
    RemoveSpan,
)
from annotator.core.model import ENTITY, SPAN_KINDS, TRIGGER, Argument, Event, Span
from annotator.core.schema import load_schema
from annotator.errors import AnnotatorError
from annotator.project import Project
from tests.conftest import MINI_SCHEMA, add_document

SCHEMA = load_schema(MINI_SCHEMA)
TEXT = "Rebels shelled Raqqa on Monday, killing Omar Haddad with a mortar."


def at(word: str, label: str, kind: str = ENTITY, *, span_id: int | None = None) -> Span:
    start = TEXT.index(word)
    return Span(start, start + len(word), label, kind, word, id=span_id)


REBELS, SHELLED, RAQQA = at("Rebels", "ORG"), at("shelled", "Conflict.Attack", TRIGGER), at("Raqqa", "GPE")
MONDAY, OMAR = at("Monday", "DATE"), at("Omar Haddad", "PERSON")


def found(spans: list[Span], events: list[Event] = ()) -> list[tuple[str, str, str]]:
    return [(v.rule, v.severity, v.message)
            for v in rules.document_violations(SCHEMA, TEXT, spans, list(events))]


def rules_broken(spans: list[Span], events: list[Event] = ()) -> list[str]:
    return [rule for rule, severity, _ in found(spans, events) if severity == rules.ERROR]


def attack(*arguments: tuple[str, int], trigger: int = 1, type_: str = "Conflict.Attack") -> Event:
    return Event(type_, trigger, tuple(Argument(role, index) for role, index in arguments))


# -- each rule ------------------------------------------------------------------------------------------

def test_a_sound_document_breaks_no_rule() -> None:
    events = [attack(("Attacker", 0), ("Place", 2), ("Time", 3))]
    assert found([REBELS, SHELLED, RAQQA, MONDAY], events) == []


@pytest.mark.parametrize(("spans", "rule", "message"), [
    ([at("Rebels", "REBEL")], rules.LABEL, "unknown entity label 'REBEL' on span 0-6 (nearest in schema"),
    ([at("shelled", "Conflict.Shell", TRIGGER)], rules.LABEL,
     "unknown event type 'Conflict.Shell' on trigger"),
    ([Span(60, 70, "ORG")], rules.OFFSETS,
     "span 60-70 (ORG) falls outside the text of length 66 or is empty"),
    ([Span(3, 3, "ORG")], rules.OFFSETS, "span 3-3 (ORG) falls outside the text"),
    ([Span(0, 6, "ORG", text="Rubels")], rules.OFFSETS,
     "should read 'Rubels' but the text there is 'Rebels'"),
    ([REBELS, REBELS], rules.IDENTICAL, "span 0-6 (ORG) is there twice"),
    ([MONDAY, at("on Monday", "DATE")], rules.OVERLAP,
     "span 24-30 (DATE) overlaps span 21-30 (DATE), and DATE spans may not overlap"),
])
def test_span_rules(spans, rule, message) -> None:
    ((broken, severity, text),) = found(spans)
    assert (broken, severity) == (rule, rules.ERROR) and message in text


def test_two_entities_on_one_extent_are_a_warning_not_a_refusal() -> None:
    """Some corpora tag one extent twice on purpose; the window relabels instead of stacking."""
    ((broken, severity, text),) = found([REBELS, at("Rebels", "GPE")])
    assert (broken, severity) == (rules.STACKED, rules.WARNING)
    assert "span 0-6 (GPE) covers exactly the text of span 0-6 (ORG)" in text


def test_overlap_is_allowed_across_labels_and_for_labels_that_allow_it() -> None:
    assert found([MONDAY, at("on Monday", "PERSON"), at("Omar", "PERSON"), OMAR]) == []


def test_a_trigger_may_share_its_extent_with_an_entity_or_another_trigger() -> None:
    assert found([at("shelled", "ORG"), SHELLED, at("shelled", "Life.Die", TRIGGER)]) == []


def test_overlap_is_found_however_the_spans_are_ordered() -> None:
    wide, inner = at("on Monday", "DATE"), at("Mon", "DATE")
    assert rules_broken([inner, MONDAY, wide]) == [rules.OVERLAP, rules.OVERLAP]


@pytest.mark.parametrize(("spans", "event", "rule", "message"), [
    ([REBELS, at("shelled", "Life.Die", TRIGGER)], attack(), rules.EVENT_TYPE,
     "a Conflict.Attack event has the trigger span 7-14 (Life.Die); "
     "an event's type must be its trigger's label"),
    ([REBELS, SHELLED], attack(trigger=0), rules.TRIGGER_KIND,
     "the trigger of a Conflict.Attack event, span 0-6 (ORG), is an entity, not a trigger"),
    ([REBELS, SHELLED], attack(trigger=7), rules.REFERENCE, "is not a span of its document"),
    ([REBELS, SHELLED], attack(("Attacker", 9)), rules.REFERENCE,
     "the Attacker argument of a Conflict.Attack event is not a span of its document"),
    ([REBELS, SHELLED], attack(("Victim", 0)), rules.ROLE, "Conflict.Attack events have no role 'Victim'"),
    ([REBELS, SHELLED], attack(("", 0)), rules.ROLE, "has an empty role name"),
    ([REBELS, SHELLED, MONDAY], attack(("Place", 2)), rules.FILLER,
     "Place of Conflict.Attack takes GPE, not DATE"),
    ([REBELS, SHELLED, at("killing", "Life.Die", TRIGGER)], attack(("Target", 2)), rules.FILLER,
     "Target of Conflict.Attack is filled by the trigger span 32-39 (Life.Die); "
     "a trigger never fills a role"),
    ([RAQQA, SHELLED, at("Omar", "GPE")], attack(("Place", 0), ("Place", 2)), rules.REPEAT,
     "Place of Conflict.Attack can be filled only once"),
])
def test_event_rules(spans, event, rule, message) -> None:
    errors = [(r, m) for r, severity, m in found(spans, [event]) if severity == rules.ERROR]
    assert [r for r, _ in errors] == [rule] and message in errors[0][1]


def test_repeating_roles_take_several_fillers() -> None:
    assert found([REBELS, SHELLED, RAQQA], [attack(("Attacker", 0), ("Attacker", 2))]) == []


def test_an_event_of_an_unknown_type_is_one_error_not_one_per_argument() -> None:
    spans = [REBELS, at("shelled", "Conflict.Shell", TRIGGER)]
    assert rules_broken(spans, [attack(("Anything", 0), type_="Conflict.Shell")]) == [
        rules.LABEL, rules.EVENT_TYPE]


def test_an_empty_required_role_is_a_warning_naming_the_event() -> None:
    killing = at("killing", "Life.Die", TRIGGER)
    assert found([OMAR, killing], [Event("Life.Die", 1)]) == [
        (rules.REQUIRED, rules.WARNING, "the Life.Die event on 'killing' has no Victim, a required role")]
    assert found([OMAR, killing], [Event("Life.Die", 1, (Argument("Victim", 0),))]) == []


def test_stored_spans_are_referred_to_by_id_and_violations_carry_the_ids() -> None:
    spans = [at("Rebels", "ORG", span_id=10), at("shelled", "Conflict.Attack", TRIGGER, span_id=11),
             at("Monday", "DATE", span_id=12)]
    event = Event("Conflict.Attack", 11, (Argument("Place", 12),), id=5)
    (violation,) = rules.document_violations(SCHEMA, TEXT, spans, [event])
    assert (violation.rule, violation.event_id) == (rules.FILLER, 5)
    (twice,) = rules.document_violations(SCHEMA, TEXT, [*spans, at("Rebels", "ORG", span_id=13)], [])
    assert (twice.rule, twice.span_id) == (rules.IDENTICAL, 13)


def test_rules_is_domain_code_importing_only_the_model_schema_and_errors() -> None:
    package = Path(rules.__file__).parent
    ours = {node.module for part in package.glob("*.py")
            for node in ast.walk(ast.parse(part.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("annotator")}
    own_parts = {f"annotator.core.rules.{part.stem}" for part in package.glob("_*.py")}
    # core.records holds the event records' plain records and core.record_fields their fields as the
    # schema gives them: domain code too, of the model and the schema alone.
    assert ours <= {"annotator.core.model", "annotator.core.schema", "annotator.errors",
                    "annotator.core.records", "annotator.core.record_fields", *own_parts}


def test_every_caller_asks_the_rules_module_never_its_private_parts() -> None:
    package = Path(rules.__file__).parent
    callers = [path for path in package.parent.parent.rglob("*.py") if package not in path.parents]
    assert not [path for path in callers if "annotator.core.rules._" in path.read_text(encoding="utf-8")]


# -- edits refuse with the same words -------------------------------------------------------------------

@pytest.fixture
def doc(project: Project) -> int:
    return add_document(project, TEXT, "raqqa")


def span_id(project: Project, span: Span) -> int:
    new = Span(span.start, span.end, span.label, span.kind)
    inverse, _ = project.apply(AddSpan(project_doc(project), new))
    return inverse.span_id


def project_doc(project: Project) -> int:
    return project.store.documents.ids()[0]


def event_on(project: Project, word: str, event_type: str) -> int:
    start = TEXT.index(word)
    inverse, _ = project.apply(AddEvent(project_doc(project), event_type, start=start, end=start + len(word)))
    return inverse.event_id


def refused(project: Project, edit, message: str) -> None:
    before = (project.spans(edit.doc_id), project.events(edit.doc_id))
    with pytest.raises(AnnotatorError) as raised:
        project.apply(edit)
    assert message in str(raised.value)
    assert (project.spans(edit.doc_id), project.events(edit.doc_id)) == before


def test_identical_spans_are_refused_on_add_and_new_triggers(project, doc) -> None:
    rebels = span_id(project, REBELS)
    refused(project, AddSpan(doc, REBELS), "span 0-6 (ORG) is there twice")
    project.apply(RelabelSpan(doc, rebels, "GPE"))  # the same extent relabelled: no second span
    assert [(s.start, s.end, s.label) for s in project.spans(doc) if s.kind == ENTITY] == [(0, 6, "GPE")]
    event_on(project, "shelled", "Conflict.Attack")
    refused(project, AddEvent(doc, "Conflict.Attack", start=7, end=14),
            "span 7-14 (Conflict.Attack) is there twice")


def test_an_event_type_stays_its_trigger_label(project, doc) -> None:
    first = event_on(project, "killing", "Life.Die")
    trigger = project.events(doc)[0].trigger_id
    project.apply(AddEvent(doc, "Life.Die", trigger_id=trigger))
    refused(project, ChangeEventType(doc, first, "Conflict.Attack"),
            "a Life.Die event has the trigger span 32-39 (Conflict.Attack)")
    refused(project, AddEvent(doc, "Conflict.Attack", trigger_id=trigger),
            "an event's type must be its trigger's label")
    refused(project, AddEvent(doc, "Conflict.Attack", trigger_id=span_id(project, REBELS)),
            "span 0-6 (ORG), is an entity, not a trigger")
    refused(project, RelabelSpan(doc, trigger, "PERSON"), "a trigger takes its label from its event")


def test_changing_the_event_type_checks_its_arguments_against_the_new_type(project, doc) -> None:
    attack_id = event_on(project, "shelled", "Conflict.Attack")
    project.apply(AddArgument(doc, attack_id, "Place", span_id=span_id(project, RAQQA)))
    project.apply(AddArgument(doc, attack_id, "Target", span_id=span_id(project, at("Omar", "GPE"))))
    refused(project, ChangeEventType(doc, attack_id, "Life.Die"), "Life.Die events have no role 'Target'")


def test_a_trigger_never_fills_a_role_whichever_way_it_is_added(project, doc) -> None:
    attack_id = event_on(project, "shelled", "Conflict.Attack")
    event_on(project, "killing", "Life.Die")
    killing = project.events(doc)[1].trigger_id
    refused(project, AddArgument(doc, attack_id, "Target", span_id=killing), "a trigger never fills a role")


# -- properties -----------------------------------------------------------------------------------------

NAMES = ["PERSON", "ORG", "GPE", "DATE", "WEAPON", "Conflict.Attack", "Life.Die", "NOPE"]
ROLES = ["Attacker", "Target", "Time", "Place", "Victim", "Agent", "", "Nope"]


@st.composite
def annotations(draw):
    text = draw(st.text(max_size=30))
    offsets = st.integers(min_value=-3, max_value=len(text) + 3)
    spans = draw(st.lists(st.builds(Span, offsets, offsets, st.sampled_from(NAMES),
                                    st.sampled_from(SPAN_KINDS), st.text(max_size=3)), max_size=8))
    references = st.integers(min_value=-1, max_value=len(spans) + 1)
    arguments = st.lists(st.builds(Argument, st.sampled_from(ROLES), references), max_size=4)
    events = draw(st.lists(st.builds(Event, st.sampled_from(NAMES), references, arguments.map(tuple)),
                           max_size=4))
    return text, spans, events


@settings(max_examples=300, deadline=None)
@given(annotations())
def test_document_violations_never_raises(drawn) -> None:
    text, spans, events = drawn
    for violation in rules.document_violations(SCHEMA, text, spans, events):
        assert violation.severity in (rules.ERROR, rules.WARNING) and violation.message


WORDS = ["Rebels", "shelled", "Raqqa", "on Monday", "Monday", "Mon", "killing", "Omar Haddad", "Omar",
         "mortar", "with a mortar"]


ENTITIES = ["PERSON", "ORG", "GPE", "DATE", "WEAPON"]
EVENT_TYPES = ["Conflict.Attack", "Life.Die"]


def _edit(data: st.DataObject, project: Project, doc_id: int):
    """One random edit on the document as it stands, mostly plausible (schema names, its own rows)."""
    spans, events = project.spans(doc_id), project.events(doc_id)
    pick = data.draw
    span = pick(st.sampled_from([s.id for s in spans] or [0]))
    event = pick(st.sampled_from([e.id for e in events] or [0]))
    argument = pick(st.sampled_from([a.id for e in events for a in e.arguments] or [0]))
    word = pick(st.sampled_from(WORDS))
    start, end = TEXT.index(word), TEXT.index(word) + len(word)
    entity, event_type = pick(st.sampled_from(ENTITIES)), pick(st.sampled_from(EVENT_TYPES))
    chosen = next((e for e in events if e.id == event), None)
    role = pick(st.sampled_from([r.name for r in SCHEMA.event_type(chosen.type).roles] if chosen else ROLES))
    return pick(st.sampled_from([
        AddSpan(doc_id, Span(start, end, entity)),
        AddSpan(doc_id, Span(start, end, pick(st.sampled_from(NAMES)), pick(st.sampled_from(SPAN_KINDS)))),
        AddEvent(doc_id, event_type, start=start, end=end),
        AddEvent(doc_id, event_type, trigger_id=span),
        AddArgument(doc_id, event, role, span_id=span),
        AddArgument(doc_id, event, role, new_span=Span(start, end, entity)),
        RelabelSpan(doc_id, span, entity),
        ChangeEventType(doc_id, event, event_type),
        RemoveSpan(doc_id, span),
        RemoveEvent(doc_id, event),
        RemoveArgument(doc_id, argument),
    ]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_edits_the_rules_accept_never_leave_a_broken_document(project, data) -> None:
    doc_id = add_document(project, TEXT + str(len(project.store.documents.ids())), "h")
    text = project.document(doc_id).text
    for word, event_type in (("shelled", "Conflict.Attack"), ("killing", "Life.Die")):
        project.apply(AddEvent(doc_id, event_type, start=TEXT.index(word), end=TEXT.index(word) + len(word)))
    for _ in range(data.draw(st.integers(1, 30))):
        try:
            project.apply(_edit(data, project, doc_id))
        except (AnnotatorError, KeyError):  # refused, or a random id that is not there
            continue
        broken = rules.errors(rules.document_violations(project.schema, text, project.spans(doc_id),
                                                        project.events(doc_id)))
        assert broken == []
