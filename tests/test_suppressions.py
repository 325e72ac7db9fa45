"""Suppression comments: the directive syntax, each format's comment form, and their
effect on findings through the engine."""
from __future__ import annotations

import pytest

from linter.document import Suppression
from linter.formats import read_document
from linter.suppressions import collect, html_comments

MICE = "Spine mice are tender fatty lumps over the sacrum."
BACK = "A fatty bulge can develop over the reduced back."
GARBLES = {"health/back-mice", "health/lower-back"}


def region(text: str, s: Suppression) -> str:
    return text[s.start:s.end]


def garbles(engine, path, text):
    findings, _ = engine.check_text(path, text)
    for f in findings:
        assert text[f.offset:f.offset + f.length] == f.text
    return sorted((f.rule, f.line) for f in findings if f.rule in GARBLES)


# --- Suppression.covers ---------------------------------------------------------------------------

def test_covers_rules_prefixes_and_sources():
    s = Suppression(start=10, end=20, rules=("health/back-mice", "lexicon", "style/"), line=1)
    assert s.covers("health/back-mice", 10)
    assert not s.covers("health/back-mice", 20) and not s.covers("health/back-mice", 9)
    assert not s.covers("health/lower-back", 15)
    assert not s.covers("health/back-mice-relative", 15)  # a prefix ends at a "/"
    assert s.covers("style/anything", 15)
    assert s.covers("lexicon/swapped-term", 15)  # "lexicon" as a prefix
    assert s.covers("grammar/x", 15, source="lexicon")  # "lexicon" as the finding's source
    assert not s.covers("grammar/x", 15, source="grammar")
    assert Suppression(0, 5, (), 1).covers("anything/at-all", 0)
    assert Suppression(0, 5, ("health",), 1).covers("health/back-mice", 0)


# --- the directive syntax ---------------------------------------------------------------------------

def comments_of(text):
    return html_comments(text)


def test_disable_enable_region():
    text = "a\n<!-- medlint-disable health/back-mice, health/lower-back -->\nb\n<!-- medlint-enable -->\nc\n"
    (s,) = collect(text, comments_of(text))
    assert s.rules == ("health/back-mice", "health/lower-back")
    assert region(text, s) == "\nb\n"
    assert s.line == 2


def test_disable_without_rules_means_all_and_unmatched_runs_to_eof():
    text = "a\n<!-- medlint-disable -->\nb\nc"
    (s,) = collect(text, comments_of(text))
    assert s.rules == () and region(text, s) == "\nb\nc" and s.end == len(text)


def test_enable_with_rules_keeps_the_others_disabled():
    text = ("<!-- medlint-disable a/x b/y -->\n1\n<!-- medlint-enable a/x -->\n2\n"
            "<!-- medlint-enable -->\n3\n")
    sups = sorted(collect(text, comments_of(text)), key=lambda s: s.start)
    assert [(s.rules, region(text, s)) for s in sups] == [(("a/x", "b/y"), "\n1\n"), (("b/y",), "\n2\n")]
    assert all(s.line == 1 for s in sups)


def test_disable_next_line_skips_blank_lines():
    text = "a\n<!-- medlint-disable-next-line health/ -->\n\n  \r\nthe line\r\nnext\n"
    (s,) = collect(text, comments_of(text))
    assert region(text, s) == "the line" and s.rules == ("health/",) and s.line == 2
    assert collect("x <!-- medlint-disable-next-line -->", comments_of("x <!-- medlint-disable-next-line -->")) == []


def test_ignore_line_forms():
    text = "one\ntwo medlint: ignore\nthree medlint: ignore[health/back-mice, lexicon]\r\nfour\n"
    a, b = collect(text)
    assert region(text, a) == "two medlint: ignore" and a.rules == () and a.line == 2
    assert region(text, b) == "three medlint: ignore[health/back-mice, lexicon]"
    assert b.rules == ("health/back-mice", "lexicon") and b.line == 3
    assert collect("medlint: ignored words\nmedlint:ignore-me\n") == []


def test_other_comments_are_not_directives():
    text = "<!-- a note --><!-- medlint-disabled x --><!-- please medlint-disable -->"
    assert collect(text, comments_of(text)) == []


# --- each format's comment form ----------------------------------------------------------------

def test_markdown_comments_but_not_in_code():
    text = ("Intro.\n\n<!-- medlint-disable health/ -->\n\nSecond <!-- medlint-enable --> third.\n\n"
            "```\n<!-- medlint-disable -->\n```\n\n`<!-- medlint-disable -->`\n\n    <!-- medlint-disable -->\n")
    doc = read_document("a.md", text, "markdown")
    (s,) = doc.suppressions
    assert s.rules == ("health/",) and s.line == 3
    assert text[s.start:s.end] == "\n\nSecond "


def test_markdown_next_line_and_crlf():
    text = "Intro.\r\n\r\n<!-- medlint-disable-next-line -->\r\nTarget line.\r\nOther.\r\n"
    doc = read_document("a.md", text, "markdown")
    (s,) = doc.suppressions
    assert text[s.start:s.end] == "Target line."


