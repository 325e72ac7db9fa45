"""Markup-aware readers: prose has the file's length, markup and code are blanked,
offsets are the file's (also with CRLF and non-ASCII text), and garbles outside prose
are never flagged."""
from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linter.document import Document
from linter.formats._common import URL_RE
from linter.formats import EXTENSIONS, FORMATS, format_for, read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GARBLE_RULES = {"health/back-mice", "health/lower-back"}
FLAG_MICE = "Spine mice are tender fatty lumps over the sacrum."
FLAG_BACK = "A fatty bulge can develop over the reduced back."


def read(fmt: str, text: str, path: str = "doc") -> Document:
    return read_document(path, text, fmt)


def assert_invariants(doc: Document) -> None:
    text, prose = doc.text, doc.prose
    assert isinstance(prose, str) and len(prose) == len(text)
    for i, (p, t) in enumerate(zip(prose, text)):
        if t in "\r\n":
            assert p == t, f"newline not kept at {i}"
        else:
            assert p == t or p == " ", f"prose char {p!r} at {i} is not the file's {t!r}"
    last = 0
    for start, end in doc.blocks:
        assert last <= start < end <= len(text), (start, end, last)
        assert prose[start:end].strip(), "empty block"
        for i in range(start, end):
            assert prose[i] == " " or prose[i] == text[i]
        last = end
    # every prose character is inside a block (checks only see blocks)
    covered = bytearray(len(text))
    for start, end in doc.blocks:
        covered[start:end] = b"\x01" * (end - start)
    stray = [i for i, ch in enumerate(prose) if not ch.isspace() and not covered[i]]
    assert not stray, f"prose outside blocks at {stray[:5]}: {prose[stray[0]:stray[0] + 20]!r}"
    for s in doc.suppressions:
        assert 0 <= s.start < s.end <= len(text)


def at_same_offset(doc: Document, sentence: str) -> None:
    """``sentence`` is prose, unchanged, at its offset in the file."""
    i = doc.text.find(sentence)
    assert i >= 0, sentence
    assert doc.prose[i:i + len(sentence)] == sentence, doc.prose[i:i + len(sentence)]
    assert any(s <= i and i + len(sentence) <= e for s, e in doc.blocks), "not inside one block"


# --- the registry -------------------------------------------------------------------------------

def test_extensions_and_dispatch():
    assert format_for("a.md") == format_for("b.MARKDOWN") == "markdown"
    assert format_for("a.html") == format_for("a.htm") == "html"
    assert format_for("a.rst") == "rst"
    assert format_for("a.txt") == format_for("a.text") == format_for("README") == "text"
    assert format_for("a.md", "text") == "text"
    assert set(EXTENSIONS.values()) == set(FORMATS) == {"text", "markdown", "html", "rst"}
    for fmt in FORMATS:
        doc = read(fmt, "Back mice hurt.\n")
        assert doc.prose == "Back mice hurt.\n"
        assert [doc.prose[s:e].strip() for s, e in doc.blocks] == ["Back mice hurt."]
    with pytest.raises(ValueError):
        read("docx", "x")


def test_readers_know_no_rules():
    import linter.formats.html as h
    import linter.formats.markdown as m
    import linter.formats.rst as r
    import linter.formats.text as t

    for mod in (h, m, r, t):
        source = Path(mod.__file__).read_text(encoding="utf-8")
        assert "linter.packs" not in source and "linter.checks" not in source and "health/" not in source


# --- hidden: the garble must not reach prose ------------------------------------------------------

