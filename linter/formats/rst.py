"""reStructuredText, read with docutils (parser only: no transforms, no file access).

Prose is the text of paragraphs, titles, list items, definition terms, line blocks,
table cells, captions, attributions and admonition titles.  Not prose: literal blocks
(``::``), ``code``/``code-block``/``sourcecode``/``math``/``raw`` directives, directive
arguments that are not titles and directive options, comments, substitution
definitions, hyperlink targets, inline literals, roles' markup and the text of
``:math:`` and of roles docutils does not know (Sphinx's ``:ref:``...), footnote and
citation references and labels, emphasis markers, escapes' backslashes, section
underlines, list and table markup, and URLs.  Directives docutils does not know are
errors and are skipped whole.  ``include``, ``raw`` and file/url options of tables are
disabled: reading a document never reads another file.

docutils gives line numbers for block elements only, and only approximately for some
(titles, table cells of ``csv-table``); each element's ``rawsource`` is located on its
lines of the file (left to right, so table cells sharing a line are found in order),
then its text nodes inside the rawsource.  If docutils fails on a document, it is read
as plain text.
"""
from __future__ import annotations

import functools
import io
import re

from linter import suppressions
from linter.formats._common import align, finalize, map_ranges, new_mask

# Elements whose subtree is never prose.
SKIP = frozenset({
    "literal_block", "doctest_block", "math_block", "comment", "substitution_definition", "raw",
    "system_message", "pending", "field_name", "option_group", "option_string", "label", "image", "problematic",
    "literal", "math", "substitution_reference", "footnote_reference", "citation_reference", "generated",
    "meta",
})
_COMMENT = re.compile(r"[ \t]*\.\.[ \t]+(medlint-.*)")
WINDOW = 3  # lines either side of docutils' line for an element
FAR = 200  # lines forward for an element whose line is unknown or implausible


@functools.lru_cache(maxsize=1)
def _settings():
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    settings.syntax_highlight = "none"
    settings.character_level_inline_markup = False
    return settings


def parse(path: str, text: str):
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    settings = _settings()
    settings.warning_stream = io.StringIO()
    document = new_document(path or "<text>", settings)
    Parser().parse(text, document)
    return document


