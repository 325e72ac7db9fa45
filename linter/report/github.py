"""``--format github``: GitHub Actions workflow commands, one line per finding.

    ::warning file=docs/a.md,line=3,col=1,endLine=3,endColumn=11,title=health/back-mice::MESSAGE (suggestion: back mice)

``error``/``warning``/``info`` findings become ``::error``/``::warning``/``::notice``
annotations.  Columns are the JSON format's (1-based code points, ``endColumn`` one
past the last character); ``col``/``endColumn`` are left out when a finding spans lines,
as GitHub rejects them there.  Paths inside the current directory (run medlint from the
repository root) are written relative to it.  Files that could not be checked get an
``::error`` line of their own.
"""
from __future__ import annotations

from linter.report._common import all_findings, repo_relative

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escaping for the message part (after ``::``), as the Actions runner expects."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escaping for ``key=value`` properties: the data escapes plus ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, properties: dict, message: str) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{kind} {props}::{escape_data(message)}" if props else f"::{kind}::{escape_data(message)}"


def _path(path: str) -> str:
    return repo_relative(path)[0]


def line(f) -> str:
    props = {"file": _path(f.path)} if f.path not in ("-", "") else {}
    if f.line >= 1:
        props["line"] = f.line
        if f.end_line == f.line:
            props["col"] = f.column
            props["endLine"] = f.end_line
            props["endColumn"] = max(f.end_column, f.column)
        else:
            props["endLine"] = f.end_line
    props["title"] = f.rule
    message = f.message.strip() or f.rule
    if f.suggestions:
        message += f" (suggestion: {f.suggestions[0]})"
    return command(COMMANDS.get(f.severity, "warning"), props, message)


def render(results, ctx) -> str:
    out = [command("error", {"file": _path(r.path), "title": f"medlint: file not {'fixed' if r.checked else 'checked'}"} if r.path != "-"
                   else {"title": "medlint: input not checked"}, r.error)
           for r in results if r.error]
    out += [line(f) for f in all_findings(results)]
    return "".join(s + "\n" for s in out)
