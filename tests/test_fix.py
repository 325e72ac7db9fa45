"""--fix and --diff: atomic rewrite keeping encoding, BOM, newlines and mode; idempotent."""
from __future__ import annotations

import json
import os
import stat

import pytest

from linter import fix

from conftest import ROOT

CFG = str(ROOT / "tests" / "fixtures" / "fixture.toml")
SPUN = "Spine mice are painful lumps; a wibble wobble.\n"


def test_fix_round_trip_keeps_crlf_bom_and_mode(cli, tmp_path):
    p = tmp_path / "a.txt"
    raw = b"\xef\xbb\xbf" + "Title\r\n\r\nSpine mice sit on a wibble wobble. Caf\u00e9 \u2014 ok. The grimmet gromble.\r\n".encode()
    p.write_bytes(raw)
    os.chmod(p, 0o640)
    code, _, err = cli("check", "--config", CFG, "--fix", str(p))
    new = p.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf")
    assert new == b"\xef\xbb\xbf" + "Title\r\n\r\nBack mice sit on a wobble. Caf\u00e9 \u2014 ok. The grimmet gromble.\r\n".encode()
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    assert "Fixed 2 findings" in err
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".medlint-")]
    # second run: nothing left to change
    code, out, _ = cli("check", "--config", CFG, "--fix", str(p))
    assert p.read_bytes() == new
    assert "fixture/grommet" in out and "Spine mice" not in out  # only the unsafe one is left


def test_diff_writes_nothing(cli, tmp_path):
    p = tmp_path / "a.md"
    p.write_text(SPUN, encoding="utf-8")
    code, out, _ = cli("check", "--config", CFG, "--diff", str(p))
    assert "-Spine mice are painful lumps; a wibble wobble." in out
    assert "+Back mice are painful lumps; a wobble." in out
    assert p.read_text(encoding="utf-8") == SPUN