class _Lines:
    """The file's lines as docutils counts them (``str.splitlines``)."""

    def __init__(self, text: str):
        self.spans = []
        pos = 0
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
            self.spans.append((pos, pos + len(body)))
            pos += len(line)
        self.text = text
        self.cursor: dict[int, int] = {}  # line -> column already consumed

    def __len__(self):
        return len(self.spans)

    def line(self, i: int) -> str:
        """Line ``i`` as docutils sees it: tabs expanded to 8 columns."""
        s, e = self.spans[i]
        line = self.text[s:e]
        return line.expandtabs(8) if "\t" in line else line

    def to_file(self, i: int, col: int, length: int, raw_start: int) -> list[tuple[int, int, int]]:
        """Runs (raw_start, raw_end, file_offset) for ``length`` characters at column ``col``
        of the expanded line ``i`` (spaces a tab became map to the tab)."""
        s, e = self.spans[i]
        line = self.text[s:e]
        if "\t" not in line:
            return [(raw_start, raw_start + length, s + col)]
        cols = []
        for k, ch in enumerate(line):
            width = (8 - len(cols) % 8) if ch == "\t" else 1
            cols.extend([k] * width)
        out: list[tuple[int, int, int]] = []
        for j in range(length):
            if col + j >= len(cols):
                break
            f = s + cols[col + j]
            if out and out[-1][1] == raw_start + j and out[-1][2] + (j - (out[-1][0] - raw_start)) == f:
                out[-1] = (out[-1][0], raw_start + j + 1, out[-1][2])
            else:
                out.append((raw_start + j, raw_start + j + 1, f))
        return out


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.lines = _Lines(text)
        self.mask = new_mask(text)
        self.blocks: list[tuple[int, int]] = []

    # -- the tree -----------------------------------------------------------------------------
    def walk(self, node, anc_line: int | None = None, in_cell: bool = False) -> None:
        from docutils import nodes

        for child in node.children:
            if isinstance(child, nodes.Text) or child.tagname in SKIP:
                continue
            if isinstance(child, nodes.TextElement) and not isinstance(child, nodes.Inline):
                self.block(child, anc_line, in_cell)
            else:
                self.walk(child, child.line or anc_line, in_cell or child.tagname == "entry")

    def block(self, node, anc_line: int | None, in_cell: bool = False) -> None:
        raw = node.rawsource
        if not isinstance(raw, str) or not raw.strip():
            return  # generated text ("Contents"), not in the file
        keep: list[tuple[int, int]] = []
        consumed = self.inline(node, raw, 0, keep)
        if not keep:
            return
        segs = self.locate(raw, node.line, anc_line, consumed)
        if not segs:
            return
        if in_cell and len(segs) > 1:
            # a grid-table cell's lines are interleaved with its neighbours': one block a line
            groups = [[seg] for seg in segs]
        else:
            groups = [segs]
        for group in groups:
            extent = map_ranges(keep, group, self.text, raw, self.mask)
            if extent:
                self.blocks.append(extent)

    def inline(self, node, raw: str, c: int, keep: list) -> int:
        from docutils import nodes

        for child in node.children:
            if isinstance(child, nodes.Text):
                t = str(child)
                s = t.replace("\x00", "\\")
                if not s:
                    continue
                j = raw.find(s, c)
                if j >= 0:
                    # escapes: docutils marks the backslash with NUL; it is not prose
                    piece = j
                    for m in re.finditer("\x00", t):
                        keep.append((piece, j + m.start()))
                        piece = j + m.end()
                    keep.append((piece, j + len(s)))
                    c = j + len(s)
                else:
                    for a, b, p in align(s, raw, c):
                        keep.append((p, p + b - a))
                        c = p + b - a
                continue
            rs = child.rawsource if isinstance(child.rawsource, str) else ""
            j = raw.find(rs, c) if rs else -1
            if child.tagname in SKIP:
                if j >= 0:
                    c = j + len(rs)
                continue
            after = self.inline(child, raw, j if j >= 0 else c, keep)
            c = max(after, j + len(rs)) if j >= 0 else after
        return c

    # -- the file -----------------------------------------------------------------------------
    def candidates(self, line: int | None, anc_line: int | None):
        n = len(self.lines)
        if line is not None and (anc_line is None or line >= anc_line):
            base = line - 1
            order = [base]
            for d in range(1, WINDOW + 1):
                order += [base + d, base - d]
        else:
            base = (anc_line or 1) - 1
            order = [base - 1] + list(range(base, base + FAR))
        return [i for i in order if 0 <= i < n]

    def locate(self, raw: str, line: int | None, anc_line: int | None, consumed: int):
        """Runs (raw_start, raw_end, file_start) placing ``raw`` on its lines of the file."""
        rlines = raw.split("\n")
        offsets, pos = [], 0
        for rl in rlines:
            offsets.append(pos)
            pos += len(rl) + 1
        k0 = next((k for k, rl in enumerate(rlines) if rl.strip()), None)
        if k0 is None:
            return []
        first = rlines[k0].strip()
        cursor = self.lines.cursor
        start = None
        for cand in self.candidates(line, anc_line):
            li = cand + k0
            if not 0 <= li < len(self.lines):
                continue
            col = self.lines.line(li).find(first, cursor.get(li, 0))
            if col >= 0:
                start = li - k0
                break
        if start is None:
            return []
        segs = []
        for k, rl in enumerate(rlines):
            body = rl.strip()
            li = start + k
            if not body or li >= len(self.lines):
                continue
            lead = len(rl) - len(rl.lstrip())
            rs = offsets[k] + lead
            sl = self.lines.line(li)
            from_col = cursor.get(li, 0)
            col = sl.find(body, from_col)
            if col >= 0:
                cols = [(rs, rs + len(body), col)]
            else:
                cols = [(rs + a, rs + b, p) for a, b, p in align(body, sl, from_col)]
            # what this element consumed of the line (table cells follow on the same line)
            used = [c + (min(re_, consumed) - rs_) for rs_, re_, c in cols if rs_ < consumed]
            if used:
                cursor[li] = max(cursor.get(li, 0), max(used))
            for rs_, re_, c in cols:
                segs.extend(self.lines.to_file(li, c, re_ - rs_, rs_))
        return segs


def _comments(text: str, document) -> list[tuple[int, int, str]]:
    """``.. medlint-...`` comments of the file that docutils parsed as comments."""
    from docutils import nodes

    bodies: dict[str, int] = {}
    for c in document.findall(nodes.comment):
        first = c.astext().split("\n", 1)[0].strip()
        bodies[first] = bodies.get(first, 0) + 1
    out = []
    for start, end in _Lines(text).spans:
        m = _COMMENT.match(text, start, end)
        if m:
            body = m.group(1).strip()
            if bodies.get(body):
                bodies[body] -= 1
                out.append((start, end, body))
    return out


def read(path: str, text: str):
    try:
        document = parse(path, text)
    except Exception:  # docutils gave up on broken input: fall back to plain text
        from linter.formats import text as text_reader

        return text_reader.read(path, text)
    reader = _Reader(text)
    reader.walk(document)
    return finalize(path, text, reader.mask, reader.blocks, suppressions.collect(text, _comments(text, document)))
