"""The CLI through click's runner: output shapes, exit codes, rules/explain, stdin."""
from __future__ import annotations

import json

from conftest import EXAMPLE

SPUN = "Spine mice are painful lumps over the reduced back.\n"
CLEAN = "Back mice are painful lumps over the lower back.\n"
KEYS = ["path", "rule", "severity", "message", "line", "column", "end_line", "end_column",
        "offset", "length", "text", "suggestions", "confidence", "source"]


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_json_lists_the_files_that_could_not_be_checked(cli, tmp_path):
    good = write(tmp_path, "a.txt", SPUN)
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"caf\xe9")
    code, out, err = cli("check", "--isolated", "--format", "json", str(good), str(bad))
    assert code == 2
    data = json.loads(out)
    assert data["files"] == 2
    assert data["errors"] == [{"path": str(bad), "message": "invalid UTF-8 at byte offset 3 (byte 0xe9)"}]
    assert {f["path"] for f in data["findings"]} == {str(good)}
    assert "invalid UTF-8" in err


def test_json_shape_is_exactly_as_documented(cli, tmp_path):
    p = write(tmp_path, "a.txt", "Intro line.\n" + SPUN)
    code, out, _ = cli("check", "--isolated", "--format", "json", str(p))
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["version", "files", "findings", "errors", "documents"]
    assert data["files"] == 1 and data["errors"] == []
    texts = [f["text"] for f in data["findings"]]
    assert "Spine mice" in texts and "reduced back" in texts
    for f in data["findings"]:
        assert list(f) == KEYS
        assert isinstance(f["suggestions"], list) and isinstance(f["confidence"], float)
    f = next(f for f in data["findings"] if f["text"] == "Spine mice")
    assert (f["line"], f["column"], f["end_line"], f["end_column"]) == (2, 1, 2, 11)
    assert f["offset"] == len("Intro line.\n") and f["length"] == 10
    assert f["suggestions"][0] == "Back mice"
    assert f["source"] == "curated"
    offsets = [(x["path"], x["offset"]) for x in data["findings"]]
    assert offsets == sorted(offsets)


def test_offsets_are_code_points(cli, tmp_path):
    p = write(tmp_path, "u.txt", "Ünïcödé — “quote” 😀 spine mice.\n")
    code, out, _ = cli("check", "--isolated", "--format", "json", str(p))
    f = next(f for f in json.loads(out)["findings"] if f["rule"].endswith("back-mice"))
    text = p.read_text(encoding="utf-8")
    assert text[f["offset"]:f["offset"] + f["length"]] == "spine mice" == f["text"]


def test_text_output_underlines_and_suggests(cli, tmp_path):
    p = write(tmp_path, "a.txt", SPUN)
    code, out, _ = cli("check", "--isolated", str(p))
    assert code == 1
    assert f"{p}:1:1: health/" in out
    assert "^^^^^^^^^^" in out and "suggestion: Back mice" in out
    assert "Found" in out and "\x1b[" not in out


def test_exit_zero_on_clean_text(cli, tmp_path):
    p = write(tmp_path, "c.txt", CLEAN)
    code, out, _ = cli("check", "--isolated", str(p))
    assert code == 0 and "All checks passed" in out


def test_fail_on_error_lets_warnings_pass(cli, tmp_path):
    p = write(tmp_path, "a.txt", SPUN)
    code, _, _ = cli("check", "--isolated", "--fail-on", "never", str(p))
    assert code == 0


def test_directory_recursion_and_exclude(cli, tmp_path):
    write(tmp_path, "a.md", SPUN)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.txt", SPUN)
    write(tmp_path / "sub", "ignored.py", SPUN)
    code, out, _ = cli("check", "--isolated", "--format", "json", str(tmp_path))
    paths = {f["path"] for f in json.loads(out)["findings"]}
    assert paths == {str(tmp_path / "a.md"), str(tmp_path / "sub" / "b.txt")}
    code, out, _ = cli("check", "--isolated", "--format", "json", "--exclude", "sub", str(tmp_path))
    assert {f["path"] for f in json.loads(out)["findings"]} == {str(tmp_path / "a.md")}


def test_stdin(cli):
    code, out, _ = cli("check", "--isolated", "--format", "json", "-", input=SPUN)
    data = json.loads(out)
    assert code == 1 and {f["path"] for f in data["findings"]} == {"-"}