MD_HIDDEN = {
    "fenced code": "Lumps hurt.\n\n```python\nprint('spine mice')\n```\n",
    "tilde fence": "Lumps hurt.\n\n~~~\nspine mice\n~~~\n",
    "indented code": "Lumps hurt.\n\n    spine mice over the back\n",
    "code in list": "- Lumps hurt.\n\n  ```\n  spine mice\n  ```\n",
    "inline code": "Lumps hurt, `spine mice` and ``a `spine mice` b``.\n",
    "yaml front matter": "---\ntitle: spine mice\nlist:\n  - spine mice\n---\nLumps hurt.\n",
    "toml front matter": "+++\ntitle = \"spine mice\"\n+++\n\nLumps hurt.\n",
    "link url": "Lumps hurt, [see](<https://x.org/spine mice>).\n",
    "link title": "Lumps hurt, [see](https://x.org/ \"spine mice\").\n",
    "reference definition": "Lumps hurt, [see][r].\n\n[r]: https://x.org/spine \"spine mice\"\n",
    "autolink": "Lumps hurt, <https://x.org/spine-mice>.\n",
    "bare url": "Lumps hurt, https://x.org/spine_mice/x.\n",
    "image url": "Lumps hurt. ![photo](img/spine%20mice.png \"spine mice\")\n",
    "html comment block": "Lumps hurt.\n\n<!-- spine mice -->\n",
    "html comment inline": "Lumps hurt <!-- spine mice --> here.\n",
    "inline html attribute": "Lumps hurt <span title=\"spine mice\">here</span>.\n",
    "script block": "Lumps hurt.\n\n<script>\nvar a = 'spine mice';\n</script>\n",
    "pre block": "Lumps hurt.\n\n<pre>\nspine mice\n</pre>\n",
    "html in a quote": "Lumps hurt.\n\n> <div>\n> <code>spine mice</code> x\n> </div>\n",
}

HTML_HIDDEN = {
    "script": "<p>Lumps hurt.</p><script>var s = 'spine mice';</script>",
    "style": "<style>.spine-mice::after { content: 'spine mice' }</style><p>Lumps hurt.</p>",
    "pre": "<p>Lumps hurt.</p><pre>spine mice</pre>",
    "code": "<p>Lumps hurt <code>spine mice</code>.</p>",
    "nested code": "<p>Lumps hurt <code>a <b>spine mice</b> b</code>.</p>",
    "kbd and samp": "<p>Lumps hurt <kbd>spine mice</kbd><samp>spine mice</samp>.</p>",
    "textarea": "<p>Lumps hurt.</p><textarea>spine mice</textarea>",
    "template": "<p>Lumps hurt.</p><template><p>spine mice</p></template>",
    "comment": "<p>Lumps hurt.</p><!-- spine mice -->",
    "attributes": "<p title=\"spine mice\">Lumps <img alt=\"spine mice\" src=\"spine-mice.png\">hurt.</p>",
    "head": "<html><head><meta name=\"d\" content=\"spine mice\"><link href=\"spine\"></head>"
            "<body><p>Lumps hurt.</p></body></html>",
    "url": "<p>Lumps hurt, https://x.org/spine_mice.</p>",
    "cdata and doctype": "<!DOCTYPE html><p>Lumps hurt.</p><![CDATA[spine mice]]>",
}

RST_HIDDEN = {
    "literal block": "Lumps hurt::\n\n    spine mice\n",
    "expanded literal": "Lumps hurt.\n\n::\n\n    spine mice\n",
    "code-block": "Lumps hurt.\n\n.. code-block:: python\n\n   print('spine mice')\n",
    "code": "Lumps hurt.\n\n.. code:: text\n   :number-lines:\n\n   spine mice\n",
    "sourcecode": "Lumps hurt.\n\n.. sourcecode:: text\n\n   spine mice\n",
    "math": "Lumps hurt.\n\n.. math::\n\n   spine mice\n",
    "raw": "Lumps hurt.\n\n.. raw:: html\n\n   <b>spine mice</b>\n",
    "comment": "Lumps hurt.\n\n.. spine mice\n   more spine mice\n",
    "substitution": "Lumps hurt |s|.\n\n.. |s| replace:: spine mice\n",
    "inline literal": "Lumps hurt ``spine mice``.\n",
    "code role": "Lumps hurt :code:`spine mice`.\n",
    "math role": "Lumps hurt :math:`spine mice`.\n",
    "unknown role": "Lumps hurt :ref:`spine mice <x>`.\n",
    "target": "Lumps hurt.\n\n.. _spine mice: https://x.org/spine_mice\n",
    "embedded uri": "Lumps hurt `see <https://x.org/spine_mice>`_.\n",
    "bare url": "Lumps hurt https://x.org/spine_mice here.\n",
    "directive options": "Lumps hurt.\n\n.. image:: spine-mice.png\n   :alt: spine mice\n",
    "doctest": "Lumps hurt.\n\n>>> spine_mice = 'spine mice'\n",
    "unknown directive": "Lumps hurt.\n\n.. spinemice:: spine mice\n\n   spine mice\n",
    "include is not followed": "Lumps hurt.\n\n.. include:: /etc/hostname\n",
    "footnote reference": "Lumps hurt [#spine]_.\n\n.. [#spine] Sore.\n",
}

