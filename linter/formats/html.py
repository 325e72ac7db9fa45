"""HTML: text nodes are prose, markup is not.

Read with the standard library's ``html.parser`` (no dependency).  Prose is the
text nodes, except inside ``script``, ``style``, ``pre``, ``code``, ``kbd``, ``samp``,
``textarea``, ``template``, ``svg`` and ``math``, and except in ``head`` (but
``title`` is prose).  Tags, attribute values, comments, doctype and CDATA are not
prose.  Character references (``&amp;``, ``&#8217;``) are blanked like markup:
prose must equal the file character for character, so an entity cannot stand for
the character it encodes.  Block elements (``p``, ``li``, ``h1``-``h6``, ``td``,
``div``...) end prose blocks; blank lines inside a text node split blocks too.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from linter import suppressions
from linter.formats._common import finalize, mark, new_mask

SKIP = frozenset({"script", "style", "pre", "code", "kbd", "samp", "textarea", "template", "svg", "math",
                  "xmp", "listing", "plaintext"})
HEAD_CONTENT = frozenset({"html", "head", "title", "meta", "link", "style", "script", "base", "noscript",
                          "template"})
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2",
    "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav",
    "noscript", "ol", "optgroup", "option", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "title", "tr", "ul", "pre", "iframe", "object", "video", "audio", "canvas", "select",
    "textarea", "button", "script", "style", "template",
})


class _Extractor(HTMLParser):
    def __init__(self, src: str):
        super().__init__(convert_charrefs=False)
        self.src = src
        self.starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self.ranges: list[tuple[int, int]] = []
        self.blocks: list[tuple[int, int]] = []
        self.comments: list[tuple[int, int, str]] = []
        self.skipping: dict[str, int] = {}
        self.in_head = False
        self.in_title = False
        self.block: list[int] | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _break(self) -> None:
        if self.block is not None:
            self.blocks.append((self.block[0], self.block[1]))
            self.block = None

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK:
            self._break()
        if tag in SKIP:
            self.skipping[tag] = self.skipping.get(tag, 0) + 1
        if tag == "head":
            self.in_head = True
        elif tag == "title":
            self.in_title = True
        elif tag not in HEAD_CONTENT:  # <body>, or content that implies it
            self.in_head = False

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in SKIP and self.skipping.get(tag):
            self.skipping[tag] -= 1
        if tag in BLOCK:
            self._break()
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if any(self.skipping.values()) or (self.in_head and not self.in_title):
            return
        pos = self._offset()
        if not self.src.startswith(data, pos):  # never expected; be safe rather than wrong
            return
        self.ranges.append((pos, pos + len(data)))
        if data.strip():
            if self.block is None:
                self.block = [pos, pos + len(data)]
            else:
                self.block[1] = pos + len(data)

    def handle_comment(self, data):
        pos = self._offset()
        end = self.src.find(">", pos + 4 + len(data))
        end = len(self.src) if end < 0 else end + 1
        self.comments.append((pos, end, data))


def extract(src: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Prose ranges, block ranges and comments ``(start, end, body)`` of an HTML text."""
    parser = _Extractor(src)
    try:
        parser.feed(src)
        parser.close()
    except Exception:  # html.parser is lenient; never let a reader crash on odd input
        pass
    parser._break()
    return parser.ranges, parser.blocks, parser.comments


def read(path: str, text: str):
    ranges, blocks, comments = extract(text)
    mask = new_mask(text)
    for s, e in ranges:
        mark(mask, s, e)
    return finalize(path, text, mask, blocks, suppressions.collect(text, comments))
