"""Default output, like ruff's: location, rule, message, the source line with the
span underlined and the suggestion, then a summary with counts."""
from __future__ import annotations

import unicodedata
from collections import Counter

from linter.report._common import one_line

_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
_BOLD, _DIM, _RESET, _GREEN = "\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[32m"


def _paint(text, code, color):
    return f"{code}{text}{_RESET}" if color else text


def _source_lines(result):
    """The text's lines as the findings count them (``LineIndex``: at "\n", "\r\n" or a lone
    "\r"; str.splitlines also splits at form feed, vertical tab, U+2028, ... and would show
    the wrong line)."""
    from linter.findings import LINE_END

    if result.text is None:
        return None
    return LINE_END.split(result.text)


WIDTH = 100  # characters of a long source line shown around the span


def _window(src: str, col: int, end_col: int) -> tuple[str, int, int]:
    """A long line cut to about WIDTH characters around [col, end_col), with "..."
    where it was cut; returns the text and the span's columns in it."""
    if len(src) <= WIDTH:
        return src, col, end_col
    lo = max(0, col - 1 - (WIDTH - (end_col - col)) // 2)
    hi = min(len(src), max(lo + WIDTH, end_col - 1))
    lo = max(0, min(lo, hi - WIDTH))
    head, tail = ("..." if lo else ""), ("..." if hi < len(src) else "")
    return head + src[lo:hi] + tail, col - lo + len(head), end_col - lo + len(head)


# bidirectional overrides and isolates reorder what follows them on a terminal ("Trojan source")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _shown(ch: str) -> str:
    """A character of a source line as printed: C0 controls as their control pictures (ESC as
    U+241B, so a file cannot colour or move the terminal's cursor), other controls, line and
    paragraph separators and bidi controls as U+FFFD; one character for one, so columns hold."""
    if ch < " " or ch == "\x7f":
        return chr(0x2400 + ord(ch)) if ch < " " else "\u2421"
    if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
        return "\ufffd"
    return ch


def _cells(text: str) -> int:
    """Terminal columns of ``text``: 2 for wide (CJK, most emoji) characters, 0 for combining
    marks, zero-width and format characters (the soft hyphen shows as 1) and emoji skin-tone
    modifiers, else 1; an emoji joined to the one before by a zero-width joiner ("\U0001f468\u200d
    \U0001f469\u200d\U0001f467", one family glyph) adds nothing."""
    n = 0
    emoji = joined = False  # (the last character that took columns was an emoji; a joiner follows it)
    for ch in text:
        if joined and _emoji(ch):
            joined = False  # (part of the glyph before it)
            continue
        joined = ch == "\u200d" and emoji
        if ch == "\u00ad":
            n += 1
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf") \
                or "\U0001f3fb" <= ch <= "\U0001f3ff":
            continue
        else:
            emoji = _emoji(ch)
            n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n


def _emoji(ch: str) -> bool:
    """A pictograph that can take part in a joined emoji sequence (the emoji planes and the
    older symbol blocks U+2600-U+27BF), not a CJK character."""
    return ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) < 0x2800


def block(f, lines, color) -> str:
    head = f"{_paint(f'{f.path}:{f.line}:{f.column}:', _BOLD, color)} " \
           f"{_paint(f.rule, _STYLE.get(f.severity, ''), color)} {one_line(f.message)}"
    out = [head]
    if lines is not None and 0 < f.line <= len(lines):
        src = lines[f.line - 1].rstrip("\r").expandtabs(1)
        width = len(str(f.line))
        gutter = " " * width + " |"
        end_col = f.end_column if f.end_line == f.line else len(src) + 1
        src, start_col, end_col = _window(src, f.column, end_col)
        src = "".join(map(_shown, src))
        # the carets under the span as a terminal shows the line (wide and zero-width characters)
        marks = " " * _cells(src[:start_col - 1]) + "^" * max(1, _cells(src[start_col - 1:end_col - 1]))
        out += [_paint(gutter, _DIM, color), f"{_paint(f'{f.line} |', _DIM, color)} {src}",
                f"{_paint(gutter, _DIM, color)} {_paint(marks, _STYLE.get(f.severity, ''), color)}"]
        if f.suggestions:
            alts = ", ".join(f.suggestions[1:3])
            more = f" (or: {alts})" if alts else ""
            out.append(f"{_paint(gutter, _DIM, color)} {_paint('suggestion:', _GREEN, color)} {f.suggestions[0]}{more}")
    elif f.suggestions:
        out.append(f"  suggestion: {f.suggestions[0]}")
    return "\n".join(out)


def summary(results, ctx) -> str:
    findings = [f for r in results for f in r.findings]
    errors = [r for r in results if not r.checked]  # not read
    unfixed = [r for r in results if r.error and r.checked]  # --fix could not write it
    files = len(results) - len(errors)  # checked: a file that could not be read was not
    if not findings:
        checked = f"{files} file{'s' * (files != 1)} checked"
        passed = not errors and not ctx.run_errors
        msg = f"All checks passed ({checked})." if passed else f"No findings ({checked})."
    else:
        by_sev = Counter(f.severity for f in findings)
        parts = ", ".join(f"{by_sev[s]} {s}{'s' * (by_sev[s] != 1)}" for s in ("error", "warning", "info") if by_sev[s])
        files_with = len({f.path for f in findings})
        msg = f"Found {len(findings)} finding{'s' * (len(findings) != 1)} ({parts}) in {files_with} of {files} file{'s' * (files != 1)}."
        if ctx.fixable:
            msg += f"\n[*] {ctx.fixable} fixable with the `--fix` option."
    if errors:
        msg += f"\n{len(errors)} file{'s' * (len(errors) != 1)} could not be checked."
    if unfixed:
        msg += f"\n{len(unfixed)} file{'s' * (len(unfixed) != 1)} could not be fixed."
    return msg


def result(r, ctx) -> str:
    """One file's part of the report (its findings with their source lines)."""
    lines = _source_lines(r)
    return "".join(block(f, lines, ctx.color) + "\n\n" for f in r.findings)


def tail(results, ctx) -> str:
    """What follows the last file's part: the spin-score lines and the summary."""
    out = [f"{d['path']}: spin score {d['spin_score']:.1f} per 1,000 words ({d['verdict']})"
           for d in ctx.documents if d.get("verdict") and d["verdict"] != "clean"]
    out.append(summary(results, ctx))
    return "".join(s + "\n" for s in out)


def render(results, ctx) -> str:
    return "".join(result(r, ctx) for r in results) + tail(results, ctx)
