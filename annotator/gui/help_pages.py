"""Help pages generated from what the app actually has: its shortcuts and the project's schema.

Generated, so they cannot drift from the real key bindings or label definitions. Every piece of text
that comes from a schema file or an action is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from annotator.core.schema import Schema

_STYLE = (
    "<style>"
    "body { font-family: sans-serif; } h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 16px; }"
    "td, th { padding: 3px 10px 3px 0; vertical-align: top; text-align: left; }"
    ".key { font-family: monospace; font-weight: bold; white-space: nowrap; }"
    ".muted { color: #777777; }"
    "</style>"
)


def _swatch(color: str) -> str:
    return f'<span style="background-color: {escape(color)};">&nbsp;&nbsp;&nbsp;&nbsp;</span>'


def _key(key: str | None) -> str:
    return f'<span class="key">{escape(key.upper())}</span>' if key else '<span class="muted">—</span>'


KEY_COLUMN = 200  # pixels: one width for every group's key column, so the sheet reads as one table


def _keys_cell(keys: str) -> str:
    """Each key sequence kept whole; a list of them may wrap between sequences, never into the title."""
    sequences = [f'<span class="key">{escape(sequence)}</span>' for sequence in keys.split(", ") if sequence]
    shown = ", ".join(sequences) or '<span class="muted">from the schema</span>'
    return f'<td width="{KEY_COLUMN}">{shown}</td>'


def shortcuts_html(groups: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> str:
    """``groups`` are (heading, [(what it does, key sequence)]) in display order: one table row per
    entry, the keys and the title in cells of their own."""
    parts = [_STYLE, "<h1>Keyboard shortcuts</h1>"]
    for heading, entries in groups:
        rows = [f"<tr>{_keys_cell(keys)}<td>{escape(text)}</td></tr>" for text, keys in entries]
        if rows:
            parts.append(f'<h2>{escape(heading)}</h2><table width="100%">{"".join(rows)}</table>')
    return "".join(parts)


def guidelines_html(schema: Schema) -> str:
    """The annotation guidelines: every label and event type with its description, key and roles."""
    parts = [_STYLE, f"<h1>Annotation guidelines: {escape(schema.name)}</h1>"]
    if schema.description:
        parts.append(f"<p>{escape(schema.description)}</p>")
    if schema.entity_labels:
        parts.append("<h2>Entity labels</h2><table><tr><th></th><th>Label</th><th>Key</th>"
                     "<th>When to use it</th></tr>")
        parts += [
            f"<tr><td>{_swatch(label.color)}</td><td><b>{escape(label.name)}</b></td>"
            f"<td>{_key(label.key)}</td><td>{escape(label.description)}"
            f"{'' if label.allow_overlap else ' <i>(may not overlap another of its kind)</i>'}</td></tr>"
            for label in schema.entity_labels
        ]
        parts.append("</table>")
    if schema.event_types:
        parts.append("<h2>Event types</h2>")
    for event in schema.event_types:
        parts.append(
            f"<h3>{_swatch(event.color)} {escape(event.name)} &nbsp;{_key(event.key)}</h3>"
            f"<p>{escape(event.description)}</p>"
        )
        if event.triggers:
            words = ", ".join(escape(word) for word in event.triggers)
            parts.append(f'<p class="muted">Typical triggers: {words}</p>')
        if event.roles:
            parts.append("<table><tr><th>#</th><th>Role</th><th>Filled by</th><th></th></tr>")
            for number, role in enumerate(event.roles, start=1):
                rules = [r for r in ("required" if role.required else "",
                                     "" if role.repeat else "at most one") if r]
                fillers = ", ".join(escape(f) for f in role.fillers) or "any entity"
                parts.append(
                    f'<tr><td class="key">{number}</td><td><b>{escape(role.name)}</b>'
                    f"{' <i>(' + escape(', '.join(rules)) + ')</i>' if rules else ''}</td>"
                    f"<td>{fillers}</td><td>{escape(role.description)}</td></tr>"
                )
            parts.append("</table>")
    return "".join(parts)