def test_select_and_ignore(cli, tmp_path):
    p = write(tmp_path, "a.txt", SPUN)
    _, out, _ = cli("check", "--isolated", "--format", "json", "--select", "health/back-mice", str(p))
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"health/back-mice"}
    _, out, _ = cli("check", "--isolated", "--format", "json", "--ignore", "health/back-mice", str(p))
    assert "health/back-mice" not in {f["rule"] for f in json.loads(out)["findings"]}


def test_rules_and_explain(cli):
    code, out, _ = cli("rules")
    assert code == 0 and "health/back-mice" in out
    code, out, _ = cli("explain", "health/back-mice")
    assert code == 0 and "Flagged:" in out and "back mice" in out.lower()
    code, _, err = cli("explain", "health/nope")
    assert code == 2 and "unknown rule" in err


def test_example_article_has_findings(cli):
    code, out, _ = cli("check", "--format", "json", str(EXAMPLE))
    assert code == 1
    assert len(json.loads(out)["findings"]) >= 25


def test_long_lines_are_cut_around_the_span(cli, tmp_path):
    line = "alpha beta gamma delta " * 15 + "Spine mice hurt. " + "epsilon zeta eta theta " * 15
    p = write(tmp_path, "long.txt", line + "\n")
    code, out, _ = cli("check", "--isolated", str(p))
    src = next(l for l in out.splitlines() if l.startswith("1 | "))[4:]
    marks = next(l for l in out.splitlines() if "^" in l)
    assert src.startswith("...") and src.endswith("...") and len(src) <= 110
    start = marks.index("^") - 4
    assert src[start:start + len("Spine mice")] == "Spine mice" and marks.count("^") == len("Spine mice")


def test_carets_line_up_as_a_terminal_shows_the_line(cli, tmp_path):
    # wide CJK (2 columns each), a combining accent and a zero-width space (0), an escape
    # sequence (shown as the control picture U+241B, never sent to the terminal), a tab (1)
    # (the zero-width space is also a grammar/hidden-character finding: only the garble's carets are looked at)
    p = write(tmp_path, "w.txt", "\u60a3\u8005 e\u0301 a\u200bb \x1b[31m\tspine mice.\n")
    code, out, _ = cli("check", "--isolated", "--ignore", "grammar/hidden-character", str(p))
    lines = out.splitlines()
    src = next(l for l in lines if l.startswith("1 | "))
    marks = next(l for l in lines if "^" in l)
    assert src == "1 | \u60a3\u8005 e\u0301 a\u200bb \u241b[31m spine mice."
    assert "\x1b" not in out
    assert marks == "  | " + " " * 16 + "^" * 10


def test_carets_line_up_after_an_emoji_joined_sequence(cli, tmp_path):
    # (a family emoji, three emoji joined by zero-width joiners, is one 2-column glyph; the
    # carets were 4 columns too far right)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    p = write(tmp_path, "e.txt", f"{family} spine mice.\n")
    code, out, _ = cli("check", "--isolated", "--ignore", "grammar/hidden-character", str(p))
    marks = next(l for l in out.splitlines() if "^" in l)
    assert marks == "  | " + " " * 3 + "^" * 10
    from linter.report.text import _cells

    assert _cells(family) == 2 and _cells("\u200d\u60a3") == 2 and _cells("\u60a3\u200d\u8005") == 4  # (CJK: no glyph)


def test_a_span_across_lines_keeps_one_line_per_finding(cli, tmp_path):
    p = write(tmp_path, "x.txt", "The pain in the reduced\nback was bad; spine\r\nmice too.\n")
    code, out, _ = cli("check", "--isolated", "--format", "concise", str(p))
    lines = out.splitlines()
    assert len(lines) == 2 and all(l.startswith(f"{p}:") for l in lines)
    assert '"reduced back"' in lines[0] and '"spine mice"' in lines[1]
    code, out, _ = cli("check", "--isolated", str(p))
    head = next(l for l in out.splitlines() if l.startswith(f"{p}:1:17:"))
    assert head.startswith(f'{p}:1:17: lexicon/swapped-term "reduced back" looks like') and head.endswith('"lower back".')


