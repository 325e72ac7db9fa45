"""The built-in offline grammar checks: repeated words and words run together."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
from conftest import ROOT

import linter.formats
from linter.checks import grammar

SEED_CANDIDATES = (
    ROOT / "corpus" / "example" / "back-mice-spun.txt",
    ROOT.parent / "shared" / "seed" / "back-mice-spun.txt",
)


def findings(engine, text, rule=None, path="t.txt"):
    parsed = engine.parse(linter.formats.read_document(path, text, "text"))
    found = grammar.run(parsed, engine.ctx)
    for f in found:  # offsets are the original text's
        assert text[f.offset:f.end] == f.text
        assert f.source == "grammar"
    return [f for f in found if rule is None or f.rule == rule]


def repeated(engine, text):
    return findings(engine, text, "grammar/repeated-word")


def fused(engine, text):
    return findings(engine, text, "grammar/fused-words")


# --------------------------------------------------------------------------- repeated words


def test_repeated_word_flagged_once_with_the_single_word(engine):
    text = "The fat masses generally get a firm, high quality quality to them."
    (f,) = repeated(engine, text)
    assert f.text == "quality quality"
    assert f.suggestions == ("quality",)
    assert f.fix_safe
    assert 0.9 <= f.confidence <= 1.0


def test_repeated_word_is_case_insensitive_and_keeps_the_first_spelling(engine):
    (f,) = repeated(engine, "The The pain was bad.")
    assert f.text == "The The" and f.suggestions == ("The",)
    (f,) = repeated(engine, "It was the THE end.") or [None]
    # an all-capital word is a code or a heading, never flagged
    assert f is None


@pytest.mark.parametrize("path,text,expected", [
    ("t.md", "Run the `ls` the command.", []),  # inline code has words of its own
    ("t.rst", "Run the ``ls`` the command.", []),
    ("t.html", "<p>Run the <code>ls</code> the command.</p>", []),
    ("t.md", "It was the **the** end.", ["the **the"]),  # only markup between: still a repeat
    ("t.html", "<p>It was the <b>the</b> end.</p>", ["the <b>the"]),
])
def test_repeated_word_across_markup_but_not_across_inline_code(engine, path, text, expected):
    parsed = engine.parse(linter.formats.read_document(path, text, linter.formats.format_for(path, None)))
    assert [f.text for f in grammar.run(parsed, engine.ctx) if f.rule == "grammar/repeated-word"] == expected


def test_three_in_a_row_is_one_finding(engine):
    (f,) = repeated(engine, "This is very bad bad bad news.")
    assert f.text == "bad bad bad" and f.suggestions == ("bad",)


@pytest.mark.parametrize("text", [
    "She had had enough of the pain.",
    "He said that that was the problem.",
    "It was very very painful.",
    "Bye bye, back mice.",
])
def test_legitimate_doublings_not_flagged(engine, text):
    assert repeated(engine, text) == []


def test_is_is_and_do_do_are_flagged(engine):
    assert [f.text for f in repeated(engine, "The problem is is that it hurts.")] == ["is is"]


def test_not_across_sentences(engine):
    assert repeated(engine, "It was good. Good results followed.") == []
    assert repeated(engine, "Is it back pain? Pain is common.") == []


def test_not_across_blocks(engine):
    text = "The first paragraph ends with pain\n\npain starts the second paragraph."
    assert repeated(engine, text) == []


def test_not_across_punctuation_or_numbers(engine):
    assert repeated(engine, "It was quality, quality and more.") == []
    assert repeated(engine, "Take 10 10 mg tablets.") == []


def test_across_a_line_break_in_running_text_only(engine):
    (f,) = repeated(engine, "The fat masses get a firm, high quality\nquality to them.")
    assert f.text == "quality\nquality"
    assert repeated(engine, "Config\nconfig\nvalue") == []  # a list, one word a line
    assert repeated(engine, "Managing Back Pain\nPain is common in adults.") == []  # a heading


def test_names_not_flagged(engine):
    assert repeated(engine, "They flew to Walla Walla last year.") == []


# --------------------------------------------------------------------------- fused words


def test_fused_words_split(engine):
    text = "Due to their nonspecificityback mice tend to be identified presumptively."
    (f,) = fused(engine, text)
    assert f.text == "nonspecificityback"
    assert f.suggestions[0] == "nonspecificity back"
    assert f.rule == "grammar/fused-words"


def test_tokens_longer_than_max_token_are_not_tried(engine, monkeypatch):
    """Trying every split point of a token costs its length squared (a 10^5-character
    token took 40 s): tokens over MAX_TOKEN letters (codes, hashes, base64) are not tried."""
    text = "Book hospitalisationphysiotherapy sessions early."
    assert [f.text for f in fused(engine, text)] == ["hospitalisationphysiotherapy"]
    monkeypatch.setattr(grammar, "MAX_TOKEN", 27)  # one letter short of that token
    assert not fused(engine, text)


def test_fused_frequent_unambiguous_split_is_a_safe_fix(engine):
    (f,) = fused(engine, "The scan showed bone damage and bonemarrow changes.")
    assert f.suggestions[0] == "bone marrow"
    assert f.fix_safe
    # "nonspecificity" is known only through its prefix: reported, not auto-fixed
    (g,) = fused(engine, "Due to their nonspecificityback mice are hard to diagnose.")
    assert not g.fix_safe


@pytest.mark.parametrize("word", [
    "backache", "healthcare", "painkiller", "painkillers", "breastfeeding", "lifestyle",
    "episacroiliac", "lumbodorsal", "lumbosacral", "multifidus", "wheelchair", "heartburn",
])
def test_real_words_not_flagged(engine, word):
    assert fused(engine, f"Many patients mention {word} when they talk to us.") == []


@pytest.mark.parametrize("text", [
    "See www.backpainhelp.com for more.",
    "Email painclinic@example.org today.",
    "Read the #backpain thread.",
    "The BackPain study and the BACKPAINHELP group.",
    "Dr Painkillerson said so.",
    "Open config_painfile now.",
])
def test_names_urls_codes_camelcase_not_flagged(engine, text):
    assert fused(engine, text) == []


def test_fused_word_list_loads_lazily():
    """A known-words-only text never loads the general word list (a fresh process)."""
    code = (
        "from linter.engine import Engine; import linter.formats; from linter.checks import grammar;"
        "e = Engine(); p = e.parse(linter.formats.read_document('t.txt', 'The pain was in the lower back.', 'text'));"
        "grammar.run(p, e.ctx); print(grammar._frequencies.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "0"


def test_small_file_stays_fast(engine):
    text = "Due to their nonspecificityback mice tend to be a firm, high quality quality lump.\n"
    findings(engine, text)  # warm: word list loaded once per process
    start = time.perf_counter()
    for _ in range(20):
        findings(engine, text)
    assert (time.perf_counter() - start) / 20 < 0.25


# --------------------------------------------------------------------------- the real article


def test_real_article_flags_both(engine):
    seed = next((p for p in SEED_CANDIDATES if p.is_file()), None)
    if seed is None:
        pytest.skip("back-mice-spun.txt not found")
    text = seed.read_text(encoding="utf-8")
    found = findings(engine, text)
    by_text = {f.text: f for f in found}
    assert by_text["quality quality"].rule == "grammar/repeated-word"
    assert by_text["nonspecificityback"].suggestions[0] == "nonspecificity back"
    assert {f.rule for f in found} <= {"grammar/repeated-word", "grammar/fused-words"}
    # nothing else in the article is flagged (it has no other doubled or run-together words)
    assert sorted(by_text) == ["nonspecificityback", "quality quality"]


# --------------------------------------------------------------------------- hidden characters


def hidden(engine, text):
    return [(f.text, f.suggestions[0], f.fix_safe) for f in findings(engine, text, "grammar/hidden-character")]


def test_invisible_characters_and_full_width_letters_inside_a_word_are_flagged(engine):
    text = ("Lumps over the re\u00adduced back. The sp\u200bine mice hurt. \uff53\uff50\uff49\uff4e\uff45 mice. "
            "Word\u2060joined, zero\u200cwidth, back\u200dpain, \ufeffbom.")
    assert hidden(engine, text) == [
        ("re\u00adduced", "reduced", True), ("sp\u200bine", "spine", True), ("\uff53\uff50\uff49\uff4e\uff45", "spine", True),
        ("Word\u2060joined", "Wordjoined", True), ("zero\u200cwidth", "zerowidth", True), ("back\u200dpain", "backpain", True),
        ("\ufeffbom", "bom", True)]
    (f,) = findings(engine, "The re\u00adduced back.", "grammar/hidden-character")
    assert "U+00AD" in f.message and "\u201creduced\u201d" in f.message


def test_correct_text_in_other_scripts_and_emoji_is_not_flagged(engine):
    # the joiners belong to Persian, Indic scripts and emoji sequences; plain words have nothing to flag
    text = ("The family \U0001F468\u200d\U0001F469\u200d\U0001F467 came. \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645. "
            "\u0915\u094d\u200d\u0937. Plain lower back pain, caf\u00e9, na\u00efve. A lone \u200b here.")
    assert hidden(engine, text) == []


def hidden_in(engine, text, fmt, path):
    parsed = engine.parse(linter.formats.read_document(path, text, fmt))
    found = [f for f in grammar.run(parsed, engine.ctx) if f.rule == "grammar/hidden-character"]
    assert all(text[f.offset:f.end] == f.text for f in found)
    return [(f.text, f.suggestions[0], f.fix_safe) for f in found]


@pytest.mark.parametrize("fmt, path", [("html", "t.html"), ("markdown", "t.md")])
def test_references_to_invisible_characters_inside_a_word_are_flagged_in_html_and_markdown(engine, fmt, path):
    # (the reader blanks a character reference, so "re&shy;duced" was two words, "re" and "duced")
    text = ("<p>The re&shy;duced back, re&#173;duced, re&#xAD;duced and sp&#x200b;ine&ZeroWidthSpace;mice. "
            "Fish &amp; chips, caf&eacute;, back&nbsp;pain and &shy;lead are words as written.</p>\n")
    assert hidden_in(engine, text, fmt, path) == [
        ("re&shy;duced", "reduced", True), ("re&#173;duced", "reduced", True), ("re&#xAD;duced", "reduced", True),
        ("sp&#x200b;ine&ZeroWidthSpace;mice", "spinemice", True)]


def test_a_reference_written_out_in_plain_text_or_code_is_not_flagged(engine):
    assert hidden_in(engine, "The re&shy;duced back.\n", "text", "t.txt") == []
    assert hidden_in(engine, "Code: `re&shy;duced`.\n", "markdown", "t.md") == []
    assert hidden_in(engine, "<pre>re&shy;duced</pre><p>ok</p>\n", "html", "t.html") == []


def test_fixing_a_reference_lets_the_next_run_find_the_garble(cli, tmp_path):
    p = tmp_path / "a.html"
    p.write_text("<p>Fatty lumps can grow over the re&shy;duced back.</p>\n", encoding="utf-8")
    code, out, _ = cli("check", "--isolated", "--format", "concise", str(p))
    assert code == 1 and "grammar/hidden-character" in out and "health/lower-back" not in out
    cli("check", "--isolated", "--fix", "--format", "concise", str(p))
    assert p.read_text(encoding="utf-8") == "<p>Fatty lumps can grow over the reduced back.</p>\n"
    code, out, _ = cli("check", "--isolated", "--format", "concise", str(p))
    assert code == 1 and "health/lower-back" in out and "grammar/hidden-character" not in out


def test_fixing_a_hidden_character_lets_the_next_run_find_the_garble(cli, tmp_path):
    # "re\u00adduced back" hides a curated garble from every term check; --fix writes the plain word
    p = tmp_path / "a.md"
    p.write_text("Fatty lumps can grow over the re\u00adduced back.\n", encoding="utf-8")
    code, out, _ = cli("check", "--isolated", "--format", "concise", str(p))
    assert code == 1 and "grammar/hidden-character" in out and "health/lower-back" not in out
    code, _, _ = cli("check", "--isolated", "--fix", "--format", "concise", str(p))
    assert p.read_text(encoding="utf-8") == "Fatty lumps can grow over the reduced back.\n"
    code, out, _ = cli("check", "--isolated", "--format", "concise", str(p))
    assert code == 1 and "health/lower-back" in out and "grammar/hidden-character" not in out