def test_file_changed_since_read_is_not_overwritten(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("old", encoding="utf-8")
    p.write_text("changed by someone else", encoding="utf-8")
    try:
        fix.write_atomic(str(p), "new", False, b"old")
        raise AssertionError("expected ChangedOnDisk")
    except fix.ChangedOnDisk:
        pass
    assert p.read_text(encoding="utf-8") == "changed by someone else"


def test_unsafe_and_overlapping_fixes_are_not_applied():
    from linter.findings import Finding

    a = Finding(rule="x/a", offset=0, length=5, text="abcde", message="m", suggestions=("A",), fix_safe=True)
    b = Finding(rule="x/b", offset=3, length=4, text="defg", message="m", suggestions=("B",), fix_safe=True)
    c = Finding(rule="x/c", offset=8, length=1, text="i", message="m", suggestions=("I",), fix_safe=False)
    new, n = fix.apply("abcdefghij", [a, b, c])
    assert (new, n) == ("Afghij", 1)


def test_after_fix_the_spin_summary_counts_what_is_left(cli, tmp_path):
    """--fix reports what is left to fix: a document whose garbles were all fixed is not
    still called likely-spun next to "All checks passed"."""
    import json

    p = tmp_path / "e.txt"
    text = "The patient had a heart assault and kidney disappointment.\n"
    p.write_text(text, encoding="utf-8")
    code, out, _ = cli("check", "--isolated", "--no-cache", str(p))
    assert code == 1 and "likely-spun" in out
    code, out, _ = cli("check", "--isolated", "--no-cache", "--fix", str(p))
    assert code == 0 and "spin score" not in out and "All checks passed" in out
    p.write_text(text, encoding="utf-8")
    code, out, _ = cli("check", "--isolated", "--no-cache", "--fix", "--format", "json", str(p))
    doc = json.loads(out)["documents"][0]
    assert doc["findings"] == 0 and doc["verdict"] == "clean"
    p.write_text(text, encoding="utf-8")
    code, out, _ = cli("check", "--isolated", "--no-cache", "--diff", "--format", "json", str(p))
    assert "likely-spun" in out  # --diff writes nothing: the document is as it was


def test_diff_with_a_machine_format_goes_to_stderr(cli, tmp_path):
    import json

    p = tmp_path / "a.md"
    p.write_text(SPUN, encoding="utf-8")
    for fmt in ("json", "sarif"):
        code, out, err = cli("check", "--config", CFG, "--diff", "--format", fmt, str(p))
        assert code == 1
        data = json.loads(out)  # stdout is the report only
        assert data["findings"] if fmt == "json" else data["runs"][0]["results"]
        assert "+Back mice are painful lumps; a wobble." in err and "+Back mice" not in out
    code, out, err = cli("check", "--config", CFG, "--diff", str(p))  # the text report keeps it on stdout
    assert "+Back mice are painful lumps; a wobble." in out and "+Back mice" not in err
    assert p.read_text(encoding="utf-8") == SPUN


def test_fix_of_stdin_writes_only_the_fixed_text_to_stdout(cli):
    import json

    code, out, err = cli("check", "--config", CFG, "--fix", "--format", "json", "-", input=SPUN)
    assert out == "Back mice are painful lumps; a wobble.\n"
    report = json.loads(err)  # the report went to stderr, without the findings just fixed
    assert report["files"] == 1 and not [f for f in report["findings"] if f["text"] == "Spine mice"]
    assert code == 0
    code, out, err = cli("check", "--config", CFG, "--fix", "-", input="Nothing to fix here.\n")
    assert out == "Nothing to fix here.\n" and "All checks passed" in err and code == 0


def test_a_file_fix_cannot_write_is_an_error_of_the_run(cli, tmp_path, monkeypatch):
    import json

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("linter.fix.atomic_write", refuse)
    p = tmp_path / "a.md"
    p.write_text(SPUN, encoding="utf-8")
    code, out, err = cli("check", "--config", CFG, "--fix", str(p))
    assert code == 2 and p.read_text(encoding="utf-8") == SPUN
    assert err == f"medlint: error: {p}: cannot write (Permission denied); not fixed\n"
    assert "Spine mice" in out and "1 file could not be fixed." in out
    code, _, _ = cli("check", "--config", CFG, "--fix", "--fail-on", "never", str(p))
    assert code == 2
    code, out, _ = cli("check", "--config", CFG, "--fix", "--format", "sarif", str(p))
    (note,) = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert code == 2 and "cannot write (Permission denied)" in note["message"]["text"]
    code, out, _ = cli("check", "--config", CFG, "--fix", "--format", "json", str(p))
    data = json.loads(out)
    assert code == 2 and data["findings"] and data["documents"][0]["path"] == str(p)


def test_fix_through_a_symlink_writes_the_target_and_keeps_the_link(cli, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "a.md"
    target.write_text(SPUN, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(os.path.join("real", "a.md"))
    code, _, err = cli("check", "--config", CFG, "--fix", str(link))
    assert "Fixed" in err
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "a.md")
    assert target.read_text(encoding="utf-8") == "Back mice are painful lumps; a wobble.\n"
    assert not [n for d in (tmp_path, real) for n in os.listdir(d) if n.startswith(".medlint-")]


@pytest.mark.parametrize("codec, mark", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                         ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_fix_keeps_a_utf16_or_utf32_file_in_its_encoding(cli, tmp_path, codec, mark):
    p = tmp_path / "w.txt"
    p.write_bytes(mark + "Title\r\n\r\nSpine mice sit on a wibble wobble. Caf\u00e9.\r\n".encode(codec))
    code, out, err = cli("check", "--config", CFG, "--format", "json", str(p))
    found = {f["rule"]: f for f in json.loads(out)["findings"]}
    assert found["health/back-mice"]["line"] == 3 and found["health/back-mice"]["column"] == 1
    cli("check", "--config", CFG, "--fix", str(p))
    assert p.read_bytes() == mark + "Title\r\n\r\nBack mice sit on a wobble. Caf\u00e9.\r\n".encode(codec)


def test_lone_carriage_returns_count_as_line_ends(cli, tmp_path):
    p = tmp_path / "mac.txt"
    p.write_bytes(b"Title\r\rSome text.\rSpine mice sit on a wibble wobble.\r")
    code, out, _ = cli("check", "--config", CFG, "--format", "json", str(p))
    found = {f["rule"]: f for f in json.loads(out)["findings"]}
    assert (found["health/back-mice"]["line"], found["health/back-mice"]["column"]) == (4, 1)
    code, out, _ = cli("check", "--config", CFG, str(p))
    assert "4 | Spine mice sit on a wibble wobble." in out


def test_diff_is_a_patch_git_apply_accepts_for_any_line_ending(tmp_path):
    """A last line without a newline gets the "\\ No newline" marker (else the next file's
    header is glued to it); a lone CR or a form feed does not end a diff line."""
    import shutil
    import subprocess

    texts = {"nonl.txt": b"Title\n\nSpine mice sit on a wibble wobble.",
             "mac.txt": b"Title\r\rSpine mice sit on a wibble wobble.\r",
             "ff.txt": b"Title\x0cSpine mice sit on a wibble wobble.\n",
             "unix.txt": b"Spine mice sit on a wibble wobble.\n"}
    for name, raw in texts.items():
        (tmp_path / name).write_bytes(raw)
    from click.testing import CliRunner

    from linter.cli import main

    result = CliRunner().invoke(main, ["check", "--config", CFG, "--diff", "--format", "json",
                                       *sorted(str(tmp_path / n) for n in texts)], catch_exceptions=False)
    err = result.stderr_bytes.decode("utf-8")  # (.stderr would turn the CR before a marker's LF into LF)
    assert err.count("\\ No newline at end of file\n") == 4  # nonl.txt and mac.txt, old and new
    assert "\n--- a/" in err and "file--- a/" not in err and "\r--- a/" not in err
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    patch = tmp_path / "fix.patch"
    patch.write_text(err[err.index("--- a/"):].replace(f"a/{tmp_path}/", "a/").replace(f"b/{tmp_path}/", "b/"),
                     encoding="utf-8", newline="")
    subprocess.run(["git", "apply", "-p1", "--unsafe-paths", str(patch)], cwd=tmp_path, check=True)
    for name, raw in texts.items():
        assert (tmp_path / name).read_bytes() == raw.replace(b"Spine mice sit on a wibble wobble",
                                                            b"Back mice sit on a wobble")


def test_fix_leaves_a_read_only_file_alone_and_says_so(cli, tmp_path):
    # (the temporary file was renamed over it: a file made read-only on purpose, say an
    # approved article, was rewritten; as root too, since root may write anything)
    p = tmp_path / "a.md"
    p.write_text(SPUN, encoding="utf-8")
    os.chmod(p, 0o444)
    code, out, err = cli("check", "--config", CFG, "--fix", str(p))
    assert code == 2 and p.read_text(encoding="utf-8") == SPUN and stat.S_IMODE(os.stat(p).st_mode) == 0o444
    assert err == f"medlint: error: {p}: cannot write (read-only file); not fixed\n"
    assert "Spine mice" in out and not [n for n in os.listdir(tmp_path) if n.startswith(".medlint-")]
    code, out, err = cli("check", "--config", CFG, "--diff", str(p))  # --diff writes nothing: no error
    assert code == 1 and "+Back mice" in out and not err


def test_diff_of_a_folder_walk_applies_with_git_and_patch(tmp_path, monkeypatch):
    """``medlint check --diff .`` named files ``a/./doc.md`` (git apply: "invalid path"),
    and a name with a space had no tab after it (patch then looked for "a/my")."""
    import shutil
    import subprocess

    from click.testing import CliRunner

    from linter.cli import main

    monkeypatch.chdir(tmp_path)
    names = ["my notes.txt", "plain.txt", 'say "hi".txt', "back\\slash.txt"]  # (the last two C-quoted, as git does)
    for name in names:
        (tmp_path / name).write_text("Spine mice sit on a wibble wobble.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config", CFG, "--diff", "--format", "json", "."],
                                catch_exceptions=False)
    err = result.stderr_bytes.decode("utf-8")
    assert "a/./" not in err and "--- a/my notes.txt\t\n" in err and "--- a/plain.txt\n" in err
    patch = tmp_path / "fix.patch"
    assert '--- "a/say \\"hi\\".txt"\n' in err and '--- "a/back\\\\slash.txt"\n' in err
    patch.write_text(err[err.index("\n--- ") + 1 if not err.startswith("--- ") else 0:], encoding="utf-8", newline="")
    if shutil.which("patch"):
        subprocess.run(["patch", "-p1", "--dry-run", "-i", str(patch)], cwd=tmp_path, check=True,
                       stdout=subprocess.DEVNULL)
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "apply", "-p1", str(patch)], cwd=tmp_path, check=True)
    for name in names:
        assert (tmp_path / name).read_text(encoding="utf-8") == "Back mice sit on a wobble.\n"


