"""benchmarks/bench.py on an environment without the tools it times: a one-line error naming
what to install, before any corpus is built (never a traceback mid-run)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_tools_names_each_absent_console_script(tmp_path):
    bench = _bench()
    assert bench.missing_tools(tmp_path) == ["medlint", "proselint"]
    (tmp_path / "medlint").write_text("")
    assert bench.missing_tools(tmp_path) == ["proselint"]
    (tmp_path / "proselint").write_text("")
    assert bench.missing_tools(tmp_path) == []


@pytest.mark.skipif((Path(sys.executable).parent / "proselint").exists(),
                    reason="proselint is installed: the benchmark would run in full")
def test_without_proselint_the_benchmark_stops_with_one_line(tmp_path):
    run = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr
    assert "proselint" in lines[0] and "pip install '.[bench]'" in lines[0]
    assert not run.stdout  # stopped before building or timing anything
