"""Every verb on a corpus of a million news-like articles, each beside its baseline in the same run.

    python tests/benchmarks/bench_million.py [--docs 1000000] [--work /tmp/annotator-million] [--runs 1]
                                             [--verbs import window filter "open last" stats check export]
                                             [--reuse]

Generates ``--docs`` articles of about 1,600 characters with 10 entity spans each into ``--work`` (a
folder outside the repository; kept, so a second run reuses the corpus), then times, each in a process
of its own so its peak resident memory is its own, and prints a line as each pair finishes:

=====================  ==========================================  ========================================
verb                   annotator                                   baseline
=====================  ==========================================  ========================================
import                 ``annotator import`` (whole process)        plain sqlite3 ``executemany`` (whole
                                                                   process, same tables, nothing checked),
                                                                   with the full-text trigger row by row,
                                                                   and again with the index filled once at
                                                                   the end (as the import does)
window                 process start to the first painted window   a bare PySide6 window showing the first
                       (offscreen)                                 text
filter                 the document list filtered by a word: the   plain SQL count and first page of the
                       longest UI-thread stall and the time until  same filter
                       its rows are in
open last              the document list opening the last          plain SQL select of its text and spans
                       document (row selected, scrolled to): time
                       on the UI thread, and its longest stall
stats                  ``annotator stats``                         plain SQL counts grouped by status/label
check                  ``annotator check``                         ``PRAGMA integrity_check``
export jsonl           the first export (tokenises and fills the   spaCy's blank tokenizer over the texts
                       token cache), then a repeated one
=====================  ==========================================  ========================================

Run it at 100,000 documents too: the ratios of the two runs show whether anything grows faster than
linearly. With ``--runs N`` each pair alternates N times and medians are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.corpus import write_corpus  # noqa: E402

SCHEMA = ROOT / "tests" / "data" / "mini_schema.yaml"
FILLER = 4  # about 1,600 characters an article
WORD = "Kramer of the United"  # in about one article in seventy
VERBS = ["import", "window", "filter", "open last", "stats", "check", "export"]
PYCACHE = Path(tempfile.gettempdir()) / "annotator-bench-pycache"  # compiled once, as an install would


def _peak_mb() -> float:
    """This process's peak resident memory since its exec: ``VmHWM`` (``ru_maxrss`` would carry over the
    size of the benchmark's own process, from which it was forked)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- phases, each run in a fresh process by ``run`` ---------------------------------------------------

def phase_baseline_import(corpus: str, project: str) -> None:
    from tests.benchmarks.bench_import_export import phase_baseline_import as floor

    floor(Path(corpus), Path(project))


def phase_baseline_import_fulltext_at_end(corpus: str, project: str) -> None:
    from tests.benchmarks.bench_import_export import phase_baseline_import as floor

    floor(Path(corpus), Path(project), fulltext_at_end=True)


def phase_import(corpus: str, project: str) -> None:
    _cli("import", project, corpus)


def phase_stats(project: str) -> None:
    _cli("stats", project)


def phase_check(project: str) -> None:
    _cli("check", project)


def phase_export(project: str, out: str) -> None:
    _cli("export", project, "-o", out)


def _cli(*args: str) -> None:
    from annotator.cli import main

    try:
        main(list(args))
    except SystemExit as exit_:
        if exit_.code:
            raise


def phase_baseline_stats(project: str) -> None:
    import sqlite3

    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
    conn.execute("SELECT label, count(*) FROM spans GROUP BY label").fetchall()
    conn.execute("SELECT type, count(*) FROM events GROUP BY type").fetchall()


def phase_baseline_check(project: str) -> None:
    import sqlite3

    sqlite3.connect(f"file:{project}?mode=ro", uri=True).execute("PRAGMA integrity_check").fetchall()


def phase_baseline_export(project: str, _out: str) -> None:
    import sqlite3

    import spacy

    tokenizer = spacy.blank("en").tokenizer
    for (text,) in sqlite3.connect(f"file:{project}?mode=ro", uri=True).execute(
            "SELECT text FROM documents ORDER BY id"):
        tokenizer(text)


def phase_baseline_filter(project: str) -> None:
    import sqlite3

    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    where = "WHERE instr(lower(title), lower(?)) > 0 OR instr(text, ?) > 0"
    started = time.perf_counter()
    conn.execute(f"SELECT count(*) FROM documents {where}", (WORD, WORD)).fetchone()
    conn.execute(f"SELECT id, title, status FROM documents {where} ORDER BY id LIMIT 200",
                 (WORD, WORD)).fetchall()
    print(json.dumps({"inner": time.perf_counter() - started}))


