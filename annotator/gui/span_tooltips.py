"""What the article view's tooltips say about a span or a suggestion, worded apart from the widget.

Article text may look like HTML, so every piece of it is escaped; long spans are cut short.
"""

from __future__ import annotations

from html import escape

from annotator.core.model import Span
from annotator.gui import keymap

TOOLTIP_TEXT_LIMIT = 160


def _shortened(text: str) -> str:
    return text if len(text) <= TOOLTIP_TEXT_LIMIT else text[:TOOLTIP_TEXT_LIMIT] + "…"


def describe(span: Span, linked_to: str = "") -> str:
    """Tooltip for a stored span: label, text, the entity it is linked to (if any) and provenance."""
    kind = "event trigger" if span.kind == "trigger" else "entity"
    who = [f"by {span.annotator}" if span.annotator else "", span.source,
           span.created_at[:16].replace("T", " ")]
    if span.confidence is not None:
        who.append(f"confidence {span.confidence:.2f}")
    provenance = " · ".join(part for part in who if part)
    link = f"<br>Linked to {escape(linked_to)}" if linked_to else ""
    return (f"<b>{escape(span.label)}</b> ({kind})<br>\u201c{escape(_shortened(span.text))}\u201d{link}"
            f"<br><small>{escape(provenance)}</small>")


def describe_suggestion(span: Span) -> str:
    """Tooltip for a recommender's proposal: what, from where, how sure, and the keys that settle it."""
    confidence = f" ({span.confidence:.2f})" if span.confidence is not None else ""
    return (f"<b>Suggestion: {escape(span.label)}</b> from {escape(span.source)}{escape(confidence)}"
            f"<br>\u201c{escape(_shortened(span.text))}\u201d"
            f"<br><small>{keymap.key_text('next_suggestion')} / "
            f"{keymap.key_text('previous_suggestion')} step to it; then "
            f"{keymap.key_text('accept_suggestion', sep=' or ')} accepts it (so does a click), "
            f"{keymap.key_text('reject_suggestion', sep=' or ')} rejects it</small>")
