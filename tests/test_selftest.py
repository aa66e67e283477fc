"""``annotator --self-test``: passes on the bundled samples, and fails loudly (exit 1, one message) if not."""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner

from annotator import selftest
from annotator.cli import cli
from annotator.errors import AnnotatorError
from annotator.gui.smoke import tag_in_main_window
from annotator.project import Project
from annotator.resources import samples_dir
from annotator.selftest import run_self_test


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    """Logs go to a folder of the test's own, never to the user's data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(folder))
    logger = logging.getLogger("annotator")
    kept = list(logger.handlers)
    yield folder
    for handler in set(logger.handlers) - set(kept):
        logger.removeHandler(handler)
        handler.close()


def test_passes_on_the_bundled_samples_and_logs_it(capsys, data_folder):
    assert run_self_test() == 0
    captured = capsys.readouterr()
    assert captured.out == "self-test ok\n"
    assert captured.err == ""
    assert "self-test passed on 5 sample articles" in (data_folder / "annotator.log").read_text("utf-8")


def test_cli_option_runs_it_and_exits_with_its_code():
    result = CliRunner().invoke(cli, ["--self-test"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("self-test ok")


def test_missing_samples_fail_with_a_message(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "no-samples"
    empty.mkdir()
    monkeypatch.setattr(selftest, "samples_dir", lambda: empty)
    assert run_self_test() == 1
    err = capsys.readouterr().err
    assert err.startswith(f"self-test failed: no sample articles in {empty}\n")
    assert "annotator.log" in err


def test_a_name_no_sample_mentions_fails(monkeypatch, capsys):
    monkeypatch.setattr(selftest, "SAMPLE_NAME", "Nobody Anywhere")
    assert run_self_test() == 1
    assert "no sample article mentions Nobody Anywhere" in capsys.readouterr().err


def test_export_that_moved_the_span_fails(monkeypatch, capsys):
    """The check reads the exported offsets back: a span shifted by one character must not pass."""
    real_check = selftest._check_export

    def check_shifted(path):
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        for record in records:
            record["spans"] = [{**span, "start": span["start"] + 1, "end": span["end"] + 1}
                               for span in record["spans"]]
        path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
        real_check(path)

    monkeypatch.setattr(selftest, "_check_export", check_shifted)
    assert run_self_test() == 1
    assert "exported PERSON spans cover ['يلى منصور)']" in capsys.readouterr().err


def test_a_crash_is_one_line_on_stderr_and_a_traceback_in_the_log(monkeypatch, capsys, data_folder):
    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(selftest.Project, "create", explode)
    assert run_self_test() == 1
    assert capsys.readouterr().err.startswith("self-test failed: RuntimeError: disk on fire\n")
    log_text = (data_folder / "annotator.log").read_text("utf-8")
    assert "self-test crashed" in log_text
    assert "Traceback" in log_text


@pytest.fixture
def sample_project(tmp_path):
    """A project file holding the bundled samples, closed so the window can open it."""
    path = tmp_path / "samples.annotator"
    with Project.create(path, "news") as project:
        project.import_paths(sorted(samples_dir().glob("*.txt")))
        doc_id, start = selftest._find_name(project)
    return path, doc_id, start


def test_main_window_tags_the_found_name_and_keeps_user_settings_apart(qapp, sample_project, tmp_path):
    path, doc_id, start = sample_project
    settings = tmp_path / "settings.ini"
    (span,) = tag_in_main_window(path, doc_id, selftest.SAMPLE_NAME, "PERSON", settings)
    assert (span.start, span.end, span.label, span.text) == (
        start, start + len(selftest.SAMPLE_NAME), "PERSON", selftest.SAMPLE_NAME)
    assert span.annotator == "self-test"
    assert str(path) in settings.read_text("utf-8")


def test_main_window_reports_text_it_cannot_find(qapp, sample_project, tmp_path):
    path, doc_id, _start = sample_project
    with pytest.raises(AnnotatorError, match="cannot find 'Atlantis'"):
        tag_in_main_window(path, doc_id, "Atlantis", "PERSON", tmp_path / "settings.ini")