@pytest.mark.parametrize("bom, codec", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"", "utf-8")])
def test_fix_of_stdin_keeps_its_encoding_and_byte_order_mark(bom, codec):
    """``--fix -`` as a filter wrote UTF-8 without a mark whatever came in (a UTF-16 file
    through ``medlint check --fix - < a.txt > b.txt`` came out UTF-8, a BOM was dropped)."""
    from click.testing import CliRunner

    from linter.cli import main

    raw = bom + "Spine mice sit on a wibble wobble.\r\n".encode(codec)
    result = CliRunner().invoke(main, ["check", "--config", CFG, "--fix", "-"], input=raw, catch_exceptions=False)
    assert result.stdout_bytes == bom + "Back mice sit on a wobble.\r\n".encode(codec)


def test_report_after_fix_points_into_the_fixed_file(cli, tmp_path):
    """The findings left after ``--fix`` kept their places in the text before the fixes:
    "Spine mice" -> "Back mice" moved everything after it one character, so the report
    sent the editor to the wrong column (and showed the old line)."""
    p = tmp_path / "a.txt"
    p.write_bytes(b"Title\r\n\r\nSpine mice sit on a wibble wobble. The grimmet gromble.\r\n")
    code, out, _ = cli("check", "--config", CFG, "--fix", "--format", "json", str(p))
    after_fix = [(f["rule"], f["line"], f["column"], f["offset"], f["text"]) for f in json.loads(out)["findings"]]
    assert any(rule == "fixture/grommet" for rule, *_ in after_fix)
    code, out, _ = cli("check", "--config", CFG, "--no-cache", "--format", "json", str(p))
    fresh = [(f["rule"], f["line"], f["column"], f["offset"], f["text"]) for f in json.loads(out)["findings"]]
    assert after_fix == fresh
    code, out2, err = cli("check", "--config", CFG, "--fix", "--format", "json", "-",
                          input="Spine mice sit on a wibble wobble. The grimmet gromble.\n")
    (left,) = [f for f in json.loads(err)["findings"] if f["rule"] == "fixture/grommet"]
    assert out2[left["offset"]:left["offset"] + left["length"]] == left["text"]


