"""What the article view's tooltips say about a span, a relation's arc or a suggestion, worded apart from
the widget.

Article text may look like HTML, so every piece of it is escaped; long spans are cut short.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from annotator.core.model import Relation, Span
from annotator.gui import keymap
from annotator.gui.annotation_details import MISSING

TOOLTIP_TEXT_LIMIT = 160


def _shortened(text: str) -> str:
    return text if len(text) <= TOOLTIP_TEXT_LIMIT else text[:TOOLTIP_TEXT_LIMIT] + "…"


def _details(lines: Sequence[str]) -> str:
    """Attribute values and notes, one a line, escaped; a missing required one in bold."""
    shown = [f"<b>{escape(_shortened(line))}</b>" if line.endswith(MISSING) else escape(_shortened(line))
             for line in lines]
    return "".join(f"<br>{line}" for line in shown)


def describe(span: Span, linked_to: str = "", details: Sequence[str] = ()) -> str:
    """Tooltip for a stored span: label, text, the entity it is linked to (if any), its attributes and
    notes (a trigger's: its event's) and provenance."""
    kind = "event trigger" if span.kind == "trigger" else "entity"
    who = [f"by {span.annotator}" if span.annotator else "", span.source,
           span.created_at[:16].replace("T", " ")]
    if span.confidence is not None:
        who.append(f"confidence {span.confidence:.2f}")
    provenance = " · ".join(part for part in who if part)
    link = f"<br>Linked to {escape(linked_to)}" if linked_to else ""
    return (f"<b>{escape(span.label)}</b> ({kind})<br>\u201c{escape(_shortened(span.text))}\u201d{link}"
            f"{_details(details)}<br><small>{escape(provenance)}</small>")


def describe_relation(relation: Relation, head: str, tail: str, *, symmetric: bool = False,
                      details: Sequence[str] = ()) -> str:
    """Tooltip for a relation's arc: its type, its two ends, its attributes and notes, and what a click
    and a right click do."""
    arrow = "\u2194" if symmetric else "\u2192"
    return (f"<b>{escape(relation.type)}</b> (relation)<br>\u201c{escape(_shortened(head))}\u201d {arrow} "
            f"\u201c{escape(_shortened(tail))}\u201d{_details(details)}"
            f"<br><small>Click selects it ({escape(keymap.key_text('delete', sep=' or '))} then deletes it); "
            "right click for more</small>")


def describe_suggestion(span: Span) -> str:
    """Tooltip for a recommender's proposal: what, from where, how sure, and the keys that settle it."""
    confidence = f" ({span.confidence:.2f})" if span.confidence is not None else ""
    return (f"<b>Suggestion: {escape(span.label)}</b> from {escape(span.source)}{escape(confidence)}"
            f"<br>\u201c{escape(_shortened(span.text))}\u201d"
            f"<br><small>{keymap.key_text('next_suggestion')} / "
            f"{keymap.key_text('previous_suggestion')} step to it; then "
            f"{keymap.key_text('accept_suggestion', sep=' or ')} accepts it (so does a click), "
            f"{keymap.key_text('reject_suggestion', sep=' or ')} rejects it</small>")