HIDDEN = ([("markdown", k, v) for k, v in MD_HIDDEN.items()]
          + [("html", k, v) for k, v in HTML_HIDDEN.items()]
          + [("rst", k, v) for k, v in RST_HIDDEN.items()])


@pytest.mark.parametrize("fmt,name,text", HIDDEN, ids=[f"{f}-{n}" for f, n, _ in HIDDEN])
def test_non_prose_is_blank(fmt, name, text):
    for variant in (text, text.replace("\n", "\r\n")):
        doc = read(fmt, variant)
        assert_invariants(doc)
        assert "spine" not in doc.prose.lower(), doc.prose
        at_same_offset(doc, "Lumps")
        assert "hurt" in doc.prose


# --- visible: prose is kept, at the file's offsets -------------------------------------------------

MD_VISIBLE = {
    "paragraph": ("Intro.\n\n" + FLAG_MICE + "\n", [FLAG_MICE]),
    "atx heading": ("# Spine mice heading #\n", ["Spine mice heading"]),
    "setext heading": ("Spine mice heading\n==================\n", ["Spine mice heading"]),
    "emphasis": ("Lumps, *spine mice* and **reduced back** and _x_.\n", ["spine mice", "reduced back"]),
    "strikethrough": ("Lumps ~~spine mice~~.\n", ["spine mice"]),
    "link text": ("See [spine mice](https://x.org) and [reduced back][r].\n\n[r]: https://y.org\n",
                  ["spine mice", "reduced back"]),
    "image alt": ("![spine mice over the back](x.png)\n", ["spine mice over the back"]),
    "block quote": ("> " + FLAG_MICE + "\n> " + FLAG_BACK + "\n", [FLAG_MICE, FLAG_BACK]),
    "nested lists": ("- " + FLAG_MICE + "\n  - " + FLAG_BACK + "\n1. Third.\n", [FLAG_MICE, FLAG_BACK]),
    "table": ("| a | b |\n|---|---|\n| spine mice | reduced back |\n| x \\| y | z |\n",
              ["spine mice", "reduced back"]),
    "table without outer pipes": ("a | b\n--|--\nspine mice | spine mice\n", ["spine mice"]),
    "html block text": ("<div>\n<p>" + FLAG_MICE + "</p>\n</div>\n", [FLAG_MICE]),
    "html block in quote": ("> <div>\n> " + FLAG_MICE + "\n> </div>\n", [FLAG_MICE]),
    "escapes": ("Lumps \\*spine mice\\* hurt.\n", ["spine mice", "*spine mice"]),
    "non-ascii": ("Café naïve — spine mice 😀 über reduced back.\n", ["Café naïve — spine mice 😀 über reduced back."]),
    "hard break": ("Spine mice  \nreduced back\\\nend\n", ["Spine mice", "reduced back", "end"]),
    "after front matter": ("---\na: b\n---\n" + FLAG_MICE + "\n", [FLAG_MICE]),
    "unclosed front matter is a rule": ("---\n" + FLAG_MICE + "\n", [FLAG_MICE]),
}

HTML_VISIBLE = {
    "paragraph": ("<p>" + FLAG_MICE + "</p>", [FLAG_MICE]),
    "title": ("<html><head><title>Spine mice</title></head><body></body></html>", ["Spine mice"]),
    "inline elements": ("<p>Lumps <b>spine</b> <i>mice</i> and <a href=\"x\">reduced back</a>.</p>",
                        ["spine", "mice", "reduced back"]),
    "lists and tables": ("<ul><li>" + FLAG_MICE + "<li>" + FLAG_BACK + "</ul><table><tr><td>a</td>"
                         "<td>spine mice</td></tr></table>", [FLAG_MICE, FLAG_BACK, "spine mice"]),
    "definition list": ("<dl><dt>spine mice</dt><dd>reduced back</dd></dl>", ["spine mice", "reduced back"]),
    "fragment without tags": ("Spine mice hurt.\n\nReduced back too.\n", ["Spine mice hurt.", "Reduced back too."]),
    "non-ascii": ("<p>Café naïve — spine mice 😀.</p>", ["Café naïve — spine mice 😀."]),
    "implied body": ("<head><title>T</title><p>Spine mice hurt.</p>", ["Spine mice hurt."]),
    "bad html": ("<p>Lumps <b>spine mice<p>reduced back</i></div>", ["spine mice", "reduced back"]),
}

