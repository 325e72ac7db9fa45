"""The generic layers (curated pack switched off): undocumented garbles are found
through thesaurus swaps and the swaps learned from the pack; established medical
phrases stay quiet."""
from __future__ import annotations

import functools

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


@functools.lru_cache(maxsize=1)
def documented() -> frozenset[str]:
    """Every garbled pattern of the bundled pack, normalised."""
    return frozenset(normalise(p) for r in load_rules().rules for p in r.patterns)


@pytest.fixture(scope="module")
def generic():
    return Engine(layers=("lexicon", "consistency"))


def test_cousins_are_not_documented():
    patterns = documented()
    assert not [g for g, _ in COUSINS if normalise(g) in patterns]


SPUN_CONTEXT = ("Many adults get {garbled} at some point. Her reduced back hurt after the fall, and the spine mice "
                "above her hip were sore. The physician checked her blood strain and ordered a chest X-ray.")


@pytest.mark.parametrize("garbled,term", COUSINS)
def test_undocumented_cousin_found_with_the_term_in_spun_text(generic, garbled, term):
    text = SPUN_CONTEXT.format(garbled=garbled)
    findings, _ = generic.check_text("t.txt", text, fmt="text")
    start = text.index(garbled)
    got = [(f.text, f.suggestions[0], f.source) for f in findings if f.offset == start]
    assert got == [(garbled, term, "lexicon")]
    assert 0.0 < next(f for f in findings if f.offset == start).confidence < 1.0


# Stop words are never the swapped word of a phrase, except those the pack's garbles show
# spinners put in for a content word ("low again pain", "several sclerosis").
STOP_WORD_COUSINS = [("upper again pain", "upper back pain"), ("several myeloma", "multiple myeloma")]


@pytest.mark.parametrize("garbled,term", STOP_WORD_COUSINS)
def test_a_stop_word_the_pack_shows_swapped_in_may_be_the_swap(generic, garbled, term):
    assert normalise(garbled) not in documented()
    text = SPUN_CONTEXT.format(garbled=garbled)
    findings, _ = generic.check_text("t.txt", text, fmt="text")
    start = text.index(garbled)
    assert [(f.text, f.suggestions[0]) for f in findings if f.offset == start] == [(garbled, term)]


def test_ordinary_stop_words_stay_quiet(generic):
    text = ("If the pain comes again after a few weeks, see your doctor again. Several tests and several "
            "scans may be needed, and the results are often back within a week.")
    assert generic.check_text("t.txt", text, fmt="text")[0] == []


# Eponyms and letter-digit names are searched too: possessives and "CD4", "HbA1c" do not
# break a phrase.
EPONYM_COUSINS = [("Addison's sickness", "Addison's disease"), ("Bell's paralysis", "Bell's palsy"),
                  ("Huntington's ailment", "Huntington's disease"), ("HbA1c examination", "HbA1c test"),
                  ("CD4 tally", "CD4 count")]


@pytest.mark.parametrize("garbled,term", EPONYM_COUSINS)
def test_possessive_and_letter_digit_terms_are_searched(generic, garbled, term):
    """Each is a candidate of the search (whether it is reported is the model's call)."""
    from linter.checks import lexicon as detector
    from linter.formats import read_document

    assert normalise(garbled) not in documented()
    text = SPUN_CONTEXT.format(garbled=garbled)
    parsed = generic.parse(read_document("t.txt", text, "text"))
    assert (garbled, normalise(term)) in {(c.text, c.term) for c in detector.candidates(parsed, generic.ctx)}


def test_undocumented_cousins_mostly_found_alone():
    """In one otherwise correct sentence the detector has only the phrase's own evidence
    (no other suspicious phrase raises ``doc_spin``): only what stage 1 alone is sure of is
    reported, still 5 of the 12 cousins or more.  (The model trained with learned swaps left
    out per batch, 2026-12-02, reported 6 of 12 at its lone-garble threshold of 0.75, which
    training sets as low as the development split's precision and clean-text limits allow
    at a cost of at most 1.5 points of recall; "skin peril" and "rear ache" scored 0.74.  The
    model retrained with v22 in development, 2026-12-07, reports 5 at its threshold of 0.70,
    the one before it 8: "bladder peril", "managed trial" and "organ disappointment" fell from
    0.73-0.76 to 0.64-0.69.)"""
    generic = Engine(layers=("lexicon", "consistency"))
    found = []
    for garbled, term in COUSINS:
        findings, _ = generic.check_text("t.txt", f"Doctors discussed the {garbled} with the patient.", fmt="text")
        assert [f for f in findings if f.text != garbled] == []
        found += [garbled for f in findings if (f.text, f.suggestions[0]) == (garbled, term)]
    assert len(found) >= 5, found


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


