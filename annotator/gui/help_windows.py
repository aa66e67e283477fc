"""The Help menu's windows: the shortcut sheet, the schema's guidelines and About.

The pages themselves are generated in :mod:`annotator.gui.help_pages` (no Qt); this module opens them.
"""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import __version__
from annotator.core.schema import Schema
from annotator.gui import keymap
from annotator.gui.dialogs import show_html
from annotator.gui.help_pages import guidelines_html, shortcuts_html
from annotator.gui.palette import key_text


def shortcut_groups(schema: Schema) -> list[tuple[str, list[tuple[str, str]]]]:
    """The keymap by group, one row per entry, then the schema's label, event-type and relation keys."""
    groups = [(group, [(binding.title, keymap.key_text(binding.id)) for binding in bindings])
              for group, bindings in keymap.groups()]
    labels = [(item.name, key_text(item.key))
              for item in (*schema.entity_labels, *schema.event_types, *schema.relation_types) if item.key]
    return [*groups, (f"Label keys of the {schema.name} schema", labels)]


def show_shortcuts(parent: QWidget, schema: Schema) -> QWidget:
    return show_html(parent, "Keyboard shortcuts", shortcuts_html(shortcut_groups(schema)))


def show_guidelines(parent: QWidget, schema: Schema) -> QWidget:
    return show_html(parent, "Annotation guidelines", guidelines_html(schema))


def show_about(parent: QWidget) -> None:
    from annotator.versions import component_versions  # importlib.metadata: only when asked

    parts = [f"{name} {version}" for name, version in component_versions().items()]
    QMessageBox.about(
        parent, "About annotator",
        f"<h3>annotator {__version__}</h3><p>Tag entities and events in news articles and export "
        f"training data, offline.</p><p>{'<br>'.join(parts)}<br>Qt runtime {qVersion()}</p>",
    )