RST_VISIBLE = {
    "paragraph": ("Intro.\n\n" + FLAG_MICE + "\n", [FLAG_MICE]),
    "titles": ("==========\nSpine mice\n==========\n\nReduced back\n------------\n\nText.\n",
               ["Spine mice", "Reduced back"]),
    "inline markup": ("Lumps *spine mice*, **reduced back**, `title ref` and `a link <https://x.org>`_.\n",
                      ["spine mice", "reduced back", "title ref", "a link"]),
    "escapes": ("Lumps \\*spine mice\\* hurt.\n", ["spine mice"]),
    "lists": ("- " + FLAG_MICE + "\n- " + FLAG_BACK + "\n\n#. Third\n", [FLAG_MICE, FLAG_BACK]),
    "block quote": ("Intro:\n\n    " + FLAG_MICE + "\n\n    -- An Author\n", [FLAG_MICE, "An Author"]),
    "definition list": ("spine mice\n    " + FLAG_BACK + "\n", ["spine mice", FLAG_BACK]),
    "field list": (":Topic: spine mice\n", ["spine mice"]),
    "admonition": (".. note::\n\n   " + FLAG_MICE + "\n\n.. admonition:: Spine mice title\n\n   Body.\n",
                   [FLAG_MICE, "Spine mice title"]),
    "line block": ("| spine mice\n| reduced back\n", ["spine mice", "reduced back"]),
    "grid table": ("+------------+--------------+\n| head       | spine mice   |\n+============+==============+\n"
                   "| one        | reduced back |\n| two        | more         |\n+------------+--------------+\n",
                   ["spine mice", "reduced back", "one", "two", "more"]),
    "simple table": ("=====  ==========\nA      B\n=====  ==========\nx      spine mice\n=====  ==========\n",
                     ["spine mice"]),
    "csv table": (".. csv-table:: Lumps\n   :header: \"A\", \"B\"\n\n   \"spine mice\", \"reduced back\"\n",
                  ["spine mice", "reduced back", "Lumps"]),
    "figure caption": (".. figure:: x.png\n\n   Spine mice on a scan.\n", ["Spine mice on a scan."]),
    "non-ascii": ("Café naïve — spine mice 😀 über.\n", ["Café naïve — spine mice 😀 über."]),
    "tabs": ("- item\twith\ttabs and spine mice\n", ["spine mice"]),
}

VISIBLE = ([("markdown", k, *v) for k, v in MD_VISIBLE.items()]
           + [("html", k, *v) for k, v in HTML_VISIBLE.items()]
           + [("rst", k, *v) for k, v in RST_VISIBLE.items()])


@pytest.mark.parametrize("fmt,name,text,sentences", VISIBLE, ids=[f"{v[0]}-{v[1]}" for v in VISIBLE])
def test_prose_kept_at_file_offsets(fmt, name, text, sentences):
    for variant in (text, text.replace("\n", "\r\n")):
        doc = read(fmt, variant)
        assert_invariants(doc)
        for sentence in sentences:
            at_same_offset(doc, sentence)


def test_markdown_markup_is_blank_exactly():
    text = "## Head *em* ##\n\n> - [link](https://x.org \"t\") `code` **b** \\* &amp; ~~s~~\n"
    doc = read("markdown", text)
    expected = ("   Head  em    \n\n"
                "     link" + " " * 30 + "b    *" + " " * 9 + "s  \n")
    assert doc.prose == expected
    assert [doc.prose[s:e] for s, e in doc.blocks] == ["Head  em", "link" + " " * 30 + "b    *" + " " * 9 + "s"]


def test_markdown_html_blocks_in_containers_lose_the_markers():
    text = "> <div>\n> spine mice\n> </div>\n\n- <p>reduced\n  back</p>\n"
    doc = read("markdown", text)
    assert [doc.prose[s:e] for s, e in doc.blocks] == ["spine mice", "reduced\n  back"]
    assert ">" not in doc.prose and "-" not in doc.prose


