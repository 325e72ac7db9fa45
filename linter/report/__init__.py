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
# JSON is one document whose findings are sorted by path: it streams when the files come in that
# order (a folder walk, sorted arguments), each file's findings written as it is checked.


@dataclass
class ReportContext:
    version: str
    color: bool = False
    rules: dict = field(default_factory=dict)  # rule id -> Rule (for SARIF help text)
    documents: list = field(default_factory=list)  # per-document summaries (spin score)
    fixable: int = 0
    run_errors: int = 0  # errors of the run besides the files' (a missing path, empty stdin)
    files: int = 0  # files of the run, for a streamed JSON report's head (``render`` counts its results)


def render(fmt: str, results, ctx: ReportContext) -> str:
    module = importlib.import_module(f"linter.report.{fmt}")
    return module.render(results, ctx)


def streams(fmt: str, files) -> bool:
    """Whether ``fmt``'s report of ``files`` can be written file by file (``streaming``)."""
    if fmt == "json":
        return "-" not in files and all(a < b for a, b in zip(files, files[1:]))
    return fmt in STREAMING


def streaming(fmt: str):
    """(``result``, ``tail``) of a streaming format's reporter (``streams``): fresh ones per
    run where the reporter keeps state between files (``stream()``)."""
    module = importlib.import_module(f"linter.report.{fmt}")
    if hasattr(module, "stream"):
        return module.stream()
    return module.result, module.tail
