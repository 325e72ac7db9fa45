"""The one shape every check, reporter and the fixer speak: ``Finding``."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

SEVERITIES = ("info", "warning", "error")
SOURCES = ("curated", "lexicon", "consistency", "grammar")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Finding:
    """One problem in one file.

    ``offset``/``length`` are in code points of the decoded ORIGINAL file text,
    never of extracted prose.  ``line``/``column`` are derived from them.
    """

    rule: str
    offset: int
    length: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    confidence: float = 0.9
    source: str = "curated"
    severity: str = "warning"
    fix_safe: bool = False
    path: str = ""
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def end(self) -> int:
        return self.offset + self.length

    def located(self, path: str, index: "LineIndex") -> "Finding":
        line, col = index.position(self.offset)
        end_line, end_col = index.position(self.end)
        return replace(self, path=path, line=line, column=col, end_line=end_line, end_column=end_col)

    def sort_key(self):
        return (self.path, self.offset, self.length, self.rule)

    def to_json(self) -> dict:
        """The stable JSON shape documented in the README."""
        return {
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "offset": self.offset,
            "length": self.length,
            "text": self.text,
            "suggestions": list(self.suggestions),
            "confidence": round(float(self.confidence), 3),
            "source": self.source,
        }

    def to_state(self) -> dict:
        """Everything needed to rebuild the finding (cache, worker processes)."""
        state = self.to_json()
        state["fix_safe"] = self.fix_safe
        state["extra"] = self.extra
        return state

    @classmethod
    def from_state(cls, state: dict) -> "Finding":
        state = dict(state)
        state["suggestions"] = tuple(state["suggestions"])
        return cls(**state)


def non_overlapping(ordered) -> list[Finding]:
    """The findings of ``ordered`` (best first) that overlap none kept before them, in the
    order kept.  Spans that only touch do not overlap; nor does an empty span with a span
    it starts or ends.  The kept spans are held sorted, so each test looks at its
    neighbours only: a document with thousands of findings (a long table of garbles) took
    minutes when each was compared with every one kept."""
    kept: list[Finding] = []
    starts: list[int] = []  # offsets of the kept spans, sorted
    spans: list[Finding] = []  # the kept spans in that order
    for f in ordered:
        i = bisect.bisect_left(starts, f.offset)
        # kept spans overlapping f are contiguous in offset order: those starting before f
        # (only the last ones can reach into it) and those starting inside it
        j = i
        clash = False
        while j > 0:
            k = spans[j - 1]
            if k.end > f.offset and f.end > k.offset:
                clash = True
                break
            if k.length:  # an empty span at the same offset may hide a longer one before it
                break
            j -= 1
        j = i
        # a kept span starting inside f overlaps it; one starting where f starts does unless
        # either is empty
        while not clash and j < len(spans) and spans[j].offset < f.end:
            k = spans[j]
            clash = k.end > f.offset and f.end > k.offset
            j += 1
        if not clash:
            kept.append(f)
            i = bisect.bisect_right(starts, f.offset)
            starts.insert(i, f.offset)
            spans.insert(i, f)
    return kept


LINE_END = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps code-point offsets to 1-based (line, column); column counts code points.  A line
    ends at "\n", "\r\n" or a lone "\r" (old Mac files), as editors and SARIF viewers count."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in LINE_END.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1
