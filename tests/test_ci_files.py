"""The CI integration files: the composite GitHub Action (action.yml), the documented
workflow (docs/github-workflow.yml) and the pre-commit manifest.

They must parse, use only options that `medlint check` has, and the action's shell
steps are run here with bash (the way the Actions runner would, minus setup-python and
the pip install: `medlint` is a shim running this checkout)."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "docs" / "github-workflow.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CI_FILES = (ACTION, WORKFLOW, HOOKS)
SPUN = "Spine mice sit on the reduced back.\n"


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def check_help() -> str:
    from click.testing import CliRunner

    from linter.cli import main

    result = CliRunner().invoke(main, ["check", "--help"], terminal_width=200)
    assert result.exit_code == 0
    return result.output


def format_choices() -> tuple[str, ...]:
    from linter.cli import check

    return tuple(next(p for p in check.params if p.name == "fmt").type.choices)


def medlint_invocations(path: Path):
    """Every `medlint check ...` written in the file (run scripts, inputs, comments)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        for m in re.finditer(r"\bmedlint check\b(.*)", line):
            rest = m.group(1).replace("`", " ")
            try:
                words = shlex.split(rest, comments=True)
            except ValueError:  # prose with an apostrophe
                words = rest.split()
            yield line.strip(), [w.strip("(),.;") for w in words]


def test_ci_files_parse():
    action, workflow, hooks = (load(p) for p in CI_FILES)
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"paths", "args", "sarif-file", "python-version"}
    assert isinstance(workflow["jobs"], dict) and (True in workflow or "on" in workflow)
    assert isinstance(hooks, list) and hooks[0]["id"] == "medlint"


def test_every_medlint_option_exists(check_help):
    options = set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", check_help))
    choices = format_choices()
    seen_formats = set()
    count = 0
    for path in CI_FILES:
        for line, words in medlint_invocations(path):
            count += 1
            for i, word in enumerate(words):
                opt, _, value = word.partition("=")
                if not opt.startswith("-") or opt == "-":
                    continue
                assert opt in options, f"{path.name}: {opt!r} is not a `medlint check` option: {line}"
                if opt == "--format":
                    value = value or words[i + 1]
                    assert value in choices, f"{path.name}: --format {value} is not one of {choices}"
                    seen_formats.add(value)
    assert count >= 4
    assert {"github", "sarif"} <= seen_formats
    for fmt in ("sarif", "github", "junit"):
        assert fmt in check_help


def test_every_option_mentioned_is_a_check_option(check_help):
    """Also those in comments and prose (`args: [--fix]`, "add `--fail-on error`")."""
    options = set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", check_help))
    for path in CI_FILES:
        for line in path.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
            if re.search(r"\bpip\b|medlint --version", line):
                continue  # pip's options; the group's --version
            for opt in re.findall(r"(?<![\w-])(--[A-Za-z][\w-]*)", line):
                assert opt in options, f"{path.name}: {opt!r} is not a `medlint check` option: {line.strip()}"


def test_action_installs_from_its_own_path():
    action = load(ACTION)
    steps = action["runs"]["steps"]
    setup = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert "github.action_path" in " ".join(install.get("env", {}).values()) or \
        "github.action_path" in install["run"]
    for step in steps:
        if "run" in step:
            assert step["shell"] == "bash"
            # Inputs reach the scripts through env, never pasted into the script.
            assert "${{" not in step["run"], step["run"]


def test_workflow_uploads_the_sarif_it_writes():
    workflow = load(WORKFLOW)
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "pip install" in runs and "medlint check --format github" in runs
    m = re.search(r"--format sarif --output-file (\S+)", runs)
    assert m
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == m.group(1)


