"""lexicon/reordered-term: a fixed term turned into a relative clause ("the system that is
immune"), found without any rule naming it, and quiet on ordinary predicates."""
from __future__ import annotations

import pytest


def _found(engine, text):
    from dataclasses import replace

    settings = replace(engine.settings, select=("lexicon/reordered-term",))
    findings, _ = engine.check_text("a.txt", text, settings=settings)
    return [(f.text, f.suggestions[0]) for f in findings]


@pytest.mark.parametrize("text, span, suggestion", [
    ("The system that is immune fights infection.", "system that is immune", "immune system"),
    ("Blood cells that are white fight germs.", "Blood cells that are white", "White blood cells"),
    ("Effects that are side include nausea.", "Effects that are side", "Side effects"),
    ("Food passes into the intestine that is small.", "intestine that is small", "small intestine"),
    ("Damage to the system that is nervous causes tingling.", "system that is nervous", "nervous system"),
])
def test_a_term_turned_inside_out_is_found_with_the_term(engine, text, span, suggestion):
    assert _found(engine, text) == [(span, suggestion)]


@pytest.mark.parametrize("text", [
    "Pain that is sharp and sudden needs checking.",      # a state of the noun: ordinary English
    "Skin that is pale or blotchy can be a sign of sepsis.",
    "Some people pass stools that are hard to flush.",     # "hard to": a predicate
    "A system that is immune to the drug keeps working.",
    "Periods that are heavier than usual should be checked.",  # comparative: describes
    "A bone that is broken needs a cast.",
    "Back mice are lumps; spine surgery is rarely needed.",
])
def test_ordinary_predicates_are_not_reported(engine, text):
    assert _found(engine, text) == []
