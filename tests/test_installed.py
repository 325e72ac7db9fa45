"""The installed console script, run as a user would: from another directory, on a
copy of the example article, with the data the install carries."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT

SCRIPT = Path(sys.executable).with_name("medlint")


def run(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.skipif(not SCRIPT.exists(), reason="medlint is not installed in this environment")
def test_console_script_from_another_directory(tmp_path):
    doc = tmp_path / "article.txt"
    shutil.copy(EXAMPLE, doc)
    p = run([str(SCRIPT), "check", "--isolated", "--no-cache", "--format", "json", "article.txt"], tmp_path)
    assert p.returncode == 1, p.stderr
    data = json.loads(p.stdout)
    texts = {f["text"] for f in data["findings"]}
    assert {"spine mice", "reduced back", "Iliac crest pain killers"} <= texts
    assert all(f["path"] == "article.txt" for f in data["findings"])
    p = run([sys.executable, "-m", "linter", "check", "--isolated", "--no-cache", "--format", "concise", "article.txt"],
            tmp_path)
    assert p.returncode == 1 and "health/back-mice" in p.stdout


@pytest.mark.skipif(not SCRIPT.exists(), reason="medlint is not installed in this environment")
def test_installed_package_finds_its_data(tmp_path):
    code = ("import linter, linter.data; print(linter.__file__); "
            "print(linter.data.data_dir('rules')); print(linter.data.data_dir('corpus'))")
    p = run([sys.executable, "-c", code], tmp_path)
    assert p.returncode == 0, p.stderr
    module, rules, corpus = p.stdout.split("\n")[:3]
    assert (Path(rules) / "health.yml").is_file()
    assert (Path(corpus) / "lookup").is_dir()
    if not Path(module).resolve().is_relative_to(ROOT):  # a regular (non-editable) install
        assert Path(rules).parts[-2:] == ("_data", "rules")
