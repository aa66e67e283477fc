"""The project a first start opens: the bundled sample articles on the news schema.

Built once in the user's data folder so a new user sees a real article at once. It is written under a
temporary name and renamed when complete, so an interrupted first start never leaves half a sample.
"""

from __future__ import annotations

from pathlib import Path

from annotator.project import PROJECT_SUFFIX, Project
from annotator.resources import samples_dir

SAMPLE_NAME = f"sample{PROJECT_SUFFIX}"


def sample_articles(folder: Path | None = None) -> list[Path]:
    return sorted((folder or samples_dir()).glob("*.txt"))


def ensure_sample_project(data_folder: Path, samples: Path | None = None) -> Path:
    """The sample project's path, creating it from every ``samples/*.txt`` the first time."""
    path = data_folder / SAMPLE_NAME
    if path.exists():
        return path
    partial = data_folder / f"sample-being-built{PROJECT_SUFFIX}"
    for leftover in data_folder.glob(f"{partial.name}*"):
        leftover.unlink()
    project = Project.create(partial, "news", annotator="sample")
    try:
        articles = sample_articles(samples)
        if articles:
            project.import_paths(articles, annotator="sample", encoding=None,
                         normalize_newlines=False, skip_invalid=False, control=None)
    finally:
        project.close()
    partial.replace(path)
    for leftover in data_folder.glob(f"{partial.name}*"):
        leftover.unlink()
    return path