def test_pruned_search_keeps_everything_the_gate_keeps():
    """The search skips swaps whose score bound (``Bound``) cannot reach the gate's threshold:
    on development documents it must return exactly the gated candidates of a full search."""
    from conftest import CORPUS

    from linter import gold
    from linter.checks import lexicon as detector
    from linter.formats import format_for, read_document

    engine = Engine(layers=("lexicon",))
    gate = detector.model()["gate"]
    files = sorted((CORPUS / "dev").glob("*.gold.*"))[::4] + sorted((CORPUS / "clean").glob("*.*"))[::4]
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        plain = gold.parse(text, str(path))[0] if ".gold." in path.name else text
        parsed = engine.parse(read_document(str(path), plain, format_for(path.name.replace(".gold.", "."))))

        def kept(prune):
            return sorted((c.block_offset + c.start, c.block_offset + c.end, c.term, c.features)
                          for c in detector.candidates(parsed, engine.ctx, prune=prune)
                          if detector.probability(c.features, gate["weights"]) >= gate["threshold"])

        full = kept(False)
        assert kept(True) == full, path.name
        total += len(full)
    assert total > 50


def test_batched_ensembles_equal_the_tree_walk():
    """The detector scores a document's candidates in one batch (``Forest``, numpy):
    bit-identical to walking the exported trees one vector at a time, on random feature
    vectors of both stages and on vectors whose values sit exactly on the trees' thresholds
    (where <= must go left), and on an uneven toy ensemble whose leaves sit at different
    depths."""
    import random

    from linter.checks import lexicon as detector

    model = detector.model()
    rng = random.Random(0)

    def thresholds(node, out):
        if node.__class__ is list:
            out.append((node[0], node[1]))
            thresholds(node[2], out)
            thresholds(node[3], out)
        return out

    for stage, n in (("stage1", len(detector.OWN_FEATURES)), ("stage2", len(detector.FEATURES))):
        scorer = model[stage]
        assert "trees" in scorer
        cuts = [c for t in scorer["trees"] for c in thresholds(t, [])]
        rows = [tuple(rng.uniform(-1.5, 1.5) for _ in range(n)) for _ in range(1500)]
        for _ in range(500):
            x = [rng.uniform(-1.5, 1.5) for _ in range(n)]
            for f, cut in rng.sample(cuts, 5):
                x[f] = cut
            rows.append(tuple(x))
        got = detector.forest(scorer["trees"], scorer["baseline"])(rows)
        assert got == [detector.ensemble_score(scorer["trees"], scorer["baseline"], x) for x in rows]
    toy = [0.5, [0, 0.0, -1.0, [1, 2.0, 0.25, [0, 1.0, 3.0, -3.0]]], [1, -1.0, 0.125, 7.0]]
    rows = [(a, b) for a in (-1.0, 0.0, 0.5, 1.0, 2.0) for b in (-2.0, -1.0, 0.0, 2.0, 3.0)]
    assert detector.Forest(toy, 0.1)(rows) == [detector.ensemble_score(toy, 0.1, x) for x in rows]
    assert detector.Forest(toy, 0.1)([]) == []


def test_a_longer_finding_of_the_same_garble_wins():
    """Overlapping swap findings: the one whose span and term extend the other's is kept,
    even when less confident ("visible discipline test" -> visual field test); unrelated
    overlaps still go to the most confident."""
    from linter.checks.lexicon import _resolve
    from linter.findings import Finding

    def f(offset, text, suggestion, confidence):
        return Finding(rule="lexicon/swapped-term", offset=offset, length=len(text), text=text, message="m",
                       suggestions=(suggestion,), confidence=confidence, source="lexicon")

    short = f(10, "visible discipline", "visual field", 0.9)
    long = f(10, "visible discipline test", "visual field test", 0.5)
    assert _resolve([short, long]) == [long]
    other = f(18, "discipline test", "field trial", 0.4)
    assert _resolve([short, other]) == [short]


