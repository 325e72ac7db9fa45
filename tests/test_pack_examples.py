"""Every rule's own examples: each `flag` sentence must produce a finding of that
rule, each `pass` sentence none of it.  A new rule is tested by adding data."""
from __future__ import annotations

import pytest

from linter.packs import load_rules

RULES = load_rules().rules
FLAG = [(r.id, s) for r in RULES for s in r.flag_examples]
PASS = [(r.id, s) for r in RULES for s in r.pass_examples]
BY_ID = {r.id: r for r in RULES}


def test_pack_is_large_and_every_rule_has_examples():
    assert len(RULES) >= 300
    for r in RULES:
        assert r.flag_examples, f"{r.id} has no 'flag' example"
        assert r.pass_examples, f"{r.id} has no 'pass' example"


def _rules_found(engine, sentence):
    findings, _ = engine.check_text("example.txt", sentence, fmt="text")
    return findings


@pytest.mark.parametrize("rule_id,sentence", FLAG, ids=[f"{r}:{i}" for i, (r, _) in enumerate(FLAG)])
def test_flag_example(engine, rule_id, sentence):
    found = [f for f in _rules_found(engine, sentence) if f.source == "curated"]
    assert rule_id in {f.rule for f in found}, f"{rule_id} did not flag: {sentence!r} (got {[f.rule for f in found]})"
    for f in found:  # a message naming the text found names this text, never another garbled form
        assert "{" not in f.message and "}" not in f.message, f.message
        if "{match}" in BY_ID[f.rule].message:
            assert f'"{f.text}"' in f.message, (f.text, f.message)


@pytest.mark.parametrize("rule_id,sentence", PASS, ids=[f"{r}:{i}" for i, (r, _) in enumerate(PASS)])
def test_pass_example(engine, rule_id, sentence):
    found = [f for f in _rules_found(engine, sentence) if f.source == "curated"]
    assert rule_id not in {f.rule for f in found}, f"{rule_id} flagged correct text: {sentence!r}"


def test_suggestion_case_follows_the_text_not_where_the_rule_was_found(engine):
    # rules written from a sentence-initial garble keep the term in lower case: the
    # suggestion is capitalised only where the garble itself starts a sentence
    sentence = "Children get frequent warts, and fluid paracetamol helps. Touch immunotherapy is rare."
    got = {f.text: f.suggestions[0] for f in _rules_found(engine, sentence) if f.source == "curated"}
    assert got == {"frequent warts": "common warts", "fluid paracetamol": "liquid paracetamol",
                   "Touch immunotherapy": "Contact immunotherapy"}
