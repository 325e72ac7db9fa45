"""Gold annotation: ``{{garbled|correct;alternative}}`` inline (see corpus/README.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass

_ANN = re.compile(r"\{\{([^{}|]+)\|([^{}|]+)\}\}")


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    text: str
    corrections: tuple[str, ...]


def parse(annotated: str, name: str = "") -> tuple[str, list[GoldSpan]]:
    """Plain text and gold spans (offsets into the plain text)."""
    out, spans, pos, shift = [], [], 0, 0
    for m in _ANN.finditer(annotated):
        out.append(annotated[pos:m.start()])
        start = m.start() - shift
        garbled = m.group(1)
        spans.append(GoldSpan(start, start + len(garbled), garbled,
                              tuple(c.strip() for c in m.group(2).split(";") if c.strip())))
        out.append(garbled)
        shift += len(m.group(0)) - len(garbled)
        pos = m.end()
    out.append(annotated[pos:])
    plain = "".join(out)
    if "{{" in plain or "}}" in plain:
        line = plain[: plain.find("{{") if "{{" in plain else plain.find("}}")].count("\n") + 1
        raise ValueError(f"{name}:{line}: malformed annotation (expected {{{{garbled|correct}}}})")
    return plain, spans
