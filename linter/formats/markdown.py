"""Markdown (CommonMark + tables + strikethrough), read with markdown-it-py.

Prose is the inline text of paragraphs, headings, list items, block quotes and
table cells, plus the text nodes of raw HTML blocks (read as HTML, see
``linter.formats.html``).  Not prose: fenced and indented code, inline code, YAML
(``---``) and TOML (``+++``) front matter, link targets (``[text](url)`` keeps
``text``), reference definitions, autolinks, raw HTML tags and comments, entities,
backslashes of escapes, emphasis/strikethrough markers, heading ``#``, list markers,
block-quote ``>``, table pipes, image URLs (the alt text is prose) and bare URLs.

Offsets: markdown-it inline tokens carry no positions, so the inline parser's rules
are wrapped to record, in the coordinates of the inline token's content, where each
piece of markup starts and ends (``state.pos`` before and after the rule).  The
content is then mapped back to the source line by line with the token's ``map``.
Markdown-it normalises ``\\r\\n`` and ``\\r`` to ``\\n``; the reader parses a
normalised copy of the same length and maps offsets back to the original.
"""
from __future__ import annotations

import functools
import re

from linter import suppressions
from linter.formats import html as html_reader
from linter.formats._common import align, finalize, line_spans, map_ranges, new_mask, subtract

_KEY = "_medlint_rec"
_WRAPPED = ("escape", "backticks", "strikethrough", "emphasis", "link", "image", "autolink", "html_inline",
            "entity")
_FRONT = {"---": re.compile(r"^(?:---|\.\.\.)[ \t]*$"), "+++": re.compile(r"^\+\+\+[ \t]*$")}


class _Rec:
    """What the wrapped inline rules saw in one inline token's content."""

    __slots__ = ("state", "blank", "delims", "html")

    def __init__(self, state):
        self.state = state
        self.blank: list[tuple[int, int]] = []
        self.delims: list[tuple[object, int, int]] = []  # (token, start, length) of emphasis markers
        self.html: list[tuple[int, int]] = []


def _record(name: str, rec: _Rec, state, start: int, n: int) -> None:
    end = state.pos
    new = state.tokens[n:]
    if name == "escape":
        if any(t.type == "hardbreak" or (t.type == "text_special" and t.content != t.markup) for t in new):
            rec.blank.append((start, start + 1))
    elif name == "backticks":
        if any(t.type == "code_inline" for t in new):
            rec.blank.append((start, end))
    elif name in ("autolink", "entity"):
        rec.blank.append((start, end))
    elif name == "html_inline":
        rec.blank.append((start, end))
        rec.html.append((start, end))
    elif name in ("link", "image"):
        label_start = start + (2 if name == "image" else 1)
        pos = state.pos
        try:
            label_end = state.md.helpers.parseLinkLabel(state, label_start - 1, name == "link")
        finally:
            state.pos = pos
        if label_end < 0:  # cannot happen for a parsed link; blank it all rather than guess
            rec.blank.append((start, end))
        else:
            rec.blank.append((start, label_start))
            rec.blank.append((label_end, end))
    elif name in ("emphasis", "strikethrough"):
        consumed, acc, items = end - start, 0, []
        for t in reversed(new):
            if acc >= consumed:
                break
            items.append(t)
            acc += len(t.content)
        p = start
        for t in reversed(items):
            rec.delims.append((t, p, len(t.content)))
            p += len(t.content)


def _wrap(name: str, fn):
    def rule(state, silent):
        env = state.env
        rec = env.get(_KEY) if isinstance(env, dict) else None
        if silent or rec is None or rec.state is not state:
            return fn(state, silent)
        start, n = state.pos, len(state.tokens)
        ok = fn(state, silent)
        if ok:
            _record(name, rec, state, start, n)
        return ok

    return rule


def _delimiters(state) -> None:
    """Before fragments_join: emphasis markers that became tags (or were emptied) are markup."""
    env = state.env
    rec = env.get(_KEY) if isinstance(env, dict) else None
    if rec is None or rec.state is not state:
        return
    for tok, start, length in rec.delims:
        if tok.type != "text" or tok.content == "":
            rec.blank.append((start, start + length))


def _core_inline(state) -> None:
    from markdown_it.rules_inline import StateInline

    md = state.md
    for tok in state.tokens:
        if tok.type != "inline":
            continue
        if tok.children is None:
            tok.children = []
        inline = StateInline(tok.content, md, state.env, tok.children)
        rec = _Rec(inline)
        state.env[_KEY] = rec
        try:
            md.inline.tokenize(inline)
            for rule in md.inline.ruler2.getRules(""):
                rule(inline)
        finally:
            state.env.pop(_KEY, None)
        tok.meta["medlint"] = rec


@functools.lru_cache(maxsize=1)
def parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    ruler = md.inline.ruler
    for name in _WRAPPED:
        ruler.at(name, _wrap(name, ruler.__rules__[ruler.__find__(name)].fn))
    md.inline.ruler2.before("fragments_join", "medlint_delimiters", _delimiters)
    md.core.ruler.at("inline", _core_inline)
    return md