def phase_filter(project: str) -> None:
    """The list filtered by a word as the analyst types it: UI-thread hold, and wait until rows are in."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from annotator.gui.documents_model import DocumentsModel
    from annotator.project import Project

    app = QApplication.instance() or QApplication([])
    with Project.open(project, writer=False) as opened:
        model = DocumentsModel(opened)
        app.processEvents()
        loop = QEventLoop()
        model.search_finished.connect(loop.quit)
        started = time.perf_counter()
        model.set_filter(None, WORD)
        held = time.perf_counter() - started
        loop.exec()
        print(json.dumps({"inner": time.perf_counter() - started, "held_ms": held * 1000,
                          "matches": model.total}))


def phase_baseline_open_last(project: str) -> None:
    import sqlite3

    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    started = time.perf_counter()
    (last,) = conn.execute("SELECT max(id) FROM documents").fetchone()
    conn.execute("SELECT text FROM documents WHERE id = ?", (last,)).fetchone()
    conn.execute("SELECT * FROM spans WHERE doc_id = ? ORDER BY start", (last,)).fetchall()
    print(json.dumps({"inner": time.perf_counter() - started}))


def phase_open_last(project: str) -> None:
    """The document list showing the whole project, then opening its last document: the longest stall."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from annotator.gui.documents_pane import DocumentsPane
    from annotator.gui.session import Session
    from annotator.project import Project
    from tests.benchmarks.bench_document_list import longest_stall

    app = QApplication.instance() or QApplication([])
    with Project.open(project, "bench", writer=False) as opened:
        session = Session(opened)
        pane = DocumentsPane(session)
        pane.resize(500, 800)
        pane.show()
        app.processEvents()
        last = _last_id(project)  # (a list of every id would be the benchmark's memory, not the list's)
        call_ms, stall_ms = longest_stall(lambda: session.set_current(last))
        row = pane.current_row()
        print(json.dumps({"inner": call_ms / 1000, "stall_ms": stall_ms,
                          "row": None if row is None else row + 1, "pages": len(pane.model.pages_held)}))
        pane.close()


def _last_id(project: str) -> int:
    import sqlite3

    return sqlite3.connect(f"file:{project}?mode=ro", uri=True).execute(
        "SELECT max(id) FROM documents").fetchone()[0]


def phase_window(side: str, project: str) -> None:
    from tests.benchmarks import bench_startup

    (bench_startup.start_annotator if side == "annotator" else bench_startup.start_bare)(project)


PHASES = {name[len("phase_"):]: function for name, function in globals().items()
          if name.startswith("phase_")}


def run(name: str, *args: str, home: Path | None = None) -> dict:
    """Seconds from spawn to exit (or to the first paint), peak MB and what the phase printed."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
                       PYTHONPYCACHEPREFIX=str(PYCACHE))
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from compiled bytecode
    if home is not None:
        environment.update(XDG_CONFIG_HOME=str(home / "config"), ANNOTATOR_DATA_DIR=str(home / "data"))
    started, used = time.time(), _children_cpu()
    completed = subprocess.run([sys.executable, __file__, "--phase", name, *args], env=environment,
                               capture_output=True, text=True, check=False)
    seconds = time.time() - started
    if completed.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}")
    figures: dict = {}
    for line in completed.stdout.splitlines():
        if line.startswith("painted "):
            figures["seconds"] = float(line.split()[1]) - started
        elif line.startswith("ready "):  # the window's editing tools built, after its first paint
            figures["tools_ready_s"] = round(float(line.split()[1]) - started, 3)
        elif line.startswith("{"):
            figures.update(json.loads(line))
    figures.setdefault("seconds", seconds)
    figures["cpu"] = _children_cpu() - used
    return figures


def _children_cpu() -> float:
    """CPU seconds (user and system) of the ended child processes: beside wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pair(label: str, ours: list[dict], base: list[dict], baseline: str, key: str = "seconds") -> None:
    mine = statistics.median(figures[key] for figures in ours)
    floor = statistics.median(figures[key] for figures in base)
    extra = {k: v for k, v in ours[-1].items() if k not in ("seconds", "inner", "peak_mb", "cpu")}
    cpu = f"cpu {_median(ours, 'cpu'):.1f}s / {_median(base, 'cpu'):.1f}s = " \
          f"{_median(ours, 'cpu') / _median(base, 'cpu'):.2f}x"
    print(f"{label:<14}{mine:>10.3f}s {_median(ours, 'peak_mb'):>7.0f} MB  | {floor:>9.3f}s "
          f"{_median(base, 'peak_mb'):>7.0f} MB  | {mine / floor:>6.2f}x  {cpu}  {baseline} {extra or ''}",
          flush=True)


