"""Filling the armed role from the keyboard: candidates by key, a keyboard selection by Enter.

Part of the tagging controller, split out to keep that one small: it uses the controller's selection
bounds and its one way of filling a role (``_fill``, which disarms the role once the project accepts).

Pressing a role's number arms it and preselects the nearest entity that may fill it (nearest to the
event's trigger, see :func:`annotator.core.role_candidates.role_candidates`) as the article's text
selection; pressing the same number again steps to the next candidate; Enter takes the selection. So
filling a role from an entity already tagged is two keys. A selection of one's own (drag, Shift+arrows)
fills the role the same way: the entity with exactly its extent when there is one, else a new span when
the role takes a single label (otherwise the label's key says which).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core.edits import AddArgument
from annotator.core.model import Event
from annotator.core.relation_edits import FillRoleWithEvent
from annotator.core.role_candidates import role_candidates
from annotator.core.schema import Role
from annotator.gui import keymap
from annotator.gui.mentions import quote

if TYPE_CHECKING:
    from annotator.gui.tagging import TaggingController


class RoleFiller(QObject):
    def __init__(self, controller: TaggingController) -> None:
        super().__init__(controller)
        self.controller = controller
        self._candidates: list[int] = []  # span ids, nearest first
        self._shown: tuple[int | None, str | None, int] = (None, None, -1)  # event, role, candidate index

    @property
    def _state(self):
        return self.controller.state

    def _event(self) -> Event | None:
        event_id = self._state.selected_event_id
        return self._state.events.get(event_id) if event_id is not None else None

    def _roles(self, event: Event | None) -> tuple[Role, ...]:
        event_type = self.controller.session.project.schema.event_type(event.type) if event else None
        return event_type.roles if event_type else ()

    def _role(self, event: Event | None, name: str | None) -> Role | None:
        return next((role for role in self._roles(event) if role.name == name), None)

    # -- arming and candidates ---------------------------------------------------------------------

    def press_number(self, number: int) -> None:
        """A role key: arm role ``number``, or, when it is the armed role already, show the next candidate."""
        event, armed = self._event(), self._state.armed_role
        roles = self._roles(event)
        pressed = roles[number - 1].name if 1 <= number <= len(roles) else None
        if event is not None and pressed == armed and self._shown[:2] == (event.id, armed):
            self._show(self._shown[2] + 1)
        else:
            self.controller.arm_role_number(number)
            self._preselect()

    def arm(self, role_name: str) -> None:
        """Arm a role by name (a click on it in the Event pane) and preselect its nearest candidate."""
        self.controller.arm_role(role_name)
        self._preselect()

    def _preselect(self) -> None:
        event = self._event()
        role = self._role(event, self._state.armed_role)
        if role is None:
            self._candidates, self._shown = [], (None, None, -1)
            return
        trigger = self._state.spans.get(event.trigger_id)
        others = frozenset(e.trigger_id for e in self._state.events.values() if e.id != event.id)
        found = role_candidates(role, event, trigger, self._state.spans.values(), others) if trigger else []
        self._candidates = [span.id for span in found]
        self._shown = (event.id, role.name, -1)
        self._show(0)  # or, with no candidate, say that there is none

    def _show(self, index: int) -> None:
        """Make candidate ``index`` (wrapping round) the article's selection and say how to take it."""
        candidates = [span_id for span_id in self._candidates if span_id in self._state.spans]
        event_id, role_name, _ = self._shown
        if not candidates:
            self.controller.session.message.emit(f"No entity can fill {role_name} yet: select its text")
            return
        index %= len(candidates)
        self._shown = (event_id, role_name, index)
        span = self._state.spans[candidates[index]]
        self.controller.view.select_text(span.start, span.end)
        number = self._role_number(role_name)
        again = f", {number} the next one" if number and len(candidates) > 1 else ""
        self.controller.session.message.emit(
            f"{role_name}: {span.label} {quote(span.text)} ({index + 1} of {len(candidates)}) — "
            f"{keymap.key_text('tag_selection', sep=' or ')} fills it{again}; or click an entity or "
            "select other text")

    def _role_number(self, role_name: str | None) -> int | None:
        names = [role.name for role in self._roles(self._event())]
        number = names.index(role_name) + 1 if role_name in names else None
        return number if number is not None and number <= 9 else None

    # -- filling ----------------------------------------------------------------------------------

    def use_selection(self) -> None:
        """Text selected (a drag, or Enter on a keyboard selection) while a role is armed: fill it with
        the entity of exactly that extent, or a new span when the role's label is unambiguous."""
        controller = self.controller
        event = self._event()
        role = self._role(event, self._state.armed_role)
        if role is None:
            return
        bounds = controller._selection_bounds()
        if bounds is None:
            return
        if self.fill_with_event(self._event_at(*bounds, role)):
            return
        existing = controller._entity_at(*bounds, role.accepts)
        if existing is not None:
            controller._fill(AddArgument(controller.doc_id, event.id, role.name, span_id=existing.id))
            return
        schema = controller.session.project.schema
        labels = role.fillers or tuple(label.name for label in schema.entity_labels)
        if len(labels) != 1:
            controller.session.message.emit(f"Press the key of the {role.name}'s label: {', '.join(labels)}")
            return
        controller._fill(controller._filler(labels[0], *bounds))

    def _event_at(self, start: int, end: int, role: Role) -> Event | None:
        """The event (not the selected one) whose trigger is exactly ``start``-``end``, of a type the
        role accepts."""
        for span in self._state.spans_at(start, end):
            filler = self._state.event_of_trigger(span.id)
            if filler is not None and filler.id != self._state.selected_event_id \
                    and role.accepts(filler.type):
                return filler
        return None

    def fill_with_event(self, filler: Event | None) -> bool:
        """Fill the armed role with the event ``filler`` (brat's nested events); say whether it was one."""
        event = self._event()
        role = self._role(event, self._state.armed_role)
        if filler is None or role is None or not role.accepts(filler.type):
            return False
        done = self.controller.session.do(FillRoleWithEvent(self.controller.doc_id, event.id, role.name,
                                                            filler.id))
        if done is not None:
            self._state.armed_role = None
            self.controller.view.clear_text_selection()
            trigger = self._state.spans.get(filler.trigger_id)
            text = quote(trigger.text) if trigger else ""
            self.controller.session.message.emit(f"{role.name} of {event.type}: the {filler.type} {text}")
        return True
