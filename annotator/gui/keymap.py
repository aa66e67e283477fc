"""The one table of the app's keyboard shortcuts.

Menus, the keys handled outside menus (the article, the find bar, the current suggestion), tooltips,
hints and the shortcut sheet all read ``KEYMAP``, so the sheet and the README cannot drift from what the
keys do. Label and event-type keys come from the schema; their rule is one entry here, the keys
themselves are listed per schema.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence

Key = str | QKeySequence.StandardKey

# Where a key works. A window key works everywhere in the window except in text fields; the other
# contexts are one widget, or a state of it, that handles the key itself.
WINDOW = "window"
ARTICLE = "article"
FIND_BAR = "find bar"
SUGGESTION = "suggestion"  # the current suggestion is the article's selection; it claims these keys
ADJUDICATION = "adjudication window"  # the Adjudication window handles these itself
RECORDS_WINDOW = "records window"  # the Records window's own keys
TOOL_WINDOW = "tool windows"  # each tool window (Search, Entities, Records, reports) has its own action
CONTEXTS = (WINDOW, ARTICLE, FIND_BAR, SUGGESTION, ADJUDICATION, RECORDS_WINDOW, TOOL_WINDOW)

_STD = QKeySequence.StandardKey
PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class Binding:
    """One command and its keys; ``group`` is the menu (or area) the sheet lists it under."""

    id: str
    keys: tuple[Key, ...]
    title: str
    group: str
    context: str = WINDOW
    hint: str = ""


_BINDINGS = (
    Binding("new_project", (_STD.New, "Ctrl+N"), "New project", "File"),
    Binding("open_project", (_STD.Open, "Ctrl+O"), "Open project", "File"),
    Binding("import_files", ("Ctrl+I",), "Import files", "File",
            hint="Import text, JSONL or brat files into this project"),
    Binding("export", ("Ctrl+E",), "Export", "File", hint="Export annotations as training data"),
    Binding("quit", (_STD.Quit, "Ctrl+Q"), "Quit", "File"),
    Binding("undo", (_STD.Undo, "Ctrl+Z"), "Undo", "Edit"),
    Binding("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo", "Edit"),
    Binding("delete", (_STD.Delete, "Backspace"), "Delete the selected annotation (an event goes with its "
            "trigger)", "Edit"),
    Binding("find", (_STD.Find, "Ctrl+F"), "Find in the document", "Edit"),
    Binding("find_next", ("Return", "Enter"), "Next match", "Find bar", FIND_BAR),
    Binding("find_close", ("Esc",), "Close the find bar", "Find bar", FIND_BAR),
    Binding("mark_done", ("Ctrl+Return", "Ctrl+Enter"), "Mark done and go to the next unfinished document",
            "Document"),
    Binding("mark_skipped", ("Ctrl+Shift+K",), "Mark skipped and go to the next unfinished document",
            "Document"),
    Binding("next_document", ("Alt+Right", "Ctrl+PgDown"), "Next document", "Document"),
    Binding("previous_document", ("Alt+Left", "Ctrl+PgUp"), "Previous document", "Document"),
    Binding("next_unfinished", ("Ctrl+Shift+PgDown", "Alt+End"), "Next unfinished document", "Document"),
    Binding("label_keys", (), "Tag the selection with a label or event type (keys listed below)", "Tag"),
    Binding("arm_role", tuple(str(number) for number in range(1, 10)), "Arm role 1–9 of the selected event "
            "(again: the next candidate entity)", "Tag"),
    Binding("cancel", ("Esc",), "Cancel the armed role, or clear the selection", "Tag", ARTICLE),
    Binding("tag_selection", ("Return", "Enter"), "Use a keyboard selection (fill the armed role)", "Tag",
            ARTICLE),
    Binding("link", ("R",), "Link the selected entity by a relation (again: the next candidate; Enter or a "
            "click takes it)", "Tag"),
    Binding("link_entity", ("K",), "Link the selected entity span to the registry (one match: at once; "
            "several: a numbered picker; none: Enter creates an entity from this mention)", "Entities"),
    Binding("link_all_in_document", ("Ctrl+K",), "Link every mention of this string in the document to the "
            "selected span's entity", "Entities"),
    Binding("relation_keys", (), "Link the selected entity by a relation type's own key (listed below)",
            "Tag"),
    Binding("attributes", ("Ctrl+Shift+A",), "Attributes of the selected annotation (a quick picker)", "Tag"),
    Binding("note", ("Ctrl+Shift+N",), "Note on the selected annotation, or on the document", "Tag"),
    Binding("move_start_left", ("Alt+Shift+Left",), "Move the selected span's start a token left", "Tag"),
    Binding("move_start_right", ("Alt+Shift+Right",), "Move the selected span's start a token right", "Tag"),
    Binding("move_end_left", ("Ctrl+Alt+Left",), "Move the selected span's end a token left", "Tag"),
    Binding("move_end_right", ("Ctrl+Alt+Right",), "Move the selected span's end a token right", "Tag"),
    Binding("extend_word_right", ("Ctrl+Shift+Right",), "Extend the selection by a word to the right",
            "Article", ARTICLE),
    Binding("extend_word_left", ("Ctrl+Shift+Left",), "Extend the selection by a word to the left",
            "Article", ARTICLE),
    Binding("zoom_in", ("Ctrl++", "Ctrl+="), "Zoom in", "View"),
    Binding("zoom_out", ("Ctrl+-",), "Zoom out", "View"),
    Binding("reset_zoom", ("Ctrl+0",), "Reset zoom", "View"),
    Binding("next_suggestion", ("F8",), "Next suggestion", "Suggestions"),
    Binding("previous_suggestion", ("Shift+F8",), "Previous suggestion", "Suggestions"),
    Binding("accept_suggestion", ("Return", "Enter"), "Accept the selected suggestion", "Suggestions",
            SUGGESTION),
    Binding("reject_suggestion", ("Backspace", "X"), "Reject the selected suggestion", "Suggestions",
            SUGGESTION),
    Binding("accept_occurrences", ("Ctrl+Shift+O",), "Accept all occurrences of this string", "Suggestions"),
    Binding("accept_all", ("Ctrl+Shift+Return",), "Accept all suggestions in the document", "Suggestions"),
    Binding("reject_all", ("Ctrl+Shift+Backspace",), "Reject all suggestions in the document",
            "Suggestions"),
    Binding("shortcuts", ("F1",), "Keyboard shortcuts", "Help"),
    Binding("link_all_in_project", ("Ctrl+Alt+K",), "Link every mention of this string in the project to "
            "the selected span's entity (found in the background)", "Entities"),
    Binding("record_accept", ("Ctrl+Shift+J",), "Add the selected event to the candidate record (the "
            "highlighted one in the Record pane)", "Records"),
    Binding("record_new", ("Ctrl+Shift+R",), "Make a new event record from the selected event", "Records"),
    Binding("record_ignore", ("Ctrl+Shift+I",),
            "Ignore the selected event's candidate records (again: show them)", "Records"),
    Binding("adjudicate", ("Ctrl+Shift+D",), "Adjudicate: the analysts' disagreements on this document",
            "Teams", hint="Decide, one key each, what the analysts' layers disagree on"),
    Binding("adjudicate_accept", tuple(str(number) for number in range(1, 10)),
            "Accept analyst 1–9's version into gold", "Adjudication", ADJUDICATION),
    Binding("adjudicate_both", ("B",), "Accept both versions (where the schema allows)", "Adjudication",
            ADJUDICATION),
    Binding("adjudicate_neither", ("N", "0"), "Accept neither version", "Adjudication", ADJUDICATION),
    Binding("adjudicate_edited", ("E",), "Keep gold as you edited it, and mark the item decided",
            "Adjudication", ADJUDICATION),
    Binding("search_project", ("Ctrl+Shift+F",), "Search the project: text, labels, entities, events, roles",
            "Edit"),
    Binding("agreement", ("Ctrl+Shift+G",), "Agreement between the analysts' layers", "View",
            hint="How far the analysts agree: F1 per label and role, κ and α, confusion, a report to save"),
    Binding("record_retitle", ("F2",), "Edit the selected record's title (or double-click it)", "Records",
            RECORDS_WINDOW),
    Binding("close_tool_window", ("Esc",), "Close the window (Search, Entities, Records, Consistency report, "
            "Agreement, Adjudication)", "Windows", TOOL_WINDOW),
)
KEYMAP: dict[str, Binding] = {binding.id: binding for binding in _BINDINGS}


def sequences(binding_id: str) -> list[QKeySequence]:
    """The binding's keys on this platform: a standard key may be empty or equal an explicit one.

    Standard keys are looked up in the platform theme, so this needs a QGuiApplication.
    """
    found: list[QKeySequence] = []
    for key in KEYMAP[binding_id].keys:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in found:
            found.append(sequence)
    return found


def key_text(binding_id: str, fmt: QKeySequence.SequenceFormat = NATIVE, sep: str = ", ") -> str:
    """``"Ctrl+Shift+Z, Ctrl+Y"``: the keys as a person reads them, for hints and the sheet."""
    return sep.join(names(binding_id, fmt))


def names(binding_id: str, fmt: QKeySequence.SequenceFormat = NATIVE) -> list[str]:
    """``["Ctrl+Shift+Z", "Ctrl+Y"]``: each key as a person reads it (the status hints' ``keys``)."""
    return [sequence.toString(fmt) for sequence in sequences(binding_id)]


def bind(action: QAction, binding_id: str) -> QAction:
    """Give ``action`` the binding's keys, its hint as status tip, and a tooltip naming the keys."""
    binding = KEYMAP[binding_id]
    action.setShortcuts(sequences(binding_id))
    action.setProperty("keymap_id", binding_id)
    if binding.hint:
        action.setStatusTip(binding.hint)
    keys = key_text(binding_id)
    action.setToolTip(f"{binding.hint or binding.title} ({keys})" if keys else binding.hint or binding.title)
    return action


def matches(event: QKeyEvent, binding_id: str) -> bool:
    """Whether a key press is one of the binding's keys (the keypad's Enter counts as Enter)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    pressed = QKeySequence(event.key() | modifiers.value)
    return pressed in sequences(binding_id)


def groups() -> list[tuple[str, list[Binding]]]:
    """The bindings by group, in table order, as the shortcut sheet lists them."""
    grouped: dict[str, list[Binding]] = {}
    for binding in _BINDINGS:
        grouped.setdefault(binding.group, []).append(binding)
    return list(grouped.items())
