"""Reporters: one module per output format; each renders findings only.

A reporter is a function ``render(results, ctx) -> str`` where ``results`` is a
list of ``FileResult`` and ``ctx`` a ``ReportContext``.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = ("text", "json", "concise", "sarif", "github", "junit")


@dataclass
class ReportContext:
    version: str
    color: bool = False
    rules: dict = field(default_factory=dict)  # rule id -> Rule (for SARIF help text)
    documents: list = field(default_factory=list)  # per-document summaries (spin score)
    fixable: int = 0


def render(fmt: str, results, ctx: ReportContext) -> str:
    module = importlib.import_module(f"linter.report.{fmt}")
    return module.render(results, ctx)
