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


class LineIndex:
    """Maps code-point offsets to 1-based (line, column); column counts code points."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1