def test_markdown_entities_are_blanked_not_decoded():
    text = "Caf&eacute; &amp; AT&amp;T spine&#32;mice\n"
    doc = read("markdown", text)
    assert doc.prose == "Caf" + " " * 15 + "AT     T spine     mice\n"


def test_markdown_blocks_are_the_prose_units():
    text = ("# Title\n\nPara one\ncontinues.\n\n- item one\n- item two\n\n> quoted\n\n"
            "| a | b |\n|---|---|\n| c | d |\n\n<p>html</p>\n")
    doc = read("markdown", text)
    blocks = [doc.prose[s:e] for s, e in doc.blocks]
    assert blocks == ["Title", "Para one\ncontinues.", "item one", "item two", "quoted", "a", "b", "c", "d",
                      "html"]
    # plain prose, no inline markup: each block is the file's text unchanged
    for s, e in doc.blocks:
        assert doc.prose[s:e] == text[s:e]


def test_html_blocks_end_at_block_elements():
    text = "<div>one <b>two</b><p>three</p>four<br>five<h2>six</h2><td>seven</td></div>"
    doc = read("html", text)
    assert [doc.prose[s:e] for s, e in doc.blocks] == [
        "one    two", "three", "four    five", "six", "seven"]
    text = "<p>Spine mice</p>\n<p>Reduced back</p>\n"
    doc = read("html", text)
    for s, e in doc.blocks:
        assert doc.prose[s:e] == text[s:e]


def test_html_entities_are_blanked_not_decoded():
    text = "<p>Caf&eacute; &amp; AT&amp;T &#8217;s</p>"
    doc = read("html", text)
    assert doc.prose == "   Caf" + " " * 15 + "AT     T" + " " * 8 + "s    "
    assert_invariants(doc)


def test_rst_blocks_are_the_prose_units():
    text = ("Title\n=====\n\nPara one\ncontinues.\n\n- item one\n- item two\n\nterm\n    definition\n\n"
            "+------+-------+\n| cell | other |\n| more | lines |\n+------+-------+\n")
    doc = read("rst", text)
    blocks = [doc.prose[s:e] for s, e in doc.blocks]
    # grid-table cells interleave across lines: one block per cell line
    assert blocks == ["Title", "Para one\ncontinues.", "item one", "item two", "term", "definition",
                      "cell", "other", "more", "lines"]
    for s, e in doc.blocks:
        assert doc.prose[s:e] == text[s:e]


def test_rst_broken_input_falls_back_to_text(monkeypatch):
    import linter.formats.rst as rst

    def boom(path, text):
        raise RuntimeError("docutils gave up")

    monkeypatch.setattr(rst, "parse", boom)
    text = "Spine mice ``code``\n\nmedlint: ignore\n"
    doc = read("rst", text)
    assert doc.prose == text
    assert doc.suppressions and doc.suppressions[0].line == 3


@pytest.mark.parametrize("text", [
    "Title\n===\n\n====\n", "+---+\n| a |\n+--\n", ".. code-block::\n", "`unclosed\n\n*unclosed\n",
    ".. |x| replace::\n", "..\n\n  ::\n\n", "=====\n=====\n", "- \n\n  * \n\n    #.\n",
    ":a: :b: `c <d`_\n", "\\", "", "\n\n\n", "\r\n", ".. [#] \n", "__ \n", "a\n  b\n c\nd\n",
])
def test_rst_odd_input_never_crashes(text):
    assert_invariants(read("rst", text))


# --- the whole example, through the engine -------------------------------------------------------

def _garbles(findings):
    return sorted((f.rule, f.line, f.column, f.text) for f in findings if f.rule in GARBLE_RULES)


def _check_located(text, findings):
    lines = text.split("\n")
    for f in findings:
        assert text[f.offset:f.offset + f.length] == f.text
        line = lines[f.line - 1]
        assert line[f.column - 1:f.column - 1 + len(f.text)] == f.text


