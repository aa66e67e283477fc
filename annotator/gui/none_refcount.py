"""Keep ``None`` alive under PySide6 6.12 on Python 3.10/3.11.

pyproject.toml asks for PySide6 below 6.12, but an environment may already hold 6.12 (this one does).
The PySide6 6.12 wheels (built for the stable ABI) return ``None`` from every void method, such as
``widget.update()``, without taking a reference to it. Python 3.12 made ``None`` immortal, so there this
is harmless; on 3.10 and 3.11 each call drops ``None``'s reference count by one and, after some tens of
thousands of calls (minutes of normal use), the interpreter aborts with "deallocating None". Giving
``None`` a huge reference count once at import does what 3.12 does for it.
"""

from __future__ import annotations

import ctypes
import sys

import shiboken6

_HEADROOM = 1 << 40  # a trillion void calls


def pin_none() -> None:
    """Raise ``None``'s reference count far beyond what any session can drop (only before 3.12)."""
    affected = shiboken6.__version__.startswith("6.12.")
    if not affected or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
