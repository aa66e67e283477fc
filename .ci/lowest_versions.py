"""Print a pip constraints file pinning each dependency of pyproject.toml to its declared lower bound."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib


def lowest(requirement: str) -> str | None:
    match = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*[^;]*?>=\s*([0-9][^,;\s]*)", requirement)
    if not match:
        return None
    name = re.sub(r"\[.*\]", "", match.group(1))
    return f"{name}=={match.group(2)}"


def main(path: str) -> None:
    project = tomllib.loads(Path(path).read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    pins = sorted({pin for pin in map(lowest, requirements) if pin})
    print("\n".join(pins))


if __name__ == "__main__":
    main(sys.argv[1])
