"""``--format concise``: one line per finding."""
from __future__ import annotations


def line(f) -> str:
    hint = f" (did you mean: {f.suggestions[0]})" if f.suggestions else ""
    return f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] \"{f.text}\"{hint}"


def render(results, ctx) -> str:
    return "".join(line(f) + "\n" for r in results for f in r.findings)
