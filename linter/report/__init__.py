"""Reporters: one module per output format; each renders findings only.

A reporter is a function ``render(results, ctx) -> str`` where ``results`` is a
list of ``FileResult`` and ``ctx`` a ``ReportContext``.  A reporter whose report is
each file's part in input order and then a closing part (``STREAMING``) also has
``result(r, ctx)`` and ``tail(results, ctx)``, with ``render`` their concatenation:
the command line then writes each file's part as soon as the file is checked.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = ("text", "json", "concise", "sarif", "github", "junit")
STREAMING = ("text", "concise")  # (github puts unreadable files first; the others are one document)


@dataclass
class ReportContext:
    version: str
    color: bool = False
    rules: dict = field(default_factory=dict)  # rule id -> Rule (for SARIF help text)
    documents: list = field(default_factory=list)  # per-document summaries (spin score)
    fixable: int = 0
    run_errors: int = 0  # errors of the run besides the files' (a missing path, empty stdin)


def render(fmt: str, results, ctx: ReportContext) -> str:
    module = importlib.import_module(f"linter.report.{fmt}")
    return module.render(results, ctx)


def streaming(fmt: str):
    """(``result``, ``tail``) of a ``STREAMING`` format's reporter."""
    module = importlib.import_module(f"linter.report.{fmt}")
    return module.result, module.tail
