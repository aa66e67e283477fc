"""A generated corpus of news-sized documents with entity spans, written as Prodigy-shaped JSONL."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PEOPLE = ["Amira Haddad", "Kofi Mensah", "Yusuf Al-Hamdan", "Léa Moreau", "Dmitri Volkov",
          "Fatima Zahra", "Omar Khalil", "Nour Saleh", "Tomás Ruiz", "Zoë Kramer"]
ORGS = ["the Syrian Democratic Forces", "the United Nations", "Reuters", "the Red Crescent",
        "the Defence Ministry", "Human Rights Watch"]
PLACES = ["Deir ez-Zor", "Abu Kamal", "Raqqa", "Aleppo", "Damascus", "Mayadin", "Hasakah"]
DATES = ["Monday", "Tuesday", "last week", "on 3 March", "early on Friday"]
FILLER = ("Residents said the situation remained tense as aid convoys waited at the crossing. "
          "Officials gave no figure for the number of people displaced by the fighting. ")


def _sentence(rng: random.Random) -> tuple[str, list[tuple[int, int, str]]]:
    pieces = [
        (rng.choice(PEOPLE), "PERSON"), (" of ", None), (rng.choice(ORGS), "ORG"),
        (" said fighters attacked positions near ", None), (rng.choice(PLACES), "GPE"),
        (" ", None), (rng.choice(DATES), "DATE"), (". ", None),
    ]
    text, spans = "", []
    for piece, label in pieces:
        if label:
            spans.append((len(text), len(text) + len(piece), label))
        text += piece
    return text, spans


def document(rng: random.Random, number: int, filler: int = 7) -> dict:
    """About 2,500 characters (a short wire report; ``filler=4``: about 1,600) with 10 entity spans."""
    text, spans = f"Report {number}\n", []
    for _ in range(2):
        sentence, found = _sentence(rng)
        spans += [(s + len(text), e + len(text), label) for s, e, label in found]
        text += sentence + FILLER * filler
    base = len(text)
    sentence, found = _sentence(rng)
    spans += [(s + base, e + base, label) for s, e, label in found[:-2]]
    text += sentence
    return {
        "text": text,
        "meta": {"title": f"Report {number}", "source": "benchmark"},
        "spans": [{"start": s, "end": e, "label": label, "text": text[s:e]} for s, e, label in spans],
    }


def documents(count: int, seed: int = 7, filler: int = 7) -> Iterator[dict]:
    rng = random.Random(seed)
    for number in range(count):
        yield document(rng, number, filler)


def write_corpus(path: Path, count: int, filler: int = 7) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in documents(count, filler=filler):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def phase_in_process(script: str, name: str, *arguments: object) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one phase of ``script`` in a fresh process (the script
    runs ``--phase NAME ARGUMENTS…`` and prints its figures as JSON on its last line)."""
    completed = subprocess.run([sys.executable, script, "--phase", name, *map(str, arguments)],
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"phase {name} {' '.join(map(str, arguments))} failed:\n{completed.stderr}")
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures["seconds"], figures["peak_mb"]