def test_output_file_that_is_an_input_is_refused_and_left_intact(cli, tmp_path):
    p = write(tmp_path, "a.txt", SPUN)
    link = tmp_path / "link.txt"
    link.symlink_to(p)
    for fmt in ("text", "concise", "json", "sarif"):
        for out, arg in ((p, p), (link, tmp_path)):  # the same file by name, and through a link
            code, stdout, err = cli("check", "--isolated", "--format", fmt, "-o", str(out), str(arg))
            assert code == 2, (fmt, out)
            assert err.count("\n") == 1 and "is also an input" in err and "Traceback" not in err
            assert p.read_text(encoding="utf-8") == SPUN


def _project(tmp_path, config):
    root = tmp_path / "p"
    for sub in ("drafts", "docs"):
        (root / sub).mkdir(parents=True)
    write(root / "drafts", "x.md", SPUN)
    write(root / "docs", "y.md", SPUN)
    write(root, "pyproject.toml", config)
    return root


def _paths(out):
    return {f["path"] for f in json.loads(out)["findings"]}


def test_project_excludes_apply_to_a_folder_named_from_inside_or_outside(cli, tmp_path, monkeypatch):
    root = _project(tmp_path, '[tool.medlint]\nextend-exclude = ["drafts/*"]\n')
    monkeypatch.chdir(root)
    code, out, _ = cli("check", "--format", "json", ".")
    assert _paths(out) == {"./docs/y.md"}
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "--format", "json", "p")
    assert _paths(out) == {"p/docs/y.md"}
    monkeypatch.chdir(root / "docs")  # relative to the config's folder, not to where medlint runs
    code, out, _ = cli("check", "--format", "json", "..")
    assert _paths(out) == {"../docs/y.md"}


def test_a_default_exclude_above_the_folder_checked_does_not_skip_it(cli, tmp_path):
    docs = tmp_path / "build" / "docs"
    docs.mkdir(parents=True)
    write(docs, "a.md", SPUN)
    code, out, _ = cli("check", "--isolated", "--format", "json", str(docs))
    assert code == 1 and _paths(out) == {str(docs / "a.md")}
    (docs / "build").mkdir()
    write(docs / "build", "b.md", SPUN)
    code, out, _ = cli("check", "--isolated", "--format", "json", str(docs))
    assert _paths(out) == {str(docs / "a.md")}  # (but one below it does)


def test_format_in_extensions_are_found_when_a_folder_is_walked(cli, tmp_path, monkeypatch):
    root = _project(tmp_path, '[tool.medlint]\nformat-in = { ".mdx" = "markdown" }\n')
    write(root / "docs", "z.mdx", "# Title\n\n" + SPUN)
    write(root / "docs", "skip.mdy", SPUN)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "--format", "json", "p/docs")
    assert code == 1 and _paths(out) == {"p/docs/y.md", "p/docs/z.mdx"}
    (root / "docs" / "y.md").unlink()
    code, out, err = cli("check", "--format", "json", "p/docs")
    assert code == 1 and _paths(out) == {"p/docs/z.mdx"} and err == ""


def test_text_report_shows_the_line_of_the_finding_past_form_feeds_and_line_separators(cli, tmp_path):
    p = write(tmp_path, "a.txt", "Intro\x0cpage two\x0bthree\u2028four.\r\n" + SPUN.replace("\n", "\r\n"))
    code, out, _ = cli("check", "--isolated", "--select", "health/back-mice", str(p))
    assert code == 1 and f"{p}:2:1: health/back-mice" in out
    assert "2 | Spine mice are painful lumps over the reduced back.\n" in out


def test_a_subfolder_config_excludes_apply_while_walking(cli, tmp_path, monkeypatch):
    root = _project(tmp_path, '[tool.medlint]\nextend-exclude = ["drafts/*"]\n')
    sub = root / "docs"
    (sub / "old").mkdir()
    write(sub / "old", "z.md", SPUN)
    write(sub, "scratch.md", SPUN)
    (sub / ".medlint.toml").write_text('extend-exclude = ["old", "scratch.md"]\n', encoding="utf-8")
    monkeypatch.chdir(root)
    code, out, _ = cli("check", "--format", "json", ".")
    assert _paths(out) == {"./docs/y.md"}
    code, out, _ = cli("check", "--format", "json", "docs/scratch.md")  # a file named is always checked
    assert _paths(out) == {"docs/scratch.md"}
    code, out, _ = cli("check", "--isolated", "--format", "json", ".")  # no config: nothing excluded
    assert {"./docs/old/z.md", "./docs/scratch.md"} <= _paths(out)


