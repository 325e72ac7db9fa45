"""Configuration files and rule selectors: bad values end the run with one line and exit 2."""
from __future__ import annotations

import pytest

SPUN = "Spine mice are painful lumps over the reduced back.\n"


@pytest.fixture
def spun(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(SPUN, encoding="utf-8")
    return p


def _one_error(code, err, *words):
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("medlint: error: ") and "Traceback" not in err
    for w in words:
        assert w in err


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("selector", ["helth/", "health/bak-mice", "typo", "lexicon/swaped-term"])
def test_unknown_selectors_on_the_command_line_are_refused(cli, spun, option, selector):
    code, out, err = cli("check", "--isolated", option, f"health/back-mice,{selector}", str(spun))
    _one_error(code, err, option, repr(selector))
    assert out == ""


@pytest.mark.parametrize("selector", [
    "health/", "health", "health/back", "health/back-mice", "curated", "lexicon", "lexicon/swapped-term",
    "consistency", "consistency/term-variant", "grammar", "grammar/", "grammar/MORFOLOGIK_RULE_EN_US",
    "grammar/repeated-word", "suppression", "medlint/unused-suppression"])
def test_rule_ids_prefixes_packs_and_sources_are_selectors(cli, spun, selector):
    code, _, err = cli("check", "--isolated", "--select", selector, str(spun))
    assert code in (0, 1) and err == ""
    code, _, err = cli("check", "--isolated", "--ignore", selector, str(spun))
    assert code in (0, 1) and err == ""


def test_the_layer_rule_ids_the_validation_knows_are_the_layers_ids():
    from linter.checks import consistency, lexicon
    from linter.config import LAYER_RULES

    assert {lexicon.RULE, consistency.RULE} <= set(LAYER_RULES)


@pytest.mark.parametrize("key, value", [
    ("select", '["health/", "helth/"]'), ("ignore", '["grammar", "health/bak"]'), ("severity", '{ "helth/" = "info" }')])
def test_unknown_selectors_in_the_config_name_the_file_and_key(cli, tmp_path, key, value):
    (tmp_path / "pyproject.toml").write_text(f"[tool.medlint]\n{key} = {value}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    code, _, err = cli("check", str(tmp_path))
    _one_error(code, err, str(tmp_path / "pyproject.toml"), f"{key}:", "unknown rule")


def test_selectors_of_an_extra_pack_are_known(cli, tmp_path):
    pack = tmp_path / "mine.yml"
    pack.write_text(
        "pack: mine\nrules:\n- id: mine/shin-bone\n  term: shin bone\n  patterns: [shin osseous]\n"
        "  suggestions: [shin bone]\n  message: garble\n  severity: warning\n  confidence: 0.9\n"
        "  examples: {flag: ['The shin osseous hurts.'], pass: ['The shin bone hurts.']}\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.medlint]\nextend-rules = ["mine.yml"]\nselect = ["mine/"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("The shin osseous hurts.\n", encoding="utf-8")
    code, out, err = cli("check", "--format", "concise", str(tmp_path))
    assert code == 1 and "mine/shin-bone" in out and err == ""


@pytest.mark.parametrize("name, content, key", [
    ("pyproject.toml", "tool = 5\n", "tool:"),
    ("pyproject.toml", 'tool = "x"\n', "tool:"),
    ("pyproject.toml", "[tool]\nmedlint = 3\n", "tool.medlint:"),
    ("pyproject.toml", "[tool]\nmedlint = [1, 2]\n", "tool.medlint:"),
    (".medlint.toml", 'tool = "x"\n', "tool:"),
    (".medlint.toml", "tool = 5\n", "tool:"),
    (".medlint.toml", "[tool]\nmedlint = 3\n", "tool.medlint:"),
])
def test_a_malformed_tool_table_is_one_line_naming_the_file(cli, tmp_path, name, content, key):
    cfg = tmp_path / name
    cfg.write_text(content, encoding="utf-8")
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    code, out, err = cli("check", str(tmp_path / "a.txt"))
    _one_error(code, err, f"{cfg}: {key}", "must be a table")
    code, out, err = cli("check", "--config", str(cfg), str(tmp_path / "a.txt"))
    _one_error(code, err, f"{cfg}: {key}", "must be a table")


@pytest.mark.parametrize("key, value, words", [
    ("ignore", '[""]', ("ignore:", "empty selector")), ("select", '["health", ""]', ("select:", "empty selector")),
    ("severity", '{ "" = "info" }', ("severity:", "empty selector")),
    ("allowed-terms", '["lower back", ""]', ("allowed-terms:", "empty term")),
    ("allowed-terms", '[" "]', ("allowed-terms:", "empty term"))])
def test_an_empty_entry_in_the_config_is_refused_not_applied_to_every_finding(cli, tmp_path, key, value, words):
    # ("" prefixes every rule id and is in every text: it silently switched off, or re-ranked, everything)
    (tmp_path / "pyproject.toml").write_text(f"[tool.medlint]\n{key} = {value}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    code, _, err = cli("check", str(tmp_path))
    _one_error(code, err, str(tmp_path / "pyproject.toml"), *words)


@pytest.mark.parametrize("option, value", [
    ("--select", ""), ("--select", ","), ("--select", "health,"), ("--ignore", ""), ("--ignore", "health,,grammar")])
def test_an_empty_selector_on_the_command_line_is_refused_as_in_the_config(cli, spun, option, value):
    # (--select "" used to be dropped, so it selected every rule; the same entry in the config is an error)
    code, out, err = cli("check", option, value, str(spun))
    _one_error(code, err, f"{option}: an empty selector in {value!r}")
    assert out == ""
    code, out, _ = cli("check", option, "health,grammar", str(spun))
    assert code in (0, 1) and out


def test_an_empty_config_path_is_refused_not_ignored(cli, spun):
    # (--config "$UNSET_VARIABLE" used to fall back to discovery, or even pass with --isolated)
    for extra in ((), ("--isolated",)):
        code, _, err = cli("check", *extra, "--config", "", str(spun))
        _one_error(code, err, "--config: an empty path")


@pytest.mark.parametrize("entry, problem", [
    ("/dev/null", "extend-rules: /dev/null is not a rule pack (a YAML file or a folder of them)"),
    ("empty", "extend-rules: folder empty ({tmp}/empty) holds no rule packs (*.yml or *.yaml)"),
    ("notes", "extend-rules: folder notes ({tmp}/notes) holds no rule packs (*.yml or *.yaml)"),
    ("mine.yml", "extend-rules: mine.yml ({tmp}/mine.yml): no such file or directory"),
    ("", "extend-rules: an empty path names no rule pack"),
])
def test_extend_rules_that_name_no_rule_pack_are_one_line(cli, spun, tmp_path, monkeypatch, entry, problem):
    # (an empty folder had checked quietly without the project's rules; /dev/null was "no such file")
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "pairs.csv").write_text("spine mice,back mice\n", encoding="utf-8")
    (tmp_path / "notes" / "sub").mkdir()
    (tmp_path / "notes" / "sub" / "x.yml").write_text("pack: x\n", encoding="utf-8")  # (not looked into)
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text(f'[tool.medlint]\nextend-rules = ["{entry}"]\n', encoding="utf-8")
    want = f"medlint: error: {cfg}: {problem.format(tmp=tmp_path)}\n"
    code, out, err = cli("check", str(spun))
    _one_error(code, err)
    assert err == want and out == ""
    code, out, err = cli("check", "--config", str(cfg), str(spun))
    assert (code, err) == (2, want)
    monkeypatch.chdir(tmp_path)  # (`rules` and `explain` read the project's extend-rules too)
    code, out, err = cli("rules")
    assert (code, err) == (2, want)


def test_extend_rules_folder_of_yaml_packs_loads(cli, spun, tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "mine.yaml").write_text(
        "pack: mine\nrules:\n- id: mine/shin-bone\n  patterns: [shin osseous]\n  suggestions: [shin bone]\n"
        "  message: garble\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.medlint]\nextend-rules = ["packs"]\n', encoding="utf-8")
    spun.write_text("The shin osseous hurts.\n", encoding="utf-8")
    code, out, err = cli("check", "--format", "concise", str(spun))
    assert code == 1 and "mine/shin-bone" in out and err == ""


def test_top_level_keys_beside_a_tool_medlint_table_are_refused_not_dropped(cli, tmp_path):
    # (.medlint.toml takes its keys at the top level or under [tool.medlint]; with both, the
    # top-level ones were silently read nowhere: this ignore did not switch health/ off)
    cfg = tmp_path / ".medlint.toml"
    cfg.write_text('ignore = ["health/"]\n\n[tool.medlint]\nmin-confidence = 0.1\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    code, out, err = cli("check", str(tmp_path / "a.txt"))
    _one_error(code, err, f"{cfg}: ignore:", "[tool.medlint]")
    assert "health/" not in out
    cfg.write_text('ignore = ["health/"]\n', encoding="utf-8")  # one of the two alone is fine
    code, out, err = cli("check", "--format", "concise", str(tmp_path / "a.txt"))
    assert "health/" not in out and not err


def test_format_in_extensions_match_whatever_their_case(cli, tmp_path):
    # (a folder walk finds a.mdx for ".MDX" = ..., since extensions are matched in lower case;
    # the file was then read as plain text, so its inline code was checked as prose)
    def project(name, key):
        root = tmp_path / name
        root.mkdir()
        (root / "a.mdx").write_text("# Notes\n\nWrite `spine mice` in code only.\n", encoding="utf-8")
        (root / "pyproject.toml").write_text(f'[tool.medlint]\nformat-in = {{ "{key}" = "markdown" }}\n',
                                             encoding="utf-8")
        return str(root)

    for i, key in enumerate((".MDX", "MDX", "mdx")):
        code, out, err = cli("check", "--no-cache", "--format", "concise", project(f"ok{i}", key))
        assert (code, out, err) == (0, "", ""), key
    for i, key in enumerate(("", ".")):  # an empty extension names no file
        code, out, err = cli("check", "--no-cache", project(f"empty{i}", key))
        _one_error(code, err, "format-in:", "empty extension")


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_a_timeout_that_is_not_a_finite_positive_number_is_refused(cli, spun, tmp_path, value):
    # (inf and nan passed the "positive number" test and reached the HTTP client)
    cfg = tmp_path / "medlint.toml"
    cfg.write_text(f"[languagetool]\ntimeout = {value}\n", encoding="utf-8")
    code, _, err = cli("check", "--config", str(cfg), str(spun))
    _one_error(code, err, f"{cfg}: languagetool.timeout: must be a positive number of seconds")


def test_a_config_path_that_is_not_a_file_says_so(cli, spun, tmp_path):
    # (/dev/null or a folder was "config file not found", though it is there)
    for path in ("/dev/null", str(tmp_path)):
        code, _, err = cli("check", "--config", path, str(spun))
        _one_error(code, err, f"{path}: not a config file (a TOML file)")
    code, _, err = cli("check", "--config", str(tmp_path / "none.toml"), str(spun))
    _one_error(code, err, "none.toml: config file not found")