def test_a_list_item_ends_a_phrase_but_a_wrapped_line_does_not(generic):
    listed = ("Common symptoms include:\npain and stiffness in the lower back and buttocks in the morning\n"
              "pain in the knees or ribs\npain and swelling at the heel")
    assert [f.text for f in generic.check_text("t.txt", listed, fmt="text")[0] if "\n" in f.text] == []
    wrapped = ("Many adults get spine ache at some point. Her reduced back hurt after the fall, and the heart\n"
               "assault she had last year was treated at once. The physician checked her blood strain.")
    found = [(f.text, f.suggestions[0]) for f in generic.check_text("t.txt", wrapped, fmt="text")[0]]
    assert ("heart\nassault", "heart attack") in found


def test_an_unmarked_list_item_starting_with_a_capital_ends_a_phrase(generic):
    """Items of a list without bullets, as long as the lines of a wrapped paragraph: the
    capital that starts the next item ends the phrase ("body" / "Pain ..." is no candidate)."""
    from linter.checks import lexicon as detector
    from linter.formats import read_document

    listed = ("Symptoms include:\nAching and stiffness in the shoulders, neck and arms, usually on both sides of the body\n"
              "Pain in the hips, buttocks and thighs, and stiffness that lasts for more than 45 minutes\n"
              "Difficulty getting out of bed, dressing or lifting your arms above your head")
    parsed = generic.parse(read_document("t.txt", listed, "text"))
    texts = {c.text for c in detector.candidates(parsed, generic.ctx)}
    assert texts and not [t for t in texts if "\n" in t]


def test_an_unmarked_list_of_long_lowercase_items_ends_a_phrase_at_each_line(generic):
    """Long items of a list without bullets, each starting in lower case: the lines are not a
    wrapped paragraph's (the next item's first word would often have fitted on the line), so no
    phrase runs across a line break ("... on a pillow hurts" / "pain in the jaw ...")."""
    from linter.checks import lexicon as detector
    from linter.formats import read_document

    listed = ("Other symptoms can include:\n"
              "tenderness of the scalp, so that brushing your hair or resting your head on a pillow hurts\n"
              "pain in the jaw or tongue when chewing, which eases when you stop\n"
              "double vision or blurred vision\n"
              "a high temperature and weight loss")
    assert detector.unwrapped(listed)
    parsed = generic.parse(read_document("t.txt", listed, "text"))
    texts = {c.text for c in detector.candidates(parsed, generic.ctx)}
    assert texts and not [t for t in texts if "\n" in t]


def test_a_wrapped_paragraph_is_not_taken_for_a_list():
    """Greedy wrapping at any width, and a hand-wrapped paragraph whose lines differ by a few
    characters, keep their line breaks inside phrases."""
    import textwrap

    from linter.checks.lexicon import unwrapped

    paragraph = ("Pleural effusion is a build-up of fluid between the layers of tissue that line the lungs "
                 "and the chest wall. It can be caused by heart failure, pneumonia, cancer or a blood clot "
                 "in the lungs, and it often makes people short of breath when they walk or lie flat. "
                 "A chest X-ray or an ultrasound scan shows the fluid, and a sample taken with a needle "
                 "tells doctors what caused it.")
    for width in (50, 60, 72, 80, 100):
        assert not unwrapped(textwrap.fill(paragraph, width)), width
    hand = ("Pleural effusion is a build-up of fluid between the layers of tissue\n"
            "that line the lungs and the chest wall. It can be caused by heart\n"
            "failure, pneumonia, cancer or a blood clot in the lungs, and it\n"
            "often makes people short of breath when they walk or lie flat.")
    assert not unwrapped(hand)


def test_fragments_one_per_line_are_a_list_even_when_the_lines_are_long():
    """Lines without a sentence ending inside any of them, where a break leaves room for the
    next line's first word, are items ("... attached to the breast" / "feeds are very long"),
    however long they are; one long sentence wrapped at any width is still a paragraph."""
    import textwrap

    from linter.checks.lexicon import unwrapped

    items = ("your baby struggles to stay attached to the breast\n"
             "feeds are very long, or your baby seems hungry all the time\n"
             "your baby makes a clicking sound while feeding")
    assert unwrapped(items)
    sentence = ("Raising your legs above the level of your heart when resting, walking regularly to "
                "keep the calf muscles working and avoiding standing still for long periods all help "
                "the blood in the leg veins flow back towards the heart.")
    for width in (40, 50, 60, 72, 80):
        assert not unwrapped(textwrap.fill(sentence, width)), width


