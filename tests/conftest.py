from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EXAMPLE = CORPUS / "example" / "back-mice-spun.txt"
EXAMPLE_GOLD = CORPUS / "example" / "back-mice-spun.gold.txt"


@pytest.fixture
def cli():
    """Run the click CLI in-process; returns (exit_code, stdout, stderr)."""
    from click.testing import CliRunner

    from linter.cli import main

    def run(*args, input=None, env=None):
        runner = CliRunner()
        result = runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture(scope="session")
def engine():
    from linter.engine import Engine

    return Engine()


def pytest_configure(config):
    os.environ.setdefault("NO_COLOR", "1")