def test_rules_and_explain_know_the_projects_extend_rules(cli, tmp_path, monkeypatch):
    # `check` reports imported/... findings; `rules` must list them and `explain` explain them
    (tmp_path / "pairs.csv").write_text("garbled,correct\nspine rodents,back mice\n", encoding="utf-8")
    code, _, err = cli("rules", "import", str(tmp_path / "pairs.csv"), "-o", str(tmp_path / "mine.yml"))
    assert code == 0, err
    (tmp_path / "pyproject.toml").write_text('[tool.medlint]\nextend-rules = ["mine.yml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("rules")
    assert code == 0 and "imported/back-mice" in out
    code, out, err = cli("explain", "imported/back-mice")
    assert code == 0 and "spine rodents" in out, err
    code, _, err = cli("explain", "")
    assert code == 2 and err.strip() == "medlint: error: unknown rule ''"


def test_rules_import_refuses_to_overwrite_its_own_source(cli, tmp_path):
    src = tmp_path / "pairs.csv"
    src.write_text("garbled,correct\nspine mice,back mice\n", encoding="utf-8")
    code, _, err = cli("rules", "import", str(src), "-o", str(tmp_path / "." / "pairs.csv"))
    assert code == 2 and "would be overwritten" in err and "Traceback" not in err
    assert src.read_text(encoding="utf-8").startswith("garbled,correct")


def test_explain_knows_the_layer_rules_check_reports(cli):
    # (`check` reports lexicon/..., consistency/..., grammar/... and medlint/... ids; explain said "unknown rule")
    from linter.config import LAYER_RULES

    for rid in (*LAYER_RULES, "grammar/MORFOLOGIK_RULE_EN_US"):
        code, out, err = cli("explain", rid)
        assert code == 0 and out.startswith(rid) and err == "", (rid, err)
    code, _, err = cli("explain", "lexicon/nope")
    assert code == 2 and "unknown rule" in err


def test_a_file_named_twice_is_checked_and_fixed_once(cli, tmp_path, monkeypatch):
    """A folder and a file in it written another way, or a symlink and its target, are one file:
    its findings are not reported twice, and --fix does not warn that it "changed since it
    was read" after fixing it under its first name."""
    docs = tmp_path / "docs"
    docs.mkdir()
    p = write(docs, "a.txt", SPUN)
    (tmp_path / "link.txt").symlink_to(p)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "--isolated", "--no-cache", "--format", "json", "docs", "./docs/a.txt",
                       "docs/../docs/a.txt", "link.txt")
    data = json.loads(out)
    assert data["files"] == 1 and [d["path"] for d in data["documents"]] == [str(p.relative_to(tmp_path))]
    assert len([f for f in data["findings"] if f["text"] == "Spine mice"]) == 1
    code, out, err = cli("check", "--isolated", "--no-cache", "--fix", "docs/a.txt", "link.txt")
    assert "changed since it was read" not in err and err.count("Fixed ") == 1
    assert p.read_text(encoding="utf-8").startswith("Back mice")


def test_force_exclude_skips_excluded_files_named_on_the_command_line(cli, tmp_path, monkeypatch):
    """pre-commit names every staged file: without --force-exclude (the hook's entry) a
    project's `extend-exclude = ["drafts/*"]` and the default excludes were never applied."""
    import yaml

    from conftest import ROOT

    for sub in ("drafts", "docs", "build"):
        (tmp_path / sub).mkdir()
        write(tmp_path / sub, "a.md", SPUN)
    (tmp_path / "pyproject.toml").write_text('[tool.medlint]\nextend-exclude = ["drafts/*"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    named = ("drafts/a.md", "docs/a.md", "build/a.md")
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--force-exclude", *named)
    assert code == 1 and {f["path"] for f in json.loads(out)["findings"]} == {"docs/a.md"}
    code, out, _ = cli("check", "--no-cache", "--format", "json", *named)  # named files: always checked
    assert {f["path"] for f in json.loads(out)["findings"]} == set(named)
    code, out, err = cli("check", "--no-cache", "--force-exclude", "drafts/a.md")
    assert code == 0 and not err
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"].split() == ["medlint", "check", "--force-exclude"]
