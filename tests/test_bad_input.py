"""Bad input: one clear line on stderr, exit code 2, never a traceback."""
from __future__ import annotations

import os

import pytest


def _one_line_error(code, err, needle):
    assert code == 2
    assert "Traceback" not in err
    lines = [l for l in err.splitlines() if l.strip()]
    assert any(needle in l for l in lines), err
    assert all(l.startswith("medlint:") for l in lines), err


def test_missing_path(cli, tmp_path):
    code, _, err = cli("check", "--isolated", str(tmp_path / "nope.md"))
    _one_line_error(code, err, "no such file or directory")


def test_directory_without_text_files(cli, tmp_path):
    (tmp_path / "x.py").write_text("print(1)")
    code, _, err = cli("check", "--isolated", str(tmp_path))
    _one_line_error(code, err, "no text files found")


def test_binary_file(cli, tmp_path):
    p = tmp_path / "b.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    code, _, err = cli("check", "--isolated", str(p))
    _one_line_error(code, err, "binary file")


def test_invalid_utf8_names_the_byte_offset(cli, tmp_path):
    p = tmp_path / "l1.txt"
    p.write_bytes("caf".encode() + b"\xe9 au lait")
    code, _, err = cli("check", "--isolated", str(p))
    _one_line_error(code, err, "invalid UTF-8 at byte offset 3")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(cli, tmp_path):
    p = tmp_path / "u.txt"
    p.write_text("text")
    os.chmod(p, 0)
    code, _, err = cli("check", "--isolated", str(p))
    _one_line_error(code, err, "permission denied")


