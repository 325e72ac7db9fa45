"""``--format concise``: one line per finding."""
from __future__ import annotations

from linter.report._common import one_line


def line(f) -> str:
    hint = f" (did you mean: {f.suggestions[0]})" if f.suggestions else ""
    # (a finding of no text, such as a suppression comment's, has only its message to say what is wrong)
    what = f'"{f.text}"' if f.text else f.message.strip() or '""'
    return f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {one_line(what + hint)}"


def result(r, ctx) -> str:
    """One file's part of the report."""
    return "".join(line(f) + "\n" for f in r.findings)


def tail(results, ctx) -> str:
    return ""


def render(results, ctx) -> str:
    return "".join(result(r, ctx) for r in results)
