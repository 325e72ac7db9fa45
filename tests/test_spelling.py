"""Suggestions follow the document's spelling (British or American)."""
from __future__ import annotations

from linter.spelling import localise, variety


def test_variety_counts_british_and_american_words():
    assert variety("the tumour was found by haemoglobin tests".split()) == "british"
    assert variety("the tumor was found by hemoglobin tests".split()) == "american"
    assert variety("the lump was found by blood tests".split()) is None
    assert variety("the tumour and the tumor".split()) is None


def test_localise_regular_patterns_only():
    assert localise("iron deficiency anemia", "british") == "iron deficiency anaemia"
    assert localise("Labor pains", "british") == "Labour pains"
    assert localise("dietary fiber", "british") == "dietary fibre"
    assert localise("LABOR WARD", "british") == "LABOUR WARD"
    assert localise("Valsalva maneuver", "british") == "Valsalva manoeuvre"  # two patterns in one word
    assert localise("vagal manoeuvres", "american") == "vagal maneuvers"
    # senses differ in British English, or -ize (Oxford spelling) is right there too
    assert localise("general practice", "british") == "general practice"
    assert localise("blood glucose meter", "british") == "blood glucose meter"
    assert localise("randomized controlled trial", "british") == "randomized controlled trial"
    # names keep their own spelling; American documents are left alone
    assert localise("World Health Organization", "british") == "World Health Organization"
    assert localise("Centers for Disease Control", "british") == "Centers for Disease Control"
    assert localise("iron deficiency anemia", "american") == "iron deficiency anemia"
    assert localise("iron deficiency anaemia", "american") == "iron deficiency anemia"
    assert localise("Labour pains", "american") == "Labor pains"
    assert localise("general practise", "american") == "general practise"
    assert localise("iron deficiency anemia", None) == "iron deficiency anemia"


def test_lexicon_suggestion_in_a_british_document(engine):
    text = ("Anaemia in pregnancy is common. Your midwife will check your haemoglobin, and "
            "iron tablets treat iron inadequacy anaemia in most women before labour starts.")
    findings, _ = engine.check_text("a.txt", text)
    hit = [f for f in findings if f.text == "iron inadequacy anaemia"]
    assert hit and hit[0].suggestions[0] == "iron deficiency anaemia"
    american = text.replace("Anaemia", "Anemia").replace("haemoglobin", "hemoglobin").replace(
        "anaemia", "anemia").replace("labour", "labor")
    findings, _ = engine.check_text("a.txt", american)
    hit = [f for f in findings if f.text == "iron inadequacy anemia"]
    assert hit and hit[0].suggestions[0] == "iron deficiency anemia"

