"""Dates, times, numbers and money amounts found by a few token rules, for when no NER model runs.

Trigger words must not be proposed inside such expressions ("March" in "14 March 2024" is not a
demonstration, "May" in "1 May" is not a verb). A month or weekday name counts as part of a date only
next to a number or after a word such as "in", "since" or "mid-", and only when it is not written in
lower case, so "they will march 14 km" and "prices may fall" keep their words. The name lists are
English; in other languages only the digit-based rules (times, amounts, numbers) apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.",
          "sept.", "oct.", "nov.", "dec."]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
            "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]
DATE_WORDS = ["in", "since", "until", "till", "by", "from", "during", "last", "next", "this", "early",
              "late", "mid", "of", "before", "after"]
TIME_WORDS = ["a.m.", "p.m.", "am", "pm", "gmt", "utc", "bst", "cet", "est", "edt", "pst", "hrs", "local"]
CURRENCY_WORDS = ["dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "pence", "cent",
                  "cents", "yen", "yuan", "renminbi", "rupee", "rupees", "rouble", "roubles", "ruble",
                  "rubles", "dinar", "dinars", "riyal", "riyals", "rial", "rials", "dirham", "dirhams",
                  "lira", "liras", "shekel", "shekels", "franc", "francs", "naira", "rand", "won",
                  "usd", "eur", "gbp", "jpy", "cny", "chf"]
PERCENT_WORDS = ["%", "percent", "per", "cent"]

_DIGITS = {"TEXT": {"REGEX": r"^\d"}}  # 14, 14th, 2,500, 4.5bn, 11:57
_NUMBER = {"LIKE_NUM": True}  # also number words: three, hundred, million
_MONTH = {"LOWER": {"IN": MONTHS}, "IS_LOWER": False}
_WEEKDAY = {"LOWER": {"IN": WEEKDAYS}, "IS_LOWER": False}
_COMMA = {"ORTH": ",", "OP": "?"}


def _optional(token: dict) -> dict:
    return {**token, "OP": "?"}


PATTERNS: dict[str, list[list[dict]]] = {
    "DATE": [
        [_optional(_WEEKDAY), _COMMA, _DIGITS, {"LOWER": "of", "OP": "?"}, _MONTH, _COMMA,
         _optional(_DIGITS)],  # (Thursday) 14 March (2024), the 14th of March
        [_optional(_WEEKDAY), _COMMA, _MONTH, _DIGITS],  # (Thursday,) March 14, November 2017
        [{"LOWER": {"IN": DATE_WORDS}}, {"ORTH": "-", "OP": "?"}, _MONTH],  # in March, mid-March
        [_WEEKDAY, _COMMA, _DIGITS],  # Thursday 09
    ],
    "TIME": [
        [{"TEXT": {"REGEX": r"^\d{1,2}[:.]\d\d$"}}, {"LOWER": {"IN": TIME_WORDS}, "OP": "?"}],
        [_DIGITS, {"LOWER": {"IN": TIME_WORDS}}],  # 10 a.m.
    ],
    "MONEY": [
        [{"TEXT": {"REGEX": r"[$€£¥₹₽₺₪]$"}}, _DIGITS, {**_NUMBER, "OP": "*"}],  # $5 million, US$20
        [_DIGITS, {**_NUMBER, "OP": "*"}, {"LOWER": {"IN": CURRENCY_WORDS}}],  # 300 euros
        [_NUMBER, {**_NUMBER, "OP": "*"}, {"LOWER": {"IN": CURRENCY_WORDS}}],  # five million dollars
    ],
    "NUMBER": [
        [_NUMBER, {**_NUMBER, "OP": "*"}, {"LOWER": {"IN": PERCENT_WORDS}, "OP": "*"}],
        [_DIGITS, {"LOWER": {"IN": PERCENT_WORDS}, "OP": "*"}],
    ],
}
# The most tokens one pattern names (a full date): how far around a word :meth:`inside` looks.
LONGEST_PATTERN = max(len(pattern) for patterns in PATTERNS.values() for pattern in patterns)


class ExpressionFinder:
    """The tokens of a Doc that belong to a date, time, number or money expression."""

    def __init__(self, vocab: Vocab) -> None:
        from spacy.matcher import Matcher

        self._matcher = Matcher(vocab)
        for kind, patterns in PATTERNS.items():
            self._matcher.add(kind, patterns)

    def spans(self, doc: Doc | Span) -> list[tuple[str, int, int]]:
        """``(kind, first token, end token)`` of every expression found (they may overlap), counted from
        the start of ``doc`` (a Doc or a Span)."""
        strings = doc.vocab.strings
        return [(strings[match_id], start, end) for match_id, start, end in self._matcher(doc)]

    def covered(self, doc: Doc | Span) -> set[int]:
        """Indices (in ``doc``) of the tokens inside any expression."""
        return {i for _, start, end in self.spans(doc) for i in range(start, end)}

    def inside(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a token of ``doc[start:end]`` is in an expression: the rules run over the few tokens
        around it only, as matching them over a whole article costs more than tokenizing it."""
        reach = LONGEST_PATTERN - 1
        window = doc[max(0, start - reach):min(len(doc), end + reach)]
        return any(window.start + i in range(start, end) for i in self.covered(window))
