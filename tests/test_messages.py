"""Rule messages with {match} and {swap}: a finding's message names the text found and
what the spinner did to the term (linter/messages.py)."""
from __future__ import annotations

import pytest

from linter import messages
from linter.errors import PackError
from linter.packs import parse_pack


def test_describe_swap_names_the_replaced_padded_dropped_or_reworded_words():
    assert messages.describe_swap("heart assault", "heart attack") == (
        '"attack" was replaced by the thesaurus substitute "assault", which is not used in this sense')
    assert messages.describe_swap("bosom peril", "breast cancer") == (
        '"breast cancer" was replaced by the thesaurus substitute "bosom peril", which is not used in this sense')
    assert messages.describe_swap("excessive blood strain", "high blood pressure") == (
        '"high" and "pressure" were replaced by the thesaurus substitutes "excessive" and "strain", '
        "which are not used in this sense")
    assert messages.describe_swap("liver organ failure", "liver failure") == (
        'the spinner padded the fixed term with "organ"')
    assert messages.describe_swap("Congestive heart disappointment", "heart failure") == (
        '"failure" was replaced by the thesaurus substitute "disappointment", which is not used in this sense; '
        'the spinner padded the fixed term with "Congestive"')
    assert messages.describe_swap("mice back", "back mice") == 'the spinner reworded "back mice" as "mice back"'
    assert messages.describe_swap("blood test", "blood test") == 'the spinner rewrote "blood test"'
    # case is ignored when aligning, kept when quoting
    assert messages.describe_swap("Heart Assault", "heart attack").startswith('"attack" was replaced by')


def test_render_fills_placeholders_and_leaves_plain_messages_alone():
    t = '"{match}" is a spinner garble of "heart attack": {swap}.'
    assert messages.render(t, "heart strike", "heart attack") == (
        '"heart strike" is a spinner garble of "heart attack": "attack" was replaced by the thesaurus '
        'substitute "strike", which is not used in this sense.')
    assert messages.render("Plain text, no placeholder.", "x y", "a b") == "Plain text, no placeholder."
    assert messages.render("Literal {{braces}} around {match}.", "x y", "a b") == "Literal {braces} around x y."
    assert messages.fields(t) == {"match", "swap"}


PACK = """pack: mine
rules:
- id: mine/heart-attack
  patterns: [heart assault, heart strike]
  suggestions: [heart attack]
  message: '{message}'
"""


def _pack(message):
    return parse_pack("mine.yml", PACK.replace("{message}", message))


def test_packs_reject_unknown_or_malformed_placeholders():
    assert _pack('"{match}" is wrong: {swap}.')[0].message == '"{match}" is wrong: {swap}.'
    with pytest.raises(PackError, match=r"mine/heart-attack: message: unknown placeholder \{term\}"):
        _pack("Use {term}.")
    with pytest.raises(PackError, match="mine/heart-attack: message: malformed placeholder"):
        _pack("Unclosed {match")


def test_a_finding_of_a_later_pattern_quotes_that_pattern(engine):
    """The pack's breast-cancer rule lists "bosom peril" first: a finding of "bust cancer"
    says "bust cancer", and explain shows the message for the first pattern."""
    findings, _ = engine.check_text("a.txt", "She had bust cancer and then bosom peril.", fmt="text")
    got = {f.text: f.message for f in findings if f.rule == "health/breast-cancer"}
    assert got["bust cancer"] == ('"bust cancer" is a spinner garble of "breast cancer": "breast" was replaced by '
                                  'the thesaurus substitute "bust", which is not used in this sense.')
    assert got["bosom peril"].startswith('"bosom peril" is a spinner garble of "breast cancer": "breast cancer" was')
    rule = engine.rules.by_id()["health/breast-cancer"]
    assert messages.example(rule) == got["bosom peril"]


def test_explain_and_sarif_rule_descriptions_show_a_rendered_message(cli, tmp_path):
    import json

    code, out, _ = cli("explain", "health/breast-cancer")
    assert code == 0 and '"bosom peril" is a spinner garble' in out and "{" not in out
    p = tmp_path / "a.txt"
    p.write_text("She had bust cancer.\n", encoding="utf-8")
    code, out, _ = cli("check", "--isolated", "--format", "sarif", str(p))
    run = json.loads(out)["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "{" not in rules["health/breast-cancer"]["fullDescription"]["text"]
    assert run["results"][0]["message"]["text"].startswith('"bust cancer" is a spinner garble')
