"""The pre-commit hook (``.pre-commit-hooks.yaml``) through the real ``pre-commit``.

``pre-commit try-repo`` clones a git repository's HEAD, so the package's files are
copied from this working tree into a git repository of their own (uncommitted
changes are tested; the real checkout is never touched) and committed there with
fixed dates, so the same content always gives the same commit.

``try-repo`` installs the hook's environment (medlint, spaCy, ... from PyPI) into a
throw-away store of its own every time, whatever PRE_COMMIT_HOME says (one to two
minutes here), so it runs once.  The other tests run ``pre-commit run`` with the config
``try-repo`` would write, in a store kept in PRE_COMMIT_HOME
(~/.cache/medlint-tests/pre-commit): they install only when the package's files changed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

ROOT = Path(__file__).resolve().parent.parent
# What `pip install .` needs (see pyproject.toml) and the hook manifest.
PACKAGE_FILES = (".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "LICENSE", "linter", "rules", "corpus")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".medlint_cache", ".pytest_cache")
FIXED_DATE = "2000-01-01T00:00:00+0000"

SPUN = "# Back pain\n\nSpine mice sit on the reduced back.\n"
CLEAN = "# Back pain\n\nBack mice are tender lumps over the lower back.\n"
SPUN_PY = 'TEXT = "Spine mice sit on the reduced back."\n'


def git_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="x", GIT_AUTHOR_EMAIL="x@example.invalid", GIT_COMMITTER_NAME="x",
               GIT_COMMITTER_EMAIL="x@example.invalid", GIT_AUTHOR_DATE=FIXED_DATE,
               GIT_COMMITTER_DATE=FIXED_DATE, GIT_CONFIG_NOSYSTEM="1")
    env.pop("PYTHONPATH", None)
    return env


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.email=x", "-c", "user.name=x", "-c", "commit.gpgsign=false",
                    "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, env=git_env(), check=True, capture_output=True)


def snapshot(dest: Path) -> Path:
    """A git repository at ``dest`` holding this working tree's package files, committed."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in PACKAGE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=IGNORE)
        elif src.exists():
            shutil.copy2(src, dest / name)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "medlint snapshot", cwd=dest)
    return dest


def head(repo: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, env=git_env(), check=True,
                          capture_output=True, text=True).stdout.strip()


def pre_commit(*args, cwd, home: Path):
    env = git_env()
    env["PRE_COMMIT_HOME"] = str(home)
    env["NO_COLOR"] = "1"
    proc = subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=1800)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def cache_home() -> Path:
    """Kept between test runs (and outside the checkout, so no git command runs in it)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "medlint-tests" / "pre-commit"
    base.mkdir(parents=True, exist_ok=True)
    return base


@pytest.fixture(scope="module")
def source_repo(cache_home) -> Path:
    """At a fixed path with a reproducible commit: the key of the kept hook environment."""
    return snapshot(cache_home / "src")


@pytest.fixture
def user_repo(tmp_path) -> Path:
    repo = tmp_path / "project"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "spun.md").write_text(SPUN, encoding="utf-8")
    (repo / "clean.md").write_text(CLEAN, encoding="utf-8")
    (repo / "spun.py").write_text(SPUN_PY, encoding="utf-8")
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "docs", cwd=repo)
    return repo


def test_manifest_file_types():
    """The hook gets Markdown, HTML, reST and plain-text files, and no source code."""
    from identify.identify import tags_from_filename
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "medlint" and hook["entry"] == "medlint check --force-exclude" and hook["language"] == "python"
    assert hook["require_serial"] is False

    def passed(name):
        tags = tags_from_filename(name) | {"file"}
        return set(hook["types"]) <= tags and bool(set(hook["types_or"]) & tags)

    for name in ("a.md", "a.markdown", "a.html", "a.htm", "a.rst", "a.txt", "README"):
        assert passed(name), name
    for name in ("a.py", "a.js", "a.yml", "a.json", "a.toml"):
        assert not passed(name), name


def test_try_repo_fails_on_spun_and_passes_over_the_rest(source_repo, user_repo, cache_home):
    """``pre-commit try-repo`` on the checkout's snapshot: exit 1 with medlint's findings
    for the spun file; nothing reported for the clean one; the .py file not passed."""
    code, out = pre_commit("try-repo", str(source_repo), "medlint", "--files", "spun.md", "clean.md", "spun.py",
                           cwd=user_repo, home=cache_home)
    assert code == 1, out
    assert "medlint" in out and "Failed" in out
    assert "spun.md:3:1: health/" in out and "Spine mice" in out and "reduced back" in out
    assert "clean.md" not in out
    assert "spun.py" not in out  # Python files are not passed to the hook
    assert (user_repo / "spun.md").read_text(encoding="utf-8") == SPUN


def hook_config(cache_home: Path, source_repo: Path, name: str, args=()) -> Path:
    """The config ``try-repo`` writes for itself, kept (with its environment) in PRE_COMMIT_HOME."""
    config = cache_home / name  # kept, so `pre-commit gc` keeps the environment it uses
    lines = ["repos:", f"  - repo: {source_repo}", f"    rev: {head(source_repo)}", "    hooks:",
             "      - id: medlint"]
    if args:
        lines.append(f"        args: [{', '.join(args)}]")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def test_hook_passes_on_clean_markdown(source_repo, user_repo, cache_home):
    config = hook_config(cache_home, source_repo, "config.yaml")
    code, out = pre_commit("run", "--config", str(config), "--files", "clean.md", "spun.py",
                           cwd=user_repo, home=cache_home)
    assert code == 0, out
    assert "medlint" in out and "Passed" in out
    code, out = pre_commit("run", "--config", str(config), "--files", "spun.md", cwd=user_repo, home=cache_home)
    assert code == 1 and "spun.md:3:1: health/" in out, out


def test_hook_with_fix_argument(source_repo, user_repo, cache_home):
    """``args: [--fix]`` rewrites the file; pre-commit then fails the hook (files changed)."""
    config = hook_config(cache_home, source_repo, "fix-config.yaml", ["--fix"])
    code, out = pre_commit("run", "--config", str(config), "--files", "spun.md", "clean.md",
                           cwd=user_repo, home=cache_home)
    assert code == 1, out
    fixed = (user_repo / "spun.md").read_text(encoding="utf-8")
    assert "Spine mice" not in fixed and "Back mice sit on the" in fixed
    assert "files were modified by this hook" in out
    assert (user_repo / "clean.md").read_text(encoding="utf-8") == CLEAN
    # Drop the environments of earlier snapshots, so the kept store does not grow.
    pre_commit("gc", cwd=user_repo, home=cache_home)