def test_inner_plural_marks_a_plural_noun_before_the_last_word(generic):
    """``inner_plural`` is 1 for a phrase whose non-final word is a plural noun ("muscles
    weaker": a subject and its complement) and 0 when only the last word is plural."""
    from linter.checks import lexicon as detector
    from linter.formats import read_document

    k = detector.OWN_FEATURES.index("inner_plural")
    text = "After the illness her muscles weaker than before made walking hard, and joint pangs kept her awake."
    parsed = generic.parse(read_document("t.txt", text, "text"))
    feats = {(c.text, c.term): c.features[k] for c in detector.candidates(parsed, generic.ctx)}
    assert feats[("muscles weaker", "muscle strength")] == 1.0  # ("muscle weakness": a derived form, not searched)
    assert {v for (t, _), v in feats.items() if t == "joint pangs"} == {0.0}  # ("joint aches" is a term now)


def test_verb_end_marks_a_phrase_ending_in_a_verb_form(generic):
    """``verb_end`` is 1 for a phrase whose last word is a verb form that is not also a
    plural noun ("spleen removed": a noun and its participle) and 0 for a plural noun."""
    from linter.checks import lexicon as detector
    from linter.formats import read_document

    assert detector._verb_form("removed") and detector._verb_form("contaminated")
    assert not any(detector._verb_form(w) for w in ("mice", "sufferers", "analysis", "stress", "its"))
    k = detector.OWN_FEATURES.index("verb_end")
    text = "If you have had your spleen removed, you need extra vaccines. Heart assaults are rarer in women."
    parsed = generic.parse(read_document("t.txt", text, "text"))
    feats = {(c.text, c.term): c.features[k] for c in detector.candidates(parsed, generic.ctx)}
    assert {v for (t, _), v in feats.items() if t == "spleen removed"} == {1.0}
    assert {v for (t, _), v in feats.items() if t == "Heart assaults"} == {0.0}


@pytest.mark.parametrize("text, phrase, clause", [
    ("If the testicle twists, it needs surgery at once.", "testicle twists", True),  # conjunction + determiner
    ("The infection reaches the bone within weeks.", "infection reaches", True),  # an object follows
    ("When a muscle relaxes, the testicle drops back.", "muscle relaxes", True),  # singular-only determiner
    ("You will need regular blood checks.", "blood checks", False),  # a plural noun ends the phrase
    ("Heart assaults are rarer in women.", "Heart assaults", False),
    ("The mice that are back were weighed.", "mice that", False),  # not an -s verb form
])
def test_clause_end_reads_a_plural_noun_or_verb_by_its_neighbours(text, phrase, clause):
    """A last word that is both a plural noun and a verb's -s form ends a clause, not a
    term, when the next word starts an object or a particle, or when a singular-only
    determiner or a conjunction and a determiner come just before (``verb_end``)."""
    from linter.checks import lexicon as detector

    start = text.index(phrase)
    assert detector._clause_end(text, start, start + len(phrase), phrase.split()[-1]) is clause


def test_verb_end_marks_a_clause_whose_verb_is_also_a_plural_noun(generic):
    from linter.checks import lexicon as detector
    from linter.formats import read_document

    k = detector.OWN_FEATURES.index("verb_end")
    text = "If the stomach pushes, it hurts. The partner notices the snoring. Stomach pushes are common."
    parsed = generic.parse(read_document("t.txt", text, "text"))
    feats = {}
    for c in detector.candidates(parsed, generic.ctx):
        feats.setdefault(c.text, set()).add(c.features[k])
    assert feats["stomach pushes"] == {1.0} and feats["partner notices"] == {1.0}
    assert feats["Stomach pushes"] == {0.0}  # a subject: a plural noun phrase


def test_a_term_turned_around_in_correct_text_is_not_a_variant(generic):
    text = ("Women who are pregnant are offered a flu vaccine, and pregnant women with diabetes have extra "
            "scans. Skin that is pale or mottled can be a sign of sepsis.")
    assert [f for f in generic.check_text("t.txt", text, fmt="text")[0] if f.source == "consistency"] == []


