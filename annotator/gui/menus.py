"""The main window's menu bar: every menu, its actions in order, and the Tag menu refilled per project.

The window delegates each command; this module only lays the commands out (titles, order, submenus), with
keys, tooltips and hints from the keymap, so the window keeps to projects, documents and closing. Actions
the window enables or relabels later stay attributes of the window (``undo_action``, ``import_action``…).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QUndoStack
from PySide6.QtWidgets import QMenu

from annotator.gui import keymap
from annotator.gui.boundary_editing import MOVES
from annotator.gui.plain_text import mnemonic_safe
from annotator.gui.recent_menu import fill_recent_menu
from annotator.gui.settings import THEMES

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

# Tag-menu actions kept in a submenu of their own (by keymap id), so the menu fits on a small screen.
_TAG_SUBMENUS = {"arm_role": "Fill role", **{binding: "Move span edge" for binding, _, _ in MOVES}}


def _action(window: MainWindow, menu: QMenu, text: str, slot: Callable, binding: str = "") -> QAction:
    """A menu action; its keys, tooltip and hint come from the keymap entry ``binding``."""
    action = QAction(text, window)
    if binding:
        keymap.bind(action, binding)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """The menu bar of ``window``; the Tag menu stays empty until :func:`fill_tag_menu`."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _action(window, file_menu, "&New project…", window.new_project, "new_project")
    _action(window, file_menu, "&Open project…", window.choose_project, "open_project")
    window.recent_menu = file_menu.addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(
        window.recent_menu, window.preferences.recent_projects(), window.open_project))
    file_menu.addSeparator()
    window.import_action = _action(
        window, file_menu, "&Import files…", window.choose_import_files, "import_files")
    window.import_folder_action = _action(window, file_menu, "Import &folder…", window.choose_import_folder)
    window.import_options_action = _action(window, file_menu, "Import with &options…",
                                           window.choose_import_with_options)
    window.import_options_action.setStatusTip("Choose the encoding, newlines and invalid records first")
    window.export_action = _action(window, file_menu, "&Export…", window.choose_export, "export")
    window.backup_action = _action(window, file_menu, "&Back up project…", window.choose_backup)
    window.backup_action.setStatusTip("Copy the project safely, even while it is being edited")
    file_menu.addSeparator()
    _action(window, file_menu, "Assign &work…", lambda: _team(window, "choose_assign"))
    _action(window, file_menu, "&Merge analysts' work…", lambda: _team(window, "choose_merge"))
    file_menu.addSeparator()
    _action(window, file_menu, "Your &name…", window.change_annotator)
    file_menu.addSeparator()
    _action(window, file_menu, "&Quit", window.close, "quit")

    edit_menu = window.edit_menu = bar.addMenu("&Edit")
    window.undo_action = _action(window, edit_menu, "&Undo", lambda: window.session.undo(), "undo")
    window.redo_action = _action(window, edit_menu, "&Redo", lambda: window.session.redo(), "redo")
    edit_menu.addSeparator()
    window.delete_placeholder = edit_menu.addSeparator()
    _action(window, edit_menu, "&Find in document…", lambda: window.workbench.find_bar.open_bar(), "find")
    _action(window, edit_menu, "&Search project…", lambda: _show_tool(window, "search"), "search_project")

    document_menu = bar.addMenu("&Document")
    window.done_action = _action(window, document_menu, "Mark &done and go to next", window.mark_done,
                                 "mark_done")
    window.skip_action = _action(window, document_menu, "Mark &skipped and go to next", window.mark_skipped,
                                 "mark_skipped")
    document_menu.addSeparator()
    _action(window, document_menu, "&Next document", window.next_document, "next_document")
    _action(window, document_menu, "&Previous document", window.previous_document, "previous_document")
    _action(window, document_menu, "Next &unfinished document",
            lambda: window.next_document(unfinished=True), "next_unfinished")

    window.tag_menu = bar.addMenu("&Tag")

    view_menu = bar.addMenu("&View")
    _action(window, view_menu, "Zoom &in", lambda: window.zoom(+1), "zoom_in")
    _action(window, view_menu, "Zoom &out", lambda: window.zoom(-1), "zoom_out")
    _action(window, view_menu, "&Reset zoom", lambda: window.zoom(0), "reset_zoom")
    view_menu.addSeparator()
    window.entities_action = _action(window, view_menu, "&Entities…", lambda: _show_tool(window, "entities"))
    window.entities_action.setStatusTip("The entity registry, and every mention of an entity in the project")
    window.records_action = _action(window, view_menu, "Re&cords…", lambda: _show_tool(window, "records"))
    window.records_action.setStatusTip("Event records: one real-world event across documents, with evidence")
    _action(window, view_menu, "A&djudication…", lambda: window.session and _tool("adjudication")(
        window.session, window), "adjudicate")
    window.consistency_action = _action(window, view_menu, "&Consistency report…",
                                        lambda: _show_tool(window, "consistency"))
    window.consistency_action.setStatusTip(
        "Texts under different labels, unlinked mentions of an alias, events missing a role or a record")
    window.agreement_action = _action(window, view_menu, "A&greement…",
                                      lambda: _show_tool(window, "agreement"), "agreement")
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("&Appearance")
    window.theme_actions = QActionGroup(window)
    for theme, title in zip(THEMES, ("Follow the system", "Light", "Dark"), strict=True):
        action = _action(window, theme_menu, title, lambda _=False, t=theme: window.set_theme(t))
        action.setCheckable(True)
        action.setChecked(theme == window.preferences.theme)
        window.theme_actions.addAction(action)
    window.snap_action = _action(window, view_menu, "&Snap selections to whole words", window.set_snapping)
    window.snap_action.setCheckable(True)
    window.snap_action.setChecked(window.preferences.snapping)
    window.tags_action = _action(window, view_menu, "Show label &tags", window.set_show_tags)
    window.tags_action.setCheckable(True)
    window.tags_action.setChecked(window.preferences.show_tags)

    help_menu = bar.addMenu("&Help")
    _action(window, help_menu, "&Keyboard shortcuts", window.show_shortcuts, "shortcuts")
    _action(window, help_menu, "Annotation &guidelines", window.show_guidelines)
    _action(window, help_menu, "&About annotator", window.show_about)


