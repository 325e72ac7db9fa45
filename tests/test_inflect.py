"""Re-inflecting suggestions (linter.inflect) stays on the precomputed tables."""
from __future__ import annotations


def test_unknown_head_word_does_not_load_lemminflect():
    """A suggestion for a phrase whose head word lemminflect does not know ("torment
    relievers") is adapted from the precomputed tables alone (loading lemminflect's
    inflection model costs ~0.8 s of a cold run)."""
    import subprocess
    import sys

    code = ("import sys; from linter.inflect import adapt; "
            "print(adapt('painkiller', 'torment relievers')); print('lemminflect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[-1] == "False"


def test_plural_of_a_letter_does_not_load_lemminflect():
    """A term ending in a letter ("hepatitis C") adapted to a plural-looking phrase keeps
    the letter as it is, without loading lemminflect; plurals lemminflect's dictionary
    lacks come from the precomputed tables ("blocker" -> "blockers")."""
    import subprocess
    import sys

    code = ("import sys; from linter.nlp import pluralise, lemma_of; "
            "print(pluralise('C'), pluralise('blocker'), lemma_of('inhibitors')); print('lemminflect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["C", "blockers", "inhibitor", "False"]


def test_head_words_outside_the_dictionary_do_not_load_lemminflect():
    """Head words lemminflect has no plural entry for ("reflux", "pumping", "twitching")
    get the answer its rules would give from the precomputed table, case kept, so a run
    that suggests "acid reflux" never loads lemminflect (~30 MB, 0.8 s) mid-run."""
    import subprocess
    import sys

    code = ("import sys; from linter.nlp import pluralise; "
            "print(pluralise('reflux'), pluralise('Pumping'), pluralise('twitching'), pluralise('mice')); "
            "print('lemminflect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["refluxes", "Pumpings", "twitchings", "mice", "False"]


def test_adapt_reads_an_html_no_break_space_as_a_word_gap(engine):
    from linter.inflect import adapt
    assert adapt("back mouse", "spine&nbsp;mice") == "back mice"
    assert adapt("back mouse", "Spine&#160;mice") == "Back mice"
    findings, _ = engine.check_text("a.md", "Spine&nbsp;mice hurt.\n")
    assert [(f.text, f.suggestions[0]) for f in findings] == [("Spine&nbsp;mice", "Back mice")]


def test_a_plural_term_is_not_pluralised_again():
    """A term already plural keeps its form when the garble it replaces is plural too:
    "splints" (which lemminflect knows only as a verb) and "sequestrants" (not in its
    dictionary) were given a second plural ending ("shin splintses")."""
    from linter.inflect import adapt
    from linter.nlp import pluralise

    assert adapt("shin splints", "shin slats") == "shin splints"
    assert adapt("bile acid sequestrants", "bile acid isolators") == "bile acid sequestrants"
    assert [pluralise(w) for w in ("splint", "sequestrant", "lens", "virus", "glasses", "news")] == \
        ["splints", "sequestrants", "lenses", "viruses", "glasses", "news"]