def _median(runs: list[dict], key: str) -> float:
    values = [figures[key] for figures in runs if key in figures]
    return statistics.median(values) if values else float("nan")


def fresh_project(path: Path) -> str:
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    _cli("init", str(path), "--schema", str(SCHEMA))
    return str(path)


def _time_import(corpus: Path, ours_project: Path, base_project: Path, runs: int) -> None:
    ours, base, base_at_end = [], [], []
    for _ in range(runs):
        base.append(run("baseline_import", str(corpus), fresh_project(base_project)))
        base_at_end.append(run("baseline_import_fulltext_at_end", str(corpus), fresh_project(base_project)))
        ours.append(run("import", str(corpus), fresh_project(ours_project)))
    pair("import", ours, base, "sqlite3 executemany, whole process (full-text trigger row by row)")
    pair("import", ours, base_at_end, "the same, full-text index filled once at the end as the import does")
    base_project.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/annotator-million"))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--verbs", nargs="+", default=VERBS, choices=VERBS, help="only these (after import)")
    parser.add_argument("--reuse", action="store_true",
                        help="time the verbs on the project an earlier run imported (no import)")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        name, *rest = args.phase
        PHASES[name](*rest)
        print(json.dumps({"peak_mb": _peak_mb()}), flush=True)
        return

    work = args.work / str(args.docs)
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.jsonl"
    if not corpus.exists():
        began = time.perf_counter()
        write_corpus(corpus.with_suffix(".part"), args.docs, FILLER).rename(corpus)
        print(f"generated {args.docs:,} articles in {time.perf_counter() - began:.0f} s", flush=True)
    from tests.benchmarks.bench_startup import prepare_home

    home = work / "home"
    prepare_home(home)
    uptime = os.getloadavg()
    print(f"{args.docs:,} articles, {corpus.stat().st_size / 1e9:.2f} GB of JSONL; load {uptime[0]:.1f}; "
          f"medians of {args.runs} run(s)", flush=True)
    print(f"{'verb':<14}{'annotator':>11} {'peak':>10}  | {'baseline':>10} {'peak':>10}  | {'ratio':>7}",
          flush=True)
    ours_project, base_project = work / "ours.annotator", work / "baseline.annotator"
    if not (args.reuse and ours_project.exists()):
        _time_import(corpus, ours_project, base_project, args.runs)
    project = str(ours_project)
    if args.verbs == ["import"]:
        return
    run("window", "annotator", project, home=home)  # compiles bytecode, warms the file cache
    steps = [
        ("window", lambda: run("window", "annotator", project, home=home),
         lambda: run("window", "bare", project, home=home), "bare PySide6 window", "seconds"),
        ("filter", lambda: run("filter", project), lambda: run("baseline_filter", project),
         "plain SQL count + first page (inner times)", "inner"),
        ("open last", lambda: run("open_last", project), lambda: run("baseline_open_last", project),
         "plain SQL select of text and spans (inner times)", "inner"),
        ("stats", lambda: run("stats", project), lambda: run("baseline_stats", project),
         "plain SQL counts", "seconds"),
        ("check", lambda: run("check", project), lambda: run("baseline_check", project),
         "PRAGMA integrity_check", "seconds"),
    ]
    for label, mine, floor, baseline, key in steps:
        if label not in args.verbs:
            continue
        ours, base = [], []
        for _ in range(args.runs):
            base.append(floor())
            ours.append(mine())
        pair(label, ours, base, baseline, key)
    if "export" not in args.verbs:
        return
    out = work / "out.jsonl"  # about 22 KB an article with its tokens: removed after each export
    tokens = [run("baseline_export", project, str(out))]
    for label in ("export first", "export again"):
        pair(label, [run("export", project, str(out))], tokens, "spaCy blank tokenizer")
        out.unlink()
    print(f"project file {Path(project).stat().st_size / 1e9:.2f} GB; load now {os.getloadavg()[0]:.1f}",
          flush=True)


if __name__ == "__main__":
    main()
