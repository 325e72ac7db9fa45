"""Correct health English written by the project must raise nothing."""
from __future__ import annotations

import pytest
from conftest import CORPUS

CLEAN = sorted((CORPUS / "clean").glob("*.*"))


def test_clean_corpus_is_large_enough():
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in CLEAN)
    assert len(CLEAN) >= 10 and words >= 3000


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_no_curated_finding_on_clean_text(engine, path):
    findings, _ = engine.check_text(str(path), path.read_text(encoding="utf-8"))
    curated = [(f.rule, f.text) for f in findings if f.source == "curated"]
    assert curated == []


def test_generic_layers_stay_below_half_a_finding_per_1000_words(engine):
    words, found = 0, []
    for path in CLEAN:
        findings, n = engine.check_text(str(path), path.read_text(encoding="utf-8"))
        words += n
        found += [(path.name, f.rule, f.text) for f in findings if f.source in ("lexicon", "consistency")]
    assert 1000 * len(found) / words <= 0.5, found
