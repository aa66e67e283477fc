"""Whether a process still runs: lets leftovers of a killed run (hidden temporary files) be cleaned."""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    """True unless ``pid`` is certainly gone (a process we may not signal still counts as alive)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # no cheap check: never remove what might be in use
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
