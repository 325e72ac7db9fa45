"""Streaming reports: ``check --format text|concise`` writes each file's part as soon as
that file is checked, and the bytes are exactly those of the whole-run report."""
from __future__ import annotations

import os

import pytest

SPUN = "Spine mice sit on the reduced back.\nA heart assault needs an ambulance.\n"
CLEAN = "Back mice are painful lumps over the lower back.\n"
SPUN_2 = "Her bosom peril was found early at screening.\n"


@pytest.fixture()
def collection(tmp_path):
    files = [("a.txt", SPUN), ("b.md", "# Notes\n\n" + CLEAN), ("c.txt", SPUN_2), ("d.txt", CLEAN),
             ("e.txt", SPUN + SPUN_2)]
    paths = []
    for name, text in files:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    bad = tmp_path / "f.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8 broken")  # undecodable: an error line, exit code 2
    return paths, str(bad)


def whole_run_report(fmt, paths, jobs=1):
    """The report ``render`` gives for the whole run (what the command printed before it
    streamed)."""
    from linter import __version__
    from linter.fix import fixable
    from linter.report import ReportContext, render
    from linter.runner import RunOptions, check_files
    from linter.spin import summarise

    run = check_files(paths, RunOptions(isolated=True, keep_text=True, jobs=jobs))
    ctx = ReportContext(version=__version__, documents=summarise(run.results),
                        fixable=sum(len(fixable(r.findings)) for r in run.results))
    return render(fmt, run.results, ctx), run.errors