# --- running the action's scripts ------------------------------------------------------------

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Runner:
    """Just enough of the Actions runner for this action: `${{ }}` in env, simple `if`s,
    GITHUB_OUTPUT; bash from the workflow's directory."""

    def __init__(self, action, inputs, workdir: Path, temp: Path):
        self.inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
        self.inputs.update(inputs)
        self.workdir, self.temp = workdir, temp
        self.outputs: dict[str, dict] = {}

    def value(self, expr: str) -> str:
        if expr.startswith("inputs."):
            return self.inputs[expr[len("inputs."):]]
        m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m:
            return self.outputs.get(m.group(1), {}).get(m.group(2), "")
        if expr == "github.action_path":
            return str(ROOT)
        raise AssertionError(f"expression not supported by the test runner: {expr}")

    def condition(self, expr: str) -> bool:
        expr = EXPR.sub(lambda m: m.group(1), expr).strip()
        m = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*''", expr)
        assert m, f"condition not supported by the test runner: {expr}"
        return (self.value(m.group(1)) == "") == (m.group(2) == "==")

    def run_step(self, step) -> subprocess.CompletedProcess:
        out_file = self.temp / f"output-{step.get('id', 'x')}"
        out_file.write_text("")
        env = dict(os.environ, RUNNER_TEMP=str(self.temp), GITHUB_OUTPUT=str(out_file), NO_COLOR="1")
        for k, v in (step.get("env") or {}).items():
            env[k] = EXPR.sub(lambda m: self.value(m.group(1)), str(v))
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
                              cwd=self.workdir, env=env, capture_output=True, text=True, timeout=600)
        if step.get("id"):
            self.outputs[step["id"]] = dict(line.split("=", 1) for line in out_file.read_text().splitlines()
                                            if "=" in line)
        return proc


def medlint_shim(temp: Path):
    """`medlint` on the PATH the action's steps set: runs this checkout's CLI."""
    bin_dir = temp / "medlint-venv" / "bin"
    bin_dir.mkdir(parents=True)
    shim = bin_dir / "medlint"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)} '
                    f'-m linter "$@"\n')
    shim.chmod(0o755)


def run_action(tmp_path, inputs):
    action = load(ACTION)
    work, temp = tmp_path / "repo", tmp_path / "runner-temp"
    work.mkdir()
    temp.mkdir()
    medlint_shim(temp)
    (work / "docs").mkdir()
    (work / "docs" / "spun.md").write_text(SPUN, encoding="utf-8")
    (work / "docs" / "clean.md").write_text("Back mice sit on the lower back.\n", encoding="utf-8")
    runner = Runner(action, inputs, work, temp)
    log = []
    for step in action["runs"]["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue  # setup-python and the install are the runner's business
        if "if" in step and not runner.condition(step["if"]):
            log.append((step.get("id"), None))
            continue
        proc = runner.run_step(step)
        log.append((step.get("id"), proc))
        if proc.returncode != 0:
            break
    return work, runner, log


def test_action_steps_annotate_write_sarif_and_fail(tmp_path):
    work, runner, log = run_action(tmp_path, {"paths": "docs", "args": "--isolated --select health/"})
    procs = dict(log)
    annotations = procs["check"].stdout.splitlines()
    assert len(annotations) >= 2 and all(a.startswith(("::error file=docs/spun.md,", "::warning file=docs/spun.md,",
                                                       "::notice file=docs/spun.md,")) for a in annotations)
    assert runner.outputs["check"]["exit-code"] == "1"
    import json

    sarif = json.loads((work / "medlint.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == len(annotations)
    assert runner.outputs["sarif"]["sarif-file"] == "medlint.sarif"
    assert log[-1][1].returncode == 1  # the last step fails the action with medlint's code


def test_action_steps_clean_and_without_sarif(tmp_path):
    work, runner, log = run_action(tmp_path, {"paths": "docs/clean.md", "args": "--isolated", "sarif-file": ""})
    procs = dict(log)
    assert procs["check"].stdout == ""
    assert runner.outputs["check"]["exit-code"] == "0"
    assert procs["sarif"] is None and not (work / "medlint.sarif").exists()
    assert log[-1][1].returncode == 0


def test_action_fail_on_never_only_reports(tmp_path):
    _, runner, log = run_action(tmp_path, {"paths": "docs", "args": "--isolated --fail-on never"})
    assert runner.outputs["check"]["exit-code"] == "0"
    assert dict(log)["check"].stdout.count("::") >= 4
    assert log[-1][1].returncode == 0