def test_doc_spin_counts_the_other_suspicious_phrases(generic):
    """Stage 2's ``doc_spin``: the other phrases of the document (not the candidate's own
    span) whose stage-1 probability reaches the model's cut, per 100 words (damped), capped
    at SPIN_SCALE and scaled to [0, 1]; ``doc_strong`` the same from the model's strong cut."""
    from linter.checks import lexicon as detector
    from linter.formats import read_document

    text = SPUN_CONTEXT.format(garbled="kidney disappointment") + " Her bosom peril was found early by a mammogram."
    parsed = generic.parse(read_document("t.txt", text, "text"))
    rows = detector.scored(parsed, generic.ctx)
    assert rows
    cut, strong_cut = detector.model()["stage1"]["cut"], detector.model()["stage1"]["strong_cut"]
    assert cut < strong_cut < 1
    per = 100.0 / (parsed.words + 50)
    spans = [(c.block_offset + c.start, c.block_offset + c.end) for c, _, _ in rows]
    for (c, feats, p1), span in zip(rows, spans):
        assert feats[:-2] == c.features and len(feats) == len(detector.FEATURES)
        others = {s for s, (_, _, p) in zip(spans, rows) if p >= cut and s != span}
        strong = {s for s, (_, _, p) in zip(spans, rows) if p >= strong_cut and s != span}
        assert feats[-2] == min(detector.SPIN_SCALE, len(others) * per) / detector.SPIN_SCALE
        assert feats[-1] == min(detector.SPIN_SCALE, len(strong) * per) / detector.SPIN_SCALE
    assert any(f[-2] > 0 for _, f, _ in rows) and any(f[-1] > 0 for _, f, _ in rows)
    assert any(f[-1] < f[-2] for _, f, _ in rows)  # fewer strong phrases than suspicious ones


def test_a_lexicon_message_names_the_term_as_the_suggestion_has_it(engine):
    """The message and the suggestion agree on the term's number ("fatty swelling" -> "fatty
    lump", not a message about "fatty lumps"); the message keeps the term's own case."""
    text = ("Back mice are fatty nodules. A fatty swelling over the reduced back may be one. "
            "Several fatty swellings over the reduced back were painful. "
            "The physician checked her blood strain and her heart assault risk.")  # (a spun document)
    findings, _ = engine.check_text("a.txt", text, fmt="text", settings=None)
    lexicon = [f for f in findings if f.source == "lexicon"]
    assert lexicon
    for f in lexicon:
        assert f'the term "{f.suggestions[0].lower()}"' in f.message.lower(), (f.message, f.suggestions)
        assert f.message.startswith(f'"{f.text}" looks like a thesaurus swap of the term "')


@pytest.mark.parametrize("word,original,expected", [
    ("vulval", "vulvar", True), ("gonadotrophin", "gonadotropin", True), ("uraemic", "uremic", True),
    ("salty", "salt", True), ("speed", "speedy", True), ("sightedness", "sighted", True),
    ("bloodstream", "blood", False), ("cellular", "cell", False), ("optical", "optic", False),
    ("acidic", "acid", False), ("peril", "cancer", False), ("lump", "clump", False)])
def test_variant_of_tells_spellings_and_derived_forms_from_swaps(word, original, expected):
    from linter.checks.lexicon import variant_of

    assert variant_of(word, original) is expected


VARIANTS = [("vulval intraepithelial neoplasia", "vulvar intraepithelial neoplasia"),
            ("salty water", "salt water")]


@pytest.mark.parametrize("phrase,term", VARIANTS)
def test_a_spelling_or_derived_form_of_a_term_is_not_a_swap(generic, monkeypatch, phrase, term):
    from linter.checks import lexicon as detector

    text = SPUN_CONTEXT.format(garbled=phrase)
    start = text.index(phrase)

    def at_phrase():
        found, _ = generic.check_text("t.txt", text, fmt="text")
        return [(f.text, f.suggestions[0]) for f in found if f.offset == start and f.source == "lexicon"]

    assert at_phrase() == []
    monkeypatch.setattr(detector, "_variant_swap", lambda words, term, positions: False)
    assert at_phrase() == [(phrase, term)]  # what the filter silences
