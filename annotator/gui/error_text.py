"""Coded errors as the window shows them: hints that name window actions instead of command-line flags,
and the code, so an analyst can look the problem up in docs/errors.md.

The wording of the problem itself is the one of :mod:`annotator.errors`; only hints that speak of the
command line (``--encoding``, ``--skip-invalid``, ``annotator init``) get a window version here. A
rejected record carries its code's hint inside its message (``...; use --encoding utf-16``), so that
hint is found there too, and its fields read back from it.
"""

from __future__ import annotations

import re

from annotator.errors import CODES, AnnotatorError, Hints

IMPORT_WITH_OPTIONS = "File > Import with options…"
_PIPELINE = ("no pipeline is downloaded for you: install one with pip from a wheel file, or train one "
             "with Suggestions > Train model")

WINDOW_HINTS = {  # code: the hint the window gives instead (a template filled like the code's own)
    "E003": "create it with File > New project",
    "E103": "choose {codec} as the encoding in the import options",
    "E104": "if the file uses another encoding, choose it in the import options",
    "E505": _PIPELINE,
    "E507": _PIPELINE,
    "E730": "merge two or more analysts' copies with File > Merge analysts' work… (their overlap documents) "
            "first",
}
WINDOW_CALLER_HINTS = {  # a hint a verb added (Hints), in the window's words
    Hints.SKIP_INVALID: f"nothing was imported; fix it, or import again with {IMPORT_WITH_OPTIONS} and "
                        "tick “Skip invalid records” to import the rest and list the bad ones",
    Hints.NOTHING_EXPORTED: "nothing was exported; the project has a problem that 'annotator check' "
                            "names (run it in a terminal, or restore a backup)",
}


def _hint_pattern(template: str) -> re.Pattern[str]:
    """A code's hint template as a pattern that reads its fields back."""
    parts = re.split(r"\{(\w+)(?:![rsa])?\}", template)
    pattern = "".join(re.escape(part) if number % 2 == 0 else f"(?P<{part}>.+?)"
                      for number, part in enumerate(parts))
    return re.compile(f"; {pattern}$")


def embedded_hint(error: AnnotatorError) -> tuple[str, dict[str, str]] | None:
    """A rejected record's message without its code's hint, and the hint's fields; None if it has none."""
    template = CODES[error.code].hint if error.code in CODES else None
    found = _hint_pattern(template).search(error.message) if template else None
    return (error.message[:found.start()], found.groupdict()) if found else None


def window_message(error: AnnotatorError) -> str:
    """The problem, with a hint inside it in the window's words."""
    embedded = embedded_hint(error) if error.code in WINDOW_HINTS else None
    if embedded is None:
        return error.message
    message, fields = embedded
    return f"{message}; {WINDOW_HINTS[error.code].format(**fields)}"


def window_hint(error: AnnotatorError) -> str | None:
    if error.hint in WINDOW_CALLER_HINTS:
        return WINDOW_CALLER_HINTS[error.hint]
    own = CODES[error.code].hint if error.code in CODES else None
    own = own.format(**error.fields) if own and error.fields else own
    if error.code in WINDOW_HINTS and error.hint == own:  # the code's own hint, not one a caller chose
        return WINDOW_HINTS[error.code].format(**error.fields)
    return error.hint


def window_text(error: AnnotatorError) -> str:
    """``where: message (hint)`` in the window's words."""
    message = window_message(error)
    text = f"{error.where}: {message}" if error.where else message
    hint = window_hint(error)
    return f"{text} ({hint})" if hint else text


def code_note(error: AnnotatorError) -> str:
    """The line under the message: the code to look up."""
    return f"[{error.code}] Every error code is explained in docs/errors.md." if error.code else ""