def _normalize(text: str) -> tuple[str, list[int] | None]:
    """markdown-it's newline normalisation, length-preserving: returns the normalised text
    and, when it differs in length, the original offset of each of its characters."""
    text = text.replace("\0", "\ufffd")
    if "\r" not in text:
        return text, None
    index, out, i, n = [], [], 0, len(text)
    for m in re.finditer(r"\r\n?", text):
        out.append(text[i:m.start()])
        index.extend(range(i, m.start()))
        out.append("\n")
        index.append(m.end() - 1 if m.group() == "\r\n" else m.start())
        i = m.end()
    out.append(text[i:])
    index.extend(range(i, n))
    return "".join(out), index


def front_matter(norm: str) -> int:
    """Length of a YAML (``---``) or TOML (``+++``) front matter block at the start, or 0."""
    start = 1 if norm.startswith("\ufeff") else 0
    first_end = norm.find("\n", start)
    if first_end < 0:
        return 0
    opener = norm[start:first_end].rstrip(" \t")
    if opener not in _FRONT:
        return 0
    closing = _FRONT[opener]
    pos = first_end + 1
    while pos <= len(norm):
        end = norm.find("\n", pos)
        end = len(norm) if end < 0 else end
        if closing.match(norm[pos:end]):
            return end
        if end >= len(norm):
            return 0
        pos = end + 1
    return 0


def _segments(content: str, norm: str, lines, first: int, cursors: dict | None):
    """Map an inline token's content to the source: runs (content_start, content_end, src_start).

    Each content line is a suffix of its source line for paragraphs and headings
    (trailing ATX ``#`` aside); table cells share a line and are found left to right.
    """
    segs = []
    cpos = 0
    for k, cl in enumerate(content.split("\n")):
        li = first + k
        if li >= len(lines):
            break
        ls, le = lines[li]
        body = cl.lstrip(" \t")
        lead = len(cl) - len(body)
        body = body.rstrip(" \t")
        if body:
            sl = norm[ls:le]
            start_col = cursors.get(li, 0) if cursors is not None else 0
            col = -1
            if cursors is None:
                slr = sl.rstrip(" \t")
                if slr.endswith(body):
                    col = len(slr) - len(body)
            if col < 0:
                col = sl.find(body, start_col)
            cs = cpos + lead
            if col >= 0:
                segs.append((cs, cs + len(body), ls + col))
                stop = col + len(body)
            else:
                runs = align(body, sl, start_col)
                segs.extend((cs + a, cs + b, ls + p) for a, b, p in runs)
                stop = runs[-1][2] + (runs[-1][1] - runs[-1][0]) if runs else start_col
            if cursors is not None:
                cursors[li] = stop
        cpos += len(cl) + 1
    return segs


def extract(norm: str):
    """Prose mask, blocks and comments of a normalised Markdown text."""
    mask = new_mask(norm)
    blocks: list[tuple[int, int]] = []
    comments: list[tuple[int, int, str]] = []
    fm = front_matter(norm)
    source = (re.sub(r"[^\n]", " ", norm[:fm]) + norm[fm:]) if fm else norm  # same lines, no front matter
    lines = line_spans(norm)
    tokens = parser().parse(source, {})
    cells: dict[int, int] = {}
    for i, tok in enumerate(tokens):
        if tok.type == "inline" and tok.map:
            rec = tok.meta.get("medlint")
            in_cell = i > 0 and tokens[i - 1].type in ("th_open", "td_open")
            segs = _segments(tok.content, norm, lines, tok.map[0], cells if in_cell else None)
            if not segs:
                continue
            keep = subtract([(0, len(tok.content))], rec.blank if rec else [])
            extent = map_ranges(keep, segs, norm, tok.content, mask)
            if extent:
                blocks.append(extent)
            for s, e in (rec.html if rec else []):
                if tok.content.startswith("<!--", s):
                    hit = [seg for seg in segs if seg[0] <= s < seg[1]]
                    if hit:
                        a = hit[0][2] + s - hit[0][0]
                        comments.extend(suppressions.html_comments(norm, a, len(norm))[:1])
        elif tok.type == "html_block" and tok.map:
            # the block's content without container markers (">", list indent), read as HTML
            content = tok.content
            segs = _segments(content, norm, lines, tok.map[0], None)
            ranges, hblocks, hcomments = html_reader.extract(content)
            for bs, be in hblocks:
                inside = [(max(s, bs), min(e, be)) for s, e in ranges if s < be and e > bs]
                extent = map_ranges(inside, segs, norm, content, mask)
                if extent:
                    blocks.append(extent)
            for s, e, body in hcomments:
                a, b = _to_source(segs, s), _to_source(segs, e - 1)
                if a is not None and b is not None:
                    comments.append((a, b + 1, body))
    return mask, blocks, comments


def _to_source(segs, offset: int) -> int | None:
    for cs, ce, ss in segs:
        if cs <= offset < ce:
            return ss + offset - cs
    return None


def read(path: str, text: str):
    norm, index = _normalize(text)
    mask, blocks, comments = extract(norm)
    if index is not None:
        omask = new_mask(text)
        for i in range(len(mask)):
            if mask[i]:
                omask[index[i]] = 1
        mask = omask

        def back(o: int) -> int:
            return index[o] if o < len(index) else len(text)

        blocks = [(back(s), back(e - 1) + 1) for s, e in blocks]
        comments = [(back(s), back(e - 1) + 1, body) for s, e, body in comments]
    return finalize(path, text, mask, blocks, suppressions.collect(text, comments))