FIXTURE_EXPECTED = {
    "back-mice-spun.md": [
        ("health/back-mice", 11, 30, "spine mice"),
        ("health/back-mice", 43, 3, "Spine mice"),
        ("health/back-mice", 50, 3, "spine mice"),
        ("health/lower-back", 9, 102, "reduced back"),
        ("health/lower-back", 45, 38, "reduced back"),
    ],
    "back-mice-spun.html": [
        ("health/back-mice", 19, 36, "spine mice"),
        ("health/back-mice", 33, 9, "spine mice"),
        ("health/back-mice", 35, 13, "Spine mice"),
        ("health/lower-back", 17, 105, "reduced back"),
        ("health/lower-back", 28, 40, "reduced back"),
    ],
    "back-mice-spun.rst": [
        ("health/back-mice", 9, 30, "spine mice"),
        ("health/back-mice", 49, 5, "Spine mice"),
        ("health/back-mice", 57, 3, "spine mice"),
        ("health/lower-back", 7, 102, "reduced back"),
        ("health/lower-back", 51, 38, "reduced back"),
    ],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTED))
def test_fixture_garbles_flagged_only_in_prose(engine, name):
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    assert_invariants(read_document(str(path), text, format_for(str(path))))
    findings, words = engine.check_text(str(path), text)
    _check_located(text, findings)
    assert _garbles(findings) == sorted(FIXTURE_EXPECTED[name])
    assert words > 50
    # the same with CRLF line ends: same lines and columns, offsets into the CRLF text
    crlf = text.replace("\n", "\r\n")
    findings, _ = engine.check_text(str(path), crlf)
    for f in findings:
        assert crlf[f.offset:f.offset + f.length] == f.text
    assert _garbles(findings) == sorted(FIXTURE_EXPECTED[name])


def test_markdown_fixture_hides_every_garble_outside_prose(engine):
    path = FIXTURES / "back-mice-spun.md"
    text = path.read_text(encoding="utf-8")
    doc = read("markdown", text)
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    prose_lines = {ln for _, ln, _, _ in FIXTURE_EXPECTED["back-mice-spun.md"]}
    for m in re.finditer(r"(?i)spine mice|reduced back", text):
        line = next(i for i in range(len(lines)) if starts[i] <= m.start() < starts[i + 1]) + 1
        visible = doc.prose[m.start():m.end()] == m.group()
        assert visible == (line in prose_lines), (line, m.group(), doc.prose[m.start():m.end()])


@pytest.mark.parametrize("fmt,ext,text", [
    ("markdown", "md", "Intro *é*.\n\n```\n" + FLAG_MICE + "\n```\n\n- " + FLAG_MICE + "\n"),
    ("html", "html", "<p>Intro é.</p>\n<pre>" + FLAG_MICE + "</pre>\n<ul>\n<li>" + FLAG_MICE + "</li></ul>\n"),
    ("rst", "rst", "Intro *é*::\n\n    " + FLAG_MICE + "\n\n- " + FLAG_MICE + "\n"),
])
def test_engine_flags_prose_not_code(engine, fmt, ext, text):
    findings, _ = engine.check_text(f"doc.{ext}", text)
    _check_located(text, findings)
    last = text.rfind(FLAG_MICE)
    line = text.count("\n", 0, last) + 1
    column = last - (text.rfind("\n", 0, last) + 1) + 1
    assert _garbles(findings) == [("health/back-mice", line, column, "Spine mice")]


# --- property: any text through any reader ----------------------------------------------------------

MD_INLINE = ["spine mice", "*em text*", "**strong**", "_under_", "`code x`", "``co`de``", "plain words",
             "[link text](http://u.example/x \"t\")", "[ref text][r1]", "\\*esc", "~~struck~~",
             "<span>sp</span>", "naïve café", "日本語", "😀", "unmatched *star", "[brackets]", "a_b_c",
             "***both***", "*a **b** c*", "x<y", "1 > 0"]
MD_BLOCK_PREFIX = ["", "", "> ", "- ", "1. ", "  ", "> - ", "* "]