def test_html_comments():
    text = "<p>a</p>\n<!--medlint-disable health/back-mice-->\n<p>b</p>\n<!-- medlint-enable -->\n<script>\n" \
           "// <!-- medlint-disable -->\n</script>"
    doc = read_document("a.html", text, "html")
    (s,) = doc.suppressions
    assert s.rules == ("health/back-mice",) and text[s.start:s.end] == "\n<p>b</p>\n"


def test_rst_comments_but_not_in_literal_blocks():
    text = ("Intro.\n\n.. medlint-disable health/back-mice\n\nPara.\n\n.. medlint-enable\n\n"
            "Code::\n\n    .. medlint-disable\n\n.. medlint-disable-next-line\n\nTarget.\n")
    doc = read_document("a.rst", text, "rst")
    sups = sorted(doc.suppressions, key=lambda s: s.start)
    assert len(sups) == 2
    assert sups[0].rules == ("health/back-mice",) and text[sups[0].start:sups[0].end] == "\n\nPara.\n\n"
    assert text[sups[1].start:sups[1].end] == "Target."


def test_plain_text_only_knows_the_ignore_line():
    text = "<!-- medlint-disable -->\nSpine mice. medlint: ignore\n"
    doc = read_document("a.txt", text, "text")
    (s,) = doc.suppressions
    assert text[s.start:s.end] == "Spine mice. medlint: ignore"


# --- through the engine ------------------------------------------------------------------------

@pytest.mark.parametrize("path,text,expected", [
    ("a.md", f"{MICE}\n\n<!-- medlint-disable health/back-mice -->\n\n{MICE}\n\n{BACK}\n\n"
             f"<!-- medlint-enable -->\n\n{MICE}\n",
     [("health/back-mice", 1), ("health/back-mice", 11), ("health/lower-back", 7)]),
    ("a.md", f"<!-- medlint-disable-next-line -->\n{MICE} {BACK}\n\n{BACK}\n",
     [("health/lower-back", 4)]),
    ("a.md", f"- {MICE} <!-- medlint: ignore[health/] -->\n- {BACK}\n", [("health/lower-back", 2)]),
    ("a.html", f"<p>{MICE}</p>\n<!-- medlint-disable health/ -->\n<p>{MICE}</p>\n", [("health/back-mice", 1)]),
    ("a.rst", f"{MICE}\n\n.. medlint-disable-next-line health/lower-back\n\n{MICE} {BACK}\n",
     [("health/back-mice", 1), ("health/back-mice", 5)]),
    ("a.rst", f".. medlint-disable\n\n{MICE}\n\n.. medlint-enable\n\n{BACK}\n", [("health/lower-back", 7)]),
    ("a.txt", f"{MICE} medlint: ignore\n{MICE}\n{BACK}  # medlint: ignore[health/lower-back]\n",
     [("health/back-mice", 2)]),
])
def test_suppressed_findings(engine, path, text, expected):
    assert garbles(engine, path, text) == sorted(expected)
    assert garbles(engine, path, text.replace("\n", "\r\n")) == sorted(expected)



@pytest.mark.parametrize("first", [
    "<!-- medlint-disable-next-line health/lower-back -->\nMy reduced back hurts.\n",
    "My reduced back hurts. <!-- medlint: ignore[health/lower-back] -->\n",
    "<!-- medlint-disable health/lower-back -->\nMy reduced back hurts.\n<!-- medlint-enable -->\n",
])
def test_suppressing_a_rule_silences_the_other_layers_on_its_span(engine, first):
    # the lexicon detector finds the garble of the suppressed line too (the document has
    # another, so it looks spun); suppressing the rule there is suppressing that garble
    text = first + "\nMy reduced back hurts.\n"
    findings, _ = engine.check_text("a.md", text)
    line = text.split("\n").index("My reduced back hurts. <!-- medlint: ignore[health/lower-back] -->"
                                   if "ignore[" in first else "My reduced back hurts.") + 1
    from dataclasses import replace
    lexicon_only, _ = engine.check_text("a.md", text, settings=replace(engine.settings, select=("lexicon",)))
    assert (line, "lexicon/swapped-term") in {(f.line, f.rule) for f in lexicon_only}
    assert [f for f in findings if f.line == line] == []
    assert [(f.rule, f.text) for f in findings if f.line != line] == [("health/lower-back", "reduced back")]


def test_an_unused_suppression_is_reported_on_its_own_line(engine):
    from dataclasses import replace
    text = "Fine text.\n\n<!-- medlint-disable-next-line health/lower-back -->\nStill fine.\n"
    settings = replace(engine.settings, report_unused_suppressions=True)
    findings, _ = engine.check_text("a.md", text, settings=settings)
    assert [(f.rule, f.line, f.column, f.source) for f in findings] == [
        ("medlint/unused-suppression", 3, 1, "suppression")]
    assert "(line 3)" in findings[0].message


