"""The generic layers (curated pack switched off): undocumented garbles are found
through thesaurus swaps and the swaps learned from the pack; established medical
phrases stay quiet."""
from __future__ import annotations

import pytest

from linter.engine import Engine
from linter.nlp import normalise
from linter.packs import load_rules

# Cousins of documented garbles: none of these phrases is a pattern of any rule.
COUSINS = [
    ("skin peril", "skin cancer"), ("ovarian peril", "ovarian cancer"), ("bladder peril", "bladder cancer"),
    ("thyroid peril", "thyroid cancer"), ("pancreatic peril", "pancreatic cancer"),
    ("respiratory disappointment", "respiratory failure"), ("organ disappointment", "organ failure"),
    ("fructose bigotry", "fructose intolerance"), ("adverse results", "adverse effects"),
    ("rear ache", "back pain"), ("spine ache", "back pain"), ("managed trial", "controlled trial"),
]
ESTABLISHED = ["back pain", "spine surgery", "heart disease", "blood pressure", "lower back", "malignant tumor",
               "heart attack", "kidney failure", "breast cancer", "side effects", "immune system", "renal failure",
               "cardiac arrest", "nerve pain", "blood test", "low back pain", "pressure ulcer"]


@pytest.fixture(scope="module")
def generic():
    return Engine(layers=("lexicon", "consistency"))


def test_cousins_are_not_documented():
    patterns = {normalise(p) for r in load_rules().rules for p in r.patterns}
    assert not [g for g, _ in COUSINS if normalise(g) in patterns]


@pytest.mark.parametrize("garbled,term", COUSINS)
def test_undocumented_cousin_found_with_the_term(generic, garbled, term):
    text = f"Doctors discussed the {garbled} with the patient."
    findings, _ = generic.check_text("t.txt", text, fmt="text")
    assert [(f.text, f.suggestions[0], f.source) for f in findings] == [(garbled, term, "lexicon")]
    assert 0.0 < findings[0].confidence < 1.0


@pytest.mark.parametrize("phrase", ESTABLISHED)
def test_established_phrase_is_quiet(generic, phrase):
    text = f"Doctors discussed the {phrase} with the patient. The {phrase} was explained again."
    findings, _ = generic.check_text("t.txt", text, fmt="text")
    assert findings == []


def test_consistency_groups_variants_and_suggests_the_established_form():
    engine = Engine(layers=("consistency",))
    text = ("Back mice are fatty lumps. Many people have back mice. Spine mice hurt when you sit. "
            "A rear mouse can be removed. The mice that are back may return.")
    findings, _ = engine.check_text("t.txt", text, fmt="text")
    got = {(f.text, f.suggestions[0]) for f in findings}
    assert {("Spine mice", "Back mice"), ("rear mouse", "back mouse"), ("mice that are back", "back mice")} <= got
    assert all(f.source == "consistency" and f.text.lower() != "back mice" for f in findings)