def _md_doc(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        kind = rng.randrange(9)
        inline = " ".join(rng.choice(MD_INLINE) for _ in range(rng.randint(1, 5)))
        if kind == 0:
            parts.append("#" * rng.randint(1, 3) + " " + inline + rng.choice(["", " #"]))
        elif kind == 1:
            parts.append("```\n" + inline + "\n```")
        elif kind == 2:
            parts.append("| a | b |\n|---|---|\n| " + inline.replace("|", "") + " | c |")
        elif kind == 3:
            first, rest = rng.choice([("", ""), ("> ", "> "), ("- ", "  "), ("1. ", "   ")])
            # raw HTML runs to the next blank line; keep it well-formed (no stray "<")
            parts.append(first + "<div>\n" + rest + inline.replace("<y", "y") + "\n" + rest + "</div>\n")
        elif kind == 4:
            parts.append("[r1]: http://ref.example/ \"T\"")
        elif kind == 5:
            parts.append(inline + "\n" + "=" * rng.randint(1, 4))
        else:
            prefix = rng.choice(MD_BLOCK_PREFIX)
            lines = [" ".join(rng.choice(MD_INLINE) for _ in range(rng.randint(1, 4)))
                     for _ in range(rng.randint(1, 3))]
            parts.append("\n".join(prefix + line for line in lines))
    return rng.choice(["\n\n", "\n"]).join(parts) + "\n"


class _Text(HTMLParser):
    """Text of rendered HTML, without code, as a reference for what Markdown prose is."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.code = [], 0

    def handle_starttag(self, tag, attrs):
        self.code += tag in ("code", "pre")

    def handle_endtag(self, tag):
        self.code -= tag in ("code", "pre")

    def handle_data(self, data):
        if not self.code:
            self.out.append(data)


def test_markdown_prose_is_what_markdown_renders_as_text():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    rng = random.Random(20240611)
    for _ in range(300):
        text = _md_doc(rng)
        for variant in (text, text.replace("\n", "\r\n")):
            doc = read("markdown", variant)
            assert_invariants(doc)
            parser = _Text()
            parser.feed(md.render(text))
            parser.close()
            rendered = "".join(URL_RE.sub(" ", "".join(parser.out)).split())
            assert "".join(doc.prose.split()) == rendered, text


ALPHABET = list("ab \n\n\t*_`~[]()<>!#|-+=:.\\&;\"'/\r") + ["é", "😀", "::", ".. ", "```", "---", "http://x.y/z",
                                                             "<!--", "-->", "<p>", "</p>", "<pre>", "&amp;", "  ",
                                                             "spine mice", "\n    "]


@pytest.mark.parametrize("fmt", FORMATS)
def test_any_text_keeps_the_invariants(fmt):
    rng = random.Random(fmt)
    samples = [_md_doc(rng) for _ in range(40)]
    samples += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 120))) for _ in range(200)]
    samples += [(FIXTURES / n).read_text(encoding="utf-8") for n in FIXTURE_EXPECTED]
    for text in samples:
        for variant in (text, text.replace("\n", "\r\n")):
            assert_invariants(read(fmt, variant))


def test_garble_split_by_a_line_break_or_markup_is_still_flagged():
    """Whitespace tokens (a soft line break, markup blanked by the reader) do not
    separate a pattern's words; the finding's text is the original's, and a span
    with markup inside is never auto-fixed."""
    from linter.engine import Engine

    engine = Engine(layers=("curated",))
    text = "Painful spine\nmice over the sacrum.\n"
    (f,), _ = engine.check_text("a.txt", text, fmt="text")
    assert (f.rule, f.text, text[f.offset:f.end], f.fix_safe) == ("health/back-mice", "spine\nmice", "spine\nmice", True)
    md = "Painful *spine* mice over the sacrum.\n"
    (f,), _ = engine.check_text("a.md", md, fmt="markdown")
    assert (f.text, md[f.offset:f.end], f.suggestions[0], f.fix_safe) == ("spine* mice", "spine* mice", "back mice", False)


def test_markup_inside_a_garble_does_not_change_the_number_of_the_suggestion():
    # (the suggestion took its number from the raw span, "spine <em>mice" -> "back mouse")
    from linter.engine import Engine

    engine = Engine(layers=("curated",))
    for path, fmt, text in (("a.html", "html", "<p>Painful spine <em>mice</em>. Rear <b>mice</b> hurt.</p>\n"),
                            ("a.md", "markdown", "Painful spine *mice* over the sacrum. Rear **mice** hurt.\n")):
        found, _ = engine.check_text(path, text, fmt=fmt)
        assert [f.suggestions[0] for f in found if f.rule == "health/back-mice"] == ["back mice", "Back mice"], path
        assert all(not f.fix_safe for f in found if f.rule == "health/back-mice")
