"""A merge that can be killed part-way: ``python merge_worker.py GOLD INPUT... [--pause SECONDS]``.

It prints ``merged N`` each time the merge reports a document done (inside its one transaction), sleeping
``--pause`` seconds there so a test can kill it mid-transaction, and ``done`` once the merge committed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from annotator.core.jobs import JobControl
from annotator.project.merging import merge_files


def main(argv: list[str]) -> None:
    pause = float(argv[argv.index("--pause") + 1]) if "--pause" in argv else 0.0
    paths = [Path(arg) for arg in argv if not arg.startswith("--") and arg != str(pause)]

    def progress(done: int, _total: int, _message: str) -> None:
        print(f"merged {done}", flush=True)
        if pause:
            time.sleep(pause)

    merge_files(paths[0], paths[1:], control=JobControl(progress))
    print("done", flush=True)
    time.sleep(3600)


if __name__ == "__main__":
    main(sys.argv[1:])
