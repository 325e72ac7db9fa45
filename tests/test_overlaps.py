"""Overlap resolution (``linter.findings.non_overlapping``) and the detector's term-in-document
test (``DocLemmas``): the fast forms give exactly what the plain ones gave, and stay linear on
documents with thousands of findings."""
from __future__ import annotations

import random

from linter.checks.lexicon import DocLemmas
from linter.findings import Finding, non_overlapping


def _plain(ordered):
    kept = []
    for f in ordered:
        if all(f.end <= k.offset or f.offset >= k.end for k in kept):
            kept.append(f)
    return kept


def _finding(offset, length, confidence):
    return Finding(rule="r", offset=offset, length=length, text="x" * length, message="m",
                   suggestions=("s",), confidence=confidence)


def test_non_overlapping_matches_the_pairwise_test():
    rng = random.Random(7)
    for trial in range(300):
        n = rng.randint(0, 60)
        spans = [_finding(rng.randint(0, 80), rng.choice((0, 1, 2, 3, 5, 8, 13)), rng.random()) for _ in range(n)]
        ordered = sorted(spans, key=lambda f: (-f.confidence, f.offset))
        assert non_overlapping(ordered) == _plain(ordered), trial


def test_touching_spans_are_both_kept_and_an_empty_span_inside_one_is_not():
    a, b, inside, edge = _finding(0, 5, 0.9), _finding(5, 5, 0.8), _finding(2, 0, 0.7), _finding(5, 0, 0.6)
    assert non_overlapping([a, b, inside, edge]) == [a, b, edge]


def test_doc_lemmas_long_text_answers_as_the_string_search():
    rng = random.Random(3)
    vocab = ["back", "mouse", "pain", "lower", "-", "'s", "|", "blood", "pressure", "high"]
    sentences = [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 12))) for _ in range(4000)]
    text = " " + " | ".join(sentences) + " "
    assert len(text) > DocLemmas.SHORT
    doc = DocLemmas(text)
    for _ in range(3000):
        term = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 9)))
        assert (term in doc) == (f" {term} " in text), term


def test_forest_scores_a_long_batch_in_chunks_as_one_by_one():
    """The boosted-tree scorer takes rows in chunks (its arrays grow with rows x trees): a
    batch longer than a chunk scores each row exactly as alone."""
    from linter.checks import lexicon as detector

    stage2 = detector.model()["stage2"]
    assert "trees" in stage2  # the shipped model is boosted trees
    forest = detector.forest(stage2["trees"], stage2["baseline"])
    rng = random.Random(11)
    rows = [tuple(rng.random() for _ in detector.FEATURES) for _ in range(forest.CHUNK * 2 + 5)]
    assert forest(rows) == [forest([r])[0] for r in rows]
