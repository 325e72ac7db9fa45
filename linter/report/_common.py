"""Helpers shared by the reporters: paths, rule metadata, one-line text."""
from __future__ import annotations

import os
import re
from pathlib import Path

LEVELS = {"error": "error", "warning": "warning", "info": "note"}

# where str.splitlines breaks, with the spaces around it
_BREAKS = re.compile(r"\s*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """``text`` on one line: a span across lines (and a message quoting one) must not break a
    report's line per finding."""
    return _BREAKS.sub(" ", text)


def all_findings(results):
    """Every finding of the run, in the JSON format's order (path, offset, ...)."""
    return sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())


def repo_relative(path: str, root: str | None = None) -> tuple[str, bool]:
    """``(path, relative)``: ``path`` in POSIX form relative to ``root`` (default: the
    current directory) when it lies inside it; otherwise the absolute path, unchanged
    apart from the separators.  ``"-"`` (stdin) is returned as is."""
    if path == "-":
        return path, False
    root = os.path.abspath(root or os.getcwd())
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # another drive (Windows)
        rel = None
    if rel is not None and rel != os.pardir and not rel.startswith(os.pardir + os.sep):
        return Path(rel).as_posix(), True
    return Path(full).as_posix(), False


def rule_lookup(ctx):
    """``rule id -> Rule | None``: ``ctx.rules`` first, then the bundled packs."""
    given = dict(getattr(ctx, "rules", None) or {})
    fallback: dict | None = None

    def lookup(rule_id: str):
        nonlocal fallback
        if rule_id in given:
            return given[rule_id]
        if fallback is None:
            try:
                from linter.packs import load_rules

                fallback = load_rules().by_id()
            except Exception:  # a broken pack must not break the report
                fallback = {}
        return fallback.get(rule_id)

    return lookup