def test_dangling_symlink(cli, tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    code, _, err = cli("check", "--isolated", str(link))
    _one_line_error(code, err, "gone.txt")


def test_other_files_still_checked_when_one_is_bad(cli, tmp_path):
    good = tmp_path / "g.txt"
    good.write_text("Spine mice hurt.\n")
    code, out, err = cli("check", "--isolated", "--format", "json", str(tmp_path / "missing.txt"), str(good))
    assert code == 2 and "Spine mice" in out and "missing.txt" in err


def test_summary_counts_only_the_files_checked(cli, tmp_path):
    bad, good = tmp_path / "b.txt", tmp_path / "g.txt"
    bad.write_bytes(b"\x00\x01")
    good.write_text("The lower back hurts.\n")
    code, out, _ = cli("check", "--isolated", "--no-cache", str(bad))
    assert code == 2 and "No findings (0 files checked)." in out and "1 file could not be checked." in out
    assert "All checks passed" not in out
    code, out, _ = cli("check", "--isolated", "--no-cache", str(bad), str(good))
    assert code == 2 and "No findings (1 file checked)." in out
    good.write_text("The reduced back hurts.\n")
    code, out, _ = cli("check", "--isolated", "--no-cache", str(bad), str(good))
    assert code == 2 and "in 1 of 1 file." in out


def test_malformed_rule_pack(cli, tmp_path):
    pack = tmp_path / "bad.yml"
    pack.write_text("pack: extra\nrules:\n  - id: extra/x\n    patterns: [foo bar]\n    message: m\n")
    cfg = tmp_path / "medlint.toml"
    cfg.write_text(f'[tool.medlint]\nextend-rules = ["{pack}"]\n')
    (tmp_path / "a.txt").write_text("text")
    code, _, err = cli("check", "--config", str(cfg), str(tmp_path / "a.txt"))
    _one_line_error(code, err, f"{pack}: extra/x: suggestions:")


def test_malformed_yaml(cli, tmp_path):
    pack = tmp_path / "bad.yml"
    pack.write_text("pack: extra\nrules: [\n")
    cfg = tmp_path / "medlint.toml"
    cfg.write_text(f'[tool.medlint]\nextend-rules = ["{pack}"]\n')
    (tmp_path / "a.txt").write_text("text")
    code, _, err = cli("check", "--config", str(cfg), str(tmp_path / "a.txt"))
    _one_line_error(code, err, "invalid YAML")


def test_empty_stdin(cli):
    code, _, err = cli("check", "--isolated", "-", input="")
    _one_line_error(code, err, "stdin: empty input")


def test_text_over_a_million_characters_is_checked(cli, tmp_path):
    """spaCy refuses texts over 10^6 characters by default (for its parser and NER, which
    medlint's pipeline does not have): a long file is input like any other, and a long
    token (a hash, base64) is not tried as two words run together at every split point."""
    import json

    p = tmp_path / "long.txt"
    p.write_text("abcdefghij" * 100_001 + " The rear mouse hurts.\n", encoding="utf-8")
    code, out, err = cli("check", "--isolated", "--no-cache", "--format", "json", str(p))
    assert "Traceback" not in err and code == 1, err
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules == ["health/back-mice"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_with_a_missing_path_does_not_claim_all_checks_passed(cli, tmp_path, jobs):
    clean = tmp_path / "c.txt"
    clean.write_text("Back mice are painful lumps.\n", encoding="utf-8")
    for args in ([str(tmp_path / "nope.md")], [str(clean), str(tmp_path / "nope.md")]):
        for extra in ([], ["--diff"]):  # (the streaming report, and the whole-run one)
            code, out, err = cli("check", "--isolated", "--jobs", jobs, *extra, *args)
            assert code == 2 and "All checks passed" not in out and "No findings" in out
    code, out, _ = cli("check", "--isolated", str(clean))
    assert code == 0 and "All checks passed (1 file checked)." in out


def test_invalid_utf16_names_the_encoding_and_offset(cli, tmp_path):
    p = tmp_path / "odd.txt"
    p.write_bytes(b"\xff\xfe" + "Back pain".encode("utf-16-le") + b"A")  # a lone byte at the end
    code, _, err = cli("check", "--isolated", str(p))
    _one_line_error(code, err, "invalid UTF-16 (little-endian) at byte offset 20")


def test_eval_malformed_annotation_is_one_line(cli, tmp_path):
    (tmp_path / "a.gold.txt").write_text("The {{spine mice}} are bad.\n", encoding="utf-8")
    code, _, err = cli("eval", str(tmp_path))
    _one_line_error(code, err, "a.gold.txt:1: malformed annotation")


def test_eval_invalid_utf8_is_one_line(cli, tmp_path):
    (tmp_path / "a.gold.txt").write_bytes(b"ab\xe9")
    code, _, err = cli("eval", str(tmp_path))
    _one_line_error(code, err, "invalid UTF-8 at byte offset 2")


def test_eval_reads_files_as_check_does(cli, tmp_path):
    # a binary file is refused (it was scored as a clean document of 0 words, exit 0)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01\x02")
    code, _, err = cli("eval", str(tmp_path / "scan.pdf"))
    _one_line_error(code, err, "scan.pdf: binary file (contains NUL bytes), not text")
    # UTF-16 with its byte-order mark is read (it was refused as invalid UTF-8), a UTF-8 mark
    # is not part of the first word
    import json

    text = "The {{spine mice|back mice}} hurt.\n"
    (tmp_path / "a.gold.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "b.gold.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    for name in ("a.gold.txt", "b.gold.txt"):
        code, out, _ = cli("eval", "--format", "json", "--only", "curated", str(tmp_path / name))
        report = json.loads(out)
        assert code == 0 and report["gold_words"] == 4 and report["overall"]["true_positives"] == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_output_file_on_a_full_disk_is_one_line(cli, tmp_path, fmt):
    p = tmp_path / "a.txt"
    p.write_text("Spine mice are bad.\n", encoding="utf-8")
    code, _, err = cli("check", "--isolated", "--format", fmt, "-o", "/dev/full", str(p))
    _one_line_error(code, err, "/dev/full: cannot write")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_a_file_name_that_is_not_utf8_does_not_crash_the_report(cli, tmp_path, fmt, monkeypatch):
    name = os.fsdecode(b"b\xff.txt")  # (a byte a UTF-8 name cannot hold: a surrogate escape)
    try:
        (tmp_path / name).write_bytes(b"Spine mice are bad.\n")
    except (OSError, UnicodeError):
        pytest.skip("the file system does not take such a name")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("check", "--isolated", "--format", fmt, "-o", "report.out", name)
    assert code == 1, err
    raw = (tmp_path / "report.out").read_bytes()
    expected = {"sarif": b"b%FF.txt", "junit": "b\ufffd.txt".encode()}.get(fmt, b"b\xff.txt")
    assert expected in raw


@pytest.mark.parametrize("data", [b"caf\xe9\n", b"", b"a\x00b\n"], ids=["invalid-utf8", "empty", "nul"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_fix_stdin_filter_keeps_the_report_off_stdout_when_stdin_is_bad(cli, data, fmt):
    # `--fix -` is a filter: stdout is only ever the fixed text, never the report
    code, out, err = cli("check", "--isolated", "--format", fmt, "--fix", "-", input=data)
    assert code == 2
    assert out == ""
    assert "medlint: error: stdin:" in err and "Traceback" not in err


def _run_module(args, **kw):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=root, stderr=subprocess.PIPE, text=True, **kw)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("check", "--isolated"), ("check", "--isolated", "--format", "json"),
                                  ("check", "--isolated", "--fix", "-")])
def test_stdout_on_a_full_disk_is_one_line(tmp_path, args):
    p = tmp_path / "a.txt"
    p.write_text("Spine mice are bad.\n", encoding="utf-8")
    with open("/dev/full", "w") as full, open(p) as stdin:
        r = _run_module([*args] if args[-1] == "-" else [*args, str(p)], stdout=full, stdin=stdin)
    _one_line_error(r.returncode, r.stderr, "stdout: cannot write (No space left on device)")


@pytest.mark.parametrize("args", [("check", "--isolated"), ("check", "--isolated", "--fix", "-")])
def test_a_closed_stdout_is_no_traceback(tmp_path, args):
    p = tmp_path / "a.txt"
    p.write_text("Spine mice are bad.\n", encoding="utf-8")
    with open(p) as stdin:
        r = _run_module([*args] if args[-1] == "-" else [*args, str(p)], stdin=stdin,
                        preexec_fn=lambda: os.close(1))
    assert "Traceback" not in r.stderr and r.returncode in (0, 1), r.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path):
    # (a pipe called notes.txt in a checked folder made check and eval wait for ever for a writer)
    import subprocess

    from linter.files import walk_text_files

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text("Spine mice are bad for the lower back.\n", encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    # regular files are walked; a broken link is still handed to the reader, which reports it
    assert [os.path.basename(p) for p in walk_text_files(str(tmp_path), ())] == ["a.txt", "broken.txt"]
    os.remove(tmp_path / "broken.txt")
    r = _run_module(["check", "--isolated", "--format", "json", str(tmp_path)], stdout=subprocess.PIPE, timeout=120)
    assert r.returncode == 1 and '"a.txt"' not in r.stderr and "pipe.txt" not in r.stdout
    assert str(tmp_path / "a.txt") in r.stdout
