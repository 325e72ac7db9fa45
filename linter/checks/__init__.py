"""Checks: one module per rule kind.  A check takes a ``Parsed`` document and
returns findings; it knows nothing of output formats or the CLI.

Each check module exposes ``SOURCE`` (the layer name shown in findings) and
``run(parsed, ctx) -> list[Finding]``.  ``ctx`` is a ``CheckContext``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CheckContext:
    rules: object  # linter.packs.RuleSet
    settings: object  # linter.config.Settings
    cache: dict = field(default_factory=dict)  # per-process compiled state