def test_apply_counts_only_the_fixes_it_made():
    # (a stale finding, whose text is no longer at its offset, was skipped but counted: "Fixed 2")
    from linter.findings import Finding

    text = "Spine mice and rear mice.\n"
    good = Finding(rule="health/back-mice", offset=0, length=10, text="Spine mice", message="m",
                   suggestions=("Back mice",), fix_safe=True)
    stale = Finding(rule="health/back-mice", offset=15, length=9, text="spine mic", message="m",
                    suggestions=("back mice",), fix_safe=True)
    new, n = fix.apply(text, [good, stale])
    assert (new, n) == ("Back mice and rear mice.\n", 1)
    assert fix.remaining(text, new, [good, stale]) != []  # the stale one is still reported


def test_a_file_edited_after_it_was_checked_is_not_fixed(tmp_path, capsys):
    # (the fix re-reads the file; if it changed since it was checked, the findings are the old
    # text's: a span that still matched was fixed and the others were dropped from the report)
    from linter.cli import _apply_fixes
    from linter.engine import Engine
    from linter.textio import content_digest

    p = tmp_path / "a.txt"
    checked = SPUN.encode()
    p.write_bytes(checked)
    result = Engine(layers=("curated",)).check_file(str(p), keep_text=True)
    assert result.findings and any(f.fix_safe for f in result.findings)
    edited = SPUN.replace("wibble", "wobble").encode()  # same length: the garble's span still matches
    p.write_bytes(edited)
    result.text, result.raw, result.digest = edited.decode(), edited, content_digest(checked)
    out, errors = _apply_fixes([result], write=True)
    assert p.read_bytes() == edited and errors == []
    assert out[0].findings == result.findings
    assert "changed since it was checked; not fixed" in capsys.readouterr().err