def _team(window: MainWindow, verb: str) -> None:
    """Assign or merge from the open project (nothing to do without one)."""
    if window.session is not None:
        getattr(import_module("annotator.gui.team_operations"), verb)(
            window, window.session.project, window._show_message)


# The windows the View and Edit menus open: module and function, imported when first asked for, so the
# first window of the app does not wait for them.
_TOOLS = {
    "entities": ("annotator.gui.entity_view", "show_entity_view"),
    "records": ("annotator.gui.records_window", "show_records_window"),
    "search": ("annotator.gui.search_window", "show_search_window"),
    "consistency": ("annotator.gui.consistency_window", "show_consistency_window"),
    "agreement": ("annotator.gui.agreement_view", "show_agreement_view"),
    "adjudication": ("annotator.gui.adjudication", "show_adjudication"),
}


def _tool(name: str) -> Callable:
    module, function = _TOOLS[name]
    return getattr(import_module(module), function)


def _show_tool(window: MainWindow, name: str) -> None:
    """Open (or bring up) the tool window ``name`` over the open project's workbench."""
    if window.workbench is not None:
        _tool(name)(window.workbench)


def follow_undo_stack(window: MainWindow, stack: QUndoStack) -> None:
    """Undo and Redo enabled and named after the project's next steps."""
    stack.canUndoChanged.connect(window.undo_action.setEnabled)
    stack.canRedoChanged.connect(window.redo_action.setEnabled)
    stack.undoTextChanged.connect(lambda text: window.undo_action.setText(_step_text("&Undo", text)))
    stack.redoTextChanged.connect(lambda text: window.redo_action.setText(_step_text("&Redo", text)))
    window.undo_action.setEnabled(False)
    window.redo_action.setEnabled(False)


def fill_tag_menu(window: MainWindow) -> None:
    """The tagging controller's actions, new with each project: entity labels, event types in one
    submenu per category (``Conflict`` of ``Conflict.Attack``), the role keys and the span-edge
    moves in a submenu each, so the menu fits on a small screen; Delete goes in Edit."""
    tag_menu, edit_menu, workbench = window.tag_menu, window.edit_menu, window.workbench
    tag_menu.clear()
    for action in edit_menu.actions():
        if action.parent() is not window and not action.isSeparator():
            edit_menu.removeAction(action)
    event_types = {event_type.name for event_type in window.session.project.schema.event_types}
    submenus: dict[str, QMenu] = {}

    def submenu(title: str) -> QMenu:
        if title not in submenus:
            if not submenus:
                tag_menu.addSeparator()
            submenus[title] = tag_menu.addMenu(mnemonic_safe(title))
        return submenus[title]

    for action in workbench.tagging_actions:
        category, dot, _ = str(action.data() or "").partition(".")
        binding = action.property("keymap_id")
        if action is workbench.delete_action:
            edit_menu.insertAction(window.delete_placeholder, action)
        elif action.data() in event_types and dot:
            submenu(category).addAction(action)
        elif binding in _TAG_SUBMENUS:
            submenu(_TAG_SUBMENUS[binding]).addAction(action)
        else:
            tag_menu.addAction(action)
        if action in workbench.label_actions[-1:]:
            tag_menu.addSeparator()
    for action in workbench.entity_actions:
        submenu("Entities").addAction(action)
    for action in workbench.record_actions:
        submenu("Records").addAction(action)


def _step_text(verb: str, step: str) -> str:
    """"&Undo Add R&&D": an undo step names labels, whose ampersands must show, not mark a key."""
    return f"{verb} {mnemonic_safe(step)}".rstrip()
