"""Helpers shared by the markup readers.

Every reader builds a *mask*: a ``bytearray`` as long as the text, 1 where the
character is prose.  ``finalize`` turns it into the ``Document``: ``prose`` is the
text with every non-prose character replaced by a space (``\\n`` and ``\\r`` are
kept), so offsets into prose are offsets into the file.
"""
from __future__ import annotations

import re

from linter.document import Document, paragraph_blocks

# Bare URLs and e-mail addresses left in prose are not prose.
URL_RE = re.compile(
    r"""(?:\b(?:https?|ftp|file)://|\bwww\.|\bmailto:)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]"""
    r"""|[\w.+-]+@[\w-]+(?:\.[\w-]+)+""",
    re.IGNORECASE,
)
_NOT_NEWLINE = re.compile(r"[^\r\n]")
_RUN = re.compile(rb"\x01+")


def new_mask(text: str) -> bytearray:
    return bytearray(len(text))


def mark(mask: bytearray, start: int, end: int, value: int = 1) -> None:
    if end > start:
        mask[start:end] = bytes((value,)) * (end - start)


def runs(mask: bytearray):
    """The (start, end) runs of prose in a mask."""
    for m in _RUN.finditer(mask):
        yield m.span()


def prose_of(text: str, mask: bytearray) -> str:
    blank = _NOT_NEWLINE.sub(" ", text)
    parts, pos = [], 0
    for s, e in runs(mask):
        parts.append(blank[pos:s])
        parts.append(text[s:e])
        pos = e
    parts.append(blank[pos:])
    return "".join(parts)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line split at "\\n" only, end excluding the newline."""
    spans, start = [], 0
    while True:
        nl = text.find("\n", start)
        if nl < 0:
            spans.append((start, len(text)))
            return spans
        spans.append((start, nl))
        start = nl + 1


def align(a: str, b: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """Greedy alignment of ``a`` (parsed text) inside ``b[start:end]`` (source).

    Source characters that ``a`` lacks (backslashes, markers) are skipped; whitespace in
    ``a`` that the source lacks (expanded tabs) is dropped.  Returns runs
    ``(a_start, a_end, b_start)`` of equal characters.
    """
    end = len(b) if end is None else end
    out: list[tuple[int, int, int]] = []
    i, p = 0, start
    while i < len(a) and p < end:
        if a[i] == b[p]:
            if out and out[-1][1] == i and out[-1][2] + (i - out[-1][0]) == p:
                out[-1] = (out[-1][0], i + 1, out[-1][2])
            else:
                out.append((i, i + 1, p))
            i += 1
            p += 1
        elif a[i].isspace():
            i += 1
            if b[p].isspace():
                p += 1
        else:
            p += 1
    return out


def subtract(keep: list[tuple[int, int]], drop: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``keep`` ranges minus ``drop`` ranges (both lists of [start, end))."""
    if not drop:
        return [r for r in keep if r[1] > r[0]]
    drop = sorted(drop)
    out = []
    for s, e in sorted(keep):
        cur = s
        for ds, de in drop:
            if de <= cur:
                continue
            if ds >= e:
                break
            if ds > cur:
                out.append((cur, ds))
            cur = max(cur, de)
            if cur >= e:
                break
        if cur < e:
            out.append((cur, e))
    return out


def map_ranges(ranges, segments, src: str, parsed: str, mask: bytearray) -> tuple[int, int] | None:
    """Mark ``ranges`` of ``parsed`` as prose through ``segments`` (parsed_start, parsed_end,
    src_start); only characters equal in both are marked.  Returns the marked extent."""
    lo, hi = None, None
    segments = sorted(segments)
    for s, e in ranges:
        for ps, pe, ss in segments:
            if pe <= s:
                continue
            if ps >= e:
                break
            a, b = max(s, ps), min(e, pe)
            src_a = ss + (a - ps)
            src_b = src_a + (b - a)
            if parsed[a:b] == src[src_a:src_b]:
                mark(mask, src_a, src_b)
            else:
                for k in range(b - a):
                    if parsed[a + k] == src[src_a + k]:
                        mask[src_a + k] = 1
            lo = src_a if lo is None else min(lo, src_a)
            hi = src_b if hi is None else max(hi, src_b)
    if lo is None:
        return None
    return lo, hi


def refine_blocks(prose: str, blocks) -> list[tuple[int, int]]:
    """Sort, de-overlap, split at blank lines and trim the blocks; drop empty ones."""
    out: list[tuple[int, int]] = []
    last = 0
    for s, e in sorted(blocks):
        s = max(s, last)
        if e <= s:
            continue
        for a, b in paragraph_blocks(prose[s:e]):
            piece = prose[s + a : s + b]
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            start = s + a + lead
            out.append((start, start + len(stripped)))
        last = e
    return out


def finalize(path: str, text: str, mask: bytearray, blocks, suppressions) -> Document:
    """Blank bare URLs left in prose and build the ``Document``."""
    prose = prose_of(text, mask)
    urls = [m.span() for m in URL_RE.finditer(prose)]
    if urls:
        for s, e in urls:
            mark(mask, s, e, 0)
        prose = prose_of(text, mask)
    return Document(path=path, text=text, prose=prose, blocks=refine_blocks(prose, blocks),
                    suppressions=list(suppressions))
