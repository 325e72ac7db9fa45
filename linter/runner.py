"""Checking many files: settings per file, engines per rule set, results in order."""
from __future__ import annotations

import os
from dataclasses import dataclass

from linter.config import Settings, discover, read_file
from linter.engine import Engine, FileResult
from linter.errors import MedlintError


@dataclass(frozen=True)
class RunOptions:
    config: str | None = None
    isolated: bool = False
    overrides: tuple = ()  # (field, value) pairs from the command line
    layers: tuple[str, ...] | None = None
    keep_text: bool = False
    format_in: str | None = None


def settings_for(path: str, opts: RunOptions) -> Settings:
    if opts.isolated:
        base = Settings()
    elif opts.config:
        base = _explicit(opts.config)
    else:
        folder = os.getcwd() if path == "-" else os.path.dirname(os.path.abspath(path))
        base = discover(folder)
    over = dict(opts.overrides)
    if over.get("extend_exclude"):
        over["extend_exclude"] = tuple(base.extend_exclude) + tuple(over["extend_exclude"])
    return base.with_overrides(**over)


_explicit_cache: dict = {}


def _explicit(path: str) -> Settings:
    from pathlib import Path

    if path not in _explicit_cache:
        p = Path(path)
        if not p.is_file():
            raise MedlintError(f"{path}: config file not found")
        _explicit_cache[path] = read_file(p) or Settings(config_file=path, root=str(p.parent.resolve()))
    return _explicit_cache[path]


_engines: dict = {}


def engine_for(settings: Settings, layers) -> Engine:
    key = (settings.extend_rules, layers)
    if key not in _engines:
        _engines[key] = Engine(settings, layers=layers)
    return _engines[key]


def check_one(path: str, opts: RunOptions, stdin_text=None) -> FileResult:
    settings = settings_for(path, opts)
    engine = engine_for(settings, opts.layers)
    if path == "-":
        findings, words = engine.check_text("-", stdin_text.text, fmt=opts.format_in or "text", settings=settings)
        return FileResult(path="-", findings=findings, words=words, text=stdin_text.text)
    if opts.format_in:
        settings = settings.with_overrides(format_in=((os.path.splitext(path)[1].lower(), opts.format_in),))
    return engine.check_file(path, settings=settings, keep_text=opts.keep_text)
