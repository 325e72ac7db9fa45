"""Suppression comments, shared by all readers.

Readers find the comments of their markup and pass them here as
``(start, end, body)`` (offsets of the whole comment in the text, ``body`` its
inner text); this module knows the directive syntax:

* ``medlint-disable [RULE[, RULE...]]`` ... ``medlint-enable [RULE...]``: the rules
  (none = all) are silenced from the end of the disable comment to the start of the
  matching enable comment; an unmatched disable runs to the end of the file.
  ``medlint-enable`` with no rules closes every open disable; with rules it closes the
  disables naming those rules (a disable of several rules stays open for the others).
* ``medlint-disable-next-line [RULE...]``: the next non-blank line after the comment.

After the rules, `` -- `` starts a reason for the reader, which is not read as rules:
``<!-- medlint-disable-next-line health/back-mice -- quoted from the 1937 paper -->``.

In Markdown and HTML these are HTML comments (``<!-- medlint-disable health/ -->``), in
reStructuredText comments (``.. medlint-disable health/``).  In every format, including
plain text, a line containing ``medlint: ignore`` or ``medlint: ignore[RULE, ...]`` is
silenced (that line only).

A RULE is a rule id, a rule-id prefix (``health/``) or a source (``lexicon``); see
``linter.document.Suppression.covers``.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from linter.document import Suppression
from linter.findings import LINE_END

DIRECTIVE = re.compile(r"\s*medlint-(disable-next-line|disable|enable)(?![\w-])([^\n]*)", re.IGNORECASE)
IGNORE = re.compile(r"medlint:[ \t]*ignore(?![\w-])(?:\[([^\]\n]*)\])?", re.IGNORECASE)
HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)


REASON = re.compile(r"(?:^|\s)--(?:\s|$)")  # "health/x -- quoted from the source": the rest is a reason


def parse_rules(spec: str) -> tuple[str, ...]:
    """The rules a directive names; a `` -- `` and what follows it is the writer's reason, not rules."""
    spec = spec.strip()
    if spec.endswith("-->"):
        spec = spec[:-3]
    spec = REASON.split(spec, maxsplit=1)[0]
    return tuple(r for r in re.split(r"[\s,]+", spec) if r)


def html_comments(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """The ``<!-- ... -->`` comments in ``text[start:end]`` as (start, end, body)."""
    end = len(text) if end is None else end
    return [(m.start(), m.end(), m.group(1)) for m in HTML_COMMENT.finditer(text, start, end)]


class _Lines:
    """The text's lines as findings count them (``LineIndex``: ended by "\n", "\r\n" or "\r")."""

    def __init__(self, text: str):
        ends = list(LINE_END.finditer(text))
        self.starts = [0] + [m.end() for m in ends]
        self.ends = [m.start() for m in ends] + [len(text)]

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def span(self, i: int) -> tuple[int, int]:
        """The line's text, without its line end."""
        return self.starts[i], self.ends[i]


def collect(text: str, comments: Iterable[tuple[int, int, str]] = ()) -> list[Suppression]:
    """Suppressions from the directive ``comments`` and the ``medlint: ignore`` lines of ``text``."""
    lines = _Lines(text)
    out: list[Suppression] = []
    open_: list[Suppression] = []
    for start, end, body in sorted(comments):
        m = DIRECTIVE.match(body)
        if not m:
            continue
        kind, rules = m.group(1).lower(), parse_rules(m.group(2))
        line = lines.index(start) + 1
        if kind == "disable":
            s = Suppression(start=end, end=len(text), rules=rules, line=line)
            out.append(s)
            open_.append(s)
        elif kind == "enable":
            still_open = []
            for s in open_:
                if not rules:
                    s.end = start
                elif s.rules and set(s.rules) & set(rules):
                    s.end = start
                    rest = tuple(r for r in s.rules if r not in rules)
                    if rest:
                        t = Suppression(start=end, end=len(text), rules=rest, line=s.line)
                        out.append(t)
                        still_open.append(t)
                else:
                    still_open.append(s)
            open_ = still_open
        else:  # disable-next-line
            i = lines.index(max(end - 1, start)) + 1
            while i < len(lines.starts):
                ls, le = lines.span(i)
                if text[ls:le].strip():
                    out.append(Suppression(start=ls, end=le, rules=rules, line=line))
                    break
                i += 1
    for m in IGNORE.finditer(text):
        i = lines.index(m.start())
        ls, le = lines.span(i)
        out.append(Suppression(start=ls, end=le, rules=parse_rules(m.group(1) or ""), line=i + 1))
    return [s for s in out if s.end > s.start]
