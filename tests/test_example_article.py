"""The core acceptance test: every garble annotated in the real spun article is
flagged by the curated pack with the right first suggestion."""
from __future__ import annotations

from conftest import EXAMPLE, EXAMPLE_GOLD

from linter import gold


def _gold():
    plain, spans = gold.parse(EXAMPLE_GOLD.read_text(encoding="utf-8"), str(EXAMPLE_GOLD))
    return plain, spans


def test_gold_matches_the_article_byte_for_byte():
    plain, spans = _gold()
    assert plain == EXAMPLE.read_text(encoding="utf-8")
    assert len(spans) >= 25


def test_every_garble_flagged_with_the_right_first_suggestion(engine):
    plain, spans = _gold()
    findings, _ = engine.check_text(str(EXAMPLE), plain)
    curated = [f for f in findings if f.source == "curated"]
    missed, wrong = [], []
    for g in spans:
        hits = [f for f in curated if f.offset < g.end and g.start < f.end]
        if not hits:
            missed.append(g.text)
        elif not any(h.suggestions and h.suggestions[0].lower() in [c.lower() for c in g.corrections] for h in hits):
            wrong.append((g.text, hits[0].suggestions[:1], g.corrections))
    assert not missed, f"not flagged: {missed}"
    assert not wrong, f"wrong first suggestion: {wrong}"


def test_no_curated_finding_outside_the_annotated_garbles(engine):
    plain, spans = _gold()
    findings, _ = engine.check_text(str(EXAMPLE), plain)
    extra = [f.text for f in findings if f.source == "curated"
             and not any(f.offset < g.end and g.start < f.end for g in spans)]
    assert not extra, f"flagged outside the annotation: {extra}"