@pytest.mark.parametrize("fmt", ["text", "concise", "json"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streamed_report_is_byte_identical_to_the_whole_run_report(cli, collection, fmt, jobs):
    paths, bad = collection
    expected, errors = whole_run_report(fmt, paths + [bad])
    assert len(errors) == 1 and expected.count("\n") > 5
    code, out, err = cli("check", "--isolated", "--no-cache", "--jobs", jobs, "--format", fmt, *paths, bad)
    assert out == expected
    assert code == 2 and err.count("medlint: error:") == 1 and "f.txt" in err
    code, out, _ = cli("check", "--isolated", "--no-cache", "--jobs", jobs, "--format", fmt, *paths)
    assert out == whole_run_report(fmt, paths)[0] and code == 1


def test_streamed_report_to_a_file_is_the_same_and_exit_codes_hold(cli, collection, tmp_path):
    paths, _ = collection
    target = tmp_path / "report.txt"
    code, out, _ = cli("check", "--isolated", "--no-cache", "-o", str(target), *paths)
    assert code == 1 and out == ""
    assert target.read_text(encoding="utf-8") == whole_run_report("text", paths)[0]
    clean = [p for p in paths if p.endswith(("b.md", "d.txt"))]
    code, out, _ = cli("check", "--isolated", "--no-cache", *clean)
    assert code == 0 and out.strip() == "All checks passed (2 files checked)."
    code, _, _ = cli("check", "--isolated", "--no-cache", "--fail-on-spin-score", "5", *clean)
    assert code == 0
    code, _, _ = cli("check", "--isolated", "--no-cache", "--fail-on", "never", "--fail-on-spin-score", "5", *paths)
    assert code == 1  # the spun files score far above 5 per 1,000 words
    code, _, err = cli("check", "--isolated", "-o", str(tmp_path / "no" / "such" / "dir.txt"), *paths)
    assert code == 2 and "cannot write" in err


def test_each_files_part_is_written_before_later_files_are_checked(cli, collection, monkeypatch):
    """Output starts while the run goes on: with one job, file 1's part is written before
    file 2 is checked, and so on; the text of a file is dropped once its part is out."""
    import linter.report.text as text_report
    import linter.runner as runner

    paths, _ = collection
    events = []
    check_path, part = runner._check_path, text_report.result

    def checking(path, *args):
        events.append(("check", os.path.basename(path)))
        return check_path(path, *args)

    def writing(r, ctx):
        events.append(("write", os.path.basename(r.path), r.text is not None))
        return part(r, ctx)

    monkeypatch.setattr(runner, "_check_path", checking)
    monkeypatch.setattr(text_report, "result", writing)
    code, out, _ = cli("check", "--isolated", "--no-cache", "--jobs", "1", *paths)
    assert code == 1
    names = [os.path.basename(p) for p in paths]
    assert [e[:2] for e in events] == [x for n in names for x in (("check", n), ("write", n))]
    # a file with findings has its text read back for the source lines; one without, not
    assert [e[2] for e in events if e[0] == "write"] == [True, False, True, False, True]


def test_fixes_and_grammar_keep_the_whole_run_path(cli, collection, tmp_path, monkeypatch):
    """--diff (and a configured LanguageTool pass, which needs every document at once) use
    the whole-run report; its output is unchanged."""
    from linter.runner import RunOptions, grammar_pass_configured

    paths, _ = collection
    code, out, _ = cli("check", "--isolated", "--no-cache", "--diff", paths[0])
    assert out.startswith("---") and "+++" in out
    assert not grammar_pass_configured(paths, RunOptions(isolated=True))
    assert grammar_pass_configured(paths, RunOptions(isolated=True, languagetool_url="http://127.0.0.1:9"))
    assert not grammar_pass_configured(paths, RunOptions(isolated=True, languagetool_url="http://127.0.0.1:9",
                                                         layers=("curated", "lexicon")))


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path):
    """``medlint check docs/ | head -1``: when the pipe closes, medlint stops without a
    traceback or an error line, with exit code 2."""
    import subprocess
    import sys

    for i in range(40):
        (tmp_path / f"doc{i:02d}.txt").write_text((SPUN + SPUN_2) * 30, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "linter", "check", "--isolated", "--no-cache", "--jobs", "1",
                             str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=300)
    assert first.startswith(str(tmp_path).encode())
    assert code == 2 and "Traceback" not in err and err.strip() == "", err


def test_what_the_first_file_loads_is_frozen_even_in_a_one_file_run(tmp_path, monkeypatch):
    """The serial path freezes the garbage collector's view of what the first file loaded
    (the pipeline, lexicon, rules) before handing its result on: a one-file run asks for no
    second result, and without the freeze its exit took ~0.1 s longer (the cold-run figure)."""
    import gc

    from linter.runner import RunOptions, check_files

    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(1))
    p = tmp_path / "a.txt"
    p.write_text(SPUN, encoding="utf-8")
    run = check_files([str(p)], RunOptions(isolated=True, jobs=1))
    assert run.results[0].findings and calls == [1]


def test_json_streams_only_files_in_path_order_and_is_the_same_document_either_way(cli, collection, monkeypatch):
    from linter import cli as cli_module
    from linter.report import streams

    paths, bad = collection
    assert streams("json", paths) and not streams("json", paths[::-1]) and not streams("json", ["-"])
    assert not streams("sarif", paths) and streams("text", paths[::-1])
    calls = []
    real = cli_module._check_streaming
    monkeypatch.setattr(cli_module, "_check_streaming", lambda *a: calls.append(a[3]) or real(*a))
    expected = whole_run_report("json", paths + [bad])[0]
    code, out, _ = cli("check", "--isolated", "--no-cache", "--format", "json", *paths, bad)
    assert (code, out, calls) == (2, expected, ["json"])  # streamed
    code, out, _ = cli("check", "--isolated", "--no-cache", "--format", "json", bad, *paths[::-1])
    # not streamed: the findings still sorted by path (documents and errors in input order)
    assert (code, out, calls) == (2, whole_run_report("json", [bad] + paths[::-1])[0], ["json"])


def test_a_streamed_json_report_with_no_findings_is_the_whole_run_report(cli, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("Back mice are painful lumps over the lower back.\n", encoding="utf-8")
    code, out, _ = cli("check", "--isolated", "--no-cache", "--format", "json", str(clean))
    assert code == 0 and out == whole_run_report("json", [str(clean)])[0] and '"findings": []' in out
