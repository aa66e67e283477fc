"""Entity linking at project scale: 20,000 documents of 10 entity spans each, 5,000 entities.

    python tests/benchmarks/bench_entity_linking.py

1. Importing the registry as a CSV alias list (5,000 entities, 3 aliases each).
2. Link proposals for one document (what a window would ask when a document opens), the first building
   the registry's alias index, the next reusing it.
3. "Link all mentions of this string in the project" built and applied as one edit.
4. The Entities window's "aliases from unlinked mentions" for one entity (its background read), and
   adding one as an alias with its mentions linked, built and applied as one edit.
5. ``annotator entities link``'s edit: every unlinked mention naming exactly one entity.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotator.core.model import Annotated, Document, Span  # noqa: E402
from annotator.formats.records import text_hash  # noqa: E402
from annotator.project import Project  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "linked_schema.yaml"
DOCUMENTS, SPANS, ENTITIES = 20_000, 10, 5_000


def timed(what: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{what}: {(time.perf_counter() - started) * 1000:.0f} ms")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        gazetteer = root / "registry.csv"
        gazetteer.write_text("name,label,aliases,id\n" + "".join(
            f"Group {n},ORG,Grüppe {n}|GROUP {n}|the group {n},wikidata:Q{n}\n" for n in range(ENTITIES)),
            encoding="utf-8")
        with Project.create(root / "bench.annotator", SCHEMA) as project:
            items = []
            for number in range(DOCUMENTS):
                names = [f"GRUPPE {(number * SPANS + i) % ENTITIES}" for i in range(SPANS)]
                text = " and ".join(names) + f" met ({number})."
                spans, start = [], 0
                for name in names:
                    spans.append(Span(start, start + len(name), "ORG"))
                    start += len(name) + len(" and ")
                document = Document(text, f"doc {number}", sha256=text_hash(text))
                items.append(Annotated(document, tuple(spans)))
            with project.store.atomic():
                for first in range(0, DOCUMENTS, 1000):
                    project.store.insert_annotated(items[first:first + 1000], annotator="bench",
                                                   source="import")
            timed(f"import {ENTITIES} entities from CSV", lambda: project.import_entities(gazetteer))
            proposals = timed("link proposals for one document (alias index built)",
                              lambda: project.link_proposals(1))
            assert len(proposals) == SPANS
            timed("link proposals for the next document (index kept)", lambda: project.link_proposals(2))
            edit = timed("build 'link all GRUPPE 7' in the project",
                         lambda: project.link_all_edit(8, "gruppe 7"))
            timed(f"apply it ({len(edit.links)} links, one undo step)", lambda: project.apply(edit))
            found = timed("aliases from unlinked mentions of one entity",
                          lambda: project.alias_candidates(8))
            edit = timed(f"build adding {found[0].text!r} ({found[0].count} mentions) as an alias, linked",
                         lambda: project.add_aliases_edit(8, [found[0].text], link=True))
            timed("apply it", lambda: project.apply(edit))
            edit, chosen = timed("build 'entities link' for the project",
                                 lambda: project.unambiguous_links_edit())
            timed(f"apply it ({len(chosen)} links)", lambda: project.apply(edit))


if __name__ == "__main__":
    main()
