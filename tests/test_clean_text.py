"""Correct health English written by the project must raise nothing."""
from __future__ import annotations

import pytest
from conftest import CORPUS

CLEAN = sorted((CORPUS / "clean").glob("*.*"))


def test_clean_corpus_is_large_enough():
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in CLEAN)
    assert len(CLEAN) >= 10 and words >= 3000


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_no_finding_on_clean_text(engine, path):
    findings, _ = engine.check_text(str(path), path.read_text(encoding="utf-8"))
    assert findings == [], [(f.rule, f.text) for f in findings]
