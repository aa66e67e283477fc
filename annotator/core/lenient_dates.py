"""Reading a date out of what a report says ("3 March 2019", "March 3", "Sunday", "yesterday"), leniently.

Used to tell how far apart two event mentions are. In order: an ISO date (``2019-03-03``, or ``2019-03``
for its first day); a day and a month name in either order, with the year given or else taken from the
``reference`` date (the report's own date, from its document's metadata); the words today, tonight, this
morning, yesterday, last night, and a weekday name (the latest such day on or before ``reference``). Any
other text gives None: a date read wrong would suggest wrong records, so unreadable is the safe answer.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), 1) for name in names}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SAME_DAY = ("today", "tonight", "this morning", "this afternoon", "this evening")
_DAY_BEFORE = ("yesterday", "last night")
_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:,?\s+(\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b")
# Document metadata keys that may hold the report's own date (an ISO date, or its first 10 characters).
DATE_KEYS = ("date", "published", "published_at", "publication_date", "pub_date", "event_date")


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, reference: date | None = None) -> date | None:
    """The calendar day ``text`` names, or None (see the module's rules)."""
    lowered = " ".join(text.casefold().split())
    iso = _ISO.search(lowered)
    if iso:
        return _safe(int(iso[1]), int(iso[2]), int(iso[3] or 1))
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        found = pattern.search(lowered)
        if found:
            year = int(found[3]) if found[3] else (reference.year if reference else None)
            return _safe(year, _MONTHS[found[month_group]], int(found[day_group])) if year else None
    if reference is None:
        return None
    if any(word in lowered for word in _DAY_BEFORE):
        return reference - timedelta(days=1)
    if any(word in lowered for word in _SAME_DAY):
        return reference
    for number, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            return reference - timedelta(days=(reference.weekday() - number) % 7)
    return None


def document_date(meta: dict) -> date | None:
    """The report's own date from its metadata (the first of :data:`DATE_KEYS` that reads as ISO)."""
    for key in DATE_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            found = _ISO.match(value.strip())
            if found:
                return _safe(int(found[1]), int(found[2]), int(found[3] or 1))
    return None