def test_a_suppression_naming_an_unknown_rule_is_reported(engine):
    text = ("Fine.\n\n<!-- medlint-disable helth/back-mice, consistency -->\nSpine mice hurt.\n<!-- medlint-enable -->\n\n"
            "Spine mice again. <!-- medlint: ignore[health/bak] -->\n\n"
            "<!-- medlint-disable-next-line health/back-mice -->\nSpine mice, once more.\n")
    findings, _ = engine.check_text("a.md", text)
    got = [(f.rule, f.line, f.severity, f.source) for f in findings]
    assert ("medlint/unknown-suppressed-rule", 3, "warning", "suppression") in got
    assert ("medlint/unknown-suppressed-rule", 7, "warning", "suppression") in got
    unknown = [f for f in findings if f.rule == "medlint/unknown-suppressed-rule"]
    assert len(unknown) == 2  # the valid "consistency" and "health/back-mice" entries are not reported
    assert "'helth/back-mice'" in unknown[0].message and "consistency" not in unknown[0].message
    # a prefix silences only at a "/" (Suppression.covers): "health/bak" silences nothing
    assert ("health/back-mice", 4) in {(f.rule, f.line) for f in findings}
    assert ("health/back-mice", 7) in {(f.rule, f.line) for f in findings}
    assert ("health/back-mice", 10) not in {(f.rule, f.line) for f in findings}


def test_a_suppression_may_give_a_reason_after_two_dashes(engine):
    # " -- " ends the rules: the reason's words are not unknown rules, and the rules before it still apply
    text = (f"<!-- medlint-disable-next-line health/back-mice -- quoted from the source -->\n{MICE} {BACK}\n\n"
            f".. medlint-disable-next-line health/lower-back -- the author's own words\n\n{BACK}\n")
    findings, _ = engine.check_text("a.md", text)
    assert "medlint/unknown-suppressed-rule" not in {f.rule for f in findings}
    assert garbles(engine, "a.md", text) == [("health/lower-back", 2), ("health/lower-back", 6)]
    rst = f".. medlint-disable-next-line health/lower-back -- the author's own words\n\n{BACK}\n\n{MICE}\n"
    assert garbles(engine, "a.rst", rst) == [("health/back-mice", 5)]
    assert [f.rule for f in engine.check_text("a.rst", rst)[0] if f.rule.startswith("medlint/")] == []
    # no rules before the reason: every rule, as with no reason
    both = f"<!-- medlint-disable-next-line -- whole sentence quoted -->\n{MICE} {BACK}\n"
    assert garbles(engine, "a.md", both) == []


def test_unknown_suppressed_rule_warnings_can_be_ignored(engine):
    from dataclasses import replace
    text = "<!-- medlint-disable nosuch/rule -->\nFine text.\n"
    settings = replace(engine.settings, ignore=("medlint/unknown-suppressed-rule",))
    assert engine.check_text("a.md", text, settings=settings)[0] == []
    assert [f.rule for f in engine.check_text("a.md", text)[0]] == ["medlint/unknown-suppressed-rule"]


def test_suppressions_count_lines_as_findings_do_in_a_file_with_lone_carriage_returns(engine):
    text = ("Fine.\r\r<!-- medlint-disable-next-line health/back-mice -->\rSpine mice hurt.\r\r"
            "Spine mice again.\r<!-- medlint-disable nosuch/rule -->\r")
    findings, _ = engine.check_text("a.md", text)
    got = {(f.rule, f.line) for f in findings}
    assert ("health/back-mice", 4) not in got  # silenced: the line after the comment
    assert ("health/back-mice", 6) in got
    assert ("medlint/unknown-suppressed-rule", 7) in got


def test_many_suppressions_are_not_matched_against_every_finding(engine, monkeypatch):
    # 300 next-line suppressions, each over one garble, 300 unsuppressed garbles between them:
    # each finding is tested against the suppressions around it, not against all 300 (90,000 tests)
    n = 300
    text = "".join(f"<!-- medlint-disable-next-line health/back-mice -- case {i} -->\n{MICE}\n\n{MICE}\n\n"
                   for i in range(n))
    calls = []
    real = Suppression.covers
    monkeypatch.setattr(Suppression, "covers", lambda self, *a: calls.append(1) or real(self, *a))
    from linter.config import Settings

    findings, _ = engine.check_text("many.md", text, settings=Settings(report_unused_suppressions=True))
    mice = [f for f in findings if f.rule == "health/back-mice"]
    assert [f.line for f in mice] == [5 * i + 4 for i in range(n)]  # the unsuppressed ones only
    assert not [f for f in findings if f.source == "suppression"]  # every suppression was used
    assert 0 < len(calls) < 10 * n


def test_overlap_test_agrees_with_testing_every_span():
    import random

    from linter.engine import _overlap_test

    rng = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 40) for _ in range(rng.randint(1, 8)))]
        hit = _overlap_test(spans)
        for start in range(45):
            for end in (start, start + 1, start + 3):
                assert hit(start, end) == any(a < end and start < b for a, b in spans), (spans, start, end)
